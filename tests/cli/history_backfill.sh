#!/usr/bin/env bash
# charter record: three versions backfilled from an "archive". Between them
# a paragraph moves to a new section and a section is renamed; history and
# blame follow the paragraphs by their content. The archive versions here
# are edited copies of statements/ and say in their own text that they are
# illustrative: they are not the organization's real history.
. "$(dirname "$0")/../lib.sh"

make_key archivist
export CHARTER_SIGNING_KEY="$T/keys/archivist"
S="$T/store"
C() { "$CHARTER" --store "$S" "$@"; }

# Version 1 (1977): statements/ as it is.
check "init: version 1" "$CHARTER" init "$S" --from "$STATEMENTS" --adopted-on 1977-06-01 --convention founding \
	--source "statements/ (illustrative first version)"

# Version 2 (1983): the imperialism paragraph moves from workers-power to a
# new section "internationalism", with two words changed on the way; one
# word changes in socialism-not-capitalism.
V2="$T/v2"
cp -r "$STATEMENTS" "$V2"
imperialism=$(grep '^Socialists oppose imperialism' "$V2/sections/workers-power.md")
grep -v '^Socialists oppose imperialism' "$V2/sections/workers-power.md" | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' >"$T/wp"
mv "$T/wp" "$V2/sections/workers-power.md"
{
	printf '# Internationalism\n\n'
	printf '%s\n' "$imperialism" | sed 's/We oppose all immigration controls/We oppose all immigration controls (illustrative 1983 wording)/'
} >"$V2/sections/internationalism.md"
sed -i 's/^4\. \[The Revolutionary Party\](sections\/the-revolutionary-party.md)$/4. [Internationalism](sections\/internationalism.md)\n5. [The Revolutionary Party](sections\/the-revolutionary-party.md)/' "$V2/README.md"
sed -i 's/products of the capitalist system/products of the capitalist system (illustrative 1983 edit)/' "$V2/sections/socialism-not-capitalism.md"
check "record version 2" C record "$V2" --adopted-on 1983-06-01 --convention 1983-convention \
	--source "Illustrative archive copy, 1983"
contains "record says what it did (no doubled word)" "$T/out" "Recorded $V2 as adopted by the 1983-convention on 1983-06-01"
v2=$(git -C "$S" rev-parse main)

# Version 3 (1991): the-revolutionary-party renamed "the-party", one word of
# the moved paragraph changed again.
V3="$T/v3"
cp -r "$V2" "$V3"
git -C "$S" show main:sections/the-revolutionary-party.md | sed 's/^# The Revolutionary Party$/# The Party/' >"$V3/sections/the-party.md"
rm "$V3/sections/the-revolutionary-party.md"
sed -i 's/^5\. .*$/5. [The Party](sections\/the-party.md)/' "$V3/README.md"
sed -i 's/We are for self-determination for Puerto Rico/We are for self-determination for Puerto Rico (illustrative 1991 wording)/' "$V3/sections/internationalism.md"
check "record version 3" C record "$V3" --adopted-on 1991-06-01 --convention 1991-convention
v3=$(git -C "$S" rev-parse main)

# --- the records as git sees them ---
same "three commits, one line" "3" "$(git -C "$S" rev-list --count --first-parent main)"
same "each record's only parent is the previous main" "$v2" "$(git -C "$S" rev-parse "$v3^")"
same "a record is not a merge" "1" "$(git -C "$S" cat-file -p "$v3" | grep -c '^parent ')"
same "record trailers" "1983-convention|1983-06-01|Illustrative archive copy, 1983|archive" \
	"$(git -C "$S" log -1 --format='%(trailers:key=Convention,valueonly)|%(trailers:key=Adopted-on,valueonly)|%(trailers:key=Source,valueonly)|%(trailers:key=Recorded-from,valueonly)' "$v2" | tr -d '\n' | sed 's/|$//')"
