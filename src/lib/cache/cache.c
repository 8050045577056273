/* The history cache: open (read, check, extend or rebuild), save, free.
 * See cache.h for what it holds. File layout (little-endian):
 *
 *   "charter index v1"              16 bytes
 *   u32 algorithm version           (bumped when what the parts mean changes)
 *   oid tip                         20 bytes: main when it was written
 *   u32 adoptions
 *   3 x { u64 offset, u64 length, 32-byte BLAKE2b of the part }
 *   32-byte BLAKE2b of all the above
 *   the parts: meta, states, hunks
 *
 * Strings are u32 length (0xffffffff: none), the bytes, a NUL byte; parsed
 * strings point into the file image, which lives as long as the index.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "base/grow.h"
#include "cache/cache.h"
#include "base/text.h"

#define IDX_MAGIC "charter index v1"
#define IDX_ALGORITHM 8
#define IDX_HEADER_LEN (16 + 4 + 20 + 4 + 3 * (8 + 8 + 32) + 32)
#define IDX_MAX_FILE ((size_t)1 << 31)

static int parse_header(hist_cache *ix, git_oid *tip, uint32_t *n);

/* ---- lookups ---- */

uint32_t cache_slug(const hist_cache *ix, const char *slug)
{
	return hset_find(&ix->slug_ids, slug, strlen(slug));
}

uint32_t cache_find(const hist_cache *ix, const git_oid *oid)
{
	for (uint32_t i = ix->n; i-- > 0;)
		if (git_oid_equal(&ix->ad[i].oid, oid))
			return i;
	return IDX_NONE;
}

int cache_blob(git_odb_object **out, hist_cache *ix, const git_oid *id)
{
	int error = git_odb_read(out, ix->odb, id);
	return error < 0 ? error_git(error, "cannot read a section's text") : 0;
}

/* ---- reading ---- */

typedef struct {
	const uint8_t *p, *end;
	bool bad;
} cursor;

static bool need(cursor *c, size_t n)
{
	if (c->bad || (size_t)(c->end - c->p) < n) {
		c->bad = true;
		return false;
	}
	return true;
}

static uint32_t get_u32(cursor *c)
{
	if (!need(c, 4))
		return 0;
	uint32_t v = (uint32_t)c->p[0] | (uint32_t)c->p[1] << 8 | (uint32_t)c->p[2] << 16 | (uint32_t)c->p[3] << 24;
	c->p += 4;
	return v;
}

static uint64_t get_u64(cursor *c)
{
	uint64_t lo = get_u32(c);
	return lo | (uint64_t)get_u32(c) << 32;
}

static uint8_t get_u8(cursor *c)
{
	if (!need(c, 1))
		return 0;
	return *c->p++;
}

/* A flag byte: 0 or 1, nothing else (one file, one meaning). */
static bool get_flag(cursor *c)
{
	uint8_t v = get_u8(c);
	if (v > 1)
		c->bad = true;
	return v == 1;
}

static void get_oid(cursor *c, git_oid *out)
{
	if (need(c, 20)) {
		git_oid_fromraw(out, c->p);
		c->p += 20;
	} else {
		memset(out, 0, sizeof(*out));
	}
}

/* A string of the file image: NULL for "none" (and `*len` 0). */
static const char *get_str(cursor *c, uint32_t *len)
{
	uint32_t n = get_u32(c);
	if (len)
		*len = 0;
	if (n == IDX_NONE || c->bad)
		return NULL;
	if (!need(c, (size_t)n + 1) || c->p[n] != '\0') {
		c->bad = true;
		return NULL;
	}
	const char *s = (const char *)c->p;
	c->p += (size_t)n + 1;
	if (len)
		*len = n;
	return s;
}

/* A string that must hold no NUL byte (slugs, trailers): NULL for none. */
static const char *get_cstr(cursor *c)
{
	uint32_t len;
	const char *s = get_str(c, &len);
	/* A NUL cuts the string; a control character was never written by
	 * this version (records are defused as they are read): rebuild. */
	if (s && (memchr(s, '\0', len) || text_has_control(s, len, false)))
		c->bad = true;
	return c->bad ? NULL : s;
}

static bool part_ok(hist_cache *ix, int part, cursor *c)
{
	uint8_t hash[32];
	if (ix->part_off[part] > ix->file_len || ix->part_len[part] > ix->file_len - ix->part_off[part])
		return false;
	const uint8_t *p = ix->file + ix->part_off[part];
	if (!ix->seen_before || !(ix->seen->parts_ok & (1u << part))) {
		crypto_generichash(hash, sizeof(hash), p, ix->part_len[part], NULL, 0);
		if (sodium_memcmp(hash, ix->part_hash[part], sizeof(hash)) != 0)
			return false;
		if (ix->seen && ix->file_id.valid) {
			if (!ix->seen_before) {
				*ix->seen = ix->file_id;
				ix->seen_before = true;
			}
			ix->seen->parts_ok |= (uint8_t)(1u << part);
		}
	}
	c->p = p;
	c->end = p + ix->part_len[part];
	c->bad = false;
	return true;
}

