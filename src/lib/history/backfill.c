/* charter_record: backfill a published version of the text from an archive
 * as a signed commit on main (first parent: the previous main). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amend/amend.h"
#include "base/date.h"
#include "base/json.h"
#include "store/document.h"
#include "store/signed_write.h"
#include "store/store.h"
#include "store/writer_lock.h"
#include "base/text.h"
#include "store/worktree.h"

/* Local edits to tracked files would be overwritten: refuse them first. */
static int worktree_clean(git_repository *repo)
{
	git_status_options so;
	git_status_list *list = NULL;
	int error;
	git_status_options_init(&so, GIT_STATUS_OPTIONS_VERSION);
	so.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
	so.flags = GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
	if ((error = git_status_list_new(&list, repo, &so)) < 0)
		return error_git(error, "cannot check the work tree for local edits");
	size_t n = git_status_list_entrycount(list);
	for (size_t i = 0; i < n && error == 0; i++) {
		const git_status_entry *e = git_status_byindex(list, i);
		if (e->status == GIT_STATUS_CURRENT || e->status == GIT_STATUS_IGNORED || e->status == GIT_STATUS_WT_NEW)
			continue;
		const git_diff_delta *d = e->index_to_workdir ? e->index_to_workdir : e->head_to_index;
		error = error_set(CHARTER_ESTATE,
			"%s has local edits in the work tree: commit, stash or discard them (git checkout main -- .) "
			"before recording", d && d->new_file.path ? d->new_file.path : "a file");
	}
	git_status_list_free(list);
	return error;
}

static bool same_text(const charter_document *a, const charter_document *b)
{
	if (strcmp(a->readme, b->readme) != 0 || a->count != b->count)
		return false;
	for (size_t i = 0; i < a->count; i++)
		if (strcmp(a->sections[i].slug, b->sections[i].slug) != 0 ||
		    strcmp(a->sections[i].markdown, b->sections[i].markdown) != 0)
			return false;
	return true;
}

/* The message: what was recorded, and the trailers. */
static void message(buf *msg, const charter_document *old, const charter_document *doc,
	const charter_record_options *o)
{
	buf_printf(msg, "%s: the text adopted by the %s%s, recorded from an archive\n\n", doc->title,
		o->convention, convention_noun(o->convention));
	buf_printf(msg, "The whole text as adopted on %s, recorded from %s.\n", o->adopted_on,
		o->source ? "the source below" : "an archive");
	bool header = false;
	for (size_t i = 0; i < doc->count; i++) {
		size_t at;
		const char *what = NULL;
		if (charter_document_section_find(&at, old, doc->sections[i].slug) < 0)
			what = "new section (paragraphs are matched by content)";
		else if (strcmp(old->sections[at].markdown, doc->sections[i].markdown) != 0)
			what = "changed";
		if (!what)
			continue;
		buf_printf(msg, "%s\n- %s: %s", header ? "" : "\nSections:", doc->sections[i].slug, what);
		header = true;
	}
	for (size_t i = 0; i < old->count; i++) {
		size_t at;
		if (charter_document_section_find(&at, doc, old->sections[i].slug) == 0)
			continue;
		buf_printf(msg, "%s\n- %s: no longer a section", header ? "" : "\nSections:", old->sections[i].slug);
		header = true;
	}
	error_clear();
	buf_puts(msg, header ? "\n\n" : "\n");
	buf_printf(msg, "Convention: %s\nAdopted-on: %s\n", o->convention, o->adopted_on);
	if (o->source)
		buf_printf(msg, "Source: %s\n", o->source);
	buf_puts(msg, "Recorded-from: archive\n");
}

