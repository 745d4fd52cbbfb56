/*
 * Patterns anchored at the block's start as DFAs, built from the NFA as
 * blocks need them, as RE2 and Rust's regex build theirs.  A PCRE2 call
 * costs hundreds of cycles, most of them waiting for its JIT code; a
 * DFA a table lookup a character, and most blocks leave a rule's DFA
 * dead after a character or two.
 *
 * A state is the set of NFA states a block's prefix leads to (its
 * kernel: characters awaited, assertions not yet decided, the match)
 * and two flags: whether it is the block's start, and whether the
 * character before was a word character.  An assertion is decided when
 * the next character is known, since \b needs both sides; so whether a
 * state holds the match depends on what comes next, and a transition
 * says it for its character, the state itself for the end.
 *
 * Each DFA reads characters by classes of its own: the sets of its
 * pattern's atoms a character satisfies, a handful, so that a state's
 * row of transitions is short.  All DFAs share one budget of memory,
 * and one DFA may take a quarter of it: past that it is emptied before
 * the next block, and if it fills up again within a MiB of input it
 * gives its pattern back to PCRE2.  When the whole budget is spent,
 * every DFA is emptied, and if that keeps happening they all give up.
 */
#include <stdlib.h>
#include <string.h>

#include "dfa.h"
#include "utf8.h"
#include "util.h"

#define DFA_MEM		(2 * 1024 * 1024)
/* DFAs emptied again within this much input give up. */
#define FLUSH_MIN	(1024 * 1024)
/* One DFA takes at most a SHARES-th of DFA_MEM. */
#define SHARES		4
/*
 * A row's entry: the next state and two bits for the run to read with
 * no other load: the state before holds the match before such a
 * character, the next one is dead.  0 is not known yet.
 */
#define T_STATE		0x3FFFu
#define T_DEAD		0x4000u
#define T_MATCH		0x8000u
#define STATES_MAX	T_STATE		/* of one DFA */
#define CLASSES_MAX	255		/* of one DFA */
#define INITIAL_CAP	16		/* states, and kernel entries */

enum { F_START = 1, F_WORD = 2 };
/* Whether a state holds the match at the end: known, and so. */
enum { K_END = 1, M_END = 2 };

struct dstate {
	uint32_t	 kernel, nkernel;	/* in kernels[] */
	uint32_t	 hash;
	uint8_t		 flags;
	uint8_t		 match;		/* at the end, K_END and M_END */
};

struct dfa_cache {
	const struct nfa *nfa;
	size_t		 used;
	uint32_t	 gen;		/* of emptying */
	size_t		 since_flush;
	int		 flushed, given_up;
	/* Scratch by NFA state, for whichever DFA is growing. */
	uint32_t	*mark, markgen;
	uint32_t	*stack, *atoms, *next;
	size_t		 natoms;
	int		 matched;
};

struct dfa {
	struct dfa_cache *cache;
	uint32_t	 gen;
	struct alphabet	*alpha;
	const uint32_t	*ascii;
	uint32_t	 start;
	/* The pattern's atoms; its classes as sets of them. */
	uint32_t	*atoms;
	size_t		 natoms, words;
	uint8_t		*local;		/* by alphabet class: class + 1, 0 unknown */
	size_t		 nlocal;
	uint64_t	*sets;		/* by class: its atoms, a bit each */
	uint32_t	*example;	/* by class: an alphabet class in it */
	uint8_t		*word;		/* by class: a word character */
	size_t		 nclasses;
	size_t		 width;		/* of a row: CLASSES_MAX at most */
	struct dstate	*st;		/* from 1: 0 is no state */
	size_t		 nst, capst;
	uint16_t	*rows;		/* nst * width entries, as T_ above */
	size_t		 caprows;
	uint32_t	*kernels;
	size_t		 nkern, capkern;
	uint32_t	*ids;		/* hash table of states */
	size_t		 capids;
	/* What it took since it was last emptied, and when that was. */
	size_t		 used, since_empty;
	int		 emptied, given_up;
};

