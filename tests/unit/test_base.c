/* The base primitives: the arena, the hash and the hash set, the growth helper (its overflow check included), the sort of ids, the thread pool. */
#include <pthread.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/grow.h"
#include "base/hash.h"
#include "base/internal.h"
#include "base/pool.h"
#include "base/sort.h"

#include "testlib.h"

static void test_arena(void)
{
	arena a = ARENA_INIT;
	char *p[1000];
	for (int i = 0; i < 1000; i++) {
		p[i] = arena_alloc(&a, (size_t)i % 40 + 1);
		CHECK(p[i] != NULL && (uintptr_t)p[i] % _Alignof(max_align_t) == 0);
		CHECK(p[i][0] == 0 && p[i][i % 40] == 0); /* zeroed */
		memset(p[i], 'x', (size_t)i % 40 + 1);
	}
	/* Earlier blocks are untouched by later ones. */
	CHECK(p[0][0] == 'x' && p[999][999 % 40] == 'x');
	/* A block larger than a chunk, then small ones again. */
	unsigned char *big = arena_alloc(&a, 1 << 20);
	CHECK(big && big[0] == 0 && big[(1 << 20) - 1] == 0);
	char *s = arena_strndup(&a, "hello, world", 5);
	CHECK_STR("hello", s);
	int nums[3] = { 1, 2, 3 };
	int *d = arena_dup(&a, nums, 3, sizeof(int));
	CHECK(d && d[0] == 1 && d[2] == 3);
	CHECK(arena_dup(&a, NULL, 0, sizeof(int)) != NULL);
	/* Sizes that overflow are refused with an error, not wrapped. */
	CHECK(arena_alloc(&a, SIZE_MAX - 8) == NULL);
	CHECK(strstr(charter_error_last(), "out of memory") != NULL);
	CHECK(arena_dup(&a, nums, SIZE_MAX / 2, 4) == NULL);
	arena_free(&a);
	CHECK(a.head == NULL);
	arena_free(&a); /* twice is harmless */
}

static void test_hash(void)
{
	/* Stable values: the same bytes hash the same on every run. */
	CHECK(hash_bytes("", 0) == hash_bytes("", 0));
	CHECK(hash_bytes("abc", 3) == hash_bytes("abcd", 3));
	CHECK(hash_bytes("abc", 3) != hash_bytes("abd", 3));
	CHECK(hash_bytes("a", 1) != hash_bytes("b", 1));

	hset s = HSET_INIT;
	uint32_t id;
	int added;
	CHECK(hset_find(&s, "x", 1) == HSET_NONE);
	CHECK(hset_intern(&s, &id, "preamble", 8, &added) == 0 && id == 0 && added);
	CHECK(hset_intern(&s, &id, "purpose", 7, &added) == 0 && id == 1 && added);
	CHECK(hset_intern(&s, &id, "preamble", 8, &added) == 0 && id == 0 && !added);
	CHECK(hset_intern(&s, &id, "pre", 3, NULL) == 0 && id == 2); /* a prefix is another key */
	CHECK(hset_intern(&s, &id, "", 0, NULL) == 0 && id == 3);
	CHECK(hset_intern(&s, &id, "a\0b", 3, NULL) == 0 && id == 4); /* bytes, not C strings */
	CHECK(hset_find(&s, "a", 1) == HSET_NONE);
	/* Many keys: the table grows and every id stays its key's. */
	char key[32];
	for (int i = 0; i < 5000; i++) {
		int n = snprintf(key, sizeof(key), "section-%d", i);
		CHECK(hset_intern(&s, &id, key, (size_t)n, &added) == 0 && id == (uint32_t)i + 5 && added);
	}
	CHECK(s.count == 5005);
	size_t len;
	for (int i = 0; i < 5000; i += 7) {
		int n = snprintf(key, sizeof(key), "section-%d", i);
		CHECK(hset_find(&s, key, (size_t)n) == (uint32_t)i + 5);
		CHECK_STR(key, hset_key(&s, (uint32_t)i + 5, &len));
		CHECK(len == (size_t)n);
	}
	CHECK_STR("purpose", hset_key(&s, 1, NULL));
	CHECK(hset_find(&s, "section-5000", 12) == HSET_NONE);
	hset_free(&s);
	CHECK(s.count == 0 && hset_find(&s, "preamble", 8) == HSET_NONE);
}

