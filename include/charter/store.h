/**
 * # charter/store.h — a store, identities and signing keys
 *
 * A store is an ordinary git repository (bare or not) whose branch `main`
 * holds the adopted text, one commit per adoption (see doc/DESIGN.md).
 */
#ifndef CHARTER_STORE_H
#define CHARTER_STORE_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct charter_store charter_store;
typedef struct charter_signer charter_signer;
typedef struct charter_identity charter_identity;

/**
 * Open the store at `path` (a work tree or git directory). With `path` NULL:
 * `$CHARTER_STORE`, else the git repository containing the current
 * directory. CHARTER_ENOTFOUND when there is none. Free with
 * `charter_store_free()`.
 */
CHARTER_EXTERN(int) charter_store_open(charter_store **out, const char *path);

CHARTER_EXTERN(void) charter_store_free(charter_store *store);

/** The store's git directory. Owned by the store. */
CHARTER_EXTERN(const char *) charter_store_gitdir(const charter_store *store);

/** Options for `charter_store_init()`. Start from CHARTER_STORE_INIT_OPTIONS_INIT. */
typedef struct {
	unsigned int version;
	const char *adopted_on;  /**< YYYY-MM-DD, from 1970-01-01; NULL: today (UTC) */
	const char *convention;  /**< name recorded in `Convention:`; NULL: "founding" */
	const char *source;      /**< optional `Source:` trailer (where the text came from) */
	int bare;                /**< nonzero: a bare repository, no work tree */
	const charter_identity *by; /**< who records it; required */
	charter_signer *signer;  /**< key that signs the root commit; required */
} charter_store_init_options;

#define CHARTER_STORE_INIT_OPTIONS_VERSION 1
#define CHARTER_STORE_INIT_OPTIONS_INIT { CHARTER_STORE_INIT_OPTIONS_VERSION, NULL, NULL, NULL, 0, NULL, NULL }

/**
 * Create a new store at `path` whose root commit on `main` is the founding
 * text read from `statements_dir` (laid out as `README.md` +
 * `sections/<slug>.md`), signed by `opts->signer`, whose public key becomes
 * the first entry of `.charter/allowed_signers` under the principal
 * `opts->by`'s email. The statements are fully validated first; on any
 * failure nothing is left behind (a directory this call created is removed).
 * CHARTER_EEXISTS when `path` is already a non-empty directory.
 * `out` may be NULL; otherwise free with `charter_store_free()`.
 */
CHARTER_EXTERN(int) charter_store_init(charter_store **out, const char *path,
	const char *statements_dir, const charter_store_init_options *opts);

/**
 * What `charter_store_init()` did, for people or programs: TEXT one line
 * ("Created store PATH: founding text signed by NAME <EMAIL>"); JSON
 * `{"store": path as given, "gitdir", "commit": the root commit, "by",
 * "email", "public_key", "bare": bool}`. `opts` are the options the store
 * was made with (`by` and `signer` required). The caller frees `*out` with
 * `charter_free()`.
 */
CHARTER_EXTERN(int) charter_store_init_render(char **out, size_t *out_len, charter_store *store,
	const char *path, const charter_store_init_options *opts, charter_format format);

/**
 * Resolve WHEN to the hex id of a commit on `main` (out: 41 bytes).
 * WHEN is tried, in order, as: NULL or "" (the tip of `main`); a date
 * `YYYY-MM-DD` (the text in force at the end of that day); a convention
 * name or tag `convention/<name>`; an amendment id (the adoption that
 * adopted it); a commit id or unique prefix (at least 4 hex digits).
 * CHARTER_ENOTFOUND when nothing matches.
 */
CHARTER_EXTERN(int) charter_resolve(char out[41], charter_store *store, const char *when);

/**
 * The value of git configuration variable `name` (e.g. "core.pager"), as
 * git reads it: the store's config when `store` is given (repository,
 * then global and system), else the global and system ones. `*out` is
 * owned by the caller (`charter_free()`). CHARTER_ENOTFOUND when it is not
 * set (`*out` NULL), CHARTER_EINVALID for an empty `name`, CHARTER_ERROR
 * when the config cannot be read.
 */
CHARTER_EXTERN(int) charter_config_get(char **out, charter_store *store, const char *name);

/**
 * Parse "Name <email>" into an identity. Free with `charter_identity_free()`.
 */
CHARTER_EXTERN(int) charter_identity_parse(charter_identity **out, const char *name_email);

/**
 * The default identity: git config `user.name` and `user.email` (the store's
 * config when `store` is given, else the global one). CHARTER_ENOTFOUND if unset.
 */
CHARTER_EXTERN(int) charter_identity_default(charter_identity **out, charter_store *store);

CHARTER_EXTERN(const char *) charter_identity_name(const charter_identity *id);
CHARTER_EXTERN(const char *) charter_identity_email(const charter_identity *id);
CHARTER_EXTERN(void) charter_identity_free(charter_identity *id);

/**
 * Open a signing key. `key_path` is an OpenSSH private key file; an
 * unencrypted Ed25519 key signs natively, any other key (encrypted, not
 * Ed25519, PEM, or a public key file whose private half is in ssh-agent)
 * signs through `ssh-keygen -Y sign -n git`, as git does; ssh-keygen may ask
 * for a passphrase on the terminal when signing. As in git, `key_path` may
 * also be a literal public key, `key::ssh-ed25519 AAAA...`, whose private
 * half is in ssh-agent, and a leading `~/` stands for `$HOME/`. With
 * `key_path` NULL: `$CHARTER_SIGNING_KEY`, else git config
 * `user.signingkey` (of `store` when given, else the user's). Opening an
 * OpenSSH key reads no passphrase (its public key is in the clear); only an
 * encrypted PEM key without `KEY.pub` makes `ssh-keygen -y` ask for one.
 * CHARTER_ENOTFOUND when no key is configured, CHARTER_EINVALID (naming the
 * file) when it cannot be read or is not a usable key. Free with
 * `charter_signer_free()`, which wipes the secret key.
 */
CHARTER_EXTERN(int) charter_signer_open(charter_signer **out, charter_store *store, const char *key_path);

/** The public key as an OpenSSH line "ssh-ed25519 AAAA..." (type and
 *  base64, no comment), as it goes into `allowed_signers`. Owned by the signer. */
CHARTER_EXTERN(const char *) charter_signer_public_key(const charter_signer *signer);

CHARTER_EXTERN(void) charter_signer_free(charter_signer *signer);

#ifdef __cplusplus
}
#endif
#endif