static void *
grow(void *p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return p;
	while (*cap < need)
		*cap *= 2;
	return xreallocarray(p, *cap, size);
}

struct dfa_cache *
dfa_cache_new(const struct nfa *nfa)
{
	struct dfa_cache *c = xcalloc(1, sizeof(*c));
	size_t n = (size_t)nfa->n + 1;

	c->nfa = nfa;
	c->mark = xcalloc(n, sizeof(*c->mark));
	c->stack = xreallocarray(NULL, n, sizeof(*c->stack));
	c->atoms = xreallocarray(NULL, n, sizeof(*c->atoms));
	c->next = xreallocarray(NULL, n, sizeof(*c->next));
	return c;
}

void
dfa_cache_free(struct dfa_cache *c)
{
	if (c == NULL)
		return;
	free(c->mark);
	free(c->stack);
	free(c->atoms);
	free(c->next);
	free(c);
}

static void
new_marks(struct dfa_cache *c)
{
	if (++c->markgen == 0) {
		memset(c->mark, 0, ((size_t)c->nfa->n + 1) * sizeof(*c->mark));
		c->markgen = 1;
	}
}

static void
push_once(struct dfa_cache *c, size_t *sp, uint32_t s)
{
	if (c->mark[s] != c->markgen) {
		c->mark[s] = c->markgen;
		c->stack[(*sp)++] = s;
	}
}

/*
 * The NFA states FROM (N of them) lead to through empty steps and
 * splits, into OUT, sorted: the kernel they make.
 */
static size_t
eps_close(struct dfa_cache *c, const uint32_t *from, size_t n, uint32_t *out)
{
	const struct nfa_state *ns;
	size_t sp = 0, nout = 0, i, j;
	uint32_t s;

	new_marks(c);
	for (i = 0; i < n; i++)
		push_once(c, &sp, from[i]);
	while (sp > 0) {
		s = c->stack[--sp];
		ns = &c->nfa->s[s];
		if (ns->op == NFA_EMPTY || ns->op == NFA_SPLIT) {
			push_once(c, &sp, ns->out);
			if (ns->op == NFA_SPLIT)
				push_once(c, &sp, ns->out1);
			continue;
		}
		/* Insertion sort: kernels are short. */
		for (j = nout++; j > 0 && out[j - 1] > s; j--)
			out[j] = out[j - 1];
		out[j] = s;
	}
	return nout;
}

static int
holds(uint32_t as, uint8_t flags, int next_word, int at_end)
{
	int prev_word = (flags & F_WORD) != 0;

	switch (as) {
	case AS_BOL:
		return (flags & F_START) != 0;
	case AS_EOL:
		return at_end;
	case AS_WORDB:
		return prev_word != next_word;
	default:
		return prev_word == next_word;
	}
}

/*
 * What state S leads to before the next character (a word character or
 * not, or the end): the character states in the cache's atoms[], and
 * whether the match is among them.
 */
static void
closure(struct dfa *d, uint32_t s, int next_word, int at_end)
{
	struct dfa_cache *c = d->cache;
	const struct dstate *ds = &d->st[s];
	const uint32_t *k = d->kernels + ds->kernel;
	const struct nfa_state *ns;
	size_t sp = 0, i;
	uint32_t x;

	new_marks(c);
	c->natoms = 0;
	c->matched = 0;
	for (i = 0; i < ds->nkernel; i++)
		push_once(c, &sp, k[i]);
	while (sp > 0) {
		x = c->stack[--sp];
		ns = &c->nfa->s[x];
		switch (ns->op) {
		case NFA_ATOM:
			c->atoms[c->natoms++] = x;
			break;
		case NFA_MATCH:
			c->matched = 1;
			break;
		case NFA_ASSERT:
			if (holds(ns->arg, ds->flags, next_word, at_end))
				push_once(c, &sp, ns->out);
			break;
		case NFA_EMPTY:
			push_once(c, &sp, ns->out);
			break;
		case NFA_SPLIT:
			push_once(c, &sp, ns->out);
			push_once(c, &sp, ns->out1);
			break;
		}
	}
}

