/*
 * libFuzzer target: --wet on arbitrary bytes.
 *
 * Input byte 0 picks the path (bit 0: the whole of --wet, from a file,
 * gzip members included, through docmode_read), byte 1 seeds the chunk
 * sizes, the rest is the stream.  The WARC parser is fed the stream
 * whole and in chunks of random sizes: both must report the same
 * records with the same bodies and fail at the same record, as where a
 * read ends must not matter.  Through docmode_read, every line written
 * must be a JSON record with string members url, date and text.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "docmode.h"
#include "jsonl.h"
#include "pipeline.h"
#include "wet.h"

/* Every event, tagged; consecutive body chunks joined. */
struct events {
	struct buf	 log;
	int		 in_body, open;
};

static void
ev_begin(void *ctx, const struct buf *url, const struct buf *date)
{
	struct events *e = ctx;

	if (e->open)
		abort();	/* a record begins inside another */
	e->open = 1;
	e->in_body = 0;
	buf_add(&e->log, "<", 1);
	buf_add(&e->log, url->data ? url->data : "", url->len);
	buf_add(&e->log, "|", 1);
	buf_add(&e->log, date->data ? date->data : "", date->len);
	buf_add(&e->log, ">", 1);
}

static void
ev_body(void *ctx, const char *s, size_t len)
{
	struct events *e = ctx;

	if (!e->open)
		abort();	/* a body outside a record */
	buf_add(&e->log, s, len);
}

static void
ev_end(void *ctx)
{
	struct events *e = ctx;

	if (!e->open)
		abort();
	e->open = 0;
	buf_add(&e->log, "</>", 3);
}

static void
parse(const char *s, size_t len, unsigned seed, struct buf *log)
{
	struct events e;
	const struct wet_handler h = { ev_begin, ev_body, ev_end, &e };
	struct warc w;
	size_t n;
	int st = 0;

	memset(&e, 0, sizeof(e));
	warc_init(&w, &h);
	while (len > 0 && st == 0) {
		n = len;
		if (seed != 0) {
			seed = seed * 1103515245u + 12345u;
			n = 1 + (seed >> 16) % 61;
			if (n > len)
				n = len;
		}
		st = warc_feed(&w, s, n);
		s += n;
		len -= n;
	}
	if (st == 0)
		st = warc_finish(&w);
	if (st != 0 && w.error == NULL)
		abort();
	buf_add(&e.log, st == 0 ? "OK" : "ERROR", st == 0 ? 2 : 5);
	warc_free(&w);
	*log = e.log;
}

static void
check_line(const char *s, size_t len)
{
	static const char *const members[] = { "url", "date", "text" };
	struct jsonl_found f;
	int i;

	for (i = 0; i < 3; i++)
		if (jsonl_record(s, len, members[i], strlen(members[i]), &f) !=
		    JSONL_OK)
			abort();
}

static void
run_docmode(const char *text, size_t len)
{
	struct pipeline p;
	struct docmode dm;
	struct output *out;
	struct buf got = { 0 };
	const char *op, *oend, *nl;
	int in, fd;

	out = xmalloc(sizeof(*out));
	fd = memfile("", 0);
	output_init(out, fd, "fuzz output");
	pipeline_init(&p, out);
	docmode_init(&dm, MODE_WET, "text", &p.rc, out);
	in = memfile(text, len);
	(void)docmode_read(&dm, in, "fuzz");
	close(in);
	output_flush(out);
	memfile_contents(fd, &got);
	buf_add(&got, "", 0);	/* data never NULL */
	for (op = got.data, oend = got.data + got.len; op != NULL && op < oend;
	    op = nl + 1) {
		if ((nl = memchr(op, '\n', (size_t)(oend - op))) == NULL)
			abort();	/* a record without its line end */
		check_line(op, (size_t)(nl - op));
	}
	docmode_free(&dm);
	pipeline_free(&p);
	buf_free(&got);
	close(fd);
	free(out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf whole, chunked;

	if (size < 2)
		return 0;
	if (data[0] & 1) {
		run_docmode((const char *)data + 2, size - 2);
		return 0;
	}
	parse((const char *)data + 2, size - 2, 0, &whole);
	parse((const char *)data + 2, size - 2, data[1] | 0x100u, &chunked);
	if (whole.len != chunked.len ||
	    memcmp(whole.data, chunked.data, whole.len) != 0)
		abort();
	buf_free(&whole);
	buf_free(&chunked);
	return 0;
}
