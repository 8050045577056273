/* The pure parts of amendments: Robert's Rules forms on a text, ids, votes,
 * and the per-file merge rules (absent files, identical changes). */
#include <stdlib.h>

#include "amend/amend.h"
#include "base/buf.h"
#include "testlib.h"

static char result[1024];

/* Apply a form; the result (or "ERROR: message") in `result`. */
static const char *form(const char *text, charter_change_kind kind, const char *phrase, const char *insert)
{
	buf b = BUF_INIT;
	if (amend_form_apply(&b, text, kind, phrase, insert, "s") < 0)
		snprintf(result, sizeof(result), "ERROR: %s", charter_error_last());
	else
		snprintf(result, sizeof(result), "%s", buf_cstr(&b));
	buf_free(&b);
	return result;
}

static const char *merged(const char *path, const char *base, const char *ours, const char *theirs)
{
	buf b = BUF_INIT;
	bool present;
	merge_conflict c;
	char kind[80];
	int error = amend_merge_file(&b, &present, &c, kind, path, base, ours, theirs);
	if (error == CHARTER_ECONFLICT)
		snprintf(result, sizeof(result), "CONFLICT %s", kind);
	else if (error < 0)
		snprintf(result, sizeof(result), "ERROR");
	else
		snprintf(result, sizeof(result), "%s", present ? buf_cstr(&b) : "(absent)");
	buf_free(&b);
	return result;
}

