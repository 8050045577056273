#!/usr/bin/env bash
# Two writers at once. Two `charter adopt` for different amendments started
# together: both end up on main, or the loser says "main moved, retry" and a
# retry succeeds; no adoption is lost or duplicated. Also: adopt and reject
# of the same amendment racing, the same amendment adopted twice at once,
# and two proposals racing for the next number.
. "$(dirname "$0")/../lib.sh"

secretary_store "$T/store.git" --bare --adopted-on 2000-01-01

# together CMD1 -- CMD2: start both at the same moment; exit codes in
# $T/rc.1 and $T/rc.2, stderr in $T/err.1 and $T/err.2.
together() {
	local a=() b=() seen=0
	for x in "$@"; do
		if [ "$x" == "--" ]; then seen=1; elif [ $seen -eq 0 ]; then a+=("$x"); else b+=("$x"); fi
	done
	rm -f "$T/go"
	( while [ ! -e "$T/go" ]; do :; done; "${a[@]}" >"$T/out.1" 2>"$T/err.1"; echo $? >"$T/rc.1" ) &
	local p1=$!
	( while [ ! -e "$T/go" ]; do :; done; "${b[@]}" >"$T/out.2" 2>"$T/err.2"; echo $? >"$T/rc.2" ) &
	local p2=$!
	sleep 0.2
	touch "$T/go"
	wait $p1 $p2
}

# Paragraph openings of two sections: adoptions touching different words.
anchors_wp=("Workers create society’s wealth" "We actively support the struggle" "The structures of the present" \
	"We do not support candidates" "Capitalism is an international system" "Socialists oppose imperialism")
anchors_rp=("To achieve socialism, the most" "We aim to build")
moved=0
for round in 0 1 2 3 4 5; do
	a="r$round-a" b="r$round-b"
	check "propose $a" C propose workers-power --id "$a" --title "Round $round A (illustrative amendment)" \
		--insert "(illustrative $a)" --after "${anchors_wp[$round]}"
	check "propose $b" C propose the-revolutionary-party --id "$b" --title "Round $round B (illustrative amendment)" \
		--insert "(illustrative $b)" --after "${anchors_rp[$((round % 2))]}"
	together C adopt "$a" --convention c-2001 --date 2001-01-01 -- C adopt "$b" --convention c-2001 --date 2001-01-01
	for i in 1 2; do
		id=$([ $i -eq 1 ] && echo "$a" || echo "$b")
		rc=$(cat "$T/rc.$i")
		if [ "$rc" -eq 0 ]; then
			pass
		elif [ "$rc" -eq 1 ] && grep -q "^charter: main moved.*retry" "$T/err.$i"; then
			moved=$((moved + 1))
			check "retry $id after 'main moved'" C adopt "$id" --convention c-2001 --date 2001-01-01
		else
			fail "adopt $id: exit $rc: $(cat "$T/err.$i")"
		fi
	done
done
echo "(adopters told 'main moved, retry': $moved)"

git -C "$S" log --first-parent --format='%(trailers:key=Amendment,valueonly)' main | sed '/^$/d' | sort >"$T/adopted"
same "every adoption is on main exactly once" "$(for r in 0 1 2 3 4 5; do echo "r$r-a"; echo "r$r-b"; done | sort)" "$(cat "$T/adopted")"
for r in 0 1 2 3 4 5; do
	for x in a b; do
		same "outcome ref of r$r-$x is its adoption" "$(git -C "$S" rev-parse "refs/amendments/r$r-$x")" \
			"$(git -C "$S" rev-parse "refs/outcomes/r$r-$x^2")"
	done
done
for r in 0 1 2 3 4 5; do
	contains "r$r-a's words are in the text" <(git -C "$S" show main:sections/workers-power.md) "(illustrative r$r-a)"
	contains "r$r-b's words are in the text" <(git -C "$S" show main:sections/the-revolutionary-party.md) "(illustrative r$r-b)"
done
check "every adoption verifies" sh -c "for c in \$(git -C '$S' rev-list --first-parent main); do git -C '$S' -c gpg.format=ssh -c gpg.ssh.allowedSignersFile='$T/allowed' verify-commit \$c || exit 1; done"
check "fsck" git -C "$S" fsck --strict --no-dangling

# The same amendment adopted by two processes at once: exactly one adoption.
check "propose twice-1" C propose workers-power --id twice-1 --title "Twice (illustrative amendment)" \
	--insert "(illustrative twice-1)" --before "Workers create society’s wealth"
together C adopt twice-1 --convention c-2001 --date 2001-01-02 -- C adopt twice-1 --convention c-2001 --date 2001-01-02
same "one of them adopted it" "1" "$( (cat "$T/rc.1"; cat "$T/rc.2") | grep -c '^0$')"
contains "the other says so" <(cat "$T/err.1" "$T/err.2") "twice-1 was already adopted"
same "adopted once" "1" "$(git -C "$S" log --first-parent --format='%(trailers:key=Amendment,valueonly)' main | grep -c '^twice-1$')"

# Adopt and reject of the same amendment at once: one outcome, consistent.
for round in 1 2 3; do
	id="race-$round"
	check "propose $id" C propose workers-power --id "$id" --title "Race $round (illustrative amendment)" \
		--insert "(illustrative $id)" --before "${anchors_wp[$round]}"
	together C adopt "$id" --convention c-2001 --date 2001-01-03 -- C reject "$id" --convention c-2001 --date 2001-01-03
	ok=$( (cat "$T/rc.1"; cat "$T/rc.2") | grep -c '^0$')
	[ "$ok" -eq 1 ] || echo "race: $(cat "$T/rc.1" "$T/err.1" "$T/rc.2" "$T/err.2")" >&2
	same "$id: exactly one of adopt and reject succeeded" "1" "$ok"
	on_main=$(git -C "$S" log --first-parent --format='%(trailers:key=Amendment,valueonly)' main | grep -c "^$id\$")
	outcome=$(git -C "$S" log -1 --format='%(trailers:key=Outcome,valueonly)' "refs/outcomes/$id" | tr -d '\n')
	if [ "$(cat "$T/rc.1")" -eq 0 ]; then
		same "$id adopted: on main, outcome ref is the adoption" "1 " "$on_main $outcome"
	else
		same "$id rejected: not on main, outcome rejected" "0 rejected" "$on_main $outcome"
	fi
done

# Two proposals racing for the next number get different numbers.
together C propose workers-power --title "Next A (illustrative amendment)" --insert "(illustrative next A)" \
	--after "${anchors_wp[4]}" -- C propose workers-power --title "Next B (illustrative amendment)" \
	--insert "(illustrative next B)" --after "${anchors_wp[5]}"
same "both proposed" "0 0" "$(cat "$T/rc.1") $(cat "$T/rc.2")"
n1=$(sed -n 's/^Proposed amendment \([0-9]*\):.*/\1/p' "$T/out.1")
n2=$(sed -n 's/^Proposed amendment \([0-9]*\):.*/\1/p' "$T/out.2")
if [ -n "$n1" ] && [ -n "$n2" ] && [ "$n1" != "$n2" ]; then pass; else fail "numbers '$n1' and '$n2'"; fi
check "fsck at the end" git -C "$S" fsck --strict --no-dangling

finish
