/* charter record DIR --adopted-on DATE --convention NAME: backfill a
 * published version of the text from an archive. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* " convention" after a name in prose ("the 2013 convention"), "" when the
 * name says so itself ("the 1986 Convention"): the library's rule for records. */
static const char *convention_noun(const char *name)
{
	static const char word[] = "convention";
	for (const char *p = name; p && *p; p++) {
		size_t i = 0;
		while (word[i] && (p[i] == word[i] || p[i] == word[i] - 'a' + 'A'))
			i++;
		if (!word[i] && !(p[i] >= 'a' && p[i] <= 'z'))
			return "";
	}
	return " convention";
}

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
	/* What happened, from the redline between main before and after (the
	 * record's first parent: no log, so no history cache is written). */
	charter_redline *rl = NULL;
	char *summary = NULL, prev[48];
	snprintf(prev, sizeof(prev), "%s~1", commit);
	if (charter_diff(&rl, store, prev, commit, NULL, NULL) < 0 ||
	    charter_redline_summary(&summary, NULL, rl, fmt) < 0) {
		/* The version is recorded: say so, then why there is no summary. */
		printf("Recorded %s: commit %.12s\n", pos[0], commit);
		rc = cli_fail();
	} else if (fmt == CHARTER_FORMAT_JSON) {
		size_t n = strlen(summary);
		while (n && summary[n - 1] == '\n')
			n--;
		fputs("{\"commit\":", stdout);
		cli_json_string(commit);
		fputs(",\"from\":", stdout);
		cli_json_string(pos[0]);
		fputs(",\"convention\":", stdout);
		cli_json_string(o.convention);
		fputs(",\"date\":", stdout);
		cli_json_string(o.adopted_on);
		fputs(",\"source\":", stdout);
		if (o.source)
			cli_json_string(o.source);
		else
			fputs("null", stdout);
		printf(",\"summary\":%.*s}\n", (int)n, summary);
	} else {
		printf("Recorded %s as adopted by the %s%s on %s: commit %.12s\n", pos[0], o.convention,
			convention_noun(o.convention), o.adopted_on, commit);
		/* The summary, indented; its warnings on stderr. */
		for (char *line = summary, *nl; line && *line; line = nl ? nl + 1 : NULL) {
			nl = strchr(line, '\n');
			int n = nl ? (int)(nl - line) : (int)strlen(line);
			if (strncmp(line, "warning: ", 9) == 0) {
				fflush(stdout);
				fprintf(stderr, "charter: %.*s\n", n, line);
			} else {
				printf("  %.*s\n", n, line);
			}
		}
	}
	charter_free(summary);
	charter_redline_free(rl);
done:
	charter_signer_free(signer);
	charter_identity_free(id);
	charter_store_free(store);
	return rc;
}
