/* Option parsing, errors, output and colour shared by every command. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

cli_globals cli;

/* "charter: <message>" on stderr, always one line: line breaks in the
 * message (from a file name or an argument) become spaces. */
static int report(int code, const char *fmt, va_list ap)
{
	char msg[1024];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	for (char *p = msg; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	fprintf(stderr, "charter: %s\n", msg);
	return code;
}

int cli_usage(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int code = report(EXIT_USAGE, fmt, ap);
	va_end(ap);
	return code;
}

int cli_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int code = report(EXIT_FAILED, fmt, ap);
	va_end(ap);
	return code;
}

/* How a user of this tool sets the option a library failure is about
 * (charter_error_last_option()): the flag, or the words to add. */
static const struct {
	const char *option, *flag, *hint;
} option_flags[] = {
	{ "title", "--title", "use --title" },
	{ "id", "--id", "use --id" },
	{ "convention", "--convention", "use --convention NAME" },
	{ "date", "--date", "use --date YYYY-MM-DD" },
	{ "adopted_on", "--adopted-on", "use --adopted-on YYYY-MM-DD" },
	{ "source", "--source", "use --source" },
	{ "rationale", "--rationale", "use --rationale" },
	{ "valid_after", "--valid-after", "use --valid-after DATE" },
	{ "valid_before", "--valid-before", "see --valid-before and --valid-after" },
	{ "as_amended_text", "--as-amended", "use --as-amended FILE" },
	{ "as_amended_document", "--as-amended", "give --as-amended a statements folder with the whole text as adopted" },
	{ "document", "--file", "use --file FOLDER" },
	{ "public_key", "PUBKEY_FILE", "give the officer's public key file" },
	{ "key", "--key", "use --key FILE, $CHARTER_SIGNING_KEY or git config user.signingkey" },
	{ "by", "--by", "use --by \"Name <email>\" or set git config user.name and user.email" },
	{ "store", "--store", "use --store DIR or set CHARTER_STORE" },
};

int cli_fail(void)
{
	const char *msg = charter_error_last(), *option = charter_error_last_option();
	size_t n = strlen(option);
	if (!*msg)
		return cli_error("failed");
	for (size_t i = 0; n && i < sizeof(option_flags) / sizeof(*option_flags); i++) {
		if (strcmp(option, option_flags[i].option) != 0)
			continue;
		/* "source: must be one line" -> "--source: must be one line";
		 * otherwise the message, then how to set the option. */
		if (strncmp(msg, option, n) == 0 && msg[n] == ':')
			return cli_error("%s%s", option_flags[i].flag, msg + n);
		return cli_error("%s (%s)", msg, option_flags[i].hint);
	}
	return cli_error("%s", msg);
}

static void print_help(const cli_command *cmd, const cli_option *opts)
{
	if (cli_generate(cmd, opts))
		return;
	printf("usage: charter %s %s\n\n%s\n\noptions:\n", cmd->name, cmd->usage, cmd->summary);
	for (const cli_option *o = opts; o && o->name; o++) {
		char left[64];
		snprintf(left, sizeof(left), "--%s%s%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
		printf("  %-24s %s\n", left, o->help);
	}
	printf("  %-24s %s\n", "--store DIR", "the store (default: $CHARTER_STORE, else the current repository)");
	printf("  %-24s %s\n", "--color WHEN", "auto, always or never (NO_COLOR is honoured)");
	printf("  %-24s %s\n", "--no-pager", "do not send the output through the pager");
	printf("  %-24s %s\n", "--help", "this help");
}

static int set_color(const char *when)
{
	if (strcmp(when, "always") == 0)
		cli.color = true;
	else if (strcmp(when, "never") == 0)
		cli.color = false;
	else if (strcmp(when, "auto") != 0)
		return cli_usage("--color takes auto, always or never");
	return 0;
}

int cli_parse(const cli_command *cmd, const cli_option *opts, int argc, char **argv,
	char ***pos, int *npos, int min_pos, int max_pos)
{
	static char *positional[64];
	int n = 0;
	bool options_done = false;

	for (int i = 1; i < argc; i++) {
		char *arg = argv[i];
		if (options_done || arg[0] != '-' || strcmp(arg, "-") == 0) {
			if (n >= (int)(sizeof(positional) / sizeof(*positional)))
				return cli_usage("%s: too many arguments", cmd->name);
			positional[n++] = arg;
			continue;
		}
		if (strcmp(arg, "--") == 0) {
			options_done = true;
			continue;
		}
		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			print_help(cmd, opts);
			return -1;
		}
		if (strncmp(arg, "--", 2) != 0)
			return cli_usage("%s: unknown option '%s' (see charter %s --help)", cmd->name, arg, cmd->name);
		if (strcmp(arg, "--no-pager") == 0) {
			cli.no_pager = true;
			continue;
		}
		const char *name = arg + 2;
		const char *eq = strchr(name, '=');
		size_t name_len = eq ? (size_t)(eq - name) : strlen(name);
		const char *value = eq ? eq + 1 : NULL;

		/* Global options are accepted by every command. */
		if ((name_len == 5 && strncmp(name, "store", 5) == 0) || (name_len == 5 && strncmp(name, "color", 5) == 0)) {
			if (!value) {
				if (i + 1 >= argc)
					return cli_usage("--%.*s needs a value", (int)name_len, name);
				value = argv[++i];
			}
			if (name[0] == 's')
				cli.store = value;
			else if (set_color(value))
				return EXIT_USAGE;
			continue;
		}
		const cli_option *o = opts;
		while (o && o->name && !(strlen(o->name) == name_len && strncmp(o->name, name, name_len) == 0))
			o++;
		if (!o || !o->name)
			return cli_usage("%s: unknown option '--%.*s' (see charter %s --help)", cmd->name,
				(int)name_len, name, cmd->name);
		if (o->kind == OPT_FLAG) {
			if (value)
				return cli_usage("--%s takes no value", o->name);
			*(bool *)o->dest = true;
			continue;
		}
		if (!value) {
			if (i + 1 >= argc)
				return cli_usage("--%s needs a value (%s)", o->name, o->arg ? o->arg : "VALUE");
			value = argv[++i];
		}
		if (o->kind == OPT_STRING) {
			*(const char **)o->dest = value;
		} else {
			cli_list *list = o->dest;
			const char **grown = realloc(list->items, (list->count + 1) * sizeof(*grown));
			if (!grown)
				return cli_error("out of memory");
			list->items = grown;
			list->items[list->count++] = value;
		}
	}
	if (n < min_pos || n > max_pos)
		return cli_usage("usage: charter %s %s", cmd->name, cmd->usage);
	*pos = positional;
	*npos = n;
	/* A file for a word processor (docx, odt) is never paged. */
	bool binary = false;
	for (const cli_option *o = opts; o && o->name; o++)
		if (strcmp(o->name, "format") == 0 && o->kind == OPT_STRING && *(const char **)o->dest)
			binary = cli_binary_format(*(const char **)o->dest);
	if (cmd->pages && !binary)
		cli_pager();
	return 0;
}

