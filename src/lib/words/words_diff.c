/* Words: the one token diff (libgit2's patience diff) and the one similarity. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/grow.h"
#include "words/words.h"

static pthread_once_t git_once = PTHREAD_ONCE_INIT;
static int git_init_result;

static void git_init(void)
{
	git_init_result = git_libgit2_init();
}

/* ---- libgit2 as a sequence diff ---------------------------------------- */

typedef struct {
	uint8_t *a, *b;
	size_t na, nb;
} marks;

static int line_cb(const git_diff_delta *delta, const git_diff_hunk *hunk,
	const git_diff_line *line, void *payload)
{
	(void)delta;
	(void)hunk;
	marks *m = payload;
	if (line->origin == GIT_DIFF_LINE_DELETION && line->old_lineno > 0 && (size_t)line->old_lineno <= m->na)
		m->a[line->old_lineno - 1] = 1;
	else if (line->origin == GIT_DIFF_LINE_ADDITION && line->new_lineno > 0 && (size_t)line->new_lineno <= m->nb)
		m->b[line->new_lineno - 1] = 1;
	return 0;
}

static void put_ids(buf *b, const uint32_t *ids, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char tmp[12];
		int k = 0;
		uint32_t v = ids[i];
		do {
			tmp[k++] = "0123456789abcdef"[v & 15];
			v >>= 4;
		} while (v);
		while (k)
			buf_putc(b, tmp[--k]);
		buf_putc(b, '\n');
	}
}

int words_diff(const uint32_t *a, size_t na, const uint32_t *b, size_t nb,
	uint8_t *a_chg, uint8_t *b_chg)
{
	size_t pre = 0, suf = 0;
	while (pre < na && pre < nb && a[pre] == b[pre])
		pre++;
	while (suf < na - pre && suf < nb - pre && a[na - 1 - suf] == b[nb - 1 - suf])
		suf++;
	size_t ma = na - pre - suf, mb = nb - pre - suf;
	if (ma == 0 || mb == 0) {
		memset(a_chg + pre, 1, ma);
		memset(b_chg + pre, 1, mb);
		return 0;
	}
	/* A small middle with no id in common (a word or two replaced: most
	 * edits) is all change whatever the algorithm: skip libgit2's setup. */
	if (ma * mb <= 256) {
		bool common = false;
		for (size_t i = 0; i < ma && !common; i++)
			for (size_t j = 0; j < mb && !common; j++)
				common = a[pre + i] == b[pre + j];
		if (!common) {
			memset(a_chg + pre, 1, ma);
			memset(b_chg + pre, 1, mb);
			return 0;
		}
	}
	pthread_once(&git_once, git_init);
	if (git_init_result < 0)
		return error_git(git_init_result, "initializing libgit2");

	buf ba = BUF_INIT, bb = BUF_INIT;
	put_ids(&ba, a + pre, ma);
	put_ids(&bb, b + pre, mb);
	int err = buf_check(&ba);
	if (!err)
		err = buf_check(&bb);
	if (!err) {
		git_diff_options opts;
		git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
		opts.flags = GIT_DIFF_PATIENCE | GIT_DIFF_FORCE_TEXT;
		opts.context_lines = 0;
		opts.interhunk_lines = 0;
		marks m = { a_chg + pre, b_chg + pre, ma, mb };
		int gerr = git_diff_buffers(ba.ptr, ba.size, NULL, bb.ptr, bb.size, NULL, &opts,
			NULL, NULL, NULL, line_cb, &m);
		if (gerr < 0)
			err = error_git(gerr, "comparing words");
	}
	buf_free(&ba);
	buf_free(&bb);
	if (err < 0)
		return err;
	/* An alignment keeps as many lines on each side; if not, call it all
	 * changed rather than pair the wrong things. */
	size_t ka = 0, kb = 0;
	for (size_t i = 0; i < ma; i++)
		ka += !a_chg[pre + i];
	for (size_t i = 0; i < mb; i++)
		kb += !b_chg[pre + i];
	if (ka != kb) {
		memset(a_chg + pre, 1, ma);
		memset(b_chg + pre, 1, mb);
	}
	return 0;
}

