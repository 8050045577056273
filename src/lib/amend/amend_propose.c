/* charter_propose: a proposal commit on top of main, at refs/amendments/<id>. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/grow.h"
#include "amend/amend.h"
#include "base/date.h"
#include "lines/lines.h"
#include "store/document.h"
#include "store/signed_write.h"
#include "store/store.h"
#include "store/writer_lock.h"
#include "base/text.h"

int amend_section_text(buf *out, const char *markdown, const char *body, const char *slug, const char *text,
	size_t len)
{
	buf norm = BUF_INIT;
	char what[100];
	int error;
	snprintf(what, sizeof(what), "the text of section '%s'", slug);
	if ((error = text_normalize(&norm, text, len, what)) < 0)
		return error;
	size_t head_len = (size_t)(strchr(markdown, '\n') - markdown);
	if (strncmp(buf_cstr(&norm), "# ", 2) == 0) {
		const char *nl = strchr(norm.ptr, '\n');
		if ((size_t)(nl - norm.ptr) != head_len || strncmp(norm.ptr, markdown, head_len) != 0) {
			error = error_set_option(CHARTER_EINVALID, "document",
				"the first line differs from the section's title line '%.*s': to retitle a section, "
				"propose the whole document (CHARTER_CHANGE_DOCUMENT)", (int)head_len, markdown);
			goto done;
		}
		buf_put(out, norm.ptr, norm.size);
	} else {
		/* The text alone: keep the title line and what follows it. */
		buf_put(out, markdown, (size_t)(body - markdown));
		buf_put(out, norm.ptr, norm.size);
	}
	error = buf_check(out);
done:
	buf_free(&norm);
	return error;
}

/* The section's text after its title must not be empty. */
static int check_not_empty(const char *markdown, const char *slug)
{
	const char *nl = strchr(markdown, '\n');
	if (nl && nl[strspn(nl, " \t\n")])
		return 0;
	return error_set(CHARTER_EINVALID, "the amendment would leave section '%s' empty", slug);
}

void amend_overrides_free(amend_overrides *o)
{
	for (size_t i = 0; i < o->nowned; i++)
		free(o->owned[i]);
	free(o->owned);
	free(o->ov);
}

/* Add path -> text (taking ownership of both), unless it equals `current`. */
int amend_overrides_add(amend_overrides *o, char *path, char *text, const char *current)
{
	if ((text && current && strcmp(text, current) == 0) || (!text && !current)) {
		free(path);
		free(text);
		return 0;
	}
	if (GROW_EXACT(o->ov, o->count + 1) < 0 || GROW_EXACT(o->owned, o->nowned + 2) < 0) {
		free(path);
		free(text);
		return CHARTER_ERROR;
	}
	o->owned[o->nowned++] = path;
	if (text)
		o->owned[o->nowned++] = text;
	o->ov[o->count].path = path;
	o->ov[o->count].text = text;
	o->count++;
	return 0;
}

static char *section_path(const char *slug)
{
	buf p = BUF_INIT;
	buf_printf(&p, "sections/%s.md", slug);
	return buf_detach(&p);
}

/* The text whose line numbers --at-line cites: a frozen booklet's. */
typedef struct {
	const charter_document *doc; /* NULL: the text amended */
	char slug[NAME_SLUG_SIZE];   /* its convention's slug */
} numbered_text;

/* Which occurrence of `phrase` in the section's text (1-based) stands on
 * line `line` of the line-numbered text (doc/LINE-NUMBERS.md): of `doc`,
 * or of the frozen text `nt` when there is one; then the same occurrence
 * in `doc`, which must hold the phrase as often. */
