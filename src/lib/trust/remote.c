/* charter_sync and charter_push: exchange main, convention tags, proposals
 * and outcomes with another copy of the store over any transport libgit2
 * has, taking only authentic history in and sending only authentic
 * history out.
 *
 * sync fetches into a quarantine namespace of refs (objects land in the
 * object database, unreferenced until accepted), checks, and then moves
 * every local ref in one locked transaction, or none; the quarantine refs
 * are always deleted. */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/grow.h"
#include "store/store.h"
#include "store/worktree.h"
#include "store/writer_lock.h"
#include "trust/verify.h"

#define QUARANTINE_PREFIX "refs/charter-quarantine/"

typedef struct {
	char *ref;
	char old_id[GIT_OID_HEXSZ + 1];
	char new_id[GIT_OID_HEXSZ + 1];
} ref_update;

struct charter_sync_report {
	ref_update *u;
	size_t count;
	size_t new_adoptions;
	charter_verify_report *verify;
	char *note; /* push: the remote's HEAD, when it does not point at main */
	char *remote;   /* as the caller named it */
	bool push;
	bool ok;        /* the sync or push returned 0 */
};

/* The kinds of refs exchanged besides main, under refs/. */
static const char *const shared_kinds[] = { "tags/convention/", "tags/booklet/", "amendments/", "outcomes/" };

static int report_add(charter_sync_report *r, const char *ref, const git_oid *old, const git_oid *new_id)
{
	if (GROW_EXACT(r->u, r->count + 1) < 0)
		return CHARTER_ERROR;
	ref_update *u = &r->u[r->count];
	if (!(u->ref = xstrdup(ref)))
		return CHARTER_ERROR;
	u->old_id[0] = '\0';
	if (old)
		git_oid_tostr(u->old_id, sizeof(u->old_id), old);
	git_oid_tostr(u->new_id, sizeof(u->new_id), new_id);
	r->count++;
	return 0;
}

void charter_sync_report_free(charter_sync_report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->count; i++)
		free(r->u[i].ref);
	free(r->u);
	charter_verify_report_free(r->verify);
	free(r->note);
	free(r->remote);
	free(r);
}

const char *charter_sync_report_note(const charter_sync_report *r)
{
	return r->note ? r->note : "";
}

/* A remote whose HEAD is missing or names no branch (a new bare repository
 * points it at a `master` that never comes) makes `git clone` warn and
 * check nothing out. On a repository this process can open (a path or a
 * file:// URL), point HEAD at main; otherwise say how. */
static void push_fix_head(charter_sync_report *r, git_remote *remote, const char *remote_name, bool head_is_main)
{
	if (head_is_main)
		return;
	const char *url = git_remote_url(remote);
	const char *path = url && strncmp(url, "file://", 7) == 0 ? url + 7 : url;
	bool local = path && !strstr(path, "://") && (path[0] == '/' || path[0] == '.' || !strchr(path, ':'));
	git_repository *there = NULL;
	if (local && git_repository_open_ext(&there, path, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) == 0 &&
	    git_repository_set_head(there, MAIN_REF) == 0) {
		git_repository_free(there);
		return;
	}
	git_repository_free(there);
	error_clear();
	buf b = BUF_INIT;
	buf_printf(&b, "%s's HEAD does not point at main, so git clone of it checks nothing out: on the server, "
		"run git symbolic-ref HEAD refs/heads/main in the repository", remote_name);
	r->note = buf_detach(&b);
}

size_t charter_sync_report_count(const charter_sync_report *r)
{
	return r->count;
}

/* The end of sync and push: the report goes to the caller on success and on
 * the failures it explains (verification, conflicts), with no updates when
 * nothing moved; otherwise it is freed. Returns `error`. */
static int report_hand_over(charter_sync_report **out, charter_sync_report *r, int error, const char *remote,
	bool push)
{
	if (!r || (error != 0 && error != CHARTER_EVERIFY && error != CHARTER_ECONFLICT)) {
		charter_sync_report_free(r);
		return error;
	}
	r->remote = strdup(remote ? remote : ""); /* NULL (out of memory) reads as "" */
	r->push = push;
	r->ok = error == 0;
	if (error < 0) {
		/* Nothing moved: the report lists no updates. */
		for (size_t i = 0; i < r->count; i++)
			free(r->u[i].ref);
		r->count = 0;
	}
	*out = r;
	return error;
}

