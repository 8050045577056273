/* Amendments inside the library: refs, states, the change a proposal makes
 * and merging it into a text. Public side: include/charter/amend.h. */
#ifndef CHARTER_AMEND_INTERNAL_H
#define CHARTER_AMEND_INTERNAL_H

#include "base/buf.h"
#include "base/hash.h"
#include "base/internal.h"
#include "amend/merge.h"
#include "base/text.h"
#include "store/blob_memo.h"

#define AMENDMENT_REF_PREFIX "refs/amendments/"
#define OUTCOME_REF_PREFIX "refs/outcomes/"
#define CONVENTION_TAG_PREFIX "refs/tags/convention/"
#define BOOKLET_TAG_PREFIX "refs/tags/booklet/"

/* How many times adopt redoes its work when main moves under it. */
#define ADOPT_ATTEMPTS 6

/* ---- amend_form.c: Robert's Rules forms on a section's text ---------- */

/* Apply a STRIKE / INSERT_AFTER / INSERT_BEFORE form to `text` (a section's
 * body) and append the result to `out`. `slug` names the section in errors.
 * CHARTER_EINVALID when the phrase does not occur exactly once (typographic
 * variants equal, see amend_phrase_find); the text keeps its own characters. */
int amend_form_apply(buf *out, const char *text, charter_change_kind kind, const char *phrase,
	const char *insert, const char *slug);

/* The same at the `nth` occurrence of the phrase (1-based; 0: it must occur
 * exactly once). */
int amend_form_apply_nth(buf *out, const char *text, charter_change_kind kind, const char *phrase,
	const char *insert, const char *slug, size_t nth);

/* The whole file of a section as amended from `text` (its text, or the
 * whole file starting with its unchanged title line), normalised, appended
 * to `out`. `markdown`/`body`: the section's current file and text. */
int amend_section_text(buf *out, const char *markdown, const char *body, const char *slug, const char *text,
	size_t len);

/* Find `phrase` in `text`, typographic variants equal (words/typography.h:
 * "'" matches "’", a space matches a no-break space): `*count` gets the
 * number of non-overlapping occurrences, [*at, *end) the byte offsets in
 * `text` of the first (its own characters). 0, or CHARTER_ERROR on
 * out-of-memory. */
int amend_phrase_find(size_t *count, size_t *at, size_t *end, const char *text, const char *phrase);

/* The same with *at and *end of the `nth` occurrence (1-based; the first
 * when there are fewer, or nth is 0). */
int amend_phrase_find_nth(size_t *count, size_t *at, size_t *end, const char *text, const char *phrase, size_t nth);

/* ---- amend_ids.c: ids, votes, rationales, refs ------------------------- */

/* Longest amendment id, in bytes. */
#define AMEND_ID_MAX 64

/* An amendment id as conventions print them: letters and digits with '.',
 * '-' or '_' between them (A1, A1.1, GA-3, 12), at most AMEND_ID_MAX bytes,
 * not a date, a valid ref name. CHARTER_EINVALID saying which rule fails. */
int amend_id_check(const char *id);

/* An id for a new amendment: amend_id_check(), and not 7 or more hex
 * digits only (WHEN would read it as a commit id). Ids already in a store
 * stay readable. */
int amend_id_new_check(const char *id);

/* 0 when no amendment uses `id`, nor an id that differs from it only in
 * case; CHARTER_EEXISTS saying which one does. */
int amend_id_free(git_repository *repo, const char *id);

/* A vote "F-A-X", digits only (at most 9 each). */
int amend_vote_check(const char *vote);

/* A rationale must be UTF-8 without control characters, and no line may
 * start with '---' (git would take the trailers after it for a patch). */
int amend_rationale_check(const char *r);


/* The record of `id`: the tip of refs/amendments/<id>, its proposal commit
 * or, once secondaries were adopted into it, the last of those signed
 * merges (doc/DESIGN.md, "Amendment to an amendment"). An adoption merges
 * this tip. CHARTER_ENOTFOUND "no amendment 'id'". */
