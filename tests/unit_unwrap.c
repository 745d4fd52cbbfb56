/*
 * unwrap.c on small documents: the width it finds, the paragraphs it
 * hands on, and the text it must leave alone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "document.h"
#include "unwrap.h"
#include "util.h"

static int failures, checks;

/* What came out: each line handed on, then "|", flags as a digit. */
static struct buf got;

static void
collect(void *ctx, const char *s, size_t len, unsigned flags)
{
	char tag[3] = { '|', (char)('0' + flags), '\n' };

	(void)ctx;
	buf_add(&got, s, len);
	buf_add(&got, tag, sizeof(tag));
}

static void
check(int ok, const char *what, const char *detail)
{
	checks++;
	if (!ok) {
		failures++;
		fprintf(stderr, "unit_unwrap: FAIL %s: %s\n", what, detail);
	}
}

/* Feed TEXT line by line as the reader would; return the width found. */
static unsigned
run(struct unwrap *u, const char *text)
{
	const char *nl;
	unsigned width = 0;

	got.len = 0;
	unwrap_begin(u);
	for (; *text != '\0'; text = nl + 1) {
		nl = strchr(text, '\n');
		unwrap_line(u, text, (size_t)(nl - text), 0);
	}
	unwrap_end(u);
	width = unwrap_width(u);
	buf_add(&got, "", 1);
	return width;
}

static const char wrapped[] =
    "Harbour fund pays for new quay lights\n"
    "\n"
    "The harbour board approved the new lights after a winter of\n"
    "complaints from fishermen, who said the old lamps left the east\n"
    "quay dark from four in the afternoon until seven in the morning.\n"
    "\n"
    "The lights will be switched on in March, the board said, and the\n"
    "cost will be shared between the port and the town council, which\n"
    "set aside money for the work in its budget last year.\n"
    "\n"
    "What the board agreed:\n"
    "* new lamps on the east quay and the slipway\n"
    "* a timer that follows the tides\n"
    "\n"
    "Fishermen welcomed the decision but said they had waited for it\n"
    "since the storm of 2019 took down two of the old lamp posts.\n"
    "\n"
    "The plan is published on the port's website:\n"
    "https://harbour.example.com/board/2025/east-quay-lights-plan.pdf\n";

static void
check_wrapped(struct unwrap *u)
{
	unsigned w = run(u, wrapped);

	check(w >= 60 && w <= 66, "finds the width of wrapped text", got.data);
	check(strstr(got.data, "after a winter of complaints from fishermen, "
	    "who said the old lamps left the east quay dark from four in the "
	    "afternoon until seven in the morning.|0\n") != NULL,
	    "joins a paragraph into one line", got.data);
	check(strstr(got.data, "What the board agreed:|0\n* new lamps") !=
	    NULL, "a short line ends its paragraph", got.data);
	check(strstr(got.data, "slipway|0\n* a timer") != NULL,
	    "a list item starts a line of its own", got.data);
	check(strstr(got.data, "website: https://harbour") != NULL,
	    "a word too long for the line above continues it", got.data);
	check(strstr(got.data, "\n|") == NULL && got.data[0] != '|',
	    "blank lines hand on nothing", got.data);
}

/*
 * Russian takes two bytes a letter, English one: wrapped at 60 columns,
 * the lines are alike in characters only, and in bytes the Russian
 * ones would be too long for the width of the English.
 */
static const char cyrillic[] =
    "The harbour board approved the new lights after a winter "
    "of\n"
    "complaints from fishermen, who said the old lamps left the\n"
    "east quay dark in the evening.\n"
    "\n"
    "\xD0\xA1\xD0\xBE\xD0\xB2\xD0\xB5\xD1\x82 "
    "\xD0\xB3\xD0\xB0\xD0\xB2\xD0\xB0\xD0\xBD\xD0\xB8 "
    "\xD0\xBE\xD0\xB4\xD0\xBE\xD0\xB1\xD1\x80\xD0\xB8\xD0\xBB "
    "\xD0\xBD\xD0\xBE\xD0\xB2\xD1\x8B\xD0\xB5 "
    "\xD1\x84\xD0\xBE\xD0\xBD\xD0\xB0\xD1\x80\xD0\xB8 "
    "\xD0\xBF\xD0\xBE\xD1\x81\xD0\xBB\xD0\xB5 "
    "\xD0\xB7\xD0\xB8\xD0\xBC\xD1\x8B "
    "\xD0\xB6\xD0\xB0\xD0\xBB\xD0\xBE\xD0\xB1 \xD0\xBE\xD1\x82\n"
    "\xD1\x80\xD1\x8B\xD0\xB1\xD0\xB0\xD0\xBA\xD0\xBE\xD0\xB2, "
    "\xD0\xBA\xD0\xBE\xD1\x82\xD0\xBE\xD1\x80\xD1\x8B\xD0\xB5 "
    "\xD0\xB3\xD0\xBE\xD0\xB2\xD0\xBE\xD1\x80\xD0\xB8\xD0\xBB\xD0\xB8, "
    "\xD1\x87\xD1\x82\xD0\xBE "
    "\xD1\x81\xD1\x82\xD0\xB0\xD1\x80\xD1\x8B\xD0\xB5 "
    "\xD0\xBB\xD0\xB0\xD0\xBC\xD0\xBF\xD1\x8B "
    "\xD0\xBE\xD1\x81\xD1\x82\xD0\xB0\xD0\xB2\xD0\xBB\xD1\x8F\xD0\xBB\xD0\xB8\n"
    "\xD0\xB2\xD0\xBE\xD1\x81\xD1\x82\xD0\xBE\xD1\x87\xD0\xBD\xD1\x8B\xD0\xB9 "
    "\xD0\xBF\xD1\x80\xD0\xB8\xD1\x87\xD0\xB0\xD0\xBB "
    "\xD1\x82\xD1\x91\xD0\xBC\xD0\xBD\xD1\x8B\xD0\xBC \xD1\x81 "
    "\xD1\x87\xD0\xB5\xD1\x82\xD1\x8B\xD1\x80\xD1\x91\xD1\x85 "
    "\xD1\x87\xD0\xB0\xD1\x81\xD0\xBE\xD0\xB2 "
    "\xD0\xB4\xD0\xBD\xD1\x8F \xD0\xB4\xD0\xBE "
    "\xD1\x81\xD0\xB5\xD0\xBC\xD0\xB8 "
    "\xD1\x83\xD1\x82\xD1\x80\xD0\xB0.\n"
    "\n"
    "The lights will be switched on in March, the board said, "
    "and\n"
    "the cost will be shared between the port and the town\n"
    "council, which set aside money for the work.\n"
    "\n"
    "Fishermen welcomed the decision but said they had waited "
    "for\n"
    "it since the storm of 2019 took down two of the old lamp\n"
    "posts on the quay.\n";

