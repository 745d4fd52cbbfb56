# The command line: options, inputs, outputs, exit status, rule files,
# installation.  Sourced by tests/run.sh; every name here starts with
# cli_ or CLI_ so as not to touch the harness's own.

CLI=$T/cli
CLI_TOP=$(cd "$TESTS/.." && pwd)
rm -rf "$CLI"
mkdir -p "$CLI"

# Paragraphs judgement keeps, chrome the default rules drop.
cat > "$CLI/p1" <<'EOF'
The town council voted on Tuesday night to restore the tide mill on the east quay, ending a debate that has divided residents of the town for almost ten years.
EOF
cat > "$CLI/p2" <<'EOF'
The mill, built in 1791 and closed since the floods of 1953, will be repaired with money from a national fund and a local appeal that has raised more than it needed since the summer.
EOF
cat > "$CLI/p3" <<'EOF'
Opponents had argued that the money would be better spent on the sea wall, which was damaged in the storms of last winter, but the council said that the wall would be repaired as planned.
EOF
cat > "$CLI/p4" <<'EOF'
Work on the mill is expected to begin in September and to take two years, and the building will then open to visitors as a museum with a small working flour mill inside it.
EOF
cat > "$CLI/p5" <<'EOF'
A second vote, on the future of the old fish market on the west side of the harbour, was put off until the next meeting of the council at the end of the month.
EOF
printf 'Accept all cookies\nShare on Facebook\nAdvertisement\n' > "$CLI/chrome"
cat "$CLI/chrome" "$CLI/p1" "$CLI/p2" "$CLI/p3" "$CLI/chrome" > "$CLI/page"
mkdir "$CLI/dir"

cli_fail() {
	echo "$*"
	return 1
}

# Expect exit status $1 from the command that follows; stdout in out,
# stderr in err.
cli_status() {
	cli_want=$1
	shift
	"$@" > out 2> err
	cli_got=$?
	[ "$cli_got" -eq "$cli_want" ] ||
	    cli_fail "exit $cli_got, want $cli_want from: $*; stderr:" \
	    "$(cat err)"
}

# Only the nonblank lines of a file: the blocks.
cli_blocks() {
	grep -v '^$' "$@"
}

cli_same() {
	diff -u "$1" "$2" || cli_fail "$1 and $2 differ"
}

# --- Options, usage, version ---

cli_help() {
	cli_status 0 "$NC" --help && grep -q '^usage: newsclean ' out &&
	    [ ! -s err ] || cli_fail "no usage on stdout, or stderr not empty"
	cli_status 0 "$NC" -h && grep -q '^usage: newsclean ' out
}
t "--help and -h print usage on stdout, exit 0" cli_help

cli_version() {
	cli_status 0 "$NC" -V && grep -Eqx 'newsclean [0-9]+(\.[0-9]+)+' out &&
	    cli_status 0 "$NC" --version && grep -Eqx 'newsclean [0-9.]+' out ||
	    cli_fail "bad version line: $(cat out)"
}
t "-V and --version print 'newsclean VERSION', exit 0" cli_version

cli_badopt() {
	for cli_o in --bogus -Q "-r" --rejects; do
		cli_status 2 "$NC" $cli_o < "$CLI/page" || return 1
		[ ! -s out ] || cli_fail "$cli_o: stdout not empty" || return 1
		grep -q '^usage: newsclean ' err ||
		    cli_fail "$cli_o: no usage on stderr" || return 1
	done
}
t "a bad option or a missing argument: usage on stderr, exit 2" cli_badopt

cli_help_full() {
	for cli_o in --help -V --dump-rules; do
		"$NC" $cli_o > /dev/full 2> err
		[ $? -eq 2 ] || cli_fail "$cli_o: exit status not 2" || return 1
		grep -q 'write error' err || cli_fail "$cli_o: no message" ||
		    return 1
	done
}
t "--help, -V, --dump-rules to a full disk: message, exit 2" cli_help_full

