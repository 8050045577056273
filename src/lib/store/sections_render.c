/* The list of a document's sections as `charter sections` prints it: text
 * (slug and title) or JSON. */
#include "base/buf.h"
#include "base/internal.h"
#include "base/json.h"

int charter_document_sections_render(char **out, size_t *out_len, const charter_document *doc,
	charter_format format, unsigned int flags)
{
	const char *bold = flags & CHARTER_DOCUMENT_COLOR ? "\033[1m" : "";
	const char *reset = flags & CHARTER_DOCUMENT_COLOR ? "\033[0m" : "";
	size_t n = charter_document_section_count(doc);
	buf b = BUF_INIT;
	*out = NULL;
	if (format != CHARTER_FORMAT_TEXT && format != CHARTER_FORMAT_JSON)
		return error_set(CHARTER_EINVALID, "the list of sections is rendered as text or JSON");
	if (format == CHARTER_FORMAT_JSON)
		buf_putc(&b, '[');
	for (size_t i = 0; i < n; i++) {
		const char *slug = charter_document_section_slug(doc, i);
		const char *title = charter_document_section_title(doc, i);
		if (format == CHARTER_FORMAT_JSON) {
			buf_puts(&b, i ? ",{\"slug\":" : "{\"slug\":");
			json_string(&b, slug);
			buf_puts(&b, ",\"title\":");
			json_string(&b, title);
			buf_putc(&b, '}');
		} else {
			buf_printf(&b, "%s%-32s%s %s\n", bold, slug, reset, title);
		}
	}
	if (format == CHARTER_FORMAT_JSON)
		buf_puts(&b, "]\n");
	return buf_hand_over(&b, out, out_len);
}
