/*
 * Patterns read into one NFA, which dfa.c runs.  The subset of PCRE2
 * read is what rule files use: characters, classes, ".", escapes of
 * classes and characters, groups, alternation, the quantifiers (lazy
 * ones match the same blocks), the option i, ^, $, \A, \z, \Z, \b and
 * \B.  Anything else (lookaround, back-references, other options,
 * verbs) makes nfa_add refuse the pattern, which PCRE2 then matches.
 */
#ifndef NFA_H
#define NFA_H

#include <stddef.h>
#include <stdint.h>

#include "alphabet.h"

enum nfa_op {
	NFA_ATOM,	/* one character that satisfies atom ARG */
	NFA_SPLIT,	/* OUT and OUT1 */
	NFA_EMPTY,	/* OUT */
	NFA_ASSERT,	/* OUT, where ARG (enum nfa_assert) holds */
	NFA_MATCH	/* a match of the pattern tagged ARG */
};

enum nfa_assert { AS_BOL, AS_EOL, AS_WORDB, AS_NWORDB };

struct nfa_state {
	uint8_t		op;
	uint32_t	arg;
	uint32_t	out, out1;
};

struct nfa {
	struct nfa_state *s;
	uint32_t	 n, cap;
	struct alphabet	*alpha;
};

struct nfa	*nfa_new(struct alphabet *);
void		 nfa_free(struct nfa *);
/*
 * PATTERN (LEN bytes, valid, as PCRE2 compiles rules: caseless, UTF,
 * UCP) added, its match tagged TAG; its first state in *START.  0, or
 * -1 when the pattern is beyond the subset: then nothing is added.
 */
int		 nfa_add(struct nfa *, const char *pattern, size_t len,
		    uint32_t tag, uint32_t *start);

#endif
