#!/usr/bin/env bash
# The forms of a proposal (Robert's Rules: strike, insert after/before,
# strike and insert, substitute; the editor; a whole folder for several
# sections and README.md), what each records, signed and unsigned
# proposals, and a withdrawal by the proposer. All amendment texts here are
# illustrative and say so.
. "$(dirname "$0")/../lib.sh"

make_key delegate
secretary_store "$T/store" --adopted-on 2000-01-01

# proposed ID SECTION: the section's text in the proposal.
proposed() { git -C "$S" show "refs/amendments/$1:sections/$2.md"; }
# (grep reads all of it: with pipefail, grep -q leaving early would fail the pipe.)
has() { if proposed "$1" "$2" | grep -F -- "$3" >/dev/null; then pass; else fail "$1: '$3' not in the proposal"; fi; }
hasnt() { if proposed "$1" "$2" | grep -F -- "$3" >/dev/null; then fail "$1: '$3' still in the proposal"; else pass; fi; }
changed_lines() { diff <(git -C "$S" show "main:sections/$2.md") <(proposed "$1" "$2") | grep -c '^>'; }

# strike: a word between words takes one space with it.
check "strike" C propose workers-power --id strike --title "Strike a word (illustrative amendment)" --strike "political and social"
has strike workers-power "for economic, reforms"
hasnt strike workers-power "economic, political and social reforms"
same "strike changes one paragraph" "1" "$(changed_lines strike workers-power)"
# strike before punctuation takes the space before it.
check "strike at the end of a sentence" C propose workers-power --id strike-end --title "Strike words (illustrative amendment)" \
	--strike "independent of the union officials"
has strike-end workers-power "must organize themselves."
# strike and insert
check "strike and insert" C propose workers-power --id replace --title "Replace (illustrative amendment)" \
	--strike "to paralyze the system" --insert "to bring the system to a halt (illustrative amendment)"
nbsp=$'\xc2\xa0' # the text has no-break spaces around its dashes
has replace workers-power "by use of the strike weapon$nbsp—${nbsp}to bring the system to a halt (illustrative amendment) like no other social force."
# insert after, before
check "insert after" C propose workers-power --id after --title "Insert after (illustrative amendment)" \
	--insert "(illustrative amendment)" --after "Capitalism must be replaced"
has after workers-power "Capitalism must be replaced (illustrative amendment)."
check "insert before" C propose workers-power --id before --title "Insert before (illustrative amendment)" \
	--insert "In our view (illustrative amendment)," --before "Capitalism must be replaced."
has before workers-power "In our view (illustrative amendment), Capitalism must be replaced."
check "insert a clause after a word, before a comma" C propose workers-power --id comma --title "Clause (illustrative amendment)" \
	--insert ", for example (illustrative amendment)" --after "like war"
has comma workers-power "like war, for example (illustrative amendment), hunger"

# substitute: the text alone, or the whole file with its title line.
{ git -C "$S" show main:sections/workers-power.md | sed '1,2d'; echo; echo "A new closing paragraph (illustrative amendment)."; } >"$T/body.md"
check "substitute the text" C propose workers-power --id subst --title "Substitute (illustrative amendment)" --substitute "$T/body.md"
has subst workers-power "A new closing paragraph (illustrative amendment)."
same "substitute keeps the title line" "# Workers’ Power" "$(proposed subst workers-power | head -1)"
{ git -C "$S" show main:sections/workers-power.md; echo; echo "Another closing paragraph (illustrative amendment)."; } >"$T/whole.md"
check "--file with the whole section" C propose workers-power --id whole --title "Whole file (illustrative amendment)" --file "$T/whole.md"
has whole workers-power "Another closing paragraph (illustrative amendment)."
printf '# Workers’ Power\r\n\r\nCRLF text (illustrative amendment).\r\n' >"$T/crlf.md"
check "CRLF input is normalised" C propose workers-power --id crlf --title "CRLF (illustrative amendment)" --file "$T/crlf.md"
if proposed crlf workers-power | grep -q $'\r'; then fail "CR kept"; else pass; fi

# --edit: the editor gets the section's text.
cat >"$T/editor.sh" <<'SH'
#!/bin/sh
sed -i 's/to paralyze the system/to stop the system (illustrative amendment by editor)/' "$1"
SH
chmod +x "$T/editor.sh"
check "--edit" env EDITOR="$T/editor.sh" VISUAL= "$CHARTER" --store "$S" propose workers-power --id edited \
	--title "Edited (illustrative amendment)" --edit
has edited workers-power "to stop the system (illustrative amendment by editor)"
refuse "--edit without a change" 1 "changes nothing" env EDITOR=true VISUAL= "$CHARTER" --store "$S" propose workers-power \
	--title "No change (illustrative)" --edit
refuse "--edit with a failing editor" 1 "the editor .* failed" env EDITOR=false VISUAL= "$CHARTER" --store "$S" propose workers-power \
	--title "No change (illustrative)" --edit

