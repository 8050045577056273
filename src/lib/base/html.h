/* Complete HTML pages around charter's fragments: one stylesheet for the
 * export, redlines, history and blame. */
#ifndef CHARTER_HTML_H
#define CHARTER_HTML_H

#include "base/buf.h"

/* Append s[0..len) with &, <, > and " escaped. */
void html_escape(buf *b, const char *s, size_t len);

/* Open a page: doctype, head with `title` (escaped), the shared stylesheet
 * plus `extra_css` (may be NULL), and <body>. */
void html_page_begin(buf *b, const char *title, const char *extra_css);

/* Close what html_page_begin opened. */
void html_page_end(buf *b);

#endif