same "author date is the adoption date at noon" "1991-06-01T12:00:00+00:00" "$(git -C "$S" log -1 --format=%aI main)"
git -C "$S" show main:.charter/allowed_signers >"$T/allowed"
check "records are signed (git verify-commit)" git -C "$S" -c gpg.format=ssh -c gpg.ssh.allowedSignersFile="$T/allowed" verify-commit "$v2"
check "git fsck" git -C "$S" fsck --strict --no-dangling
check "work tree follows main" test -f "$S/sections/the-party.md" -a ! -e "$S/sections/the-revolutionary-party.md"
same "work tree clean" "" "$(git -C "$S" status --porcelain)"
check "record message lists the sections" git -C "$S" log -1 --format=%B "$v3"
contains "record message: renamed section is new" "$T/out" "the-party: new section"
contains "record message: old section gone" "$T/out" "the-revolutionary-party: no longer a section"

# --- log ---
check "log json" C log --format json
cp "$T/out" "$T/log.json"
check "log: records with their convention, date and source" python3 - "$T/log.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert [(e["kind"], e["convention"], e["date"], e["amendment"]) for e in d] == [
    ("record", "1991-convention", "1991-06-01", None), ("record", "1983-convention", "1983-06-01", None),
    ("founding", "founding", "1977-06-01", None)], d
assert d[1]["source"] == "Illustrative archive copy, 1983"
assert sorted(d[1]["sections"]) == ["internationalism", "socialism-not-capitalism", "workers-power"], d[1]["sections"]
PY

# --- blame follows the moved paragraph ---
C show internationalism >"$T/intl.md"
check "blame internationalism" C blame internationalism --format json
cp "$T/out" "$T/blame.json"
check "blame: moved words keep 1977, changed words get their version" python3 - "$T/blame.json" "$T/intl.md" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); text = open(sys.argv[2], encoding="utf-8").read()
assert "".join(s["text"] for s in d) == text
def who(word):
    pos = text.index(word); at = 0
    for s in d:
        if at <= pos < at + len(s["text"]):
            return s["date"]
        at += len(s["text"])
assert who("Socialists oppose imperialism") == "1977-06-01"
assert who("bureaucratic ruling class") == "1977-06-01"
assert who("illustrative 1983 wording") == "1983-06-01"
assert who("illustrative 1991 wording") == "1991-06-01"
assert who("# Internationalism") == "1983-06-01"
PY
check "blame the renamed section" C blame the-party --format json
cp "$T/out" "$T/json"
check "blame: a renamed section keeps its words' dates (its title too: no word of it is new)" python3 -c "
import json; d = json.load(open('$T/json'))
assert {s['date'] for s in d} == {'1977-06-01'}, d
assert ''.join(s['text'] for s in d).startswith('# The Party\n\nTo achieve socialism'), d"
check "blame --at version 2 (a convention)" C blame workers-power --at 1983-convention --format json
cp "$T/out" "$T/json"
check "blame --at: the paragraph has left workers-power" python3 -c "
import json; d = json.load(open('$T/json'))
t = ''.join(s['text'] for s in d)
assert 'Socialists oppose imperialism' not in t and {s['date'] for s in d} == {'1977-06-01'}, d"

# --- history follows it too ---
check "history internationalism" C history internationalism --format json
cp "$T/out" "$T/hist.json"
check "history: changes in place, the move, and the founding text where it stood" python3 - "$T/hist.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert [(e["date"], e["section"]) for e in d] == [("1991-06-01", "internationalism"), ("1983-06-01", "internationalism"),
                                                   ("1977-06-01", "workers-power")], [(e["date"], e["section"]) for e in d]
