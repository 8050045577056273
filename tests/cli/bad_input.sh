#!/usr/bin/env bash
# Bad input never crashes and never writes: one line "charter: ...", a
# non-zero exit, and nothing left behind.
. "$(dirname "$0")/../lib.sh"

make_key officer
KEY="$T/keys/officer"

# A copy of statements/ to break in one way per case.
broken() {
	rm -rf "$T/st"
	cp -r "$STATEMENTS" "$T/st"
}

# init_refused DESCRIPTION PATTERN: init from $T/st must fail and leave no store.
init_refused() {
	refuse "$1" 1 "$2" "$CHARTER" init "$T/new" --from "$T/st" --key "$KEY"
	if [ -e "$T/new" ]; then fail "$1: left $T/new behind"; rm -rf "$T/new"; else pass; fi
}

broken; mv "$T/st/sections/workers-power.md" "$T/st/sections/Workers Power.md"
init_refused "file name with a space and uppercase" "invalid section name 'Workers Power'"
broken; sed -i 's|sections/workers-power.md|sections/../workers-power.md|' "$T/st/README.md"
init_refused "link with .." "invalid section name"
broken; cp "$T/st/sections/workers-power.md" "$T/st/sections/.git.md"
init_refused "a .git section file" "invalid section name '.git'"
broken; sed -i 's|sections/workers-power.md|sections/Workers.md|' "$T/st/README.md"
init_refused "uppercase slug in README" "invalid section name 'Workers'"
broken; rm "$T/st/sections/workers-power.md"
init_refused "listed section missing" "README.md lists section 'workers-power' but sections/workers-power.md is missing"
broken; printf '# Extra\n\nText.\n' >"$T/st/sections/extra.md"
init_refused "section present but not listed" "sections/extra.md is not listed in README.md"
broken; printf '# Workers’ Power\n\nBad \xff\xfe byte.\n' >"$T/st/sections/workers-power.md"
init_refused "invalid UTF-8" "sections/workers-power.md: invalid UTF-8 \(line 3\)"
broken; printf '# Workers’ Power\n\nA NUL\0 byte.\n' >"$T/st/sections/workers-power.md"
init_refused "NUL byte" "sections/workers-power.md: contains a NUL byte"
broken; printf '# Workers’ Power\n\nA lone\rcarriage return.\n' >"$T/st/sections/workers-power.md"
init_refused "lone CR" "carriage return"
broken; printf '# Workers’ Power\n\n' >"$T/st/sections/workers-power.md"
init_refused "empty section" "has no text"
broken; sed -i '1s/.*/# Workers Power/' "$T/st/sections/workers-power.md"
init_refused "title differs from README" "differs from README.md"
broken; sed -i '1d' "$T/st/README.md"
init_refused "README without a title" "first line must be '# Title'"
broken; printf '\nA closing line.\n' >>"$T/st/README.md"
init_refused "README not ending with the list" "must end with the ordered list of sections"
broken; head -c 9000000 /dev/zero | tr '\0' 'a' >"$T/st/sections/workers-power.md"
init_refused "huge file" "too large"
rm -rf "$T/st"; mkdir -p "$T/st"
init_refused "empty statements folder" "no README.md"
refuse "missing statements folder" 1 "no README.md" "$CHARTER" init "$T/new" --from "$T/nowhere" --key "$KEY"

# CRLF input is normalised to LF (documented), not refused.
broken; sed -i 's/$/\r/' "$T/st/sections/workers-power.md" "$T/st/README.md"
check "CRLF statements are accepted" "$CHARTER" init "$T/crlf" --from "$T/st" --key "$KEY"
if git -C "$T/crlf" show main:sections/workers-power.md | grep -q $'\r'; then fail "CR kept in the store"; else pass; fi
same "CRLF text equals the LF text" "$(cat "$STATEMENTS/sections/workers-power.md")" "$(git -C "$T/crlf" show main:sections/workers-power.md)"

# Targets that are not free.
check "a first store" "$CHARTER" init "$T/store" --from "$STATEMENTS" --key "$KEY"
before=$(store_state "$T/store/.git")
refuse "init over an existing store" 1 "already a git repository" "$CHARTER" init "$T/store" --from "$STATEMENTS" --key "$KEY"
same "existing store untouched" "$before" "$(store_state "$T/store/.git")"
mkdir -p "$T/full" && echo keep >"$T/full/notes.txt"
refuse "init into a non-empty folder" 1 "exists and is not empty" "$CHARTER" init "$T/full" --from "$STATEMENTS" --key "$KEY"
same "non-empty folder untouched" "notes.txt" "$(ls "$T/full")"
mkdir -p "$T/empty"
check "init into an empty folder" "$CHARTER" init "$T/empty" --from "$STATEMENTS" --key "$KEY"
# A failure after the repository was made (signing with a key whose
# passphrase nobody can type) leaves an empty folder exactly as it was.
make_key locked -N secret
mkdir -m 0750 "$T/kept"
refuse "signing fails after the repository was made" 1 "could not sign" \
	setsid -w "$CHARTER" init "$T/kept" --from "$STATEMENTS" --key "$T/keys/locked"
same "the empty folder is left empty" "" "$(ls -A "$T/kept")"
same "the empty folder keeps its mode" "750" "$(stat -c %a "$T/kept")"

