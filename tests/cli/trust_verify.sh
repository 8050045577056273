#!/usr/bin/env bash
# charter verify: the trust rule end to end. A legitimate history (signer
# added, removed, validity windows) verifies and git verify-commit agrees;
# then a tamper suite, each case built with the real git and ssh-keygen and
# each failing with its named reason.
. "$(dirname "$0")/../lib.sh"

make_key officer
make_key bob
make_key carol
make_key dave
make_key mallory
K="$T/keys"
S="$T/store"

# git commit-tree signed with KEY: sign KEY [commit-tree args]
sign_tree() {
	local key=$1 repo=$2; shift 2
	git -C "$repo" -c gpg.format=ssh -c user.signingkey="$key" commit-tree -S "$@"
}
# An amendment adopted with charter: adopt_one ID KEY DATE
N=0
adopt_one() {
	N=$((N + 1))
	"$CHARTER" --store "$S" propose workers-power --id "$1" --title "Amendment $1" \
		--insert "Clause $N." --after "Capitalism must be replaced." --key "$K/officer" >/dev/null &&
		"$CHARTER" --store "$S" adopt "$1" --convention c1 --date "$3" --key "$2" --by "$(basename "$2") <$(basename "$2")@example.org>" >/dev/null
}

check "init" "$CHARTER" init "$S" --bare --from "$STATEMENTS" --adopted-on 1977-06-01 --key "$K/officer" \
	--by "Officer <officer@example.org>"
check "adopt a1" adopt_one a1 "$K/officer" 2000-01-01
# A pending proposal for the refusals below.
check "propose p1" "$CHARTER" --store "$S" propose workers-power --id p1 --title "Pending" \
	--insert "Pending clause." --after "Capitalism must be replaced." --key "$K/officer"
refuse "bob may not adopt before he is an officer" 1 "not in main's .charter/allowed_signers" \
	"$CHARTER" --store "$S" adopt p1 --convention c1 --date 2000-01-02 --key "$K/bob" --by "bob <bob@example.org>"

# A legitimate signer change: the officer adds Bob, then Bob adopts.
check "signers add bob" "$CHARTER" --store "$S" signers add bob@example.org "$K/bob.pub" --id add-bob \
	--title "Bob joins the officers" --key "$K/officer" --by "Officer <officer@example.org>"
contains "the proposal has a Signers trailer" <(git -C "$S" log -1 --format=%B refs/amendments/add-bob) \
	"Signers: add bob@example.org SHA256:"
same "the proposal changes only allowed_signers" ".charter/allowed_signers" \
	"$(git -C "$S" diff --name-only main refs/amendments/add-bob)"
refuse "a private key file" 1 "private key" \
	"$CHARTER" --store "$S" signers add bob2@example.org "$K/bob" --id add-bob3 --title x --key "$K/officer"
refuse "a principal with spaces" 1 "cannot be a signer's principal" \
	"$CHARTER" --store "$S" signers add "bob two" "$K/carol.pub" --id add-bob4 --title x --key "$K/officer"
refuse "remove someone not listed" 1 "is not in .charter/allowed_signers" \
	"$CHARTER" --store "$S" signers remove nobody@example.org --id rm-nobody --title x --key "$K/officer"
refuse "remove the last officer" 1 "nobody who may sign" \
	"$CHARTER" --store "$S" signers remove officer@example.org --id rm-officer --title x --key "$K/officer"
refuse "signers without --id" 2 "--id" "$CHARTER" --store "$S" signers remove bob@example.org --title x
check "adopt add-bob (by the officer)" "$CHARTER" --store "$S" adopt add-bob --convention c1 --date 2000-01-02 \
	--key "$K/officer" --by "officer <officer@example.org>"
check "bob adopts a2" adopt_one a2 "$K/bob" 2000-01-03
refuse "the same key twice" 1 "already in .charter/allowed_signers" \
	"$CHARTER" --store "$S" signers add bob2@example.org "$K/bob.pub" --id add-bob2 --title x --key "$K/officer"
