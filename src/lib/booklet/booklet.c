/* charter_booklet: the line-numbered text and every pending amendment with its motion in Robert's Rules' words. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <charter/amend.h>
#include <charter/booklet.h>
#include <charter/redline.h>

#include "base/grow.h"
#include "base/html.h"
#include "base/json.h"
#include "base/latex.h"
#include "store/document.h"
#include "lines/lines.h"
#include "base/text.h"
#include "amend/amend.h"
#include "office/office.h"
#include "redline/redline_int.h"
#include "store/store.h"

/* Words (runs of non-space) in s[0..n). */
static size_t word_count(const char *s, size_t n)
{
	size_t w = 0;
	bool in = false;
	for (size_t i = 0; i < n; i++) {
		bool sp = s[i] == ' ' || s[i] == '\n' || s[i] == '\t';
		if (!sp && !in)
			w++;
		in = !sp;
	}
	return w;
}

/* s[0..n) without the spaces at either end, appended as a quoted phrase. */
static void quoted(buf *b, const char *s, size_t n)
{
	while (n && strchr(" \n\t", *s))
		s++, n--;
	while (n && strchr(" \n\t", s[n - 1]))
		n--;
	buf_putc(b, '"');
	for (size_t i = 0; i < n; i++)
		buf_putc(b, s[i] == '\n' ? ' ' : s[i]);
	buf_putc(b, '"');
}

/* The last (or first) word of s[0..n) into `out`. */
static void edge_word(buf *out, const char *s, size_t n, bool last)
{
	buf_clear(out);
	while (n && strchr(" \n\t", last ? s[n - 1] : *s)) {
		if (last)
			n--;
		else
			s++, n--;
	}
	size_t i = last ? n : 0;
	if (last) {
		while (i && !strchr(" \n\t", s[i - 1]))
			i--;
		buf_put(out, s + i, n - i);
	} else {
		while (i < n && !strchr(" \n\t", s[i]))
			i++;
		buf_put(out, s, i);
	}
}

typedef struct {
	size_t line;
	buf struck, inserted, before, after; /* `before`/`after`: the words around an insertion */
	buf gap;          /* the EQUAL text right after it in its block */
	bool new_block;
	size_t gap_words; /* words of the EQUAL text after it in its block (SIZE_MAX: none) */
	size_t block;
} change;

static void change_free(change *c)
{
	buf_free(&c->struck);
	buf_free(&c->inserted);
	buf_free(&c->before);
	buf_free(&c->after);
	buf_free(&c->gap);
}

/* The motion's words for the changes of one section, appended to `m`;
 * lines touched widen [*lo, *hi]. */
