/* Unit test for judge.c: the signals of a block and its class. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "judge.h"
#include "utf8.h"

static int checks, failures;

static void
check(int ok, const char *what, const char *text)
{
	checks++;
	if (!ok) {
		failures++;
		fprintf(stderr, "unit_judge: FAIL %s: %s\n", what, text);
	}
}

static struct features
scan(const char *s, const char *lang)
{
	struct features f;

	features_scan(&f, s, strlen(s), lang ? stopword_lang_index(lang) :
	    LANG_NONE, NULL);
	return f;
}

static void
check_counts(void)
{
	const char *s = "The cat sat on the mat, and then it slept.";
	struct features f = scan(s, "en");

	check(f.words == 10, "ten words", s);
	check(f.stopwords >= 5, "stop words counted in English", s);
	check(f.ending == END_SENTENCE, "ends a sentence", s);
	check(f.commas == 1, "one comma", s);
	check(f.capwords == 1, "one capitalized word", s);
	f = scan(s, NULL);
	check(f.stopwords == 0, "no stop words without a language", s);
}

/*
 * Letters beyond ASCII: capitals counted, and lowered before the
 * stop-word lookup, as in "ÜBER über Über" (three "über"); a symbol is
 * no letter.
 */
static void
check_cases(void)
{
	static const struct {
		const char	*text, *lang;
		unsigned	 words, stopwords, capwords;
	} t[] = {
		{ "\xC3\x9C" "BER \xC3\xBC" "ber \xC3\x9C" "ber", "de", 3, 3, 2 },
		{ "\xCE\x9A\xCE\x91\xCE\x99 \xCE\xBA\xCE\xB1\xCE\xB9 "
		    "\xCE\x9A\xCE\xB1\xCE\xB9", "el", 3, 3, 2 },
		{ "\xD0\x98 \xD0\xB8", "ru", 2, 2, 1 },
		{ "\xC3\x89T\xC3\x89 \xC3\xA9t\xC3\xA9", "fr", 2, 2, 1 },
		{ "a \xC3\x97 b", NULL, 2, 0, 0 },	/* a × b */
	};
	struct features f;
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		f = scan(t[i].text, t[i].lang);
		check(f.words == t[i].words, "words", t[i].text);
		check(f.stopwords == t[i].stopwords, "stop words, lowered",
		    t[i].text);
		check(f.capwords == t[i].capwords, "capitalized words",
		    t[i].text);
	}
}

static void
check_endings(void)
{
	const char *cited = "Cows are mammals.[27]";
	const char *quoted = "He said \"no.\"";
	const char *colon = "Here is the list:";
	const char *none = "Related articles";

	check(scan(cited, "en").ending == END_SENTENCE, "past a reference",
	    cited);
	check(scan(quoted, "en").ending == END_SENTENCE, "past a quote",
	    quoted);
	check(scan(colon, "en").ending == END_COLON, "colon", colon);
	check(scan(none, "en").ending == END_NONE, "no ending", none);
}

static void
check_shapes(void)
{
	const char *crumb = "Home \xC2\xBB World \xC2\xBB Europe";
	const char *url = "See https://example.com/a and @someone #tag";
	const char *label = "Author: Jane Doe";
	const char *cjk = "\xE4\xBB\x8A\xE5\xA4\xA9\xE5\xA4\xA9\xE6\xB0\x94"
	    "\xE5\xBE\x88\xE5\xA5\xBD\xE3\x80\x82";	/* 今天天气很好。 */
	struct features f;

	check(scan(crumb, "en").separators == 2, "breadcrumb separators",
	    crumb);
	f = scan(url, "en");
	check(f.urls == 1 && f.handles == 1 && f.hashtags == 1,
	    "url, handle, hashtag", url);
	check(scan(label, "en").label, "label: value", label);
	f = scan(cjk, NULL);
	check(f.nospaces && f.chars == 7 && f.words == 3, "Chinese counted "
	    "by characters", "CJK");
	check(f.ending == END_SENTENCE, "ideographic full stop", "CJK");
}

