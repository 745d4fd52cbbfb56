/*
 * newsclean: keep the article, drop the page chrome.
 *
 * read (reader.c) -> paragraphs of wrapped text joined (unwrap.c) ->
 * normalize (normalize.c) -> rules (rules.c) and judgement with
 * look-ahead (document.c, judge.c) -> emit (here).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <iconv.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crossdoc.h"
#include "docmode.h"
#include "document.h"
#include "embedded.h"
#include "output.h"
#include "reader.h"
#include "rules.h"
#include "unwrap.h"
#include "util.h"

#define VERSION "1.0"

struct options {
	const char	**rulefiles;
	size_t		  nrulefiles;
	int		  default_rules, check, dump, explain, stats, compact;
	int		  judge, unwrap;
	const char	 *rejects, *encoding;
	int		  nul_docs, jsonl, wet;
	enum docmode_kind mode;
	const char	 *field, *learn;
	unsigned long	  repeated;
};

struct stats {
	unsigned long		documents, blocks_in, blocks_out;
	unsigned long long	bytes_in, bytes_out;
};

/* Where blocks go: stdout, the rejects file, separators between them. */
struct run {
	const struct options	*opt;
	struct output		 out, rej;
	int			 have_rej;
	int			 out_started, rej_started;
	struct stats		 st;
	struct document		*doc;
	struct unwrap		*unwrap;	/* NULL with --no-unwrap */
	struct ruleset		*rules;
	struct docmode		 dm;
	struct crossdoc		*cross;		/* --repeated */
	int			 kept_any, failed;
};

/* A full disk is an error; a reader that left is not worth a word. */
static void
flush_stdout(void)
{
	if (fflush(stdout) != EOF && !ferror(stdout))
		return;
	if (errno != EPIPE)
		warn("write error on standard output");
	exit(2);
}

static void
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: %s [-hVz] [-f enc] [-r rules] [--check] [--compact] "
	    "[--dump-rules]\n"
	    "       [--explain] [--no-default-rules] [--no-judge] "
	    "[--no-unwrap]\n"
	    "       [--rejects=file] [--stats] [--jsonl [--field=name] | --wet]\n"
	    "       [--repeated=n [--learn=file]]\n"
	    "       [file ...]\n", progname);
	if (status == 0) {
		printf("Keep the article of scraped page text, drop the rest; "
		    "see newsclean(1).\n");
		flush_stdout();
	}
	exit(status);
}

static void
add_rulefile(struct options *o, const char *name)
{
	o->rulefiles = xreallocarray(o->rulefiles, o->nrulefiles + 1,
	    sizeof(*o->rulefiles));
	o->rulefiles[o->nrulefiles++] = name;
}

enum {
	OPT_CHECK = 256, OPT_COMPACT, OPT_DUMP, OPT_EXPLAIN, OPT_NODEFAULT,
	OPT_NOJUDGE, OPT_REJECTS, OPT_STATS, OPT_FIELD, OPT_JSONL, OPT_LEARN,
	OPT_REPEATED, OPT_WET, OPT_NOUNWRAP
};

/* The value of option NAME: a number from MIN to MAX, or exit 2. */
static unsigned long
number_arg(const char *name, const char *s, unsigned long min,
    unsigned long max)
{
	unsigned long n;
	char *end;

	errno = 0;
	n = strtoul(s, &end, 10);
	if (*s < '0' || *s > '9' || *end != '\0' || errno == ERANGE ||
	    n < min || n > max)
		fatal("--%s: '%s' is not a number from %lu to %lu", name, s,
		    min, max);
	return n;
}

/* Options that make no sense together are a usage error. */
static void
check_combinations(const struct options *o)
{
	const char *why = NULL;

	if (o->jsonl && o->wet)
		why = "--jsonl and --wet exclude each other";
	else if (o->mode != MODE_PLAIN && o->nul_docs)
		why = "-z reads plain text, not --jsonl or --wet records";
	else if (o->mode != MODE_PLAIN && o->encoding != NULL)
		why = "--jsonl and --wet records are UTF-8: no -f";
	else if (o->field != NULL && o->mode != MODE_JSONL)
		why = "--field needs --jsonl";
	else if (o->learn != NULL && o->repeated == 0)
		why = "--learn needs --repeated";
	if (why == NULL)
		return;
	warnx("%s", why);
	usage(2);
}

