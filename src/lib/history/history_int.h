/* Shared by log, history and blame: adoptions as the public API shows them. */
#ifndef CHARTER_HISTORY_INTERNAL_H
#define CHARTER_HISTORY_INTERNAL_H

#include "base/buf.h"
#include "cache/cache.h"

/* The history cache plus the adoptions made public so far (lazily, per adoption). */
typedef struct {
	hist_cache *ix;
	charter_adoption **made; /* per adoption; NULL until asked for */
} hist_view;

int view_init(hist_view *v, hist_cache *ix);
void view_free(hist_view *v);

/* The public form of adoption `k`; NULL on out-of-memory (error set). */
const charter_adoption *view_adoption(hist_view *v, uint32_t k);

/* The id of a section slug for a command, checking it: CHARTER_EINVALID
 * for a malformed slug, CHARTER_ENOTFOUND when no adoption ever had it
 * (which may make every adoption's changes known). */
int view_section(uint32_t *out, hist_cache *ix, const char *section);

/* WHEN to an adoption of the cache. */
int view_resolve(uint32_t *out, charter_store *store, const hist_cache *ix, const char *when);

/* Bring the history index up to date for all of `sections` at once (one
 * replay of the adoptions for all of them, one write of the index), for
 * callers about to load the history or blame of each. */
int history_prepare(charter_store *store, const char *const *sections, size_t n);

/* Append an adoption as JSON fields (no braces): "commit": ..., "amendment": ... */
void json_adoption_fields(buf *b, const charter_adoption *a);

/* The redline between two documents (charter_diff() without resolving
 * WHENs); CHARTER_ENOTFOUND (no message) when `section` is in neither. */
int history_diff_documents(charter_redline **out, const charter_document *a, const charter_document *b,
	const char *section, const charter_redline_options *opts);

/* blame.c: the blame of a section as HTML for a page: each paragraph with a
 * numbered mark after every passage and, beside it, notes naming the
 * adoption of each mark. `href` (may be NULL) appends the link of an
 * adoption (its amendment's page), or nothing for none. */
typedef void (*blame_href_fn)(buf *b, const charter_adoption *a, void *payload);
void blame_html_body(buf *b, const charter_blame *bl, blame_href_fn href, void *payload);
const char *blame_section(const charter_blame *bl);

/* history.c: entry `i` of a history as an HTML <article> whose heading is
 * an <hN> of `level`, the redline's headings below it; `href` as for blame
 * (the adoption's amendment page), and a legend before it is the caller's. */
int history_html_entry(buf *b, const charter_history *h, size_t i, int level, blame_href_fn href, void *payload);

#endif