static void
check_classes(void)
{
	const char *prose = "The committee said on Tuesday that it would "
	    "review the decision, which has been criticised by several "
	    "members of the public and by the opposition.";
	const char *menu = "Home | News | Sport | Weather";
	const char *label = "Lukashenko";

	{
		struct features f = scan(prose, "en");

		check(judge_class(&f, stopword_lang_index("en"), 1.0) == CLS_GOOD,
		    "prose is good", prose);
	}
	{
		struct features f = scan(menu, "en");

		check(judge_class(&f, stopword_lang_index("en"), 1.0) == CLS_BAD,
		    "menu is bad", menu);
	}
	{
		struct features f = scan(label, "en");

		check(judge_class(&f, stopword_lang_index("en"), 1.0) == CLS_SHORT,
		    "label is short", label);
	}
}

/*
 * A headline of another story is bad, though its stop words make it
 * near-prose; a German line of the same length, capital nouns and all,
 * is not.
 */
static void
check_headlines(void)
{
	const char *headline = "Meet the Designers Who Are Happy to Dress the "
	    "First Lady - and the Ones Who Won't";
	const char *sentence = "Meet the designers who are happy to dress the "
	    "first lady - and the ones who won't";
	const char *german = "Die Stadt hat am Dienstag beschlossen, die alte "
	    "Gezeitenmühle am Hafen wieder aufzubauen";

	{
		struct features f = scan(headline, "en");

		check(judge_class(&f, stopword_lang_index("en"), 1.0) == CLS_BAD,
		    "a headline in title case is bad", headline);
	}
	{
		struct features f = scan(sentence, "en");

		check(judge_class(&f, stopword_lang_index("en"), 1.0) ==
		    CLS_NEARGOOD, "the same words in sentence case are near-good",
		    sentence);
	}
	{
		struct features f = scan(german, "de");

		check(judge_class(&f, stopword_lang_index("de"), 1.0) ==
		    CLS_NEARGOOD, "German capital nouns are no headline", german);
	}
}

/* Scaled thresholds: prose thin in stop words still counts as prose. */
static void
check_scale(void)
{
	struct features f = { 0 };
	/* 工程预计九月开工，为期两年，之后建筑将作为博物馆对外开放。 */
	const char *cjk = "\xE5\xB7\xA5\xE7\xA8\x8B\xE9\xA2\x84\xE8\xAE\xA1"
	    "\xE4\xB9\x9D\xE6\x9C\x88\xE5\xBC\x80\xE5\xB7\xA5"
	    "\xEF\xBC\x8C\xE4\xB8\xBA\xE6\x9C\x9F\xE4\xB8\xA4"
	    "\xE5\xB9\xB4\xEF\xBC\x8C\xE4\xB9\x8B\xE5\x90\x8E"
	    "\xE5\xBB\xBA\xE7\xAD\x91\xE5\xB0\x86\xE4\xBD\x9C"
	    "\xE4\xB8\xBA\xE5\x8D\x9A\xE7\x89\xA9\xE9\xA6\x86"
	    "\xE5\xAF\xB9\xE5\xA4\x96\xE5\xBC\x80\xE6\x94\xBE"
	    "\xE3\x80\x82";
	int en = stopword_lang_index("en");

	f.chars = 160;
	f.words = 20;
	f.letters = 140;
	f.stopwords = 3;
	f.ending = END_SENTENCE;
	check(judge_class(&f, en, 1.0) == CLS_BAD, "15% stop words is bad",
	    "scale 1");
	check(judge_class(&f, en, 0.4) == CLS_GOOD, "but good at scale 0.4",
	    "scale 0.4");
	f = scan(cjk, NULL);
	check(judge_class(&f, LANG_NONE, 1.0) == CLS_GOOD,
	    "a Chinese sentence is good without stop words", "CJK");
}

/*
 * The signals as features_scan defines them, a character at a time and
 * asking utf8proc about each: the reference its eight-byte scan must
 * match, field by field, on any valid UTF-8.
 */
#define REF_WORD_MAX	STOPWORD_MAX

struct ref {
	struct features	*f;
	int		 lang;
	struct langguess *g;
	char		 word[REF_WORD_MAX + 8];
	size_t		 wlen;
	int		 inword, wcap, wlong;
};

