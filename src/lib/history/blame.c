/* blame: every word of a section attributed to the adoption that put it
 * there, from the index's per-section states (cache_replay.c). */
#include <stdlib.h>
#include <string.h>

#include "base/grow.h"
#include "base/json.h"
#include "history/history_int.h"
#include "base/html.h"
#include "store/store.h"
#include "words/words.h"
#include "words/typography.h"

struct charter_blame {
	hist_view v;
	char *section;
	charter_blame_segment *seg;
	size_t n;
};

/* The adoption of byte `off` of a line. */
static uint32_t adoption_at(const cache_line *l, uint32_t off)
{
	uint32_t end = 0;
	for (uint32_t r = 0; r < l->nruns; r++) {
		end += l->runs[r].len;
		if (off < end)
			return l->runs[r].adoption;
	}
	return l->nruns ? l->runs[l->nruns - 1].adoption : IDX_NONE;
}

typedef struct {
	buf text;
	uint32_t *k;       /* per segment: adoption */
	size_t *start;     /* per segment: offset in text */
	size_t n, a;
} seg_builder;

static int seg_add(seg_builder *s, uint32_t k, const char *p, size_t len)
{
	if (k == IDX_NONE && s->n)
		k = s->k[s->n - 1];
	if (s->n == 0 || s->k[s->n - 1] != k) {
		size_t a = s->a;
		if (GROW(s->k, a, s->n + 1) < 0 || (a != s->a && GROW_EXACT(s->start, a) < 0))
			return CHARTER_ERROR;
		s->a = a;
		s->k[s->n] = k;
		s->start[s->n++] = s->text.size;
	}
	buf_put(&s->text, p, len);
	return 0;
}

/* One line's tokens (words/words.h, the word model of the replay). */
typedef struct {
	seg_builder *s;
	const cache_line *l;
	uint32_t prev;
} line_walk;

static int line_token(void *ctx, int kind, const char *p, size_t len)
{
	line_walk *w = ctx;
	const cache_line *l = w->l;
	uint32_t off = (uint32_t)(p - l->text), k;
	if (kind != WORDS_SPACE) {
		k = w->prev = adoption_at(l, off);
	} else if (w->prev != IDX_NONE) {
		k = w->prev;
	} else {
		k = off + len < l->len ? adoption_at(l, (uint32_t)(off + len)) : IDX_NONE;
	}
	return seg_add(w->s, k, p, len);
}

/* Words keep their adoption; blanks go with the word before them (the word
 * after them at the start of a line); line breaks with what precedes. */
static int build_segments(seg_builder *s, const cache_state *st)
{
	int error = 0;
	for (uint32_t i = 0; i < st->nlines && error == 0; i++) {
		line_walk w = { s, &st->lines[i], IDX_NONE };
		error = words_tokenize(w.l->text, w.l->len, line_token, &w);
		if (error == 0)
			error = seg_add(s, IDX_NONE, "\n", 1);
	}
	return error ? error : buf_check(&s->text);
}

/* The section's own text at adoption `k` (the last change to it up to k). */
static int own_text(git_odb_object **out, hist_cache *ix, uint32_t slug, uint32_t k)
{
	*out = NULL;
	for (uint32_t j = k + 1; j-- > 0;)
		for (uint32_t c = 0; c < ix->ad[j].nchanges; c++)
			if (ix->ad[j].changes[c].slug == slug)
				return git_oid_is_zero(&ix->ad[j].changes[c].new) ? CHARTER_ENOTFOUND
					: cache_blob(out, ix, &ix->ad[j].changes[c].new);
	return CHARTER_ENOTFOUND;
}

/* `real` (the section's own lines) with the adoptions of `plain` (the
 * same lines in plain typography, as replayed): each character of a line
 * gets the adoption of the first byte of its plain form. Runs and lines
 * are malloc'ed into `real`; free with plain_free(). */
