/* Reading objects ahead on other threads. A cold history pays mostly for
 * inflating objects (libgit2 reads every commit and tree of a walk and
 * every blob of a replay); the reads are independent of each other, so
 * helper threads do them while the caller parses and compares.
 *
 * Jobs are numbered 0, 1, 2... in the order they are pushed; the caller
 * takes results in that order. With a bound, at most that many results
 * wait at a time (a ring), so memory stays flat whatever the history. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/grow.h"
#include "base/pool.h"
#include "cache/cache.h"

#define CHUNK 1024
#define MAX_THREADS 4

typedef struct {
	git_oid id;
	git_odb_object *obj;
	int state; /* 0 waiting, 1 being read, 2 done, 3 failed */
} fetch_slot;

struct cache_fetch {
	git_odb *odb;
	cache_fetch_fn fn;
	fetch_slot **chunks;   /* chunked, so slots never move */
	size_t nchunks, achunks;
	size_t pushed, claimed, taken;
	size_t bound;          /* 0: unbounded */
	bool closed, stop;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	pool helpers;
};

static fetch_slot *slot(cache_fetch *f, size_t j)
{
	if (f->bound)
		j %= f->bound;
	return &f->chunks[j / CHUNK][j % CHUNK];
}

/* Read job `j` (its slot claimed by the caller, lock not held). */
static void run_job(cache_fetch *f, size_t j, const git_oid *id)
{
	git_odb_object *obj = NULL;
	int error = f->fn ? f->fn(&obj, f->odb, id) : git_odb_read(&obj, f->odb, id);
	pthread_mutex_lock(&f->mu);
	fetch_slot *s = slot(f, j);
	s->obj = obj;
	s->state = error < 0 ? 3 : 2;
	pthread_cond_broadcast(&f->cv);
	pthread_mutex_unlock(&f->mu);
}

static bool claimable(const cache_fetch *f)
{
	return f->claimed < f->pushed && (!f->bound || f->claimed < f->taken + f->bound);
}

static void *worker(void *arg)
{
	cache_fetch *f = arg;
	pthread_mutex_lock(&f->mu);
	for (;;) {
		while (!f->stop && !claimable(f) && !(f->closed && f->claimed >= f->pushed))
			pthread_cond_wait(&f->cv, &f->mu);
		if (f->stop || !claimable(f))
			break;
		size_t j = f->claimed++;
		fetch_slot *s = slot(f, j);
		git_oid id = s->id;
		s->state = 1;
		pthread_mutex_unlock(&f->mu);
		run_job(f, j, &id);
		pthread_mutex_lock(&f->mu);
	}
	pthread_mutex_unlock(&f->mu);
	return NULL;
}

int cache_fetch_new(cache_fetch **out, git_odb *odb, cache_fetch_fn fn, size_t bound)
{
	cache_fetch *f = calloc(1, sizeof(*f));
	*out = NULL;
	if (!f)
		return error_set(CHARTER_ERROR, "out of memory");
	f->odb = odb;
	f->fn = fn;
	f->bound = bound;
	pthread_mutex_init(&f->mu, NULL);
	pthread_cond_init(&f->cv, NULL);
	if (bound) {
		f->achunks = f->nchunks = (bound + CHUNK - 1) / CHUNK;
		f->chunks = calloc(f->nchunks, sizeof(*f->chunks));
		for (size_t i = 0; f->chunks && i < f->nchunks; i++)
			if (!(f->chunks[i] = calloc(CHUNK, sizeof(fetch_slot)))) {
				cache_fetch_free(f);
				return error_set(CHARTER_ERROR, "out of memory");
			}
		if (!f->chunks) {
			cache_fetch_free(f);
			return error_set(CHARTER_ERROR, "out of memory");
		}
	}
	/* One core stays with the caller. Single core: the caller reads. */
	pool_start(&f->helpers, pool_cores(MAX_THREADS + 1) - 1, worker, f);
	*out = f;
	return 0;
}

int cache_fetch_push(cache_fetch *f, const git_oid *id)
{
	pthread_mutex_lock(&f->mu);
	if (!f->bound && f->pushed / CHUNK >= f->nchunks) {
		if (GROW(f->chunks, f->achunks, f->nchunks + 1) < 0) {
			pthread_mutex_unlock(&f->mu);
			return CHARTER_ERROR;
		}
		if (!(f->chunks[f->nchunks] = calloc(CHUNK, sizeof(fetch_slot)))) {
			pthread_mutex_unlock(&f->mu);
			return error_set(CHARTER_ERROR, "out of memory");
		}
		f->nchunks++;
	}
	if (f->bound) {
		/* The ring slot must be free: its previous job taken. */
		while (f->pushed >= f->taken + f->bound)
			pthread_cond_wait(&f->cv, &f->mu);
	}
	fetch_slot *s = slot(f, f->pushed);
	git_oid_cpy(&s->id, id);
	s->obj = NULL;
	s->state = 0;
	f->pushed++;
	pthread_cond_broadcast(&f->cv);
	pthread_mutex_unlock(&f->mu);
	return 0;
}

void cache_fetch_close(cache_fetch *f)
{
	pthread_mutex_lock(&f->mu);
	f->closed = true;
	pthread_cond_broadcast(&f->cv);
	pthread_mutex_unlock(&f->mu);
}

int cache_fetch_take(git_odb_object **out, cache_fetch *f, size_t j)
{
	*out = NULL;
	pthread_mutex_lock(&f->mu);
	if (j != f->taken || j >= f->pushed) {
		pthread_mutex_unlock(&f->mu);
		return error_set(CHARTER_ERROR, "internal error: objects taken out of order");
	}
	fetch_slot *s = slot(f, j);
	if (f->claimed == j) {
		/* Nobody has it yet: read it here rather than wait. */
		f->claimed++;
		s->state = 1;
		git_oid id = s->id;
		pthread_mutex_unlock(&f->mu);
		run_job(f, j, &id);
		pthread_mutex_lock(&f->mu);
	}
	while (s->state < 2)
		pthread_cond_wait(&f->cv, &f->mu);
	git_oid id = s->id;
	bool failed = s->state == 3;
	*out = s->obj;
	s->obj = NULL;
	s->state = 0;
	f->taken++;
	pthread_cond_broadcast(&f->cv);
	pthread_mutex_unlock(&f->mu);
	if (failed) {
		/* Again, on this thread, for the error message. */
		int error = f->fn ? f->fn(out, f->odb, &id) : git_odb_read(out, f->odb, &id);
		if (error < 0)
			return error_git(error, "cannot read an object on main");
	}
	return 0;
}

void cache_fetch_free(cache_fetch *f)
{
	if (!f)
		return;
	pthread_mutex_lock(&f->mu);
	f->stop = true;
	pthread_cond_broadcast(&f->cv);
	pthread_mutex_unlock(&f->mu);
	pool_join(&f->helpers);
	for (size_t c = 0; c < f->nchunks; c++) {
		for (size_t i = 0; f->chunks[c] && i < CHUNK; i++)
			git_odb_object_free(f->chunks[c][i].obj);
		free(f->chunks[c]);
	}
	free(f->chunks);
	pthread_cond_destroy(&f->cv);
	pthread_mutex_destroy(&f->mu);
	free(f);
}