static uint32_t
hash_kernel(const uint32_t *k, size_t n, uint8_t flags)
{
	uint64_t h = 0x9E3779B97F4A7C15ULL ^ flags;
	size_t i;

	for (i = 0; i < n; i++) {
		h = (h ^ k[i]) * 0xFF51AFD7ED558CCDULL;
		h ^= h >> 29;
	}
	return (uint32_t)(h ^ h >> 32);
}

/* Memory taken by D, counted against its share and the common budget. */
static void
charge(struct dfa *d, size_t bytes)
{
	d->used += bytes;
	d->cache->used += bytes;
}

static void
rehash_states(struct dfa *d)
{
	size_t i, j, mask;

	free(d->ids);
	d->capids = d->capids ? 2 * d->capids : 16;
	d->ids = xcalloc(d->capids, sizeof(*d->ids));
	charge(d, d->capids * sizeof(*d->ids));
	mask = d->capids - 1;
	for (i = 1; i < d->nst; i++) {
		for (j = d->st[i].hash & mask; d->ids[j] != 0;
		    j = (j + 1) & mask)
			;
		d->ids[j] = (uint32_t)i;
	}
}

static int
same_state(const struct dfa *d, uint32_t s, const uint32_t *k, size_t n,
    uint8_t flags, uint32_t h)
{
	const struct dstate *ds = &d->st[s];

	return ds->hash == h && ds->flags == flags && ds->nkernel == n &&
	    memcmp(d->kernels + ds->kernel, k, n * sizeof(*k)) == 0;
}

/* The state of kernel K (N states, sorted) and FLAGS; 0 if no room. */
static uint32_t
intern_state(struct dfa *d, const uint32_t *k, size_t n, uint8_t flags)
{
	uint32_t h = hash_kernel(k, n, flags), s;
	struct dstate *ds;
	size_t j, mask, rowcap;

	if (4 * d->nst >= 3 * d->capids)
		rehash_states(d);
	d->st = grow(d->st, &d->capst, d->nst + 1, sizeof(*d->st));
	mask = d->capids - 1;
	for (j = h & mask; (s = d->ids[j]) != 0; j = (j + 1) & mask)
		if (same_state(d, s, k, n, flags, h))
			return s;
	if (d->nst > STATES_MAX)
		return 0;
	rowcap = d->caprows;
	d->rows = grow(d->rows, &d->caprows, d->nst + 1,
	    d->width * sizeof(*d->rows));
	memset(d->rows + d->nst * d->width, 0, d->width * sizeof(*d->rows));
	d->kernels = grow(d->kernels, &d->capkern, d->nkern + n,
	    sizeof(*d->kernels));
	memcpy(d->kernels + d->nkern, k, n * sizeof(*k));
	s = (uint32_t)d->nst++;
	ds = &d->st[s];
	ds->kernel = (uint32_t)d->nkern;
	ds->nkernel = (uint32_t)n;
	ds->hash = h;
	ds->flags = flags;
	ds->match = 0;
	d->nkern += n;
	d->ids[j] = s;
	charge(d, sizeof(*ds) + n * sizeof(*k) +
	    (d->caprows - rowcap) * d->width * sizeof(*d->rows));
	return s;
}

/*
 * Forget every state but the start's, and the memory they took: the
 * budget bounds what the DFAs hold together.
 */
static void
empty_out(struct dfa *d)
{
	struct dfa_cache *c = d->cache;
	size_t n;

	d->gen = c->gen;
	d->capst = d->caprows = d->capkern = INITIAL_CAP;
	d->st = xreallocarray(d->st, d->capst, sizeof(*d->st));
	d->rows = xreallocarray(d->rows, d->caprows * d->width,
	    sizeof(*d->rows));
	d->kernels = xreallocarray(d->kernels, d->capkern,
	    sizeof(*d->kernels));
	free(d->ids);
	free(d->local);
	d->ids = NULL;
	d->local = NULL;
	d->capids = d->nlocal = 0;
	d->nst = 1;
	d->nkern = 0;
	d->used = 0;
	rehash_states(d);
	n = eps_close(c, &d->start, 1, c->next);
	(void)intern_state(d, c->next, n, F_START);
}

