/* SSH signatures against the real ssh-keygen: native Ed25519 signing must be
 * byte-identical to `ssh-keygen -Y sign`, each side must accept the other's
 * signatures, every way a signature can be wrong must get its own verdict,
 * and keys native signing cannot use must go through ssh-keygen. */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sodium.h>

#include "base/buf.h"
#include "ssh/sshkey.h"
#include "ssh/signer.h"
#include "ssh/sshsig.h"
#include "testlib.h"

static char sandbox[] = "/tmp/charter-test-sshsig-XXXXXX";

static const char payload[] =
	"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n"
	"author A U Thor <a@example.org> 1700000000 +0000\n"
	"committer A U Thor <a@example.org> 1700000000 +0000\n"
	"\n"
	"Adopt the founding text\n";

/* A path in the sandbox (static storage, a few in rotation). */
static const char *P(const char *name)
{
	static char paths[8][512];
	static int next;
	char *p = paths[next++ % 8];
	snprintf(p, 512, "%s/%s", sandbox, name);
	return p;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	buf b = BUF_INIT;
	char chunk[4096];
	size_t n;
	if (!f)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_put(&b, chunk, n);
	fclose(f);
	if (len)
		*len = b.size;
	buf_puts(&b, "");
	return buf_detach(&b);
}

static void spit(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f) {
		perror(path);
		exit(2);
	}
	fwrite(data, 1, len, f);
	fclose(f);
}

/* "type base64" of a .pub file (drop the comment). */
static char *pub_without_comment(const char *path)
{
	char *t = slurp(path, NULL);
	char *sp = t ? strchr(t, ' ') : NULL;
	if (sp && (sp = strchr(sp + 1, ' ')) != NULL)
		*sp = '\0';
	if (t)
		t[strcspn(t, "\n")] = '\0';
	return t;
}

static sshsig_verdict verdict_of(const char *armor, size_t len, const void *msg, size_t msg_len,
	const char *ns)
{
	sshsig_result r = SSHSIG_RESULT_INIT;
	int rc = sshsig_verify(&r, armor, len, msg, msg_len, ns);
	sshsig_verdict v = rc < 0 ? (sshsig_verdict)-1 : r.verdict;
	sshsig_result_free(&r);
	return v;
}

/* Decode the armor, let `edit` change the blob, armor it again. */
static char *rearmor(const char *armor, void (*edit)(buf *blob))
{
	unsigned char *bin;
	size_t n;
	buf blob = BUF_INIT, out = BUF_INIT;
	if (ssh_dearmor(&bin, &n, armor, strlen(armor), "SSH SIGNATURE", true) < 0)
		return NULL;
	buf_put(&blob, bin, n);
	free(bin);
	edit(&blob);
	ssh_armor(&out, (unsigned char *)blob.ptr, blob.size, "SSH SIGNATURE");
	buf_free(&blob);
	return buf_detach(&out);
}

static void edit_magic(buf *b) { b->ptr[0] = 'X'; }
static void edit_version(buf *b) { b->ptr[9] = 2; }
static void edit_trailing(buf *b) { buf_putc(b, 0); }
static void edit_truncate(buf *b) { b->size -= 1; }
static void edit_huge_length(buf *b) { b->ptr[10] = (char)0x7f; } /* pubkey length */
static void edit_sig_byte(buf *b) { b->ptr[b->size - 1] ^= 1; }

