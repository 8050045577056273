/**
 * # charter/redline.h — word-level redlines between two texts
 *
 * A redline compares an old and a new version of some sections (one
 * section, or a whole document) and says, word by word, what stayed, what
 * was struck, what was inserted and which paragraphs moved.
 *
 * How it works: each section's Markdown is parsed with cmark and cut into
 * blocks (paragraphs, headings, list items, block quotes, code blocks...).
 * Blocks of a section are aligned with libgit2's patience diff; a changed
 * block that still shares most of its words with the block it replaced is
 * diffed word by word, so one changed word shows as one word. Paragraphs
 * whose words went into other paragraphs of the changed stretch — joined,
 * split — are aligned as one stream of words in which a paragraph break
 * is a token: a join shows as a struck break (`¶`), a split as an
 * inserted one, with the word changes inside. An equality too short to
 * read between a struck and an inserted passage (a lone common word) is
 * folded into the change, so a rewritten sentence reads as one strike and
 * one insert. A block
 * that disappeared in one place and reappeared elsewhere — in the same
 * section or in another one — is a *move*, with its own word-level changes
 * inside, when the two share long runs of words in order: the words of
 * runs of three or more make `move_threshold` percent of both (within its
 * section, four fifths of that: its place already speaks for it), or three
 * quarters of the shorter (at least 8 words: a paragraph moved with a
 * sentence added), and one run has five words or more. Passages that share
 * only scattered common words are never a move.
 *
 * Words, runs of whitespace and each punctuation mark are separate tokens;
 * tokens never split a UTF-8 character, apostrophes inside words
 * ("we’re") and separators inside numbers ("1,000") stay in the word.
 * Inline formatting is part of a token's identity: re-emphasising a word
 * is a change of that word.
 *
 * ## Operations
 *
 * The result is a list of operations in reading order of the new text,
 * with struck text placed where it stood. Each operation covers a run of
 * words inside one block, or a whole block:
 *
 * - `EQUAL`: text in both versions;
 * - `DELETE`: text only in the old version;
 * - `INSERT`: text only in the new version;
 * - `MOVE`: a whole block that moved, placed where it now stands; its
 *   `text` is its new text and its inner operations (see
 *   `charter_redline_inner()`) say how its words changed on the way.
 *
 * An operation's `text` is plain text — the words as a reader sees them,
 * without Markdown syntax (formatting is kept by the renderers). Within a
 * section, the texts of the EQUAL, INSERT and MOVE operations of one block,
 * in order, are that block's new text; EQUAL and DELETE (and a move's inner
 * EQUAL and DELETE) its old text.
 */
#ifndef CHARTER_REDLINE_H
#define CHARTER_REDLINE_H

#include "common.h"
#include "document.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct charter_redline charter_redline;

/** One side's section: the text of `sections/<slug>.md` (or any Markdown). */
typedef struct {
	const char *slug;     /**< NUL-terminated name, unique on its side; copied */
	const char *markdown; /**< `len` bytes, need not be NUL-terminated; NULL if len is 0; copied */
	size_t len;
} charter_redline_section;

typedef struct {
	unsigned int version;
	/** Percentage of words (0-100), in runs of three or more in order, a
	 *  block must share with a vanished block elsewhere to count as moved
	 *  (four fifths of it within one section);
	 *  0 means the default (50); above 100 turns move detection and
	 *  renames off. Renamed sections need 60 or this, if higher. */
	unsigned int move_threshold;
	/** Version 2: `charter_redline_option_flag` bits (0: none). */
	unsigned int flags;
} charter_redline_options;

/** Flags for `charter_redline_options.flags`: how texts are compared. */
typedef enum {
	/** Characters that differ only in typography are equal: curly and
	 *  straight quotes and apostrophes, dashes and hyphens, no-break and
	 *  other fixed-width spaces and a space, "…" and "...". A change of
	 *  typography alone is no change; the text shown is the new side's. */
	CHARTER_REDLINE_IGNORE_TYPOGRAPHY = 1u << 0,
} charter_redline_option_flag;

/* Version 1 (without `flags`) is still accepted. */
#define CHARTER_REDLINE_OPTIONS_VERSION 2
#define CHARTER_REDLINE_OPTIONS_INIT { CHARTER_REDLINE_OPTIONS_VERSION, 60, 0 }

typedef enum {
	CHARTER_REDLINE_EQUAL = 0,
	CHARTER_REDLINE_INSERT,
	CHARTER_REDLINE_DELETE,
	CHARTER_REDLINE_MOVE,
} charter_redline_kind;

/**
 * One operation. Read-only; it belongs to the redline it came from. Get
 * operations with `charter_redline_get()`/`charter_redline_inner()`, never
 * by pointer arithmetic: fields may be added at the end in later versions.
 */
