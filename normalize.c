/*
 * Block text normalization.
 *
 * Encoding: scraped text is UTF-8 or, when a page lied about its charset,
 * Windows-1252.  A streaming filter cannot look at a whole document
 * first, so the first block with non-ASCII bytes decides for the rest of
 * the document: valid UTF-8 means UTF-8 (later invalid bytes become
 * U+FFFD), invalid bytes with no valid multi-byte sequence mean
 * Windows-1252 (decoded through iconv).  ASCII reads the same either way.
 *
 * Then one pass decodes HTML character references, maps every space
 * separator and tab to one ASCII space, drops controls and invisible
 * characters, and collapses runs of spaces.  NFC (utf8proc) runs only on
 * blocks holding a character that NFC could change, which most text
 * does not.
 */
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <string.h>
#include <utf8proc.h>

#include "normalize.h"
#include "utf8.h"

#define REPLACEMENT 0xFFFD

struct normalizer {
	iconv_t		 cp1252;
	struct buf	 decoded;	/* the block as valid UTF-8 */
	utf8proc_int32_t *cps;		/* NFC work space */
	size_t		 ncps;
	/* Bit cp: a two-byte character that goes out as it came. */
	uint8_t		 as_is[UTF8_TWO_END / 8];
	/* Two bits a three-byte character: THREE_AS_IS, THREE_NOT or 0. */
	uint8_t		 three[0x10000 / 4];
};

enum { THREE_AS_IS = 1, THREE_NOT = 2 };

static void	fill_as_is(struct normalizer *);

struct normalizer *
normalizer_new(void)
{
	struct normalizer *n;

	n = xcalloc(1, sizeof(*n));
	n->cp1252 = iconv_open("UTF-8", "WINDOWS-1252");
	if (n->cp1252 == (iconv_t)-1)
		fatal("iconv cannot convert from WINDOWS-1252");
	fill_as_is(n);
	return n;
}

void
normalizer_free(struct normalizer *n)
{
	if (n == NULL)
		return;
	iconv_close(n->cp1252);
	buf_free(&n->decoded);
	free(n->cps);
	free(n);
}

static void
add_replacement(struct buf *b)
{
	buf_add(b, "\xEF\xBF\xBD", 3);
}

/* Windows-1252 leaves five bytes undefined: those become U+FFFD. */
static void
decode_cp1252(struct normalizer *n, const char *in, size_t len)
{
	char *src = (char *)in, *dst;
	size_t left = len, room;

	n->decoded.len = 0;
	buf_reserve(&n->decoded, 3 * len + 1);
	dst = n->decoded.data;
	room = n->decoded.cap;
	iconv(n->cp1252, NULL, NULL, NULL, NULL);
	while (left > 0) {
		if (iconv(n->cp1252, &src, &left, &dst, &room) != (size_t)-1)
			break;
		/* Each bad byte costs one replacement (3 bytes) of the room
		 * reserved for it. */
		memcpy(dst, "\xEF\xBF\xBD", 3);
		dst += 3;
		room -= 3;
		src++;
		left--;
	}
	n->decoded.len = (size_t)(dst - n->decoded.data);
}

static void
repair_utf8(struct normalizer *n, const char *in, size_t len)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t i = 0, k;

	n->decoded.len = 0;
	buf_reserve(&n->decoded, 3 * len + 1);
	while (i < len) {
		if ((k = utf8_valid_seq(s, len, i)) == 0) {
			add_replacement(&n->decoded);
			i++;
			continue;
		}
		buf_add(&n->decoded, s + i, k);
		i += k;
	}
}

static int
has_multibyte(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80 &&
		    utf8_valid_seq((const unsigned char *)s, len, i) > 1)
			return 1;
	return 0;
}

/* Eight bytes at a time: a high bit anywhere means not ASCII. */
static int
all_ascii(const char *s, size_t len)
{
	uint64_t w, any = 0;
	size_t i;

	for (i = 0; i + 8 <= len; i += 8) {
		memcpy(&w, s + i, 8);
		any |= w;
	}
	for (; i < len; i++)
		any |= (unsigned char)s[i];
	return (any & 0x8080808080808080ULL) == 0;
}

/* Return IN as valid UTF-8: IN itself or a decoded copy. */
static const char *
to_utf8(struct normalizer *n, enum docenc *enc, const char *in, size_t *len)
{
	int valid;

	if (all_ascii(in, *len))
		return in;
	if (*len > SIZE_MAX / 4)
		fatal("out of memory");	/* decoding takes 3 bytes a byte */
	valid = utf8_invalid_at(in, *len) == SIZE_MAX;
	if (*enc == ENC_UNKNOWN)
		*enc = valid || has_multibyte(in, *len) ? ENC_UTF8 : ENC_CP1252;
	if (*enc == ENC_CP1252)
		decode_cp1252(n, in, *len);
	else if (!valid)
		repair_utf8(n, in, *len);
	else
		return in;
	*len = n->decoded.len;
	return n->decoded.data;
}

