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
#
# An argument --cases=A.sh,B.sh limits the binaries after it to those
# case files, and --golden=P,Q to the golden files whose names start
# with P or Q: tests/valgrind-nc, a binary that runs newsclean under
# valgrind, is too slow for all of them.  LIGHT=1 in the environment
# skips the $HEAVY cases altogether.
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

# Is golden file $1 among the prefixes of --golden (all if none)?
wanted() {
	[ -n "$goldens" ] || return 0
	for p in $(echo "$goldens" | tr , ' '); do
		case $1 in "$p"*) return 0 ;; esac
	done
	return 1
}

golden() {
	CASEFILE=golden
	for in in "$TESTS"/golden/*.in; do
		[ -f "$in" ] || continue
		name=${in%.in}
		wanted "$(basename "$name")" || continue
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
cases=
goldens=
for NC in "$@"; do
	case $NC in
	--cases=*)
		cases=,${NC#--cases=},
		continue
		;;
	--golden=*)
		goldens=${NC#--golden=}
		continue
		;;
	/*) ;;
	*) NC=$(pwd)/$NC ;;
	esac
	export NC T TESTS
	HEAVY=$first
	[ "${LIGHT:-0}" = 1 ] && HEAVY=0
	export HEAVY
	golden
	for f in "$TESTS"/cases/*.sh; do
		[ -f "$f" ] || continue
		CASEFILE=$(basename "$f")
		case ${cases:-,$CASEFILE,} in *,"$CASEFILE",*) ;; *) continue ;; esac
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
