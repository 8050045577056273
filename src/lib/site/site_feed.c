/* feed.xml (Atom: one entry per adoption, newest first) and sitemap.xml;
 * absolute links only when a base URL is given. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/html.h"
#include "site/site_int.h"

/* The base URL with one trailing slash, escaped; "" when none. */
static void base(buf *b, const site *s)
{
	const char *u = s->opts->base_url;
	if (!u || !*u)
		return;
	html_escape_str(b, u);
	if (u[strlen(u) - 1] != '/')
		buf_putc(b, '/');
}

static int path_cmp(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

int site_feed(site *s)
{
	buf b = BUF_INIT;
	const charter_adoption *newest = site_adoption(s, s->nadopt - 1), *root = site_adoption(s, 0);
	buf_puts(&b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<title>");
	html_escape_str(&b, s->title);
	buf_printf(&b, ": adoptions</title>\n<id>urn:charter:%s</id>\n<updated>%sT12:00:00Z</updated>\n", root->commit,
		newest->date);
	buf_puts(&b, "<author><name>");
	html_escape_str(&b, s->title);
	buf_puts(&b, "</name></author>\n<link rel=\"alternate\" type=\"text/html\" href=\"");
	base(&b, s);
	buf_puts(&b, "index.html\"/>\n<link rel=\"self\" href=\"");
	base(&b, s);
	buf_puts(&b, "feed.xml\"/>\n<generator>charter</generator>\n");
	for (size_t i = s->nadopt; i-- > 0;) {
		const charter_adoption *a = site_adoption(s, i);
		buf h = BUF_INIT;
		site_adoption_href(&h, s, a);
		buf_puts(&b, "<entry>\n<title>");
		if (a->amendment) {
			buf_puts(&b, "Amendment ");
			html_escape_str(&b, a->amendment);
			buf_puts(&b, ": ");
		}
		html_escape_str(&b, a->title);
		buf_printf(&b, "</title>\n<id>urn:charter:adoption:%s</id>\n<updated>%sT12:00:00Z</updated>\n", a->commit,
			a->date);
		buf_puts(&b, "<link rel=\"alternate\" type=\"text/html\" href=\"");
		base(&b, s);
		buf_puts(&b, buf_cstr(&h));
		buf_puts(&b, "\"/>\n<summary>");
		buf_puts(&b, a->kind == CHARTER_ADOPTION_FOUNDING ? "The founding text, adopted" : "Adopted");
		if (a->convention) {
			buf_puts(&b, " by ");
			html_escape_str(&b, a->convention);
		}
		buf_printf(&b, " on %s", a->date);
		if (a->vote) {
			buf_puts(&b, ", vote ");
			html_escape_str(&b, a->vote);
		}
		buf_puts(&b, a->section_count ? "; sections " : "");
		for (size_t j = 0; j < a->section_count; j++) {
			buf_puts(&b, j ? ", " : "");
			html_escape_str(&b, a->sections[j]);
		}
		buf_puts(&b, ".</summary>\n</entry>\n");
		buf_free(&h);
	}
	buf_puts(&b, "</feed>\n");
	int error = site_emit(s, "feed.xml", NULL, &b);
	if (error < 0)
		return error;

	/* Every page so far, in path order. */
	size_t n = s->out.ncur;
	char **paths = calloc(n + 1, sizeof(*paths));
	if (!paths)
		return error_set(CHARTER_ERROR, "out of memory");
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(s->out.cur[i].path);
		if (l > 5 && strcmp(s->out.cur[i].path + l - 5, ".html") == 0)
			paths[k++] = s->out.cur[i].path;
	}
	qsort(paths, k, sizeof(*paths), path_cmp);
	buf_puts(&b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
		"<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
	for (size_t i = 0; i < k; i++) {
		buf_puts(&b, "<url><loc>");
		base(&b, s);
		html_escape_str(&b, paths[i]);
		buf_puts(&b, "</loc></url>\n");
	}
	buf_puts(&b, "</urlset>\n");
	free(paths);
	return site_emit(s, "sitemap.xml", NULL, &b);
}
