/* The verification report as `charter verify` prints it: text (the
 * failures, then the verdict) and JSON; shared with the sync report. */
#include <string.h>

#include "base/json.h"
#include "trust/verify.h"

static void json_entry(buf *b, const charter_verify_entry *e)
{
	buf_puts(b, "{\"commit\": ");
	json_string(b, e->commit);
	if (e->tag) {
		buf_puts(b, ", \"tag\": ");
		json_string(b, e->tag);
		buf_puts(b, ", \"target\": ");
		json_string(b, e->target);
	}
	buf_printf(b, ", \"verdict\": \"%s\", \"reason\": ", e->ok ? "ok" : "failed");
	json_or_null(b, e->ok ? NULL : json_absent_if_empty(charter_verify_reason_name(e->reason)));
	buf_puts(b, ", \"principal\": ");
	json_or_null(b, json_absent_if_empty(e->principal));
	buf_puts(b, ", \"fingerprint\": ");
	json_or_null(b, json_absent_if_empty(e->fingerprint));
	buf_puts(b, ", \"detail\": ");
	json_or_null(b, json_absent_if_empty(e->detail));
	buf_puts(b, ", \"cached\": ");
	json_bool(b, e->cached);
	buf_putc(b, '}');
}

void verify_report_json(buf *b, const charter_verify_report *r)
{
	charter_verify_entry e;
	buf_printf(b, "{\"ok\": %s, \"tip\": ", charter_verify_report_ok(r) ? "true" : "false");
	json_string(b, charter_verify_report_tip(r));
	buf_puts(b, ", \"root\": ");
	json_string(b, charter_verify_report_root(r));
	buf_printf(b, ", \"chain_length\": %zu, \"checked\": %zu,\n \"commits\": [",
		charter_verify_report_chain_length(r), charter_verify_report_checked(r));
	for (size_t i = 0; i < charter_verify_report_commit_count(r); i++) {
		charter_verify_report_commit(&e, r, i);
		buf_puts(b, i ? ",\n  " : "\n  ");
		json_entry(b, &e);
	}
	buf_puts(b, "],\n \"tags\": [");
	for (size_t i = 0; i < charter_verify_report_tag_count(r); i++) {
		charter_verify_report_tag(&e, r, i);
		buf_puts(b, i ? ",\n  " : "\n  ");
		json_entry(b, &e);
	}
	buf_puts(b, "]}");
}

void verify_report_failures(buf *b, const charter_verify_report *r, const ansi_colours *c)
{
	charter_verify_entry e;
	for (size_t i = 0; i < charter_verify_report_commit_count(r); i++) {
		charter_verify_report_commit(&e, r, i);
		if (!e.ok)
			buf_printf(b, "%s%.12s%s %s%s%s: %s\n", c->bold, e.commit, c->reset, c->red,
				charter_verify_reason_name(e.reason), c->reset, e.detail);
	}
	for (size_t i = 0; i < charter_verify_report_tag_count(r); i++) {
		charter_verify_report_tag(&e, r, i);
		if (!e.ok)
			buf_printf(b, "%s%s%s (tag %.12s) %s%s%s: %s\n", c->bold, e.tag, c->reset, e.commit, c->red,
				charter_verify_reason_name(e.reason), c->reset, e.detail);
	}
}

int charter_verify_report_render(char **out, size_t *out_len, const charter_verify_report *r,
	charter_format format, unsigned int flags)
{
	buf b = BUF_INIT;
	ansi_colours c = ansi_colours_for(flags & CHARTER_TRUST_COLOR);
	*out = NULL;
	if (format == CHARTER_FORMAT_JSON) {
		verify_report_json(&b, r);
		buf_putc(&b, '\n');
	} else if (format == CHARTER_FORMAT_TEXT) {
		verify_report_failures(&b, r, &c);
		if (charter_verify_report_ok(r)) {
			size_t n = charter_verify_report_chain_length(r), checked = charter_verify_report_checked(r);
			size_t tags = charter_verify_report_tag_count(r), booklets = 0;
			for (size_t i = 0; i < tags; i++) {
				charter_verify_entry e;
				charter_verify_report_tag(&e, r, i);
				booklets += strncmp(e.tag, "booklet/", 8) == 0;
			}
			buf_printf(&b, "%sauthentic%s: %zu commit%s on main (%zu checked now, %zu known good), "
				"%zu convention tag%s", c.green, c.reset, n, n == 1 ? "" : "s", checked,
				n - checked, tags - booklets, tags - booklets == 1 ? "" : "s");
			if (booklets)
				buf_printf(&b, ", %zu booklet tag%s", booklets, booklets == 1 ? "" : "s");
			buf_printf(&b, "; root %.12s\n", charter_verify_report_root(r));
		}
	} else {
		return error_set(CHARTER_EINVALID, "a verification report is rendered as text or JSON");
	}
	return buf_hand_over(&b, out, out_len);
}
