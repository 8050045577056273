/* charter_store_init: a new store whose root commit is the founding text. */
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/date.h"
#include "base/json.h"
#include "store/document.h"
#include "store/signed_write.h"
#include "store/store.h"
#include "base/text.h"
#include "store/worktree.h"

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

/* 1 when `path` is a directory with entries, 0 when empty or absent. */
static int dir_state(const char *path, bool *exists)
{
	DIR *d = opendir(path);
	*exists = d != NULL;
	if (!d) {
		if (errno == ENOENT)
			return 0;
		if (errno == ENOTDIR)
			return error_set(CHARTER_EEXISTS, "%s: exists and is not a directory", path);
		return error_set(CHARTER_ERROR, "%s: %s", path, strerror(errno));
	}
	struct dirent *e;
	int full = 0;
	while (!full && (e = readdir(d)) != NULL)
		full = strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return full;
}

int principal_check(const char *email)
{
	if (!*email || strpbrk(email, " \t\",*?!") || email[0] == '#')
		return error_set(CHARTER_EINVALID,
			"'%.80s' cannot be a signer's principal: use a plain email address", email);
	return 0;
}

/* Convention names are what the organization calls them (one line); their
 * tags are convention/<slug> (base/text.h). */
int convention_check(const char *name)
{
	return convention_name_check(name);
}

static int write_founding(charter_store *store, const charter_document *doc, const charter_store_init_options *o,
	int64_t day, const char *date)
{
	git_repository *repo = store->repo;
	git_signature *author = NULL, *committer = NULL;
	git_tree *tree = NULL;
	git_oid tree_id, commit_id;
	buf signers = BUF_INIT, msg = BUF_INIT;
	const char *convention = o->convention ? o->convention : "founding";
	int error;

	buf_printf(&signers, "%s namespaces=\"git\" %s\n", o->by->email, charter_signer_public_key(o->signer));
	/* No prose about the adoption: the trailers say only what was given. */
	buf_printf(&msg, "%s: founding text\n\n", doc->title);
	buf_printf(&msg, "Convention: %s\nAdopted-on: %s\n", convention, date);
	if (o->source)
		buf_printf(&msg, "Source: %s\n", o->source);
	if ((error = buf_check(&signers)) < 0 || (error = buf_check(&msg)) < 0)
		goto done;
	if ((error = document_write_tree(&tree_id, repo, doc, signers.ptr)) < 0)
		goto done;
	if ((error = git_tree_lookup(&tree, repo, &tree_id)) < 0) {
		error = error_git(error, "cannot read the tree");
		goto done;
	}
	if ((error = record_signatures(&author, &committer, o->by, day)) < 0 ||
	    (error = record_commit(&commit_id, repo, tree, 0, NULL, author, committer, msg.ptr, o->signer)) < 0 ||
	    (error = record_move_ref(repo, MAIN_REF, &commit_id, NULL, "charter: founding text")) < 0)
		goto done;
	if (!o->bare)
		error = worktree_checkout(repo, NULL, tree, false);
done:
	git_signature_free(author);
	git_signature_free(committer);
	git_tree_free(tree);
	buf_free(&signers);
	buf_free(&msg);
	return error;
}

