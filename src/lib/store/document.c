/* README.md + sections/<slug>.md <-> charter_document. */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmark.h>

#include "base/grow.h"
#include "base/date.h"
#include "store/document.h"
#include "store/store.h"
#include "base/text.h"

void charter_document_free(charter_document *doc)
{
	if (!doc)
		return;
	for (size_t i = 0; i < doc->count; i++) {
		free(doc->sections[i].slug);
		free(doc->sections[i].title);
		free(doc->sections[i].markdown);
	}
	free(doc->sections);
	hset_free(&doc->slug_ids);
	free(doc->readme);
	free(doc->title);
	free(doc->preamble);
	free(doc);
}

/* Plain text of a heading's inline content, e.g. "Workers’ Power". */
static void inline_text(buf *out, cmark_node *node)
{
	for (cmark_node *c = cmark_node_first_child(node); c; c = cmark_node_next(c)) {
		switch (cmark_node_get_type(c)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			buf_puts(out, cmark_node_get_literal(c));
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			buf_putc(out, ' ');
			break;
		default:
			inline_text(out, c);
		}
	}
}

/* Byte offset of the start of 1-based `line` in `s`. */
static size_t line_offset(const char *s, int line)
{
	size_t off = 0;
	for (int l = 1; l < line && s[off]; off++)
		if (s[off] == '\n')
			l++;
	return off;
}

/* The slug of a list item that is exactly one link to sections/<slug>.md,
 * with its link text in *title; NULL when the item is anything else. */
static char *item_link(cmark_node *item, buf *title)
{
	cmark_node *para = cmark_node_first_child(item);
	if (!para || cmark_node_next(para) || cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH)
		return NULL;
	cmark_node *link = cmark_node_first_child(para);
	if (!link || cmark_node_next(link) || cmark_node_get_type(link) != CMARK_NODE_LINK)
		return NULL;
	const char *url = cmark_node_get_url(link);
	size_t n = strlen(url);
	if (strncmp(url, "sections/", 9) != 0 || n < 13 || strcmp(url + n - 3, ".md") != 0)
		return NULL;
	inline_text(title, link);
	return xstrndup(url + 9, n - 12);
}

static int parse_section(doc_section *sec, const char *raw, size_t len)
{
	int error;
	buf text = BUF_INIT, title = BUF_INIT;
	char what[100];
	snprintf(what, sizeof(what), "sections/%s.md", sec->slug);
	if ((error = text_normalize(&text, raw, len, what)) < 0)
		goto done;
	if (strncmp(buf_cstr(&text), "# ", 2) != 0) {
		error = error_set(CHARTER_EINVALID, "%s: the first line must be '# Section title'", what);
		goto done;
	}
	cmark_node *doc = cmark_parse_document(text.ptr, text.size, CMARK_OPT_DEFAULT);
	cmark_node *first = cmark_node_first_child(doc);
	if (first && cmark_node_get_type(first) == CMARK_NODE_HEADING && cmark_node_get_start_line(first) == 1)
		inline_text(&title, first);
	cmark_node_free(doc);
	if ((error = buf_check(&title)) < 0)
		goto done;
	if (title.size == 0) {
		error = error_set(CHARTER_EINVALID, "%s: the section title is empty", what);
		goto done;
	}
	if (strcmp(title.ptr, sec->title) != 0) {
		error = error_set(CHARTER_EINVALID, "%s: its title '%s' differs from README.md's '%s'", what,
			title.ptr, sec->title);
		goto done;
	}
	sec->markdown = buf_detach(&text);
	const char *body = strchr(sec->markdown, '\n') + 1;
	while (*body == '\n')
		body++;
	sec->body = body;
	if (!*body)
		error = error_set(CHARTER_EINVALID, "%s: the section has no text", what);
done:
	buf_free(&text);
	buf_free(&title);
	return error;
}

