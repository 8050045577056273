#!/usr/bin/env bash
# The pager, decided as git decides it: on a terminal only (a real
# pseudo-terminal from script(1)), $CHARTER_PAGER, git's core.pager, $PAGER,
# else less with LESS=FRX and LV=-c; --no-pager; colour kept; a pager that
# quits early is not an error. In a pipe, never.
. "$(dirname "$0")/../lib.sh"
command -v script >/dev/null || { echo "script(1) missing (bsdutils)"; exit 1; }

secretary_store "$T/store" --adopted-on 1977-06-01
unset PAGER CHARTER_PAGER LESS LV
# tty CMD...: run CMD under a pseudo-terminal; its terminal output in $T/tty, status in $T/rc.
tty() {
	local cmd
	printf -v cmd '%q ' "$@"
	script -qec "$cmd" /dev/null </dev/null >"$T/tty" 2>&1
	echo $? >"$T/rc"
}
mark() { printf '%s' "sed 's/^/$1:/'"; }

export CHARTER_PAGER=$(mark PAGED)
tty "$CHARTER" --store "$S" log
contains "on a terminal: log goes through \$CHARTER_PAGER" "$T/tty" "PAGED:"
same "pager: exit 0" 0 "$(cat "$T/rc")"
C log >"$T/out" 2>&1
if grep -q PAGED: "$T/out"; then fail "a pipe got the pager"; else pass; fi
contains "in a pipe: plain output" "$T/out" "founding"
tty "$CHARTER" --no-pager --store "$S" log
if grep -q PAGED: "$T/tty"; then fail "--no-pager paged"; else pass; fi
tty "$CHARTER" --store "$S" log --no-pager
if grep -q PAGED: "$T/tty"; then fail "log --no-pager paged"; else pass; fi
contains "--no-pager: the output itself" "$T/tty" "founding"
tty "$CHARTER" --store "$S" sections
if grep -q PAGED: "$T/tty"; then fail "sections (short output) paged"; else pass; fi
for c in "show workers-power" "export" "diff 1977-06-01 --full" "history workers-power" "blame workers-power" "amendments"; do
	tty "$CHARTER" --store "$S" $c
	contains "$c pages on a terminal" "$T/tty" "PAGED:"
done
CHARTER_PAGER= tty "$CHARTER" --store "$S" log
if grep -q PAGED: "$T/tty"; then fail "CHARTER_PAGER='' must mean no pager"; else pass; fi
CHARTER_PAGER=cat tty "$CHARTER" --store "$S" log
contains "CHARTER_PAGER=cat: plain output" "$T/tty" "founding"

# The order: $CHARTER_PAGER, core.pager (the store's, then the user's), $PAGER, less.
git -C "$S" config core.pager "$(mark CORE)"
export PAGER=$(mark ENVPAGER)
tty "$CHARTER" --store "$S" log
contains "CHARTER_PAGER wins over core.pager" "$T/tty" "PAGED:"
unset CHARTER_PAGER
tty "$CHARTER" --store "$S" log
contains "core.pager of the store wins over PAGER" "$T/tty" "CORE:"
git -C "$S" config --unset core.pager
git config --global core.pager "$(mark USERCORE)"
tty "$CHARTER" --store "$S" log
contains "the user's core.pager" "$T/tty" "USERCORE:"
git config --global --unset core.pager
tty "$CHARTER" --store "$S" log
contains "then \$PAGER" "$T/tty" "ENVPAGER:"
unset PAGER
mkdir -p "$T/bin"
cat >"$T/bin/less" <<'SH'
#!/bin/sh
echo "LESS-RAN LESS=$LESS LV=$LV"
cat
SH
chmod +x "$T/bin/less"
PATH="$T/bin:$PATH" tty "$CHARTER" --store "$S" log
contains "else less, with LESS=FRX and LV=-c" "$T/tty" "LESS-RAN LESS=FRX LV=-c"
LESS=-S PATH="$T/bin:$PATH" tty "$CHARTER" --store "$S" log
contains "a LESS of the user's is kept" "$T/tty" "LESS-RAN LESS=-S LV=-c"

# Colour goes through the pager (decided by the terminal, not the pipe to the pager).
export CHARTER_PAGER=cat
check "propose for a coloured diff" C propose workers-power --id p1 --title "Illustrative change" \
	--strike "to paralyze the system" --insert "to halt the system (illustrative)"
check "adopt" C adopt p1 --convention 1983-convention --date 1983-05-01
tty env -u NO_COLOR "$CHARTER" --store "$S" diff 1977-06-01
if grep -q $'\033\[' "$T/tty"; then pass; else fail "no colour through the pager: $(head -c 300 "$T/tty")"; fi
tty "$CHARTER" --store "$S" diff 1977-06-01
if grep -q $'\033\[3' "$T/tty"; then fail "NO_COLOR still coloured through the pager"; else pass; fi

# A pager that quits before reading everything: exit 0, no error.
export CHARTER_PAGER='head -c 20'
tty "$CHARTER" --store "$S" export
same "a pager that quits early: exit 0" 0 "$(cat "$T/rc")"
if grep -q 'charter:' "$T/tty"; then fail "a pager that quit early made an error: $(cat "$T/tty")"; else pass; fi
tty "$CHARTER" --store "$S" history workers-power
same "history into a pager that quits early: exit 0" 0 "$(cat "$T/rc")"
# A failing command still says why (through the pager) and keeps its status.
export CHARTER_PAGER=cat
tty "$CHARTER" --store "$S" show no-such-section
same "an error through the pager keeps the exit status" 1 "$(cat "$T/rc")"
contains "an error through the pager is shown" "$T/tty" "charter: "
finish
