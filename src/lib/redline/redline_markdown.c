/* Redline: Markdown with CriticMarkup (and terminal text) built from the
 * source text. Unchanged blocks and everything between blocks are copied
 * as written; inserted and struck blocks are copied with marks around their
 * text; only blocks whose words changed are written anew, from tokens.
 * cmark's block positions say where each block's lines and text are. */
#include <string.h>

#include "redline/redline_int.h"

typedef struct {
	buf *out;
	const charter_redline *rl;
	const rl_marks *m;
	const rl_outsection *os;
	size_t cursor;  /* next byte of the primary side's text to copy */
	bool need_sep;  /* a struck block wants a blank line after it */
	bool elided;    /* the last block was left out (CHARTER_REDLINE_CONTEXT) */
} md_state;

static bool ends_blank(const buf *b)
{
	return b->size == 0 || (b->size >= 2 && b->ptr[b->size - 1] == '\n' && b->ptr[b->size - 2] == '\n');
}

static bool line_is_blank(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return false;
	return true;
}

static bool has_blank_line(const char *s, size_t len)
{
	size_t start = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n') {
			if (line_is_blank(s + start, i - start))
				return true;
			start = i + 1;
		}
	}
	return start < len && line_is_blank(s + start, len - start);
}

/* Copy the lines between blocks; leading blank lines only if the output
 * does not already end with one. */
static void put_gap(buf *out, const char *s, size_t len)
{
	if (ends_blank(out)) {
		size_t i = 0, start = 0;
		while (i < len) {
			size_t e = i;
			while (e < len && s[e] != '\n')
				e++;
			if (e == len || !line_is_blank(s + i, e - i))
				break;
			i = start = e + 1;
		}
		s += start;
		len -= start;
	}
	buf_put(out, s, len);
}

static void ensure_newline(buf *out)
{
	if (out->size && out->ptr[out->size - 1] != '\n')
		buf_putc(out, '\n');
}

static void put_note(md_state *st, const rl_outblock *ob)
{
	buf_puts(st->out, st->m->note_open);
	rl_move_note(st->out, st->rl, ob);
	buf_puts(st->out, st->m->note_close);
}

/* One block, from the text of its side (`sec`): its lines as written, with
 * marks around its text, or its text written anew when its words changed. */
static int put_leaf(md_state *st, const rl_section *sec, const rl_outblock *ob)
{
	buf *out = st->out;
	const rl_marks *m = st->m;
	const char *src = sec->src;
	int kind = ob->kind;
	const rl_leaf *l = kind == RL_OB_DELETE || kind == RL_OB_MOVED_AWAY ? ob->old : ob->new;
	const char *open = kind == RL_OB_DELETE ? m->del_open : m->ins_open;
	const char *close = kind == RL_OB_DELETE ? m->del_close : m->ins_close;

	if (!l->has_inlines) {
		if (kind == RL_OB_MOVE || kind == RL_OB_MOVED_AWAY) {
			put_note(st, ob);
			buf_putc(out, '\n');
			if (kind == RL_OB_MOVED_AWAY)
				return buf_check(out);
		}
		bool mark = (kind == RL_OB_DELETE || kind == RL_OB_INSERT) && l->ntoks > 0;
		if (mark) {
			buf_puts(out, open);
			buf_putc(out, '\n');
		}
		buf_put(out, src + l->src_lo, l->src_hi - l->src_lo);
		if (mark) {
			ensure_newline(out);
			buf_puts(out, close);
			buf_putc(out, '\n');
		}
		return buf_check(out);
	}

	buf_put(out, src + l->src_lo, l->in_lo - l->src_lo);
	char margin[48];
	if (rl_margin_label(st->rl, ob, margin)) {
		/* The base's lines, as a note the block's text starts with. */
		buf_puts(out, m->note_open);
		buf_printf(out, "%s %s", strstr(margin, "–") ? "lines" : "line", margin);
		buf_puts(out, m->note_close);
		buf_putc(out, ' ');
	}
	switch (kind) {
	case RL_OB_EQUAL:
		buf_put(out, src + l->in_lo, l->in_hi - l->in_lo);
		break;
	case RL_OB_DELETE:
	case RL_OB_INSERT:
		if (l->in_hi > l->in_lo) {
			buf_puts(out, open);
			buf_put(out, src + l->in_lo, l->in_hi - l->in_lo);
			buf_puts(out, close);
		}
		break;
	case RL_OB_MOVED_AWAY:
		put_note(st, ob);
		break;
	default: { /* EDITED, MOVE */
		if (kind == RL_OB_MOVE) {
			put_note(st, ob);
			buf_puts(out, m->note_gap);
		}
		/* Soft breaks: a newline and what the block's second line starts
		 * with ("> ", indentation), or nothing (a lazy line); but an ATX
		 * heading is one line. */
		bool atx = cmark_node_get_type(l->node) == CMARK_NODE_HEADING && l->atx;
		char cont[64] = "";
		const char *nl = memchr(src + l->in_lo, '\n', l->in_hi - l->in_lo);
		for (size_t k = 0; nl && k + 1 < sizeof(cont) && (nl[k + 1] == ' ' || nl[k + 1] == '\t' ||
		     nl[k + 1] == '>'); k++)
			cont[k] = nl[k + 1];
		int err = rl_inline_markdown(out, st->rl, ob->mt, ob->nmt, m, atx, atx ? NULL : cont);
		if (err < 0)
			return err;
		break;
	}
	}
	buf_put(out, src + l->in_hi, l->src_hi - l->in_hi);
	return buf_check(out);
}

