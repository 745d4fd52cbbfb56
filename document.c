/*
 * The look-ahead window.
 *
 * A block is decided when WINDOW more blocks have arrived after it (or
 * the document ends, or the window holds too many bytes), so output
 * starts long before the input ends while every decision can still see
 * what follows: the paragraph after a heading, the attribution line after
 * an embedded post, the stop marker after an author box.  What came
 * before is remembered as a few classes, never as text.
 *
 * Block text lives in one arena; the window's blocks occupy one
 * contiguous live region of it, which is moved to the front when the
 * arena's end is reached, so steady state allocates nothing.  A line is
 * normalized right after the live region, and the rules edit it there:
 * added to the window, it is not copied again.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "document.h"
#include "utf8.h"
#include "util.h"

#define WINDOW		48
_Static_assert(WINDOW <= 64, "a window's good blocks are one word's bits");
/* The window's blocks in a ring of a power of two slots: no division. */
#define RING		64
_Static_assert(WINDOW <= RING && (RING & (RING - 1)) == 0, "ring too small");
#ifndef LIVE_MAX		/* fuzz builds make it small, to reach the limit */
#define LIVE_MAX	(2 * 1024 * 1024)
#endif
/*
 * At most SEEN_MAX blocks are remembered, in twice as many slots as
 * three quarters full would need, so that a miss probes a slot or two.
 */
#define SEEN_MAX	3072
#define SEEN_SLOTS	8192		/* power of two */

/*
 * The judgement constants below are round numbers set by a coarse search
 * over two public evaluation sets (some 340 pages in a dozen languages),
 * the same for every page; none is fitted to a site.
 *
 * A stop marker ends nothing before this much article text was kept.
 */
#define STOP_MIN_WORDS	60
/*
 * Blocks between two good ones, at most GAP apart, belong to the
 * article: sub-headings, list items, short quotes.  A heading is a
 * short block at most HEADING_GAP blocks before a good one: the title
 * right above the text, not the section name above the title.
 */
#define GAP		2
#define HEADING_GAP	1
/*
 * Good blocks at most RUN_GAP blocks apart make one run of prose: one
 * sub-heading and a picture caption between paragraphs do not split it.
 */
#define RUN_GAP		2
/*
 * The article goes on after a figure, a table or a code listing: prose
 * that resumes at most RESUME_GAP blocks after a kept run, with no block
 * between that bears a mark of chrome, continues it whatever its size.
 */
#define RESUME_GAP	12
/*
 * A run of prose of fewer words than MINOR_RUN_WORDS is chrome when a
 * run MINOR_RUN_RATIO times larger is known: one or two sentences in a
 * footer against an article of paragraphs.
 */
#define MINOR_RUN_WORDS	120
#define MINOR_RUN_RATIO	4
/* A run still to come must be larger still: the article tends to come first. */
#define LATER_RUN_RATIO	10
/* A run of one good block weighs this many times less. */
#define LONE_DISCOUNT	2
/*
 * Datelines are short and mostly digits; two inside a run make a
 * thread, and so do two runs each after its own dateline.  A dateline
 * is never a heading: teaser streams put one above each summary.
 */
#define DATELINE_WORDS	10
#define THREAD_DATES	2
#define THREAD_POSTS	2

/* A caption or a name is at most this many words. */
#define LABEL_WORDS	4
/*
 * A list in the article (teams, ingredients, steps) is LIST_ITEMS blocks
 * or more of one shape, each of LIST_WORDS words or more, their counts
 * at most LIST_SPREAD plus half apart, starting right after prose; a
 * menu's items are shorter, and rules take most of them.
 */
#define LIST_WORDS	4
#define LIST_SPREAD	2
#define LIST_ITEMS	4
/*
 * Most scrapers put a blank line between the blocks of a page and none
 * between the lines of one block (a <br>, a <pre>, a poem, an address,
 * a table row split into lines).  Where blank lines part at least one
 * block in GROUPED_SHARE, lines with none between them are one group:
 * distances are counted in groups, a short line inside a group in the
 * article is kept with it, and no line of a group is a caption.  On the
 * evaluation sets five words in six on such lines are article text.
 */
#define GROUPED_SHARE	2

