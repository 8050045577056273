#!/usr/bin/env bash
# push to a new bare repository whose HEAD names a branch that never comes
# (git init --bare makes it master): charter points it at main, so that
# git clone of it checks out the text without a warning.
. "$(dirname "$0")/../lib.sh"

secretary_store "$T/store" --adopted-on 1977-06-01
git init -q --bare -b master "$T/remote.git"
check "push to a path" C push "$T/remote.git"
same "the remote's HEAD is main" "refs/heads/main" "$(git -C "$T/remote.git" symbolic-ref HEAD)"
git clone -q "$T/remote.git" "$T/clone" 2>"$T/clone.err"
if grep -q 'nonexistent ref\|warning' "$T/clone.err"; then fail "clone warned: $(cat "$T/clone.err")"; else pass; fi
[ -f "$T/clone/sections/workers-power.md" ] && pass || fail "the clone has no text checked out"

git init -q --bare -b master "$T/remote2.git"
check "push to a file:// URL" C push "file://$T/remote2.git"
same "file:// remote's HEAD is main" "refs/heads/main" "$(git -C "$T/remote2.git" symbolic-ref HEAD)"
check "push again: up to date" C push "$T/remote.git"
contains "up to date" "$T/out" "already up to date"
if grep -q '^Note:' "$T/out"; then fail "a note although HEAD is main: $(cat "$T/out")"; else pass; fi
finish
