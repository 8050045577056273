/* LaTeX text and the document around it (base/latex.h). */
#include "base/latex.h"

void latex_escape(buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		switch (c) {
		case '\\': buf_puts(b, "\\textbackslash{}"); break;
		case '{': case '}': case '$': case '&': case '#': case '%': case '_':
			buf_putc(b, '\\');
			buf_putc(b, c);
			break;
		case '^': buf_puts(b, "\\textasciicircum{}"); break;
		case '~': buf_puts(b, "\\textasciitilde{}"); break;
		case '\n': buf_putc(b, ' '); break;
		default: buf_putc(b, c);
		}
	}
}

void latex_begin(buf *b)
{
	/* normalem: \emph stays italic; ulem only adds \sout and \uline. */
	buf_puts(b, "\\documentclass{article}\n\\usepackage[utf8]{inputenc}\n\\usepackage[T1]{fontenc}\n"
		"\\usepackage[normalem]{ulem}\n\\usepackage{color}\n\\setlength{\\parskip}{.5em}\n\\begin{document}\n\\raggedright\n");
}

void latex_end(buf *b)
{
	buf_puts(b, "\\end{document}\n");
}
