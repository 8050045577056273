/* log and history: the adoptions on main, and those that changed a section
 * with their redlines, read from the index (cache/cache.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/sort.h"
#include "base/json.h"
#include "store/document.h"
#include "history/history_int.h"
#include "redline/redline_int.h"
#include "base/html.h"
#include "store/store.h"
#include "base/text.h"
#include "amend/amend.h"
#include "office/office.h"

const char *charter_adoption_kind_name(charter_adoption_kind kind)
{
	switch (kind) {
	case CHARTER_ADOPTION_FOUNDING:
		return "founding";
	case CHARTER_ADOPTION_RECORD:
		return "record";
	default:
		return "amendment";
	}
}

int charter_history_fast_reads(void)
{
	int error = charter_init();
	if (error < 0)
		return error;
	/* Must come before any pack is opened to take effect on it. Strict
	 * hash verification stays on: text printed is never unverified bytes
	 * (a corrupt or substituted object is an error naming it). */
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, (size_t)1 << 20);
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, (size_t)16 << 20);
	/* every object is read once: caching only costs */
	git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 0);
	return 0;
}

/* ---- the view: public adoptions ---- */

int view_init(hist_view *v, hist_cache *ix)
{
	v->ix = ix;
	v->made = calloc(ix->n + 1, sizeof(*v->made));
	return v->made ? 0 : error_set(CHARTER_ERROR, "out of memory");
}

void view_free(hist_view *v)
{
	cache_free(v->ix);
	free(v->made);
	v->ix = NULL;
	v->made = NULL;
}

const charter_adoption *view_adoption(hist_view *v, uint32_t k)
{
	if (k >= v->ix->n)
		return NULL;
	if (v->made[k])
		return v->made[k];
	hist_cache *ix = v->ix;
	const cache_adoption *a = &ix->ad[k];
	charter_adoption *out = cache_alloc(ix, sizeof(*out));
	char *hex = cache_alloc(ix, GIT_OID_HEXSZ + 1), *date = cache_alloc(ix, 11);
	const char **sections = cache_alloc(ix, (a->nchanges + 1) * sizeof(char *));
	if (!out || !hex || !date || !sections)
		return NULL;
	git_oid_tostr(hex, GIT_OID_HEXSZ + 1, &a->oid);
	date_format(date, a->time);
	for (uint32_t i = 0; i < a->nchanges; i++)
		sections[i] = ix->slugs[a->changes[i].slug];
	out->kind = (charter_adoption_kind)a->kind;
	out->commit = hex;
	out->amendment = a->kind == IDX_AMENDMENT ? a->amendment : NULL;
	out->title = a->title ? a->title : "";
	out->convention = a->convention;
	out->date = date;
	out->vote = a->vote;
	out->source = a->source;
	out->section_count = a->nchanges;
	out->sections = sections;
	v->made[k] = out;
	return out;
}

/* Is sections/<slug>.md in main's tree now? */
static bool in_tip(hist_cache *ix, const char *slug)
{
	git_commit *c = NULL;
	git_tree *t = NULL;
	git_tree_entry *e = NULL;
	char path[100];
	snprintf(path, sizeof(path), "sections/%s.md", slug);
	bool yes = git_commit_lookup(&c, ix->repo, &ix->tip) == 0 && git_commit_tree(&t, c) == 0 &&
		git_tree_entry_bypath(&e, t, path) == 0;
	git_tree_entry_free(e);
	git_tree_free(t);
	git_commit_free(c);
	error_clear();
	return yes;
}

int view_section(uint32_t *out, hist_cache *ix, const char *section)
{
	int error;
	if (!section)
		return error_set(CHARTER_EINVALID, "no section given");
	if ((error = slug_check(section)) < 0)
		return error;
	*out = cache_slug(ix, section);
	if (*out != IDX_NONE)
		return 0;
	/* Not seen yet: in the text now, or only in adoptions not resolved. */
	if (in_tip(ix, section))
		return cache_intern(out, ix, section, strlen(section));
	if ((error = cache_resolve(ix, NULL)) < 0)
		return error;
	*out = cache_slug(ix, section);
	if (*out == IDX_NONE)
		return error_set(CHARTER_ENOTFOUND, "no section '%s' (not in the text now nor ever before)", section);
	return 0;
}

int view_resolve(uint32_t *out, charter_store *store, const hist_cache *ix, const char *when)
{
	git_oid id;
	int error = store_resolve(&id, store, when);
	if (error < 0)
		return error;
	*out = cache_find(ix, &id);
	if (*out == IDX_NONE)
		return error_set(CHARTER_ENOTFOUND,
			"'%.80s' is not an adoption on main (a proposal or an older commit, not on main's first-parent line)",
			when);
	return 0;
}

void json_adoption_fields(buf *b, const charter_adoption *a)
{
	buf_puts(b, "\"commit\": ");
	json_string(b, a->commit);
	buf_puts(b, ", \"amendment\": ");
	json_or_null(b, a->amendment);
	buf_puts(b, ", \"title\": ");
	json_or_null(b, a->title);
	buf_puts(b, ", \"convention\": ");
	json_or_null(b, a->convention);
	buf_puts(b, ", \"date\": ");
	json_string(b, a->date);
	buf_puts(b, ", \"vote\": ");
	json_or_null(b, a->vote);
	buf_puts(b, ", \"kind\": ");
	json_string(b, charter_adoption_kind_name(a->kind));
	buf_puts(b, ", \"source\": ");
	json_or_null(b, a->source);
}