void charter_sync_report_update(charter_ref_update *out, const charter_sync_report *r, size_t i)
{
	if (i >= r->count) {
		out->ref = out->old_id = out->new_id = NULL;
		return;
	}
	out->ref = r->u[i].ref;
	out->old_id = r->u[i].old_id;
	out->new_id = r->u[i].new_id;
}

size_t charter_sync_report_new_adoptions(const charter_sync_report *r)
{
	return r->new_adoptions;
}

const charter_verify_report *charter_sync_report_verify(const charter_sync_report *r)
{
	return r->verify;
}

const char *charter_sync_report_remote(const charter_sync_report *r)
{
	return r->remote ? r->remote : "";
}

int charter_sync_report_is_push(const charter_sync_report *r)
{
	return r->push;
}

int charter_sync_report_ok(const charter_sync_report *r)
{
	return r->ok;
}

/* ---- remotes ------------------------------------------------------------ */

typedef struct {
	int attempts;
	const char *remote;
	/* push: the first ref the remote refused, and why */
	char refused[300];
	char why[200];
} remote_ctx;

static int credentials(git_credential **out, const char *url, const char *user, unsigned int allowed, void *payload)
{
	remote_ctx *ctx = payload;
	(void)url;
	if (ctx->attempts++ > 0)
		return GIT_EAUTH; /* the agent's keys were refused: do not loop */
	if (allowed & GIT_CREDENTIAL_SSH_KEY)
		return git_credential_ssh_key_from_agent(out, user ? user : "git");
	if (allowed & GIT_CREDENTIAL_USERNAME)
		return git_credential_username_new(out, user ? user : "git");
	return GIT_PASSTHROUGH;
}

/* git's url.<base>.insteadOf (and, for pushing, pushInsteadOf first): the
 * longest matching prefix is replaced by <base>. Done here rather than by
 * libgit2, whose 1.5 regex-based config lookups leak on every entry that
 * does not match. Returns a malloc'd URL. */
static char *rewrite_url(git_config *cfg, const char *url, bool push)
{
	const char *const kinds[] = { ".pushinsteadof", ".insteadof" };
	for (size_t k = push ? 0 : 1; k < ARRAY_SIZE(kinds); k++) {
		git_config_iterator *it = NULL;
		git_config_entry *e;
		size_t best = 0, klen = strlen(kinds[k]);
		char *base = NULL;
		if (!cfg || git_config_iterator_new(&it, cfg) < 0)
			break;
		while (git_config_next(&e, it) == 0) {
			size_t n = strlen(e->name), vlen = e->value ? strlen(e->value) : 0;
			if (n <= 4 + klen || strncmp(e->name, "url.", 4) != 0 || strcmp(e->name + n - klen, kinds[k]) != 0 ||
			    !vlen || vlen <= best || strncmp(url, e->value, vlen) != 0)
				continue;
			free(base);
			base = xstrndup(e->name + 4, n - 4 - klen);
			best = vlen;
		}
		git_config_iterator_free(it);
		if (base) {
			buf b = BUF_INIT;
			buf_printf(&b, "%s%s", base, url + best);
			free(base);
			return buf_detach(&b);
		}
	}
	git_error_clear();
	return xstrdup(url);
}

/* An anonymous remote for `name`: a configured remote's URL, a path, or a
 * URL. Anonymous, so that no configured refspec updates remote-tracking
 * refs behind our back. */
