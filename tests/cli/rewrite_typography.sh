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

finish
