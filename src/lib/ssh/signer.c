/* Signing keys: which key, how to read it, and signing with it — natively
 * for unencrypted Ed25519 keys, through `ssh-keygen -Y sign` (as git does)
 * for everything else (the process itself is run by keygen.c). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "ssh/keygen.h"
#include "ssh/signer.h"
#include "ssh/sshsig.h"

#define MAX_KEY_FILE (1024 * 1024)

struct charter_signer {
	bool native;
	unsigned char sk[64]; /* native only; wiped on free */
	sshkey_pub pub;
	char *publine;        /* "type base64" */
	char *key_path;       /* file for ssh-keygen -f; NULL for a literal key */
	char *literal;        /* "type base64" given as key::..., signed via the agent */
	bool no_pub_file;     /* a PEM key without KEY.pub, which ssh-keygen -Y sign needs */
};

/* EISDIR stands for "not a regular file" from read_file(). */
#define EFTYPE_NOT_REGULAR EISDIR
/* Read a whole (small) file. */
static int read_file(buf *out, const char *path, size_t max, int *err)
{
	char chunk[4096];
	struct stat st = { 0 };
	/* O_NONBLOCK: a FIFO must not hang the open; only regular files. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	*err = 0;
	if (fd < 0) {
		*err = errno;
		return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		*err = EFTYPE_NOT_REGULAR;
		close(fd);
		return -1;
	}
	int fl = fcntl(fd, F_GETFL);
	if (fl >= 0)
		fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			*err = errno;
			break;
		}
		if (n == 0)
			break;
		if (out->size + (size_t)n > max) {
			*err = EFBIG;
			break;
		}
		buf_put(out, chunk, (size_t)n);
	}
	sodium_memzero(chunk, sizeof(chunk));
	close(fd);
	if (*err == 0 && out->oom)
		*err = ENOMEM;
	return *err ? -1 : 0;
}

static void buf_wipe_free(buf *b)
{
	if (b->ptr)
		sodium_memzero(b->ptr, b->asize);
	buf_free(b);
}

/* The first line of ssh-keygen's complaint, for a one-line message. */
static const char *first_line(buf *b, const char *fallback)
{
	char *s = b->ptr;
	if (!s)
		return fallback;
	while (*s == '\n' || *s == '\r')
		s++;
	s[strcspn(s, "\r\n")] = '\0';
	return *s ? s : fallback;
}

/* ---- Opening a key ------------------------------------------------------ */

/* Re-raise the last failure as CHARTER_EINVALID with a prefix naming the key
 * (the message is copied first: error_set() writes over it). */
static int invalid_key(const char *prefix, const char *name)
{
	char why[512];
	snprintf(why, sizeof(why), "%s", charter_error_last());
	return error_set(CHARTER_EINVALID, "%s %s: %s", prefix, name, why);
}

/* user.signingkey from the repository's config, or the user's when repo is
 * NULL. *out is malloc'd, NULL when unset. */
static int config_signing_key(char **out, git_repository *repo)
{
	git_config *cfg = NULL, *snap = NULL;
	const char *v = NULL;
	int error;
	*out = NULL;
	error = repo ? git_repository_config(&cfg, repo) : git_config_open_default(&cfg);
	if (error < 0) {
		if (error == GIT_ENOTFOUND)
			return 0; /* no config files at all */
		return error_git(error, "cannot read git config");
	}
	if ((error = git_config_snapshot(&snap, cfg)) < 0) {
		git_config_free(cfg);
		return error_git(error, "cannot read git config");
	}
	error = 0;
	if (git_config_get_string(&v, snap, "user.signingkey") == 0 && v && *v &&
	    !(*out = xstrdup(v)))
		error = CHARTER_ERROR;
	git_error_clear();
	git_config_free(snap);
	git_config_free(cfg);
	return error;
}

/* "~/x" → "$HOME/x"; anything else copied. */
static char *expand_home(const char *path)
{
	const char *home = getenv("HOME");
	if (path[0] == '~' && path[1] == '/' && home && *home) {
		buf b = BUF_INIT;
		buf_printf(&b, "%s/%s", home, path + 2);
		if (buf_check(&b) < 0) {
			buf_free(&b);
			return NULL;
		}
		return buf_detach(&b);
	}
	return xstrdup(path);
}

/* git's literal key forms: "key::ssh-ed25519 AAAA..." and (older) a value
 * that starts with "ssh-". Returns the key text or NULL. */
static const char *literal_key(const char *v)
{
	if (strncmp(v, "key::", 5) == 0)
		return v + 5;
	if (strncmp(v, "ssh-", 4) == 0)
		return v;
	return NULL;
}

static int set_publine(charter_signer *s)
{
	buf b = BUF_INIT;
	sshkey_pub_format(&b, &s->pub);
	if (buf_check(&b) < 0) {
		buf_free(&b);
		return CHARTER_ERROR;
	}
	s->publine = buf_detach(&b);
	return 0;
}

/* The public half of a key file we cannot read ourselves (PEM): KEY.pub if
 * there is one, else `ssh-keygen -y -f KEY` (which may ask for the
 * passphrase on the terminal). */
static int public_key_of(sshkey_pub *out, bool *from_pub_file, const char *path)
{
	buf text = BUF_INIT, pubpath = BUF_INIT, err = BUF_INIT;
	int e, status, rc;

	buf_printf(&pubpath, "%s.pub", path);
	if ((rc = buf_check(&pubpath)) < 0)
		goto out;
	*from_pub_file = false;
	if (read_file(&text, pubpath.ptr, MAX_KEY_FILE, &e) == 0) {
		*from_pub_file = true;
		if (sshkey_pub_parse(out, text.ptr ? text.ptr : "", text.size) < 0) {
			rc = invalid_key("public key", pubpath.ptr);
			goto out;
		}
		rc = 0;
		goto out;
	}
	buf_clear(&text);
	{
		const char *argv[] = { "ssh-keygen", "-y", "-f", path, NULL };
		if ((rc = sshkeygen_run(&status, &text, &err, argv, NULL)) < 0)
			goto out;
	}
	if (status != 0) {
		rc = error_set(CHARTER_EINVALID, "%s: ssh-keygen cannot read this key: %s", path,
			first_line(&err, "unknown error"));
		goto out;
	}
	if (sshkey_pub_parse(out, buf_cstr(&text), text.size) < 0) {
		rc = error_set(CHARTER_EINVALID, "%s: ssh-keygen -y printed no public key", path);
		goto out;
	}
	rc = 0;
out:
	buf_free(&text);
	buf_free(&pubpath);
	buf_free(&err);
	return rc;
}

static int open_key_file(charter_signer *s, const char *path)
{
	buf text = BUF_INIT;
	sshkey_file key;
	int e, rc;

	if (read_file(&text, path, MAX_KEY_FILE, &e) < 0) {
		rc = error_set(CHARTER_EINVALID, "cannot read signing key %s: %s", path,
			e == EFBIG ? "file too large for a key" : e == EFTYPE_NOT_REGULAR ? "not a regular file" : strerror(e));
		buf_wipe_free(&text);
		return rc;
	}
	rc = sshkey_file_parse(&key, buf_cstr(&text), text.size);
	buf_wipe_free(&text);
	if (rc < 0)
		return invalid_key("signing key", path);

	if (!(s->key_path = xstrdup(path))) {
		sshkey_file_free(&key);
		return CHARTER_ERROR;
	}
	switch (key.kind) {
	case SSHKEY_FILE_NATIVE:
		s->native = true;
		memcpy(s->sk, key.sk, sizeof(s->sk));
		/* fallthrough */
	case SSHKEY_FILE_ENCRYPTED:
	case SSHKEY_FILE_OTHER_TYPE:
	case SSHKEY_FILE_PUBLIC:
		s->pub = key.pub;
		key.pub = (sshkey_pub)SSHKEY_PUB_INIT;
		rc = 0;
		break;
	case SSHKEY_FILE_PEM: {
		bool from_pub_file = false;
		rc = public_key_of(&s->pub, &from_pub_file, path);
		s->no_pub_file = !from_pub_file;
		break;
	}
	}
	sshkey_file_free(&key);
	return rc;
}

int signer_open(charter_signer **out, git_repository *repo, const char *key_path)
{
	charter_signer *s = NULL;
	char *configured = NULL, *path = NULL;
	const char *spec = key_path, *lit;
	int rc;

	*out = NULL;
	if ((rc = charter_init()) < 0)
		return rc;
	if (!spec || !*spec)
		spec = getenv("CHARTER_SIGNING_KEY");
	if (!spec || !*spec) {
		if ((rc = config_signing_key(&configured, repo)) < 0)
			return rc;
		spec = configured;
	}
	if (!spec || !*spec) {
		rc = error_set_option(CHARTER_ENOTFOUND, "key",
			"no signing key: none given, and neither $CHARTER_SIGNING_KEY nor git config user.signingkey names one");
		goto out;
	}
	if (!(s = calloc(1, sizeof(*s)))) {
		rc = error_set(CHARTER_ERROR, "out of memory");
		goto out;
	}
	if ((lit = literal_key(spec)) != NULL) {
		if (sshkey_pub_parse(&s->pub, lit, strlen(lit)) < 0) {
			rc = invalid_key("signing key", spec);
			goto out;
		}
		buf b = BUF_INIT;
		sshkey_pub_format(&b, &s->pub);
		if ((rc = buf_check(&b)) < 0) {
			buf_free(&b);
			goto out;
		}
		s->literal = buf_detach(&b);
	} else {
		if (!(path = expand_home(spec))) {
			rc = CHARTER_ERROR;
			goto out;
		}
		if ((rc = open_key_file(s, path)) < 0)
			goto out;
	}
	if ((rc = set_publine(s)) < 0)
		goto out;
	*out = s;
	s = NULL;
	rc = 0;
out:
	charter_signer_free(s);
	free(configured);
	free(path);
	return rc;
}

const char *charter_signer_public_key(const charter_signer *signer)
{
	return signer->publine;
}

const sshkey_pub *signer_key(const charter_signer *signer)
{
	return &signer->pub;
}

bool signer_is_native(const charter_signer *signer)
{
	return signer->native;
}

void charter_signer_free(charter_signer *signer)
{
	if (!signer)
		return;
	sodium_memzero(signer->sk, sizeof(signer->sk));
	sshkey_pub_free(&signer->pub);
	free(signer->publine);
	free(signer->key_path);
	free(signer->literal);
	free(signer);
}

/* ---- Signing ------------------------------------------------------------ */

/* `ssh-keygen -Y sign -n NS -f KEY [-U] PAYLOAD`, exactly as git runs it;
 * the signature is read from PAYLOAD.sig. Both live in a private temporary
 * directory, removed whatever happens. */
static int sign_with_keygen(buf *out, charter_signer *s, const char *namespace,
	const void *data, size_t len)
{
	ssh_tmpdir t;
	buf payload = BUF_INIT, keyfile = BUF_INIT, sigpath = BUF_INIT;
	buf sig = BUF_INIT, err = BUF_INIT, junk = BUF_INIT;
	sshsig_result check = SSHSIG_RESULT_INIT;
	int status, e, rc;

	if ((rc = ssh_tmpdir_make(&t)) < 0)
		return rc;
	if ((rc = ssh_tmpdir_write(&t, &payload, "payload", data, len)) < 0)
		goto out;
	if (s->literal) {
		buf line = BUF_INIT;
		buf_printf(&line, "%s\n", s->literal);
		rc = buf_check(&line);
		if (rc == 0)
			rc = ssh_tmpdir_write(&t, &keyfile, "key.pub", line.ptr, line.size);
		buf_free(&line);
		if (rc < 0)
			goto out;
	} else if (s->no_pub_file) {
		/* ssh-keygen -Y sign reads the public key from KEY.pub (a PEM file
		 * does not hold it): give it KEY as a link next to a KEY.pub. */
		buf line = BUF_INIT, target = BUF_INIT;
		char cwd[4096];
		if (s->key_path[0] != '/' && getcwd(cwd, sizeof(cwd)))
			buf_printf(&target, "%s/", cwd);
		buf_puts(&target, s->key_path);
		buf_printf(&line, "%s\n", s->publine);
		rc = buf_check(&line);
		if (rc == 0)
			rc = ssh_tmpdir_write(&t, &keyfile, "key.pub", line.ptr, line.size);
		buf_free(&line);
		buf_clear(&keyfile);
		buf_printf(&keyfile, "%s/key", t.dir);
		if (rc == 0 && (buf_check(&target) < 0 || symlink(target.ptr, keyfile.ptr) < 0))
			rc = error_set(CHARTER_ERROR, "cannot link %s into a temporary directory: %s",
				s->key_path, strerror(errno));
		buf_free(&target);
		if (rc < 0)
			goto out;
	} else {
		buf_puts(&keyfile, s->key_path);
	}
	buf_printf(&sigpath, "%s.sig", payload.ptr);
	if ((rc = buf_check(&keyfile)) < 0 || (rc = buf_check(&sigpath)) < 0)
		goto out;
	{
		const char *argv[] = { "ssh-keygen", "-Y", "sign", "-n", namespace, "-f", keyfile.ptr,
			s->literal ? "-U" : payload.ptr, s->literal ? payload.ptr : NULL, NULL };
		if ((rc = sshkeygen_run(&status, &junk, &err, argv, NULL)) < 0)
			goto out;
	}
	if (status != 0) {
		rc = error_set(CHARTER_ERROR, "ssh-keygen could not sign with %s: %s",
			s->key_path ? s->key_path : s->literal, first_line(&err, "unknown error"));
		goto out;
	}
	if (read_file(&sig, sigpath.ptr, MAX_KEY_FILE, &e) < 0) {
		rc = error_set(CHARTER_ERROR, "ssh-keygen wrote no signature (%s)", strerror(e));
		goto out;
	}
	/* The signature must be well formed and by the key we announce: that
	 * key is what goes into allowed_signers. */
	if ((rc = sshsig_verify(&check, buf_cstr(&sig), sig.size, data, len, namespace)) < 0)
		goto out;
	if (check.verdict == SSHSIG_MALFORMED || check.verdict == SSHSIG_WRONG_NAMESPACE ||
	    check.verdict == SSHSIG_BAD_SIGNATURE) {
		rc = error_set(CHARTER_ERROR, "ssh-keygen made an unusable signature: %s", check.detail);
		goto out;
	}
	if (!sshkey_pub_equal(&check.key, &s->pub)) {
		rc = error_set(CHARTER_ERROR, "ssh-keygen signed with %s, not with the signing key's public key %s",
			check.fingerprint, s->publine);
		goto out;
	}
	buf_put(out, sig.ptr, sig.size);
	rc = buf_check(out);
out:
	ssh_tmpdir_remove(&t);
	sshsig_result_free(&check);
	buf_free(&payload);
	buf_free(&keyfile);
	buf_free(&sigpath);
	buf_free(&sig);
	buf_free(&err);
	buf_free(&junk);
	return rc;
}

int signer_sign(buf *out, charter_signer *signer, const char *namespace,
	const void *data, size_t len)
{
	if (signer->native)
		return sshsig_sign_ed25519(out, signer->sk, namespace, data, len);
	return sign_with_keygen(out, signer, namespace, data, len);
}
