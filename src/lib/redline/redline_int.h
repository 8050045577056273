/* Internals of the redline engine (charter/redline.h).
 *
 * Pipeline, one file per step:
 * (words/ gives the tokenizer, interning and diff; base/ the arena)
 *   redline_parse.c   clean the text, parse it with cmark, cut it into
 *                     leaf blocks with tokens, styles and source lines
 *   redline_align.c   align blocks (patience diff per section, pairing of
 *                     edited blocks, moves across the whole input) and
 *                     words (patience diff of one-token-per-line text),
 *                     then lay the blocks out in output order
 *   redline_inline.c  turn a block's merged tokens into a properly nested
 *                     stream of style / change-mark events; the Markdown
 *                     serializer for edited blocks
 *   redline_markdown.c  Markdown+CriticMarkup and terminal text, built
 *                     from the source text so unchanged blocks stay as written
 *   redline_html.c    a merged cmark tree rendered by cmark (HTML; also the
 *                     Markdown fallback when source positions look wrong)
 *   redline.c         the public API: operations, JSON, dispatch
 */
#ifndef CHARTER_REDLINE_INTERNAL_H
#define CHARTER_REDLINE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmark.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/internal.h"
#include "words/words.h"

/* ---- tokens (words/words.h: the one tokenizer) ------------------------ */

enum {
	RL_WORD = WORDS_WORD,   /* letters, digits, marks; also one CJK character */
	RL_SPACE = WORDS_SPACE, /* a run of whitespace */
	RL_SOFT = 2,            /* a soft line break: the same token as a space " " */
	RL_PUNCT = WORDS_PUNCT, /* one punctuation mark or symbol */
	RL_CODE,     /* an inline code span (text = its content) */
	RL_HTML,     /* raw inline HTML */
	RL_BREAK,    /* a hard line break (plain text "\n") */
	RL_ATOM,     /* the whole literal of a code/HTML block or a rule */
	RL_PARA,     /* a paragraph break inside a merged token stream ("¶") */
};

typedef struct {
	const char *text; /* not NUL-terminated; lives in a cmark node or static */
	uint32_t len;
	uint32_t id;      /* interned (style, kind, text): equal ids, equal tokens */
	uint32_t word;    /* interned text of a WORD (ignoring style), else 0 */
	uint32_t style;   /* index into charter_redline.styles; 0: unformatted */
	uint8_t kind;
} rl_tok;

/* Inline formatting a token sits in: a chain of EMPH/STRONG/LINK/IMAGE. */
#define RL_MAX_STYLE_DEPTH 32
typedef struct {
	uint32_t parent;
	uint32_t depth;          /* 0 for the root (no formatting) */
	cmark_node_type type;
	const char *url, *title; /* LINK/IMAGE; "" otherwise; live in cmark nodes */
} rl_style;

/* ---- blocks ------------------------------------------------------------ */

enum { RL_OLD = 0, RL_NEW = 1 };

/* What became of a leaf block. */
enum {
	RL_ALONE = 0, /* deleted (old side) or inserted (new side) */
	RL_SAME,      /* identical partner on the other side */
	RL_EDITED,    /* partner in place, words differ */
	RL_MOVED,     /* partner elsewhere */
	RL_JOINED,    /* old side: joined into (or split across) new blocks of a
	                 group; its words are shown in them */
};

/* A token of a redlined block: where it comes from and what happened.
 * TDEL/TINS: struck and inserted where the change is one of typography
 * only (quotes, dashes, spaces: typo_equal), shown lighter. */
enum { RL_EQ = 0, RL_DEL = 1, RL_INS = 2, RL_TDEL = 3, RL_TINS = 4, RL_MOV = 5 };
#define RL_STRUCK(status) ((status) == RL_DEL || (status) == RL_TDEL)
typedef struct {
	const rl_tok *tok;
	uint8_t status;
	const char *moved; /* first token of a struck or inserted run that is a
	                      sentence moved: "moved to SLUG", "moved from above"... */
	const char *moved_slug; /* ...and the section it went to or came from */
} rl_mtok;

/* A sentence moved between paragraphs, at its new place: the inserted run
 * at `at` (`len` tokens, the first carrying the note) against the struck
 * run it came from (words_align), in `inner`: RL_MOV its words that moved
 * unchanged, RL_INS and RL_DEL (RL_TINS, RL_TDEL) the edits made on the
 * way. The renderers show `inner` in place of the run (rl_emit_moves), the
 * run's INSERT op carries it as inner ops; the office files, which show
 * moves as a deletion and an insertion, keep the run. */
