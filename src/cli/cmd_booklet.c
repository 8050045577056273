/* charter booklet: the convention's amendment booklet (line-numbered text, pending amendments with their motions). */
#include "cli.h"

int cmd_booklet(const cli_command *cmd, int argc, char **argv)
{
	const char *format = "markdown", *output = NULL, *convention = NULL;
	const cli_option opts[] = {
		{ "convention", OPT_STRING, &convention, "NAME", "the convention, for the title page" },
		{ "format", OPT_STRING, &format, "FORMAT", "markdown, html (print-ready), latex, json, or docx or odt (redlines as tracked changes)" },
		CLI_OUTPUT_OPTION(&output),
		{ 0 },
	};
	static const char *const formats[] = { "markdown", "html", "latex", "json", "docx", "odt", NULL };
	cli_short_output(argc, argv);
	char **pos;
	int npos, rc;
	charter_booklet_options bo = CHARTER_BOOKLET_OPTIONS_INIT;
	if ((rc = cli_parse(cmd, opts, argc, argv, &pos, &npos, 0, 0)) != 0)
		return rc < 0 ? 0 : rc;
	if ((rc = cli_format(&bo.format, format, formats)) != 0 || (rc = cli_binary_output(format, output)) != 0)
		return rc;
	bo.convention = convention;
	charter_store *store = NULL;
	char *text = NULL;
	size_t len;
	if ((rc = cli_open_store(&store)) != 0)
		return rc;
	if (charter_booklet(&text, &len, store, &bo) < 0)
		rc = cli_fail();
	else
		rc = cli_written(output, text, len);
	charter_free(text);
	charter_store_free(store);
	return rc;
}
