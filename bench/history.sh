#!/usr/bin/env bash
# Benchmark: charter history and blame against git at its best, on one
# synthetic store of 10,000 adoptions (bench/gen_store.py: 10 sections x 40
# paragraphs of 50-90 words; each adoption a merge changing 1-4 words of one
# paragraph; dates from 1977 on; bench/make_store.sh).
#
#   bench/history.sh [--runs N] [--section SLUG] [--adoptions N] [--before REV]
#
# git gets a repacked store with a commit-graph and changed-path Bloom
# filters (`git commit-graph write --reachable --changed-paths`). Compared,
# in one run, each command N times (best time; peak RSS over all runs, from
# /usr/bin/time -v):
#
#   git log --first-parent -p --word-diff main -- sections/X.md  vs  charter history X
#   git blame main -- sections/X.md                              vs  charter blame X
#
# charter warm (its index built) and cold (no index: <gitdir>/charter removed
# before each run). Targets: warm at most half of git's time, cold at most
# 1.5 times, peak RSS at most 64 MB. Exits 1 when a target is missed. Not a
# test: timings depend on the machine (run it on a quiet one; the load
# average is printed, and the CPU time, user + system, beside wall time:
# charter reads objects on all cores, git on one).
#
# --before REV also builds charter as of commit REV (in build-bench/before)
# and measures it the same way on the same store, each of its runs right
# after one of charter now (the machine's speed drifts: measured one after
# the other, the later ones pay for it), and prints each of charter's times
# now against its time then: a change of the text engine must not make
# history or blame slower.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=5
section=section-03
adoptions=10000
while [ $# -gt 0 ]; do
	case $1 in
	--runs) runs=$2; shift 2 ;;
	--section) section=$2; shift 2 ;;
	--adoptions) adoptions=$2; shift 2 ;;
	--before) before=$2; shift 2 ;;
	*) echo "usage: bench/history.sh [--runs N] [--section SLUG] [--adoptions N] [--before REV]" >&2; exit 2 ;;
	esac
done
if [ ! -x /usr/bin/time ]; then
	echo "bench: /usr/bin/time is missing: install the Debian package 'time' (apt-get install time)" >&2
	exit 2
fi

build=build-bench
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j"$(nproc)" --target charter_cli >/dev/null
charter=$PWD/$build/charter
charter_before=
if [ -n "${before:-}" ]; then
	src=$PWD/build-bench/before/src
	rm -rf "$src" && mkdir -p "$src"
	git archive "$before" | tar -x -C "$src"
	cmake -S "$src" -B build-bench/before/build -DCMAKE_BUILD_TYPE=Release >/dev/null
	cmake --build build-bench/before/build -j"$(nproc)" --target charter_cli >/dev/null
	charter_before=$PWD/build-bench/before/build/charter
	echo "== before: charter as of $(git log -1 --format='%h %s' "$before" | cut -c1-70)"
fi

store=$(bench/make_store.sh "$build" "$adoptions")
echo "== store: $(git -C "$store" rev-list --count --first-parent main) adoptions on main, $(du -sh "$store" | cut -f1)"

export CHARTER_STORE=$store
python3 - "$runs" "$store" "$section" "$charter" "$charter_before" <<'PY'
import os, shutil, subprocess, sys, tempfile
sys.path.insert(0, "bench")
from timing import timed
runs, store, section, charter, charter_before = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
path = "sections/%s.md" % section
tmp = tempfile.mkdtemp()

def measure_once(argv):
    return timed(argv)[:3]

def measure(argv, before=None):
    """Best wall time and CPU time over `runs`, peak RSS (KB)."""
    best, cpu, rss = None, None, 0
    for _ in range(runs):
        if before:
            before()
        t, c, r = measure_once(argv)
        rss = max(rss, r)
        best = t if best is None else min(best, t)
        cpu = c if cpu is None else min(cpu, c)
    return best, cpu, rss

def drop_index():
    shutil.rmtree(os.path.join(store, "charter"), ignore_errors=True)

git_log = ["git", "-C", store, "log", "--first-parent", "-p", "--word-diff", "main", "--", path]
git_blame = ["git", "-C", store, "blame", "main", "--", path]
ch_history = [charter, "history", section]
ch_blame = [charter, "blame", section]

