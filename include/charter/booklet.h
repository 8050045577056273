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
 * `<span class="line" data-line="N">`) or LATEX. Other formats:
 * CHARTER_EINVALID. The caller frees `*out` with `charter_free()`.
 */
CHARTER_EXTERN(int) charter_export_numbered(char **out, size_t *out_len, const charter_document *doc,
	charter_format format);

#ifdef __cplusplus
}
#endif
#endif
