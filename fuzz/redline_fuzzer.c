/* Fuzz the redline engine: any bytes as two texts, redlined and rendered
 * in every format; the operations must add up to the new text.
 *
 * Input: byte 0 picks options (bits 0-1: move threshold default / 30% /
 * off / 100%; bit 2: colours; bit 3: changed sections only; bit 4: split
 * each side into sections at form feeds). The rest is the old text, a
 * vertical tab (or, without one, the middle), then the new text. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "charter.h"

#define MAX_SECTIONS 4

static size_t split(charter_redline_section *s, const char *p, size_t len, int multi)
{
	static const char *slugs[MAX_SECTIONS] = { "s0", "s1", "s2", "s3" };
	size_t n = 0, start = 0;
	for (size_t i = 0; multi && i < len && n < MAX_SECTIONS - 1; i++) {
		if (p[i] == '\f') {
			s[n] = (charter_redline_section){ slugs[n], p + start, i - start };
			n++;
			start = i + 1;
		}
	}
	s[n] = (charter_redline_section){ slugs[n], p + start, len - start };
	return n + 1;
}

/* The texts of all ops that are not deletions, concatenated. */
static char *new_text(const charter_redline *rl, size_t *len)
{
	size_t total = 0;
	for (size_t i = 0; i < charter_redline_count(rl); i++)
		total += charter_redline_get(rl, i)->text_len;
	char *s = malloc(total + 1), *p = s;
	if (!s)
		abort();
	for (size_t i = 0; i < charter_redline_count(rl); i++) {
		const charter_redline_op *op = charter_redline_get(rl, i);
		if (op->kind != CHARTER_REDLINE_DELETE) {
			memcpy(p, op->text, op->text_len);
			p += op->text_len;
		}
	}
	*len = (size_t)(p - s);
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	static const unsigned thresholds[4] = { 0, 30, 101, 100 };
	unsigned opt = data[0];
	const char *text = (const char *)data + 1;
	size_t len = size - 1;
	const char *vt = memchr(text, '\v', len);
	size_t cut = vt ? (size_t)(vt - text) : len / 2;
	size_t rest = vt ? cut + 1 : cut;

	charter_redline_section olds[MAX_SECTIONS], news[MAX_SECTIONS];
	size_t no = split(olds, text, cut, opt & 16);
	size_t nn = split(news, text + rest, len - rest, opt & 16);
	charter_redline_options opts = CHARTER_REDLINE_OPTIONS_INIT;
	opts.move_threshold = thresholds[opt & 3];
	unsigned flags = ((opt & 4) ? CHARTER_REDLINE_COLOR : 0) | ((opt & 8) ? CHARTER_REDLINE_CHANGED_ONLY : 0);

	charter_redline *rl = NULL, *self = NULL;
	if (charter_redline_init(&rl, olds, no, news, nn, &opts) < 0)
		abort(); /* any bytes are accepted */
	static const charter_format formats[] = { CHARTER_FORMAT_TEXT, CHARTER_FORMAT_MARKDOWN,
		CHARTER_FORMAT_HTML, CHARTER_FORMAT_JSON };
	for (size_t f = 0; f < sizeof(formats) / sizeof(formats[0]); f++) {
		char *out = NULL;
		size_t out_len = 0;
		if (charter_redline_render(&out, &out_len, rl, formats[f], flags) < 0 || strlen(out) != out_len)
			abort();
		charter_free(out);
	}
	for (size_t i = 0; i < charter_redline_count(rl); i++) {
		const charter_redline_op *op = charter_redline_get(rl, i);
		for (size_t j = 0; j < op->inner_count; j++)
			if (!charter_redline_inner(rl, i, j))
				abort();
	}

	/* The new text, word for word, is what the redline keeps and adds. */
	if (charter_redline_init(&self, news, nn, news, nn, &opts) < 0 || charter_redline_changed(self))
		abort();
	size_t la, lb;
	char *a = new_text(rl, &la), *b = new_text(self, &lb);
	if (la != lb || memcmp(a, b, la) != 0)
		abort();
	free(a);
	free(b);
	charter_redline_free(self);
	charter_redline_free(rl);
	return 0;
}
