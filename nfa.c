/*
 * A reader of rule patterns into a Thompson NFA.
 *
 * The patterns are valid (PCRE2 compiled each when the rules were
 * read), so the reader only has to know what it accepts, and refuse the
 * rest whole.  A repeat X{n,m} is X written out n to m times, each copy
 * the states X was read into, moved (as reading X again would make
 * them), and the optional copies nested, (X(X(X)?)?)?, so that after k
 * characters of them the automaton is in one copy, not in any of k.
 */
#include <stdlib.h>
#include <string.h>

#include "nfa.h"
#include "utf8.h"
#include "util.h"

#define NFA_MAX		(1u << 22)	/* states of all patterns */
#define DEPTH_MAX	64		/* nested groups */
#define INF		UINT32_MAX

/*
 * A piece of NFA: its first state, and its loose ends, each an out
 * field still to be pointed at what follows.  The loose ends are listed
 * through the fields themselves: a field holds the next one (field
 * number plus one, 0 ending the list) until it is patched.
 */
struct frag {
	uint32_t	start, holes;
};

struct parser {
	struct nfa	*nfa;
	const char	*p, *end;
	int		 caseless, bad, depth;
	int		 repeatable;	/* the piece just read may be repeated */
};

static struct frag	parse_alt(struct parser *);

struct nfa *
nfa_new(struct alphabet *alpha)
{
	struct nfa *n = xcalloc(1, sizeof(*n));

	n->alpha = alpha;
	/* State 0 is no state, so that no field pointing at it is a hole. */
	n->cap = 64;
	n->s = xcalloc(n->cap, sizeof(*n->s));
	n->n = 1;
	return n;
}

void
nfa_free(struct nfa *n)
{
	if (n == NULL)
		return;
	free(n->s);
	free(n);
}

static uint32_t
new_state(struct parser *ps, uint8_t op, uint32_t arg)
{
	struct nfa *n = ps->nfa;

	if (n->n >= NFA_MAX) {
		ps->bad = 1;
		return 0;
	}
	if (n->n == n->cap) {
		n->cap *= 2;
		n->s = xreallocarray(n->s, n->cap, sizeof(*n->s));
	}
	n->s[n->n] = (struct nfa_state){ op, arg, 0, 0 };
	return n->n++;
}

static uint32_t
hole(uint32_t state, int second)
{
	return (state << 1 | (uint32_t)second) + 1;
}

static uint32_t *
field(struct nfa *n, uint32_t h)
{
	h--;
	return h & 1 ? &n->s[h >> 1].out1 : &n->s[h >> 1].out;
}

static void
patch(struct nfa *n, uint32_t holes, uint32_t to)
{
	uint32_t *f;

	while (holes != 0) {
		f = field(n, holes);
		holes = *f;
		*f = to;
	}
}

static uint32_t
join(struct nfa *n, uint32_t a, uint32_t b)
{
	uint32_t h = a;

	if (a == 0)
		return b;
	while (*field(n, h) != 0)
		h = *field(n, h);
	*field(n, h) = b;
	return a;
}

/* A state of OP with its one loose end. */
static struct frag
single(struct parser *ps, uint8_t op, uint32_t arg)
{
	uint32_t s = new_state(ps, op, arg);
	struct frag f = { s, s ? hole(s, 0) : 0 };

	return f;
}

static struct frag
empty(struct parser *ps)
{
	return single(ps, NFA_EMPTY, 0);
}

static struct frag
concat(struct parser *ps, struct frag a, struct frag b)
{
	struct frag f = { a.start, b.holes };

	if (ps->bad)
		return a;
	patch(ps->nfa, a.holes, b.start);
	return f;
}

static struct frag
either(struct parser *ps, struct frag a, struct frag b)
{
	uint32_t s = new_state(ps, NFA_SPLIT, 0);
	struct frag f = { s, 0 };

	if (ps->bad)
		return a;
	ps->nfa->s[s].out = a.start;
	ps->nfa->s[s].out1 = b.start;
	/* B is the branch just read, A all before it: walk the short list. */
	f.holes = join(ps->nfa, b.holes, a.holes);
	return f;
}