static void
parse_options(struct options *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "check", no_argument, NULL, OPT_CHECK },
		{ "compact", no_argument, NULL, OPT_COMPACT },
		{ "dump-rules", no_argument, NULL, OPT_DUMP },
		{ "explain", no_argument, NULL, OPT_EXPLAIN },
		{ "field", required_argument, NULL, OPT_FIELD },
		{ "from", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ "jsonl", no_argument, NULL, OPT_JSONL },
		{ "learn", required_argument, NULL, OPT_LEARN },
		{ "no-default-rules", no_argument, NULL, OPT_NODEFAULT },
		{ "no-judge", no_argument, NULL, OPT_NOJUDGE },
		{ "no-unwrap", no_argument, NULL, OPT_NOUNWRAP },
		{ "null-data", no_argument, NULL, 'z' },
		{ "rejects", required_argument, NULL, OPT_REJECTS },
		{ "repeated", required_argument, NULL, OPT_REPEATED },
		{ "rules", required_argument, NULL, 'r' },
		{ "stats", no_argument, NULL, OPT_STATS },
		{ "version", no_argument, NULL, 'V' },
		{ "wet", no_argument, NULL, OPT_WET },
		{ NULL, 0, NULL, 0 }
	};
	int ch;

	memset(o, 0, sizeof(*o));
	o->default_rules = o->judge = o->unwrap = 1;
	while ((ch = getopt_long(argc, argv, "f:hr:Vz", longopts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			o->encoding = optarg;
			break;
		case 'h':
			usage(0);
			break;
		case 'r':
			add_rulefile(o, optarg);
			break;
		case 'V':
			printf("newsclean %s\n", VERSION);
			flush_stdout();
			exit(0);
		case 'z':
			o->nul_docs = 1;
			break;
		case OPT_CHECK:
			o->check = 1;
			break;
		case OPT_COMPACT:
			o->compact = 1;
			break;
		case OPT_DUMP:
			o->dump = 1;
			break;
		case OPT_EXPLAIN:
			o->explain = 1;
			break;
		case OPT_NODEFAULT:
			o->default_rules = 0;
			break;
		case OPT_NOJUDGE:
			o->judge = 0;
			break;
		case OPT_NOUNWRAP:
			o->unwrap = 0;
			break;
		case OPT_REJECTS:
			o->rejects = optarg;
			break;
		case OPT_STATS:
			o->stats = 1;
			break;
		case OPT_FIELD:
			o->field = optarg;
			break;
		case OPT_JSONL:
			o->jsonl = 1;
			break;
		case OPT_LEARN:
			o->learn = optarg;
			break;
		case OPT_REPEATED:
			o->repeated = number_arg("repeated", optarg, 2,
			    1000000000);
			break;
		case OPT_WET:
			o->wet = 1;
			break;
		default:
			usage(2);
		}
	}
	o->mode = o->jsonl ? MODE_JSONL : o->wet ? MODE_WET : MODE_PLAIN;
	check_combinations(o);
}

static const char *
basename_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static char *
slurp(const char *path, size_t *len)
{
	struct buf b = { 0 };
	char chunk[65536];
	ssize_t r;
	int fd;

	if ((fd = open(path, O_RDONLY)) == -1) {
		warn("%s", path);
		return NULL;
	}
	while ((r = read(fd, chunk, sizeof(chunk))) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			warn("%s", path);
			close(fd);
			buf_free(&b);
			return NULL;
		}
		buf_add(&b, chunk, (size_t)r);
	}
	close(fd);
	*len = b.len;
	return b.data ? b.data : xstrndup("", 0);
}

/* An embedded file is replaced by a -r file of the same name. */
static int
replaced(const struct options *o, const char *name)
{
	size_t i;

	for (i = 0; i < o->nrulefiles; i++)
		if (strcmp(basename_of(o->rulefiles[i]), name) == 0)
			return 1;
	return 0;
}

/* Parse every rule file; the number of problems found. */
static int
load_rules(struct ruleset *rs, const struct options *o, char ***texts)
{
	const struct embedded_file *e;
	size_t i, len;
	int problems = 0;

	*texts = xcalloc(o->nrulefiles + 1, sizeof(**texts));
	for (i = 0; i < o->nrulefiles; i++) {
		if (((*texts)[i] = slurp(o->rulefiles[i], &len)) == NULL) {
			problems++;
			continue;
		}
		problems += ruleset_parse(rs, o->rulefiles[i], (*texts)[i], len);
	}
	if (o->default_rules)
		for (e = embedded_rules; e->name != NULL; e++)
			if (!replaced(o, e->name))
				problems += ruleset_parse(rs, e->name, e->text,
				    strlen(e->text));
	return problems;
}

static void
free_rules(struct run *r, struct options *o, char **texts)
{
	size_t i;

	ruleset_free(r->rules);
	for (i = 0; i < o->nrulefiles; i++)
		free(texts[i]);
	free(texts);
	free(o->rulefiles);
}

