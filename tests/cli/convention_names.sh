#!/usr/bin/env bash
# Names people use: conventions named as the organization writes them
# ("1986 Convention"), their tags convention/<slug>, WHEN and `convention
# close` by name (any case) or slug, a clone reading them; amendment ids as
# conventions print them (A1, A1.1, GA-3, 12) with the case clash refused;
# `propose --date`. All amendment texts here are illustrative and say so.
. "$(dirname "$0")/../lib.sh"

secretary_store "$T/store" --adopted-on 1977-03-01 --convention "Founding Convention"
same "the founding commit names the convention as written" "Founding Convention" \
	"$(git -C "$S" log -1 --format='%(trailers:key=Convention,valueonly)' main | head -1)"

# --- ids as conventions print them ---
check "propose A1" C propose workers-power --id A1 --title "Halt (illustrative amendment)" \
	--strike "to paralyze the system" --insert "to bring the system to a halt"
check "propose GA-3" C propose workers-power --id GA-3 --title "After (illustrative amendment)" \
	--insert "(illustrative amendment)" --after "Capitalism must be replaced"
git -C "$S" show-ref --verify -q refs/amendments/A1 && pass || fail "refs/amendments/A1 is missing (case kept)"
git -C "$S" show-ref --verify -q refs/amendments/GA-3 && pass || fail "refs/amendments/GA-3 is missing"
same "the Amendment trailer keeps the case" "A1" \
	"$(git -C "$S" log -1 --format='%(trailers:key=Amendment,valueonly)' refs/amendments/A1 | head -1)"
check "amendment A1 reads" C amendment A1
contains "amendment A1 shows its title" "$T/out" "Halt (illustrative amendment)"

before=$(store_state "$S/.git")
refuse "an id differing only in case" 1 "amendment id 'a1' differs only in case from the existing 'A1'.*case-insensitive" \
	C propose workers-power --id a1 --title "Clash (illustrative amendment)" --strike "to paralyze the system"
refuse "the same id again" 1 "amendment id 'A1' is already used" \
	C propose workers-power --id A1 --title "Again (illustrative amendment)" --strike "to paralyze the system"
refuse "an id that reads as a date" 1 "would read as a date" \
	C propose workers-power --id 1986-06-01 --title "Date (illustrative amendment)" --strike "to paralyze the system"
for bad in "A 1" "A1..2" ".A1" "A1-" "A/1" "A1.lock" "Ä1" "$(printf 'A\n1')"; do
	refuse "id '$bad'" 1 "invalid amendment id|git refs cannot" \
		C propose workers-power --id "$bad" --title "Bad (illustrative amendment)" --strike "to paralyze the system"
done
refuse "an id over 64 bytes" 1 "longer than 64 bytes" \
	C propose workers-power --id "$(printf 'A%.0s' $(seq 65))" --title "Long (illustrative amendment)" --strike "to paralyze the system"
same "refused ids wrote nothing" "$before" "$(store_state "$S/.git")"

# --- propose --date ---
check "propose --date" C propose workers-power --id A1.1 --date 1986-05-30 --title "Backfilled (illustrative amendment)" \
	--insert "(illustrative amendment from the minutes)" --after "independent of the union officials"
same "the author date is the given day at noon" "1986-05-30T12:00:00+00:00" \
	"$(git -C "$S" log -1 --format=%aI refs/amendments/A1.1)"
check "amendments --format json" C amendments --format json
python3 -c "
import json,sys
d = {a['id']: a for a in json.load(open('$T/out'))}
assert 'A1.1' in d and 'GA-3' in d and 'A1' in d, d.keys()
" && pass || fail "amendments --format json lists A1, A1.1, GA-3"
check "amendment A1.1 --format json" C amendment A1.1 --format json
python3 -c "
import json
d = json.load(open('$T/out'))
s = json.dumps(d)
assert '1986-05-30' in s, s[:400]
" && pass || fail "the proposal date is shown as proposed_on"
before=$(store_state "$S/.git")
refuse "propose --date not a date" 1 "date" \
	C propose workers-power --date 1986-13-01 --title "Bad date (illustrative amendment)" --strike "to paralyze the system"