ops83 = d[1]["operations"]
moves = [o for o in ops83 if o["kind"] == "move"]
assert moves and moves[0]["from_section"] == "workers-power" and moves[0]["section"] == "internationalism", ops83
assert any(o["kind"] == "insert" and "illustrative 1983 wording" in o["text"] for o in moves[0]["ops"]), moves[0]
# the 1983 entry is about this section: nothing of socialism-not-capitalism
assert not any("illustrative 1983 edit" in o["text"] for o in ops83), ops83
# the founding entry: the paragraph as it was adopted, in workers-power
ops77 = d[2]["operations"]
assert all(o["kind"] == "insert" for o in ops77) and "Socialists oppose imperialism" in "".join(o["text"] for o in ops77), ops77
assert not any("Workers create society" in o["text"] for o in ops77), ops77
PY
check "history text names where it stood" C history internationalism
contains "history text: founding entry in workers-power" "$T/out" "(in section workers-power, before the paragraph moved to internationalism)"
contains "history text: the move" "$T/out" "moved from workers-power"
check "history of the renamed section" C history the-party --format json
cp "$T/out" "$T/json"
check "history the-party: the rename (one renamed section, not moves), then the founding text" python3 -c "
import json; d = json.load(open('$T/json'))
assert [(e['date'], e['section']) for e in d] == [('1991-06-01', 'the-party'), ('1977-06-01', 'the-revolutionary-party')], d
ops = d[0]['operations']
assert ops and all(o.get('renamed_from') == 'the-revolutionary-party' for o in ops), d[0]
assert not any(o['kind'] == 'move' for o in ops), d[0]"
check "history of workers-power: the move out" C history workers-power --format json
cp "$T/out" "$T/json"
check "history workers-power: 1983 and the founding text" python3 -c "
import json; d = json.load(open('$T/json'))
assert [e['date'] for e in d] == ['1983-06-01', '1977-06-01'], d"
check "log of a section follows too" C log internationalism --format json
cp "$T/out" "$T/json"
same "log internationalism: three adoptions" 3 "$(python3 -c "import json; print(len(json.load(open('$T/json'))))")"
check "history of a section that no longer exists" C history the-revolutionary-party --format json
check "diff across versions shows the move" C diff 1977-06-01 1983-06-01 --format json
cp "$T/out" "$T/json"
check "diff: the paragraph moved between sections" python3 -c "
import json; d = json.load(open('$T/json'))
assert any(o['kind'] == 'move' and o['from_section'] == 'workers-power' and o['section'] == 'internationalism' for o in d), d"

# --- refused, store unchanged ---
before=$(store_state "$S/.git")
refuse "record a date before main's" 1 "before main's latest adoption \\(1991-06-01\\)" C record "$V2" --adopted-on 1990-01-01 --convention 1990-convention
V4="$T/v4"
cp -r "$V3" "$V4"
printf 'An illustrative paragraph with invalid UTF-8: \xff\xfe.\n' >>"$V4/sections/the-party.md"
refuse "record invalid UTF-8" 1 "sections/the-party.md.*UTF-8" C record "$V4" --adopted-on 1995-01-01 --convention 1995-convention
refuse "record the same text again" 1 "nothing to record" C record "$V3" --adopted-on 1995-01-01 --convention 1995-convention
refuse "record a bad convention name" 1 "convention name" C record "$V4" --adopted-on 1995-01-01 --convention "$(printf 'Bad\nName')"
refuse "record a bad date" 1 "date" C record "$V3" --adopted-on 1995-02-30 --convention 1995-convention
refuse "record a missing folder" 1 "." C record "$T/nowhere" --adopted-on 1995-01-01 --convention 1995-convention
refuse "record without --adopted-on" 2 "adopted-on" C record "$V3" --convention 1995-convention
refuse "record without --convention" 2 "convention" C record "$V3" --adopted-on 1995-01-01
V5="$T/v5"
cp -r "$V3" "$V5"
sed -i 's/the most militant workers/the most militant workers (illustrative 1995 edit)/' "$V5/sections/the-party.md"
make_key stranger
refuse "record signed by a key not allowed" 1 "not in main's .charter/allowed_signers" C record "$V5" --adopted-on 1995-01-01 --convention 1995-convention --key "$T/keys/stranger"
echo "local edit" >>"$S/sections/the-party.md"
refuse "record over local edits in the work tree" 1 "local edits" C record "$V5" --adopted-on 1995-01-01 --convention 1995-convention
git -C "$S" checkout -q -- sections/the-party.md
same "nothing written by refused records" "$before" "$(store_state "$S/.git")"
check "record into an empty store is refused" sh -c "git init -q -b main '$T/empty' && ! '$CHARTER' --store '$T/empty' record '$V5' --adopted-on 1995-01-01 --convention x 2>'$T/err2'"
contains "empty store: use init" "$T/err2" "charter init"
check "record a fourth version on the same date as main" C record "$V5" --adopted-on 1991-06-01 --convention 1991-convention

finish
