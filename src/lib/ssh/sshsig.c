/* The SSHSIG format (OpenSSH PROTOCOL.sshsig): native Ed25519 signing and
 * verification through libsodium, and verification through ssh-keygen for
 * the key types libsodium does not do. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "ssh/keygen.h"
#include "ssh/sshsig.h"

#define SIG_LABEL "SSH SIGNATURE"
#define SIG_MAGIC "SSHSIG" /* 6 bytes, no length, no NUL */
#define SIG_VERSION 1

const char *sshsig_verdict_name(sshsig_verdict v)
{
	switch (v) {
	case SSHSIG_GOOD:
		return "good";
	case SSHSIG_MALFORMED:
		return "malformed-signature";
	case SSHSIG_WRONG_NAMESPACE:
		return "wrong-namespace";
	case SSHSIG_BAD_SIGNATURE:
		return "bad-signature";
	case SSHSIG_UNSUPPORTED:
		return "unsupported-key-type";
	}
	return "malformed-signature";
}

/* H(message) with the named hash; returns its length, 0 for an unknown one. */
static size_t hash_message(unsigned char out[crypto_hash_sha512_BYTES], const char *alg,
	size_t alg_len, const void *msg, size_t len)
{
	if (alg_len == 6 && memcmp(alg, "sha512", 6) == 0) {
		crypto_hash_sha512(out, msg, len);
		return crypto_hash_sha512_BYTES;
	}
	if (alg_len == 6 && memcmp(alg, "sha256", 6) == 0) {
		crypto_hash_sha256(out, msg, len);
		return crypto_hash_sha256_BYTES;
	}
	return 0;
}

/* The bytes a signature is made over. */
static void signed_data(buf *b, const void *ns, size_t ns_len, const void *reserved,
	size_t reserved_len, const char *alg, const unsigned char *h, size_t h_len)
{
	buf_put(b, SIG_MAGIC, 6);
	sshbuf_put_string(b, ns, ns_len);
	sshbuf_put_string(b, reserved, reserved_len);
	sshbuf_put_cstring(b, alg);
	sshbuf_put_string(b, h, h_len);
}

int sshsig_sign_ed25519(buf *out, const unsigned char sk[64], const char *namespace,
	const void *data, size_t len)
{
	unsigned char h[crypto_hash_sha512_BYTES];
	unsigned char sig[crypto_sign_BYTES];
	buf tosign = BUF_INIT, pub = BUF_INIT, sigblob = BUF_INIT, blob = BUF_INIT;
	int rc;

	if (sodium_init() < 0)
		return error_set(CHARTER_ERROR, "libsodium failed to initialize");
	hash_message(h, "sha512", 6, data, len);
	signed_data(&tosign, namespace, strlen(namespace), "", 0, "sha512", h, sizeof(h));
	if ((rc = buf_check(&tosign)) < 0)
		goto out;
	crypto_sign_detached(sig, NULL, (const unsigned char *)tosign.ptr, tosign.size, sk);

	sshbuf_put_cstring(&pub, SSHKEY_ED25519);
	sshbuf_put_string(&pub, sk + 32, 32);
	sshbuf_put_cstring(&sigblob, SSHKEY_ED25519);
	sshbuf_put_string(&sigblob, sig, sizeof(sig));

	buf_put(&blob, SIG_MAGIC, 6);
	sshbuf_put_u32(&blob, SIG_VERSION);
	sshbuf_put_string(&blob, pub.ptr, pub.size);
	sshbuf_put_cstring(&blob, namespace);
	sshbuf_put_string(&blob, "", 0);
	sshbuf_put_cstring(&blob, "sha512");
	sshbuf_put_string(&blob, sigblob.ptr, sigblob.size);
	if ((rc = buf_check(&pub)) < 0 || (rc = buf_check(&sigblob)) < 0 ||
	    (rc = buf_check(&blob)) < 0)
		goto out;
	ssh_armor(out, (const unsigned char *)blob.ptr, blob.size, SIG_LABEL);
	rc = buf_check(out);
out:
	buf_free(&tosign);
	buf_free(&pub);
	buf_free(&sigblob);
	buf_free(&blob);
	return rc;
}

/* Copy for display: printable ASCII, the rest as '?', cut to fit. */
static void copy_printable(char *dst, size_t size, const unsigned char *s, size_t n)
{
	size_t i;
	for (i = 0; i < n && i + 1 < size; i++)
		dst[i] = (s[i] >= 0x20 && s[i] < 0x7f) ? (char)s[i] : '?';
	dst[i] = '\0';
}

