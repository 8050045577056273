/* git's commit-graph files (objects/info/commit-graph, or a chain in
 * objects/info/commit-graphs/), read for the first-parent line of main: the
 * root tree and first parent of a commit without inflating the commit.
 * libgit2 1.5 reads these files only for its own revwalk and does not
 * expose them, so this reads the documented format (gitformat-commit-graph).
 *
 * The file is a cache git keeps. Its checksum (SHA-1 of the file) is
 * checked (on another thread, while the walk uses it) and a graph that does
 * not parse, or whose checksum is wrong, is ignored; the tree and first parent of every commit whose message is read
 * later are checked against it too. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/pool.h"
#include "cache/cache.h"

#define GRAPH_PARENT_NONE 0x70000000u
#define MAX_LAYERS 64

typedef struct {
	const uint8_t *map;
	size_t len;
	pool checker;          /* computing the checksum meanwhile */
	bool sum_ok;
	const uint8_t *fanout; /* 256 x u32 BE */
	const uint8_t *oids;   /* n x 20 */
	const uint8_t *cdat;   /* n x 36 */
	const uint8_t *bidx;   /* n x u32 BE: end of each filter in bdat; NULL: no filters */
	const uint8_t *bdat;   /* the filters (after BDAT's 12-byte header) */
	uint64_t bdat_len;
	uint32_t nhashes;
	uint32_t n;
	uint32_t base;         /* global position of its first commit */
} graph_layer;

struct cache_graph {
	graph_layer layer[MAX_LAYERS];
	int nlayers;
	uint32_t total;
};

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint64_t be64(const uint8_t *p)
{
	return (uint64_t)be32(p) << 32 | be32(p + 4);
}

/* SHA-1, only to check the checksum git writes at the end of a graph file
 * (libgit2 and libsodium expose none): an integrity check of a cache, as
 * git's own `commit-graph verify` does, not a security measure. */
typedef struct {
	uint32_t h[5];
	uint64_t len;
	uint8_t block[64];
	size_t used;
} sha1_ctx;

static uint32_t rol(uint32_t x, int n)
{
	return x << n | x >> (32 - n);
}

static void sha1_block(sha1_ctx *c, const uint8_t *p)
{
	uint32_t w[80], a = c->h[0], b = c->h[1], d = c->h[3], e = c->h[4], cc = c->h[2];
	for (int i = 0; i < 16; i++)
		w[i] = be32(p + 4 * i);
	for (int i = 16; i < 80; i++)
		w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
	for (int i = 0; i < 80; i++) {
		uint32_t f, k;
		if (i < 20)
			f = (b & cc) | (~b & d), k = 0x5A827999;
		else if (i < 40)
			f = b ^ cc ^ d, k = 0x6ED9EBA1;
		else if (i < 60)
			f = (b & cc) | (b & d) | (cc & d), k = 0x8F1BBCDC;
		else
			f = b ^ cc ^ d, k = 0xCA62C1D6;
		uint32_t t = rol(a, 5) + f + e + k + w[i];
		e = d, d = cc, cc = rol(b, 30), b = a, a = t;
	}
	c->h[0] += a, c->h[1] += b, c->h[2] += cc, c->h[3] += d, c->h[4] += e;
}

void cache_sha1(uint8_t out[20], const void *data, size_t n)
{
	const uint8_t *p = data;
	sha1_ctx c = { { 0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0 }, 0, { 0 }, 0 };
	uint64_t bits = (uint64_t)n * 8;
	for (; n >= 64; p += 64, n -= 64)
		sha1_block(&c, p);
	uint8_t last[128] = { 0 };
	memcpy(last, p, n);
	last[n] = 0x80;
	size_t total = n + 9 <= 64 ? 64 : 128;
	for (int i = 0; i < 8; i++)
		last[total - 1 - i] = (uint8_t)(bits >> (8 * i));
	sha1_block(&c, last);
	if (total == 128)
		sha1_block(&c, last + 64);
	for (int i = 0; i < 5; i++) {
		out[4 * i] = (uint8_t)(c.h[i] >> 24);
		out[4 * i + 1] = (uint8_t)(c.h[i] >> 16);
		out[4 * i + 2] = (uint8_t)(c.h[i] >> 8);
		out[4 * i + 3] = (uint8_t)c.h[i];
	}
}

static void *check_sum(void *arg)
{
	graph_layer *l = arg;
	uint8_t sum[20];
	cache_sha1(sum, l->map, l->len - 20);
	l->sum_ok = memcmp(sum, l->map + l->len - 20, 20) == 0;
	return NULL;
}

static void layer_join(graph_layer *l)
{
	pool_join(&l->checker);
}

bool cache_graph_verified(cache_graph *g)
{
	bool ok = true;
	for (int i = 0; i < g->nlayers; i++) {
		layer_join(&g->layer[i]);
		ok = ok && g->layer[i].sum_ok;
	}
	return ok;
}

