/*
 * Unit test for alphabet.c, nfa.c and dfa.c: the DFAs must say what
 * PCRE2 says.  Checked here: the case keys against PCRE2's caseless
 * matching for every character with case; class atoms against PCRE2 on
 * characters of many scripts; constructs one by one, and what the reader
 * must refuse; and every anchored default rule on every line of the
 * golden inputs and on each line's first characters.
 */
#define PCRE2_CODE_UNIT_WIDTH 8

#include <dirent.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "alphabet.h"
#include "dfa.h"
#include "embedded.h"
#include "nfa.h"
#include "utf8.h"
#include "util.h"

static int checks, failures;
static pcre2_match_data *md;

static void
check(int ok, const char *what, const char *pattern, const char *text,
    size_t len)
{
	checks++;
	if (!ok) {
		failures++;
		fprintf(stderr, "unit_dfa: FAIL %s: /%s/ on \"%.*s\"\n", what,
		    pattern, (int)len, text);
	}
}

static pcre2_code *
compile(const char *pattern, uint32_t options)
{
	PCRE2_SIZE off;
	int err;

	return pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
	    PCRE2_UTF | PCRE2_UCP | options, &err, &off, NULL);
}

static int
pcre2_says(pcre2_code *code, const char *s, size_t len)
{
	return pcre2_match(code, (PCRE2_SPTR)s, len, 0, PCRE2_ANCHORED, md,
	    NULL) >= 0;
}

/* Characters utf8proc gives a case mapping, and those mapped to. */
static int
has_case(uint32_t cp)
{
	utf8proc_int32_t c = (utf8proc_int32_t)cp;

	return utf8proc_tolower(c) != c || utf8proc_toupper(c) != c ||
	    utf8proc_totitle(c) != c;
}

/*
 * PCRE2 matches x with c caselessly exactly when their case keys are
 * equal: every match of each cased character's caseless pattern, over
 * all cased characters, shares its key, and as many match as share it.
 */
static void
case_keys(void)
{
	uint32_t *cased = xcalloc(0x110000, sizeof(*cased)), x, y;
	char *subject = xmalloc(4 * 0x110000), pat[32];
	size_t n = 0, len = 0, i, j, same, found;
	const unsigned char *p;
	PCRE2_SIZE at;
	pcre2_code *code;

	for (x = 0; x < 0x110000; x++)
		if ((x < 0xD800 || x > 0xDFFF) && has_case(x)) {
			cased[n++] = x;
			len += utf8_encode(x, subject + len);
		}
	for (i = 0; i < n; i++) {
		snprintf(pat, sizeof(pat), "\\x{%X}", (unsigned)cased[i]);
		code = compile(pat, PCRE2_CASELESS);
		for (same = 0, j = 0; j < n; j++)
			same += alphabet_case_key(cased[j]) ==
			    alphabet_case_key(cased[i]);
		found = 0;
		for (at = 0; at < len && pcre2_match(code, (PCRE2_SPTR)subject,
		    len, at, 0, md, NULL) >= 0; found++) {
			at = pcre2_get_ovector_pointer(md)[0];
			p = (const unsigned char *)subject + at;
			y = utf8_decode(&p);
			at = (PCRE2_SIZE)((const char *)p - subject);
			check(alphabet_case_key(y) == alphabet_case_key(cased[i]),
			    "caseless match across keys", pat, "", 0);
		}
		check(found == same, "caseless matches as many as its key",
		    pat, "", 0);
		pcre2_code_free(code);
	}
	free(cased);
	free(subject);
}