static void test_native_ed25519(void)
{
	charter_signer *s = NULL;
	buf sig = BUF_INIT;
	char *pub, *keygen_sig, *fp_line;
	size_t keygen_len;

	CHECK(test_sh("ssh-keygen -q -t ed25519 -N '' -C test@example.org -f %s", P("key")) == 0);
	spit(P("payload"), payload, strlen(payload));

	CHECK(charter_signer_open(&s, NULL, P("key")) == 0);
	if (!s)
		return;
	CHECK(signer_is_native(s));
	pub = pub_without_comment(P("key.pub"));
	CHECK_STR(pub, charter_signer_public_key(s));

	/* byte-identical to ssh-keygen */
	CHECK(signer_sign(&sig, s, "git", payload, strlen(payload)) == 0);
	CHECK(test_sh("ssh-keygen -Y sign -n git -f %s %s 2>/dev/null", P("key"), P("payload")) == 0);
	keygen_sig = slurp(P("payload.sig"), &keygen_len);
	CHECK_STR(keygen_sig, buf_cstr(&sig));
	CHECK(sig.size == keygen_len);
	CHECK(strncmp(sig.ptr, "-----BEGIN SSH SIGNATURE-----\n", 30) == 0);
	CHECK(sig.size > 0 && sig.ptr[sig.size - 1] == '\n');

	/* ssh-keygen accepts ours */
	spit(P("native.sig"), sig.ptr, sig.size);
	{
		buf as = BUF_INIT;
		buf_printf(&as, "test@example.org %s\n", pub);
		spit(P("allowed"), as.ptr, as.size);
		buf_free(&as);
	}
	CHECK(test_sh("ssh-keygen -Y verify -f %s -I test@example.org -n git -s %s < %s >/dev/null 2>&1",
		P("allowed"), P("native.sig"), P("payload")) == 0);
	/* ... and so does it over other bytes? No. */
	spit(P("payload2"), "other\n", 6);
	CHECK(test_sh("ssh-keygen -Y verify -f %s -I test@example.org -n git -s %s < %s >/dev/null 2>&1",
		P("allowed"), P("native.sig"), P("payload2")) != 0);

	/* we accept ssh-keygen's, and name its key */
	{
		sshsig_result r = SSHSIG_RESULT_INIT;
		CHECK(sshsig_verify(&r, keygen_sig, keygen_len, payload, strlen(payload), "git") == 0);
		CHECK(r.verdict == SSHSIG_GOOD);
		CHECK_STR("ssh-ed25519", r.key.type);
		CHECK(sshkey_pub_equal(&r.key, signer_key(s)));
		CHECK_STR("sha512", r.hash_alg);
		CHECK_STR("git", r.namespace);
		CHECK(test_sh("ssh-keygen -l -f %s | cut -d' ' -f2 > %s", P("key.pub"), P("fp")) == 0);
		fp_line = slurp(P("fp"), NULL);
		if (fp_line)
			fp_line[strcspn(fp_line, "\n")] = '\0';
		CHECK_STR(fp_line, r.fingerprint);
		free(fp_line);
		sshsig_result_free(&r);
	}
	/* without its final newline, as in a gpgsig header */
	CHECK(verdict_of(sig.ptr, sig.size - 1, payload, strlen(payload), "git") == SSHSIG_GOOD);

	/* named failures */
	{
		char *flipped = strdup(payload);
		flipped[10] ^= 1;
		CHECK(verdict_of(sig.ptr, sig.size, flipped, strlen(flipped), "git") == SSHSIG_BAD_SIGNATURE);
		CHECK(verdict_of(sig.ptr, sig.size, payload, strlen(payload) - 1, "git") == SSHSIG_BAD_SIGNATURE);
		free(flipped);
	}
	CHECK(verdict_of(sig.ptr, sig.size, payload, strlen(payload), "file") == SSHSIG_WRONG_NAMESPACE);
	{
		buf fsig = BUF_INIT;
		sshsig_result r = SSHSIG_RESULT_INIT;
		CHECK(signer_sign(&fsig, s, "file", payload, strlen(payload)) == 0);
		CHECK(sshsig_verify(&r, fsig.ptr, fsig.size, payload, strlen(payload), "git") == 0);
		CHECK(r.verdict == SSHSIG_WRONG_NAMESPACE);
		CHECK_STR("file", r.namespace);
		CHECK(sshkey_pub_equal(&r.key, signer_key(s))); /* still names the key */
		CHECK(verdict_of(fsig.ptr, fsig.size, payload, strlen(payload), "file") == SSHSIG_GOOD);
		sshsig_result_free(&r);
		buf_free(&fsig);
	}
	{
		/* drop the second base64 line */
		char *a = strdup(sig.ptr);
		char *l2 = strchr(strchr(a, '\n') + 1, '\n') + 1;
		char *l3 = strchr(l2, '\n') + 1;
		memmove(l2, l3, strlen(l3) + 1);
		CHECK(verdict_of(a, strlen(a), payload, strlen(payload), "git") == SSHSIG_MALFORMED);
		free(a);
	}
	for (size_t cut = 0; cut < sig.size - 1; cut += 7)
		if (verdict_of(sig.ptr, cut, payload, strlen(payload), "git") != SSHSIG_MALFORMED) {
			CHECK(!"truncated armor is malformed");
			break;
		}
	CHECK(verdict_of("garbage", 7, payload, strlen(payload), "git") == SSHSIG_MALFORMED);
	CHECK(verdict_of("", 0, payload, strlen(payload), "git") == SSHSIG_MALFORMED);
	{
		buf junk = BUF_INIT;
		buf_put(&junk, sig.ptr, sig.size);
		buf_puts(&junk, "junk\n");
		CHECK(verdict_of(junk.ptr, junk.size, payload, strlen(payload), "git") == SSHSIG_MALFORMED);
		buf_clear(&junk);
		buf_puts(&junk, "x");
		buf_put(&junk, sig.ptr, sig.size);
		CHECK(verdict_of(junk.ptr, junk.size, payload, strlen(payload), "git") == SSHSIG_MALFORMED);
		buf_clear(&junk);
		/* a bad base64 character inside */
		buf_put(&junk, sig.ptr, sig.size);
		junk.ptr[40] = '*';
		CHECK(verdict_of(junk.ptr, junk.size, payload, strlen(payload), "git") == SSHSIG_MALFORMED);
		buf_free(&junk);
	}
	{
		struct { void (*edit)(buf *); sshsig_verdict expect; } cases[] = {
			{ edit_magic, SSHSIG_MALFORMED }, { edit_version, SSHSIG_MALFORMED },
			{ edit_trailing, SSHSIG_MALFORMED }, { edit_truncate, SSHSIG_MALFORMED },
			{ edit_huge_length, SSHSIG_MALFORMED }, { edit_sig_byte, SSHSIG_BAD_SIGNATURE },
		};
		for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
			char *a = rearmor(sig.ptr, cases[i].edit);
			CHECK(a != NULL);
			if (a) {
				sshsig_verdict v = verdict_of(a, strlen(a), payload, strlen(payload), "git");
				if (v != cases[i].expect)
					fprintf(stderr, "edit case %zu: got %s\n", i, sshsig_verdict_name(v));
				CHECK(v == cases[i].expect);
			}
			free(a);
		}
	}

	/* sha256, as ssh-keygen -O hashalg=sha256 makes it */
	CHECK(test_sh("rm -f %s && ssh-keygen -Y sign -n git -O hashalg=sha256 -f %s %s 2>/dev/null",
		P("payload.sig"), P("key"), P("payload")) == 0);
	{
		size_t n;
		char *s256 = slurp(P("payload.sig"), &n);
		sshsig_result r = SSHSIG_RESULT_INIT;
		CHECK(s256 && sshsig_verify(&r, s256, n, payload, strlen(payload), "git") == 0);
		CHECK(r.verdict == SSHSIG_GOOD);
		CHECK_STR("sha256", r.hash_alg);
		sshsig_result_free(&r);
		CHECK(s256 && verdict_of(s256, n, "x", 1, "git") == SSHSIG_BAD_SIGNATURE);
		free(s256);
	}

	/* signer_sign appends */
	{
		buf two = BUF_INIT;
		buf_puts(&two, "prefix\n");
		CHECK(signer_sign(&two, s, "git", payload, strlen(payload)) == 0);
		CHECK(strncmp(two.ptr, "prefix\n-----BEGIN", 17) == 0);
		buf_free(&two);
	}

	free(keygen_sig);
	free(pub);
	buf_free(&sig);
	charter_signer_free(s);
}

