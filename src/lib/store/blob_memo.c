/* blob_memo: a small first-in first-out table of blob texts by id, under a mutex. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/internal.h"
#include "store/blob_memo.h"

typedef struct {
	git_oid id;
	char *text;
	size_t len;
} memo_entry;

struct blob_memo {
	pthread_mutex_t mu;
	memo_entry *e;
	size_t cap, next, bytes, max_bytes;
};

blob_memo *blob_memo_new(size_t entries, size_t bytes)
{
	blob_memo *m = calloc(1, sizeof(*m));
	if (!m || !(m->e = calloc(entries ? entries : 1, sizeof(*m->e)))) {
		free(m);
		return NULL;
	}
	m->cap = entries ? entries : 1;
	m->max_bytes = bytes;
	pthread_mutex_init(&m->mu, NULL);
	return m;
}

void blob_memo_free(blob_memo *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->cap; i++)
		free(m->e[i].text);
	free(m->e);
	pthread_mutex_destroy(&m->mu);
	free(m);
}

static char *copy_of(const char *p, size_t len)
{
	char *s = malloc(len + 1);
	if (s) {
		memcpy(s, p, len);
		s[len] = '\0';
	}
	return s;
}

/* The copy of id's text in the memo, or NULL (under the lock). */
static char *lookup(blob_memo *m, const git_oid *id, size_t *len)
{
	for (size_t i = 0; i < m->cap; i++)
		if (m->e[i].text && git_oid_equal(&m->e[i].id, id)) {
			*len = m->e[i].len;
			return copy_of(m->e[i].text, m->e[i].len);
		}
	return NULL;
}

static void drop(blob_memo *m, memo_entry *e)
{
	if (e->text) {
		m->bytes -= e->len;
		free(e->text);
		e->text = NULL;
	}
}

/* Keep a copy of text in place of the oldest entries it needs the room
 * of (under the lock). */
static void keep(blob_memo *m, const git_oid *id, const char *text, size_t len)
{
	size_t unused;
	char *there = lookup(m, id, &unused);
	if (there || len > m->max_bytes) {
		free(there); /* another thread kept it meanwhile */
		return;
	}
	memo_entry *e = &m->e[m->next];
	drop(m, e);
	for (size_t i = 1; i < m->cap && m->bytes + len > m->max_bytes; i++)
		drop(m, &m->e[(m->next + i) % m->cap]);
	if (!(e->text = copy_of(text, len)))
		return;
	git_oid_cpy(&e->id, id);
	e->len = len;
	m->bytes += len;
	m->next = (m->next + 1) % m->cap;
}

int blob_memo_read(char **out, size_t *len, blob_memo *m, git_repository *repo, const git_oid *id, const char *what)
{
	git_blob *blob = NULL;
	*out = NULL;
	if (m) {
		pthread_mutex_lock(&m->mu);
		*out = lookup(m, id, len);
		pthread_mutex_unlock(&m->mu);
		if (*out)
			return 0;
	}
	int error = git_blob_lookup(&blob, repo, id);
	if (error < 0)
		return error_git(error, what);
	*len = (size_t)git_blob_rawsize(blob);
	const char *raw = git_blob_rawcontent(blob);
	if (m) {
		pthread_mutex_lock(&m->mu);
		keep(m, id, raw, *len);
		pthread_mutex_unlock(&m->mu);
	}
	*out = copy_of(raw, *len);
	git_blob_free(blob);
	return *out ? 0 : error_set(CHARTER_ERROR, "out of memory");
}
