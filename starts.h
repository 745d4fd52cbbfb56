/*
 * The first pass of the prefilter's scan: the positions of a block
 * where one of its keys may start, known by a bit per hash of the three
 * bytes there.
 */
#ifndef STARTS_H
#define STARTS_H

#include <stddef.h>
#include <stdint.h>

#define STARTS_BITS	16
#define STARTS_BYTES	((1 << STARTS_BITS) / 8)	/* of the bitmap */

/* The three bytes at S, the first lowest: a gram as starts_find takes it. */
static inline uint32_t
starts_gram(const unsigned char *s)
{
	return (uint32_t)s[0] | (uint32_t)s[1] << 8 | (uint32_t)s[2] << 16;
}

/* The bit of gram G in the bitmap. */
static inline uint32_t
starts_hash(uint32_t g)
{
	return (g * 0x9E3779B1u) >> (32 - STARTS_BITS);
}

/*
 * The positions I of the LEN bytes at S where BITS has the bit of the
 * gram at I, in order, into AT, which has room for LEN + 8; how many.
 */
size_t	starts_find(uint32_t *at, const unsigned char *s, size_t len,
	    const uint8_t *bits);
/* The same without vector instructions, which the unit test compares. */
size_t	starts_find_portable(uint32_t *at, const unsigned char *s,
	    size_t len, const uint8_t *bits);

#endif
