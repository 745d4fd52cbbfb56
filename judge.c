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

struct scan {
	struct features	*f;
	int		 lang;
	struct langguess *g;
	char		 word[WORD_MAX + 8];	/* read eight bytes at a time */
	size_t		 wlen;
	int		 wcap, wlong;
};

static void
end_word(struct scan *sc)
{
	uint64_t mask;

	if (sc->wlen == 0 && !sc->wlong)
		return;
	sc->f->words++;
	sc->f->capwords += (uint32_t)sc->wcap;

	if (!sc->wlong && (sc->lang != LANG_NONE || sc->g != NULL)) {
		mask = stopword_langs_padded(sc->word, sc->wlen);
		if (sc->lang != LANG_NONE && (mask >> sc->lang & 1))
			sc->f->stopwords++;
		if (sc->g != NULL && mask != 0) {
			langguess_add(sc->g, mask);
			sc->f->langs |= mask;
		}
	}
	sc->wlen = 0;
	sc->wlong = 0;
}

/*
 * Characters of two bytes (Latin, Greek, Cyrillic, Armenian, Hebrew,
 * Arabic) are read from a table filled once from utf8proc, which costs
 * three calls into it a character otherwise.
 */
struct char2 {
	uint16_t	lower;
	uint8_t		word;	/* a letter, mark or digit */
	uint8_t		upper;
};

static struct char2 chars2[UTF8_TWO_END];
static int chars2_filled;

static int
word_category(uint32_t cp)
{
	utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);

	return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_NO;
}

static void
fill_chars2(void)
{
	uint32_t cp;

	for (cp = 0x80; cp < UTF8_TWO_END; cp++) {
		chars2[cp].word = (uint8_t)word_category(cp);
		chars2[cp].upper = (uint8_t)utf8proc_isupper(
		    (utf8proc_int32_t)cp);
		chars2[cp].lower = (uint16_t)utf8proc_tolower(
		    (utf8proc_int32_t)cp);
	}
	chars2_filled = 1;
}

static int
is_upper(uint32_t cp)
{
	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z';
	if (cp < UTF8_TWO_END)
		return chars2[cp].upper;
	return utf8proc_isupper((utf8proc_int32_t)cp);
}

static uint32_t
to_lower(uint32_t cp)
{
	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
	if (cp < UTF8_TWO_END)
		return chars2[cp].lower;
	return (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp);
}

static void
add_letter(struct scan *sc, uint32_t cp)
{
	uint32_t lower = to_lower(cp);

	if (sc->wlen == 0 && !sc->wlong)
		sc->wcap = is_upper(cp);
	if (sc->wlen + 4 > WORD_MAX) {
		sc->wlong = 1;
		return;
	}
	sc->wlen += utf8_encode(lower, sc->word + sc->wlen);
}

static int
is_ascii_alnum(unsigned char c)
{
	return (unsigned)((c | 0x20) - 'a') < 26 || (unsigned)(c - '0') < 10;
}

/*
 * Eight bytes at a time (SWAR), each test setting the high bit of the
 * bytes that pass it; the bytes must be ASCII, so no sum carries into
 * the next byte.
 */
#define ONES	0x0101010101010101ULL
#define HIGHS	(0x80 * ONES)

/* The bytes of W that are C or above. */
static uint64_t
bytes_from(uint64_t w, unsigned c)
{
	return (w + (0x80 - c) * ONES) & HIGHS;
}

static uint64_t
bytes_in(uint64_t w, unsigned lo, unsigned hi)
{
	return bytes_from(w, lo) & ~bytes_from(w, hi + 1);
}

/* How many high bits M has. */
static unsigned
count_highs(uint64_t m)
{
	return (unsigned)(((m >> 7) * ONES) >> 56);
}

/* Up to eight bytes at P, zero past END, non-ASCII bytes made zero. */
static uint64_t
load_ascii(const unsigned char *p, const unsigned char *end)
{
	uint64_t w = 0;
	size_t i;

	if (end - p >= 8)
		w = load_le64(p);
	else
		for (i = 0; i < (size_t)(end - p); i++)
			w |= (uint64_t)p[i] << 8 * i;
	return w & ~(((w & HIGHS) >> 7) * 0xFF);
}

/*
 * The run of ASCII letters and digits at P, most of most text, added
 * to the word eight bytes at a time; returns where it ends.  The word
 * is written in eight-byte stores so that stopword_langs_padded reads
 * back whole stores.
 */
