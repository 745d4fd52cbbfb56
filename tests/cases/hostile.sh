# Hostile input: whatever comes in, newsclean must not crash, hang, grow
# without bound, write invalid UTF-8 or lose a block.  Sourced by
# tests/run.sh; names here start with h_ or H_.  Cases that move more
# than 50 MB run only when $HEAVY is 1; the ones about empty input,
# missing or unreadable files, /dev/full and closed pipes are in cli.sh.

H=$T/hostile
rm -rf "$H"
mkdir -p "$H"
H_TOP=$(cd "$TESTS/.." && pwd)

# A paragraph the judgement keeps.
H_P="The council said on Tuesday that the work on the old mill would begin in the spring and that it would take about two years to finish."

h_fail() {
	echo "$*"
	return 1
}

# RFC 3629 UTF-8, line by line: GNU grep in a UTF-8 locale rejects
# overlong forms, surrogates and code points past U+10FFFF.
h_utf8() {
	printf 'ok\n\300\257\n' | LC_ALL=C.UTF-8 grep -aqvx '.*' ||
	    h_fail "grep cannot check UTF-8 here (no C.UTF-8 locale?)" ||
	    return 1
	! LC_ALL=C.UTF-8 grep -aqvx '.*' "$1" ||
	    h_fail "$1 is not valid UTF-8:" \
	    "$(LC_ALL=C.UTF-8 grep -anvx '.*' "$1" | head -3 | od -c | head)"
}

# Peak resident memory of a command, in KiB, into the file rss.
h_rss() {
	/usr/bin/time -f %M -o rss "$@"
}

h_rss_below() {
	[ "$(cat rss)" -le "$1" ] ||
	    h_fail "peak RSS $(cat rss) KiB, limit $1 KiB"
}

# Under a sanitizer or valgrind memory is not the program's own.
h_plain() {
	[ "$HEAVY" = 1 ] && [ -x /usr/bin/time ]
}

# --- Bytes that are not text ---

# Every way UTF-8 goes wrong, each on its own line after a tag; once in
# a document that valid UTF-8 came first in (bad bytes become U+FFFD),
# once in one that starts with them (read as Windows-1252).
h_invalid_utf8() {
	for h_first in 'Caf\303\251 first\n' ''; do
		{ printf "$h_first"
		  printf 'l1 overlong \300\257 \301\277 \340\200\257 \360\200\200\257 x\n'
		  printf 'l2 surrogates \355\240\200 \355\277\277 \355\240\275\355\270\200 x\n'
		  printf 'l3 beyond U+10FFFF \364\220\200\200 \365\200\200\200 \370\210\200\200\200 \374\204\200\200\200\200 x\n'
		  printf 'l4 truncated \342\202 \360\237\230 x \343\n'
		  printf 'l5 stray continuation \200 \277\277 \241 x\n'
		  printf 'l6 never in UTF-8 \376 \377 \376\377 x\n'
		  printf 'l7 truncated at the end of input \360\237'
		} > in
		"$NC" --no-judge --no-default-rules in > out ||
		    h_fail "exit $? on invalid UTF-8" || return 1
		h_utf8 out || return 1
		grep -v '^$' out | cut -c1-2 | tr '\n' ' ' > tags
		printf "$h_first" | grep -q . && h_want='Ca l1 l2 l3 l4 l5 l6 l7 ' ||
		    h_want='l1 l2 l3 l4 l5 l6 l7 '
		[ "$(cat tags)" = "$h_want" ] ||
		    h_fail "blocks lost or split: $(cat tags)" || return 1
		"$NC" --explain in > ex
		[ $? -le 1 ] && h_utf8 ex || h_fail "--explain" || return 1
	done
	# In UTF-8 mode every bad byte became U+FFFD, nothing else.
	printf 'Caf\303\251\nx \355\240\200 \300 y\n' | "$NC" --no-judge \
	    --no-default-rules > out && printf 'Caf\303\251\n\nx \357\277\275\357\277\275\357\277\275 \357\277\275 y\n' > want &&
	    cmp want out
}
t "invalid UTF-8 of every kind: valid UTF-8 out, no block lost" \
    h_invalid_utf8