int amend_proposal(git_commit **out, git_repository *repo, const char *id);

/* The same with refs/amendments/<id> already read: its target `oid`. */
int amend_proposal_at(git_commit **out, git_repository *repo, const char *id, const git_oid *oid);

/* The proposal commit under a record `tip` (down the first parents of the
 * merges that adopted secondaries): its message holds the title, rationale
 * and trailers. Caller frees. */
int amend_first_record(git_commit **out, const git_commit *tip);

/* The text an amendment was proposed against: the first parent of its
 * proposal commit (main at the time; for a secondary, its primary's record). */
int amend_record_base(git_oid *out, const git_commit *tip);

/* The same as a pointer valid until the next call on this thread (the
 * first parent of `tip` when the record cannot be read). */
const git_oid *amend_base_of(const git_commit *tip);

/* The primary a secondary amends (its Amends: trailer), malloc'd; NULL for
 * a primary. */
char *amend_amends(const git_commit *tip);

/* refname for kind+id into out (size 300). */
void amend_refname(char out[300], const char *prefix, const char *id);

/* ---- amend_util.c: retried writes, crash hook --------------------------- */

/* Wait a few milliseconds before retry `attempt` (1, 2, ...) of a write that
 * found main moved or locked; the wait differs between processes so that
 * writers racing for main do not retry in step. */
void amend_backoff(int attempt);

/* Test hook: when $CHARTER_TEST_CRASH_AT equals `point`, die at once with
 * SIGKILL (as a power cut or kill -9 would). Only in the tests' own
 * instrumented charter (tests/hooks/crash_point.c, built with
 * CHARTER_TEST_HOOKS for tests/cli/amend_crash.sh); in the library users
 * get it is nothing at all. Call it only from src/lib/amend/ (the files the
 * instrumented build compiles again). */
#ifdef CHARTER_TEST_HOOKS
void amend_crash_point(const char *point);
#else
#define amend_crash_point(point) ((void)0)
#endif

/* ---- amend_signers.c: may this key sign? ------------------------------- */

/* Is the signer's key in `allowed` (the text of .charter/allowed_signers)
 * for namespace git, now, and (with `by` non-NULL) is by's email the
 * principal the key is listed under? CHARTER_EVERIFY naming the key
 * otherwise. `role` completes the message ("sign adoptions"). */
int amend_signer_allowed(charter_signer *signer, const charter_identity *by, const char *allowed, size_t len,
	const char *role);

/* The text of .charter/allowed_signers in a commit's tree. */
int amend_allowed_signers(buf *out, git_repository *repo, const git_commit *commit);

/* ---- amend_state.c: where an amendment stands -------------------------- */

typedef struct {
	charter_amendment_state_t state;
	git_commit *outcome; /* adoption / rejection / withdrawal; NULL while pending */
} amend_outcome;

/* The state of `id` whose proposal is `proposal`, given the tip of main
 * `main_id`. One ref lookup when refs/outcomes/<id> exists; otherwise the
 * first-parent chain of main is searched down to the proposal's base (only
 * adoptions made since it was proposed) for its adoption, and a missing
 * outcome ref is written again when `repair`. */
int amend_state(amend_outcome *out, git_repository *repo, const char *id, const git_commit *proposal,
	const git_oid *main_id, bool repair);

/* Every adoption on main's first-parent chain, found in one walk: which
 * merge adopted each record (its second parent). A listing of many
 * amendments without outcome refs (a store cloned without them, or written
 * before they existed) looks each up here; searched one by one, each would
 * walk the chain again, quadratic in the number of adoptions. */
typedef struct {
	hset records;      /* raw ids of the records merged */
	git_oid *adoption; /* per record id: the newest merge of it */
	size_t alloc;
} amend_adoptions;

#define AMEND_ADOPTIONS_INIT { HSET_INIT, NULL, 0 }

