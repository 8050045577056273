/* Redline: the public API — building a redline, its operations, JSON and
 * the choice of renderer. See redline_int.h for the pipeline. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/grow.h"
#include "base/json.h"
#include "redline/redline_int.h"

/* Moved words: CriticMarkup's highlight; in text, braces as for what the
 * new text has ({+inserted+}, {=moved here=}); cyan as the move's note. */
static const rl_marks markdown_marks = { "{--", "--}", "{++", "++}", "{>>", "<<}", "", "{>>…<<}",
	"{~~", "~>", "", "~~}", "{==", "==}" };
static const rl_marks text_marks = { "[-", "-]", "{+", "+}", "[", "]", " ", "[…]", "[~", "~>", "", "~]",
	"{=", "=}" };
static const rl_marks color_marks = {
	"\x1b[9;31m", "\x1b[m", "\x1b[32m", "\x1b[m", "\x1b[36m[", "]\x1b[m", " ", "\x1b[2m[…]\x1b[m",
	"\x1b[2m[~", "~>", "", "~]\x1b[m", "\x1b[36m", "\x1b[m"
};

const char *rl_mark_open(const rl_marks *m, int status)
{
	return status == RL_DEL ? m->del_open : status == RL_INS ? m->ins_open
		: status == RL_TDEL ? m->tdel_open : status == RL_TINS ? m->tins_open : m->mov_open;
}

const char *rl_mark_close(const rl_marks *m, int status)
{
	return status == RL_DEL ? m->del_close : status == RL_INS ? m->ins_close
		: status == RL_TDEL ? m->tdel_close : status == RL_TINS ? m->tins_close : m->mov_close;
}

const char *charter_redline_kind_name(charter_redline_kind kind)
{
	switch (kind) {
	case CHARTER_REDLINE_EQUAL: return "equal";
	case CHARTER_REDLINE_INSERT: return "insert";
	case CHARTER_REDLINE_DELETE: return "delete";
	case CHARTER_REDLINE_MOVE: return "move";
	}
	return "unknown";
}

/* ---- operations -------------------------------------------------------- */

typedef struct {
	charter_redline_op *ptr;
	size_t n, cap;
	size_t *text_off; /* where each op's text starts in `texts` */
	size_t *first;    /* where each op's inner operations start */
} op_list;

static int op_add(op_list *l, charter_redline_kind kind, const char *section, const char *from,
	size_t block, size_t text_off, size_t text_len, size_t first)
{
	if (l->n == l->cap) {
		/* Three arrays of one capacity: ops, their texts, their inner ops. */
		size_t cap = l->cap;
		if (GROW(l->ptr, cap, l->n + 1) < 0 || GROW_EXACT(l->text_off, cap) < 0 || GROW_EXACT(l->first, cap) < 0)
			return CHARTER_ERROR;
		l->cap = cap;
	}
	charter_redline_op *op = &l->ptr[l->n];
	memset(op, 0, sizeof(*op));
	op->kind = kind;
	op->section = section;
	op->from_section = from;
	op->block = block;
	op->text_len = text_len;
	l->first[l->n] = first;
	l->text_off[l->n++] = text_off;
	return 0;
}

static void put_plain(buf *texts, const rl_mtok *mt, size_t n)
{
	for (size_t i = 0; i < n; i++)
		buf_put(texts, mt[i].tok->text, mt[i].tok->len);
}

static charter_redline_kind status_kind(int status)
{
	return RL_STRUCK(status) ? CHARTER_REDLINE_DELETE
		: status == RL_INS || status == RL_TINS ? CHARTER_REDLINE_INSERT : CHARTER_REDLINE_EQUAL;
}

/* One op per run of tokens with the same status; a paragraph break is an
 * op of its own, with no text. A sentence moved here is one INSERT (its
 * text the new words) whose inner ops, in `inner`, are its words against
 * where it came from; inside a moved block (`inner` NULL: these are inner
 * ops already) those ops stand in its place. */
