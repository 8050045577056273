/* store_for: a parallel loop whose threads each read through a store of their own. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "store/store_pool.h"

typedef struct {
	charter_store *store;
	size_t n, next;
	store_job_fn *fn;
	void *ctx;
	pthread_mutex_t mu;
	unsigned slots;
	size_t failed_at;  /* the lowest failed item, n when none */
	int error;
	char message[1024];
} store_loop;

static void fail(store_loop *l, size_t i, int error)
{
	pthread_mutex_lock(&l->mu);
	if (i < l->failed_at) {
		l->failed_at = i;
		l->error = error;
		snprintf(l->message, sizeof(l->message), "%s", charter_error_last());
	}
	pthread_mutex_unlock(&l->mu);
}

/* Items until none is left; slot 0 reads through the caller's store. */
static void run(store_loop *l, unsigned slot)
{
	charter_store *own = NULL, *store = l->store;
	for (;;) {
		pthread_mutex_lock(&l->mu);
		size_t i = l->next < l->failed_at ? l->next++ : l->n;
		pthread_mutex_unlock(&l->mu);
		if (i >= l->n)
			break;
		int error = 0;
		if (slot > 0 && !own && (error = charter_store_open(&own, charter_store_gitdir(l->store))) == 0) {
			own->memo = l->store->memo;
			store = own;
		}
		if (error == 0)
			error = l->fn(l->ctx, store, slot, i);
		if (error < 0)
			fail(l, i, error);
	}
	charter_store_free(own);
}

static void *helper(void *arg)
{
	store_loop *l = arg;
	pthread_mutex_lock(&l->mu);
	unsigned slot = l->slots++;
	pthread_mutex_unlock(&l->mu);
	run(l, slot);
	return NULL;
}

int store_for(charter_store *store, size_t n, unsigned threads, store_job_fn *fn, void *ctx)
{
	store_loop l;
	pool p = POOL_INIT;
	memset(&l, 0, sizeof(l));
	l.store = store;
	l.n = n;
	l.fn = fn;
	l.ctx = ctx;
	l.failed_at = n;
	l.slots = 1; /* slot 0 is the caller's */
	pthread_mutex_init(&l.mu, NULL);
	/* As pool_for: one thread per core, at most 5 unless asked. */
	if (threads == 0)
		threads = pool_cores(5);
	if (threads > POOL_MAX)
		threads = POOL_MAX;
	if (n > 1 && threads > 1)
		pool_start(&p, (unsigned)(threads - 1 < n - 1 ? threads - 1 : n - 1), helper, &l);
	run(&l, 0);
	pool_join(&p);
	pthread_mutex_destroy(&l.mu);
	return l.failed_at < n ? error_set(l.error, "%s", l.message) : 0;
}