/* Classes of many kinds on characters of many scripts. */
static void
class_atoms(void)
{
	static const char *const classes[] = {
		"\\d", "\\D", "\\w", "\\W", "\\s", "\\S", "\\h", "\\v", ".",
		"\\N", "[^»›«‹]", "[\\w .&-]", "[-–—\\s*]", "\\p{Lu}", "\\pL",
		"\\P{Ll}", "[[:alpha:]]", "[]a]", "[^]a]", "[a-z]", "[à-ÿ]",
		"[\\x{400}-\\x{4FF}]"
	};
	static const uint32_t chars[] = {
		0xC9, 0xE9, 0xDF, 0x1E9E, 0x130, 0x131, 0x3A3, 0x3C2, 0x3C3,
		0x212A, 0x17F, 0x663, 0xA0, 0x2028, 0x2013, 0x65E5, 0x1F600,
		0x416, 0x436, 0xBB, 0x203A, 0x5D0, 0xFFFD, 0x10FFFF
	};
	struct alphabet *a = alphabet_new();
	int64_t atom[2][sizeof(classes) / sizeof(classes[0])];
	pcre2_code *code;
	char enc[4], pat[64];
	size_t i, k, len;
	uint32_t cp;
	int c;

	for (c = 0; c < 2; c++)
		for (i = 0; i < sizeof(classes) / sizeof(classes[0]); i++)
			atom[c][i] = alphabet_class(a, classes[i],
			    strlen(classes[i]), c);
	for (c = 0; c < 2; c++)
		for (i = 0; i < sizeof(classes) / sizeof(classes[0]); i++) {
			check(atom[c][i] >= 0, "class taken", classes[i], "", 0);
			snprintf(pat, sizeof(pat), "%s%s", c ? "(?i)" : "",
			    classes[i]);
			code = compile(pat, 0);
			for (k = 0; k < 128 + sizeof(chars) / sizeof(chars[0]);
			    k++) {
				cp = k < 128 ? (uint32_t)k : chars[k - 128];
				len = utf8_encode(cp, enc);
				check(alphabet_has(a, alphabet_lookup(a, cp),
				    (uint32_t)atom[c][i]) ==
				    pcre2_says(code, enc, len),
				    "class membership", pat, enc, len);
			}
			pcre2_code_free(code);
		}
	alphabet_free(a);
}

/*
 * PATTERN's DFA on TEXT, where nfa.c must take PATTERN: 1, 0, or -1.
 * Each call builds the DFA anew, so every answer starts from nothing.
 */
static int
dfa_says(const char *pattern, const char *text)
{
	struct alphabet *a = alphabet_new();
	struct nfa *n = nfa_new(a);
	struct dfa_cache *c;
	struct dfa *d;
	uint32_t start;
	int got = -2;

	if (nfa_add(n, pattern, strlen(pattern), 0, &start) == 0) {
		c = dfa_cache_new(n);
		d = dfa_new(c, start);
		got = dfa_match(d, text, strlen(text));
		dfa_free(d);
		dfa_cache_free(c);
	}
	nfa_free(n);
	alphabet_free(a);
	return got;
}

