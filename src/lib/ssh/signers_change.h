/* Does a change of .charter/allowed_signers make exactly the change its
 * signers proposal's `Signers:` trailer names? Used by adopt (before it
 * writes) and by verify (on every commit of main that changes the policy). */
#ifndef CHARTER_SIGNERS_CHANGE_H
#define CHARTER_SIGNERS_CHANGE_H

#include <stdbool.h>
#include <stddef.h>

/* `trailer` is the value of the `Signers:` trailer ("add <principal>
 * <fingerprint>" or "remove <principal>"); `prev` and `next` are the
 * policy's texts before and after (NULL: absent). Lines are compared as
 * a multiset, blank and comment lines left out:
 *   add:    nothing removed, exactly one line added, listing exactly the
 *           principal, with the key of that fingerprint;
 *   remove: nothing added, at least one line removed, each listing exactly
 *           the principal, and none left that does.
 * Returns true when it does; false with `why` (one line) when not. */
bool signers_change_matches(char *why, size_t why_size, const char *trailer, const char *prev, size_t prev_len,
	const char *next, size_t next_len);

#endif
