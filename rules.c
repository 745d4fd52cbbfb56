/*
 * Rule parsing and matching.
 *
 * Each rule is compiled on its own first, so that an error names its own
 * line and column.  For matching, rules of the same action, length limit
 * and anchoring are joined into alternations of up to CHUNK_RULES
 * patterns, each branch tagged with (*MARK) so a hit still names its rule:
 * one JIT-compiled alternation tried once per block is far cheaper than
 * hundreds of separate matches, and anchored alternations are tried at
 * one position only.  A rule that cannot live in an alternation (it uses
 * back-references or group numbers, which joining would shift) is matched
 * alone.
 */
#define PCRE2_CODE_UNIT_WIDTH 8

#include <errno.h>
#include <limits.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dfa.h"
#include "nfa.h"
#include "prefilter.h"
#include "rules.h"
#include "utf8.h"
#include "util.h"

#define CHUNK_RULES	200
#define MAXLEN_LIMIT	1000000
/*
 * Bounds for one match: a pathological pattern such as (a+)+$ gives up
 * after this much work instead of hanging the pipeline.
 */
#define MATCH_LIMIT	200000
#define DEPTH_LIMIT	10000
#define JIT_STACK_MAX	(1024 * 1024)

struct matcher {
	enum action	 action;
	size_t		 maxlen;
	size_t		 minchars;	/* no match is shorter (PCRE2's study) */
	int		 anchored;
	signed char	 jitted;	/* 0 not yet (it is when first used), 1, -1 */
	/*
	 * 0: the alternation is not compiled yet (it is when a block first
	 * needs it whole); 1: it is CODE; -1: PCRE2 found it too large, and
	 * its rules are matched one by one.
	 */
	signed char	 joined;
	int		 resets;	/* a rule has \K: its match starts late */
	int		 by_dfa;	/* every rule has a DFA (ruleset.dfa) */
	pcre2_code	*code;
	size_t		*rules;		/* rule index for each (*MARK) number */
	size_t		 nrules;
};

struct ruleset {
	struct rule		*rules;
	pcre2_code		**codes;	/* each rule alone */
	signed char		*jitted;	/* codes[i]: 0 not yet, 1, -1 failed */
	size_t			*minchars;	/* codes[i]: shortest match */
	size_t			 nrules, caprules;
	/*
	 * By action, in the order of their first rules within one: those
	 * of action A are from byaction[A] to byaction[A + 1].  So the
	 * prefilter's anchored candidates, sorted by matcher, come by
	 * action too, and a block asks only those and the floating ones.
	 */
	struct matcher		*matchers;
	size_t			 nmatchers;
	size_t			 byaction[ACT_COUNT + 1];
	size_t			*floating[ACT_COUNT];
	size_t			 nfloating[ACT_COUNT];
	size_t			 maxlen[ACT_COUNT];
	pcre2_match_data	*md;
	pcre2_match_context	*mctx;
	pcre2_jit_stack		*jitstack;
	struct prefilter	*pf;		/* one group per matcher */
	struct alphabet		*alpha;
	struct nfa		*nfa;
	struct dfa_cache	*dfas;
	uint32_t		*nfa_start;	/* by rule: 0, or its DFA's start */
	struct dfa		**dfa;		/* by rule, made when first used */
	char			*scratch;
	size_t			 scratchcap;
};

static const char *const action_names[ACT_COUNT] = {
	"cut", "keep", "stop", "drop"
};

/* \C matches one byte of a character: a cut could leave invalid UTF-8. */
static const uint32_t compile_options =
    PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS | PCRE2_NO_UTF_CHECK |
    PCRE2_NEVER_BACKSLASH_C;

const char *
action_name(enum action act)
{
	return action_names[act];
}

struct ruleset *
ruleset_new(void)
{
	struct ruleset *rs;

	rs = xcalloc(1, sizeof(*rs));
	rs->md = pcre2_match_data_create(1, NULL);
	rs->mctx = pcre2_match_context_create(NULL);
	rs->jitstack = pcre2_jit_stack_create(32 * 1024, JIT_STACK_MAX, NULL);
	if (rs->md == NULL || rs->mctx == NULL || rs->jitstack == NULL)
		fatal("out of memory");
	pcre2_set_match_limit(rs->mctx, MATCH_LIMIT);
	pcre2_set_depth_limit(rs->mctx, DEPTH_LIMIT);
	pcre2_jit_stack_assign(rs->mctx, NULL, rs->jitstack);
	return rs;
}