struct pending {
	size_t		 off, len;
	struct rule	*rule;		/* keep, stop or drop rule that matched */
	struct rule	*cutrule;
	enum class	 cls;
	uint8_t		 repeat, emptied, embed_credit, namelike, dateline;
	uint8_t		 across;	/* chrome across documents */
	/* Last, set by features_scan as the block is classed: see add_block. */
	struct features	 f;
};

/* The rule beside the hash, so that a repeat costs one cache line. */
struct seen_slot {
	uint64_t	 hash;
	struct rule	*rule;	/* when ruled: what matched */
	uint32_t	 gen;
	uint32_t	 ruled;	/* == gen: the rules ran on it and cut nothing */
};

struct document {
	struct doc_config cfg;
	struct pending	 win[RING];
	size_t		 first, count;
	/*
	 * Bit I: the block at I is good and judged.  Decisions look ahead
	 * for the next one, over a window that is mostly chrome at times.
	 */
	uint64_t	 good;
	/* Bit I: no blank line came before the block at I. */
	uint64_t	 grouped;
	struct buf	 arena;
	size_t		 live;		/* start of the live region */
	enum docenc	 enc;
	int		 lang;
	struct langguess guess;		/* from the document's prose */
	struct langguess blockguess;	/* from the block being scanned */
	/* Each block's stop words in the languages of its f.langs. */
	uint32_t	 langhits[RING][64];
	uint32_t	 guess_words;	/* guess.words when LANG was chosen */
	/* prose_words and prose_stop when the judgement was last settled */
	unsigned long	 settled_words, settled_stop;
	unsigned long	 prose_words;	/* words of the sentences seen ... */
	unsigned long	 prose_stop;	/* ... and their stop words */
	double		 scale;		/* of the stop-word thresholds */
	struct seen_slot *seen;
	size_t		 nseen;
	uint32_t	 gen;
	int		 stopped;
	unsigned	 kept_good;
	unsigned long	 kept_words;	/* words of the good blocks kept */
	unsigned	 since_good;	/* blocks decided since the last one */
	int		 marked;	/* ... one of them looked like chrome */
	int		 in_list;	/* the last block kept was a list item */
	int		 listed;	/* the block being decided is one */
	int		 dated;		/* a dateline since the last good block */
	unsigned	 posts;		/* runs of prose that followed one */
	struct features	 list_item;	/* ... and looked like this */
	int		 run_kept;	/* the current run of prose is article */
	unsigned long	 run_words;	/* words of the current run kept */
	unsigned long	 best_run;	/* words of the largest run kept */
	int		 huge;		/* a block is being streamed */
	struct decision	 huge_d;
	struct decision	 dec;		/* of the block being decided */
	struct features	 huge_f;
	/* 64 bits: a document of many gigabytes must not wrap them. */
	uint64_t	 blocks;
	uint64_t	 blanks;	/* runs of blank lines seen */
	int		 blank_before;	/* ... one right before this block */
};

static const char *const reason_names[] = {
	"rule", "after-stop", "cut", "repeat", "embedded-post", "caption",
	"author-box", "repeated-across", "judge", "no-judge"
};

const char *
reason_name(enum reason r)
{
	return reason_names[r];
}

struct document *
document_new(const struct doc_config *cfg)
{
	struct document *d;

	d = xcalloc(1, sizeof(*d));
	d->cfg = *cfg;
	d->seen = xcalloc(SEEN_SLOTS, sizeof(*d->seen));
	return d;
}

void
document_free(struct document *d)
{
	if (d == NULL)
		return;
	buf_free(&d->arena);
	free(d->seen);
	free(d);
}

void
document_begin(struct document *d)
{
	d->first = d->count = 0;
	d->good = d->grouped = 0;
	d->arena.len = d->live = 0;
	d->enc = ENC_UNKNOWN;
	d->lang = LANG_NONE;
	langguess_init(&d->guess);
	langguess_init(&d->blockguess);
	d->guess_words = 0;
	d->settled_words = d->settled_stop = 0;
	d->prose_words = d->prose_stop = 0;
	d->scale = 1.0;
	d->nseen = 0;
	/* Bumping the generation forgets every slot without clearing them. */
	if (++d->gen == 0) {
		memset(d->seen, 0, SEEN_SLOTS * sizeof(*d->seen));
		d->gen = 1;
	}
	d->stopped = 0;
	d->kept_good = 0;
	d->kept_words = 0;
	d->since_good = WINDOW;
	d->marked = 0;
	d->in_list = d->listed = d->dated = 0;
	d->posts = 0;
	d->run_kept = 0;
	d->run_words = d->best_run = 0;
	d->huge = 0;
	d->blocks = 0;
	d->blanks = 0;
	d->blank_before = 1;
}

