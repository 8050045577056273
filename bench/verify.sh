#!/usr/bin/env bash
# bench/verify.sh [BUILD_DIR] [N]: charter verify on N (default 10,000) signed
# adoptions, against git log --show-signature on the same commits.
#
# The chain is written by bench/make_chain (the library's own signing: each
# adoption a signed merge of a proposal, as charter adopt records it, in one
# pack). Figures printed:
#   - cold full verify of the whole chain (no verification cache; the
#     files are in the OS page cache), best and median of 5;
#   - incremental verify after one new adoption (cache in place), median of 5;
#   - git log --first-parent --show-signature on a sample of SAMPLE (200)
#     commits, extrapolated to N, and the speedup.
# Not a test: the numbers depend on the machine and on what else runs.
set -euo pipefail
SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$SRC/build-bench}
N=${2:-10000}
SAMPLE=${SAMPLE:-200}
RUNS=5

if [ ! -x "$BUILD/charter" ] || [ ! -x "$BUILD/bench/make_chain" ]; then
	echo "building charter and make_chain (Release) in $BUILD ..."
	cmake -S "$SRC" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
	cmake --build "$BUILD" -j2 --target charter_cli make_chain >/dev/null
fi
CHARTER="$BUILD/charter"
W=$(mktemp -d "${TMPDIR:-/tmp}/charter-bench.XXXXXX")
trap 'rm -rf "$W"' EXIT
export HOME="$W/home" GIT_CONFIG_NOSYSTEM=1 TZ=UTC NO_COLOR=1
unset CHARTER_STORE CHARTER_SIGNING_KEY
mkdir -p "$HOME"
git config --global user.name "Bench Secretary"
git config --global user.email "secretary@example.org"
ssh-keygen -q -t ed25519 -N '' -C bench -f "$W/key" </dev/null
S="$W/store"

now_ns() { date +%s%N; }
ms() { python3 -c "print(f'{($2 - $1) / 1e6:.1f}')"; }
median() { tr ' ' '\n' | sort -n | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}'; }
best() { tr ' ' '\n' | sort -n | head -1; }

"$CHARTER" init "$S" --bare --from "$SRC/statements" --adopted-on 1977-06-01 --key "$W/key" >/dev/null
t0=$(now_ns)
"$BUILD/bench/make_chain" "$S" "$W/key" "$N" >/dev/null
t1=$(now_ns)
echo "store: $((N + 1)) commits on main ($N signed adoptions + the founding text), written in $(ms "$t0" "$t1") ms"
echo "machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"

# Cold full verify: no cache.
cold=""
cpu=""
for _ in $(seq $RUNS); do
	rm -rf "$S/charter"
	read -r wall used < <(python3 -c '
import resource, subprocess, sys, time
t = time.perf_counter()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
wall = (time.perf_counter() - t) * 1000
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"{wall:.1f} {(r.ru_utime + r.ru_stime) * 1000:.0f}")' "$CHARTER" --store "$S" verify)
	cold="$cold $wall"
	cpu="$cpu $used"
done
cold_best=$(echo $cold | best)
cold_median=$(echo $cold | median)
cpu_median=$(echo $cpu | median)

# Incremental: one new adoption on a verified chain.
incr=""
for _ in $(seq $RUNS); do
	"$CHARTER" --store "$S" verify >/dev/null
	"$BUILD/bench/make_chain" "$S" "$W/key" 1 >/dev/null
	# Timed inside one process, as the cold runs: a shell's $(date) on
	# either side would add two forks to a figure of a few tens of ms.
	incr="$incr $(python3 -c '
import subprocess, sys, time
t = time.perf_counter()
subprocess.run(sys.argv[2:], stdout=open(sys.argv[1], "w"), check=True)
print(f"{(time.perf_counter() - t) * 1000:.1f}")' "$W/incr.out" "$CHARTER" --store "$S" verify)"
done
grep -q "(1 checked now" "$W/incr.out" || { echo "incremental verify checked more than the new adoption:"; cat "$W/incr.out"; }
incr_median=$(echo $incr | median)

# git log --show-signature on a sample, extrapolated.
git -C "$S" show main:.charter/allowed_signers >"$W/allowed"
t0=$(now_ns)
git -C "$S" -c gpg.format=ssh -c gpg.ssh.allowedSignersFile="$W/allowed" \
	log --first-parent -n "$SAMPLE" --show-signature main >"$W/git.out" 2>&1
t1=$(now_ns)
good=$(grep -c '^Good "git" signature' "$W/git.out" || true)
git_ms=$(ms "$t0" "$t1")
git_full=$(python3 -c "print(f'{$git_ms * ($N + 1) / $SAMPLE:.0f}')")
speedup=$(python3 -c "print(f'{$git_full / $cold_median:.0f}')")

verdict() { python3 -c "print('ok' if $1 <= $2 else 'MISSED')"; }
echo
echo "charter verify, cold, $((N + 1)) commits:   best $cold_best ms, median $cold_median ms (runs:$cold)   target <= 1000 ms: $(verdict "$cold_median" 1000)"
echo "  CPU time (user+sys, all threads) of a cold verify: median $cpu_median ms; on $(nproc) idle CPUs the wall time would approach $((cpu_median / $(nproc))) ms"
echo "charter verify, one new adoption:   median $incr_median ms (runs:$incr)   target <= 25 ms: $(verdict "$incr_median" 25)"
echo "git log --show-signature, $SAMPLE commits: $git_ms ms ($good good signatures); extrapolated to $((N + 1)): $git_full ms"
echo "speedup over git (extrapolated / charter cold median): ${speedup}x   target >= 100x: $(verdict 100 "$speedup")"
