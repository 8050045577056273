/* charter signers: propose a change to the officers who may sign. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cmd_signers(const cli_command *cmd, int argc, char **argv)
{
	const char *id = NULL, *title = NULL, *rationale = NULL, *by = NULL, *key = NULL;
	const char *valid_after = NULL, *valid_before = NULL, *format = "text";
	const cli_option opts[] = {
		{ "id", OPT_STRING, &id, "ID", "the amendment id (required)" },
		{ "title", OPT_STRING, &title, "T", "the proposal's title (required)" },
		{ "rationale", OPT_STRING, &rationale, "R", "why" },
		{ "valid-after", OPT_STRING, &valid_after, "DATE", "add: the first day the key may sign (YYYY-MM-DD, UTC)" },
		{ "valid-before", OPT_STRING, &valid_before, "DATE", "add: the last day the key may sign (YYYY-MM-DD, UTC)" },
		{ "by", OPT_STRING, &by, "\"NAME <EMAIL>\"", "the proposer (default: git config user.name/email)" },
		{ "key", OPT_STRING, &key, "FILE", "signs the proposal (default: $CHARTER_SIGNING_KEY, user.signingkey; "
		  "none: unsigned)" },
		{ "format", OPT_STRING, &format, "FORMAT", "text or json" },
		{ 0 },
	};
	static const char *const formats[] = { "text", "json", NULL };
	charter_format fmt;
	charter_signers_options o = CHARTER_SIGNERS_OPTIONS_INIT;
	char **pos, commit[41];
	int npos, rc;
	if ((rc = cli_parse(cmd, opts, argc, argv, &pos, &npos, 2, 3)) != 0)
		return rc < 0 ? 0 : rc;
	if ((rc = cli_format(&fmt, format, formats)) != 0)
		return rc;
	if (strcmp(pos[0], "add") == 0) {
		if (npos != 3)
			return cli_usage("usage: charter signers add PRINCIPAL PUBKEY_FILE --id ID --title T");
		o.change = CHARTER_SIGNERS_ADD;
	} else if (strcmp(pos[0], "remove") == 0) {
		if (npos != 2)
			return cli_usage("usage: charter signers remove PRINCIPAL --id ID --title T");
		if (valid_after || valid_before)
			return cli_usage("signers remove: --valid-after and --valid-before go with add");
		o.change = CHARTER_SIGNERS_REMOVE;
	} else {
		return cli_usage("signers: say add or remove (see charter signers --help)");
	}
	if (!id)
		return cli_usage("signers: --id ID is required");
	if (!title)
		return cli_usage("signers: --title T is required");

	charter_store *store = NULL;
	charter_identity *ident = NULL;
	charter_signer *signer = NULL;
	char *pub = NULL;
	size_t len = 0;
	if ((rc = cli_open_store(&store)) != 0 || (rc = cli_identity(&ident, store, by)) != 0)
		goto done;
	if (o.change == CHARTER_SIGNERS_ADD) {
		if ((rc = cli_read_file(&pub, &len, pos[2])) != 0)
			goto done;
		if (strlen(pub) != len) {
			rc = cli_error("%s: not a public key file (it holds a NUL byte)", pos[2]);
			goto done;
		}
		/* A public key file holds one line; refuse a private key early. */
		if (strstr(pub, "PRIVATE KEY")) {
			rc = cli_error("%s is a private key: give the public key (%s.pub)", pos[2], pos[2]);
			goto done;
		}
	}
	if (charter_signer_open(&signer, store, key) < 0) {
		if (key || charter_error_last_code() != CHARTER_ENOTFOUND) {
			rc = cli_fail();
			goto done;
		}
		signer = NULL; /* no key configured: an unsigned proposal */
	}
	o.principal = pos[1];
	o.public_key = pub;
	o.valid_after = valid_after;
	o.valid_before = valid_before;
	o.id = id;
	o.title = title;
	o.rationale = rationale;
	o.by = ident;
	o.signer = signer;
	if (charter_signers_propose(commit, store, &o) < 0) {
		rc = cli_fail();
		goto done;
	}
	char *out = NULL;
	size_t out_len = 0;
	if (charter_signers_propose_render(&out, &out_len, commit, &o, fmt) < 0)
		rc = cli_fail();
	else if ((rc = cli_output(NULL, out, out_len)) == 0 && fmt == CHARTER_FORMAT_TEXT)
		printf("  It takes effect when adopted: charter adopt %s --convention NAME --date DATE\n", id);
	charter_free(out);
done:
	free(pub);
	charter_signer_free(signer);
	charter_identity_free(ident);
	charter_store_free(store);
	return rc;
}