int charter_store_init(charter_store **out, const char *path, const char *statements_dir,
	const charter_store_init_options *o)
{
	charter_document *doc = NULL;
	charter_store *store = NULL;
	git_repository *repo = NULL;
	int64_t day;
	char today[11];
	const char *date;
	bool existed = false, created = false;
	int error;

	if (out)
		*out = NULL;
	if ((error = charter_init()) < 0)
		return error;
	if (o && (error = options_version_check(o->version, CHARTER_STORE_INIT_OPTIONS_VERSION, "charter_store_init")) < 0)
		return error;
	if (!o || !o->by || !o->signer || !path || !statements_dir)
		return error_set(CHARTER_EINVALID, "charter_store_init: missing path, statements, identity or key");
	date_today(today);
	date = o->adopted_on ? o->adopted_on : today;
	/* Check everything before touching the disk. */
	if ((error = date_parse(&day, date)) < 0 ||
	    (o->convention && (error = convention_check(o->convention)) < 0) ||
	    (o->source && (error = error_option(text_check_line(o->source, "source"), "source")) < 0) ||
	    (error = principal_check(o->by->email)) < 0 ||
	    (error = charter_document_from_dir(&doc, statements_dir)) < 0)
		goto done;
	if ((error = dir_state(path, &existed)) < 0)
		goto done;
	if (error == 1) {
		git_repository *existing = NULL;
		bool is_repo = git_repository_open_ext(&existing, path, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) == 0;
		git_repository_free(existing);
		error = error_set(CHARTER_EEXISTS, "%s: %s", path,
			is_repo ? "already a git repository: a store must start empty" : "exists and is not empty");
		goto done;
	}
	created = true;

	git_repository_init_options io;
	git_repository_init_options_init(&io, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	io.flags = GIT_REPOSITORY_INIT_MKPATH | GIT_REPOSITORY_INIT_NO_REINIT;
	if (o->bare)
		io.flags |= GIT_REPOSITORY_INIT_BARE;
	io.initial_head = "main";
	if ((error = git_repository_init_ext(&repo, path, &io)) < 0) {
		error = error_git(error, path);
		goto done;
	}
	if (!(store = calloc(1, sizeof(*store))) || !(store->gitdir = xstrdup(git_repository_path(repo)))) {
		error = error_set(CHARTER_ERROR, "out of memory");
		goto done;
	}
	store->repo = repo;
	repo = NULL;
	error = write_founding(store, doc, o, day, date);
done:
	if (error < 0 && created) {
		charter_store_free(store);
		store = NULL;
		git_repository_free(repo);
		repo = NULL;
		/* Leave nothing behind: the folder as it was (absent or empty). */
		struct stat st;
		bool had_mode = existed && stat(path, &st) == 0;
		nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
		if (existed && mkdir(path, 0700) == 0 && had_mode)
			chmod(path, st.st_mode & 07777);
	}
	charter_document_free(doc);
	git_repository_free(repo);
	if (out && error == 0)
		*out = store;
	else
		charter_store_free(store);
	return error;
}

int charter_store_init_render(char **out, size_t *out_len, charter_store *store, const char *path,
	const charter_store_init_options *opts, charter_format format)
{
	char commit[41];
	buf b = BUF_INIT;
	*out = NULL;
	if (format != CHARTER_FORMAT_TEXT && format != CHARTER_FORMAT_JSON)
		return error_set(CHARTER_EINVALID, "a new store's report is rendered as text or JSON");
	if (!opts || !opts->by || !opts->signer)
		return error_set(CHARTER_EINVALID, "a new store's report needs the options it was made with");
	int error = charter_resolve(commit, store, NULL);
	if (error < 0)
		return error;
	if (format == CHARTER_FORMAT_TEXT) {
		buf_printf(&b, "Created store %s: founding text signed by %s <%s>\n", path, charter_identity_name(opts->by),
			charter_identity_email(opts->by));
		return buf_hand_over(&b, out, out_len);
	}
	buf_puts(&b, "{\"store\":");
	json_string(&b, path);
	buf_puts(&b, ",\"gitdir\":");
	json_string(&b, charter_store_gitdir(store));
	buf_puts(&b, ",\"commit\":");
	json_string(&b, commit);
	buf_puts(&b, ",\"by\":");
	json_string(&b, charter_identity_name(opts->by));
	buf_puts(&b, ",\"email\":");
	json_string(&b, charter_identity_email(opts->by));
	buf_puts(&b, ",\"public_key\":");
	json_string(&b, charter_signer_public_key(opts->signer));
	buf_puts(&b, ",\"bare\":");
	json_bool(&b, opts->bare);
	buf_puts(&b, "}\n");
	return buf_hand_over(&b, out, out_len);
}