void
ruleset_free(struct ruleset *rs)
{
	size_t i;

	if (rs == NULL)
		return;
	for (i = 0; i < rs->nrules; i++) {
		free(rs->rules[i].pattern);
		pcre2_code_free(rs->codes[i]);
	}
	for (i = 0; i < rs->nmatchers; i++) {
		pcre2_code_free(rs->matchers[i].code);
		free(rs->matchers[i].rules);
	}
	free(rs->rules);
	free(rs->codes);
	free(rs->jitted);
	free(rs->minchars);
	free(rs->matchers);
	for (i = 0; i < ACT_COUNT; i++)
		free(rs->floating[i]);
	prefilter_free(rs->pf);
	for (i = 0; rs->dfa != NULL && i < rs->nrules; i++)
		dfa_free(rs->dfa[i]);
	free(rs->dfa);
	free(rs->nfa_start);
	dfa_cache_free(rs->dfas);
	nfa_free(rs->nfa);
	alphabet_free(rs->alpha);
	free(rs->scratch);
	pcre2_match_data_free(rs->md);
	pcre2_match_context_free(rs->mctx);
	pcre2_jit_stack_free(rs->jitstack);
	free(rs);
}

size_t
ruleset_count(const struct ruleset *rs)
{
	return rs->nrules;
}

struct rule *
ruleset_rule(struct ruleset *rs, size_t i)
{
	return &rs->rules[i];
}

size_t
ruleset_maxlen(const struct ruleset *rs, enum action act)
{
	return rs->maxlen[act];
}

static void
report(const char *file, unsigned line, size_t col, const char *msg)
{
	fprintf(stderr, "%s: %s:%u:%zu: %s\n", progname, file, line, col, msg);
}

static int
parse_action(const char *s, size_t n, enum action *act)
{
	int i;

	for (i = 0; i < ACT_COUNT; i++)
		if (strlen(action_names[i]) == n &&
		    memcmp(action_names[i], s, n) == 0) {
			*act = (enum action)i;
			return 0;
		}
	return -1;
}

static pcre2_code *
compile_pattern(const char *pat, size_t len, uint32_t extra, int *err,
    size_t *erroff)
{
	PCRE2_SIZE off = 0;
	pcre2_code *code;

	code = pcre2_compile((PCRE2_SPTR)pat, len, compile_options | extra,
	    err, &off, NULL);
	*erroff = off;
	return code;
}

static void
add_rule(struct ruleset *rs, const struct rule *r, pcre2_code *code)
{
	if (rs->nrules == rs->caprules) {
		rs->caprules = rs->caprules ? 2 * rs->caprules : 64;
		rs->rules = xreallocarray(rs->rules, rs->caprules,
		    sizeof(*rs->rules));
		rs->codes = xreallocarray(rs->codes, rs->caprules,
		    sizeof(*rs->codes));
	}
	rs->rules[rs->nrules] = *r;
	rs->codes[rs->nrules] = code;
	rs->nrules++;
	if (r->maxlen == 0 || r->maxlen > rs->maxlen[r->action])
		rs->maxlen[r->action] = r->maxlen == 0 ? SIZE_MAX : r->maxlen;
}

