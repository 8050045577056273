/* The change a proposal makes (its files against its base) and the merge of
 * that change into another text, file by file: Markdown word by word
 * (merge.h), anything else (.charter/allowed_signers) line by line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/grow.h"
#include "amend/amend.h"
#include "store/document.h"
#include "store/store.h"
#include "base/text.h"

static bool same_text(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

void amend_path_name(char out[80], const char *path)
{
	size_t n = strlen(path);
	if (strncmp(path, "sections/", 9) == 0 && n > 12 && strcmp(path + n - 3, ".md") == 0)
		snprintf(out, 80, "%.*s", (int)(n - 12), path + 9);
	else
		snprintf(out, 80, "%s", path);
}

static int blob_text(char **out, git_repository *repo, blob_memo *memo, const git_oid *id, const char *path)
{
	size_t len;
	int error = blob_memo_read(out, &len, memo, repo, id, path);
	if (error == 0 && memchr(*out, '\0', len)) {
		free(*out);
		*out = NULL;
		error = error_set(CHARTER_EINVALID, "%s: contains a NUL byte", path);
	}
	return error;
}

void amend_change_free(amend_change *c)
{
	for (size_t i = 0; i < c->count; i++) {
		free(c->files[i].path);
		free(c->files[i].base);
		free(c->files[i].proposed);
		free(c->files[i].today);
		free(c->files[i].merged);
	}
	free(c->files);
	c->files = NULL;
	c->count = 0;
}

/* One file the proposal changes, with its texts (old or new NULL: added
 * or deleted). */
static int add_file(amend_change *out, size_t *cap, git_repository *repo, blob_memo *memo, const char *path,
	const git_tree_entry *old, const git_tree_entry *new)
{
	if ((old && git_tree_entry_filemode(old) != GIT_FILEMODE_BLOB) ||
	    (new && git_tree_entry_filemode(new) != GIT_FILEMODE_BLOB))
		return error_set(CHARTER_EINVALID, "%s: the proposal changes something that is not a text file", path);
	if (GROW(out->files, *cap, out->count + 1) < 0)
		return CHARTER_ERROR;
	amend_file *f = &out->files[out->count++];
	memset(f, 0, sizeof(*f));
	f->mode = GIT_FILEMODE_BLOB;
	if (!(f->path = xstrdup(path)))
		return CHARTER_ERROR;
	int error = 0;
	if (old)
		error = blob_text(&f->base, repo, memo, git_tree_entry_id(old), path);
	if (error == 0 && new)
		error = blob_text(&f->proposed, repo, memo, git_tree_entry_id(new), path);
	return error;
}

/* The files that differ between trees a and b (either NULL: empty), in
 * the order of their paths, as git_diff_tree_to_tree() lists them
 * without rename detection: a tree and a file of one name are a deletion
 * and an addition. Walked by hand because that diff takes a snapshot of
 * the repository's configuration on every call, which was a fifth of
 * loading an amendment for the site. */
