/* Tests of the redline engine.
 *
 * 1. Every example of tests/data/redline-spec.txt: old text, new text and
 *    the expected rendering side by side (the file says how).
 * 2. Properties checked on every example: a text compared with itself is
 *    all EQUAL and renders back byte for byte; the operations' texts add
 *    up to the new text (and to the old one when nothing moved).
 * 3. HTML and JSON shapes, colours, the API's refusals, hostile input,
 *    and the time a 10,000-word paragraph takes.
 *
 * Usage: test_redline [--print] [N]   (--print shows what each example
 * renders; N runs example N only). Prints "N passed, M failed". */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "charter.h"
#include "redline/redline_int.h" /* internals: the Markdown fallback */

static int passed, failed;
static bool print_mode;

static void check(bool ok, const char *fmt, ...)
{
	if (ok) {
		passed++;
		return;
	}
	failed++;
	va_list ap;
	va_start(ap, fmt);
	fputs("FAIL: ", stdout);
	vprintf(fmt, ap);
	fputc('\n', stdout);
	va_end(ap);
}

/* ---- a growable string ------------------------------------------------- */

typedef struct {
	char *p;
	size_t n, cap;
} str;

static void str_put(str *s, const char *p, size_t n)
{
	if (s->n + n + 1 > s->cap) {
		s->cap = (s->n + n + 1) * 2;
		s->p = realloc(s->p, s->cap);
		if (!s->p)
			abort();
	}
	memcpy(s->p + s->n, p, n);
	s->n += n;
	s->p[s->n] = '\0';
}

static void str_puts(str *s, const char *p)
{
	str_put(s, p, strlen(p));
}

static const char *str_c(str *s)
{
	if (!s->p)
		str_put(s, "", 0);
	return s->p;
}

/* ---- helpers ----------------------------------------------------------- */

#define MAX_SECTIONS 16

typedef struct {
	charter_redline_section s[MAX_SECTIONS];
	str text[MAX_SECTIONS];
	char slug[MAX_SECTIONS][65];
	size_t n;
	bool multi;
} side;

static void side_free(side *sd)
{
	for (size_t i = 0; i < MAX_SECTIONS; i++)
		free(sd->text[i].p);
	memset(sd, 0, sizeof(*sd));
}

static void side_finish(side *sd)
{
	for (size_t i = 0; i < sd->n; i++) {
		sd->s[i].slug = sd->slug[i];
		sd->s[i].markdown = str_c(&sd->text[i]);
		sd->s[i].len = sd->text[i].n;
	}
}

static char *render(const charter_redline *rl, charter_format f, unsigned flags)
{
	char *out = NULL;
	size_t len = 0;
	if (charter_redline_render(&out, &len, rl, f, flags) < 0) {
		check(false, "render: %s", charter_error_last());
		return NULL;
	}
	check(strlen(out) == len, "render: length %zu matches the string", len);
	return out;
}

static charter_redline *redline1(const char *old_md, const char *new_md)
{
	charter_redline_section o = { "s", old_md, strlen(old_md) };
	charter_redline_section n = { "s", new_md, strlen(new_md) };
	charter_redline *rl = NULL;
	if (charter_redline_init(&rl, &o, 1, &n, 1, NULL) < 0)
		check(false, "init: %s", charter_error_last());
	return rl;
}

static char *redline1_render(const char *old_md, const char *new_md, charter_format f, unsigned flags)
{
	charter_redline *rl = redline1(old_md, new_md);
	char *out = rl ? render(rl, f, flags) : NULL;
	charter_redline_free(rl);
	return out;
}

static bool contains(const char *hay, const char *needle)
{
	return hay && strstr(hay, needle) != NULL;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0, len = strlen(needle);
	for (const char *p = hay; p && (p = strstr(p, needle)) != NULL; p += len)
		n++;
	return n;
}

static bool valid_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		size_t n = *p < 0x80 ? 1 : (*p >> 5) == 6 ? 2 : (*p >> 4) == 14 ? 3 : (*p >> 3) == 30 ? 4 : 0;
		if (!n)
			return false;
		for (size_t i = 1; i < n; i++)
			if ((p[i] & 0xc0) != 0x80)
				return false;
		p += n;
	}
	return true;
}

/* ---- properties -------------------------------------------------------- */

/* All op texts of a redline of a text with itself, concatenated. */
static void concat_all(str *out, const charter_redline *rl)
{
	for (size_t i = 0; i < charter_redline_count(rl); i++) {
		const charter_redline_op *op = charter_redline_get(rl, i);
		str_put(out, op->text, op->text_len);
	}
}

static void check_identity(const side *sd, const char *what, int ex)
{
	charter_redline *rl = NULL;
	if (charter_redline_init(&rl, sd->s, sd->n, sd->s, sd->n, NULL) < 0) {
		check(false, "example %d: %s with itself: %s", ex, what, charter_error_last());
		return;
	}
	check(!charter_redline_changed(rl), "example %d: %s with itself is unchanged", ex, what);
	for (size_t i = 0; i < charter_redline_count(rl); i++)
		check(charter_redline_get(rl, i)->kind == CHARTER_REDLINE_EQUAL,
			"example %d: %s with itself: op %zu is EQUAL", ex, what, i);
	/* Rendered back byte for byte (the sections joined by a blank line). */
	str want = { 0 };
	for (size_t i = 0; i < sd->n; i++) {
		if (i && want.n)
			str_puts(&want, "\n");
		str_put(&want, sd->s[i].markdown, sd->s[i].len);
		if (sd->s[i].len && sd->s[i].markdown[sd->s[i].len - 1] != '\n')
			str_puts(&want, "\n");
	}
	char *md = render(rl, CHARTER_FORMAT_MARKDOWN, 0);
	check(md && strcmp(md, str_c(&want)) == 0, "example %d: %s with itself renders as written:\n%s---\n%s---",
		ex, what, str_c(&want), md ? md : "(null)");
	charter_free(md);
	free(want.p);
	charter_redline_free(rl);
}

