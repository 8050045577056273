/* Option-struct versions: every version from 1 up to the library's own is
 * accepted (a newer library serves older callers), 0 and newer ones are
 * refused with a message naming the function. */
#include <string.h>

#include "base/internal.h"
#include "testlib.h"

int main(void)
{
	/* The rule, for a library at version 3 of some options. */
	CHECK(options_version_check(1, 3, "f") == 0);
	CHECK(options_version_check(2, 3, "f") == 0);
	CHECK(options_version_check(3, 3, "f") == 0);
	CHECK(options_version_check(0, 3, "f") == CHARTER_EINVALID);
	CHECK(options_version_check(4, 3, "charter_f") == CHARTER_EINVALID);
	CHECK(strstr(charter_error_last(), "charter_f") != NULL);
	CHECK(strstr(charter_error_last(), "version 4") != NULL);

	/* Through the public API: the header's version, an older one (none is
	 * older than 1 yet: 0 is "not initialized") and a newer one. */
	charter_redline *rl = NULL;
	charter_redline_section old = { "s", "a b\n", 4 }, new = { "s", "a c\n", 4 };
	charter_redline_options o = CHARTER_REDLINE_OPTIONS_INIT;
	CHECK(charter_redline_init(&rl, &old, 1, &new, 1, &o) == 0);
	charter_redline_free(rl);
	rl = NULL;
	o.version = CHARTER_REDLINE_OPTIONS_VERSION + 1;
	CHECK(charter_redline_init(&rl, &old, 1, &new, 1, &o) == CHARTER_EINVALID && rl == NULL);
	CHECK(strstr(charter_error_last(), "charter_redline_init") != NULL);
	o.version = 0;
	CHECK(charter_redline_init(&rl, &old, 1, &new, 1, &o) == CHARTER_EINVALID && rl == NULL);

	const char *src = getenv("CHARTER_SOURCE_DIR");
	char dir[4096];
	snprintf(dir, sizeof(dir), "%s/statements", src ? src : ".");
	charter_document *doc = NULL;
	CHECK(charter_document_from_dir(&doc, dir) == 0);
	if (doc) {
		char *out = NULL;
		charter_export_options e = CHARTER_EXPORT_OPTIONS_INIT;
		CHECK(charter_export(&out, NULL, doc, &e) == 0 && out && *out);
		charter_free(out);
		out = NULL;
		e.version = CHARTER_EXPORT_OPTIONS_VERSION + 1;
		CHECK(charter_export(&out, NULL, doc, &e) == CHARTER_EINVALID && out == NULL);
		e.version = 0;
		CHECK(charter_export(&out, NULL, doc, &e) == CHARTER_EINVALID && out == NULL);
		charter_document_free(doc);
	}
	return TEST_DONE();
}
