#!/usr/bin/env bash
# charter site: every page kind built from a store with adoptions at two
# conventions, a rejection, a withdrawal, a pending amendment and convention
# tags; links checked; content of each page kind; the Atom feed; the same
# store gives byte-identical files; a rebuild after one more adoption
# rewrites only what changed and removes pages that are gone; bad folders
# and stores are refused with nothing written.
. "$(dirname "$0")/../lib.sh"
. "$CHARTER_SOURCE_DIR/tests/site_store.sh"
CHECK="$CHARTER_SOURCE_DIR/tests/site_check.py"
site_store
W="$T/site"

check "site" C site "$W"
contains "site says what it wrote" "$T/out" "Wrote $W:"
for f in index.html style.css feed.xml sitemap.xml verify.html .charter-site amendments/index.html \
	amendments/1.html amendments/2.html amendments/strike-f.html amendments/party-g.html amendments/pending-h.html amendments/2.1.html amendments/pending-h.1.html \
	conventions/index.html conventions/founding.html conventions/2013-convention.html conventions/2015-convention.html \
	text/founding.html text/2013-convention.html text/2015-convention.html \
	sections/workers-power.html blame/workers-power.html sections/the-revolutionary-party.html; do
	if [ -f "$W/$f" ]; then pass; else fail "no $f"; fi
done
check "links, lang, headings, sitemap" python3 "$CHECK" links "$W"
check "feed: Atom, one entry per adoption" python3 "$CHECK" feed "$W" "$(git -C "$S" rev-list --first-parent --count main)"
check "contrast of every colour pair, light and dark" python3 "$CHECK" contrast "$W"
contains "a dark scheme" "$W/style.css" "@media (prefers-color-scheme:dark)"
contains "a print stylesheet without the navigation" "$W/style.css" "@media print{"
contains "insertions are not underlined like links" "$W/style.css" "ins{color:var(--ins-fg);background:var(--ins-bg);text-decoration:none;font-weight:bold}"
if grep -rl '<script' "$W" >/dev/null; then fail "a page needs JavaScript"; else pass; fi

# --- content of each page kind ---
FP=$(ssh-keygen -lf "$KEY.pub" | awk '{print $2}')
A1="$W/amendments/1.html"
contains "amendment: the vote" "$A1" "vote 120-3-1"
contains "amendment: the convention, linked" "$A1" 'href="../conventions/2013-convention.html">2013-convention</a>'
contains "amendment: the proposal's key fingerprint" "$A1" "$FP"
contains "amendment: the principal" "$A1" "<strong>secretary@example.org</strong>; the signature is good"
contains "amendment: the adoption's signature" "$A1" "<strong>The adoption</strong>"
contains "amendment: the insertion" "$A1" "<ins>(illustrative amendment A) </ins>"
contains "amendment: a legend" "$A1" 'class="legend"'
contains "amendment: seconder" "$A1" "Delegate Two &lt;two@example.org&gt;"
contains "amendment 2: the deletion" "$W/amendments/2.html" "<del>"
contains "rejected amendment: its state and vote" "$W/amendments/strike-f.html" "rejected</span> by"
contains "rejected amendment: vote" "$W/amendments/strike-f.html" "vote 10-80-2"
contains "rejected amendment: the rejection's signature" "$W/amendments/strike-f.html" "<strong>The rejection</strong>"
contains "withdrawn amendment" "$W/amendments/party-g.html" "withdrawn</span>"
contains "pending amendment applies" "$W/amendments/pending-h.html" "it applies cleanly to today's text"
# Amendments to amendments: each names its primary, each primary lists them.
contains "secondary: the primary it amends" "$W/amendments/2.1.html" \
	'<dt>Amends</dt><dd><a href="2.html">Amendment 2</a> (adopting it changed that amendment, not the text)</dd>'
