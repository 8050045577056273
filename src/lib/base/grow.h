/* The one growth helper: make room in a malloc'ed array, with an overflow check. */
#ifndef CHARTER_GROW_H
#define CHARTER_GROW_H

#include <stddef.h>

/* Make room for `want` elements of `size` bytes in the array at `*arrp`
 * (a pointer to the array pointer) whose capacity is `*cap` elements:
 * the capacity doubles (from 16) until it holds `want`. With `cap` NULL
 * the array is resized to exactly `want` elements. 0, or CHARTER_ERROR
 * ("out of memory", also when the bytes would overflow size_t) with the
 * array and `*cap` unchanged. New room is not initialised. */
int grow_array(void *arrp, size_t *cap, size_t want, size_t size);

/* grow_array for an array variable `arr` with a size_t capacity `cap`. */
#define GROW(arr, cap, want) grow_array(&(arr), &(cap), (want), sizeof(*(arr)))
/* Exactly `n` elements (for arrays without a capacity field). */
#define GROW_EXACT(arr, n) grow_array(&(arr), NULL, (n), sizeof(*(arr)))

#endif
