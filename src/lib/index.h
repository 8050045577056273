/* The history index: a cache under <gitdir>/charter/index-v1 of what log,
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

#include "buf.h"
#include "internal.h"

#define IDX_NONE UINT32_MAX

enum { IDX_FOUNDING = 0, IDX_AMENDMENT = 1, IDX_RECORD = 2 };

/* A run of bytes of a line adopted by one adoption. */
typedef struct {
	uint32_t len;
	uint32_t adoption;
} idx_run;

typedef struct {
	const char *text; /* not NUL-terminated */
	uint32_t len;
	uint32_t pid;     /* 0 for an empty line */
	const idx_run *runs;
	uint32_t nruns;
} idx_line;

/* A section's text as lines (each without its "\n"). */
typedef struct {
	bool present;
	idx_line *lines; /* malloc'ed array; texts and runs live in the arena */
	uint32_t nlines;
} idx_state;

typedef struct {
	const char *text;
	uint32_t len;
	uint32_t pid;
	uint8_t same;     /* an identical line on the other side of the same section */
} idx_hline;

typedef struct {
	uint32_t adoption, slug;
	uint32_t prefix;  /* unchanged lines before the middle */
	idx_hline *old, *new;
	uint32_t nold, nnew;
	bool created, removed; /* the section file appeared / disappeared */
} idx_hunk;

typedef struct {
	uint32_t slug;
	git_oid old, new; /* zero: absent on that side */
} idx_change;

typedef struct {
	git_oid oid;
	int64_t time;     /* author time: the adoption date at noon */
	uint8_t kind;
	bool loaded;      /* time, kind and the strings are read (idx_load_messages) */
	bool known;       /* `changes` is known (idx_resolve); until then the
	                     adoption changed none of the sections resolved */
	const char *amendment, *title, *convention, *vote, *source; /* NULL when absent */
	const idx_change *changes; /* in the arena */
	uint32_t nchanges;
} idx_adoption;

typedef struct idx_chunk idx_chunk;

typedef struct {
	charter_store *store;
	git_repository *repo;
	git_odb *odb;

	/* meta */
	git_oid tip;
	char **slugs;        /* interned slugs; NUL-terminated, in the arena */
	uint32_t nslugs, aslugs;
	idx_adoption *ad;
	uint32_t n, aad;
	uint8_t *resolved;   /* per slug: every adoption that changed it is known */

	/* states and hunks */
	bool states_loaded, hunks_loaded;
	uint8_t *computed;   /* per slug */
	idx_state *st;       /* per slug */
	uint32_t next_pid;
	idx_hunk *hunks;     /* sorted by (adoption, slug) */
	uint32_t nhunks, ahunks;

	/* the file as read (strings of the parts point into it) */
	uint8_t *file;
	size_t file_len;
	uint64_t part_off[3], part_len[3];
	uint8_t part_hash[3][32];

	struct idx_graph *graph; /* git's commit-graph, opened once (idx_graph_get) */
	bool graph_tried;

	idx_chunk *arena;
	bool file_ok;        /* header and meta of the file were good */
	bool dirty;          /* differs from the file: write it back */
	bool no_write;       /* CHARTER_INDEX=off, or the store is read-only */
} idx;

/* What the caller is about to use. */
enum { IDX_META = 1, IDX_STATES = 2, IDX_HUNKS = 4,
	/* Only the adoptions, from an index file that exists (extended in
	 * memory when main moved on), never written: for readers that must
	 * not write (show, export). CHARTER_ESTATE when there is none. */
	IDX_PEEK = 8 };

/* Open the index of `store`, up to date with main: read it, extend it
 * (main moved forward) or rebuild it (missing, corrupt, main rewritten).
 * `need` says which parts will be used. Free with idx_free(). */
int idx_open(idx **out, charter_store *store, unsigned need);

/* Make sure states and hunks exist for the components of these slugs. */
int idx_ensure(idx *ix, const uint32_t *slugs, size_t n);

/* The states of `slug`'s component after adoptions [0, end), computed
 * afresh (not kept). Free with idx_states_free(*out, ix->nslugs). */
int idx_states_at(idx_state **out, idx *ix, uint32_t slug, uint32_t end);

/* The newest adoption on main whose trailer `key` ("Amendment" or
 * "Convention") is `value`, or with `key` NULL whose date is at most `end`:
 * what WHEN resolution walks for, answered from the index if there is one
 * (it is neither built nor written here). 0, CHARTER_ENOTFOUND (no
 * message), or another error (then walk instead). */
int idx_when(git_oid *out, charter_store *store, const char *key, const char *value, int64_t end);

/* Write the index back if it changed (best effort: errors are ignored). */
void idx_save(idx *ix);

void idx_free(idx *ix);

/* The id of `slug`, or IDX_NONE when no adoption ever touched it. */
uint32_t idx_slug(const idx *ix, const char *slug);

/* The adoption of commit `oid`, or IDX_NONE. */
uint32_t idx_find(const idx *ix, const git_oid *oid);

/* The id of slug s[0..len), added when new. */
int idx_intern(uint32_t *out, idx *ix, const char *s, size_t len);

/* Arena allocation (zeroed); NULL with an error set on OOM. */
void *idx_alloc(idx *ix, size_t size);
char *idx_strndup(idx *ix, const char *s, size_t len);

/* ---- index_walk.c ---- */

/* Make known the changes of every adoption that may have changed a slug of
 * `want` (per slug; NULL: all adoptions). With git's changed-path Bloom
 * filters, adoptions that certainly did not are left as they are. */
int idx_resolve(idx *ix, const uint8_t *want);

