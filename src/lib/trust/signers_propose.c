/* charter_signers_propose: a proposal whose only change is to
 * .charter/allowed_signers, in the record format of charter_propose()
 * (refs/amendments/<id>), with a `Signers:` trailer instead of `Section:`.
 * It is adopted like any amendment (amend_adopt.c merges the file line by
 * line), so the officers of the text before the adoption authorize it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ssh/allowed_signers.h"
#include "amend/amend.h"
#include "base/date.h"
#include "base/json.h"
#include "store/signed_write.h"
#include "ssh/sshkey.h"
#include "store/store.h"
#include "store/writer_lock.h"
#include "base/text.h"

/* YYYY-MM-DD to the allowed-signers time of its first or last second (UTC). */
static int signers_time(char out[24], const char *date, bool last_second, const char *what)
{
	int64_t day;
	if (date_parse(&day, date) < 0)
		return error_set(CHARTER_EINVALID, "%s: '%.40s' is not a date YYYY-MM-DD", what, date);
	snprintf(out, 24, "%.4s%.2s%.2s%sZ", date, date + 5, date + 8, last_second ? "235959" : "000000");
	return 0;
}

static int add_line(buf *out, const char *current, size_t len, const charter_signers_options *o, char fp[SSHKEY_FP_SIZE])
{
	sshkey_pub key = SSHKEY_PUB_INIT;
	allowed_signer check;
	char after[24] = "", before[24] = "";
	buf line = BUF_INIT;
	int error;

	if (!o->public_key)
		return error_set_option(CHARTER_EINVALID, "public_key", "which key? the officer's public key is required");
	if ((error = sshkey_pub_parse(&key, o->public_key, strlen(o->public_key))) < 0)
		return error;
	sshkey_fingerprint(fp, key.blob, key.blob_len);
	if ((o->valid_after && (error = error_option(signers_time(after, o->valid_after, false, "valid_after"),
		"valid_after")) < 0) ||
	    (o->valid_before && (error = error_option(signers_time(before, o->valid_before, true, "valid_before"),
		"valid_before")) < 0))
		goto done;
	if (allowed_signers_has_key(current, len, key.blob, key.blob_len)) {
		error = error_set(CHARTER_EEXISTS, "the key %s is already in %s", fp, ALLOWED_SIGNERS_PATH);
		goto done;
	}
	if (after[0] && before[0] && strcmp(after, before) > 0) {
		error = error_set_option(CHARTER_EINVALID, "valid_before", "the key's validity would end (valid_before) before it begins (valid_after)");
		goto done;
	}
	buf_printf(&line, "%s namespaces=\"git\"", o->principal);
	if (after[0])
		buf_printf(&line, ",valid-after=\"%s\"", after);
	if (before[0])
		buf_printf(&line, ",valid-before=\"%s\"", before);
	buf_putc(&line, ' ');
	sshkey_pub_format(&line, &key);
	if ((error = buf_check(&line)) < 0)
		goto done;
	/* What charter writes, it must read back as exactly that entry. */
	if ((error = allowed_signer_parse_line(&check, line.ptr, line.size)) != 0) {
		if (error == 0 || error == 1)
			error = error_set(CHARTER_EINVALID, "cannot write an allowed-signers line for %s", o->principal);
		goto done;
	}
	allowed_signer_free(&check);
	buf_put(out, current, len);
	if (len && current[len - 1] != '\n')
		buf_putc(out, '\n');
	buf_put(out, line.ptr, line.size);
	buf_putc(out, '\n');
	error = buf_check(out);
done:
	buf_free(&line);
	sshkey_pub_free(&key);
	return error;
}

