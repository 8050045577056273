/* One section of a document in an output format (charter show --format). */
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "base/buf.h"
#include "base/html.h"
#include "base/json.h"
#include "store/document.h"

int charter_document_section_render(char **out, size_t *out_len, const charter_document *doc, size_t i,
	charter_format format)
{
	buf b = BUF_INIT;
	char *body = NULL;
	cmark_node *root = NULL;

	*out = NULL;
	if (out_len)
		*out_len = 0;
	if (i >= doc->count)
		return error_set(CHARTER_ENOTFOUND, "no section %zu: the document has %zu", i, doc->count);
	const doc_section *s = &doc->sections[i];
	if (format != CHARTER_FORMAT_TEXT && format != CHARTER_FORMAT_MARKDOWN && format != CHARTER_FORMAT_JSON)
		root = cmark_parse_document(s->markdown, strlen(s->markdown), CMARK_OPT_DEFAULT);
	switch (format) {
	case CHARTER_FORMAT_TEXT:
	case CHARTER_FORMAT_MARKDOWN:
		buf_puts(&b, s->markdown);
		break;
	case CHARTER_FORMAT_JSON:
		buf_puts(&b, "{\"slug\":");
		json_string(&b, s->slug);
		buf_puts(&b, ",\"title\":");
		json_string(&b, s->title);
		buf_puts(&b, ",\"markdown\":");
		json_string(&b, s->markdown);
		buf_puts(&b, ",\"commit\":");
		json_string(&b, doc->commit);
		buf_puts(&b, ",\"date\":");
		json_string(&b, doc->date);
		buf_puts(&b, "}\n");
		break;
	case CHARTER_FORMAT_HTML:
		body = cmark_render_html(root, CMARK_OPT_DEFAULT);
		html_page_begin(&b, s->title, NULL);
		buf_printf(&b, "<article>\n<section id=\"%s\">\n", s->slug);
		buf_puts(&b, body);
		buf_puts(&b, "</section>\n</article>\n");
		if (*doc->commit)
			buf_printf(&b, "<footer>As adopted on <time datetime=\"%s\">%s</time>; commit <code>%s</code>.</footer>\n",
				doc->date, doc->date, doc->commit);
		html_page_end(&b);
		break;
	case CHARTER_FORMAT_LATEX:
		body = cmark_render_latex(root, CMARK_OPT_DEFAULT, 0);
		buf_puts(&b, body);
		break;
	case CHARTER_FORMAT_MAN:
		body = cmark_render_man(root, CMARK_OPT_DEFAULT, 0);
		buf_puts(&b, body);
		break;
	case CHARTER_FORMAT_XML:
		body = cmark_render_xml(root, CMARK_OPT_DEFAULT);
		buf_puts(&b, body);
		break;
	default:
		if (root)
			cmark_node_free(root);
		return error_set(CHARTER_EINVALID, "unknown output format %d", (int)format);
	}
	free(body);
	if (root)
		cmark_node_free(root);
	return buf_hand_over(&b, out, out_len);
}
