/* Redline: clean a section's text, parse it with cmark and cut it into
 * leaf blocks, each with its tokens, formatting and source lines. */
#include <stdlib.h>
#include <string.h>

#include "base/grow.h"
#include "base/sort.h"
#include "redline/redline_int.h"
#include "words/typography.h"

/* Growable array of `T`, freed with free(v.ptr). */
#define VEC(T) struct { T *ptr; size_t n, cap; }
#define VEC_PUSH(v, x) ((v).n >= (v).cap && vec_reserve((void **)&(v).ptr, &(v).cap, (v).n + 1, \
	sizeof(*(v).ptr)) < 0 ? CHARTER_ERROR : ((v).ptr[(v).n++] = (x), 0))

static int vec_reserve(void **ptr, size_t *cap, size_t need, size_t size)
{
	return grow_array(ptr, cap, need, size);
}

/* ---- cleaning ---------------------------------------------------------- */

/* LF line endings, U+FFFD for NUL bytes and invalid UTF-8: what cmark
 * would do anyway, done here so that its positions are positions in our
 * copy of the text. */
static int clean_text(buf *out, const char *s, size_t len)
{
	static const char fffd[] = "\xef\xbf\xbd";
	size_t i = 0;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x80) {
			size_t j = i;
			while (j < len && (unsigned char)s[j] >= 0x20 && (unsigned char)s[j] < 0x80)
				j++;
			buf_put(out, s + i, j - i);
			i = j;
			continue;
		}
		if (c == '\r') {
			buf_putc(out, '\n');
			i += (i + 1 < len && s[i + 1] == '\n') ? 2 : 1;
			continue;
		}
		if (c == 0) {
			buf_put(out, fffd, 3);
			i++;
			continue;
		}
		if (c < 0x80) {
			buf_putc(out, (char)c);
			i++;
			continue;
		}
		/* Validate one multi-byte sequence. */
		size_t n = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
		bool ok = n && i + n <= len;
		for (size_t k = 1; ok && k < n; k++)
			ok = ((unsigned char)s[i + k] & 0xc0) == 0x80;
		if (ok && n >= 3) {
			unsigned char d = (unsigned char)s[i + 1];
			if (c == 0xe0 && d < 0xa0)
				ok = false; /* overlong */
			else if (c == 0xed && d >= 0xa0)
				ok = false; /* surrogate */
			else if (c == 0xf0 && d < 0x90)
				ok = false; /* overlong */
			else if (c == 0xf4 && d >= 0x90)
				ok = false; /* above U+10FFFF */
		}
		if (ok) {
			buf_put(out, s + i, n);
			i += n;
		} else {
			buf_put(out, fffd, 3);
			i++;
		}
	}
	return buf_check(out);
}

/* ---- walking the tree -------------------------------------------------- */

typedef struct {
	charter_redline *rl;
	rl_section *sec;
	int side;
	size_t secidx;
	size_t *lines; /* start offset of each line */
	size_t nlines;
	VEC(cmark_node *) chain;
	VEC(uint32_t) styles;
	VEC(rl_leaf) leaves;
	VEC(rl_tok) toks;
	VEC(uint32_t) ids; /* a block's key (end_leaf) */
	buf pending; /* text of adjacent TEXT/SOFTBREAK nodes, same formatting */
	buf key;
	rl_leaf *leaf; /* being built: leaves.ptr[leaves.n - 1] */
	uint32_t memo_new; /* its leaf_memo entry to fill at its end, or HSET_NONE */
	size_t prev_hi; /* end of the previous leaf's lines */
} walker;

static uint32_t cur_style(const walker *w)
{
	return w->styles.n ? w->styles.ptr[w->styles.n - 1] : 0;
}

