/* charter_site_write: load the record once (log, document, amendments,
 * conventions, verification), then write every page through site_out. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/html.h"
#include "base/pool.h"
#include "site/site_int.h"
#include "store/document.h"
#include "store/store.h"
#include "store/store_pool.h"

/* Bump when pages change shape, so that a newer charter rewrites them. */
#define SITE_FORMAT "site-5"

/* The blob memo: texts a few dozen amendments apart meet in it, and the
 * history index's replay, ahead of the amendment pages, waits while 64
 * texts it read are not yet taken by them. */
#define SITE_MEMO_TEXTS 256
#define SITE_MEMO_BYTES (16u << 20)
#define SITE_MEMO_AHEAD 64

const charter_adoption *site_adoption(const site *s, size_t i)
{
	return i < s->nadopt ? charter_log_get(s->log, s->nadopt - 1 - i) : NULL;
}

static int named_cmp(const void *k, const void *e)
{
	return strcmp(k, (*(site_convention *const *)e)->name);
}

const site_convention *site_convention_of(const site *s, const charter_adoption *a)
{
	if (!a->convention)
		return s->unnamed;
	site_convention *const *c = s->nnamed ? bsearch(a->convention, s->named, s->nnamed, sizeof(*s->named),
		named_cmp) : NULL;
	return c ? *c : NULL;
}

const site_convention *site_convention_at(const site *s, size_t i)
{
	return i < s->nadopt ? &s->conv[s->conv_of[i]] : NULL;
}

int site_convention_doc(const charter_document **out, site *s, charter_store *store, size_t c)
{
	site_convention *v = &s->conv[c];
	git_oid id;
	git_commit *commit = NULL;
	int error = 0;
	/* Pages on several threads may want one text: loaded once, under the lock. */
	pthread_mutex_lock(&s->mu);
	/* A commit of the log: on main already, nothing to resolve. */
	if (!v->doc) {
		if ((error = git_oid_fromstr(&id, v->last->commit)) < 0 ||
		    (error = git_commit_lookup(&commit, store_repo(store), &id)) < 0)
			error = error_git(error, "cannot read the commit");
		else
			error = document_from_commit(&v->doc, store_repo(store), commit);
		git_commit_free(commit);
	}
	*out = v->doc;
	pthread_mutex_unlock(&s->mu);
	return error;
}

void site_convention_doc_done(site *s, size_t c)
{
	site_convention *v = &s->conv[c];
	pthread_mutex_lock(&s->mu);
	if (v->users && --v->users == 0) {
		charter_document_free(v->doc);
		v->doc = NULL;
	}
	pthread_mutex_unlock(&s->mu);
}

typedef struct {
	site *s;
	site_page_fn *page;
} page_loop;

static int page_job(void *ctx, charter_store *store, unsigned slot, size_t i)
{
	page_loop *l = ctx;
	(void)slot;
	return l->page(l->s, store, i);
}

int site_parallel(site *s, size_t n, unsigned threads, site_page_fn *page)
{
	page_loop l = { s, page };
	return store_for(s->store, n, threads, page_job, &l);
}

void site_slug(char out[80], const char *name)
{
	size_t n = 0;
	bool dash = false;
	for (const unsigned char *p = (const unsigned char *)(name ? name : ""); *p && n < 70; p++) {
		unsigned char c = *p;
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')) {
			if (dash && n)
				out[n++] = '-';
			out[n++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
			dash = false;
		} else {
			dash = true;
		}
	}
	if (!n)
		n = (size_t)snprintf(out, 80, "convention");
	out[n] = '\0';
}

const char *site_root(const char *path)
{
	return strchr(path, '/') ? "../" : "";
}

void site_page_open(buf *b, const site *s, const char *path, const char *title)
{
	const char *r = site_root(path);
	buf nav = BUF_INIT, full = BUF_INIT;
	buf_printf(&nav, "<a class=\"skip\" href=\"#main\">Skip to the text</a>\n"
		"<nav class=\"site\" aria-label=\"Site\"><ul>\n<li><a href=\"%sindex.html\">", r);
	html_escape_str(&nav, s->title);
	buf_printf(&nav, "</a></li>\n<li><a href=\"%samendments/index.html\">Amendments</a></li>\n"
		"<li><a href=\"%sconventions/index.html\">Conventions</a></li>\n"
		"<li><a href=\"%sverify.html\">Verification</a></li>\n"
		"<li><a href=\"%sfeed.xml\">Feed of adoptions</a></li>\n</ul></nav>\n", r, r, r, r);
	if (strcmp(title, s->title) == 0)
		buf_puts(&full, title);
	else
		buf_printf(&full, "%s — %s", title, s->title);
	html_shell shell = { r, "Adoptions", NULL, buf_cstr(&nav) };
	html_page_open(b, buf_cstr(&full), &shell);
	if (nav.oom || full.oom)
		b->oom = true;
	buf_free(&nav);
	buf_free(&full);
}

