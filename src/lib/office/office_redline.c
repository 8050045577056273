/* A redline as office paragraphs with tracked changes: block by block, each word run and each paragraph break equal, inserted or struck. */
#include <stdlib.h>
#include <string.h>

#include "office/office.h"
#include "redline/redline_int.h"

typedef struct {
	office_doc *d;
	int author;
	of_style style;
	int level;
	int change;      /* OF_* of the open change mark */
	int bold, italic;
	bool pending;    /* a paragraph break was just written: the next token opens a paragraph */
	bool plain;      /* every change is shown as equal (a text, not a redline) */
	const charter_redline *rl;
	int para_change; /* the change of the last paragraph break token */
	bool split_open; /* the last block ended in an inserted break: the old
	                    paragraph goes on in the next block */
} walk;

static int of_change(int status)
{
	return RL_STRUCK(status) ? OF_DEL : status == RL_INS || status == RL_TINS ? OF_INS : OF_EQ;
}

static void block_style(const rl_leaf *l, int shift, of_style *style, int *level)
{
	*style = OF_BODY;
	*level = 1;
	switch (cmark_node_get_type(l->node)) {
	case CMARK_NODE_HEADING: {
		int lv = cmark_node_get_heading_level(l->node) + shift;
		*style = OF_HEADING;
		*level = lv < 1 ? 1 : lv > 6 ? 6 : lv;
		return;
	}
	case CMARK_NODE_CODE_BLOCK:
	case CMARK_NODE_HTML_BLOCK:
		*style = OF_PRE;
		return;
	default:
		break;
	}
	for (uint32_t c = l->depth; c-- > 0;) {
		cmark_node_type t = cmark_node_get_type(l->chain[c]);
		if (t == CMARK_NODE_ITEM) {
			*style = OF_LIST;
			return;
		}
		if (t == CMARK_NODE_BLOCK_QUOTE) {
			*style = OF_QUOTE;
			return;
		}
	}
}

static int cur_fmt(const walk *w)
{
	return (w->bold ? OF_BOLD : 0) | (w->italic ? OF_ITALIC : 0);
}

static void sink_open_style(void *ctx, const rl_style *s)
{
	walk *w = ctx;
	if (s->type == CMARK_NODE_EMPH)
		w->italic++;
	else if (s->type == CMARK_NODE_STRONG)
		w->bold++;
}

static void sink_close_style(void *ctx, const rl_style *s)
{
	walk *w = ctx;
	if (s->type == CMARK_NODE_EMPH)
		w->italic--;
	else if (s->type == CMARK_NODE_STRONG)
		w->bold--;
}

static void sink_open_mark(void *ctx, int status, const char *moved)
{
	walk *w = ctx;
	(void)moved;
	w->change = w->plain ? OF_EQ : of_change(status);
}

static void sink_close_mark(void *ctx, int status)
{
	walk *w = ctx;
	(void)status;
	w->change = OF_EQ;
}

static void open_pending(walk *w)
{
	if (w->pending) {
		office_para(w->d, w->style, w->level);
		w->pending = false;
	}
}

/* Text with its newlines as line breaks (a code block's lines). */
static void put_lines(walk *w, const char *s, size_t len, int fmt)
{
	while (len) {
		const char *nl = memchr(s, '\n', len);
		size_t n = nl ? (size_t)(nl - s) : len;
		office_run(w->d, s, n, w->change, fmt, w->author);
		if (!nl)
			break;
		if (n + 1 < len)
			office_special(w->d, OF_LINEBREAK, w->change, w->author);
		s += n + 1;
		len -= n + 1;
	}
}

static void sink_token(void *ctx, const rl_tok *t)
{
	walk *w = ctx;
	if (t->kind == RL_PARA) {
		/* A paragraph break struck (a join) or inserted (a split). */
		open_pending(w);
		office_mark(w->d, w->change, w->author);
		w->para_change = w->change;
		w->pending = true;
		return;
	}
	open_pending(w);
	switch (t->kind) {
	case RL_SOFT:
		office_run(w->d, " ", 1, w->change, cur_fmt(w), w->author);
		break;
	case RL_BREAK:
		office_special(w->d, OF_LINEBREAK, w->change, w->author);
		break;
	case RL_CODE:
		office_run(w->d, t->text, t->len, w->change, cur_fmt(w) | OF_CODE, w->author);
		break;
	case RL_ATOM:
		put_lines(w, t->text, t->len, 0);
		break;
	default:
		office_run(w->d, t->text, t->len, w->change, cur_fmt(w), w->author);
	}
}

