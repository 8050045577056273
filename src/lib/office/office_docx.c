/* DOCX (OOXML WordprocessingML) parts of the office model: w:ins/w:del runs, paragraph marks struck or inserted in w:pPr/w:rPr, heading styles. */
#include <string.h>

#include "base/html.h"
#include "base/internal.h"
#include "office/office.h"

#define XML_HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
#define W_NS "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""

static const char *style_id(const of_para *p)
{
	static const char *const heading[] = { "Heading1", "Heading2", "Heading3", "Heading4", "Heading5", "Heading6" };
	switch (p->style) {
	case OF_TITLE: return "Title";
	case OF_HEADING: return heading[p->level - 1];
	case OF_LIST: return "ListParagraph";
	case OF_QUOTE: return "Quote";
	case OF_PRE: return "Code";
	case OF_NUMBERED: return "Numbered";
	case OF_NOTE: return "Note";
	default: return "Normal";
	}
}

/* w:id, w:author and w:date of a change. */
static void change_attrs(buf *b, const office_doc *d, unsigned int *id, uint16_t author)
{
	const of_author *a = &d->authors[author < d->nauthors ? author : 0];
	buf_printf(b, " w:id=\"%u\" w:author=\"", (*id)++);
	xml_escape(b, a->name, strlen(a->name));
	buf_putc(b, '"');
	if (a->date[0])
		buf_printf(b, " w:date=\"%sT00:00:00Z\"", a->date);
}

static void put_run(buf *b, const office_doc *d, const of_run *r)
{
	buf_puts(b, "<w:r>");
	if (r->fmt) {
		buf_puts(b, "<w:rPr>");
		if (r->fmt & OF_CODE)
			buf_puts(b, "<w:rStyle w:val=\"CodeChar\"/>");
		if (r->fmt & OF_BOLD)
			buf_puts(b, "<w:b/>");
		if (r->fmt & OF_ITALIC)
			buf_puts(b, "<w:i/>");
		buf_puts(b, "</w:rPr>");
	}
	if (r->kind == OF_LINEBREAK) {
		buf_puts(b, "<w:br/>");
	} else if (r->kind == OF_TAB) {
		buf_puts(b, "<w:tab/>");
	} else {
		const char *tag = r->change == OF_DEL ? "w:delText" : "w:t";
		buf_printf(b, "<%s xml:space=\"preserve\">", tag);
		xml_escape(b, d->text.ptr + r->off, r->len);
		buf_printf(b, "</%s>", tag);
	}
	buf_puts(b, "</w:r>");
}

static void put_document(buf *b, const office_doc *d)
{
	unsigned int id = 1;
	buf_puts(b, XML_HEAD "<w:document " W_NS "><w:body>\n");
	for (size_t i = 0; i < d->nparas; i++) {
		const of_para *p = &d->paras[i];
		buf_printf(b, "<w:p><w:pPr><w:pStyle w:val=\"%s\"/>", style_id(p));
		if (p->mark != OF_EQ) {
			/* The paragraph mark itself inserted or struck. */
			buf_printf(b, "<w:rPr><w:%s", p->mark == OF_INS ? "ins" : "del");
			change_attrs(b, d, &id, p->mark_author);
			buf_puts(b, "/></w:rPr>");
		}
		buf_puts(b, "</w:pPr>");
		for (size_t k = p->first; k < p->first + p->nruns;) {
			const of_run *r = &d->runs[k];
			if (r->change == OF_EQ) {
				put_run(b, d, r);
				k++;
				continue;
			}
			/* One w:ins or w:del around a stretch of runs of one change. */
			const char *tag = r->change == OF_INS ? "w:ins" : "w:del";
			buf_printf(b, "<%s", tag);
			change_attrs(b, d, &id, r->author);
			buf_putc(b, '>');
			size_t e = k;
			while (e < p->first + p->nruns && d->runs[e].change == r->change && d->runs[e].author == r->author)
				put_run(b, d, &d->runs[e++]);
			buf_printf(b, "</%s>", tag);
			k = e;
		}
		buf_puts(b, "</w:p>\n");
	}
	/* A4, 2.5 cm margins. Line numbers are charter's own (text), not w:lnNumType. */
	buf_puts(b, "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/>"
		"<w:pgMar w:top=\"1417\" w:right=\"1417\" w:bottom=\"1417\" w:left=\"1417\" w:header=\"708\" w:footer=\"708\" w:gutter=\"0\"/>"
		"</w:sectPr></w:body></w:document>\n");
}

