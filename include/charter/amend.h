/**
 * # charter/amend.h — amendments: propose, adopt, reject, withdraw, close
 *
 * How a convention changes the text (doc/DESIGN.md, "Records"):
 *
 * - A **proposal** is a commit whose first parent is `main` at proposal
 *   time and whose tree is that text with the amendment applied, at
 *   `refs/amendments/<id>`.
 * - An **adoption** is a signed merge commit on `main` (parents: the
 *   previous `main`, the proposal). Its tree is the proposal's change
 *   merged word by word into the text as it stands, so amendments filed
 *   against an older text still apply as long as they change other words.
 * - A **rejection** or **withdrawal** is a signed commit whose parent is the
 *   proposal (same tree) with an `Outcome:` trailer.
 * - `refs/outcomes/<id>` points at the adoption, rejection or withdrawal of
 *   `<id>`, so the state of an amendment is one ref lookup. `main` is the
 *   authority: an amendment is adopted exactly when its adoption is on
 *   `main`; a missing outcome ref (a process killed between moving `main`
 *   and writing the ref) is found from `main` and written again.
 * - Closing a convention makes the signed annotated tag `convention/<slug>`.
 *
 * Every function here checks all of its input before it writes anything:
 * when it fails, the store is as it was (at most an unreferenced object
 * remains when another writer won a race).
 */
#ifndef CHARTER_AMEND_H
#define CHARTER_AMEND_H

#include "common.h"
#include "document.h"
#include "redline.h"
#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

/** ## States */
typedef enum {
	CHARTER_AMENDMENT_PENDING = 0,
	CHARTER_AMENDMENT_ADOPTED,
	CHARTER_AMENDMENT_REJECTED,
	CHARTER_AMENDMENT_WITHDRAWN,
} charter_amendment_state_t; /* `_t`: `charter_amendment_state()` is the accessor */

/** "pending", "adopted", "rejected", "withdrawn". Static string. */
CHARTER_EXTERN(const char *) charter_amendment_state_name(charter_amendment_state_t state);

/** ## Proposing
 *
 * The forms of Robert's Rules. Phrases are matched in the section's text
 * (not its title line) with typographic variants equal (’ and ', — and -,
 * a no-break space and a space, … and ...) and otherwise exactly; the text
 * keeps its own characters. A phrase must occur exactly once there;
 * otherwise CHARTER_EINVALID says how many times it occurs (or, when it
 * occurs only if spacing and marks such as -- for a dash are forgiven,
 * what the text has there). Inserted
 * words are joined to their neighbours with one space (none before
 * punctuation); a struck phrase takes one of its surrounding spaces with it.
 */
typedef enum {
	CHARTER_CHANGE_STRIKE = 0,    /**< strike `phrase`; with `text`: strike it and insert `text` in its place */
	CHARTER_CHANGE_INSERT_AFTER,  /**< insert `text` after `phrase` */
	CHARTER_CHANGE_INSERT_BEFORE, /**< insert `text` before `phrase` */
	CHARTER_CHANGE_SUBSTITUTE,    /**< `text` is the section as amended: its text, or the whole
	                                   file starting with its unchanged `# Title` line */
	CHARTER_CHANGE_DOCUMENT,      /**< `document` is the whole document as amended (several
	                                   sections, README.md: order, titles, new or removed sections) */
} charter_change_kind;

/** Options for `charter_propose()`. Start from CHARTER_PROPOSE_OPTIONS_INIT. */
typedef struct {
	unsigned int version;
	charter_change_kind kind;
	const char *section;     /**< the section's slug; every kind but DOCUMENT */
	const char *phrase;      /**< STRIKE, INSERT_*: the words struck or the anchor */
	const char *text;        /**< the words inserted (STRIKE: optional), or SUBSTITUTE's text */
	size_t text_len;         /**< length of `text` (it may hold a NUL byte, which is refused);
	                              0: strlen(text) */
	const charter_document *document; /**< DOCUMENT: e.g. from charter_document_from_dir() */
	const char *id;          /**< as conventions print them (A1, A1.1, GA-3, 12); NULL: the next
	                              free number ("1", "2", ...), or `<to>.<n>` for a secondary */
	const char *title;       /**< one line; required */
	const char *rationale;   /**< free text; NULL or "" for none */
	const charter_identity *by;                 /**< the proposer; required */
	const charter_identity *const *seconded_by; /**< `seconded_count` seconders (may be NULL) */
	size_t seconded_count;
	charter_signer *signer;  /**< signs the proposal; NULL: unsigned */
	/* Version 2: */
	const char *date;        /**< the day it was proposed, YYYY-MM-DD (author date at noon UTC,
	                              and `proposed_on`), e.g. backfilled from minutes; not after
	                              tomorrow (UTC). NULL: now */
	const char *to;          /**< amend pending amendment `to` (a secondary amendment): phrases
	                              are looked up in its proposed text. NULL: amend main */
	unsigned int at_line;    /**< STRIKE, INSERT_*: the phrase's occurrence on this line of the
	                              line-numbered text (doc/LINE-NUMBERS.md); 0: it must occur once */
} charter_propose_options;

