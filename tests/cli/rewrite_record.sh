#!/usr/bin/env bash
# `record` says what happened: sections added, removed and renamed,
# paragraphs moved, words changed, and a warning when a version drops a
# section; the renamed section in diff, history and blame. The versions
# recorded here are illustrative rewrites of the shipped text and say so.
. "$(dirname "$0")/../lib.sh"

secretary_store "$T/store" --adopted-on 1977-06-01

# Version 2: "socialism-not-capitalism" renamed "socialism" (same text),
# the internationalism paragraph moved out of workers-power into a new
# section, one word changed.
V2="$T/v2"
cp -r "$STATEMENTS" "$V2"
sed '1s/.*/# Socialism/' "$STATEMENTS/sections/socialism-not-capitalism.md" >"$V2/sections/socialism.md"
rm "$V2/sections/socialism-not-capitalism.md"
grep '^Socialists oppose imperialism' "$STATEMENTS/sections/workers-power.md" >"$T/para"
{ printf '# Internationalism\n\n'; cat "$T/para"; } >"$V2/sections/internationalism.md"
grep -v '^Socialists oppose imperialism' "$STATEMENTS/sections/workers-power.md" | cat -s >"$V2/sections/workers-power.md"
sed -i 's/Capitalism must be replaced/Capitalism must be abolished (illustrative 1983 wording)/' "$V2/sections/workers-power.md"
sed -i 's|\[Socialism, Not Capitalism\](sections/socialism-not-capitalism.md)|[Socialism](sections/socialism.md)|' "$V2/README.md"
n=$(grep -c '^[0-9]*\. \[' "$V2/README.md")
echo "$((n + 1)). [Internationalism](sections/internationalism.md)" >>"$V2/README.md"

check "record version 2" C record "$V2" --adopted-on 1983-06-01 --convention 1983-convention
cp "$T/out" "$T/rec2"
contains "the record line" "$T/rec2" "Recorded $V2 as adopted by the 1983-convention on 1983-06-01: commit"
contains "sections added and renamed" "$T/rec2" "  sections: 1 added (internationalism); 1 renamed (socialism-not-capitalism → socialism)"
contains "the paragraph moved" "$T/rec2" "  paragraphs: 1 moved"
contains "words changed" "$T/rec2" "  words: "
if grep -q "removed\|drops" "$T/rec2" "$T/err"; then fail "nothing was dropped: $(cat "$T/rec2" "$T/err")"; else pass; fi
same "nothing on stderr" "" "$(cat "$T/err")"

# --- the renamed section in diff, history and blame ---
check "diff" C diff 1977-06-01 1983-06-01
contains "diff: one renamed section" "$T/out" "[renamed from socialism-not-capitalism]"
contains "diff: its title changed in place" "$T/out" "# Socialism[-, Not Capitalism-]"
if grep -q "moved from socialism-not-capitalism" "$T/out"; then fail "diff shows the renamed section's paragraphs as moves"; else pass; fi
check "diff json" C diff 1977-06-01 1983-06-01 --format json
contains "diff json: renamed_from" "$T/out" '"section":"socialism","block":0,"renamed_from":"socialism-not-capitalism"'
check "diff html" C diff 1977-06-01 1983-06-01 --format html
contains "diff html: the note" "$T/out" 'data-renamed-from="socialism-not-capitalism"'
check "history of the renamed section" C history socialism
same "history: the rename and the founding text" 2 "$(grep -c '^commit ' "$T/out")"
contains "history: the rename" "$T/out" "[renamed from socialism-not-capitalism]"
check "history json" C history socialism --format json
contains "history json: renamed_from" "$T/out" '"renamed_from":"socialism-not-capitalism"'
check "history of workers-power" C history workers-power
if grep -q "renamed from" "$T/out"; then fail "workers-power was not renamed: $(head -c 400 "$T/out")"; else pass; fi
check "history of the new section" C history internationalism
if grep -q "renamed from" "$T/out"; then fail "internationalism is new, not renamed"; else pass; fi
check "blame of the renamed section" C blame socialism --format json
if grep -q '"date": "1983-06-01"' "$T/out"; then fail "blame credits the renamed section's words to the rename: $(head -c 300 "$T/out")"; else pass; fi

# Version 3: a section dropped (an incomplete archive, illustrative).
V3="$T/v3"
cp -r "$V2" "$V3"
rm "$V3/sections/full-equality-and-liberation.md"
sed -i '/full-equality-and-liberation/d' "$V3/README.md"
check "record version 3" C record "$V3" --adopted-on 1991-06-01 --convention 1991-convention
contains "the section removed" "$T/out" "  sections: 1 removed (full-equality-and-liberation)"
contains "the words struck" "$T/out" "inserted, "
same "one warning on stderr" 1 "$(wc -l <"$T/err")"
contains "the warning" "$T/err" "charter: warning: this version drops section 'full-equality-and-liberation'"

# Version 4, JSON: the section back, another word changed.
V4="$T/v4"
cp -r "$V2" "$V4"
sed -i 's/abolished (illustrative 1983 wording)/abolished (illustrative 1995 wording)/' "$V4/sections/workers-power.md"
check "record version 4 --format json" C record "$V4" --adopted-on 1995-06-01 --convention 1995-convention --format json
cp "$T/out" "$T/rec4.json"
check "record json" python3 - "$T/rec4.json" "$(git -C "$S" rev-parse main)" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["commit"] == sys.argv[2], d
s = d["summary"]
assert s["sections_added"] == ["full-equality-and-liberation"], s
assert s["sections_removed"] == [] and s["sections_renamed"] == [] and s["sections_dropped"] == [], s
assert s["paragraphs_moved"] == 0 and s["words_inserted"] >= 1 and s["words_deleted"] == 1, s
assert s["paragraphs_joined"] == 0 and s["paragraphs_split"] == 0, s
PY

# Version 5: two paragraphs of workers-power joined into one, another split in two (illustrative).
V5="$T/v5"
cp -r "$V4" "$V5"
python3 - "$V5/sections/workers-power.md" <<'PY'
import sys
p = sys.argv[1]
blocks = open(p, encoding="utf-8").read().rstrip("\n").split("\n\n")
blocks[1:3] = [blocks[1] + " " + blocks[2]]            # a join
first, rest = blocks[-1].split(". ", 1)                 # a split
blocks[-1:] = [first + ".", rest]
open(p, "w", encoding="utf-8").write("\n\n".join(blocks) + "\n")
PY
check "record version 5" C record "$V5" --adopted-on 1997-06-01 --convention 1997-convention
contains "the join and the split" "$T/out" "  paragraphs: 1 join, 1 split"

finish
