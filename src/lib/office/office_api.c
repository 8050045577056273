/* The public entry of the office module: charter_redline_office (a redline as a DOCX or ODT file with tracked changes). */
#include <string.h>

#include "base/date.h"
#include "base/internal.h"
#include "office/office.h"

int charter_redline_office(char **out, size_t *out_len, const charter_redline *rl,
	const charter_office_options *opts)
{
	int64_t t;
	int err;
	if (!out)
		return error_set(CHARTER_EINVALID, "office: no place for the result");
	*out = NULL;
	if (out_len)
		*out_len = 0;
	if (!rl || !opts || !out_len)
		return error_set(CHARTER_EINVALID, "office: no redline, options or length given");
	if ((err = options_version_check(opts->version, CHARTER_OFFICE_OPTIONS_VERSION, "charter_redline_office")) < 0)
		return err;
	if (!office_format(opts->format))
		return error_set_option(CHARTER_EINVALID, "format", "office: a redline file is docx or odt");
	if (opts->date && *opts->date && date_parse(&t, opts->date) < 0)
		return error_option(CHARTER_EINVALID, "date");
	office_doc d;
	office_init(&d, opts->title ? opts->title : "Changes");
	int author = office_author(&d, opts->author, opts->date);
	if (opts->title && *opts->title)
		office_text(&d, OF_TITLE, 1, opts->title);
	err = author < 0 ? author : office_add_redline(&d, rl, author, opts->flags, 0);
	if (!err)
		err = office_render(out, out_len, &d, opts->format);
	office_free(&d);
	return err;
}
