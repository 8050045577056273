#!/usr/bin/env bash
# Typography (quotes, apostrophes, dashes, no-break spaces) on the shipped
# text: phrases given to `propose` match whatever their typography, and the
# proposal keeps the text's own characters where it does not change them.
# Every amendment text here is illustrative and says so.
. "$(dirname "$0")/../lib.sh"

secretary_store "$T/store" --adopted-on 2000-01-01
nbsp=$'\xc2\xa0' # the shipped text has no-break spaces around its dashes

proposed() { git -C "$S" show "refs/amendments/$1:sections/$2.md"; }
count_nbsp() { grep -o "$nbsp" | wc -l; }
changed_lines() { diff <(git -C "$S" show "main:sections/$2.md") <(proposed "$1" "$2") | grep -c '^>'; }

# The issue's example: typed with plain spaces, the shipped text has no-break spaces.
check "strike typed with plain spaces" C propose workers-power --id no-strike-weapon \
	--title "Strike the strike weapon (illustrative amendment)" --strike " — by use of the strike weapon —"
proposed no-strike-weapon workers-power >"$T/p1"
contains "the words are struck, the no-break space after the dash stays" "$T/p1" "gives them a social power${nbsp}to paralyze the system"
same "one paragraph changed" 1 "$(changed_lines no-strike-weapon workers-power)"
same "the other no-break spaces are kept" \
	"$(( $(git -C "$S" show main:sections/workers-power.md | count_nbsp) - 3 ))" "$(count_nbsp <"$T/p1")"

# Plain apostrophes and hyphens for curly ones and dashes.
check "insert after a phrase typed with a plain apostrophe" C propose workers-power --id plain-apostrophe \
	--title "Apostrophe (illustrative amendment)" --insert "(illustrative amendment)" \
	--after "the fight for workers' economic and political rights"
proposed plain-apostrophe workers-power >"$T/p2"
contains "the text keeps its curly apostrophe" "$T/p2" "the fight for workers’ economic and political rights (illustrative amendment)."
same "one line changed" 1 "$(changed_lines plain-apostrophe workers-power)"
check "strike and insert across a dash typed as a hyphen" C propose workers-power --id plain-dash \
	--title "Dash (illustrative amendment)" --strike "kind of state - a democratic" \
	--insert "kind of state, an illustrative democratic"
contains "replaced in place" <(proposed plain-dash workers-power) "entirely different kind of state, an illustrative democratic workers’ state"
check "insert before a phrase next to a dash" C propose workers-power --id before-typo \
	--title "Before (illustrative amendment)" --insert "(illustrative amendment)" --before "support the self-determination of oppressed nations"
contains "inserted" <(proposed before-typo workers-power) "stronger ones–and (illustrative amendment) support the self-determination"

# Still not found, but there if spacing and marks were forgiven: the error shows the text's own form.
before=$(store_state "$S")
refuse "a double hyphen for a dash" 1 "does not occur in section 'workers-power': the text has 'power${nbsp}—${nbsp}by use of the strike weapon'" \
	C propose workers-power --title "T (illustrative)" --strike "power -- by use of the strike weapon"
refuse "a phrase that is not there at all" 1 "^charter: the struck phrase 'by use of the strike hammer' does not occur in section 'workers-power'$" \
	C propose workers-power --title "T (illustrative)" --strike "by use of the strike hammer"
same "refusals write nothing" "$before" "$(store_state "$S")"

# --- --ignore-typography on diff, history, blame and amendment ---
# Two recorded versions (illustrative, made from the shipped text): the
# first straightens the apostrophes and changes one word, the second only
# straightens the dashes and their no-break spaces.
cp -r "$STATEMENTS" "$T/v2"
sed -i "s/’/'/g" "$T/v2/README.md" "$T/v2/sections/workers-power.md"
sed -i 's/Capitalism must be replaced/Capitalism must be overthrown/' "$T/v2/sections/workers-power.md"
check "record v2" C record "$T/v2" --adopted-on 2001-01-01 --convention illustrative-2001
cp -r "$T/v2" "$T/v3"
sed -i "s/${nbsp}—${nbsp}/ - /g" "$T/v3/sections/workers-power.md"
check "record v3" C record "$T/v3" --adopted-on 2002-01-01 --convention illustrative-2002

