/* charter sections: the sections of the text in force (or at WHEN), as text or JSON. */
#include "cli.h"

int cmd_sections(const cli_command *cmd, int argc, char **argv)
{
	const char *at = NULL, *format = "text";
	const cli_option opts[] = {
		{ "at", OPT_STRING, &at, "WHEN", "the text as adopted at WHEN (default: today)" },
		{ "format", OPT_STRING, &format, "FORMAT", "text or json" },
		{ 0 },
	};
	static const char *const formats[] = { "text", "json", NULL };
	char **pos, *out = NULL;
	size_t len = 0;
	int npos, rc;
	charter_format fmt;
	if ((rc = cli_parse(cmd, opts, argc, argv, &pos, &npos, 0, 0)) != 0)
		return rc < 0 ? 0 : rc;
	if ((rc = cli_format(&fmt, format, formats)) != 0)
		return rc;
	charter_store *store = NULL;
	charter_document *doc = NULL;
	if ((rc = cli_open_store(&store)) != 0)
		return rc;
	if (charter_document_load(&doc, store, at) < 0 ||
	    charter_document_sections_render(&out, &len, doc, fmt, cli.color ? CHARTER_DOCUMENT_COLOR : 0) < 0)
		rc = cli_fail();
	else
		rc = cli_output(NULL, out, len);
	charter_free(out);
	charter_document_free(doc);
	charter_store_free(store);
	return rc;
}
