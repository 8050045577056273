/* The document model shared by reading (from a commit or a folder) and
 * writing (a tree for a commit). */
#ifndef CHARTER_DOCUMENT_INTERNAL_H
#define CHARTER_DOCUMENT_INTERNAL_H

#include "base/buf.h"
#include "base/hash.h"
#include "base/internal.h"
#include "lines/lines.h"

typedef struct {
	char *slug;
	char *title;
	char *markdown; /* the whole file */
	const char *body; /* points into markdown, after the title line */
} doc_section;

struct charter_document {
	char *readme;   /* README.md as stored */
	char *title;
	char *preamble;
	doc_section *sections;
	size_t count;
	hset slug_ids;  /* slug -> index in sections */
	char commit[41];
	char date[11];
};

/* Fetch the text of sections/<slug>.md into `out` (raw bytes). */
typedef int (*doc_fetch_fn)(buf *out, const char *slug, void *payload);

/* Parse and check README.md (`readme`, raw bytes) and every section it
 * lists, fetched through `fetch`. Texts are normalised (see text_normalize).
 * On failure *out is NULL and the error names the file and the problem. */
int document_parse(charter_document **out, const char *readme, size_t readme_len,
	doc_fetch_fn fetch, void *payload);

/* Check that the set of section files present (`slugs`) equals the list in
 * README.md; the error names the first section missing or unlisted. */
int document_check_files(const charter_document *doc, char **slugs, size_t count);

/* Write the document's files (README.md, sections/<slug>.md) plus
 * `allowed_signers` (when not NULL) as a tree. */
int document_write_tree(git_oid *out, git_repository *repo, const charter_document *doc,
	const char *allowed_signers);

/* Load the document of a commit. */
int document_from_commit(charter_document **out, git_repository *repo, const git_commit *commit);

/* export.c: the document as HTML for a page: the preamble and each section
 * (<section id="SLUG">) as blocks <div class="blk" id="SLUG.pN"> that link
 * to themselves with the number of their first line as `export
 * --line-numbers` counts it (the preamble's ids start "_preamble.p").
 * `after_heading` (may be NULL) is called after each section's heading, and
 * with section (size_t)-1 after the preamble. `memo` (may be NULL) keeps
 * the blocks' line counts for the next call. */
int export_html_numbered(buf *out, const charter_document *doc,
	void (*after_heading)(buf *out, size_t section, void *payload), void *payload, lines_memo *memo);

#endif