static int record_unlocked(char out[41], charter_store *store, const char *dir, const charter_record_options *o)
{
	git_repository *repo;
	git_oid main_id, tree_id, commit_id;
	git_commit *main = NULL;
	git_tree *tree = NULL, *old_tree = NULL;
	git_signature *author = NULL, *committer = NULL;
	charter_document *doc = NULL, *old = NULL;
	buf signers = BUF_INIT, msg = BUF_INIT;
	int64_t day;
	char main_date[11];
	int error;

	if (out)
		out[0] = '\0';
	if (!store || !dir || !o)
		return error_set(CHARTER_EINVALID, "charter_record: missing store, folder or options");
	if ((error = options_version_check(o->version, CHARTER_RECORD_OPTIONS_VERSION, "charter_record")) < 0)
		return error;
	if (!o->adopted_on)
		return error_set_option(CHARTER_EINVALID, "adopted_on", "record: the adoption date is required");
	if (!o->convention)
		return error_set_option(CHARTER_EINVALID, "convention", "record: the convention is required");
	if (!o->by || !o->signer)
		return error_set(CHARTER_EINVALID, "record: who records it and the signing key are required");
	repo = store_repo(store);
	/* Everything is checked before anything is written. */
	if ((error = date_parse(&day, o->adopted_on)) < 0 || (error = convention_check(o->convention)) < 0 ||
	    (o->source && (error = error_option(text_check_line(o->source, "source"), "source")) < 0))
		return error;
	if ((error = store_main(&main_id, store)) < 0) {
		if (error == CHARTER_ENOTFOUND)
			error = error_set_option(CHARTER_ENOTFOUND, "store",
				"the store has no text yet: its first version, the founding text, is made with the "
				"store by charter_store_init()");
		return error;
	}
	if ((error = git_commit_lookup(&main, repo, &main_id)) < 0)
		return error_git(error, "cannot read main");
	commit_date(main_date, main);
	if (day + DATE_NOON < (int64_t)git_commit_author(main)->when.time) {
		error = error_set(CHARTER_EINVALID,
			"%s is before main's latest adoption (%s): record versions in the order they were adopted",
			o->adopted_on, main_date);
		goto done;
	}
	if ((error = charter_document_from_dir(&doc, dir)) < 0 ||
	    (error = document_from_commit(&old, repo, main)) < 0 ||
	    (error = amend_allowed_signers(&signers, repo, main)) < 0 ||
	    (error = amend_signer_allowed(o->signer, o->by, signers.ptr, signers.size, "record versions")) < 0)
		goto done;
	if (same_text(old, doc)) {
		error = error_set(CHARTER_EINVALID, "%s is the text adopted now: nothing to record", dir);
		goto done;
	}
	bool worktree = worktree_on_main(repo);
	if (worktree && (error = worktree_clean(repo)) < 0)
		goto done;
	/* All checked: only now write objects. */
	if ((error = document_write_tree(&tree_id, repo, doc, buf_cstr(&signers))) < 0)
		goto done;
	if ((error = git_tree_lookup(&tree, repo, &tree_id)) < 0 ||
	    (error = git_commit_tree(&old_tree, main)) < 0) {
		error = error_git(error, "cannot read a tree");
		goto done;
	}
	message(&msg, old, doc, o);
	if ((error = buf_check(&msg)) < 0)
		goto done;
	const git_commit *parents[] = { main };
	if ((error = record_signatures(&author, &committer, o->by, day)) < 0 ||
	    (error = record_commit(&commit_id, repo, tree, 1, parents, author, committer, msg.ptr, o->signer)) < 0 ||
	    (error = record_move_ref(repo, MAIN_REF, &commit_id, &main_id, "charter: record from an archive")) < 0)
		goto done;
	if (worktree && worktree_checkout(repo, old_tree, tree, false) < 0)
		error_clear(); /* main is recorded; the work tree is the user's to fix */
	if (out)
		git_oid_tostr(out, 41, &commit_id);
done:
	git_signature_free(author);
	git_signature_free(committer);
	git_tree_free(tree);
	git_tree_free(old_tree);
	git_commit_free(main);
	charter_document_free(doc);
	charter_document_free(old);
	buf_free(&signers);
	buf_free(&msg);
	return error;
}

/* One writer at a time (store/writer_lock.h), with what a dead one left
 * repaired first. */
int charter_record(char out[41], charter_store *store, const char *dir, const charter_record_options *o)
{
	int fd = -1, error = store ? writer_begin(&fd, store_repo(store)) : 0;
	if (error < 0)
		return error;
	error = record_unlocked(out, store, dir, o);
	writer_unlock(fd);
	return error;
}

int charter_record_render(char **out, size_t *out_len, charter_store *store, const char *commit, const char *dir,
	const charter_record_options *opts, charter_format format)
{
	charter_redline *rl = NULL;
	char *summary = NULL, prev[48];
	size_t summary_len = 0;
	buf b = BUF_INIT;
	*out = NULL;
	if (format != CHARTER_FORMAT_TEXT && format != CHARTER_FORMAT_JSON)
		return error_set(CHARTER_EINVALID, "a record's report is rendered as text or JSON");
	if (!opts || !opts->convention || !opts->adopted_on || !commit || strlen(commit) != 40)
		return error_set(CHARTER_EINVALID, "a record's report needs its commit and the options it was made with");
	/* What changed, from the redline between main before and after (the
	 * record's first parent: no log, so no history cache is written). */
	snprintf(prev, sizeof(prev), "%s~1", commit);
	int error = charter_diff(&rl, store, prev, commit, NULL, NULL);
	if (error == 0)
		error = charter_redline_summary(&summary, &summary_len, rl, format);
	charter_redline_free(rl);
	if (error < 0)
		return error;
	while (summary_len && summary[summary_len - 1] == '\n')
		summary_len--;
	if (format == CHARTER_FORMAT_JSON) {
		buf_puts(&b, "{\"commit\":");
		json_string(&b, commit);
		buf_puts(&b, ",\"from\":");
		json_string(&b, dir);
		buf_puts(&b, ",\"convention\":");
		json_string(&b, opts->convention);
		buf_puts(&b, ",\"date\":");
		json_string(&b, opts->adopted_on);
		buf_puts(&b, ",\"source\":");
		json_or_null(&b, opts->source);
		buf_puts(&b, ",\"summary\":");
		buf_put(&b, summary, summary_len);
		buf_puts(&b, "}\n");
	} else {
		buf_printf(&b, "Recorded %s as adopted by the %s%s on %s: commit %.12s\n", dir, opts->convention,
			convention_noun(opts->convention), opts->adopted_on, commit);
		/* The summary indented; its warnings stay at the margin. */
		for (size_t i = 0; i < summary_len;) {
			const char *line = summary + i, *nl = memchr(line, '\n', summary_len - i);
			size_t n = nl ? (size_t)(nl - line) : summary_len - i;
			buf_printf(&b, "%s%.*s\n", strncmp(line, "warning: ", 9) == 0 ? "" : "  ", (int)n, line);
			i += n + 1;
		}
	}
	charter_free(summary);
	return buf_hand_over(&b, out, out_len);
}