/* A SSHSIG with hash sha256 built by hand from the key file's seed: checks
 * the verifier against the spec independently of ssh-keygen. */
static void test_sha256_by_hand(void)
{
	size_t n;
	char *text = slurp(P("key"), &n);
	sshkey_file kf;
	unsigned char h[32], sigbytes[64];
	buf tosign = BUF_INIT, pub = BUF_INIT, sigblob = BUF_INIT, blob = BUF_INIT, armor = BUF_INIT;

	CHECK(text && sshkey_file_parse(&kf, text, n) == 0);
	if (!text)
		return;
	CHECK(kf.kind == SSHKEY_FILE_NATIVE);
	crypto_hash_sha256(h, (const unsigned char *)payload, strlen(payload));
	buf_put(&tosign, "SSHSIG", 6);
	sshbuf_put_cstring(&tosign, "git");
	sshbuf_put_cstring(&tosign, "");
	sshbuf_put_cstring(&tosign, "sha256");
	sshbuf_put_string(&tosign, h, sizeof(h));
	crypto_sign_detached(sigbytes, NULL, (unsigned char *)tosign.ptr, tosign.size, kf.sk);
	sshbuf_put_cstring(&pub, "ssh-ed25519");
	sshbuf_put_string(&pub, kf.sk + 32, 32);
	sshbuf_put_cstring(&sigblob, "ssh-ed25519");
	sshbuf_put_string(&sigblob, sigbytes, 64);
	buf_put(&blob, "SSHSIG", 6);
	sshbuf_put_u32(&blob, 1);
	sshbuf_put_string(&blob, pub.ptr, pub.size);
	sshbuf_put_cstring(&blob, "git");
	sshbuf_put_cstring(&blob, "");
	sshbuf_put_cstring(&blob, "sha256");
	sshbuf_put_string(&blob, sigblob.ptr, sigblob.size);
	ssh_armor(&armor, (unsigned char *)blob.ptr, blob.size, "SSH SIGNATURE");
	CHECK(verdict_of(armor.ptr, armor.size, payload, strlen(payload), "git") == SSHSIG_GOOD);
	/* ssh-keygen agrees */
	spit(P("hand.sig"), armor.ptr, armor.size);
	CHECK(test_sh("ssh-keygen -Y verify -f %s -I test@example.org -n git -s %s < %s >/dev/null 2>&1",
		P("allowed"), P("hand.sig"), P("payload")) == 0);
	/* an unknown hash algorithm is malformed */
	{
		char *a = strdup(armor.ptr);
		buf b2 = BUF_INIT;
		unsigned char *bin;
		size_t bn;
		CHECK(ssh_dearmor(&bin, &bn, a, strlen(a), "SSH SIGNATURE", true) == 0);
		for (size_t i = 0; i + 6 <= bn; i++)
			if (memcmp(bin + i, "sha256", 6) == 0)
				memcpy(bin + i, "sha999", 6);
		ssh_armor(&b2, bin, bn, "SSH SIGNATURE");
		CHECK(verdict_of(b2.ptr, b2.size, payload, strlen(payload), "git") == SSHSIG_MALFORMED);
		free(bin);
		free(a);
		buf_free(&b2);
	}
	sshkey_file_free(&kf);
	for (size_t i = 0; i < sizeof(kf.sk); i++)
		if (kf.sk[i]) {
			CHECK(!"sshkey_file_free wipes the secret key");
			break;
		}
	free(text);
	buf_free(&tosign);
	buf_free(&pub);
	buf_free(&sigblob);
	buf_free(&blob);
	buf_free(&armor);
}