h_random() {
	head -c 1000000 /dev/urandom > rnd || return 1
	for h_args in "" --no-judge -z --explain "-f UTF-16LE" "-f UTF-16BE" \
	    "--no-judge -f CP1252"; do
		"$NC" $h_args --rejects=rej rnd > out 2> err
		h_st=$?
		if [ $h_st -gt 1 ] || ! h_utf8 out || ! h_utf8 rej; then
			mkdir -p "$H_TOP/tests/out" && cp rnd "$H_TOP/tests/out/hostile-random.in"
			h_fail "args '$h_args': exit $h_st, $(cat err);" \
			    "input kept as tests/out/hostile-random.in"
			return 1
		fi
	done
}
t "random binary: no crash, valid UTF-8 out and in --rejects" h_random

# A byte-order mark, then a lone surrogate and an odd last byte.
h_utf16() {
	{ printf '\377\376'
	  printf 'Caf\303\251 au lait\n' | iconv -f UTF-8 -t UTF-16LE
	  printf 'A\000\000\330B\000\n\000\000\334C\000\n\000Z'
	} > le
	"$NC" --no-judge --no-default-rules le > out && h_utf8 out &&
	    grep -q '^Café au lait$' out && grep -q '^A.B$' out &&
	    grep -q '^.C$' out || h_fail "UTF-16LE: $(cat out)" || return 1
	{ printf '\376\377'
	  printf 'Caf\303\251 au lait\n' | iconv -f UTF-8 -t UTF-16BE
	  printf '\000A\330\000\000B\000\n\334\000\000C\000\n\000'
	} > be
	"$NC" --no-judge --no-default-rules be > out && h_utf8 out &&
	    grep -q '^Café au lait$' out && grep -q '^A.B$' out
}
t "UTF-16 with BOM, lone surrogates and a truncated last unit" h_utf16

# Multi-byte encodings split across reads (a file is read in 256 KiB,
# dd hands over 1001 bytes at a time): no character and no line lost.
h_split_reads() {
	awk 'BEGIN { for (i = 0; i < 30000; i++)
	    printf "Line %d \346\227\245\346\234\254\350\252\236 x\n", i }' > jp
	awk 'BEGIN { for (i = 0; i < 30000; i++)
	    printf "Line %d \346\227\245\346\234\254 \360\237\230\200 caf\303\251\n", i }' > all
	for h_enc in SHIFT_JIS GB18030 UTF-16LE UTF-32BE; do
		[ $h_enc = SHIFT_JIS ] && cp jp u8 || cp all u8
		iconv -f UTF-8 -t $h_enc u8 > enc ||
		    h_fail "iconv cannot make $h_enc" || return 1
		"$NC" -f $h_enc --no-judge --no-default-rules --compact enc \
		    > out && cmp u8 out > /dev/null ||
		    h_fail "$h_enc from a file changed" || return 1
		dd bs=1001 status=none < enc | "$NC" -f $h_enc --no-judge \
		    --no-default-rules --compact > out && cmp u8 out > /dev/null ||
		    h_fail "$h_enc through a pipe changed" || return 1
	done
}
t "-f with multi-byte encodings split across reads: nothing lost" \
    h_split_reads

h_nul() {
	printf 'one\000two\000\000\nthree\000\n\000\n' > in
	"$NC" --no-judge --no-default-rules in > out &&
	    printf 'onetwo\n\nthree\n' > want && cmp want out
}
t "NUL bytes inside lines are removed, not line or document ends" h_nul

# --- Sizes ---

# 1 MiB lines with no space, with no ASCII byte, and of bytes that are
# all invalid: each is held in pieces cut at character boundaries and
# comes out whole.
h_long_lines() {
	awk 'BEGIN { s = "\303\251"; while (length(s) < 524288) s = s s
	    printf "%s", s }' > e && printf '\r\n' >> e
	"$NC" --no-judge --no-default-rules e > out && tr -d '\r' < e > want &&
	    cmp want out || h_fail "a line of é changed" || return 1
	awk 'BEGIN { s = "\346\227\245\346\234\254x"; while (length(s) < 1048576) s = s s
	    printf "%s\n", s }' > j
	"$NC" --no-judge --no-default-rules j > out && cmp j out ||
	    h_fail "a line of CJK changed" || return 1
	LC_ALL=C awk 'BEGIN { s = "\200"; while (length(s) < 1048576) s = s s
	    printf "%s", s }' > c
	"$NC" --no-judge --no-default-rules c > out && h_utf8 out &&
	    [ "$(wc -c < out)" -eq $((3 * 1048576 + 1)) ] ||
	    h_fail "1 MiB of 0x80 is not 1 MiB of €: $(wc -c < out) bytes"
}
t "1 MiB lines of é, of CJK, of invalid bytes: through whole" h_long_lines

