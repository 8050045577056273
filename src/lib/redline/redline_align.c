/* Redline: align blocks and words.
 *
 * 1. Per section, the blocks (one line per block key) are diffed with
 *    libgit2's patience diff: equal blocks pair up.
 * 2. Within each changed stretch, blocks of the same shape that share
 *    enough words pair up in order (an edit in place: words_pair_score).
 * 3. Over the whole input, a block left over on the old side and one left
 *    over on the new side that share long runs of words in order
 *    (words_move_score: `move_threshold`% of both, or most of the shorter)
 *    are a move, best matches first.
 * 4. Within each changed stretch, the paragraphs that did not move are
 *    grouped into joins and splits. Blame's replay pairs in this order
 *    too: a section's own lines in place, moves, then joins and splits.
 * 5. Edited and moved pairs are aligned word by word (words_align: the
 *    patience diff, then equalities too small to read between two changes
 *    folded into them).
 * 6. The blocks are laid out in output order.
 */
#include <stdlib.h>
#include <string.h>

#include "base/grow.h"
#include "base/sort.h"
#include "redline/redline_int.h"
#include "words/typography.h"

/* A renamed section keeps at least this share of its words (percent). */
#define RENAME_MIN_SIMILARITY 60
/* Move detection gives up beyond this much work (pairs looked at plus
 * words compared): some tens of milliseconds. */
#define MOVE_MAX_WORK 30000000ull

/* ---- similarity -------------------------------------------------------- */

/* Dice coefficient of the two blocks' words, in percent. */
static unsigned similarity(const rl_leaf *a, const rl_leaf *b, unsigned long long *work)
{
	if (a->nwords == 0 || b->nwords == 0) {
		/* Code and HTML blocks: moved only when identical. */
		if (a->nwords == 0 && b->nwords == 0 && !a->has_inlines && !b->has_inlines &&
		    a->ntoks == 1 && b->ntoks == 1 && a->toks[0].len > 0 && a->toks[0].id == b->toks[0].id &&
		    cmark_node_get_type(a->node) != CMARK_NODE_THEMATIC_BREAK)
			return 100;
		return 0;
	}
	if (work)
		*work += a->nwords + b->nwords;
	return words_similarity(a->words, a->nwords, b->words, b->nwords);
}

/* ---- pairing in place -------------------------------------------------- */

static void pair(rl_leaf *o, rl_leaf *n, int fate)
{
	o->fate = n->fate = fate;
	o->partner = n;
	n->partner = o;
}

static unsigned pair_score(const rl_leaf *o, const rl_leaf *n, bool alone)
{
	if (!o->has_inlines || !n->has_inlines || o->shape != n->shape)
		return 0;
	/* Similar, or a paragraph cut down to a part of itself, or grown around
	 * itself: edited in place, as blame's replay pairs lines. */
	return words_stretch_score(o->words, o->nwords, n->words, n->nwords, alone);
}

typedef struct {
	rl_leaf *o, *n;
	bool alone;
} stretch_ctx;

static unsigned stretch_score(void *ctx, size_t i, size_t j)
{
	const stretch_ctx *c = ctx;
	return pair_score(&c->o[i], &c->n[j], c->alone);
}

/* Pair, in order, the old blocks o[0..k) and new blocks n[0..m) of one
 * changed stretch, maximising the total similarity. */
static int pair_stretch(rl_leaf *o, size_t k, rl_leaf *n, size_t m)
{
	if (k == 0 || m == 0)
		return 0;
	int32_t *partner = malloc(m * sizeof(*partner));
	if (!partner)
		return error_set(CHARTER_ERROR, "out of memory");
	stretch_ctx c = { o, n, k == 1 && m == 1 };
	int err = words_pair_in_order(partner, k, m, stretch_score, &c);
	for (size_t j = 0; err == 0 && j < m; j++)
		if (partner[j] >= 0)
			pair(&o[partner[j]], &n[j], RL_EDITED);
	free(partner);
	return err;
}

/* ---- joins and splits ------------------------------------------------- */

static bool is_space(const rl_tok *t);
static void slide_to_words(rl_mtok *mt, size_t n);
static void mark_typography(rl_mtok *mt, size_t n);

/* The paragraph break of a merged stream; id 0 is no interned token's. */
static const rl_tok para_tok = { "\xc2\xb6", 2, 0, 0, 0, RL_PARA };

/* A paragraph a join or a split may take: prose not moved elsewhere (moves
 * are found first, as blame's replay pairs lines that changed section
 * before it links the rest of a section). */
static bool prose(const rl_leaf *l)
{
	return l->has_inlines && l->fate != RL_MOVED && cmark_node_get_type(l->node) == CMARK_NODE_PARAGRAPH;
}

/* Whether b follows a in their section with only moved blocks between. */
static bool next_to(const rl_leaf *a, const rl_leaf *b)
{
	for (const rl_leaf *p = a + 1; p < b; p++)
		if (p->fate != RL_MOVED)
			return false;
	return b > a;
}

/* A stream of paragraphs: their tokens with a break between each two. */
typedef struct {
	uint32_t *id, *chars;
	uint8_t *blank;
	const rl_tok **tok;
	uint32_t *leaf;       /* index into the list of leaves; UINT32_MAX: a break */
	size_t n;
} stream;

static void stream_free(stream *s)
{
	free(s->id);
	free(s->chars);
	free(s->blank);
	free(s->tok);
	free(s->leaf);
}

