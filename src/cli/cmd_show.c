/* charter show: one section's text, in force now or at WHEN. */
#include <string.h>

#include "cli.h"

int cmd_show(const cli_command *cmd, int argc, char **argv)
{
	const char *at = NULL;
	const cli_option opts[] = {
		{ "at", OPT_STRING, &at, "WHEN", "the text as adopted at WHEN (default: today)" },
		{ 0 },
	};
	char **pos;
	int npos, rc;
	if ((rc = cli_parse(cmd, opts, argc, argv, &pos, &npos, 1, 1)) != 0)
		return rc < 0 ? 0 : rc;
	charter_store *store = NULL;
	charter_document *doc = NULL;
	size_t i;
	if ((rc = cli_open_store(&store)) != 0)
		return rc;
	if (charter_document_load(&doc, store, at) < 0 || charter_document_section_find(&i, doc, pos[0]) < 0) {
		rc = cli_fail();
	} else {
		const char *md = charter_document_section_markdown(doc, i);
		rc = cli_output(NULL, md, strlen(md));
	}
	charter_document_free(doc);
	charter_store_free(store);
	return rc;
}