typedef struct {
	charter_redline_kind kind;
	const char *text;         /**< plain text, NUL-terminated (may be "") */
	size_t text_len;          /**< bytes of `text` */
	const char *section;      /**< slug of the section it is in: for DELETE
	                               where it was, otherwise where it is now */
	const char *from_section; /**< MOVE: the section it moved from; an INSERT
	                               of a sentence moved here from another
	                               paragraph: that paragraph's section;
	                               else NULL */
	size_t block;             /**< index of its block in the section's redline
	                               (blocks counted in output order from 0) */
	size_t inner_count;       /**< MOVE, and an INSERT of a sentence moved
	                               here from another paragraph: number of
	                               inner operations (JSON `"ops"`); else 0 */
	/** 1 when the operation is a paragraph break (its `text` is ""): a
	 *  DELETE joins the paragraph with the next one, an INSERT splits it
	 *  here; else 0. JSON: `"break": true`. */
	int paragraph_break;
	/** 1 when the DELETE or INSERT is a change of typography only (curly
	 *  and straight quotes, dashes, no-break and other spaces, the
	 *  ellipsis): a DELETE and the INSERT after it read the same once
	 *  folded. Shown lighter; JSON: `"typography": true`. Else 0. */
	int typography;
	/** A DELETE of a sentence moved to another paragraph: that paragraph's
	 *  section (JSON `"to_section"`); else NULL. */
	const char *to_section;
	const char *renamed_from; /**< the section's slug on the old side when it
	                               differs from `section`: a section renamed
	                               (its text mostly the same); else NULL */
} charter_redline_op;

/**
 * Compare `old_sections[0..old_count)` with `new_sections[0..new_count)`.
 * Sections are matched by slug; then a section only on the old side and
 * one only on the new side that share most of their words (at least 60
 * percent, or `move_threshold` if higher, Dice over the words) are one *renamed*
 * section, compared block by block (its ops carry `renamed_from`). A
 * section left only on the old side is struck whole, one only on the new
 * side inserted whole (unless its blocks moved).
 * The output follows the new sections' order; a section that disappeared
 * comes right after the section that preceded it in the old order.
 *
 * Any bytes are accepted: NUL bytes and invalid UTF-8 are shown as U+FFFD,
 * CR and CRLF line endings read as LF. CHARTER_EINVALID for a NULL or
 * duplicate slug, a NULL text with a non-zero length, or options of another
 * version. `opts` may be NULL (the defaults).
 * Free the result with `charter_redline_free()`.
 */
CHARTER_EXTERN(int) charter_redline_init(charter_redline **out,
	const charter_redline_section *old_sections, size_t old_count,
	const charter_redline_section *new_sections, size_t new_count,
	const charter_redline_options *opts);

CHARTER_EXTERN(void) charter_redline_free(charter_redline *rl);

/** Number of (top-level) operations. */
CHARTER_EXTERN(size_t) charter_redline_count(const charter_redline *rl);

/** Operation `i` (< count), or NULL when out of range. Owned by `rl`. */
CHARTER_EXTERN(const charter_redline_op *) charter_redline_get(const charter_redline *rl, size_t i);

/** Inner operation `j` of operation `i`, or NULL when out of range: of a
 *  MOVE, the EQUAL, INSERT or DELETE words of the moved block; of the
 *  INSERT of a sentence moved from another paragraph, its words against
 *  the sentence where it was (EQUAL: moved unchanged; INSERT and DELETE:
 *  edited on the way). Owned by `rl`. */
CHARTER_EXTERN(const charter_redline_op *) charter_redline_inner(const charter_redline *rl,
	size_t i, size_t j);

/** 1 if anything changed (any operation other than EQUAL), else 0. */
CHARTER_EXTERN(int) charter_redline_changed(const charter_redline *rl);

/** "equal", "insert", "delete" or "move" (the JSON names); static string. */
CHARTER_EXTERN(const char *) charter_redline_kind_name(charter_redline_kind kind);

/**
 * What the redline amounts to, for a reader before the redline itself
 * (`charter record` prints it): sections added, removed and renamed (not
 * counting `README.md`), paragraphs moved, words inserted and struck.
 *
 * - TEXT: a line per kind that occurred (`sections: 1 added (x); 1
 *   renamed (a → b)`, `paragraphs: 2 moved`, `words: 12 inserted, 30
 *   struck`), then a line `warning: this version drops section 'x' ...` per
 *   removed section not every paragraph of which moved elsewhere;
 * - JSON: `{"sections_added": [slugs], "sections_removed": [slugs],
 *   "sections_renamed": [{"from", "to"}], "sections_dropped": [slugs],
 *   "paragraphs_moved", "words_inserted", "words_deleted"}`.
 *
 * The caller frees `*out` with `charter_free()`.
 */
