/* Replaying adoptions: how every word of a section came to be.
 *
 * Sections are replayed forward from the founding text. For each adoption
 * that changes some of the sections being replayed, the lines (a paragraph,
 * a heading, a list item is one line in these documents) of the old and new
 * versions are matched:
 *
 *  1. lines both versions share at the start and the end of a section;
 *  2. in the middle, identical lines of the same section;
 *  3. lines of one section edited in place, as the redline pairs blocks
 *     in place (words_pair_score: similar, or one keeping half of its
 *     words in the other), best pairs first;
 *  4. among the lines left, identical lines of another section changed by
 *     the same adoption (a paragraph moved between sections), then lines
 *     moved to another section as the redline finds moves
 *     (words_move_score: long runs of words in order), best pairs first.
 *
 * The lines of a section left after that are linked as the redline groups
 * joins and splits, which it too looks for once moves are known.
 *
 * A matched line keeps its paragraph id (pid) and, word by word, the
 * adoption that put each word there: the words of a changed line
 * (words/words.h, the tokenizer and diff of the redline) are diffed;
 * equal words keep their
 * adoption, inserted ones get this adoption. An unmatched line is new.
 */
#include <stdlib.h>
#include <string.h>

#include "base/grow.h"
#include "cache/cache.h"
#include "base/text.h"
#include "words/words.h"
#include "words/typography.h"

/* ---- tokens: the words of words/words.h, each with an interned id ---- */

typedef struct {
	uint32_t off, len;
	uint32_t id;   /* equal ids, equal bytes */
	uint8_t kind;  /* WORDS_WORD, WORDS_SPACE or WORDS_PUNCT */
} tok;

typedef struct {
	words_intern *ids;
	const char *base;
	tok *t;
	uint32_t n, cap;
} tok_list;

static int tok_cb(void *ctx, int kind, const char *s, size_t len)
{
	tok_list *l = ctx;
	if (l->n == l->cap) {
		uint32_t cap = l->cap ? l->cap * 2 : 64;
		tok *g = cap > l->cap ? realloc(l->t, (size_t)cap * sizeof(*g)) : NULL;
		if (!g)
			return error_set(CHARTER_ERROR, "out of memory");
		l->t = g;
		l->cap = cap;
	}
	tok *t = &l->t[l->n];
	t->off = (uint32_t)(s - l->base);
	t->len = (uint32_t)len;
	t->kind = (uint8_t)kind;
	if (words_intern_get(l->ids, &t->id, s, len) < 0)
		return CHARTER_ERROR;
	l->n++;
	return 0;
}

static int tokenize(words_intern *ids, tok **out, uint32_t *count, const char *s, uint32_t len)
{
	tok_list l = { ids, s, NULL, 0, 0 };
	int error = words_tokenize(s, len, tok_cb, &l);
	if (error < 0) {
		free(l.t);
		return error;
	}
	*out = l.t;
	*count = l.n;
	return 0;
}

static uint64_t fnv64(const char *s, uint32_t len)
{
	uint64_t h = 1469598103934665603ull;
	for (uint32_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

/* ---- sentences moved between lines ---- */

/* A run of tokens struck from, or inserted into, a line that stays (edited
 * in place, moved, joined or split): a candidate for a sentence moved, as
 * the redline collects them from its blocks' word diffs. Struck runs keep
 * their tokens' adoptions; a paired inserted run's tokens equal to them
 * keep those (words_align), the others stay this adoption's. */
typedef struct {
	bool struck;
	uintptr_t block;    /* the new line the redline shows the run in */
	cache_line *line;   /* inserted: the new line, whose runs are rewritten */
	uint32_t off;       /* inserted: where the run starts in the line */
	uint32_t n;         /* tokens */
	uint32_t *id, *chars, *len, *ad;
	uint8_t *blank;
	uint32_t *seq, *sorted;
	uint32_t nw;
} rp_run;

typedef struct {
	rp_run *r;
	size_t n, cap;
} rp_runs;

static void runs_free(rp_runs *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->r[i].id);
	free(c->r);
	memset(c, 0, sizeof(*c));
}

static void sort_u32(uint32_t *a, uint32_t n);

/* Add the run of tokens t[0..n) of `text` (ad: their adoptions, struck
 * runs only) when it has words enough to be a sentence moved. */
static int runs_add(rp_runs *c, bool struck, uintptr_t block, cache_line *line, const char *text, const tok *t,
	const uint32_t *ad, uint32_t n)
{
	uint32_t nw = 0;
	for (uint32_t i = 0; i < n; i++)
		nw += t[i].kind == WORDS_WORD;
	if (nw < WORDS_RUN_MIN)
		return 0;
	if (GROW(c->r, c->cap, c->n + 1) < 0)
		return CHARTER_ERROR;
	rp_run *r = &c->r[c->n];
	memset(r, 0, sizeof(*r));
	if (!(r->id = malloc(((size_t)4 * n + 2 * nw) * sizeof(uint32_t) + n)))
		return error_set(CHARTER_ERROR, "out of memory");
	c->n++;
	r->chars = r->id + n, r->len = r->chars + n, r->ad = r->len + n, r->seq = r->ad + n, r->sorted = r->seq + nw;
	r->blank = (uint8_t *)(r->sorted + nw);
	r->struck = struck, r->block = block, r->line = line, r->off = t[0].off, r->n = n, r->nw = nw;
	for (uint32_t i = 0, w = 0; i < n; i++) {
		r->id[i] = t[i].id;
		r->chars[i] = (uint32_t)words_utf8_chars(text + t[i].off, t[i].len);
		r->len[i] = t[i].len;
		r->ad[i] = ad ? ad[i] : 0;
		r->blank[i] = t[i].kind == WORDS_SPACE;
		if (t[i].kind == WORDS_WORD)
			r->seq[w] = r->sorted[w] = t[i].id, w++;
	}
	sort_u32(r->sorted, nw);
	return 0;
}

/* Whether a change is one of typography only (the redline shows it so,
 * and never as part of a sentence moved): old tokens a[0..na) of `at`,
 * new b[0..nb) of `bt`. */
static bool typographic(const char *at, const tok *a, uint32_t na, const char *bt, const tok *b, uint32_t nb)
{
	if (!na || !nb)
		return false;
	const char *p = at + a[0].off, *q = bt + b[0].off;
	size_t pl = a[na - 1].off + a[na - 1].len - a[0].off, ql = b[nb - 1].off + b[nb - 1].len - b[0].off;
	return (pl != ql || memcmp(p, q, pl) != 0) && typo_equal(p, pl, q, ql);
}

/* Rewrite line l's runs over [off, off + the run's bytes) with adoptions
 * ad[] per token of run r. */
static int runs_override(hist_cache *ix, cache_line *l, const rp_run *r, const uint32_t *ad)
{
	uint32_t end = r->off;
	for (uint32_t i = 0; i < r->n; i++)
		end += r->len[i];
	/* At most: the old runs, each cut once at either end, and one per token. */
	cache_run *out = cache_alloc(ix, ((size_t)l->nruns + 2 + r->n) * sizeof(*out));
	if (!out)
		return CHARTER_ERROR;
	uint32_t n = 0, pos = 0;
#define PUT_RUN(a, bytes) do { \
		if (n && out[n - 1].adoption == (a)) out[n - 1].len += (bytes); \
		else out[n++] = (cache_run){ (bytes), (a) }; \
	} while (0)
	bool done = false;
	for (uint32_t k = 0; k < l->nruns; k++) {
		uint32_t lo = pos, hi = pos + l->runs[k].len;
		pos = hi;
		if (lo < r->off)
			PUT_RUN(l->runs[k].adoption, (hi < r->off ? hi : r->off) - lo);
		if (hi > r->off && !done) {
			for (uint32_t i = 0; i < r->n; i++)
				PUT_RUN(ad[i], r->len[i]);
			done = true;
		}
		if (hi > end)
			PUT_RUN(l->runs[k].adoption, hi - (lo > end ? lo : end));
	}
#undef PUT_RUN
	l->runs = out;
	l->nruns = n;
	return 0;
}

