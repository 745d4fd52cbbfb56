/*
 * Common Crawl WET files: WARC/1.0 records, plain or gzip-compressed
 * (one gzip member per record, members concatenated).  The bodies of
 * "conversion" records are handed over in chunks as they arrive; every
 * other record (warcinfo first of all) is skipped.
 */
#ifndef WET_H
#define WET_H

#include <stddef.h>

#include "util.h"

struct wet_handler {
	/* A conversion record starts: its WARC-Target-URI and WARC-Date. */
	void	 (*begin)(void *ctx, const struct buf *url,
		    const struct buf *date);
	void	 (*body)(void *ctx, const char *s, size_t len);
	void	 (*end)(void *ctx);
	void	*ctx;
};

enum warc_state { WARC_GAP, WARC_HEAD, WARC_BODY };

/* A WARC push parser: feed it bytes in chunks of any size. */
struct warc {
	const struct wet_handler *h;
	enum warc_state	 state;
	struct buf	 line;		/* the header line being read */
	int		 first_line, convert, have_length;
	struct buf	 url, date;
	unsigned long long left;	/* body bytes still to come */
	unsigned long	 records;
	const char	*error;
};

void	warc_init(struct warc *, const struct wet_handler *);
/* 0, or -1 when the input is not WARC (w->error says why). */
int	warc_feed(struct warc *, const char *, size_t);
/* The input ended: -1 if it ended inside a record. */
int	warc_finish(struct warc *);
void	warc_free(struct warc *);

/* Read FD (NAME in messages) to its end; -1 on any error. */
int	wet_read(int fd, const char *name, const struct wet_handler *);

#endif
