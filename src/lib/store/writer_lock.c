/* The writer lock, stale ref locks, and repairing a work tree left behind
 * by interrupted writers. */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/grow.h"
#include "base/text.h"
#include "store/store.h"
#include "store/worktree.h"
#include "store/writer_lock.h"

static void nap_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

int writer_lock(int *fd_out, git_repository *repo)
{
	buf dir = BUF_INIT, path = BUF_INIT;
	*fd_out = -1;
	buf_printf(&dir, "%scharter", git_repository_path(repo));
	buf_printf(&path, "%s/writer.lock", dir.ptr ? dir.ptr : "");
	if (buf_check(&dir) < 0 || buf_check(&path) < 0) {
		buf_free(&dir);
		buf_free(&path);
		return CHARTER_ERROR;
	}
	mkdir(dir.ptr, 0777);
	int fd = open(path.ptr, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0666);
	int error = 0;
	if (fd >= 0) {
		int rc = -1;
		for (int i = 0; i < 3000 && (rc = flock(fd, LOCK_EX | LOCK_NB)) < 0 && errno == EWOULDBLOCK; i++)
			nap_ms(10);
		if (rc < 0) {
			error = error_set(CHARTER_EMOVED, "another charter writer holds %s: retry", path.ptr);
			close(fd);
			fd = -1;
		} else {
			char note[64];
			int n = snprintf(note, sizeof(note), "%ld %lld\n", (long)getpid(), (long long)time(NULL));
			if (ftruncate(fd, 0) == 0 && pwrite(fd, note, (size_t)n, 0) < 0)
				(void)0; /* a note for people; the lock is the flock */
		}
	}
	*fd_out = fd;
	buf_free(&dir);
	buf_free(&path);
	return error;
}

void writer_unlock(int fd)
{
	if (fd >= 0)
		close(fd); /* releases the flock */
}

int writer_begin(int *fd_out, git_repository *repo)
{
	int error = writer_lock(fd_out, repo);
	if (error < 0)
		return error;
	if (worktree_repair(repo) < 0)
		error_clear();
	if (*fd_out >= 0 && writer_clear_stale_lock(repo, MAIN_REF) < 0)
		error_clear();
	return 0;
}

int writer_clear_stale_lock(git_repository *repo, const char *refname)
{
	buf path = BUF_INIT;
	int error = 0;
	buf_printf(&path, "%s%s.lock", git_repository_path(repo), refname);
	if ((error = buf_check(&path)) < 0)
		return error;
	for (int i = 0; i < 40; i++) {
		struct stat st;
		if (lstat(path.ptr, &st) < 0) {
			error = 0;
			goto done;
		}
		if (time(NULL) - st.st_mtime >= STALE_LOCK_SECONDS) {
			/* No charter writer is alive to hold it (we hold the writer
			 * lock), and no other would hold it this long. */
			if (unlink(path.ptr) == 0 || errno == ENOENT) {
				error = 0;
				goto done;
			}
			error = error_set(CHARTER_EMOVED, "cannot remove the stale %s: %s", path.ptr, strerror(errno));
			goto done;
		}
		nap_ms(100);
	}
	error = error_set(CHARTER_EMOVED, "%s is held by another process: retry", path.ptr);
done:
	buf_free(&path);
	return error;
}

/* ---- the work tree ------------------------------------------------------ */

#define REPAIR_DEPTH 256

/* The blob at `path` in `tree` into out; false when absent. */
static bool blob_at(git_oid *out, git_tree *tree, const char *path)
{
	git_tree_entry *e = NULL;
	if (git_tree_entry_bypath(&e, tree, path) < 0) {
		git_error_clear();
		return false;
	}
	bool blob = git_tree_entry_type(e) == GIT_OBJECT_BLOB;
	git_oid_cpy(out, git_tree_entry_id(e));
	git_tree_entry_free(e);
	return blob;
}

/* The work tree's file at `path`: hashed into *id, *present false when it
 * is not there. Negative when it cannot be read (left alone). */
static int worktree_blob(git_oid *id, bool *present, git_repository *repo, const char *path)
{
	buf full = BUF_INIT, file = BUF_INIT;
	buf_printf(&full, "%s%s", git_repository_workdir(repo), path);
	int error = buf_check(&full);
	*present = false;
	if (error == 0 && (error = file_read_flags(&file, full.ptr, O_NOFOLLOW)) == 0) {
		*present = true;
		if (git_odb_hash(id, file.ptr ? file.ptr : "", file.size, GIT_OBJECT_BLOB) < 0)
			error = error_git(-1, path);
	} else if (error == CHARTER_ENOTFOUND) {
		error_clear();
		error = 0;
	}
	buf_free(&full);
	buf_free(&file);
	return error;
}

/* Is (present, id) what `path` was in one of main's last REPAIR_DEPTH
 * first-parent ancestors? */
static bool earlier_main_had(const git_commit *main, const char *path, bool present,
	const git_oid *id)
{
	git_commit *c = NULL;
	bool found = false;
	if (git_commit_parentcount(main) == 0 || git_commit_parent(&c, main, 0) < 0) {
		git_error_clear();
		return false;
	}
	for (int depth = 0; c && depth < REPAIR_DEPTH && !found; depth++) {
		git_tree *t = NULL;
		git_oid was;
		if (git_commit_tree(&t, c) == 0) {
			bool had = blob_at(&was, t, path);
			found = had == present && (!had || git_oid_equal(&was, id));
		}
		git_tree_free(t);
		git_commit *next = NULL;
		if (!found && git_commit_parentcount(c) > 0 && git_commit_parent(&next, c, 0) < 0)
			next = NULL;
		git_commit_free(c);
		c = found ? NULL : next;
	}
	git_commit_free(c);
	git_error_clear();
	return found;
}

