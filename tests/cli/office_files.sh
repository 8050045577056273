#!/usr/bin/env bash
# DOCX and ODT files (issue 10, parts 4 and 6): export (plain and with line
# numbers), diff, amendment, history and booklet. Their redlines are real
# tracked changes: read by tests/office_check.py (zipfile + xml.etree, the
# OOXML and ODF rules), accepting every change gives the new text and
# rejecting every change the old, paragraph for paragraph, compared with
# `charter show` at both points; a paragraph join and a split are checked
# in the XML itself. Then LibreOffice, an independent reader, opens every
# file, and accepts and rejects all changes itself (a Basic macro in a
# private profile) with the same results; skipped, saying so, when
# CHARTER_TEST_EXTERNAL_VIEWERS=0 or soffice is not installed (Debian
# package libreoffice-writer-nogui). Every text and amendment here is
# illustrative, made up for this test, and says so.
. "$(dirname "$0")/../lib.sh"
OC() { python3 "$CHARTER_SOURCE_DIR/tests/office_check.py" "$@"; }

make_key secretary
export CHARTER_SIGNING_KEY="$T/keys/secretary"
mkdir -p "$T/st/sections"
cat >"$T/st/README.md" <<'EOF'
# An Illustrative Charter

This charter is illustrative only: it was made up for a test of charter's office files.

1. [Aims](sections/aims.md)
2. [Means](sections/means.md)
EOF
cat >"$T/st/sections/aims.md" <<'EOF'
# Aims

An illustrative first aim, made up for this test: it has words.

A second paragraph that stands alone here.

A third paragraph to be split. Its second sentence becomes a paragraph.

This paragraph is illustrative and moves to the end of the section, word for word, unchanged by the move.

It's a fifth paragraph with a straight apostrophe.

A last paragraph & its <markup>, struck by an illustrative amendment.
EOF
cat >"$T/st/sections/means.md" <<'EOF'
# Means

Illustrative means, made up for this test, stated in one paragraph.

A second illustrative paragraph about means.
EOF
S="$T/store"
check "init" "$CHARTER" init "$S" --from "$T/st" --adopted-on 2001-01-01 --convention "Founding Convention"
C() { "$CHARTER" --store "$S" "$@"; }

# A1: a paragraph inserted first, a join, a split, a word added with
# emphasis, a typography change, a move, a paragraph struck.
cat >"$T/a1.md" <<'EOF'
# Aims

A new opening paragraph, inserted by an illustrative amendment.

An illustrative first aim, made up for this test: it has *many* words. A second paragraph that stands alone here.

A third paragraph to be split.

Its second sentence becomes a paragraph.

It’s a fifth paragraph with a straight apostrophe.

This paragraph is illustrative and moves to the end of the section, word for word, unchanged by the move.
EOF
check "A1" C propose aims --id A1 --title "Rework the aims (illustrative)" --file "$T/a1.md" --date 2002-01-15 \
	--seconded-by "Ann Example <ann@example.org>" --rationale "An illustrative rationale."
check "adopt A1" C adopt A1 --convention "Second Convention" --date 2002-02-02 --vote 10-2-1
# A2: the last paragraph struck (the end of the document changes).
head -n 11 "$T/a1.md" >"$T/a2.md"
check "A2" C propose aims --id A2 --title "Strike the last paragraph (illustrative)" --file "$T/a2.md" --date 2003-03-01
check "adopt A2" C adopt A2 --convention "Third Convention" --date 2003-03-03
# A3: pending, for the booklet.
cat >"$T/a3.md" <<'EOF'
# Means

Illustrative means, made up for this test, stated in two paragraphs.

A second illustrative paragraph about means, amended.
EOF
check "A3" C propose means --id A3 --title "Restate the means (illustrative)" --file "$T/a3.md" --date 2004-01-01