/* Pair the struck and inserted runs of one adoption as the redline pairs
 * sentences moved, and give each pair's moved words their old adoptions. */
static int runs_apply(hist_cache *ix, rp_runs *c, uint32_t k)
{
	size_t nstruck = 0;
	for (size_t i = 0; i < c->n; i++)
		nstruck += c->r[i].struck;
	if (!nstruck || nstruck == c->n)
		return 0;
	words_run *wr = malloc(c->n * sizeof(*wr));
	int32_t *partner = malloc(c->n * sizeof(*partner));
	int error = 0;
	if (!wr || !partner) {
		error = error_set(CHARTER_ERROR, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < c->n; i++)
		wr[i] = (words_run){ c->r[i].seq, c->r[i].sorted, c->r[i].nw, c->r[i].block, c->r[i].struck };
	if ((error = words_pair_runs(partner, wr, c->n, WORDS_MOVE_DEFAULT)) < 0)
		goto done;
	for (size_t d = 0; d < c->n && error == 0; d++) {
		if (!c->r[d].struck || partner[d] < 0)
			continue;
		const rp_run *a = &c->r[d], *b = &c->r[partner[d]];
		words_seg *st = NULL;
		size_t ns = 0;
		uint32_t *ad = malloc((b->n + 1) * sizeof(*ad));
		words_seq sa = { a->id, a->chars, a->blank, a->n }, sb = { b->id, b->chars, b->blank, b->n };
		if (!ad)
			error = error_set(CHARTER_ERROR, "out of memory");
		else if ((error = words_align(&st, &ns, &sa, &sb)) == 0) {
			/* Edited on the way: this adoption's; moved unchanged: the
			 * adoption of the word where it was. */
			for (size_t g = 0; g < ns; g++)
				for (size_t j = st[g].j0; j < st[g].j1; j++)
					ad[j] = st[g].change ? k : a->ad[st[g].i0 + (j - st[g].j0)];
			error = runs_override(ix, b->line, b, ad);
		}
		free(st);
		free(ad);
	}
done:
	free(wr);
	free(partner);
	return error;
}

/* ---- word-level attribution of a changed line ---- */

/* Runs for `text` (the new version of `old`) adopted at `k`; ot[0..no) and
 * nt[0..nn), the two lines' tokens as matching them took them. */
static int attribute(hist_cache *ix, cache_run **out_runs, uint32_t *out_n, const cache_line *old,
	const tok *ot, uint32_t no, const char *text, const tok *nt, uint32_t nn, uint32_t k, rp_runs *moves,
	cache_line *line)
{
	uint32_t *oad = NULL, *nad = NULL;
	uint32_t *oid = NULL, *nid = NULL, *oc = NULL, *nc = NULL;
	uint8_t *ob = NULL, *nb = NULL;
	words_seg *st = NULL;
	size_t ns = 0;
	int error;

	*out_runs = NULL;
	*out_n = 0;
	oad = malloc((no + 1) * sizeof(*oad));
	nad = malloc((nn + 1) * sizeof(*nad));
	oid = malloc((no + 1) * sizeof(*oid));
	nid = malloc((nn + 1) * sizeof(*nid));
	oc = malloc((no + 1) * sizeof(*oc));
	nc = malloc((nn + 1) * sizeof(*nc));
	ob = malloc(no + 1);
	nb = malloc(nn + 1);
	if (!oad || !nad || !oid || !nid || !oc || !nc || !ob || !nb) {
		error = error_set(CHARTER_ERROR, "out of memory");
		goto done;
	}
	/* The adoption of each old token, from the old line's runs. */
	for (uint32_t i = 0, r = 0, end = old->nruns ? old->runs[0].len : 0; i < no; i++) {
		while (r + 1 < old->nruns && ot[i].off >= end)
			end += old->runs[++r].len;
		oad[i] = old->nruns ? old->runs[r].adoption : k;
		oid[i] = ot[i].id;
		oc[i] = (uint32_t)words_utf8_chars(old->text + ot[i].off, ot[i].len);
		ob[i] = ot[i].kind == WORDS_SPACE;
	}
	for (uint32_t j = 0; j < nn; j++) {
		nid[j] = nt[j].id;
		nc[j] = (uint32_t)words_utf8_chars(text + nt[j].off, nt[j].len);
		nb[j] = nt[j].kind == WORDS_SPACE;
	}
	/* The redline's alignment: equal tokens keep their adoption, the
	 * inserted ones (folded equalities too) are this adoption's. */
	words_seq sa = { oid, oc, ob, no }, sb = { nid, nc, nb, nn };
	if ((error = words_align(&st, &ns, &sa, &sb)) < 0)
		goto done;
	for (size_t g = 0; g < ns; g++)
		for (size_t j = st[g].j0; j < st[g].j1; j++)
			nad[j] = st[g].change ? k : oad[st[g].i0 + (j - st[g].j0)];
	/* What this moved line lost and gained: sentences that may have moved
	 * to or from other lines. */
	for (size_t g = 0; g < ns && error == 0; g++) {
		const words_seg *c = &st[g];
		if (!c->change || typographic(old->text, ot + c->i0, (uint32_t)(c->i1 - c->i0), text, nt + c->j0,
			(uint32_t)(c->j1 - c->j0)))
			continue;
		if (c->i1 - c->i0 >= WORDS_RUN_MIN)
			error = runs_add(moves, true, (uintptr_t)line, NULL, old->text, ot + c->i0, oad + c->i0,
				(uint32_t)(c->i1 - c->i0));
		if (error == 0 && c->j1 - c->j0 >= WORDS_RUN_MIN)
			error = runs_add(moves, false, (uintptr_t)line, line, text, nt + c->j0, NULL, (uint32_t)(c->j1 - c->j0));
	}
	if (error < 0)
		goto done;
	/* Tokens to runs. */
	uint32_t nr = 0;
	for (uint32_t j = 0; j < nn; j++)
		nr += j == 0 || nad[j] != nad[j - 1];
	cache_run *runs = nr ? cache_alloc(ix, nr * sizeof(*runs)) : NULL;
	if (nr && !runs) {
		error = CHARTER_ERROR;
		goto done;
	}
	nr = 0;
	for (uint32_t j = 0; j < nn; j++) {
		if (j == 0 || nad[j] != nad[j - 1]) {
			runs[nr].adoption = nad[j];
			runs[nr++].len = 0;
		}
		runs[nr - 1].len += nt[j].len;
	}
	*out_runs = runs;
	*out_n = nr;
done:
	free(oad);
	free(nad);
	free(oid);
	free(nid);
	free(oc);
	free(nc);
	free(ob);
	free(nb);
	free(st);
	return error;
}

/* ---- word-level attribution of a section's changed lines, as one stream ---- */

/* One side of a stream: the tokens of its lines with a break (id 0)
 * between each two, as the redline aligns the paragraphs of a changed
 * stretch. */
typedef struct {
	uint32_t *id, *chars, *line, *ad;
	uint8_t *blank, *word;
	tok *t;
	size_t n;
	uint32_t *nwords; /* per line */
} rp_stream;

static void stream_free(rp_stream *s)
{
	free(s->id);
	free(s->chars);
	free(s->line);
	free(s->ad);
	free(s->blank);
	free(s->word);
	free(s->t);
	free(s->nwords);
}

/* pre[l] / npre[l]: line l's tokens when matching the lines took them. */
static int stream_build(rp_stream *s, words_intern *ids, const cache_line *const *lines, uint32_t nl, uint32_t k,
	tok *const *pre, const uint32_t *npre)
{
	tok **lt = calloc(nl + 1, sizeof(*lt));
	uint32_t *ln = calloc(nl + 1, sizeof(*ln));
	int error = 0;
	memset(s, 0, sizeof(*s));
	if (!lt || !ln) {
		error = error_set(CHARTER_ERROR, "out of memory");
		goto done;
	}
	size_t n = nl ? nl - 1 : 0;
	for (uint32_t l = 0; l < nl && error == 0; l++) {
		if (pre[l])
			lt[l] = pre[l], ln[l] = npre[l];
		else
			error = tokenize(ids, &lt[l], &ln[l], lines[l]->text, lines[l]->len);
		n += ln[l];
	}
	if (error < 0)
		goto done;
	s->id = malloc((n + 1) * sizeof(uint32_t));
	s->chars = malloc((n + 1) * sizeof(uint32_t));
	s->line = malloc((n + 1) * sizeof(uint32_t));
	s->ad = malloc((n + 1) * sizeof(uint32_t));
	s->blank = malloc(n + 1);
	s->word = malloc(n + 1);
	s->t = malloc((n + 1) * sizeof(tok));
	s->nwords = calloc(nl + 1, sizeof(uint32_t));
	if (!s->id || !s->chars || !s->line || !s->ad || !s->blank || !s->word || !s->t || !s->nwords) {
		error = error_set(CHARTER_ERROR, "out of memory");
		goto done;
	}
	for (uint32_t l = 0; l < nl; l++) {
		const cache_line *cl = lines[l];
		if (l) {
			s->id[s->n] = 0, s->chars[s->n] = 1, s->line[s->n] = UINT32_MAX, s->ad[s->n] = k;
			s->blank[s->n] = 0, s->word[s->n] = 0, s->t[s->n] = (tok){ 0, 0, 0, WORDS_PUNCT };
			s->n++;
		}
		for (uint32_t i = 0, r = 0, end = cl->nruns ? cl->runs[0].len : 0; i < ln[l]; i++) {
			const tok *t = &lt[l][i];
			while (r + 1 < cl->nruns && t->off >= end)
				end += cl->runs[++r].len;
			s->id[s->n] = t->id;
			s->chars[s->n] = (uint32_t)words_utf8_chars(cl->text + t->off, t->len);
			s->line[s->n] = l;
			s->ad[s->n] = cl->nruns ? cl->runs[r].adoption : k;
			s->blank[s->n] = t->kind == WORDS_SPACE;
			s->word[s->n] = t->kind == WORDS_WORD;
			s->nwords[l] += t->kind == WORDS_WORD;
			s->t[s->n++] = *t;
		}
	}
done:
	for (uint32_t l = 0; lt && l < nl; l++)
		if (!pre[l])
			free(lt[l]);
	free(lt);
	free(ln);
	return error;
}

#define GROUP_MAX_CELLS 250000

/* Attribute the new lines nl[0..nn) (their text set; runs and pids set
 * here) against the old lines ol[0..no) of the same section. Lines are
 * linked as the redline links them: partners (edited in place), or lines
 * of one join or split group (words_groups over the lines aligned as one
 * stream; ogap/ngap: a line that stayed stands before it); each group and
 * each pair outside one is aligned as the redline aligns it
 * (words_align_linked). A new word equal to an old one of a linked line
 * keeps its adoption; everything else is this adoption's. */
static int group_moves(rp_runs *moves, const rp_stream *a, const rp_stream *b, const words_seg *st, size_t ns,
	const cache_line *const *ol, uint32_t no, cache_line *const *nl, uint32_t nn, const int32_t *partner,
	const int32_t *group, const uint32_t *nad, uint32_t k);

static int attribute_group(cache_replay *r, words_intern *ids, uint32_t k, const cache_line *const *ol, uint32_t no,
	const uint8_t *ogap, const int32_t *partner, cache_line *const *nl, uint32_t nn, const uint8_t *ngap,
	tok *const *otok, const uint32_t *notok, tok *const *ntok, const uint32_t *nntok, rp_runs *moves)
{
	hist_cache *ix = r->ix;
	rp_stream a, b;
	words_seg *st = NULL;
	size_t ns = 0;
	uint32_t *shared = NULL, *nad = NULL;
	int32_t *group = NULL;
	uint8_t *used = NULL;
	int error;
	if ((error = stream_build(&a, ids, ol, no, k, otok, notok)) < 0)
		return error;
	if ((error = stream_build(&b, ids, (const cache_line *const *)nl, nn, k, ntok, nntok)) < 0) {
		stream_free(&a);
		return error;
	}
	/* Joins and splits need a line alone (words_groups); beyond this many
	 * line pairs, only partners are linked. */
	bool loose = no != nn;
	for (uint32_t l = 0; l < nn; l++)
		loose |= partner[l] < 0;
	bool big = (size_t)no * nn > GROUP_MAX_CELLS;
	if ((loose && !big && !(shared = calloc((size_t)no * nn + 1, sizeof(uint32_t)))) ||
	    !(nad = malloc((b.n + 1) * sizeof(uint32_t))) || !(group = malloc(((size_t)no + nn + 1) * sizeof(int32_t)))) {
		error = error_set(CHARTER_ERROR, "out of memory");
		goto done;
	}
	words_seq sa = { a.id, a.chars, a.blank, a.n }, sb = { b.id, b.chars, b.blank, b.n };
	/* The stretch as one stream: which words each line keeps in which. */
	if (shared && (error = words_align(&st, &ns, &sa, &sb)) < 0)
		goto done;
	for (size_t g = 0; g < ns && shared; g++)
		if (!st[g].change)
			for (size_t t = 0; t < st[g].i1 - st[g].i0; t++) {
				size_t i = st[g].i0 + t, j = st[g].j0 + t;
				if (a.word[i] && a.line[i] != UINT32_MAX && b.line[j] != UINT32_MAX)
					shared[(size_t)a.line[i] * nn + b.line[j]]++;
			}
	words_paras paras = { no, nn, shared, a.nwords, b.nwords, partner, ogap, ngap, NULL, NULL };
	for (size_t x = 0; x < (size_t)no + nn; x++)
		group[x] = -1;
	int groups = shared ? words_groups(group, group + no, &paras) : 0;
	if (groups < 0) {
		error = groups;
		goto done;
	}
	/* Aligned as the redline shows them: each group as its own stream,
	 * each pair in place on its own (words_align_linked). */
	free(st);
	st = NULL;
	if ((error = words_align_linked(&st, &ns, &sa, a.line, &sb, b.line, no, nn, partner, group, group + no)) < 0)
		goto done;
	for (size_t j = 0; j < b.n; j++)
		nad[j] = k;
	for (size_t g = 0; g < ns; g++)
		if (!st[g].change)
			for (size_t j = st[g].j0; j < st[g].j1; j++)
				nad[j] = a.ad[st[g].i0 + (j - st[g].j0)];
	if ((error = group_moves(moves, &a, &b, st, ns, ol, no, nl, nn, partner, group, nad, k)) < 0)
		goto done;
	/* Runs per new line; its pid: its partner's, else that of the old line
	 * it keeps most words of (a join or a split) if no other new line has
	 * it, else a new one: pids stay unique. */
	if (!(used = calloc(no + 1, 1))) {
		error = error_set(CHARTER_ERROR, "out of memory");
		goto done;
	}
	for (uint32_t l = 0; l < nn; l++)
		if (partner[l] >= 0)
			used[partner[l]] = 1;
	size_t j = 0;
	for (uint32_t l = 0; l < nn; l++) {
		size_t j0 = j;
		while (j < b.n && b.line[j] == l)
			j++;
		uint32_t nr = 0;
		for (size_t t = j0; t < j; t++)
			nr += t == j0 || nad[t] != nad[t - 1];
		cache_run *runs = nr ? cache_alloc(ix, nr * sizeof(*runs)) : NULL;
		if (nr && !runs) {
			error = CHARTER_ERROR;
			goto done;
		}
		nr = 0;
		for (size_t t = j0; t < j; t++) {
			if (t == j0 || nad[t] != nad[t - 1]) {
				runs[nr].adoption = nad[t];
				runs[nr++].len = 0;
			}
			runs[nr - 1].len += b.t[t].len;
		}
		uint32_t pid = 0, best = 0, from = UINT32_MAX;
		if (partner[l] >= 0) {
			pid = ol[partner[l]]->pid;
		} else {
			for (uint32_t o = 0; shared && o < no; o++) {
				uint32_t c = shared[(size_t)o * nn + l];
				if (!used[o] && c > best && WORDS_KEEPS_HALF(c, a.nwords[o], b.nwords[l]))
					best = c, from = o;
			}
			if (from != UINT32_MAX) {
				used[from] = 1;
				pid = ol[from]->pid;
			}
		}
		nl[l]->runs = runs;
		nl[l]->nruns = nr;
		nl[l]->pid = pid ? pid : (*r->next_pid)++;
		j++; /* the break */
	}
done:
	free(st);
	free(shared);
	free(nad);
	free(group);
	free(used);
	stream_free(&a);
	stream_free(&b);
	return error;
}

/* The runs of a section's stream that a sentence moved may have left or
 * joined: of lines linked (partners, or one join or split group), the
 * tokens struck (not kept by a linked line) and those inserted (this
 * adoption's), as the redline's word diffs of those blocks strike and
 * insert them; changes of typography only left out. A struck run counts
 * as shown in its partner, or in the new line its group shows it in. */
static int group_moves(rp_runs *moves, const rp_stream *a, const rp_stream *b, const words_seg *st, size_t ns,
	const cache_line *const *ol, uint32_t no, cache_line *const *nl, uint32_t nn, const int32_t *partner,
	const int32_t *group, const uint32_t *nad, uint32_t k)
{
	/* Cheap first: without WORDS_RUN_MIN changed tokens on each side, no
	 * sentence moved here. */
	size_t changed_a = 0, changed_b = 0;
	for (size_t g = 0; g < ns; g++)
		if (st[g].change)
			changed_a += st[g].i1 - st[g].i0, changed_b += st[g].j1 - st[g].j0;
	for (size_t j = 0; j < b->n && changed_b < WORDS_RUN_MIN; j++)
		changed_b += nad[j] == k;
	if (changed_b < WORDS_RUN_MIN && changed_a < WORDS_RUN_MIN)
		return 0;
	uint8_t *flag = calloc(a->n + b->n + 1, 1);
	int32_t *oshown = malloc((no + 1) * sizeof(*oshown));
	uint32_t *at = malloc((a->n + 1) * sizeof(*at)); /* where each old token is aligned in b */
	int error = 0;
	if (!flag || !oshown || !at) {
		error = error_set(CHARTER_ERROR, "out of memory");
		goto done;
	}
	uint8_t *oflag = flag, *nflag = flag + a->n;
	for (uint32_t o = 0; o < no; o++)
		oshown[o] = group[o] >= 0 ? -2 : -1;
	for (uint32_t l = 0; l < nn; l++)
		if (partner[l] >= 0)
			oshown[partner[l]] = (int32_t)l;
	for (size_t i = 0; i < a->n; i++)
		oflag[i] = a->line[i] != UINT32_MAX && oshown[a->line[i]] != -1;
	for (size_t j = 0; j < b->n; j++)
		nflag[j] = b->line[j] != UINT32_MAX && nad[j] == k && (partner[b->line[j]] >= 0 || group[no + b->line[j]] >= 0);
	for (size_t g = 0; g < ns; g++) {
		const words_seg *c = &st[g];
		for (size_t i = c->i0; i < c->i1; i++) {
			at[i] = (uint32_t)(c->change ? c->j0 : c->j0 + (i - c->i0));
			/* kept: equal, and its line linked with the new token's */
			if (!c->change && oflag[i] && nad[at[i]] != k)
				oflag[i] = 0;
		}
		if (!c->change || c->i1 == c->i0 || c->j1 == c->j0)
			continue;
		uint32_t lo = a->line[c->i0], ln = b->line[c->j0];
		bool one = lo != UINT32_MAX && ln != UINT32_MAX;
		for (size_t i = c->i0; i < c->i1 && one; i++)
			one = a->line[i] == lo;
		for (size_t j = c->j0; j < c->j1 && one; j++)
			one = b->line[j] == ln;
		if (one && typographic(ol[lo]->text, a->t + c->i0, (uint32_t)(c->i1 - c->i0), nl[ln]->text, b->t + c->j0,
			(uint32_t)(c->j1 - c->j0))) {
			memset(oflag + c->i0, 0, c->i1 - c->i0);
			memset(nflag + c->j0, 0, c->j1 - c->j0);
		}
	}
	for (size_t i = 0; i < a->n && error == 0;) {
		if (!oflag[i]) {
			i++;
			continue;
		}
		size_t e = i;
		while (e < a->n && oflag[e] && a->line[e] == a->line[i])
			e++;
		uint32_t lo = a->line[i], shown = (uint32_t)oshown[lo];
		if (oshown[lo] < 0) {
			/* In a group: the new line the aligned position falls in. */
			uint32_t j = at[i];
			shown = j < b->n && b->line[j] != UINT32_MAX ? b->line[j] : j > 0 && b->line[j - 1] != UINT32_MAX ? b->line[j - 1] : 0;
		}
		error = runs_add(moves, true, (uintptr_t)nl[shown], NULL, ol[lo]->text, a->t + i, a->ad + i, (uint32_t)(e - i));
		i = e;
	}
	for (size_t j = 0; j < b->n && error == 0;) {
		if (!nflag[j]) {
			j++;
			continue;
		}
		size_t e = j;
		while (e < b->n && nflag[e] && b->line[e] == b->line[j])
			e++;
		cache_line *line = nl[b->line[j]];
		error = runs_add(moves, false, (uintptr_t)line, line, line->text, b->t + j, NULL, (uint32_t)(e - j));
		j = e;
	}
done:
	free(flag);
	free(oshown);
	free(at);
	return error;
}

/* ---- lines ---- */

int cache_split_lines(cache_line **out, uint32_t *count, const char *text, size_t len)
{
	uint32_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += text[i] == '\n';
	if (len && text[len - 1] != '\n')
		n++;
	cache_line *lines = calloc(n ? n : 1, sizeof(*lines));
	if (!lines)
		return error_set(CHARTER_ERROR, "out of memory");
	const char *p = text, *end = text + len;
	for (uint32_t i = 0; i < n; i++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);
		lines[i].text = p;
		lines[i].len = (uint32_t)l;
		p += l + 1;
	}
	*out = lines;
	*count = n;
	return 0;
}

