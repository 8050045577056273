/* The verification engine's pieces: cutting the signature out of a commit
 * exactly as libgit2 does (git_commit_extract_signature), the verdict on a
 * signature under a policy, and the cache of verified commits. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "ssh/allowed_signers.h"
#include "base/buf.h"
#include "ssh/sshkey.h"
#include "ssh/sshsig.h"
#include "testlib.h"
#include "trust/verify.h"

static git_repository *repo;
static char dir[64] = "/tmp/charter-test-verify-XXXXXX";
static unsigned char pk[32], sk[64];
static char policy[512];

#define EMPTY_TREE "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
#define HEAD "tree " EMPTY_TREE "\nauthor A <a@example.org> 1700000000 +0000\ncommitter A <a@example.org> 1700000000 +0000\n"

/* The armor of a native signature over `payload`, indented as a header
 * value ("\n " between lines, no final newline). */
static void header_armor(buf *out, const char *payload, const char *ns)
{
	buf armor = BUF_INIT;
	sshsig_sign_ed25519(&armor, sk, ns, payload, strlen(payload));
	while (armor.size && armor.ptr[armor.size - 1] == '\n')
		armor.ptr[--armor.size] = '\0';
	for (size_t i = 0; i < armor.size; i++) {
		buf_putc(out, armor.ptr[i]);
		if (armor.ptr[i] == '\n')
			buf_putc(out, ' ');
	}
	buf_free(&armor);
}

/* Write `raw` as a commit and compare our split with libgit2's. */
static void compare_split(const char *raw, const char *what)
{
	git_odb *odb = NULL;
	git_oid id;
	git_buf sig = { 0 }, data = { 0 };
	char *payload = NULL, *mysig = NULL;
	size_t payload_len = 0, sig_len = 0;
	CHECK(git_repository_odb(&odb, repo) == 0);
	CHECK(git_odb_write(&id, odb, raw, strlen(raw), GIT_OBJECT_COMMIT) == 0);
	int theirs = git_commit_extract_signature(&sig, &data, repo, &id, "gpgsig");
	CHECK(commit_split_signature(&payload, &payload_len, &mysig, &sig_len, raw, strlen(raw)) == 0);
	if (theirs == GIT_ENOTFOUND) {
		if (mysig)
			fprintf(stderr, "%s: libgit2 finds no signature, we do\n", what);
		CHECK(mysig == NULL);
		CHECK(payload_len == strlen(raw) && memcmp(payload, raw, payload_len) == 0);
	} else {
		CHECK(theirs == 0);
		if (!mysig || payload_len != data.size || memcmp(payload, data.ptr, payload_len) != 0)
			fprintf(stderr, "%s: payloads differ\n", what);
		CHECK(mysig && payload_len == data.size && memcmp(payload, data.ptr, payload_len) == 0);
		/* The same signature but for trailing newlines, which we drop. */
		size_t n = sig.size;
		while (n && sig.ptr[n - 1] == '\n')
			n--;
		CHECK(mysig && sig_len == n && memcmp(mysig, sig.ptr, n) == 0);
	}
	git_buf_dispose(&sig);
	git_buf_dispose(&data);
	git_odb_free(odb);
	free(payload);
	free(mysig);
}

static void test_split(void)
{
	const char *payload = HEAD "\nAn adoption\n";
	buf raw = BUF_INIT, h = BUF_INIT;

	compare_split(payload, "unsigned");
	header_armor(&h, payload, "git");
	buf_printf(&raw, HEAD "gpgsig %s\n\nAn adoption\n", h.ptr);
	compare_split(raw.ptr, "signed");
	/* A stray indented blank line after the armor (older libgit2 writers). */
	buf_clear(&raw);
	buf_printf(&raw, HEAD "gpgsig %s\n \n\nAn adoption\n", h.ptr);
	compare_split(raw.ptr, "stray line");
	/* Other headers with continuation lines stay in the payload. */
	buf_clear(&raw);
	buf_printf(&raw, HEAD "mergetag object " EMPTY_TREE "\n type commit\n tag x\n \n message\n"
		"gpgsig %s\nencoding UTF-8\n\nAn adoption\n", h.ptr);
	compare_split(raw.ptr, "mergetag and encoding");
	/* A header that only starts like gpgsig. */
	compare_split(HEAD "gpgsigx y\n z\n\nAn adoption\n", "gpgsigx");

	/* A genuine signature moved into the message: libgit2 1.5's
	 * git_commit_extract_signature reads past the headers and would find
	 * it (the payload it gives is then the genuine one); git and charter
	 * see an unsigned commit. */
	buf_clear(&raw);
	buf_printf(&raw, "%sgpgsig %s\n", payload, h.ptr);
	char *pay = NULL, *sig = NULL;
	size_t pay_len = 0, sig_len = 0;
	CHECK(commit_split_signature(&pay, &pay_len, &sig, &sig_len, raw.ptr, raw.size) == 0);
	CHECK(sig == NULL && pay_len == raw.size);
	free(pay);
	free(sig);
	buf_free(&raw);
	buf_free(&h);
}