C show aims --at "Founding Convention" >"$T/aims0.md"
C show aims --at A1 >"$T/aims1.md"
C show aims --at A2 >"$T/aims2.md"
OC markdown "$T/aims0.md" >"$T/p0"
OC markdown "$T/aims1.md" >"$T/p1"
OC markdown "$T/aims2.md" >"$T/p2"

# same_text DESCRIPTION FILE MODE EXPECTED: the paragraphs of FILE with its
# changes accepted or rejected, without the title (its first paragraph).
same_text() {
	OC text "$2" "$3" | tail -n +2 >"$T/got"
	if cmp -s "$4" "$T/got"; then pass; else fail "$1: $(diff "$4" "$T/got" | head -20)"; fi
}

for f in docx odt; do
	check "diff $f" C diff "Founding Convention" A1 aims --format $f -o "$T/d1.$f"
	check "diff $f is a valid file" OC valid "$T/d1.$f"
	same_text "diff $f: accepting all gives the new text" "$T/d1.$f" accept "$T/p1"
	same_text "diff $f: rejecting all gives the old text" "$T/d1.$f" reject "$T/p0"
	check "diff $f (the end struck)" C diff A1 A2 --format $f -o "$T/d2.$f"
	same_text "diff $f, the last paragraph struck: accept" "$T/d2.$f" accept "$T/p2"
	same_text "diff $f, the last paragraph struck: reject" "$T/d2.$f" reject "$T/p1"
	C diff "Founding Convention" A2 aims --format $f >"$T/d3.$f" && pass || fail "diff $f to a pipe"
	same_text "diff $f to a pipe: accept" "$T/d3.$f" accept "$T/p2"
	same_text "diff $f to a pipe: reject" "$T/d3.$f" reject "$T/p0"
done

# The join and the split, in the XML itself.
python3 - "$T/d1.docx" "$T/d1.odt" <<'PY' && pass || fail "a join and a split in the XML"
import sys, zipfile, xml.etree.ElementTree as ET
W = '{http://schemas.openxmlformats.org/wordprocessingml/2006/main}'
T = '{urn:oasis:names:tc:opendocument:xmlns:text:1.0}'
doc = ET.fromstring(zipfile.ZipFile(sys.argv[1]).read('word/document.xml'))
def text(p):
    return ''.join(t.text or '' for t in p.iter() if t.tag in (W + 't', W + 'delText'))
marks = {}
for p in doc.iter(W + 'p'):
    rpr = p.find(W + 'pPr/' + W + 'rPr')
    for kind in ('ins', 'del'):
        if rpr is not None and rpr.find(W + kind) is not None:
            e = rpr.find(W + kind)
            marks.setdefault(kind, []).append(text(p))
            assert e.get(W + 'author') == 'charter diff Founding Convention..A1', e.attrib
            assert e.get(W + 'date') == '2002-02-02T00:00:00Z', e.attrib
# The join: the first paragraph's mark struck; the split: an inserted mark.
assert any(t.startswith('An illustrative first aim') for t in marks['del']), marks
assert any(t.startswith('A third paragraph to be split.') for t in marks['ins']), marks
# Headings carry heading styles.
styles = [p.find(W + 'pPr/' + W + 'pStyle').get(W + 'val') for p in doc.iter(W + 'p')]
assert styles[0] == 'Title' and styles[1] == 'Heading1', styles
# Emphasis inserted: an italic run inside w:ins.
assert any(r.find(W + 'rPr/' + W + 'i') is not None for i in doc.iter(W + 'ins') for r in i.iter(W + 'r'))
# A move (the redline moves the fifth paragraph up): struck where it
# stood, inserted where it stands.
moved = 'fifth paragraph with a straight apostrophe'
dels = [''.join(t.text for t in d.iter(W + 'delText')) for d in doc.iter(W + 'del')]
inss = [''.join(t.text for t in d.iter(W + 't')) for d in doc.iter(W + 'ins')]
assert any(moved in s for s in dels) and any(moved in s for s in inss), (dels, inss)
odt = ET.fromstring(zipfile.ZipFile(sys.argv[2]).read('content.xml'))
regions = odt.find('.//' + T + 'tracked-changes')
joins = [r for r in regions if r.find(T + 'deletion') is not None and
         [''.join(p.itertext()) for p in r.find(T + 'deletion') if p.tag == T + 'p'] == ['', '']]
