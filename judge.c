/*
 * Block signals and the context-free class of a block.
 *
 * The signals are those that separate prose from page chrome on plain
 * text: jusText's stop-word density (prose is full of "the", "de", "und";
 * menus and link lists are not), C4's sentence punctuation (a line that
 * ends like a sentence is almost always text), length, and the shapes of
 * navigation: breadcrumb separators, URLs, @handles, digit-heavy dates.
 */
#include <string.h>
#include <utf8proc.h>

#include "judge.h"
#include "utf8.h"
#include "util.h"

#define WORD_MAX STOPWORD_MAX
/* A reference mark at the end of a sentence is at most this long. */
#define REF_MAX		24

/*
 * Class thresholds, after jusText (Pomikálek 2011): a block shorter than
 * SHORT_CHARS is too short to judge alone; prose has a stop-word density
 * of at least GOOD_STOPWORDS, near-prose of NEAR_STOPWORDS (jusText uses
 * 0.32 and 0.30 on its own short lists; stopwords-iso's longer lists find
 * more stop words in menus too, so the two bounds sit closer and lower).
 * A block of LONG_CHARS or more, or one that ends a sentence, is long
 * enough to be prose by itself.  Blocks in a language without a
 * stop-word list are judged on punctuation and length.
 */
#define SHORT_CHARS	50
#define LONG_CHARS	150
#define GOOD_STOPWORDS	0.28
#define NEAR_STOPWORDS	0.23
/*
 * Headlines of other stories read as near-prose by their stop words; a
 * block not yet LONG_CHARS long, not ending a sentence, with more than
 * TITLE_SHARE of its words capitalized, is one.  Prose, even German with
 * its capital nouns, stays well below.
 */
#define TITLE_SHARE	0.6

static const char *const class_names[] = { "bad", "short", "neargood", "good" };

const char *
class_name(enum class c)
{
	return class_names[c];
}

static int
is_nospace_script(uint32_t cp)
{
	return (cp >= 0x3040 && cp <= 0x30FF) ||	/* kana */
	    (cp >= 0x3400 && cp <= 0x9FFF) ||	/* CJK ideographs */
	    (cp >= 0xF900 && cp <= 0xFAFF) ||
	    (cp >= 0x0E00 && cp <= 0x0EFF) ||	/* Thai, Lao */
	    (cp >= 0x1000 && cp <= 0x109F) ||	/* Myanmar */
	    (cp >= 0x1780 && cp <= 0x17FF) ||	/* Khmer */
	    (cp >= 0x20000 && cp <= 0x3FFFF);
}

static int
is_sentence_mark(uint32_t cp)
{
	return cp == '.' || cp == '!' || cp == '?' || cp == 0x2026 ||
	    cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == 0x061F ||
	    cp == 0x0964 || cp == 0x06D4 || cp == 0x104B;
}

static int
is_closing(uint32_t cp)
{
	return cp == '"' || cp == '\'' || cp == ')' || cp == ']' ||
	    cp == 0x2019 || cp == 0x201D || cp == 0xBB || cp == 0x300D ||
	    cp == 0x300F || cp == 0xFF09 || cp == '*';
}

static int
is_separator(uint32_t cp)
{
	return cp == '|' || cp == 0xBB || cp == 0x203A || cp == 0xB7 ||
	    cp == 0x2022 || cp == '/' || cp == '>' || cp == 0x2192 ||
	    cp == 0x25B8 || cp == 0x25BA;
}

static int
is_comma(uint32_t cp)
{
	return cp == ',' || cp == 0x3001 || cp == 0xFF0C || cp == 0x060C;
}

/* What a punctuation mark can count for, tested apart by note_punct. */
enum {
	MARK_SENTENCE = 1,
	MARK_SEPARATOR = 2,
	MARK_COMMA = 4,
	MARK_SLASH = 8,		/* "://" */
	MARK_AT = 16,		/* a handle */
	MARK_HASH = 32,		/* a hashtag */
	MARK_COLON = 64		/* "Label: value" */
};

static unsigned
marks_of(uint32_t cp)
{
	return (is_sentence_mark(cp) ? MARK_SENTENCE : 0) |
	    (is_separator(cp) ? MARK_SEPARATOR : 0) |
	    (is_comma(cp) ? MARK_COMMA : 0) | (cp == '/' ? MARK_SLASH : 0) |
	    (cp == '@' ? MARK_AT : 0) | (cp == '#' ? MARK_HASH : 0) |
	    (cp == ':' ? MARK_COLON : 0);
}

