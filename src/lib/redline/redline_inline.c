/* Redline: a block's merged tokens as properly nested events, and the
 * Markdown serializer for blocks whose words changed.
 *
 * Each token sits in a chain of formatting (emphasis, strong, link, image)
 * and has a status (equal, struck, inserted). The emitter opens and closes
 * formatting as the chain changes and wraps each run of struck or inserted
 * tokens in a change mark. A mark goes outside a formatting span when the
 * whole span lies in the run (`{--*gone*--}`), inside otherwise
 * (`*the {--big--} dog*`), so the output always nests. */
#include <stdlib.h>
#include <string.h>

#include "redline/redline_int.h"

/* The style at depth k+1 on the chain of `style` (0 if shallower). */
static uint32_t style_at(const charter_redline *rl, uint32_t style, uint32_t k)
{
	while (style && rl->styles[style].depth > k + 1)
		style = rl->styles[style].parent;
	return style && rl->styles[style].depth == k + 1 ? style : 0;
}

typedef struct {
	const charter_redline *rl;
	const rl_mtok *mt;
	size_t n;
	const rl_sink *sink;
	uint32_t stack[RL_MAX_STYLE_DEPTH + 1];
	size_t s;
	int mark;    /* status of the open change mark, or -1 */
	size_t wpos; /* styles below the mark */
} emitter;

static void close_mark(emitter *e)
{
	if (e->mark < 0)
		return;
	while (e->s > e->wpos) {
		e->s--;
		e->sink->close_style(e->sink->ctx, &e->rl->styles[e->stack[e->s]]);
	}
	e->sink->close_mark(e->sink->ctx, e->mark);
	e->mark = -1;
}

/* Does the formatting span `sid` (at depth k) that token i opens end
 * before the run of token i's status ends (at token `re`)? */
static bool span_fits(const emitter *e, size_t i, uint32_t k, uint32_t sid, size_t re)
{
	for (size_t j = i + 1; j <= re; j++)
		if (style_at(e->rl, e->mt[j].tok->style, k) != sid)
			return true;
	return re + 1 >= e->n || style_at(e->rl, e->mt[re + 1].tok->style, k) != sid;
}

/* brk[i] (brk may be NULL): a change mark must start at token i even when
 * the token before has its status (a sentence moved begins or ends). */
static int emit(const charter_redline *rl, const rl_mtok *mt, size_t n, const rl_sink *sink, const uint8_t *brk)
{
	if (n == 0)
		return 0;
	size_t *run_end = malloc(n * sizeof(size_t));
	if (!run_end)
		return error_set(CHARTER_ERROR, "out of memory");
	run_end[n - 1] = n - 1;
	for (size_t i = n - 1; i-- > 0;)
		run_end[i] = mt[i].status == mt[i + 1].status && !(brk && brk[i + 1]) ? run_end[i + 1] : i;

	emitter e = { rl, mt, n, sink, { 0 }, 0, -1, 0 };
	for (size_t i = 0; i < n; i++) {
		int st = mt[i].status;
		uint32_t path[RL_MAX_STYLE_DEPTH + 1];
		uint32_t len = 0;
		for (uint32_t sty = mt[i].tok->style; sty && len <= RL_MAX_STYLE_DEPTH; sty = rl->styles[sty].parent)
			len++;
		uint32_t sty = mt[i].tok->style;
		for (uint32_t k = len; k-- > 0; sty = rl->styles[sty].parent)
			path[k] = sty;

		bool starts = i == 0 || mt[i - 1].status != st || (brk && brk[i]);
		if (e.mark >= 0 && (e.mark != st || (brk && brk[i])))
			close_mark(&e);
		size_t c = 0;
		while (c < e.s && c < len && e.stack[c] == path[c])
			c++;
		if (e.mark >= 0 && c < e.wpos)
			close_mark(&e);
		while (e.s > c) {
			e.s--;
			sink->close_style(sink->ctx, &rl->styles[e.stack[e.s]]);
		}
		while (e.s < len) {
			uint32_t k = (uint32_t)e.s;
			if (st != RL_EQ) {
				bool fits = span_fits(&e, i, k, path[k], run_end[i]);
				if (e.mark >= 0 && !fits) {
					close_mark(&e);
					continue; /* may have closed styles: start over */
				}
				if (e.mark < 0 && fits) {
					sink->open_mark(sink->ctx, st, starts ? mt[i].moved : NULL);
					e.mark = st;
					e.wpos = e.s;
				}
			}
			sink->open_style(sink->ctx, &rl->styles[path[k]]);
			e.stack[e.s++] = path[k];
		}
		if (st != RL_EQ && e.mark < 0) {
			sink->open_mark(sink->ctx, st, starts ? mt[i].moved : NULL);
			e.mark = st;
			e.wpos = e.s;
		}
		sink->token(sink->ctx, mt[i].tok);
	}
	close_mark(&e);
	while (e.s > 0) {
		e.s--;
		sink->close_style(sink->ctx, &rl->styles[e.stack[e.s]]);
	}
	free(run_end);
	return 0;
}

