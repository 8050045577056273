/* Inside `charter site`: the site being written, its output folder and
 * manifest, and the page writers. Public side: include/charter/site.h. */
#ifndef CHARTER_SITE_INTERNAL_H
#define CHARTER_SITE_INTERNAL_H

#include <pthread.h>

#include "base/buf.h"
#include "base/internal.h"
#include "lines/lines.h"

#define SITE_MANIFEST ".charter-site"

/* ---- site_output.c: the folder, the manifest, writing files ----------- */

typedef struct {
	char *path; /* relative to the site's folder */
	char key[33];  /* hash of what the page was made from ("-": none) */
	size_t size;
} site_entry;

typedef struct {
	char *dir;      /* the folder asked for */
	char *work;     /* where files go now: dir, or a temporary folder beside it */
	bool fresh;     /* a new site: `work` is renamed to `dir` at the end */
	site_entry *old, *cur;
	size_t nold, ncur, acur;
	charter_site_stats stats;
	pthread_mutex_t mu; /* pages are written from helper threads: guards cur and stats */
	bool mu_init;
} site_out;

/* Check `dir` and prepare to write: CHARTER_EINVALID when it is a file,
 * CHARTER_EEXISTS when it holds files and no manifest, CHARTER_ERROR when
 * it cannot be written. */
int site_out_open(site_out *o, const char *dir);

/* site_out_fresh and site_out_file may be called from several threads. */

/* A page made from inputs whose hash is `key`, if the manifest says it is
 * up to date (same key, the file there with the size written): it is kept
 * as it is and true is returned; the caller need not make it. */
bool site_out_fresh(site_out *o, const char *path, const char *key);
/* The same question, with nothing kept: for a look ahead. */
bool site_out_unchanged(const site_out *o, const char *path, const char *key);

/* Write `len` bytes as `path` unless the file there has them already. */
int site_out_file(site_out *o, const char *path, const char *key, const char *data, size_t len);

/* Write the manifest, remove files of the old one that are gone, and put
 * a new site in place. */
int site_out_finish(site_out *o);

/* Undo what can be undone (a new site's temporary folder) and free. */
void site_out_free(site_out *o);

/* The hex BLAKE2b-128 of data (out: 33 bytes). */
void site_hash(char out[33], const void *data, size_t len);

/* ---- site.c: what every page shares ----------------------------------- */

typedef struct {
	const charter_adoption *last; /* its last adoption on main */
	const char *name;
	char slug[80];
	size_t first, count;          /* its adoptions: log indexes, oldest first */
	charter_document *doc;        /* the text it left, once loaded (site_convention_doc) */
	unsigned users;               /* pages of it and the next convention not yet done with it */
} site_convention;

typedef struct {
	charter_store *store;
	charter_store *aux;           /* the log's, read on a helper thread; it keeps its repository */
	const charter_site_options *opts;
	const char *title;            /* the site's title */
	site_out out;
	charter_document *doc;
	charter_log *log;
	size_t nadopt;                /* adoptions; index 0 is the oldest here */
	site_convention *conv;
	size_t nconv;
	size_t *conv_of;              /* per adoption (oldest first): its convention */
	site_convention **named;      /* conventions with a name, sorted by it (first of each name) */
	size_t nnamed;
	site_convention *unnamed;     /* the first without a name */
	charter_amendment_list *amendments;
	const char **ids;              /* amendment ids, sorted (strcmp) */
	size_t nids;
	charter_verify_report *verify;
	int verify_rc;
	pthread_mutex_t mu;           /* guards the conventions' texts, loaded by pages on helper threads */
	lines_memo line_counts;       /* the blocks' line counts, for every numbered text */
	char base_key[33];            /* hash of the options and version */
	char sections_key[33];        /* hash of today's section slugs */
} site;

/* Adoption i, oldest first (0: the founding text). */
const charter_adoption *site_adoption(const site *s, size_t i);

/* The convention an adoption belongs to (by its Convention: name). */
const site_convention *site_convention_of(const site *s, const charter_adoption *a);

/* The convention of adoption i, oldest first. */
const site_convention *site_convention_at(const site *s, size_t i);

/* The text convention `c` left (loaded once, read through `store`, owned
 * by the site). Its users are the pages of conventions c and c + 1: each
 * says when it is done with it (site_convention_doc_done, whether it read
 * it or not), and it is freed after the last, so that a long record does
 * not hold every convention's text at once. */
int site_convention_doc(const charter_document **out, site *s, charter_store *store, size_t c);
void site_convention_doc_done(site *s, size_t c);

/* page(s, store, i) for every i in [0, n) on up to `threads` threads
 * (store_for: each with a store of its own; 0: one per core); pages write
 * through site_emit and may read what the site loaded, not change it.
 * The first failure. */
typedef int site_page_fn(site *s, charter_store *store, size_t i);
int site_parallel(site *s, size_t n, unsigned threads, site_page_fn *page);

/* Threads for pages that each hold a whole document's redline or history
 * (tens of MB): two at a time keep the peak memory near one's. */
#define SITE_BIG_PAGE_THREADS 2

/* Open a page at `path` (depth from its slashes) with `title`. */
void site_page_open(buf *b, const site *s, const char *path, const char *title);
void site_page_close(buf *b);

/* The relative root of `path`: "" or "../". */
const char *site_root(const char *path);

/* Write a page or file, and say so in the manifest. */
int site_emit(site *s, const char *path, const char *key, buf *b);

/* A key: the hash of the base key and `data`. */
void site_key(char out[33], const site *s, const char *data, size_t len);

/* Whether today's text has section `slug`; whether amendment `id` has a page. */
bool site_has_section(const site *s, const char *slug);
bool site_has_amendment(const site *s, const char *id);

/* The href (from the site's root) of an adoption's record: its amendment
 * page, or the text it adopted. */
void site_adoption_href(buf *b, const site *s, const charter_adoption *a);

/* Convention name as a file name: lowercase letters and digits, other runs
 * of characters as '-'. */
void site_slug(char out[80], const char *name);

/* site_text.c: the list of conventions, and one paragraph on verification,
 * for a page at `root` ("" or "../"). */
void site_conventions_list(buf *b, const site *s, const char *root);
void site_verify_status(buf *b, const site *s, const char *root);

/* ---- the pages ---------------------------------------------------------- */

typedef int site_step_fn(site *s);
site_step_fn site_home;              /* site_text.c: the home page */
site_step_fn site_amendment_pages;   /* site_record.c: amendments */
site_step_fn site_convention_pages;  /* site_record.c: conventions, the text as of each, verify */
/* site_text.c: text/<slug>.html, the text as convention `c` left it. */
int site_text_as_of(site *s, charter_store *store, size_t c);
/* site_text.c: sections and blame; `beside` (pages that read no
 * history) runs while the history index is made ready. */
int site_section_pages(site *s, site_step_fn *beside);
int site_feed(site *s);              /* site_feed.c: feed.xml, sitemap.xml */

#endif
