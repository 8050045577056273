/* charter amendment ID: one amendment, its records and its redlines. */
#include <stdlib.h>
#include <string.h>

#include "charter/redline.h"
#include "cli.h"

/* The redline of side `from` -> `to` over the amendment's files, rendered in
 * `fmt`; *out NULL when the `to` side is missing (does not apply). */
static unsigned int context_flags; /* --context N, --whole */

static int redline(char **out, const charter_amendment *a, charter_text_side from, charter_text_side to,
	charter_format fmt)
{
	size_t n = charter_amendment_file_count(a), nold = 0, nnew = 0;
	charter_redline_section *old = calloc(n ? n : 1, sizeof(*old)), *new = calloc(n ? n : 1, sizeof(*new));
	char (*names)[80] = calloc(n ? n : 1, sizeof(*names));
	charter_redline *rl = NULL;
	int error = CHARTER_ERROR;
	bool missing = false;
	*out = NULL;
	if (!old || !new || !names)
		goto done;
	for (size_t i = 0; i < n; i++) {
		const char *path = charter_amendment_file_path(a, i);
		const char *before = charter_amendment_file_text(a, i, from);
		const char *after = charter_amendment_file_text(a, i, to);
		size_t len = strlen(path);
		if (strncmp(path, "sections/", 9) == 0 && len > 12)
			snprintf(names[i], sizeof(names[i]), "%.*s", (int)(len - 12), path + 9);
		else
			snprintf(names[i], sizeof(names[i]), "%s", path);
		/* A file the change keeps but that has no text on the `to` side
		 * means the change does not apply there. */
		if (!after && charter_amendment_file_text(a, i, CHARTER_TEXT_PROPOSED))
			missing = true;
		if (before)
			old[nold++] = (charter_redline_section){ names[i], before, strlen(before) };
		if (after)
			new[nnew++] = (charter_redline_section){ names[i], after, strlen(after) };
	}
	if (missing && to == CHARTER_TEXT_AFTER) {
		error = 0;
		goto done;
	}
	if ((error = charter_redline_init(&rl, old, nold, new, nnew, NULL)) == 0)
		error = charter_redline_render(out, NULL, rl, fmt, context_flags | (cli.color && fmt == CHARTER_FORMAT_TEXT
			? CHARTER_REDLINE_COLOR : 0));
done:
	charter_redline_free(rl);
	free(old);
	free(new);
	free(names);
	return error;
}

static void signature_line(const charter_amendment *a, charter_record_kind which, const char *label)
{
	charter_signature_info s;
	const char *commit = which == CHARTER_RECORD_PROPOSAL ? charter_amendment_proposal_commit(a)
		: charter_amendment_outcome_commit(a);
	if (charter_amendment_signature(&s, a, which) < 0)
		return;
	printf("%-12s %.12s, ", label, commit);
	if (!s.present) {
		printf("unsigned\n");
		return;
	}
	printf("signed with key %s", s.fingerprint);
	if (*s.principal)
		printf(" (principal %s)", s.principal);
	printf(": %s%s%s\n", s.verifies ? cli_green() : cli_red(), s.verifies ? "signature good" : s.detail,
		cli_reset());
	if (s.verifies && strcmp(s.detail, "good") != 0)
		printf("%-12s %s\n", "", s.detail);
}

static void signature_json(const charter_amendment *a, charter_record_kind which)
{
	charter_signature_info s;
	if (charter_amendment_signature(&s, a, which) < 0) {
		fputs("null", stdout);
		return;
	}
	printf("{\"signed\":%s,\"verifies\":%s,\"fingerprint\":", s.present ? "true" : "false",
		s.verifies ? "true" : "false");
	cli_json_string(s.fingerprint);
	fputs(",\"principal\":", stdout);
	cli_json_string(s.principal);
	fputs(",\"detail\":", stdout);
	cli_json_string(s.detail);
	putchar('}');
}

/* {"commit", "message", "signature"} of one record, or null when there is
 * none (`commit` empty: no outcome yet). */
static void record_json(const charter_amendment *a, charter_record_kind which, const char *commit)
{
	if (!*commit) {
		fputs("null", stdout);
		return;
	}
	fputs("{\"commit\":", stdout);
	cli_json_string(commit);
	fputs(",\"message\":", stdout);
	cli_json_string(charter_amendment_message(a, which));
	fputs(",\"signature\":", stdout);
	signature_json(a, which);
	putchar('}');
}

static const char *against_label(const charter_amendment *a)
{
	return charter_amendment_state(a) == CHARTER_AMENDMENT_ADOPTED ? "as adopted" : "against today's text";
}