int rl_emit_inlines(const charter_redline *rl, const rl_mtok *mt, size_t n, const rl_sink *sink)
{
	return emit(rl, mt, n, sink, NULL);
}

const rl_smove *rl_smove_at(const charter_redline *rl, const rl_mtok *t)
{
	if (!t->moved || t->status != RL_INS)
		return NULL;
	for (size_t k = 0; k < rl->nsmoves; k++)
		if (rl->smoves[k].at == t)
			return &rl->smoves[k];
	return NULL;
}

int rl_emit_moves(const charter_redline *rl, const rl_mtok *mt, size_t n, const rl_sink *sink)
{
	size_t total = n;
	bool any = false;
	for (size_t i = 0; i < n; i++) {
		const rl_smove *sm = rl_smove_at(rl, &mt[i]);
		if (sm) {
			total += sm->ninner - sm->len;
			any = true;
		}
	}
	if (!any)
		return emit(rl, mt, n, sink, NULL);
	rl_mtok *x = malloc((total + 1) * sizeof(*x));
	uint8_t *brk = calloc(total + 1, 1);
	int err = 0;
	if (!x || !brk) {
		err = error_set(CHARTER_ERROR, "out of memory");
		goto done;
	}
	size_t k = 0;
	for (size_t i = 0; i < n;) {
		const rl_smove *sm = rl_smove_at(rl, &mt[i]);
		if (!sm || i + sm->len > n) {
			x[k++] = mt[i++];
			continue;
		}
		brk[k] = 1;
		memcpy(x + k, sm->inner, sm->ninner * sizeof(*x));
		k += sm->ninner;
		brk[k] = 1;
		i += sm->len;
	}
	err = emit(rl, x, k, sink, brk);
done:
	free(x);
	free(brk);
	return err;
}

/* ---- Markdown ---------------------------------------------------------- */

typedef struct {
	buf *out;
	const rl_marks *m;
	bool heading;
	const char *cont;    /* after a soft break; NULL: a space instead */
	bool line_start;     /* nothing but marks written on this line yet */
	unsigned digits;     /* digits written since the line started */
} md_ctx;

/* Insert a backslash before out[at]. */
static void escape_back(buf *b, size_t at)
{
	buf_putc(b, '\\');
	if (b->oom)
		return;
	memmove(b->ptr + at + 1, b->ptr + at, b->size - 1 - at);
	b->ptr[at] = '\\';
}

static void md_text(md_ctx *c, const char *s, size_t len)
{
	buf *b = c->out;
	for (size_t k = 0; k < len; k++) {
		char ch = s[k];
		bool esc = false;
		if (c->line_start) {
			esc = ch == '#' || ch == '>' || ch == '-' || ch == '+' || ch == '=' || ch == '~';
		} else if (c->digits && (ch == '.' || ch == ')')) {
			esc = true; /* "1977." at the start of a line is a list item */
		}
		switch (ch) {
		case '\\': case '`': case '*': case '_': case '[': case ']': case '<':
			esc = true;
			break;
		case '#':
			esc = esc || c->heading;
			break;
		default:
			break;
		}
		if (ch >= '0' && ch <= '9' && (c->line_start || c->digits) && c->digits < 9)
			c->digits++;
		else
			c->digits = 0;
		c->line_start = false;
		if (esc)
			buf_putc(b, '\\');
		buf_putc(b, ch);
		if (ch == ';' && !b->oom) {
			/* "&amp;" written as text must not become an entity. */
			size_t end = b->size - 1, p = end;
			while (p > 0 && end - p < 32 && (((b->ptr[p - 1] | 0x20) >= 'a' && (b->ptr[p - 1] | 0x20) <= 'z') ||
			       (b->ptr[p - 1] >= '0' && b->ptr[p - 1] <= '9') || b->ptr[p - 1] == '#'))
				p--;
			if (p > 0 && p < end && b->ptr[p - 1] == '&' && (p < 2 || b->ptr[p - 2] != '\\'))
				escape_back(b, p - 1);
		}
	}
}

static void md_dest(buf *b, const char *url)
{
	bool angle = !*url;
	for (const char *p = url; *p && !angle; p++)
		angle = *p == ' ' || *p == '(' || *p == ')' || *p == '<' || *p == '>' || *p == '\\' ||
			(unsigned char)*p < 0x20;
	if (!angle) {
		buf_puts(b, url);
		return;
	}
	buf_putc(b, '<');
	for (const char *p = url; *p; p++) {
		if (*p == '<' || *p == '>' || *p == '\\')
			buf_putc(b, '\\');
		if (*p == '\n')
			buf_puts(b, "%0A");
		else
			buf_putc(b, *p);
	}
	buf_putc(b, '>');
}

