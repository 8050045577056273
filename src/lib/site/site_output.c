/* The site's folder: checks before writing, the manifest of the files
 * charter wrote, files written beside themselves and renamed, stale files
 * removed, a new site built aside and renamed into place. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "base/grow.h"
#include "site/site_int.h"

void site_hash(char out[33], const void *data, size_t len)
{
	unsigned char h[16];
	crypto_generichash(h, sizeof(h), data, len, NULL, 0);
	sodium_bin2hex(out, 33, h, sizeof(h));
}

static int entry_cmp(const void *a, const void *b)
{
	return strcmp(((const site_entry *)a)->path, ((const site_entry *)b)->path);
}

static char *join(const char *dir, const char *path)
{
	size_t n = strlen(dir) + strlen(path) + 2;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s/%s", dir, path);
	return p;
}

/* The manifest: a first line "charter-site 1", then per file
 * "KEY - SIZE PATH" (the second field held a hash of the content, which a
 * comparison with the file replaced: read, not used). */
static int read_manifest(site_out *o)
{
	char *path = join(o->dir, SITE_MANIFEST);
	FILE *f = path ? fopen(path, "r") : NULL;
	char line[1200];
	int error = 0;
	if (!f) {
		free(path);
		return error_set(CHARTER_ERROR, "cannot read %s/%s", o->dir, SITE_MANIFEST);
	}
	if (!fgets(line, sizeof(line), f) || strcmp(line, "charter-site 1\n") != 0) {
		error = error_set(CHARTER_EINVALID, "%s is not a manifest this charter reads", path);
		goto done;
	}
	size_t a = 0;
	while (fgets(line, sizeof(line), f)) {
		char key[40], hash[40], p[1024];
		size_t size;
		if (sscanf(line, "%39s %39s %zu %1023[^\n]", key, hash, &size, p) != 4 || strlen(key) > 32 ||
		    strlen(hash) > 32 || strstr(p, "..") || p[0] == '/') {
			error = error_set(CHARTER_EINVALID, "%s: a line charter did not write", path);
			goto done;
		}
		if ((error = GROW(o->old, a, o->nold + 1)) < 0)
			goto done;
		site_entry *e = &o->old[o->nold];
		if (!(e->path = xstrdup(p))) {
			error = CHARTER_ERROR;
			goto done;
		}
		snprintf(e->key, sizeof(e->key), "%s", key);
		e->size = size;
		o->nold++;
	}
	qsort(o->old, o->nold, sizeof(*o->old), entry_cmp);
done:
	fclose(f);
	free(path);
	return error;
}

int site_out_open(site_out *o, const char *dir)
{
	struct stat st;
	memset(o, 0, sizeof(*o));
	pthread_mutex_init(&o->mu, NULL);
	o->mu_init = true;
	size_t len = strlen(dir);
	while (len > 1 && dir[len - 1] == '/')
		len--;
	if (!(o->dir = xstrndup(dir, len)))
		return CHARTER_ERROR;
	if (stat(o->dir, &st) == 0) {
		if (!S_ISDIR(st.st_mode))
			return error_set(CHARTER_EINVALID, "%s is not a folder", o->dir);
		char *m = join(o->dir, SITE_MANIFEST);
		bool has_manifest = m && access(m, F_OK) == 0;
		free(m);
		if (has_manifest) {
			if (access(o->dir, W_OK | X_OK) != 0)
				return error_set(CHARTER_ERROR, "cannot write into %s: %s", o->dir, strerror(errno));
			o->work = xstrdup(o->dir);
			return o->work ? read_manifest(o) : CHARTER_ERROR;
		}
		DIR *d = opendir(o->dir);
		struct dirent *de;
		bool empty = true;
		if (!d)
			return error_set(CHARTER_ERROR, "cannot read %s: %s", o->dir, strerror(errno));
		while ((de = readdir(d)) != NULL)
			if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
				empty = false;
		closedir(d);
		if (!empty)
			return error_set(CHARTER_EEXISTS, "%s holds files charter did not write (it has no %s): "
				"give a new or empty folder", o->dir, SITE_MANIFEST);
		if (access(o->dir, W_OK | X_OK) != 0)
			return error_set(CHARTER_ERROR, "cannot write into %s: %s", o->dir, strerror(errno));
	} else if (errno != ENOENT) {
		return error_set(CHARTER_ERROR, "cannot use %s: %s", o->dir, strerror(errno));
	}
	/* A new site: built beside the folder, renamed into place at the end. */
	size_t n = len + 32;
	if (!(o->work = malloc(n)))
		return error_set(CHARTER_ERROR, "out of memory");
	snprintf(o->work, n, "%s.charter-tmp-%ld", o->dir, (long)getpid());
	if (mkdir(o->work, 0777) != 0) {
		int e = errno;
		free(o->work);
		o->work = NULL;
		return error_set(CHARTER_ERROR, "cannot create %s: %s", o->dir, strerror(e));
	}
	o->fresh = true;
	return 0;
}

