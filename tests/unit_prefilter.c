/*
 * Unit test for prefilter.c.  The filter may only ever spare a pattern
 * that cannot match, so most checks here are of that: for patterns with
 * every construct the reader knows or refuses, for every default rule,
 * on texts PCRE2 matches, caseless tricks included, the filter must let
 * the pattern through.  A few checks pin what the reader finds, so that
 * a change that makes it find nothing (all blocks tried) shows.
 */
#define PCRE2_CODE_UNIT_WIDTH 8

#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "embedded.h"
#include "prefilter.h"

static int checks, failures;

static void
check(int ok, const char *what, const char *pattern, const char *text)
{
	checks++;
	if (!ok) {
		failures++;
		fprintf(stderr, "unit_prefilter: FAIL %s: /%s/ on \"%s\"\n",
		    what, pattern, text);
	}
}

static pcre2_code *
compile(const char *pattern)
{
	PCRE2_SIZE off;
	int err;

	return pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
	    PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS, &err, &off, NULL);
}

static int
anchored(pcre2_code *code)
{
	uint32_t opts = 0;

	pcre2_pattern_info(code, PCRE2_INFO_ALLOPTIONS, &opts);
	return (opts & PCRE2_ANCHORED) != 0;
}

static struct prefilter *
filter_of(const char *pattern, int floating)
{
	struct prefilter *pf = prefilter_new(1, 1);

	prefilter_add(pf, 0, 0, pattern, floating, 0);
	prefilter_build(pf);
	return pf;
}

/* Whether filter PF lets its one pattern be tried on TEXT. */
static int
passes(struct prefilter *pf, int floating, const char *text)
{
	const uint64_t *ids;

	prefilter_reset(pf, text, strlen(text), strlen(text));
	return prefilter_may_match(pf, 0) &&
	    (floating || prefilter_starts(pf, &ids) == 1);
}

/* Whether the filter lets PATTERN be tried on TEXT (or its start). */
static int
let_through(const char *pattern, int floating, const char *text)
{
	struct prefilter *pf = filter_of(pattern, floating);
	int ok = passes(pf, floating, text);

	prefilter_free(pf);
	return ok;
}

/* A pattern compiled, and the filter made of it. */
struct subject {
	const char		*pattern;
	pcre2_code		*code;
	pcre2_match_data	*md;
	struct prefilter	*pf;
	int			 floating;
};

static int
subject_open(struct subject *sj, const char *pattern)
{
	sj->pattern = pattern;
	if ((sj->code = compile(pattern)) == NULL)
		return -1;
	(void)pcre2_jit_compile(sj->code, PCRE2_JIT_COMPLETE);
	sj->md = pcre2_match_data_create_from_pattern(sj->code, NULL);
	sj->floating = !anchored(sj->code);
	sj->pf = filter_of(pattern, sj->floating);
	return 0;
}

static void
subject_close(struct subject *sj)
{
	prefilter_free(sj->pf);
	pcre2_match_data_free(sj->md);
	pcre2_code_free(sj->code);
}

/* Where PCRE2 matches TEXT, the filter must let the pattern through. */
static void
subject_check(struct subject *sj, const char *text)
{
	if (pcre2_match(sj->code, (PCRE2_SPTR)text, strlen(text), 0, 0, sj->md,
	    NULL) >= 0)
		check(passes(sj->pf, sj->floating, text),
		    "a match was filtered out", sj->pattern, text);
}

static void
sound(const char *pattern, const char *text)
{
	struct subject sj;

	if (subject_open(&sj, pattern) == -1) {
		check(0, "compiles", pattern, "");
		return;
	}
	subject_check(&sj, text);
	subject_close(&sj);
}

/* Both: PCRE2 matches TEXT (the case is meaningful) and it gets through. */
static void
matches(const char *pattern, const char *text)
{
	pcre2_code *code = compile(pattern);
	pcre2_match_data *md = pcre2_match_data_create(1, NULL);

	check(code != NULL && pcre2_match(code, (PCRE2_SPTR)text,
	    strlen(text), 0, 0, md, NULL) >= 0, "test case matches", pattern,
	    text);
	pcre2_match_data_free(md);
	pcre2_code_free(code);
	sound(pattern, text);
}

/* The filter spares PATTERN on TEXT, which it cannot match. */
static void
spared(const char *pattern, int floating, const char *text)
{
	check(!let_through(pattern, floating, text), "not spared", pattern,
	    text);
}

