#!/usr/bin/env bash
# Bad input to propose, adopt, reject, withdraw, convention close and the
# listing commands: one "charter: ..." line, exit 1 (2 for usage), and the
# store exactly as it was (refs, objects, files).
. "$(dirname "$0")/../lib.sh"

make_key stranger
secretary_store "$T/store" --adopted-on 2000-01-01
check "a pending amendment" C propose workers-power --id pending-1 --title "Pending (illustrative amendment)" \
	--insert "(illustrative amendment)" --after "We actively support"
check "an adopted amendment" C propose workers-power --id adopted-1 --title "Adopted (illustrative amendment)" \
	--strike "Capitalism must be replaced." --insert "Capitalism must be replaced (illustrative amendment)."
check "adopt it" C adopt adopted-1 --convention 2001-convention --date 2001-05-01
check "a rejected amendment" C propose the-revolutionary-party --id rejected-1 --title "Rejected (illustrative amendment)" \
	--insert "(illustrative amendment)" --after "We aim to build"
check "reject it" C reject rejected-1 --convention 2001-convention --date 2001-05-02
check "a withdrawn amendment" C propose the-revolutionary-party --id withdrawn-1 --title "Withdrawn (illustrative amendment)" \
	--insert "(illustrative amendment)" --before "We aim to build"
check "withdraw it" C withdraw withdrawn-1 --date 2001-05-02

# bad CODE PATTERN ARGS...: refused, one line, nothing written.
bad() {
	local code=$1 pattern=$2; shift 2
	local before after
	before=$(store_state "$S/.git")
	refuse "$*" "$code" "$pattern" C "$@"
	after=$(store_state "$S/.git")
	if [ "$before" == "$after" ]; then pass; else fail "$*: the store changed"; fi
}

printf '\xff\xfe bad bytes (illustrative)\n' >"$T/bad-utf8.md"
printf 'a NUL\0 byte (illustrative)\n' >"$T/nul.md"
printf '# Workers’ Power\n\n' >"$T/empty.md"
printf '' >"$T/zero.md"
printf '# Workers Power Renamed\n\nText (illustrative amendment).\n' >"$T/retitled.md"
git -C "$S" show main:sections/workers-power.md >"$T/same.md"

# --- propose ---
bad 1 "no section 'no-such-section'" propose no-such-section --title "T (illustrative)" --strike "x"
bad 1 "invalid section name" propose Bad/Section --title "T (illustrative)" --strike "x"
bad 1 "'to paralyse the system' does not occur in section 'workers-power'" \
	propose workers-power --title "T (illustrative)" --strike "to paralyse the system"
bad 1 "the phrase 'workers' occurs [0-9]+ times in section 'workers-power'" \
	propose workers-power --title "T (illustrative)" --insert "x" --after "workers"
nbsp=$'\xc2\xa0' # the text has no-break spaces around its dashes
bad 1 "the text has 'power${nbsp}—${nbsp}by use', which differs only in spacing" \
	propose workers-power --title "T (illustrative)" --strike "power -- by use"