/* Parse one line; returns the number of problems reported (0 or 1). */
static int
parse_line(struct ruleset *rs, const char *file, unsigned lineno,
    const char *s, size_t n)
{
	const char *p = s, *end = s + n, *word;
	struct rule r;
	pcre2_code *code;
	size_t bad, erroff;
	unsigned long len = 0;
	int err;
	char msg[256];

	while (end > p && (end[-1] == ' ' || end[-1] == '\t' ||
	    end[-1] == '\r'))
		end--;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p == end || *p == '#')
		return 0;
	if ((bad = utf8_invalid_at(s, (size_t)(end - s))) != SIZE_MAX) {
		report(file, lineno, utf8_column(s, bad),
		    "invalid UTF-8 in rule");
		return 1;
	}
	memset(&r, 0, sizeof(r));
	r.file = file;
	r.line = lineno;
	word = p;
	while (p < end && *p != ':' && *p != ' ' && *p != '\t')
		p++;
	if (parse_action(word, (size_t)(p - word), &r.action) == -1) {
		snprintf(msg, sizeof(msg), "unknown action '%.*s' "
		    "(expected cut, keep, stop or drop)",
		    (int)(p - word), word);
		report(file, lineno, utf8_column(s, (size_t)(word - s)), msg);
		return 1;
	}
	if (p < end && *p == ':') {
		const char *digits = ++p;

		while (p < end && *p >= '0' && *p <= '9' && len <= MAXLEN_LIMIT)
			len = len * 10 + (unsigned long)(*p++ - '0');
		if (p == digits || len == 0 || len > MAXLEN_LIMIT ||
		    (p < end && *p != ' ' && *p != '\t')) {
			snprintf(msg, sizeof(msg), "length limit must be a "
			    "number from 1 to %d", MAXLEN_LIMIT);
			report(file, lineno, utf8_column(s,
			    (size_t)(digits - s)), msg);
			return 1;
		}
		r.maxlen = len;
	}
	if (p < end && *p != ' ' && *p != '\t') {
		report(file, lineno, utf8_column(s, (size_t)(p - s)),
		    "expected white space after the action");
		return 1;
	}
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p == end) {
		report(file, lineno, utf8_column(s, (size_t)(p - s)),
		    "missing pattern");
		return 1;
	}
	code = compile_pattern(p, (size_t)(end - p), 0, &err, &erroff);
	if (code == NULL) {
		pcre2_get_error_message(err, (PCRE2_UCHAR *)msg, sizeof(msg));
		report(file, lineno, utf8_column(s, (size_t)(p - s) + erroff),
		    msg);
		return 1;
	}
	r.pattern = xstrndup(p, (size_t)(end - p));
	add_rule(rs, &r, code);
	return 0;
}

int
ruleset_parse(struct ruleset *rs, const char *file, const char *text,
    size_t len)
{
	const char *p = text, *end = text + len, *nl;
	unsigned lineno = 0;
	int problems = 0;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		if (lineno < UINT_MAX)
			lineno++;
		problems += parse_line(rs, file, lineno, p, (size_t)(nl - p));
		p = nl + 1;
	}
	return problems;
}

/*
 * Joining patterns shifts group numbers and can clash group names, some
 * verbs must stand at the very start of a pattern, and a \Q without its
 * \E would quote the rest of the alternation: such rules are matched
 * alone.
 */
static int
joinable(const struct rule *r)
{
	const char *p, *escaped = NULL;

	/* Every check is of a backslash or a parenthesis. */
	for (p = r->pattern; (p = strpbrk(p, "\\(")) != NULL; p++) {
		/* \g \k \Q (?P (?' (* (?( (?R (?& (?| (?C (?+, even escaped. */
		if ((p[0] == '\\' && p[1] != '\0' && strchr("gkQ", p[1])) ||
		    (p[0] == '(' && p[1] == '*') ||
		    (p[0] == '(' && p[1] == '?' && p[2] != '\0' &&
		    strchr("P'(R&|C+", p[2])))
			return 0;
		/* The rest only where not escaped. */
		if (p == escaped)
			continue;
		if (p[0] == '\\' && p[1] >= '1' && p[1] <= '9')
			return 0;
		if (p[0] == '\\' && p[1] != '\0')
			escaped = p + 1;
		else if (p[0] == '(' && p[1] == '?' && p[2] == '<' &&
		    p[3] != '=' && p[3] != '!')
			return 0;
		else if (p[0] == '(' && p[1] == '?' &&
		    ((p[2] >= '0' && p[2] <= '9') || p[2] == '-'))
			return 0;
	}
	return 1;
}

static int
anchored(pcre2_code *code)
{
	uint32_t opts = 0;

	pcre2_pattern_info(code, PCRE2_INFO_ALLOPTIONS, &opts);
	return (opts & PCRE2_ANCHORED) != 0;
}

/* Without JIT (e.g. on an unsupported CPU) matching is slower, not wrong. */
static int
jit(pcre2_code *code)
{
	return pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0;
}

static struct matcher *
new_matcher(struct ruleset *rs, const struct rule *r)
{
	struct matcher *m;

	rs->matchers = xreallocarray(rs->matchers, rs->nmatchers + 1,
	    sizeof(*rs->matchers));
	m = &rs->matchers[rs->nmatchers++];
	memset(m, 0, sizeof(*m));
	m->action = r->action;
	m->maxlen = r->maxlen;
	return m;
}

