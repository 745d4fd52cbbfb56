/*
 * The literal prefilter.
 *
 * Most blocks match no rule, and PCRE2 needs a call per pattern to say
 * so, and a walk over the whole block for each floating one.  So each
 * pattern is read once, conservatively, for what any match of it must
 * hold: the strings it needs ("\b(?:sign up|subscribe)\b.*\bnewsletter\b"
 * needs "newsletter"), the bytes it can start with, and the strings it
 * starts with ("^(?:read more|see also)\b": "read more" or "see also").
 * A block is scanned once for the needed strings of every pattern
 * together (a bit per hash of three bytes, then of four, flags where a
 * comparison starts), so that a rule whose needs are missing is not
 * tried.
 *
 * The reading is a small recursive parser of the PCRE2 syntax.  Whatever
 * it does not understand means "needs nothing, may start anywhere", so
 * the filter can only ever spare a pattern that could not have matched.
 * Rules are caseless, so strings and blocks are both put in one canonical
 * form first: every character becomes its case key, lower(upper(c)),
 * which all the characters PCRE2 matches caselessly with c share (K, k
 * and the Kelvin sign; s, S and the long s; σ, Σ and ς).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "prefilter.h"
#include "utf8.h"
#include "util.h"

#define SET_MAX		64	/* strings in a set: more would say too little */
#define LIT_MAX		24	/* bytes of one string */
#define LIT_MIN		3	/* a shorter ASCII string is in most blocks */
#define DEPTH_MAX	16	/* nested groups read */

/*
 * A string's bytes past its length are 0, so that strings are compared
 * and copied whole, in a few words, not byte by byte.
 */
struct str {
	unsigned char	len;
	char		s[LIT_MAX];
};

#define PRE_MAX		4	/* bytes of a start string worth knowing */
#define PSET_MAX	192	/* start strings of one piece */

struct set {
	size_t		n;
	struct str	v[SET_MAX];
};

/*
 * Start strings: short, and so many more of them fit.  Each is one
 * number, its length above its bytes (the first the highest), so that
 * one comparison tells two apart and joining two is a shift.  A bit per
 * hash of the strings in it spares most additions a look at all of
 * them; bits are only ever added, and cleared when the set is found
 * empty.
 */
struct pset {
	size_t		n;
	uint8_t		has[32];
	uint64_t	v[PSET_MAX];
};

/* A set of (folded) first bytes. */
struct bytes {
	uint8_t		bit[32];
};

/* What a piece of a pattern matches. */
struct lit {
	int		fixed;	/* exactly the strings of set, no others */
	struct set	set;	/* else: every match holds one (n 0: unknown) */
	struct pset	pre;	/* every match starts with one (n 0: unknown) */
	struct bytes	first;	/* a match that is not empty starts with one */
	int		nullable; /* it can match the empty string */
};

struct parse {
	const char	*p, *end;
	int		 depth, bad;
	/*
	 * Whether the start strings of the piece being read are wanted:
	 * the pieces before it leave a match's start open.  Where they
	 * are not, they are not made, and the piece's pre says nothing.
	 */
	int		 starts;
};

/*
 * Sets are copied by their strings in use: whole, they are kilobytes,
 * and a pattern's reading copies many.
 */
static void
set_copy(struct set *to, const struct set *from)
{
	to->n = from->n;
	memcpy(to->v, from->v, from->n * sizeof(from->v[0]));
}

static void
pset_copy(struct pset *to, const struct pset *from)
{
	to->n = from->n;
	memcpy(to->has, from->has, sizeof(to->has));
	memcpy(to->v, from->v, from->n * sizeof(from->v[0]));
}

static size_t
pre_len(uint64_t pre)
{
	return (size_t)(pre >> 32);
}

/* The start string of B's first LEN bytes (LEN at most PRE_MAX). */
static uint64_t
pre_of(const char *b, size_t len)
{
	uint64_t key = 0;
	size_t i;

	for (i = 0; i < len; i++)
		key = key << 8 | (unsigned char)b[i];
	return (uint64_t)len << 32 | key;
}

/* PRE cut to MAX bytes. */
static uint64_t
pre_cut(uint64_t pre, size_t max)
{
	size_t len = pre_len(pre);

	if (len <= max)
		return pre;
	return (uint64_t)max << 32 | (uint32_t)pre >> 8 * (len - max);
}

/* A followed by B, cut to PRE_MAX bytes. */
static uint64_t
pre_cat(uint64_t a, uint64_t b)
{
	size_t la = pre_len(a), lb = pre_len(b), len = la + lb;
	uint64_t key = (uint64_t)(uint32_t)a << 8 * lb | (uint32_t)b;

	if (len > PRE_MAX) {
		key >>= 8 * (len - PRE_MAX);
		len = PRE_MAX;
	}
	return (uint64_t)len << 32 | key;
}

/* PRE's bytes into B (PRE_MAX bytes); their count. */
static size_t
pre_bytes(uint64_t pre, char *b)
{
	size_t i, len = pre_len(pre);

	for (i = 0; i < len; i++)
		b[i] = (char)(pre >> 8 * (len - 1 - i));
	return len;
}

static unsigned char
fold(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

static void
bytes_add(struct bytes *b, unsigned c)
{
	bit_set(b->bit, c);
}

static int
bytes_has(const struct bytes *b, unsigned c)
{
	return bit_has(b->bit, c);
}

static void
bytes_range(struct bytes *b, unsigned lo, unsigned hi)
{
	for (; lo <= hi; lo++)
		bytes_add(b, fold((unsigned char)lo));
}

static void
bytes_union(struct bytes *a, const struct bytes *b)
{
	size_t i;

	for (i = 0; i < sizeof(a->bit); i++)
		a->bit[i] |= b->bit[i];
}

/* How many bytes B holds: the bits of each word summed in its lanes. */
static unsigned
bytes_count(const struct bytes *b)
{
	uint64_t w;
	unsigned n = 0;
	size_t i;

	for (i = 0; i < sizeof(b->bit); i += 8) {
		w = load_le64(b->bit + i);
		w -= w >> 1 & 0x5555555555555555ULL;
		w = (w & 0x3333333333333333ULL) +
		    (w >> 2 & 0x3333333333333333ULL);
		w = (w + (w >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
		n += (unsigned)((w * 0x0101010101010101ULL) >> 56);
	}
	return n;
}

/* Any character at all. */
static void
bytes_all(struct bytes *b)
{
	memset(b->bit, 0xFF, sizeof(b->bit));
}

/* Anything that could be a letter. */
static void
bytes_cased(struct bytes *b)
{
	bytes_range(b, 0x80, 0xFF);
	bytes_range(b, 'a', 'z');
}

/* Characters with the same key may match each other caselessly. */
static uint32_t
case_key_of(uint32_t cp)
{
	return (uint32_t)utf8proc_tolower(utf8proc_toupper(
	    (utf8proc_int32_t)cp));
}

/*
 * Characters whose cases the tables here may not know: unassigned ones
 * (newer than utf8proc's Unicode), and the pairs Unicode 14 made.
 */
static int
case_unknown_of(uint32_t cp)
{
	return cp == 0x390 || cp == 0x3B0 || cp == 0x1FD3 || cp == 0x1FE3 ||
	    cp == 0xFB05 || cp == 0xFB06 ||
	    utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_CN;
}

/*
 * The two above for a character below U+0800, asked of utf8proc (three
 * calls) once: the rules' letters beyond ASCII are mostly these.  An
 * entry is the key, KNOWN_CASES when they are known, and SEEN.
 */
#define KNOWN_CASES	(1u << 30)
#define SEEN		(1u << 31)

static uint32_t
two_byte_case(uint32_t cp)
{
	static uint32_t found[UTF8_TWO_END];

	if (found[cp] == 0)
		found[cp] = case_key_of(cp) | SEEN |
		    (case_unknown_of(cp) ? 0 : KNOWN_CASES);
	return found[cp];
}

static uint32_t
case_key(uint32_t cp)
{
	return cp < UTF8_TWO_END ? two_byte_case(cp) & ~(SEEN | KNOWN_CASES) :
	    case_key_of(cp);
}

static int
case_unknown(uint32_t cp)
{
	return cp < UTF8_TWO_END ? !(two_byte_case(cp) & KNOWN_CASES) :
	    case_unknown_of(cp);
}

static void
set_empty_string(struct set *s)
{
	s->n = 1;
	s->v[0].len = 0;
	memset(s->v[0].s, 0, LIT_MAX);
}

static int
set_has_empty(const struct set *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->v[i].len == 0)
			return 1;
	return 0;
}

/* Add T unless there; -1 when the set is full. */
static int
set_put(struct set *s, const struct str *t)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->v[i].len == t->len &&
		    memcmp(s->v[i].s, t->s, LIT_MAX) == 0)
			return 0;
	if (s->n == SET_MAX)
		return -1;
	s->v[s->n++] = *t;
	return 0;
}

/*
 * A bit per hash of the strings of a set that many are added to, so
 * that adding one not there most often compares it with none.
 */
struct seen {
	uint8_t		bit[32];
};

static uint32_t
str_hash(const struct str *t)
{
	uint64_t h = load_le64(t->s) ^ load_le64(t->s + 8) *
	    0xC2B2AE3D27D4EB4FULL ^ load_le64(t->s + 16) *
	    0x165667B19E3779F9ULL ^ t->len;

	return (uint32_t)((h * 0x9E3779B97F4A7C15ULL) >> 56);
}

/* set_put, S's strings having their bits in H. */
static int
set_put_seen(struct set *s, struct seen *h, const struct str *t)
{
	uint32_t bit = str_hash(t);

	if (bit_has(h->bit, bit))
		return set_put(s, t);
	if (s->n == SET_MAX)
		return -1;
	bit_set(h->bit, bit);
	s->v[s->n++] = *t;
	return 0;
}

/* Add B (LEN bytes) unless there; -1 when the set or string is too big. */
static int
set_add(struct set *s, const char *b, size_t len)
{
	struct str t;

	if (len > LIT_MAX)
		return -1;
	t.len = (unsigned char)len;
	memset(t.s, 0, LIT_MAX);
	memcpy(t.s, b, len);
	return set_put(s, &t);
}

static int
set_union(struct set *a, const struct set *b)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		if (set_put(a, &b->v[i]) == -1)
			return -1;
	return 0;
}

/* set_union, A's strings having their bits in H. */
static int
set_union_seen(struct set *a, struct seen *h, const struct set *b)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		if (set_put_seen(a, h, &b->v[i]) == -1)
			return -1;
	return 0;
}

/*
 * Every string of A followed by every string of B: the second copied
 * whole after the first, its zeros past its end are the new string's.
 */
static int
set_cross(struct set *out, const struct set *a, const struct set *b)
{
	char cat[2 * LIT_MAX];
	struct seen h;
	struct str t;
	size_t i, j, len;

	out->n = 0;
	memset(h.bit, 0, sizeof(h.bit));
	for (i = 0; i < a->n; i++)
		for (j = 0; j < b->n; j++) {
			len = (size_t)a->v[i].len + b->v[j].len;
			if (len > LIT_MAX)
				return -1;
			memcpy(cat, a->v[i].s, LIT_MAX);
			memcpy(cat + a->v[i].len, b->v[j].s, LIT_MAX);
			memcpy(t.s, cat, LIT_MAX);
			t.len = (unsigned char)len;
			if (set_put_seen(out, &h, &t) == -1)
				return -1;
		}
	return 0;
}