int document_parse(charter_document **out, const char *raw, size_t raw_len, doc_fetch_fn fetch, void *payload)
{
	int error;
	buf readme = BUF_INIT, scratch = BUF_INIT;
	cmark_node *root = NULL, *list = NULL;
	charter_document *doc = calloc(1, sizeof(*doc));

	*out = NULL;
	if (!doc)
		return error_set(CHARTER_ERROR, "out of memory");
	if ((error = text_normalize(&readme, raw, raw_len, "README.md")) < 0)
		goto fail;
	root = cmark_parse_document(buf_cstr(&readme), readme.size, CMARK_OPT_DEFAULT);
	cmark_node *head = cmark_node_first_child(root);
	if (!head || cmark_node_get_type(head) != CMARK_NODE_HEADING || cmark_node_get_heading_level(head) != 1) {
		error = error_set(CHARTER_EINVALID, "README.md: the first line must be '# Title'");
		goto fail;
	}
	inline_text(&scratch, head);
	if ((error = buf_check(&scratch)) < 0 || !(doc->title = buf_detach(&scratch)))
		goto fail;

	list = cmark_node_last_child(root);
	if (!list || list == head || cmark_node_get_type(list) != CMARK_NODE_LIST ||
	    cmark_node_get_list_type(list) != CMARK_ORDERED_LIST) {
		error = error_set(CHARTER_EINVALID,
			"README.md: must end with the ordered list of sections, '1. [Title](sections/<slug>.md)'");
		goto fail;
	}
	/* The preamble is the source between the title and the list, as written. */
	size_t from = line_offset(readme.ptr, cmark_node_get_end_line(head) + 1);
	size_t to = line_offset(readme.ptr, cmark_node_get_start_line(list));
	while (from < to && readme.ptr[from] == '\n')
		from++;
	while (to > from && readme.ptr[to - 1] == '\n')
		to--;
	if (!(doc->preamble = xstrndup(readme.ptr + from, to - from))) {
		error = CHARTER_ERROR;
		goto fail;
	}

	for (cmark_node *item = cmark_node_first_child(list); item; item = cmark_node_next(item))
		doc->count++;
	doc->sections = calloc(doc->count, sizeof(*doc->sections));
	if (!doc->sections) {
		error = error_set(CHARTER_ERROR, "out of memory");
		goto fail;
	}
	size_t i = 0;
	for (cmark_node *item = cmark_node_first_child(list); item; item = cmark_node_next(item), i++) {
		doc_section *sec = &doc->sections[i];
		buf_clear(&scratch);
		if (!(sec->slug = item_link(item, &scratch))) {
			error = error_set(CHARTER_EINVALID,
				"README.md: item %zu of the list is not '[Title](sections/<slug>.md)'", i + 1);
			goto fail;
		}
		if ((error = slug_check(sec->slug)) < 0 || (error = buf_check(&scratch)) < 0)
			goto fail;
		uint32_t id;
		int added;
		if ((error = hset_intern(&doc->slug_ids, &id, sec->slug, strlen(sec->slug), &added)) < 0)
			goto fail;
		if (!added) {
			error = error_set(CHARTER_EINVALID, "README.md: section '%s' is listed twice", sec->slug);
			goto fail;
		}
		if (!(sec->title = buf_detach(&scratch))) {
			error = CHARTER_ERROR;
			goto fail;
		}
		buf_clear(&scratch);
		if ((error = fetch(&scratch, sec->slug, payload)) < 0) {
			if (error == CHARTER_ENOTFOUND)
				error_set(CHARTER_ENOTFOUND, "README.md lists section '%s' but sections/%s.md is missing",
					sec->slug, sec->slug);
			goto fail;
		}
		if ((error = parse_section(sec, buf_cstr(&scratch), scratch.size)) < 0)
			goto fail;
	}
	doc->readme = buf_detach(&readme);
	cmark_node_free(root);
	buf_free(&scratch);
	*out = doc;
	return doc->readme ? 0 : CHARTER_ERROR;

fail:
	cmark_node_free(root);
	buf_free(&readme);
	buf_free(&scratch);
	charter_document_free(doc);
	return error < 0 ? error : CHARTER_ERROR;
}

