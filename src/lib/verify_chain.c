/* Reading main's first-parent chain and verifying its commits under the
 * trust rule, in parallel for a long chain. Each commit object is read
 * once (git_odb_read); the signature and the signed payload are cut out of
 * those bytes here, the way git_commit_extract_signature() does. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "allowed_signers.h"
#include "sshsig.h"
#include "store.h"
#include "verify.h"

/* ---- oid sets ----------------------------------------------------------- */

static size_t oid_hash(const git_oid *id, size_t cap)
{
	size_t h;
	memcpy(&h, id->id, sizeof(h));
	return h & (cap - 1);
}

int oidset_add(oidset *s, const git_oid *id)
{
	if ((s->count + 1) * 2 > s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		oidset bigger = { calloc(cap, sizeof(git_oid)), calloc(cap, 1), cap, 0 };
		if (!bigger.slots || !bigger.used) {
			free(bigger.slots);
			free(bigger.used);
			return error_set(CHARTER_ERROR, "out of memory");
		}
		for (size_t i = 0; i < s->cap; i++)
			if (s->used[i])
				oidset_add(&bigger, &s->slots[i]);
		oidset_free(s);
		*s = bigger;
	}
	size_t i = oid_hash(id, s->cap);
	while (s->used[i]) {
		if (git_oid_equal(&s->slots[i], id))
			return 0;
		i = (i + 1) & (s->cap - 1);
	}
	s->used[i] = 1;
	git_oid_cpy(&s->slots[i], id);
	s->count++;
	return 0;
}

bool oidset_has(const oidset *s, const git_oid *id)
{
	if (!s->cap)
		return false;
	for (size_t i = oid_hash(id, s->cap); s->used[i]; i = (i + 1) & (s->cap - 1))
		if (git_oid_equal(&s->slots[i], id))
			return true;
	return false;
}

void oidset_free(oidset *s)
{
	free(s->slots);
	free(s->used);
	*s = (oidset){ NULL, NULL, 0, 0 };
}

/* ---- reading the chain -------------------------------------------------- */

/* "<key> <40 hex>\n" at p (within end)? */
static bool header_oid(git_oid *out, const char *p, const char *end, const char *key)
{
	size_t klen = strlen(key);
	if ((size_t)(end - p) < klen + 1 + GIT_OID_HEXSZ + 1 || memcmp(p, key, klen) != 0 || p[klen] != ' ' ||
	    p[klen + 1 + GIT_OID_HEXSZ] != '\n')
		return false;
	return git_oid_fromstrn(out, p + klen + 1, GIT_OID_HEXSZ) == 0;
}

/* The time in "committer Name <email> 1234567890 +0000": after the last '>'. */
static bool parse_committer_time(int64_t *out, const char *line, size_t len)
{
	const char *gt = NULL;
	for (size_t i = 0; i < len; i++)
		if (line[i] == '>')
			gt = line + i;
	if (!gt)
		return false;
	const char *p = gt + 1, *end = line + len;
	while (p < end && *p == ' ')
		p++;
	int64_t t = 0;
	int digits = 0;
	while (p < end && *p >= '0' && *p <= '9' && digits < 18) {
		t = t * 10 + (*p++ - '0');
		digits++;
	}
	if (!digits)
		return false;
	*out = t;
	return true;
}

/* Parse what the walk needs: tree, first parent, committer date. */
static int parse_commit_head(chain_commit *c)
{
	const char *p = c->raw, *end = c->raw + c->raw_len;
	if (!header_oid(&c->tree, p, end, "tree"))
		return -1;
	p += 5 + GIT_OID_HEXSZ + 1;
	c->has_parent = header_oid(&c->parent, p, end, "parent");
	bool have_time = false;
	while (p < end && *p != '\n') {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			return -1;
		if ((size_t)(nl - p) > 10 && memcmp(p, "committer ", 10) == 0 && !have_time)
			have_time = parse_committer_time(&c->ctime, p, (size_t)(nl - p));
		p = nl + 1;
	}
	return have_time ? 0 : -1;
}

static int chain_push(chain *ch, const chain_commit *c)
{
	if (ch->count == ch->cap) {
		size_t cap = ch->cap ? ch->cap * 2 : 64;
		chain_commit *grown = realloc(ch->c, cap * sizeof(*grown));
		if (!grown)
			return error_set(CHARTER_ERROR, "out of memory");
		ch->c = grown;
		ch->cap = cap;
	}
	ch->c[ch->count++] = *c;
	return 0;
}