/* ---- selecting a section's history ---- */

typedef struct {
	uint32_t adoption;
	uint32_t hunk;  /* the section's own hunk, or the hunk of the section a
	                   paragraph of it stood in */
	bool own;
} hist_entry;

static int pid_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

static bool has_pid(const uint32_t *pids, size_t n, uint32_t pid)
{
	return pid && bsearch(&pid, pids, n, sizeof(*pids), pid_cmp) != NULL;
}

/* The pids of a section's lines now, sorted. */
static int section_pids(uint32_t **out, size_t *n, const hist_cache *ix, uint32_t slug)
{
	const cache_state *st = &ix->st[slug];
	*n = 0;
	*out = malloc(((st->present ? st->nlines : 0) + 1) * sizeof(uint32_t));
	if (!*out)
		return error_set(CHARTER_ERROR, "out of memory");
	for (uint32_t i = 0; st->present && i < st->nlines; i++)
		if (st->lines[i].pid)
			(*out)[(*n)++] = st->lines[i].pid;
	sort_u32(*out, *n);
	return 0;
}

static bool hunk_touches(const cache_hunk *h, const uint32_t *pids, size_t n)
{
	for (uint32_t i = 0; i < h->nold; i++)
		if (!h->old[i].same && has_pid(pids, n, h->old[i].pid))
			return true;
	for (uint32_t i = 0; i < h->nnew; i++)
		if (!h->new[i].same && has_pid(pids, n, h->new[i].pid))
			return true;
	return false;
}

/* Newest first: the section's own changes, and changes to its paragraphs
 * made while they stood elsewhere. Adoptions in (since, tip] only. */
static int select_entries(hist_entry **out, size_t *count, const hist_cache *ix, uint32_t slug, uint32_t since)
{
	uint32_t *pids = NULL;
	size_t npids = 0, n = 0;
	int error;
	*out = NULL;
	*count = 0;
	if ((error = section_pids(&pids, &npids, ix, slug)) < 0)
		return error;
	hist_entry *e = malloc((ix->nhunks + 1) * sizeof(*e));
	if (!e) {
		free(pids);
		return error_set(CHARTER_ERROR, "out of memory");
	}
	for (uint32_t i = ix->nhunks; i-- > 0;) {
		const cache_hunk *h = &ix->hunks[i];
		if (since != IDX_NONE && h->adoption <= since)
			break;
		if (h->slug == slug) {
			e[n++] = (hist_entry){ h->adoption, i, true };
			continue;
		}
		if (!hunk_touches(h, pids, npids))
			continue;
		/* Not when the section itself changed then: its entry shows the move. */
		bool own = false;
		for (uint32_t j = i; j-- > 0 && ix->hunks[j].adoption == h->adoption && !own;)
			own = ix->hunks[j].slug == slug;
		for (uint32_t j = i + 1; j < ix->nhunks && ix->hunks[j].adoption == h->adoption && !own; j++)
			own = ix->hunks[j].slug == slug;
		if (!own)
			e[n++] = (hist_entry){ h->adoption, i, false };
	}
	free(pids);
	*out = e;
	*count = n;
	return 0;
}

/* ---- log ---- */

struct charter_log {
	hist_view v;
	uint32_t *k; /* adoptions, newest first */
	size_t n;
};

int charter_log_load(charter_log **out, charter_store *store, const char *section)
{
	int error;
	hist_cache *ix = NULL;
	charter_log *log = calloc(1, sizeof(*log));
	*out = NULL;
	if (!log)
		return error_set(CHARTER_ERROR, "out of memory");
	if ((error = store_cache_open(&ix, store, section ? IDX_META | IDX_STATES | IDX_HUNKS : IDX_META)) < 0)
		goto fail;
	if ((error = view_init(&log->v, ix)) < 0) {
		cache_free(ix);
		goto fail;
	}
	if (!(log->k = malloc((ix->n + 1) * sizeof(*log->k)))) {
		error = error_set(CHARTER_ERROR, "out of memory");
		goto fail;
	}
	if (!section) {
		for (uint32_t i = ix->n; i-- > 0;)
			log->k[log->n++] = i;
		if ((error = cache_load_messages(ix, NULL, 0)) < 0 || (error = cache_resolve(ix, NULL)) < 0)
			goto fail;
	} else {
		uint32_t slug;
		hist_entry *e = NULL;
		size_t ne = 0;
		if ((error = view_section(&slug, ix, section)) < 0 || (error = cache_ensure(ix, &slug, 1)) < 0 ||
		    (error = select_entries(&e, &ne, ix, slug, IDX_NONE)) < 0)
			goto fail;
		for (size_t i = 0; i < ne; i++)
			if (log->n == 0 || log->k[log->n - 1] != e[i].adoption)
				log->k[log->n++] = e[i].adoption;
		free(e);
		if ((error = cache_load_messages(ix, log->k, log->n)) < 0)
			goto fail;
	}
	cache_save(ix);
	*out = log;
	return 0;
fail:
	charter_log_free(log);
	return error;
}

size_t charter_log_count(const charter_log *log)
{
	return log->n;
}

const charter_adoption *charter_log_get(const charter_log *log, size_t i)
{
	return i < log->n ? view_adoption((hist_view *)&log->v, log->k[i]) : NULL;
}