/*
 * B (LEN bytes) appended to every string of RUN, in place: they stay
 * apart, and none need be looked for; -1, RUN unchanged, when too big.
 */
static int
set_append(struct set *run, const char *b, size_t len)
{
	struct str *t;
	size_t i, k;

	for (i = 0; i < run->n; i++)
		if (run->v[i].len + len > LIT_MAX)
			return -1;
	/* Bytes, not memcpy: they are one to four, most often. */
	for (i = 0; i < run->n; i++) {
		t = &run->v[i];
		for (k = 0; k < len; k++)
			t->s[t->len + k] = b[k];
		t->len = (unsigned char)(t->len + len);
	}
	return 0;
}

/*
 * RUN followed by every string of B, in place; -1, RUN unchanged, when
 * too big.  B is most often one string.
 */
static int
set_join(struct set *run, const struct set *b)
{
	struct set tmp;

	if (b->n == 1)
		return set_append(run, b->v[0].s, b->v[0].len);
	if (set_cross(&tmp, run, b) == -1)
		return -1;
	set_copy(run, &tmp);
	return 0;
}

/* Add start string PRE unless there; -1 when full. */
static int
pset_put(struct pset *s, uint64_t pre)
{
	uint32_t bit = (uint32_t)((pre * 0x9E3779B97F4A7C15ULL) >> 56);
	size_t i;

	if (s->n == 0)
		memset(s->has, 0, sizeof(s->has));
	else if (bit_has(s->has, bit))
		for (i = 0; i < s->n; i++)
			if (s->v[i] == pre)
				return 0;
	if (s->n == PSET_MAX)
		return -1;
	bit_set(s->has, bit);
	s->v[s->n++] = pre;
	return 0;
}

/* Add B (LEN bytes) cut to PRE_MAX unless there; -1 when full. */
static int
pset_add(struct pset *s, const char *b, size_t len)
{
	return pset_put(s, pre_of(b, len < PRE_MAX ? len : PRE_MAX));
}

/* Cut every string of S to MAX bytes (not 0): prefixes of start strings. */
static void
pset_shorten(struct pset *s, size_t max)
{
	struct pset cut;
	size_t i;

	cut.n = 0;
	for (i = 0; i < s->n; i++)
		(void)pset_put(&cut, pre_cut(s->v[i], max));
	pset_copy(s, &cut);
}

static int
pset_has_empty(const struct pset *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (pre_len(s->v[i]) == 0)
			return 1;
	return 0;
}

/*
 * A hash table of a start set's strings, by their place plus one, for
 * the additions of many strings to a set that grows large: past a few
 * dozen strings, the bits of has say yes to most, and each addition
 * looked at all the strings.
 */
#define INDEX_BITS	9	/* slots, at least twice PSET_MAX */
#define MANY		64	/* strings worth an index */

struct pindex {
	uint8_t		slot[1 << INDEX_BITS];
};

static uint32_t
index_slot(uint64_t pre)
{
	return (uint32_t)((pre * 0xC2B2AE3D27D4EB4FULL) >> (64 - INDEX_BITS));
}

/* The slot of PRE in X, where it is or would go. */
static uint32_t
index_find(const struct pset *s, const struct pindex *x, uint64_t pre)
{
	uint32_t h = index_slot(pre);

	while (x->slot[h] != 0 && s->v[x->slot[h] - 1] != pre)
		h = (h + 1) & ((1u << INDEX_BITS) - 1);
	return h;
}

static void
index_of(struct pindex *x, const struct pset *s)
{
	size_t i;

	memset(x->slot, 0, sizeof(x->slot));
	for (i = 0; i < s->n; i++)
		x->slot[index_find(s, x, s->v[i])] = (uint8_t)(i + 1);
}

/* pset_put, S's strings being in X. */
static int
pset_put_indexed(struct pset *s, struct pindex *x, uint64_t pre)
{
	uint32_t h = index_find(s, x, pre);

	if (x->slot[h] != 0)
		return 0;
	if (s->n == 0)
		memset(s->has, 0, sizeof(s->has));
	if (s->n == PSET_MAX)
		return -1;
	bit_set(s->has, (uint32_t)((pre * 0x9E3779B97F4A7C15ULL) >> 56));
	s->v[s->n++] = pre;
	x->slot[h] = (uint8_t)s->n;
	return 0;
}

static int
pset_union(struct pset *a, const struct pset *b)
{
	struct pindex x;
	size_t i;

	if (a->n + b->n < MANY) {
		for (i = 0; i < b->n; i++)
			if (pset_put(a, b->v[i]) == -1)
				return -1;
		return 0;
	}
	index_of(&x, a);
	for (i = 0; i < b->n; i++)
		if (pset_put_indexed(a, &x, b->v[i]) == -1)
			return -1;
	return 0;
}

/* A set's strings as start strings. */
static int
pset_of(struct pset *out, const struct set *b)
{
	size_t i;

	out->n = 0;
	for (i = 0; i < b->n; i++)
		if (pset_add(out, b->v[i].s, b->v[i].len) == -1)
			return -1;
	return 0;
}

/* Every string of A followed by every string of B, cut. */
static int
pset_cross(struct pset *out, const struct pset *a, const struct pset *b)
{
	struct pindex x;
	size_t i, j;

	out->n = 0;
	if (a->n * b->n < MANY) {
		for (i = 0; i < a->n; i++)
			for (j = 0; j < b->n; j++)
				if (pset_put(out, pre_cat(a->v[i],
				    b->v[j])) == -1)
					return -1;
		return 0;
	}
	memset(x.slot, 0, sizeof(x.slot));
	for (i = 0; i < a->n; i++)
		for (j = 0; j < b->n; j++)
			if (pset_put_indexed(out, &x, pre_cat(a->v[i],
			    b->v[j])) == -1)
				return -1;
	return 0;
}

/* The length of the shortest string: what a needed set is worth. */
static size_t
set_score(const struct set *s)
{
	size_t i, min = SIZE_MAX;

	for (i = 0; i < s->n; i++)
		if (s->v[i].len < min)
			min = s->v[i].len;
	return s->n ? min : 0;
}

/* Keep in BEST the better of two needed sets. */
static void
consider(struct set *best, const struct set *cand)
{
	size_t a, b;

	if (cand->n == 0 || set_has_empty(cand))
		return;
	a = set_score(cand);
	b = set_score(best);
	if (best->n == 0 || a > b || (a == b && cand->n < best->n))
		set_copy(best, cand);
}

/* Few first bytes are worth knowing as start strings of one byte. */
#define FIRST_STARTS	48

/*
 * One character, of the bytes in FIRST, and nothing else known; its
 * start strings only when STARTS.
 */
static void
lit_char_of(struct lit *l, const struct bytes *first, int starts)
{
	char one;
	unsigned c;

	l->fixed = 0;
	l->set.n = l->pre.n = 0;
	l->first = *first;
	l->nullable = 0;
	/* Counted first: '.' or a negated class would fill the set in vain. */
	if (!starts || bytes_count(first) > FIRST_STARTS)
		return;
	for (c = 0; c < 256; c++) {
		if (!bytes_has(first, c))
			continue;
		one = (char)c;
		(void)pset_add(&l->pre, &one, 1);
	}
}

static void
lit_any(struct lit *l)
{
	struct bytes all;

	bytes_all(&all);
	lit_char_of(l, &all, 0);
}

/* Exactly the string B (LEN bytes, folded). */
static void
lit_bytes(struct lit *l, const char *b, size_t len)
{
	l->fixed = 1;
	l->set.n = l->pre.n = 0;
	(void)set_add(&l->set, b, len);
	memset(&l->first, 0, sizeof(l->first));
	l->nullable = len == 0;
	if (len > 0)
		bytes_add(&l->first, (unsigned char)b[0]);
}

static void
lit_empty(struct lit *l)
{
	lit_bytes(l, "", 0);
}

/* CP's canonical form as UTF-8 in ENC (4 bytes); its length. */
static size_t
canon_char(uint32_t cp, char *enc)
{
	if (cp < 0x80) {
		enc[0] = (char)fold((unsigned char)cp);
		return 1;
	}
	return utf8_encode(case_key(cp), enc);
}

static int
is_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z');
}

static int
is_hex(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

/* Past the '}' that closes a brace at P; bad when there is none. */
static void
skip_braces(struct parse *ps)
{
	const char *close = memchr(ps->p, '}', (size_t)(ps->end - ps->p));

	if (close == NULL)
		ps->bad = 1;
	else
		ps->p = close + 1;
}

/*
 * The character at P: its length, its code point, and whether it is
 * literal (its canonical form is known).
 */
static size_t
read_char(struct parse *ps, const char *p, uint32_t *cp, int *literal)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t n;

	if (*u < 0x80) {
		*cp = *u;
		*literal = 1;
		return 1;
	}
	n = utf8_valid_seq((const unsigned char *)p, (size_t)(ps->end - p), 0);
	if (n == 0) {
		ps->bad = 1;
		*cp = 0;
		*literal = 1;
		return 1;
	}
	*cp = utf8_decode(&u);
	*literal = !case_unknown(*cp);
	return n;
}

/*
 * \s and \h are sets of characters without case: \h is tab, space and
 * the Unicode spaces (U+180E included, as PCRE2 has it); \s adds the
 * vertical ones.  Made once, as patterns have many.
 */
static const struct set *
spaces(int vertical)
{
	static struct set made[2];
	static const char *const h[] = {
		"\t", " ", "\xC2\xA0", "\xE1\x9A\x80", "\xE1\xA0\x8E",
		"\xE2\x80\xAF", "\xE2\x81\x9F", "\xE3\x80\x80", NULL
	};
	static const char *const v[] = {
		"\n", "\v", "\f", "\r", "\xC2\x85", "\xE2\x80\xA8",
		"\xE2\x80\xA9", NULL
	};
	struct set *s = &made[vertical != 0];
	char en[3] = { '\xE2', '\x80', 0 };
	size_t i;

	if (s->n > 0)
		return s;
	for (i = 0; h[i] != NULL; i++)
		(void)set_add(s, h[i], strlen(h[i]));
	for (i = 0; i <= 10; i++) {
		en[2] = (char)(0x80 + i);
		(void)set_add(s, en, 3);
	}
	for (i = 0; vertical && v[i] != NULL; i++)
		(void)set_add(s, v[i], strlen(v[i]));
	return s;
}

/* Any of the strings of S, one character each. */
static void
lit_chars(struct lit *l, const struct set *s)
{
	size_t i;

	l->fixed = 1;
	set_copy(&l->set, s);
	l->pre.n = 0;
	l->nullable = 0;
	memset(&l->first, 0, sizeof(l->first));
	for (i = 0; i < s->n; i++)
		bytes_add(&l->first, (unsigned char)s->v[i].s[0]);
}

