#ifndef STOPWORDS_H
#define STOPWORDS_H
#include <stddef.h>
#include <stdint.h>
enum { LANG_NONE = -1 };
int stopword_lang_count(void);            /* number of languages embedded (<= 64) */
const char *stopword_lang_code(int lang);   /* "en", "fr", ...; NULL if out of range */
int stopword_lang_index(const char *code);  /* -1 when unknown */
/* Bitmask (bit i = language i) of the languages in which WORD (lowercase,
 * NFC UTF-8, LEN bytes, no NUL byte, not NUL-terminated) is a stop word;
 * 0 if none. */
uint64_t stopword_langs(const char *word, size_t len);
/* No word longer than this many bytes is a stop word. */
#define STOPWORD_MAX 64
/* The same, faster, for a WORD of at most STOPWORD_MAX bytes that can be
 * read up to a multiple of eight bytes (what follows LEN is ignored). */
uint64_t stopword_langs_padded(const char *word, size_t len);
/* The same for a word of 1 to 8 bytes given as HEAD: its bytes as
 * load_le64 reads them, zeros past LEN. */
uint64_t stopword_langs_head(uint64_t head, size_t len);
/* Language detection by stop-word overlap: feed words, then ask. */
struct langguess { uint32_t hits[64]; uint32_t words; };
void langguess_init(struct langguess *g);
void langguess_add(struct langguess *g, uint64_t mask);  /* mask from stopword_langs */
int langguess_best(const struct langguess *g);  /* LANG_NONE if too little evidence */
#endif
