/* The structured accessors on a real store: charter_log_get, charter_history_section and _redline, charter_blame_get, charter_verify_report_failed; an index changed under an open store; an amendment's redline with context. */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <charter.h>

#include "testlib.h"
#include "teststore.h"

static char dir[64] = "/tmp/charter-test-accessors-XXXXXX";

/* The operations of a redline: the inserted text, and whether anything but EQUAL and INSERT occurs. */
static void redline_summary(const charter_redline *rl, char *inserted, size_t size, int *others)
{
	*inserted = '\0';
	*others = 0;
	for (size_t i = 0; i < charter_redline_count(rl); i++) {
		const charter_redline_op *op = charter_redline_get(rl, i);
		if (op->kind == CHARTER_REDLINE_INSERT)
			snprintf(inserted + strlen(inserted), size - strlen(inserted), "%s", op->text);
		else if (op->kind != CHARTER_REDLINE_EQUAL)
			(*others)++;
	}
}

static void test_log(charter_store *store, const char *adopted)
{
	charter_log *log = NULL;
	CHECK(charter_log_load(&log, store, NULL) == 0);
	if (!log)
		return;
	CHECK(charter_log_count(log) == 2);
	const charter_adoption *a = charter_log_get(log, 0), *f = charter_log_get(log, 1);
	CHECK(a && f);
	if (a && f) {
		/* Newest first: the amendment, then the founding text. */
		CHECK(a->kind == CHARTER_ADOPTION_AMENDMENT && f->kind == CHARTER_ADOPTION_FOUNDING);
		CHECK_STR(adopted, a->commit);
		CHECK_STR("a1", a->amendment);
		CHECK_STR("An illustrative amendment", a->title);
		CHECK_STR("c1", a->convention);
		CHECK_STR("2000-01-01", a->date);
		CHECK_STR("1977-06-01", f->date);
		CHECK(a->section_count == 1 && a->sections && strcmp(a->sections[0], "workers-power") == 0);
		CHECK(f->section_count > 1);
	}
	CHECK(charter_log_get(log, 2) == NULL);
	CHECK(charter_log_get(log, (size_t)-1) == NULL);
	charter_log_free(log);

	/* By section: only what changed it. */
	CHECK(charter_log_load(&log, store, "socialism-not-capitalism") == 0);
	if (log) {
		CHECK(charter_log_count(log) == 1);
		CHECK(charter_log_get(log, 0) && charter_log_get(log, 0)->kind == CHARTER_ADOPTION_FOUNDING);
		CHECK(charter_log_get(log, 1) == NULL);
		charter_log_free(log);
	}
}

static void test_history(charter_store *store)
{
	charter_history *h = NULL;
	CHECK(charter_history_load(&h, store, "workers-power", NULL) == 0);
	if (!h)
		return;
	size_t n = charter_history_count(h);
	CHECK(n == 2);
	CHECK(charter_history_adoption(h, 0) && charter_history_adoption(h, 0)->kind == CHARTER_ADOPTION_AMENDMENT);
	CHECK_STR("workers-power", charter_history_section(h, 0));
	CHECK_STR("workers-power", charter_history_section(h, n - 1));

	/* The amendment's redline inserts exactly the clause. */
	charter_redline *rl = NULL;
	char inserted[16384];
	int others;
	CHECK(charter_history_redline(&rl, h, 0) == 0);
	if (rl) {
		CHECK(charter_redline_changed(rl) == 1);
		redline_summary(rl, inserted, sizeof(inserted), &others);
		CHECK(strstr(inserted, "An illustrative clause.") != NULL);
		CHECK(others == 0);
		charter_redline_free(rl);
	}
	/* The founding entry inserts the whole section. */
	rl = NULL;
	CHECK(charter_history_redline(&rl, h, n - 1) == 0);
	if (rl) {
		redline_summary(rl, inserted, sizeof(inserted), &others);
		CHECK(strstr(inserted, "Capitalism must be replaced.") != NULL);
		CHECK(strstr(inserted, "An illustrative clause.") == NULL);
		charter_redline_free(rl);
	}
	charter_history_free(h);

	/* Since the amendment's date: the amendment only. */
	CHECK(charter_history_load(&h, store, "workers-power", "1999-12-31") == 0);
	if (h) {
		CHECK(charter_history_count(h) == 1);
		CHECK_STR("workers-power", charter_history_section(h, 0));
		charter_history_free(h);
	}
}

