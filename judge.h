/*
 * Judgement: what a block looks like (signals), and what class that
 * makes it before its neighbours are considered.
 */
#ifndef JUDGE_H
#define JUDGE_H

#include <stddef.h>
#include <stdint.h>

#include "stopwords.h"

enum ending { END_NONE, END_COLON, END_SENTENCE };

struct features {
	uint32_t	chars;		/* characters */
	uint32_t	words;		/* words, counting scripts without spaces */
	uint32_t	stopwords;	/* in the document's language */
	uint32_t	capwords;	/* words that begin with a capital */
	uint32_t	letters;
	uint32_t	digits;
	uint32_t	sentences;	/* sentence marks followed by a space or the end */
	uint32_t	separators;	/* menu and breadcrumb separators */
	uint32_t	commas;
	uint64_t	langs;		/* languages any word is a stop word in */
	uint16_t	urls, handles, hashtags;
	uint8_t		ending;		/* enum ending */
	uint8_t		label;		/* "Label: value" shape */
	uint8_t		nospaces;	/* mostly Chinese, Japanese or Thai */
};

enum class { CLS_BAD, CLS_SHORT, CLS_NEARGOOD, CLS_GOOD };

/*
 * Compute the signals of S.  Stop words are counted for LANG (or not at
 * all for LANG_NONE); when G is not NULL each word's languages are added
 * to it for language detection.
 */
void		 features_scan(struct features *, const char *s, size_t len,
		    int lang, struct langguess *g);
/*
 * SCALE (at most 1) lowers the stop-word thresholds for a document whose
 * prose has fewer stop words than usual: see document.c.
 */
enum class	 judge_class(const struct features *, int lang, double scale);
double		 stopword_density(const struct features *);
const char	*class_name(enum class);

#endif