refuse "propose --date in the future" 1 "in the future" \
	C propose workers-power --date 2090-01-01 --title "Future (illustrative amendment)" --strike "to paralyze the system"
refuse "propose --date before 1970" 1 "1970" \
	C propose workers-power --date 1969-12-31 --title "Old (illustrative amendment)" --strike "to paralyze the system"
same "refused dates wrote nothing" "$before" "$(store_state "$S/.git")"

# --- convention names as written ---
check "adopt A1 at the 1986 Convention" C adopt A1 --convention "1986 Convention" --date 1986-06-01 --vote 120-3-1
same "the Convention trailer holds the name as written" "1986 Convention" \
	"$(git -C "$S" log -1 --format='%(trailers:key=Convention,valueonly)' main | head -1)"
check "adopt GA-3 by the slug is the same convention" C adopt GA-3 --convention "1986 Convention" --date 1986-06-02
check "show --at the name in session (no tag yet)" C show workers-power --at "1986 Convention"
contains "the text after the 1986 Convention" "$T/out" "to bring the system to a halt"
check "show --at the name in another case" C show workers-power --at "1986 CONVENTION"
contains "case-insensitive name" "$T/out" "to bring the system to a halt"
check "show --at the slug" C show workers-power --at 1986-convention
contains "the slug" "$T/out" "(illustrative amendment)"
check "close the convention by its slug" C convention close 1986-convention --date 1986-06-03
contains "close names the tag" "$T/out" "convention/1986-convention"
git -C "$S" show-ref --verify -q refs/tags/convention/1986-convention && pass || fail "tag convention/1986-convention missing"
git -C "$S" cat-file tag convention/1986-convention >"$T/tag"
contains "the tag message keeps the name as written" "$T/tag" "Convention: 1986 Convention"
contains "the tag lists the adoptions" "$T/tag" "Amendments adopted: A1, GA-3."
git -C "$S" -c gpg.format=ssh -c gpg.ssh.allowedSignersFile="$T/allowed" verify-tag convention/1986-convention 2>/dev/null \
	&& pass || fail "git verify-tag accepts convention/1986-convention"
refuse "closing it again by its name" 1 "already closed \(tag convention/1986-convention\)" \
	C convention close "1986 convention" --date 1986-06-04
check "diff between conventions by name" C diff "Founding Convention" "1986 Convention" workers-power
contains "diff by names" "$T/out" "halt"
check "log --format json" C log --format json
python3 -c "
import json
d = json.load(open('$T/out'))
assert [e['convention'] for e in d][:2] == ['1986 Convention', '1986 Convention'], d
" && pass || fail "log shows the convention name as written"
check "verify" C verify

# --- a slug-named store keeps working ---
check "adopt with an old slug name" C propose workers-power --id 7 --title "Old style (illustrative amendment)" \
	--insert "(illustrative)" --after "We actively support the struggle"
check "adopt 7 at 2013-convention" C adopt 7 --convention 2013-convention --date 2013-06-01
check "close 2013-convention" C convention close 2013-convention --date 2013-06-02
check "show --at convention/2013-convention" C show workers-power --at convention/2013-convention
contains "slug names" "$T/out" "(illustrative)"

# --- a clone reads the names ---
git clone -q --mirror "$S/.git" "$T/clone.git" 2>/dev/null || git clone -q --bare "$S" "$T/clone.git"
git -C "$T/clone.git" fetch -q origin '+refs/*:refs/*' 2>/dev/null || true
check "a clone shows the text at the 1986 Convention" "$CHARTER" --store "$T/clone.git" show workers-power --at "1986 Convention"
contains "clone by name" "$T/out" "to bring the system to a halt"
check "a clone by the tag" "$CHARTER" --store "$T/clone.git" show workers-power --at convention/1986-convention
check "a clone reads A1.1" "$CHARTER" --store "$T/clone.git" amendment A1.1
contains "clone amendment" "$T/out" "Backfilled (illustrative amendment)"
check "a clone verifies" "$CHARTER" --store "$T/clone.git" verify

finish
