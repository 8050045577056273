/* Amendment ids, votes and rationales checked, and an amendment's refs and proposal commit found. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "amend/amend.h"
#include "base/text.h"
#include "store/store.h"

/* Could `id` be read as a commit id? Only hex digits, and at least as long
 * as git's shortest abbreviation (7): WHEN takes such a string for a
 * commit first, so an amendment of that id would be shadowed (or shadow
 * one). Numbers such as 12 or 1000 stay ids. */
static bool id_reads_as_commit(const char *id)
{
	size_t n = strlen(id);
	return n >= 7 && strspn(id, "0123456789abcdefABCDEF") == n;
}

int amend_id_new_check(const char *id)
{
	int error = amend_id_check(id);
	if (error == 0 && id_reads_as_commit(id))
		error = error_set(CHARTER_EINVALID,
			"invalid amendment id '%.80s': 7 or more hex digits would read as a commit id", id);
	return error;
}

/* The rules an amendment id obeys (doc/DESIGN.md, "Names people use"), one
 * function each: 0, or CHARTER_EINVALID saying which rule the id breaks.
 * To add a rule, write it and list it in id_rules[]. */

/* Letters and digits, with '.', '-' or '_' between them, at most 64 bytes. */
static int id_rule_characters(const char *id)
{
	size_t n = strlen(id);
	bool ok = n > 0 && n <= AMEND_ID_MAX;
	for (size_t i = 0; ok && i < n; i++) {
		char c = id[i];
		bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
		if (!alnum)
			ok = strchr(".-_", c) && c && i > 0 && i + 1 < n && !strchr(".-_", id[i + 1]);
	}
	if (ok)
		return 0;
	if (n == 0)
		return error_set(CHARTER_EINVALID, "the amendment id is empty");
	if (n > AMEND_ID_MAX)
		return error_set(CHARTER_EINVALID, "the amendment id is longer than %d bytes", AMEND_ID_MAX);
	bool printable = true;
	for (size_t i = 0; i < n; i++)
		printable = printable && id[i] >= 0x20 && id[i] < 0x7f;
	return error_set(CHARTER_EINVALID,
		"invalid amendment id '%.80s': use letters and digits with '.', '-' or '_' between them, e.g. A1, A1.1, "
		"GA-3 or 12", printable ? id : "(not printable)");
}

/* Not a date: WHEN would read it as one. */
static int id_rule_not_date(const char *id)
{
	size_t n = strlen(id);
	if (n == 10 && id[4] == '-' && id[7] == '-' && strspn(id, "0123456789-") == n)
		return error_set(CHARTER_EINVALID, "invalid amendment id '%s': it would read as a date", id);
	return 0;
}

/* A ref name git accepts: no component ending in ".lock". */
static int id_rule_ref_name(const char *id)
{
	size_t n = strlen(id);
	if (n >= 5 && strcasecmp(id + n - 5, ".lock") == 0)
		return error_set(CHARTER_EINVALID, "invalid amendment id '%s': git refs cannot end in '.lock'", id);
	return 0;
}

static int (*const id_rules[])(const char *id) = {
	id_rule_characters,
	id_rule_not_date,
	id_rule_ref_name,
};

int amend_id_check(const char *id)
{
	int error;
	if (!id)
		return error_set(CHARTER_EINVALID, "no amendment id");
	for (size_t i = 0; i < sizeof(id_rules) / sizeof(id_rules[0]); i++)
		if ((error = id_rules[i](id)) < 0)
			return error;
	return 0;
}

int amend_id_free(git_repository *repo, const char *id)
{
	git_reference_iterator *it = NULL;
	const char *name;
	int error = git_reference_iterator_glob_new(&it, repo, AMENDMENT_REF_PREFIX "*");
	if (error < 0)
		return error_git(error, "cannot list the amendments");
	size_t plen = strlen(AMENDMENT_REF_PREFIX);
	int found = 0;
	while (!found && (error = git_reference_next_name(&name, it)) == 0) {
		const char *other = name + plen;
		if (strcmp(other, id) == 0) {
			found = error_set(CHARTER_EEXISTS, "amendment id '%s' is already used", id);
		} else if (strcasecmp(other, id) == 0) {
			found = error_set(CHARTER_EEXISTS,
				"amendment id '%s' differs only in case from the existing '%s': refs must work on "
				"case-insensitive file systems, so choose another id", id, other);
		}
	}
	git_reference_iterator_free(it);
	if (found)
		return found;
	if (error == GIT_ITEROVER) {
		git_error_clear();
		return 0;
	}
	return error_git(error, "cannot list the amendments");
}

