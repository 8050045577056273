/* Moving refs safely (record_move_ref: compare-and-swap, create-only) and
 * what charter_adopt leaves behind itself, read straight from the refs
 * (no later lookup that could repair a missing refs/outcomes/<id>). */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/signed_write.h"
#include "store/store.h"
#include "testlib.h"
#include "teststore.h"

static char dir[64] = "/tmp/charter-test-record-XXXXXX";

static bool ref_is(git_repository *repo, const char *name, const git_oid *want)
{
	git_oid id;
	return git_reference_name_to_id(&id, repo, name) == 0 && git_oid_equal(&id, want);
}

static bool ref_absent(git_repository *repo, const char *name)
{
	git_oid id;
	return git_reference_name_to_id(&id, repo, name) == GIT_ENOTFOUND;
}

/* CAS on main and create-only refs, on the root and one adoption. */
static void move_ref(git_repository *repo, const git_oid *root, const git_oid *adopted)
{
	/* main is at `adopted`: a writer that still believes it is at `root` loses. */
	CHECK(ref_is(repo, "refs/heads/main", adopted));
	CHECK(record_move_ref(repo, "refs/heads/main", root, root, "test: stale") == CHARTER_EMOVED);
	CHECK(strstr(charter_error_last(), "main moved") != NULL);
	CHECK(ref_is(repo, "refs/heads/main", adopted));
	/* ... one that knows where it is wins. */
	CHECK(record_move_ref(repo, "refs/heads/main", root, adopted, "test: current") == 0);
	CHECK(ref_is(repo, "refs/heads/main", root));
	CHECK(record_move_ref(repo, "refs/heads/main", adopted, root, "test: back") == 0);
	CHECK(ref_is(repo, "refs/heads/main", adopted));

	/* expected NULL: only a ref that does not exist yet is created. */
	CHECK(record_move_ref(repo, "refs/outcomes/new", root, NULL, "test: create") == 0);
	CHECK(ref_is(repo, "refs/outcomes/new", root));
	CHECK(record_move_ref(repo, "refs/outcomes/new", adopted, NULL, "test: create again") == CHARTER_EMOVED);
	CHECK(ref_is(repo, "refs/outcomes/new", root));
	/* expected given, but the ref does not exist: nothing is created. */
	CHECK(record_move_ref(repo, "refs/outcomes/none", adopted, root, "test: cas on nothing") < 0);
	CHECK(ref_absent(repo, "refs/outcomes/none"));
}

int main(void)
{
	CHECK(charter_init() == 0);
	if (!mkdtemp(dir)) {
		fprintf(stderr, "no temporary directory\n");
		return 1;
	}
	test_store t;
	char *id = NULL;
	char adopted_hex[41] = "";
	CHECK(test_store_found(&t, dir) == 0);
	CHECK(test_store_propose_a1(&t, &id) == 0);
	CHECK_STR("a1", id);
	charter_store *store = t.store;

	git_repository *repo = store ? store_repo(store) : NULL;
	git_oid root, adopted;
	CHECK(repo && git_reference_name_to_id(&root, repo, "refs/heads/main") == 0);
	CHECK(repo && ref_absent(repo, "refs/outcomes/a1"));

	CHECK(test_store_adopt_a1(&t, adopted_hex) == 0);
	CHECK(git_oid_fromstr(&adopted, adopted_hex) == 0);

	if (repo) {
		/* charter_adopt itself moved main and wrote the outcome ref. */
		CHECK(ref_is(repo, "refs/heads/main", &adopted));
		CHECK(ref_is(repo, "refs/outcomes/a1", &adopted));
		move_ref(repo, &root, &adopted);
	}

	charter_free(id);
	test_store_free(&t);
	test_sh("rm -rf '%s'", dir);
	return TEST_DONE();
}
