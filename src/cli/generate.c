/* Man pages and shell completion, generated from the command and option tables that drive --help. */
#include <ctype.h>
#include <string.h>

#include "cli.h"

/* roff text: backslashes escaped, dashes as \-, no line starting with a control character. */
static void roff(const char *s)
{
	for (const char *p = s; *p; p++) {
		if (*p == '\\')
			fputs("\\e", stdout);
		else if (*p == '-')
			fputs("\\-", stdout);
		else if ((*p == '.' || *p == '\'') && (p == s || p[-1] == '\n'))
			fputs("\\&", stdout), putchar(*p);
		else
			putchar(*p);
	}
}

static void upper(const char *s)
{
	for (; *s; s++)
		putchar(*s == '-' ? '-' : toupper((unsigned char)*s));
}

static void man_header(const char *name, int section)
{
	printf(".TH \"");
	upper(name);
	printf("\" %d \"\" \"charter %s\" \"charter manual\"\n", section, charter_version());
}

/* The words of a help text like "text, markdown (CriticMarkup), html or json". */
static void help_values(char *out, size_t size, const char *help)
{
	size_t n = 0;
	const char *p = help;
	*out = '\0';
	while (*p) {
		size_t w = strspn(p, "abcdefghijklmnopqrstuvwxyz");
		if (!w || n + w + 2 >= size)
			goto none;
		if (n)
			out[n++] = ' ';
		memcpy(out + n, p, w);
		n += w;
		p += w;
		if (strncmp(p, " (", 2) == 0) {
			const char *close = strchr(p, ')');
			if (!close)
				goto none;
			p = close + 1;
		}
		if (strncmp(p, ", ", 2) == 0)
			p += 2;
		else if (strncmp(p, " or ", 4) == 0)
			p += 4;
		else if (*p)
			goto none;
	}
	out[n] = '\0';
	return;
none:
	*out = '\0';
}

/* The values an option takes when its usage says so ("--format text|json"),
 * or for --format, its help. */
static void option_values(char *out, size_t size, const cli_command *cmd, const cli_option *o)
{
	char needle[64];
	*out = '\0';
	snprintf(needle, sizeof(needle), "--%s ", o->name);
	const char *p = strstr(cmd->usage, needle);
	if (!p) {
		if (strcmp(o->name, "format") == 0)
			help_values(out, size, o->help);
		return;
	}
	p += strlen(needle);
	size_t n = strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789-|");
	if (!memchr(p, '|', n) || n >= size)
		return;
	for (size_t i = 0; i < n; i++)
		out[i] = p[i] == '|' ? ' ' : p[i];
	out[n] = '\0';
}

static const char *const global_help[][2] = {
	{ "--store DIR", "the store (default: $CHARTER_STORE, else the git repository containing the current directory)" },
	{ "--color WHEN", "auto, always or never (NO_COLOR is honoured)" },
	{ "--no-pager", "do not send the output through the pager" },
	{ "--help", "print the usage and options of the command" },
};

static void man_command(const cli_command *cmd, const cli_option *opts)
{
	char page[64];
	snprintf(page, sizeof(page), "charter-%s", cmd->name);
	man_header(page, 1);
	printf(".SH NAME\n%s \\- ", page);
	roff(cmd->summary);
	printf("\n.SH SYNOPSIS\n.B charter %s\n", cmd->name);
	roff(cmd->usage);
	printf("\n.SH DESCRIPTION\n");
	roff(cmd->summary);
	printf("\nThe same text as\n.B charter %s \\-\\-help\n(and\n.BR \"charter help %s\" ).\n", cmd->name,
		cmd->name);
	printf(".SH OPTIONS\n");
	for (const cli_option *o = opts; o && o->name; o++) {
		printf(".TP\n.B \\-\\-");
		roff(o->name);
		if (o->arg) {
			printf(" \\fI");
			roff(o->arg);
			printf("\\fR");
		}
		putchar('\n');
		roff(o->help);
		putchar('\n');
	}
	for (size_t i = 0; i < sizeof(global_help) / sizeof(*global_help); i++) {
		printf(".TP\n.B ");
		roff(global_help[i][0]);
		putchar('\n');
		roff(global_help[i][1]);
		putchar('\n');
	}
	printf(".SH EXIT STATUS\n0 success; 1 the operation failed; 2 a usage error.\n");
	printf(".SH SEE ALSO\n.BR charter (1)\n");
}

