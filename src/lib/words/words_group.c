/* Joins and splits: which paragraphs of a changed stretch are one group
 * (words_groups) and how its linked paragraphs are aligned
 * (words_align_linked), for the redline and blame's replay alike. */
#include <stdlib.h>
#include <string.h>

#include "base/grow.h"
#include "words/words.h"

static size_t uf_find(size_t *p, size_t x)
{
	while (p[x] != x)
		x = p[x] = p[p[x]];
	return x;
}

int words_groups(int32_t *ogroup, int32_t *ngroup, const words_paras *p)
{
	size_t no = p->no, nn = p->nn;
	int32_t count = 0;
	for (size_t i = 0; i < no; i++)
		ogroup[i] = -1;
	for (size_t j = 0; j < nn; j++)
		ngroup[j] = -1;
	/* Something to group: three paragraphs or more, one of them alone. */
	bool loose = false;
	uint8_t *paired = calloc(no + 1, 1);
	size_t *parent = malloc((no + nn + 1) * sizeof(*parent));
	if (!paired || !parent) {
		free(paired);
		free(parent);
		return error_set(CHARTER_ERROR, "out of memory");
	}
	for (size_t j = 0; j < nn; j++) {
		if (p->partner[j] >= 0)
			paired[p->partner[j]] = 1;
		else
			loose = true;
	}
	for (size_t i = 0; i < no; i++)
		loose |= !paired[i];
	if (!no || !nn || no + nn < 3 || !loose)
		goto done;
	for (size_t x = 0; x < no + nn; x++)
		parent[x] = x;
	bool grouped = false;
	for (size_t i = 0; i < no; i++) {
		for (size_t j = 0; j < nn; j++) {
			bool pair = p->partner[j] == (int32_t)i;
			if (!pair && !WORDS_KEEPS_HALF(p->shared[i * nn + j], p->owords[i], p->nwords[j]))
				continue;
			size_t x = uf_find(parent, i), y = uf_find(parent, no + j);
			if (x != y) {
				parent[x] = y;
				grouped |= !pair;
			}
		}
	}
	if (!grouped)
		goto done;
	/* Each group: consecutive paragraphs of one shape on both sides. */
	for (size_t r = 0; r < no + nn; r++) {
		size_t root = uf_find(parent, r), i0 = SIZE_MAX, i1 = 0, j0 = SIZE_MAX, j1 = 0, cnt = 0;
		if (root != r)
			continue;
		for (size_t i = 0; i < no; i++)
			if (uf_find(parent, i) == root) {
				i0 = i0 == SIZE_MAX ? i : i0;
				i1 = i + 1;
				cnt++;
			}
		for (size_t j = 0; j < nn; j++)
			if (uf_find(parent, no + j) == root) {
				j0 = j0 == SIZE_MAX ? j : j0;
				j1 = j + 1;
				cnt++;
			}
		if (i0 == SIZE_MAX || j0 == SIZE_MAX || (i1 - i0 == 1 && j1 - j0 == 1))
			continue;
		bool ok = cnt == (i1 - i0) + (j1 - j0);
		uint32_t shape = p->oshape ? p->oshape[i0] : 0;
		for (size_t i = i0; ok && i < i1; i++)
			ok = (!p->oshape || p->oshape[i] == shape) && (i == i0 || !p->ogap[i]);
		for (size_t j = j0; ok && j < j1; j++)
			ok = (!p->nshape || p->nshape[j] == shape) && (j == j0 || !p->ngap[j]);
		if (!ok)
			continue;
		for (size_t i = i0; i < i1; i++)
			ogroup[i] = count;
		for (size_t j = j0; j < j1; j++)
			ngroup[j] = count;
		count++;
	}
done:
	free(paired);
	free(parent);
	return count;
}