static void test_encrypted_key(void)
{
	charter_signer *s = NULL;
	size_t n;
	char *text, *pub;
	sshkey_file kf;

	CHECK(test_sh("ssh-keygen -q -t ed25519 -N secret -C enc -f %s", P("enc")) == 0);
	text = slurp(P("enc"), &n);
	CHECK(text && sshkey_file_parse(&kf, text, n) == 0);
	CHECK(kf.kind == SSHKEY_FILE_ENCRYPTED);
	sshkey_file_free(&kf);
	free(text);
	/* Opening it needs no passphrase: the public key is in the clear. */
	CHECK(charter_signer_open(&s, NULL, P("enc")) == 0);
	pub = pub_without_comment(P("enc.pub"));
	if (s) {
		CHECK(!signer_is_native(s));
		CHECK_STR(pub, charter_signer_public_key(s));
	}
	/* Signing asks ssh-keygen, which asks for the passphrase (here through
	 * SSH_ASKPASS instead of the terminal). */
	if (s) {
		buf sig = BUF_INIT;
		spit(P("askpass"), "#!/bin/sh\necho secret\n", 22);
		spit(P("askpass-wrong"), "#!/bin/sh\necho wrong\n", 21);
		chmod(P("askpass"), 0700);
		chmod(P("askpass-wrong"), 0700);
		setenv("SSH_ASKPASS_REQUIRE", "force", 1);
		setenv("SSH_ASKPASS", P("askpass"), 1);
		CHECK(signer_sign(&sig, s, "git", payload, strlen(payload)) == 0);
		CHECK(verdict_of(buf_cstr(&sig), sig.size, payload, strlen(payload), "git") == SSHSIG_GOOD);
		buf_clear(&sig);
		setenv("SSH_ASKPASS", P("askpass-wrong"), 1);
		CHECK(signer_sign(&sig, s, "git", payload, strlen(payload)) == CHARTER_ERROR);
		CHECK(strstr(charter_error_last(), P("enc")) != NULL);
		CHECK(sig.size == 0);
		unsetenv("SSH_ASKPASS");
		unsetenv("SSH_ASKPASS_REQUIRE");
		buf_free(&sig);
	}
	free(pub);
	charter_signer_free(s);
}