void cache_states_free(cache_state *st, uint32_t n)
{
	if (!st)
		return;
	for (uint32_t i = 0; i < n; i++)
		free(st[i].lines);
	free(st);
}

/* ---- one adoption ---- */

typedef struct {
	uint32_t slug;
	const cache_line *old;
	uint32_t nold;
	cache_line *new;     /* texts point into the blob until made permanent */
	uint32_t nnew;
	uint32_t pre, suf;
	bool created, removed;
	cache_text blob;
	buf plain;           /* the blob in plain typography (cache_replay.plain_typography) */
} rp_sec;

typedef struct {
	uint32_t sec, line;
	uint64_t hash;
	uint32_t *words;   /* sorted word ids (phase 4) */
	uint32_t *seq;     /* the same in order (moves: words_move_score) */
	uint32_t nwords;
	tok *t;            /* its tokens, kept for the word-level attribution */
	uint32_t nt;
	int32_t partner;   /* index into the other side's array, or -1 */
	uint8_t how;       /* 1 identical, 2 identical and moved, 3 similar */
	bool moved;        /* paired by the move rule (words_move_score), not in place */
} rp_line;

typedef struct {
	unsigned score;
	bool within;       /* a move within a section (ranked before one across) */
	uint32_t o, n;
} rp_pair;

