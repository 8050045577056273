/**
 * # charter/trust.h — verify, signer changes, sync and push
 *
 * The trust rule (doc/DESIGN.md, "Signatures and trust"): the root commit
 * of `main` is signed by a key in its own `.charter/allowed_signers`; every
 * later commit on main's first-parent chain by a key listed in its FIRST
 * PARENT's `.charter/allowed_signers`, for namespace `git`, within the
 * key's `valid-after`/`valid-before` window at the signing time (the
 * committer date, as git checks it). Convention tags
 * (`refs/tags/convention/<name>`) are signed annotated tags on a commit of
 * that chain, by a key in the tagged commit's `allowed_signers`. An
 * optional pinned trust root (a commit id) must be the root of the chain.
 *
 * Verifying remembers the last fully verified tip under the git directory
 * (`<gitdir>/charter/verified`): a cache, never an authority. A later
 * verify checks only the commits added since, as long as that tip is still
 * on main's first-parent chain; CHARTER_VERIFY_FULL ignores it.
 */
#ifndef CHARTER_TRUST_H
#define CHARTER_TRUST_H

#include "common.h"
#include "document.h"
#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

/** ## Verifying */

/** Why a commit or tag is not authentic. Names (charter_verify_reason_name)
 *  are a stable interface: the JSON `reason` field. */
typedef enum {
	CHARTER_VERIFY_OK = 0,          /**< "" : authentic */
	CHARTER_VERIFY_UNSIGNED,        /**< "unsigned": no SSH signature at all */
	CHARTER_VERIFY_UNKNOWN_KEY,     /**< "unknown-key": signed by a key the policy does not list */
	CHARTER_VERIFY_BAD_SIGNATURE,   /**< "bad-signature": does not verify over the record's bytes */
	CHARTER_VERIFY_WRONG_NAMESPACE, /**< "wrong-namespace": made for another namespace than `git`
	                                     (or the key is listed only for other namespaces) */
	CHARTER_VERIFY_MALFORMED,       /**< "malformed-signature": bad armor, base64 or blob */
	CHARTER_VERIFY_KEY_NOT_YET_VALID, /**< "key-not-yet-valid": signed before the key's valid-after */
	CHARTER_VERIFY_KEY_EXPIRED,     /**< "key-expired": signed after the key's valid-before */
	CHARTER_VERIFY_SELF_AUTHORIZED, /**< "self-authorized": the key is not in the parent's policy,
	                                     only in the one this very commit writes */
	CHARTER_VERIFY_WRONG_ROOT,      /**< "wrong-root": the chain does not start at the trust root */
	CHARTER_VERIFY_NOT_ON_MAIN,     /**< "not-on-main": a convention tag on a commit that is not
	                                     on main's first-parent chain */
	CHARTER_VERIFY_WRONG_TAG_NAME,  /**< "wrong-tag-name": a tag object filed under another name
	                                     than the one it was signed for */
	CHARTER_VERIFY_UNREADABLE,      /**< "unreadable": the record cannot be read or parsed */
	CHARTER_VERIFY_TIME_WENT_BACK,  /**< "time-went-back": a commit's committer date (its signing
	                                     time) is earlier than its first parent's */
	CHARTER_VERIFY_POLICY_OUTSIDE_SIGNERS, /**< "policy-outside-signers-proposal": the commit
	                                     changes .charter/allowed_signers without being the
	                                     adoption of a signers proposal making exactly that change */
	CHARTER_VERIFY_CORRUPT,         /**< "corrupt-object": a tree or blob of the commit's text is
	                                     missing or does not hash to its id (the detail names it) */
} charter_verify_reason;

/** The reason's name, "" for CHARTER_VERIFY_OK. Static string. */
CHARTER_EXTERN(const char *) charter_verify_reason_name(charter_verify_reason reason);

/** Flags for `charter_verify_options.flags`. */
enum {
	/** Ignore the cache: verify every commit again (the cache is rewritten). */
	CHARTER_VERIFY_FULL = 1 << 0,
	/** List every commit of the chain in the report, including those the
	 *  cache vouches for (their principal and fingerprint come from the
	 *  cache's log). Without it only the commits checked now are listed. */
	CHARTER_VERIFY_LIST_ALL = 1 << 1,
};

