/*
 * Chrome found across documents (--repeated=N): a block that appears in
 * N documents of the stream is dropped from then on, and can be written
 * out as rules (--learn) for later runs.
 */
#ifndef CROSSDOC_H
#define CROSSDOC_H

#include <stddef.h>

struct crossdoc;

struct crossdoc	*crossdoc_new(unsigned long threshold);
void		 crossdoc_free(struct crossdoc *);
/* A new document starts: its blocks count again. */
void		 crossdoc_next_document(struct crossdoc *);
/*
 * Count block S (LEN bytes, normalized) once for the current document;
 * 1 if it has now been seen in THRESHOLD documents or more.  CD is a
 * struct crossdoc (the signature is document.c's hook's).
 */
int		 crossdoc_note(void *cd, const char *s, size_t len);
/* Write the blocks recognised so far as drop rules; -1 on error. */
int		 crossdoc_write_rules(const struct crossdoc *, const char *path);

#endif
