#!/usr/bin/env bash
# Attacks on the trust rule beyond the signature (issue 13), each built with
# the real git and ssh-keygen: a policy change smuggled into an ordinary
# amendment, a backdated signature, corrupt or substituted text. Each is
# refused by the command that would take it and named by verify.
# (The texts written here are illustrative, not the platform's.)
. "$(dirname "$0")/../lib.sh"

make_key officer
make_key mallory
make_key carol
K="$T/keys"
S="$T/store"
BY="Officer <officer@example.org>"
OC() { "$CHARTER" --store "$S" "$@" --key "$K/officer" --by "$BY"; }
sign_tree() {
	local key=$1 repo=$2; shift 2
	git -C "$repo" -c gpg.format=ssh -c user.signingkey="$key" commit-tree -S "$@"
}
# A tree: main's with FILE=CONTENT_FILE pairs replaced (plain git).
tree_with() {
	local repo=$1 base=$2; shift 2
	export GIT_INDEX_FILE="$T/tree.index"
	rm -f "$GIT_INDEX_FILE"
	git -C "$repo" read-tree "$base"
	while [ $# -gt 0 ]; do
		git -C "$repo" update-index --add --cacheinfo "100644,$(git -C "$repo" hash-object -w "$2"),$1"
		shift 2
	done
	git -C "$repo" write-tree
	unset GIT_INDEX_FILE
}

check "init" "$CHARTER" init "$S" --bare --from "$STATEMENTS" --adopted-on 1977-06-01 --key "$K/officer" --by "$BY"
check "propose a1" OC propose workers-power --id a1 --title "An illustrative amendment" \
	--insert "Clause one." --after "Capitalism must be replaced."
check "adopt a1" OC adopt a1 --convention c1 --date 2000-01-01
MAIN=$(git -C "$S" rev-parse main)
git -C "$S" show main:.charter/allowed_signers >"$T/policy"
MALLORY_LINE="mallory@example.org namespaces=\"git\" $(cut -d' ' -f1,2 "$K/mallory.pub")"

# ---- 1. a policy change smuggled into an ordinary amendment ---------------
git -C "$S" show main:sections/workers-power.md >"$T/wp.md"
echo "An illustrative wording fix." >>"$T/wp.md"
{ cat "$T/policy"; echo "$MALLORY_LINE"; } >"$T/smuggled-policy"
SMUGGLED=$(tree_with "$S" main sections/workers-power.md "$T/wp.md" .charter/allowed_signers "$T/smuggled-policy")
P=$(git -C "$S" commit-tree "$SMUGGLED" -p main -m "A wording fix (illustrative)" -m "Amendment: smuggle
Section: workers-power
Proposed-by: Mallory <mallory@example.org>")
git -C "$S" update-ref refs/amendments/smuggle "$P"
before=$(store_state "$S")
refuse "adopt refuses a policy change in an ordinary amendment" 1 "changes .charter/allowed_signers but is no signers proposal" \
	OC adopt smuggle --convention c1 --date 2000-01-02
same "store unchanged" "$before" "$(store_state "$S")"
check "amendment shows every file it touches" "$CHARTER" --store "$S" amendment smuggle --format json
cp "$T/out" "$T/amendment.json"
check "json files" python3 -c "
import json; d = json.load(open('$T/amendment.json'))
assert sorted(d['files']) == ['.charter/allowed_signers', 'sections/workers-power.md'], d['files']"

# A Signers: trailer on a proposal that also changes a section.
mfp=$(ssh-keygen -lf "$K/mallory.pub" | cut -d' ' -f2)
P=$(git -C "$S" commit-tree "$SMUGGLED" -p main -m "Mallory joins (illustrative)" -m "Amendment: smuggle2
Signers: add mallory@example.org $mfp
Proposed-by: Mallory <mallory@example.org>")
git -C "$S" update-ref refs/amendments/smuggle2 "$P"
before=$(store_state "$S")
refuse "a signers proposal that changes a section too" 1 "may change .charter/allowed_signers and nothing else" \
	OC adopt smuggle2 --convention c1 --date 2000-01-02
# A Signers: trailer naming another key than the one added.
ONLY=$(tree_with "$S" main .charter/allowed_signers "$T/smuggled-policy")
cfp=$(ssh-keygen -lf "$K/carol.pub" | cut -d' ' -f2)
P=$(git -C "$S" commit-tree "$ONLY" -p main -m "Carol joins (illustrative)" -m "Amendment: smuggle3
Signers: add carol@example.org $cfp
Proposed-by: Mallory <mallory@example.org>")
git -C "$S" update-ref refs/amendments/smuggle3 "$P"
before3=$(store_state "$S")
refuse "a signers proposal adding another key than its trailer names" 1 "does not make the change its trailer names" \
	OC adopt smuggle3 --convention c1 --date 2000-01-02
same "store unchanged after them" "$before3" "$(store_state "$S")"

# The same smuggling written by hand as an adoption an officer signed.
new_case() { C="$T/case$1"; rm -rf "$C"; cp -a "$S" "$C"; }
expect_reason() { # expect_reason WHAT STORE COMMIT REASON [verify options]
	local what=$1 store=$2 commit=$3 reason=$4; shift 4
	refuse "$what: verify fails" 1 "verification failed" "$CHARTER" --store "$store" verify "$@"
	contains "$what: verify names ${commit:0:12} $reason" "$T/out" "${commit:0:12} $reason: "
}
new_case 1
X=$(sign_tree "$K/officer" "$C" "$SMUGGLED" -p "$MAIN" -p "$(git -C "$C" rev-parse refs/amendments/smuggle)" \
	-m "Wording fix" -m "Amendment: smuggle
Section: workers-power
Convention: c1
Adopted-on: 2000-01-02")
git -C "$C" update-ref refs/heads/main "$X"
expect_reason "smuggled adoption" "$C" "$X" policy-outside-signers-proposal
# ... and an unsigned-proposal adoption whose trailer names another key.
new_case 1b
X=$(sign_tree "$K/officer" "$C" "$ONLY" -p "$MAIN" -p "$(git -C "$C" rev-parse refs/amendments/smuggle3)" \
	-m "Carol joins" -m "Amendment: smuggle3")
git -C "$C" update-ref refs/heads/main "$X"
expect_reason "adoption whose change is not its trailer's" "$C" "$X" policy-outside-signers-proposal --full
# A legitimate signers proposal still goes through, and verifies.
new_case 1c
check "signers add carol" "$CHARTER" --store "$C" signers add carol@example.org "$K/carol.pub" --id add-carol \
	--title "Carol joins" --key "$K/officer" --by "$BY"
check "adopt add-carol" "$CHARTER" --store "$C" adopt add-carol --convention c1 --date 2000-01-02 --key "$K/officer" --by "$BY"
check "verify the signers adoption" "$CHARTER" --store "$C" verify --full

# ---- 3. time only goes forward ---------------------------------------------
new_case 3
check "signers add carol, until 2025" "$CHARTER" --store "$C" signers add carol@example.org "$K/carol.pub" \
	--valid-before 2025-12-31 --id add-carol --title "Carol, until 2025" --key "$K/officer" --by "$BY"
check "adopt it" "$CHARTER" --store "$C" adopt add-carol --convention c1 --date 2000-01-02 --key "$K/officer" --by "$BY"
TIP=$(git -C "$C" rev-parse main)
PARENT_DATE=$(git -C "$C" log -1 --format=%ct main)
X=$(GIT_COMMITTER_DATE="2025-06-01T12:00:00Z" sign_tree "$K/carol" "$C" "main^{tree}" -p "$TIP" -m "Backdated")
git -C "$C" update-ref refs/heads/main "$X"
expect_reason "backdated into a key's validity" "$C" "$X" time-went-back
# The same date as the parent is no step back.
X=$(GIT_COMMITTER_DATE="@$PARENT_DATE +0000" sign_tree "$K/officer" "$C" "main^{tree}" -p "$TIP" -m "Same second")
git -C "$C" update-ref refs/heads/main "$X"
check "a commit in the same second as its parent verifies" "$CHARTER" --store "$C" verify --full

# ---- 4. content is checked --------------------------------------------------
# A loose blob replaced by another text under the same id.
new_case 4
BLOB=$(git -C "$C" rev-parse main:sections/workers-power.md)
obj="$C/objects/${BLOB:0:2}/${BLOB:2}"
check "the blob is loose" test -f "$obj"
chmod u+w "$obj"
python3 - "$obj" <<'PY'
import sys, zlib
other = "# Workers’ Power\n\nA substituted text, illustrative only.\n".encode()
open(sys.argv[1], "wb").write(zlib.compress(b"blob %d\0" % len(other) + other))
PY
expect_reason "substituted blob (cold)" "$C" "$MAIN" corrupt-object --full
contains "the object is named" "$T/out" "$BLOB"
for cmd in "show workers-power" "export" "blame workers-power" "history workers-power" "diff 1977-06-01"; do
	rm -rf "$C/charter"
	refuse "$cmd reports the corruption" 1 "$BLOB|corrupt|hash mismatch" "$CHARTER" --store "$C" $cmd
	if grep -q "substituted text" "$T/out"; then fail "$cmd printed the substituted text"; else pass; fi
done
# A byte flipped in a loose tree.
new_case 4b
SEC=$(git -C "$C" rev-parse main:sections)
obj="$C/objects/${SEC:0:2}/${SEC:2}"
chmod u+w "$obj"
python3 - "$obj" <<'PY'
import sys, zlib
raw = bytearray(zlib.decompress(open(sys.argv[1], "rb").read()))
raw[-3] ^= 1
open(sys.argv[1], "wb").write(zlib.compress(bytes(raw)))
PY
refuse "a flipped byte in a tree" 1 "verification failed" "$CHARTER" --store "$C" verify --full
contains "named as corruption with its id" "$T/out" "corrupt-object: tree $SEC (sections)"
# In a pack: a byte flipped inside the compressed data of a section's blob.
new_case 4c
git -C "$C" repack -adq
PACK=$(ls "$C"/objects/pack/*.pack)
OFF=$(git -C "$C" verify-pack -v "${PACK%.pack}.idx" | awk -v b="$BLOB" '$1 == b {print $5 + $4 - 8}')
chmod u+w "$PACK"
printf '\x55' | dd of="$PACK" bs=1 seek="$OFF" conv=notrunc 2>/dev/null
refuse "a flipped byte in a pack" 1 "verification failed" "$CHARTER" --store "$C" verify --full
contains "named as corruption" "$T/out" "corrupt-object:"
refuse "show reports it" 1 "." "$CHARTER" --store "$C" show workers-power
# Incremental: after one adoption only the new objects are read, and a new
# corrupt object is still found.
new_case 4d
check "verify (fills the cache)" "$CHARTER" --store "$C" verify
check "propose a2" "$CHARTER" --store "$C" propose workers-power --id a2 --title "Another (illustrative)" \
	--insert "Clause two." --after "Clause one." --key "$K/officer" --by "$BY"
check "adopt a2" "$CHARTER" --store "$C" adopt a2 --convention c1 --date 2000-01-03 --key "$K/officer" --by "$BY"
NEW=$(git -C "$C" rev-parse main:sections/workers-power.md)
obj="$C/objects/${NEW:0:2}/${NEW:2}"
chmod u+w "$obj"
printf 'garbage' >"$obj"
refuse "incremental verify finds the new corrupt blob" 1 "verification failed" "$CHARTER" --store "$C" verify
contains "incremental: named" "$T/out" "corrupt-object: blob $NEW (sections/workers-power.md)"

# ---- 2. outcome records are verified before sync takes them ----------------
R="$T/remote.git"
L="$T/local.git"
git clone -q --mirror "$S" "$R"
git clone -q --mirror "$S" "$L"
for id in p1 p2 p3; do
	check "propose $id on the remote" "$CHARTER" --store "$R" propose workers-power --id "$id" \
		--title "Pending $id (illustrative)" --insert "Pending $id." --after "Clause one." \
		--key "$K/$([ $id = p3 ] && echo carol || echo officer)" --by "Carol <carol@example.org>"
done
check "sync the proposals" "$CHARTER" --store "$L" sync "$R"
forge_outcome() { # forge_outcome ID [sign key]
	local msg="Rejected (illustrative)

Amendment: $1
Outcome: rejected
Convention: c1
Decided-on: 2000-01-05"
	if [ $# -gt 1 ]; then
		sign_tree "$2" "$R" "refs/amendments/$1^{tree}" -p "refs/amendments/$1" -m "$msg"
	else
		git -C "$R" commit-tree "refs/amendments/$1^{tree}" -p "refs/amendments/$1" -m "$msg"
	fi
}
X=$(forge_outcome p1)
git -C "$R" update-ref refs/outcomes/p1 "$X"
refs() { git -C "$1" for-each-ref --format='%(refname) %(objectname)'; }
before=$(refs "$L")
refuse "sync refuses an unsigned rejection" 1 "refused .*refs/outcomes/p1 \(${X:0:12}\): unsigned" \
	"$CHARTER" --store "$L" sync "$R"
same "every local ref as it was" "$before" "$(refs "$L")"
X=$(forge_outcome p1 "$K/mallory")
git -C "$R" update-ref refs/outcomes/p1 "$X"
refuse "sync refuses a rejection by an unknown key" 1 "refs/outcomes/p1 .*unknown-key" "$CHARTER" --store "$L" sync "$R"
same "still every local ref as it was" "$before" "$(refs "$L")"
# An officer's signature on a record of another amendment's proposal.
X=$(sign_tree "$K/officer" "$R" "refs/amendments/p2^{tree}" -p "refs/amendments/p2" -m "Rejected

Amendment: p1
Outcome: rejected
Convention: c1
Decided-on: 2000-01-05")
git -C "$R" update-ref refs/outcomes/p1 "$X"
refuse "sync refuses a record on another proposal" 1 "refs/outcomes/p1 .*unreadable" "$CHARTER" --store "$L" sync "$R"
check "adopt p1 locally is still possible" "$CHARTER" --store "$L" amendment p1 --format json
contains "p1 is pending here" "$T/out" '"state":"pending"'
# Genuine records travel: a rejection by the officer, a withdrawal by the
# proposer's own key.
git -C "$R" update-ref -d refs/outcomes/p1
check "reject p2 (officer)" "$CHARTER" --store "$R" reject p2 --convention c1 --date 2000-01-05 --key "$K/officer" --by "$BY"
check "withdraw p3 (its proposer)" "$CHARTER" --store "$R" withdraw p3 --date 2000-01-05 --key "$K/carol" \
	--by "Carol <carol@example.org>"
check "sync takes them" "$CHARTER" --store "$L" sync "$R"
same "p2's rejection arrived" "$(git -C "$R" rev-parse refs/outcomes/p2)" "$(git -C "$L" rev-parse refs/outcomes/p2)"
same "p3's withdrawal arrived" "$(git -C "$R" rev-parse refs/outcomes/p3)" "$(git -C "$L" rev-parse refs/outcomes/p3)"

# ---- 7. text from others is sanitized ---------------------------------------
TITLE=$(printf 'Evil \033]0;pwned\007title \033[31mred\033[0m (illustrative)')
P=$(git -C "$S" commit-tree "main^{tree}" -p main -m "$TITLE" -m "Amendment: evil
Section: ../../../etc/passwd
Proposed-by: Mallory $(printf '\033[2J') <mallory@example.org>")
git -C "$S" update-ref refs/amendments/evil "$P"
before=$(store_state "$S")
refuse "adopt refuses a record with control characters" 1 "record of amendment evil is not valid" \
	OC adopt evil --convention c1 --date 2000-01-09
same "nothing written" "$before" "$(store_state "$S")"
P=$(git -C "$S" commit-tree "main^{tree}" -p main -m "A plain title (illustrative)" -m "Amendment: evil2
Section: ../../../etc/passwd
Proposed-by: Mallory <mallory@example.org>")
git -C "$S" update-ref refs/amendments/evil2 "$P"
refuse "adopt refuses a Section: trailer that is no slug" 1 "record of amendment evil2 is not valid" \
	OC adopt evil2 --convention c1 --date 2000-01-09
for cmd in "amendments" "amendment evil" "amendments --format json"; do
	"$CHARTER" --store "$S" $cmd >"$T/shown" 2>&1
	if grep -q $'\033' "$T/shown"; then fail "$cmd writes an escape character raw"; else pass; fi
done
contains "amendments still lists it" <("$CHARTER" --store "$S" amendments 2>&1) "evil"
contains "amendments flags it" <("$CHARTER" --store "$S" amendments 2>&1) "its record did not pass propose's checks"
"$CHARTER" --store "$S" amendments --format json >"$T/j" 2>&1
python3 - "$T/j" <<'PY' && pass || fail "amendments --format json flags exactly the bad records"
import json, sys
by = {a["id"]: a for a in json.load(open(sys.argv[1], encoding="utf-8"))}
assert by["evil"].get("sanitized") is True and by["evil2"].get("sanitized") is True, by
assert all("sanitized" not in a for i, a in by.items() if i not in ("evil", "evil2")), by
PY

# A proposed text with escapes (built with plain git), and on a copy of the
# store a forged adoption whose message and text hold them: amendment, log,
# history and blame show '?' where they stood, never the escape itself.
git -C "$S" show main:sections/workers-power.md >"$T/evil.md"
printf 'Added \033]0;pwned\007\033[31mred\033[0m (illustrative).\n' >>"$T/evil.md"
B=$(git -C "$S" hash-object -w "$T/evil.md")
TREE=$( (git -C "$S" ls-tree "main^{tree}" | grep -v '	sections$'; \
	printf '040000 tree %s\tsections\n' "$( (git -C "$S" ls-tree "main:sections" | grep -v '	workers-power.md$'; \
	printf '100644 blob %s\tworkers-power.md\n' "$B") | git -C "$S" mktree)") | git -C "$S" mktree)
P=$(git -C "$S" commit-tree "$TREE" -p main -m "Escapes in the text (illustrative)" -m "Amendment: evil3
Section: workers-power
Proposed-by: Mallory <mallory@example.org>")
git -C "$S" update-ref refs/amendments/evil3 "$P"
git clone -q --mirror "$S" "$T/forged.git"
F=$(git -C "$T/forged.git" commit-tree "$TREE" -p main -p "$P" -m "$TITLE" -m "Amendment: ev$(printf '\033[31m')3
Section: workers-power
Convention: c$(printf '\033[2J')9
Adopted-on: 2000-01-10")
git -C "$T/forged.git" update-ref refs/heads/main "$F"
for cmd in "amendment evil3" "amendment evil3 --format json" "--store $T/forged.git log" \
	"--store $T/forged.git log --format json" "--store $T/forged.git history workers-power" \
	"--store $T/forged.git blame workers-power" "--store $T/forged.git blame workers-power --format json" \
	"--store $T/forged.git --color always history workers-power"; do
	"$CHARTER" --store "$S" $cmd >"$T/shown" 2>&1
	raw=$'\033'
	case $cmd in *--color*) raw=$'\033\]\|\033\[2J\|\033\[31mred' ;; esac
	if grep -q "$raw" "$T/shown"; then
		fail "$cmd writes an escape character raw: $(head -c 300 "$T/shown" | cat -v)"
	elif ! grep -q 'illustrative' "$T/shown"; then
		fail "$cmd shows nothing of the record: $(head -c 300 "$T/shown" | cat -v)"
	else
		pass
	fi
done
contains "the forged log shows '?' for the escape" <("$CHARTER" --store "$T/forged.git" log 2>&1) 'c?[2J9, amendment ev?[31m3'
contains "blame shows the text with '?'" <("$CHARTER" --store "$T/forged.git" blame workers-power 2>&1) \
	'Added ?]0;pwned??[31mred?[0m (illustrative).'
contains "amendment evil3 is flagged" <("$CHARTER" --store "$S" amendments 2>&1) "its record did not pass propose's checks"

finish