static void
dump_rules(void)
{
	const struct embedded_file *e;

	for (e = embedded_rules; e->name != NULL; e++)
		printf("# file: %s\n%s", e->name, e->text);
	flush_stdout();
}

static void
write_block(struct output *o, int *started, const char *sep, const char *s,
    size_t len, unsigned part)
{
	if (part & PART_BEGIN) {
		if (*started)
			output_write(o, sep, strlen(sep));
		*started = 1;
	}
	output_write(o, s, len);
	if (part & PART_END)
		output_write(o, "\n", 1);
}

static void
explain_block(struct run *r, const struct decision *dec, const char *s,
    size_t len, unsigned part)
{
	const struct features *f = dec->f;
	char head[512];
	int n;

	if (!(part & PART_BEGIN)) {
		output_write(&r->out, s, len);
		if (part & PART_END)
			output_write(&r->out, "\n", 1);
		return;
	}
	if (dec->rule != NULL)
		n = snprintf(head, sizeof(head), "%s\t%s:%u:%s",
		    dec->keep ? "keep" : "drop", dec->rule->file,
		    dec->rule->line, dec->why == WHY_RULE ?
		    action_name(dec->rule->action) : reason_name(dec->why));
	else if (dec->context != NULL)
		n = snprintf(head, sizeof(head), "%s\t%s:%s",
		    dec->keep ? "keep" : "drop", reason_name(dec->why),
		    dec->context);
	else
		n = snprintf(head, sizeof(head), "%s\t%s",
		    dec->keep ? "keep" : "drop", reason_name(dec->why));
	if (f != NULL && n > 0 && (size_t)n < sizeof(head))
		n += snprintf(head + n, sizeof(head) - (size_t)n,
		    "\tclass=%s chars=%u words=%u stop=%.2f end=%s lang=%s",
		    class_name(dec->cls), f->chars, f->words,
		    stopword_density(f), f->ending == END_SENTENCE ? "." :
		    f->ending == END_COLON ? ":" : "-",
		    dec->lang >= 0 ? stopword_lang_code(dec->lang) : "?");
	output_write(&r->out, head, (size_t)n < sizeof(head) ? (size_t)n :
	    sizeof(head) - 1);
	output_write(&r->out, "\t", 1);
	output_write(&r->out, s, len);
	if (part & PART_END)
		output_write(&r->out, "\n", 1);
}

/* Every block comes here, in order, with its verdict. */
static void
deliver(void *ctx, const struct decision *dec, const char *s, size_t len,
    unsigned part)
{
	struct run *r = ctx;
	const char *sep = r->opt->compact ? "" : "\n";

	if (part & PART_BEGIN)
		r->st.blocks_in++;
	if (dec->keep && (part & PART_BEGIN))
		r->st.blocks_out++;
	if (dec->keep)
		r->st.bytes_out += len;
	if (r->opt->explain) {
		explain_block(r, dec, s, len, part);
		r->kept_any |= dec->keep;
	} else if (dec->keep) {
		write_block(&r->out, &r->out_started, sep, s, len, part);
		r->kept_any = 1;
	} else if (r->have_rej)
		write_block(&r->rej, &r->rej_started, sep, s, len, part);
}

static void
doc_begin(void *ctx)
{
	struct run *r = ctx;

	r->st.documents++;
	if (r->cross != NULL)
		crossdoc_next_document(r->cross);
	document_begin(r->doc);
	if (r->unwrap != NULL)
		unwrap_begin(r->unwrap);
}

static void
to_document(void *ctx, const char *s, size_t len, unsigned flags)
{
	struct run *r = ctx;

	document_line(r->doc, s, len, flags);
}

static void
doc_line(void *ctx, const char *s, size_t len, unsigned flags)
{
	struct run *r = ctx;

	r->st.bytes_in += len + 1;
	if (r->unwrap != NULL)
		unwrap_line(r->unwrap, s, len, flags);
	else
		document_line(r->doc, s, len, flags);
}

static void
release_lines(void *ctx)
{
	struct run *r = ctx;

	if (r->unwrap != NULL)
		unwrap_release(r->unwrap);
}

static void
doc_end(void *ctx)
{
	struct run *r = ctx;

	if (r->unwrap != NULL)
		unwrap_end(r->unwrap);
	document_end(r->doc);
	if (r->opt->nul_docs)
		output_write(&r->out, "", 1);
	/* Each document of a stream starts its output afresh. */
	if (r->opt->nul_docs || r->opt->mode != MODE_PLAIN)
		r->out_started = 0;
}

