/* The history cache, kept under <gitdir>/charter/index-v1: what log,
 * history and blame need, so that they do not walk commits when it is warm.
 * Never required for correctness: missing, corrupt (checksummed) or stale
 * (main moved) it is rebuilt or extended, and written back best effort
 * (temporary file + rename, so readers never see half a file).
 *
 * It holds three parts, each checksummed (BLAKE2b-256):
 *   meta    per adoption on main's first-parent line, oldest first: commit,
 *           date, kind, trailers, and the section files it changed with
 *           their old and new blob ids (a walk of commits and trees only;
 *           through git's commit-graph, messages and changes are filled in
 *           when first needed);
 *   states  per section, for the sections computed so far: its lines, each
 *           with a paragraph id (pid: follows a paragraph across edits and
 *           moves) and the adoption that put each of its words there;
 *   hunks   per adoption and computed section: the lines that changed
 *           (the middle left after dropping the lines both sides share at
 *           the start and the end), with their pids.
 * States and hunks are computed lazily, for a section's *component*: the
 * sections it ever changed together with (one adoption), because a
 * paragraph can only move between sections changed by the same adoption.
 */
#ifndef CHARTER_INDEX_H
#define CHARTER_INDEX_H

#include "base/arena.h"
#include "base/buf.h"
#include "base/hash.h"
#include "base/internal.h"

#define IDX_NONE UINT32_MAX

enum { IDX_FOUNDING = 0, IDX_AMENDMENT = 1, IDX_RECORD = 2 };

/* A run of bytes of a line adopted by one adoption. */
typedef struct {
	uint32_t len;
	uint32_t adoption;
} cache_run;

typedef struct {
	const char *text; /* not NUL-terminated */
	uint32_t len;
	uint32_t pid;     /* 0 for an empty line */
	const cache_run *runs;
	uint32_t nruns;
} cache_line;

/* A section's text as lines (each without its "\n"). */
typedef struct {
	bool present;
	cache_line *lines; /* malloc'ed array; texts and runs live in the arena */
	uint32_t nlines;
} cache_state;

typedef struct {
	const char *text;
	uint32_t len;
	uint32_t pid;
	uint8_t same;     /* an identical line on the other side of the same section */
} cache_hline;

typedef struct {
	uint32_t adoption, slug;
	uint32_t prefix;  /* unchanged lines before the middle */
	cache_hline *old, *new;
	uint32_t nold, nnew;
	bool created, removed; /* the section file appeared / disappeared */
} cache_hunk;

typedef struct {
	uint32_t slug;
	git_oid old, new; /* zero: absent on that side */
} cache_change;

typedef struct {
	git_oid oid;
	int64_t time;     /* author time: the adoption date at noon */
	uint8_t kind;
	bool loaded;      /* time, kind and the strings are read (cache_load_messages) */
	bool known;       /* `changes` is known (cache_resolve); until then the
	                     adoption changed none of the sections resolved */
	const char *amendment, *title, *convention, *vote, *source; /* NULL when absent */
	const cache_change *changes; /* in the arena */
	uint32_t nchanges;
} cache_adoption;

/* What a store keeps of the index file it last checked: the file's identity
 * and header hash, and which of its parts hashed right. Opening the same
 * file again (same device, inode, size, modification and change times,
 * header) does not hash those parts again: a site opens the index twice
 * per section, and hashing its parts was a twentieth of the site. The
 * index is only ever replaced (a new file renamed over it), never changed
 * in place. */
typedef struct cache_seen {
	bool valid;
	uint64_t dev, ino, size;
	int64_t mtime_s, mtime_ns, ctime_s, ctime_ns;
	uint8_t header_hash[32];
	uint8_t parts_ok; /* bit i: part i */
} cache_seen;

/* Where a replay reads section texts, when not straight from the object
 * database: read(ctx, &copy, &len, odb, id) gives a malloc'd copy of blob
 * `id`'s bytes, checked against the id, reading through `odb` when it must
 * (the site's memo of texts, which its amendment pages read too). */
typedef struct {
	int (*read)(void *ctx, char **copy, size_t *len, git_odb *odb, const git_oid *id);
	void *ctx;
} cache_texts;