/*
 * The bytes a character of escape \E can start with (E a letter).  With
 * UCP, \d takes every decimal digit: below U+0800 only the Arabic and
 * N'Ko ones (lead bytes D9, DB, DF); the spaces beyond ASCII are U+0085,
 * U+00A0, U+1680, U+180E, U+2000 to U+205F and U+3000.
 */
static void
escape_first(unsigned char e, struct bytes *b)
{
	memset(b, 0, sizeof(*b));
	switch (e) {
	case 'd':
		bytes_range(b, '0', '9');
		bytes_add(b, 0xD9);
		bytes_add(b, 0xDB);
		bytes_add(b, 0xDF);
		bytes_range(b, 0xE0, 0xF4);
		break;
	case 's': case 'h':
		bytes_add(b, ' ');
		bytes_add(b, '\t');
		if (e == 's')
			bytes_range(b, '\n', '\r');
		bytes_range(b, 0xE1, 0xE3);
		bytes_add(b, 0xC2);
		break;
	case 'v': case 'R':
		bytes_range(b, '\n', '\r');
		bytes_add(b, 0xC2);
		bytes_add(b, 0xE2);
		break;
	case 'w':
		bytes_range(b, '0', '9');
		bytes_range(b, 'a', 'z');
		bytes_add(b, '_');
		bytes_range(b, 0x80, 0xFF);
		break;
	default:
		bytes_all(b);
	}
}

/*
 * After a backslash in a class: the escape at P (its letter or symbol
 * already read as E) into FIRST; *LITERAL when it stands for E itself.
 */
static const char *
class_escape(struct parse *ps, const char *p, unsigned char e,
    struct bytes *first, int *literal)
{
	struct bytes b;

	*literal = 0;
	if (e >= 0x80 || e == 'Q' || e == 'E') {
		ps->bad = 1;
		return p;
	}
	if (!is_alnum(e)) {
		*literal = 1;
		bytes_add(first, e);
		return p;
	}
	escape_first(e, &b);
	bytes_union(first, &b);
	if ((e == 'x' || e == 'o' || e == 'p' || e == 'P' || e == 'N') &&
	    p < ps->end && *p == '{') {
		ps->p = p;
		skip_braces(ps);
		return ps->p;
	}
	if ((e == 'p' || e == 'P' || e == 'c') && p < ps->end)
		p++;
	return p;
}

/*
 * The bytes the canonical forms of characters LO to HI can start with:
 * beyond ASCII those can be anything, even ASCII letters.
 */
static void
range_first(struct bytes *b, uint32_t lo, uint32_t hi)
{
	if (hi >= 0x80)
		bytes_all(b);
	else
		bytes_range(b, lo, hi);
}

/* [...]: a set of single characters when it only lists literal ones. */
static void
parse_class(struct parse *ps, struct lit *out)
{
	struct bytes first;
	struct set s;
	const char *p = ps->p;
	int simple = 1, first_item = 1, literal, lit2;
	unsigned char c;
	uint32_t cp, cp2;
	size_t n, n2;
	char enc[4];

	memset(&first, 0, sizeof(first));
	s.n = 0;
	if (p < ps->end && *p == '^') {
		simple = 0;
		bytes_all(&first);
		p++;
	}
	for (;; first_item = 0) {
		if (p >= ps->end) {
			ps->bad = 1;
			return;
		}
		c = (unsigned char)*p;
		if (c == ']' && !first_item) {
			p++;
			break;
		}
		if (c == '[' && p + 1 < ps->end && (p[1] == ':' || p[1] == '.' ||
		    p[1] == '=')) {
			simple = 0;
			bytes_all(&first);
			if ((p = memchr(p + 2, ']', (size_t)(ps->end - p - 2))) ==
			    NULL) {
				ps->bad = 1;
				return;
			}
			p++;
			continue;
		}
		if (c == '\\') {
			if (p + 1 >= ps->end) {
				ps->bad = 1;
				return;
			}
			c = (unsigned char)p[1];
			if (c == 's' || c == 'h') {
				if (s.n + 26 > SET_MAX)
					simple = 0;
				(void)set_union(&s, spaces(c == 's'));
				p += 2;
				continue;
			}
			p = class_escape(ps, p + 2, c, &first, &literal);
			if (ps->bad)
				return;
			if (!literal) {
				simple = 0;
				continue;
			}
			cp = c;
		} else {
			n = read_char(ps, p, &cp, &literal);
			if (ps->bad)
				return;
			p += n;
		}
		/* A range: x-y, where y is not the closing bracket. */
		if (p + 1 < ps->end && *p == '-' && p[1] != ']') {
			if (p[1] == '\\' || p[1] == '[') {
				ps->bad = 1;
				return;
			}
			n2 = read_char(ps, p + 1, &cp2, &lit2);
			if (ps->bad || cp2 < cp) {
				ps->bad = 1;
				return;
			}
			range_first(&first, cp, cp2);
			simple = 0;
			p += 1 + n2;
			continue;
		}
		if (!literal) {
			bytes_cased(&first);
			simple = 0;
			continue;
		}
		n = canon_char(cp, enc);
		if (set_add(&s, enc, n) == -1)
			simple = 0;
	}
	ps->p = p;
	for (n = 0; n < s.n; n++)
		bytes_add(&first, (unsigned char)s.v[n].s[0]);
	if (simple && s.n > 0)
		lit_chars(out, &s);
	else
		lit_char_of(out, &first, ps->starts);
}

static void
parse_escape(struct parse *ps, struct lit *out)
{
	struct bytes b;
	unsigned char e;
	char one;
	int n;

	if (ps->p + 1 >= ps->end) {
		ps->bad = 1;
		return;
	}
	e = (unsigned char)ps->p[1];
	ps->p += 2;
	if (e >= 0x80) {
		ps->bad = 1;
		return;
	}
	if (!is_alnum(e)) {
		one = (char)e;
		lit_bytes(out, &one, 1);
		return;
	}
	if (e == 's' || e == 'h') {
		lit_chars(out, spaces(e == 's'));
		return;
	}
	escape_first(e, &b);
	lit_char_of(out, &b, ps->starts);
	switch (e) {
	case 'b': case 'B': case 'A': case 'z': case 'Z': case 'G': case 'K':
		lit_empty(out);
		break;
	case 'd': case 'D': case 'w': case 'W': case 's': case 'S':
	case 'h': case 'H': case 'v': case 'V': case 'R': case 'X':
	case 'a': case 'e': case 'f': case 'n': case 'r': case 't':
		break;
	case 'N': case 'o':
		if (ps->p < ps->end && *ps->p == '{')
			skip_braces(ps);
		else if (e == 'o')
			ps->bad = 1;
		break;
	case 'p': case 'P':
		if (ps->p < ps->end && *ps->p == '{')
			skip_braces(ps);
		else if (ps->p < ps->end)
			ps->p++;
		break;
	case 'x':
		if (ps->p < ps->end && *ps->p == '{')
			skip_braces(ps);
		else
			for (n = 0; n < 2 && ps->p < ps->end &&
			    is_hex((unsigned char)*ps->p); n++)
				ps->p++;
		break;
	case 'c':
		if (ps->p < ps->end)
			ps->p++;
		break;
	default:
		/* Back-references, \Q...\E, \g, \k, \C: not read. */
		ps->bad = 1;
	}
}

/* (?imnsUJ-) and the like: options; x would change what follows. */
static int
skip_options(struct parse *ps, const char *p)
{
	for (; p < ps->end && *p != '\0' && strchr("imnsUJ-^", *p) != NULL;
	    p++)
		;
	if (p < ps->end && (*p == ')' || *p == ':')) {
		ps->p = p;
		return 1;
	}
	return 0;
}

static void	parse_alt(struct parse *, struct lit *);

/* After "(": a group, a lookaround, a comment or options. */
static void
parse_group(struct parse *ps, struct lit *out)
{
	const char *p = ps->p, *close;
	int look = 0, starts;

	if (p < ps->end && *p == '?') {
		p++;
		if (p >= ps->end) {
			ps->bad = 1;
			return;
		}
		switch (*p) {
		case '#':
			if ((close = memchr(p, ')', (size_t)(ps->end - p))) ==
			    NULL) {
				ps->bad = 1;
				return;
			}
			ps->p = close + 1;
			lit_empty(out);
			return;
		case ':': case '|': case '>':
			ps->p = p + 1;
			break;
		case '=': case '!':
			ps->p = p + 1;
			look = 1;
			break;
		case '<':
			if (p + 1 < ps->end && (p[1] == '=' || p[1] == '!')) {
				ps->p = p + 2;
				look = 1;
				break;
			}
			/* FALLTHROUGH */
		case '\'':
		case 'P':
			if (*p == 'P' && (p + 1 >= ps->end || p[1] != '<')) {
				ps->bad = 1;
				return;
			}
			close = memchr(p + 1, *p == '\'' ? '\'' : '>',
			    (size_t)(ps->end - p - 1));
			if (close == NULL) {
				ps->bad = 1;
				return;
			}
			ps->p = close + 1;
			break;
		default:
			if (!skip_options(ps, p)) {
				ps->bad = 1;
				return;
			}
			if (*ps->p++ == ')') {
				lit_empty(out);
				return;
			}
		}
	} else if (p < ps->end && *p == '*') {
		ps->bad = 1;
		return;
	}
	if (++ps->depth > DEPTH_MAX) {
		ps->bad = 1;
		return;
	}
	starts = ps->starts;
	ps->starts = starts && !look;
	parse_alt(ps, out);
	ps->starts = starts;
	ps->depth--;
	if (ps->bad || ps->p >= ps->end || *ps->p != ')') {
		ps->bad = 1;
		return;
	}
	ps->p++;
	if (look)
		lit_empty(out);
}

/* A quantifier after an atom: 1 when there was one. */
static int
parse_quant(struct parse *ps, unsigned *min, unsigned *max)
{
	uint32_t lo, hi;
	size_t n = quantifier_at(ps->p, ps->end, &lo, &hi);

	if (n == 0) {
		/* A '{' PCRE2 reads literally: not worth reading here. */
		if (ps->p < ps->end && *ps->p == '{')
			ps->bad = 1;
		return 0;
	}
	*min = lo;
	*max = hi;
	ps->p += n;
	if (ps->p < ps->end && (*ps->p == '?' || *ps->p == '+'))
		ps->p++;
	return 1;
}

/*
 * A start set holding the empty string says the piece may match nothing,
 * so a match may start with what follows it.
 */
static void
apply_quant(struct lit *l, unsigned min, unsigned max, int starts)
{
	if (min == 1 && max == 1)
		return;
	if (min == 0) {
		l->nullable = 1;
		if (max == 1 && l->fixed && set_add(&l->set, "", 0) == 0)
			return;
		if (!starts)
			l->pre.n = 0;
		else if (l->fixed && pset_of(&l->pre, &l->set) == -1)
			l->pre.n = 0;
		if (l->pre.n > 0 && pset_add(&l->pre, "", 0) == -1)
			l->pre.n = 0;
		l->fixed = 0;
		l->set.n = 0;
		return;
	}
	/* Once at least: the first copy's strings are needed and start it. */
	if (l->fixed) {
		l->fixed = 0;
		if (!starts || pset_of(&l->pre, &l->set) == -1)
			l->pre.n = 0;
	}
}

