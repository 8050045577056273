# Shared helpers for the CLI tests (sourced, not run). Each test gets a
# sandbox with its own HOME and git config, so nothing outside is touched.
set -uo pipefail

: "${CHARTER:?set CHARTER to the charter binary}"
: "${CHARTER_SOURCE_DIR:?set CHARTER_SOURCE_DIR}"
STATEMENTS="$CHARTER_SOURCE_DIR/statements"

T=$(mktemp -d "${TMPDIR:-/tmp}/charter-test.XXXXXX")
cleanup() { [ -n "${CHARTER_TEST_KEEP:-}" ] && { echo "kept $T" >&2; return; }; rm -rf "$T"; }
trap cleanup EXIT

export HOME="$T/home" GIT_CONFIG_NOSYSTEM=1 NO_COLOR=1 TZ=UTC
unset CHARTER_STORE CHARTER_SIGNING_KEY
mkdir -p "$HOME"
git config --global user.name "Test Secretary"
git config --global user.email "secretary@example.org"
git config --global init.defaultBranch main

PASSED=0
FAILED=0

pass() { PASSED=$((PASSED + 1)); }
fail() { FAILED=$((FAILED + 1)); echo "FAIL: $*" >&2; }

# check DESCRIPTION COMMAND...: the command must succeed.
check() {
	local what=$1; shift
	if "$@" >"$T/out" 2>"$T/err"; then pass; else fail "$what (exit $?): $(head -c 600 "$T/err")"; fi
}

# refuse DESCRIPTION CODE PATTERN COMMAND...: the command must exit CODE
# with exactly one line on stderr, "charter: ..." matching PATTERN.
refuse() {
	local what=$1 code=$2 pattern=$3; shift 3
	"$@" >"$T/out" 2>"$T/err"
	local rc=$?
	if [ "$rc" -ne "$code" ]; then
		fail "$what: exit $rc, expected $code; stderr: $(head -c 300 "$T/err")"
	elif [ "$(wc -l <"$T/err")" -ne 1 ] || ! grep -q "^charter: " "$T/err"; then
		fail "$what: stderr is not one 'charter: ' line: $(head -c 300 "$T/err")"
	elif ! grep -qE -- "$pattern" "$T/err"; then
		fail "$what: message '$(cat "$T/err")' does not match '$pattern'"
	else
		pass
	fi
}

# same DESCRIPTION EXPECTED ACTUAL
same() {
	if [ "$2" == "$3" ]; then pass; else fail "$1: expected '$2', got '$3'"; fi
}

# contains DESCRIPTION FILE FIXED-STRING
contains() {
	if grep -qF -- "$3" "$2"; then pass; else fail "$1: '$3' not in $2"; fi
}

# make_key NAME [ssh-keygen options]: an Ed25519 key $T/keys/NAME.
make_key() {
	local name=$1; shift
	mkdir -p "$T/keys"
	ssh-keygen -q -t ed25519 -N '' -C "$name" -f "$T/keys/$name" "$@" </dev/null
}

# secretary_store DIR [init options]: the key "secretary" as
# $CHARTER_SIGNING_KEY (also $KEY), a store S=DIR made from statements/ by
# `charter init` (checked), its allowed signers in $T/allowed; C runs
# charter on it.
secretary_store() {
	S=$1; shift
	make_key secretary
	KEY="$T/keys/secretary"
	export CHARTER_SIGNING_KEY="$KEY"
	check "init" "$CHARTER" init "$S" --from "$STATEMENTS" "$@"
	git -C "$S" show main:.charter/allowed_signers >"$T/allowed"
}
C() { "$CHARTER" --store "$S" "$@"; }

# A fingerprint of everything in a repository: refs and objects. Equal
# before and after a refused command means nothing was written.
store_state() {
	local gitdir=$1
	(cd "$gitdir" && git for-each-ref --format='%(refname) %(objectname)' && git count-objects -v | grep -E '^(count|in-pack)' &&
		find . -type f -not -name '*.lock' | sort)
}

finish() {
	echo "$PASSED passed, $FAILED failed"
	[ "$FAILED" -eq 0 ]
}
