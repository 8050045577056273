/* Text checks: UTF-8, normalised line endings, slugs, one-line values; reading a file. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <strings.h>

#include "base/text.h"

bool utf8_valid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < len) {
		unsigned char c = s[i];
		size_t n;
		uint32_t cp;
		if (c < 0x80) {
			i++;
			continue;
		} else if ((c & 0xE0) == 0xC0) {
			n = 1, cp = c & 0x1F;
		} else if ((c & 0xF0) == 0xE0) {
			n = 2, cp = c & 0x0F;
		} else if ((c & 0xF8) == 0xF0) {
			n = 3, cp = c & 0x07;
		} else {
			return false;
		}
		if (len - i <= n)
			return false;
		for (size_t k = 1; k <= n; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
		    cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		i += n + 1;
	}
	return true;
}

/* Byte offset of the first invalid sequence, for a helpful message. */
static size_t utf8_first_invalid(const char *s, size_t len)
{
	size_t lo = 0;
	/* Find the shortest valid prefix by growing line by line; texts are small. */
	for (size_t i = 0; i <= len; i++)
		if (i == len || s[i] == '\n') {
			if (!utf8_valid(s + lo, i - lo))
				return lo;
			lo = i + 1;
		}
	return lo;
}

static size_t line_of(const char *s, size_t off)
{
	size_t line = 1;
	for (size_t i = 0; i < off; i++)
		if (s[i] == '\n')
			line++;
	return line;
}

int text_normalize(buf *out, const char *data, size_t len, const char *what)
{
	if (len > TEXT_MAX_BYTES)
		return error_set(CHARTER_EINVALID, "%s: too large (%zu bytes; at most %u)", what, len,
			TEXT_MAX_BYTES);
	const char *nul = memchr(data, '\0', len);
	if (nul)
		return error_set(CHARTER_EINVALID, "%s: contains a NUL byte (line %zu)", what,
			line_of(data, (size_t)(nul - data)));
	if (!utf8_valid(data, len))
		return error_set(CHARTER_EINVALID, "%s: invalid UTF-8 (line %zu)", what,
			line_of(data, utf8_first_invalid(data, len)));
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)data[i];
		if (c == '\r' && (i + 1 == len || data[i + 1] != '\n'))
			return error_set(CHARTER_EINVALID, "%s: carriage return without line feed (line %zu)",
				what, line_of(data, i));
		if ((c < 0x20 && c != '\n' && c != '\t' && c != '\r') || c == 0x7f)
			return error_set(CHARTER_EINVALID, "%s: control character U+%04X (line %zu)", what, c,
				line_of(data, i));
	}
	/* Every CR is before an LF (checked above): drop them, copying the runs between. */
	for (size_t i = 0; i < len;) {
		const char *cr = memchr(data + i, '\r', len - i);
		size_t end = cr ? (size_t)(cr - data) : len;
		buf_put(out, data + i, end - i);
		i = end + (cr != NULL);
	}
	if (len > 0 && out->size > 0 && out->ptr[out->size - 1] != '\n')
		buf_putc(out, '\n');
	return buf_check(out);
}

int text_check_utf8(const char *s, const char *what)
{
	if (!utf8_valid(s, strlen(s)))
		return error_set(CHARTER_EINVALID, "%s: invalid UTF-8", what);
	return 0;
}

int slug_check(const char *slug)
{
	size_t len = strlen(slug);
	bool ok = len > 0 && len <= 64 && slug[0] != '-' && slug[len - 1] != '-';
	for (size_t i = 0; ok && i < len; i++) {
		char c = slug[i];
		if (c == '-')
			ok = slug[i + 1] != '-';
		else
			ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
	}
	if (ok)
		return 0;
	/* Echo only printable ASCII of a hostile name. */
	char shown[80];
	size_t n = 0;
	for (size_t i = 0; i < len && n < sizeof(shown) - 4; i++)
		shown[n++] = (slug[i] >= 0x20 && slug[i] < 0x7f) ? slug[i] : '?';
	if (n < len)
		shown[n++] = '.', shown[n++] = '.', shown[n++] = '.';
	shown[n] = '\0';
	return error_set(CHARTER_EINVALID,
		"invalid section name '%s': use lowercase letters, digits and single hyphens, at most 64 bytes",
		shown);
}