static void test_rsa_key(void)
{
	charter_signer *s = NULL;
	buf sig = BUF_INIT;
	char *pub, *allowed, *principals = NULL;
	size_t allowed_len;
	bool ok = false;
	char detail[200];

	CHECK(test_sh("ssh-keygen -q -t rsa -b 2048 -N '' -C rsa -f %s", P("rsa")) == 0);
	CHECK(charter_signer_open(&s, NULL, P("rsa")) == 0);
	if (!s)
		return;
	CHECK(!signer_is_native(s));
	pub = pub_without_comment(P("rsa.pub"));
	CHECK_STR(pub, charter_signer_public_key(s));
	CHECK(signer_sign(&sig, s, "git", payload, strlen(payload)) == 0);
	CHECK(strncmp(buf_cstr(&sig), "-----BEGIN SSH SIGNATURE-----\n", 30) == 0);
	spit(P("rsa.sig"), sig.ptr, sig.size);
	{
		buf as = BUF_INIT;
		buf_printf(&as, "rsa@example.org %s\n", pub);
		spit(P("allowed-rsa"), as.ptr, as.size);
		buf_free(&as);
	}
	CHECK(test_sh("ssh-keygen -Y verify -f %s -I rsa@example.org -n git -s %s < %s >/dev/null 2>&1",
		P("allowed-rsa"), P("rsa.sig"), P("payload")) == 0);

	/* Natively: well formed, right namespace, key named, verified elsewhere. */
	{
		sshsig_result r = SSHSIG_RESULT_INIT;
		CHECK(sshsig_verify(&r, sig.ptr, sig.size, payload, strlen(payload), "git") == 0);
		CHECK(r.verdict == SSHSIG_UNSUPPORTED);
		CHECK_STR("ssh-rsa", r.key.type);
		CHECK(sshkey_pub_equal(&r.key, signer_key(s)));
		sshsig_result_free(&r);
		CHECK(verdict_of(sig.ptr, sig.size, payload, strlen(payload), "file") == SSHSIG_WRONG_NAMESPACE);
	}
	/* Through ssh-keygen */
	allowed = slurp(P("allowed-rsa"), &allowed_len);
	CHECK(sshsig_keygen_verify(&ok, detail, sizeof(detail), allowed, allowed_len, "rsa@example.org",
		"git", 1700000000, sig.ptr, sig.size, payload, strlen(payload)) == 0);
	CHECK(ok);
	CHECK(sshsig_keygen_verify(&ok, detail, sizeof(detail), allowed, allowed_len, "rsa@example.org",
		"git", 0, sig.ptr, sig.size, "tampered", 8) == 0);
	CHECK(!ok);
	CHECK(detail[0] != '\0');
	CHECK(sshsig_keygen_verify(&ok, NULL, 0, allowed, allowed_len, "someone@else",
		"git", 0, sig.ptr, sig.size, payload, strlen(payload)) == 0);
	CHECK(!ok);
	CHECK(sshsig_keygen_verify(&ok, NULL, 0, allowed, allowed_len, "rsa@example.org",
		"file", 0, sig.ptr, sig.size, payload, strlen(payload)) == 0);
	CHECK(!ok);
	CHECK(sshsig_keygen_find_principals(&principals, allowed, allowed_len, 0, sig.ptr, sig.size) == 0);
	CHECK_STR("rsa@example.org\n", principals);
	free(principals);
	CHECK(sshsig_keygen_find_principals(&principals, "", 0, 0, sig.ptr, sig.size) == 0);
	CHECK_STR("", principals);
	free(principals);

	free(allowed);
	free(pub);
	buf_free(&sig);
	charter_signer_free(s);
}

/* Keys in PEM format (ssh-keygen -m PEM) and ECDSA keys sign through
 * ssh-keygen; a PEM key's public half comes from KEY.pub, else from
 * `ssh-keygen -y`. */
