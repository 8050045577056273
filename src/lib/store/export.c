/* The whole document in every output format, through cmark's renderers. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "base/buf.h"
#include "base/json.h"
#include "store/document.h"
#include "base/html.h"
#include "lines/lines.h"
#include "office/office.h"

int charter_format_parse(charter_format *out, const char *name)
{
	static const struct {
		const char *name;
		charter_format format;
	} formats[] = {
		{ "text", CHARTER_FORMAT_TEXT }, { "markdown", CHARTER_FORMAT_MARKDOWN },
		{ "html", CHARTER_FORMAT_HTML }, { "latex", CHARTER_FORMAT_LATEX },
		{ "man", CHARTER_FORMAT_MAN },   { "xml", CHARTER_FORMAT_XML },
		{ "json", CHARTER_FORMAT_JSON }, { "docx", CHARTER_FORMAT_DOCX },
		{ "odt", CHARTER_FORMAT_ODT },
	};
	for (size_t i = 0; i < ARRAY_SIZE(formats); i++)
		if (strcmp(name, formats[i].name) == 0) {
			*out = formats[i].format;
			return 0;
		}
	return error_set(CHARTER_EINVALID,
		"unknown format '%.40s': use markdown, html, latex, man, xml, json, docx or odt", name);
}

/* Move every block of `from` to the end of `to`, demoting headings one level
 * so that section titles sit under the document title. */
static void append_demoted(cmark_node *to, cmark_node *from)
{
	cmark_node *child;
	while ((child = cmark_node_first_child(from)) != NULL) {
		cmark_iter *it = cmark_iter_new(child);
		cmark_event_type ev;
		while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
			cmark_node *n = cmark_iter_get_node(it);
			if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == CMARK_NODE_HEADING) {
				int level = cmark_node_get_heading_level(n);
				cmark_node_set_heading_level(n, level < 6 ? level + 1 : 6);
			}
		}
		cmark_iter_free(it);
		cmark_node_unlink(child);
		cmark_node_append_child(to, child);
	}
}

static cmark_node *custom_block(const char *on_enter, const char *on_exit)
{
	cmark_node *n = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
	cmark_node_set_on_enter(n, on_enter);
	cmark_node_set_on_exit(n, on_exit);
	return n;
}

/* One cmark tree for the whole document. For HTML each section is wrapped
 * in <section id="slug"> so that links can point at it. */
static cmark_node *build_tree(const charter_document *doc, bool html)
{
	buf head = BUF_INIT;
	buf_printf(&head, "# %s\n\n%s\n", doc->title, doc->preamble);
	cmark_node *root = cmark_parse_document(buf_cstr(&head), head.size, CMARK_OPT_DEFAULT);
	buf_free(&head);
	for (size_t i = 0; i < doc->count; i++) {
		const doc_section *s = &doc->sections[i];
		cmark_node *sec = cmark_parse_document(s->markdown, strlen(s->markdown), CMARK_OPT_DEFAULT);
		cmark_node *into = root;
		if (html) {
			buf open = BUF_INIT;
			buf_printf(&open, "<section id=\"%s\">", s->slug);
			into = custom_block(buf_cstr(&open), "</section>");
			cmark_node_append_child(root, into);
			buf_free(&open);
		}
		append_demoted(into, sec);
		cmark_node_free(sec);
	}
	return root;
}

/* The number of lines of `node` in `export --line-numbers`: the pinned
 * rule of doc/LINE-NUMBERS.md (lines/lines.h) over its blocks. */
static unsigned count_lines(cmark_node *node, lines_memo *memo)
{
	char *md = cmark_render_commonmark(node, CMARK_OPT_DEFAULT, 0);
	size_t n = 0;
	if (!md || lines_count_memo(&n, memo, md) < 0)
		error_clear(); /* out of memory: the numbers of the page are off, the page is there */
	free(md);
	return (unsigned)n;
}

/* count_lines() of a top-level block whose source is src[lo..hi): the
 * lines from its first to the next block's, which hold all of it. The
 * same lines parse to the same block, so its count is remembered by them
 * (rendering a block as CommonMark to count it was most of a page of the
 * text as of a convention) unless they hold a "[": a link reference
 * means what the document's definitions say. */