# Judged alone, a line held in pieces is judged like any paragraph: its
# first piece must tell the language, or no stop word counts.
h_long_prose() {
	awk 'BEGIN { s = "le chat dort sur le tapis et le chien est dans la cour, "
	    while (length(s) < 1048576) s = s s; printf "%sfin.\n", s }' > fr
	"$NC" fr > out && cmp fr out
}
t "a 1 MiB paragraph as the first block: kept by the judgement" h_long_prose

# 100 MiB of prose in one line, no final newline: all of it comes out,
# byte for byte, in bounded memory.
h_huge_line() {
	h_gen() {
		awk 'BEGIN { s = "The cat sat on the mat, and the dog was there too. "
		    while (length(s) < 65536) s = s s
		    for (n = 0; n < 104857600; n += length(s)) printf "%s", s
		    printf "The end." }'
	}
	h_gen | wc -cw > in.count
	h_gen | h_rss "$NC" > out || h_fail "exit status not 0" || return 1
	wc -cw < out > out.count
	[ "$(awk '{ print $1, $2 + 1 }' in.count)" = "$(awk '{ print $1, $2 }' out.count)" ] ||
	    h_fail "words, bytes in: $(cat in.count); out: $(cat out.count)" ||
	    return 1
	{ h_gen; echo; } | cmp - out || h_fail "output differs" || return 1
	h_rss_below 65536
}
if h_plain; then
	t "a 100 MiB line: passes through whole, peak RSS <= 64 MiB" h_huge_line
fi

h_blank() {
	yes '' | head -n 1000000 > blank
	timeout 60 "$NC" blank > out
	[ $? -eq 1 ] && [ ! -s out ] || h_fail "not exit 1 and no output" ||
	    return 1
	awk 'BEGIN { for (i = 0; i < 1000000; i++) printf "\r \t\r\n" }' > cr
	printf '%s\n' "$H_P" >> cr
	timeout 60 "$NC" cr > out && printf '%s\n' "$H_P" > want &&
	    cmp want out || return 1
	if h_plain; then
		h_rss timeout 60 "$NC" cr > out && h_rss_below 16384
	fi
}
t "a million blank lines: quick, small, nothing out" h_blank

# 1 GiB from a pipe, never on disk, as one document.  Pages repeat with
# a counter, so the repeat table fills up.
h_gigabyte() {
	awk -v p="$H_P" 'BEGIN {
	    for (n = i = 0; n < 1073741824; i++) {
		s = "Home > News > Page " i "\nAccept all cookies\n" \
		    p " Number " i ".\n" p " Again " i ".\nShare this article\n"
		printf "%s", s; n += length(s) }
	    print 5 * i > "blocks" }' |
	    h_rss "$NC" --stats > out 2> err || h_fail "exit status not 0" ||
	    return 1
	grep -q "blocks in $(cat blocks)," err ||
	    h_fail "not $(cat blocks) blocks: $(cat err)" || return 1
	grep -q ' Number ' out || h_fail "no paragraph kept" || return 1
	h_rss_below 65536
}
if h_plain; then
	t "1 GiB of input: constant memory" h_gigabyte
fi

# --- Rules ---

