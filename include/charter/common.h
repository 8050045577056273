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
 * - Absent strings: a function returning `const char *` for a field of a
 *   handle (`charter_amendment_vote()`, `charter_document_date()`, ...)
 *   never returns NULL for a value that is merely absent: it returns "".
 *   NULL comes back only for an index out of range (`i >= count`) and from
 *   `charter_amendment_file_text()` for a file that does not exist on that
 *   side (no file and an empty file differ). The fields of the read-only
 *   structs (`charter_adoption`, `charter_redline_op`,
 *   `charter_verify_entry`) are NULL when absent, as `null` in the JSON.
 * - Out of range: an accessor taking an index `i` returns NULL (or, for
 *   those that fill an out-struct, zeroes it) when `i >= count`; it never
 *   reads out of bounds.
 * - On failure an out-parameter is left NULL (or, for fixed buffers such as
 *   `char out[41]`, untouched); nothing needs freeing.
 * - All text is UTF-8 with LF line endings.
 *
 * ## Threads
 *
 * - `charter_init()` may be called from any thread, any number of times.
 * - `charter_error_last()`/`_code()` are per thread: a failure on one
 *   thread never changes another thread's message.
 * - A handle (`charter_store`, `charter_document`, `charter_amendment`,
 *   `charter_log`, `charter_history`, `charter_blame`, `charter_redline`,
 *   the reports, a signer) is used by one thread at a time. Different
 *   handles may be used on different threads at once, also on the same
 *   repository: open one `charter_store` per thread (libgit2's repository
 *   objects are not shared). Writers on several threads or processes are
 *   safe: refs move by compare-and-swap (CHARTER_EMOVED when they lose).
 * - Results made from a store (documents, logs, histories, blames,
 *   redlines, amendments, reports) do not refer back to it: they may be
 *   kept, read and freed after `charter_store_free()`, on another thread.
 * - `charter_history_fast_reads()` changes a process-wide libgit2 setting:
 *   call it before starting threads, never while another thread verifies.
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

/** Width (in characters, Unicode code points) of a numbered line: the pinned
 *  rule of doc/LINE-NUMBERS.md. Fixed so that line references agree
 *  between copies. */
#define CHARTER_LINE_WIDTH 72

/** The message of the last failure on this thread; never NULL ("" if none). */
CHARTER_EXTERN(const char *) charter_error_last(void);

/** The code of the last failure on this thread (0 if none). */
CHARTER_EXTERN(int) charter_error_last_code(void);

/**
 * What the last failure on this thread is about, when it is one option or
 * argument the caller gave (or left out): its name in this API, e.g.
 * "title", "date", "as_amended_text" (members of the options structs) or
 * "key", "store", "by" (arguments); "" otherwise. The message says what is
 * wrong in the API's terms; a front end can add how its user sets that
 * option (the CLI names its flag). Static string.
 */
CHARTER_EXTERN(const char *) charter_error_last_option(void);

/**
 * `s` as a JSON string literal, quotes included, escaped as every JSON
 * report of the library escapes its strings (for a program that writes its
 * own JSON beside them). NULL reads as "". Free with `charter_free()`;
 * NULL when out of memory.
 */
CHARTER_EXTERN(char *) charter_json_quote(const char *s);

/** Release memory handed out by the library (strings, arrays). NULL is fine. */
CHARTER_EXTERN(void) charter_free(void *ptr);

/**
 * ## Version
 *
 * The version of the headers, for tests at compile time. CMake reads
 * these lines for the project's version, so they are the one source of it;
 * `charter_version()` returns `CHARTER_VERSION` of the library that is
 * running (compare the two to catch a header/library mismatch).
 */
#define CHARTER_VERSION_MAJOR 0
#define CHARTER_VERSION_MINOR 1
#define CHARTER_VERSION_PATCH 0
#define CHARTER_VERSION "0.1.0"

/** The running library's version, `CHARTER_VERSION` when it was built, e.g.
 *  "0.1.0". Static string, never NULL. */
CHARTER_EXTERN(const char *) charter_version(void);

/** Output formats. */
typedef enum {
	CHARTER_FORMAT_TEXT = 0, /**< for people on a terminal */
	CHARTER_FORMAT_MARKDOWN,
	CHARTER_FORMAT_HTML,
	CHARTER_FORMAT_LATEX,
	CHARTER_FORMAT_MAN,
	CHARTER_FORMAT_XML,
	CHARTER_FORMAT_JSON,
	CHARTER_FORMAT_DOCX,     /**< Word (OOXML); binary: redlines as tracked changes (charter/office.h) */
	CHARTER_FORMAT_ODT,      /**< OpenDocument text; binary: redlines as tracked changes */
} charter_format;

/** Parse a format name ("markdown", "html", ..., "docx", "odt"). CHARTER_EINVALID if unknown. */
CHARTER_EXTERN(int) charter_format_parse(charter_format *out, const char *name);

/**
 * Initialize the library (libgit2, libsodium). Called implicitly by every
 * `_open`/`_init`/`_load` function; safe to call more than once.
 */
CHARTER_EXTERN(int) charter_init(void);

#ifdef __cplusplus
}
#endif
#endif