static int tree_changes(amend_change *out, size_t *cap, git_repository *repo, blob_memo *memo, const char *prefix,
	const git_tree *a, const git_tree *b)
{
	size_t na = a ? git_tree_entrycount(a) : 0, nb = b ? git_tree_entrycount(b) : 0, i = 0, j = 0;
	int error = 0;
	while (error == 0 && (i < na || j < nb)) {
		const git_tree_entry *x = i < na ? git_tree_entry_byindex(a, i) : NULL;
		const git_tree_entry *y = j < nb ? git_tree_entry_byindex(b, j) : NULL;
		int c = !x ? 1 : !y ? -1 : git_tree_entry_cmp(x, y);
		if (c < 0)
			y = NULL, i++;
		else if (c > 0)
			x = NULL, j++;
		else
			i++, j++;
		if (x && y && git_oid_equal(git_tree_entry_id(x), git_tree_entry_id(y)) &&
		    git_tree_entry_filemode(x) == git_tree_entry_filemode(y))
			continue;
		const char *name = git_tree_entry_name(x ? x : y);
		buf path = BUF_INIT;
		buf_printf(&path, "%s%s", prefix, name);
		if ((error = buf_check(&path)) < 0)
			break;
		bool xt = x && git_tree_entry_type(x) == GIT_OBJECT_TREE, yt = y && git_tree_entry_type(y) == GIT_OBJECT_TREE;
		if (xt || yt) {
			git_tree *ta = NULL, *tb = NULL;
			buf_putc(&path, '/');
			if ((xt && (error = git_tree_lookup(&ta, repo, git_tree_entry_id(x))) < 0) ||
			    (yt && (error = git_tree_lookup(&tb, repo, git_tree_entry_id(y))) < 0))
				error = error_git(error, "cannot read the proposal's change");
			else if ((error = buf_check(&path)) == 0)
				error = tree_changes(out, cap, repo, memo, path.ptr, ta, tb);
			git_tree_free(ta);
			git_tree_free(tb);
		} else {
			error = add_file(out, cap, repo, memo, path.ptr, x, y);
		}
		buf_free(&path);
	}
	return error;
}

int amend_change_load(amend_change *out, git_repository *repo, blob_memo *memo, const git_commit *proposal)
{
	git_commit *base = NULL;
	git_tree *base_tree = NULL, *tree = NULL;
	size_t cap = 0;
	int error;

	git_oid base_id;
	if ((error = amend_record_base(&base_id, proposal)) < 0)
		return error;
	if ((error = git_commit_lookup(&base, repo, &base_id)) < 0 ||
	    (error = git_commit_tree(&base_tree, base)) < 0 ||
	    (error = git_commit_tree(&tree, proposal)) < 0) {
		error = error_git(error, "cannot read the proposal's change");
		goto done;
	}
	error = tree_changes(out, &cap, repo, memo, "", base_tree, tree);
done:
	if (error < 0)
		amend_change_free(out);
	git_tree_free(tree);
	git_tree_free(base_tree);
	git_commit_free(base);
	return error;
}

static bool is_markdown(const char *path)
{
	size_t n = strlen(path);
	return n >= 3 && strcmp(path + n - 3, ".md") == 0;
}

static int merge_lines(buf *out, merge_conflict *conflict, const char *path, const char *base, const char *ours,
	const char *theirs)
{
	git_merge_file_input in_base, in_ours, in_theirs;
	git_merge_file_result res = { 0 };
	git_merge_file_options opts;
	git_merge_file_input_init(&in_base, GIT_MERGE_FILE_INPUT_VERSION);
	git_merge_file_input_init(&in_ours, GIT_MERGE_FILE_INPUT_VERSION);
	git_merge_file_input_init(&in_theirs, GIT_MERGE_FILE_INPUT_VERSION);
	git_merge_file_options_init(&opts, GIT_MERGE_FILE_OPTIONS_VERSION);
	in_base.ptr = base, in_base.size = strlen(base);
	in_ours.ptr = ours, in_ours.size = strlen(ours);
	in_theirs.ptr = theirs, in_theirs.size = strlen(theirs);
	int error = git_merge_file(&res, &in_base, &in_ours, &in_theirs, &opts);
	if (error < 0)
		return error_git(error, path);
	if (!res.automergeable) {
		memset(conflict, 0, sizeof(*conflict));
		error = CHARTER_ECONFLICT;
	} else {
		buf_put(out, res.ptr, res.len);
		error = buf_check(out);
	}
	git_merge_file_result_free(&res);
	return error;
}