static struct pending *
at(struct document *d, size_t i)
{
	return &d->win[(d->first + i) & (RING - 1)];
}

static const char *
text_of(const struct document *d, const struct pending *p)
{
	return d->arena.data + p->off;
}

/*
 * The slot of the text hashing to H: where it is, if it was seen in the
 * document, else the free slot where it would go.
 */
static struct seen_slot *
seen_slot(struct document *d, uint64_t h)
{
	size_t i = (size_t)h & (SEEN_SLOTS - 1);

	while (d->seen[i].gen == d->gen && d->seen[i].hash != h)
		i = (i + 1) & (SEEN_SLOTS - 1);
	return &d->seen[i];
}

/*
 * Was the text of SL (hashing to H) seen before in the document?
 * Remembers it if not.  Once the table is full, new blocks are no longer
 * remembered: repeats of them go undetected, which keeps text rather
 * than losing it.
 */
static int
seen_before(struct document *d, struct seen_slot *sl, uint64_t h)
{
	if (sl->gen == d->gen)
		return 1;
	if (d->nseen < SEEN_MAX) {
		sl->hash = h;
		sl->gen = d->gen;
		d->nseen++;
	}
	return 0;
}

/*
 * Pages repeat their chrome ("Reply", "Share", a menu above and below
 * the article): a quarter of the blocks of a page are repeats.  The
 * rules are a function of the text alone, so what they found the first
 * time holds for each repeat, which is spared them; blocks the rules cut
 * are not remembered so, there being more than one result to keep.
 */
static void
remember_rule(struct document *d, struct seen_slot *sl, struct rule *rule)
{
	if (sl->gen != d->gen)
		return;
	sl->ruled = d->gen;
	sl->rule = rule;
}

/* "— Name (@handle) date": the line that closes an embedded post. */
static int
embed_credit(const char *s, size_t len)
{
	return len > 4 && (memcmp(s, "\xE2\x80\x94 ", 4) == 0 ||
	    memcmp(s, "\xE2\x80\x93 ", 4) == 0 || memcmp(s, "- ", 2) == 0) &&
	    memmem(s, len, "(@", 2) != NULL;
}

/* A few capitalized words, no stop word, no punctuation: a name or label. */
static int
name_like(const struct features *f)
{
	return f->words >= 1 && f->words <= LABEL_WORDS &&
	    f->capwords == f->words && f->stopwords == 0 &&
	    f->ending == END_NONE && f->digits == 0 && f->commas == 0;
}

/*
 * Only blocks of some length vote for the document's language: menus
 * of country names and brand words would otherwise outvote the prose.
 */
#define LANG_VOTE_WORDS 12

/*
 * The block's stop words in each language go to the document's guess,
 * if it votes, and to KEEP, if not NULL: see langhits_of.
 */
static inline void
vote_language(struct document *d, const struct features *f, uint32_t *keep)
{
	uint64_t m;
	unsigned i;

	for (m = f->langs; m != 0; m &= m - 1) {
		i = lowest_bit(m);
		if (keep != NULL)
			keep[i] = d->blockguess.hits[i];
		if (f->words >= LANG_VOTE_WORDS)
			d->guess.hits[i] += d->blockguess.hits[i];
		d->blockguess.hits[i] = 0;
	}
	if (f->words >= LANG_VOTE_WORDS)
		d->guess.words += f->words;
}

/*
 * "August 8, 2018 at 7:21 pm", "2 days ago at 07:52": mostly numbers,
 * with a word or two; a bare "1969" is a table cell.
 */
static int
dateline(const struct features *f)
{
	return f->words <= DATELINE_WORDS && f->digits >= 3 &&
	    f->letters >= 3 && 3 * f->digits >= f->letters;
}

/*
 * Stop-word lists cover languages unequally: Turkish or Finnish put in
 * suffixes what English says in little words, so their prose has half
 * the usual share of stop words.  The share in the document's own
 * sentences, against PROSE_STOPWORDS (that of prose in the languages the
 * thresholds were set on), scales the thresholds down, never up.
 */
