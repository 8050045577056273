/* Fuzz the allowed-signers parser and its lookups: any text must parse
 * (bad lines counted, never fatal), and lookups must agree with the parsed
 * entries. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ssh/allowed_signers.h"
#include "ssh/sshkey.h"

#define KEY "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHo5GzRkKXeMZB43oSFKCkM1uOhpT8n+dHh8HYYmdH6A"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static sshkey_pub fixed = SSHKEY_PUB_INIT;
	const char *text = (const char *)data;
	allowed_signers as = ALLOWED_SIGNERS_INIT;

	if (!fixed.blob && sshkey_pub_parse(&fixed, KEY, strlen(KEY)) < 0)
		abort();
	if (allowed_signers_parse(&as, text, size) < 0)
		return 0;
	/* Every entry's own key is found, and has_key agrees with the parse. */
	for (size_t i = 0; i < as.count; i++) {
		const allowed_signer *e = &as.entries[i];
		const allowed_signer *hit = NULL;
		allowed_verdict v = allowed_signers_lookup(&hit, &as, e->key.blob, e->key.blob_len,
			"git", NULL, 1700000000);
		if ((v == ALLOWED_OK || v == ALLOWED_WRONG_NAMESPACE || v == ALLOWED_NOT_YET_VALID ||
		     v == ALLOWED_EXPIRED) != (hit != NULL))
			abort();
		if (!allowed_signers_has_key(text, size, e->key.blob, e->key.blob_len))
			abort();
		(void)allowed_pattern_list_match("alice@example.org", e->principals);
		if (e->namespaces)
			(void)allowed_pattern_list_match("git", e->namespaces);
	}
	(void)allowed_signers_lookup(NULL, &as, fixed.blob, fixed.blob_len, "git", "a@b", 0);
	(void)allowed_verdict_name(ALLOWED_OK);
	allowed_signers_free(&as);
	return 0;
}