static int stream_build(stream *s, rl_leaf **l, size_t nl)
{
	size_t n = nl ? nl - 1 : 0;
	for (size_t k = 0; k < nl; k++)
		n += l[k]->ntoks;
	memset(s, 0, sizeof(*s));
	s->id = malloc((n + 1) * sizeof(uint32_t));
	s->chars = malloc((n + 1) * sizeof(uint32_t));
	s->blank = malloc(n + 1);
	s->tok = malloc((n + 1) * sizeof(*s->tok));
	s->leaf = malloc((n + 1) * sizeof(uint32_t));
	if (!s->id || !s->chars || !s->blank || !s->tok || !s->leaf) {
		stream_free(s);
		return error_set(CHARTER_ERROR, "out of memory");
	}
	for (size_t k = 0; k < nl; k++) {
		if (k) {
			s->id[s->n] = 0;
			s->chars[s->n] = 1;
			s->blank[s->n] = 0;
			s->tok[s->n] = &para_tok;
			s->leaf[s->n++] = UINT32_MAX;
		}
		for (size_t t = 0; t < l[k]->ntoks; t++) {
			const rl_tok *tk = &l[k]->toks[t];
			s->id[s->n] = tk->id;
			s->chars[s->n] = (uint32_t)words_utf8_chars(tk->text, tk->len);
			s->blank[s->n] = is_space(tk);
			s->tok[s->n] = tk;
			s->leaf[s->n++] = (uint32_t)k;
		}
	}
	return 0;
}

/* Lay a group's alignment (segments st[0..ns) of the stretch's streams a
 * and b, words_align_linked) out over its new blocks: each new block gets
 * its own tokens, a struck break (a join) where it stood, an inserted
 * break (a split) at the end of the block before it. The group is old
 * ol[i0..i1), new nl[j0..j1). */
static int group_merge(charter_redline *rl, const stream *a, const stream *b, const words_seg *st, size_t ns,
	rl_leaf **ol, size_t i0, size_t i1, rl_leaf **nl, size_t j0, size_t j1)
{
	size_t ta = 0, tb = 0;
	for (size_t g = 0; g < ns; g++)
		ta += st[g].i1 - st[g].i0, tb += st[g].j1 - st[g].j0;
	for (size_t k = j0; k < j1; k++) {
		nl[k]->merged = arena_alloc(&rl->arena, (ta + tb + 1) * sizeof(rl_mtok));
		if (!nl[k]->merged)
			return CHARTER_ERROR;
		nl[k]->nmerged = 0;
	}
	size_t cur = j0;
#define PUT(tk, status) (nl[cur]->merged[nl[cur]->nmerged++] = (rl_mtok){ (tk), (uint8_t)(status), NULL, NULL })
	for (size_t g = 0; g < ns; g++) {
		const words_seg *sg = &st[g];
		if (sg->change)
			for (size_t i = sg->i0; i < sg->i1; i++)
				PUT(a->tok[i], RL_DEL);
		for (size_t j = sg->j0; j < sg->j1; j++) {
			if (b->leaf[j] == UINT32_MAX) {
				if (sg->change)
					PUT(&para_tok, RL_INS);
				if (cur + 1 < j1)
					cur++;
				continue;
			}
			PUT(b->tok[j], sg->change ? RL_INS : RL_EQ);
		}
	}
#undef PUT
	for (size_t k = j0; k < j1; k++) {
		slide_to_words(nl[k]->merged, nl[k]->nmerged);
		mark_typography(nl[k]->merged, nl[k]->nmerged);
	}
	for (size_t k = i0; k < i1; k++) {
		ol[k]->fate = RL_JOINED;
		ol[k]->partner = nl[j0];
	}
	for (size_t k = j0; k < j1; k++) {
		nl[k]->fate = RL_EDITED;
		nl[k]->partner = ol[i0];
		nl[k]->group = true;
	}
	return 0;
}

/* In a changed stretch, paragraphs whose words went into other paragraphs
 * (joined, split, or a break moved) form a group: old o[0..k), new
 * n[0..m). The words of the stretch's paragraphs that did not move are
 * aligned as one stream; which of them are a group is words_groups()'s
 * rule, blame's too. */
