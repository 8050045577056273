/* charter_verify: main's first-parent chain and the convention tags under
 * the trust rule, checking only what the cache does not vouch for. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "trust/verify.h"

#define TAG_ROOT "refs/tags/" /* convention/ and booklet/ under it */

static const char *const reason_names[] = {
	[CHARTER_VERIFY_OK] = "",
	[CHARTER_VERIFY_UNSIGNED] = "unsigned",
	[CHARTER_VERIFY_UNKNOWN_KEY] = "unknown-key",
	[CHARTER_VERIFY_BAD_SIGNATURE] = "bad-signature",
	[CHARTER_VERIFY_WRONG_NAMESPACE] = "wrong-namespace",
	[CHARTER_VERIFY_MALFORMED] = "malformed-signature",
	[CHARTER_VERIFY_KEY_NOT_YET_VALID] = "key-not-yet-valid",
	[CHARTER_VERIFY_KEY_EXPIRED] = "key-expired",
	[CHARTER_VERIFY_SELF_AUTHORIZED] = "self-authorized",
	[CHARTER_VERIFY_WRONG_ROOT] = "wrong-root",
	[CHARTER_VERIFY_NOT_ON_MAIN] = "not-on-main",
	[CHARTER_VERIFY_WRONG_TAG_NAME] = "wrong-tag-name",
	[CHARTER_VERIFY_UNREADABLE] = "unreadable",
	[CHARTER_VERIFY_TIME_WENT_BACK] = "time-went-back",
	[CHARTER_VERIFY_POLICY_OUTSIDE_SIGNERS] = "policy-outside-signers-proposal",
	[CHARTER_VERIFY_CORRUPT] = "corrupt-object",
};

const char *charter_verify_reason_name(charter_verify_reason reason)
{
	return (unsigned)reason < ARRAY_SIZE(reason_names) ? reason_names[reason] : "unreadable";
}

int trust_root_resolve(char **out, git_repository *repo, const char *given)
{
	git_config *cfg = NULL, *snap = NULL;
	const char *value = given;
	char *copy = NULL;
	*out = NULL;
	if (!value || !*value) {
		value = NULL;
		if (git_repository_config(&cfg, repo) == 0 && git_config_snapshot(&snap, cfg) == 0 &&
		    git_config_get_string(&value, snap, TRUST_ROOT_CONFIG) < 0)
			value = NULL;
		git_error_clear();
	}
	if (value) {
		size_t n = strlen(value);
		if (n < 7 || n > GIT_OID_HEXSZ || strspn(value, "0123456789abcdefABCDEF") != n) {
			int error = error_set(CHARTER_EINVALID,
				"trust root '%.60s'%s is not a commit id (7 to 40 hex digits)", value,
				given && *given ? "" : " (git config " TRUST_ROOT_CONFIG ")");
			git_config_free(snap);
			git_config_free(cfg);
			return error;
		}
		if ((copy = xstrdup(value)) != NULL)
			for (char *p = copy; *p; p++)
				*p = (char)tolower((unsigned char)*p);
	}
	git_config_free(snap);
	git_config_free(cfg);
	if (value && !copy)
		return CHARTER_ERROR;
	*out = copy;
	return 0;
}

static void entries_free(verify_entry *e, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(e[i].principal);
		free(e[i].tag);
	}
	free(e);
}

void charter_verify_report_free(charter_verify_report *r)
{
	if (!r)
		return;
	entries_free(r->commits, r->ncommits);
	entries_free(r->tags, r->ntags);
	trust_cache_free(&r->next_cache);
	free(r);
}

/* Is a commit on the chain? The commits read now, else (when the cache
 * vouched for the older part) the old chain, read once when first asked. */
typedef struct {
	git_repository *repo;
	oidset now;
	oidset old;
	const git_oid *old_tip; /* NULL: no older part */
	bool old_read;
	int error;
} chain_lookup;

static bool on_chain(const git_oid *id, void *payload)
{
	chain_lookup *l = payload;
	if (oidset_has(&l->now, id))
		return true;
	if (!l->old_tip)
		return false;
	if (!l->old_read) {
		chain old;
		l->old_read = true;
		if ((l->error = chain_read(&old, l->repo, l->old_tip, NULL)) < 0)
			return false;
		for (size_t i = 0; i < old.count && l->error == 0; i++)
			l->error = oidset_add(&l->old, &old.c[i].id);
		chain_free(&old);
	}
	return oidset_has(&l->old, id);
}