/*
 * A followed by any number of A: a split after it, back to it or on;
 * with MAY_SKIP, the split comes first, and A may not be there at all.
 */
static struct frag
loop(struct parser *ps, struct frag a, int may_skip)
{
	uint32_t s = new_state(ps, NFA_SPLIT, 0);
	struct frag f = { may_skip ? s : a.start, s ? hole(s, 1) : 0 };

	if (ps->bad)
		return a;
	ps->nfa->s[s].out = a.start;
	patch(ps->nfa, a.holes, s);
	return f;
}

static int
is_letter(unsigned char c)
{
	return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

static int
is_alnum(unsigned char c)
{
	return is_letter(c) || (c >= '0' && c <= '9');
}

static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
		return (c | 0x20) - 'a' + 10;
	return -1;
}

static struct frag
char_atom(struct parser *ps, uint32_t cp)
{
	return single(ps, NFA_ATOM, alphabet_char(ps->nfa->alpha, cp,
	    ps->caseless));
}

static struct frag
class_atom(struct parser *ps, const char *src, size_t len)
{
	int64_t atom = alphabet_class(ps->nfa->alpha, src, len, ps->caseless);

	if (atom < 0) {
		ps->bad = 1;
		return empty(ps);
	}
	return single(ps, NFA_ATOM, (uint32_t)atom);
}

static struct frag
assertion(struct parser *ps, enum nfa_assert a)
{
	ps->repeatable = 0;
	return single(ps, NFA_ASSERT, a);
}

