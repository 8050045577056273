/* charter log [SECTION]: adoptions, newest first. */
#include <string.h>

#include "cli.h"

int cmd_log(const cli_command *cmd, int argc, char **argv)
{
	const char *format = "text";
	const cli_option opts[] = {
		{ "format", OPT_STRING, &format, "FORMAT", "text or json" },
		{ 0 },
	};
	static const char *const formats[] = { "text", "json", NULL };
	char **pos;
	int npos, rc;
	charter_format fmt;
	if ((rc = cli_parse(cmd, opts, argc, argv, &pos, &npos, 0, 1)) != 0)
		return rc < 0 ? 0 : rc;
	if ((rc = cli_format(&fmt, format, formats)) != 0)
		return rc;
	charter_store *store = NULL;
	charter_log *log = NULL;
	char *out = NULL;
	size_t len = 0;
	charter_history_fast_reads();
	if ((rc = cli_open_store(&store)) != 0)
		return rc;
	if (charter_log_load(&log, store, npos ? pos[0] : NULL) < 0 ||
	    charter_log_render(&out, &len, log, fmt, cli.color ? CHARTER_HISTORY_COLOR : 0) < 0)
		rc = cli_fail();
	else
		rc = cli_output(NULL, out, len);
	charter_free(out);
	charter_log_free(log);
	charter_store_free(store);
	return rc;
}
