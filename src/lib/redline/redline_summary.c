/* What a redline amounts to, in a few lines: sections added, removed and renamed, paragraphs moved, words changed. */
#include <stdlib.h>
#include <string.h>

#include "base/json.h"
#include "redline/redline_int.h"

/* README.md is compared with the sections but is not one of them. */
static bool is_section(const char *slug)
{
	return strcmp(slug, "README.md") != 0;
}

typedef struct {
	size_t added, removed, renamed, moved, joined, split, ins, del;
} tally;

static size_t changed_words(const rl_outblock *ob, int status)
{
	size_t n = 0;
	for (size_t t = 0; t < ob->nmt; t++)
		n += ob->mt[t].tok->kind == RL_WORD && ob->mt[t].status == status;
	return n;
}

/* A removed section: gone whole (some paragraph is nowhere else), or
 * merged (every paragraph of it moved to other sections). */
static bool dropped(const rl_outsection *os)
{
	for (size_t k = 0; k < os->nblocks; k++)
		if (os->blocks[k].kind == RL_OB_DELETE && os->blocks[k].old->ntoks > 0)
			return true;
	return false;
}

static void count(tally *t, const charter_redline *rl)
{
	memset(t, 0, sizeof(*t));
	for (size_t s = 0; s < rl->nout; s++) {
		const rl_outsection *os = &rl->out[s];
		if (is_section(os->slug)) {
			if (!os->old)
				t->added++;
			else if (!os->new)
				t->removed++;
			else if (os->renamed_from)
				t->renamed++;
		}
		for (size_t k = 0; k < os->nblocks; k++) {
			const rl_outblock *ob = &os->blocks[k];
			if (ob->kind == RL_OB_MOVED_AWAY)
				continue;
			t->moved += ob->kind == RL_OB_MOVE;
			for (size_t m = 0; m < ob->nmt; m++) {
				if (ob->mt[m].tok->kind != RL_PARA)
					continue;
				t->joined += ob->mt[m].status == RL_DEL; /* a struck break joins two paragraphs */
				t->split += ob->mt[m].status == RL_INS;
			}
			t->ins += changed_words(ob, RL_INS);
			t->del += changed_words(ob, RL_DEL);
		}
	}
}

/* The slugs of sections of one kind: ", "-separated (text) or a JSON array. */
enum { ADDED, REMOVED, RENAMED, DROPPED };

static bool of_kind(const rl_outsection *os, int kind)
{
	if (!is_section(os->slug))
		return false;
	switch (kind) {
	case ADDED: return !os->old;
	case REMOVED: return !os->new;
	case RENAMED: return os->old && os->new && os->renamed_from;
	default: return !os->new && dropped(os);
	}
}

static void list(buf *b, const charter_redline *rl, int kind, bool json)
{
	bool first = true;
	if (json)
		buf_putc(b, '[');
	for (size_t s = 0; s < rl->nout; s++) {
		const rl_outsection *os = &rl->out[s];
		if (!of_kind(os, kind))
			continue;
		buf_puts(b, first ? "" : ", ");
		first = false;
		if (json && kind == RENAMED) {
			buf_puts(b, "{\"from\": ");
			json_string(b, os->renamed_from);
			buf_puts(b, ", \"to\": ");
			json_string(b, os->slug);
			buf_putc(b, '}');
		} else if (json) {
			json_string(b, os->slug);
		} else if (kind == RENAMED) {
			buf_printf(b, "%s \xe2\x86\x92 %s", os->renamed_from, os->slug);
		} else {
			buf_puts(b, os->slug);
		}
	}
	if (json)
		buf_putc(b, ']');
}

static void render_text(buf *b, const charter_redline *rl, const tally *t)
{
	static const char *const what[] = { "added", "removed", "renamed" };
	size_t n[] = { t->added, t->removed, t->renamed };
	bool any = false;
	for (int k = ADDED; k <= RENAMED; k++) {
		if (!n[k])
			continue;
		buf_puts(b, any ? "; " : "sections: ");
		any = true;
		buf_printf(b, "%zu %s (", n[k], what[k]);
		list(b, rl, k, false);
		buf_putc(b, ')');
	}
	if (any)
		buf_putc(b, '\n');
	if (t->moved || t->joined || t->split) {
		const char *sep = "paragraphs: ";
		if (t->moved)
			buf_printf(b, "%s%zu moved", sep, t->moved), sep = ", ";
		if (t->joined)
			buf_printf(b, "%s%zu join%s", sep, t->joined, t->joined == 1 ? "" : "s"), sep = ", ";
		if (t->split)
			buf_printf(b, "%s%zu split%s", sep, t->split, t->split == 1 ? "" : "s");
		buf_putc(b, '\n');
	}
	if (t->ins || t->del)
		buf_printf(b, "words: %zu inserted, %zu struck\n", t->ins, t->del);
	for (size_t s = 0; s < rl->nout; s++) {
		const rl_outsection *os = &rl->out[s];
		if (of_kind(os, DROPPED))
			buf_printf(b, "warning: this version drops section '%s' (not renamed, and not every paragraph "
				"of it moved elsewhere): check that the archive is complete\n", os->slug);
	}
}

static void render_json(buf *b, const charter_redline *rl, const tally *t)
{
	buf_puts(b, "{\"sections_added\": ");
	list(b, rl, ADDED, true);
	buf_puts(b, ", \"sections_removed\": ");
	list(b, rl, REMOVED, true);
	buf_puts(b, ", \"sections_renamed\": ");
	list(b, rl, RENAMED, true);
	buf_puts(b, ", \"sections_dropped\": ");
	list(b, rl, DROPPED, true);
	buf_printf(b, ", \"paragraphs_moved\": %zu, \"paragraphs_joined\": %zu, \"paragraphs_split\": %zu, "
		"\"words_inserted\": %zu, \"words_deleted\": %zu}\n", t->moved, t->joined, t->split, t->ins, t->del);
}

int charter_redline_summary(char **out, size_t *out_len, const charter_redline *rl, charter_format format)
{
	if (!out || !rl)
		return error_set(CHARTER_EINVALID, "redline: nothing to summarise");
	*out = NULL;
	if (out_len)
		*out_len = 0;
	if (format != CHARTER_FORMAT_TEXT && format != CHARTER_FORMAT_JSON)
		return error_set(CHARTER_EINVALID, "redline: a summary is text or json");
	tally t;
	count(&t, rl);
	buf b = BUF_INIT;
	if (format == CHARTER_FORMAT_TEXT)
		render_text(&b, rl, &t);
	else
		render_json(&b, rl, &t);
	return buf_hand_over(&b, out, out_len);
}
