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

/* A small deterministic generator, for the property test below. */
static unsigned long rnd_state = 12345;
static size_t rnd(size_t n)
{
	rnd_state = rnd_state * 6364136223846793005UL + 1442695040888963407UL;
	return (size_t)(rnd_state >> 33) % n;
}

/* One random edit of `s` at a space: insert, delete or replace a word, or
 * repeat the words before it (the case where git's diff may slide). */
static char *random_edit(const char *s)
{
	static const char *words[] = { "the", "workers", "and", "of", "control", "(illustrative)", "society’s", "—" };
	size_t n = strlen(s), spaces = 0;
	for (size_t i = 0; i < n; i++)
		spaces += s[i] == ' ';
	size_t pick = rnd(spaces), at = 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] == ' ' && pick-- == 0) {
			at = i;
			break;
		}
	buf b = BUF_INIT;
	size_t end = at + 1;
	while (end < n && s[end] != ' ' && s[end] != '\n')
		end++;
	switch (rnd(4)) {
	case 0: /* insert a word */
		buf_put(&b, s, at + 1), buf_puts(&b, words[rnd(8)]), buf_putc(&b, ' '), buf_puts(&b, s + at + 1);
		break;
	case 1: /* delete the next word */
		buf_put(&b, s, at), buf_puts(&b, s + end);
		break;
	case 2: /* replace it */
		buf_put(&b, s, at + 1), buf_puts(&b, words[rnd(8)]), buf_puts(&b, s + end);
		break;
	default: { /* repeat up to 40 bytes before the space */
		size_t from = at > 40 ? at - 1 - rnd(40) : 0;
		buf_put(&b, s, at), buf_put(&b, s + from, at - from), buf_puts(&b, s + at);
	}
	}
	return buf_detach(&b);
}

/* Whenever merge_words_apart says two changes are apart, they merge. */
static void check_apart_merges(void)
{
	const char *base =
		"# Workers’ Power\n\n"
		"Workers create society’s wealth, but have no control over its production and distribution. "
		"Workers create the wealth of society; the workers, the workers and the workers run it.\n\n"
		"We support trade unions as essential to the fight for workers’ economic and political rights. "
		"We support the unions, the unions and the unions, for the unions are the workers’ own.\n\n"
		"Capitalism must be replaced. This paragraph is illustrative: a test text, not a position.\n";
	size_t apart = 0;
	for (int t = 0; t < 4000; t++) {
		char *ours = random_edit(base), *theirs = random_edit(base);
		if (rnd(3) == 0) {
			char *more = random_edit(ours);
			free(ours), ours = more;
		}
		if (merge_words_apart(base, ours, theirs)) {
			buf out = BUF_INIT;
			merge_conflict c;
			apart++;
			if (merge_words(&out, &c, base, ours, theirs) < 0) {
				CHECK(!"apart but colliding");
				fprintf(stderr, "ours: %s\ntheirs: %s\n", ours, theirs);
			}
			buf_free(&out);
		}
		free(ours), free(theirs);
	}
	CHECK(apart > 1000); /* the test tries the fast answer often */
	error_clear();
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

	/* Far apart (paragraphs 2 and 4) or not (the same words, or close). */
	CHECK(merge_words_apart(BASE, a, h));
	CHECK(merge_words_apart(BASE, h, a));
	CHECK(!merge_words_apart(BASE, d, e));
	CHECK(!merge_words_apart(BASE, f, g));
	check_apart_merges();

	free(a), free(b), free(d), free(e), free(f), free(g), free(h), free(i);
	free(ab), free(ba), free(abd), free(fg), free(dd), free(unchanged), free(taken);
	return TEST_DONE();
}
