/*
 * JSON as --jsonl needs it: check that a record is one JSON object and
 * find where one string member lies in it, so that the rest of the
 * record can be copied byte for byte; decode and encode string values.
 * Everything works on memory buffers (a fuzz target calls
 * jsonl_record directly).
 */
#ifndef JSONL_H
#define JSONL_H

#include <stddef.h>

#include "util.h"

enum jsonl_status {
	JSONL_OK,		/* the member is there and is a string */
	JSONL_INVALID,		/* not one valid JSON object */
	JSONL_NOFIELD,		/* no top-level member of that name */
	JSONL_NOTSTRING		/* the member's value is not a string */
};

struct jsonl_found {
	size_t		 start, end;	/* the value, its quotes included */
	const char	*error;		/* JSONL_INVALID: what is wrong */
	size_t		 error_at;	/* and at which byte */
};

/*
 * Check REC (LEN bytes: one line without its newline) and find the
 * first top-level member called NAME (NAMELEN bytes; escapes in member
 * names are decoded before comparing).
 */
enum jsonl_status jsonl_record(const char *rec, size_t len, const char *name,
		    size_t namelen, struct jsonl_found *);

/*
 * Append the decoded text of a string value found by jsonl_record (S,
 * LEN: the value with its quotes) to OUT.  A lone surrogate becomes
 * U+FFFD; \u0000 becomes a NUL byte.
 */
void		 jsonl_decode(const char *s, size_t len, struct buf *out);

/* Append S as the inside of a JSON string (no quotes) to OUT. */
void		 jsonl_encode(const char *s, size_t len, struct buf *out);

#endif