/* A sentence moved (the INSERT op i): its inner ops add up to its text on
 * the new side, and to the text of a DELETE naming where it went (the
 * sentence where it was) on the old side. */
static void check_sentence_moved(const charter_redline *rl, size_t i, int ex)
{
	const charter_redline_op *op = charter_redline_get(rl, i);
	str now = { 0 }, was = { 0 };
	for (size_t j = 0; j < op->inner_count; j++) {
		const charter_redline_op *in = charter_redline_inner(rl, i, j);
		check(in && in->kind != CHARTER_REDLINE_MOVE && in->inner_count == 0, "example %d: sentence %zu inner %zu", ex, i, j);
		if (in && in->kind != CHARTER_REDLINE_DELETE)
			str_put(&now, in->text, in->text_len);
		if (in && in->kind != CHARTER_REDLINE_INSERT)
			str_put(&was, in->text, in->text_len);
	}
	check(strcmp(str_c(&now), op->text) == 0, "example %d: sentence %zu inner ops add up to its text", ex, i);
	bool found = false;
	for (size_t k = 0; k < charter_redline_count(rl) && !found; k++) {
		const charter_redline_op *d = charter_redline_get(rl, k);
		found = d->kind == CHARTER_REDLINE_DELETE && d->to_section && strcmp(d->to_section, op->section) == 0 &&
			strcmp(d->section, op->from_section) == 0 && strcmp(d->text, str_c(&was)) == 0;
	}
	check(found, "example %d: sentence %zu inner ops add up to the sentence where it was", ex, i);
	free(now.p);
	free(was.p);
}

/* The operations' texts add up to the new text and, without moves, to
 * the old one; a move's inner operations add up to its text. */
static void check_texts(const charter_redline *rl, const side *olds, const side *news, int ex)
{
	charter_redline *ro = NULL, *rn = NULL;
	if (charter_redline_init(&ro, olds->s, olds->n, olds->s, olds->n, NULL) < 0 ||
	    charter_redline_init(&rn, news->s, news->n, news->s, news->n, NULL) < 0) {
		check(false, "example %d: self redlines", ex);
		charter_redline_free(ro);
		return;
	}
	str old_all = { 0 }, new_all = { 0 }, old_ops = { 0 }, new_ops = { 0 };
	concat_all(&old_all, ro);
	concat_all(&new_all, rn);
	bool moves = false;
	for (size_t i = 0; i < charter_redline_count(rl); i++) {
		const charter_redline_op *op = charter_redline_get(rl, i);
		check(op->text && strlen(op->text) == op->text_len, "example %d: op %zu text length", ex, i);
		if (op->kind != CHARTER_REDLINE_DELETE)
			str_put(&new_ops, op->text, op->text_len);
		if (op->kind == CHARTER_REDLINE_EQUAL || op->kind == CHARTER_REDLINE_DELETE)
			str_put(&old_ops, op->text, op->text_len);
		if (op->kind != CHARTER_REDLINE_MOVE) {
			/* An insertion may name where its sentence came from; a deletion where it went. */
			check((!op->from_section || op->kind == CHARTER_REDLINE_INSERT) &&
				(!op->to_section || op->kind == CHARTER_REDLINE_DELETE), "example %d: op %zu is no move", ex, i);
			check(op->inner_count == 0 || (op->kind == CHARTER_REDLINE_INSERT && op->from_section),
				"example %d: op %zu has inner ops only as a sentence moved", ex, i);
			if (op->inner_count)
				check_sentence_moved(rl, i, ex);
			continue;
		}
		moves = true;
		check(op->from_section != NULL && op->inner_count > 0, "example %d: move %zu has a source and ops", ex, i);
		str inner = { 0 };
		for (size_t j = 0; j < op->inner_count; j++) {
			const charter_redline_op *in = charter_redline_inner(rl, i, j);
			check(in && in->kind != CHARTER_REDLINE_MOVE, "example %d: move %zu inner %zu", ex, i, j);
			if (in && in->kind != CHARTER_REDLINE_DELETE)
				str_put(&inner, in->text, in->text_len);
		}
		check(charter_redline_inner(rl, i, op->inner_count) == NULL, "example %d: inner bound", ex);
		check(strcmp(str_c(&inner), op->text) == 0, "example %d: move %zu inner ops add up to its text", ex, i);
		free(inner.p);
	}
	check(charter_redline_get(rl, charter_redline_count(rl)) == NULL, "example %d: get bound", ex);
	check(strcmp(str_c(&new_ops), str_c(&new_all)) == 0, "example %d: ops add up to the new text:\n[%s]\n[%s]",
		ex, str_c(&new_ops), str_c(&new_all));
	if (!moves)
		check(strcmp(str_c(&old_ops), str_c(&old_all)) == 0,
			"example %d: ops add up to the old text:\n[%s]\n[%s]", ex, str_c(&old_ops), str_c(&old_all));
	free(old_all.p);
	free(new_all.p);
	free(old_ops.p);
	free(new_ops.p);
	charter_redline_free(ro);
	charter_redline_free(rn);
}