void charter_log_free(charter_log *log)
{
	if (!log)
		return;
	view_free(&log->v);
	free(log->k);
	free(log);
}

/* "2013-convention, amendment 12: Title" and the like, for people. */
static void describe(buf *b, const charter_adoption *a)
{
	switch (a->kind) {
	case CHARTER_ADOPTION_FOUNDING:
		/* The title of a founding text says so already ("Title: founding text"). */
		if (strstr(a->title, "founding text"))
			buf_puts(b, a->convention ? a->convention : "founding convention");
		else
			buf_printf(b, "founding text (%s)", a->convention ? a->convention : "founding convention");
		break;
	case CHARTER_ADOPTION_RECORD:
		buf_printf(b, "%s%srecorded from an archive", a->convention ? a->convention : "",
			a->convention ? ", " : "");
		break;
	default:
		buf_printf(b, "%s%s", a->convention ? a->convention : "", a->convention ? ", " : "");
		if (a->amendment)
			buf_printf(b, "amendment %s", a->amendment);
		else
			buf_puts(b, "adopted");
	}
}

int charter_log_render(char **out, size_t *out_len, const charter_log *log, charter_format format,
	unsigned int flags)
{
	buf b = BUF_INIT;
	bool color = (flags & CHARTER_HISTORY_COLOR) != 0;
	*out = NULL;
	if (format != CHARTER_FORMAT_TEXT && format != CHARTER_FORMAT_JSON)
		return error_set(CHARTER_EINVALID, "the log is text or json");
	if (format == CHARTER_FORMAT_JSON)
		buf_puts(&b, "[");
	for (size_t i = 0; i < log->n; i++) {
		const charter_adoption *a = charter_log_get(log, i);
		if (!a) {
			buf_free(&b);
			return CHARTER_ERROR;
		}
		if (format == CHARTER_FORMAT_JSON) {
			buf_puts(&b, i ? ",\n {" : "\n {");
			json_adoption_fields(&b, a);
			buf_puts(&b, ", \"sections\": [");
			for (size_t s = 0; s < a->section_count; s++) {
				buf_puts(&b, s ? ", " : "");
				json_string(&b, a->sections[s]);
			}
			buf_puts(&b, "]}");
			continue;
		}
		buf_printf(&b, "%s%.12s%s %s  ", color ? "\033[33m" : "", a->commit, color ? "\033[0m" : "", a->date);
		describe(&b, a);
		buf_printf(&b, ": %s%s%s", color ? "\033[1m" : "", a->title, color ? "\033[0m" : "");
		if (a->vote)
			buf_printf(&b, " (vote %s)", a->vote);
		if (a->source)
			buf_printf(&b, " (Source: %s)", a->source);
		buf_putc(&b, '\n');
	}
	if (format == CHARTER_FORMAT_JSON)
		buf_puts(&b, log->n ? "\n]\n" : "]\n");
	return buf_hand_over(&b, out, out_len);
}

/* ---- history ---- */

struct charter_history {
	hist_view v;
	charter_store *store; /* the caller's, for CHARTER_HISTORY_WHOLE */
	char *section;
	uint32_t slug;
	hist_entry *e;
	size_t n;
};

int history_prepare(charter_store *store, const char *const *sections, size_t n)
{
	hist_cache *ix = NULL;
	uint32_t *slugs = malloc((n + 1) * sizeof(*slugs));
	int error = slugs ? store_cache_open(&ix, store, IDX_META | IDX_STATES | IDX_HUNKS)
		: error_set(CHARTER_ERROR, "out of memory");
	for (size_t i = 0; error == 0 && i < n; i++)
		error = view_section(&slugs[i], ix, sections[i]);
	if (error == 0 && (error = cache_ensure(ix, slugs, n)) == 0)
		cache_save(ix);
	cache_free(ix);
	free(slugs);
	return error;
}

int charter_history_load(charter_history **out, charter_store *store, const char *section, const char *since)
{
	int error;
	hist_cache *ix = NULL;
	uint32_t since_k = IDX_NONE;
	charter_history *h = calloc(1, sizeof(*h));
	*out = NULL;
	if (!h)
		return error_set(CHARTER_ERROR, "out of memory");
	h->store = store;
	if ((error = store_cache_open(&ix, store, IDX_META | IDX_STATES | IDX_HUNKS)) < 0)
		goto fail;
	if ((error = view_init(&h->v, ix)) < 0) {
		cache_free(ix);
		goto fail;
	}
	if ((error = view_section(&h->slug, ix, section)) < 0 ||
	    (since && *since && (error = view_resolve(&since_k, store, ix, since)) < 0) ||
	    (error = cache_ensure(ix, &h->slug, 1)) < 0 ||
	    (error = select_entries(&h->e, &h->n, ix, h->slug, since_k)) < 0)
		goto fail;
	uint32_t *ks = malloc((h->n + 1) * sizeof(*ks));
	if (!ks) {
		error = error_set(CHARTER_ERROR, "out of memory");
		goto fail;
	}
	for (size_t i = 0; i < h->n; i++)
		ks[i] = h->e[i].adoption;
	error = cache_load_messages(ix, ks, h->n);
	free(ks);
	if (error < 0)
		goto fail;
	if (!(h->section = xstrdup(section))) {
		error = CHARTER_ERROR;
		goto fail;
	}
	cache_save(ix);
	*out = h;
	return 0;
fail:
	charter_history_free(h);
	return error;
}