#define PROSE_STOPWORDS	0.40
#define PROSE_MIN_WORDS	60
#define SCALE_MIN	0.3
#define SCALE_STEP	0.05

static void
count_prose(struct document *d, const struct features *f)
{
	if (f->words >= LANG_VOTE_WORDS && f->ending == END_SENTENCE) {
		d->prose_words += f->words;
		d->prose_stop += f->stopwords;
	}
}

static double
threshold_scale(const struct document *d)
{
	double share;

	if (d->lang == LANG_NONE || d->prose_words < PROSE_MIN_WORDS)
		return 1.0;
	share = (double)d->prose_stop / d->prose_words / PROSE_STOPWORDS;
	return share >= 1.0 ? 1.0 : share < SCALE_MIN ? SCALE_MIN : share;
}

/*
 * The block's stop words in each language, kept so that a change of
 * language counts them again without scanning the block again.
 */
static uint32_t *
langhits_of(struct document *d, const struct pending *p)
{
	return d->langhits[p - d->win];
}

static uint32_t
stopwords_in(const struct document *d, const struct pending *p, int lang)
{
	if (lang == LANG_NONE || !(p->f.langs >> lang & 1))
		return 0;
	return d->langhits[p - d->win][lang];
}

/* A block judged on its own merits: no rule hit it, and it is new. */
static int
judged(const struct pending *p)
{
	return p->rule == NULL && !p->emptied && !p->repeat && !p->across;
}

static inline void
note_good(struct document *d, size_t i)
{
	const struct pending *p = at(d, i);

	if (p->cls == CLS_GOOD && judged(p))
		d->good |= (uint64_t)1 << i;
	else
		d->good &= ~((uint64_t)1 << i);
}

/* The block just added, at the window's end. */
static void
classify(struct document *d, struct pending *p)
{
	features_scan(&p->f, text_of(d, p), p->len, d->lang, &d->blockguess);
	vote_language(d, &p->f, langhits_of(d, p));
	count_prose(d, &p->f);
	p->cls = judge_class(&p->f, d->lang, d->scale);
	p->namelike = (uint8_t)name_like(&p->f);
	p->dateline = (uint8_t)dateline(&p->f);
	note_good(d, d->count - 1);
}

/*
 * The language is the best guess from the prose seen so far; when more
 * prose changes the guess, the blocks still in the window are counted
 * again in the new language.  When the stop-word scale moves, they are
 * classed again.
 */
static void
settle(struct document *d)
{
	struct pending *p;
	double scale;
	int best;
	size_t i;

	if (d->guess.words != d->guess_words) {
		d->guess_words = d->guess.words;
		best = langguess_best(&d->guess);
		if (best != d->lang) {
			d->lang = best;
			d->prose_words = d->prose_stop = 0;
			for (i = 0; i < d->count; i++) {
				p = at(d, i);
				if (p->emptied)
					continue;
				p->f.stopwords = stopwords_in(d, p, d->lang);
				count_prose(d, &p->f);
			}
			d->scale = -1.0;
		}
	}
	d->settled_words = d->prose_words;
	d->settled_stop = d->prose_stop;
	scale = threshold_scale(d);
	if (scale - d->scale < SCALE_STEP && d->scale - scale < SCALE_STEP)
		return;
	d->scale = scale;
	for (i = 0; i < d->count; i++) {
		p = at(d, i);
		if (p->emptied)
			continue;
		p->cls = judge_class(&p->f, d->lang, d->scale);
		p->namelike = (uint8_t)name_like(&p->f);
		note_good(d, i);
	}
}

/* Settle the judgement, unless nothing it depends on moved since. */
static void
settle_judgement(struct document *d)
{
	if (d->guess.words != d->guess_words ||
	    d->prose_words != d->settled_words ||
	    d->prose_stop != d->settled_stop)
		settle(d);
}

static void
deliver(struct document *d, const struct decision *dec, const char *s,
    size_t len, unsigned part)
{
	d->cfg.deliver(d->cfg.ctx, dec, s, len, part);
}

/* Words of the good blocks in view after the oldest. */
static unsigned long
prose_ahead(struct document *d)
{
	unsigned long words = 0;
	uint64_t m;

	for (m = d->good & ~(uint64_t)1; m != 0; m &= m - 1)
		words += at(d, lowest_bit(m))->f.words;
	return words;
}