# The record: message, trailers, signature.
check "propose with rationale and seconders" C propose the-revolutionary-party --id seconded --title "Seconded (illustrative amendment)" \
	--insert "(illustrative amendment)" --after "We aim to build" --rationale $'Why: an illustrative reason.\n\nA second paragraph.' \
	--by "Delegate One <one@example.org>" --seconded-by "Delegate Two <two@example.org>" --seconded-by "Delegate Three <three@example.org>"
git -C "$S" log -1 --format=%B refs/amendments/seconded >"$T/msg"
same "message: title, rationale, trailers" "Seconded (illustrative amendment)

Why: an illustrative reason.

A second paragraph.

Amendment: seconded
Section: the-revolutionary-party
Proposed-by: Delegate One <one@example.org>
Seconded-by: Delegate Two <two@example.org>
Seconded-by: Delegate Three <three@example.org>" "$(cat "$T/msg")"
same "author is the proposer" "Delegate One <one@example.org>" "$(git -C "$S" log -1 --format='%an <%ae>' refs/amendments/seconded)"
check "amendment seconded --format json" C amendment seconded --format json
cp "$T/out" "$T/seconded.json"
check "json: rationale and seconders" python3 -c "
import json; d = json.load(open('$T/seconded.json'))
assert d['rationale'] == 'Why: an illustrative reason.\n\nA second paragraph.', d['rationale']
assert d['amendment']['seconded_by'] == ['Delegate Two <two@example.org>', 'Delegate Three <three@example.org>']
assert d['amendment']['proposed_by'] == 'Delegate One <one@example.org>'"

# Unsigned without a key; signed by the delegate's own key with --key.
# (The id and title do not say "unsigned", so that only the output can.)
check "unsigned proposal (no key configured)" env -u CHARTER_SIGNING_KEY "$CHARTER" --store "$S" propose workers-power --id no-key \
	--title "Without a key (illustrative amendment)" --insert "(illustrative amendment)" --after "We support trade unions"
contains "says it is unsigned" "$T/out" "(unsigned: no signing key)"
if git -C "$S" cat-file commit refs/amendments/no-key | grep -q '^gpgsig '; then fail "unsigned proposal has a signature"; else pass; fi
check "amendment no-key" C amendment no-key
if grep -qE '^Proposal: +[0-9a-f]{12}, unsigned$' "$T/out"; then pass; else fail "shown unsigned: no 'Proposal: <commit>, unsigned' line in $T/out"; fi
check "a delegate signs a proposal with their own key" C propose workers-power --id delegates --key "$T/keys/delegate" \
	--by "Delegate One <one@example.org>" --title "Delegate's (illustrative amendment)" --insert "(illustrative amendment)" --after "We oppose all immigration controls."
check "amendment delegates" C amendment delegates
contains "signature good, no principal" "$T/out" "signature good"
make_key other
refuse "another delegate cannot withdraw it" 1 "or the proposer with the key that signed the proposal" \
	C withdraw delegates --key "$T/keys/other" --by "Other <other@example.org>"
check "the proposer withdraws it with the key that signed it" C withdraw delegates --key "$T/keys/delegate" --by "Delegate One <one@example.org>"

# Default ids count on from the highest number.
check "a numbered proposal" C propose workers-power --title "Numbered (illustrative amendment)" --insert "(illustrative amendment)" --before "We oppose all immigration controls."
contains "number 1" "$T/out" "Proposed amendment 1:"
check "the next number" C propose workers-power --title "Numbered again (illustrative amendment)" --insert "(illustrative amendment)" --before "We oppose U.S. intervention"
contains "number 2" "$T/out" "Proposed amendment 2:"

# A whole folder: a new section, a removed one, the order, README.md.
mkdir -p "$T/doc" && git -C "$S" archive main README.md sections | tar -x -C "$T/doc"
printf '# Ecology\n\nA new section (illustrative amendment): the planet before profit.\n' >"$T/doc/sections/ecology.md"
rm "$T/doc/sections/full-equality-and-liberation.md"
python3 - "$T/doc/README.md" <<'PY'
import sys
p = sys.argv[1]
lines = open(p, encoding="utf-8").read().split("\n")
items = [l for l in lines if l[:3] in ("1. ", "2. ", "3. ", "4. ")]
rest = [l for l in lines if l not in items]
while rest and rest[-1] == "":
    rest.pop()
names = [l.split(". ", 1)[1] for l in items]
names = [n for n in names if "full-equality" not in n]
names = [names[1], names[0], names[2], "[Ecology](sections/ecology.md)"]
open(p, "w", encoding="utf-8").write("\n".join(rest + [""] + [f"{i + 1}. {n}" for i, n in enumerate(names)]) + "\n")
PY
check "propose a whole folder" C propose --file "$T/doc" --id restructure --title "Restructure (illustrative amendment)"
same "sections touched: added and removed" "ecology full-equality-and-liberation" \
	"$(git -C "$S" log -1 --format='%(trailers:key=Section,valueonly)' refs/amendments/restructure | sed '/^$/d' | tr '\n' ' ' | sed 's/ $//')"