void site_page_close(buf *b)
{
	buf_puts(b, "<footer><p>Written by charter from the signed record; links are relative, "
		"so this folder reads the same from any host.</p></footer>\n");
	html_page_end(b);
}

/* Links the texts make to their Markdown files (README.md's list of
 * sections, a section naming another) lead to the sections' pages; a link
 * to a section that is gone keeps its words and loses its href. */
static void fix_md_links(buf *out, const site *s, const char *page, const char *path)
{
	const char *p = page, *h;
	while ((h = strstr(p, "href=\"")) != NULL) {
		const char *v = h + 6, *end = strchr(v, '"');
		if (!end)
			break;
		size_t len = (size_t)(end - v);
		if (len > 3 && memcmp(end - 3, ".md", 3) == 0 && !memchr(v, ':', len)) {
			const char *base = v;
			for (const char *q = v; q < end - 3; q++)
				if (*q == '/')
					base = q + 1;
			char slug[80];
			snprintf(slug, sizeof(slug), "%.*s", (int)(end - 3 - base), base);
			buf_put(out, p, (size_t)(h - p));
			if (site_has_section(s, slug))
				buf_printf(out, "href=\"%ssections/%s.html\"", site_root(path), slug);
			else
				buf_puts(out, "data-gone=\"\"");
			p = end + 1;
		} else {
			buf_put(out, p, (size_t)(end + 1 - p));
			p = end + 1;
		}
	}
	buf_puts(out, p);
}

int site_emit(site *s, const char *path, const char *key, buf *b)
{
	int error = buf_check(b);
	size_t l = strlen(path);
	if (error == 0 && l > 5 && strcmp(path + l - 5, ".html") == 0 && strstr(b->ptr, ".md\"")) {
		buf fixed = BUF_INIT;
		fix_md_links(&fixed, s, b->ptr, path);
		buf_free(b);
		*b = fixed;
		error = buf_check(b);
	}
	if (error == 0)
		error = site_out_file(&s->out, path, key, b->ptr ? b->ptr : "", b->size);
	buf_free(b);
	return error;
}

void site_key(char out[33], const site *s, const char *data, size_t len)
{
	buf k = BUF_INIT;
	buf_puts(&k, s->base_key);
	buf_put(&k, data, len);
	site_hash(out, buf_cstr(&k), k.size);
	buf_free(&k);
}

bool site_has_section(const site *s, const char *slug)
{
	size_t i;
	if (charter_document_section_find(&i, s->doc, slug) == 0)
		return true;
	error_clear();
	return false;
}

