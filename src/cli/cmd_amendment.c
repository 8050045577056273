/* charter amendment ID: one amendment, its records and its redlines. */
#include "cli.h"

static unsigned int context_flags; /* --context N, --whole */

int cmd_amendment(const cli_command *cmd, int argc, char **argv)
{
	const char *format = "text", *context = NULL, *output = NULL;
	bool whole = false, plain = false;
	const cli_option opts[] = {
		{ "format", OPT_STRING, &format, "FORMAT", "text, json, markdown, html, or docx or odt (tracked changes)" },
		CLI_OUTPUT_OPTION(&output),
		CLI_CONTEXT_OPTIONS(&context, &whole),
		{ "ignore-typography", OPT_FLAG, &plain, NULL, "quotes, dashes and no-break spaces that differ only in typography are no change" },
		{ 0 },
	};
	static const char *const formats[] = { "text", "json", "markdown", "html", "docx", "odt", NULL };
	charter_format fmt;
	char **pos;
	int npos, rc;
	cli_short_output(argc, argv);
	if ((rc = cli_parse(cmd, opts, argc, argv, &pos, &npos, 1, 1)) != 0)
		return rc < 0 ? 0 : rc;
	if ((rc = cli_format(&fmt, format, formats)) != 0 || (rc = cli_context(&context_flags, context, whole)) != 0 ||
	    (rc = cli_binary_output(format, output)) != 0)
		return rc;
	charter_store *store = NULL;
	charter_amendment *a = NULL;
	if ((rc = cli_open_store(&store)) != 0)
		return rc;
	char *out = NULL;
	size_t len = 0;
	if (charter_amendment_load(&a, store, pos[0], CHARTER_AMENDMENT_CHECK_APPLIES | CHARTER_AMENDMENT_DETAILS |
		CHARTER_AMENDMENT_SECONDARIES) < 0 ||
	    charter_amendment_render(&out, &len, a, fmt, context_flags | (cli.color ? CHARTER_AMENDMENT_COLOR : 0) |
		(plain ? CHARTER_AMENDMENT_IGNORE_TYPOGRAPHY : 0)) < 0)
		rc = cli_fail();
	else
		rc = cli_written(output, out, len);
	charter_free(out);
	charter_amendment_free(a);
	charter_store_free(store);
	return rc;
}