static int add_token(walker *w, int kind, const char *text, size_t len)
{
	charter_redline *rl = w->rl;
	if (len > UINT32_MAX)
		return error_set(CHARTER_EINVALID, "redline: token too long");
	rl_tok t = { text, (uint32_t)len, 0, 0, cur_style(w), (uint8_t)kind };
	/* A soft break is the same token as a space: rewrapping changes nothing. */
	unsigned char head[5] = { (unsigned char)(kind == RL_SOFT ? RL_SPACE : kind) };
	memcpy(head + 1, &t.style, 4);
	/* The key: head and text; a short one (most) on the stack. */
	unsigned char small[64];
	const unsigned char *key = small;
	size_t klen = sizeof(head) + len;
	/* Ignoring typography, a token is known by its plain form ("’" as "'"). */
	bool fold = rl->ignore_typography && typo_has(text, len);
	if (fold || klen > sizeof(small)) {
		buf_clear(&w->key);
		buf_put(&w->key, head, sizeof(head));
		if (fold ? typo_fold(&w->key, NULL, text, len) < 0 : (buf_put(&w->key, text, len), false))
			return CHARTER_ERROR;
		if (buf_check(&w->key) < 0)
			return CHARTER_ERROR;
		key = (const unsigned char *)w->key.ptr;
		klen = w->key.size;
	} else {
		memcpy(small, head, sizeof(head));
		memcpy(small + sizeof(head), text, len);
	}
	if (words_intern_get(&rl->tok_ids, &t.id, key, klen) < 0)
		return CHARTER_ERROR;
	/* Ids are dense and given in order: a token id past the known ones is
	 * new, and only then is its word looked up. */
	if (t.id >= rl->ntok_word) {
		if (vec_reserve((void **)&rl->tok_word, &rl->atok_word, (size_t)t.id + 1, sizeof(*rl->tok_word)) < 0)
			return CHARTER_ERROR;
		rl->tok_word[t.id] = 0;
		if (kind == RL_WORD && words_intern_get(&rl->word_ids, &rl->tok_word[t.id], key + sizeof(head),
			klen - sizeof(head)) < 0)
			return CHARTER_ERROR;
		rl->ntok_word = (size_t)t.id + 1;
	}
	t.word = rl->tok_word[t.id];
	return VEC_PUSH(w->toks, t);
}

static int token_cb(void *ctx, int kind, const char *s, size_t len)
{
	return add_token(ctx, kind, s, len);
}

static int flush_text(walker *w)
{
	if (!w->pending.size)
		return 0;
	if (buf_check(&w->pending) < 0)
		return CHARTER_ERROR;
	char *text = arena_strndup(&w->rl->arena, w->pending.ptr, w->pending.size);
	size_t len = w->pending.size;
	buf_clear(&w->pending);
	if (!text)
		return CHARTER_ERROR;
	return words_tokenize(text, len, token_cb, w);
}

static int push_style(walker *w, cmark_node *node)
{
	charter_redline *rl = w->rl;
	uint32_t parent = cur_style(w), id = parent;
	cmark_node_type type = cmark_node_get_type(node);
	if (rl->styles[parent].depth < RL_MAX_STYLE_DEPTH &&
	    (type == CMARK_NODE_EMPH || type == CMARK_NODE_STRONG ||
	     type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE)) {
		const char *url = "", *title = "";
		if (type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE) {
			url = cmark_node_get_url(node);
			title = cmark_node_get_title(node);
			url = url ? url : "";
			title = title ? title : "";
		}
		unsigned char head[5];
		memcpy(head, &parent, 4);
		head[4] = (unsigned char)type;
		buf_clear(&w->key);
		buf_put(&w->key, head, sizeof(head));
		buf_puts(&w->key, url);
		buf_putc(&w->key, '\0');
		buf_puts(&w->key, title);
		if (buf_check(&w->key) < 0 || words_intern_get(&rl->style_ids, &id, w->key.ptr, w->key.size) < 0)
			return CHARTER_ERROR;
		if (id >= rl->nstyles) {
			/* A new style: ids are dense, so it is the next entry. */
			if (vec_reserve((void **)&rl->styles, &rl->astyles, (size_t)id + 1, sizeof(*rl->styles)) < 0)
				return CHARTER_ERROR;
			rl_style *s = &rl->styles[id];
			s->parent = parent;
			s->depth = rl->styles[parent].depth + 1;
			s->type = type;
			s->url = url;
			s->title = title;
			rl->nstyles = (size_t)id + 1;
		}
	}
	return VEC_PUSH(w->styles, id);
}

/* Byte offset of (line, column), both 1-based, clamped to the line. */
static size_t line_end(const walker *w, size_t line)
{
	/* End of line `line` (1-based), before its LF. */
	if (line >= w->nlines)
		return w->sec->len;
	return w->lines[line] - 1;
}

static size_t pos(const walker *w, int line, int col)
{
	if (line < 1)
		return 0;
	if ((size_t)line > w->nlines)
		return w->sec->len;
	size_t lo = w->lines[line - 1], hi = line_end(w, (size_t)line);
	if (col < 1)
		return lo;
	size_t p = lo + (size_t)col - 1;
	return p > hi ? hi : p;
}

static bool is_blank_char(char c)
{
	return c == ' ' || c == '\t';
}

