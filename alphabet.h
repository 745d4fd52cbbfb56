/*
 * The alphabet of the rules' automaton: which atoms of the patterns a
 * character satisfies, and so which class of characters it is in.
 */
#ifndef ALPHABET_H
#define ALPHABET_H

#include <stddef.h>
#include <stdint.h>

/*
 * An atom is one character of a pattern, caseless or not, or a class
 * that PCRE2 reads ("\d", "[^»›]", ".", "\p{Lu}").  Characters that
 * satisfy the same atoms make one class; the automaton's transitions are
 * by class.  Atom 0 is \w, which word boundaries ask about.
 */
struct alphabet;

struct alphabet	*alphabet_new(void);
void		 alphabet_free(struct alphabet *);
/* The atom of character CP, added if new. */
uint32_t	 alphabet_char(struct alphabet *, uint32_t cp, int caseless);
/*
 * The atom of the class written SRC (LEN bytes), added if new; -1 when
 * PCRE2 does not take it as a class.
 */
int64_t		 alphabet_class(struct alphabet *, const char *src, size_t len,
		    int caseless);
/* The atoms' number. */
uint32_t	 alphabet_atoms(const struct alphabet *);
/*
 * The class of CP, found the first time CP is asked about.  No atom may
 * be added after the first question.
 */
uint32_t	 alphabet_lookup(struct alphabet *, uint32_t cp);
/* Does class CLS satisfy atom ATOM?  Is it a word character? */
int		 alphabet_has(const struct alphabet *, uint32_t cls, uint32_t atom);
int		 alphabet_word(const struct alphabet *, uint32_t cls);
/* The classes of the characters below 128, by character. */
const uint32_t	*alphabet_ascii(struct alphabet *);
/*
 * The character that PCRE2 matches caselessly with exactly the same
 * characters as CP (its case key): see alphabet.c.
 */
uint32_t	 alphabet_case_key(uint32_t cp);

#endif
