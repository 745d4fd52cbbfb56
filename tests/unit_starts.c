/*
 * starts.c against one test per position: on texts of every length up
 * to past two vector steps and some longer, with bitmaps empty, full,
 * random, and made of the text's own grams.  The text ends where its
 * allocation does and AT has only the room the contract gives, so that
 * the sanitizer build sees a load or a store past either.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "starts.h"
#include "util.h"

static int failures, checks;
static uint64_t rng = 0x9E3779B97F4A7C15ULL;

static uint32_t
next_random(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 32);
}

static size_t
reference(uint32_t *at, const unsigned char *s, size_t len,
    const uint8_t *bits)
{
	size_t i, n = 0;

	for (i = 0; i + 3 <= len; i++)
		if (bit_has(bits, starts_hash(starts_gram(s + i))))
			at[n++] = (uint32_t)i;
	return n;
}

static void
compare(const char *what, size_t (*find)(uint32_t *, const unsigned char *,
    size_t, const uint8_t *), const unsigned char *s, size_t len,
    const uint8_t *bits, const uint32_t *want, size_t nwant)
{
	uint32_t *at = xreallocarray(NULL, len + 8, sizeof(*at));
	size_t n = find(at, s, len, bits);

	checks++;
	if (n != nwant || memcmp(at, want, n * sizeof(*at)) != 0) {
		failures++;
		fprintf(stderr, "unit_starts: FAIL %s: length %zu, %zu "
		    "positions, want %zu\n", what, len, n, nwant);
	}
	free(at);
}

/* Text S of LEN bytes against BITS, by both paths. */
static void
check_text(const unsigned char *s, size_t len, const uint8_t *bits)
{
	uint32_t *want = xreallocarray(NULL, len + 1, sizeof(*want));
	size_t nwant = reference(want, s, len, bits);

	compare("starts_find", starts_find, s, len, bits, want, nwant);
	compare("starts_find_portable", starts_find_portable, s, len, bits,
	    want, nwant);
	free(want);
}

/* Bytes from a small alphabet, with bytes beyond ASCII: grams repeat. */
static unsigned char *
random_text(size_t len)
{
	static const char alphabet[] = "aeiou st\xC3\xA9\xD0\x96\xFF";
	unsigned char *s = xmalloc(len ? len : 1);
	size_t i;

	for (i = 0; i < len; i++)
		s[i] = (unsigned char)alphabet[next_random() %
		    (sizeof(alphabet) - 1)];
	return s;
}

static void
fill_bits(uint8_t *bits, int kind, const unsigned char *s, size_t len)
{
	size_t i;

	memset(bits, kind == 1 ? 0xFF : 0, STARTS_BYTES);
	if (kind == 2)
		for (i = 0; i < STARTS_BYTES; i++)
			bits[i] = (uint8_t)(1u << (next_random() & 7));
	if (kind == 3)
		for (i = 0; i + 3 <= len; i += 1 + next_random() % 9)
			bit_set(bits, starts_hash(starts_gram(s + i)));
}

/* Texts of LEN bytes against each kind of bitmap. */
static void
check_length(uint8_t *bits, size_t len)
{
	unsigned char *s = random_text(len);
	int kind;

	for (kind = 0; kind < 4; kind++) {
		fill_bits(bits, kind, s, len);
		check_text(s, len, bits);
	}
	free(s);
}

int
main(void)
{
	static const size_t longer[] = { 255, 256, 257, 1000, 4099 };
	uint8_t *bits = xmalloc(STARTS_BYTES);
	size_t len, k;

	for (len = 0; len <= 40; len++)
		check_length(bits, len);
	for (k = 0; k < sizeof(longer) / sizeof(longer[0]); k++)
		check_length(bits, longer[k]);
	free(bits);
	printf("unit_starts: %d checks, %d failed (%s path)\n", checks,
	    failures, have_avx2() ? "vector" : "portable");
	return failures != 0;
}
