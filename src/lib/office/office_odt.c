/* ODT (ODF 1.2 text) parts of the office model: text:tracked-changes with a text:changed-region per insertion (change-start/end) and per deletion (its text, paragraphs and all). */
#include <stdio.h>
#include <string.h>

#include "base/html.h"
#include "base/internal.h"
#include "office/office.h"

#define XML_HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
#define ODF_NS \
	"xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" " \
	"xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" " \
	"xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" " \
	"xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\" " \
	"xmlns:dc=\"http://purl.org/dc/elements/1.1/\" " \
	"xmlns:meta=\"urn:oasis:names:tc:opendocument:xmlns:meta:1.0\" office:version=\"1.2\""

static const char *style_name(const of_para *p)
{
	static const char *const heading[] = { "Heading_20_1", "Heading_20_2", "Heading_20_3", "Heading_20_4",
		"Heading_20_5", "Heading_20_6" };
	switch (p->style) {
	case OF_TITLE: return "Title";
	case OF_HEADING: return heading[p->level - 1];
	case OF_LIST: return "List_20_Paragraph";
	case OF_QUOTE: return "Quotations";
	case OF_PRE: return "Preformatted_20_Text";
	case OF_NUMBERED: return "Numbered_20_Text";
	case OF_NOTE: return "Note";
	default: return "Text_20_body";
	}
}

static void open_para(buf *b, const of_para *p)
{
	if (p->style == OF_HEADING)
		buf_printf(b, "<text:h text:style-name=\"%s\" text:outline-level=\"%d\">", style_name(p), p->level);
	else
		buf_printf(b, "<text:p text:style-name=\"%s\">", style_name(p));
}

static void close_para(buf *b, const of_para *p)
{
	buf_puts(b, p->style == OF_HEADING ? "</text:h>" : "</text:p>");
}

/* Text with ODF's white space rules: a space at the start of a run or
 * after another space is <text:s/> (a plain one would collapse). */
static void put_text(buf *b, const char *s, size_t len)
{
	size_t start = 0;
	for (size_t i = 0; i <= len; i++) {
		bool special = i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n');
		if (i < len && !special)
			continue;
		xml_escape(b, s + start, i - start);
		start = i + 1;
		if (i == len)
			break;
		if (s[i] == '\t')
			buf_puts(b, "<text:tab/>");
		else if (s[i] == '\n')
			buf_puts(b, "<text:line-break/>");
		else if (i == 0 || s[i - 1] == ' ')
			buf_puts(b, "<text:s/>");
		else
			buf_putc(b, ' ');
	}
}

static void put_run(buf *b, const office_doc *d, const of_run *r)
{
	if (r->kind == OF_LINEBREAK) {
		buf_puts(b, "<text:line-break/>");
		return;
	}
	if (r->kind == OF_TAB) {
		buf_puts(b, "<text:tab/>");
		return;
	}
	if (r->fmt)
		buf_printf(b, "<text:span text:style-name=\"T%u\">", (unsigned)r->fmt);
	put_text(b, d->text.ptr + r->off, r->len);
	if (r->fmt)
		buf_puts(b, "</text:span>");
}

typedef struct {
	const office_doc *d;
	buf *body, *regions;
	unsigned int next;
	unsigned int ins;   /* id of the open insertion, or 0 */
	uint16_t ins_author;
	unsigned int del;   /* id of the open deletion, or 0 */
	uint16_t del_author;
	const of_para *del_para; /* the paragraph of the deletion's open text:p */
} odt_writer;

static void change_info(odt_writer *w, uint16_t author)
{
	const of_author *a = &w->d->authors[author < w->d->nauthors ? author : 0];
	buf_puts(w->regions, "<office:change-info><dc:creator>");
	xml_escape(w->regions, a->name, strlen(a->name));
	buf_puts(w->regions, "</dc:creator>");
	if (a->date[0])
		buf_printf(w->regions, "<dc:date>%sT00:00:00</dc:date>", a->date);
	buf_puts(w->regions, "</office:change-info>");
}

static void close_ins(odt_writer *w)
{
	if (!w->ins)
		return;
	buf_printf(w->body, "<text:change-end text:change-id=\"ct%u\"/>", w->ins);
	w->ins = 0;
}

static void open_ins(odt_writer *w, uint16_t author)
{
	if (w->ins && w->ins_author == author)
		return;
	close_ins(w);
	w->ins = w->next++;
	w->ins_author = author;
	buf_printf(w->regions, "<text:changed-region text:id=\"ct%u\"><text:insertion>", w->ins);
	change_info(w, author);
	buf_puts(w->regions, "</text:insertion></text:changed-region>\n");
	buf_printf(w->body, "<text:change-start text:change-id=\"ct%u\"/>", w->ins);
}

static void close_del(odt_writer *w)
{
	if (!w->del)
		return;
	close_para(w->regions, w->del_para);
	buf_puts(w->regions, "</text:deletion></text:changed-region>\n");
	w->del = 0;
}