/* A store opened once checks its history index file once (later loads
 * trust the parts it hashed, cache_seen), but only while the file is the
 * same: one changed in place (a text in it altered, its times moved) is
 * checked again, found bad and rebuilt, not believed. */
static void test_index_changed(charter_store *store, const char *path)
{
	char file[256], *data = NULL;
	snprintf(file, sizeof(file), "%s/charter/index-v1", path);
	int fd = open(file, O_RDWR);
	struct stat st;
	CHECK(fd >= 0 && fstat(fd, &st) == 0 && st.st_size > 0);
	if (fd < 0)
		return;
	data = malloc((size_t)st.st_size);
	CHECK(data && read(fd, data, (size_t)st.st_size) == st.st_size);
	/* Every copy of the clause in it: "illustrative Clause." */
	int changed = 0;
	for (off_t i = 0; data && i + 20 <= st.st_size; i++)
		if (memcmp(data + i, "illustrative clause.", 20) == 0) {
			changed++;
			CHECK(pwrite(fd, "C", 1, i + 13) == 1);
		}
	CHECK(changed > 0);
	struct timespec times[2] = { st.st_atim, { st.st_mtim.tv_sec + 5, st.st_mtim.tv_nsec } };
	CHECK(futimens(fd, times) == 0);
	close(fd);
	free(data);
	charter_history *h = NULL;
	charter_redline *rl = NULL;
	char inserted[16384];
	int others;
	CHECK(charter_history_load(&h, store, "workers-power", NULL) == 0 && charter_history_count(h) == 2);
	CHECK(h && charter_history_redline(&rl, h, 0) == 0);
	if (rl) {
		redline_summary(rl, inserted, sizeof(inserted), &others);
		CHECK(strstr(inserted, "An illustrative clause.") != NULL && strstr(inserted, "Clause") == NULL);
		charter_redline_free(rl);
	}
	charter_history_free(h);
}

static void test_blame(charter_store *store, const char *adopted)
{
	charter_blame *b = NULL;
	charter_document *doc = NULL;
	CHECK(charter_blame_load(&b, store, "workers-power", NULL) == 0);
	CHECK(charter_document_load(&doc, store, NULL) == 0);
	if (!b || !doc) {
		charter_blame_free(b);
		charter_document_free(doc);
		return;
	}
	size_t n = charter_blame_count(b);
	CHECK(n >= 2);
	/* The segments concatenate to the section's file; the clause is a1's, and nothing else is. */
	char text[16384] = "", ours[512] = "";
	int complete = 1;
	for (size_t i = 0; i < n; i++) {
		const charter_blame_segment *s = charter_blame_get(b, i);
		if (!s || !s->adoption || strlen(s->text) != s->len || strlen(text) + s->len >= sizeof(text)) {
			complete = 0;
			break;
		}
		strcat(text, s->text);
		if (s->adoption->kind == CHARTER_ADOPTION_AMENDMENT) {
			CHECK_STR(adopted, s->adoption->commit);
			CHECK_STR("a1", s->adoption->amendment);
			snprintf(ours + strlen(ours), sizeof(ours) - strlen(ours), "%s", s->text);
		} else {
			CHECK(s->adoption->kind == CHARTER_ADOPTION_FOUNDING);
		}
	}
	CHECK(complete);
	CHECK(charter_blame_get(b, n) == NULL);
	CHECK(strstr(ours, "An illustrative clause.") != NULL && strstr(ours, "Capitalism") == NULL);
	size_t at;
	CHECK(charter_document_section_find(&at, doc, "workers-power") == 0);
	const char *section = charter_document_section_markdown(doc, at);
	CHECK(section && strcmp(section, text) == 0);
	charter_document_free(doc);
	charter_blame_free(b);
}

