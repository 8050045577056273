/* charter adopt: the signed merge commit on main. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cmd_adopt(const cli_command *cmd, int argc, char **argv)
{
	const char *convention = NULL, *date = NULL, *vote = NULL, *as_amended = NULL, *by = NULL, *key = NULL;
	const char *format = "text";
	const cli_option opts[] = {
		{ "convention", OPT_STRING, &convention, "NAME", "the convention that adopts it (required)" },
		{ "date", OPT_STRING, &date, "DATE", "the adoption date YYYY-MM-DD (required)" },
		{ "vote", OPT_STRING, &vote, "F-A-X", "the vote: for, against, abstaining" },
		{ "as-amended", OPT_STRING, &as_amended, "FILE|FOLDER",
		  "the text the convention adopted: the section (a file) or the whole document (a statements folder)" },
		{ "by", OPT_STRING, &by, "\"NAME <EMAIL>\"", "who records it (default: git config user.name/email)" },
		{ "key", OPT_STRING, &key, "FILE", "signing key, an allowed signer (default: $CHARTER_SIGNING_KEY, "
		  "user.signingkey)" },
		{ "format", OPT_STRING, &format, "FORMAT", "text or json" },
		{ 0 },
	};
	static const char *const formats[] = { "text", "json", NULL };
	charter_adopt_options o = CHARTER_ADOPT_OPTIONS_INIT;
	charter_format fmt;
	char **pos, commit[41];
	int npos, rc;
	if ((rc = cli_parse(cmd, opts, argc, argv, &pos, &npos, 1, 1)) != 0)
		return rc < 0 ? 0 : rc;
	if ((rc = cli_format(&fmt, format, formats)) != 0)
		return rc;
	if (!convention)
		return cli_usage("adopt: --convention NAME is required");
	if (!date)
		return cli_usage("adopt: --date YYYY-MM-DD is required");

	charter_store *store = NULL;
	charter_identity *id = NULL;
	charter_signer *signer = NULL;
	charter_document *folder = NULL;
	charter_amendment *a = NULL;
	char *text = NULL;
	size_t len = 0;
	if ((rc = cli_open_store(&store)) != 0 || (rc = cli_identity(&id, store, by)) != 0 ||
	    (rc = cli_open_signer(&signer, store, key)) != 0)
		goto done;
	if (as_amended && cli_is_dir(as_amended)) {
		if (charter_document_from_dir(&folder, as_amended) < 0) {
			rc = cli_fail();
			goto done;
		}
		o.as_amended_document = folder;
	} else if (as_amended) {
		if ((rc = cli_read_file(&text, &len, as_amended)) != 0)
			goto done;
		o.as_amended_text = text;
		o.as_amended_len = len;
	}
	o.convention = convention;
	o.date = date;
	o.vote = vote;
	o.by = id;
	o.signer = signer;
	if (charter_adopt(commit, store, pos[0], &o) < 0 || charter_amendment_load(&a, store, pos[0], 0) < 0) {
		rc = cli_fail();
		goto done;
	}
	if (fmt == CHARTER_FORMAT_JSON) {
		char *out = NULL;
		size_t len = 0;
		if (charter_amendment_render(&out, &len, a, fmt, CHARTER_AMENDMENT_SUMMARY) < 0)
			rc = cli_fail();
		else
			rc = cli_output(NULL, out, len);
		charter_free(out);
	} else {
		printf("Adopted amendment %s: %s\n  %s convention, %s%s%s%s\n  commit %.12s on main, signed by %s <%s>\n",
			pos[0], charter_amendment_title(a), convention, date, vote ? ", vote " : "", vote ? vote : "",
			as_amended ? ", as amended" : "", commit, charter_identity_name(id), charter_identity_email(id));
	}
done:
	charter_amendment_free(a);
	charter_document_free(folder);
	free(text);
	charter_signer_free(signer);
	charter_identity_free(id);
	charter_store_free(store);
	return rc;
}
