/* The sync and push report as `charter sync` and `charter push` print it:
 * text (the refs moved, or why nothing moved) and JSON. */
#include <string.h>

#include "base/json.h"
#include "trust/verify.h"

static void json_report(buf *b, const charter_sync_report *r)
{
	charter_ref_update u;
	buf_printf(b, "{\"ok\": %s, \"remote\": ", charter_sync_report_ok(r) ? "true" : "false");
	json_string(b, charter_sync_report_remote(r));
	buf_printf(b, ", \"new_adoptions\": %zu, \"updates\": [", charter_sync_report_new_adoptions(r));
	for (size_t i = 0; i < charter_sync_report_count(r); i++) {
		charter_sync_report_update(&u, r, i);
		buf_puts(b, i ? ", {\"ref\": " : "{\"ref\": ");
		json_string(b, u.ref);
		buf_puts(b, ", \"old\": ");
		json_or_null(b, json_absent_if_empty(u.old_id));
		buf_puts(b, ", \"new\": ");
		json_string(b, u.new_id);
		buf_putc(b, '}');
	}
	buf_puts(b, "],\n \"verify\": ");
	if (charter_sync_report_verify(r))
		verify_report_json(b, charter_sync_report_verify(r));
	else
		buf_puts(b, "null");
	buf_puts(b, "}\n");
}

/* What the user should know about the remote (a push's note on its HEAD). */
static void note(buf *b, const charter_sync_report *r)
{
	if (*charter_sync_report_note(r))
		buf_printf(b, "Note: %s\n", charter_sync_report_note(r));
}

static void text_report(buf *b, const charter_sync_report *r)
{
	charter_ref_update u;
	const char *remote = charter_sync_report_remote(r);
	bool push = charter_sync_report_is_push(r);
	size_t n = charter_sync_report_count(r), adoptions = charter_sync_report_new_adoptions(r);
	if (n == 0) {
		buf_printf(b, "%s: already up to date with %s\n", push ? "push" : "sync", remote);
		note(b, r);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		charter_sync_report_update(&u, r, i);
		const char *name = strncmp(u.ref, "refs/heads/", 11) == 0 ? u.ref + 11 : u.ref + 5;
		if (*u.old_id)
			buf_printf(b, "  %-28s %.12s..%.12s\n", name, u.old_id, u.new_id);
		else
			buf_printf(b, "  %-28s %.12s (new)\n", name, u.new_id);
	}
	if (push)
		buf_printf(b, "Pushed %zu ref%s to %s (%zu new adoption%s, verified before sending)\n", n,
			n == 1 ? "" : "s", remote, adoptions, adoptions == 1 ? "" : "s");
	else
		buf_printf(b, "Took %zu ref%s from %s (%zu new adoption%s, every one authentic)\n", n,
			n == 1 ? "" : "s", remote, adoptions, adoptions == 1 ? "" : "s");
	note(b, r);
}

int charter_sync_report_render(char **out, size_t *out_len, const charter_sync_report *r,
	charter_format format, unsigned int flags)
{
	buf b = BUF_INIT;
	ansi_colours c = ansi_colours_for(flags & CHARTER_TRUST_COLOR);
	*out = NULL;
	if (format == CHARTER_FORMAT_JSON)
		json_report(&b, r);
	else if (format == CHARTER_FORMAT_TEXT && charter_sync_report_ok(r))
		text_report(&b, r);
	else if (format == CHARTER_FORMAT_TEXT && charter_sync_report_verify(r))
		verify_report_failures(&b, charter_sync_report_verify(r), &c);
	else if (format != CHARTER_FORMAT_TEXT)
		return error_set(CHARTER_EINVALID, "a sync or push report is rendered as text or JSON");
	return buf_hand_over(&b, out, out_len);
}
