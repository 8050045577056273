/* The one thread pool: helper threads running one function, and a parallel loop on top. */
#ifndef CHARTER_POOL_H
#define CHARTER_POOL_H

#include <pthread.h>
#include <stddef.h>

#define POOL_MAX 8

typedef struct {
	pthread_t threads[POOL_MAX];
	unsigned n;
} pool;

#define POOL_INIT { { 0 }, 0 }

/* The online cores, at least 1 and at most `max`. */
unsigned pool_cores(unsigned max);

/* Start up to `n` (at most POOL_MAX in all) helper threads, each running
 * fn(arg). Threads that cannot be started are not: the caller's own
 * thread must be able to do all the work. The number now running. */
unsigned pool_start(pool *p, unsigned n, void *(*fn)(void *), void *arg);

/* Wait for every helper thread to return. */
void pool_join(pool *p);

/* Run fn(ctx, i) for every i in [0, n): on up to `threads` threads in all
 * (the caller's included; 0: one per core, at most 5), each taking the
 * next i until none is left. */
void pool_for(size_t n, unsigned threads, void (*fn)(void *ctx, size_t i), void *ctx);

#endif
