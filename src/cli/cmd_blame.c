/* charter blame SECTION [--at WHEN]: who adopted each word. */
#include <string.h>

#include "cli.h"

int cmd_blame(const cli_command *cmd, int argc, char **argv)
{
	const char *format = "text", *at = NULL;
	bool plain = false;
	const cli_option opts[] = {
		{ "at", OPT_STRING, &at, "WHEN", "the text as adopted at WHEN (default: today)" },
		{ "format", OPT_STRING, &format, "FORMAT", "text, html (coloured by convention) or json" },
		{ "ignore-typography", OPT_FLAG, &plain, NULL, "a change of quotes, dashes or spaces alone does not change a word's origin" },
		{ 0 },
	};
	static const char *const formats[] = { "text", "html", "json", NULL };
	char **pos;
	int npos, rc;
	charter_format fmt;
	if ((rc = cli_parse(cmd, opts, argc, argv, &pos, &npos, 1, 1)) != 0)
		return rc < 0 ? 0 : rc;
	if ((rc = cli_format(&fmt, format, formats)) != 0)
		return rc;
	charter_store *store = NULL;
	charter_blame *b = NULL;
	char *out = NULL;
	size_t len = 0;
	charter_history_fast_reads();
	if ((rc = cli_open_store(&store)) != 0)
		return rc;
	charter_blame_options bo = CHARTER_BLAME_OPTIONS_INIT;
	if (plain)
		bo.flags |= CHARTER_HISTORY_IGNORE_TYPOGRAPHY;
	if (charter_blame_load_opts(&b, store, pos[0], at, &bo) < 0 ||
	    charter_blame_render(&out, &len, b, fmt, cli.color ? CHARTER_HISTORY_COLOR : 0) < 0)
		rc = cli_fail();
	else
		rc = cli_output(NULL, out, len);
	charter_free(out);
	charter_blame_free(b);
	charter_store_free(store);
	return rc;
}