# 20,000 rules are far more than one PCRE2 pattern holds; rules late in
# the file still fire, each under its own name.
h_many_rules() {
	awk 'BEGIN { for (i = 1; i <= 20000; i++)
	    printf "drop ^(?:zz%dq|yy%d\\s+w)$\n", i, i }' > many.rules
	printf 'keep ^zz19999q$\n' >> many.rules
	printf 'first block\nzz19990q\nYY19998   w\nzz19999q\nlast block\n' > in
	"$NC" --explain --no-judge --no-default-rules -r many.rules in > out ||
	    return 1
	cut -f1,2 out > got
	printf 'keep\tno-judge\ndrop\tmany.rules:19990:drop\ndrop\tmany.rules:19998:drop\nkeep\tmany.rules:20001:keep\nkeep\tno-judge\n' > want
	diff -u want got
}
t "20,000 rules: all compiled, the late ones fire" h_many_rules

# (a+)+$ backtracks exponentially on a...ab: the match gives up at the
# PCRE2 limit, the block is kept, the rule is named, the run goes on.
h_backtrack() {
	awk -v p="$H_P" 'BEGIN { for (i = 0; i < 5; i++) {
	    s = ""; for (j = 0; j < 5000 + i; j++) s = s "a"
	    print s "b"; print p " (" i ")" } }' > in
	printf 'drop ^zzz$\ndrop (a+)+$\ndrop ^yyy$\ncut (a|aa)+$\n' > bt.rules
	timeout 20 "$NC" --no-judge --no-default-rules -r bt.rules in > out \
	    2> err || h_fail "exit $?: $(cat err)" || return 1
	grep -v '^$' out > got && cmp in got ||
	    h_fail "a block was lost or changed" || return 1
	grep -q '^newsclean: bt.rules:2: match limit' err &&
	    grep -q '^newsclean: bt.rules:4: match limit' err ||
	    h_fail "no warning naming the rules: $(cat err)" || return 1
	[ "$(wc -l < err)" -eq 2 ] || h_fail "more than one warning per rule"
}
t "catastrophic backtracking: bounded, block kept, rule named" h_backtrack

# ^[ab]*a[ab]{16}c$ asks whether the 17th character before the c is an
# a: its DFA needs a state for every run of 17 a's and b's, so random
# lines fill its share of the DFAs' memory again and again, until it
# gives the rule back to PCRE2: every verdict must still be right.  And
# 32 such rules (the 10th to the 41st character) on lines none of them
# matches, which every rule is tried on, would take 48 MB of states if
# the DFAs' budget did not hold them.
h_dfa_blowup() {
	awk 'BEGIN { srand(7); for (i = 0; i < 20000; i++) {
	    s = ""; for (j = 0; j < 200; j++) s = s (rand() < 0.5 ? "a" : "b")
	    print s "c" } }' > in
	awk 'substr($0, 184, 1) != "a"' in > want
	[ "$(wc -l < want)" -gt 9000 ] && [ "$(wc -l < want)" -lt 11000 ] ||
	    h_fail "the test lines are not half and half" || return 1
	printf 'drop ^[ab]*a[ab]{16}c$\n' > blow.rules
	timeout 600 "$NC" --no-judge --no-default-rules -r blow.rules in > out ||
	    h_fail "exit $?" || return 1
	grep -v '^$' out > got && cmp want got || h_fail "wrong verdicts" ||
	    return 1
	awk 'BEGIN { for (k = 10; k <= 41; k++)
	    printf "drop ^[ab]*a[ab]{%d}c$\n", k }' > blow32.rules
	awk 'BEGIN { srand(8); for (i = 0; i < 20000; i++) {
	    s = ""; for (j = 0; j < 158; j++) s = s (rand() < 0.5 ? "a" : "b")
	    for (j = 0; j < 42; j++) s = s "b"
	    print s "c" } }' > in
	if h_plain; then
		h_rss timeout 60 "$NC" --no-judge --no-default-rules \
		    -r blow32.rules in > out || h_fail "exit $?" || return 1
		h_rss_below 16384 || return 1
	else
		timeout 600 "$NC" --no-judge --no-default-rules \
		    -r blow32.rules in > out || h_fail "exit $?" || return 1
	fi
	grep -v '^$' out > got && cmp in got || h_fail "a line was dropped"
}
t "rules whose DFAs have no end of states: verdicts right, memory bounded" \
    h_dfa_blowup