static void bash_command(const cli_command *cmd, const cli_option *opts)
{
	char values[200];
	printf("\t%s)\n\t\topts=\"", cmd->name);
	for (const cli_option *o = opts; o && o->name; o++)
		printf("%s--%s", o == opts ? "" : " ", o->name);
	printf("\"\n");
	/* What the positional arguments are, from the usage line. */
	if (strncmp(cmd->usage, "SECTION", 7) == 0 || strncmp(cmd->usage, "[SECTION]", 9) == 0 ||
	    strstr(cmd->usage, " [SECTION]"))
		printf("\t\targs=sections\n");
	else if (strncmp(cmd->usage, "ID", 2) == 0)
		printf("\t\targs=amendments\n");
	else if (strncmp(cmd->usage, "[COMMAND]", 9) == 0)
		printf("\t\targs=commands\n");
	else if (strncmp(cmd->usage, "close ", 6) == 0)
		printf("\t\targs=\"words close\"\n");
	else if (strncmp(cmd->usage, "(add ", 5) == 0)
		printf("\t\targs=\"words add remove\"\n");
	else if (strncmp(cmd->usage, "[DIR]", 5) == 0 || strncmp(cmd->usage, "DIR", 3) == 0)
		printf("\t\targs=dirs\n");
	for (const cli_option *o = opts; o && o->name; o++) {
		option_values(values, sizeof(values), cmd, o);
		if (*values)
			printf("\t\t[[ $prev == --%s ]] && { COMPREPLY=($(compgen -W \"%s\" -- \"$cur\")); return; }\n",
				o->name, values);
		else if (o->kind != OPT_FLAG && o->arg && (strstr(o->arg, "FILE") || strstr(o->arg, "DIR") ||
			 strstr(o->arg, "FOLDER") || strstr(o->arg, "STATEMENTS")))
			printf("\t\t[[ $prev == --%s ]] && { COMPREPLY=($(compgen -f -- \"$cur\")); return; }\n", o->name);
		else if (o->kind != OPT_FLAG)
			printf("\t\t[[ $prev == --%s ]] && return\n", o->name);
	}
	printf("\t\t;;\n");
}

bool cli_generate(const cli_command *cmd, const cli_option *opts)
{
	switch (cli.generate) {
	case CLI_GEN_MAN:
		man_command(cmd, opts);
		return true;
	case CLI_GEN_BASH:
		bash_command(cmd, opts);
		return true;
	default:
		return false;
	}
}

void cli_generate_man_main(const cli_command *commands, size_t n)
{
	man_header("charter", 1);
	printf(".SH NAME\ncharter \\- keep a founding text in git and record its amendments as signed commits\n");
	printf(".SH SYNOPSIS\n.B charter\n[\\-\\-store \\fIDIR\\fR] [\\-\\-color \\fIWHEN\\fR] [\\-\\-no\\-pager] "
	       "\\fICOMMAND\\fR [\\fIoptions\\fR]\n");
	printf(".SH DESCRIPTION\n.B charter\nkeeps an organization's founding text \\(em a platform, constitution "
	       "or bylaws \\(em in a git repository, one Markdown file per section, and records every amendment "
	       "a convention adopts as a signed commit. From that record it produces word\\-level redlines, the "
	       "history of each section, attribution of every clause, and the adopted text as of any date.\n");
	printf(".PP\nThe store is \\fB\\-\\-store\\fR, else \\fB$CHARTER_STORE\\fR, else the git repository "
	       "containing the current directory.\n");
	printf(".SH COMMANDS\n");
	for (size_t i = 0; i < n; i++) {
		printf(".TP\n.BR \"charter %s\" \" \" \"(see \" charter\\-%s (1) )\n", commands[i].name, commands[i].name);
		roff(commands[i].summary);
		putchar('\n');
	}
	printf(".SH WHEN\nWherever a command takes WHEN: a date \\fIYYYY\\-MM\\-DD\\fR (the text in force at the "
	       "end of that day), a convention name or tag, an amendment id (the text right after its "
	       "adoption), a commit id, or a git revision naming a commit on main (\\fBHEAD\\fR, "
	       "\\fBmain~2\\fR, \\fBmain^\\fR, a tag).\n");
	printf(".SH GLOBAL OPTIONS\n");
	for (size_t i = 0; i < sizeof(global_help) / sizeof(*global_help); i++) {
		printf(".TP\n.B ");
		roff(global_help[i][0]);
		putchar('\n');
		roff(global_help[i][1]);
		putchar('\n');
	}
	printf(".TP\n.B \\-\\-version\nprint the version\n");
	printf(".SH ENVIRONMENT\n"
	       ".TP\n.B CHARTER_STORE\nthe store, when \\-\\-store is not given\n"
	       ".TP\n.B CHARTER_SIGNING_KEY\nthe signing key, when \\-\\-key is not given (else git config "
	       "user.signingkey)\n"
	       ".TP\n.B CHARTER_PAGER\nthe pager for long output on a terminal; else git config core.pager, "
	       "else \\fBPAGER\\fR, else less (with \\fBLESS=FRX\\fR, \\fBLV=\\-c\\fR); empty or \"cat\" for none\n"
	       ".TP\n.B NO_COLOR\nno colour when set and not empty\n"
	       ".TP\n.B CHARTER_INDEX\n\"off\": neither read nor write the history cache\n");
	printf(".SH EXIT STATUS\n0 success; 1 the operation failed (not found, collision, verification "
	       "failed); 2 a usage error.\n");
	printf(".SH SEE ALSO\n");
	for (size_t i = 0; i < n; i++)
		printf(".BR charter\\-%s (1),\n", commands[i].name);
	printf(".BR libcharter (3),\n.BR git (1)\n");
}

