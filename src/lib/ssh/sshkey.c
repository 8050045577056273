/* OpenSSH keys: wire encoding, armor, public keys, private key files. */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "ssh/sshkey.h"

/* ---- Wire encoding ------------------------------------------------------ */

int sshrd_u32(sshrd *r, uint32_t *out)
{
	if (r->len < 4)
		return -1;
	*out = (uint32_t)r->p[0] << 24 | (uint32_t)r->p[1] << 16 |
	       (uint32_t)r->p[2] << 8 | (uint32_t)r->p[3];
	r->p += 4;
	r->len -= 4;
	return 0;
}

int sshrd_bytes(sshrd *r, const unsigned char **out, size_t n)
{
	if (r->len < n)
		return -1;
	*out = r->p;
	r->p += n;
	r->len -= n;
	return 0;
}

int sshrd_string(sshrd *r, const unsigned char **out, size_t *out_len)
{
	sshrd save = *r;
	uint32_t n;
	if (sshrd_u32(r, &n) < 0 || sshrd_bytes(r, out, n) < 0) {
		*r = save;
		return -1;
	}
	*out_len = n;
	return 0;
}

int sshrd_string_eq(sshrd *r, const char *expect)
{
	sshrd save = *r;
	const unsigned char *s;
	size_t n;
	if (sshrd_string(r, &s, &n) < 0 || n != strlen(expect) || memcmp(s, expect, n) != 0) {
		*r = save;
		return -1;
	}
	return 0;
}

void sshbuf_put_u32(buf *b, uint32_t v)
{
	unsigned char be[4] = { (unsigned char)(v >> 24), (unsigned char)(v >> 16),
		(unsigned char)(v >> 8), (unsigned char)v };
	buf_put(b, be, 4);
}

void sshbuf_put_string(buf *b, const void *data, size_t len)
{
	if (len > UINT32_MAX) {
		b->oom = true; /* cannot be encoded; fail the writer */
		return;
	}
	sshbuf_put_u32(b, (uint32_t)len);
	buf_put(b, data, len);
}

void sshbuf_put_cstring(buf *b, const char *s)
{
	sshbuf_put_string(b, s, strlen(s));
}

/* ---- Armor -------------------------------------------------------------- */

static bool is_b64_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '+' || c == '/' || c == '=';
}

/* Decode standard base64 with padding; the whole input must be consumed. */
static int b64_decode(unsigned char **out, size_t *out_len, const char *b64, size_t len)
{
	size_t max = len / 4 * 3 + 3;
	unsigned char *bin = malloc(max);
	size_t bin_len = 0;
	const char *end = NULL;
	if (!bin)
		return -1;
	if (len == 0 || sodium_base642bin(bin, max, b64, len, NULL, &bin_len, &end,
			sodium_base64_VARIANT_ORIGINAL) != 0 || end != b64 + len) {
		sodium_memzero(bin, max);
		free(bin);
		return -1;
	}
	*out = bin;
	*out_len = bin_len;
	return 0;
}

/* The next line of [*p, end): sets [line, line + n) without its line end
 * and advances *p past it. `had_lf` tells whether a LF ended it. */
static void next_line(const char **p, const char *end, const char **line, size_t *n,
	bool *had_lf)
{
	const char *s = *p;
	const char *nl = memchr(s, '\n', (size_t)(end - s));
	*line = s;
	if (nl) {
		*n = (size_t)(nl - s);
		*p = nl + 1;
		*had_lf = true;
	} else {
		*n = (size_t)(end - s);
		*p = end;
		*had_lf = false;
	}
}

