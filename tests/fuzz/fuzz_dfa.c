/*
 * libFuzzer target: the pattern reader (nfa.c) and the DFAs (dfa.c)
 * against PCRE2.
 *
 * The input is a pattern, optionally followed by a NUL byte and lines
 * of text.  When PCRE2 compiles the pattern as rules are compiled and
 * nfa.c takes it, its DFA must say of every line (and of a few fixed
 * ones) exactly what PCRE2 says of a match from the line's start, unless
 * PCRE2 gave up at its limits or the DFA declines to answer.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alphabet.h"
#include "dfa.h"
#include "nfa.h"
#include "reference.h"
#include "utf8.h"

static const char *const samples[] = {
	"",
	"a",
	"Share this article",
	"\xC4\xB0stanbul \xC4\xB1s\xC4\xB1k",	/* İstanbul ısık */
	"STRASSE \xE1\xBA\x9E stra\xC3\x9F",	/* ẞ, ß */
	"\xCE\xA3\xCE\xBF\xCF\x86\xCE\xAF\xCE\xB1 \xCF\x82",	/* Σοφία ς */
	"12.03.2024, 14:05 Uhr",
	"Caf\xC3\xA9 \xE2\x80\x94 \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x98\x80",
	"\xE2\x84\xAA elvin",	/* the Kelvin sign */
	"end of line\n",
};

static void
compare(pcre2_code *code, struct dfa *dfa, const char *s, size_t len)
{
	int want, got;

	if (utf8_invalid_at(s, len) != SIZE_MAX ||
	    (want = reference_match(code, s, len, PCRE2_ANCHORED)) < 0)
		return;
	got = dfa_match(dfa, s, len);
	if (got >= 0 && got != want)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data, *nul, *p, *end, *nl;
	struct alphabet *alpha;
	struct dfa_cache *cache;
	struct nfa *nfa;
	struct dfa *dfa;
	pcre2_code *code;
	size_t i, plen;
	uint32_t start;

	nul = memchr(text, '\0', size);
	plen = nul ? (size_t)(nul - text) : size;
	if ((code = reference_compile(text, plen)) == NULL)
		return 0;
	alpha = alphabet_new();
	nfa = nfa_new(alpha);
	if (nfa_add(nfa, text, plen, 0, &start) == 0) {
		cache = dfa_cache_new(nfa);
		dfa = dfa_new(cache, start);
		for (i = 0; i < sizeof(samples) / sizeof(samples[0]); i++)
			compare(code, dfa, samples[i], strlen(samples[i]));
		for (p = nul ? nul + 1 : text + size, end = text + size; p < end;
		    p = nl + 1) {
			if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
				nl = end;
			compare(code, dfa, p, (size_t)(nl - p));
		}
		dfa_free(dfa);
		dfa_cache_free(cache);
	}
	nfa_free(nfa);
	alphabet_free(alpha);
	pcre2_code_free(code);
	return 0;
}