/* The document parts its blocks by blank lines: see GROUPED_SHARE. */
static int
grouping(const struct document *d)
{
	return GROUPED_SHARE * d->blanks >= d->blocks;
}

/* The block at I is a line of the group above it. */
static int
grouped_at(const struct document *d, size_t i)
{
	return (d->grouped >> i & 1) && grouping(d);
}

/*
 * How many groups away from the oldest block the block at I is: less
 * the lines of a group, which are few, than blocks away.
 */
static size_t
groups_to(const struct document *d, size_t i)
{
	uint64_t m;
	size_t n = i;

	if (i >= d->count || !grouping(d))
		return i;
	for (m = d->grouped & (((uint64_t)2 << i) - 2); m != 0; m &= m - 1)
		n--;
	return n;
}

/* Index of the first good block after I; WINDOW if none is in view. */
static size_t
next_good_after(struct document *d, size_t i)
{
	uint64_t m = i + 1 < WINDOW ? d->good >> (i + 1) : 0;

	return m == 0 ? WINDOW : i + 1 + lowest_bit(m);
}

/*
 * Blocks strictly between I and J that judgement sees: what rules took
 * away (a date, a credit, a share bar) does not part two paragraphs.
 */
static size_t
judged_between(struct document *d, size_t i, size_t j)
{
	size_t n = 0;

	for (i++; i < j; i++)
		n += judged(at(d, i)) && !grouped_at(d, i);
	return n;
}

static size_t
next_good(struct document *d)
{
	return next_good_after(d, 0);
}

/*
 * Words of the run of prose that starts with the good block at I: good
 * blocks at most GAP apart.  *END is set to where the run stops, and
 * *DATES to the number of datelines between its paragraphs.
 */
static unsigned long
run_words(struct document *d, size_t i, size_t *end, unsigned *dates)
{
	unsigned long words = 0;
	size_t next, j, start = i;

	*dates = 0;
	for (;;) {
		words += at(d, i)->f.words;
		next = next_good_after(d, i);
		if (next == WINDOW || judged_between(d, i, next) > RUN_GAP)
			break;
		for (j = i + 1; j < next; j++)
			*dates += at(d, j)->dateline;
		i = next;
	}
	*end = i;
	/* One paragraph alone is a teaser more often than an article. */
	return i == start ? words / LONE_DISCOUNT : words;
}

/* See RESUME_GAP. */
static int
article_resumes(const struct document *d)
{
	return d->run_kept && !d->marked && d->since_good <= RESUME_GAP;
}

/* What no article paragraph is next to: rules, repeats, menus, bylines. */
static int
chrome_mark(const struct pending *p)
{
	return !judged(p) || p->f.separators > 0 || p->f.urls > 0 ||
	    p->namelike || p->dateline;
}

/*
 * The article is the largest run of prose (boilerpipe's idea): a small
 * run is kept only when no run several times larger was kept before it
 * or is in view after it.  Footers, author bios, comment policies and
 * cookie texts are such small runs.
 */
static int
run_is_article(struct document *d, size_t i)
{
	unsigned long w, later;
	unsigned dates;
	size_t end;

	w = run_words(d, i, &end, &dates);
	/* Paragraphs between datelines after an article are its comments. */
	if (dates >= THREAD_DATES && d->best_run > 0)
		return 0;
	if (w >= MINOR_RUN_WORDS)
		return 1;
	if (d->best_run >= MINOR_RUN_RATIO * w)
		return 0;
	for (i = next_good_after(d, end); i < d->count;
	    i = next_good_after(d, end)) {
		later = run_words(d, i, &end, &dates);
		if (later >= LATER_RUN_RATIO * w)
			return 0;
	}
	return 1;
}

/*
 * Sidebars put "Related articles" and "Comments" before the article or
 * inside it, so a stop marker ends the document only when more article
 * text came before it than prose follows it in view.
 */
static int
stop_takes_effect(struct document *d)
{
	return d->kept_words >= STOP_MIN_WORDS &&
	    prose_ahead(d) < d->kept_words;
}

/*
 * A name-like label followed by one or two paragraphs and then a stop
 * marker or the end of the document is an author box.
 */