void cli_short_output(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (argv[i][0] == '-' && argv[i][1] == 'o' && argv[i][2] == '\0')
			argv[i] = "--output";
}

bool cli_binary_format(const char *name)
{
	return strcmp(name, "docx") == 0 || strcmp(name, "odt") == 0;
}

int cli_binary_output(const char *format, const char *path)
{
	if (cli_binary_format(format) && (!path || strcmp(path, "-") == 0) && isatty(STDOUT_FILENO))
		return cli_usage("--format %s writes a binary file: give -o FILE or redirect standard output", format);
	return 0;
}

int cli_open_store(charter_store **out)
{
	return charter_store_open(out, cli.store) < 0 ? cli_fail() : 0;
}

int cli_open_signer(charter_signer **out, charter_store *store, const char *key)
{
	return charter_signer_open(out, store, key) < 0 ? cli_fail() : 0;
}

int cli_identity(charter_identity **out, charter_store *store, const char *by)
{
	int error = by ? charter_identity_parse(out, by) : charter_identity_default(out, store);
	return error < 0 ? cli_fail() : 0;
}

int cli_format(charter_format *out, const char *name, const char *const *allowed)
{
	for (size_t i = 0; allowed[i]; i++)
		if (strcmp(name, allowed[i]) == 0)
			return charter_format_parse(out, name) < 0 ? cli_fail() : 0;
	char list[200] = "";
	for (size_t i = 0; allowed[i]; i++) {
		strncat(list, i ? ", " : "", sizeof(list) - strlen(list) - 1);
		strncat(list, allowed[i], sizeof(list) - strlen(list) - 1);
	}
	return cli_usage("unknown format '%.40s': use %s", name, list);
}

int cli_context(unsigned int *flags, const char *context, bool whole)
{
	*flags = 0;
	if (whole && context)
		return cli_usage("--context and --whole exclude each other");
	if (whole)
		return 0;
	long n = 1;
	if (context) {
		char *end = NULL;
		errno = 0;
		n = strtol(context, &end, 10);
		if (!*context || *end || errno || n < 0 || n > 255)
			return cli_usage("--context takes a number of paragraphs from 0 to 255, not '%.40s'", context);
	}
	*flags = CHARTER_REDLINE_CONTEXT(n);
	return 0;
}

int cli_output(const char *path, const char *data, size_t len)
{
	if (!path || strcmp(path, "-") == 0) {
		if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0)
			return cli_error("cannot write to standard output: %s", strerror(errno));
		return 0;
	}
	/* Write beside the target, then rename: never a half-written file. */
	size_t plen = strlen(path);
	char *tmp = malloc(plen + 16);
	if (!tmp)
		return cli_error("out of memory");
	snprintf(tmp, plen + 16, "%s.tmp-XXXXXX", path);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		cli_error("%s: %s", path, strerror(errno));
		free(tmp);
		return EXIT_FAILED;
	}
	mode_t mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask);
	FILE *f = fdopen(fd, "wb");
	bool ok = f && fwrite(data, 1, len, f) == len;
	ok = (f ? fclose(f) == 0 : (close(fd), false)) && ok;
	if (ok)
		ok = rename(tmp, path) == 0;
	if (!ok) {
		cli_error("%s: %s", path, strerror(errno));
		unlink(tmp);
	}
	free(tmp);
	return ok ? 0 : EXIT_FAILED;
}

int cli_written(const char *path, const char *data, size_t len)
{
	int rc = cli_output(path, data, len);
	if (rc == 0 && path && strcmp(path, "-") != 0)
		printf("Wrote %s\n", path);
	return rc;
}

const char *cli_red(void) { return cli.color ? "\033[31m" : ""; }
const char *cli_green(void) { return cli.color ? "\033[32m" : ""; }
const char *cli_bold(void) { return cli.color ? "\033[1m" : ""; }
const char *cli_dim(void) { return cli.color ? "\033[2m" : ""; }
const char *cli_reset(void) { return cli.color ? "\033[0m" : ""; }
