/* Amendments as reports: the list, one amendment's summary and its whole
 * record (text, JSON, Markdown, HTML), and a closed convention, as
 * `charter amendments`, `charter amendment` and the writing commands print them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amend/amend.h"
#include "base/buf.h"
#include "base/ansi.h"
#include "base/html.h"
#include "base/internal.h"
#include "base/json.h"
#include "base/text.h"
#include "charter/redline.h"
#include "store/store.h"

#define ONLY_MASK (CHARTER_AMENDMENT_ONLY(CHARTER_AMENDMENT_PENDING) | \
	CHARTER_AMENDMENT_ONLY(CHARTER_AMENDMENT_ADOPTED) | CHARTER_AMENDMENT_ONLY(CHARTER_AMENDMENT_REJECTED) | \
	CHARTER_AMENDMENT_ONLY(CHARTER_AMENDMENT_WITHDRAWN))

/* ---- the summary: one object of the list, one line of the list -------- */

static void summary_json(buf *b, const charter_amendment *a)
{
	charter_amendment_state_t st = charter_amendment_state(a);
	buf_puts(b, "{\"id\":");
	json_string(b, charter_amendment_id(a));
	buf_puts(b, ",\"title\":");
	json_string(b, charter_amendment_title(a));
	buf_puts(b, ",\"state\":");
	json_string(b, charter_amendment_state_name(st));
	buf_puts(b, ",\"sections\":[");
	for (size_t i = 0; i < charter_amendment_section_count(a); i++) {
		if (i)
			buf_putc(b, ',');
		json_string(b, charter_amendment_section(a, i));
	}
	buf_puts(b, "],\"proposed_by\":");
	json_string(b, charter_amendment_proposed_by(a));
	buf_puts(b, ",\"seconded_by\":[");
	for (size_t i = 0; i < charter_amendment_seconded_count(a); i++) {
		if (i)
			buf_putc(b, ',');
		json_string(b, charter_amendment_seconded_by(a, i));
	}
	buf_puts(b, "],\"proposed_on\":");
	json_string(b, charter_amendment_proposed_on(a));
	buf_puts(b, ",\"convention\":");
	json_or_null(b, json_absent_if_empty(charter_amendment_convention(a)));
	buf_puts(b, ",\"date\":");
	json_or_null(b, json_absent_if_empty(charter_amendment_date(a)));
	buf_puts(b, ",\"vote\":");
	json_or_null(b, json_absent_if_empty(charter_amendment_vote(a)));
	buf_puts(b, ",\"applies\":");
	json_bool(b, charter_amendment_applies(a) == 1);
	buf_puts(b, ",\"collides_with\":[");
	for (size_t i = 0; i < charter_amendment_collides_count(a); i++) {
		if (i)
			buf_putc(b, ',');
		json_string(b, charter_amendment_collides_with(a, i));
	}
	buf_puts(b, "],\"collision\":");
	json_or_null(b, json_absent_if_empty(charter_amendment_collision(a)));
	buf_puts(b, ",\"as_amended\":");
	json_bool(b, charter_amendment_as_amended(a));
	buf_puts(b, ",\"proposal\":");
	json_string(b, charter_amendment_proposal_commit(a));
	buf_puts(b, ",\"base\":");
	json_string(b, charter_amendment_base_commit(a));
	buf_puts(b, ",\"outcome\":");
	json_or_null(b, json_absent_if_empty(charter_amendment_outcome_commit(a)));
	buf_puts(b, ",\"amends\":");
	json_or_null(b, json_absent_if_empty(charter_amendment_amends(a)));
	/* Only when there is something to say: every other output stays as it was. */
	if (charter_amendment_sanitized(a))
		buf_puts(b, ",\"sanitized\":true");
	buf_putc(b, '}');
}

/* One line of the list (two for a pending one: whether it applies), the
 * id padded to `width`. */
