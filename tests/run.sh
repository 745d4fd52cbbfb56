#!/bin/sh
# The test suite: tests/run.sh [BINARY ...] (default ./newsclean).
#
# For every binary it runs
#   tests/golden/NAME.in   through the binary with the arguments in
#                          NAME.args (if any) and compares stdout with
#                          NAME.out and the exit status with NAME.status
#                          (default 0);
#   tests/cases/*.sh       shell case files: each calls t "what" 'command'
#                          for every case; a case passes when its command
#                          exits 0.  $NC is the binary, $T a scratch dir,
#                          $TESTS the tests folder; $HEAVY is 1 for the
#                          first binary only, so cases that move
#                          gigabytes run once, not under the sanitizers.
#   tests/out/unit_*       unit test programs built by make.
# and ends with the line "N passed, N failed".
top=$(cd "$(dirname "$0")/.." && pwd)
TESTS=$top/tests
[ $# -gt 0 ] || set -- "$top/newsclean"
pass=0
fail=0
T=$(mktemp -d "${TMPDIR:-/tmp}/newsclean-test.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT INT TERM

t() {
	if (cd "$T" && eval "$2") >"$T/.log" 2>&1; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL [$(basename "$NC")] $CASEFILE: $1"
		sed 's/^/    /' "$T/.log" | head -20
	fi
}

golden() {
	CASEFILE=golden
	for in in "$TESTS"/golden/*.in; do
		[ -f "$in" ] || continue
		name=${in%.in}
		args=
		[ -f "$name.args" ] && args=$(cat "$name.args")
		want=0
		[ -f "$name.status" ] && want=$(cat "$name.status")
		t "$(basename "$name")" "cd '$TESTS/golden' && \"\$NC\" $args < '$in' > '$T/got'; st=\$?; \
		    [ \$st -eq $want ] || { echo \"exit \$st, want $want\"; exit 1; }; \
		    diff -u '$name.out' '$T/got'"
	done
}

first=1
for NC in "$@"; do
	case $NC in /*) ;; *) NC=$(pwd)/$NC ;; esac
	export NC T TESTS
	HEAVY=$first
	export HEAVY
	golden
	for f in "$TESTS"/cases/*.sh; do
		[ -f "$f" ] || continue
		CASEFILE=$(basename "$f")
		. "$f"
	done
	first=0
done
CASEFILE=unit
for u in "$TESTS"/out/unit_*; do
	[ -x "$u" ] || continue
	t "$(basename "$u")" "'$u'"
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