/* Map and check one graph file. */
static int layer_open(graph_layer *l, const char *path)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	memset(l, 0, sizeof(*l));
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || st.st_size < 8 + 12 || (uint64_t)st.st_size > ((uint64_t)1 << 34)) {
		close(fd);
		return -1;
	}
	void *map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return -1;
	l->map = map;
	l->len = (size_t)st.st_size;
	const uint8_t *p = l->map;
	/* "CGPH", version 1, SHA-1, chunk count, base count */
	if (memcmp(p, "CGPH", 4) != 0 || p[4] != 1 || p[5] != 1)
		return -1;
	unsigned nchunks = p[6];
	if (8 + (size_t)(nchunks + 1) * 12 > l->len)
		return -1;
	uint64_t oidf = 0, oidl = 0, cdat = 0, oidl_end = 0, cdat_end = 0, bidx = 0, bidx_end = 0, bdat = 0,
		 bdat_end = 0;
	for (unsigned i = 0; i < nchunks; i++) {
		const uint8_t *c = p + 8 + (size_t)i * 12;
		uint64_t off = be64(c + 4), next = be64(c + 16);
		if (off > l->len || next > l->len || next < off)
			return -1;
		if (memcmp(c, "OIDF", 4) == 0)
			oidf = off;
		else if (memcmp(c, "OIDL", 4) == 0)
			oidl = off, oidl_end = next;
		else if (memcmp(c, "CDAT", 4) == 0)
			cdat = off, cdat_end = next;
		else if (memcmp(c, "BIDX", 4) == 0)
			bidx = off, bidx_end = next;
		else if (memcmp(c, "BDAT", 4) == 0)
			bdat = off, bdat_end = next;
	}
	if (!oidf || !oidl || !cdat || oidf + 256 * 4 > l->len)
		return -1;
	l->fanout = p + oidf;
	l->n = be32(l->fanout + 255 * 4);
	for (int i = 1; i < 256; i++)
		if (be32(l->fanout + i * 4) < be32(l->fanout + (i - 1) * 4))
			return -1;
	if (oidl_end - oidl < (uint64_t)l->n * 20 || cdat_end - cdat < (uint64_t)l->n * 36)
		return -1;
	l->oids = p + oidl;
	l->cdat = p + cdat;
	/* Changed-path Bloom filters (git commit-graph write --changed-paths):
	 * murmur3 versions 1 and 2 agree on the ASCII paths charter asks about. */
	if (bidx && bdat && bidx_end - bidx >= (uint64_t)l->n * 4 && bdat_end - bdat >= 12) {
		uint32_t version = be32(p + bdat), nhashes = be32(p + bdat + 4);
		if ((version == 1 || version == 2) && nhashes > 0 && nhashes <= 32) {
			l->bidx = p + bidx;
			l->bdat = p + bdat + 12;
			l->bdat_len = bdat_end - bdat - 12;
			l->nhashes = nhashes;
		}
	}
	if (l->len < 20 + 8)
		return -1;
	/* The file ends with the SHA-1 of everything before it: checked on
	 * another thread while the walk goes on (cache_graph_verified()). */
	if (pool_start(&l->checker, 1, check_sum, l) == 0)
		check_sum(l);
	return 0;
}

static void layer_close(graph_layer *l)
{
	layer_join(l);
	if (l->map)
		munmap((void *)l->map, l->len);
	l->map = NULL;
}

void cache_graph_free(cache_graph *g)
{
	if (!g)
		return;
	for (int i = 0; i < g->nlayers; i++)
		layer_close(&g->layer[i]);
	free(g);
}

int cache_graph_open(cache_graph **out, git_repository *repo)
{
	char path[4096];
	const char *gitdir = git_repository_path(repo);
	cache_graph *g = calloc(1, sizeof(*g));
	*out = NULL;
	if (!g)
		return -1;
	/* objects/ may live elsewhere (GIT_OBJECT_DIRECTORY, alternates):
	 * only the store's own objects/info is looked at. */
	snprintf(path, sizeof(path), "%sobjects/info/commit-graphs/commit-graph-chain", gitdir);
	FILE *chain = fopen(path, "r");
	if (chain) {
		char line[128];
		while (fgets(line, sizeof(line), chain) && g->nlayers < MAX_LAYERS) {
			line[strcspn(line, "\n")] = '\0';
			if (strlen(line) != 40 || strspn(line, "0123456789abcdef") != 40)
				break;
			snprintf(path, sizeof(path), "%sobjects/info/commit-graphs/graph-%s.graph", gitdir, line);
			if (layer_open(&g->layer[g->nlayers], path) < 0) {
				layer_close(&g->layer[g->nlayers]);
				break;
			}
			g->nlayers++;
		}
		fclose(chain);
	} else {
		snprintf(path, sizeof(path), "%sobjects/info/commit-graph", gitdir);
		if (layer_open(&g->layer[0], path) == 0)
			g->nlayers = 1;
		else
			layer_close(&g->layer[0]);
	}
	uint64_t total = 0;
	for (int i = 0; i < g->nlayers; i++) {
		g->layer[i].base = (uint32_t)total;
		total += g->layer[i].n;
	}
	if (g->nlayers == 0 || total >= GRAPH_PARENT_NONE) {
		cache_graph_free(g);
		return -1;
	}
	g->total = (uint32_t)total;
	*out = g;
	return 0;
}