int chain_read(chain *out, git_repository *repo, const git_oid *tip, const git_oid *stop)
{
	git_odb *odb = NULL;
	git_oid id;
	int error;
	char hex[GIT_OID_HEXSZ + 1];

	*out = (chain){ NULL, 0, 0, false };
	if ((error = git_repository_odb(&odb, repo)) < 0)
		return error_git(error, "cannot open the object database");
	git_oid_cpy(&id, tip);
	for (;;) {
		if (stop && git_oid_equal(&id, stop)) {
			out->reached_stop = true;
			break;
		}
		git_odb_object *obj = NULL;
		chain_commit c;
		memset(&c, 0, sizeof(c));
		if ((error = git_odb_read(&obj, odb, &id)) < 0) {
			error = error_git(error, git_oid_tostr(hex, sizeof(hex), &id));
			break;
		}
		if (git_odb_object_type(obj) != GIT_OBJECT_COMMIT) {
			git_odb_object_free(obj);
			error = error_set(CHARTER_ERROR, "%.12s on main is not a commit", git_oid_tostr(hex, sizeof(hex), &id));
			break;
		}
		c.raw_len = git_odb_object_size(obj);
		c.raw = malloc(c.raw_len + 1);
		if (c.raw) {
			memcpy(c.raw, git_odb_object_data(obj), c.raw_len);
			c.raw[c.raw_len] = '\0';
		}
		git_odb_object_free(obj);
		if (!c.raw) {
			error = error_set(CHARTER_ERROR, "out of memory");
			break;
		}
		git_oid_cpy(&c.id, &id);
		if (parse_commit_head(&c) < 0) {
			free(c.raw);
			error = error_set(CHARTER_ERROR, "commit %.12s on main cannot be parsed",
				git_oid_tostr(hex, sizeof(hex), &id));
			break;
		}
		if ((error = chain_push(out, &c)) < 0) {
			free(c.raw);
			break;
		}
		if (!c.has_parent)
			break;
		git_oid_cpy(&id, &c.parent);
	}
	git_odb_free(odb);
	if (error < 0)
		chain_free(out);
	return error;
}

void chain_free(chain *ch)
{
	for (size_t i = 0; i < ch->count; i++)
		free(ch->c[i].raw);
	free(ch->c);
	*ch = (chain){ NULL, 0, 0, false };
}

int commit_split_signature(char **payload, size_t *payload_len, char **sig, size_t *sig_len,
	const char *raw, size_t len)
{
	buf pay = BUF_INIT, s = BUF_INIT;
	const char *p = raw, *end = raw + len;
	bool found = false, in_sig = false;

	*payload = *sig = NULL;
	*payload_len = *sig_len = 0;
	/* Headers run up to the first empty line; gpgsig and its continuation
	 * lines (starting with one space) are the signature. */
	while (p < end && *p != '\n') {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *next = nl ? nl + 1 : end;
		if (in_sig && *p == ' ') {
			buf_put(&s, p + 1, (size_t)(next - p - 1));
		} else if ((size_t)(end - p) > 7 && memcmp(p, "gpgsig ", 7) == 0) {
			in_sig = found = true;
			buf_put(&s, p + 7, (size_t)(next - p - 7));
		} else {
			in_sig = false;
			buf_put(&pay, p, (size_t)(next - p));
		}
		p = next;
	}
	buf_put(&pay, p, (size_t)(end - p));
	if (buf_check(&pay) < 0 || buf_check(&s) < 0) {
		buf_free(&pay);
		buf_free(&s);
		return error_set(CHARTER_ERROR, "out of memory");
	}
	if (found) {
		while (s.size && s.ptr[s.size - 1] == '\n')
			s.ptr[--s.size] = '\0';
		*sig_len = s.size;
		*sig = buf_detach(&s);
		if (!*sig)
			*sig = xstrdup("");
	}
	buf_free(&s);
	*payload_len = pay.size;
	*payload = buf_detach(&pay);
	if (!*payload)
		*payload = xstrdup("");
	return *payload && (!found || *sig) ? 0 : CHARTER_ERROR;
}