static int verdict(sshsig_result *out, sshsig_verdict v, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int verdict(sshsig_result *out, sshsig_verdict v, const char *fmt, ...)
{
	va_list ap;
	out->verdict = v;
	va_start(ap, fmt);
	vsnprintf(out->detail, sizeof(out->detail), fmt, ap);
	va_end(ap);
	return 0;
}

int sshsig_verify(sshsig_result *out, const char *armor, size_t armor_len,
	const void *msg, size_t msg_len, const char *namespace)
{
	unsigned char *blob = NULL;
	size_t blob_len = 0;
	sshrd r;
	const unsigned char *magic, *pub, *ns, *reserved, *alg, *sig, *sigtype, *sigbytes;
	size_t pub_len, ns_len, reserved_len, alg_len, sig_len, sigtype_len, sigbytes_len;
	uint32_t version;
	unsigned char h[crypto_hash_sha512_BYTES];
	size_t h_len;
	const unsigned char *pk;
	buf tosign = BUF_INIT;
	int rc = 0;

	*out = (sshsig_result)SSHSIG_RESULT_INIT;
	if (sodium_init() < 0)
		return error_set(CHARTER_ERROR, "libsodium failed to initialize");

	/* Accept the armor with or without its final newline (a gpgsig header
	 * holds it without). */
	if (armor_len > 0 && armor[armor_len - 1] != '\n') {
		buf a = BUF_INIT;
		buf_put(&a, armor, armor_len);
		buf_putc(&a, '\n');
		if ((rc = buf_check(&a)) < 0) {
			buf_free(&a);
			return rc;
		}
		rc = ssh_dearmor(&blob, &blob_len, a.ptr, a.size, SIG_LABEL, true);
		buf_free(&a);
	} else {
		rc = ssh_dearmor(&blob, &blob_len, armor, armor_len, SIG_LABEL, true);
	}
	if (rc < 0) {
		rc = verdict(out, SSHSIG_MALFORMED, "not an armored SSH signature (bad armor or base64)");
		goto done;
	}

	r = (sshrd){ blob, blob_len };
	if (sshrd_bytes(&r, &magic, 6) < 0 || memcmp(magic, SIG_MAGIC, 6) != 0) {
		rc = verdict(out, SSHSIG_MALFORMED, "not an SSHSIG blob (bad magic)");
		goto done;
	}
	if (sshrd_u32(&r, &version) < 0 || version != SIG_VERSION) {
		rc = verdict(out, SSHSIG_MALFORMED, "unsupported SSHSIG version");
		goto done;
	}
	if (sshrd_string(&r, &pub, &pub_len) < 0 || sshrd_string(&r, &ns, &ns_len) < 0 ||
	    sshrd_string(&r, &reserved, &reserved_len) < 0 ||
	    sshrd_string(&r, &alg, &alg_len) < 0 || sshrd_string(&r, &sig, &sig_len) < 0) {
		rc = verdict(out, SSHSIG_MALFORMED, "truncated SSHSIG blob");
		goto done;
	}
	if (r.len != 0) {
		rc = verdict(out, SSHSIG_MALFORMED, "trailing data after the SSHSIG blob");
		goto done;
	}
	if (sshkey_pub_from_blob(&out->key, pub, pub_len) < 0) {
		error_clear();
		rc = verdict(out, SSHSIG_MALFORMED, "malformed public key in the signature");
		goto done;
	}
	copy_printable(out->namespace, sizeof(out->namespace), ns, ns_len);
	copy_printable(out->hash_alg, sizeof(out->hash_alg), alg, alg_len);
	h_len = hash_message(h, (const char *)alg, alg_len, msg, msg_len);
	if (h_len == 0) {
		rc = verdict(out, SSHSIG_MALFORMED, "unknown hash algorithm \"%s\"", out->hash_alg);
		goto done;
	}
	r = (sshrd){ sig, sig_len };
	if (sshrd_string(&r, &sigtype, &sigtype_len) < 0 ||
	    sshrd_string(&r, &sigbytes, &sigbytes_len) < 0) {
		rc = verdict(out, SSHSIG_MALFORMED, "truncated signature in the SSHSIG blob");
		goto done;
	}
	pk = sshkey_ed25519_pk(out->key.blob, out->key.blob_len);
	if (pk && (r.len != 0 || sigtype_len != strlen(SSHKEY_ED25519) ||
		   memcmp(sigtype, SSHKEY_ED25519, sigtype_len) != 0 ||
		   sigbytes_len != crypto_sign_BYTES)) {
		rc = verdict(out, SSHSIG_MALFORMED, "malformed ssh-ed25519 signature");
		goto done;
	}
	/* The key is known from here on, whatever the verdict. */
	sshkey_fingerprint(out->fingerprint, out->key.blob, out->key.blob_len);

	if (ns_len != strlen(namespace) || memcmp(ns, namespace, ns_len) != 0) {
		rc = verdict(out, SSHSIG_WRONG_NAMESPACE,
			"signature made for namespace \"%s\", not \"%s\"", out->namespace, namespace);
		goto done;
	}
	if (!pk) {
		rc = verdict(out, SSHSIG_UNSUPPORTED, "%s signatures are verified by ssh-keygen",
			out->key.type);
		goto done;
	}
	signed_data(&tosign, ns, ns_len, reserved, reserved_len, out->hash_alg, h, h_len);
	if ((rc = buf_check(&tosign)) < 0)
		goto done;
	if (crypto_sign_verify_detached(sigbytes, (const unsigned char *)tosign.ptr,
			tosign.size, pk) != 0) {
		rc = verdict(out, SSHSIG_BAD_SIGNATURE,
			"signature by %s does not verify over the signed data", out->fingerprint);
		goto done;
	}
	out->verdict = SSHSIG_GOOD;
	out->detail[0] = '\0';
	rc = 0;
done:
	buf_free(&tosign);
	free(blob);
	return rc;
}

void sshsig_result_free(sshsig_result *res)
{
	if (!res)
		return;
	sshkey_pub_free(&res->key);
	*res = (sshsig_result)SSHSIG_RESULT_INIT;
}

/* ---- Through ssh-keygen ------------------------------------------------- */

/* "-Overify-time=YYYYMMDDHHMMSSZ" (UTC, which ssh-keygen reads as such). */
static void verify_time_option(char *out, size_t size, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (t <= 0 || !gmtime_r(&tt, &tm)) {
		out[0] = '\0';
		return;
	}
	snprintf(out, size, "-Overify-time=%04d%02d%02d%02d%02d%02dZ", tm.tm_year + 1900,
		tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* First non-empty line of `text` into detail. */
static void first_line(char *detail, size_t size, const char *text)
{
	if (!detail || size == 0)
		return;
	while (*text == '\n' || *text == '\r')
		text++;
	size_t n = strcspn(text, "\r\n");
	copy_printable(detail, size, (const unsigned char *)text, n);
}

int sshsig_keygen_verify(bool *ok, char *detail, size_t detail_size,
	const char *allowed_signers, size_t allowed_len, const char *principal,
	const char *namespace, int64_t verify_time,
	const char *armor, size_t armor_len, const void *msg, size_t msg_len)
{
	ssh_tmpdir t;
	buf allowed_path = BUF_INIT, sig_path = BUF_INIT, msg_path = BUF_INIT;
	buf err = BUF_INIT, out = BUF_INIT;
	char vt[64];
	int status = -1, rc;

	*ok = false;
	if (detail && detail_size)
		detail[0] = '\0';
	if ((rc = ssh_tmpdir_make(&t)) < 0)
		return rc;
	if ((rc = ssh_tmpdir_write(&t, &allowed_path, "allowed_signers", allowed_signers, allowed_len)) < 0 ||
	    (rc = ssh_tmpdir_write(&t, &sig_path, "message.sig", armor, armor_len)) < 0 ||
	    (rc = ssh_tmpdir_write(&t, &msg_path, "message", msg, msg_len)) < 0)
		goto out;
	verify_time_option(vt, sizeof(vt), verify_time);
	{
		const char *argv[] = { "ssh-keygen", "-Y", "verify", "-f", allowed_path.ptr,
			"-I", principal, "-n", namespace, "-s", sig_path.ptr,
			vt[0] ? vt : NULL, NULL };
		if ((rc = sshkeygen_run(&status, &out, &err, argv, msg_path.ptr)) < 0)
			goto out;
	}
	*ok = status == 0;
	if (!*ok)
		first_line(detail, detail_size, err.size ? buf_cstr(&err) : "ssh-keygen refused the signature");
	rc = 0;
out:
	ssh_tmpdir_remove(&t);
	buf_free(&allowed_path);
	buf_free(&sig_path);
	buf_free(&msg_path);
	buf_free(&err);
	buf_free(&out);
	return rc;
}

int sshsig_keygen_find_principals(char **out, const char *allowed_signers,
	size_t allowed_len, int64_t verify_time, const char *armor, size_t armor_len)
{
	ssh_tmpdir t;
	buf allowed_path = BUF_INIT, sig_path = BUF_INIT, err = BUF_INIT, found = BUF_INIT;
	char vt[64];
	int status = -1, rc;

	*out = NULL;
	if ((rc = ssh_tmpdir_make(&t)) < 0)
		return rc;
	if ((rc = ssh_tmpdir_write(&t, &allowed_path, "allowed_signers", allowed_signers, allowed_len)) < 0 ||
	    (rc = ssh_tmpdir_write(&t, &sig_path, "message.sig", armor, armor_len)) < 0)
		goto out;
	verify_time_option(vt, sizeof(vt), verify_time);
	{
		const char *argv[] = { "ssh-keygen", "-Y", "find-principals", "-f", allowed_path.ptr,
			"-s", sig_path.ptr, vt[0] ? vt : NULL, NULL };
		if ((rc = sshkeygen_run(&status, &found, &err, argv, "/dev/null")) < 0)
			goto out;
	}
	if (status != 0)
		buf_clear(&found); /* none found */
	buf_puts(&found, "");
	if ((rc = buf_check(&found)) < 0)
		goto out;
	*out = buf_detach(&found);
	rc = 0;
out:
	ssh_tmpdir_remove(&t);
	buf_free(&allowed_path);
	buf_free(&sig_path);
	buf_free(&err);
	buf_free(&found);
	return rc;
}