/* Version 1 ends at `signer`; both are accepted. */
#define CHARTER_PROPOSE_OPTIONS_VERSION 2
#define CHARTER_PROPOSE_OPTIONS_INIT { CHARTER_PROPOSE_OPTIONS_VERSION, CHARTER_CHANGE_STRIKE, \
	NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL, 0 }

/**
 * Record a proposal: the current text of `main` with the change applied,
 * checked as a whole (UTF-8, no empty section, at least one section,
 * consistent titles), at `refs/amendments/<id>`. `*out_id` is the id used,
 * owned by the caller (`charter_free()`); `out_id` may be NULL.
 * CHARTER_EEXISTS when the id is taken, CHARTER_ENOTFOUND for an unknown
 * section, CHARTER_EINVALID for bad input or a change that changes nothing.
 */
CHARTER_EXTERN(int) charter_propose(char **out_id, charter_store *store, const charter_propose_options *opts);

/** ## Adopting */

/** Options for `charter_adopt()`. Start from CHARTER_ADOPT_OPTIONS_INIT. */
typedef struct {
	unsigned int version;
	const char *convention;  /**< required: the convention's name as written, e.g. "2013 Convention" */
	const char *date;        /**< required: YYYY-MM-DD, not before main's latest adoption */
	const char *vote;        /**< "FOR-AGAINST-ABSTAIN" (digits), or NULL */
	/** The text the convention actually adopted, instead of the merge (for a
	 *  collision, or an amendment amended on the floor): the section as with
	 *  CHARTER_CHANGE_SUBSTITUTE, for an amendment that changes one section. */
	const char *as_amended_text;
	size_t as_amended_len;   /**< length of `as_amended_text`; 0: strlen() */
	/** The same for any amendment: the whole document as adopted. At most
	 *  one of the two. `.charter/allowed_signers` is not taken from it. */
	const charter_document *as_amended_document;
	const charter_identity *by; /**< who records it; required */
	charter_signer *signer;  /**< required; must be listed in main's `.charter/allowed_signers` */
} charter_adopt_options;

#define CHARTER_ADOPT_OPTIONS_VERSION 1
#define CHARTER_ADOPT_OPTIONS_INIT { CHARTER_ADOPT_OPTIONS_VERSION, NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL }

/**
 * Adopt amendment `id`: write the signed merge commit and move `main` to it
 * (compare-and-swap), then `refs/outcomes/<id>`. When another writer moves
 * `main` meanwhile, the merge is redone on the new text, a few times, before
 * CHARTER_EMOVED ("main moved, retry"). A store with a work tree on `main`
 * is updated; local edits to the files the adoption changes are refused
 * (CHARTER_ESTATE) before anything is written. `out` (41 bytes, may be
 * NULL) receives the adoption commit's id.
 * CHARTER_ECONFLICT when the change collides with the text as it stands
 * (the message names the section, the paragraph and the adopted amendment
 * it collides with); CHARTER_ESTATE when `id` is not pending; CHARTER_EVERIFY
 * when the signer's key is not an allowed signer, or when `by` is not the
 * principal the key is listed under (charter_error_last_option(): "by").
 * CHARTER_ESTATE with `out` filled in when main moved (the amendment is
 * adopted) but the work tree could not be updated; the next writer repairs it.
 */
CHARTER_EXTERN(int) charter_adopt(char out[41], charter_store *store, const char *id,
	const charter_adopt_options *opts);

/** ## Rejecting, withdrawing */