int amend_merge_file(buf *out, bool *out_present, merge_conflict *conflict, char kind[80],
	const char *path, const char *base, const char *ours, const char *theirs)
{
	kind[0] = '\0';
	*out_present = true;
	if (same_text(base, theirs) || same_text(ours, theirs)) {
		/* No change, or the same change is there already. */
		*out_present = ours != NULL;
		buf_puts(out, ours ? ours : "");
		return buf_check(out);
	}
	if (same_text(base, ours)) {
		*out_present = theirs != NULL;
		buf_puts(out, theirs ? theirs : "");
		return buf_check(out);
	}
	/* All three differ: each side changed the file. */
	memset(conflict, 0, sizeof(*conflict));
	if (!base) {
		snprintf(kind, 80, "was also added by");
		return CHARTER_ECONFLICT;
	}
	if (!theirs) {
		snprintf(kind, 80, "was changed since by");
		return CHARTER_ECONFLICT;
	}
	if (!ours) {
		snprintf(kind, 80, "was removed by");
		return CHARTER_ECONFLICT;
	}
	if (is_markdown(path)) {
		buf merged = BUF_INIT;
		int error = merge_words(&merged, conflict, base, ours, theirs);
		if (error == 0) {
			buf_put(out, merged.ptr, merged.size);
			error = buf_check(out);
		}
		buf_free(&merged);
		return error;
	}
	snprintf(kind, 80, "lines");
	return merge_lines(out, conflict, path, base, ours, theirs);
}

bool amend_merge_apart(const char *path, const char *base, const char *ours, const char *theirs)
{
	return base && ours && theirs && is_markdown(path) && merge_words_apart(base, ours, theirs);
}

int amend_change_merge(amend_change *c, git_repository *repo, const git_tree *tree)
{
	int error;
	for (size_t i = 0; i < c->count; i++) {
		amend_file *f = &c->files[i];
		buf text = BUF_INIT;
		bool present;
		free(f->today);
		free(f->merged);
		f->today = f->merged = NULL;
		error = tree_read(&text, repo, tree, f->path);
		if (error == 0 && !(f->today = buf_detach(&text)))
			error = CHARTER_ERROR;
		buf_free(&text);
		if (error < 0 && error != CHARTER_ENOTFOUND)
			return error;
		error_clear();
		error = amend_merge_file(&text, &present, &c->conflict, c->conflict_kind, f->path, f->base, f->today,
			f->proposed);
		if (error == CHARTER_ECONFLICT) {
			c->conflict_file = i;
			buf_free(&text);
			return error;
		}
		if (error == 0 && present && !(f->merged = buf_detach(&text)))
			error = CHARTER_ERROR;
		buf_free(&text);
		if (error < 0)
			return error;
	}
	return 0;
}

/* --- the document a tree plus overrides would hold --- */

typedef struct {
	git_repository *repo;
	const git_tree *tree;
	const amend_override *ov;
	size_t n;
} virtual_tree;

static const amend_override *find_override(const virtual_tree *v, const char *path)
{
	for (size_t i = 0; i < v->n; i++)
		if (strcmp(v->ov[i].path, path) == 0)
			return &v->ov[i];
	return NULL;
}

static int virtual_read(buf *out, const virtual_tree *v, const char *path)
{
	const amend_override *o = find_override(v, path);
	if (!o)
		return tree_read(out, v->repo, v->tree, path);
	if (!o->text)
		return error_set(CHARTER_ENOTFOUND, "%s: not in the store", path);
	buf_puts(out, o->text);
	return buf_check(out);
}

static int virtual_fetch(buf *out, const char *slug, void *payload)
{
	char path[100];
	snprintf(path, sizeof(path), "sections/%s.md", slug);
	return virtual_read(out, payload, path);
}

static int add_slug(char ***slugs, size_t *count, const char *name, size_t len)
{
	if (GROW_EXACT(*slugs, *count + 1) < 0)
		return CHARTER_ERROR;
	if (!((*slugs)[*count] = xstrndup(name, len)))
		return CHARTER_ERROR;
	(*count)++;
	return 0;
}

static int section_file_slug(const char *name, size_t *len)
{
	size_t n = strlen(name);
	if (n < 4 || strcmp(name + n - 3, ".md") != 0)
		return error_set(CHARTER_EINVALID, "sections/%.80s: not a section file (<slug>.md)", name);
	*len = n - 3;
	return 0;
}