/* Does an ATX heading ("# Title") start at s? */
static bool is_atx(const char *s, size_t len)
{
	size_t k = 0;
	while (k < len && k < 7 && s[k] == '#')
		k++;
	return k >= 1 && k <= 6 && (k == len || is_blank_char(s[k]));
}

/* Is line `line` (1-based) a setext underline, after any "> " prefixes? */
static bool is_underline(const walker *w, size_t line)
{
	const char *s = w->sec->src + w->lines[line - 1], *e = w->sec->src + line_end(w, line);
	while (s < e && (is_blank_char(*s) || *s == '>'))
		s++;
	if (s == e || (*s != '=' && *s != '-'))
		return false;
	char c = *s;
	while (s < e && *s == c)
		s++;
	while (s < e && is_blank_char(*s))
		s++;
	return s == e;
}

/* Where the leaf's lines and its inline text are in the source. */
static void locate(walker *w, rl_leaf *leaf)
{
	rl_section *sec = w->sec;
	cmark_node *n = leaf->node;
	int sl = cmark_node_get_start_line(n), sc = cmark_node_get_start_column(n);
	int el = cmark_node_get_end_line(n), ec = cmark_node_get_end_column(n);
	bool ok = sl >= 1 && (size_t)sl <= w->nlines && el >= sl && (size_t)el <= w->nlines + 1;
	if (!ok) {
		sec->positions_ok = false;
		leaf->src_lo = leaf->src_hi = leaf->in_lo = leaf->in_hi = w->prev_hi;
		return;
	}
	size_t start = pos(w, sl, sc), end;
	if (ec == 0 && el > sl) {
		el--; /* cmark's way of saying "the end of the previous line" */
		end = line_end(w, (size_t)el);
	} else {
		end = pos(w, el, ec);
		if (end < line_end(w, (size_t)el))
			end++; /* the column is inclusive */
		else
			end = line_end(w, (size_t)el);
	}
	if ((size_t)el > w->nlines)
		el = (int)w->nlines;
	cmark_node_type type = cmark_node_get_type(n);
	bool setext = type == CMARK_NODE_HEADING && !is_atx(sec->src + start, line_end(w, (size_t)sl) - start);
	if (setext) {
		/* cmark 0.30 gives a setext heading followed at once by a
		 * paragraph that paragraph's end: the heading ends at its
		 * underline. */
		for (int k = sl + 1; k <= el; k++) {
			if (is_underline(w, (size_t)k)) {
				el = k;
				end = line_end(w, (size_t)k);
				break;
			}
		}
	}
	leaf->src_lo = w->lines[sl - 1];
	leaf->src_hi = (size_t)el < w->nlines ? w->lines[el] : sec->len;
	if (end < start)
		end = start;
	if (type == CMARK_NODE_HEADING) {
		if (!setext) {
			leaf->atx = true;
			while (start < end && sec->src[start] == '#')
				start++;
		} else if (el > sl) {
			end = line_end(w, (size_t)el - 1); /* not the underline */
		}
	}
	if (leaf->has_inlines) {
		while (start < end && is_blank_char(sec->src[start]))
			start++;
		while (end > start && is_blank_char(sec->src[end - 1]))
			end--;
		leaf->in_lo = start;
		leaf->in_hi = end;
	} else {
		leaf->in_lo = leaf->src_lo;
		leaf->in_hi = leaf->src_hi;
	}
	if (leaf->src_lo < w->prev_hi && leaf->index > 0) {
		/* The block before claims lines of this one: trust where blocks
		 * start over where cmark says they end. */
		rl_leaf *prev = leaf - 1;
		if (prev->src_lo < leaf->src_lo) {
			prev->src_hi = leaf->src_lo;
			if (prev->in_hi > leaf->src_lo - 1)
				prev->in_hi = leaf->src_lo - 1; /* before the newline */
			if (prev->in_lo > prev->in_hi)
				prev->in_lo = prev->in_hi;
			w->prev_hi = prev->src_hi;
		}
	}
	if (leaf->src_lo < w->prev_hi || leaf->in_lo < leaf->src_lo || leaf->in_hi > leaf->src_hi ||
	    (leaf->has_inlines && leaf->ntoks && leaf->in_lo == leaf->in_hi))
		sec->positions_ok = false;
	w->prev_hi = leaf->src_hi;
}

/* The containers around a leaf, outermost first, a letter each: part of
 * its shape and of its memo key. */