# Keys.
refuse "missing key" 1 "nowhere" "$CHARTER" init "$T/new" --from "$STATEMENTS" --key "$T/keys/nowhere"
[ -e "$T/new" ] && fail "missing key left a store" || pass
echo "not a key" >"$T/keys/garbage"
refuse "malformed key" 1 "garbage" "$CHARTER" init "$T/new" --from "$STATEMENTS" --key "$T/keys/garbage"
[ -e "$T/new" ] && fail "malformed key left a store" || pass
refuse "a directory as key" 1 "keys" "$CHARTER" init "$T/new" --from "$STATEMENTS" --key "$T/keys"
refuse "no key configured" 1 "no signing key" "$CHARTER" init "$T/new" --from "$STATEMENTS"

# --source becomes a trailer: a second line would forge others.
refuse "a --source of two lines" 1 "--source: must be one line" "$CHARTER" init "$T/new" --from "$STATEMENTS" --key "$KEY" \
	--source "$(printf 'archive\nAmendment: forged')"
same "nothing written for it" "" "$(ls -A "$T/new" 2>/dev/null)"

# Dates.
refuse "date before 1970" 1 "before 1970-01-01" "$CHARTER" init "$T/new" --from "$STATEMENTS" --key "$KEY" --adopted-on 1969-12-31
refuse "not a calendar date" 1 "not a calendar date" "$CHARTER" init "$T/new" --from "$STATEMENTS" --key "$KEY" --adopted-on 1977-02-30
refuse "not a date" 1 "not a date" "$CHARTER" init "$T/new" --from "$STATEMENTS" --key "$KEY" --adopted-on yesterday
[ -e "$T/new" ] && fail "a bad date left a store" || pass

# Names and identities.
refuse "bad convention name" 1 "the convention name: must be one line" "$CHARTER" init "$T/new" --from "$STATEMENTS" --key "$KEY" --convention "$(printf 'Founding\nConvention')"
refuse "bad identity" 1 "not an identity" "$CHARTER" init "$T/new" --from "$STATEMENTS" --key "$KEY" --by "nobody"
mkdir -p "$T/home2"
git config --file "$T/home2/.gitconfig" user.name "$(printf 'Test\nTagger: forged')"
git config --file "$T/home2/.gitconfig" user.email "secretary@example.org"
refuse "a line break in git config user.name" 1 "git config user.name cannot hold control characters" \
	env HOME="$T/home2" "$CHARTER" init "$T/new" --from "$STATEMENTS" --key "$KEY"
[ -e "$T/new" ] && fail "a bad identity left a store" || pass

# Reading.
S="$T/store"
before=$(store_state "$S/.git")
refuse "unknown section" 1 "no section 'nope'" "$CHARTER" --store "$S" show nope
refuse "hostile section name" 1 "invalid section name" "$CHARTER" --store "$S" show ../../etc/passwd
refuse "unknown WHEN" 1 "not a date, convention, adopted amendment, commit or revision" "$CHARTER" --store "$S" show workers-power --at nonsense
refuse "WHEN before the founding" 1 "no text was in force on 1970-01-01" "$CHARTER" --store "$S" export --at 1970-01-01
refuse "WHEN not a calendar date" 1 "not a calendar date" "$CHARTER" --store "$S" export --at 2020-02-31
refuse "WHEN a commit not on main" 1 "not a date, convention|not part of the adopted history" "$CHARTER" --store "$S" export --at deadbeef
refuse "invalid UTF-8 WHEN" 1 "invalid UTF-8" "$CHARTER" --store "$S" export --at $'\xff\xfe'
refuse "not a store" 1 "not a charter store" "$CHARTER" --store "$T/nowhere" sections
refuse "unknown format" 2 "unknown format" "$CHARTER" --store "$S" export --format pdf
refuse "line numbers with json" 2 "line-numbers" "$CHARTER" --store "$S" export --format json --line-numbers
refuse "unknown option" 2 "unknown option" "$CHARTER" --store "$S" export --frobnicate
refuse "unknown command" 2 "unknown command" "$CHARTER" frobnicate
refuse "missing argument" 2 "usage" "$CHARTER" --store "$S" show
"$CHARTER" >"$T/out" 2>"$T/err"
same "no command: exit 1, as git" 1 $?
contains "no command: the command list" "$T/out" "  propose "
refuse "--store without a value" 2 "--store needs a value" "$CHARTER" --store
refuse "a line break in an argument stays on one line" 2 "unknown option" "$CHARTER" --store "$S" export $'--fro\nbnicate'
refuse "a line break in a file name stays on one line" 1 "No such file" "$CHARTER" --store "$S" export -o "$T/no/such"$'\n'"dir/out.md"

# Every command that charter --help lists has its own --help.
check "charter --help" "$CHARTER" --help
commands=$(sed -n 's/^  \([a-z]*\) .*/\1/p' "$T/out")
[ "$(echo "$commands" | wc -l)" -ge 23 ] && pass || fail "charter --help lists the commands: $commands"
for c in $commands; do
	check "$c --help" "$CHARTER" $c --help
	contains "$c --help shows usage" "$T/out" "usage: charter $c"
done
refuse "export to an unwritable place" 1 "No such file" "$CHARTER" --store "$S" export -o "$T/no/such/dir/out.md"
check "amendments when there are none" "$CHARTER" --store "$S" amendments
check "amendments --format json when there are none" "$CHARTER" --store "$S" amendments --format json
same "an empty list" "[]" "$(cat "$T/out")"
same "reading never writes" "$before" "$(store_state "$S/.git")"

finish
