#!/usr/bin/env bash
# charter sync / push against a real server: git daemon on a loopback port
# (stopped by its pid whatever happens), plus file:// and plain-path
# remotes. Authentic history travels; a forgery pushed to the server with
# plain git, and a history rewritten there, are refused with every local
# ref left as it was.
. "$(dirname "$0")/../lib.sh"

DAEMON_PID=""
stop_daemon() {
	if [ -n "$DAEMON_PID" ]; then
		kill "$DAEMON_PID" 2>/dev/null
		wait "$DAEMON_PID" 2>/dev/null
		DAEMON_PID=""
	fi
}
trap 'stop_daemon; cleanup' EXIT

SRV="$T/srv"
mkdir -p "$SRV"
git init -q --bare -b main "$SRV/charter.git"

# A free loopback port: pick one, retry on collision.
start_daemon() {
	for _ in $(seq 1 20); do
		PORT=$((20000 + RANDOM % 30000))
		"$(git --exec-path)/git-daemon" --export-all --enable=receive-pack --base-path="$SRV" --listen=127.0.0.1 --port="$PORT" \
			--pid-file="$T/daemon.pid" >"$T/daemon.log" 2>&1 &
		DAEMON_PID=$!
		for _ in $(seq 1 50); do
			if ! kill -0 "$DAEMON_PID" 2>/dev/null; then
				break
			fi
			if git ls-remote "git://127.0.0.1:$PORT/charter.git" >/dev/null 2>&1; then
				return 0
			fi
			sleep 0.1
		done
		stop_daemon
	done
	return 1
}
if start_daemon; then pass; else fail "git daemon did not start: $(cat "$T/daemon.log")"; finish; exit; fi
URL="git://127.0.0.1:$PORT/charter.git"
same "the daemon's pid file names the process we stop" "$DAEMON_PID" "$(cat "$T/daemon.pid")"

make_key officer
make_key mallory
K="$T/keys"
A="$T/a"
B="$T/b"
N=0
adopt_in() { # adopt_in STORE ID DATE
	N=$((N + 1))
	"$CHARTER" --store "$1" propose workers-power --id "$2" --title "Amendment $2" \
		--insert "Clause $N." --after "Capitalism must be replaced." --key "$K/officer" >/dev/null &&
		"$CHARTER" --store "$1" adopt "$2" --convention c1 --date "$3" --key "$K/officer" >/dev/null
}
refs() { git -C "$1" for-each-ref --format='%(refname) %(objectname)' refs/heads refs/tags refs/amendments refs/outcomes refs/charter-quarantine; }
sign_tree() { # sign_tree KEY REPO commit-tree-args
	local key=$1 repo=$2; shift 2
	git -C "$repo" -c gpg.format=ssh -c user.signingkey="$key" commit-tree -S "$@"
}

check "init the secretary's store" "$CHARTER" init "$A" --from "$STATEMENTS" --adopted-on 1977-06-01 --key "$K/officer"
check "adopt a1" adopt_in "$A" a1 2000-01-01
check "convention close" "$CHARTER" --store "$A" convention close c1 --date 2000-01-01 --key "$K/officer"
check "push to git daemon" "$CHARTER" --store "$A" push "$URL"
contains "push reports main" "$T/out" "main"
same "the server has every record" "$(refs "$A")" "$(refs "$SRV/charter.git")"
check "push again: up to date" "$CHARTER" --store "$A" push "$URL"
contains "nothing to send" "$T/out" "already up to date"

# A fresh store (a clone target) takes a fully authentic main.
git init -q -b main "$B"
check "sync into an empty store" "$CHARTER" --store "$B" sync "$URL"
contains "sync says what it took" "$T/out" "new adoptions, every one authentic"
same "the same records" "$(refs "$A")" "$(refs "$B")"
contains "the work tree is checked out" "$B/sections/workers-power.md" "Clause 1."
check "verify the synced store" "$CHARTER" --store "$B" verify
check "git fsck" git -C "$B" fsck --strict --no-dangling