static int
author_box_ahead(struct document *d, size_t from)
{
	size_t i;
	const struct pending *p;

	for (i = from + 1; i < d->count && i <= from + 3; i++) {
		p = at(d, i);
		if (p->rule != NULL && p->rule->action == ACT_STOP)
			return i > from + 1;
		if (p->cls == CLS_SHORT && !p->emptied && p->rule == NULL)
			return 0;
	}
	return 0;
}

/* Two blocks of one list: the same shape, about as many words. */
static int
list_alike(const struct features *a, const struct features *b)
{
	uint32_t lo = a->words < b->words ? a->words : b->words;
	uint32_t hi = a->words < b->words ? b->words : a->words;

	return lo >= LIST_WORDS && hi - lo <= LIST_SPREAD + lo / 2 &&
	    a->ending == b->ending && a->label == b->label &&
	    a->separators == 0 && b->separators == 0 &&
	    a->urls == 0 && b->urls == 0;
}

/* A list starts at the oldest block: LIST_ITEMS alike in a row. */
static int
list_ahead(struct document *d)
{
	size_t i;

	for (i = 1; i < LIST_ITEMS; i++)
		if (i >= d->count || !judged(at(d, i)) ||
		    at(d, i)->cls == CLS_GOOD ||
		    !list_alike(&at(d, 0)->f, &at(d, i)->f))
			return 0;
	return 1;
}

/*
 * A run of prose that starts after a dateline, once the article is
 * known, is a post; from the THREAD_POSTS-th on, posts are a comment
 * thread, and one is kept only if it outweighs the article.
 */
static int
thread_post(struct document *d)
{
	unsigned dates;
	size_t end;

	if (!d->dated || d->best_run == 0)
		return 0;
	if (d->posts < THREAD_POSTS)
		d->posts++;
	return d->posts >= THREAD_POSTS &&
	    run_words(d, 0, &end, &dates) < d->best_run;
}

/*
 * jusText's context pass, widened into an article region: lenient
 * between good blocks of a kept run, strict elsewhere.  Out of line, so
 * that the decisions a rule or a repeat settles do not set up its frame.
 */
static int __attribute__((noinline))
judge_in_context(struct document *d, const struct pending *p,
    const char **context)
{
	size_t next = next_good(d), ahead = groups_to(d, next);
	int after = d->since_good < GAP && d->run_kept;
	int before = p->cls != CLS_GOOD && ahead <= GAP &&
	    run_is_article(d, next);
	int inside = after && d->since_good + ahead <= GAP;

	*context = inside ? "inside" : after || before ? "near" : "outside";
	if (p->cls != CLS_GOOD && !inside &&
	    ((d->in_list && list_alike(&p->f, &d->list_item)) ||
	    (after && list_ahead(d)))) {
		*context = "list";
		d->listed = 1;
		return 1;
	}
	switch (p->cls) {
	case CLS_GOOD:
		if (d->since_good > RUN_GAP)
			d->run_kept = !thread_post(d) &&
			    (article_resumes(d) || run_is_article(d, 0));
		d->dated = 0;
		*context = d->run_kept ? "article-run" : "minor-run";
		return d->run_kept;
	case CLS_NEARGOOD:
		return after || before;
	case CLS_SHORT:
		if (!inside && ahead <= HEADING_GAP && !p->dateline &&
		    p->f.ending != END_SENTENCE && before) {
			*context = "heading";
			return 1;
		}
		return inside;
	default:
		return inside && p->f.separators == 0 && p->f.urls == 0 &&
		    (p->f.words >= 3 || grouped_at(d, 0));
	}
}

