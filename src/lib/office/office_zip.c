/* The one zip writer of the office files: parts packed by libzip into a zip archive in memory. */
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "base/internal.h"
#include "office/office.h"

/* A fixed time for every entry (1980-01-02, the zip format's first days):
 * the same text gives the same bytes. */
#define OFFICE_ZIP_TIME ((time_t)315619200)

static int zip_fail(zip_error_t *ze, const char *what)
{
	int err = error_set(CHARTER_ERROR, "office: %s: %s", what, zip_error_strerror(ze));
	zip_error_fini(ze);
	return err;
}

int office_zip(char **out, size_t *out_len, const office_part *parts, size_t nparts)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *za;
	int err = 0;

	*out = NULL;
	zip_error_init(&ze);
	if (!(src = zip_source_buffer_create(NULL, 0, 0, &ze)))
		return zip_fail(&ze, "cannot make a zip in memory");
	if (!(za = zip_open_from_source(src, ZIP_TRUNCATE, &ze))) {
		zip_source_free(src);
		return zip_fail(&ze, "cannot make a zip in memory");
	}
	zip_source_keep(src); /* still ours after zip_close */
	for (size_t i = 0; i < nparts && !err; i++) {
		zip_source_t *s = zip_source_buffer(za, parts[i].body.ptr ? parts[i].body.ptr : "",
			parts[i].body.size, 0);
		zip_int64_t idx = s ? zip_file_add(za, parts[i].name, s, ZIP_FL_ENC_UTF_8) : -1;
		if (idx < 0) {
			if (s)
				zip_source_free(s);
			err = error_set(CHARTER_ERROR, "office: cannot add %s to the zip: %s", parts[i].name,
				zip_strerror(za));
			break;
		}
		if (zip_set_file_compression(za, (zip_uint64_t)idx, parts[i].store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 9) < 0 ||
		    zip_file_set_mtime(za, (zip_uint64_t)idx, OFFICE_ZIP_TIME, 0) < 0)
			err = error_set(CHARTER_ERROR, "office: %s: %s", parts[i].name, zip_strerror(za));
	}
	if (err) {
		zip_discard(za);
		zip_source_free(src);
		zip_error_fini(&ze);
		return err;
	}
	if (zip_close(za) < 0) {
		err = error_set(CHARTER_ERROR, "office: cannot write the zip: %s", zip_strerror(za));
		zip_discard(za);
		zip_source_free(src);
		zip_error_fini(&ze);
		return err;
	}
	/* Read the archive back out of the buffer source. */
	zip_stat_t st;
	zip_stat_init(&st);
	char *bytes = NULL;
	if (zip_source_stat(src, &st) < 0 || !(st.valid & ZIP_STAT_SIZE) || zip_source_open(src) < 0) {
		err = error_set(CHARTER_ERROR, "office: cannot read the zip back");
	} else {
		bytes = malloc(st.size ? st.size : 1);
		if (!bytes)
			err = error_set(CHARTER_ERROR, "out of memory");
		else if (zip_source_read(src, bytes, st.size) != (zip_int64_t)st.size)
			err = error_set(CHARTER_ERROR, "office: cannot read the zip back");
		zip_source_close(src);
	}
	zip_source_free(src);
	zip_error_fini(&ze);
	if (err) {
		free(bytes);
		return err;
	}
	*out = bytes;
	if (out_len)
		*out_len = (size_t)st.size;
	return 0;
}
