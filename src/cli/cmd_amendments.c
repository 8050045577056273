/* charter amendments: every amendment and its state. */
#include <string.h>

#include "cli.h"

static void json_or_null(const char *s)
{
	if (s && *s)
		cli_json_string(s);
	else
		fputs("null", stdout);
}

void cli_amendment_json(const charter_amendment *a)
{
	charter_amendment_state_t st = charter_amendment_state(a);
	fputs("{\"id\":", stdout);
	cli_json_string(charter_amendment_id(a));
	fputs(",\"title\":", stdout);
	cli_json_string(charter_amendment_title(a));
	fputs(",\"state\":", stdout);
	cli_json_string(charter_amendment_state_name(st));
	fputs(",\"sections\":[", stdout);
	for (size_t i = 0; i < charter_amendment_section_count(a); i++) {
		if (i)
			putchar(',');
		cli_json_string(charter_amendment_section(a, i));
	}
	fputs("],\"proposed_by\":", stdout);
	cli_json_string(charter_amendment_proposed_by(a));
	fputs(",\"seconded_by\":[", stdout);
	for (size_t i = 0; i < charter_amendment_seconded_count(a); i++) {
		if (i)
			putchar(',');
		cli_json_string(charter_amendment_seconded_by(a, i));
	}
	fputs("],\"proposed_on\":", stdout);
	cli_json_string(charter_amendment_proposed_on(a));
	fputs(",\"convention\":", stdout);
	json_or_null(charter_amendment_convention(a));
	fputs(",\"date\":", stdout);
	json_or_null(charter_amendment_date(a));
	fputs(",\"vote\":", stdout);
	json_or_null(charter_amendment_vote(a));
	printf(",\"applies\":%s", charter_amendment_applies(a) == 1 ? "true" : "false");
	fputs(",\"collides_with\":[", stdout);
	for (size_t i = 0; i < charter_amendment_collides_count(a); i++) {
		if (i)
			putchar(',');
		cli_json_string(charter_amendment_collides_with(a, i));
	}
	fputs("],\"collision\":", stdout);
	json_or_null(charter_amendment_collision(a));
	printf(",\"as_amended\":%s", charter_amendment_as_amended(a) ? "true" : "false");
	fputs(",\"proposal\":", stdout);
	cli_json_string(charter_amendment_proposal_commit(a));
	fputs(",\"base\":", stdout);
	cli_json_string(charter_amendment_base_commit(a));
	fputs(",\"outcome\":", stdout);
	json_or_null(*charter_amendment_outcome_commit(a) ? charter_amendment_outcome_commit(a) : NULL);
	putchar('}');
}

static void print_text(const charter_amendment *a, int width)
{
	charter_amendment_state_t st = charter_amendment_state(a);
	const char *colour = st == CHARTER_AMENDMENT_ADOPTED ? cli_green()
		: st == CHARTER_AMENDMENT_PENDING ? cli_bold() : cli_dim();
	printf("%s%-*s%s %s%-9s%s ", cli_bold(), width, charter_amendment_id(a), cli_reset(), colour,
		charter_amendment_state_name(st), cli_reset());
	if (st == CHARTER_AMENDMENT_PENDING)
		printf("proposed %s ", charter_amendment_proposed_on(a));
	else if (*charter_amendment_convention(a))
		printf("%s %s ", charter_amendment_convention(a), charter_amendment_date(a));
	else
		printf("%s ", charter_amendment_date(a));
	if (*charter_amendment_vote(a))
		printf("(vote %s) ", charter_amendment_vote(a));
	printf("[");
	for (size_t i = 0; i < charter_amendment_section_count(a); i++)
		printf("%s%s", i ? ", " : "", charter_amendment_section(a, i));
	if (!charter_amendment_section_count(a))
		printf("no section");
	printf("] %s\n", charter_amendment_title(a));
	if (st != CHARTER_AMENDMENT_PENDING)
		return;
	if (charter_amendment_applies(a) == 1)
		printf("%*s %sapplies to today's text%s", width, "", cli_green(), cli_reset());
	else
		printf("%*s %sdoes not apply: %s%s", width, "", cli_red(), charter_amendment_collision(a), cli_reset());
	size_t n = charter_amendment_collides_count(a);
	if (n) {
		printf("; %scollides with ", cli_red());
		for (size_t i = 0; i < n; i++)
			printf("%s%s", i ? ", " : "", charter_amendment_collides_with(a, i));
		printf("%s", cli_reset());
	}
	putchar('\n');
}

int cmd_amendments(const cli_command *cmd, int argc, char **argv)
{
	const char *status = "all", *format = "text";
	const cli_option opts[] = {
		{ "status", OPT_STRING, &status, "STATE", "pending, adopted, rejected, withdrawn or all (default)" },
		{ "format", OPT_STRING, &format, "FORMAT", "text or json" },
		{ 0 },
	};
	static const char *const formats[] = { "text", "json", NULL };
	static const char *const states[] = { "pending", "adopted", "rejected", "withdrawn" };
	charter_format fmt;
	char **pos;
	int npos, rc, want = -1;
	if ((rc = cli_parse(cmd, opts, argc, argv, &pos, &npos, 0, 0)) != 0)
		return rc < 0 ? 0 : rc;
	if ((rc = cli_format(&fmt, format, formats)) != 0)
		return rc;
	for (int i = 0; i < 4; i++)
		if (strcmp(status, states[i]) == 0)
			want = i;
	if (want < 0 && strcmp(status, "all") != 0)
		return cli_usage("amendments: unknown status '%.40s': use pending, adopted, rejected, withdrawn or all",
			status);

	charter_store *store = NULL;
	charter_amendment_list *list = NULL;
	if ((rc = cli_open_store(&store)) != 0)
		return rc;
	unsigned int flags = want < 0 || want == CHARTER_AMENDMENT_PENDING ? CHARTER_AMENDMENT_CHECK_COLLISIONS : 0;
	if (charter_amendments_list(&list, store, flags) < 0) {
		rc = cli_fail();
		goto done;
	}
	size_t shown = 0;
	int width = 2;
	for (size_t i = 0; i < charter_amendment_list_count(list); i++) {
		size_t n = strlen(charter_amendment_id(charter_amendment_list_get(list, i)));
		if ((int)n > width && n < 40)
			width = (int)n;
	}
	if (fmt == CHARTER_FORMAT_JSON)
		putchar('[');
	for (size_t i = 0; i < charter_amendment_list_count(list); i++) {
		const charter_amendment *a = charter_amendment_list_get(list, i);
		if (want >= 0 && (int)charter_amendment_state(a) != want)
			continue;
		if (fmt == CHARTER_FORMAT_JSON) {
			if (shown)
				putchar(',');
			cli_amendment_json(a);
		} else {
			print_text(a, width);
		}
		shown++;
	}
	if (fmt == CHARTER_FORMAT_JSON)
		puts("]");
	else if (!shown)
		printf("No %s%samendments.\n", want >= 0 ? status : "", want >= 0 ? " " : "");
	if (fflush(stdout) != 0)
		rc = EXIT_FAILED;
done:
	charter_amendment_list_free(list);
	charter_store_free(store);
	return rc;
}