/*
 * "(?:P0)(*MARK:0)|(?:P1)(*MARK:1)|..." for rules IDX[0..N-1]; one rule
 * is left bare, as it compiled when parsed: in "(?:(?x)a#)" the comment
 * would swallow the closing parenthesis.
 */
static char *
alternation(const struct ruleset *rs, const size_t *idx, size_t n,
    size_t *len)
{
	struct buf b = { 0 };
	char mark[32];
	size_t i;

	if (n == 1) {
		*len = strlen(rs->rules[idx[0]].pattern);
		return xstrndup(rs->rules[idx[0]].pattern, *len);
	}
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_add(&b, "|", 1);
		buf_add(&b, "(?:", 3);
		buf_add(&b, rs->rules[idx[i]].pattern,
		    strlen(rs->rules[idx[i]].pattern));
		snprintf(mark, sizeof(mark), ")(*MARK:%zu)", i);
		buf_add(&b, mark, strlen(mark));
	}
	*len = b.len;
	return b.data;
}

/* What ruleset_compile reads of each rule, once and not once a chunk. */
enum { R_ANCHORED = 1, R_JOINABLE = 2, R_DONE = 4 };

/*
 * The anchored rules that keep, stop or drop into the NFA, those nfa.c
 * can read; cut rules need the span of a match, which only PCRE2 gives.
 */
static void
add_to_nfa(struct ruleset *rs, const char *flags)
{
	const struct rule *r;
	uint32_t start;
	size_t i;

	rs->alpha = alphabet_new();
	rs->nfa = nfa_new(rs->alpha);
	rs->nfa_start = xcalloc(rs->nrules + 1, sizeof(*rs->nfa_start));
	rs->dfa = xcalloc(rs->nrules + 1, sizeof(*rs->dfa));
	for (i = 0; i < rs->nrules; i++) {
		r = &rs->rules[i];
		if ((flags[i] & R_ANCHORED) && r->action != ACT_CUT &&
		    nfa_add(rs->nfa, r->pattern, strlen(r->pattern),
		    (uint32_t)i, &start) == 0)
			rs->nfa_start[i] = start;
	}
	rs->dfas = dfa_cache_new(rs->nfa);
}

/* Do all of matcher M's rules have a DFA? */
static int
all_by_dfa(const struct ruleset *rs, const struct matcher *m)
{
	size_t i;

	for (i = 0; i < m->nrules; i++)
		if (rs->nfa_start[m->rules[i]] == 0)
			return 0;
	return 1;
}

/*
 * Rules IDX[0..N-1] as one matcher.  Most blocks try its rules alone
 * (see try_anchored), so its alternation is compiled only when a block
 * first needs it whole, which spares start-up compiling every rule
 * twice.  No match of the alternation is shorter than its shortest
 * rule's.
 */
static void
add_chunk(struct ruleset *rs, const size_t *idx, size_t n, int is_anchored)
{
	struct matcher *m;
	size_t i;

	m = new_matcher(rs, &rs->rules[idx[0]]);
	m->anchored = is_anchored;
	m->minchars = SIZE_MAX;
	for (i = 0; i < n; i++) {
		if (rs->minchars[idx[i]] < m->minchars)
			m->minchars = rs->minchars[idx[i]];
		if (strstr(rs->rules[idx[i]].pattern, "\\K") != NULL)
			m->resets = 1;
	}
	m->rules = xreallocarray(NULL, n, sizeof(*m->rules));
	memcpy(m->rules, idx, n * sizeof(*idx));
	m->nrules = n;
	m->by_dfa = is_anchored && all_by_dfa(rs, m);
}

/* Compile matcher M's alternation; 0 when PCRE2 finds it too large. */
static int
join(struct ruleset *rs, struct matcher *m)
{
	size_t len, erroff;
	char *pat;
	int err;

	pat = alternation(rs, m->rules, m->nrules, &len);
	m->code = compile_pattern(pat, len, m->anchored ? PCRE2_ANCHORED : 0,
	    &err, &erroff);
	free(pat);
	return m->code != NULL;
}

static int
same_group(const struct rule *a, int anch_a, const struct rule *b, int anch_b)
{
	return a->action == b->action && a->maxlen == b->maxlen &&
	    anch_a == anch_b;
}