static void put_containers(buf *key, const rl_leaf *leaf)
{
	for (size_t i = 0; i < leaf->depth; i++) {
		cmark_node *c = leaf->chain[i];
		cmark_node_type t = cmark_node_get_type(c);
		buf_putc(key, t == CMARK_NODE_BLOCK_QUOTE ? 'Q' : t == CMARK_NODE_ITEM ? 'I' :
			cmark_node_get_list_type(c) == CMARK_ORDERED_LIST ? 'O' : 'B');
	}
}

/* Is line `line` (1-based) empty or only spaces and tabs? */
static bool is_blank_line(const walker *w, size_t line)
{
	for (size_t i = w->lines[line - 1], e = line_end(w, line); i < e; i++)
		if (!is_blank_char(w->sec->src[i]))
			return false;
	return true;
}

/* A paragraph or heading whose lines, containers and type are those of
 * one read before in this redline (on either side) gives the same tokens:
 * they are copied, not made again. Most of a redline's paragraphs are on
 * both sides (the context of a change, a whole document's unchanged
 * text). Not for text with a "[": what a link reference means depends on
 * the definitions elsewhere in the document. */
struct rl_leaf_memo {
	const rl_tok *toks;
	size_t ntoks;
	const uint32_t *words;
	size_t nwords;
	uint32_t kind, shape, key;
};

/* Copy the tokens of an earlier twin into w->leaf (1), or note where its
 * own go when it has none (0). */
static int leaf_memo_take(walker *w, cmark_node *node)
{
	charter_redline *rl = w->rl;
	rl_leaf *leaf = w->leaf;
	w->memo_new = HSET_NONE;
	int sl = cmark_node_get_start_line(node), el = cmark_node_get_end_line(node);
	if (sl < 1 || el < sl || (size_t)el > w->nlines)
		return 0;
	/* Its lines and those up to the next blank one, which no paragraph
	 * crosses: all of its text even where cmark ends it too early. */
	size_t last = (size_t)el;
	while (last < w->nlines && !is_blank_line(w, last + 1))
		last++;
	size_t lo = w->lines[sl - 1], hi = line_end(w, last);
	if (memchr(w->sec->src + lo, '[', hi - lo))
		return 0;
	buf_clear(&w->key);
	buf_putc(&w->key, (char)cmark_node_get_type(node));
	buf_putc(&w->key, (char)(cmark_node_get_type(node) == CMARK_NODE_HEADING ? cmark_node_get_heading_level(node) : 0));
	put_containers(&w->key, leaf);
	buf_putc(&w->key, '\0');
	buf_put(&w->key, w->sec->src + lo, hi - lo);
	uint32_t id;
	int added;
	if (buf_check(&w->key) < 0 || hset_intern(&rl->leaf_keys, &id, w->key.ptr, w->key.size, &added) < 0 ||
	    vec_reserve((void **)&rl->leaf_memo, &rl->aleaf_memo, (size_t)id + 1, sizeof(*rl->leaf_memo)) < 0)
		return CHARTER_ERROR;
	if (added) {
		w->memo_new = id;
		return 0;
	}
	const struct rl_leaf_memo *m = &rl->leaf_memo[id];
	leaf->ntoks = m->ntoks;
	leaf->nwords = m->nwords;
	leaf->toks = arena_dup(&rl->arena, m->toks, m->ntoks, sizeof(rl_tok));
	leaf->words = arena_dup(&rl->arena, m->words, m->nwords, sizeof(uint32_t));
	if ((!leaf->toks && m->ntoks) || (!leaf->words && m->nwords))
		return CHARTER_ERROR;
	leaf->kind = m->kind;
	leaf->shape = m->shape;
	leaf->key = m->key;
	locate(w, leaf);
	w->leaf = NULL;
	return 1;
}

static int begin_leaf(walker *w, cmark_node *node)
{
	rl_leaf leaf;
	memset(&leaf, 0, sizeof(leaf));
	leaf.node = node;
	leaf.side = w->side;
	leaf.section = w->secidx;
	leaf.index = w->leaves.n;
	leaf.depth = (uint32_t)w->chain.n;
	leaf.chain = arena_dup(&w->rl->arena, w->chain.ptr, w->chain.n, sizeof(cmark_node *));
	if (!leaf.chain && w->chain.n)
		return CHARTER_ERROR;
	cmark_node_type type = cmark_node_get_type(node);
	leaf.has_inlines = type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING;
	if (VEC_PUSH(w->leaves, leaf) < 0)
		return CHARTER_ERROR;
	w->leaf = &w->leaves.ptr[w->leaves.n - 1];
	w->toks.n = 0;
	w->styles.n = 0;
	w->memo_new = HSET_NONE;
	return leaf.has_inlines ? leaf_memo_take(w, node) : 0;
}

