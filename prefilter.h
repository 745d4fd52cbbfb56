/*
 * What a rule's matches must contain, read from its pattern, so that
 * a matcher that cannot match a block is not asked to.
 */
#ifndef PREFILTER_H
#define PREFILTER_H

#include <stddef.h>
#include <stdint.h>

/* The strings one pattern's matches need; see prefilter.c. */
struct needs {
	char	**need;		/* every match holds one of these ... */
	size_t	  nneed;	/* ... (0: nothing known) */
	char	**start;	/* every match starts with one of these ... */
	size_t	  nstart;	/* ... (0: nothing known) */
	/* A bit per byte a match can start with (folded); NULL: any byte. */
	unsigned char *first;
};

/* Read PATTERN (compiled caseless, UTF, UCP); free with needs_free. */
void	needs_read(struct needs *, const char *pattern);
void	needs_free(struct needs *);

/*
 * Patterns, numbered from 0, each belonging to an owner (a matcher),
 * and one block's questions about them.
 */
struct prefilter;

struct prefilter *prefilter_new(size_t npatterns, size_t nowners);
void	prefilter_free(struct prefilter *);
/*
 * A FLOATING pattern is tried all along a block, an anchored one at its
 * start; MAXLEN is its length limit, 0 for none.
 */
void	prefilter_add(struct prefilter *, size_t id, size_t owner,
	    const char *pattern, int floating, size_t maxlen);
/* After the last prefilter_add. */
void	prefilter_build(struct prefilter *);

/*
 * The block the next questions are about, LEN bytes, NCHARS characters;
 * S must stay until the next.
 */
void	prefilter_reset(struct prefilter *, const char *s, size_t len,
	    size_t nchars);
/* 0 when no match of pattern ID can lie in the block. */
int	prefilter_may_match(struct prefilter *, size_t id);
/*
 * The anchored patterns that may match at the block's start: their
 * count, and (owner << 32 | id) values in increasing order in *IDS.
 */
size_t	prefilter_starts(struct prefilter *, const uint64_t **ids);
/* How many patterns of OWNER may match somewhere in the block. */
size_t	prefilter_hits(struct prefilter *, size_t owner);
/*
 * The floating owners some pattern of which may match in the block: their
 * count, and their numbers in increasing order in *OWNERS.
 */
size_t	prefilter_floating(struct prefilter *, const uint32_t **owners);

#endif
