/* The history cache's walk of main's first-parent line, and what it leaves for
 * later. Without git's commit-graph, every commit, root tree and sections
 * tree is read straight from the object database (on one thread),
 * which is what a cold history pays once. With a commit-graph the line
 * comes from the graph alone, and commits are read only for the adoptions
 * shown (cache_load_messages), trees only for the adoptions that may have
 * changed the sections asked about (cache_resolve, with the graph's Bloom
 * filters). */
#include <stdlib.h>
#include <string.h>

#include "base/grow.h"
#include "base/text.h"
#include "cache/cache.h"

typedef struct {
	git_oid oid, tree, sections; /* sections: zero when the commit has none */
	int64_t time;
	uint8_t kind;
	bool loaded;
	const char *amendment, *title, *convention, *vote, *source;
	uint32_t change0, nchanges; /* into the walk's own change list */
} walk_commit;

typedef struct {
	walk_commit *c;
	uint32_t n;
	size_t a;
	cache_change *ch;
	uint32_t nch;
	size_t ach;
} walk;

/* The oid of entry `name` in a raw tree, or -1. */
static int tree_entry(git_oid *out, const char *d, size_t n, const char *name, size_t nlen)
{
	const char *p = d, *end = d + n;
	while (p < end) {
		const char *sp = memchr(p, ' ', (size_t)(end - p));
		const char *nul = sp ? memchr(sp, '\0', (size_t)(end - sp)) : NULL;
		if (!nul || end - nul < 21)
			return -1;
		if ((size_t)(nul - sp - 1) == nlen && memcmp(sp + 1, name, nlen) == 0) {
			git_oid_fromraw(out, (const unsigned char *)nul + 1);
			return 0;
		}
		p = nul + 21;
	}
	return -1;
}

/* One entry of a raw tree: a section file `<slug>.md` (a blob)? */
typedef struct {
	const char *name; /* the slug, not NUL-terminated */
	size_t len;
	git_oid id;
} tree_item;

static const char *tree_next(tree_item *it, const char *p, const char *end)
{
	while (p < end) {
		const char *sp = memchr(p, ' ', (size_t)(end - p));
		const char *nul = sp ? memchr(sp, '\0', (size_t)(end - sp)) : NULL;
		if (!nul || end - nul < 21)
			return NULL;
		const char *name = sp + 1;
		size_t len = (size_t)(nul - name);
		bool blob = sp - p == 6 && memcmp(p, "100", 3) == 0;
		const char *next = nul + 21;
		if (blob && len > 3 && memcmp(name + len - 3, ".md", 3) == 0) {
			it->name = name;
			it->len = len - 3;
			git_oid_fromraw(&it->id, (const unsigned char *)nul + 1);
			return next;
		}
		p = next;
	}
	return NULL;
}

static int item_cmp(const tree_item *a, const tree_item *b)
{
	/* git sorts tree entries by full name; "<slug>.md" for all, so by slug
	 * then by what follows: compare the full names. */
	size_t la = a->len + 3, lb = b->len + 3, n = la < lb ? la : lb;
	int c = memcmp(a->name, b->name, n);
	return c ? c : (la > lb) - (la < lb);
}

static int add_change(hist_cache *ix, walk *w, const tree_item *it, const git_oid *old, const git_oid *new)
{
	uint32_t slug;
	int error;
	if ((error = cache_intern(&slug, ix, it->name, it->len)) < 0 ||
	    (error = GROW(w->ch, w->ach, w->nch + 1)) < 0)
		return error;
	cache_change *ch = &w->ch[w->nch++];
	ch->slug = slug;
	if (old)
		git_oid_cpy(&ch->old, old);
	else
		memset(&ch->old, 0, sizeof(ch->old));
	if (new)
		git_oid_cpy(&ch->new, new);
	else
		memset(&ch->new, 0, sizeof(ch->new));
	return 0;
}

/* The section files that differ between two raw sections trees (either may
 * be NULL: no sections at all), appended to w->ch. */