int amend_validate(git_repository *repo, const git_tree *tree, const amend_override *ov, size_t n)
{
	virtual_tree v = { repo, tree, ov, n };
	buf readme = BUF_INIT, scratch = BUF_INIT;
	charter_document *doc = NULL;
	char **slugs = NULL;
	size_t count = 0, len = 0;
	git_tree_entry *sections_entry = NULL;
	git_tree *sections = NULL;
	int error;

	for (size_t i = 0; i < n; i++) {
		const char *p = ov[i].path;
		if (strcmp(p, "README.md") != 0 && strcmp(p, ALLOWED_SIGNERS_PATH) != 0 &&
		    (strncmp(p, "sections/", 9) != 0 || strchr(p + 9, '/'))) {
			error = error_set(CHARTER_EINVALID, "%s: not part of a charter document", p);
			goto done;
		}
	}
	if ((error = virtual_read(&scratch, &v, ALLOWED_SIGNERS_PATH)) < 0) {
		if (error == CHARTER_ENOTFOUND)
			error = error_set(CHARTER_EINVALID, "the text would have no %s", ALLOWED_SIGNERS_PATH);
		goto done;
	}
	/* The section files present: the tree's, less the removed, plus the added. */
	if (git_tree_entry_bypath(&sections_entry, tree, "sections") == 0 &&
	    git_tree_entry_type(sections_entry) == GIT_OBJECT_TREE &&
	    (error = git_tree_lookup(&sections, repo, git_tree_entry_id(sections_entry))) < 0) {
		error = error_git(error, "cannot read sections/");
		goto done;
	}
	for (size_t i = 0; sections && i < git_tree_entrycount(sections); i++) {
		const char *name = git_tree_entry_name(git_tree_entry_byindex(sections, i));
		char path[300];
		snprintf(path, sizeof(path), "sections/%.200s", name);
		const amend_override *o = find_override(&v, path);
		if (o && !o->text)
			continue;
		if ((error = section_file_slug(name, &len)) < 0 || (error = add_slug(&slugs, &count, name, len)) < 0)
			goto done;
	}
	for (size_t i = 0; i < n; i++) {
		const char *name = ov[i].path + 9;
		if (strncmp(ov[i].path, "sections/", 9) != 0 || !ov[i].text)
			continue;
		git_tree_entry *e = NULL;
		bool existed = sections && git_tree_entry_bypath(&e, sections, name) == 0;
		git_tree_entry_free(e);
		if (existed)
			continue;
		if ((error = section_file_slug(name, &len)) < 0 || (error = add_slug(&slugs, &count, name, len)) < 0)
			goto done;
	}
	for (size_t i = 0; i < count; i++)
		if ((error = slug_check(slugs[i])) < 0)
			goto done;
	if ((error = virtual_read(&readme, &v, "README.md")) < 0)
		goto done;
	if ((error = document_parse(&doc, readme.ptr, readme.size, virtual_fetch, &v)) < 0)
		goto done;
	error = document_check_files(doc, slugs, count);
done:
	charter_document_free(doc);
	for (size_t i = 0; i < count; i++)
		free(slugs[i]);
	free(slugs);
	git_tree_free(sections);
	git_tree_entry_free(sections_entry);
	buf_free(&readme);
	buf_free(&scratch);
	return error;
}

int amend_write_tree(git_oid *out, git_repository *repo, git_tree *tree, const amend_override *ov, size_t n)
{
	git_tree_update *up = calloc(n ? n : 1, sizeof(*up));
	int error = 0;
	if (!up)
		return error_set(CHARTER_ERROR, "out of memory");
	for (size_t i = 0; i < n && error == 0; i++) {
		up[i].path = ov[i].path;
		if (ov[i].text) {
			up[i].action = GIT_TREE_UPDATE_UPSERT;
			up[i].filemode = GIT_FILEMODE_BLOB;
			if ((error = git_blob_create_from_buffer(&up[i].id, repo, ov[i].text, strlen(ov[i].text))) < 0)
				error = error_git(error, ov[i].path);
		} else {
			up[i].action = GIT_TREE_UPDATE_REMOVE;
		}
	}
	if (error == 0 && (error = git_tree_create_updated(out, repo, tree, n, up)) < 0)
		error = error_git(error, "cannot write the tree");
	free(up);
	return error;
}

