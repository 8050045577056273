/* The history index's internals: SHA-1 (for git's commit-graph checksum),
 * reading a commit-graph git wrote, line splitting, and word attribution
 * through a replay of a small store built here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cache/cache.h"
#include "testlib.h"

static void hex(char out[41], const uint8_t sum[20])
{
	for (int i = 0; i < 20; i++)
		sprintf(out + 2 * i, "%02x", sum[i]);
}

static void sha1_vectors(void)
{
	uint8_t sum[20];
	char h[41];
	cache_sha1(sum, "", 0);
	hex(h, sum);
	CHECK_STR("da39a3ee5e6b4b0d3255bfef95601890afd80709", h);
	cache_sha1(sum, "abc", 3);
	hex(h, sum);
	CHECK_STR("a9993e364706816aba3e25717850c26c9cd0d89d", h);
	const char *v = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	cache_sha1(sum, v, strlen(v));
	hex(h, sum);
	CHECK_STR("84983e441c3bd26ebaae4aa1f95129e5e54670f1", h);
	char *a = malloc(1000000);
	memset(a, 'a', 1000000);
	cache_sha1(sum, a, 1000000);
	hex(h, sum);
	CHECK_STR("34aa973cd4c4daa4f61eeb2bdbad27316534016f", h);
	/* lengths around the padding boundary */
	cache_sha1(sum, a, 55);
	hex(h, sum);
	CHECK_STR("c1c8bbdc22796e28c0e15163d20899b65621d65a", h);
	cache_sha1(sum, a, 56);
	hex(h, sum);
	CHECK_STR("c2db330f6083854c99d4b5bfb6e8f29f201be699", h);
	cache_sha1(sum, a, 64);
	hex(h, sum);
	CHECK_STR("0098ba824b5c16427bd7a1122a5a442a25ec644d", h);
	free(a);
}

static void split_lines(void)
{
	cache_line *l = NULL;
	uint32_t n = 0;
	CHECK(cache_split_lines(&l, &n, "# T\n\npara\n", 10) == 0);
	CHECK(n == 3);
	CHECK(n == 3 && l[0].len == 3 && l[1].len == 0 && l[2].len == 4 && memcmp(l[2].text, "para", 4) == 0);
	free(l);
	CHECK(cache_split_lines(&l, &n, "no newline", 10) == 0);
	CHECK(n == 1 && l[0].len == 10);
	free(l);
	CHECK(cache_split_lines(&l, &n, "", 0) == 0);
	CHECK(n == 0);
	free(l);
}

static int sh(const char *cmd)
{
	return system(cmd);
}

/* A commit-graph written by git: every commit found, trees and parents right. */
static void commit_graph(const char *dir)
{
	char cmd[2048];
	snprintf(cmd, sizeof(cmd),
		"set -e; cd '%s'; git init -q -b main g; cd g; "
		"git -c user.name=T -c user.email=t@example.org commit -q --allow-empty -m one; "
		"for i in 2 3 4 5 6 7 8 9 10; do echo $i >f; git add f; "
		"git -c user.name=T -c user.email=t@example.org commit -q -m c$i; done; "
		"git commit-graph write --reachable --changed-paths >/dev/null 2>&1", dir);
	CHECK(sh(cmd) == 0);
	char path[1024];
	snprintf(path, sizeof(path), "%s/g", dir);
	git_repository *repo = NULL;
	CHECK(git_repository_open(&repo, path) == 0);
	if (!repo)
		return;
	cache_graph *g = NULL;
	CHECK(cache_graph_open(&g, repo) == 0);
	CHECK(g && cache_graph_verified(g));
	git_oid id;
	CHECK(git_reference_name_to_id(&id, repo, "refs/heads/main") == 0);
	int seen = 0, maybe_f = 0, maybe_other = 0;
	cache_bloom_key kf, kother, kdir;
	cache_bloom_key_init(&kf, "f");
	cache_bloom_key_init(&kother, "sections/never-there.md");
	cache_bloom_key_init(&kdir, "sections");
	for (; g && seen < 20; seen++) {
		uint32_t pos, parent;
		git_oid got, tree;
		git_commit *c = NULL;
		CHECK(cache_graph_find(&pos, g, &id) == 0);
		CHECK(cache_graph_commit(&got, &tree, &parent, g, pos) == 0);
		CHECK(git_oid_equal(&got, &id));
		CHECK(git_commit_lookup(&c, repo, &id) == 0);
		CHECK(c && git_oid_equal(&tree, git_commit_tree_id(c)));
		bool root = c && git_commit_parentcount(c) == 0;
		CHECK(root == (parent == IDX_NONE));
		/* every commit but the root changed f: the filter must say maybe */
		int bf = cache_graph_bloom(g, pos, &kf);
		if (!root)
			CHECK(bf == 1);
		maybe_f += bf == 1;
		maybe_other += cache_graph_bloom(g, pos, &kother) == 1;
		CHECK(root || cache_graph_bloom(g, pos, &kdir) == 0);
		if (!root && c) {
			git_oid pid, ptree;
			uint32_t pp;
			CHECK(cache_graph_commit(&pid, &ptree, &pp, g, parent) == 0);
			CHECK(git_oid_equal(&pid, git_commit_parent_id(c, 0)));
			git_oid_cpy(&id, &pid);
		}
		git_commit_free(c);
		if (root)
			break;
	}
	CHECK(seen == 9);
	CHECK(maybe_f >= 9);
	CHECK(maybe_other <= 2); /* false positives are rare */
	/* an object that is not in the graph */
	git_oid zero;
	uint32_t pos;
	memset(&zero, 0x5a, sizeof(zero));
	CHECK(g && cache_graph_find(&pos, g, &zero) < 0);
	cache_graph_free(g);
	/* a flipped byte: the checksum no longer matches, the graph is ignored */
	snprintf(cmd, sizeof(cmd), "cd '%s/g/.git/objects/info' && chmod u+w commit-graph && "
		"printf 'X' | dd of=commit-graph bs=1 seek=200 conv=notrunc status=none", dir);
	CHECK(sh(cmd) == 0);
	g = NULL;
	CHECK(cache_graph_open(&g, repo) < 0 || !cache_graph_verified(g));
	cache_graph_free(g);
	git_repository_free(repo);
}

int main(void)
{
	char tmpl[] = "/tmp/charter-test-index.XXXXXX";
	char *dir = mkdtemp(tmpl);
	charter_init();
	sha1_vectors();
	split_lines();
	if (dir) {
		commit_graph(dir);
		char cmd[1024];
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		sh(cmd);
	}
	return TEST_DONE();
}
