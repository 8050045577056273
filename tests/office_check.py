#!/usr/bin/env python3
"""Read charter's DOCX and ODT files as a word processor would, for the tests.

  office_check.py text FILE accept|reject|all
      the paragraphs of FILE (one per line; a line break inside a paragraph
      as "\\n", a tab as "\\t") with every tracked change accepted, rejected,
      or both shown (all).
  office_check.py markdown FILE
      the paragraphs of a Markdown text (a section as `charter show` prints
      it) as the same lines: headings without their #'s, soft line breaks
      as spaces, emphasis marks dropped (the test texts use * only).
  office_check.py valid FILE
      the file is a zip whose parts are well-formed XML; an ODT's first
      entry is `mimetype`, stored, without extra fields.
Independent of charter's code: the zip and XML are read with Python's
zipfile and xml.etree, the tracked changes by the OOXML and ODF rules.
Standard library only.
"""
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

W = '{http://schemas.openxmlformats.org/wordprocessingml/2006/main}'
TEXT = '{urn:oasis:names:tc:opendocument:xmlns:text:1.0}'
OFFICE = '{urn:oasis:names:tc:opendocument:xmlns:office:1.0}'


def split_paragraphs(stream):
    """A stream of ('t', s) and ('p',) (a paragraph break) as paragraphs."""
    paras, cur = [], []
    for item in stream:
        if item[0] == 'p':
            paras.append(''.join(cur))
            cur = []
        else:
            cur.append(item[1])
    paras.append(''.join(cur))
    return paras


def docx_stream(path, mode):
    """OOXML: w:ins runs are inserted, w:del runs struck; a paragraph mark
    with w:pPr/w:rPr/w:ins was inserted, with w:del struck (a struck mark
    joins its paragraph to the next)."""
    root = ET.fromstring(zipfile.ZipFile(path).read('word/document.xml'))
    body = root.find(W + 'body')
    ps = body.findall(W + 'p')
    out = []

    def keep(change):
        return mode == 'all' or change is None or (change == 'ins') == (mode == 'accept')

    def runs(elem, change):
        for child in elem:
            tag = child.tag
            if tag == W + 'r':
                if not keep(change):
                    continue
                for part in child:
                    if part.tag in (W + 't', W + 'delText'):
                        out.append(('t', part.text or ''))
                    elif part.tag == W + 'br':
                        out.append(('t', '\n'))
                    elif part.tag == W + 'tab':
                        out.append(('t', '\t'))
            elif tag == W + 'ins':
                runs(child, 'ins')
            elif tag == W + 'del':
                runs(child, 'del')

    for i, p in enumerate(ps):
        runs(p, None)
        if i + 1 == len(ps):
            break
        mark = None
        rpr = p.find(W + 'pPr/' + W + 'rPr')
        if rpr is not None:
            if rpr.find(W + 'ins') is not None:
                mark = 'ins'
            elif rpr.find(W + 'del') is not None:
                mark = 'del'
        if keep(mark):
            out.append(('p',))
    return out


def odt_stream(path, mode):
    """ODF: text between text:change-start and text:change-end of an
    insertion is inserted (paragraph breaks included); a text:change point
    stands for a deletion whose struck text is kept in its region, its
    paragraphs split by the paragraph breaks it struck."""
    root = ET.fromstring(zipfile.ZipFile(path).read('content.xml'))
    text = root.find(OFFICE + 'body/' + OFFICE + 'text')
    regions = {}
    tc = text.find(TEXT + 'tracked-changes')
    if tc is not None:
        for r in tc.findall(TEXT + 'changed-region'):
            rid = r.get(TEXT + 'id')
            ins, dele = r.find(TEXT + 'insertion'), r.find(TEXT + 'deletion')
            regions[rid] = ('ins', None) if ins is not None else ('del', dele)
    out = []
    inside = set()  # open insertions

    def emit(item):
        if item[0] == 't' and inside and mode == 'reject':
            return
        if item[0] == 'p' and inside and mode == 'reject':
            return
        out.append(item)

    def inline(elem):
        if elem.text:
            emit(('t', elem.text))
        for child in elem:
            tag = child.tag
            if tag == TEXT + 's':
                emit(('t', ' ' * int(child.get(TEXT + 'c', '1'))))
            elif tag == TEXT + 'tab':
                emit(('t', '\t'))
            elif tag == TEXT + 'line-break':
                emit(('t', '\n'))
            elif tag == TEXT + 'change-start':
                inside.add(child.get(TEXT + 'change-id'))
            elif tag == TEXT + 'change-end':
                inside.discard(child.get(TEXT + 'change-id'))
            elif tag == TEXT + 'change':
                kind, dele = regions[child.get(TEXT + 'change-id')]
                if mode != 'accept' and kind == 'del':
                    struck = [p for p in dele if p.tag in (TEXT + 'p', TEXT + 'h')]
                    for k, p in enumerate(struck):
                        if k:
                            out.append(('p',))
                        saved = set(inside)
                        inside.clear()
                        inline(p)
                        inside.update(saved)
            else:
                inline(child)
            if child.tail:
                emit(('t', child.tail))

    blocks = [e for e in text if e.tag in (TEXT + 'p', TEXT + 'h')]
    for i, p in enumerate(blocks):
        inline(p)
        if i + 1 < len(blocks):
            emit(('p',))
    return out


def paragraphs(path, mode):
    stream = docx_stream(path, mode) if path.endswith('.docx') else odt_stream(path, mode)
    return split_paragraphs(stream)


def markdown_paragraphs(path):
    with open(path, encoding='utf-8') as f:
        text = f.read()
    paras = []
    for block in re.split(r'\n\s*\n', text.strip('\n')):
        lines = [l.strip() for l in block.split('\n')]
        s = ' '.join(lines)
        s = re.sub(r'^#{1,6}\s+', '', s)
        s = s.replace('*', '')
        paras.append(s)
    return paras


def valid(path):
    z = zipfile.ZipFile(path)
    if z.testzip() is not None:
        sys.exit('%s: a damaged zip entry' % path)
    for name in z.namelist():
        if name.endswith('.xml') or name.endswith('.rels'):
            ET.fromstring(z.read(name))
    if path.endswith('.odt'):
        first = z.infolist()[0]
        if first.filename != 'mimetype' or first.compress_type != zipfile.ZIP_STORED or first.extra:
            sys.exit('%s: mimetype is not the first entry, stored, without extra fields' % path)
        if z.read('mimetype') != b'application/vnd.oasis.opendocument.text':
            sys.exit('%s: wrong mimetype' % path)
        with open(path, 'rb') as f:
            head = f.read(80)
        if head[30:38] != b'mimetype' or b'application/vnd.oasis.opendocument.text' not in head:
            sys.exit('%s: the mimetype is not readable at the start of the file' % path)
    else:
        for part in ('[Content_Types].xml', '_rels/.rels', 'word/document.xml', 'word/styles.xml'):
            z.getinfo(part)


def main():
    cmd = sys.argv[1]
    if cmd == 'text':
        paras = paragraphs(sys.argv[2], sys.argv[3])
    elif cmd == 'markdown':
        paras = markdown_paragraphs(sys.argv[2])
    elif cmd == 'valid':
        valid(sys.argv[2])
        return
    else:
        sys.exit('unknown command ' + cmd)
    for p in paras:
        print(p.replace('\\', '\\\\').replace('\n', '\\n').replace('\t', '\\t'))


main()