assert joins, 'no deletion region spanning a paragraph break alone'
hs = [h for h in odt.iter(T + 'h')]
assert hs and hs[0].get(T + 'outline-level') == '1' and hs[0].get(T + 'style-name') == 'Heading_20_1'
# Special characters arrive escaped and whole.
assert any('A last paragraph & its <markup>' in ''.join(p.itertext()) for p in regions.iter(T + 'p'))
PY

# export: plain, and with the line numbers of every other format.
C export --line-numbers >"$T/numbered.md"
python3 - "$T/numbered.md" >"$T/numbered" <<'PY'
import re, sys
for line in open(sys.argv[1], encoding='utf-8'):
    m = re.match(r'^ *(\d+)  (.*)$', line.rstrip('\n'))
    if m:
        print('%s\t%s' % m.groups())
PY
{ echo "An Illustrative Charter"; echo "This charter is illustrative only: it was made up for a test of charter's office files.";
  cat "$T/p2"; C show means | OC markdown /dev/stdin; } >"$T/pexport"
for f in docx odt; do
	check "export $f" C export --format $f -o "$T/e.$f"
	check "export $f is a valid file" OC valid "$T/e.$f"
	OC text "$T/e.$f" all | head -n -1 >"$T/got"
	cmp -s "$T/pexport" "$T/got" && pass || fail "export $f: the paragraphs: $(diff "$T/pexport" "$T/got" | head)"
	check "export $f --line-numbers" C export --format $f --line-numbers -o "$T/n.$f"
	OC text "$T/n.$f" all | sed 's/\\n/\n/g; s/\\t/\t/g' >"$T/got"
	cmp -s "$T/numbered" "$T/got" && pass || fail "export $f --line-numbers: the numbers of export --line-numbers: $(diff "$T/numbered" "$T/got" | head)"
done

# history: an entry per adoption, newest first; each entry's changes give
# the section as the adoption left it and as it found it.
{ echo "A2: Strike the last paragraph (illustrative)"; echo "A1: Rework the aims (illustrative)"; echo "An Illustrative Charter: founding text"; } >"$T/entries"
for f in docx odt; do
	check "history $f" C history aims --format $f -o "$T/h.$f"
	OC text "$T/h.$f" accept >"$T/ha"
	OC text "$T/h.$f" reject >"$T/hr"
	python3 - "$T/ha" "$T/hr" "$T/entries" "$T/p0" "$T/p1" "$T/p2" <<'PY' && pass || fail "history $f: each entry accepts to its text and rejects to the one before"
import sys
acc, rej = (open(p, encoding='utf-8').read().split('\n')[:-1] for p in sys.argv[1:3])
heads = open(sys.argv[3], encoding='utf-8').read().split('\n')[:-1]
p0, p1, p2 = (open(p, encoding='utf-8').read().split('\n')[:-1] for p in sys.argv[4:7])
def entries(lines):
    idx = [lines.index(h) for h in heads]
    return [lines[i + 2:j] for i, j in zip(idx, idx[1:] + [len(lines)])]  # skip the heading and its note
a, r = entries(acc), entries(rej)
assert acc[0] == 'History of aims', acc[0]
assert a[0] == p2 and r[0] == p1, (a[0], r[0])
assert a[1] == p1 and r[1] == p0, (a[1], r[1])
assert a[2] == p0 and r[2] == [], (a[2], r[2])
PY
done
contains "history: the changes credited to the amendment and its proposer" <(unzip -p "$T/h.docx" word/document.xml) \
	'w:author="A1 (Test Secretary &lt;secretary@example.org&gt;)" w:date="2002-02-02T00:00:00Z"'