static int end_leaf(walker *w)
{
	charter_redline *rl = w->rl;
	rl_leaf *leaf = w->leaf;
	if (flush_text(w) < 0)
		return CHARTER_ERROR;
	leaf->ntoks = w->toks.n;
	leaf->toks = arena_dup(&rl->arena, w->toks.ptr, w->toks.n, sizeof(rl_tok));
	if (!leaf->toks && w->toks.n)
		return CHARTER_ERROR;
	size_t nwords = 0;
	for (size_t i = 0; i < leaf->ntoks; i++)
		nwords += leaf->toks[i].kind == RL_WORD;
	leaf->words = arena_alloc(&rl->arena, nwords * sizeof(uint32_t));
	if (!leaf->words)
		return CHARTER_ERROR;
	for (size_t i = 0; i < leaf->ntoks; i++)
		if (leaf->toks[i].kind == RL_WORD)
			leaf->words[leaf->nwords++] = leaf->toks[i].word;
	sort_u32(leaf->words, leaf->nwords);

	/* kind: block type and level; shape: containers + kind (+ code info);
	 * key: shape + tokens. */
	cmark_node *n = leaf->node;
	unsigned char kind[3] = { 'k', (unsigned char)cmark_node_get_type(n), 0 };
	if (cmark_node_get_type(n) == CMARK_NODE_HEADING)
		kind[2] = (unsigned char)cmark_node_get_heading_level(n);
	if (words_intern_get(&rl->block_ids, &leaf->kind, kind, sizeof(kind)) < 0)
		return CHARTER_ERROR;
	buf_clear(&w->key);
	buf_putc(&w->key, 's');
	put_containers(&w->key, leaf);
	buf_put(&w->key, kind + 1, 2);
	if (cmark_node_get_type(n) == CMARK_NODE_CODE_BLOCK) {
		const char *info = cmark_node_get_fence_info(n);
		buf_puts(&w->key, info ? info : "");
	}
	if (buf_check(&w->key) < 0 || words_intern_get(&rl->block_ids, &leaf->shape, w->key.ptr, w->key.size) < 0)
		return CHARTER_ERROR;
	/* key: "b", the shape and the token ids, as 32-bit words */
	w->ids.n = 0;
	if (VEC_PUSH(w->ids, (uint32_t)'b') < 0 || VEC_PUSH(w->ids, leaf->shape) < 0 ||
	    vec_reserve((void **)&w->ids.ptr, &w->ids.cap, 2 + leaf->ntoks, sizeof(uint32_t)) < 0)
		return CHARTER_ERROR;
	for (size_t i = 0; i < leaf->ntoks; i++)
		w->ids.ptr[w->ids.n++] = leaf->toks[i].id;
	if (words_intern_get(&rl->block_ids, &leaf->key, w->ids.ptr, w->ids.n * sizeof(uint32_t)) < 0)
		return CHARTER_ERROR;
	if (w->memo_new != HSET_NONE)
		rl->leaf_memo[w->memo_new] = (struct rl_leaf_memo){ leaf->toks, leaf->ntoks, leaf->words, leaf->nwords,
			leaf->kind, leaf->shape, leaf->key };
	locate(w, leaf);
	w->leaf = NULL;
	return 0;
}

static bool is_container(cmark_node_type t)
{
	return t == CMARK_NODE_BLOCK_QUOTE || t == CMARK_NODE_LIST || t == CMARK_NODE_ITEM;
}