static int plain_to_own(cache_state *real, const cache_state *plain, const char *text, size_t len)
{
	int error;
	buf f = BUF_INIT;
	size_t *map = NULL;
	memset(real, 0, sizeof(*real));
	if ((error = cache_split_lines(&real->lines, &real->nlines, text, len)) < 0)
		return error;
	real->present = true;
	if (real->nlines != plain->nlines)
		return error_set(CHARTER_ERROR, "blame: the plain text has %u lines, the text %u", plain->nlines,
			real->nlines);
	for (uint32_t i = 0; i < real->nlines && error == 0; i++) {
		cache_line *l = &real->lines[i];
		const cache_line *p = &plain->lines[i];
		cache_run *runs = malloc(((size_t)l->len + 1) * sizeof(*runs));
		l->runs = runs, l->nruns = 0;
		buf_clear(&f);
		if (!runs || (error = typo_fold(&f, &map, l->text, l->len)) < 0) {
			error = error ? error : error_set(CHARTER_ERROR, "out of memory");
			break;
		}
		if (f.size != p->len) {
			free(map), map = NULL;
			error = error_set(CHARTER_ERROR, "blame: a line of the plain text differs from the text's");
			break;
		}
		for (size_t j = 0; j < f.size; j++) {
			if (j > 0 && map[j] == map[j - 1])
				continue; /* the rest of one character's plain form */
			size_t next = j + 1;
			while (next < f.size && map[next] == map[j])
				next++;
			uint32_t width = (uint32_t)(map[next] - map[j]);
			uint32_t a = adoption_at(p, (uint32_t)j);
			if (l->nruns && runs[l->nruns - 1].adoption == a)
				runs[l->nruns - 1].len += width;
			else
				runs[l->nruns++] = (cache_run){ width, a };
		}
		free(map), map = NULL;
	}
	buf_free(&f);
	return error;
}

static void plain_free(cache_state *real)
{
	for (uint32_t i = 0; real->lines && i < real->nlines; i++)
		free((void *)real->lines[i].runs);
	free(real->lines);
}

int charter_blame_load(charter_blame **out, charter_store *store, const char *section, const char *at)
{
	return charter_blame_load_opts(out, store, section, at, NULL);
}

int charter_blame_load_opts(charter_blame **out, charter_store *store, const char *section, const char *at,
	const charter_blame_options *opts)
{
	int error;
	hist_cache *ix = NULL;
	cache_state *scratch = NULL;
	const cache_state *st;
	uint32_t slug, k;
	seg_builder sb = { BUF_INIT, NULL, NULL, 0, 0 };
	cache_state own = { false, NULL, 0 };
	git_odb_object *blob = NULL;
	*out = NULL;
	if (opts && opts->version != CHARTER_BLAME_OPTIONS_VERSION)
		return error_set(CHARTER_EINVALID, "blame: options version %u (expected %u): start from "
			"CHARTER_BLAME_OPTIONS_INIT", opts->version, CHARTER_BLAME_OPTIONS_VERSION);
	bool plain = opts && (opts->flags & CHARTER_HISTORY_IGNORE_TYPOGRAPHY);
	charter_blame *b = calloc(1, sizeof(*b));
	if (!b)
		return error_set(CHARTER_ERROR, "out of memory");
	if ((error = store_cache_open(&ix, store, IDX_META | IDX_STATES)) < 0)
		goto fail;
	if ((error = view_init(&b->v, ix)) < 0) {
		cache_free(ix);
		goto fail;
	}
	if ((error = view_section(&slug, ix, section)) < 0)
		goto fail;
	k = ix->n - 1;
	if (at && *at && (error = view_resolve(&k, store, ix, at)) < 0)
		goto fail;
	if (k + 1 == ix->n && !plain) {
		if ((error = cache_ensure(ix, &slug, 1)) < 0)
			goto fail;
		st = &ix->st[slug];
	} else {
		if ((error = cache_states_at(&scratch, ix, slug, k + 1, plain)) < 0)
			goto fail;
		st = &scratch[slug];
	}
	if (!st->present) {
		error = error_set(CHARTER_ENOTFOUND, "no section '%s' in the text %s%s", section,
			at && *at ? "at " : "today", at && *at ? at : "");
		goto fail;
	}
	if (plain) {
		/* The adoptions of the plain replay, on the section's own characters. */
		if ((error = own_text(&blob, ix, slug, k)) < 0 ||
		    (error = plain_to_own(&own, st, git_odb_object_data(blob), git_odb_object_size(blob))) < 0)
			goto fail;
		st = &own;
	}
	if ((error = build_segments(&sb, st)) < 0 || (error = cache_load_messages(ix, sb.k, sb.n)) < 0)
		goto fail;
	if (!(b->seg = calloc(sb.n + 1, sizeof(*b->seg))) || !(b->section = xstrdup(section))) {
		error = error_set(CHARTER_ERROR, "out of memory");
		goto fail;
	}
	for (size_t i = 0; i < sb.n; i++) {
		size_t end = i + 1 < sb.n ? sb.start[i + 1] : sb.text.size;
		charter_blame_segment *g = &b->seg[i];
		g->len = end - sb.start[i];
		g->text = cache_strndup(ix, sb.text.ptr + sb.start[i], g->len);
		g->adoption = view_adoption(&b->v, sb.k[i]);
		if (!g->text || !g->adoption) {
			error = CHARTER_ERROR;
			goto fail;
		}
	}
	b->n = sb.n;
	cache_save(ix);
	*out = b;
	goto done;
fail:
	charter_blame_free(b);
done:
	if (scratch && ix)
		cache_states_free(scratch, ix->nslugs);
	plain_free(&own);
	git_odb_object_free(blob);
	buf_free(&sb.text);
	free(sb.k);
	free(sb.start);
	return error;
}