contains "history odt: the same in change-info" <(unzip -p "$T/h.odt" content.xml) \
	'<dc:creator>A1 (Test Secretary &lt;secretary@example.org&gt;)</dc:creator><dc:date>2002-02-02T00:00:00</dc:date>'

# amendment and booklet: the redlines inside accept to the amended text.
contained() { # contained DESCRIPTION BIG SMALL: SMALL's lines appear in BIG, in a row
	python3 - "$2" "$3" <<'PY' && pass || fail "$1"
import sys
big, small = (open(p, encoding='utf-8').read().split('\n')[:-1] for p in sys.argv[1:3])
assert any(big[i:i + len(small)] == small for i in range(len(big))), (small, big)
PY
}
OC markdown "$T/a3.md" >"$T/pa3"
C show means | OC markdown /dev/stdin >"$T/pmeans"
for f in docx odt; do
	check "amendment $f" C amendment A1 --format $f -o "$T/a.$f"
	check "amendment $f is valid" OC valid "$T/a.$f"
	OC text "$T/a.$f" accept >"$T/aa"
	OC text "$T/a.$f" reject >"$T/ar"
	contained "amendment $f: accepted, the text it adopted" "$T/aa" "$T/p1"
	contained "amendment $f: rejected, the text before" "$T/ar" "$T/p0"
	contains "amendment $f: its record" "$T/aa" "Seconded by: Ann Example <ann@example.org>"
	check "booklet $f" C booklet --convention "Fourth Convention" --format $f -o "$T/b.$f"
	check "booklet $f is valid" OC valid "$T/b.$f"
	OC text "$T/b.$f" accept | sed 's/\\n/\n/g; s/\\t/\t/g' >"$T/ba"
	OC text "$T/b.$f" reject >"$T/br"
	contained "booklet $f: its numbered text is export's" "$T/ba" "$T/numbered"
	contained "booklet $f: A3 accepted, the means as amended" "$T/ba" "$T/pa3"
	contained "booklet $f: A3 rejected, today's means" "$T/br" "$T/pmeans"
	contains "booklet $f: the motion" "$T/ba" "Motion. In Means, line"
done

# Bad input: one line, an exit status, nothing written.
refuse "export: an unknown format" 2 "unknown format 'doc'" C export --format doc -o "$T/bad.doc"
refuse "diff docx: an unknown WHEN" 1 "" C diff "No Such Convention" --format docx -o "$T/bad.docx"
refuse "history odt: an unknown section" 1 "" C history no-such-section --format odt -o "$T/bad.odt"
[ ! -e "$T/bad.doc" ] && [ ! -e "$T/bad.docx" ] && [ ! -e "$T/bad.odt" ] && pass || fail "a refused command wrote a file"
if command -v script >/dev/null; then
	# On a terminal (a pseudo-terminal from script(1)), no binary without -o.
	for cmd in "export --format docx" "diff A1 --format odt" "amendment A1 --format docx" "history aims --format odt" \
		"booklet --format docx"; do
		script -qec "'$CHARTER' --store '$S' $cmd; echo \"rc=\$?\"" /dev/null >"$T/tty" 2>&1 </dev/null
		if grep -q "rc=2" "$T/tty" && grep -q "charter: --format .* writes a binary file" "$T/tty" && ! grep -q "PK" "$T/tty"; then
			pass
		else
			fail "$cmd on a terminal: $(head -c 300 "$T/tty")"
		fi
	done
else
	echo "SKIP: script(1) is not installed: the terminal refusal is not checked"
fi

# The same bytes for the same text (zip entries carry a fixed time).
C export --format odt -o "$T/e2.odt"
cmp -s "$T/e.odt" "$T/e2.odt" && pass || fail "two exports of the same text differ"

# LibreOffice: it opens every file; accepting and rejecting all changes
# in it gives the same texts.
if [ "${CHARTER_TEST_EXTERNAL_VIEWERS:-1}" = 0 ]; then
	echo "SKIP: CHARTER_TEST_EXTERNAL_VIEWERS=0: LibreOffice checks not run"
	finish
	exit