check "verify: the signer change verifies" "$CHARTER" --store "$S" verify
contains "verify says authentic" "$T/out" "authentic: 4 commits on main"

# Validity windows: Carol's key expired in 2001, Dave's is valid from 2099.
check "signers add carol (expired)" "$CHARTER" --store "$S" signers add carol@example.org "$K/carol.pub" \
	--valid-before 2001-01-01 --id add-carol --title "Carol, until 2001" --key "$K/officer"
contains "valid-before written" <(git -C "$S" show refs/amendments/add-carol:.charter/allowed_signers) \
	'carol@example.org namespaces="git",valid-before="20010101235959Z" ssh-ed25519'
check "adopt add-carol" "$CHARTER" --store "$S" adopt add-carol --convention c1 --date 2000-01-04 --key "$K/officer" --by "officer <officer@example.org>"
check "signers add dave (not yet valid)" "$CHARTER" --store "$S" signers add dave@example.org "$K/dave.pub" \
	--valid-after 2099-01-01 --id add-dave --title "Dave, from 2099" --key "$K/officer"
check "adopt add-dave" "$CHARTER" --store "$S" adopt add-dave --convention c1 --date 2000-01-05 --key "$K/officer" --by "officer <officer@example.org>"
refuse "adopt refuses an expired key up front" 1 "key-expired" \
	"$CHARTER" --store "$S" adopt p1 --convention c1 --date 2000-01-06 --key "$K/carol" --by "carol <carol@example.org>"
# Bob is removed; his key stops counting from the next adoption on.
check "signers remove bob" "$CHARTER" --store "$S" signers remove bob@example.org --id rm-bob \
	--title "Bob leaves" --key "$K/officer"
check "adopt rm-bob" "$CHARTER" --store "$S" adopt rm-bob --convention c1 --date 2000-01-06 --key "$K/officer" --by "officer <officer@example.org>"
refuse "adopt refuses the removed officer up front" 1 "not in main's .charter/allowed_signers" \
	"$CHARTER" --store "$S" adopt p1 --convention c1 --date 2000-01-07 --key "$K/bob" --by "bob <bob@example.org>"
check "convention close" "$CHARTER" --store "$S" convention close c1 --date 2000-01-06 --key "$K/officer" --by "officer <officer@example.org>"
check "verify the legitimate history" "$CHARTER" --store "$S" verify --full
contains "all of it" "$T/out" "authentic: 7 commits on main (7 checked now, 0 known good), 1 convention tag"

# Cross-check: git verify-commit agrees on every good commit, each against
# the allowed signers of its first parent (the root against its own).
for c in $(git -C "$S" rev-list --first-parent main); do
	p=$(git -C "$S" rev-parse -q --verify "$c^1" || echo "$c")
	git -C "$S" show "$p:.charter/allowed_signers" >"$T/policy"
	check "git verify-commit ${c:0:12}" git -C "$S" -c gpg.format=ssh -c gpg.ssh.allowedSignersFile="$T/policy" \
		verify-commit "$c"
done
git -C "$S" show main:.charter/allowed_signers >"$T/policy"
check "git verify-tag convention/c1" git -C "$S" -c gpg.format=ssh -c gpg.ssh.allowedSignersFile="$T/policy" \
	verify-tag convention/c1

check "verify --format json" "$CHARTER" --store "$S" verify --format json
cp "$T/out" "$T/good.json"
check "json: every commit ok, principals and fingerprints" python3 - "$T/good.json" "$(git -C "$S" rev-list --first-parent --reverse main | tr '\n' ' ')" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
chain = sys.argv[2].split()
assert d["ok"] is True, d
assert [c["commit"] for c in d["commits"]] == chain, "root first, every commit"
for c in d["commits"]:
    assert c["verdict"] == "ok" and c["reason"] is None, c
    assert c["fingerprint"].startswith("SHA256:"), c