static int occurrence_on_line(size_t *nth, const charter_document *doc, const numbered_text *nt,
	const doc_section *sec_amended, const char *phrase, unsigned line)
{
	lines_doc ld;
	int error;
	size_t seen = 0, found = 0, hits = 0, in_body = 0, at = 0, end = 0, i;
	*nth = 0;
	if (!*phrase)
		return error_set(CHARTER_EINVALID, "the phrase is empty");
	if (nt->doc) {
		if (charter_document_section_find(&i, nt->doc, sec_amended->slug) < 0)
			return error_set(CHARTER_EINVALID, "section '%s' is not in the text the booklet of %s froze: "
				"--at-line cites that text's lines", sec_amended->slug, nt->slug);
		doc = nt->doc;
	}
	const doc_section *sec = nt->doc ? &nt->doc->sections[i] : sec_amended;
	if ((error = lines_doc_build(&ld, doc)) < 0)
		return error;
	const lines_section *ls = lines_find(&ld, sec->slug);
	if (line > ld.total) {
		error = error_set(CHARTER_EINVALID, "line %u is out of range: the text has %zu lines", line, ld.total);
		goto done;
	}
	if (!ls || line < ls->first || line > ls->last) {
		const char *where = "the document's title and preamble";
		for (size_t i = 1; i < ld.nsec; i++)
			if (line >= ld.sec[i].first && line <= ld.sec[i].last)
				where = ld.sec[i].slug;
		error = error_set(CHARTER_EINVALID, "line %u is in %s%s%s, not in section '%s'", line,
			strcmp(where, "the document's title and preamble") ? "section '" : "", where,
			strcmp(where, "the document's title and preamble") ? "'" : "", sec->slug);
		goto done;
	}
	/* The section's blocks after its title: the plain text a reader sees. */
	/* Occurrences as propose finds them (typographic variants equal). */
	for (size_t k = 1; k < ls->nblocks && error == 0; k++) {
		const lines_block *b = &ls->blocks[k];
		size_t n = 0;
		if ((error = amend_phrase_find(&n, &at, &end, b->text, phrase)) < 0)
			break;
		for (size_t j = 1; j <= n && error == 0; j++) {
			if (j > 1 && (error = amend_phrase_find_nth(&n, &at, &end, b->text, phrase, j)) < 0)
				break;
			seen++;
			if (lines_at(b, at) == line) {
				hits++;
				found = seen;
			}
		}
	}
	if (error < 0)
		goto done;
	if ((error = amend_phrase_find(&in_body, &at, &end, sec->body, phrase)) < 0)
		goto done;
	if (hits == 0)
		error = error_set(CHARTER_EINVALID, "the phrase '%.60s' does not occur on line %u (section '%s')", phrase,
			line, sec->slug);
	else if (hits > 1)
		error = error_set(CHARTER_EINVALID,
			"the phrase '%.60s' occurs %zu times on line %u: quote more words so that it occurs once there",
			phrase, hits, line);
	else if (in_body != seen)
		error = error_set(CHARTER_EINVALID,
			"the phrase '%.60s' spans Markdown formatting in section '%s': quote words without formatting", phrase,
			sec->slug);
	else
		*nth = found;
	if (error == 0 && nt->doc && sec != sec_amended) {
		size_t now = 0;
		if ((error = amend_phrase_find(&now, &at, &end, sec_amended->body, phrase)) == 0 && now != in_body)
			error = error_set(CHARTER_EINVALID, "line %u is a line of the text the booklet of %s froze, and section "
				"'%s' has changed since: the phrase '%.60s' occurs %zu times there and %zu times now; quote words "
				"that occur once", line, nt->slug, sec->slug, phrase, in_body, now);
	}
done:
	lines_doc_free(&ld);
	return error;
}

