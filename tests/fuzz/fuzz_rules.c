/*
 * libFuzzer target: rule files from strangers.
 *
 * The input is a rule file, optionally followed by a NUL byte and lines
 * of text to match.  Whatever parses is compiled and matched; every rule
 * the joined matchers report must also match when compiled alone, and a
 * text no joined matcher takes must not be taken by any rule alone, so a
 * join that changes a pattern's meaning is caught, not just a crash.
 */
#define PCRE2_CODE_UNIT_WIDTH 8

#include <pcre2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static pcre2_match_context *mctx;
static pcre2_match_data *md;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	mctx = pcre2_match_context_create(NULL);
	md = pcre2_match_data_create(1, NULL);
	pcre2_set_match_limit(mctx, 200000);
	pcre2_set_depth_limit(mctx, 10000);
	return 0;
}

/* 1: R alone matches S, 0: it does not, -1: it gave up (limits). */
static int
matches_alone(const struct rule *r, const char *s, size_t len)
{
	pcre2_code *code;
	size_t off;
	int err, rc;

	code = pcre2_compile((PCRE2_SPTR)r->pattern, strlen(r->pattern),
	    PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS | PCRE2_NO_UTF_CHECK, &err,
	    &off, NULL);
	if (code == NULL)
		abort();	/* it compiled when it was parsed */
	rc = pcre2_match(code, (PCRE2_SPTR)s, len, 0, PCRE2_NO_UTF_CHECK, md,
	    mctx);
	pcre2_code_free(code);
	return rc >= 0 ? 1 : rc == PCRE2_ERROR_NOMATCH ? 0 : -1;
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
