/* OpenSSH keys: public key lines and blobs, private key files, fingerprints,
 * and the length-prefixed wire encoding (RFC 4251 "string", "uint32") they
 * all share. Every parser here takes hostile input: lengths are checked
 * before every read and nothing is read past the end. */
#ifndef CHARTER_SSHKEY_H
#define CHARTER_SSHKEY_H

#include "base/buf.h"
#include "base/internal.h"

/* ---- Wire encoding ------------------------------------------------------ */

/* A read cursor over bytes it does not own. */
typedef struct {
	const unsigned char *p;
	size_t len;
} sshrd;

/* Each returns 0, or -1 (cursor unchanged) when the input is too short. */
int sshrd_u32(sshrd *r, uint32_t *out);
int sshrd_bytes(sshrd *r, const unsigned char **out, size_t n);
/* A string: uint32 big-endian length, then that many bytes. */
int sshrd_string(sshrd *r, const unsigned char **out, size_t *out_len);
/* A string that must equal `expect` exactly. */
int sshrd_string_eq(sshrd *r, const char *expect);

void sshbuf_put_u32(buf *b, uint32_t v);
void sshbuf_put_string(buf *b, const void *data, size_t len);
void sshbuf_put_cstring(buf *b, const char *s);

/* ---- Armor ------------------------------------------------------------- */

/* Decode "-----BEGIN <label>-----\n" base64 lines "-----END <label>-----".
 * Strict (signatures): exactly that, LF line ends, at most one final LF,
 * nothing before or after. Lenient (key files): blanks around the armor and
 * CRLF line ends are accepted. Returns 0 and a malloc'd blob, or -1 (no
 * message set: the caller names the failure). */
int ssh_dearmor(unsigned char **out, size_t *out_len, const char *text, size_t len,
	const char *label, bool strict);

/* Append the armor for `blob`: BEGIN line, base64 wrapped at 70 columns,
 * END line, final newline. */
void ssh_armor(buf *out, const unsigned char *blob, size_t len, const char *label);

/* ---- Public keys -------------------------------------------------------- */

#define SSHKEY_ED25519 "ssh-ed25519"
/* "SHA256:" + 43 base64 characters + NUL, rounded up. */
#define SSHKEY_FP_SIZE 64

/* A public key: its type name and its wire blob (which starts with the type
 * name again). Ed25519 blobs are checked in full (type, 32-byte key, nothing
 * after); other types are kept as opaque blobs whose leading type string
 * matches `type`. All fields are owned by the struct. */
typedef struct {
	char *type;
	unsigned char *blob;
	size_t blob_len;
	char *comment; /* NULL when the line had none */
} sshkey_pub;

#define SSHKEY_PUB_INIT { NULL, NULL, 0, NULL }

/* Parse a public key line "type base64 [comment]" (one line; leading and
 * trailing blanks are ignored, as is a final newline). CHARTER_EINVALID
 * with a message when it is not one. */
int sshkey_pub_parse(sshkey_pub *out, const char *line, size_t len);

/* Make a key from a wire blob (copied). CHARTER_EINVALID if malformed. */
int sshkey_pub_from_blob(sshkey_pub *out, const unsigned char *blob, size_t len);

void sshkey_pub_free(sshkey_pub *key);

/* Append "type base64" (no comment, no newline). */
void sshkey_pub_format(buf *out, const sshkey_pub *key);

/* True when both keys have the same blob (constant time in the content). */
bool sshkey_pub_equal(const sshkey_pub *a, const sshkey_pub *b);
bool sshkey_blob_equal(const unsigned char *a, size_t a_len,
	const unsigned char *b, size_t b_len);

/* The 32-byte Ed25519 public key inside a blob, or NULL when the blob is not
 * a well-formed ssh-ed25519 key. Points into `blob`. */
const unsigned char *sshkey_ed25519_pk(const unsigned char *blob, size_t len);

/* "SHA256:<base64 without padding>" of the blob, as `ssh-keygen -l` prints. */
void sshkey_fingerprint(char out[SSHKEY_FP_SIZE], const unsigned char *blob, size_t len);

/* ---- Key files ---------------------------------------------------------- */

typedef enum {
	SSHKEY_FILE_NATIVE,     /* unencrypted OpenSSH Ed25519 key: libsodium signs */
	SSHKEY_FILE_ENCRYPTED,  /* OpenSSH key with a passphrase: ssh-keygen signs */
	SSHKEY_FILE_OTHER_TYPE, /* unencrypted OpenSSH key, not Ed25519: ssh-keygen */
	SSHKEY_FILE_PEM,        /* PEM / PKCS#8 private key: ssh-keygen; no public key */
	SSHKEY_FILE_PUBLIC,     /* a public key line: the private half is in ssh-agent */
} sshkey_file_kind;

/* What a key file holds. `pub` is set for every kind but SSHKEY_FILE_PEM
 * (an OpenSSH private key file carries its public key unencrypted). `sk` is
 * libsodium's Ed25519 secret key (seed ‖ public key), for NATIVE only; it is
 * wiped by sshkey_file_free(). */
typedef struct {
	sshkey_file_kind kind;
	sshkey_pub pub;
	unsigned char sk[64];
} sshkey_file;

/* Parse the contents of a key file. CHARTER_EINVALID with a message (without
 * the file name: the caller adds it) when it is no key at all, or an OpenSSH
 * key that is malformed (bad armor or base64, truncated, check integers that
 * differ, a private key not matching its public key, bad padding). */
int sshkey_file_parse(sshkey_file *out, const char *text, size_t len);

void sshkey_file_free(sshkey_file *key);

#endif
