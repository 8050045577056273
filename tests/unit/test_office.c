/* Unit tests of the office module: the XML escaper, charter_redline_office's files and its refusals. All texts are illustrative. */
#include <zip.h>

#include "charter.h"
#include "base/buf.h"
#include "base/html.h"
#include "testlib.h"

/* Entry `name` of the zip in `data` as a C string (malloc'ed), or NULL. */
static char *zip_entry(const char *data, size_t len, const char *name, int *index, int *stored)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
	zip_t *za = src ? zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze) : NULL;
	char *out = NULL;
	if (!za) {
		zip_source_free(src);
		zip_error_fini(&ze);
		return NULL;
	}
	zip_stat_t st;
	zip_int64_t idx = zip_name_locate(za, name, 0);
	if (idx >= 0 && zip_stat_index(za, (zip_uint64_t)idx, 0, &st) == 0) {
		zip_file_t *f = zip_fopen_index(za, (zip_uint64_t)idx, 0);
		out = calloc(1, st.size + 1);
		if (f && out && zip_fread(f, out, st.size) != (zip_int64_t)st.size) {
			free(out);
			out = NULL;
		}
		if (f)
			zip_fclose(f);
		if (index)
			*index = (int)idx;
		if (stored)
			*stored = st.comp_method == ZIP_CM_STORE;
	}
	zip_close(za);
	zip_error_fini(&ze);
	return out;
}

static void test_escape(void)
{
	buf b = BUF_INIT;
	const char in[] = "a&b<c>\"'\x01\x1f\t\n\xef\xbf\xbe z\xef\xbf\xbd";
	xml_escape(&b, in, sizeof(in) - 1);
	CHECK_STR("a&amp;b&lt;c&gt;&quot;&#39;\t\n z\xef\xbf\xbd", buf_cstr(&b));
	buf_clear(&b);
	html_escape(&b, "a'\x01", 3);
	CHECK_STR("a'\x01", buf_cstr(&b)); /* HTML keeps its own rules */
	buf_free(&b);
}

static charter_redline *redline_of(const char *old_md, const char *new_md)
{
	charter_redline_section o = { "aims", old_md, strlen(old_md) }, n = { "aims", new_md, strlen(new_md) };
	charter_redline *rl = NULL;
	CHECK(charter_redline_init(&rl, &o, 1, &n, 1, NULL) == 0);
	return rl;
}

static void test_files(void)
{
	charter_redline *rl = redline_of("# Aims\n\nAn illustrative aim & <its> text.\n\nA last paragraph, struck.\n",
		"# Aims\n\nAn illustrative aim & <its> \x01new text.\n");
	charter_office_options oo = CHARTER_OFFICE_OPTIONS_INIT;
	oo.title = "Illustrative changes";
	oo.author = "A1 (Ann Example <ann@example.org>)";
	oo.date = "2002-02-02";
	char *out = NULL;
	size_t len = 0;
	CHECK(charter_redline_office(&out, &len, rl, &oo) == 0);
	CHECK(out && len > 4 && memcmp(out, "PK", 2) == 0);
	char *xml = out ? zip_entry(out, len, "word/document.xml", NULL, NULL) : NULL;
	CHECK(xml != NULL);
	if (xml) {
		CHECK(strstr(xml, "An illustrative aim &amp; ") != NULL && strstr(xml, "&lt;its&gt;") != NULL);
		CHECK(strchr(xml, '\x01') == NULL);
		CHECK(strstr(xml, "w:author=\"A1 (Ann Example &lt;ann@example.org&gt;)\" w:date=\"2002-02-02T00:00:00Z\"") != NULL);
		CHECK(strstr(xml, "<w:pStyle w:val=\"Heading1\"/>") != NULL);
		/* The struck last paragraph's mark is not the document's end: the
		 * mark before it is struck instead, and the last stays. */
		const char *last = strstr(xml, "A last paragraph");
		const char *lastp = last;
		while (lastp && lastp > xml && strncmp(lastp, "<w:p>", 5) != 0)
			lastp--;
		CHECK(lastp && strstr(lastp, "<w:rPr><w:del") == NULL);
		CHECK(strstr(xml, "<w:rPr><w:del w:id=") != NULL);
	}
	free(xml);
	charter_free(out);

	oo.format = CHARTER_FORMAT_ODT;
	CHECK(charter_redline_office(&out, &len, rl, &oo) == 0);
	int index = -1, stored = 0;
	char *mime = out ? zip_entry(out, len, "mimetype", &index, &stored) : NULL;
	CHECK_STR("application/vnd.oasis.opendocument.text", mime);
	CHECK(index == 0 && stored);
	char *content = out ? zip_entry(out, len, "content.xml", NULL, NULL) : NULL;
	CHECK(content && strstr(content, "<text:tracked-changes") != NULL);
	CHECK(content && strstr(content, "<dc:creator>A1 (Ann Example &lt;ann@example.org&gt;)</dc:creator>") != NULL);
	CHECK(content && strstr(content, "text:outline-level=\"1\"") != NULL);
	free(mime);
	free(content);
	charter_free(out);

	/* Refusals: nothing handed out. */
	out = (char *)"x";
	oo.format = CHARTER_FORMAT_HTML;
	CHECK(charter_redline_office(&out, &len, rl, &oo) == CHARTER_EINVALID && out == NULL && len == 0);
	CHECK_STR("format", charter_error_last_option());
	oo.format = CHARTER_FORMAT_DOCX;
	oo.date = "2002-13-01";
	CHECK(charter_redline_office(&out, &len, rl, &oo) == CHARTER_EINVALID && out == NULL);
	CHECK_STR("date", charter_error_last_option());
	oo.date = NULL;
	CHECK(charter_redline_office(&out, NULL, rl, &oo) == CHARTER_EINVALID && out == NULL);
	CHECK(charter_redline_office(&out, &len, NULL, &oo) == CHARTER_EINVALID && out == NULL);
	CHECK(charter_redline_office(&out, &len, rl, NULL) == CHARTER_EINVALID && out == NULL);
	oo.version = 0;
	CHECK(charter_redline_office(&out, &len, rl, &oo) == CHARTER_EINVALID && out == NULL);
	charter_redline_free(rl);

	/* Nothing changed, nothing at all: still a file. */
	charter_office_options plain = CHARTER_OFFICE_OPTIONS_INIT;
	rl = redline_of("", "");
	CHECK(charter_redline_office(&out, &len, rl, &plain) == 0 && out && len > 0);
	xml = out ? zip_entry(out, len, "word/document.xml", NULL, NULL) : NULL;
	CHECK(xml && strstr(xml, "<w:p>") != NULL);
	free(xml);
	charter_free(out);
	charter_redline_free(rl);
}

int main(void)
{
	test_escape();
	test_files();
	return TEST_DONE();
}
