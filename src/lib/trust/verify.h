/* The verification engine behind charter_verify, charter_sync and
 * charter_push: main's first-parent chain under the trust rule, convention
 * tags, and the cache of the last fully verified tip.
 *
 * verify_chain.c  reading the chain, verifying commits (in parallel)
 * verify_tags.c   convention tags
 * verify.c        the engine's driver and the public report
 * trust_cache.c   <gitdir>/charter/verified (a cache, never an authority) */
#ifndef CHARTER_VERIFY_INTERNAL_H
#define CHARTER_VERIFY_INTERNAL_H

#include "base/ansi.h"
#include "base/buf.h"
#include "base/hash.h"
#include "base/internal.h"
#include "ssh/allowed_signers.h"
#include "ssh/sshkey.h"

#define TRUST_ROOT_CONFIG "charter.trustRoot"

/* One verified record: a commit of the chain or a convention tag. */
typedef struct {
	git_oid id;             /* the commit, or the tag object */
	git_oid target;         /* tags: the tagged commit */
	char *tag;              /* tags: "convention/<name>" (malloc'd) */
	charter_verify_reason reason;
	char *principal;        /* malloc'd; NULL when not listed */
	char fingerprint[SSHKEY_FP_SIZE];
	char detail[200];
	bool cached;
	char hex[GIT_OID_HEXSZ + 1];        /* filled by the report's accessors */
	char target_hex[GIT_OID_HEXSZ + 1];
} verify_entry;

/* A set of commit ids: the hash set, keyed by the raw ids. */
typedef hset oidset;

static inline int oidset_add(oidset *s, const git_oid *id)
{
	uint32_t i;
	return hset_intern(s, &i, id->id, GIT_OID_RAWSZ, NULL);
}
static inline bool oidset_has(const oidset *s, const git_oid *id)
{
	return hset_find(s, id->id, GIT_OID_RAWSZ) != HSET_NONE;
}
static inline void oidset_free(oidset *s)
{
	hset_free(s);
}

/* ---- verify_chain.c ---------------------------------------------------- */

/* A commit of the chain as read from the object database. */
typedef struct {
	git_oid id, tree, parent, parent2;
	bool has_parent, has_parent2;
	int64_t ctime;          /* committer date: the signing time */
	char *raw;              /* the whole commit object (malloc'd) */
	size_t raw_len;
	git_oid policy;         /* the blob of .charter/allowed_signers in its tree */
	bool has_policy;
} chain_commit;

/* The first-parent chain from `tip` down to `stop` (exclusive; NULL: the
 * root), newest first as read; *reached_stop says whether `stop` was met
 * (false: the root was reached first). Each commit's raw object is kept. */
typedef struct {
	chain_commit *c;
	size_t count, cap;
	bool reached_stop;
} chain;

int chain_read(chain *out, git_repository *repo, const git_oid *tip, const git_oid *stop);
void chain_free(chain *ch);

/* Split a raw commit into the signed payload (the object without its
 * `gpgsig` header and continuation lines) and the signature (the header's
 * value without the one-space indents, trailing newlines dropped). *sig is
 * NULL when there is no gpgsig header. Both malloc'd. Negative on OOM or a
 * commit without a header/body separator (then unreadable). */
int commit_split_signature(char **payload, size_t *payload_len, char **sig, size_t *sig_len,
	const char *raw, size_t len);

/* The blob id of .charter/allowed_signers in `tree`; *found false when absent. */
int policy_blob_of_tree(git_oid *out, bool *found, git_repository *repo, const git_oid *tree);

/* Read the chain from `tip` down to `stop` (exclusive; NULL: the root) and
 * verify every commit as it is read: helper threads (`threads` in all, 0:
 * one per CPU) take blocks of commits while the walk goes on; each opens
 * its own repository at `gitdir`. `base_policy` is the policy of `stop`
 * (NULL: none), for the oldest commit when the walk ends there. *out gets
 * the commits (newest first; their raw bytes are freed), *entries the
 * verdicts in the same order (malloc'd, out->count of them). */
int chain_read_verify(chain *out, verify_entry **entries, git_repository *repo, const char *gitdir,
	const git_oid *tip, const git_oid *stop, const git_oid *base_policy, unsigned threads);

/* The verdict on a signature over `payload` made at `when` under `policy`
 * (the allowed_signers of the parent, or of the record itself for a root;
 * NULL: none), whose text `policy_text` ssh-keygen gets for key types that
 * are not native; `own_policy` (may be NULL) is the policy the record
 * itself carries, for the self-authorized rule. Fills e->reason,
 * principal, fingerprint, detail. */
int verify_signature(verify_entry *e, const char *sig, size_t sig_len, const char *payload,
	size_t payload_len, int64_t when, const allowed_signers *policy, const char *policy_text,
	size_t policy_len, const char *own_policy, size_t own_len);

/* Read a blob's content into out. */
int blob_read(buf *out, git_repository *repo, const git_oid *id);

/* ---- verify_rules.c: the rules beyond the signature --------------------- */

/* The commit `c`, whose signature holds, against its first parent `p`
 * (NULL for the root): its committer date is no earlier than the
 * parent's (time-went-back); a change of .charter/allowed_signers is the
 * adoption of a signers proposal making exactly that change
 * (policy-outside-signers-proposal); every tree and blob of its tree that
 * is not in the parent's tree at the same path hashes to its id (the
 * parent's are checked with the parent; the root's all) (corrupt-object).
 * `pol` is the parent's policy blob (NULL: none). Sets e->reason and
 * e->detail on the first rule broken. Negative only when it cannot run. */
