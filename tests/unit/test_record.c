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
	const char *src = getenv("CHARTER_SOURCE_DIR");
	if (!src || !mkdtemp(dir)) {
		fprintf(stderr, "CHARTER_SOURCE_DIR unset or no temporary directory\n");
		return 1;
	}
	char key[128], store_path[128], statements[1024];
	snprintf(key, sizeof(key), "%s/key", dir);
	snprintf(store_path, sizeof(store_path), "%s/store", dir);
	snprintf(statements, sizeof(statements), "%s/statements", src);
	CHECK(test_sh("ssh-keygen -q -t ed25519 -N '' -C officer -f '%s' </dev/null", key) == 0);

	charter_identity *by = NULL;
	charter_signer *signer = NULL;
	charter_store *store = NULL;
	char *id = NULL;
	char adopted_hex[41] = "";
	CHECK(charter_identity_parse(&by, "Officer <officer@example.org>") == 0);
	CHECK(charter_signer_open(&signer, NULL, key) == 0);

	charter_store_init_options io = CHARTER_STORE_INIT_OPTIONS_INIT;
	io.adopted_on = "1977-06-01";
	io.bare = 1;
	io.by = by;
	io.signer = signer;
	CHECK(charter_store_init(&store, store_path, statements, &io) == 0);

	charter_propose_options po = CHARTER_PROPOSE_OPTIONS_INIT;
	po.kind = CHARTER_CHANGE_INSERT_AFTER;
	po.section = "workers-power";
	po.phrase = "Capitalism must be replaced.";
	po.text = "An illustrative clause.";
	po.id = "a1";
	po.title = "An illustrative amendment";
	po.by = by;
	po.signer = signer;
	CHECK(store && charter_propose(&id, store, &po) == 0);
	CHECK_STR("a1", id);

	git_repository *repo = store ? store_repo(store) : NULL;
	git_oid root, adopted;
	CHECK(repo && git_reference_name_to_id(&root, repo, "refs/heads/main") == 0);
	CHECK(repo && ref_absent(repo, "refs/outcomes/a1"));

	charter_adopt_options ao = CHARTER_ADOPT_OPTIONS_INIT;
	ao.convention = "c1";
	ao.date = "2000-01-01";
	ao.by = by;
	ao.signer = signer;
	CHECK(store && charter_adopt(adopted_hex, store, "a1", &ao) == 0);
	CHECK(git_oid_fromstr(&adopted, adopted_hex) == 0);

	if (repo) {
		/* charter_adopt itself moved main and wrote the outcome ref. */
		CHECK(ref_is(repo, "refs/heads/main", &adopted));
		CHECK(ref_is(repo, "refs/outcomes/a1", &adopted));
		move_ref(repo, &root, &adopted);
	}

	charter_free(id);
	charter_store_free(store);
	charter_signer_free(signer);
	charter_identity_free(by);
	test_sh("rm -rf '%s'", dir);
	return TEST_DONE();
}
