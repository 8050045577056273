/* charter site DIR: a static website of the whole record. */
#include "cli.h"

int cmd_site(const cli_command *cmd, int argc, char **argv)
{
	const char *title = NULL, *base_url = NULL;
	const cli_option opts[] = {
		{ "title", OPT_STRING, &title, "T", "the site's name (default: the document's title)" },
		{ "base-url", OPT_STRING, &base_url, "URL",
		  "where the site is served, for the feed's and the sitemap's absolute links" },
		{ 0 },
	};
	char **pos;
	int npos, rc;
	if ((rc = cli_parse(cmd, opts, argc, argv, &pos, &npos, 1, 1)) != 0)
		return rc < 0 ? 0 : rc;
	charter_store *store = NULL;
	charter_site_options so = CHARTER_SITE_OPTIONS_INIT;
	charter_site_stats st;
	so.title = title;
	so.base_url = base_url;
	/* Every object of the record is read: small pack windows and no
	 * object cache keep the peak memory at about half. */
	charter_history_fast_reads();
	if ((rc = cli_open_store(&store)) != 0)
		return rc;
	if (charter_site_write(&st, store, pos[0], &so) < 0)
		rc = cli_fail();
	else
		printf("Wrote %s: %zu files, %zu written, %zu removed\n", pos[0], st.files, st.written, st.removed);
	charter_store_free(store);
	return rc;
}
