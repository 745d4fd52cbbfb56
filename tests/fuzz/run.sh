#!/bin/sh
# tests/fuzz/run.sh SECONDS TARGET...: run each libFuzzer target for
# SECONDS on one core, starting from its seed corpus and the regression
# inputs; fail on the first crash, leak, hang or sanitizer report.
#
# New inputs the fuzzer finds go to tests/out/corpus_NAME (kept between
# runs, never committed); a crashing input is left as
# tests/out/crash-NAME-*: replay it with "TARGET FILE", then keep it in
# tests/fuzz/regressions/NAME/ once the bug is fixed.
seconds=${1:?usage: run.sh SECONDS TARGET...}
shift
fuzz=$(cd "$(dirname "$0")" && pwd)
status=0
for target in "$@"; do
	name=${target##*/fuzz_}
	work=${target%/*}/corpus_$name
	mkdir -p "$work"
	regressions=
	[ -d "$fuzz/regressions/$name" ] && regressions=$fuzz/regressions/$name
	echo "fuzz: $name for $seconds s"
	# New inputs go to the first directory only: the others are read.
	"$target" -max_total_time="$seconds" -timeout=10 -detect_leaks=1 \
	    -max_len=16384 -close_fd_mask=2 \
	    -artifact_prefix="${target%/*}/crash-$name-" \
	    "$work" "$fuzz/corpus_$name" $regressions \
	    2>"${target%/*}/fuzz-$name.log"
	st=$?
	tail -3 "${target%/*}/fuzz-$name.log"
	if [ $st -ne 0 ]; then
		echo "fuzz: $name FAILED (exit $st), see ${target%/*}/fuzz-$name.log"
		status=1
	fi
done
exit $status
