/*
 * Hard-wrapped text back into paragraphs.
 *
 * A wrapper fills each line greedily up to a width W: a line ends
 * where the next word would not have fitted.  So the first lines of a
 * document are held and, for every two lines in a row, the widths at
 * which that rule explains the break are counted; a document is
 * wrapped when one width explains enough of its breaks and almost no
 * line is longer.  Page text with a block on each line has lines of
 * every length and no such width, and passes through.  Memory is
 * bounded: the probe holds at most PROBE_BYTES, a paragraph at most
 * PARA_MAX.  A probed line the reader keeps in place (LINE_STAYS) is
 * copied only when the reader is about to reuse its bytes, which most
 * documents end before.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "document.h"
#include "unwrap.h"
#include "utf8.h"
#include "util.h"

#define PROBE_LINES	1024
#ifndef PROBE_BYTES		/* fuzz builds make the limits small */
#define PROBE_BYTES	(64 * 1024)
#endif
/* Widths wrappers use: 72, 76, 78, 80, and up to what fits a wide screen. */
#define WIDTH_MIN	30
#define WIDTH_MAX	200
/* Columns of tolerance: tabs, wide characters, a wrapper's own margin. */
#define SLACK		2
/* At least this many breaks explained, and half of all of them. */
#define MIN_BREAKS	5
/*
 * In finding the width, longer first words count as this: a run of
 * Chinese or Japanese is one word to a space-splitting eye.
 */
#define WORD_CAP	20
#ifndef PARA_MAX
#define PARA_MAX	(64 * 1024)
#endif
/* Columns past the widest width all read alike, and are not counted. */
#define COLUMNS_CAP	(WIDTH_MAX + 1)
/* Bytes counted at a time up to the cap. */
#define COUNT_STEP	256

enum state { PROBING, WRAPPED, PLAIN };

/* What a line measures, each CHARS_UNKNOWN until it is needed. */
struct measure {
	uint32_t	chars;		/* columns, trailing blanks left out */
	uint32_t	first;		/* columns of its first word */
};

#define CHARS_UNKNOWN	UINT32_MAX

static const struct measure unmeasured = { CHARS_UNKNOWN, CHARS_UNKNOWN };

struct held_line {
	const char	*stays;		/* where the reader keeps it, or NULL */
	size_t		off, len;	/* OFF: in held, when not kept there */
	unsigned	flags;
	struct measure	m;		/* a blank line's chars are 0 at once */
};

struct unwrap {
	unwrap_emit	*emit;
	void		*ctx;
	enum state	 state;
	unsigned	 width;
	struct buf	 held;
	struct held_line lines[PROBE_LINES];
	size_t		 probed;	/* bytes of the lines held */
	size_t		 copied;	/* lines before this are in held */
	size_t		 nlines;
	struct buf	 para;		/* the paragraph being joined */
	uint32_t	 last;		/* columns of its last line */
};

struct unwrap *
unwrap_new(unwrap_emit *emit, void *ctx)
{
	struct unwrap *u = xcalloc(1, sizeof(*u));

	u->emit = emit;
	u->ctx = ctx;
	return u;
}

void
unwrap_free(struct unwrap *u)
{
	if (u == NULL)
		return;
	buf_free(&u->held);
	buf_free(&u->para);
	free(u);
}

void
unwrap_begin(struct unwrap *u)
{
	u->state = PROBING;
	u->width = 0;
	u->held.len = 0;
	u->probed = 0;
	u->nlines = u->copied = 0;
	u->para.len = 0;
}