static void
parse_atom(struct parse *ps, struct lit *out)
{
	unsigned char c = (unsigned char)*ps->p;
	struct bytes cased;
	unsigned min, max;
	int literal;
	uint32_t cp;
	char enc[4];

	switch (c) {
	case '(':
		ps->p++;
		parse_group(ps, out);
		break;
	case '[':
		ps->p++;
		parse_class(ps, out);
		break;
	case '\\':
		parse_escape(ps, out);
		break;
	case '.':
		ps->p++;
		lit_any(out);
		break;
	case '^': case '$':
		ps->p++;
		lit_empty(out);
		break;
	case '*': case '+': case '?': case '{':
		ps->bad = 1;
		return;
	default:
		ps->p += read_char(ps, ps->p, &cp, &literal);
		if (literal)
			lit_bytes(out, enc, canon_char(cp, enc));
		else {
			memset(&cased, 0, sizeof(cased));
			bytes_cased(&cased);
			lit_char_of(out, &cased, ps->starts);
		}
	}
	if (!ps->bad && parse_quant(ps, &min, &max))
		apply_quant(out, min, max, ps->starts);
}

/* A sequence's start strings: DONE, or CONT and what comes next. */
struct starts {
	struct pset	done, cont;
	int		state;		/* 1 open, 0 closed, -1 unknown */
};

/* The sequence ends: what continues is a way to start, even "". */
static void
starts_finish(struct starts *st)
{
	st->state = pset_union(&st->done, &st->cont) == -1 ? -1 : 0;
}

/* Nothing is known of what follows: "" would let a match start anyhow. */
static void
starts_close(struct starts *st)
{
	if (pset_has_empty(&st->cont))
		st->state = -1;
	else
		starts_finish(st);
}

/* Once every continuing string is long enough, more says nothing. */
static void
starts_trim(struct starts *st)
{
	size_t i;

	for (i = 0; i < st->cont.n; i++)
		if (pre_len(st->cont.v[i]) < PRE_MAX)
			return;
	starts_close(st);
}

/* Add the strings of B but the empty one to A, cut to MAX bytes. */
static int
pset_union_cut(struct pset *a, const struct pset *b, size_t max)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		if (pre_len(b->v[i]) > 0 &&
		    pset_put(a, pre_cut(b->v[i], max)) == -1)
			return -1;
	return 0;
}

/*
 * The ways to start that CONT and then PART make are done.  When they
 * are too many to list, shorter ones stand for them, true still if
 * less telling: a string of CONT for all its continuations, then
 * prefixes of every string.
 */
static int
starts_done(struct starts *st, const struct pset *part)
{
	struct pset tmp, done;
	size_t max;

	pset_copy(&done, &st->done);
	if (pset_cross(&tmp, &st->cont, part) == 0 &&
	    pset_union(&done, &tmp) == 0) {
		pset_copy(&st->done, &done);
		return 0;
	}
	for (max = PRE_MAX; max > 0; max--) {
		pset_copy(&done, &st->done);
		pset_shorten(&done, max);
		if (pset_union_cut(&done, &st->cont, max) == 0 &&
		    (!pset_has_empty(&st->cont) ||
		    pset_union_cut(&done, part, max) == 0)) {
			pset_copy(&st->done, &done);
			return 0;
		}
	}
	return -1;
}

static void
starts_step(struct starts *st, const struct lit *it)
{
	struct pset tmp, part;
	size_t i;

	if (st->state != 1)
		return;
	if (it->fixed) {
		if (pset_of(&part, &it->set) == 0 &&
		    pset_cross(&tmp, &st->cont, &part) == 0) {
			pset_copy(&st->cont, &tmp);
			starts_trim(st);
		} else
			starts_close(st);
		return;
	}
	if (it->pre.n == 0) {
		starts_close(st);
		return;
	}
	part.n = 0;
	for (i = 0; i < it->pre.n; i++)
		if (pre_len(it->pre.v[i]) > 0)
			(void)pset_put(&part, it->pre.v[i]);
	if (part.n > 0 && starts_done(st, &part) == -1) {
		starts_close(st);
		return;
	}
	if (!pset_has_empty(&it->pre))
		st->state = 0;
}

/* The start strings that CONT and then the one string PRE make. */
static void
starts_append(struct starts *st, uint64_t pre)
{
	struct pset tmp;
	size_t i;

	tmp.n = 0;
	for (i = 0; i < st->cont.n; i++)
		(void)pset_put(&tmp, pre_cat(st->cont.v[i], pre));
	pset_copy(&st->cont, &tmp);
	starts_trim(st);
}

/*
 * A sequence being read: runs of fixed pieces are joined into longer
 * strings; the best needed set is the one whose shortest string is
 * longest.
 */
struct seq {
	struct set	run, best;
	struct starts	st;
	struct bytes	first;
	int		all_fixed, nullable;
};

static void
seq_piece(struct seq *sq, const struct lit *it)
{
	if (sq->nullable)
		bytes_union(&sq->first, &it->first);
	sq->nullable = sq->nullable && it->nullable;
	starts_step(&sq->st, it);
	if (it->fixed && set_join(&sq->run, &it->set) == 0)
		return;
	consider(&sq->best, &sq->run);
	sq->all_fixed = 0;
	if (it->fixed)
		set_copy(&sq->run, &it->set);
	else {
		consider(&sq->best, &it->set);
		set_empty_string(&sq->run);
	}
}

/* Literal characters in a row, in canonical form: see plain_chars. */
struct chars {
	char		b[LIT_MAX];
	size_t		len, n;
	unsigned char	end[LIT_MAX];	/* where each character ends */
};

/* What seq_piece makes of one literal character, ENC (LEN bytes). */
static void
seq_char(struct seq *sq, const char *enc, size_t len)
{
	if (set_append(&sq->run, enc, len) == 0)
		return;
	consider(&sq->best, &sq->run);
	sq->all_fixed = 0;
	sq->run.n = 0;
	(void)set_add(&sq->run, enc, len);
}

/*
 * What seq_char of each character of C makes: the start strings and
 * the run are apart, and the run most often takes them all at once.
 */
static void
seq_chars(struct seq *sq, const struct chars *c)
{
	size_t i, at;

	if (sq->nullable)
		bytes_add(&sq->first, (unsigned char)c->b[0]);
	sq->nullable = 0;
	for (i = at = 0; i < c->n && sq->st.state == 1; at = c->end[i++])
		starts_append(&sq->st, pre_of(c->b + at, c->end[i] - at));
	if (set_append(&sq->run, c->b, c->len) == 0)
		return;
	for (i = at = 0; i < c->n; at = c->end[i++])
		seq_char(sq, c->b + at, c->end[i] - at);
}

static void
seq_finish(struct seq *sq, struct lit *out)
{
	out->first = sq->first;
	out->nullable = sq->nullable;
	if (sq->all_fixed) {
		out->fixed = 1;
		set_copy(&out->set, &sq->run);
		out->pre.n = 0;
		return;
	}
	consider(&sq->best, &sq->run);
	out->fixed = 0;
	set_copy(&out->set, &sq->best);
	if (sq->st.state == 1)
		starts_finish(&sq->st);
	pset_copy(&out->pre, &sq->st.done);
	if (sq->st.state == -1)
		out->pre.n = 0;
}

static int
is_quantifier(char c)
{
	return c == '*' || c == '+' || c == '?' || c == '{';
}

/*
 * The character at P in canonical form in ENC, its length (and the
 * bytes it took in *N), when it stands for itself and no quantifier
 * follows; else 0, and parse_atom reads it.  Most of a pattern is
 * such characters, and each is worth sparing a piece.
 */
static size_t
plain_char(const struct parse *ps, char *enc, size_t *n)
{
	const unsigned char *u = (const unsigned char *)ps->p;
	uint32_t cp;

	switch (*u) {
	case '(': case '[': case '\\': case '.': case '^': case '$':
	case '*': case '+': case '?': case '{':
		return 0;
	}
	if (*u < 0x80) {
		cp = *u;
		*n = 1;
	} else {
		*n = utf8_valid_seq(u, (size_t)(ps->end - ps->p), 0);
		if (*n == 0 || case_unknown(cp = utf8_decode(&u)))
			return 0;
	}
	if (ps->p + *n < ps->end && is_quantifier(ps->p[*n]))
		return 0;
	return canon_char(cp, enc);
}

/*
 * The characters from P on that plain_char takes, as many as C holds,
 * into C, and P past them; 0 when there is none.
 */
static size_t
plain_chars(struct parse *ps, struct chars *c)
{
	size_t len, n, k;
	char enc[4];

	c->len = c->n = 0;
	while (ps->p < ps->end && *ps->p != '|' && *ps->p != ')' &&
	    (len = plain_char(ps, enc, &n)) > 0 && c->len + len <= LIT_MAX) {
		for (k = 0; k < len; k++)
			c->b[c->len++] = enc[k];
		c->end[c->n++] = (unsigned char)c->len;
		ps->p += n;
	}
	return c->n;
}

static void
parse_seq(struct parse *ps, struct lit *out)
{
	struct seq sq;
	struct lit it;
	struct chars c;
	int starts = ps->starts;

	set_empty_string(&sq.run);
	sq.best.n = 0;
	sq.st.done.n = 0;
	sq.st.cont.n = 0;
	(void)pset_add(&sq.st.cont, "", 0);
	sq.st.state = starts ? 1 : -1;
	memset(&sq.first, 0, sizeof(sq.first));
	sq.all_fixed = sq.nullable = 1;
	while (!ps->bad && ps->p < ps->end && *ps->p != '|' && *ps->p != ')') {
		if (plain_chars(ps, &c) > 0) {
			seq_chars(&sq, &c);
			continue;
		}
		ps->starts = sq.st.state == 1;
		parse_atom(ps, &it);
		if (ps->bad)
			return;
		seq_piece(&sq, &it);
	}
	ps->starts = starts;
	seq_finish(&sq, out);
}

/*
 * Branches: a fixed union, or the union of what each branch needs.  A
 * union known to fail is not made for the branches after.
 */
