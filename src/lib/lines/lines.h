/* Line numbers that hold everywhere (doc/LINE-NUMBERS.md): the one rule
 * that breaks a text's blocks into numbered lines, used by export
 * --line-numbers in every format, the site's margins, the booklet and
 * propose --at-line. It reads documents through the public API only, so
 * that store/ (export, the site's numbered pages) can use it. */
#ifndef CHARTER_LINES_H
#define CHARTER_LINES_H

#include <charter/document.h>

#include <pthread.h>

#include "base/buf.h"
#include "base/hash.h"
#include "base/internal.h"

/* Characters (code points) per line (the public CHARTER_LINE_WIDTH). */
#define LINES_WIDTH CHARTER_LINE_WIDTH

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

/* The numbered lines of a fragment of Markdown (one or more blocks). */
int lines_count(size_t *out, const char *markdown);

/* Counts already made, by the Markdown counted: a caller numbering many
 * versions of one document (the site's text as each convention left it)
 * counts each block once. Usable from several threads. */
typedef struct {
	hset texts;
	size_t *count; /* per id of texts */
	size_t alloc;
	hset sources;        /* lines_memo_source_*: by the block's source */
	size_t *source_count; /* per id of sources */
	size_t source_alloc;
	pthread_mutex_t mu;
} lines_memo;

void lines_memo_init(lines_memo *m);
void lines_memo_free(lines_memo *m);

/* lines_count(), remembered in `m` (NULL: not remembered). */
int lines_count_memo(size_t *out, lines_memo *m, const char *markdown);

/* The count of a block remembered by its source lines (a caller that
 * knows they make the same block, rendered the same, wherever they stand):
 * true and *out, or false. Then lines_memo_source_put() after counting. */
bool lines_memo_source_get(size_t *out, lines_memo *m, const char *src, size_t len);
void lines_memo_source_put(lines_memo *m, const char *src, size_t len, size_t count);

/* lines_export.c: the whole document with its line numbers, appended to
 * `b`: MARKDOWN or TEXT (`%5zu  line`, a blank line between blocks), HTML
 * (a page) or LATEX; CHARTER_EINVALID for other formats. */
int lines_export(buf *b, const charter_document *doc, charter_format format);

/* The numbered lines of `ld` alone (no page or document around them),
 * appended to `b` in the same formats. */
void lines_export_body(buf *b, const lines_doc *ld, charter_format format);

/* The section `slug` of `d`, or NULL. */
const lines_section *lines_find(const lines_doc *d, const char *slug);

#endif
