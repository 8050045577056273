#!/usr/bin/env bash
# An adopter killed at any point leaves main at a complete, signed commit;
# adopting again then works or reports the amendment adopted. The kill
# points come from the test hook CHARTER_TEST_CRASH_AT (after-commit-object,
# after-main, after-outcome: the process sends itself SIGKILL there), which
# only the tests' instrumented charter ($CHARTER_HOOKED) has, then from
# SIGKILL at arbitrary moments.
. "$(dirname "$0")/../lib.sh"
: "${CHARTER_HOOKED:?set CHARTER_HOOKED to the instrumented charter (tests/CMakeLists.txt)}"
H() { "$CHARTER_HOOKED" --store "$S" "$@"; }

secretary_store "$T/store.git" --bare --adopted-on 2000-01-01

# sound DESCRIPTION: main is a complete commit that git verifies, fsck is clean.
sound() {
	check "$1: main verifies" git -C "$S" -c gpg.format=ssh -c gpg.ssh.allowedSignersFile="$T/allowed" verify-commit main
	check "$1: fsck" git -C "$S" fsck --strict --no-dangling
}
adoptions() { git -C "$S" log --first-parent --format='%(trailers:key=Amendment,valueonly)' main | grep -c "^$1\$"; }
anchors=("Workers create society’s wealth" "We actively support the struggle" "The structures of the present" \
	"We do not support candidates" "Capitalism is an international system" "Socialists oppose imperialism")
n=0
propose() {
	check "propose $1" C propose workers-power --id "$1" --title "$1 (illustrative amendment)" \
		--insert "(illustrative $1)" --after "${anchors[$((n % 6))]}"
	n=$((n + 1))
}

# Killed after writing the commit object, before main moved.
propose k1
before=$(git -C "$S" rev-parse main)
(CHARTER_TEST_CRASH_AT=after-commit-object H adopt k1 --convention c-2001 --date 2001-01-01) >/dev/null 2>&1
same "after-commit-object: killed" "137" "$?"
same "after-commit-object: main did not move" "$before" "$(git -C "$S" rev-parse main)"
sound "after-commit-object"
check "after-commit-object: adopting again works" C adopt k1 --convention c-2001 --date 2001-01-01
same "k1 adopted once" "1" "$(adoptions k1)"

# Killed after moving main, before writing refs/outcomes/<id>.
propose k2
propose k3
(CHARTER_TEST_CRASH_AT=after-main H adopt k2 --convention c-2001 --date 2001-01-01) >/dev/null 2>&1
same "after-main: killed" "137" "$?"
same "after-main: main is the adoption" "k2" "$(git -C "$S" log -1 --format='%(trailers:key=Amendment,valueonly)' main | tr -d '\n')"
if git -C "$S" rev-parse -q --verify refs/outcomes/k2 >/dev/null; then fail "after-main: outcome ref exists"; else pass; fi
sound "after-main"
refuse "after-main: adopting again reports it adopted" 1 "amendment k2 was already adopted" \
	C adopt k2 --convention c-2001 --date 2001-01-01
same "after-main: the outcome ref is written again" "$(git -C "$S" rev-parse main)" "$(git -C "$S" rev-parse refs/outcomes/k2)"
# The same crash, then another amendment adopted before anyone looks.
(CHARTER_TEST_CRASH_AT=after-main H adopt k3 --convention c-2001 --date 2001-01-01) >/dev/null 2>&1
same "after-main again: killed" "137" "$?"
propose k4
check "another adoption on top" C adopt k4 --convention c-2001 --date 2001-01-01
refuse "k3 is still known as adopted" 1 "amendment k3 was already adopted" C adopt k3 --convention c-2001 --date 2001-01-01
refuse "and cannot be rejected" 1 "amendment k3 was already adopted" C reject k3 --convention c-2001 --date 2001-01-01
check "amendments" C amendments --format json
cp "$T/out" "$T/states.json"
check "amendments shows every one adopted" python3 -c "
import json; d = {a['id']: a['state'] for a in json.load(open('$T/states.json'))}
assert d == {'k1': 'adopted', 'k2': 'adopted', 'k3': 'adopted', 'k4': 'adopted'}, d"

# The charter users get has no such hook: the variable changes nothing.
propose k6
check "the charter users get ignores CHARTER_TEST_CRASH_AT" env CHARTER_TEST_CRASH_AT=after-main \
	"$CHARTER" --store "$S" adopt k6 --convention c-2001 --date 2001-01-01
same "k6 adopted once, with its outcome ref" "$(git -C "$S" rev-parse main)" "$(git -C "$S" rev-parse refs/outcomes/k6)"

# Killed after the outcome ref.
propose k5
(CHARTER_TEST_CRASH_AT=after-outcome H adopt k5 --convention c-2001 --date 2001-01-01) >/dev/null 2>&1
same "after-outcome: killed" "137" "$?"
sound "after-outcome"
refuse "after-outcome: adopted" 1 "amendment k5 was already adopted" C adopt k5 --convention c-2001 --date 2001-01-01

