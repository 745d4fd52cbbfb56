/* Messages in the form "newsclean: ...", checked allocation, buffers. */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

const char *progname = "newsclean";

static void
vmessage(const char *fmt, va_list ap, int errnum)
{
	fprintf(stderr, "%s: ", progname);
	vfprintf(stderr, fmt, ap);
	if (errnum)
		fprintf(stderr, ": %s", strerror(errnum));
	fputc('\n', stderr);
}

void
fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(fmt, ap, 0);
	va_end(ap);
	exit(2);
}

void
warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(fmt, ap, 0);
	va_end(ap);
}

/* Like warnx, with the text of errno appended. */
void
warn(const char *fmt, ...)
{
	int errnum = errno;
	va_list ap;

	va_start(ap, fmt);
	vmessage(fmt, ap, errnum);
	va_end(ap);
}

void *
xmalloc(size_t n)
{
	void *p;

	if ((p = malloc(n ? n : 1)) == NULL)
		fatal("out of memory");
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p;

	if ((p = calloc(n ? n : 1, size ? size : 1)) == NULL)
		fatal("out of memory");
	return p;
}

void *
xreallocarray(void *old, size_t n, size_t size)
{
	void *p;

	if (size != 0 && n > SIZE_MAX / size)
		fatal("out of memory");
	if ((p = realloc(old, n * size > 0 ? n * size : 1)) == NULL)
		fatal("out of memory");
	return p;
}

char *
xstrndup(const char *s, size_t n)
{
	char *p;

	if (n == SIZE_MAX)
		fatal("out of memory");
	p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void
buf_grow(struct buf *b, size_t more)
{
	size_t cap;

	if (more > SIZE_MAX / 2 - b->len)
		fatal("out of memory");
	cap = b->cap ? b->cap : 256;
	while (cap - b->len < more)
		cap *= 2;
	b->data = xreallocarray(b->data, cap, 1);
	b->cap = cap;
}

void
buf_add(struct buf *b, const void *p, size_t n)
{
	buf_reserve(b, n + 1);
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

/* Collapse runs of ASCII spaces to one and trim both ends; new length. */
size_t
squeeze_spaces(char *s, size_t len)
{
	size_t i, out = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == ' ' && (out == 0 || s[out - 1] == ' '))
			continue;
		s[out++] = s[i];
	}
	while (out > 0 && s[out - 1] == ' ')
		out--;
	return out;
}

/*
 * Never 0 (tables use 0 for an empty slot): blocks only need telling
 * apart, not protection from attack.  Eight bytes at a time, each mixed
 * in by a multiply and a shift, both one-to-one, so blocks that differ
 * in one word of eight bytes never collide.
 */
uint64_t
hash_bytes(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	uint64_t h = 0xCBF29CE484222325ULL ^ len, w;

	for (; len >= 8; len -= 8, p += 8) {
		memcpy(&w, p, 8);
		h = (h ^ w) * 0x9E3779B97F4A7C15ULL;
		h ^= h >> 29;
	}
	w = load_le_upto8(p, len);
	h = (h ^ w) * 0xFF51AFD7ED558CCDULL;
	h ^= h >> 32;
	return h ? h : 1;
}

/* Digits at *P, saturating past PCRE2's largest count; 0 if none. */
static int
count_at(const char **p, const char *end, uint32_t *n)
{
	const char *start = *p;

	for (*n = 0; *p < end && **p >= '0' && **p <= '9'; (*p)++)
		if (*n <= 65535)
			*n = *n * 10 + (uint32_t)(**p - '0');
	return *p > start;
}

size_t
quantifier_at(const char *p, const char *end, uint32_t *min, uint32_t *max)
{
	const char *q = p + 1;

	if (p == end)
		return 0;
	switch (*p) {
	case '*':
		*min = 0, *max = UINT32_MAX;
		return 1;
	case '+':
		*min = 1, *max = UINT32_MAX;
		return 1;
	case '?':
		*min = 0, *max = 1;
		return 1;
	case '{':
		if (!count_at(&q, end, min))
			return 0;
		*max = *min;
		if (q < end && *q == ',' && (q++, !count_at(&q, end, max)))
			*max = UINT32_MAX;
		if (q == end || *q != '}' || *max < *min)
			return 0;
		return (size_t)(q + 1 - p);
	default:
		return 0;
	}
}
