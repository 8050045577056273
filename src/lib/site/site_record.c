/* The pages of the record: every amendment, every convention, and the
 * verification of every signature. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "amend/amend.h"
#include "base/html.h"
#include "history/history_int.h"
#include "site/site_int.h"

static const site_convention *convention_named(const site *s, const char *name)
{
	for (size_t c = 0; name && c < s->nconv; c++)
		if (s->conv[c].name && strcasecmp(s->conv[c].name, name) == 0)
			return &s->conv[c];
	return NULL;
}

static void convention_link(buf *b, const site *s, const char *name, const char *root)
{
	const site_convention *c = convention_named(s, name);
	if (c)
		buf_printf(b, "<a href=\"%sconventions/%s.html\">", root, c->slug);
	html_escape_str(b, name);
	if (c)
		buf_puts(b, "</a>");
}

/* "Amendment ID", linked to its page when the site has one. */
static void amendment_link(buf *b, const site *s, const char *id)
{
	bool page = site_has_amendment(s, id);
	if (page) {
		buf_puts(b, "<a href=\"");
		html_escape_attr(b, id);
		buf_puts(b, ".html\">");
	}
	buf_puts(b, "Amendment ");
	html_escape_str(b, id);
	if (page)
		buf_puts(b, "</a>");
}

/* "adopted by X on D, vote F–A–X" */
static void outcome(buf *b, const site *s, const charter_amendment *a, const char *root)
{
	charter_amendment_state_t st = charter_amendment_state(a);
	buf_printf(b, "<span class=\"state\">%s</span>", charter_amendment_state_name(st));
	if (st == CHARTER_AMENDMENT_PENDING)
		return;
	if (charter_amendment_convention(a)) {
		buf_puts(b, " by ");
		convention_link(b, s, charter_amendment_convention(a), root);
	}
	if (charter_amendment_date(a))
		buf_printf(b, " on <time datetime=\"%s\">%s</time>", charter_amendment_date(a), charter_amendment_date(a));
	if (charter_amendment_vote(a)) {
		buf_puts(b, ", vote ");
		html_escape_str(b, charter_amendment_vote(a));
		buf_puts(b, " (for–against–abstaining)");
	}
	if (charter_amendment_as_amended(a))
		buf_puts(b, ", as amended");
}

static void signature(buf *b, const charter_amendment *a, charter_record_kind which, const char *label)
{
	charter_signature_info si;
	const char *commit = which == CHARTER_RECORD_PROPOSAL ? charter_amendment_proposal_commit(a)
		: charter_amendment_outcome_commit(a);
	if (!*commit || charter_amendment_signature(&si, a, which) < 0) {
		error_clear();
		return;
	}
	buf_printf(b, "<li><strong>%s</strong>, commit <code>%.12s</code>: ", label, commit);
	if (!si.present) {
		buf_puts(b, "not signed.</li>\n");
		return;
	}
	buf_puts(b, "signed with the key <code>");
	html_escape_str(b, si.fingerprint);
	buf_puts(b, "</code>");
	if (*si.principal) {
		buf_puts(b, " of <strong>");
		html_escape_str(b, si.principal);
		buf_puts(b, "</strong>");
	} else {
		buf_puts(b, ", a key the record's allowed signers do not list");
	}
	buf_puts(b, si.verifies ? "; the signature is good" : "; the signature does <strong>not</strong> verify: ");
	if (!si.verifies)
		html_escape_str(b, si.detail);
	buf_puts(b, ".</li>\n");
}

static int redline_part(buf *b, const charter_amendment *a, charter_text_side from, charter_text_side to)
{
	charter_redline *rl = NULL;
	char *html = NULL;
	int error = charter_amendment_redline(&rl, a, from, to, 1);
	if (error == 0 && !rl) {
		buf_puts(b, "<p>It does not apply to today's text: ");
		html_escape_str(b, charter_amendment_collision(a) ? charter_amendment_collision(a) : "it collides with it");
		buf_puts(b, ".</p>\n");
		return 0;
	}
	if (error == 0)
		error = charter_redline_render(&html, NULL, rl, CHARTER_FORMAT_HTML, CHARTER_REDLINE_CHANGED_ONLY);
	if (error == 0)
		html_shift_headings(b, html, 2);
	charter_free(html);
	charter_redline_free(rl);
	return error;
}