static int join_split(charter_redline *rl, rl_leaf *o, size_t k, rl_leaf *n, size_t m)
{
	size_t po = 0, pn = 0;
	for (size_t i = 0; i < k; i++)
		po += prose(&o[i]);
	for (size_t j = 0; j < m; j++)
		pn += prose(&n[j]);
	if (!po || !pn || po + pn < 3 || po > WORDS_PAIR_MAX_CELLS / pn)
		return 0;
	rl_leaf **ol = malloc(po * sizeof(*ol)), **nl = malloc(pn * sizeof(*nl));
	uint32_t *shared = calloc(po * pn, sizeof(uint32_t)), *words = malloc((po + pn) * sizeof(uint32_t));
	uint32_t *shape = malloc((po + pn) * sizeof(uint32_t));
	int32_t *partner = malloc(pn * sizeof(int32_t)), *group = malloc((po + pn) * sizeof(int32_t));
	uint8_t *gap = malloc(po + pn);
	stream a = { 0 }, b = { 0 };
	words_seg *st = NULL;
	size_t ns = 0;
	int err = 0;
	if (!ol || !nl || !shared || !words || !shape || !partner || !group || !gap) {
		err = error_set(CHARTER_ERROR, "out of memory");
		goto cleanup;
	}
	po = pn = 0;
	for (size_t i = 0; i < k; i++)
		if (prose(&o[i]))
			ol[po++] = &o[i];
	for (size_t j = 0; j < m; j++)
		if (prose(&n[j]))
			nl[pn++] = &n[j];
	for (size_t i = 0; i < po; i++) {
		words[i] = (uint32_t)ol[i]->nwords;
		shape[i] = ol[i]->shape;
		gap[i] = i && !next_to(ol[i - 1], ol[i]);
	}
	for (size_t j = 0; j < pn; j++) {
		words[po + j] = (uint32_t)nl[j]->nwords;
		shape[po + j] = nl[j]->shape;
		gap[po + j] = j && !next_to(nl[j - 1], nl[j]);
		partner[j] = -1;
		for (size_t i = 0; i < po; i++)
			if (ol[i]->partner == nl[j])
				partner[j] = (int32_t)i;
	}
	/* A join or a split leaves a paragraph alone (words_groups). */
	bool loose = po != pn;
	for (size_t j = 0; j < pn; j++)
		loose |= partner[j] < 0;
	if (!loose)
		goto cleanup;
	if ((err = stream_build(&a, ol, po)) < 0 || (err = stream_build(&b, nl, pn)) < 0)
		goto cleanup;
	words_seq sa = { a.id, a.chars, a.blank, a.n }, sb = { b.id, b.chars, b.blank, b.n };
	if ((err = words_align(&st, &ns, &sa, &sb)) < 0)
		goto cleanup;
	for (size_t g = 0; g < ns; g++) {
		if (st[g].change)
			continue;
		for (size_t t = 0; t < st[g].i1 - st[g].i0; t++) {
			size_t i = st[g].i0 + t, j = st[g].j0 + t;
			if (a.leaf[i] != UINT32_MAX && b.leaf[j] != UINT32_MAX && a.tok[i]->kind == RL_WORD)
				shared[a.leaf[i] * pn + b.leaf[j]]++;
		}
	}
	words_paras paras = { po, pn, shared, words, words + po, partner, gap, gap + po, shape, shape + po };
	int groups = words_groups(group, group + po, &paras);
	if (groups < 0) {
		err = groups;
		goto cleanup;
	}
	if (groups == 0)
		goto cleanup;
	/* Each group aligned as its own stream, as blame's replay aligns it. */
	free(st);
	st = NULL;
	if ((err = words_align_linked(&st, &ns, &sa, a.leaf, &sb, b.leaf, po, pn, NULL, group, group + po)) < 0)
		goto cleanup;
	/* Each group's paragraphs are consecutive in ol and nl. */
	for (int32_t g = 0; g < groups; g++) {
		size_t i0 = 0, i1, j0 = 0, j1;
		while (group[i0] != g)
			i0++;
		for (i1 = i0; i1 < po && group[i1] == g; i1++)
			;
		while (group[po + j0] != g)
			j0++;
		for (j1 = j0; j1 < pn && group[po + j1] == g; j1++)
			;
		/* Its segments: those within its new tokens, one after another. */
		size_t tb0 = 0, tb1 = 0;
		while (b.leaf[tb0] != j0)
			tb0++;
		for (size_t t = tb0; t < b.n && (b.leaf[t] == UINT32_MAX || b.leaf[t] < j1); t++)
			if (b.leaf[t] != UINT32_MAX)
				tb1 = t + 1;
		size_t s0 = 0, s1;
		while (s0 < ns && !(st[s0].j0 >= tb0 && st[s0].j1 <= tb1))
			s0++;
		for (s1 = s0; s1 < ns && st[s1].j0 >= tb0 && st[s1].j1 <= tb1; s1++)
			;
		if ((err = group_merge(rl, &a, &b, st + s0, s1 - s0, ol, i0, i1, nl, j0, j1)) < 0)
			goto cleanup;
	}
cleanup:
	free(ol);
	free(nl);
	free(shared);
	free(words);
	free(shape);
	free(partner);
	free(group);
	free(gap);
	free(st);
	stream_free(&a);
	stream_free(&b);
	return err;
}

/* Blocks of one section present on both sides: equal ones, then those
 * edited in place in each changed stretch. */
static int align_section(rl_section *os, rl_section *ns)
{
	size_t na = os->nleaves, nb = ns->nleaves;
	uint32_t *ka = malloc((na + 1) * sizeof(uint32_t)), *kb = malloc((nb + 1) * sizeof(uint32_t));
	uint8_t *ma = calloc(na + 1, 1), *mb = calloc(nb + 1, 1);
	int err = 0;
	if (!ka || !kb || !ma || !mb) {
		err = error_set(CHARTER_ERROR, "out of memory");
		goto cleanup;
	}
	for (size_t i = 0; i < na; i++)
		ka[i] = os->leaves[i].key;
	for (size_t j = 0; j < nb; j++)
		kb[j] = ns->leaves[j].key;
	if ((err = words_diff(ka, na, kb, nb, ma, mb)) < 0)
		goto cleanup;
	words_walk w = { 0 };
	uint32_t stretch = 0;
	for (int step; (step = words_walk_next(&w, ma, na, mb, nb)) > 0;) {
		if (step == 1) {
			pair(&os->leaves[w.i0], &ns->leaves[w.j0], RL_SAME);
			continue;
		}
		stretch++;
		for (size_t k = w.i0; k < w.i; k++)
			os->leaves[k].stretch = stretch;
		for (size_t k = w.j0; k < w.j; k++)
			ns->leaves[k].stretch = stretch;
		if ((err = pair_stretch(&os->leaves[w.i0], w.i - w.i0, &ns->leaves[w.j0], w.j - w.j0)) < 0)
			goto cleanup;
	}
cleanup:
	free(ka);
	free(kb);
	free(ma);
	free(mb);
	return err;
}

/* Joins and splits in each changed stretch of a section present on both
 * sides, once moves are known. */
static int join_split_section(charter_redline *rl, rl_section *os, rl_section *ns)
{
	size_t na = os->nleaves, nb = ns->nleaves, i = 0, j = 0;
	while (i < na || j < nb) {
		while (i < na && !os->leaves[i].stretch)
			i++;
		while (j < nb && !ns->leaves[j].stretch)
			j++;
		if (i == na && j == nb)
			break;
		/* The next stretch: the smaller number of the two sides' next. */
		uint32_t s = i == na ? ns->leaves[j].stretch : j == nb ? os->leaves[i].stretch
			: os->leaves[i].stretch < ns->leaves[j].stretch ? os->leaves[i].stretch : ns->leaves[j].stretch;
		size_t i0 = i, j0 = j;
		while (i < na && os->leaves[i].stretch == s)
			i++;
		while (j < nb && ns->leaves[j].stretch == s)
			j++;
		int err = join_split(rl, &os->leaves[i0], i - i0, &ns->leaves[j0], j - j0);
		if (err < 0)
			return err;
	}
	return 0;
}

/* ---- moves ------------------------------------------------------------- */

typedef struct {
	rl_leaf *o, *n;
	unsigned sim;
	bool same_section;
} move_cand;