int policy_blob_of_tree(git_oid *out, bool *found, git_repository *repo, const git_oid *tree_id)
{
	git_tree *tree = NULL;
	git_tree_entry *entry = NULL;
	int error;
	*found = false;
	if ((error = git_tree_lookup(&tree, repo, tree_id)) < 0)
		return error_git(error, "cannot read a tree on main");
	error = git_tree_entry_bypath(&entry, tree, ALLOWED_SIGNERS_PATH);
	git_tree_free(tree);
	if (error == GIT_ENOTFOUND) {
		git_error_clear();
		return 0;
	}
	if (error < 0)
		return error_git(error, "cannot read a tree on main");
	git_filemode_t mode = git_tree_entry_filemode(entry);
	if (mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE) {
		git_oid_cpy(out, git_tree_entry_id(entry));
		*found = true;
	}
	git_tree_entry_free(entry);
	return 0;
}

int blob_read(buf *out, git_repository *repo, const git_oid *id)
{
	git_blob *blob = NULL;
	int error = git_blob_lookup(&blob, repo, id);
	if (error < 0)
		return error_git(error, ALLOWED_SIGNERS_PATH);
	buf_put(out, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob));
	git_blob_free(blob);
	return buf_check(out);
}

/* ---- one signature ------------------------------------------------------ */

static void iso_time(char out[32], int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!gmtime_r(&tt, &tm)) {
		snprintf(out, 32, "%lld", (long long)t);
		return;
	}
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* A principal ssh-keygen -I can take for an entry: the pattern list itself
 * when it is one plain name, else one found by ssh-keygen. */
static char *principal_for_keygen(const allowed_signer *entry, const char *policy, size_t policy_len,
	int64_t when, const char *sig, size_t sig_len)
{
	if (!strpbrk(entry->principals, "*?!,"))
		return xstrdup(entry->principals);
	char *found = NULL;
	if (sshsig_keygen_find_principals(&found, policy, policy_len, when, sig, sig_len) < 0 || !found)
		return NULL;
	found[strcspn(found, "\n")] = '\0';
	if (!*found) {
		free(found);
		return NULL;
	}
	return found;
}