static charter_verify_reason verdict(const char *payload, const char *sign_payload, const char *ns,
	const char *pol, int64_t when, const char *own, char *principal_out)
{
	buf armor = BUF_INIT;
	allowed_signers as = ALLOWED_SIGNERS_INIT;
	verify_entry e;
	memset(&e, 0, sizeof(e));
	sshsig_sign_ed25519(&armor, sk, ns, sign_payload, strlen(sign_payload));
	if (pol)
		allowed_signers_parse(&as, pol, strlen(pol));
	int rc = verify_signature(&e, armor.ptr, armor.size, payload, strlen(payload), when, pol ? &as : NULL,
		pol, pol ? strlen(pol) : 0, own, own ? strlen(own) : 0);
	CHECK(rc == 0);
	if (principal_out)
		snprintf(principal_out, 64, "%s", e.principal ? e.principal : "");
	if (e.reason != CHARTER_VERIFY_OK)
		CHECK(e.detail[0] != '\0');
	CHECK(strncmp(e.fingerprint, "SHA256:", 7) == 0);
	free(e.principal);
	allowed_signers_free(&as);
	buf_free(&armor);
	return e.reason;
}

static void test_verdicts(void)
{
	const char *p = HEAD "\nAn adoption\n";
	char principal[64], windowed[600], other[200];
	CHECK(verdict(p, p, "git", policy, 1700000000, NULL, principal) == CHARTER_VERIFY_OK);
	CHECK_STR("officer@example.org", principal);
	CHECK(verdict(p, HEAD "\nAnother text\n", "git", policy, 1700000000, NULL, NULL) == CHARTER_VERIFY_BAD_SIGNATURE);
	CHECK(verdict(p, p, "file", policy, 1700000000, NULL, NULL) == CHARTER_VERIFY_WRONG_NAMESPACE);
	snprintf(other, sizeof(other), "%s", "other@example.org ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHo5GzRkKXeMZB43oSFKCkM1uOhpT8n+dHh8HYYmdH6A\n");
	CHECK(verdict(p, p, "git", other, 1700000000, NULL, NULL) == CHARTER_VERIFY_UNKNOWN_KEY);
	CHECK(verdict(p, p, "git", NULL, 1700000000, NULL, NULL) == CHARTER_VERIFY_UNKNOWN_KEY);
	CHECK(verdict(p, p, "git", other, 1700000000, policy, NULL) == CHARTER_VERIFY_SELF_AUTHORIZED);
	/* Validity windows against the signing time (2023-11-14). */
	snprintf(windowed, sizeof(windowed), "officer@example.org namespaces=\"git\",valid-before=\"20230101Z\" %.*s",
		(int)strcspn(strchr(policy, ' ') + strlen(" namespaces=\"git\" "), "\n"),
		strchr(policy, ' ') + strlen(" namespaces=\"git\" "));
	CHECK(verdict(p, p, "git", windowed, 1700000000, NULL, NULL) == CHARTER_VERIFY_KEY_EXPIRED);
	CHECK(verdict(p, p, "git", windowed, 1600000000, NULL, NULL) == CHARTER_VERIFY_OK);
	snprintf(windowed, sizeof(windowed), "officer@example.org namespaces=\"git\",valid-after=\"20240101Z\" %s",
		strchr(policy, ' ') + strlen(" namespaces=\"git\" "));
	CHECK(verdict(p, p, "git", windowed, 1700000000, NULL, NULL) == CHARTER_VERIFY_KEY_NOT_YET_VALID);
	CHECK(verdict(p, p, "git", windowed, 1710000000, NULL, NULL) == CHARTER_VERIFY_OK);
	/* Listed, but only for another namespace. */
	snprintf(windowed, sizeof(windowed), "officer@example.org namespaces=\"file\" %s", strchr(policy, ' ') + strlen(" namespaces=\"git\" "));
	CHECK(verdict(p, p, "git", windowed, 1700000000, NULL, NULL) == CHARTER_VERIFY_WRONG_NAMESPACE);

	verify_entry e;
	memset(&e, 0, sizeof(e));
	CHECK(verify_signature(&e, NULL, 0, p, strlen(p), 1700000000, NULL, NULL, 0, NULL, 0) == 0);
	CHECK(e.reason == CHARTER_VERIFY_UNSIGNED);
	CHECK(verify_signature(&e, "junk", 4, p, strlen(p), 1700000000, NULL, NULL, 0, NULL, 0) == 0);
	CHECK(e.reason == CHARTER_VERIFY_MALFORMED);
	free(e.principal);
}