static int section_motion(buf *m, size_t *lo, size_t *hi, const charter_redline *rl, const char *slug,
	const lines_section *ls, bool numbered)
{
	change *ch = NULL;
	size_t nch = 0, cap = 0, count = charter_redline_count(rl), old_k = 0, prev_line = ls ? ls->first : 0;
	size_t cur_block = (size_t)-1, off = 0, title_block = (size_t)-1;
	bool block_old = false, any_equal_words = false, open = false;
	buf last_equal = BUF_INIT;
	int error = 0;
	for (size_t i = 0; i < count && error == 0; i++) {
		const charter_redline_op *op = charter_redline_get(rl, i);
		if (strcmp(op->section, slug) != 0)
			continue;
		if (op->block != cur_block) {
			if (title_block == (size_t)-1)
				title_block = op->block;
			open = false;
			cur_block = op->block;
			off = 0;
			buf_clear(&last_equal);
			/* Is this block in the old text? Any EQUAL or DELETE op in it. */
			block_old = false;
			for (size_t j = i; j < count; j++) {
				const charter_redline_op *o2 = charter_redline_get(rl, j);
				if (o2->block != cur_block || strcmp(o2->section, slug) != 0)
					break;
				block_old = block_old || o2->kind == CHARTER_REDLINE_EQUAL || o2->kind == CHARTER_REDLINE_DELETE;
			}
			if (block_old)
				old_k++;
		}
		const lines_block *lb = ls && block_old && old_k - 1 < ls->nblocks ? &ls->blocks[old_k - 1] : NULL;
		if (op->kind == CHARTER_REDLINE_EQUAL) {
			if (cur_block != title_block && word_count(op->text, op->text_len))
				any_equal_words = true;
			if (open && nch) {
				ch[nch - 1].gap_words = word_count(op->text, op->text_len);
				edge_word(&ch[nch - 1].after, op->text, op->text_len, false);
				buf_put(&ch[nch - 1].gap, op->text, op->text_len);
			}
			buf_clear(&last_equal);
			buf_put(&last_equal, op->text, op->text_len);
			off += op->text_len;
			open = false;
			if (lb && lb->nlines)
				prev_line = lb->first + lb->nlines - 1;
			continue;
		}
		if (!open) {
			if ((error = GROW(ch, cap, nch + 1)) < 0)
				break;
			change *c = &ch[nch++];
			memset(c, 0, sizeof(*c));
			c->gap_words = (size_t)-1;
			c->block = cur_block;
			c->new_block = !block_old;
			c->line = lb ? lines_at(lb, off) : prev_line;
			edge_word(&c->before, last_equal.ptr ? last_equal.ptr : "", last_equal.size, true);
			open = true;
		}
		change *c = &ch[nch - 1];
		if (op->kind == CHARTER_REDLINE_DELETE) {
			buf_put(&c->struck, op->text, op->text_len);
			off += op->text_len;
		} else {
			buf_put(&c->inserted, op->text, op->text_len);
		}
		if (lb && lb->nlines && !c->new_block)
			prev_line = lines_at(lb, off);
	}
	/* Merge changes only a few words apart in one block: one motion reads
	 * "strike out "paralyze the system" and insert "bring the system to a halt"". */
	size_t w = 0;
	for (size_t i = 0; i < nch; i++) {
		change *p = w > 0 ? &ch[w - 1] : NULL;
		if (p && p->block == ch[i].block && !p->new_block && !ch[i].new_block && p->gap_words <= 3) {
			buf_put(&p->struck, buf_cstr(&p->gap), p->gap.size);
			buf_put(&p->struck, buf_cstr(&ch[i].struck), ch[i].struck.size);
			buf_put(&p->inserted, buf_cstr(&p->gap), p->gap.size);
			buf_put(&p->inserted, buf_cstr(&ch[i].inserted), ch[i].inserted.size);
			buf_clear(&p->gap);
			buf_put(&p->gap, buf_cstr(&ch[i].gap), ch[i].gap.size);
			buf_clear(&p->after);
			buf_put(&p->after, buf_cstr(&ch[i].after), ch[i].after.size);
			p->gap_words = ch[i].gap_words;
			change_free(&ch[i]);
			continue;
		}
		if (w != i) {
			ch[w] = ch[i];
			memset(&ch[i], 0, sizeof(ch[i]));
		}
		w++;
	}
	nch = w;
	if (!any_equal_words && nch) {
		buf all = BUF_INIT;
		for (size_t i = 0; i < nch; i++) {
			if (all.size)
				buf_puts(&all, " ");
			buf_put(&all, ch[i].inserted.ptr ? ch[i].inserted.ptr : "", ch[i].inserted.size);
		}
		buf_puts(m, "substitute the following text: ");
		quoted(m, all.ptr ? all.ptr : "", all.size);
		buf_free(&all);
		if (ls && ls->last >= ls->first) {
			*lo = *lo && *lo < ls->first ? *lo : ls->first;
			*hi = *hi > ls->last ? *hi : ls->last;
		}
	}
	for (size_t i = 0; any_equal_words && i < nch; i++) {
		change *c = &ch[i];
		if (i)
			buf_puts(m, "; ");
		if (numbered)
			buf_printf(m, "line %zu, ", c->line);
		if (numbered) {
			if (!*lo || c->line < *lo)
				*lo = c->line;
			if (c->line > *hi)
				*hi = c->line;
		}
		bool s = c->struck.size > 0;
		bool n = c->inserted.size > 0;
		if (c->new_block) {
			buf_puts(m, "insert the new paragraph ");
			quoted(m, buf_cstr(&c->inserted), c->inserted.size);
		} else if (s && n) {
			buf_puts(m, "strike out ");
			quoted(m, buf_cstr(&c->struck), c->struck.size);
			buf_puts(m, " and insert ");
			quoted(m, buf_cstr(&c->inserted), c->inserted.size);
		} else if (s) {
			buf_puts(m, "strike out ");
			quoted(m, buf_cstr(&c->struck), c->struck.size);
		} else if (c->before.size) {
			buf_puts(m, "after ");
			quoted(m, buf_cstr(&c->before), c->before.size);
			buf_puts(m, " insert ");
			quoted(m, buf_cstr(&c->inserted), c->inserted.size);
		} else {
			buf_puts(m, "before ");
			quoted(m, buf_cstr(&c->after), c->after.size);
			buf_puts(m, " insert ");
			quoted(m, buf_cstr(&c->inserted), c->inserted.size);
		}
	}
	for (size_t i = 0; i < nch; i++)
		change_free(&ch[i]);
	free(ch);
	buf_free(&last_equal);
	return error;
}