CHARTER_EXTERN(int) charter_redline_summary(char **out, size_t *out_len, const charter_redline *rl,
	charter_format format);

/** Flags for `charter_redline_render()`. */
typedef enum {
	/** TEXT: ANSI colours (struck red deletions, green insertions, cyan
	 *  move notes) instead of `[-...-]` and `{+...+}`. */
	CHARTER_REDLINE_COLOR = 1u << 0,
	/** Leave out sections in which nothing changed. */
	CHARTER_REDLINE_CHANGED_ONLY = 1u << 1,
	/** TEXT, MARKDOWN: within each section, show only the changed blocks
	 *  (paragraphs, list items...), the N unchanged blocks on either side of
	 *  each and the headings; each run left out is one line, `[…]` (TEXT)
	 *  or the CriticMarkup comment `{>>…<<}` (MARKDOWN). Give it as
	 *  `CHARTER_REDLINE_CONTEXT(N)`; without it the whole text is shown.
	 *  HTML and JSON are not affected. */
	CHARTER_REDLINE_CONTEXT_ON = 1u << 2,
} charter_redline_flag;

/** The flag for `N` blocks of context (0-255; larger values count as 255),
 *  N in bits 8-15 of the flags. */
#define CHARTER_REDLINE_CONTEXT(n) \
	(CHARTER_REDLINE_CONTEXT_ON | ((unsigned int)((n) > 255 ? 255 : (n)) << 8))

/**
 * Render the redline in `format`:
 *
 * - `CHARTER_FORMAT_MARKDOWN`: the new Markdown (as written, unchanged
 *   blocks byte for byte) with CriticMarkup: `{--struck--}{++inserted++}`;
 *   a moved block starts with the note `{>>moved from SLUG<<}` and the note
 *   `{>>moved to SLUG<<}` stands where it was (within one section: `moved
 *   from above`/`below`, `moved up`/`down`). Sections are separated by a
 *   blank line.
 * - `CHARTER_FORMAT_TEXT`: the same for a terminal, with git's word-diff
 *   markers `[-struck-]{+inserted+}` and notes as `[moved from SLUG]`, or
 *   colours with `CHARTER_REDLINE_COLOR`.
 * - `CHARTER_FORMAT_HTML`: an HTML fragment rendered by cmark (safe mode):
 *   per section `<section class="redline" data-section="SLUG">` (with
 *   class `inserted` or `deleted` for a whole new or gone section), struck
 *   words in `<del>`, inserted ones in `<ins>`, a moved block inside
 *   `<div class="moved" data-from="SLUG">`, where it was
 *   `<p class="moved-away" data-to="SLUG">moved to SLUG</p>`.
 * - `CHARTER_FORMAT_JSON`: an array of operations `{"kind", "text",
 *   "section", "block"}`; a move adds `"from_section"` and `"ops"` (its
 *   inner operations, same shape); a paragraph break adds `"break": true`.
 * - `CHARTER_FORMAT_LATEX`: LaTeX paragraphs to put inside a document whose
 *   preamble loads `ulem` (normalem) and `color`: struck words in `\sout`,
 *   inserted ones in `\uline`, a sentence's words moved unchanged in
 *   `\dotuline`, a change of typography only in grey, notes
 *   as `[moved from SLUG]` in small italics, a heading in bold.
 *
 * A paragraph break struck or inserted is `{--¶--}`/`{++¶++}` in Markdown,
 * `[-¶-]`/`{+¶+}` in text and `<span class="pilcrow">¶</span>` inside the
 * `<del>`/`<ins>` in HTML, `\P{}` inside the mark in LaTeX.
 *
 * Other formats, or `out`/`rl` NULL: CHARTER_EINVALID; out of memory:
 * CHARTER_ERROR; `*out` is NULL then. The caller frees `*out` with
 * `charter_free()`; `out_len` may be NULL.
 */
CHARTER_EXTERN(int) charter_redline_render(char **out, size_t *out_len, const charter_redline *rl,
	charter_format format, unsigned int flags);

/**
 * Wrap an HTML fragment (from `charter_redline_render` or the caller's own)
 * in a complete page with charter's stylesheet: struck text red, inserted
 * green, moved blocks marked. `title` is escaped, `body` is used as given.
 * The caller frees `*out` with `charter_free()`.
 */
CHARTER_EXTERN(int) charter_html_page(char **out, size_t *out_len, const char *title, const char *body);

#ifdef __cplusplus
}
#endif
#endif
