/* Work on helper threads over one store: each thread reads through a store
 * (a repository) of its own, since libgit2's objects are not to be shared
 * between threads. */
#ifndef CHARTER_STORE_POOL_H
#define CHARTER_STORE_POOL_H

#include <stddef.h>

#include "base/pool.h"
#include "store/store.h"

/* One item: `store` is the thread's, `slot` (< POOL_MAX) names it, for
 * state the caller keeps per store. 0 or a negative code. */
typedef int store_job_fn(void *ctx, charter_store *store, unsigned slot, size_t i);

/* fn(ctx, store, slot, i) for every i in [0, n) on up to `threads`
 * threads in all (0: one per core, at most 5), the caller's with
 * `store` itself (slot 0), the others with stores opened on its git
 * directory. The failure of the lowest i, with its message, as a loop in
 * order would report it (items after a failure may be left undone). */
int store_for(charter_store *store, size_t n, unsigned threads, store_job_fn *fn, void *ctx);

#endif