/* The redline's order of candidates (cmp_cand in redline_align.c): best
 * first, within a section first, then in order of the old line and the new
 * (lines in the order of the adoption's sections, where the redline takes
 * the document's: only ties across sections can differ). */
static int pair_cmp(const void *a, const void *b)
{
	const rp_pair *x = a, *y = b;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	if (x->within != y->within)
		return x->within ? -1 : 1;
	if (x->o != y->o)
		return x->o < y->o ? -1 : 1;
	return (x->n > y->n) - (x->n < y->n);
}

/* Shell sort: lines have tens of words, where qsort's calls cost more. */
static void sort_u32(uint32_t *a, uint32_t n)
{
	static const uint32_t gaps[] = { 701, 301, 132, 57, 23, 10, 4, 1 };
	for (size_t g = 0; g < ARRAY_SIZE(gaps); g++) {
		uint32_t gap = gaps[g];
		for (uint32_t i = gap; i < n; i++) {
			uint32_t v = a[i], j = i;
			for (; j >= gap && a[j - gap] > v; j -= gap)
				a[j] = a[j - gap];
			a[j] = v;
		}
	}
}

/* The line's words (their ids, sorted) for words_similarity(). */
static int word_bag(words_intern *ids, rp_line *l, const char *text, uint32_t len)
{
	tok *t = NULL;
	uint32_t n = 0, w = 0;
	int error = tokenize(ids, &t, &n, text, len);
	if (error < 0)
		return error;
	l->words = malloc(2 * (n + 1) * sizeof(uint32_t));
	if (!l->words) {
		free(t);
		return error_set(CHARTER_ERROR, "out of memory");
	}
	l->seq = l->words + n + 1;
	for (uint32_t i = 0; i < n; i++)
		if (t[i].kind == WORDS_WORD)
			l->seq[w] = l->words[w] = t[i].id, w++;
	sort_u32(l->words, w);
	l->nwords = w;
	l->t = t;
	l->nt = n;
	return 0;
}

