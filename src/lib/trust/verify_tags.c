/* Convention and booklet tags: signed annotated tags `convention/<name>`
 * and `booklet/<name>` on a commit of main's first-parent chain, signed
 * (SSH signature appended to the message, as git does) by a key in the
 * tagged commit's allowed_signers, valid at the tagger date. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/grow.h"
#include "store/store.h"
#include "trust/verify.h"

/* The markers git recognises at the start of a line as the start of a tag
 * signature (gpg-interface.c); the last such line starts the signature. */
static const char *const sig_markers[] = {
	"-----BEGIN SSH SIGNATURE-----",
	"-----BEGIN PGP SIGNATURE-----",
	"-----BEGIN PGP MESSAGE-----",
	"-----BEGIN SIGNED MESSAGE-----",
};

static size_t signature_start(const char *raw, size_t len, bool *ssh)
{
	size_t at = len, pos = 0;
	*ssh = false;
	while (pos < len) {
		for (size_t m = 0; m < ARRAY_SIZE(sig_markers); m++) {
			size_t n = strlen(sig_markers[m]);
			if (len - pos >= n && memcmp(raw + pos, sig_markers[m], n) == 0) {
				at = pos;
				*ssh = m == 0;
			}
		}
		const char *nl = memchr(raw + pos, '\n', len - pos);
		pos = nl ? (size_t)(nl - raw) + 1 : len;
	}
	return at;
}

/* The value of header `key` (up to the newline) in the tag's header block. */
static bool tag_header(const char **val, size_t *val_len, const char *raw, size_t len, const char *key)
{
	size_t klen = strlen(key), pos = 0;
	while (pos < len && raw[pos] != '\n') {
		const char *nl = memchr(raw + pos, '\n', len - pos);
		if (!nl)
			return false;
		size_t n = (size_t)(nl - raw) - pos;
		if (n > klen && memcmp(raw + pos, key, klen) == 0 && raw[pos + klen] == ' ') {
			*val = raw + pos + klen + 1;
			*val_len = n - klen - 1;
			return true;
		}
		pos += n + 1;
	}
	return false;
}

static int64_t tagger_time(const char *v, size_t n)
{
	const char *gt = NULL;
	for (size_t i = 0; i < n; i++)
		if (v[i] == '>')
			gt = v + i;
	if (!gt)
		return -1;
	int64_t t = 0;
	const char *p = gt + 1, *end = v + n;
	while (p < end && *p == ' ')
		p++;
	if (p == end || *p < '0' || *p > '9')
		return -1;
	for (int d = 0; p < end && *p >= '0' && *p <= '9' && d < 18; p++, d++)
		t = t * 10 + (*p - '0');
	return t;
}

static void fail(verify_entry *e, charter_verify_reason r, const char *fmt, const char *arg)
{
	e->reason = r;
	snprintf(e->detail, sizeof(e->detail), fmt, arg);
}

/* Verify one tag object `id` filed as `name` ("convention/x"). */
static int verify_tag(verify_entry *e, git_repository *repo, git_odb *odb, const git_oid *id, const char *name,
	chain_has_fn on_chain, void *payload)
{
	git_odb_object *obj = NULL;
	git_commit *target = NULL;
	buf policy = BUF_INIT;
	const char *v;
	size_t vlen;
	char hex[GIT_OID_HEXSZ + 1];
	int error = 0;

	git_oid_cpy(&e->id, id);
	if (git_odb_read(&obj, odb, id) < 0) {
		git_error_clear();
		fail(e, CHARTER_VERIFY_UNREADABLE, "the object %s is missing", git_oid_tostr(hex, sizeof(hex), id));
		return 0;
	}
	if (git_odb_object_type(obj) == GIT_OBJECT_COMMIT) {
		git_oid_cpy(&e->target, id);
		fail(e, CHARTER_VERIFY_UNSIGNED, "%s", "a lightweight tag: not a signed tag object");
		goto done;
	}
	if (git_odb_object_type(obj) != GIT_OBJECT_TAG) {
		fail(e, CHARTER_VERIFY_UNREADABLE, "%s", "not a tag object");
		goto done;
	}
	const char *raw = git_odb_object_data(obj);
	size_t len = git_odb_object_size(obj);
	if (!tag_header(&v, &vlen, raw, len, "object") || vlen != GIT_OID_HEXSZ ||
	    git_oid_fromstrn(&e->target, v, GIT_OID_HEXSZ) < 0) {
		fail(e, CHARTER_VERIFY_UNREADABLE, "%s", "the tag names no object");
		goto done;
	}
	if (!tag_header(&v, &vlen, raw, len, "type") || vlen != 6 || memcmp(v, "commit", 6) != 0) {
		fail(e, CHARTER_VERIFY_UNREADABLE, "%s", "the tag is not on a commit");
		goto done;
	}
	if (!tag_header(&v, &vlen, raw, len, "tag") || vlen != strlen(name) || memcmp(v, name, vlen) != 0) {
		e->reason = CHARTER_VERIFY_WRONG_TAG_NAME;
		snprintf(e->detail, sizeof(e->detail), "the tag object was made as '%.*s', not '%s'",
			(int)(vlen > 80 ? 80 : vlen), tag_header(&v, &vlen, raw, len, "tag") ? v : "", name);
		goto done;
	}
	int64_t when = tag_header(&v, &vlen, raw, len, "tagger") ? tagger_time(v, vlen) : -1;
	if (when < 0) {
		fail(e, CHARTER_VERIFY_UNREADABLE, "%s", "the tag has no tagger date");
		goto done;
	}
	bool ssh;
	size_t at = signature_start(raw, len, &ssh);
	if (at == len) {
		fail(e, CHARTER_VERIFY_UNSIGNED, "%s", "no signature");
		goto done;
	}
	if (!ssh) {
		fail(e, CHARTER_VERIFY_MALFORMED, "%s", "not an SSH signature (OpenPGP or X.509)");
		goto done;
	}
	if (!on_chain(&e->target, payload)) {
		fail(e, CHARTER_VERIFY_NOT_ON_MAIN, "tagged commit %s is not on main's first-parent chain",
			git_oid_tostr(hex, sizeof(hex), &e->target));
		goto done;
	}
	/* The policy of the tagged commit. */
	git_oid pol;
	bool has_pol = false;
	if ((error = git_commit_lookup(&target, repo, &e->target)) < 0) {
		error = error_git(error, "cannot read a tagged commit");
		goto done;
	}
	if ((error = policy_blob_of_tree(&pol, &has_pol, repo, git_commit_tree_id(target))) < 0 ||
	    (has_pol && (error = blob_read(&policy, repo, &pol)) < 0))
		goto done;
	size_t sig_len = len - at;
	while (sig_len && raw[at + sig_len - 1] == '\n')
		sig_len--;
	allowed_signers as = ALLOWED_SIGNERS_INIT;
	if (has_pol && (error = allowed_signers_parse(&as, buf_cstr(&policy), policy.size)) < 0)
		goto done;
	error = verify_signature(e, raw + at, sig_len, raw, at, when, has_pol ? &as : NULL,
		has_pol ? buf_cstr(&policy) : NULL, has_pol ? policy.size : 0, NULL, 0);
	allowed_signers_free(&as);
done:
	git_commit_free(target);
	buf_free(&policy);
	git_odb_object_free(obj);
	return error;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const verify_entry *)a)->tag, ((const verify_entry *)b)->tag);
}