static void test_grow(void)
{
	int *a = NULL;
	size_t cap = 0;
	for (size_t i = 0; i < 1000; i++) {
		CHECK(GROW(a, cap, i + 1) == 0);
		a[i] = (int)i;
	}
	CHECK(cap >= 1000 && (cap & (cap - 1)) == 0 && a[999] == 999 && a[0] == 0);
	size_t before = cap;
	CHECK(GROW(a, cap, 10) == 0 && cap == before); /* room already: nothing moves */
	/* Overflow: refused with an error, the array and its capacity kept. */
	int *keep = a;
	CHECK(GROW(a, cap, SIZE_MAX / 2) == CHARTER_ERROR);
	CHECK(a == keep && cap == before && a[999] == 999);
	CHECK(strstr(charter_error_last(), "out of memory") != NULL);
	CHECK(grow_array(&a, &cap, SIZE_MAX, 1) == CHARTER_ERROR && a == keep);
	CHECK(grow_array(&a, &cap, (SIZE_MAX / sizeof(int)) + 2, sizeof(int)) == CHARTER_ERROR && a == keep);
	free(a);

	/* Exact: no capacity, resized to what is asked. */
	char **list = NULL;
	for (size_t n = 0; n < 10; n++) {
		CHECK(GROW_EXACT(list, n + 1) == 0);
		list[n] = NULL;
	}
	CHECK(GROW_EXACT(list, SIZE_MAX / 4) == CHARTER_ERROR && list != NULL);
	free(list);
}

typedef struct {
	pthread_mutex_t mu;
	int started;
	unsigned char seen[10000];
} pool_ctx;

static void *count_start(void *arg)
{
	pool_ctx *c = arg;
	pthread_mutex_lock(&c->mu);
	c->started++;
	pthread_mutex_unlock(&c->mu);
	return NULL;
}

static int u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

/* sort_u32 against qsort on random arrays of every length up to 300, with
 * few distinct values (many repeats), many, sorted and reversed runs. */
static void test_sort(void)
{
	uint32_t a[300], b[300];
	uint64_t r = 12345;
	bool all = true;
	for (size_t n = 0; n <= 300; n++) {
		for (int shape = 0; shape < 4; shape++) {
			for (size_t i = 0; i < n; i++) {
				r = r * 6364136223846793005ull + 1442695040888963407ull;
				uint32_t x = (uint32_t)(r >> 33);
				a[i] = shape == 0 ? x % 5 : shape == 1 ? x : shape == 2 ? (uint32_t)i : (uint32_t)(n - i);
			}
			memcpy(b, a, n * sizeof(*a));
			sort_u32(a, n);
			qsort(b, n, sizeof(*b), u32_cmp);
			all &= memcmp(a, b, n * sizeof(*a)) == 0;
		}
	}
	CHECK(all);
	uint32_t big[5] = { UINT32_MAX, 0, UINT32_MAX, 7, 0 };
	sort_u32(big, 5);
	CHECK(big[0] == 0 && big[1] == 0 && big[2] == 7 && big[3] == UINT32_MAX && big[4] == UINT32_MAX);
}

static void mark(void *ctx, size_t i)
{
	pool_ctx *c = ctx;
	c->seen[i]++; /* each i once: no lock needed, and a double run shows as 2 */
}

static void test_pool(void)
{
	unsigned cores = pool_cores(POOL_MAX);
	CHECK(cores >= 1 && cores <= POOL_MAX);
	CHECK(pool_cores(1) == 1);

	pool_ctx c;
	memset(&c, 0, sizeof(c));
	pthread_mutex_init(&c.mu, NULL);
	pool p = POOL_INIT;
	unsigned n = pool_start(&p, 3, count_start, &c);
	CHECK(n <= 3);
	pool_join(&p);
	CHECK(c.started == (int)n && p.n == 0);
	/* Never more than POOL_MAX threads. */
	n = pool_start(&p, POOL_MAX + 5, count_start, &c);
	CHECK(n <= POOL_MAX);
	pool_join(&p);

	for (unsigned threads = 0; threads <= 4; threads++) {
		memset(c.seen, 0, sizeof(c.seen));
		pool_for(10000, threads, mark, &c);
		int once = 1;
		for (size_t i = 0; i < 10000; i++)
			once &= c.seen[i] == 1;
		CHECK(once);
	}
	pool_for(0, 0, mark, &c); /* nothing to do */
	memset(c.seen, 0, sizeof(c.seen));
	pool_for(1, 0, mark, &c);
	CHECK(c.seen[0] == 1 && c.seen[1] == 0);
	pthread_mutex_destroy(&c.mu);
}

int main(void)
{
	test_arena();
	test_hash();
	test_grow();
	test_sort();
	test_pool();
	return TEST_DONE();
}
