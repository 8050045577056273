/* The office model: paragraphs of runs, each run and paragraph mark equal, inserted or deleted; rendering it as DOCX or ODT. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/grow.h"
#include "base/internal.h"
#include "office/office.h"

void office_init(office_doc *d, const char *title)
{
	memset(d, 0, sizeof(*d));
	d->title = xstrdup(title ? title : "");
	if (!d->title)
		d->err = CHARTER_ERROR;
}

void office_free(office_doc *d)
{
	buf_free(&d->text);
	free(d->runs);
	free(d->paras);
	for (size_t i = 0; i < d->nauthors; i++)
		free(d->authors[i].name);
	free(d->authors);
	free(d->title);
	memset(d, 0, sizeof(*d));
}

static void fail(office_doc *d, int err)
{
	if (!d->err)
		d->err = err;
}

int office_author(office_doc *d, const char *name, const char *date)
{
	if (d->err)
		return d->err;
	if (d->nauthors >= UINT16_MAX)
		return d->err = error_set(CHARTER_EINVALID, "office: too many authors of changes");
	int err = GROW(d->authors, d->aauthors, d->nauthors + 1);
	if (err < 0) {
		fail(d, err);
		return err;
	}
	of_author *a = &d->authors[d->nauthors];
	memset(a, 0, sizeof(*a));
	a->name = xstrdup(name && *name ? name : "charter");
	if (!a->name) {
		fail(d, CHARTER_ERROR);
		return CHARTER_ERROR;
	}
	if (date && strlen(date) == 10)
		memcpy(a->date, date, 10);
	return (int)d->nauthors++;
}

void office_para(office_doc *d, of_style style, int level)
{
	if (d->err)
		return;
	int err = GROW(d->paras, d->aparas, d->nparas + 1);
	if (err < 0) {
		fail(d, err);
		return;
	}
	of_para *p = &d->paras[d->nparas++];
	memset(p, 0, sizeof(*p));
	p->style = style;
	p->level = level < 1 ? 1 : level > 6 ? 6 : level;
	p->first = d->nruns;
}

static of_run *add_run(office_doc *d, int kind, int change, int author)
{
	if (d->err)
		return NULL;
	if (d->nparas == 0)
		office_para(d, OF_BODY, 1);
	int err = d->err ? d->err : GROW(d->runs, d->aruns, d->nruns + 1);
	if (err < 0) {
		fail(d, err);
		return NULL;
	}
	of_run *r = &d->runs[d->nruns++];
	memset(r, 0, sizeof(*r));
	r->kind = (uint8_t)kind;
	r->change = (uint8_t)change;
	r->author = (uint16_t)(author < 0 ? 0 : author);
	d->paras[d->nparas - 1].nruns++;
	return r;
}

void office_run(office_doc *d, const char *s, size_t len, int change, int fmt, int author)
{
	if (len == 0 || d->err)
		return;
	/* Extend the last run when nothing but the text differs. */
	of_para *p = d->nparas ? &d->paras[d->nparas - 1] : NULL;
	if (p && p->nruns) {
		of_run *last = &d->runs[d->nruns - 1];
		if (last->kind == OF_TEXT && last->change == change && last->fmt == fmt &&
		    last->author == (uint16_t)(author < 0 ? 0 : author) && last->off + last->len == d->text.size) {
			buf_put(&d->text, s, len);
			last->len += len;
			return;
		}
	}
	of_run *r = add_run(d, OF_TEXT, change, author);
	if (!r)
		return;
	r->fmt = (uint8_t)fmt;
	r->off = d->text.size;
	r->len = len;
	buf_put(&d->text, s, len);
	if (d->text.oom)
		fail(d, buf_check(&d->text));
}

void office_special(office_doc *d, int kind, int change, int author)
{
	add_run(d, kind, change, author);
}

void office_mark(office_doc *d, int change, int author)
{
	if (d->err || d->nparas == 0)
		return;
	d->paras[d->nparas - 1].mark = (uint8_t)change;
	d->paras[d->nparas - 1].mark_author = (uint16_t)(author < 0 ? 0 : author);
}

void office_text(office_doc *d, of_style style, int level, const char *s)
{
	office_para(d, style, level);
	/* Line breaks of a one-line value read as spaces. */
	while (s && *s) {
		size_t n = strcspn(s, "\n");
		office_run(d, s, n, OF_EQ, 0, 0);
		s += n;
		if (*s) {
			office_run(d, " ", 1, OF_EQ, 0, 0);
			s++;
		}
	}
}

void office_textf(office_doc *d, of_style style, int level, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char tmp[512];
	int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0) {
		fail(d, error_set(CHARTER_ERROR, "office: cannot format a line"));
		return;
	}
	if ((size_t)n < sizeof(tmp)) {
		office_text(d, style, level, tmp);
		return;
	}
	char *big = malloc((size_t)n + 1);
	if (!big) {
		fail(d, error_set(CHARTER_ERROR, "out of memory"));
		return;
	}
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	office_text(d, style, level, big);
	free(big);
}

bool office_format(charter_format format)
{
	return format == CHARTER_FORMAT_DOCX || format == CHARTER_FORMAT_ODT;
}

/* The last paragraph's mark ends the document and cannot change: a change
 * of it (a trailing paragraph struck or inserted whole) moves to the mark
 * before the trailing paragraphs of that change, which reads the same:
 * "P¶Q" with "Q¶" struck is "P¶Q" with "¶Q" struck. */
static void settle_end(office_doc *d)
{
	if (d->nparas == 0)
		return;
	of_para *last = &d->paras[d->nparas - 1];
	int change = last->mark;
	if (change == OF_EQ)
		return;
	uint16_t author = last->mark_author;
	last->mark = OF_EQ;
	size_t i = d->nparas - 1;
	while (i > 0 && d->paras[i - 1].mark == change)
		i--;
	if (i > 0 && d->paras[i - 1].mark == OF_EQ) {
		d->paras[i - 1].mark = (uint8_t)change;
		d->paras[i - 1].mark_author = author;
	}
}

buf *office_part_add(office_part *parts, size_t *n, const char *name, bool store)
{
	/* OFFICE_MAX_PARTS is more than either writer adds. */
	office_part *p = &parts[*n < OFFICE_MAX_PARTS - 1 ? (*n)++ : *n];
	p->name = name;
	p->store = store;
	return &p->body;
}

int office_render(char **out, size_t *out_len, office_doc *d, charter_format format)
{
	office_part parts[OFFICE_MAX_PARTS];
	size_t nparts = 0;
	int err;

	*out = NULL;
	if (out_len)
		*out_len = 0;
	if (!office_format(format))
		return error_set(CHARTER_EINVALID, "office: the format is neither docx nor odt");
	if (d->err)
		return d->err;
	if ((err = buf_check(&d->text)) < 0)
		return err;
	if (d->nparas == 0)
		office_para(d, OF_BODY, 1);
	if (d->err)
		return d->err;
	settle_end(d);
	memset(parts, 0, sizeof(parts));
	err = format == CHARTER_FORMAT_DOCX ? office_docx_parts(parts, &nparts, d)
		: office_odt_parts(parts, &nparts, d);
	for (size_t i = 0; !err && i < nparts; i++)
		err = buf_check(&parts[i].body);
	if (!err)
		err = office_zip(out, out_len, parts, nparts);
	for (size_t i = 0; i < OFFICE_MAX_PARTS; i++)
		buf_free(&parts[i].body);
	return err;
}
