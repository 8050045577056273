/* An amendment as a DOCX or ODT file: its record, then its redlines as tracked changes credited to the amendment and its proposer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amend/amend.h"
#include "office/office.h"
#include "store/store.h"

/* w:author / dc:creator of an amendment's changes: "A1 (Name <email>)". */
void amend_office_author(char *out, size_t size, const charter_amendment *a)
{
	snprintf(out, size, "%s (%s)", charter_amendment_id(a), charter_amendment_proposed_by(a));
}

void amend_office_author_adopted(char *out, size_t size, git_repository *repo, const char *id,
	const char *adoption)
{
	git_oid oid;
	git_commit *merge = NULL, *record = NULL, *first = NULL;
	char *by = NULL;
	if (git_oid_fromstr(&oid, adoption) == 0 && git_commit_lookup(&merge, repo, &oid) == 0 &&
	    git_commit_parentcount(merge) == 2 && git_commit_parent(&record, merge, 1) == 0 &&
	    amend_first_record(&first, record) == 0 && (by = message_trailer(git_commit_message(first), "Proposed-by")))
		text_defuse(by, false); /* as charter_amendment_load() shows it */
	error_clear();
	if (by)
		snprintf(out, size, "%s (%s)", id, by);
	else
		snprintf(out, size, "%s", id);
	free(by);
	git_commit_free(first);
	git_commit_free(record);
	git_commit_free(merge);
}

/* Its date: adopted (or rejected, withdrawn) on, else proposed on. */
const char *amend_office_date(const charter_amendment *a)
{
	return *charter_amendment_date(a) ? charter_amendment_date(a) : charter_amendment_proposed_on(a);
}

/* One redline of `a` under a heading, or a note when there is none. */
static int put_redline(office_doc *d, const charter_amendment *a, int author, charter_text_side from,
	charter_text_side to, const char *heading, const char *none, unsigned int flags)
{
	charter_redline *rl = NULL;
	charter_redline_options ro = CHARTER_REDLINE_OPTIONS_INIT;
	if (flags & CHARTER_AMENDMENT_IGNORE_TYPOGRAPHY)
		ro.flags |= CHARTER_REDLINE_IGNORE_TYPOGRAPHY;
	office_text(d, OF_HEADING, 1, heading);
	int error = amend_redline(&rl, a, from, to, -1, &ro);
	if (error == 0 && rl)
		error = office_add_redline(d, rl, author, 0, 1);
	else if (error == 0)
		office_text(d, OF_NOTE, 1, none);
	charter_redline_free(rl);
	return error;
}

int amend_office(char **out, size_t *out_len, const charter_amendment *a, charter_format format, unsigned int flags)
{
	char title[400], name[400];
	snprintf(title, sizeof(title), "Amendment %s: %s", charter_amendment_id(a), charter_amendment_title(a));
	office_doc d;
	office_init(&d, title);
	office_text(&d, OF_TITLE, 1, title);
	charter_amendment_state_t st = charter_amendment_state(a);
	office_textf(&d, OF_NOTE, 1, "State: %s%s%s%s%s", charter_amendment_state_name(st),
		*charter_amendment_convention(a) ? ", " : "", charter_amendment_convention(a),
		*charter_amendment_date(a) ? ", " : "", charter_amendment_date(a));
	if (*charter_amendment_vote(a))
		office_textf(&d, OF_NOTE, 1, "Vote: %s", charter_amendment_vote(a));
	buf sections = BUF_INIT;
	for (size_t i = 0; i < charter_amendment_section_count(a); i++)
		buf_printf(&sections, "%s%s", i ? ", " : "", charter_amendment_section(a, i));
	for (size_t i = 0; !charter_amendment_section_count(a) && i < charter_amendment_file_count(a); i++)
		buf_printf(&sections, "%s%s", i ? ", " : "", charter_amendment_file_path(a, i));
	office_textf(&d, OF_NOTE, 1, "Sections: %s", sections.size ? buf_cstr(&sections) : "none");
	buf_free(&sections);
	office_textf(&d, OF_NOTE, 1, "Proposed by: %s, %s", charter_amendment_proposed_by(a),
		charter_amendment_proposed_on(a));
	for (size_t i = 0; i < charter_amendment_seconded_count(a); i++)
		office_textf(&d, OF_NOTE, 1, "Seconded by: %s", charter_amendment_seconded_by(a, i));
	const char *rationale = charter_amendment_rationale(a);
	if (*rationale)
		office_add_markdown(&d, rationale, strlen(rationale), 1);

	amend_office_author(name, sizeof(name), a);
	int author = office_author(&d, name, amend_office_date(a));
	int error = author < 0 ? author : 0;
	if (!error)
		error = put_redline(&d, a, author, CHARTER_TEXT_BASE, CHARTER_TEXT_PROPOSED, "The change as proposed",
			"No change.", flags);
	if (!error)
		error = put_redline(&d, a, author, CHARTER_TEXT_BEFORE, CHARTER_TEXT_AFTER,
			st == CHARTER_AMENDMENT_ADOPTED ? "The change as adopted" : "The change against today's text",
			"It does not apply to today's text.", flags);
	if (!error)
		error = office_render(out, out_len, &d, format);
	office_free(&d);
	return error;
}