static void
parse_alt(struct parse *ps, struct lit *out)
{
	struct set fixed, need;
	struct seen fixed_seen, need_seen;
	struct pset pre, bp;
	const struct set *bn;
	struct bytes first;
	struct lit br;
	int all_fixed = 1, fixed_ok = 1, need_ok = 1, pre_ok = ps->starts;
	int nullable = 0;

	fixed.n = need.n = pre.n = 0;
	memset(&fixed_seen, 0, sizeof(fixed_seen));
	memset(&need_seen, 0, sizeof(need_seen));
	memset(&first, 0, sizeof(first));
	for (;;) {
		parse_seq(ps, &br);
		if (ps->bad)
			return;
		bytes_union(&first, &br.first);
		nullable = nullable || br.nullable;
		bn = &br.set;
		if (!br.fixed)
			all_fixed = 0;
		else if (all_fixed && fixed_ok &&
		    set_union_seen(&fixed, &fixed_seen, &br.set) == -1)
			fixed_ok = 0;
		if (need_ok && (bn->n == 0 || set_has_empty(bn) ||
		    set_union_seen(&need, &need_seen, bn) == -1))
			need_ok = 0;
		if (pre_ok) {
			if (br.fixed) {
				if (pset_of(&bp, &br.set) == -1)
					bp.n = 0;
			} else
				pset_copy(&bp, &br.pre);
			if (bp.n == 0 || pset_union(&pre, &bp) == -1)
				pre_ok = 0;
		}
		if (ps->p >= ps->end || *ps->p != '|')
			break;
		ps->p++;
	}
	out->first = first;
	out->nullable = nullable;
	if (all_fixed && fixed_ok) {
		out->fixed = 1;
		set_copy(&out->set, &fixed);
		out->pre.n = 0;
		return;
	}
	out->fixed = 0;
	set_copy(&out->set, &need);
	pset_copy(&out->pre, &pre);
	if (!need_ok)
		out->set.n = 0;
	if (!pre_ok)
		out->pre.n = 0;
}

static char **
copy_set(const struct set *s, size_t *n)
{
	char **v;
	size_t i;

	v = xreallocarray(NULL, s->n, sizeof(*v));
	for (i = 0; i < s->n; i++)
		v[i] = xstrndup(s->v[i].s, s->v[i].len);
	*n = s->n;
	return v;
}

/*
 * Strings too short to be rare make a needed set useless: three ASCII
 * bytes at least, or two when one is beyond ASCII, or one byte that
 * prose seldom has.
 */
static int
worth_looking_for(const struct set *s)
{
	const unsigned char *u;
	size_t i;

	if (s->n == 0)
		return 0;
	for (i = 0; i < s->n; i++) {
		u = (const unsigned char *)s->v[i].s;
		if (s->v[i].len >= LIT_MIN)
			continue;
		if (s->v[i].len == 2 && (u[0] >= 0x80 || u[1] >= 0x80))
			continue;
		if (s->v[i].len == 1 && strchr("|@#©®™•·»›<>[]{}~^_\\", u[0]) &&
		    u[0] != '\0')
			continue;
		return 0;
	}
	return 1;
}

/*
 * A bit for the low six bits of each byte of S: a string holds another
 * only if it has all of the other's bits, which most pairs do not.
 */
static uint64_t
bytes_mask(const struct str *s)
{
	uint64_t m = 0;
	size_t i;

	for (i = 0; i < s->len; i++)
		m |= (uint64_t)1 << ((unsigned char)s->s[i] & 63);
	return m;
}

/*
 * A string that holds another of the set adds nothing to "one of these
 * is there": " comments" goes when "comment" is in.
 */
static void
drop_containing(struct set *s)
{
	uint64_t has[SET_MAX];
	size_t i, j, k;

	for (i = 0; i < s->n; i++)
		has[i] = bytes_mask(&s->v[i]);
	for (i = k = 0; i < s->n; i++) {
		for (j = 0; j < s->n; j++)
			if (j != i && s->v[j].len < s->v[i].len &&
			    (has[j] & ~has[i]) == 0 &&
			    memmem(s->v[i].s, s->v[i].len, s->v[j].s,
			    s->v[j].len) != NULL)
				break;
		if (j == s->n) {
			has[k] = has[i];
			s->v[k++] = s->v[i];
		}
	}
	s->n = k;
}

/*
 * What needs_read finds, kept in sets: the needed strings in NEED, not
 * yet through drop_containing, the start strings in PRE (n 0 for none
 * of either, and for no start strings without STARTS), the first bytes
 * in FIRST; 1, or 0 when a match may be empty (FIRST says nothing), -1
 * when nothing is known.
 */
static int
read_needs(const char *pattern, int starts, struct set *need,
    struct pset *pre, struct bytes *first)
{
	struct parse ps;
	struct lit l;

	need->n = pre->n = 0;
	ps.p = pattern;
	ps.end = pattern + strlen(pattern);
	ps.depth = ps.bad = 0;
	ps.starts = starts;
	parse_alt(&ps, &l);
	if (ps.bad || ps.p != ps.end)
		return -1;
	if (!l.fixed)
		pset_copy(pre, &l.pre);
	else if (starts && pset_of(pre, &l.set) == -1)
		pre->n = 0;
	if (pset_has_empty(pre))
		pre->n = 0;
	if (worth_looking_for(&l.set))
		set_copy(need, &l.set);
	*first = l.first;
	return !l.nullable;
}

void
needs_read(struct needs *nd, const char *pattern)
{
	struct set need;
	struct pset pre;
	struct bytes first;
	char b[PRE_MAX];
	size_t i;
	int known;

	memset(nd, 0, sizeof(*nd));
	if ((known = read_needs(pattern, 1, &need, &pre, &first)) == -1)
		return;
	drop_containing(&need);
	if (need.n > 0)
		nd->need = copy_set(&need, &nd->nneed);
	if (pre.n > 0) {
		nd->start = xreallocarray(NULL, pre.n, sizeof(*nd->start));
		for (i = 0; i < pre.n; i++)
			nd->start[i] = xstrndup(b, pre_bytes(pre.v[i], b));
		nd->nstart = pre.n;
	}
	if (known) {
		nd->first = xmalloc(sizeof(first.bit));
		memcpy(nd->first, first.bit, sizeof(first.bit));
	}
}

void
needs_free(struct needs *nd)
{
	size_t i;

	for (i = 0; i < nd->nneed; i++)
		free(nd->need[i]);
	for (i = 0; i < nd->nstart; i++)
		free(nd->start[i]);
	free(nd->need);
	free(nd->start);
	free(nd->first);
	memset(nd, 0, sizeof(*nd));
}

/* A needed string, looked for where its rarest three or four bytes are. */
struct entry {
	char		*s;
	uint64_t	 head;		/* its first eight bytes, or all */
	size_t		 len, key;	/* offset of those bytes */
	size_t		*ids;		/* the patterns that need it */
	size_t		 nids;
	uint64_t	 gram;		/* them, and how many, in bits 32 on */
};

/*
 * The needed strings to look for in blocks of some length.  A bit per
 * hash of four bytes (three, for strings that short) flags where a
 * comparison may start; strings of one or two bytes, which are symbols
 * or characters without case, are found with memchr.  Before either
 * hash, a bit per hash of a key's first three bytes, taken at every
 * position, says whether any key starts there: one test per byte of the
 * block in place of two.
 */
#define BITS4	16
#define BITS3	12
#define BUCKET_BITS 12

/*
 * A block of more than TIER_FLOOR[k] characters is scanned with table
 * k, which holds the strings of the patterns limited to more than that
 * or not at all: the others' rules cannot fit it.  Most limits are
 * short, a button or a menu item's, and most bytes are in longer
 * blocks, which so look for fewer strings.
 */
static const size_t tier_floor[] = { 0, 40, 100, 300 };
#define NTIERS	(sizeof(tier_floor) / sizeof(tier_floor[0]))

struct table {
	struct entry	*entries;	/* by bucket of their gram */
	size_t		 n, n3;		/* n3 of them of three bytes */
	struct entry	*shorts;
	size_t		 nshorts;
	size_t		 cap, capshorts;	/* room for entries, shorts */
	uint8_t		 bits4[(1 << BITS4) / 8];
	uint8_t		 bits3[(1 << BITS3) / 8];
	uint8_t		 first3[(1 << BITS4) / 8];
	/* Entries of bucket b: entries[bucket[b]] to entries[bucket[b+1]]. */
	uint32_t	 bucket[(1 << BUCKET_BITS) + 1];
};

struct pattern {
	size_t		 owner, maxlen;
	int		 added, anchored, anystart;
	struct bytes	 first;
	uint64_t	*start;		/* until the build: start_key of each */
	size_t		 nstart;
};

/*
 * The start index: for a block's first 1 to PRE_MAX bytes (folded), the
 * anchored patterns that may match there, as (owner << 32 | id) sorted.
 * One byte indexes directly; longer keys through a hash table, each
 * with its list merged with those of the first byte and the shorter
 * keys it begins with, so that a block reads the list of its longest
 * key alone.  Rules could make those lists as many times longer as
 * they have keys: past MERGED_MAX times the ids the lists hold apart,
 * they are kept apart and a block merges them.
 */
#define MERGED_MAX	8
struct startslot {
	uint64_t	 key;		/* 0: empty */
	uint32_t	 off, n;
};

struct owner {
	int		 floating;
	size_t		 ids, always;
	size_t		 hits;
	uint32_t	 gen;
};

struct prefilter {
	struct pattern	*pats;
	size_t		 npats;
	/*
	 * What a block asks of each pattern, apart, so that it stays in
	 * the first cache: seen[id] == gen when a needed string is there.
	 */
	uint32_t	*seen;
	uint8_t		*always;
	struct owner	*owners;
	size_t		 nowners;
	struct table	 tiers[NTIERS];	/* for blocks up to longest */
	struct table	 unlimited;	/* for longer ones */
	size_t		 longest;	/* the largest length limit */
	uint64_t	*ids;		/* the start index's lists */
	uint32_t	 byfirst[257];
	struct startslot *slots;
	size_t		 nslots;	/* a power of two */
	/*
	 * A bit per hash of the keys of two bytes or more: most of the
	 * blocks' first bytes are no key, and the slots are too many to
	 * stay in the cache.
	 */
	uint8_t		 keybits[(1 << 16) / 8];
	const uint64_t	*cand;		/* this block's */
	size_t		 ncand;
	/* NULL if the lists hold the shorter keys'; else a block's merge. */
	uint64_t	*merge, *merge_tmp;
	/*
	 * Floating owners with a needed string in the block, as found;
	 * those with a pattern that needs nothing; and the two merged, for
	 * prefilter_floating.
	 */
	uint32_t	*hit, *always_owners, *maybe;
	size_t		 nhit, nalways_owners, nmaybe;
	const unsigned char *s;		/* the block */
	size_t		 len, nchars;
	unsigned char	*c;		/* it in canonical form */
	size_t		 clen, ccap;
	uint32_t	*at;		/* where a key may start, ccap of them */
	uint32_t	 gen;
	int		 canonical, scanned, started, listed;
};

struct prefilter *
prefilter_new(size_t npatterns, size_t nowners)
{
	struct prefilter *pf;

	pf = xcalloc(1, sizeof(*pf));
	pf->pats = xcalloc(npatterns ? npatterns : 1, sizeof(*pf->pats));
	pf->seen = xcalloc(npatterns ? npatterns : 1, sizeof(*pf->seen));
	pf->always = xcalloc(npatterns ? npatterns : 1, sizeof(*pf->always));
	pf->npats = npatterns;
	pf->owners = xcalloc(nowners ? nowners : 1, sizeof(*pf->owners));
	pf->hit = xcalloc(nowners + 1, sizeof(*pf->hit));
	pf->always_owners = xcalloc(nowners + 1, sizeof(*pf->always_owners));
	pf->maybe = xcalloc(2 * nowners + 1, sizeof(*pf->maybe));
	pf->nowners = nowners;
	return pf;
}

