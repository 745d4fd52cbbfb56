/*
 * libFuzzer target: the whole cleaner on arbitrary bytes.
 *
 * Input byte 0 picks options (bit 0: NUL-separated documents, bit 1:
 * no judgement, bit 2: read through read_stream and iconv from the
 * encoding bits 3-4 pick, bit 5: wrapped lines joined), byte 1 seeds
 * the chunk sizes, the rest is the text.  It goes through the splitter,
 * the paragraph joiner, the normalizer, the embedded
 * default rules and the look-ahead window twice: whole, and in chunks of
 * random sizes.  Every delivered piece must be valid UTF-8 without
 * control characters, and both runs must deliver the same thing, since
 * where read(2) happens to split the input must not matter.
 */
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include "document.h"
#include "embedded.h"
#include "reader.h"
#include "unwrap.h"
#include "utf8.h"
#include "util.h"

static struct ruleset *rules;
static struct normalizer *norm;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const struct embedded_file *e;
	(void)argc;
	(void)argv;
	rules = ruleset_new();
	for (e = embedded_rules; e->name != NULL; e++)
		if (ruleset_parse(rules, e->name, e->text, strlen(e->text)))
			abort();
	ruleset_compile(rules);
	norm = normalizer_new();
	return 0;
}

struct run {
	struct document	*doc;
	struct unwrap	*unwrap;	/* NULL unless bit 5 */
	struct buf	 out;	/* every delivery, tagged */
};

static void
deliver(void *ctx, const struct decision *dec, const char *s, size_t len,
    unsigned part)
{
	struct run *r = ctx;
	char tag[2];
	size_t i;

	if (utf8_invalid_at(s, len) != SIZE_MAX)
		abort();
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7F)
			abort();
	tag[0] = (char)('0' + (dec->keep ? 4 : 0) + (int)part);
	tag[1] = ':';
	buf_add(&r->out, tag, 2);
	buf_add(&r->out, s, len);
	buf_add(&r->out, "\n", 1);
}

static void
on_begin(void *ctx)
{
	struct run *r = ctx;

	buf_add(&r->out, "<doc>\n", 6);
	document_begin(r->doc);
	if (r->unwrap != NULL)
		unwrap_begin(r->unwrap);
}

static void
to_document(void *ctx, const char *s, size_t len, unsigned flags)
{
	document_line(((struct run *)ctx)->doc, s, len, flags);
}

static void
on_line(void *ctx, const char *s, size_t len, unsigned flags)
{
	struct run *r = ctx;

	if (r->unwrap != NULL)
		unwrap_line(r->unwrap, s, len, flags);
	else
		to_document(r, s, len, flags);
}

static void
on_end(void *ctx)
{
	struct run *r = ctx;

	if (r->unwrap != NULL)
		unwrap_end(r->unwrap);
	document_end(r->doc);
	buf_add(&r->out, "</doc>\n", 7);
}

/* Feed TEXT in chunks sized by SEED (0: all at once); what was delivered. */
static void
clean(const char *text, size_t len, unsigned opts, unsigned seed,
    struct buf *out)
{
	struct reader_config rc;
	struct doc_config dc;
	struct splitter sp;
	struct run r;
	size_t n;

	memset(&dc, 0, sizeof(dc));
	dc.rules = rules;
	dc.norm = norm;
	dc.judge = !(opts & 2);
	dc.deliver = deliver;
	dc.ctx = &r;
	memset(&r, 0, sizeof(r));
	r.doc = document_new(&dc);
	if (opts & 0x20)
		r.unwrap = unwrap_new(to_document, &r);
	memset(&rc, 0, sizeof(rc));
	rc.nul_docs = opts & 1;
	rc.line = on_line;
	rc.doc_begin = on_begin;
	rc.doc_end = on_end;
	rc.ctx = &r;
	splitter_init(&sp, &rc);
	while (len > 0) {
		n = len;
		if (seed != 0) {
			seed = seed * 1103515245u + 12345u;
			n = 1 + (seed >> 16) % 17;
			if (n > len)
				n = len;
		}
		splitter_feed(&sp, text, n);
		text += n;
		len -= n;
	}
	splitter_finish(&sp);
	splitter_free(&sp);
	unwrap_free(r.unwrap);
	document_free(r.doc);
	*out = r.out;
}

/* Through read_stream from a file, as the program reads it. */
static void
read_file(const char *text, size_t len, unsigned opts)
{
	static const char *const encodings[] = {
		NULL, "UTF-16LE", "SHIFT_JIS", "GB18030"
	};
	struct reader_config rc;
	struct doc_config dc;
	struct run r;
	int fd;

	if ((fd = memfd_create("fuzz", 0)) == -1 ||
	    write(fd, text, len) != (ssize_t)len || lseek(fd, 0, SEEK_SET) != 0)
		abort();
	memset(&dc, 0, sizeof(dc));
	dc.rules = rules;
	dc.norm = norm;
	dc.judge = !(opts & 2);
	dc.deliver = deliver;
	dc.ctx = &r;
	memset(&r, 0, sizeof(r));
	r.doc = document_new(&dc);
	if (opts & 0x20)
		r.unwrap = unwrap_new(to_document, &r);
	memset(&rc, 0, sizeof(rc));
	rc.nul_docs = opts & 1;
	rc.encoding = encodings[(opts >> 3) & 3];
	rc.line = on_line;
	rc.doc_begin = on_begin;
	rc.doc_end = on_end;
	rc.ctx = &r;
	if (read_stream(fd, "fuzz", &rc) != 0)
		abort();
	close(fd);
	unwrap_free(r.unwrap);
	document_free(r.doc);
	buf_free(&r.out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf whole, chunked;

	if (size < 2)
		return 0;
	if (data[0] & 4) {
		read_file((const char *)data + 2, size - 2, data[0]);
		return 0;
	}
	clean((const char *)data + 2, size - 2, data[0], 0, &whole);
	clean((const char *)data + 2, size - 2, data[0], data[1] | 0x100u,
	    &chunked);
	if (whole.len != chunked.len || (whole.len > 0 &&
	    memcmp(whole.data, chunked.data, whole.len) != 0))
		abort();
	buf_free(&whole);
	buf_free(&chunked);
	return 0;
}
