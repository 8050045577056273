/* The one word model of charter: what a word is, how two texts' words are
 * aligned and how alike two passages are. The redline engine, the
 * word-level merge of amendments and the history cache's replay (blame)
 * all use these, so that they agree on which words changed.
 *
 *   words_token.c   the tokenizer (UTF-8 aware)
 *   words_intern.c  interning tables: byte strings to dense ids
 *   words_diff.c    the token diff (patience), the alignment with its
 *                   semantic cleanup, the similarity, pairing in place
 *                   and the move rule
 *   words_group.c   joins and splits: which paragraphs are one group, and
 *                   how a stretch's linked paragraphs are aligned
 */
#ifndef CHARTER_WORDS_H
#define CHARTER_WORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/hash.h"
#include "base/internal.h"

/* ---- tokens ------------------------------------------------------------ */

/* Token kinds (the redline adds kinds of its own between and after). */
enum {
	WORDS_WORD = 0,  /* letters, digits, marks; also one CJK character */
	WORDS_SPACE = 1, /* a run of whitespace (no-break and other spaces too) */
	WORDS_PUNCT = 3, /* one punctuation mark or symbol (dashes, quotes...) */
};

/* Split text into WORD/SPACE/PUNCT tokens: cb(ctx, kind, start, len) for
 * each; stops at and returns the first non-zero cb result. Tokens never
 * split a UTF-8 character; apostrophes inside words ("we’re") and
 * separators inside numbers ("1,000") stay in the word. */
typedef int (*words_token_cb)(void *ctx, int kind, const char *s, size_t len);
int words_tokenize(const char *s, size_t len, words_token_cb cb, void *ctx);

/* Number of characters (code points) in s[0..len). */
size_t words_utf8_chars(const char *s, size_t len);

/* Decode one code point at s (n >= 1 bytes available). Returns its length
 * in bytes; *cp is -1 for an invalid sequence (length 1). */
size_t words_utf8_decode(const unsigned char *s, size_t n, int32_t *cp);

/* ---- interning: byte strings to dense ids 1, 2, 3... ------------------- */

typedef struct {
	hset set; /* base/hash.h's one hash set; an id here is its id + 1 */
} words_intern;

/* *out = the id of `key` (a new one if unseen). 0 or CHARTER_ERROR (OOM). */
int words_intern_get(words_intern *in, uint32_t *out, const void *key, size_t len);
void words_intern_free(words_intern *in);

/* ---- the token diff and the similarity --------------------------------- */

/* Mark in a_chg/b_chg (zeroed, na/nb bytes) the ids of `a` not kept in `b`
 * and the ids of `b` not in `a`: libgit2's patience diff of one id per
 * line, after the common start and end. */
int words_diff(const uint32_t *a, size_t na, const uint32_t *b, size_t nb, uint8_t *a_chg, uint8_t *b_chg);

/* Walking words_diff()'s marks in order: each step is a kept pair a[i0] =
 * b[j0] (returns 1; i = i0 + 1, j = j0 + 1) or a changed stretch a[i0..i),
 * b[j0..j) (returns 2; one side may be empty; when one side runs out, the
 * rest of the other is changed); 0 at the end. Start from {0}. The redline
 * walks a section's blocks so, blame's replay its lines. */
typedef struct {
	size_t i, j, i0, j0;
} words_walk;
int words_walk_next(words_walk *w, const uint8_t *a_chg, size_t na, const uint8_t *b_chg, size_t nb);

/* How alike two passages are: the Dice coefficient, in percent, of their
 * words (sorted word ids, a multiset each). 0 when either has none. */
unsigned words_similarity(const uint32_t *a, size_t na, const uint32_t *b, size_t nb);
/* The number of words the two multisets share. */
size_t words_common(const uint32_t *a, size_t na, const uint32_t *b, size_t nb);
/* Whether one passage keeps at least half of its words, and three, in the
 * other: the link of a join or a split, and of a paragraph cut down. */
