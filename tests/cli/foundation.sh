#!/usr/bin/env bash
# The foundation end to end: a store from statements/, checked by the real
# git and ssh-keygen; sections, show and every export format.
. "$(dirname "$0")/../lib.sh"

make_key officer
KEY="$T/keys/officer"
S="$T/store"

check "init" "$CHARTER" init "$S" --from "$STATEMENTS" --adopted-on 1977-06-01 --convention founding --key "$KEY"
contains "init says what it made" "$T/out" "Created store"

# git itself accepts the store.
check "git fsck --strict" git -C "$S" fsck --strict --no-dangling
same "main is the only branch and HEAD" "refs/heads/main" "$(git -C "$S" symbolic-ref HEAD)"
same "one commit" "1" "$(git -C "$S" rev-list --count main)"
same "author date is the adoption date at noon UTC" "1977-06-01T12:00:00+00:00" \
	"$(git -C "$S" log -1 --format=%aI main)"
now=$(date +%s)
cdate=$(git -C "$S" log -1 --format=%ct main)
if [ $((now - cdate)) -lt 600 ] && [ $((now - cdate)) -ge 0 ]; then pass; else fail "committer date is not now"; fi
same "trailers" "founding 1977-06-01" \
	"$(git -C "$S" log -1 --format='%(trailers:key=Convention,valueonly) %(trailers:key=Adopted-on,valueonly)' main | tr -s '\n' ' ' | sed 's/ $//')"
contains "work tree checked out" "$S/sections/workers-power.md" "# Workers’ Power"
same "allowed_signers lists the signer" "secretary@example.org namespaces=\"git\" $(cut -d' ' -f1,2 "$KEY.pub")" \
	"$(git -C "$S" show main:.charter/allowed_signers)"

# The signature: git verify-commit and ssh-keygen -Y verify accept it.
git -C "$S" show main:.charter/allowed_signers >"$T/allowed"
check "git verify-commit" git -C "$S" -c gpg.format=ssh -c gpg.ssh.allowedSignersFile="$T/allowed" verify-commit main
git -C "$S" cat-file commit main >"$T/commit"
awk '/^gpgsig /{sig=1; sub(/^gpgsig /,""); print > "'"$T"'/sig"; next} sig && /^ /{sub(/^ /,""); print > "'"$T"'/sig"; next} {sig=0; print > "'"$T"'/payload"}' "$T/commit"
check "ssh-keygen -Y verify" sh -c "ssh-keygen -Y verify -f '$T/allowed' -I secretary@example.org -n git -s '$T/sig' < '$T/payload'"
if ssh-keygen -Y verify -f "$T/allowed" -I secretary@example.org -n file -s "$T/sig" <"$T/payload" >/dev/null 2>&1; then
	fail "signature verified in the wrong namespace"
else pass; fi

# Byte-identical to git: the same tree, parents, dates and message signed
# by git commit-tree -S must give the very same commit id.
tree=$(git -C "$S" rev-parse 'main^{tree}')
git -C "$S" log -1 --format=%B main >"$T/msg"
printf '%s' "$(cat "$T/msg")" >"$T/msg.trim"; echo >>"$T/msg.trim"
theirs=$(cd "$S" && GIT_AUTHOR_NAME="$(git log -1 --format=%an main)" GIT_AUTHOR_EMAIL="$(git log -1 --format=%ae main)" \
	GIT_AUTHOR_DATE="$(git log -1 --format=%ad --date=raw main)" \
	GIT_COMMITTER_NAME="$(git log -1 --format=%cn main)" GIT_COMMITTER_EMAIL="$(git log -1 --format=%ce main)" \
	GIT_COMMITTER_DATE="$(git log -1 --format=%cd --date=raw main)" \
	git -c gpg.format=ssh -c user.signingkey="$KEY" commit-tree -S "$tree" -F "$T/msg.trim")
same "commit byte-identical to git commit-tree -S" "$(git -C "$S" rev-parse main)" "$theirs"

# sections, show
check "sections" "$CHARTER" --store "$S" sections
same "four sections in order" "socialism-not-capitalism workers-power full-equality-and-liberation the-revolutionary-party" \
	"$(awk '{print $1}' "$T/out" | tr '\n' ' ' | sed 's/ $//')"
check "sections json" "$CHARTER" --store "$S" sections --format json
cp "$T/out" "$T/sections.json"
check "sections json parses" python3 -c "import json,sys; d=json.load(open('$T/sections.json')); assert d[1]=={'slug':'workers-power','title':'Workers’ Power'}, d"
check "show" "$CHARTER" --store "$S" show workers-power
cp "$T/out" "$T/show.md"
check "show is the file" cmp "$T/show.md" "$STATEMENTS/sections/workers-power.md"
(cd "$S/sections" && "$CHARTER" show the-revolutionary-party >"$T/discovered" 2>&1)
contains "store found from the current directory" "$T/discovered" "# The Revolutionary Party"
CHARTER_STORE="$S" "$CHARTER" show socialism-not-capitalism >"$T/env" 2>&1
contains "store from \$CHARTER_STORE" "$T/env" "Marxist tradition"

# WHEN: dates and commits
check "show --at the founding date" "$CHARTER" --store "$S" show workers-power --at 1977-06-01
check "show --at a later date" "$CHARTER" --store "$S" show workers-power --at 2020-01-01
check "show --at a commit id" "$CHARTER" --store "$S" show workers-power --at "$(git -C "$S" rev-parse --short=8 main)"
check "show --at the convention" "$CHARTER" --store "$S" show workers-power --at founding

