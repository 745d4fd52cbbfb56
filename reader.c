/*
 * Bytes to lines.  A line may end in LF, CRLF or a lone CR, and may be
 * split anywhere across reads.  A line longer than LINE_HOLD is handed
 * over in pieces (LINE_MORE, LINE_CONT), each cut where a space starts
 * if there is one, so memory stays bounded whatever the input.
 */
#include <errno.h>
#include <iconv.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "document.h"
#include "reader.h"
#include "utf8.h"

#define READ_SIZE	(256 * 1024)
#ifndef LINE_HOLD		/* fuzz builds make it small, to reach the pieces */
#define LINE_HOLD	(256 * 1024)
#endif

volatile sig_atomic_t interrupted;

void
splitter_init(struct splitter *sp, const struct reader_config *cfg)
{
	memset(sp, 0, sizeof(*sp));
	sp->cfg = cfg;
}

void
splitter_free(struct splitter *sp)
{
	buf_free(&sp->line);
}

static void
ensure_doc(struct splitter *sp)
{
	if (!sp->in_doc) {
		sp->in_doc = 1;
		sp->cfg->doc_begin(sp->cfg->ctx);
	}
}

static void
emit_line(struct splitter *sp, const char *s, size_t len, unsigned flags)
{
	ensure_doc(sp);
	sp->cfg->line(sp->cfg->ctx, s, len, flags);
}

/*
 * Where to cut a held line: at the start of the last run of spaces in
 * its second half, else before the last ASCII byte, else at the last
 * character boundary.  ASCII never combines with what precedes it, so
 * normalization of either piece cannot depend on the other.
 */
static size_t
cut_point(const char *s, size_t len)
{
	size_t i, half = len / 2;

	for (i = len; i > half; i--)
		if (s[i - 1] == ' ' || s[i - 1] == '\t') {
			while (i > half + 1 && (s[i - 2] == ' ' || s[i - 2] == '\t'))
				i--;
			return i - 1;
		}
	for (i = len - 1; i > half; i--)
		if ((unsigned char)s[i] < 0x80)
			return i;
	for (i = len - 1; i > half; i--)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			return i;
	return len;
}

static void
hand_over_piece(struct splitter *sp)
{
	size_t cut = cut_point(sp->line.data, sp->line.len);

	emit_line(sp, sp->line.data, cut,
	    LINE_MORE | (sp->in_piece ? LINE_CONT : 0));
	sp->in_piece = 1;
	memmove(sp->line.data, sp->line.data + cut, sp->line.len - cut);
	sp->line.len -= cut;
}

static void
hold(struct splitter *sp, const char *s, size_t n)
{
	size_t room;

	while (n > 0) {
		if (sp->line.len >= LINE_HOLD)
			hand_over_piece(sp);
		room = LINE_HOLD - sp->line.len;
		if (room > n)
			room = n;
		buf_add(&sp->line, s, room);
		s += room;
		n -= room;
	}
}

static void
end_line(struct splitter *sp)
{
	emit_line(sp, sp->line.data ? sp->line.data : "", sp->line.len,
	    sp->in_piece ? LINE_CONT : 0);
	sp->line.len = 0;
	sp->in_piece = 0;
}

static void
end_doc(struct splitter *sp)
{
	if (sp->line.len > 0 || sp->in_piece)
		end_line(sp);
	ensure_doc(sp);
	sp->cfg->doc_end(sp->cfg->ctx);
	sp->in_doc = 0;
}

/*
 * Where lines and documents end in a buffer.  A CR or a NUL is rare, so
 * the next of each is found once and kept until it is passed, and each
 * line costs one memchr for its LF; an empty line, half of all lines,
 * none.
 */
struct breaks {
	const char	*end, *cr, *nul;
};

static const char *
next_of(const char *p, const char *end, int c)
{
	const char *q = memchr(p, c, (size_t)(end - p));

	return q != NULL ? q : end;
}

static void
breaks_init(struct breaks *b, const char *s, const char *end, int nul_docs)
{
	b->end = end;
	b->cr = next_of(s, end, '\r');
	b->nul = nul_docs ? next_of(s, end, '\0') : end;
}

/* The first line or document end at or after P, or NULL. */
static const char *
next_break(struct breaks *b, const char *p)
{
	const char *lim;

	if (b->cr < p)
		b->cr = next_of(p, b->end, '\r');
	if (b->nul < p)
		b->nul = next_of(p, b->end, '\0');
	lim = b->cr < b->nul ? b->cr : b->nul;
	if (p < lim && *p == '\n')
		return p;
	lim = next_of(p, lim, '\n');
	return lim == b->end ? NULL : lim;
}

/*
 * The bytes fed are the caller's again when this returns: the lines
 * handed over in place are released first.
 */
