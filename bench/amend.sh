#!/usr/bin/env bash
# Benchmark (not a test): propose and adopt on a store with a long history.
#
#     bench/amend.sh [ADOPTIONS [RUNS]]      (defaults: 10000 adoptions, 15 runs)
#
# Builds a bare store whose signed root is statements/ (charter init), then
# appends ADOPTIONS synthetic adoptions in the DESIGN.md format with
# `git fast-import` (a proposal at refs/amendments/<n>, a merge on main with
# the trailers, refs/outcomes/<n>; unsigned: the old history is only there
# to be long). Each synthetic adoption adds or replaces a paragraph that says
# it is synthetic. Then it times RUNS runs of the real charter binary, each
# signing natively with an Ed25519 key:
#   propose  charter propose SECTION --insert ... --after ...
#   adopt    charter adopt ID --convention ... --date ...
# and the closest git CLI equivalents, signing with the same key through
# ssh-keygen as git does:
#   propose  hash-object, read-tree/update-index/write-tree (temporary index),
#            commit-tree -S -p main, update-ref refs/amendments/<id> NEW ""
#   adopt    merge-tree --write-tree main PROPOSAL, commit-tree -S -p main -p
#            PROPOSAL, update-ref refs/heads/main NEW OLD
# and prints the medians and ratios. CHARTER (default build/release/charter)
# is the binary; build it with -DCMAKE_BUILD_TYPE=Release.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}
RUNS=${2:-15}
CHARTER=${CHARTER:-$PWD/build/release/charter}
[ -x "$CHARTER" ] || { echo "bench/amend.sh: build charter first (cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release && cmake --build build/release), or set CHARTER" >&2; exit 2; }

W=$(mktemp -d "${TMPDIR:-/tmp}/charter-bench.XXXXXX")
# KEEP=1 keeps the work folder (the store, the key) for a closer look.
[ -n "${KEEP:-}" ] && echo "work folder: $W" || trap 'rm -rf "$W"' EXIT
export HOME="$W/home" GIT_CONFIG_NOSYSTEM=1 NO_COLOR=1 TZ=UTC
mkdir -p "$HOME"
git config --global user.name "Bench Secretary"
git config --global user.email "bench@example.org"
ssh-keygen -q -t ed25519 -N '' -C bench -f "$W/key"
export CHARTER_SIGNING_KEY="$W/key"
S="$W/store.git"

echo "== building a store with $N adoptions"
t0=$(date +%s.%N)
"$CHARTER" init "$S" --bare --from statements --adopted-on 1977-06-01 --convention founding >/dev/null
python3 - "$S" "$N" <<'PY' | git -C "$S" fast-import --quiet --export-marks="$W/marks"
import datetime, subprocess, sys
store, n = sys.argv[1], int(sys.argv[2])
git = lambda *a: subprocess.run(["git", "-C", store, *a], check=True, capture_output=True, text=True).stdout
slugs = [l.split("sections/")[1].split(".md")[0] for l in git("show", "main:README.md").splitlines() if "(sections/" in l]
text = {s: git("show", f"main:sections/{s}.md") for s in slugs}
root = git("rev-parse", "main").strip()
out = sys.stdout.buffer
def data(s):
    b = s.encode()
    out.write(b"data %d\n" % len(b) + b + b"\n")