int document_check_files(const charter_document *doc, char **slugs, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		size_t at;
		if (charter_document_section_find(&at, doc, slugs[i]) < 0)
			return error_set(CHARTER_EINVALID, "sections/%s.md is not listed in README.md", slugs[i]);
	}
	return 0;
}

/* --- from a folder --- */

static int fetch_dir(buf *out, const char *slug, void *payload)
{
	char path[4200];
	snprintf(path, sizeof(path), "%s/sections/%s.md", (const char *)payload, slug);
	return file_read_flags(out, path, O_NOFOLLOW);
}

int charter_document_from_dir(charter_document **out, const char *dir)
{
	int error;
	buf readme = BUF_INIT;
	char path[4200];
	char **slugs = NULL;
	size_t count = 0;
	DIR *d = NULL;

	*out = NULL;
	if ((error = charter_init()) < 0)
		return error;
	if (strlen(dir) > 4000)
		return error_set(CHARTER_EINVALID, "path too long");
	snprintf(path, sizeof(path), "%s/README.md", dir);
	if ((error = file_read_flags(&readme, path, O_NOFOLLOW)) < 0) {
		if (error == CHARTER_ENOTFOUND)
			error_set(CHARTER_ENOTFOUND, "%s: no README.md: not a statements folder", dir);
		return error;
	}
	snprintf(path, sizeof(path), "%s/sections", dir);
	struct stat st;
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
		buf_free(&readme);
		return error_set(CHARTER_EINVALID, "%s is a symbolic link: a statements folder holds files only", path);
	}
	if (!(d = opendir(path))) {
		buf_free(&readme);
		return error_set(CHARTER_ENOTFOUND, "%s: no sections/ folder", dir);
	}
	/* Every file in sections/ must be a listed section with a valid name. */
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		const char *name = e->d_name;
		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
			continue;
		size_t n = strlen(name);
		if (n < 4 || strcmp(name + n - 3, ".md") != 0) {
			error = error_set(CHARTER_EINVALID, "sections/%.80s: not a section file (<slug>.md)", name);
			goto done;
		}
		char *slug = xstrndup(name, n - 3);
		if (!slug || (error = GROW_EXACT(slugs, count + 1)) < 0) {
			free(slug);
			error = CHARTER_ERROR;
			goto done;
		}
		slugs[count++] = slug;
		if ((error = slug_check(slug)) < 0)
			goto done;
	}
	if ((error = document_parse(out, readme.ptr, readme.size, fetch_dir, (void *)dir)) < 0)
		goto done;
	if ((error = document_check_files(*out, slugs, count)) < 0) {
		charter_document_free(*out);
		*out = NULL;
	}
done:
	if (d)
		closedir(d);
	for (size_t i = 0; i < count; i++)
		free(slugs[i]);
	free(slugs);
	buf_free(&readme);
	return error;
}

/* --- from a commit --- */

typedef struct {
	git_repository *repo;
	git_tree *tree;
} tree_payload;

static int fetch_tree(buf *out, const char *slug, void *payload)
{
	tree_payload *p = payload;
	char path[100];
	snprintf(path, sizeof(path), "sections/%s.md", slug);
	return tree_read(out, p->repo, p->tree, path);
}

int document_from_commit(charter_document **out, git_repository *repo, const git_commit *commit)
{
	int error;
	buf readme = BUF_INIT;
	tree_payload p = { repo, NULL };
	*out = NULL;
	if ((error = git_commit_tree(&p.tree, commit)) < 0)
		return error_git(error, "cannot read the commit's tree");
	if ((error = tree_read(&readme, repo, p.tree, "README.md")) == 0 &&
	    (error = document_parse(out, readme.ptr, readme.size, fetch_tree, &p)) == 0) {
		git_oid_tostr((*out)->commit, sizeof((*out)->commit), git_commit_id(commit));
		commit_date((*out)->date, commit);
	}
	buf_free(&readme);
	git_tree_free(p.tree);
	return error;
}