static int open_remote(git_remote **out, git_repository *repo, const char *name, bool push)
{
	git_config *cfg = NULL, *snap = NULL;
	git_remote_create_options ro;
	const char *configured = NULL;
	char *url = NULL;
	struct stat st;
	int error;

	*out = NULL;
	if (!name || !*name)
		return error_set(CHARTER_EINVALID, "which remote? give a remote name, URL or path");
	if (git_repository_config(&cfg, repo) == 0)
		git_config_snapshot(&snap, cfg);
	if (snap && !strpbrk(name, "\n\r")) {
		buf key = BUF_INIT;
		buf_printf(&key, "remote.%s.pushurl", name);
		if (!push || git_config_get_string(&configured, snap, buf_cstr(&key)) < 0) {
			buf_clear(&key);
			buf_printf(&key, "remote.%s.url", name);
			if (git_config_get_string(&configured, snap, buf_cstr(&key)) < 0)
				configured = NULL;
		} else {
			push = false; /* an explicit pushurl is not rewritten by pushInsteadOf */
		}
		buf_free(&key);
	}
	if (configured) {
		url = rewrite_url(snap, configured, push);
	} else if (stat(name, &st) == 0 && S_ISDIR(st.st_mode)) {
		char abs[PATH_MAX];
		url = xstrdup(realpath(name, abs) ? abs : name);
	} else {
		/* Not a directory: a URL ("scheme://...") or scp-like "host:path",
		 * else nothing we can reach. */
		const char *colon = strchr(name, ':');
		bool urlish = strstr(name, "://") || (colon && colon > name && !memchr(name, '/', (size_t)(colon - name)));
		if (!urlish) {
			git_config_free(snap);
			git_config_free(cfg);
			return error_set(CHARTER_ENOTFOUND,
				"'%s' is not a configured remote, a URL or a path to a repository", name);
		}
		url = rewrite_url(snap, name, push);
	}
	git_config_free(snap);
	git_config_free(cfg);
	git_error_clear();
	if (!url)
		return CHARTER_ERROR;
	git_remote_create_options_init(&ro, GIT_REMOTE_CREATE_OPTIONS_VERSION);
	ro.repository = repo;
	ro.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF | GIT_REMOTE_CREATE_SKIP_DEFAULT_FETCHSPEC;
	error = git_remote_create_with_opts(out, url, &ro);
	if (error < 0)
		error = error_set(CHARTER_EINVALID, "'%s' is not a configured remote, a URL or a path to a repository",
			name);
	free(url);
	return error;
}

static int transfer_error(int error, const char *what, const char *remote)
{
	const git_error *e = git_error_last();
	return error_set(CHARTER_ERROR, "cannot %s %s: %s%s", what, remote, e && e->message ? e->message : "git error",
		error == GIT_EAUTH ? " (ssh: is the key in ssh-agent?)" : "");
}

/* ---- sync --------------------------------------------------------------- */

static void quarantine_delete(git_repository *repo, const char *prefix)
{
	git_reference_iterator *it = NULL;
	git_reference *ref = NULL;
	char glob[300];
	snprintf(glob, sizeof(glob), "%s*", prefix);
	if (git_reference_iterator_glob_new(&it, repo, glob) == 0) {
		while (git_reference_next(&ref, it) == 0) {
			if (strncmp(git_reference_name(ref), prefix, strlen(prefix)) == 0)
				git_reference_delete(ref);
			git_reference_free(ref);
		}
		git_reference_iterator_free(it);
	}
	git_error_clear();
}

/* Quarantines left by a sync that was killed: their process is gone. */
static void quarantine_reap(git_repository *repo)
{
	git_reference_iterator *it = NULL;
	git_reference *ref = NULL;
	size_t plen = strlen(QUARANTINE_PREFIX);
	if (git_reference_iterator_glob_new(&it, repo, QUARANTINE_PREFIX "*") == 0) {
		while (git_reference_next(&ref, it) == 0) {
			const char *name = git_reference_name(ref);
			char *end = NULL;
			long pid = strncmp(name, QUARANTINE_PREFIX, plen) == 0 ? strtol(name + plen, &end, 10) : 0;
			if (pid > 0 && end && *end == '-' && pid != (long)getpid() && kill((pid_t)pid, 0) < 0 &&
			    errno == ESRCH)
				git_reference_delete(ref);
			git_reference_free(ref);
		}
		git_reference_iterator_free(it);
	}
	git_error_clear();
}

static bool lookup_ref(git_oid *out, git_repository *repo, const char *name)
{
	bool found = git_reference_name_to_id(out, repo, name) == 0;
	git_error_clear();
	return found;
}

/* The updates a sync makes to the refs other than main, from the
 * quarantine `q`. A ref that differs from a local one is a conflict. */
