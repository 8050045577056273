/* Writing signed records: signatures of who records, signed commits and tags, refs moved safely. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "base/date.h"
#include "store/signed_write.h"
#include "ssh/signer.h"
#include "ssh/sshsig.h"
#include "store/store.h"

int record_signatures(git_signature **author, git_signature **committer,
	const charter_identity *by, int64_t adopted_day)
{
	int error;
	*author = *committer = NULL;
	if ((error = git_signature_new(author, by->name, by->email, (git_time_t)(adopted_day + DATE_NOON), 0)) < 0 ||
	    (error = git_signature_new(committer, by->name, by->email, (git_time_t)time(NULL), 0)) < 0) {
		git_signature_free(*author);
		*author = NULL;
		return error_git(error, "invalid name or email");
	}
	return 0;
}

/* The payload with a final newline on the message, as git writes it. */
static void with_newline(buf *out, const char *message)
{
	buf_puts(out, message);
	if (out->size == 0 || out->ptr[out->size - 1] != '\n')
		buf_putc(out, '\n');
}

int record_commit(git_oid *out, git_repository *repo, const git_tree *tree,
	size_t nparents, const git_commit **parents, const git_signature *author,
	const git_signature *committer, const char *message, charter_signer *signer)
{
	git_buf payload = { 0 };
	buf msg = BUF_INIT, armor = BUF_INIT;
	int error;

	with_newline(&msg, message);
	if ((error = buf_check(&msg)) < 0)
		goto done;
	if ((error = git_commit_create_buffer(&payload, repo, author, committer, NULL, msg.ptr, tree,
		     nparents, parents)) < 0) {
		error = error_git(error, "cannot build the commit");
		goto done;
	}
	if (!signer) {
		if ((error = git_odb_hash(out, payload.ptr, payload.size, GIT_OBJECT_COMMIT)) == 0) {
			git_odb *odb = NULL;
			if ((error = git_repository_odb(&odb, repo)) == 0)
				error = git_odb_write(out, odb, payload.ptr, payload.size, GIT_OBJECT_COMMIT);
			git_odb_free(odb);
		}
		if (error < 0)
			error = error_git(error, "cannot write the commit");
		goto done;
	}
	if ((error = signer_sign(&armor, signer, "git", payload.ptr, payload.size)) < 0)
		goto done;
	/* libgit2 indents every "\n" of the signature: drop the last one so the
	 * header is byte-identical to what git writes. */
	if (armor.size && armor.ptr[armor.size - 1] == '\n')
		armor.ptr[--armor.size] = '\0';
	if ((error = git_commit_create_with_signature(out, repo, payload.ptr, armor.ptr, "gpgsig")) < 0)
		error = error_git(error, "cannot write the signed commit");
done:
	git_buf_dispose(&payload);
	buf_free(&msg);
	buf_free(&armor);
	return error;
}

int record_tag(git_oid *out, git_repository *repo, const char *name, const git_oid *target,
	const git_signature *tagger, const char *message, charter_signer *signer)
{
	buf obj = BUF_INIT, armor = BUF_INIT;
	char hex[GIT_OID_HEXSZ + 1];
	int error;
	git_odb *odb = NULL;

	git_oid_tostr(hex, sizeof(hex), target);
	buf_printf(&obj, "object %s\ntype commit\ntag %s\ntagger ", hex, name);
	buf_printf(&obj, "%s <%s> %lld %c%02d%02d\n\n", tagger->name, tagger->email,
		(long long)tagger->when.time, tagger->when.offset < 0 ? '-' : '+',
		abs(tagger->when.offset) / 60, abs(tagger->when.offset) % 60);
	with_newline(&obj, message);
	if ((error = buf_check(&obj)) < 0)
		goto done;
	if (signer) {
		if ((error = signer_sign(&armor, signer, "git", obj.ptr, obj.size)) < 0)
			goto done;
		buf_put(&obj, armor.ptr, armor.size);
		if ((error = buf_check(&obj)) < 0)
			goto done;
	}
	if ((error = git_repository_odb(&odb, repo)) < 0 ||
	    (error = git_odb_write(out, odb, obj.ptr, obj.size, GIT_OBJECT_TAG)) < 0)
		error = error_git(error, "cannot write the tag");
done:
	git_odb_free(odb);
	buf_free(&obj);
	buf_free(&armor);
	return error;
}

/* Create `refname` only if it does not exist, checking under its lock:
 * git_reference_create(force = 0) checks before taking the lock in libgit2
 * 1.5, so two creators racing could both "succeed". */
static int create_ref(git_repository *repo, const char *refname, const git_oid *id, const char *log_message)
{
	git_transaction *tx = NULL;
	git_oid existing;
	int error = git_transaction_new(&tx, repo);
	if (error == 0 && (error = git_transaction_lock_ref(tx, refname)) == 0) {
		if (git_reference_name_to_id(&existing, repo, refname) == 0)
			error = GIT_EEXISTS;
		else if ((error = git_transaction_set_target(tx, refname, id, NULL, log_message)) == 0)
			error = git_transaction_commit(tx);
	}
	git_transaction_free(tx);
	return error;
}

int record_move_ref(git_repository *repo, const char *refname, const git_oid *id,
	const git_oid *expected, const char *log_message)
{
	git_reference *ref = NULL;
	int error = expected
		? git_reference_create_matching(&ref, repo, refname, id, 1, expected, log_message)
		: create_ref(repo, refname, id, log_message);
	git_reference_free(ref);
	if (error == GIT_EMODIFIED || error == GIT_EEXISTS || error == GIT_ELOCKED)
		return error_set(CHARTER_EMOVED, "%s moved while this was being recorded (another writer): retry",
			strncmp(refname, "refs/heads/", 11) == 0 ? refname + 11 : refname);
	return error < 0 ? error_git(error, refname) : 0;
}