static void
index_actions(struct ruleset *rs)
{
	struct matcher *by;
	size_t i, next[ACT_COUNT];
	int a;

	memset(rs->byaction, 0, sizeof(rs->byaction));
	for (i = 0; i < rs->nmatchers; i++)
		rs->byaction[rs->matchers[i].action + 1]++;
	for (a = 0; a < ACT_COUNT; a++) {
		rs->byaction[a + 1] += rs->byaction[a];
		next[a] = rs->byaction[a];
		rs->floating[a] = xreallocarray(NULL, rs->nmatchers + 1,
		    sizeof(*rs->floating[a]));
	}
	by = xreallocarray(NULL, rs->nmatchers + 1, sizeof(*by));
	for (i = 0; i < rs->nmatchers; i++)
		by[next[rs->matchers[i].action]++] = rs->matchers[i];
	free(rs->matchers);
	rs->matchers = by;
	for (i = 0; i < rs->nmatchers; i++)
		if (!by[i].anchored) {
			a = by[i].action;
			rs->floating[a][rs->nfloating[a]++] = i;
		}
}

static void
build_prefilter(struct ruleset *rs)
{
	struct matcher *m;
	size_t i, j;

	rs->pf = prefilter_new(rs->nrules, rs->nmatchers);
	rs->jitted = xcalloc(rs->nrules + 1, sizeof(*rs->jitted));
	for (i = 0; i < rs->nmatchers; i++) {
		m = &rs->matchers[i];
		for (j = 0; j < m->nrules; j++)
			prefilter_add(rs->pf, m->rules[j], i,
			    rs->rules[m->rules[j]].pattern, !m->anchored,
			    m->maxlen);
	}
	prefilter_build(rs->pf);
}


void
ruleset_compile(struct ruleset *rs)
{
	uint32_t minchars;
	size_t i, j, n, *idx;
	char *flags;
	int anch;

	idx = xreallocarray(NULL, rs->nrules + 1, sizeof(*idx));
	flags = xcalloc(rs->nrules + 1, 1);
	rs->minchars = xcalloc(rs->nrules + 1, sizeof(*rs->minchars));
	for (i = 0; i < rs->nrules; i++) {
		flags[i] = (char)((anchored(rs->codes[i]) ? R_ANCHORED : 0) |
		    (joinable(&rs->rules[i]) ? R_JOINABLE : 0));
		if (pcre2_pattern_info(rs->codes[i], PCRE2_INFO_MINLENGTH,
		    &minchars) == 0)
			rs->minchars[i] = minchars;
	}
	add_to_nfa(rs, flags);
	for (i = 0; i < rs->nrules; i++) {
		if (flags[i] & R_DONE)
			continue;
		anch = flags[i] & R_ANCHORED;
		if (!(flags[i] & R_JOINABLE)) {
			idx[0] = i;
			add_chunk(rs, idx, 1, anch);
			flags[i] |= R_DONE;
			continue;
		}
		for (n = 0, j = i; j < rs->nrules && n < CHUNK_RULES; j++) {
			if ((flags[j] & (R_DONE | R_JOINABLE)) != R_JOINABLE ||
			    !same_group(&rs->rules[i], anch, &rs->rules[j],
			    flags[j] & R_ANCHORED))
				continue;
			idx[n++] = j;
			flags[j] |= R_DONE;
		}
		add_chunk(rs, idx, n, anch);
	}
	free(idx);
	free(flags);
	index_actions(rs);
	build_prefilter(rs);
}

static void
warn_limit(struct rule *r)
{
	if (r->warned)
		return;
	r->warned = 1;
	fprintf(stderr, "%s: %s:%u: match limit exceeded, rule skipped for "
	    "this block\n", progname, r->file, r->line);
}