#define WORDS_KEEPS_HALF(common, na, nb) ((common) >= 3 && 2 * (common) >= ((na) < (nb) ? (na) : (nb)))

/* Whether two passages of one section are one passage edited in place, and
 * how surely: their similarity when it is WORDS_PAIR_MIN percent or more,
 * or when one keeps half of its words in the other (WORDS_KEEPS_HALF: a
 * paragraph cut down, or grown around itself; at least 1); else 0. The
 * redline pairs blocks in place by it, blame's replay lines of a section;
 * both before they look for moves among what is left. `a` and `b` are
 * sorted word ids. */
#define WORDS_PAIR_MIN 40
unsigned words_pair_score(const uint32_t *a, size_t na, const uint32_t *b, size_t nb);
/* words_pair_score() within a changed stretch: `alone`, the stretch is one
 * block on each side, and two short blocks (WORDS_PAIR_SHORT words or fewer:
 * a heading retitled) pair whatever their words (score 1). */
#define WORDS_PAIR_SHORT 4
unsigned words_stretch_score(const uint32_t *a, size_t na, const uint32_t *b, size_t nb, bool alone);

/* Pair, in order, the old passages 0..k and the new passages 0..m of one
 * changed stretch so that the pairs' total score is largest (score(ctx, i,
 * j): words_pair_score or the like, 0 when the two cannot pair); beyond
 * WORDS_PAIR_MAX_CELLS candidate pairs, the i-th with the i-th where they
 * score. npartner[j] gets the old passage new j pairs with, or -1. The
 * redline pairs a section's blocks so in each stretch its block diff leaves,
 * blame's replay the lines of a section. 0, or CHARTER_ERROR. */
#define WORDS_PAIR_MAX_CELLS 250000
typedef unsigned (*words_score_cb)(void *ctx, size_t i, size_t j);
int words_pair_in_order(int32_t *npartner, size_t k, size_t m, words_score_cb score, void *ctx);

/* Whether passage `b` is passage `a` moved, perhaps edited, and how
 * surely: *score 0 when not, else a percent for ranking candidates. `a` and
 * `b` are the words in order, `sa` and `sb` the same sorted. A move keeps its
 * words in order: the words the two share in runs of at least
 * WORDS_MOVE_RUN words (words_diff's alignment) make `threshold` percent of
 * both (Dice), or WORDS_MOVE_CONTAINED percent of the shorter when it has
 * WORDS_MOVE_CONTAINED_MIN words or more (a paragraph moved and a sentence
 * added); and one run has WORDS_MOVE_LONGEST words or more, so that passages
 * sharing scattered frequent words ("the", "of the working class") never
 * pair. Identical passages always do. 0, or CHARTER_ERROR. */
#define WORDS_MOVE_DEFAULT 50 /* the redline's default `move_threshold`; blame's */
/* A block moved within its section needs a little less: its staying in the
 * section already speaks for it (a paragraph another one jumped over, with
 * a sentence of it rewritten, reads as the one paragraph edited). */
#define WORDS_MOVE_WITHIN(threshold) ((threshold) * 4 / 5)
#define WORDS_MOVE_RUN 3
#define WORDS_MOVE_LONGEST 5
#define WORDS_MOVE_CONTAINED 75
#define WORDS_MOVE_CONTAINED_MIN 8
int words_move_score(unsigned *score, const uint32_t *a, const uint32_t *sa, size_t na,
	const uint32_t *b, const uint32_t *sb, size_t nb, unsigned threshold);

/* ---- sentences moved ------------------------------------------------ */

/* A run of words struck from, or inserted into, a block that stays (edited
 * in place, moved, joined or split): a candidate for a sentence moved
 * between paragraphs. The redline and blame's replay collect them alike and
 * pair them here, so that they agree on which sentences moved. */
#define WORDS_RUN_MIN 6 /* words a run needs to be a sentence moved */
typedef struct {
	const uint32_t *seq, *sorted; /* its words in order, and the same sorted */
	size_t nw;
	size_t block;                 /* runs of one block never pair (an edit in place) */
	bool struck;
} words_run;