static void test_verify(charter_store *store, const char *store_path)
{
	charter_verify_options vo = CHARTER_VERIFY_OPTIONS_INIT;
	charter_verify_report *r = NULL;
	vo.flags = CHARTER_VERIFY_FULL;
	CHECK(charter_verify(&r, store, &vo) == 0);
	if (r) {
		CHECK(charter_verify_report_ok(r) == 1);
		CHECK(charter_verify_report_failed(r) == 0);
		CHECK(charter_verify_report_checked(r) == 2);
		charter_verify_report_free(r);
	}
	/* An unsigned commit on main: one failure, named. */
	CHECK(test_sh("cd '%s' && c=$(git commit-tree -p main -m 'Unsigned (illustrative)' main^{tree}) && "
		"git update-ref refs/heads/main \"$c\"", store_path) == 0);
	r = NULL;
	CHECK(charter_verify(&r, store, &vo) == CHARTER_EVERIFY);
	if (r) {
		CHECK(charter_verify_report_ok(r) == 0);
		CHECK(charter_verify_report_failed(r) == 1);
		CHECK(charter_verify_report_checked(r) == 3);
		size_t bad = 0, unsigned_ = 0;
		for (size_t i = 0; i < charter_verify_report_commit_count(r); i++) {
			charter_verify_entry e;
			charter_verify_report_commit(&e, r, i);
			bad += !e.ok;
			unsigned_ += !e.ok && e.reason == CHARTER_VERIFY_UNSIGNED;
		}
		CHECK(bad == 1 && unsigned_ == 1);
		charter_verify_report_free(r);
	}
}

/* An amendment's redline with context (the amendment page's): the change
 * at the end of a section, the paragraph before it as context, the
 * section's beginning left out. */
static void test_amendment_context(test_store *t)
{
	char *id = NULL, inserted[512];
	CHECK(test_store_propose(t, &id, "a2", "workers-power", "We oppose all immigration controls.",
		"This sentence is illustrative, not from the record.",
		"An illustrative amendment at the end of a section") == 0);
	charter_amendment *a = NULL;
	charter_redline *rl = NULL;
	CHECK(charter_amendment_load(&a, t->store, "a2", CHARTER_AMENDMENT_DETAILS) == 0);
	CHECK(a && charter_amendment_redline(&rl, a, CHARTER_TEXT_BASE, CHARTER_TEXT_PROPOSED, 1) == 0);
	if (rl) {
		int others = 0;
		redline_summary(rl, inserted, sizeof(inserted), &others);
		CHECK(strstr(inserted, "This sentence is illustrative, not from the record.") != NULL);
		char *text = NULL;
		CHECK(charter_redline_render(&text, NULL, rl, CHARTER_FORMAT_MARKDOWN, 0) == 0);
		CHECK(text && strstr(text, "Capitalism is an international system") != NULL);
		CHECK(text && strstr(text, "Workers create society") == NULL);
		CHECK(text && strstr(text, "…") != NULL);
		charter_free(text);
	}
	charter_redline_free(rl);
	charter_amendment_free(a);
	charter_free(id);
}

int main(void)
{
	CHECK(charter_init() == 0);
	if (!mkdtemp(dir)) {
		fprintf(stderr, "no temporary directory\n");
		return 1;
	}
	setenv("GIT_AUTHOR_NAME", "Test", 1);
	setenv("GIT_AUTHOR_EMAIL", "test@example.org", 1);
	setenv("GIT_COMMITTER_NAME", "Test", 1);
	setenv("GIT_COMMITTER_EMAIL", "test@example.org", 1);
	test_store t;
	char *id = NULL;
	char adopted[41] = "";
	CHECK(test_store_found(&t, dir) == 0);
	CHECK(test_store_propose_a1(&t, &id) == 0);
	CHECK(test_store_adopt_a1(&t, adopted) == 0);
	if (t.store && *adopted) {
		test_log(t.store, adopted);
		test_history(t.store);
		test_index_changed(t.store, t.path);
		test_blame(t.store, adopted);
		test_verify(t.store, t.path);
		test_amendment_context(&t);
	}
	charter_free(id);
	test_store_free(&t);
	test_sh("rm -rf '%s'", dir);
	return TEST_DONE();
}