/*
 * NEED: the strings the reader finds every match needs, START those it
 * starts with, "|"-joined (START NULL: not checked).
 */
static void
reads(const char *pattern, const char *need, const char *start)
{
	struct needs nd;
	char got[1024];
	size_t i, n = 0;

	needs_read(&nd, pattern);
	got[0] = '\0';
	for (i = 0; i < nd.nneed && n + 40 < sizeof(got); i++)
		n += (size_t)snprintf(got + n, sizeof(got) - n, "%s%s",
		    i ? "|" : "", nd.need[i]);
	check(strcmp(got, need) == 0, "needed strings", pattern, got);
	for (i = n = 0, got[0] = '\0'; start != NULL && i < nd.nstart &&
	    n + 40 < sizeof(got);
	    i++)
		n += (size_t)snprintf(got + n, sizeof(got) - n, "%s%s",
		    i ? "|" : "", nd.start[i]);
	check(start == NULL || strcmp(got, start) == 0, "start strings",
	    pattern, got);
	needs_free(&nd);
}

static void
constructs(void)
{
	/* Caseless, in the canonical form. */
	matches("newsletter", "Our NEWSLETTER");
	matches("\\bsign up\\b.*\\bnewsletter\\b", "SIGN UP for the Newsletter");
	matches("kelvin", "\xE2\x84\xAA" "elvin");		/* Kelvin sign */
	matches("\xE2\x84\xAA" "elvin", "kelvin");
	matches("sun", "\xC5\xBF" "un");			/* long s */
	matches("stra\xC3\x9F" "e", "STRA\xE1\xBA\x9E" "E");	/* ß, ẞ */
	matches("\xCF\x83\xCE\xBF\xCF\x86\xCF\x8C\xCF\x82",
	    "\xCE\xA3\xCE\x9F\xCE\xA6\xCE\x8C\xCE\xA3");	/* σοφός */
	matches("\xD0\xBA\xD1\x83\xD0\xBA\xD0\xB8",
	    "\xD0\x9A\xD0\xA3\xD0\x9A\xD0\x98");		/* куки */
	matches("\xC3\xA9t\xC3\xA9", "\xC3\x89T\xC3\x89");	/* été */
	matches("(?-i)Case", "Case");
	/* Groups, alternatives, repeats. */
	matches("^(?:read more|see also)\\b", "See also: this");
	matches("^(?:a|)bc", "bc");
	matches("^(?:ab|c)?d", "d");
	matches("^a?b*c", "bbbc");
	matches("^x{2,3}y", "xxy");
	matches("^(?:foo)+bar", "foofoobar");
	matches("^[-\xE2\x80\x93\xE2\x80\x94\\s*]*(?:anzeige|werbung)",
	    " \xE2\x80\x94 Anzeige");
	matches("^\\s*advert", "\xC2\xA0" "advert");
	matches("^\\s*advert", "\xE3\x80\x80" "advert");
	matches("^\\h+x", "\xE1\xA0\x8E" "x");
	matches("^\\d+ comments", "\xD9\xA3 comments");	/* Arabic three */
	matches("^\\d+ comments", "\xE0\xA5\xA9 comments");	/* Devanagari */
	matches("^[\\d.,]+\\s*views", "1,2 views");
	matches("^[a-f]oo", "Foo");
	matches("^[\xC3\xA0-\xC3\xBF]x", "\xC3\x89x");
	matches("^[^x]y", "Ky");
	matches("^.{0,40}\\bnewsletter\\s*:?$", "Get our newsletter:");
	matches("^[(\\[]?photo", "[Photo");
	matches("\\|\\s*photo", "a | photo");
	matches("[\xC2\xBB\xE2\x80\xBA]", "Home \xE2\x80\xBA News");
	/* Zero-width items and verbs the reader lets be. */
	matches("foo\\Kbar", "foobar");
	matches("^(?=abc)ab", "abc");
	matches("(?<=a)b", "ab");
	matches("\\bword\\b", "a word.");
	matches("(?i)MiXeD", "mixed");
	matches("^(?#comment)x", "x");
	matches("(*UCP)abc", "ABC");
	matches("(a)\\1x", "aax");
	matches("\\Qa.b\\E", "a.b");
	matches("\\x41bc", "abc");
	matches("\\x{41}bc", "abc");
	matches("a\\.b", "a.b");
	matches("^\\p{Lu}\\p{Ll}+ said", "Anna said");
	matches("^(?<name>ab)c", "abc");
	matches("^(?|a|b)c", "bc");
	matches("^(?>ab|a)c", "abc");
	matches("^\\Rx", "\r\nx");
	matches("x{,3}", "x{,3}");
	matches("^(?:\\d+|an?|one)\\s+hours?\\s+ago$", "1 hour ago");
	matches("^(?:\\d+|an?|one)\\s+hours?\\s+ago$", "an hour ago");
}