/* \x{HHH} or \xHH at P (past "\x"): the character, or -1. */
static int64_t
hex_escape(struct parser *ps)
{
	int64_t cp = 0;
	int d, n = 0, braced = ps->p < ps->end && *ps->p == '{';

	ps->p += braced;
	while (ps->p < ps->end && (d = hex_value(*ps->p)) >= 0 &&
	    (braced || n < 2) && cp <= 0x10FFFF) {
		cp = cp * 16 + d;
		ps->p++;
		n++;
	}
	if (braced && (ps->p == ps->end || *ps->p++ != '}'))
		return -1;
	if (n == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return -1;
	return cp;
}

/* The end of \p{...} or \pL at P (at the backslash), or NULL. */
static const char *
property_end(const char *p, const char *end)
{
	const char *close;

	if (end - p < 3)
		return NULL;
	if (p[2] != '{')
		return p + 3;
	close = memchr(p + 3, '}', (size_t)(end - p - 3));
	return close ? close + 1 : NULL;
}

static struct frag
parse_escape(struct parser *ps)
{
	static const char classes[] = "dDsSwWhHvV";
	static const char controls[] = "tnrfea", codes[] = "\t\n\r\f\033\a";
	const char *at = ps->p, *q;
	unsigned char c;
	int64_t cp;

	if (ps->end - at < 2) {
		ps->bad = 1;
		return empty(ps);
	}
	c = (unsigned char)at[1];
	ps->p = at + 2;
	if (c != '\0' && strchr(classes, c) != NULL)
		return class_atom(ps, at, 2);
	if (c == 'N' && (ps->p == ps->end || *ps->p != '{'))
		return class_atom(ps, at, 2);
	if (c == 'p' || c == 'P') {
		if ((q = property_end(at, ps->end)) == NULL) {
			ps->bad = 1;
			return empty(ps);
		}
		ps->p = q;
		return class_atom(ps, at, (size_t)(q - at));
	}
	switch (c) {
	case 'b':
		return assertion(ps, AS_WORDB);
	case 'B':
		return assertion(ps, AS_NWORDB);
	case 'A':
		return assertion(ps, AS_BOL);
	case 'z':
	case 'Z':
		return assertion(ps, AS_EOL);
	case 'x':
		if ((cp = hex_escape(ps)) < 0)
			break;
		return char_atom(ps, (uint32_t)cp);
	default:
		if (c != '\0' && strchr(controls, c) != NULL)
			return char_atom(ps, (unsigned char)codes[strchr(
			    controls, c) - controls]);
		if (!is_alnum(c)) {
			ps->p = at + 1;
			return char_atom(ps, utf8_decode(
			    (const unsigned char **)&ps->p));
		}
	}
	/* Back-references, \Q, \K, \G, \R, \X, octal and the rest. */
	ps->bad = 1;
	return empty(ps);
}

/* The end of the class [...] at P, or NULL when it is beyond the subset. */
static const char *
class_end(const char *p, const char *end)
{
	const char *q;

	p++;
	if (p < end && *p == '^')
		p++;
	if (p < end && *p == ']')
		p++;
	while (p < end) {
		if (*p == '\\') {
			if (end - p < 2 || p[1] == 'Q' || p[1] == 'E')
				return NULL;
			p += 2;
		} else if (*p == '[' && end - p > 1 && p[1] == ':') {
			/*
			 * "[:name:]"; what else PCRE2 makes of "[:" (a
			 * bracket, a colon, ...) is beyond the subset.
			 */
			for (q = p + 2; q < end && (is_letter(*q) ||
			    (*q == '^' && q == p + 2)); q++)
				;
			if (end - q < 2 || q[0] != ':' || q[1] != ']')
				return NULL;
			p = q + 2;
		} else if (*p == ']')
			return p + 1;
		else
			p++;
	}
	return NULL;
}

/*
 * After "(": a group, or "(?i)" and the like, which set the option for
 * the rest of the enclosing group.
 */
static struct frag
parse_group(struct parser *ps)
{
	int saved = ps->caseless, set = saved, on = 1, letters = 0;
	const char *q = ps->p + 1;
	struct frag f;

	if (q < ps->end && *q == '?') {
		for (q++; q < ps->end && (*q == 'i' || *q == '-'); q++) {
			if (*q == 'i') {
				set = on;
				letters++;
			} else if (on)
				on = 0;
			else
				break;
		}
		if (q < ps->end && *q == ')' && letters > 0) {
			ps->caseless = set;
			ps->p = q + 1;
			ps->repeatable = 0;
			return empty(ps);
		}
		if (q == ps->end || *q != ':' || (letters == 0 && on == 0)) {
			ps->bad = 1;
			return empty(ps);
		}
		q++;
	} else if (q < ps->end && *q == '*') {
		ps->bad = 1;
		return empty(ps);
	}
	if (++ps->depth > DEPTH_MAX) {
		ps->bad = 1;
		return empty(ps);
	}
	ps->caseless = set;
	ps->p = q;
	f = parse_alt(ps);
	if (ps->p == ps->end || *ps->p != ')')
		ps->bad = 1;
	else
		ps->p++;
	ps->depth--;
	ps->caseless = saved;
	return f;
}

static struct frag
parse_atom(struct parser *ps)
{
	const char *at = ps->p, *q;
	unsigned char c = (unsigned char)*at;

	ps->repeatable = 1;
	switch (c) {
	case '(':
		return parse_group(ps);
	case '[':
		if ((q = class_end(ps->p, ps->end)) == NULL)
			break;
		ps->p = q;
		return class_atom(ps, at, (size_t)(q - at));
	case '.':
		ps->p++;
		return class_atom(ps, ".", 1);
	case '^':
		ps->p++;
		return assertion(ps, AS_BOL);
	case '$':
		ps->p++;
		return assertion(ps, AS_EOL);
	case '\\':
		return parse_escape(ps);
	case '*':
	case '+':
	case '?':
		break;
	default:
		return char_atom(ps, utf8_decode((const unsigned char **)&ps->p));
	}
	ps->bad = 1;
	return empty(ps);
}

/* A quantifier at P: 1, its bounds, and P moved past it; else 0. */
static int
parse_quant(struct parser *ps, uint32_t *min, uint32_t *max)
{
	size_t n = quantifier_at(ps->p, ps->end, min, max);

	ps->p += n;
	return n > 0;
}

/*
 * An atom as first read, to copy for a repeat: its states, the first
 * numbered FROM, and which of their fields are loose ends (bit 1 out,
 * bit 2 out1).  Every other field that is not 0 points at a state of
 * the atom.
 */
struct piece {
	struct nfa_state *s;
	uint8_t		*loose;
	uint32_t	 from, n;
	struct frag	 f;
};

/* The atom F, read into the states from FROM on, kept in PC. */
static void
piece_keep(struct parser *ps, struct piece *pc, uint32_t from,
    struct frag f)
{
	struct nfa *n = ps->nfa;
	uint32_t h;

	pc->from = from;
	pc->n = n->n - from;
	pc->f = f;
	pc->s = xreallocarray(NULL, pc->n + 1, sizeof(*pc->s));
	memcpy(pc->s, n->s + from, pc->n * sizeof(*pc->s));
	pc->loose = xcalloc(pc->n + 1, 1);
	for (h = f.holes; h != 0; h = *field(n, h))
		pc->loose[((h - 1) >> 1) - from] |= (h - 1) & 1 ? 2 : 1;
}

static void
piece_free(struct piece *pc)
{
	free(pc->s);
	free(pc->loose);
}

/* Field V of a copy moved D states on: a state, or a loose end's next. */
static uint32_t
moved(uint32_t v, int loose, uint32_t d)
{
	return v == 0 ? 0 : loose ? v + 2 * d : v + d;
}

/* Another copy of the atom PC, in the states from the next one on. */
static struct frag
copy_atom(struct parser *ps, const struct piece *pc)
{
	struct nfa *n = ps->nfa;
	struct nfa_state *to;
	struct frag f = { 0, 0 };
	uint32_t i, d = n->n - pc->from;

	if (pc->n > NFA_MAX - n->n) {
		ps->bad = 1;
		return f;
	}
	if (n->n + pc->n > n->cap) {
		while (n->cap < n->n + pc->n)
			n->cap *= 2;
		n->s = xreallocarray(n->s, n->cap, sizeof(*n->s));
	}
	for (i = 0, to = n->s + n->n; i < pc->n; i++, to++) {
		*to = pc->s[i];
		to->out = moved(to->out, pc->loose[i] & 1, d);
		to->out1 = moved(to->out1, pc->loose[i] & 2, d);
	}
	n->n += pc->n;
	f.start = pc->f.start + d;
	f.holes = moved(pc->f.holes, 1, d);
	return f;
}

/* COUNT optional copies, nested: (X(X(X)?)?)?, the first being FIRST. */
static struct frag
optional_copies(struct parser *ps, struct frag first, uint32_t count,
    const struct piece *pc)
{
	struct frag f = { 0, 0 }, c = first;
	uint32_t i, s, inner = 0;

	for (i = 0; i < count && !ps->bad; i++) {
		if (i > 0)
			c = copy_atom(ps, pc);
		s = new_state(ps, NFA_SPLIT, 0);
		if (ps->bad)
			break;
		ps->nfa->s[s].out = c.start;
		f.holes = join(ps->nfa, hole(s, 1), f.holes);
		if (i == 0)
			f.start = s;
		else
			patch(ps->nfa, inner, s);
		inner = c.holes;
	}
	f.holes = join(ps->nfa, f.holes, inner);
	return f;
}

/*
 * FIRST, the atom kept in PC, repeated MIN to MAX times (PC NULL when no
 * copy is needed).
 */
static struct frag
repeat(struct parser *ps, struct frag first, const struct piece *pc,
    uint32_t min, uint32_t max)
{
	struct frag f = first, c;
	uint32_t i;

	if (max == 0)
		return empty(ps);
	if (min == 0)
		return max == INF ? loop(ps, first, 1) :
		    optional_copies(ps, first, max, pc);
	if (min == 1 && max == INF)
		return loop(ps, first, 0);
	for (i = 1; i < min && !ps->bad; i++) {
		c = copy_atom(ps, pc);
		f = concat(ps, f, i == min - 1 && max == INF ?
		    loop(ps, c, 0) : c);
	}
	if (max != INF && max > min)
		f = concat(ps, f, optional_copies(ps, copy_atom(ps, pc),
		    max - min, pc));
	return f;
}

/* An atom and its quantifier, if it has one. */
static struct frag
parse_quantified(struct parser *ps)
{
	struct piece pc;
	uint32_t min, max, from = ps->nfa->n;
	struct frag f;

	f = parse_atom(ps);
	if (ps->bad || !parse_quant(ps, &min, &max))
		return f;
	if (!ps->repeatable) {
		ps->bad = 1;
		return f;
	}
	/* A lazy repeat matches the same blocks; a possessive one may not. */
	if (ps->p < ps->end && *ps->p == '?')
		ps->p++;
	else if (ps->p < ps->end && *ps->p == '+')
		ps->bad = 1;
	/* Copies are made of X{2,}, X{0,2} and more. */
	if (!ps->bad && (max != INF ? max : min) < 2)
		f = repeat(ps, f, NULL, min, max);
	else if (!ps->bad) {
		piece_keep(ps, &pc, from, f);
		f = repeat(ps, f, &pc, min, max);
		piece_free(&pc);
	}
	if (parse_quant(ps, &min, &max))
		ps->bad = 1;
	return f;
}

/*
 * A character at P that stands for itself with no quantifier after it:
 * 1, its code point in *CP, and P past it.  Most of a pattern is such
 * characters, read here without the calls parse_quantified makes.
 */
static int
plain_char(struct parser *ps, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)ps->p;

	switch (*u) {
	case '(': case '[': case '.': case '^': case '$': case '\\':
	case '*': case '+': case '?':
		return 0;
	}
	if (*u < 0x80)
		*cp = *u++;
	else
		*cp = utf8_decode(&u);
	if ((const char *)u < ps->end && (*u == '*' || *u == '+' ||
	    *u == '?' || *u == '{'))
		return 0;
	ps->p = (const char *)u;
	ps->repeatable = 1;
	return 1;
}

