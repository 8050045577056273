/**
 * # charter/office.h — redlines as Word and OpenDocument files
 *
 * DOCX (OOXML) and ODT (OpenDocument text) files of a redline, in which
 * every insertion and deletion is a real tracked change: a word processor
 * shows it as one, and accepting all changes gives the new text, rejecting
 * all the old, exactly.
 *
 * - DOCX: inserted runs in `w:ins`, struck runs in `w:del` (`w:delText`),
 *   each with `w:author` and `w:date`; a paragraph break struck (two
 *   paragraphs joined) is `w:pPr/w:rPr/w:del` of the first paragraph, one
 *   inserted (a paragraph split) `w:pPr/w:rPr/w:ins`.
 * - ODT: `text:tracked-changes` with one `text:changed-region` per change:
 *   an insertion between `text:change-start` and `text:change-end`, a
 *   deletion at a `text:change` with what it struck (paragraph breaks as
 *   paragraphs) in its region.
 *
 * Paragraphs map to paragraphs, headings carry heading styles (the
 * document's title the Title style), emphasis and strong emphasis are
 * italic and bold. A block that moved is struck where it stood and inserted
 * where it stands (the word changes inside it are not shown); a change of
 * typography only is a deletion and an insertion like any other.
 * Files are built in memory and handed over whole; the bytes are binary
 * (never for a terminal).
 */
#ifndef CHARTER_OFFICE_H
#define CHARTER_OFFICE_H

#include "common.h"
#include "document.h"
#include "redline.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Options for `charter_redline_office()`. Start from CHARTER_OFFICE_OPTIONS_INIT. */
typedef struct {
	unsigned int version;
	charter_format format; /**< CHARTER_FORMAT_DOCX or CHARTER_FORMAT_ODT */
	const char *title;     /**< a title above the redline (not a change), and the file's title; NULL: none */
	const char *author;    /**< who made the changes (`w:author`, `dc:creator`); NULL: "charter" */
	const char *date;      /**< when (YYYY-MM-DD; `w:date`, `dc:date`); NULL: none */
	unsigned int flags;    /**< CHARTER_REDLINE_CHANGED_ONLY: leave out sections in which nothing changed */
} charter_office_options;

#define CHARTER_OFFICE_OPTIONS_VERSION 1
#define CHARTER_OFFICE_OPTIONS_INIT { CHARTER_OFFICE_OPTIONS_VERSION, CHARTER_FORMAT_DOCX, NULL, NULL, NULL, 0 }

/**
 * The redline `rl` as a DOCX or ODT file with tracked changes. `*out` holds
 * the file's bytes (`*out_len` of them; `out_len` may not be NULL: the
 * bytes contain NULs); the caller frees it with `charter_free()`.
 * CHARTER_EINVALID for another format, a date that is not YYYY-MM-DD, an
 * unknown `opts->version`, or `rl`/`opts` NULL; CHARTER_ERROR when out of
 * memory or the zip cannot be made; `*out` is NULL then.
 */
CHARTER_EXTERN(int) charter_redline_office(char **out, size_t *out_len, const charter_redline *rl,
	const charter_office_options *opts);

#ifdef __cplusplus
}
#endif
#endif
