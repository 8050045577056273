#!/usr/bin/env bash
# charter booklet: the line-numbered text and every pending amendment with
# its motion in Robert's Rules' words, checked word for word for each form
# (strike out and insert, strike out, insert after, insert before,
# substitute, an amendment to an amendment), citing the lines of export
# --line-numbers; markdown, html and json. All amendment texts here are
# illustrative and say so.
. "$(dirname "$0")/../lib.sh"

secretary_store "$T/store" --adopted-on 1977-03-01
check "export --line-numbers" C export --line-numbers -o "$T/n.md"
line_of() { grep -F -- "$1" "$T/n.md" | head -1 | cut -c1-5 | tr -d ' '; }
L1=$(line_of "paralyze the system"); L2=$(line_of "Capitalism must be replaced."); L3=$(line_of "political and social")
L4=$(line_of "We do not support candidates")
check "A1" C propose workers-power --id A1 --title "Halt (illustrative amendment)" --seconded-by "Ann Example <ann@example.org>" \
	--strike "to paralyze the system" --insert "to bring the system to a halt" --rationale "An illustrative rationale."
check "A2" C propose workers-power --id A2 --title "After (illustrative amendment)" --insert "(illustrative)" --after "Capitalism must be replaced"
check "A3" C propose workers-power --id A3 --title "Strike (illustrative amendment)" --strike "political and social"
check "A4" C propose workers-power --id A4 --title "Before (illustrative amendment)" --insert "Illustratively," --before "We do not support candidates"
printf 'An illustrative substitute text, not the real platform.\n' >"$T/sub.md"
check "A5" C propose full-equality-and-liberation --id A5 --title "Substitute (illustrative amendment)" --substitute "$T/sub.md"
check "A1.1" C propose workers-power --to A1 --title "Stop (illustrative amendment to an amendment)" --strike "a halt" --insert "a stop"
check "booklet --format json" C booklet --convention "1986 Convention" --format json -o "$T/b.json"
python3 - "$T/b.json" "$L1" "$L2" "$L3" "$L4" <<'PY' && pass || fail "the motions, word for word"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
l1, l2, l3, l4 = map(int, sys.argv[2:6])
m = {a["id"]: a for a in d["amendments"]}
assert d["convention"] == "1986 Convention" and d["document"] == "Where We Stand" and len(d["base"]) == 40, d
want = {
    "A1": 'In Workers’ Power, line %d, strike out "paralyze the system" and insert "bring the system to a halt".' % l1,
    "A2": 'In Workers’ Power, line %d, after "replaced" insert "(illustrative)".' % l2,
    "A3": 'In Workers’ Power, line %d, strike out "political and social".' % l3,
    "A4": 'In Workers’ Power, line %d, before "We" insert "Illustratively,".' % l4,
    "A5": 'In Full Equality and Liberation, substitute the following text: "An illustrative substitute text, not the real platform.".',
    "A1.1": 'In amendment A1, strike out "halt" and insert "stop".',
}
for k, v in want.items():
    assert m[k]["motion"] == v, (k, m[k]["motion"], v)
assert m["A1"]["lines"] == [l1, l1], m["A1"]["lines"]
assert m["A1"]["seconded_by"] == ["Ann Example <ann@example.org>"]
assert m["A1.1"]["amends"] == "A1" and m["A1"]["amends"] is None
assert [a["id"] for a in d["amendments"]] == ["A1", "A1.1", "A2", "A3", "A4", "A5"], [a["id"] for a in d["amendments"]]
assert m["A1"]["rationale"] == "An illustrative rationale."
PY
check "booklet markdown" C booklet --convention "1986 Convention" -o "$T/b.md"
contains "the booklet's numbered text is export's" "$T/b.md" "$(sed -n 5p "$T/n.md")"
contains "a motion in the markdown" "$T/b.md" "**Motion.** In Workers’ Power, line $L1, strike out"
contains "its redline" "$T/b.md" "{--paralyze--}{++bring++}"
contains "seconders" "$T/b.md" "**Seconded by:** Ann Example <ann@example.org>"
python3 - "$T/b.md" "$T/n.md" <<'PY' && pass || fail "the booklet's lines are export's lines"
import sys
b = open(sys.argv[1], encoding="utf-8").read()
n = open(sys.argv[2], encoding="utf-8").read()
assert n in b
PY
check "booklet html" C booklet --format html -o "$T/b.html"
contains "print: a page break before each amendment" "$T/b.html" "break-before:page"
contains "html motion" "$T/b.html" "line $L1, strike out &quot;paralyze the system&quot;"
before=$(store_state "$S/.git")
refuse "booklet --format man" 2 "format" C booklet --format man
refuse "booklet --convention two lines" 1 "convention name" C booklet --convention "$(printf 'a\nb')"
same "the booklet writes nothing to the store" "$before" "$(store_state "$S/.git")"
finish