int verify_signature(verify_entry *e, const char *sig, size_t sig_len, const char *payload,
	size_t payload_len, int64_t when, const char *policy_text, size_t policy_len,
	const char *own_policy, size_t own_len)
{
	sshsig_result res = SSHSIG_RESULT_INIT;
	allowed_signers as = ALLOWED_SIGNERS_INIT;
	const allowed_signer *entry = NULL;
	char at[32];
	int error;

	e->reason = CHARTER_VERIFY_OK;
	e->detail[0] = '\0';
	e->fingerprint[0] = '\0';
	free(e->principal);
	e->principal = NULL;
	if (!sig) {
		e->reason = CHARTER_VERIFY_UNSIGNED;
		snprintf(e->detail, sizeof(e->detail), "no signature");
		return 0;
	}
	if ((error = sshsig_verify(&res, sig, sig_len, payload, payload_len, "git")) < 0)
		return error;
	if (res.key.blob)
		snprintf(e->fingerprint, sizeof(e->fingerprint), "%s", res.fingerprint);
	switch (res.verdict) {
	case SSHSIG_MALFORMED:
		e->reason = CHARTER_VERIFY_MALFORMED;
		snprintf(e->detail, sizeof(e->detail), "%s", res.detail);
		goto done;
	case SSHSIG_WRONG_NAMESPACE:
		e->reason = CHARTER_VERIFY_WRONG_NAMESPACE;
		snprintf(e->detail, sizeof(e->detail), "%s", res.detail);
		goto done;
	case SSHSIG_BAD_SIGNATURE:
		e->reason = CHARTER_VERIFY_BAD_SIGNATURE;
		snprintf(e->detail, sizeof(e->detail), "the signature by %s does not match the record's bytes",
			res.fingerprint);
		goto done;
	case SSHSIG_GOOD:
	case SSHSIG_UNSUPPORTED:
		break;
	}

	/* The signature holds (or, for other key types, is well formed): is the
	 * key an officer's at the signing time? */
	if ((error = allowed_signers_parse(&as, policy_text ? policy_text : "", policy_text ? policy_len : 0)) < 0)
		goto done;
	allowed_verdict v = allowed_signers_lookup(&entry, &as, res.key.blob, res.key.blob_len, "git", NULL, when);
	if (entry && entry->principals && !(e->principal = xstrdup(entry->principals))) {
		error = CHARTER_ERROR;
		goto done;
	}
	iso_time(at, when);
	switch (v) {
	case ALLOWED_OK:
		break;
	case ALLOWED_UNKNOWN_KEY:
		if (own_policy && allowed_signers_has_key(own_policy, own_len, res.key.blob, res.key.blob_len)) {
			e->reason = CHARTER_VERIFY_SELF_AUTHORIZED;
			snprintf(e->detail, sizeof(e->detail),
				"signed by %s, a key only this very commit adds to %s", res.fingerprint,
				ALLOWED_SIGNERS_PATH);
		} else {
			e->reason = CHARTER_VERIFY_UNKNOWN_KEY;
			snprintf(e->detail, sizeof(e->detail), "signed by %s, which is not in the %s it is checked against%s",
				res.fingerprint, ALLOWED_SIGNERS_PATH, policy_text ? "" : " (there is none)");
		}
		goto done;
	case ALLOWED_WRONG_NAMESPACE:
		e->reason = CHARTER_VERIFY_WRONG_NAMESPACE;
		snprintf(e->detail, sizeof(e->detail), "the key of %s is listed for namespaces=\"%.60s\", not git",
			entry->principals, entry->namespaces ? entry->namespaces : "");
		goto done;
	case ALLOWED_NOT_YET_VALID:
		e->reason = CHARTER_VERIFY_KEY_NOT_YET_VALID;
		snprintf(e->detail, sizeof(e->detail), "signed at %s, before the key of %.60s became valid", at,
			entry->principals);
		goto done;
	case ALLOWED_EXPIRED:
		e->reason = CHARTER_VERIFY_KEY_EXPIRED;
		snprintf(e->detail, sizeof(e->detail), "signed at %s, after the key of %.60s expired", at,
			entry->principals);
		goto done;
	}
	if (res.verdict == SSHSIG_UNSUPPORTED) {
		/* Not Ed25519: ssh-keygen decides, as git would. */
		bool ok = false;
		char why[160] = "";
		char *principal = principal_for_keygen(entry, policy_text, policy_len, when, sig, sig_len);
		error_clear();
		if (principal)
			error = sshsig_keygen_verify(&ok, why, sizeof(why), policy_text, policy_len, principal, "git",
				when, sig, sig_len, payload, payload_len);
		free(principal);
		if (error < 0)
			goto done;
		if (!ok) {
			e->reason = CHARTER_VERIFY_BAD_SIGNATURE;
			snprintf(e->detail, sizeof(e->detail), "ssh-keygen refuses the %s signature by %s: %.80s",
				res.key.type, res.fingerprint, why[0] ? why : "does not verify");
		}
	}
done:
	allowed_signers_free(&as);
	sshsig_result_free(&res);
	return error;
}

/* ---- verifying the chain ------------------------------------------------ */

/* A policy blob's text, kept while consecutive commits share it. */
typedef struct {
	git_oid id;
	bool valid;
	buf text;
} policy_slot;

static int policy_get(policy_slot *slot, git_repository *repo, const git_oid *id)
{
	if (slot->valid && git_oid_equal(&slot->id, id))
		return 0;
	slot->valid = false;
	buf_clear(&slot->text);
	int error = blob_read(&slot->text, repo, id);
	if (error == 0) {
		git_oid_cpy(&slot->id, id);
		slot->valid = true;
	}
	return error;
}

typedef struct {
	chain *ch;
	verify_entry *out;
	size_t from, to;          /* indices [from, to) of ch->c (newest first) */
	const git_oid *base_policy;
	git_repository *repo;     /* shared one for a single thread, else NULL */
	const char *gitdir;
	int error;
	char message[1024];
} worker;