/* Rule R alone at START: 1 on a match (OV set), else 0. */
static int
match_rule(struct ruleset *rs, size_t r, const char *s, size_t len,
    size_t start, PCRE2_SIZE *ov)
{
	int rc;

	if (rs->jitted[r] == 0)
		rs->jitted[r] = jit(rs->codes[r]) ? 1 : -1;
	if (rs->jitted[r] == 1)
		rc = pcre2_jit_match(rs->codes[r], (PCRE2_SPTR)s, len, start,
		    PCRE2_NO_UTF_CHECK, rs->md, rs->mctx);
	else
		rc = pcre2_match(rs->codes[r], (PCRE2_SPTR)s, len, start,
		    PCRE2_NO_UTF_CHECK, rs->md, rs->mctx);
	if (rc >= 0) {
		ov[0] = pcre2_get_ovector_pointer(rs->md)[0];
		ov[1] = pcre2_get_ovector_pointer(rs->md)[1];
		return 1;
	}
	if (rc != PCRE2_ERROR_NOMATCH)
		warn_limit(&rs->rules[r]);
	return 0;
}

/*
 * Anchored rule R on S: by its DFA when it has one and the DFA can say,
 * else by PCRE2.
 */
static int
match_at_start(struct ruleset *rs, size_t r, const char *s, size_t len,
    PCRE2_SIZE *ov)
{
	int m;

	if (rs->nfa_start[r] != 0) {
		if (rs->dfa[r] == NULL)
			rs->dfa[r] = dfa_new(rs->dfas, rs->nfa_start[r]);
		if ((m = dfa_match(rs->dfa[r], s, len)) >= 0)
			return m;
	}
	return match_rule(rs, r, s, len, 0, ov);
}

/* Could rule R match the block the prefilter is on, NCHARS long? */
static int
candidate(struct ruleset *rs, size_t r, size_t nchars)
{
	return nchars >= rs->minchars[r] && prefilter_may_match(rs->pf, r);
}

/*
 * Matcher M's rules the prefilter leaves on S (NCHARS characters), at
 * most LEFT of them, tried alone from START, with the result of their
 * alternation: the match that starts first, and of those the first
 * rule.  After a chunk gave up on a block, only the pathological rule
 * loses, and the warning names it.
 */
static struct rule *
match_each(struct ruleset *rs, const struct matcher *m, const char *s,
    size_t len, size_t start, size_t nchars, size_t left, PCRE2_SIZE *ov)
{
	PCRE2_SIZE got[2];
	size_t i, r, best = SIZE_MAX;

	for (i = 0; i < m->nrules && left > 0; i++) {
		r = m->rules[i];
		if (!candidate(rs, r, nchars))
			continue;
		left--;
		if (match_rule(rs, r, s, len, start, got) &&
		    (best == SIZE_MAX || got[0] < ov[0])) {
			best = r;
			ov[0] = got[0];
			ov[1] = got[1];
		}
	}
	return best == SIZE_MAX ? NULL : &rs->rules[best];
}

/*
 * One match of matcher M at or after START on S (NCHARS characters, the
 * prefilter on it); the rule, or NULL.  A chunk too large for PCRE2 is
 * matched rule by rule.
 */
static struct rule *
match_one(struct ruleset *rs, struct matcher *m, const char *s,
    size_t len, size_t start, size_t nchars, PCRE2_SIZE *ov)
{
	PCRE2_SPTR mark;
	int rc;

	if (m->joined == 0)
		m->joined = join(rs, m) ? 1 : -1;
	if (m->joined == -1)
		return match_each(rs, m, s, len, start, nchars, SIZE_MAX, ov);
	if (m->jitted == 0)
		m->jitted = jit(m->code) ? 1 : -1;
	/* pcre2_jit_match skips checks made once, at compile time. */
	if (m->jitted == 1)
		rc = pcre2_jit_match(m->code, (PCRE2_SPTR)s, len, start,
		    PCRE2_NO_UTF_CHECK, rs->md, rs->mctx);
	else
		rc = pcre2_match(m->code, (PCRE2_SPTR)s, len, start,
		    PCRE2_NO_UTF_CHECK, rs->md, rs->mctx);
	if (rc == PCRE2_ERROR_NOMATCH)
		return NULL;
	if (rc < 0)
		return match_each(rs, m, s, len, start, nchars, SIZE_MAX, ov);
	ov[0] = pcre2_get_ovector_pointer(rs->md)[0];
	ov[1] = pcre2_get_ovector_pointer(rs->md)[1];
	if (m->nrules == 1)
		return &rs->rules[m->rules[0]];
	mark = pcre2_get_mark(rs->md);
	return &rs->rules[m->rules[mark ? strtoul((const char *)mark,
	    NULL, 10) : 0]];
}

