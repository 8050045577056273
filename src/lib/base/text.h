/* Checks every text charter accepts: UTF-8, no NUL, LF endings, slugs. */
#ifndef CHARTER_TEXT_H
#define CHARTER_TEXT_H

#include "base/buf.h"
#include "base/internal.h"

/* Largest text file accepted (a section, README.md, a proposal). */
#define TEXT_MAX_BYTES (8u * 1024 * 1024)

/* Append `data` to `out` after checking it: valid UTF-8, no NUL byte, no
 * lone CR, no other control character but TAB, at most TEXT_MAX_BYTES. CRLF becomes LF; a missing final newline
 * is added. `what` names the input in the error ("sections/x.md").
 * CHARTER_EINVALID on failure, `out` untouched then. */
int text_normalize(buf *out, const char *data, size_t len, const char *what);

/* Same checks, on a NUL-terminated string given on the command line. */
int text_check_utf8(const char *s, const char *what);

/* True when s[0..len) is valid UTF-8 (no overlongs, no surrogates). */
bool utf8_valid(const char *s, size_t len);

/* A one-line value (a title, a name, a source): UTF-8, not empty, no line
 * break or other control character. CHARTER_EINVALID naming `what`. */
int text_check_line(const char *s, const char *what);

/* 0 when `slug` matches ^[a-z0-9]+(-[a-z0-9]+)*$ and is at most 64 bytes;
 * CHARTER_EINVALID with a message naming it otherwise. */
int slug_check(const char *slug);

/* ---- Names people use (doc/DESIGN.md, "Names people use") ---- */

/* Longest convention name, in bytes. */
#define NAME_MAX_BYTES 200
/* Room for a convention's slug (it is never longer than its name). */
#define NAME_SLUG_SIZE (NAME_MAX_BYTES + 1)

/* A convention name: one line of UTF-8, not empty, at most NAME_MAX_BYTES,
 * with at least one letter or digit (its slug is not empty).
 * CHARTER_EINVALID saying why. */
int convention_name_check(const char *name);

/* The slug of a convention name into `out`: ASCII letters lowercased,
 * digits kept, every run of other characters one '-', none at either end.
 * "1986 Convention" -> "1986-convention". "" when nothing is left. */
void convention_slug(char out[NAME_SLUG_SIZE], const char *name);

/* Does the convention `stored` (a Convention: trailer) answer to `given`
 * (a name in any case, or the slug)? */
bool convention_matches(const char *stored, const char *given);

/* " convention" to follow a name in prose ("the 2013 convention"), or ""
 * when the name says so itself ("the 1986 Convention"). Static string. */
const char *convention_noun(const char *name);

/* Read a whole file (at most TEXT_MAX_BYTES) into `out`, raw.
 * CHARTER_ENOTFOUND if missing, CHARTER_EINVALID if too large or not a
 * regular file (a FIFO, device or folder is refused without waiting). */
int file_read(buf *out, const char *path);

/* Replace the file at `path` by `len` bytes at `data` in one step (written
 * to a temporary file beside it, then renamed over it): a reader, or a
 * process killed meanwhile, leaves the old file or the new one, never half. */
int file_replace(const char *path, const char *data, size_t len);
/* The same, the file being the `n` pieces one after another. */
typedef struct {
	const char *data;
	size_t len;
} file_piece;
int file_replace_pieces(const char *path, const file_piece *pieces, size_t n);

/* file_read() with extra open(2) flags: O_NOFOLLOW refuses a symbolic
 * link (CHARTER_EINVALID). */
int file_read_flags(buf *out, const char *path, int flags);

/* Open `path` for reading (O_NONBLOCK, so a FIFO does not block; cleared
 * once it is known to be a regular file; plus `flags`) into *fd_out;
 * anything but a regular file is refused, CHARTER_EINVALID. */
int file_open_regular(int *fd_out, const char *path, int flags);

/* Make text read from a record others wrote safe to print: every control
 * character (C0, DEL, C1; but newlines and tabs when `keep_newlines`)
 * becomes '?', in place, so no escape sequence reaches a terminal. */
/* Returns whether anything was replaced. */
bool text_defuse(char *s, bool keep_newlines);
/* The same for the `len` bytes at `s` (a NUL is replaced too); returns how
 * many characters were replaced. */
size_t text_defuse_n(char *s, size_t len, bool keep_newlines);
/* Whether the `len` bytes at `s` hold a character text_defuse_n replaces. */
bool text_has_control(const char *s, size_t len, bool keep_newlines);

#endif