static int str_cmp(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

bool site_has_amendment(const site *s, const char *id)
{
	return s->nids && bsearch(&id, s->ids, s->nids, sizeof(*s->ids), str_cmp) != NULL;
}

static int sort_ids(site *s)
{
	size_t n = charter_amendment_list_count(s->amendments);
	if (!(s->ids = calloc(n + 1, sizeof(*s->ids))))
		return error_set(CHARTER_ERROR, "out of memory");
	for (size_t i = 0; i < n; i++)
		s->ids[i] = charter_amendment_id(charter_amendment_list_get(s->amendments, i));
	s->nids = n;
	qsort(s->ids, n, sizeof(*s->ids), str_cmp);
	return 0;
}

void site_adoption_href(buf *b, const site *s, const charter_adoption *a)
{
	if (a->amendment && site_has_amendment(s, a->amendment)) {
		buf_printf(b, "amendments/%s.html", a->amendment);
		return;
	}
	const site_convention *c = site_convention_of(s, a);
	if (c)
		buf_printf(b, "conventions/%s.html", c->slug);
}

static int conv_cmp(const void *x, const void *y)
{
	const site_convention *a = *(site_convention *const *)x, *b = *(site_convention *const *)y;
	int c = strcmp(a->name, b->name);
	return c ? c : a < b ? -1 : a > b;
}

/* The index site_convention_of searches (grouping gives each name one
 * convention; the first of a name is kept all the same). */
static int index_conventions(site *s)
{
	if (!(s->named = calloc(s->nconv + 1, sizeof(*s->named))))
		return error_set(CHARTER_ERROR, "out of memory");
	s->nnamed = 0;
	s->unnamed = NULL;
	for (size_t c = 0; c < s->nconv; c++) {
		if (s->conv[c].name)
			s->named[s->nnamed++] = &s->conv[c];
		else if (!s->unnamed)
			s->unnamed = &s->conv[c];
	}
	qsort(s->named, s->nnamed, sizeof(*s->named), conv_cmp);
	size_t k = 0;
	for (size_t i = 0; i < s->nnamed; i++)
		if (!k || strcmp(s->named[k - 1]->name, s->named[i]->name) != 0)
			s->named[k++] = s->named[i];
	s->nnamed = k;
	return 0;
}

/* Conventions in the order of their first adoption; the founding text
 * is a convention of its own ("founding" when it has no name). */
static int group_conventions(site *s)
{
	s->conv = calloc(s->nadopt + 1, sizeof(*s->conv));
	s->conv_of = calloc(s->nadopt + 1, sizeof(*s->conv_of));
	if (!s->conv || !s->conv_of)
		return error_set(CHARTER_ERROR, "out of memory");
	for (size_t i = 0; i < s->nadopt; i++) {
		const charter_adoption *a = site_adoption(s, i);
		site_convention *c = NULL;
		/* Adoptions come in runs of one convention: try the last first. */
		if (i > 0) {
			site_convention *l = &s->conv[s->conv_of[i - 1]];
			if (!l->name == !a->convention && (!l->name || strcmp(l->name, a->convention) == 0))
				c = l;
		}
		for (size_t d = 0; !c && i > 0 && d < s->nconv; d++) {
			const char *n = s->conv[d].name;
			if ((!n && !a->convention) || (n && a->convention && strcmp(n, a->convention) == 0))
				c = &s->conv[d];
		}
		if (!c) {
			c = &s->conv[s->nconv++];
			c->name = a->convention;
			c->first = i;
			if (i == 0)
				snprintf(c->slug, sizeof(c->slug), "founding");
			else
				site_slug(c->slug, a->convention);
			/* Two names with one slug: keep both pages apart. */
			for (size_t d = 0; d + 1 < s->nconv; d++)
				if (strcmp(s->conv[d].slug, c->slug) == 0) {
					size_t l = strlen(c->slug);
					snprintf(c->slug + (l > 50 ? 50 : l), 29, "-%zu", s->nconv);
				}
		}
		c->count++;
		c->last = a;
		s->conv_of[i] = (size_t)(c - s->conv);
	}
	for (size_t c = 0; c < s->nconv; c++)
		s->conv[c].users = c + 1 < s->nconv ? 2 : 1;
	return index_conventions(s);
}

/* The helper threads' reads: the log, through s->aux (the log keeps that
 * store's repository: it lives as long as the site), and the
 * verification, each on a thread of its own. */
typedef struct {
	site *s;
	int error;
	char message[1024], verify_message[1024];
} aux_job;

static void *log_read(void *arg)
{
	aux_job *j = arg;
	site *s = j->s;
	int error = charter_store_open(&s->aux, charter_store_gitdir(s->store));
	if (error == 0 && (error = charter_log_load(&s->log, s->aux, NULL)) == CHARTER_ENOTFOUND)
		error = error_set(CHARTER_ENOTFOUND, "the store has no adoptions yet: nothing to publish");
	if (error < 0) {
		j->error = error;
		snprintf(j->message, sizeof(j->message), "%s", charter_error_last());
	}
	return NULL;
}

static void *verify_read(void *arg)
{
	aux_job *j = arg;
	site *s = j->s;
	/* Through a store of its own, freed at once: the report keeps
	 * nothing of it, and the commits it read leave memory. */
	charter_store *own = NULL;
	charter_verify_options vo = CHARTER_VERIFY_OPTIONS_INIT;
	vo.flags = CHARTER_VERIFY_LIST_ALL;
	if ((s->verify_rc = charter_store_open(&own, charter_store_gitdir(s->store))) == 0)
		s->verify_rc = charter_verify(&s->verify, own, &vo);
	if (s->verify_rc < 0)
		snprintf(j->verify_message, sizeof(j->verify_message), "%s", charter_error_last());
	charter_store_free(own);
	return NULL;
}

int charter_site_write(charter_site_stats *out, charter_store *store, const char *dir,
	const charter_site_options *opts)
{
	charter_site_options defaults = CHARTER_SITE_OPTIONS_INIT;
	site s;
	blob_memo *memo = NULL;
	int error;
	memset(&s, 0, sizeof(s));
	if (out)
		memset(out, 0, sizeof(*out));
	if (!opts)
		opts = &defaults;
	if (opts->version != CHARTER_SITE_OPTIONS_VERSION)
		return error_set(CHARTER_EINVALID, "charter_site_write: unknown options version");
	if (!dir || !*dir)
		return error_set(CHARTER_EINVALID, "site: which folder?");
	s.store = store;
	s.opts = opts;
	pthread_mutex_init(&s.mu, NULL);
	lines_memo_init(&s.line_counts);
	/* Everything is read before anything is written: the log and the
	 * verification on helper threads (each through a store of its own)
	 * while this one lists the amendments, which takes the other cores
	 * too. */
	aux_job aux = { &s, 0, "", "" };
	pool log_helper = POOL_INIT, verify_helper = POOL_INIT;
	if (pool_start(&log_helper, 1, log_read, &aux) == 0)
		log_read(&aux);
	if (pool_start(&verify_helper, 1, verify_read, &aux) == 0)
		verify_read(&aux);
	if ((error = charter_document_load(&s.doc, store, NULL)) == 0 &&
	    (error = charter_amendments_list(&s.amendments, store, 0)) == 0)
		error = sort_ids(&s);
	pool_join(&log_helper);
	pool_join(&verify_helper);
	/* The log's error first: a store without adoptions says so. */
	if (aux.error < 0) {
		error = error_set(aux.error, "%s", aux.message);
		goto done;
	}
	if (error < 0)
		goto done;
	if ((s.nadopt = charter_log_count(s.log)) == 0) {
		error = error_set(CHARTER_ENOTFOUND, "the store has no adoptions yet: nothing to publish");
		goto done;
	}
	if ((error = group_conventions(&s)) < 0)
		goto done;
	if (s.verify_rc < 0 && s.verify_rc != CHARTER_EVERIFY) {
		error = error_set(s.verify_rc, "%s", aux.verify_message);
		goto done;
	}
	error_clear();
	s.title = opts->title && *opts->title ? opts->title : charter_document_title(s.doc);
	/* Every page links to sections by slug: a change of the set of
	 * sections makes every page again. */
	buf k = BUF_INIT;
	for (size_t i = 0; i < charter_document_section_count(s.doc); i++)
		buf_printf(&k, "%s\n", charter_document_section_slug(s.doc, i));
	site_hash(s.sections_key, buf_cstr(&k), k.size);
	buf_clear(&k);
	buf_printf(&k, "%s %s\n%s\n%s\n%s\n", SITE_FORMAT, charter_version(), s.title,
		opts->base_url ? opts->base_url : "", s.sections_key);
	site_hash(s.base_key, buf_cstr(&k), k.size);
	error = buf_check(&k);
	buf_free(&k);
	if (error < 0)
		goto done;

	if ((error = site_out_open(&s.out, dir)) < 0)
		goto done;
	/* Amendment pages read each section version twice (one adoption's
	 * proposed text is the next one's base), and the history index's
	 * replay once more: read once, on any thread. */
	if (!(memo = blob_memo_new(SITE_MEMO_TEXTS, SITE_MEMO_BYTES, SITE_MEMO_AHEAD))) {
		error = error_set(CHARTER_ERROR, "out of memory");
		goto done;
	}
	store->memo = memo;
	buf css = BUF_INIT;
	buf_puts(&css, html_stylesheet());
	if ((error = site_emit(&s, "style.css", NULL, &css)) < 0 ||
	    (error = site_home(&s)) < 0 ||
	    (error = site_section_pages(&s, site_amendment_pages)) < 0 ||
	    (error = site_convention_pages(&s)) < 0 ||
	    (error = site_feed(&s)) < 0 ||
	    (error = site_out_finish(&s.out)) < 0)
		goto done;
	if (out)
		*out = s.out.stats;
done:
	store->memo = NULL;
	blob_memo_free(memo);
	site_out_free(&s.out);
	charter_verify_report_free(s.verify);
	charter_amendment_list_free(s.amendments);
	for (size_t c = 0; c < s.nconv; c++)
		charter_document_free(s.conv[c].doc);
	free(s.conv);
	free(s.conv_of);
	free(s.named);
	free(s.ids);
	charter_document_free(s.doc);
	charter_log_free(s.log);
	charter_store_free(s.aux);
	pthread_mutex_destroy(&s.mu);
	lines_memo_free(&s.line_counts);
	return error;
}