/** Options for `charter_verify()`. Start from CHARTER_VERIFY_OPTIONS_INIT. */
typedef struct {
	unsigned int version;
	/** A commit id (40 hex digits, or a prefix of at least 7) that must be
	 *  the root of main; NULL: git config `charter.trustRoot` of the store
	 *  if set, else none. */
	const char *trust_root;
	unsigned int flags;
	/** Threads for a long chain; 0: one per online CPU (at most 8). */
	unsigned int threads;
} charter_verify_options;

#define CHARTER_VERIFY_OPTIONS_VERSION 1
#define CHARTER_VERIFY_OPTIONS_INIT { CHARTER_VERIFY_OPTIONS_VERSION, NULL, 0, 0 }

typedef struct charter_verify_report charter_verify_report;

/** One verified record. Strings are owned by the report. */
typedef struct {
	const char *commit;       /**< commit id (hex); for a tag: the tag object's id */
	const char *tag;          /**< tags only: "convention/<name>"; NULL for commits */
	const char *target;       /**< tags only: the tagged commit; NULL for commits */
	int ok;                   /**< 1: authentic */
	charter_verify_reason reason;
	const char *principal;    /**< the allowed signer's principals, "" when not listed */
	const char *fingerprint;  /**< "SHA256:..." of the signing key, "" when unknown */
	const char *detail;       /**< one line for people, "" when ok */
	int cached;               /**< 1: vouched for by the cache, not checked now */
} charter_verify_entry;

/**
 * Verify main's first-parent chain and the convention tags. Returns 0 when
 * everything is authentic, CHARTER_EVERIFY when something is not (the
 * message counts the failures; the report names each), or another
 * negative code when verification could not run (no main: ENOTFOUND; an
 * unreadable repository: ERROR). `*out` is set (free with
 * `charter_verify_report_free()`) when the return is 0 or CHARTER_EVERIFY,
 * NULL otherwise. `opts` may be NULL.
 */
CHARTER_EXTERN(int) charter_verify(charter_verify_report **out, charter_store *store,
	const charter_verify_options *opts);

/** 1 when every commit and tag is authentic. */
CHARTER_EXTERN(int) charter_verify_report_ok(const charter_verify_report *r);
/** Commits listed (root first): those checked now, or the whole chain with
 *  CHARTER_VERIFY_LIST_ALL. For `i` out of range, `charter_verify_report_commit()`
 *  and `_tag()` zero `*out` (NULL strings, `ok` 0). */
CHARTER_EXTERN(size_t) charter_verify_report_commit_count(const charter_verify_report *r);
CHARTER_EXTERN(void) charter_verify_report_commit(charter_verify_entry *out,
	const charter_verify_report *r, size_t i);
/** Convention tags, in the order of their names. */
CHARTER_EXTERN(size_t) charter_verify_report_tag_count(const charter_verify_report *r);
CHARTER_EXTERN(void) charter_verify_report_tag(charter_verify_entry *out,
	const charter_verify_report *r, size_t i);
/** The length of the chain (every commit on main's first-parent chain),
 *  how many of them were checked now (the rest came from the cache), and
 *  how many failed. */
CHARTER_EXTERN(size_t) charter_verify_report_chain_length(const charter_verify_report *r);
CHARTER_EXTERN(size_t) charter_verify_report_checked(const charter_verify_report *r);
CHARTER_EXTERN(size_t) charter_verify_report_failed(const charter_verify_report *r);
/** The tip and the root of the chain (hex). Owned by the report. */
CHARTER_EXTERN(const char *) charter_verify_report_tip(const charter_verify_report *r);
CHARTER_EXTERN(const char *) charter_verify_report_root(const charter_verify_report *r);
CHARTER_EXTERN(void) charter_verify_report_free(charter_verify_report *r);

/** ## Changing the signers
 *
 * A signers proposal is an ordinary proposal (`refs/amendments/<id>`, the
 * record format of `charter_propose()`) whose only change is to
 * `.charter/allowed_signers`; its message carries a `Signers:` trailer
 * (`add <principal> <fingerprint>` or `remove <principal>`) instead of
 * `Section:` trailers. It takes effect when adopted like any amendment:
 * the officers of the text before the adoption sign it, and from the next
 * adoption on the new list counts.
 */
typedef enum {
	CHARTER_SIGNERS_ADD = 0,
	CHARTER_SIGNERS_REMOVE,
} charter_signers_change;

