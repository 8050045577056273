/* Option-struct versions: a library accepts every version up to its own. */
#include "base/internal.h"

int options_version_check(unsigned int version, unsigned int current, const char *what)
{
	if (version >= 1 && version <= current)
		return 0;
	return error_set(CHARTER_EINVALID, "%s: options version %u is not one this library knows (1 to %u): "
		"start from the options' _INIT macro", what, version, current);
}
