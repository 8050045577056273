/* Signing keys (charter_signer): opening one, and signing with it natively or through ssh-keygen. */
#ifndef CHARTER_SIGNER_H
#define CHARTER_SIGNER_H

#include "base/buf.h"
#include "base/internal.h"
#include "ssh/sshkey.h"

/* What charter_signer_open() does, with the git config of `repo` (NULL:
 * the user's) for user.signingkey. */
int signer_open(charter_signer **out, git_repository *repo, const char *key_path);

/* Sign `data` in `namespace` ("git" for commits and tags). Appends to `out`
 * the armored signature exactly as `ssh-keygen -Y sign` prints it:
 * "-----BEGIN SSH SIGNATURE-----\n", base64 wrapped at 70 columns,
 * "-----END SSH SIGNATURE-----\n" (with the final newline). */
int signer_sign(buf *out, charter_signer *signer, const char *namespace,
	const void *data, size_t len);

/* The signer's public key (owned by the signer). */
const sshkey_pub *signer_key(const charter_signer *signer);

/* True when the signer signs with libsodium, false when through ssh-keygen. */
bool signer_is_native(const charter_signer *signer);

#endif