# Rules joined into one alternation must mean what they mean alone: a
# \Q without \E, an extended-mode comment, group numbers.  \C, which
# could cut a character in two, is refused.
h_join_rules() {
	printf 'drop \\Qa(b\ndrop \\Qc(\\E\ndrop (?x) e  f  # comment\n' > j.rules
	printf 'drop ^g$\ndrop ^(h)\\1$\ndrop ^(?:i)$\n' >> j.rules
	printf 'xa(bx\nc(\nef\ng\nhh\ni\nkept\n' > in
	"$NC" --explain --no-judge --no-default-rules -r j.rules in > out ||
	    return 1
	cut -f1,2 out > got
	printf 'drop\tj.rules:%d:drop\n' 1 2 3 4 5 6 > want
	printf 'keep\tno-judge\n' >> want
	diff -u want got || return 1
	printf 'cut a\\C\n' > c.rules
	"$NC" --check -r c.rules 2> err
	[ $? -eq 2 ] && grep -q '^newsclean: c.rules:1:' err
}
t "joined rules keep their meaning; \\C is refused" h_join_rules

# --- Files, signals ---

# /proc/self/mem opens and then fails to read (EIO at address 0): a
# read error, as from a failing disk, readable by root too.
h_bad_inputs() {
	printf '%s 1\n' "$H_P" > good1 && printf '%s 2\n' "$H_P" > good2 &&
	    mkdir -p adir || return 1
	"$NC" --no-judge good1 adir missing /proc/self/mem good2 > out 2> err
	[ $? -eq 2 ] || h_fail "exit status not 2" || return 1
	grep -q 'adir: Is a directory' err && grep -q 'missing: No such' err &&
	    grep -q '/proc/self/mem: ' err && [ "$(wc -l < err)" -eq 3 ] ||
	    h_fail "messages: $(cat err)" || return 1
	printf '%s 1\n\n%s 2\n' "$H_P" "$H_P" > want && cmp want out
}
t "a directory, a missing and an unreadable file among good ones" \
    h_bad_inputs

# SIGINT while input still comes: exit 130, and what was written is a
# prefix of the whole output that ends with a complete block.
h_sigint() {
	awk -v p="$H_P" 'BEGIN { for (i = 0; i < 4000; i++)
	    print p " Paragraph " i "." }' > in
	"$NC" in > full || return 1
	rm -f fed stop
	{ cat in; : > fed; while [ ! -f stop ]; do sleep 0.1; done; } |
	    "$NC" > part &
	h_pid=$!
	h_n=0
	# Once output has been flushed the handler is surely in place.
	until [ -f fed ] && [ -s part ]; do
		sleep 0.1
		h_n=$((h_n + 1))
		[ $h_n -lt 600 ] || { : > stop; h_fail "no output"; return 1; }
	done
	sleep 0.5
	kill -INT $h_pid
	# The shell waits for the whole pipeline: let its feeder end.
	: > stop
	wait $h_pid
	h_st=$?
	[ $h_st -eq 130 ] || h_fail "exit $h_st, want 130" || return 1
	[ "$(tail -c 1 part | od -An -c | tr -d ' ')" = '\n' ] &&
	    [ -n "$(tail -n 1 part)" ] || h_fail "does not end with a block" ||
	    return 1
	head -c "$(wc -c < part)" full | cmp - part &&
	    [ "$(wc -c < part)" -lt "$(wc -c < full)" ] || return 1
	# The next byte of the whole output starts a separator line.
	[ "$(tail -c +"$(($(wc -c < part) + 1))" full | head -c 1 | od -An -c |
	    tr -d ' ')" = '\n' ] || h_fail "cut inside a block"
}
t "SIGINT: exit 130, output ends with a complete block" h_sigint

# --- Nothing lost ---

# With --rejects every block comes out once, on stdout or in the file:
# the same multiset as newsclean without judgement and with the cut
# rules alone gives on stdout and in its own rejects file (repeats), as
# cut rules remove text by design and normalization is newsclean's own.
h_lossless_one() {
	"$NC" --dump-rules | grep '^cut' > cut.rules
	"$NC" --no-judge --no-default-rules -r cut.rules --rejects=refrej \
	    "$@" > ref 2> /dev/null
	[ $? -le 1 ] || return 1
	"$NC" --rejects=rej "$@" > out 2> /dev/null
	[ $? -le 1 ] || return 1
	cat ref refrej | grep -v '^$' | LC_ALL=C sort > want
	cat out rej | grep -v '^$' | LC_ALL=C sort > got
	diff want got > diff || h_fail "$*: blocks lost or added:" \
	    "$(head -10 diff)"
}