static void
readings(void)
{
	reads("\\b(?:sign up|subscribe)\\b.*\\bnewsletter\\b", "newsletter",
	    "sign|subs");
	reads("^(?:read more|see also)\\b", "read more|see also", "read|see ");
	reads("^by$", "", "by");
	reads("cookies?", "cookie", "cook");
	reads("\\s*pic\\.twitter\\.com/\\w+", "pic.twitter.com/", NULL);
	reads("\\|\\s*photo", "photo", NULL);
	reads("^[(\\[]?photo", "photo", "(pho|[pho|phot");
	reads("(?x) a b", "", "");
	reads("\\Qabc\\E", "", "");
	reads("^\\d+ min", " min", NULL);
	/* What is not read must not be filtered. */
	spared("newsletter", 1, "a news letter");
	spared("^(?:read more|see also)\\b", 0, "Also read more");
	spared("^[-\\s*]*anzeige", 0, "Die Anzeige");
}

/*
 * More ways to start than a start set holds: "(" and "[" stand for
 * all that follow them, and a text that starts with none is spared.
 */
static void
many_starts(void)
{
	char pat[1024];
	size_t n, i;

	n = (size_t)snprintf(pat, sizeof(pat), "^[(\\[]?(?:");
	for (i = 0; i < 100; i++)
		n += (size_t)snprintf(pat + n, sizeof(pat) - n, "%sq%02zu",
		    i ? "|" : "", i);
	snprintf(pat + n, sizeof(pat) - n, ")$");
	matches(pat, "(Q42");
	matches(pat, "[q07");
	matches(pat, "q99");
	spared(pat, 0, "quiz");
}

/*
 * Anchored patterns whose starts are keys of every length, some the
 * start of others: a block's candidates are the patterns whose start
 * its first bytes make, each once and in order, whichever key of the
 * block is the longest in the index.
 */
static void
shared_starts(void)
{
	static const char *const pats[] = {
		"^a", "^ab", "^abc", "^abcd", "^[a-z]", "^abx", "^b", "^bcd"
	};
	static const struct {
		const char	*text;
		const char	*want;	/* the candidates' numbers */
	} cases[] = {
		{ "abcde", "01234" }, { "abcz", "0124" }, { "abxy", "0145" },
		{ "az", "04" }, { "abd", "014" }, { "b", "46" },
		{ "bcde", "467" }, { "bcz", "46" }, { "ABCD", "01234" },
		{ "zz", "4" }, { "12", "" },
	};
	const size_t npats = sizeof(pats) / sizeof(pats[0]);
	struct prefilter *pf = prefilter_new(npats, npats);
	const uint64_t *ids;
	char got[16];
	size_t i, k, n;

	for (i = 0; i < npats; i++)
		prefilter_add(pf, i, i, pats[i], 0, 0);
	prefilter_build(pf);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		prefilter_reset(pf, cases[i].text, strlen(cases[i].text),
		    strlen(cases[i].text));
		n = prefilter_starts(pf, &ids);
		for (k = 0; k < n && k + 1 < sizeof(got); k++)
			got[k] = (char)('0' + (ids[k] & 0xFFFFFFFF));
		got[k] = '\0';
		check(n < sizeof(got) && strcmp(got, cases[i].want) == 0,
		    "the candidates of every key", "shared starts",
		    cases[i].text);
	}
	prefilter_free(pf);
}

/*
 * NCLASS patterns that start with any letter, and one for every string
 * of two to four letters from a to e: with many of the first kind, the
 * start index's lists with the shorter keys' would take too much room
 * and are merged as blocks come.  Either way a block's candidates are
 * the letter patterns and those whose string starts it, in order.
 */
