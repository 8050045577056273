/* charter amendments: every amendment and its state. */
#include <string.h>

#include "cli.h"

int cmd_amendments(const cli_command *cmd, int argc, char **argv)
{
	const char *status = "all", *format = "text";
	const cli_option opts[] = {
		{ "status", OPT_STRING, &status, "STATE", "pending, adopted, rejected, withdrawn or all (default)" },
		{ "format", OPT_STRING, &format, "FORMAT", "text or json" },
		{ 0 },
	};
	static const char *const formats[] = { "text", "json", NULL };
	static const char *const states[] = { "pending", "adopted", "rejected", "withdrawn" };
	charter_format fmt;
	char **pos;
	int npos, rc, want = -1;
	if ((rc = cli_parse(cmd, opts, argc, argv, &pos, &npos, 0, 0)) != 0)
		return rc < 0 ? 0 : rc;
	if ((rc = cli_format(&fmt, format, formats)) != 0)
		return rc;
	for (int i = 0; i < 4; i++)
		if (strcmp(status, states[i]) == 0)
			want = i;
	if (want < 0 && strcmp(status, "all") != 0)
		return cli_usage("amendments: unknown status '%.40s': use pending, adopted, rejected, withdrawn or all",
			status);

	charter_store *store = NULL;
	charter_amendment_list *list = NULL;
	char *out = NULL;
	size_t len = 0;
	if ((rc = cli_open_store(&store)) != 0)
		return rc;
	unsigned int flags = want < 0 || want == CHARTER_AMENDMENT_PENDING ? CHARTER_AMENDMENT_CHECK_COLLISIONS : 0;
	unsigned int render = (cli.color ? CHARTER_AMENDMENT_COLOR : 0) | (want >= 0 ? CHARTER_AMENDMENT_ONLY(want) : 0);
	if (charter_amendments_list(&list, store, flags) < 0 ||
	    charter_amendment_list_render(&out, &len, list, fmt, render) < 0)
		rc = cli_fail();
	else
		rc = cli_output(NULL, out, len);
	charter_free(out);
	charter_amendment_list_free(list);
	charter_store_free(store);
	return rc;
}