bad 1 "changes nothing" propose workers-power --title "T (illustrative)" --strike "Capitalism must" --insert "Capitalism must"
bad 1 "changes nothing" propose workers-power --title "T (illustrative)" --substitute "$T/same.md"
bad 1 "would leave section 'workers-power' empty" propose workers-power --title "T (illustrative)" --substitute "$T/empty.md"
bad 1 "would leave section 'workers-power' empty" propose workers-power --title "T (illustrative)" --file "$T/zero.md"
bad 1 "differs from the section's title line" propose workers-power --title "T (illustrative)" --file "$T/retitled.md"
bad 1 "invalid UTF-8" propose workers-power --title "T (illustrative)" --substitute "$T/bad-utf8.md"
bad 1 "NUL byte" propose workers-power --title "T (illustrative)" --substitute "$T/nul.md"
bad 1 "invalid UTF-8" propose workers-power --title "T (illustrative)" --strike $'\xff\xfe'
bad 1 "invalid UTF-8" propose workers-power --title "T (illustrative)" --insert $'\xc3' --after "We actively support"
bad 1 "invalid UTF-8" propose workers-power --title $'T \xff (illustrative)' --strike "Capitalism must be replaced."
bad 1 "invalid UTF-8" propose workers-power --title "T (illustrative)" --rationale $'why \xff' --strike "Capitalism must be replaced."
bad 1 "invalid UTF-8" propose workers-power --title "T (illustrative)" --by $'Na\xffme <a@example.org>' --strike "Capitalism must be replaced."
bad 1 "one line" propose workers-power --title $'two\nlines (illustrative)' --strike "Capitalism must be replaced."
bad 1 "not an identity" propose workers-power --title "T (illustrative)" --seconded-by "nobody" --strike "Capitalism must be replaced."
bad 1 "hide the record's trailers" propose workers-power --title "T (illustrative)" --rationale $'a\n--- b' --strike "Capitalism must be replaced."
bad 1 "amendment id 'pending-1' is already used" propose workers-power --id pending-1 --title "T (illustrative)" --strike "Capitalism must be replaced."
bad 1 "invalid amendment id 'Bad Id'" propose workers-power --id "Bad Id" --title "T (illustrative)" --strike "Capitalism must be replaced."
bad 1 "invalid amendment id" propose workers-power --id "../x" --title "T (illustrative)" --strike "Capitalism must be replaced."
bad 1 "would read as a date" propose workers-power --id 2001-01-01 --title "T (illustrative)" --strike "Capitalism must be replaced."
bad 1 "No such file" propose workers-power --title "T (illustrative)" --substitute "$T/nowhere.md"
bad 1 "not a usable key|no such file|cannot read" propose workers-power --title "T (illustrative)" --key "$T/nowhere-key" --strike "Capitalism must be replaced."
# A whole document: invalid folders, removing the last section.
rm -rf "$T/doc" && cp -r "$STATEMENTS" "$T/doc"
printf '# Workers’ Power\n\nBad \xff byte (illustrative).\n' >"$T/doc/sections/workers-power.md"
bad 1 "sections/workers-power.md: invalid UTF-8" propose --file "$T/doc" --title "T (illustrative)"
rm -rf "$T/doc" && cp -r "$STATEMENTS" "$T/doc" && rm "$T/doc/sections/"*.md && sed -i '/^[0-9]*\. \[/d' "$T/doc/README.md"
bad 1 "would remove the last section" propose --file "$T/doc" --title "T (illustrative)"
rm -rf "$T/doc" && mkdir "$T/doc" && git -C "$S" archive main README.md sections | tar -x -C "$T/doc"
bad 1 "changes nothing" propose --file "$T/doc" --title "T (illustrative)"
# Usage errors.
bad 2 "--title is required" propose workers-power --strike "Capitalism must be replaced."
bad 2 "give one form" propose workers-power --title "T (illustrative)"
bad 2 "give one form" propose workers-power --title "T (illustrative)" --strike "a" --substitute "$T/same.md"
bad 2 "--insert needs --after" propose workers-power --title "T (illustrative)" --insert "x"
bad 2 "--after and --before go with --insert" propose workers-power --title "T (illustrative)" --strike "a" --after "b"
bad 2 "which section" propose --title "T (illustrative)" --strike "a"
bad 2 "unknown option" propose workers-power --title "T (illustrative)" --strik "a"

# --- adopt ---
bad 1 "no amendment 'nope'" adopt nope --convention c --date 2002-01-01
bad 1 "amendment adopted-1 was already adopted \(2001-convention, 2001-05-01\)" adopt adopted-1 --convention c --date 2002-01-01
bad 1 "amendment rejected-1 was already rejected \(2001-convention, 2001-05-02\)" adopt rejected-1 --convention c --date 2002-01-01
bad 1 "amendment withdrawn-1 was already withdrawn" adopt withdrawn-1 --convention c --date 2002-01-01
bad 1 "'2002-13-01' is not a calendar date" adopt pending-1 --convention c --date 2002-13-01
bad 1 "'yesterday' is not a date" adopt pending-1 --convention c --date yesterday
bad 1 "before 1970-01-01" adopt pending-1 --convention c --date 1965-06-01
bad 1 "earlier than the latest adoption on main \(2001-05-01\)" adopt pending-1 --convention c --date 2001-04-30
bad 1 "'12-3' is not a vote" adopt pending-1 --convention c --date 2002-01-01 --vote 12-3
bad 1 "'a-b-c' is not a vote" adopt pending-1 --convention c --date 2002-01-01 --vote a-b-c
bad 1 "'1-2-3-4' is not a vote" adopt pending-1 --convention c --date 2002-01-01 --vote 1-2-3-4
bad 1 "the convention name: must be one line" adopt pending-1 --convention "$(printf 'Two\nLines')" --date 2002-01-01
bad 1 "the convention name is empty" adopt pending-1 --convention "" --date 2002-01-01
bad 1 "longer than 200 bytes" adopt pending-1 --convention "$(printf 'x%.0s' $(seq 201))" --date 2002-01-01
bad 1 "has no letter or digit" adopt pending-1 --convention "---" --date 2002-01-01
bad 1 "is not in main's .charter/allowed_signers: only the officers listed there may sign adoptions" \
	adopt pending-1 --convention c --date 2002-01-01 --key "$T/keys/stranger"
