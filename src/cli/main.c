/* charter: the command table and global options. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static int cmd_help(const cli_command *cmd, int argc, char **argv);

static const cli_command commands[] = {
	{ "init", cmd_init, "[DIR] --from STATEMENTS [--adopted-on DATE] [--convention NAME]",
	  "Create a store whose signed root commit is the founding text.", false },
	{ "sections", cmd_sections, "[--at WHEN] [--format json]", "List the sections in order: slug and title.", false },
	{ "show", cmd_show, "SECTION [--at WHEN] [--format text|markdown|html|json]", "Print one section's adopted text.", true },
	{ "export", cmd_export,
	  "[--at WHEN] [--format markdown|html|latex|man|xml|json] [--line-numbers] [-o FILE]",
	  "Print or write the whole document as adopted.", true },
	{ "propose", cmd_propose,
	  "SECTION --title T [--id ID] [--date DATE] [--to ID] [--at-line N] (--strike S [--insert I] | "
	  "--insert I (--after S | --before S) | "
	  "--substitute FILE | --file FILE | --edit) [--rationale R] [--seconded-by ID]...; or --file FOLDER",
	  "Propose an amendment (Robert's Rules: strike, insert, strike and insert, substitute).", false },
	{ "amendments", cmd_amendments, "[--status pending|adopted|rejected|withdrawn|all] [--format json]",
	  "List amendments: state, and for pending ones whether they apply and what they collide with.", true },
	{ "amendment", cmd_amendment, "ID [--format text|json|markdown|html]",
	  "One amendment: its records, signatures and redlines.", true },
	{ "adopt", cmd_adopt, "ID --convention NAME --date DATE [--vote F-A-X] [--as-amended FILE|FOLDER]",
	  "Adopt an amendment: a signed merge commit on main.", false },
	{ "reject", cmd_reject, "ID... --convention NAME --date DATE [--vote F-A-X]",
	  "Record that the convention rejected amendments.", false },
	{ "withdraw", cmd_withdraw, "ID [--date DATE] [--convention NAME]",
	  "Record that an amendment was withdrawn.", false },
	{ "booklet", cmd_booklet, "[--convention NAME] [--freeze] [--format markdown|html|latex|json|docx|odt] [-o FILE]",
	  "The amendment booklet: the line-numbered text and every pending amendment with its motion.", true },
	{ "convention", cmd_convention, "close NAME --date DATE",
	  "Close a convention: the signed tag convention/NAME on main.", false },
	{ "signers", cmd_signers,
	  "(add PRINCIPAL PUBKEY_FILE [--valid-after DATE] [--valid-before DATE] | remove PRINCIPAL) --id ID --title T",
	  "Propose a change to the officers who may sign (.charter/allowed_signers).", false },
	{ "verify", cmd_verify, "[--trust-root COMMIT] [--full] [--format text|json]",
	  "Check that every adoption on main and every convention tag is authentic.", false },
	{ "sync", cmd_sync, "REMOTE [--trust-root COMMIT] [--format text|json]",
	  "Fetch, verify, then fast-forward only to authentic history.", false },
	{ "push", cmd_push, "REMOTE [--format text|json]",
	  "Publish main, convention tags, proposals and outcomes (verified first).", false },
	{ "log", cmd_log, "[SECTION] [--format text|json]", "Adoptions, newest first (of one section).", true },
	{ "history", cmd_history, "SECTION [--since WHEN] [--format text|markdown|html|json]",
	  "Every adoption that changed a section, each with its word-level redline.", true },
	{ "diff", cmd_diff, "WHEN [WHEN] [SECTION] [--format text|markdown|html|json] [--full]",
	  "The word-level redline between two points in time (the second defaults to today).", true },
	{ "blame", cmd_blame, "SECTION [--at WHEN] [--format text|html|json]",
	  "Which amendment, convention and date adopted each word of a section.", true },
	{ "record", cmd_record, "DIR --adopted-on DATE --convention NAME [--source TEXT]",
	  "Backfill a published version from an archive: a signed commit on main.", false },
	{ "help", cmd_help, "[COMMAND]", "The list of commands, or one command's usage and options (as COMMAND --help).", false },
	{ "site", cmd_site, "DIR [--title T] [--base-url URL]",
	  "Write a static website of the whole record: text, histories, blame, amendments, conventions, feed.", false },
};

#define NCOMMANDS (sizeof(commands) / sizeof(*commands))

static void usage(FILE *out)
{
	fputs("usage: charter [--store DIR] [--color WHEN] [--no-pager] COMMAND [options]\n\ncommands:\n", out);
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(out, "  %-12s %s\n", commands[i].name, commands[i].summary);
	fputs("\nWHEN is a date YYYY-MM-DD, a convention, an amendment id, a commit id or a\n"
	      "revision on main (HEAD, main~2, a tag).\n"
	      "Run 'charter help COMMAND' or 'charter COMMAND --help' for a command's options.\n", out);
}

static const cli_command *find_command(const char *name)
{
	for (size_t c = 0; c < NCOMMANDS; c++)
		if (strcmp(name, commands[c].name) == 0)
			return &commands[c];
	return NULL;
}

/* Optimal string alignment distance (Damerau-Levenshtein with adjacent
 * transpositions), as git's help.autocorrect measures typos. */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 32 || lb > 32)
		return (size_t)-1;
	size_t d[33][33];
	for (size_t i = 0; i <= la; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++)
		for (size_t j = 1; j <= lb; j++) {
			size_t cost = a[i - 1] != b[j - 1];
			size_t best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + cost < best)
				best = d[i - 1][j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	return d[la][lb];
}