static int cmp_cand(const void *pa, const void *pb)
{
	const move_cand *a = pa, *b = pb;
	if (a->sim != b->sim)
		return a->sim > b->sim ? -1 : 1;
	if (a->same_section != b->same_section)
		return a->same_section ? -1 : 1;
	if (a->o->section != b->o->section)
		return a->o->section < b->o->section ? -1 : 1;
	if (a->o->index != b->o->index)
		return a->o->index < b->o->index ? -1 : 1;
	if (a->n->section != b->n->section)
		return a->n->section < b->n->section ? -1 : 1;
	return a->n->index < b->n->index ? -1 : a->n->index > b->n->index;
}

static bool movable(const rl_leaf *l)
{
	return l->fate == RL_ALONE && (l->nwords > 0 || (!l->has_inlines && l->ntoks == 1));
}

/* The words of a block in order (from its tokens; in the arena). */
static int leaf_sequence(charter_redline *rl, rl_leaf *l)
{
	if (l->seq || l->nwords == 0)
		return 0;
	if (!(l->seq = arena_alloc(&rl->arena, l->nwords * sizeof(*l->seq))))
		return CHARTER_ERROR;
	size_t w = 0;
	for (size_t i = 0; i < l->ntoks && w < l->nwords; i++)
		if (l->toks[i].kind == RL_WORD)
			l->seq[w++] = l->toks[i].word;
	return 0;
}

/* Whether new block `n` is old block `o` moved (words_move_score; code and
 * HTML blocks only when identical). */
static int move_score(unsigned *score, const rl_leaf *o, const rl_leaf *n, unsigned threshold,
	unsigned long long *work)
{
	if (o->nwords == 0 || n->nwords == 0) {
		*score = similarity(o, n, work);
		return 0;
	}
	*work += o->nwords + n->nwords;
	return words_move_score(score, o->seq, o->words, o->nwords, n->seq, n->words, n->nwords, threshold);
}

static int find_moves(charter_redline *rl)
{
	if (rl->move_threshold > 100)
		return 0;
	size_t nd = 0, ni = 0;
	for (size_t s = 0; s < rl->nsec[RL_OLD]; s++)
		for (size_t i = 0; i < rl->sec[RL_OLD][s].nleaves; i++)
			nd += movable(&rl->sec[RL_OLD][s].leaves[i]);
	for (size_t s = 0; s < rl->nsec[RL_NEW]; s++)
		for (size_t i = 0; i < rl->sec[RL_NEW][s].nleaves; i++)
			ni += movable(&rl->sec[RL_NEW][s].leaves[i]);
	if (nd == 0 || ni == 0)
		return 0;
	rl_leaf **del = malloc(nd * sizeof(*del)), **ins = malloc(ni * sizeof(*ins));
	move_cand *cand = NULL;
	size_t ncand = 0, acand = 0;
	int err = 0;
	if (!del || !ins) {
		err = error_set(CHARTER_ERROR, "out of memory");
		goto cleanup;
	}
	nd = ni = 0;
	for (size_t s = 0; s < rl->nsec[RL_OLD]; s++)
		for (size_t i = 0; i < rl->sec[RL_OLD][s].nleaves; i++)
			if (movable(&rl->sec[RL_OLD][s].leaves[i]))
				del[nd++] = &rl->sec[RL_OLD][s].leaves[i];
	for (size_t s = 0; s < rl->nsec[RL_NEW]; s++)
		for (size_t i = 0; i < rl->sec[RL_NEW][s].nleaves; i++)
			if (movable(&rl->sec[RL_NEW][s].leaves[i]))
				ins[ni++] = &rl->sec[RL_NEW][s].leaves[i];
	for (size_t a = 0; a < nd && err == 0; a++)
		err = leaf_sequence(rl, del[a]);
	for (size_t b = 0; b < ni && err == 0; b++)
		err = leaf_sequence(rl, ins[b]);
	if (err < 0)
		goto cleanup;

	/* Dice >= t needs the smaller word count to be at least t/(200-t) of
	 * the larger: skip pairs that cannot make it without comparing them. */
	unsigned long long work = 0;
	for (size_t a = 0; a < nd && work < MOVE_MAX_WORK; a++) {
		for (size_t b = 0; b < ni && work < MOVE_MAX_WORK; b++) {
			rl_leaf *o = del[a], *n = ins[b];
			work++;
			if (o->kind != n->kind)
				continue;
			bool same = rl->sec[RL_OLD][o->section].other == (long)n->section;
			unsigned t = same ? WORDS_MOVE_WITHIN(rl->move_threshold) : rl->move_threshold;
			size_t lo = o->nwords < n->nwords ? o->nwords : n->nwords;
			size_t hi = o->nwords < n->nwords ? n->nwords : o->nwords;
			if ((unsigned long long)lo * (200 - t) < (unsigned long long)hi * t && lo < WORDS_MOVE_CONTAINED_MIN)
				continue;
			if (same && o->stretch == n->stretch && o->shape != n->shape)
				continue; /* restructured in place (a paragraph became an item): not moved */
			unsigned sim;
			if ((err = move_score(&sim, o, n, t, &work)) < 0)
				goto cleanup;
			if (sim == 0)
				continue;
			if ((err = GROW(cand, acand, ncand + 1)) < 0)
				goto cleanup;
			cand[ncand++] = (move_cand){ o, n, sim, same };
		}
	}
	if (ncand)
		qsort(cand, ncand, sizeof(*cand), cmp_cand);
	for (size_t c = 0; c < ncand; c++)
		if (cand[c].o->fate == RL_ALONE && cand[c].n->fate == RL_ALONE)
			pair(cand[c].o, cand[c].n, RL_MOVED);
cleanup:
	free(del);
	free(ins);
	free(cand);
	return err;
}

/* ---- words ------------------------------------------------------------- */

static bool is_space(const rl_tok *t)
{
	return t->kind == RL_SPACE || t->kind == RL_SOFT;
}

/* A run inserted (or struck) alone that starts with a space followed, after
 * the run, by the same space reads better one token on: "create {++all of
 * ++}society" rather than "create{++ all of++} society". Same tokens, same
 * texts on both sides; only which copy of the space is kept changes. */