/* Pair each struck run with an inserted run of another block that is the
 * same sentence moved, perhaps edited (words_move_score at `threshold`, with
 * its guard against runs sharing only frequent words), best pairs first,
 * ties in the order given. partner[r] gets the run r pairs with, or -1.
 * Gives up (pairing what it has) beyond a fixed amount of work. 0, or
 * CHARTER_ERROR. */
int words_pair_runs(int32_t *partner, const words_run *runs, size_t n, unsigned threshold);

/* ---- joins and splits ---------------------------------------------- */

/* The paragraphs of a changed stretch, old o[0..no) and new n[0..nn), in
 * order, once those moved elsewhere are left out: shared[i * nn + j], the
 * words of old i kept in new j when the stretch is aligned as one stream
 * (words_align, a break token between each two paragraphs); their word
 * counts; partner[j], the old paragraph new j is paired with in place, or
 * -1; ogap[i] / ngap[j], whether a block that stays (not moved) stands
 * between the paragraph and the one before it in the list; oshape / nshape,
 * their shapes (NULL: all one shape). */
typedef struct {
	size_t no, nn;
	const uint32_t *shared, *owords, *nwords;
	const int32_t *partner;
	const uint8_t *ogap, *ngap;
	const uint32_t *oshape, *nshape;
} words_paras;

/* Which paragraphs are one join or split group: linked paragraphs
 * (partners, or one keeping half of its words in the other:
 * WORDS_KEEPS_HALF), at least one link not a pair and some paragraph not
 * paired, more than one on a side, consecutive on both sides and of one
 * shape. ogroup[i] and ngroup[j] get the group's number, or -1. Returns the
 * number of groups, or CHARTER_ERROR. The redline merges each group into one
 * stream of words; blame keeps the words the group keeps. */
int words_groups(int32_t *ogroup, int32_t *ngroup, const words_paras *p);

/* ---- aligning two token sequences ---------------------------------- */

/* One side: token ids, their lengths in characters, and which are blanks. */
typedef struct {
	const uint32_t *id;
	const uint32_t *chars;
	const uint8_t *blank;
	size_t n;
} words_seq;

/* A stretch of the alignment: equal a[i0..i1) = b[j0..j1), or a change
 * striking a[i0..i1) and inserting b[j0..j1). */
typedef struct {
	bool change;
	size_t i0, i1, j0, j1;
} words_seg;

/* The alignment of `a` and `b` as the redline shows it and blame credits
 * it: words_diff(), then the semantic cleanup — an equality between two
 * changes is folded into them when it is only blanks, or when it is at
 * most half as long (in characters) as the longer side of each change
 * around it and those changes are not both pure insertions or both pure
 * deletions (a lone common word between a struck and an inserted passage
 * does not read as kept). *out (malloc'ed, *nout segments) covers both
 * sides in order. */
int words_align(words_seg **out, size_t *nout, const words_seq *a, const words_seq *b);

/* The alignment of a changed stretch's paragraphs as the redline shows it
 * and blame credits it, once words_groups() has decided: each join or split
 * group aligned as its own stream (its paragraphs and the breaks between),
 * each pair in place outside a group on its own (the whole stretch's stream
 * may align a sentence rotated between paragraphs otherwise). `a` and `b`
 * are the stretch's streams, aline[i] / bline[j] the paragraph of each token
 * (UINT32_MAX: a break; paragraphs in order). partner (NULL: groups only)
 * and ogroup/ngroup as for words_groups(). *out (malloc'ed, *nout segments)
 * holds the units' segments, unit after unit, then with partner given, a
 * change for each run of tokens in no unit (j0 = j1 = b->n for old ones,
 * i0 = i1 = a->n for new ones), so that every token is in one segment. */
int words_align_linked(words_seg **out, size_t *nout, const words_seq *a, const uint32_t *aline,
	const words_seq *b, const uint32_t *bline, size_t no, size_t nn, const int32_t *partner,
	const int32_t *ogroup, const int32_t *ngroup);

#endif
