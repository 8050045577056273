/* charter: the command table and global options. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const cli_command commands[] = {
	{ "init", cmd_init, "[DIR] --from STATEMENTS [--adopted-on DATE] [--convention NAME]",
	  "Create a store whose signed root commit is the founding text." },
	{ "sections", cmd_sections, "[--at WHEN] [--format json]", "List the sections in order: slug and title." },
	{ "show", cmd_show, "SECTION [--at WHEN]", "Print one section's adopted text." },
	{ "export", cmd_export,
	  "[--at WHEN] [--format markdown|html|latex|man|xml|json] [--line-numbers] [-o FILE]",
	  "Print or write the whole document as adopted." },
	{ "propose", cmd_propose,
	  "SECTION --title T [--id ID] (--strike S [--insert I] | --insert I (--after S | --before S) | "
	  "--substitute FILE | --file FILE | --edit) [--rationale R] [--seconded-by ID]...; or --file FOLDER",
	  "Propose an amendment (Robert's Rules: strike, insert, strike and insert, substitute)." },
	{ "amendments", cmd_amendments, "[--status pending|adopted|rejected|withdrawn|all] [--format json]",
	  "List amendments: state, and for pending ones whether they apply and what they collide with." },
	{ "amendment", cmd_amendment, "ID [--format text|json|markdown|html]",
	  "One amendment: its records, signatures and redlines." },
	{ "adopt", cmd_adopt, "ID --convention NAME --date DATE [--vote F-A-X] [--as-amended FILE|FOLDER]",
	  "Adopt an amendment: a signed merge commit on main." },
	{ "reject", cmd_reject, "ID... --convention NAME --date DATE [--vote F-A-X]",
	  "Record that the convention rejected amendments." },
	{ "withdraw", cmd_withdraw, "ID [--date DATE] [--convention NAME]",
	  "Record that an amendment was withdrawn." },
	{ "convention", cmd_convention, "close NAME --date DATE",
	  "Close a convention: the signed tag convention/NAME on main." },
	{ "signers", cmd_signers,
	  "(add PRINCIPAL PUBKEY_FILE [--valid-after DATE] [--valid-before DATE] | remove PRINCIPAL) --id ID --title T",
	  "Propose a change to the officers who may sign (.charter/allowed_signers)." },
	{ "verify", cmd_verify, "[--trust-root COMMIT] [--full] [--format text|json]",
	  "Check that every adoption on main and every convention tag is authentic." },
	{ "sync", cmd_sync, "REMOTE [--trust-root COMMIT] [--format text|json]",
	  "Fetch, verify, then fast-forward only to authentic history." },
	{ "push", cmd_push, "REMOTE [--format text|json]",
	  "Publish main, convention tags, proposals and outcomes (verified first)." },
	{ "log", cmd_log, "[SECTION] [--format text|json]", "Adoptions, newest first (of one section)." },
	{ "history", cmd_history, "SECTION [--since WHEN] [--format text|markdown|html|json]",
	  "Every adoption that changed a section, each with its word-level redline." },
	{ "diff", cmd_diff, "WHEN [WHEN] [SECTION] [--format text|markdown|html|json] [--full]",
	  "The word-level redline between two points in time (the second defaults to today)." },
	{ "blame", cmd_blame, "SECTION [--at WHEN] [--format text|html|json]",
	  "Which amendment, convention and date adopted each word of a section." },
	{ "record", cmd_record, "DIR --adopted-on DATE --convention NAME [--source TEXT]",
	  "Backfill a published version from an archive: a signed commit on main." },
};

static void usage(FILE *out)
{
	fputs("usage: charter [--store DIR] [--color WHEN] COMMAND [options]\n\ncommands:\n", out);
	for (size_t i = 0; i < sizeof(commands) / sizeof(*commands); i++)
		fprintf(out, "  %-12s %s\n", commands[i].name, commands[i].summary);
	fputs("\nWHEN is a date YYYY-MM-DD, a convention, an amendment id or a commit id.\n"
	      "Run 'charter COMMAND --help' for a command's options.\n", out);
}

int main(int argc, char **argv)
{
	const char *no_color = getenv("NO_COLOR");
	cli.color = isatty(STDOUT_FILENO) && !(no_color && *no_color);

	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--version") == 0) {
			printf("charter %s\n", charter_version());
			return 0;
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(a, "--store") == 0 && i + 1 < argc) {
			cli.store = argv[++i];
		} else if (strncmp(a, "--store=", 8) == 0) {
			cli.store = a + 8;
		} else if ((strcmp(a, "--color") == 0 && i + 1 < argc) || strncmp(a, "--color=", 8) == 0) {
			const char *v = a[7] == '=' ? a + 8 : argv[++i];
			if (strcmp(v, "always") == 0 || strcmp(v, "never") == 0)
				cli.color = v[0] == 'a';
			else if (strcmp(v, "auto") != 0)
				return cli_usage("--color takes auto, always or never");
		} else if (strcmp(a, "--store") == 0 || strcmp(a, "--color") == 0) {
			return cli_usage("%s needs a value", a);
		} else {
			return cli_usage("unknown option '%s' (see charter --help)", a);
		}
	}
	if (i >= argc)
		return cli_usage("which command? (see charter --help)");
	for (size_t c = 0; c < sizeof(commands) / sizeof(*commands); c++)
		if (strcmp(argv[i], commands[c].name) == 0)
			return commands[c].run(&commands[c], argc - i, argv + i);
	return cli_usage("unknown command '%s' (see charter --help)", argv[i]);
}
