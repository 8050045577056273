#!/usr/bin/env bash
# log, history, diff, blame and record on bad input: one line on stderr,
# "charter: ...", exit 1 (the operation failed) or 2 (usage), and the store
# unchanged.
. "$(dirname "$0")/../lib.sh"

make_key secretary
export CHARTER_SIGNING_KEY="$T/keys/secretary"
S="$T/store"
C() { "$CHARTER" --store "$S" "$@"; }

check "init" "$CHARTER" init "$S" --from "$STATEMENTS" --adopted-on 1977-06-01 --convention founding
check "propose" C propose workers-power --id a1 --title "Halt (illustrative amendment)" \
	--strike "to paralyze the system" --insert "to halt the system (illustrative amendment)"
check "adopt" C adopt a1 --convention 1983-convention --date 1983-05-01
# Fill the index first, so that the refusals below must leave it as it is.
check "blame, to fill the index" C blame workers-power
before=$(store_state "$S/.git"; sha256sum <"$S/.git/charter/index-v1")

# unknown or malformed sections
refuse "log of an unknown section" 1 "no section 'nosuch'" C log nosuch
refuse "history of an unknown section" 1 "no section 'nosuch'" C history nosuch
refuse "blame of an unknown section" 1 "no section 'nosuch'" C blame nosuch
refuse "diff of an unknown section" 1 "no section 'nosuch'" C diff 1977-06-01 2000-01-01 nosuch
refuse "history of a malformed slug" 1 "slug|section" C history "../workers-power"
refuse "blame of a malformed slug" 1 "slug|section" C blame "Workers Power"
refuse "log of an uppercase slug" 1 "slug|section" C log WORKERS

# unknown WHEN
refuse "diff from an unknown WHEN" 1 "'nosuch-when' is not a date, convention" C diff nosuch-when
refuse "diff to an unknown WHEN" 1 "'zzzz' is not a date, convention" C diff 1977-06-01 zzzz workers-power
refuse "diff from an impossible date" 1 "date" C diff 1983-02-30
refuse "diff from before the founding text" 1 "no text was in force on 1970-01-01" C diff 1970-01-01
refuse "blame --at an unknown WHEN" 1 "is not a date, convention" C blame workers-power --at nosuch
refuse "blame --at before the founding text" 1 "no text was in force" C blame workers-power --at 1976-12-31
refuse "history --since an unknown WHEN" 1 "is not a date, convention" C history workers-power --since nosuch
refuse "show --at an unknown WHEN" 1 "is not a date, convention" C show workers-power --at nosuch
refuse "blame --at a proposal (not on main's first-parent line)" 1 "not an adoption on main" \
	C blame workers-power --at "$(git -C "$S" rev-parse refs/amendments/a1)"
refuse "WHEN with invalid UTF-8" 1 "UTF-8" C blame workers-power --at "$(printf 'bad\xff')"

# formats and usage
refuse "history --format latex" 2 "unknown format 'latex'" C history workers-power --format latex
refuse "blame --format markdown" 2 "unknown format 'markdown'" C blame workers-power --format markdown
refuse "log --format html" 2 "unknown format 'html'" C log --format html
refuse "diff --format man" 2 "unknown format 'man'" C diff 1977-06-01 --format man
refuse "history without a section" 2 "usage: charter history" C history
refuse "blame without a section" 2 "usage: charter blame" C blame
refuse "diff without a WHEN" 2 "usage: charter diff" C diff
refuse "diff with four arguments" 2 "usage: charter diff" C diff a b c d
refuse "log with two sections" 2 "usage: charter log" C log a b
refuse "history: unknown option" 2 "unknown option '--frobnicate'" C history workers-power --frobnicate
refuse "record without a folder" 2 "usage: charter record" C record --adopted-on 1990-01-01 --convention x

# not a store, no text yet
refuse "log outside a store" 1 "not a charter store" "$CHARTER" --store "$T/nowhere" log
git init -q -b main "$T/empty"
refuse "log of a store with no text" 1 "no adopted text" "$CHARTER" --store "$T/empty" log
refuse "blame in a store with no text" 1 "no adopted text" "$CHARTER" --store "$T/empty" blame workers-power

same "store and index unchanged by all of the above" "$before" "$(store_state "$S/.git"; sha256sum <"$S/.git/charter/index-v1")"

finish
