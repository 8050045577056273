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

	/* Out of range is NULL (or an error), never a read out of bounds; a
	 * failed call leaves its out-parameter NULL. */
	char dir[4096];
	snprintf(dir, sizeof(dir), "%s/statements", getenv("CHARTER_SOURCE_DIR"));
	charter_document *doc = NULL;
	CHECK(charter_document_from_dir(&doc, dir) == 0);
	size_t n = charter_document_section_count(doc);
	CHECK(n > 0 && charter_document_section_slug(doc, n - 1) != NULL);
	CHECK(charter_document_section_slug(doc, n) == NULL && charter_document_section_title(doc, 999) == NULL);
	CHECK(charter_document_section_markdown(doc, 999) == NULL && charter_document_section_body(doc, 999) == NULL);
	CHECK(*charter_document_commit(doc) == '\0' && *charter_document_date(doc) == '\0');
	char *out = (char *)"unset";
	CHECK(charter_document_section_render(&out, NULL, doc, 999, CHARTER_FORMAT_HTML) == CHARTER_ENOTFOUND && !out);
	CHECK(charter_document_section_render(&out, NULL, doc, 0, CHARTER_FORMAT_JSON) == 0 && strstr(out, "\"slug\""));
	charter_free(out);
	charter_document_free(doc);
	doc = (charter_document *)1;
	CHECK(charter_document_from_dir(&doc, "/nonexistent/charter") == CHARTER_ENOTFOUND && doc == NULL);
	return TEST_DONE();
}
