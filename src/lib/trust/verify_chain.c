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

#include "base/grow.h"
#include "base/pool.h"
#include "ssh/allowed_signers.h"
#include "ssh/sshsig.h"
#include "store/store.h"
#include "trust/verify.h"

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
	if (c->has_parent)
		c->has_parent2 = header_oid(&c->parent2, p + 7 + GIT_OID_HEXSZ + 1, end, "parent");
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
	if (GROW(ch->c, ch->cap, ch->count + 1) < 0)
		return CHARTER_ERROR;
	ch->c[ch->count++] = *c;
	return 0;
}

/* Read one commit of the chain: its raw bytes and what the walk needs. */
static int read_commit(chain_commit *c, git_odb *odb, const git_oid *id)
{
	git_odb_object *obj = NULL;
	char hex[GIT_OID_HEXSZ + 1];
	int error;
	memset(c, 0, sizeof(*c));
	if ((error = git_odb_read(&obj, odb, id)) < 0)
		return error_git(error, git_oid_tostr(hex, sizeof(hex), id));
	if (git_odb_object_type(obj) != GIT_OBJECT_COMMIT) {
		git_odb_object_free(obj);
		return error_set(CHARTER_ERROR, "%.12s on main is not a commit", git_oid_tostr(hex, sizeof(hex), id));
	}
	c->raw_len = git_odb_object_size(obj);
	c->raw = malloc(c->raw_len + 1);
	if (c->raw) {
		memcpy(c->raw, git_odb_object_data(obj), c->raw_len);
		c->raw[c->raw_len] = '\0';
	}
	git_odb_object_free(obj);
	if (!c->raw)
		return error_set(CHARTER_ERROR, "out of memory");
	git_oid_cpy(&c->id, id);
	if (parse_commit_head(c) < 0) {
		free(c->raw);
		c->raw = NULL;
		return error_set(CHARTER_ERROR, "commit %.12s on main cannot be parsed", git_oid_tostr(hex, sizeof(hex), id));
	}
	return 0;
}

int chain_read(chain *out, git_repository *repo, const git_oid *tip, const git_oid *stop)
{
	git_odb *odb = NULL;
	git_oid id;
	int error;

	*out = (chain){ NULL, 0, 0, false };
	if ((error = git_repository_odb(&odb, repo)) < 0)
		return error_git(error, "cannot open the object database");
	git_oid_cpy(&id, tip);
	for (;;) {
		if (stop && git_oid_equal(&id, stop)) {
			out->reached_stop = true;
			break;
		}
		chain_commit c;
		if ((error = read_commit(&c, odb, &id)) < 0)
			break;
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
	size_t payload_len, int64_t when, const allowed_signers *policy, const char *policy_text,
	size_t policy_len, const char *own_policy, size_t own_len)
{
	sshsig_result res = SSHSIG_RESULT_INIT;
	const allowed_signers none = ALLOWED_SIGNERS_INIT;
	const allowed_signer *entry = NULL;
	char at[32] = "";
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
	allowed_verdict v = allowed_signers_lookup(&entry, policy ? policy : &none, res.key.blob, res.key.blob_len,
		"git", NULL, when);
	if (entry && entry->principals && !(e->principal = xstrdup(entry->principals))) {
		error = CHARTER_ERROR;
		goto done;
	}
	if (v == ALLOWED_NOT_YET_VALID || v == ALLOWED_EXPIRED)
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
				res.fingerprint, ALLOWED_SIGNERS_PATH, policy ? "" : " (there is none)");
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
	sshsig_result_free(&res);
	return error;
}

/* ---- reading and verifying the chain ------------------------------------ */

/* A policy blob, read and parsed once while consecutive commits share it. */
typedef struct {
	git_oid id;
	bool valid;
	buf text;
	allowed_signers parsed;
} policy_slot;

static int policy_get(policy_slot *slot, git_repository *repo, const git_oid *id)
{
	if (slot->valid && git_oid_equal(&slot->id, id))
		return 0;
	slot->valid = false;
	buf_clear(&slot->text);
	allowed_signers_free(&slot->parsed);
	int error = blob_read(&slot->text, repo, id);
	if (error == 0)
		error = allowed_signers_parse(&slot->parsed, buf_cstr(&slot->text), slot->text.size);
	if (error == 0) {
		git_oid_cpy(&slot->id, id);
		slot->valid = true;
	}
	return error;
}

static void policy_slot_free(policy_slot *slot)
{
	buf_free(&slot->text);
	allowed_signers_free(&slot->parsed);
}

/* The commits are read, newest first, into blocks that never move; a
 * block can be verified once the block after it (older) is read too, since
 * its oldest commit is checked against its parent's policy. The reading
 * thread hands out blocks as they fill; helper threads (and the reader,
 * once the walk is over) verify them. */
#define BLOCK 256

typedef struct {
	chain_commit c[BLOCK];
	verify_entry e[BLOCK];
	size_t n;
} block;