/** Options for `charter_signers_propose()`. Start from CHARTER_SIGNERS_OPTIONS_INIT. */
typedef struct {
	unsigned int version;
	charter_signers_change change;
	const char *principal;   /**< the officer's principal: a plain email address */
	const char *public_key;  /**< ADD: an OpenSSH public key line ("ssh-ed25519 AAAA... [comment]") */
	const char *valid_after; /**< ADD, optional: YYYY-MM-DD, the first day the key may sign (UTC) */
	const char *valid_before;/**< ADD, optional: YYYY-MM-DD, the last day the key may sign (UTC) */
	const char *id;          /**< the amendment id (a slug); required */
	const char *title;       /**< one line; required */
	const char *rationale;   /**< optional */
	const charter_identity *by; /**< the proposer; required */
	charter_signer *signer;  /**< signs the proposal; NULL: unsigned */
} charter_signers_options;

#define CHARTER_SIGNERS_OPTIONS_VERSION 1
#define CHARTER_SIGNERS_OPTIONS_INIT { CHARTER_SIGNERS_OPTIONS_VERSION, CHARTER_SIGNERS_ADD, NULL, NULL, \
	NULL, NULL, NULL, NULL, NULL, NULL, NULL }

/**
 * Propose a change to `.charter/allowed_signers`. ADD appends the line
 * `<principal> namespaces="git"[,valid-after=...][,valid-before=...] <key>`;
 * CHARTER_EEXISTS when the key is listed already. REMOVE drops every line
 * of `principal`; CHARTER_ENOTFOUND when none, CHARTER_EINVALID when it
 * would leave nobody who may sign. CHARTER_EEXISTS when the id is taken.
 * `out` (41 bytes, may be NULL) receives the proposal commit's id.
 */
CHARTER_EXTERN(int) charter_signers_propose(char out[41], charter_store *store,
	const charter_signers_options *opts);

/**
 * What `charter_signers_propose()` did, for people or programs: TEXT two
 * lines ("Proposed amendment ID: TITLE", then what it changes in
 * `.charter/allowed_signers` and the commit); JSON `{"id", "title",
 * "change": "add|remove", "principal", "commit", "signed": bool}`.
 * `commit` is the proposal commit it returned, `opts` the options it was
 * given. The caller frees `*out` with `charter_free()`.
 */
CHARTER_EXTERN(int) charter_signers_propose_render(char **out, size_t *out_len, const char *commit,
	const charter_signers_options *opts, charter_format format);

/** ## Sync and push */

/** Options for `charter_sync()` and `charter_push()`. Start from CHARTER_SYNC_OPTIONS_INIT. */
typedef struct {
	unsigned int version;
	/** As in charter_verify_options (NULL: git config `charter.trustRoot`). */
	const char *trust_root;
	unsigned int verify_flags; /**< CHARTER_VERIFY_FULL to ignore the cache */
} charter_sync_options;

#define CHARTER_SYNC_OPTIONS_VERSION 1
#define CHARTER_SYNC_OPTIONS_INIT { CHARTER_SYNC_OPTIONS_VERSION, NULL, 0 }

typedef struct charter_sync_report charter_sync_report;

/** One ref a sync or push moved (or, for a push, found up to date). */
typedef struct {
	const char *ref;    /**< "refs/heads/main", "refs/amendments/4", ... */
	const char *old_id; /**< hex, "" when the ref was created */
	const char *new_id; /**< hex */
} charter_ref_update;

/**
 * Fetch `main`, the convention tags, the proposals and the outcomes
 * (`refs/tags/convention/<name>`, `refs/amendments/<id>`,
 * `refs/outcomes/<id>`) from `remote` (a configured remote's name, a URL any
 * libgit2 transport takes, or a path) into a quarantine namespace
 * (`refs/charter-quarantine/...`, always removed afterwards), then move
 * the local refs only when: the incoming main's first-parent chain passes
 * through the local main (no rewritten history; a store without main
 * takes any authentic main), every commit on it and every incoming
 * convention tag is authentic (charter_verify's rule, trust root
 * included), and no incoming tag, proposal or outcome differs from a local
 * one of the same name. Otherwise nothing local changes: CHARTER_EVERIFY
 * (inauthentic or rewritten history) or CHARTER_ECONFLICT (a differing
 * ref), with a message saying why. A work tree on main is updated (local
 * edits to files that change are refused first, CHARTER_ESTATE).
 * `*out` is set on 0, CHARTER_EVERIFY and CHARTER_ECONFLICT (the report
 * holds the verification of the incoming main, when it got that far);
 * free with `charter_sync_report_free()`.
 */
