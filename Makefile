# newsclean -- see README.md.  POSIX make plus pkg-config.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
RULESDIR ?= $(PREFIX)/share/newsclean
DESTDIR ?=

CC ?= cc
AWK ?= awk
PKG_CONFIG ?= pkg-config
CFLAGS ?= -O2 -g
WARN = -std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE
DEPS = libpcre2-8 libutf8proc zlib
DEP_CFLAGS != $(PKG_CONFIG) --cflags $(DEPS)
DEP_LIBS != $(PKG_CONFIG) --libs $(DEPS)
ALL_CFLAGS = $(WARN) -I. $(DEP_CFLAGS) $(CFLAGS)

OBJS = cleaner.o crossdoc.o docmode.o document.o entities.o jsonl.o judge.o \
	normalize.o output.o reader.o rules.o rules_embed.o stopwords.o \
	stopwords_data.o utf8.o util.o wet.o
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
	crossdoc.h docmode.h
crossdoc.o: crossdoc.h
docmode.o: docmode.h jsonl.h output.h reader.h wet.h
jsonl.o: jsonl.h
wet.o: wet.h reader.h
document.o: document.h judge.h normalize.h rules.h stopwords.h
judge.o: judge.h stopwords.h
normalize.o entities.o: normalize.h
output.o: output.h
reader.o: reader.h document.h
rules.o: rules.h
rules_embed.o: embedded.h
stopwords.o stopwords_data.o: stopwords.h stopwords/table.h

# The suite runs twice: on the optimized binary, and on one built with
# AddressSanitizer and UndefinedBehaviorSanitizer.
SAN_FLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all
SRCS = $(OBJS:.o=.c)
UNITS = tests/out/unit_stopwords tests/out/unit_jsonl tests/out/unit_judge

newsclean-asan: $(SRCS) *.h
	$(CC) $(WARN) -I. $(DEP_CFLAGS) $(SAN_FLAGS) -o $@ $(SRCS) $(DEP_LIBS)

tests/out/unit_stopwords: tests/unit_stopwords.c stopwords.c stopwords_data.c stopwords.h
	@mkdir -p tests/out
	$(CC) $(WARN) -I. $(SAN_FLAGS) -o $@ tests/unit_stopwords.c stopwords.c stopwords_data.c

tests/out/unit_judge: tests/unit_judge.c judge.c stopwords.c stopwords_data.c utf8.c judge.h
	@mkdir -p tests/out
	$(CC) $(WARN) -I. $(DEP_CFLAGS) $(SAN_FLAGS) -o $@ tests/unit_judge.c judge.c stopwords.c stopwords_data.c utf8.c $(DEP_LIBS)

tests/out/unit_jsonl: tests/unit_jsonl.c jsonl.c utf8.c util.c jsonl.h
	@mkdir -p tests/out
	$(CC) $(WARN) -I. $(SAN_FLAGS) -o $@ tests/unit_jsonl.c jsonl.c utf8.c util.c

check: newsclean newsclean-asan $(UNITS)
	ASAN_OPTIONS=detect_leaks=1 sh tests/run.sh ./newsclean ./newsclean-asan

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

.PHONY: all bench check install clean