typedef struct hist_cache {
	git_repository *repo; /* the caller's; outlives the cache */
	char *gitdir;         /* the repository's git directory, "/" at the end */
	git_odb *odb;
	cache_texts texts;    /* set by the opener; { NULL }: the replay reads `odb` */

	/* meta */
	git_oid tip;
	char **slugs;        /* per id: the slug (NUL-terminated, in slug_ids) */
	uint32_t nslugs;
	size_t aslugs;
	hset slug_ids;       /* slug -> id */
	cache_adoption *ad;
	uint32_t n;
	size_t aad;
	uint8_t *resolved;   /* per slug: every adoption that changed it is known */

	/* states and hunks */
	bool states_loaded, hunks_loaded;
	uint8_t *computed;   /* per slug */
	cache_state *st;       /* per slug */
	uint32_t next_pid;
	cache_hunk *hunks;     /* sorted by (adoption, slug) */
	uint32_t nhunks;
	size_t ahunks;

	/* the file as read (strings of the parts point into it) */
	uint8_t *file;
	size_t file_len;
	bool file_mapped; /* mmap'd (read_file), else malloc'd */
	cache_seen file_id; /* the file read's identity (valid: read from disk) */
	cache_seen *seen;   /* the store's record (may be NULL), borrowed */
	bool seen_before;   /* file_id is the one *seen records */
	uint64_t part_off[3], part_len[3];
	uint8_t part_hash[3][32];

	struct cache_graph *graph; /* git's commit-graph, opened once (cache_graph_get) */
	bool graph_tried;

	arena arena;         /* what lives as long as the cache */
	bool file_ok;        /* header and meta of the file were good */
	bool dirty;          /* differs from the file: write it back */
	bool no_write;       /* CHARTER_INDEX=off, or the store is read-only */
} hist_cache;

/* What the caller is about to use. */
enum { IDX_META = 1, IDX_STATES = 2, IDX_HUNKS = 4,
	/* Only the adoptions, from an index file that exists (extended in
	 * memory when main moved on), never written: for readers that must
	 * not write (show, export). CHARTER_ESTATE when there is none. */
	IDX_PEEK = 8 };

/* Open the cache of repository `repo` (git directory `gitdir`, with a
 * final "/", where the file lives: <gitdir>/charter/index-v1), up to date
 * with `tip` (main): read it, extend it (main moved forward) or rebuild it
 * (missing, corrupt, main rewritten). `need` says which parts will be
 * used. Free with cache_free(). */
int cache_open(hist_cache **out, git_repository *repo, const char *gitdir, const git_oid *tip, unsigned need,
	cache_seen *seen);

/* Make sure states and hunks exist for the components of these slugs. */
int cache_ensure(hist_cache *ix, const uint32_t *slugs, size_t n);

/* The states of `slug`'s component after adoptions [0, end), computed
 * afresh (not kept); with `plain_typography`, of the texts in plain
 * typography (typo_fold), so that a change of typography alone keeps a
 * word's adoption. Free with cache_states_free(*out, ix->nslugs). */
int cache_states_at(cache_state **out, hist_cache *ix, uint32_t slug, uint32_t end, bool plain_typography);

/* The newest adoption on main whose trailer `key` ("Amendment" or
 * "Convention") is `value`, or with `key` NULL whose date is at most `end`:
 * what WHEN resolution walks for, answered from the index if there is one
 * (it is neither built nor written here). 0, CHARTER_ENOTFOUND (no
 * message), or another error (then walk instead). */
int cache_when(git_oid *out, git_repository *repo, const char *gitdir, const git_oid *tip, const char *key,
	const char *value, int64_t end);

/* Write the index back if it changed (best effort: errors are ignored). */
void cache_save(hist_cache *ix);

void cache_free(hist_cache *ix);

/* The id of `slug`, or IDX_NONE when no adoption ever touched it. */
uint32_t cache_slug(const hist_cache *ix, const char *slug);

/* The adoption of commit `oid`, or IDX_NONE. */
uint32_t cache_find(const hist_cache *ix, const git_oid *oid);

/* The id of slug s[0..len), added when new. */
int cache_intern(uint32_t *out, hist_cache *ix, const char *s, size_t len);

/* Allocation in the cache's arena (zeroed); NULL with an error set on OOM. */
static inline void *cache_alloc(hist_cache *ix, size_t size)
{
	return arena_alloc(&ix->arena, size);
}
static inline char *cache_strndup(hist_cache *ix, const char *s, size_t len)
{
	return arena_strndup(&ix->arena, s, len);
}

/* ---- cache_walk.c ---- */

/* Make known the changes of every adoption that may have changed a slug of
 * `want` (per slug; NULL: all adoptions). With git's changed-path Bloom
 * filters, adoptions that certainly did not are left as they are. */
int cache_resolve(hist_cache *ix, const uint8_t *want);

/* Append the adoptions from `stop` (exclusive; NULL: from the root) up to
 * `tip` to ix. CHARTER_ENOTFOUND (no error message) when `stop` is not on
 * tip's first-parent line. Through git's commit-graph, adoptions are
 * appended with their messages and changes unknown (see cache_resolve and
 * cache_load_messages). */
int cache_walk(hist_cache *ix, const git_oid *tip, const git_oid *stop);

