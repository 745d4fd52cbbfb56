/*
 * normalize.c's shortcut against its full path: a block the shortcut
 * copies as it is must be one the full normalizer leaves alone, and a
 * block of printable ASCII but '&' the full normalizer leaves alone must
 * take the shortcut; the start it copies of any other block must be the
 * start of the block normalized, and normalize_block, which goes on
 * from there, must give what the full path gives.  Every kind of byte at every offset of lines of
 * every length up to 40, so that the eight-bytes-at-a-time tests meet it
 * in each lane and in the overlapping last word, then random lines.
 * And the three-byte characters learnt to go as they are, against the
 * tests they stand for.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../normalize.c"

static int failures, checks;
static struct normalizer *norm;
static struct buf full, got;

static void
fail(const char *what, const char *s, size_t len, unsigned trim)
{
	size_t i;

	failures++;
	fprintf(stderr, "unit_normalize: FAIL %s (trim %u): \"", what, trim);
	for (i = 0; i < len; i++)
		fprintf(stderr, (unsigned char)s[i] < 0x20 ||
		    (unsigned char)s[i] >= 0x7F ? "\\x%02x" : "%c",
		    (unsigned char)s[i]);
	fprintf(stderr, "\"\n");
}

/* Printable ASCII but '&': what the shortcut must take when it can. */
static int
ascii_plain(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] < 0x20 || s[i] > 0x7E || s[i] == '&')
			return 0;
	return 1;
}

static void
check_line(const char *s, size_t len)
{
	char dst[64 + 8];
	enum docenc enc;
	unsigned trim;
	size_t done;
	int same, fast;

	for (trim = 0; trim <= NORM_TRIM; trim++) {
		checks++;
		enc = ENC_UNKNOWN;
		full.len = 0;
		buf_reserve(&full, len + 1);
		rewrite(norm, &enc, s, len, 0, trim, &full);
		same = full.len == len && memcmp(full.data, s, len) == 0;
		memset(dst, 0, sizeof(dst));
		done = copy_unchanged(dst, s, len, trim);
		fast = done == len;
		if (fast && !same)
			fail("copied a block normalization changes", s, len, trim);
		else if (memcmp(dst, s, done) != 0)
			fail("copied wrong", s, len, trim);
		else if (!fast && (done > full.len ||
		    memcmp(full.data, s, done) != 0))
			fail("copied a start normalization changes", s, len,
			    trim);
		enc = ENC_UNKNOWN;
		got.len = 0;
		normalize_block(norm, &enc, s, len, trim, &got);
		if (got.len != full.len || memcmp(got.data, full.data,
		    full.len) != 0)
			fail("normalized otherwise than the full path", s, len,
			    trim);
		else if (!fast && same && ascii_plain(s, len))
			fail("missed a block left as it is", s, len, trim);
	}
}

static const char *const kinds[] = {
	" ", "  ", "&", "&amp;", "~", "\x7F", "\x1F", "\t", "\x80", "\xFF",
	"\xC3\xA9", "\xE2\x80\x99", "\xC2\xA0", "\xE2\x80\x89",
	"\xE2\x80\x8B", "\xED\xA0\x80", "\xE2\x80", "!", "a b", NULL
};

/* KIND at OFF in a line of letters LEN long, spaces around it or not. */
static void
at_offset(const char *kind, size_t off, size_t len)
{
	char line[64];
	size_t n = strlen(kind);

	memset(line, 'x', len);
	memcpy(line + off, kind, n);
	check_line(line, len);
	if (off > 0 && off + n < len) {
		line[off - 1] = ' ';
		line[off + n] = ' ';
		check_line(line, len);
	}
}

static void
random_lines(int count)
{
	static const char alphabet[] = "ab  &;~\x7F\x1F\t\xC3\xA9\x80.";
	char line[48];
	size_t len, i;
	int k;

	srand(1);
	for (k = 0; k < count; k++) {
		len = (size_t)rand() % sizeof(line);
		for (i = 0; i < len; i++)
			line[i] = alphabet[(size_t)rand() %
			    (sizeof(alphabet) - 1)];
		check_line(line, len);
	}
}

/* Every three-byte character, asked twice: learnt, then remembered. */
static void
check_three(void)
{
	unsigned char seq[3];
	uint32_t cp;
	int round;

	for (round = 0; round < 2; round++)
		for (cp = UTF8_TWO_END; cp <= 0xFFFF; cp++) {
			if (cp >= 0xD800 && cp <= 0xDFFF)
				continue;
			checks++;
			utf8_encode(cp, (char *)seq);
			if ((as_is_at(norm, seq, seq + 3) == 3) !=
			    goes_as_is(cp))
				fail("three-byte character misjudged",
				    (char *)seq, 3, 0);
		}
}

int
main(void)
{
	size_t i, off, len, n;

	norm = normalizer_new();
	for (i = 0; kinds[i] != NULL; i++) {
		n = strlen(kinds[i]);
		for (len = n; len <= 40; len++)
			for (off = 0; off + n <= len; off++)
				at_offset(kinds[i], off, len);
	}
	for (len = 0; len <= 40; len++)
		check_line("The quick brown fox jumps over the lazy dog.", len);
	random_lines(200000);
	check_three();
	normalizer_free(norm);
	buf_free(&full);
	buf_free(&got);
	printf("unit_normalize: %d checks, %d failed\n", checks, failures);
	return failures > 0;
}
