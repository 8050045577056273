#!/usr/bin/env bash
# charter help [COMMAND]; charter alone; unknown commands suggest the closest.
. "$(dirname "$0")/../lib.sh"

check "charter help" "$CHARTER" help
contains "help lists the commands" "$T/out" "  propose "
contains "help lists itself" "$T/out" "  help "
"$CHARTER" >"$T/out" 2>"$T/err"
same "charter alone exits 1" 1 $?
contains "charter alone prints the command list" "$T/out" "  amendments "
for c in propose diff history convention signers help; do
	check "help $c" "$CHARTER" help $c
	cp "$T/out" "$T/help"
	"$CHARTER" $c --help >"$T/direct" 2>&1
	same "help $c is $c --help" "$(cat "$T/direct")" "$(cat "$T/help")"
	contains "help $c: usage" "$T/help" "usage: charter $c"
done
refuse "help of an unknown command" 2 "unknown command 'nope'" "$CHARTER" help nope
refuse "a typo suggests the command" 2 "did you mean 'propose'" "$CHARTER" propse
refuse "a transposition suggests the command" 2 "did you mean 'amendments'" "$CHARTER" amendmetns
refuse "a prefix suggests the command" 2 "did you mean 'history'" "$CHARTER" hist
refuse "help with a typo suggests" 2 "did you mean 'blame'" "$CHARTER" help blme
refuse "nothing close: no suggestion" 2 "^charter: unknown command 'frobnicate' \(see charter help\)$" "$CHARTER" frobnicate
refuse "help takes one command" 2 "usage" "$CHARTER" help log diff
finish
