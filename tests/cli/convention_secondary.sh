#!/usr/bin/env bash
# Amendments to amendments (Robert's Rules' secondary amendments): propose
# --to in every form, phrases looked up in the primary's text; one secondary
# adopted (a signed merge on refs/amendments/<primary>, main untouched), one
# rejected; the primary refused while one is pending, then adopted as
# amended; a third degree refused; bad input refused with nothing written.
# All amendment texts here are illustrative and say so.
. "$(dirname "$0")/../lib.sh"

secretary_store "$T/store" --adopted-on 1977-03-01
check "primary A1" C propose workers-power --id A1 --title "Halt (illustrative amendment)" \
	--strike "to paralyze the system" --insert "to bring the whole system to a halt"
main0=$(git -C "$S" rev-parse main)
a1=$(git -C "$S" rev-parse refs/amendments/A1)

# --- propose --to, every form; phrases from the primary's proposed text ---
check "secondary: strike and insert a word of the primary's new words" \
	C propose workers-power --to A1 --title "Not whole (illustrative amendment to an amendment)" --strike "whole" --insert "entire"
same "default id A1.1" "A1.1" "$(git -C "$S" for-each-ref --format='%(refname:lstrip=2)' refs/amendments/A1.1)"
same "its first parent is the primary's record" "$a1" "$(git -C "$S" rev-parse refs/amendments/A1.1^1)"
same "Amends: trailer" "A1" "$(git -C "$S" log -1 --format='%(trailers:key=Amends,valueonly)' refs/amendments/A1.1 | head -1)"
git -C "$S" show refs/amendments/A1.1:sections/workers-power.md | grep -qF "to bring the entire system to a halt" \
	&& pass || fail "A1.1's tree is A1's text with its change"
check "secondary: insert after" C propose workers-power --to A1 --title "Soon (illustrative amendment to an amendment)" \
	--insert "soon" --after "to a halt"
same "default id A1.2" "ok" "$(git -C "$S" rev-parse -q --verify refs/amendments/A1.2 >/dev/null && echo ok)"
check "secondary: insert before, explicit id" C propose workers-power --to A1 --id A1-b --title "Before (illustrative amendment to an amendment)" \
	--insert "quickly" --before "to bring"
printf '# Workers’ Power\n\nAn illustrative substitute text for the amendment, not the real platform.\n' >"$T/sub.md"
check "secondary: substitute" C propose workers-power --to A1 --id A1-sub --title "Substitute (illustrative amendment to an amendment)" \
	--substitute "$T/sub.md"
check "secondary: strike" C propose workers-power --to A1 --id A1-strike --title "Strike (illustrative amendment to an amendment)" \
	--strike "whole "
same "main did not move" "$main0" "$(git -C "$S" rev-parse main)"

# --- listing: secondaries under their primary ---
check "amendments" C amendments
awk '{print $1}' "$T/out" | grep -v '^applies\|^does' >"$T/ids" || true
same "secondaries listed under their primary" "A1 A1-b A1-strike A1-sub A1.1 A1.2" "$(grep -E '^ *A1' "$T/out" | awk '{print $1}' | tr '\n' ' ' | sed 's/ $//')"
grep -qE '^  A1\.1 ' "$T/out" && pass || fail "a secondary is indented under its primary: $(cat "$T/out")"
check "amendments --format json" C amendments --format json
python3 -c "
import json
d = {a['id']: a for a in json.load(open('$T/out'))}
assert d['A1.1']['amends'] == 'A1' and d['A1']['amends'] is None, d
assert d['A1.1']['applies'] is True, d['A1.1']
" && pass || fail "JSON amends field"

# --- bad input: nothing written ---
printf 'An illustrative text for a section the primary does not change.\n' >"$T/sub2.md"
before=$(store_state "$S/.git")
refuse "--to an unknown amendment" 1 "no amendment 'B9'" \
	C propose workers-power --to B9 --title "X (illustrative)" --strike "whole"
refuse "--to a secondary (third degree)" 1 "third degree" \
	C propose workers-power --to A1.1 --title "X (illustrative)" --strike "entire"
refuse "a phrase not in the primary's text" 1 "does not occur" \
	C propose workers-power --to A1 --title "X (illustrative)" --strike "to paralyze the system"
refuse "a section the primary does not change" 1 "may change only what A1 changes" \
	C propose the-revolutionary-party --to A1 --title "X (illustrative)" --file "$T/sub2.md"
refuse "--to a bad id" 1 "invalid amendment id" \
	C propose workers-power --to "A 1" --title "X (illustrative)" --strike "whole"
same "refused secondaries wrote nothing" "$before" "$(store_state "$S/.git")"