static int add_runs(const charter_redline *rl, op_list *l, op_list *inner, buf *texts, const rl_mtok *mt,
	size_t n, const char *section, size_t block)
{
	size_t i = 0;
	while (i < n) {
		size_t j = i;
		if (mt[i].tok->kind == RL_PARA) {
			buf_putc(texts, '\0');
			int err = op_add(l, status_kind(mt[i].status), section, NULL, block, texts->size - 1, 0,
				inner ? inner->n : 0);
			if (err < 0)
				return err;
			l->ptr[l->n - 1].paragraph_break = 1;
			i++;
			continue;
		}
		const rl_smove *sm = rl_smove_at(rl, &mt[i]);
		if (sm && i + sm->len <= n && !inner) {
			size_t before = l->n;
			int err = add_runs(rl, l, NULL, texts, sm->inner, sm->ninner, section, block);
			for (size_t k = before; k < l->n && err == 0; k++)
				l->ptr[k].from_section = mt[i].moved_slug;
			if (err < 0)
				return err;
			i += sm->len;
			continue;
		}
		if (sm && i + sm->len <= n) {
			j = i + sm->len;
		} else {
			while (j < n && mt[j].status == mt[i].status && mt[j].tok->kind != RL_PARA)
				j++;
		}
		size_t off = texts->size;
		put_plain(texts, mt + i, j - i);
		buf_putc(texts, '\0');
		int err = op_add(l, status_kind(mt[i].status), section, NULL, block, off, texts->size - 1 - off,
			inner ? inner->n : 0);
		if (err < 0)
			return err;
		l->ptr[l->n - 1].typography = mt[i].status == RL_TDEL || mt[i].status == RL_TINS;
		if (mt[i].moved_slug && mt[i].status == RL_DEL)
			l->ptr[l->n - 1].to_section = mt[i].moved_slug;
		else if (mt[i].moved_slug)
			l->ptr[l->n - 1].from_section = mt[i].moved_slug;
		if (sm && (err = add_runs(rl, inner, NULL, texts, sm->inner, sm->ninner, section, block)) < 0)
			return err;
		if (sm)
			l->ptr[l->n - 1].inner_count = inner->n - l->first[l->n - 1];
		i = j;
	}
	return 0;
}

static int build_ops(charter_redline *rl)
{
	op_list ops = { 0 }, inner = { 0 };
	buf texts = BUF_INIT;
	int err = 0;

	for (size_t s = 0; s < rl->nout && !err; s++) {
		rl_outsection *os = &rl->out[s];
		os->first_op = ops.n;
		size_t block = 0; /* numbered without the MOVED_AWAY notes */
		for (size_t k = 0; k < os->nblocks && !err; k++) {
			rl_outblock *ob = &os->blocks[k];
			size_t b = block++;
			if (ob->kind == RL_OB_MOVED_AWAY) {
				block--;
				continue;
			}
			if (ob->kind == RL_OB_EDITED) {
				err = add_runs(rl, &ops, &inner, &texts, ob->mt, ob->nmt, os->slug, b);
			} else {
				charter_redline_kind kind = ob->kind == RL_OB_EQUAL ? CHARTER_REDLINE_EQUAL
					: ob->kind == RL_OB_INSERT ? CHARTER_REDLINE_INSERT
					: ob->kind == RL_OB_DELETE ? CHARTER_REDLINE_DELETE : CHARTER_REDLINE_MOVE;
				const rl_leaf *l = ob->kind == RL_OB_DELETE ? ob->old : ob->new;
				const char *from = kind == CHARTER_REDLINE_MOVE ? rl->sec[RL_OLD][ob->old->section].slug : NULL;
				size_t off = texts.size;
				for (size_t t = 0; t < l->ntoks; t++)
					buf_put(&texts, l->toks[t].text, l->toks[t].len);
				buf_putc(&texts, '\0');
				err = op_add(&ops, kind, os->slug, from, b, off, texts.size - 1 - off, inner.n);
			}
			if (!err && ob->kind == RL_OB_MOVE) {
				err = add_runs(rl, &inner, NULL, &texts, ob->mt, ob->nmt, os->slug, b);
				if (!err)
					ops.ptr[ops.n - 1].inner_count = inner.n - ops.first[ops.n - 1];
			}
		}
		os->nops = ops.n - os->first_op;
		for (size_t k = os->first_op; k < ops.n; k++)
			ops.ptr[k].renamed_from = os->renamed_from;
	}
	if (!err)
		err = buf_check(&texts);
	if (!err) {
		rl->texts = buf_detach(&texts);
		for (size_t k = 0; k < ops.n; k++)
			ops.ptr[k].text = rl->texts + ops.text_off[k];
		for (size_t k = 0; k < inner.n; k++)
			inner.ptr[k].text = rl->texts + inner.text_off[k];
		rl->ops = ops.ptr;
		rl->nops = ops.n;
		rl->inner = inner.ptr;
		rl->ninner = inner.n;
		rl->inner_first = ops.first;
		ops.ptr = inner.ptr = NULL;
		ops.first = NULL;
	}
	free(ops.ptr);
	free(ops.text_off);
	free(ops.first);
	free(inner.ptr);
	free(inner.text_off);
	free(inner.first);
	buf_free(&texts);
	return err;
}