typedef struct {
	const rl_mtok *at;
	size_t len;
	rl_mtok *inner;
	size_t ninner;
} rl_smove;

typedef struct rl_leaf rl_leaf;
struct rl_leaf {
	cmark_node *node;     /* in the side's parsed tree */
	cmark_node **chain;   /* enclosing quotes/lists/items, outermost first */
	uint32_t depth;
	int side;
	size_t section;       /* index of its section on its side */
	size_t index;         /* index among the section's leaves */
	rl_tok *toks;
	size_t ntoks;
	uint32_t *words;      /* word ids, sorted (for similarity) */
	uint32_t *seq;        /* the same in order (for moves), or NULL */
	size_t nwords;
	uint32_t shape;       /* containers + block type + level/info */
	uint32_t kind;        /* block type + level only (for moves) */
	uint32_t key;         /* shape + token ids: equal keys, equal blocks */
	bool has_inlines;     /* paragraph or heading */
	bool atx;             /* heading written with #'s */
	/* Source: whole lines [src_lo, src_hi) and the inline text [in_lo, in_hi) */
	size_t src_lo, src_hi, in_lo, in_hi;
	/* Alignment */
	uint32_t stretch;     /* which changed stretch of its section (0: none) */
	int fate;
	rl_leaf *partner;
	rl_mtok *merged;      /* EDITED/MOVED (new side): the word diff */
	size_t nmerged;
	bool group;           /* new side: one of the blocks of a join/split group */
	bool laid;            /* laid out already */
};

typedef struct {
	const char *slug;
	char *src;            /* cleaned text (LF, no NUL, valid UTF-8) */
	size_t len;
	cmark_node *doc;
	rl_leaf *leaves;
	size_t nleaves;
	bool positions_ok;    /* cmark's block positions passed sanity checks */
	long other;           /* same slug on the other side, or -1 */
	bool renamable;       /* may pair with a section of another slug (rl_init_renamable) */
} rl_section;

/* charter_redline_init(), where a section only on one side may pair as
 * renamed only when its flag is set (NULL: all may): for callers that pass
 * parts of texts, in which a section missing on one side need not be a
 * section removed or added. */
int rl_init_renamable(charter_redline **out,
	const charter_redline_section *old_sections, size_t old_count,
	const charter_redline_section *new_sections, size_t new_count,
	const charter_redline_options *opts, const bool *old_renamable, const bool *new_renamable);

/* ---- output ------------------------------------------------------------ */

/* MOVED_AWAY marks, for the renderers only, where a moved block was. */
enum { RL_OB_EQUAL, RL_OB_DELETE, RL_OB_INSERT, RL_OB_EDITED, RL_OB_MOVE, RL_OB_MOVED_AWAY };

typedef struct {
	int kind;
	rl_leaf *old, *new; /* DELETE, MOVED_AWAY: old only; INSERT: new only */
	rl_mtok *mt;        /* the block's tokens with their status */
	size_t nmt;
	int dir;            /* a move within its section: -1 up, +1 down; else 0 */
} rl_outblock;

typedef struct {
	const char *slug;
	rl_section *old, *new; /* either may be NULL */
	rl_outblock *blocks;
	size_t nblocks;
	size_t first_op, nops;
	bool changed;
	const char *renamed_from; /* the old slug of a section paired by its text */
} rl_outsection;

struct charter_redline {
	arena arena;
	rl_section *sec[2];
	size_t nsec[2];
	rl_style *styles;
	size_t nstyles, astyles;
	words_intern style_ids, tok_ids, word_ids, block_ids;
	uint32_t *tok_word;       /* per token id: its word id (0: not a word), so
	                             a token seen before is interned once */
	size_t ntok_word, atok_word;
	hset leaf_keys;           /* paragraphs and headings read so far, by their
	                             lines and containers (redline_parse.c) */
	struct rl_leaf_memo *leaf_memo; /* per key: the tokens they gave */
	size_t aleaf_memo;
	unsigned int move_threshold;
	bool ignore_typography; /* tokens compared folded (words/typography.h) */
	bool parts;             /* sections are parts without their headings
	                           (rl_init_renamable): moves name both sections */
	rl_outsection *out;
	size_t nout;
	charter_redline_op *ops;
	size_t nops;
	size_t *inner_first;      /* per op: first index into `inner` */
	charter_redline_op *inner;
	size_t ninner;
	char *texts;              /* all operation texts */
	rl_smove *smoves;         /* sentences moved, in the order found */
	size_t nsmoves, asmoves;
	/* The base's line numbers in the margin (rl_set_margins): the old
	 * section `margin_sec`'s leaf k spans lines margin_first[k] ..
	 * + margin_lines[k] - 1. NULL: none. */
	size_t margin_sec, nmargin;
	size_t *margin_first, *margin_lines;
};