/* Room for `want` slugs in slugs, computed and st together. */
static int slots_reserve(hist_cache *ix, uint32_t want)
{
	size_t n = ix->aslugs;
	if (want <= n)
		return 0;
	if (GROW(ix->slugs, n, want) < 0 || GROW_EXACT(ix->computed, n) < 0 || GROW_EXACT(ix->st, n) < 0 ||
	    GROW_EXACT(ix->resolved, n) < 0)
		return CHARTER_ERROR;
	memset(ix->computed + ix->aslugs, 0, n - ix->aslugs);
	memset(ix->resolved + ix->aslugs, 0, n - ix->aslugs);
	memset(ix->st + ix->aslugs, 0, (n - ix->aslugs) * sizeof(*ix->st));
	ix->aslugs = n;
	return 0;
}

/* Add slug s[0..len) as id ix->nslugs (`*added` 0 when it was there). */
static int slug_add(hist_cache *ix, uint32_t *out, const char *s, size_t len, int *added)
{
	if (hset_intern(&ix->slug_ids, out, s, len, added) < 0)
		return CHARTER_ERROR;
	if (!*added)
		return 0;
	if (slots_reserve(ix, ix->nslugs + 1) < 0)
		return CHARTER_ERROR;
	ix->slugs[ix->nslugs++] = (char *)hset_key(&ix->slug_ids, *out, NULL);
	return 0;
}

int cache_intern(uint32_t *out, hist_cache *ix, const char *s, size_t len)
{
	int added;
	return slug_add(ix, out, s, len, &added);
}

static int parse_meta(hist_cache *ix)
{
	cursor c;
	if (!part_ok(ix, 0, &c))
		return -1;
	uint32_t nslugs = get_u32(&c);
	if (c.bad || nslugs > ix->file_len || slots_reserve(ix, nslugs) < 0)
		return -1;
	for (uint32_t i = 0; i < nslugs; i++) {
		/* Each slug once (the ids are their order). */
		const char *slug = get_cstr(&c);
		uint32_t id;
		int added;
		if (!slug || slug_add(ix, &id, slug, strlen(slug), &added) < 0 || !added)
			return -1;
	}
	uint32_t n = get_u32(&c);
	if (c.bad || n > ix->file_len / 30 || GROW(ix->ad, ix->aad, n) < 0)
		return -1;
	for (uint32_t i = 0; i < n; i++) {
		cache_adoption *a = &ix->ad[i];
		memset(a, 0, sizeof(*a));
		get_oid(&c, &a->oid);
		a->time = (int64_t)get_u64(&c);
		a->kind = get_u8(&c);
		a->loaded = get_flag(&c);
		a->known = get_flag(&c);
		a->amendment = get_cstr(&c);
		a->title = get_cstr(&c);
		a->convention = get_cstr(&c);
		a->vote = get_cstr(&c);
		a->source = get_cstr(&c);
		a->nchanges = get_u32(&c);
		if (c.bad || a->kind > IDX_RECORD || (a->loaded && !a->title) || a->nchanges > nslugs ||
		    (!a->known && a->nchanges))
			return -1;
		cache_change *changes = a->nchanges ? cache_alloc(ix, a->nchanges * sizeof(cache_change)) : NULL;
		if (a->nchanges && !changes)
			return -1;
		for (uint32_t j = 0; j < a->nchanges; j++) {
			cache_change *ch = &changes[j];
			ch->slug = get_u32(&c);
			get_oid(&c, &ch->old);
			get_oid(&c, &ch->new);
			if (ch->slug >= nslugs)
				return -1;
		}
		a->changes = changes;
	}
	ix->n = n;
	return c.bad || c.p != c.end ? -1 : 0;
}

/* Forget every computed state and hunk (they are recomputed on demand). */
static void drop_computed(hist_cache *ix)
{
	for (uint32_t i = 0; i < ix->nslugs; i++) {
		free(ix->st[i].lines);
		memset(&ix->st[i], 0, sizeof(ix->st[i]));
		ix->computed[i] = 0;
	}
	free(ix->hunks);
	ix->hunks = NULL;
	ix->nhunks = ix->ahunks = 0;
	ix->next_pid = 1;
}