/* One block: its tokens with `status` each (mt NULL) or their own. */
static int put_block(walk *w, const rl_leaf *l, const rl_mtok *mt, size_t n, int status, int heading_shift)
{
	rl_mtok *tmp = NULL;
	if (!mt) {
		n = l->ntoks;
		if (n && !(tmp = malloc(n * sizeof(*tmp))))
			return error_set(CHARTER_ERROR, "out of memory");
		for (size_t i = 0; i < n; i++)
			tmp[i] = (rl_mtok){ &l->toks[i], (uint8_t)status, NULL, NULL };
		mt = tmp;
	}
	block_style(l, heading_shift, &w->style, &w->level);
	w->change = OF_EQ;
	w->bold = w->italic = 0;
	w->para_change = OF_EQ;
	w->pending = true;
	open_pending(w);
	int err = 0;
	if (n) {
		rl_sink sink = { sink_open_style, sink_close_style, sink_open_mark, sink_close_mark, sink_token, w };
		err = rl_emit_inlines(w->rl, mt, n, &sink);
	}
	/* The break after the block: a block struck or inserted whole takes
	 * its break with it; a block that ends in a break token has it. */
	if (!w->pending) {
		int change = w->plain ? OF_EQ : of_change(status);
		office_mark(w->d, change, w->author);
	}
	w->split_open = mt != tmp && w->pending && w->para_change == OF_INS;
	w->pending = false;
	free(tmp);
	return err ? err : w->d->err;
}

/* A block struck whole while a split is open (the redline shows it where
 * the old paragraph's words stood, between the pieces) waits until the
 * old paragraph has ended, so that rejecting the changes puts it after. */
static int flush_deferred(walk *w, const rl_outblock **deferred, size_t *n, int heading_shift)
{
	int err = 0;
	for (size_t i = 0; i < *n && !err; i++)
		err = put_block(w, deferred[i]->old, NULL, 0, RL_DEL, heading_shift);
	*n = 0;
	return err;
}

int office_walk_redline(office_doc *d, const charter_redline *rl, int author, unsigned int flags,
	int heading_shift, bool plain)
{
	walk w = { d, author, OF_BODY, 1, OF_EQ, 0, 0, false, plain, rl, OF_EQ, false };
	const rl_outblock **deferred = NULL;
	size_t ndeferred = 0;
	int err = 0;
	for (size_t s = 0; s < rl->nout && !err; s++) {
		const rl_outsection *os = &rl->out[s];
		if ((flags & CHARTER_REDLINE_CHANGED_ONLY) && !os->changed)
			continue;
		free(deferred);
		deferred = NULL;
		if (os->nblocks && !(deferred = malloc(os->nblocks * sizeof(*deferred)))) {
			err = error_set(CHARTER_ERROR, "out of memory");
			break;
		}
		w.split_open = false;
		for (size_t k = 0; k < os->nblocks && !err; k++) {
			const rl_outblock *ob = &os->blocks[k];
			switch (ob->kind) {
			case RL_OB_EQUAL:
				err = put_block(&w, ob->new, NULL, 0, RL_EQ, heading_shift);
				break;
			case RL_OB_INSERT:
			case RL_OB_MOVE: /* a move: inserted where it stands now... */
				err = put_block(&w, ob->new, NULL, 0, RL_INS, heading_shift);
				break;
			case RL_OB_DELETE:
			case RL_OB_MOVED_AWAY: /* ...and struck where it stood */
				if (w.split_open) {
					deferred[ndeferred++] = ob;
					continue;
				}
				err = put_block(&w, ob->old, NULL, 0, RL_DEL, heading_shift);
				break;
			case RL_OB_EDITED:
				err = put_block(&w, ob->new, ob->mt, ob->nmt, RL_EQ, heading_shift);
				break;
			default:
				break;
			}
			if (!err && !w.split_open && ndeferred)
				err = flush_deferred(&w, deferred, &ndeferred, heading_shift);
		}
		if (!err && ndeferred)
			err = flush_deferred(&w, deferred, &ndeferred, heading_shift);
	}
	free(deferred);
	return err ? err : d->err;
}

int office_add_redline(office_doc *d, const charter_redline *rl, int author, unsigned int flags,
	int heading_shift)
{
	return office_walk_redline(d, rl, author, flags, heading_shift, false);
}