static struct frag
parse_seq(struct parser *ps)
{
	struct frag f = { 0, 0 }, g;
	uint32_t cp;
	int have = 0;

	while (!ps->bad && ps->p < ps->end && *ps->p != '|' && *ps->p != ')') {
		g = plain_char(ps, &cp) ? char_atom(ps, cp) :
		    parse_quantified(ps);
		f = have ? concat(ps, f, g) : g;
		have = 1;
	}
	return have ? f : empty(ps);
}

static struct frag
parse_alt(struct parser *ps)
{
	struct frag f = parse_seq(ps);

	while (!ps->bad && ps->p < ps->end && *ps->p == '|') {
		ps->p++;
		f = either(ps, f, parse_seq(ps));
	}
	return f;
}

int
nfa_add(struct nfa *n, const char *pattern, size_t len, uint32_t tag,
    uint32_t *start)
{
	struct parser ps;
	struct frag f;
	uint32_t before = n->n, m;

	memset(&ps, 0, sizeof(ps));
	ps.nfa = n;
	ps.p = pattern;
	ps.end = pattern + len;
	ps.caseless = 1;
	f = parse_alt(&ps);
	if (!ps.bad && ps.p != ps.end)
		ps.bad = 1;
	m = ps.bad ? 0 : new_state(&ps, NFA_MATCH, tag);
	if (ps.bad) {
		n->n = before;
		return -1;
	}
	patch(n, f.holes, m);
	*start = f.start;
	return 0;
}