/* Whether the change against today's text (or as adopted) is the change
 * as proposed: the same texts on both sides of every file. */
static bool same_change(const charter_amendment *a)
{
	for (size_t i = 0; i < charter_amendment_file_count(a); i++) {
		const char *t[4];
		for (int k = 0; k < 4; k++)
			t[k] = charter_amendment_file_text(a, i, (charter_text_side)k);
		for (int k = 0; k < 2; k++)
			if ((t[k] == NULL) != (t[k + 2] == NULL) || (t[k] && strcmp(t[k], t[k + 2]) != 0))
				return false;
	}
	return true;
}

/* The secondaries of the amendment at `at` in the site's list: the list
 * puts them right after their primary, so they are [at + 1, end). */
static size_t secondaries_end(const site *s, size_t at)
{
	const char *id = charter_amendment_id(charter_amendment_list_get(s->amendments, at));
	size_t end = at + 1, n = charter_amendment_list_count(s->amendments);
	while (end < n && strcmp(charter_amendment_amends(charter_amendment_list_get(s->amendments, end)), id) == 0)
		end++;
	return end;
}

static int amendment_page(site *s, charter_store *store, size_t at)
{
	const charter_amendment *listed = charter_amendment_list_get(s->amendments, at);
	size_t sec_end = secondaries_end(s, at);
	const char *id = charter_amendment_id(listed);
	charter_amendment_state_t st = charter_amendment_state(listed);
	char path[120], key[33];
	buf k = BUF_INIT, b = BUF_INIT;
	charter_amendment *a = NULL;
	int error;
	snprintf(path, sizeof(path), "amendments/%s.html", id);
	buf_printf(&k, "%s\n%d\n%s\n%s\n%s\n%s\n", id, (int)st, charter_amendment_proposal_commit(listed),
		charter_amendment_outcome_commit(listed), s->sections_key,
		st == CHARTER_AMENDMENT_ADOPTED ? "" : site_adoption(s, s->nadopt - 1)->commit);
	/* A primary's page lists its secondaries: each one's state is part of it. */
	for (size_t i = at + 1; i < sec_end; i++) {
		const charter_amendment *o = charter_amendment_list_get(s->amendments, i);
		buf_printf(&k, "%s %d %s %s\n", charter_amendment_id(o), (int)charter_amendment_state(o),
			charter_amendment_proposal_commit(o), charter_amendment_outcome_commit(o));
	}
	if ((error = buf_check(&k)) < 0)
		return error;
	site_key(key, s, k.ptr, k.size);
	buf_free(&k);
	if (site_out_fresh(&s->out, path, key))
		return 0;
	if ((error = amend_load_listed(&a, store, s->amendments, at, CHARTER_AMENDMENT_DETAILS |
		(st == CHARTER_AMENDMENT_PENDING ? CHARTER_AMENDMENT_CHECK_APPLIES : 0))) < 0)
		return error;
	buf t = BUF_INIT;
	buf_printf(&t, "Amendment %s: %s", id, charter_amendment_title(a));
	site_page_open(&b, s, path, buf_cstr(&t));
	buf_puts(&b, "<h1>");
	html_escape_str(&b, buf_cstr(&t));
	buf_free(&t);
	buf_puts(&b, "</h1>\n<dl class=\"record\">\n<dt>State</dt><dd>");
	outcome(&b, s, a, "../");
	if (st == CHARTER_AMENDMENT_PENDING && charter_amendment_applies(a) >= 0)
		buf_puts(&b, charter_amendment_applies(a) ? "; it applies cleanly to today's text"
			: "; it does not apply to today's text");
	buf_puts(&b, "</dd>\n");
	const char *amends = charter_amendment_amends(a);
	if (*amends) {
		/* A secondary amendment: adopting it amended the primary, not the text. */
		buf_puts(&b, "<dt>Amends</dt><dd>");
		amendment_link(&b, s, amends);
		buf_puts(&b, st == CHARTER_AMENDMENT_ADOPTED ? " (adopting it changed that amendment, not the text)" : "");
		buf_puts(&b, "</dd>\n");
	}
	buf_puts(&b, "<dt>Sections</dt><dd>");
	size_t ns = charter_amendment_section_count(a);
	for (size_t i = 0; i < ns; i++) {
		const char *slug = charter_amendment_section(a, i);
		buf_puts(&b, i ? ", " : "");
		if (site_has_section(s, slug))
			buf_printf(&b, "<a href=\"../sections/%s.html\">%s</a>", slug, slug);
		else
			buf_printf(&b, "<code>%s</code> (no longer in the text)", slug);
	}
	for (size_t i = 0; !ns && i < charter_amendment_file_count(a); i++) {
		buf_puts(&b, i ? ", " : "");
		buf_puts(&b, "<code>");
		html_escape_str(&b, charter_amendment_file_path(a, i));
		buf_puts(&b, "</code>");
	}
	buf_puts(&b, "</dd>\n<dt>Proposed by</dt><dd>");
	html_escape_str(&b, charter_amendment_proposed_by(a));
	buf_printf(&b, ", <time datetime=\"%s\">%s</time></dd>\n", charter_amendment_proposed_on(a),
		charter_amendment_proposed_on(a));
	for (size_t i = 0; i < charter_amendment_seconded_count(a); i++) {
		buf_puts(&b, i ? "" : "<dt>Seconded by</dt>");
		buf_puts(&b, "<dd>");
		html_escape_str(&b, charter_amendment_seconded_by(a, i));
		buf_puts(&b, "</dd>\n");
	}
	buf_puts(&b, "</dl>\n");
	if (*charter_amendment_rationale(a)) {
		buf_puts(&b, "<h2>Rationale</h2>\n<p class=\"rationale\">");
		html_escape_str(&b, charter_amendment_rationale(a));
		buf_puts(&b, "</p>\n");
	}
	/* Its secondaries, from the list the site has (loading them with the
	 * amendment would read every amendment once per page). */
	for (size_t i = at + 1, shown = 0; i < sec_end; i++) {
		const charter_amendment *o = charter_amendment_list_get(s->amendments, i);
		buf_puts(&b, shown++ ? "<li>" : "<h2>Amendments to this amendment</h2>\n<ul class=\"secondaries\">\n<li>");
		amendment_link(&b, s, charter_amendment_id(o));
		buf_puts(&b, ": ");
		html_escape_str(&b, charter_amendment_title(o));
		buf_puts(&b, " — ");
		outcome(&b, s, o, "../");
		buf_puts(&b, "</li>\n");
	}
	if (sec_end > at + 1)
		buf_puts(&b, "</ul>\n");
	buf_puts(&b, "<h2>Signatures</h2>\n<ul class=\"signatures\">\n");
	signature(&b, a, CHARTER_RECORD_PROPOSAL, "The proposal");
	signature(&b, a, CHARTER_RECORD_OUTCOME, st == CHARTER_AMENDMENT_ADOPTED ? "The adoption"
		: st == CHARTER_AMENDMENT_REJECTED ? "The rejection" : "The withdrawal");
	buf_puts(&b, "</ul>\n<h2>The change as proposed</h2>\n");
	html_redline_legend(&b);
	buf_puts(&b, "<p class=\"meta\">The changed paragraphs with one paragraph around them; “…” stands for text "
		"left out.</p>\n");
	if ((error = redline_part(&b, a, CHARTER_TEXT_BASE, CHARTER_TEXT_PROPOSED)) < 0)
		goto done;
	buf_printf(&b, "<h2>The change %s</h2>\n", st == CHARTER_AMENDMENT_ADOPTED ? "as adopted, to the text of its day"
		: "against today's text");
	if (same_change(a)) {
		buf_puts(&b, "<p>The same as proposed: it was made against the text of its day.</p>\n");
	} else if ((error = redline_part(&b, a, CHARTER_TEXT_BEFORE, CHARTER_TEXT_AFTER)) < 0) {
		goto done;
	}
	for (size_t i = 0; i < ns; i++)
		if (site_has_section(s, charter_amendment_section(a, i))) {
			buf_printf(&b, "<p>The whole text today: <a href=\"../sections/%s.html\">%s</a>.</p>\n",
				charter_amendment_section(a, i), charter_amendment_section(a, i));
			break;
		}
	site_page_close(&b);
	error = site_emit(s, path, key, &b);
done:
	buf_free(&b);
	charter_amendment_free(a);
	return error;
}

