#!/usr/bin/env bash
# Set up, build and run every test: once in a normal build, once under
# AddressSanitizer and UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
jobs=$(nproc 2>/dev/null || echo 2)
for variant in plain sanitize; do
	dir=build/test-$variant
	flag=OFF
	[ $variant = sanitize ] && flag=ON
	echo "== $variant build"
	cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCHARTER_SANITIZE=$flag -DCHARTER_WERROR=ON >/dev/null
	cmake --build "$dir" -j"$jobs"
	echo "== $variant tests"
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		ctest --test-dir "$dir" --output-on-failure -j"$jobs"
done