static int section_change(amend_overrides *ov, const charter_document *doc, const numbered_text *nt,
	const charter_propose_options *o)
{
	size_t i;
	int error;
	buf out = BUF_INIT, body = BUF_INIT;
	if (!o->section)
		return error_set(CHARTER_EINVALID, "which section? give its slug");
	if ((error = charter_document_section_find(&i, doc, o->section)) < 0)
		return error;
	const doc_section *sec = &doc->sections[i];

	if (o->kind == CHARTER_CHANGE_SUBSTITUTE) {
		if (!o->text)
			return error_set(CHARTER_EINVALID, "no text for the section as amended");
		error = amend_section_text(&out, sec->markdown, sec->body, sec->slug, o->text,
			o->text_len ? o->text_len : strlen(o->text));
	} else {
		bool needs_text = o->kind != CHARTER_CHANGE_STRIKE;
		if (!o->phrase)
			return error_set(CHARTER_EINVALID, "no phrase given");
		if (needs_text && (!o->text || !*o->text))
			return error_set(CHARTER_EINVALID, "no words to insert");
		if ((error = text_check_utf8(o->phrase, "the phrase")) < 0 ||
		    (o->text && (error = text_check_utf8(o->text, "the inserted words")) < 0))
			return error;
		if ((o->text && strchr(o->text, '\r')) || strchr(o->phrase, '\r'))
			return error_set(CHARTER_EINVALID, "the phrase or the inserted words contain a carriage return");
		size_t nth = 0;
		unsigned at_line = o->version >= 2 ? o->at_line : 0;
		if (at_line && (error = occurrence_on_line(&nth, doc, nt, sec, o->phrase, at_line)) < 0)
			return error;
		if ((error = amend_form_apply_nth(&body, sec->body, o->kind, o->phrase, o->text, sec->slug, nth)) == 0) {
			buf_put(&out, sec->markdown, (size_t)(sec->body - sec->markdown));
			buf_put(&out, body.ptr, body.size);
			error = buf_check(&out);
		}
	}
	if (error == 0)
		error = check_not_empty(buf_cstr(&out), sec->slug);
	if (error == 0)
		error = amend_overrides_add(ov, section_path(sec->slug), buf_detach(&out), sec->markdown);
	buf_free(&out);
	buf_free(&body);
	return error;
}

int amend_document_overrides(amend_overrides *ov, const charter_document *doc, const charter_document *next)
{
	int error = 0;
	if (!next)
		return error_set(CHARTER_EINVALID, "no document given");
	if (next->count == 0)
		return error_set(CHARTER_EINVALID, "the amendment would remove the last section");
	for (size_t i = 0; i < next->count && error == 0; i++) {
		size_t at;
		const char *current = charter_document_section_find(&at, doc, next->sections[i].slug) == 0
			? doc->sections[at].markdown : NULL;
		error = check_not_empty(next->sections[i].markdown, next->sections[i].slug);
		if (error == 0)
			error = amend_overrides_add(ov, section_path(next->sections[i].slug),
				xstrdup(next->sections[i].markdown), current);
	}
	for (size_t i = 0; i < doc->count && error == 0; i++) {
		size_t at;
		if (charter_document_section_find(&at, next, doc->sections[i].slug) < 0)
			error = amend_overrides_add(ov, section_path(doc->sections[i].slug), NULL, doc->sections[i].markdown);
	}
	error_clear();
	if (error == 0)
		error = amend_overrides_add(ov, xstrdup("README.md"), xstrdup(next->readme), doc->readme);
	return error;
}

static int check_identity(const charter_identity *id, const char *what)
{
	int error;
	if ((error = text_check_line(charter_identity_name(id), what)) < 0 ||
	    (error = text_check_line(charter_identity_email(id), what)) < 0)
		return error;
	return 0;
}

static bool ref_exists(git_repository *repo, const char *id)
{
	char ref[300];
	git_oid oid;
	amend_refname(ref, AMENDMENT_REF_PREFIX, id);
	return git_reference_name_to_id(&oid, repo, ref) == 0;
}

/* The next free number: ids 1, 2, ... are taken in order, so gallop to a
 * free one and bisect: a few ref lookups however many amendments exist. */