cli_badenc() {
	cli_status 2 "$NC" -f NO-SUCH-ENCODING "$CLI/page" &&
	    [ ! -s out ] && grep -q 'NO-SUCH-ENCODING' err ||
	    cli_fail "unknown encoding not reported"
}
t "-f with an unknown encoding: message, exit 2, no output" cli_badenc

# --- Inputs ---

cli_stdin() {
	"$NC" "$CLI/page" > want || return 1
	cli_status 0 "$NC" < "$CLI/page" && cli_same want out &&
	    cli_status 0 "$NC" - < "$CLI/page" && cli_same want out &&
	    [ -s want ]
}
t "no file and '-' read standard input" cli_stdin

cli_order() {
	printf 'Second block from stdin\n' |
	    "$NC" --no-judge "$CLI/p1" - "$CLI/p2" "$CLI/p1" > out || return 1
	{ cat "$CLI/p1"; echo; echo "Second block from stdin"; echo
	  cat "$CLI/p2"; echo; cat "$CLI/p1"; } > want
	cli_same want out
}
t "several files and '-' in order, each its own document" cli_order

cli_exit1() {
	cli_status 1 "$NC" "$CLI/chrome" && [ ! -s out ] &&
	    cli_status 1 "$NC" < /dev/null && [ ! -s out ] &&
	    printf '\n\n \n\t\n' > blank && cli_status 1 "$NC" blank &&
	    [ ! -s out ] && cli_status 0 "$NC" "$CLI/page" && [ -s out ]
}
t "exit 1 when nothing is kept (chrome only, empty, blank), 0 otherwise" \
    cli_exit1

cli_missing() {
	cli_status 2 "$NC" --no-judge "$CLI/p1" "$CLI/no-such-file" "$CLI/p2" &&
	    grep -q "no-such-file" err && grep -qF "$(cat "$CLI/p1")" out &&
	    grep -qF "$(cat "$CLI/p2")" out ||
	    cli_fail "missing file: message or other output wrong"
}
t "a missing file: message naming it, the others processed, exit 2" \
    cli_missing

cli_directory() {
	cli_status 2 "$NC" --no-judge "$CLI/dir" "$CLI/p1" &&
	    grep -q "$CLI/dir" err && grep -qF "$(cat "$CLI/p1")" out ||
	    cli_fail "directory: message or other output wrong"
}
t "a directory as input: message, the others processed, exit 2" \
    cli_directory

# Root reads a mode-000 file anyway: then the binary runs as nobody
# (setpriv), from a directory under /tmp that nobody can search.
cli_unreadable() {
	if [ "$(id -u)" -ne 0 ]; then
		cli_ur=$CLI/ur
		mkdir -p "$cli_ur" && cp "$NC" "$cli_ur/nc" || return 1
		set --
	elif command -v setpriv > /dev/null; then
		cli_ur=$(mktemp -d /tmp/newsclean-ur.XXXXXX) &&
		    chmod 755 "$cli_ur" && cp "$NC" "$cli_ur/nc" &&
		    chmod 755 "$cli_ur/nc" || return 1
		set -- setpriv --reuid=65534 --regid=65534 --clear-groups
	else
		echo "root without setpriv: cannot make a file unreadable"
		return 1
	fi
	cp "$CLI/p1" "$cli_ur/secret" && cp "$CLI/p2" "$cli_ur/open" &&
	    chmod 644 "$cli_ur/open" && chmod 000 "$cli_ur/secret" &&
	    cli_status 2 "$@" "$cli_ur/nc" --no-judge "$cli_ur/secret" \
	    "$cli_ur/open" && grep -q "secret: Permission denied" err &&
	    grep -qF "$(cat "$CLI/p2")" out
	cli_ok=$?
	rm -rf "$cli_ur"
	[ $cli_ok -eq 0 ] ||
	    cli_fail "unreadable file: message or other output wrong"
}
t "an unreadable file: message, the others processed, exit 2" \
    cli_unreadable