/* Constructs, each with texts that tell apart a reading that is wrong. */
static void
constructs(void)
{
	static const struct {
		const char	*pattern, *text;
	} cases[] = {
		{ "share", "Share this" }, { "share", "shar" },
		{ "^share$", "share" }, { "^share$", "shares" },
		{ "^share\\b", "share!" }, { "^share\\b", "shared" },
		{ "^\\bcaf\\B", "café" }, { "^café\\b", "café au lait" },
		{ "^café\\b", "caféine" }, { "^\\w+$", "Straße" },
		{ "^x\\b", "x" }, { "^x\\B", "x" }, { "\\b", "" },
		{ "\\B", "" }, { "$", "" }, { "^$", "" }, { "a|", "b" },
		{ "^(?:a|b)+c$", "ababc" }, { "^(?:a|b)+c$", "c" },
		{ "^a{2,3}$", "a" }, { "^a{2,3}$", "aa" }, { "^a{2,3}$", "aaa" },
		{ "^a{2,3}$", "aaaa" }, { "^a{2}$", "aa" }, { "^a{2,}$", "aaaaa" },
		{ "^a{0,2}b", "aab" }, { "^a{0,2}b", "aaab" }, { "^a{0}b", "b" },
		{ "^(?:ab){1,2}$", "abab" }, { "^(?:ab){1,2}$", "aba" },
		{ "^a*?b", "aaab" }, { "^a+?$", "aa" }, { "^a??b", "b" },
		{ "^a{,2}", "a{,2}" }, { "^a{x", "a{x" }, { "^}", "}" },
		{ "^(?i)ab", "AB" }, { "^(?-i)ab", "AB" }, { "^(?-i)ab", "ab" },
		{ "^(?-i:a)b", "aB" }, { "^(?-i:a)b", "AB" },
		{ "^(a(?-i)b|c)", "C" }, { "^(a(?-i)b|c)", "aB" },
		{ "^(a(?-i)b|c)d", "abD" }, { "^(?i-i)a", "A" },
		{ "^istanbul", "İstanbul" }, { "^istanbul", "Istanbul" },
		{ "^ıi", "Iİ" }, { "^ıi", "ıi" }, { "^İ", "i" },
		{ "^straße", "STRAẞE" }, { "^strasse", "straße" },
		{ "^kelvin", "\xE2\x84\xAA" "elvin" }, { "^σς", "ΣΣ" },
		{ "^σ", "ς" }, { "^\\x{2013}\\x41", "–a" }, { "^\\x41\\x{42}", "AB" },
		{ "^\\t\\.\\*", "\t.*" }, { "^[]a]+$", "]a]" },
		{ "^[^]a]", "]" }, { "^[[:digit:]]+$", "123" },
		{ "^[\\]x]+$", "]x" }, { "^.+$", "any thing" },
		{ "^.$", "\xF0\x9F\x98\x80" }, { "^\\p{Lu}", "É" },
		{ "^\\p{Lu}", "é" }, { "(?-i)^\\p{Lu}", "é" },
		{ "^[\\d\\s:./-]+$", "12:49" }, { "^\\d$", "\xD9\xA3" },
		{ "^\\s$", "\xC2\xA0" }, { "^\\h\\v", " \xE2\x80\xA8x" },
		{ "^end$", "end\n" }, { "^a\\z", "a" }, { "^a\\Z", "a" },
		{ "^\\Aa", "a" }, { "^a^", "a" }, { "^(?:)", "x" },
		{ "^(?:(?:a|b)*c|d+)+$", "abcdc" }, { "^(?:(?:a|b)*c|d+)+$", "abd" },
		{ "^(x)?(?:y|z)", "z" }, { "^\\(\\)\\[", "()[" },
	};
	static const char *const refused[] = {
		"(a)\\1", "(?=a)", "(?!a)", "(?<=a)b", "(?>a)", "a++", "a*+",
		"\\Qa\\E", "(*UTF)a", "\\Ga", "\\R", "\\X", "(?<n>a)", "(?P<n>a)",
		"(?(1)a|b)", "(?R)", "(?x)a", "(?s).", "(?m)^a", "a\\Kb",
		"\\g{1}", "\\k<n>", "\\101", "\\cA", "\\o{101}", "\\N{U+41}",
		"(?#x)a", "(?|a)", "\\Ea", "[[:a][[:alpha:]]", "[[:]]"
	};
	pcre2_code *code;
	size_t i;
	int want, got;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		code = compile(cases[i].pattern, PCRE2_CASELESS);
		if (code == NULL) {
			check(0, "PCRE2 compiles", cases[i].pattern, "", 0);
			continue;
		}
		want = pcre2_says(code, cases[i].text, strlen(cases[i].text));
		got = dfa_says(cases[i].pattern, cases[i].text);
		check(got == -2 ? 0 : got == -1 ? strchr(cases[i].text,
		    '\n') != NULL : got == want, "construct", cases[i].pattern,
		    cases[i].text, strlen(cases[i].text));
		pcre2_code_free(code);
	}
	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
		check(dfa_says(refused[i], "a") == -2, "refused", refused[i],
		    "", 0);
}

struct lines {
	char	**s;
	size_t	 *len, n, cap;
};

static void
add_line(struct lines *l, const char *s, size_t len)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 1024;
		l->s = xreallocarray(l->s, l->cap, sizeof(*l->s));
		l->len = xreallocarray(l->len, l->cap, sizeof(*l->len));
	}
	l->s[l->n] = xstrndup(s, len);
	l->len[l->n++] = len;
}

/* Every valid line of FILE, and its first 1 to 40 characters. */
static void
read_lines(struct lines *l, const char *file)
{
	char *line = NULL;
	size_t cap = 0, len, k, cut;
	ssize_t got;
	FILE *f;

	if ((f = fopen(file, "r")) == NULL)
		return;
	while ((got = getline(&line, &cap, f)) > 0) {
		len = (size_t)got;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			len--;
		if (memchr(line, '\0', len) != NULL ||
		    utf8_invalid_at(line, len) != SIZE_MAX)
			continue;
		add_line(l, line, len);
		for (k = 1, cut = 0; k <= 40 && cut < len; k++) {
			cut += utf8_seqlen(line, len, cut);
			add_line(l, line, cut);
		}
	}
	free(line);
	fclose(f);
}