static void summary_text(buf *b, const charter_amendment *a, int width, const ansi_colours *c)
{
	charter_amendment_state_t st = charter_amendment_state(a);
	const char *colour = st == CHARTER_AMENDMENT_ADOPTED ? c->green
		: st == CHARTER_AMENDMENT_PENDING ? c->bold : c->dim;
	/* A secondary amendment stands under its primary, indented. */
	bool secondary = *charter_amendment_amends(a) != '\0';
	buf_printf(b, "%s%s%-*s%s %s%-9s%s ", secondary ? "  " : "", c->bold, secondary ? width - 2 : width,
		charter_amendment_id(a), c->reset, colour, charter_amendment_state_name(st), c->reset);
	if (st == CHARTER_AMENDMENT_PENDING)
		buf_printf(b, "proposed %s ", charter_amendment_proposed_on(a));
	else if (*charter_amendment_convention(a))
		buf_printf(b, "%s %s ", charter_amendment_convention(a), charter_amendment_date(a));
	else
		buf_printf(b, "%s ", charter_amendment_date(a));
	if (*charter_amendment_vote(a))
		buf_printf(b, "(vote %s) ", charter_amendment_vote(a));
	buf_putc(b, '[');
	for (size_t i = 0; i < charter_amendment_section_count(a); i++)
		buf_printf(b, "%s%s", i ? ", " : "", charter_amendment_section(a, i));
	if (!charter_amendment_section_count(a))
		buf_puts(b, "no section");
	buf_printf(b, "] %s\n", charter_amendment_title(a));
	if (charter_amendment_sanitized(a))
		buf_printf(b, "%*s %sits record did not pass propose's checks (control characters shown as ?, "
			"or a bad section name): not written with charter%s\n", width, "", c->red, c->reset);
	if (st != CHARTER_AMENDMENT_PENDING)
		return;
	if (charter_amendment_applies(a) == 1 && secondary)
		buf_printf(b, "%*s %sapplies to the text of %s%s", width, "", c->green, charter_amendment_amends(a),
			c->reset);
	else if (charter_amendment_applies(a) == 1)
		buf_printf(b, "%*s %sapplies to today's text%s", width, "", c->green, c->reset);
	else
		buf_printf(b, "%*s %sdoes not apply: %s%s", width, "", c->red, charter_amendment_collision(a), c->reset);
	size_t n = charter_amendment_collides_count(a);
	if (n) {
		buf_printf(b, "; %scollides with ", c->red);
		for (size_t i = 0; i < n; i++)
			buf_printf(b, "%s%s", i ? ", " : "", charter_amendment_collides_with(a, i));
		buf_puts(b, c->reset);
	}
	buf_putc(b, '\n');
}

/* ---- lists --------------------------------------------------------------- */

static int check_list_format(charter_format format)
{
	if (format != CHARTER_FORMAT_TEXT && format != CHARTER_FORMAT_JSON)
		return error_set(CHARTER_EINVALID, "a list of amendments is rendered as text or JSON");
	return 0;
}

/* The ids are padded to the longest of all `n` (under 40 bytes), shown or
 * not, so that a filtered list lines up like the whole one. */
static void render_list(buf *b, const charter_amendment *const *items, size_t n, charter_format format,
	unsigned int flags)
{
	ansi_colours c = ansi_colours_for(flags & CHARTER_AMENDMENT_COLOR);
	unsigned int only = flags & ONLY_MASK;
	size_t shown = 0;
	int width = 2;
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(charter_amendment_id(items[i])) + (*charter_amendment_amends(items[i]) ? 2 : 0);
		if ((int)len > width && len < 40)
			width = (int)len;
	}
	if (format == CHARTER_FORMAT_JSON)
		buf_putc(b, '[');
	for (size_t i = 0; i < n; i++) {
		if (only && !(only & CHARTER_AMENDMENT_ONLY(charter_amendment_state(items[i]))))
			continue;
		if (format == CHARTER_FORMAT_JSON) {
			if (shown)
				buf_putc(b, ',');
			summary_json(b, items[i]);
		} else {
			summary_text(b, items[i], width, &c);
		}
		shown++;
	}
	if (format == CHARTER_FORMAT_JSON) {
		buf_puts(b, "]\n");
		return;
	}
	if (shown)
		return;
	/* "No amendments.", or "No pending amendments." for one state. */
	const char *state = "";
	for (int s = CHARTER_AMENDMENT_PENDING; s <= CHARTER_AMENDMENT_WITHDRAWN; s++)
		if (only == CHARTER_AMENDMENT_ONLY(s))
			state = charter_amendment_state_name((charter_amendment_state_t)s);
	buf_printf(b, "No %s%samendments.\n", state, *state ? " " : "");
}