static bool line_is(const char *line, size_t n, const char *what, const char *label)
{
	size_t wl = strlen(what), ll = strlen(label);
	/* "-----" what " " label "-----" */
	if (n != 5 + wl + 1 + ll + 5)
		return false;
	return memcmp(line, "-----", 5) == 0 && memcmp(line + 5, what, wl) == 0 &&
	       line[5 + wl] == ' ' && memcmp(line + 6 + wl, label, ll) == 0 &&
	       memcmp(line + 6 + wl + ll, "-----", 5) == 0;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

int ssh_dearmor(unsigned char **out, size_t *out_len, const char *text, size_t len,
	const char *label, bool strict)
{
	const char *p = text, *end = text + len;
	const char *line;
	size_t n;
	bool lf;
	buf b64 = BUF_INIT;
	int rc = -1;

	if (!strict) {
		while (p < end && is_blank(*p))
			p++;
		while (end > p && is_blank(end[-1]))
			end--;
	}
	next_line(&p, end, &line, &n, &lf);
	if (!strict && n > 0 && line[n - 1] == '\r')
		n--;
	if (!lf || !line_is(line, n, "BEGIN", label))
		goto out;
	for (;;) {
		if (p >= end)
			goto out; /* no END line */
		next_line(&p, end, &line, &n, &lf);
		if (!strict && n > 0 && line[n - 1] == '\r')
			n--;
		if (line_is(line, n, "END", label))
			break;
		if (n == 0 || !lf)
			goto out;
		for (size_t i = 0; i < n; i++)
			if (!is_b64_char(line[i]))
				goto out;
		buf_put(&b64, line, n);
	}
	/* After the END line: nothing, the final LF being consumed already. */
	if (p != end || buf_check(&b64) < 0)
		goto out;
	if (b64_decode(out, out_len, b64.ptr, b64.size) < 0)
		goto out;
	rc = 0;
out:
	if (b64.ptr)
		sodium_memzero(b64.ptr, b64.asize);
	buf_free(&b64);
	return rc;
}

void ssh_armor(buf *out, const unsigned char *blob, size_t len, const char *label)
{
	size_t b64_size = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL);
	char *b64 = malloc(b64_size);
	if (!b64) {
		out->oom = true;
		return;
	}
	sodium_bin2base64(b64, b64_size, blob, len, sodium_base64_VARIANT_ORIGINAL);
	size_t n = strlen(b64);
	buf_printf(out, "-----BEGIN %s-----\n", label);
	for (size_t i = 0; i < n; i += 70) {
		buf_put(out, b64 + i, n - i < 70 ? n - i : 70);
		buf_putc(out, '\n');
	}
	buf_printf(out, "-----END %s-----\n", label);
	free(b64);
}

/* ---- Public keys -------------------------------------------------------- */

const unsigned char *sshkey_ed25519_pk(const unsigned char *blob, size_t len)
{
	sshrd r = { blob, len };
	const unsigned char *pk;
	size_t pk_len;
	if (sshrd_string_eq(&r, SSHKEY_ED25519) < 0 || sshrd_string(&r, &pk, &pk_len) < 0 ||
	    pk_len != crypto_sign_PUBLICKEYBYTES || r.len != 0)
		return NULL;
	return pk;
}

static bool valid_type_name(const unsigned char *s, size_t n)
{
	if (n == 0 || n > 128)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] <= ' ' || s[i] >= 0x7f)
			return false;
	return true;
}

/* Check a blob; on success set *type (malloc'd). */
static int blob_check(char **type, const unsigned char *blob, size_t len)
{
	sshrd r = { blob, len };
	const unsigned char *t;
	size_t tn;
	if (sshrd_string(&r, &t, &tn) < 0 || !valid_type_name(t, tn))
		return error_set(CHARTER_EINVALID, "malformed public key: no key type");
	if (tn == strlen(SSHKEY_ED25519) && memcmp(t, SSHKEY_ED25519, tn) == 0 &&
	    !sshkey_ed25519_pk(blob, len))
		return error_set(CHARTER_EINVALID, "malformed ssh-ed25519 public key");
	if (r.len == 0)
		return error_set(CHARTER_EINVALID, "malformed public key: no key data");
	if (!(*type = xstrndup((const char *)t, tn)))
		return CHARTER_ERROR;
	return 0;
}

