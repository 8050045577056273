/* Texts without changes as office paragraphs: Markdown and the whole document (read as the redline reads it), and the line-numbered document (the pinned rule of lines/). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lines/lines.h"
#include "office/office.h"

/* Sections read as a redline from nothing, shown without its marks: the
 * blocks, headings and formatting exactly as a redline of them shows. */
static int add_sections(office_doc *d, const charter_redline_section *secs, size_t n, int heading_shift)
{
	charter_redline *rl = NULL;
	charter_redline_options ro = CHARTER_REDLINE_OPTIONS_INIT;
	ro.move_threshold = 101; /* nothing to move from */
	int err = charter_redline_init(&rl, NULL, 0, secs, n, &ro);
	if (!err)
		err = office_walk_redline(d, rl, 0, 0, heading_shift, true);
	charter_redline_free(rl);
	return err;
}

int office_add_markdown(office_doc *d, const char *markdown, size_t len, int heading_shift)
{
	if (!len)
		return d->err;
	charter_redline_section s = { "text", markdown, len };
	return add_sections(d, &s, 1, heading_shift);
}

int office_add_document(office_doc *d, const charter_document *doc)
{
	size_t n = charter_document_section_count(doc);
	charter_redline_section *secs = calloc(n + 1, sizeof(*secs));
	if (!secs)
		return error_set(CHARTER_ERROR, "out of memory");
	office_text(d, OF_TITLE, 1, charter_document_title(doc));
	const char *pre = charter_document_preamble(doc);
	size_t k = 0;
	if (pre && *pre)
		secs[k++] = (charter_redline_section){ "README.md", pre, strlen(pre) };
	for (size_t i = 0; i < n; i++) {
		const char *md = charter_document_section_markdown(doc, i);
		secs[k++] = (charter_redline_section){ charter_document_section_slug(doc, i), md, strlen(md) };
	}
	int err = add_sections(d, secs, k, 0);
	free(secs);
	if (!err && *charter_document_date(doc))
		office_textf(d, OF_NOTE, 1, "As adopted on %s; commit %s.", charter_document_date(doc),
			charter_document_commit(doc));
	return err ? err : d->err;
}

int office_add_numbered(office_doc *d, const charter_document *doc)
{
	lines_doc ld;
	int err = lines_doc_build(&ld, doc);
	if (err < 0)
		return err;
	for (size_t s = 0; s < ld.nsec; s++)
		for (size_t k = 0; k < ld.sec[s].nblocks; k++) {
			const lines_block *bl = &ld.sec[s].blocks[k];
			if (!bl->nlines)
				continue;
			/* As the HTML: the title a first-level heading, section titles second. */
			if (bl->heading)
				office_para(d, OF_HEADING, s == 0 ? 1 : 2);
			else
				office_para(d, OF_NUMBERED, 1);
			for (size_t l = 0; l < bl->nlines; l++) {
				char num[32];
				int nn = snprintf(num, sizeof(num), "%zu", bl->first + l);
				if (l)
					office_special(d, OF_LINEBREAK, OF_EQ, 0);
				office_run(d, num, (size_t)nn, OF_EQ, 0, 0);
				office_special(d, OF_TAB, OF_EQ, 0);
				office_run(d, bl->text + bl->lines[l].start, bl->lines[l].end - bl->lines[l].start, OF_EQ, 0, 0);
			}
		}
	lines_doc_free(&ld);
	return d->err;
}