# --- adopt one, reject one, the primary refused while one is pending ---
# A writer killed while moving the primary's record left its ref lock.
: >"$S/.git/refs/amendments/A1.lock"
touch -d '1 minute ago' "$S/.git/refs/amendments/A1.lock"
check "adopt A1.1" C adopt A1.1 --convention "1986 Convention" --date 1986-06-01 --vote 80-20-0
check "the stale lock of the primary's record is gone" test ! -e "$S/.git/refs/amendments/A1.lock"
same "adopting a secondary leaves main" "$main0" "$(git -C "$S" rev-parse main)"
tip=$(git -C "$S" rev-parse refs/amendments/A1)
same "the primary's record is a merge: first parent the primary" "$a1" "$(git -C "$S" rev-parse "$tip^1")"
same "second parent the secondary" "$(git -C "$S" rev-parse refs/amendments/A1.1)" "$(git -C "$S" rev-parse "$tip^2")"
same "the merge's Amends trailer" "A1" "$(git -C "$S" log -1 --format='%(trailers:key=Amends,valueonly)' "$tip" | head -1)"
same "the merge's Amendment trailer" "A1.1" "$(git -C "$S" log -1 --format='%(trailers:key=Amendment,valueonly)' "$tip" | head -1)"
git -C "$S" -c gpg.format=ssh -c gpg.ssh.allowedSignersFile="$T/allowed" verify-commit "$tip" 2>/dev/null \
	&& pass || fail "git verify-commit accepts the adoption of A1.1"
git -C "$S" show "$tip:sections/workers-power.md" | grep -qF "to bring the entire system to a halt" \
	&& pass || fail "the primary's text now has the secondary's change"
check "amendment A1.1 is adopted" C amendment A1.1 --format json
python3 -c "import json; d=json.load(open('$T/out')); s=json.dumps(d); assert '\"adopted\"' in s, s[:300]" && pass || fail "A1.1 adopted"
check "reject A1.2" C reject A1.2 --convention "1986 Convention" --date 1986-06-01 --vote 10-90-0
same "rejecting leaves the primary's record" "$tip" "$(git -C "$S" rev-parse refs/amendments/A1)"
check "withdraw A1-b" C withdraw A1-b
check "withdraw A1-sub" C withdraw A1-sub
before=$(store_state "$S/.git")
refuse "the primary while a secondary is pending" 1 "amendment A1 has a pending amendment A1-strike" \
	C adopt A1 --convention "1986 Convention" --date 1986-06-02
same "the refused adoption wrote nothing" "$before" "$(store_state "$S/.git")"
check "amendment A1 while A1-strike is pending" C amendment A1
contains "a pending secondary with its change" "$T/out" "A1-strike  pending  Strike"
contains "its redline" "$T/out" "[-whole -]"
check "amendment A1.1" C amendment A1.1
contains "a secondary names its primary" "$T/out" "Amends:      A1"
check "amendment A1 --format json while A1-strike is pending" C amendment A1 --format json
python3 - "$T/out" <<'PY' && pass || fail "amendment A1 --format json lists its secondaries with their states"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
by = {s["id"]: s for s in d["secondaries"]}
assert by["A1.1"]["state"] == "adopted" and by["A1.2"]["state"] == "rejected", by
assert by["A1-strike"]["state"] == "pending" and by["A1-strike"]["amends"] == "A1", by
PY
check "amendment A1 --format html" C amendment A1 --format html
contains "the HTML page lists the secondaries" "$T/out" "<h2>Amendments to this amendment</h2>"
contains "with the pending one's change" "$T/out" "<del>whole"
check "amendment A1.1 --format html" C amendment A1.1 --format html
contains "a secondary's page names its primary" "$T/out" '<p class="amends">An amendment to amendment A1.</p>'
check "reject A1-strike" C reject A1-strike --convention "1986 Convention" --date 1986-06-02
check "a later secondary amends the text as amended" C propose workers-power --to A1 --id A1.3 \
	--title "Later (illustrative amendment to an amendment)" --insert "at last" --after "entire system to a halt"
same "A1.3's first parent is the primary's record as amended" "$tip" "$(git -C "$S" rev-parse refs/amendments/A1.3^1)"
check "withdraw A1.3" C withdraw A1.3
check "adopt A1 as amended" C adopt A1 --convention "1986 Convention" --date 1986-06-02 --vote 100-1-0
same "main's adoption merges the primary's record" "$tip" "$(git -C "$S" rev-parse main^2)"
check "show" C show workers-power
contains "the adopted text has the secondary's words" "$T/out" "to bring the entire system to a halt"
check "amendment A1" C amendment A1
contains "amendment A1 lists its secondaries" "$T/out" "A1.1  adopted, in the text above  Not whole (illustrative amendment to an amendment)"
contains "and the rejected ones" "$T/out" "A1.2  rejected  Soon"
check "amendments after" C amendments --format json
python3 -c "
import json
d = {a['id']: a['state'] for a in json.load(open('$T/out'))}
assert d == {'A1': 'adopted', 'A1.1': 'adopted', 'A1.2': 'rejected', 'A1-b': 'withdrawn', 'A1-sub': 'withdrawn', 'A1-strike': 'rejected', 'A1.3': 'withdrawn'}, d
" && pass || fail "states after the convention"
refuse "amending an adopted amendment" 1 "only a pending amendment can be amended" \
	C propose workers-power --to A1 --title "X (illustrative)" --strike "entire"
check "verify" C verify

# --- a clone carries the records ---
git clone -q --bare "$S" "$T/clone.git"
git -C "$T/clone.git" fetch -q "$S" '+refs/amendments/*:refs/amendments/*' '+refs/outcomes/*:refs/outcomes/*'
check "the clone lists them" "$CHARTER" --store "$T/clone.git" amendments --format json
python3 -c "
import json
d = {a['id']: a for a in json.load(open('$T/out'))}
assert d['A1.1']['state'] == 'adopted' and d['A1.1']['amends'] == 'A1', d
" && pass || fail "a clone reads the secondary amendments"
check "the clone verifies" "$CHARTER" --store "$T/clone.git" verify

finish