typedef struct {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	block **blocks;
	size_t nblocks, cap;
	size_t complete;     /* blocks fully read */
	bool done;           /* the walk is over: every block is complete */
	bool reached_stop;
	size_t next;         /* the next block to verify */
	size_t verified;     /* blocks verified */
	int error;
	char message[1024];
	const git_oid *base_policy;
	const chain_commit *base;   /* the commit the walk stopped at (NULL: none) */
	const char *gitdir;
} pipeline;

static void pipeline_fail(pipeline *p, int error)
{
	pthread_mutex_lock(&p->mu);
	if (p->error == 0) {
		p->error = error;
		snprintf(p->message, sizeof(p->message), "%s", charter_error_last());
	}
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
}

/* Verify one block. `below` is the first commit of the next (older)
 * block, NULL when this is the oldest: then its oldest commit is the root
 * or sits on `base_policy` (the walk stopped at a verified commit). */
static int verify_block(block *b, const chain_commit *below, const chain_commit *base, const git_oid *base_policy,
	git_repository *repo, policy_slot *parent, policy_slot *own)
{
	git_oid below_policy;
	bool has_below = false;
	int error = 0;

	for (size_t i = 0; i < b->n && error == 0; i++)
		error = policy_blob_of_tree(&b->c[i].policy, &b->c[i].has_policy, repo, &b->c[i].tree);
	if (error == 0 && below)
		error = policy_blob_of_tree(&below_policy, &has_below, repo, &below->tree);

	for (size_t i = 0; i < b->n && error == 0; i++) {
		chain_commit *c = &b->c[i];
		verify_entry *e = &b->e[i];
		const git_oid *pol;
		const chain_commit *up = NULL; /* the first parent */
		bool root = !c->has_parent;
		git_oid_cpy(&e->id, &c->id);
		if (root) {
			pol = c->has_policy ? &c->policy : NULL;
		} else if (i + 1 < b->n) {
			pol = b->c[i + 1].has_policy ? &b->c[i + 1].policy : NULL;
			up = &b->c[i + 1];
		} else if (below) {
			pol = has_below ? &below_policy : NULL;
			up = below;
		} else {
			pol = base_policy;
			up = base;
		}

		char *payload = NULL, *sig = NULL;
		size_t payload_len = 0, sig_len = 0;
		if ((error = commit_split_signature(&payload, &payload_len, &sig, &sig_len, c->raw, c->raw_len)) < 0)
			break;
		if (pol)
			error = policy_get(parent, repo, pol);
		const allowed_signers *as = pol ? &parent->parsed : NULL;
		const char *text = pol ? buf_cstr(&parent->text) : NULL;
		size_t len = pol ? parent->text.size : 0;
		if (error == 0)
			error = verify_signature(e, sig, sig_len, payload, payload_len, c->ctime, as, text, len, NULL, 0);
		/* The self-authorized rule needs the commit's own policy, only when
		 * its key is not in its parent's. */
		if (error == 0 && e->reason == CHARTER_VERIFY_UNKNOWN_KEY && !root && c->has_policy &&
		    (error = policy_get(own, repo, &c->policy)) == 0)
			error = verify_signature(e, sig, sig_len, payload, payload_len, c->ctime, as, text, len,
				buf_cstr(&own->text), own->text.size);
		if (error == 0 && e->reason == CHARTER_VERIFY_OK)
			error = verify_rules(e, repo, c, up, root ? NULL : pol);
		free(payload);
		free(sig);
		/* The raw commit is not needed any more. */
		free(c->raw);
		c->raw = NULL;
	}
	return error;
}

/* Take blocks and verify them until none is left. */
static void verify_blocks(pipeline *p, git_repository *repo)
{
	policy_slot parent = { { { 0 } }, false, BUF_INIT, ALLOWED_SIGNERS_INIT };
	policy_slot own = { { { 0 } }, false, BUF_INIT, ALLOWED_SIGNERS_INIT };
	for (;;) {
		pthread_mutex_lock(&p->mu);
		while (!p->error && !(p->next + 1 < p->complete || (p->done && p->next < p->nblocks)) &&
		       !(p->done && p->next >= p->nblocks))
			pthread_cond_wait(&p->cv, &p->mu);
		if (p->error || p->next >= p->nblocks) {
			pthread_mutex_unlock(&p->mu);
			break;
		}
		size_t k = p->next++;
		block *b = p->blocks[k];
		const chain_commit *below = k + 1 < p->nblocks ? &p->blocks[k + 1]->c[0] : NULL;
		const git_oid *base_policy = p->reached_stop ? p->base_policy : NULL;
		const chain_commit *base = p->reached_stop ? p->base : NULL;
		pthread_mutex_unlock(&p->mu);

		int error = verify_block(b, below, base, base_policy, repo, &parent, &own);
		if (error < 0) {
			pipeline_fail(p, error);
			break;
		}
		pthread_mutex_lock(&p->mu);
		p->verified++;
		pthread_mutex_unlock(&p->mu);
	}
	policy_slot_free(&parent);
	policy_slot_free(&own);
}