/* Runs over a line must cover it exactly and name known adoptions. */
static bool runs_ok(const cache_run *runs, uint32_t nruns, uint32_t len, uint32_t nadoptions)
{
	uint64_t total = 0;
	for (uint32_t i = 0; i < nruns; i++) {
		if (runs[i].adoption >= nadoptions || runs[i].len == 0)
			return false;
		total += runs[i].len;
	}
	return total == len;
}

/* The states part of the file; on any doubt nothing is computed. */
static int parse_states(hist_cache *ix, uint32_t file_n)
{
	cursor c;
	if (!ix->file || !part_ok(ix, 1, &c))
		return -1;
	ix->next_pid = get_u32(&c);
	uint32_t nslugs = get_u32(&c);
	if (c.bad || nslugs > ix->nslugs || ix->next_pid == 0)
		return -1;
	for (uint32_t s = 0; s < nslugs && !c.bad; s++) {
		ix->computed[s] = get_flag(&c);
		cache_state *st = &ix->st[s];
		st->present = get_flag(&c);
		uint32_t nlines = get_u32(&c);
		if (c.bad || nlines > c.end - c.p)
			return -1;
		if (nlines && !(st->lines = calloc(nlines, sizeof(cache_line))))
			return -1;
		st->nlines = nlines;
		for (uint32_t l = 0; l < nlines && !c.bad; l++) {
			cache_line *line = &st->lines[l];
			line->pid = get_u32(&c);
			line->text = get_str(&c, &line->len);
			line->nruns = get_u32(&c);
			if (c.bad || !line->text || !need(&c, (size_t)line->nruns * 8) || line->pid >= ix->next_pid)
				return -1;
			cache_run *runs = line->nruns ? cache_alloc(ix, (size_t)line->nruns * sizeof(cache_run)) : NULL;
			if (line->nruns && !runs)
				return -1;
			for (uint32_t r = 0; r < line->nruns; r++) {
				runs[r].len = get_u32(&c);
				runs[r].adoption = get_u32(&c);
			}
			line->runs = runs;
			if (!runs_ok(runs, line->nruns, line->len, file_n) || (line->len && !line->pid))
				return -1;
		}
	}
	return c.bad || c.p != c.end ? -1 : 0;
}

static int get_hlines(cursor *c, hist_cache *ix, cache_hline **out, uint32_t *count)
{
	uint32_t n = get_u32(c);
	*out = NULL;
	*count = 0;
	if (c->bad || n > c->end - c->p)
		return -1;
	cache_hline *lines = n ? cache_alloc(ix, (size_t)n * sizeof(*lines)) : NULL;
	if (n && !lines)
		return -1;
	for (uint32_t i = 0; i < n; i++) {
		lines[i].pid = get_u32(c);
		lines[i].same = get_flag(c);
		lines[i].text = get_str(c, &lines[i].len);
		if (c->bad || !lines[i].text || lines[i].pid >= ix->next_pid)
			return -1;
	}
	*out = lines;
	*count = n;
	return 0;
}

static int parse_hunks(hist_cache *ix, uint32_t file_n)
{
	cursor c;
	if (!ix->file || !part_ok(ix, 2, &c))
		return -1;
	uint32_t n = get_u32(&c);
	if (c.bad || n > c.end - c.p || GROW(ix->hunks, ix->ahunks, n) < 0)
		return -1;
	for (uint32_t i = 0; i < n; i++) {
		cache_hunk *h = &ix->hunks[i];
		memset(h, 0, sizeof(*h));
		h->adoption = get_u32(&c);
		h->slug = get_u32(&c);
		h->prefix = get_u32(&c);
		uint8_t flags = get_u8(&c);
		h->created = flags & 1;
		h->removed = (flags & 2) != 0;
		if (flags > 3)
			c.bad = true;
		if (c.bad || h->adoption >= file_n || h->slug >= ix->nslugs || !ix->computed[h->slug] ||
		    get_hlines(&c, ix, &h->old, &h->nold) < 0 || get_hlines(&c, ix, &h->new, &h->nnew) < 0)
			return -1;
		ix->nhunks = i + 1;
	}
	return c.bad || c.p != c.end ? -1 : 0;
}

/* ---- writing ---- */

static void put_u32(buf *b, uint32_t v)
{
	uint8_t x[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24) };
	buf_put(b, x, 4);
}

static void put_u64(buf *b, uint64_t v)
{
	put_u32(b, (uint32_t)v);
	put_u32(b, (uint32_t)(v >> 32));
}

static void put_str(buf *b, const char *s, size_t len)
{
	if (!s) {
		put_u32(b, IDX_NONE);
		return;
	}
	put_u32(b, (uint32_t)len);
	buf_put(b, s, len);
	buf_putc(b, '\0');
}

static void put_cstr(buf *b, const char *s)
{
	put_str(b, s, s ? strlen(s) : 0);
}