/* One pending amendment as the booklet shows it. */
typedef struct {
	const charter_amendment *a;
	buf motion, redline;
	size_t lo, hi;
	charter_redline **rls; /* DOCX, ODT: the redlines themselves, a section each */
	size_t nrls, arls;
} entry;

/* The base's line numbers in the margin of the redline of section `slug`. */
static int margins(charter_redline *rl, const char *slug, const lines_section *ls)
{
	if (!ls || !ls->nblocks)
		return 0;
	size_t *first = malloc(2 * ls->nblocks * sizeof(size_t));
	if (!first)
		return error_set(CHARTER_ERROR, "out of memory");
	size_t *nlines = first + ls->nblocks;
	for (size_t k = 0; k < ls->nblocks; k++)
		first[k] = ls->blocks[k].first, nlines[k] = ls->blocks[k].nlines;
	int error = rl_set_margins(rl, slug, first, nlines, ls->nblocks);
	free(first);
	return error;
}

/* The motion and redline of amendment `a`: its change to today's text
 * (to its base text for a secondary, when it no longer applies, or when
 * the booklet numbers a frozen text). Lines are cited where the text
 * changed is the one the booklet numbers. */
static int entry_build(entry *e, const charter_amendment *a, const charter_document *doc, const lines_doc *ld,
	charter_format fmt, bool frozen)
{
	const char *amends = charter_amendment_amends(a);
	bool secondary = *amends != '\0';
	bool today = !secondary && !frozen && charter_amendment_applies(a) == 1;
	charter_text_side from = today ? CHARTER_TEXT_BEFORE : CHARTER_TEXT_BASE;
	charter_text_side to = today ? CHARTER_TEXT_AFTER : CHARTER_TEXT_PROPOSED;
	int error = 0;
	bool first = true;
	if (secondary)
		buf_printf(&e->motion, "In amendment %s", amends);
	for (size_t i = 0; i < charter_amendment_file_count(a) && error == 0; i++) {
		const char *path = charter_amendment_file_path(a, i);
		if (strncmp(path, "sections/", 9) != 0)
			continue;
		char slug[80];
		size_t plen = strlen(path);
		snprintf(slug, sizeof(slug), "%.*s", (int)(plen > 12 ? plen - 12 : 0), path + 9);
		const char *old = charter_amendment_file_text(a, i, from), *new = charter_amendment_file_text(a, i, to);
		charter_redline_section os = { slug, old, old ? strlen(old) : 0 }, ns = { slug, new, new ? strlen(new) : 0 };
		charter_redline_options ro = CHARTER_REDLINE_OPTIONS_INIT;
		charter_redline *rl = NULL;
		ro.move_threshold = 101;
		if ((error = charter_redline_init(&rl, &os, old ? 1 : 0, &ns, new ? 1 : 0, &ro)) < 0)
			break;
		const char *title = slug;
		size_t at;
		bool numbered = false;
		if (charter_document_section_find(&at, doc, slug) == 0) {
			title = charter_document_section_title(doc, at);
			numbered = !secondary && old && strcmp(old, doc->sections[at].markdown) == 0;
		}
		if (numbered && (error = margins(rl, slug, lines_find(ld, slug))) < 0) {
			charter_redline_free(rl);
			break;
		}
		if (!secondary)
			buf_printf(&e->motion, "%s %s, ", first ? "In" : "; in", title);
		else
			buf_puts(&e->motion, first ? ", " : "; ");
		first = false;
		error = section_motion(&e->motion, &e->lo, &e->hi, rl, slug, numbered ? lines_find(ld, slug) : NULL,
			numbered);
		char *r = NULL;
		size_t rlen = 0;
		if (office_format(fmt)) {
			if (error == 0 && (error = GROW(e->rls, e->arls, e->nrls + 1)) == 0) {
				e->rls[e->nrls++] = rl;
				continue;
			}
			charter_redline_free(rl);
			break;
		}
		if (error == 0 && (error = charter_redline_render(&r, &rlen, rl,
			fmt == CHARTER_FORMAT_HTML || fmt == CHARTER_FORMAT_LATEX ? fmt : CHARTER_FORMAT_MARKDOWN,
			CHARTER_REDLINE_CHANGED_ONLY)) == 0)
			buf_put(&e->redline, r, rlen);
		charter_free(r);
		charter_redline_free(rl);
	}
	if (first)
		buf_printf(&e->motion, "%s the document (its order of sections or its title), as the redline shows",
			secondary ? ", amend" : "Amend");
	buf_puts(&e->motion, ".");
	return error ? error : buf_check(&e->motion);
}

