/* charter init: a new store whose signed founding commit holds the given text. */
#include <string.h>

#include "cli.h"

int cmd_init(const cli_command *cmd, int argc, char **argv)
{
	const char *from = NULL, *key = NULL, *by = NULL, *format = "text";
	charter_store_init_options o = CHARTER_STORE_INIT_OPTIONS_INIT;
	bool bare = false;
	const cli_option opts[] = {
		{ "from", OPT_STRING, &from, "STATEMENTS", "folder with README.md and sections/*.md (required)" },
		{ "adopted-on", OPT_STRING, &o.adopted_on, "DATE", "adoption date of the founding text (default: today)" },
		{ "convention", OPT_STRING, &o.convention, "NAME", "the convention that adopted it (default: founding)" },
		{ "source", OPT_STRING, &o.source, "TEXT", "where the text comes from (a Source: trailer)" },
		{ "bare", OPT_FLAG, &bare, NULL, "make a bare repository (no work tree)" },
		{ "key", OPT_STRING, &key, "FILE", "signing key (default: $CHARTER_SIGNING_KEY, git config user.signingkey)" },
		{ "by", OPT_STRING, &by, "\"NAME <EMAIL>\"", "who records it (default: git config user.name/email)" },
		{ "format", OPT_STRING, &format, "FORMAT", "text or json" },
		{ 0 },
	};
	static const char *const formats[] = { "text", "json", NULL };
	charter_format fmt;
	char **pos;
	int npos, rc;
	if ((rc = cli_parse(cmd, opts, argc, argv, &pos, &npos, 0, 1)) != 0)
		return rc < 0 ? 0 : rc;
	if ((rc = cli_format(&fmt, format, formats)) != 0)
		return rc;
	if (!from)
		return cli_usage("init: --from STATEMENTS is required");
	const char *dir = npos ? pos[0] : (cli.store ? cli.store : ".");

	charter_store *store = NULL;
	charter_identity *id = NULL;
	charter_signer *signer = NULL;
	if ((rc = cli_identity(&id, NULL, by)) != 0 || (rc = cli_open_signer(&signer, NULL, key)) != 0)
		goto done;
	o.bare = bare;
	o.by = id;
	o.signer = signer;
	if (charter_store_init(&store, dir, from, &o) < 0) {
		rc = cli_fail();
		goto done;
	}
	char *out = NULL;
	size_t len = 0;
	rc = charter_store_init_render(&out, &len, store, dir, &o, fmt) < 0 ? cli_fail() : cli_output(NULL, out, len);
	charter_free(out);
done:
	charter_store_free(store);
	charter_signer_free(signer);
	charter_identity_free(id);
	return rc;
}
