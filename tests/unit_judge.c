/* Unit test for judge.c: the signals of a block and its class. */
#include <stdio.h>
#include <string.h>

#include "judge.h"

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
	if (failures)
		return 1;
	printf("unit_judge: %d checks ok\n", checks);
	return 0;
}
