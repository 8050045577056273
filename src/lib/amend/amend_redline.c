/* An amendment's redline: its files from one side to another (as proposed,
 * or against today's text), whole or only the changed paragraphs with some
 * paragraphs of context around them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amend/amend.h"
#include "base/buf.h"

/* Lines of one side kept by the diff (changed ones and their context), with
 * "…" standing for every run left out. A paragraph is one line of these
 * documents, so a hunk of libgit2's line diff is a run of paragraphs. */
typedef struct {
	buf side[2];
	int last_old, last_new; /* last line kept on each side (0: none yet) */
} reduce_ctx;

static int reduce_line(const git_diff_delta *d, const git_diff_hunk *h, const git_diff_line *l, void *payload)
{
	reduce_ctx *c = payload;
	(void)d;
	(void)h;
	if (l->origin != ' ' && l->origin != '-' && l->origin != '+')
		return 0;
	if (l->origin != '+') {
		if (l->old_lineno > c->last_old + 1)
			buf_puts(&c->side[0], "\n…\n\n");
		buf_put(&c->side[0], l->content, l->content_len);
		c->last_old = l->old_lineno;
	}
	if (l->origin != '-') {
		if (l->new_lineno > c->last_new + 1)
			buf_puts(&c->side[1], "\n…\n\n");
		buf_put(&c->side[1], l->content, l->content_len);
		c->last_new = l->new_lineno;
	}
	return 0;
}

/* The two sides reduced to changed paragraphs and `context` paragraphs
 * around them (a blank line between paragraphs is a line too). */
static int reduce(reduce_ctx *c, const char *old, const char *new, int context)
{
	git_diff_options o;
	git_diff_options_init(&o, GIT_DIFF_OPTIONS_VERSION);
	o.context_lines = (uint32_t)(2 * context);
	o.interhunk_lines = 2;
	o.flags = GIT_DIFF_PATIENCE | GIT_DIFF_FORCE_TEXT;
	int rc = git_diff_buffers(old, strlen(old), NULL, new, strlen(new), NULL, &o, NULL, NULL, NULL, reduce_line, c);
	if (rc < 0)
		return error_git(rc, "redline");
	/* Text left out after the last change. */
	if (!c->side[0].size && !c->side[1].size)
		return 0;
	size_t nold = 0, nnew = 0;
	for (const char *p = old; *p; p++)
		nold += *p == '\n';
	for (const char *p = new; *p; p++)
		nnew += *p == '\n';
	if ((size_t)c->last_old < nold)
		buf_puts(&c->side[0], "\n…\n");
	if ((size_t)c->last_new < nnew)
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
