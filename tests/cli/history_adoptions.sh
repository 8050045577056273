#!/usr/bin/env bash
# log, history, diff and blame on the real statements/ after a scripted
# series of dated adoptions (each amendment here is illustrative and says so
# in its own text), and the text at a point in time for every form of WHEN.
. "$(dirname "$0")/../lib.sh"

make_key secretary
export CHARTER_SIGNING_KEY="$T/keys/secretary"
S="$T/store"
C() { "$CHARTER" --store "$S" "$@"; }

check "init" "$CHARTER" init "$S" --from "$STATEMENTS" --adopted-on 1977-06-01 --convention founding
founding=$(git -C "$S" rev-parse main)

# Four adoptions at three conventions.
check "propose A" C propose workers-power --id halt-a --title "Halt, not paralyze (illustrative amendment A)" \
	--strike "to paralyze the system" --insert "to halt the system (illustrative amendment A)"
check "adopt A" C adopt halt-a --convention 1983-convention --date 1983-05-01 --vote 40-2-1
a_commit=$(git -C "$S" rev-parse main)
check "propose B" C propose socialism-not-capitalism --id ecology-b --title "Ecology (illustrative amendment B)" \
	--insert "(illustrative amendment B)" --after "worldwide environmental destruction"
check "propose C" C propose workers-power --id reforms-c --title "Reforms (illustrative amendment C)" \
	--strike "Capitalism must be replaced." --insert "Capitalism must be replaced (illustrative amendment C)."
check "adopt B" C adopt ecology-b --convention 1991-convention --date 1991-06-15 --vote 60-0-0
check "adopt C" C adopt reforms-c --convention 1991-convention --date 1991-06-15
c_commit=$(git -C "$S" rev-parse main)
check "close a convention" C convention close 1991-convention --date 1991-06-16
check "propose D" C propose workers-power --id unions-d --title "Unions (illustrative amendment D)" \
	--strike "We support trade unions" --insert "We support democratic trade unions (illustrative amendment D)"
check "adopt D" C adopt unions-d --convention 2001-convention --date 2001-04-20 --vote 33-12-4

# --- log ---
check "log" C log
same "log lists five adoptions" 5 "$(wc -l <"$T/out")"
contains "log shows the newest first" <(head -1 "$T/out") "2001-04-20"
contains "log text names the amendment" "$T/out" "amendment halt-a: Halt, not paralyze (illustrative amendment A) (vote 40-2-1)"
check "log json" C log --format json
cp "$T/out" "$T/log.json"
check "log json fields, newest first" python3 - "$T/log.json" "$founding" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert [e["amendment"] for e in d] == ["unions-d", "reforms-c", "ecology-b", "halt-a", None], d
for e in d:
    for k in ("commit", "amendment", "title", "convention", "date", "vote"):
        assert k in e, (k, e)
assert d[0] == {**d[0], "convention": "2001-convention", "date": "2001-04-20", "vote": "33-12-4",
                "title": "Unions (illustrative amendment D)", "kind": "amendment", "sections": ["workers-power"]}, d[0]
assert d[2]["vote"] == "60-0-0" and d[1]["vote"] is None
assert d[4]["commit"] == sys.argv[2] and d[4]["kind"] == "founding" and d[4]["convention"] == "founding"
assert d[4]["date"] == "1977-06-01" and len(d[4]["sections"]) == 4
PY
check "log of a section" C log workers-power --format json
cp "$T/out" "$T/json"
check "log workers-power: its adoptions only" python3 -c "
import json; d = json.load(open('$T/json'))
assert [e['amendment'] for e in d] == ['unions-d', 'reforms-c', 'halt-a', None], d"
check "log of another section" C log socialism-not-capitalism
same "log socialism-not-capitalism: B and the founding text" 2 "$(wc -l <"$T/out")"
# log agrees with git log --first-parent
same "log commits are git log --first-parent" "$(git -C "$S" log --first-parent --format=%H main | tr '\n' ' ')" \
	"$(python3 -c "import json; print(' '.join(e['commit'] for e in json.load(open('$T/log.json'))), end=' ')")"

# --- history ---
check "history" C history workers-power
cp "$T/out" "$T/history.txt"
contains "history text: the word struck" "$T/history.txt" "[-paralyze-]"
contains "history text: the words inserted" "$T/history.txt" "{+halt+}"
contains "history text: heading" "$T/history.txt" "1983-05-01  1983-convention, amendment halt-a: Halt, not paralyze (illustrative amendment A) (vote 40-2-1)"
check "history markdown" C history workers-power --format markdown
contains "history markdown: CriticMarkup" "$T/out" "{--paralyze--}{++halt++}"
contains "history markdown: heading per adoption" "$T/out" "## 2001-04-20 — 2001-convention, amendment unions-d: Unions (illustrative amendment D)"
check "history html" C history workers-power --format html
cp "$T/out" "$T/history.html"
check "history html parses, one article per adoption, del and ins" python3 - "$T/history.html" <<'PY'
import sys
from html.parser import HTMLParser
class P(HTMLParser):
    def __init__(s):
        super().__init__(); s.tags = {}; s.stack = []
    def handle_starttag(s, tag, attrs):
        s.tags[tag] = s.tags.get(tag, 0) + 1
