/* An amendment's redline: its files from one side to another (as proposed,
 * or against today's text), whole or only the changed paragraphs with some
 * paragraphs of context around them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <stdint.h>

#include "amend/amend.h"
#include "base/buf.h"
#include "base/grow.h"
#include "base/hash.h"

/* One side's lines (each with its newline, the last maybe without) and
 * the stand-ins the line diff reads: the id of each distinct line, one a
 * line. The diff only asks whether two lines are equal, and two lines are
 * equal exactly when their stand-ins are, so it finds the same hunks;
 * but libgit2 hashes the buffers it diffs (SHA-1 with collision checks),
 * and stand-ins are a few bytes a paragraph. */
typedef struct {
	struct line {
		const char *p;
		size_t len;
		uint32_t id;
	} *line;
	size_t n, alloc;
	size_t newlines;
	buf ids;
} side_lines;

/* Lines of one side kept by the diff (changed ones and their context), with
 * "…" standing for every run left out. A paragraph is one line of these
 * documents, so a hunk of libgit2's line diff is a run of paragraphs. */
typedef struct {
	buf side[2];
	side_lines lines[2];
	int last_old, last_new; /* last line kept on each side (0: none yet) */
	int offset;             /* lines before the window the diff reads */
} reduce_ctx;

static int split_lines(side_lines *out, const char *text)
{
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl + 1 - p) : strlen(p);
		if (GROW(out->line, out->alloc, out->n + 1) < 0)
			return CHARTER_ERROR;
		out->line[out->n++] = (struct line){ p, len, 0 };
		out->newlines += nl != NULL;
		p += len;
	}
	return 0;
}

static bool same_line(const struct line *a, const struct line *b)
{
	return a->len == b->len && memcmp(a->p, b->p, a->len) == 0;
}

/* The stand-ins of lines [lo, old->n - hi) and [lo, new->n - hi), the
 * window the diff reads. */
static int stand_ins(side_lines *old, side_lines *new, size_t lo, size_t hi)
{
	hset ids = HSET_INIT;
	int error = 0;
	for (size_t i = lo; i + hi < old->n && error == 0; i++)
		error = hset_intern(&ids, &old->line[i].id, old->line[i].p, old->line[i].len, NULL);
	for (size_t i = lo; i + hi < new->n && error == 0; i++)
		error = hset_intern(&ids, &new->line[i].id, new->line[i].p, new->line[i].len, NULL);
	hset_free(&ids);
	for (int side = 0; side < 2 && error == 0; side++) {
		side_lines *l = side ? new : old;
		for (size_t i = lo; i + hi < l->n; i++) {
			char hex[12];
			size_t k = sizeof(hex);
			hex[--k] = '\n';
			for (uint32_t v = l->line[i].id; k == sizeof(hex) - 1 || v; v >>= 4)
				hex[--k] = "0123456789abcdef"[v & 15];
			buf_put(&l->ids, hex + k, sizeof(hex) - k);
		}
		error = buf_check(&l->ids);
	}
	return error;
}

static void side_lines_free(side_lines *l)
{
	free(l->line);
	buf_free(&l->ids);
}

/* Line `no` (from 1) of a side, as the diff numbered it. */
static void put_line(buf *b, const side_lines *l, int no)
{
	if (no >= 1 && (size_t)no <= l->n)
		buf_put(b, l->line[no - 1].p, l->line[no - 1].len);
}

static int reduce_line(const git_diff_delta *d, const git_diff_hunk *h, const git_diff_line *l, void *payload)
{
	reduce_ctx *c = payload;
	(void)d;
	(void)h;
	if (l->origin != ' ' && l->origin != '-' && l->origin != '+')
		return 0;
	if (l->origin != '+') {
		int no = l->old_lineno + c->offset;
		if (no > c->last_old + 1)
			buf_puts(&c->side[0], "\n…\n\n");
		put_line(&c->side[0], &c->lines[0], no);
		c->last_old = no;
	}
	if (l->origin != '-') {
		int no = l->new_lineno + c->offset;
		if (no > c->last_new + 1)
			buf_puts(&c->side[1], "\n…\n\n");
		put_line(&c->side[1], &c->lines[1], no);
		c->last_new = no;
	}
	return 0;
}

/* The two sides reduced to changed paragraphs and `context` paragraphs
 * around them (a blank line between paragraphs is a line too). */