# --- Output format ---

cli_format() {
	printf '\n\n  first   block  \n\n\n\nsecond\tblock\nthird block' > in
	printf 'first block\n\nsecond block\n\nthird block\n' > want
	cli_status 0 "$NC" --no-judge --no-default-rules in &&
	    cli_same want out || return 1
	printf 'first block\nsecond block\nthird block\n' > want
	cli_status 0 "$NC" --no-judge --no-default-rules --compact in &&
	    cli_same want out
}
t "blocks separated by one blank line, none at the ends, final newline" \
    cli_format

cli_compact() {
	"$NC" "$CLI/page" > normal &&
	    cli_status 0 "$NC" --compact "$CLI/page" || return 1
	! grep -q '^$' out || cli_fail "blank line in --compact output" ||
	    return 1
	cli_blocks normal > want && cli_same want out
}
t "--compact: the same blocks, one per line, no blank line" cli_compact

cli_full() {
	"$NC" "$CLI/page" > /dev/full 2> err
	[ $? -eq 2 ] && grep -q 'write error on standard output' err ||
	    cli_fail "no message, or not exit 2, for a full disk" || return 1
	cli_status 2 "$NC" --rejects=/dev/full "$CLI/page" &&
	    grep -q 'write error on /dev/full' err ||
	    cli_fail "no message for a full rejects file"
}
t "a full disk (/dev/full): message, exit 2" cli_full

cli_pipe() {
	awk 'BEGIN { for (i = 0; i < 40000; i++)
	    printf "Line %d of a text long enough to fill the pipe.\n", i }' \
	    > big
	{ "$NC" --no-judge big 2> err; echo $? > st; } | head -c 10 > head ||
	    return 1
	[ "$(cat head)" = "Line 0 of " ] || cli_fail "head got: $(cat head)" ||
	    return 1
	[ ! -s err ] || cli_fail "message on a closed pipe: $(cat err)" ||
	    return 1
	# Killed by SIGPIPE, or exit 2 if SIGPIPE is ignored: never 0.
	[ "$(cat st)" -ne 0 ] || cli_fail "exit 0 on a closed pipe"
}
t "a closed pipe (| head -c 10): no message" cli_pipe

# --- Rules: --check, errors, -r, defaults ---

cli_check_good() {
	printf '# comment\n\ndrop\t^foo$\n  # indented comment\ncut:20 \\s*bar\nkeep ^k$  \nstop:5 ^s\n' \
	    > good.rules
	cli_status 0 "$NC" --check && [ ! -s out ] && [ ! -s err ] &&
	    cli_status 0 "$NC" --check -r good.rules && [ ! -s out ] &&
	    [ ! -s err ] || cli_fail "--check on good rules printed something"
}
t "--check on good rules: exit 0, no output" cli_check_good

cli_check_bad() {
	printf 'drop (abc\nfoo bar\ndrop:x abc\ndrop:0 abc\ndrop:\nkeep \ndrop caf\351\ndrop [z-a]\n# fine\ncut ok\ndrop\tx{2,1}\n' \
	    > bad.rules
	cli_status 2 "$NC" --check -r bad.rules || return 1
	[ ! -s out ] || cli_fail "stdout not empty" || return 1
	cat > want <<'EOF'
newsclean: bad.rules:1:10: missing closing parenthesis
newsclean: bad.rules:2:1: unknown action 'foo' (expected cut, keep, stop or drop)
newsclean: bad.rules:3:6: length limit must be a number from 1 to 1000000
newsclean: bad.rules:4:6: length limit must be a number from 1 to 1000000
newsclean: bad.rules:5:6: length limit must be a number from 1 to 1000000
newsclean: bad.rules:6:5: missing pattern
newsclean: bad.rules:7:9: invalid UTF-8 in rule
newsclean: bad.rules:8:9: range out of order in character class
newsclean: bad.rules:11:11: numbers out of order in {} quantifier
EOF
	cli_same want err
}
t "--check reports every error as FILE:LINE:COL: message, exit 2" \
    cli_check_bad

