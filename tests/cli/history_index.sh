#!/usr/bin/env bash
# The history index (<gitdir>/charter/index-v1) is a cache: deleted,
# corrupted, truncated, stale (main moved on), from a rewritten main or from
# another store, it gives the very same answers as no index at all, and
# several processes filling it at once agree. Amendments here are
# illustrative and say so in their text.
. "$(dirname "$0")/../lib.sh"

make_key secretary
export CHARTER_SIGNING_KEY="$T/keys/secretary"
S="$T/store"
IDX="$S/.git/charter/index-v1"
C() { "$CHARTER" --store "$S" "$@"; }

check "init" "$CHARTER" init "$S" --from "$STATEMENTS" --adopted-on 1977-06-01 --convention founding
check "propose" C propose workers-power --id a1 --title "Halt (illustrative amendment)" \
	--strike "to paralyze the system" --insert "to halt the system (illustrative amendment)"
check "adopt" C adopt a1 --convention 1983-convention --date 1983-05-01 --vote 10-1-0
# A recorded version that moves a paragraph into another section.
V="$T/v2"
cp -r "$STATEMENTS" "$V"
git -C "$S" show main:sections/workers-power.md >"$V/sections/workers-power.md"
imperialism=$(grep '^Socialists oppose imperialism' "$V/sections/workers-power.md")
grep -v '^Socialists oppose imperialism' "$V/sections/workers-power.md" | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' >"$T/wp"
mv "$T/wp" "$V/sections/workers-power.md"
printf '\n%s (illustrative move)\n' "$imperialism" >>"$V/sections/full-equality-and-liberation.md"
check "record" C record "$V" --adopted-on 1991-06-01 --convention 1991-convention
check "propose 2" C propose socialism-not-capitalism --id a2 --title "Ecology (illustrative amendment)" \
	--insert "(illustrative amendment)" --after "worldwide environmental destruction"
check "adopt 2" C adopt a2 --convention 2001-convention --date 2001-04-20