assert d["commits"][3]["principal"] == "bob@example.org", d["commits"][3]
assert d["commits"][0]["principal"] == "officer@example.org"
assert [t["tag"] for t in d["tags"]] == ["convention/c1"] and d["tags"][0]["verdict"] == "ok"
PY

# ---- the tamper suite ----------------------------------------------------
# Each case: a copy of the good store (with its cache of verified commits,
# so the incremental path must catch it), main moved to the forged commit.
TIP=$(git -C "$S" rev-parse main)
TREE=$(git -C "$S" rev-parse 'main^{tree}')
CASE=0
new_case() {
	CASE=$((CASE + 1))
	C="$T/case$CASE"
	cp -a "$S" "$C"
}
set_main() { git -C "$C" update-ref refs/heads/main "$1"; }

# expect_reason DESCRIPTION COMMIT REASON [verify options]: verify exits 1,
# the text names COMMIT with REASON, the JSON gives it as its verdict and
# every other commit is ok.
expect_reason() {
	local what=$1 commit=$2 reason=$3; shift 3
	refuse "$what: verify fails" 1 "verification failed: 1 of [0-9]+ commits on main is not authentic" \
		"$CHARTER" --store "$C" verify "$@"
	contains "$what: text names ${commit:0:12} $reason" "$T/out" "${commit:0:12} $reason: "
	"$CHARTER" --store "$C" verify --format json "$@" >"$T/case.json" 2>/dev/null
	if python3 - "$T/case.json" "$commit" "$reason" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["ok"] is False
bad = [c for c in d["commits"] if c["verdict"] != "ok"]
assert len(bad) == 1, bad
assert bad[0]["commit"] == sys.argv[2] and bad[0]["reason"] == sys.argv[3], bad[0]
assert bad[0]["verdict"] == "failed" and bad[0]["detail"], bad[0]
PY
	then pass; else fail "$what: JSON does not name ${commit:0:12} $reason"; fi
}

# 1. An unsigned commit appended with git commit-tree.
new_case
X=$(git -C "$C" commit-tree "$TREE" -p "$TIP" -m "Unsigned adoption")
set_main "$X"
expect_reason "unsigned" "$X" unsigned
# A good commit on top of it: only the unsigned one fails.
Y=$(sign_tree "$K/officer" "$C" "$TREE" -p "$X" -m "Signed after")
set_main "$Y"
expect_reason "unsigned under a good commit" "$X" unsigned

# 2. Signed by a key not in the policy.
new_case
X=$(sign_tree "$K/mallory" "$C" "$TREE" -p "$TIP" -m "Mallory's adoption")
set_main "$X"
expect_reason "unknown key" "$X" unknown-key
refuse "git verify-commit refuses it too" 1 "." sh -c "git -C '$C' -c gpg.format=ssh -c gpg.ssh.allowedSignersFile='$T/policy' verify-commit $X >/dev/null 2>&1 || { echo 'charter: refused' >&2; exit 1; }"

# 3. A genuine signature moved onto altered bytes.
new_case
G=$(sign_tree "$K/officer" "$C" "$TREE" -p "$TIP" -m "The genuine text")
git -C "$C" cat-file commit "$G" | sed 's/The genuine text/The altered text/' >"$T/altered"
X=$(git -C "$C" hash-object -t commit -w "$T/altered")
set_main "$X"
expect_reason "signature over other bytes" "$X" bad-signature

# ... and a genuine signature moved into the message of a commit whose
# headers are the genuine payload's: libgit2 1.5's extract_signature would
# find it there; git and charter see no signature.
new_case
U=$(git -C "$C" commit-tree "$TREE" -p "$TIP" -m "A genuine payload")
git -C "$C" cat-file commit "$U" >"$T/payload"
rm -f "$T/payload.sig"
ssh-keygen -q -Y sign -n git -f "$K/officer" "$T/payload" 2>/dev/null
{ cat "$T/payload"; printf 'gpgsig '; sed '2,$s/^/ /' "$T/payload.sig"; } >"$T/inbody"
X=$(git -C "$C" hash-object -t commit -w "$T/inbody")
set_main "$X"
expect_reason "signature in the message body" "$X" unsigned
refuse "git verify-commit sees no signature either" 1 "." sh -c "git -C '$C' -c gpg.format=ssh -c gpg.ssh.allowedSignersFile='$T/policy' verify-commit $X >/dev/null 2>&1 || { echo 'charter: refused' >&2; exit 1; }"