int charter_amendment_list_render(char **out, size_t *out_len, const charter_amendment_list *list,
	charter_format format, unsigned int flags)
{
	buf b = BUF_INIT;
	int error;
	*out = NULL;
	if ((error = check_list_format(format)) < 0)
		return error;
	size_t n = charter_amendment_list_count(list);
	const charter_amendment **items = calloc(n ? n : 1, sizeof(*items));
	if (!items)
		return error_set(CHARTER_ERROR, "out of memory");
	for (size_t i = 0; i < n; i++)
		items[i] = charter_amendment_list_get(list, i);
	render_list(&b, items, n, format, flags);
	free(items);
	return buf_hand_over(&b, out, out_len);
}

int charter_amendments_render(char **out, size_t *out_len, const charter_amendment *const *items, size_t n,
	charter_format format, unsigned int flags)
{
	buf b = BUF_INIT;
	int error;
	*out = NULL;
	if ((error = check_list_format(format)) < 0)
		return error;
	render_list(&b, items, n, format, flags);
	return buf_hand_over(&b, out, out_len);
}

/* ---- one amendment's record ---------------------------------------------- */

/* The redline of side `from` -> `to` over the amendment's files, rendered in
 * `fmt`; *out NULL when the `to` side is missing (does not apply). The
 * context bits of `flags` are the redline's own (CHARTER_REDLINE_CONTEXT). */
static int redline(char **out, const charter_amendment *a, charter_text_side from, charter_text_side to,
	charter_format fmt, unsigned int flags)
{
	charter_redline *rl = NULL;
	unsigned int rflags = flags & (CHARTER_REDLINE_CONTEXT_ON | 0xff00u);
	if ((flags & CHARTER_AMENDMENT_COLOR) && fmt == CHARTER_FORMAT_TEXT)
		rflags |= CHARTER_REDLINE_COLOR;
	*out = NULL;
	charter_redline_options ro = CHARTER_REDLINE_OPTIONS_INIT;
	if (flags & CHARTER_AMENDMENT_IGNORE_TYPOGRAPHY)
		ro.flags |= CHARTER_REDLINE_IGNORE_TYPOGRAPHY;
	int error = amend_redline(&rl, a, from, to, -1, &ro);
	if (error == 0 && rl)
		error = charter_redline_render(out, NULL, rl, fmt, rflags);
	charter_redline_free(rl);
	return error;
}

static void signature_line(buf *b, const charter_amendment *a, charter_record_kind which, const char *label,
	const ansi_colours *c)
{
	charter_signature_info s;
	const char *commit = which == CHARTER_RECORD_PROPOSAL ? charter_amendment_proposal_commit(a)
		: charter_amendment_outcome_commit(a);
	if (charter_amendment_signature(&s, a, which) < 0) {
		error_clear();
		return;
	}
	buf_printf(b, "%-12s %.12s, ", label, commit);
	if (!s.present) {
		buf_puts(b, "unsigned\n");
		return;
	}
	buf_printf(b, "signed with key %s", s.fingerprint);
	if (*s.principal)
		buf_printf(b, " (principal %s)", s.principal);
	buf_printf(b, ": %s%s%s\n", s.verifies ? c->green : c->red, s.verifies ? "signature good" : s.detail, c->reset);
	if (s.verifies && strcmp(s.detail, "good") != 0)
		buf_printf(b, "%-12s %s\n", "", s.detail);
}

static void signature_json(buf *b, const charter_amendment *a, charter_record_kind which)
{
	charter_signature_info s;
	if (charter_amendment_signature(&s, a, which) < 0) {
		error_clear();
		buf_puts(b, "null");
		return;
	}
	buf_puts(b, "{\"signed\":");
	json_bool(b, s.present);
	buf_puts(b, ",\"verifies\":");
	json_bool(b, s.verifies);
	buf_puts(b, ",\"fingerprint\":");
	json_string(b, s.fingerprint);
	buf_puts(b, ",\"principal\":");
	json_string(b, s.principal);
	buf_puts(b, ",\"detail\":");
	json_string(b, s.detail);
	buf_putc(b, '}');
}