static void
start_lists(size_t nclass)
{
	enum { LETTERS = 5, TEXT_MAX = 5 };
	struct prefilter *pf;
	const uint64_t *ids;
	char (*lit)[8], text[TEXT_MAX + 1], pat[16];
	size_t nlit = 0, npats, i, k, n, len, want, bad;
	unsigned long x, span;

	if ((lit = malloc(1000 * sizeof(*lit))) == NULL) {
		check(0, "memory", "", "");
		return;
	}
	for (len = 2; len <= 4; len++) {
		for (span = 1, k = 0; k < len; k++)
			span *= LETTERS;
		for (x = 0; x < span; x++, nlit++)
			for (k = 0, i = x; k < len; k++, i /= LETTERS) {
				lit[nlit][k] = (char)('a' + i % LETTERS);
				lit[nlit][k + 1] = '\0';
			}
	}
	npats = nclass + nlit;
	pf = prefilter_new(npats, npats);
	for (i = 0; i < nclass; i++)
		prefilter_add(pf, i, i, "^[a-z]", 0, 0);
	for (i = 0; i < nlit; i++) {
		snprintf(pat, sizeof(pat), "^%s", lit[i]);
		prefilter_add(pf, nclass + i, nclass + i, pat, 0, 0);
	}
	prefilter_build(pf);
	for (len = 1; len <= TEXT_MAX; len++) {
		for (span = 1, k = 0; k < len; k++)
			span *= LETTERS + 1;
		for (x = 0; x < span; x++) {
			for (k = 0, i = x; k < len; k++, i /= LETTERS + 1)
				text[k] = (char)((k == 0 && x % 7 == 0 ? 'A' :
				    'a') + i % (LETTERS + 1));
			text[len] = '\0';
			prefilter_reset(pf, text, len, len);
			n = prefilter_starts(pf, &ids);
			for (bad = 0, k = 0, i = 0; i < npats; i++) {
				want = i < nclass || strncasecmp(text,
				    lit[i - nclass], strlen(lit[i - nclass]))
				    == 0;
				if (want && (k >= n || ids[k] !=
				    ((uint64_t)i << 32 | i)))
					bad = 1;
				k += want;
			}
			check(!bad && k == n, "the candidates of every key",
			    nclass > 100 ? "many starts, lists merged by "
			    "block" : "many starts, lists merged once", text);
		}
	}
	prefilter_free(pf);
	free(lit);
}

/*
 * A needed string of three bytes, of four and of more, found where the
 * scan of the block turns: at its first byte, ending at its last, and
 * filling it; and one byte short at the end, spared.
 */
static void
edges(void)
{
	static const char *const needs[] = { "zqx", "zqxj", "newsletter" };
	char text[64];
	size_t i;

	for (i = 0; i < sizeof(needs) / sizeof(needs[0]); i++) {
		matches(needs[i], needs[i]);
		snprintf(text, sizeof(text), "%s and more", needs[i]);
		matches(needs[i], text);
		snprintf(text, sizeof(text), "more and %s", needs[i]);
		matches(needs[i], text);
		snprintf(text, sizeof(text), "more and %.*s",
		    (int)strlen(needs[i]) - 1, needs[i]);
		spared(needs[i], 1, text);
	}
}

/*
 * A needed string in capitals at every offset of a long line, after
 * ASCII or after a letter beyond it, so that the fold of eight bytes at
 * a time meets it at every alignment: it must get through, and a near
 * miss must not.
 */
