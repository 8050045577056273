/* SSH signatures (OpenSSH SSHSIG, PROTOCOL.sshsig) as git writes them:
 * signing with a charter_signer, and the pieces verification needs.
 * Implemented in signer.c (keys, ssh-keygen fallback) and sshsig.c (the
 * format, native Ed25519 through libsodium). */
#ifndef CHARTER_SSHSIG_H
#define CHARTER_SSHSIG_H

#include "buf.h"
#include "internal.h"

/* Sign `data` in `namespace` ("git" for commits and tags). Appends to `out`
 * the armored signature exactly as `ssh-keygen -Y sign` prints it:
 * "-----BEGIN SSH SIGNATURE-----\n", base64 wrapped at 70 columns,
 * "-----END SSH SIGNATURE-----\n" (with the final newline). */
int signer_sign(buf *out, charter_signer *signer, const char *namespace,
	const void *data, size_t len);

#endif
