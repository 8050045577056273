#!/usr/bin/env python3
"""Generate a synthetic charter store for benchmarks, in the DESIGN.md format.

    bench/gen_store.py DIR [--adoptions N] [--sections S] [--paragraphs P] [--seed K]

The store is a bare git repository written with `git fast-import` (no
signatures: this is for timing, not for `charter verify`):

- the root commit on `main` is a "founding text": README.md (title, preamble,
  ordered list of sections), sections/<slug>.md (S sections of P paragraphs of
  50-90 words; a paragraph is one line), .charter/allowed_signers;
  trailers Convention and Adopted-on, author date 1977-06-01 12:00:00 +0000;
- then N adoptions: each a merge commit on main (first parent: the previous
  main; second parent: the proposal, refs/amendments/<id>) that changes 1-4
  words of one paragraph of one section, with the trailers Amendment,
  Section, Convention, Adopted-on and Vote; dates from 1977 on, a convention
  every year or so.

The text is pseudo-random filler words, stated as synthetic in its preamble:
it is benchmark data, not anybody's history. The same seed gives the same store.
"""
import argparse
import calendar
import os
import random
import subprocess
import sys
import time

WORDS = ("the of and to in a is that for it as was with be by on not he this are or his from at which but "
         "have an they you were her she there one all we their been has when who will more no if out so "
         "said what up its about into than them can only other new some could time these two may then do "
         "first any my now such like our over man me even most made after also did many before must "
         "through back years where much your way well down should because each just those people how too "
         "little state good very make world still own see men work long get here between both life being "
         "under never day same another know while last might us great old year off come since against go "
         "came right used take three workers power society wealth production struggle democracy equality "
         "liberation organization convention delegates platform amendment section paragraph union rights "
         "movement solidarity history future council freedom justice labor class public common").split()


def paragraph(rng):
    words = [rng.choice(WORDS) for _ in range(rng.randint(50, 90))]
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def date_of(i, n):
    """Adoption i of n: conventions from 1977 to 2024, in date order."""
    conventions = 48
    c = min(conventions - 1, i * conventions // n)
    year = 1977 + c
    return "%04d-%02d-%02d" % (year, 6 + c % 5, 1 + c % 27), "%d-convention" % year


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir")
    ap.add_argument("--adoptions", type=int, default=10000)
    ap.add_argument("--sections", type=int, default=10)
    ap.add_argument("--paragraphs", type=int, default=40)
    ap.add_argument("--seed", type=int, default=1977)
    a = ap.parse_args()
    rng = random.Random(a.seed)

    if os.path.exists(a.dir) and os.listdir(a.dir):
        sys.exit("gen_store: %s exists and is not empty" % a.dir)
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", a.dir], check=True)
    fi = subprocess.Popen(["git", "-C", a.dir, "fast-import", "--quiet", "--done"],
                          stdin=subprocess.PIPE)
    out = fi.stdin
    mark = [0]

    def new_mark():
        mark[0] += 1
        return mark[0]

    def data(b):
        out.write(b"data %d\n" % len(b))
        out.write(b)
        out.write(b"\n")

    def blob(text):
        m = new_mark()
        out.write(b"blob\nmark :%d\n" % m)
        data(text.encode())
        return m

    def ts(date):
        return calendar.timegm(time.strptime(date + " 12:00:00", "%Y-%m-%d %H:%M:%S"))

    slugs = ["section-%02d" % (i + 1) for i in range(a.sections)]
    titles = ["Section %d" % (i + 1) for i in range(a.sections)]
    text = {s: [paragraph(rng) for _ in range(a.paragraphs)] for s in slugs}

    def section_file(i):
        return "# %s\n\n%s\n" % (titles[i], "\n\n".join(text[slugs[i]]))

    readme = "# Synthetic Platform\n\nSynthetic benchmark text: random filler words, not a real document or history.\n\n"
    readme += "".join("%d. [%s](sections/%s.md)\n" % (i + 1, titles[i], s) for i, s in enumerate(slugs))
    who = b"Bench Secretary <bench@example.org>"

    def commit(ref, msg, date, parents, files):
        m = new_mark()
        t = ts(date)
        out.write(b"commit %s\nmark :%d\n" % (ref.encode(), m))
        out.write(b"author %s %d +0000\ncommitter %s %d +0000\n" % (who, t, who, t))
        data(msg.encode())
        if parents:
            out.write(b"from :%d\n" % parents[0])
            for p in parents[1:]:
                out.write(b"merge :%d\n" % p)
        for path, bm in files:
            out.write(b"M 100644 :%d %s\n" % (bm, path.encode()))
        out.write(b"\n")
        return m

    files = [("README.md", blob(readme)),
             (".charter/allowed_signers", blob("bench@example.org namespaces=\"git\" ssh-ed25519 "
                                               "AAAAC3NzaC1lZDI1NTE5AAAAIBenchBenchBenchBenchBenchBenchBenchBenchBen\n"))]
    files += [("sections/%s.md" % s, blob(section_file(i))) for i, s in enumerate(slugs)]
    tip = commit("refs/heads/main", "Synthetic Platform: founding text\n\nSynthetic benchmark data.\n\n"
                 "Convention: founding\nAdopted-on: 1977-06-01\n", "1977-06-01", [], files)

    for n in range(a.adoptions):
        si = rng.randrange(a.sections)
        s = slugs[si]
        pi = rng.randrange(a.paragraphs)
        words = text[s][pi][:-1].split(" ")
        for _ in range(rng.randint(1, 4)):
            words[rng.randrange(len(words))] = rng.choice(WORDS)
        text[s][pi] = " ".join(words) + "."
        date, conv = date_of(n, a.adoptions)
        aid = "a%05d" % (n + 1)
        bm = blob(section_file(si))
        f = [("sections/%s.md" % s, bm)]
        title = "Amend paragraph %d of %s" % (pi + 1, titles[si])
        prop = commit("refs/amendments/%s" % aid,
                      "%s\n\nSynthetic benchmark amendment.\n\nAmendment: %s\nSection: %s\n"
                      "Proposed-by: Bench Secretary <bench@example.org>\n" % (title, aid, s), date, [tip], f)
        vote = "%d-%d-%d" % (rng.randint(20, 90), rng.randint(0, 20), rng.randint(0, 5))
        tip = commit("refs/heads/main",
                     "%s\n\nAdopted by the %s.\n\nAmendment: %s\nSection: %s\nConvention: %s\n"
                     "Adopted-on: %s\nVote: %s\n" % (title, conv, aid, s, conv, date, vote),
                     date, [tip, prop], f)
    out.write(b"done\n")
    out.close()
    if fi.wait() != 0:
        sys.exit("gen_store: git fast-import failed")
    subprocess.run(["git", "-C", a.dir, "symbolic-ref", "HEAD", "refs/heads/main"], check=True)
    subprocess.run(["git", "-C", a.dir, "pack-refs", "--all"], check=True)


if __name__ == "__main__":
    main()