/* {"commit", "message", "signature"} of one record, or null when there is
 * none (`commit` empty: no outcome yet). */
static void record_json(buf *b, const charter_amendment *a, charter_record_kind which, const char *commit)
{
	if (!*commit) {
		buf_puts(b, "null");
		return;
	}
	buf_puts(b, "{\"commit\":");
	json_string(b, commit);
	buf_puts(b, ",\"message\":");
	json_string(b, charter_amendment_message(a, which));
	buf_puts(b, ",\"signature\":");
	signature_json(b, a, which);
	buf_putc(b, '}');
}

static const char *against_label(const charter_amendment *a)
{
	return charter_amendment_state(a) == CHARTER_AMENDMENT_ADOPTED ? "as adopted" : "against today's text";
}

/* JSON: a primary's amendments (loaded with CHARTER_AMENDMENT_SECONDARIES),
 * as the summaries of `amendments`; the field only when it has some. */
static void secondaries_json(buf *b, const charter_amendment *a)
{
	for (size_t i = 0; i < charter_amendment_secondary_count(a); i++) {
		buf_puts(b, i ? "," : ",\"secondaries\":[");
		summary_json(b, charter_amendment_secondary(a, i));
		if (i + 1 == charter_amendment_secondary_count(a))
			buf_putc(b, ']');
	}
}

static void details_json(buf *b, const charter_amendment *a, const char *proposed, const char *today)
{
	buf_puts(b, "{\"amendment\":");
	summary_json(b, a);
	buf_puts(b, ",\"rationale\":");
	json_string(b, charter_amendment_rationale(a));
	buf_puts(b, ",\"records\":{\"proposal\":");
	record_json(b, a, CHARTER_RECORD_PROPOSAL, charter_amendment_proposal_commit(a));
	buf_puts(b, ",\"outcome\":");
	record_json(b, a, CHARTER_RECORD_OUTCOME, charter_amendment_outcome_commit(a));
	buf_puts(b, "},\"files\":[");
	for (size_t i = 0; i < charter_amendment_file_count(a); i++) {
		if (i)
			buf_putc(b, ',');
		json_string(b, charter_amendment_file_path(a, i));
	}
	buf_printf(b, "],\"redline_proposed\":%s,\"redline_today\":%s", proposed ? proposed : "null",
		today ? today : "null");
	secondaries_json(b, a);
	buf_puts(b, "}\n");
}

static void markdown_line(buf *b, const char *label, const char *value)
{
	buf_printf(b, "- **%s:** %s\n", label, value);
}

static void html_text(buf *b, const char *s)
{
	html_escape(b, s, strlen(s));
}

/* TEXT, MARKDOWN, HTML (a fragment): after a secondary's record, the
 * primary it amends; after a primary's (loaded with
 * CHARTER_AMENDMENT_SECONDARIES), its amendments: the adopted ones
 * (already in the text as proposed above) and the others, each pending one
 * with its change to the primary's text. */
static int secondaries_document(buf *b, const charter_amendment *a, charter_format fmt, unsigned int flags,
	const ansi_colours *c)
{
	bool md = fmt == CHARTER_FORMAT_MARKDOWN, html = fmt == CHARTER_FORMAT_HTML;
	if (*charter_amendment_amends(a)) {
		if (html) {
			buf_puts(b, "<p class=\"amends\">An amendment to amendment ");
			html_text(b, charter_amendment_amends(a));
			buf_puts(b, ".</p>\n");
		} else if (md) {
			buf_printf(b, "\n*An amendment to amendment %s.*\n", charter_amendment_amends(a));
		} else {
			buf_printf(b, "\n%-12s %s\n", "Amends:", charter_amendment_amends(a));
		}
		return 0;
	}
	for (size_t i = 0; i < charter_amendment_secondary_count(a); i++) {
		const charter_amendment *s = charter_amendment_secondary(a, i);
		charter_amendment_state_t st = charter_amendment_state(s);
		const char *in_text = st == CHARTER_AMENDMENT_ADOPTED ? ", in the text above" : "";
		if (i == 0) {
			if (html)
				buf_puts(b, "<h2>Amendments to this amendment</h2>\n");
			else if (md)
				buf_puts(b, "\n## Amendments to this amendment\n\n");
			else
				buf_printf(b, "\n%s== Amendments to this amendment ==%s\n", c->bold, c->reset);
		}
		if (html) {
			buf_puts(b, "<p class=\"secondary\"><strong>");
			html_text(b, charter_amendment_id(s));
			buf_printf(b, "</strong> (%s%s): ", charter_amendment_state_name(st), in_text);
			html_text(b, charter_amendment_title(s));
			buf_puts(b, "</p>\n");
		} else {
			buf_printf(b, md ? "- **%s** (%s%s): %s\n" : "%s  %s%s  %s\n", charter_amendment_id(s),
				charter_amendment_state_name(st), in_text, charter_amendment_title(s));
		}
		if (st != CHARTER_AMENDMENT_PENDING)
			continue;
		char *change = NULL;
		int error = redline(&change, s, CHARTER_TEXT_BASE, CHARTER_TEXT_PROPOSED, fmt, flags);
		if (error < 0)
			return error;
		if (html)
			html_shift_headings(b, change ? change : "", 2);
		else
			buf_printf(b, "\n%s\n", change ? change : "");
		charter_free(change);
	}
	return 0;
}