static void
folded_runs(void)
{
	char text[256];
	size_t off;
	int wide;

	for (wide = 0; wide <= 1; wide++)
		for (off = 0; off < 100; off++) {
			snprintf(text, sizeof(text), "%s%.*sNEWSLETTER and "
			    "words after it, for a run of ASCII", wide ?
			    "\xC3\x89" : "", (int)off, "xxxxxxxxxxxxxxxxxxxxxxxxx"
			    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
			    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
			matches("newsletter", text);
			*strstr(text, "TER") = 'X';
			spared("newsletter", 1, text);
		}
}

/* Texts a rule may see: the case changed, letters swapped for twins. */
static void
variants(struct subject *sj, const char *text)
{
	char buf[4096], *p;
	size_t n = strlen(text);

	if (n >= sizeof(buf) / 3)
		return;
	subject_check(sj, text);
	memcpy(buf, text, n + 1);
	for (p = buf; *p != '\0'; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 32);
	subject_check(sj, buf);
	for (p = buf; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p + 32);
	subject_check(sj, buf);
}

static const char *const samples[] = {
	"Read more", "READ MORE: the story", "Share on Facebook",
	"Accept all cookies", "This website uses cookies to improve",
	"Advertisement", "- Advertisement -", "Related articles",
	"Sign up for our newsletter", "Subscribe to our newsletter",
	"Photo: Getty Images", "(Photo: AFP)", "Home \xC2\xBB World \xC2\xBB",
	"Home > News > World", "12:49", "2024-08-13 12:49", "5 comments",
	"Leave a comment", "Your email address will not be published.",
	"Published: Nov. 20, 2019 at 7:29 a.m.", "3 hours ago",
	"5 min read", "Back to top", "\xC2\xA9 2024 Example Media",
	"All rights reserved", "by", "By", "Follow us on Twitter",
	"Lire aussi", "Publicit\xC3\xA9", "Weiterlesen", "Anzeige",
	"Leer m\xC3\xA1s", "Noticias relacionadas", "Leggi anche",
	"\xD0\xA7\xD0\xB8\xD1\x82\xD0\xB0\xD0\xB9\xD1\x82\xD0\xB5 "
	"\xD1\x82\xD0\xB0\xD0\xBA\xD0\xB6\xD0\xB5",
	"\xD0\xA4\xD0\xBE\xD1\x82\xD0\xBE: \xD0\xA0\xD0\x98\xD0\x90",
	"Mehr zum Thema", "Alle Rechte vorbehalten", "Tags:",
	"The article text, a long sentence with words in it.",
	"pic.twitter.com/abc123", "\xE2\x80\x94 Name (@handle) May 1, 2024",
	NULL
};

/* Every default rule on samples and their case variants. */
static void
default_rules(void)
{
	const struct embedded_file *e;
	const char *p, *end, *nl, *pat;
	struct subject sj;
	char line[8192];
	size_t i, n;

	for (e = embedded_rules; e->name != NULL; e++)
		for (p = e->text, end = p + strlen(p); p < end; p = nl + 1) {
			if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
				nl = end;
			n = (size_t)(nl - p);
			if (n == 0 || *p == '#' || n >= sizeof(line))
				continue;
			while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t' ||
			    p[n - 1] == '\r'))
				n--;
			memcpy(line, p, n);
			line[n] = '\0';
			for (pat = line; *pat != '\0' && *pat != ' ' &&
			    *pat != '\t'; pat++)
				;
			while (*pat == ' ' || *pat == '\t')
				pat++;
			if (subject_open(&sj, pat) == -1) {
				check(0, "compiles", pat, "");
				continue;
			}
			for (i = 0; samples[i] != NULL; i++)
				variants(&sj, samples[i]);
			subject_close(&sj);
		}
}

/*
 * Random patterns from pieces of every kind the reader knows, on random
 * texts from matching pieces in other cases: a match must get through.
 */
static unsigned long seed = 1;

static size_t
pick(size_t n)
{
	seed = seed * 6364136223846793005UL + 1442695040888963407UL;
	return (size_t)(seed >> 33) % n;
}

static const char *const atoms[] = {
	"cookie", "news", "kelvin", "\xE2\x84\xAA" "elvin", "sun", "\xC5\xBF" "un",
	"stra\xC3\x9F" "e", "\xD1\x81\xD0\xBB\xD0\xBE\xD0\xB2\xD0\xBE", "\xC3\xA9", "ab", "x",
	" ", "-", "\xC2\xBB", "\\.", "\\s", "\\d", "\\w", "\\b", "\\S", ".", "\\h",
	"[a-c]", "[\\d.,]", "[\xC2\xBB\xE2\x80\xBA]", "[^x]", "[\\s*-]",
	"[\xC3\xA9\xC3\x89]", "[k]", "(?=a)", "\\x41", "(?i)", "\xCF\x83"
};
static const char *const quants[] = {
	"", "", "", "?", "*", "+", "{1,2}", "{0,3}", "{2}", "+?"
};
static const char *const pieces[] = {
	"cookie", "COOKIE", "news", "News", "kelvin", "\xE2\x84\xAA" "ELVIN", "sun",
	"\xC5\xBF" "un", "SUN", "stra\xC3\x9F" "e", "STRA\xE1\xBA\x9E" "E",
	"\xD0\xA1\xD0\x9B\xD0\x9E\xD0\x92\xD0\x9E", "\xD1\x81\xD0\xBB\xD0\xBE\xD0\xB2\xD0\xBE", "\xC3\x89",
	"\xC3\xA9", "ab", "AB", "x", "X", " ", "  ", "\xC2\xA0", "-", "\xC2\xBB",
	"\xE2\x80\xBA", ".", ",", "1", "42", "\xD9\xA3", "a", "A", "b", "c", "k", "K",
	"*", "\xCE\xA3", "\xCF\x82", "\xCF\x83", "_"
};

