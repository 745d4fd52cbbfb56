/*
 * A JSON checker that remembers where one member's value lies.
 *
 * No tree is built: the record is walked once, with a stack of the
 * brackets still open, and only the offsets of the member sought are
 * kept, so the bytes around it can be written back untouched.  Strings
 * may hold any byte but the controls below 0x20 (invalid UTF-8 is left
 * to the cleaner's normalization, as in plain mode).
 */
#include <stdint.h>
#include <string.h>

#include "jsonl.h"
#include "utf8.h"

/* Deeper nesting is refused rather than risked. */
#define MAX_DEPTH	1000

enum expect { EXPECT_VALUE, EXPECT_MEMBER, EXPECT_NEXT };

struct parser {
	const char		*s;
	size_t			 len, pos;
	const char		*name;
	size_t			 namelen;
	char			 stack[MAX_DEPTH];
	size_t			 depth;
	int			 at_field;	/* the next value is NAME's */
	enum jsonl_status	 found;
	struct jsonl_found	*f;
};

static int
fail(struct parser *p, const char *why)
{
	p->f->error = why;
	p->f->error_at = p->pos;
	return -1;
}

static void
skip_space(struct parser *p)
{
	while (p->pos < p->len && (p->s[p->pos] == ' ' ||
	    p->s[p->pos] == '\t' || p->s[p->pos] == '\n' ||
	    p->s[p->pos] == '\r'))
		p->pos++;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Four hex digits, already checked. */
static uint32_t
hex4(const char *s)
{
	return (uint32_t)hexval(s[0]) << 12 | (uint32_t)hexval(s[1]) << 8 |
	    (uint32_t)hexval(s[2]) << 4 | (uint32_t)hexval(s[3]);
}

/* Step over the string whose opening quote is at p->pos. */
static int
scan_string(struct parser *p)
{
	const unsigned char *s = (const unsigned char *)p->s;
	int i;

	for (p->pos++; p->pos < p->len; ) {
		if (s[p->pos] == '"') {
			p->pos++;
			return 0;
		}
		if (s[p->pos] < 0x20)
			return fail(p, "control character in a string");
		if (s[p->pos] != '\\') {
			p->pos++;
			continue;
		}
		if (p->pos + 1 == p->len)
			break;
		if (s[p->pos + 1] == 'u') {
			for (i = 2; i < 6; i++)
				if (p->pos + i >= p->len ||
				    hexval(p->s[p->pos + i]) < 0)
					return fail(p, "bad \\u escape");
			p->pos += 6;
		} else if (s[p->pos + 1] != '\0' &&
		    strchr("\"\\/bfnrt", s[p->pos + 1]) != NULL)
			p->pos += 2;
		else
			return fail(p, "bad escape in a string");
	}
	return fail(p, "unterminated string");
}

static int
is_digit(const struct parser *p, size_t i)
{
	return i < p->len && p->s[i] >= '0' && p->s[i] <= '9';
}

static int
scan_number(struct parser *p)
{
	size_t i = p->pos;

	if (i < p->len && p->s[i] == '-')
		i++;
	if (i < p->len && p->s[i] == '0')
		i++;
	else if (is_digit(p, i))
		while (is_digit(p, i))
			i++;
	else
		return fail(p, "invalid value");
	if (i < p->len && p->s[i] == '.') {
		if (!is_digit(p, ++i))
			return fail(p, "digit expected in a number");
		while (is_digit(p, i))
			i++;
	}
	if (i < p->len && (p->s[i] == 'e' || p->s[i] == 'E')) {
		i++;
		if (i < p->len && (p->s[i] == '+' || p->s[i] == '-'))
			i++;
		if (!is_digit(p, i))
			return fail(p, "digit expected in a number");
		while (is_digit(p, i))
			i++;
	}
	p->pos = i;
	return 0;
}

static int
scan_literal(struct parser *p)
{
	static const char *const words[] = { "true", "false", "null" };
	size_t i, n;

	for (i = 0; i < 3; i++) {
		n = strlen(words[i]);
		if (p->len - p->pos >= n && memcmp(p->s + p->pos, words[i],
		    n) == 0) {
			p->pos += n;
			return 0;
		}
	}
	return fail(p, "invalid value");
}

static char
closing(char open)
{
	return open == '{' ? '}' : ']';
}

static int
open_container(struct parser *p, enum expect *want)
{
	char c = p->s[p->pos];

	if (p->depth == MAX_DEPTH)
		return fail(p, "nested too deeply");
	p->stack[p->depth++] = c;
	p->pos++;
	skip_space(p);
	if (p->pos < p->len && p->s[p->pos] == closing(c)) {
		p->pos++;
		p->depth--;
		*want = EXPECT_NEXT;
	} else
		*want = c == '{' ? EXPECT_MEMBER : EXPECT_VALUE;
	return 0;
}

static int
value(struct parser *p, enum expect *want)
{
	int at_field = p->at_field;
	char c = p->s[p->pos];
	size_t start = p->pos;

	p->at_field = 0;
	if (at_field)
		p->found = JSONL_NOTSTRING;
	if (c == '{' || c == '[')
		return open_container(p, want);
	*want = EXPECT_NEXT;
	if (c == '"') {
		if (scan_string(p) == -1)
			return -1;
		if (at_field) {
			p->found = JSONL_OK;
			p->f->start = start;
			p->f->end = p->pos;
		}
		return 0;
	}
	if (c == 't' || c == 'f' || c == 'n')
		return scan_literal(p);
	return scan_number(p);
}

/* Decode the escape at S (LEN bytes left in the string) into OUT. */
static size_t
decode_escape(const char *s, size_t len, size_t *used, char *out)
{
	static const char from[] = "bfnrt", to[] = "\b\f\n\r\t";
	const char *c;
	uint32_t cp, lo;

	*used = 2;
	if (s[1] != 'u') {
		c = strchr(from, s[1]);
		*out = c != NULL ? to[c - from] : s[1];
		return 1;
	}
	*used = 6;
	cp = hex4(s + 2);
	if (cp >= 0xD800 && cp <= 0xDBFF && len >= 12 && s[6] == '\\' &&
	    s[7] == 'u' && (lo = hex4(s + 8)) >= 0xDC00 && lo <= 0xDFFF) {
		cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
		*used = 12;
	} else if (cp >= 0xD800 && cp <= 0xDFFF)
		cp = 0xFFFD;
	return utf8_encode(cp, out);
}

/* Is the raw member name S (LEN bytes, no quotes) the one sought? */
static int
name_is(const struct parser *p, const char *s, size_t len)
{
	size_t i = 0, j = 0, n, used;
	char u[4];

	if (memchr(s, '\\', len) == NULL)
		return len == p->namelen && memcmp(s, p->name, len) == 0;
	while (i < len) {
		if (s[i] != '\\') {
			if (j == p->namelen || s[i] != p->name[j])
				return 0;
			i++;
			j++;
			continue;
		}
		n = decode_escape(s + i, len - i, &used, u);
		if (n > p->namelen - j || memcmp(u, p->name + j, n) != 0)
			return 0;
		i += used;
		j += n;
	}
	return j == p->namelen;
}

static int
member(struct parser *p, enum expect *want)
{
	size_t start = p->pos;

	if (p->s[p->pos] != '"')
		return fail(p, "expected a member name");
	if (scan_string(p) == -1)
		return -1;
	p->at_field = p->depth == 1 && p->found == JSONL_NOFIELD &&
	    name_is(p, p->s + start + 1, p->pos - start - 2);
	skip_space(p);
	if (p->pos == p->len || p->s[p->pos] != ':')
		return fail(p, "expected ':'");
	p->pos++;
	*want = EXPECT_VALUE;
	return 0;
}

static int
next(struct parser *p, enum expect *want)
{
	char top = p->stack[p->depth - 1];

	if (p->s[p->pos] == ',') {
		p->pos++;
		*want = top == '{' ? EXPECT_MEMBER : EXPECT_VALUE;
		return 0;
	}
	if (p->s[p->pos] == closing(top)) {
		p->pos++;
		p->depth--;
		return 0;
	}
	return fail(p, top == '{' ? "expected ',' or '}'" :
	    "expected ',' or ']'");
}

static int
walk(struct parser *p)
{
	enum expect want = EXPECT_VALUE;
	int r;

	skip_space(p);
	if (p->pos == p->len || p->s[p->pos] != '{')
		return fail(p, "not a JSON object");
	do {
		skip_space(p);
		if (p->pos == p->len)
			return fail(p, "unexpected end of record");
		if (want == EXPECT_VALUE)
			r = value(p, &want);
		else if (want == EXPECT_MEMBER)
			r = member(p, &want);
		else
			r = next(p, &want);
		if (r == -1)
			return -1;
	} while (p->depth > 0);
	skip_space(p);
	if (p->pos != p->len)
		return fail(p, "text after the object");
	return 0;
}

enum jsonl_status
jsonl_record(const char *rec, size_t len, const char *name, size_t namelen,
    struct jsonl_found *f)
{
	struct parser p;

	memset(f, 0, sizeof(*f));
	p.s = rec;
	p.len = len;
	p.pos = 0;
	p.name = name;
	p.namelen = namelen;
	p.depth = 0;
	p.at_field = 0;
	p.found = JSONL_NOFIELD;
	p.f = f;
	if (walk(&p) == -1)
		return JSONL_INVALID;
	return p.found;
}

void
jsonl_decode(const char *s, size_t len, struct buf *out)
{
	const char *bs;
	size_t n, used;

	s++;
	len -= 2;
	/* Decoding never makes text longer. */
	buf_reserve(out, len + 1);
	while (len > 0) {
		bs = memchr(s, '\\', len);
		n = bs != NULL ? (size_t)(bs - s) : len;
		memcpy(out->data + out->len, s, n);
		out->len += n;
		if (bs == NULL)
			break;
		out->len += decode_escape(bs, len - n, &used,
		    out->data + out->len);
		s = bs + used;
		len -= n + used;
	}
	out->data[out->len] = '\0';
}

void
jsonl_encode(const char *s, size_t len, struct buf *out)
{
	static const char hex[] = "0123456789abcdef";
	static const char from[] = "\b\f\n\r\t", to[] = "bfnrt";
	const char *c;
	char esc[6] = { '\\', 'u', '0', '0' };
	size_t i, run = 0;
	unsigned char b;

	buf_reserve(out, len + 1);
	for (i = 0; i < len; i++) {
		b = (unsigned char)s[i];
		if (b >= 0x20 && b != '"' && b != '\\')
			continue;
		buf_add(out, s + run, i - run);
		run = i + 1;
		if (b == '"' || b == '\\') {
			esc[1] = (char)b;
			buf_add(out, esc, 2);
		} else if (b != 0 && (c = strchr(from, b)) != NULL) {
			esc[1] = to[c - from];
			buf_add(out, esc, 2);
		} else {
			esc[1] = 'u';
			esc[4] = hex[b >> 4];
			esc[5] = hex[b & 15];
			buf_add(out, esc, 6);
		}
	}
	buf_add(out, s + run, len - run);
}
