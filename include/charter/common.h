/**
 * # charter/common.h — conventions shared by the whole API
 *
 * - Every function that can fail returns `int`: 0 on success, a negative
 *   `CHARTER_E*` code on failure. The message for the failure, one line with
 *   no trailing newline, is then available from `charter_error_last()`
 *   (per thread, valid until the next failing call on that thread).
 * - Out-parameters come first and are named `out`.
 * - Opaque handles are made by `charter_<thing>_open`/`_load`/`_init` and
 *   released by `charter_<thing>_free`, which accepts NULL.
 * - Strings a function hands to the caller (`char **out`) are owned by the
 *   caller and released with `charter_free()`. Strings returned as
 *   `const char *` belong to the handle they came from and live as long as it.
 * - All text is UTF-8 with LF line endings.
 */
#ifndef CHARTER_COMMON_H
#define CHARTER_COMMON_H

#include <stddef.h>

#if defined(CHARTER_STATIC)
#  define CHARTER_EXTERN(type) type
#elif defined(CHARTER_BUILDING_LIBRARY)
#  define CHARTER_EXTERN(type) __attribute__((visibility("default"))) type
#else
#  define CHARTER_EXTERN(type) type
#endif

#ifdef __cplusplus
extern "C" {
#endif

/** Return codes. Stable numbers: new codes are only ever added. */
typedef enum {
	CHARTER_OK = 0,
	CHARTER_ERROR = -1,     /**< failure without a more specific code (I/O, git) */
	CHARTER_ENOTFOUND = -2, /**< unknown section, amendment, WHEN, store or file */
	CHARTER_EEXISTS = -3,   /**< the thing exists already (amendment id, store) */
	CHARTER_EINVALID = -4,  /**< bad input: text, slug, date, key, vote, phrase */
	CHARTER_ECONFLICT = -5, /**< amendments collide in a three-way merge */
	CHARTER_EMOVED = -6,    /**< a ref moved under us (another writer): retry */
	CHARTER_EVERIFY = -7,   /**< a signature or the trust rule failed */
	CHARTER_ESTATE = -8,    /**< wrong state: already adopted, local edits, ... */
} charter_error_code;

/** Width (in characters) at which `--line-numbers` output is wrapped. Fixed so
 *  that line references agree between copies. */
#define CHARTER_LINE_WIDTH 72

/** The message of the last failure on this thread; never NULL ("" if none). */
CHARTER_EXTERN(const char *) charter_error_last(void);

/** The code of the last failure on this thread (0 if none). */
CHARTER_EXTERN(int) charter_error_last_code(void);

/** Release memory handed out by the library (strings, arrays). NULL is fine. */
CHARTER_EXTERN(void) charter_free(void *ptr);

/** The library's version, e.g. "0.1.0". Static string. */
CHARTER_EXTERN(const char *) charter_version(void);

/**
 * Initialize the library (libgit2, libsodium). Called implicitly by every
 * `_open`/`_init`/`_load` function; safe to call more than once.
 */
CHARTER_EXTERN(int) charter_init(void);

#ifdef __cplusplus
}
#endif
#endif