static int amendments_index(site *s)
{
	static const charter_amendment_state_t order[] = { CHARTER_AMENDMENT_PENDING, CHARTER_AMENDMENT_ADOPTED,
		CHARTER_AMENDMENT_REJECTED, CHARTER_AMENDMENT_WITHDRAWN };
	static const char *const names[] = { "Pending", "Adopted", "Rejected", "Withdrawn" };
	size_t n = charter_amendment_list_count(s->amendments);
	buf b = BUF_INIT;
	site_page_open(&b, s, "amendments/index.html", "Amendments");
	buf_printf(&b, "<h1>Amendments</h1>\n<p class=\"meta\">%zu amendments, in the order of their ids.</p>\n", n);
	for (size_t o = 0; o < 4; o++) {
		size_t k = 0;
		for (size_t i = 0; i < n; i++)
			k += charter_amendment_state(charter_amendment_list_get(s->amendments, i)) == order[o];
		buf_printf(&b, "<h2 id=\"%s\">%s (%zu)</h2>\n", charter_amendment_state_name(order[o]), names[o], k);
		if (!k)
			continue;
		buf_puts(&b, "<ul>\n");
		for (size_t i = 0; i < n; i++) {
			const charter_amendment *a = charter_amendment_list_get(s->amendments, i);
			if (charter_amendment_state(a) != order[o])
				continue;
			const char *id = charter_amendment_id(a);
			buf_printf(&b, "<li><a href=\"%s.html\">Amendment %s</a>: ", id, id);
			html_escape_str(&b, charter_amendment_title(a));
			if (*charter_amendment_amends(a)) {
				buf_puts(&b, " (amends ");
				amendment_link(&b, s, charter_amendment_amends(a));
				buf_puts(&b, ")");
			}
			buf_puts(&b, " — ");
			outcome(&b, s, a, "../");
			buf_puts(&b, "</li>\n");
		}
		buf_puts(&b, "</ul>\n");
	}
	site_page_close(&b);
	return site_emit(s, "amendments/index.html", NULL, &b);
}