/* ---- the spec file ----------------------------------------------------- */

#define FENCE "````````````````````````````````"

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	str s = { 0 };
	char tmp[4096];
	size_t n;
	while ((n = fread(tmp, 1, sizeof(tmp), f)) > 0)
		str_put(&s, tmp, n);
	fclose(f);
	str_c(&s);
	return s.p;
}

/* Parse one part (lines[0..n)) of an example into sections. */
static bool parse_part(side *sd, char **lines, size_t n)
{
	if (n && strncmp(lines[0], "§ ", strlen("§ ")) == 0)
		sd->multi = true;
	if (!sd->multi) {
		sd->n = 1;
		strcpy(sd->slug[0], "section");
	}
	for (size_t i = 0; i < n; i++) {
		if (sd->multi && strncmp(lines[i], "§ ", strlen("§ ")) == 0) {
			if (sd->n == MAX_SECTIONS || strlen(lines[i] + strlen("§ ")) > 64)
				return false;
			strcpy(sd->slug[sd->n++], lines[i] + strlen("§ "));
			continue;
		}
		/* "→" stands for a tab, "␀" for a NUL byte. */
		str *t = &sd->text[sd->n - 1];
		for (const char *p = lines[i]; *p;) {
			if (strncmp(p, "→", strlen("→")) == 0) {
				str_put(t, "\t", 1);
				p += strlen("→");
			} else if (strncmp(p, "␀", strlen("␀")) == 0) {
				str_put(t, "", 1);
				p += strlen("␀");
			} else {
				str_put(t, p++, 1);
			}
		}
		str_put(t, "\n", 1);
	}
	if (sd->multi) {
		/* Blank lines between sections are for the eye only. */
		for (size_t i = 0; i < sd->n; i++)
			while (sd->text[i].n >= 2 && sd->text[i].p[sd->text[i].n - 1] == '\n' &&
			       sd->text[i].p[sd->text[i].n - 2] == '\n')
				sd->text[i].p[--sd->text[i].n] = '\0';
	}
	side_finish(sd);
	return true;
}

static int run_example(int ex, const char *heading, size_t line, const char *fmt, char **lines, size_t n)
{
	size_t dots[2], nd = 0;
	for (size_t i = 0; i < n; i++)
		if (strcmp(lines[i], ".") == 0 && nd < 2)
			dots[nd++] = i;
	if (nd != 2) {
		check(false, "example %d (line %zu): needs three parts separated by '.' lines", ex, line);
		return 0;
	}
	side olds, news;
	memset(&olds, 0, sizeof(olds));
	memset(&news, 0, sizeof(news));
	if (!parse_part(&olds, lines, dots[0]) || !parse_part(&news, lines + dots[0] + 1, dots[1] - dots[0] - 1)) {
		check(false, "example %d (line %zu): bad sections", ex, line);
		return 0;
	}
	str want = { 0 };
	for (size_t i = dots[1] + 1; i < n; i++) {
		str_puts(&want, lines[i]);
		str_puts(&want, "\n");
	}

	charter_format f = CHARTER_FORMAT_MARKDOWN;
	unsigned flags = 0;
	if (strcmp(fmt, "text") == 0)
		f = CHARTER_FORMAT_TEXT;
	else if (strcmp(fmt, "html") == 0)
		f = CHARTER_FORMAT_HTML;
	else if (strcmp(fmt, "json") == 0)
		f = CHARTER_FORMAT_JSON;
	else if (strcmp(fmt, "changed") == 0)
		flags = CHARTER_REDLINE_CHANGED_ONLY;

	charter_redline *rl = NULL;
	if (charter_redline_init(&rl, olds.s, olds.n, news.s, news.n, NULL) < 0) {
		check(false, "example %d (line %zu): %s", ex, line, charter_error_last());
	} else {
		char *got = render(rl, f, flags);
		if (print_mode)
			printf("--- example %d (line %zu, %s)\n%s", ex, line, heading, got ? got : "(null)\n");
		check(got && strcmp(got, str_c(&want)) == 0,
			"example %d (line %zu, %s)\nexpected:\n%sgot:\n%s", ex, line, heading, str_c(&want),
			got ? got : "(null)\n");
		charter_free(got);
		check_texts(rl, &olds, &news, ex);
		check_identity(&olds, "old", ex);
		check_identity(&news, "new", ex);
		for (charter_format g = CHARTER_FORMAT_TEXT; g <= CHARTER_FORMAT_JSON; g++) {
			char *out = NULL;
			int err = charter_redline_render(&out, NULL, rl, g, CHARTER_REDLINE_COLOR);
			bool supported = g == CHARTER_FORMAT_TEXT || g == CHARTER_FORMAT_MARKDOWN ||
				g == CHARTER_FORMAT_HTML || g == CHARTER_FORMAT_JSON || g == CHARTER_FORMAT_LATEX;
			check(supported ? err == 0 && valid_utf8(out) : err == CHARTER_EINVALID,
				"example %d: format %d renders (or is refused)", ex, (int)g);
			charter_free(out);
		}
	}
	charter_redline_free(rl);
	side_free(&olds);
	side_free(&news);
	free(want.p);
	return 1;
}