static void slide_to_words(rl_mtok *mt, size_t n)
{
	size_t i = 0;
	while (i < n) {
		if (mt[i].status == RL_EQ) {
			i++;
			continue;
		}
		size_t j = i;
		while (j < n && mt[j].status == mt[i].status)
			j++;
		if (i > 0 && mt[i - 1].status == RL_EQ && j < n && j - i > 1 && mt[j].status == RL_EQ &&
		    mt[i].tok->id == mt[j].tok->id && is_space(mt[i].tok) && !is_space(mt[j - 1].tok)) {
			rl_mtok space = mt[i];
			mt[i] = mt[j];
			mt[j] = space;
			j++;
		}
		i = j;
	}
}

/* A struck run followed by an inserted one that read the same once
 * typography is folded (curly quotes, dashes, no-break spaces) is a change
 * of typography only: marked so, to be shown lighter. Ignoring typography,
 * such tokens compare equal and never get here. */
static void mark_typography(rl_mtok *mt, size_t n)
{
	buf a = BUF_INIT, b = BUF_INIT;
	size_t i = 0;
	while (i < n) {
		if (mt[i].status != RL_DEL || mt[i].tok->kind == RL_PARA) {
			i++;
			continue;
		}
		size_t d = i, k = i;
		while (k < n && mt[k].status == RL_DEL && mt[k].tok->kind != RL_PARA)
			k++;
		size_t e = k;
		while (e < n && mt[e].status == RL_INS && mt[e].tok->kind != RL_PARA)
			e++;
		/* One style throughout (a change of formatting is a change), and a
		 * typographic variant somewhere (else folding changes nothing). */
		bool one_style = true, variant = false;
		for (size_t t = d; t < e && one_style; t++) {
			one_style = mt[t].tok->style == mt[d].tok->style;
			variant = variant || typo_has(mt[t].tok->text, mt[t].tok->len);
		}
		if (e > k && one_style && variant) {
			buf_clear(&a);
			buf_clear(&b);
			for (size_t t = d; t < k; t++)
				buf_put(&a, mt[t].tok->text, mt[t].tok->len);
			for (size_t t = k; t < e; t++)
				buf_put(&b, mt[t].tok->text, mt[t].tok->len);
			if (buf_check(&a) == 0 && buf_check(&b) == 0 && (a.size != b.size || memcmp(a.ptr, b.ptr, a.size) != 0) && typo_equal(a.ptr, a.size, b.ptr, b.size)) {
				for (size_t t = d; t < k; t++)
					mt[t].status = RL_TDEL;
				for (size_t t = k; t < e; t++)
					mt[t].status = RL_TINS;
			}
		}
		i = e > k ? e : k;
	}
	buf_free(&a);
	buf_free(&b);
}

/* Diff the words of an edited or moved pair into n->merged (words_align:
 * the one alignment, which blame's replay uses too). */
static int word_diff(charter_redline *rl, rl_leaf *o, rl_leaf *n)
{
	size_t na = o->ntoks, nb = n->ntoks;
	uint32_t *ia = malloc((na + 1) * sizeof(uint32_t)), *ib = malloc((nb + 1) * sizeof(uint32_t));
	uint32_t *ca = malloc((na + 1) * sizeof(uint32_t)), *cb = malloc((nb + 1) * sizeof(uint32_t));
	uint8_t *sa = malloc(na + 1), *sb = malloc(nb + 1);
	words_seg *st = NULL;
	size_t ns = 0;
	int err = 0;
	if (!ia || !ib || !ca || !cb || !sa || !sb) {
		err = error_set(CHARTER_ERROR, "out of memory");
		goto cleanup;
	}
	for (size_t i = 0; i < na; i++) {
		ia[i] = o->toks[i].id;
		ca[i] = (uint32_t)words_utf8_chars(o->toks[i].text, o->toks[i].len);
		sa[i] = is_space(&o->toks[i]);
	}
	for (size_t j = 0; j < nb; j++) {
		ib[j] = n->toks[j].id;
		cb[j] = (uint32_t)words_utf8_chars(n->toks[j].text, n->toks[j].len);
		sb[j] = is_space(&n->toks[j]);
	}
	words_seq a = { ia, ca, sa, na }, b = { ib, cb, sb, nb };
	if ((err = words_align(&st, &ns, &a, &b)) < 0)
		goto cleanup;
	n->merged = arena_alloc(&rl->arena, (na + nb) * sizeof(rl_mtok));
	if (!n->merged) {
		err = CHARTER_ERROR;
		goto cleanup;
	}
	for (size_t k = 0; k < ns; k++) {
		if (!st[k].change) {
			for (size_t t = st[k].j0; t < st[k].j1; t++)
				n->merged[n->nmerged++] = (rl_mtok){ &n->toks[t], RL_EQ, NULL, NULL };
			continue;
		}
		for (size_t t = st[k].i0; t < st[k].i1; t++)
			n->merged[n->nmerged++] = (rl_mtok){ &o->toks[t], RL_DEL, NULL, NULL };
		for (size_t t = st[k].j0; t < st[k].j1; t++)
			n->merged[n->nmerged++] = (rl_mtok){ &n->toks[t], RL_INS, NULL, NULL };
	}
	slide_to_words(n->merged, n->nmerged);
	mark_typography(n->merged, n->nmerged);
cleanup:
	free(ia);
	free(ib);
	free(ca);
	free(cb);
	free(sa);
	free(sb);
	free(st);
	return err;
}

/* ---- sentences moved -------------------------------------------------- */

/* A sentence (or any run of words) struck in one paragraph and inserted in
 * another — of the same section or another one — is a sentence moved when
 * the two are alike as moved paragraphs are (words_pair_runs, which blame's
 * replay uses too). The struck run stays where it was, with a note naming
 * where it went; the inserted run gets a note naming where it came from and
 * its words aligned with the struck ones (rl_smove): what moved unchanged
 * and what was edited on the way, as blame credits them. */
typedef struct {
	rl_leaf *leaf;
	size_t lo, hi;
} run_cand;