contains "secondary: adopted, with its vote" "$W/amendments/2.1.html" "vote 90-5-0"
contains "primary: its adopted secondary" "$W/amendments/2.html" '<li><a href="2.1.html">Amendment 2.1</a>: Amend B (illustrative secondary amendment B1) — <span class="state">adopted</span>'
contains "primary: adopted as amended" "$W/amendments/2.html" "<ins>members (illustrative amendment B, as amended by B1)</ins>"
contains "pending primary: its pending secondary" "$W/amendments/pending-h.html" '<a href="pending-h.1.html">Amendment pending-h.1</a>: Amend H (illustrative secondary amendment H1) — <span class="state">pending</span>'
contains "amendments index: a secondary names its primary" "$W/amendments/index.html" '(amends <a href="pending-h.html">Amendment pending-h</a>)'
# A one-sentence change does not print the whole section: the last
# paragraph of workers-power is far from the change.
last=$(sed -n '$p' "$STATEMENTS/sections/workers-power.md" | cut -c1-40)
if grep -qF "$last" "$A1"; then fail "amendment page prints paragraphs far from the change"; else pass; fi
contains "amendments index lists each state" "$W/amendments/index.html" '<h2 id="withdrawn">Withdrawn (1)</h2>'

C2013="$W/conventions/2013-convention.html"
contains "convention: adopted amendment" "$C2013" 'href="../amendments/1.html">Amendment 1</a>'
contains "convention: rejected amendment" "$C2013" 'href="../amendments/strike-f.html"'
contains "convention: withdrawn amendment" "$C2013" 'href="../amendments/party-g.html"'
contains "convention: redline of the whole document" "$C2013" "<ins>(illustrative amendment A) </ins>"
contains "convention 2015: its vote" "$W/conventions/2015-convention.html" "vote 99-0-0"

SEC="$W/sections/workers-power.html"
contains "section: timeline heading" "$SEC" '<h2 id="timeline">Timeline: 3 adoptions changed it</h2>'
contains "section: grouped by convention" "$SEC" '<h3 id="c-2013-convention-'
contains "section: the deletion of amendment 2" "$SEC" "<del>"
contains "section: the vote" "$SEC" "vote (for–against–abstaining) 99-0-0"
contains "section: the founding entry is text, not a wall of insertions" "$SEC" "Adopted whole, as the founding text"
# The founding entry holds no <ins>: take it from its article to the end.
python3 - "$SEC" <<'PY' && pass || fail "founding entry has insertions"
import re, sys
s = open(sys.argv[1]).read()
i = s.index("Adopted whole, as the founding text")
assert "<ins>" not in s[i:s.index("</article>", i)]
PY
BL="$W/blame/workers-power.html"
# Provenance as visible text (not in a title attribute), linked to the amendment.
contains "blame: provenance of amendment 1 as text" "$BL" '<a href="../amendments/1.html">Amendment 1</a>, 2013-convention, <time datetime="2013-04-05">'
contains "blame: provenance of amendment 2" "$BL" '<a href="../amendments/2.html">Amendment 2</a>, 2015-convention'
contains "blame: the founding text" "$BL" "The founding text</a>, founding, <time"
if grep -q '<span[^>]* title=' "$BL"; then fail "blame hides provenance in title attributes"; else pass; fi

