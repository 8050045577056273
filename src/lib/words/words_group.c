/* Joins and splits: which paragraphs of a changed stretch are one group
 * (words_groups), for the redline and blame's replay alike. */
#include <stdlib.h>

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