static int add_run(charter_redline *rl, run_cand **cands, words_run **runs, size_t *n, size_t *cap,
	rl_leaf *leaf, size_t block, size_t lo, size_t hi)
{
	size_t nw = 0;
	for (size_t t = lo; t < hi; t++)
		nw += leaf->merged[t].tok->kind == RL_WORD;
	if (nw < WORDS_RUN_MIN)
		return 0;
	size_t c = *cap;
	if (GROW(*runs, c, *n + 1) < 0 || GROW_EXACT(*cands, c) < 0)
		return CHARTER_ERROR;
	*cap = c;
	uint32_t *seq = arena_alloc(&rl->arena, 2 * nw * sizeof(uint32_t));
	if (!seq)
		return CHARTER_ERROR;
	size_t w = 0;
	for (size_t t = lo; t < hi; t++)
		if (leaf->merged[t].tok->kind == RL_WORD)
			seq[w] = seq[nw + w] = leaf->merged[t].tok->word, w++;
	sort_u32(seq + nw, nw);
	(*cands)[*n] = (run_cand){ leaf, lo, hi };
	(*runs)[(*n)++] = (words_run){ seq, seq + nw, nw, block, leaf->merged[lo].status == RL_DEL };
	return 0;
}

static const char *note(charter_redline *rl, const char *what, const char *slug)
{
	size_t a = strlen(what), b = slug ? strlen(slug) : 0;
	char *s = arena_alloc(&rl->arena, a + b + 1);
	if (s) {
		memcpy(s, what, a);
		if (b)
			memcpy(s + a, slug, b);
	}
	return s;
}

/* The inserted run `in` against the struck run `d` it came from. */
static int smove_add(charter_redline *rl, const run_cand *d, const run_cand *in)
{
	const rl_mtok *a = d->leaf->merged + d->lo, *b = in->leaf->merged + in->lo;
	size_t na = d->hi - d->lo, nb = in->hi - in->lo;
	uint32_t *ids = malloc((na + nb + 1) * 2 * sizeof(uint32_t));
	uint8_t *blank = malloc(na + nb + 1);
	words_seg *st = NULL;
	size_t ns = 0;
	int err = 0;
	if (!ids || !blank || GROW(rl->smoves, rl->asmoves, rl->nsmoves + 1) < 0) {
		err = error_set(CHARTER_ERROR, "out of memory");
		goto done;
	}
	uint32_t *chars = ids + na + nb;
	for (size_t t = 0; t < na + nb; t++) {
		const rl_tok *tk = t < na ? a[t].tok : b[t - na].tok;
		ids[t] = tk->id;
		chars[t] = (uint32_t)words_utf8_chars(tk->text, tk->len);
		blank[t] = is_space(tk);
	}
	words_seq sa = { ids, chars, blank, na }, sb = { ids + na, chars + na, blank + na, nb };
	if ((err = words_align(&st, &ns, &sa, &sb)) < 0)
		goto done;
	rl_smove *sm = &rl->smoves[rl->nsmoves];
	*sm = (rl_smove){ b, nb, arena_alloc(&rl->arena, (na + nb) * sizeof(rl_mtok)), 0 };
	if (!sm->inner) {
		err = CHARTER_ERROR;
		goto done;
	}
	for (size_t g = 0; g < ns; g++) {
		for (size_t t = st[g].i0; st[g].change && t < st[g].i1; t++)
			sm->inner[sm->ninner++] = (rl_mtok){ a[t].tok, RL_DEL, NULL, NULL };
		for (size_t t = st[g].j0; t < st[g].j1; t++)
			sm->inner[sm->ninner++] = (rl_mtok){ b[t].tok, st[g].change ? RL_INS : RL_MOV, NULL, NULL };
	}
	mark_typography(sm->inner, sm->ninner);
	sm->inner[0].moved = b->moved; /* the note; the run's op names the section */
	rl->nsmoves++;
done:
	free(ids);
	free(blank);
	free(st);
	return err;
}

static int find_sentence_moves(charter_redline *rl)
{
	if (rl->move_threshold > 100)
		return 0;
	run_cand *cands = NULL;
	words_run *runs = NULL;
	int32_t *partner = NULL;
	size_t nr = 0, cap = 0, block = 0;
	int err = 0;
	for (size_t s = 0; s < rl->nsec[RL_NEW] && !err; s++) {
		for (size_t i = 0; i < rl->sec[RL_NEW][s].nleaves && !err; i++, block++) {
			rl_leaf *n = &rl->sec[RL_NEW][s].leaves[i];
			for (size_t t = 0; t < n->nmerged && !err;) {
				int st = n->merged[t].status;
				size_t e = t + 1;
				if (st == RL_DEL || st == RL_INS) {
					while (e < n->nmerged && n->merged[e].status == st && n->merged[e].tok->kind != RL_PARA)
						e++;
					if (n->merged[t].tok->kind != RL_PARA)
						err = add_run(rl, &cands, &runs, &nr, &cap, n, block, t, e);
				}
				t = e;
			}
		}
	}
	if (!err && nr && !(partner = malloc(nr * sizeof(*partner))))
		err = error_set(CHARTER_ERROR, "out of memory");
	if (!err && nr)
		err = words_pair_runs(partner, runs, nr, rl->move_threshold);
	for (size_t r = 0; r < nr && !err; r++) {
		if (!runs[r].struck || partner[r] < 0)
			continue;
		run_cand *d = &cands[r], *in = &cands[partner[r]];
		const char *ds = rl->sec[RL_NEW][d->leaf->section].slug, *is = rl->sec[RL_NEW][in->leaf->section].slug;
		rl_mtok *a = &d->leaf->merged[d->lo], *b = &in->leaf->merged[in->lo];
		if (d->leaf->section != in->leaf->section) {
			a->moved = note(rl, "moved to ", is);
			b->moved = note(rl, "moved from ", ds);
		} else {
			bool down = d->leaf->index < in->leaf->index;
			a->moved = note(rl, down ? "moved down" : "moved up", NULL);
			b->moved = note(rl, down ? "moved from above" : "moved from below", NULL);
		}
		a->moved_slug = is;
		b->moved_slug = ds;
		if (!a->moved || !b->moved)
			err = CHARTER_ERROR;
		else
			err = smove_add(rl, d, in);
	}
	free(cands);
	free(runs);
	free(partner);
	return err;
}