rows = []
def row(name, argv, before=None):
    t, cpu, rss = measure(argv, before)
    rows.append((name, t, rss))
    print("%-44s %8.3f s %8.3f s %8.1f MB" % (name, t, cpu, rss / 1024.0), flush=True)
    return t, rss

print("load average: %.2f %.2f %.2f on %d cores" % (os.getloadavg() + (os.cpu_count(),)))
print("%-44s %10s %10s %11s" % ("command (best of %d)" % runs, "time", "CPU", "peak RSS"))
g_log, _ = row("git log --first-parent -p --word-diff", git_log)
g_blame, _ = row("git blame", git_blame)
c_hist, r1 = row("charter history (cold: no index)", ch_history, drop_index)
c_blame, r2 = row("charter blame (cold: no index)", ch_blame, drop_index)
subprocess.run([charter, "history", section], stdout=subprocess.DEVNULL, check=True)
w_hist, r3 = row("charter history (warm)", ch_history)
w_blame, r4 = row("charter blame (warm)", ch_blame)
g_log2, _ = row("git log --first-parent -p --word-diff (again)", git_log)
g_blame2, _ = row("git blame (again)", git_blame)
g_log, g_blame = min(g_log, g_log2), min(g_blame, g_blame2)

print()
ok = True
def ratio(name, a, b, target):
    global ok
    r = a / b
    good = r <= target
    ok = ok and good
    print("%-44s %6.2f  (target <= %.2f) %s" % (name, r, target, "ok" if good else "MISSED"))
ratio("history warm / git log", w_hist, g_log, 0.5)
ratio("blame warm / git blame", w_blame, g_blame, 0.5)
ratio("history cold / git log", c_hist, g_log, 1.5)
ratio("blame cold / git blame", c_blame, g_blame, 1.5)
peak = max(r1, r2, r3, r4) / 1024.0
good = peak <= 64
ok = ok and good
print("%-44s %6.1f MB (target <= 64 MB) %s" % ("charter peak RSS", peak, "ok" if good else "MISSED"))
if charter_before:
    # The same four measures with charter as it was, each run of it right
    # after a run of charter now (now, before, now, before...), so that a
    # machine getting faster or slower meanwhile weighs on both alike. Warm
    # runs: each with its own index (their formats differ), moved into place
    # for its runs.
    print()
    print("%-44s %10s %10s %11s" % ("now and before, alternating (best of %d)" % runs, "time", "CPU", "peak RSS"))
    live = os.path.join(store, "charter")
    kept = {0: os.path.join(tmp, "index-now"), 1: os.path.join(tmp, "index-before")}
    binaries = (charter, charter_before)
    def keep_index(k):
        drop_index()
        subprocess.run([binaries[k], "history", section], stdout=subprocess.DEVNULL, check=True)
        shutil.move(live, kept[k])
    def pair(name, args, warm):
        best = [None, None]
        cpu = [None, None]
        for _ in range(runs):
            for k in (0, 1):
                if warm:
                    shutil.move(kept[k], live)
                else:
                    drop_index()
                t, c, _ = measure_once([binaries[k]] + args)
                if warm:
                    shutil.move(live, kept[k])
                best[k] = t if best[k] is None else min(best[k], t)
                cpu[k] = c if cpu[k] is None else min(cpu[k], c)
        for k, who in ((0, "now"), (1, "before")):
            print("%-44s %8.3f s %8.3f s" % ("%s: %s" % (who, name), best[k], cpu[k]), flush=True)
        return best
    results = [("history cold", pair("history (cold: no index)", ["history", section], False)),
               ("blame cold", pair("blame (cold: no index)", ["blame", section], False))]
    keep_index(0)
    keep_index(1)
    results += [("history warm", pair("history (warm)", ["history", section], True)),
                ("blame warm", pair("blame (warm)", ["blame", section], True))]
    shutil.move(kept[0], live)
    print()
    for name, (now, then) in results:
        print("%-44s %6.2f  (now %.3f s, before %.3f s)" % (name + ": now / before", now / then, now, then))
idx = os.path.join(store, "charter", "index-v1")
if os.path.exists(idx):
    print("%-44s %6.1f MB" % ("index size", os.path.getsize(idx) / 1048576.0))
shutil.rmtree(tmp)
sys.exit(0 if ok else 1)
PY
