/*
 * Block text normalization: decoding to UTF-8, HTML entities, spaces,
 * invisible characters, Unicode NFC.
 */
#ifndef NORMALIZE_H
#define NORMALIZE_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* What a document's non-ASCII bytes have shown it to be so far. */
enum docenc { ENC_UNKNOWN, ENC_UTF8, ENC_CP1252 };

/* Which ends of the text are the ends of a block (and are trimmed). */
enum { NORM_TRIM_LEFT = 1, NORM_TRIM_RIGHT = 2, NORM_TRIM = 3 };

struct normalizer;

struct normalizer *normalizer_new(void);
void		 normalizer_free(struct normalizer *);

/*
 * Normalize IN (LEN raw bytes of one block, or of one piece of a block
 * longer than the reader holds at once) onto the end of OUT, a NUL after
 * it.  *ENC is the document's encoding state, updated as evidence
 * arrives.
 */
void		 normalize_block(struct normalizer *, enum docenc *enc,
		    const char *in, size_t len, unsigned trim, struct buf *out);

/* Decode one HTML character reference at S; see normalize.c. */
size_t		 decode_entity(const char *s, size_t len, uint32_t *cp);

#endif