/* --- naming a collision --- */

static bool entry_id(git_oid *out, const git_tree *tree, const char *path)
{
	git_tree_entry *e = NULL;
	if (git_tree_entry_bypath(&e, tree, path) < 0)
		return false;
	git_oid_cpy(out, git_tree_entry_id(e));
	git_tree_entry_free(e);
	return true;
}

void amend_last_changed(char out[128], git_repository *repo, const git_oid *from, const git_oid *stop,
	const char *path)
{
	git_oid id;
	out[0] = '\0';
	git_oid_cpy(&id, from);
	while (!(stop && git_oid_equal(&id, stop))) {
		git_commit *c = NULL, *parent = NULL;
		git_tree *t = NULL, *pt = NULL;
		bool changed = false, root = true;
		if (git_commit_lookup(&c, repo, &id) < 0)
			break;
		if (git_commit_parentcount(c) > 0 && git_commit_parent(&parent, c, 0) == 0 &&
		    git_commit_tree(&t, c) == 0 && git_commit_tree(&pt, parent) == 0) {
			git_oid a, b;
			bool ha = entry_id(&a, t, path), hb = entry_id(&b, pt, path);
			changed = ha != hb || (ha && !git_oid_equal(&a, &b));
			root = false;
			git_oid_cpy(&id, git_commit_id(parent));
		}
		if (changed) {
			char *amendment = message_trailer(git_commit_message(c), "Amendment");
			if (amendment)
				snprintf(out, 128, "%.120s", amendment);
			free(amendment);
		}
		git_tree_free(t);
		git_tree_free(pt);
		git_commit_free(parent);
		git_commit_free(c);
		if (changed || root)
			break;
	}
	error_clear();
}

int amend_conflict_error(const amend_change *c, git_repository *repo, const char *id, const git_oid *main_id,
	const git_oid *base)
{
	const amend_file *f = &c->files[c->conflict_file];
	char name[80], other[128], whom[200], where[120];
	amend_path_name(name, f->path);
	amend_last_changed(other, repo, main_id, base, f->path);
	if (other[0])
		snprintf(whom, sizeof(whom), "amendment %s", other);
	else
		snprintf(whom, sizeof(whom), "a change adopted since it was proposed");
	if (strcmp(name, f->path) != 0)
		snprintf(where, sizeof(where), "section '%s'", name);
	else
		snprintf(where, sizeof(where), "%s", name);
	const char *hint = "adopt it with --as-amended holding the text the convention agreed on, or reject it";
	if (c->conflict_kind[0] && strcmp(c->conflict_kind, "lines") != 0)
		return error_set(CHARTER_ECONFLICT, "amendment %s collides with %s: %s %s %s; %s", id, whom, where,
			c->conflict_kind, other[0] ? whom : "another amendment", hint);
	size_t para = c->conflict.paragraph;
	bool section = strcmp(name, f->path) != 0;
	if (section && para == 1)
		return error_set(CHARTER_ECONFLICT, "amendment %s collides with %s in the title of %s; %s", id, whom,
			where, hint);
	if (section && para > 1)
		para--; /* paragraphs of the text, after the title */
	if (!c->conflict.ours[0] && !c->conflict.theirs[0])
		return error_set(CHARTER_ECONFLICT, "amendment %s collides with %s in %s%s%.0zu; %s", id, whom, where,
			para ? ", paragraph " : "", para, hint);
	return error_set(CHARTER_ECONFLICT,
		"amendment %s collides with %s in %s, paragraph %zu: the text now reads '%s' where this amendment "
		"has '%s'; %s", id, whom, where, para, c->conflict.ours, c->conflict.theirs, hint);
}
