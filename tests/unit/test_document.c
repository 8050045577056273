/* Reading a document from a folder: each section found by its slug, a section listed twice refused. */
#define _DEFAULT_SOURCE
#include <stdlib.h>

#include <charter.h>

#include "testlib.h"

static char dir[64] = "/tmp/charter-test-document-XXXXXX";

/* A folder of `n` sections s0..s(n-1) (illustrative texts), README listing them, then `extra` items. */
static void write_folder(const char *path, int n, const char *extra)
{
	CHECK(test_sh("rm -rf '%s' && mkdir -p '%s/sections'", path, path) == 0);
	CHECK(test_sh("cd '%s' && { printf '# An illustrative text\\n\\nA preamble.\\n\\n'; i=0; "
		"while [ $i -lt %d ]; do printf '%%d. [Section %%d](sections/s%%d.md)\\n' $((i+1)) $i $i; "
		"printf '# Section %%d\\n\\nIllustrative text %%d.\\n' $i $i >sections/s$i.md; i=$((i+1)); done; "
		"printf '%%s' '%s'; } >README.md", path, n, extra) == 0);
}

int main(void)
{
	CHECK(charter_init() == 0);
	if (!mkdtemp(dir)) {
		fprintf(stderr, "no temporary directory\n");
		return 1;
	}
	char path[128];
	snprintf(path, sizeof(path), "%s/doc", dir);

	/* Many sections: each found at its place, an absent one not. */
	write_folder(path, 300, "");
	charter_document *doc = NULL;
	CHECK(charter_document_from_dir(&doc, path) == 0);
	if (doc) {
		CHECK(charter_document_section_count(doc) == 300);
		int all = 1;
		char slug[16];
		for (size_t i = 0; i < 300; i++) {
			size_t at = (size_t)-1;
			snprintf(slug, sizeof(slug), "s%zu", i);
			all &= charter_document_section_find(&at, doc, slug) == 0 && at == i &&
				strcmp(charter_document_section_slug(doc, at), slug) == 0;
		}
		CHECK(all);
		size_t at;
		CHECK(charter_document_section_find(&at, doc, "s300") == CHARTER_ENOTFOUND);
		CHECK(strstr(charter_error_last(), "no section 's300'") != NULL);
		CHECK(charter_document_section_find(&at, doc, "S 1") == CHARTER_EINVALID);
		charter_document_free(doc);
	}

	/* A section listed twice (not next to its first listing). */
	write_folder(path, 3, "4. [Again](sections/s0.md)\n");
	doc = NULL;
	CHECK(charter_document_from_dir(&doc, path) == CHARTER_EINVALID);
	CHECK(doc == NULL);
	CHECK(strstr(charter_error_last(), "section 's0' is listed twice") != NULL);

	test_sh("rm -rf '%s'", dir);
	return TEST_DONE();
}
