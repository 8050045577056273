/* Words: the one token diff (libgit2's patience diff) and the one similarity. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "words/words.h"

static pthread_once_t git_once = PTHREAD_ONCE_INIT;
static int git_init_result;

static void git_init(void)
{
	git_init_result = git_libgit2_init();
}

/* ---- libgit2 as a sequence diff ---------------------------------------- */

typedef struct {
	uint8_t *a, *b;
	size_t na, nb;
} marks;

static int line_cb(const git_diff_delta *delta, const git_diff_hunk *hunk,
	const git_diff_line *line, void *payload)
{
	(void)delta;
	(void)hunk;
	marks *m = payload;
	if (line->origin == GIT_DIFF_LINE_DELETION && line->old_lineno > 0 && (size_t)line->old_lineno <= m->na)
		m->a[line->old_lineno - 1] = 1;
	else if (line->origin == GIT_DIFF_LINE_ADDITION && line->new_lineno > 0 && (size_t)line->new_lineno <= m->nb)
		m->b[line->new_lineno - 1] = 1;
	return 0;
}

static void put_ids(buf *b, const uint32_t *ids, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char tmp[12];
		int k = 0;
		uint32_t v = ids[i];
		do {
			tmp[k++] = "0123456789abcdef"[v & 15];
			v >>= 4;
		} while (v);
		while (k)
			buf_putc(b, tmp[--k]);
		buf_putc(b, '\n');
	}
}

int words_diff(const uint32_t *a, size_t na, const uint32_t *b, size_t nb,
	uint8_t *a_chg, uint8_t *b_chg)
{
	size_t pre = 0, suf = 0;
	while (pre < na && pre < nb && a[pre] == b[pre])
		pre++;
	while (suf < na - pre && suf < nb - pre && a[na - 1 - suf] == b[nb - 1 - suf])
		suf++;
	size_t ma = na - pre - suf, mb = nb - pre - suf;
	if (ma == 0 || mb == 0) {
		memset(a_chg + pre, 1, ma);
		memset(b_chg + pre, 1, mb);
		return 0;
	}
	pthread_once(&git_once, git_init);
	if (git_init_result < 0)
		return error_git(git_init_result, "initializing libgit2");

	buf ba = BUF_INIT, bb = BUF_INIT;
	put_ids(&ba, a + pre, ma);
	put_ids(&bb, b + pre, mb);
	int err = buf_check(&ba);
	if (!err)
		err = buf_check(&bb);
	if (!err) {
		git_diff_options opts;
		git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
		opts.flags = GIT_DIFF_PATIENCE | GIT_DIFF_FORCE_TEXT;
		opts.context_lines = 0;
		opts.interhunk_lines = 0;
		marks m = { a_chg + pre, b_chg + pre, ma, mb };
		int gerr = git_diff_buffers(ba.ptr, ba.size, NULL, bb.ptr, bb.size, NULL, &opts,
			NULL, NULL, NULL, line_cb, &m);
		if (gerr < 0)
			err = error_git(gerr, "comparing words");
	}
	buf_free(&ba);
	buf_free(&bb);
	if (err < 0)
		return err;
	/* An alignment keeps as many lines on each side; if not, call it all
	 * changed rather than pair the wrong things. */
	size_t ka = 0, kb = 0;
	for (size_t i = 0; i < ma; i++)
		ka += !a_chg[pre + i];
	for (size_t i = 0; i < mb; i++)
		kb += !b_chg[pre + i];
	if (ka != kb) {
		memset(a_chg + pre, 1, ma);
		memset(b_chg + pre, 1, mb);
	}
	return 0;
}

unsigned words_similarity(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
	if (na == 0 || nb == 0)
		return 0;
	size_t i = 0, j = 0, common = 0;
	while (i < na && j < nb) {
		if (a[i] < b[j]) {
			i++;
		} else if (a[i] > b[j]) {
			j++;
		} else {
			common++;
			i++;
			j++;
		}
	}
	return (unsigned)(200 * common / (na + nb));
}
