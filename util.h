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

void	 buf_grow(struct buf *, size_t more);
void	 buf_add(struct buf *, const void *, size_t);
void	 buf_free(struct buf *);

size_t	 squeeze_spaces(char *s, size_t len);
/*
 * The PCRE2 quantifier at P (before END): its length, with its bounds in
 * *MIN and *MAX (UINT32_MAX: none), or 0 when P holds none, as for a
 * '{' that opens no count, which PCRE2 reads as a character.  A lazy or
 * possessive mark after it is not counted.
 */
size_t	 quantifier_at(const char *p, const char *end, uint32_t *min,
	    uint32_t *max);
uint64_t hash_bytes(const char *s, size_t len);

/*
 * Sixteen bytes as one value of GCC's and Clang's vectors, which every
 * target has, in registers or not: a test a lane for all sixteen.
 * Loaded and stored with memcpy, which may be unaligned.
 */
typedef unsigned char bytes16 __attribute__((vector_size(16)));

/* Room for MORE bytes after B's contents; most calls find it there. */
static inline void
buf_reserve(struct buf *b, size_t more)
{
	if (more > b->cap - b->len)
		buf_grow(b, more);
}

/*
 * Eight bytes as one integer, the first in the low byte whatever the
 * machine: compilers make each a single load or store.
 */
static inline uint64_t
load_le64(const void *p)
{
	const unsigned char *b = p;

	return (uint64_t)b[0] | (uint64_t)b[1] << 8 | (uint64_t)b[2] << 16 |
	    (uint64_t)b[3] << 24 | (uint64_t)b[4] << 32 |
	    (uint64_t)b[5] << 40 | (uint64_t)b[6] << 48 | (uint64_t)b[7] << 56;
}

/*
 * The N bytes at P (N at most 8) as load_le64 reads them, the bytes past
 * them 0, and nothing past them read: two loads that overlap in the
 * middle put the bytes they share in the same place.
 */
static inline uint64_t
load_le_upto8(const void *p, size_t n)
{
	const unsigned char *b = p;

	if (n == 8)
		return load_le64(b);
	if (n >= 4)
		return ((uint64_t)b[0] | (uint64_t)b[1] << 8 |
		    (uint64_t)b[2] << 16 | (uint64_t)b[3] << 24) |
		    ((uint64_t)b[n - 4] | (uint64_t)b[n - 3] << 8 |
		    (uint64_t)b[n - 2] << 16 | (uint64_t)b[n - 1] << 24) <<
		    8 * (n - 4);
	if (n >= 2)
		return ((uint64_t)b[0] | (uint64_t)b[1] << 8) |
		    ((uint64_t)b[n - 2] | (uint64_t)b[n - 1] << 8) << 8 * (n - 2);
	return n == 1 ? b[0] : 0;
}

/*
 * The number of the first byte (as load_le64 reads them) whose high bit
 * M has; M is not 0 and has no other bits.
 */
static inline unsigned
first_high(uint64_t m)
{
	return (unsigned)((((m & (~m + 1)) >> 7) * 0x0001020304050607ULL) >>
	    56);
}

/*
 * The number of the lowest set bit of M, which is not 0: isolated, it is
 * a power of two, and a de Bruijn multiply puts a distinct six bits for
 * each at the top.
 */
static inline unsigned
lowest_bit(uint64_t m)
{
	static const unsigned char bit_of[64] = {
		0, 1, 48, 2, 57, 49, 28, 3, 61, 58, 50, 42, 38, 29, 17, 4,
		62, 55, 59, 36, 53, 51, 43, 22, 45, 39, 33, 30, 24, 18, 12, 5,
		63, 47, 56, 27, 60, 41, 37, 16, 54, 35, 52, 21, 44, 32, 23, 11,
		46, 26, 40, 15, 34, 20, 31, 10, 25, 14, 19, 9, 13, 8, 7, 6
	};

	return bit_of[((m & (~m + 1)) * 0x03F79D71B4CB0A89ULL) >> 58];
}

/* Bit I of the bitmap M. */
static inline void
bit_set(uint8_t *m, uint32_t i)
{
	m[i >> 3] |= (uint8_t)(1u << (i & 7));
}

static inline int
bit_has(const uint8_t *m, uint32_t i)
{
	return m[i >> 3] >> (i & 7) & 1;
}

static inline void
store_le64(void *p, uint64_t w)
{
	unsigned char *b = p;

	b[0] = (unsigned char)w;
	b[1] = (unsigned char)(w >> 8);
	b[2] = (unsigned char)(w >> 16);
	b[3] = (unsigned char)(w >> 24);
	b[4] = (unsigned char)(w >> 32);
	b[5] = (unsigned char)(w >> 40);
	b[6] = (unsigned char)(w >> 48);
	b[7] = (unsigned char)(w >> 56);
}

#endif
