/* charter show: one section's text, in force now or at WHEN. */
#include <string.h>

#include "cli.h"

int cmd_show(const cli_command *cmd, int argc, char **argv)
{
	const char *at = NULL, *format = "text";
	const cli_option opts[] = {
		{ "at", OPT_STRING, &at, "WHEN", "the text as adopted at WHEN (default: today)" },
		{ "format", OPT_STRING, &format, "FORMAT", "text, markdown, html or json" },
		{ 0 },
	};
	static const char *const formats[] = { "text", "markdown", "html", "json", NULL };
	charter_format fmt;
	char **pos;
	int npos, rc;
	if ((rc = cli_parse(cmd, opts, argc, argv, &pos, &npos, 1, 1)) != 0)
		return rc < 0 ? 0 : rc;
	if ((rc = cli_format(&fmt, format, formats)) != 0)
		return rc;
	charter_store *store = NULL;
	charter_document *doc = NULL;
	char *out = NULL;
	size_t i, len;
	if ((rc = cli_open_store(&store)) != 0)
		return rc;
	if (charter_document_load(&doc, store, at) < 0 || charter_document_section_find(&i, doc, pos[0]) < 0 ||
	    charter_document_section_render(&out, &len, doc, i, fmt) < 0)
		rc = cli_fail();
	else
		rc = cli_output(NULL, out, len);
	charter_free(out);
	charter_document_free(doc);
	charter_store_free(store);
	return rc;
}
