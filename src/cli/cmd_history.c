/* charter history SECTION [--since WHEN]: every adoption that changed the
 * section, each with its word-level redline. */
#include <string.h>

#include "cli.h"

int cmd_history(const cli_command *cmd, int argc, char **argv)
{
	const char *format = "text", *since = NULL, *context = NULL, *output = NULL;
	bool plain = false, whole = false;
	unsigned int context_flags = 0;
	const cli_option opts[] = {
		{ "since", OPT_STRING, &since, "WHEN", "only adoptions after WHEN" },
		{ "format", OPT_STRING, &format, "FORMAT", "text, markdown (CriticMarkup), html, json, or docx or odt "
		  "(tracked changes: the whole section at each adoption)" },
		CLI_OUTPUT_OPTION(&output),
		{ "ignore-typography", OPT_FLAG, &plain, NULL, "quotes, dashes and no-break spaces that differ only in typography are no change" },
		{ "context", OPT_STRING, &context, "N", "unchanged paragraphs of the section shown around each change (default: the changed paragraphs only)" },
		{ "whole", OPT_FLAG, &whole, NULL, "the whole section at each adoption, not only the changes" },
		{ 0 },
	};
	static const char *const formats[] = { "text", "markdown", "html", "json", "docx", "odt", NULL };
	char **pos;
	int npos, rc;
	charter_format fmt;
	cli_short_output(argc, argv);
	if ((rc = cli_parse(cmd, opts, argc, argv, &pos, &npos, 1, 1)) != 0)
		return rc < 0 ? 0 : rc;
	if ((rc = cli_format(&fmt, format, formats)) != 0 || (rc = cli_binary_output(format, output)) != 0)
		return rc;
	/* Without either, the changed paragraphs alone (the history cache's hunks: fast). */
	if ((context || whole) && (rc = cli_context(&context_flags, context, whole)) != 0)
		return rc;
	if (context || whole)
		context_flags |= CHARTER_HISTORY_WHOLE;
	charter_store *store = NULL;
	charter_history *h = NULL;
	char *out = NULL;
	size_t len = 0;
	charter_history_fast_reads();
	if ((rc = cli_open_store(&store)) != 0)
		return rc;
	if (charter_history_load(&h, store, pos[0], since) < 0 ||
	    charter_history_render(&out, &len, h, fmt, (cli.color ? CHARTER_HISTORY_COLOR : 0) |
		(plain ? CHARTER_HISTORY_IGNORE_TYPOGRAPHY : 0) | context_flags) < 0)
		rc = cli_fail();
	else
		rc = cli_written(output, out, len);
	charter_free(out);
	charter_history_free(h);
	charter_store_free(store);
	return rc;
}
