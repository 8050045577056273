/**
 * # charter/booklet.h — line-numbered text and the convention's booklet
 *
 * Line numbers follow one pinned rule (doc/LINE-NUMBERS.md): every block
 * of the text (the document's title, its preamble's paragraphs, each
 * section's title and blocks) is read as plain text and broken at spaces
 * into lines of at most 72 characters; lines are numbered from 1 at the
 * document's title through the whole document. The same numbers appear in
 * every format and in `propose --at-line`.
 */
#ifndef CHARTER_BOOKLET_H
#define CHARTER_BOOKLET_H

#include "common.h"
#include "document.h"
#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * The whole document with its line numbers in `format`: MARKDOWN or TEXT
 * (`%5u  line`, a blank line between blocks), HTML (a page, each line a
 * `<span class="line" data-line="N">`) or LATEX. Other formats (DOCX and
 * ODT through `charter_export()` with `line_numbers`): CHARTER_EINVALID. The caller frees `*out` with `charter_free()`.
 */
CHARTER_EXTERN(int) charter_export_numbered(char **out, size_t *out_len, const charter_document *doc,
	charter_format format);

/** Options for `charter_booklet()`. Start from CHARTER_BOOKLET_OPTIONS_INIT. */
typedef struct {
	unsigned int version;
	charter_format format;  /**< MARKDOWN (or TEXT), HTML (print-ready page), JSON, DOCX or ODT */
	const char *convention; /**< the convention's name for the title page; NULL: none */
} charter_booklet_options;

#define CHARTER_BOOKLET_OPTIONS_VERSION 1
#define CHARTER_BOOKLET_OPTIONS_INIT { CHARTER_BOOKLET_OPTIONS_VERSION, CHARTER_FORMAT_MARKDOWN, NULL }

/**
 * The convention's booklet: today's text line-numbered, then every pending
 * amendment in order (each secondary under its primary) with its id,
 * title, proposer and seconders, its motion in Robert's Rules' words
 * generated from the word diff and citing those lines ("In Workers’ Power,
 * line 31, strike out "…" and insert "…"."), its redline (with the base's
 * line numbers of each paragraph in the margin: Markdown, HTML, LaTeX), its rationale
 * and the amendments it collides with. JSON: `{"document", "convention",
 * "base", "lines", "amendments": [{"id", "title", "motion", "lines":
 * [first, last] or null, "proposed_by", "seconded_by", "collides_with",
 * "amends", "rationale"}]}`. DOCX and ODT (binary; `*out_len` bytes): the
 * numbered text as `charter_export()` numbers it, then each amendment with
 * its redlines as tracked changes (charter/office.h) credited to "ID
 * (Proposer <email>)". The caller frees `*out` with `charter_free()`.
 *
 * When the booklet of `convention` was frozen (`charter_booklet_freeze()`),
 * the booklet numbers the frozen text instead of today's, and each
 * motion is the amendment's change to the text it was proposed on: lines
 * are cited only where that text is the one numbered. JSON adds
 * `"frozen": true` then.
 */
CHARTER_EXTERN(int) charter_booklet(char **out, size_t *out_len, charter_store *store,
	const charter_booklet_options *opts);

/** Options for `charter_booklet_freeze()`. Start from CHARTER_FREEZE_OPTIONS_INIT. */
typedef struct {
	unsigned int version;
	const charter_identity *by; /**< the tagger; required */
	charter_signer *signer;     /**< required; an allowed signer */
} charter_freeze_options;

#define CHARTER_FREEZE_OPTIONS_VERSION 1
#define CHARTER_FREEZE_OPTIONS_INIT { CHARTER_FREEZE_OPTIONS_VERSION, NULL, NULL }

/**
 * Freeze the booklet of `convention` (as written, any case, or its slug):
 * a signed annotated tag `booklet/<slug>` on the tip of `main` (signed as
 * `git tag -s` with an SSH key signs; `git verify-tag` accepts it), so that
 * the booklet's line numbers can be cited later: `charter_booklet()` for
 * that convention numbers the frozen text, and `propose --at-line` (the
 * `at_line` of `charter_propose_options`) reads its line numbers from the
 * booklet frozen last of a convention not closed yet. Freezing again
 * while main has not moved is a no-op; CHARTER_EEXISTS when the booklet
 * was frozen on another text, or the convention is closed. `out` (41
 * bytes, may be NULL) receives the tag object's id.
 */
CHARTER_EXTERN(int) charter_booklet_freeze(char out[41], charter_store *store, const char *convention,
	const charter_freeze_options *opts);

#ifdef __cplusplus
}
#endif
#endif
