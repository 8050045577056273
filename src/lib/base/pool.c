/* The one thread pool: starting and joining helper threads, counting cores, a parallel loop. */
#include <unistd.h>

#include "base/pool.h"

unsigned pool_cores(unsigned max)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		return 1;
	return (unsigned long)n > max ? max : (unsigned)n;
}

unsigned pool_start(pool *p, unsigned n, void *(*fn)(void *), void *arg)
{
	for (unsigned i = 0; i < n && p->n < POOL_MAX; i++)
		if (pthread_create(&p->threads[p->n], NULL, fn, arg) == 0)
			p->n++;
	return p->n;
}

void pool_join(pool *p)
{
	for (unsigned i = 0; i < p->n; i++)
		pthread_join(p->threads[i], NULL);
	p->n = 0;
}

typedef struct {
	size_t n, next;
	void (*fn)(void *ctx, size_t i);
	void *ctx;
	pthread_mutex_t mu;
} pool_loop;

static void *loop_worker(void *arg)
{
	pool_loop *l = arg;
	for (;;) {
		pthread_mutex_lock(&l->mu);
		size_t i = l->next < l->n ? l->next++ : l->n;
		pthread_mutex_unlock(&l->mu);
		if (i >= l->n)
			return NULL;
		l->fn(l->ctx, i);
	}
}

void pool_for(size_t n, unsigned threads, void (*fn)(void *ctx, size_t i), void *ctx)
{
	pool_loop l = { n, 0, fn, ctx, PTHREAD_MUTEX_INITIALIZER };
	pool p = POOL_INIT;
	if (threads == 0)
		threads = pool_cores(5);
	unsigned helpers = threads - 1;
	if (n > 0 && helpers > n - 1)
		helpers = (unsigned)(n - 1);
	if (n > 1)
		pool_start(&p, helpers, loop_worker, &l);
	loop_worker(&l);
	pool_join(&p);
	pthread_mutex_destroy(&l.mu);
}