static void
table_free(struct table *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		free(t->entries[i].s);
		free(t->entries[i].ids);
	}
	for (i = 0; i < t->nshorts; i++) {
		free(t->shorts[i].s);
		free(t->shorts[i].ids);
	}
	free(t->entries);
	free(t->shorts);
}

void
prefilter_free(struct prefilter *pf)
{
	size_t i;

	if (pf == NULL)
		return;
	for (i = 0; i < NTIERS; i++)
		table_free(&pf->tiers[i]);
	table_free(&pf->unlimited);
	free(pf->ids);
	free(pf->slots);
	free(pf->merge);
	free(pf->merge_tmp);
	free(pf->c);
	free(pf->at);
	free(pf->pats);
	free(pf->seen);
	free(pf->always);
	free(pf->hit);
	free(pf->always_owners);
	free(pf->maybe);
	free(pf->owners);
	free(pf);
}

/* The first eight bytes of S (LEN of them), or all, as load_le64 reads. */
static uint64_t
head_of(const char *s, size_t len)
{
	uint64_t h = 0;
	size_t i;

	for (i = 0; i < len && i < 8; i++)
		h |= (uint64_t)(unsigned char)s[i] << 8 * i;
	return h;
}

static void
table_add(struct table *t, size_t id, const char *str, size_t len)
{
	struct entry *e;

	if (len < 3) {
		if (t->nshorts == t->capshorts) {
			t->capshorts = t->capshorts ? 2 * t->capshorts : 16;
			t->shorts = xreallocarray(t->shorts, t->capshorts,
			    sizeof(*t->shorts));
		}
		e = &t->shorts[t->nshorts++];
	} else {
		if (t->n == t->cap) {
			t->cap = t->cap ? 2 * t->cap : 256;
			t->entries = xreallocarray(t->entries, t->cap,
			    sizeof(*t->entries));
		}
		e = &t->entries[t->n++];
	}
	memset(e, 0, sizeof(*e));
	e->len = len;
	e->s = xstrndup(str, len);
	e->head = head_of(e->s, len);
	e->ids = xmalloc(sizeof(*e->ids));
	e->ids[0] = id;
	e->nids = 1;
}

/*
 * A needed string of a pattern limited to MAXLEN characters, into the
 * tables of the blocks it may fit.
 */
static void
add_need(struct prefilter *pf, size_t id, const char *str, size_t len,
    size_t maxlen)
{
	size_t k;

	for (k = 0; k < NTIERS; k++)
		if (maxlen == 0 || maxlen > tier_floor[k])
			table_add(&pf->tiers[k], id, str, len);
	if (maxlen == 0)
		table_add(&pf->unlimited, id, str, len);
}

/* The table of a block of NCHARS characters. */
static const struct table *
table_for(const struct prefilter *pf, size_t nchars)
{
	size_t k = NTIERS - 1;

	if (nchars > pf->longest)
		return &pf->unlimited;
	while (k > 0 && nchars <= tier_floor[k])
		k--;
	return &pf->tiers[k];
}

static int
long_starts(const struct pset *pre)
{
	size_t i;

	for (i = 0; i < pre->n; i++)
		if (pre_len(pre->v[i]) < 3)
			return 0;
	return pre->n > 0;
}

/* S's first K bytes (folded) with K: a start index key. */
static uint64_t
start_key(const unsigned char *s, size_t k)
{
	uint64_t key = (uint64_t)k << 32;
	size_t i;

	for (i = 0; i < k; i++)
		key |= (uint64_t)s[i] << (8 * i);
	return key;
}

/* The start index's keys of start strings PRE. */
static uint64_t *
start_keys_of(const struct pset *pre)
{
	uint64_t *keys = xreallocarray(NULL, pre->n + 1, sizeof(*keys));
	unsigned char b[PRE_MAX];
	size_t i;

	for (i = 0; i < pre->n; i++)
		keys[i] = start_key(b, pre_bytes(pre->v[i], (char *)b));
	return keys;
}

void
prefilter_add(struct prefilter *pf, size_t id, size_t owner,
    const char *pattern, int floating, size_t maxlen)
{
	struct pattern *pt = &pf->pats[id];
	struct set need;
	struct pset pre;
	struct bytes first;
	size_t i;
	int known;

	/* A floating pattern is tried all along a block: how it starts is moot. */
	known = read_needs(pattern, !floating, &need, &pre, &first);
	pt->added = 1;
	pt->owner = owner;
	pt->maxlen = maxlen;
	pt->anchored = !floating;
	/* An anchored pattern whose starts are long says enough by them. */
	pf->always[id] = need.n == 0 || (!floating && long_starts(&pre));
	pt->anystart = known != 1;
	pf->owners[owner].ids++;
	pf->owners[owner].always += pf->always[id];
	/*
	 * Only now, for the patterns whose needs are looked for: it never
	 * empties a set (its shortest strings stay), so ALWAYS holds.
	 */
	if (!pf->always[id])
		drop_containing(&need);
	for (i = 0; i < need.n && !pf->always[id]; i++)
		add_need(pf, id, need.v[i].s, need.v[i].len, maxlen);
	if (!pf->always[id] && maxlen > pf->longest)
		pf->longest = maxlen;
	if (known == 1)
		pt->first = first;
	if (floating)
		pf->owners[owner].floating = 1;
	else {
		pt->start = start_keys_of(&pre);
		pt->nstart = pre.n;
	}
}

/* How often a byte comes up in text, roughly: lower is rarer. */
static int
commonness(unsigned char c)
{
	static const char order[] = "zqxjkvbpygfwmucldrhsnioate ";
	const char *p;

	if (c >= 0x80)
		return 8;
	if (c >= '0' && c <= '9')
		return 4;
	if (c != '\0' && (p = strchr(order, c)) != NULL)
		return 6 + (int)(p - order);
	return 6;
}

static uint32_t
gram_hash(uint32_t g, int bits)
{
	return (g * 0x9E3779B1u) >> (32 - bits);
}

/* Which bucket a key is in: a hash of its bytes, not of its length. */
static uint32_t
bucket_of(uint64_t gram)
{
	return gram_hash((uint32_t)gram, BUCKET_BITS);
}

/*
 * The entries by bucket, those of a bucket kept in their order, and
 * where each bucket starts: counted, then put in place.
 */
static void
sort_by_bucket(struct table *t)
{
	uint32_t at[1 << BUCKET_BITS];
	struct entry *by;
	size_t i;

	for (i = 0; i < t->n; i++)
		t->bucket[bucket_of(t->entries[i].gram) + 1]++;
	for (i = 1; i <= (size_t)1 << BUCKET_BITS; i++)
		t->bucket[i] += t->bucket[i - 1];
	memcpy(at, t->bucket, sizeof(at));
	by = xreallocarray(NULL, t->n, sizeof(*by));
	for (i = 0; i < t->n; i++)
		by[at[bucket_of(t->entries[i].gram)]++] = t->entries[i];
	free(t->entries);
	t->entries = by;
	t->cap = t->n;
}

/* N (3 or 4) bytes at S as a gram: big-endian, as the scan shifts them. */
static uint32_t
gram_at(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t g = 0;
	size_t i;

	for (i = 0; i < n; i++)
		g = g << 8 | u[i];
	return g;
}

/*
 * The three bytes at S little-endian, as the scan's first pass takes
 * them from a load of eight: the gram whose hash says where a key may
 * start.
 */
static uint32_t
first3_at(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	return (uint32_t)u[0] | (uint32_t)u[1] << 8 | (uint32_t)u[2] << 16;
}

/*
 * Pick the string's four bytes (three if that is all) that are rarest,
 * and least used as the key of other strings already: each hit on a key
 * costs a comparison with every string under it.  RANK holds each
 * byte's commonness, looked up once for all the strings.
 */
static void
choose_key(struct entry *e, uint16_t *used, const int *rank)
{
	const unsigned char *u = (const unsigned char *)e->s;
	size_t i, j, n = e->len < 4 ? 3 : 4;
	int best = INT32_MAX, k;
	uint32_t h;

	for (i = 0; i + n <= e->len; i++) {
		k = 8 * used[gram_hash(gram_at(e->s + i, n), BITS4)];
		for (j = 0; j < n; j++)
			k += rank[u[i + j]];
		if (k < best) {
			best = k;
			e->key = i;
		}
	}
	e->gram = (uint64_t)n << 32 | gram_at(e->s + e->key, n);
	h = gram_hash((uint32_t)e->gram, BITS4);
	if (used[h] < UINT16_MAX)
		used[h]++;
}

static int
by_string(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return memcmp(x->s, y->s, x->len);
}

/* One entry per string, with every pattern that needs it. */
static void
merge_same(struct entry *e, size_t *n)
{
	size_t i, j;

	if (*n == 0)
		return;
	qsort(e, *n, sizeof(*e), by_string);
	for (i = 0, j = 1; j < *n; j++) {
		if (by_string(&e[i], &e[j]) != 0) {
			e[++i] = e[j];
			continue;
		}
		e[i].ids = xreallocarray(e[i].ids, e[i].nids + 1,
		    sizeof(*e[i].ids));
		e[i].ids[e[i].nids++] = e[j].ids[0];
		free(e[j].ids);
		free(e[j].s);
	}
	*n = i + 1;
}

/*
 * USED counts the keys chosen by their hash (all 0, and so left); RANK
 * holds each byte's commonness.
 */
static void
table_build(struct table *t, uint16_t *used, const int *rank)
{
	uint32_t h;
	size_t i;

	merge_same(t->entries, &t->n);
	merge_same(t->shorts, &t->nshorts);
	if (t->n == 0)
		return;
	for (i = 0; i < t->n; i++) {
		choose_key(&t->entries[i], used, rank);
		h = gram_hash(first3_at(t->entries[i].s + t->entries[i].key),
		    BITS4);
		bit_set(t->first3, h);
		if (t->entries[i].len == 3) {
			h = gram_hash((uint32_t)t->entries[i].gram, BITS3);
			bit_set(t->bits3, h);
			t->n3++;
		} else {
			h = gram_hash((uint32_t)t->entries[i].gram, BITS4);
			bit_set(t->bits4, h);
		}
	}
	for (i = 0; i < t->n; i++)
		used[gram_hash((uint32_t)t->entries[i].gram, BITS4)] = 0;
	sort_by_bucket(t);
}

struct keyed {
	uint64_t	key, val;
};

/*
 * KV's N pairs by key, the pairs of a key kept in their order: a radix
 * sort, ten bits of the key (forty hold it) a pass, through TMP.
 */
#define RADIX_BITS	10

