/* charter reject, charter withdraw: the other outcomes. */
#include <string.h>

#include "cli.h"

static int decide(const cli_command *cmd, int argc, char **argv, bool reject)
{
	const char *convention = NULL, *date = NULL, *vote = NULL, *by = NULL, *key = NULL, *format = "text";
	const cli_option reject_opts[] = {
		{ "convention", OPT_STRING, &convention, "NAME", "the convention that rejects it (required)" },
		{ "date", OPT_STRING, &date, "DATE", "the date of the decision YYYY-MM-DD (required)" },
		{ "vote", OPT_STRING, &vote, "F-A-X", "the vote: for, against, abstaining" },
		{ "by", OPT_STRING, &by, "\"NAME <EMAIL>\"", "who records it (default: git config user.name/email)" },
		{ "key", OPT_STRING, &key, "FILE", "signing key, an allowed signer (default: $CHARTER_SIGNING_KEY, "
		  "user.signingkey)" },
		{ "format", OPT_STRING, &format, "FORMAT", "text or json" },
		{ 0 },
	};
	const cli_option withdraw_opts[] = {
		{ "date", OPT_STRING, &date, "DATE", "the date of the withdrawal (default: today)" },
		{ "convention", OPT_STRING, &convention, "NAME", "the convention it was withdrawn at, if any" },
		{ "by", OPT_STRING, &by, "\"NAME <EMAIL>\"", "who records it (default: git config user.name/email)" },
		{ "key", OPT_STRING, &key, "FILE", "signing key: an allowed signer's or the one that signed the "
		  "proposal (default: $CHARTER_SIGNING_KEY, user.signingkey)" },
		{ "format", OPT_STRING, &format, "FORMAT", "text or json" },
		{ 0 },
	};
	static const char *const formats[] = { "text", "json", NULL };
	charter_format fmt;
	char **pos, commit[41];
	int npos, rc;
	if ((rc = cli_parse(cmd, reject ? reject_opts : withdraw_opts, argc, argv, &pos, &npos, 1, reject ? 64 : 1)) != 0)
		return rc < 0 ? 0 : rc;
	if ((rc = cli_format(&fmt, format, formats)) != 0)
		return rc;
	if (reject && !convention)
		return cli_usage("reject: --convention NAME is required");
	if (reject && !date)
		return cli_usage("reject: --date YYYY-MM-DD is required");

	charter_store *store = NULL;
	charter_identity *id = NULL;
	charter_signer *signer = NULL;
	bool listing = false;
	charter_amendment *done_ids[64]; /* the outcomes recorded, for --format json */
	size_t ndone = 0;
	if ((rc = cli_open_store(&store)) != 0 || (rc = cli_identity(&id, store, by)) != 0 ||
	    (rc = cli_open_signer(&signer, store, key)) != 0)
		goto done;
	/* Every id must exist and be pending before anything is written. */
	for (int i = 0; i < npos; i++) {
		charter_amendment *a = NULL;
		for (int j = 0; j < i; j++)
			if (strcmp(pos[i], pos[j]) == 0) {
				rc = cli_usage("%s: amendment %s is given twice", cmd->name, pos[i]);
				goto done;
			}
		if (charter_amendment_load(&a, store, pos[i], 0) < 0) {
			rc = cli_fail();
			goto done;
		}
		charter_amendment_state_t st = charter_amendment_state(a);
		if (st != CHARTER_AMENDMENT_PENDING) {
			cli_error("amendment %s was already %s (%s%s%s)", pos[i],
				charter_amendment_state_name(st),
				charter_amendment_convention(a),
				*charter_amendment_convention(a) ? ", " : "", charter_amendment_date(a));
			charter_amendment_free(a);
			rc = EXIT_FAILED;
			goto done;
		}
		charter_amendment_free(a);
	}
	charter_outcome_options o = CHARTER_OUTCOME_OPTIONS_INIT;
	o.convention = convention;
	o.date = date;
	o.vote = vote;
	o.by = id;
	o.signer = signer;
	listing = fmt == CHARTER_FORMAT_JSON;
	for (int i = 0; i < npos; i++) {
		if ((reject ? charter_reject : charter_withdraw)(commit, store, pos[i], &o) < 0) {
			rc = cli_fail();
			goto done;
		}
		if (fmt == CHARTER_FORMAT_JSON) {
			if (charter_amendment_load(&done_ids[ndone], store, pos[i], 0) < 0) {
				rc = cli_fail();
				goto done;
			}
			ndone++;
		} else {
			printf("%s amendment %s: commit %.12s at refs/outcomes/%s\n", reject ? "Rejected" : "Withdrew",
				pos[i], commit, pos[i]);
		}
	}
done:
	/* Valid JSON even after a failure: the outcomes recorded before it. */
	if (listing) {
		char *out = NULL;
		size_t len = 0;
		if (charter_amendments_render(&out, &len, (const charter_amendment *const *)done_ids, ndone, fmt, 0) < 0)
			rc = cli_fail();
		else if (cli_output(NULL, out, len) != 0)
			rc = EXIT_FAILED;
		charter_free(out);
	}
	for (size_t i = 0; i < ndone; i++)
		charter_amendment_free(done_ids[i]);
	charter_signer_free(signer);
	charter_identity_free(id);
	charter_store_free(store);
	return rc;
}

int cmd_reject(const cli_command *cmd, int argc, char **argv)
{
	return decide(cmd, argc, argv, true);
}

int cmd_withdraw(const cli_command *cmd, int argc, char **argv)
{
	return decide(cmd, argc, argv, false);
}