static int verify_range(worker *w, git_repository *repo)
{
	chain *ch = w->ch;
	policy_slot parent = { { { 0 } }, false, BUF_INIT }, own = { { { 0 } }, false, BUF_INIT };
	int error = 0;

	/* The policy of every commit in the range, and of the one below it
	 * (another worker's: kept here, not written to the chain). */
	git_oid below;
	bool has_below = false;
	for (size_t i = w->from; i < w->to && error == 0; i++)
		error = policy_blob_of_tree(&ch->c[i].policy, &ch->c[i].has_policy, repo, &ch->c[i].tree);
	if (error == 0 && w->to < ch->count)
		error = policy_blob_of_tree(&below, &has_below, repo, &ch->c[w->to].tree);

	for (size_t i = w->from; i < w->to && error == 0; i++) {
		chain_commit *c = &ch->c[i];
		verify_entry *e = &w->out[i];
		const git_oid *pol = NULL;
		bool root = !c->has_parent;
		git_oid_cpy(&e->id, &c->id);
		if (root)
			pol = c->has_policy ? &c->policy : NULL;
		else if (i + 1 < w->to)
			pol = ch->c[i + 1].has_policy ? &ch->c[i + 1].policy : NULL;
		else if (i + 1 < ch->count)
			pol = has_below ? &below : NULL;
		else
			pol = w->base_policy;

		char *payload = NULL, *sig = NULL;
		size_t payload_len = 0, sig_len = 0;
		if ((error = commit_split_signature(&payload, &payload_len, &sig, &sig_len, c->raw, c->raw_len)) < 0)
			break;
		if (pol)
			error = policy_get(&parent, repo, pol);
		/* The self-authorized rule needs the commit's own policy, only
		 * when its key is not in the parent's: read it lazily below. */
		if (error == 0)
			error = verify_signature(e, sig, sig_len, payload, payload_len, c->ctime,
				pol ? parent.text.ptr : NULL, pol ? parent.text.size : 0, NULL, 0);
		if (error == 0 && e->reason == CHARTER_VERIFY_UNKNOWN_KEY && !root && c->has_policy &&
		    (error = policy_get(&own, repo, &c->policy)) == 0)
			error = verify_signature(e, sig, sig_len, payload, payload_len, c->ctime,
				pol ? parent.text.ptr : NULL, pol ? parent.text.size : 0, own.text.ptr, own.text.size);
		free(payload);
		free(sig);
	}
	buf_free(&parent.text);
	buf_free(&own.text);
	return error;
}

static void *worker_main(void *arg)
{
	worker *w = arg;
	git_repository *repo = w->repo;
	int error = 0;
	if (!repo && (error = git_repository_open(&repo, w->gitdir)) < 0)
		error = error_git(error, "cannot open the store");
	if (error == 0)
		error = verify_range(w, repo);
	if (repo != w->repo)
		git_repository_free(repo);
	w->error = error;
	if (error < 0)
		snprintf(w->message, sizeof(w->message), "%s", charter_error_last());
	return NULL;
}

/* Below this many commits a second thread costs more than it saves. */
#define PARALLEL_MIN 200

int chain_verify(verify_entry *out, chain *ch, git_repository *repo, const char *gitdir,
	const git_oid *base_policy, unsigned threads)
{
	if (threads == 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		threads = n > 0 ? (unsigned)n : 1;
	}
	if (threads > 8)
		threads = 8;
	if (ch->count < PARALLEL_MIN)
		threads = 1;
	if (threads == 1) {
		worker w = { ch, out, 0, ch->count, base_policy, repo, gitdir, 0, "" };
		worker_main(&w);
		return w.error;
	}

	worker ws[8];
	pthread_t tids[8];
	bool started[8] = { false };
	size_t per = (ch->count + threads - 1) / threads;
	for (unsigned t = 0; t < threads; t++) {
		size_t from = t * per, to = from + per < ch->count ? from + per : ch->count;
		ws[t] = (worker){ ch, out, from, to, base_policy, NULL, gitdir, 0, "" };
		/* The calling thread takes the first range with its own repository. */
		if (t == 0) {
			ws[t].repo = repo;
			continue;
		}
		started[t] = pthread_create(&tids[t], NULL, worker_main, &ws[t]) == 0;
	}
	worker_main(&ws[0]);
	for (unsigned t = 1; t < threads; t++) {
		if (started[t])
			pthread_join(tids[t], NULL);
		else
			worker_main(&ws[t]); /* could not start a thread: do it here */
	}
	for (unsigned t = 0; t < threads; t++)
		if (ws[t].error < 0)
			return error_set(ws[t].error, "%s", ws[t].message);
	return 0;
}
