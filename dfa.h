/*
 * One pattern of the NFA as a DFA built as blocks need it: whether it
 * matches at a block's start.
 */
#ifndef DFA_H
#define DFA_H

#include <stddef.h>
#include <stdint.h>

#include "nfa.h"

/* The memory and scratch space all DFAs of one NFA share. */
struct dfa_cache;
struct dfa;

struct dfa_cache *dfa_cache_new(const struct nfa *);
void		 dfa_cache_free(struct dfa_cache *);
/* The pattern whose first state is START; the NFA must be complete. */
struct dfa	*dfa_new(struct dfa_cache *, uint32_t start);
void		 dfa_free(struct dfa *);
/*
 * Does the pattern match S (LEN bytes of valid UTF-8) from its start?
 * 1 or 0; -1 when the DFA cannot say: S ends in a line break, which $
 * would see, or the DFAs fill their memory faster than blocks come.
 */
int		 dfa_match(struct dfa *, const char *s, size_t len);

#endif