int cache_graph_find(uint32_t *pos, const cache_graph *g, const git_oid *id)
{
	const unsigned char *raw = id->id;
	for (int i = g->nlayers; i-- > 0;) {
		const graph_layer *l = &g->layer[i];
		uint32_t lo = raw[0] ? be32(l->fanout + (raw[0] - 1) * 4) : 0;
		uint32_t hi = be32(l->fanout + raw[0] * 4);
		while (lo < hi) {
			uint32_t mid = lo + (hi - lo) / 2;
			int c = memcmp(l->oids + (size_t)mid * 20, raw, 20);
			if (c == 0) {
				*pos = l->base + mid;
				return 0;
			}
			if (c < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
	}
	return -1;
}

int cache_graph_commit(git_oid *oid, git_oid *tree, uint32_t *parent, const cache_graph *g, uint32_t pos)
{
	for (int i = g->nlayers; i-- > 0;) {
		const graph_layer *l = &g->layer[i];
		if (pos < l->base || pos - l->base >= l->n)
			continue;
		uint32_t local = pos - l->base;
		const uint8_t *c = l->cdat + (size_t)local * 36;
		git_oid_fromraw(oid, l->oids + (size_t)local * 20);
		git_oid_fromraw(tree, c);
		*parent = be32(c + 20);
		if (*parent != GRAPH_PARENT_NONE && *parent >= g->total)
			return -1;
		if (*parent == GRAPH_PARENT_NONE)
			*parent = IDX_NONE;
		return 0;
	}
	return -1;
}

/* ---- changed-path Bloom filters ---- */

static uint32_t rotl32(uint32_t x, int r)
{
	return x << r | x >> (32 - r);
}

/* murmur3 as git computes it (bloom.c) */
static uint32_t murmur3(uint32_t seed, const char *data, size_t len)
{
	const uint32_t c1 = 0xcc9e2d51, c2 = 0x1b873593;
	size_t n4 = len / 4;
	for (size_t i = 0; i < n4; i++) {
		const unsigned char *b = (const unsigned char *)data + 4 * i;
		uint32_t k = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
		k *= c1;
		k = rotl32(k, 15);
		k *= c2;
		seed ^= k;
		seed = rotl32(seed, 13) * 5 + 0xe6546b64;
	}
	const unsigned char *tail = (const unsigned char *)data + 4 * n4;
	uint32_t k1 = 0;
	switch (len & 3) {
	case 3:
		k1 ^= (uint32_t)tail[2] << 16;
		/* fall through */
	case 2:
		k1 ^= (uint32_t)tail[1] << 8;
		/* fall through */
	case 1:
		k1 ^= tail[0];
		k1 *= c1;
		k1 = rotl32(k1, 15);
		k1 *= c2;
		seed ^= k1;
	}
	seed ^= (uint32_t)len;
	seed ^= seed >> 16;
	seed *= 0x85ebca6b;
	seed ^= seed >> 13;
	seed *= 0xc2b2ae35;
	seed ^= seed >> 16;
	return seed;
}

void cache_bloom_key_init(cache_bloom_key *key, const char *path)
{
	size_t len = strlen(path);
	key->h0 = murmur3(0x293ae76f, path, len);
	key->h1 = murmur3(0x7e646e2c, path, len);
}

int cache_graph_bloom(const cache_graph *g, uint32_t pos, const cache_bloom_key *key)
{
	for (int i = g->nlayers; i-- > 0;) {
		const graph_layer *l = &g->layer[i];
		if (pos < l->base || pos - l->base >= l->n)
			continue;
		uint32_t local = pos - l->base;
		if (!l->bidx)
			return -1;
		uint64_t start = local ? be32(l->bidx + (size_t)(local - 1) * 4) : 0, end = be32(l->bidx + (size_t)local * 4);
		if (end < start || end > l->bdat_len || end == start)
			return -1;
		const uint8_t *f = l->bdat + start;
		uint64_t bits = (end - start) * 8;
		for (uint32_t h = 0; h < l->nhashes; h++) {
			uint64_t bit = (uint32_t)(key->h0 + h * key->h1) % bits;
			if (!(f[bit / 8] & (1u << (bit & 7))))
				return 0;
		}
		return 1;
	}
	return -1;
}