size_t charter_history_count(const charter_history *h)
{
	return h->n;
}

const charter_adoption *charter_history_adoption(const charter_history *h, size_t i)
{
	return i < h->n ? view_adoption((hist_view *)&h->v, h->e[i].adoption) : NULL;
}

const char *charter_history_section(const charter_history *h, size_t i)
{
	return i < h->n ? h->v.ix->slugs[h->v.ix->hunks[h->e[i].hunk].slug] : NULL;
}

void charter_history_free(charter_history *h)
{
	if (!h)
		return;
	view_free(&h->v);
	free(h->e);
	free(h->section);
	free(h);
}

/* Lines of one side of a hunk: all of the middle (contiguous lines, as
 * written), or only those whose pid is in `pids` (as separate paragraphs). */
/* The lines of a hunk; with `pids`, only those with one of them (and, with
 * `changed_only`, not identical in their section), or, with `changed_too`,
 * any line changed in its section. */
static void hunk_text(buf *b, const cache_hline *lines, uint32_t n, const uint32_t *pids, size_t npids,
	bool changed_only, bool changed_too)
{
	bool first = true;
	for (uint32_t i = 0; i < n; i++) {
		if (pids) {
			bool pid = has_pid(pids, npids, lines[i].pid);
			if (!(pid && !(changed_only && lines[i].same)) && !(changed_too && lines[i].len && !lines[i].same))
				continue;
			buf_puts(b, first ? "" : "\n");
		}
		buf_put(b, lines[i].text, lines[i].len);
		buf_putc(b, '\n');
		first = false;
	}
}

static int collect_pids(uint32_t **out, size_t *n, const cache_hline *lines, uint32_t count)
{
	*n = 0;
	*out = malloc((count + 1) * sizeof(uint32_t));
	if (!*out)
		return error_set(CHARTER_ERROR, "out of memory");
	for (uint32_t i = 0; i < count; i++)
		if (lines[i].pid)
			(*out)[(*n)++] = lines[i].pid;
	sort_u32(*out, *n);
	return 0;
}

#define MAX_SIDE 64

/* Whether the adoption of hunk `at` removed (created) the file of section
 * `slug` (hunks are sorted by adoption: only its neighbours are looked at). */
static bool file_change_here(const hist_cache *ix, uint32_t at, const char *slug, bool removed)
{
	uint32_t k = ix->hunks[at].adoption, j = at;
	while (j > 0 && ix->hunks[j - 1].adoption == k)
		j--;
	for (; j < ix->nhunks && ix->hunks[j].adoption == k; j++) {
		const cache_hunk *o = &ix->hunks[j];
		if (strcmp(ix->slugs[o->slug], slug) == 0)
			return removed ? o->removed : o->created;
	}
	return false;
}

static bool removed_here(const hist_cache *ix, uint32_t at, const char *slug)
{
	return file_change_here(ix, at, slug, true);
}

static bool created_here(const hist_cache *ix, uint32_t at, const char *slug)
{
	return file_change_here(ix, at, slug, false);
}

/* Whether `rl` shows a sentence moved between section `slug` and `other`. */
static bool sentence_moved_between(const charter_redline *rl, const char *slug, const char *other)
{
	for (size_t k = 0; k < charter_redline_count(rl); k++) {
		const charter_redline_op *op = charter_redline_get(rl, k);
		const char *there = op->kind == CHARTER_REDLINE_DELETE ? op->to_section
			: op->kind == CHARTER_REDLINE_INSERT ? op->from_section : NULL;
		if (there && ((strcmp(op->section, slug) == 0 && strcmp(there, other) == 0) ||
			(strcmp(op->section, other) == 0 && strcmp(there, slug) == 0)))
			return true;
	}
	return false;
}

/* wide: NULL, or per hunk of the adoption (from its first), whether the
 * redline takes all of that section's changed lines (a sentence may have
 * moved between them and this section's), not only the paragraphs that
 * moved between the two. */
static int history_redline_wide(charter_redline **out, const charter_history *hist, size_t i,
	const charter_redline_options *opts, const bool *wide);

static int history_redline(charter_redline **out, const charter_history *hist, size_t i,
	const charter_redline_options *opts)
{
	const hist_cache *ix = hist->v.ix;
	if (i >= hist->n || !hist->e[i].own)
		return history_redline_wide(out, hist, i, opts, NULL);
	/* Other sections changed by the same adoption: first with all their
	 * changed lines; then only those a sentence moved to or from. */
	uint32_t at = hist->e[i].hunk, first = at, end = at + 1;
	while (first > 0 && ix->hunks[first - 1].adoption == ix->hunks[at].adoption)
		first--;
	while (end < ix->nhunks && ix->hunks[end].adoption == ix->hunks[at].adoption)
		end++;
	if (end - first == 1 || end - first > MAX_SIDE)
		return history_redline_wide(out, hist, i, opts, NULL);
	bool wide[MAX_SIDE] = { false }, any = false;
	for (uint32_t j = first; j < end; j++)
		wide[j - first] = j != at;
	int error = history_redline_wide(out, hist, i, opts, wide);
	if (error < 0)
		return error;
	const char *slug = ix->slugs[ix->hunks[at].slug];
	for (uint32_t j = first; j < end; j++) {
		if (j != at)
			wide[j - first] = sentence_moved_between(*out, slug, ix->slugs[ix->hunks[j].slug]);
		any |= j != at && wide[j - first];
	}
	bool all = true;
	for (uint32_t j = first; j < end; j++)
		all &= j == at || wide[j - first];
	if (all)
		return 0;
	charter_redline_free(*out);
	*out = NULL;
	return history_redline_wide(out, hist, i, opts, any ? wide : NULL);
}