/* Where each paragraph's tokens are in a stream: [start[l], end[l]). */
static void para_bounds(size_t *start, size_t *end, const uint32_t *line, size_t n, size_t np)
{
	size_t pos = 0;
	for (size_t l = 0; l < np; l++) {
		start[l] = pos;
		while (pos < n && line[pos] == l)
			pos++;
		end[l] = pos;
		if (pos < n && line[pos] == UINT32_MAX)
			pos++;
	}
}

/* Align a[i0..i1) with b[j0..j1) and append the segments to *segs. */
static int align_unit(words_seg **segs, size_t *n, size_t *cap, const words_seq *a, size_t i0, size_t i1,
	const words_seq *b, size_t j0, size_t j1)
{
	words_seq sa = { a->id + i0, a->chars + i0, a->blank + i0, i1 - i0 };
	words_seq sb = { b->id + j0, b->chars + j0, b->blank + j0, j1 - j0 };
	words_seg *st = NULL;
	size_t ns = 0;
	int err = words_align(&st, &ns, &sa, &sb);
	if (err == 0 && (err = GROW(*segs, *cap, *n + ns)) == 0)
		for (size_t g = 0; g < ns; g++)
			(*segs)[(*n)++] = (words_seg){ st[g].change, st[g].i0 + i0, st[g].i1 + i0, st[g].j0 + j0, st[g].j1 + j0 };
	free(st);
	return err;
}

int words_align_linked(words_seg **out, size_t *nout, const words_seq *a, const uint32_t *aline,
	const words_seq *b, const uint32_t *bline, size_t no, size_t nn, const int32_t *partner,
	const int32_t *ogroup, const int32_t *ngroup)
{
	size_t *as = malloc((2 * no + 2 * nn + 1) * sizeof(size_t)), *ae = as + no, *bs = ae + no, *be = bs + nn;
	uint8_t *cov = calloc(a->n + b->n + 1, 1);
	words_seg *segs = NULL;
	size_t n = 0, cap = 0;
	int err = 0;
	*out = NULL;
	*nout = 0;
	if (!as || !cov) {
		err = error_set(CHARTER_ERROR, "out of memory");
		goto done;
	}
	para_bounds(as, ae, aline, a->n, no);
	para_bounds(bs, be, bline, b->n, nn);
	for (size_t j = 0; j < nn && err == 0; j++) {
		int32_t g = ngroup[j];
		size_t i0, i1, j0 = j, j1 = j + 1;
		if (g >= 0) {
			if (j && ngroup[j - 1] == g)
				continue;
			while (j1 < nn && ngroup[j1] == g)
				j1++;
			for (i0 = 0; i0 < no && ogroup[i0] != g; i0++)
				;
			for (i1 = i0; i1 < no && ogroup[i1] == g; i1++)
				;
			if (i0 == no)
				continue;
		} else if (partner && partner[j] >= 0 && ogroup[partner[j]] < 0) {
			i0 = (size_t)partner[j], i1 = i0 + 1;
		} else {
			continue;
		}
		size_t ta = as[i0], tb = bs[j0];
		err = align_unit(&segs, &n, &cap, a, ta, ae[i1 - 1], b, tb, be[j1 - 1]);
		memset(cov + ta, 1, ae[i1 - 1] - ta);
		memset(cov + a->n + tb, 1, be[j1 - 1] - tb);
	}
	/* What no unit holds: changed (a line alone, a break between units). */
	for (size_t side = 0; side < 2 && partner && err == 0; side++) {
		size_t len = side ? b->n : a->n;
		const uint8_t *c = cov + (side ? a->n : 0);
		for (size_t t = 0; t < len && err == 0;) {
			size_t e = t;
			while (e < len && !c[e])
				e++;
			if (e > t && (err = GROW(segs, cap, n + 1)) == 0)
				segs[n++] = side ? (words_seg){ true, a->n, a->n, t, e } : (words_seg){ true, t, e, b->n, b->n };
			t = e + (e < len);
		}
	}
done:
	free(as);
	free(cov);
	if (err < 0) {
		free(segs);
		return err;
	}
	*out = segs;
	*nout = n;
	return 0;
}