static void run_spec(int only)
{
	const char *dir = getenv("CHARTER_TEST_DATA");
	char path[4096];
	snprintf(path, sizeof(path), "%s/redline-spec.txt", dir ? dir : "tests/data");
	char *text = read_file(path);
	if (!text) {
		check(false, "cannot read %s", path);
		return;
	}
	/* Split into lines (in place). */
	size_t nlines = 0, cap = 1024;
	char **lines = malloc(cap * sizeof(char *));
	for (char *p = text; *p;) {
		if (nlines == cap)
			lines = realloc(lines, (cap *= 2) * sizeof(char *));
		lines[nlines++] = p;
		char *nl = strchr(p, '\n');
		if (!nl)
			break;
		*nl = '\0';
		p = nl + 1;
	}
	int ex = 0, ran = 0;
	char heading[256] = "";
	for (size_t i = 0; i < nlines; i++) {
		if (lines[i][0] == '#') {
			snprintf(heading, sizeof(heading), "%s", lines[i]);
			continue;
		}
		if (strncmp(lines[i], FENCE " example", strlen(FENCE " example")) != 0)
			continue;
		const char *fmt = lines[i] + strlen(FENCE " example");
		while (*fmt == ' ')
			fmt++;
		size_t start = i + 1, end = start;
		while (end < nlines && strcmp(lines[end], FENCE) != 0)
			end++;
		ex++;
		if (!only || only == ex)
			ran += run_example(ex, heading, i + 1, fmt, lines + start, end - start);
		i = end;
	}
	printf("spec: %d examples, %d run\n", ex, ran);
	check(ex > 0, "the spec has examples");
	free(lines);
	free(text);
}

/* ---- shapes of the outputs --------------------------------------------- */

static void test_html(void)
{
	char *h = redline1_render("# Title\n\nWe stand in the *Marxist* tradition, see [ISO](https://x.org).\n\nGone.\n",
		"# Title\n\nWe stand in the *socialist* tradition, see [ISO](https://x.org).\n", CHARTER_FORMAT_HTML, 0);
	check(contains(h, "<section class=\"redline\" data-section=\"s\">\n"), "html: section wrapper: %s", h);
	check(contains(h, "<h1>Title</h1>"), "html: heading rendered by cmark");
	check(contains(h, "<em><del>Marxist</del><ins>socialist</ins></em>"), "html: marks inside emphasis: %s", h);
	check(contains(h, "<a href=\"https://x.org\">ISO</a>"), "html: link kept");
	check(contains(h, "<p><del>Gone.</del></p>"), "html: struck paragraph: %s", h);
	check(contains(h, "</section>\n"), "html: section closed");
	charter_free(h);

	/* A moved paragraph, raw HTML stays escaped, slugs are escaped. */
	charter_redline_section o[2] = { { "a", "Para one is here and long enough.\n\nX <script>y</script>\n", 0 },
		{ "b\"<", "Other.\n", 0 } };
	charter_redline_section n[2] = { { "a", "X <script>y</script>\n", 0 },
		{ "b\"<", "Other.\n\nPara one is here and long enough!\n", 0 } };
	for (int i = 0; i < 2; i++) {
		o[i].len = strlen(o[i].markdown);
		n[i].len = strlen(n[i].markdown);
	}
	charter_redline *rl = NULL;
	check(charter_redline_init(&rl, o, 2, n, 2, NULL) == 0, "html: init");
	h = render(rl, CHARTER_FORMAT_HTML, 0);
	check(contains(h, "<div class=\"moved\" data-from=\"a\">\n<p><span class=\"moved-note\">moved from a</span> Para one is here and long enough<del>.</del><ins>!</ins></p>\n</div>"),
		"html: move: %s", h);
	check(contains(h, "data-section=\"b&quot;&lt;\""), "html: slug escaped");
	check(contains(h, "<p class=\"moved-away\" data-to=\"b&quot;&lt;\">moved to b&quot;&lt;</p>"),
		"html: where the paragraph was: %s", h);
	check(!contains(h, "<script>"), "html: raw HTML not passed through");
	charter_free(h);
	h = render(rl, CHARTER_FORMAT_HTML, CHARTER_REDLINE_CHANGED_ONLY);
	check(count(h, "<section") == 2, "html: both sections changed (one lost a paragraph)");
	charter_free(h);
	charter_redline_free(rl);
}