/* The kinds of tags charter signs, under a root "refs/tags/" (or a
 * quarantine's "<q>tags/"). */
static const char *const tag_kinds[] = { "convention/", "booklet/" };

static int tags_verify_kind(tag_list *out, size_t *cap, git_repository *repo, git_odb *odb, const char *root,
	const char *kind, chain_has_fn on_chain, void *payload, const verify_entry *cached, size_t n_cached)
{
	git_reference_iterator *it = NULL;
	git_reference *ref = NULL;
	buf glob = BUF_INIT, prefix = BUF_INIT;
	int error;

	buf_printf(&prefix, "%s%s", root, kind);
	buf_printf(&glob, "%s*", buf_cstr(&prefix));
	if ((error = buf_check(&glob)) < 0 || (error = buf_check(&prefix)) < 0)
		goto done;
	size_t plen = prefix.size;
	if ((error = git_reference_iterator_glob_new(&it, repo, glob.ptr)) < 0) {
		error = error_git(error, "cannot list the signed tags");
		goto done;
	}
	while ((error = git_reference_next(&ref, it)) == 0) {
		const char *refname = git_reference_name(ref);
		const git_oid *id = git_reference_target(ref);
		if (strncmp(refname, prefix.ptr, plen) != 0 || !id) {
			git_reference_free(ref);
			continue;
		}
		if ((error = GROW(out->e, *cap, out->count + 1)) < 0) {
			git_reference_free(ref);
			goto done;
		}
		verify_entry *e = &out->e[out->count];
		memset(e, 0, sizeof(*e));
		buf name = BUF_INIT;
		buf_printf(&name, "%s%s", kind, refname + plen);
		e->tag = buf_detach(&name);
		out->count++;
		if (!e->tag) {
			git_reference_free(ref);
			error = error_set(CHARTER_ERROR, "out of memory");
			goto done;
		}
		const verify_entry *c = NULL;
		for (size_t i = 0; i < n_cached && !c; i++)
			if (strcmp(cached[i].tag, e->tag) == 0 && git_oid_equal(&cached[i].id, id))
				c = &cached[i];
		if (c) {
			git_oid_cpy(&e->id, id);
			git_oid_cpy(&e->target, &c->target);
			memcpy(e->fingerprint, c->fingerprint, sizeof(e->fingerprint));
			e->cached = true;
			if (c->principal && !(e->principal = xstrdup(c->principal)))
				error = CHARTER_ERROR;
		} else {
			error = verify_tag(e, repo, odb, id, e->tag, on_chain, payload);
		}
		git_reference_free(ref);
		if (error < 0)
			goto done;
	}
	if (error == GIT_ITEROVER)
		error = 0;
	else if (error < 0)
		error = error_git(error, "cannot list the signed tags");
done:
	git_reference_iterator_free(it);
	buf_free(&glob);
	buf_free(&prefix);
	return error;
}

int tags_verify(tag_list *out, git_repository *repo, const char *root, chain_has_fn on_chain,
	void *payload, const verify_entry *cached, size_t n_cached)
{
	git_odb *odb = NULL;
	size_t cap = 0;
	int error;

	*out = (tag_list){ NULL, 0 };
	if ((error = git_repository_odb(&odb, repo)) < 0) {
		error = error_git(error, "cannot list the signed tags");
		goto done;
	}
	for (size_t k = 0; k < ARRAY_SIZE(tag_kinds) && error == 0; k++)
		error = tags_verify_kind(out, &cap, repo, odb, root, tag_kinds[k], on_chain, payload, cached, n_cached);
	if (error == 0 && out->count)
		qsort(out->e, out->count, sizeof(*out->e), by_name);
done:
	git_odb_free(odb);
	if (error < 0)
		tag_list_free(out);
	return error;
}

void tag_list_free(tag_list *t)
{
	for (size_t i = 0; i < t->count; i++) {
		free(t->e[i].tag);
		free(t->e[i].principal);
	}
	free(t->e);
	*t = (tag_list){ NULL, 0 };
}