unsigned
unwrap_width(const struct unwrap *u)
{
	return u->state == WRAPPED ? u->width : 0;
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static size_t
trim_right(const char *s, size_t len)
{
	while (len > 0 && is_blank(s[len - 1]))
		len--;
	return len;
}

/*
 * Characters, not bytes: a wrapper counts columns.  Up to COLUMNS_CAP
 * only, so a long paragraph is not read to its end.
 */
static uint32_t
columns(const char *s, size_t len)
{
	size_t n = 0, step;

	while (len > 0 && n < COLUMNS_CAP) {
		step = len < COUNT_STEP ? len : COUNT_STEP;
		n += utf8_count(s, step);
		s += step;
		len -= step;
	}
	return n < COLUMNS_CAP ? (uint32_t)n : COLUMNS_CAP;
}

/* Has the line a column, trailing blanks left out? */
static int
has_columns(const char *s, size_t len)
{
	size_t i;

	len = trim_right(s, len);
	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			return 1;
	return 0;
}

/*
 * Columns of the line's first word, counted as it is read (it is
 * short), up to COLUMNS_CAP.
 */
static uint32_t
first_word(const char *s, size_t len)
{
	uint32_t n = 0;
	size_t i;

	len = trim_right(s, len);
	for (i = 0; i < len && is_blank(s[i]); i++)
		;
	for (; i < len && !is_blank(s[i]) && n < COLUMNS_CAP; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

/* "* item", "- item", "1. item": a list item starts a line of its own. */
static int
starts_item(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len && is_blank(s[i]))
		i++;
	/* As strchr("*-+", c) would, which finds the NUL that ends it too. */
	if (i + 1 < len && (s[i] == '*' || s[i] == '-' || s[i] == '+' ||
	    s[i] == '\0') && s[i + 1] == ' ')
		return 1;
	if (i + 3 < len && memcmp(s + i, "\xE2\x80\xA2", 3) == 0)
		return 1;
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++;
	return i > 0 && i + 1 < len && (s[i] == '.' || s[i] == ')') &&
	    s[i + 1] == ' ' && s[i - 1] >= '0' && s[i - 1] <= '9';
}

static void
flush_para(struct unwrap *u)
{
	if (u->para.len == 0)
		return;
	u->emit(u->ctx, u->para.data, u->para.len, 0);
	u->para.len = 0;
}

/*
 * The break before line S (LEN bytes, trailing blanks left out, the
 * columns of its first word FIRST if known) came from the wrapper: its
 * first word would not have fitted after the last.
 */
static int
continues(const struct unwrap *u, const char *s, size_t len, uint32_t first)
{
	if (u->para.len == 0 || u->last > u->width)
		return 0;
	if (first == CHARS_UNKNOWN)
		first = first_word(s, len);
	return u->last + 1 + first + SLACK > u->width;
}

static void __attribute__((noinline))
join_line(struct unwrap *u, const char *s, size_t len, unsigned flags,
    struct measure m)
{
	size_t i = 0;

	if (flags & (LINE_MORE | LINE_CONT)) {
		flush_para(u);
		u->emit(u->ctx, s, len, flags);
		return;
	}
	len = trim_right(s, len);
	if (m.chars == CHARS_UNKNOWN)
		m.chars = columns(s, len);
	if (m.chars == 0) {
		flush_para(u);
		return;
	}
	if (continues(u, s, len, m.first) && !starts_item(s, len) &&
	    u->para.len + len < PARA_MAX) {
		while (i < len && is_blank(s[i]))
			i++;
		buf_add(&u->para, " ", 1);
	} else
		flush_para(u);
	buf_add(&u->para, s + i, len - i);
	u->last = m.chars;
}

/* M: what the probe measured of the line, if it did. */
static void
pass_line(struct unwrap *u, const char *s, size_t len, unsigned flags,
    struct measure m)
{
	if (u->state == WRAPPED)
		join_line(u, s, len, flags, m);
	else
		u->emit(u->ctx, s, len, flags);
}

static const char *
held_text(const struct unwrap *u, const struct held_line *h)
{
	return h->stays != NULL ? h->stays : u->held.data + h->off;
}

/*
 * Columns of held line I.  Counted only when asked for: in page text
 * with blank lines between blocks few lines are followed by another,
 * and the columns of the others are never asked for.
 */
static uint32_t
held_chars(struct unwrap *u, size_t i)
{
	struct held_line *h = &u->lines[i];

	if (h->m.chars == CHARS_UNKNOWN)
		h->m.chars = columns(held_text(u, h),
		    trim_right(held_text(u, h), h->len));
	return h->m.chars;
}

/* Columns of the first word of held line I, kept for joining it. */
static uint32_t
held_first(struct unwrap *u, size_t i)
{
	struct held_line *h = &u->lines[i];

	if (h->m.first == CHARS_UNKNOWN)
		h->m.first = first_word(held_text(u, h), h->len);
	return h->m.first;
}

/*
 * A wrapper's width is the length of its longest lines: the length
 * that all but a few of the lines followed by another reach at most.
 */
static unsigned
longest_usual(struct unwrap *u, size_t *pairs)
{
	size_t count[WIDTH_MAX + 2] = { 0 };
	size_t i, n = 0, seen = 0;
	uint32_t chars;
	unsigned w;

	for (i = 0; i + 1 < u->nlines; i++)
		if (u->lines[i].m.chars > 0 && u->lines[i + 1].m.chars > 0) {
			chars = held_chars(u, i);
			count[chars > WIDTH_MAX ? WIDTH_MAX + 1 : chars]++;
			n++;
		}
	*pairs = n;
	for (w = WIDTH_MAX + 1; w > 0; w--) {
		seen += count[w];
		if (seen * 20 > n)
			break;
	}
	return w;
}

/*
 * The text is wrapped at W when W explains enough of its breaks (a
 * line of A columns followed by one whose first word has F columns was
 * broken by a wrapper when A + 1 + F would not have fitted in W) and
 * hardly a line is longer.  First words are measured only here, which
 * most documents never reach.
 */
static unsigned
guess_width(struct unwrap *u)
{
	const struct held_line *a, *b;
	size_t i, pairs, explained = 0, nonblank = 0, over = 0;
	unsigned w = longest_usual(u, &pairs);
	uint32_t first;

	if (w < WIDTH_MIN || w > WIDTH_MAX)
		return 0;
	for (i = 0; i < u->nlines; i++)
		held_chars(u, i);
	for (i = 0; i + 1 < u->nlines; i++) {
		a = &u->lines[i];
		b = &u->lines[i + 1];
		if (a->m.chars == 0 || b->m.chars == 0 || a->m.chars > w)
			continue;
		first = held_first(u, i + 1);
		if (a->m.chars + 1 + (first < WORD_CAP ? first : WORD_CAP) +
		    SLACK > w)
			explained++;
	}
	for (i = 0; i < u->nlines; i++) {
		nonblank += u->lines[i].m.chars > 0;
		over += u->lines[i].m.chars > w;
	}
	if (explained < MIN_BREAKS || explained * 2 < pairs ||
	    over * 20 > nonblank)
		return 0;
	return w;
}

static void
end_probe(struct unwrap *u)
{
	const struct held_line *h;
	size_t i;

	u->width = guess_width(u);
	u->state = u->width > 0 ? WRAPPED : PLAIN;
	for (i = 0; i < u->nlines; i++) {
		h = &u->lines[i];
		pass_line(u, held_text(u, h), h->len, h->flags, h->m);
	}
	u->nlines = u->copied = 0;
	u->held.len = 0;
	u->probed = 0;
}

static void
hold_line(struct unwrap *u, const char *s, size_t len, unsigned flags)
{
	struct held_line *h = &u->lines[u->nlines++];

	h->len = len;
	h->flags = flags & ~LINE_STAYS;
	h->m = unmeasured;
	if (!has_columns(s, len))
		h->m.chars = 0;
	h->stays = flags & LINE_STAYS ? s : NULL;
	if (h->stays == NULL) {
		h->off = u->held.len;
		buf_add(&u->held, s, len);
	}
	u->probed += len;
}

/* A line while the width is not known: held, or the end of the probe. */
static void __attribute__((noinline))
probe_line(struct unwrap *u, const char *s, size_t len, unsigned flags)
{
	if (u->nlines < PROBE_LINES && !(flags & LINE_MORE) &&
	    len <= PROBE_BYTES - u->probed) {
		hold_line(u, s, len, flags);
		return;
	}
	end_probe(u);
	pass_line(u, s, len, flags, unmeasured);
}

/*
 * Joining and probing are out of line: most lines pass, and should not
 * pay for setting up their frames.
 */
void
unwrap_line(struct unwrap *u, const char *s, size_t len, unsigned flags)
{
	if (u->state == PROBING)
		probe_line(u, s, len, flags);
	else
		pass_line(u, s, len, flags, unmeasured);
}

void
unwrap_release(struct unwrap *u)
{
	struct held_line *h;

	for (; u->copied < u->nlines; u->copied++) {
		h = &u->lines[u->copied];
		if (h->stays == NULL)
			continue;
		h->off = u->held.len;
		buf_add(&u->held, h->stays, h->len);
		h->stays = NULL;
	}
}

void
unwrap_end(struct unwrap *u)
{
	if (u->state == PROBING)
		end_probe(u);
	flush_para(u);
}
