/*
 * Rule files: one rule per line, "ACTION[:MAXLEN] PATTERN".
 * The language is documented in newsclean.1.
 */
#ifndef RULES_H
#define RULES_H

#include <stddef.h>

enum action { ACT_CUT, ACT_KEEP, ACT_STOP, ACT_DROP, ACT_COUNT };

struct rule {
	const char	*file;		/* name shown in messages and --explain */
	unsigned	 line;
	enum action	 action;
	size_t		 maxlen;	/* in characters; 0: any length */
	char		*pattern;
	unsigned long	 hits;
	int		 warned;	/* match-limit warning already given */
};

struct ruleset;

struct ruleset	*ruleset_new(void);
void		 ruleset_free(struct ruleset *);

/*
 * Parse rule text from FILE (a name for messages).  Every problem is
 * reported on stderr as "newsclean: FILE:LINE:COL: message"; the return
 * value is the number of problems (0: all rules were added).
 */
int		 ruleset_parse(struct ruleset *, const char *file,
		    const char *text, size_t len);

/* Group what was parsed into matchers, and build the prefilter. */
void		 ruleset_compile(struct ruleset *);

size_t		 ruleset_count(const struct ruleset *);
struct rule	*ruleset_rule(struct ruleset *, size_t);
size_t		 ruleset_maxlen(const struct ruleset *, enum action);

/*
 * Remove the text that "cut" rules match from S (LEN bytes, valid UTF-8)
 * in place; returns the new length.  *FIRED is set to the first rule
 * that cut something, or left alone.
 */
size_t		 ruleset_cut(struct ruleset *, char *s, size_t len,
		    struct rule **fired);

/*
 * A block through every rule: the cut rules edit S in place (as
 * ruleset_cut, setting *LEN and *CUT), then the first keep, stop or drop
 * rule, tried in that order, that matches what remains is returned, or
 * NULL.
 */
struct rule	*ruleset_apply(struct ruleset *, char *s, size_t *len,
		    struct rule **cut);

/*
 * The rule of action ACT that matches S (NCHARS characters), or NULL.
 * Rules whose MAXLEN is below NCHARS are not tried.
 */
struct rule	*ruleset_match(struct ruleset *, enum action act,
		    const char *s, size_t len, size_t nchars);

const char	*action_name(enum action);

#endif