cli_bad_before_input() {
	printf 'drop (abc\n' > bad1.rules && rm -f fifo && mkfifo fifo ||
	    return 1
	# Opening the FIFO would block: the run must end before it.
	cli_status 2 timeout 10 "$NC" -r bad1.rules fifo &&
	    grep -q '^newsclean: bad1.rules:1:' err && [ ! -s out ] || return 1
	cli_status 2 "$NC" -r bad1.rules "$CLI/page" && [ ! -s out ] ||
	    cli_fail "output despite bad rules" || return 1
	cli_status 0 timeout 10 "$NC" --check fifo
}
t "bad rules stop the run before any input is read; --check reads none" \
    cli_bad_before_input

cli_missing_rules() {
	cli_status 2 "$NC" -r no-such.rules "$CLI/page" &&
	    grep -q 'no-such.rules' err && [ ! -s out ]
}
t "-r with a missing file: message, exit 2, no output" cli_missing_rules

cli_r_adds() {
	printf 'Zebra crossing notice\n' > z
	cat z "$CLI/chrome" "$CLI/p1" > in
	printf 'drop ^zebra\n' > z.rules
	cli_status 0 "$NC" --no-judge in && grep -q Zebra out ||
	    cli_fail "Zebra dropped without the rule" || return 1
	cli_status 0 "$NC" --no-judge -r z.rules in || return 1
	! grep -q -e Zebra -e cookies out ||
	    cli_fail "the -r rule or a default rule did not apply"
}
t "-r adds a rule to the defaults" cli_r_adds

cli_no_default() {
	cat "$CLI/chrome" "$CLI/p1" > in
	cli_status 0 "$NC" --no-judge --no-default-rules in &&
	    cli_blocks out > got && cli_same in got || return 1
	printf 'drop ^share\n' > s.rules
	cli_status 0 "$NC" --no-judge --no-default-rules -r s.rules in &&
	    grep -q 'Accept all cookies' out && ! grep -q Share out ||
	    cli_fail "--no-default-rules -r: wrong rules applied"
}
t "--no-default-rules leaves only the -r rules" cli_no_default