int verify_rules(verify_entry *e, git_repository *repo, const chain_commit *c, const chain_commit *p,
	const git_oid *pol);

/* ---- verify_outcome.c ------------------------------------------------- */

/* The outcome record `target` of amendment `id`, whose proposal is
 * `proposal`, against main's verified chain from `main_tip`: an adoption
 * on that chain, or a rejection or withdrawal on top of the proposal
 * (same text) with its trailers, signed by a key in the policy of main at
 * the signing time (a withdrawal: or by the key that signed the
 * proposal). Fills e (id, reason, detail, principal, fingerprint).
 * Negative only when it cannot run. */
int outcome_verify(verify_entry *e, git_repository *repo, const char *id, const git_oid *target,
	const git_oid *proposal, const git_oid *main_tip);

/* ---- verify_tags.c ----------------------------------------------------- */

/* Verify every ref under `root`'s convention/ and booklet/ ("refs/tags/"
 * or a quarantine namespace's "<q>tags/") as a signed tag of the chain
 * `on_chain` says a commit is on (entries named "convention/x", "booklet/x"). A ref whose name and tag object are those of an entry of
 * `cached` (verified before, on a chain the current one extends) is not
 * checked again: it is marked cached. */
typedef struct {
	verify_entry *e;
	size_t count;
} tag_list;

typedef bool (*chain_has_fn)(const git_oid *commit, void *payload);

int tags_verify(tag_list *out, git_repository *repo, const char *root, chain_has_fn on_chain,
	void *payload, const verify_entry *cached, size_t n_cached);
void tag_list_free(tag_list *t);

/* ---- trust_cache.c ----------------------------------------------------- */

typedef struct {
	git_oid tip, root, policy;
	bool has_policy;       /* the tip has a .charter/allowed_signers */
	size_t count;          /* commits on the chain up to tip */
	size_t log_lines;      /* lines of verified.log for them (root first): count, or 0 */
	size_t log_bytes;      /* their bytes */
	verify_entry *tags;    /* tag, id, target, fingerprint, principal */
	size_t ntags;
} trust_cache;

/* Read <gitdir>/charter/verified. 0 and *found true when a well-formed
 * cache is there; anything odd is ignored (found false). */
int trust_cache_read(trust_cache *out, bool *found, const char *gitdir);

/* Id, principal and fingerprint of the chain's commits up to the cached
 * tip (root first, c->count of them) from verified.log into out[]
 * (marked cached). Negative (no message) when the log does not match. */
int trust_cache_read_log(verify_entry *out, const trust_cache *c, const char *gitdir);

/* Write the cache `c` (its log_* fields are recomputed): the log keeps
 * its first `keep_lines` lines (`keep_bytes` bytes), when it has them, and
 * gets `new_entries` (root first) appended. Failures are silent: it is a
 * cache. */
void trust_cache_write(const char *gitdir, trust_cache *c, size_t keep_lines, size_t keep_bytes,
	const verify_entry *new_entries, size_t n_new);

void trust_cache_free(trust_cache *c);

/* ---- verify.c: the engine --------------------------------------------- */

typedef struct {
	const char *trust_root;     /* hex or prefix; NULL: none */
	unsigned flags;             /* CHARTER_VERIFY_* */
	unsigned threads;
	const char *tag_prefix;     /* the root of the signed tags (convention/ and booklet/
	                               under it); NULL: "refs/tags/" */
	bool no_cache_write;        /* sync: write it only once the refs moved */
} verify_opts;

struct charter_verify_report {
	verify_entry *commits;      /* root first */
	size_t ncommits;
	verify_entry *tags;
	size_t ntags;
	size_t chain_length, checked, failed;
	char tip[GIT_OID_HEXSZ + 1];
	char root[GIT_OID_HEXSZ + 1];
	git_oid tip_id, root_id;
	bool ok;
	/* The cache this verification earned, written by the engine or, for
	 * sync, once the refs moved (verify_report_save_cache). */
	trust_cache next_cache;
	bool cache_dirty;           /* something to write */
	size_t keep_lines, keep_bytes; /* of the old log */
	size_t new_from;            /* commits[new_from..] are the commits checked now */
};

/* Verify the chain ending at `tip` and the tags under opts->tag_prefix.
 * Returns 0 with *out set whether or not everything is authentic (read
 * (*out)->ok), negative when it could not run. */
int verify_engine(charter_verify_report **out, git_repository *repo, const char *gitdir,
	const git_oid *tip, const verify_opts *o);

/* Write the cache that a report prepared (sync does this after moving main). */
void verify_report_save_cache(const charter_verify_report *r, const char *gitdir);

/* The trust root to use: `given`, else git config charter.trustRoot;
 * *out NULL when none (then nothing to free). Validates the form. */
int trust_root_resolve(char **out, git_repository *repo, const char *given);

/* Message "N of M commits on main ... are not authentic" for a failed report. */
int verify_report_error(const charter_verify_report *r, const char *what);

/* ---- verify_render.c: the reports as text and JSON --------------------- */


/* The verification report as one JSON object (no newline after it). */
void verify_report_json(buf *b, const charter_verify_report *r);

/* One line per failing commit or tag. */
void verify_report_failures(buf *b, const charter_verify_report *r, const ansi_colours *c);

#endif