h_lossless_seeds() {
	for h_in in "$TESTS"/golden/seed*.in; do
		h_lossless_one "$h_in" || return 1
	done
	h_lossless_one "$TESTS"/golden/seed*.in
}
t "nothing lost: every block of the seeds in stdout or --rejects" \
    h_lossless_seeds

# Random pages: chrome, prose, repeats, entities, odd spaces, a stop
# marker in the middle, long blocks, blank runs.
h_lossless_random() {
	for h_seed in 1 2 3 4 5 6 7 8; do
		awk -v seed=$h_seed -v p="$H_P" 'BEGIN {
		    srand(seed)
		    n = split("Share this article|Related articles|Advertisement|" \
			"Accept all cookies|Home » World » Europe|Read more|" \
			"Photo: Reuters|© 2024 The Paper|12:49|Comments|" \
			"pic.twitter.com/abc The tweet|— Jane (@jane) May 1, 2024|" \
			"Sign up for our newsletter|Most read|by|" \
			"Caf&eacute; &amp; cr&#232;me|   spaced \t out   |" \
			"Jean Dupont|Lire aussi :|Publicité", chrome, "|")
		    for (i = 0; i < 150; i++) {
			r = rand()
			if (r < 0.35) print chrome[int(rand() * n) + 1]
			else if (r < 0.75) print p " Item " int(rand() * 60) "."
			else if (r < 0.85) print ""
			else if (r < 0.95) {
			    s = p; k = int(rand() * 6)
			    for (j = 0; j < k; j++) s = s " " s
			    print s
			} else print "x" int(rand() * 5)
		    } }' > rand$h_seed
	done
	for h_seed in 1 2 3 4 5 6 7 8; do
		h_lossless_one rand$h_seed || return 1
	done
	h_lossless_one rand1 rand2 rand3 rand4
}
t "nothing lost: every block of random pages in stdout or --rejects" \
    h_lossless_random

# --- Fuzzing regressions ---

# Inputs that once crashed or misled a fuzz target (tests/fuzz): a rules
# input is a rule file, a NUL, then text; a clean input is an options
# byte, a seed byte, then text.  Replayed through the binary, each must
# end in 0, 1 or 2 and write valid UTF-8; an NAME.out beside it is the
# exact --explain output expected.
h_regressions() {
	for h_r in "$TESTS"/fuzz/regressions/rules/*; do
		[ -f "$h_r" ] || continue
		case $h_r in *.out) continue ;; esac
		LC_ALL=C awk 'BEGIN { RS = "\0" } NR == 1 { printf "%s", $0 }' \
		    "$h_r" > r.rules
		LC_ALL=C awk 'BEGIN { RS = "\0"; ORS = "" } NR > 1 {
		    if (NR > 2) print "\0"; print $0 }' "$h_r" > r.in
		"$NC" --explain --no-judge --no-default-rules -r r.rules r.in \
		    > out 2> /dev/null
		h_st=$?
		[ $h_st -le 2 ] && h_utf8 out ||
		    h_fail "$h_r: exit $h_st" || return 1
		[ ! -f "$h_r.out" ] || diff -u "$h_r.out" out || return 1
	done
	for h_r in "$TESTS"/fuzz/regressions/clean/*; do
		[ -f "$h_r" ] || continue
		h_opt=$(od -An -tu1 -N1 "$h_r" | tr -d ' ')
		set --
		[ $((h_opt & 1)) -eq 0 ] || set -- "$@" -z
		[ $((h_opt & 2)) -eq 0 ] || set -- "$@" --no-judge
		tail -c +3 "$h_r" > c.in
		"$NC" "$@" --explain c.in > out 2> /dev/null
		h_st=$?
		[ $h_st -le 1 ] && tr -d '\000' < out > out.text &&
		    h_utf8 out.text || h_fail "$h_r: exit $h_st" || return 1
	done
}
t "fuzzing regressions replayed through the binary" h_regressions
