/* Redline: one section as a merged cmark tree — kept, struck and inserted
 * blocks in one document, change marks as custom inline nodes — rendered
 * by cmark: HTML (safe mode), or CommonMark when the source positions of a
 * section cannot be trusted for the Markdown renderer. */
#include <stdlib.h>
#include <string.h>

#include "base/grow.h"
#include "base/html.h"
#include "redline/redline_int.h"

static const rl_marks html_marks = { "<del>", "</del>", "<ins>", "</ins>", "", "", "", "",
	"<del class=\"typo\">", "</del>", "<ins class=\"typo\">", "</ins>", "<ins class=\"moved-words\">", "</ins>" };

/* ---- inline content ---------------------------------------------------- */

#define TREE_MAX_DEPTH (RL_MAX_STYLE_DEPTH + 8)

typedef struct {
	cmark_node *stack[TREE_MAX_DEPTH];
	size_t n;
	buf text; /* pending text for one TEXT node */
	const rl_marks *m;
	bool commonmark; /* rendering Markdown, not HTML */
} tree_ctx;

static cmark_node *top(tree_ctx *t)
{
	return t->stack[t->n - 1];
}

static void append(tree_ctx *t, cmark_node *node)
{
	if (node && !cmark_node_append_child(top(t), node))
		cmark_node_free(node);
}

static void flush(tree_ctx *t)
{
	if (!t->text.size || t->text.oom)
		return;
	cmark_node *node = cmark_node_new(CMARK_NODE_TEXT);
	cmark_node_set_literal(node, t->text.ptr);
	append(t, node);
	buf_clear(&t->text);
}

static void push(tree_ctx *t, cmark_node *node)
{
	if (node && cmark_node_append_child(top(t), node)) {
		t->stack[t->n++] = node;
		return;
	}
	cmark_node_free(node);
	t->stack[t->n] = top(t); /* keep opens and closes balanced */
	t->n++;
}

static void tree_open_style(void *ctx, const rl_style *s)
{
	tree_ctx *t = ctx;
	flush(t);
	if (t->n >= TREE_MAX_DEPTH)
		return;
	cmark_node *node = cmark_node_new(s->type);
	if (s->type == CMARK_NODE_LINK || s->type == CMARK_NODE_IMAGE) {
		cmark_node_set_url(node, s->url);
		cmark_node_set_title(node, s->title);
	}
	push(t, node);
}

static void tree_close(void *ctx)
{
	tree_ctx *t = ctx;
	flush(t);
	if (t->n > 1)
		t->n--;
}

static void tree_close_style(void *ctx, const rl_style *s)
{
	(void)s;
	tree_close(ctx);
}

static void tree_open_mark(void *ctx, int status, const char *moved)
{
	tree_ctx *t = ctx;
	flush(t);
	if (t->n >= TREE_MAX_DEPTH)
		return;
	cmark_node *node = cmark_node_new(CMARK_NODE_CUSTOM_INLINE);
	if (moved) {
		/* A sentence moved: its note before the mark (slugs need no escaping). */
		buf note = BUF_INIT;
		if (t->m == &html_marks)
			buf_printf(&note, "<span class=\"moved-note\">%s</span> %s", moved, rl_mark_open(t->m, status));
		else
			buf_printf(&note, "%s%s%s%s", t->m->note_open, moved, t->m->note_close, rl_mark_open(t->m, status));
		cmark_node_set_on_enter(node, buf_cstr(&note));
		buf_free(&note);
	} else {
		cmark_node_set_on_enter(node, rl_mark_open(t->m, status));
	}
	cmark_node_set_on_exit(node, rl_mark_close(t->m, status));
	push(t, node);
}

static void tree_close_mark(void *ctx, int status)
{
	(void)status;
	tree_close(ctx);
}

static void tree_token(void *ctx, const rl_tok *tok)
{
	tree_ctx *t = ctx;
	cmark_node_type type;
	switch (tok->kind) {
	case RL_CODE:
		type = CMARK_NODE_CODE;
		break;
	case RL_HTML:
		type = CMARK_NODE_HTML_INLINE;
		break;
	case RL_BREAK:
	case RL_SOFT:
		flush(t);
		append(t, cmark_node_new(tok->kind == RL_BREAK ? CMARK_NODE_LINEBREAK : CMARK_NODE_SOFTBREAK));
		return;
	case RL_PARA: {
		/* A struck or inserted paragraph break: a visible mark. */
		if (t->commonmark) {
			buf_put(&t->text, tok->text, tok->len);
			return;
		}
		flush(t);
		cmark_node *node = cmark_node_new(CMARK_NODE_CUSTOM_INLINE);
		cmark_node_set_on_enter(node, "<span class=\"pilcrow\" title=\"paragraph break\">\xc2\xb6</span>");
		cmark_node_set_on_exit(node, "");
		append(t, node);
		return;
	}
	default:
		buf_put(&t->text, tok->text, tok->len);
		return;
	}
	flush(t);
	buf_put(&t->text, tok->text, tok->len);
	if (t->text.oom)
		return;
	cmark_node *node = cmark_node_new(type);
	cmark_node_set_literal(node, t->text.ptr);
	buf_clear(&t->text);
	append(t, node);
}

