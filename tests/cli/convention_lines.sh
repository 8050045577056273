#!/usr/bin/env bash
# Line numbers that hold everywhere: export --line-numbers gives the same
# numbered lines in markdown, html and latex (the pinned rule of
# doc/LINE-NUMBERS.md), and propose --at-line picks the occurrence of a
# phrase on that line; bad lines are refused with nothing written. All
# amendment texts here are illustrative and say so.
. "$(dirname "$0")/../lib.sh"

secretary_store "$T/store" --adopted-on 1977-03-01
check "export --line-numbers" C export --line-numbers -o "$T/n.md"
check "export --line-numbers --format html" C export --line-numbers --format html -o "$T/n.html"
check "export --line-numbers --format latex" C export --line-numbers --format latex -o "$T/n.tex"
python3 - "$T/n.md" "$T/n.html" "$T/n.tex" <<'PY' && pass || fail "the same numbered lines in every format"
import html, re, sys
md = [(int(l[:5]), l[7:].rstrip("\n")) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
assert [n for n, _ in md] == list(range(1, len(md) + 1)), "numbers run from 1"
assert all(len(t) <= 72 for _, t in md), "at most 72 characters a line"
assert all(t == t.strip() and "  " not in t for _, t in md), "lines break at spaces"
h = open(sys.argv[2], encoding="utf-8").read()
hl = [(int(n), html.unescape(t)) for n, t in re.findall(r'<span class="line" data-line="(\d+)"><span class="ln">\d+</span>(.*?)</span>', h)]
assert hl == md, "html lines differ from markdown"
tex = open(sys.argv[3], encoding="utf-8").read()
nums = [int(n) for n in re.findall(r'\\footnotesize (\d+)\}', tex)]
assert nums == [n for n, _ in md], "latex numbers differ"
assert len(md) > 60
PY
line_of() { grep -F -- "$1" "$T/n.md" | sed -n "${2}p" | cut -c1-5 | tr -d ' '; }
first=$(line_of "The working class" 1)
second=$(line_of "The working class" 2)
[ -n "$first" ] && [ -n "$second" ] && [ "$first" != "$second" ] && pass || fail "the seed has 'The working class' on two lines"
before=$(store_state "$S/.git")
refuse "a phrase that occurs more than once without --at-line" 1 "occurs 2 times" \
	C propose workers-power --title "X (illustrative)" --strike "The working class"
check "--at-line picks the second occurrence" C propose workers-power --id L2 --title "People (illustrative amendment)" \
	--strike "The working class" --insert "Working people (illustrative)" --at-line "$second"
git -C "$S" diff main refs/amendments/L2 --word-diff=plain | grep -F '[-class-]' >"$T/wd" || true
python3 - "$S" "$second" <<'PY' && pass || fail "the occurrence on the given line was changed"
import subprocess, sys
s = sys.argv[1]
old = subprocess.run(["git", "-C", s, "show", "main:sections/workers-power.md"], capture_output=True, text=True).stdout
new = subprocess.run(["git", "-C", s, "show", "refs/amendments/L2:sections/workers-power.md"], capture_output=True, text=True).stdout
i1 = old.find("The working class"); i2 = old.find("The working class", i1 + 1)
assert new[:i2] == old[:i2], "the first occurrence must stay"
assert new[i2:].startswith("Working people (illustrative)"), new[i2:i2+60]
PY
check "--at-line with --after" C propose workers-power --id L3 --title "After (illustrative amendment)" \
	--insert "(illustrative)" --after "The working class" --at-line "$first"
before=$(store_state "$S/.git")
refuse "--at-line on a line without the phrase" 1 "does not occur on line 1 |is in the document's title" \
	C propose workers-power --title "X (illustrative)" --strike "The working class" --at-line 1
refuse "--at-line in another section" 1 "not in section 'workers-power'" \
	C propose workers-power --title "X (illustrative)" --strike "The working class" --at-line "$(tail -1 "$T/n.md" | cut -c1-5 | tr -d ' ')"
refuse "--at-line out of range" 1 "out of range: the text has" \
	C propose workers-power --title "X (illustrative)" --strike "The working class" --at-line 99999
refuse "--at-line not a number" 2 "takes a line number" \
	C propose workers-power --title "X (illustrative)" --strike "The working class" --at-line 3x
refuse "--at-line zero" 2 "takes a line number" \
	C propose workers-power --title "X (illustrative)" --strike "The working class" --at-line 0
refuse "--at-line with --substitute" 2 "goes with --strike" \
	C propose workers-power --title "X (illustrative)" --substitute "$T/n.md" --at-line 3
same "refused --at-line wrote nothing" "$before" "$(store_state "$S/.git")"
finish
