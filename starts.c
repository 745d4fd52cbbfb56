/*
 * Where the prefilter's keys may start.  One test per byte of every
 * block scanned, and the bitmap passes about one position in eight:
 * too often for a branch to guess, so the positions are noted without
 * one, and too seldom for the work behind a pass to be done at each.
 *
 * On processors with AVX2 eight positions are tested at once: their
 * grams shuffled out of one load, hashed by one multiply, their bits
 * gathered, and the positions that pass packed together by a
 * permutation from a table of the 256 masks.  That takes a sixth of the
 * instructions of the portable loop, which spends about ten on each
 * position.
 */
#include "starts.h"
#include "util.h"

#if defined(__x86_64__) && defined(__GNUC__)
#define STARTS_AVX2 1
#include <immintrin.h>
#endif

/* Position I noted as the Nth, counted if BITS has the bit of gram G. */
static inline size_t
note_start(uint32_t *at, size_t n, size_t i, uint32_t g, const uint8_t *bits)
{
	at[n] = (uint32_t)i;
	return n + (size_t)bit_has(bits, starts_hash(g));
}

/*
 * From position I on; six positions take their grams from one load of
 * eight bytes.
 */
static size_t
find_from(uint32_t *at, size_t n, const unsigned char *s, size_t i,
    size_t len, const uint8_t *bits)
{
	uint64_t w;

	for (; i + 8 <= len; i += 6) {
		w = load_le64(s + i);
		n = note_start(at, n, i, (uint32_t)w & 0xFFFFFF, bits);
		n = note_start(at, n, i + 1, (uint32_t)(w >> 8) & 0xFFFFFF,
		    bits);
		n = note_start(at, n, i + 2, (uint32_t)(w >> 16) & 0xFFFFFF,
		    bits);
		n = note_start(at, n, i + 3, (uint32_t)(w >> 24) & 0xFFFFFF,
		    bits);
		n = note_start(at, n, i + 4, (uint32_t)(w >> 32) & 0xFFFFFF,
		    bits);
		n = note_start(at, n, i + 5, (uint32_t)(w >> 40), bits);
	}
	for (; i + 3 <= len; i++)
		n = note_start(at, n, i, starts_gram(s + i), bits);
	return n;
}

size_t
starts_find_portable(uint32_t *at, const unsigned char *s, size_t len,
    const uint8_t *bits)
{
	return find_from(at, 0, s, 0, len, bits);
}

#ifdef STARTS_AVX2
/*
 * By mask of eight positions: the indices of its set bits, a byte each;
 * filled at the first block (the last mask has them all).
 */
static uint64_t packed[256];

static void
fill_packed(void)
{
	unsigned m, k, n;
	uint64_t v;

	for (m = 0; m < 256; m++) {
		for (v = 0, k = 0, n = 0; k < 8; k++)
			if (m >> k & 1)
				v |= (uint64_t)k << 8 * n++;
		packed[m] = v;
	}
}

/*
 * Eight positions a step while sixteen bytes can be loaded, the bytes
 * of the eight grams in the two halves of the shuffle; the rest by the
 * portable loop.  The store of eight positions at AT + N stays within
 * LEN + 8, N being at most I.
 */
__attribute__((target("avx2"))) static size_t
find_avx2(uint32_t *at, const unsigned char *s, size_t len,
    const uint8_t *bits)
{
	const __m256i grams = _mm256_setr_epi8(0, 1, 2, -1, 1, 2, 3, -1,
	    2, 3, 4, -1, 3, 4, 5, -1, 4, 5, 6, -1, 5, 6, 7, -1,
	    6, 7, 8, -1, 7, 8, 9, -1);
	const __m256i mul = _mm256_set1_epi32((int)0x9E3779B1u);
	const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
	const __m256i low5 = _mm256_set1_epi32(31);
	__m256i g, h, word, bit, order;
	unsigned mask;
	size_t i, n = 0;

	for (i = 0; i + 16 <= len; i += 8) {
		g = _mm256_shuffle_epi8(_mm256_broadcastsi128_si256(
		    _mm_loadu_si128((const __m128i *)(const void *)(s + i))),
		    grams);
		h = _mm256_srli_epi32(_mm256_mullo_epi32(g, mul),
		    32 - STARTS_BITS);
		word = _mm256_i32gather_epi32((const int *)(const void *)bits,
		    _mm256_srli_epi32(h, 5), 4);
		bit = _mm256_slli_epi32(_mm256_srlv_epi32(word,
		    _mm256_and_si256(h, low5)), 31);
		mask = (unsigned)_mm256_movemask_ps(_mm256_castsi256_ps(bit));
		order = _mm256_cvtepu8_epi32(_mm_loadl_epi64(
		    (const __m128i *)(const void *)&packed[mask]));
		_mm256_storeu_si256((__m256i *)(void *)(at + n),
		    _mm256_permutevar8x32_epi32(_mm256_add_epi32(
		    _mm256_set1_epi32((int)i), lanes), order));
		n += (size_t)__builtin_popcount(mask);
	}
	return find_from(at, n, s, i, len, bits);
}
#endif

size_t
starts_find(uint32_t *at, const unsigned char *s, size_t len,
    const uint8_t *bits)
{
#ifdef STARTS_AVX2
	if (have_avx2()) {
		if (packed[255] == 0)
			fill_packed();
		return find_avx2(at, s, len, bits);
	}
#endif
	return starts_find_portable(at, s, len, bits);
}
