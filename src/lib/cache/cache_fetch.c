/* Reading a replay's blobs ahead on one helper thread, while the caller
 * compares the texts read before.
 *
 * One helper only, and it alone calls libgit2: libgit2 guards pack reads
 * with locks that two readers only contend for (the walk reads on one
 * thread for that reason). The caller sleeps until a batch of objects is
 * ready, not until the next one, and the helper, when it is ahead by the
 * whole ring, until there is room for a batch: a wake-up per object cost
 * more than the overlap saved (measured in doc/DECISIONS.md). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/pool.h"
#include "cache/cache.h"

#define RING 64  /* objects read and not taken yet, at most */
#define BATCH 8  /* objects the caller waits for once it has to wait */

struct cache_fetch {
	git_odb *odb;
	cache_texts texts;
	const git_oid *ids;
	size_t n;
	cache_text text[RING];
	bool failed[RING];
	size_t done, taken, want; /* read; taken by the caller; awaited by it */
	bool stop, caller_waits, helper_waits, threaded;
	pthread_mutex_t mu;
	pthread_cond_t ready, room;
	pool helper;
};

void cache_text_free(cache_text *t)
{
	git_odb_object_free(t->obj);
	free(t->copy);
	memset(t, 0, sizeof(*t));
}

static int read_text(cache_text *t, cache_fetch *f, size_t j)
{
	int error;
	memset(t, 0, sizeof(*t));
	if (f->texts.read) {
		if ((error = f->texts.read(f->texts.ctx, &t->copy, &t->size, f->odb, &f->ids[j])) == 0)
			t->data = t->copy;
		return error;
	}
	if ((error = git_odb_read(&t->obj, f->odb, &f->ids[j])) < 0)
		return error_git(error, "cannot read a section's text");
	t->data = git_odb_object_data(t->obj);
	t->size = git_odb_object_size(t->obj);
	return 0;
}

static void *reader(void *arg)
{
	cache_fetch *f = arg;
	pthread_mutex_lock(&f->mu);
	for (size_t j = 0; j < f->n; j++) {
		if (!f->stop && j >= f->taken + RING) {
			/* Full: wait for room for a batch, not for one object. */
			f->helper_waits = true;
			while (!f->stop && j + BATCH > f->taken + RING)
				pthread_cond_wait(&f->room, &f->mu);
			f->helper_waits = false;
		}
		if (f->stop)
			break;
		pthread_mutex_unlock(&f->mu);
		cache_text t;
		bool failed = read_text(&t, f, j) < 0;
		pthread_mutex_lock(&f->mu);
		f->text[j % RING] = t;
		f->failed[j % RING] = failed;
		f->done = j + 1;
		if (f->caller_waits && f->done >= f->want)
			pthread_cond_signal(&f->ready);
	}
	pthread_mutex_unlock(&f->mu);
	return NULL;
}

int cache_fetch_new(cache_fetch **out, git_odb *odb, const cache_texts *texts, const git_oid *ids, size_t n)
{
	cache_fetch *f = calloc(1, sizeof(*f));
	*out = NULL;
	if (!f)
		return error_set(CHARTER_ERROR, "out of memory");
	f->odb = odb;
	if (texts)
		f->texts = *texts;
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

int cache_fetch_take(cache_text *out, cache_fetch *f, size_t j)
{
	memset(out, 0, sizeof(*out));
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
		*out = f->text[j % RING];
		failed = f->failed[j % RING];
		memset(&f->text[j % RING], 0, sizeof(f->text[j % RING]));
		f->taken = j + 1;
		if (f->helper_waits && f->taken + RING >= f->done + BATCH)
			pthread_cond_signal(&f->room);
		pthread_mutex_unlock(&f->mu);
	} else {
		f->taken = j + 1;
	}
	/* Here (again, when the helper failed), for the error message. */
	return failed ? read_text(out, f, j) : 0;
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
		cache_text_free(&f->text[i]);
	pthread_cond_destroy(&f->ready);
	pthread_cond_destroy(&f->room);
	pthread_mutex_destroy(&f->mu);
	free(f);
}