/** Options for `charter_reject()` and `charter_withdraw()`. */
typedef struct {
	unsigned int version;
	const char *convention;  /**< reject: required; withdraw: optional */
	const char *date;        /**< YYYY-MM-DD; NULL: today (UTC) */
	const char *vote;        /**< "FOR-AGAINST-ABSTAIN", or NULL */
	const charter_identity *by; /**< required */
	charter_signer *signer;  /**< required. reject: an allowed signer; withdraw: an
	                              allowed signer or the key that signed the proposal */
} charter_outcome_options;

#define CHARTER_OUTCOME_OPTIONS_VERSION 1
#define CHARTER_OUTCOME_OPTIONS_INIT { CHARTER_OUTCOME_OPTIONS_VERSION, NULL, NULL, NULL, NULL, NULL }

/**
 * Record that the convention rejected pending amendment `id`, or that its
 * proposer withdrew it: a signed commit on top of the proposal, at
 * `refs/outcomes/<id>`. `out` (41 bytes, may be NULL) receives its id.
 * CHARTER_ESTATE when `id` is not pending.
 */
CHARTER_EXTERN(int) charter_reject(char out[41], charter_store *store, const char *id,
	const charter_outcome_options *opts);
CHARTER_EXTERN(int) charter_withdraw(char out[41], charter_store *store, const char *id,
	const charter_outcome_options *opts);

/** ## Closing a convention */

typedef struct {
	unsigned int version;
	const char *date;        /**< required: YYYY-MM-DD, not before main's latest adoption */
	const charter_identity *by; /**< the tagger; required */
	charter_signer *signer;  /**< required; an allowed signer */
} charter_close_options;

#define CHARTER_CLOSE_OPTIONS_VERSION 1
#define CHARTER_CLOSE_OPTIONS_INIT { CHARTER_CLOSE_OPTIONS_VERSION, NULL, NULL, NULL }

/**
 * Close convention `name` (as written, any case, or its slug): a signed
 * annotated tag `convention/<slug>` on the tip of `main`, whose message
 * names it as its adoptions wrote it (SSH signature appended to the message, as git does;
 * `git verify-tag` accepts it). CHARTER_EEXISTS when it is closed already.
 * `out` (41 bytes, may be NULL) receives the tag object's id.
 */
CHARTER_EXTERN(int) charter_convention_close(char out[41], charter_store *store, const char *name,
	const charter_close_options *opts);

/**
 * The slug of convention `name` (doc/DESIGN.md, "Names people use"): its
 * tag is `convention/<slug>`. "1986 Convention" gives "1986-convention".
 * `out` receives at most 200 bytes and a NUL; "" when the name has no
 * letter or digit (such a name is refused everywhere).
 */
CHARTER_EXTERN(void) charter_convention_slug(char out[201], const char *name);

/** ## Reading amendments */

typedef struct charter_amendment charter_amendment;

/** Flags for `charter_amendment_load()` and `charter_amendments_list()`. */
enum {
	/** Pending ones: merge into today's text (applies, collision). */
	CHARTER_AMENDMENT_CHECK_APPLIES = 1 << 0,
	/** List: pending ones that collide with each other (implies CHECK_APPLIES). */
	CHARTER_AMENDMENT_CHECK_COLLISIONS = 1 << 1,
	/** Load the texts of the files changed (for a redline) and the signatures. */
	CHARTER_AMENDMENT_DETAILS = 1 << 2,
	/** `charter_amendment_load()` of a primary: its secondary amendments too
	 *  (`charter_amendment_secondary()`), the pending ones with DETAILS. */
	CHARTER_AMENDMENT_SECONDARIES = 1 << 3,
};

/**
 * Load amendment `id` (CHARTER_ENOTFOUND when there is none) with its
 * state and outcome. Free with `charter_amendment_free()`. CHARTER_ERROR
 * when its records cannot be read; `*out` is NULL on failure.
 */
CHARTER_EXTERN(int) charter_amendment_load(charter_amendment **out, charter_store *store, const char *id,
	unsigned int flags);

CHARTER_EXTERN(void) charter_amendment_free(charter_amendment *a);

typedef struct charter_amendment_list charter_amendment_list;

/**
 * Every amendment in the store, in the natural order of their ids (runs of
 * digits compare as numbers: 2, 12, A2, A10), each secondary amendment
 * right after its primary. Free with
 * `charter_amendment_list_free()`, which frees the amendments too.
 * Returns 0, also when there are none (an empty list); CHARTER_ENOTFOUND
 * when the store has no `main`; CHARTER_ERROR when a record cannot be read
 * (the message names it). `*out` is NULL on failure.
 */
