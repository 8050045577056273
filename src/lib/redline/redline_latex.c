/* A redline as LaTeX (the booklet's): struck words \sout, inserted \uline, moved \dotuline (ulem), typography in grey, a struck or inserted paragraph break as a pilcrow. */
#include <string.h>

#include "base/latex.h"
#include "redline/redline_int.h"

typedef struct {
	buf *out;
} tex;

static void open_style(void *ctx, const rl_style *s)
{
	tex *t = ctx;
	if (s->type == CMARK_NODE_EMPH)
		buf_puts(t->out, "\\emph{");
	else if (s->type == CMARK_NODE_STRONG)
		buf_puts(t->out, "\\textbf{");
}

static void close_style(void *ctx, const rl_style *s)
{
	tex *t = ctx;
	if (s->type == CMARK_NODE_EMPH || s->type == CMARK_NODE_STRONG)
		buf_putc(t->out, '}');
}

static void open_mark(void *ctx, int status, const char *moved)
{
	tex *t = ctx;
	if (moved) {
		buf_puts(t->out, "{\\footnotesize\\textit{[");
		latex_escape(t->out, moved, strlen(moved));
		buf_puts(t->out, "]}} ");
	}
	switch (status) {
	case RL_DEL: buf_puts(t->out, "\\sout{"); break;
	case RL_INS: buf_puts(t->out, "\\uline{"); break;
	case RL_TDEL: buf_puts(t->out, "{\\color[gray]{0.45}\\sout{"); break;
	case RL_TINS: buf_puts(t->out, "{\\color[gray]{0.45}\\uline{"); break;
	case RL_MOV: buf_puts(t->out, "\\dotuline{"); break; /* moved here unchanged */
	default: buf_putc(t->out, '{'); break;
	}
}

static void close_mark(void *ctx, int status)
{
	tex *t = ctx;
	buf_puts(t->out, status == RL_TDEL || status == RL_TINS ? "}}" : "}");
}

static void token(void *ctx, const rl_tok *k)
{
	tex *t = ctx;
	switch (k->kind) {
	case RL_PARA: /* a paragraph break joined away or split in: shown, inside its mark */
		buf_puts(t->out, " \\P{} ");
		break;
	case RL_SOFT:
	case RL_BREAK: /* ulem's marks hold no line break: a space */
		buf_putc(t->out, ' ');
		break;
	case RL_CODE:
		buf_puts(t->out, "\\texttt{");
		latex_escape(t->out, k->text, k->len);
		buf_putc(t->out, '}');
		break;
	default:
		latex_escape(t->out, k->text, k->len);
	}
}

/* One block as a paragraph: a heading in bold, a list item after a bullet. */
static int put_block(buf *out, const charter_redline *rl, const rl_outblock *ob)
{
	const rl_leaf *l = ob->kind == RL_OB_DELETE || ob->kind == RL_OB_MOVED_AWAY ? ob->old : ob->new;
	bool heading = l->node && cmark_node_get_type(l->node) == CMARK_NODE_HEADING;
	bool item = false;
	for (uint32_t c = 0; c < l->depth; c++)
		item = item || cmark_node_get_type(l->chain[c]) == CMARK_NODE_ITEM;
	buf_puts(out, "\\noindent{}");
	char margin[48];
	if (rl_margin_label(rl, ob, margin)) /* the base's lines, in the left margin */
		buf_printf(out, "\\llap{\\footnotesize %s\\quad}", margin);
	buf_puts(out, heading ? "{\\bfseries\\large " : item ? "\\textbullet~" : "");
	if (ob->kind == RL_OB_MOVE || ob->kind == RL_OB_MOVED_AWAY) {
		buf note = BUF_INIT;
		rl_move_note(&note, rl, ob);
		buf_puts(out, "{\\footnotesize\\textit{[");
		latex_escape(out, note.ptr ? note.ptr : "", note.size);
		buf_puts(out, "]}} ");
		buf_free(&note);
	}
	int err = 0;
	if (ob->kind != RL_OB_MOVED_AWAY) {
		tex t = { out };
		rl_sink sink = { open_style, close_style, open_mark, close_mark, token, &t };
		if (ob->mt) {
			err = rl_emit_moves(rl, ob->mt, ob->nmt, &sink);
		} else {
			int status = ob->kind == RL_OB_DELETE ? RL_DEL : ob->kind == RL_OB_INSERT ? RL_INS : RL_EQ;
			if (status != RL_EQ)
				open_mark(&t, status, NULL);
			for (size_t i = 0; i < l->ntoks; i++)
				token(&t, &l->toks[i]);
			if (status != RL_EQ)
				close_mark(&t, status);
		}
	}
	buf_puts(out, heading ? "}\\par\n\n" : "\\par\n\n");
	return err < 0 ? err : buf_check(out);
}

int rl_render_latex(buf *out, const charter_redline *rl, unsigned int flags)
{
	int context = (flags & CHARTER_REDLINE_CONTEXT_ON) ? (int)((flags >> 8) & 0xff) : -1;
	int err = 0;
	for (size_t s = 0; s < rl->nout && !err; s++) {
		const rl_outsection *os = &rl->out[s];
		if ((flags & CHARTER_REDLINE_CHANGED_ONLY) && !os->changed)
			continue;
		if (os->renamed_from) {
			buf_puts(out, "\\noindent{\\footnotesize\\textit{[renamed from ");
			latex_escape(out, os->renamed_from, strlen(os->renamed_from));
			buf_puts(out, "]}}\\par\n\n");
		}
		bool elided = false;
		for (size_t b = 0; b < os->nblocks && !err; b++) {
			if (!rl_block_shown(os, b, context)) {
				if (!elided)
					buf_puts(out, "\\noindent\\dots\\par\n\n");
				elided = true;
				continue;
			}
			elided = false;
			err = put_block(out, rl, &os->blocks[b]);
		}
	}
	return err < 0 ? err : buf_check(out);
}