day0 = 3650  # 1980-01-01, a day per adoption
main = root
for i in range(1, n + 1):
    slug = slugs[i % len(slugs)]
    body = text[slug] + f"\n(Synthetic benchmark revision {i}, not part of any real text.)\n"
    t = (day0 + i) * 86400 + 43200
    out.write(b"blob\nmark :%d\n" % (3 * i))
    data(body)
    msg = f"Synthetic revision {i}\n\nAmendment: {i}\nSection: {slug}\nProposed-by: Bench <bench@example.org>\n"
    out.write(b"commit refs/bench/proposal\nmark :%d\n" % (3 * i + 1))
    out.write(b"author Bench <bench@example.org> %d +0000\ncommitter Bench <bench@example.org> %d +0000\n" % (t, t))
    data(msg)
    out.write((f"from {main}\n" if i == 1 else f"from :{3 * i - 1}\n").encode())
    out.write(b"M 100644 :%d sections/%s.md\n\n" % (3 * i, slug.encode()))
    adoption = (f"Synthetic revision {i}\n\nAmendment: {i}\nSection: {slug}\nConvention: synthetic-{i // 500}\n"
                f"Adopted-on: {{date}}\nVote: 1-0-0\n")
    d = datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%d")
    out.write(b"commit refs/heads/main\nmark :%d\n" % (3 * i + 2))
    out.write(b"author Bench <bench@example.org> %d +0000\ncommitter Bench <bench@example.org> %d +0000\n" % (t, t))
    data(adoption.replace("{date}", d))
    out.write((f"from {main}\n" if i == 1 else f"from :{3 * i - 1}\n").encode())
    out.write(b"merge :%d\n" % (3 * i + 1))
    out.write(b"M 100644 :%d sections/%s.md\n\n" % (3 * i, slug.encode()))
PY
# refs/amendments/<n> and refs/outcomes/<n> from fast-import's marks, as
# loose ref files: the state charter leaves a store in (libgit2 never packs
# refs). The second round of timings packs them, as `git gc` or a clone does.
git -C "$S" update-ref -d refs/bench/proposal
python3 - "$S" "$W/marks" <<'PY'
import os, sys
store, marks = sys.argv[1], sys.argv[2]
for d in ("amendments", "outcomes"):
    os.makedirs(os.path.join(store, "refs", d), exist_ok=True)