int amend_adoptions_find(amend_adoptions *out, git_repository *repo, const git_oid *main_id);
void amend_adoptions_free(amend_adoptions *a);

/* The same with refs/outcomes/<id> already read: its target, or NULL when
 * there is no such ref. Then a primary amendment's adoption is taken from
 * `adoptions` when not NULL (found on main by amend_adoptions_find), not
 * searched for, and with `adoptions` no missing ref is written again. */
int amend_state_at(amend_outcome *out, git_repository *repo, const char *id, const git_commit *proposal,
	const git_oid *main_id, bool repair, const git_oid *outcome_ref, const amend_adoptions *adoptions);

void amend_outcome_free(amend_outcome *o);

/* CHARTER_ESTATE with a message saying how `id` ended, for a non-pending state. */
int amend_state_error(const char *id, const amend_outcome *o);

/* amend_state() (repairing), then CHARTER_ESTATE (amend_state_error) unless
 * `id` is still pending. `out` is filled either way; free it with
 * amend_outcome_free(). */
int amend_state_pending(amend_outcome *out, git_repository *repo, const char *id, const git_commit *proposal,
	const git_oid *main_id);

/* Create refs/outcomes/<id> -> `target` (only if absent). 0 also when it
 * already points at `target`; CHARTER_EMOVED when it points elsewhere. */
int amend_outcome_ref_write(git_repository *repo, const char *id, const git_oid *target);

/* ---- amend_merge.c: the change of a proposal, merged into a text ------- */

typedef struct {
	char *path;     /* "sections/x.md", "README.md", ".charter/allowed_signers" */
	char *base;     /* in the proposal's base; NULL when absent */
	char *proposed; /* in the proposal; NULL when it deletes the file */
	char *today;    /* in the text merged into; NULL when absent */
	char *merged;   /* the result; NULL when absent */
	git_filemode_t mode;
} amend_file;

typedef struct {
	amend_file *files;
	size_t count;
	/* After a failed merge: which file and what collided. */
	size_t conflict_file;
	merge_conflict conflict;
	char conflict_kind[80]; /* "" for words; otherwise e.g. "removed by" */
} amend_change;

#define AMEND_CHANGE_INIT { NULL, 0, 0, { 0, "", "" }, "" }

/* The files `proposal` changes against its first parent, with both texts
 * (read through `memo` when not NULL). */
int amend_change_load(amend_change *out, git_repository *repo, blob_memo *memo, const git_commit *proposal);

void amend_change_free(amend_change *c);

/* Fill files[].today from `tree` and merge every file. CHARTER_ECONFLICT
 * with c->conflict_* set (no message) when something collides. */
int amend_change_merge(amend_change *c, git_repository *repo, const git_tree *tree);

/* Merge one file: the change base->theirs into ours, any of them NULL
 * (absent). Sets *out_present to false when the result is "no file".
 * CHARTER_ECONFLICT with `conflict`/`kind` filled on a collision. */
int amend_merge_file(buf *out, bool *out_present, merge_conflict *conflict, char kind[80],
	const char *path, const char *base, const char *ours, const char *theirs);

/* True when amend_merge_file would certainly merge without a collision
 * because both changes are far apart in a Markdown text (merge_words_apart);
 * false means "merge to know". */
bool amend_merge_apart(const char *path, const char *base, const char *ours, const char *theirs);

/* Text overrides on top of a tree: path -> text (NULL: deleted). */
typedef struct {
	const char *path;
	const char *text;
} amend_override;

/* A growing set of overrides that owns its strings. */
typedef struct {
	amend_override *ov;
	size_t count;
	char **owned;
	size_t nowned;
} amend_overrides;

/* Add path -> text (NULL: delete), taking ownership of both (freed at once
 * when the text equals `current`, the text now: no change). */
int amend_overrides_add(amend_overrides *o, char *path, char *text, const char *current);
void amend_overrides_free(amend_overrides *o);