static const site_entry *find_old(const site_out *o, const char *path)
{
	site_entry k = { (char *)path, "", 0 };
	return o->nold ? bsearch(&k, o->old, o->nold, sizeof(*o->old), entry_cmp) : NULL;
}

static int add_cur(site_out *o, const char *path, const char *key, size_t size, bool written)
{
	char *copy = xstrdup(path);
	if (!copy)
		return CHARTER_ERROR;
	pthread_mutex_lock(&o->mu);
	int error = GROW(o->cur, o->acur, o->ncur + 1);
	if (error == 0) {
		site_entry *e = &o->cur[o->ncur++];
		e->path = copy;
		snprintf(e->key, sizeof(e->key), "%s", key ? key : "-");
		e->size = size;
		o->stats.written += written;
	}
	pthread_mutex_unlock(&o->mu);
	if (error < 0)
		free(copy);
	return error;
}

/* The manifest's entry for `path` when the page there is up to date, or NULL. */
static const site_entry *unchanged_entry(const site_out *o, const char *path, const char *key)
{
	const site_entry *e = find_old(o, path);
	struct stat st;
	if (!e || !key || strcmp(e->key, key) != 0)
		return NULL;
	char *full = join(o->work, path);
	bool ok = full && stat(full, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size == e->size;
	free(full);
	return ok ? e : NULL;
}

bool site_out_unchanged(const site_out *o, const char *path, const char *key)
{
	return unchanged_entry(o, path, key) != NULL;
}

bool site_out_fresh(site_out *o, const char *path, const char *key)
{
	const site_entry *e = unchanged_entry(o, path, key);
	return e && add_cur(o, path, e->key, e->size, false) == 0;
}

/* mkdir -p of the folders of `path` inside `base`. */
static int make_parents(const char *base, const char *path)
{
	char buf[2048];
	int n = snprintf(buf, sizeof(buf), "%s/%s", base, path);
	if (n < 0 || (size_t)n >= sizeof(buf))
		return error_set(CHARTER_EINVALID, "path too long: %s", path);
	for (char *p = buf + strlen(base) + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		if (mkdir(buf, 0777) != 0 && errno != EEXIST)
			return error_set(CHARTER_ERROR, "cannot create %s: %s", buf, strerror(errno));
		*p = '/';
	}
	return 0;
}

/* The folder this thread last wrote a file in. */
static _Thread_local char made_dir[1024];

/* Write `path` beside itself and rename it into place; straight in when
 * `direct` (a new site, written in a temporary folder as a whole). */
static int write_file(const char *base, const char *path, const char *data, size_t len, bool direct)
{
	char *full = join(base, path), *tmp = full ? malloc(strlen(full) + 16) : NULL;
	int error = 0, fd = -1;
	if (!full || !tmp) {
		error = error_set(CHARTER_ERROR, "out of memory");
		goto done;
	}
	sprintf(tmp, direct ? "%s" : "%s.tmp~", full);
	/* A folder holds many pages: made once per thread and folder, and
	 * again when it is gone (open fails). */
	const char *slash = strrchr(full, '/');
	size_t plen = (size_t)(slash - full);
	bool known = plen < sizeof(made_dir) && strncmp(made_dir, full, plen) == 0 && made_dir[plen] == '\0';
	if (!known && (error = make_parents(base, path)) < 0)
		goto done;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0666);
	if (fd < 0 && errno == ENOENT && known) {
		if ((error = make_parents(base, path)) < 0)
			goto done;
		fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0666);
	}
	if (fd >= 0 && plen < sizeof(made_dir))
		snprintf(made_dir, sizeof(made_dir), "%.*s", (int)plen, full);
	if (fd < 0) {
		error = error_set(CHARTER_ERROR, "cannot write %s: %s", full, strerror(errno));
		goto done;
	}
	for (size_t off = 0; off < len;) {
		ssize_t w = write(fd, data + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			error = error_set(CHARTER_ERROR, "cannot write %s: %s", full, strerror(errno));
			goto done;
		}
		off += (size_t)w;
	}
	if (close(fd) != 0) {
		fd = -1;
		error = error_set(CHARTER_ERROR, "cannot write %s: %s", full, strerror(errno));
		goto done;
	}
	fd = -1;
	if (!direct && rename(tmp, full) != 0)
		error = error_set(CHARTER_ERROR, "cannot write %s: %s", full, strerror(errno));