static bool root_matches(const git_oid *root, const char *trust_root)
{
	char hex[GIT_OID_HEXSZ + 1];
	git_oid_tostr(hex, sizeof(hex), root);
	return !trust_root || strncmp(hex, trust_root, strlen(trust_root)) == 0;
}

/* The policy blob of a commit's tree. */
static int commit_policy(git_oid *out, bool *found, git_repository *repo, const git_oid *commit)
{
	git_commit *c = NULL;
	int error = git_commit_lookup(&c, repo, commit);
	if (error < 0)
		return error_git(error, "cannot read a commit on main");
	error = policy_blob_of_tree(out, found, repo, git_commit_tree_id(c));
	git_commit_free(c);
	return error;
}

int verify_engine(charter_verify_report **out, git_repository *repo, const char *gitdir,
	const git_oid *tip, const verify_opts *o)
{
	charter_verify_report *r = NULL;
	trust_cache cache;
	bool use_cache = false;
	chain ch = { NULL, 0, 0, false };
	chain_lookup lookup = { repo, HSET_INIT, HSET_INIT, NULL, false, 0 };
	verify_entry *checked = NULL;
	tag_list tags = { NULL, 0 };
	int error;

	*out = NULL;
	memset(&cache, 0, sizeof(cache));
	if (!(o->flags & CHARTER_VERIFY_FULL)) {
		trust_cache_read(&cache, &use_cache, gitdir);
		/* A pinned root the cache's chain does not start at: check it all. */
		if (use_cache && !root_matches(&cache.root, o->trust_root))
			use_cache = false;
	}
	/* The cache must agree with the store about its tip's policy, and
	 * have its log when every commit is to be listed. */
	git_oid base_policy;
	bool has_base_policy = false;
	if (use_cache && commit_policy(&base_policy, &has_base_policy, repo, &cache.tip) < 0) {
		error_clear();
		use_cache = false;
	}
	if (use_cache && (has_base_policy != cache.has_policy ||
			  (has_base_policy && !git_oid_equal(&base_policy, &cache.policy))))
		use_cache = false;
	if (use_cache && (o->flags & CHARTER_VERIFY_LIST_ALL) && cache.log_lines != cache.count)
		use_cache = false;
	if (!use_cache)
		trust_cache_free(&cache);
	if ((error = chain_read_verify(&ch, &checked, repo, gitdir, tip, use_cache ? &cache.tip : NULL,
		     use_cache && has_base_policy ? &base_policy : NULL, o->threads)) < 0)
		goto done;
	if (use_cache && !ch.reached_stop) {
		/* The cached tip is not on this chain: the walk went down to the
		 * root and everything was checked. */
		use_cache = false;
		trust_cache_free(&cache);
	}

	if (!(r = calloc(1, sizeof(*r)))) {
		error = error_set(CHARTER_ERROR, "out of memory");
		goto done;
	}
	size_t cached = use_cache ? cache.count : 0;
	r->chain_length = cached + ch.count;
	r->checked = ch.count;
	git_oid_cpy(&r->tip_id, tip);
	git_oid_cpy(&r->root_id, use_cache ? &cache.root : &ch.c[ch.count - 1].id);
	git_oid_tostr(r->tip, sizeof(r->tip), &r->tip_id);
	git_oid_tostr(r->root, sizeof(r->root), &r->root_id);

	/* The pinned root: without the cache the root is checked[count-1]. */
	if (!root_matches(&r->root_id, o->trust_root)) {
		verify_entry *e = &checked[ch.count - 1];
		e->reason = CHARTER_VERIFY_WRONG_ROOT;
		snprintf(e->detail, sizeof(e->detail), "main's history starts at %.12s, not at the trust root %.12s",
			r->root, o->trust_root);
	}

	/* Commits, root first: the cached ones (when listed), then those checked. */
	bool list_cached = use_cache && (o->flags & CHARTER_VERIFY_LIST_ALL);
	r->ncommits = (list_cached ? cached : 0) + ch.count;
	if (r->ncommits && !(r->commits = calloc(r->ncommits, sizeof(*r->commits)))) {
		error = error_set(CHARTER_ERROR, "out of memory");
		goto done;
	}
	if (list_cached && trust_cache_read_log(r->commits, &cache, gitdir) < 0) {
		/* The log does not match after all: start again, everything. */
		charter_verify_report_free(r);
		r = NULL;
		verify_opts full = *o;
		full.flags |= CHARTER_VERIFY_FULL;
		trust_cache_free(&cache);
		entries_free(checked, ch.count);
		checked = NULL;
		chain_free(&ch);
		return verify_engine(out, repo, gitdir, tip, &full);
	}
	r->new_from = list_cached ? cached : 0;
	for (size_t i = 0; i < ch.count; i++) {
		r->commits[r->new_from + i] = checked[ch.count - 1 - i];
		checked[ch.count - 1 - i].principal = NULL;
	}
	for (size_t i = 0; i < r->ncommits; i++)
		if (r->commits[i].reason != CHARTER_VERIFY_OK)
			r->failed++;

	/* Convention tags, against this chain. */
	for (size_t i = 0; i < ch.count && error == 0; i++)
		error = oidset_add(&lookup.now, &ch.c[i].id);
	lookup.old_tip = use_cache ? &cache.tip : NULL;
	if (error < 0 ||
	    (error = tags_verify(&tags, repo, o->tag_prefix ? o->tag_prefix : TAG_ROOT, on_chain, &lookup,
		     use_cache ? cache.tags : NULL, use_cache ? cache.ntags : 0)) < 0)
		goto done;
	if ((error = lookup.error) < 0)
		goto done;
	r->tags = tags.e;
	r->ntags = tags.count;
	tags = (tag_list){ NULL, 0 };
	for (size_t i = 0; i < r->ntags; i++)
		if (r->tags[i].reason != CHARTER_VERIFY_OK)
			r->failed++;
	r->ok = r->failed == 0;

	/* The cache this earned: the chain when every commit holds, and the
	 * tags that hold. */
	bool commits_ok = true;
	for (size_t i = 0; i < r->ncommits; i++)
		commits_ok = commits_ok && r->commits[i].reason == CHARTER_VERIFY_OK;
	if (commits_ok) {
		trust_cache *n = &r->next_cache;
		git_oid_cpy(&n->tip, tip);
		git_oid_cpy(&n->root, &r->root_id);
		if (ch.count) {
			n->has_policy = ch.c[0].has_policy;
			git_oid_cpy(&n->policy, &ch.c[0].policy);
		} else {
			n->has_policy = cache.has_policy;
			git_oid_cpy(&n->policy, &cache.policy);
		}
		n->count = r->chain_length;
		r->keep_lines = use_cache ? cache.log_lines : 0;
		r->keep_bytes = use_cache ? cache.log_bytes : 0;
		size_t ntags_ok = 0;
		for (size_t i = 0; i < r->ntags; i++)
			ntags_ok += r->tags[i].reason == CHARTER_VERIFY_OK;
		if (ntags_ok && !(n->tags = calloc(ntags_ok, sizeof(*n->tags)))) {
			error = error_set(CHARTER_ERROR, "out of memory");
			goto done;
		}
		bool tags_changed = !use_cache || ntags_ok != cache.ntags;
		for (size_t i = 0; i < r->ntags; i++) {
			const verify_entry *t = &r->tags[i];
			if (t->reason != CHARTER_VERIFY_OK)
				continue;
			verify_entry *c = &n->tags[n->ntags++];
			*c = *t;
			c->tag = xstrdup(t->tag);
			c->principal = t->principal ? xstrdup(t->principal) : NULL;
			if (!c->tag || (t->principal && !c->principal)) {
				error = CHARTER_ERROR;
				goto done;
			}
			tags_changed = tags_changed || !t->cached;
		}
		r->cache_dirty = ch.count > 0 || tags_changed || (o->flags & CHARTER_VERIFY_FULL);
	}
	if (!o->no_cache_write)
		verify_report_save_cache(r, gitdir);
	*out = r;
	r = NULL;
done:
	charter_verify_report_free(r);
	entries_free(checked, ch.count);
	tag_list_free(&tags);
	oidset_free(&lookup.now);
	oidset_free(&lookup.old);
	trust_cache_free(&cache);
	chain_free(&ch);
	return error;
}