/* ---- building ---------------------------------------------------------- */

static int check_side(const charter_redline_section *s, size_t n, const char *side)
{
	if (n && !s)
		return error_set(CHARTER_EINVALID, "redline: no %s sections given", side);
	for (size_t i = 0; i < n; i++) {
		if (!s[i].slug)
			return error_set(CHARTER_EINVALID, "redline: %s section %zu has no slug", side, i + 1);
		if (!s[i].markdown && s[i].len)
			return error_set(CHARTER_EINVALID, "redline: %s section '%s' has no text", side, s[i].slug);
		for (size_t j = 0; j < i; j++)
			if (strcmp(s[i].slug, s[j].slug) == 0)
				return error_set(CHARTER_EINVALID, "redline: section '%s' appears twice on the %s side",
					s[i].slug, side);
	}
	return 0;
}

int charter_redline_init(charter_redline **out,
	const charter_redline_section *old_sections, size_t old_count,
	const charter_redline_section *new_sections, size_t new_count,
	const charter_redline_options *opts)
{
	return rl_init_renamable(out, old_sections, old_count, new_sections, new_count, opts, NULL, NULL);
}

int rl_init_renamable(charter_redline **out,
	const charter_redline_section *old_sections, size_t old_count,
	const charter_redline_section *new_sections, size_t new_count,
	const charter_redline_options *opts, const bool *old_renamable, const bool *new_renamable)
{
	int err;
	if (!out)
		return error_set(CHARTER_EINVALID, "redline: no place for the result");
	*out = NULL;
	if ((err = check_side(old_sections, old_count, "old")) < 0 ||
	    (err = check_side(new_sections, new_count, "new")) < 0)
		return err;
	if (opts && options_version_check(opts->version, CHARTER_REDLINE_OPTIONS_VERSION, "charter_redline_init") < 0)
		return CHARTER_EINVALID;

	charter_redline *rl = calloc(1, sizeof(*rl));
	if (!rl)
		return error_set(CHARTER_ERROR, "out of memory");
	rl->move_threshold = opts && opts->move_threshold ? opts->move_threshold : WORDS_MOVE_DEFAULT;
	rl->parts = old_renamable || new_renamable;
	rl->ignore_typography = opts && opts->version >= 2 && (opts->flags & CHARTER_REDLINE_IGNORE_TYPOGRAPHY);
	rl->styles = calloc(16, sizeof(rl_style));
	if (!rl->styles) {
		err = error_set(CHARTER_ERROR, "out of memory");
		goto fail;
	}
	rl->astyles = 16;
	rl->nstyles = 1;
	rl->styles[0] = (rl_style){ 0, 0, CMARK_NODE_NONE, "", "" };

	const charter_redline_section *in[2] = { old_sections, new_sections };
	size_t count[2] = { old_count, new_count };
	for (int side = 0; side < 2; side++) {
		rl->sec[side] = arena_alloc(&rl->arena, (count[side] + 1) * sizeof(rl_section));
		if (!rl->sec[side]) {
			err = CHARTER_ERROR;
			goto fail;
		}
		for (size_t i = 0; i < count[side]; i++) {
			if ((err = rl_section_load(rl, &rl->sec[side][i], side, i, &in[side][i])) < 0)
				goto fail;
			const bool *may = side == RL_OLD ? old_renamable : new_renamable;
			rl->sec[side][i].renamable = !may || may[i];
			rl->nsec[side]++;
		}
	}
	if ((err = rl_align(rl)) < 0 || (err = build_ops(rl)) < 0)
		goto fail;
	*out = rl;
	return 0;
fail:
	charter_redline_free(rl);
	return err;
}