int charter_document_load(charter_document **out, charter_store *store, const char *when)
{
	git_oid id;
	git_commit *commit = NULL;
	int error;
	*out = NULL;
	if ((error = store_resolve(&id, store, when)) < 0)
		return error;
	if ((error = git_commit_lookup(&commit, store_repo(store), &id)) < 0)
		return error_git(error, "cannot read the commit");
	error = document_from_commit(out, store_repo(store), commit);
	git_commit_free(commit);
	return error;
}

/* --- to a tree --- */

static int insert_blob(git_treebuilder *tb, git_repository *repo, const char *name, const char *text)
{
	git_oid blob;
	int error = git_blob_create_from_buffer(&blob, repo, text, strlen(text));
	if (error == 0)
		error = git_treebuilder_insert(NULL, tb, name, &blob, GIT_FILEMODE_BLOB);
	return error < 0 ? error_git(error, name) : 0;
}

static int insert_tree(git_treebuilder *parent, git_treebuilder *child, const char *name)
{
	git_oid id;
	int error = git_treebuilder_write(&id, child);
	if (error == 0)
		error = git_treebuilder_insert(NULL, parent, name, &id, GIT_FILEMODE_TREE);
	return error < 0 ? error_git(error, name) : 0;
}

int document_write_tree(git_oid *out, git_repository *repo, const charter_document *doc,
	const char *allowed_signers)
{
	git_treebuilder *root = NULL, *sections = NULL, *meta = NULL;
	int error;
	char name[80];
	if ((error = git_treebuilder_new(&root, repo, NULL)) < 0 ||
	    (error = git_treebuilder_new(&sections, repo, NULL)) < 0 ||
	    (error = git_treebuilder_new(&meta, repo, NULL)) < 0) {
		error = error_git(error, "cannot build a tree");
		goto done;
	}
	if ((error = insert_blob(root, repo, "README.md", doc->readme)) < 0)
		goto done;
	for (size_t i = 0; i < doc->count; i++) {
		snprintf(name, sizeof(name), "%s.md", doc->sections[i].slug);
		if ((error = insert_blob(sections, repo, name, doc->sections[i].markdown)) < 0)
			goto done;
	}
	if ((error = insert_tree(root, sections, "sections")) < 0)
		goto done;
	if (allowed_signers) {
		if ((error = insert_blob(meta, repo, "allowed_signers", allowed_signers)) < 0 ||
		    (error = insert_tree(root, meta, ".charter")) < 0)
			goto done;
	}
	if ((error = git_treebuilder_write(out, root)) < 0)
		error = error_git(error, "cannot write the tree");
done:
	git_treebuilder_free(root);
	git_treebuilder_free(sections);
	git_treebuilder_free(meta);
	return error;
}

/* --- accessors --- */

const char *charter_document_title(const charter_document *doc) { return doc->title; }
const char *charter_document_preamble(const charter_document *doc) { return doc->preamble; }
const char *charter_document_commit(const charter_document *doc) { return doc->commit; }
const char *charter_document_date(const charter_document *doc) { return doc->date; }
size_t charter_document_section_count(const charter_document *doc) { return doc->count; }

const char *charter_document_section_slug(const charter_document *doc, size_t i)
{
	return i < doc->count ? doc->sections[i].slug : NULL;
}

const char *charter_document_section_title(const charter_document *doc, size_t i)
{
	return i < doc->count ? doc->sections[i].title : NULL;
}

const char *charter_document_section_markdown(const charter_document *doc, size_t i)
{
	return i < doc->count ? doc->sections[i].markdown : NULL;
}

const char *charter_document_section_body(const charter_document *doc, size_t i)
{
	return i < doc->count ? doc->sections[i].body : NULL;
}

int charter_document_section_find(size_t *out, const charter_document *doc, const char *slug)
{
	uint32_t id = hset_find(&doc->slug_ids, slug, strlen(slug));
	if (id != HSET_NONE) {
		*out = id;
		return 0;
	}
	if (slug_check(slug) < 0)
		return CHARTER_EINVALID;
	return error_set(CHARTER_ENOTFOUND, "no section '%s'", slug);
}
