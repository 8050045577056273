/* <gitdir>/charter/verified: the last fully verified tip of main, so that a
 * later verify checks only the commits added since. A cache, never an
 * authority: anything unexpected in it (a bad line, a missing log, a tip
 * that is no longer on main's chain, a policy that differs from the tip's)
 * makes the caller verify everything again.
 *
 *   charter-verified 2             (2: content, dates and policy changes checked too)
 *   tip <hex>
 *   root <hex>
 *   policy <hex>|none             the tip's .charter/allowed_signers blob
 *   count <n>                     commits on the chain, root to tip
 *   log <lines> <bytes>           how much of verified.log belongs to them
 *   tag <id> <target> <fp>|- <convention/name> <principal>|-
 *   end
 *
 * verified.log: one line per commit of the chain, root first,
 * "<hex> <fingerprint>|- <principal>|-", for `verify --format json`. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/grow.h"
#include "base/text.h"
#include "trust/verify.h"

#define CACHE_MAGIC "charter-verified 2"
#define CACHE_MAX_BYTES (4u << 20)

static void paths(buf *dir, buf *head, buf *log, const char *gitdir)
{
	size_t n = strlen(gitdir);
	const char *sep = n && gitdir[n - 1] == '/' ? "" : "/";
	buf_printf(dir, "%s%scharter", gitdir, sep);
	buf_printf(head, "%s%scharter/verified", gitdir, sep);
	buf_printf(log, "%s%scharter/verified.log", gitdir, sep);
}

void trust_cache_free(trust_cache *c)
{
	for (size_t i = 0; i < c->ntags; i++) {
		free(c->tags[i].tag);
		free(c->tags[i].principal);
	}
	free(c->tags);
	memset(c, 0, sizeof(*c));
}

static bool parse_hex(git_oid *out, const char *s)
{
	return strlen(s) == GIT_OID_HEXSZ && strspn(s, "0123456789abcdef") == GIT_OID_HEXSZ &&
		git_oid_fromstr(out, s) == 0;
}

static bool parse_size(size_t *out, const char *s)
{
	if (!*s || strspn(s, "0123456789") != strlen(s) || strlen(s) > 15)
		return false;
	*out = (size_t)strtoull(s, NULL, 10);
	return true;
}

/* Read a whole small file; NULL when absent, unreadable or too big. */
static char *slurp(const char *path, size_t limit, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	buf b = BUF_INIT;
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0 && b.size <= limit)
		buf_put(&b, chunk, n);
	bool bad = ferror(f) || b.size > limit || buf_check(&b) < 0;
	fclose(f);
	if (bad) {
		buf_free(&b);
		error_clear();
		return NULL;
	}
	*len = b.size;
	char *s = buf_detach(&b);
	return s ? s : calloc(1, 1);
}

static bool parse_tag_line(trust_cache *c, char *rest)
{
	char *f[5];
	for (int i = 0; i < 4; i++) {
		f[i] = rest;
		char *sp = strchr(rest, ' ');
		if (!sp)
			return false;
		*sp = '\0';
		rest = sp + 1;
	}
	f[4] = rest;
	if (GROW_EXACT(c->tags, c->ntags + 1) < 0)
		return false;
	verify_entry *e = &c->tags[c->ntags];
	memset(e, 0, sizeof(*e));
	if (!parse_hex(&e->id, f[0]) || !parse_hex(&e->target, f[1]) || strncmp(f[3], "convention/", 11) != 0 ||
	    strlen(f[2]) >= sizeof(e->fingerprint))
		return false;
	if (strcmp(f[2], "-") != 0)
		snprintf(e->fingerprint, sizeof(e->fingerprint), "%s", f[2]);
	e->tag = strdup(f[3]);
	e->principal = strcmp(f[4], "-") != 0 ? strdup(f[4]) : NULL;
	c->ntags++;
	return e->tag && (e->principal || strcmp(f[4], "-") == 0);
}

