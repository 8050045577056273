/* The word-level three-way merge: parallel amendments to one paragraph. */
#include <stdlib.h>

#include "amend/merge.h"
#include "testlib.h"

static const char *BASE =
	"# Workers’ Power\n\n"
	"Workers create society’s wealth, but have no control over its production and distribution.\n\n"
	"We support trade unions as essential to the fight for workers’ economic and political rights.\n\n"
	"Capitalism must be replaced.\n";

/* The merged text, or NULL on a conflict (then *conflict is filled). */
static char *merge(const char *ours, const char *theirs, merge_conflict *conflict)
{
	buf out = BUF_INIT;
	if (merge_words(&out, conflict, BASE, ours, theirs) < 0) {
		buf_free(&out);
		return NULL;
	}
	return buf_detach(&out);
}

static char *replace(const char *s, const char *from, const char *to)
{
	const char *at = strstr(s, from);
	buf b = BUF_INIT;
	buf_put(&b, s, (size_t)(at - s));
	buf_puts(&b, to);
	buf_puts(&b, at + strlen(from));
	return buf_detach(&b);
}

int main(void)
{
	merge_conflict c;
	charter_init();
	char *a = replace(BASE, "society’s wealth", "all of society’s wealth");
	char *b = replace(BASE, "production and distribution", "production or distribution");
	char *d = replace(BASE, "no control", "little control");
	char *e = replace(BASE, "no control", "scant control");
	char *f = replace(BASE, "Capitalism must be replaced.", "Capitalism must be replaced. (illustrative)");
	char *g = replace(BASE, "economic and political", "economic, social and political");

	/* Different words of one paragraph: both changes land, in either order. */
	char *ab = merge(a, b, &c), *ba = merge(b, a, &c);
	CHECK(ab && strstr(ab, "all of society’s wealth") && strstr(ab, "production or distribution"));
	CHECK_STR(ab, ba);
	char *abd = ab ? merge(ab, d, &c) : NULL;
	CHECK(abd && strstr(abd, "all of society’s wealth, but have little control over its production or distribution."));

	/* The same words changed two ways: a collision in paragraph 2. */
	CHECK(merge(d, e, &c) == NULL);
	CHECK(charter_error_last_code() == CHARTER_ECONFLICT);
	CHECK(c.paragraph == 2);
	CHECK(strstr(c.ours, "little") != NULL);
	CHECK(strstr(c.theirs, "scant") != NULL);

	/* Changes in other paragraphs, and a change both sides made alike. */
	char *fg = merge(f, g, &c);
	CHECK(fg && strstr(fg, "(illustrative)") && strstr(fg, "economic, social and political"));
	char *dd = merge(d, d, &c);
	CHECK_STR(d, dd);
	char *unchanged = merge(a, BASE, &c);
	CHECK_STR(a, unchanged);
	char *taken = merge(BASE, g, &c);
	CHECK_STR(g, taken);

	/* A collision later in the text names its paragraph. */
	char *h = replace(BASE, "must be replaced", "must be abolished");
	char *i = replace(BASE, "must be replaced", "must be overthrown");
	CHECK(merge(h, i, &c) == NULL && c.paragraph == 4);

	free(a), free(b), free(d), free(e), free(f), free(g), free(h), free(i);
	free(ab), free(ba), free(abd), free(fg), free(dd), free(unchanged), free(taken);
	return TEST_DONE();
}
