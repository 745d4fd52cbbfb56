/*
 * Stop-word lookup and language guessing.
 *
 * stopwords_data.c, generated from the lists in stopwords/, holds each
 * distinct word once with the mask of languages whose list has it.  On
 * first use we index it with an open-addressing hash table: a hash of
 * the bytes eight at a time, linear probing, at most half full, so a probe
 * sequence stays short even for words that are absent, which is most
 * words of a text.  A slot holds the entry number (plus one, so zero
 * means empty) in its low 16 bits and the top 16 bits of the word's
 * hash in its high 16, so a probe that meets another word is nearly
 * always rejected without touching the entry; only a tag match goes
 * on to compare length, then bytes.  The generator sizes the slot
 * storage, so nothing is allocated.
 */
#include <string.h>

#include "stopwords.h"
#include "stopwords/table.h"

#define SLOT_INDEX(s)	((s) & 0xffff)
#define SLOT_TAG(s)	((s) >> 16)

/* Fewer hits than this could be chance: "a" or "in" alone say little. */
#define MIN_HITS	3

static int	table_built;
static size_t	longest_word;
/*
 * Two bits per word in a Bloom filter small enough to stay in the first
 * cache: most words of a text are not stop words, and most of those
 * are turned away here, without a trip to the large table.
 */
#define BLOOM_BITS	(1 << 17)
static uint64_t	bloom[BLOOM_BITS / 64];

static int
bloom_has(uint32_t h)
{
	uint32_t a = h % BLOOM_BITS, b = (h >> 15) % BLOOM_BITS;

	return (bloom[a / 64] >> (a % 64) & 1) &&
	    (bloom[b / 64] >> (b % 64) & 1);
}

static void
bloom_add(uint32_t h)
{
	uint32_t a = h % BLOOM_BITS, b = (h >> 15) % BLOOM_BITS;

	bloom[a / 64] |= (uint64_t)1 << (a % 64);
	bloom[b / 64] |= (uint64_t)1 << (b % 64);
}

/*
 * The words are short: eight bytes at a time, each block mixed by a
 * multiply, costs a fraction of a multiply per byte as FNV-1a does.
 */
static uint32_t
word_hash(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	uint64_t h = len * 0x9E3779B97F4A7C15ULL, w;
	size_t i;

	for (; len > 0; len -= i, p += i) {
		w = 0;
		for (i = 0; i < 8 && i < len; i++)
			w |= (uint64_t)p[i] << (8 * i);
		h = (h ^ w) * 0xFF51AFD7ED558CCDULL;
		h ^= h >> 32;
	}
	return (uint32_t)h;
}

static void
insert_word(uint32_t entry)
{
	const struct stopword *w = &stopword_table[entry];
	size_t mask = stopword_nslots - 1;
	uint32_t h = word_hash(w->word, w->len);
	size_t i = h & mask;

	bloom_add(h);
	while (stopword_slots[i] != 0)
		i = (i + 1) & mask;
	stopword_slots[i] = (SLOT_TAG(h) << 16) | (entry + 1);
}

static void
build_table(void)
{
	size_t i;

	for (i = 0; i < stopword_nwords; i++) {
		insert_word((uint32_t)i);
		if (stopword_table[i].len > longest_word)
			longest_word = stopword_table[i].len;
	}
	table_built = 1;
}

uint64_t
stopword_langs(const char *word, size_t len)
{
	size_t mask = stopword_nslots - 1;
	const struct stopword *w;
	uint32_t h, slot;
	size_t i;

	if (!table_built)
		build_table();
	if (len == 0 || len > longest_word)
		return 0;
	h = word_hash(word, len);
	if (!bloom_has(h))
		return 0;
	for (i = h & mask; (slot = stopword_slots[i]) != 0; i = (i + 1) & mask) {
		if (SLOT_TAG(slot) != SLOT_TAG(h))
			continue;
		w = &stopword_table[SLOT_INDEX(slot) - 1];
		if (w->len == len && memcmp(w->word, word, len) == 0)
			return w->langs;
	}
	return 0;
}

int
stopword_lang_count(void)
{
	return stopword_nlangs;
}

const char *
stopword_lang_code(int lang)
{
	if (lang < 0 || lang >= stopword_nlangs)
		return NULL;
	return stopword_codes[lang];
}

int
stopword_lang_index(const char *code)
{
	int i;

	for (i = 0; i < stopword_nlangs; i++)
		if (strcmp(stopword_codes[i], code) == 0)
			return i;
	return LANG_NONE;
}

void
langguess_init(struct langguess *g)
{
	memset(g, 0, sizeof(*g));
}

/* Each set bit by a multiply that puts its number in the top six bits. */
void
langguess_add(struct langguess *g, uint64_t mask)
{
	static const unsigned char bit_of[64] = {
		0, 1, 48, 2, 57, 49, 28, 3, 61, 58, 50, 42, 38, 29, 17, 4,
		62, 55, 59, 36, 53, 51, 43, 22, 45, 39, 33, 30, 24, 18, 12, 5,
		63, 47, 56, 27, 60, 41, 37, 16, 54, 35, 52, 21, 44, 32, 23, 11,
		46, 26, 40, 15, 34, 20, 31, 10, 25, 14, 19, 9, 13, 8, 7, 6
	};

	g->words++;
	for (; mask != 0; mask &= mask - 1)
		g->hits[bit_of[((mask & (~mask + 1)) * 0x03F79D71B4CB0A89ULL) >>
		    58]]++;
}

/*
 * Most hits wins.  A word shared by several lists ("de", "la") counts
 * for each of them, which is harmless: the right language still gets
 * the words only it has.  A tie goes to the smaller list, which holds
 * only the commonest function words, so matching it says more.
 */
int
langguess_best(const struct langguess *g)
{
	int i, best = LANG_NONE;

	for (i = 0; i < stopword_nlangs; i++) {
		if (g->hits[i] < MIN_HITS)
			continue;
		if (best == LANG_NONE || g->hits[i] > g->hits[best] ||
		    (g->hits[i] == g->hits[best] &&
		    stopword_sizes[i] < stopword_sizes[best]))
			best = i;
	}
	return best;
}