static void
decide_oldest_into(struct document *d, struct decision *dec)
{
	struct pending *p = at(d, 0);

	memset(dec, 0, sizeof(*dec));
	dec->f = &p->f;
	dec->cls = p->cls;
	dec->lang = d->lang;
	dec->rule = p->rule ? p->rule : p->cutrule;
	if (p->emptied) {
		dec->why = WHY_CUT;
		return;
	}
	if (p->rule != NULL && p->rule->action == ACT_KEEP) {
		dec->keep = 1;
		dec->why = WHY_RULE;
		return;
	}
	if (p->rule != NULL && p->rule->action == ACT_STOP) {
		dec->why = WHY_RULE;
		if (stop_takes_effect(d))
			d->stopped = 1;
		return;
	}
	if (d->stopped) {
		dec->why = WHY_AFTER_STOP;
		return;
	}
	if (p->rule != NULL) {
		dec->why = WHY_RULE;
		return;
	}
	if (p->repeat) {
		dec->why = WHY_REPEAT;
		return;
	}
	if (p->across) {
		dec->why = WHY_REPEATED_ACROSS;
		return;
	}
	if (!d->cfg.judge) {
		dec->keep = 1;
		dec->why = WHY_NONE;
		return;
	}
	dec->why = WHY_JUDGE;
	if (p->embed_credit || (d->count > 1 && at(d, 1)->embed_credit)) {
		dec->why = WHY_EMBED;
		return;
	}
	if (p->namelike && d->kept_good > 0 && author_box_ahead(d, 0)) {
		d->stopped = 1;
		dec->why = WHY_AUTHOR;
		return;
	}
	if (p->namelike && !grouped_at(d, 0) && d->since_good < GAP &&
	    next_good(d) <= GAP) {
		dec->why = WHY_CAPTION;
		return;
	}
	dec->keep = judge_in_context(d, p, &dec->context);
}

static void
remember_class(struct document *d, const struct pending *p, int keep)
{
	if (d->since_good < WINDOW && !grouped_at(d, 0))
		d->since_good++;
	d->marked |= chrome_mark(p);
	if (p->dateline)
		d->dated = 1;
	d->in_list = keep && d->listed;
	d->listed = 0;
	if (d->in_list)
		d->list_item = p->f;
	if (!judged(p) || !keep || p->cls != CLS_GOOD)
		return;
	if (d->since_good > RUN_GAP + 1)
		d->run_words = 0;
	d->run_words += p->f.words;
	if (d->run_words > d->best_run)
		d->best_run = d->run_words;
	d->kept_good++;
	d->kept_words += p->f.words;
	d->since_good = 0;
	d->marked = 0;
}

static void
decide_oldest(struct document *d)
{
	struct pending *p;

	settle_judgement(d);
	p = at(d, 0);
	decide_oldest_into(d, &d->dec);
	remember_class(d, p, d->dec.keep);
	deliver(d, &d->dec, text_of(d, p), p->len, PART_WHOLE);
	d->first = (d->first + 1) & (RING - 1);
	d->count--;
	d->good >>= 1;
	d->grouped >>= 1;
	d->live = d->count ? at(d, 0)->off : d->arena.len;
}

static size_t
live_bytes(const struct document *d)
{
	return d->arena.len - d->live;
}

/* Make room for LEN more bytes at the arena's end. */
static void
arena_make_room(struct document *d, size_t len)
{
	size_t i, shift = d->live;

	if (shift > 0 && len > d->arena.cap - d->arena.len &&
	    shift >= live_bytes(d)) {
		memmove(d->arena.data, d->arena.data + shift, live_bytes(d));
		d->arena.len -= shift;
		d->live = 0;
		for (i = 0; i < d->count; i++)
			at(d, i)->off -= shift;
	}
	buf_reserve(&d->arena, len + 1);
}

/*
 * The line normalized at the arena's end, past the window's text: its
 * length.  It stays there, not yet the window's, while the window makes
 * room for it, which moves no text.
 */
static size_t
normalize_at_end(struct document *d, const char *s, size_t len,
    unsigned trim)
{
	size_t start;

	arena_make_room(d, len);
	start = d->arena.len;
	normalize_block(d->cfg.norm, &d->enc, s, len, trim, &d->arena);
	len = d->arena.len - start;
	d->arena.len = start;
	return len;
}

/* The line normalize_at_end left. */
static char *
text_at_end(const struct document *d)
{
	return d->arena.data + d->arena.len;
}

/* Cut rules, then keep/stop/drop rules, on the text S. */
static void
apply_rules(struct document *d, struct pending *p, char *s, size_t *len)
{
	p->rule = ruleset_apply(d->cfg.rules, s, len, &p->cutrule);
	if (*len == 0)
		p->emptied = 1;
}

