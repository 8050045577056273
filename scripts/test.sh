#!/usr/bin/env bash
# Set up, build and run every test: once in a normal build, once under
# AddressSanitizer and UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."
# The tests' own checkers besides git and ssh-keygen: a real browser and a real office suite
# (heavy, so only here, never for the main job), pdflatex for the LaTeX booklet, and the
# tools that drive them.
scripts/deps.sh chromium libreoffice-writer-nogui poppler-utils man-db texlive-latex-base texlive-plain-generic
jobs=$(nproc 2>/dev/null || echo 2)
for variant in plain sanitize; do
	dir=build/test-$variant
	flag=OFF
	[ $variant = sanitize ] && flag=ON
	echo "== $variant build"
	cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCHARTER_SANITIZE=$flag -DCHARTER_WERROR=ON >/dev/null
	cmake --build "$dir" -j"$jobs"
	echo "== $variant tests"
	# The external viewers (Chromium, LibreOffice) check charter's files once, in the plain
	# variant; the sanitize variant still writes every file under ASan/UBSan.
	viewers=1
	[ $variant = sanitize ] && viewers=0
	CHARTER_TEST_EXTERNAL_VIEWERS=$viewers \
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		ctest --test-dir "$dir" --output-on-failure -j"$jobs"
done