static void test_json(void)
{
	charter_redline_section o[2] = { { "one", "# One\n\nWorkers create society’s wealth, but have no control.\n", 0 },
		{ "two", "# Two\n\nKeep \"this\".\n", 0 } };
	charter_redline_section n[2] = { { "one", "# One\n", 0 },
		{ "two", "# Two\n\nKeep \"this\".\n\nWorkers create all of society’s wealth, but have no control.\n", 0 } };
	for (int i = 0; i < 2; i++) {
		o[i].len = strlen(o[i].markdown);
		n[i].len = strlen(n[i].markdown);
	}
	charter_redline *rl = NULL;
	check(charter_redline_init(&rl, o, 2, n, 2, NULL) == 0, "json: init");
	char *j = render(rl, CHARTER_FORMAT_JSON, 0);
	check(j && j[0] == '[' && contains(j, "\n]\n"), "json: an array");
	check(contains(j, "{\"kind\":\"equal\",\"text\":\"One\",\"section\":\"one\",\"block\":0}"), "json: equal op: %s", j);
	check(contains(j, "{\"kind\":\"equal\",\"text\":\"Keep \\\"this\\\".\",\"section\":\"two\",\"block\":1}"),
		"json: quotes escaped");
	check(contains(j, "{\"kind\":\"move\",\"text\":\"Workers create all of society’s wealth, but have no control.\","
		"\"section\":\"two\",\"block\":2,\"from_section\":\"one\",\"ops\":["
		"{\"kind\":\"equal\",\"text\":\"Workers create \",\"section\":\"two\",\"block\":2},"
		"{\"kind\":\"insert\",\"text\":\"all of \",\"section\":\"two\",\"block\":2},"
		"{\"kind\":\"equal\",\"text\":\"society’s wealth, but have no control.\",\"section\":\"two\",\"block\":2}]}"),
		"json: move with its ops: %s", j);
	check(count(j, "\"kind\":") == 7, "json: 4 ops + 3 inner ops");
	charter_free(j);

	/* Each op as the API gives it. */
	check(charter_redline_count(rl) == 4, "api: four ops");
	const charter_redline_op *mv = charter_redline_get(rl, 3);
	check(mv && mv->kind == CHARTER_REDLINE_MOVE && strcmp(mv->section, "two") == 0 &&
		strcmp(mv->from_section, "one") == 0 && mv->inner_count == 3 && mv->block == 2, "api: the move");
	check(charter_redline_inner(rl, 0, 0) == NULL, "api: no inner ops on an equal op");
	check(strcmp(charter_redline_kind_name(CHARTER_REDLINE_MOVE), "move") == 0 &&
		strcmp(charter_redline_kind_name(CHARTER_REDLINE_EQUAL), "equal") == 0 &&
		strcmp(charter_redline_kind_name(CHARTER_REDLINE_INSERT), "insert") == 0 &&
		strcmp(charter_redline_kind_name(CHARTER_REDLINE_DELETE), "delete") == 0, "api: kind names");
	charter_redline_free(rl);

	/* Moves off: a delete and an insert. */
	charter_redline_options opts = CHARTER_REDLINE_OPTIONS_INIT;
	opts.move_threshold = 101;
	check(charter_redline_init(&rl, o, 2, n, 2, &opts) == 0, "json: init without moves");
	j = render(rl, CHARTER_FORMAT_JSON, CHARTER_REDLINE_CHANGED_ONLY);
	check(!contains(j, "\"move\"") && contains(j, "\"kind\":\"delete\",\"text\":\"Workers create society’s") &&
		contains(j, "\"kind\":\"insert\",\"text\":\"Workers create all"), "json: moves off: %s", j);
	charter_free(j);
	charter_redline_free(rl);

	/* Nothing at all. */
	check(charter_redline_init(&rl, NULL, 0, NULL, 0, NULL) == 0, "json: empty init");
	j = render(rl, CHARTER_FORMAT_JSON, 0);
	check(j && strcmp(j, "[]\n") == 0, "json: empty array");
	charter_free(j);
	check(charter_redline_count(rl) == 0 && !charter_redline_changed(rl), "api: empty redline");
	charter_redline_free(rl);
}

/* A new section is all insertions, a section gone all deletions, the
 * same text all equal. */
static void test_kinds(void)
{
	const char *md = "# Title\n\nOne paragraph.\n\n- an item\n\n> a quote\n\n```\ncode\n```\n";
	const charter_redline_kind want[3] = { CHARTER_REDLINE_INSERT, CHARTER_REDLINE_DELETE, CHARTER_REDLINE_EQUAL };
	const char *olds[3] = { "", md, md }, *news[3] = { md, "", md };
	for (int k = 0; k < 3; k++) {
		charter_redline *rl = redline1(olds[k], news[k]);
		size_t n = charter_redline_count(rl);
		check(n == 5, "kinds %d: one op per block (%zu)", k, n);
		for (size_t i = 0; i < n; i++)
			check(charter_redline_get(rl, i)->kind == want[k] && charter_redline_get(rl, i)->block == i,
				"kinds %d: op %zu is %s", k, i, charter_redline_kind_name(want[k]));
		check(charter_redline_changed(rl) == (k < 2), "kinds %d: changed", k);
		charter_redline_free(rl);
	}
	/* Sections absent on one side. */
	charter_redline_section s = { "x", md, strlen(md) };
	charter_redline *rl = NULL;
	check(charter_redline_init(&rl, NULL, 0, &s, 1, NULL) == 0 && charter_redline_count(rl) == 5 &&
		charter_redline_get(rl, 4)->kind == CHARTER_REDLINE_INSERT, "kinds: a new section");
	charter_redline_free(rl);
	check(charter_redline_init(&rl, &s, 1, NULL, 0, NULL) == 0 && charter_redline_count(rl) == 5 &&
		charter_redline_get(rl, 0)->kind == CHARTER_REDLINE_DELETE &&
		strcmp(charter_redline_get(rl, 0)->section, "x") == 0, "kinds: a section gone");
	charter_redline_free(rl);
}

