/**
 * # charter/history.h — the record of adoptions: log, history, blame, diff, record
 *
 * Every commit on `main`'s first-parent line is an *adoption*: the founding
 * text (the root commit), an amendment adopted by a convention (a merge
 * commit), or a version recorded from an archive by `charter_record()`.
 *
 * - `charter_log_load()`: the adoptions, newest first;
 * - `charter_history_load()`: every adoption that changed one section, each
 *   with its word-level redline (see `charter/redline.h`);
 * - `charter_blame_load()`: every word of a section attributed to the
 *   adoption that put it there;
 * - `charter_diff()`: the redline between two points in time;
 * - `charter_record()`: backfill a published version from an archive.
 *
 * Paragraphs are followed by content, not by position or file: a paragraph
 * that moved to another section (by an amendment, or between two recorded
 * versions whose sections were renamed, merged or split) keeps the words'
 * attribution in blame, and the history of the section it moved into
 * includes the adoptions that changed it before it moved.
 *
 * These functions keep a cache under the git directory,
 * `<gitdir>/charter/index-v1` (a checksummed file, rebuilt when missing,
 * stale or corrupt; deleting it is always safe), so that they need not
 * walk the commits again. Set the environment variable `CHARTER_INDEX=off`
 * to neither read nor write it.
 */
#ifndef CHARTER_HISTORY_H
#define CHARTER_HISTORY_H

#include "common.h"
#include "document.h"
#include "redline.h"
#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

/** What kind of record an adoption is. */
typedef enum {
	CHARTER_ADOPTION_FOUNDING = 0,  /**< the root commit: the founding text */
	CHARTER_ADOPTION_AMENDMENT = 1, /**< an amendment adopted by a convention */
	CHARTER_ADOPTION_RECORD = 2,    /**< a version recorded from an archive */
} charter_adoption_kind;

/** "founding", "amendment" or "record" (the JSON names). Static string. */
CHARTER_EXTERN(const char *) charter_adoption_kind_name(charter_adoption_kind kind);

/**
 * One adoption. Read-only; it belongs to the log, history or blame it came
 * from and lives as long as that. Fields may be added at the end.
 */
typedef struct {
	charter_adoption_kind kind;
	const char *commit;     /**< 40 hex digits */
	const char *amendment;  /**< the `Amendment:` trailer; NULL for the founding
	                             text and recorded versions */
	const char *title;      /**< the commit's first line (an amendment: its title) */
	const char *convention; /**< the `Convention:` trailer, or NULL */
	const char *date;       /**< the adoption date, YYYY-MM-DD */
	const char *vote;       /**< "FOR-AGAINST-ABSTAIN", or NULL */
	const char *source;     /**< the `Source:` trailer, or NULL */
	size_t section_count;   /**< the sections whose files it changed */
	const char *const *sections;
} charter_adoption;

/** Rendering flags for the functions below. */
typedef enum {
	/** TEXT: ANSI colours (as `CHARTER_REDLINE_COLOR`). */
	CHARTER_HISTORY_COLOR = 1u << 0,
	/** `charter_history_render()`: redlines compared with
	 *  `CHARTER_REDLINE_IGNORE_TYPOGRAPHY`, and an adoption that changed
	 *  nothing but typography left out. `charter_blame_load_opts()`: a
	 *  change of typography alone does not change a word's origin. */
	CHARTER_HISTORY_IGNORE_TYPOGRAPHY = 1u << 1,
	/** `charter_history_render()` TEXT and MARKDOWN: each adoption's
	 *  redline over the whole section as it stood before and after (with
	 *  `CHARTER_REDLINE_CONTEXT(N)` in the flags too: only the changed
	 *  paragraphs and N around them, from the whole section). Slower: two
	 *  texts are loaded per adoption. HTML and JSON are not affected. */
	CHARTER_HISTORY_WHOLE = 1u << 3,
} charter_history_flag;

/** ## Log */

typedef struct charter_log charter_log;

/**
 * The adoptions on `main`, newest first (`git log --first-parent main`).
 * With `section` (a slug; NULL for all), only those that changed that
 * section — the same adoptions as `charter_history_load()` lists.
 * CHARTER_ENOTFOUND when no adoption ever had that section.
 * Free with `charter_log_free()`. CHARTER_ENOTFOUND also when the store
 * has no `main`; CHARTER_ERROR when the history cannot be read; `*out` is
 * NULL on failure.
 */
CHARTER_EXTERN(int) charter_log_load(charter_log **out, charter_store *store, const char *section);

CHARTER_EXTERN(size_t) charter_log_count(const charter_log *log);

/** Adoption `i` (0 is the newest), or NULL when out of range. Owned by `log`. */
CHARTER_EXTERN(const charter_adoption *) charter_log_get(const charter_log *log, size_t i);

/**
 * Render the log: TEXT (one adoption per line: date, convention, amendment,
 * title, vote) or JSON: `[{"commit", "amendment", "title", "convention",
 * "date", "vote", "kind", "source", "sections": [slugs]}]`, newest first,
 * absent values as null. The caller frees `*out` with `charter_free()`.
 * CHARTER_EINVALID for another format, CHARTER_ERROR when out of memory;
 * `*out` is NULL then.
 */
