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
	char **pos;
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
	if (charter_document_load(&doc, store, at) < 0) {
		rc = cli_fail();
		goto done;
	}
	size_t n = charter_document_section_count(doc);
	if (fmt == CHARTER_FORMAT_JSON)
		putchar('[');
	for (size_t i = 0; i < n; i++) {
		const char *slug = charter_document_section_slug(doc, i);
		const char *title = charter_document_section_title(doc, i);
		if (fmt == CHARTER_FORMAT_JSON) {
			printf("%s{\"slug\":", i ? "," : "");
			cli_json_string(slug);
			printf(",\"title\":");
			cli_json_string(title);
			putchar('}');
		} else {
			printf("%s%-32s%s %s\n", cli_bold(), slug, cli_reset(), title);
		}
	}
	if (fmt == CHARTER_FORMAT_JSON)
		puts("]");
done:
	charter_document_free(doc);
	charter_store_free(store);
	return rc;
}