static void put_oid(buf *b, const git_oid *id)
{
	buf_put(b, id->id, 20);
}

static void write_meta(buf *b, const hist_cache *ix)
{
	put_u32(b, ix->nslugs);
	for (uint32_t i = 0; i < ix->nslugs; i++)
		put_cstr(b, ix->slugs[i]);
	put_u32(b, ix->n);
	for (uint32_t i = 0; i < ix->n; i++) {
		const cache_adoption *a = &ix->ad[i];
		put_oid(b, &a->oid);
		put_u64(b, (uint64_t)a->time);
		buf_putc(b, (char)a->kind);
		buf_putc(b, (char)a->loaded);
		buf_putc(b, (char)a->known);
		put_cstr(b, a->amendment);
		put_cstr(b, a->title);
		put_cstr(b, a->convention);
		put_cstr(b, a->vote);
		put_cstr(b, a->source);
		put_u32(b, a->nchanges);
		for (uint32_t j = 0; j < a->nchanges; j++) {
			const cache_change *ch = &a->changes[j];
			put_u32(b, ch->slug);
			put_oid(b, &ch->old);
			put_oid(b, &ch->new);
		}
	}
}

static void write_states(buf *b, const hist_cache *ix)
{
	put_u32(b, ix->next_pid);
	put_u32(b, ix->nslugs);
	for (uint32_t s = 0; s < ix->nslugs; s++) {
		const cache_state *st = &ix->st[s];
		buf_putc(b, (char)ix->computed[s]);
		buf_putc(b, (char)st->present);
		put_u32(b, st->nlines);
		for (uint32_t l = 0; l < st->nlines; l++) {
			const cache_line *line = &st->lines[l];
			put_u32(b, line->pid);
			put_str(b, line->text ? line->text : "", line->len);
			put_u32(b, line->nruns);
			for (uint32_t r = 0; r < line->nruns; r++) {
				put_u32(b, line->runs[r].len);
				put_u32(b, line->runs[r].adoption);
			}
		}
	}
}

static void put_hlines(buf *b, const cache_hline *lines, uint32_t n)
{
	put_u32(b, n);
	for (uint32_t i = 0; i < n; i++) {
		put_u32(b, lines[i].pid);
		buf_putc(b, (char)lines[i].same);
		put_str(b, lines[i].text ? lines[i].text : "", lines[i].len);
	}
}

static void write_hunks(buf *b, const hist_cache *ix)
{
	put_u32(b, ix->nhunks);
	for (uint32_t i = 0; i < ix->nhunks; i++) {
		const cache_hunk *h = &ix->hunks[i];
		put_u32(b, h->adoption);
		put_u32(b, h->slug);
		put_u32(b, h->prefix);
		buf_putc(b, (char)((h->created ? 1 : 0) | (h->removed ? 2 : 0)));
		put_hlines(b, h->old, h->nold);
		put_hlines(b, h->new, h->nnew);
	}
}

static char *index_path(const hist_cache *ix, const char *suffix)
{
	buf p = BUF_INIT;
	buf_printf(&p, "%scharter/index-v1%s", ix->gitdir, suffix);
	return buf_detach(&p);
}

/* The header of an image: checksums of the three parts and of itself. */
static void image_header(buf *f, const git_oid *tip, uint32_t n, const buf part[3])
{
	buf_put(f, IDX_MAGIC, 16);
	put_u32(f, IDX_ALGORITHM);
	put_oid(f, tip);
	put_u32(f, n);
	uint64_t off = IDX_HEADER_LEN;
	for (int i = 0; i < 3; i++) {
		uint8_t hash[32];
		crypto_generichash(hash, sizeof(hash), (const uint8_t *)buf_cstr(&part[i]), part[i].size, NULL, 0);
		put_u64(f, off);
		put_u64(f, part[i].size);
		buf_put(f, hash, 32);
		off += part[i].size;
	}
	uint8_t hash[32];
	crypto_generichash(hash, sizeof(hash), (const uint8_t *)buf_cstr(f), f->size, NULL, 0);
	buf_put(f, hash, 32);
}

/* Wrap three parts in a header with their checksums. */
void cache_image_wrap(buf *f, const git_oid *tip, uint32_t n, const buf part[3])
{
	image_header(f, tip, n, part);
	for (int i = 0; i < 3; i++)
		buf_put(f, part[i].ptr, part[i].size);
}

static void image_parts(buf part[3], const hist_cache *ix)
{
	write_meta(&part[0], ix);
	write_states(&part[1], ix);
	write_hunks(&part[2], ix);
}

