#!/usr/bin/env bash
# A store with a work tree on main: each adoption updates it; local edits
# to a file the adoption would change are refused before anything is
# written, local edits elsewhere are kept.
. "$(dirname "$0")/../lib.sh"

secretary_store "$T/store" --adopted-on 2000-01-01 # with a work tree
check "propose 1" C propose workers-power --title "One (illustrative amendment)" \
	--insert "(illustrative amendment 1)" --after "We actively support"
check "propose 2" C propose the-revolutionary-party --title "Two (illustrative amendment)" \
	--insert "(illustrative amendment 2)" --after "We aim to build"
check "propose 3" C propose workers-power --title "Three (illustrative amendment)" \
	--strike "Capitalism must be replaced." --insert "Capitalism must be replaced (illustrative amendment 3)."
same "proposals leave the work tree alone" "" "$(git -C "$S" status --porcelain)"

check "adopt 1" C adopt 1 --convention c-2001 --date 2001-01-01
contains "the work tree has the adopted text" "$S/sections/workers-power.md" "We actively support (illustrative amendment 1)"
same "work tree and index clean after adopting" "" "$(git -C "$S" status --porcelain)"

# A local edit to the file amendment 3 changes: refused, nothing written.
echo "A local note (illustrative)." >>"$S/sections/workers-power.md"
before=$(store_state "$S/.git")
refuse "local edits are refused" 1 "sections/workers-power.md has local edits in the work tree" \
	C adopt 3 --convention c-2001 --date 2001-01-02
same "nothing written" "$before" "$(store_state "$S/.git")"
contains "the local edit is kept" "$S/sections/workers-power.md" "A local note (illustrative)."

# An adoption that changes another file goes ahead and keeps the edit.
check "adopt 2 with a local edit elsewhere" C adopt 2 --convention c-2001 --date 2001-01-02
contains "2 is in the work tree" "$S/sections/the-revolutionary-party.md" "We aim to build (illustrative amendment 2)"
contains "the local edit survives" "$S/sections/workers-power.md" "A local note (illustrative)."
same "only the local edit shows" " M sections/workers-power.md" "$(git -C "$S" status --porcelain)"

# A deleted file is a local edit too; an untracked file in the way as well.
git -C "$S" checkout -q main -- sections/workers-power.md
rm "$S/sections/workers-power.md"
refuse "a deleted file is refused" 1 "sections/workers-power.md is deleted in the work tree" \
	C adopt 3 --convention c-2001 --date 2001-01-02
git -C "$S" checkout -q main -- sections/workers-power.md
check "adopt 3 once the edit is gone" C adopt 3 --convention c-2001 --date 2001-01-02
same "clean at the end" "" "$(git -C "$S" status --porcelain)"
check "work tree equals main" git -C "$S" diff --quiet main --

# HEAD on another branch: main moves, the work tree is not touched.
check "propose 4" C propose workers-power --title "Four (illustrative amendment)" \
	--insert "(illustrative amendment 4)" --before "We actively support"
git -C "$S" checkout -q -b elsewhere
check "adopt 4 with HEAD elsewhere" C adopt 4 --convention c-2001 --date 2001-01-03
if grep -q "illustrative amendment 4" "$S/sections/workers-power.md"; then fail "work tree of another branch changed"; else pass; fi
same "main has 4" "4" "$(git -C "$S" log -1 --format='%(trailers:key=Amendment,valueonly)' main | tr -d '\n')"

finish