static void test_cache(void)
{
	trust_cache c, back;
	verify_entry entries[3];
	bool found = false;
	memset(&c, 0, sizeof(c));
	memset(entries, 0, sizeof(entries));
	for (int i = 0; i < 3; i++) {
		memset(&entries[i].id, i + 1, sizeof(entries[i].id));
		snprintf(entries[i].fingerprint, sizeof(entries[i].fingerprint), "SHA256:fp%d", i);
		entries[i].principal = i == 1 ? NULL : strdup(i ? "b@example.org" : "a b@example.org");
	}
	git_oid_cpy(&c.tip, &entries[2].id);
	git_oid_cpy(&c.root, &entries[0].id);
	memset(&c.policy, 9, sizeof(c.policy));
	c.has_policy = true;
	c.count = 3;
	verify_entry tag;
	memset(&tag, 0, sizeof(tag));
	tag.tag = "convention/c1";
	tag.principal = "a@example.org";
	snprintf(tag.fingerprint, sizeof(tag.fingerprint), "SHA256:t");
	memset(&tag.id, 7, sizeof(tag.id));
	c.tags = &tag;
	c.ntags = 1;
	trust_cache_write(dir, &c, 0, 0, entries, 3);
	CHECK(c.log_lines == 3 && c.log_bytes > 0);
	CHECK(trust_cache_read(&back, &found, dir) == 0 && found);
	CHECK(found && git_oid_equal(&back.tip, &c.tip) && git_oid_equal(&back.root, &c.root) &&
		git_oid_equal(&back.policy, &c.policy) && back.has_policy && back.count == 3 && back.log_lines == 3);
	CHECK(found && back.ntags == 1 && strcmp(back.tags[0].tag, "convention/c1") == 0 &&
		strcmp(back.tags[0].principal, "a@example.org") == 0 && git_oid_equal(&back.tags[0].id, &tag.id));
	verify_entry log[3];
	memset(log, 0, sizeof(log));
	CHECK(trust_cache_read_log(log, &back, dir) == 0);
	CHECK_STR("a b@example.org", log[0].principal);
	CHECK(log[1].principal == NULL);
	CHECK_STR("SHA256:fp2", log[2].fingerprint);
	CHECK(log[2].cached && git_oid_equal(&log[2].id, &c.tip));
	for (int i = 0; i < 3; i++)
		free(log[i].principal);

	/* Appending keeps the old lines. */
	c.tags = NULL;
	c.ntags = 0;
	verify_entry more;
	memset(&more, 0, sizeof(more));
	memset(&more.id, 4, sizeof(more.id));
	git_oid_cpy(&c.tip, &more.id);
	c.count = 4;
	trust_cache_write(dir, &c, back.log_lines, back.log_bytes, &more, 1);
	trust_cache_free(&back);
	CHECK(trust_cache_read(&back, &found, dir) == 0 && found && back.count == 4 && back.log_lines == 4);
	verify_entry log4[4];
	memset(log4, 0, sizeof(log4));
	CHECK(trust_cache_read_log(log4, &back, dir) == 0);
	CHECK(git_oid_equal(&log4[3].id, &more.id) && log4[3].principal == NULL);
	CHECK_STR("b@example.org", log4[2].principal);
	for (int i = 0; i < 4; i++)
		free(log4[i].principal);
	trust_cache_free(&back);

	/* Anything odd: no cache. */
	char path[128];
	snprintf(path, sizeof(path), "%s/charter/verified", dir);
	FILE *f = fopen(path, "w");
	fputs("charter-verified 1\ntip 0101\nend\n", f);
	fclose(f);
	CHECK(trust_cache_read(&back, &found, dir) == 0 && !found);
	for (int i = 0; i < 3; i++)
		free(entries[i].principal);
}

static void test_oidset(void)
{
	oidset s = HSET_INIT;
	git_oid id;
	for (int i = 0; i < 1000; i++) {
		memset(&id, 0, sizeof(id));
		memcpy(id.id, &i, sizeof(i));
		CHECK(oidset_add(&s, &id) == 0);
	}
	CHECK(s.count == 1000);
	memset(&id, 0, sizeof(id));
	int k = 777;
	memcpy(id.id, &k, sizeof(k));
	CHECK(oidset_has(&s, &id));
	k = 1777;
	memcpy(id.id, &k, sizeof(k));
	CHECK(!oidset_has(&s, &id));
	oidset_free(&s);
}

int main(void)
{
	if (charter_init() < 0 || !mkdtemp(dir) || git_repository_init(&repo, dir, 1) < 0) {
		fprintf(stderr, "setup failed\n");
		return 1;
	}
	crypto_sign_keypair(pk, sk);
	buf line = BUF_INIT, blob = BUF_INIT;
	sshbuf_put_cstring(&blob, SSHKEY_ED25519);
	sshbuf_put_string(&blob, pk, 32);
	sshkey_pub key = SSHKEY_PUB_INIT;
	sshkey_pub_from_blob(&key, (const unsigned char *)blob.ptr, blob.size);
	sshkey_pub_format(&line, &key);
	snprintf(policy, sizeof(policy), "officer@example.org namespaces=\"git\" %s\n", line.ptr);
	sshkey_pub_free(&key);
	buf_free(&line);
	buf_free(&blob);

	test_split();
	test_verdicts();
	test_cache();
	test_oidset();

	git_repository_free(repo);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	return TEST_DONE();
}