size_t charter_blame_count(const charter_blame *b)
{
	return b->n;
}

const charter_blame_segment *charter_blame_get(const charter_blame *b, size_t i)
{
	return i < b->n ? &b->seg[i] : NULL;
}

void charter_blame_free(charter_blame *b)
{
	if (!b)
		return;
	view_free(&b->v);
	free(b->seg);
	free(b->section);
	free(b);
}

/* ---- rendering ---- */

/* The label of an adoption for the text output: date, convention, what. */
static void label(buf *b, const charter_adoption *a, size_t conv_width)
{
	const char *conv = a->convention ? a->convention : "-";
	buf_printf(b, "%s  %-*s  ", a->date, (int)conv_width, conv);
	if (a->kind == CHARTER_ADOPTION_FOUNDING)
		buf_puts(b, "founding text");
	else if (a->kind == CHARTER_ADOPTION_RECORD)
		buf_puts(b, "recorded");
	else if (a->amendment)
		buf_printf(b, "amendment %s", a->amendment);
	else
		buf_printf(b, "commit %.12s", a->commit);
}

static size_t utf8_width(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

static bool same_convention(const charter_adoption *x, const charter_adoption *y)
{
	return (x->convention && y->convention) ? strcmp(x->convention, y->convention) == 0
		: x->convention == y->convention;
}

/* Per segment, the index of its convention among those of the blame in
 * order of first appearance (the colour); `*nconv` the number of them, and
 * `first[c]` a segment of convention c. NULL on out-of-memory. */
static size_t *convention_indexes(const charter_blame *b, size_t *nconv, size_t **first)
{
	size_t *idx = calloc(b->n + 1, sizeof(*idx)), *f = calloc(b->n + 1, sizeof(*f)), n = 0;
	if (!idx || !f) {
		free(idx);
		free(f);
		return NULL;
	}
	for (size_t i = 0; i < b->n; i++) {
		size_t c = 0;
		while (c < n && !same_convention(b->seg[f[c]].adoption, b->seg[i].adoption))
			c++;
		if (c == n)
			f[n++] = i;
		idx[i] = c;
	}
	*nconv = n;
	if (first)
		*first = f;
	else
		free(f);
	return idx;
}

static void render_text(buf *b, const charter_blame *bl, bool color)
{
	size_t nconv, *cidx = convention_indexes(bl, &nconv, NULL);
	if (!cidx) {
		b->oom = true;
		return;
	}
	static const char *colors[] = { "\033[36m", "\033[33m", "\033[35m", "\033[32m", "\033[34m", "\033[31m" };
	size_t width = 0, conv_width = 1;
	for (size_t i = 0; i < bl->n; i++) {
		const char *conv = bl->seg[i].adoption->convention;
		size_t w = conv ? strlen(conv) : 1;
		conv_width = w > conv_width ? w : conv_width;
	}
	for (size_t i = 0; i < bl->n; i++) {
		buf l = BUF_INIT;
		label(&l, bl->seg[i].adoption, conv_width);
		size_t w = utf8_width(buf_cstr(&l), l.size);
		width = w > width ? w : width;
		buf_free(&l);
	}
	bool line_start = true;
	for (size_t i = 0; i < bl->n; i++) {
		const charter_blame_segment *g = &bl->seg[i];
		buf l = BUF_INIT;
		label(&l, g->adoption, conv_width);
		const char *c = color ? colors[cidx[i] % ARRAY_SIZE(colors)] : "";
		const char *p = g->text, *end = g->text + g->len;
		while (p < end) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
			if (n > 0) {
				if (!line_start)
					buf_putc(b, '\n');
				buf_printf(b, "%s%s%*s%s | ", c, buf_cstr(&l), (int)(width - utf8_width(l.ptr, l.size)), "",
					color ? "\033[0m" : "");
				buf_put(b, p, n);
				line_start = false;
			}
			if (nl) {
				/* end of a paragraph: a blank line between paragraphs */
				if (line_start)
					buf_putc(b, '\n');
				else
					buf_putc(b, '\n');
				line_start = true;
				p = nl + 1;
			} else {
				p = end;
			}
		}
		buf_free(&l);
	}
	if (!line_start)
		buf_putc(b, '\n');
	free(cidx);
}