CHARTER_EXTERN(int) charter_sync(charter_sync_report **out, charter_store *store, const char *remote,
	const charter_sync_options *opts);

/**
 * Publish `main`, the convention tags, the proposals and the outcomes
 * to `remote`, never forcing. Refused before anything is
 * sent (CHARTER_EVERIFY) when the local main or a tag does not verify, and
 * (CHARTER_ESTATE) when the remote's main is not on the local main's
 * first-parent chain (sync first). A ref the remote refuses is an error
 * naming it. `*out` as for charter_sync().
 */
CHARTER_EXTERN(int) charter_push(charter_sync_report **out, charter_store *store, const char *remote,
	const charter_sync_options *opts);

/** Refs moved by the sync or push (created or updated); for `i` out of
 *  range, `charter_sync_report_update()` sets `out`'s strings to NULL. */
CHARTER_EXTERN(size_t) charter_sync_report_count(const charter_sync_report *r);
CHARTER_EXTERN(void) charter_sync_report_update(charter_ref_update *out, const charter_sync_report *r,
	size_t i);
/** New commits on main's first-parent chain (sync: taken; push: sent). */
CHARTER_EXTERN(size_t) charter_sync_report_new_adoptions(const charter_sync_report *r);
/** The verification of the incoming (sync) or local (push) main and its
 *  tags; NULL when it did not get that far. Owned by the sync report. */
CHARTER_EXTERN(const charter_verify_report *) charter_sync_report_verify(const charter_sync_report *r);
/** Push: what the user should know or do about the remote, one line, or ""
 *  (sync: always ""). A remote whose HEAD does not point at main (a new
 *  bare repository) is fixed when it is a path or file:// URL; over other
 *  transports, which cannot set it, this says how to. Owned by the report. */
CHARTER_EXTERN(const char *) charter_sync_report_note(const charter_sync_report *r);
/** The remote as the caller named it. Owned by the report. */
CHARTER_EXTERN(const char *) charter_sync_report_remote(const charter_sync_report *r);
/** 1 for a push's report, 0 for a sync's. */
CHARTER_EXTERN(int) charter_sync_report_is_push(const charter_sync_report *r);
/** 1 when the sync or push succeeded (returned 0): the refs listed moved. */
CHARTER_EXTERN(int) charter_sync_report_ok(const charter_sync_report *r);
CHARTER_EXTERN(void) charter_sync_report_free(charter_sync_report *r);

/** ## Rendering the reports
 *
 * The reports `charter verify`, `charter sync` and `charter push` print,
 * for any program. Each hands the caller a string (`charter_free()`),
 * `*out_len` (may be NULL) its length; a format other than TEXT and JSON is
 * refused with CHARTER_EINVALID.
 */

/** Flags for the render functions below. */
enum {
	/** TEXT: ANSI colours (as `CHARTER_REDLINE_COLOR`). */
	CHARTER_TRUST_COLOR = 1u << 0,
};

/**
 * Render a verification report:
 * - TEXT: a line per commit or tag that is not authentic (its id, the
 *   reason's name, the detail); then, when everything is authentic, one
 *   line "authentic: N commits on main (C checked now, K known good),
 *   T convention tags; root ROOT";
 * - JSON: `{"ok", "tip", "root", "chain_length", "checked", "commits": [entry],
 *   "tags": [entry]}` and a newline; an entry is `{"commit", ["tag",
 *   "target",] "verdict": "ok"|"failed", "reason", "principal",
 *   "fingerprint", "detail", "cached"}`, absent values as null.
 */
CHARTER_EXTERN(int) charter_verify_report_render(char **out, size_t *out_len, const charter_verify_report *r,
	charter_format format, unsigned int flags);

/**
 * Render a sync or push report:
 * - TEXT: when it succeeded, a line per ref moved and a summary line (or
 *   "sync: already up to date with REMOTE"); when it did not, the failing
 *   lines of its verification (nothing when it did not get that far: the
 *   error message says why);
 * - JSON: `{"ok", "remote", "new_adoptions", "updates": [{"ref", "old", "new"}],
 *   "verify": the verification report's object or null}` and a newline.
 */
CHARTER_EXTERN(int) charter_sync_report_render(char **out, size_t *out_len, const charter_sync_report *r,
	charter_format format, unsigned int flags);

#ifdef __cplusplus
}
#endif
#endif
