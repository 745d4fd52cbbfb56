/*
 * jsonl.c as a table: record, member sought, expected status and, for
 * a string found, its decoded value.
 */
#include <stdio.h>
#include <string.h>

#include "jsonl.h"

struct jcase {
	const char	*rec;
	const char	*name;
	enum jsonl_status want;
	const char	*value;		/* decoded; NULL: not checked */
	size_t		 vlen;		/* when the value holds a NUL */
};

#define OK(r, n, v)	{ r, n, JSONL_OK, v, sizeof(v) - 1 }
#define BAD(r)		{ r, "text", JSONL_INVALID, NULL, 0 }

static const struct jcase cases[] = {
	OK("{\"text\":\"a\"}", "text", "a"),
	OK(" {\"text\" : \"a b\" }\r", "text", "a b"),
	OK("{\"id\":1,\"text\":\"\"}", "text", ""),
	OK("{\"text\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"}", "text",
	    "\"\\/\b\f\n\r\t"),
	OK("{\"text\":\"caf\\u00e9 caf\\u00E9\"}", "text",
	    "caf\xC3\xA9 caf\xC3\xA9"),
	OK("{\"text\":\"\\ud83d\\ude00\"}", "text", "\xF0\x9F\x98\x80"),
	OK("{\"text\":\"a\\ud800b\"}", "text", "a\xEF\xBF\xBD" "b"),
	OK("{\"text\":\"\\udc00\\ud800\"}", "text",
	    "\xEF\xBF\xBD\xEF\xBF\xBD"),
	OK("{\"text\":\"\\ud800\\u0041\"}", "text", "\xEF\xBF\xBD" "A"),
	OK("{\"text\":\"x\\u0000y\"}", "text", "x\0y"),
	OK("{\"text\":\"raw \xC3\xA9 \xFF\"}", "text", "raw \xC3\xA9 \xFF"),
	OK("{\"te\\u0078t\":\"esc\"}", "text", "esc"),
	OK("{\"text\":\"first\",\"text\":\"second\"}", "text", "first"),
	OK("{\"a\":{\"text\":1},\"b\":[\"text\"],\"text\":\"top\"}", "text",
	    "top"),
	OK("{\"body\":\"b\",\"text\":5}", "body", "b"),
	OK("{\"n\":[-0.5e+3,0,1E2,true,false,null,{},[]],\"text\":\"v\"}",
	    "text", "v"),
	{ "{\"id\":1}", "text", JSONL_NOFIELD, NULL, 0 },
	{ "{\"a\":{\"text\":\"deep\"}}", "text", JSONL_NOFIELD, NULL, 0 },
	{ "{\"text\":5}", "text", JSONL_NOTSTRING, NULL, 0 },
	{ "{\"text\":null}", "text", JSONL_NOTSTRING, NULL, 0 },
	{ "{\"text\":[\"a\"]}", "text", JSONL_NOTSTRING, NULL, 0 },
	{ "{\"text\":{}}", "text", JSONL_NOTSTRING, NULL, 0 },
	BAD(""),
	BAD("[\"text\"]"),
	BAD("\"text\""),
	BAD("{"),
	BAD("{\"text\":\"a\""),
	BAD("{\"text\":\"a\"} x"),
	BAD("{\"text\":\"a\",}"),
	BAD("{\"text\" \"a\"}"),
	BAD("{text:\"a\"}"),
	BAD("{\"text\":'a'}"),
	BAD("{\"text\":\"a\tb\"}"),
	BAD("{\"text\":\"a\\x\"}"),
	BAD("{\"text\":\"\\u12G4\"}"),
	BAD("{\"text\":\"\\u12\"}"),
	BAD("{\"text\":\"a\\"),
	BAD("{\"n\":01,\"text\":\"a\"}"),
	BAD("{\"n\":1.,\"text\":\"a\"}"),
	BAD("{\"n\":-,\"text\":\"a\"}"),
	BAD("{\"n\":1e,\"text\":\"a\"}"),
	BAD("{\"n\":tru,\"text\":\"a\"}"),
	BAD("{\"n\":[1,],\"text\":\"a\"}"),
	BAD("{\"n\":[1}],\"text\":\"a\"}"),
	BAD("{\"text\":\"a\"}}"),
};

static int
check_case(const struct jcase *c)
{
	struct jsonl_found f;
	struct buf out = { 0 };
	enum jsonl_status st;
	int ok = 1;

	st = jsonl_record(c->rec, strlen(c->rec), c->name, strlen(c->name), &f);
	if (st != c->want) {
		printf("%s: status %d, want %d (%s)\n", c->rec, st, c->want,
		    f.error ? f.error : "");
		return 0;
	}
	if (st == JSONL_INVALID && f.error == NULL) {
		printf("%s: invalid without a reason\n", c->rec);
		return 0;
	}
	if (c->value == NULL)
		return 1;
	jsonl_decode(c->rec + f.start, f.end - f.start, &out);
	if (out.len != c->vlen || memcmp(out.data, c->value, out.len) != 0) {
		printf("%s: decoded to '%.*s'\n", c->rec, (int)out.len,
		    out.data);
		ok = 0;
	}
	buf_free(&out);
	return ok;
}

/* Encoding then decoding gives the text back, escapes as JSON wants. */
static int
check_encode(void)
{
	static const char text[] = "q\"b\\s/ \x01\x1F\b\f\n\r\t\0 \xC3\xA9 \x7F";
	static const char want[] = "q\\\"b\\\\s/ \\u0001\\u001f\\b\\f\\n\\r\\t"
	    "\\u0000 \xC3\xA9 \x7F";
	struct buf enc = { 0 }, quoted = { 0 }, dec = { 0 };
	int ok;

	jsonl_encode(text, sizeof(text) - 1, &enc);
	buf_add(&quoted, "\"", 1);
	buf_add(&quoted, enc.data, enc.len);
	buf_add(&quoted, "\"", 1);
	jsonl_decode(quoted.data, quoted.len, &dec);
	ok = enc.len == sizeof(want) - 1 && memcmp(enc.data, want,
	    enc.len) == 0 && dec.len == sizeof(text) - 1 &&
	    memcmp(dec.data, text, dec.len) == 0;
	if (!ok)
		printf("encode: got '%.*s'\n", (int)enc.len, enc.data);
	buf_free(&enc);
	buf_free(&quoted);
	buf_free(&dec);
	return ok;
}

/* Nesting deeper than the parser allows is refused, not overflowed. */
static int
check_depth(void)
{
	static char rec[3000];
	struct jsonl_found f;
	size_t i, n = 0;

	rec[n++] = '{';
	memcpy(rec + n, "\"a\":", 4);
	n += 4;
	for (i = 0; i < 2000; i++)
		rec[n++] = '[';
	return jsonl_record(rec, n, "text", 4, &f) == JSONL_INVALID;
}

int
main(void)
{
	size_t i, failed = 0;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		failed += !check_case(&cases[i]);
	failed += !check_encode();
	failed += !check_depth();
	if (failed)
		printf("unit_jsonl: %zu failed\n", failed);
	return failed > 0;
}
