/*
 * Reading a stream of bytes into lines and documents: line ends of
 * every kind, optional transcoding through iconv, lines too long to
 * hold handed over in pieces.
 */
#ifndef READER_H
#define READER_H

#include <signal.h>
#include <stddef.h>
#include <sys/types.h>

#include "util.h"

struct reader_config {
	int		 nul_docs;	/* NUL separates documents (-z) */
	const char	*encoding;	/* -f ENC, or NULL: UTF-8 or a BOM's */
	void		 (*line)(void *ctx, const char *s, size_t len,
			    unsigned flags);
	void		 (*doc_begin)(void *ctx);
	void		 (*doc_end)(void *ctx);
	/*
	 * Or NULL.  If set, a line still in the bytes fed is handed over
	 * in place with LINE_STAYS, and this is called before those bytes
	 * are reused.
	 */
	void		 (*release)(void *ctx);
	void		*ctx;
};

/* Splits text fed in chunks of any size into lines. */
struct splitter {
	const struct reader_config *cfg;
	struct buf	 line;
	int		 pending_cr, in_piece, in_doc;
};

void	splitter_init(struct splitter *, const struct reader_config *);
void	splitter_feed(struct splitter *, const char *, size_t);
void	splitter_finish(struct splitter *);
void	splitter_free(struct splitter *);

/* read(2), again after EINTR unless interrupted. */
ssize_t	read_some(int fd, char *buf, size_t n);

/* Read FD (called NAME in messages) to its end; -1 on a read error. */
int	read_stream(int fd, const char *name, const struct reader_config *);

/* Set by the SIGINT handler: reading stops at the next chance. */
extern volatile sig_atomic_t interrupted;

#endif
