/*
 * Buffered output to a file descriptor.  Every write is checked: a full
 * disk ends the run with a message and status 2, a reader that went
 * away ends it quietly.
 */
#ifndef OUTPUT_H
#define OUTPUT_H

#include <stddef.h>
#include <string.h>

#include "util.h"

#define OUTBUF_SIZE (64 * 1024)

struct output {
	int		 fd;
	const char	*name;
	size_t		 len;
	char		 buf[OUTBUF_SIZE];
	/* While set, writes are collected here instead (--jsonl, --wet). */
	struct buf	*capture;
};

void	output_init(struct output *, int fd, const char *name);
void	output_write_out(struct output *, const void *, size_t);
void	output_flush(struct output *);
void	output_close(struct output *);

/*
 * Most writes are a block and its newline, and fit in the buffer: those
 * are copied inline, the others go out through output_write_out.
 */
static inline void
output_write(struct output *o, const void *p, size_t n)
{
	if (o->capture != NULL || n > OUTBUF_SIZE - o->len) {
		output_write_out(o, p, n);
		return;
	}
	memcpy(o->buf + o->len, p, n);
	o->len += n;
}

#endif
