/*
 * libFuzzer target: rule files from strangers.
 *
 * The input is a rule file, optionally followed by a NUL byte and lines
 * of text to match.  Whatever parses is compiled and matched; every rule
 * the joined matchers report must also match when compiled alone, and a
 * text no joined matcher takes must not be taken by any rule alone, so a
 * join that changes a pattern's meaning is caught, not just a crash.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reference.h"
#include "rules.h"
#include "utf8.h"
#include "util.h"

static const char *const samples[] = {
	"",
	"Share this article",
	"Related articles",
	"This site uses cookies. Accept all cookies",
	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab",
	"Caf\xC3\xA9 cr\xC3\xA8me \xE2\x80\x94 \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x98\x80",
	"pic.twitter.com/abc123 end",
};

/* 1: R alone matches S, 0: it does not, -1: it gave up (limits). */
static int
matches_alone(const struct rule *r, const char *s, size_t len)
{
	pcre2_code *code;
	int rc;

	code = reference_compile(r->pattern, strlen(r->pattern));
	if (code == NULL)
		abort();	/* it compiled when it was parsed */
	rc = reference_match(code, s, len, 0);
	pcre2_code_free(code);
	return rc;
}

static void
check_match(struct ruleset *rs, const char *s, size_t len)
{
	size_t i, nchars = utf8_count(s, len);
	struct rule *r, *other;
	char *copy;
	int a;

	for (a = 0; a < ACT_COUNT; a++) {
		r = ruleset_match(rs, (enum action)a, s, len, nchars);
		if (r != NULL && (r->action != (enum action)a ||
		    (r->maxlen && nchars > r->maxlen) ||
		    matches_alone(r, s, len) == 0))
			abort();
		if (r != NULL)
			continue;
		for (i = 0; i < ruleset_count(rs); i++) {
			other = ruleset_rule(rs, i);
			if (other->action == (enum action)a && !other->warned &&
			    (other->maxlen == 0 || nchars <= other->maxlen) &&
			    matches_alone(other, s, len) == 1)
				abort();
		}
	}
	copy = xstrndup(s, len);
	r = NULL;
	len = ruleset_cut(rs, copy, len, &r);
	if (utf8_invalid_at(copy, len) != SIZE_MAX)
		abort();
	free(copy);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data, *nul, *p, *end, *nl;
	struct ruleset *rs;
	size_t i, rlen;

	nul = memchr(text, '\0', size);
	rlen = nul ? (size_t)(nul - text) : size;
	rs = ruleset_new();
	if (ruleset_parse(rs, "fuzz.rules", text, rlen) == 0) {
		ruleset_compile(rs);
		for (i = 0; i < sizeof(samples) / sizeof(samples[0]); i++)
			check_match(rs, samples[i], strlen(samples[i]));
		for (p = nul ? nul + 1 : text + size, end = text + size; p < end;
		    p = nl + 1) {
			if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
				nl = end;
			if (utf8_invalid_at(p, (size_t)(nl - p)) == SIZE_MAX)
				check_match(rs, p, (size_t)(nl - p));
		}
	}
	ruleset_free(rs);
	return 0;
}
