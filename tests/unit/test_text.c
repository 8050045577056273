/* Slugs, UTF-8, text normalisation and dates: the checks every input meets. */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "testlib.h"
#include "base/text.h"

static int normalized(const char *in, size_t len, const char *expected)
{
	buf b = BUF_INIT;
	int error = text_normalize(&b, in, len, "t");
	int ok = error == 0 && expected && strcmp(buf_cstr(&b), expected) == 0;
	if (error < 0 && !expected)
		ok = 1;
	buf_free(&b);
	return ok;
}

int main(void)
{
	/* slugs */
	CHECK(slug_check("workers-power") == 0);
	CHECK(slug_check("a") == 0);
	CHECK(slug_check("section-2") == 0);
	CHECK(slug_check("1977") == 0);
	CHECK(slug_check("") == CHARTER_EINVALID);
	CHECK(slug_check("Workers") == CHARTER_EINVALID);
	CHECK(slug_check("workers power") == CHARTER_EINVALID);
	CHECK(slug_check("..") == CHARTER_EINVALID);
	CHECK(slug_check(".git") == CHARTER_EINVALID);
	CHECK(slug_check("a/b") == CHARTER_EINVALID);
	CHECK(slug_check("-a") == CHARTER_EINVALID);
	CHECK(slug_check("a-") == CHARTER_EINVALID);
	CHECK(slug_check("a--b") == CHARTER_EINVALID);
	CHECK(slug_check("caf\xc3\xa9") == CHARTER_EINVALID);
	char long_slug[66];
	memset(long_slug, 'a', 65);
	long_slug[65] = '\0';
	CHECK(slug_check(long_slug) == CHARTER_EINVALID);
	long_slug[64] = '\0';
	CHECK(slug_check(long_slug) == 0);
	CHECK(slug_check("a\nb") == CHARTER_EINVALID);
	CHECK(strstr(charter_error_last(), "a?b") != NULL); /* control bytes are not echoed */

	/* UTF-8 */
	/* Text from others: control characters become '?', newlines kept on request. */
	{
		char a[] = "Evil \033[31mred\033[0m\n\tend\x7f \xc2\x9b" "2J caf\xc3\xa9";
		CHECK(text_has_control(a, sizeof(a) - 1, true));
		CHECK(text_defuse(a, true));
		CHECK(strcmp(a, "Evil ?[31mred?[0m\n\tend? ??2J caf\xc3\xa9") == 0);
		CHECK(!text_has_control(a, strlen(a), true));
		CHECK(text_has_control(a, strlen(a), false)); /* the newline and the tab */
		char b[] = { 'a', '\0', 'b', '\x1b', '\xc2' };
		CHECK(text_defuse_n(b, sizeof(b), false) == 2);
		CHECK(memcmp(b, "a?b?\xc2", 5) == 0); /* a lead byte at the end is left */
		CHECK(!text_has_control("\xc2", 1, false));
		CHECK(!text_defuse(NULL, false));
	}
	CHECK(utf8_valid("Workers\xe2\x80\x99 Power \xe2\x80\x94 caf\xc3\xa9", 26));
	CHECK(utf8_valid("\xf0\x9f\x98\x80", 4));
	CHECK(!utf8_valid("\xff", 1));
	CHECK(!utf8_valid("\xc0\xaf", 2));         /* overlong '/' */
	CHECK(!utf8_valid("\xe0\x80\xaf", 3));     /* overlong */
	CHECK(!utf8_valid("\xed\xa0\x80", 3));     /* surrogate */
	CHECK(!utf8_valid("\xf4\x90\x80\x80", 4)); /* above U+10FFFF */
	CHECK(!utf8_valid("\xe2\x80", 2));         /* truncated */
	CHECK(!utf8_valid("a\xe2", 2));

	/* normalisation */
	CHECK(normalized("a\r\nb\r\n", 6, "a\nb\n"));
	CHECK(normalized("a\nb", 3, "a\nb\n"));
	CHECK(normalized("a\rb\n", 4, NULL));
	CHECK(normalized("a\0b\n", 4, NULL));
	CHECK(strstr(charter_error_last(), "NUL") != NULL);
	CHECK(normalized("x\n\xff\n", 4, NULL));
	CHECK(strstr(charter_error_last(), "line 2") != NULL);
	CHECK(normalized("", 0, ""));

	/* dates */
	int64_t t;
	char out[11];
	CHECK(date_parse(&t, "1970-01-01") == 0 && t == 0);
	CHECK(date_parse(&t, "1977-06-01") == 0 && t == 233971200);
	date_format(out, t + DATE_NOON);
	CHECK_STR("1977-06-01", out);
	CHECK(date_parse(&t, "2000-02-29") == 0);
	CHECK(date_parse(&t, "1900-02-29") == CHARTER_EINVALID);
	CHECK(date_parse(&t, "2023-02-29") == CHARTER_EINVALID);
	CHECK(date_parse(&t, "1969-12-31") == CHARTER_EINVALID);
	CHECK(strstr(charter_error_last(), "before 1970") != NULL);
	CHECK(date_parse(&t, "1977-13-01") == CHARTER_EINVALID);
	CHECK(date_parse(&t, "1977-6-1") == CHARTER_EINVALID);
	CHECK(date_parse(&t, "1977-06-01x") == CHARTER_EINVALID);
	CHECK(date_parse(&t, "+977-06-01") == CHARTER_EINVALID);
	CHECK(date_parse(&t, "") == CHARTER_EINVALID);
	CHECK(date_parse(&t, "2099-12-31") == 0 && t == 4102358400);
	CHECK(date_parse(&t, "2038-01-20") == 0 && t == 2147558400);
	CHECK(date_parse(&t, "2100-01-01") == CHARTER_EINVALID);
	CHECK(strstr(charter_error_last(), "after 2099-12-31") != NULL);
	CHECK(date_parse(&t, "2106-02-08") == CHARTER_EINVALID);
	CHECK(date_parse(&t, "9999-12-31") == CHARTER_EINVALID);

	return TEST_DONE();
}