static void json_list(buf *b, const charter_amendment *a, size_t (*count)(const charter_amendment *),
	const char *(*get)(const charter_amendment *, size_t))
{
	buf_putc(b, '[');
	for (size_t i = 0; i < count(a); i++) {
		if (i)
			buf_putc(b, ',');
		json_string(b, get(a, i));
	}
	buf_putc(b, ']');
}

/* What the booklet says of an amendment besides its motion, in every
 * format: a label and its value each. */
typedef void (*fact_cb)(void *ctx, const char *label, const char *value);

/* The lines entry `id` of the booklet cites, as " (lines 3–5)", or "". */
static void cited_lines(char *out, size_t size, const entry *es, size_t ne, const char *id)
{
	out[0] = '\0';
	for (size_t j = 0; j < ne; j++)
		if (strcmp(charter_amendment_id(es[j].a), id) == 0 && es[j].lo) {
			if (es[j].lo == es[j].hi)
				snprintf(out, size, " (line %zu)", es[j].lo);
			else
				snprintf(out, size, " (lines %zu–%zu)", es[j].lo, es[j].hi);
		}
}

static void entry_facts(const entry *e, const entry *es, size_t ne, fact_cb put, void *ctx)
{
	const charter_amendment *a = e->a;
	buf v = BUF_INIT;
	if (*charter_amendment_amends(a))
		put(ctx, "Amends", charter_amendment_amends(a));
	buf_printf(&v, "%s, %s", charter_amendment_proposed_by(a), charter_amendment_proposed_on(a));
	put(ctx, "Proposed by", buf_cstr(&v));
	for (size_t i = 0; i < charter_amendment_seconded_count(a); i++)
		put(ctx, "Seconded by", charter_amendment_seconded_by(a, i));
	for (size_t k = 0; k < charter_amendment_collides_count(a); k++) {
		const char *other = charter_amendment_collides_with(a, k);
		char lines[64];
		cited_lines(lines, sizeof(lines), es, ne, other);
		buf_clear(&v);
		buf_printf(&v, "%s%s", other, lines);
		put(ctx, "Collides with", buf_cstr(&v));
	}
	buf_free(&v);
}