static int remove_lines(buf *out, const char *current, size_t len, const char *principal)
{
	const char *p = current, *end = current + len;
	size_t removed = 0, lineno = 0;
	allowed_signers rest = ALLOWED_SIGNERS_INIT;
	int error = 0;

	while (p < end && error == 0) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		allowed_signer e;
		lineno++;
		int rc = allowed_signer_parse_line(&e, p, n);
		bool drop = false;
		if (rc == 0) {
			if (strcmp(e.principals, principal) == 0)
				drop = true;
			else if (allowed_pattern_list_match(principal, e.principals) == 1 && strchr(e.principals, ','))
				error = error_set(CHARTER_EINVALID,
					"line %zu of %s lists %s together with others: change it with a whole-document amendment",
					lineno, ALLOWED_SIGNERS_PATH, principal);
			allowed_signer_free(&e);
		} else if (rc < 0) {
			error_clear();
		}
		if (drop)
			removed++;
		else
			buf_put(out, p, n + (nl ? 1 : 0));
		p += n + (nl ? 1 : 0);
	}
	if (error < 0)
		return error;
	if ((error = buf_check(out)) < 0)
		return error;
	if (!removed)
		return error_set(CHARTER_ENOTFOUND, "%s is not in %s", principal, ALLOWED_SIGNERS_PATH);
	/* Someone must still be able to sign the next adoption. */
	if ((error = allowed_signers_parse(&rest, out->ptr ? out->ptr : "", out->size)) < 0)
		return error;
	bool anyone = false;
	for (size_t i = 0; i < rest.count && !anyone; i++)
		anyone = !rest.entries[i].cert_authority &&
			(!rest.entries[i].namespaces || allowed_pattern_list_match("git", rest.entries[i].namespaces) == 1);
	allowed_signers_free(&rest);
	if (!anyone)
		return error_set(CHARTER_EINVALID, "removing %s would leave nobody who may sign adoptions", principal);
	return 0;
}

static int signers_propose_unlocked(char out[41], charter_store *store, const charter_signers_options *o)
{
	git_repository *repo = store_repo(store);
	git_oid main_id, tree_id, commit_id;
	git_commit *main = NULL;
	git_tree *main_tree = NULL, *tree = NULL;
	git_signature *author = NULL;
	buf current = BUF_INIT, next = BUF_INIT, msg = BUF_INIT;
	char ref[300], fp[SSHKEY_FP_SIZE] = "";
	int error;

	if (out)
		out[0] = '\0';
	if (!o || !o->by)
		return error_set(CHARTER_EINVALID, "charter_signers_propose: missing options or proposer");
	if ((error = options_version_check(o->version, CHARTER_SIGNERS_OPTIONS_VERSION, "charter_signers_propose")) < 0)
		return error;
	if (!o->id)
		return error_set_option(CHARTER_EINVALID, "id", "a signers proposal needs an amendment id");
	if (!o->title)
		return error_set_option(CHARTER_EINVALID, "title", "a proposal needs a title");
	if (!o->principal)
		return error_set(CHARTER_EINVALID, "whose key? give the officer's principal (email)");
	if (o->change != CHARTER_SIGNERS_ADD && (o->public_key || o->valid_after || o->valid_before))
		return error_set(CHARTER_EINVALID, "a key and validity dates go with 'add' only");
	if ((error = amend_id_new_check(o->id)) < 0 || (error = text_check_line(o->title, "the title")) < 0 ||
	    (error = text_check_line(o->principal, "the principal")) < 0 ||
	    (error = principal_check(o->principal)) < 0 ||
	    (error = text_check_line(charter_identity_name(o->by), "the proposer")) < 0 ||
	    (error = text_check_line(charter_identity_email(o->by), "the proposer")) < 0 ||
	    (o->rationale && (error = amend_rationale_check(o->rationale)) < 0))
		return error;
	if ((error = amend_id_free(repo, o->id)) < 0)
		return error;
	amend_refname(ref, AMENDMENT_REF_PREFIX, o->id);

	if ((error = store_main(&main_id, store)) < 0)
		goto done;
	if ((error = git_commit_lookup(&main, repo, &main_id)) < 0 || (error = git_commit_tree(&main_tree, main)) < 0) {
		error = error_git(error, "cannot read main");
		goto done;
	}
	if ((error = tree_read(&current, repo, main_tree, ALLOWED_SIGNERS_PATH)) < 0)
		goto done;
	if (o->change == CHARTER_SIGNERS_ADD)
		error = add_line(&next, buf_cstr(&current), current.size, o, fp);
	else if (o->change == CHARTER_SIGNERS_REMOVE)
		error = remove_lines(&next, buf_cstr(&current), current.size, o->principal);
	else
		error = error_set(CHARTER_EINVALID, "unknown kind of signers change");
	if (error < 0)
		goto done;

	amend_override ov = { ALLOWED_SIGNERS_PATH, buf_cstr(&next) };
	if ((error = amend_validate(repo, main_tree, &ov, 1)) < 0 ||
	    (error = amend_write_tree(&tree_id, repo, main_tree, &ov, 1)) < 0)
		goto done;

	buf_printf(&msg, "%s\n\n", o->title);
	if (o->rationale) {
		size_t n = strlen(o->rationale);
		const char *r = o->rationale;
		while (n && strchr(" \t\n", r[n - 1]))
			n--;
		while (n && *r == '\n')
			r++, n--;
		if (n)
			buf_printf(&msg, "%.*s\n\n", (int)n, r);
	}
	buf_printf(&msg, "Amendment: %s\n", o->id);
	if (o->change == CHARTER_SIGNERS_ADD)
		buf_printf(&msg, "Signers: add %s %s\n", o->principal, fp);
	else
		buf_printf(&msg, "Signers: remove %s\n", o->principal);
	buf_printf(&msg, "Proposed-by: %s <%s>\n", charter_identity_name(o->by), charter_identity_email(o->by));
	if ((error = buf_check(&msg)) < 0)
		goto done;

	const git_commit *parents[] = { main };
	if ((error = git_tree_lookup(&tree, repo, &tree_id)) < 0 ||
	    (error = git_signature_now(&author, charter_identity_name(o->by), charter_identity_email(o->by))) < 0) {
		error = error_git(error, "cannot build the proposal");
		goto done;
	}
	if ((error = record_commit(&commit_id, repo, tree, 1, parents, author, author, msg.ptr, o->signer)) < 0)
		goto done;
	if ((error = record_move_ref(repo, ref, &commit_id, NULL, "charter: signers proposal")) == CHARTER_EMOVED)
		error = error_set(CHARTER_EEXISTS, "amendment id '%s' is already used", o->id);
	if (error == 0 && out)
		git_oid_tostr(out, 41, &commit_id);
done:
	git_signature_free(author);
	git_tree_free(tree);
	git_tree_free(main_tree);
	git_commit_free(main);
	buf_free(&current);
	buf_free(&next);
	buf_free(&msg);
	return error;
}

