/* The one sort of 32-bit ids (word ids, paragraph ids), ascending. */
#ifndef CHARTER_SORT_H
#define CHARTER_SORT_H

#include <stddef.h>
#include <stdint.h>

/* Sort v[0..n) ascending, in place. qsort() would do, but it calls a
 * comparison through a pointer for every step, and the redline sorts the
 * words of every paragraph it reads. */
void sort_u32(uint32_t *v, size_t n);

#endif
