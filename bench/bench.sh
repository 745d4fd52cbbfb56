#!/bin/sh
# The benchmark: bench/bench.sh [BINARY] (default ./newsclean).
#
# Builds a corpus of at least BENCH_MB (100) megabytes of page text in a
# temporary folder: the pages of BENCH_CORPUS (../shared/corpus/dev/*.in.txt
# when present, else the repository's test inputs), each followed by a
# NUL so that every page is a document of its own (-z), repeated.  Then,
# over the same bytes, best of BENCH_RUNS (5) alternating rounds, it
# prints the throughput (by wall-clock time, and by the CPU time of the
# command, user and system, which leaves out the time it waits for the
# pipe or for other programs) and peak RSS of cat, LC_ALL=C grep -vF and
# grep -vE with the boilerplate lists beside it, and newsclean with its
# default rules and judgement, with --stats and with --explain; then the
# peak RSS for pathological shapes: one 100 MB line, a million blank
# lines, and (unless BENCH_BIG=0) 1 GB of pages through a pipe.
#
# BENCH_BASE=OTHER-BINARY runs another build of newsclean -z in the same
# rounds and prints the ratio of the two: the machine's speed drifts
# from hour to hour by more than one change is worth, so two builds are
# only compared in one run.
#
# Output goes to a pipe, never to /dev/null: grep stops at the first
# line it would print when it sees /dev/null.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
NC=${1:-$top/newsclean}
case $NC in /*) ;; *) NC=$(pwd)/$NC ;; esac
BASE=${BENCH_BASE:-}
case $BASE in /*|'') ;; *) BASE=$(pwd)/$BASE ;; esac
MB=${BENCH_MB:-100}
RUNS=${BENCH_RUNS:-5}
BIG=${BENCH_BIG:-1}
CORPUS=${BENCH_CORPUS:-$(cd "$top/../shared/corpus/dev" 2>/dev/null && pwd)}
LIST=$here/boilerplate.txt
ERE=$here/boilerplate.ere

for b in "$NC" ${BASE:+"$BASE"}; do
	[ -x "$b" ] || { echo "bench: $b: not executable" >&2; exit 2; }
done
for tool in /usr/bin/time grep cat; do
	command -v "$tool" >/dev/null ||
	    { echo "bench: $tool is needed (package time, grep)" >&2; exit 2; }
done
W=$(mktemp -d "${TMPDIR:-/tmp}/newsclean-bench.XXXXXX") || exit 2
trap 'rm -rf "$W"' EXIT INT TERM

# One copy of every page, NUL after each.
set -- "$CORPUS"/*.in.txt
if [ ! -f "$1" ]; then
	CORPUS="$top/tests/golden and $top/examples"
	set -- "$top"/tests/golden/*.in "$top"/examples/*
fi
for f; do
	[ -f "$f" ] && cat "$f" && printf '\0'
done > "$W/one"
one=$(wc -c < "$W/one")
[ "$one" -gt 0 ] || { echo "bench: no pages found" >&2; exit 2; }
copies=$(( (MB * 1000000 + one - 1) / one ))
i=0
while [ $i -lt "$copies" ]; do
	cat "$W/one"
	i=$((i + 1))
done > "$W/corpus"
bytes=$(wc -c < "$W/corpus")

# run NAME COMMAND...: one timed run on the corpus; keeps the best
# wall-clock time (ns), the largest RSS and the best CPU time (ms) in
# $W/NAME.best.
run() {
	name=$1
	shift
	t0=$(date +%s%N)
	/usr/bin/time -o "$W/rss" -f '%M %U %S' "$@" < "$W/corpus" \
	    2>"$W/err" | cat > /dev/null
	t1=$(date +%s%N)
	ns=$((t1 - t0))
	rss=$(tail -n 1 "$W/rss" | awk '{ print $1 }')
	cpu=$(tail -n 1 "$W/rss" | awk '{ printf "%d", ($2 + $3) * 1000 }')
	if [ -f "$W/$name.best" ]; then
		read -r bns brss bcpu < "$W/$name.best"
		[ "$bns" -lt "$ns" ] && ns=$bns
		[ "$brss" -gt "$rss" ] && rss=$brss
		[ "$bcpu" -lt "$cpu" ] && cpu=$bcpu
	fi
	echo "$ns $rss $cpu" > "$W/$name.best"
}

names="cat grep-vF grep-vE newsclean newsclean--stats newsclean--explain"
[ -n "$BASE" ] && names="$names base"
round=0
while [ $round -lt "$RUNS" ]; do
	run cat cat
	run grep-vF env LC_ALL=C grep -a -vF -f "$LIST"
	run grep-vE env LC_ALL=C grep -a -vE -f "$ERE"
	run newsclean "$NC" -z
	run newsclean--stats "$NC" -z --stats
	run newsclean--explain "$NC" -z --explain
	[ -n "$BASE" ] && run base "$BASE" -z
	round=$((round + 1))
done

mbps() {
	awk -v b="$bytes" -v ns="$1" 'BEGIN { printf "%.1f", b / 1e6 / (ns / 1e9) }'
}

# MB/s by CPU time: too fast to time (under 10 ms) prints "-".
mbps_cpu() {
	awk -v b="$bytes" -v ms="$1" \
	    'BEGIN { if (ms < 10) print "-"; else printf "%.1f", b / 1e6 / (ms / 1e3) }'
}

# rss_of NAME COMMAND...: peak RSS of a run on the input in $W/in.
rss_of() {
	shift
	/usr/bin/time -o "$W/rss" -f '%M' "$@" < "$W/in" 2>"$W/err" |
	    cat > /dev/null
	tail -n 1 "$W/rss"
}

echo "corpus: $bytes bytes, $copies copies of $(($# )) pages from $CORPUS"
echo "runs: best of $RUNS alternating rounds; binary: $NC"
[ -n "$BASE" ] && echo "base: $BASE"
echo
printf '| %-22s | %9s | %9s | %13s |\n' command MB/s "MB/s CPU" \
    "peak RSS KiB"
printf '|%s|%s|%s|%s|\n' ------------------------ ----------- ----------- \
    ---------------
for n in $names; do
	read -r ns rss cpu < "$W/$n.best"
	v=$(echo "$n" | tr -c 'a-zA-Z0-9\n' _)
	eval "mbps_$v=$(mbps "$ns") cpu_$v=$(mbps_cpu "$cpu")"
	case $n in
	cat)		label="cat" ;;
	grep-vF)	label="LC_ALL=C grep -vF" ;;
	grep-vE)	label="LC_ALL=C grep -vE" ;;
	newsclean)	label="newsclean -z" ;;
	newsclean--stats) label="newsclean -z --stats" ;;
	newsclean--explain) label="newsclean -z --explain" ;;
	base)		label="base -z" ;;
	esac
	printf '| %-22s | %9s | %9s | %13s |\n' "$label" "$(mbps "$ns")" \
	    "$(mbps_cpu "$cpu")" "$rss"
done
echo
awk -v a="$mbps_newsclean" -v b="$mbps_grep_vF" -v c="$mbps_newsclean__stats" \
    -v ac="$cpu_newsclean" -v bc="$cpu_grep_vF" -v cc="$cpu_newsclean__stats" \
    'BEGIN { printf "ratio newsclean / grep -vF: %.2f", a / b;
	if (bc != "-") printf " (CPU time: %.2f)", ac / bc;
	printf "\n--stats / default: %.2f", c / a;
	printf " (CPU time: %.2f)\n", cc / ac }'
[ -n "$BASE" ] && awk -v a="$mbps_newsclean" -v b="$mbps_base" \
    -v ac="$cpu_newsclean" -v bc="$cpu_base" \
    'BEGIN { printf "newsclean / base: %.2f", a / b;
	if (ac != "-" && bc != "-") printf " (CPU time: %.2f)", ac / bc;
	printf "\n" }'

tr '\n\0' '  ' < "$W/corpus" | head -c 100000000 > "$W/in"
echo
echo "peak RSS, KiB:"
printf '  one 100 MB line:       %s\n' "$(rss_of x "$NC")"
awk 'BEGIN { for (i = 0; i < 1000000; i++) print "" }' > "$W/in"
printf '  a million blank lines: %s\n' "$(rss_of x "$NC")"
if [ "$BIG" = 1 ]; then
	rm -f "$W/in"
	i=0
	while [ $i -lt 10 ]; do
		cat "$W/corpus"
		i=$((i + 1))
	done | head -c 1000000000 |
	    /usr/bin/time -o "$W/rss" -f '%M' "$NC" -z 2>"$W/err" |
	    cat > /dev/null
	printf '  1 GB of pages (-z):    %s\n' "$(tail -n 1 "$W/rss")"
fi