int rl_set_margins(charter_redline *rl, const char *slug, const size_t *first, const size_t *nlines, size_t n)
{
	for (size_t i = 0; i < rl->nsec[RL_OLD]; i++) {
		if (strcmp(rl->sec[RL_OLD][i].slug, slug) != 0 || rl->sec[RL_OLD][i].nleaves != n || !n)
			continue;
		size_t *f = arena_alloc(&rl->arena, 2 * n * sizeof(size_t));
		if (!f)
			return error_set(CHARTER_ERROR, "out of memory");
		memcpy(f, first, n * sizeof(size_t));
		memcpy(f + n, nlines, n * sizeof(size_t));
		rl->margin_sec = i, rl->nmargin = n;
		rl->margin_first = f, rl->margin_lines = f + n;
	}
	return 0;
}

bool rl_margin_label(const charter_redline *rl, const rl_outblock *ob, char out[48])
{
	out[0] = '\0';
	if (!rl->margin_first || !ob->old || ob->old->section != rl->margin_sec || ob->old->index >= rl->nmargin ||
	    (ob->kind != RL_OB_EQUAL && ob->kind != RL_OB_EDITED && ob->kind != RL_OB_DELETE))
		return false;
	size_t f = rl->margin_first[ob->old->index], n = rl->margin_lines[ob->old->index];
	if (!n)
		return false;
	if (n == 1)
		snprintf(out, 48, "%zu", f);
	else
		snprintf(out, 48, "%zu–%zu", f, f + n - 1);
	return true;
}

void charter_redline_free(charter_redline *rl)
{
	if (!rl)
		return;
	for (int side = 0; side < 2; side++)
		for (size_t i = 0; i < rl->nsec[side]; i++)
			cmark_node_free(rl->sec[side][i].doc);
	words_intern_free(&rl->style_ids);
	words_intern_free(&rl->tok_ids);
	free(rl->tok_word);
	hset_free(&rl->leaf_keys);
	free(rl->leaf_memo);
	words_intern_free(&rl->word_ids);
	words_intern_free(&rl->block_ids);
	free(rl->styles);
	free(rl->ops);
	free(rl->inner);
	free(rl->inner_first);
	free(rl->texts);
	free(rl->smoves);
	arena_free(&rl->arena);
	free(rl);
}

/* ---- access ------------------------------------------------------------ */

size_t charter_redline_count(const charter_redline *rl)
{
	return rl ? rl->nops : 0;
}

const charter_redline_op *charter_redline_get(const charter_redline *rl, size_t i)
{
	return rl && i < rl->nops ? &rl->ops[i] : NULL;
}

const charter_redline_op *charter_redline_inner(const charter_redline *rl, size_t i, size_t j)
{
	if (!rl || i >= rl->nops || j >= rl->ops[i].inner_count)
		return NULL;
	return &rl->inner[rl->inner_first[i] + j];
}

