# The default rules of each language.  Every tests/golden/rules_LANG.in
# (or rules_LANG-TOPIC.in) is a page in that language whose chrome the
# rules must remove (the golden itself checks the output); here each is
# run again with rules/LANG.rules replaced by an empty file, and the
# output must then differ: the page tests that language's rules, not the
# others'.
# Sourced by tests/run.sh; names start with rl_.

rl_without_own_rules() {
	rl_name=$1
	rl_lang=${rl_name%%-*}
	rl_golden=$TESTS/golden/rules_$rl_name
	mkdir -p empty && printf '# no rules\n' > "empty/$rl_lang.rules" ||
	    return 1
	"$NC" --no-judge -r "empty/$rl_lang.rules" < "$rl_golden.in" > got
	if cmp -s got "$rl_golden.out"; then
		echo "rules_$rl_name.out comes out the same without $rl_lang.rules"
		return 1
	fi
}

for rl_in in "$TESTS"/golden/rules_*.in; do
	[ -f "$rl_in" ] || continue
	rl_l=${rl_in##*/rules_}
	rl_l=${rl_l%.in}
	t "golden rules_$rl_l needs ${rl_l%%-*}.rules" "rl_without_own_rules $rl_l"
done

rl_every_language_has_a_golden() {
	for rl_f in "$TESTS"/../rules/*.rules; do
		rl_l=${rl_f##*/}
		rl_l=${rl_l%.rules}
		[ "$rl_l" = common ] || [ -f "$TESTS/golden/rules_$rl_l.in" ] || {
			echo "rules/$rl_l.rules has no tests/golden/rules_$rl_l.in"
			return 1
		}
	done
}
t "every language's rule file has a golden page" rl_every_language_has_a_golden
