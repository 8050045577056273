/* Three-way merge of Markdown texts word by word (through git_merge_file on one token a line). */
#include <string.h>

#include "amend/merge.h"
#include "words/words.h"

/* A newline inside a token, in the one-token-per-line form. Texts never
 * hold C0 controls other than TAB and LF (text_normalize refuses them). */
#define NL_MARK '\x1e'

static int put_token(void *ctx, int kind, const char *s, size_t len)
{
	buf *out = ctx;
	(void)kind;
	for (size_t i = 0; i < len; i++)
		buf_putc(out, s[i] == '\n' ? NL_MARK : s[i]);
	buf_putc(out, '\n');
	return 0;
}

/* The words of words/words.h (the one tokenizer), one per line. */
static void tokenize(buf *out, const char *s)
{
	words_tokenize(s, strlen(s), put_token, out);
}

/* Back from tokens to text, for `len` bytes of the token form. */
static void untokenize(buf *out, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			continue;
		buf_putc(out, s[i] == NL_MARK ? '\n' : s[i]);
	}
}

/* One line of at most `size` bytes for a message: newlines become spaces. */
static void snippet(char *dst, size_t size, const char *s, size_t len)
{
	buf b = BUF_INIT;
	untokenize(&b, s, len);
	const char *src = buf_cstr(&b);
	size_t n = b.size;
	bool cut = n > size - 4;
	if (cut) {
		n = size - 4;
		while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
			n--; /* never cut a UTF-8 sequence in half */
	}
	for (size_t i = 0; i < n; i++)
		dst[i] = src[i] == '\n' ? ' ' : src[i];
	if (cut)
		memcpy(dst + n, "...", 3), n += 3;
	dst[n] = '\0';
	buf_free(&b);
}

static void describe_conflict(merge_conflict *c, const char *merged, size_t len)
{
	const char *start = strstr(merged, "<<<<<<<");
	memset(c, 0, sizeof(*c));
	if (!start || (size_t)(start - merged) > len)
		return;
	/* Paragraphs are separated by a blank line: a token with two newlines. */
	c->paragraph = 1;
	for (const char *line = merged; line < start;) {
		const char *nl = memchr(line, '\n', (size_t)(start - line));
		size_t n = nl ? (size_t)(nl - line) : (size_t)(start - line), marks = 0;
		for (size_t i = 0; i < n; i++)
			marks += line[i] == NL_MARK;
		if (marks >= 2)
			c->paragraph++;
		line += n + 1;
	}
	const char *ours = strchr(start, '\n') + 1;
	const char *sep = strstr(ours, "=======\n");
	const char *theirs = sep ? sep + 8 : NULL;
	const char *end = theirs ? strstr(theirs, ">>>>>>>") : NULL;
	if (!sep || !end)
		return;
	snippet(c->ours, sizeof(c->ours), ours, (size_t)(sep - ours));
	snippet(c->theirs, sizeof(c->theirs), theirs, (size_t)(end - theirs));
}

/* Unchanged text two changes must leave between them to count as apart:
 * git's diff may slide a change over text that repeats it (inserting "the
 * workers, " after "the workers, "), and this margin covers every slide
 * shorter than itself. */
#define MERGE_APART_BYTES 64

/* A word boundary that holds whatever came before: an ASCII space or
 * newline followed by a printable ASCII character (words/words_token.c
 * starts a token there in every context). */
static bool stable_boundary(const char *s, size_t i)
{
	unsigned char prev = (unsigned char)s[i - 1], c = (unsigned char)s[i];
	return (prev == ' ' || prev == '\n') && c > ' ' && c < 0x7f;
}

/* Where a change from `base` to `other` can touch base's words: the bytes
 * [*from, *to) of base, widened from the first and last differing bytes to
 * stable boundaries inside the common prefix and suffix (or the text's
 * start and end). */
static void change_span(size_t *from, size_t *to, const char *base, size_t nb, const char *other, size_t no)
{
	size_t pre = 0, suf = 0;
	while (pre < nb && pre < no && base[pre] == other[pre])
		pre++;
	while (suf < nb - pre && suf < no - pre && base[nb - 1 - suf] == other[no - 1 - suf])
		suf++;
	/* Both bytes of a boundary must lie in the common prefix... */
	size_t y = pre;
	while (y >= 2 && !stable_boundary(base, y - 1))
		y--;
	*from = y >= 2 ? y - 1 : 0;
	/* ...or the common suffix. */
	size_t x = nb - suf + 1;
	while (x < nb && !stable_boundary(base, x))
		x++;
	*to = x < nb ? x : nb;
}

bool merge_words_apart(const char *base, const char *ours, const char *theirs)
{
	size_t nb = strlen(base), a0, a1, b0, b1;
	change_span(&a0, &a1, base, nb, ours, strlen(ours));
	change_span(&b0, &b1, base, nb, theirs, strlen(theirs));
	return a1 + MERGE_APART_BYTES <= b0 || b1 + MERGE_APART_BYTES <= a0;
}

int merge_words(buf *out, merge_conflict *conflict, const char *base, const char *ours, const char *theirs)
{
	buf tb = BUF_INIT, to = BUF_INIT, tt = BUF_INIT;
	git_merge_file_input in_base, in_ours, in_theirs;
	git_merge_file_options opts;
	git_merge_file_result result = { 0 };
	int error;

	tokenize(&tb, base);
	tokenize(&to, ours);
	tokenize(&tt, theirs);
	if ((error = buf_check(&tb)) < 0 || (error = buf_check(&to)) < 0 || (error = buf_check(&tt)) < 0)
		goto done;
	git_merge_file_input_init(&in_base, GIT_MERGE_FILE_INPUT_VERSION);
	git_merge_file_input_init(&in_ours, GIT_MERGE_FILE_INPUT_VERSION);
	git_merge_file_input_init(&in_theirs, GIT_MERGE_FILE_INPUT_VERSION);
	in_base.ptr = buf_cstr(&tb), in_base.size = tb.size;
	in_ours.ptr = buf_cstr(&to), in_ours.size = to.size;
	in_theirs.ptr = buf_cstr(&tt), in_theirs.size = tt.size;
	git_merge_file_options_init(&opts, GIT_MERGE_FILE_OPTIONS_VERSION);
	if ((error = git_merge_file(&result, &in_base, &in_ours, &in_theirs, &opts)) < 0) {
		error = error_git(error, "cannot merge");
		goto done;
	}
	if (!result.automergeable) {
		describe_conflict(conflict, result.ptr, result.len);
		error = error_set(CHARTER_ECONFLICT, "both change the same words in paragraph %zu: '%s' and '%s'",
			conflict->paragraph, conflict->ours, conflict->theirs);
		goto done;
	}
	untokenize(out, result.ptr, result.len);
	error = buf_check(out);
done:
	git_merge_file_result_free(&result);
	buf_free(&tb);
	buf_free(&to);
	buf_free(&tt);
	return error;
}