cli_replace() {
	mkdir -p mine && printf '# no English rules\n' > mine/en.rules
	cat "$CLI/chrome" "$CLI/p1" > in
	cli_status 0 "$NC" --no-judge in && ! grep -q cookies out ||
	    cli_fail "default en.rules did not drop the cookie line" ||
	    return 1
	cli_status 0 "$NC" --no-judge -r mine/en.rules in &&
	    grep -q 'Accept all cookies' out ||
	    cli_fail "-r mine/en.rules did not replace en.rules" || return 1
	# The same as naming the files: mine first, then the other defaults.
	set --
	for cli_r in "$CLI_TOP"/rules/*.rules; do
		[ "$(basename "$cli_r")" = en.rules ] || set -- "$@" -r "$cli_r"
	done
	for cli_in in in "$TESTS"/golden/seed00*.in; do
		"$NC" -r mine/en.rules "$cli_in" > a
		"$NC" --no-default-rules -r mine/en.rules "$@" "$cli_in" > b
		cli_same a b || return 1
	done
}
t "-r FILE named like a default file replaces it" cli_replace

cli_dump() {
	for cli_r in "$CLI_TOP"/rules/*.rules; do
		printf '# file: %s\n' "$(basename "$cli_r")"
		cat "$cli_r"
	done > want
	cli_status 0 "$NC" --dump-rules && cli_same want out
}
t "--dump-rules prints rules/*.rules, each after '# file: NAME'" cli_dump

# --- The actions ---

cli_cut() {
	printf 'cut ^home\\s*»\\s*\ncut \\s*\\[video\\]\ncut ^\\s*pic\\.x\\.com/\\w+\\s*$\n' \
	    > cut.rules
	printf 'Home » The mill reopens\nPictures [video] of the mill\npic.x.com/abc123\n' \
	    > in
	printf 'The mill reopens\n\nPictures of the mill\n' > want
	cli_status 0 "$NC" --no-judge --no-default-rules -r cut.rules in &&
	    cli_same want out || return 1
	cli_status 0 "$NC" --explain --no-judge --no-default-rules -r cut.rules in &&
	    [ "$(sed -n 3p out | cut -f1,2)" = "$(printf 'drop\tcut.rules:3:cut')" ] ||
	    cli_fail "a block cut to nothing is not 'drop cut.rules:3:cut'"
}
t "cut removes the match inside a block; cut to nothing drops it" cli_cut

# Of the rules of one action, the first in the file that matches is the
# one named, whether it floats or is anchored, as each is matched apart.
cli_rule_order() {
	printf 'Sign up for our newsletter\n' > in
	printf 'drop newsletter\ndrop ^sign up\ndrop:50 ^sign\n' > fa.rules
	printf 'drop:50 ^sign\ndrop newsletter\ndrop ^sign up\n' > af.rules
	for cli_r in fa af; do
		cli_status 1 "$NC" --explain --no-judge --no-default-rules \
		    -r $cli_r.rules in &&
		    [ "$(cut -f1,2 out)" = "$(printf 'drop\t%s.rules:1:drop' \
		    $cli_r)" ] || cli_fail "$cli_r.rules: $(cat out)" || return 1
	done
}
t "the first rule of an action that matches is named, floating or anchored" \
    cli_rule_order

cli_keep() {
	cat "$CLI/p1" > in
	printf 'Menu\n' >> in
	cat "$CLI/p2" >> in
	printf 'Menu\nHome\nSport\n' >> in
	cli_status 0 "$NC" --no-default-rules in || return 1
	! grep -q '^Sport$' out || cli_fail "judgement kept Sport" || return 1
	printf 'drop ^sport$\nkeep ^sport$\n' > k.rules
	cli_status 0 "$NC" --no-default-rules -r k.rules in &&
	    grep -q '^Sport$' out || cli_fail "keep did not protect Sport"
}
t "keep protects a block from judgement and beats drop" cli_keep

# A stop marker after the article ends the document; one before the
# article (a sidebar) drops only itself.
cli_stop() {
	printf 'stop ^related articles$\n' > stop.rules
	{ cat "$CLI/p1" "$CLI/p2" "$CLI/p3"; echo "Related articles"
	  cat "$CLI/p4"; } > after
	cli_status 0 "$NC" --no-default-rules -r stop.rules after || return 1
	grep -qF "$(cat "$CLI/p3")" out && ! grep -q Related out &&
	    ! grep -qF "$(cat "$CLI/p4")" out ||
	    cli_fail "stop after the article did not end it" || return 1
	{ echo "Related articles"; cat "$CLI/p1" "$CLI/p2" "$CLI/p3" "$CLI/p4"; } > before
	cli_status 0 "$NC" --no-default-rules -r stop.rules before &&
	    cli_blocks out > got && cat "$CLI/p1" "$CLI/p2" "$CLI/p3" \
	    "$CLI/p4" > want && cli_same want got || return 1
	printf 'keep ^related articles$\n' > keep.rules
	cli_status 0 "$NC" --no-default-rules -r stop.rules -r keep.rules \
	    after && grep -q Related out && grep -qF "$(cat "$CLI/p4")" out ||
	    cli_fail "keep did not beat stop"
}
t "stop ends the document only after article text; keep beats stop" \
    cli_stop

cli_maxlen() {
	printf 'drop:10 foo\ndrop:5 ^é+$\n' > m.rules
	printf 'foo bar\nfoo bar baz\néééééé\nééééé\n' > in
	printf 'foo bar baz\n\néééééé\n' > want
	cli_status 0 "$NC" --no-judge --no-default-rules -r m.rules in &&
	    cli_same want out
}
t "MAXLEN: a rule applies to blocks of at most MAXLEN characters" \
    cli_maxlen

cli_case() {
	printf 'drop (?-i)^FOO$\ndrop ^bar$\n' > c.rules
	printf 'FOO\nfoo\nBAR\nBar\nbaz\n' > in
	printf 'foo\n\nbaz\n' > want
	cli_status 0 "$NC" --no-judge --no-default-rules -r c.rules in &&
	    cli_same want out
}
t "patterns are caseless; (?-i) makes one case-sensitive" cli_case

cli_trailing() {
	printf 'drop ^foo   \ndrop ^b.r\\s$\t\n' > w.rules
	printf 'foo\nfoo x\nbar\n' > in
	printf 'bar\n' > want
	cli_status 0 "$NC" --no-judge --no-default-rules -r w.rules in &&
	    cli_same want out
}
t "white space at the end of a rule is not part of its pattern" \
    cli_trailing

cli_unicode() {
	printf 'drop ^\\w+$\ndrop:3 ^\\d+$\n' > u.rules
	printf 'Привет\n٣٤٥\nδύο λέξεις\n' > in
	printf 'δύο λέξεις\n' > want
	cli_status 0 "$NC" --no-judge --no-default-rules -r u.rules in &&
	    cli_same want out
}
t "\\w and \\d match every script (UTF + UCP)" cli_unicode

# --- --explain, --rejects, --stats ---

cli_explain() {
	printf 'Zebra crossing notice\n' > z
	cat z "$CLI/page" "$CLI/p1" > in
	printf 'drop ^zebra\n' > z.rules
	cli_status 0 "$NC" --explain -r z.rules in || return 1
	cli_blocks in > want && cut -f4- out > got && cli_same want got ||
	    return 1
	awk -F '\t' 'NF < 4 || $1 !~ /^(keep|drop)$/ ||
	    $2 !~ /^[^ ]+$/ || $3 !~ /^class=/ {
	    print "bad line " NR ": " $0; bad = 1 } END { exit bad }' out ||
	    return 1
	[ "$(head -1 out | cut -f1,2)" = "$(printf 'drop\tz.rules:1:drop')" ] ||
	    cli_fail "first block not 'drop z.rules:1:drop'" || return 1
	[ "$(tail -1 out | cut -f1,2)" = "$(printf 'drop\trepeat')" ] ||
	    cli_fail "repeated block not 'drop repeat'" || return 1
	"$NC" -r z.rules in | cli_blocks > kept
	grep '^keep' out | cut -f4- > got && cli_same kept got
}
t "--explain: every block, in order, verdict TAB decider TAB signals TAB text" \
    cli_explain

cli_rejects() {
	cat "$CLI/page" "$CLI/p4" "$CLI/chrome" "$CLI/p1" > in
	cli_status 0 "$NC" --rejects=rej in || return 1
	"$NC" --explain in > ex
	grep '^drop' ex | cut -f4- > want && cli_blocks rej > got &&
	    cli_same want got || return 1
	cat out rej | cli_blocks | sort > got && cli_blocks in | sort > want &&
	    cli_same want got || return 1
	# The same format as the output: one blank line between blocks.
	awk 'NR % 2 == 0 && $0 != "" { exit 1 } NR % 2 && $0 == "" { exit 1 }
	    END { if (NR % 2 == 0) exit 1 }' rej ||
	    cli_fail "rejects file not in output format"
}
t "--rejects=FILE: dropped blocks there, every block in stdout or FILE" \
    cli_rejects

cli_rejects_unwritable() {
	cli_status 2 "$NC" --rejects="$CLI/dir" "$CLI/page" &&
	    grep -q "$CLI/dir" err
}
t "--rejects to a file that cannot be written: message, exit 2" \
    cli_rejects_unwritable

cli_stats() {
	printf 'drop ^zebra\n' > z.rules
	printf 'Zebra one\nZebra two\n' > z
	cat z "$CLI/page" > in
	"$NC" -r z.rules in "$CLI/page" > want || return 1
	cli_status 0 "$NC" --stats -r z.rules in "$CLI/page" &&
	    cli_same want out || return 1
	cli_kept=$(cli_blocks out | wc -l)
	cli_in=$(cat in "$CLI/page" | cli_blocks | wc -l)
	grep -q "^newsclean: documents 2, blocks in $cli_in, kept $cli_kept," err &&
	    grep -q '^newsclean: z.rules:1: drop: 2 hits$' err &&
	    grep -q '^newsclean: en.rules:[0-9]*: drop: [0-9]* hits$' err ||
	    cli_fail "stats wrong: $(cat err)"
}
t "--stats: counts and hits per rule on stderr, output unchanged" cli_stats

cli_stats_repeats() {
	printf 'drop ^zebra\ncut \\s*\\[x\\]$\n' > zr.rules
	printf 'Zebra one\n\nTail words here [x]\n\nZebra one\n\n' > in
	printf 'Tail words here [x]\n\nTail words here\n\nZebra one\n' >> in
	printf 'Tail words here\n' > want
	cli_status 0 "$NC" --no-judge --no-default-rules --stats -r zr.rules \
	    in && cli_same want out || return 1
	grep -q '^newsclean: zr.rules:1: drop: 3 hits$' err &&
	    grep -q '^newsclean: zr.rules:2: cut: 2 hits$' err ||
	    cli_fail "stats wrong: $(cat err)" || return 1
	cli_status 1 "$NC" --explain --no-default-rules -r zr.rules in &&
	    [ "$(grep -c "$(printf '^drop\tzr.rules:1:drop\t')" out)" = 3 ] ||
	    cli_fail "repeats not dropped by the rule: $(cat out)"
}
t "a block repeated in a page: the rule it matched holds and counts each time" \
    cli_stats_repeats

# More than half the rules are in view, so the 200 are asked as one
# alternation, which is too large for PCRE2 and falls back on each rule.
cli_chunk_too_large() {
	awk 'BEGIN { for (i = 1; i <= 200; i++) printf "cut \\s*\\[(?:alpha|" \
	    "bravo|charlie|delta|echo|foxtrot|golf|hotel|india|juliet|kilo|" \
	    "lima|mike|november|oscar|papa|quebec|romeo|sierra|tango|" \
	    "uniform|victor|whiskey|xray|yankee|zulu)-%d\\]\n", i }' > big.rules
	awk 'BEGIN { printf "Keep"; for (i = 1; i <= 150; i++)
	    printf " [%s-%d]", i % 2 ? "alpha" : "zulu", i
	    print " and [kilo-201] these words." }' > in
	printf 'Keep and [kilo-201] these words.\n' > want
	cli_status 0 "$NC" --no-judge --no-default-rules --stats -r big.rules in &&
	    cli_same want out || return 1
	grep -q '^newsclean: big.rules:1: cut: 1 hits$' err &&
	    grep -q '^newsclean: big.rules:150: cut: 1 hits$' err ||
	    cli_fail "stats wrong: $(cat err)"
}
t "200 rules whose alternation PCRE2 finds too large still match, each in turn" \
    cli_chunk_too_large

# --- Documentation examples are good rules ---

cli_doc_rules() {
	awk '/^Examples:/ { on = 1; next } on && /^\.Bd/ { next }
	    on && /^\.Ed/ { exit } on' "$CLI_TOP/newsclean.1" |
	    sed -e 's/\\e/\\/g' -e 's/\\(Fc/»/g' > man.rules
	[ "$(grep -c '^[a-z]' man.rules)" -ge 4 ] ||
	    cli_fail "no rule examples found in newsclean.1" || return 1
	cli_status 0 "$NC" --check -r man.rules || return 1
	awk '/^# mysite.rules/ { on = 1 } on && /^```/ { exit } on' \
	    "$CLI_TOP/README.md" > readme.rules
	cli_status 0 "$NC" --check -r readme.rules &&
	    printf 'Home » The headline\nAFP\nafp\n' |
	    "$NC" --no-judge --no-default-rules -r readme.rules > out &&
	    printf 'The headline\n\nafp\n' > want && cli_same want out
}
t "the rule examples in newsclean.1 and README.md compile and work" \
    cli_doc_rules

# --- Installation ---

cli_alone() {
	mkdir -p alone && cp "$NC" alone/newsclean || return 1
	cat "$CLI/chrome" "$CLI/p1" > alone/in
	(cd alone && ./newsclean --explain in > ex) || return 1
	grep -q "^drop	en.rules:[0-9]*:drop	.*Accept all cookies" alone/ex ||
	    cli_fail "embedded en.rules not used" || return 1
	"$NC" --dump-rules > want && alone/newsclean --dump-rules > got &&
	    cli_same want got
}
t "the binary alone, away from the repository, has its rules" cli_alone

# make install builds ./newsclean, so it runs once, with that binary.
cli_install() {
	cli_root=$CLI/root
	rm -rf "$cli_root"
	make -s -C "$CLI_TOP" install DESTDIR="$cli_root" PREFIX=/usr \
	    > make.log 2>&1 || cli_fail "make install failed: $(cat make.log)" ||
	    return 1
	[ -x "$cli_root/usr/bin/newsclean" ] &&
	    [ -f "$cli_root/usr/share/man/man1/newsclean.1" ] ||
	    cli_fail "binary or manual page not installed" || return 1
	for cli_r in "$CLI_TOP"/rules/*.rules; do
		cmp "$cli_r" "$cli_root/usr/share/newsclean/$(basename "$cli_r")" ||
		    return 1
	done
	(cd "$cli_root" && ./usr/bin/newsclean "$CLI/page") > got &&
	    "$CLI_TOP/newsclean" "$CLI/page" > want && cli_same want got
}
if [ "$NC" -ef "$CLI_TOP/newsclean" ]; then
	t "make install DESTDIR= PREFIX=: binary, manual page, rules" \
	    cli_install
fi

# The benchmark, tiny, on the repository's inputs: another build in the
# same rounds gets its row and its ratio; a base that is not there is
# an error.
cli_bench() {
	BENCH_MB=1 BENCH_RUNS=1 BENCH_BIG=0 BENCH_CORPUS="$T/none" \
	    BENCH_BASE="$NC" sh "$CLI_TOP/bench/bench.sh" "$NC" > out 2>&1 ||
	    cli_fail "bench failed: $(cat out)" || return 1
	for cli_w in '^| newsclean -z  ' '^| base -z  ' \
	    '^ratio newsclean / grep -vF: [0-9]' '^newsclean / base: [0-9]' \
	    '^  one 100 MB line: *[0-9]' '^  a million blank lines: *[0-9]'; do
		grep -q "$cli_w" out || cli_fail "no \"$cli_w\" in: $(cat out)" ||
		    return 1
	done
	BENCH_MB=1 BENCH_BASE="$T/none" sh "$CLI_TOP/bench/bench.sh" "$NC" \
	    > out 2> err
	[ $? = 2 ] && grep -q "bench: .*none: not executable" err
}
if [ "$HEAVY" = 1 ] && [ -x /usr/bin/time ]; then
	t "bench: a base build in the same rounds, and its ratio" cli_bench
fi