static const char *line_text(const rp_sec *secs, const rp_line *l, bool new_side)
{
	return new_side ? secs[l->sec].new[l->line].text : secs[l->sec].old[l->line].text;
}

static uint32_t line_len(const rp_sec *secs, const rp_line *l, bool new_side)
{
	return new_side ? secs[l->sec].new[l->line].len : secs[l->sec].old[l->line].len;
}

static bool same_text(const rp_sec *secs, const rp_line *o, const rp_line *n)
{
	return o->hash == n->hash && line_len(secs, o, false) == line_len(secs, n, true) &&
		memcmp(line_text(secs, o, false), line_text(secs, n, true), line_len(secs, n, true)) == 0;
}

/* Pair old line O[i] = *o with new line N[j] = *n. */
static void pair_lines(rp_line *o, rp_line *n, int32_t i, int32_t j, uint8_t how, bool moved)
{
	o->partner = j, n->partner = i;
	o->how = n->how = how;
	o->moved = n->moved = moved;
}

/* The word bags (and tokens) of lines L[from..to) not yet made. */
static int bags(words_intern *ids, const rp_sec *secs, rp_line *L, uint32_t from, uint32_t to, bool new_side)
{
	int error = 0;
	for (uint32_t i = from; i < to && error == 0; i++)
		if (!L[i].words)
			error = word_bag(ids, &L[i], line_text(secs, &L[i], new_side), line_len(secs, &L[i], new_side));
	return error;
}

typedef struct {
	const rp_line *o, *n;
	bool alone;
} stretch_ctx;

static unsigned stretch_score(void *ctx, size_t i, size_t j)
{
	const stretch_ctx *c = ctx;
	const rp_line *o = &c->o[i], *n = &c->n[j];
	return words_stretch_score(o->words, o->nwords, n->words, n->nwords, c->alone);
}

/* Pair a section's lines as the redline pairs its blocks: the diff of the
 * lines keeps what it keeps (identical, in their section); in each changed
 * stretch it leaves, lines pair in order (words_pair_in_order). O[o0..o1)
 * and N[n0..n1) are the section's lines, in order. */
