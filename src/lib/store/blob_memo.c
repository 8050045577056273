/* blob_memo: a first-in first-out table of blob texts by id, under a mutex. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/internal.h"
#include "store/blob_memo.h"

#define NONE ((size_t)-1)
#define BLOB_MEMO_WAIT_MS 50

typedef struct {
	git_oid id;
	char *text;
	size_t len;
	size_t next; /* the next entry of its bucket, or NONE */
	bool ahead;  /* kept by the reader ahead, not taken by another yet */
} memo_entry;

struct blob_memo {
	pthread_mutex_t mu;
	pthread_cond_t taken;
	size_t nahead, max_ahead; /* entries kept ahead and not taken; when it waits */
	bool free_running;        /* the reader ahead waits no more */
	memo_entry *e;
	size_t *bucket; /* first entry per bucket, or NONE */
	size_t cap, mask, next, bytes, max_bytes;
	size_t reads; /* texts read from the object database */
};

blob_memo *blob_memo_new(size_t entries, size_t bytes, size_t ahead)
{
	blob_memo *m = calloc(1, sizeof(*m));
	if (!m)
		return NULL;
	m->cap = entries ? entries : 1;
	size_t nb = 1;
	while (nb < 2 * m->cap)
		nb <<= 1;
	m->mask = nb - 1;
	m->e = calloc(m->cap, sizeof(*m->e));
	m->bucket = malloc(nb * sizeof(*m->bucket));
	if (!m->e || !m->bucket) {
		free(m->e);
		free(m->bucket);
		free(m);
		return NULL;
	}
	for (size_t i = 0; i < nb; i++)
		m->bucket[i] = NONE;
	m->max_bytes = bytes;
	m->max_ahead = ahead;
	m->free_running = ahead == 0;
	pthread_mutex_init(&m->mu, NULL);
	pthread_cond_init(&m->taken, NULL);
	return m;
}

void blob_memo_free(blob_memo *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->cap; i++)
		free(m->e[i].text);
	free(m->e);
	free(m->bucket);
	pthread_cond_destroy(&m->taken);
	pthread_mutex_destroy(&m->mu);
	free(m);
}

size_t blob_memo_reads(blob_memo *m)
{
	pthread_mutex_lock(&m->mu);
	size_t n = m->reads;
	pthread_mutex_unlock(&m->mu);
	return n;
}

void blob_memo_done(blob_memo *m)
{
	if (!m)
		return;
	pthread_mutex_lock(&m->mu);
	m->free_running = true;
	pthread_cond_broadcast(&m->taken);
	pthread_mutex_unlock(&m->mu);
}

static void untake(blob_memo *m, memo_entry *e)
{
	if (e->ahead) {
		e->ahead = false;
		m->nahead--;
		pthread_cond_broadcast(&m->taken);
	}
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

/* An object id is a hash already: its first bytes pick the bucket. */
static size_t *bucket_of(blob_memo *m, const git_oid *id)
{
	size_t h;
	memcpy(&h, id->id, sizeof(h));
	return &m->bucket[h & m->mask];
}

/* The copy of id's text in the memo, or NULL (under the lock); `ahead`:
 * the reader ahead asks. */
static char *lookup(blob_memo *m, const git_oid *id, size_t *len, bool ahead)
{
	for (size_t i = *bucket_of(m, id); i != NONE; i = m->e[i].next)
		if (git_oid_equal(&m->e[i].id, id)) {
			if (!ahead)
				untake(m, &m->e[i]);
			*len = m->e[i].len;
			return copy_of(m->e[i].text, m->e[i].len);
		}
	return NULL;
}

static void drop(blob_memo *m, size_t i)
{
	memo_entry *e = &m->e[i];
	if (!e->text)
		return;
	for (size_t *p = bucket_of(m, &e->id); *p != NONE; p = &m->e[*p].next)
		if (*p == i) {
			*p = e->next;
			break;
		}
	untake(m, e);
	m->bytes -= e->len;
	free(e->text);
	e->text = NULL;
}

/* Keep a copy of text in place of the oldest entries it needs the room
 * of (under the lock). */
static void keep(blob_memo *m, const git_oid *id, const char *text, size_t len, bool ahead)
{
	size_t unused;
	char *there = lookup(m, id, &unused, true);
	if (there || len > m->max_bytes) {
		free(there); /* another thread kept it meanwhile */
		return;
	}
	size_t at = m->next;
	drop(m, at);
	for (size_t i = 1; i < m->cap && m->bytes + len > m->max_bytes; i++)
		drop(m, (at + i) % m->cap);
	memo_entry *e = &m->e[at];
	if (!(e->text = copy_of(text, len)))
		return;
	git_oid_cpy(&e->id, id);
	e->len = len;
	e->ahead = ahead;
	m->nahead += ahead;
	size_t *b = bucket_of(m, id);
	e->next = *b;
	*b = at;
	m->bytes += len;
	m->next = (at + 1) % m->cap;
}

/* The reader ahead waits for the others to take what it kept; once a
 * wait is long (they want other texts, or none), it waits no more. */
static void pace(blob_memo *m)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_nsec += BLOB_MEMO_WAIT_MS * 1000000L;
	until.tv_sec += until.tv_nsec / 1000000000L;
	until.tv_nsec %= 1000000000L;
	while (!m->free_running && m->nahead >= m->max_ahead)
		if (pthread_cond_timedwait(&m->taken, &m->mu, &until) != 0)
			m->free_running = true;
}

static int memo_read(char **out, size_t *len, blob_memo *m, git_odb *odb, const git_oid *id, const char *what,
	bool ahead)
{
	git_odb_object *obj = NULL;
	*out = NULL;
	if (m) {
		pthread_mutex_lock(&m->mu);
		if (ahead)
			pace(m);
		*out = lookup(m, id, len, ahead);
		pthread_mutex_unlock(&m->mu);
		if (*out)
			return 0;
	}
	if (m) {
		pthread_mutex_lock(&m->mu);
		m->reads++;
		pthread_mutex_unlock(&m->mu);
	}
	int error = git_odb_read(&obj, odb, id);
	if (error < 0)
		return error_git(error, what);
	if (git_odb_object_type(obj) != GIT_OBJECT_BLOB) {
		git_odb_object_free(obj);
		return error_set(CHARTER_ERROR, "%s: not a blob", what);
	}
	*len = git_odb_object_size(obj);
	const char *raw = git_odb_object_data(obj);
	if (m) {
		pthread_mutex_lock(&m->mu);
		keep(m, id, raw, *len, ahead);
		pthread_mutex_unlock(&m->mu);
	}
	*out = copy_of(raw, *len);
	git_odb_object_free(obj);
	return *out ? 0 : error_set(CHARTER_ERROR, "out of memory");
}

int blob_memo_read_ahead(char **out, size_t *len, blob_memo *m, git_odb *odb, const git_oid *id, const char *what)
{
	return memo_read(out, len, m, odb, id, what, true);
}

int blob_memo_read(char **out, size_t *len, blob_memo *m, git_repository *repo, const git_oid *id, const char *what)
{
	git_odb *odb = NULL;
	int error = git_repository_odb(&odb, repo);
	*out = NULL;
	if (error < 0)
		return error_git(error, what);
	error = memo_read(out, len, m, odb, id, what, false);
	git_odb_free(odb);
	return error;
}
