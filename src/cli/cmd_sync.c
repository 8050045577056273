/* charter sync / push: exchange authentic history with another copy. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

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
	char *out = NULL, why[1024];
	size_t len = 0;
	snprintf(why, sizeof(why), "%s", charter_error_last());
	/* The report (what moved, or each failure), then the error, if any. */
	if (r && charter_sync_report_render(&out, &len, r, fmt, cli.color ? CHARTER_TRUST_COLOR : 0) < 0)
		rc = cli_fail();
	else if (r)
		rc = cli_output(NULL, out, len);
	if (error < 0)
		rc = cli_error("%s", *why ? why : "failed");
	charter_free(out);
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