static void
golden_lines(struct lines *l)
{
	const char *tests = getenv("TESTS") ? getenv("TESTS") : "tests";
	char path[4096];
	struct dirent *e;
	size_t n;
	DIR *dir;

	snprintf(path, sizeof(path), "%s/golden", tests);
	if ((dir = opendir(path)) == NULL) {
		check(0, "golden inputs found", path, "", 0);
		return;
	}
	while ((e = readdir(dir)) != NULL) {
		n = strlen(e->d_name);
		if (n < 3 || strcmp(e->d_name + n - 3, ".in") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/golden/%s", tests, e->d_name);
		read_lines(l, path);
	}
	closedir(dir);
}

/* A line break at the end, which $ would see: the DFA may decline then. */
static int
ends_in_break(const char *s, size_t len)
{
	static const char *const breaks[] = {
		"\n", "\r", "\v", "\f", "\xC2\x85", "\xE2\x80\xA8",
		"\xE2\x80\xA9"
	};
	size_t i, n;

	for (i = 0; i < sizeof(breaks) / sizeof(breaks[0]); i++) {
		n = strlen(breaks[i]);
		if (len >= n && memcmp(s + len - n, breaks[i], n) == 0)
			return 1;
	}
	return 0;
}

/* Does D say of S what CODE says, or decline only where it may? */
static int
agree(struct dfa *d, pcre2_code *code, const char *s, size_t len)
{
	int got = dfa_match(d, s, len);

	return got < 0 ? ends_in_break(s, len) : got == pcre2_says(code, s,
	    len);
}

struct rule_dfa {
	char		*pattern;
	pcre2_code	*code;
	uint32_t	 start;
};

/*
 * The anchored default rules that keep, stop or drop, in one NFA as
 * rules.c puts them; the number read, or 0 when one was refused.
 */
static size_t
read_rules(struct nfa *n, struct rule_dfa *r, size_t max)
{
	const struct embedded_file *e;
	const char *p, *nl, *pat;
	size_t len, nr = 0;
	uint32_t opts;

	for (e = embedded_rules; e->name != NULL; e++)
		for (p = e->text; *p != '\0'; p = *nl ? nl + 1 : nl) {
			nl = p + strcspn(p, "\n");
			if (*p == '#' || nl == p || strncmp(p, "cut", 3) == 0)
				continue;
			pat = p + strcspn(p, " \t");
			pat += strspn(pat, " \t");
			for (len = (size_t)(nl - pat); len > 0 &&
			    (pat[len - 1] == ' ' || pat[len - 1] == '\t'); len--)
				;
			r[nr].pattern = xstrndup(pat, len);
			r[nr].code = compile(r[nr].pattern, PCRE2_CASELESS);
			pcre2_pattern_info(r[nr].code, PCRE2_INFO_ALLOPTIONS,
			    &opts);
			if (!(opts & PCRE2_ANCHORED) || nr == max) {
				pcre2_code_free(r[nr].code);
				free(r[nr].pattern);
				continue;
			}
			if (nfa_add(n, r[nr].pattern, len, 0, &r[nr].start) != 0) {
				check(0, "default rule taken", r[nr].pattern, "",
				    0);
				return 0;
			}
			nr++;
		}
	return nr;
}

static void
default_rules(const struct lines *l)
{
	static struct rule_dfa r[4096];
	struct alphabet *a = alphabet_new();
	struct nfa *n = nfa_new(a);
	struct dfa_cache *cache;
	struct dfa *d;
	size_t i, k, nr;

	nr = read_rules(n, r, sizeof(r) / sizeof(r[0]));
	check(nr > 400, "anchored default rules read", "", "", 0);
	cache = dfa_cache_new(n);
	for (k = 0; k < nr; k++) {
		d = dfa_new(cache, r[k].start);
		for (i = 0; i < l->n; i++)
			check(agree(d, r[k].code, l->s[i], l->len[i]),
			    "default rule", r[k].pattern, l->s[i], l->len[i]);
		dfa_free(d);
		pcre2_code_free(r[k].code);
		free(r[k].pattern);
	}
	dfa_cache_free(cache);
	nfa_free(n);
	alphabet_free(a);
}

int
main(void)
{
	struct lines l = { 0 };
	size_t i;

	md = pcre2_match_data_create(1, NULL);
	case_keys();
	class_atoms();
	constructs();
	golden_lines(&l);
	check(l.n > 1000, "golden lines read", "", "", 0);
	default_rules(&l);
	for (i = 0; i < l.n; i++)
		free(l.s[i]);
	free(l.s);
	free(l.len);
	pcre2_match_data_free(md);
	printf("unit_dfa: %d checks, %d failed\n", checks, failures);
	return failures > 0;
}