/* The document in TEXT, MARKDOWN or HTML (a complete page). */
static int details_document(buf *b, const charter_amendment *a, charter_format fmt, const char *proposed,
	const char *today, const char *more, const ansi_colours *c)
{
	charter_amendment_state_t st = charter_amendment_state(a);
	buf outcome = BUF_INIT, sections = BUF_INIT, state = BUF_INIT;
	int error = 0;
	if (st != CHARTER_AMENDMENT_PENDING)
		buf_printf(&outcome, "%s%s%s%s%s%s", charter_amendment_convention(a),
			*charter_amendment_convention(a) ? ", " : "", charter_amendment_date(a),
			*charter_amendment_vote(a) ? ", vote " : "", charter_amendment_vote(a),
			charter_amendment_as_amended(a) ? ", as amended" : "");
	for (size_t i = 0; i < charter_amendment_section_count(a); i++)
		buf_printf(&sections, "%s%s", i ? ", " : "", charter_amendment_section(a, i));
	/* No section named (the order of sections, the allowed signers): the files. */
	for (size_t i = 0; !charter_amendment_section_count(a) && i < charter_amendment_file_count(a); i++)
		buf_printf(&sections, "%s%s", i ? ", " : "", charter_amendment_file_path(a, i));
	const char *out_s = buf_cstr(&outcome), *sec_s = sections.size ? buf_cstr(&sections) : "none";
	const char *rationale = charter_amendment_rationale(a);
	buf_printf(&state, "%s%s%s%s", charter_amendment_state_name(st), *out_s ? " (" : "", out_s, *out_s ? ")" : "");

	if (fmt == CHARTER_FORMAT_TEXT) {
		buf_printf(b, "%sAmendment %s: %s%s\n", c->bold, charter_amendment_id(a), charter_amendment_title(a),
			c->reset);
		buf_printf(b, "%-12s %s\n", "State:", buf_cstr(&state));
		buf_printf(b, "%-12s %s\n", "Sections:", sec_s);
		buf_printf(b, "%-12s %s, %s\n", "Proposed by:", charter_amendment_proposed_by(a),
			charter_amendment_proposed_on(a));
		for (size_t i = 0; i < charter_amendment_seconded_count(a); i++)
			buf_printf(b, "%-12s %s\n", i ? "" : "Seconded by:", charter_amendment_seconded_by(a, i));
		signature_line(b, a, CHARTER_RECORD_PROPOSAL, "Proposal:", c);
		buf_printf(b, "%-12s %.12s\n", "Base:", charter_amendment_base_commit(a));
		if (st != CHARTER_AMENDMENT_PENDING)
			signature_line(b, a, CHARTER_RECORD_OUTCOME, st == CHARTER_AMENDMENT_ADOPTED ? "Adoption:"
				: st == CHARTER_AMENDMENT_REJECTED ? "Rejection:" : "Withdrawal:", c);
		if (st == CHARTER_AMENDMENT_PENDING && charter_amendment_applies(a) == 0)
			buf_printf(b, "%-12s %s%s%s\n", "Applies:", c->red, charter_amendment_collision(a), c->reset);
		else if (st == CHARTER_AMENDMENT_PENDING)
			buf_printf(b, "%-12s %syes, cleanly to today's text%s\n", "Applies:", c->green, c->reset);
		if (*rationale)
			buf_printf(b, "\n%s\n", rationale);
		buf_printf(b, "\n%s== The change as proposed ==%s\n%s", c->bold, c->reset, proposed ? proposed : "");
		buf_printf(b, "\n%s== The change %s ==%s\n%s%s", c->bold, against_label(a), c->reset,
			today ? today : "(it does not apply to today's text)\n", more);
	} else if (fmt == CHARTER_FORMAT_MARKDOWN) {
		buf_printf(b, "# Amendment %s: %s\n\n", charter_amendment_id(a), charter_amendment_title(a));
		markdown_line(b, "State", buf_cstr(&state));
		markdown_line(b, "Sections", sec_s);
		markdown_line(b, "Proposed by", charter_amendment_proposed_by(a));
		markdown_line(b, "Proposed on", charter_amendment_proposed_on(a));
		for (size_t i = 0; i < charter_amendment_seconded_count(a); i++)
			markdown_line(b, "Seconded by", charter_amendment_seconded_by(a, i));
		if (*rationale)
			buf_printf(b, "\n%s\n", rationale);
		buf_printf(b, "\n## The change as proposed\n\n%s\n## The change %s\n\n%s%s", proposed ? proposed : "",
			against_label(a), today ? today : "*It does not apply to today's text.*\n", more);
	} else {
		/* The page is the fragment inside charter's stylesheet. */
		buf body = BUF_INIT, title = BUF_INIT;
		char *page = NULL;
		size_t plen = 0;
		buf_puts(&body, "<article class=\"amendment\">\n<h1>Amendment ");
		html_text(&body, charter_amendment_id(a));
		buf_puts(&body, ": ");
		html_text(&body, charter_amendment_title(a));
		buf_puts(&body, "</h1>\n<dl>\n<dt>State</dt><dd>");
		html_text(&body, charter_amendment_state_name(st));
		if (*out_s) {
			buf_puts(&body, " (");
			html_text(&body, out_s);
			buf_puts(&body, ")");
		}
		buf_puts(&body, "</dd>\n<dt>Sections</dt><dd>");
		html_text(&body, sec_s);
		buf_puts(&body, "</dd>\n<dt>Proposed by</dt><dd>");
		html_text(&body, charter_amendment_proposed_by(a));
		buf_puts(&body, ", ");
		html_text(&body, charter_amendment_proposed_on(a));
		buf_puts(&body, "</dd>\n</dl>\n");
		if (*rationale) {
			buf_puts(&body, "<p class=\"rationale\">");
			html_text(&body, rationale);
			buf_puts(&body, "</p>\n");
		}
		/* The redlines' section headings go under these <h2>s. */
		buf_puts(&body, "<h2>The change as proposed</h2>\n");
		html_shift_headings(&body, proposed ? proposed : "", 2);
		buf_printf(&body, "<h2>The change %s</h2>\n", against_label(a));
		if (today)
			html_shift_headings(&body, today, 2);
		else
			buf_puts(&body, "<p>It does not apply to today's text.</p>\n");
		buf_printf(&body, "%s</article>\n", more);
		buf_printf(&title, "Amendment %s", charter_amendment_id(a));
		if ((error = buf_check(&body)) == 0 && (error = buf_check(&title)) == 0 &&
		    (error = charter_html_page(&page, &plen, buf_cstr(&title), buf_cstr(&body))) == 0)
			buf_put(b, page, plen);
		charter_free(page);
		buf_free(&body);
		buf_free(&title);
	}
	buf_free(&outcome);
	buf_free(&sections);
	buf_free(&state);
	return error;
}