void
splitter_feed(struct splitter *sp, const char *s, size_t n)
{
	const char *end = s + n, *brk;
	unsigned stays = sp->cfg->release != NULL ? LINE_STAYS : 0;
	int handed = 0;
	struct breaks b;

	if (n > 0 && sp->pending_cr && *s == '\n')
		s++;
	sp->pending_cr = 0;
	breaks_init(&b, s, end, sp->cfg->nul_docs);
	while (s < end) {
		brk = next_break(&b, s);
		if (brk == NULL) {
			hold(sp, s, (size_t)(end - s));
			break;
		}
		if (sp->line.len == 0 && !sp->in_piece &&
		    (size_t)(brk - s) <= LINE_HOLD) {
			/* A whole line in the buffer: no need to hold it. */
			emit_line(sp, s, (size_t)(brk - s), stays);
			handed = 1;
		} else {
			hold(sp, s, (size_t)(brk - s));
			end_line(sp);
		}
		s = brk + 1;
		if (*brk == '\0')
			end_doc(sp);
		else if (*brk == '\r') {
			if (s == end)
				sp->pending_cr = 1;
			else if (*s == '\n')
				s++;
		}
	}
	if (handed && stays)
		sp->cfg->release(sp->cfg->ctx);
}

/*
 * The end of the input ends its last document; with -z a stream that
 * ends in NUL has no further document, and an empty one has none.
 */
void
splitter_finish(struct splitter *sp)
{
	if (sp->in_doc || sp->line.len > 0 || sp->in_piece)
		end_doc(sp);
	sp->pending_cr = 0;
}

struct transcoder {
	iconv_t		 cd;
	size_t		 unit;		/* bytes per code unit of the source */
	char		 in[READ_SIZE + 8];
	size_t		 inlen;
	char		 out[4 * READ_SIZE];
};

/* Past an undecodable unit, UTF-16 and UTF-32 must stay aligned. */
static size_t
code_unit(const char *enc)
{
	static const char *const wide[] = {
		"UTF-16", "UTF16", "UCS-2", "UCS2", "UNICODE", "UTF-32",
		"UTF32", "UCS-4", "UCS4", "WCHAR_T", NULL
	};
	int i;

	for (i = 0; wide[i] != NULL; i++)
		if (strncasecmp(enc, wide[i], strlen(wide[i])) == 0)
			return i < 5 ? 2 : 4;
	return 1;
}

static const char *
bom_encoding(const unsigned char *s, size_t n, size_t *skip)
{
	/*
	 * A UTF-8 mark settles the question the byte guess would ask: the
	 * text goes through iconv as UTF-8, so bad bytes become U+FFFD
	 * instead of making the document Windows-1252.
	 */
	if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
		*skip = 3;
		return "UTF-8";
	}
	if (n >= 2 && s[0] == 0xFF && s[1] == 0xFE) {
		*skip = 2;
		return "UTF-16LE";
	}
	if (n >= 2 && s[0] == 0xFE && s[1] == 0xFF) {
		*skip = 2;
		return "UTF-16BE";
	}
	*skip = 0;
	return NULL;
}

/* Convert and feed what T holds; FINAL: no more input will come. */
static void
transcode(struct transcoder *t, struct splitter *sp, int final)
{
	char *src = t->in, *dst;
	size_t left = t->inlen, room, skip;
	int wait = 0;

	while (left > 0 && !wait) {
		dst = t->out;
		room = sizeof(t->out);
		if (iconv(t->cd, &src, &left, &dst, &room) == (size_t)-1) {
			if (errno == EINVAL && !final && left < 8)
				wait = 1;	/* the rest comes with the next read */
			else if (errno != E2BIG) {
				/* Undecodable: one replacement, skip a unit. */
				skip = t->unit < left ? t->unit : left;
				memcpy(dst, "\xEF\xBF\xBD", 3);
				dst += 3;
				src += skip;
				left -= skip;
			}
		}
		splitter_feed(sp, t->out, (size_t)(dst - t->out));
	}
	memmove(t->in, src, left);
	t->inlen = left;
}

ssize_t
read_some(int fd, char *buf, size_t n)
{
	ssize_t r;

	do
		r = read(fd, buf, n);
	while (r < 0 && errno == EINTR && !interrupted);
	return r;
}

int
read_stream(int fd, const char *name, const struct reader_config *cfg)
{
	static struct transcoder t;
	static char buf[READ_SIZE];
	struct splitter sp;
	const char *enc = cfg->encoding;
	size_t skip = 0;
	ssize_t r = 0;
	int first = 1, status = 0;

	splitter_init(&sp, cfg);
	t.cd = (iconv_t)-1;
	t.inlen = 0;
	while (!interrupted && (r = read_some(fd, buf, sizeof(buf))) > 0) {
		if (first) {
			const char *bom = bom_encoding((unsigned char *)buf,
			    (size_t)r, &skip);

			if (enc == NULL)
				enc = bom;
			first = 0;
			if (enc != NULL &&
			    (t.cd = iconv_open("UTF-8", enc)) == (iconv_t)-1) {
				warnx("%s: cannot convert from %s", name, enc);
				return -1;
			}
			if (enc != NULL)
				t.unit = code_unit(enc);
		}
		if (t.cd == (iconv_t)-1) {
			splitter_feed(&sp, buf + skip, (size_t)r - skip);
		} else {
			memcpy(t.in + t.inlen, buf + skip, (size_t)r - skip);
			t.inlen += (size_t)r - skip;
			transcode(&t, &sp, 0);
		}
		skip = 0;
	}
	if (interrupted)
		r = 0;
	if (r < 0) {
		warn("%s", name);
		status = -1;
	}
	if (t.cd != (iconv_t)-1) {
		transcode(&t, &sp, 1);
		iconv_close(t.cd);
	}
	if (!interrupted)
		splitter_finish(&sp);
	splitter_free(&sp);
	return status;
}