/*
 * Anchored matcher M on the whole block: the rules its first bytes left
 * (NSTARTS in STARTS) and their needed strings leave, tried alone in
 * order, give what the chunk would (its first alternative that
 * matches), unless more than half are left: then the chunk is cheaper,
 * if its rules have no DFAs.
 */
static struct rule *
try_anchored(struct ruleset *rs, struct matcher *m, const uint64_t *starts,
    size_t nstarts, const char *s, size_t len, size_t nchars, PCRE2_SIZE *ov)
{
	size_t n = 0, i, r;

	/* With DFAs for all, the count would decide nothing. */
	if (!m->by_dfa) {
		for (i = 0; i < nstarts; i++)
			n += (size_t)candidate(rs,
			    (size_t)(starts[i] & 0xFFFFFFFF), nchars);
		if (n == 0)
			return NULL;
		if (2 * n > m->nrules)
			return match_one(rs, m, s, len, 0, nchars, ov);
	}
	for (i = 0; i < nstarts; i++) {
		r = (size_t)(starts[i] & 0xFFFFFFFF);
		if (candidate(rs, r, nchars) &&
		    match_at_start(rs, r, s, len, ov))
			return &rs->rules[r];
	}
	return NULL;
}

/*
 * Floating matcher M from START, HITS of whose rules have their needed
 * strings in the block (not 0): those, tried alone, give what the chunk
 * would (the match that starts first, and of those the first
 * alternative), unless more than half are left.
 */
static struct rule *
try_floating(struct ruleset *rs, struct matcher *m, size_t hits,
    const char *s, size_t len, size_t start, size_t nchars, PCRE2_SIZE *ov)
{
	if (2 * hits > m->nrules || m->resets)
		return match_one(rs, m, s, len, start, nchars, ov);
	return match_each(rs, m, s, len, start, nchars, hits, ov);
}

/*
 * The anchored candidates of matcher MI: those at *K on in STARTS (N,
 * by matcher), which moves past them; matchers are asked in order.
 */
static size_t
starts_of(const uint64_t *starts, size_t n, size_t mi, size_t *k)
{
	size_t first;

	while (*k < n && starts[*k] >> 32 < mi)
		(*k)++;
	for (first = *k; *k < n && starts[*k] >> 32 == mi; (*k)++)
		;
	return *k - first;
}

/* Can matcher M match a block of NCHARS characters, by its lengths? */
static int
fits(const struct matcher *m, size_t nchars)
{
	return (m->maxlen == 0 || nchars <= m->maxlen) &&
	    nchars >= m->minchars;
}

/*
 * Matcher MI on S from START, the prefilter being on S: its rule that
 * matches, or NULL.  Cheap tests first, each sparing a PCRE2 call.
 */
static struct rule *
try_matcher(struct ruleset *rs, size_t mi, const char *s, size_t len,
    size_t start, size_t nchars, PCRE2_SIZE *ov)
{
	struct matcher *m = &rs->matchers[mi];
	const uint64_t *starts;
	size_t n, k = 0;

	if (!fits(m, nchars))
		return NULL;
	if (!m->anchored)
		return (n = prefilter_hits(rs->pf, mi)) == 0 ? NULL :
		    try_floating(rs, m, n, s, len, start, nchars, ov);
	if (start > 0 || len == 0)
		return match_one(rs, m, s, len, start, nchars, ov);
	n = prefilter_starts(rs->pf, &starts);
	n = starts_of(starts, n, mi, &k);
	return try_anchored(rs, m, starts + k - n, n, s, len, nchars, ov);
}

/*
 * The first rule of matchers LO to HI - 1 that matches S (LEN > 0),
 * which the prefilter is on.  Only the matchers the prefilter leaves are
 * asked, in order: those with an anchored candidate (the candidates
 * come sorted by matcher), and the floating ones with a hit.
 */
