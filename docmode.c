/*
 * One document in, one record out.  A record's text is cleaned by the
 * same callbacks, in the same way, as plain input: it is fed through a
 * splitter while the output is captured, and the captured bytes, less
 * the final newline plain mode ends a document with, become the new
 * value.  So a field's new value is exactly what plain mode prints for
 * the same text.
 */
#include <string.h>
#include <unistd.h>

#include "docmode.h"
#include "jsonl.h"
#include "wet.h"

#define READ_SIZE	(256 * 1024)
#define ESCAPE_SLICE	(64 * 1024)

void
docmode_init(struct docmode *dm, enum docmode_kind kind, const char *field,
    const struct reader_config *rc, struct output *out)
{
	memset(dm, 0, sizeof(*dm));
	dm->kind = kind;
	dm->field = field;
	dm->fieldlen = strlen(field);
	dm->rc = rc;
	dm->out = out;
}

void
docmode_free(struct docmode *dm)
{
	buf_free(&dm->text);
	buf_free(&dm->record);
	buf_free(&dm->value);
	buf_free(&dm->escaped);
}

static void
clean_begin(struct docmode *dm)
{
	splitter_init(&dm->sp, dm->rc);
	dm->text.len = 0;
	dm->out->capture = &dm->text;
}

static void
clean_end(struct docmode *dm)
{
	struct splitter *sp = &dm->sp;

	if (!sp->in_doc && sp->line.len == 0 && !sp->in_piece) {
		/* No text at all is still a document: an empty one. */
		dm->rc->doc_begin(dm->rc->ctx);
		dm->rc->doc_end(dm->rc->ctx);
	} else
		splitter_finish(sp);
	splitter_free(sp);
	dm->out->capture = NULL;
	if (dm->text.len > 0 && dm->text.data[dm->text.len - 1] == '\n')
		dm->text.len--;
}

/* Encoded a slice at a time: escaping a byte never needs its neighbours. */
static void
write_string(struct docmode *dm, const char *s, size_t len)
{
	size_t n;

	output_write(dm->out, "\"", 1);
	for (; len > 0; s += n, len -= n) {
		n = len < ESCAPE_SLICE ? len : ESCAPE_SLICE;
		dm->escaped.len = 0;
		jsonl_encode(s, n, &dm->escaped);
		output_write(dm->out, dm->escaped.data, dm->escaped.len);
	}
	output_write(dm->out, "\"", 1);
}

static void
complain(struct docmode *dm, enum jsonl_status st,
    const struct jsonl_found *f)
{
	if (st == JSONL_INVALID)
		warnx("%s:%lu: invalid JSON at byte %zu: %s", dm->name,
		    dm->lineno, f->error_at + 1, f->error);
	else if (st == JSONL_NOFIELD)
		warnx("%s:%lu: no member \"%s\"", dm->name, dm->lineno,
		    dm->field);
	else
		warnx("%s:%lu: member \"%s\" is not a string", dm->name,
		    dm->lineno, dm->field);
	dm->bad++;
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

static void
jsonl_line(struct docmode *dm, const char *s, size_t len)
{
	struct jsonl_found f;
	enum jsonl_status st;

	dm->lineno++;
	if (blank(s, len))
		;	/* not a record: passed on as it is */
	else if ((st = jsonl_record(s, len, dm->field, dm->fieldlen,
	    &f)) != JSONL_OK)
		complain(dm, st, &f);
	else {
		dm->value.len = 0;
		jsonl_decode(s + f.start, f.end - f.start, &dm->value);
		clean_begin(dm);
		splitter_feed(&dm->sp, dm->value.data, dm->value.len);
		clean_end(dm);
		output_write(dm->out, s, f.start);
		write_string(dm, dm->text.data, dm->text.len);
		s += f.end;
		len -= f.end;
	}
	output_write(dm->out, s, len);
	output_write(dm->out, "\n", 1);
}

static int
jsonl_read(struct docmode *dm, int fd)
{
	static char in[READ_SIZE];
	const char *p, *end, *nl;
	ssize_t r = 0;

	while (!interrupted && (r = read_some(fd, in, sizeof(in))) > 0) {
		for (p = in, end = in + r;
		    (nl = memchr(p, '\n', (size_t)(end - p))) != NULL;
		    p = nl + 1) {
			if (dm->record.len == 0) {
				jsonl_line(dm, p, (size_t)(nl - p));
				continue;
			}
			buf_add(&dm->record, p, (size_t)(nl - p));
			jsonl_line(dm, dm->record.data, dm->record.len);
			dm->record.len = 0;
		}
		buf_add(&dm->record, p, (size_t)(end - p));
	}
	if (interrupted)
		return 0;
	if (r < 0) {
		warn("%s", dm->name);
		return -1;
	}
	if (dm->record.len > 0)
		jsonl_line(dm, dm->record.data, dm->record.len);
	dm->record.len = 0;
	return dm->bad > 0 ? -1 : 0;
}

static void
wet_begin(void *ctx, const struct buf *url, const struct buf *date)
{
	struct docmode *dm = ctx;

	dm->url = url;
	dm->date = date;
	clean_begin(dm);
}

static void
wet_body(void *ctx, const char *s, size_t len)
{
	struct docmode *dm = ctx;

	splitter_feed(&dm->sp, s, len);
}

static void
wet_end(void *ctx)
{
	struct docmode *dm = ctx;

	clean_end(dm);
	output_write(dm->out, "{\"url\":", 7);
	write_string(dm, dm->url->data, dm->url->len);
	output_write(dm->out, ",\"date\":", 8);
	write_string(dm, dm->date->data, dm->date->len);
	output_write(dm->out, ",\"text\":", 8);
	write_string(dm, dm->text.data, dm->text.len);
	output_write(dm->out, "}\n", 2);
}

int
docmode_read(struct docmode *dm, int fd, const char *name)
{
	const struct wet_handler wet = { wet_begin, wet_body, wet_end, dm };

	dm->name = name;
	dm->lineno = 0;
	dm->bad = 0;
	switch (dm->kind) {
	case MODE_JSONL:
		return jsonl_read(dm, fd);
	case MODE_WET:
		return wet_read(fd, name, &wet);
	default:
		return read_stream(fd, name, dm->rc);
	}
}
