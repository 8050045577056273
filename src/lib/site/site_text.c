/* The pages of the text: the home page, the text as each convention left
 * it, and per section its text with its timeline, and who adopted what. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "base/html.h"
#include "base/pool.h"
#include "history/history_int.h"
#include "site/site_int.h"
#include "store/document.h"
#include "store/store.h"

typedef struct {
	site *s;
	const charter_document *doc;
	bool home;
} text_ctx;

static void toc(buf *b, const charter_document *doc, bool home)
{
	buf_puts(b, "<nav class=\"toc\" aria-labelledby=\"toc\"><h2 id=\"toc\">Contents</h2>\n<ol>\n");
	for (size_t i = 0; i < charter_document_section_count(doc); i++) {
		const char *slug = charter_document_section_slug(doc, i);
		buf_printf(b, "<li><a href=\"#%s\">", slug);
		html_escape_str(b, charter_document_section_title(doc, i));
		buf_puts(b, "</a>");
		if (home)
			buf_printf(b, " <span class=\"noprint\">(<a href=\"sections/%s.html#timeline\">history</a>, "
				"<a href=\"blame/%s.html\">who adopted what</a>)</span>", slug, slug);
		buf_puts(b, "</li>\n");
	}
	buf_puts(b, "</ol></nav>\n");
}

static void after_heading(buf *b, size_t i, void *payload)
{
	text_ctx *t = payload;
	if (i == (size_t)-1) {
		toc(b, t->doc, t->home);
		return;
	}
	if (!t->home)
		return;
	const char *slug = charter_document_section_slug(t->doc, i);
	buf_printf(b, "<p class=\"meta noprint\"><a href=\"sections/%s.html#timeline\">How this section changed</a> · "
		"<a href=\"blame/%s.html\">Who adopted each passage</a></p>\n", slug, slug);
}

void site_conventions_list(buf *b, const site *s, const char *root)
{
	buf_puts(b, "<ol class=\"conventions\">\n");
	for (size_t c = 0; c < s->nconv; c++) {
		const site_convention *v = &s->conv[c];
		buf_printf(b, "<li><a href=\"%sconventions/%s.html\">", root, v->slug);
		html_escape_str(b, v->name ? v->name : "(no convention named)");
		buf_printf(b, "</a>, <time datetime=\"%s\">%s</time>: %zu adoption%s; "
			"<a href=\"%stext/%s.html\">the text as it left it</a></li>\n", v->last->date, v->last->date, v->count,
			v->count == 1 ? "" : "s", root, v->slug);
	}
	buf_puts(b, "</ol>\n");
}

void site_verify_status(buf *b, const site *s, const char *root)
{
	if (s->verify_rc == 0)
		buf_printf(b, "<p><strong class=\"state\">Verified.</strong> Every one of the %zu adoptions on the record "
			"and every convention tag is signed by a key the record allowed at the time. ",
			charter_verify_report_chain_length(s->verify));
	else
		buf_printf(b, "<p><strong class=\"state\">Not verified.</strong> %zu of the %zu records do not pass the "
			"trust rule. ", charter_verify_report_failed(s->verify), charter_verify_report_chain_length(s->verify));
	buf_printf(b, "<a href=\"%sverify.html\">Who signed what</a>.</p>\n", root);
}

/* The home page: today's text with its contents and the conventions. */
int site_home(site *s)
{
	buf b = BUF_INIT;
	const charter_adoption *last = site_adoption(s, s->nadopt - 1);
	text_ctx t = { s, s->doc, true };
	site_page_open(&b, s, "index.html", s->title);
	buf_puts(&b, "<h1>");
	html_escape_str(&b, charter_document_title(s->doc));
	buf_printf(&b, "</h1>\n<p class=\"meta\">The text as adopted, last changed on <time datetime=\"%s\">%s</time>. "
		"The numbers in the margin are the line numbers of <code>charter export --line-numbers</code>.</p>\n",
		last->date, last->date);
	int error = export_html_numbered(&b, s->doc, after_heading, &t, &s->line_counts);
	if (error == 0) {
		buf_puts(&b, "<h2 id=\"conventions\">Conventions</h2>\n");
		site_conventions_list(&b, s, "");
		buf_puts(&b, "<h2 id=\"verification\">Verification</h2>\n");
		site_verify_status(&b, s, "");
		site_page_close(&b);
		return site_emit(s, "index.html", NULL, &b);
	}
	buf_free(&b);
	return error;
}

