/*
 * The automaton's alphabet.
 *
 * What a class of a pattern holds is PCRE2's to say: Unicode properties,
 * caseless ranges and \w change between Unicode versions, and a table of
 * our own would drift from the library that compiled the rules.  So the
 * first time a character is seen, one match of PCRE2 on it answers for
 * every class atom at once: each atom is asked in a lookahead that sets
 * a group of its own, "(?:(?=(?i:\d)())|)(?:(?=(?-i:[^»›])())|)...".
 * Caseless characters need no such question: PCRE2 matches c with x
 * caselessly exactly when their case keys are equal (alphabet_case_key;
 * tests/unit_alphabet checks it over every character with case).
 *
 * A character's class is the set of atoms it satisfies, interned, so
 * that characters alike to every pattern share a column of the
 * automaton.  Classes of characters below U+0800 are kept in a table,
 * others in a hash table that is cleared when full: memory stays bounded
 * whatever the input, and a class forgotten is found again.
 */
#define PCRE2_CODE_UNIT_WIDTH 8

#include <pcre2.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "alphabet.h"
#include "utf8.h"
#include "util.h"

#define BATCH_ATOMS	100	/* class atoms asked in one match */
#define HIGH_MAX	(1u << 16)	/* characters beyond U+07FF kept */
#define UNKNOWN		UINT32_MAX

struct class_atom {
	char		*src;
	size_t		 len;
	int		 caseless;
	uint32_t	 atom;
	pcre2_code	*code;		/* alone, for ASCII */
};

/* Open addressing on 64-bit entries, 0 meaning empty. */
struct table {
	uint64_t	*slot;
	size_t		 cap, n;	/* cap a power of two */
};

struct alphabet {
	uint32_t	 natoms;
	struct class_atom *catoms;
	size_t		 ncatoms;
	/*
	 * A hash of each class atom's source -> its index plus one: a
	 * rule's classes are mostly ones already read.  Of two with one
	 * hash, the second is found by looking at all.
	 */
	struct table	 classes;

	struct table	 chars;		/* (key << 1 | caseless) + 1 -> atom */
	/*
	 * The atoms of characters below U+0800 as read, caseless or not,
	 * plus one (0: not yet): the rules' letters are mostly these, and
	 * a case key and a hash each cost more than the look.
	 */
	uint32_t	 char_atom[2][UTF8_TWO_END];
	pcre2_code	**batch;
	size_t		 nbatch;
	pcre2_match_data *md;
	int		 sealed;
	size_t		 words;		/* of a member set */
	uint64_t	*members;	/* by class: its atoms, a bit each */
	uint8_t		*word;		/* by class: it satisfies \w */
	uint32_t	 nclasses, capclasses;
	struct table	 interned;	/* hash << 32 | class */
	uint64_t	*scratch;
	uint32_t	 ascii[128];
	uint32_t	 low[UTF8_TWO_END];
	struct table	 high;		/* cp << 32 | class */
};

/* See the comment on top; tests/unit_alphabet holds the proof. */
uint32_t
alphabet_case_key(uint32_t cp)
{
	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
	/* PCRE2 gives İ and ı no other case, where Unicode lowers İ to i. */
	if (cp == 0x130 || cp == 0x131)
		return cp;
	return (uint32_t)utf8proc_tolower(utf8proc_toupper(
	    (utf8proc_int32_t)cp));
}

static uint64_t
mix64(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xFF51AFD7ED558CCDULL;
	h ^= h >> 33;
	return h;
}

static void
table_grow(struct table *t)
{
	uint64_t *old = t->slot;
	size_t oldcap = t->cap, i, j;

	t->cap = oldcap ? 2 * oldcap : 64;
	t->slot = xcalloc(t->cap, sizeof(*t->slot));
	for (i = 0; i < oldcap; i++) {
		if (old[i] == 0)
			continue;
		for (j = mix64(old[i] >> 32) & (t->cap - 1); t->slot[j] != 0;
		    j = (j + 1) & (t->cap - 1))
			;
		t->slot[j] = old[i];
	}
	free(old);
}

/* The slot for KEY (not 0) in T: where it is, or where it would go. */
static uint64_t *
table_find(struct table *t, uint32_t key)
{
	size_t i;

	for (i = mix64(key) & (t->cap - 1); t->slot[i] != 0 &&
	    t->slot[i] >> 32 != key; i = (i + 1) & (t->cap - 1))
		;
	return &t->slot[i];
}

