/*
 * One streaming pass with bounded memory, as CCNet does it with a hash
 * set: a fixed table of block hashes, each with the number of documents
 * it was seen in and the last document that counted it (so a block
 * repeated inside one document counts once).  When the table is three
 * quarters full, blocks not yet in it are no longer counted: they can
 * never become chrome, so a full table keeps text rather than losing it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crossdoc.h"
#include "util.h"

#define SLOTS		(1UL << 20)	/* power of two */
#define SLOTS_MAX	(SLOTS / 4 * 3)

struct slot {
	uint64_t	hash;		/* 0: empty */
	uint32_t	docs;
	uint32_t	lastdoc;
};

struct crossdoc {
	struct slot	*slots;
	size_t		 used;
	uint32_t	 threshold;
	uint32_t	 doc;
	unsigned long	 documents;
	struct buf	 learned;	/* recognised blocks, one per line */
	size_t		 nlearned;
};

struct crossdoc *
crossdoc_new(unsigned long threshold)
{
	struct crossdoc *cd;

	cd = xcalloc(1, sizeof(*cd));
	cd->slots = xcalloc(SLOTS, sizeof(*cd->slots));
	cd->threshold = (uint32_t)threshold;
	return cd;
}

void
crossdoc_free(struct crossdoc *cd)
{
	if (cd == NULL)
		return;
	free(cd->slots);
	buf_free(&cd->learned);
	free(cd);
}

void
crossdoc_next_document(struct crossdoc *cd)
{
	/* 0 marks a slot no document counted yet. */
	if (++cd->doc == 0)
		cd->doc = 1;
	cd->documents++;
}

static struct slot *
find_slot(struct crossdoc *cd, uint64_t h)
{
	size_t i = (size_t)h & (SLOTS - 1);

	while (cd->slots[i].hash != 0 && cd->slots[i].hash != h)
		i = (i + 1) & (SLOTS - 1);
	if (cd->slots[i].hash == 0) {
		if (cd->used == SLOTS_MAX)
			return NULL;
		cd->slots[i].hash = h;
		cd->used++;
	}
	return &cd->slots[i];
}

int
crossdoc_note(void *ctx, const char *s, size_t len)
{
	struct crossdoc *cd = ctx;
	struct slot *sl;

	if (cd->doc == 0 || (sl = find_slot(cd, hash_bytes(s, len))) == NULL)
		return 0;
	if (sl->lastdoc != cd->doc) {
		sl->lastdoc = cd->doc;
		if (sl->docs < UINT32_MAX)
			sl->docs++;
		if (sl->docs == cd->threshold) {
			buf_add(&cd->learned, s, len);
			buf_add(&cd->learned, "\n", 1);
			cd->nlearned++;
		}
	}
	return sl->docs >= cd->threshold;
}

/* The block as a pattern matching it alone: ^\Q...\E$, with every \E of
 * the text itself written as \E\\E\Q. */
static void
write_rule(FILE *f, const char *s, size_t len)
{
	const char *e;

	fputs("drop\t^\\Q", f);
	while ((e = memmem(s, len, "\\E", 2)) != NULL) {
		fwrite(s, 1, (size_t)(e - s), f);
		fputs("\\E\\\\E\\Q", f);
		len -= (size_t)(e - s) + 2;
		s = e + 2;
	}
	fwrite(s, 1, len, f);
	fputs("\\E$\n", f);
}

int
crossdoc_write_rules(const struct crossdoc *cd, const char *path)
{
	const char *s = cd->learned.data, *nl;
	FILE *f;

	if ((f = fopen(path, "w")) == NULL) {
		warn("%s", path);
		return -1;
	}
	fprintf(f, "# Chrome learned by newsclean --repeated=%lu: %zu blocks "
	    "found in %lu\n# or more of %lu documents.  "
	    "Use: newsclean -r %s\n", (unsigned long)cd->threshold,
	    cd->nlearned, (unsigned long)cd->threshold, cd->documents, path);
	for (; s != NULL && s < cd->learned.data + cd->learned.len; s = nl + 1) {
		nl = memchr(s, '\n', cd->learned.len -
		    (size_t)(s - cd->learned.data));
		write_rule(f, s, (size_t)(nl - s));
	}
	if (fflush(f) == EOF || ferror(f)) {
		warn("%s", path);
		fclose(f);
		return -1;
	}
	if (fclose(f) == EOF) {
		warn("%s", path);
		return -1;
	}
	return 0;
}