static unsigned count_block(cmark_node *node, lines_memo *memo, const char *src, size_t lo, size_t hi)
{
	size_t n;
	bool keyed = memo && src && hi > lo && !memchr(src + lo, '[', hi - lo);
	if (keyed && lines_memo_source_get(&n, memo, src + lo, hi - lo))
		return (unsigned)n;
	unsigned counted = count_lines(node, memo);
	if (keyed)
		lines_memo_source_put(memo, src + lo, hi - lo, counted);
	return counted;
}

/* Where line `line` (from 1) of src starts, scanning on from *at, the start
 * of line *at_line (lines are asked for in order); the end of src past
 * its last line. */
static size_t line_start(const char *src, size_t len, int line, size_t *at, int *at_line)
{
	while (*at_line < line && *at < len) {
		const char *nl = memchr(src + *at, '\n', len - *at);
		*at = nl ? (size_t)(nl - src) + 1 : len;
		++*at_line;
	}
	return *at_line == line ? *at : len;
}

/* Every top-level block of `root` (after `skip` of them) as HTML in a
 * <div class="blk" id="ID.pN"> with a link holding its first line number.
 * `src`: the Markdown `root` was parsed from, or NULL. */
static void numbered_blocks(buf *out, cmark_node *root, int skip, const char *id, unsigned *line, size_t *para,
	void (*after_first)(buf *, size_t, void *), size_t section, void *payload, lines_memo *memo, const char *src)
{
	int k = 0, at_line = 1;
	size_t len = src ? strlen(src) : 0, at = 0;
	for (cmark_node *n = cmark_node_first_child(root); n; n = cmark_node_next(n), k++) {
		unsigned first = *line + 1;
		/* Its source: from its first line to the next block's (positions
		 * in order, else none). */
		cmark_node *next = cmark_node_next(n);
		int sl = cmark_node_get_start_line(n), nl = next ? cmark_node_get_start_line(next) : INT_MAX;
		if (src && sl >= at_line && nl > sl) {
			size_t lo = line_start(src, len, sl, &at, &at_line);
			size_t hi = next ? line_start(src, len, nl, &at, &at_line) : len;
			*line += count_block(n, memo, src, lo, hi);
		} else {
			src = NULL;
			*line += count_lines(n, memo);
		}
		if (k < skip)
			continue;
		char *html = cmark_render_html(n, CMARK_OPT_DEFAULT);
		++*para;
		buf_printf(out, "<div class=\"blk\" id=\"%s.p%zu\"><a class=\"ln\" href=\"#%s.p%zu\" "
			"aria-label=\"line %u\">%u</a>\n", id, *para, id, *para, first, first);
		buf_puts(out, html);
		buf_puts(out, "</div>\n");
		free(html);
		if (k == skip && after_first)
			after_first(out, section, payload);
	}
}

int export_html_numbered(buf *out, const charter_document *doc,
	void (*after_heading)(buf *out, size_t section, void *payload), void *payload, lines_memo *memo)
{
	/* Blocks of the whole document are separated by blank lines in the
	 * numbered export, so counting block by block gives its numbers. */
	buf head = BUF_INIT;
	unsigned line = 0;
	size_t para = 0;
	buf_printf(&head, "# %s\n\n%s\n", doc->title, doc->preamble);
	cmark_node *root = cmark_parse_document(buf_cstr(&head), head.size, CMARK_OPT_DEFAULT);
	buf_free(&head);
	if (!root)
		return error_set(CHARTER_ERROR, "out of memory");
	buf_puts(out, "<div class=\"numbered\">\n");
	numbered_blocks(out, root, 1, "_preamble", &line, &para, NULL, 0, NULL, memo, NULL);
	cmark_node_free(root);
	if (after_heading)
		after_heading(out, (size_t)-1, payload);
	for (size_t i = 0; i < doc->count; i++) {
		const doc_section *s = &doc->sections[i];
		cmark_node *sec = cmark_parse_document(s->markdown, strlen(s->markdown), CMARK_OPT_DEFAULT);
		cmark_node *wrap = cmark_node_new(CMARK_NODE_DOCUMENT);
		if (!sec || !wrap) {
			cmark_node_free(sec);
			cmark_node_free(wrap);
			return error_set(CHARTER_ERROR, "out of memory");
		}
		append_demoted(wrap, sec);
		cmark_node_free(sec);
		buf_printf(out, "<section id=\"%s\">\n", s->slug);
		para = 0;
		numbered_blocks(out, wrap, 0, s->slug, &line, &para, after_heading, i, payload, memo, s->markdown);
		buf_puts(out, "</section>\n");
		cmark_node_free(wrap);
	}
	buf_puts(out, "</div>\n");
	return buf_check(out);
}