static void
table_put(struct table *t, uint32_t key, uint32_t value)
{
	uint64_t *s;

	if (4 * (t->n + 1) > 3 * t->cap)
		table_grow(t);
	s = table_find(t, key);
	if (*s == 0)
		t->n++;
	*s = (uint64_t)key << 32 | value;
}

static int
table_get(struct table *t, uint32_t key, uint32_t *value)
{
	uint64_t *s;

	if (t->cap == 0 || *(s = table_find(t, key)) == 0)
		return 0;
	*value = (uint32_t)*s;
	return 1;
}

struct alphabet *
alphabet_new(void)
{
	struct alphabet *a = xcalloc(1, sizeof(*a));

	if (alphabet_class(a, "\\w", 2, 0) != 0)
		fatal("PCRE2 does not take \\w");
	return a;
}

void
alphabet_free(struct alphabet *a)
{
	size_t i;

	if (a == NULL)
		return;
	for (i = 0; i < a->ncatoms; i++) {
		free(a->catoms[i].src);
		pcre2_code_free(a->catoms[i].code);
	}
	for (i = 0; i < a->nbatch; i++)
		pcre2_code_free(a->batch[i]);
	free(a->catoms);
	free(a->batch);
	pcre2_match_data_free(a->md);
	free(a->chars.slot);
	free(a->classes.slot);
	free(a->members);
	free(a->word);
	free(a->interned.slot);
	free(a->scratch);
	free(a->high.slot);
	free(a);
}

uint32_t
alphabet_atoms(const struct alphabet *a)
{
	return a->natoms;
}

static uint32_t
new_atom(struct alphabet *a)
{
	if (a->sealed)
		fatal("alphabet: atom added after the first lookup");
	return a->natoms++;
}

/* The atom of CP, found in or added to the table of characters. */
static uint32_t
char_atom_of(struct alphabet *a, uint32_t cp, int caseless)
{
	uint32_t key = (caseless ? alphabet_case_key(cp) : cp) << 1 |
	    (caseless != 0), atom;

	if (table_get(&a->chars, key + 1, &atom))
		return atom;
	atom = new_atom(a);
	table_put(&a->chars, key + 1, atom);
	return atom;
}

uint32_t
alphabet_char(struct alphabet *a, uint32_t cp, int caseless)
{
	uint32_t *known;

	if (cp >= UTF8_TWO_END)
		return char_atom_of(a, cp, caseless);
	known = &a->char_atom[caseless != 0][cp];
	if (*known == 0)
		*known = char_atom_of(a, cp, caseless) + 1;
	return *known - 1;
}

static pcre2_code *
compile(const char *src, size_t len)
{
	PCRE2_SIZE off;
	int err;

	return pcre2_compile((PCRE2_SPTR)src, len, PCRE2_UTF | PCRE2_UCP |
	    PCRE2_NEVER_BACKSLASH_C, &err, &off, NULL);
}

/* "(?i:SRC)" or "(?-i:SRC)" in B. */
static void
add_scoped(struct buf *b, const struct class_atom *c)
{
	buf_add(b, c->caseless ? "(?i:" : "(?-i:", c->caseless ? 4 : 5);
	buf_add(b, c->src, c->len);
	buf_add(b, ")", 1);
}

static int
same_class(const struct class_atom *c, const char *src, size_t len,
    int caseless)
{
	return c->len == len && c->caseless == caseless &&
	    memcmp(c->src, src, len) == 0;
}

/* The class atom written SRC (LEN bytes), or NULL. */
static const struct class_atom *
find_class(struct alphabet *a, uint32_t hash, const char *src, size_t len,
    int caseless)
{
	uint32_t at;
	size_t i;

	if (!table_get(&a->classes, hash, &at))
		return NULL;
	if (same_class(&a->catoms[at - 1], src, len, caseless))
		return &a->catoms[at - 1];
	for (i = 0; i < a->ncatoms; i++)
		if (same_class(&a->catoms[i], src, len, caseless))
			return &a->catoms[i];
	return NULL;
}