int file_open_regular(int *fd_out, const char *path, int flags)
{
	struct stat st;
	*fd_out = -1;
	/* O_NONBLOCK: opening a FIFO must not wait for a writer. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | flags);
	if (fd < 0) {
		int e = errno;
		if (e == ELOOP && (flags & O_NOFOLLOW))
			return error_set(CHARTER_EINVALID, "%s is a symbolic link: a statements folder holds files only", path);
		return error_set(e == ENOENT ? CHARTER_ENOTFOUND : CHARTER_ERROR, "%s: %s", path, strerror(e));
	}
	if (fstat(fd, &st) < 0) {
		int e = errno;
		close(fd);
		return error_set(CHARTER_ERROR, "%s: %s", path, strerror(e));
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return error_set(CHARTER_EINVALID, "%s is not a regular file (%s)", path,
			S_ISDIR(st.st_mode) ? "a folder" : S_ISFIFO(st.st_mode) ? "a FIFO" : S_ISSOCK(st.st_mode) ? "a socket"
			: S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "a device" : "not a file");
	}
	int fl = fcntl(fd, F_GETFL);
	if (fl >= 0)
		fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	*fd_out = fd;
	return 0;
}

int file_read_flags(buf *out, const char *path, int flags)
{
	int fd, error;
	if ((error = file_open_regular(&fd, path, flags)) < 0)
		return error;
	FILE *f = fdopen(fd, "rb");
	if (!f) {
		close(fd);
		return error_set(CHARTER_ERROR, "%s: %s", path, strerror(errno));
	}
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (out->size + n > TEXT_MAX_BYTES) {
			error = error_set(CHARTER_EINVALID, "%s: too large (more than %u bytes)", path,
				TEXT_MAX_BYTES);
			break;
		}
		buf_put(out, chunk, n);
	}
	if (!error && ferror(f))
		error = error_set(CHARTER_ERROR, "%s: read error", path);
	fclose(f);
	return error ? error : buf_check(out);
}

int file_read(buf *out, const char *path)
{
	return file_read_flags(out, path, 0);
}

int file_replace(const char *path, const char *data, size_t len)
{
	file_piece one = { data, len };
	return file_replace_pieces(path, &one, 1);
}

int file_replace_pieces(const char *path, const file_piece *pieces, size_t n)
{
	buf tmp = BUF_INIT;
	buf_printf(&tmp, "%s.tmp-%ld-XXXXXX", path, (long)getpid());
	int error = buf_check(&tmp), fd = error < 0 ? -1 : mkstemp(tmp.ptr);
	if (error == 0 && fd < 0)
		error = error_set(CHARTER_ERROR, "%s: %s", tmp.ptr, strerror(errno));
	if (fd >= 0) {
		bool ok = true;
		for (size_t i = 0; ok && i < n; i++)
			for (size_t done = 0; ok && done < pieces[i].len;) {
				ssize_t w = write(fd, pieces[i].data + done, pieces[i].len - done);
				if (w < 0 && errno == EINTR)
					continue;
				ok = w > 0;
				done += ok ? (size_t)w : 0;
			}
		int e = ok ? 0 : errno;
		ok = close(fd) == 0 && ok;
		/* rename() replaces the file in one step: a reader has the old
		 * one or the new one, never half of either. */
		if (!ok || rename(tmp.ptr, path) != 0) {
			error = error_set(CHARTER_ERROR, "%s: %s", path, strerror(e ? e : errno));
			unlink(tmp.ptr);
		}
	}
	buf_free(&tmp);
	return error;
}

int text_check_line(const char *s, const char *what)
{
	int error;
	if ((error = text_check_utf8(s, what)) < 0)
		return error;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return error_set(CHARTER_EINVALID, "%s: must be one line of text without control characters", what);
	if (!*s || strspn(s, " ") == strlen(s))
		return error_set(CHARTER_EINVALID, "%s is empty", what);
	return 0;
}