int charter_amendment_render(char **out, size_t *out_len, const charter_amendment *a, charter_format format,
	unsigned int flags)
{
	buf b = BUF_INIT, more = BUF_INIT;
	char *proposed = NULL, *today = NULL;
	ansi_colours c = ansi_colours_for(flags & CHARTER_AMENDMENT_COLOR);
	int error = 0;
	*out = NULL;
	if (flags & CHARTER_AMENDMENT_SUMMARY) {
		if (format == CHARTER_FORMAT_JSON) {
			summary_json(&b, a);
			buf_putc(&b, '\n');
		} else if (format == CHARTER_FORMAT_TEXT) {
			size_t len = strlen(charter_amendment_id(a)) + (*charter_amendment_amends(a) ? 2 : 0);
			summary_text(&b, a, len > 2 && len < 40 ? (int)len : 2, &c);
		} else {
			return error_set(CHARTER_EINVALID, "an amendment's summary is rendered as text or JSON");
		}
		return buf_hand_over(&b, out, out_len);
	}
	if (format == CHARTER_FORMAT_DOCX || format == CHARTER_FORMAT_ODT)
		return amend_office(out, out_len, a, format, flags);
	if (format != CHARTER_FORMAT_TEXT && format != CHARTER_FORMAT_JSON && format != CHARTER_FORMAT_MARKDOWN &&
	    format != CHARTER_FORMAT_HTML)
		return error_set(CHARTER_EINVALID, "an amendment is rendered as text, JSON, Markdown, HTML, DOCX or ODT");
	if ((error = redline(&proposed, a, CHARTER_TEXT_BASE, CHARTER_TEXT_PROPOSED, format, flags)) < 0 ||
	    (error = redline(&today, a, CHARTER_TEXT_BEFORE, CHARTER_TEXT_AFTER, format, flags)) < 0)
		goto done;
	if (format == CHARTER_FORMAT_JSON)
		details_json(&b, a, proposed, today);
	else if ((error = secondaries_document(&more, a, format, flags, &c)) == 0 && (error = buf_check(&more)) == 0)
		error = details_document(&b, a, format, proposed, today, buf_cstr(&more), &c);
done:
	buf_free(&more);
	charter_free(proposed);
	charter_free(today);
	if (error < 0) {
		buf_free(&b);
		return error;
	}
	return buf_hand_over(&b, out, out_len);
}