int64_t
alphabet_class(struct alphabet *a, const char *src, size_t len, int caseless)
{
	struct class_atom c = { (char *)src, len, caseless != 0, 0, NULL };
	const struct class_atom *known;
	struct buf b = { 0 };
	pcre2_code *code;
	uint32_t hash = (uint32_t)hash_bytes(src, len) ^ (uint32_t)c.caseless,
	    at;

	if ((known = find_class(a, hash, src, len, c.caseless)) != NULL)
		return known->atom;
	add_scoped(&b, &c);
	code = compile(b.data, b.len);
	buf_free(&b);
	if (code == NULL)
		return -1;
	c.code = code;
	c.src = xstrndup(src, len);
	c.atom = new_atom(a);
	a->catoms = xreallocarray(a->catoms, a->ncatoms + 1,
	    sizeof(*a->catoms));
	a->catoms[a->ncatoms++] = c;
	if (!table_get(&a->classes, hash, &at))
		table_put(&a->classes, hash, (uint32_t)a->ncatoms);
	return c.atom;
}

/* The class atoms FROM to FROM + N as one pattern of lookaheads. */
static pcre2_code *
compile_batch(const struct alphabet *a, size_t from, size_t n)
{
	struct buf b = { 0 };
	pcre2_code *code;
	size_t i;

	for (i = from; i < from + n; i++) {
		buf_add(&b, "(?:(?=", 6);
		add_scoped(&b, &a->catoms[i]);
		buf_add(&b, "())|)", 5);
	}
	code = compile(b.data, b.len);
	buf_free(&b);
	if (code == NULL)
		fatal("alphabet: PCRE2 refuses the joined classes");
	/* Without JIT a question is slower, not answered otherwise. */
	(void)pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
	return code;
}

static void
set_member(uint64_t *set, uint32_t atom)
{
	set[atom >> 6] |= (uint64_t)1 << (atom & 63);
}

/* The class atoms CP satisfies, added to SET. */
static void
ask_pcre2(struct alphabet *a, uint32_t cp, uint64_t *set)
{
	PCRE2_SIZE *ov;
	char enc[4];
	size_t b, i, n, len = utf8_encode(cp, enc);

	for (b = 0; b < a->nbatch; b++) {
		if (pcre2_match(a->batch[b], (PCRE2_SPTR)enc, len, 0,
		    PCRE2_ANCHORED | PCRE2_NO_UTF_CHECK, a->md, NULL) < 0)
			continue;
		ov = pcre2_get_ovector_pointer(a->md);
		n = a->ncatoms - b * BATCH_ATOMS < BATCH_ATOMS ?
		    a->ncatoms - b * BATCH_ATOMS : BATCH_ATOMS;
		for (i = 0; i < n; i++)
			if (ov[2 * (i + 1)] != PCRE2_UNSET)
				set_member(set, a->catoms[b * BATCH_ATOMS + i].atom);
	}
}

static uint64_t
hash_set(const uint64_t *set, size_t words)
{
	uint64_t h = 0x9E3779B97F4A7C15ULL;
	size_t i;

	for (i = 0; i < words; i++)
		h = mix64(h ^ set[i]);
	return h;
}

/* The class whose atoms are SET, added if new. */
static uint32_t
intern(struct alphabet *a, const uint64_t *set)
{
	uint32_t h = (uint32_t)hash_set(set, a->words) | 1, cls;
	size_t i, mask;

	for (;;) {
		mask = a->interned.cap - 1;
		for (i = mix64(h) & mask; a->interned.slot[i] != 0;
		    i = (i + 1) & mask) {
			cls = (uint32_t)a->interned.slot[i];
			if (a->interned.slot[i] >> 32 == h &&
			    memcmp(a->members + (size_t)cls * a->words, set,
			    a->words * sizeof(*set)) == 0)
				return cls;
		}
		if (4 * (a->interned.n + 1) <= 3 * a->interned.cap)
			break;
		table_grow(&a->interned);
	}
	if (a->nclasses == a->capclasses) {
		a->capclasses = a->capclasses ? 2 * a->capclasses : 64;
		a->members = xreallocarray(a->members, a->capclasses,
		    a->words * sizeof(*a->members));
		a->word = xreallocarray(a->word, a->capclasses, 1);
	}
	cls = a->nclasses++;
	memcpy(a->members + (size_t)cls * a->words, set,
	    a->words * sizeof(*set));
	a->word[cls] = (uint8_t)(set[0] & 1);
	a->interned.slot[i] = (uint64_t)h << 32 | cls;
	a->interned.n++;
	return cls;
}