void cache_image(buf *f, const hist_cache *ix)
{
	buf part[3] = { BUF_INIT, BUF_INIT, BUF_INIT };
	image_parts(part, ix);
	cache_image_wrap(f, &ix->tip, ix->n, part);
	for (int i = 0; i < 3; i++)
		buf_free(&part[i]);
}

int cache_parse_image(hist_cache *ix, const uint8_t *data, size_t len)
{
	git_oid tip;
	uint32_t n;
	if (len < IDX_HEADER_LEN || !(ix->file = malloc(len)))
		return -1;
	memcpy(ix->file, data, len);
	ix->file_len = len;
	ix->next_pid = 1;
	ix->file_ok = parse_header(ix, &tip, &n) == 0 && parse_meta(ix) == 0 && ix->n == n;
	if (!ix->file_ok)
		return -1;
	git_oid_cpy(&ix->tip, &tip);
	if (parse_states(ix, n) < 0 || parse_hunks(ix, n) < 0)
		return -1;
	ix->states_loaded = ix->hunks_loaded = true;
	return 0;
}

void cache_save(hist_cache *ix)
{
	if (!ix || !ix->dirty || ix->no_write)
		return;
	/* Everything goes into the file: bring in the parts not read yet. */
	if (!ix->states_loaded || !ix->hunks_loaded) {
		if ((!ix->states_loaded && cache_load_states(ix) < 0) || (!ix->hunks_loaded && cache_load_hunks(ix) < 0)) {
			error_clear();
			return;
		}
	}
	/* The header and the parts written one after another, not copied
	 * into one image first (tens of MB on a long record). */
	buf head = BUF_INIT, part[3] = { BUF_INIT, BUF_INIT, BUF_INIT };
	image_parts(part, ix);
	image_header(&head, &ix->tip, ix->n, part);
	char *path = index_path(ix, "");
	bool ok = buf_check(&head) == 0 && path;
	for (int i = 0; i < 3; i++)
		ok = ok && buf_check(&part[i]) == 0;
	if (ok) {
		char *slash = strrchr(path, '/');
		*slash = '\0'; /* its folder first */
		mkdir(path, 0777);
		*slash = '/';
		file_piece pieces[4] = { { head.ptr, head.size } };
		for (int i = 0; i < 3; i++)
			pieces[i + 1] = (file_piece){ part[i].ptr ? part[i].ptr : "", part[i].size };
		if (file_replace_pieces(path, pieces, 4) == 0)
			ix->dirty = false;
	}
	free(path);
	buf_free(&head);
	for (int i = 0; i < 3; i++)
		buf_free(&part[i]);
	error_clear();
}

/* ---- opening ---- */

static void read_file(hist_cache *ix)
{
	char *path = index_path(ix, "");
	int fd = path ? open(path, O_RDONLY | O_CLOEXEC) : -1;
	struct stat st;
	free(path);
	if (fd < 0)
		return;
	if (fstat(fd, &st) == 0 && st.st_size >= IDX_HEADER_LEN && (size_t)st.st_size < IDX_MAX_FILE) {
		void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (p != MAP_FAILED) {
			ix->file = p;
			ix->file_len = (size_t)st.st_size;
			ix->file_mapped = true;
			ix->file_id = (cache_seen){ true, (uint64_t)st.st_dev, (uint64_t)st.st_ino, (uint64_t)st.st_size,
				(int64_t)st.st_mtim.tv_sec, (int64_t)st.st_mtim.tv_nsec, (int64_t)st.st_ctim.tv_sec,
				(int64_t)st.st_ctim.tv_nsec, { 0 }, 0 };
		}
	}
	close(fd);
}

/* Check the header; 0 and the recorded tip and count, or -1. */
static int parse_header(hist_cache *ix, git_oid *tip, uint32_t *n)
{
	cursor c = { ix->file, ix->file + IDX_HEADER_LEN, false };
	uint8_t hash[32];
	if (!ix->file || memcmp(ix->file, IDX_MAGIC, 16) != 0)
		return -1;
	crypto_generichash(hash, sizeof(hash), ix->file, IDX_HEADER_LEN - 32, NULL, 0);
	if (sodium_memcmp(hash, ix->file + IDX_HEADER_LEN - 32, 32) != 0)
		return -1;
	c.p += 16;
	if (get_u32(&c) != IDX_ALGORITHM)
		return -1;
	get_oid(&c, tip);
	*n = get_u32(&c);
	for (int i = 0; i < 3; i++) {
		ix->part_off[i] = get_u64(&c);
		ix->part_len[i] = get_u64(&c);
		if (need(&c, 32))
			memcpy(ix->part_hash[i], c.p, 32), c.p += 32;
	}
	return c.bad ? -1 : 0;
}

