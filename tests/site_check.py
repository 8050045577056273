#!/usr/bin/env python3
"""Check a site charter wrote (used by tests/cli/site_*.sh):

    site_check.py links DIR     every internal link and asset resolves (file and
                                #fragment), links are relative, every page has
                                lang, one <h1>, headings in order, the feed in <head>
    site_check.py feed DIR N    feed.xml is Atom with N entries, each complete
    site_check.py contrast DIR  the colours of style.css, light and dark, give text a
                                contrast of at least 4.5:1 on its background (WCAG)
"""
import re
import html.parser
import os
import sys
import urllib.parse
import xml.etree.ElementTree as ET


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids, self.links, self.headings, self.lang, self.has_feed = set(), [], [], None, False
        self.in_head = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "head":
            self.in_head = True
        if tag in ("a", "link") and "href" in a:
            self.links.append(a["href"])
            if tag == "link" and a.get("type") == "application/atom+xml" and self.in_head:
                self.has_feed = True
        if tag in ("img", "script") and "src" in a:
            self.links.append(a["src"])
        if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
            self.headings.append(int(tag[1]))

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False


def links(root):
    pages, bad = {}, []
    for d, _, files in os.walk(root):
        for f in files:
            if f.endswith(".html"):
                p = Page()
                path = os.path.join(d, f)
                p.feed(open(path, encoding="utf-8").read())
                pages[os.path.relpath(path, root)] = p
    assert pages, "no pages"
    count = 0
    for rel, p in sorted(pages.items()):
        if p.lang != "en":
            bad.append("%s: no lang" % rel)
        if not p.has_feed:
            bad.append("%s: no Atom feed link in <head>" % rel)
        if p.headings.count(1) != 1 or p.headings[0] != 1:
            bad.append("%s: not exactly one <h1> first: %s" % (rel, p.headings[:5]))
        for a, b in zip(p.headings, p.headings[1:]):
            if b > a + 1:
                bad.append("%s: heading level jumps from h%d to h%d" % (rel, a, b))
                break
        for href in p.links:
            count += 1
            u = urllib.parse.urlsplit(href)
            if u.scheme in ("http", "https", "mailto") and not u.netloc.endswith("example.org"):
                continue  # a link of the document's own text to elsewhere
            if u.scheme or u.netloc or href.startswith("/"):
                bad.append("%s: not a relative link: %s" % (rel, href))
                continue
            target = os.path.normpath(os.path.join(os.path.dirname(rel), urllib.parse.unquote(u.path))) if u.path else rel
            if target.startswith(".."):
                bad.append("%s: link leaves the site: %s" % (rel, href))
                continue
            if not os.path.isfile(os.path.join(root, target)):
                bad.append("%s: broken link %s" % (rel, href))
                continue
            if u.fragment and target.endswith(".html") and u.fragment not in pages[target].ids:
                bad.append("%s: no #%s in %s" % (rel, u.fragment, target))
    # The sitemap lists every page, and only pages.
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    locs = [e.text for e in ET.parse(os.path.join(root, "sitemap.xml")).getroot().iter(ns + "loc")]
    if sorted(locs) != sorted(pages):
        bad.append("sitemap.xml does not list exactly the pages: %s" % sorted(set(locs) ^ set(pages))[:5])
    if bad:
        sys.exit("\n".join(bad[:40]))
    print("%d pages, %d links checked" % (len(pages), count))


def feed(root, n):
    A = "{http://www.w3.org/2005/Atom}"
    t = ET.parse(os.path.join(root, "feed.xml")).getroot()
    assert t.tag == A + "feed", t.tag
    for k in ("title", "id", "updated", "author"):
        assert t.find(A + k) is not None, k
    entries = t.findall(A + "entry")
    assert len(entries) == n, (len(entries), n)
    ids = set()
    for e in entries:
        for k in ("title", "id", "updated", "link"):
            assert e.find(A + k) is not None, (k, ET.tostring(e))
        ids.add(e.find(A + "id").text)
        href = e.find(A + "link").get("href")
        u = urllib.parse.urlsplit(href)
        path = u.path
        if u.scheme:
            path = href[len(sys.argv[4]):] if len(sys.argv) > 4 else path
        assert os.path.isfile(os.path.join(root, path)), href
    assert len(ids) == n, "entry ids are not unique"
    print("%d entries" % n)


def contrast(root):
    css = open(os.path.join(root, "style.css")).read()
    def lum(h):
        h = h.lstrip("#")
        h = "".join(c * 2 for c in h) if len(h) == 3 else h
        c = [int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)]
        c = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]
    def ratio(a, b):
        x, y = sorted((lum(a), lum(b)), reverse=True)
        return (x + 0.05) / (y + 0.05)
    schemes = [dict(re.findall(r"--([a-z-]+):(#[0-9a-fA-F]{3,6})", block))
               for block in re.findall(r":root\{([^}]*)\}", css)]
    assert len(schemes) == 2, "a light and a dark scheme"
    pairs = [("fg", "bg"), ("muted", "bg"), ("link", "bg"), ("mark", "bg"), ("ins-fg", "ins-bg"),
             ("del-fg", "del-bg"), ("fg", "note-bg"), ("muted", "note-bg"), ("link", "note-bg"), ("mark", "note-bg")]
    bad = ["%s on %s: %.2f" % (a, b, ratio(v[a], v[b])) for v in schemes for a, b in pairs if ratio(v[a], v[b]) < 4.5]
    if bad:
        sys.exit("contrast below 4.5:1: " + ", ".join(bad))
    print("contrast ok")


if __name__ == "__main__":
    if sys.argv[1] == "links":
        links(sys.argv[2])
    elif sys.argv[1] == "contrast":
        contrast(sys.argv[2])
    else:
        feed(sys.argv[2], int(sys.argv[3]))