static int tree_changes(hist_cache *ix, walk *w, git_odb_object *old, git_odb_object *new)
{
	const char *op = old ? git_odb_object_data(old) : NULL, *oe = op ? op + git_odb_object_size(old) : NULL;
	const char *np = new ? git_odb_object_data(new) : NULL, *ne = np ? np + git_odb_object_size(new) : NULL;
	tree_item a, b;
	op = op ? tree_next(&a, op, oe) : NULL;
	np = np ? tree_next(&b, np, ne) : NULL;
	int error = 0;
	while (error == 0 && (op || np)) {
		int c = !op ? 1 : !np ? -1 : item_cmp(&a, &b);
		if (c < 0) {
			error = add_change(ix, w, &a, &a.id, NULL);
			op = tree_next(&a, op, oe);
		} else if (c > 0) {
			error = add_change(ix, w, &b, NULL, &b.id);
			np = tree_next(&b, np, ne);
		} else {
			if (!git_oid_equal(&a.id, &b.id))
				error = add_change(ix, w, &b, &a.id, &b.id);
			op = tree_next(&a, op, oe);
			np = tree_next(&b, np, ne);
		}
	}
	return error;
}

static const char *trailer(const git_message_trailer_array *arr, const char *key)
{
	for (size_t i = 0; i < arr->count; i++)
		if (strcmp(arr->trailers[i].key, key) == 0)
			return arr->trailers[i].value;
	return NULL;
}

/* A copy of `len` bytes of text others wrote, which reaches terminals
 * through log, history and blame: no control character survives (as in
 * amendment records, amend_read.c). */
static char *dup_defused(hist_cache *ix, const char *s, size_t len)
{
	char *d = cache_strndup(ix, s, len);
	text_defuse(d, false);
	return d;
}

static char *dup_or_null(hist_cache *ix, const char *s)
{
	return s ? dup_defused(ix, s, strlen(s)) : NULL;
}

/* Parse a raw commit: tree, first parent, author time, message. */
static int parse_commit(hist_cache *ix, walk_commit *wc, git_oid *tree, git_oid *parent, bool *has_parent,
	git_odb_object *obj)
{
	const char *d = git_odb_object_data(obj), *end = d + git_odb_object_size(obj);
	const char *p = d;
	bool author = false;
	*has_parent = false;
	int nparents = 0;
	if (git_odb_object_type(obj) != GIT_OBJECT_COMMIT || end - p < 46 || memcmp(p, "tree ", 5) != 0 ||
	    git_oid_fromstrn(tree, p + 5, 40) < 0)
		return error_set(CHARTER_ERROR, "a commit on main is unreadable");
	/* headers */
	while (p < end && *p != '\n') {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			return error_set(CHARTER_ERROR, "a commit on main is unreadable");
		if (nl - p >= 47 && memcmp(p, "parent ", 7) == 0) {
			if (nparents++ == 0) {
				if (git_oid_fromstrn(parent, p + 7, 40) < 0)
					return error_set(CHARTER_ERROR, "a commit on main is unreadable");
				*has_parent = true;
			}
		} else if (!author && nl - p > 7 && memcmp(p, "author ", 7) == 0) {
			const char *gt = NULL;
			for (const char *q = p; q < nl; q++)
				if (*q == '>')
					gt = q;
			if (gt)
				wc->time = strtoll(gt + 1, NULL, 10);
			author = true;
		}
		p = nl + 1;
	}
	if (p < end)
		p++;
	/* message */
	size_t mlen = (size_t)(end - p);
	char *msg = malloc(mlen + 1);
	if (!msg)
		return error_set(CHARTER_ERROR, "out of memory");
	memcpy(msg, p, mlen);
	msg[mlen] = '\0';
	size_t tl = strcspn(msg, "\n");
	while (tl > 0 && (msg[tl - 1] == ' ' || msg[tl - 1] == '\r'))
		tl--;
	wc->title = dup_defused(ix, msg, tl);
	wc->loaded = true;
	git_message_trailer_array arr = { 0 };
	if (git_message_trailers(&arr, msg) == 0) {
		wc->amendment = dup_or_null(ix, trailer(&arr, "Amendment"));
		wc->convention = dup_or_null(ix, trailer(&arr, "Convention"));
		wc->vote = dup_or_null(ix, trailer(&arr, "Vote"));
		wc->source = dup_or_null(ix, trailer(&arr, "Source"));
		wc->kind = nparents == 0 ? IDX_FOUNDING : trailer(&arr, "Recorded-from") ? IDX_RECORD : IDX_AMENDMENT;
		git_message_trailer_array_free(&arr);
	} else {
		wc->kind = nparents == 0 ? IDX_FOUNDING : IDX_AMENDMENT;
	}
	free(msg);

	return wc->title ? 0 : CHARTER_ERROR;
}

