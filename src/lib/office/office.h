/* Office files: DOCX (OOXML WordprocessingML) and ODT (ODF text) with real
 * tracked changes, for export, diff, amendment, history and the booklet.
 *
 * One model, two writers: a document is a list of paragraphs (a style, a
 * heading level, runs of text) where every run and every paragraph mark
 * (the break after a paragraph) is equal, inserted or deleted by an
 * author. The redline, the document and the numbered text are turned into
 * the model (office_redline.c, office_text.c); office_docx.c and
 * office_odt.c write it, office_zip.c packs the parts with libzip.
 *
 * Read as a stream, the model is the old and the new text at once:
 * accepting every change keeps equal and inserted runs and marks, rejecting
 * keeps equal and deleted ones. The last paragraph's mark is the end of the
 * document and is never changed (office_render moves such a change to the
 * mark before the trailing changed paragraphs).
 *
 * Layer: above redline/ and lines/ (it walks a redline's blocks and uses the
 * pinned line rule), below store/ (export) and the modules that render
 * amendments, histories and booklets. */
#ifndef CHARTER_OFFICE_INTERNAL_H
#define CHARTER_OFFICE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <charter/document.h>
#include <charter/redline.h>

#include "base/buf.h"

/* What became of a run or a paragraph mark. */
enum { OF_EQ = 0, OF_INS = 1, OF_DEL = 2 };

/* A run's formatting (bits). */
enum { OF_BOLD = 1, OF_ITALIC = 2, OF_CODE = 4 };

/* What a run holds: text, a line break inside the paragraph, or a tab. */
enum { OF_TEXT = 0, OF_LINEBREAK, OF_TAB };

/* Paragraph styles; both writers define each one. */
typedef enum {
	OF_BODY = 0,  /* a paragraph of text */
	OF_TITLE,     /* the document's title */
	OF_HEADING,   /* a heading; level 1-6 */
	OF_LIST,      /* a list item's paragraph (indented) */
	OF_QUOTE,     /* a block quote's paragraph (indented) */
	OF_PRE,       /* a code block or other literal block */
	OF_NUMBERED,  /* a block of the line-numbered text: number, tab, line; line breaks */
	OF_NOTE,      /* a line about the text (record fields, move notes): small */
	OF_STYLE_COUNT
} of_style;

typedef struct {
	size_t off, len;  /* bytes of office_doc.text (OF_TEXT) */
	uint8_t kind;     /* OF_TEXT, OF_LINEBREAK, OF_TAB */
	uint8_t change;   /* OF_EQ, OF_INS, OF_DEL */
	uint8_t fmt;      /* OF_BOLD | OF_ITALIC | OF_CODE */
	uint16_t author;  /* index into office_doc.authors (changes only) */
} of_run;

typedef struct {
	of_style style;
	int level;        /* OF_HEADING: 1-6 */
	uint8_t mark;     /* the mark after this paragraph: OF_EQ, OF_INS, OF_DEL */
	uint16_t mark_author;
	size_t first, nruns; /* runs [first, first + nruns) */
} of_para;

/* Who made a set of changes: `w:author`/`dc:creator` and the date. */
typedef struct {
	char *name;
	char date[11]; /* YYYY-MM-DD or "" */
} of_author;

typedef struct {
	buf text;
	of_run *runs;
	size_t nruns, aruns;
	of_para *paras;
	size_t nparas, aparas;
	of_author *authors;
	size_t nauthors, aauthors;
	char *title;      /* the file's title (metadata) */
	int err;          /* the first failure (out of memory), or 0 */
} office_doc;

void office_init(office_doc *d, const char *title);
void office_free(office_doc *d);

/* Add an author (name, date YYYY-MM-DD or NULL/""); returns its index, or
 * a negative code (also kept in d->err). */
int office_author(office_doc *d, const char *name, const char *date);

/* Start a paragraph (its mark equal). */
void office_para(office_doc *d, of_style style, int level);
/* Append to the current paragraph (starting a BODY one if there is none). */
void office_run(office_doc *d, const char *s, size_t len, int change, int fmt, int author);
void office_special(office_doc *d, int kind, int change, int author);
/* The current paragraph's mark. */
void office_mark(office_doc *d, int change, int author);
/* A whole paragraph of plain text, unchanged. */
void office_text(office_doc *d, of_style style, int level, const char *s);
/* Plain text whose soft line breaks read as spaces, as one paragraph. */
void office_textf(office_doc *d, of_style style, int level, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* office_redline.c: the redline's sections (only the changed ones with
 * CHARTER_REDLINE_CHANGED_ONLY in `flags`) with every change by `author`:
 * blocks as paragraphs, headings as headings; a move is a deletion where
 * the block was and an insertion where it is; a struck paragraph break a
 * deleted mark, an inserted one an inserted mark. `heading_shift` moves
 * heading levels down (kept within 1-6). */
int office_add_redline(office_doc *d, const charter_redline *rl, int author, unsigned int flags,
	int heading_shift);

/* The same walk; with `plain` every change reads as equal (office_text.c
 * shows a text that way: all of it inserted into nothing). */
int office_walk_redline(office_doc *d, const charter_redline *rl, int author, unsigned int flags,
	int heading_shift, bool plain);

/* office_text.c: Markdown (one section, or any fragment) as unchanged
 * paragraphs, through the redline's parser so that blocks read as they do
 * in a redline. */
int office_add_markdown(office_doc *d, const char *markdown, size_t len, int heading_shift);

/* office_text.c: the whole document: title, preamble, sections. */
int office_add_document(office_doc *d, const charter_document *doc);

/* office_text.c: the whole document line-numbered by the pinned rule
 * (doc/LINE-NUMBERS.md): a paragraph per block, each line "N<tab>line",
 * lines separated by line breaks. */
int office_add_numbered(office_doc *d, const charter_document *doc);

/* Whether `format` is DOCX or ODT. */
bool office_format(charter_format format);

/* Write the model as a DOCX or ODT file (bytes in *out, charter_free;
 * out_len may be NULL). CHARTER_EINVALID for another format. */
int office_render(char **out, size_t *out_len, office_doc *d, charter_format format);

/* office_docx.c / office_odt.c: the parts of each file, written into the
 * zip by office_zip.c. */
typedef struct {
	const char *name;
	buf body;
	bool store;   /* stored uncompressed (ODT's mimetype) */
} office_part;

int office_docx_parts(office_part *parts, size_t *nparts, const office_doc *d);
/* The next part, `name` (static), its body to write into; *n counts them. */
buf *office_part_add(office_part *parts, size_t *n, const char *name, bool store);
int office_odt_parts(office_part *parts, size_t *nparts, const office_doc *d);
#define OFFICE_MAX_PARTS 8

/* office_zip.c: the parts as a zip archive in memory, in order (the first
 * part first: ODT's mimetype). */
int office_zip(char **out, size_t *out_len, const office_part *parts, size_t nparts);

#endif
