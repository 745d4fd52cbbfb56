/* See pipeline.h. */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "embedded.h"
#include "pipeline.h"

static struct ruleset *rules;
static struct normalizer *norm;

static void
deliver(void *ctx, const struct decision *dec, const char *s, size_t len,
    unsigned part)
{
	struct pipeline *p = ctx;

	if (!dec->keep)
		return;
	if (part & PART_BEGIN) {
		if (p->started)
			output_write(p->out, "\n", 1);
		p->started = 1;
	}
	output_write(p->out, s, len);
	if (part & PART_END)
		output_write(p->out, "\n", 1);
}

static void
on_begin(void *ctx)
{
	struct pipeline *p = ctx;

	p->started = 0;
	document_begin(p->doc);
}

static void
on_line(void *ctx, const char *s, size_t len, unsigned flags)
{
	document_line(((struct pipeline *)ctx)->doc, s, len, flags);
}

static void
on_end(void *ctx)
{
	document_end(((struct pipeline *)ctx)->doc);
}

void
pipeline_init(struct pipeline *p, struct output *out)
{
	const struct embedded_file *e;

	if (rules == NULL) {
		rules = ruleset_new();
		for (e = embedded_rules; e->name != NULL; e++)
			if (ruleset_parse(rules, e->name, e->text,
			    strlen(e->text)))
				abort();
		ruleset_compile(rules);
		norm = normalizer_new();
	}
	memset(p, 0, sizeof(*p));
	p->out = out;
	p->dc.rules = rules;
	p->dc.norm = norm;
	p->dc.judge = 1;
	p->dc.deliver = deliver;
	p->dc.ctx = p;
	p->doc = document_new(&p->dc);
	p->rc.line = on_line;
	p->rc.doc_begin = on_begin;
	p->rc.doc_end = on_end;
	p->rc.ctx = p;
}

void
pipeline_free(struct pipeline *p)
{
	document_free(p->doc);
}

int
memfile(const char *data, size_t len)
{
	int fd;

	if ((fd = memfd_create("fuzz", 0)) == -1 ||
	    write(fd, data, len) != (ssize_t)len ||
	    lseek(fd, 0, SEEK_SET) != 0)
		abort();
	return fd;
}

void
memfile_contents(int fd, struct buf *b)
{
	char chunk[65536];
	ssize_t r;

	b->len = 0;
	if (lseek(fd, 0, SEEK_SET) != 0)
		abort();
	while ((r = read(fd, chunk, sizeof(chunk))) > 0)
		buf_add(b, chunk, (size_t)r);
	if (r < 0)
		abort();
}
