#!/usr/bin/env bash
# Benchmark (not a test): the convention's booklet with many pending amendments.
#
#     bench/booklet.sh [AMENDMENTS [RUNS]]      (defaults: 200 amendments, 5 runs)
#
# Makes a store of the shipped text (charter init), proposes AMENDMENTS
# illustrative insertions spread over the text (each after a phrase of four
# words that occurs once in its section; each inserted clause says it is
# illustrative), then times RUNS runs each of
#   charter booklet --format html -o FILE
#   charter booklet --format docx -o FILE
# against the closest git CLI equivalent on the same store: every proposal's
# word diff against its base, `git log --no-walk -p --word-diff` over
# refs/amendments/*. Prints medians and ratios. Issue 10's target: HTML and
# DOCX each under 1 s. CHARTER (default build-bench/charter) is the binary;
# build it with -DCMAKE_BUILD_TYPE=Release. KEEP=1 keeps the work folder.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-200}
RUNS=${2:-5}
CHARTER=${CHARTER:-$PWD/build-bench/charter}
[ -x "$CHARTER" ] || { echo "bench/booklet.sh: build charter first (cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release && cmake --build build-bench), or set CHARTER" >&2; exit 2; }

W=$(mktemp -d "${TMPDIR:-/tmp}/charter-bench.XXXXXX")
[ -n "${KEEP:-}" ] && echo "work folder: $W" || trap 'rm -rf "$W"' EXIT
export HOME="$W/home" GIT_CONFIG_NOSYSTEM=1 NO_COLOR=1 TZ=UTC
mkdir -p "$HOME"
git config --global user.name "Bench Secretary"
git config --global user.email "bench@example.org"
ssh-keygen -q -t ed25519 -N '' -C bench -f "$W/key"
export CHARTER_SIGNING_KEY="$W/key"
S="$W/store"
"$CHARTER" init "$S" --from statements --adopted-on 1977-06-01 --convention founding >/dev/null

echo "== proposing $N amendments"
python3 - "$CHARTER" "$S" "$N" <<'PY'
import os, re, subprocess, sys
charter, store, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
anchors = []
d = os.path.join(store, "sections")
for f in sorted(os.listdir(d)):
    body = open(os.path.join(d, f), encoding="utf-8").read().split("\n", 2)[2]
    words = body.split()
    for i in range(0, len(words) - 4, 2):
        phrase = " ".join(words[i:i + 4])
        if body.count(phrase) == 1 and "\n" not in phrase:
            anchors.append((f[:-3], phrase))
if len(anchors) < n:
    sys.exit(f"bench: only {len(anchors)} anchors for {n} amendments")
step = len(anchors) / n
for k in range(n):
    slug, phrase = anchors[int(k * step)]
    subprocess.run([charter, "--store", store, "propose", slug, "--id", f"A{k + 1}",
                    "--title", f"Insertion {k + 1} (illustrative)", "--insert",
                    f"(illustrative amendment A{k + 1})", "--after", phrase],
                   check=True, stdout=subprocess.DEVNULL)
PY

python3 - "$CHARTER" "$S" "$W" "$RUNS" "$N" <<'PY'
import os, statistics, subprocess, sys, time
charter, store, work, runs, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
def timed(argv, out=subprocess.DEVNULL):
    t = time.perf_counter()
    subprocess.run(argv, check=True, stdout=out)
    return (time.perf_counter() - t) * 1000
refs = subprocess.run(["git", "-C", store, "for-each-ref", "--format=%(refname)", "refs/amendments/"],
                      check=True, capture_output=True, text=True).stdout.split()
assert len(refs) == n, (len(refs), n)
rows = []
git = statistics.median(timed(["git", "-C", store, "log", "--no-walk", "-p", "--word-diff"] + refs) for _ in range(runs))
for fmt in ("html", "docx"):
    out = os.path.join(work, "booklet." + fmt)
    t = statistics.median(timed([charter, "--store", store, "booklet", "--format", fmt, "-o", out]) for _ in range(runs))
    rows.append((fmt, t, os.path.getsize(out)))
print(f"store: the shipped text with {n} pending amendments; load average {os.getloadavg()[0]:.1f}")
print(f"{'':28} {'median':>10} {'size':>10} {'/ git':>7}")
print(f"{'git log --no-walk -p --word-diff':28} {git:8.1f} ms {'':>10} {'':>7}")
for fmt, t, size in rows:
    verdict = "ok" if t < 1000 else "MISSED"
    print(f"{'charter booklet --format ' + fmt:28} {t:8.1f} ms {size:>10} {t / git:7.2f}   target < 1000 ms: {verdict}")
PY