void verify_report_save_cache(const charter_verify_report *r, const char *gitdir)
{
	if (!r->cache_dirty)
		return;
	trust_cache c = r->next_cache; /* written fields: log_lines, log_bytes only */
	trust_cache_write(gitdir, &c, r->keep_lines, r->keep_bytes, r->commits + r->new_from,
		r->ncommits - r->new_from);
}

int verify_report_error(const charter_verify_report *r, const char *what)
{
	size_t bad_commits = 0, bad_tags = 0;
	for (size_t i = 0; i < r->ncommits; i++)
		bad_commits += r->commits[i].reason != CHARTER_VERIFY_OK;
	for (size_t i = 0; i < r->ntags; i++)
		bad_tags += r->tags[i].reason != CHARTER_VERIFY_OK;
	if (bad_tags && !bad_commits)
		return error_set(CHARTER_EVERIFY, "%s: %zu of %zu signed tags %s not authentic", what, bad_tags,
			r->ntags, bad_tags == 1 ? "is" : "are");
	return error_set(CHARTER_EVERIFY, "%s: %zu of %zu commits on main %s not authentic%s", what, bad_commits,
		r->chain_length, bad_commits == 1 ? "is" : "are",
		bad_tags ? " (and some signed tags)" : "");
}

int charter_verify(charter_verify_report **out, charter_store *store, const charter_verify_options *opts)
{
	charter_verify_options defaults = CHARTER_VERIFY_OPTIONS_INIT;
	git_oid tip;
	char *trust_root = NULL;
	int error;

	*out = NULL;
	if (!opts)
		opts = &defaults;
	if ((error = options_version_check(opts->version, CHARTER_VERIFY_OPTIONS_VERSION, "charter_verify")) < 0)
		return error;
	if ((error = store_main(&tip, store)) < 0 ||
	    (error = trust_root_resolve(&trust_root, store_repo(store), opts->trust_root)) < 0)
		return error;
	verify_opts o = { trust_root, opts->flags, opts->threads, NULL, false };
	error = verify_engine(out, store_repo(store), charter_store_gitdir(store), &tip, &o);
	free(trust_root);
	if (error == 0 && !(*out)->ok)
		error = verify_report_error(*out, "verification failed");
	return error;
}