static int
has_atom(const struct dfa *d, uint32_t atom)
{
	size_t i;

	for (i = 0; i < d->natoms; i++)
		if (d->atoms[i] == atom)
			return 1;
	return 0;
}

/* The atoms of the pattern from START: what its classes are made of. */
static void
collect_atoms(struct dfa *d)
{
	struct dfa_cache *c = d->cache;
	const struct nfa_state *ns;
	size_t sp = 0;
	uint32_t s;

	d->atoms = xreallocarray(NULL, 1, sizeof(*d->atoms));
	d->atoms[d->natoms++] = 0;	/* \w, for word boundaries */
	new_marks(c);
	push_once(c, &sp, d->start);
	while (sp > 0) {
		s = c->stack[--sp];
		ns = &c->nfa->s[s];
		if (ns->op == NFA_ATOM && !has_atom(d, ns->arg)) {
			d->atoms = xreallocarray(d->atoms, d->natoms + 1,
			    sizeof(*d->atoms));
			d->atoms[d->natoms++] = ns->arg;
		}
		if (ns->op != NFA_MATCH)
			push_once(c, &sp, ns->out);
		if (ns->op == NFA_SPLIT)
			push_once(c, &sp, ns->out1);
	}
	d->words = (d->natoms + 63) / 64;
	d->width = d->natoms + 2 < CLASSES_MAX ? d->natoms + 2 : CLASSES_MAX;
}

struct dfa *
dfa_new(struct dfa_cache *c, uint32_t start)
{
	struct dfa *d = xcalloc(1, sizeof(*d));

	d->cache = c;
	d->alpha = c->nfa->alpha;
	d->ascii = alphabet_ascii(d->alpha);
	d->start = start;
	collect_atoms(d);
	d->sets = xcalloc(d->width + 1, d->words * sizeof(*d->sets));
	d->example = xcalloc(d->width, sizeof(*d->example));
	d->word = xcalloc(d->width, 1);
	empty_out(d);
	return d;
}

void
dfa_free(struct dfa *d)
{
	if (d == NULL)
		return;
	free(d->atoms);
	free(d->local);
	free(d->sets);
	free(d->example);
	free(d->word);
	free(d->st);
	free(d->rows);
	free(d->kernels);
	free(d->ids);
	free(d);
}

/* The DFA's class of alphabet class G, found now; -1 if too many. */
static int
map_class(struct dfa *d, uint32_t g)
{
	uint64_t *set = d->sets + d->width * d->words;	/* the spare row */
	size_t i, old = d->nlocal;

	memset(set, 0, d->words * sizeof(*set));
	for (i = 0; i < d->natoms; i++)
		if (alphabet_has(d->alpha, g, d->atoms[i]))
			set[i >> 6] |= (uint64_t)1 << (i & 63);
	for (i = 0; i < d->nclasses; i++)
		if (memcmp(d->sets + i * d->words, set,
		    d->words * sizeof(*set)) == 0)
			break;
	if (i == d->width)
		return -1;
	if (i == d->nclasses) {
		memcpy(d->sets + i * d->words, set, d->words * sizeof(*set));
		d->example[i] = g;
		d->word[i] = (uint8_t)(set[0] & 1);
		d->nclasses++;
	}
	if (g >= d->nlocal) {
		d->nlocal = g + 64;
		d->local = xreallocarray(d->local, d->nlocal, 1);
		memset(d->local + old, 0, d->nlocal - old);
		charge(d, d->nlocal - old);
	}
	d->local[g] = (uint8_t)(i + 1);
	return (int)i;
}

/*
 * The row's entry for S and a character of class CLS, made now; 0 when
 * the DFAs have no room.
 */