static int plan_shared(charter_sync_report *r, git_repository *repo, const char *q, const char *remote)
{
	size_t qlen = strlen(q), conflicts = 0;
	char first[400] = "";
	int error = 0;
	for (size_t k = 0; k < ARRAY_SIZE(shared_kinds) && error == 0; k++) {
		git_reference_iterator *it = NULL;
		git_reference *ref = NULL;
		char glob[400];
		snprintf(glob, sizeof(glob), "%s%s*", q, shared_kinds[k]);
		if ((error = git_reference_iterator_glob_new(&it, repo, glob)) < 0)
			return error_git(error, "cannot list the fetched refs");
		while (error == 0 && (error = git_reference_next(&ref, it)) == 0) {
			const char *name = git_reference_name(ref);
			const git_oid *id = git_reference_target(ref);
			char local[400];
			git_oid have;
			snprintf(local, sizeof(local), "refs/%s", name + qlen);
			if (id && strncmp(name, q, qlen) == 0) {
				if (!lookup_ref(&have, repo, local))
					error = report_add(r, local, NULL, id);
				else if (!git_oid_equal(&have, id) && conflicts++ == 0)
					snprintf(first, sizeof(first), "%s", local + 5);
			}
			git_reference_free(ref);
		}
		git_reference_iterator_free(it);
		if (error == GIT_ITEROVER)
			error = 0;
		else if (error < 0 && error > -100 && charter_error_last_code() == 0)
			error = error_git(error, "cannot list the fetched refs");
	}
	if (error == 0 && conflicts)
		error = error_set(CHARTER_ECONFLICT,
			"%s has a different %s than this store%s: nothing was changed (records are never rewritten; "
			"settle it by hand)", remote, first, conflicts > 1 ? " (and more refs)" : "");
	return error;
}

/* Every outcome record the plan takes is verified first: one that is not
 * authentic refuses the whole sync. */
static int check_outcomes(const charter_sync_report *r, git_repository *repo, const char *q, const char *remote,
	const git_oid *main_tip)
{
	const size_t plen = strlen("refs/outcomes/");
	for (size_t i = 0; i < r->count; i++) {
		const char *ref = r->u[i].ref, *id = ref + plen;
		char local[400], fetched[400];
		git_oid target, proposal;
		verify_entry e;
		if (strncmp(ref, "refs/outcomes/", plen) != 0)
			continue;
		snprintf(local, sizeof(local), "refs/amendments/%s", id);
		snprintf(fetched, sizeof(fetched), "%samendments/%s", q, id);
		if (!lookup_ref(&proposal, repo, local) && !lookup_ref(&proposal, repo, fetched))
			return error_set(CHARTER_EVERIFY, "refused %s's %s: there is no proposal %s (nothing was changed)",
				remote, ref, id);
		git_oid_fromstr(&target, r->u[i].new_id);
		int error = outcome_verify(&e, repo, id, &target, &proposal, main_tip);
		free(e.principal);
		if (error < 0)
			return error;
		if (e.reason != CHARTER_VERIFY_OK)
			return error_set(CHARTER_EVERIFY, "refused %s's %s (%.12s): %s: %s (nothing was changed)", remote, ref,
				r->u[i].new_id, charter_verify_reason_name(e.reason), e.detail);
	}
	return 0;
}

static int checkout_main(git_repository *repo, const git_oid *commit_id, const git_oid *old, bool dry_run)
{
	git_commit *commit = NULL, *base = NULL;
	git_tree *tree = NULL, *base_tree = NULL;
	int error;
	if ((error = git_commit_lookup(&commit, repo, commit_id)) < 0 || (error = git_commit_tree(&tree, commit)) < 0) {
		git_commit_free(commit);
		return error_git(error, "cannot read the new main");
	}
	/* The baseline is the text checked out before: the old main, or
	 * nothing for a store that had none. */
	if (old && git_commit_lookup(&base, repo, old) == 0)
		git_commit_tree(&base_tree, base);
	git_error_clear();
	error = worktree_checkout(repo, base_tree, tree, dry_run);
	if (error == CHARTER_ESTATE)
		error_set(CHARTER_ESTATE,
			"the work tree has local changes to files the new adoptions change: commit or discard them, "
			"then sync again (nothing was changed)");
	git_tree_free(base_tree);
	git_tree_free(tree);
	git_commit_free(base);
	git_commit_free(commit);
	return error;
}