p = P(); p.feed(open(sys.argv[1], encoding="utf-8").read())
assert p.tags.get("article") == 4, p.tags
assert p.tags.get("del", 0) >= 1 and p.tags.get("ins", 0) >= 3, p.tags
PY
check "history json" C history workers-power --format json
cp "$T/out" "$T/history.json"
check "history json: one entry per adoption with its operations" python3 - "$T/history.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert [e["amendment"] for e in d] == ["unions-d", "reforms-c", "halt-a", None], [e["amendment"] for e in d]
for e in d:
    for k in ("commit", "amendment", "title", "convention", "date", "vote", "section", "operations"):
        assert k in e, (k, e)
    assert e["section"] == "workers-power"
    for op in e["operations"]:
        assert op["kind"] in ("equal", "insert", "delete", "move") and "text" in op and op["section"] == "workers-power", op
a = d[2]["operations"]
assert any(o["kind"] == "delete" and "paralyze" in o["text"] for o in a), a
assert any(o["kind"] == "insert" and "halt" in o["text"] for o in a), a
# only the changed paragraph, not the whole section
assert not any("Socialists oppose imperialism" in o["text"] for o in a), a
# the founding text inserted the whole section
assert all(o["kind"] == "insert" for o in d[3]["operations"]) and d[3]["operations"], d[3]
PY
check "history --since a convention" C history workers-power --since 1983-convention --format json
cp "$T/out" "$T/json"
check "history --since: only later adoptions" python3 -c "
import json; d = json.load(open('$T/json'))
assert [e['amendment'] for e in d] == ['unions-d', 'reforms-c'], d"
check "history --since a date" C history workers-power --since 1991-06-15 --format json
cp "$T/out" "$T/json"
same "history --since 1991-06-15: one entry" 1 "$(python3 -c "import json; print(len(json.load(open('$T/json'))))")"

# --- blame ---
check "blame json" C blame workers-power --format json
cp "$T/out" "$T/blame.json"
C show workers-power >"$T/show.md"
check "blame: segments are the text, each word attributed" python3 - "$T/blame.json" "$T/show.md" "$a_commit" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); text = open(sys.argv[2], encoding="utf-8").read()
assert "".join(s["text"] for s in d) == text
for s in d:
    for k in ("text", "amendment", "convention", "date", "commit"):
        assert k in s, (k, s)
def who(word):
    pos = text.index(word); at = 0
    for s in d:
        if at <= pos < at + len(s["text"]):
            return s
        at += len(s["text"])
assert who("halt")["amendment"] == "halt-a" and who("halt")["date"] == "1983-05-01" and who("halt")["commit"] == sys.argv[3]
assert who("(illustrative amendment A)")["convention"] == "1983-convention"
assert who("democratic trade")["amendment"] == "unions-d" and who("democratic trade")["convention"] == "2001-convention"
assert who("(illustrative amendment C)")["amendment"] == "reforms-c"
f = who("Workers create society")
assert f["amendment"] is None and f["convention"] == "founding" and f["date"] == "1977-06-01" and f["kind"] == "founding"
assert who("like no other social force")["amendment"] is None
# runs of words: not one segment per word
assert len(d) < 20, len(d)
PY
check "blame text" C blame workers-power
cp "$T/out" "$T/blame.txt"
check "blame text groups runs with their adoption" grep -qE "^1983-05-01  1983-convention  amendment halt-a +\| halt $" "$T/blame.txt"
check "blame text: the founding words in between" grep -qE "^1977-06-01  founding +founding text +\| the system $" "$T/blame.txt"
contains "blame text: founding text" "$T/blame.txt" "1977-06-01  founding         founding text"
check "blame html" C blame workers-power --format html
cp "$T/out" "$T/blame.html"
check "blame html: provenance as visible notes" python3 - "$T/blame.html" <<'PY'
import re, sys
h = open(sys.argv[1], encoding="utf-8").read()
notes = re.findall(r'<li>\[(\d+)\] (?:Amendment [^<,]+|The founding text|Recorded text), ([^,<]+), <time', h)
convs = {c for _, c in notes}
assert convs == {"founding", "1983-convention", "1991-convention", "2001-convention"}, convs
# a number stands for one adoption throughout the page
by = {}
for n, c in notes: by.setdefault(n, set()).add(c)
assert all(len(v) == 1 for v in by.values()), by
# every mark in the text has its note
assert set(re.findall(r'<sup class="mark">\[(\d+)\]</sup>', h)) == set(by), "marks without notes"
assert ' title="' not in h.split("<body>")[1], "provenance hidden in a title attribute"
# the section's title is a heading without its Markdown marker
assert re.search(r'<h2>Workers’ Power<sup class="mark">\[\d+\]</sup></h2>', h), "heading"
PY
check "blame --at a date before C and D" C blame workers-power --at 1991-01-01 --format json
cp "$T/out" "$T/json"
check "blame --at: later words are not there" python3 -c "
import json; d = json.load(open('$T/json'))
assert {s['amendment'] for s in d} == {None, 'halt-a'}, {s['amendment'] for s in d}
assert 'paralyze' not in ''.join(s['text'] for s in d)"
check "blame --at the founding commit" C blame workers-power --at "${founding:0:10}" --format json
cp "$T/out" "$T/json"
same "blame at the founding text: one segment" 1 "$(python3 -c "import json; print(len(json.load(open('$T/json'))))")"