/* The sections tree of a root tree (NULL when it has none). */
static int sections_read(git_odb_object **out, git_odb *odb, const git_oid *tree)
{
	git_odb_object *t = NULL;
	git_oid id;
	int error = git_odb_read(&t, odb, tree);
	*out = NULL;
	if (error < 0)
		return error_git(error, "cannot read a tree on main");
	if (tree_entry(&id, git_odb_object_data(t), git_odb_object_size(t), "sections", 8) == 0 &&
	    (error = git_odb_read(out, odb, &id)) < 0)
		error = error_git(error, "cannot read a tree on main");
	git_odb_object_free(t);
	return error;
}

static const git_oid *obj_id(git_odb_object *o)
{
	static const git_oid zero = { { 0 } };
	return o ? git_odb_object_id(o) : &zero;
}

/* Append the commits walked (newest first in w) to ix, oldest first.
 * `known`: their changes were computed (else left for cache_resolve). */
static int append_walk(hist_cache *ix, const walk *w, bool known)
{
	int error;
	if ((error = GROW(ix->ad, ix->aad, (size_t)ix->n + w->n)) < 0)
		return error;
	for (uint32_t i = w->n; i-- > 0;) {
		const walk_commit *c = &w->c[i];
		cache_change *changes = NULL;
		if (known && c->nchanges &&
		    !(changes = cache_alloc(ix, (size_t)c->nchanges * sizeof(cache_change))))
			return CHARTER_ERROR;
		if (changes)
			memcpy(changes, &w->ch[c->change0], (size_t)c->nchanges * sizeof(cache_change));
		cache_adoption *a = &ix->ad[ix->n++];
		memset(a, 0, sizeof(*a));
		git_oid_cpy(&a->oid, &c->oid);
		a->time = c->time;
		a->kind = c->kind;
		a->loaded = c->loaded;
		a->known = known;
		a->amendment = c->amendment;
		a->title = c->title;
		a->convention = c->convention;
		a->vote = c->vote;
		a->source = c->source;
		a->changes = changes;
		a->nchanges = known ? c->nchanges : 0;
	}
	if (!known && w->n && ix->resolved)
		memset(ix->resolved, 0, ix->nslugs);
	return 0;
}

static int walk_serial(hist_cache *ix, const git_oid *tip, const git_oid *stop)
{
	walk w = { 0 };
	git_oid id, parent, stop_tree;
	git_odb_object *child = NULL, *sections = NULL;
	bool has_parent = true, found = false;
	int error = 0;

	/* Commits first, one after the other (each names the next); then
	 * their sections trees, two at a time. All on this thread: libgit2
	 * guards pack reads with locks that helper threads only contend for
	 * (measured in doc/DECISIONS.md). */
	git_oid_cpy(&id, tip);
	while (has_parent) {
		if (stop && git_oid_equal(&id, stop)) {
			found = true;
			break;
		}
		git_odb_object *obj = NULL;
		if ((error = GROW(w.c, w.a, w.n + 1)) < 0)
			goto done;
		walk_commit *wc = &w.c[w.n];
		memset(wc, 0, sizeof(*wc));
		git_oid_cpy(&wc->oid, &id);
		if ((error = git_odb_read(&obj, ix->odb, &id)) < 0) {
			error = error_git(error, "cannot read a commit on main");
			goto done;
		}
		error = parse_commit(ix, wc, &wc->tree, &parent, &has_parent, obj);
		git_odb_object_free(obj);
		if (error < 0)
			goto done;
		w.n++;
		git_oid_cpy(&id, &parent);
	}
	if (stop && !found) {
		error = CHARTER_ENOTFOUND;
		goto done;
	}
	if (stop && w.n > 0) {
		/* The sections of `stop`, to compare the oldest new commit with. */
		git_odb_object *obj = NULL;
		bool hp;
		walk_commit scratch = { 0 };
		if ((error = git_odb_read(&obj, ix->odb, stop)) < 0) {
			error = error_git(error, "cannot read a commit on main");
			goto done;
		}
		error = parse_commit(ix, &scratch, &stop_tree, &parent, &hp, obj);
		git_odb_object_free(obj);
		if (error < 0)
			goto done;
	}
	/* What each commit changed: its sections against its parent's. */
	for (uint32_t i = 0; i < w.n; i++) {
		walk_commit *c = &w.c[i];
		if (i == 0 && (error = sections_read(&child, ix->odb, &c->tree)) < 0)
			goto done;
		git_oid_cpy(&c->sections, obj_id(child));
		if ((i + 1 < w.n || stop) &&
		    (error = sections_read(&sections, ix->odb, i + 1 < w.n ? &w.c[i + 1].tree : &stop_tree)) < 0)
			goto done;
		c->change0 = w.nch;
		if (!git_oid_equal(obj_id(sections), obj_id(child)) &&
		    (error = tree_changes(ix, &w, sections, child)) < 0)
			goto done;
		c->nchanges = w.nch - c->change0;
		git_odb_object_free(child);
		child = sections;
		sections = NULL;
	}
	error = append_walk(ix, &w, true);
done:
	git_odb_object_free(child);
	git_odb_object_free(sections);
	free(w.c);
	free(w.ch);
	return error;
}