# Splice an armored signature file into a commit as its gpgsig header.
splice() { # splice RAW_COMMIT_FILE SIG_FILE > out
	python3 - "$1" "$2" <<'PY'
import sys
raw = open(sys.argv[1], "rb").read()
sig = open(sys.argv[2], "rb").read().rstrip(b"\n")
head, body = raw.split(b"\n\n", 1)
sys.stdout.buffer.write(head + b"\ngpgsig " + sig.replace(b"\n", b"\n ") + b"\n\n" + body)
PY
}

# 4. A genuine payload signed in namespace "file" by an officer.
new_case
U=$(git -C "$C" commit-tree "$TREE" -p "$TIP" -m "Signed for files")
git -C "$C" cat-file commit "$U" >"$T/payload"
rm -f "$T/payload.sig"
ssh-keygen -q -Y sign -n file -f "$K/officer" "$T/payload" 2>/dev/null
splice "$T/payload" "$T/payload.sig" >"$T/spliced"
X=$(git -C "$C" hash-object -t commit -w "$T/spliced")
set_main "$X"
expect_reason "wrong namespace" "$X" wrong-namespace
# The same splice in namespace git is accepted: the splicing is right.
rm -f "$T/payload.sig"
ssh-keygen -q -Y sign -n git -f "$K/officer" "$T/payload" 2>/dev/null
splice "$T/payload" "$T/payload.sig" >"$T/spliced-git"
X=$(git -C "$C" hash-object -t commit -w "$T/spliced-git")
set_main "$X"
check "the same payload signed in namespace git verifies" "$CHARTER" --store "$C" verify

# 5. Garbled armor: a base64 line dropped; truncated; not base64.
garble() { # garble MODE < raw > out
	python3 -c '
import sys
mode = sys.argv[1]
raw = sys.stdin.buffer.read()
lines = raw.split(b"\n")
i = next(k for k, l in enumerate(lines) if l.startswith(b"gpgsig "))
j = i + 1
while lines[j].startswith(b" "):
    j += 1
sig = lines[i:j]            # BEGIN, base64 lines, END
if mode == "drop":
    del sig[2]
elif mode == "truncate":
    sig = sig[:2] + [sig[-1]]
elif mode == "notbase64":
    sig[2] = b" ****not*base64****"
sys.stdout.buffer.write(b"\n".join(lines[:i] + sig + lines[j:]))
' "$1"
}
for mode in drop truncate notbase64; do
	new_case
	G=$(sign_tree "$K/officer" "$C" "$TREE" -p "$TIP" -m "Garbled ($mode)")
	git -C "$C" cat-file commit "$G" | garble $mode >"$T/garbled"
	X=$(git -C "$C" hash-object -t commit -w "$T/garbled")
	set_main "$X"
	expect_reason "garbled armor ($mode)" "$X" malformed-signature
done

# 6. A commit that adds its own signer to allowed_signers.
new_case
git -C "$C" show "$TIP:.charter/allowed_signers" >"$T/selfpolicy"
echo "mallory@example.org namespaces=\"git\" $(cut -d' ' -f1,2 "$K/mallory.pub")" >>"$T/selfpolicy"
blob=$(git -C "$C" hash-object -w "$T/selfpolicy")
export GIT_INDEX_FILE="$T/self.index"
git -C "$C" read-tree "$TIP"
git -C "$C" update-index --add --cacheinfo "100644,$blob,.charter/allowed_signers"
SELFTREE=$(git -C "$C" write-tree)
unset GIT_INDEX_FILE
X=$(sign_tree "$K/mallory" "$C" "$SELFTREE" -p "$TIP" -m "Mallory appoints herself")
set_main "$X"
expect_reason "self-authorized" "$X" self-authorized
# Her next commit is then signed by a key the (forged) policy lists: still
# only the self-authorizing commit fails, and it fails the whole chain.
Y=$(sign_tree "$K/mallory" "$C" "$SELFTREE" -p "$X" -m "Mallory adopts")
set_main "$Y"
expect_reason "self-authorized, then used" "$X" self-authorized
# The same chain checked from the root (no cache): X sits between its parent
# and its child in one batch, and is still judged by its parent's policy.
expect_reason "self-authorized, mid-chain (--full)" "$X" self-authorized --full

