# Invented news pages for the document-stream tests, the same pages in
# two forms:
#   awk -v n=1200 -v form=jsonl -f gen-docs.awk   one JSON object a line
#   awk -v n=1200 -v form=text -f gen-docs.awk    each page ended by \f
#                                                 (tr '\f' '\0' for -z)
#   tr '\0' '\f' | awk -v form=escape -f gen-docs.awk
#       each \f-ended document JSON-escaped, less its final newline,
#       one a line: how plain output should look inside "text"
# Pages mix prose, chrome (menus, banners, share lines, a stop marker
# and what follows it), quotes, backslashes, tabs and non-ASCII text;
# one page in 25 is all chrome and one in 50 is empty.  A fixed
# Park-Miller generator makes every run alike.
BEGIN {
	seed = 20240305
	ns = split("The council of the small harbour town|Engineers working on the old bridge|The director of the city library|Several residents who live near the river|A spokesman for the regional government|The head teacher of the village school|Doctors at the district hospital|Traders at the Saturday market", subj, "|")
	nv = split("said on Tuesday that|told reporters that|explained in a statement that|wrote in a letter to the council that|admitted at the meeting that", verb, "|")
	nc = split("the work would take longer than expected because of the winter storms|the new building would open to the public in the spring|the money had been found in the budget for next year|they were worried about the noise and the traffic during the works|the plan had been discussed with the people who live in the area|the old stone would be used again wherever it could be saved", clause, "|")
	ne = split(", and that more details would follow.|, although nothing has been decided yet.|.|, which surprised nobody who knows the town.", ending, "|")
	nx = split("It is the first change of this kind in \"more than thirty years\", the report says.|The file was saved as C:\\reports\\town\\2024.txt before the vote.|Le café près du pont reste ouvert pendant les travaux, a dit la gérante.|Die Brücke wird im nächsten Jahr für den Verkehr wieder geöffnet, sagte der Bürgermeister.|Prices rose by 3\t% in the first quarter, the figures show.", extra, "|")
	nk = split("Home|Menu|World|Business|Sport|Accept all cookies|Advertisement|Share on Facebook|Subscribe|Sign up for our newsletter|Read more|© 2024 Example News", chrome, "|")
	nt = split("Storm closes the coastal road|New mayor sworn in|Ferry timetable changes|Ten things to do this weekend", teaser, "|")
	if (form == "escape")
		RS = "\f"
	for (d = 1; d <= n; d++)
		emit(d, page(d))
}

form == "escape" {
	sub(/\n$/, "")
	print json($0)
}

function rnd(k) {
	seed = (seed * 16807) % 2147483647
	return int(seed / 2147483647 * k) + 1
}

function sentence() {
	return subj[rnd(ns)] " " verb[rnd(nv)] " " clause[rnd(nc)] ending[rnd(ne)]
}

function paragraph(    s, i, k) {
	k = rnd(3)
	s = sentence()
	for (i = 1; i < k; i++)
		s = s " " sentence()
	if (rnd(4) == 1)
		s = s " " extra[rnd(nx)]
	return s
}

function page(d,    s, i, k) {
	if (d % 50 == 0)
		return ""
	s = chrome[rnd(nk)] "\n" chrome[rnd(nk)] "\n"
	if (d % 25 == 0)
		return s chrome[rnd(nk)] "\n"
	s = s teaser[rnd(nt)] "\n"
	k = 2 + rnd(4)
	for (i = 1; i <= k; i++) {
		s = s paragraph() "\n"
		if (rnd(5) == 1)
			s = s chrome[rnd(nk)] "\n"
	}
	if (rnd(2) == 1)
		s = s "Related articles\n" teaser[rnd(nt)] "\n" teaser[rnd(nt)] "\n"
	return s
}

function join(s, sep, rep,    parts, i, k, out) {
	k = split(s, parts, sep)
	out = parts[1]
	for (i = 2; i <= k; i++)
		out = out rep parts[i]
	return out
}

function json(s) {
	s = join(s, "\\\\", "\\\\")
	s = join(s, "\"", "\\\"")
	s = join(s, "\t", "\\t")
	return join(s, "\n", "\\n")
}

function emit(d, text) {
	if (form == "jsonl")
		printf "{\"id\":%d,\"text\":\"%s\",\"meta\":{\"source\":\"gen\",\"n\":[%d,true,null]}}\n", d, json(text), d * 7
	else
		printf "%s\f", text
}