check "diff" C diff 2000-01-01 2001-01-01 workers-power
contains "diff shows the apostrophes, as typography" "$T/out" "Workers[~’~>'~] central role"
check "diff --ignore-typography" C diff 2000-01-01 2001-01-01 workers-power --ignore-typography
same "only the word is changed" "[-replaced-]{+overthrown+}" "$(grep -o '\[-[^]]*-\]{+[^}]*+}' "$T/out" | tr '\n' ' ' | sed 's/ $//')"
contains "the new text's own characters" "$T/out" "Workers' central role"
check "diff --ignore-typography of a typography-only version" C diff 2001-01-01 2002-01-01 workers-power --ignore-typography --full --format json
same "no operation is a change" 0 "$(grep -c '"kind": *"\(insert\|delete\|move\)"' "$T/out")"
contains "the operations are there" "$T/out" '"kind":"equal"'
check "diff of it without the flag" C diff 2001-01-01 2002-01-01 workers-power --format json
if grep -q '"kind": *"insert"' "$T/out"; then pass; else fail "the typography change is not shown without the flag"; fi

check "history" C history workers-power
same "three adoptions" 3 "$(grep -c '^commit ' "$T/out")"
check "history --ignore-typography" C history workers-power --ignore-typography
same "the typography-only version is left out" 2 "$(grep -c '^commit ' "$T/out")"
if grep -q "illustrative-2002" "$T/out"; then fail "history shows the typography-only version"; else pass; fi
check "history --ignore-typography --format json" C history workers-power --ignore-typography --format json
same "two JSON entries" 2 "$(grep -c '"commit": ' "$T/out")"

check "blame" C blame workers-power --format json
if grep -q '"text": "overthrown' "$T/out" && grep -q '"convention": "illustrative-2002"' "$T/out"; then pass
else fail "blame without the flag credits the dashes to the 2002 version: $(head -c 300 "$T/out")"; fi
check "blame --ignore-typography" C blame workers-power --format json --ignore-typography
if grep -q '"convention": "illustrative-2002"' "$T/out"; then fail "blame credits typography to the 2002 version"; else pass; fi
if grep -q '"convention": "illustrative-2001"' "$T/out" && grep -q '"text": "overthrown' "$T/out"; then pass
else fail "blame --ignore-typography lost the 2001 word"; fi
same "blame's texts are the section's own text" "$(git -C "$S" show main:sections/workers-power.md)" \
	"$(C blame workers-power --format json --ignore-typography | sed -n 's/^ *{"text": "\(\([^"\\]\|\\.\)*\)".*/\1/p' | tr -d '\n' | sed 's/\\n/\n/g')"
check "blame --ignore-typography --at" C blame workers-power --at 2001-01-01 --ignore-typography
contains "the founding text's words" "$T/out" "founding"

# amendment: a proposal that curls the quotes again and changes one word.
git -C "$S" show main:sections/workers-power.md | sed "2,$ s/'/’/g; s/Capitalism must be overthrown/Capitalism must be ended (illustrative amendment)/" >"$T/retyped.md"
check "propose a retyped section" C propose workers-power --id retyped --title "Retyped (illustrative amendment)" --file "$T/retyped.md"
check "amendment" C amendment retyped
contains "the word" "$T/out" "{+ended (illustrative amendment)+}"
contains "the quotes, as typography" "$T/out" "Workers[~'~>’~] central role"
check "amendment --ignore-typography" C amendment retyped --ignore-typography
contains "the word, still" "$T/out" "{+ended (illustrative amendment)+}"
if grep -qF "[-'-]" "$T/out"; then fail "amendment --ignore-typography shows the quotes"; else pass; fi
contains "the proposal's own quotes" "$T/out" "Workers’ central role"


# Typography as its own kind of change: JSON flags it, HTML marks it lighter and explains it.
check "diff json of the dashes" C diff 2001-01-01 2002-01-01 workers-power --format json
python3 - "$T/out" <<'PY' && pass || fail "the dashes are typography in JSON"
import json, sys
ops = json.load(open(sys.argv[1], encoding="utf-8"))
changed = [o for o in ops if o["kind"] in ("delete", "insert")]
assert changed and all(o.get("typography") for o in changed), changed
PY
check "diff html of the dashes" C diff 2001-01-01 2002-01-01 workers-power --format html
contains "a lighter mark" "$T/out" '<del class="typo">'
contains "and its legend" "$T/out" "a change of typography only"

finish
