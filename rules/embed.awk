# Turn rule files into a C source file that holds them, so the binary
# carries its default rules.  Usage: awk -f embed.awk rules/*.rules
# Characters are escaped one at a time: awks disagree on backslashes in
# gsub replacements, and "?" is escaped so no trigraph can form.
function cstring(s,    out, i, c) {
	out = ""
	for (i = 1; i <= length(s); i++) {
		c = substr(s, i, 1)
		if (c == "\\" || c == "\"" || c == "?")
			out = out "\\" c
		else if (c == "\t")
			out = out "\\t"
		else if (c != "\r")
			out = out c
	}
	return out
}
BEGIN {
	print "/* Generated from the rule files by rules/embed.awk: do not edit. */"
	print "#include \"embedded.h\""
	print ""
	print "const struct embedded_file embedded_rules[] = {"
	n = 0
}
FNR == 1 {
	if (n++ > 0)
		print "\t},"
	name = FILENAME
	sub(/.*\//, "", name)
	printf "\t{ \"%s\",\n", cstring(name)
}
{
	printf "\t    \"%s\\n\"\n", cstring($0)
}
END {
	if (n > 0)
		print "\t},"
	print "\t{ 0, 0 }"
	print "};"
}