int trust_cache_read(trust_cache *out, bool *found, const char *gitdir)
{
	buf dir = BUF_INIT, head = BUF_INIT, log = BUF_INIT;
	size_t len = 0;
	char *text = NULL;
	unsigned seen = 0;
	bool ok = false;

	memset(out, 0, sizeof(*out));
	*found = false;
	paths(&dir, &head, &log, gitdir);
	if (buf_check(&head) == 0)
		text = slurp(head.ptr, CACHE_MAX_BYTES, &len);
	if (!text || strlen(text) != len)
		goto done;
	char *line = text, *nl;
	if (strncmp(line, CACHE_MAGIC "\n", sizeof(CACHE_MAGIC)) != 0)
		goto done;
	line += sizeof(CACHE_MAGIC);
	while ((nl = strchr(line, '\n')) != NULL) {
		*nl = '\0';
		char *sp = strchr(line, ' ');
		char *val = sp ? sp + 1 : NULL;
		if (sp)
			*sp = '\0';
		if (strcmp(line, "end") == 0 && !val) {
			ok = seen == 0x1f && nl[1] == '\0';
			break;
		}
		if (!val)
			break;
		if (strcmp(line, "tip") == 0 && parse_hex(&out->tip, val)) {
			seen |= 1;
		} else if (strcmp(line, "root") == 0 && parse_hex(&out->root, val)) {
			seen |= 2;
		} else if (strcmp(line, "policy") == 0 &&
			   (strcmp(val, "none") == 0 || (out->has_policy = parse_hex(&out->policy, val)))) {
			seen |= 4;
		} else if (strcmp(line, "count") == 0 && parse_size(&out->count, val) && out->count > 0) {
			seen |= 8;
		} else if (strcmp(line, "log") == 0) {
			char *sp2 = strchr(val, ' ');
			if (!sp2)
				break;
			*sp2 = '\0';
			if (!parse_size(&out->log_lines, val) || !parse_size(&out->log_bytes, sp2 + 1))
				break;
			seen |= 16;
		} else if (strcmp(line, "tag") == 0) {
			if (!parse_tag_line(out, val))
				break;
		} else {
			break;
		}
		line = nl + 1;
	}
	if (ok && out->log_lines != 0 && out->log_lines != out->count)
		ok = false;
done:
	if (!ok)
		trust_cache_free(out);
	*found = ok;
	free(text);
	buf_free(&dir);
	buf_free(&head);
	buf_free(&log);
	return 0;
}

int trust_cache_read_log(verify_entry *out, const trust_cache *c, const char *gitdir)
{
	buf dir = BUF_INIT, head = BUF_INIT, log = BUF_INIT;
	char *text = NULL;
	size_t len = 0, i = 0;
	int rc = -1;

	if (c->log_lines != c->count || c->count == 0)
		return -1;
	paths(&dir, &head, &log, gitdir);
	if (buf_check(&log) < 0 || !(text = slurp(log.ptr, 1u << 30, &len)) || len < c->log_bytes)
		goto done;
	text[c->log_bytes] = '\0';
	for (char *line = text, *nl; i < c->count && (nl = strchr(line, '\n')) != NULL; line = nl + 1, i++) {
		*nl = '\0';
		char *f1 = strchr(line, ' ');
		char *f2 = f1 ? strchr(f1 + 1, ' ') : NULL;
		if (!f2)
			goto done;
		*f1 = *f2 = '\0';
		verify_entry *e = &out[i];
		if (!parse_hex(&e->id, line) || strlen(f1 + 1) >= sizeof(e->fingerprint))
			goto done;
		if (strcmp(f1 + 1, "-") != 0)
			snprintf(e->fingerprint, sizeof(e->fingerprint), "%s", f1 + 1);
		if (strcmp(f2 + 1, "-") != 0 && !(e->principal = strdup(f2 + 1)))
			goto done;
		e->cached = true;
		e->reason = CHARTER_VERIFY_OK;
	}
	if (i == c->count && git_oid_equal(&out[c->count - 1].id, &c->tip))
		rc = 0;
done:
	if (rc < 0)
		for (size_t k = 0; k < c->count; k++) {
			free(out[k].principal);
			out[k].principal = NULL;
		}
	error_clear();
	free(text);
	buf_free(&dir);
	buf_free(&head);
	buf_free(&log);
	return rc;
}

