# newsclean -- see README.md.  POSIX make plus pkg-config.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
RULESDIR ?= $(PREFIX)/share/newsclean
DESTDIR ?=

CC ?= cc
AWK ?= awk
PKG_CONFIG ?= pkg-config
# -O3 and link-time optimization: 3% faster than -O2 on make bench's pages,
# the hot loops calling across files (judge.c into stopwords.c, rules.c
# into dfa.c and prefilter.c).
CFLAGS ?= -O3 -g -flto=auto
WARN = -std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE
DEPS = libpcre2-8 libutf8proc zlib
DEP_CFLAGS != $(PKG_CONFIG) --cflags $(DEPS)
DEP_LIBS != $(PKG_CONFIG) --libs $(DEPS)
# Hardening stays on when CFLAGS is overridden; HARDEN= turns it off.
HARDEN = -D_FORTIFY_SOURCE=2 -fstack-protector-strong
ALL_CFLAGS = $(WARN) -I. $(DEP_CFLAGS) $(HARDEN) $(CFLAGS)

OBJS = alphabet.o cleaner.o crossdoc.o dfa.o docmode.o document.o \
	entities.o jsonl.o judge.o nfa.o normalize.o output.o prefilter.o \
	reader.o rules.o rules_embed.o stopwords.o stopwords_data.o unwrap.o \
	utf8.o util.o wet.o