int amend_vote_check(const char *vote)
{
	const char *p = vote;
	for (int part = 0; part < 3; part++) {
		size_t digits = strspn(p, "0123456789");
		if (digits == 0 || digits > 9)
			goto bad;
		p += digits;
		if (part < 2) {
			if (*p != '-')
				goto bad;
			p++;
		}
	}
	if (*p == '\0')
		return 0;
bad:
	return error_set(CHARTER_EINVALID, "'%.40s' is not a vote: use FOR-AGAINST-ABSTAIN, e.g. 120-14-3", vote);
}

void amend_refname(char out[300], const char *prefix, const char *id)
{
	snprintf(out, 300, "%s%.200s", prefix, id);
}

/* A commit that adopted a secondary amendment into its primary's record:
 * two parents and an Amends: trailer. */
static bool is_secondary_adoption(const git_commit *c)
{
	if (git_commit_parentcount(c) != 2)
		return false;
	char *amends = message_trailer(git_commit_message(c), "Amends");
	bool yes = amends != NULL;
	free(amends);
	return yes;
}

int amend_proposal(git_commit **out, git_repository *repo, const char *id)
{
	char ref[300];
	git_oid oid;
	int error;
	*out = NULL;
	if ((error = amend_id_check(id)) < 0)
		return error;
	amend_refname(ref, AMENDMENT_REF_PREFIX, id);
	if ((error = git_reference_name_to_id(&oid, repo, ref)) == GIT_ENOTFOUND)
		return error_set(CHARTER_ENOTFOUND, "no amendment '%s'", id);
	if (error < 0)
		return error_git(error, ref);
	return amend_proposal_at(out, repo, id, &oid);
}

int amend_proposal_at(git_commit **out, git_repository *repo, const char *id, const git_oid *oid)
{
	char ref[300];
	int error;
	*out = NULL;
	if ((error = amend_id_check(id)) < 0)
		return error;
	amend_refname(ref, AMENDMENT_REF_PREFIX, id);
	if ((error = git_commit_lookup(out, repo, oid)) < 0)
		return error_git(error, ref);
	if (git_commit_parentcount(*out) != 1 && !is_secondary_adoption(*out)) {
		git_commit_free(*out);
		*out = NULL;
		return error_set(CHARTER_EINVALID, "%s is not a proposal (a commit with one parent)", ref);
	}
	return 0;
}

int amend_first_record(git_commit **out, const git_commit *tip)
{
	git_commit *c = NULL;
	int error;
	*out = NULL;
	if ((error = git_commit_dup(&c, (git_commit *)tip)) < 0)
		return error_git(error, "cannot read the proposal");
	for (int depth = 0; is_secondary_adoption(c); depth++) {
		git_commit *parent = NULL;
		if (depth > 100000 || (error = git_commit_parent(&parent, c, 0)) < 0) {
			git_commit_free(c);
			return error_git(error < 0 ? error : -1, "cannot read the proposal under an amended amendment");
		}
		git_commit_free(c);
		c = parent;
	}
	if (git_commit_parentcount(c) != 1) {
		git_commit_free(c);
		return error_set(CHARTER_EINVALID, "an amendment's record does not lead to its proposal");
	}
	*out = c;
	return 0;
}

int amend_record_base(git_oid *out, const git_commit *tip)
{
	git_commit *first = NULL;
	int error = amend_first_record(&first, tip);
	if (error == 0)
		git_oid_cpy(out, git_commit_parent_id(first, 0));
	git_commit_free(first);
	return error;
}

const git_oid *amend_base_of(const git_commit *tip)
{
	static _Thread_local git_oid base;
	if (amend_record_base(&base, tip) < 0) {
		error_clear();
		return git_commit_parent_id(tip, 0);
	}
	return &base;
}

char *amend_amends(const git_commit *tip)
{
	git_commit *first = NULL;
	char *v = NULL;
	if (amend_first_record(&first, tip) == 0)
		v = message_trailer(git_commit_message(first), "Amends");
	git_commit_free(first);
	error_clear();
	return v;
}

int amend_rationale_check(const char *r)
{
	int error;
	if ((error = error_option(text_check_utf8(r, "rationale"), "rationale")) < 0)
		return error;
	for (const char *line = r; line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
		if (strncmp(line, "---", 3) == 0)
			return error_set(CHARTER_EINVALID,
				"the rationale has a line starting with '---', which would hide the record's trailers from git");
	for (const unsigned char *p = (const unsigned char *)r; *p; p++)
		if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f)
			return error_set(CHARTER_EINVALID, "the rationale contains a control character");
	return 0;
}
