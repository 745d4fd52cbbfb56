/* Small helpers shared by every part: messages, checked allocation, buffers. */
#ifndef UTIL_H
#define UTIL_H

#include <stddef.h>
#include <stdint.h>

extern const char *progname;

struct buf {
	char	*data;
	size_t	 len, cap;
};

void	 fatal(const char *fmt, ...)
	    __attribute__((noreturn, format(printf, 1, 2)));
void	 warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	 warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrndup(const char *, size_t);

void	 buf_reserve(struct buf *, size_t more);
void	 buf_add(struct buf *, const void *, size_t);
void	 buf_free(struct buf *);

size_t	 squeeze_spaces(char *s, size_t len);
uint64_t hash_bytes(const char *s, size_t len);

#endif
