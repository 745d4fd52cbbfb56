/*
 * PCRE2 as the fuzz targets' reference: a pattern compiled as rules.c
 * compiles rules, matched within the limits rules.c sets.
 */
#ifndef FUZZ_REFERENCE_H
#define FUZZ_REFERENCE_H

#define PCRE2_CODE_UNIT_WIDTH 8

#include <pcre2.h>
#include <stddef.h>

/* PATTERN (LEN bytes) compiled caseless, UTF and UCP, or NULL. */
pcre2_code	*reference_compile(const char *pattern, size_t len);
/*
 * 1: CODE matches S (LEN bytes of valid UTF-8), 0: it does not, -1: it
 * gave up at the limits.  OPTIONS go to pcre2_match (PCRE2_ANCHORED).
 */
int		 reference_match(pcre2_code *, const char *s, size_t len,
		    uint32_t options);

#endif