int sshkey_pub_from_blob(sshkey_pub *out, const unsigned char *blob, size_t len)
{
	sshkey_pub k = SSHKEY_PUB_INIT;
	int rc;
	if ((rc = blob_check(&k.type, blob, len)) < 0)
		return rc;
	if (!(k.blob = malloc(len ? len : 1))) {
		free(k.type);
		return error_set(CHARTER_ERROR, "out of memory");
	}
	memcpy(k.blob, blob, len);
	k.blob_len = len;
	*out = k;
	return 0;
}

int sshkey_pub_parse(sshkey_pub *out, const char *line, size_t len)
{
	const char *p = line, *end = line + len;
	const char *type, *b64;
	size_t type_len, b64_len;
	unsigned char *blob = NULL;
	size_t blob_len;
	sshkey_pub k = SSHKEY_PUB_INIT;
	int rc;

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	while (end > p && is_blank(end[-1]))
		end--;
	if (memchr(p, '\n', (size_t)(end - p)) || memchr(p, '\0', (size_t)(end - p)))
		return error_set(CHARTER_EINVALID, "not a public key line: more than one line");
	type = p;
	while (p < end && *p != ' ' && *p != '\t')
		p++;
	type_len = (size_t)(p - type);
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	b64 = p;
	while (p < end && *p != ' ' && *p != '\t')
		p++;
	b64_len = (size_t)(p - b64);
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (type_len == 0 || b64_len == 0)
		return error_set(CHARTER_EINVALID, "not a public key line: expected \"TYPE BASE64 [COMMENT]\"");
	for (size_t i = 0; i < b64_len; i++)
		if (!is_b64_char(b64[i]))
			return error_set(CHARTER_EINVALID, "not a public key line: bad base64");
	if (b64_decode(&blob, &blob_len, b64, b64_len) < 0)
		return error_set(CHARTER_EINVALID, "not a public key line: bad base64");
	if ((rc = sshkey_pub_from_blob(&k, blob, blob_len)) < 0)
		goto out;
	if (strlen(k.type) != type_len || memcmp(k.type, type, type_len) != 0) {
		rc = error_set(CHARTER_EINVALID, "public key type \"%.*s\" does not match its key data (%s)",
			(int)(type_len > 64 ? 64 : type_len), type, k.type);
		goto out;
	}
	if (p < end && !(k.comment = xstrndup(p, (size_t)(end - p)))) {
		rc = CHARTER_ERROR;
		goto out;
	}
	*out = k;
	k = (sshkey_pub)SSHKEY_PUB_INIT;
	rc = 0;
out:
	sshkey_pub_free(&k);
	free(blob);
	return rc;
}

void sshkey_pub_free(sshkey_pub *key)
{
	if (!key)
		return;
	free(key->type);
	free(key->blob);
	free(key->comment);
	*key = (sshkey_pub)SSHKEY_PUB_INIT;
}

void sshkey_pub_format(buf *out, const sshkey_pub *key)
{
	size_t b64_size = sodium_base64_ENCODED_LEN(key->blob_len, sodium_base64_VARIANT_ORIGINAL);
	char *b64 = malloc(b64_size);
	if (!b64) {
		out->oom = true;
		return;
	}
	sodium_bin2base64(b64, b64_size, key->blob, key->blob_len, sodium_base64_VARIANT_ORIGINAL);
	buf_printf(out, "%s %s", key->type, b64);
	free(b64);
}

bool sshkey_blob_equal(const unsigned char *a, size_t a_len,
	const unsigned char *b, size_t b_len)
{
	return a_len == b_len && (a_len == 0 || sodium_memcmp(a, b, a_len) == 0);
}

bool sshkey_pub_equal(const sshkey_pub *a, const sshkey_pub *b)
{
	return sshkey_blob_equal(a->blob, a->blob_len, b->blob, b->blob_len);
}

void sshkey_fingerprint(char out[SSHKEY_FP_SIZE], const unsigned char *blob, size_t len)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, blob, len);
	memcpy(out, "SHA256:", 7);
	sodium_bin2base64(out + 7, SSHKEY_FP_SIZE - 7, h, sizeof(h),
		sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
}

/* ---- Key files ---------------------------------------------------------- */

#define OPENSSH_LABEL "OPENSSH PRIVATE KEY"
#define OPENSSH_MAGIC "openssh-key-v1" /* followed by a NUL byte */