/* ---- through git's commit-graph ---- */

/* Tree and first parent from a raw commit's headers. */
static bool commit_links(git_oid *tree, git_oid *parent, bool *has_parent, git_odb_object *obj)
{
	const char *d = git_odb_object_data(obj), *end = d + git_odb_object_size(obj);
	*has_parent = false;
	if (git_odb_object_type(obj) != GIT_OBJECT_COMMIT || end - d < 46 || memcmp(d, "tree ", 5) != 0 ||
	    git_oid_fromstrn(tree, d + 5, 40) < 0)
		return false;
	const char *p = d + 46;
	if (end - p >= 48 && memcmp(p, "parent ", 7) == 0) {
		if (git_oid_fromstrn(parent, p + 7, 40) < 0)
			return false;
		*has_parent = true;
	}
	return true;
}

#define WALK_FALLBACK 1

/* The first-parent line from the commit-graph: no commit is inflated and
 * no tree read. Messages are read for the adoptions shown
 * (cache_load_messages, which checks each against the line) and changes for
 * the sections asked about (cache_resolve, through the Bloom filters).
 * Commits newer than the graph are read here. WALK_FALLBACK when the graph
 * cannot be used. */
static int walk_graph(hist_cache *ix, const git_oid *tip, const git_oid *stop, cache_graph *graph)
{
	walk w = { 0 };
	git_oid id;
	bool found = false;
	int error = 0;

	git_oid_cpy(&id, tip);
	for (;;) {
		if (stop && git_oid_equal(&id, stop)) {
			found = true;
			break;
		}
		if ((error = GROW(w.c, w.a, w.n + 1)) < 0)
			goto done;
		walk_commit *c = &w.c[w.n];
		memset(c, 0, sizeof(*c));
		git_oid_cpy(&c->oid, &id);
		uint32_t pos, parent;
		git_oid got, tree;
		if (cache_graph_find(&pos, graph, &id) == 0) {
			if (cache_graph_commit(&got, &tree, &parent, graph, pos) < 0 || !git_oid_equal(&got, &id)) {
				error = WALK_FALLBACK;
				goto done;
			}
			c->kind = parent == IDX_NONE ? IDX_FOUNDING : IDX_AMENDMENT;
			w.n++;
			if (parent == IDX_NONE)
				break;
			uint32_t pp;
			if (cache_graph_commit(&id, &tree, &pp, graph, parent) < 0) {
				error = WALK_FALLBACK;
				goto done;
			}
		} else {
			/* Newer than the graph: read it here, message and all. */
			git_odb_object *obj = NULL;
			git_oid p;
			bool hp;
			if (git_odb_read(&obj, ix->odb, &id) < 0) {
				error = WALK_FALLBACK;
				goto done;
			}
			error = parse_commit(ix, c, &tree, &p, &hp, obj);
			git_odb_object_free(obj);
			if (error < 0) {
				error = WALK_FALLBACK;
				goto done;
			}
			w.n++;
			if (!hp)
				break;
			git_oid_cpy(&id, &p);
		}
	}
	if (stop && !found)
		error = CHARTER_ENOTFOUND;
	if (!cache_graph_verified(graph))
		error = WALK_FALLBACK;
	if (error == 0)
		error = append_walk(ix, &w, false);
done:
	free(w.c);
	free(w.ch);
	return error;
}

