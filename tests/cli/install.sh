#!/usr/bin/env bash
# Embedding an installed charter: `cmake --install` into a temporary prefix,
# then examples/embed.c built against it twice, with pkg-config and with
# CMake's find_package(charter), and the installed tool run from the prefix.
. "$(dirname "$0")/../lib.sh"
: "${CHARTER_BUILD_DIR:?set CHARTER_BUILD_DIR}"

P="$T/prefix"
# A sanitizer build installs an instrumented library: programs linked
# against it need the same flags (the runtime must come first).
san=
grep -q '^CHARTER_SANITIZE:BOOL=ON' "$CHARTER_BUILD_DIR/CMakeCache.txt" 2>/dev/null && san="-fsanitize=address,undefined"
check "cmake --install into a temporary prefix" cmake --install "$CHARTER_BUILD_DIR" --prefix "$P"
libdir=$(dirname "$(find "$P" -name charter.pc | head -1)")/..
[ -f "$libdir/pkgconfig/charter.pc" ] && pass || fail "no charter.pc installed"
[ -f "$libdir/cmake/charter/charterConfig.cmake" ] && pass || fail "no CMake package installed"
[ -f "$P/include/charter.h" ] && pass || fail "no header installed"

secretary_store "$T/store" --adopted-on 1977-06-01 >/dev/null
unset LD_LIBRARY_PATH

# The installed tool starts from its prefix (a relative RPATH), wherever it is moved.
check "installed charter runs" "$P/bin/charter" --store "$S" sections
contains "installed charter lists the sections" "$T/out" "workers-power"
mv "$P" "$T/moved"
check "moved prefix: charter still runs" "$T/moved/bin/charter" --version
mv "$T/moved" "$P"
readelf -d "$P/bin/charter" | grep -E 'RPATH|RUNPATH' >"$T/rpath"
contains "RPATH is relative" "$T/rpath" '$ORIGIN/'

# pkg-config: one line.
export PKG_CONFIG_PATH="$libdir/pkgconfig"
same "pkg-config version is the header's" "$("$P/bin/charter" --version | cut -d' ' -f2)" "$(pkg-config --modversion charter)"
check "cc with pkg-config" sh -c "cc -std=c11 -Wall -Werror $san -o '$T/embed-pc' '$CHARTER_SOURCE_DIR/examples/embed.c' \$(pkg-config --cflags --libs charter) -Wl,-rpath,'$libdir'"
check "embed (pkg-config) runs" "$T/embed-pc" "$S" workers-power
contains "embed (pkg-config) prints the section" "$T/out" "(as adopted on 1977-06-01)"

# CMake: find_package(charter) and charter::charter.
mkdir -p "$T/cm"
cat >"$T/cm/CMakeLists.txt" <<CM
cmake_minimum_required(VERSION 3.18)
project(embed C)
find_package(charter 0.1 REQUIRED)
add_executable(embed "$CHARTER_SOURCE_DIR/examples/embed.c")
target_link_libraries(embed PRIVATE charter::charter)
CM
check "cmake configure with find_package" cmake -S "$T/cm" -B "$T/cm/build" -DCMAKE_PREFIX_PATH="$P" -DCMAKE_BUILD_TYPE=Release \
	-DCMAKE_C_FLAGS="$san" -DCMAKE_EXE_LINKER_FLAGS="$san"
check "cmake build" cmake --build "$T/cm/build"
check "embed (find_package) runs" "$T/cm/build/embed" "$S" workers-power
contains "embed (find_package) prints the section" "$T/out" "(as adopted on 1977-06-01)"
finish
