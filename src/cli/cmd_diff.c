/* charter diff WHEN [WHEN] [SECTION]: the word-level redline between two
 * points in time, of one section or the whole document. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* With two arguments the second is a WHEN if it resolves, else a section. */
static bool is_when(charter_store *store, const char *s)
{
	char id[41];
	return charter_resolve(id, store, s) == 0;
}

/* The redline as a file with tracked changes: the changes dated as the
 * later text was adopted, and credited to the comparison itself (it may
 * span several adoptions). */
static int office_diff(charter_store *store, const char *from, const char *to, const char *section,
	const charter_redline_options *ro, charter_format fmt, bool full, const char *output)
{
	charter_redline *rl = NULL;
	charter_document *later = NULL;
	char *out = NULL, title[400], author[300];
	size_t len = 0;
	int rc;
	snprintf(title, sizeof(title), "Changes from %.120s to %.120s%s%.120s", from, to ? to : "today",
		section ? " in " : "", section ? section : "");
	snprintf(author, sizeof(author), "charter diff %.120s..%.120s", from, to ? to : "today");
	charter_office_options oo = CHARTER_OFFICE_OPTIONS_INIT;
	oo.format = fmt;
	oo.title = title;
	oo.author = author;
	oo.flags = full ? 0 : CHARTER_REDLINE_CHANGED_ONLY;
	if (charter_diff(&rl, store, from, to, section, ro) < 0 || charter_document_load(&later, store, to) < 0) {
		rc = cli_fail();
	} else {
		oo.date = charter_document_date(later);
		rc = charter_redline_office(&out, &len, rl, &oo) < 0 ? cli_fail() : cli_written(output, out, len);
	}
	charter_free(out);
	charter_document_free(later);
	charter_redline_free(rl);
	return rc;
}

int cmd_diff(const cli_command *cmd, int argc, char **argv)
{
	const char *format = "text", *context = NULL, *output = NULL;
	bool full = false, whole = false, plain = false;
	unsigned int context_flags;
	const cli_option opts[] = {
		{ "format", OPT_STRING, &format, "FORMAT", "text, markdown (CriticMarkup), html, json, or docx or odt "
		  "(tracked changes)" },
		CLI_OUTPUT_OPTION(&output),
		{ "full", OPT_FLAG, &full, NULL, "show unchanged sections too" },
		CLI_CONTEXT_OPTIONS(&context, &whole),
		{ "ignore-typography", OPT_FLAG, &plain, NULL, "quotes, dashes and no-break spaces that differ only in typography are no change" },
		{ 0 },
	};
	static const char *const formats[] = { "text", "markdown", "html", "json", "docx", "odt", NULL };
	char **pos;
	int npos, rc;
	charter_format fmt;
	cli_short_output(argc, argv);
	if ((rc = cli_parse(cmd, opts, argc, argv, &pos, &npos, 1, 3)) != 0)
		return rc < 0 ? 0 : rc;
	if ((rc = cli_format(&fmt, format, formats)) != 0 || (rc = cli_context(&context_flags, context, whole)) != 0 ||
	    (rc = cli_binary_output(format, output)) != 0)
		return rc;
	charter_store *store = NULL;
	charter_redline *rl = NULL;
	char *out = NULL;
	size_t len = 0;
	charter_history_fast_reads();
	if ((rc = cli_open_store(&store)) != 0)
		return rc;
	const char *from = pos[0], *to = NULL, *section = NULL;
	if (npos == 3) {
		to = pos[1];
		section = pos[2];
	} else if (npos == 2) {
		if (is_when(store, pos[1]))
			to = pos[1];
		else
			section = pos[1];
	}
	unsigned flags = (full ? 0 : CHARTER_REDLINE_CHANGED_ONLY) | context_flags |
		(cli.color && fmt == CHARTER_FORMAT_TEXT ? CHARTER_REDLINE_COLOR : 0);
	charter_redline_options ro = CHARTER_REDLINE_OPTIONS_INIT;
	if (plain)
		ro.flags |= CHARTER_REDLINE_IGNORE_TYPOGRAPHY;
	if (fmt == CHARTER_FORMAT_DOCX || fmt == CHARTER_FORMAT_ODT) {
		rc = office_diff(store, from, to, section, &ro, fmt, full, output);
	} else if (charter_diff(&rl, store, from, to, section, &ro) < 0 ||
	    charter_redline_render(&out, &len, rl, fmt, flags) < 0) {
		rc = cli_fail();
	} else if (fmt == CHARTER_FORMAT_HTML) {
		char *page = NULL;
		size_t plen = 0;
		/* The page says which two points it compares. */
		char title[400], *body = NULL;
		size_t blen = 0;
		snprintf(title, sizeof(title), "Changes from %.120s to %.120s%s%.120s", from, to ? to : "today",
			section ? " in " : "", section ? section : "");
		FILE *f = open_memstream(&body, &blen);
		if (!f) {
			rc = cli_error("out of memory");
		} else {
			fputs("<h1>", f);
			for (const char *p = title; *p; p++)
				fputs(*p == '<' ? "&lt;" : *p == '>' ? "&gt;" : *p == '&' ? "&amp;" : (char[2]){ *p, 0 }, f);
			fprintf(f, "</h1>\n%s", out);
			fclose(f);
			rc = charter_html_page(&page, &plen, title, body) < 0 ? cli_fail() : cli_output(output, page, plen);
			free(body);
		}
		charter_free(page);
	} else {
		rc = cli_output(output, out, len);
	}
	charter_free(out);
	charter_redline_free(rl);
	charter_store_free(store);
	return rc;
}