# An authentic new adoption travels.
check "adopt a2" adopt_in "$A" a2 2000-02-01
check "push a2" "$CHARTER" --store "$A" push "$URL"
check "sync takes the new adoption" "$CHARTER" --store "$B" sync "$URL" --format json
cp "$T/out" "$T/sync.json"
check "sync json" python3 - "$T/sync.json" "$(git -C "$A" rev-parse main)" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["ok"] and d["new_adoptions"] == 1, d
ups = {u["ref"]: u for u in d["updates"]}
assert ups["refs/heads/main"]["new"] == sys.argv[2] and ups["refs/heads/main"]["old"], ups
assert "refs/amendments/a2" in ups and ups["refs/amendments/a2"]["old"] is None
assert d["verify"]["ok"] and d["verify"]["checked"] == 1, d["verify"]
PY
same "main moved" "$(git -C "$A" rev-parse main)" "$(git -C "$B" rev-parse main)"
contains "the work tree follows" "$B/sections/workers-power.md" "Clause 2."

# A forgery pushed to the server with plain git is refused.
W="$T/w"
git clone -q "$URL" "$W" 2>/dev/null
GOOD=$(git -C "$W" rev-parse main)
X=$(sign_tree "$K/mallory" "$W" "$(git -C "$W" rev-parse 'main^{tree}')" -p "$GOOD" -m "Mallory's adoption")
check "plain git pushes the forgery" git -C "$W" push -q origin "$X:refs/heads/main"
before=$(refs "$B")
refuse "sync refuses the forgery" 1 "refused .*main: 1 of 4 commits on main is not authentic" \
	"$CHARTER" --store "$B" sync "$URL"
contains "and names it" "$T/out" "${X:0:12} unknown-key"
same "local refs untouched (forgery)" "$before" "$(refs "$B")"
same "no quarantine left" "" "$(git -C "$B" for-each-ref refs/charter-quarantine)"
check "the forged commit is not checked out" sh -c "! grep -q Mallory '$B/sections/workers-power.md'"
"$CHARTER" --store "$B" sync "$URL" --format json >"$T/forged.json" 2>/dev/null
check "json of a refusal" python3 - "$T/forged.json" "$X" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["ok"] is False and d["updates"] == []
bad = [c for c in d["verify"]["commits"] if c["verdict"] == "failed"]
assert [(c["commit"], c["reason"]) for c in bad] == [(sys.argv[2], "unknown-key")], bad
PY

# A history rewritten on the server (force-push), even with genuine
# signatures, is refused.
Y=$(sign_tree "$K/officer" "$W" "$(git -C "$W" rev-parse 'main~1^{tree}')" -p "$(git -C "$W" rev-parse 'main~1')" \
	-m "Another a2")
check "plain git force-pushes a rewrite" git -C "$W" push -q --force origin "$Y:refs/heads/main"
before=$(refs "$B")
refuse "sync refuses the rewritten history" 1 "does not extend this store's main.*rewritten" \
	"$CHARTER" --store "$B" sync "$URL"
same "local refs untouched (rewrite)" "$before" "$(refs "$B")"
# A server that is merely behind changes nothing and is no error.
check "server set back" git -C "$W" push -q --force origin "$(git -C "$A" rev-parse 'main~1'):refs/heads/main"
check "sync from a server that is behind" "$CHARTER" --store "$B" sync "$URL"
contains "nothing taken" "$T/out" "already up to date"
same "local refs untouched (behind)" "$before" "$(refs "$B")"
# push refuses to overwrite what the server has that we lack.
check "server has a forgery again" git -C "$W" push -q --force origin "$X:refs/heads/main"
refuse "push when the server has other adoptions" 1 "run charter sync .* first" "$CHARTER" --store "$A" push "$URL"
check "server restored" git -C "$W" push -q --force origin "$(git -C "$A" rev-parse main):refs/heads/main"

# push refuses to publish an unverified main.
A2="$T/a2"
cp -a "$A" "$A2"
U=$(git -C "$A2" commit-tree "$(git -C "$A2" rev-parse 'main^{tree}')" -p "$(git -C "$A2" rev-parse main)" -m "Unsigned")
git -C "$A2" update-ref refs/heads/main "$U"
before=$(refs "$SRV/charter.git")
refuse "push refuses an unverified main" 1 "refusing to push" "$CHARTER" --store "$A2" push "$URL"
contains "and names the commit" "$T/out" "${U:0:12} unsigned"
same "server untouched" "$before" "$(refs "$SRV/charter.git")"

# Records are never rewritten: a proposal that differs is a conflict.
check "B proposes x1" "$CHARTER" --store "$B" propose workers-power --id x1 --title "Ours" \
	--insert "Ours." --after "Capitalism must be replaced." --key "$K/officer"