static unsigned long next_free_number(git_repository *repo)
{
	char id[32];
	unsigned long lo = 0, hi = 1; /* lo: taken (0 stands for "none"), hi: probe */
	for (;;) {
		snprintf(id, sizeof(id), "%lu", hi);
		if (!ref_exists(repo, id))
			break;
		lo = hi;
		hi *= 2;
	}
	while (hi - lo > 1) {
		unsigned long mid = lo + (hi - lo) / 2;
		snprintf(id, sizeof(id), "%lu", mid);
		if (ref_exists(repo, id))
			lo = mid;
		else
			hi = mid;
	}
	return hi;
}

static void build_message(buf *msg, const charter_propose_options *o, const char *id, const char *to,
	const amend_overrides *ov, const char *rationale)
{
	buf_printf(msg, "%s\n\n", o->title);
	if (rationale && *rationale)
		buf_printf(msg, "%s\n\n", rationale);
	buf_printf(msg, "Amendment: %s\n", id);
	if (to)
		buf_printf(msg, "Amends: %s\n", to);
	for (size_t i = 0; i < ov->count; i++) {
		char name[80];
		if (strncmp(ov->ov[i].path, "sections/", 9) != 0)
			continue;
		amend_path_name(name, ov->ov[i].path);
		buf_printf(msg, "Section: %s\n", name);
	}
	buf_printf(msg, "Proposed-by: %s <%s>\n", charter_identity_name(o->by), charter_identity_email(o->by));
	for (size_t i = 0; i < o->seconded_count; i++)
		buf_printf(msg, "Seconded-by: %s <%s>\n", charter_identity_name(o->seconded_by[i]),
			charter_identity_email(o->seconded_by[i]));
}

/* The rationale without trailing blank lines or spaces. */
static char *trim_rationale(const char *r)
{
	size_t n = r ? strlen(r) : 0;
	while (n && strchr(" \t\n", r[n - 1]))
		n--;
	const char *start = r;
	while (n && *start == '\n')
		start++, n--;
	return xstrndup(r ? start : "", n);
}

/* The record a secondary amendment to `to` starts from: the tip of its
 * pending primary, which must not be a secondary itself. */
static int secondary_base(git_commit **out, git_repository *repo, const char *to, const git_oid *main_id)
{
	amend_outcome st = { 0 };
	char *above = NULL;
	int error;
	*out = NULL;
	if ((error = amend_proposal(out, repo, to)) < 0)
		return error;
	if ((above = amend_amends(*out)) != NULL)
		error = error_set(CHARTER_EINVALID,
			"amendment %s amends %s: an amendment to it would be of the third degree, which is not in order "
			"(amend %s instead)", to, above, above);
	else if ((error = amend_state(&st, repo, to, *out, main_id, true)) == 0 && st.state != CHARTER_AMENDMENT_PENDING)
		error = error_set(CHARTER_ESTATE, "amendment %s is %s: only a pending amendment can be amended", to,
			charter_amendment_state_name(st.state));
	amend_outcome_free(&st);
	free(above);
	if (error < 0) {
		git_commit_free(*out);
		*out = NULL;
	}
	return error;
}

/* A secondary amendment changes only what its primary changes. */
static int secondary_scope(git_repository *repo, const git_commit *primary, const char *to, const amend_overrides *ov)
{
	amend_change ch = AMEND_CHANGE_INIT;
	int error = amend_change_load(&ch, repo, NULL, primary);
	for (size_t i = 0; error == 0 && i < ov->count; i++) {
		bool found = false;
		for (size_t j = 0; j < ch.count && !found; j++)
			found = strcmp(ch.files[j].path, ov->ov[i].path) == 0;
		if (!found) {
			char name[80];
			amend_path_name(name, ov->ov[i].path);
			error = error_set(CHARTER_EINVALID,
				"an amendment to %s may change only what %s changes, and %s does not change %s", to, to, to,
				name);
		}
	}
	amend_change_free(&ch);
	return error;
}