done:
	if (fd >= 0)
		close(fd);
	if (error < 0 && tmp)
		unlink(tmp);
	free(full);
	free(tmp);
	return error;
}

/* Whether the file at `full` holds exactly `data`. */
static bool same_file(const char *full, const char *data, size_t len)
{
	struct stat st;
	int fd = open(full, O_RDONLY);
	bool same = fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size == len;
	char chunk[65536];
	for (size_t off = 0; same && off < len;) {
		ssize_t r = read(fd, chunk, len - off < sizeof(chunk) ? len - off : sizeof(chunk));
		if (r < 0 && errno == EINTR)
			continue;
		same = r > 0 && memcmp(chunk, data + off, (size_t)r) == 0;
		off += r > 0 ? (size_t)r : 0;
	}
	if (fd >= 0)
		close(fd);
	return same;
}

int site_out_file(site_out *o, const char *path, const char *key, const char *data, size_t len)
{
	int error;
	/* A page made again is written only when its bytes differ from the
	 * file's (read only then: a new site has no old files). */
	const site_entry *e = find_old(o, path);
	bool same = false;
	if (e && e->size == len) {
		char *full = join(o->work, path);
		same = full && same_file(full, data, len);
		free(full);
	}
	if (!same) {
		if ((error = write_file(o->work, path, data, len, o->fresh)) < 0)
			return error;
	}
	return add_cur(o, path, key, len, !same);
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int find_cur(const site_out *o, const char *path)
{
	site_entry k = { (char *)path, "", 0 };
	return o->ncur && bsearch(&k, o->cur, o->ncur, sizeof(*o->cur), entry_cmp) != NULL;
}

int site_out_finish(site_out *o)
{
	buf m = BUF_INIT;
	int error;
	qsort(o->cur, o->ncur, sizeof(*o->cur), entry_cmp);
	for (size_t i = 1; i < o->ncur; i++)
		if (strcmp(o->cur[i - 1].path, o->cur[i].path) == 0)
			return error_set(CHARTER_ERROR, "two pages would be %s", o->cur[i].path);
	buf_puts(&m, "charter-site 1\n");
	for (size_t i = 0; i < o->ncur; i++)
		buf_printf(&m, "%s - %zu %s\n", o->cur[i].key, o->cur[i].size, o->cur[i].path);
	if ((error = buf_check(&m)) < 0 || (error = write_file(o->work, SITE_MANIFEST, m.ptr, m.size, o->fresh)) < 0) {
		buf_free(&m);
		return error;
	}
	buf_free(&m);
	o->stats.files = o->ncur + 1;
	/* Pages that no longer exist; then folders left empty. */
	for (size_t i = 0; i < o->nold; i++) {
		if (find_cur(o, o->old[i].path))
			continue;
		char *full = join(o->work, o->old[i].path);
		if (full && unlink(full) == 0)
			o->stats.removed++;
		for (char *slash; full && (slash = strrchr(full, '/')) != NULL && slash > full + strlen(o->work);) {
			*slash = '\0';
			if (rmdir(full) != 0)
				break;
		}
		free(full);
	}
	if (o->fresh) {
		rmdir(o->dir); /* an empty folder given: replaced by the new site */
		if (rename(o->work, o->dir) != 0)
			return error_set(CHARTER_ERROR, "cannot put the site in %s: %s", o->dir, strerror(errno));
		o->fresh = false;
	}
	return 0;
}

void site_out_free(site_out *o)
{
	if (o->fresh && o->work)
		nftw(o->work, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	for (size_t i = 0; i < o->nold; i++)
		free(o->old[i].path);
	for (size_t i = 0; i < o->ncur; i++)
		free(o->cur[i].path);
	free(o->old);
	free(o->cur);
	free(o->dir);
	free(o->work);
	if (o->mu_init)
		pthread_mutex_destroy(&o->mu);
	memset(o, 0, sizeof(*o));
}