/* The character atoms CP satisfies, added to SET. */
static void
add_char_atoms(struct alphabet *a, uint32_t cp, uint64_t *set)
{
	uint32_t atom;

	if (table_get(&a->chars, (alphabet_case_key(cp) << 1 | 1) + 1, &atom))
		set_member(set, atom);
	if (table_get(&a->chars, (cp << 1) + 1, &atom))
		set_member(set, atom);
}

static uint32_t
class_of(struct alphabet *a, uint32_t cp)
{
	memset(a->scratch, 0, a->words * sizeof(*a->scratch));
	add_char_atoms(a, cp, a->scratch);
	ask_pcre2(a, cp, a->scratch);
	return intern(a, a->scratch);
}

/*
 * The class atoms each ASCII character satisfies, into SETS (128 member
 * sets): each atom alone on the 128 characters, which costs a tenth of
 * asking the joined atoms once a character.
 */
static void
ask_ascii(struct alphabet *a, uint64_t *sets)
{
	const struct class_atom *c;
	PCRE2_SIZE at;
	char all[128];
	size_t i;

	for (i = 0; i < 128; i++)
		all[i] = (char)i;
	for (i = 0; i < a->ncatoms; i++) {
		c = &a->catoms[i];
		for (at = 0; at < 128 && pcre2_match(c->code, (PCRE2_SPTR)all,
		    128, at, PCRE2_NO_UTF_CHECK, a->md, NULL) >= 0; at++) {
			at = pcre2_get_ovector_pointer(a->md)[0];
			set_member(sets + at * a->words, c->atom);
		}
	}
}

/* Once every atom is known: the joined classes, the table for ASCII. */
static void
seal(struct alphabet *a)
{
	uint64_t *sets;
	size_t i;

	a->sealed = 1;
	a->words = (a->natoms + 63) / 64;
	a->scratch = xcalloc(a->words, sizeof(*a->scratch));
	a->nbatch = (a->ncatoms + BATCH_ATOMS - 1) / BATCH_ATOMS;
	a->batch = xcalloc(a->nbatch, sizeof(*a->batch));
	for (i = 0; i < a->nbatch; i++)
		a->batch[i] = compile_batch(a, i * BATCH_ATOMS,
		    a->ncatoms - i * BATCH_ATOMS < BATCH_ATOMS ?
		    a->ncatoms - i * BATCH_ATOMS : BATCH_ATOMS);
	a->md = pcre2_match_data_create(BATCH_ATOMS + 1, NULL);
	if (a->md == NULL)
		fatal("out of memory");
	table_grow(&a->interned);
	sets = xcalloc(128 * a->words, sizeof(*sets));
	ask_ascii(a, sets);
	for (i = 0; i < 128; i++) {
		add_char_atoms(a, (uint32_t)i, sets + i * a->words);
		a->ascii[i] = intern(a, sets + i * a->words);
	}
	free(sets);
	for (i = 128; i < UTF8_TWO_END; i++)
		a->low[i] = UNKNOWN;
}

const uint32_t *
alphabet_ascii(struct alphabet *a)
{
	if (!a->sealed)
		seal(a);
	return a->ascii;
}

uint32_t
alphabet_lookup(struct alphabet *a, uint32_t cp)
{
	uint32_t cls;

	if (!a->sealed)
		seal(a);
	if (cp < 128)
		return a->ascii[cp];
	if (cp < UTF8_TWO_END) {
		if (a->low[cp] == UNKNOWN)
			a->low[cp] = class_of(a, cp);
		return a->low[cp];
	}
	if (table_get(&a->high, cp, &cls))
		return cls;
	cls = class_of(a, cp);
	if (a->high.n + 1 > HIGH_MAX) {
		memset(a->high.slot, 0, a->high.cap * sizeof(*a->high.slot));
		a->high.n = 0;
	}
	table_put(&a->high, cp, cls);
	return cls;
}

int
alphabet_has(const struct alphabet *a, uint32_t cls, uint32_t atom)
{
	return a->members[(size_t)cls * a->words + (atom >> 6)] >>
	    (atom & 63) & 1;
}

int
alphabet_word(const struct alphabet *a, uint32_t cls)
{
	return a->word[cls];
}
