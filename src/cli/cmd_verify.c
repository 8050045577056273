/* charter verify: every adoption on main and every convention tag under the
 * trust rule. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void json_or_null(const char *s)
{
	if (s && *s)
		cli_json_string(s);
	else
		fputs("null", stdout);
}

static void json_entry(const charter_verify_entry *e)
{
	fputs("{\"commit\": ", stdout);
	cli_json_string(e->commit);
	if (e->tag) {
		fputs(", \"tag\": ", stdout);
		cli_json_string(e->tag);
		fputs(", \"target\": ", stdout);
		cli_json_string(e->target);
	}
	printf(", \"verdict\": \"%s\", \"reason\": ", e->ok ? "ok" : "failed");
	json_or_null(e->ok ? NULL : charter_verify_reason_name(e->reason));
	fputs(", \"principal\": ", stdout);
	json_or_null(e->principal);
	fputs(", \"fingerprint\": ", stdout);
	json_or_null(e->fingerprint);
	fputs(", \"detail\": ", stdout);
	json_or_null(e->detail);
	printf(", \"cached\": %s}", e->cached ? "true" : "false");
}

/* The report as JSON (stdout), shared with sync and push. */
void cli_verify_json(const charter_verify_report *r)
{
	charter_verify_entry e;
	printf("{\"ok\": %s, \"tip\": \"%s\", \"root\": \"%s\", \"chain_length\": %zu, \"checked\": %zu,\n"
	       " \"commits\": [", charter_verify_report_ok(r) ? "true" : "false", charter_verify_report_tip(r),
		charter_verify_report_root(r), charter_verify_report_chain_length(r), charter_verify_report_checked(r));
	for (size_t i = 0; i < charter_verify_report_commit_count(r); i++) {
		charter_verify_report_commit(&e, r, i);
		fputs(i ? ",\n  " : "\n  ", stdout);
		json_entry(&e);
	}
	fputs("],\n \"tags\": [", stdout);
	for (size_t i = 0; i < charter_verify_report_tag_count(r); i++) {
		charter_verify_report_tag(&e, r, i);
		fputs(i ? ",\n  " : "\n  ", stdout);
		json_entry(&e);
	}
	fputs("]}", stdout);
}

/* One line per failing commit or tag (stdout). */
void cli_verify_failures(const charter_verify_report *r)
{
	charter_verify_entry e;
	for (size_t i = 0; i < charter_verify_report_commit_count(r); i++) {
		charter_verify_report_commit(&e, r, i);
		if (!e.ok)
			printf("%s%.12s%s %s%s%s: %s\n", cli_bold(), e.commit, cli_reset(), cli_red(),
				charter_verify_reason_name(e.reason), cli_reset(), e.detail);
	}
	for (size_t i = 0; i < charter_verify_report_tag_count(r); i++) {
		charter_verify_report_tag(&e, r, i);
		if (!e.ok)
			printf("%s%s%s (tag %.12s) %s%s%s: %s\n", cli_bold(), e.tag, cli_reset(), e.commit, cli_red(),
				charter_verify_reason_name(e.reason), cli_reset(), e.detail);
	}
}

int cmd_verify(const cli_command *cmd, int argc, char **argv)
{
	const char *format = "text", *threads = NULL;
	bool full = false;
	charter_verify_options o = CHARTER_VERIFY_OPTIONS_INIT;
	const cli_option opts[] = {
		{ "trust-root", OPT_STRING, &o.trust_root, "COMMIT",
		  "the commit main's history must start at (default: git config charter.trustRoot)" },
		{ "full", OPT_FLAG, &full, NULL, "verify every commit again, ignoring the cache of verified commits" },
		{ "format", OPT_STRING, &format, "FORMAT", "text or json" },
		{ "threads", OPT_STRING, &threads, "N", "threads for a long history (default: one per CPU)" },
		{ 0 },
	};
	static const char *const formats[] = { "text", "json", NULL };
	charter_format fmt;
	char **pos;
	int npos, rc;
	if ((rc = cli_parse(cmd, opts, argc, argv, &pos, &npos, 0, 0)) != 0)
		return rc < 0 ? 0 : rc;
	if ((rc = cli_format(&fmt, format, formats)) != 0)
		return rc;
	if (threads) {
		char *end;
		long n = strtol(threads, &end, 10);
		if (*end || n < 1 || n > 64)
			return cli_usage("--threads takes a number from 1 to 64");
		o.threads = (unsigned)n;
	}
	if (full)
		o.flags |= CHARTER_VERIFY_FULL;
	if (fmt == CHARTER_FORMAT_JSON)
		o.flags |= CHARTER_VERIFY_LIST_ALL;

	charter_store *store = NULL;
	charter_verify_report *r = NULL;
	if ((rc = cli_open_store(&store)) != 0)
		return rc;
	int error = charter_verify(&r, store, &o);
	if (!r) {
		rc = cli_fail();
		goto done;
	}
	if (fmt == CHARTER_FORMAT_JSON) {
		cli_verify_json(r);
		putchar('\n');
	} else {
		cli_verify_failures(r);
	}
	if (error < 0) {
		rc = cli_fail();
		goto done;
	}
	if (fmt != CHARTER_FORMAT_JSON) {
		size_t n = charter_verify_report_chain_length(r), checked = charter_verify_report_checked(r);
		size_t tags = charter_verify_report_tag_count(r);
		printf("%sauthentic%s: %zu commit%s on main (%zu checked now, %zu known good), %zu convention tag%s; "
		       "root %.12s\n", cli_green(), cli_reset(), n, n == 1 ? "" : "s", checked, n - checked, tags,
			tags == 1 ? "" : "s", charter_verify_report_root(r));
	}
done:
	charter_verify_report_free(r);
	charter_store_free(store);
	return rc;
}
