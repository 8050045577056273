/* LaTeX: the one escaper and the one preamble, for the numbered export,
 * the booklet and redlines written as LaTeX. */
#ifndef CHARTER_LATEX_H
#define CHARTER_LATEX_H

#include "base/buf.h"

/* Append s[0..n) as LaTeX text: the ten special characters escaped, a
 * newline as a space. UTF-8 passes through (the preamble reads it). */
void latex_escape(buf *b, const char *s, size_t n);

/* \documentclass to \begin{document}: UTF-8 input, T1 fonts, ulem's
 * \sout and \uline for struck and inserted words, and colour. */
void latex_begin(buf *b);

/* \end{document}. */
void latex_end(buf *b);

#endif