/* ---- changes, resolved when asked for ---- */

/* The sections tree of commit `id` (NULL when it has none); its root tree
 * from the graph when the graph has the commit. */
static int sections_of(git_odb_object **out, git_odb *odb, const cache_graph *graph, const git_oid *id)
{
	git_oid tree, parent, got;
	uint32_t pos, pp;
	bool hp;
	*out = NULL;
	if (!graph || cache_graph_find(&pos, graph, id) < 0 || cache_graph_commit(&got, &tree, &pp, graph, pos) < 0) {
		git_odb_object *obj = NULL;
		int error = git_odb_read(&obj, odb, id);
		if (error < 0)
			return error_git(error, "cannot read a commit on main");
		bool ok = commit_links(&tree, &parent, &hp, obj);
		git_odb_object_free(obj);
		if (!ok)
			return error_set(CHARTER_ERROR, "a commit on main is unreadable");
	}
	return sections_read(out, odb, &tree);
}

/* May adoption k have changed a section of `want` (or any, with NULL)? */
static bool may_change(const hist_cache *ix, const cache_graph *graph, uint32_t k, const uint8_t *want,
	const cache_bloom_key *keys, const cache_bloom_key *dir, uint32_t n0)
{
	uint32_t pos;
	if (!want || !graph || cache_graph_find(&pos, graph, &ix->ad[k].oid) < 0)
		return true;
	int d = cache_graph_bloom(graph, pos, dir);
	if (d == 0)
		return false; /* nothing under sections/ changed */
	if (d < 0)
		return true;
	for (uint32_t s = 0; s < n0; s++)
		if (want[s] && !ix->resolved[s] && cache_graph_bloom(graph, pos, &keys[s]) != 0)
			return true;
	return false;
}

int cache_resolve(hist_cache *ix, const uint8_t *want)
{
	uint32_t n0 = ix->nslugs, *need = NULL, *reads = NULL, nneed = 0, nreads = 0;
	cache_bloom_key *keys = NULL, dir;
	cache_graph *graph = NULL;
	git_odb_object **sec = NULL;
	walk w = { 0 };
	int error = 0;
	bool any = false, all = true;

	for (uint32_t k = 0; k < ix->n; k++)
		any = any || !ix->ad[k].known;
	for (uint32_t s = 0; want && s < n0; s++)
		all = all && (!want[s] || ix->resolved[s]);
	if (!any || (want && all))
		goto mark;
	if (want) {
		graph = cache_graph_get(ix);
		if (graph && !cache_graph_verified(graph))
			graph = NULL;
		if (!(keys = calloc(n0 + 1, sizeof(*keys)))) {
			error = error_set(CHARTER_ERROR, "out of memory");
			goto done;
		}
		for (uint32_t s = 0; s < n0; s++) {
			buf path = BUF_INIT;
			buf_printf(&path, "sections/%s.md", ix->slugs[s]);
			if ((error = buf_check(&path)) < 0)
				goto done;
			cache_bloom_key_init(&keys[s], path.ptr);
			buf_free(&path);
		}
		cache_bloom_key_init(&dir, "sections");
	}
	need = malloc((ix->n + 1) * sizeof(*need));
	reads = malloc((2 * (size_t)ix->n + 1) * sizeof(*reads));
	if (!need || !reads) {
		error = error_set(CHARTER_ERROR, "out of memory");
		goto done;
	}
	/* Which adoptions, and the sections trees to compare: theirs and their
	 * first parents'. */
	for (uint32_t k = 0; k < ix->n; k++) {
		if (ix->ad[k].known || !may_change(ix, graph, k, want, keys, &dir, n0))
			continue;
		need[nneed++] = k;
		if (k > 0 && (nreads == 0 || reads[nreads - 1] != k - 1))
			reads[nreads++] = k - 1;
		reads[nreads++] = k;
	}
	if (nneed == 0)
		goto mark;
	if (!(sec = calloc(nreads + 1, sizeof(*sec)))) {
		error = error_set(CHARTER_ERROR, "out of memory");
		goto done;
	}
	/* One thread: see walk_serial. */
	for (uint32_t i = 0; i < nreads; i++)
		if ((error = sections_of(&sec[i], ix->odb, graph, &ix->ad[reads[i]].oid)) < 0)
			goto done;
	for (uint32_t i = 0, at = 0; i < nneed; i++) {
		uint32_t k = need[i];
		while (reads[at] != k)
			at++;
		git_odb_object *older = k > 0 ? sec[at - 1] : NULL, *newer = sec[at];
		w.nch = 0;
		if (!git_oid_equal(obj_id(older), obj_id(newer)) && (error = tree_changes(ix, &w, older, newer)) < 0)
			goto done;
		cache_change *changes = w.nch ? cache_alloc(ix, w.nch * sizeof(cache_change)) : NULL;
		if (w.nch && !changes) {
			error = CHARTER_ERROR;
			goto done;
		}
		if (changes)
			memcpy(changes, w.ch, w.nch * sizeof(cache_change));
		ix->ad[k].changes = changes;
		ix->ad[k].nchanges = w.nch;
		ix->ad[k].known = true;
	}
	ix->dirty = true;
mark:
	for (uint32_t s = 0; s < ix->nslugs; s++)
		if (!want || (s < n0 && want[s]))
			ix->resolved[s] = 1;
done:
	for (uint32_t i = 0; sec && i < nreads; i++)
		git_odb_object_free(sec[i]);
	free(sec);
	free(need);
	free(reads);
	free(keys);
	free(w.ch);
	return error;
}

