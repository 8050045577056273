#!/usr/bin/env bash
# The library and the charter users get contain no test hook: neither the
# crash hook's variable (CHARTER_TEST_CRASH_AT) nor its function
# (amend_crash_point) is in libcharter.so or charter, whatever the build
# type, because only the tests' instrumented charter is compiled with
# CHARTER_TEST_HOOKS. That binary has both, so this test would see them.
. "$(dirname "$0")/../lib.sh"
: "${CHARTER_LIBRARY:?set CHARTER_LIBRARY to libcharter.so}" "${CHARTER_HOOKED:?set CHARTER_HOOKED}"

# has_hook FILE: the variable's name among its strings, or the function among its symbols.
has_hook() {
	grep -qa CHARTER_TEST_CRASH_AT "$1" || nm -a "$1" 2>/dev/null | grep -q amend_crash_point ||
		nm -D "$1" 2>/dev/null | grep -q amend_crash_point
}
for f in "$CHARTER_LIBRARY" "$CHARTER"; do
	if has_hook "$f"; then fail "$(basename "$f") contains the crash hook"; else pass; fi
done
# The check itself sees a hook where there is one.
if has_hook "$CHARTER_HOOKED"; then pass; else fail "the instrumented charter shows no hook: the check is blind"; fi
finish
