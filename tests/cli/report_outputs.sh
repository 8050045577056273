#!/usr/bin/env bash
# Every report charter prints, pinned byte for byte: text, JSON, Markdown and
# HTML of sections, export, amendments, amendment, verify, sync, push, log,
# history, diff, blame and convention close, on one store with amendments in
# every state (illustrative amendments, each saying so). Commit ids, key
# fingerprints and today's date differ from run to run and are replaced by
# placeholders; everything else must equal tests/data/report-outputs.txt.
# CHARTER_UPDATE_GOLDEN=1 rewrites that file (only when an output is meant
# to change: JSON is a stable interface).
. "$(dirname "$0")/../lib.sh"

GOLDEN="$CHARTER_TEST_DATA/report-outputs.txt"
OUT="$T/outputs.txt"
: >"$OUT"

# run TITLE COMMAND...: append the command's stdout and exit status.
run() {
	local title=$1; shift
	printf '=== %s\n' "$title" >>"$OUT"
	local rc=0
	"$@" >>"$OUT" 2>"$T/run.err" || rc=$?
	# Under a sanitizer, its report on stderr says why a command failed.
	if grep -q "Sanitizer" "$T/run.err"; then echo "$title:" >&2; cat "$T/run.err" >&2; fi
	printf '\n--- exit %s\n' "$rc" >>"$OUT"
}

secretary_store "$T/store" --adopted-on 1977-06-01 --convention founding
run "propose 1 (text)" C propose workers-power --title "Name the example (illustrative amendment A)" \
	--insert "(illustrative amendment A)" --after "no control over its production and distribution." \
	--rationale "An illustrative amendment for the test suite, with \"quotes\" & <angle brackets>." \
	--seconded-by "Delegate Two <two@example.org>"
check "propose 2" C propose workers-power --title "Rank and file (illustrative amendment B)" \
	--strike "rank-and-file workers must" --insert "rank-and-file workers (illustrative amendment B) must"
check "propose halt-d" C propose workers-power --id halt-d --title "Halt (illustrative amendment D)" \
	--strike "to paralyze the system" --insert "to halt the system (illustrative amendment D)"
check "propose stop-e" C propose workers-power --id stop-e --title "Stop (illustrative amendment E)" \
	--strike "to paralyze the system" --insert "to stop the system (illustrative amendment E)"
check "propose strike-f" C propose workers-power --id strike-f --title "Strike (illustrative amendment F)" \
	--strike "the capitalist system cannot" --insert "the capitalist system (illustrative amendment F) cannot"
run "propose party-g --format json" C propose the-revolutionary-party --id party-g --format json \
	--title "Party (illustrative amendment G)" --insert "(illustrative amendment G)" --after "We aim to build"
check "propose h1" C propose workers-power --id h1 --title "H1 (illustrative)" --insert "(illustrative h1)" --after "We actively support the struggle"
check "propose h3" C propose workers-power --id h3 --title "H3 (illustrative)" --insert "(illustrative h3)" --before "We actively support the struggle"
check "propose h2" C propose workers-power --id h2 --title "H2 (illustrative)" --insert "(illustrative h2)" --after "We support trade unions"
check "a copy before adoption" git clone -q --mirror "$S" "$T/copy.git"
run "amendments (all pending)" C amendments
run "amendments --format json (all pending)" C amendments --format json
run "amendments --color always" C --color always amendments
run "amendment 1 (pending)" C amendment 1
run "amendment 1 --format json (pending)" C amendment 1 --format json
run "amendment 1 --format markdown (pending)" C amendment 1 --format markdown
run "amendment 1 --format html (pending)" C amendment 1 --format html

run "adopt 2 (text)" C adopt 2 --convention 2013-convention --date 2013-04-05 --vote 120-3-1
run "adopt 1 --format json" C adopt 1 --convention 2013-convention --date 2013-04-06 --format json
check "adopt halt-d" C adopt halt-d --convention 2013-convention --date 2013-04-06 --vote 99-0-0
git -C "$S" show main:sections/workers-power.md | sed 's/to halt the system (illustrative amendment D)/to stop the system (illustrative amendments D and E)/' >"$T/as-amended.md"
run "amendment stop-e (does not apply)" C amendment stop-e
run "amendment stop-e --format json (does not apply)" C amendment stop-e --format json
run "adopt stop-e as amended (text)" C adopt stop-e --convention 2013-convention --date 2013-04-07 --as-amended "$T/as-amended.md"
run "reject strike-f --format json" C reject strike-f --convention 2013-convention --date 2013-04-07 --vote 3-90-2 --format json
run "reject h1 h2 --format json" C reject h1 h2 --convention 2013-convention --date 2013-04-07 --format json
run "reject h3 (text)" C reject h3 --convention 2013-convention --date 2013-04-07
run "reject strike-f again --format json" C reject strike-f --convention 2013-convention --date 2013-04-07 --format json
run "withdraw party-g --format json" C withdraw party-g --date 2013-04-07 --format json
run "convention close (text)" C convention close 2013-convention --date 2013-04-08
make_key officer2
check "signers add" C signers add two@example.org "$T/keys/officer2.pub" --id add-two --title "Add an officer (illustrative)"

for st in all pending adopted rejected withdrawn; do
	run "amendments --status $st" C amendments --status "$st"
	run "amendments --status $st --format json" C amendments --status "$st" --format json