# --- diff ---
check "diff from the founding date to today, one section" C diff 1977-06-01 workers-power --format markdown
contains "diff: A's change" "$T/out" "{--paralyze--}{++halt++}"
contains "diff: D's change" "$T/out" "{++democratic ++}"
check "diff between two amendments" C diff halt-a reforms-c --format json
cp "$T/out" "$T/json"
check "diff json: only B and C's changes" python3 - "$T/json" <<'PY'
import json, sys
ops = json.load(open(sys.argv[1]))
ins = " ".join(o["text"] for o in ops if o["kind"] == "insert")
assert "illustrative amendment B" in ins and "illustrative amendment C" in ins, ins
assert "illustrative amendment A" not in ins and "democratic" not in ins, ins
assert {o["section"] for o in ops if o["kind"] != "equal"} == {"socialism-not-capitalism", "workers-power"}
PY
check "diff text" C diff founding 2001-convention
contains "diff text marks" "$T/out" "[-paralyze-]{+halt+}"
check "diff html" C diff 1983-05-01 2001-04-20 --format html
contains "diff html" "$T/out" "<ins>"
contains "diff html is a page with charter's stylesheet" "$T/out" "ins{color:var(--ins-fg)"
check "amendment html" C amendment halt-a --format html
contains "amendment html is a page with charter's stylesheet" "$T/out" "del{color:var(--del-fg)"
contains "amendment html shows the struck word" "$T/out" "<del>paralyze</del>"

# --- the text at a point in time: every form of WHEN ---
para() { grep -c "$2" <<<"$1" || true; }
at() { C show workers-power --at "$1"; }
same "show --at the day before A (a date)" 1 "$(para "$(at 1983-04-30)" "to paralyze the system")"
same "show --at A's date" 1 "$(para "$(at 1983-05-01)" "to halt the system")"
same "show --at A's commit" 1 "$(para "$(at "${a_commit:0:8}")" "to halt the system")"
same "show --at A's commit: not C yet" 0 "$(para "$(at "$a_commit")" "illustrative amendment C")"
same "show --at an amendment id" 1 "$(para "$(at halt-a)" "illustrative amendment A")"
same "show --at an amendment id: not later ones" 0 "$(para "$(at halt-a)" "illustrative amendment C")"
same "show --at a convention (its latest adoption)" 1 "$(para "$(at 1991-convention)" "illustrative amendment C")"
same "show --at a convention: not the next one" 0 "$(para "$(at 1991-convention)" "democratic trade unions")"
same "show --at a tag name" 1 "$(para "$(at founding)" "to paralyze the system")"
same "show --at convention/NAME (the tag)" 1 "$(para "$(at convention/1991-convention)" "illustrative amendment C")"
check "export --at a date" C export --at 1990-01-01 --format json
cp "$T/out" "$T/json"
check "export --at: the text as of then" python3 -c "
import json; d = json.load(open('$T/json'))
w = [s for s in d['sections'] if s['slug'] == 'workers-power'][0]['markdown']
assert 'illustrative amendment A' in w and 'illustrative amendment C' not in w
assert d['commit'] == '$a_commit' and d['date'] == '1983-05-01'"
check "export --at an amendment" C export --at unions-d
contains "export --at unions-d" "$T/out" "democratic trade unions"

# --- --help ---
for c in log history diff blame record; do
	check "$c --help" "$CHARTER" $c --help
	contains "$c --help shows usage" "$T/out" "usage: charter $c"
done

finish