static void export_json(buf *out, const charter_document *doc)
{
	buf_puts(out, "{\"title\":");
	json_string(out, doc->title);
	buf_puts(out, ",\"preamble\":");
	json_string(out, doc->preamble);
	buf_puts(out, ",\"commit\":");
	json_string(out, doc->commit);
	buf_puts(out, ",\"date\":");
	json_string(out, doc->date);
	buf_puts(out, ",\"sections\":[");
	for (size_t i = 0; i < doc->count; i++) {
		buf_puts(out, i ? ",{\"slug\":" : "{\"slug\":");
		json_string(out, doc->sections[i].slug);
		buf_puts(out, ",\"title\":");
		json_string(out, doc->sections[i].title);
		buf_puts(out, ",\"markdown\":");
		json_string(out, doc->sections[i].markdown);
		buf_putc(out, '}');
	}
	buf_puts(out, "]}\n");
}

int charter_export(char **out, size_t *out_len, const charter_document *doc, const charter_export_options *opts)
{
	charter_export_options defaults = CHARTER_EXPORT_OPTIONS_INIT;
	buf b = BUF_INIT;
	char *body = NULL;
	cmark_node *root = NULL;
	int error;

	*out = NULL;
	if (out_len)
		*out_len = 0;
	if (!opts)
		opts = &defaults;
	if ((error = options_version_check(opts->version, CHARTER_EXPORT_OPTIONS_VERSION, "charter_export")) < 0)
		return error;
	charter_format format = opts->format == CHARTER_FORMAT_TEXT ? CHARTER_FORMAT_MARKDOWN : opts->format;
	if (office_format(format)) {
		office_doc od;
		office_init(&od, doc->title);
		error = opts->line_numbers ? office_add_numbered(&od, doc) : office_add_document(&od, doc);
		if (!error)
			error = office_render(out, out_len, &od, format);
		office_free(&od);
		return error;
	}
	if (opts->line_numbers) {
		/* The pinned rule (doc/LINE-NUMBERS.md), the same in every format. */
		if ((error = lines_export(&b, doc, format)) < 0) {
			buf_free(&b);
			return error;
		}
		goto finish;
	}

	if (format == CHARTER_FORMAT_JSON) {
		export_json(&b, doc);
		goto finish;
	}
	root = build_tree(doc, format == CHARTER_FORMAT_HTML);
	switch (format) {
	case CHARTER_FORMAT_MARKDOWN:
		body = cmark_render_commonmark(root, CMARK_OPT_DEFAULT, 0);
		buf_puts(&b, body);
		break;
	case CHARTER_FORMAT_HTML:
		body = cmark_render_html(root, CMARK_OPT_DEFAULT);
		html_page_begin(&b, doc->title, NULL);
		buf_puts(&b, "<article>\n");
		buf_puts(&b, body);
		buf_puts(&b, "</article>\n");
		if (*doc->commit) {
			buf_printf(&b, "<footer>As adopted on <time datetime=\"%s\">%s</time>; commit <code>%s</code>.</footer>\n",
				doc->date, doc->date, doc->commit);
		}
		html_page_end(&b);
		break;
	case CHARTER_FORMAT_LATEX:
		body = cmark_render_latex(root, CMARK_OPT_DEFAULT, 0);
		buf_puts(&b, "\\documentclass{article}\n\\usepackage[utf8]{inputenc}\n\\usepackage[T1]{fontenc}\n"
			"\\usepackage{hyperref}\n\\begin{document}\n");
		buf_puts(&b, body);
		buf_puts(&b, "\\end{document}\n");
		break;
	case CHARTER_FORMAT_MAN:
		body = cmark_render_man(root, CMARK_OPT_DEFAULT, 0);
		buf_puts(&b, ".TH \"");
		for (const char *p = doc->title; *p; p++)
			if (*p != '"' && *p != '\\')
				buf_putc(&b, *p);
		buf_printf(&b, "\" 7 \"%s\" \"charter\"\n", doc->date);
		buf_puts(&b, body);
		break;
	case CHARTER_FORMAT_XML:
		body = cmark_render_xml(root, CMARK_OPT_DEFAULT);
		buf_puts(&b, body);
		break;
	default:
		break;
	}
finish:
	free(body);
	if (root)
		cmark_node_free(root);
	return buf_hand_over(&b, out, out_len);
}