/* redline_parse.c: clean and parse `in` into `sec` (on side `side`). */
int rl_section_load(charter_redline *rl, rl_section *sec, int side, size_t index,
	const charter_redline_section *in);

/* redline_align.c: fill rl->out. */
int rl_align(charter_redline *rl);

/* redline_inline.c: events for a block's tokens, properly nested. */
typedef struct {
	void (*open_style)(void *ctx, const rl_style *s);
	void (*close_style)(void *ctx, const rl_style *s);
	void (*open_mark)(void *ctx, int status, const char *moved); /* moved: a note, or NULL */
	void (*close_mark)(void *ctx, int status);
	void (*token)(void *ctx, const rl_tok *t);
	void *ctx;
} rl_sink;
int rl_emit_inlines(const charter_redline *rl, const rl_mtok *mt, size_t n, const rl_sink *sink);
/* The same, with each sentence moved into the block shown as its rl_smove's
 * inner tokens (RL_MOV marked as moved), each in marks of its own. */
int rl_emit_moves(const charter_redline *rl, const rl_mtok *mt, size_t n, const rl_sink *sink);
/* The sentence moved whose inserted run starts at `t`, or NULL. */
const rl_smove *rl_smove_at(const charter_redline *rl, const rl_mtok *t);

/* Change marks and move notes of one output flavour. */
typedef struct {
	const char *del_open, *del_close, *ins_open, *ins_close;
	const char *note_open, *note_close; /* around "moved from SLUG" */
	const char *note_gap;               /* between a note and the text */
	const char *elision;                /* a line where unchanged paragraphs were left out */
	/* A change of typography only: struck then inserted, e.g. {~~'~>’~~}. */
	const char *tdel_open, *tdel_close, *tins_open, *tins_close;
	/* Words of a sentence moved here unchanged (RL_MOV), e.g. {==…==}. */
	const char *mov_open, *mov_close;
} rl_marks;

/* The mark that opens (or closes) a run of tokens of `status`. */
const char *rl_mark_open(const rl_marks *m, int status);
const char *rl_mark_close(const rl_marks *m, int status);

/* Markdown for a block's merged tokens (escaped; marks from `m`). Soft
 * breaks become a newline and `cont` (the block's continuation prefix, e.g.
 * "> "), or a space when `cont` is NULL; `heading`: escape every '#'. */
int rl_inline_markdown(buf *out, const charter_redline *rl, const rl_mtok *mt, size_t n,
	const rl_marks *m, bool heading, const char *cont);

/* redline_markdown.c: Markdown with `m`'s marks, section by section. */
int rl_render_markdown(buf *out, const charter_redline *rl, const rl_marks *m, unsigned int flags);

/* redline_html.c: one section as a merged cmark tree, rendered as HTML
 * (`commonmark` false) or CommonMark with `m`'s marks (true). */
int rl_render_tree(buf *out, const charter_redline *rl, const rl_outsection *os,
	const rl_marks *m, bool commonmark);
int rl_render_html(buf *out, const charter_redline *rl, unsigned int flags);

/* redline_markdown.c: with CHARTER_REDLINE_CONTEXT, is block `b` shown?
 * Changed blocks, the `context` blocks on either side of each, and
 * headings; `context` -1 shows all. */
bool rl_block_shown(const rl_outsection *os, size_t b, int context);

/* redline.c: number the blocks of old section `slug` in the margin of
 * Markdown, HTML and LaTeX (the booklet: the base's line numbers): its
 * leaf k starts at line first[k] and has nlines[k] lines. Ignored when
 * `n` is not its number of leaves. */
int rl_set_margins(charter_redline *rl, const char *slug, const size_t *first, const size_t *nlines, size_t n);

/* The margin label of block `ob` ("31" or "31–35") into `out`; false when
 * it has none (no margins, or a block the old text does not hold where it
 * is shown: inserted, moved here, or only a note that it moved away). */
bool rl_margin_label(const charter_redline *rl, const rl_outblock *ob, char out[48]);

/* redline_latex.c: LaTeX paragraphs (no document around them). */
int rl_render_latex(buf *out, const charter_redline *rl, unsigned int flags);

/* The note on a MOVE ("moved from SLUG", "moved from above") or a
 * MOVED_AWAY block ("moved to SLUG", "moved below"). */
void rl_move_note(buf *out, const charter_redline *rl, const rl_outblock *ob);

#endif