/* One writer at a time (store/writer_lock.h), with what a dead one left
 * repaired first. */
int charter_signers_propose(char out[41], charter_store *store, const charter_signers_options *o)
{
	int fd = -1, error = store ? writer_begin(&fd, store_repo(store)) : 0;
	if (error < 0)
		return error;
	error = signers_propose_unlocked(out, store, o);
	writer_unlock(fd);
	return error;
}

int charter_signers_propose_render(char **out, size_t *out_len, const char *commit,
	const charter_signers_options *opts, charter_format format)
{
	buf b = BUF_INIT;
	*out = NULL;
	if (format != CHARTER_FORMAT_TEXT && format != CHARTER_FORMAT_JSON)
		return error_set(CHARTER_EINVALID, "a signers proposal's report is rendered as text or JSON");
	if (!opts || !opts->id || !opts->title || !opts->principal || !commit)
		return error_set(CHARTER_EINVALID, "a signers proposal's report needs its commit and the options it was made with");
	bool add = opts->change == CHARTER_SIGNERS_ADD;
	if (format == CHARTER_FORMAT_TEXT) {
		buf_printf(&b, "Proposed amendment %s: %s\n  %s %s in .charter/allowed_signers; commit %.12s%s\n", opts->id,
			opts->title, add ? "adds" : "removes", opts->principal, commit,
			opts->signer ? " (signed)" : " (unsigned: no signing key)");
		return buf_hand_over(&b, out, out_len);
	}
	buf_puts(&b, "{\"id\":");
	json_string(&b, opts->id);
	buf_puts(&b, ",\"title\":");
	json_string(&b, opts->title);
	buf_puts(&b, ",\"change\":");
	json_string(&b, add ? "add" : "remove");
	buf_puts(&b, ",\"principal\":");
	json_string(&b, opts->principal);
	buf_puts(&b, ",\"commit\":");
	json_string(&b, commit);
	buf_puts(&b, ",\"signed\":");
	json_bool(&b, opts->signer != NULL);
	buf_puts(&b, "}\n");
	return buf_hand_over(&b, out, out_len);
}
