/*
 * HTML character references that scrapers leave in text: numeric ones,
 * and the named ones of HTML 4 (Latin-1, symbols and punctuation), which
 * are the ones pages use in practice.  HTML5's 2,000 names would only
 * add rarely seen mathematics.
 */
#include <stdint.h>
#include <string.h>

#include "normalize.h"

#define REPLACEMENT 0xFFFD
#define NAME_MAX_LEN 8

/* HTML 4 names U+00A0..U+00FF, in code point order. */
static const char *const latin1[96] = {
	"nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect",
	"uml", "copy", "ordf", "laquo", "not", "shy", "reg", "macr",
	"deg", "plusmn", "sup2", "sup3", "acute", "micro", "para", "middot",
	"cedil", "sup1", "ordm", "raquo", "frac14", "frac12", "frac34",
	"iquest", "Agrave", "Aacute", "Acirc", "Atilde", "Auml", "Aring",
	"AElig", "Ccedil", "Egrave", "Eacute", "Ecirc", "Euml", "Igrave",
	"Iacute", "Icirc", "Iuml", "ETH", "Ntilde", "Ograve", "Oacute",
	"Ocirc", "Otilde", "Ouml", "times", "Oslash", "Ugrave", "Uacute",
	"Ucirc", "Uuml", "Yacute", "THORN", "szlig", "agrave", "aacute",
	"acirc", "atilde", "auml", "aring", "aelig", "ccedil", "egrave",
	"eacute", "ecirc", "euml", "igrave", "iacute", "icirc", "iuml", "eth",
	"ntilde", "ograve", "oacute", "ocirc", "otilde", "ouml", "divide",
	"oslash", "ugrave", "uacute", "ucirc", "uuml", "yacute", "thorn",
	"yuml"
};

static const struct {
	const char	*name;
	uint32_t	 cp;
} others[] = {
	{ "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' },
	{ "apos", '\'' }, { "OElig", 0x152 }, { "oelig", 0x153 },
	{ "Scaron", 0x160 }, { "scaron", 0x161 }, { "Yuml", 0x178 },
	{ "fnof", 0x192 }, { "circ", 0x2C6 }, { "tilde", 0x2DC },
	{ "ensp", 0x2002 }, { "emsp", 0x2003 }, { "thinsp", 0x2009 },
	{ "zwnj", 0x200C }, { "zwj", 0x200D }, { "lrm", 0x200E },
	{ "rlm", 0x200F }, { "ndash", 0x2013 }, { "mdash", 0x2014 },
	{ "lsquo", 0x2018 }, { "rsquo", 0x2019 }, { "sbquo", 0x201A },
	{ "ldquo", 0x201C }, { "rdquo", 0x201D }, { "bdquo", 0x201E },
	{ "dagger", 0x2020 }, { "Dagger", 0x2021 }, { "bull", 0x2022 },
	{ "hellip", 0x2026 }, { "permil", 0x2030 }, { "prime", 0x2032 },
	{ "Prime", 0x2033 }, { "lsaquo", 0x2039 }, { "rsaquo", 0x203A },
	{ "euro", 0x20AC }, { "trade", 0x2122 }, { "larr", 0x2190 },
	{ "uarr", 0x2191 }, { "rarr", 0x2192 }, { "darr", 0x2193 },
	{ "harr", 0x2194 }, { "minus", 0x2212 }, { "nbhy", 0x2011 },
};

/* HTML5 reads &#128;..&#159; as Windows-1252, as browsers always did. */
static const uint16_t c1_as_cp1252[32] = {
	0x20AC, 0x81, 0x201A, 0x192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x2C6, 0x2030, 0x160, 0x2039, 0x152, 0x8D, 0x17D, 0x8F,
	0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x2DC, 0x2122, 0x161, 0x203A, 0x153, 0x9D, 0x17E, 0x178
};

static int
lookup_name(const char *s, size_t n, uint32_t *cp)
{
	size_t i;

	for (i = 0; i < sizeof(others) / sizeof(others[0]); i++)
		if (strlen(others[i].name) == n &&
		    memcmp(others[i].name, s, n) == 0) {
			*cp = others[i].cp;
			return 1;
		}
	for (i = 0; i < 96; i++)
		if (strlen(latin1[i]) == n && memcmp(latin1[i], s, n) == 0) {
			*cp = 0xA0 + (uint32_t)i;
			return 1;
		}
	return 0;
}

static size_t
decode_numeric(const char *s, size_t len, uint32_t *cp)
{
	size_t i = 2, start;
	uint32_t v = 0;
	int base = 10, d;

	if (i < len && (s[i] == 'x' || s[i] == 'X')) {
		base = 16;
		i++;
	}
	for (start = i; i < len && i - start < 8; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			d = s[i] - '0';
		else if (base == 16 && s[i] >= 'a' && s[i] <= 'f')
			d = s[i] - 'a' + 10;
		else if (base == 16 && s[i] >= 'A' && s[i] <= 'F')
			d = s[i] - 'A' + 10;
		else
			break;
		v = v * (uint32_t)base + (uint32_t)d;
	}
	if (i == start || i >= len || s[i] != ';')
		return 0;
	if (v >= 0x80 && v <= 0x9F)
		v = c1_as_cp1252[v - 0x80];
	if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		v = REPLACEMENT;
	*cp = v;
	return i + 1;
}

/*
 * S starts with '&'.  Returns the length of the reference (0 if there is
 * none: the '&' is then plain text) and its code point in *CP.  The
 * closing ';' is required, as in running text "AT&T;" is rare and
 * "R&D" common.
 */
size_t
decode_entity(const char *s, size_t len, uint32_t *cp)
{
	size_t i;

	if (len < 3)
		return 0;
	if (s[1] == '#')
		return decode_numeric(s, len, cp);
	for (i = 1; i < len && i <= NAME_MAX_LEN; i++) {
		if (s[i] == ';')
			return i > 1 && lookup_name(s + 1, i - 1, cp) ? i + 1 : 0;
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9')))
			return 0;
	}
	return 0;
}
