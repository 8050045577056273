/* Typographic variants: the table, folding with its offset map, equality. */
#include <stdlib.h>

#include "charter.h"
#include "testlib.h"
#include "words/typography.h"

/* The kinds of a redline of one section, "=+-" per operation; NULL on error. */
static const char *kinds(const char *old, const char *new, const charter_redline_options *o)
{
	static char k[64];
	charter_redline *rl = NULL;
	charter_redline_section a = { "s", old, strlen(old) }, b = { "s", new, strlen(new) };
	if (charter_redline_init(&rl, &a, 1, &b, 1, o) < 0)
		return NULL;
	size_t n = charter_redline_count(rl), j = 0;
	for (size_t i = 0; i < n && j + 1 < sizeof(k); i++)
		k[j++] = "=+-m"[charter_redline_get(rl, i)->kind];
	k[j] = '\0';
	charter_redline_free(rl);
	return k;
}

static int folded(const char *in, const char *expected)
{
	buf b = BUF_INIT;
	size_t *map = NULL;
	int ok = typo_fold(&b, &map, in, strlen(in)) == 0 && strcmp(buf_cstr(&b), expected) == 0 &&
		map && map[b.size] == strlen(in);
	free(map);
	buf_free(&b);
	return ok;
}

int main(void)
{
	/* the table */
	CHECK_STR("'", typo_plain(0x2019));
	CHECK_STR("'", typo_plain(0x2018));
	CHECK_STR("'", typo_plain(0x201A));
	CHECK_STR("'", typo_plain(0x201B));
	CHECK_STR("\"", typo_plain(0x201C));
	CHECK_STR("\"", typo_plain(0x201D));
	CHECK_STR("\"", typo_plain(0x201E));
	CHECK_STR("-", typo_plain(0x2013));
	CHECK_STR("-", typo_plain(0x2014));
	CHECK_STR("-", typo_plain(0x2012));
	CHECK_STR("-", typo_plain(0x2212));
	CHECK_STR("-", typo_plain(0x2010));
	CHECK_STR("-", typo_plain(0x2011));
	CHECK_STR(" ", typo_plain(0x00A0));
	CHECK_STR(" ", typo_plain(0x2007));
	CHECK_STR(" ", typo_plain(0x202F));
	CHECK_STR(" ", typo_plain(0x2009));
	CHECK_STR(" ", typo_plain(0x200A));
	for (uint32_t cp = 0x2002; cp <= 0x2006; cp++)
		CHECK_STR(" ", typo_plain(cp));
	CHECK_STR("...", typo_plain(0x2026));
	CHECK(typo_plain('a') == NULL);
	CHECK(typo_plain('\'') == NULL);
	CHECK(typo_plain('-') == NULL);
	CHECK(typo_plain(' ') == NULL);
	CHECK(typo_plain(0x00E9) == NULL);  /* é is a letter, not typography */
	CHECK(typo_plain(0x200B) == NULL);  /* a zero-width space has no plain form */
	CHECK(typo_plain(0x00AB) == NULL);  /* guillemets are quotes of another language */

	size_t w = 0;
	CHECK_STR("'", typo_plain_at("\xe2\x80\x99s", 4, &w));
	CHECK(w == 3);
	CHECK(typo_plain_at("\xe2\x80", 2, &w) == NULL && w == 1); /* truncated */
	CHECK(typo_plain_at("x", 1, &w) == NULL && w == 1);
	CHECK(typo_plain_at("\xc3\xa9", 2, &w) == NULL && w == 2);

	/* folding; this sample text is illustrative, not the seed */
	CHECK(folded("Workers\xe2\x80\x99 power\xc2\xa0\xe2\x80\x94 by use of the strike weapon \xe2\x80\x94",
		"Workers' power - by use of the strike weapon -"));
	CHECK(folded("\xe2\x80\x9c" "All power\xe2\x80\x9d\xe2\x80\xa6", "\"All power\"..."));
	CHECK(folded("plain text stays", "plain text stays"));
	CHECK(folded("", ""));
	CHECK(folded("caf\xc3\xa9 \xe2\x80", "caf\xc3\xa9 \xe2\x80")); /* invalid bytes copied */

	/* the map points each folded byte back at its source character */
	const char *src = "a\xe2\x80\x94" "b\xe2\x80\xa6" "c";
	buf b = BUF_INIT;
	size_t *map = NULL;
	CHECK(typo_fold(&b, &map, src, strlen(src)) == 0);
	CHECK_STR("a-b...c", buf_cstr(&b));
	size_t expect[] = {0, 1, 4, 5, 5, 5, 8, 9};
	for (size_t i = 0; map && i < sizeof(expect) / sizeof(expect[0]); i++)
		CHECK(map[i] == expect[i]);
	free(map);
	/* appending: the map counts the appended bytes only */
	map = NULL;
	CHECK(typo_fold(&b, &map, "\xc2\xa0x", 3) == 0);
	CHECK_STR("a-b...c x", buf_cstr(&b));
	CHECK(map && map[0] == 0 && map[1] == 2 && map[2] == 3);
	free(map);
	/* without a map */
	buf_clear(&b);
	CHECK(typo_fold(&b, NULL, "\xe2\x80\x98q\xe2\x80\x99", 7) == 0);
	CHECK_STR("'q'", buf_cstr(&b));
	buf_free(&b);

	/* equality */
	const char *nb = " \xe2\x80\x94 by use of the strike weapon \xe2\x80\x94";
	CHECK(typo_equal(nb, strlen(nb), " - by use of the strike weapon -", 32));
	const char *nbsp = "\xc2\xa0\xe2\x80\x94\xc2\xa0" "by";
	CHECK(typo_equal(nbsp, strlen(nbsp), " - by", 5));
	CHECK(typo_equal("wait\xe2\x80\xa6", 7, "wait...", 7));
	CHECK(typo_equal("wait...", 7, "wait\xe2\x80\xa6", 7));
	CHECK(!typo_equal("wait..", 6, "wait\xe2\x80\xa6", 7));
	CHECK(!typo_equal("wait....", 8, "wait\xe2\x80\xa6", 7));
	CHECK(typo_equal("", 0, "", 0));
	CHECK(!typo_equal("a", 1, "", 0));
	CHECK(!typo_equal("workers", 7, "Workers", 7));
	CHECK(typo_equal("\xe2\x80\x9cq\xe2\x80\x9d", 7, "\xe2\x80\x9eq\xe2\x80\x9c", 7));
	CHECK(!typo_equal("caf\xc3\xa9", 5, "cafe", 4));

	CHECK(typo_has("a\xc2\xa0" "b", 4));
	CHECK(!typo_has("plain 'text' - ok...", 20));
	CHECK(!typo_has("caf\xc3\xa9", 5));

	/* the redline's option: typography alone is no change (illustrative text) */
	const char *o1 = "Workers' power - by use of the strike weapon (illustrative).\n";
	const char *n1 = "Workers\xe2\x80\x99 power\xc2\xa0\xe2\x80\x94\xc2\xa0" "by use of the strike weapon (illustrative).\n";
	const char *n2 = "Workers\xe2\x80\x99 strength\xc2\xa0\xe2\x80\x94\xc2\xa0" "by use of the strike weapon (illustrative).\n";
	charter_redline_options plain = CHARTER_REDLINE_OPTIONS_INIT, v1 = { 1, 60, 0 };
	plain.flags = CHARTER_REDLINE_IGNORE_TYPOGRAPHY;
	CHECK(kinds(o1, n1, NULL) && strchr(kinds(o1, n1, NULL), '+'));
	CHECK_STR("=", kinds(o1, n1, &plain));
	CHECK(kinds(o1, n2, &plain) && strchr(kinds(o1, n2, &plain), '+'));
	CHECK(kinds(o1, n1, &v1) && strchr(kinds(o1, n1, &v1), '+')); /* version 1: no flags */
	charter_redline_options v9 = { 9, 60, 0 };
	CHECK(kinds(o1, n1, &v9) == NULL);
	charter_redline *rl = NULL;
	charter_redline_section so = { "s", o1, strlen(o1) }, sn = { "s", n2, strlen(n2) };
	CHECK(charter_redline_init(&rl, &so, 1, &sn, 1, &plain) == 0);
	/* "Workers’" is equal and shown as the new text has it; "power" is struck. */
	bool equal_new = false, struck = false;
	for (size_t i = 0; rl && i < charter_redline_count(rl); i++) {
		const charter_redline_op *op = charter_redline_get(rl, i);
		if (op->kind == CHARTER_REDLINE_EQUAL && strstr(op->text, "Workers\xe2\x80\x99"))
			equal_new = true;
		if (op->kind == CHARTER_REDLINE_DELETE && strstr(op->text, "power"))
			struck = true;
	}
	CHECK(equal_new && struck);
	charter_redline_free(rl);

	return TEST_DONE();
}
