#!/usr/bin/env bash
# WHEN takes git revisions naming a commit on main (HEAD, main~2, main^,
# tags) after its other forms; a revision off main is refused, saying so.
. "$(dirname "$0")/../lib.sh"

secretary_store "$T/store" --adopted-on 1977-06-01
founding=$(git -C "$S" rev-parse main)
check "propose 1" C propose workers-power --id w1 --title "Illustrative 1" \
	--strike "to paralyze the system" --insert "to halt the system (illustrative)"
check "adopt 1" C adopt w1 --convention 1983-convention --date 1983-05-01
one=$(git -C "$S" rev-parse main)
check "propose 2" C propose workers-power --id w2 --title "Illustrative 2" \
	--strike "We support trade unions" --insert "We support democratic trade unions (illustrative)"
check "adopt 2" C adopt w2 --convention 1991-convention --date 1991-06-15
two=$(git -C "$S" rev-parse main)

at() { C export --at "$1" --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["commit"])'; }
same "HEAD" "$two" "$(at HEAD)"
same "main" "$two" "$(at main)"
same "main^" "$one" "$(at main^)"
same "HEAD~1" "$one" "$(at HEAD~1)"
same "main~2" "$founding" "$(at main~2)"
same "HEAD^^" "$founding" "$(at 'HEAD^^')"
git -C "$S" tag v1 "$one"
git -C "$S" tag -a -m "an annotated tag (illustrative)" release-1 "$founding"
same "a lightweight tag" "$one" "$(at v1)"
same "an annotated tag" "$founding" "$(at release-1)"
check "show --at a revision" C show workers-power --at main~2
contains "show main~2: the founding text" "$T/out" "to paralyze the system"
check "diff between revisions" C diff main~2 HEAD workers-power --format json
contains "diff main~2 HEAD: the inserted words" "$T/out" "halt"
check "blame --at a revision" C blame workers-power --at main^ --format json

# The forms before: a date, a convention, an amendment id still win.
same "a date still first" "$one" "$(at 1990-01-01)"
same "an amendment id" "$one" "$(at w1)"

# Off main: the proposal (main^2 is on main's history, not its first-parent chain), a branch.
refuse "a proposal is not on main" 1 "not on main" C export --at main^2
git -C "$S" branch side "$founding"
git -C "$S" --work-tree="$T/wt" commit-tree -m "side (illustrative)" "$founding^{tree}" -p "$founding" >"$T/sideid"
git -C "$S" update-ref refs/heads/side "$(cat "$T/sideid")"
refuse "a branch off main" 1 "names commit $(cut -c1-12 "$T/sideid"), which is not on main" C export --at side
refuse "beyond the root" 1 "not a date, convention, adopted amendment, commit or revision" C export --at main~5
refuse "a tree is not a commit" 1 "does not name a commit" C export --at 'HEAD^{tree}'
refuse "garbage" 1 "not a date, convention" C export --at 'no such thing'

# Before 1970: no text had been adopted by then.
refuse "export --at 1969-12-31" 1 "no text had been adopted by then" C export --at 1969-12-31
refuse "not a calendar date before 1970 either" 1 "not a calendar date" C export --at 1969-02-30
refuse "before the founding" 1 "no text had been adopted by then" C export --at 1976-01-01
finish