/* Paragraphs of the same lines are read once per redline (their tokens
 * copied to the twin): a twin must still show what differs around it. */
static void test_twins(void)
{
	/* The same lines, a link reference defined differently on each side. */
	char *md = redline1_render("See [the text][t] here.\n\n[t]: https://a.example/\n",
		"See [the text][t] here.\n\n[t]: https://b.example/\n", CHARTER_FORMAT_MARKDOWN, 0);
	check(contains(md, "https://b.example/") && contains(md, "https://a.example/"), "twins: link target: %s", md);
	charter_free(md);
	/* The same lines in a list item and out of it. */
	charter_redline *rl = redline1("> A quote.\n\n   The same words here.\n", "- An item.\n\n   The same words here.\n");
	size_t equal = 0;
	for (size_t i = 0; rl && i < charter_redline_count(rl); i++)
		equal += charter_redline_get(rl, i)->kind == CHARTER_REDLINE_EQUAL;
	check(rl && equal == 0, "twins: into a list is a change (%zu equal)", equal);
	charter_redline_free(rl);
	/* A paragraph twice on one side, one of them edited: each in its place. */
	md = redline1_render("# T\n\nWe stand for this.\n\nBetween.\n\nWe stand for this.\n",
		"# T\n\nWe stand for this.\n\nBetween.\n\nWe stand for all this.\n", CHARTER_FORMAT_MARKDOWN, 0);
	check(contains(md, "We stand for this.\n\nBetween.\n\nWe stand for {++all ++}this."), "twins: repeated: %s", md);
	charter_free(md);
}

/* When cmark's block positions look wrong, Markdown comes from the merged
 * tree through cmark's CommonMark renderer instead of the source. */
static void test_fallback(void)
{
	charter_redline *rl = redline1("# Title\n\n- one\n- two\n\nWe *oppose* war.\n\nGone.\n",
		"# Title\n\n- one\n- two more\n\nWe *oppose* all war.\n");
	if (!rl)
		return;
	rl->sec[RL_OLD][0].positions_ok = false;
	char *md = render(rl, CHARTER_FORMAT_MARKDOWN, 0);
	check(contains(md, "# Title\n") && contains(md, "two{++ more++}") &&
		contains(md, "We *oppose* {++all ++}war.") && contains(md, "{--Gone.--}"), "fallback: %s", md);
	charter_free(md);
	charter_redline_free(rl);
}

static void test_text(void)
{
	char *t = redline1_render("Capitalism must be replaced.\n", "Capitalism must be abolished.\n",
		CHARTER_FORMAT_TEXT, CHARTER_REDLINE_COLOR);
	check(t && strcmp(t, "Capitalism must be \x1b[9;31mreplaced\x1b[m\x1b[32mabolished\x1b[m.\n") == 0,
		"text: colours: %s", t);
	charter_free(t);
	t = redline1_render("Same.\n", "Same.\n", CHARTER_FORMAT_TEXT, CHARTER_REDLINE_CHANGED_ONLY);
	check(t && strcmp(t, "") == 0, "text: nothing changed, nothing shown");
	charter_free(t);
}

/* ---- the API refuses what it should ------------------------------------ */

static void test_errors(void)
{
	charter_redline *rl = (charter_redline *)1;
	charter_redline_section a[2] = { { "x", "a", 1 }, { "x", "b", 1 } };
	check(charter_redline_init(&rl, a, 2, NULL, 0, NULL) == CHARTER_EINVALID && rl == NULL &&
		contains(charter_error_last(), "twice"), "errors: duplicate slug: %s", charter_error_last());
	charter_redline_section b = { NULL, "a", 1 };
	check(charter_redline_init(&rl, NULL, 0, &b, 1, NULL) == CHARTER_EINVALID, "errors: no slug");
	charter_redline_section c = { "x", NULL, 3 };
	check(charter_redline_init(&rl, &c, 1, NULL, 0, NULL) == CHARTER_EINVALID, "errors: no text");
	check(charter_redline_init(&rl, NULL, 2, NULL, 0, NULL) == CHARTER_EINVALID, "errors: no array");
	check(charter_redline_init(NULL, NULL, 0, NULL, 0, NULL) == CHARTER_EINVALID, "errors: no out");
	charter_redline_options bad = { 0, 60, 0 };
	check(charter_redline_init(&rl, NULL, 0, NULL, 0, &bad) == CHARTER_EINVALID, "errors: options version");
	rl = redline1("a\n", "b\n");
	char *out = (char *)1;
	check(charter_redline_render(&out, NULL, rl, CHARTER_FORMAT_MAN, 0) == CHARTER_EINVALID && out == NULL,
		"errors: man is not a redline format");
	check(charter_redline_render(&out, NULL, rl, CHARTER_FORMAT_LATEX, 0) == 0 && strstr(out, "\\sout{a}") &&
		strstr(out, "\\uline{b}"), "latex: struck in \\sout, inserted in \\uline");
	charter_free(out);
	charter_redline_free(rl);
	charter_redline_free(NULL);
	check(charter_redline_count(NULL) == 0 && charter_redline_get(NULL, 0) == NULL, "errors: NULL redline");
}

/* ---- hostile input ----------------------------------------------------- */