# A work tree left one adoption behind by a kill is brought up to date.
W="$T/worktree"
check "init with a work tree" "$CHARTER" init "$W" --from "$STATEMENTS" --adopted-on 2000-01-01
check "propose w1" "$CHARTER" --store "$W" propose workers-power --id w1 --title "w1 (illustrative amendment)" \
	--insert "(illustrative w1)" --after "We actively support"
check "propose w2" "$CHARTER" --store "$W" propose workers-power --id w2 --title "w2 (illustrative amendment)" \
	--insert "(illustrative w2)" --after "Capitalism must be replaced."
(CHARTER_TEST_CRASH_AT=after-main "$CHARTER_HOOKED" --store "$W" adopt w1 --convention c-2001 --date 2001-01-01) >/dev/null 2>&1
same "work tree: killed" "137" "$?"
check "work tree: the next adoption goes ahead" "$CHARTER" --store "$W" adopt w2 --convention c-2001 --date 2001-01-01
same "work tree: clean and up to date" "" "$(git -C "$W" status --porcelain)"
contains "work tree: has w1" "$W/sections/workers-power.md" "(illustrative w1)"
contains "work tree: has w2" "$W/sections/workers-power.md" "(illustrative w2)"

# SIGKILL at arbitrary moments: whatever happened, main is sound, and the
# amendment is adopted exactly once after at most one more try.
killed=0
for i in $(seq 1 12); do
	id="x$i"
	propose "$id"
	# (the binary itself in the background, not the shell function: $! must be charter)
	"$CHARTER" --store "$S" adopt "$id" --convention c-2001 --date 2001-01-01 >/dev/null 2>&1 &
	pid=$!
	sleep "0.0$((i % 10))$((i * 7 % 10))"
	kill -KILL $pid 2>/dev/null && killed=$((killed + 1))
	wait $pid 2>/dev/null
	sound "kill $i"
	# A kill while holding a ref lock leaves its .lock behind, as git does.
	stale=$(cd "$S" && find refs -name '*.lock')
	[ -n "$stale" ] && echo "(kill $i left $stale: removed, as the error message says)" && (cd "$S" && rm -f $stale)
	C adopt "$id" --convention c-2001 --date 2001-01-01 >"$T/out" 2>"$T/err"
	if [ $? -eq 0 ] || grep -q "was already adopted" "$T/err"; then pass; else fail "kill $i: adopt again: $(cat "$T/err")"; fi
	same "kill $i: adopted once" "1" "$(adoptions "$id")"
done
echo "(SIGKILL sent to $killed of 12 adopters before they were reaped)"
check "fsck at the end" git -C "$S" fsck --strict --no-dangling

# A copy without any outcome ref (fetched without refs/outcomes): every
# adoption is still found, on a walk of main for the whole listing (many are
# missing), a primary adopted as amended by its secondary among them, a
# pending one still pending; the copy reads as the store does and is not
# written to.
propose p1
check "propose p1.1 (amends p1)" C propose workers-power --to p1 --id p1.1 --title "p1.1 (illustrative amendment)" \
	--strike "(illustrative p1)" --insert "(illustrative p1, as amended by p1.1)"
check "adopt p1.1 into p1" C adopt p1.1 --convention c-2001 --date 2001-01-01
check "adopt p1" C adopt p1 --convention c-2001 --date 2001-01-01
propose p2
N="$T/no-outcomes.git"
git init -q --bare "$N"
check "copy without outcome refs" git -C "$N" fetch -q "$S" '+refs/heads/*:refs/heads/*' '+refs/amendments/*:refs/amendments/*'
same "the copy has no outcome ref" "" "$(git -C "$N" for-each-ref refs/outcomes)"
check "amendments of the store" C amendments --format json
cp "$T/out" "$T/with-refs.json"
check "amendments of the copy" "$CHARTER" --store "$N" amendments --format json
cp "$T/out" "$T/without-refs.json"
same "the copy lists every state as the store does" "$(cat "$T/with-refs.json")" "$(cat "$T/without-refs.json")"
check "the listing holds the adoptions" python3 -c "
import json; d = {a['id']: a['state'] for a in json.load(open('$T/without-refs.json'))}
assert len(d) == 21 and d['p1'] == 'adopted' and d['p1.1'] == 'adopted' and d['p2'] == 'pending', d
assert sum(s == 'adopted' for s in d.values()) == 20, d"
check "site of the store" C site "$T/site-with-refs"
check "site of the copy" "$CHARTER" --store "$N" site "$T/site-without"
check "the two sites are the same" diff -r "$T/site-with-refs" "$T/site-without"
same "reading wrote no outcome ref into the copy" "" "$(git -C "$N" for-each-ref refs/outcomes)"

finish