static int pair_section(words_intern *ids, const rp_sec *secs, rp_line *O, uint32_t o0, uint32_t o1, rp_line *N,
	uint32_t n0, uint32_t n1)
{
	uint32_t na = o1 - o0, nb = n1 - n0;
	if (na == 0 || nb == 0)
		return 0;
	uint32_t *ka = malloc((size_t)(na + nb) * sizeof(uint32_t)), *kb = ka ? ka + na : NULL;
	uint8_t *ma = calloc(na + nb, 1), *mb = ma ? ma + na : NULL;
	int32_t *partner = malloc((size_t)nb * sizeof(*partner));
	int error = 0;
	if (!ka || !ma || !partner) {
		error = error_set(CHARTER_ERROR, "out of memory");
		goto done;
	}
	/* Keys: equal texts, equal keys (interned for this section only). */
	words_intern keys = { 0 };
	for (uint32_t x = 0; x < na + nb && error == 0; x++) {
		const rp_line *l = x < na ? &O[o0 + x] : &N[n0 + x - na];
		error = words_intern_get(&keys, &ka[x], line_text(secs, l, x >= na), line_len(secs, l, x >= na));
	}
	words_intern_free(&keys);
	if (error < 0)
		goto done;
	if ((error = words_diff(ka, na, kb, nb, ma, mb)) < 0)
		goto done;
	words_walk w = { 0 };
	for (int step; error == 0 && (step = words_walk_next(&w, ma, na, mb, nb)) > 0;) {
		uint32_t i0 = o0 + (uint32_t)w.i0, j0 = n0 + (uint32_t)w.j0, i = o0 + (uint32_t)w.i, j = n0 + (uint32_t)w.j;
		if (step == 1) {
			pair_lines(&O[i0], &N[j0], (int32_t)i0, (int32_t)j0, 1, false);
			continue;
		}
		if (i == i0 || j == j0)
			continue;
		if ((error = bags(ids, secs, O, i0, i, false)) < 0 || (error = bags(ids, secs, N, j0, j, true)) < 0)
			break;
		stretch_ctx c = { &O[i0], &N[j0], i - i0 == 1 && j - j0 == 1 };
		if ((error = words_pair_in_order(partner, i - i0, j - j0, stretch_score, &c)) < 0)
			break;
		for (uint32_t t = 0; t < j - j0; t++)
			if (partner[t] >= 0)
				pair_lines(&O[i0 + (uint32_t)partner[t]], &N[j0 + t], (int32_t)(i0 + (uint32_t)partner[t]),
					(int32_t)(j0 + t), 3, false);
	}
done:
	free(ka);
	free(ma);
	free(partner);
	return error;
}

/* Whether a paired line stayed identical in its section (o its old side,
 * n its new; a hunk's `same`). */
static bool identical_here(const rp_sec *secs, const rp_line *o, const rp_line *n)
{
	return o->sec == n->sec && (o->how <= 2 || same_text(secs, o, n));
}

/* Whether old line o and new line n stand in one section (or in a section
 * removed and one created by the same adoption: a rename). */
static bool one_place(const rp_sec *secs, const rp_line *o, const rp_line *n)
{
	return o->sec == n->sec || (secs[o->sec].removed && secs[n->sec].created);
}

/* Pair, best first, the lines still free: `moves` false, lines of a section
 * removed and one created by the same adoption (a rename) edited in place
 * (words_pair_score); true, any two lines, a move as the redline finds one
 * (words_move_score; within a section at WORDS_MOVE_WITHIN), ranked as the
 * redline ranks them: best first, within a section first, then in order. */
static int pair_best(const rp_sec *secs, rp_line *O, uint32_t no, rp_line *N, uint32_t nn, bool moves)
{
	rp_pair *pairs = NULL;
	size_t np = 0, ap = 0;
	for (uint32_t i = 0; i < no; i++) {
		if (O[i].partner >= 0)
			continue;
		for (uint32_t j = 0; j < nn; j++) {
			if (N[j].partner >= 0)
				continue;
			unsigned sim;
			bool place = one_place(secs, &O[i], &N[j]);
			if (!moves) {
				if (O[i].sec == N[j].sec || !place)
					continue;
				sim = words_pair_score(O[i].words, O[i].nwords, N[j].words, N[j].nwords);
			} else {
				unsigned t = place ? WORDS_MOVE_WITHIN(WORDS_MOVE_DEFAULT) : WORDS_MOVE_DEFAULT;
				int e = words_move_score(&sim, O[i].seq, O[i].words, O[i].nwords, N[j].seq, N[j].words,
					N[j].nwords, t);
				if (e < 0) {
					free(pairs);
					return e;
				}
			}
			if (sim == 0)
				continue;
			if (GROW(pairs, ap, np + 1) < 0) {
				free(pairs);
				return CHARTER_ERROR;
			}
			pairs[np++] = (rp_pair){ sim, moves && place, i, j };
		}
	}
	if (np)
		qsort(pairs, np, sizeof(*pairs), pair_cmp);
	for (size_t p = 0; p < np; p++) {
		rp_line *o = &O[pairs[p].o], *n = &N[pairs[p].n];
		if (o->partner >= 0 || n->partner >= 0)
			continue;
		uint8_t how = same_text(secs, o, n) ? 2 : 3;
		pair_lines(o, n, (int32_t)pairs[p].o, (int32_t)pairs[p].n, how, moves);
	}
	free(pairs);
	return 0;
}

/* Match the middle lines of all sections of one adoption (steps 2-4), as
 * the redline aligns blocks: each section's own lines first, in place; then
 * a renamed section's; then moves among what is left, within a section or
 * across. */
static int match_lines(words_intern *ids, const rp_sec *secs, rp_line *O, uint32_t no, rp_line *N, uint32_t nn)
{
	int error = 0;
	/* 2-3. a section's own lines: kept, then edited in place */
	for (uint32_t o0 = 0, n0 = 0; (o0 < no || n0 < nn) && error == 0;) {
		uint32_t s = o0 < no && (n0 == nn || O[o0].sec <= N[n0].sec) ? O[o0].sec : N[n0].sec;
		uint32_t o1 = o0, n1 = n0;
		while (o1 < no && O[o1].sec == s)
			o1++;
		while (n1 < nn && N[n1].sec == s)
			n1++;
		error = pair_section(ids, secs, O, o0, o1, N, n0, n1);
		o0 = o1, n0 = n1;
	}
	if (error < 0)
		return error;
	uint32_t left_o = 0, left_n = 0;
	for (uint32_t i = 0; i < no; i++)
		left_o += O[i].partner < 0;
	for (uint32_t j = 0; j < nn; j++)
		left_n += N[j].partner < 0;
	if (!left_o || !left_n)
		return 0;
	if ((error = bags(ids, secs, O, 0, no, false)) < 0 || (error = bags(ids, secs, N, 0, nn, true)) < 0)
		return error;
	/* a renamed section's lines, in place */
	if ((error = pair_best(secs, O, no, N, nn, false)) < 0)
		return error;
	/* 4. moved, perhaps edited */
	return pair_best(secs, O, no, N, nn, true);
}

static int add_hunk(hist_cache *ix, cache_hunk **out)
{
	if (ix->nhunks == ix->ahunks) {
		uint32_t n = ix->ahunks ? ix->ahunks * 2 : 256;
		cache_hunk *g = realloc(ix->hunks, (size_t)n * sizeof(*g));
		if (!g)
			return error_set(CHARTER_ERROR, "out of memory");
		ix->hunks = g;
		ix->ahunks = n;
	}
	*out = &ix->hunks[ix->nhunks++];
	memset(*out, 0, sizeof(**out));
	return 0;
}