check "A proposes another x1" "$CHARTER" --store "$A" propose workers-power --id x1 --title "Theirs" \
	--insert "Theirs." --after "Capitalism must be replaced." --key "$K/officer"
check "A pushes it" "$CHARTER" --store "$A" push "$URL"
refuse "push of the differing proposal is refused" 1 "has a different amendments/x1" \
	"$CHARTER" --store "$B" push "$URL"
check "A adopts a3 and pushes" sh -c "$(declare -f adopt_in); N=$N K='$K' CHARTER='$CHARTER'; adopt_in '$A' a3 2000-03-01 && '$CHARTER' --store '$A' push '$URL' >/dev/null"
before=$(refs "$B")
refuse "a differing proposal is a conflict" 1 "has a different amendments/x1 than this store" \
	"$CHARTER" --store "$B" sync "$URL"
same "local refs untouched (conflict)" "$before" "$(refs "$B")"
git -C "$B" update-ref -d refs/amendments/x1
check "without it, sync goes through" "$CHARTER" --store "$B" sync "$URL"
same "same records again" "$(refs "$A")" "$(refs "$B")"

# Local edits to a file an incoming adoption changes: refused up front.
check "A adopts a4 and pushes" sh -c "$(declare -f adopt_in); N=9 K='$K' CHARTER='$CHARTER'; adopt_in '$A' a4 2000-04-01 && '$CHARTER' --store '$A' push '$URL' >/dev/null"
echo "local edit" >>"$B/sections/workers-power.md"
before=$(refs "$B")
refuse "local edits block the sync" 1 "local changes" "$CHARTER" --store "$B" sync "$URL"
same "local refs untouched (edits)" "$before" "$(refs "$B")"
git -C "$B" checkout -q -- sections/workers-power.md
check "after discarding them" "$CHARTER" --store "$B" sync "$URL"

# file:// and a plain path; a configured remote name; a pinned trust root.
stop_daemon
same "daemon stopped" "1" "$(kill -0 "$(cat "$T/daemon.pid")" 2>/dev/null && echo 0 || echo 1)"
git init -q --bare -b main "$T/file.git"
check "push to file://" "$CHARTER" --store "$A" push "file://$T/file.git"
same "file:// server has the records" "$(refs "$A")" "$(refs "$T/file.git")"
git init -q --bare -b main "$T/c"
git -C "$T/c" config charter.trustRoot "$(git -C "$A" rev-list --max-parents=0 main | tr 0-9a-f a-f0-9 | cut -c1-40)"
refuse "a pinned root that differs: refused" 1 "refused .*main" "$CHARTER" --store "$T/c" sync "file://$T/file.git"
contains "wrong-root named" "$T/out" "wrong-root"
same "nothing taken" "" "$(refs "$T/c")"
git -C "$T/c" config charter.trustRoot "$(git -C "$A" rev-list --max-parents=0 main)"
check "sync from file:// with the right root pinned" "$CHARTER" --store "$T/c" sync "file://$T/file.git"
same "file:// records" "$(refs "$A")" "$(refs "$T/c")"
git init -q --bare -b main "$T/d"
git -C "$T/d" remote add upstream "$T/file.git"
check "sync from a configured remote (a path)" "$CHARTER" --store "$T/d" sync upstream
same "no remote-tracking refs written" "" "$(git -C "$T/d" for-each-ref refs/remotes)"
same "configured remote records" "$(refs "$A")" "$(refs "$T/d")"
check "sync from a relative path" sh -c "cd '$T' && '$CHARTER' --store d sync file.git"
# A quarantine left by a killed sync (its process is gone) is cleared.
dead=4000000
while kill -0 "$dead" 2>/dev/null; do dead=$((dead + 1)); done
git -C "$T/d" update-ref "refs/charter-quarantine/$dead-1/heads/main" "$(git -C "$T/d" rev-parse main)"
check "sync again" "$CHARTER" --store "$T/d" sync upstream
same "the stale quarantine is gone" "" "$(git -C "$T/d" for-each-ref refs/charter-quarantine)"
refuse "an unknown remote" 1 "not a configured remote, a URL or a path" "$CHARTER" --store "$T/d" sync nowhere
git init -q --bare -b main "$T/empty.git"
refuse "a remote without main" 1 "has no main" "$CHARTER" --store "$T/d" sync "$T/empty.git"
same "no quarantine left behind" "" "$(git -C "$T/d" for-each-ref refs/charter-quarantine)"

finish
