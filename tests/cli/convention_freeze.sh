#!/usr/bin/env bash
# The booklet's collisions with the lines they cite, the booklet in LaTeX
# (compiled by pdflatex, read back by pdftotext), and `booklet --freeze`:
# the signed tag booklet/<convention> whose line numbers the booklet and
# `propose --at-line` keep citing after main has moved. All amendment texts
# here are illustrative and say so.
. "$(dirname "$0")/../lib.sh"

secretary_store "$T/store" --adopted-on 1977-03-01
check "export --line-numbers" C export --line-numbers -o "$T/n.md"
line_of() { grep -F -- "$1" "$T/n.md" | head -1 | cut -c1-5 | tr -d ' '; }
L1=$(line_of "paralyze the system")
check "A1" C propose workers-power --id A1 --title "Halt (illustrative amendment)" \
	--strike "to paralyze the system" --insert "to bring the system to a halt"
check "A2 strikes words A1 changes" C propose workers-power --id A2 --title "Stop (illustrative amendment)" \
	--strike "paralyze the system like" --insert "stop the system like"

# Collisions name the other amendment and the lines its motion cites, in every format.
check "booklet markdown" C booklet -o "$T/b.md"
contains "markdown: the collision and its line" "$T/b.md" "- **Collides with:** A2 (line $L1)"
python3 - "$T/b.md" "$L1" <<'PY' && pass || fail "the redline's margin: the base's lines of the changed paragraph"
import re, sys
b = open(sys.argv[1], encoding="utf-8").read()
l1 = int(sys.argv[2])
# A1's redline: the paragraph struck in is numbered with the lines that hold it.
a1 = b.split("## Amendment A1:")[1].split("## Amendment A2:")[0]
para = [p for p in a1.split("\n\n") if "{--paralyze" in p][0]
m = re.match(r"\{>>lines (\d+)–(\d+)<<\} ", para)
assert m and int(m.group(1)) <= l1 <= int(m.group(2)), para[:80]
assert re.search(r"^# \{>>line \d+<<\} Workers’ Power$", a1, re.M), a1[:300]
PY
check "booklet html" C booklet --format html -o "$T/b.html"
contains "html: the margin's line numbers" "$T/b.html" '<span class="margin-ln">'

contains "html: the collision and its line" "$T/b.html" "<li><b>Collides with:</b> A1 (line $L1)</li>"

# LaTeX: a document pdflatex compiles, with the numbered text and the motions.
check "booklet latex" C booklet --convention "1986 Convention" --format latex -o "$T/b.tex"
if command -v pdflatex >/dev/null && command -v pdftotext >/dev/null; then
	(cd "$T" && pdflatex -interaction=nonstopmode -halt-on-error b.tex >latex.log 2>&1) && pass ||
		fail "pdflatex compiles the booklet: $(grep -A3 '^!' "$T/latex.log" | head -5)"
	pdftotext -layout "$T/b.pdf" "$T/b.txt" 2>/dev/null
	tr -s ' \n' ' ' <"$T/b.txt" >"$T/b.flat"
	contains "latex: the title" "$T/b.flat" "1986 Convention: Amendment booklet"
	contains "latex: the motion cites the line" "$T/b.flat" "Motion. In Workers"
	contains "latex: ... line $L1" "$T/b.flat" "line $L1, strike out"
	contains "latex: the collision" "$T/b.flat" "Collides with: A1 (line $L1)"
	grep -q '\\sout{paralyze}' "$T/b.tex" && pass || fail "latex: the struck word in \\sout"
	grep -q '\\llap{\\footnotesize [0-9]*–[0-9]*\\quad}' "$T/b.tex" && pass || fail "latex: the base's lines in the margin"
	contains "latex: the numbered text" "$T/b.flat" "Workers create society"
else
	fail "pdflatex and pdftotext are needed (scripts/test.sh installs texlive-latex-base, texlive-plain-generic, poppler-utils)"
fi

# Freeze the booklet: a signed tag on main, that git verifies.
git clone -q --mirror "$S" "$T/mirror.git"
main_before=$(git -C "$S" rev-parse main)
check "booklet --freeze" C booklet --convention "1986 Convention" --freeze --format json -o "$T/f.json"
contains "freeze says so" "$T/err" "Froze the booklet of 1986 Convention"
same "the tag is on main" "$main_before" "$(git -C "$S" rev-parse 'booklet/1986-convention^{commit}')"
git -C "$S" -c gpg.format=ssh -c gpg.ssh.allowedSignersFile="$T/allowed" verify-tag booklet/1986-convention 2>/dev/null \
	&& pass || fail "git verify-tag accepts booklet/1986-convention"