static void md_fact(void *ctx, const char *label, const char *value)
{
	buf_printf(ctx, "- **%s:** %s\n", label, value);
}

static void html_fact(void *ctx, const char *label, const char *value)
{
	buf *b = ctx;
	buf_puts(b, "<li><b>");
	html_escape_str(b, label);
	buf_puts(b, ":</b> ");
	html_escape_str(b, value);
	buf_puts(b, "</li>\n");
}

static void latex_fact(void *ctx, const char *label, const char *value)
{
	buf *b = ctx;
	buf_puts(b, "\\noindent\\textbf{");
	latex_escape(b, label, strlen(label));
	buf_puts(b, ":} ");
	latex_escape(b, value, strlen(value));
	buf_puts(b, "\\par\n");
}

static void office_fact(void *ctx, const char *label, const char *value)
{
	office_textf(ctx, OF_NOTE, 1, "%s: %s", label, value);
}

/* The line that says which text the booklet numbers (`frozen`: the slug
 * of its booklet tag, or NULL). */
static void base_note(buf *b, const charter_document *doc, const char *frozen)
{
	buf_printf(b, "%s, as adopted on %s (commit %.12s", doc->title, doc->date, doc->commit);
	if (frozen)
		buf_printf(b, ", frozen for this booklet: tag booklet/%s", frozen);
	buf_puts(b, "). Lines are numbered by the rule of charter's doc/LINE-NUMBERS.md; motions cite these lines.");
}

/* The booklet as a DOCX or ODT file: the numbered text, then each
 * amendment with its motion and its redlines as tracked changes credited to
 * it and its proposer (accepting them gives the text as it would read
 * amended, rejecting them today's). */
static int booklet_office(char **out, size_t *out_len, const charter_document *doc, const char *frozen,
	const entry *es, size_t ne, const char *conv, charter_format fmt)
{
	char title[300];
	snprintf(title, sizeof(title), "%s%sAmendment booklet", conv, *conv ? ": " : "");
	office_doc d;
	office_init(&d, title);
	office_text(&d, OF_TITLE, 1, title);
	buf note = BUF_INIT;
	base_note(&note, doc, frozen);
	office_text(&d, OF_NOTE, 1, buf_cstr(&note));
	buf_free(&note);
	int error = office_add_numbered(&d, doc);
	for (size_t i = 0; i < ne && error == 0; i++) {
		const charter_amendment *a = es[i].a;
		bool sec = *charter_amendment_amends(a);
		office_textf(&d, OF_HEADING, sec ? 2 : 1, "Amendment %s: %s", charter_amendment_id(a),
			charter_amendment_title(a));
		entry_facts(&es[i], es, ne, office_fact, &d);
		office_para(&d, OF_BODY, 1);
		office_run(&d, "Motion. ", 8, OF_EQ, OF_BOLD, 0);
		office_run(&d, buf_cstr(&es[i].motion), es[i].motion.size, OF_EQ, 0, 0);
		char name[400];
		amend_office_author(name, sizeof(name), a);
		int author = office_author(&d, name, amend_office_date(a));
		for (size_t k = 0; k < es[i].nrls && error == 0; k++)
			error = author < 0 ? author : office_add_redline(&d, es[i].rls[k], author, CHARTER_REDLINE_CHANGED_ONLY,
				sec ? 2 : 1);
		const char *rationale = charter_amendment_rationale(a);
		if (*rationale) {
			office_para(&d, OF_BODY, 1);
			office_run(&d, "Rationale. ", 11, OF_EQ, OF_BOLD, 0);
			office_run(&d, rationale, strlen(rationale), OF_EQ, 0, 0);
		}
	}
	if (error == 0)
		error = office_render(out, out_len, &d, fmt);
	office_free(&d);
	return error;
}