/* ---- a closed convention ------------------------------------------------- */

int charter_convention_render(char **out, size_t *out_len, charter_store *store, const char *name,
	charter_format format, unsigned int flags)
{
	git_repository *repo = store_repo(store);
	git_oid tag_id;
	git_tag *tag = NULL;
	char ref[300], tag_hex[GIT_OID_HEXSZ + 1], commit_hex[GIT_OID_HEXSZ + 1], *date = NULL;
	char slug[NAME_SLUG_SIZE];
	buf b = BUF_INIT;
	int error;
	(void)flags;
	*out = NULL;
	if (format != CHARTER_FORMAT_TEXT && format != CHARTER_FORMAT_JSON)
		return error_set(CHARTER_EINVALID, "a closed convention is rendered as text or JSON");
	if ((error = convention_check(name)) < 0)
		return error;
	/* The name as the caller wrote it (any case, or the slug); its tag
	 * convention/<slug>. */
	convention_slug(slug, name);
	amend_refname(ref, CONVENTION_TAG_PREFIX, slug);
	if ((error = git_reference_name_to_id(&tag_id, repo, ref)) == GIT_ENOTFOUND)
		return error_set(CHARTER_ENOTFOUND, "the %s%s is not closed (no tag convention/%s)", name,
			convention_noun(name), slug);
	if (error < 0)
		return error_git(error, ref);
	if ((error = git_tag_lookup(&tag, repo, &tag_id)) < 0)
		return error_git(error, ref);
	git_oid_tostr(tag_hex, sizeof(tag_hex), &tag_id);
	git_oid_tostr(commit_hex, sizeof(commit_hex), git_tag_target_id(tag));
	date = message_trailer(git_tag_message(tag), "Closed-on");
	if (format == CHARTER_FORMAT_JSON) {
		buf_puts(&b, "{\"convention\":");
		json_string(&b, name);
		buf_puts(&b, ",\"tag\":");
		json_string(&b, tag_hex);
		buf_puts(&b, ",\"commit\":");
		json_string(&b, commit_hex);
		buf_puts(&b, ",\"date\":");
		json_or_null(&b, date);
		buf_puts(&b, "}\n");
	} else {
		buf_printf(&b, "Closed %s: signed tag convention/%s (%.12s)\n", name, slug, tag_hex);
	}
	free(date);
	git_tag_free(tag);
	return buf_hand_over(&b, out, out_len);
}
