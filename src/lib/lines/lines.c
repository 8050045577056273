/* The pinned line-breaking rule (doc/LINE-NUMBERS.md) over the blocks the redline reads. */
#include <stdlib.h>
#include <string.h>

#include <charter/redline.h>

#include "base/grow.h"
#include "lines/lines.h"

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Code points in s[0..n). */
static size_t chars(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xc0) != 0x80;
	return c;
}

/* Byte length of the first `k` code points of s[0..n). */
static size_t prefix_bytes(const char *s, size_t n, size_t k)
{
	size_t i = 0, c = 0;
	while (i < n) {
		if (((unsigned char)s[i] & 0xc0) != 0x80) {
			if (c == k)
				break;
			c++;
		}
		i++;
	}
	return i;
}

int lines_break(lines_span **out, size_t *n, const char *text, size_t len)
{
	size_t cap = *n, i = 0, width = 0;
	bool open = false;
	lines_span cur = { 0, 0 };
	while (i < len) {
		while (i < len && is_space(text[i]))
			i++;
		if (i == len)
			break;
		size_t w = i;
		while (w < len && !is_space(text[w]))
			w++;
		size_t wlen = chars(text + i, w - i);
		if (open && width + 1 + wlen <= LINES_WIDTH) {
			cur.end = w;
			width += 1 + wlen;
			i = w;
			continue;
		}
		if (open) {
			if (GROW(*out, cap, *n + 1) < 0)
				return CHARTER_ERROR;
			(*out)[(*n)++] = cur;
			open = false;
		}
		/* A word longer than a line is cut every LINES_WIDTH characters. */
		while (wlen > LINES_WIDTH) {
			size_t cut = prefix_bytes(text + i, w - i, LINES_WIDTH);
			if (GROW(*out, cap, *n + 1) < 0)
				return CHARTER_ERROR;
			(*out)[(*n)++] = (lines_span){ i, i + cut };
			i += cut;
			wlen -= LINES_WIDTH;
		}
		cur = (lines_span){ i, w };
		width = wlen;
		open = true;
		i = w;
	}
	if (open) {
		if (GROW(*out, cap, *n + 1) < 0)
			return CHARTER_ERROR;
		(*out)[(*n)++] = cur;
	}
	return 0;
}

void lines_section_free(lines_section *s)
{
	for (size_t i = 0; i < s->nblocks; i++) {
		free(s->blocks[i].text);
		free(s->blocks[i].lines);
	}
	free(s->blocks);
	s->blocks = NULL;
	s->nblocks = 0;
}

int lines_section_build(lines_section *out, const char *slug, const char *markdown, size_t first)
{
	charter_redline *rl = NULL;
	charter_redline_section sec = { slug && *slug ? slug : "-", markdown, strlen(markdown) };
	charter_redline_options o = CHARTER_REDLINE_OPTIONS_INIT;
	size_t cap = 0;
	int error;
	memset(out, 0, sizeof(*out));
	out->slug = slug;
	out->first = first;
	o.move_threshold = 101;
	if ((error = charter_redline_init(&rl, &sec, 1, &sec, 1, &o)) < 0)
		return error;
	size_t count = charter_redline_count(rl), last_block = (size_t)-1;
	buf text = BUF_INIT;
	for (size_t i = 0; i <= count && error == 0; i++) {
		const charter_redline_op *op = i < count ? charter_redline_get(rl, i) : NULL;
		if (op && op->block == last_block) {
			buf_put(&text, op->text, op->text_len);
			continue;
		}
		if (last_block != (size_t)-1) {
			if ((error = GROW(out->blocks, cap, out->nblocks + 1)) < 0)
				break;
			lines_block *b = &out->blocks[out->nblocks++];
			memset(b, 0, sizeof(*b));
			b->len = text.size;
			b->text = buf_detach(&text);
			if (!b->text && !(b->text = calloc(1, 1))) {
				error = error_set(CHARTER_ERROR, "out of memory");
				break;
			}
			b->first = first;
			b->heading = out->nblocks == 1;
			error = lines_break(&b->lines, &b->nlines, b->text, b->len);
			first += b->nlines;
		}
		buf_clear(&text);
		if (op) {
			last_block = op->block;
			buf_put(&text, op->text, op->text_len);
		}
	}
	buf_free(&text);
	charter_redline_free(rl);
	out->last = first - 1;
	if (error < 0)
		lines_section_free(out);
	return error;
}