# Home: table of contents, section links, line numbers as export --line-numbers gives them.
H="$W/index.html"
contains "home: contents" "$H" '<h2 id="toc">Contents</h2>'
contains "home: history link" "$H" 'href="sections/workers-power.html#timeline"'
contains "home: blame link" "$H" 'href="blame/workers-power.html"'
contains "home: conventions in order" "$H" 'href="conventions/2015-convention.html"'
contains "home: verification status" "$H" "Verified."
contains "home: feed in head" "$H" '<link rel="alternate" type="application/atom+xml" href="feed.xml"'
# The numbers of a page against export --line-numbers of that text: every
# numbered block's first words are on the line its number names.
same_numbers() {
	check "$1: line numbers of export --line-numbers" python3 - "$2" "$3" <<'PY'
import html, re, sys
page, numbered = open(sys.argv[1]).read(), open(sys.argv[2]).read().split("\n")
lines = {}
for l in numbered:
    m = re.match(r"\s*(\d+)  (.*)", l)
    if m:
        lines[int(m.group(1))] = m.group(2)
blocks = re.findall(r'<div class="blk" id="([^"]+)"><a class="ln" href="#\1" aria-label="line (\d+)">\2</a>\n(.*?)</div>', page, re.S)
assert len(blocks) > 10, len(blocks)
for bid, n, body in blocks:
    words = html.unescape(re.sub(r"<[^>]+>", " ", body)).split()[:3]
    first = lines[int(n)]
    for w in words:
        assert w.strip("*_") in first, (bid, n, words, first)
print(len(blocks), "blocks")
PY
}
C export --line-numbers >"$T/numbered"
same_numbers home "$H" "$T/numbered"
# The texts as of each convention too (their blocks' counts are shared
# between versions, by the blocks' source).
for when in founding 2013-convention 2015-convention; do
	C export --at "$when" --line-numbers >"$T/numbered-$when"
	same_numbers "text as of $when" "$W/text/$when.html" "$T/numbered-$when"
done
contains "text as of 2013 has amendment A" "$W/text/2013-convention.html" "(illustrative amendment A)"
if grep -qF "(illustrative amendment B)" "$W/text/2013-convention.html"; then fail "2013 text has B"; else pass; fi
if grep -qF "(illustrative amendment A)" "$W/text/founding.html"; then fail "founding text has A"; else pass; fi
contains "verify page: fingerprint" "$W/verify.html" "$FP"
contains "verify page: the tags" "$W/verify.html" "convention/2015-convention"

# --- the single pages share the shell: legend, headings, titles ---
check "diff html" C diff founding --format html
contains "diff page says what it compares" "$T/out" "<title>Changes from founding to today</title>"
contains "diff page has a legend" "$T/out" 'class="legend"'
check "history html" C history workers-power --format html
if grep -q "<h1>Workers" "$T/out"; then fail "history: the section's title is an <h1> inside an entry"; else pass; fi
contains "history page has a legend" "$T/out" 'class="legend"'
check "blame html" C blame workers-power --format html
contains "blame page: visible provenance" "$T/out" "Amendment 1, 2013-convention"

# --- determinism: the same store, the same bytes ---
check "a second build" C site "$T/site2"
check "two builds are byte-identical" diff -r "$W" "$T/site2"
check "--base-url" C site "$T/site3" --base-url https://example.org/platform --title "Illustrative site"
contains "feed links absolute with --base-url" "$T/site3/feed.xml" 'href="https://example.org/platform/amendments/1.html"'
contains "sitemap absolute with --base-url" "$T/site3/sitemap.xml" "<loc>https://example.org/platform/index.html</loc>"
contains "--title names the site" "$T/site3/index.html" "<title>Illustrative site</title>"
if grep -rq "example.org/platform" "$T/site3" --include=*.html; then fail "a page has an absolute link"; else pass; fi

# --- incremental: one more adoption rewrites only what changed ---
echo "a file of the site's owner" >"$W/CNAME"
cp -a "$W" "$T/before"
sleep 1.1
check "propose 3" C propose the-revolutionary-party --id 3 --title "Another (illustrative amendment I)" \
	--insert "(illustrative amendment I)" --after "We aim to build"
check "adopt 3" C adopt 3 --convention 2015-convention --date 2015-05-03 --vote 50-1-0
check "rebuild" C site "$W"
check "rebuild: unchanged files keep their times, changed ones are new" python3 - "$T/before" "$W" <<'PY'
import filecmp, os, sys
old, new = sys.argv[1], sys.argv[2]
same = changed = 0
for d, _, files in os.walk(new):
    for f in files:
        p = os.path.join(d, f)
        rel = os.path.relpath(p, new)
        q = os.path.join(old, rel)
        if os.path.exists(q) and filecmp.cmp(p, q, shallow=False):
            assert os.stat(p).st_mtime_ns == os.stat(q).st_mtime_ns, "rewritten though unchanged: " + rel
            same += 1
        else:
            assert os.stat(p).st_mtime_ns > os.stat(os.path.join(old, "index.html")).st_mtime_ns, rel
            changed += 1
