/*
 * WET input.  A WARC record is a version line, header lines, an empty
 * line, then exactly Content-Length bytes of body and two line ends.
 * The body is never held: it goes to the handler as it is read, so a
 * record of any size passes in bounded memory.  Common Crawl compresses
 * each record as its own gzip member; the members are inflated one
 * after the other, resetting the inflater between them.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <zlib.h>

#include "reader.h"
#include "wet.h"

#define READ_SIZE	(256 * 1024)
#define HEADER_LINE_MAX	(64 * 1024)

void
warc_init(struct warc *w, const struct wet_handler *h)
{
	memset(w, 0, sizeof(*w));
	w->h = h;
	w->state = WARC_GAP;
}

void
warc_free(struct warc *w)
{
	buf_free(&w->line);
	buf_free(&w->url);
	buf_free(&w->date);
}

static int
bad(struct warc *w, const char *why)
{
	w->error = why;
	return -1;
}

static void
start_record(struct warc *w)
{
	w->state = WARC_HEAD;
	w->line.len = 0;
	w->first_line = 1;
	w->convert = w->have_length = 0;
	w->url.len = w->date.len = 0;
	w->left = 0;
}

static void
end_record(struct warc *w)
{
	if (w->convert)
		w->h->end(w->h->ctx);
	w->records++;
	w->state = WARC_GAP;
}

static int
parse_length(struct warc *w, const char *s, size_t len)
{
	unsigned long long n = 0;
	size_t i;

	if (len == 0 || len > 18)
		return bad(w, "bad Content-Length");
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return bad(w, "bad Content-Length");
		n = n * 10 + (unsigned long long)(s[i] - '0');
	}
	w->left = n;
	w->have_length = 1;
	return 0;
}

static int
is_header(const char *s, size_t len, const char *name)
{
	return len == strlen(name) && strncasecmp(s, name, len) == 0;
}

/* "Name: value": keep what the record's handling needs. */
static int
header_field(struct warc *w, const char *s, size_t len)
{
	const char *colon = memchr(s, ':', len), *v;
	size_t n, vlen;

	if (colon == NULL)
		return bad(w, "header line without ':'");
	n = (size_t)(colon - s);
	v = colon + 1;
	vlen = len - n - 1;
	while (vlen > 0 && (*v == ' ' || *v == '\t')) {
		v++;
		vlen--;
	}
	while (vlen > 0 && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t'))
		vlen--;
	if (is_header(s, n, "WARC-Type"))
		w->convert = vlen == 10 && memcmp(v, "conversion", 10) == 0;
	else if (is_header(s, n, "WARC-Target-URI"))
		buf_add(&w->url, v, vlen);
	else if (is_header(s, n, "WARC-Date"))
		buf_add(&w->date, v, vlen);
	else if (is_header(s, n, "Content-Length"))
		return parse_length(w, v, vlen);
	return 0;
}

static int
header_line(struct warc *w)
{
	const char *s = w->line.data ? w->line.data : "";
	size_t len = w->line.len;

	w->line.len = 0;
	if (len > 0 && s[len - 1] == '\r')
		len--;
	if (w->first_line) {
		w->first_line = 0;
		if (len < 5 || memcmp(s, "WARC/", 5) != 0)
			return bad(w, "not a WARC record");
		return 0;
	}
	if (len > 0)
		return header_field(w, s, len);
	if (!w->have_length)
		return bad(w, "no Content-Length");
	w->state = WARC_BODY;
	if (w->convert)
		w->h->begin(w->h->ctx, &w->url, &w->date);
	if (w->left == 0)
		end_record(w);
	return 0;
}

static int
feed_head(struct warc *w, const char **s, const char *end)
{
	const char *nl = memchr(*s, '\n', (size_t)(end - *s));
	size_t take = nl != NULL ? (size_t)(nl - *s) : (size_t)(end - *s);

	if (take > HEADER_LINE_MAX - w->line.len)
		return bad(w, "header line too long");
	buf_add(&w->line, *s, take);
	*s += take;
	if (nl == NULL)
		return 0;
	(*s)++;
	return header_line(w);
}

int
warc_feed(struct warc *w, const char *s, size_t n)
{
	const char *end = s + n;
	size_t take;

	while (s < end) {
		switch (w->state) {
		case WARC_GAP:
			/* The line ends after a body, and any stray ones. */
			if (*s == '\r' || *s == '\n')
				s++;
			else
				start_record(w);
			break;
		case WARC_HEAD:
			if (feed_head(w, &s, end) == -1)
				return -1;
			break;
		case WARC_BODY:
			take = (size_t)(end - s);
			if (take > w->left)
				take = (size_t)w->left;
			if (w->convert)
				w->h->body(w->h->ctx, s, take);
			s += take;
			w->left -= take;
			if (w->left == 0)
				end_record(w);
			break;
		}
	}
	return 0;
}

int
warc_finish(struct warc *w)
{
	if (w->state == WARC_BODY) {
		/* What came of the body is still one document. */
		end_record(w);
		return bad(w, "truncated record");
	}
	if (w->state == WARC_HEAD)
		return bad(w, "truncated record header");
	return 0;
}

struct gunzip {
	z_stream	 z;
	int		 started, member_done;
	unsigned char	 out[READ_SIZE];
};

/* Inflate IN into W, member after member. */
static int
gunzip_feed(struct gunzip *g, const char *in, size_t n, struct warc *w,
    const char **error)
{
	int rc;

	g->z.next_in = (unsigned char *)in;
	g->z.avail_in = (unsigned)n;
	do {
		if (g->member_done && g->z.avail_in == 0)
			break;
		if (g->member_done) {
			if (*g->z.next_in != 0x1f) {
				*error = "trailing garbage after gzip data";
				return -1;
			}
			inflateReset(&g->z);
			g->member_done = 0;
		}
		g->z.next_out = g->out;
		g->z.avail_out = sizeof(g->out);
		rc = inflate(&g->z, Z_NO_FLUSH);
		if (rc == Z_STREAM_END)
			g->member_done = 1;
		else if (rc == Z_BUF_ERROR)
			break;		/* it needs more input */
		else if (rc != Z_OK) {
			*error = g->z.msg != NULL ? g->z.msg : "bad gzip data";
			return -1;
		}
		if (warc_feed(w, (char *)g->out,
		    sizeof(g->out) - g->z.avail_out) == -1) {
			*error = NULL;
			return -1;
		}
	} while (g->z.avail_in > 0 || g->z.avail_out == 0);
	return 0;
}

static void
gunzip_start(struct gunzip *g)
{
	memset(&g->z, 0, sizeof(g->z));
	g->member_done = 0;
	if (inflateInit2(&g->z, 16 + MAX_WBITS) != Z_OK)
		fatal("out of memory");
	g->started = 1;
}

/* Feed W from FD; -1 on a read, gzip or WARC error, reported. */
static int
pump(int fd, const char *name, struct warc *w, struct gunzip *g)
{
	static char in[READ_SIZE];
	const char *error = NULL;
	ssize_t r;
	int first = 1, rv = 0;

	while (rv == 0 && !interrupted &&
	    (r = read_some(fd, in, sizeof(in))) != 0) {
		if (r < 0) {
			if (interrupted)
				break;
			warn("%s", name);
			return -1;
		}
		if (first && (unsigned char)in[0] == 0x1f)
			gunzip_start(g);
		first = 0;
		if (g->started)
			rv = gunzip_feed(g, in, (size_t)r, w, &error);
		else
			rv = warc_feed(w, in, (size_t)r);
	}
	if (rv == 0 && g->started && !g->member_done && !interrupted) {
		error = "truncated gzip data";
		rv = -1;
	}
	if (rv == -1 && error != NULL)
		warnx("%s: %s", name, error);
	else if (rv == -1)
		warnx("%s: WARC record %lu: %s", name, w->records + 1,
		    w->error);
	return rv;
}

int
wet_read(int fd, const char *name, const struct wet_handler *h)
{
	static struct gunzip g;
	struct warc w;
	unsigned long n;
	int rv;

	g.started = 0;
	warc_init(&w, h);
	rv = pump(fd, name, &w, &g);
	n = w.records + 1;
	/* Even after an error, a record begun is ended: one out per one in. */
	if (!interrupted && warc_finish(&w) == -1 && rv == 0) {
		warnx("%s: WARC record %lu: %s", name, n, w.error);
		rv = -1;
	}
	if (g.started)
		inflateEnd(&g.z);
	warc_free(&w);
	return rv;
}