int charter_verify_report_ok(const charter_verify_report *r)
{
	return r->ok;
}

size_t charter_verify_report_commit_count(const charter_verify_report *r)
{
	return r->ncommits;
}

size_t charter_verify_report_tag_count(const charter_verify_report *r)
{
	return r->ntags;
}

static void entry_out(charter_verify_entry *out, verify_entry *e)
{
	git_oid_tostr(e->hex, sizeof(e->hex), &e->id);
	out->commit = e->hex;
	out->ok = e->reason == CHARTER_VERIFY_OK;
	out->reason = e->reason;
	out->principal = e->principal ? e->principal : "";
	out->fingerprint = e->fingerprint;
	out->detail = e->detail;
	out->cached = e->cached;
	out->tag = NULL;
	out->target = NULL;
}

void charter_verify_report_commit(charter_verify_entry *out, const charter_verify_report *r, size_t i)
{
	if (i >= r->ncommits) {
		memset(out, 0, sizeof(*out));
		return;
	}
	entry_out(out, &r->commits[i]);
}

void charter_verify_report_tag(charter_verify_entry *out, const charter_verify_report *r, size_t i)
{
	if (i >= r->ntags) {
		memset(out, 0, sizeof(*out));
		return;
	}
	verify_entry *e = &r->tags[i];
	entry_out(out, e);
	git_oid_tostr(e->target_hex, sizeof(e->target_hex), &e->target);
	out->tag = e->tag;
	out->target = e->target_hex;
}

size_t charter_verify_report_chain_length(const charter_verify_report *r)
{
	return r->chain_length;
}

size_t charter_verify_report_checked(const charter_verify_report *r)
{
	return r->checked;
}

size_t charter_verify_report_failed(const charter_verify_report *r)
{
	return r->failed;
}

const char *charter_verify_report_tip(const charter_verify_report *r)
{
	return r->tip;
}

const char *charter_verify_report_root(const charter_verify_report *r)
{
	return r->root;
}