/* The first free id <to>.1, <to>.2, ... */
static int next_secondary_id(char *out, size_t size, git_repository *repo, const char *to)
{
	for (unsigned n = 1; n < 100000; n++) {
		snprintf(out, size, "%s.%u", to, n);
		if (amend_id_check(out) < 0)
			return error_set_option(CHARTER_EINVALID, "id", "amendment %s has no room for a default id", to);
		if (amend_id_free(repo, out) == 0)
			return 0;
	}
	return error_set_option(CHARTER_EINVALID, "id", "no free id for an amendment to %s", to);
}

/* A proposal's own date: a real date, not after tomorrow (UTC). */
static int propose_date_check(int64_t *day, const char *date)
{
	char today[11];
	int64_t now;
	int error;
	if ((error = date_parse(day, date)) < 0)
		return error;
	date_today(today);
	if (date_parse(&now, today) == 0 && *day > now + DATE_DAY)
		return error_set(CHARTER_EINVALID, "the proposal date %s is in the future", date);
	return 0;
}

static int propose_unlocked(char **out_id, charter_store *store, const charter_propose_options *o)
{
	git_repository *repo = store_repo(store);
	git_oid main_id, tree_id, commit_id;
	git_commit *main = NULL;
	git_tree *main_tree = NULL, *tree = NULL;
	git_signature *author = NULL, *committer = NULL;
	charter_document *doc = NULL, *frozen_doc = NULL;
	numbered_text nt = { NULL, "" };
	amend_overrides ov = { 0 };
	buf msg = BUF_INIT;
	char *rationale = NULL, idbuf[AMEND_ID_MAX + 32];
	const char *id = NULL;
	int error;

	if (out_id)
		*out_id = NULL;
	if (!o || !o->by)
		return error_set(CHARTER_EINVALID, "charter_propose: missing options or proposer");
	if ((error = options_version_check(o->version, CHARTER_PROPOSE_OPTIONS_VERSION, "charter_propose")) < 0)
		return error;
	const char *date = o->version >= 2 ? o->date : NULL;
	const char *to = o->version >= 2 ? o->to : NULL;
	if (to && (error = amend_id_check(to)) < 0)
		return error;
	int64_t day = 0;
	if (date && (error = propose_date_check(&day, date)) < 0)
		return error;
	if (!o->title)
		return error_set_option(CHARTER_EINVALID, "title", "a proposal needs a title");
	if ((error = text_check_line(o->title, "the title")) < 0 ||
	    (error = check_identity(o->by, "the proposer")) < 0)
		return error;
	for (size_t i = 0; i < o->seconded_count; i++)
		if ((error = check_identity(o->seconded_by[i], "a seconder")) < 0)
			return error;
	if (o->rationale && (error = amend_rationale_check(o->rationale)) < 0)
		return error;
	if (o->id) {
		if ((error = amend_id_new_check(o->id)) < 0 || (error = amend_id_free(repo, o->id)) < 0)
			return error;
	}
	if (!(rationale = trim_rationale(o->rationale)))
		return CHARTER_ERROR;

	if ((error = store_main(&main_id, store)) < 0)
		goto done;
	if ((error = git_commit_lookup(&main, repo, &main_id)) < 0) {
		error = error_git(error, "cannot read main");
		goto done;
	}
	if (to) {
		/* A secondary amendment: on top of its primary's record. */
		git_commit_free(main);
		main = NULL;
		if ((error = secondary_base(&main, repo, to, &main_id)) < 0)
			goto done;
	}
	if ((error = git_commit_tree(&main_tree, main)) < 0) {
		error = error_git(error, "cannot read the text to amend");
		goto done;
	}
	if ((error = document_from_commit(&doc, repo, main)) < 0)
		goto done;
	/* While a convention's booklet is frozen, --at-line cites its lines. */
	git_oid frozen_id;
	if (!to && o->version >= 2 && o->at_line && amend_frozen_booklet(&frozen_id, nt.slug, repo, NULL) == 0 &&
	    !git_oid_equal(&frozen_id, &main_id)) {
		git_commit *fc = NULL;
		if ((error = git_commit_lookup(&fc, repo, &frozen_id)) < 0) {
			error = error_git(error, "cannot read the text the booklet froze");
			goto done;
		}
		error = document_from_commit(&frozen_doc, repo, fc);
		git_commit_free(fc);
		if (error < 0)
			goto done;
		nt.doc = frozen_doc;
	}
	if (o->kind == CHARTER_CHANGE_DOCUMENT)
		error = amend_document_overrides(&ov, doc, o->document);
	else if (o->kind <= CHARTER_CHANGE_SUBSTITUTE)
		error = section_change(&ov, doc, &nt, o);
	else
		error = error_set(CHARTER_EINVALID, "unknown kind of change");
	if (error < 0)
		goto done;
	if (ov.count == 0) {
		error = error_set(CHARTER_EINVALID, "the amendment changes nothing");
		goto done;
	}
	if ((error = amend_validate(repo, main_tree, ov.ov, ov.count)) < 0 ||
	    (to && (error = secondary_scope(repo, main, to, &ov)) < 0))
		goto done;

	/* Everything is checked: write. */
	if ((error = amend_write_tree(&tree_id, repo, main_tree, ov.ov, ov.count)) < 0)
		goto done;
	if ((error = git_tree_lookup(&tree, repo, &tree_id)) < 0) {
		error = error_git(error, "cannot build the proposal");
		goto done;
	}
	if (date)
		error = record_signatures(&author, &committer, o->by, day);
	else if ((error = git_signature_now(&author, charter_identity_name(o->by), charter_identity_email(o->by))) < 0 ||
	         (error = git_signature_dup(&committer, author)) < 0)
		error = error_git(error, "invalid name or email");
	if (error < 0)
		goto done;
	for (int attempt = 0; attempt < 50; attempt++) {
		if (o->id) {
			id = o->id;
		} else if (to) {
			if ((error = next_secondary_id(idbuf, sizeof(idbuf), repo, to)) < 0)
				goto done;
			id = idbuf;
		} else {
			snprintf(idbuf, sizeof(idbuf), "%lu", next_free_number(repo));
			id = idbuf;
		}
		char ref[300];
		const git_commit *parents[] = { main };
		buf_clear(&msg);
		build_message(&msg, o, id, to, &ov, rationale);
		if ((error = buf_check(&msg)) < 0 ||
		    (error = record_commit(&commit_id, repo, tree, 1, parents, author, committer, msg.ptr, o->signer)) < 0)
			goto done;
		amend_refname(ref, AMENDMENT_REF_PREFIX, id);
		error = record_move_ref(repo, ref, &commit_id, NULL, "charter: proposal");
		if (error != CHARTER_EMOVED)
			break;
		if (o->id) {
			error = error_set(CHARTER_EEXISTS, "amendment id '%s' is already used", o->id);
			goto done;
		}
		/* Another proposer holds or took this number: let it finish. */
		amend_backoff(attempt);
	}
	if (error == 0 && out_id && !(*out_id = xstrdup(id)))
		error = CHARTER_ERROR;
done:
	amend_overrides_free(&ov);
	charter_document_free(doc);
	charter_document_free(frozen_doc);
	git_signature_free(author);
	git_signature_free(committer);
	git_tree_free(tree);
	git_tree_free(main_tree);
	git_commit_free(main);
	buf_free(&msg);
	free(rationale);
	return error;
}

/* One writer at a time (store/writer_lock.h), with what a dead one left
 * repaired first. */
int charter_propose(char **out_id, charter_store *store, const charter_propose_options *o)
{
	int fd = -1, error = store ? writer_begin(&fd, store_repo(store)) : 0;
	if (error < 0)
		return error;
	error = propose_unlocked(out_id, store, o);
	writer_unlock(fd);
	return error;
}
