#!/usr/bin/env bash
# --format where it fits (show; init, record, signers, convention close as
# JSON), redline context (--context N, --whole) and wording without doubled
# words. The amendments here are illustrative and say so.
. "$(dirname "$0")/../lib.sh"

make_key secretary
export CHARTER_SIGNING_KEY="$T/keys/secretary"
S="$T/store"
check "init --format json" "$CHARTER" init "$S" --from "$STATEMENTS" --adopted-on 1977-06-01 --format json
cp "$T/out" "$T/j"
check "init json fields" python3 - "$T/j" "$S" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["store"] == sys.argv[2] and len(d["commit"]) == 40 and d["bare"] is False, d
assert d["email"] == "secretary@example.org" and d["public_key"].startswith("ssh-ed25519 "), d
PY
same "init json: the root commit" "$(git -C "$S" rev-parse main)" "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["commit"])' "$T/j")"

# show --format
for f in text markdown; do
	check "show --format $f" C show workers-power --format $f
	same "show --format $f is the section's file" "$(git -C "$S" show main:sections/workers-power.md)" "$(cat "$T/out")"
done
check "show --format json" C show workers-power --format json
cp "$T/out" "$T/j"
check "show json fields" python3 - "$T/j" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["slug"] == "workers-power" and d["title"] == "Workers’ Power" and d["markdown"].startswith("# Workers’ Power"), d
assert d["date"] == "1977-06-01" and len(d["commit"]) == 40, d
PY
check "show --format html" C show workers-power --format html
contains "show html: a page" "$T/out" "<!DOCTYPE html>"
contains "show html: the section" "$T/out" '<section id="workers-power">'
contains "show html: its heading" "$T/out" "<h1>Workers’ Power</h1>"
refuse "show --format latex is not offered" 2 "unknown format" C show workers-power --format latex

# Context: a change in the first paragraph of a long section.
check "propose" C propose workers-power --id w1 --title "Halt (illustrative amendment)" \
	--strike "to paralyze the system" --insert "to halt the system (illustrative)"
check "adopt" C adopt w1 --convention 1983-convention --date 1983-05-01
body_paras=$(git -C "$S" show main:sections/workers-power.md | grep -c '^[A-Z]')
check "diff (default context 1)" C diff 1977-06-01 workers-power
contains "the changed paragraph" "$T/out" "[-paralyze-]{+halt+}"
contains "the heading" "$T/out" "# Workers’ Power"
contains "the elided rest" "$T/out" "[…]"
default_lines=$(grep -c . "$T/out")
check "diff --context 0" C diff 1977-06-01 workers-power --context 0
zero_lines=$(grep -c . "$T/out")
check "diff --whole" C diff 1977-06-01 workers-power --whole
whole_lines=$(grep -c . "$T/out")
if grep -qF "[…]" "$T/out"; then fail "--whole left something out"; else pass; fi
[ "$zero_lines" -lt "$default_lines" ] && [ "$default_lines" -lt "$whole_lines" ] && pass ||
	fail "context 0 < 1 < whole: $zero_lines $default_lines $whole_lines"
check "diff --context 99 shows everything" C diff 1977-06-01 workers-power --context 99
same "--context 99 is --whole here" "$whole_lines" "$(grep -c . "$T/out")"
check "diff --format markdown" C diff 1977-06-01 workers-power --format markdown
contains "markdown: the elision is a CriticMarkup comment" "$T/out" "{>>…<<}"
check "diff json" C diff 1977-06-01 workers-power --format json
cp "$T/out" "$T/json1"
check "diff json --whole" C diff 1977-06-01 workers-power --format json --whole
same "JSON is unchanged by --whole" "$(cat "$T/json1")" "$(cat "$T/out")"
check "diff json --context 0" C diff 1977-06-01 workers-power --format json --context 0
same "JSON is unchanged by --context" "$(cat "$T/json1")" "$(cat "$T/out")"
check "amendment (context)" C amendment w1
contains "amendment: the change" "$T/out" "[-paralyze-]{+halt+}"
contains "amendment: elided" "$T/out" "[…]"
check "amendment --whole" C amendment w1 --whole
if grep -qF "[…]" "$T/out"; then fail "amendment --whole left something out"; else pass; fi
# history: the changed paragraphs by default; --context N from the whole section; --whole all of it.
check "history" C history workers-power
hist_default=$(sed -n '/1983-05-01/,/^1977-/p' "$T/out" | grep -c .)
if grep -qF "[…]" "$T/out"; then fail "history by default shows elisions"; else pass; fi
check "history --context 0" C history workers-power --context 0
contains "history --context: the change" "$T/out" "[-paralyze-]{+halt+}"
contains "history --context: the heading" "$T/out" "# Workers’ Power"
contains "history --context: the elided rest" "$T/out" "[…]"
check "history --whole" C history workers-power --whole
hist_whole=$(sed -n '/1983-05-01/,/^1977-/p' "$T/out" | grep -c .)
[ "$hist_whole" -gt "$hist_default" ] && pass || fail "history --whole shows the whole section: $hist_whole > $hist_default"
contains "history --whole: an unchanged paragraph" "$T/out" "We support trade unions"
check "history json --whole" C history workers-power --format json --whole
cp "$T/out" "$T/hj1"
check "history json" C history workers-power --format json
same "history JSON is unchanged by --whole" "$(cat "$T/hj1")" "$(cat "$T/out")"
refuse "--context and --whole" 2 "exclude each other" C diff 1977-06-01 --context 2 --whole
refuse "a bad --context" 2 "--context takes a number" C diff 1977-06-01 --context many

# record and signers --format json; convention close --format json
mkdir -p "$T/v2"
git -C "$S" archive main README.md sections | tar -x -C "$T/v2"
sed -i 's/We support trade unions/We support democratic trade unions (illustrative recorded version)/' "$T/v2/sections/workers-power.md"
check "record --format json" C record "$T/v2" --adopted-on 1985-01-01 --convention 1985-convention \
	--source "an illustrative archive" --format json
cp "$T/out" "$T/j"
check "record json" python3 - "$T/j" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["convention"] == "1985-convention" and d["date"] == "1985-01-01" and d["source"] == "an illustrative archive", d
assert len(d["commit"]) == 40
PY
check "log shows the Source" C log
contains "log: Source" "$T/out" "(Source: an illustrative archive)"
if grep -qE '\b([A-Za-z0-9-]+) \1\b' "$T/out"; then fail "doubled word in log: $(cat "$T/out")"; else pass; fi
if grep -q 'founding text (founding): .*founding text' "$T/out"; then fail "founding text twice in log"; else pass; fi
check "history shows the Source" C history workers-power
contains "history: Source" "$T/out" "Source: an illustrative archive"
make_key officer
check "signers --format json" C signers add officer@example.org "$T/keys/officer.pub" --id s1 \
	--title "Add an officer (illustrative)" --format json
cp "$T/out" "$T/j"
check "signers json" python3 - "$T/j" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["id"] == "s1" and d["change"] == "add" and d["principal"] == "officer@example.org" and d["signed"] is True, d
PY
check "convention close (text)" C convention close 1985-convention --date 1985-01-02
if grep -qE '\b([A-Za-z0-9-]+) \1\b|convention convention' "$T/out"; then fail "doubled word: $(cat "$T/out")"; else pass; fi
finish
