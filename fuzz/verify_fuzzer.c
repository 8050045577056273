/* Fuzz what charter verify reads from commits other people wrote. The first
 * byte picks what the rest is:
 *   0: a raw commit object: the signature and payload are cut out of it
 *      (commit_split_signature) and checked under a fixed policy that lists
 *      one Ed25519 key (verify_signature), also as a commit that carries a
 *      policy of its own (the self-authorized rule);
 *   1: the header of the cache of verified commits (trust_cache_read).
 * Invariants: the payload is never longer than the commit, a reason is
 * always one of the named ones, an authentic verdict names a principal and
 * a fingerprint. The corpus's signed commit was made by `git commit -S`
 * with the key below (its private half was thrown away). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ssh/allowed_signers.h"
#include "trust/verify.h"

static const char policy_text[] =
	"f@example.org namespaces=\"git\" ssh-ed25519 "
	"AAAAC3NzaC1lZDI1NTE5AAAAIJg0meDYyfVxfwBd7iDSjliLyLNrRrVhYXzSUtlYBCX+\n";

static void check_entry(const verify_entry *e)
{
	if ((unsigned)e->reason > CHARTER_VERIFY_UNREADABLE)
		abort();
	if (e->reason == CHARTER_VERIFY_OK && (!e->principal || strncmp(e->fingerprint, "SHA256:", 7) != 0))
		abort();
	if (e->reason != CHARTER_VERIFY_OK && !e->detail[0])
		abort();
}

static void commit_mode(const uint8_t *data, size_t size)
{
	char *payload = NULL, *sig = NULL;
	size_t payload_len = 0, sig_len = 0;
	allowed_signers as = ALLOWED_SIGNERS_INIT;
	if (commit_split_signature(&payload, &payload_len, &sig, &sig_len, (const char *)data, size) < 0)
		return;
	if (payload_len > size || (sig && sig_len > size))
		abort();
	if (allowed_signers_parse(&as, policy_text, sizeof(policy_text) - 1) == 0) {
		verify_entry e;
		memset(&e, 0, sizeof(e));
		if (verify_signature(&e, sig, sig_len, payload, payload_len, 1700000000, &as, policy_text,
			sizeof(policy_text) - 1, NULL, 0) == 0)
			check_entry(&e);
		/* Checked against an empty policy, with the commit's own listing the key. */
		if (verify_signature(&e, sig, sig_len, payload, payload_len, 1700000000, NULL, NULL, 0, policy_text,
			sizeof(policy_text) - 1) == 0) {
			check_entry(&e);
			if (e.reason == CHARTER_VERIFY_OK)
				abort(); /* nothing may verify against no policy */
		}
		free(e.principal);
	}
	allowed_signers_free(&as);
	free(payload);
	free(sig);
}

static void cache_mode(const uint8_t *data, size_t size)
{
	static char dir[64];
	char path[128];
	if (!dir[0]) {
		snprintf(dir, sizeof(dir), "%s", "/tmp/charter-fuzz-XXXXXX");
		if (!mkdtemp(dir))
			abort();
		snprintf(path, sizeof(path), "%s/charter", dir);
		mkdir(path, 0700);
	}
	snprintf(path, sizeof(path), "%s/charter/verified", dir);
	FILE *f = fopen(path, "wb");
	if (!f)
		return;
	fwrite(data, 1, size, f);
	fclose(f);
	trust_cache c;
	bool found = false;
	trust_cache_read(&c, &found, dir);
	if (found && (c.count == 0 || (c.log_lines != 0 && c.log_lines != c.count)))
		abort();
	for (size_t i = 0; found && i < c.ntags; i++)
		if (!c.tags[i].tag || strncmp(c.tags[i].tag, "convention/", 11) != 0)
			abort();
	trust_cache_free(&c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	if (data[0] == 0)
		commit_mode(data + 1, size - 1);
	else if (data[0] == 1)
		cache_mode(data + 1, size - 1);
	return 0;
}