static void
random_piece(char *out, size_t cap, int depth)
{
	size_t n = strlen(out), k;
	int r = (int)pick(depth > 2 ? 2 : 4);

	if (n + 64 > cap)
		return;
	if (r < 2)
		strcat(out, atoms[pick(sizeof(atoms) / sizeof(atoms[0]))]);
	else if (r == 2) {
		strcat(out, "(?:");
		random_piece(out, cap, depth + 1);
		random_piece(out, cap, depth + 1);
		strcat(out, ")");
	} else {
		strcat(out, "(?:");
		for (k = pick(3) + 1; k > 0; k--) {
			random_piece(out, cap, depth + 1);
			strcat(out, k > 1 ? "|" : "");
		}
		strcat(out, ")");
	}
	strcat(out, quants[pick(sizeof(quants) / sizeof(quants[0]))]);
}

static void
random_patterns(void)
{
	char pat[1024], text[512];
	struct subject sj;
	int i, j, k;

	for (i = 0; i < 1500; i++) {
		strcpy(pat, pick(2) ? "^" : "");
		for (k = (int)pick(3) + 1; k > 0; k--)
			random_piece(pat, sizeof(pat), 0);
		/* Some draws are not patterns ("\\b?"): those are skipped. */
		if (subject_open(&sj, pat) == -1)
			continue;
		for (j = 0; j < 20; j++) {
			text[0] = '\0';
			for (k = (int)pick(8) + 1; k > 0; k--)
				strcat(text,
				    pieces[pick(sizeof(pieces) / sizeof(pieces[0]))]);
			subject_check(&sj, text);
		}
		subject_close(&sj);
	}
}

/* "needle" padded to NCHARS characters of one byte, or of two if WIDE. */
static void
padded(char *text, size_t nchars, int wide)
{
	size_t i, n = 6;

	memcpy(text, "needle", 6);
	for (i = 6; i < nchars; i++) {
		if (wide) {
			memcpy(text + n, "\xC3\xA9", 2);
			n += 2;
		} else
			text[n++] = 'x';
	}
	text[n] = '\0';
}

/*
 * Length limits: a pattern limited to MAXLEN characters, beside one
 * limited to 500 and an unlimited one, all needing "needle", must get
 * through on every block it fits, counted in characters (a byte of
 * padding, or a two-byte letter), at every limit either side of where
 * the scan changes tables.  A block longer than the limit may spare it.
 */
static void
length_limits(void)
{
	static const size_t limits[] = {
		6, 20, 39, 40, 41, 99, 100, 101, 299, 300, 301, 499
	};
	char text[2 * 600 + 1], what[80];
	struct prefilter *pf;
	size_t i, n;
	int wide;

	for (i = 0; i < sizeof(limits) / sizeof(limits[0]); i++) {
		pf = prefilter_new(3, 3);
		prefilter_add(pf, 0, 0, "needle", 1, limits[i]);
		prefilter_add(pf, 1, 1, "needle", 1, 500);
		prefilter_add(pf, 2, 2, "needle", 1, 0);
		prefilter_build(pf);
		for (wide = 0; wide < 2; wide++)
			for (n = 6; n <= 600; n++) {
				padded(text, n, wide);
				prefilter_reset(pf, text, strlen(text), n);
				snprintf(what, sizeof(what), "limit %zu, %zu "
				    "characters", limits[i], n);
				if (n <= limits[i])
					check(prefilter_may_match(pf, 0), what,
					    "needle", text);
				if (n <= 500)
					check(prefilter_may_match(pf, 1), what,
					    "needle", text);
				check(prefilter_may_match(pf, 2), what,
				    "needle", text);
			}
		/* The point of the tables: a long block spares short rules. */
		padded(text, 301, 0);
		prefilter_reset(pf, text, strlen(text), 301);
		check(limits[i] > 300 || !prefilter_may_match(pf, 0),
		    "a block past the limit spared", "needle", text);
		prefilter_free(pf);
	}
}

int
main(void)
{
	constructs();
	readings();
	many_starts();
	shared_starts();
	start_lists(4);
	start_lists(300);
	edges();
	folded_runs();
	default_rules();
	random_patterns();
	length_limits();
	printf("unit_prefilter: %d checks, %d failed\n", checks, failures);
	return failures > 0;
}
