/* Complete HTML pages around charter's fragments: one page shell and one
 * stylesheet for the export, redlines, history, blame, amendments and the
 * site. */
#ifndef CHARTER_HTML_H
#define CHARTER_HTML_H

#include <stdbool.h>

#include "base/buf.h"

/* The one HTML escaper. Append s[0..len) for a text node or a
 * double-quoted attribute: &, <, > and " escaped. */
void html_escape(buf *b, const char *s, size_t len);
/* The same for a C string (NULL appends nothing). */
void html_escape_str(buf *b, const char *s);

/* The same for any attribute value (NUL-terminated): ' escaped too. */
void html_escape_attr(buf *b, const char *s);

/* The same escaper for XML 1.0 (the office files' parts): &, <, >, " and '
 * escaped, and the characters XML forbids (C0 controls but TAB, LF and CR;
 * U+FFFE, U+FFFF) left out. For text nodes and attribute values alike. */
void xml_escape(buf *b, const char *s, size_t len);

/* The stylesheet (static). The site writes it as style.css. */
const char *html_stylesheet(void);

/* How a page is framed. */
typedef struct {
	/* NULL: a page that stands alone (the stylesheet inline). Otherwise a
	 * page of a site: the relative path to the site's root ("" or "../"),
	 * in front of style.css and feed.xml. */
	const char *root;
	const char *feed_title; /* site only: the Atom feed's title, or NULL */
	const char *extra_css;  /* more CSS for this page, or NULL */
	const char *nav;        /* HTML put before <main>, or NULL */
} html_shell;

/* Open a page: doctype, head with `title` (escaped), the stylesheet, the
 * navigation, and <main>. `shell` may be NULL (a page alone). */
void html_page_open(buf *b, const char *title, const html_shell *shell);

/* A page alone with the stylesheet plus `extra_css` (may be NULL). */
void html_page_begin(buf *b, const char *title, const char *extra_css);

/* Close what html_page_open / html_page_begin opened. */
void html_page_end(buf *b);

/* The legend of a redline: how insertions and deletions look. */
void html_redline_legend(buf *b);

/* Whether an HTML fragment holds a redline (<ins>, <del>, a move). */
bool html_has_redline(const char *s);

/* Append fragment `s` with every heading tag <hN>/</hN> moved `by` levels
 * (kept within 1..6). cmark escapes text, so tags are the only '<h'. */
void html_shift_headings(buf *b, const char *s, int by);

#endif