/* Move every planned ref at once: lock them all, check each still holds
 * what the plan expects, then write. */
static int apply_updates(git_repository *repo, const charter_sync_report *r, const char *message)
{
	git_transaction *tx = NULL;
	int error;
	if ((error = git_transaction_new(&tx, repo)) < 0)
		return error_git(error, "cannot update refs");
	for (size_t i = 0; i < r->count && error == 0; i++)
		if ((error = git_transaction_lock_ref(tx, r->u[i].ref)) < 0)
			error = error_set(CHARTER_EMOVED, "%s is locked by another writer: retry (nothing was changed)",
				r->u[i].ref);
	for (size_t i = 0; i < r->count && error == 0; i++) {
		git_oid now, old;
		bool exists = lookup_ref(&now, repo, r->u[i].ref);
		bool expected = r->u[i].old_id[0] ? (exists && git_oid_fromstr(&old, r->u[i].old_id) == 0 &&
			git_oid_equal(&now, &old)) : !exists;
		if (!expected)
			error = error_set(CHARTER_EMOVED, "%s moved while syncing (another writer): retry (nothing was changed)",
				r->u[i].ref);
	}
	for (size_t i = 0; i < r->count && error == 0; i++) {
		git_oid id;
		git_oid_fromstr(&id, r->u[i].new_id);
		if ((error = git_transaction_set_target(tx, r->u[i].ref, &id, NULL, message)) < 0)
			error = error_git(error, r->u[i].ref);
	}
	if (error == 0 && (error = git_transaction_commit(tx)) < 0)
		error = error_git(error, "cannot update refs");
	git_transaction_free(tx);
	return error;
}