static int history_redline_wide(charter_redline **out, const charter_history *hist, size_t i,
	const charter_redline_options *opts, const bool *wide)
{
	const hist_cache *ix = hist->v.ix;
	charter_redline_section olds[MAX_SIDE], news[MAX_SIDE];
	bool old_whole[MAX_SIDE], new_whole[MAX_SIDE];
	buf texts[2 * MAX_SIDE];
	size_t no = 0, nn = 0, nt = 0;
	uint32_t *pids_old = NULL, *pids_new = NULL, *pids_now = NULL;
	size_t npo = 0, npn = 0, npx = 0;
	int error;

	*out = NULL;
	if (i >= hist->n)
		return error_set(CHARTER_EINVALID, "no history entry %zu", i);
	const hist_entry *e = &hist->e[i];
	const cache_hunk *h = &ix->hunks[e->hunk];
	for (size_t t = 0; t < ARRAY_SIZE(texts); t++)
		texts[t] = (buf)BUF_INIT;

	if (!e->own) {
		/* A paragraph of the section, changed while it stood elsewhere. */
		if ((error = section_pids(&pids_now, &npx, ix, hist->slug)) < 0)
			goto done;
		hunk_text(&texts[0], h->old, h->nold, pids_now, npx, true, false);
		hunk_text(&texts[1], h->new, h->nnew, pids_now, npx, true, false);
		olds[no++] = (charter_redline_section){ ix->slugs[h->slug], texts[0].ptr, texts[0].size };
		news[nn++] = (charter_redline_section){ ix->slugs[h->slug], texts[1].ptr, texts[1].size };
		nt = 2;
	} else {
		hunk_text(&texts[nt], h->old, h->nold, NULL, 0, false, false);
		if (!h->created)
			olds[no++] = (charter_redline_section){ ix->slugs[h->slug], texts[nt].ptr, texts[nt].size };
		nt++;
		hunk_text(&texts[nt], h->new, h->nnew, NULL, 0, false, false);
		if (!h->removed)
			news[nn++] = (charter_redline_section){ ix->slugs[h->slug], texts[nt].ptr, texts[nt].size };
		nt++;
		/* Paragraphs that moved in from, or out to, other sections. */
		if ((error = collect_pids(&pids_old, &npo, h->old, h->nold)) < 0 ||
		    (error = collect_pids(&pids_new, &npn, h->new, h->nnew)) < 0)
			goto done;
		uint32_t first = e->hunk;
		while (first > 0 && ix->hunks[first - 1].adoption == h->adoption)
			first--;
		for (uint32_t j = first; j < ix->nhunks && ix->hunks[j].adoption == h->adoption; j++) {
			const cache_hunk *o = &ix->hunks[j];
			if (j == e->hunk || nt + 2 > ARRAY_SIZE(texts) || no >= MAX_SIDE || nn >= MAX_SIDE)
				continue;
			bool all = wide && wide[j - first];
			hunk_text(&texts[nt], o->old, o->nold, pids_new, npn, false, all);
			hunk_text(&texts[nt + 1], o->new, o->nnew, pids_old, npo, false, all);
			if (texts[nt].size)
				olds[no++] = (charter_redline_section){ ix->slugs[o->slug], texts[nt].ptr, texts[nt].size };
			if (texts[nt + 1].size)
				news[nn++] = (charter_redline_section){ ix->slugs[o->slug], texts[nt + 1].ptr,
					texts[nt + 1].size };
			nt += 2;
		}
	}
	for (size_t t = 0; t < nt; t++)
		if ((error = buf_check(&texts[t])) < 0)
			goto done;
	/* The texts are parts of sections: a section missing on one side is
	 * gone or new, and may pair with another as renamed, only when this
	 * adoption removed or created its file. */
	for (size_t k = 0; k < no; k++)
		old_whole[k] = removed_here(ix, e->hunk, olds[k].slug);
	for (size_t k = 0; k < nn; k++)
		new_whole[k] = created_here(ix, e->hunk, news[k].slug);
	error = rl_init_renamable(out, olds, no, news, nn, opts, old_whole, new_whole);
done:
	for (size_t t = 0; t < ARRAY_SIZE(texts); t++)
		buf_free(&texts[t]);
	free(pids_old);
	free(pids_new);
	free(pids_now);
	return error;
}

int charter_history_redline(charter_redline **out, const charter_history *hist, size_t i)
{
	return history_redline(out, hist, i, NULL);
}