check "freezing again on the same text is a no-op" C booklet --convention "1986 convention" --freeze -o "$T/f2.md"
same "still one tag" "1" "$(git -C "$S" tag -l 'booklet/*' | wc -l)"
check "verify checks the booklet tag" C verify
contains "verify counts it" "$T/out" "0 convention tags, 1 booklet tag"

# sync carries it, verified; a booklet tag that is not signed is refused.
check "sync takes the booklet tag" "$CHARTER" --store "$T/mirror.git" sync "$S"
same "the synced tag" "$(git -C "$S" rev-parse booklet/1986-convention)" \
	"$(git -C "$T/mirror.git" rev-parse booklet/1986-convention 2>/dev/null)"
git clone -q --mirror "$S" "$T/forged.git"
git -C "$T/forged.git" tag booklet/forged main
refuse "sync refuses an unsigned booklet tag" 1 "refused .*main: 1 of 2 signed tags is not authentic" \
	"$CHARTER" --store "$T/mirror.git" sync "$T/forged.git"
git -C "$T/mirror.git" rev-parse -q --verify refs/tags/booklet/forged >/dev/null && fail "the forged tag landed" || pass

# The convention adopts an early insertion: today's lines shift, the frozen ones do not.
check "A0" C propose workers-power --id A0 --title "Long insertion (illustrative amendment)" --insert \
	"This long sentence is illustrative only, written for a test of line numbers that must not move when a convention adopts an amendment during its session, so that every motion in the frozen booklet still cites the line it cited." \
	--after "Workers create society’s wealth, but have no control over its production and distribution."
check "adopt A0" C adopt A0 --convention "1986 Convention" --date 1986-06-01
check "export --line-numbers today" C export --line-numbers -o "$T/n2.md"
L1NOW=$(grep -F "paralyze the system" "$T/n2.md" | head -1 | cut -c1-5 | tr -d ' ')
[ "$L1NOW" != "$L1" ] && pass || fail "the adoption should move the line of 'paralyze the system' (still $L1)"
check "booklet json after the adoption" C booklet --convention "1986 Convention" --format json -o "$T/b2.json"
python3 - "$T/b2.json" "$L1" "$main_before" <<'PY' && pass || fail "the frozen booklet keeps its numbers"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
l1, frozen = int(sys.argv[2]), sys.argv[3]
m = {a["id"]: a for a in d["amendments"]}
assert d["frozen"] is True and d["base"] == frozen, (d.get("frozen"), d["base"], frozen)
assert m["A1"]["lines"] == [l1, l1], m["A1"]["lines"]
assert m["A1"]["motion"] == 'In Workers’ Power, line %d, strike out "paralyze the system" and insert "bring the system to a halt".' % l1, m["A1"]["motion"]
PY
check "booklet markdown after the adoption" C booklet --convention "1986 Convention" -o "$T/b2.md"
contains "the frozen booklet says which text it numbers" "$T/b2.md" "frozen for this booklet: tag booklet/1986-convention"
contains "the frozen booklet numbers the frozen text" "$T/b2.md" "$(sed -n 5p "$T/n.md")"
refuse "freezing again after main moved" 1 "was frozen on commit .* main has moved since" \
	C booklet --convention "1986 Convention" --freeze

# --at-line cites the frozen lines while the convention sits. "system" occurs three
# times in the section; the frozen line of "paralyze the system" picks that one.
before=$(store_state "$S/.git")
refuse "--at-line today's line, not the frozen one" 1 "does not occur on line $L1NOW" \
	C propose workers-power --id B0 --title "Wrong line (illustrative)" --strike "paralyze" --at-line "$L1NOW"
same "a refused --at-line writes nothing" "$before" "$(store_state "$S/.git")"
check "--at-line on the frozen line" C propose workers-power --id B1 --title "At a frozen line (illustrative amendment)" \
	--strike "system" --insert "order" --at-line "$L1"
check "B1's redline" C amendment B1 --format markdown
contains "B1 changed the 'system' of the frozen line" "$T/out" "paralyze the {--system--}{++order++}"

# Once the convention is closed, its booklet stays as frozen and --at-line is today's again.
check "close the convention" C convention close "1986 Convention" --date 1986-06-02
refuse "freezing a closed convention's booklet" 1 "is closed" C booklet --convention "1986 Convention" --freeze
check "--at-line on today's line after the close" C propose workers-power --id B2 --title "Today's line (illustrative amendment)" \
	--strike "paralyze" --insert "halt" --at-line "$L1NOW"
refuse "--freeze without a convention" 2 "convention NAME is required" C booklet --freeze
finish
