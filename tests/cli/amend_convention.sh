#!/usr/bin/env bash
# A convention on the real statements/: several amendments to the same
# paragraph of workers-power touching different words (all adopt cleanly, in
# any order), two that collide (reported before adoption, refused by adopt,
# then adopted --as-amended), one rejected, one withdrawn, the convention
# closed. Then git itself checks the record, and a mirror clone shows the
# same states. Every amendment here is illustrative and says so in its text.
. "$(dirname "$0")/../lib.sh"

secretary_store "$T/store" --adopted-on 1977-06-01 --convention founding
para1() { git -C "$S" show "$1":sections/workers-power.md | sed -n 3p; }

# --- proposals: three to the first paragraph, each to different words ---
check "propose A: insert after" C propose workers-power --title "Name the illustrative example (illustrative amendment A)" \
	--insert "(illustrative amendment A)" --after "no control over its production and distribution." \
	--rationale "An illustrative amendment for the test suite." --seconded-by "Delegate Two <two@example.org>"
contains "A gets number 1" "$T/out" "Proposed amendment 1:"
check "propose B: strike and insert" C propose workers-power --title "Rank and file (illustrative amendment B)" \
	--strike "rank-and-file workers must" --insert "rank-and-file workers (illustrative amendment B) must"
contains "B gets number 2" "$T/out" "Proposed amendment 2:"
check "propose C: insert before" C propose workers-power --id union-c --title "Unions (illustrative amendment C)" \
	--insert "(illustrative amendment C)" --before "We support trade unions"
contains "C has its own id" "$T/out" "Proposed amendment union-c:"
# Two that change the same words.
check "propose D" C propose workers-power --id halt-d --title "Halt (illustrative amendment D)" \
	--strike "to paralyze the system" --insert "to halt the system (illustrative amendment D)"
check "propose E, colliding with D" C propose workers-power --id stop-e --title "Stop (illustrative amendment E)" \
	--strike "to paralyze the system" --insert "to stop the system (illustrative amendment E)"
check "propose F (to be rejected)" C propose workers-power --id strike-f --title "Strike a phrase (illustrative amendment F)" \
	--strike "the capitalist system cannot"  --insert "the capitalist system (illustrative amendment F) cannot"
check "propose G (to be withdrawn)" C propose the-revolutionary-party --id party-g \
	--title "Party (illustrative amendment G)" --insert "(illustrative amendment G)" --after "We aim to build"
same "seven proposals" "7" "$(git -C "$S" for-each-ref refs/amendments | wc -l)"
same "proposals do not move main" "1" "$(git -C "$S" rev-list --count main)"
same "a proposal's first parent is main" "$(git -C "$S" rev-parse main)" "$(git -C "$S" rev-parse refs/amendments/1^1)"
check "proposal is signed and git verifies it" git -C "$S" -c gpg.format=ssh -c gpg.ssh.allowedSignersFile="$T/allowed" verify-commit refs/amendments/1
same "proposal trailers" "1|workers-power|Test Secretary <secretary@example.org>|Delegate Two <two@example.org>" \
	"$(git -C "$S" log -1 --format='%(trailers:key=Amendment,valueonly)|%(trailers:key=Section,valueonly)|%(trailers:key=Proposed-by,valueonly)|%(trailers:key=Seconded-by,valueonly)' refs/amendments/1 | tr -d '\n' | sed 's/|$//')"
contains_msg() { git -C "$S" log -1 --format=%B "$1" >"$T/msg"; contains "$2" "$T/msg" "$3"; }
contains_msg refs/amendments/1 "rationale in the proposal" "An illustrative amendment for the test suite."

# --- before adoption: amendments reports what applies and what collides ---
check "amendments --format json" C amendments --format json
cp "$T/out" "$T/before.json"
check "pending amendments: applies and collides_with" python3 - "$T/before.json" <<'PY'
import json, sys
d = {a["id"]: a for a in json.load(open(sys.argv[1]))}
assert sorted(d) == sorted(["1", "2", "union-c", "halt-d", "stop-e", "strike-f", "party-g"]), list(d)
for a in d.values():
    for k in ("id", "title", "state", "sections", "proposed_by", "convention", "date", "vote", "applies", "collides_with"):
        assert k in a, (k, a)
    assert a["state"] == "pending" and a["applies"] is True, a
assert d["halt-d"]["collides_with"] == ["stop-e"], d["halt-d"]
assert d["stop-e"]["collides_with"] == ["halt-d"], d["stop-e"]
for i in ("1", "2", "union-c", "party-g"):
    assert d[i]["collides_with"] == [], d[i]