int charter_sync(charter_sync_report **out, charter_store *store, const char *remote_name,
	const charter_sync_options *opts)
{
	charter_sync_options defaults = CHARTER_SYNC_OPTIONS_INIT;
	git_repository *repo = store_repo(store);
	git_remote *remote = NULL;
	charter_sync_report *r = NULL;
	char *trust_root = NULL;
	char q[120] = "", spec_main[200], spec_kinds[ARRAY_SIZE(shared_kinds)][200];
	char *specs[1 + ARRAY_SIZE(shared_kinds)];
	remote_ctx ctx = { 0, remote_name, "", "" };
	git_oid incoming, local;
	bool have_local, fast_forward = false;
	chain ch = { NULL, 0, 0, false };
	int error, lock_fd = -1;

	*out = NULL;
	if (!opts)
		opts = &defaults;
	if ((error = options_version_check(opts->version, CHARTER_SYNC_OPTIONS_VERSION, "charter_sync")) < 0)
		return error;
	if ((error = trust_root_resolve(&trust_root, repo, opts->trust_root)) < 0)
		return error;
	if ((error = open_remote(&remote, repo, remote_name, false)) < 0)
		goto done;
	if (!(r = calloc(1, sizeof(*r)))) {
		error = error_set(CHARTER_ERROR, "out of memory");
		goto done;
	}

	/* Fetch into a quarantine of our own (after clearing any a killed
	 * sync left behind). */
	if ((error = writer_begin(&lock_fd, repo)) < 0)
		goto done;
	quarantine_reap(repo);
	snprintf(q, sizeof(q), QUARANTINE_PREFIX "%ld-%lld/", (long)getpid(), (long long)time(NULL));
	snprintf(spec_main, sizeof(spec_main), "+" MAIN_REF ":%sheads/main", q);
	specs[0] = spec_main;
	for (size_t k = 0; k < ARRAY_SIZE(shared_kinds); k++) {
		snprintf(spec_kinds[k], sizeof(spec_kinds[k]), "+refs/%s*:%s%s*", shared_kinds[k], q, shared_kinds[k]);
		specs[1 + k] = spec_kinds[k];
	}
	git_strarray refspecs = { specs, ARRAY_SIZE(specs) };
	git_fetch_options fo;
	git_fetch_options_init(&fo, GIT_FETCH_OPTIONS_VERSION);
	fo.callbacks.credentials = credentials;
	fo.callbacks.payload = &ctx;
	fo.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
	fo.update_fetchhead = 0;
	fo.prune = GIT_FETCH_NO_PRUNE;
	if ((error = git_remote_fetch(remote, &refspecs, &fo, "charter: sync (quarantine)")) < 0) {
		error = transfer_error(error, "fetch from", remote_name);
		goto done;
	}

	char qmain[200];
	snprintf(qmain, sizeof(qmain), "%sheads/main", q);
	if (!lookup_ref(&incoming, repo, qmain)) {
		error = error_set(CHARTER_ENOTFOUND, "%s has no main: nothing to sync", remote_name);
		goto done;
	}
	have_local = lookup_ref(&local, repo, MAIN_REF);

	/* Which main to verify: the incoming one when it extends ours (or we
	 * have none), ours when the remote is behind (its main is on our
	 * chain, so its tags must be too). Anything else rewrites history. */
	git_oid verify_tip;
	git_oid_cpy(&verify_tip, &incoming);
	if (have_local && !git_oid_equal(&local, &incoming)) {
		if ((error = chain_read(&ch, repo, &incoming, &local)) < 0)
			goto done;
		if (ch.reached_stop) {
			fast_forward = true;
			r->new_adoptions = ch.count;
		} else {
			chain_free(&ch);
			if ((error = chain_read(&ch, repo, &local, &incoming)) < 0)
				goto done;
			if (!ch.reached_stop) {
				char a[GIT_OID_HEXSZ + 1], b[GIT_OID_HEXSZ + 1];
				error = error_set(CHARTER_EVERIFY,
					"%s's main (%.12s) does not extend this store's main (%.12s): its history was rewritten "
					"or has diverged; nothing was changed", remote_name, git_oid_tostr(a, sizeof(a), &incoming),
					git_oid_tostr(b, sizeof(b), &local));
				goto done;
			}
			git_oid_cpy(&verify_tip, &local); /* the remote is behind */
		}
		chain_free(&ch);
	} else if (!have_local) {
		fast_forward = true;
	}

	char qtags[200];
	snprintf(qtags, sizeof(qtags), "%stags/", q);
	verify_opts vo = { trust_root, opts->verify_flags, 0, qtags, true };
	if ((error = verify_engine(&r->verify, repo, charter_store_gitdir(store), &verify_tip, &vo)) < 0)
		goto done;
	if (!have_local)
		r->new_adoptions = r->verify->chain_length;
	if (!r->verify->ok) {
		char what[300];
		snprintf(what, sizeof(what), "refused %s's main", remote_name);
		error = verify_report_error(r->verify, what);
		goto done;
	}

	if (fast_forward && (error = report_add(r, MAIN_REF, have_local ? &local : NULL, &incoming)) < 0)
		goto done;
	if ((error = plan_shared(r, repo, q, remote_name)) < 0 ||
	    (error = check_outcomes(r, repo, q, remote_name, &verify_tip)) < 0)
		goto done;
	bool checkout = fast_forward && worktree_on_main(repo);
	if (checkout && (error = checkout_main(repo, &incoming, have_local ? &local : NULL, true)) < 0)
		goto done;
	char message[300];
	snprintf(message, sizeof(message), "charter: sync from %.200s", remote_name);
	if (r->count && (error = apply_updates(repo, r, message)) < 0)
		goto done;
	verify_report_save_cache(r->verify, charter_store_gitdir(store));
	if (checkout && (error = checkout_main(repo, &incoming, have_local ? &local : NULL, false)) < 0) {
		/* The refs moved; only the files lag behind. Say so. */
		error = error_set(error, "main moved to %.12s but the work tree could not be updated: %s",
			r->u[0].new_id, charter_error_last());
	}
done:
	if (remote && q[0] && strncmp(q, QUARANTINE_PREFIX, strlen(QUARANTINE_PREFIX)) == 0)
		quarantine_delete(repo, q);
	writer_unlock(lock_fd);
	chain_free(&ch);
	git_remote_free(remote);
	free(trust_root);
	return report_hand_over(out, r, error, remote_name, false);
}

/* ---- push --------------------------------------------------------------- */

static int push_status(const char *refname, const char *status, void *payload)
{
	remote_ctx *ctx = payload;
	if (status && !ctx->refused[0]) {
		snprintf(ctx->refused, sizeof(ctx->refused), "%s", refname);
		snprintf(ctx->why, sizeof(ctx->why), "%s", status);
	}
	return 0;
}