/* A block of the side being followed: copy what lies before it, then it. */
static int put_anchored(md_state *st, const rl_section *sec, const rl_outblock *ob)
{
	const rl_leaf *l = sec == st->os->new ? ob->new : ob->old;
	const char *gap = sec->src + st->cursor;
	size_t len = l->src_lo > st->cursor ? l->src_lo - st->cursor : 0;
	if (st->need_sep && !has_blank_line(gap, len) && !ends_blank(st->out))
		buf_putc(st->out, '\n');
	st->need_sep = false;
	put_gap(st->out, gap, len);
	st->cursor = l->src_hi;
	return put_leaf(st, sec, ob);
}

/* A block of the old side shown in the new text (struck, or a note that
 * it moved): where it stood, with the spacing it had. */
static int put_floating(md_state *st, const rl_section *sec, const rl_outblock *ob)
{
	const rl_leaf *l = ob->old;
	size_t prev = l->index ? sec->leaves[l->index - 1].src_hi : 0;
	size_t next = l->index + 1 < sec->nleaves ? sec->leaves[l->index + 1].src_lo : sec->len;
	if (prev > l->src_lo)
		prev = l->src_lo;
	if (next < l->src_hi)
		next = l->src_hi;
	ensure_newline(st->out);
	put_gap(st->out, sec->src + prev, l->src_lo - prev);
	int err = put_leaf(st, sec, ob);
	ensure_newline(st->out);
	st->need_sep = has_blank_line(sec->src + l->src_hi, next - l->src_hi);
	return err;
}

bool rl_block_shown(const rl_outsection *os, size_t b, int context)
{
	if (context < 0)
		return true;
	const rl_outblock *ob = &os->blocks[b];
	if (ob->kind != RL_OB_EQUAL)
		return true;
	const rl_leaf *l = ob->new ? ob->new : ob->old;
	if (l && l->node && cmark_node_get_type(l->node) == CMARK_NODE_HEADING)
		return true;
	size_t lo = b > (size_t)context ? b - (size_t)context : 0;
	size_t hi = b + (size_t)context < os->nblocks ? b + (size_t)context : os->nblocks - 1;
	for (size_t i = lo; i <= hi; i++)
		if (os->blocks[i].kind != RL_OB_EQUAL)
			return true;
	return false;
}

/* Where unchanged paragraphs were left out: one line, between blank lines. */
static void put_elision(md_state *st, const rl_section *sec, const rl_outblock *ob)
{
	const rl_leaf *l = sec == st->os->new ? ob->new : ob->old;
	if (!st->elided) {
		ensure_newline(st->out);
		if (!ends_blank(st->out))
			buf_putc(st->out, '\n');
		buf_puts(st->out, st->m->elision);
		buf_putc(st->out, '\n');
		st->need_sep = true;
		st->elided = true;
	}
	if (l && l->src_hi > st->cursor)
		st->cursor = l->src_hi;
}

static int put_section(buf *out, const charter_redline *rl, const rl_outsection *os, const rl_marks *m,
	int context)
{
	md_state st = { out, rl, m, os, 0, false, false };
	/* Follow the new text; a section that is gone, the old one. */
	const rl_section *follow = os->new ? os->new : os->old;
	int err = 0;
	for (size_t b = 0; !err && b < os->nblocks; b++) {
		const rl_outblock *ob = &os->blocks[b];
		bool old_block = ob->kind == RL_OB_DELETE || ob->kind == RL_OB_MOVED_AWAY;
		if (!rl_block_shown(os, b, context)) {
			put_elision(&st, follow, ob);
			continue;
		}
		st.elided = false;
		if (old_block && os->new)
			err = put_floating(&st, os->old, ob);
		else
			err = put_anchored(&st, follow, ob);
	}
	if (!err && st.elided) {
		/* Nothing shown after the last elision: leave the rest out too. */
		ensure_newline(out);
		return buf_check(out);
	}
	if (!err) {
		if (st.need_sep && follow->len > st.cursor && !ends_blank(out))
			buf_putc(out, '\n');
		put_gap(out, follow->src + st.cursor, follow->len - st.cursor);
		ensure_newline(out);
	}
	return err < 0 ? err : buf_check(out);
}

int rl_render_markdown(buf *out, const charter_redline *rl, const rl_marks *m, unsigned int flags)
{
	for (size_t s = 0; s < rl->nout; s++) {
		const rl_outsection *os = &rl->out[s];
		if ((flags & CHARTER_REDLINE_CHANGED_ONLY) && !os->changed)
			continue;
		if (out->size) {
			ensure_newline(out);
			buf_putc(out, '\n');
		}
		if (os->renamed_from) {
			buf_puts(out, m->note_open);
			buf_printf(out, "renamed from %s", os->renamed_from);
			buf_puts(out, m->note_close);
			buf_putc(out, '\n');
		}
		bool ok = (!os->new || os->new->positions_ok) && (!os->old || os->old->positions_ok);
		int context = (flags & CHARTER_REDLINE_CONTEXT_ON) ? (int)((flags >> 8) & 0xff) : -1;
		int err = ok ? put_section(out, rl, os, m, context) : rl_render_tree(out, rl, os, m, true);
		if (err < 0)
			return err;
	}
	return buf_check(out);
}
