/* A real store for unit tests: founded from statements/ by an officer's new
 * Ed25519 key (bare, adopted 1977-06-01), and amendment a1 ("An illustrative
 * clause." after "Capitalism must be replaced." in workers-power) proposed
 * and adopted by convention c1 on 2000-01-01. Needs CHARTER_SOURCE_DIR. */
#ifndef CHARTER_TESTSTORE_H
#define CHARTER_TESTSTORE_H

#include <charter.h>

#include "testlib.h"

typedef struct {
	charter_identity *by;
	charter_signer *signer;
	charter_store *store;
	char path[160]; /* the store */
} test_store;

/* Found the store in `dir` (its key goes there too). 0 or -1. */
static inline int test_store_found(test_store *t, const char *dir)
{
	char key[160], statements[1024];
	const char *src = getenv("CHARTER_SOURCE_DIR");
	memset(t, 0, sizeof(*t));
	if (!src)
		return -1;
	snprintf(key, sizeof(key), "%s/key", dir);
	snprintf(t->path, sizeof(t->path), "%s/store", dir);
	snprintf(statements, sizeof(statements), "%s/statements", src);
	if (test_sh("ssh-keygen -q -t ed25519 -N '' -C officer -f '%s' </dev/null", key) != 0 ||
	    charter_identity_parse(&t->by, "Officer <officer@example.org>") != 0 ||
	    charter_signer_open(&t->signer, NULL, key) != 0)
		return -1;
	charter_store_init_options io = CHARTER_STORE_INIT_OPTIONS_INIT;
	io.adopted_on = "1977-06-01";
	io.bare = 1;
	io.by = t->by;
	io.signer = t->signer;
	return charter_store_init(&t->store, t->path, statements, &io) == 0 ? 0 : -1;
}

/* Propose amendment `id` inserting `text` after `phrase` in `section`;
 * *out is its id (free with charter_free). */
static inline int test_store_propose(test_store *t, char **out, const char *id, const char *section,
	const char *phrase, const char *text, const char *title)
{
	charter_propose_options po = CHARTER_PROPOSE_OPTIONS_INIT;
	po.kind = CHARTER_CHANGE_INSERT_AFTER;
	po.section = section;
	po.phrase = phrase;
	po.text = text;
	po.id = id;
	po.title = title;
	po.by = t->by;
	po.signer = t->signer;
	return t->store && charter_propose(out, t->store, &po) == 0 ? 0 : -1;
}

/* Propose a1; *id is its id (free with charter_free). */
static inline int test_store_propose_a1(test_store *t, char **id)
{
	return test_store_propose(t, id, "a1", "workers-power", "Capitalism must be replaced.",
		"An illustrative clause.", "An illustrative amendment");
}

/* Adopt a1; `adopted` is the adoption commit (hex). */
static inline int test_store_adopt_a1(test_store *t, char adopted[41])
{
	charter_adopt_options ao = CHARTER_ADOPT_OPTIONS_INIT;
	ao.convention = "c1";
	ao.date = "2000-01-01";
	ao.by = t->by;
	ao.signer = t->signer;
	return t->store && charter_adopt(adopted, t->store, "a1", &ao) == 0 ? 0 : -1;
}

static inline void test_store_free(test_store *t)
{
	charter_store_free(t->store);
	charter_signer_free(t->signer);
	charter_identity_free(t->by);
	memset(t, 0, sizeof(*t));
}

#endif