static const unsigned char *
add_ascii_run(struct scan *sc, const unsigned char *p, const unsigned char *end)
{
	uint64_t w, digits, letters, upper, stop;
	size_t n, room;

	if (sc->wlen == 0 && !sc->wlong)
		sc->wcap = *p >= 'A' && *p <= 'Z';
	do {
		w = load_ascii(p, end);
		digits = bytes_in(w, '0', '9');
		letters = bytes_in(w | 0x20 * ONES, 'a', 'z');
		upper = letters & ~(w << 2);
		stop = ~(digits | letters) & HIGHS;
		n = stop ? first_high(stop) : 8;
		if (n < 8)
			digits &= ((uint64_t)1 << 8 * n) - 1;
		/* Characters past WORD_MAX - 4 bytes make the word long. */
		room = sc->wlen + 4 > WORD_MAX ? 0 : WORD_MAX - 3 - sc->wlen;
		store_le64(sc->word + sc->wlen, w | upper >> 2);
		sc->wlen += n < room ? n : room;
		sc->wlong |= n > room;
		sc->f->chars += (uint32_t)n;
		sc->f->digits += count_highs(digits);
		sc->f->letters += (uint32_t)n - count_highs(digits);
		p += n;
	} while (n == 8);
	return p;
}

static int
is_word_char(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		    (cp >= '0' && cp <= '9');
	if (cp < UTF8_TWO_END)
		return chars2[cp].word;
	return word_category(cp);
}

static void
note_punct(struct features *f, uint32_t cp, const unsigned char *next,
    const unsigned char *end, uint32_t prev)
{
	if (is_sentence_mark(cp) && (next == end || *next == ' ' ||
	    cp >= 0x3000))
		f->sentences++;
	if (is_separator(cp) && prev == ' ' && (next == end || *next == ' '))
		f->separators++;
	if (cp == ',' || cp == 0x3001 || cp == 0xFF0C || cp == 0x060C)
		f->commas++;
	/* "://" in a URL; "@" and "#" that open a word (PREV is ' ' first). */
	if (cp == '/' && prev == ':' && next < end && *next == '/')
		f->urls++;
	if (cp == '@' && (prev == ' ' || prev == '(') && next < end &&
	    *next != ' ')
		f->handles++;
	if (cp == '#' && prev == ' ' && next < end && *next != ' ')
		f->hashtags++;
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

/* How the block ends, read backwards past quotes and brackets. */
static void
note_ending(struct features *f, const char *s, size_t len)
{
	const unsigned char *p;
	uint32_t cp;
	size_t i;

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

/* "Label: value", the shape of metadata lines (Author: X, Date: Y). */
static int
label_shape(const char *s, size_t len)
{
	const char *colon = memchr(s, ':', len < 32 ? len : 32);

	return colon != NULL && colon > s && (size_t)(colon - s) + 1 < len &&
	    colon[1] == ' ' && memchr(s, ' ', (size_t)(colon - s)) == NULL;
}

void
features_scan(struct features *f, const char *s, size_t len, int lang,
    struct langguess *g)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	struct scan sc;
	uint32_t cp, prev = ' ', nospace = 0;

	if (!chars2_filled)
		fill_chars2();
	memset(f, 0, sizeof(*f));
	memset(&sc, 0, sizeof(sc));
	sc.f = f;
	sc.lang = lang;
	sc.g = g;
	while (p < end) {
		if (is_ascii_alnum(*p)) {
			p = add_ascii_run(&sc, p, end);
			prev = p[-1];
			continue;
		}
		if (*p < 0x80) {
			cp = *p++;
			f->chars++;
			end_word(&sc);
			/* A space is no punctuation: spare the tests. */
			if (cp != ' ')
				note_punct(f, cp, p, end, prev);
			prev = cp;
			continue;
		}
		cp = utf8_decode(&p);
		f->chars++;
		if (is_nospace_script(cp)) {
			end_word(&sc);
			nospace++;
		} else if (is_word_char(cp)) {
			/* Digits of other scripts count as letters: a date is ASCII. */
			add_letter(&sc, cp);
			f->letters++;
		} else {
			end_word(&sc);
			note_punct(f, cp, p, end, prev);
		}
		prev = cp;
	}
	end_word(&sc);
	/* About two characters make a word in Chinese and Japanese. */
	f->words += nospace / 2;
	f->letters += nospace;
	f->nospaces = nospace * 2 > f->chars;
	note_ending(f, s, len);
	f->label = (uint8_t)label_shape(s, len);
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