# export in every format
for f in markdown html latex man xml json; do
	check "export $f" "$CHARTER" --store "$S" export --format $f -o "$T/export.$f"
	contains "export $f prints the path" "$T/out" "$T/export.$f"
done
check "json export parses and has the fields" python3 - "$T/export.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["title"] == "Where We Stand"
assert [s["slug"] for s in d["sections"]] == ["socialism-not-capitalism", "workers-power", "full-equality-and-liberation", "the-revolutionary-party"]
assert d["sections"][1]["title"] == "Workers’ Power"
assert d["sections"][1]["markdown"].startswith("# Workers’ Power\n\nWorkers create")
assert len(d["commit"]) == 40 and d["date"] == "1977-06-01"
PY
check "xml export parses" python3 -c "import xml.etree.ElementTree as E; r=E.parse('$T/export.xml').getroot(); assert r.tag.endswith('document'), r.tag"
check "html export has the headings" python3 - "$T/export.html" <<'PY'
import sys
from html.parser import HTMLParser
class P(HTMLParser):
    def __init__(s):
        super().__init__(); s.h = []; s.cur = None; s.ids = []
    def handle_starttag(s, tag, attrs):
        if tag in ("h1", "h2"): s.cur = [tag, ""]
        if tag == "section": s.ids.append(dict(attrs)["id"])
    def handle_data(s, d):
        if s.cur: s.cur[1] += d
    def handle_endtag(s, tag):
        if s.cur and tag == s.cur[0]: s.h.append(tuple(s.cur)); s.cur = None
p = P(); p.feed(open(sys.argv[1], encoding="utf-8").read())
assert p.h == [("h1", "Where We Stand"), ("h2", "Socialism, Not Capitalism"), ("h2", "Workers’ Power"),
               ("h2", "Full Equality and Liberation"), ("h2", "The Revolutionary Party")], p.h
assert p.ids == ["socialism-not-capitalism", "workers-power", "full-equality-and-liberation", "the-revolutionary-party"], p.ids
PY
contains "latex is a whole document" "$T/export.latex" '\begin{document}'
contains "latex has the sections" "$T/export.latex" '\subsection{Workers'"'"' Power}'
contains "man has a title header" "$T/export.man" '.TH "Where We Stand" 7 "1977-06-01"'
if command -v groff >/dev/null; then check "man renders" sh -c "groff -man -Tutf8 '$T/export.man' >/dev/null"; fi

# Every sentence of the seed's platform is in the export, character for character.
check "every seed sentence is in the markdown and HTML exports" python3 - "$CHARTER_SOURCE_DIR/../shared/seed/000_d49394bfd9ed62a2.txt" "$T/export.json" "$T/export.html" <<'PY'
import html, json, re, sys, os
seed_path = sys.argv[1]
if not os.path.exists(seed_path):
    seed_path = os.path.join(os.environ["CHARTER_SOURCE_DIR"], "tests/data/seed.txt")
lines = open(seed_path, encoding="utf-8").read().split("\n")
start = next(i for i, l in enumerate(lines) if l.startswith("We’re the Chicago"))
end = next(i for i, l in enumerate(lines) if l.startswith("Still interested"))
d = json.load(open(sys.argv[2], encoding="utf-8"))
md = d["preamble"] + "\n" + "\n".join(s["markdown"] for s in d["sections"])
page = html.unescape(re.sub(r"<[^>]+>", "", open(sys.argv[3], encoding="utf-8").read()))
sentences = [s for l in lines[start:end] for s in re.split(r"(?<=[.?!])\s+", l.strip()) if s]
assert len(sentences) > 40, len(sentences)
missing = [s for s in sentences if s not in md or s not in page]
assert not missing, missing
assert "Photo 13.08.24" not in md and "Still interested" not in md
PY

# --line-numbers: wrapped at 72 columns, every text line numbered.
check "export --line-numbers" "$CHARTER" --store "$S" export --line-numbers
cp "$T/out" "$T/numbered"
check "line numbers are sequential and lines fit" python3 - "$T/numbered" <<'PY'
import sys
n = blank = 0
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.rstrip("\n")
    if not line:
        blank += 1
        continue
    num, sep, text = line[:5], line[5:7], line[7:]
    n += 1
    assert int(num) == n, (num, n)
    assert sep == "  ", line
    # Only lines of text are numbered: a blank line keeps no number.
    assert text.strip(), "a number without text: %r" % line
    assert len(text) <= 72, text
assert n > 60, n
assert blank > 10, blank
PY
check "line numbers are stable between copies" sh -c "'$CHARTER' --store '$S' export --line-numbers | cmp - '$T/numbered'"

# --help and --version
check "--version" "$CHARTER" --version
contains "--version prints the version" "$T/out" "charter 0."
for c in init sections show export; do
	check "$c --help" "$CHARTER" $c --help
	contains "$c --help shows usage" "$T/out" "usage: charter $c"
done

# The embedding example reads a section through the library.
if [ -n "${EMBED:-}" ]; then
	check "examples/embed" "$EMBED" "$S" full-equality-and-liberation
	contains "embed prints the section" "$T/out" "Full Equality and Liberation (as adopted on 1977-06-01)"
fi

# A bare store works the same.
check "init --bare" "$CHARTER" init "$T/bare.git" --bare --from "$STATEMENTS" --key "$KEY" --adopted-on 2001-02-03
same "bare store has no work tree" "true" "$(git -C "$T/bare.git" rev-parse --is-bare-repository)"
check "bare store fsck" git -C "$T/bare.git" fsck --strict --no-dangling
check "show from a bare store" "$CHARTER" --store "$T/bare.git" show workers-power

finish