RULES = rules/*.rules
STOPWORDS = stopwords/*.txt

all: newsclean

newsclean: $(OBJS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(OBJS) $(DEP_LIBS)

.c.o:
	$(CC) $(ALL_CFLAGS) -c $< -o $@

rules_embed.c: rules/embed.awk $(RULES)
	$(AWK) -f rules/embed.awk $(RULES) > $@.tmp && mv $@.tmp $@

stopwords_data.c: stopwords/gen.awk $(STOPWORDS)
	$(AWK) -f stopwords/gen.awk $(STOPWORDS) > $@.tmp && mv $@.tmp $@

$(OBJS): util.h utf8.h
cleaner.o: document.h embedded.h output.h reader.h rules.h judge.h normalize.h \
	crossdoc.h docmode.h unwrap.h
crossdoc.o: crossdoc.h
docmode.o: docmode.h jsonl.h output.h reader.h wet.h
jsonl.o: jsonl.h
wet.o: wet.h reader.h
document.o: document.h judge.h normalize.h rules.h stopwords.h
judge.o: judge.h stopwords.h
normalize.o entities.o: normalize.h
output.o: output.h
unwrap.o: unwrap.h document.h
reader.o: reader.h document.h
rules.o: alphabet.h dfa.h nfa.h prefilter.h rules.h
alphabet.o: alphabet.h
nfa.o: alphabet.h nfa.h
dfa.o: alphabet.h dfa.h nfa.h
prefilter.o: prefilter.h
rules_embed.o: embedded.h
stopwords.o stopwords_data.o: stopwords.h stopwords/table.h

# The suite runs twice: on the optimized binary, and on one built with
# AddressSanitizer and UndefinedBehaviorSanitizer.
SAN_FLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all
SRCS = $(OBJS:.o=.c)
DFA_SRCS = alphabet.c dfa.c nfa.c utf8.c util.c
UNITS = tests/out/unit_stopwords tests/out/unit_jsonl tests/out/unit_judge \
	tests/out/unit_prefilter tests/out/unit_unwrap tests/out/unit_utf8 \
	tests/out/unit_dfa tests/out/unit_normalize

newsclean-asan: $(SRCS) *.h
	$(CC) $(WARN) -I. $(DEP_CFLAGS) $(SAN_FLAGS) -o $@ $(SRCS) $(DEP_LIBS)

tests/out/unit_stopwords: tests/unit_stopwords.c stopwords.c stopwords_data.c stopwords.h \
    stopwords/table.h
	@mkdir -p tests/out
	$(CC) $(WARN) -I. $(SAN_FLAGS) -o $@ tests/unit_stopwords.c stopwords.c stopwords_data.c

tests/out/unit_judge: tests/unit_judge.c judge.c stopwords.c stopwords_data.c utf8.c judge.h
	@mkdir -p tests/out
	$(CC) $(WARN) -I. $(DEP_CFLAGS) $(SAN_FLAGS) -o $@ tests/unit_judge.c judge.c stopwords.c stopwords_data.c utf8.c $(DEP_LIBS)

tests/out/unit_prefilter: tests/unit_prefilter.c prefilter.c rules_embed.c \
    utf8.c util.c prefilter.h
	@mkdir -p tests/out
	$(CC) $(WARN) -I. $(DEP_CFLAGS) $(SAN_FLAGS) -o $@ \
	    tests/unit_prefilter.c prefilter.c rules_embed.c utf8.c util.c \
	    $(DEP_LIBS)

tests/out/unit_dfa: tests/unit_dfa.c $(DFA_SRCS) rules_embed.c alphabet.h \
    dfa.h nfa.h
	@mkdir -p tests/out
	$(CC) $(WARN) -I. $(DEP_CFLAGS) $(SAN_FLAGS) -o $@ tests/unit_dfa.c \
	    $(DFA_SRCS) rules_embed.c $(DEP_LIBS)

tests/out/unit_unwrap: tests/unit_unwrap.c unwrap.c utf8.c util.c unwrap.h
	@mkdir -p tests/out
	$(CC) $(WARN) -I. $(SAN_FLAGS) -o $@ tests/unit_unwrap.c unwrap.c utf8.c util.c

tests/out/unit_utf8: tests/unit_utf8.c utf8.c utf8.h
	@mkdir -p tests/out
	$(CC) $(WARN) -I. $(SAN_FLAGS) -o $@ tests/unit_utf8.c utf8.c

tests/out/unit_normalize: tests/unit_normalize.c normalize.c entities.c utf8.c \
    util.c normalize.h utf8.h util.h
	@mkdir -p tests/out
	$(CC) $(WARN) -I. $(DEP_CFLAGS) $(SAN_FLAGS) -o $@ \
	    tests/unit_normalize.c entities.c utf8.c util.c $(DEP_LIBS)

tests/out/unit_jsonl: tests/unit_jsonl.c jsonl.c utf8.c util.c jsonl.h
	@mkdir -p tests/out
	$(CC) $(WARN) -I. $(SAN_FLAGS) -o $@ tests/unit_jsonl.c jsonl.c utf8.c util.c

# Where valgrind is installed, the seed and normalization golden files
# run a third time under it (tests/valgrind-nc), well under a minute;
# "make valgrind" runs every golden file and hostile.sh under it.
VALGRIND_CHECK = --golden=seed,norm- --cases=valgrind.sh tests/valgrind-nc
VALGRIND_FULL = --cases=hostile.sh,valgrind.sh tests/valgrind-nc

check: newsclean newsclean-asan $(UNITS)
	@vg=; if command -v valgrind > /dev/null 2>&1; then \
	    vg='$(VALGRIND_CHECK)'; \
	else echo "valgrind pass skipped: no valgrind"; fi; \
	echo "ASAN_OPTIONS=detect_leaks=1 sh tests/run.sh ./newsclean ./newsclean-asan $$vg"; \
	ASAN_OPTIONS=detect_leaks=1 sh tests/run.sh ./newsclean ./newsclean-asan $$vg

valgrind: newsclean
	LIGHT=1 sh tests/run.sh $(VALGRIND_FULL)

# cppcheck and clang-tidy (.clang-tidy) on every source but the generated.
LINT_SRCS0 = $(SRCS:rules_embed.c=)
LINT_SRCS = $(LINT_SRCS0:stopwords_data.c=)

lint: rules_embed.c stopwords_data.c
	cppcheck --quiet --enable=warning,portability,performance \
	    --error-exitcode=1 --inline-suppr --std=c11 -D_GNU_SOURCE -I. \
	    $(DEP_CFLAGS) $(LINT_SRCS)
	clang-tidy --quiet $(LINT_SRCS) -- $(WARN) -I. $(DEP_CFLAGS)

# libFuzzer targets (clang): everything but main, with a harness each.
FUZZ_CC = clang
FUZZ_FLAGS = -g -O1 -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all $(FUZZ_LIMITS)
# Inputs of a few KiB reach lines held in pieces and a full window.
FUZZ_LIMITS = -DLINE_HOLD=64 -DLIVE_MAX=1024 -DPROBE_BYTES=512 -DPARA_MAX=256
FUZZ_SECONDS = 60
FUZZ_SRCS = $(SRCS:cleaner.c=)
FUZZ_TARGETS = tests/out/fuzz_rules tests/out/fuzz_clean \
	tests/out/fuzz_jsonl tests/out/fuzz_wet tests/out/fuzz_dfa
FUZZ_BUILD = @mkdir -p tests/out; $(FUZZ_CC) -std=c11 -D_GNU_SOURCE \
	-Wall -Wextra -I. $(DEP_CFLAGS) $(FUZZ_FLAGS) -o $@

FUZZ_REF = tests/fuzz/reference.c tests/fuzz/reference.h

tests/out/fuzz_rules: tests/fuzz/fuzz_rules.c $(FUZZ_REF) $(FUZZ_SRCS) *.h
	$(FUZZ_BUILD) -Itests/fuzz tests/fuzz/fuzz_rules.c \
	    tests/fuzz/reference.c $(FUZZ_SRCS) $(DEP_LIBS)

tests/out/fuzz_clean: tests/fuzz/fuzz_clean.c $(FUZZ_SRCS) *.h
	$(FUZZ_BUILD) tests/fuzz/fuzz_clean.c $(FUZZ_SRCS) $(DEP_LIBS)

FUZZ_PIPE = tests/fuzz/pipeline.c tests/fuzz/pipeline.h

tests/out/fuzz_jsonl: tests/fuzz/fuzz_jsonl.c $(FUZZ_PIPE) $(FUZZ_SRCS) *.h
	$(FUZZ_BUILD) -Itests/fuzz tests/fuzz/fuzz_jsonl.c \
	    tests/fuzz/pipeline.c $(FUZZ_SRCS) $(DEP_LIBS)

tests/out/fuzz_wet: tests/fuzz/fuzz_wet.c $(FUZZ_PIPE) $(FUZZ_SRCS) *.h
	$(FUZZ_BUILD) -Itests/fuzz tests/fuzz/fuzz_wet.c \
	    tests/fuzz/pipeline.c $(FUZZ_SRCS) $(DEP_LIBS)

tests/out/fuzz_dfa: tests/fuzz/fuzz_dfa.c $(FUZZ_REF) $(DFA_SRCS) *.h
	$(FUZZ_BUILD) -Itests/fuzz tests/fuzz/fuzz_dfa.c \
	    tests/fuzz/reference.c $(DFA_SRCS) $(DEP_LIBS)

fuzz-targets: $(FUZZ_TARGETS)

fuzz: $(FUZZ_TARGETS)
	sh tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# Throughput and peak memory beside cat and grep; see bench/bench.sh.
bench: newsclean
	sh bench/bench.sh ./newsclean

# Scores on the evaluation corpora, when they are beside the repository:
# the last line of score.py (F1=... P=... R=...) for each set.
CORPUS = ../shared/corpus
SCORE = ../shared/eval/score.py
EVAL_SETS = seeds dev snippets

eval: newsclean
	@if [ ! -d $(CORPUS) ] || [ ! -f $(SCORE) ]; then \
		echo "eval: $(CORPUS) or $(SCORE) is absent: nothing to score"; \
		exit 0; \
	fi; \
	for set in $(EVAL_SETS); do \
		out=$$(python3 $(SCORE) --run ./newsclean $(CORPUS)/$$set) || \
			exit 1; \
		printf '%-9s %s\n' $$set "$$(echo "$$out" | tail -n 1)"; \
	done

.PHONY: eval

install: newsclean
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(RULESDIR)
	cp newsclean $(DESTDIR)$(BINDIR)/newsclean
	cp newsclean.1 $(DESTDIR)$(MANDIR)/man1/newsclean.1
	cp $(RULES) $(DESTDIR)$(RULESDIR)/

clean:
	rm -f newsclean *.o rules_embed.c stopwords_data.c *.tmp
	rm -rf tests/out

.PHONY: all bench check fuzz fuzz-targets install lint valgrind clean