static void
sort_by_key(struct keyed *kv, struct keyed *tmp, size_t n)
{
	struct keyed *from = kv, *to = tmp, *t;
	size_t count[1 << RADIX_BITS], i, c, sum, was;
	unsigned shift;

	if (n < 2)
		return;
	for (shift = 0; shift < 40; shift += RADIX_BITS) {
		memset(count, 0, sizeof(count));
		for (i = 0; i < n; i++)
			count[from[i].key >> shift &
			    ((1u << RADIX_BITS) - 1)]++;
		for (c = sum = 0; c < (size_t)1 << RADIX_BITS; c++) {
			was = count[c];
			count[c] = sum;
			sum += was;
		}
		for (i = 0; i < n; i++)
			to[count[from[i].key >> shift &
			    ((1u << RADIX_BITS) - 1)]++] = from[i];
		t = from;
		from = to;
		to = t;
	}
	if (from != kv)
		memcpy(kv, from, n * sizeof(*kv));
}

/* The anchored patterns in order of (owner, id): their values' order. */
static size_t *
anchored_by_owner(const struct prefilter *pf, size_t *n)
{
	size_t *at, *order, id;

	at = xcalloc(pf->nowners + 1, sizeof(*at));
	order = xreallocarray(NULL, pf->npats + 1, sizeof(*order));
	for (id = 0; id < pf->npats; id++)
		if (pf->pats[id].anchored)
			at[pf->pats[id].owner + 1]++;
	for (id = 1; id <= pf->nowners; id++)
		at[id] += at[id - 1];
	*n = at[pf->nowners];
	for (id = 0; id < pf->npats; id++)
		if (pf->pats[id].anchored)
			order[at[pf->pats[id].owner]++] = id;
	free(at);
	return order;
}

static uint32_t
keybit_of(uint64_t key)
{
	return (uint32_t)((key * 0x9E3779B97F4A7C15ULL) >> 48);
}

static size_t
slot_of(const struct prefilter *pf, uint64_t key)
{
	size_t i = (size_t)((key * 0x9E3779B97F4A7C15ULL) >> 40) &
	    (pf->nslots - 1);

	while (pf->slots[i].key != 0 && pf->slots[i].key != key)
		i = (i + 1) & (pf->nslots - 1);
	return i;
}

/*
 * Every anchored pattern under each key it may start with, the values
 * in increasing order.
 */
static struct keyed *
start_keys(struct prefilter *pf, size_t *n)
{
	struct keyed *kv = NULL;
	struct pattern *pt;
	size_t *order, nanch, k, id, i, cap = 0;
	unsigned c;

	*n = 0;
	order = anchored_by_owner(pf, &nanch);
	for (k = 0; k < nanch; k++) {
		id = order[k];
		pt = &pf->pats[id];
		for (i = 0, c = 0; pt->nstart > 0 ? i < pt->nstart : c < 256;
		    i++, c++) {
			if (*n == cap) {
				cap = cap ? 2 * cap : 1024;
				kv = xreallocarray(kv, cap, sizeof(*kv));
			}
			if (pt->nstart > 0)
				kv[*n].key = pt->start[i];
			else if (pt->anystart || bytes_has(&pt->first, c))
				kv[*n].key = start_key((unsigned char *)&c, 1);
			else
				continue;
			kv[(*n)++].val = (uint64_t)pt->owner << 32 | id;
		}
	}
	free(order);
	return kv;
}

/* Sorted lists A (NA) and B (NB) merged into OUT without repeats. */
static size_t
merge_sorted(const uint64_t *a, size_t na, const uint64_t *b, size_t nb,
    uint64_t *out)
{
	size_t i = 0, j = 0, k = 0;

	while (i < na || j < nb) {
		if (j == nb || (i < na && a[i] <= b[j])) {
			if (j < nb && a[i] == b[j])
				j++;
			out[k++] = a[i++];
		} else
			out[k++] = b[j++];
	}
	return k;
}

/*
 * The list of first byte C and those of the N slots FOUND merged into
 * OUT, through TMP, each with room for all ids; its length.
 */
static size_t
merge_lists(const struct prefilter *pf, size_t c,
    const struct startslot *const *found, size_t n, uint64_t *out,
    uint64_t *tmp)
{
	size_t k, len = pf->byfirst[c + 1] - pf->byfirst[c];

	memcpy(out, pf->ids + pf->byfirst[c], len * sizeof(*out));
	for (k = 0; k < n; k++) {
		len = merge_sorted(out, len, pf->ids + found[k]->off,
		    found[k]->n, tmp);
		memcpy(out, tmp, len * sizeof(*out));
	}
	return len;
}

/*
 * The list of slot SL's key merged with those of the first byte and of
 * the shorter keys it begins with, into OUT, through TMP; its length.
 */
static size_t
list_with_shorter(const struct prefilter *pf, const struct startslot *sl,
    uint64_t *out, uint64_t *tmp)
{
	const struct startslot *pre, *found[PRE_MAX];
	size_t k, n = 0, len = (size_t)(sl->key >> 32);
	uint64_t key;

	for (k = 2; k <= len; k++) {
		key = (uint64_t)k << 32 | (sl->key & ((1ULL << 8 * k) - 1));
		pre = &pf->slots[slot_of(pf, key)];
		if (pre->key != 0)
			found[n++] = pre;
	}
	return merge_lists(pf, sl->key & 0xFF, found, n, out, tmp);
}

/*
 * Every slot's list becomes its list with the first byte's and the
 * shorter keys' (see the start index), the first bytes' lists staying at
 * the front; NIDS is how many ids all lists hold.  Unless that would
 * take too much room: then a block merges them, in buffers made here.
 */
static void
merge_shorter_keys(struct prefilter *pf, size_t nids)
{
	uint64_t *lists, *tmp;
	uint32_t *off, *len;
	size_t i, n, cap, used = pf->byfirst[256];

	cap = nids + 1;
	lists = xreallocarray(NULL, cap, sizeof(*lists));
	memcpy(lists, pf->ids, used * sizeof(*lists));
	tmp = xreallocarray(NULL, nids + 1, sizeof(*tmp));
	off = xcalloc(pf->nslots, sizeof(*off));
	len = xcalloc(pf->nslots, sizeof(*len));
	for (i = 0; i < pf->nslots && used <= MERGED_MAX * nids; i++) {
		if (pf->slots[i].key == 0)
			continue;
		if (used + nids > cap) {
			cap = 2 * (used + nids);
			lists = xreallocarray(lists, cap, sizeof(*lists));
		}
		n = list_with_shorter(pf, &pf->slots[i], lists + used, tmp);
		off[i] = (uint32_t)used;
		len[i] = (uint32_t)n;
		used += n;
	}
	if (used <= MERGED_MAX * nids) {
		for (i = 0; i < pf->nslots; i++) {
			pf->slots[i].off = off[i];
			pf->slots[i].n = len[i];
		}
		free(pf->ids);
		pf->ids = lists;
		free(tmp);
	} else {
		free(lists);
		pf->merge = xreallocarray(NULL, nids + 1, sizeof(*pf->merge));
		pf->merge_tmp = tmp;
	}
	free(off);
	free(len);
}

static void
build_start_index(struct prefilter *pf)
{
	struct keyed *kv, *tmp;
	struct startslot *sl;
	size_t n, i, j, keys = 0;

	kv = start_keys(pf, &n);
	tmp = xreallocarray(NULL, n + 1, sizeof(*tmp));
	/* By key, then value. */
	sort_by_key(kv, tmp, n);
	free(tmp);
	pf->ids = xreallocarray(NULL, n + 1, sizeof(*pf->ids));
	for (i = 0; i < n; i++)
		keys += i == 0 || kv[i].key != kv[i - 1].key;
	for (pf->nslots = 16; pf->nslots < 2 * keys; pf->nslots *= 2)
		;
	pf->slots = xcalloc(pf->nslots, sizeof(*pf->slots));
	for (i = j = 0; i < n; i++) {
		if (i > 0 && kv[i].key == kv[i - 1].key &&
		    kv[i].val == kv[i - 1].val)
			continue;
		pf->ids[j] = kv[i].val;
		if ((kv[i].key >> 32) == 1)
			pf->byfirst[(kv[i].key & 0xFF) + 1] = (uint32_t)j + 1;
		else {
			sl = &pf->slots[slot_of(pf, kv[i].key)];
			if (sl->key == 0) {
				sl->key = kv[i].key;
				sl->off = (uint32_t)j;
				bit_set(pf->keybits, keybit_of(sl->key));
			}
			sl->n++;
		}
		j++;
	}
	/* Bytes no pattern starts with: empty ranges. */
	for (i = 1; i <= 256; i++)
		if (pf->byfirst[i] < pf->byfirst[i - 1])
			pf->byfirst[i] = pf->byfirst[i - 1];
	free(kv);
	merge_shorter_keys(pf, j);
}

void
prefilter_build(struct prefilter *pf)
{
	uint16_t *used;
	size_t i;
	int rank[256];

	for (i = 0; i < pf->npats; i++)
		if (!pf->pats[i].added)
			pf->always[i] = pf->pats[i].anystart = 1;
	used = xcalloc((size_t)1 << BITS4, sizeof(*used));
	for (i = 0; i < 256; i++)
		rank[i] = commonness((unsigned char)i);
	for (i = 0; i < NTIERS; i++)
		table_build(&pf->tiers[i], used, rank);
	table_build(&pf->unlimited, used, rank);
	free(used);
	build_start_index(pf);
	for (i = 0; i < pf->nowners; i++)
		if (pf->owners[i].floating && pf->owners[i].always > 0)
			pf->always_owners[pf->nalways_owners++] = (uint32_t)i;
	for (i = 0; i < pf->npats; i++) {
		free(pf->pats[i].start);
		pf->pats[i].start = NULL;
		pf->pats[i].nstart = 0;
	}
}


void
prefilter_reset(struct prefilter *pf, const char *s, size_t len,
    size_t nchars)
{
	pf->s = (const unsigned char *)s;
	pf->len = len;
	pf->nchars = nchars;
	pf->canonical = pf->scanned = pf->started = pf->listed = 0;
}

static const unsigned char fold_table[256] = {
#define R(x) (x), (x) + 1, (x) + 2, (x) + 3, (x) + 4, (x) + 5, (x) + 6, (x) + 7
	R(0), R(8), R(16), R(24), R(32), R(40), R(48), R(56),
	64, R(97), R(105), R(113), 121, 122, 91, 92, 93, 94, 95,
	R(96), R(104), R(112), R(120),
	R(128), R(136), R(144), R(152), R(160), R(168), R(176), R(184),
	R(192), R(200), R(208), R(216), R(224), R(232), R(240), R(248)
#undef R
};

/*
 * The canonical form of a character beyond ASCII.  Two-byte characters
 * come from case_key's table, others from utf8proc, unless their block
 * of 256 was seen to hold no character with case: both are filled as
 * needed.
 */
static uint32_t
canon_cp(uint32_t cp)
{
	static uint8_t page[0x1100];	/* 1: no case, 2: some */
	uint32_t c, key;

	if (cp < 0x800)
		return case_key(cp);
	if (page[cp >> 8] == 0) {
		page[cp >> 8] = 1;
		for (c = cp & ~0xFFu; c <= (cp | 0xFF); c++)
			if (case_key(c) != c)
				page[cp >> 8] = 2;
	}
	if (page[cp >> 8] == 1 || (key = case_key(cp)) == cp)
		return cp;
	return key;
}

