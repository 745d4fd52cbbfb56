/* Unit test for stopwords.c: lookups and language guessing. */
#include <stdio.h>
#include <string.h>

#include "stopwords.h"
#include "stopwords/table.h"

static int checks, failures;

static void
check(int ok, const char *what, const char *detail)
{
	checks++;
	if (!ok) {
		failures++;
		fprintf(stderr, "unit_stopwords: FAIL %s: %s\n", what, detail);
	}
}

static int
is_stopword_in(const char *word, const char *code)
{
	int lang = stopword_lang_index(code);

	if (lang == LANG_NONE)
		return 0;
	return (stopword_langs(word, strlen(word)) >> lang) & 1;
}

static void
check_word(const char *word, const char *code)
{
	check(is_stopword_in(word, code), code, word);
}

static void
check_not_word(const char *word)
{
	check(stopword_langs(word, strlen(word)) == 0, "not a stop word", word);
}

/* Any ASCII byte but a letter or digit ends a word; UTF-8 bytes never do. */
static int
is_word_byte(unsigned char c)
{
	return c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

static int
guess(const char *text)
{
	struct langguess g;
	const char *p = text, *start;

	langguess_init(&g);
	while (*p != '\0') {
		while (*p != '\0' && !is_word_byte((unsigned char)*p))
			p++;
		start = p;
		while (is_word_byte((unsigned char)*p))
			p++;
		if (p > start)
			langguess_add(&g,
			    stopword_langs(start, (size_t)(p - start)));
	}
	return langguess_best(&g);
}

static void
check_guess(const char *code, const char *text)
{
	int lang = guess(text);
	char detail[64];

	snprintf(detail, sizeof(detail), "guessed %s",
	    lang == LANG_NONE ? "nothing" : stopword_lang_code(lang));
	check(lang != LANG_NONE && strcmp(stopword_lang_code(lang), code) == 0,
	    code, detail);
}

/* What a lookup should find: the generated list, searched word by word. */
static uint64_t
langs_by_search(const char *word, size_t len)
{
	size_t i;

	if (len > STOPWORD_MAX)
		return 0;
	for (i = 0; i < stopword_nwords; i++)
		if (stopword_table[i].len == len &&
		    memcmp(stopword_table[i].word, word, len) == 0)
			return stopword_table[i].langs;
	return 0;
}

/* A word of at most eight bytes as stopword_langs_head takes it. */
static uint64_t
head_of(const char *word, size_t len)
{
	uint64_t head = 0;
	size_t i;

	for (i = 0; i < len; i++)
		head |= (uint64_t)(unsigned char)word[i] << 8 * i;
	return head;
}

static void
check_lookup(const char *word, size_t len, uint64_t want)
{
	char detail[STOPWORD_MAX + 32];

	snprintf(detail, sizeof(detail), "%.*s (%zu bytes)",
	    len > STOPWORD_MAX ? STOPWORD_MAX : (int)len, word, len);
	check(stopword_langs(word, len) == want, "lookup", detail);
	if (len >= 1 && len <= 8)
		check(stopword_langs_head(head_of(word, len), len) == want,
		    "lookup by head", detail);
}

/*
 * Every word of every list, twice (the second time most are found
 * among the words looked up last), and words one byte off.
 */
static void
check_every_word(void)
{
	char buf[STOPWORD_MAX + 2];
	size_t i, len;
	int pass;

	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < stopword_nwords; i++)
			if (stopword_table[i].len <= STOPWORD_MAX)
				check_lookup(stopword_table[i].word,
				    stopword_table[i].len,
				    stopword_table[i].langs);
	for (i = 0; i < stopword_nwords; i += 7) {
		len = stopword_table[i].len;
		if (len > STOPWORD_MAX)
			continue;
		memcpy(buf, stopword_table[i].word, len);
		check_lookup(buf, len - 1, langs_by_search(buf, len - 1));
		buf[len] = 'x';
		check_lookup(buf, len + 1, langs_by_search(buf, len + 1));
		buf[0] ^= 1;
		check_lookup(buf, len, langs_by_search(buf, len));
	}
}

/*
 * Short random words, many more than the table of recent words holds,
 * so that they meet in its slots and put one another out.
 */
static void
check_random_words(void)
{
	static const char letters[] = "etaoinshrdlucmfwyp";
	uint32_t seed = 1;
	char buf[8];
	size_t i, j, len;

	for (i = 0; i < 20000; i++) {
		seed = seed * 1103515245 + 12345;
		len = 1 + (seed >> 16) % 4;
		for (j = 0; j < len; j++) {
			seed = seed * 1103515245 + 12345;
			buf[j] = letters[(seed >> 16) % (sizeof(letters) - 1)];
		}
		check_lookup(buf, len, langs_by_search(buf, len));
	}
}