/* "unknown command", with the closest command when one is close enough. */
static int unknown_command(const char *name)
{
	const char *best = NULL;
	size_t best_d = (size_t)-1;
	for (size_t c = 0; c < NCOMMANDS; c++) {
		size_t d = distance(name, commands[c].name);
		/* A prefix counts as close: "amend" for "amendment". */
		if (strncmp(name, commands[c].name, strlen(name)) == 0 && *name)
			d = 1;
		if (d < best_d) {
			best_d = d;
			best = commands[c].name;
		}
	}
	size_t len = strlen(name);
	if (best && best_d <= (len < 6 ? 2 : len / 3 + 1))
		return cli_usage("unknown command '%.40s': did you mean '%s'? (see charter help)", name, best);
	return cli_usage("unknown command '%.40s' (see charter help)", name);
}

/* charter help [COMMAND]: the command list, or what COMMAND --help says. */
static int cmd_help(const cli_command *cmd, int argc, char **argv)
{
	if (argc > 2)
		return cli_usage("usage: charter %s %s", cmd->name, cmd->usage);
	if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		if (cli_generate(cmd, NULL))
			return 0;
		printf("usage: charter %s %s\n\n%s\n", cmd->name, cmd->usage, cmd->summary);
		return 0;
	}
	if (argc == 1) {
		usage(stdout);
		return 0;
	}
	const cli_command *target = find_command(argv[1]);
	if (!target)
		return unknown_command(argv[1]);
	char *args[] = { (char *)target->name, "--help", NULL };
	return target->run(target, 2, args);
}

/* charter --generate WHAT [COMMAND]: the man pages and the completion
 * scripts, printed from the tables above and each command's options (the
 * build runs it; see cmake/generate-docs.cmake). */
static int generate(int argc, char **argv)
{
	const char *what = argc > 0 ? argv[0] : "";
	if (strcmp(what, "commands") == 0) {
		for (size_t c = 0; c < NCOMMANDS; c++)
			puts(commands[c].name);
		return 0;
	}
	if (strcmp(what, "man") == 0 && argc == 1) {
		cli_generate_man_main(commands, NCOMMANDS);
		return 0;
	}
	if (strcmp(what, "man") == 0 && argc == 2) {
		const cli_command *cmd = find_command(argv[1]);
		if (!cmd)
			return unknown_command(argv[1]);
		char *args[] = { (char *)cmd->name, "--help", NULL };
		cli.generate = CLI_GEN_MAN;
		return cmd->run(cmd, 2, args);
	}
	if (strcmp(what, "bash") == 0 || strcmp(what, "zsh") == 0) {
		if (what[0] == 'z')
			printf("#compdef charter\n# zsh completion for charter: the bash completion through bashcompinit.\n"
			       "autoload -U +X bashcompinit && bashcompinit\n");
		cli_generate_bash_begin(commands, NCOMMANDS);
		cli.generate = CLI_GEN_BASH;
		for (size_t c = 0; c < NCOMMANDS; c++) {
			char *args[] = { (char *)commands[c].name, "--help", NULL };
			if (commands[c].run(&commands[c], 2, args) != 0)
				return EXIT_FAILED;
		}
		cli_generate_bash_end();
		return 0;
	}
	return cli_usage("--generate takes commands, man [COMMAND], bash or zsh");
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
		} else if (strcmp(a, "--generate") == 0) {
			return generate(argc - i - 1, argv + i + 1);
		} else if (strcmp(a, "--no-pager") == 0) {
			cli.no_pager = true;
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
	if (i >= argc) {
		/* As git: the short usage and the command list, exit 1. */
		usage(stdout);
		return EXIT_FAILED;
	}
	const cli_command *cmd = find_command(argv[i]);
	return cmd ? cmd->run(cmd, argc - i, argv + i) : unknown_command(argv[i]);
}