static void booklet_markdown(buf *b, const char *title, const charter_document *doc, const char *frozen,
	const lines_doc *ld, const entry *es, size_t ne)
{
	buf_printf(b, "# %s\n\n", title);
	base_note(b, doc, frozen);
	buf_puts(b, "\n\n## The text\n\n```\n");
	lines_export_body(b, ld, CHARTER_FORMAT_MARKDOWN);
	buf_puts(b, "```\n");
	for (size_t i = 0; i < ne; i++) {
		const charter_amendment *a = es[i].a;
		buf_printf(b, "\n%s Amendment %s: %s\n\n", *charter_amendment_amends(a) ? "###" : "##",
			charter_amendment_id(a), charter_amendment_title(a));
		entry_facts(&es[i], es, ne, md_fact, b);
		buf_printf(b, "\n**Motion.** %s\n\n", buf_cstr(&es[i].motion));
		buf_put(b, buf_cstr(&es[i].redline), es[i].redline.size);
		if (*charter_amendment_rationale(a))
			buf_printf(b, "\n**Rationale.** %s\n", charter_amendment_rationale(a));
	}
}

static void booklet_html(buf *b, const char *title, const charter_document *doc, const char *frozen,
	const lines_doc *ld, const entry *es, size_t ne)
{
	buf note = BUF_INIT;
	html_page_begin(b, title, "@page{margin:2cm}@media print{.amendment{break-before:page}}"
		".motion{font-weight:bold}pre.numbered{font-size:.85em}ul.facts{list-style:none;padding:0}"
		".amendment .redline{padding-left:3.8em}.margin-ln{float:left;margin-left:-3.8em;width:3.4em;text-align:right;"
		"white-space:nowrap;"
		"color:var(--muted);font:.75em/2.1 system-ui,sans-serif}");
	buf_puts(b, "<h1>");
	html_escape_str(b, title);
	buf_puts(b, "</h1>\n<p class=\"base\">");
	base_note(&note, doc, frozen);
	html_escape(b, buf_cstr(&note), note.size);
	buf_puts(b, "</p>\n<section class=\"text\"><h2>");
	html_escape_str(b, doc->title);
	buf_puts(b, "</h2>\n<pre class=\"numbered\">");
	buf_clear(&note);
	lines_export_body(&note, ld, CHARTER_FORMAT_MARKDOWN);
	html_escape(b, buf_cstr(&note), note.size);
	buf_puts(b, "</pre></section>\n");
	buf_free(&note);
	if (ne)
		html_redline_legend(b);
	for (size_t i = 0; i < ne; i++) {
		const charter_amendment *a = es[i].a;
		bool sec = *charter_amendment_amends(a);
		buf_printf(b, "<section class=\"amendment%s\" id=\"", sec ? " secondary" : "");
		html_escape_str(b, charter_amendment_id(a));
		buf_printf(b, "\"><%s>Amendment ", sec ? "h3" : "h2");
		html_escape_str(b, charter_amendment_id(a));
		buf_puts(b, ": ");
		html_escape_str(b, charter_amendment_title(a));
		buf_printf(b, "</%s>\n<ul class=\"facts\">\n", sec ? "h3" : "h2");
		entry_facts(&es[i], es, ne, html_fact, b);
		buf_puts(b, "</ul>\n<p class=\"motion\">");
		html_escape(b, buf_cstr(&es[i].motion), es[i].motion.size);
		buf_puts(b, "</p>\n");
		/* The redline's section headings go under the amendment's. */
		html_shift_headings(b, buf_cstr(&es[i].redline), sec ? 3 : 2);
		if (*charter_amendment_rationale(a)) {
			buf_puts(b, "<p class=\"rationale\"><b>Rationale.</b> ");
			html_escape_str(b, charter_amendment_rationale(a));
			buf_puts(b, "</p>\n");
		}
		buf_puts(b, "</section>\n");
	}
	html_page_end(b);
}