static uint16_t
step(struct dfa *d, uint32_t s, uint32_t cls)
{
	struct dfa_cache *c = d->cache;
	int word = d->word[cls], matched;
	uint32_t g = d->example[cls], t;
	size_t i, n = 0;

	if (c->used > 2 * DFA_MEM)
		return 0;
	closure(d, s, word, 0);
	matched = c->matched;
	for (i = 0; i < c->natoms; i++)
		if (alphabet_has(d->alpha, g, c->nfa->s[c->atoms[i]].arg))
			c->next[n++] = c->nfa->s[c->atoms[i]].out;
	n = eps_close(c, c->next, n, c->atoms);
	if ((t = intern_state(d, c->atoms, n, word ? F_WORD : 0)) == 0)
		return 0;
	d->rows[s * d->width + cls] = (uint16_t)(t | (n == 0 ? T_DEAD : 0) |
	    (matched ? T_MATCH : 0));
	return d->rows[s * d->width + cls];
}

static int
ends_in_break(const char *s, size_t len)
{
	const unsigned char *e = (const unsigned char *)s + len;

	if (len == 0)
		return 0;
	if (e[-1] == '\n' || e[-1] == '\r' || e[-1] == '\v' || e[-1] == '\f')
		return 1;
	/* U+0085, U+2028, U+2029. */
	return (len >= 2 && e[-2] == 0xC2 && e[-1] == 0x85) ||
	    (len >= 3 && e[-3] == 0xE2 && e[-2] == 0x80 &&
	    (e[-1] == 0xA8 || e[-1] == 0xA9));
}

/* Empty every DFA when the budget is spent; give up if too often. */
static void
check_budget(struct dfa_cache *c, size_t len)
{
	c->since_flush += len;
	if (c->used <= DFA_MEM)
		return;
	if (c->flushed && c->since_flush < FLUSH_MIN)
		c->given_up = 1;
	c->flushed = 1;
	c->since_flush = 0;
	c->used = 0;
	c->gen++;
}

/*
 * One DFA may not take more than its share of the budget: a pattern
 * whose states have no end (the seventeenth character from the end is
 * an a) empties itself, and gives its rule back to PCRE2 if it fills
 * its share again within FLUSH_MIN, without emptying all the others.
 */
static void
check_share(struct dfa *d, size_t len)
{
	d->since_empty += len;
	if (d->used <= DFA_MEM / SHARES && d->nst <= STATES_MAX)
		return;
	if (d->emptied && d->since_empty < FLUSH_MIN)
		d->given_up = 1;
	d->emptied = 1;
	d->since_empty = 0;
	empty_out(d);
}

/* Does state S hold the match at the end of the block? */
static int
matches_at_end(struct dfa *d, uint32_t s)
{
	if (!(d->st[s].match & K_END)) {
		closure(d, s, 0, 1);
		d->st[s].match |= K_END | (d->cache->matched ? M_END : 0);
	}
	return (d->st[s].match & M_END) != 0;
}

int
dfa_match(struct dfa *d, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	const uint32_t *ascii = d->ascii;
	const uint16_t *rows;
	const uint8_t *local;
	uint32_t st = 1, g;
	size_t nlocal;
	uint16_t t;
	int cls;

	if (d->given_up || ends_in_break(s, len))
		return -1;
	check_budget(d->cache, len);
	check_share(d, len);
	if (d->cache->given_up || d->given_up)
		return -1;
	if (d->gen != d->cache->gen)
		empty_out(d);
	/* Fields the loop reads, kept where stores cannot clobber them. */
	rows = d->rows;
	local = d->local;
	nlocal = d->nlocal;
	while (p < end) {
		g = *p < 0x80 ? ascii[*p++] :
		    alphabet_lookup(d->alpha, utf8_decode(&p));
		if (g < nlocal && local[g] != 0)
			cls = local[g] - 1;
		else if ((cls = map_class(d, g)) < 0)
			return -1;
		else {
			local = d->local;
			nlocal = d->nlocal;
		}
		if ((t = rows[st * d->width + (uint32_t)cls]) == 0) {
			if ((t = step(d, st, (uint32_t)cls)) == 0)
				return -1;
			rows = d->rows;
		}
		if (t & T_MATCH)
			return 1;
		if (t & T_DEAD)
			return 0;
		st = t & T_STATE;
	}
	return matches_at_end(d, st);
}
