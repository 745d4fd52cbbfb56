/*
 * The cleaner as the fuzz targets for document streams need it: the
 * embedded default rules, and every kept block written to an output the
 * way plain mode writes it, so that docmode.c can capture it.
 */
#ifndef FUZZ_PIPELINE_H
#define FUZZ_PIPELINE_H

#include "document.h"
#include "output.h"
#include "reader.h"

struct pipeline {
	struct reader_config	 rc;
	struct doc_config	 dc;
	struct document		*doc;
	struct output		*out;
	int			 started;
};

void	pipeline_init(struct pipeline *, struct output *);
void	pipeline_free(struct pipeline *);

/* An output to a fresh memory file; its bytes, once flushed. */
int	memfile(const char *data, size_t len);
void	memfile_contents(int fd, struct buf *);

#endif
