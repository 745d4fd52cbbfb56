/*
 * UTF-8 per RFC 3629: no overlong forms, no surrogates, nothing past
 * U+10FFFF.  Everything downstream relies on valid UTF-8, so this is the
 * one definition of it.
 */
#include <string.h>

#include "utf8.h"
#include "util.h"

size_t
utf8_valid_seq(const unsigned char *s, size_t len, size_t off)
{
	unsigned char c = s[off], lo = 0x80, hi = 0xBF;
	size_t n, i;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		n = 2;
	else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
	} else
		return 0;
	if (len - off < n)
		return 0;
	if (s[off + 1] < lo || s[off + 1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if ((s[off + i] & 0xC0) != 0x80)
			return 0;
	return n;
}

/* Runs of ASCII, most of most text, are passed eight bytes at a time. */
size_t
utf8_invalid_at(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	uint64_t w;
	size_t i = 0, n;

	while (i < len) {
		if (len - i >= 8) {
			memcpy(&w, s + i, 8);
			if ((w & 0x8080808080808080ULL) == 0) {
				i += 8;
				continue;
			}
		}
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if ((n = utf8_valid_seq(s, len, i)) == 0)
			return i;
		i += n;
	}
	return SIZE_MAX;
}

size_t
utf8_seqlen(const char *s, size_t len, size_t off)
{
	size_t n;

	if (off >= len)
		return 1;
	n = utf8_valid_seq((const unsigned char *)s, len, off);
	return n ? n : 1;
}

/*
 * Every byte but a continuation byte (10xxxxxx) starts a character;
 * eight bytes at a time, the continuation bytes are flagged in each
 * byte's low bit and summed by a multiply into the top byte.
 */
static size_t
continuations8(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101ULL;

	return (size_t)((((w >> 7) & ~(w >> 6) & ones) * ones) >> 56);
}

/*
 * Sixteen bytes at a time first: a lane is 1 for a continuation byte,
 * and the two halves, added, are summed like eight.
 */
static size_t
continuations16(const char *p)
{
	const uint64_t ones = 0x0101010101010101ULL;
	uint64_t m[2];
	bytes16 v;

	memcpy(&v, p, 16);
	v = (bytes16)((v & 0xC0) == 0x80) & 1;
	memcpy(m, &v, 16);
	return (size_t)(((m[0] + m[1]) * ones) >> 56);
}

size_t
utf8_count(const char *s, size_t len)
{
	size_t i, n = len;

	for (i = 0; i + 16 <= len; i += 16)
		n -= continuations16(s + i);
	for (; i + 8 <= len; i += 8)
		n -= continuations8(load_le64(s + i));
	if (i == len)
		return n;
	/*
	 * The last eight bytes, less those counted, or a block shorter than
	 * that, zeros after it: no loop over the rest.
	 */
	if (len >= 8)
		return n - continuations8(load_le64(s + len - 8) >>
		    8 * (8 - (len - i)));
	return n - continuations8(load_le_upto8(s, len));
}

size_t
utf8_column(const char *s, size_t off)
{
	return utf8_count(s, off) + 1;
}

uint32_t
utf8_decode(const unsigned char **p)
{
	const unsigned char *s = *p;
	uint32_t cp;

	if (s[0] < 0x80) {
		*p += 1;
		return s[0];
	}
	if (s[0] < 0xE0) {
		cp = (uint32_t)(s[0] & 0x1F) << 6 | (s[1] & 0x3F);
		*p += 2;
	} else if (s[0] < 0xF0) {
		cp = (uint32_t)(s[0] & 0x0F) << 12 |
		    (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
		*p += 3;
	} else {
		cp = (uint32_t)(s[0] & 0x07) << 18 |
		    (uint32_t)(s[1] & 0x3F) << 12 |
		    (uint32_t)(s[2] & 0x3F) << 6 | (s[3] & 0x3F);
		*p += 4;
	}
	return cp;
}

size_t
utf8_encode(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}