same "proposal's README has the new order" "$(cat "$T/doc/README.md")" "$(git -C "$S" show refs/amendments/restructure:README.md)"
if git -C "$S" cat-file -e refs/amendments/restructure:sections/full-equality-and-liberation.md 2>/dev/null; then fail "removed section still there"; else pass; fi
same "allowed_signers kept" "$(git -C "$S" show main:.charter/allowed_signers)" "$(git -C "$S" show refs/amendments/restructure:.charter/allowed_signers)"
# A reorder alone touches README.md only.
mkdir -p "$T/doc2" && git -C "$S" archive main README.md sections | tar -x -C "$T/doc2"
python3 - "$T/doc2/README.md" <<'PY'
import sys
p = sys.argv[1]
t = open(p, encoding="utf-8").read()
a = "3. [Full Equality and Liberation](sections/full-equality-and-liberation.md)"
b = "4. [The Revolutionary Party](sections/the-revolutionary-party.md)"
assert a in t and b in t
t = t.replace(a, "X").replace(b, a.replace("3.", "4.")).replace("X", b.replace("4.", "3."))
open(p, "w", encoding="utf-8").write(t)
PY
check "propose a new order" C propose --file "$T/doc2" --id reorder --title "Reorder (illustrative amendment)"
same "a reorder names no section" "" "$(git -C "$S" log -1 --format='%(trailers:key=Section,valueonly)' refs/amendments/reorder | tr -d '\n')"

# Adopt them: the folder change and sentence-level changes merge.
check "adopt strike" C adopt strike --convention c-2001 --date 2001-01-01
check "adopt restructure" C adopt restructure --convention c-2001 --date 2001-01-01
check "adopt after" C adopt after --convention c-2001 --date 2001-01-01
check "sections after" C sections
same "the new order" "workers-power socialism-not-capitalism the-revolutionary-party ecology" "$(awk '{print $1}' "$T/out" | tr '\n' ' ' | sed 's/ $//')"
check "show ecology" C show ecology
check "reorder no longer applies: both change the list" C amendments --status pending --format json
cp "$T/out" "$T/pending.json"
check "reorder collides with the restructure" python3 -c "
import json; d = {a['id']: a for a in json.load(open('$T/pending.json'))}
assert d['reorder']['applies'] is False and 'README.md' in d['reorder']['collision'], d['reorder']"
# --as-amended with a folder: the convention's own text.
mkdir -p "$T/doc3" && git -C "$S" archive main README.md sections | tar -x -C "$T/doc3"
printf '# Ecology\n\nThe section as the convention amended it (illustrative amendment).\n' >"$T/doc3/sections/ecology.md"
check "adopt reorder --as-amended FOLDER" C adopt reorder --convention c-2001 --date 2001-01-02 --as-amended "$T/doc3"
check "the folder's text is adopted" cmp "$T/doc3/sections/ecology.md" "$S/sections/ecology.md"
same "the adoption names the section it changed" "ecology" "$(git -C "$S" log -1 --format='%(trailers:key=Section,valueonly)' main | tr -d '\n')"
mkdir -p "$T/doc4" && git -C "$S" archive main README.md sections | tar -x -C "$T/doc4"
echo "Two sections at once (illustrative amendment)." >>"$T/doc4/sections/ecology.md"
echo "Two sections at once (illustrative amendment)." >>"$T/doc4/sections/workers-power.md"
check "propose two sections at once" C propose --file "$T/doc4" --id two --title "Two sections (illustrative amendment)"
same "two Section trailers" "workers-power ecology" \
	"$(git -C "$S" log -1 --format='%(trailers:key=Section,valueonly)' refs/amendments/two | sed '/^$/d' | tr '\n' ' ' | sed 's/ $//')"
refuse "--as-amended FILE for a two-file amendment" 1 "changes 2 files: .*whole document.*give --as-amended a statements folder" \
	C adopt two --convention c-2001 --date 2001-01-02 --as-amended "$T/whole.md"
check "adopt two" C adopt two --convention c-2001 --date 2001-01-02

# --format json on the other outcomes
check "propose for a json rejection" C propose workers-power --id json-r --title "JSON (illustrative amendment)" \
	--insert "(illustrative amendment)" --before "We support genuine left-wing candidates"
check "reject --format json" C reject json-r --convention c-2001 --date 2001-01-03 --vote 1-2-3 --format json
cp "$T/out" "$T/rejected.json"
check "reject json" python3 -c "
import json; d = json.load(open('$T/rejected.json'))
assert [(a['id'], a['state'], a['convention'], a['date'], a['vote']) for a in d] == [('json-r', 'rejected', 'c-2001', '2001-01-03', '1-2-3')], d"
check "convention close --format json" C convention close c-2001 --date 2001-01-03 --format json
cp "$T/out" "$T/closed.json"
check "close json" python3 -c "
import json; d = json.load(open('$T/closed.json'))
assert d['convention'] == 'c-2001' and len(d['tag']) == 40 and len(d['commit']) == 40 and d['date'] == '2001-01-03', d"

# --help for every command
for c in propose amendments amendment adopt reject withdraw convention; do
	check "$c --help" "$CHARTER" $c --help
	contains "$c --help shows usage" "$T/out" "usage: charter $c"
done
check "fsck" git -C "$S" fsck --strict --no-dangling

finish