static void *helper_main(void *arg)
{
	pipeline *p = arg;
	git_repository *repo = NULL;
	int error = git_repository_open(&repo, p->gitdir);
	if (error < 0)
		pipeline_fail(p, error_git(error, "cannot open the store"));
	else
		verify_blocks(p, repo);
	git_repository_free(repo);
	return NULL;
}

/* Append a commit to the blocks (reader only). */
static int pipeline_push(pipeline *p, chain_commit *c)
{
	block *last = p->nblocks ? p->blocks[p->nblocks - 1] : NULL;
	if (!last || last->n == BLOCK) {
		block *b = calloc(1, sizeof(*b));
		if (!b)
			return error_set(CHARTER_ERROR, "out of memory");
		pthread_mutex_lock(&p->mu);
		if (GROW(p->blocks, p->cap, p->nblocks + 1) < 0) {
			pthread_mutex_unlock(&p->mu);
			free(b);
			return CHARTER_ERROR;
		}
		p->blocks[p->nblocks++] = b;
		if (last)
			p->complete = p->nblocks - 1; /* the previous block is full */
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
		last = b;
	}
	last->c[last->n++] = *c;
	return 0;
}

/* Below this many commits a helper thread costs more than it saves. */
#define PARALLEL_MIN (2 * BLOCK)

int chain_read_verify(chain *out, verify_entry **entries, git_repository *repo, const char *gitdir,
	const git_oid *tip, const git_oid *stop, const git_oid *base_policy, unsigned threads)
{
	pipeline p;
	pool helpers = POOL_INIT;
	git_odb *odb = NULL;
	git_oid id;
	size_t count = 0;
	int error = 0;

	*out = (chain){ NULL, 0, 0, false };
	*entries = NULL;
	if (threads == 0)
		threads = pool_cores(POOL_MAX);
	if (threads > POOL_MAX)
		threads = POOL_MAX;
	memset(&p, 0, sizeof(p));
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.cv, NULL);
	p.base_policy = base_policy;
	p.gitdir = gitdir;

	chain_commit base;
	memset(&base, 0, sizeof(base));
	if ((error = git_repository_odb(&odb, repo)) < 0) {
		error = error_git(error, "cannot open the object database");
		goto finish;
	}
	/* The commit the walk stops at: its date and tree judge the oldest
	 * commit checked now. */
	if (stop && (error = read_commit(&base, odb, stop)) == 0) {
		free(base.raw);
		base.raw = NULL;
		p.base = &base;
	}
	git_oid_cpy(&id, tip);
	for (; error == 0;) {
		if (stop && git_oid_equal(&id, stop)) {
			p.reached_stop = true;
			break;
		}
		chain_commit c;
		if ((error = read_commit(&c, odb, &id)) < 0)
			break;
		if ((error = pipeline_push(&p, &c)) < 0) {
			free(c.raw);
			break;
		}
		count++;
		/* A long chain: start the helpers. */
		if (count == PARALLEL_MIN && threads > 1)
			pool_start(&helpers, threads - 1, helper_main, &p);
		if (!c.has_parent)
			break;
		pthread_mutex_lock(&p.mu);
		int failed = p.error;
		pthread_mutex_unlock(&p.mu);
		if (failed)
			break;
		git_oid_cpy(&id, &c.parent);
	}
	git_odb_free(odb);
finish:
	if (error < 0)
		pipeline_fail(&p, error);
	pthread_mutex_lock(&p.mu);
	p.done = true;
	p.complete = p.nblocks;
	pthread_cond_broadcast(&p.cv);
	pthread_mutex_unlock(&p.mu);
	/* The reader verifies too, now that the walk is over. */
	if (!p.error)
		verify_blocks(&p, repo);
	pool_join(&helpers);
	error = p.error;
	if (error < 0)
		error_set(error, "%s", p.message);

	/* One array of commits and one of verdicts, newest first. */
	if (error == 0 && count) {
		out->c = malloc(count * sizeof(*out->c));
		*entries = calloc(count, sizeof(**entries));
		if (!out->c || !*entries)
			error = error_set(CHARTER_ERROR, "out of memory");
	}
	size_t at = 0;
	for (size_t k = 0; k < p.nblocks; k++) {
		block *b = p.blocks[k];
		for (size_t i = 0; i < b->n; i++) {
			if (error == 0) {
				out->c[at] = b->c[i];
				(*entries)[at] = b->e[i];
				at++;
			} else {
				free(b->c[i].raw);
				free(b->e[i].principal);
			}
		}
		free(b);
	}
	free(p.blocks);
	pthread_cond_destroy(&p.cv);
	pthread_mutex_destroy(&p.mu);
	if (error < 0) {
		free(out->c);
		free(*entries);
		*out = (chain){ NULL, 0, 0, false };
		*entries = NULL;
		return error;
	}
	out->count = out->cap = count;
	out->reached_stop = p.reached_stop;
	return 0;
}