/* The line at the arena's end (LEN bytes) joins the window. */
static void
add_block(struct document *d, size_t len)
{
	struct pending *p;
	struct seen_slot *sl;
	uint64_t h;
	char *s;

	while (d->count == WINDOW || (d->count > 0 &&
	    live_bytes(d) + len > LIVE_MAX))
		decide_oldest(d);
	p = at(d, d->count);
	/* Most of a slot is its features, which classing sets whole. */
	memset(p, 0, offsetof(struct pending, f));
	s = text_at_end(d);
	h = hash_bytes(s, len);
	sl = seen_slot(d, h);
	p->off = d->arena.len;
	p->len = len;
	if (sl->ruled == d->gen) {
		p->rule = sl->rule;
		if (p->rule != NULL)
			p->rule->hits++;
	} else
		apply_rules(d, p, s, &p->len);
	len = p->len;
	d->arena.len += len;
	if (!d->blank_before)
		d->grouped |= (uint64_t)1 << d->count;
	d->blank_before = 0;
	d->count++;
	d->blocks++;
	if (p->emptied) {
		memset(&p->f, 0, sizeof(p->f));
		return;
	}
	if (p->cutrule != NULL) {
		h = hash_bytes(s, len);
		sl = seen_slot(d, h);
	}
	p->repeat = (uint8_t)seen_before(d, sl, h);
	if (p->cutrule == NULL)
		remember_rule(d, sl, p->rule);
	if (d->cfg.across != NULL)
		p->across = (uint8_t)d->cfg.across(d->cfg.across_ctx, s, len);
	p->embed_credit = (uint8_t)embed_credit(s, len);
	classify(d, p);
}

static void
flush_window(struct document *d)
{
	while (d->count > 0)
		decide_oldest(d);
}

/*
 * The first piece of a line too long to hold: everything before it is
 * decided, then it is decided alone (the window is empty), and the
 * pieces that follow share its verdict.  This and continue_huge are
 * rare, and out of line: the frame they need is not set up for every
 * line.
 */
static void __attribute__((noinline))
begin_huge(struct document *d, size_t len)
{
	struct pending *p;
	char *s = text_at_end(d);

	flush_window(d);
	p = at(d, 0);
	memset(p, 0, sizeof(*p));
	d->blank_before = 0;
	d->blocks++;
	apply_rules(d, p, s, &len);
	/* The first piece votes for the language, as a whole block would. */
	features_scan(&p->f, s, len, d->lang, &d->blockguess);
	vote_language(d, &p->f, NULL);
	settle_judgement(d);
	features_scan(&p->f, s, len, d->lang, NULL);
	p->cls = judge_class(&p->f, d->lang, d->scale);
	d->huge_f = p->f;
	d->count = 1;
	note_good(d, 0);
	decide_oldest_into(d, &d->huge_d);
	d->count = 0;
	d->good = 0;
	d->huge_d.f = &d->huge_f;
	remember_class(d, p, d->huge_d.keep);
	d->huge = 1;
	deliver(d, &d->huge_d, s, len, PART_BEGIN);
}

static void __attribute__((noinline))
continue_huge(struct document *d, size_t len, unsigned last)
{
	struct rule *fired = NULL;
	char *s = text_at_end(d);

	len = ruleset_cut(d->cfg.rules, s, len, &fired);
	deliver(d, &d->huge_d, s, len, last ? PART_END : 0);
	if (last)
		d->huge = 0;
}

/* A line that normalized to nothing parts the blocks around it. */
static void
add_blank(struct document *d)
{
	if (!d->blank_before)
		d->blanks++;
	d->blank_before = 1;
}

/*
 * A line with text.  Out of line, so that empty lines, half of all, do
 * not pay for setting up its frame.
 */
static void __attribute__((noinline))
add_line(struct document *d, const char *s, size_t len, unsigned flags)
{
	unsigned trim = 0;

	if (!(flags & LINE_CONT) || !d->huge)
		trim |= NORM_TRIM_LEFT;
	if (!(flags & LINE_MORE))
		trim |= NORM_TRIM_RIGHT;
	len = normalize_at_end(d, s, len, trim);
	if (d->huge) {
		continue_huge(d, len, !(flags & LINE_MORE));
		return;
	}
	if (len == 0)
		add_blank(d);
	else if (flags & LINE_MORE)
		begin_huge(d, len);
	else
		add_block(d, len);
}

void
document_line(struct document *d, const char *s, size_t len, unsigned flags)
{
	if (len == 0 && !d->huge)
		add_blank(d);
	else
		add_line(d, s, len, flags);
}

void
document_end(struct document *d)
{
	if (d->huge)
		continue_huge(d, 0, 1);
	flush_window(d);
}