/* A deletion stands at one point of the text; what it struck, paragraph
 * breaks included, is kept in its region as paragraphs. */
static void open_del(odt_writer *w, uint16_t author, const of_para *p)
{
	if (w->del && w->del_author == author)
		return;
	close_del(w);
	w->del = w->next++;
	w->del_author = author;
	w->del_para = p;
	buf_printf(w->regions, "<text:changed-region text:id=\"ct%u\"><text:deletion>", w->del);
	change_info(w, author);
	open_para(w->regions, p);
	buf_printf(w->body, "<text:change text:change-id=\"ct%u\"/>", w->del);
}

static bool has_kept_runs(const office_doc *d, const of_para *p)
{
	for (size_t k = p->first; k < p->first + p->nruns; k++)
		if (d->runs[k].change != OF_DEL)
			return true;
	return false;
}

static void put_content(buf *body, buf *regions, const office_doc *d)
{
	odt_writer w = { d, body, regions, 1, 0, 0, 0, 0, NULL };
	const of_para *group = NULL; /* the paragraph whose element is open in the body */
	for (size_t i = 0; i < d->nparas; i++) {
		const of_para *p = &d->paras[i];
		bool last = i + 1 == d->nparas;
		if (!group) {
			/* Paragraphs joined by struck marks are one paragraph of the
			 * text as it stands: styled as the first that keeps text. */
			size_t j = i;
			while (j + 1 < d->nparas && d->paras[j].mark == OF_DEL)
				j++;
			group = &d->paras[j];
			for (size_t k = i; k <= j; k++)
				if (has_kept_runs(d, &d->paras[k])) {
					group = &d->paras[k];
					break;
				}
			open_para(body, group);
		}
		for (size_t k = p->first; k < p->first + p->nruns; k++) {
			const of_run *r = &d->runs[k];
			if (r->change == OF_DEL) {
				close_ins(&w);
				open_del(&w, r->author, p);
				put_run(regions, d, r);
			} else if (r->change == OF_INS) {
				close_del(&w);
				open_ins(&w, r->author);
				put_run(body, d, r);
			} else {
				close_del(&w);
				close_ins(&w);
				put_run(body, d, r);
			}
		}
		if (last || p->mark == OF_EQ) {
			close_del(&w);
			close_ins(&w);
		} else if (p->mark == OF_DEL) {
			close_ins(&w);
			open_del(&w, p->mark_author, p);
			close_para(regions, w.del_para);
			w.del_para = &d->paras[i + 1];
			open_para(regions, w.del_para);
			continue; /* the body's paragraph goes on */
		} else {
			close_del(&w);
			open_ins(&w, p->mark_author); /* the break itself is inserted */
		}
		close_para(body, group);
		buf_putc(body, '\n');
		group = NULL;
	}
}

static void put_paragraph_style(buf *b, const char *name, const char *display, const char *props,
	const char *text_props, int outline)
{
	buf_printf(b, "<style:style style:name=\"%s\" style:display-name=\"%s\" style:family=\"paragraph\" "
		"style:parent-style-name=\"Standard\" style:next-style-name=\"Text_20_body\"", name, display);
	if (outline)
		buf_printf(b, " style:default-outline-level=\"%d\"", outline);
	buf_puts(b, ">");
	if (props)
		buf_printf(b, "<style:paragraph-properties %s/>", props);
	if (text_props)
		buf_printf(b, "<style:text-properties %s/>", text_props);
	buf_puts(b, "</style:style>\n");
}