CHARTER_EXTERN(int) charter_log_render(char **out, size_t *out_len, const charter_log *log,
	charter_format format, unsigned int flags);

CHARTER_EXTERN(void) charter_log_free(charter_log *log);

/** ## History */

typedef struct charter_history charter_history;

/**
 * Every adoption that changed section `section`, newest first, with only
 * adoptions after `since` (a WHEN, see `charter_resolve()`; NULL for all,
 * back to the founding text). An entry is either a change to the section
 * itself (paragraphs moved in or out are shown as moves, naming the other
 * section), or a change to a paragraph that is in the section today, made
 * while it stood in another section (`charter_history_section()` names it).
 * Free with `charter_history_free()`.
 */
CHARTER_EXTERN(int) charter_history_load(charter_history **out, charter_store *store, const char *section,
	const char *since);

CHARTER_EXTERN(size_t) charter_history_count(const charter_history *h);

/** The adoption of entry `i` (0 is the newest), or NULL. Owned by `h`. */
CHARTER_EXTERN(const charter_adoption *) charter_history_adoption(const charter_history *h, size_t i);

/** The section entry `i` changed: the section asked for, or the section a
 *  paragraph of it stood in at the time; NULL when `i` is out of range.
 *  Owned by `h`. */
CHARTER_EXTERN(const char *) charter_history_section(const charter_history *h, size_t i);

/**
 * The redline of entry `i`: the changed paragraphs before and after that
 * adoption (unchanged paragraphs around them are left out). Computed on
 * each call; free it with `charter_redline_free()`.
 */
CHARTER_EXTERN(int) charter_history_redline(charter_redline **out, const charter_history *h, size_t i);

/**
 * Render the whole history, newest first:
 * - TEXT: a heading line per adoption, then its redline (`[-struck-]{+inserted+}`,
 *   or colours with CHARTER_HISTORY_COLOR);
 * - MARKDOWN: a `##` heading per adoption, then its redline in CriticMarkup;
 * - HTML: a complete page, an `<article>` per adoption;
 * - JSON: `[{"commit", "amendment", "title", "convention", "date", "vote",
 *   "kind", "section", "operations": [{"kind", "text", "section", ...}]}]`,
 *   the operations as `charter_redline_render()` gives them;
 * - DOCX, ODT (binary; `*out_len` bytes): a heading per adoption, then the
 *   whole section before and after it as tracked changes (charter/office.h)
 *   credited to "ID (Proposer <email>)" (a founding text or recorded version:
 *   its convention) and dated as adopted; accepting an entry's changes gives
 *   the section as it left it, rejecting them as it found it (the store
 *   `h` was loaded from must still be open).
 * The TEXT, MARKDOWN, HTML and JSON redlines show only the changed paragraphs (see CHARTER_HISTORY_WHOLE
 * for more; the store `h` was loaded from must still be open then). The caller frees `*out`
 * with `charter_free()`. CHARTER_EINVALID for another format (LATEX, MAN,
 * XML), CHARTER_ERROR when out of memory or a redline cannot be computed;
 * `*out` is NULL then.
 */
CHARTER_EXTERN(int) charter_history_render(char **out, size_t *out_len, const charter_history *h,
	charter_format format, unsigned int flags);

CHARTER_EXTERN(void) charter_history_free(charter_history *h);

/** ## Blame */

typedef struct charter_blame charter_blame;

/** A run of text adopted by one adoption. Owned by the blame. */
typedef struct {
	const char *text;   /**< NUL-terminated */
	size_t len;
	const charter_adoption *adoption;
} charter_blame_segment;

/**
 * Attribute every word of section `section` as adopted at `at` (a WHEN;
 * NULL: today) to the adoption that put it there. The segments, in text
 * order, concatenate to exactly the section's file (`# Title` line
 * included); a segment is a maximal run of words of one adoption, the
 * blanks and line breaks after a word going with it. The founding text is
 * an adoption like the others: its words have kind FOUNDING and no
 * amendment (NULL; `null` in JSON). Free with `charter_blame_free()`.
 */
CHARTER_EXTERN(int) charter_blame_load(charter_blame **out, charter_store *store, const char *section,
	const char *at);

typedef struct {
	unsigned int version;
	unsigned int flags; /**< `CHARTER_HISTORY_IGNORE_TYPOGRAPHY` (0: none) */
} charter_blame_options;

#define CHARTER_BLAME_OPTIONS_VERSION 1
#define CHARTER_BLAME_OPTIONS_INIT { CHARTER_BLAME_OPTIONS_VERSION, 0 }

/**
 * `charter_blame_load()` with options (`opts` may be NULL: the same).
 * With `CHARTER_HISTORY_IGNORE_TYPOGRAPHY` the words are attributed as if
 * every version had been written in plain typography (a word whose quotes
 * or dashes alone changed keeps its origin), computed afresh without the
 * cache; the segments are still the section's own text.
 */