# 7. An adoption signed by an officer removed by an earlier adoption.
new_case
X=$(sign_tree "$K/bob" "$C" "$TREE" -p "$TIP" -m "Bob, removed, still adopts")
set_main "$X"
expect_reason "removed officer" "$X" unknown-key

# 8. Validity windows, checked against the committer date (signing time).
new_case
X=$(sign_tree "$K/carol" "$C" "$TREE" -p "$TIP" -m "Carol after her term")
set_main "$X"
expect_reason "expired key" "$X" key-expired
# Backdating into her term does not help: time only goes forward on main.
X=$(GIT_COMMITTER_DATE="2000-06-01T12:00:00Z" sign_tree "$K/carol" "$C" "$TREE" -p "$TIP" -m "Carol in her term")
set_main "$X"
expect_reason "carol backdated into her term" "$X" time-went-back
new_case
X=$(sign_tree "$K/dave" "$C" "$TREE" -p "$TIP" -m "Dave before his term")
set_main "$X"
expect_reason "key not yet valid" "$X" key-not-yet-valid

# 9. A replaced history, checked against the pinned trust root.
ROOT=$(git -C "$S" rev-list --max-parents=0 main)
check "verify --trust-root (the real root)" "$CHARTER" --store "$S" verify --trust-root "$ROOT"
check "verify --trust-root (a 12-digit prefix)" "$CHARTER" --store "$S" verify --trust-root "${ROOT:0:12}"
C="$T/replaced"
check "a replacement history" "$CHARTER" init "$C" --bare --from "$STATEMENTS" --adopted-on 1977-06-02 \
	--key "$K/officer" --by "Officer <officer@example.org>"
check "it verifies on its own" "$CHARTER" --store "$C" verify
OTHER=$(git -C "$C" rev-list --max-parents=0 main)
expect_reason "replaced history" "$OTHER" wrong-root --trust-root "$ROOT"
git -C "$C" config charter.trustRoot "$ROOT"
expect_reason "pinned in git config" "$OTHER" wrong-root
refuse "a trust root that is no commit id" 1 "not a commit id" "$CHARTER" --store "$S" verify --trust-root xyz

# ---- convention tags -------------------------------------------------------
new_case
tag_with() { # tag_with KEY NAME TARGET
	git -C "$C" -c gpg.format=ssh -c user.signingkey="$1" tag -s "$2" -m "Closed" "$3"
}
tag_with "$K/mallory" convention/evil main
git -C "$C" tag -a convention/plain -m "Not signed" main
tag_with "$K/officer" convention/spare main
git -C "$C" update-ref refs/tags/convention/renamed "$(git -C "$C" rev-parse convention/spare)"
tag_with "$K/officer" convention/offmain refs/amendments/a1
"$CHARTER" --store "$C" verify --format json >"$T/tags.json" 2>/dev/null
same "bad tags fail verify" 1 "$?"
check "each bad tag named" python3 - "$T/tags.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
got = {t["tag"]: (t["verdict"], t["reason"]) for t in d["tags"]}
want = {"convention/c1": ("ok", None), "convention/spare": ("ok", None),
        "convention/evil": ("failed", "unknown-key"), "convention/plain": ("failed", "unsigned"),
        "convention/renamed": ("failed", "wrong-tag-name"), "convention/offmain": ("failed", "not-on-main")}