static int replay_one(cache_replay *r, words_intern *ids, uint32_t k, rp_sec *secs, uint32_t ns)
{
	hist_cache *ix = r->ix;
	rp_line *O = NULL, *N = NULL;
	uint32_t no = 0, nn = 0;
	rp_runs moves = { 0 }; /* runs that sentences moved may have left or joined */
	int error = 0;

	/* 1. common start and end of each section */
	for (uint32_t s = 0; s < ns; s++) {
		rp_sec *x = &secs[s];
		uint32_t max = x->nold < x->nnew ? x->nold : x->nnew;
		while (x->pre < max && x->old[x->pre].len == x->new[x->pre].len &&
		       memcmp(x->old[x->pre].text, x->new[x->pre].text, x->new[x->pre].len) == 0)
			x->pre++;
		while (x->suf < max - x->pre) {
			const cache_line *a = &x->old[x->nold - 1 - x->suf], *b = &x->new[x->nnew - 1 - x->suf];
			if (a->len != b->len || memcmp(a->text, b->text, a->len) != 0)
				break;
			x->suf++;
		}
		no += x->nold - x->pre - x->suf;
		nn += x->nnew - x->pre - x->suf;
	}
	O = calloc(no + 1, sizeof(*O));
	N = calloc(nn + 1, sizeof(*N));
	if (!O || !N) {
		error = error_set(CHARTER_ERROR, "out of memory");
		goto done;
	}
	no = nn = 0;
	for (uint32_t s = 0; s < ns; s++) {
		rp_sec *x = &secs[s];
		for (uint32_t i = x->pre; i < x->nold - x->suf; i++)
			if (x->old[i].len)
				O[no++] = (rp_line){ s, i, fnv64(x->old[i].text, x->old[i].len), NULL, NULL, 0, NULL, 0, -1, 0, false };
		for (uint32_t i = x->pre; i < x->nnew - x->suf; i++)
			if (x->new[i].len)
				N[nn++] = (rp_line){ s, i, fnv64(x->new[i].text, x->new[i].len), NULL, NULL, 0, NULL, 0, -1, 0, false };
	}
	if ((error = match_lines(ids, secs, O, no, N, nn)) < 0)
		goto done;

	/* The new lines, permanent. Prefix and suffix lines are the old ones. */
	for (uint32_t s = 0; s < ns; s++) {
		rp_sec *x = &secs[s];
		for (uint32_t i = 0; i < x->pre; i++)
			x->new[i] = x->old[i];
		for (uint32_t i = 0; i < x->suf; i++)
			x->new[x->nnew - 1 - i] = x->old[x->nold - 1 - i];
		for (uint32_t i = x->pre; i < x->nnew - x->suf; i++)
			if (!x->new[i].len)
				x->new[i] = (cache_line){ "", 0, 0, NULL, 0 };
	}
	/* Identical lines stay as they were; a line similar to one of another
	 * section (moved there) is attributed against it; the other changed
	 * lines of a section against that section's changed old lines, as one
	 * stream (joins and splits included). */
	for (uint32_t j = 0; j < nn; j++) {
		cache_line *nl = &secs[N[j].sec].new[N[j].line];
		if (N[j].partner >= 0 && N[j].how < 3) {
			const rp_line *o = &O[N[j].partner];
			*nl = secs[o->sec].old[o->line];
			continue;
		}
		char *text = cache_strndup(ix, nl->text, nl->len);
		if (!text) {
			error = CHARTER_ERROR;
			goto done;
		}
		nl->text = text;
		if (N[j].partner >= 0 && (N[j].moved || O[N[j].partner].sec != N[j].sec)) {
			const rp_line *o = &O[N[j].partner];
			const cache_line *ol = &secs[o->sec].old[o->line];
			cache_run *runs;
			uint32_t nr;
			if ((error = attribute(ix, &runs, &nr, ol, o->t, o->nt, text, N[j].t, N[j].nt, k, &moves, nl)) < 0)
				goto done;
			*nl = (cache_line){ text, nl->len, ol->pid, runs, nr };
		}
	}
	{
		const cache_line **gol = malloc((no + 1) * sizeof(*gol));
		cache_line **gnl = malloc((nn + 1) * sizeof(*gnl));
		int32_t *gpart = malloc((nn + 1) * sizeof(*gpart)), *oslot = malloc((no + 1) * sizeof(*oslot));
		uint8_t *ogap = malloc(no + 1), *ngap = malloc(nn + 1);
		tok **gotok = malloc((no + nn + 1) * sizeof(*gotok)), **gntok = gotok ? gotok + no : NULL;
		uint32_t *gnot = malloc((no + nn + 1) * sizeof(*gnot)), *gnnt = gnot ? gnot + no : NULL;
		if (!gol || !gnl || !gpart || !oslot || !ogap || !ngap || !gotok || !gnot)
			error = error_set(CHARTER_ERROR, "out of memory");
		for (uint32_t s = 0; s < ns && error == 0; s++) {
			uint32_t go = 0, gn = 0;
			/* A line that stayed (identical, in its section) between two
			 * lines of the stream parts them as the redline's stretches and
			 * kept blocks do; a line moved away or in does not. */
			bool stay = false;
			for (uint32_t i = 0; i < no; i++) {
				oslot[i] = -1;
				if (O[i].sec != s)
					continue;
				if (O[i].partner >= 0 && (O[i].how < 3 || O[i].moved || N[O[i].partner].sec != s)) {
					stay |= O[i].how == 1;
					continue;
				}
				oslot[i] = (int32_t)go;
				ogap[go] = stay;
				stay = false;
				gotok[go] = O[i].t, gnot[go] = O[i].nt;
				gol[go++] = &secs[s].old[O[i].line];
			}
			stay = false;
			for (uint32_t j = 0; j < nn; j++) {
				if (N[j].sec != s)
					continue;
				if (N[j].partner >= 0 && (N[j].how < 3 || N[j].moved || O[N[j].partner].sec != s)) {
					stay |= N[j].how == 1;
					continue;
				}
				gpart[gn] = N[j].partner >= 0 ? oslot[N[j].partner] : -1;
				ngap[gn] = stay;
				stay = false;
				gntok[gn] = N[j].t, gnnt[gn] = N[j].nt;
				gnl[gn++] = &secs[s].new[N[j].line];
			}
			if (gn)
				error = attribute_group(r, ids, k, gol, go, ogap, gpart, gnl, gn, ngap, gotok, gnot, gntok, gnnt,
					&moves);
		}
		free(gol);
		free(gnl);
		free(gpart);
		free(oslot);
		free(ogap);
		free(ngap);
		free(gotok);
		free(gnot);
		/* Sentences moved between lines, once every line is attributed. */
		if (error == 0)
			error = runs_apply(ix, &moves, k);
		if (error < 0)
			goto done;
	}

	/* Hunks: the middle of each section, both sides. */
	if (r->keep_hunks) {
		uint32_t oi = 0, ni = 0;
		for (uint32_t s = 0; s < ns; s++) {
			rp_sec *x = &secs[s];
			cache_hunk *h = NULL;
			if ((error = add_hunk(ix, &h)) < 0)
				goto done;
			h->adoption = k;
			h->slug = x->slug;
			h->prefix = x->pre;
			h->created = x->created;
			h->removed = x->removed;
			h->nold = x->nold - x->pre - x->suf;
			h->nnew = x->nnew - x->pre - x->suf;
			h->old = h->nold ? cache_alloc(ix, h->nold * sizeof(cache_hline)) : NULL;
			h->new = h->nnew ? cache_alloc(ix, h->nnew * sizeof(cache_hline)) : NULL;
			if ((h->nold && !h->old) || (h->nnew && !h->new)) {
				error = CHARTER_ERROR;
				goto done;
			}
			for (uint32_t i = 0; i < h->nold; i++) {
				const cache_line *l = &x->old[x->pre + i];
				bool same = !l->len;
				if (l->len && oi < no && O[oi].sec == s && O[oi].line == x->pre + i) {
					same = O[oi].partner >= 0 && identical_here(secs, &O[oi], &N[O[oi].partner]);
					oi++;
				}
				h->old[i] = (cache_hline){ l->text, l->len, l->pid, same };
			}
			for (uint32_t i = 0; i < h->nnew; i++) {
				const cache_line *l = &x->new[x->pre + i];
				bool same = !l->len;
				if (l->len && ni < nn && N[ni].sec == s && N[ni].line == x->pre + i) {
					same = N[ni].partner >= 0 && identical_here(secs, &O[N[ni].partner], &N[ni]);
					ni++;
				}
				h->new[i] = (cache_hline){ l->text, l->len, l->pid, same };
			}
		}
	}

	/* The new states. */
	for (uint32_t s = 0; s < ns; s++) {
		rp_sec *x = &secs[s];
		cache_state *st = &r->st[x->slug];
		free(st->lines);
		st->lines = NULL;
		st->nlines = 0;
		st->present = !x->removed;
		if (x->removed) {
			free(x->new);
		} else {
			st->lines = x->new;
			st->nlines = x->nnew;
		}
		x->new = NULL;
	}
done:
	runs_free(&moves);
	for (uint32_t i = 0; O && i < no; i++) {
		free(O[i].words);
		free(O[i].t);
	}
	for (uint32_t j = 0; N && j < nn; j++) {
		free(N[j].words);
		free(N[j].t);
	}
	free(O);
	free(N);
	return error;
}

