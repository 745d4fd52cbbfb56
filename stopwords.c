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
 * on to compare the word's first eight bytes, held beside its language
 * mask, as one integer, which for most words is the whole comparison.
 * The generator sizes the storage, so nothing is allocated.
 */
#include <string.h>

#include "stopwords.h"
#include "stopwords/table.h"
#include "util.h"

#define SLOT_INDEX(s)	((s) & 0xffff)
#define SLOT_TAG(s)	((s) >> 16)

/* Fewer hits than this could be chance: "a" or "in" alone say little. */
#define MIN_HITS	3

static int	table_built;
static size_t	longest_word;
/*
 * Three bits per word in a Bloom filter small enough to stay in the
 * first cache, all three in one 64-bit word of it, so that a lookup
 * costs one cache line: most words of a text are not stop words, and
 * most of those are turned away here, without a trip to the large table.
 */
#define BLOOM_WORDS	2048	/* 11 bits of the hash choose one */

static uint64_t	bloom[BLOOM_WORDS];

/*
 * The words of at most eight bytes looked up last, each with its
 * languages (0 for none), in a table that stays in the first cache too:
 * the function words of a text and its own vocabulary come back again
 * and again, and two lookups in three on the dev pages find their word
 * here.  Such a word is its head (no word holds a zero byte), so the
 * head alone is the key, and a multiply of it the slot; 0, no word, is
 * an empty slot.
 */
#define RECENT_BITS	10

static struct stopword_key recent[1 << RECENT_BITS];

static uint64_t
bloom_bits(uint32_t h)
{
	return (uint64_t)1 << (h & 63) | (uint64_t)1 << (h >> 6 & 63) |
	    (uint64_t)1 << (h >> 12 & 63);
}

static int
bloom_has(uint32_t h)
{
	uint64_t b = bloom_bits(h);

	return (bloom[h >> 21] & b) == b;
}

static void
bloom_add(uint32_t h)
{
	bloom[h >> 21] |= bloom_bits(h);
}

/* The eight bytes of S at I, those from LEN on masked off. */
static uint64_t
word_bytes(const char *s, size_t i, size_t len)
{
	uint64_t w = load_le64(s + i);

	return len - i < 8 ? w & (((uint64_t)1 << 8 * (len - i)) - 1) : w;
}

static uint64_t
mix(uint64_t h, uint64_t w)
{
	h = (h ^ w) * 0xFF51AFD7ED558CCDULL;
	return h ^ h >> 32;
}

/* The hash of a word's first eight bytes, HEAD: all of a short word's. */
static uint64_t
hash_head(uint64_t head, size_t len)
{
	return mix(len * 0x9E3779B97F4A7C15ULL, head);
}

/*
 * The words are short: eight bytes at a time, each block mixed by a
 * multiply, costs a fraction of a multiply per byte as FNV-1a does.
 * S (LEN bytes, not 0) is readable up to a multiple of eight bytes;
 * what lies past LEN is masked off.  *HEAD is set to the first eight
 * bytes, so masked.  Most words fit in the first eight, taken apart
 * from the loop.
 */
static uint32_t
word_hash(const char *s, size_t len, uint64_t *head)
{
	uint64_t h;
	size_t i;

	*head = word_bytes(s, 0, len);
	h = hash_head(*head, len);
	for (i = 8; i < len; i += 8)
		h = mix(h, word_bytes(s, i, len));
	return (uint32_t)h;
}

/* WORD (LEN bytes, at most STOPWORD_MAX) copied where it can be hashed. */
static void
pad(char padded[STOPWORD_MAX + 8], const char *word, size_t len)
{
	memset(padded, 0, STOPWORD_MAX + 8);
	memcpy(padded, word, len);
}

static void
insert_word(uint32_t entry)
{
	const struct stopword *w = &stopword_table[entry];
	size_t mask = stopword_nslots - 1;
	char padded[STOPWORD_MAX + 8];
	uint32_t h;
	size_t i;

	pad(padded, w->word, w->len);
	h = word_hash(padded, w->len, &stopword_keys[entry].head);
	bloom_add(h);
	for (i = h & mask; stopword_slots[i] != 0; i = (i + 1) & mask)
		;
	stopword_slots[i] = (SLOT_TAG(h) << 16) | (entry + 1);
	stopword_keys[entry].langs = w->langs;
	if (w->len > longest_word)
		longest_word = w->len;
}

static void
build_table(void)
{
	size_t i;

	for (i = 0; i < stopword_nwords; i++)
		if (stopword_table[i].len <= STOPWORD_MAX)
			insert_word((uint32_t)i);
	table_built = 1;
}

/*
 * A word of fewer than eight bytes is its head, zero-padded (no word
 * holds a zero byte); a longer one is compared in full, WORD read past
 * its head only then (a word looked up by its head alone has none).
 */
static int
same_word(uint32_t entry, uint64_t head, const char *word, size_t len)
{
	const struct stopword *w = &stopword_table[entry];
	size_t i;

	if (stopword_keys[entry].head != head)
		return 0;
	if (len < 8)
		return 1;
	if (w->len != len)
		return 0;
	/* A few bytes, compared here: a call would cost the probe a frame. */
	for (i = 8; i < len && w->word[i] == word[i]; i++)
		;
	return i == len;
}

/* The languages of the word of hash H: the Bloom filter, then the slots. */
static uint64_t
look_up(uint32_t h, uint64_t head, const char *word, size_t len)
{
	size_t mask = stopword_nslots - 1, i;
	uint32_t slot;

	if (!bloom_has(h))
		return 0;
	for (i = h & mask; (slot = stopword_slots[i]) != 0; i = (i + 1) & mask)
		if (SLOT_TAG(slot) == SLOT_TAG(h) &&
		    same_word(SLOT_INDEX(slot) - 1, head, word, len))
			return stopword_keys[SLOT_INDEX(slot) - 1].langs;
	return 0;
}

/*
 * A word not in RECENT, looked up and put there; out of line, so that
 * a lookup that finds its word there needs no stack frame.
 */
static uint64_t __attribute__((noinline))
remember(struct stopword_key *r, uint64_t head, size_t len)
{
	if (!table_built)
		build_table();
	r->head = head;
	r->langs = len > longest_word ? 0 :
	    look_up((uint32_t)hash_head(head, len), head, NULL, len);
	return r->langs;
}

uint64_t
stopword_langs_head(uint64_t head, size_t len)
{
	struct stopword_key *r;

	r = &recent[(head * 0x9E3779B97F4A7C15ULL) >> (64 - RECENT_BITS)];
	return r->head == head ? r->langs : remember(r, head, len);
}

uint64_t
stopword_langs_padded(const char *word, size_t len)
{
	uint64_t head;
	uint32_t h;

	if (len == 0)
		return 0;
	if (len <= 8)
		return stopword_langs_head(word_bytes(word, 0, len), len);
	if (!table_built)
		build_table();
	if (len > longest_word)
		return 0;
	h = word_hash(word, len, &head);
	return look_up(h, head, word, len);
}

uint64_t
stopword_langs(const char *word, size_t len)
{
	char padded[STOPWORD_MAX + 8];

	if (len == 0 || len > STOPWORD_MAX)
		return 0;
	pad(padded, word, len);
	return stopword_langs_padded(padded, len);
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

void
langguess_add(struct langguess *g, uint64_t mask)
{
	g->words++;
	for (; mask != 0; mask &= mask - 1)
		g->hits[lowest_bit(mask)]++;
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