assert got == want, got
assert all(c["verdict"] == "ok" for c in d["commits"])
PY
refuse "tags: text" 1 "4 of 6 signed tags are not authentic" "$CHARTER" --store "$C" verify
contains "tags: text names the tag" "$T/out" "convention/evil (tag "

# ---- the cache of verified commits ----------------------------------------
C="$T/cache"
cp -a "$S" "$C"
check "verify (fills the cache)" "$CHARTER" --store "$C" verify --full
check "verify again" "$CHARTER" --store "$C" verify
contains "nothing checked again" "$T/out" "(0 checked now, 7 known good)"
check "json lists every commit from the cache" python3 -c "
import json, subprocess
d = json.loads(subprocess.run(['$CHARTER', '--store', '$C', 'verify', '--format', 'json'], capture_output=True).stdout)
assert len(d['commits']) == 7 and all(c['cached'] for c in d['commits']) and d['checked'] == 0, d
assert d['commits'][3]['principal'] == 'bob@example.org'
"
X=$(sign_tree "$K/officer" "$C" "$TREE" -p "$TIP" -m "One more")
git -C "$C" update-ref refs/heads/main "$X"
check "one new commit" "$CHARTER" --store "$C" verify
contains "only it is checked" "$T/out" "(1 checked now, 7 known good)"
printf 'charter-verified 1\ntip %s\nroot zz\n' "$X" >"$C/charter/verified"
check "a corrupt cache is ignored" "$CHARTER" --store "$C" verify
contains "everything checked" "$T/out" "(8 checked now, 0 known good)"
git -C "$C" update-ref -d refs/tags/convention/c1
git -C "$C" update-ref refs/heads/main "$(git -C "$C" rev-parse 'main~3')"
check "a cached tip no longer on main" "$CHARTER" --store "$C" verify
contains "everything checked again" "$T/out" "(5 checked now, 0 known good)"
head -c 100 /dev/urandom >"$C/charter/verified.log"
check "a garbled log: json falls back to a full check" python3 -c "
import json, subprocess
d = json.loads(subprocess.run(['$CHARTER', '--store', '$C', 'verify', '--format', 'json'], capture_output=True).stdout)
assert d['ok'] and len(d['commits']) == 5 and d['checked'] == 5, d
"
# A forged policy in the cache does not make a forgery pass.
C="$T/cache2"
cp -a "$S" "$C"
X=$(sign_tree "$K/mallory" "$C" "$TREE" -p "$TIP" -m "Mallory")
git -C "$C" update-ref refs/heads/main "$X"
sed -i "s/^policy .*/policy $(git -C "$C" hash-object -w "$T/selfpolicy")/" "$C/charter/verified"
refuse "cache policy that differs from the store's is ignored" 1 "verification failed" "$CHARTER" --store "$C" verify

# ---- a long chain, verified in parallel -------------------------------------
# 1,400 adoptions (bench/make_chain signs them with the library) with one
# unsigned commit in the middle: the same verdicts with one thread and with
# two (helpers start after 512 commits and take blocks of 256).
MAKE_CHAIN="${CHARTER_BUILD_DIR:-}/bench/make_chain"
if [ -x "$MAKE_CHAIN" ]; then
	C="$T/long"
	cp -a "$S" "$C"
	check "700 adoptions" "$MAKE_CHAIN" "$C" "$K/officer" 700
	BAD=$(git -C "$C" commit-tree "$TREE" -p "$(git -C "$C" rev-parse main)" -m "Unsigned in the middle")
	git -C "$C" update-ref refs/heads/main "$BAD"
	check "700 more on top" "$MAKE_CHAIN" "$C" "$K/officer" 700
	"$CHARTER" --store "$C" verify --full --threads 1 --format json >"$T/t1.json" 2>/dev/null
	"$CHARTER" --store "$C" verify --full --threads 2 --format json >"$T/t2.json" 2>/dev/null
	"$CHARTER" --store "$C" verify --full --threads 3 --format json >"$T/t3.json" 2>/dev/null
	check "one thread and two agree" cmp "$T/t1.json" "$T/t2.json"
	check "one thread and three agree" cmp "$T/t1.json" "$T/t3.json"
	check "the unsigned one is found" python3 - "$T/t2.json" "$BAD" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