static void adoption_item(buf *b, const site *s, const charter_adoption *a)
{
	buf h = BUF_INIT;
	site_adoption_href(&h, s, a);
	buf_printf(b, "<li><time datetime=\"%s\">%s</time>: ", a->date, a->date);
	if (a->amendment && site_has_amendment(s, a->amendment)) {
		buf_printf(b, "<a href=\"../%s\">Amendment ", buf_cstr(&h));
		html_escape_str(b, a->amendment);
		buf_puts(b, "</a>, ");
	} else if (a->amendment) {
		buf_puts(b, "Amendment ");
		html_escape_str(b, a->amendment);
		buf_puts(b, ", ");
	}
	html_escape_str(b, a->title);
	if (a->vote) {
		buf_puts(b, " — vote ");
		html_escape_str(b, a->vote);
	}
	buf_puts(b, "</li>\n");
	buf_free(&h);
}

static int convention_page(site *s, charter_store *store, size_t ci)
{
	const site_convention *c = &s->conv[ci];
	const site_convention *prev = ci ? &s->conv[ci - 1] : NULL;
	char path[120], key[33];
	buf k = BUF_INIT, b = BUF_INIT;
	size_t n = charter_amendment_list_count(s->amendments);
	int error = 0;
	snprintf(path, sizeof(path), "conventions/%s.html", c->slug);
	buf_printf(&k, "%s\n%s\n", c->slug, prev ? prev->last->commit : "");
	for (size_t i = c->first; i < s->nadopt; i++)
		if (site_convention_at(s, i) == c)
			buf_printf(&k, "%s\n", site_adoption(s, i)->commit);
	for (size_t i = 0; i < n; i++) {
		const charter_amendment *a = charter_amendment_list_get(s->amendments, i);
		if (charter_amendment_state(a) > CHARTER_AMENDMENT_ADOPTED &&
		    convention_named(s, charter_amendment_convention(a)) == c)
			buf_printf(&k, "%s %s\n", charter_amendment_id(a), charter_amendment_outcome_commit(a));
	}
	if ((error = buf_check(&k)) < 0)
		return error;
	site_key(key, s, k.ptr, k.size);
	buf_free(&k);
	if (site_out_fresh(&s->out, path, key))
		return 0;
	const char *name = c->name ? c->name : "The founding text";
	site_page_open(&b, s, path, name);
	buf_puts(&b, "<h1>");
	html_escape_str(&b, name);
	buf_printf(&b, "</h1>\n<p class=\"meta\">%zu adoption%s, the last on <time datetime=\"%s\">%s</time>. "
		"<a href=\"../text/%s.html\">The text as it left it</a>.</p>\n", c->count, c->count == 1 ? "" : "s",
		c->last->date, c->last->date, c->slug);
	buf_printf(&b, "<h2 id=\"adopted\">Adopted (%zu)</h2>\n<ol>\n", c->count);
	for (size_t i = c->first; i < s->nadopt; i++)
		if (site_convention_at(s, i) == c)
			adoption_item(&b, s, site_adoption(s, i));
	buf_puts(&b, "</ol>\n");
	for (int st = CHARTER_AMENDMENT_REJECTED; st <= CHARTER_AMENDMENT_WITHDRAWN; st++) {
		bool any = false;
		buf_printf(&b, "<h2 id=\"%s\">%s</h2>\n", charter_amendment_state_name(st),
			st == CHARTER_AMENDMENT_REJECTED ? "Rejected" : "Withdrawn");
		for (size_t i = 0; i < n; i++) {
			const charter_amendment *a = charter_amendment_list_get(s->amendments, i);
			if ((int)charter_amendment_state(a) != st || convention_named(s, charter_amendment_convention(a)) != c)
				continue;
			buf_puts(&b, any ? "" : "<ul>\n");
			any = true;
			buf_printf(&b, "<li><a href=\"../amendments/%s.html\">Amendment %s</a>: ", charter_amendment_id(a),
				charter_amendment_id(a));
			html_escape_str(&b, charter_amendment_title(a));
			buf_puts(&b, " — ");
			outcome(&b, s, a, "../");
			buf_puts(&b, "</li>\n");
		}
		buf_puts(&b, any ? "</ul>\n" : "<p>None.</p>\n");
	}
	buf_puts(&b, "<h2 id=\"changes\">Changes to the whole document</h2>\n");
	if (!prev) {
		buf_printf(&b, "<p>This is where the record begins: <a href=\"../text/%s.html\">the founding text</a>.</p>\n",
			c->slug);
	} else {
		charter_redline *rl = NULL;
		char *html = NULL;
		buf_puts(&b, "<p class=\"meta\">Against the text as ");
		html_escape_str(&b, prev->name ? prev->name : "the founding");
		buf_puts(&b, " left it; sections in which nothing changed are left out.</p>\n");
		html_redline_legend(&b);
		const charter_document *before = NULL, *after = NULL;
		if ((error = site_convention_doc(&before, s, store, ci - 1)) == 0 &&
		    (error = site_convention_doc(&after, s, store, ci)) == 0 &&
		    (error = history_diff_documents(&rl, before, after, NULL, NULL)) == 0 &&
		    (error = charter_redline_render(&html, NULL, rl, CHARTER_FORMAT_HTML, CHARTER_REDLINE_CHANGED_ONLY)) == 0)
			html_shift_headings(&b, html, 2);
		charter_free(html);
		charter_redline_free(rl);
		if (error < 0) {
			buf_free(&b);
			return error;
		}
	}
	site_page_close(&b);
	return site_emit(s, path, key, &b);
}

