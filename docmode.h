/*
 * Document streams: where documents come from and how their cleaned
 * text goes out.  Plain input (one document per file, or NUL-separated
 * with -z) is read by reader.c; --jsonl and --wet read records, clean
 * each record's text as a document of its own through the same reader
 * callbacks, and write one JSONL record per document.
 */
#ifndef DOCMODE_H
#define DOCMODE_H

#include "output.h"
#include "reader.h"
#include "util.h"

enum docmode_kind { MODE_PLAIN, MODE_JSONL, MODE_WET };

struct docmode {
	enum docmode_kind	 kind;
	const char		*field;		/* --field: the member cleaned */
	size_t			 fieldlen;
	const struct reader_config *rc;		/* the document callbacks */
	struct output		*out;
	struct splitter		 sp;
	struct buf		 text;		/* a document's cleaned text */
	struct buf		 record;	/* a JSONL line longer than a read */
	struct buf		 value;		/* the member's text, decoded */
	struct buf		 escaped;
	const struct buf	*url, *date;	/* of the WET record being read */
	const char		*name;		/* of the input, for messages */
	unsigned long		 lineno;
	int			 bad;		/* records written unchanged */
};

void	docmode_init(struct docmode *, enum docmode_kind, const char *field,
	    const struct reader_config *, struct output *);
/* Clean every document in FD (NAME in messages); -1 on any error. */
int	docmode_read(struct docmode *, int fd, const char *name);
void	docmode_free(struct docmode *);

#endif
