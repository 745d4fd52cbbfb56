# Document streams: -z, --jsonl, --wet, --repeated and --learn, and the
# same output when GNU parallel splits the stream.  Sourced by
# tests/run.sh; every name here starts with dm_ or DM_.

DM=$T/dm
rm -rf "$DM"
mkdir -p "$DM"

# Prose that judgement keeps, one paragraph a line.
DM_P1='The council of the small town said on Tuesday that the work on the old bridge would take longer than expected because of the winter storms.'
DM_P2='Engineers who inspected the river banks told reporters that the new wall would be built from the same local stone as the old one.'
DM_P3='A spokesman for the regional government explained in a statement that the money had been found in the budget for next year.'
export DM DM_P1 DM_P2 DM_P3

# 1200 invented pages as JSONL and as NUL-separated text, and what plain
# mode makes of the latter.
awk -v n=1200 -v form=jsonl -f "$TESTS/gen-docs.awk" > "$DM/docs.jsonl"
awk -v n=1200 -v form=text -f "$TESTS/gen-docs.awk" | tr '\f' '\0' > "$DM/docs.z"
"$NC" -z < "$DM/docs.z" > "$DM/docs.z.out"

# Records with escapes, bad records, member names; what they become.
cat > "$DM/esc.jsonl" <<'EOF'
{"text":"The council said on Tuesday that the \"old\" bridge at C:\\town\/north would cost more than the caf\u00e9 \ud83d\ude00 a\ud800b x\u0000y\tz and the river.","id":1}
{"te\u0078t":"The council said on Tuesday that the old bridge would cost more than expected because of the storms.\nHome","text":"Home"}
EOF
cat > "$DM/esc.want" <<'EOF'
{"text":"The council said on Tuesday that the \"old\" bridge at C:\\town/north would cost more than the café 😀 a�b xy z and the river.","id":1}
{"te\u0078t":"The council said on Tuesday that the old bridge would cost more than expected because of the storms.","text":"Home"}
EOF
cat > "$DM/bad.jsonl" <<'EOF'
{"text":"The council said on Tuesday that the old bridge would cost more than expected because of the storms.\nMenu"}
{bad json
{"id":3}
{"text":42}
["text"]
{"text":"a",}
{"text":"Engineers told reporters that the new wall would be built from the same local stone as the old one."}
EOF
printf '\n{"text":"%s"} \r\n  \n{"text":"Home"}' "$DM_P1" > "$DM/blank.jsonl"
printf '\n{"text":"%s"} \r\n  \n{"text":""}\n' "$DM_P1" > "$DM/blank.want"

# The "text" value of each output line (none holds "text":" elsewhere).
dm_texts() {
	sed -E 's/^.*"text":"(([^"\\]|\\.)*)".*$/\1/' "$@"
}

# A JSONL line with the value of "text" replaced: the rest of the record.
dm_rest() {
	sed -E 's/"text":"([^"\\]|\\.)*"/"text":_/' "$@"
}

dm_count_nul() {
	tr -cd '\0' | wc -c | tr -d ' '
}

# -z / --null-data
t "-z: an empty document still ends with its NUL" \
  'printf "%s\0\0Home\0\0" "$DM_P1" | "$NC" -z > out; [ "$(dm_count_nul < out)" = 4 ] &&
   printf "%s\n\0\0\0\0" "$DM_P1" | cmp - out'
t "-z: no input, no document; one NUL, one empty document" \
  'printf "" | "$NC" -z > a; st=$?; [ $st -eq 1 ] && [ ! -s a ] &&
   printf "\0" | "$NC" -z > b; [ "$(dm_count_nul < b)" = 1 ] && [ "$(wc -c < b)" -eq 1 ]'
t "-z: a stop marker in one document does not reach the next" \
  'printf "stop ^the end of the story marker\$\n" > stop.rules;
   printf "%s\n%s\n%s\nthe end of the story marker\nStorm closes the coastal road\0%s\nStorm closes the coastal road\n%s\0" \
     "$DM_P1" "$DM_P2" "$DM_P3" "$DM_P3" "$DM_P2" | "$NC" -z --explain -r stop.rules > out &&
   tr "\0" "\n" < out | sed -n "1,5p" | grep -q "^drop	after-stop" &&
   tr "\0" "\n" < out | sed -n "6,\$p" > doc2 && ! grep -q after-stop doc2 &&
   grep -q "^keep.*Storm closes" doc2'
t "-z: a block repeated in two documents is kept in both" \
  'printf "%s\n%s\0%s\n%s\0" "$DM_P1" "$DM_P2" "$DM_P3" "$DM_P1" | "$NC" -z > out &&
   [ "$(grep -c "small town said" out)" = 2 ]'

# --jsonl
t "--jsonl: 1200 records in, 1200 out, every other byte kept" \
  '"$NC" --jsonl "$DM/docs.jsonl" > out; [ $? -eq 0 ] &&
   [ "$(wc -l < out)" = 1200 ] && dm_rest out > a && dm_rest "$DM/docs.jsonl" > b && cmp a b'
t "--jsonl: each text is what plain -z mode prints, less its last newline" \
  '"$NC" --jsonl "$DM/docs.jsonl" | dm_texts > jtexts &&
   tr "\0" "\f" < "$DM/docs.z.out" | awk -v form=escape -f "$TESTS/gen-docs.awk" > ztexts &&
   [ "$(wc -l < jtexts)" = 1200 ] && cmp jtexts ztexts &&
   grep -q "C:\\\\\\\\reports" jtexts && grep -q "\\\\\"more than" jtexts'
t "--jsonl: a page of chrome or no text still gives its record, text empty" \
  '"$NC" --jsonl "$DM/docs.jsonl" > out && [ "$(grep -c "\"text\":\"\"" out)" -ge 48 ] &&
   sed -n 50p out | grep -q "^{\"id\":50,\"text\":\"\",\"meta\""'
t "--jsonl: escapes, surrogate pairs, a lone surrogate, \\u0000, escaped names" \
  '"$NC" --jsonl "$DM/esc.jsonl" > out && cmp "$DM/esc.want" out'
t "--jsonl: bad records pass unchanged with FILE:LINE warnings, status 2" \
  'cp "$DM/bad.jsonl" in; "$NC" --jsonl in > out 2> err; [ $? -eq 2 ] &&
   sed -n 2,6p in > a && sed -n 2,6p out > b && cmp a b &&
   sed -n 1p out | grep -q "storms.\"}\$" && sed -n 7p in > a && sed -n 7p out | cmp - a &&
   [ "$(wc -l < err)" = 5 ] && grep -q "^newsclean: in:2: invalid JSON" err &&
   grep -q "^newsclean: in:3: no member \"text\"" err &&
   grep -q "^newsclean: in:4: member \"text\" is not a string" err &&
   grep -q "^newsclean: in:5: invalid JSON" err && grep -q "^newsclean: in:6: invalid JSON" err'
t "--jsonl --field=NAME cleans that member only" \
  'printf "{\"text\":\"Home\",\"body\":\"Home\\\\n%s\"}\n" "$DM_P3" | "$NC" --jsonl --field=body > out &&
   printf "{\"text\":\"Home\",\"body\":\"%s\"}\n" "$DM_P3" | cmp - out &&
   printf "{\"text\":\"x\"}\n" | "$NC" --jsonl --field=body 2>&1 >/dev/null | grep -q "no member \"body\""'
t "--jsonl: status 1 when no record kept anything, 0 when one did" \
  'printf "{\"text\":\"Home\"}\n{\"text\":\"\"}\n" | "$NC" --jsonl > out; [ $? -eq 1 ] &&
   [ "$(grep -c "\"text\":\"\"" out)" = 2 ] &&
   printf "{\"text\":\"Home\"}\n{\"text\":\"%s\"}\n" "$DM_P1" | "$NC" --jsonl > /dev/null'
t "--jsonl: blank lines pass, CRs stay, the last line gets its newline" \
  '"$NC" --jsonl "$DM/blank.jsonl" > out && cmp "$DM/blank.want" out'
t "--jsonl: a record longer than a read, a text longer than a line held" \
  'awk -v p="$DM_P2" "BEGIN { printf \"{\\\"id\\\":7,\\\"text\\\":\\\"\"; for (i = 0; i < 6000; i++) printf \"%s \", p; printf \"\\\"}\\n\" }" > in &&
   "$NC" --jsonl in > out && [ "$(wc -l < out)" = 1 ] && dm_rest in > a && dm_rest out | cmp - a &&
   [ "$(wc -c < out)" -gt 700000 ]'
t "--jsonl: the same output split by GNU parallel (-N 100)" \
  '"$NC" --jsonl "$DM/docs.jsonl" > one &&
   parallel --will-cite --pipe --keep-order -N 100 "$NC" --jsonl < "$DM/docs.jsonl" > many;
   cmp one many'
t "-z: the same output split by GNU parallel (--recend NUL, -N 100)" \
  'parallel --will-cite --pipe --keep-order --recend "\0" -N 100 "$NC" -z < "$DM/docs.z" > many;
   cmp "$DM/docs.z.out" many'

# --wet
dm_wet_split() {
	awk '/^WARC\/1\.0\r$/ { n++ } { print > ("rec." n) }' "$TESTS/data/docmode.wet" &&
	for f in rec.*; do gzip -c "$f"; done
}
t "--wet: warcinfo skipped, one JSONL record per conversion record" \
  '"$NC" --wet "$TESTS/data/docmode.wet" > out && [ "$(wc -l < out)" = 3 ] &&
   ! grep -q "invented-crawler" out &&
   sed -n 1p out | grep -q "^{\"url\":\"https://example.com/news/sea-wall?a=1&b=\\\\\"2\\\\\"\",\"date\":\"2024-03-05T10:20:31Z\",\"text\":\"Harbour town votes" &&
   sed -n 2p out | grep -q "^{\"url\":\"https://example.com/news/\",\"date\":\"2024-03-05T10:20:32Z\",\"text\":\"\"}\$" &&
   sed -n 3p out | grep -q "whole academic year.\"}\$" && ! grep -q "Share on Facebook\|cookies" out'
t "--wet: the cleaned body is what plain mode prints for it" \
  'awk "/^WARC-Target-URI: https:\/\/example.org/ { on = 1 } on && /^\r\$/ { body = 1; next } body && /^\r\$/ { exit } body" \
     "$TESTS/data/docmode.wet" > body && "$NC" body > plain &&
   "$NC" --wet "$TESTS/data/docmode.wet" | sed -n 3p | dm_texts > got &&
   { cat plain; printf "\f"; } | awk -v form=escape -f "$TESTS/gen-docs.awk" | cmp - got'
t "--wet: gzip input, one member and one member per record" \
  '"$NC" --wet "$TESTS/data/docmode.wet" > plain &&
   gzip -c "$TESTS/data/docmode.wet" | "$NC" --wet > one && cmp plain one &&
   dm_wet_split > multi.gz && [ "$(ls rec.* | wc -l)" = 4 ] && "$NC" --wet multi.gz > multi && cmp plain multi'
t "--wet: a truncated file gives the record begun and status 2" \
  'sed "/^Engineers told the meeting/q" "$TESTS/data/docmode.wet" | "$NC" --wet > out 2> err; [ $? -eq 2 ] &&
   [ "$(wc -l < out)" = 1 ] && grep -q "WARC record 2: truncated record" err &&
   dm_wet_split | head -c 1000 | "$NC" --wet > /dev/null 2> err; [ $? -eq 2 ] && grep -q "truncated gzip" err'
t "--wet: input that is not WARC is an error" \
  'printf "GET / HTTP/1.1\r\n\r\n" | "$NC" --wet > out 2> err; [ $? -eq 2 ] && [ ! -s out ] &&
   grep -q "not a WARC record" err &&
   { gzip -c "$TESTS/data/docmode.wet"; echo junk; } | "$NC" --wet > /dev/null 2> err; [ $? -eq 2 ] &&
   grep -q "trailing garbage" err'
t "--wet: an empty body, LF line ends, header names in any case" \
  'printf "WARC/1.0\nwarc-type: conversion\nwarc-target-uri: u:1\nwarc-date: d\ncontent-length: 0\n\n\n\nWARC/1.0\nWARC-Type: request\nContent-Length: 3\n\nabc\n\n" |
   "$NC" --wet > out; [ $? -eq 1 ] && printf "{\"url\":\"u:1\",\"date\":\"d\",\"text\":\"\"}\n" | cmp - out'

# --repeated and --learn (no judgement, no default rules: only repeats
# and rules given drop text)
dm_sponsor='Sponsored by A.B. (c) [x] $5 \E end? \Q^'
export dm_sponsor
dm_pages() {
	printf "%s\n%s\n%s\0" "$DM_P1" "$dm_sponsor" "$dm_sponsor"
	printf "%s\n%s\0" "$DM_P2" "$dm_sponsor"
	printf "%s\n%s\0" "$DM_P3" "$dm_sponsor"
	printf "%s\n%s\0" "$DM_P1" "$dm_sponsor"
}
t "--repeated=3: dropped from the third document on, counted once a document" \
  'dm_pages | "$NC" -z --no-default-rules --no-judge --repeated=3 > out &&
   [ "$(grep -cF "$dm_sponsor" out)" = 2 ] &&
   tr "\0" "\f" < out | awk -v RS="\f" -v s="$dm_sponsor" "NR == 2 && index(\$0, s) { f = 1 } END { exit !f }" &&
   dm_pages | "$NC" -z --no-default-rules --no-judge --repeated=3 --explain | grep -q "^drop	repeated-across.*Sponsored"'
t "--repeated: off, a block in every document is kept in every one" \
  'dm_pages | "$NC" -z --no-default-rules --no-judge > out && [ "$(grep -cF "$dm_sponsor" out)" = 4 ]'
t "--repeated with --jsonl: chrome learned across records" \
  'for i in 1 2 3 4; do printf "{\"text\":\"%s\\\\nFollow our live coverage on the website of the paper every day.\"}\n" "$DM_P1"; done |
   "$NC" --jsonl --repeated=2 --no-default-rules --no-judge > out && [ "$(grep -c "live coverage" out)" = 1 ]'
t "--learn writes rules that a later run uses with -r" \
  'dm_pages | "$NC" -z --no-default-rules --no-judge --repeated=3 --learn=site.rules > /dev/null &&
   head -1 site.rules | grep -q "^# " && [ "$(grep -c "^drop" site.rules)" = 1 ] &&
   "$NC" --check -r site.rules &&
   printf "%s\n%s\n" "$DM_P1" "$dm_sponsor" | "$NC" --no-default-rules --no-judge -r site.rules > out &&
   printf "%s\n" "$DM_P1" | cmp - out &&
   printf "%s\n%s!\n" "$DM_P1" "$dm_sponsor" | "$NC" --no-default-rules --no-judge -r site.rules | grep -qF "$dm_sponsor!"'
t "--learn: a file that cannot be written is an error (status 2)" \
  'dm_pages | "$NC" -z --repeated=2 --learn=no/such/dir/site.rules > /dev/null 2> err; [ $? -eq 2 ] &&
   grep -q "^newsclean: no/such/dir/site.rules: " err'
t "--learn: every block found, and nothing else" \
  '"$NC" --jsonl --repeated=100 --learn=many.rules "$DM/docs.jsonl" > /dev/null;
   [ "$(grep -c "^drop	\^\\\\Q.*\\\\E\\$\$" many.rules)" -ge 10 ] &&
   [ "$(grep -vc "^#" many.rules)" = "$(grep -c "^drop" many.rules)" ] &&
   "$NC" --check -r many.rules'

# Options
t "bad option values and combinations are usage errors (status 2)" \
  'for a in "--jsonl --wet" "-z --jsonl" "-z --wet" "--field=x" "--learn=f" "--repeated=1" \
      "--repeated=abc" "--repeated=" "--repeated=99999999999999999999999" "--repeated=-3" \
      "--jsonl -f latin1"; do
       "$NC" $a < /dev/null > /dev/null 2> err; st=$?;
       [ $st -eq 2 ] && [ -s err ] || { echo "$a: status $st"; exit 1; }; done;
   [ ! -e f ]'

# One record whose text is a 50 MB paragraph between two lines of
# chrome, then a small record.
dm_big() {
	awk -v p="$DM_P2" 'BEGIN {
		printf "{\"id\":1,\"text\":\"Home\\n"
		for (i = 0; i < 390000; i++)
			printf "%s ", p
		printf "\\nShare on Facebook\"}\n{\"id\":2,\"text\":\"%s\"}\n", p
	}'
}

if [ "$HEAVY" = 1 ]; then
t "--jsonl: a 50 MB text member" \
  'dm_big > big && [ "$(wc -c < big)" -gt 50000000 ] &&
   "$NC" --jsonl big > out && [ "$(wc -l < out)" = 2 ] &&
   [ "$(wc -c < out)" -gt 50000000 ] && tail -1 big > a && tail -1 out | cmp - a &&
   head -c 30 out | grep -q "^{\"id\":1,\"text\":\"Engineers" &&
   head -1 out | tail -c 20 | grep -q "old one.\"}\$" && ! grep -q "Share on" out'
fi