static int walk(walker *w)
{
	cmark_iter *it = cmark_iter_new(w->sec->doc);
	if (!it)
		return error_set(CHARTER_ERROR, "out of memory");
	int err = 0;
	cmark_event_type ev;
	while (!err && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(node);
		bool enter = ev == CMARK_EVENT_ENTER;
		if (t == CMARK_NODE_DOCUMENT)
			continue;
		if (is_container(t)) {
			bool empty = cmark_node_first_child(node) == NULL;
			if (empty && enter) {
				/* An empty item or quote is a block of its own. */
				if (!(err = begin_leaf(w, node)))
					err = end_leaf(w);
			} else if (!empty && enter) {
				err = VEC_PUSH(w->chain, node);
			} else if (!empty) {
				w->chain.n--;
			}
			continue;
		}
		if (w->leaf == NULL) {
			/* A leaf block starts (only ENTER events reach here). */
			if (!enter)
				continue;
			if ((err = begin_leaf(w, node)) < 0)
				break;
			if (err > 0) {
				/* Its tokens are an earlier twin's: on past its text. */
				err = 0;
				cmark_iter_reset(it, node, CMARK_EVENT_EXIT);
				continue;
			}
			if (t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_HEADING)
				continue;
			const char *lit = cmark_node_get_literal(node);
			if (t == CMARK_NODE_THEMATIC_BREAK || !lit)
				lit = t == CMARK_NODE_THEMATIC_BREAK ? "---" : "";
			if (!(err = add_token(w, RL_ATOM, lit, strlen(lit))))
				err = end_leaf(w);
			continue;
		}
		switch (t) {
		case CMARK_NODE_PARAGRAPH:
		case CMARK_NODE_HEADING:
			if (!enter)
				err = end_leaf(w);
			break;
		case CMARK_NODE_TEXT: {
			const char *lit = cmark_node_get_literal(node);
			buf_puts(&w->pending, lit ? lit : "");
			break;
		}
		case CMARK_NODE_SOFTBREAK:
			if (!(err = flush_text(w)))
				err = add_token(w, RL_SOFT, " ", 1);
			break;
		case CMARK_NODE_LINEBREAK:
			if (!(err = flush_text(w)))
				err = add_token(w, RL_BREAK, "\n", 1);
			break;
		case CMARK_NODE_CODE:
		case CMARK_NODE_HTML_INLINE: {
			const char *lit = cmark_node_get_literal(node);
			lit = lit ? lit : "";
			if (!(err = flush_text(w)))
				err = add_token(w, t == CMARK_NODE_CODE ? RL_CODE : RL_HTML, lit, strlen(lit));
			break;
		}
		default: /* EMPH, STRONG, LINK, IMAGE, CUSTOM_INLINE */
			if ((err = flush_text(w)) < 0)
				break;
			if (enter)
				err = push_style(w, node);
			else if (w->styles.n)
				w->styles.n--;
			break;
		}
	}
	cmark_iter_free(it);
	return err < 0 ? err : 0;
}

int rl_section_load(charter_redline *rl, rl_section *sec, int side, size_t index,
	const charter_redline_section *in)
{
	walker w;
	memset(&w, 0, sizeof(w));
	buf clean = BUF_INIT;
	int err = 0;

	sec->other = -1;
	sec->positions_ok = true;
	if (!(sec->slug = arena_strndup(&rl->arena, in->slug, strlen(in->slug))))
		return CHARTER_ERROR;
	if ((err = clean_text(&clean, in->markdown ? in->markdown : "", in->markdown ? in->len : 0)) < 0)
		goto cleanup;
	sec->len = clean.size;
	if (!(sec->src = arena_strndup(&rl->arena, buf_cstr(&clean), clean.size))) {
		err = CHARTER_ERROR;
		goto cleanup;
	}
	buf_free(&clean);

	w.rl = rl;
	w.sec = sec;
	w.side = side;
	w.secidx = index;
	size_t nlines = 1;
	for (size_t i = 0; i < sec->len; i++)
		nlines += sec->src[i] == '\n';
	if (!(w.lines = malloc(nlines * sizeof(size_t)))) {
		err = error_set(CHARTER_ERROR, "out of memory");
		goto cleanup;
	}
	w.lines[w.nlines++] = 0;
	for (size_t i = 0; i < sec->len; i++)
		if (sec->src[i] == '\n')
			w.lines[w.nlines++] = i + 1;

	if (!(sec->doc = cmark_parse_document(sec->src, sec->len, CMARK_OPT_DEFAULT))) {
		err = error_set(CHARTER_ERROR, "out of memory");
		goto cleanup;
	}
	if ((err = walk(&w)) < 0)
		goto cleanup;
	sec->nleaves = w.leaves.n;
	sec->leaves = arena_dup(&rl->arena, w.leaves.ptr, w.leaves.n, sizeof(rl_leaf));
	if (!sec->leaves && w.leaves.n)
		err = CHARTER_ERROR;

cleanup:
	buf_free(&clean);
	buf_free(&w.pending);
	buf_free(&w.key);
	free(w.lines);
	free(w.chain.ptr);
	free(w.styles.ptr);
	free(w.leaves.ptr);
	free(w.toks.ptr);
	free(w.ids.ptr);
	return err;
}