/* ---- blocks ------------------------------------------------------------ */

/* The container a block's container stands for in the output: the new
 * one it was matched with, if any. */
static cmark_node *canon(cmark_node *c)
{
	void *u = cmark_node_get_user_data(c);
	return u ? u : c;
}

static cmark_node *copy_block(cmark_node *src)
{
	cmark_node_type type = cmark_node_get_type(src);
	cmark_node *n = cmark_node_new(type);
	const char *s;
	switch (type) {
	case CMARK_NODE_LIST:
		cmark_node_set_list_type(n, cmark_node_get_list_type(src));
		cmark_node_set_list_delim(n, cmark_node_get_list_delim(src));
		cmark_node_set_list_start(n, cmark_node_get_list_start(src));
		cmark_node_set_list_tight(n, cmark_node_get_list_tight(src));
		break;
	case CMARK_NODE_HEADING:
		cmark_node_set_heading_level(n, cmark_node_get_heading_level(src));
		break;
	case CMARK_NODE_CODE_BLOCK:
		s = cmark_node_get_fence_info(src);
		cmark_node_set_fence_info(n, s ? s : "");
		/* fall through */
	case CMARK_NODE_HTML_BLOCK:
		s = cmark_node_get_literal(src);
		cmark_node_set_literal(n, s ? s : "");
		break;
	default:
		break;
	}
	return n;
}

static cmark_node *custom_block(const char *enter, const char *exit)
{
	cmark_node *n = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
	cmark_node_set_on_enter(n, enter);
	cmark_node_set_on_exit(n, exit);
	return n;
}

/* Append `child` to `parent`, or to `fallback` if `parent` cannot hold it. */
static void place(cmark_node *parent, cmark_node *fallback, cmark_node *child)
{
	if (cmark_node_append_child(parent, child))
		return;
	if (fallback != parent && cmark_node_append_child(fallback, child))
		return;
	cmark_node_free(child);
}

/* Append the container `cb` to `parent` and return it, the node the next
 * blocks go in; when `parent` cannot hold it, free it and return `parent`. */
static cmark_node *wrap(cmark_node *parent, cmark_node *cb)
{
	if (cmark_node_append_child(parent, cb))
		return cb;
	cmark_node_free(cb);
	return parent;
}

/* Put `raw` (copied by cmark) first in `leaf`, as it is written. */
static int prepend_raw(cmark_node *leaf, const buf *raw)
{
	int err = buf_check(raw);
	if (err < 0)
		return err;
	cmark_node *n = cmark_node_new(CMARK_NODE_CUSTOM_INLINE);
	cmark_node_set_on_enter(n, raw->ptr);
	if (!cmark_node_prepend_child(leaf, n))
		cmark_node_free(n);
	return 0;
}

/* A move's note in CriticMarkup, e.g. {>>moved from x<<}. */
static void marked_move_note(buf *note, const rl_marks *m, const charter_redline *rl, const rl_outblock *ob)
{
	buf_puts(note, m->note_open);
	rl_move_note(note, rl, ob);
	buf_puts(note, m->note_close);
}