static bool starts_with_pem(const char *text, size_t len)
{
	static const char *const labels[] = {
		"-----BEGIN RSA PRIVATE KEY-----", "-----BEGIN DSA PRIVATE KEY-----",
		"-----BEGIN EC PRIVATE KEY-----", "-----BEGIN PRIVATE KEY-----",
		"-----BEGIN ENCRYPTED PRIVATE KEY-----",
	};
	while (len > 0 && is_blank(*text)) {
		text++;
		len--;
	}
	for (size_t i = 0; i < ARRAY_SIZE(labels); i++) {
		size_t n = strlen(labels[i]);
		if (len >= n && memcmp(text, labels[i], n) == 0)
			return true;
	}
	return false;
}

/* The private section of an unencrypted ssh-ed25519 key: checkints, the
 * key, its comment, padding 1, 2, 3, ... to a multiple of 8. */
static int parse_ed25519_private(sshkey_file *k, const unsigned char *priv, size_t priv_len)
{
	sshrd r = { priv, priv_len };
	uint32_t check1, check2;
	const unsigned char *pk, *sk, *comment;
	size_t pk_len, sk_len, comment_len;
	const unsigned char *header_pk = sshkey_ed25519_pk(k->pub.blob, k->pub.blob_len);
	unsigned char derived_pk[crypto_sign_PUBLICKEYBYTES];
	unsigned char derived_sk[crypto_sign_SECRETKEYBYTES];
	int ok;

	if (priv_len % 8 != 0)
		return error_set(CHARTER_EINVALID, "malformed OpenSSH private key: bad length");
	if (sshrd_u32(&r, &check1) < 0 || sshrd_u32(&r, &check2) < 0)
		return error_set(CHARTER_EINVALID, "malformed OpenSSH private key: truncated");
	if (check1 != check2)
		return error_set(CHARTER_EINVALID, "malformed OpenSSH private key: check integers differ");
	if (sshrd_string_eq(&r, SSHKEY_ED25519) < 0)
		return error_set(CHARTER_EINVALID, "malformed OpenSSH private key: key type differs from its public key");
	if (sshrd_string(&r, &pk, &pk_len) < 0 || pk_len != crypto_sign_PUBLICKEYBYTES ||
	    sshrd_string(&r, &sk, &sk_len) < 0 || sk_len != crypto_sign_SECRETKEYBYTES ||
	    sshrd_string(&r, &comment, &comment_len) < 0)
		return error_set(CHARTER_EINVALID, "malformed OpenSSH private key: truncated Ed25519 key");
	for (size_t i = 0; i < r.len; i++)
		if (r.p[i] != (unsigned char)(i + 1))
			return error_set(CHARTER_EINVALID, "malformed OpenSSH private key: bad padding");
	if (!header_pk || sodium_memcmp(pk, header_pk, pk_len) != 0 ||
	    sodium_memcmp(sk + 32, pk, pk_len) != 0)
		return error_set(CHARTER_EINVALID, "malformed OpenSSH private key: private and public key differ");
	/* The seed must really give this public key. */
	crypto_sign_seed_keypair(derived_pk, derived_sk, sk);
	ok = sodium_memcmp(derived_pk, pk, pk_len) == 0;
	sodium_memzero(derived_sk, sizeof(derived_sk));
	if (!ok)
		return error_set(CHARTER_EINVALID, "malformed OpenSSH private key: private and public key differ");
	memcpy(k->sk, sk, sizeof(k->sk));
	if (comment_len > 0) {
		k->pub.comment = xstrndup((const char *)comment, comment_len);
		if (!k->pub.comment)
			return CHARTER_ERROR;
	}
	return 0;
}

