/* charter convention close: the signed tag convention/<name>. */
#include <string.h>

#include "cli.h"

int cmd_convention(const cli_command *cmd, int argc, char **argv)
{
	const char *date = NULL, *by = NULL, *key = NULL, *format = "text";
	const cli_option opts[] = {
		{ "date", OPT_STRING, &date, "DATE", "the closing date YYYY-MM-DD (required)" },
		{ "by", OPT_STRING, &by, "\"NAME <EMAIL>\"", "the tagger (default: git config user.name/email)" },
		{ "key", OPT_STRING, &key, "FILE", "signing key, an allowed signer (default: $CHARTER_SIGNING_KEY, "
		  "user.signingkey)" },
		{ "format", OPT_STRING, &format, "FORMAT", "text or json" },
		{ 0 },
	};
	static const char *const formats[] = { "text", "json", NULL };
	charter_format fmt;
	char **pos, tag[41];
	int npos, rc;
	if ((rc = cli_parse(cmd, opts, argc, argv, &pos, &npos, 2, 2)) != 0)
		return rc < 0 ? 0 : rc;
	if ((rc = cli_format(&fmt, format, formats)) != 0)
		return rc;
	if (strcmp(pos[0], "close") != 0)
		return cli_usage("convention: unknown subcommand '%.40s': use charter convention close NAME --date DATE",
			pos[0]);
	if (!date)
		return cli_usage("convention close: --date YYYY-MM-DD is required");

	charter_store *store = NULL;
	charter_identity *id = NULL;
	charter_signer *signer = NULL;
	charter_close_options o = CHARTER_CLOSE_OPTIONS_INIT;
	if ((rc = cli_open_store(&store)) != 0 || (rc = cli_identity(&id, store, by)) != 0 ||
	    (rc = cli_open_signer(&signer, store, key)) != 0)
		goto done;
	o.date = date;
	o.by = id;
	o.signer = signer;
	if (charter_convention_close(tag, store, pos[1], &o) < 0) {
		rc = cli_fail();
		goto done;
	}
	char *out = NULL;
	size_t len = 0;
	if (charter_convention_render(&out, &len, store, pos[1], fmt, 0) < 0)
		rc = cli_fail();
	else
		rc = cli_output(NULL, out, len);
	charter_free(out);
done:
	charter_signer_free(signer);
	charter_identity_free(id);
	charter_store_free(store);
	return rc;
}