int main(void)
{
	CHECK(charter_init() == 0);
	const char *t = "We support the struggle of workers, and all oppressed people.\n\nSecond paragraph here.\n";

	/* strike: one neighbouring space goes with the words */
	CHECK_STR("We support the struggle of workers, and all people.\n\nSecond paragraph here.\n",
		form(t, CHARTER_CHANGE_STRIKE, "oppressed", NULL));
	CHECK_STR("We support the struggle of workers, and all oppressed.\n\nSecond paragraph here.\n",
		form(t, CHARTER_CHANGE_STRIKE, "people", NULL));
	CHECK_STR("support the struggle of workers, and all oppressed people.\n\nSecond paragraph here.\n",
		form(t, CHARTER_CHANGE_STRIKE, "We", NULL));
	CHECK_STR("We support the struggle, and all oppressed people.\n\nSecond paragraph here.\n",
		form(t, CHARTER_CHANGE_STRIKE, "of workers", NULL));
	CHECK_STR("We support the struggle of workers, and all oppressed people.\n\nparagraph here.\n",
		form(t, CHARTER_CHANGE_STRIKE, "Second", NULL));
	/* strike and insert: exactly in place */
	CHECK_STR("We back the struggle of workers, and all oppressed people.\n\nSecond paragraph here.\n",
		form(t, CHARTER_CHANGE_STRIKE, "support", "back"));
	/* insert after / before, with one space, none before punctuation */
	CHECK_STR("We support actively the struggle of workers, and all oppressed people.\n\nSecond paragraph here.\n",
		form(t, CHARTER_CHANGE_INSERT_AFTER, "We support", "actively"));
	CHECK_STR("We support the struggle of workers, in every country, and all oppressed people.\n\nSecond paragraph here.\n",
		form(t, CHARTER_CHANGE_INSERT_AFTER, "of workers", ", in every country"));
	CHECK_STR("We support the struggle of workers, and all oppressed people. Indeed.\n\nSecond paragraph here.\n",
		form(t, CHARTER_CHANGE_INSERT_AFTER, "people.", "Indeed."));
	CHECK_STR("We actively support the struggle of workers, and all oppressed people.\n\nSecond paragraph here.\n",
		form(t, CHARTER_CHANGE_INSERT_BEFORE, "support the", "actively"));
	CHECK_STR("Today We support the struggle of workers, and all oppressed people.\n\nSecond paragraph here.\n",
		form(t, CHARTER_CHANGE_INSERT_BEFORE, "We", "Today"));
	/* the phrase must occur exactly once */
	CHECK(strstr(form(t, CHARTER_CHANGE_STRIKE, "pp", NULL), "occurs 2 times in section 's'") != NULL);
	CHECK(strstr(form(t, CHARTER_CHANGE_STRIKE, "capital", NULL), "does not occur in section 's'") != NULL);
	CHECK(strstr(form(t, CHARTER_CHANGE_STRIKE, "", NULL), "is empty") != NULL);
	size_t n, at, end;
	CHECK(amend_phrase_find(&n, &at, &end, "aaaa", "aa") == 0 && n == 2 && at == 0 && end == 2);

	/* typographic variants are equal, the text keeps its own characters
	 * (this text is illustrative; the seed has no-break spaces around its dashes) */
	const char *ty = "Workers\xe2\x80\x99 power\xc2\xa0\xe2\x80\x94\xc2\xa0" "by use of the strike "
		"weapon\xc2\xa0\xe2\x80\x94\xc2\xa0" "to halt it (illustrative)\xe2\x80\xa6\n";
	CHECK_STR("Workers\xe2\x80\x99 power\xc2\xa0" "to halt it (illustrative)\xe2\x80\xa6\n",
		form(ty, CHARTER_CHANGE_STRIKE, " - by use of the strike weapon -", NULL));
	CHECK_STR("Workers\xe2\x80\x99 power\xc2\xa0" "to halt it (illustrative)\xe2\x80\xa6\n",
		form(ty, CHARTER_CHANGE_STRIKE, " \xe2\x80\x94 by use of the strike weapon \xe2\x80\x94", NULL));
	CHECK_STR("Workers\xe2\x80\x99 strength\xc2\xa0\xe2\x80\x94\xc2\xa0" "by use of the strike "
		"weapon\xc2\xa0\xe2\x80\x94\xc2\xa0" "to halt it (illustrative)\xe2\x80\xa6\n",
		form(ty, CHARTER_CHANGE_STRIKE, "Workers' power", "Workers\xe2\x80\x99 strength"));
	CHECK_STR("Workers\xe2\x80\x99 power\xc2\xa0\xe2\x80\x94\xc2\xa0" "by use of the strike "
		"weapon\xc2\xa0\xe2\x80\x94\xc2\xa0" "to halt it (illustrative), soon\xe2\x80\xa6\n",
		form(ty, CHARTER_CHANGE_INSERT_AFTER, "halt it (illustrative)", ", soon"));
	CHECK_STR("Workers\xe2\x80\x99 power\xc2\xa0\xe2\x80\x94\xc2\xa0" "at once by use of the strike "
		"weapon\xc2\xa0\xe2\x80\x94\xc2\xa0" "to halt it (illustrative)\xe2\x80\xa6\n",
		form(ty, CHARTER_CHANGE_INSERT_AFTER, "power - ", "at once"));
	CHECK_STR("Workers\xe2\x80\x99 power\xc2\xa0\xe2\x80\x94\xc2\xa0" "by use of the strike "
		"weapon\xc2\xa0\xe2\x80\x94\xc2\xa0" "to halt it (illustrative) now...\n",
		form(ty, CHARTER_CHANGE_STRIKE, "...", " now..."));
	/* a match never starts or ends inside one character's plain form */
	CHECK(strstr(form("Wait\xe2\x80\xa6 then go (illustrative).\n", CHARTER_CHANGE_STRIKE, ". then", NULL),
		"does not occur") != NULL);
	/* not found, but there loosely: the error shows what the text has */
	const char *e = form(ty, CHARTER_CHANGE_STRIKE, "power -- by use", NULL);
	CHECK(strstr(e, "does not occur in section 's': the text has 'power\xc2\xa0\xe2\x80\x94\xc2\xa0" "by use'") != NULL);
	e = form("One line\nand the next (illustrative).\n", CHARTER_CHANGE_STRIKE, "line and", NULL);
	CHECK(strstr(e, "the text has 'line and'") != NULL);
	e = form(ty, CHARTER_CHANGE_STRIKE, "strike hammer", NULL);
	CHECK(strstr(e, "does not occur in section 's'") != NULL && strstr(e, "the text has") == NULL);

	/* ids and votes */
	CHECK(amend_id_check("12") == 0);
	CHECK(amend_id_check("housing-1") == 0);
	CHECK(amend_id_check("2013-04-01") == CHARTER_EINVALID);
	CHECK(amend_id_check("A1") == 0);
	CHECK(amend_id_check("A1.1") == 0);
	CHECK(amend_id_check("GA-3") == 0);
	CHECK(amend_id_check("amendment_7b") == 0);
	CHECK(amend_id_check("a/b") == CHARTER_EINVALID);
	CHECK(amend_id_check("A1..2") == CHARTER_EINVALID);
	CHECK(amend_id_check(".A1") == CHARTER_EINVALID);
	CHECK(amend_id_check("A1-") == CHARTER_EINVALID);
	CHECK(amend_id_check("A 1") == CHARTER_EINVALID);
	CHECK(amend_id_check("A1.lock") == CHARTER_EINVALID);
	CHECK(amend_id_check("") == CHARTER_EINVALID);
	CHECK(amend_id_check("Ä1") == CHARTER_EINVALID);
	CHECK(amend_vote_check("120-3-0") == 0);
	CHECK(amend_vote_check("0-0-0") == 0);
	CHECK(amend_vote_check("1-2") == CHARTER_EINVALID);
	CHECK(amend_vote_check("1-2-3-") == CHARTER_EINVALID);
	CHECK(amend_vote_check("-1-2-3") == CHARTER_EINVALID);
	CHECK(amend_vote_check("1234567890-0-0") == CHARTER_EINVALID);
	CHECK(amend_vote_check("１-2-3") == CHARTER_EINVALID);

	/* per-file merge rules */
	CHECK_STR("new\n", merged("a.md", "old\n", "old\n", "new\n"));         /* only theirs changed */
	CHECK_STR("ours\n", merged("a.md", "old\n", "ours\n", "old\n"));       /* only ours changed */
	CHECK_STR("same\n", merged("a.md", "old\n", "same\n", "same\n"));      /* the same change */
	CHECK_STR("added\n", merged("a.md", NULL, NULL, "added\n"));           /* added */
	CHECK_STR("(absent)", merged("a.md", "old\n", "old\n", NULL));         /* removed */
	CHECK_STR("CONFLICT was also added by", merged("a.md", NULL, "x\n", "y\n"));
	CHECK_STR("CONFLICT was changed since by", merged("a.md", "old\n", "ours\n", NULL));
	CHECK_STR("CONFLICT was removed by", merged("a.md", "old\n", NULL, "new\n"));
	CHECK_STR("One two three four.\n", merged("a.md", "One two three.\n", "One two three four.\n", "One two three.\n"));
	CHECK_STR("Alpha beta GAMMA delta EPSILON.\n",
		merged("a.md", "Alpha beta gamma delta epsilon.\n", "Alpha beta GAMMA delta epsilon.\n",
			"Alpha beta gamma delta EPSILON.\n"));
	CHECK_STR("CONFLICT ", merged("a.md", "Alpha beta gamma.\n", "Alpha BETA gamma.\n", "Alpha Beta gamma.\n"));
	/* not Markdown: lines */
	CHECK_STR("a\nB\nc\nD\n", merged("x", "a\nb\nc\nd\n", "a\nB\nc\nd\n", "a\nb\nc\nD\n"));
	CHECK_STR("CONFLICT lines", merged("x", "a\nb\nc\n", "a\nB\nc\n", "a\nb2\nc\n"));
	return TEST_DONE();
}