int cache_walk(hist_cache *ix, const git_oid *tip, const git_oid *stop)
{
	cache_graph *graph = cache_graph_get(ix);
	uint32_t n = ix->n;
	if (graph) {
		int error = walk_graph(ix, tip, stop, graph);
		if (error != WALK_FALLBACK)
			return error;
		/* Forget anything half-appended and walk the commits themselves. */
		error_clear();
		ix->n = n;
	}
	return walk_serial(ix, tip, stop);
}

/* ---- messages left for later by walk_graph ---- */

int cache_load_messages(hist_cache *ix, const uint32_t *ks, size_t n)
{
	uint32_t *todo = malloc(((ks ? n : ix->n) + 1) * sizeof(*todo));
	size_t count = 0;
	int error = 0;
	if (!todo)
		return error_set(CHARTER_ERROR, "out of memory");
	for (size_t i = 0; i < (ks ? n : ix->n); i++) {
		uint32_t k = ks ? ks[i] : (uint32_t)i;
		if (k < ix->n && !ix->ad[k].loaded) {
			ix->ad[k].loaded = true; /* once, even when asked twice */
			todo[count++] = k;
		}
	}
	/* One thread: see walk_serial. */
	for (size_t i = 0; i < count && error == 0; i++) {
		uint32_t k = todo[i];
		cache_adoption *a = &ix->ad[k];
		walk_commit c = { 0 };
		git_oid tree, parent;
		bool hp;
		git_odb_object *obj = NULL;
		if ((error = git_odb_read(&obj, ix->odb, &a->oid)) < 0) {
			error = error_git(error, "cannot read a commit on main");
			break;
		}
		error = parse_commit(ix, &c, &tree, &parent, &hp, obj);
		git_odb_object_free(obj);
		if (error < 0)
			break;
		if (hp != (k > 0) || (hp && !git_oid_equal(&parent, &ix->ad[k - 1].oid))) {
			char hex[GIT_OID_HEXSZ + 1];
			git_oid_tostr(hex, sizeof(hex), &a->oid);
			error = error_set(CHARTER_ERROR,
				"commit %.12s is not where git's commit-graph puts it on main: rewrite the graph "
				"(git commit-graph write --reachable) or delete it, and delete %scharter/index-v1",
				hex, ix->gitdir);
			break;
		}
		a->time = c.time;
		a->kind = c.kind;
		a->amendment = c.amendment;
		a->title = c.title;
		a->convention = c.convention;
		a->vote = c.vote;
		a->source = c.source;
	}
	if (count)
		ix->dirty = true;
	if (error < 0)
		for (size_t i = 0; i < count; i++)
			ix->ad[todo[i]].loaded = false;
	free(todo);
	return error;
}
