/* charter_booklet_freeze: the signed tag booklet/<convention> on the text the booklet numbers. */
#include <stdio.h>
#include <string.h>

#include <charter/booklet.h>

#include "amend/amend.h"
#include "store/store.h"
#include "store/writer_lock.h"

static int freeze_unlocked(char out[41], charter_store *store, const char *name, const charter_freeze_options *o)
{
	git_repository *repo = store_repo(store);
	git_oid main_id, frozen, tag_id, closed;
	git_commit *main = NULL;
	buf msg = BUF_INIT;
	char ref[300], tagname[300], slug[NAME_SLUG_SIZE];
	int error;

	if ((error = convention_check(name)) < 0 || (error = store_main(&main_id, store)) < 0)
		return error;
	convention_slug(slug, name);
	amend_refname(ref, CONVENTION_TAG_PREFIX, slug);
	if (git_reference_name_to_id(&closed, repo, ref) == 0)
		return error_set(CHARTER_EEXISTS, "the %s is closed (tag convention/%s): its booklet stays as it was", name,
			slug);
	snprintf(tagname, sizeof(tagname), "booklet/%s", slug);
	amend_refname(ref, BOOKLET_TAG_PREFIX, slug);
	if (amend_frozen_booklet(&frozen, slug, repo, name) == 0) {
		char hex[GIT_OID_HEXSZ + 1];
		if (git_oid_equal(&frozen, &main_id)) {
			/* Frozen on this very text already: nothing to do. */
			if (out && git_reference_name_to_id(&tag_id, repo, ref) == 0)
				git_oid_tostr(out, 41, &tag_id);
			return 0;
		}
		git_oid_tostr(hex, sizeof(hex), &frozen);
		return error_set(CHARTER_EEXISTS, "the booklet of the %s was frozen on commit %.12s (tag %s); main has "
			"moved since, and its line numbers stay those of the frozen text", name, hex, tagname);
	}
	if ((error = git_commit_lookup(&main, repo, &main_id)) < 0) {
		error = error_git(error, "cannot read main");
		goto done;
	}
	buf_printf(&msg, "Booklet of the %s frozen\n\nThe text whose line numbers the booklet of the %s and its motions "
		"cite.\n\nConvention: %s\n", name, name, name);
	if ((error = buf_check(&msg)) < 0)
		goto done;
	if ((error = amend_tag_main(&tag_id, repo, main, tagname, ref, msg.ptr, o->by, o->signer,
		"freeze a booklet")) == CHARTER_EMOVED)
		error = error_set(CHARTER_EEXISTS, "the booklet of the %s was frozen meanwhile (tag %s)", name, tagname);
	if (error == 0 && out)
		git_oid_tostr(out, 41, &tag_id);
done:
	git_commit_free(main);
	buf_free(&msg);
	return error;
}

/* One writer at a time (store/writer_lock.h). */
int charter_booklet_freeze(char out[41], charter_store *store, const char *convention, const charter_freeze_options *o)
{
	int error;
	if (out)
		out[0] = '\0';
	if (!store || !o || !o->by || !o->signer)
		return error_set(CHARTER_EINVALID, "missing store, options, identity or signing key");
	if ((error = options_version_check(o->version, CHARTER_FREEZE_OPTIONS_VERSION, "charter_booklet_freeze")) < 0)
		return error;
	if (!convention)
		return error_set_option(CHARTER_EINVALID, "convention", "which convention's booklet? --convention NAME is "
			"required to freeze it");
	int fd = -1;
	if ((error = writer_begin(&fd, store_repo(store))) < 0)
		return error;
	error = freeze_unlocked(out, store, convention, o);
	writer_unlock(fd);
	return error;
}
