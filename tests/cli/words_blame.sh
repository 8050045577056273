#!/usr/bin/env bash
# One word model: blame and history agree on which words an amendment
# changed, across the no-break spaces and dashes of the shipped text
# ("strike weapon — to" has U+00A0 around its em dash). The amendment is
# illustrative.
. "$(dirname "$0")/../lib.sh"

secretary_store "$T/store" --adopted-on 1977-06-01 --convention founding
check "propose" C propose workers-power --id tool --title "Tool, not weapon (illustrative amendment)" \
	--strike "strike weapon" --insert "strike tool"
check "adopt" C adopt tool --convention 1983-convention --date 1983-05-01

check "blame json" C blame workers-power --format json
cp "$T/out" "$T/blame.json"
check "history json" C history workers-power --format json
cp "$T/out" "$T/history.json"
check "blame credits exactly 'tool', as history inserts it" python3 - "$T/blame.json" "$T/history.json" <<'PY'
import json, sys
blame = json.load(open(sys.argv[1], encoding="utf-8"))
# a segment is words with the blanks after them (here a no-break space)
credited = [s["text"].strip() for s in blame if s["amendment"] == "tool"]
assert credited == ["tool"], credited
hist = json.load(open(sys.argv[2], encoding="utf-8"))
ops = hist[0]["operations"]
assert hist[0]["amendment"] == "tool", hist[0]
inserted = [o["text"] for o in ops if o["kind"] == "insert"]
deleted = [o["text"] for o in ops if o["kind"] == "delete"]
assert inserted == credited, (inserted, credited)
assert deleted == ["weapon"], deleted
# the words around keep the founding text's origin
text = "".join(s["text"] for s in blame)
at = text.index("strike tool\u00a0\u2014\u00a0to paralyze")
pos = 0
for s in blame:
    if pos <= at < pos + len(s["text"]):
        assert s["amendment"] is None, s
    pos += len(s["text"])
PY
check "blame text shows the word alone" C blame workers-power
same "blame text: the amendment's run is 'tool' alone" "tool" "$(grep -a "amendment tool " "$T/out" | sed 's/.*| //' | python3 -c 'import sys; print(sys.stdin.read().strip())')"

finish