static bool same_line(const cache_line *a, const cache_line *b)
{
	return a->len == b->len && memcmp(a->text, b->text, a->len) == 0;
}

/* Whether section x's new lines hold a control character. A line equal to
 * the old one at its place, from the start or the end, holds none (the old
 * lines were checked): only the lines an adoption changed are scanned. */
static bool lines_have_control(const rp_sec *x)
{
	for (uint32_t i = 0; i < x->nnew; i++) {
		const cache_line *l = &x->new[i];
		if ((i < x->nold && same_line(l, &x->old[i])) ||
		    (x->nnew - i <= x->nold && same_line(l, &x->old[x->nold - (x->nnew - i)])))
			continue;
		if (text_has_control(l->text, l->len, true))
			return true;
	}
	return false;
}

int cache_replay_run(cache_replay *r, uint32_t from, uint32_t to)
{
	hist_cache *ix = r->ix;
	rp_sec *secs = calloc(ix->nslugs + 1, sizeof(*secs));
	git_oid *jobs = NULL;
	size_t njobs = 0, taken = 0;
	cache_fetch *fetch = NULL;
	words_intern ids = { 0 };
	int error = 0;
	if (!secs)
		return error_set(CHARTER_ERROR, "out of memory");
	/* The blobs to read, in order: a helper thread reads them ahead. */
	for (uint32_t k = from; k < to; k++)
		for (uint32_t c = 0; c < ix->ad[k].nchanges; c++) {
			const cache_change *ch = &ix->ad[k].changes[c];
			njobs += r->set[ch->slug] && !git_oid_is_zero(&ch->new);
		}
	if (!(jobs = calloc(njobs + 1, sizeof(*jobs)))) {
		free(secs);
		return error_set(CHARTER_ERROR, "out of memory");
	}
	njobs = 0;
	for (uint32_t k = from; k < to; k++)
		for (uint32_t c = 0; c < ix->ad[k].nchanges; c++) {
			const cache_change *ch = &ix->ad[k].changes[c];
			if (r->set[ch->slug] && !git_oid_is_zero(&ch->new))
				git_oid_cpy(&jobs[njobs++], &ch->new);
		}
	if ((error = cache_fetch_new(&fetch, ix->odb, &ix->texts, jobs, njobs)) < 0)
		goto done;
	for (uint32_t k = from; k < to && error == 0; k++) {
		const cache_adoption *a = &ix->ad[k];
		uint32_t ns = 0;
		for (uint32_t c = 0; c < a->nchanges && error == 0; c++) {
			const cache_change *ch = &a->changes[c];
			if (!r->set[ch->slug])
				continue;
			rp_sec *x = &secs[ns++];
			memset(x, 0, sizeof(*x));
			const cache_state *st = &r->st[ch->slug];
			x->slug = ch->slug;
			x->old = st->present ? st->lines : NULL;
			x->nold = st->present ? st->nlines : 0;
			x->created = !st->present;
			x->removed = git_oid_is_zero(&ch->new);
			if (!x->removed) {
				error = cache_fetch_take(&x->blob, fetch, taken++);
				const char *data = error == 0 ? x->blob.data : NULL;
				size_t size = error == 0 ? x->blob.size : 0;
				/* Ignoring typography: replay the texts as if written plainly. */
				if (error == 0 && r->plain_typography && (error = typo_fold(&x->plain, NULL, data, size)) == 0)
					data = x->plain.ptr, size = x->plain.size;
				if (error == 0)
					error = cache_split_lines(&x->new, &x->nnew, data, size);
				/* A text no charter command writes (a forged or corrupt
				 * commit) may hold control characters: history and blame
				 * print them as '?', never raw. */
				if (error == 0 && lines_have_control(x)) {
					if (data != x->plain.ptr)
						buf_put(&x->plain, data, size);
					if ((error = buf_check(&x->plain)) == 0) {
						text_defuse_n(x->plain.ptr, x->plain.size, true);
						data = x->plain.ptr, size = x->plain.size;
						free(x->new);
						x->new = NULL;
						error = cache_split_lines(&x->new, &x->nnew, data, size);
					}
				}
			} else if (!(x->new = calloc(1, sizeof(cache_line)))) {
				error = error_set(CHARTER_ERROR, "out of memory");
			}
		}
		if (error == 0 && ns)
			error = replay_one(r, &ids, k, secs, ns);
		for (uint32_t s = 0; s < ns; s++) {
			free(secs[s].new);
			cache_text_free(&secs[s].blob);
			buf_free(&secs[s].plain);
		}
	}
done:
	words_intern_free(&ids);
	cache_fetch_free(fetch);
	free(jobs);
	free(secs);
	return error;
}