for line in open(marks):
    mark, oid = line.split()
    m = int(mark[1:])
    kind = {1: "amendments", 2: "outcomes"}.get(m % 3)
    if kind:
        with open(os.path.join(store, "refs", kind, str(m // 3)), "w") as f:
            f.write(oid + "\n")
PY
t1=$(date +%s.%N)
printf 'built in %.1f s: %s commits on main, %s refs\n' "$(echo "$t1 - $t0" | bc)" \
	"$(git -C "$S" rev-list --first-parent --count main)" "$(git -C "$S" for-each-ref | wc -l)"

timing() {
python3 - "$CHARTER" "$S" "$W" "$RUNS" "$1" <<'PY'
import os, re, resource, statistics, subprocess, sys, time
charter, store, work, runs, tag = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
key = os.path.join(work, "key")
git = lambda *a, **k: subprocess.run(["git", "-C", store, *a], check=True, capture_output=True, text=True, **k).stdout.strip()

# Anchors: the first words of each paragraph (one change per paragraph, so
# that git's line-level merge, a paragraph being a line, merges them too).
anchors = []
for line in git("show", "main:README.md").splitlines():
    m = re.search(r"\(sections/([a-z0-9-]+)\.md\)", line)
    if not m:
        continue
    slug = m.group(1)
    body = git("show", f"main:sections/{slug}.md")
    for para in body.split("\n\n"):
        words = para.split()
        if len(words) >= 6 and not para.startswith("#") and "Synthetic" not in para:
            phrase = " ".join(words[:5])
            if body.count(phrase) == 1:
                anchors.append((slug, phrase))
# Rounds: propose one amendment per paragraph, adopt them all; again.
rounds = [list(range(r, min(r + len(anchors), runs))) for r in range(0, runs, len(anchors))]

def cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime

def timed(argv, env=None):
    c, t = cpu(), time.perf_counter()
    r = subprocess.run(argv, capture_output=True, text=True, env=env)
    dt = time.perf_counter() - t
    if r.returncode != 0:
        sys.exit(f"failed: {' '.join(argv)}\n{r.stderr}")
    return (dt, cpu() - c), r.stdout

def ms(x):
    return f"{statistics.median(x) * 1000:6.1f} ms"

C = [charter, "--store", store]
env = dict(os.environ, GIT_INDEX_FILE=os.path.join(work, "index.bench"))
gitc = ["git", "-C", store, "-c", "gpg.format=ssh", "-c", f"user.signingkey={key}"]
propose, adopt, gpropose, gadopt = [], [], [], []
for rnd in rounds:
    ids = []
    for i in rnd:
        slug, phrase = anchors[i % len(anchors)]
        dt, out = timed(C + ["propose", slug, "--title", f"Bench {i} (illustrative)", "--insert",
                             f"(illustrative bench amendment {i})", "--after", phrase])
        propose.append(dt)
        ids.append(re.search(r"Proposed amendment (\S+):", out).group(1))
    for id in ids:
        dt, _ = timed(C + ["adopt", id, "--convention", "bench", "--date", "2030-01-01"])
        adopt.append(dt)

    # git: the same records with the git CLI (signing through ssh-keygen, as git does).
    gids = []
    for i in rnd:
        slug, phrase = anchors[i % len(anchors)]
        path = f"sections/{slug}.md"
        text = git("show", f"main:{path}") + "\n"
        new = text.replace(phrase, phrase + f" (illustrative git amendment {i})", 1)
        fname = os.path.join(work, "new.md")
        open(fname, "w").write(new)
        c, t = cpu(), time.perf_counter()
        blob = subprocess.run(["git", "-C", store, "hash-object", "-w", fname], check=True, capture_output=True, text=True).stdout.strip()
        subprocess.run(["git", "-C", store, "read-tree", "main"], check=True, env=env)
        subprocess.run(["git", "-C", store, "update-index", "--cacheinfo", f"100644,{blob},{path}"], check=True, env=env)
        tree = subprocess.run(["git", "-C", store, "write-tree"], check=True, capture_output=True, text=True, env=env).stdout.strip()
        commit = subprocess.run(gitc + ["commit-tree", "-S", "-p", "main", "-m", f"Git bench {tag}{i}\n\nAmendment: g{tag}{i}", tree],
                                check=True, capture_output=True, text=True).stdout.strip()
        subprocess.run(["git", "-C", store, "update-ref", f"refs/amendments/g{tag}{i}", commit, ""], check=True)
        gpropose.append((time.perf_counter() - t, cpu() - c))
        gids.append((i, commit))
    for i, commit in gids:
        c, t = cpu(), time.perf_counter()
        old = subprocess.run(["git", "-C", store, "rev-parse", "main"], check=True, capture_output=True, text=True).stdout.strip()
        tree = subprocess.run(["git", "-C", store, "merge-tree", "--write-tree", old, commit], check=True, capture_output=True, text=True).stdout.split()[0]
        new = subprocess.run(gitc + ["commit-tree", "-S", "-p", old, "-p", commit, "-m", f"Git bench adopt {tag}{i}\n\nAmendment: g{tag}{i}", tree],
                             check=True, capture_output=True, text=True).stdout.strip()
        subprocess.run(["git", "-C", store, "update-ref", "refs/heads/main", new, old], check=True)
        gadopt.append((time.perf_counter() - t, cpu() - c))

history = int(git("rev-list", "--first-parent", "--count", "main"))
print(f"store: {history} commits on main (first parent), load average {os.getloadavg()[0]:.1f}")
print(f"{'':10}{'charter':>12}{'git CLI':>12}{'ratio':>8}   {'charter':>10}{'git CLI':>10}")
print(f"{'':10}{'wall':>12}{'wall':>12}{'':8}   {'CPU':>10}{'CPU':>10}")
for name, a, b in (("propose", propose, gpropose), ("adopt", adopt, gadopt)):
    wa, wb = [x[0] for x in a], [x[0] for x in b]
    ca, cb = [x[1] for x in a], [x[1] for x in b]
    print(f"{name:10}{ms(wa):>12}{ms(wb):>12}{statistics.median(wa) / statistics.median(wb):8.2f}   "
          f"{ms(ca):>10}{ms(cb):>10}")
print("(medians of %d runs; charter signs natively with Ed25519, git through ssh-keygen;" % len(propose))
print(" CPU: user + system time of the processes, less sensitive to other load than wall time)")
PY
}
echo "== timing $RUNS runs each, refs loose (as charter leaves them)"
timing l
git -C "$S" pack-refs --all
echo "== timing $RUNS runs each, refs packed (after git gc, git pack-refs or a clone)"
timing p