CHARTER_EXTERN(int) charter_amendments_list(charter_amendment_list **out, charter_store *store,
	unsigned int flags);
CHARTER_EXTERN(size_t) charter_amendment_list_count(const charter_amendment_list *list);
/** The i-th amendment, NULL when `i` is out of range; owned by the list. */
CHARTER_EXTERN(const charter_amendment *) charter_amendment_list_get(const charter_amendment_list *list,
	size_t i);
CHARTER_EXTERN(void) charter_amendment_list_free(charter_amendment_list *list);

/* Accessors. Strings are owned by the amendment and never NULL: "" when
 * absent (see charter/common.h); indexed ones return NULL for `i` out of
 * range. */
CHARTER_EXTERN(const char *) charter_amendment_id(const charter_amendment *a);
CHARTER_EXTERN(const char *) charter_amendment_title(const charter_amendment *a);
CHARTER_EXTERN(const char *) charter_amendment_rationale(const charter_amendment *a);
CHARTER_EXTERN(charter_amendment_state_t) charter_amendment_state(const charter_amendment *a);
CHARTER_EXTERN(size_t) charter_amendment_section_count(const charter_amendment *a);
CHARTER_EXTERN(const char *) charter_amendment_section(const charter_amendment *a, size_t i);
/** "Name <email>" */
CHARTER_EXTERN(const char *) charter_amendment_proposed_by(const charter_amendment *a);
CHARTER_EXTERN(size_t) charter_amendment_seconded_count(const charter_amendment *a);
CHARTER_EXTERN(const char *) charter_amendment_seconded_by(const charter_amendment *a, size_t i);
/** The primary amendment this one amends (a secondary amendment,
 *  `Amends:`), or "" for a primary. */
CHARTER_EXTERN(const char *) charter_amendment_amends(const charter_amendment *a);
/** Loaded with CHARTER_AMENDMENT_SECONDARIES: the amendments to this one,
 *  in the natural order of their ids (0 for a secondary, or without the
 *  flag). The i-th, NULL when `i` is out of range; owned by `a`. */
CHARTER_EXTERN(size_t) charter_amendment_secondary_count(const charter_amendment *a);
CHARTER_EXTERN(const charter_amendment *) charter_amendment_secondary(const charter_amendment *a, size_t i);
/** The day it was proposed, YYYY-MM-DD. */
CHARTER_EXTERN(const char *) charter_amendment_proposed_on(const charter_amendment *a);
/** The record an adoption merges (the proposal commit; once secondaries
 *  were adopted into it, the last merge on refs/amendments/<id>), and the
 *  text it was proposed against (main then; for a secondary, its primary's
 *  record). */
CHARTER_EXTERN(const char *) charter_amendment_proposal_commit(const charter_amendment *a);
CHARTER_EXTERN(const char *) charter_amendment_base_commit(const charter_amendment *a);
/** The adoption, rejection or withdrawal commit ("" while pending). */
CHARTER_EXTERN(const char *) charter_amendment_outcome_commit(const charter_amendment *a);
/** Convention, date (YYYY-MM-DD) and vote of the outcome; "" when absent
 *  (pending; a withdrawal without convention; no vote given). */
CHARTER_EXTERN(const char *) charter_amendment_convention(const charter_amendment *a);
CHARTER_EXTERN(const char *) charter_amendment_date(const charter_amendment *a);
CHARTER_EXTERN(const char *) charter_amendment_vote(const charter_amendment *a);
/** Adopted with a text the convention gave (`--as-amended`), not the merge. */
CHARTER_EXTERN(int) charter_amendment_as_amended(const charter_amendment *a);
/** 1 when a record of the amendment (proposal or outcome) did not pass the
 *  checks `propose` makes — control characters in its title, names or
 *  trailers (shown as `?`), or a `Section:` that is not a slug — so it came
 *  from elsewhere (sync, plain git); `adopt` refuses such a proposal. 0
 *  otherwise. */
CHARTER_EXTERN(int) charter_amendment_sanitized(const charter_amendment *a);

/** With CHECK_APPLIES, for a pending amendment: 1 when it merges cleanly into
 *  today's text, 0 when not (then `collision` says why); -1 when not checked
 *  or not pending. */
CHARTER_EXTERN(int) charter_amendment_applies(const charter_amendment *a);
/** Why it does not apply (one line), "" when it applies or was not checked. */
CHARTER_EXTERN(const char *) charter_amendment_collision(const charter_amendment *a);
/** With CHECK_COLLISIONS (lists only): the other pending amendments that,
 *  adopted after this one, would collide with it (both change the same words). */