for rel in ("amendments/1.html", "sections/workers-power.html", "blame/workers-power.html", "text/founding.html",
            "conventions/2013-convention.html"):
    assert filecmp.cmp(os.path.join(old, rel), os.path.join(new, rel), shallow=False), rel
for rel in ("index.html", "feed.xml", "amendments/3.html", "sections/the-revolutionary-party.html"):
    assert not os.path.exists(os.path.join(old, rel)) or not filecmp.cmp(os.path.join(old, rel), os.path.join(new, rel), shallow=False), rel
assert same > 10 and changed >= 4, (same, changed)
print(same, "kept,", changed, "written")
PY
contains "the owner's file is left alone" "$W/CNAME" "a file of the site's owner"
check "rebuild: links" python3 "$CHECK" links "$W"
check "rebuild: feed has the new adoption" python3 "$CHECK" feed "$W" "$(git -C "$S" rev-list --first-parent --count main)"
check "rebuild from scratch" C site "$T/site4"
rm -f "$W/CNAME"
check "a rebuild equals a fresh build" diff -r "$W" "$T/site4"
# A section that no longer exists: its pages go.
mkdir -p "$T/doc/sections"
git -C "$S" show main:README.md | grep -v "full-equality-and-liberation" >"$T/doc/README.md"
for s in socialism-not-capitalism workers-power the-revolutionary-party; do
	git -C "$S" show main:sections/$s.md >"$T/doc/sections/$s.md"
done
check "propose 4: remove a section" C propose --file "$T/doc" --id 4 --title "Remove a section (illustrative amendment J)"
check "adopt 4" C adopt 4 --convention 2015-convention --date 2015-05-04
check "rebuild after the removal" C site "$W"
for f in sections/full-equality-and-liberation.html blame/full-equality-and-liberation.html; do
	if [ -e "$W/$f" ]; then fail "$f is still there"; else pass; fi
done
if grep -q "full-equality-and-liberation.html" "$W/.charter-site"; then fail "manifest lists a removed page"; else pass; fi
check "links after the removal" python3 "$CHECK" links "$W"

# --- bad input: one line, nothing written ---
echo "not a folder" >"$T/file"
refuse "DIR is a file" 1 "is not a folder" C site "$T/file"
same "the file is untouched" "not a folder" "$(cat "$T/file")"
mkdir "$T/foreign" && echo "mine" >"$T/foreign/notes.txt"
refuse "DIR with files charter did not write" 1 "holds files charter did not write" C site "$T/foreign"
same "nothing written into the foreign folder" "notes.txt" "$(ls -A "$T/foreign")"
git init -q --bare "$T/empty.git"
refuse "a store without adoptions" 1 "no adoptions" "$CHARTER" --store "$T/empty.git" site "$T/nothing"
if [ -e "$T/nothing" ]; then fail "a folder was made for a store without adoptions"; else pass; fi
if [ "$(id -u)" -eq 0 ]; then unwritable=/proc/1/charter-site; else mkdir "$T/ro" && chmod 555 "$T/ro"; unwritable="$T/ro/site"; fi
refuse "unwritable folder" 1 "cannot" C site "$unwritable"
mkdir "$T/empty-dir"
check "an empty folder is fine" C site "$T/empty-dir"
if ls -d "$T"/*.charter-tmp-* 2>/dev/null; then fail "a temporary folder was left behind"; else pass; fi
echo "garbage" >"$T/empty-dir/.charter-site"
refuse "a manifest charter did not write" 1 "manifest" C site "$T/empty-dir"
finish