/* The text as convention `c` left it: text/<slug>.html. */
int site_text_as_of(site *s, charter_store *store, size_t ci)
{
	const site_convention *c = &s->conv[ci];
	char path[120], key[33];
	snprintf(path, sizeof(path), "text/%s.html", c->slug);
	site_key(key, s, c->last->commit, strlen(c->last->commit));
	if (site_out_fresh(&s->out, path, key))
		return 0;
	const charter_document *doc = NULL;
	int error = site_convention_doc(&doc, s, store, ci);
	if (error < 0)
		return error;
	buf b = BUF_INIT, title = BUF_INIT;
	text_ctx t = { s, doc, false };
	buf_printf(&title, "%s, as %s left it", charter_document_title(doc),
		c->name ? c->name : "the founding");
	site_page_open(&b, s, path, buf_cstr(&title));
	buf_puts(&b, "<h1>");
	html_escape_str(&b, buf_cstr(&title));
	buf_printf(&b, "</h1>\n<p class=\"meta\">The text in force after the adoption of <time datetime=\"%s\">%s</time> "
		"(commit <code>%.12s</code>); <a href=\"../conventions/%s.html\">what this convention did</a>.</p>\n",
		c->last->date, c->last->date, c->last->commit, c->slug);
	error = export_html_numbered(&b, doc, after_heading, &t, &s->line_counts);
	site_page_close(&b);
	buf_free(&title);
	if (error < 0) {
		buf_free(&b);
		return error;
	}
	return site_emit(s, path, key, &b);
}

static void href_up(buf *b, const charter_adoption *a, void *payload)
{
	buf h = BUF_INIT;
	site_adoption_href(&h, payload, a);
	if (h.size)
		buf_printf(b, "../%s", buf_cstr(&h));
	buf_free(&h);
}

/* The section's text: cmark's HTML, its headings below the page's. */
static void section_text(buf *b, const char *body)
{
	char *html = cmark_markdown_to_html(body, strlen(body), CMARK_OPT_DEFAULT);
	if (!html) {
		b->oom = true;
		return;
	}
	html_shift_headings(b, html, 1);
	free(html);
}

static int timeline(buf *b, site *s, const charter_history *h)
{
	size_t n = charter_history_count(h);
	int error = 0;
	buf_printf(b, "<h2 id=\"timeline\">Timeline: %zu adoption%s changed it</h2>\n", n, n == 1 ? "" : "s");
	/* Conventions in the timeline (newest first), as an index. */
	buf_puts(b, "<p class=\"meta\">Newest first, by convention:</p>\n<ul class=\"noprint\">\n");
	const site_convention *prev = NULL;
	for (size_t i = 0; i < n; i++) {
		const site_convention *c = site_convention_of(s, charter_history_adoption(h, i));
		if (c == prev)
			continue;
		size_t k = 0;
		for (size_t j = i; j < n && site_convention_of(s, charter_history_adoption(h, j)) == c; j++)
			k++;
		buf_printf(b, "<li><a href=\"#c-%s-%zu\">", c ? c->slug : "none", i);
		html_escape_str(b, c && c->name ? c->name : "The founding text");
		buf_printf(b, "</a> (%zu)</li>\n", k);
		prev = c;
	}
	buf_puts(b, "</ul>\n");
	html_redline_legend(b);
	prev = NULL;
	for (size_t i = 0; i < n && error == 0; i++) {
		const site_convention *c = site_convention_of(s, charter_history_adoption(h, i));
		if (i == 0 || c != prev) {
			if (i)
				buf_puts(b, "</section>\n");
			buf_printf(b, "<section class=\"convention\"><h3 id=\"c-%s-%zu\">", c ? c->slug : "none", i);
			html_escape_str(b, c && c->name ? c->name : "The founding text");
			buf_puts(b, "</h3>\n");
			prev = c;
		}
		error = history_html_entry(b, h, i, 4, href_up, s);
	}
	if (n)
		buf_puts(b, "</section>\n");
	return error;
}

/* The paths and keys of section i's two pages. What they are made of: the
 * section's text and the adoptions that changed its file (a paragraph
 * moving in or out changes it too), from the log, so that an unchanged
 * section costs no history. */
static int section_keys(site *s, size_t i, char path[120], char key[33], char bpath[120], char bkey[33])
{
	const char *slug = charter_document_section_slug(s->doc, i);
	buf k = BUF_INIT;
	snprintf(path, 120, "sections/%s.html", slug);
	snprintf(bpath, 120, "blame/%s.html", slug);
	buf_printf(&k, "%s\n%s\n", slug, charter_document_section_markdown(s->doc, i));
	for (size_t j = 0; j < s->nadopt; j++) {
		const charter_adoption *a = site_adoption(s, j);
		for (size_t x = 0; x < a->section_count; x++)
			if (strcmp(a->sections[x], slug) == 0)
				buf_printf(&k, "%s\n", a->commit);
	}
	int error = buf_check(&k);
	if (error == 0) {
		site_key(key, s, k.ptr, k.size);
		buf_puts(&k, "blame");
		site_key(bkey, s, k.ptr, k.size);
	}
	buf_free(&k);
	return error;
}

