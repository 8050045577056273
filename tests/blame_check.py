# blame_check.py HISTORY BLAME COMMIT SLUG [FOUNDING KEPT]: blame is defined
# by the redline. The words COMMIT's entry in SLUG's history (JSON) inserts
# into SLUG, moves' inner insertions included (of a sentence moved, only
# those), are exactly the words blame
# (JSON) credits to COMMIT; and, given FOUNDING and KEPT (a passage of the
# text), blame credits every word of KEPT to FOUNDING. Used by the CLI tests
# words_blame_redline and words_blame_moves.
import json, re, sys
from collections import Counter

hist = json.load(open(sys.argv[1], encoding="utf-8"))
blame = json.load(open(sys.argv[2], encoding="utf-8"))
commit, slug = sys.argv[3], sys.argv[4]
founding, kept = (sys.argv[5], sys.argv[6]) if len(sys.argv) > 6 else (None, "")
WORD = re.compile(r"\w+(?:['’]\w+)*")
ins = Counter()
for e in hist:
    if e["commit"] != commit:
        continue
    for o in e["operations"]:
        # A paragraph moved away shows in this history too, with its edits;
        # they are the other section's, whose blame credits them.
        if o.get("section", slug) != slug:
            continue
        # A sentence moved here (an insert with ops) inserts only its
        # inner insertions; its other words keep their origin.
        if o["kind"] == "insert" and "ops" not in o:
            ins.update(WORD.findall(o["text"]))
        for i in o.get("ops", []):
            if i["kind"] == "insert":
                ins.update(WORD.findall(i["text"]))
cred = Counter()
for s in blame:
    if s["commit"] == commit:
        cred.update(WORD.findall(s["text"]))
if ins != cred:
    print("redline inserts, blame does not credit:", dict(ins - cred))
    print("blame credits, redline does not insert:", dict(cred - ins))
    sys.exit(1)
if kept:
    text = "".join(s["text"] for s in blame)
    at = text.index(kept)
    pos = 0
    for s in blame:
        if at <= pos < at + len(kept) and WORD.search(s["text"]) and s["commit"] != founding:
            print("kept words credited to", s["commit"], repr(s["text"][:80]))
            sys.exit(1)
        pos += len(s["text"])