typedef struct {
	char *name;
	git_oid id;
} remote_ref;

static const remote_ref *find_remote_ref(const remote_ref *refs, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(refs[i].name, name) == 0)
			return &refs[i];
	return NULL;
}

/* The local refs to publish: main and every shared kind. */
static int local_refs(char ***names, git_oid **ids, size_t *n, git_repository *repo)
{
	git_reference_iterator *it = NULL;
	git_reference *ref = NULL;
	size_t cap = 0;
	int error = 0;
	*names = NULL;
	*ids = NULL;
	*n = 0;
	if ((error = git_reference_iterator_new(&it, repo)) < 0)
		return error_git(error, "cannot list refs");
	while ((error = git_reference_next(&ref, it)) == 0) {
		const char *name = git_reference_name(ref);
		const git_oid *id = git_reference_target(ref);
		bool wanted = strcmp(name, MAIN_REF) == 0;
		for (size_t k = 0; k < ARRAY_SIZE(shared_kinds) && !wanted; k++)
			wanted = strncmp(name, "refs/", 5) == 0 && strncmp(name + 5, shared_kinds[k], strlen(shared_kinds[k])) == 0;
		if (wanted && id) {
			size_t room = cap;
			if (GROW(*names, cap, *n + 1) < 0 || (cap != room && GROW_EXACT(*ids, cap) < 0)) {
				cap = room; /* ids may not have grown: grow both again next time */
				git_reference_free(ref);
				error = CHARTER_ERROR;
				break;
			}
			if (!((*names)[*n] = xstrdup(name))) {
				git_reference_free(ref);
				error = CHARTER_ERROR;
				break;
			}
			git_oid_cpy(&(*ids)[*n], id);
			(*n)++;
		}
		git_reference_free(ref);
	}
	git_reference_iterator_free(it);
	if (error == GIT_ITEROVER)
		error = 0;
	else if (error < 0 && charter_error_last_code() == 0)
		error = error_git(error, "cannot list refs");
	return error;
}