/* Append the adoptions from `stop` (exclusive; NULL: from the root) up to
 * `tip` to ix. CHARTER_ENOTFOUND (no error message) when `stop` is not on
 * tip's first-parent line. Through git's commit-graph, adoptions are
 * appended with their messages and changes unknown (see idx_resolve and
 * idx_load_messages). */
int idx_walk(idx *ix, const git_oid *tip, const git_oid *stop);

/* Read the messages (date, kind, trailers) of adoptions `ks[0..n)` (NULL:
 * all) that the walk left unread (it finds main's line in git's
 * commit-graph without reading commits), on all cores. Each commit's first
 * parent is checked against the line. */
int idx_load_messages(idx *ix, const uint32_t *ks, size_t n);

/* SHA-1 of a buffer (to check git's commit-graph checksum). */
void idx_sha1(uint8_t out[20], const void *data, size_t len);

/* ---- index_replay.c ---- */

/* Per-run replay context: the states being advanced and where hunks go. */
typedef struct {
	idx *ix;
	idx_state *st;      /* per slug (ix->nslugs) */
	uint32_t *next_pid;
	bool keep_hunks;    /* append hunks to ix->hunks */
	const uint8_t *set; /* per slug: replay only these */
} idx_replay;

/* Replay adoptions [from, to) for the slugs in r->set. */
int idx_replay_run(idx_replay *r, uint32_t from, uint32_t to);

/* Free a state array of `n` slugs (the lines arrays). */
void idx_states_free(idx_state *st, uint32_t n);

/* Split `text` into lines (without "\n"; a final "\n" ends the last line). */
int idx_split_lines(idx_line **out, uint32_t *count, const char *text, size_t len);

/* Read a blob's bytes (raw, through the object database). */
int idx_blob(git_odb_object **out, idx *ix, const git_oid *id);

/* ---- index_fetch.c: objects read ahead by helper threads ---- */

typedef struct idx_fetch idx_fetch;

/* How a job turns an id into an object (NULL: git_odb_read). *out may be
 * left NULL (nothing to read); a negative return is a failure, retried on
 * the caller's thread by idx_fetch_take() for its message. */
typedef int (*idx_fetch_fn)(git_odb_object **out, git_odb *odb, const git_oid *id);

/* A reader with helper threads (one less than the cores). `bound`: at
 * most that many jobs pushed but not taken (0: no limit); push only when
 * there is room (pushed < taken + bound). */
int idx_fetch_new(idx_fetch **out, git_odb *odb, idx_fetch_fn fn, size_t bound);
int idx_fetch_push(idx_fetch *f, const git_oid *id);
/* No more jobs will be pushed. */
void idx_fetch_close(idx_fetch *f);
/* The object of job `j` (jobs are taken in order 0, 1, 2...); the caller
 * frees it with git_odb_object_free(). */
int idx_fetch_take(git_odb_object **out, idx_fetch *f, size_t j);
void idx_fetch_free(idx_fetch *f);

/* Run fn(ctx, i) for i in [0, n) on helper threads and the caller's. */
void idx_parallel(size_t n, void (*fn)(void *ctx, size_t i), void *ctx);

/* ---- index_graph.c: git's commit-graph files ---- */

typedef struct idx_graph idx_graph;

/* The store's commit-graph for this index, opened on first use; NULL when
 * there is none or it does not parse. Owned by ix. */
idx_graph *idx_graph_get(idx *ix);

/* The store's commit-graph (a single file or a chain); -1 when absent or
 * unreadable (the caller then reads commits). */
int idx_graph_open(idx_graph **out, git_repository *repo);
void idx_graph_free(idx_graph *g);
/* A path's key for the changed-path Bloom filters. */
typedef struct {
	uint32_t h0, h1;
} idx_bloom_key;
void idx_bloom_key_init(idx_bloom_key *key, const char *path);
/* Did the commit at `pos` change `key`'s path (against its first parent)?
 * 0: certainly not; 1: maybe; -1: no filter to say. */
int idx_graph_bloom(const idx_graph *g, uint32_t pos, const idx_bloom_key *key);

/* Whether every file's checksum was right (waits for the check). Anything
 * read from the graph is to be thrown away when it was not. */
bool idx_graph_verified(idx_graph *g);
/* The position of a commit in the graph; -1 when it is not in it. */
int idx_graph_find(uint32_t *pos, const idx_graph *g, const git_oid *id);
/* The commit at `pos`: its id, root tree and first parent's position
 * (IDX_NONE: a root commit). -1 on a malformed graph. */
int idx_graph_commit(git_oid *oid, git_oid *tree, uint32_t *parent, const idx_graph *g, uint32_t pos);

/* ---- index.c: the file image (for tests and fuzzers) ---- */

/* The whole file as idx_save() writes it. */
void idx_image(buf *out, const idx *ix);
/* A header with checksums around three parts (meta, states, hunks). */
void idx_image_wrap(buf *out, const git_oid *tip, uint32_t n, const buf part[3]);
/* Parse a whole file image into a zeroed `ix` (no store): 0, or -1 when
 * any part is unusable. Free with idx_free(). */
int idx_parse_image(idx *ix, const uint8_t *data, size_t len);

/* ---- index.c: (de)serialisation helpers shared by the parts ---- */
int idx_load_states(idx *ix);
int idx_load_hunks(idx *ix);

/* Make room for `want` elements of `size` bytes in *arr (capacity *alloc,
 * doubled as needed). CHARTER_ERROR on out of memory. */
int idx_grow(void **arr, uint32_t *alloc, uint32_t want, size_t size);

#endif