static int print_details_json(const charter_amendment *a)
{
	char *proposed = NULL, *today = NULL;
	if (redline(&proposed, a, CHARTER_TEXT_BASE, CHARTER_TEXT_PROPOSED, CHARTER_FORMAT_JSON) < 0 ||
	    redline(&today, a, CHARTER_TEXT_BEFORE, CHARTER_TEXT_AFTER, CHARTER_FORMAT_JSON) < 0) {
		charter_free(proposed);
		return cli_fail();
	}
	fputs("{\"amendment\":", stdout);
	cli_amendment_json(a);
	fputs(",\"rationale\":", stdout);
	cli_json_string(charter_amendment_rationale(a));
	fputs(",\"records\":{\"proposal\":", stdout);
	record_json(a, CHARTER_RECORD_PROPOSAL, charter_amendment_proposal_commit(a));
	fputs(",\"outcome\":", stdout);
	record_json(a, CHARTER_RECORD_OUTCOME, charter_amendment_outcome_commit(a));
	fputs("},\"files\":[", stdout);
	for (size_t i = 0; i < charter_amendment_file_count(a); i++) {
		if (i)
			putchar(',');
		cli_json_string(charter_amendment_file_path(a, i));
	}
	printf("],\"redline_proposed\":%s,\"redline_today\":%s}\n", proposed ? proposed : "null",
		today ? today : "null");
	charter_free(proposed);
	charter_free(today);
	return 0;
}

static void html_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		default: fputc(*s, f);
		}
	}
}

static void markdown_line(const char *label, const char *value)
{
	printf("- **%s:** %s\n", label, value);
}