int words_walk_next(words_walk *w, const uint8_t *a_chg, size_t na, const uint8_t *b_chg, size_t nb)
{
	if (w->i >= na && w->j >= nb)
		return 0;
	w->i0 = w->i, w->j0 = w->j;
	if (w->i < na && w->j < nb && !a_chg[w->i] && !b_chg[w->j]) {
		w->i++, w->j++;
		return 1;
	}
	while (w->i < na && a_chg[w->i])
		w->i++;
	while (w->j < nb && b_chg[w->j])
		w->j++;
	if (w->i == w->i0 && w->j == w->j0)
		w->i = na, w->j = nb;
	return 2;
}

unsigned words_similarity(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
	if (na == 0 || nb == 0)
		return 0;
	return (unsigned)(200 * words_common(a, na, b, nb) / (na + nb));
}

size_t words_common(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
	size_t i = 0, j = 0, common = 0;
	while (i < na && j < nb) {
		if (a[i] < b[j]) {
			i++;
		} else if (a[i] > b[j]) {
			j++;
		} else {
			common++;
			i++;
			j++;
		}
	}
	return common;
}

unsigned words_pair_score(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
	if (na == 0 || nb == 0)
		return 0;
	size_t common = words_common(a, na, b, nb);
	unsigned sim = (unsigned)(200 * common / (na + nb));
	if (sim >= WORDS_PAIR_MIN)
		return sim;
	return WORDS_KEEPS_HALF(common, na, nb) ? (sim ? sim : 1) : 0;
}

unsigned words_stretch_score(const uint32_t *a, size_t na, const uint32_t *b, size_t nb, bool alone)
{
	unsigned s = words_pair_score(a, na, b, nb);
	if (s)
		return s;
	return alone && na <= WORDS_PAIR_SHORT && nb <= WORDS_PAIR_SHORT;
}

int words_pair_in_order(int32_t *npartner, size_t k, size_t m, words_score_cb score, void *ctx)
{
	for (size_t j = 0; j < m; j++)
		npartner[j] = -1;
	if (k == 0 || m == 0)
		return 0;
	if (k > WORDS_PAIR_MAX_CELLS / m) {
		for (size_t t = 0; t < k && t < m; t++)
			if (score(ctx, t, t))
				npartner[t] = (int32_t)t;
		return 0;
	}
	unsigned *sc = malloc(k * m * sizeof(unsigned));
	unsigned long *best = calloc((k + 1) * (m + 1), sizeof(unsigned long));
	if (!sc || !best) {
		free(sc);
		free(best);
		return error_set(CHARTER_ERROR, "out of memory");
	}
#define BEST(i, j) best[(i) * (m + 1) + (j)]
	for (size_t i = 0; i < k; i++)
		for (size_t j = 0; j < m; j++)
			sc[i * m + j] = score(ctx, i, j);
	for (size_t i = 1; i <= k; i++) {
		for (size_t j = 1; j <= m; j++) {
			unsigned long v = BEST(i - 1, j) > BEST(i, j - 1) ? BEST(i - 1, j) : BEST(i, j - 1);
			unsigned s = sc[(i - 1) * m + (j - 1)];
			if (s && BEST(i - 1, j - 1) + s > v)
				v = BEST(i - 1, j - 1) + s;
			BEST(i, j) = v;
		}
	}
	size_t i = k, j = m;
	while (i > 0 && j > 0) {
		unsigned s = sc[(i - 1) * m + (j - 1)];
		if (s && BEST(i, j) == BEST(i - 1, j - 1) + s) {
			npartner[j - 1] = (int32_t)(i - 1);
			i--;
			j--;
		} else if (BEST(i, j) == BEST(i - 1, j)) {
			i--;
		} else {
			j--;
		}
	}
#undef BEST
	free(sc);
	free(best);
	return 0;
}