static void put_field(buf *b, const char *s)
{
	/* A field must not break the line format. */
	if (!s || !*s || strpbrk(s, "\n\r")) {
		buf_puts(b, "-");
		return;
	}
	buf_puts(b, s);
}

void trust_cache_write(const char *gitdir, trust_cache *c, size_t keep_lines, size_t keep_bytes,
	const verify_entry *new_entries, size_t n_new)
{
	buf dir = BUF_INIT, head = BUF_INIT, log = BUF_INIT, text = BUF_INIT, lines = BUF_INIT;
	char hex[GIT_OID_HEXSZ + 1];
	int fd = -1;

	paths(&dir, &head, &log, gitdir);
	if (buf_check(&dir) < 0 || buf_check(&head) < 0)
		goto done;
	if (mkdir(dir.ptr, 0777) < 0 && errno != EEXIST)
		goto done;

	/* The log: keep what belongs to the part already verified, append. */
	c->log_lines = 0;
	c->log_bytes = 0;
	fd = open(log.ptr, O_RDWR | O_CREAT, 0666);
	if (fd >= 0) {
		struct stat st;
		if (fstat(fd, &st) < 0 || (size_t)st.st_size < keep_bytes)
			keep_lines = keep_bytes = 0;
		for (size_t i = 0; i < n_new; i++) {
			buf_printf(&lines, "%s ", git_oid_tostr(hex, sizeof(hex), &new_entries[i].id));
			put_field(&lines, new_entries[i].fingerprint);
			buf_putc(&lines, ' ');
			put_field(&lines, new_entries[i].principal);
			buf_putc(&lines, '\n');
		}
		if (keep_lines + n_new == c->count && buf_check(&lines) == 0 && ftruncate(fd, (off_t)keep_bytes) == 0 &&
		    pwrite(fd, lines.ptr, lines.size, (off_t)keep_bytes) == (ssize_t)lines.size) {
			c->log_lines = c->count;
			c->log_bytes = keep_bytes + lines.size;
		}
		close(fd);
	}
	error_clear();

	buf_puts(&text, CACHE_MAGIC "\n");
	buf_printf(&text, "tip %s\n", git_oid_tostr(hex, sizeof(hex), &c->tip));
	buf_printf(&text, "root %s\n", git_oid_tostr(hex, sizeof(hex), &c->root));
	buf_printf(&text, "policy %s\n", c->has_policy ? git_oid_tostr(hex, sizeof(hex), &c->policy) : "none");
	buf_printf(&text, "count %zu\nlog %zu %zu\n", c->count, c->log_lines, c->log_bytes);
	for (size_t i = 0; i < c->ntags; i++) {
		const verify_entry *t = &c->tags[i];
		if (!t->tag || strpbrk(t->tag, " \n\r"))
			continue;
		buf_printf(&text, "tag %s ", git_oid_tostr(hex, sizeof(hex), &t->id));
		buf_printf(&text, "%s ", git_oid_tostr(hex, sizeof(hex), &t->target));
		put_field(&text, t->fingerprint);
		buf_printf(&text, " %s ", t->tag);
		put_field(&text, t->principal);
		buf_putc(&text, '\n');
	}
	buf_puts(&text, "end\n");
	if (buf_check(&text) < 0)
		goto done;
	file_replace(head.ptr, text.ptr, text.size);
done:
	error_clear();
	buf_free(&dir);
	buf_free(&head);
	buf_free(&log);
	buf_free(&text);
	buf_free(&lines);
}
