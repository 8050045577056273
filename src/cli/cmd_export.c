/* charter export: the text in force (or at WHEN) as one document: Markdown, HTML, LaTeX, man, XML, JSON, DOCX or ODT. */
#include "cli.h"

int cmd_export(const cli_command *cmd, int argc, char **argv)
{
	const char *at = NULL, *format = "markdown", *output = NULL;
	bool line_numbers = false;
	const cli_option opts[] = {
		{ "at", OPT_STRING, &at, "WHEN", "the text as adopted at WHEN (default: today)" },
		{ "format", OPT_STRING, &format, "FORMAT", "markdown, html, latex, man, xml, json, docx or odt" },
		{ "line-numbers", OPT_FLAG, &line_numbers, NULL, "number the lines (markdown, html, latex, docx, odt; the pinned "
		  "72-character rule of doc/LINE-NUMBERS.md)" },
		CLI_OUTPUT_OPTION(&output),
		{ 0 },
	};
	static const char *const formats[] = { "markdown", "html", "latex", "man", "xml", "json", "docx", "odt", NULL };
	cli_short_output(argc, argv);
	char **pos;
	int npos, rc;
	charter_export_options eo = CHARTER_EXPORT_OPTIONS_INIT;
	if ((rc = cli_parse(cmd, opts, argc, argv, &pos, &npos, 0, 0)) != 0)
		return rc < 0 ? 0 : rc;
	if ((rc = cli_format(&eo.format, format, formats)) != 0)
		return rc;
	if (line_numbers && eo.format != CHARTER_FORMAT_MARKDOWN && eo.format != CHARTER_FORMAT_HTML &&
	    eo.format != CHARTER_FORMAT_LATEX && eo.format != CHARTER_FORMAT_DOCX && eo.format != CHARTER_FORMAT_ODT)
		return cli_usage("export: --line-numbers works with --format markdown, html, latex, docx or odt");
	if ((rc = cli_binary_output(format, output)) != 0)
		return rc;

	charter_store *store = NULL;
	charter_document *doc = NULL;
	char *text = NULL;
	size_t len;
	if ((rc = cli_open_store(&store)) != 0)
		return rc;
	eo.line_numbers = line_numbers;
	if (charter_document_load(&doc, store, at) < 0 || charter_export(&text, &len, doc, &eo) < 0)
		rc = cli_fail();
	else
		rc = cli_written(output, text, len);
	charter_free(text);
	charter_document_free(doc);
	charter_store_free(store);
	return rc;
}
