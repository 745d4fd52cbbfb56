/* The reference matcher of the fuzz targets; see reference.h. */
#include <stdlib.h>

#include "reference.h"

/* As rules.c: a pathological match gives up instead of hanging. */
#define MATCH_LIMIT	200000
#define DEPTH_LIMIT	10000

pcre2_code *
reference_compile(const char *pattern, size_t len)
{
	PCRE2_SIZE off;
	int err;

	return pcre2_compile((PCRE2_SPTR)pattern, len, PCRE2_UTF | PCRE2_UCP |
	    PCRE2_CASELESS | PCRE2_NEVER_BACKSLASH_C, &err, &off, NULL);
}

int
reference_match(pcre2_code *code, const char *s, size_t len, uint32_t options)
{
	static pcre2_match_context *mctx;
	static pcre2_match_data *md;
	int rc;

	if (mctx == NULL) {
		mctx = pcre2_match_context_create(NULL);
		md = pcre2_match_data_create(1, NULL);
		if (mctx == NULL || md == NULL)
			abort();
		pcre2_set_match_limit(mctx, MATCH_LIMIT);
		pcre2_set_depth_limit(mctx, DEPTH_LIMIT);
	}
	rc = pcre2_match(code, (PCRE2_SPTR)s, len, 0,
	    options | PCRE2_NO_UTF_CHECK, md, mctx);
	return rc >= 0 ? 1 : rc == PCRE2_ERROR_NOMATCH ? 0 : -1;
}