void lines_doc_free(lines_doc *d)
{
	for (size_t i = 0; i < d->nsec; i++)
		lines_section_free(&d->sec[i]);
	free(d->sec);
	memset(d, 0, sizeof(*d));
}

int lines_doc_build(lines_doc *out, const charter_document *doc)
{
	buf head = BUF_INIT;
	size_t count = charter_document_section_count(doc);
	int error;
	memset(out, 0, sizeof(*out));
	if (!(out->sec = calloc(count + 1, sizeof(*out->sec))))
		return error_set(CHARTER_ERROR, "out of memory");
	buf_printf(&head, "# %s\n\n%s\n", charter_document_title(doc), charter_document_preamble(doc));
	if ((error = buf_check(&head)) == 0)
		error = lines_section_build(&out->sec[0], "", head.ptr, 1);
	buf_free(&head);
	if (error == 0)
		out->nsec = 1;
	for (size_t i = 0; i < count && error == 0; i++) {
		size_t next = out->sec[out->nsec - 1].last + 1;
		if ((error = lines_section_build(&out->sec[out->nsec], charter_document_section_slug(doc, i),
			charter_document_section_markdown(doc, i), next)) == 0)
			out->nsec++;
	}
	if (error < 0) {
		lines_doc_free(out);
		return error;
	}
	out->total = out->sec[out->nsec - 1].last;
	return 0;
}

int lines_count(size_t *out, const char *markdown)
{
	lines_section s;
	int error = lines_section_build(&s, "", markdown, 1);
	*out = error == 0 ? s.last : 0;
	if (error == 0)
		lines_section_free(&s);
	return error;
}

void lines_memo_init(lines_memo *m)
{
	memset(m, 0, sizeof(*m));
	pthread_mutex_init(&m->mu, NULL);
}

void lines_memo_free(lines_memo *m)
{
	hset_free(&m->texts);
	free(m->count);
	hset_free(&m->sources);
	free(m->source_count);
	pthread_mutex_destroy(&m->mu);
	memset(m, 0, sizeof(*m));
}

int lines_count_memo(size_t *out, lines_memo *m, const char *markdown)
{
	size_t len = strlen(markdown);
	uint32_t id = HSET_NONE;
	if (!m)
		return lines_count(out, markdown);
	pthread_mutex_lock(&m->mu);
	if ((id = hset_find(&m->texts, markdown, len)) != HSET_NONE)
		*out = m->count[id];
	pthread_mutex_unlock(&m->mu);
	if (id != HSET_NONE)
		return 0;
	int error = lines_count(out, markdown);
	if (error < 0)
		return error;
	/* Room for a new id first, so that every id found has its count (when
	 * out of memory it is not remembered: counted again next time). */
	pthread_mutex_lock(&m->mu);
	if (GROW(m->count, m->alloc, m->texts.count + 1) == 0 && hset_intern(&m->texts, &id, markdown, len, NULL) == 0)
		m->count[id] = *out;
	pthread_mutex_unlock(&m->mu);
	error_clear();
	return 0;
}

bool lines_memo_source_get(size_t *out, lines_memo *m, const char *src, size_t len)
{
	if (!m)
		return false;
	pthread_mutex_lock(&m->mu);
	uint32_t id = hset_find(&m->sources, src, len);
	if (id != HSET_NONE)
		*out = m->source_count[id];
	pthread_mutex_unlock(&m->mu);
	return id != HSET_NONE;
}

void lines_memo_source_put(lines_memo *m, const char *src, size_t len, size_t count)
{
	uint32_t id;
	if (!m)
		return;
	/* As in lines_count_memo: room first; out of memory, not remembered. */
	pthread_mutex_lock(&m->mu);
	if (GROW(m->source_count, m->source_alloc, m->sources.count + 1) == 0 &&
	    hset_intern(&m->sources, &id, src, len, NULL) == 0)
		m->source_count[id] = count;
	pthread_mutex_unlock(&m->mu);
	error_clear();
}

size_t lines_at(const lines_block *b, size_t offset)
{
	size_t line = b->first;
	for (size_t i = 0; i < b->nlines; i++)
		if (b->lines[i].start <= offset)
			line = b->first + i;
	return line;
}

const lines_section *lines_find(const lines_doc *d, const char *slug)
{
	for (size_t i = 1; i < d->nsec; i++)
		if (strcmp(d->sec[i].slug, slug) == 0)
			return &d->sec[i];
	return NULL;
}
