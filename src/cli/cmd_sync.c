/* charter sync / push: exchange authentic history with another copy. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void json_report(const charter_sync_report *r, const char *remote, bool ok)
{
	charter_ref_update u;
	printf("{\"ok\": %s, \"remote\": ", ok ? "true" : "false");
	cli_json_string(remote);
	printf(", \"new_adoptions\": %zu, \"updates\": [", charter_sync_report_new_adoptions(r));
	for (size_t i = 0; i < charter_sync_report_count(r); i++) {
		charter_sync_report_update(&u, r, i);
		fputs(i ? ", {\"ref\": " : "{\"ref\": ", stdout);
		cli_json_string(u.ref);
		fputs(", \"old\": ", stdout);
		if (*u.old_id)
			cli_json_string(u.old_id);
		else
			fputs("null", stdout);
		fputs(", \"new\": ", stdout);
		cli_json_string(u.new_id);
		putchar('}');
	}
	fputs("],\n \"verify\": ", stdout);
	if (charter_sync_report_verify(r))
		cli_verify_json(charter_sync_report_verify(r));
	else
		fputs("null", stdout);
	fputs("}\n", stdout);
}

static void text_report(const charter_sync_report *r, const char *remote, bool push)
{
	charter_ref_update u;
	size_t n = charter_sync_report_count(r), adoptions = charter_sync_report_new_adoptions(r);
	if (n == 0) {
		printf("%s: already up to date with %s\n", push ? "push" : "sync", remote);
		if (*charter_sync_report_note(r))
			printf("Note: %s\n", charter_sync_report_note(r));
		return;
	}
	for (size_t i = 0; i < n; i++) {
		charter_sync_report_update(&u, r, i);
		const char *name = strncmp(u.ref, "refs/heads/", 11) == 0 ? u.ref + 11 : u.ref + 5;
		if (*u.old_id)
			printf("  %-28s %.12s..%.12s\n", name, u.old_id, u.new_id);
		else
			printf("  %-28s %.12s (new)\n", name, u.new_id);
	}
	if (push)
		printf("Pushed %zu ref%s to %s (%zu new adoption%s, verified before sending)\n", n, n == 1 ? "" : "s",
			remote, adoptions, adoptions == 1 ? "" : "s");
	if (*charter_sync_report_note(r))
		printf("Note: %s\n", charter_sync_report_note(r));
	else
		printf("Took %zu ref%s from %s (%zu new adoption%s, every one authentic)\n", n, n == 1 ? "" : "s",
			remote, adoptions, adoptions == 1 ? "" : "s");
}

static int run(const cli_command *cmd, int argc, char **argv, bool push)
{
	const char *format = "text";
	bool full = false;
	charter_sync_options o = CHARTER_SYNC_OPTIONS_INIT;
	const cli_option opts[] = {
		{ "trust-root", OPT_STRING, &o.trust_root, "COMMIT",
		  "the commit main's history must start at (default: git config charter.trustRoot)" },
		{ "full", OPT_FLAG, &full, NULL, "verify every commit, ignoring the cache of verified commits" },
		{ "format", OPT_STRING, &format, "FORMAT", "text or json" },
		{ 0 },
	};
	static const char *const formats[] = { "text", "json", NULL };
	charter_format fmt;
	char **pos;
	int npos, rc;
	if ((rc = cli_parse(cmd, opts, argc, argv, &pos, &npos, 1, 1)) != 0)
		return rc < 0 ? 0 : rc;
	if ((rc = cli_format(&fmt, format, formats)) != 0)
		return rc;
	if (full)
		o.verify_flags |= CHARTER_VERIFY_FULL;

	charter_store *store = NULL;
	charter_sync_report *r = NULL;
	if ((rc = cli_open_store(&store)) != 0)
		return rc;
	int error = push ? charter_push(&r, store, pos[0], &o) : charter_sync(&r, store, pos[0], &o);
	if (r && fmt == CHARTER_FORMAT_JSON)
		json_report(r, pos[0], error == 0);
	else if (r && error == 0)
		text_report(r, pos[0], push);
	else if (r && charter_sync_report_verify(r))
		cli_verify_failures(charter_sync_report_verify(r));
	if (error < 0)
		rc = cli_fail();
	charter_sync_report_free(r);
	charter_store_free(store);
	return rc;
}

int cmd_sync(const cli_command *cmd, int argc, char **argv)
{
	return run(cmd, argc, argv, false);
}

int cmd_push(const cli_command *cmd, int argc, char **argv)
{
	return run(cmd, argc, argv, true);
}
