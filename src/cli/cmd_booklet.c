/* charter booklet: the convention's amendment booklet (line-numbered text, pending amendments with their motions). */
#include <stdio.h>

#include "cli.h"

/* --freeze: the signed tag booklet/<slug> on today's text. */
static int freeze(charter_store *store, const char *convention, const char *by, const char *key)
{
	charter_identity *id = NULL;
	charter_signer *signer = NULL;
	charter_freeze_options fo = CHARTER_FREEZE_OPTIONS_INIT;
	char tag[41];
	int rc;
	if (!convention)
		return cli_usage("booklet --freeze: --convention NAME is required (the tag is booklet/<its slug>)");
	if ((rc = cli_identity(&id, store, by)) == 0 && (rc = cli_open_signer(&signer, store, key)) == 0) {
		fo.by = id;
		fo.signer = signer;
		if (charter_booklet_freeze(tag, store, convention, &fo) < 0)
			rc = cli_fail();
		else
			fprintf(stderr, "Froze the booklet of %s: its line numbers are those of the text tagged now (tag %.12s)\n",
				convention, tag);
	}
	charter_signer_free(signer);
	charter_identity_free(id);
	return rc;
}

int cmd_booklet(const cli_command *cmd, int argc, char **argv)
{
	const char *format = "markdown", *output = NULL, *convention = NULL, *by = NULL, *key = NULL;
	bool frozen = false;
	const cli_option opts[] = {
		{ "convention", OPT_STRING, &convention, "NAME", "the convention, for the title page (and its frozen text)" },
		{ "freeze", OPT_FLAG, &frozen, NULL, "freeze the numbered text first (the signed tag booklet/<convention>): "
		  "motions and propose --at-line keep citing its lines" },
		{ "by", OPT_STRING, &by, "\"NAME <EMAIL>\"", "--freeze: the tagger (default: git config user.name/email)" },
		{ "key", OPT_STRING, &key, "FILE", "--freeze: signing key, an allowed signer (default: $CHARTER_SIGNING_KEY, "
		  "user.signingkey)" },
		{ "format", OPT_STRING, &format, "FORMAT", "markdown, html (print-ready), latex, json, or docx or odt (redlines as tracked changes)" },
		CLI_OUTPUT_OPTION(&output),
		{ 0 },
	};
	static const char *const formats[] = { "markdown", "html", "latex", "json", "docx", "odt", NULL };
	cli_short_output(argc, argv);
	char **pos;
	int npos, rc;
	charter_booklet_options bo = CHARTER_BOOKLET_OPTIONS_INIT;
	if ((rc = cli_parse(cmd, opts, argc, argv, &pos, &npos, 0, 0)) != 0)
		return rc < 0 ? 0 : rc;
	if ((rc = cli_format(&bo.format, format, formats)) != 0 || (rc = cli_binary_output(format, output)) != 0)
		return rc;
	if (frozen && !convention)
		return cli_usage("booklet --freeze: --convention NAME is required (the tag is booklet/<its slug>)");
	bo.convention = convention;
	charter_store *store = NULL;
	char *text = NULL;
	size_t len;
	if ((rc = cli_open_store(&store)) != 0)
		return rc;
	if (frozen && (rc = freeze(store, convention, by, key)) != 0)
		goto done;
	if (charter_booklet(&text, &len, store, &bo) < 0)
		rc = cli_fail();
	else
		rc = cli_written(output, text, len);
done:
	charter_free(text);
	charter_store_free(store);
	return rc;
}