done
for id in 1 2 halt-d stop-e strike-f party-g add-two; do
	for f in text json markdown html; do
		run "amendment $id --format $f" C amendment "$id" --format "$f"
	done
done
run "amendment 1 --color always" C --color always amendment 1

run "sections" C sections
run "sections --format json" C sections --format json
run "sections --at founding --format json" C sections --at founding --format json
for f in markdown html json; do
	run "export --format $f" C export --format "$f"
done
run "log" C log
run "log --format json" C log --format json
run "log workers-power --format json" C log workers-power --format json
for f in text markdown html json; do
	run "history workers-power --format $f" C history workers-power --format "$f"
	run "diff founding --format $f" C diff founding workers-power --format "$f"
done
for f in text html json; do
	run "blame workers-power --format $f" C blame workers-power --format "$f"
done

run "verify (fills the cache)" C verify
run "verify --format json" C verify --format json
run "verify --full --format json" C verify --full --format json
run "verify --color always" C --color always verify

check "a copy closed again" git clone -q --mirror "$S" "$T/closed.git"
run "convention close --format json" "$CHARTER" --store "$T/closed.git" convention close 2014-convention \
	--date 2014-01-01 --format json

# sync and push: into the copy made before adoption, then back.
run "sync (text)" "$CHARTER" --store "$T/copy.git" sync "$S"
run "sync again (up to date)" "$CHARTER" --store "$T/copy.git" sync "$S"
run "sync --format json (up to date)" "$CHARTER" --store "$T/copy.git" sync "$S" --format json
check "an empty remote" git init -q --bare "$T/remote.git"
run "push --format json" C push "$T/remote.git" --format json
run "push again (up to date)" C push "$T/remote.git"
check "an empty remote 2" git init -q --bare "$T/remote2.git"
run "push (text)" C push "$T/remote2.git"
check "a copy for sync json" git clone -q --mirror "$S" "$T/copy2.git"
git -C "$T/copy2.git" update-ref refs/heads/main "$(git -C "$S" rev-parse main~2)"
git -C "$T/copy2.git" update-ref -d refs/tags/convention/2013-convention
run "sync --format json" "$CHARTER" --store "$T/copy2.git" sync "$S" --format json

# A history that fails verification: an unsigned commit on main.
check "a copy to break" git clone -q --mirror "$S" "$T/bad.git"
X=$(git -C "$T/bad.git" commit-tree "main^{tree}" -p main -m "Unsigned adoption (illustrative)")
git -C "$T/bad.git" update-ref refs/heads/main "$X"
run "verify (failing)" "$CHARTER" --store "$T/bad.git" verify
run "verify --format json (failing)" "$CHARTER" --store "$T/bad.git" verify --format json
run "sync from a failing history" "$CHARTER" --store "$T/copy.git" sync "$T/bad.git"
run "sync --format json from a failing history" "$CHARTER" --store "$T/copy.git" sync "$T/bad.git" --format json
run "push a failing history --format json" "$CHARTER" --store "$T/bad.git" push "$T/remote.git" --format json

# The confirmations of init, record and signers, on stores of their own.
run "init (text)" "$CHARTER" init "$T/second" --from "$STATEMENTS" --adopted-on 1977-06-01 --convention founding
run "init --format json" "$CHARTER" init "$T/third.git" --bare --from "$STATEMENTS" --adopted-on 1977-06-01 \
	--convention founding --format json
cp -r "$STATEMENTS" "$T/later"
sed -i 's/We actively support the struggle/We actively support (illustrative record) the struggle/' "$T/later/sections/workers-power.md"
run "record (text)" "$CHARTER" --store "$T/second" record "$T/later" --adopted-on 1980-01-01 --convention 1980-convention
run "record --format json" "$CHARTER" --store "$T/third.git" record "$T/later" --adopted-on 1980-01-01 \
	--convention "1980 Convention" --source "an illustrative source" --format json
run "signers add (text)" "$CHARTER" --store "$T/second" signers add two@example.org "$T/keys/officer2.pub" \
	--id add-two --title "Add an officer (illustrative)"
run "signers add --format json" "$CHARTER" --store "$T/third.git" signers add two@example.org "$T/keys/officer2.pub" \
	--id add-two --title "Add an officer (illustrative)" --format json

# Placeholders for what changes from run to run.
today=$(date -u +%F)
perl -pe "s/\b[0-9a-f]{40}\b/<commit>/g; s/\b[0-9a-f]{12}\b/<short>/g; s{SHA256:[A-Za-z0-9+/]{43}}{<fingerprint>}g; s{AAAAC3NzaC1lZDI1NTE5[A-Za-z0-9+/=]+}{<pubkey>}g;
	s/\Q$today\E/<today>/g; s{\Q$T\E}{<tmp>}g" "$OUT" >"$T/normalized.txt"

if [ "${CHARTER_UPDATE_GOLDEN:-}" = 1 ]; then
	cp "$T/normalized.txt" "$GOLDEN"
	echo "wrote $GOLDEN"
fi
if diff -u "$GOLDEN" "$T/normalized.txt" >"$T/diff"; then pass; else fail "outputs differ from $GOLDEN: $(head -c 3000 "$T/diff")"; fi
finish