assert d["1"]["sections"] == ["workers-power"] and d["1"]["proposed_by"] == "Test Secretary <secretary@example.org>"
assert d["1"]["seconded_by"] == ["Delegate Two <two@example.org>"]
PY
check "amendments (text)" C amendments
contains "text listing names the collision" "$T/out" "collides with stop-e"

S2="$T/store2"
check "a copy of the store before adoption" git clone -q --mirror "$S" "$S2"

# --- adoption: A, B, C in an order other than proposed ---
check "adopt union-c" C adopt union-c --convention 2013-convention --date 2013-04-05 --vote 120-3-1
check "adopt 2" C adopt 2 --convention 2013-convention --date 2013-04-05
check "adopt 1" C adopt 1 --convention 2013-convention --date 2013-04-06 --vote 99-0-0
para1 main >"$T/p1"
for w in "(illustrative amendment A)" "rank-and-file workers (illustrative amendment B) must" "(illustrative amendment C) We support trade unions"; do
	contains "paragraph has: $w" "$T/p1" "$w"
done
same "adoption is a merge of main and the proposal" "$(git -C "$S" rev-parse main~1) $(git -C "$S" rev-parse refs/amendments/1)" \
	"$(git -C "$S" log -1 --format=%P main)"
same "adoption author date is the adoption date at noon" "2013-04-06T12:00:00+00:00" "$(git -C "$S" log -1 --format=%aI main)"
same "adoption trailers" "1|workers-power|2013-convention|2013-04-06|99-0-0" \
	"$(git -C "$S" log -1 --format='%(trailers:key=Amendment,valueonly)|%(trailers:key=Section,valueonly)|%(trailers:key=Convention,valueonly)|%(trailers:key=Adopted-on,valueonly)|%(trailers:key=Vote,valueonly)' main | tr -d '\n' | sed 's/|$//')"
same "outcome ref points at the adoption" "$(git -C "$S" rev-parse main)" "$(git -C "$S" rev-parse refs/outcomes/1)"
check "work tree follows main" git -C "$S" diff --quiet main
same "work tree clean" "" "$(git -C "$S" status --porcelain)"

# The same three in yet another order in a copy made before adoption give the same text.
for id in 2 1 union-c; do
	check "store2: adopt $id" "$CHARTER" --store "$S2" adopt $id --convention 2013-convention --date 2013-04-05
done
same "any order gives the same text" "$(git -C "$S" show main:sections/workers-power.md)" "$(git -C "$S2" show main:sections/workers-power.md)"

# --- the collision ---
check "adopt halt-d" C adopt halt-d --convention 2013-convention --date 2013-04-06
check "amendments after D" C amendments --format json --status pending
cp "$T/out" "$T/after-d.json"
check "stop-e no longer applies" python3 -c "
import json; d = {a['id']: a for a in json.load(open('$T/after-d.json'))}
assert d['stop-e']['applies'] is False and 'halt-d' in d['stop-e']['collision'], d['stop-e']
assert set(d) == {'stop-e', 'strike-f', 'party-g'}, list(d)"
before=$(store_state "$S/.git")
refuse "adopt stop-e collides" 1 "amendment stop-e collides with amendment halt-d in section 'workers-power', paragraph 1" \
	C adopt stop-e --convention 2013-convention --date 2013-04-06
same "a refused adoption writes nothing" "$before" "$(store_state "$S/.git")"
git -C "$S" show main:sections/workers-power.md | sed 's/to halt the system (illustrative amendment D)/to halt or stop the system (illustrative amendments D and E, as amended)/' >"$T/as-amended.md"
check "adopt stop-e --as-amended" C adopt stop-e --convention 2013-convention --date 2013-04-06 --as-amended "$T/as-amended.md" --vote 70-20-5
check "as-amended text recorded" cmp "$T/as-amended.md" "$S/sections/workers-power.md"
same "as-amended adoption keeps the proposal as second parent" "$(git -C "$S" rev-parse refs/amendments/stop-e)" "$(git -C "$S" rev-parse main^2)"
check "amendment stop-e" C amendment stop-e --format json
cp "$T/out" "$T/stop-e.json"
check "stop-e is adopted as amended" python3 -c "
import json; d = json.load(open('$T/stop-e.json'))['amendment']
assert d['state'] == 'adopted' and d['as_amended'] is True and d['vote'] == '70-20-5', d"

# --- rejection and withdrawal ---
check "reject strike-f" C reject strike-f --convention 2013-convention --date 2013-04-07 --vote 10-90-2
same "rejection: parent is the proposal, same tree" "$(git -C "$S" rev-parse refs/amendments/strike-f) $(git -C "$S" rev-parse refs/amendments/strike-f^{tree})" \
	"$(git -C "$S" log -1 --format='%P %T' refs/outcomes/strike-f)"