static int section_pages(site *s, charter_store *store, size_t i)
{
	const char *slug = charter_document_section_slug(s->doc, i);
	const char *title = charter_document_section_title(s->doc, i);
	char path[120], bpath[120], key[33], bkey[33];
	charter_history *h = NULL;
	charter_blame *bl = NULL;
	buf b = BUF_INIT;
	int error;
	if ((error = section_keys(s, i, path, key, bpath, bkey)) < 0)
		goto done;

	if (!site_out_fresh(&s->out, path, key)) {
		if ((error = charter_history_load(&h, store, slug, NULL)) < 0)
			goto done;
		site_page_open(&b, s, path, title);
		buf_puts(&b, "<h1>");
		html_escape_str(&b, title);
		buf_printf(&b, "</h1>\n<p class=\"meta\">Section %zu of %zu of <a href=\"../index.html#%s\">", i + 1,
			charter_document_section_count(s->doc), slug);
		html_escape_str(&b, charter_document_title(s->doc));
		buf_printf(&b, "</a>. <a href=\"../blame/%s.html\">Who adopted each passage</a>.</p>\n"
			"<h2 id=\"text\">The text as adopted</h2>\n", slug);
		section_text(&b, charter_document_section_body(s->doc, i));
		if ((error = timeline(&b, s, h)) < 0)
			goto done;
		site_page_close(&b);
		if ((error = site_emit(s, path, key, &b)) < 0)
			goto done;
	}
	if (!site_out_fresh(&s->out, bpath, bkey)) {
		if ((error = charter_blame_load(&bl, store, slug, NULL)) < 0)
			goto done;
		buf t = BUF_INIT;
		buf_printf(&t, "Who adopted each passage of “%s”", title);
		site_page_open(&b, s, bpath, buf_cstr(&t));
		buf_puts(&b, "<h1>");
		html_escape_str(&b, buf_cstr(&t));
		buf_free(&t);
		buf_printf(&b, "</h1>\n<p class=\"meta\"><a href=\"../sections/%s.html\">The section and its timeline</a>.</p>\n",
			slug);
		blame_html_body(&b, bl, href_up, s);
		site_page_close(&b);
		error = site_emit(s, bpath, bkey, &b);
	}
done:
	buf_free(&b);
	charter_blame_free(bl);
	charter_history_free(h);
	return error;
}

/* The history index made ready at once for the sections whose pages are
 * made again, when there are several: one replay of the adoptions for all
 * of them, not one per section page (each on its own copy of the index,
 * each writing it). On a helper thread, through a store of its own,
 * while the calling thread makes pages that need no history (the
 * amendment pages, long enough to keep the other core busy). */
typedef struct {
	site *s;
	const char **stale;
	size_t n;
	int error;
	char message[1024];
} prepare_job;

static void *prepare_run(void *arg)
{
	prepare_job *j = arg;
	charter_store *own = NULL;
	int error = charter_store_open(&own, charter_store_gitdir(j->s->store));
	if (error == 0) {
		/* The amendment pages read the same texts at about the same time. */
		own->memo = j->s->store->memo;
		error = history_prepare(own, j->stale, j->n);
		own->memo = NULL;
	}
	if (error < 0) {
		j->error = error;
		snprintf(j->message, sizeof(j->message), "%s", charter_error_last());
	}
	charter_store_free(own);
	return NULL;
}

static int stale_sections(prepare_job *j)
{
	site *s = j->s;
	size_t n = charter_document_section_count(s->doc);
	if (!(j->stale = malloc((n + 1) * sizeof(*j->stale))))
		return error_set(CHARTER_ERROR, "out of memory");
	for (size_t i = 0; i < n; i++) {
		char path[120], bpath[120], key[33], bkey[33];
		int error = section_keys(s, i, path, key, bpath, bkey);
		if (error < 0)
			return error;
		if (!site_out_unchanged(&s->out, path, key) || !site_out_unchanged(&s->out, bpath, bkey))
			j->stale[j->n++] = charter_document_section_slug(s->doc, i);
	}
	return 0;
}

int site_section_pages(site *s, site_step_fn *beside)
{
	prepare_job j = { s, NULL, 0, 0, "" };
	pool helper = POOL_INIT;
	int error = stale_sections(&j);
	if (error == 0 && j.n > 1 && pool_start(&helper, 1, prepare_run, &j) == 0)
		prepare_run(&j);
	if (error == 0)
		error = beside(s);
	blob_memo_done(s->store->memo);
	pool_join(&helper);
	if (error == 0 && j.error < 0)
		error = error_set(j.error, "%s", j.message);
	free(j.stale);
	if (error == 0)
		error = site_parallel(s, charter_document_section_count(s->doc), SITE_BIG_PAGE_THREADS, section_pages);
	return error;
}