static int parse_openssh(sshkey_file *k, const unsigned char *bin, size_t bin_len)
{
	sshrd r = { bin, bin_len };
	const unsigned char *magic, *cipher, *kdf, *kdfopts, *pub, *priv;
	size_t cipher_len, kdf_len, kdfopts_len, pub_len, priv_len;
	uint32_t nkeys;
	bool encrypted;
	int rc;

	if (sshrd_bytes(&r, &magic, sizeof(OPENSSH_MAGIC)) < 0 ||
	    memcmp(magic, OPENSSH_MAGIC, sizeof(OPENSSH_MAGIC)) != 0)
		return error_set(CHARTER_EINVALID, "malformed OpenSSH private key: bad magic");
	if (sshrd_string(&r, &cipher, &cipher_len) < 0 || sshrd_string(&r, &kdf, &kdf_len) < 0 ||
	    sshrd_string(&r, &kdfopts, &kdfopts_len) < 0 || sshrd_u32(&r, &nkeys) < 0)
		return error_set(CHARTER_EINVALID, "malformed OpenSSH private key: truncated header");
	if (nkeys != 1)
		return error_set(CHARTER_EINVALID, "OpenSSH private key file holds %lu keys, not one",
			(unsigned long)nkeys);
	if (sshrd_string(&r, &pub, &pub_len) < 0 || sshrd_string(&r, &priv, &priv_len) < 0)
		return error_set(CHARTER_EINVALID, "malformed OpenSSH private key: truncated");
	if (r.len != 0)
		return error_set(CHARTER_EINVALID, "malformed OpenSSH private key: trailing data");
	if ((rc = sshkey_pub_from_blob(&k->pub, pub, pub_len)) < 0)
		return rc;

	encrypted = !(cipher_len == 4 && memcmp(cipher, "none", 4) == 0);
	if (encrypted) {
		k->kind = SSHKEY_FILE_ENCRYPTED;
		return 0;
	}
	if (!(kdf_len == 4 && memcmp(kdf, "none", 4) == 0) || kdfopts_len != 0)
		return error_set(CHARTER_EINVALID, "malformed OpenSSH private key: cipher none with a kdf");
	if (strcmp(k->pub.type, SSHKEY_ED25519) != 0) {
		k->kind = SSHKEY_FILE_OTHER_TYPE;
		return 0;
	}
	k->kind = SSHKEY_FILE_NATIVE;
	return parse_ed25519_private(k, priv, priv_len);
}

int sshkey_file_parse(sshkey_file *out, const char *text, size_t len)
{
	sshkey_file k;
	unsigned char *bin = NULL;
	size_t bin_len = 0;
	int rc;

	memset(&k, 0, sizeof(k));
	if (starts_with_pem(text, len)) {
		k.kind = SSHKEY_FILE_PEM;
		*out = k;
		return 0;
	}
	if (ssh_dearmor(&bin, &bin_len, text, len, OPENSSH_LABEL, false) == 0) {
		rc = parse_openssh(&k, bin, bin_len);
		sodium_memzero(bin, bin_len);
		free(bin);
		if (rc < 0) {
			sshkey_file_free(&k);
			return rc;
		}
		*out = k;
		return 0;
	}
	/* Not armor we can read: a public key line, or nothing we know. */
	{
		const char *p = text;
		while (p < text + len && is_blank(*p))
			p++;
		size_t n = (size_t)(text + len - p);
		if (n >= 11 && memcmp(p, "-----BEGIN ", 11) == 0) {
			static const char begin[] = "-----BEGIN " OPENSSH_LABEL "-----";
			bool ours = n >= sizeof(begin) - 1 && memcmp(p, begin, sizeof(begin) - 1) == 0;
			return error_set(CHARTER_EINVALID, "%s", ours ?
				"malformed OpenSSH private key: bad armor or base64" :
				"not an OpenSSH key (unknown armor)");
		}
	}
	if (sshkey_pub_parse(&k.pub, text, len) < 0)
		return error_set(CHARTER_EINVALID, "not an SSH key (neither an OpenSSH private key nor a public key line)");
	k.kind = SSHKEY_FILE_PUBLIC;
	*out = k;
	return 0;
}

void sshkey_file_free(sshkey_file *key)
{
	if (!key)
		return;
	sshkey_pub_free(&key->pub);
	sodium_memzero(key->sk, sizeof(key->sk));
}
