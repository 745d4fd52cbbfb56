/*
 * Hard-wrapped text (lynx -dump, w3m, fmt, mail archives) back into
 * paragraphs, so that judgement sees a paragraph as one block and not
 * as a stack of short lines.  Text with a block on each line passes
 * through untouched.
 */
#ifndef UNWRAP_H
#define UNWRAP_H

#include <stddef.h>

typedef void	 unwrap_emit(void *ctx, const char *s, size_t len,
		    unsigned flags);

struct unwrap;

/* Lines go on to EMIT(CTX, ...), joined where the text was wrapped. */
struct unwrap	*unwrap_new(unwrap_emit *emit, void *ctx);
void		 unwrap_free(struct unwrap *);

/* Each document is probed for its own width. */
void		 unwrap_begin(struct unwrap *);
void		 unwrap_line(struct unwrap *, const char *s, size_t len,
		    unsigned flags);
/* The reader is about to reuse the bytes of the lines it kept in place. */
void		 unwrap_release(struct unwrap *);
void		 unwrap_end(struct unwrap *);

/* The width a document was found wrapped at, 0 if none (for tests). */
unsigned	 unwrap_width(const struct unwrap *);

#endif
