/* The umbrella header compiles cleanly with -Werror -Wpedantic (set for
 * this file in tests/CMakeLists.txt; each sub-header alone is the test
 * layout/headers); the API's constants and conventions hold. */
#include <charter.h>

#include "testlib.h"

int main(void)
{
	charter_store_init_options io = CHARTER_STORE_INIT_OPTIONS_INIT;
	charter_export_options eo = CHARTER_EXPORT_OPTIONS_INIT;
	CHECK(io.version == CHARTER_STORE_INIT_OPTIONS_VERSION);
	CHECK(eo.version == CHARTER_EXPORT_OPTIONS_VERSION && eo.format == CHARTER_FORMAT_MARKDOWN);
	CHECK(charter_init() == 0);
	CHECK(strcmp(charter_version(), CHARTER_VERSION) == 0);
	char version[32];
	snprintf(version, sizeof(version), "%d.%d.%d", CHARTER_VERSION_MAJOR, CHARTER_VERSION_MINOR,
		CHARTER_VERSION_PATCH);
	CHECK(strcmp(version, CHARTER_VERSION) == 0);
#if CHARTER_VERSION_MAJOR < 0 || CHARTER_VERSION_MINOR < 0
#error "the version macros are not usable in #if"
#endif
	CHECK(charter_error_last() != NULL);
	charter_store *store = NULL;
	CHECK(charter_store_open(&store, "/nonexistent/charter") == CHARTER_ENOTFOUND);
	CHECK(store == NULL);
	CHECK(strstr(charter_error_last(), "/nonexistent/charter") != NULL);
	CHECK(charter_error_last_code() == CHARTER_ENOTFOUND);
	charter_store_free(NULL);
	charter_document_free(NULL);
	charter_free(NULL);
	charter_format f;
	CHECK(charter_format_parse(&f, "latex") == 0 && f == CHARTER_FORMAT_LATEX);
	CHECK(charter_format_parse(&f, "pdf") == CHARTER_EINVALID);
	return TEST_DONE();
}