static void md_open_style(void *ctx, const rl_style *s)
{
	md_ctx *c = ctx;
	buf *b = c->out;
	switch (s->type) {
	case CMARK_NODE_EMPH:
		buf_putc(b, '*');
		break;
	case CMARK_NODE_STRONG:
		buf_puts(b, "**");
		break;
	case CMARK_NODE_LINK:
		/* text "!" right before a link would make it an image */
		if (b->size && b->ptr[b->size - 1] == '!' && (b->size < 2 || b->ptr[b->size - 2] != '\\'))
			escape_back(b, b->size - 1);
		buf_putc(b, '[');
		break;
	case CMARK_NODE_IMAGE:
		buf_puts(b, "![");
		break;
	default:
		break;
	}
	c->line_start = false;
	c->digits = 0;
}

static void md_close_style(void *ctx, const rl_style *s)
{
	md_ctx *c = ctx;
	buf *b = c->out;
	switch (s->type) {
	case CMARK_NODE_EMPH:
		buf_putc(b, '*');
		break;
	case CMARK_NODE_STRONG:
		buf_puts(b, "**");
		break;
	case CMARK_NODE_LINK:
	case CMARK_NODE_IMAGE:
		buf_puts(b, "](");
		md_dest(b, s->url);
		if (*s->title) {
			buf_puts(b, " \"");
			for (const char *p = s->title; *p; p++) {
				if (*p == '"' || *p == '\\')
					buf_putc(b, '\\');
				buf_putc(b, *p);
			}
			buf_putc(b, '"');
		}
		buf_putc(b, ')');
		break;
	default:
		break;
	}
	c->line_start = false;
	c->digits = 0;
}

static void md_open_mark(void *ctx, int status, const char *moved)
{
	md_ctx *c = ctx;
	if (moved) {
		buf_puts(c->out, c->m->note_open);
		buf_puts(c->out, moved);
		buf_puts(c->out, c->m->note_close);
	}
	buf_puts(c->out, rl_mark_open(c->m, status));
}

static void md_close_mark(void *ctx, int status)
{
	md_ctx *c = ctx;
	buf_puts(c->out, rl_mark_close(c->m, status));
}

static void md_code(buf *b, const char *s, size_t len)
{
	size_t run = 0, longest = 0;
	bool all_space = true;
	for (size_t k = 0; k < len; k++) {
		run = s[k] == '`' ? run + 1 : 0;
		longest = run > longest ? run : longest;
		all_space = all_space && s[k] == ' ';
	}
	bool pad = len && (s[0] == '`' || s[len - 1] == '`' || (!all_space && s[0] == ' ' && s[len - 1] == ' '));
	for (size_t k = 0; k <= longest; k++)
		buf_putc(b, '`');
	if (pad)
		buf_putc(b, ' ');
	buf_put(b, s, len);
	if (pad)
		buf_putc(b, ' ');
	for (size_t k = 0; k <= longest; k++)
		buf_putc(b, '`');
}

static void md_token(void *ctx, const rl_tok *t)
{
	md_ctx *c = ctx;
	switch (t->kind) {
	case RL_CODE:
		md_code(c->out, t->text, t->len);
		c->line_start = false;
		c->digits = 0;
		break;
	case RL_HTML:
	case RL_ATOM:
		buf_put(c->out, t->text, t->len);
		c->line_start = false;
		c->digits = 0;
		break;
	case RL_BREAK:
		buf_puts(c->out, "\\\n");
		c->line_start = true;
		c->digits = 0;
		break;
	case RL_SOFT:
		if (!c->cont) {
			md_text(c, " ", 1);
			break;
		}
		buf_putc(c->out, '\n');
		buf_puts(c->out, c->cont);
		c->line_start = true;
		c->digits = 0;
		break;
	default:
		md_text(c, t->text, t->len);
		break;
	}
}

int rl_inline_markdown(buf *out, const charter_redline *rl, const rl_mtok *mt, size_t n,
	const rl_marks *m, bool heading, const char *cont)
{
	md_ctx c = { out, m, heading, cont, true, 0 };
	rl_sink sink = { md_open_style, md_close_style, md_open_mark, md_close_mark, md_token, &c };
	int err = rl_emit_moves(rl, mt, n, &sink);
	return err < 0 ? err : buf_check(out);
}

void rl_move_note(buf *out, const charter_redline *rl, const rl_outblock *ob)
{
	if (ob->kind == RL_OB_MOVE) {
		if (ob->dir) {
			buf_puts(out, ob->dir < 0 ? "moved from above" : "moved from below");
		} else {
			buf_puts(out, "moved from ");
			buf_puts(out, rl->sec[RL_OLD][ob->old->section].slug);
			if (rl->parts && strcmp(rl->sec[RL_OLD][ob->old->section].slug,
				rl->sec[RL_NEW][ob->new->section].slug) != 0) {
				/* No heading says where this block is now: say it. */
				buf_puts(out, " to ");
				buf_puts(out, rl->sec[RL_NEW][ob->new->section].slug);
			}
		}
	} else {
		if (ob->dir) {
			buf_puts(out, ob->dir < 0 ? "moved up" : "moved down");
		} else {
			buf_puts(out, "moved to ");
			buf_puts(out, rl->sec[RL_NEW][ob->old->partner->section].slug);
		}
	}
}