int charter_redline_changed(const charter_redline *rl)
{
	if (!rl)
		return 0;
	for (size_t s = 0; s < rl->nout; s++)
		if (rl->out[s].changed)
			return 1;
	return 0;
}

/* ---- rendering --------------------------------------------------------- */

static void json_op(buf *b, const charter_redline_op *op)
{
	buf_puts(b, "{\"kind\":\"");
	buf_puts(b, charter_redline_kind_name(op->kind));
	buf_puts(b, "\",\"text\":");
	json_stringn(b, op->text, op->text_len);
	buf_puts(b, ",\"section\":");
	json_string(b, op->section);
	buf_printf(b, ",\"block\":%zu", op->block);
	if (op->from_section) {
		buf_puts(b, ",\"from_section\":");
		json_string(b, op->from_section);
	}
	if (op->to_section) {
		buf_puts(b, ",\"to_section\":");
		json_string(b, op->to_section);
	}
	if (op->typography)
		buf_puts(b, ",\"typography\":true");
	if (op->paragraph_break)
		buf_puts(b, ",\"break\":true");
	if (op->renamed_from) {
		buf_puts(b, ",\"renamed_from\":");
		json_string(b, op->renamed_from);
	}
}

static int render_json(buf *b, const charter_redline *rl, unsigned int flags)
{
	bool first = true;
	buf_putc(b, '[');
	for (size_t s = 0; s < rl->nout; s++) {
		const rl_outsection *os = &rl->out[s];
		if ((flags & CHARTER_REDLINE_CHANGED_ONLY) && !os->changed)
			continue;
		for (size_t i = os->first_op; i < os->first_op + os->nops; i++) {
			const charter_redline_op *op = &rl->ops[i];
			buf_puts(b, first ? "\n" : ",\n");
			first = false;
			json_op(b, op);
			if (op->kind == CHARTER_REDLINE_MOVE || op->inner_count) {
				buf_puts(b, ",\"ops\":[");
				for (size_t j = 0; j < op->inner_count; j++) {
					if (j)
						buf_putc(b, ',');
					json_op(b, &rl->inner[rl->inner_first[i] + j]);
					buf_putc(b, '}');
				}
				buf_putc(b, ']');
			}
			buf_putc(b, '}');
		}
	}
	buf_puts(b, first ? "]\n" : "\n]\n");
	return buf_check(b);
}

int charter_redline_render(char **out, size_t *out_len, const charter_redline *rl,
	charter_format format, unsigned int flags)
{
	if (!out || !rl)
		return error_set(CHARTER_EINVALID, "redline: nothing to render");
	*out = NULL;
	if (out_len)
		*out_len = 0;
	buf b = BUF_INIT;
	int err;
	switch (format) {
	case CHARTER_FORMAT_MARKDOWN:
		err = rl_render_markdown(&b, rl, &markdown_marks, flags);
		break;
	case CHARTER_FORMAT_TEXT:
		err = rl_render_markdown(&b, rl, (flags & CHARTER_REDLINE_COLOR) ? &color_marks : &text_marks, flags);
		break;
	case CHARTER_FORMAT_HTML:
		err = rl_render_html(&b, rl, flags);
		break;
	case CHARTER_FORMAT_JSON:
		err = render_json(&b, rl, flags);
		break;
	case CHARTER_FORMAT_LATEX:
		err = rl_render_latex(&b, rl, flags);
		break;
	default:
		err = error_set(CHARTER_EINVALID, "redline: cannot render as format %d "
			"(text, markdown, html, latex or json)", (int)format);
		break;
	}
	if (err < 0) {
		buf_free(&b);
		return err;
	}
	size_t len = b.size;
	*out = buf_detach(&b);
	if (!*out)
		return error_set(CHARTER_ERROR, "out of memory");
	if (out_len)
		*out_len = len;
	return 0;
}