static void
check_columns(struct unwrap *u)
{
	unsigned w = run(u, cyrillic);

	check(w >= 56 && w <= 64, "width in characters, not bytes", got.data);
	check(strstr(got.data, "\xD0\xBE\xD1\x82 \xD1\x80\xD1\x8B") != NULL,
	    "Russian lines joined", got.data);
}

/* Page text with a block on each line, and Japanese, which has no spaces. */
static const char *const plain[] = {
	"Home\nNews\nSport\nWeather\n"
	"The harbour board approved the new lights after a winter of "
	"complaints.\nShare on Facebook\nShare on Twitter\n"
	"The lights will be switched on in March, the board said, and the cost "
	"will be shared between the port and the town council.\nPrivacy\n",
	"\xE6\xB8\xAF\xE3\x81\xAE\xE7\x81\xAF\xE3\x82\x8A\n"
	"\xE6\xB8\xAF\xE6\xB9\xBE\xE5\xA7\x94\xE5\x93\xA1\xE4\xBC\x9A\xE3\x81"
	"\xAF\xE6\x96\xB0\xE3\x81\x97\xE3\x81\x84\xE7\x81\xAF\xE3\x82\x8A\xE3"
	"\x82\x92\xE6\x89\xBF\xE8\xAA\x8D\xE3\x81\x97\xE3\x81\x9F\xE3\x80\x82\n"
	"\xE7\x82\xB9\xE7\x81\xAF\xE3\x81\xAF\xE4\xB8\x89\xE6\x9C\x88\xE3\x80"
	"\x82\n",
};

static void
check_plain(struct unwrap *u)
{
	size_t i, lines;
	const char *p;

	for (i = 0; i < sizeof(plain) / sizeof(plain[0]); i++) {
		check(run(u, plain[i]) == 0, "no width in page text", plain[i]);
		for (lines = 0, p = plain[i]; *p != '\0'; p++)
			lines += *p == '\n';
		for (p = got.data; *p != '\0'; p++)
			lines -= *p == '\n';
		check(lines == 0, "page text passes line for line", got.data);
	}
}

/* A line held in pieces passes through with its flags, between joins. */
static void
check_pieces(struct unwrap *u)
{
	char line[80];
	int i;

	got.len = 0;
	unwrap_begin(u);
	for (i = 0; i < 40; i++) {
		snprintf(line, sizeof(line), "%s %02d %s",
		    "words that fill a line up to its end, again and again,", i,
		    i % 2 ? "more" : "and");
		unwrap_line(u, line, strlen(line), 0);
	}
	unwrap_line(u, "piece one ", 10, LINE_MORE);
	unwrap_line(u, "piece two", 9, LINE_CONT);
	unwrap_end(u);
	buf_add(&got, "", 1);
	check(strstr(got.data, "|0\npiece one |1\npiece two|2\n") != NULL,
	    "pieces of a long line pass through", got.data);
}

/*
 * Lines kept in place by the reader (LINE_STAYS), their bytes reused
 * after each release as a reader's buffer is: what comes out is what
 * lines handed over to be copied give.
 */
static void
check_released(struct unwrap *u, const char *text)
{
	char feed[4096];
	struct buf copied = { 0 };
	const char *nl;
	size_t n, used = 0, k = 0;

	run(u, text);
	buf_add(&copied, got.data, got.len);
	got.len = 0;
	unwrap_begin(u);
	for (; *text != '\0'; text = nl + 1, k++) {
		nl = strchr(text, '\n');
		n = (size_t)(nl - text);
		memcpy(feed + used, text, n);
		unwrap_line(u, feed + used, n, LINE_STAYS);
		used += n;
		if (k % 3 == 2) {
			unwrap_release(u);
			memset(feed, '#', sizeof(feed));
			used = 0;
		}
	}
	unwrap_release(u);
	memset(feed, '#', sizeof(feed));
	unwrap_end(u);
	buf_add(&got, "", 1);
	check(got.len == copied.len &&
	    memcmp(got.data, copied.data, got.len) == 0,
	    "lines kept in place come out as lines copied", got.data);
	buf_free(&copied);
}

int
main(void)
{
	struct unwrap *u = unwrap_new(collect, NULL);

	check_wrapped(u);
	check_columns(u);
	check_plain(u);
	check_pieces(u);
	check_released(u, wrapped);
	check_released(u, cyrillic);
	unwrap_free(u);
	buf_free(&got);
	if (failures > 0)
		return 1;
	printf("unit_unwrap: %d checks ok\n", checks);
	return 0;
}