/*
 * The ASCII bytes that open the eight at S, folded into O at once; how
 * many they are.  A byte from A to Z is one whose adding 0x3F sets the
 * high bit and adding 0x25 does not; it gains 0x20.  A carry only runs
 * from a byte of 0x80 or more to the bytes after it, which are not
 * counted.  O has room for eight bytes.
 */
static size_t
ascii_fold8(const unsigned char *s, unsigned char *o)
{
	uint64_t w, upper, high;

	w = load_le64(s);
	upper = (w + 0x3F3F3F3F3F3F3F3FULL) & ~(w + 0x2525252525252525ULL) &
	    0x8080808080808080ULL;
	store_le64(o, w | upper >> 2);
	high = w & 0x8080808080808080ULL;
	return high == 0 ? 8 : first_high(high);
}

/* The block in canonical form, made when first needed. */
static void
canonicalize(struct prefilter *pf)
{
	const unsigned char *s = pf->s, *end = pf->s + pf->len, *p;
	unsigned char *o;
	uint32_t cp;
	size_t n;

	pf->canonical = 1;
	/* Two bytes a byte at most, and eight to read a string's head. */
	if (pf->ccap < 2 * pf->len + 16) {
		free(pf->c);
		free(pf->at);
		pf->ccap = 2 * pf->len + 16;
		pf->c = xmalloc(pf->ccap);
		pf->at = xreallocarray(NULL, pf->ccap, sizeof(*pf->at));
	}
	for (o = pf->c; s < end; s += n) {
		if (end - s >= 8 && (n = ascii_fold8(s, o)) > 0) {
			o += n;
			continue;
		}
		if (*s < 0x80) {
			*o++ = fold_table[*s];
			n = 1;
			continue;
		}
		if ((cp = utf8_two(s, end)) != 0) {
			o += utf8_encode(canon_cp(cp), (char *)o);
			n = 2;
			continue;
		}
		n = utf8_valid_seq(pf->s, pf->len, (size_t)(s - pf->s));
		if (n == 0) {
			*o++ = *s;
			n = 1;
			continue;
		}
		p = s;
		o += utf8_encode(canon_cp(utf8_decode(&p)), (char *)o);
	}
	pf->clen = (size_t)(o - pf->c);
}

static void
mark_seen(struct prefilter *pf, size_t id)
{
	struct pattern *pt = &pf->pats[id];
	struct owner *o = &pf->owners[pt->owner];

	pf->seen[id] = pf->gen;
	if (o->gen != pf->gen) {
		o->gen = pf->gen;
		o->hits = 0;
		if (o->floating)
			pf->hit[pf->nhit++] = (uint32_t)pt->owner;
	}
	o->hits++;
}

/* Is entry E in the canonical block with its byte OFF at I? */
/*
 * Is E in the block with its key at I, OFF bytes into E?  Its first
 * eight bytes are compared as one integer: the canonical form has room
 * to read them past its end, where the mask ignores what is there.
 */
static void
check_entry(struct prefilter *pf, const struct entry *e, size_t i, size_t off)
{
	const unsigned char *p = pf->c + i - off;
	uint64_t mask = e->len < 8 ? ((uint64_t)1 << 8 * e->len) - 1 :
	    ~(uint64_t)0;
	size_t k;

	if (i < off || i - off + e->len > pf->clen ||
	    (load_le64(p) & mask) != e->head ||
	    (e->len > 8 && memcmp(p + 8, e->s + 8, e->len - 8) != 0))
		return;
	for (k = 0; k < e->nids; k++)
		if (pf->seen[e->ids[k]] != pf->gen)
			mark_seen(pf, e->ids[k]);
}

/* The entries of T whose key, GRAM, is at I. */
static void
check_gram(struct prefilter *pf, const struct table *t, size_t i,
    uint64_t gram)
{
	uint32_t b = bucket_of(gram);
	const struct entry *e, *end = t->entries + t->bucket[b + 1];

	for (e = t->entries + t->bucket[b]; e < end; e++)
		if (e->gram == gram)
			check_entry(pf, e, i, e->key);
}

/* Position I noted as the Nth, counted if FIRST3 has its gram G. */
static inline size_t
note_start(uint32_t *at, size_t n, size_t i, uint32_t g,
    const uint8_t *first3)
{
	at[n] = (uint32_t)i;
	return n + (size_t)bit_has(first3, gram_hash(g, BITS4));
}

/*
 * The positions of the LEN bytes at S (at least three) where a gram of
 * three whose hash FIRST3 has may start, into AT; how many.  Six
 * positions take their grams from one load of eight bytes.
 */
static size_t
note_starts(uint32_t *at, const unsigned char *s, size_t len,
    const uint8_t *first3)
{
	uint64_t w;
	size_t i, n = 0;

	for (i = 0; i + 8 <= len; i += 6) {
		w = load_le64(s + i);
		n = note_start(at, n, i, (uint32_t)w & 0xFFFFFF, first3);
		n = note_start(at, n, i + 1, (uint32_t)(w >> 8) & 0xFFFFFF,
		    first3);
		n = note_start(at, n, i + 2, (uint32_t)(w >> 16) & 0xFFFFFF,
		    first3);
		n = note_start(at, n, i + 3, (uint32_t)(w >> 24) & 0xFFFFFF,
		    first3);
		n = note_start(at, n, i + 4, (uint32_t)(w >> 32) & 0xFFFFFF,
		    first3);
		n = note_start(at, n, i + 5, (uint32_t)(w >> 40), first3);
	}
	for (; i + 3 <= len; i++)
		n = note_start(at, n, i, first3_at((const char *)s + i), first3);
	return n;
}

/*
 * Every position a key may start at is noted first, without a branch:
 * the test passes at one position in eight or so, too often for a
 * branch to guess and too seldom to pay for the work behind it each
 * time.  Then those positions alone are looked at.
 */
static void
scan_long(struct prefilter *pf, const struct table *t)
{
	const unsigned char *s = pf->c;
	uint32_t w, w4, h;
	size_t i, k, n = 0;

	if (pf->clen < 3 || t->n == 0)
		return;
	n = note_starts(pf->at, s, pf->clen, t->first3);
	for (k = 0; k < n; k++) {
		i = pf->at[k];
		w = (uint32_t)gram_at((const char *)s + i, 3);
		if (t->n3 > 0) {
			h = gram_hash(w, BITS3);
			if (bit_has(t->bits3, h))
				check_gram(pf, t, i, (uint64_t)3 << 32 | w);
		}
		if (i + 4 > pf->clen)
			continue;
		w4 = w << 8 | s[i + 3];
		h = gram_hash(w4, BITS4);
		if (bit_has(t->bits4, h))
			check_gram(pf, t, i, (uint64_t)4 << 32 | w4);
	}
}

/* Strings of one or two bytes: memchr finds their first. */
static void
scan_short(struct prefilter *pf, const struct table *t)
{
	const unsigned char *p, *end = pf->c + pf->clen;
	const struct entry *e;
	size_t i;

	for (i = 0; i < t->nshorts; i++) {
		e = &t->shorts[i];
		for (p = pf->c; p < end &&
		    (p = memchr(p, e->s[0], (size_t)(end - p))) != NULL; p++)
			check_entry(pf, e, (size_t)(p - pf->c), 0);
	}
}

static void
scan(struct prefilter *pf)
{
	const struct table *t;
	size_t i;

	if (++pf->gen == 0) {
		for (i = 0; i < pf->npats; i++)
			pf->seen[i] = 0;
		for (i = 0; i < pf->nowners; i++)
			pf->owners[i].gen = 0;
		pf->gen = 1;
	}
	t = table_for(pf, pf->nchars);
	pf->nhit = 0;
	if (!pf->canonical)
		canonicalize(pf);
	scan_short(pf, t);
	scan_long(pf, t);
	pf->scanned = 1;
}

int
prefilter_may_match(struct prefilter *pf, size_t id)
{
	if (pf->always[id])
		return 1;
	if (!pf->scanned)
		scan(pf);
	return pf->seen[id] == pf->gen;
}

size_t
prefilter_hits(struct prefilter *pf, size_t owner)
{
	const struct owner *o = &pf->owners[owner];

	if (o->always == o->ids)
		return o->ids;
	if (!pf->scanned)
		scan(pf);
	return o->always + (o->gen == pf->gen ? o->hits : 0);
}

/*
 * The anchored patterns the block's first bytes allow: the list of its
 * longest key, or of its first byte if it has none; or, if the index
 * keeps the lists apart, those of its keys merged.
 */
static void
find_starts(struct prefilter *pf)
{
	const struct startslot *sl, *found[PRE_MAX];
	uint64_t key;
	size_t k, c, n = 0;

	pf->started = 1;
	pf->ncand = 0;
	if (!pf->canonical)
		canonicalize(pf);
	if (pf->clen == 0)
		return;
	for (k = pf->clen < PRE_MAX ? pf->clen : PRE_MAX; k >= 2; k--) {
		key = start_key(pf->c, k);
		if (!bit_has(pf->keybits, keybit_of(key)))
			continue;
		sl = &pf->slots[slot_of(pf, key)];
		if (sl->key == 0)
			continue;
		found[n++] = sl;
		if (pf->merge == NULL)
			break;
	}
	c = pf->c[0];
	if (n == 0) {
		pf->cand = pf->ids + pf->byfirst[c];
		pf->ncand = pf->byfirst[c + 1] - pf->byfirst[c];
	} else if (pf->merge == NULL) {
		pf->cand = pf->ids + found[0]->off;
		pf->ncand = found[0]->n;
	} else {
		pf->ncand = merge_lists(pf, c, found, n, pf->merge,
		    pf->merge_tmp);
		pf->cand = pf->merge;
	}
}

size_t
prefilter_starts(struct prefilter *pf, const uint64_t **ids)
{
	if (!pf->started)
		find_starts(pf);
	*ids = pf->cand;
	return pf->ncand;
}

/* Owners found by the scan, in the order found, sorted: few. */
static void
sort_hits(struct prefilter *pf)
{
	size_t i, j;
	uint32_t o;

	for (i = 1; i < pf->nhit; i++) {
		o = pf->hit[i];
		for (j = i; j > 0 && pf->hit[j - 1] > o; j--)
			pf->hit[j] = pf->hit[j - 1];
		pf->hit[j] = o;
	}
}

/* The floating owners the scan found and those that need nothing. */
static void
list_owners(struct prefilter *pf)
{
	size_t h = 0, w = 0;
	uint32_t ch, cw;

	pf->listed = 1;
	pf->nmaybe = 0;
	sort_hits(pf);
	while (h < pf->nhit || w < pf->nalways_owners) {
		ch = h < pf->nhit ? pf->hit[h] : UINT32_MAX;
		cw = w < pf->nalways_owners ? pf->always_owners[w] : UINT32_MAX;
		pf->maybe[pf->nmaybe++] = ch < cw ? ch : cw;
		h += ch <= cw;
		w += cw <= ch;
	}
}

size_t
prefilter_floating(struct prefilter *pf, const uint32_t **owners)
{
	if (!pf->scanned)
		scan(pf);
	if (!pf->listed)
		list_owners(pf);
	*owners = pf->maybe;
	return pf->nmaybe;
}