static int
ref_nospace(uint32_t cp)
{
	return (cp >= 0x3040 && cp <= 0x30FF) ||
	    (cp >= 0x3400 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	    (cp >= 0x0E00 && cp <= 0x0EFF) || (cp >= 0x1000 && cp <= 0x109F) ||
	    (cp >= 0x1780 && cp <= 0x17FF) || (cp >= 0x20000 && cp <= 0x3FFFF);
}

static int
ref_sentence_mark(uint32_t cp)
{
	return cp == '.' || cp == '!' || cp == '?' || cp == 0x2026 ||
	    cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == 0x061F ||
	    cp == 0x0964 || cp == 0x06D4 || cp == 0x104B;
}

static int
ref_closing(uint32_t cp)
{
	return cp == '"' || cp == '\'' || cp == ')' || cp == ']' ||
	    cp == 0x2019 || cp == 0x201D || cp == 0xBB || cp == 0x300D ||
	    cp == 0x300F || cp == 0xFF09 || cp == '*';
}

static int
ref_separator(uint32_t cp)
{
	return cp == '|' || cp == 0xBB || cp == 0x203A || cp == 0xB7 ||
	    cp == 0x2022 || cp == '/' || cp == '>' || cp == 0x2192 ||
	    cp == 0x25B8 || cp == 0x25BA;
}

/* ASCII by its own rules: letters and digits make words, A-Z capitals. */
static int
ref_word_char(uint32_t cp)
{
	utf8proc_category_t c;

	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		    (cp >= '0' && cp <= '9');
	c = utf8proc_category((utf8proc_int32_t)cp);
	return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_NO;
}

static int
ref_upper(uint32_t cp)
{
	return cp < 0x80 ? cp >= 'A' && cp <= 'Z' :
	    utf8proc_isupper((utf8proc_int32_t)cp);
}

static uint32_t
ref_lower(uint32_t cp)
{
	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
	return (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp);
}

/*
 * A letter of ASCII after WORD_MAX - 4 bytes, or another with fewer
 * than four bytes of room left, makes the word too long to look up.
 */
static void
ref_letter(struct ref *r, uint32_t cp)
{
	if (!r->inword) {
		r->inword = 1;
		r->wcap = ref_upper(cp);
	}
	if (cp < 0x80 ? r->wlen > REF_WORD_MAX - 4 :
	    r->wlen + 4 > REF_WORD_MAX) {
		r->wlong = 1;
		return;
	}
	r->wlen += utf8_encode(ref_lower(cp), r->word + r->wlen);
}

static void
ref_end_word(struct ref *r)
{
	uint64_t langs;

	if (!r->inword)
		return;
	r->f->words++;
	r->f->capwords += (uint32_t)r->wcap;
	if (!r->wlong && (r->lang != LANG_NONE || r->g != NULL)) {
		langs = stopword_langs(r->word, r->wlen);
		if (r->lang != LANG_NONE && (langs >> r->lang & 1))
			r->f->stopwords++;
		if (r->g != NULL && langs != 0) {
			langguess_add(r->g, langs);
			r->f->langs |= langs;
		}
	}
	r->inword = 0;
	r->wlen = 0;
	r->wlong = 0;
}

static void
ref_punct(struct features *f, uint32_t cp, const unsigned char *next,
    const unsigned char *end, uint32_t prev)
{
	if (ref_sentence_mark(cp) && (next == end || *next == ' ' ||
	    cp >= 0x3000))
		f->sentences++;
	if (ref_separator(cp) && prev == ' ' && (next == end || *next == ' '))
		f->separators++;
	if (cp == ',' || cp == 0x3001 || cp == 0xFF0C || cp == 0x060C)
		f->commas++;
	if (cp == '/' && prev == ':' && next < end && *next == '/')
		f->urls++;
	if (cp == '@' && (prev == ' ' || prev == '(') && next < end &&
	    *next != ' ')
		f->handles++;
	if (cp == '#' && prev == ' ' && next < end && *next != ' ')
		f->hashtags++;
}

static void
ref_ending(struct features *f, const char *s, size_t len)
{
	const unsigned char *p;
	const char *open;
	uint32_t cp;
	size_t i;

	while (len > 2 && s[len - 1] == ']') {
		open = memrchr(s, '[', len - 1);
		if (open == NULL || len - (size_t)(open - s) > 24)
			break;
		len = (size_t)(open - s);
		while (len > 0 && s[len - 1] == ' ')
			len--;
	}
	for (i = len; i > 0; ) {
		while (--i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
			;
		p = (const unsigned char *)s + i;
		cp = utf8_decode(&p);
		if (cp == ' ' || ref_closing(cp))
			continue;
		if (ref_sentence_mark(cp))
			f->ending = END_SENTENCE;
		else if (cp == ':')
			f->ending = END_COLON;
		return;
	}
}

static void
ref_scan(struct features *f, const char *s, size_t len, int lang,
    struct langguess *g)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	const char *colon = memchr(s, ':', len < 32 ? len : 32);
	struct ref r = { 0 };
	uint32_t cp, prev = ' ', nospace = 0;

	memset(f, 0, sizeof(*f));
	r.f = f;
	r.lang = lang;
	r.g = g;
	while (p < end) {
		cp = utf8_decode(&p);
		f->chars++;
		if (ref_nospace(cp)) {
			ref_end_word(&r);
			nospace++;
		} else if (ref_word_char(cp)) {
			ref_letter(&r, cp);
			if (cp < '0' || cp > '9')
				f->letters++;
			else
				f->digits++;
		} else {
			ref_end_word(&r);
			ref_punct(f, cp, p, end, prev);
		}
		prev = cp;
	}
	ref_end_word(&r);
	f->words += nospace / 2;
	f->letters += nospace;
	f->nospaces = nospace * 2 > f->chars;
	ref_ending(f, s, len);
	f->label = colon != NULL && colon > s &&
	    (size_t)(colon - s) + 1 < len && colon[1] == ' ' &&
	    memchr(s, ' ', (size_t)(colon - s)) == NULL;
}

static int
same_features(const struct features *a, const struct features *b)
{
	return a->chars == b->chars && a->words == b->words &&
	    a->stopwords == b->stopwords && a->capwords == b->capwords &&
	    a->letters == b->letters && a->digits == b->digits &&
	    a->sentences == b->sentences && a->separators == b->separators &&
	    a->commas == b->commas && a->langs == b->langs &&
	    a->urls == b->urls && a->handles == b->handles &&
	    a->hashtags == b->hashtags && a->ending == b->ending &&
	    a->label == b->label && a->nospaces == b->nospaces;
}

static void
compare_with_reference(const char *text, size_t len, int lang)
{
	struct features want, got;
	struct langguess gwant, ggot;
	char *copy, detail[96];

	/* A buffer of the text's own size: a read past it is caught. */
	if ((copy = malloc(len + 1)) == NULL)
		abort();
	memcpy(copy, text, len);
	snprintf(detail, sizeof(detail), "%zu bytes, lang %d: %.48s", len,
	    lang, text);
	langguess_init(&gwant);
	langguess_init(&ggot);
	ref_scan(&want, copy, len, lang, &gwant);
	features_scan(&got, copy, len, lang, &ggot);
	check(same_features(&want, &got), "as the reference", detail);
	check(memcmp(&gwant, &ggot, sizeof(gwant)) == 0,
	    "language hits as the reference", detail);
	ref_scan(&want, copy, len, lang, NULL);
	features_scan(&got, copy, len, lang, NULL);
	check(same_features(&want, &got), "as the reference, no guess",
	    detail);
	free(copy);
}

/*
 * Pieces that random text is made of: stop words in several scripts,
 * capitals, digits, marks and their neighbours, letters of two, three
 * and four bytes, ideographs, symbols, and words around WORD_MAX.
 */
static const char *const pieces[] = {
	" ", " ", " ", " ", "the", "The", "THE", "and", "of", "a", "I", "de",
	"und", "Und", "die", "la", "les", "il", "\xD0\xB8", "\xD0\x98",
	"\xC3\xBC" "ber", "\xC3\x9C" "ber", "\xC3\xA9t\xC3\xA9", "caf\xC3\xA9",
	"gro\xC3\x9F", "\xCE\xBA\xCE\xB1\xCE\xB9", "Stra\xC3\x9F" "e",
	"thermometer", "informationen", "nevertheless", "x", "Zz", "q7",
	"2018", "12", "0", "9a", ".", ",", "!", "?", ":", ": ", "/", "//",
	"://", "|", " | ", ">", " > ", "@", " @", "#", " #", "(", ")", "[",
	"]", "[27]", "'", "\"", "*", "-", "_", "\t",
	"\xC3\x97", "\xC2\xAB", "\xC2\xBB", " \xC2\xBB ", "\xC2\xB7",
	"\xE2\x80\x99", "\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\xA6",
	"\xE2\x80\x93", "\xE2\x80\xA2", "\xE2\x86\x92", "\xE2\x80\xBA",
	/* A capital whose lower case takes three bytes, and that one. */
	"\xC8\xBA", "\xE2\xB1\xA5",
	"\xE4\xB8\xAD", "\xE6\x97\xA5", "\xE3\x81\x82", "\xE3\x80\x81",
	"\xE3\x80\x82", "\xEF\xBC\x81", "\xEF\xBC\x8C", "\xE0\xB8\x81",
	"\xE1\xBB\x9F", "\xE1\xBB\x9E",	/* Vietnamese, three bytes */
	"\xE0\xA4\x95", "\xE0\xA5\xA4",	/* Devanagari letter, danda */
	"\xF0\x9D\x90\x80", "\xF0\x9F\x98\x80", "\xF0\xA0\x80\x80",
	"\xD8\x8C", "\xD8\x9F", "\xDB\x94",
	"abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghi",
	"abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghij",
	"abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijk",
	"\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
	    "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
	    "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
	    "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9",
};

static uint32_t
next_random(uint32_t *seed)
{
	*seed = *seed * 1103515245 + 12345;
	return *seed >> 16;
}

static void
check_reference(void)
{
	static const char *const langs[] = { "en", "de", "ru", "fr", NULL };
	const size_t npieces = sizeof(pieces) / sizeof(pieces[0]);
	char text[1024];
	uint32_t seed = 7;
	size_t i, len, n, k;
	const char *piece;
	int lang;

	for (i = 0; i < 30000; i++) {
		lang = langs[i % 5] ? stopword_lang_index(langs[i % 5]) :
		    LANG_NONE;
		/* Short most often, as the blocks of a page are. */
		n = next_random(&seed) % (i % 4 == 0 ? 40 : 8);
		for (len = 0, k = 0; k < n; k++) {
			piece = pieces[next_random(&seed) % npieces];
			if (len + strlen(piece) >= sizeof(text))
				break;
			memcpy(text + len, piece, strlen(piece));
			len += strlen(piece);
		}
		text[len] = '\0';
		compare_with_reference(text, len, lang);
	}
}

/*
 * Every length of each text said again to 200 bytes, so every tail a
 * load can have, and characters of two to four bytes across the edges
 * of the eight-byte loads at every offset.
 */
static void
check_tails(void)
{
	static const char *const texts[] = {
		"the quick brown fox jumps over the lazy dog ",
		"Share Home News Sport Weather and more ",
		"und die der \xC3\xBC" "ber das \xC3\x9C" "ber den ",
		"a:b, c.d! e?f /g/ @h #i (j) [k] 1 22 333 4444 ",
		"\xD0\xB8 \xD0\xB2 \xD0\xBD\xD0\xB0 \xD0\xBD\xD0\xB5 \xD0\xB8 ",
		"aaaaaaaa bbbbbbbbb cccccccccc dddddddddddddddd e ",
		"\xE2\x80\x9Cw\xE2\x80\x9D \xE4\xB8\xAD\xE6\x97\xA5 x\xF0\x9F\x98\x80y ",
	};
	char text[256];
	size_t i, len, n;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		for (n = 0; n + strlen(texts[i]) < sizeof(text); )
			n += (size_t)snprintf(text + n, sizeof(text) - n, "%s",
			    texts[i]);
		for (len = 0; len <= n && len <= 200; len++) {
			/* Cut only at a character's start. */
			if (((unsigned char)text[len] & 0xC0) == 0x80)
				continue;
			compare_with_reference(text, len,
			    stopword_lang_index("en"));
			compare_with_reference(text, len,
			    stopword_lang_index("de"));
		}
	}
}

int
main(void)
{
	check_counts();
	check_cases();
	check_endings();
	check_headlines();
	check_shapes();
	check_classes();
	check_scale();
	check_tails();
	check_reference();
	if (failures)
		return 1;
	printf("unit_judge: %d checks ok\n", checks);
	return 0;
}