/* The overrides that turn the document `doc` into `next`: changed, added
 * and removed sections, README.md. */
int amend_document_overrides(amend_overrides *ov, const charter_document *doc, const charter_document *next);

/* Check the document formed by `tree` with `overrides`: README.md and
 * every section parse, the files in sections/ are the listed ones,
 * .charter/allowed_signers is present. */
int amend_validate(git_repository *repo, const git_tree *tree, const amend_override *overrides, size_t n);

/* Write `tree` with `overrides` applied (blobs written) as a new tree. */
int amend_write_tree(git_oid *out, git_repository *repo, git_tree *tree, const amend_override *overrides,
	size_t n);

/* The section slug of a path "sections/<slug>.md" into out (size 80), or
 * the path itself. */
void amend_path_name(char out[80], const char *path);

/* The adopted amendment that last changed `path` on main's first-parent
 * chain from `from` down to (not including) `stop`: its id into `out`
 * (size 128); "" when none was found. */
void amend_last_changed(char out[128], git_repository *repo, const git_oid *from, const git_oid *stop,
	const char *path);

/* The message for a collision of amendment `id` merging into main `main_id`
 * whose proposal base is `base`. Sets the error and returns CHARTER_ECONFLICT. */
int amend_conflict_error(const amend_change *c, git_repository *repo, const char *id, const git_oid *main_id,
	const git_oid *base);

/* amend_office.c: the amendment as a DOCX or ODT file (charter_amendment_render). */
int amend_office(char **out, size_t *out_len, const charter_amendment *a, charter_format format, unsigned int flags);
/* The author of its tracked changes, "ID (Proposer <email>)", and their date
 * (its outcome's date, else the day it was proposed); for history and the booklet too. */
void amend_office_author(char *out, size_t size, const charter_amendment *a);
/* The same for amendment `id` adopted by `adoption` (a merge on main, 40
 * hex digits), read from the proposal it merged, with no search for its
 * state; "ID" alone when that cannot be read. */
void amend_office_author_adopted(char *out, size_t size, git_repository *repo, const char *id,
	const char *adoption);
const char *amend_office_date(const charter_amendment *a);

/* A flag of charter_amendments_list() inside the library: DETAILS of the
 * pending amendments only (the booklet: a record of thousands of adopted
 * ones would hold all their texts for nothing). */
#define AMEND_DETAILS_PENDING (1u << 16)

/* Item i of `list` loaded again as charter_amendment_load() loads it with
 * `flags`, from the refs and main the list read (the site's pages: no ref
 * is looked up again). */
int amend_load_listed(charter_amendment **out, charter_store *store, const charter_amendment_list *list, size_t i,
	unsigned int flags);

/* charter_amendment_redline() with redline options (NULL: the defaults). */
int amend_redline(charter_redline **out, const charter_amendment *a, charter_text_side from, charter_text_side to,
	int context, const charter_redline_options *opts);

/* convention.c: the text a frozen booklet numbers. For convention `name`
 * (as written or its slug): its tag booklet/<slug>. For `name` NULL: the
 * booklet frozen last of a convention not closed yet (no tag
 * convention/<slug>), the one whose line numbers a convention in session
 * cites. Fills *commit (the text) and `slug`; CHARTER_ENOTFOUND when
 * there is none (no message set). */
int amend_frozen_booklet(git_oid *commit, char slug[NAME_SLUG_SIZE], git_repository *repo, const char *name);

/* convention.c: the signed annotated tag `tagname` (at `ref`) on
 * `main`, by `by` with `signer`, an allowed signer of `main` for `what`
 * ("close a convention"; also the reflog's words). CHARTER_EMOVED when `ref`
 * appeared meanwhile. */
int amend_tag_main(git_oid *tag_id, git_repository *repo, const git_commit *main, const char *tagname,
	const char *ref, const char *message, const charter_identity *by, charter_signer *signer, const char *what);

#endif
