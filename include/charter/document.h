/**
 * # charter/document.h — the adopted text and its export
 */
#ifndef CHARTER_DOCUMENT_H
#define CHARTER_DOCUMENT_H

#include "common.h"
#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct charter_document charter_document;

/**
 * Load the document as adopted at WHEN (see `charter_resolve()`; NULL for
 * the tip of `main`). Free with `charter_document_free()`.
 * Returns 0; CHARTER_ENOTFOUND when the store has no `main` or WHEN names
 * nothing (the message says which form it tried); CHARTER_EINVALID for a
 * WHEN that is not UTF-8 or not a calendar date, or a stored text that is
 * not a valid document; CHARTER_ERROR when git cannot read it. `*out` is
 * NULL on failure.
 */
CHARTER_EXTERN(int) charter_document_load(charter_document **out, charter_store *store, const char *when);

/**
 * Load and validate a statements folder (`README.md` + `sections/<slug>.md`)
 * from disk: slugs, UTF-8, no NUL bytes, every listed section present and
 * every present section listed. CRLF line endings are normalised to LF.
 * CHARTER_ENOTFOUND when `dir` or its README.md is missing, CHARTER_EINVALID
 * (naming the file and line) for anything else wrong; `*out` NULL then.
 */
CHARTER_EXTERN(int) charter_document_from_dir(charter_document **out, const char *dir);

CHARTER_EXTERN(void) charter_document_free(charter_document *doc);

/** The title (the `# Title` line of README.md, without the `# `). */
CHARTER_EXTERN(const char *) charter_document_title(const charter_document *doc);
/** The preamble: the Markdown between the title and the list of sections. */
CHARTER_EXTERN(const char *) charter_document_preamble(const charter_document *doc);
/** The commit the document was read from (hex), or "" when read from a folder. */
CHARTER_EXTERN(const char *) charter_document_commit(const charter_document *doc);
/** The adoption date of that commit (YYYY-MM-DD), or "" when read from a folder. */
CHARTER_EXTERN(const char *) charter_document_date(const charter_document *doc);

/* Sections in order; the indexed accessors return NULL for `i` out of range. */
CHARTER_EXTERN(size_t) charter_document_section_count(const charter_document *doc);
CHARTER_EXTERN(const char *) charter_document_section_slug(const charter_document *doc, size_t i);
CHARTER_EXTERN(const char *) charter_document_section_title(const charter_document *doc, size_t i);
/** The whole file `sections/<slug>.md`: `# Title`, a blank line, the text. */
CHARTER_EXTERN(const char *) charter_document_section_markdown(const charter_document *doc, size_t i);
/** The section's text without its `# Title` line. */
CHARTER_EXTERN(const char *) charter_document_section_body(const charter_document *doc, size_t i);

/** Index of the section `slug`; CHARTER_ENOTFOUND (naming the slug) if absent. */
CHARTER_EXTERN(int) charter_document_section_find(size_t *out, const charter_document *doc, const char *slug);

/** Flags for `charter_document_sections_render()`. */
enum {
	/** TEXT: ANSI colours (as `CHARTER_REDLINE_COLOR`). */
	CHARTER_DOCUMENT_COLOR = 1u << 0,
};

/**
 * Render the list of sections, in order: TEXT, a line per section (the slug
 * padded to 32 columns, the title); JSON, `[{"slug", "title"}]` and a
 * newline. Other formats: CHARTER_EINVALID. The caller frees `*out` with
 * `charter_free()`; `*out_len` (may be NULL) is its length.
 */
CHARTER_EXTERN(int) charter_document_sections_render(char **out, size_t *out_len, const charter_document *doc,
	charter_format format, unsigned int flags);

typedef struct {
	unsigned int version;
	charter_format format;   /**< TEXT is rendered as MARKDOWN */
	int line_numbers;        /**< MARKDOWN/TEXT, HTML, LATEX, DOCX, ODT: the text numbered by the
	                              pinned rule of doc/LINE-NUMBERS.md (as `charter_export_numbered()`) */
} charter_export_options;

#define CHARTER_EXPORT_OPTIONS_VERSION 1
#define CHARTER_EXPORT_OPTIONS_INIT { CHARTER_EXPORT_OPTIONS_VERSION, CHARTER_FORMAT_MARKDOWN, 0 }

/**
 * Render the whole document: the title, the preamble, then each section
 * under its title, through cmark's renderers. HTML is a complete page;
 * JSON is `{"title", "preamble", "commit", "date", "sections": [{"slug",
 * "title", "markdown"}]}`. DOCX and ODT are files (zip archives, binary:
 * `*out_len` is their length): the title in the Title style, section
 * titles and headings in heading styles, a paragraph per paragraph; with
 * line numbers, each block a paragraph whose lines are "N<tab>line" with a
 * line break between them, numbered by charter's pinned rule (not the word
 * processor's own line numbering, which counts its own lines).
 * The caller frees `*out` with `charter_free()`.
 * CHARTER_EINVALID for an unknown `opts->version` or line numbers with a
 * format other than MARKDOWN/TEXT, HTML, LATEX, DOCX or ODT; CHARTER_ERROR when out of memory; `*out`
 * is NULL then. `opts` may be NULL (markdown).
 */
CHARTER_EXTERN(int) charter_export(char **out, size_t *out_len, const charter_document *doc,
	const charter_export_options *opts);

/**
 * Render section `i` of `doc` alone: TEXT and MARKDOWN give its file as
 * stored (`# Title`, its text); HTML a complete page with the section in
 * `<section id="SLUG">` and the adoption date; JSON `{"slug", "title",
 * "markdown", "commit", "date"}` (commit and date "" when read from a
 * folder); LATEX, MAN and XML cmark's renderings of the section (a
 * fragment, without a preamble). The caller frees `*out` with
 * `charter_free()`; `out_len` may be NULL. CHARTER_ENOTFOUND when `i` is
 * out of range, CHARTER_EINVALID for an unknown format; `*out` is NULL then.
 */
CHARTER_EXTERN(int) charter_document_section_render(char **out, size_t *out_len, const charter_document *doc,
	size_t i, charter_format format);

#ifdef __cplusplus
}
#endif
#endif