/* ---- containers -------------------------------------------------------- */

/* Remember, in each old container around a kept block, the new container
 * it corresponds to (cmark user data), so that struck blocks can be put
 * back into the right list or quote. */
static void map_containers(rl_leaf *o, rl_leaf *n)
{
	uint32_t k = 1;
	while (k <= o->depth && k <= n->depth) {
		cmark_node *a = o->chain[o->depth - k], *b = n->chain[n->depth - k];
		cmark_node_type ta = cmark_node_get_type(a);
		if (ta != cmark_node_get_type(b))
			break;
		if (ta == CMARK_NODE_LIST && cmark_node_get_list_type(a) != cmark_node_get_list_type(b))
			break;
		if (!cmark_node_get_user_data(a))
			cmark_node_set_user_data(a, b);
		k++;
	}
}

/* ---- layout ------------------------------------------------------------ */

static int add_block(charter_redline *rl, rl_outsection *os, size_t *cap, int kind, rl_leaf *o, rl_leaf *n,
	int dir)
{
	if (os->nblocks == *cap) {
		size_t c = *cap ? *cap * 2 : 16;
		rl_outblock *p = arena_alloc(&rl->arena, c * sizeof(*p));
		if (!p)
			return CHARTER_ERROR;
		if (os->nblocks)
			memcpy(p, os->blocks, os->nblocks * sizeof(*p));
		os->blocks = p;
		*cap = c;
	}
	rl_outblock *ob = &os->blocks[os->nblocks++];
	ob->kind = kind;
	ob->old = o;
	ob->new = n;
	ob->dir = dir;
	if (kind == RL_OB_MOVED_AWAY) {
		ob->mt = NULL;
		ob->nmt = 0;
	} else if (kind == RL_OB_EDITED || kind == RL_OB_MOVE) {
		ob->mt = n->merged;
		ob->nmt = n->nmerged;
	} else {
		rl_leaf *l = kind == RL_OB_DELETE ? o : n;
		int status = kind == RL_OB_DELETE ? RL_DEL : kind == RL_OB_INSERT ? RL_INS : RL_EQ;
		ob->nmt = l->ntoks;
		ob->mt = arena_alloc(&rl->arena, l->ntoks * sizeof(rl_mtok));
		if (!ob->mt)
			return CHARTER_ERROR;
		for (size_t t = 0; t < l->ntoks; t++)
			ob->mt[t] = (rl_mtok){ &l->toks[t], (uint8_t)status, NULL, NULL };
	}
	if (kind != RL_OB_EQUAL)
		os->changed = true;
	return 0;
}

static int lay_out(charter_redline *rl, rl_outsection *os)
{
	size_t cap = 0, no = os->old ? os->old->nleaves : 0, nn = os->new ? os->new->nleaves : 0;
	size_t i = 0, j = 0;
	int err = 0;
	while (!err && (i < no || j < nn)) {
		rl_leaf *o = i < no ? &os->old->leaves[i] : NULL;
		rl_leaf *n = j < nn ? &os->new->leaves[j] : NULL;
		if (o && o->fate == RL_JOINED && o->partner->laid) {
			i++; /* its words are in the group's new blocks, laid out */
		} else if (o && (o->fate == RL_ALONE || o->fate == RL_MOVED)) {
			if (o->fate == RL_ALONE) {
				err = add_block(rl, os, &cap, RL_OB_DELETE, o, NULL, 0);
			} else {
				/* Moved within the section: up if its new place is behind us. */
				int dir = os->new && o->partner->side == RL_NEW &&
					&rl->sec[RL_NEW][o->partner->section] == os->new ? (o->partner->index < j ? -1 : 1) : 0;
				err = add_block(rl, os, &cap, RL_OB_MOVED_AWAY, o, NULL, dir);
			}
			i++;
		} else if (n && (n->fate == RL_ALONE || n->fate == RL_MOVED)) {
			if (n->fate == RL_ALONE) {
				err = add_block(rl, os, &cap, RL_OB_INSERT, NULL, n, 0);
			} else {
				int dir = os->old && &rl->sec[RL_OLD][n->partner->section] == os->old
					? (n->partner->index < i ? -1 : 1) : 0;
				err = add_block(rl, os, &cap, RL_OB_MOVE, n->partner, n, dir);
			}
			j++;
		} else if (n && n->group) {
			err = add_block(rl, os, &cap, RL_OB_EDITED, n->partner, n, 0);
			n->laid = true;
			j++;
		} else if (o && n && o->partner == n) {
			err = add_block(rl, os, &cap, o->fate == RL_SAME ? RL_OB_EQUAL : RL_OB_EDITED, o, n, 0);
			i++;
			j++;
		} else if (o) {
			/* Not reached: pairs are made in order. Strike it anyway. */
			err = add_block(rl, os, &cap, RL_OB_DELETE, o, NULL, 0);
			i++;
		} else {
			err = add_block(rl, os, &cap, RL_OB_INSERT, NULL, n, 0);
			j++;
		}
	}
	return err;
}

/* All word ids of a section, sorted; NULL on out-of-memory (error set). */
static uint32_t *section_words(const rl_section *sec, size_t *n)
{
	size_t total = 0;
	for (size_t i = 0; i < sec->nleaves; i++)
		total += sec->leaves[i].nwords;
	uint32_t *w = malloc((total + 1) * sizeof(*w));
	if (!w) {
		error_set(CHARTER_ERROR, "out of memory");
		return NULL;
	}
	*n = 0;
	for (size_t i = 0; i < sec->nleaves; i++)
		for (size_t j = 0; j < sec->leaves[i].nwords; j++)
			w[(*n)++] = sec->leaves[i].words[j];
	sort_u32(w, *n);
	return w;
}