static uint32_t file_count(const hist_cache *ix)
{
	return ix->file ? ((uint32_t)ix->file[40] | (uint32_t)ix->file[41] << 8 | (uint32_t)ix->file[42] << 16 |
		(uint32_t)ix->file[43] << 24) : 0;
}

int cache_load_states(hist_cache *ix)
{
	if (ix->states_loaded)
		return 0;
	ix->states_loaded = true;
	if (ix->file && ix->file_ok && parse_states(ix, file_count(ix)) == 0)
		return 0;
	drop_computed(ix);
	ix->hunks_loaded = true;
	ix->dirty = ix->dirty || ix->file != NULL;
	return 0;
}

int cache_load_hunks(hist_cache *ix)
{
	if (ix->hunks_loaded)
		return 0;
	if (cache_load_states(ix) < 0)
		return CHARTER_ERROR;
	if (ix->hunks_loaded) /* the states were dropped: nothing to read */
		return 0;
	ix->hunks_loaded = true;
	if (parse_hunks(ix, file_count(ix)) == 0)
		return 0;
	drop_computed(ix);
	ix->dirty = true;
	return 0;
}

/* ---- components: sections changed together by one adoption ---- */

static uint32_t uf_find(uint32_t *parent, uint32_t x)
{
	while (parent[x] != x)
		x = parent[x] = parent[parent[x]];
	return x;
}

/* Widen `want` (per slug) to whole components. */
static int closure(hist_cache *ix, uint8_t *want)
{
	uint32_t *parent = malloc((size_t)(ix->nslugs + 1) * sizeof(*parent));
	uint8_t *mark = calloc(ix->nslugs + 1, 1);
	if (!parent || !mark) {
		free(parent);
		free(mark);
		return error_set(CHARTER_ERROR, "out of memory");
	}
	for (uint32_t i = 0; i < ix->nslugs; i++)
		parent[i] = i;
	/* A paragraph can move from a section that had text before the
	 * adoption to one that has text after it: join those. Sections created
	 * together (the founding text) share nothing. */
	for (uint32_t a = 0; a < ix->n; a++) {
		const cache_adoption *ad = &ix->ad[a];
		uint32_t first = IDX_NONE;
		bool from = false, to = false;
		for (uint32_t j = 0; j < ad->nchanges; j++) {
			const cache_change *ch = &ad->changes[j];
			from = from || !git_oid_is_zero(&ch->old);
			to = to || !git_oid_is_zero(&ch->new);
		}
		if (!from || !to || ad->nchanges < 2)
			continue;
		for (uint32_t j = 0; j < ad->nchanges; j++) {
			const cache_change *ch = &ad->changes[j];
			if (first == IDX_NONE) {
				first = ch->slug;
				continue;
			}
			uint32_t x = uf_find(parent, first), y = uf_find(parent, ch->slug);
			if (x != y)
				parent[y] = x;
		}
	}
	for (uint32_t i = 0; i < ix->nslugs; i++)
		if (want[i])
			mark[uf_find(parent, i)] = 1;
	for (uint32_t i = 0; i < ix->nslugs; i++)
		want[i] = mark[uf_find(parent, i)];
	free(parent);
	free(mark);
	return 0;
}

/* Widen `want` to whole components, making known every adoption that may
 * have changed a section of it (resolving may reveal more of the component,
 * and so on). */
static int resolved_closure(hist_cache *ix, uint8_t **want)
{
	int error;
	for (;;) {
		uint32_t before = 0, after = 0, n0 = ix->nslugs;
		for (uint32_t i = 0; i < n0; i++)
			before += (*want)[i];
		if ((error = cache_resolve(ix, *want)) < 0)
			return error;
		if (ix->nslugs > n0) {
			/* resolving found sections not seen before */
			if (GROW_EXACT(*want, (size_t)ix->nslugs + 1) < 0)
				return CHARTER_ERROR;
			memset(*want + n0, 0, ix->nslugs + 1 - n0);
		}
		if ((error = closure(ix, *want)) < 0)
			return error;
		for (uint32_t i = 0; i < ix->nslugs; i++)
			after += (*want)[i];
		if (after == before)
			return 0;
	}
}

static int hunk_cmp(const void *a, const void *b)
{
	const cache_hunk *x = a, *y = b;
	if (x->adoption != y->adoption)
		return x->adoption < y->adoption ? -1 : 1;
	return x->slug < y->slug ? -1 : x->slug > y->slug;
}

/* Compute the sections in `want` (closed) that are not computed yet over
 * [0, old_n), then advance every computed section over [old_n, n). */