/*
 * A block's stop words are counted by language in HIT_PLANES bit
 * planes, which go to the language guess at the block's end, or before
 * a count could pass what they hold.
 */
#define HIT_PLANES	4

struct scan {
	struct features	*f;
	const unsigned char *s, *end;	/* the block: no load leaves it */
	struct langguess *g;
	uint64_t	 langbit;	/* the document's language, or 0 */
	int		 lookup;	/* stop words are wanted */
	uint32_t	 nospace;
	const unsigned char *colon;	/* the first ':', or NULL */
	/*
	 * The word in progress starts at WS (NULL if none, that is, if the
	 * character before is no word character); it is counted there.  A
	 * word of ASCII is lowered when it ends; one with letters beyond
	 * ASCII as they come, into WORD, WLEN bytes for what lies before
	 * WDONE.
	 */
	const unsigned char *ws, *wdone;
	/*
	 * Bit I of plane K is bit K of the count of language I; NHITS
	 * stop words are in them.
	 */
	uint64_t	 plane[HIT_PLANES];
	unsigned	 nhits;
	size_t		 wlen;
	int		 wmixed, wlong;
	char		 word[WORD_MAX + 8];	/* read eight bytes at a time */
};

/*
 * Characters of one and two bytes (ASCII, Latin, Greek, Cyrillic,
 * Armenian, Hebrew, Arabic) are read from a table filled once from
 * utf8proc, which costs three calls into it a character otherwise.
 */
struct narrow {
	uint16_t	lower;
	uint8_t		word;	/* a letter, mark or digit */
	uint8_t		upper;
	uint8_t		marks;
};

static struct narrow narrow[UTF8_TWO_END];
static int narrow_filled;

static int
word_category(uint32_t cp)
{
	utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);

	return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_NO;
}

/* ASCII by its own rules: letters and digits, and no other, make words. */
static void
fill_narrow(void)
{
	uint32_t cp;

	for (cp = 0; cp < UTF8_TWO_END; cp++) {
		narrow[cp].marks = (uint8_t)marks_of(cp);
		if (cp < 0x80) {
			narrow[cp].word = (cp >= 'a' && cp <= 'z') ||
			    (cp >= 'A' && cp <= 'Z') ||
			    (cp >= '0' && cp <= '9');
			narrow[cp].upper = cp >= 'A' && cp <= 'Z';
			narrow[cp].lower = (uint16_t)(narrow[cp].upper ?
			    cp + 32 : cp);
			continue;
		}
		narrow[cp].word = (uint8_t)word_category(cp);
		narrow[cp].upper = (uint8_t)utf8proc_isupper(
		    (utf8proc_int32_t)cp);
		narrow[cp].lower = (uint16_t)utf8proc_tolower(
		    (utf8proc_int32_t)cp);
	}
	narrow_filled = 1;
}

static int
is_upper(uint32_t cp)
{
	if (cp < UTF8_TWO_END)
		return narrow[cp].upper;
	return utf8proc_isupper((utf8proc_int32_t)cp);
}

static uint32_t
to_lower(uint32_t cp)
{
	if (cp < UTF8_TWO_END)
		return narrow[cp].lower;
	return (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp);
}

static int
is_ascii_alnum(unsigned char c)
{
	return (unsigned)((c | 0x20) - 'a') < 26 || (unsigned)(c - '0') < 10;
}

/*
 * Eight bytes at a time (SWAR), each test setting the high bit of the
 * bytes that pass it.  A sum carries into the next byte only from a
 * byte beyond ASCII, and the bytes after the first such are not taken
 * (see add_ascii).
 */
#define ONES	0x0101010101010101ULL
#define HIGHS	(0x80 * ONES)

/* The bytes of X from LO to HI. */
static uint64_t
bytes_in(uint64_t x, unsigned lo, unsigned hi)
{
	return (x + (0x80 - lo) * ONES) & ~(x + (0x7F - hi) * ONES) & HIGHS;
}

/* The bytes of X that are not C. */
static uint64_t
bytes_not(uint64_t x, unsigned c)
{
	return ((x ^ c * ONES) + 0x7F * ONES) & HIGHS;
}

/* How many high bits M has. */
static unsigned
count_highs(uint64_t m)
{
	return (unsigned)(((m >> 7) * ONES) >> 56);
}

