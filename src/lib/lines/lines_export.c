/* The document with its pinned line numbers (lines/lines.h), in Markdown, HTML and LaTeX: export --line-numbers. */
#include <stdlib.h>
#include <string.h>

#include <charter/booklet.h>

#include "base/html.h"
#include "base/latex.h"
#include "lines/lines.h"

void lines_export_body(buf *b, const lines_doc *ld, charter_format format)
{
	bool first_block = true;
	for (size_t s = 0; s < ld->nsec; s++)
		for (size_t k = 0; k < ld->sec[s].nblocks; k++) {
			const lines_block *bl = &ld->sec[s].blocks[k];
			if (!bl->nlines)
				continue;
			const char *tag = bl->heading ? (s == 0 ? "h1" : "h2") : "p";
			if (format == CHARTER_FORMAT_HTML)
				buf_printf(b, "<%s>", tag);
			else if (!first_block)
				buf_putc(b, '\n');
			first_block = false;
			for (size_t l = 0; l < bl->nlines; l++) {
				const char *t = bl->text + bl->lines[l].start;
				size_t n = bl->lines[l].end - bl->lines[l].start, num = bl->first + l;
				if (format == CHARTER_FORMAT_HTML) {
					buf_printf(b, "<span class=\"line\" data-line=\"%zu\"><span class=\"ln\">%zu</span>", num, num);
					html_escape(b, t, n);
					buf_puts(b, "</span>");
				} else if (format == CHARTER_FORMAT_LATEX) {
					buf_printf(b, "\\noindent\\makebox[3em][r]{\\footnotesize %zu}\\quad ", num);
					if (bl->heading)
						buf_puts(b, "\\textbf{");
					latex_escape(b, t, n);
					buf_puts(b, bl->heading ? "}\\\\\n" : "\\\\\n");
				} else {
					buf_printf(b, "%5zu  %.*s\n", num, (int)n, t);
				}
			}
			if (format == CHARTER_FORMAT_HTML)
				buf_printf(b, "</%s>\n", tag);
		}
}

int lines_export(buf *out, const charter_document *doc, charter_format format)
{
	lines_doc ld;
	buf b = BUF_INIT;
	int error;
	if (format != CHARTER_FORMAT_TEXT && format != CHARTER_FORMAT_MARKDOWN && format != CHARTER_FORMAT_HTML &&
	    format != CHARTER_FORMAT_LATEX)
		return error_set(CHARTER_EINVALID, "line numbers are available for markdown, html and latex");
	if ((error = lines_doc_build(&ld, doc)) < 0)
		return error;
	if (format == CHARTER_FORMAT_HTML) {
		html_page_begin(&b, charter_document_title(doc), ".numbered .line{display:block;padding-left:4em;"
			"text-indent:-4em}.numbered .ln{display:inline-block;width:3.5em;margin-right:.5em;text-align:right;"
			"color:#777;font-size:.8em;text-indent:0;user-select:none}");
		buf_puts(&b, "<article class=\"numbered\">\n");
	} else if (format == CHARTER_FORMAT_LATEX) {
		latex_begin(&b);
	}
	lines_export_body(&b, &ld, format);
	if (format == CHARTER_FORMAT_HTML) {
		buf_puts(&b, "</article>\n");
		html_page_end(&b);
	} else if (format == CHARTER_FORMAT_LATEX) {
		latex_end(&b);
	}
	lines_doc_free(&ld);
	if ((error = buf_check(&b)) == 0)
		buf_put(out, b.ptr, b.size);
	buf_free(&b);
	return error;
}

int charter_export_numbered(char **out, size_t *out_len, const charter_document *doc, charter_format format)
{
	buf b = BUF_INIT;
	int error;
	*out = NULL;
	if (out_len)
		*out_len = 0;
	if ((error = lines_export(&b, doc, format)) < 0) {
		buf_free(&b);
		return error;
	}
	return buf_hand_over(&b, out, out_len);
}