/* The length of the control character at `p` (C0, DEL, or a C1 such as
 * CSI U+009B in UTF-8), 0 when there is none: the one definition of what
 * may not reach a terminal. */
static size_t control_at(const unsigned char *p, bool keep_newlines)
{
	if ((*p < 0x20 && !(keep_newlines && (*p == '\n' || *p == '\t'))) || *p == 0x7f)
		return 1;
	if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
		return 2;
	return 0;
}

/* How many bytes from `p` on are none that control_at looks at (below
 * 0x20, 0x7f, 0xc2): eight at a time, since every text the history cache
 * replays and every text an amendment page shows is scanned. */
static size_t plain_prefix(const unsigned char *p, size_t len)
{
	const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
	size_t i = 0;
	for (; i + 8 <= len; i += 8) {
		uint64_t x, del, c2;
		memcpy(&x, p + i, 8);
		del = x ^ (ones * 0x7f);
		c2 = x ^ (ones * 0xc2);
		/* Whether a byte is below 0x20, or 0x7f or 0xc2 (a zero after the xor). */
		if (((x - ones * 0x20) & ~x & highs) | ((del - ones) & ~del & highs) | ((c2 - ones) & ~c2 & highs))
			break;
	}
	while (i < len && p[i] >= 0x20 && p[i] != 0x7f && p[i] != 0xc2)
		i++;
	return i;
}

size_t text_defuse_n(char *s, size_t len, bool keep_newlines)
{
	size_t changed = 0;
	for (size_t i = 0; (i += plain_prefix((const unsigned char *)s + i, len - i)) < len; i++) {
		const unsigned char *p = (const unsigned char *)s + i;
		/* A lead byte 0xc2 at the end: control_at would read past it. */
		size_t n = *p == 0xc2 && i + 1 == len ? 0 : control_at(p, keep_newlines);
		if (n) {
			memset(s + i, '?', n);
			i += n - 1;
			changed++;
		}
	}
	return changed;
}

bool text_defuse(char *s, bool keep_newlines)
{
	return s && text_defuse_n(s, strlen(s), keep_newlines) > 0;
}

bool text_has_control(const char *s, size_t len, bool keep_newlines)
{
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; (i += plain_prefix(u + i, len - i)) < len; i++)
		if (!(u[i] == 0xc2 && i + 1 == len) && control_at(u + i, keep_newlines))
			return true;
	return false;
}

int convention_name_check(const char *name)
{
	char slug[NAME_SLUG_SIZE];
	int error;
	if (!name || !*name)
		return error_set(CHARTER_EINVALID, "the convention name is empty");
	if (strlen(name) > NAME_MAX_BYTES)
		return error_set(CHARTER_EINVALID, "the convention name is longer than %d bytes", NAME_MAX_BYTES);
	if ((error = text_check_line(name, "the convention name")) < 0)
		return error;
	convention_slug(slug, name);
	if (!*slug)
		return error_set(CHARTER_EINVALID,
			"the convention name '%s' has no letter or digit to name its tag (convention/<slug>)", name);
	return 0;
}

void convention_slug(char out[NAME_SLUG_SIZE], const char *name)
{
	size_t n = 0;
	bool gap = false;
	for (const char *p = name; *p && n < NAME_SLUG_SIZE - 2; p++) {
		char c = *p;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (gap && n > 0)
				out[n++] = '-';
			out[n++] = c;
			gap = false;
		} else {
			gap = true;
		}
	}
	out[n] = '\0';
}

bool convention_matches(const char *stored, const char *given)
{
	char a[NAME_SLUG_SIZE], b[NAME_SLUG_SIZE];
	if (!stored || !given)
		return false;
	if (strcmp(stored, given) == 0)
		return true;
	if (strlen(stored) > NAME_MAX_BYTES || strlen(given) > NAME_MAX_BYTES)
		return false;
	convention_slug(a, stored);
	convention_slug(b, given);
	return *a && strcmp(a, b) == 0;
}

const char *convention_noun(const char *name)
{
	for (const char *p = name; p && *p; p++)
		if (strncasecmp(p, "convention", 10) == 0 && !(p[10] >= 'a' && p[10] <= 'z'))
			return "";
	return " convention";
}