static void
clean_file(struct run *r, const char *path)
{
	int fd;

	if (strcmp(path, "-") == 0)
		fd = STDIN_FILENO;
	else if ((fd = open(path, O_RDONLY)) == -1) {
		warn("%s", path);
		r->failed = 1;
		return;
	}
	if (docmode_read(&r->dm, fd, strcmp(path, "-") == 0 ?
	    "(standard input)" : path) == -1)
		r->failed = 1;
	if (fd != STDIN_FILENO)
		close(fd);
}

static void
print_stats(struct run *r)
{
	struct rule *rule;
	size_t i;

	fprintf(stderr, "%s: documents %lu, blocks in %lu, kept %lu, "
	    "bytes in %llu, out %llu\n", progname, r->st.documents,
	    r->st.blocks_in, r->st.blocks_out, r->st.bytes_in,
	    r->st.bytes_out);
	for (i = 0; i < ruleset_count(r->rules); i++) {
		rule = ruleset_rule(r->rules, i);
		if (rule->hits > 0)
			fprintf(stderr, "%s: %s:%u: %s: %lu hits\n", progname,
			    rule->file, rule->line, action_name(rule->action),
			    rule->hits);
	}
}

static void
on_interrupt(int sig)
{
	(void)sig;
	interrupted = 1;
}

static void
setup_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_interrupt;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: a blocked read(2) returns so the run can end. */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

static void
open_rejects(struct run *r, const char *path)
{
	int fd;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0666)) == -1) {
		warn("%s", path);
		exit(2);
	}
	output_init(&r->rej, fd, path);
	r->have_rej = 1;
}

static void
check_encoding(const char *enc)
{
	iconv_t cd;

	if (enc == NULL)
		return;
	if ((cd = iconv_open("UTF-8", enc)) == (iconv_t)-1)
		fatal("unknown encoding: %s", enc);
	iconv_close(cd);
}

/* Wire the stages: reader -> document -> deliver, for the mode chosen. */
static void
start_run(struct run *r, const struct options *opt, struct doc_config *dc,
    struct reader_config *rc)
{
	memset(dc, 0, sizeof(*dc));
	dc->rules = r->rules;
	dc->norm = normalizer_new();
	dc->judge = opt->judge;
	dc->deliver = deliver;
	dc->ctx = r;
	if (opt->repeated > 0) {
		r->cross = crossdoc_new(opt->repeated);
		dc->across = crossdoc_note;
		dc->across_ctx = r->cross;
	}
	r->doc = document_new(dc);
	if (opt->unwrap)
		r->unwrap = unwrap_new(to_document, r);
	output_init(&r->out, STDOUT_FILENO, "standard output");
	if (opt->rejects != NULL)
		open_rejects(r, opt->rejects);
	memset(rc, 0, sizeof(*rc));
	rc->nul_docs = opt->nul_docs;
	rc->encoding = opt->encoding;
	rc->line = doc_line;
	rc->doc_begin = doc_begin;
	rc->doc_end = doc_end;
	rc->release = release_lines;
	rc->ctx = r;
	docmode_init(&r->dm, opt->mode, opt->field ? opt->field : "text", rc,
	    &r->out);
}

int
main(int argc, char **argv)
{
	static struct run r;
	static struct options opt;	/* static as r is, which points to it */
	struct reader_config rc;
	struct doc_config dc;
	char **texts;
	int i, problems;

	parse_options(&opt, argc, argv);
	if (opt.dump) {
		dump_rules();
		return 0;
	}
	check_encoding(opt.encoding);
	r.opt = &opt;
	r.rules = ruleset_new();
	problems = load_rules(r.rules, &opt, &texts);
	if (problems == 0)
		ruleset_compile(r.rules);
	if (opt.check || problems > 0) {
		free_rules(&r, &opt, texts);
		return problems > 0 ? 2 : 0;
	}

	start_run(&r, &opt, &dc, &rc);
	setup_signals();

	if (optind == argc)
		clean_file(&r, "-");
	for (i = optind; i < argc && !interrupted; i++)
		clean_file(&r, argv[i]);
	if (opt.learn != NULL && !interrupted &&
	    crossdoc_write_rules(r.cross, opt.learn) == -1)
		r.failed = 1;

	output_close(&r.out);
	if (r.have_rej)
		output_close(&r.rej);
	if (opt.stats)
		print_stats(&r);
	unwrap_free(r.unwrap);
	document_free(r.doc);
	docmode_free(&r.dm);
	crossdoc_free(r.cross);
	normalizer_free(dc.norm);
	free_rules(&r, &opt, texts);
	if (interrupted)
		return 130;
	return r.failed ? 2 : r.kept_any ? 0 : 1;
}