CHARTER_EXTERN(int) charter_blame_load_opts(charter_blame **out, charter_store *store, const char *section,
	const char *at, const charter_blame_options *opts);

CHARTER_EXTERN(size_t) charter_blame_count(const charter_blame *b);
/** Segment `i` in text order, NULL when `i` is out of range
 *  (`charter_blame_get(b, 999)` on a shorter blame). Owned by `b`. */
CHARTER_EXTERN(const charter_blame_segment *) charter_blame_get(const charter_blame *b, size_t i);

/**
 * Render the blame:
 * - TEXT: paragraph by paragraph, each run of words on a line of its own
 *   after its adoption (date, convention, amendment);
 * - HTML: a complete page, every run in a `<span>` coloured by convention,
 *   with the adoption in its `title`, and a legend;
 * - JSON: `[{"text", "amendment", "convention", "date", "commit", "kind",
 *   "title"}]` in text order.
 * The caller frees `*out` with `charter_free()`. CHARTER_EINVALID for
 * another format, CHARTER_ERROR when out of memory; `*out` is NULL then.
 */
CHARTER_EXTERN(int) charter_blame_render(char **out, size_t *out_len, const charter_blame *b,
	charter_format format, unsigned int flags);

CHARTER_EXTERN(void) charter_blame_free(charter_blame *b);

/** ## Diff */

/**
 * The word-level redline between the text adopted at `from` and at `to`
 * (WHENs; `to` NULL: today). With `section` (a slug), that section only;
 * otherwise the whole document: `README.md` (title, preamble, the list of
 * sections, under the name "README.md") and every section, so paragraphs
 * that moved between sections show as moves. CHARTER_ENOTFOUND when the
 * section is in neither text. `opts` may be NULL. Free the result with
 * `charter_redline_free()`.
 */
CHARTER_EXTERN(int) charter_diff(charter_redline **out, charter_store *store, const char *from, const char *to,
	const char *section, const charter_redline_options *opts);

/** ## Record: backfill from archives */

typedef struct {
	unsigned int version;
	const char *adopted_on;  /**< YYYY-MM-DD, required; not before main's latest adoption */
	const char *convention;  /**< required: a slug, e.g. "1983-convention" */
	const char *source;      /**< optional `Source:` trailer: where the text was found */
	const charter_identity *by; /**< who records it; required */
	charter_signer *signer;  /**< required; must be listed in main's `.charter/allowed_signers` */
} charter_record_options;

#define CHARTER_RECORD_OPTIONS_VERSION 1
#define CHARTER_RECORD_OPTIONS_INIT { CHARTER_RECORD_OPTIONS_VERSION, NULL, NULL, NULL, NULL, NULL }

/**
 * Record the whole text in `dir` (laid out like `statements/`: README.md and
 * sections/<slug>.md) as adopted by `convention` on `adopted_on`: a signed
 * commit on `main` whose only parent is the previous `main`, with the
 * trailers `Convention`, `Adopted-on`, `Source` (when given) and
 * `Recorded-from: archive`. The allowed signers are carried over from
 * `main`. Sections may be renamed, merged or split between versions: the
 * new version's slugs are kept, and history and blame follow paragraphs by
 * their content.
 *
 * Everything is checked before anything is written: the folder (UTF-8, no
 * NUL, slugs, titles), the date (CHARTER_EINVALID when it is before main's
 * latest adoption), the convention name, the signer. CHARTER_ENOTFOUND when
 * the store has no text yet (use `charter_store_init()` for the first
 * version); CHARTER_EINVALID when the text is the same as main's. A store
 * with a work tree on `main` is updated; local edits are refused first
 * (CHARTER_ESTATE). `out` (41 bytes, may be NULL) receives the commit id.
 */
CHARTER_EXTERN(int) charter_record(char out[41], charter_store *store, const char *dir,
	const charter_record_options *opts);

/**
 * What `charter_record()` did, for people or programs, with the summary of
 * what changed (`charter_redline_summary()` of the diff between `commit`'s
 * parent and `commit`): TEXT the line "Recorded DIR as adopted by the NAME
 * convention on DATE: commit ID", then the summary's lines indented (its
 * `warning:` lines unindented); JSON `{"commit", "from": dir, "convention",
 * "date", "source" (null when not given), "summary": {...}}`. `commit` is
 * the commit `charter_record()` returned, `opts` the options it was given.
 * The caller frees `*out` with `charter_free()`.
 */
CHARTER_EXTERN(int) charter_record_render(char **out, size_t *out_len, charter_store *store, const char *commit,
	const char *dir, const charter_record_options *opts, charter_format format);

/** ## Reading fast */

/**
 * Process-wide: read packs through small windows (a low peak memory on
 * large stores) and turn off libgit2's object cache (each object is read
 * once). Every object's hash is still checked as it is read: corrupt or
 * substituted text is an error naming the object, never printed. For
 * programs that only read history (the charter tool calls it for log,
 * history, diff, blame and site); do not call it while another thread
 * works on the store, since libgit2's settings are global.
 */
CHARTER_EXTERN(int) charter_history_fast_reads(void);

#ifdef __cplusplus
}
#endif
#endif