same "rejection trailers" "strike-f|rejected|2013-convention|2013-04-07|10-90-2" \
	"$(git -C "$S" log -1 --format='%(trailers:key=Amendment,valueonly)|%(trailers:key=Outcome,valueonly)|%(trailers:key=Convention,valueonly)|%(trailers:key=Decided-on,valueonly)|%(trailers:key=Vote,valueonly)' refs/outcomes/strike-f | tr -d '\n' | sed 's/|$//')"
check "rejection verifies" git -C "$S" -c gpg.format=ssh -c gpg.ssh.allowedSignersFile="$T/allowed" verify-commit refs/outcomes/strike-f
check "withdraw party-g" C withdraw party-g --date 2013-04-07
same "withdrawal outcome" "withdrawn" "$(git -C "$S" log -1 --format='%(trailers:key=Outcome,valueonly)' refs/outcomes/party-g | tr -d '\n')"
check "withdrawal verifies" git -C "$S" -c gpg.format=ssh -c gpg.ssh.allowedSignersFile="$T/allowed" verify-commit refs/outcomes/party-g
same "main did not move for them" "6" "$(git -C "$S" rev-list --first-parent --count main)"

# --- closing the convention ---
check "convention close" C convention close 2013-convention --date 2013-04-07
check "git verify-tag" git -C "$S" -c gpg.format=ssh -c gpg.ssh.allowedSignersFile="$T/allowed" verify-tag convention/2013-convention
same "tag is on main" "$(git -C "$S" rev-parse main)" "$(git -C "$S" rev-parse 'convention/2013-convention^{commit}')"
git -C "$S" cat-file tag convention/2013-convention >"$T/tag"
contains "tag lists the adoptions" "$T/tag" "Amendments adopted: union-c, 2, 1, halt-d, stop-e."
check "WHEN: the convention" C show workers-power --at 2013-convention
check "WHEN: an amendment" C show workers-power --at union-c
contains "text right after union-c" "$T/out" "(illustrative amendment C)"
if grep -q "illustrative amendment A" "$T/out"; then fail "text at union-c has A"; else pass; fi

# --- git checks the whole record ---
git -C "$S" log --first-parent --format='%(trailers:key=Amendment,valueonly)' main | sed '/^$/d' >"$T/adopted"
same "git log --first-parent main lists the adoptions" "stop-e halt-d 1 2 union-c" "$(tr '\n' ' ' <"$T/adopted" | sed 's/ $//')"
for c in $(git -C "$S" rev-list --first-parent main); do
	check "verify-commit $(git -C "$S" log -1 --format=%s "$c" | cut -c1-40)" \
		git -C "$S" -c gpg.format=ssh -c gpg.ssh.allowedSignersFile="$T/allowed" verify-commit "$c"
done
check "git fsck --strict" git -C "$S" fsck --strict --no-dangling

# --- amendment ID: record, signatures, redlines ---
check "amendment 1 (text)" C amendment 1
contains "shows the state" "$T/out" "adopted (2013-convention, 2013-04-06, vote 99-0-0)"
contains "proposal signature" "$T/out" "signed with key SHA256:"
contains "principal" "$T/out" "(principal secretary@example.org)"
contains "signature verifies" "$T/out" "signature good"
contains "rationale" "$T/out" "An illustrative amendment for the test suite."
for f in markdown html json; do
	check "amendment 1 --format $f" C amendment 1 --format $f
	cp "$T/out" "$T/amendment1.$f"
done
check "amendment json parses" python3 -c "
import json; d = json.load(open('$T/amendment1.json'))
assert d['records']['proposal']['signature']['verifies'] is True, d['records']
assert d['records']['outcome']['signature']['principal'] == 'secretary@example.org', d['records']
assert d['files'] == ['sections/workers-power.md'], d['files']"

# --- a mirror clone shows the same states ---
check "clone --mirror" git clone -q --mirror "$S" "$T/mirror.git"
check "amendments in the original" C amendments --format json
python3 -c "import json; print(sorted((a['id'], a['state'], a['convention'], a['date']) for a in json.load(open('$T/out'))))" >"$T/states.orig"
check "amendments in the mirror" "$CHARTER" --store "$T/mirror.git" amendments --format json
python3 -c "import json; print(sorted((a['id'], a['state'], a['convention'], a['date']) for a in json.load(open('$T/out'))))" >"$T/states.mirror"
same "the mirror shows the same states" "$(cat "$T/states.orig")" "$(cat "$T/states.mirror")"
contains "states are complete" "$T/states.orig" "('strike-f', 'rejected', '2013-convention', '2013-04-07')"
contains "withdrawn shown" "$T/states.orig" "('party-g', 'withdrawn', None, '2013-04-07')"
check "amendments --status rejected" C amendments --status rejected
same "only the rejected one" "strike-f" "$(awk '{print $1}' "$T/out")"

finish