CHARTER_EXTERN(size_t) charter_amendment_collides_count(const charter_amendment *a);
CHARTER_EXTERN(const char *) charter_amendment_collides_with(const charter_amendment *a, size_t i);

/** ### Details (CHARTER_AMENDMENT_DETAILS) */

/** A signature on a record, as far as it can be told from the record alone. */
typedef struct {
	int present;             /**< 0: the record is not signed */
	int verifies;            /**< 1: the signature holds over the record's bytes */
	const char *fingerprint; /**< "SHA256:..." of the signing key, or "" */
	const char *principal;   /**< its principals in `.charter/allowed_signers` of the
	                              record's first parent, or "" when not listed there */
	const char *detail;      /**< "good", or why not ("bad-signature", ...) */
} charter_signature_info;

/** Which record of an amendment. */
typedef enum {
	CHARTER_RECORD_PROPOSAL = 0,
	CHARTER_RECORD_OUTCOME,
} charter_record_kind;

/** The signature of the proposal or of the outcome. Strings owned by `a`.
 *  CHARTER_ENOTFOUND when there is no such record (pending: no outcome)
 *  or the details were not loaded. */
CHARTER_EXTERN(int) charter_amendment_signature(charter_signature_info *out, const charter_amendment *a,
	charter_record_kind which);

/** The whole message of the proposal and of the outcome record ("" when absent). */
CHARTER_EXTERN(const char *) charter_amendment_message(const charter_amendment *a, charter_record_kind which);

/** The files the amendment changes ("README.md", "sections/<slug>.md", ...). */
CHARTER_EXTERN(size_t) charter_amendment_file_count(const charter_amendment *a);
CHARTER_EXTERN(const char *) charter_amendment_file_path(const charter_amendment *a, size_t i);

/** Texts of file i, NULL when the file is absent on that side:
 *  - BASE / PROPOSED: the change as proposed (the base and the proposal);
 *  - BEFORE / AFTER: the change against today's text. Pending: today's
 *    text, and today's text with the change merged (AFTER is NULL when it
 *    does not apply). Adopted: the text just before and just after the
 *    adoption. Rejected, withdrawn: like pending. */
typedef enum {
	CHARTER_TEXT_BASE = 0,
	CHARTER_TEXT_PROPOSED,
	CHARTER_TEXT_BEFORE,
	CHARTER_TEXT_AFTER,
} charter_text_side;

CHARTER_EXTERN(const char *) charter_amendment_file_text(const charter_amendment *a, size_t i,
	charter_text_side side);

/**
 * The redline of the amendment's files from side `from` to side `to`:
 * BASE to PROPOSED is the change as proposed, BEFORE to AFTER the change
 * against today's text (adopted: as adopted). Sections are named by slug,
 * other files by path. With `context` >= 0 only the changed paragraphs are
 * kept, with `context` paragraphs around each, and a paragraph "…" stands
 * for each run left out; -1 keeps the whole text. `*out` is NULL (and 0 is
 * returned) when the change does not apply to the `to` side. Needs
 * CHARTER_AMENDMENT_DETAILS. Free with `charter_redline_free()`.
 */
CHARTER_EXTERN(int) charter_amendment_redline(charter_redline **out, const charter_amendment *a,
	charter_text_side from, charter_text_side to, int context);
/** ## Rendering amendments
 *
 * The reports `charter amendments` and `charter amendment` print, for any
 * program. Each hands the caller a string (`charter_free()`), `*out_len`
 * (may be NULL) its length, and refuses a format it does not offer with
 * CHARTER_EINVALID.
 */

/** Flags for the render functions below. */
enum {
	/** TEXT: ANSI colours (as `CHARTER_REDLINE_COLOR`). */
	CHARTER_AMENDMENT_COLOR = 1u << 0,
	/** `charter_amendment_render()`: only the amendment's summary, as a list
	 *  shows it (JSON: the object, then a newline; TEXT: its lines). */
	CHARTER_AMENDMENT_SUMMARY = 1u << 1,
	/** `charter_amendment_render()`: the redlines compare the texts in plain
	 *  typography (as `CHARTER_REDLINE_IGNORE_TYPOGRAPHY`). */
	CHARTER_AMENDMENT_IGNORE_TYPOGRAPHY = 1u << 3,
};
/** List flag: only the amendments in `state` (several may be or'ed; none: all). */
#define CHARTER_AMENDMENT_ONLY(state) (1u << (8 + (unsigned)(state)))