bad 1 "invalid UTF-8" adopt pending-1 --convention c --date 2002-01-01 --as-amended "$T/bad-utf8.md"
bad 1 "would leave section 'workers-power' empty" adopt pending-1 --convention c --date 2002-01-01 --as-amended "$T/empty.md"
bad 1 "invalid amendment id" adopt "Bad Id" --convention c --date 2002-01-01
bad 2 "--convention NAME is required" adopt pending-1 --date 2002-01-01
bad 2 "--date YYYY-MM-DD is required" adopt pending-1 --convention c
bad 2 "usage" adopt --convention c --date 2002-01-01

# --- reject, withdraw ---
bad 1 "amendment adopted-1 was already adopted" reject adopted-1 --convention c --date 2002-01-01
bad 1 "amendment rejected-1 was already rejected" reject rejected-1 --convention c --date 2002-01-01
bad 1 "amendment withdrawn-1 was already withdrawn" withdraw withdrawn-1
bad 1 "amendment rejected-1 was already rejected" withdraw rejected-1
bad 1 "no amendment 'nope'" reject pending-1 nope --convention c --date 2002-01-01
bad 1 "not a vote" reject pending-1 --convention c --date 2002-01-01 --vote 1--2
bad 1 "not a date" reject pending-1 --convention c --date 2002-1-1
bad 1 "not in main's .charter/allowed_signers" reject pending-1 --convention c --date 2002-01-01 --key "$T/keys/stranger"
bad 1 "not in main's .charter/allowed_signers" reject pending-1 --convention c --date 2002-01-01 --key "$T/keys/stranger" \
	--format json
same "a failed reject --format json still prints valid JSON" "[]" "$(cat "$T/out")"
bad 1 "or the proposer with the key that signed the proposal" withdraw pending-1 --key "$T/keys/stranger"
bad 2 "--convention NAME is required" reject pending-1 --date 2002-01-01
bad 2 "given twice" reject pending-1 pending-1 --convention c --date 2002-01-01

# --- convention close ---
check "close a convention" C convention close 2001-convention --date 2001-05-03
bad 1 "the 2001-convention is already closed" convention close 2001-convention --date 2001-05-04
bad 1 "the convention name: must be one line" convention close "$(printf 'Not\tA Name')" --date 2001-05-04
bad 1 "earlier than the latest adoption" convention close 2000-convention --date 2000-12-31
bad 1 "not a date" convention close x-convention --date tomorrow
bad 1 "not in main's .charter/allowed_signers" convention close y-convention --date 2002-01-01 --key "$T/keys/stranger"
bad 2 "unknown subcommand" convention open 2002-convention --date 2002-01-01
bad 2 "--date YYYY-MM-DD is required" convention close z-convention

# --- listing ---
bad 2 "unknown status" amendments --status done
bad 2 "unknown format" amendments --format xml
bad 1 "no amendment 'nope'" amendment nope
bad 2 "unknown format" amendment pending-1 --format latex

# The state after all that: as it was.
check "amendments" C amendments --format json
cp "$T/out" "$T/final.json"
check "states unchanged" python3 -c "
import json; d = {a['id']: a['state'] for a in json.load(open('$T/final.json'))}
assert d == {'pending-1': 'pending', 'adopted-1': 'adopted', 'rejected-1': 'rejected', 'withdrawn-1': 'withdrawn'}, d"
check "fsck" git -C "$S" fsck --strict --no-dangling

finish
