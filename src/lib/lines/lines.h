/* Line numbers that hold everywhere (doc/LINE-NUMBERS.md): the one rule
 * that breaks a text's blocks into numbered lines, used by export
 * --line-numbers in every format, the booklet and propose --at-line. */
#ifndef CHARTER_LINES_H
#define CHARTER_LINES_H

#include "base/buf.h"
#include "base/internal.h"
#include "store/document.h"

/* Characters (code points) per line. */
#define LINES_WIDTH 72

/* One line: bytes [start, end) of its block's text, first word to last. */
typedef struct {
	size_t start, end;
} lines_span;

/* A block (paragraph, heading, list item...) as plain text, and its lines. */
typedef struct {
	char *text;
	size_t len;
	size_t first;      /* number of its first line (1-based); its lines are first.. */
	lines_span *lines;
	size_t nlines;
	bool heading;      /* the title of the document or of a section */
} lines_block;

typedef struct {
	const char *slug;  /* "" for the document's title and preamble */
	lines_block *blocks;
	size_t nblocks;
	size_t first, last; /* its line numbers (last < first: no lines) */
} lines_section;

typedef struct {
	lines_section *sec; /* sec[0]: title and preamble; then the sections in order */
	size_t nsec;
	size_t total;       /* lines in all */
} lines_doc;

/* Break text[0..len) into lines: spans appended to *out (count in *n). */
int lines_break(lines_span **out, size_t *n, const char *text, size_t len);

/* The blocks of one section's Markdown (its plain text, as the redline
 * reads it) with their lines numbered from `first`. */
int lines_section_build(lines_section *out, const char *slug, const char *markdown, size_t first);

/* Every line of `doc`. Free with lines_doc_free(). */
int lines_doc_build(lines_doc *out, const charter_document *doc);
void lines_doc_free(lines_doc *d);
void lines_section_free(lines_section *s);

/* The line of byte `offset` in block `b` (in the space after a line: that line). */
size_t lines_at(const lines_block *b, size_t offset);

/* The section `slug` of `d`, or NULL. */
const lines_section *lines_find(const lines_doc *d, const char *slug);

#endif