int words_move_score(unsigned *score, const uint32_t *a, const uint32_t *sa, size_t na,
	const uint32_t *b, const uint32_t *sb, size_t nb, unsigned threshold)
{
	*score = 0;
	if (na == 0 || nb == 0)
		return 0;
	if (na == nb && memcmp(a, b, na * sizeof(*a)) == 0) {
		*score = 100;
		return 0;
	}
	size_t shorter = na < nb ? na : nb;
	/* The words shared in runs are among the words shared at all: skip
	 * pairs that cannot make it before diffing them. */
	unsigned bag = words_similarity(sa, na, sb, nb);
	size_t common = (size_t)bag * (na + nb) / 200 + 1;
	bool contained_possible = shorter >= WORDS_MOVE_CONTAINED_MIN && 100 * common >= WORDS_MOVE_CONTAINED * shorter;
	if (bag < threshold && !contained_possible)
		return 0;
	uint8_t *ma = calloc(na + nb, 1);
	if (!ma)
		return error_set(CHARTER_ERROR, "out of memory");
	uint8_t *mb = ma + na;
	int err = words_diff(a, na, b, nb, ma, mb);
	size_t covered = 0, longest = 0, run = 0, i = 0, j = 0;
	while (err == 0 && i < na && j < nb) {
		if (ma[i] || mb[j]) {
			/* A run ends at a change on either side. */
			if (run >= WORDS_MOVE_RUN)
				covered += run;
			run = 0;
			if (ma[i])
				i++;
			else
				j++;
			continue;
		}
		run++, i++, j++;
		if (run > longest)
			longest = run;
	}
	if (run >= WORDS_MOVE_RUN)
		covered += run;
	free(ma);
	if (err < 0)
		return err;
	unsigned dice = (unsigned)(200 * covered / (na + nb));
	unsigned contained = (unsigned)(100 * covered / shorter);
	if (longest < WORDS_MOVE_LONGEST)
		return 0;
	if (dice >= threshold)
		*score = dice;
	else if (shorter >= WORDS_MOVE_CONTAINED_MIN && contained >= WORDS_MOVE_CONTAINED)
		*score = dice > 0 ? dice : 1;
	return 0;
}

/* ---- sentences moved --------------------------------------------------- */

/* Pairing gives up beyond this much work (pairs looked at plus words
 * compared): some tens of milliseconds, as the redline's block moves. */
#define RUNS_MAX_WORK 30000000ull

typedef struct {
	size_t d, i;
	unsigned score;
} run_pair;

static int cmp_run_pair(const void *pa, const void *pb)
{
	const run_pair *a = pa, *b = pb;
	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if (a->d != b->d)
		return a->d < b->d ? -1 : 1;
	return (a->i > b->i) - (a->i < b->i);
}

int words_pair_runs(int32_t *partner, const words_run *runs, size_t n, unsigned threshold)
{
	run_pair *pairs = NULL;
	size_t np = 0, cap = 0;
	unsigned long long work = 0;
	int err = 0;
	for (size_t r = 0; r < n; r++)
		partner[r] = -1;
	for (size_t d = 0; d < n && !err && work < RUNS_MAX_WORK; d++) {
		if (!runs[d].struck || runs[d].nw < WORDS_RUN_MIN)
			continue;
		for (size_t i = 0; i < n && !err && work < RUNS_MAX_WORK; i++) {
			if (runs[i].struck || runs[i].nw < WORDS_RUN_MIN || runs[i].block == runs[d].block)
				continue;
			unsigned score;
			work += runs[d].nw + runs[i].nw;
			if ((err = words_move_score(&score, runs[d].seq, runs[d].sorted, runs[d].nw, runs[i].seq,
				runs[i].sorted, runs[i].nw, threshold)) < 0 || score == 0)
				continue;
			if ((err = GROW(pairs, cap, np + 1)) < 0)
				break;
			pairs[np++] = (run_pair){ d, i, score };
		}
	}
	if (np && !err)
		qsort(pairs, np, sizeof(*pairs), cmp_run_pair);
	for (size_t p = 0; p < np && !err; p++) {
		if (partner[pairs[p].d] >= 0 || partner[pairs[p].i] >= 0)
			continue;
		partner[pairs[p].d] = (int32_t)pairs[p].i;
		partner[pairs[p].i] = (int32_t)pairs[p].d;
	}
	free(pairs);
	return err;
}

