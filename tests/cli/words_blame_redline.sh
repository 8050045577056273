#!/usr/bin/env bash
# Blame is defined by the redline: over random chains of backfilled
# versions (paragraphs joined, split, moved within and across sections,
# sentences moved between paragraphs, with a word changed or not,
# sentences rewritten, words edited, typography changed) of the shipped
# text, for every version k and every section it changed, the words blame
# credits to k are exactly the words the redline from k-1 to k inserts
# (`history`, moves' inner insertions included). The edits are
# illustrative and say so in their own words.
. "$(dirname "$0")/../lib.sh"

make_key archivist
export CHARTER_SIGNING_KEY="$T/keys/archivist"

# gen.py SEED STEP SRC DST: version STEP of chain SEED, from SRC to DST.
cat >"$T/gen.py" <<'PY'
import os, random, re, shutil, sys
seed, step, src, dst = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
rnd = random.Random(seed * 1000 + step)
shutil.copytree(src, dst)
secdir = os.path.join(dst, "sections")
secs = {}
for f in sorted(os.listdir(secdir)):
    text = open(os.path.join(secdir, f), encoding="utf-8").read()
    blocks = [b for b in text.split("\n\n") if b.strip()]
    secs[f] = [blocks[0]] + [b.strip() for b in blocks[1:]]
WORDS = ["illustrative", "democratic", "militant", "independent", "organized", "rank-and-file", "socialist"]
def paras(f):
    return secs[f][1:]
def sentences(p):
    return re.split(r"(?<=[.!?]) (?=[A-Z])", p)
def op_join(f):
    p = secs[f]
    if len(p) < 3: return False
    i = rnd.randrange(1, len(p) - 1)
    p[i:i + 2] = [p[i] + " " + p[i + 1]]
    return True
def op_split(f):
    p = secs[f]
    cands = [i for i in range(1, len(p)) if len(sentences(p[i])) > 1]
    if not cands: return False
    i = rnd.choice(cands); s = sentences(p[i]); k = rnd.randrange(1, len(s))
    p[i:i + 1] = [" ".join(s[:k]), " ".join(s[k:])]
    return True
def op_edit(f):
    p = secs[f]
    if len(p) < 2: return False
    i = rnd.randrange(1, len(p)); w = p[i].split(" ")
    if len(w) < 4: return False
    j = rnd.randrange(1, len(w) - 1); what = rnd.randrange(3)
    if what == 0: w[j] = rnd.choice(WORDS)
    elif what == 1: w.insert(j, "(illustrative change %d.%d)" % (seed, step))
    else: del w[j:j + 2]
    p[i] = " ".join(w)
    return True
def op_typo(f):
    p = secs[f]
    if len(p) < 2: return False
    i = rnd.randrange(1, len(p)); t = p[i]
    for a, b in (("’", "'"), (" — ", " – "), ("'", "’"), (" – ", " — "), ("\u00a0", " ")):
        if a in t:
            p[i] = t.replace(a, b, 1); return True
    return False
def op_rewrite(f):
    p = secs[f]
    if len(p) < 2: return False
    i = rnd.randrange(1, len(p)); s = sentences(p[i]); k = rnd.randrange(len(s))
    s[k] = "This illustrative sentence, written for version %d of chain %d, says something else entirely." % (step, seed)
    p[i] = " ".join(s)
    return True
def op_move(f):
    p = secs[f]
    if len(p) < 3: return False
    i = rnd.randrange(1, len(p)); para = p.pop(i)
    g = rnd.choice(sorted(secs))
    q = secs[g]; q.insert(rnd.randrange(1, len(q) + 1), para)
    return True
def op_move_edit(f):
    # An edited move: the paragraph goes to another section and gains a sentence.
    p = secs[f]
    if len(p) < 3: return False
    i = rnd.randrange(1, len(p)); para = p.pop(i)
    para += " This illustrative sentence was added in version %d of chain %d when the paragraph moved." % (step, seed)
    g = rnd.choice(sorted(secs))
    q = secs[g]; q.insert(rnd.randrange(1, len(q) + 1), para)
    return True
def op_move_sentence(f):
    # A sentence moved out of one paragraph onto the end of another, anywhere.
    p = secs[f]
    if len(p) < 2: return False
    i = rnd.randrange(1, len(p)); s = sentences(p[i])
    if len(s) < 2: return False
    k = rnd.randrange(len(s)); moved = s.pop(k); p[i] = " ".join(s)
    g = rnd.choice(sorted(secs)); q = secs[g]
    if len(q) < 2: return False
    j = rnd.randrange(1, len(q))
    if g == f and j == i: return False
    q[j] = q[j] + " " + moved
    return True
def op_move_sentence_edit(f):
    # A sentence moved onto the end of another paragraph, anywhere, with a
    # word changed on the way: the moved words keep their origin.
    p = secs[f]
    if len(p) < 2: return False
    i = rnd.randrange(1, len(p)); s = sentences(p[i])
    if len(s) < 2: return False
    k = rnd.randrange(len(s)); w = s[k].split(" ")
    g = rnd.choice(sorted(secs)); q = secs[g]
    if len(w) < 8 or len(q) < 2: return False
    j = rnd.randrange(1, len(q))
    if g == f and j == i: return False
    w[rnd.randrange(1, len(w) - 1)] = rnd.choice(WORDS)
    s.pop(k); p[i] = " ".join(s)
    q[j] = q[j] + " " + " ".join(w)
    return True
ops = [op_join, op_split, op_edit, op_typo, op_rewrite, op_move, op_move_edit, op_move_sentence, op_move_sentence_edit]
done = 0
while done < rnd.randrange(1, 4):
    if rnd.choice(ops)(rnd.choice(sorted(secs))):
        done += 1
for f, p in secs.items():
    open(os.path.join(secdir, f), "w", encoding="utf-8").write("\n\n".join(p) + "\n")
PY

for seed in ${SEEDS:-1 2 40}; do
	S="$T/store$seed"
	C() { "$CHARTER" --store "$S" "$@"; }
	check "chain $seed: init" "$CHARTER" init "$S" --from "$STATEMENTS" --adopted-on 1977-06-01 --convention founding
	prev="$STATEMENTS"
	for step in ${STEPS:-1 2 3 4 5 6 7 8}; do
		V="$T/v$seed.$step"
		python3 "$T/gen.py" "$seed" "$step" "$prev" "$V" || fail "chain $seed: generate version $step"
		date=$(printf '19%02d-06-01' $((77 + step)))
		if ! C record "$V" --adopted-on "$date" --convention "c$step" >"$T/out" 2>"$T/err"; then
			grep -q "nothing changed\|no change\|nothing to record" "$T/err" || fail "chain $seed: record $step: $(cat "$T/err")"
			continue
		fi
		pass
		prev="$V"
		commit=$(git -C "$S" rev-parse main)
		for f in "$V"/sections/*.md; do
			slug=$(basename "$f" .md)
			C history "$slug" --format json >"$T/h.json" 2>"$T/err" || { fail "chain $seed.$step: history $slug: $(cat "$T/err")"; continue; }
			C blame "$slug" --at "$date" --format json >"$T/b.json" 2>"$T/err" || { fail "chain $seed.$step: blame $slug: $(cat "$T/err")"; continue; }
			if python3 "$CHARTER_SOURCE_DIR/tests/blame_check.py" "$T/h.json" "$T/b.json" "$commit" "$slug" >"$T/diff" 2>&1; then
				pass
			else
				fail "chain $seed, version $step, $slug: blame and redline disagree: $(cat "$T/diff")"
			fi
		done
	done
done

finish