/* The high bits of the bytes before the first whose high bit M has. */
static uint64_t
highs_before(uint64_t m)
{
	return ((m & (~m + 1)) - 1) & HIGHS;
}

/* Four bytes at P as load_le64 reads them. */
static uint32_t
load4(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

/*
 * The N bytes at P, N from 1 to 7, the last of the block, in the low
 * bytes: no byte outside the block is read, and a short tail takes no
 * loop.  (The eight-byte load is written from the block's start: GCC 12
 * makes a single load of load_le64 at an offset, not of one before a
 * pointer.)
 */
static uint64_t
load_tail(const struct scan *sc, const unsigned char *p, size_t n)
{
	size_t len = (size_t)(sc->end - sc->s);

	if (len >= 8)
		return load_le64(sc->s + (len - 8)) >> 8 * (8 - n);
	if (n >= 4)
		return load4(p) | (uint64_t)load4(p + (n - 4)) << 8 * (n - 4);
	return p[0] | (uint64_t)p[n / 2] << 8 * (n / 2) |
	    (uint64_t)p[n - 1] << 8 * (n - 1);
}

/* The bytes from P on, up to eight, zeros past the end of the block. */
static inline uint64_t
load_upto8(const struct scan *sc, const unsigned char *p)
{
	size_t n = (size_t)(sc->end - p);

	return n >= 8 ? load_le64(p) : load_tail(sc, p, n);
}

/*
 * ASCII letters and digits from FROM to TO, lowered eight bytes at a
 * time (a digit has the bit of a lowercase letter already) onto the
 * word, where stopword_langs_padded reads back whole stores.  Bytes
 * past WORD_MAX - 4 make the word long.
 */
static void
append_ascii(struct scan *sc, const unsigned char *from,
    const unsigned char *to)
{
	size_t n, room;

	for (; from < to; from += n) {
		n = (size_t)(to - from) < 8 ? (size_t)(to - from) : 8;
		room = sc->wlen + 4 > WORD_MAX ? 0 : WORD_MAX - 3 - sc->wlen;
		store_le64(sc->word + sc->wlen,
		    load_upto8(sc, from) | 0x20 * ONES);
		sc->wlen += n < room ? n : room;
		sc->wlong |= n > room;
	}
}

static void
add_letter(struct scan *sc, uint32_t cp)
{
	uint32_t lower = to_lower(cp);

	if (sc->wlen + 4 > WORD_MAX) {
		sc->wlong = 1;
		return;
	}
	/* Most letters and their lower case take two bytes. */
	if (lower >= 0x80 && lower < UTF8_TWO_END) {
		sc->word[sc->wlen++] = (char)(0xC0 | lower >> 6);
		sc->word[sc->wlen++] = (char)(0x80 | (lower & 0x3F));
	} else
		sc->wlen += utf8_encode(lower, sc->word + sc->wlen);
}

/*
 * A word of ASCII letters and digits, lowered as append_ascii does, in
 * one store for most: its length, or 0 if it has more than WORD_MAX - 3
 * bytes, too long to look up.
 */
static size_t
lower_ascii(struct scan *sc, const unsigned char *ws, size_t len)
{
	size_t i;

	if (len > WORD_MAX - 3)
		return 0;
	for (i = 0; i < len; i += 8)
		store_le64(sc->word + i, load_upto8(sc, ws + i) | 0x20 * ONES);
	return len;
}

/* The word's length lowered, or 0 if it is too long to look up. */
static size_t
lower_word(struct scan *sc, const unsigned char *we)
{
	if (!sc->wmixed)
		return lower_ascii(sc, sc->ws, (size_t)(we - sc->ws));
	append_ascii(sc, sc->wdone, we);
	return sc->wlong ? 0 : sc->wlen;
}

/*
 * The counts in the planes added to the guess, a set bit at a time:
 * most counts are 1, so the planes hold few more set bits than there
 * are languages hit, where gathering each language's count took a step
 * for every plane.
 */
static void
flush_hits(struct scan *sc)
{
	struct langguess *g = sc->g;
	uint64_t m;
	unsigned k;

	for (k = 0; k < HIT_PLANES; k++)
		for (m = sc->plane[k]; m != 0; m &= m - 1)
			g->hits[lowest_bit(m)] += 1u << k;
	g->words += sc->nhits;
	sc->nhits = 0;
	memset(sc->plane, 0, sizeof(sc->plane));
}

/*
 * A word's languages, none if it is no stop word, are added to the
 * planes as a binary number is: a branch on whether it is one, or a
 * loop over its languages, would follow the text, which no branch
 * predictor can.
 */
static void
count_stopword(struct scan *sc, uint64_t langs)
{
	uint64_t carry = langs, t;
	int k;

	sc->f->stopwords += (langs & sc->langbit) != 0;
	if (sc->g == NULL)
		return;
	sc->f->langs |= langs;
	for (k = 0; k < HIT_PLANES; k++) {
		t = sc->plane[k] & carry;
		sc->plane[k] ^= carry;
		carry = t;
	}
	sc->nhits += langs != 0;
	if (sc->nhits == (1u << HIT_PLANES) - 1)
		flush_hits(sc);
}

/*
 * The languages of a word of 1 to 8 ASCII letters and digits at WS,
 * lowered as lower_ascii does: most words of most text, looked up as
 * an integer.
 */
static uint64_t
ascii_langs(struct scan *sc, const unsigned char *ws, size_t len)
{
	return stopword_langs_head((load_upto8(sc, ws) | 0x20 * ONES) &
	    (~(uint64_t)0 >> (64 - 8 * len)), len);
}

/* The languages of the word in progress, which ends before WE. */
static uint64_t
word_langs(struct scan *sc, const unsigned char *we)
{
	size_t len = (size_t)(we - sc->ws);

	if (!sc->wmixed && len <= 8)
		return ascii_langs(sc, sc->ws, len);
	len = lower_word(sc, we);
	return len != 0 ? stopword_langs_padded(sc->word, len) : 0;
}

static void
end_word(struct scan *sc, const unsigned char *we)
{
	if (sc->lookup)
		count_stopword(sc, word_langs(sc, we));
	sc->ws = NULL;
}

/* "://" in a URL; "@" and "#" that open a word (' ' is before the first). */
static void
note_punct(struct scan *sc, uint32_t cp, unsigned marks,
    const unsigned char *at, const unsigned char *next)
{
	struct features *f = sc->f;
	const unsigned char *end = sc->end;
	/* Only ASCII is compared with it: a byte of UTF-8 stands for it. */
	uint32_t prev = at > sc->s ? at[-1] : ' ';

	if ((marks & MARK_SENTENCE) && (next == end || *next == ' ' ||
	    cp >= 0x3000))
		f->sentences++;
	if ((marks & MARK_SEPARATOR) && prev == ' ' &&
	    (next == end || *next == ' '))
		f->separators++;
	if (marks & MARK_COMMA)
		f->commas++;
	if ((marks & MARK_SLASH) && prev == ':' && next < end && *next == '/')
		f->urls++;
	if ((marks & MARK_AT) && (prev == ' ' || prev == '(') && next < end &&
	    *next != ' ')
		f->handles++;
	if ((marks & MARK_HASH) && prev == ' ' && next < end && *next != ' ')
		f->hashtags++;
	if ((marks & MARK_COLON) && sc->colon == NULL)
		sc->colon = at;
}

/* A word begins with the letter or digit of ASCII at Q. */
static void
begin_word(struct scan *sc, const unsigned char *q)
{
	sc->f->words++;
	sc->f->capwords += *q >= 'A' && *q <= 'Z';
}

/*
 * The words that begin and end in the ASCII bytes of W (read at P),
 * from their edges: a start is a letter or digit after something else,
 * an end something else after a letter or digit.  Each is lowered and
 * looked up as an integer taken from W.  The word in progress before,
 * if any, ends at the first end; the last start may go on past W.
 */
static void
add_words(struct scan *sc, const unsigned char *p, uint64_t w,
    uint64_t starts, uint64_t ends)
{
	uint64_t start, end;
	unsigned at;

	/* The word in progress, most often begun in the bytes before. */
	if (sc->ws != NULL && ends != 0) {
		end_word(sc, p + first_high(ends));
		ends &= ends - 1;
	}
	for (; ends != 0; ends &= ends - 1, starts &= starts - 1) {
		start = starts & (~starts + 1);
		end = ends & (~ends + 1);
		at = first_high(start);
		begin_word(sc, p + at);
		/* The bytes from START up to END, both powers of 256. */
		if (sc->lookup)
			count_stopword(sc, stopword_langs_head(((w | 0x20 *
			    ONES) & ((end >> 7) - (start >> 7))) >> 8 * at,
			    first_high(end) - at));
	}
	if (starts != 0) {
		sc->ws = p + first_high(starts);
		begin_word(sc, sc->ws);
		sc->wmixed = 0;
	}
}

/*
 * The ASCII bytes of W (read at P) whose high bits VALID has, all
 * before the first byte beyond ASCII: letters and digits counted, words
 * found, marks noted.  Spaces, most of what is left, cost nothing more.
 * CLOSE has the high bit of the byte after them if the block ends
 * there, which ends a word as a space would.
 */
static void
add_ascii(struct scan *sc, const unsigned char *p, uint64_t w,
    uint64_t valid, uint64_t close)
{
	uint64_t digits, alpha, alnum, after, starts, marks;
	const unsigned char *q;

	digits = bytes_in(w, '0', '9') & valid;
	alpha = bytes_in(w | 0x20 * ONES, 'a', 'z') & valid;
	alnum = digits | alpha;
	marks = valid & ~alnum & bytes_not(w, ' ');
	sc->f->letters += count_highs(alpha);
	/* Most text has few: spare the count. */
	if (digits != 0)
		sc->f->digits += count_highs(digits);
	/* The bytes after a letter or digit. */
	after = alnum << 8 | (sc->ws != NULL ? 0x80 : 0);
	starts = alnum & ~after;
	add_words(sc, p, w, starts, ~alnum & (valid | close) & after);
	for (; marks != 0; marks &= marks - 1) {
		q = p + first_high(marks);
		if (narrow[*q].marks != 0)
			note_punct(sc, *q, narrow[*q].marks, q, q + 1);
	}
}

/* A letter beyond ASCII, lowered onto the word after what came before. */
static void
add_wide_letter(struct scan *sc, uint32_t cp, const unsigned char *at,
    const unsigned char *next)
{
	if (sc->ws == NULL) {
		sc->ws = at;
		sc->f->words++;
		sc->f->capwords += (uint32_t)is_upper(cp);
		sc->wmixed = 0;
	}
	if (!sc->wmixed) {
		sc->wmixed = 1;
		sc->wlen = 0;
		sc->wlong = 0;
		sc->wdone = sc->ws;
	}
	if (sc->wdone < at)
		append_ascii(sc, sc->wdone, at);
	add_letter(sc, cp);
	sc->wdone = next;
}

/* A character beyond ASCII at P; returns what follows it. */
static const unsigned char *
add_char(struct scan *sc, const unsigned char *p)
{
	const unsigned char *at = p;
	uint32_t cp;
	int word;

	/* Two bytes, the commonest, as utf8_decode reads them. */
	if (*p < 0xE0) {
		cp = (uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
		p += 2;
	} else
		cp = utf8_decode(&p);
	sc->f->chars++;
	if (cp >= UTF8_TWO_END && is_nospace_script(cp)) {
		if (sc->ws != NULL)
			end_word(sc, at);
		sc->nospace++;
		return p;
	}
	word = cp < UTF8_TWO_END ? narrow[cp].word : word_category(cp);
	if (word) {
		/* Digits of other scripts count as letters: a date is ASCII. */
		sc->f->letters++;
		add_wide_letter(sc, cp, at, p);
		return p;
	}
	if (sc->ws != NULL)
		end_word(sc, at);
	note_punct(sc, cp, cp < UTF8_TWO_END ? narrow[cp].marks :
	    marks_of(cp), at, p);
	return p;
}

/* Step back over a trailing reference mark such as "[27]" or "[1][2]". */
static size_t
strip_references(const char *s, size_t len)
{
	const char *open;

	while (len > 2 && s[len - 1] == ']') {
		open = memrchr(s, '[', len - 1);
		if (open == NULL || len - (size_t)(open - s) > REF_MAX)
			break;
		len = (size_t)(open - s);
		while (len > 0 && s[len - 1] == ' ')
			len--;
	}
	return len;
}

/*
 * How the block ends, read backwards past quotes and brackets.  Most
 * blocks that end in neither, menu items and headlines, end in a letter.
 */
static void
note_ending(struct features *f, const char *s, size_t len)
{
	const unsigned char *p;
	uint32_t cp;
	size_t i;

	if (len > 0 && is_ascii_alnum((unsigned char)s[len - 1]))
		return;
	len = strip_references(s, len);
	for (i = len; i > 0; ) {
		while (--i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
			;
		p = (const unsigned char *)s + i;
		cp = utf8_decode(&p);
		if (cp == ' ' || is_closing(cp))
			continue;
		if (is_sentence_mark(cp))
			f->ending = END_SENTENCE;
		else if (cp == ':')
			f->ending = END_COLON;
		return;
	}
}

/*
 * "Label: value", the shape of metadata lines (Author: X, Date: Y), by
 * the block's first colon.
 */
static int
label_shape(const char *s, size_t len, const char *colon)
{
	return colon != NULL && colon > s && colon - s < 32 &&
	    (size_t)(colon - s) + 1 < len && colon[1] == ' ' &&
	    memchr(s, ' ', (size_t)(colon - s)) == NULL;
}

void
features_scan(struct features *f, const char *s, size_t len, int lang,
    struct langguess *g)
{
	const unsigned char *p = (const unsigned char *)s;
	struct scan sc;
	uint64_t w, beyond, valid, close;
	size_t n, k;

	if (!narrow_filled)
		fill_narrow();
	memset(f, 0, sizeof(*f));
	sc.f = f;
	sc.s = p;
	sc.end = p + len;
	sc.g = g;
	sc.langbit = lang != LANG_NONE ? (uint64_t)1 << lang : 0;
	sc.lookup = lang != LANG_NONE || g != NULL;
	sc.nospace = 0;
	sc.colon = NULL;
	sc.ws = NULL;
	sc.nhits = 0;
	memset(sc.plane, 0, sizeof(sc.plane));
	/* Eight bytes at a time up to the first beyond ASCII, then it. */
	while (p < sc.end) {
		n = (size_t)(sc.end - p);
		w = load_upto8(&sc, p);
		beyond = w & HIGHS;
		valid = highs_before(beyond);
		close = 0;
		if (n < 8) {
			valid &= highs_before(HIGHS << 8 * n);
			close = beyond == 0 ? (uint64_t)0x80 << 8 * n : 0;
		}
		if (valid != 0) {
			add_ascii(&sc, p, w, valid, close);
			k = count_highs(valid);
			f->chars += (uint32_t)k;
			p += k;
		}
		if (beyond != 0)
			p = add_char(&sc, p);
	}
	if (sc.ws != NULL)
		end_word(&sc, sc.end);
	/* Without a guess, count_stopword counts no hits. */
	if (sc.nhits > 0)
		flush_hits(&sc);
	/* About two characters make a word in Chinese and Japanese. */
	f->words += sc.nospace / 2;
	f->letters += sc.nospace;
	f->nospaces = sc.nospace * 2 > f->chars;
	note_ending(f, s, len);
	f->label = (uint8_t)label_shape(s, len, (const char *)sc.colon);
}

double
stopword_density(const struct features *f)
{
	return f->words ? (double)f->stopwords / f->words : 0.0;
}

static int
headline_shape(const struct features *f, size_t chars)
{
	return chars < LONG_CHARS && f->ending != END_SENTENCE &&
	    f->capwords >= TITLE_SHARE * f->words;
}

enum class
judge_class(const struct features *f, int lang, double scale)
{
	double sw = stopword_density(f);
	int prose_lang = lang != LANG_NONE && !f->nospaces;
	size_t chars = f->nospaces ? 3 * (size_t)f->chars : f->chars;

	if (f->urls > 0 && f->words < 4u * f->urls + 4u)
		return CLS_BAD;
	if (f->separators >= 2 || f->letters * 2 < f->chars)
		return CLS_BAD;
	if (chars < SHORT_CHARS)
		return CLS_SHORT;
	/*
	 * Without stop words (Chinese, Japanese, Thai, or a language with
	 * no list) a block that ends like a sentence is prose, as in C4.
	 */
	if (!prose_lang)
		return f->ending == END_SENTENCE ? CLS_GOOD :
		    f->sentences > 0 ? CLS_NEARGOOD : CLS_SHORT;
	if (headline_shape(f, chars))
		return CLS_BAD;
	if (sw >= GOOD_STOPWORDS * scale)
		return chars >= LONG_CHARS || f->ending == END_SENTENCE ?
		    CLS_GOOD : CLS_NEARGOOD;
	if (sw >= NEAR_STOPWORDS * scale)
		return CLS_NEARGOOD;
	/*
	 * Several whole sentences are text even where the stop-word list is
	 * thin for the language (C4 keeps such lines on punctuation alone).
	 */
	if (f->ending == END_SENTENCE && f->sentences >= 2 &&
	    chars >= LONG_CHARS)
		return CLS_NEARGOOD;
	return CLS_BAD;
}
