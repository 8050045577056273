/* Reading one git configuration value for callers (the tool's pager: core.pager). */
#include <stdlib.h>
#include <string.h>

#include "store/store.h"

int charter_config_get(char **out, charter_store *store, const char *name)
{
	git_config *cfg = NULL, *snap = NULL;
	const char *value = NULL;
	int error;

	*out = NULL;
	if (!name || !*name)
		return error_set(CHARTER_EINVALID, "no configuration name given");
	if ((error = charter_init()) < 0)
		return error;
	error = store ? git_repository_config(&cfg, store->repo) : git_config_open_default(&cfg);
	if (error < 0)
		return error_git(error, "cannot read git config");
	if ((error = git_config_snapshot(&snap, cfg)) < 0) {
		git_config_free(cfg);
		return error_git(error, "cannot read git config");
	}
	if (git_config_get_string(&value, snap, name) < 0 || !value)
		error = error_set(CHARTER_ENOTFOUND, "git config %s is not set", name);
	else if (!(*out = xstrdup(value)))
		error = error_set(CHARTER_ERROR, "out of memory");
	else
		error = 0;
	git_config_free(snap);
	git_config_free(cfg);
	return error;
}