static int conventions_index(site *s)
{
	buf b = BUF_INIT;
	site_page_open(&b, s, "conventions/index.html", "Conventions");
	buf_puts(&b, "<h1>Conventions</h1>\n<p class=\"meta\">In the order they met.</p>\n");
	site_conventions_list(&b, s, "../");
	site_page_close(&b);
	return site_emit(s, "conventions/index.html", NULL, &b);
}

static void verdict(buf *b, const charter_verify_entry *e)
{
	if (*e->principal) {
		buf_puts(b, "signed by <strong>");
		html_escape_str(b, e->principal);
		buf_puts(b, "</strong>");
	} else {
		buf_puts(b, "signer not listed");
	}
	if (*e->fingerprint) {
		buf_puts(b, ", key <code>");
		html_escape_str(b, e->fingerprint);
		buf_puts(b, "</code>");
	}
	if (e->ok) {
		buf_puts(b, ": <span class=\"state\">authentic</span>");
	} else {
		buf_puts(b, ": <span class=\"state\">FAILED</span> (");
		html_escape_str(b, charter_verify_reason_name(e->reason));
		if (*e->detail) {
			buf_puts(b, ": ");
			html_escape_str(b, e->detail);
		}
		buf_puts(b, ")");
	}
}

static int verify_page(site *s)
{
	buf b = BUF_INIT;
	size_t n = charter_verify_report_commit_count(s->verify);
	site_page_open(&b, s, "verify.html", "Verification");
	buf_puts(&b, "<h1>Verification</h1>\n");
	site_verify_status(&b, s, "");
	buf_puts(&b, "<p class=\"meta\">The trust rule: the founding commit is signed by a key of its own allowed "
		"signers, every later adoption by a key its predecessor allowed, every convention tag by a key the "
		"tagged text allowed. Run <code>charter verify</code> on a copy of the store to check it yourself.</p>\n");
	buf_printf(&b, "<h2 id=\"adoptions\">Adoptions (%zu), oldest first</h2>\n<ol>\n", n);
	for (size_t i = 0; i < n; i++) {
		charter_verify_entry e;
		charter_verify_report_commit(&e, s->verify, i);
		const charter_adoption *a = n == s->nadopt ? site_adoption(s, i) : NULL;
		if (a && strcmp(a->commit, e.commit) != 0)
			a = NULL;
		buf_printf(&b, "<li><code>%.12s</code> ", e.commit);
		if (a) {
			buf h = BUF_INIT;
			site_adoption_href(&h, s, a);
			buf_printf(&b, "(<time datetime=\"%s\">%s</time>, ", a->date, a->date);
			if (h.size)
				buf_printf(&b, "<a href=\"%s\">", buf_cstr(&h));
			html_escape_str(&b, a->amendment ? "Amendment " : "");
			html_escape_str(&b, a->amendment ? a->amendment : a->title);
			buf_puts(&b, h.size ? "</a>) " : ") ");
			buf_free(&h);
		}
		verdict(&b, &e);
		buf_puts(&b, "</li>\n");
	}
	buf_puts(&b, "</ol>\n");
	size_t nt = charter_verify_report_tag_count(s->verify);
	buf_printf(&b, "<h2 id=\"tags\">Convention tags (%zu)</h2>\n", nt);
	buf_puts(&b, nt ? "<ul>\n" : "<p>None.</p>\n");
	for (size_t i = 0; i < nt; i++) {
		charter_verify_entry e;
		charter_verify_report_tag(&e, s->verify, i);
		buf_puts(&b, "<li><code>");
		html_escape_str(&b, e.tag);
		buf_printf(&b, "</code> on <code>%.12s</code>: ", e.target ? e.target : "");
		verdict(&b, &e);
		buf_puts(&b, "</li>\n");
	}
	buf_puts(&b, nt ? "</ul>\n" : "");
	site_page_close(&b);
	return site_emit(s, "verify.html", NULL, &b);
}

int site_amendment_pages(site *s)
{
	int error = amendments_index(s);
	if (error == 0)
		error = site_parallel(s, charter_amendment_list_count(s->amendments), 0, amendment_page);
	return error;
}

/* Convention ci's page and its text: they and the next convention's page
 * read its text, so the texts in memory are those of the conventions being
 * made. */
static int convention_pages(site *s, charter_store *store, size_t ci)
{
	int error = site_text_as_of(s, store, ci);
	if (error == 0)
		error = convention_page(s, store, ci);
	if (ci > 0)
		site_convention_doc_done(s, ci - 1);
	site_convention_doc_done(s, ci);
	return error;
}

int site_convention_pages(site *s)
{
	int error = conventions_index(s);
	if (error == 0)
		error = site_parallel(s, s->nconv, SITE_BIG_PAGE_THREADS, convention_pages);
	if (error == 0)
		error = verify_page(s);
	return error;
}