/**
 * Render a list of amendments, in its order:
 * - TEXT: a line per amendment (id, state, date or convention and date,
 *   vote, sections, title), and for a pending one a second line: whether
 *   it applies to today's text (a secondary: to its primary's text), what
 *   it collides with; a secondary amendment indented under its primary;
 *   "No amendments." (or "No pending amendments." with one
 *   CHARTER_AMENDMENT_ONLY) when none;
 * - JSON: `[{"id", "title", "state", "sections": [slug], "proposed_by",
 *   "seconded_by": [...], "proposed_on", "convention", "date", "vote",
 *   "applies": bool, "collides_with": [id], "collision", "as_amended": bool,
 *   "proposal", "base", "outcome", "amends"}]` and a newline, absent values
 *   as null (`amends`: the primary a secondary amends); `"sanitized": true`
 *   is added to an amendment whose record did not pass propose's checks
 *   (`charter_amendment_sanitized()`).
 * Flags: CHARTER_AMENDMENT_COLOR, CHARTER_AMENDMENT_ONLY(state).
 */
CHARTER_EXTERN(int) charter_amendment_list_render(char **out, size_t *out_len,
	const charter_amendment_list *list, charter_format format, unsigned int flags);

/** The same for `n` amendments the caller holds (e.g. those it just
 *  rejected), in the order given. The amendments stay the caller's. */
CHARTER_EXTERN(int) charter_amendments_render(char **out, size_t *out_len,
	const charter_amendment *const *items, size_t n, charter_format format, unsigned int flags);

/**
 * Render one amendment's whole record, loaded with CHARTER_AMENDMENT_DETAILS
 * (and CHECK_APPLIES for whether a pending one applies):
 * - TEXT (CHARTER_AMENDMENT_COLOR for colours), MARKDOWN: its state,
 *   sections, proposer, seconders, records and their signatures, the
 *   rationale, then two redlines: the change as proposed, and the change
 *   against today's text (as adopted, for an adopted one); then, for a
 *   secondary, the primary it amends, and for a primary loaded with
 *   CHARTER_AMENDMENT_SECONDARIES, its amendments (state, title, and the
 *   change each pending one makes to its text);
 * - HTML: the same as a complete page;
 * - JSON: `{"amendment": {the summary, as in a list}, "rationale",
 *   "records": {"proposal", "outcome"}, "files": [path], "redline_proposed",
 *   "redline_today"}` and a newline, with `"secondaries": [summaries]` for a
 *   primary loaded with CHARTER_AMENDMENT_SECONDARIES that has some (the
 *   summary's `"amends"` names a secondary's primary); a record is `{"commit", "message",
 *   "signature": {"signed", "verifies", "fingerprint", "principal",
 *   "detail"}}` or null, a redline the operations of `charter_redline_render()`
 *   (`redline_today` null when the change does not apply);
 * - DOCX, ODT (binary; `*out_len` bytes): a file with its record as lines
 *   under its title, its rationale, then the two redlines as tracked
 *   changes (charter/office.h) credited to "ID (Proposer <email>)" and
 *   dated as adopted (or rejected, withdrawn), else as proposed.
 * With CHARTER_AMENDMENT_SUMMARY, only the summary (TEXT or JSON). A
 * `CHARTER_REDLINE_CONTEXT(N)` in `flags` shows the TEXT and MARKDOWN
 * redlines with N paragraphs of context (`charter_redline_render()`).
 */
CHARTER_EXTERN(int) charter_amendment_render(char **out, size_t *out_len, const charter_amendment *a,
	charter_format format, unsigned int flags);

/**
 * Render closed convention `name` (as written, any case, or its slug; its
 * tag `convention/<slug>`): JSON, `{"convention", "tag", "commit", "date"}`
 * and a newline (`convention` the name as given; the tag object,
 * the commit on main it tags, the closing date); TEXT, one line naming the
 * tag. CHARTER_ENOTFOUND when the convention is not closed. `flags`: 0.
 */
CHARTER_EXTERN(int) charter_convention_render(char **out, size_t *out_len, charter_store *store,
	const char *name, charter_format format, unsigned int flags);

#ifdef __cplusplus
}
#endif
#endif
