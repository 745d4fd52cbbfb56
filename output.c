#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "output.h"
#include "util.h"

void
output_init(struct output *o, int fd, const char *name)
{
	o->fd = fd;
	o->name = name;
	o->len = 0;
	o->capture = NULL;
}

static void
write_all(struct output *o, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = write(o->fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && errno == EPIPE)
			exit(2);	/* the reader left: nothing to tell */
		if (w <= 0) {
			warn("write error on %s", o->name);
			exit(2);
		}
		p += w;
		n -= (size_t)w;
	}
}

void
output_flush(struct output *o)
{
	write_all(o, o->buf, o->len);
	o->len = 0;
}

void
output_write_out(struct output *o, const void *p, size_t n)
{
	if (o->capture != NULL) {
		buf_add(o->capture, p, n);
		return;
	}
	if (n > OUTBUF_SIZE - o->len) {
		output_flush(o);
		if (n >= OUTBUF_SIZE) {
			write_all(o, p, n);
			return;
		}
	}
	memcpy(o->buf + o->len, p, n);
	o->len += n;
}

void
output_close(struct output *o)
{
	output_flush(o);
	if (close(o->fd) == -1 && errno != EINTR) {
		warn("close error on %s", o->name);
		exit(2);
	}
}
