/*
 * Stop-word lookup and language guessing.
 *
 * stopwords_data.c, generated from the lists in stopwords/, holds each
 * distinct word once with the mask of languages whose list has it.  On
 * first use we index it with an open-addressing hash table: FNV-1a
 * over the bytes, linear probing, at most half full, so a probe
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

static uint32_t
fnv1a(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t h = 2166136261u;

	while (len-- > 0)
		h = (h ^ *p++) * 16777619u;
	return h;
}

static void
insert_word(uint32_t entry)
{
	const struct stopword *w = &stopword_table[entry];
	size_t mask = stopword_nslots - 1;
	uint32_t h = fnv1a(w->word, w->len);
	size_t i = h & mask;

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
	h = fnv1a(word, len);
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

void
langguess_add(struct langguess *g, uint64_t mask)
{
	int i;

	g->words++;
	for (i = 0; mask != 0; i++, mask >>= 1)
		if (mask & 1)
			g->hits[i]++;
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