static void booklet_latex(buf *b, const char *title, const charter_document *doc, const char *frozen,
	const lines_doc *ld, const entry *es, size_t ne)
{
	buf note = BUF_INIT;
	latex_begin(b);
	buf_puts(b, "{\\LARGE\\bfseries ");
	latex_escape(b, title, strlen(title));
	buf_puts(b, "}\\par\\medskip\n\\noindent ");
	base_note(&note, doc, frozen);
	latex_escape(b, buf_cstr(&note), note.size);
	buf_free(&note);
	buf_puts(b, "\\par\n\\section*{The text}\n");
	lines_export_body(b, ld, CHARTER_FORMAT_LATEX);
	for (size_t i = 0; i < ne; i++) {
		const charter_amendment *a = es[i].a;
		bool sec = *charter_amendment_amends(a);
		buf_puts(b, sec ? "\n\\subsection*{Amendment " : "\n\\clearpage\n\\section*{Amendment ");
		latex_escape(b, charter_amendment_id(a), strlen(charter_amendment_id(a)));
		buf_puts(b, ": ");
		latex_escape(b, charter_amendment_title(a), strlen(charter_amendment_title(a)));
		buf_puts(b, "}\n");
		entry_facts(&es[i], es, ne, latex_fact, b);
		buf_puts(b, "\\medskip\n\\noindent\\textbf{Motion.} ");
		latex_escape(b, buf_cstr(&es[i].motion), es[i].motion.size);
		buf_puts(b, "\\par\\medskip\n\n");
		buf_put(b, buf_cstr(&es[i].redline), es[i].redline.size);
		if (*charter_amendment_rationale(a)) {
			buf_puts(b, "\\noindent\\textbf{Rationale.} ");
			latex_escape(b, charter_amendment_rationale(a), strlen(charter_amendment_rationale(a)));
			buf_puts(b, "\\par\n");
		}
	}
	latex_end(b);
}