static void put_styles(buf *b)
{
	static const char *const heading_size[] = { "16pt", "14pt", "13pt", "12pt", "11pt", "11pt" };
	buf_puts(b, XML_HEAD "<office:document-styles " ODF_NS ">\n<office:styles>\n"
		"<style:default-style style:family=\"paragraph\"><style:paragraph-properties fo:margin-bottom=\"0.21cm\"/>"
		"<style:text-properties fo:font-family=\"'Liberation Serif'\" fo:font-size=\"11pt\" fo:language=\"en\" "
		"fo:country=\"GB\"/></style:default-style>\n"
		"<style:style style:name=\"Standard\" style:family=\"paragraph\"/>\n");
	put_paragraph_style(b, "Text_20_body", "Text body", NULL, NULL, 0);
	put_paragraph_style(b, "Title", "Title", "fo:text-align=\"center\" fo:margin-top=\"0.42cm\" fo:margin-bottom=\"0.42cm\" "
		"fo:keep-with-next=\"always\"", "fo:font-family=\"'Liberation Sans'\" fo:font-size=\"20pt\" fo:font-weight=\"bold\"", 0);
	for (int level = 1; level <= 6; level++) {
		char name[32], display[32], text_props[160];
		snprintf(name, sizeof(name), "Heading_20_%d", level);
		snprintf(display, sizeof(display), "Heading %d", level);
		snprintf(text_props, sizeof(text_props),
			"fo:font-family=\"'Liberation Sans'\" fo:font-size=\"%s\" fo:font-weight=\"bold\"", heading_size[level - 1]);
		put_paragraph_style(b, name, display, "fo:margin-top=\"0.42cm\" fo:margin-bottom=\"0.21cm\" "
			"fo:keep-with-next=\"always\"", text_props, level);
	}
	put_paragraph_style(b, "List_20_Paragraph", "List Paragraph", "fo:margin-left=\"1.27cm\"", NULL, 0);
	put_paragraph_style(b, "Quotations", "Quotations", "fo:margin-left=\"1.27cm\" fo:margin-right=\"1.27cm\"",
		"fo:font-style=\"italic\"", 0);
	put_paragraph_style(b, "Preformatted_20_Text", "Preformatted Text", "fo:margin-bottom=\"0cm\"",
		"fo:font-family=\"'Liberation Mono'\" fo:font-size=\"10pt\"", 0);
	buf_puts(b, "<style:style style:name=\"Numbered_20_Text\" style:display-name=\"Numbered Text\" "
		"style:family=\"paragraph\" style:parent-style-name=\"Standard\"><style:paragraph-properties "
		"fo:margin-bottom=\"0.28cm\" fo:line-height=\"100%\"><style:tab-stops><style:tab-stop style:position=\"1.27cm\"/>"
		"</style:tab-stops></style:paragraph-properties><style:text-properties fo:font-size=\"10pt\"/></style:style>\n");
	put_paragraph_style(b, "Note", "Note", "fo:margin-bottom=\"0.1cm\"", "fo:font-size=\"9.5pt\" fo:color=\"#444444\"", 0);
	buf_puts(b, "</office:styles>\n<office:automatic-styles><style:page-layout style:name=\"pm1\">"
		"<style:page-layout-properties fo:page-width=\"21cm\" fo:page-height=\"29.7cm\" fo:margin-top=\"2.5cm\" "
		"fo:margin-bottom=\"2.5cm\" fo:margin-left=\"2.5cm\" fo:margin-right=\"2.5cm\"/></style:page-layout>"
		"</office:automatic-styles>\n<office:master-styles><style:master-page style:name=\"Standard\" "
		"style:page-layout-name=\"pm1\"/></office:master-styles>\n</office:document-styles>\n");
}

int office_odt_parts(office_part *parts, size_t *nparts, const office_doc *d)
{
	size_t n = 0;
	/* First and stored: a reader knows the file by its first bytes. */
	buf_puts(office_part_add(parts, &n, "mimetype", true), "application/vnd.oasis.opendocument.text");
	buf_puts(office_part_add(parts, &n, "META-INF/manifest.xml", false), XML_HEAD
		"<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">\n"
		"<manifest:file-entry manifest:full-path=\"/\" manifest:version=\"1.2\" "
		"manifest:media-type=\"application/vnd.oasis.opendocument.text\"/>\n"
		"<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>\n"
		"<manifest:file-entry manifest:full-path=\"styles.xml\" manifest:media-type=\"text/xml\"/>\n"
		"<manifest:file-entry manifest:full-path=\"meta.xml\" manifest:media-type=\"text/xml\"/>\n"
		"</manifest:manifest>\n");

	buf body = BUF_INIT, regions = BUF_INIT;
	put_content(&body, &regions, d);
	buf *c = office_part_add(parts, &n, "content.xml", false);
	buf_puts(c, XML_HEAD "<office:document-content " ODF_NS ">\n<office:automatic-styles>\n");
	for (unsigned fmt = 1; fmt < 8; fmt++) {
		buf_printf(c, "<style:style style:name=\"T%u\" style:family=\"text\"><style:text-properties%s%s%s/></style:style>\n",
			fmt, fmt & OF_BOLD ? " fo:font-weight=\"bold\"" : "", fmt & OF_ITALIC ? " fo:font-style=\"italic\"" : "",
			fmt & OF_CODE ? " fo:font-family=\"'Liberation Mono'\"" : "");
	}
	buf_puts(c, "</office:automatic-styles>\n<office:body><office:text>\n");
	if (regions.size) {
		buf_puts(c, "<text:tracked-changes text:track-changes=\"true\">\n");
		buf_put(c, regions.ptr, regions.size);
		buf_puts(c, "</text:tracked-changes>\n");
	}
	buf_put(c, body.ptr, body.size);
	buf_puts(c, "</office:text></office:body></office:document-content>\n");
	int err = buf_check(&body) < 0 || buf_check(&regions) < 0 ? CHARTER_ERROR : 0;
	buf_free(&body);
	buf_free(&regions);

	put_styles(office_part_add(parts, &n, "styles.xml", false));
	buf *meta = office_part_add(parts, &n, "meta.xml", false);
	buf_puts(meta, XML_HEAD "<office:document-meta " ODF_NS "><office:meta><dc:title>");
	xml_escape(meta, d->title, strlen(d->title));
	buf_puts(meta, "</dc:title><meta:generator>charter</meta:generator></office:meta></office:document-meta>\n");
	*nparts = n;
	return err;
}