static void test_pem_and_ecdsa_keys(void)
{
	static const char *const kinds[] = { "-t rsa -b 2048 -m PEM", "-t ecdsa", "-t ecdsa -m PEM" };
	for (size_t i = 0; i < ARRAY_SIZE(kinds); i++) {
		charter_signer *s = NULL;
		buf sig = BUF_INIT, as = BUF_INIT;
		char *pub;
		CHECK(test_sh("rm -f %s %s.pub && ssh-keygen -q %s -N '' -C other -f %s", P("other"), P("other"),
			kinds[i], P("other")) == 0);
		pub = pub_without_comment(P("other.pub"));
		for (int without_pub = 0; without_pub < 2; without_pub++) {
			if (without_pub)
				unlink(P("other.pub"));
			CHECK(charter_signer_open(&s, NULL, P("other")) == 0);
			if (!s) {
				fprintf(stderr, "%s: %s\n", kinds[i], charter_error_last());
				continue;
			}
			CHECK(!signer_is_native(s));
			CHECK_STR(pub, charter_signer_public_key(s));
			buf_clear(&sig);
			CHECK(signer_sign(&sig, s, "git", payload, strlen(payload)) == 0);
			CHECK(verdict_of(buf_cstr(&sig), sig.size, payload, strlen(payload), "git") == SSHSIG_UNSUPPORTED);
			buf_clear(&as);
			buf_printf(&as, "o@example.org %s\n", pub);
			bool ok = false;
			CHECK(sshsig_keygen_verify(&ok, NULL, 0, as.ptr, as.size, "o@example.org", "git", 0,
				buf_cstr(&sig), sig.size, payload, strlen(payload)) == 0);
			CHECK(ok);
			charter_signer_free(s);
			s = NULL;
		}
		free(pub);
		buf_free(&sig);
		buf_free(&as);
	}
}

/* A public key file or a key:: literal: the private key is in ssh-agent. */
static void test_agent(void)
{
	char *agent_out, *pidp, *pub;
	long pid;
	charter_signer *s = NULL;
	buf sig = BUF_INIT;
	buf lit = BUF_INIT;

	if (test_sh("command -v ssh-agent >/dev/null && command -v ssh-add >/dev/null") != 0) {
		fprintf(stderr, "no ssh-agent: agent signing not tested\n");
		return;
	}
	CHECK(test_sh("ssh-agent -a %s > %s", P("agent.sock"), P("agent.out")) == 0);
	agent_out = slurp(P("agent.out"), NULL);
	pidp = agent_out ? strstr(agent_out, "SSH_AGENT_PID=") : NULL;
	pid = pidp ? strtol(pidp + 14, NULL, 10) : 0;
	CHECK(pid > 0);
	free(agent_out);
	if (pid <= 0)
		return;
	setenv("SSH_AUTH_SOCK", P("agent.sock"), 1);
	CHECK(test_sh("ssh-add %s 2>/dev/null", P("key")) == 0);
	pub = pub_without_comment(P("key.pub"));

	/* the .pub file */
	CHECK(charter_signer_open(&s, NULL, P("key.pub")) == 0);
	if (s) {
		CHECK(!signer_is_native(s));
		CHECK_STR(pub, charter_signer_public_key(s));
		CHECK(signer_sign(&sig, s, "git", payload, strlen(payload)) == 0);
		CHECK(verdict_of(sig.ptr, sig.size, payload, strlen(payload), "git") == SSHSIG_GOOD);
		/* Ed25519 is deterministic: the agent's signature is the native one. */
		{
			char *native = slurp(P("native.sig"), NULL);
			CHECK_STR(native, buf_cstr(&sig));
			free(native);
		}
	}
	charter_signer_free(s);
	s = NULL;

	/* the literal */
	buf_printf(&lit, "key::%s", pub);
	CHECK(charter_signer_open(&s, NULL, lit.ptr) == 0);
	if (s) {
		buf_clear(&sig);
		CHECK(!signer_is_native(s));
		CHECK_STR(pub, charter_signer_public_key(s));
		CHECK(signer_sign(&sig, s, "git", payload, strlen(payload)) == 0);
		CHECK(verdict_of(sig.ptr, sig.size, payload, strlen(payload), "git") == SSHSIG_GOOD);
	}
	charter_signer_free(s);
	s = NULL;

	/* a key the agent does not hold (and whose private half is gone): a
	 * clean failure */
	CHECK(test_sh("ssh-keygen -q -t ed25519 -N '' -f %s && rm %s", P("lonely"), P("lonely")) == 0);
	CHECK(charter_signer_open(&s, NULL, P("lonely.pub")) == 0);
	if (s) {
		buf_clear(&sig);
		CHECK(signer_sign(&sig, s, "git", payload, strlen(payload)) == CHARTER_ERROR);
		CHECK(strstr(charter_error_last(), "ssh-keygen") != NULL);
	}
	charter_signer_free(s);

	kill((pid_t)pid, SIGTERM);
	unsetenv("SSH_AUTH_SOCK");
	free(pub);
	buf_free(&sig);
	buf_free(&lit);
}