static int advance(hist_cache *ix, uint8_t *want, uint32_t old_n)
{
	int error = 0;
	bool any_new = false, any = false;
	for (uint32_t i = 0; i < ix->nslugs; i++) {
		if (want[i] && ix->computed[i])
			want[i] = 0;
		any_new = any_new || want[i];
	}
	cache_replay r = { ix, ix->st, &ix->next_pid, true, want, false };
	if (any_new && old_n > 0 && (error = cache_replay_run(&r, 0, old_n)) < 0)
		return error;
	for (uint32_t i = 0; i < ix->nslugs; i++) {
		ix->computed[i] = ix->computed[i] || want[i];
		want[i] = ix->computed[i];
		any = any || want[i];
	}
	if (any && old_n < ix->n && (error = cache_replay_run(&r, old_n, ix->n)) < 0)
		return error;
	if (any_new || (any && old_n < ix->n)) {
		qsort(ix->hunks, ix->nhunks, sizeof(*ix->hunks), hunk_cmp);
		ix->dirty = true;
	}
	return 0;
}

int cache_ensure(hist_cache *ix, const uint32_t *slugs, size_t n)
{
	int error;
	if ((error = cache_load_states(ix)) < 0)
		return error;
	bool all = true;
	for (size_t i = 0; i < n; i++)
		all = all && (slugs[i] >= ix->nslugs || ix->computed[slugs[i]]);
	if (all)
		return 0;
	if ((error = cache_load_hunks(ix)) < 0)
		return error;
	uint8_t *want = calloc(ix->nslugs + 1, 1);
	if (!want)
		return error_set(CHARTER_ERROR, "out of memory");
	bool missing = false;
	for (size_t i = 0; i < n; i++)
		if (slugs[i] < ix->nslugs) {
			want[slugs[i]] = 1;
			missing = missing || !ix->computed[slugs[i]];
		}
	if (missing && (error = resolved_closure(ix, &want)) == 0)
		error = advance(ix, want, ix->n);
	free(want);
	if (error < 0)
		drop_computed(ix);
	return error;
}

/* main moved forward from adoption `old_n`: bring computed sections along. */
static int extend(hist_cache *ix, uint32_t old_n)
{
	int error;
	uint8_t *want = calloc(ix->nslugs + 1, 1);
	if (!want)
		return error_set(CHARTER_ERROR, "out of memory");
	memcpy(want, ix->computed, ix->nslugs);
	if ((error = resolved_closure(ix, &want)) == 0)
		error = advance(ix, want, old_n);
	free(want);
	return error;
}

static void reset_meta(hist_cache *ix)
{
	drop_computed(ix);
	ix->nslugs = 0;
	hset_free(&ix->slug_ids);
	ix->n = 0;
	ix->file_ok = false;
}

/* Whether the file read is the one the store checked before: then the
 * parts it hashed then are not hashed again (part_ok). */
static void compare_seen(hist_cache *ix)
{
	const cache_seen *a = &ix->file_id, *b = ix->seen;
	memcpy(ix->file_id.header_hash, ix->file + IDX_HEADER_LEN - 32, 32);
	ix->seen_before = b && a->valid && b->valid && a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
		a->mtime_s == b->mtime_s && a->mtime_ns == b->mtime_ns && a->ctime_s == b->ctime_s &&
		a->ctime_ns == b->ctime_ns && memcmp(a->header_hash, b->header_hash, 32) == 0;
}

int cache_open(hist_cache **out, git_repository *repo, const char *gitdir, const git_oid *tip, unsigned needs,
	cache_seen *seen)
{
	int error;
	git_oid main_id, file_tip;
	uint32_t file_n = 0;
	hist_cache *ix = calloc(1, sizeof(*ix));
	*out = NULL;
	if (!ix)
		return error_set(CHARTER_ERROR, "out of memory");
	ix->repo = repo;
	ix->next_pid = 1;
	git_oid_cpy(&main_id, tip);
	if (!(ix->gitdir = xstrdup(gitdir))) {
		error = CHARTER_ERROR;
		goto fail;
	}
	const char *env = getenv("CHARTER_INDEX");
	bool off = env && strcmp(env, "off") == 0, peek = (needs & IDX_PEEK) != 0;
	ix->no_write = off || peek;
	if ((error = git_repository_odb(&ix->odb, ix->repo)) < 0) {
		error = error_git(error, "cannot open the object database");
		goto fail;
	}
	if (!off)
		read_file(ix);
	ix->seen = seen;
	bool header_ok = ix->file && parse_header(ix, &file_tip, &file_n) == 0;
	if (header_ok)
		compare_seen(ix);
	ix->file_ok = header_ok && parse_meta(ix) == 0 && ix->n == file_n;
	if (!ix->file_ok)
		reset_meta(ix);
	if (peek && !(ix->file_ok && git_oid_equal(&file_tip, &main_id))) {
		/* Only the adoptions, without writing: what main gained since. */
		ix->states_loaded = ix->hunks_loaded = true;
		if (!ix->file_ok || (error = cache_walk(ix, &main_id, &file_tip)) < 0) {
			error = error_set(CHARTER_ESTATE, "no usable history index");
			goto fail;
		}
	} else if (ix->file_ok && git_oid_equal(&file_tip, &main_id)) {
		/* up to date */
	} else if (ix->file_ok) {
		uint32_t old_n = ix->n;
		if ((error = cache_load_states(ix)) < 0 || (error = cache_load_hunks(ix)) < 0)
			goto fail;
		error = cache_walk(ix, &main_id, &file_tip);
		if (error == CHARTER_ENOTFOUND) {
			/* main was rewritten: start over */
			error_clear();
			reset_meta(ix);
			if ((error = cache_walk(ix, &main_id, NULL)) < 0)
				goto fail;
		} else if (error < 0 || (error = extend(ix, old_n)) < 0) {
			goto fail;
		}
		ix->dirty = true;
	} else {
		ix->states_loaded = ix->hunks_loaded = true;
		if ((error = cache_walk(ix, &main_id, NULL)) < 0)
			goto fail;
		ix->dirty = true;
	}
	git_oid_cpy(&ix->tip, &main_id);
	if (((needs & IDX_STATES) && (error = cache_load_states(ix)) < 0) ||
	    ((needs & IDX_HUNKS) && (error = cache_load_hunks(ix)) < 0))
		goto fail;
	*out = ix;
	return 0;
fail:
	cache_free(ix);
	return error;
}