/* Paths of main's text: the tree's blobs, recursively. */
typedef struct {
	char **paths;
	size_t count, cap;
} path_list;

static int collect(const char *root, const git_tree_entry *e, void *payload)
{
	path_list *l = payload;
	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB)
		return 0;
	if (GROW(l->paths, l->cap, l->count + 1) < 0)
		return -1;
	buf p = BUF_INIT;
	buf_printf(&p, "%s%s", root, git_tree_entry_name(e));
	if (!(l->paths[l->count] = buf_detach(&p)))
		return -1;
	l->count++;
	return 0;
}

static bool noted(char *const *paths, size_t n, const char *path)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(paths[i], path) == 0)
			return true;
	return false;
}

/* Keep a copy of a noted file before it is restored, in
 * <gitdir>/charter-rescued/: most likely half of main's text as a writer
 * left it, but it could hold an edit made since. */
static void rescue(git_repository *repo, const char *path)
{
	buf from = BUF_INIT, dir = BUF_INIT, to = BUF_INIT, file = BUF_INIT;
	buf_printf(&from, "%s%s", git_repository_workdir(repo), path);
	buf_printf(&dir, "%scharter-rescued", git_repository_path(repo));
	buf_printf(&to, "%s/%ld-", buf_cstr(&dir), (long)time(NULL));
	for (const char *p = path; *p; p++)
		buf_putc(&to, *p == '/' ? '%' : *p);
	if (buf_check(&from) == 0 && buf_check(&to) == 0 && file_read_flags(&file, from.ptr, O_NOFOLLOW) == 0 &&
	    file.size > 0 && (mkdir(dir.ptr, 0777) == 0 || errno == EEXIST))
		file_replace(to.ptr, file.ptr, file.size);
	error_clear();
	buf_free(&from);
	buf_free(&dir);
	buf_free(&to);
	buf_free(&file);
}

int worktree_repair(git_repository *repo)
{
	git_oid main_id;
	git_commit *main = NULL;
	git_tree *tree = NULL;
	git_index *index = NULL;
	path_list list = { NULL, 0, 0 }, fix = { NULL, 0, 0 };
	char **note = NULL;
	size_t nnote = 0;
	bool index_changed = false;
	int error = 0;

	if (!worktree_on_main(repo))
		return 0;
	if (worktree_note_read(&note, &nnote, repo) < 0)
		error_clear(); /* unreadable: as if there were none */
	if (git_reference_name_to_id(&main_id, repo, MAIN_REF) < 0 || git_commit_lookup(&main, repo, &main_id) < 0 ||
	    git_commit_tree(&tree, main) < 0) {
		git_error_clear();
		goto done; /* nothing to repair against */
	}
	if (git_tree_walk(tree, GIT_TREEWALK_PRE, collect, &list) < 0) {
		error = error_set(CHARTER_ERROR, "out of memory");
		goto done;
	}
	if (git_repository_index(&index, repo) < 0 || git_index_read(index, 1) < 0) {
		git_error_clear();
		git_index_free(index);
		index = NULL;
	}
	for (size_t i = 0; i < list.count; i++) {
		const char *path = list.paths[i];
		git_oid in_main, have;
		bool present;
		blob_at(&in_main, tree, path);
		if (worktree_blob(&have, &present, repo, path) < 0) {
			error_clear(); /* unreadable: not ours to touch */
			continue;
		}
		if (present && git_oid_equal(&have, &in_main)) {
			/* The file is main's; its index entry may lag behind (a
			 * checkout killed between the file and the index). A
			 * checkout leaves an entry alone when the file is already
			 * right: write the entry itself. */
			const git_index_entry *ie = index ? git_index_get_bypath(index, path, 0) : NULL;
			if (index && (!ie || !git_oid_equal(&ie->id, &in_main))) {
				if (git_index_add_bypath(index, path) < 0) {
					error = error_git(-1, "cannot bring the index up to date with main");
					goto done;
				}
				index_changed = true;
			}
			continue;
		}
		/* A file as an earlier main had it, or one a writer was writing
		 * when it died (half written, perhaps): main's again. */
		if (!earlier_main_had(main, path, present, &have)) {
			if (!noted(note, nnote, path))
				continue;
			rescue(repo, path);
		}
		if (GROW(fix.paths, fix.cap, fix.count + 1) < 0) {
			error = error_set(CHARTER_ERROR, "out of memory");
			goto done;
		}
		fix.paths[fix.count++] = (char *)path;
	}
	if (index_changed && git_index_write(index) < 0) {
		error = error_git(-1, "cannot write the index");
		goto done;
	}
	if (fix.count && (error = worktree_note_begin(repo, (const char *const *)fix.paths, fix.count)) < 0)
		goto done;
	if (fix.count) {
		git_checkout_options co;
		git_checkout_options_init(&co, GIT_CHECKOUT_OPTIONS_VERSION);
		co.checkout_strategy = GIT_CHECKOUT_FORCE | GIT_CHECKOUT_DISABLE_PATHSPEC_MATCH;
		co.paths.strings = fix.paths;
		co.paths.count = fix.count;
		if ((error = git_checkout_tree(repo, (const git_object *)tree, &co)) < 0)
			error = error_git(error, "cannot bring the work tree up to date with main");
	}
	if (error == 0 && (nnote || fix.count))
		worktree_note_end(repo);
done:
	worktree_note_free(note, nnote);
	for (size_t i = 0; i < list.count; i++)
		free(list.paths[i]);
	free(list.paths);
	free(fix.paths);
	git_index_free(index);
	git_tree_free(tree);
	git_commit_free(main);
	return error;
}
