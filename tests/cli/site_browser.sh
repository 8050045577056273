#!/usr/bin/env bash
# charter site in a real browser (headless Chromium): every page kind of the
# site, and the single pages export, history, diff, blame and amendment
# write, load with their stylesheet and without console errors, have no
# horizontal overflow 390 px wide (scrollWidth against innerWidth, measured
# in the page), and print to PDF without the navigation. Skipped, saying
# so, when CHARTER_TEST_EXTERNAL_VIEWERS=0 or Chromium is not installed
# (Debian package chromium; scripts/test.sh installs it).
. "$(dirname "$0")/../lib.sh"
. "$CHARTER_SOURCE_DIR/tests/site_store.sh"
if [ "${CHARTER_TEST_EXTERNAL_VIEWERS:-1}" = 0 ]; then
	echo "SKIP: CHARTER_TEST_EXTERNAL_VIEWERS=0: browser checks not run"
	exit 0
fi
BROWSER=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$BROWSER" ]; then
	echo "SKIP: chromium is not installed (Debian package 'chromium'): browser checks not run"
	exit 0
fi
site_store
W="$T/site"
check "site" C site "$W"
mkdir -p "$W/single"
C export --format html >"$W/single/export.html"
C history workers-power --format html >"$W/single/history.html"
C diff founding --format html >"$W/single/diff.html"
C blame workers-power --format html >"$W/single/blame.html"
C amendment 1 --format html >"$W/single/amendment.html"
PAGES="index.html sections/workers-power.html blame/workers-power.html amendments/1.html amendments/index.html
conventions/2013-convention.html conventions/index.html text/founding.html verify.html
single/export.html single/history.html single/diff.html single/blame.html single/amendment.html"

chrome() { # chrome PROFILE ARGS...: one headless run with a profile of its own
	local profile=$1; shift
	timeout 300 "$BROWSER" --headless --no-sandbox --disable-gpu --no-first-run --hide-scrollbars \
		--user-data-dir="$T/profile-$profile" --allow-file-access-from-files "$@"
}

# One run measures every page: each in a 390 px frame of a harness page,
# which writes what it finds into its title.
{
	echo '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>pending</title></head><body>'
	for p in $PAGES; do echo "<iframe src=\"$p\" style=\"width:390px;height:800px\" data-page=\"$p\"></iframe>"; done
	cat <<'JS'
<script>
window.addEventListener("load", function () {
	var out = [];
	document.querySelectorAll("iframe").forEach(function (f) {
		var w = f.contentWindow, d = w.document, sheets = 0;
		for (var i = 0; i < d.styleSheets.length; i++)
			try { sheets += d.styleSheets[i].cssRules.length > 0 ? 1 : 0; } catch (e) {}
		out.push(f.dataset.page + " " + d.documentElement.scrollWidth + " " + w.innerWidth + " " + sheets +
			" " + (d.querySelector("nav") && w.getComputedStyle(d.querySelector("nav")).display));
	});
	document.title = "measured|" + out.join("|");
});
</script></body></html>
JS
} >"$W/harness.html"
chrome measure --enable-logging=stderr --v=0 --window-size=1200,900 --virtual-time-budget=5000 \
	--dump-dom "file://$W/harness.html" >"$T/dom" 2>"$T/console"
title=$(grep -o '<title>measured|[^<]*</title>' "$T/dom" | sed 's/<title>measured|//; s/<\/title>//')
if [ -z "$title" ]; then fail "the harness did not measure: $(head -c 300 "$T/dom")"; fi
n=0
while IFS=' ' read -r page scroll inner sheets nav; do
	[ -n "$page" ] || continue
	n=$((n + 1))
	if [ "$scroll" -le "$inner" ]; then pass; else fail "$page overflows at 390 px: scrollWidth $scroll > innerWidth $inner"; fi
	if [ "$sheets" -ge 1 ]; then pass; else fail "$page: its stylesheet did not load"; fi
done < <(echo "$title" | tr '|' '\n')
same "every page measured" "$(echo $PAGES | wc -w)" "$n"
if grep -E 'CONSOLE|Uncaught|Failed to load resource' "$T/console" | grep -v 'dbus' >"$T/errors"; then
	fail "console errors: $(head -c 600 "$T/errors")"
else
	pass
fi

# Every page kind prints (a few runs at a time: each is a whole browser).
cat >"$T/print.sh" <<EOF
#!/bin/sh
n=\$(echo "\$1" | tr / _)
exec timeout 300 "$BROWSER" --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$T/profile-\$n" \\
	--no-pdf-header-footer --print-to-pdf-no-header --print-to-pdf="$T/pdf-\$n.pdf" "file://$W/\$1" >/dev/null 2>&1
EOF
printf '%s\n' $PAGES | xargs -P 3 -n 1 sh "$T/print.sh"
for p in $PAGES; do
	f="$T/pdf-$(echo "$p" | tr / _).pdf"
	if [ -s "$f" ] && head -c 5 "$f" | grep -q '%PDF-'; then pass; else fail "$p does not print to PDF"; fi
done
# On paper: no navigation, and links say where they lead.
if command -v pdftotext >/dev/null; then
	pdftotext "$T/pdf-amendments_1.html.pdf" "$T/a1.txt"
	if grep -q "Feed of adoptions" "$T/a1.txt"; then fail "the navigation is printed"; else pass; fi
	contains "printed links show their address" "$T/a1.txt" "<../sections/workers-power.html>"
fi
finish
