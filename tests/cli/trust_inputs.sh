#!/usr/bin/env bash
# Names, identities, dates and inputs (issue 13): hex ids that would shadow
# commits, a --by that is not the key's officer, dates past 2099, FIFOs
# where a file is expected, symbolic links in a statements folder. Each bad
# input is one 'charter:' line, a non-zero exit and an unchanged store.
# (The texts written here are illustrative, not the platform's.)
. "$(dirname "$0")/../lib.sh"

secretary_store "$T/store" --adopted-on 2000-01-01
BY="Test Secretary <secretary@example.org>"
after="Capitalism must be replaced."

# ---- 5. names cannot shadow commits -----------------------------------------
ROOT=$(git -C "$S" rev-parse main)
SHORT=${ROOT:0:12}
before=$(store_state "$S/.git")
refuse "an id of 12 hex digits" 1 "would read as a commit id" \
	C propose workers-power --id "$SHORT" --title "Shadow (illustrative)" --insert "Shadow." --after "$after"
refuse "an id of 7 hex digits" 1 "would read as a commit id" \
	C propose workers-power --id deadbee --title "Shadow (illustrative)" --insert "Shadow." --after "$after"
refuse "a signers proposal with a hex id" 1 "would read as a commit id" \
	C signers remove nobody@example.org --id abcdef12 --title "Shadow (illustrative)"
same "store unchanged" "$before" "$(store_state "$S/.git")"
check "a number stays an id: 12" C propose workers-power --id 12 --title "Twelve (illustrative)" \
	--insert "Twelve." --after "$after"
check "adopt 12" C adopt 12 --convention c1 --date 2000-01-02
check "a number stays an id: 1000" C propose workers-power --id 1000 --title "A thousand (illustrative)" \
	--insert "A thousand." --after "Twelve."