static void heading(buf *b, const charter_history *h, size_t i, const charter_adoption *a, charter_format f,
	bool color)
{
	const char *where = charter_history_section(h, i);
	bool elsewhere = strcmp(where, h->section) != 0;
	buf d = BUF_INIT;
	describe(&d, a);
	switch (f) {
	case CHARTER_FORMAT_MARKDOWN:
		buf_printf(b, "## %s — %s: %s\n\n", a->date, buf_cstr(&d), a->title);
		buf_printf(b, "Commit `%s`%s%s%s.", a->commit, a->vote ? ", vote " : "", a->vote ? a->vote : "",
			"");
		if (elsewhere)
			buf_printf(b, " In section `%s`, before the paragraph moved to `%s`.", where, h->section);
		if (a->source)
			buf_printf(b, " Source: %s.", a->source);
		buf_puts(b, "\n\n");
		break;
	default:
		buf_printf(b, "%s%s  %s: %s%s", color ? "\033[1m" : "", a->date, buf_cstr(&d), a->title,
			color ? "\033[0m" : "");
		if (a->vote)
			buf_printf(b, " (vote %s)", a->vote);
		buf_printf(b, "\n%scommit %s%s", color ? "\033[33m" : "", a->commit, color ? "\033[0m" : "");
		if (elsewhere)
			buf_printf(b, "  (in section %s, before the paragraph moved to %s)", where, h->section);
		if (a->source)
			buf_printf(b, "\nSource: %s", a->source);
		buf_puts(b, "\n\n");
	}
	buf_free(&d);
}

/* Entry `i` over the whole section: the text before the adoption (its
 * commit's first parent) against the text it made. Both commits are read
 * as they are: a commit of the history is on main, and resolving it as a
 * WHEN would search main again for every entry. */
static int whole_redline(charter_redline **out, const charter_history *h, size_t i,
	const charter_redline_options *opts)
{
	const charter_adoption *a = charter_history_adoption(h, i);
	git_repository *repo = store_repo(h->store);
	git_commit *after = NULL, *before = NULL;
	charter_document *da = NULL, *db = NULL;
	git_oid id;
	int error;
	*out = NULL;
	if (!a)
		return error_set(CHARTER_ERROR, "out of memory");
	if ((error = git_oid_fromstr(&id, a->commit)) < 0 || (error = git_commit_lookup(&after, repo, &id)) < 0 ||
	    (error = git_commit_parent(&before, after, 0)) < 0)
		error = error_git(error, "cannot read an adoption");
	else if ((error = document_from_commit(&db, repo, before)) == 0 &&
		 (error = document_from_commit(&da, repo, after)) == 0 &&
		 (error = history_diff_documents(out, db, da, charter_history_section(h, i), opts)) == CHARTER_ENOTFOUND)
		error = error_set(CHARTER_ENOTFOUND, "no section '%s' before or after %.12s", charter_history_section(h, i),
			a->commit);
	charter_document_free(da);
	charter_document_free(db);
	git_commit_free(after);
	git_commit_free(before);
	return error;
}

/* A Markdown redline inside an entry: its ATX headings two levels down
 * (the page's title is level 1, an entry's heading level 2), at most 6;
 * lines inside fenced code are left alone. */
static void markdown_nested(buf *b, const char *r, size_t len)
{
	bool fence = false;
	for (size_t i = 0; i < len;) {
		const char *line = r + i, *nl = memchr(line, '\n', len - i);
		size_t n = nl ? (size_t)(nl - line) + 1 : len - i, hashes = 0;
		if (n >= 3 && (strncmp(line, "```", 3) == 0 || strncmp(line, "~~~", 3) == 0))
			fence = !fence;
		while (hashes < n && hashes < 7 && line[hashes] == '#')
			hashes++;
		if (!fence && hashes >= 1 && hashes <= 6 && (hashes == n || line[hashes] == ' ' || line[hashes] == '\n'))
			buf_puts(b, hashes >= 5 ? (hashes == 5 ? "#" : "") : "##");
		buf_put(b, line, n);
		i += n;
	}
}

/* Append `frag` without the tags of insertions: the founding text is the
 * text, not a wall of insertions. */
static void unmark_insertions(buf *b, const char *frag)
{
	while (*frag) {
		const char *open = strstr(frag, "<ins>"), *close = strstr(frag, "</ins>");
		const char *t = open && (!close || open < close) ? open : close;
		if (!t) {
			buf_puts(b, frag);
			return;
		}
		buf_put(b, frag, (size_t)(t - frag));
		frag = t + (t == open ? 5 : 6);
	}
}

int history_html_entry(buf *b, const charter_history *h, size_t i, int level, blame_href_fn href, void *payload)
{
	const charter_adoption *a = charter_history_adoption(h, i);
	charter_redline *rl = NULL;
	char *r = NULL;
	int error;
	if (!a)
		return error_set(CHARTER_ERROR, "out of memory");
	if ((error = charter_history_redline(&rl, h, i)) < 0 ||
	    (error = charter_redline_render(&r, NULL, rl, CHARTER_FORMAT_HTML, CHARTER_REDLINE_CHANGED_ONLY)) < 0) {
		charter_redline_free(rl);
		return error;
	}
	const char *where = charter_history_section(h, i);
	buf d = BUF_INIT, link = BUF_INIT;
	describe(&d, a);
	if (href)
		href(&link, a, payload);
	buf_printf(b, "<article class=\"adoption\" id=\"a-%.12s\">\n<h%d>", a->commit, level);
	buf_printf(b, "<time datetime=\"%s\">%s</time> — ", a->date, a->date);
	html_escape(b, buf_cstr(&d), d.size);
	buf_puts(b, ": ");
	html_escape_str(b, a->title);
	buf_printf(b, "</h%d>\n<p class=\"meta\">", level);
	if (link.size) {
		buf_puts(b, "<a href=\"");
		html_escape(b, link.ptr, link.size);
		buf_puts(b, a->amendment ? "\">The amendment's record</a>; " : "\">The record</a>; ");
	}
	buf_puts(b, a->vote ? "vote (for–against–abstaining) " : "no vote recorded");
	html_escape_str(b, a->vote);
	buf_printf(b, "; commit <code>%.12s</code>", a->commit);
	if (strcmp(where, h->section) != 0) {
		buf_puts(b, ". In section <code>");
		html_escape_str(b, where);
		buf_puts(b, "</code>, before the paragraph moved here");
	}
	buf_puts(b, ".</p>\n");
	buf shifted = BUF_INIT;
	html_shift_headings(&shifted, r, level);
	if (a->kind == CHARTER_ADOPTION_FOUNDING) {
		buf_puts(b, "<p class=\"meta\">Adopted whole, as the founding text:</p>\n");
		unmark_insertions(b, buf_cstr(&shifted));
	} else {
		buf_puts(b, buf_cstr(&shifted));
	}
	buf_puts(b, "</article>\n");
	error = buf_check(&shifted) < 0 || buf_check(&d) < 0 ? CHARTER_ERROR : 0;
	buf_free(&shifted);
	buf_free(&d);
	buf_free(&link);
	charter_free(r);
	charter_redline_free(rl);
	return error;
}