void cache_free(hist_cache *ix)
{
	if (!ix)
		return;
	for (uint32_t i = 0; i < ix->nslugs; i++)
		free(ix->st[i].lines);
	free(ix->st);
	free(ix->computed);
	free(ix->slugs);
	free(ix->ad);
	free(ix->resolved);
	free(ix->hunks);
	if (ix->file_mapped)
		munmap(ix->file, ix->file_len);
	else
		free(ix->file);
	free(ix->gitdir);
	hset_free(&ix->slug_ids);
	arena_free(&ix->arena);
	cache_graph_free(ix->graph);
	git_odb_free(ix->odb);
	free(ix);
}

cache_graph *cache_graph_get(hist_cache *ix)
{
	if (!ix->graph_tried) {
		ix->graph_tried = true;
		if (cache_graph_open(&ix->graph, ix->repo) < 0)
			ix->graph = NULL;
	}
	return ix->graph;
}

int cache_states_at(cache_state **out, hist_cache *ix, uint32_t slug, uint32_t end, bool plain_typography)
{
	uint32_t next_pid = 1;
	cache_state *st = NULL;
	int error;
	uint8_t *want = calloc(ix->nslugs + 1, 1);
	*out = NULL;
	if (!want)
		return error_set(CHARTER_ERROR, "out of memory");
	want[slug] = 1;
	if ((error = resolved_closure(ix, &want)) == 0) {
		if (!(st = calloc(ix->nslugs + 1, sizeof(*st)))) {
			error = error_set(CHARTER_ERROR, "out of memory");
		} else {
			cache_replay r = { ix, st, &next_pid, false, want, plain_typography };
			error = cache_replay_run(&r, 0, end);
		}
	}
	free(want);
	if (error < 0) {
		cache_states_free(st, ix->nslugs);
		return error;
	}
	*out = st;
	return 0;
}

/* ---- WHEN through the index ---- */

int cache_when(git_oid *out, git_repository *repo, const char *gitdir, const git_oid *tip, const char *key,
	const char *value, int64_t end)
{
	hist_cache *ix = NULL;
	int error = cache_open(&ix, repo, gitdir, tip, IDX_META | IDX_PEEK, NULL);
	if (error < 0)
		return error == CHARTER_ENOTFOUND ? CHARTER_ESTATE : error;
	/* Messages the index has not read yet would be read here and thrown
	 * away (nothing is written): walking is no slower then. */
	for (uint32_t k = 0; k < ix->n; k++)
		if (!ix->ad[k].loaded) {
			cache_free(ix);
			return CHARTER_ESTATE;
		}
	error = CHARTER_ENOTFOUND;
	for (uint32_t k = ix->n; k-- > 0 && error == CHARTER_ENOTFOUND;) {
		const cache_adoption *a = &ix->ad[k];
		const char *v = !key ? NULL : strcmp(key, "Amendment") == 0 ? a->amendment : a->convention;
		bool hit = !key ? a->time <= end
		         : strcmp(key, "Amendment") == 0 ? v && strcmp(v, value) == 0 : convention_matches(v, value);
		if (hit) {
			git_oid_cpy(out, &a->oid);
			error = 0;
		}
	}
	cache_free(ix);
	return error;
}
