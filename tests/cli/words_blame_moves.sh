#!/usr/bin/env bash
# Blame and the redline pair blocks in one order: a section's own
# paragraphs in place first, then moves among what is left, then joins and
# splits. Two versions of the shipped text, each illustrative (the moves and
# the sentence added say so), that both moved a paragraph to another
# section while its words went elsewhere too:
#  1. a sentence moved out of a paragraph, the paragraph moved to another
#     section (a sentence added) and joined onto the paragraph there;
#  2. a paragraph split in two, a paragraph of another section moved in
#     between its halves;
#  3. the same with a new paragraph between the halves instead: no split
#     then (a split's parts are consecutive), in the redline and in blame.
# For each, the words blame credits to the version are the words its
# redline (history) inserts, and the words it kept keep the founding text's
# commit.
. "$(dirname "$0")/../lib.sh"

make_key archivist
export CHARTER_SIGNING_KEY="$T/keys/archivist"

# make.py CASE SRC DST: version 1 of case CASE from the shipped text.
cat >"$T/make.py" <<'PY'
import os, shutil, sys
case, src, dst = sys.argv[1], sys.argv[2], sys.argv[3]
shutil.copytree(src, dst)
d = os.path.join(dst, "sections")
def read(slug):
    return open(os.path.join(d, slug + ".md"), encoding="utf-8").read().split("\n\n")
def write(slug, blocks):
    open(os.path.join(d, slug + ".md"), "w", encoding="utf-8").write("\n\n".join(b.strip("\n") for b in blocks) + "\n")
power, party, equality = read("workers-power"), read("the-revolutionary-party"), read("full-equality-and-liberation")
moved = power.pop(1)
sentence = "The working class is the vast majority of society and is the key to the fight for socialism."
first = "To achieve socialism, the most militant workers must be organized into a revolutionary socialist party."
if case == "1":
    assert sentence in moved
    moved = moved.replace(" " + sentence, "")
    party[1] = party[1].strip("\n") + " " + sentence
    equality[1] = moved + " This illustrative sentence was added when the paragraph moved. " + equality[1]
else:
    assert party[1].startswith(first + " ")
    if case == "3":
        power.insert(1, moved)
        moved = "This illustrative paragraph is new, written between the halves of a paragraph split in two."
    party[1:2] = [first, moved, party[1][len(first) + 1:]]
write("workers-power", power)
write("the-revolutionary-party", party)
write("full-equality-and-liberation", equality)
PY

for case in 1 2 3; do
	S="$T/store$case"
	C() { "$CHARTER" --store "$S" "$@"; }
	check "case $case: init" "$CHARTER" init "$S" --from "$STATEMENTS" --adopted-on 1977-06-01 --convention founding
	founding=$(git -C "$S" rev-parse main)
	python3 "$T/make.py" "$case" "$STATEMENTS" "$T/v$case" || fail "case $case: make the version"
	check "case $case: record" C record "$T/v$case" --adopted-on 1978-06-01 --convention c1
	commit=$(git -C "$S" rev-parse main)
	if [ "$case" = 1 ]; then
		slug=full-equality-and-liberation kept="Capitalism divides the working class"
	elif [ "$case" = 2 ]; then
		slug=the-revolutionary-party kept="To achieve socialism, the most militant workers"
	else
		slug=the-revolutionary-party kept=""
	fi
	for f in "$T/v$case"/sections/*.md; do
		s=$(basename "$f" .md)
		C history "$s" --format json >"$T/h.json" 2>"$T/err" || { fail "case $case: history $s: $(cat "$T/err")"; continue; }
		C blame "$s" --format json >"$T/b.json" 2>"$T/err" || { fail "case $case: blame $s: $(cat "$T/err")"; continue; }
		k=$kept
		[ "$s" = "$slug" ] || k=""
		check "case $case, $s: blame credits what the redline inserts" python3 "$CHARTER_SOURCE_DIR/tests/blame_check.py" "$T/h.json" "$T/b.json" \
			"$commit" "$s" "$founding" "$k"
	done
	# The redline itself: in place first, then the move, then the split.
	check "case $case: history $slug" C history "$slug"
	cp "$T/out" "$T/hist$case"
	if [ "$case" = 1 ]; then
		contains "case 1: the paragraph there is edited in place, the moved words inserted" "$T/hist$case" \
			"{+Workers create society’s wealth"
		contains "case 1: its own words kept" "$T/hist$case" "moved. +}Capitalism divides the working class"
	elif [ "$case" = 2 ]; then
		contains "case 2: the split keeps the first half" "$T/hist$case" \
			"organized into a revolutionary socialist party.[- -]{+¶+}"
		contains "case 2: the paragraph between moved in" "$T/hist$case" "[moved from workers-power to the-revolutionary-party] Workers create"
	else
		contains "case 3: the first half is a new paragraph" "$T/hist$case" \
			"{+To achieve socialism, the most militant workers must be organized into a revolutionary socialist party.+}"
	fi
done

finish