/* Sections only on one side each (their slugs differ) whose words are
 * mostly the same (RENAME_MIN_SIMILARITY percent or `move_threshold` if
 * higher, Dice over the word multisets) are one renamed section: best
 * pairs first. */
static int pair_renamed(charter_redline *rl)
{
	rl_section *olds = rl->sec[RL_OLD], *news = rl->sec[RL_NEW];
	size_t nold = rl->nsec[RL_OLD], nnew = rl->nsec[RL_NEW], no = 0, nn = 0;
	for (size_t s = 0; s < nold; s++)
		no += olds[s].other < 0;
	for (size_t t = 0; t < nnew; t++)
		nn += news[t].other < 0;
	if (!no || !nn || rl->move_threshold > 100)
		return 0;
	uint32_t **ow = calloc(nold + 1, sizeof(*ow)), **nw = calloc(nnew + 1, sizeof(*nw));
	size_t *on = calloc(nold + 1, sizeof(*on)), *nnw = calloc(nnew + 1, sizeof(*nnw));
	unsigned *score = calloc(nold * nnew + 1, sizeof(*score));
	int err = 0;
	if (!ow || !nw || !on || !nnw || !score) {
		err = error_set(CHARTER_ERROR, "out of memory");
		goto done;
	}
	for (size_t s = 0; s < nold && !err; s++)
		if (olds[s].other < 0 && olds[s].renamable && !(ow[s] = section_words(&olds[s], &on[s])))
			err = CHARTER_ERROR;
	for (size_t t = 0; t < nnew && !err; t++)
		if (news[t].other < 0 && news[t].renamable && !(nw[t] = section_words(&news[t], &nnw[t])))
			err = CHARTER_ERROR;
	for (size_t s = 0; s < nold && !err; s++) {
		for (size_t t = 0; ow[s] && t < nnew; t++) {
			if (!nw[t] || !on[s] || !nnw[t])
				continue;
			score[s * nnew + t] = words_similarity(ow[s], on[s], nw[t], nnw[t]);
		}
	}
	while (!err) {
		size_t bs = 0, bt = 0;
		unsigned best = 0;
		for (size_t s = 0; s < nold; s++)
			for (size_t t = 0; t < nnew; t++)
				if (ow[s] && nw[t] && olds[s].other < 0 && news[t].other < 0 && score[s * nnew + t] > best)
					best = score[s * nnew + t], bs = s, bt = t;
		if (!best || best < (rl->move_threshold > RENAME_MIN_SIMILARITY ? rl->move_threshold : RENAME_MIN_SIMILARITY))
			break;
		olds[bs].other = (long)bt;
		news[bt].other = (long)bs;
	}
done:
	for (size_t s = 0; ow && s < nold; s++)
		free(ow[s]);
	for (size_t t = 0; nw && t < nnew; t++)
		free(nw[t]);
	free(ow);
	free(nw);
	free(on);
	free(nnw);
	free(score);
	return err;
}

int rl_align(charter_redline *rl)
{
	int err;
	rl_section *olds = rl->sec[RL_OLD], *news = rl->sec[RL_NEW];
	size_t nold = rl->nsec[RL_OLD], nnew = rl->nsec[RL_NEW];

	for (size_t s = 0; s < nold; s++) {
		for (size_t t = 0; t < nnew; t++) {
			if (strcmp(olds[s].slug, news[t].slug) == 0) {
				olds[s].other = (long)t;
				news[t].other = (long)s;
				break;
			}
		}
	}
	if ((err = pair_renamed(rl)) < 0)
		return err;
	for (size_t s = 0; s < nold; s++)
		if (olds[s].other >= 0 && (err = align_section(&olds[s], &news[olds[s].other])) < 0)
			return err;
	if ((err = find_moves(rl)) < 0)
		return err;
	for (size_t s = 0; s < nold; s++)
		if (olds[s].other >= 0 && (err = join_split_section(rl, &olds[s], &news[olds[s].other])) < 0)
			return err;
	for (size_t s = 0; s < nnew; s++) {
		for (size_t i = 0; i < news[s].nleaves; i++) {
			rl_leaf *n = &news[s].leaves[i];
			if ((n->fate == RL_EDITED && !n->group) || n->fate == RL_MOVED) {
				if ((err = word_diff(rl, n->partner, n)) < 0)
					return err;
			}
			if (n->fate == RL_SAME || n->fate == RL_EDITED)
				map_containers(n->partner, n);
		}
	}
	if ((err = find_sentence_moves(rl)) < 0)
		return err;

	/* Output order: the new sections; a vanished section right after the
	 * section that preceded it on the old side. */
	long *anchor = malloc((nold + 1) * sizeof(long));
	if (!anchor)
		return error_set(CHARTER_ERROR, "out of memory");
	size_t nout = nnew;
	long last = -1;
	for (size_t s = 0; s < nold; s++) {
		if (olds[s].other >= 0) {
			last = olds[s].other;
			anchor[s] = -2;
		} else {
			anchor[s] = last;
			nout++;
		}
	}
	rl->out = arena_alloc(&rl->arena, (nout + 1) * sizeof(rl_outsection));
	if (!rl->out) {
		free(anchor);
		return CHARTER_ERROR;
	}
	for (long t = -1; t < (long)nnew; t++) {
		if (t >= 0) {
			rl_outsection *os = &rl->out[rl->nout++];
			os->slug = news[t].slug;
			os->new = &news[t];
			os->old = news[t].other >= 0 ? &olds[news[t].other] : NULL;
			if (os->old && strcmp(os->old->slug, os->slug) != 0)
				os->renamed_from = os->old->slug;
		}
		for (size_t s = 0; s < nold; s++) {
			if (anchor[s] == t) {
				rl_outsection *os = &rl->out[rl->nout++];
				os->slug = olds[s].slug;
				os->old = &olds[s];
			}
		}
	}
	free(anchor);
	for (size_t k = 0; k < rl->nout; k++) {
		if ((err = lay_out(rl, &rl->out[k])) < 0)
			return err;
		if (rl->out[k].renamed_from) /* a new name is a change, even with the same text */
			rl->out[k].changed = true;
	}
	return 0;
}
