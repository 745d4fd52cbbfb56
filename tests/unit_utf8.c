/*
 * utf8.c against a plain byte-at-a-time reading of RFC 3629: every
 * sequence kind, valid and broken, at every offset of a run of ASCII,
 * so that the eight-bytes-at-a-time paths meet it in each lane.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "utf8.h"

static int failures, checks;

static void
check(int ok, const char *what, size_t off, const char *seq)
{
	checks++;
	if (!ok) {
		failures++;
		fprintf(stderr, "unit_utf8: FAIL %s at %zu (seq %02x)\n", what,
		    off, (unsigned char)seq[0]);
	}
}

struct seq {
	const char	*bytes;
	int		 valid;
	uint32_t	 two;	/* what utf8_two reads at its start */
	uint32_t	 three;	/* what utf8_three reads there */
};

static const struct seq seqs[] = {
	{ "\xC3\xA9", 1, 0xE9, 0 },		/* é */
	{ "\xD0\x96", 1, 0x416, 0 },		/* Ж */
	{ "\xE2\x80\x94", 1, 0, 0x2014 },	/* em dash */
	{ "\xE0\xA0\x80", 1, 0, 0x800 },	/* the first of three bytes */
	{ "\xED\x9F\xBF", 1, 0, 0xD7FF },	/* the last before surrogates */
	{ "\xEF\xBF\xBF", 1, 0, 0xFFFF },	/* the last of three bytes */
	{ "\xF0\x9F\x98\x80", 1, 0, 0 },	/* emoji */
	{ "\xFF", 0, 0, 0 },			/* never in UTF-8 */
	{ "\x80", 0, 0, 0 },			/* lone continuation */
	{ "\xC0\xAF", 0, 0, 0 },		/* overlong '/' */
	{ "\xE0\x80\xAF", 0, 0, 0 },		/* overlong, three bytes */
	{ "\xED\xA0\x80", 0, 0, 0 },		/* surrogate */
	{ "\xE2\x80", 0, 0, 0 },		/* three bytes cut short */
	{ "\xE2\x28\xA1", 0, 0, 0 },		/* not a continuation */
	{ "\xF4\x90\x80\x80", 0, 0, 0 },	/* past U+10FFFF */
	{ "\xC3", 0, 0, 0 },			/* cut short */
};

/* SEQ at OFF in a line of ASCII LEN long (LEN >= OFF + its length). */
static void
at_offset(const struct seq *sq, size_t off, size_t len)
{
	char line[80];
	size_t n = strlen(sq->bytes);

	memset(line, 'a', len);
	memcpy(line + off, sq->bytes, n);
	check(utf8_invalid_at(line, len) == (sq->valid ? SIZE_MAX : off),
	    sq->valid ? "valid sequence refused" : "invalid byte not found",
	    off, sq->bytes);
	check(!sq->valid || utf8_count(line, len) == len - n + 1,
	    "characters counted", off, sq->bytes);
	check(utf8_two((unsigned char *)line + off,
	    (unsigned char *)line + off + n) == sq->two,
	    "two-byte character read", off, sq->bytes);
	check(utf8_three((unsigned char *)line + off,
	    (unsigned char *)line + off + n) == sq->three,
	    "three-byte character read", off, sq->bytes);
}

int
main(void)
{
	size_t i, off, n;

	for (i = 0; i < sizeof(seqs) / sizeof(seqs[0]); i++) {
		n = strlen(seqs[i].bytes);
		for (off = 0; off + n <= 40; off++) {
			at_offset(&seqs[i], off, off + n);
			at_offset(&seqs[i], off, 40);
		}
	}
	check(utf8_invalid_at("", 0) == SIZE_MAX, "empty line", 0, "");
	printf("unit_utf8: %d checks, %d failed\n", checks, failures);
	return failures > 0;
}