fi
SOFFICE=$(command -v soffice || command -v libreoffice || true)
if [ -z "$SOFFICE" ]; then
	echo "SKIP: soffice is not installed (Debian package 'libreoffice-writer-nogui'): LibreOffice checks not run"
	finish
	exit
fi
LO="$T/lo"
lo() { HOME="$T/lohome" timeout 300 "$SOFFICE" -env:UserInstallation="file://$LO" --headless "$@" >>"$T/lo.log" 2>&1; }
mkdir -p "$T/txt" "$T/lohome"
lo --convert-to "txt:Text (encoded):UTF8,LF" --outdir "$T/txt" "$T"/e.docx "$T"/n.odt "$T"/a.docx "$T"/h.odt "$T"/b.docx
for f in e n a h b; do
	[ -s "$T/txt/$f.txt" ] && pass || fail "LibreOffice did not read $f: $(tail -3 "$T/lo.log")"
done
contains "LibreOffice reads the numbered lines" "$T/txt/n.txt" "$(sed -n 3p "$T/numbered")"
# The profile exists now: put the macro that accepts or rejects all changes in it.
cat >"$LO/user/basic/Standard/Module1.xba" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Sub Review(jobs As String)
	Dim items, i, parts
	items = Split(jobs, "|")
	For i = 0 To UBound(items)
		parts = Split(items(i), "&gt;")
		ReviewOne(parts(0), parts(1), parts(2))
	Next i
End Sub

Sub ReviewOne(inUrl As String, mode As String, outUrl As String)
	Dim args(0) As New com.sun.star.beans.PropertyValue
	args(0).Name = "Hidden"
	args(0).Value = True
	Dim doc As Object
	doc = StarDesktop.loadComponentFromURL(inUrl, "_blank", 0, args())
	Dim disp As Object
	disp = createUnoService("com.sun.star.frame.DispatchHelper")
	If mode = "accept" Then
		disp.executeDispatch(doc.getCurrentController().getFrame(), ".uno:AcceptAllTrackedChanges", "", 0, Array())
	Else
		disp.executeDispatch(doc.getCurrentController().getFrame(), ".uno:RejectAllTrackedChanges", "", 0, Array())
	End If
	Dim o(1) As New com.sun.star.beans.PropertyValue
	o(0).Name = "FilterName"
	o(0).Value = "Text (encoded)"
	o(1).Name = "FilterOptions"
	o(1).Value = "UTF8,LF"
	doc.storeToURL(outUrl, o())
	doc.close(True)
End Sub
</script:module>
EOF
jobs=""
for d in d1 d2; do
	for f in docx odt; do
		for m in accept reject; do
			jobs="$jobs${jobs:+|}file://$T/$d.$f>$m>file://$T/txt/$d-$f-$m.txt"
		done
	done
done
lo "macro:///Standard.Module1.Review(\"$jobs\")"
lo_same() { # lo_same DESCRIPTION TXT EXPECTED: LibreOffice's text without its title
	sed '1s/^\xef\xbb\xbf//' "$2" | tail -n +2 >"$T/got"
	[ -n "$(tail -c1 "$T/got")" ] && echo >>"$T/got"
	if cmp -s "$3" "$T/got"; then pass; else fail "$1: $(diff "$3" "$T/got" | head -20)"; fi
}
for f in docx odt; do
	lo_same "LibreOffice accepts all of diff $f: the new text" "$T/txt/d1-$f-accept.txt" "$T/p1"
	lo_same "LibreOffice rejects all of diff $f: the old text" "$T/txt/d1-$f-reject.txt" "$T/p0"
	lo_same "LibreOffice accepts all, the end struck ($f)" "$T/txt/d2-$f-accept.txt" "$T/p2"
	lo_same "LibreOffice rejects all, the end struck ($f)" "$T/txt/d2-$f-reject.txt" "$T/p1"
done
finish
