/* charter_convention_close: the signed annotated tag convention/<name>. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/grow.h"
#include "amend/amend.h"
#include "base/date.h"
#include "store/signed_write.h"
#include "store/store.h"
#include "store/writer_lock.h"
#include "base/text.h"

/* The amendments this convention adopted: the run of adoptions at the tip
 * of main whose Convention: answers to `name` (oldest first), as "1, 2, 3";
 * the name as the adoptions wrote it into `written` (unchanged when none). */
static void adopted_list(buf *out, buf *written, git_repository *repo, const git_oid *tip, const char *name)
{
	git_oid id;
	char **ids = NULL;
	size_t n = 0;
	git_oid_cpy(&id, tip);
	for (;;) {
		git_commit *c = NULL;
		if (git_commit_lookup(&c, repo, &id) < 0)
			break;
		char *conv = message_trailer(git_commit_message(c), "Convention");
		char *amendment = message_trailer(git_commit_message(c), "Amendment");
		bool ours = conv && convention_matches(conv, name) && git_commit_parentcount(c) == 2 && amendment;
		if (ours && n == 0) {
			buf_clear(written);
			buf_puts(written, conv);
		}
		free(conv);
		bool grown = ours && GROW_EXACT(ids, n + 1) == 0;
		if (grown) {
			ids[n++] = amendment;
			git_oid_cpy(&id, git_commit_parent_id(c, 0));
		} else {
			free(amendment);
		}
		git_commit_free(c);
		if (!grown)
			break;
	}
	for (size_t i = n; i > 0; i--)
		buf_printf(out, "%s%s", i == n ? "" : ", ", ids[i - 1]);
	for (size_t i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	error_clear();
}

/* One signed tag on main for conventions and booklets (amend/amend.h). */
int amend_tag_main(git_oid *tag_id, git_repository *repo, const git_commit *main, const char *tagname,
	const char *ref, const char *message, const charter_identity *by, charter_signer *signer, const char *what)
{
	git_signature *tagger = NULL;
	buf allowed = BUF_INIT;
	char reflog[100];
	int error;
	if ((error = amend_allowed_signers(&allowed, repo, main)) < 0 ||
	    (error = amend_signer_allowed(signer, by, allowed.ptr, allowed.size, what)) < 0)
		goto done;
	if ((error = git_signature_now(&tagger, charter_identity_name(by), charter_identity_email(by))) < 0) {
		error = error_git(error, "invalid name or email");
		goto done;
	}
	snprintf(reflog, sizeof(reflog), "charter: %s", what);
	if ((error = record_tag(tag_id, repo, tagname, git_commit_id(main), tagger, message, signer)) == 0)
		error = record_move_ref(repo, ref, tag_id, NULL, reflog);
done:
	git_signature_free(tagger);
	buf_free(&allowed);
	return error;
}

static int close_unlocked(char out[41], charter_store *store, const char *name, const charter_close_options *o)
{
	git_repository *repo = store_repo(store);
	git_oid main_id, tag_id, existing;
	git_commit *main = NULL;
	buf msg = BUF_INIT, adopted = BUF_INIT, written = BUF_INIT;
	char ref[300], tagname[300], main_date[11], slug[NAME_SLUG_SIZE];
	int64_t day;
	int error;

	if (out)
		out[0] = '\0';
	if (!o || !o->by || !o->signer)
		return error_set(CHARTER_EINVALID, "missing options, identity or signing key");
	if ((error = options_version_check(o->version, CHARTER_CLOSE_OPTIONS_VERSION, "charter_convention_close")) < 0)
		return error;
	if (!o->date)
		return error_set_option(CHARTER_EINVALID, "date", "when did it close? the closing date is required");
	if ((error = convention_check(name)) < 0 || (error = date_parse(&day, o->date)) < 0)
		return error;
	convention_slug(slug, name);
	amend_refname(ref, CONVENTION_TAG_PREFIX, slug);
	snprintf(tagname, sizeof(tagname), "convention/%s", slug);
	if (git_reference_name_to_id(&existing, repo, ref) == 0)
		return error_set(CHARTER_EEXISTS, "the %s is already closed (tag %s)", name, tagname);
	if ((error = store_main(&main_id, store)) < 0)
		return error;
	if ((error = git_commit_lookup(&main, repo, &main_id)) < 0) {
		error = error_git(error, "cannot read main");
		goto done;
	}
	commit_date(main_date, main);
	if (strcmp(o->date, main_date) < 0) {
		error = error_set(CHARTER_EINVALID, "the closing date %s is earlier than the latest adoption on main (%s)",
			o->date, main_date);
		goto done;
	}
	buf_puts(&written, name);
	adopted_list(&adopted, &written, repo, &main_id, name);
	if ((error = buf_check(&written)) < 0)
		goto done;
	name = written.ptr;
	buf_printf(&msg, "%s closed on %s\n\n", name, o->date);
	if (adopted.size)
		buf_printf(&msg, "The text as the %s left it. Amendments adopted: %s.\n\n", name, adopted.ptr);
	else
		buf_printf(&msg, "The text as the %s left it.\n\n", name);
	buf_printf(&msg, "Convention: %s\nClosed-on: %s\n", name, o->date);
	if ((error = buf_check(&msg)) < 0)
		goto done;
	if ((error = amend_tag_main(&tag_id, repo, main, tagname, ref, msg.ptr, o->by, o->signer,
		"close a convention")) == CHARTER_EMOVED)
		error = error_set(CHARTER_EEXISTS, "the %s is already closed (tag %s)", name, tagname);
	if (error == 0 && out)
		git_oid_tostr(out, 41, &tag_id);
done:
	git_commit_free(main);
	buf_free(&msg);
	buf_free(&adopted);
	buf_free(&written);
	return error;
}

/* One writer at a time (store/writer_lock.h), with what a dead one left
 * repaired first. */
int charter_convention_close(char out[41], charter_store *store, const char *name, const charter_close_options *o)
{
	int fd = -1, error = store ? writer_begin(&fd, store_repo(store)) : 0;
	if (error < 0)
		return error;
	error = close_unlocked(out, store, name, o);
	writer_unlock(fd);
	return error;
}

void charter_convention_slug(char out[201], const char *name)
{
	out[0] = '\0';
	if (name && strlen(name) <= NAME_MAX_BYTES)
		convention_slug(out, name);
}

/* The commit booklet tag `ref` freezes and the tag's time, or -1. */
static int64_t frozen_at(git_oid *commit, git_repository *repo, const char *ref)
{
	git_reference *r = NULL;
	git_object *tag = NULL, *peeled = NULL;
	int64_t when = -1;
	if (git_reference_lookup(&r, repo, ref) == 0 && git_reference_peel(&peeled, r, GIT_OBJECT_COMMIT) == 0) {
		git_oid_cpy(commit, git_object_id(peeled));
		when = 0;
		if (git_reference_peel(&tag, r, GIT_OBJECT_TAG) == 0 && git_tag_tagger((git_tag *)tag))
			when = git_tag_tagger((git_tag *)tag)->when.time;
	}
	git_object_free(tag);
	git_object_free(peeled);
	git_reference_free(r);
	error_clear();
	return when;
}

int amend_frozen_booklet(git_oid *commit, char slug[NAME_SLUG_SIZE], git_repository *repo, const char *name)
{
	char ref[300];
	if (name) {
		convention_slug(slug, name);
		amend_refname(ref, BOOKLET_TAG_PREFIX, slug);
		return *slug && frozen_at(commit, repo, ref) >= 0 ? 0 : CHARTER_ENOTFOUND;
	}
	git_reference_iterator *it = NULL;
	const char *refname;
	int64_t best = -1;
	slug[0] = '\0';
	if (git_reference_iterator_glob_new(&it, repo, BOOKLET_TAG_PREFIX "*") < 0) {
		error_clear();
		return CHARTER_ENOTFOUND;
	}
	while (git_reference_next_name(&refname, it) == 0) {
		const char *s = refname + strlen(BOOKLET_TAG_PREFIX);
		git_oid at, closed;
		amend_refname(ref, CONVENTION_TAG_PREFIX, s);
		if (strlen(s) >= NAME_SLUG_SIZE || git_reference_name_to_id(&closed, repo, ref) == 0)
			continue;
		int64_t when = frozen_at(&at, repo, refname);
		if (when > best || (when == best && strcmp(s, slug) < 0)) {
			best = when;
			git_oid_cpy(commit, &at);
			snprintf(slug, NAME_SLUG_SIZE, "%s", s);
		}
	}
	git_reference_iterator_free(it);
	error_clear();
	return best >= 0 ? 0 : CHARTER_ENOTFOUND;
}
