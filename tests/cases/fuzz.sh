# A short run of each libFuzzer target (tests/fuzz/fuzz_NAME.c), after
# every saved regression input replayed through it.  Once per suite, with
# the plain binary; without clang and libFuzzer there is a note, not a
# pass.  The long runs are "make fuzz FUZZ_SECONDS=N".

FZ_TOP=$(cd "$TESTS/.." && pwd)

fz_have_libfuzzer() {
	command -v clang > /dev/null 2>&1 || return 1
	printf '%s\n' 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n)' \
	    '{ (void)d; (void)n; return 0; }' > "$T/fz_probe.c"
	clang -fsanitize=fuzzer,address,undefined -o "$T/fz_probe" \
	    "$T/fz_probe.c" > /dev/null 2>&1
}

fz_smoke() {
	fz_bin=$FZ_TOP/tests/out/fuzz_$1
	[ -x "$fz_bin" ] || { echo "$fz_bin not built"; return 1; }
	for fz_r in "$FZ_TOP/tests/fuzz/regressions/$1"/*; do
		[ -f "$fz_r" ] || continue
		"$fz_bin" "$fz_r" > log 2>&1 || { tail -40 log; return 1; }
	done
	rm -rf "work_$1" && mkdir "work_$1" || return 1
	"$fz_bin" -runs=2000 -max_total_time=60 -timeout=10 -seed=1 \
	    -close_fd_mask=2 -artifact_prefix="$T/crash-$1-" "work_$1" \
	    "$FZ_TOP/tests/fuzz/corpus_$1" > log 2>&1 || { tail -40 log; return 1; }
}

if [ "$(cd "$(dirname "$NC")" && pwd)/$(basename "$NC")" = \
    "$FZ_TOP/newsclean" ]; then
	if fz_have_libfuzzer; then
		t "fuzz smoke: the libFuzzer targets build" \
		    'make -s -C "$FZ_TOP" fuzz-targets'
		for fz_src in "$FZ_TOP"/tests/fuzz/fuzz_*.c; do
			fz_name=${fz_src##*/fuzz_}
			fz_name=${fz_name%.c}
			t "fuzz smoke: $fz_name, its regressions and 2000 runs" \
			    "fz_smoke $fz_name"
		done
	else
		echo "fuzz smoke skipped: no clang with libFuzzer" \
		    "(apt-get install clang libclang-rt-14-dev)"
	fi
fi
