/**
 * # charter/site.h — a static website of the whole record
 *
 * `charter_site_write()` writes, into one folder, pages a member can read
 * on a phone, on a desk and on paper, with relative links only (the
 * folder works from `file://`, any static host and a subfolder):
 *
 * - `index.html`: the adopted text with a table of contents, paragraph
 *   anchors and the line numbers of `export --line-numbers`, the
 *   conventions, the verification status;
 * - `sections/<slug>.html`: a section's text and its timeline (every
 *   adoption that changed it, with its redline, grouped by convention);
 *   `blame/<slug>.html`: who adopted each passage, as visible notes;
 * - `amendments/index.html`, `amendments/<id>.html`: every amendment with
 *   its record, signatures and redlines;
 * - `conventions/index.html`, `conventions/<slug>.html`: what each
 *   convention adopted, rejected and withdrew, and the redline of the
 *   whole document against the convention before; `text/<slug>.html`:
 *   the text as that convention left it (`text/founding.html` for the
 *   founding text);
 * - `verify.html`, `feed.xml` (Atom, one entry per adoption),
 *   `sitemap.xml`, `style.css`;
 * - `.charter-site`: charter's manifest of the files it wrote.
 *
 * The same store gives byte-identical files. Writing into a folder that
 * holds a site already rewrites only the files whose content changed
 * (the others keep their modification times) and removes the files of
 * pages that no longer exist; files the manifest does not list are left
 * alone.
 */
#ifndef CHARTER_SITE_H
#define CHARTER_SITE_H

#include "common.h"
#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Options for `charter_site_write()`. Start from CHARTER_SITE_OPTIONS_INIT. */
typedef struct {
	unsigned int version;
	const char *title;    /**< the site's name; NULL: the document's title */
	/** The absolute URL the site is served from ("https://example.org/platform/"),
	 *  used only where a link must be absolute: the feed and the sitemap. NULL: relative. */
	const char *base_url;
} charter_site_options;

#define CHARTER_SITE_OPTIONS_VERSION 1
#define CHARTER_SITE_OPTIONS_INIT { CHARTER_SITE_OPTIONS_VERSION, NULL, NULL }

/** What a write did. */
typedef struct {
	size_t files;     /**< files of the site (the manifest included) */
	size_t written;   /**< of them, written now (new or changed) */
	size_t removed;   /**< files of pages that no longer exist, removed */
} charter_site_stats;

/**
 * Write the site of `store` into folder `dir`. `dir` must be missing,
 * empty, or a site charter wrote (it holds `.charter-site`); otherwise
 * CHARTER_EEXISTS, and CHARTER_EINVALID when it is not a folder. A new
 * site is written into a temporary folder beside `dir` and renamed into
 * place; an existing one is updated file by file, each file written
 * beside itself and renamed, so no file is ever half-written. A store
 * without adoptions is CHARTER_ENOTFOUND. `out` and `opts` may be NULL.
 */
CHARTER_EXTERN(int) charter_site_write(charter_site_stats *out, charter_store *store, const char *dir,
	const charter_site_options *opts);

#ifdef __cplusplus
}
#endif
#endif