check "adopt 1000" C adopt 1000 --convention c1 --date 2000-01-03
check "show --at 12" C show workers-power --at 12
contains "the text after 12" "$T/out" "Twelve."
if grep -q "A thousand." "$T/out"; then fail "--at 12 shows 1000's text"; else pass; fi
check "show --at 1000" C show workers-power --at 1000
contains "the text after 1000" "$T/out" "A thousand."
# An amendment with a hex id written by plain git (as an older charter
# could): still adopted, but WHEN takes the commit first.
git -C "$S" show main:sections/workers-power.md >"$T/wp.md"
echo "A clause of the hex amendment (illustrative)." >>"$T/wp.md"
export GIT_INDEX_FILE="$T/hex.index"
git -C "$S" read-tree main
git -C "$S" update-index --add --cacheinfo "100644,$(git -C "$S" hash-object -w "$T/wp.md"),sections/workers-power.md"
HEXTREE=$(git -C "$S" write-tree)
unset GIT_INDEX_FILE
P=$(git -C "$S" commit-tree "$HEXTREE" -p main -m "Hex id (illustrative)" -m "Amendment: $SHORT
Section: workers-power
Proposed-by: Test Secretary <secretary@example.org>")
git -C "$S" update-ref "refs/amendments/$SHORT" "$P"
check "an old amendment with a hex id is adopted" C adopt "$SHORT" --convention c1 --date 2000-01-03
check "show --at the hex string" C show workers-power --at "$SHORT"
if grep -q "hex amendment" "$T/out"; then fail "--at $SHORT gave the amendment, not the commit"; else pass; fi
if grep -q "Twelve." "$T/out"; then fail "--at $SHORT is not the founding text"; else pass; fi
ADOPT12=$(git -C "$S" rev-parse main~2)
check "a 7-digit prefix of a commit on main" C show workers-power --at "${ADOPT12:0:7}"
contains "is that commit" "$T/out" "Twelve."
if grep -q "A thousand." "$T/out"; then fail "--at ${ADOPT12:0:7} is not adoption 12"; else pass; fi

# ---- 6. identity and key agree -----------------------------------------------
check "propose p1" C propose workers-power --id p1 --title "Pending (illustrative)" --insert "Pending." --after "$after"
before=$(store_state "$S/.git")
refuse "adopt --by another email than the key's principal" 1 "^charter: --by: <mallory@evil.org> is not who the key .* belongs to" \
	C adopt p1 --convention c1 --date 2000-01-04 --by "Mallory <mallory@evil.org>"
refuse "a look-alike address" 1 "is not who the key" \
	C adopt p1 --convention c1 --date 2000-01-04 --by "Test Secretary <secretary@examp1e.org>"
refuse "reject --by another" 1 "is not who the key" \
	C reject p1 --convention c1 --date 2000-01-04 --by "Mallory <mallory@evil.org>"
refuse "withdraw --by another" 1 "is not who the key|is not the proposer" \
	C withdraw p1 --date 2000-01-04 --by "Mallory <mallory@evil.org>"
refuse "convention close --by another" 1 "is not who the key" \
	C convention close c1 --date 2000-01-04 --by "Mallory <mallory@evil.org>"
same "store unchanged" "$before" "$(store_state "$S/.git")"
check "adopt --by the key's own officer" C adopt p1 --convention c1 --date 2000-01-04 --by "$BY"

# ---- 8. dates ------------------------------------------------------------------
check "propose p2" C propose workers-power --id p2 --title "Later (illustrative)" --insert "Later." --after "$after"
before=$(store_state "$S/.git")
refuse "a date in 2106 (32-bit times wrap)" 1 "after 2099-12-31" C adopt p2 --convention c1 --date 2106-02-08
refuse "9999-12-31" 1 "after 2099-12-31" C adopt p2 --convention c1 --date 9999-12-31
refuse "a convention closed in 2100" 1 "after 2099-12-31" C convention close c1 --date 2100-01-01
same "store unchanged" "$before" "$(store_state "$S/.git")"
check "2038-01-20 (past 32-bit signed time)" C adopt p2 --convention c2 --date 2038-01-20
same "recorded as 2038-01-20 noon" "2038-01-20T12:00:00+00:00" "$(git -C "$S" log -1 --format=%aI main)"
check "fsck --strict agrees" git -C "$S" fsck --strict --no-dangling
check "show --at 2038-01-20" C show workers-power --at 2038-01-20
contains "the 2038 text" "$T/out" "Later."
check "propose p3" C propose workers-power --id p3 --title "Last (illustrative)" --insert "Last." --after "$after"
check "2099-12-31 is the last date" C adopt p3 --convention c2 --date 2099-12-31
same "recorded as 2099-12-31" "2099-12-31" "$(git -C "$S" log -1 --format=%ad --date=short main)"
check "verify" C verify --full

# ---- 9. inputs that are not regular files ----------------------------------------
mkfifo "$T/fifo"
before=$(store_state "$S/.git")
for opt in --file --substitute; do
	refuse "$opt FIFO does not hang" 1 "not a regular file" \
		timeout 20 "$CHARTER" --store "$S" propose workers-power --id "f${opt#--}" --title "FIFO (illustrative)" $opt "$T/fifo"
done
refuse "--key FIFO does not hang" 1 "not a regular file" \
	timeout 20 "$CHARTER" --store "$S" propose workers-power --id fkey --title "FIFO (illustrative)" \
	--insert "x" --after "$after" --key "$T/fifo"
refuse "--as-amended FIFO" 1 "not a regular file" \
	timeout 20 "$CHARTER" --store "$S" adopt p9 --convention c2 --date 2099-12-31 --as-amended "$T/fifo"
cp -r "$STATEMENTS" "$T/st-fifo"
rm "$T/st-fifo/sections/workers-power.md"
mkfifo "$T/st-fifo/sections/workers-power.md"
refuse "a FIFO as a section file" 1 "not a regular file" timeout 20 "$CHARTER" --store "$S" propose \
	--id ffolder --title "FIFO (illustrative)" --file "$T/st-fifo"
refuse "init from a folder with a FIFO" 1 "not a regular file" timeout 20 "$CHARTER" init "$T/fifo-store" --from "$T/st-fifo"
same "store unchanged" "$before" "$(store_state "$S/.git")"
# Symbolic links in a statements folder are refused, inside or out.
echo "# Workers’ Power

Secret text outside the folder (illustrative)." >"$T/outside.md"
cp -r "$STATEMENTS" "$T/st-link"
ln -sf "$T/outside.md" "$T/st-link/sections/workers-power.md"
refuse "a symlink to a file outside" 1 "is a symbolic link" "$CHARTER" --store "$S" propose \
	--id flink --title "Link (illustrative)" --file "$T/st-link"
cp -r "$STATEMENTS" "$T/st-link2"
cp "$T/st-link2/sections/workers-power.md" "$T/st-link2/wp.md"
ln -sf ../wp.md "$T/st-link2/sections/workers-power.md"
refuse "a symlink that stays inside" 1 "is a symbolic link" "$CHARTER" init "$T/link-store" --from "$T/st-link2"
cp -r "$STATEMENTS" "$T/st-link3"
mv "$T/st-link3/sections" "$T/real-sections"
ln -s "$T/real-sections" "$T/st-link3/sections"
refuse "sections/ itself a symlink" 1 "is a symbolic link" "$CHARTER" init "$T/link-store3" --from "$T/st-link3"
same "store unchanged" "$before" "$(store_state "$S/.git")"

finish