SECTIONS="socialism-not-capitalism workers-power full-equality-and-liberation the-revolutionary-party"
# Everything the index serves, in one file.
answers() {
	{
		C log --format json
		for s in $SECTIONS; do
			C log "$s" --format json
			C history "$s" --format json
			C history "$s"
			C blame "$s" --format json
			C blame "$s"
		done
		C history workers-power --since 1983-convention --format json
		C blame full-equality-and-liberation --at 1991-06-01 --format json
		C blame workers-power --at a1 --format json
	} 2>&1
}
# The same questions, sections first and the whole log last: each section
# then resolves only the adoptions it needs (with git's Bloom filters).
answers_lazy() {
	{
		for s in full-equality-and-liberation the-revolutionary-party workers-power socialism-not-capitalism; do
			C blame "$s" --format json
			C history "$s" --format json
			C log "$s" --format json
		done
		C blame workers-power --at a1 --format json
		C log --format json
	} 2>&1
}
# References: no index, and no commit-graph either.
reference() {
	local info="$S/.git/objects/info"
	mkdir -p "$T/graph-aside"
	mv "$info"/commit-graph* "$T/graph-aside/" 2>/dev/null || true
	CHARTER_INDEX=off "$@"
	mv "$T/graph-aside"/* "$info/" 2>/dev/null || true
}
CHARTER_INDEX=off answers >"$T/ref"
same "no index was written with CHARTER_INDEX=off" "absent" "$([ -e "$IDX" ] && echo present || echo absent)"
check "the reference answers are real" grep -q "illustrative move" "$T/ref"

answers >"$T/cold"
check "cold (no index) = no index at all" cmp "$T/ref" "$T/cold"
check "the index was written" test -s "$IDX"
answers >"$T/warm"
check "warm = no index at all" cmp "$T/ref" "$T/warm"
cp "$IDX" "$T/index.good"

rm -f "$IDX"
answers >"$T/out1"
check "deleted index: same answers" cmp "$T/ref" "$T/out1"
check "deleted index: written again, the same" cmp "$T/index.good" "$IDX"

# Garbage bytes in each part of the file, and a truncated file.
size=$(stat -c %s "$IDX")
for off in 20 200 $((size / 2)) $((size - 40)); do
	cp "$T/index.good" "$IDX"
	printf 'GARBAGE\xff\x00GARBAGE' | dd of="$IDX" bs=1 seek="$off" conv=notrunc status=none
	answers >"$T/out2"
	check "corrupted at byte $off: same answers" cmp "$T/ref" "$T/out2"
	check "corrupted at byte $off: rewritten whole" cmp "$T/index.good" "$IDX"
done
head -c $((size / 3)) "$T/index.good" >"$IDX"
answers >"$T/out3"
check "truncated index: same answers" cmp "$T/ref" "$T/out3"
head -c 100000 /dev/urandom >"$IDX"
answers >"$T/out4"
check "random bytes: same answers" cmp "$T/ref" "$T/out4"
: >"$IDX"
answers >"$T/out5"
check "empty file: same answers" cmp "$T/ref" "$T/out5"

# Stale: main moves on after the index was written.
check "propose 3" C propose the-revolutionary-party --id a3 --title "Party (illustrative amendment)" \
	--insert "(illustrative amendment)" --after "We aim to build"
check "adopt 3" C adopt a3 --convention 2005-convention --date 2005-03-03
CHARTER_INDEX=off answers >"$T/ref2"
check "the new adoption is in the answers" grep -q '"a3"' "$T/ref2"
cp "$T/index.good" "$IDX"
answers >"$T/out6"
check "stale index (main moved on): same answers" cmp "$T/ref2" "$T/out6"
answers >"$T/out6b"
check "extended index, warm: same answers" cmp "$T/ref2" "$T/out6b"
# Stale, with only the adoptions known (no section computed yet).
rm -f "$IDX"
C log >/dev/null
cp "$IDX" "$T/index.logonly"
check "propose 4" C propose workers-power --id a4 --title "Four (illustrative amendment)" \
	--insert "(illustrative amendment four)" --after "Capitalism must be replaced."
check "adopt 4" C adopt a4 --convention 2009-convention --date 2009-09-09
CHARTER_INDEX=off answers >"$T/ref3"
cp "$T/index.logonly" "$IDX"
answers >"$T/out7"
check "stale index without sections: same answers" cmp "$T/ref3" "$T/out7"
cp "$IDX" "$T/index.good3"

# git's commit-graph (read for the first-parent line when present): fresh,
# stale (main moved on since), split in a chain, and corrupted.
git -C "$S" commit-graph write --reachable --changed-paths 2>/dev/null
rm -f "$IDX"
answers >"$T/g1"
check "with a commit-graph: same answers" cmp "$T/ref3" "$T/g1"
reference answers_lazy >"$T/lazy.ref"
rm -f "$IDX"
answers_lazy >"$T/g1b"
check "with a commit-graph, sections asked one by one: same answers" cmp "$T/lazy.ref" "$T/g1b"
answers_lazy >"$T/g1c"
check "with a commit-graph, warm: same answers" cmp "$T/lazy.ref" "$T/g1c"
git -C "$S" commit-graph write --reachable 2>/dev/null
rm -f "$IDX"
answers_lazy >"$T/g1d"
check "with a commit-graph without Bloom filters: same answers" cmp "$T/lazy.ref" "$T/g1d"
git -C "$S" commit-graph write --reachable --changed-paths 2>/dev/null
check "propose 5" C propose workers-power --id a5 --title "Five (illustrative amendment)" \
	--insert "(illustrative amendment five)" --after "Capitalism must be replaced"
check "adopt 5" C adopt a5 --convention 2013-convention --date 2013-01-13
reference answers >"$T/ref3"
reference answers_lazy >"$T/lazy.ref"
rm -f "$IDX"
answers >"$T/g2"
check "with a stale commit-graph: same answers" cmp "$T/ref3" "$T/g2"
rm -f "$IDX"
answers_lazy >"$T/g2b"
check "with a stale commit-graph, sections one by one: same answers" cmp "$T/lazy.ref" "$T/g2b"
# an index made through the graph, extended after main moves on
check "propose 6" C propose the-revolutionary-party --id a6 --title "Six (illustrative amendment)" \
	--insert "(illustrative amendment six)" --after "rooted in workplaces"
check "adopt 6" C adopt a6 --convention 2017-convention --date 2017-07-17
reference answers_lazy >"$T/lazy.ref"
answers_lazy >"$T/g2c"
check "index from the graph, extended: same answers" cmp "$T/lazy.ref" "$T/g2c"
reference answers >"$T/ref3"
git -C "$S" commit-graph write --reachable --split=no-merge 2>/dev/null
rm -f "$IDX"
answers >"$T/g3"
check "with a split commit-graph: same answers" cmp "$T/ref3" "$T/g3"
rm -rf "$S/.git/objects/info/commit-graphs"
git -C "$S" commit-graph write --reachable 2>/dev/null
graph="$S/.git/objects/info/commit-graph"
chmod u+w "$graph"
gsize=$(stat -c %s "$graph")
for off in 100 $((gsize / 2)) $((gsize - 60)); do
	cp "$graph" "$T/graph.good"
	printf 'GARBAGE\xff\x00GARBAGE' | dd of="$graph" bs=1 seek="$off" conv=notrunc status=none
	rm -f "$IDX"
	answers >"$T/g4"
	check "commit-graph corrupted at byte $off: same answers" cmp "$T/ref3" "$T/g4"
	cp "$T/graph.good" "$graph"
done
rm -f "$graph"
cp "$IDX" "$T/index.good3"

# main rewritten (moved back): the index is ahead of main.
old_main=$(git -C "$S" rev-parse main)
git -C "$S" update-ref main "$(git -C "$S" rev-parse 'main^')"
CHARTER_INDEX=off answers >"$T/ref4"
answers >"$T/out8"
check "main moved back: same answers" cmp "$T/ref4" "$T/out8"
git -C "$S" update-ref main "$old_main"
answers >"$T/out9"
check "main forward again: same answers" cmp "$T/ref3" "$T/out9"

# The index of another store.
S2="$T/other"
check "another store" "$CHARTER" init "$S2" --from "$STATEMENTS" --adopted-on 1980-01-01 --convention other
"$CHARTER" --store "$S2" blame workers-power >/dev/null 2>&1
cp "$S2/.git/charter/index-v1" "$IDX"
answers >"$T/out10"
check "index of another store: same answers" cmp "$T/ref3" "$T/out10"

# Several processes filling the index at once.
for round in 1 2; do
	rm -f "$IDX"
	pids=()
	for i in 1 2 3 4; do
		answers >"$T/par.$i" &
		pids+=($!)
	done
	for p in "${pids[@]}"; do wait "$p"; done
	for i in 1 2 3 4; do
		check "concurrent run $round.$i: same answers" cmp "$T/ref3" "$T/par.$i"
	done
	answers >"$T/after"
	check "after concurrent writers (round $round): same answers" cmp "$T/ref3" "$T/after"
done
check "no temporary files left" test -z "$(find "$S/.git/charter" -name '*.tmp-*')"

# Read while another process rewrites the index over and over.
( for i in $(seq 1 15); do rm -f "$IDX"; C history workers-power --format json >/dev/null 2>&1; done ) &
writer=$!
for i in $(seq 1 8); do
	C history workers-power --format json >"$T/r.$i" 2>&1
done
wait "$writer"
CHARTER_INDEX=off C history workers-power --format json >"$T/r.ref"
for i in $(seq 1 8); do check "reader during rewrites $i: same answer" cmp "$T/r.ref" "$T/r.$i"; done

finish
