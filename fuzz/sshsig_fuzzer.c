/* Fuzz the SSH signature and key parsers. The first byte picks what the rest
 * is, so the fuzzer reaches past base64 into the binary formats:
 *   0: an armored signature, verified over a fixed message in "git"
 *   1: a raw SSHSIG blob, armored here, then verified
 *   2: the text of a key file (private key, public key line, PEM, junk)
 *   3: a raw openssh-key-v1 blob, armored here, then parsed as a key file
 * Each mode also checks invariants: a verdict is always set, a key named by
 * a verdict round-trips through its own public key line. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "ssh/sshkey.h"
#include "ssh/sshsig.h"

static const char message[] = "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n\nmsg\n";

static void check_key_roundtrip(const sshkey_pub *key)
{
	buf line = BUF_INIT;
	sshkey_pub again = SSHKEY_PUB_INIT;
	sshkey_pub_format(&line, key);
	if (line.oom || sshkey_pub_parse(&again, buf_cstr(&line), line.size) < 0 ||
	    !sshkey_pub_equal(key, &again))
		abort();
	sshkey_pub_free(&again);
	buf_free(&line);
}

static void verify(const char *armor, size_t len)
{
	sshsig_result r = SSHSIG_RESULT_INIT;
	if (sshsig_verify(&r, armor, len, message, sizeof(message) - 1, "git") < 0)
		return;
	if (r.verdict > SSHSIG_UNSUPPORTED)
		abort();
	if (r.verdict != SSHSIG_MALFORMED) {
		if (!r.key.blob || strncmp(r.fingerprint, "SHA256:", 7) != 0)
			abort();
		check_key_roundtrip(&r.key);
	}
	(void)sshsig_verdict_name(r.verdict);
	sshsig_result_free(&r);
}

static void key_file(const char *text, size_t len)
{
	sshkey_file k;
	if (sshkey_file_parse(&k, text, len) < 0)
		return;
	if (k.kind != SSHKEY_FILE_PEM)
		check_key_roundtrip(&k.pub);
	sshkey_file_free(&k);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	buf armored = BUF_INIT;
	if (!ready) {
		charter_init();
		ready = 1;
	}
	if (size < 1)
		return 0;
	const char *rest = (const char *)data + 1;
	size_t n = size - 1;
	switch (data[0] & 3) {
	case 0:
		verify(rest, n);
		break;
	case 1:
		ssh_armor(&armored, (const unsigned char *)rest, n, "SSH SIGNATURE");
		if (!armored.oom)
			verify(armored.ptr, armored.size);
		break;
	case 2:
		key_file(rest, n);
		break;
	case 3:
		ssh_armor(&armored, (const unsigned char *)rest, n, "OPENSSH PRIVATE KEY");
		if (!armored.oom)
			key_file(armored.ptr, armored.size);
		break;
	}
	buf_free(&armored);
	return 0;
}
