/* The one sort of 32-bit ids: quicksort (median of three), insertion sort
 * for short runs, the shorter side first so that the stack stays small. */
#include "base/sort.h"

static void insertion(uint32_t *v, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		uint32_t x = v[i];
		size_t j = i;
		for (; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

static void swap(uint32_t *a, uint32_t *b)
{
	uint32_t t = *a;
	*a = *b;
	*b = t;
}

void sort_u32(uint32_t *v, size_t n)
{
	while (n > 16) {
		/* Median of the first, middle and last as the pivot, which also
		 * bounds both scans below. */
		size_t m = n / 2;
		if (v[m] < v[0])
			swap(&v[m], &v[0]);
		if (v[n - 1] < v[0])
			swap(&v[n - 1], &v[0]);
		if (v[n - 1] < v[m])
			swap(&v[n - 1], &v[m]);
		uint32_t p = v[m];
		size_t i = 0, j = n - 1;
		for (;;) {
			while (v[i] < p)
				i++;
			while (p < v[j])
				j--;
			if (i >= j)
				break;
			swap(&v[i], &v[j]);
			i++;
			j--;
		}
		/* v[0..j] <= p <= v[j+1..n) */
		size_t left = j + 1;
		if (left < n - left) {
			sort_u32(v, left);
			v += left;
			n -= left;
		} else {
			sort_u32(v + left, n - left);
			n = left;
		}
	}
	insertion(v, n);
}
