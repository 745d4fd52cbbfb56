/*
 * libFuzzer target: --jsonl on arbitrary bytes.
 *
 * Input byte 0 picks the member to clean, the rest is the stream.  Each
 * line goes through jsonl_record: a member found must lie inside the
 * line between quotes, decode to valid UTF-8 when the line is valid
 * UTF-8, and survive encoding and decoding again.  Then the whole stream
 * goes through docmode_read as --jsonl reads it: one line out for each
 * line in, a line that is not a record with the member unchanged, and a
 * record still a valid record with the same bytes around the member.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "docmode.h"
#include "jsonl.h"
#include "pipeline.h"
#include "utf8.h"

static const char *const fields[] = { "text", "a", "", "t\xC3\xA9xt", "x" };

static void
check_found(const char *s, size_t len, const struct jsonl_found *f)
{
	if (f->start >= f->end || f->end > len || f->end - f->start < 2 ||
	    s[f->start] != '"' || s[f->end - 1] != '"')
		abort();
}

/* Encode V as the member FIELD of a new record; it must decode to V. */
static void
round_trip(const char *field, const struct buf *v)
{
	struct buf rec = { 0 }, again = { 0 };
	struct jsonl_found f;

	buf_add(&rec, "{\"", 2);
	jsonl_encode(field, strlen(field), &rec);
	buf_add(&rec, "\": 1, \"", 7);
	jsonl_encode(field, strlen(field), &rec);
	buf_add(&rec, "\":\"", 3);
	jsonl_encode(v->data ? v->data : "", v->len, &rec);
	buf_add(&rec, "\"}", 2);
	if (jsonl_record(rec.data, rec.len, field, strlen(field), &f) !=
	    JSONL_NOTSTRING)
		abort();	/* the first member of that name counts */
	rec.len = 0;
	buf_add(&rec, "{\"", 2);
	jsonl_encode(field, strlen(field), &rec);
	buf_add(&rec, "\":\"", 3);
	jsonl_encode(v->data ? v->data : "", v->len, &rec);
	buf_add(&rec, "\"}", 2);
	if (jsonl_record(rec.data, rec.len, field, strlen(field), &f) !=
	    JSONL_OK)
		abort();
	check_found(rec.data, rec.len, &f);
	jsonl_decode(rec.data + f.start, f.end - f.start, &again);
	if (again.len != v->len ||
	    (v->len > 0 && memcmp(again.data, v->data, v->len) != 0))
		abort();
	buf_free(&rec);
	buf_free(&again);
}

/* The status of LINE as a record; checks what was found. */
static enum jsonl_status
check_record(const char *field, const char *s, size_t len,
    struct jsonl_found *f)
{
	struct buf v = { 0 };
	enum jsonl_status st;

	st = jsonl_record(s, len, field, strlen(field), f);
	if (st == JSONL_INVALID && (f->error == NULL || f->error_at > len))
		abort();
	if (st != JSONL_OK)
		return st;
	check_found(s, len, f);
	jsonl_decode(s + f->start, f->end - f->start, &v);
	if (utf8_invalid_at(s, len) == SIZE_MAX) {
		if (v.len > 0 && utf8_invalid_at(v.data, v.len) != SIZE_MAX)
			abort();
		round_trip(field, &v);
	}
	buf_free(&v);
	return st;
}

static int
blank(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}

/* Input line IN came out as OUT. */
static void
check_pair(const char *field, const char *in, size_t inlen, const char *out,
    size_t outlen)
{
	struct jsonl_found fi, fo;
	struct buf v = { 0 };

	if (blank(in, inlen) || check_record(field, in, inlen, &fi) !=
	    JSONL_OK) {
		if (inlen != outlen || (inlen > 0 && memcmp(in, out, inlen)))
			abort();
		return;
	}
	if (jsonl_record(out, outlen, field, strlen(field), &fo) != JSONL_OK)
		abort();
	if (fo.start != fi.start || memcmp(in, out, fi.start) != 0 ||
	    inlen - fi.end != outlen - fo.end ||
	    memcmp(in + fi.end, out + fo.end, inlen - fi.end) != 0)
		abort();
	jsonl_decode(out + fo.start, fo.end - fo.start, &v);
	if (v.len > 0 && utf8_invalid_at(v.data, v.len) != SIZE_MAX)
		abort();
	buf_free(&v);
}

static void
run_docmode(const char *field, const char *text, size_t len)
{
	struct pipeline p;
	struct docmode dm;
	struct output *out;
	struct buf got = { 0 };
	const char *ip, *iend = text + len, *inl, *op, *oend, *onl;
	int in, fd;

	out = xmalloc(sizeof(*out));
	fd = memfile("", 0);
	output_init(out, fd, "fuzz output");
	pipeline_init(&p, out);
	docmode_init(&dm, MODE_JSONL, field, &p.rc, out);
	in = memfile(text, len);
	(void)docmode_read(&dm, in, "fuzz");
	close(in);
	output_flush(out);
	memfile_contents(fd, &got);
	buf_add(&got, "", 0);	/* data never NULL */
	for (ip = text, op = got.data, oend = got.data + got.len; ip < iend;
	    ip = inl + 1, op = onl + 1) {
		if ((inl = memchr(ip, '\n', (size_t)(iend - ip))) == NULL)
			inl = iend;
		if (op == NULL || op >= oend ||
		    (onl = memchr(op, '\n', (size_t)(oend - op))) == NULL)
			abort();	/* a line in, no line out */
		check_pair(field, ip, (size_t)(inl - ip), op,
		    (size_t)(onl - op));
	}
	if (op != oend)
		abort();		/* more lines out than in */
	docmode_free(&dm);
	pipeline_free(&p);
	buf_free(&got);
	close(fd);
	free(out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data + 1, *end, *p, *nl;
	const char *field;
	struct jsonl_found f;

	if (size < 1)
		return 0;
	field = fields[data[0] % (sizeof(fields) / sizeof(fields[0]))];
	end = (const char *)data + size;
	for (p = text; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		(void)check_record(field, p, (size_t)(nl - p), &f);
	}
	run_docmode(field, text, size - 1);
	return 0;
}