static int build(cmark_node **out, const charter_redline *rl, const rl_outsection *os,
	const rl_marks *m, bool commonmark)
{
	cmark_node *doc = cmark_node_new(CMARK_NODE_DOCUMENT);
	struct frame {
		cmark_node *canon, *node;
	} *frames = NULL;
	size_t nframes = 0, aframes = 0;
	tree_ctx t;
	memset(&t, 0, sizeof(t));
	t.m = m;
	t.commonmark = commonmark;
	buf note = BUF_INIT, text = BUF_INIT;
	int err = 0;

	for (size_t b = 0; b < os->nblocks && !err; b++) {
		const rl_outblock *ob = &os->blocks[b];
		const rl_leaf *l = ob->kind == RL_OB_DELETE || ob->kind == RL_OB_MOVED_AWAY ? ob->old : ob->new;

		/* Close the containers this block is not in, open the others. */
		size_t c = 0;
		while (c < nframes && c < l->depth && frames[c].canon == canon(l->chain[c]))
			c++;
		nframes = c;
		if ((err = GROW(frames, aframes, l->depth)) < 0)
			break;
		cmark_node *parent = nframes ? frames[nframes - 1].node : doc;
		for (; nframes < l->depth; nframes++) {
			cmark_node *src = canon(l->chain[nframes]);
			frames[nframes].canon = src;
			frames[nframes].node = parent = wrap(parent, copy_block(src));
		}

		cmark_node *target = parent;
		if (ob->kind == RL_OB_MOVED_AWAY) {
			/* Only a note where the block was. */
			buf_clear(&note);
			if (commonmark) {
				marked_move_note(&note, m, rl, ob);
			} else {
				buf_puts(&note, "<p class=\"moved-away\" data-to=\"");
				html_escape_attr(&note, rl->sec[RL_NEW][ob->old->partner->section].slug);
				buf_puts(&note, "\">");
				buf_clear(&text);
				rl_move_note(&text, rl, ob);
				html_escape_attr(&note, buf_cstr(&text));
				buf_puts(&note, "</p>");
			}
			if ((err = buf_check(&note)) < 0)
				break;
			place(parent, parent, custom_block(note.ptr, ""));
			continue;
		}
		if (ob->kind == RL_OB_MOVE) {
			const char *from = rl->sec[RL_OLD][ob->old->section].slug;
			buf_clear(&note);
			if (commonmark) {
				marked_move_note(&note, m, rl, ob);
			} else {
				buf_puts(&note, "<div class=\"moved\" data-from=\"");
				html_escape_attr(&note, from);
				buf_puts(&note, "\">");
			}
			if ((err = buf_check(&note)) < 0)
				break;
			target = wrap(parent, custom_block(note.ptr, commonmark ? "" : "</div>"));
		} else if ((ob->kind == RL_OB_DELETE || ob->kind == RL_OB_INSERT) && !l->has_inlines && l->ntoks) {
			bool del = ob->kind == RL_OB_DELETE;
			target = wrap(parent, custom_block(del ? m->del_open : m->ins_open, del ? m->del_close : m->ins_close));
		}

		cmark_node *leaf = copy_block(l->node);
		place(target, parent, leaf);
		if (l->has_inlines && cmark_node_parent(leaf)) {
			t.stack[0] = leaf;
			t.n = 1;
			rl_sink sink = { tree_open_style, tree_close_style, tree_open_mark, tree_close_mark, tree_token, &t };
			if ((err = rl_emit_moves(rl, ob->mt, ob->nmt, &sink)) < 0)
				break;
			flush(&t);
			if ((err = buf_check(&t.text)) < 0)
				break;
			if (ob->kind == RL_OB_MOVE && !commonmark) {
				/* Where the block came from, as visible text (the bar beside it
				 * says only that it moved; paper shows no attributes). */
				buf_clear(&text);
				rl_move_note(&text, rl, ob);
				buf_clear(&note);
				buf_puts(&note, "<span class=\"moved-note\">");
				html_escape_attr(&note, buf_cstr(&text));
				buf_puts(&note, "</span> ");
				if ((err = prepend_raw(leaf, &note)) < 0)
					break;
			}
			char margin[48];
			if (rl_margin_label(rl, ob, margin)) {
				/* The base's lines, first in the block (styled into the margin). */
				buf_clear(&note);
				if (commonmark)
					buf_printf(&note, "%s%s %s%s ", m->note_open, strstr(margin, "–") ? "lines" : "line", margin, m->note_close);
				else
					buf_printf(&note, "<span class=\"margin-ln\">%s</span>", margin);
				if ((err = prepend_raw(leaf, &note)) < 0)
					break;
			}
		}
	}
	free(frames);
	buf_free(&t.text);
	buf_free(&note);
	buf_free(&text);
	if (err < 0) {
		cmark_node_free(doc);
		return err;
	}
	*out = doc;
	return 0;
}

int rl_render_tree(buf *out, const charter_redline *rl, const rl_outsection *os,
	const rl_marks *m, bool commonmark)
{
	cmark_node *doc = NULL;
	int err = build(&doc, rl, os, m, commonmark);
	if (err < 0)
		return err;
	char *s = commonmark ? cmark_render_commonmark(doc, CMARK_OPT_DEFAULT, 0)
		: cmark_render_html(doc, CMARK_OPT_DEFAULT);
	cmark_node_free(doc);
	if (!s)
		return error_set(CHARTER_ERROR, "out of memory");
	buf_puts(out, s);
	free(s);
	return buf_check(out);
}

int rl_render_html(buf *out, const charter_redline *rl, unsigned int flags)
{
	for (size_t s = 0; s < rl->nout; s++) {
		const rl_outsection *os = &rl->out[s];
		if ((flags & CHARTER_REDLINE_CHANGED_ONLY) && !os->changed)
			continue;
		buf_puts(out, "<section class=\"redline");
		if (!os->new)
			buf_puts(out, " deleted");
		else if (!os->old)
			buf_puts(out, " inserted");
		buf_puts(out, "\" data-section=\"");
		html_escape_attr(out, os->slug);
		if (os->renamed_from) {
			buf_puts(out, "\" data-renamed-from=\"");
			html_escape_attr(out, os->renamed_from);
		}
		buf_puts(out, "\">\n");
		if (os->renamed_from) {
			buf_puts(out, "<p class=\"renamed\">renamed from <code>");
			html_escape_attr(out, os->renamed_from);
			buf_puts(out, "</code></p>\n");
		}
		int err = rl_render_tree(out, rl, os, &html_marks, false);
		if (err < 0)
			return err;
		buf_puts(out, "</section>\n");
	}
	return buf_check(out);
}