static const struct {
	const char *code, *text;
} paragraphs[] = {
	{ "en", "the city council voted on tuesday to raise the minimum wage "
	  "for public workers. the mayor said the measure would cost about "
	  "twelve million dollars a year, but that it was long overdue. "
	  "critics warned that taxes could rise as a result." },
	{ "fr", "le gouvernement a annoncé mardi une nouvelle aide pour les "
	  "agriculteurs touchés par la sécheresse. selon le ministre, les "
	  "premiers versements arriveront avant la fin du mois. les syndicats "
	  "estiment toutefois que ces mesures sont insuffisantes." },
	{ "de", "die regierung hat am mittwoch ein neues gesetz zur förderung "
	  "erneuerbarer energien beschlossen. nach angaben des ministeriums "
	  "sollen damit bis zum jahr 2030 mehr als die hälfte des stroms aus "
	  "wind und sonne kommen. kritiker halten das ziel für unrealistisch." },
	{ "es", "el gobierno aprobó el martes un plan para reducir las listas "
	  "de espera en los hospitales públicos. según el ministro de sanidad, "
	  "la medida costará unos mil millones de euros y se aplicará en todas "
	  "las comunidades a partir del próximo año." },
	{ "it", "il consiglio comunale ha approvato ieri il nuovo piano per il "
	  "traffico del centro storico. secondo il sindaco, le modifiche "
	  "entreranno in vigore all'inizio dell'estate e dovrebbero ridurre "
	  "l'inquinamento. i commercianti della zona però non sono d'accordo." },
	{ "pt", "o governo anunciou nesta segunda-feira um novo programa de "
	  "apoio às pequenas empresas. de acordo com o ministro da economia, "
	  "as medidas devem entrar em vigor no próximo mês e beneficiar mais "
	  "de dois milhões de trabalhadores em todo o país." },
	{ "nl", "het kabinet heeft dinsdag besloten om de belasting op arbeid "
	  "te verlagen. volgens de minister van financiën gaan vooral mensen "
	  "met een laag inkomen er volgend jaar op vooruit. de oppositie noemt "
	  "het plan onvoldoende en wil meer geld voor de zorg." },
	{ "pl", "rząd przyjął we wtorek projekt ustawy o wsparciu dla rolników, "
	  "którzy ucierpieli z powodu suszy. według ministra pierwsze wypłaty "
	  "mają trafić do gospodarstw jeszcze przed końcem roku. opozycja "
	  "twierdzi jednak, że pomoc jest zbyt mała." },
	{ "ru", "правительство во вторник одобрило новый план по развитию "
	  "железных дорог в восточных регионах страны. по словам министра, "
	  "на эти цели будет выделено более ста миллиардов рублей. "
	  "эксперты считают, что проект может занять не менее десяти лет." },
	{ "cs", "vláda ve středu schválila nový zákon o podpoře obnovitelných "
	  "zdrojů energie. podle ministra by se díky němu měly snížit ceny "
	  "elektřiny pro domácnosti. opozice však tvrdí, že zákon je příliš "
	  "drahý a nebyl dostatečně projednán." },
	{ "sv", "regeringen presenterade på tisdagen ett nytt förslag om att "
	  "sänka skatten för pensionärer. enligt finansministern ska "
	  "förändringen gälla från och med nästa år. oppositionen menar att "
	  "pengarna hade gjort mer nytta i skolan och vården." },
	{ "tr", "hükümet salı günü asgari ücrete yeni bir zam yapılacağını "
	  "açıkladı. bakanın açıklamasına göre artış önümüzdeki aydan itibaren "
	  "geçerli olacak ve milyonlarca çalışanı etkileyecek. muhalefet ise "
	  "bu adımın enflasyon karşısında yetersiz kaldığını söyledi." },
};

int
main(void)
{
	size_t i;

	check(stopword_lang_count() >= 30, "language count", "fewer than 30");
	check(stopword_lang_count() <= 64, "language count", "more than 64");
	check(stopword_lang_index("xx") == LANG_NONE, "unknown code", "xx");
	check(stopword_lang_code(stopword_lang_index("fr")) != NULL &&
	    strcmp(stopword_lang_code(stopword_lang_index("fr")), "fr") == 0,
	    "code round trip", "fr");

	check_word("the", "en");
	check_word("und", "de");
	check_word("les", "fr");
	check_word("и", "ru");
	check_word("della", "it");
	check_word("nie", "pl");
	check(!is_stopword_in("the", "de"), "de", "\"the\" is not German");
	check(stopword_langs("thermometer", 3) != 0, "prefix", "the");
	check_not_word("qwzxj");
	check_not_word("newsclean");
	check_not_word("");
	check_not_word("thethethethethethethethethethethethethethethe");
	check_every_word();
	check_random_words();

	for (i = 0; i < sizeof(paragraphs) / sizeof(paragraphs[0]); i++)
		check_guess(paragraphs[i].code, paragraphs[i].text);
	check(guess("the cat") == LANG_NONE, "too little evidence",
	    "the cat");

	if (failures > 0)
		return 1;
	printf("unit_stopwords: %d checks ok\n", checks);
	return 0;
}