static int print_document(const charter_amendment *a, charter_format fmt)
{
	charter_amendment_state_t st = charter_amendment_state(a);
	char *proposed = NULL, *today = NULL;
	char outcome[200] = "";
	if (redline(&proposed, a, CHARTER_TEXT_BASE, CHARTER_TEXT_PROPOSED, fmt) < 0 ||
	    redline(&today, a, CHARTER_TEXT_BEFORE, CHARTER_TEXT_AFTER, fmt) < 0) {
		charter_free(proposed);
		return cli_fail();
	}
	if (st != CHARTER_AMENDMENT_PENDING)
		snprintf(outcome, sizeof(outcome), "%s%s%s%s%s%s", charter_amendment_convention(a),
			*charter_amendment_convention(a) ? ", " : "",
			charter_amendment_date(a), *charter_amendment_vote(a) ? ", vote " : "",
			charter_amendment_vote(a),
			charter_amendment_as_amended(a) ? ", as amended" : "");
	char sections[400] = "";
	for (size_t i = 0; i < charter_amendment_section_count(a); i++)
		snprintf(sections + strlen(sections), sizeof(sections) - strlen(sections), "%s%s", i ? ", " : "",
			charter_amendment_section(a, i));
	/* No section named (the order of sections, the allowed signers): the files. */
	for (size_t i = 0; !charter_amendment_section_count(a) && i < charter_amendment_file_count(a); i++)
		snprintf(sections + strlen(sections), sizeof(sections) - strlen(sections), "%s%s", i ? ", " : "",
			charter_amendment_file_path(a, i));
	const char *rationale = charter_amendment_rationale(a);

	if (fmt == CHARTER_FORMAT_TEXT) {
		printf("%sAmendment %s: %s%s\n", cli_bold(), charter_amendment_id(a), charter_amendment_title(a),
			cli_reset());
		printf("%-12s %s%s%s%s\n", "State:", charter_amendment_state_name(st), *outcome ? " (" : "", outcome,
			*outcome ? ")" : "");
		printf("%-12s %s\n", "Sections:", *sections ? sections : "none");
		printf("%-12s %s, %s\n", "Proposed by:", charter_amendment_proposed_by(a), charter_amendment_proposed_on(a));
		for (size_t i = 0; i < charter_amendment_seconded_count(a); i++)
			printf("%-12s %s\n", i ? "" : "Seconded by:", charter_amendment_seconded_by(a, i));
		signature_line(a, CHARTER_RECORD_PROPOSAL, "Proposal:");
		printf("%-12s %.12s\n", "Base:", charter_amendment_base_commit(a));
		if (st != CHARTER_AMENDMENT_PENDING)
			signature_line(a, CHARTER_RECORD_OUTCOME, st == CHARTER_AMENDMENT_ADOPTED ? "Adoption:"
				: st == CHARTER_AMENDMENT_REJECTED ? "Rejection:" : "Withdrawal:");
		if (st == CHARTER_AMENDMENT_PENDING && charter_amendment_applies(a) == 0)
			printf("%-12s %s%s%s\n", "Applies:", cli_red(), charter_amendment_collision(a), cli_reset());
		else if (st == CHARTER_AMENDMENT_PENDING)
			printf("%-12s %syes, cleanly to today's text%s\n", "Applies:", cli_green(), cli_reset());
		if (*rationale)
			printf("\n%s\n", rationale);
		printf("\n%s== The change as proposed ==%s\n%s", cli_bold(), cli_reset(), proposed ? proposed : "");
		printf("\n%s== The change %s ==%s\n%s", cli_bold(), against_label(a), cli_reset(),
			today ? today : "(it does not apply to today's text)\n");
	} else if (fmt == CHARTER_FORMAT_MARKDOWN) {
		printf("# Amendment %s: %s\n\n", charter_amendment_id(a), charter_amendment_title(a));
		char state[300];
		snprintf(state, sizeof(state), "%s%s%s%s", charter_amendment_state_name(st), *outcome ? " (" : "",
			outcome, *outcome ? ")" : "");
		markdown_line("State", state);
		markdown_line("Sections", *sections ? sections : "none");
		markdown_line("Proposed by", charter_amendment_proposed_by(a));
		markdown_line("Proposed on", charter_amendment_proposed_on(a));
		for (size_t i = 0; i < charter_amendment_seconded_count(a); i++)
			markdown_line("Seconded by", charter_amendment_seconded_by(a, i));
		if (*rationale)
			printf("\n%s\n", rationale);
		printf("\n## The change as proposed\n\n%s\n## The change %s\n\n%s", proposed ? proposed : "",
			against_label(a), today ? today : "*It does not apply to today's text.*\n");
	} else {
		/* The page is the fragment inside charter's stylesheet. */
		char *body = NULL, *page = NULL;
		size_t blen = 0, plen = 0;
		FILE *f = open_memstream(&body, &blen);
		if (!f) {
			charter_free(proposed);
			charter_free(today);
			return cli_error("out of memory");
		}
		fputs("<article class=\"amendment\">\n<h1>Amendment ", f);
		html_text(f, charter_amendment_id(a));
		fputs(": ", f);
		html_text(f, charter_amendment_title(a));
		fputs("</h1>\n<dl>\n<dt>State</dt><dd>", f);
		html_text(f, charter_amendment_state_name(st));
		if (*outcome) {
			fputs(" (", f);
			html_text(f, outcome);
			fputs(")", f);
		}
		fputs("</dd>\n<dt>Sections</dt><dd>", f);
		html_text(f, *sections ? sections : "none");
		fputs("</dd>\n<dt>Proposed by</dt><dd>", f);
		html_text(f, charter_amendment_proposed_by(a));
		fputs(", ", f);
		html_text(f, charter_amendment_proposed_on(a));
		fputs("</dd>\n</dl>\n", f);
		if (*rationale) {
			fputs("<p class=\"rationale\">", f);
			html_text(f, rationale);
			fputs("</p>\n", f);
		}
		fprintf(f, "<h2>The change as proposed</h2>\n%s<h2>The change %s</h2>\n%s</article>\n",
			proposed ? proposed : "", against_label(a),
			today ? today : "<p>It does not apply to today's text.</p>\n");
		fclose(f);
		char title[300];
		snprintf(title, sizeof(title), "Amendment %s", charter_amendment_id(a));
		int rc = charter_html_page(&page, &plen, title, body) < 0 ? cli_fail() : cli_output(NULL, page, plen);
		free(body);
		charter_free(page);
		if (rc) {
			charter_free(proposed);
			charter_free(today);
			return rc;
		}
	}
	charter_free(proposed);
	charter_free(today);
	return 0;
}

int cmd_amendment(const cli_command *cmd, int argc, char **argv)
{
	const char *format = "text", *context = NULL;
	bool whole = false;
	const cli_option opts[] = {
		{ "format", OPT_STRING, &format, "FORMAT", "text, json, markdown or html" },
		CLI_CONTEXT_OPTIONS(&context, &whole),
		{ 0 },
	};
	static const char *const formats[] = { "text", "json", "markdown", "html", NULL };
	charter_format fmt;
	char **pos;
	int npos, rc;
	if ((rc = cli_parse(cmd, opts, argc, argv, &pos, &npos, 1, 1)) != 0)
		return rc < 0 ? 0 : rc;
	if ((rc = cli_format(&fmt, format, formats)) != 0 || (rc = cli_context(&context_flags, context, whole)) != 0)
		return rc;
	charter_store *store = NULL;
	charter_amendment *a = NULL;
	if ((rc = cli_open_store(&store)) != 0)
		return rc;
	if (charter_amendment_load(&a, store, pos[0], CHARTER_AMENDMENT_CHECK_APPLIES | CHARTER_AMENDMENT_DETAILS) < 0)
		rc = cli_fail();
	else if (fmt == CHARTER_FORMAT_JSON)
		rc = print_details_json(a);
	else
		rc = print_document(a, fmt);
	charter_amendment_free(a);
	charter_store_free(store);
	return rc;
}