/* The provenance of an adoption as words: "Amendment 3, 2013-convention, 2013-04-05". */
static void provenance(buf *b, const charter_adoption *a, blame_href_fn href, void *payload)
{
	buf h = BUF_INIT;
	if (href)
		href(&h, a, payload);
	if (h.size) {
		buf_puts(b, "<a href=\"");
		html_escape(b, h.ptr, h.size);
		buf_puts(b, "\">");
	}
	if (a->amendment) {
		buf_puts(b, "Amendment ");
		html_escape_str(b, a->amendment);
	} else {
		buf_puts(b, a->kind == CHARTER_ADOPTION_FOUNDING ? "The founding text" : "Recorded text");
	}
	if (h.size)
		buf_puts(b, "</a>");
	buf_free(&h);
	if (a->convention) {
		buf_puts(b, ", ");
		html_escape_str(b, a->convention);
	}
	buf_printf(b, ", <time datetime=\"%s\">%s</time>", a->date, a->date);
}

static size_t mark_of(const charter_adoption **seen, size_t *nseen, const charter_adoption *a)
{
	for (size_t i = 0; i < *nseen; i++)
		if (seen[i] == a)
			return i + 1;
	seen[(*nseen)++] = a;
	return *nseen;
}

void blame_html_body(buf *b, const charter_blame *bl, blame_href_fn href, void *payload)
{
	const charter_adoption **seen = calloc(bl->n + 1, sizeof(*seen));
	size_t *para = calloc(bl->n + 1, sizeof(*para)); /* marks of this paragraph */
	size_t nseen = 0, npara = 0;
	if (!seen || !para) {
		b->oom = true;
		free(seen);
		free(para);
		return;
	}
	buf_puts(b, "<p class=\"legend\">After every passage a numbered mark names the adoption that put it "
		"there; beside each paragraph (below it on a narrow screen or on paper) the notes say which amendment, "
		"convention and date each number stands for.</p>\n");
	bool open = false;
	int level = 0;
	for (size_t i = 0; i < bl->n; i++) {
		const charter_blame_segment *g = &bl->seg[i];
		const char *p = g->text, *end = g->text + g->len;
		while (p < end) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
			if (n > 0) {
				if (!open) {
					level = 0;
					while (level < (int)n && p[level] == '#')
						level++;
					if (level == 0 || level >= (int)n || p[level] != ' ')
						level = 0;
					buf_puts(b, "<div class=\"para\">");
					if (level)
						buf_printf(b, "<h%d>", level + 1 > 6 ? 6 : level + 1);
					else
						buf_puts(b, "<p>");
					open = true;
					npara = 0;
					if (level) { /* the heading, not its Markdown marker */
						p += level + 1, n -= (size_t)level + 1;
						if (n == 0)
							continue;
					}
				}
				size_t words = n;
				while (words > 0 && (p[words - 1] == ' ' || p[words - 1] == '\t'))
					words--;
				html_escape(b, p, words);
				size_t m = mark_of(seen, &nseen, g->adoption);
				if (!npara || para[npara - 1] != m) {
					bool listed = false;
					for (size_t j = 0; j < npara; j++)
						listed |= para[j] == m;
					if (!listed)
						para[npara++] = m;
				}
				buf_printf(b, "<sup class=\"mark\">[%zu]</sup>", m);
				html_escape(b, p + words, n - words);
			}
			if (nl) {
				if (open) {
					if (level)
						buf_printf(b, "</h%d>", level + 1 > 6 ? 6 : level + 1);
					else
						buf_puts(b, "</p>");
					buf_puts(b, "\n<ul class=\"notes\">");
					for (size_t j = 0; j < npara; j++) {
						buf_printf(b, "<li>[%zu] ", para[j]);
						provenance(b, seen[para[j] - 1], href, payload);
						buf_puts(b, "</li>");
					}
					buf_puts(b, "</ul></div>\n");
				}
				open = false;
				p = nl + 1;
			} else {
				p = end;
			}
		}
	}
	if (open) {
		if (level)
			buf_printf(b, "</h%d>", level + 1 > 6 ? 6 : level + 1);
		else
			buf_puts(b, "</p>");
		buf_puts(b, "\n<ul class=\"notes\">");
		for (size_t j = 0; j < npara; j++) {
			buf_printf(b, "<li>[%zu] ", para[j]);
			provenance(b, seen[para[j] - 1], href, payload);
			buf_puts(b, "</li>");
		}
		buf_puts(b, "</ul></div>\n");
	}
	free(seen);
	free(para);
}