int charter_push(charter_sync_report **out, charter_store *store, const char *remote_name,
	const charter_sync_options *opts)
{
	charter_sync_options defaults = CHARTER_SYNC_OPTIONS_INIT;
	git_repository *repo = store_repo(store);
	git_remote *remote = NULL;
	charter_sync_report *r = NULL;
	char *trust_root = NULL, **names = NULL, **specs = NULL;
	git_oid *ids = NULL, local;
	size_t nnames = 0, nremote = 0, nspecs = 0;
	remote_ref *rrefs = NULL;
	remote_ctx ctx = { 0, remote_name, "", "" };
	chain ch = { NULL, 0, 0, false };
	int error;

	*out = NULL;
	if (!opts)
		opts = &defaults;
	if ((error = options_version_check(opts->version, CHARTER_SYNC_OPTIONS_VERSION, "charter_push")) < 0)
		return error;
	if ((error = store_main(&local, store)) < 0 ||
	    (error = trust_root_resolve(&trust_root, repo, opts->trust_root)) < 0)
		return error;
	if (!(r = calloc(1, sizeof(*r))))
		return error_set(CHARTER_ERROR, "out of memory");

	/* Only authentic history leaves this store. */
	verify_opts vo = { trust_root, opts->verify_flags, 0, NULL, false };
	if ((error = verify_engine(&r->verify, repo, charter_store_gitdir(store), &local, &vo)) < 0)
		goto done;
	if (!r->verify->ok) {
		error = verify_report_error(r->verify, "refusing to push: this store's history does not verify");
		goto done;
	}

	/* What the remote has. */
	if ((error = open_remote(&remote, repo, remote_name, true)) < 0)
		goto done;
	git_remote_callbacks cb;
	git_remote_init_callbacks(&cb, GIT_REMOTE_CALLBACKS_VERSION);
	cb.credentials = credentials;
	cb.payload = &ctx;
	if ((error = git_remote_connect(remote, GIT_DIRECTION_PUSH, &cb, NULL, NULL)) < 0) {
		error = transfer_error(error, "connect to", remote_name);
		goto done;
	}
	const git_remote_head **heads = NULL;
	size_t nheads = 0;
	if ((error = git_remote_ls(&heads, &nheads, remote)) < 0) {
		error = transfer_error(error, "list the refs of", remote_name);
		goto done;
	}
	if (nheads && !(rrefs = calloc(nheads, sizeof(*rrefs)))) {
		error = error_set(CHARTER_ERROR, "out of memory");
		goto done;
	}
	bool head_is_main = false;
	for (size_t i = 0; i < nheads; i++) {
		if (strcmp(heads[i]->name, "HEAD") == 0 && heads[i]->symref_target &&
		    strcmp(heads[i]->symref_target, MAIN_REF) == 0)
			head_is_main = true;
		if (!(rrefs[nremote].name = xstrdup(heads[i]->name))) {
			error = CHARTER_ERROR;
			goto done;
		}
		git_oid_cpy(&rrefs[nremote++].id, &heads[i]->oid);
	}
	git_remote_disconnect(remote);

	/* The remote's main must be on our chain: otherwise it has adoptions
	 * we lack (sync first) or a history of its own. */
	const remote_ref *rmain = find_remote_ref(rrefs, nremote, MAIN_REF);
	if (rmain && !git_oid_equal(&rmain->id, &local)) {
		git_odb *odb = NULL;
		bool known = git_repository_odb(&odb, repo) == 0 && git_odb_exists(odb, &rmain->id);
		git_odb_free(odb);
		if (known && (error = chain_read(&ch, repo, &local, &rmain->id)) < 0)
			goto done;
		if (!known || !ch.reached_stop) {
			error = error_set(CHARTER_ESTATE,
				"%s's main has adoptions this store does not have, or another history: run charter sync %s "
				"first (nothing was pushed)", remote_name, remote_name);
			goto done;
		}
		r->new_adoptions = ch.count;
	} else if (!rmain) {
		r->new_adoptions = r->verify->chain_length;
	}

	/* Send what differs; a record the remote holds differently is never
	 * overwritten. */
	if ((error = local_refs(&names, &ids, &nnames, repo)) < 0)
		goto done;
	if (nnames && !(specs = calloc(nnames, sizeof(*specs)))) {
		error = error_set(CHARTER_ERROR, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < nnames; i++) {
		const remote_ref *have = find_remote_ref(rrefs, nremote, names[i]);
		if (have && git_oid_equal(&have->id, &ids[i]))
			continue;
		if (have && strcmp(names[i], MAIN_REF) != 0) {
			error = error_set(CHARTER_ECONFLICT,
				"%s has a different %s than this store: nothing was pushed (records are never rewritten)",
				remote_name, names[i] + 5);
			goto done;
		}
		buf spec = BUF_INIT;
		buf_printf(&spec, "%s:%s", names[i], names[i]);
		if (!(specs[nspecs] = buf_detach(&spec))) {
			error = error_set(CHARTER_ERROR, "out of memory");
			goto done;
		}
		nspecs++;
		if ((error = report_add(r, names[i], have ? &have->id : NULL, &ids[i])) < 0)
			goto done;
	}
	if (nspecs) {
		git_push_options po;
		git_push_options_init(&po, GIT_PUSH_OPTIONS_VERSION);
		po.callbacks.credentials = credentials;
		po.callbacks.push_update_reference = push_status;
		po.callbacks.payload = &ctx;
		ctx.attempts = 0;
		git_strarray arr = { specs, nspecs };
		if ((error = git_remote_push(remote, &arr, &po)) < 0) {
			error = transfer_error(error, "push to", remote_name);
			goto done;
		}
		if (ctx.refused[0]) {
			error = error_set(CHARTER_ERROR, "%s refused %s: %s", remote_name, ctx.refused, ctx.why);
			goto done;
		}
	}
	push_fix_head(r, remote, remote_name, head_is_main);
done:
	chain_free(&ch);
	for (size_t i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	free(ids);
	for (size_t i = 0; i < nspecs; i++)
		free(specs[i]);
	free(specs);
	for (size_t i = 0; i < nremote; i++)
		free(rrefs[i].name);
	free(rrefs);
	git_remote_free(remote);
	free(trust_root);
	return report_hand_over(out, r, error, remote_name, true);
}
