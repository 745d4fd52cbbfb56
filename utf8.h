/* UTF-8 facts the other parts need: validity, lengths, columns. */
#ifndef UTF8_H
#define UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Offset of the first byte that is not part of valid UTF-8, or SIZE_MAX. */
size_t	 utf8_invalid_at(const char *, size_t);
/* Length of the valid sequence at OFF, or 0 when it is invalid. */
size_t	 utf8_valid_seq(const unsigned char *, size_t len, size_t off);
/* Bytes to step over at OFF (1 for an invalid byte): never 0 inside S. */
size_t	 utf8_seqlen(const char *, size_t len, size_t off);
/* Characters in S: its bytes that are not continuation bytes (10xxxxxx). */
size_t	 utf8_count(const char *, size_t);
/* 1-based character column of byte offset OFF in a line. */
size_t	 utf8_column(const char *, size_t off);
/* Decode the sequence at *P (valid UTF-8 assumed); advance *P. */
uint32_t utf8_decode(const unsigned char **p);
/* Encode CP into OUT (4 bytes room); returns the byte count. */
size_t	 utf8_encode(uint32_t cp, char *out);

/* Characters below this take one byte or two. */
#define UTF8_TWO_END	0x800

/*
 * The character of the valid two-byte sequence at P (before END), or 0
 * if there is none: Latin, Greek, Cyrillic, Hebrew and Arabic letters,
 * the commonest beyond ASCII, are read without a call.
 */
static inline uint32_t
utf8_two(const unsigned char *p, const unsigned char *end)
{
	if (p[0] < 0xC2 || p[0] > 0xDF || end - p < 2 || (p[1] & 0xC0) != 0x80)
		return 0;
	return (uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
}

/*
 * The character of the valid three-byte sequence at P (before END), or 0
 * if there is none (an overlong form or a surrogate is none): quotes,
 * dashes and CJK, read without a call.
 */
static inline uint32_t
utf8_three(const unsigned char *p, const unsigned char *end)
{
	uint32_t cp;

	if ((p[0] & 0xF0) != 0xE0 || end - p < 3 || (p[1] & 0xC0) != 0x80 ||
	    (p[2] & 0xC0) != 0x80)
		return 0;
	cp = (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 |
	    (p[2] & 0x3F);
	return cp < UTF8_TWO_END || (cp >= 0xD800 && cp <= 0xDFFF) ? 0 : cp;
}

#endif
