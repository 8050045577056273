/* charter record DIR --adopted-on DATE --convention NAME: backfill a
 * published version of the text from an archive. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cmd_record(const cli_command *cmd, int argc, char **argv)
{
	const char *key = NULL, *by = NULL, *format = "text";
	charter_record_options o = CHARTER_RECORD_OPTIONS_INIT;
	const cli_option opts[] = {
		{ "format", OPT_STRING, &format, "FORMAT", "text or json (the commit and what changed)" },
		{ "adopted-on", OPT_STRING, &o.adopted_on, "DATE", "the date that convention adopted this text (required)" },
		{ "convention", OPT_STRING, &o.convention, "NAME", "the convention that adopted it (required)" },
		{ "source", OPT_STRING, &o.source, "TEXT", "where the text was found (a Source: trailer)" },
		{ "key", OPT_STRING, &key, "FILE", "signing key (default: $CHARTER_SIGNING_KEY, git config user.signingkey)" },
		{ "by", OPT_STRING, &by, "\"NAME <EMAIL>\"", "who records it (default: git config user.name/email)" },
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
	if (!o.adopted_on)
		return cli_usage("record: --adopted-on DATE is required");
	if (!o.convention)
		return cli_usage("record: --convention NAME is required");
	charter_store *store = NULL;
	charter_identity *id = NULL;
	charter_signer *signer = NULL;
	char commit[41];
	if ((rc = cli_open_store(&store)) != 0)
		return rc;
	if ((rc = cli_identity(&id, store, by)) != 0 || (rc = cli_open_signer(&signer, store, key)) != 0)
		goto done;
	o.by = id;
	o.signer = signer;
	if (charter_record(commit, store, pos[0], &o) < 0) {
		/* An empty store: its first version comes from charter init. */
		if (charter_error_last_code() == CHARTER_ENOTFOUND && strcmp(charter_error_last_option(), "store") == 0)
			rc = cli_error("%s (record the first version with charter init --from DIR --adopted-on DATE)",
				charter_error_last());
		else
			rc = cli_fail();
		goto done;
	}
	char *out = NULL;
	size_t len = 0;
	if (charter_record_render(&out, &len, store, commit, pos[0], &o, fmt) < 0) {
		/* The version is recorded: say so with why there is no summary. */
		rc = cli_error("recorded %s as commit %.12s, but cannot summarize it: %s", pos[0], commit,
			charter_error_last());
	} else if (fmt == CHARTER_FORMAT_JSON) {
		rc = cli_output(NULL, out, len);
	} else {
		/* The summary's warnings go to standard error. */
		for (char *line = out, *nl; line && *line; line = nl ? nl + 1 : NULL) {
			nl = strchr(line, '\n');
			int n = nl ? (int)(nl - line) : (int)strlen(line);
			if (strncmp(line, "warning: ", 9) == 0) {
				fflush(stdout);
				fprintf(stderr, "charter: %.*s\n", n, line);
			} else {
				printf("%.*s\n", n, line);
			}
		}
	}
	charter_free(out);
done:
	charter_signer_free(signer);
	charter_identity_free(id);
	charter_store_free(store);
	return rc;
}