bad = [c for c in d["commits"] if c["verdict"] != "ok"]
assert len(d["commits"]) == 7 + 1401 and len(bad) == 1, (len(d["commits"]), bad)
assert bad[0]["commit"] == sys.argv[2] and bad[0]["reason"] == "unsigned", bad
PY
	check "git verify-commit agrees on a make_chain adoption" git -C "$C" -c gpg.format=ssh \
		-c gpg.ssh.allowedSignersFile="$T/policy" verify-commit main
	# A self-authorizing commit as the last of a block (256 commits from the
	# tip, counting the tip as 0 ... 255): its parent, whose policy judges it,
	# is the first of the next block.
	C="$T/boundary"
	cp -a "$S" "$C"
	blob=$(git -C "$C" hash-object -w "$T/selfpolicy")
	export GIT_INDEX_FILE="$T/boundary.index"
	git -C "$C" read-tree "$TIP"
	git -C "$C" update-index --add --cacheinfo "100644,$blob,.charter/allowed_signers"
	SELFTREE=$(git -C "$C" write-tree)
	unset GIT_INDEX_FILE
	X=$(sign_tree "$K/mallory" "$C" "$SELFTREE" -p "$TIP" -m "Mallory appoints herself, deep down")
	set_main "$X"
	check "255 adoptions on top of it" "$MAKE_CHAIN" "$C" "$K/officer" 255
	expect_reason "self-authorized at a block boundary" "$X" self-authorized --full
else
	fail "bench/make_chain not built (CHARTER_BUILD_DIR=${CHARTER_BUILD_DIR:-unset})"
fi

# ---- another key type: verified through ssh-keygen, as git does --------------
C="$T/ecdsa"
cp -a "$S" "$C"
ssh-keygen -q -t ecdsa -N '' -C erin -f "$K/erin" </dev/null
check "signers add erin (ECDSA)" "$CHARTER" --store "$C" signers add erin@example.org "$K/erin.pub" --id add-erin \
	--title "Erin joins" --key "$K/officer"
check "adopt add-erin" "$CHARTER" --store "$C" adopt add-erin --convention c2 --date 2000-02-01 --key "$K/officer" --by "officer <officer@example.org>"
check "propose e1" "$CHARTER" --store "$C" propose workers-power --id e1 --title "Erin's clause" \
	--insert "Erin's clause." --after "Capitalism must be replaced." --key "$K/officer"
check "erin adopts (ssh-keygen signs)" "$CHARTER" --store "$C" adopt e1 --convention c2 --date 2000-02-02 --key "$K/erin" --by "erin <erin@example.org>"
check "verify: an ECDSA adoption" "$CHARTER" --store "$C" verify --format json
cp "$T/out" "$T/ecdsa.json"
check "json names erin" python3 -c "
import json
d = json.load(open('$T/ecdsa.json'))
assert d['ok'] and d['commits'][-1]['principal'] == 'erin@example.org', d['commits'][-1]
"
git -C "$C" show main~1:.charter/allowed_signers >"$T/policy-erin"
check "git verify-commit agrees (ECDSA)" git -C "$C" -c gpg.format=ssh -c gpg.ssh.allowedSignersFile="$T/policy-erin" \
	verify-commit main
ETIP=$(git -C "$C" rev-parse main)
G=$(sign_tree "$K/erin" "$C" "$TREE" -p "$ETIP" -m "Erin's genuine text")
git -C "$C" cat-file commit "$G" | sed "s/Erin's genuine text/Erin's altered text/" >"$T/ealtered"
X=$(git -C "$C" hash-object -t commit -w "$T/ealtered")
set_main "$X"
expect_reason "ECDSA signature over other bytes" "$X" bad-signature

finish
