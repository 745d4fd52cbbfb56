/*
 * One document: its blocks pass through a look-ahead window, where rules
 * and judgement decide each one with its neighbours in view.
 */
#ifndef DOCUMENT_H
#define DOCUMENT_H

#include <stddef.h>

#include "judge.h"
#include "normalize.h"
#include "rules.h"

/*
 * A line handed over in pieces: the reader could not hold it whole.
 * LINE_STAYS: its bytes stay where they are until the reader's release
 * callback, so a stage that holds lines need not copy them at once.
 */
enum { LINE_MORE = 1, LINE_CONT = 2, LINE_STAYS = 4 };
/* Which part of a block a delivery is. */
enum { PART_BEGIN = 1, PART_END = 2, PART_WHOLE = 3 };

enum reason {
	WHY_RULE,	/* a keep, drop or stop rule */
	WHY_AFTER_STOP,	/* after a stop rule took effect */
	WHY_CUT,	/* cut rules left nothing */
	WHY_REPEAT,	/* the same block came earlier */
	WHY_EMBED,	/* the text of an embedded post */
	WHY_CAPTION,	/* a label between paragraphs */
	WHY_AUTHOR,	/* an author box after the article */
	WHY_REPEATED_ACROSS,	/* in --repeated=N documents */
	WHY_JUDGE,	/* class and context */
	WHY_NONE	/* judgement is off */
};

struct decision {
	int			 keep;
	enum reason		 why;
	const struct rule	*rule;
	const struct features	*f;
	enum class		 cls;
	int			 lang;
	const char		*context;	/* what judgement saw around it */
};

struct doc_config {
	struct ruleset		*rules;
	struct normalizer	*norm;
	int			 judge;
	/* Every block, kept or not, in input order. */
	void			(*deliver)(void *ctx, const struct decision *,
				    const char *s, size_t len, unsigned part);
	void			*ctx;
	/*
	 * Chrome found across documents (--repeated), or NULL: counts
	 * block S and says whether it is chrome now.
	 */
	int			(*across)(void *ctx, const char *s, size_t len);
	void			*across_ctx;
};

struct document;

struct document	*document_new(const struct doc_config *);
void		 document_free(struct document *);
void		 document_begin(struct document *);
void		 document_line(struct document *, const char *s, size_t len,
		    unsigned flags);
void		 document_end(struct document *);
const char	*reason_name(enum reason);

#endif