void cli_generate_bash_begin(const cli_command *commands, size_t n)
{
	printf("# bash completion for charter, generated from its command and option tables.\n"
	       "# Completes commands, options, option values, section slugs and amendment ids (from the store).\n"
	       "_charter_store_list() {\n"
	       "\tlocal kind=$1 store=$2 key=slug\n"
	       "\t[[ $kind == amendments ]] && key=id\n"
	       "\tcharter ${store:+--store \"$store\"} --no-pager --color=never $kind --format json 2>/dev/null |\n"
	       "\t\tgrep -o \"\\\"$key\\\":\\\"[^\\\"]*\\\"\" | cut -d'\"' -f4\n"
	       "}\n\n"
	       "_charter() {\n"
	       "\tlocal cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
	       "\tlocal commands=\"");
	for (size_t i = 0; i < n; i++)
		printf("%s%s", i ? " " : "", commands[i].name);
	printf("\"\n"
	       "\tlocal globals=\"--store --color --no-pager --help\"\n"
	       "\tlocal i cmd= store=${CHARTER_STORE:-} opts= args=\n"
	       "\tCOMPREPLY=()\n"
	       "\tfor ((i = 1; i < COMP_CWORD; i++)); do\n"
	       "\t\tcase ${COMP_WORDS[i]} in\n"
	       "\t\t--store) store=${COMP_WORDS[i+1]}; ((i++)) ;;\n"
	       "\t\t--store=*) store=${COMP_WORDS[i]#--store=} ;;\n"
	       "\t\t--color) ((i++)) ;;\n"
	       "\t\t-*) ;;\n"
	       "\t\t*) [[ -z $cmd ]] && cmd=${COMP_WORDS[i]} ;;\n"
	       "\t\tesac\n"
	       "\tdone\n"
	       "\tcase $prev in\n"
	       "\t--store) COMPREPLY=($(compgen -d -- \"$cur\")); return ;;\n"
	       "\t--color) COMPREPLY=($(compgen -W \"auto always never\" -- \"$cur\")); return ;;\n"
	       "\tesac\n"
	       "\tif [[ -z $cmd ]]; then\n"
	       "\t\tif [[ $cur == -* ]]; then\n"
	       "\t\t\tCOMPREPLY=($(compgen -W \"$globals --version\" -- \"$cur\"))\n"
	       "\t\telse\n"
	       "\t\t\tCOMPREPLY=($(compgen -W \"$commands\" -- \"$cur\"))\n"
	       "\t\tfi\n"
	       "\t\treturn\n"
	       "\tfi\n"
	       "\tcase $cmd in\n");
}

void cli_generate_bash_end(void)
{
	printf("\t*) return ;;\n"
	       "\tesac\n"
	       "\tif [[ $cur == -* ]]; then\n"
	       "\t\tCOMPREPLY=($(compgen -W \"$opts $globals\" -- \"$cur\"))\n"
	       "\t\treturn\n"
	       "\tfi\n"
	       "\tcase $args in\n"
	       "\tsections|amendments) COMPREPLY=($(compgen -W \"$(_charter_store_list $args \"$store\")\" -- \"$cur\")) ;;\n"
	       "\tcommands) COMPREPLY=($(compgen -W \"$commands\" -- \"$cur\")) ;;\n"
	       "\t\"words \"*) COMPREPLY=($(compgen -W \"${args#words }\" -- \"$cur\")) ;;\n"
	       "\tdirs) COMPREPLY=($(compgen -d -- \"$cur\")) ;;\n"
	       "\tesac\n"
	       "}\n"
	       "complete -F _charter charter\n");
}