/* NFC could change text holding one of these; see the comment on top. */
static int
nfc_sensitive(uint32_t cp)
{
	const utf8proc_property_t *p;
	utf8proc_int32_t one[4];
	int last = 0;

	if (cp < 0x300)
		return 0;
	if ((cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0xAC00 && cp <= 0xD7A3))
		return 1;
	p = utf8proc_get_property((utf8proc_int32_t)cp);
	if (p->combining_class != 0 || p->comp_exclusion ||
	    p->category == UTF8PROC_CATEGORY_MN ||
	    p->category == UTF8PROC_CATEGORY_MC ||
	    p->category == UTF8PROC_CATEGORY_ME)
		return 1;
	/* A canonical singleton (U+212B ANGSTROM SIGN) never comes back. */
	return p->decomp_seqindex != UINT16_MAX && p->decomp_type == 0 &&
	    utf8proc_decompose_char((utf8proc_int32_t)cp, one, 4,
	    UTF8PROC_DECOMPOSE, &last) == 1;
}

static int
is_space(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == 0xA0 || cp == 0x1680 ||
	    (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 ||
	    cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

static int
is_invisible(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0xAD ||
	    (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || cp == 0xFEFF;
}

/* A character that is no space, not invisible and that NFC leaves alone. */
static int
goes_as_is(uint32_t cp)
{
	return !is_space(cp) && !is_invisible(cp) && !nfc_sensitive(cp);
}

/*
 * Latin, Greek, Cyrillic, Hebrew and Arabic letters take two bytes: the
 * ones that go as they are (most of them) are copied with the plain
 * bytes around them, not decoded.
 */
static void
fill_as_is(struct normalizer *n)
{
	uint32_t cp;

	for (cp = 0x80; cp < UTF8_TWO_END; cp++)
		if (goes_as_is(cp))
			bit_set(n->as_is, cp);
}

/*
 * So do the three-byte characters that go as they are: quotes, dashes,
 * CJK.  There are too many of them to ask utf8proc about at start-up,
 * so each is asked about the first time it is met.
 */
static int
three_as_is(struct normalizer *n, uint32_t cp)
{
	unsigned shift = (cp & 3) * 2;
	unsigned v = n->three[cp >> 2] >> shift & 3;

	if (v == 0) {
		v = goes_as_is(cp) ? THREE_AS_IS : THREE_NOT;
		n->three[cp >> 2] |= (uint8_t)(v << shift);
	}
	return v == THREE_AS_IS;
}

/*
 * Bytes of the valid two- or three-byte character at P (before END) if
 * it goes as it is, else 0.
 */
static size_t
as_is_at(struct normalizer *n, const unsigned char *p,
    const unsigned char *end)
{
	uint32_t cp;

	if ((cp = utf8_two(p, end)) != 0)
		return bit_has(n->as_is, cp) ? 2 : 0;
	if ((cp = utf8_three(p, end)) != 0)
		return three_as_is(n, cp) ? 3 : 0;
	return 0;
}

struct filter {
	struct normalizer *n;
	struct buf	*out;
	size_t		 start;		/* of the text in OUT */
	int		 need_nfc;
	int		 trim_left;
};

/* Does a space at this point of the output go? */
static int
space_goes(const struct filter *f)
{
	if (f->out->len == f->start)
		return f->trim_left;
	return f->out->data[f->out->len - 1] == ' ';
}

static void
put_cp(struct filter *f, uint32_t cp)
{
	char enc[4];

	if (is_space(cp)) {
		if (!space_goes(f))
			buf_add(f->out, " ", 1);
		return;
	}
	if (is_invisible(cp))
		return;
	if (nfc_sensitive(cp))
		f->need_nfc = 1;
	buf_add(f->out, enc, utf8_encode(cp, enc));
}

/*
 * Each test below flags the high bit of the bytes of W that fail it, all
 * at once.  A carry or borrow only runs from a failing byte to the ones
 * after it, so the first flag is exact, and so is whether there is one.
 */
#define ONES8	0x0101010101010101ULL
#define HIGH8	(ONES8 << 7)

/*
 * Bytes that are not plain: above 0x7E (it or it plus one has the high
 * bit), below 0x20 (the borrow of subtracting 0x20 reaches the high
 * bit), '&' (XOR makes it a zero byte).
 */
static uint64_t
not_plain8(uint64_t w)
{
	uint64_t bad, v;

	bad = (w | (w + ONES8)) & HIGH8;
	bad |= (w - ONES8 * 0x20) & ~w & HIGH8;
	v = w ^ (ONES8 * '&');
	return bad | ((v - ONES8) & ~v & HIGH8);
}

/* Spaces, exactly: no carry leaves a byte. */
static uint64_t
spaces8(uint64_t w)
{
	const uint64_t low7 = ONES8 * 0x7F;
	uint64_t v = w ^ (ONES8 * ' ');

	return ~(((v & low7) + low7) | v | low7);
}

/*
 * The bytes of W that are not plain or are a space after a space;
 * SPACE_BEFORE is the high bit of the first byte if the byte before W
 * is a space.
 */
static inline uint64_t
not_plain_or_twice8(uint64_t w, uint64_t space_before)
{
	uint64_t sp = spaces8(w);

	return not_plain8(w) | (sp & (sp << 8 | space_before));
}

/* The eight bytes of W are plain, none a space after a space. */
static inline int
plain8(uint64_t w, uint64_t space_before)
{
	return not_plain_or_twice8(w, space_before) == 0;
}

/*
 * Sixteen bytes a test: the sixteen at P are plain, and none is a space
 * before a space, which needs the byte after them read too.
 */
static int
plain16(const char *p)
{
	bytes16 v, next, bad;
	uint64_t m[2];

	memcpy(&v, p, 16);
	memcpy(&next, p + 1, 16);
	bad = (bytes16)((bytes16)(v - 0x20) > 0x5E) | (bytes16)(v == '&') |
	    ((bytes16)(v == ' ') & (bytes16)(next == ' '));
	memcpy(m, &bad, 16);
	return (m[0] | m[1]) == 0;
}

/*
 * The eight bytes of A and the eight of B are plain, and none is a space
 * before a space in the same eight: both words tested as one vector.
 */
static int
plain8x2(uint64_t a, uint64_t b)
{
	uint64_t w[2] = { a, b }, sp[2];
	bytes16 v, bad;

	memcpy(&v, w, 16);
	bad = (bytes16)((bytes16)(v - 0x20) > 0x5E) | (bytes16)(v == '&');
	memcpy(w, &bad, 16);
	v = (bytes16)(v == ' ');
	memcpy(sp, &v, 16);
	return (w[0] | w[1] | (sp[0] & sp[0] << 8) | (sp[1] & sp[1] << 8)) == 0;
}

/*
 * Copy the start of IN that normalization leaves as it is to DST, which
 * has room for LEN + 8 bytes, and return its length: LEN when every byte
 * is plain, no space follows a space and no end that is trimmed is a
 * space.  Most blocks of a page are so, and cost a test of sixteen or
 * eight bytes at a time and their store; for the others the bytes that
 * passed need no second look.  The last eight bytes are read again where
 * they overlap the ones before, which passed; shorter text is tested
 * padded with letters.
 */
static size_t
copy_unchanged(char *dst, const char *in, size_t len, unsigned trim)
{
	const uint64_t letters = ONES8 * 'a';
	uint64_t w, last = 0;
	size_t i;

	if (len == 0)
		return 0;
	if (((trim & NORM_TRIM_LEFT) && in[0] == ' ') ||
	    ((trim & NORM_TRIM_RIGHT) && in[len - 1] == ' '))
		return 0;
	if (len < 8) {
		w = load_le_upto8(in, len);
		store_le64(dst, w);
		return plain8(w | letters << 8 * len, 0) ? len : 0;
	}
	if (len < 16) {
		/* The two words overlap, so every pair is in one of them. */
		w = load_le64(in);
		last = load_le64(in + len - 8);
		store_le64(dst, w);
		store_le64(dst + len - 8, last);
		return plain8x2(w, last) ? len : 0;
	}
	for (i = 0; i + 16 < len; i += 16) {
		if (!plain16(in + i))
			return i;
		memcpy(dst + i, in + i, 16);
	}
	if (i > 0 && in[i - 1] == ' ')
		last = 0x80;
	for (; i + 8 <= len; i += 8) {
		w = load_le64(in + i);
		if (!plain8(w, last))
			return i;
		store_le64(dst + i, w);
		last = spaces8(w) >> 56;
	}
	if (i == len)
		return len;
	w = load_le64(in + len - 8);
	store_le64(dst + len - 8, w);
	return plain8(w, 0) ? len : i;
}

/*
 * How many of the bytes at P (at most eight, before END) are plain, with
 * no space after a space, counted from the first?  PREV is the byte
 * before P; fewer than eight are tested padded with letters.
 */
static size_t
plain_prefix8(const unsigned char *p, const unsigned char *end,
    unsigned char prev)
{
	size_t n = end - p < 8 ? (size_t)(end - p) : 8;
	uint64_t w, bad;

	w = n == 8 ? load_le64(p) : load_le_upto8(p, n) | ONES8 * 'a' << 8 * n;
	bad = not_plain_or_twice8(w, prev == ' ' ? 0x80 : 0);
	return bad == 0 ? n : (size_t)first_high(bad);
}

/*
 * The longest run from P on that goes out unchanged: plain bytes and
 * two- and three-byte characters that go as they are, a space only after
 * something that is not one.  Its end.
 */
static const unsigned char *
plain_run(const struct filter *f, const unsigned char *p,
    const unsigned char *end)
{
	const unsigned char *q = p;
	unsigned char prev;
	size_t n;

	/* A space first goes where the output is empty or ends in one. */
	prev = f->out->len == f->start ? ' ' : f->out->data[f->out->len - 1];
	while (q < end) {
		if (*q < 0x80) {
			n = plain_prefix8(q, end, q == p ? prev : q[-1]);
			q += n;
			if (n < 8 && q < end && *q < 0x80)
				break;
			continue;
		}
		if ((n = as_is_at(f->n, q, end)) == 0)
			break;
		q += n;
	}
	return q;
}

/*
 * Filter S (LEN bytes) onto the output; 0 if it is not valid UTF-8,
 * which is found as it is read: most text is, and is read once.
 */
static int
filter_text(struct filter *f, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *q;
	const unsigned char *end = p + len;
	uint32_t cp;
	size_t n;

	while (p < end) {
		if ((q = plain_run(f, p, end)) > p) {
			buf_add(f->out, p, (size_t)(q - p));
			p = q;
			continue;
		}
		if (*p == '&' && (n = decode_entity((const char *)p,
		    (size_t)(end - p), &cp)) > 0) {
			put_cp(f, cp);
			p += n;
			continue;
		}
		if (utf8_valid_seq(p, (size_t)(end - p), 0) == 0)
			return 0;
		put_cp(f, utf8_decode(&p));
	}
	return 1;
}

/* NFC of the text from START on in OUT. */
static void
compose(struct normalizer *n, struct buf *out, size_t start)
{
	const utf8proc_option_t opts = UTF8PROC_STABLE | UTF8PROC_COMPOSE;
	utf8proc_ssize_t k;

	for (;;) {
		k = utf8proc_decompose((const utf8proc_uint8_t *)out->data +
		    start, (utf8proc_ssize_t)(out->len - start), n->cps,
		    (utf8proc_ssize_t)n->ncps, opts);
		if (k < 0)
			return;		/* cannot happen on valid UTF-8 */
		if ((size_t)k <= n->ncps)
			break;
		free(n->cps);
		n->ncps = (size_t)k;
		n->cps = xreallocarray(NULL, n->ncps, sizeof(*n->cps));
	}
	k = utf8proc_reencode(n->cps, k, opts);
	if (k < 0)
		return;
	out->len = start;
	buf_add(out, n->cps, (size_t)k);
}

/*
 * The text IN normalization changes, onto the end of OUT, where
 * copy_unchanged left the first DONE bytes, which go as they are.  Out
 * of line, so that the blocks normalization leaves alone, most of them,
 * do not pay for setting up its frame.
 */
static void __attribute__((noinline))
rewrite(struct normalizer *n, enum docenc *enc, const char *in, size_t len,
    size_t done, unsigned trim, struct buf *out)
{
	struct filter f = { n, out, out->len, 0, (trim & NORM_TRIM_LEFT) != 0 };
	const char *s;

	out->len += done;
	if (*enc == ENC_CP1252 || !filter_text(&f, in + done, len - done)) {
		/* Not UTF-8 as it stands: decoded or repaired first. */
		out->len = f.start;
		f.need_nfc = 0;
		s = to_utf8(n, enc, in, &len);
		filter_text(&f, s, len);
	} else if (*enc == ENC_UNKNOWN && !all_ascii(in + done, len - done))
		*enc = ENC_UTF8;
	if (f.need_nfc)
		compose(n, out, f.start);
	if (trim & NORM_TRIM_RIGHT)
		while (out->len > f.start && out->data[out->len - 1] == ' ')
			out->len--;
	out->data[out->len] = '\0';
}

void
normalize_block(struct normalizer *n, enum docenc *enc, const char *in,
    size_t len, unsigned trim, struct buf *out)
{
	size_t done;

	buf_reserve(out, len + 8);
	if ((done = copy_unchanged(out->data + out->len, in, len, trim)) < len) {
		rewrite(n, enc, in, len, done, trim, out);
		return;
	}
	out->len += len;
	out->data[out->len] = '\0';
}