/* Read the messages (date, kind, trailers) of adoptions `ks[0..n)` (NULL:
 * all) that the walk left unread (it finds main's line in git's
 * commit-graph without reading commits), on all cores. Each commit's first
 * parent is checked against the line. */
int cache_load_messages(hist_cache *ix, const uint32_t *ks, size_t n);

/* SHA-1 of a buffer (to check git's commit-graph checksum). */
void cache_sha1(uint8_t out[20], const void *data, size_t len);

/* ---- cache_replay.c ---- */

/* Per-run replay context: the states being advanced and where hunks go. */
typedef struct {
	hist_cache *ix;
	cache_state *st;      /* per slug (ix->nslugs) */
	uint32_t *next_pid;
	bool keep_hunks;    /* append hunks to ix->hunks */
	const uint8_t *set; /* per slug: replay only these */
	bool plain_typography; /* replay the texts folded (words/typography.h):
	                          states hold the plain text; never kept */
} cache_replay;

/* Replay adoptions [from, to) for the slugs in r->set. */
int cache_replay_run(cache_replay *r, uint32_t from, uint32_t to);

/* Free a state array of `n` slugs (the lines arrays). */
void cache_states_free(cache_state *st, uint32_t n);

/* Split `text` into lines (without "\n"; a final "\n" ends the last line). */
int cache_split_lines(cache_line **out, uint32_t *count, const char *text, size_t len);

/* Read a blob's bytes (raw, through the object database). */
int cache_blob(git_odb_object **out, hist_cache *ix, const git_oid *id);

/* ---- cache_fetch.c: a replay's blobs read ahead on a helper thread ---- */

typedef struct cache_fetch cache_fetch;

/* A section text read: `data`, `size` point into the object read or into
 * a copy, whichever the reader made. */
typedef struct {
	const char *data;
	size_t size;
	git_odb_object *obj;
	char *copy;
} cache_text;

void cache_text_free(cache_text *t);

/* A reader of ids[0..n) (which must outlive it), in that order; through
 * `texts` when it has a read function (see hist_cache.texts). */
int cache_fetch_new(cache_fetch **out, git_odb *odb, const cache_texts *texts, const git_oid *ids, size_t n);
/* The text of ids[j], taken in order j = 0, 1, 2...; the caller frees it
 * with cache_text_free(). */
int cache_fetch_take(cache_text *out, cache_fetch *f, size_t j);
void cache_fetch_free(cache_fetch *f);

/* ---- cache_graph.c: git's commit-graph files ---- */

typedef struct cache_graph cache_graph;

/* The store's commit-graph for this index, opened on first use; NULL when
 * there is none or it does not parse. Owned by ix. */
cache_graph *cache_graph_get(hist_cache *ix);

/* The store's commit-graph (a single file or a chain); -1 when absent or
 * unreadable (the caller then reads commits). */
int cache_graph_open(cache_graph **out, git_repository *repo);
void cache_graph_free(cache_graph *g);
/* A path's key for the changed-path Bloom filters. */
typedef struct {
	uint32_t h0, h1;
} cache_bloom_key;
void cache_bloom_key_init(cache_bloom_key *key, const char *path);
/* Did the commit at `pos` change `key`'s path (against its first parent)?
 * 0: certainly not; 1: maybe; -1: no filter to say. */
int cache_graph_bloom(const cache_graph *g, uint32_t pos, const cache_bloom_key *key);

/* Whether every file's checksum was right (waits for the check). Anything
 * read from the graph is to be thrown away when it was not. */
bool cache_graph_verified(cache_graph *g);
/* The position of a commit in the graph; -1 when it is not in it. */
int cache_graph_find(uint32_t *pos, const cache_graph *g, const git_oid *id);
/* The commit at `pos`: its id, root tree and first parent's position
 * (IDX_NONE: a root commit). -1 on a malformed graph. */
int cache_graph_commit(git_oid *oid, git_oid *tree, uint32_t *parent, const cache_graph *g, uint32_t pos);

/* ---- cache.c: the file image (for tests and fuzzers) ---- */

/* The whole file as cache_save() writes it. */
void cache_image(buf *out, const hist_cache *ix);
/* A header with checksums around three parts (meta, states, hunks). */
void cache_image_wrap(buf *out, const git_oid *tip, uint32_t n, const buf part[3]);
/* Parse a whole file image into a zeroed `ix` (no store): 0, or -1 when
 * any part is unusable. Free with cache_free(). */
int cache_parse_image(hist_cache *ix, const uint8_t *data, size_t len);

/* ---- cache.c: (de)serialisation helpers shared by the parts ---- */
int cache_load_states(hist_cache *ix);
int cache_load_hunks(hist_cache *ix);

#endif