/* ---- the alignment ----------------------------------------------------- */

static size_t seq_chars(const words_seq *s, size_t lo, size_t hi)
{
	size_t n = 0;
	for (size_t i = lo; i < hi; i++)
		n += s->chars[i];
	return n;
}

/* Characters on the longer side of a change. */
static size_t longer(const words_seq *a, const words_seq *b, const words_seg *c)
{
	size_t l = seq_chars(a, c->i0, c->i1), r = seq_chars(b, c->j0, c->j1);
	return l > r ? l : r;
}

static bool pure_insert(const words_seg *c)
{
	return c->i1 == c->i0;
}

static bool pure_delete(const words_seg *c)
{
	return c->j1 == c->j0;
}

static bool foldable(const words_seq *a, const words_seq *b, const words_seg *c1, const words_seg *e,
	const words_seg *c2)
{
	bool blanks = true;
	for (size_t t = e->j0; t < e->j1 && blanks; t++)
		blanks = b->blank[t];
	if (blanks)
		return true;
	if ((pure_insert(c1) && pure_insert(c2)) || (pure_delete(c1) && pure_delete(c2)))
		return false;
	size_t len = 2 * seq_chars(b, e->j0, e->j1);
	return len <= longer(a, b, c1) && len <= longer(a, b, c2);
}

int words_align(words_seg **out, size_t *nout, const words_seq *a, const words_seq *b)
{
	size_t na = a->n, nb = b->n;
	uint8_t *ma = calloc(na + 1, 1), *mb = calloc(nb + 1, 1);
	words_seg *st = malloc((na + nb + 1) * sizeof(*st));
	int err = 0;
	*out = NULL;
	*nout = 0;
	if (!ma || !mb || !st) {
		err = error_set(CHARTER_ERROR, "out of memory");
		goto cleanup;
	}
	if ((err = words_diff(a->id, na, b->id, nb, ma, mb)) < 0)
		goto cleanup;
	size_t ns = 0, i = 0, j = 0;
	while (i < na || j < nb) {
		words_seg s = { false, i, i, j, j };
		if (i < na && j < nb && !ma[i] && !mb[j]) {
			while (i < na && j < nb && !ma[i] && !mb[j])
				i++, j++;
		} else {
			s.change = true;
			while (i < na && ma[i])
				i++;
			while (j < nb && mb[j])
				j++;
			if (i == s.i0 && j == s.j0)
				i = na, j = nb;
		}
		s.i1 = i;
		s.j1 = j;
		if (ns && st[ns - 1].change && s.change) {
			st[ns - 1].i1 = s.i1;
			st[ns - 1].j1 = s.j1;
		} else {
			st[ns++] = s;
		}
		/* Fold, and look back again: a bigger change may fold more. */
		while (ns >= 3 && st[ns - 1].change && !st[ns - 2].change && st[ns - 3].change &&
		       foldable(a, b, &st[ns - 3], &st[ns - 2], &st[ns - 1])) {
			st[ns - 3].i1 = st[ns - 1].i1;
			st[ns - 3].j1 = st[ns - 1].j1;
			ns -= 2;
		}
	}
	*out = st;
	*nout = ns;
	st = NULL;
cleanup:
	free(ma);
	free(mb);
	free(st);
	return err;
}