static int reduce(reduce_ctx *c, const char *old, const char *new, int context)
{
	git_diff_options o;
	int rc;
	git_diff_options_init(&o, GIT_DIFF_OPTIONS_VERSION);
	o.context_lines = (uint32_t)(2 * context);
	o.interhunk_lines = 2;
	o.flags = GIT_DIFF_PATIENCE | GIT_DIFF_FORCE_TEXT;
	rc = split_lines(&c->lines[0], old);
	if (rc == 0)
		rc = split_lines(&c->lines[1], new);
	if (rc < 0)
		return error_set(CHARTER_ERROR, "out of memory");
	/* The lines both sides start and end with are the same lines: the
	 * diff reads what lies between them and the context around it. */
	side_lines *a = &c->lines[0], *b = &c->lines[1];
	size_t head = 0, tail = 0;
	while (head < a->n && head < b->n && same_line(&a->line[head], &b->line[head]))
		head++;
	while (tail < a->n - head && tail < b->n - head &&
	       same_line(&a->line[a->n - 1 - tail], &b->line[b->n - 1 - tail]))
		tail++;
	size_t keep = o.context_lines + o.interhunk_lines;
	size_t lo = head > keep ? head - keep : 0, hi = tail > keep ? tail - keep : 0;
	c->offset = (int)lo;
	if (stand_ins(a, b, lo, hi) < 0)
		return error_set(CHARTER_ERROR, "out of memory");
	const buf *x = &c->lines[0].ids, *y = &c->lines[1].ids;
	rc = git_diff_buffers(x->size ? x->ptr : "", x->size, NULL, y->size ? y->ptr : "", y->size, NULL, &o, NULL,
		NULL, NULL, reduce_line, c);
	if (rc < 0)
		return error_git(rc, "redline");
	/* Text left out after the last change. */
	if (!c->side[0].size && !c->side[1].size)
		return 0;
	if ((size_t)c->last_old < c->lines[0].newlines)
		buf_puts(&c->side[0], "\n…\n");
	if ((size_t)c->last_new < c->lines[1].newlines)
		buf_puts(&c->side[1], "\n…\n");
	return 0;
}

int amend_redline(charter_redline **out, const charter_amendment *a, charter_text_side from, charter_text_side to,
	int context, const charter_redline_options *opts)
{
	size_t n = charter_amendment_file_count(a), nold = 0, nnew = 0;
	charter_redline_section *old = calloc(n ? n : 1, sizeof(*old)), *new = calloc(n ? n : 1, sizeof(*new));
	char (*names)[80] = calloc(n ? n : 1, sizeof(*names));
	reduce_ctx *red = calloc(n ? n : 1, sizeof(*red));
	int error = 0;
	bool missing = false;
	*out = NULL;
	if (!old || !new || !names || !red) {
		error = error_set(CHARTER_ERROR, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		const char *path = charter_amendment_file_path(a, i);
		const char *before = charter_amendment_file_text(a, i, from);
		const char *after = charter_amendment_file_text(a, i, to);
		size_t len = strlen(path);
		if (strncmp(path, "sections/", 9) == 0 && len > 12)
			snprintf(names[i], sizeof(names[i]), "%.*s", (int)(len - 12), path + 9);
		else
			snprintf(names[i], sizeof(names[i]), "%s", path);
		/* A file the change keeps but that has no text on the `to` side
		 * means the change does not apply there. */
		if (!after && charter_amendment_file_text(a, i, CHARTER_TEXT_PROPOSED))
			missing = true;
		if (context >= 0 && before && after) {
			if ((error = reduce(&red[i], before, after, context)) < 0 ||
			    (error = buf_check(&red[i].side[0])) < 0 || (error = buf_check(&red[i].side[1])) < 0)
				goto done;
			if (red[i].side[0].size || red[i].side[1].size) {
				before = buf_cstr(&red[i].side[0]);
				after = buf_cstr(&red[i].side[1]);
			}
		}
		if (before)
			old[nold++] = (charter_redline_section){ names[i], before, strlen(before) };
		if (after)
			new[nnew++] = (charter_redline_section){ names[i], after, strlen(after) };
	}
	if (missing && to == CHARTER_TEXT_AFTER)
		goto done;
	error = charter_redline_init(out, old, nold, new, nnew, opts);
done:
	for (size_t i = 0; red && i < n; i++) {
		buf_free(&red[i].side[0]);
		buf_free(&red[i].side[1]);
		side_lines_free(&red[i].lines[0]);
		side_lines_free(&red[i].lines[1]);
	}
	free(red);
	free(old);
	free(new);
	free(names);
	return error;
}

int charter_amendment_redline(charter_redline **out, const charter_amendment *a, charter_text_side from,
	charter_text_side to, int context)
{
	return amend_redline(out, a, from, to, context, NULL);
}