static void check_renders(const char *what, const char *old_md, size_t old_len, const char *new_md, size_t new_len)
{
	charter_redline_section o = { "s", old_md, old_len }, n = { "s", new_md, new_len };
	charter_redline *rl = NULL;
	int err = charter_redline_init(&rl, &o, 1, &n, 1, NULL);
	check(err == 0, "%s: init: %s", what, charter_error_last());
	for (charter_format f = CHARTER_FORMAT_TEXT; rl && f <= CHARTER_FORMAT_JSON; f++) {
		if (f != CHARTER_FORMAT_TEXT && f != CHARTER_FORMAT_MARKDOWN && f != CHARTER_FORMAT_HTML &&
		    f != CHARTER_FORMAT_JSON)
			continue;
		char *out = NULL;
		check(charter_redline_render(&out, NULL, rl, f, 0) == 0 && valid_utf8(out), "%s: format %d", what, (int)f);
		charter_free(out);
	}
	charter_redline_free(rl);
}

static char *repeat(const char *unit, size_t n, const char *tail)
{
	str s = { 0 };
	for (size_t i = 0; i < n; i++)
		str_puts(&s, unit);
	str_puts(&s, tail);
	return s.p;
}

static void test_hostile(void)
{
	/* NUL bytes, invalid UTF-8, CR line endings. */
	const char bad_old[] = "a\0b \xff\xfe c\r\nd \xe2\x80 e \xed\xa0\x80 f\rg\n";
	const char bad_new[] = "a\0b \xff c\r\nd \xe2\x80\x94 e f\rg h\n";
	check_renders("bad bytes", bad_old, sizeof(bad_old) - 1, bad_new, sizeof(bad_new) - 1);
	charter_redline_section o = { "s", "one\0two\n", 8 }, n = { "s", "one\0three\n", 10 };
	charter_redline *rl = NULL;
	check(charter_redline_init(&rl, &o, 1, &n, 1, NULL) == 0, "NUL: init");
	char *md = render(rl, CHARTER_FORMAT_MARKDOWN, 0);
	check(md && strcmp(md, "one\xef\xbf\xbd{--two--}{++three++}\n") == 0, "NUL: shown as U+FFFD: %s", md);
	charter_free(md);
	charter_redline_free(rl);
	md = redline1_render("a\r\nb\r\n\r\nc\r\n", "a\nb\n\nd\n", CHARTER_FORMAT_MARKDOWN, 0);
	check(md && strcmp(md, "a\nb\n\n{--c--}{++d++}\n") == 0, "CRLF read as LF: %s", md);
	charter_free(md);

	/* Pathological Markdown (after cmark's own pathological tests). */
	struct {
		const char *what, *unit, *tail;
		size_t n;
	} patho[] = {
		{ "nested quotes", "> ", "deep\n", 5000 },
		{ "nested lists", "- ", "deep\n", 2000 },
		{ "nested emphasis", "*a **b ", "c\n", 5000 },
		{ "open brackets", "[", "x\n", 20000 },
		{ "backticks", "`a``", "\n", 20000 },
		{ "many paragraphs", "word\n\n", "\n", 20000 },
		{ "many list items", "- item\n", "\n", 20000 },
		{ "links", "[a](b) ", "\n", 20000 },
		{ "entities", "&amp;&#1234;", "\n", 20000 },
	};
	for (size_t i = 0; i < sizeof(patho) / sizeof(patho[0]); i++) {
		char *a = repeat(patho[i].unit, patho[i].n, patho[i].tail);
		char *b = repeat(patho[i].unit, patho[i].n - 1, "changed\n");
		check_renders(patho[i].what, a, strlen(a), b, strlen(b));
		check_renders(patho[i].what, "", 0, a, strlen(a));
		free(a);
		free(b);
	}
}

/* ---- speed ------------------------------------------------------------- */

static const char *words[] = { "workers", "create", "society’s", "wealth,", "but", "have", "no", "control",
	"over", "its", "production", "and", "distribution", "—", "the", "“socialism”", "from", "below", "café",
	"1977" };

static char *paragraph(size_t n, unsigned seed, size_t change_every)
{
	str s = { 0 };
	for (size_t i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		if (i)
			str_puts(&s, " ");
		if (change_every && i % change_every == change_every / 2)
			str_puts(&s, "CHANGED");
		else
			str_puts(&s, words[(seed >> 16) % (sizeof(words) / sizeof(words[0]))]);
	}
	str_puts(&s, "\n");
	return s.p;
}

/* Large inputs must come out right (speed is measured in bench/, not here). */
static void large_case(const char *what, const char *a, const char *b, size_t want_marks)
{
	charter_redline *rl = NULL;
	check(charter_redline_init(&rl, &(charter_redline_section){ "s", a, strlen(a) }, 1,
		&(charter_redline_section){ "s", b, strlen(b) }, 1, NULL) == 0, "%s: init", what);
	char *md = render(rl, CHARTER_FORMAT_MARKDOWN, 0);
	char *html = render(rl, CHARTER_FORMAT_HTML, 0);
	check(md && html, "%s: renders", what);
	if (want_marks != (size_t)-1)
		check(count(md, "{++") == want_marks, "%s: %zu insertions shown, %zu wanted", what,
			count(md, "{++"), want_marks);
	charter_free(md);
	charter_free(html);
	charter_redline_free(rl);
}