/* The history as a DOCX or ODT file: a heading per adoption, newest first,
 * then the section before and after it as tracked changes credited to the
 * amendment and its proposer (a founding text or recorded version: to its
 * convention), dated as adopted. Accepting an entry's changes gives the
 * section as that adoption left it, rejecting them as it found it. */
static int history_office(char **out, size_t *out_len, const charter_history *h, charter_format format,
	unsigned int flags)
{
	char title[300];
	snprintf(title, sizeof(title), "History of %s", h->section);
	office_doc d;
	office_init(&d, title);
	office_text(&d, OF_TITLE, 1, title);
	charter_redline_options ropts = CHARTER_REDLINE_OPTIONS_INIT;
	bool plain = (flags & CHARTER_HISTORY_IGNORE_TYPOGRAPHY) != 0;
	if (plain)
		ropts.flags |= CHARTER_REDLINE_IGNORE_TYPOGRAPHY;
	int error = 0;
	for (size_t i = 0; i < h->n && error == 0; i++) {
		const charter_adoption *a = charter_history_adoption(h, i);
		charter_redline *rl = NULL;
		if (!a) {
			error = error_set(CHARTER_ERROR, "out of memory");
			break;
		}
		if ((error = a->kind != CHARTER_ADOPTION_FOUNDING && h->store ? whole_redline(&rl, h, i, &ropts)
			: history_redline(&rl, h, i, &ropts)) < 0)
			break;
		if (plain && !charter_redline_changed(rl)) { /* typography only */
			charter_redline_free(rl);
			continue;
		}
		char name[400];
		if (a->amendment && h->store)
			amend_office_author_adopted(name, sizeof(name), store_repo(h->store), a->amendment, a->commit);
		else if (a->amendment)
			snprintf(name, sizeof(name), "%s", a->amendment);
		else
			snprintf(name, sizeof(name), "%s", a->convention ? a->convention : a->title);
		if (a->amendment)
			office_textf(&d, OF_HEADING, 1, "%s: %s", a->amendment, a->title);
		else
			office_text(&d, OF_HEADING, 1, a->title);
		office_textf(&d, OF_NOTE, 1, "Adopted on %s%s%s%s%s; commit %.12s.", a->date, a->convention ? ", " : "",
			a->convention ? a->convention : "", a->vote ? ", vote " : "", a->vote ? a->vote : "", a->commit);
		int author = office_author(&d, name, a->date);
		error = author < 0 ? author : office_add_redline(&d, rl, author, CHARTER_REDLINE_CHANGED_ONLY, 1);
		charter_redline_free(rl);
	}
	if (error == 0)
		error = office_render(out, out_len, &d, format);
	office_free(&d);
	return error;
}