int charter_booklet(char **out, size_t *out_len, charter_store *store, const charter_booklet_options *o)
{
	charter_booklet_options defaults = CHARTER_BOOKLET_OPTIONS_INIT;
	charter_document *doc = NULL;
	charter_amendment_list *list = NULL;
	lines_doc ld = { 0 };
	entry *es = NULL;
	size_t ne = 0;
	buf b = BUF_INIT;
	bool handed = false; /* DOCX, ODT: *out is the file already */
	int error;
	*out = NULL;
	if (out_len)
		*out_len = 0;
	if (!o)
		o = &defaults;
	if ((error = options_version_check(o->version, CHARTER_BOOKLET_OPTIONS_VERSION, "charter_booklet")) < 0)
		return error;
	charter_format fmt = o->format == CHARTER_FORMAT_TEXT ? CHARTER_FORMAT_MARKDOWN : o->format;
	if (fmt != CHARTER_FORMAT_MARKDOWN && fmt != CHARTER_FORMAT_HTML && fmt != CHARTER_FORMAT_JSON &&
	    fmt != CHARTER_FORMAT_LATEX && !office_format(fmt))
		return error_set(CHARTER_EINVALID, "the booklet is written as markdown, html, latex, json, docx or odt");
	if (o->convention && (error = text_check_line(o->convention, "the convention name")) < 0)
		return error;
	/* A frozen booklet numbers its frozen text. */
	git_oid frozen_id;
	char slug[NAME_SLUG_SIZE], frozen_hex[GIT_OID_HEXSZ + 1] = "";
	bool frozen = o->convention && amend_frozen_booklet(&frozen_id, slug, store_repo(store), o->convention) == 0;
	if (frozen)
		git_oid_tostr(frozen_hex, sizeof(frozen_hex), &frozen_id);
	if ((error = charter_document_load(&doc, store, frozen ? frozen_hex : NULL)) < 0 ||
	    (error = lines_doc_build(&ld, doc)) < 0 ||
	    (error = charter_amendments_list(&list, store, CHARTER_AMENDMENT_CHECK_COLLISIONS | AMEND_DETAILS_PENDING)) < 0)
		goto done;
	size_t n = charter_amendment_list_count(list);
	if (!(es = calloc(n ? n : 1, sizeof(*es)))) {
		error = error_set(CHARTER_ERROR, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < n && error == 0; i++) {
		const charter_amendment *a = charter_amendment_list_get(list, i);
		if (charter_amendment_state(a) != CHARTER_AMENDMENT_PENDING)
			continue;
		es[ne].a = a;
		error = entry_build(&es[ne++], a, doc, &ld, fmt, frozen);
	}
	if (error < 0)
		goto done;
	const char *conv = o->convention ? o->convention : "";
	if (office_format(fmt)) {
		error = booklet_office(out, out_len, doc, frozen ? slug : NULL, es, ne, conv, fmt);
		handed = error == 0;
		goto done;
	}
	if (fmt == CHARTER_FORMAT_JSON) {
		buf_puts(&b, "{\"document\":");
		json_string(&b, doc->title);
		buf_puts(&b, ",\"convention\":");
		json_or_null(&b, o->convention);
		buf_puts(&b, ",\"base\":");
		json_string(&b, doc->commit);
		buf_printf(&b, ",\"lines\":%zu,%s\"amendments\":[", ld.total, frozen ? "\"frozen\":true," : "");
		for (size_t i = 0; i < ne; i++) {
			const charter_amendment *a = es[i].a;
			buf_puts(&b, i ? ",{\"id\":" : "{\"id\":");
			json_string(&b, charter_amendment_id(a));
			buf_puts(&b, ",\"title\":");
			json_string(&b, charter_amendment_title(a));
			buf_puts(&b, ",\"motion\":");
			json_string(&b, buf_cstr(&es[i].motion));
			if (es[i].lo)
				buf_printf(&b, ",\"lines\":[%zu,%zu]", es[i].lo, es[i].hi);
			else
				buf_puts(&b, ",\"lines\":null");
			buf_puts(&b, ",\"proposed_by\":");
			json_string(&b, charter_amendment_proposed_by(a));
			buf_puts(&b, ",\"seconded_by\":");
			json_list(&b, a, charter_amendment_seconded_count, charter_amendment_seconded_by);
			buf_puts(&b, ",\"collides_with\":");
			json_list(&b, a, charter_amendment_collides_count, charter_amendment_collides_with);
			buf_puts(&b, ",\"amends\":");
			json_or_null(&b, json_absent_if_empty(charter_amendment_amends(a)));
			buf_puts(&b, ",\"rationale\":");
			json_string(&b, charter_amendment_rationale(a));
			buf_putc(&b, '}');
		}
		buf_puts(&b, "]}\n");
		goto finish;
	}
	buf title = BUF_INIT;
	buf_printf(&title, "%s%sAmendment booklet", conv, *conv ? ": " : "");
	if ((error = buf_check(&title)) < 0)
		goto done;
	if (fmt == CHARTER_FORMAT_MARKDOWN)
		booklet_markdown(&b, buf_cstr(&title), doc, frozen ? slug : NULL, &ld, es, ne);
	else if (fmt == CHARTER_FORMAT_LATEX)
		booklet_latex(&b, buf_cstr(&title), doc, frozen ? slug : NULL, &ld, es, ne);
	else
		booklet_html(&b, buf_cstr(&title), doc, frozen ? slug : NULL, &ld, es, ne);
	buf_free(&title);
finish:
	error = buf_check(&b);
done:
	for (size_t i = 0; i < ne; i++) {
		buf_free(&es[i].motion);
		buf_free(&es[i].redline);
		for (size_t k = 0; k < es[i].nrls; k++)
			charter_redline_free(es[i].rls[k]);
		free(es[i].rls);
	}
	free(es);
	charter_amendment_list_free(list);
	lines_doc_free(&ld);
	charter_document_free(doc);
	if (error < 0 || handed) {
		buf_free(&b);
		return error;
	}
	return buf_hand_over(&b, out, out_len);
}