static void expect_invalid_key(const char *name, const void *text, size_t len)
{
	charter_signer *s = NULL;
	spit(P(name), text, len);
	int rc = charter_signer_open(&s, NULL, P(name));
	if (rc != CHARTER_EINVALID)
		fprintf(stderr, "%s: got %d (%s)\n", name, rc, charter_error_last());
	CHECK(rc == CHARTER_EINVALID);
	CHECK(s == NULL);
	CHECK(strstr(charter_error_last(), P(name)) != NULL);
	CHECK(strchr(charter_error_last(), '\n') == NULL);
	charter_signer_free(s);
}

/* Re-armor the key file after `edit` changed its decoded bytes. */
static void edited_key(const char *name, void (*edit)(unsigned char *bin, size_t n))
{
	size_t n, bn;
	char *text = slurp(P("key"), &n);
	unsigned char *bin;
	buf out = BUF_INIT;
	CHECK(ssh_dearmor(&bin, &bn, text, n, "OPENSSH PRIVATE KEY", false) == 0);
	edit(bin, bn);
	ssh_armor(&out, bin, bn, "OPENSSH PRIVATE KEY");
	expect_invalid_key(name, out.ptr, out.size);
	free(bin);
	free(text);
	buf_free(&out);
}

/* Offsets in an unencrypted ssh-ed25519 key file: magic 15, "none" 8,
 * "none" 8, "" 4, nkeys 4, pub string 4+51, priv length 4 → checkints. */
#define PRIV_OFF (15 + 8 + 8 + 4 + 4 + 55 + 4)
static void edit_checkint(unsigned char *bin, size_t n) { (void)n; bin[PRIV_OFF] ^= 1; }
static void edit_seed(unsigned char *bin, size_t n) { (void)n; bin[PRIV_OFF + 8 + 15 + 36 + 4] ^= 1; }
static void edit_padding(unsigned char *bin, size_t n) { bin[n - 1] ^= 0x40; }
static void edit_nkeys(unsigned char *bin, size_t n) { (void)n; bin[15 + 8 + 8 + 4 + 3] = 2; }
static void edit_cut(unsigned char *bin, size_t n) { (void)n; bin[PRIV_OFF - 1] = 0xff; }

static void test_bad_keys(void)
{
	size_t n;
	char *text = slurp(P("key"), &n);
	charter_signer *s = NULL;

	expect_invalid_key("garbage", "this is not a key\n", 18);
	expect_invalid_key("empty", "", 0);
	expect_invalid_key("binary", "\0\1\2\3", 4);
	if (text) {
		expect_invalid_key("truncated", text, n / 2);
		char *bad64 = strdup(text);
		bad64[50] = '!';
		expect_invalid_key("bad64", bad64, n);
		free(bad64);
	}
	expect_invalid_key("pubtype", "ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIHo5GzRkKXeMZB43oSFKCkM1uOhpT8n+dHh8HYYmdH6A\n", 77);
	expect_invalid_key("armor", "-----BEGIN SOMETHING-----\nAAAA\n-----END SOMETHING-----\n", 56);
	edited_key("checkint", edit_checkint);
	edited_key("seed", edit_seed);
	edited_key("padding", edit_padding);
	edited_key("nkeys", edit_nkeys);
	edited_key("cut", edit_cut);

	/* a missing file is an invalid key, named */
	CHECK(charter_signer_open(&s, NULL, P("no-such-key")) == CHARTER_EINVALID);
	CHECK(strstr(charter_error_last(), "no-such-key") != NULL);
	/* a bad literal */
	CHECK(charter_signer_open(&s, NULL, "key::ssh-ed25519 AAAA") == CHARTER_EINVALID);
	CHECK(s == NULL);
	free(text);
}

