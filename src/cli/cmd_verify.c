/* charter verify: every adoption on main and every convention tag under the
 * trust rule. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

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
	char *out = NULL, why[1024];
	size_t len = 0;
	snprintf(why, sizeof(why), "%s", charter_error_last());
	if (!r) {
		rc = cli_fail();
		goto done;
	}
	/* The report first (it names each failure), then the error, if any. */
	if (charter_verify_report_render(&out, &len, r, fmt, cli.color ? CHARTER_TRUST_COLOR : 0) < 0) {
		rc = cli_fail();
		goto done;
	}
	rc = cli_output(NULL, out, len);
	if (error < 0)
		rc = cli_error("%s", why);
done:
	charter_free(out);
	charter_verify_report_free(r);
	charter_store_free(store);
	return rc;
}