static void test_large(void)
{
	char *a = paragraph(10000, 1, 0);
	str b = { 0 };
	/* One word changed in the middle. */
	size_t mid = strlen(a) / 2;
	while (a[mid] != ' ')
		mid++;
	str_put(&b, a, mid + 1);
	str_puts(&b, "INSERTED ");
	str_puts(&b, a + mid + 1);
	large_case("10,000 words, one word inserted", a, str_c(&b), 1);
	char *c = paragraph(10000, 1, 10);
	large_case("10,000 words, every 10th word changed", a, c, 1000);
	char *d = paragraph(10000, 7, 0);
	large_case("10,000 words vs 10,000 other words", a, d, (size_t)-1);
	char *e = paragraph(100000, 3, 0), *f = paragraph(100000, 3, 1000);
	large_case("100,000 words, every 1000th changed", e, f, 100);
	free(a);
	free(b.p);
	free(c);
	free(d);
	free(e);
	free(f);

	/* Many paragraphs, reordered: moves. */
	str o = { 0 }, n = { 0 };
	for (int i = 0; i < 300; i++) {
		char *p = paragraph(60, (unsigned)i + 100, 0);
		str_puts(&o, p);
		str_puts(&o, "\n");
		free(p);
	}
	for (int i = 299; i >= 0; i--) {
		char *p = paragraph(60, (unsigned)i + 100, i % 3 ? 0 : 20);
		str_puts(&n, p);
		str_puts(&n, "\n");
		free(p);
	}
	large_case("300 paragraphs reversed, a third edited", str_c(&o), str_c(&n), (size_t)-1);
	free(o.p);
	free(n.p);

	/* Everything rewritten: move detection must stay bounded. */
	str x = { 0 }, y = { 0 };
	for (int i = 0; i < 20000; i++) {
		char line[64];
		snprintf(line, sizeof(line), "old paragraph %d here\n\n", i);
		str_puts(&x, line);
		snprintf(line, sizeof(line), "new text %d there\n\n", i * 7);
		str_puts(&y, line);
	}
	large_case("20,000 paragraphs, all rewritten", str_c(&x), str_c(&y), 20000);
	free(x.p);
	free(y.p);
}

/* The default move rule: 50% of the words shared in runs of three or more
 * (Dice) with one run of five, or three quarters of the shorter passage. A
 * paragraph moved to another section keeping a run of 5 of its 10 words is
 * a move; one keeping 4, or 6 scattered words, is a deletion and an
 * insertion; one kept whole inside a longer paragraph is a move. */
static bool moved_by_default(const char *old_para, const char *new_para)
{
	char old_one[512], new_two[512];
	snprintf(old_one, sizeof(old_one), "# One\n\nStays here.\n\n%s\n", old_para);
	snprintf(new_two, sizeof(new_two), "# Two\n\nKept too.\n\n%s\n", new_para);
	charter_redline_section o[2] = { { "one", old_one, strlen(old_one) }, { "two", "# Two\n\nKept too.\n", 0 } };
	charter_redline_section n[2] = { { "one", "# One\n\nStays here.\n", 0 }, { "two", new_two, strlen(new_two) } };
	o[1].len = strlen(o[1].markdown);
	n[0].len = strlen(n[0].markdown);
	charter_redline *rl = NULL;
	bool moved = false;
	if (charter_redline_init(&rl, o, 2, n, 2, NULL) < 0) {
		check(false, "threshold: init: %s", charter_error_last());
		return false;
	}
	for (size_t i = 0; i < charter_redline_count(rl); i++)
		if (charter_redline_get(rl, i)->kind == CHARTER_REDLINE_MOVE)
			moved = true;
	charter_redline_free(rl);
	return moved;
}

static void test_move_threshold(void)
{
	const char *old_para = "alpha beta gamma delta epsilon zeta eta theta iota kappa";
	check(moved_by_default(old_para, "alpha beta gamma delta epsilon zeta one two three four"),
		"threshold: 6 of 10 words in common (60%%) is a move");
	check(moved_by_default(old_para, "alpha beta gamma delta epsilon one two three four five"),
		"threshold: a run of 5 of 10 words (50%%) is a move");
	check(!moved_by_default(old_para, "alpha beta gamma delta one two three four five six"),
		"threshold: a run of 4 of 10 words (40%%) is no move");
	check(!moved_by_default(old_para, "alpha one beta two gamma three delta four epsilon five zeta"),
		"threshold: 6 of 10 words in common but scattered (no run) is no move");
	check(moved_by_default(old_para, "Now alpha beta gamma delta epsilon zeta eta theta iota kappa, "
		"and then one two three four five six seven eight nine ten"),
		"threshold: a paragraph kept whole inside one twice as long is a move");
	check(!moved_by_default(old_para, "alpha beta gamma one two three four five six seven"),
		"threshold: 3 of 10 words in common (30%%) is no move");
}

int main(int argc, char **argv)
{
	int only = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--print") == 0)
			print_mode = true;
		else
			only = atoi(argv[i]);
	}
	run_spec(only);
	if (!only) {
		test_html();
		test_json();
		test_move_threshold();
		test_kinds();
		test_fallback();
		test_twins();
		test_text();
		test_errors();
		test_hostile();
		test_large();
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
