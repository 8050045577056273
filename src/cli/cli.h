/* The charter tool: a thin client of the public API (charter.h only). */
#ifndef CHARTER_CLI_H
#define CHARTER_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "charter.h"

/* Exit codes: 0 success, 1 the operation failed, 2 usage error. */
#define EXIT_FAILED 1
#define EXIT_USAGE 2

typedef struct cli_command {
	const char *name;
	int (*run)(const struct cli_command *cmd, int argc, char **argv);
	const char *usage;   /* arguments after the name, for --help */
	const char *summary; /* one line */
	bool pages;          /* long output for people: through the pager on a terminal */
} cli_command;

typedef enum { OPT_FLAG, OPT_STRING, OPT_LIST } cli_opt_kind;

typedef struct {
	const char **items;
	size_t count;
} cli_list;

typedef struct {
	const char *name;  /* without the leading "--" */
	cli_opt_kind kind; /* FLAG: dest is bool*; STRING: const char **; LIST: cli_list* */
	void *dest;
	const char *arg;   /* the value's name in --help, e.g. "WHEN" */
	const char *help;
} cli_option;

/* Options every command accepts: --store DIR, --color WHEN, --help. */
typedef struct {
	const char *store;
	bool color; /* colour the output (terminal, no NO_COLOR, no --color=never) */
	bool no_pager; /* --no-pager */
	int generate;  /* CLI_GEN_*: --help prints a man page or completion instead */
} cli_globals;

enum { CLI_GEN_NONE = 0, CLI_GEN_MAN, CLI_GEN_BASH };

extern cli_globals cli;

/* Parse a command's argv (argv[0] is the command name). Options may come
 * before, after or between positional arguments; `--` ends options. The
 * positional arguments are returned in pos[0..*npos). Returns 0 to go on,
 * -1 when --help was printed (exit 0), EXIT_USAGE on a usage error (message
 * printed). The options table ends with a zeroed entry. */
int cli_parse(const cli_command *cmd, const cli_option *opts, int argc, char **argv,
	char ***pos, int *npos, int min_pos, int max_pos);

/* Send standard output (and standard error, when it is a terminal) through
 * the pager, as git does: only when standard output is a terminal and
 * --no-pager was not given; $CHARTER_PAGER, git config core.pager, $PAGER,
 * else less (with LESS=FRX, LV=-c); "" or "cat" for none. A pager the
 * reader quits early ends the command with status 0. (pager.c) */
void cli_pager(void);
bool cli_pager_active(void);

/* Man pages and completion from the same tables as --help (generate.c).
 * cli_generate prints the page or completion branch of one command when
 * cli.generate asks for it (then true). */
bool cli_generate(const cli_command *cmd, const cli_option *opts);
void cli_generate_man_main(const cli_command *commands, size_t n);
void cli_generate_bash_begin(const cli_command *commands, size_t n);
void cli_generate_bash_end(void);

/* Print "charter: <message>" (one line) and return EXIT_USAGE. */
int cli_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print "charter: <message>" and return EXIT_FAILED (the operation failed). */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print "charter: <the library's last error>" and return EXIT_FAILED. */
int cli_fail(void);

/* Open the store from --store, $CHARTER_STORE or the current directory. */
int cli_open_store(charter_store **out);

/* The signing key and the identity, from --key/--by or their defaults. */
int cli_open_signer(charter_signer **out, charter_store *store, const char *key);
int cli_identity(charter_identity **out, charter_store *store, const char *by);

/* Parse --format; `allowed` is a list of names accepted by this command. */
int cli_format(charter_format *out, const char *name, const char *const *allowed);

/* --context N and --whole of the redlines for people: the rendering flag
 * (CHARTER_REDLINE_CONTEXT(N), default 1; 0 with --whole) in *flags.
 * Returns EXIT_USAGE (message printed) for a bad N or both options. */
int cli_context(unsigned int *flags, const char *context, bool whole);
#define CLI_CONTEXT_OPTIONS(context, whole) \
	{ "context", OPT_STRING, (context), "N", "unchanged paragraphs shown around each change (default 1)" }, \
	{ "whole", OPT_FLAG, (whole), NULL, "the whole text of each changed section, not only the changes" }

/* --output FILE (also -o, the one short option: cli_short_output rewrites
 * it to --output before parsing). */
#define CLI_OUTPUT_OPTION(output) \
	{ "output", OPT_STRING, (output), "FILE", "write to FILE instead of standard output (also -o)" }
void cli_short_output(int argc, char **argv);

/* Whether format `name` is a binary file (docx, odt): never paged, never
 * written to a terminal. cli_binary_output returns EXIT_USAGE (message
 * printed) for such a format going to standard output on a terminal. */
bool cli_binary_format(const char *name);
int cli_binary_output(const char *format, const char *path);

/* Write `data` to `path` (replacing it atomically) or to stdout when NULL. */
int cli_output(const char *path, const char *data, size_t len);

/* cli_output, then "Wrote FILE" on standard output when it went to a file. */
int cli_written(const char *path, const char *data, size_t len);

/* ANSI colours, empty when colour is off. */
const char *cli_red(void);
const char *cli_green(void);
const char *cli_bold(void);
const char *cli_dim(void);
const char *cli_reset(void);

/* Commands, one file each. */
int cmd_init(const cli_command *cmd, int argc, char **argv);
int cmd_sections(const cli_command *cmd, int argc, char **argv);
int cmd_show(const cli_command *cmd, int argc, char **argv);
int cmd_export(const cli_command *cmd, int argc, char **argv);
int cmd_booklet(const cli_command *cmd, int argc, char **argv);
int cmd_propose(const cli_command *cmd, int argc, char **argv);
int cmd_amendments(const cli_command *cmd, int argc, char **argv);
int cmd_amendment(const cli_command *cmd, int argc, char **argv);
int cmd_adopt(const cli_command *cmd, int argc, char **argv);
int cmd_reject(const cli_command *cmd, int argc, char **argv);
int cmd_withdraw(const cli_command *cmd, int argc, char **argv);
int cmd_convention(const cli_command *cmd, int argc, char **argv);
int cmd_verify(const cli_command *cmd, int argc, char **argv);
int cmd_signers(const cli_command *cmd, int argc, char **argv);
int cmd_sync(const cli_command *cmd, int argc, char **argv);
int cmd_push(const cli_command *cmd, int argc, char **argv);
int cmd_log(const cli_command *cmd, int argc, char **argv);
int cmd_history(const cli_command *cmd, int argc, char **argv);
int cmd_diff(const cli_command *cmd, int argc, char **argv);
int cmd_blame(const cli_command *cmd, int argc, char **argv);
int cmd_record(const cli_command *cmd, int argc, char **argv);
int cmd_site(const cli_command *cmd, int argc, char **argv);

/* Amendment commands' helpers (cmd_propose.c, cmd_amendments.c). */
int cli_read_file(char **out, size_t *len, const char *path); /* prints the error */
bool cli_is_dir(const char *path);

#endif