int charter_history_render(char **out, size_t *out_len, const charter_history *h, charter_format format,
	unsigned int flags)
{
	if (format == CHARTER_FORMAT_DOCX || format == CHARTER_FORMAT_ODT) {
		*out = NULL;
		return history_office(out, out_len, h, format, flags);
	}
	buf b = BUF_INIT;
	bool color = (flags & CHARTER_HISTORY_COLOR) != 0;
	int error = 0;
	*out = NULL;
	if (format != CHARTER_FORMAT_TEXT && format != CHARTER_FORMAT_MARKDOWN && format != CHARTER_FORMAT_HTML &&
	    format != CHARTER_FORMAT_JSON)
		return error_set(CHARTER_EINVALID, "history is text, markdown, html, json, docx or odt");
	unsigned rflags = CHARTER_REDLINE_CHANGED_ONLY | (color ? CHARTER_REDLINE_COLOR : 0);
	bool whole = (flags & CHARTER_HISTORY_WHOLE) && (format == CHARTER_FORMAT_TEXT || format == CHARTER_FORMAT_MARKDOWN);
	if (whole)
		rflags |= flags & (CHARTER_REDLINE_CONTEXT_ON | 0xff00u);
	charter_redline_options ropts = CHARTER_REDLINE_OPTIONS_INIT;
	bool plain = (flags & CHARTER_HISTORY_IGNORE_TYPOGRAPHY) != 0;
	if (plain)
		ropts.flags |= CHARTER_REDLINE_IGNORE_TYPOGRAPHY;
	size_t shown = 0;
	if (format == CHARTER_FORMAT_JSON) {
		buf_puts(&b, "[");
	} else if (format == CHARTER_FORMAT_HTML) {
		buf title = BUF_INIT;
		buf_printf(&title, "History of %s", h->section);
		html_page_begin(&b, buf_cstr(&title), NULL);
		buf_free(&title);
		buf_puts(&b, "<h1>History of <code>");
		html_escape(&b, h->section, strlen(h->section));
		buf_puts(&b, "</code></h1>\n");
		html_redline_legend(&b);
	} else if (format == CHARTER_FORMAT_MARKDOWN) {
		buf_printf(&b, "# History of `%s`\n\n", h->section);
	}
	for (size_t i = 0; i < h->n && error == 0; i++) {
		if (format == CHARTER_FORMAT_HTML) {
			error = history_html_entry(&b, h, i, 2, NULL, NULL);
			continue;
		}
		const charter_adoption *a = charter_history_adoption(h, i);
		charter_redline *rl = NULL;
		char *r = NULL;
		size_t rlen = 0;
		if (!a) {
			error = CHARTER_ERROR;
			break;
		}
		if ((error = whole && a->kind != CHARTER_ADOPTION_FOUNDING ? whole_redline(&rl, h, i, plain ? &ropts : NULL)
			: history_redline(&rl, h, i, plain ? &ropts : NULL)) < 0)
			break;
		if (plain && !charter_redline_changed(rl)) { /* typography only */
			charter_redline_free(rl);
			continue;
		}
		if ((error = charter_redline_render(&r, &rlen, rl, format, rflags)) < 0) {
			charter_redline_free(rl);
			break;
		}
		if (format == CHARTER_FORMAT_JSON) {
			buf_puts(&b, shown ? ",\n {" : "\n {");
			json_adoption_fields(&b, a);
			buf_puts(&b, ", \"section\": ");
			json_string(&b, charter_history_section(h, i));
			buf_puts(&b, ", \"operations\": ");
			while (rlen && (r[rlen - 1] == '\n' || r[rlen - 1] == ' '))
				rlen--;
			buf_put(&b, r, rlen);
			buf_puts(&b, "}");
		} else {
			heading(&b, h, i, a, format, color);
			if (format == CHARTER_FORMAT_MARKDOWN)
				markdown_nested(&b, r, rlen);
			else
				buf_put(&b, r, rlen);
			if (rlen && r[rlen - 1] != '\n')
				buf_putc(&b, '\n');
			buf_puts(&b, format == CHARTER_FORMAT_HTML ? "</article>\n" : "\n");
		}
		charter_free(r);
		charter_redline_free(rl);
		shown++;
	}
	if (format == CHARTER_FORMAT_JSON)
		buf_puts(&b, shown ? "\n]\n" : "]\n");
	else if (format == CHARTER_FORMAT_HTML)
		html_page_end(&b);
	if (error < 0) {
		buf_free(&b);
		return error;
	}
	return buf_hand_over(&b, out, out_len);
}

/* ---- diff ---- */

static int add_doc_sections(charter_redline_section *s, size_t *n, const charter_document *doc, const char *only)
{
	if (!only) {
		const char *readme = doc->readme;
		s[(*n)++] = (charter_redline_section){ "README.md", readme, strlen(readme) };
	}
	for (size_t i = 0; i < doc->count; i++)
		if (!only || strcmp(only, doc->sections[i].slug) == 0) {
			const char *md = doc->sections[i].markdown;
			s[(*n)++] = (charter_redline_section){ doc->sections[i].slug, md, strlen(md) };
		}
	return 0;
}

int charter_diff(charter_redline **out, charter_store *store, const char *from, const char *to,
	const char *section, const charter_redline_options *opts)
{
	charter_document *a = NULL, *b = NULL;
	int error;
	*out = NULL;
	if (!from || !*from)
		return error_set(CHARTER_EINVALID, "diff: which point in time? give a WHEN");
	if (section && (error = slug_check(section)) < 0)
		return error;
	if ((error = charter_document_load(&a, store, from)) < 0 || (error = charter_document_load(&b, store, to)) < 0)
		goto done;
	error = history_diff_documents(out, a, b, section, opts);
	if (error == CHARTER_ENOTFOUND)
		error = error_set(CHARTER_ENOTFOUND, "no section '%s' in the text at %s or at %s", section, from,
			to && *to ? to : "today");
done:
	charter_document_free(a);
	charter_document_free(b);
	return error;
}

int history_diff_documents(charter_redline **out, const charter_document *a, const charter_document *b,
	const char *section, const charter_redline_options *opts)
{
	charter_redline_section *sa = NULL, *sb = NULL;
	size_t na = 0, nb = 0, at;
	int error;
	*out = NULL;
	if (section && charter_document_section_find(&at, a, section) < 0 &&
	    charter_document_section_find(&at, b, section) < 0) {
		return CHARTER_ENOTFOUND;
	}
	error_clear();
	sa = calloc(a->count + 1, sizeof(*sa));
	sb = calloc(b->count + 1, sizeof(*sb));
	if (!sa || !sb) {
		error = error_set(CHARTER_ERROR, "out of memory");
		goto done;
	}
	add_doc_sections(sa, &na, a, section);
	add_doc_sections(sb, &nb, b, section);
	error = charter_redline_init(out, sa, na, sb, nb, opts);
done:
	free(sa);
	free(sb);
	return error;
}
