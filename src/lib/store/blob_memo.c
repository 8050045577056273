/* blob_memo: a first-in first-out table of blob texts by id, under a mutex. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/internal.h"
#include "store/blob_memo.h"

#define NONE ((size_t)-1)
#define BLOB_MEMO_WAIT_MS 50

/* A text kept: shared by the memo and the readers copying it out, so
 * that no copy is made under the lock; the last to let go frees it. */
typedef struct {
	atomic_size_t refs;
	size_t len;
	char data[]; /* len bytes, then a NUL */
} memo_text;

typedef struct {
	git_oid id;
	memo_text *text;
	size_t next; /* the next entry of its bucket, or NONE */
	bool ahead;  /* kept by the reader ahead, not taken by another yet */
} memo_entry;

struct blob_memo {
	pthread_mutex_t mu;
	pthread_cond_t taken;
	size_t nahead, max_ahead; /* entries kept ahead and not taken; when it waits */
	bool free_running;        /* the reader ahead waits no more (blob_memo_done) */
	bool timed_out;           /* nor until the others take one of its texts again */
	bool waiting;             /* the reader ahead waits now */
	memo_entry *e;
	size_t *bucket; /* first entry per bucket, or NONE */
	size_t cap, mask, next, bytes, max_bytes;
	size_t reads;      /* texts read from the object database */
	size_t long_waits; /* waits of the reader ahead that timed out */
};

static memo_text *text_new(const char *p, size_t len)
{
	memo_text *t = malloc(sizeof(*t) + len + 1);
	if (t) {
		atomic_init(&t->refs, 1);
		t->len = len;
		memcpy(t->data, p, len);
		t->data[len] = '\0';
	}
	return t;
}

static void text_release(memo_text *t)
{
	if (t && atomic_fetch_sub(&t->refs, 1) == 1)
		free(t);
}

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
		text_release(m->e[i].text);
	free(m->e);
	free(m->bucket);
	pthread_cond_destroy(&m->taken);
	pthread_mutex_destroy(&m->mu);
	free(m);
}

void blob_memo_counts(blob_memo *m, size_t *reads, size_t *long_waits)
{
	pthread_mutex_lock(&m->mu);
	*reads = m->reads;
	*long_waits = m->long_waits;
	pthread_mutex_unlock(&m->mu);
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

/* Entry `e` no longer waits to be taken: `taken` by another reader (then
 * the reader ahead is paced again after a long wait), or dropped. */
static void untake(blob_memo *m, memo_entry *e, bool taken)
{
	if (e->ahead) {
		e->ahead = false;
		m->nahead--;
		if (taken)
			m->timed_out = false;
		/* It waits for half of them to be taken, not for one. */
		if (m->waiting && m->nahead <= m->max_ahead / 2)
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

/* id's text in the memo, held for the caller (text_release), or NULL
 * (under the lock); `ahead`: the reader ahead asks. */
static memo_text *lookup(blob_memo *m, const git_oid *id, bool ahead)
{
	for (size_t i = *bucket_of(m, id); i != NONE; i = m->e[i].next)
		if (git_oid_equal(&m->e[i].id, id)) {
			if (!ahead)
				untake(m, &m->e[i], true);
			atomic_fetch_add(&m->e[i].text->refs, 1);
			return m->e[i].text;
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
	untake(m, e, false);
	m->bytes -= e->text->len;
	text_release(e->text);
	e->text = NULL;
}

/* Keep `t` (the memo takes it over) in place of the oldest entries it
 * needs the room of (under the lock). */
static void keep(blob_memo *m, const git_oid *id, memo_text *t, bool ahead)
{
	memo_text *there = lookup(m, id, true);
	if (there || t->len > m->max_bytes) {
		text_release(there); /* another thread kept it meanwhile */
		text_release(t);
		return;
	}
	size_t at = m->next;
	drop(m, at);
	for (size_t i = 1; i < m->cap && m->bytes + t->len > m->max_bytes; i++)
		drop(m, (at + i) % m->cap);
	memo_entry *e = &m->e[at];
	e->text = t;
	git_oid_cpy(&e->id, id);
	e->ahead = ahead;
	m->nahead += ahead;
	size_t *b = bucket_of(m, id);
	e->next = *b;
	*b = at;
	m->bytes += t->len;
	m->next = (at + 1) % m->cap;
}

/* The reader ahead, `max_ahead` texts ahead, waits for the others to take
 * half of what it kept; after a long wait (a slow page, or they want other
 * texts, or none) it waits no more until they take one of its texts. */
static void pace(blob_memo *m)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_nsec += BLOB_MEMO_WAIT_MS * 1000000L;
	until.tv_sec += until.tv_nsec / 1000000000L;
	until.tv_nsec %= 1000000000L;
	if (m->free_running || m->timed_out || m->nahead < m->max_ahead)
		return;
	m->waiting = true;
	while (!m->free_running && !m->timed_out && m->nahead > m->max_ahead / 2)
		if (pthread_cond_timedwait(&m->taken, &m->mu, &until) != 0) {
			m->timed_out = true;
			m->long_waits++;
		}
	m->waiting = false;
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
		memo_text *t = lookup(m, id, ahead);
		pthread_mutex_unlock(&m->mu);
		if (t) {
			*len = t->len;
			*out = copy_of(t->data, t->len);
			text_release(t);
			return *out ? 0 : error_set(CHARTER_ERROR, "out of memory");
		}
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
		memo_text *t = text_new(raw, *len);
		pthread_mutex_lock(&m->mu);
		m->reads++;
		if (t)
			keep(m, id, t, ahead);
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
