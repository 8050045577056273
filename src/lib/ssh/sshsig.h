/* SSH signatures (OpenSSH SSHSIG, PROTOCOL.sshsig) as git writes them:
 * the format, native Ed25519 signing and verification through libsodium,
 * and verification through ssh-keygen (run by keygen.c). Signing with a
 * charter_signer is signer.h. */
#ifndef CHARTER_SSHSIG_H
#define CHARTER_SSHSIG_H

#include "base/buf.h"
#include "base/internal.h"
#include "ssh/sshkey.h"

/* ---- Signing ------------------------------------------------------------ */

/* Native SSHSIG with an Ed25519 secret key (libsodium layout, seed ‖ pk),
 * hash sha512, appended to `out` as armor (same bytes as ssh-keygen). */
int sshsig_sign_ed25519(buf *out, const unsigned char sk[64], const char *namespace,
	const void *data, size_t len);

/* ---- Verification ------------------------------------------------------- */

typedef enum {
	SSHSIG_GOOD = 0,         /* verifies over these bytes in this namespace */
	SSHSIG_MALFORMED,        /* bad armor/base64, truncated, bad magic/version,
	                            trailing junk, unknown hash, inconsistent types */
	SSHSIG_WRONG_NAMESPACE,  /* well formed, but made for another namespace */
	SSHSIG_BAD_SIGNATURE,    /* does not verify over these bytes */
	SSHSIG_UNSUPPORTED,      /* well formed, right namespace, key type not
	                            ssh-ed25519: verify with sshsig_keygen_verify() */
} sshsig_verdict;

/* "good", "malformed-signature", "wrong-namespace", "bad-signature",
 * "unsupported-key-type". Static strings. */
const char *sshsig_verdict_name(sshsig_verdict v);

/* What a signature says and whether it holds. `key` is set (and the
 * fingerprint with it) whenever the blob parsed far enough to name the key,
 * that is for every verdict except SSHSIG_MALFORMED. `detail` is a one-line
 * human reason ("" for SSHSIG_GOOD). Free with sshsig_result_free(). */
typedef struct {
	sshsig_verdict verdict;
	sshkey_pub key;
	char fingerprint[SSHKEY_FP_SIZE];
	char namespace[64];  /* the signature's namespace (cut at 63 bytes) */
	char hash_alg[16];   /* "sha512", "sha256" */
	char detail[160];
} sshsig_result;

#define SSHSIG_RESULT_INIT { SSHSIG_MALFORMED, SSHKEY_PUB_INIT, "", "", "", "" }

/* Parse `armor` (one armored SSHSIG, as in a gpgsig header or a .sig file,
 * with or without its final newline) and verify it natively over `msg` in
 * `namespace`. Returns 0 whenever a verdict was reached (read it in
 * out->verdict), negative only when the check itself could not run (out of
 * memory). `out` must be initialized with SSHSIG_RESULT_INIT or be a result
 * already freed. */
int sshsig_verify(sshsig_result *out, const char *armor, size_t armor_len,
	const void *msg, size_t msg_len, const char *namespace);

void sshsig_result_free(sshsig_result *res);

/* Verify through `ssh-keygen -Y verify -f ALLOWED -I PRINCIPAL -n NAMESPACE
 * -s SIGFILE [-Overify-time=T] < msg` (as git does), for key types that are
 * not native. The allowed-signers text and signature are written to a
 * private temporary directory, removed afterwards. `verify_time` is unix
 * seconds (git passes the committer date), 0 to let ssh-keygen use now.
 * Sets *ok to true when ssh-keygen accepted the signature; otherwise
 * `detail` (may be NULL; size `detail_size`) gets ssh-keygen's first line
 * of complaint. Returns negative only when ssh-keygen could not run. */
int sshsig_keygen_verify(bool *ok, char *detail, size_t detail_size,
	const char *allowed_signers, size_t allowed_len, const char *principal,
	const char *namespace, int64_t verify_time,
	const char *armor, size_t armor_len, const void *msg, size_t msg_len);

/* `ssh-keygen -Y find-principals -s SIGFILE -f ALLOWED [-Overify-time=T]`:
 * the principals of the signature's key, one per line, into *out (malloc'd,
 * caller frees; "" when none match). This does not check the signature. */
int sshsig_keygen_find_principals(char **out, const char *allowed_signers,
	size_t allowed_len, int64_t verify_time, const char *armor, size_t armor_len);

#endif