const char *blame_section(const charter_blame *bl)
{
	return bl->section;
}

static void render_html(buf *b, const charter_blame *bl)
{
	buf title = BUF_INIT;
	buf_printf(&title, "Who adopted each passage of %s", bl->section);
	html_page_begin(b, buf_cstr(&title), NULL);
	buf_puts(b, "<h1>Who adopted each passage of <code>");
	html_escape_str(b, bl->section);
	buf_puts(b, "</code></h1>\n");
	if (title.oom)
		b->oom = true;
	buf_free(&title);
	blame_html_body(b, bl, NULL, NULL);
	html_page_end(b);
}

int charter_blame_render(char **out, size_t *out_len, const charter_blame *bl, charter_format format,
	unsigned int flags)
{
	buf b = BUF_INIT;
	*out = NULL;
	switch (format) {
	case CHARTER_FORMAT_TEXT:
		render_text(&b, bl, (flags & CHARTER_HISTORY_COLOR) != 0);
		break;
	case CHARTER_FORMAT_HTML:
		render_html(&b, bl);
		break;
	case CHARTER_FORMAT_JSON:
		buf_puts(&b, "[");
		for (size_t i = 0; i < bl->n; i++) {
			const charter_blame_segment *g = &bl->seg[i];
			buf_puts(&b, i ? ",\n {\"text\": " : "\n {\"text\": ");
			json_stringn(&b, g->text, g->len);
			buf_puts(&b, ", ");
			json_adoption_fields(&b, g->adoption);
			buf_puts(&b, "}");
		}
		buf_puts(&b, bl->n ? "\n]\n" : "]\n");
		break;
	default:
		return error_set(CHARTER_EINVALID, "blame is text, html or json");
	}
	return buf_hand_over(&b, out, out_len);
}