static void put_styles(buf *b)
{
	static const char *const heading_size[] = { "32", "28", "26", "24", "22", "22" };
	buf_puts(b, XML_HEAD "<w:styles " W_NS ">\n"
		"<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Liberation Serif\" w:hAnsi=\"Liberation Serif\" "
		"w:eastAsia=\"Liberation Serif\" w:cs=\"Liberation Serif\"/><w:sz w:val=\"22\"/><w:szCs w:val=\"22\"/>"
		"<w:lang w:val=\"en-GB\"/></w:rPr></w:rPrDefault>"
		"<w:pPrDefault><w:pPr><w:spacing w:after=\"120\" w:line=\"264\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>\n"
		"<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/></w:style>\n"
		"<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/>"
		"<w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before=\"240\" w:after=\"240\"/>"
		"<w:jc w:val=\"center\"/><w:outlineLvl w:val=\"0\"/></w:pPr><w:rPr><w:rFonts w:ascii=\"Liberation Sans\" "
		"w:hAnsi=\"Liberation Sans\" w:cs=\"Liberation Sans\"/><w:b/><w:sz w:val=\"40\"/><w:szCs w:val=\"40\"/></w:rPr></w:style>\n");
	for (int level = 1; level <= 6; level++)
		buf_printf(b, "<w:style w:type=\"paragraph\" w:styleId=\"Heading%d\"><w:name w:val=\"heading %d\"/>"
			"<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:keepNext/>"
			"<w:spacing w:before=\"240\" w:after=\"120\"/><w:outlineLvl w:val=\"%d\"/></w:pPr><w:rPr>"
			"<w:rFonts w:ascii=\"Liberation Sans\" w:hAnsi=\"Liberation Sans\" w:cs=\"Liberation Sans\"/><w:b/>"
			"<w:sz w:val=\"%s\"/><w:szCs w:val=\"%s\"/></w:rPr></w:style>\n",
			level, level, level - 1, heading_size[level - 1], heading_size[level - 1]);
	buf_puts(b, "<w:style w:type=\"paragraph\" w:styleId=\"ListParagraph\"><w:name w:val=\"List Paragraph\"/>"
		"<w:basedOn w:val=\"Normal\"/><w:pPr><w:ind w:left=\"720\"/></w:pPr></w:style>\n"
		"<w:style w:type=\"paragraph\" w:styleId=\"Quote\"><w:name w:val=\"Quote\"/><w:basedOn w:val=\"Normal\"/>"
		"<w:pPr><w:ind w:left=\"720\" w:right=\"720\"/></w:pPr><w:rPr><w:i/></w:rPr></w:style>\n"
		"<w:style w:type=\"paragraph\" w:styleId=\"Code\"><w:name w:val=\"Code\"/><w:basedOn w:val=\"Normal\"/>"
		"<w:pPr><w:spacing w:after=\"0\"/></w:pPr><w:rPr><w:rFonts w:ascii=\"Liberation Mono\" w:hAnsi=\"Liberation Mono\" "
		"w:cs=\"Liberation Mono\"/><w:sz w:val=\"20\"/></w:rPr></w:style>\n"
		"<w:style w:type=\"paragraph\" w:styleId=\"Numbered\"><w:name w:val=\"Numbered Text\"/><w:basedOn w:val=\"Normal\"/>"
		"<w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs><w:spacing w:after=\"160\" w:line=\"240\" "
		"w:lineRule=\"auto\"/><w:ind w:left=\"0\"/></w:pPr><w:rPr><w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/></w:rPr></w:style>\n"
		"<w:style w:type=\"paragraph\" w:styleId=\"Note\"><w:name w:val=\"Note\"/><w:basedOn w:val=\"Normal\"/>"
		"<w:pPr><w:spacing w:after=\"60\"/></w:pPr><w:rPr><w:color w:val=\"444444\"/><w:sz w:val=\"19\"/></w:rPr></w:style>\n"
		"<w:style w:type=\"character\" w:styleId=\"CodeChar\"><w:name w:val=\"Code Char\"/><w:rPr>"
		"<w:rFonts w:ascii=\"Liberation Mono\" w:hAnsi=\"Liberation Mono\" w:cs=\"Liberation Mono\"/></w:rPr></w:style>\n"
		"</w:styles>\n");
}

int office_docx_parts(office_part *parts, size_t *nparts, const office_doc *d)
{
	size_t n = 0;
	buf_puts(office_part_add(parts, &n, "[Content_Types].xml", false), XML_HEAD
		"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
		"<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
		"<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
		"<Override PartName=\"/word/document.xml\" "
		"ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
		"<Override PartName=\"/word/styles.xml\" "
		"ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
		"<Override PartName=\"/word/settings.xml\" "
		"ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>"
		"<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
		"</Types>\n");
	buf_puts(office_part_add(parts, &n, "_rels/.rels", false), XML_HEAD
		"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
		"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
		"Target=\"word/document.xml\"/>"
		"<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" "
		"Target=\"docProps/core.xml\"/></Relationships>\n");
	buf *core = office_part_add(parts, &n, "docProps/core.xml", false);
	buf_puts(core, XML_HEAD
		"<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
		"xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>");
	xml_escape(core, d->title, strlen(d->title));
	buf_puts(core, "</dc:title><dc:creator>charter</dc:creator></cp:coreProperties>\n");
	buf_puts(office_part_add(parts, &n, "word/_rels/document.xml.rels", false), XML_HEAD
		"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
		"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" "
		"Target=\"styles.xml\"/>"
		"<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings\" "
		"Target=\"settings.xml\"/></Relationships>\n");
	put_document(office_part_add(parts, &n, "word/document.xml", false), d);
	put_styles(office_part_add(parts, &n, "word/styles.xml", false));
	/* Edits made in Word to a redline are tracked too. */
	bool tracked = false;
	for (size_t i = 0; i < d->nruns && !tracked; i++)
		tracked = d->runs[i].change != OF_EQ;
	for (size_t i = 0; i < d->nparas && !tracked; i++)
		tracked = d->paras[i].mark != OF_EQ;
	buf_printf(office_part_add(parts, &n, "word/settings.xml", false), XML_HEAD "<w:settings " W_NS ">%s"
		"<w:defaultTabStop w:val=\"720\"/></w:settings>\n", tracked ? "<w:trackRevisions/>" : "");
	*nparts = n;
	return 0;
}
