#!/usr/bin/env bash
# The man pages and the shell completion generated at build time from the
# tool's tables: every page renders with man -l (no warnings) and says what
# --help says; the bash completion completes a command, an option, an
# option's value, a section slug and an amendment id from the store.
. "$(dirname "$0")/../lib.sh"
: "${CHARTER_BUILD_DIR:?set CHARTER_BUILD_DIR}"
D="$CHARTER_BUILD_DIR/doc"

commands=$("$CHARTER" --generate commands)
same "the generated command list is charter help's" \
	"$("$CHARTER" help | sed -n 's/^  \([a-z]*\) .*/\1/p' | tr '\n' ' ')" "$(echo $commands) "
pages="$D/man1/charter.1 $D/man3/libcharter.3"
for c in $commands; do pages="$pages $D/man1/charter-$c.1"; done
if command -v man >/dev/null; then
	for p in $pages; do
		if [ ! -s "$p" ]; then fail "missing man page $p"; continue; fi
		MANWIDTH=80 man --warnings -l "$p" >"$T/man" 2>"$T/manerr"
		if [ -s "$T/man" ] && [ ! -s "$T/manerr" ]; then pass; else fail "man -l $p: $(head -c 300 "$T/manerr")"; fi
	done
	MANWIDTH=200 man -l "$D/man1/charter-propose.1" >"$T/man" 2>&1
	contains "charter-propose(1) lists --title" "$T/man" "--title T"
	contains "charter-propose(1) has the option's help" "$T/man" "the amendment's title"
	"$CHARTER" propose --help >"$T/help"
	contains "... which --help also says" "$T/help" "the amendment's title"
	MANWIDTH=200 man -l "$D/man1/charter.1" >"$T/man" 2>&1
	contains "charter(1) lists the commands" "$T/man" "charter amendments"
	contains "charter(1) describes WHEN" "$T/man" "main~2"
	MANWIDTH=200 man -l "$D/man3/libcharter.3" 2>&1 | tr -s ' ' >"$T/man"
	contains "libcharter(3) has the functions" "$T/man" "int charter_store_open(charter_store **out, const char *path);"
	contains "libcharter(3) has the header's words" "$T/man" "Every function that can fail returns int"
else
	echo "man is not installed: page rendering not checked" >&2
	for p in $pages; do [ -s "$p" ] && pass || fail "missing man page $p"; done
fi

# Completion: bash, from the same tables.
secretary_store "$T/store" --adopted-on 1977-06-01 >/dev/null
check "an amendment to complete" C propose workers-power --id seven --title "Illustrative" \
	--strike "to paralyze the system" --insert "to halt the system (illustrative)"
comp="$D/completion/charter"
bindir=$(dirname "$CHARTER")
complete_words() { # complete_words WORD... : the completions of the last word
	PATH="$bindir:$PATH" bash -c 'source "$0"; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _charter; printf "%s\n" "${COMPREPLY[@]}"' "$comp" "$@" | sort | tr '\n' ' '
}
same "a command" "propose " "$(complete_words charter prop)"
same "commands by prefix" "amendment amendments " "$(complete_words charter amendm)"
same "an option" "--title " "$(complete_words charter propose --tit)"
same "an option of diff" "--format " "$(complete_words charter diff --form)"
same "--format values of show" "html json markdown text " "$(complete_words charter show --format '')"
same "a section slug from the store" "workers-power " "$(complete_words charter --store "$S" show work)"
same "a section slug via CHARTER_STORE" "workers-power " "$(CHARTER_STORE=$S complete_words charter history work)"
same "an amendment id from the store" "seven " "$(complete_words charter --store "$S" amendment se)"
same "help completes commands" "history " "$(complete_words charter help hist)"
same "global options" "--no-pager " "$(complete_words charter --no-p)"
[ -s "$D/completion/_charter" ] && head -1 "$D/completion/_charter" | grep -q '^#compdef charter' && pass || fail "zsh completion"
finish