static struct rule *
first_match(struct ruleset *rs, size_t lo, size_t hi, const char *s,
    size_t len, size_t nchars)
{
	const uint32_t *fl, *flend;
	const uint64_t *starts;
	size_t n, mi, anch, nstarts, k = 0;
	struct matcher *m;
	struct rule *r;
	PCRE2_SIZE ov[2];

	n = prefilter_floating(rs->pf, &fl);
	flend = fl + n;
	nstarts = prefilter_starts(rs->pf, &starts);
	while (k < nstarts && starts[k] >> 32 < lo)
		k++;
	while (fl < flend && *fl < lo)
		fl++;
	for (;;) {
		anch = k < nstarts && starts[k] >> 32 < hi ?
		    (size_t)(starts[k] >> 32) : hi;
		mi = fl < flend && *fl < anch ? *fl++ : anch;
		if (mi == hi)
			return NULL;
		m = &rs->matchers[mi];
		if (mi == anch) {
			n = starts_of(starts, nstarts, mi, &k);
			r = fits(m, nchars) ? try_anchored(rs, m, starts + k - n,
			    n, s, len, nchars, ov) : NULL;
		} else
			r = fits(m, nchars) ? try_floating(rs, m,
			    prefilter_hits(rs->pf, mi), s, len, 0, nchars, ov) :
			    NULL;
		if (r != NULL) {
			r->hits++;
			return r;
		}
	}
}

struct rule *
ruleset_match(struct ruleset *rs, enum action act, const char *s,
    size_t len, size_t nchars)
{
	PCRE2_SIZE ov[2];
	struct rule *r;
	size_t i;

	prefilter_reset(rs->pf, s, len, nchars);
	if (len > 0)
		return first_match(rs, rs->byaction[act], rs->byaction[act + 1],
		    s, len, nchars);
	for (i = rs->byaction[act]; i < rs->byaction[act + 1]; i++)
		if ((r = try_matcher(rs, i, s, len, 0, nchars, ov)) != NULL) {
			r->hits++;
			return r;
		}
	return NULL;
}

/*
 * Remove every match of matcher MI from S (NCHARS characters, the
 * prefilter on it) into the scratch buffer; the new length.
 */
static size_t
cut_matcher(struct ruleset *rs, size_t mi, char *s, size_t len,
    size_t nchars, struct rule **fired)
{
	PCRE2_SIZE ov[2];
	struct rule *r;
	size_t pos = 0, out = 0, keep_from = 0;

	while (pos <= len &&
	    (r = try_matcher(rs, mi, s, len, pos, nchars, ov)) != NULL) {
		if (ov[1] == ov[0]) {
			pos = ov[1] + utf8_seqlen(s, len, ov[1]);
			continue;
		}
		memcpy(rs->scratch + out, s + keep_from, ov[0] - keep_from);
		out += ov[0] - keep_from;
		keep_from = pos = ov[1];
		r->hits++;
		if (*fired == NULL)
			*fired = r;
	}
	if (keep_from == 0)
		return len;
	memcpy(rs->scratch + out, s + keep_from, len - keep_from);
	out += len - keep_from;
	memcpy(s, rs->scratch, out);
	return out;
}

/* The cut rules on S (NCHARS characters); the prefilter is put on it. */
static size_t
cut_all(struct ruleset *rs, char *s, size_t len, size_t nchars,
    struct rule **fired)
{
	struct rule *first = NULL;
	size_t j, n;

	prefilter_reset(rs->pf, s, len, nchars);
	if (rs->maxlen[ACT_CUT] == 0)
		return len;
	if (len > rs->scratchcap) {
		free(rs->scratch);
		rs->scratchcap = len;
		rs->scratch = xmalloc(len);
	}
	for (j = rs->byaction[ACT_CUT]; j < rs->byaction[ACT_CUT + 1]; j++) {
		n = cut_matcher(rs, j, s, len, nchars, &first);
		if (n != len)
			prefilter_reset(rs->pf, s, n, nchars);
		len = n;
	}
	if (first == NULL)
		return len;
	*fired = first;
	return squeeze_spaces(s, len);
}

size_t
ruleset_cut(struct ruleset *rs, char *s, size_t len, struct rule **fired)
{
	return cut_all(rs, s, len, utf8_count(s, len), fired);
}

struct rule *
ruleset_apply(struct ruleset *rs, char *s, size_t *len, struct rule **cut)
{
	size_t nchars, was = *len;

	nchars = utf8_count(s, *len);
	*len = cut_all(rs, s, *len, nchars, cut);
	if (*len == 0)
		return NULL;
	if (*len != was) {
		nchars = utf8_count(s, *len);
		prefilter_reset(rs->pf, s, *len, nchars);
	}
	/* Matchers are in order by action: keep beats stop beats drop. */
	return first_match(rs, rs->byaction[ACT_KEEP], rs->nmatchers, s, *len,
	    nchars);
}