static void test_default_key(void)
{
	charter_signer *s = NULL;
	char *pub = pub_without_comment(P("key.pub"));
	buf cfg = BUF_INIT;

	unsetenv("CHARTER_SIGNING_KEY");
	CHECK(charter_signer_open(&s, NULL, NULL) == CHARTER_ENOTFOUND);
	CHECK_STR("no signing key: none given, and neither $CHARTER_SIGNING_KEY nor git config user.signingkey names one",
		charter_error_last());
	CHECK_STR("key", charter_error_last_option());

	setenv("CHARTER_SIGNING_KEY", P("key"), 1);
	CHECK(charter_signer_open(&s, NULL, NULL) == 0);
	if (s)
		CHECK_STR(pub, charter_signer_public_key(s));
	charter_signer_free(s);
	s = NULL;
	/* an explicit path wins over the environment */
	CHECK(charter_signer_open(&s, NULL, P("rsa")) == 0);
	CHECK(s && !signer_is_native(s));
	charter_signer_free(s);
	s = NULL;
	unsetenv("CHARTER_SIGNING_KEY");

	/* git config user.signingkey, with ~/ expanded ($HOME is the sandbox) */
	buf_puts(&cfg, "[user]\n\tsigningkey = ~/key\n");
	spit(P(".gitconfig"), cfg.ptr, cfg.size);
	CHECK(charter_signer_open(&s, NULL, NULL) == 0);
	if (s)
		CHECK_STR(pub, charter_signer_public_key(s));
	else
		fprintf(stderr, "default key: %s\n", charter_error_last());
	charter_signer_free(s);
	s = NULL;

	/* and a literal there */
	buf_clear(&cfg);
	buf_printf(&cfg, "[user]\n\tsigningkey = key::%s\n", pub);
	spit(P(".gitconfig"), cfg.ptr, cfg.size);
	CHECK(charter_signer_open(&s, NULL, NULL) == 0);
	CHECK(s && !signer_is_native(s));
	charter_signer_free(s);
	unlink(P(".gitconfig"));

	free(pub);
	buf_free(&cfg);
}

static void test_pub_parse(void)
{
	sshkey_pub k = SSHKEY_PUB_INIT;
	char *line = slurp(P("key.pub"), NULL);
	buf b = BUF_INIT;
	char fp[SSHKEY_FP_SIZE];

	CHECK(line && sshkey_pub_parse(&k, line, strlen(line)) == 0);
	CHECK_STR("ssh-ed25519", k.type);
	CHECK_STR("test@example.org", k.comment);
	CHECK(k.blob_len == 51);
	CHECK(sshkey_ed25519_pk(k.blob, k.blob_len) != NULL);
	sshkey_pub_format(&b, &k);
	CHECK(line && strncmp(line, b.ptr, b.size) == 0);
	sshkey_fingerprint(fp, k.blob, k.blob_len);
	CHECK(strncmp(fp, "SHA256:", 7) == 0 && strlen(fp) == 50);
	sshkey_pub_free(&k);

	CHECK(sshkey_pub_parse(&k, "ssh-ed25519", 11) == CHARTER_EINVALID);
	CHECK(sshkey_pub_parse(&k, "ssh-ed25519 AAAA", 16) == CHARTER_EINVALID);
	CHECK(sshkey_pub_parse(&k, "ssh-ed25519 !!!!", 16) == CHARTER_EINVALID);
	/* the type on the line must be the type in the blob */
	CHECK(sshkey_pub_parse(&k, "ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIHo5GzRkKXeMZB43oSFKCkM1uOhpT8n+dHh8HYYmdH6A", 76) == CHARTER_EINVALID);
	/* a 31-byte Ed25519 key */
	{
		buf blob = BUF_INIT;
		unsigned char z[31] = { 0 };
		sshbuf_put_cstring(&blob, "ssh-ed25519");
		sshbuf_put_string(&blob, z, sizeof(z));
		CHECK(sshkey_pub_from_blob(&k, (unsigned char *)blob.ptr, blob.size) == CHARTER_EINVALID);
		buf_free(&blob);
	}
	free(line);
	buf_free(&b);
}

int main(void)
{
	if (!mkdtemp(sandbox)) {
		perror("mkdtemp");
		return 2;
	}
	/* A user of our own, before libgit2 looks for config files. */
	setenv("HOME", sandbox, 1);
	setenv("XDG_CONFIG_HOME", sandbox, 1);
	unsetenv("SSH_AUTH_SOCK");
	unsetenv("CHARTER_SIGNING_KEY");
	setenv("TMPDIR", sandbox, 1);
	if (charter_init() < 0 || sodium_init() < 0)
		return 2;

	test_native_ed25519();
	test_sha256_by_hand();
	test_pub_parse();
	test_encrypted_key();
	test_rsa_key();
	test_pem_and_ecdsa_keys();
	test_agent();
	test_bad_keys();
	test_default_key();

	/* every temporary directory of the ssh-keygen paths was removed */
	CHECK(test_sh("ls -d %s/charter-sig-* >/dev/null 2>&1", sandbox) != 0);

	test_sh("rm -rf %s", sandbox);
	return TEST_DONE();
}
