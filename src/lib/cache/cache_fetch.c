/* Reading a replay's blobs ahead on one helper thread, while the caller
 * compares the texts read before.
 *
 * One helper only, and it alone calls libgit2: libgit2 guards pack reads
 * with locks that two readers only contend for (the walk reads on one
 * thread for that reason). The caller sleeps until a batch of objects is
 * ready, not until the next one: a wake-up per object cost more than the
 * overlap saved (measured in doc/DECISIONS.md). */
#include <pthread.h>
#include <stdlib.h>

#include "base/pool.h"
#include "cache/cache.h"

#define RING 64  /* objects read and not taken yet, at most */
#define BATCH 8  /* objects the caller waits for once it has to wait */

struct cache_fetch {
	git_odb *odb;
	const git_oid *ids;
	size_t n;
	git_odb_object *obj[RING];
	bool failed[RING];
	size_t done, taken, want; /* read; taken by the caller; awaited by it */
	bool stop, caller_waits, helper_waits, threaded;
	pthread_mutex_t mu;
	pthread_cond_t ready, room;
	pool helper;
};

static void *reader(void *arg)
{
	cache_fetch *f = arg;
	pthread_mutex_lock(&f->mu);
	for (size_t j = 0; j < f->n; j++) {
		while (!f->stop && j >= f->taken + RING) {
			f->helper_waits = true;
			pthread_cond_wait(&f->room, &f->mu);
			f->helper_waits = false;
		}
		if (f->stop)
			break;
		pthread_mutex_unlock(&f->mu);
		git_odb_object *obj = NULL;
		bool failed = git_odb_read(&obj, f->odb, &f->ids[j]) < 0;
		pthread_mutex_lock(&f->mu);
		f->obj[j % RING] = obj;
		f->failed[j % RING] = failed;
		f->done = j + 1;
		if (f->caller_waits && f->done >= f->want)
			pthread_cond_signal(&f->ready);
	}
	pthread_mutex_unlock(&f->mu);
	return NULL;
}

int cache_fetch_new(cache_fetch **out, git_odb *odb, const git_oid *ids, size_t n)
{
	cache_fetch *f = calloc(1, sizeof(*f));
	*out = NULL;
	if (!f)
		return error_set(CHARTER_ERROR, "out of memory");
	f->odb = odb;
	f->ids = ids;
	f->n = n;
	pthread_mutex_init(&f->mu, NULL);
	pthread_cond_init(&f->ready, NULL);
	pthread_cond_init(&f->room, NULL);
	/* Single core, or no thread to be had: the caller reads. */
	f->threaded = n > 1 && pool_cores(2) > 1 && pool_start(&f->helper, 1, reader, f) == 1;
	*out = f;
	return 0;
}

int cache_fetch_take(git_odb_object **out, cache_fetch *f, size_t j)
{
	*out = NULL;
	if (j != f->taken || j >= f->n)
		return error_set(CHARTER_ERROR, "internal error: objects taken out of order");
	bool failed = !f->threaded;
	if (f->threaded) {
		pthread_mutex_lock(&f->mu);
		if (f->done <= j) {
			f->want = j + BATCH < f->n ? j + BATCH : f->n;
			f->caller_waits = true;
			while (f->done < f->want)
				pthread_cond_wait(&f->ready, &f->mu);
			f->caller_waits = false;
		}
		*out = f->obj[j % RING];
		failed = f->failed[j % RING];
		f->obj[j % RING] = NULL;
		f->taken = j + 1;
		if (f->helper_waits)
			pthread_cond_signal(&f->room);
		pthread_mutex_unlock(&f->mu);
	} else {
		f->taken = j + 1;
	}
	if (failed) {
		/* Here (again, when the helper failed), for the error message. */
		int error = git_odb_read(out, f->odb, &f->ids[j]);
		if (error < 0)
			return error_git(error, "cannot read a section's text");
	}
	return 0;
}

void cache_fetch_free(cache_fetch *f)
{
	if (!f)
		return;
	pthread_mutex_lock(&f->mu);
	f->stop = true;
	pthread_cond_signal(&f->room);
	pthread_mutex_unlock(&f->mu);
	pool_join(&f->helper);
	for (size_t i = 0; i < RING; i++)
		git_odb_object_free(f->obj[i]);
	pthread_cond_destroy(&f->ready);
	pthread_cond_destroy(&f->room);
	pthread_mutex_destroy(&f->mu);
	free(f);
}
