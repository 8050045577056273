/* Reading amendments: one (charter_amendment_load) or all of them
 * (charter_amendments_list), with their state, whether the pending ones
 * still apply and which collide with each other, and on request the
 * signatures and texts for a redline. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/grow.h"
#include "base/hash.h"
#include "base/text.h"
#include "ssh/allowed_signers.h"
#include "amend/amend.h"
#include "ssh/sshsig.h"
#include "store/store.h"
#include "store/store_pool.h"

typedef struct {
	bool present;
	bool verifies;
	char fingerprint[SSHKEY_FP_SIZE];
	char *principal;
	char detail[200];
} sig_info;

typedef struct {
	char *path;
	char *text[4]; /* charter_text_side */
} file_texts;

struct charter_amendment {
	char *id, *title, *rationale, *proposed_by, *amends;
	char **sections, **seconded, **collides;
	size_t nsections, nseconded, ncollides;
	charter_amendment_state_t state;
	char proposed_on[11], proposal[41], base[41], outcome[41];
	char *convention, *date, *vote;
	bool sanitized; /* a record held control characters or a bad section name */
	int as_amended;
	int applies;
	char *collision;
	char *message[2];
	bool details;
	sig_info sig[2];
	file_texts *files;
	size_t nfiles;
	charter_amendment **secondaries; /* with CHARTER_AMENDMENT_SECONDARIES, a primary's */
	size_t nsecondaries;
	amend_change change; /* pending, with CHECK_APPLIES: merged into today's text */
};

struct charter_amendment_list {
	charter_amendment **items;
	size_t count;
	git_oid main; /* main as the list read it */
};

static int push(char ***list, size_t *n, const char *s)
{
	if (GROW_EXACT(*list, *n + 1) < 0)
		return CHARTER_ERROR;
	if (!((*list)[*n] = xstrdup(s)))
		return CHARTER_ERROR;
	(*n)++;
	return 0;
}

static void free_strings(char **list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

void charter_amendment_free(charter_amendment *a)
{
	if (!a)
		return;
	free(a->id);
	free(a->title);
	free(a->rationale);
	free(a->proposed_by);
	free(a->amends);
	free_strings(a->sections, a->nsections);
	free_strings(a->seconded, a->nseconded);
	free_strings(a->collides, a->ncollides);
	free(a->convention);
	free(a->date);
	free(a->vote);
	free(a->collision);
	for (int i = 0; i < 2; i++) {
		free(a->message[i]);
		free(a->sig[i].principal);
	}
	for (size_t i = 0; i < a->nfiles; i++) {
		free(a->files[i].path);
		for (int s = 0; s < 4; s++)
			free(a->files[i].text[s]);
	}
	free(a->files);
	for (size_t i = 0; i < a->nsecondaries; i++)
		charter_amendment_free(a->secondaries[i]);
	free(a->secondaries);
	amend_change_free(&a->change);
	free(a);
}

/* The rationale: the body of the message without its trailer paragraph. */
static char *rationale_of(const char *message)
{
	const char *body = strstr(message, "\n\n");
	if (!body)
		return xstrdup("");
	body += 2;
	size_t n = strlen(body);
	while (n && body[n - 1] == '\n')
		n--;
	/* The last paragraph holds the trailers. */
	size_t cut = 0;
	for (size_t i = n; i >= 2; i--)
		if (body[i - 1] == '\n' && body[i - 2] == '\n') {
			cut = i - 2;
			break;
		}
	return xstrndup(body, cut);
}

static int parse_proposal(charter_amendment *a, const git_commit *c)
{
	git_message_trailer_array arr = { 0 };
	const char *msg = git_commit_message(c);
	int error;
	const char *summary = git_commit_summary((git_commit *)c);
	if (!(a->title = xstrdup(summary ? summary : "")) || !(a->rationale = rationale_of(msg)) ||
	    !(a->message[0] = xstrdup(msg)))
		return CHARTER_ERROR;
	if ((error = git_message_trailers(&arr, msg)) < 0)
		return error_git(error, "cannot read the proposal's trailers");
	for (size_t i = 0; i < arr.count && error == 0; i++) {
		const char *k = arr.trailers[i].key, *v = arr.trailers[i].value;
		if (strcmp(k, "Section") == 0)
			error = push(&a->sections, &a->nsections, v);
		else if (strcmp(k, "Seconded-by") == 0)
			error = push(&a->seconded, &a->nseconded, v);
		else if (strcmp(k, "Proposed-by") == 0 && !a->proposed_by && !(a->proposed_by = xstrdup(v)))
			error = CHARTER_ERROR;
		else if (strcmp(k, "Amends") == 0 && !a->amends && !(a->amends = xstrdup(v)))
			error = CHARTER_ERROR;
	}
	git_message_trailer_array_free(&arr);
	/* Records others wrote (sync, plain git) are shown, never obeyed:
	 * no control character reaches a terminal (adopt refuses them). */
	a->sanitized |= text_defuse(a->title, false);
	a->sanitized |= text_defuse(a->rationale, true);
	a->sanitized |= text_defuse(a->proposed_by, false);
	a->sanitized |= text_defuse(a->amends, false);
	if (a->amends && amend_id_check(a->amends) < 0) {
		error_clear();
		a->sanitized = true;
	}
	for (size_t i = 0; i < a->nsections; i++) {
		a->sanitized |= text_defuse(a->sections[i], false);
		a->sanitized |= slug_check(a->sections[i]) < 0;
	}
	for (size_t i = 0; i < a->nseconded; i++)
		a->sanitized |= text_defuse(a->seconded[i], false);
	if (error == 0 && !a->proposed_by) {
		const git_signature *au = git_commit_author(c);
		buf b = BUF_INIT;
		buf_printf(&b, "%s <%s>", au->name, au->email);
		if (!(a->proposed_by = buf_detach(&b)))
			error = CHARTER_ERROR;
	}
	commit_date(a->proposed_on, c);
	git_oid_tostr(a->proposal, sizeof(a->proposal), git_commit_id(c));
	git_oid_tostr(a->base, sizeof(a->base), git_commit_parent_id(c, 0));
	return error;
}

static void parse_outcome(charter_amendment *a, const git_commit *c)
{
	const char *msg = git_commit_message(c);
	a->message[1] = xstrdup(msg);
	git_oid_tostr(a->outcome, sizeof(a->outcome), git_commit_id(c));
	a->convention = message_trailer(msg, "Convention");
	a->vote = message_trailer(msg, "Vote");
	a->date = message_trailer(msg, a->state == CHARTER_AMENDMENT_ADOPTED ? "Adopted-on" : "Decided-on");
	if (!a->date) {
		char d[11];
		commit_date(d, c);
		a->date = xstrdup(d);
	}
	a->as_amended = a->state == CHARTER_AMENDMENT_ADOPTED && strstr(msg, " as amended (") != NULL;
	a->sanitized |= text_defuse(a->convention, false);
	a->sanitized |= text_defuse(a->vote, false);
	a->sanitized |= text_defuse(a->date, false);
}

/* --- signatures --- */

static void signature_of(sig_info *out, git_repository *repo, const git_commit *c)
{
	git_buf sig = { 0 }, data = { 0 };
	sshsig_result res = SSHSIG_RESULT_INIT;
	out->present = false;
	out->verifies = false;
	out->fingerprint[0] = '\0';
	snprintf(out->detail, sizeof(out->detail), "unsigned");
	/* The header of the commit read already says whether it is signed;
	 * only a signed one is read again for its signed bytes. */
	if (git_commit_header_field(&sig, c, "gpgsig") < 0)
		goto done;
	git_buf_dispose(&sig);
	if (git_commit_extract_signature(&sig, &data, repo, (git_oid *)git_commit_id(c), "gpgsig") < 0)
		goto done;
	out->present = true;
	if (sshsig_verify(&res, sig.ptr, sig.size, data.ptr, data.size, "git") < 0) {
		snprintf(out->detail, sizeof(out->detail), "could not be checked");
		goto done;
	}
	out->verifies = res.verdict == SSHSIG_GOOD;
	if (res.key.blob)
		snprintf(out->fingerprint, sizeof(out->fingerprint), "%s", res.fingerprint);
	if (res.verdict == SSHSIG_UNSUPPORTED)
		snprintf(out->detail, sizeof(out->detail), "%s key: not checked here (charter verify checks it)",
			res.key.type ? res.key.type : "unknown");
	else
		snprintf(out->detail, sizeof(out->detail), "%s", sshsig_verdict_name(res.verdict));
	/* Who the key is, by the allowed signers of the text it was made on. */
	git_commit *parent = NULL;
	buf text = BUF_INIT;
	allowed_signers as = ALLOWED_SIGNERS_INIT;
	if (res.key.blob && git_commit_parentcount(c) > 0 && git_commit_parent(&parent, c, 0) == 0 &&
	    amend_allowed_signers(&text, repo, parent) == 0 && allowed_signers_parse(&as, text.ptr, text.size) == 0) {
		const allowed_signer *entry = NULL;
		allowed_verdict v = allowed_signers_lookup(&entry, &as, res.key.blob, res.key.blob_len, "git", NULL,
			(int64_t)git_commit_committer(c)->when.time);
		if (v == ALLOWED_OK && entry)
			out->principal = xstrdup(entry->principals);
		else if (v != ALLOWED_UNKNOWN_KEY && entry)
			snprintf(out->detail + strlen(out->detail), sizeof(out->detail) - strlen(out->detail),
				"; allowed signer %s: %s", entry->principals, allowed_verdict_name(v));
	}
	allowed_signers_free(&as);
	buf_free(&text);
	git_commit_free(parent);
done:
	sshsig_result_free(&res);
	git_buf_dispose(&sig);
	git_buf_dispose(&data);
	error_clear();
}

/* --- texts for the redline --- */

/* The id of the blob at `path` in commit `c` (false: none there). */
static bool blob_id_at(git_oid *out, const git_commit *c, const char *path)
{
	git_tree *tree = NULL;
	git_tree_entry *entry = NULL;
	bool found = c && git_commit_tree(&tree, c) == 0 && git_tree_entry_bypath(&entry, tree, path) == 0 &&
		git_tree_entry_type(entry) == GIT_OBJECT_BLOB;
	if (found)
		git_oid_cpy(out, git_tree_entry_id(entry));
	git_tree_entry_free(entry);
	git_tree_free(tree);
	return found;
}

/* The text of `path` in commit `c`: a copy of `known` (the text of that
 * path in commit `known_in`) when both hold the same blob, as they mostly
 * do (an amendment adopted onto the text it was proposed against), since
 * every blob read is inflated and hashed; else read. */
static char *read_path(git_repository *repo, const git_commit *c, const char *path, const git_commit *known_in,
	const char *known, bool *copied)
{
	git_tree *tree = NULL;
	git_oid x, y;
	buf b = BUF_INIT;
	char *s = NULL;
	*copied = false;
	/* The same tree (an amendment adopted onto the text it was proposed
	 * against) holds the same blob, and its trees need not be read. */
	bool same_tree = known && c && known_in && git_oid_equal(git_commit_tree_id(c), git_commit_tree_id(known_in));
	if (known && (same_tree ||
	    (blob_id_at(&x, c, path) && blob_id_at(&y, known_in, path) && git_oid_equal(&x, &y))))
		*copied = (s = xstrdup(known)) != NULL;
	else if (git_commit_tree(&tree, c) == 0 && tree_read(&b, repo, tree, path) == 0)
		s = buf_detach(&b);
	buf_free(&b);
	git_tree_free(tree);
	error_clear();
	return s;
}

static int load_texts(charter_amendment *a, git_repository *repo, const amend_change *ch, const git_commit *proposal,
	const git_commit *outcome)
{
	git_commit *before = NULL, *base = NULL;
	git_oid base_id;
	if (a->state == CHARTER_AMENDMENT_ADOPTED && outcome && git_commit_parent(&before, outcome, 0) < 0)
		return error_git(-1, "cannot read the text before the adoption");
	/* The commit the change's base texts are from (amend_change_load). */
	if (before) {
		if (amend_record_base(&base_id, proposal) < 0)
			error_clear();
		else if (git_oid_equal(&base_id, git_commit_id(before)))
			git_commit_dup(&base, before); /* proposed against the text it was adopted onto */
		else if (git_commit_lookup(&base, repo, &base_id) < 0)
			error_clear();
	}
	if (!(a->files = calloc(ch->count ? ch->count : 1, sizeof(*a->files)))) {
		git_commit_free(before);
		git_commit_free(base);
		return error_set(CHARTER_ERROR, "out of memory");
	}
	for (size_t i = 0; i < ch->count; i++) {
		const amend_file *f = &ch->files[i];
		file_texts *t = &a->files[a->nfiles++];
		t->path = xstrdup(f->path);
		/* The texts are printed: a control character (never in a text
		 * propose writes) is shown as '?', and the record flagged. A
		 * copy of a text defused already is not looked at again. */
		bool copied[CHARTER_TEXT_AFTER + 1] = { false };
		t->text[CHARTER_TEXT_BASE] = f->base ? xstrdup(f->base) : NULL;
		t->text[CHARTER_TEXT_PROPOSED] = f->proposed ? xstrdup(f->proposed) : NULL;
		a->sanitized |= text_defuse(t->text[CHARTER_TEXT_BASE], true);
		a->sanitized |= text_defuse(t->text[CHARTER_TEXT_PROPOSED], true);
		if (before) {
			t->text[CHARTER_TEXT_BEFORE] = read_path(repo, before, f->path, base, t->text[CHARTER_TEXT_BASE],
				&copied[CHARTER_TEXT_BEFORE]);
			t->text[CHARTER_TEXT_AFTER] = read_path(repo, outcome, f->path, proposal,
				t->text[CHARTER_TEXT_PROPOSED], &copied[CHARTER_TEXT_AFTER]);
		} else {
			t->text[CHARTER_TEXT_BEFORE] = f->today ? xstrdup(f->today) : NULL;
			t->text[CHARTER_TEXT_AFTER] = !a->collision && f->merged ? xstrdup(f->merged) : NULL;
		}
		for (int side = CHARTER_TEXT_BEFORE; side <= CHARTER_TEXT_AFTER; side++)
			if (!copied[side])
				a->sanitized |= text_defuse(t->text[side], true);
	}
	git_commit_free(before);
	git_commit_free(base);
	return 0;
}

/* --- loading --- */

/* Refs a listing read already, for one amendment. */
typedef struct {
	const git_oid *record;  /* the target of refs/amendments/<id> */
	const git_oid *outcome; /* that of refs/outcomes/<id>; NULL: there is none */
	const amend_adoptions *adoptions; /* when no outcome ref: main's adoptions to look in; NULL: search */
} listed_refs;

static int main_tree_read(git_tree **out, git_repository *repo, const git_oid *main_id)
{
	git_commit *c = NULL;
	int error = git_commit_lookup(&c, repo, main_id);
	if (error == 0)
		error = git_commit_tree(out, c);
	git_commit_free(c);
	return error < 0 ? error_git(error, "cannot read main") : 0;
}

/* One amendment; `known` (or NULL: look them up) its refs; `main_tree`
 * main's tree, or NULL: read when wanted (an adopted amendment's page
 * does not merge it into today's text). */
static int load_one(charter_amendment **out, git_repository *repo, blob_memo *memo, const char *id,
	const git_oid *main_id, git_tree *main_tree, unsigned int flags, const listed_refs *known)
{
	git_commit *proposal = NULL, *first = NULL;
	git_tree *primary_tree = NULL, *own_main_tree = NULL;
	amend_outcome st = { 0 };
	charter_amendment *a = calloc(1, sizeof(*a));
	int error;
	*out = NULL;
	if (!a)
		return error_set(CHARTER_ERROR, "out of memory");
	a->applies = -1;
	if (!(a->id = xstrdup(id))) {
		error = CHARTER_ERROR;
		goto done;
	}
	error = known ? amend_proposal_at(&proposal, repo, id, known->record) : amend_proposal(&proposal, repo, id);
	if (error < 0 || (error = amend_first_record(&first, proposal)) < 0 || (error = parse_proposal(a, first)) < 0)
		goto done;
	/* The record an adoption merges: the proposal, or the merge that last
	 * adopted one of its secondaries. */
	git_oid_tostr(a->proposal, sizeof(a->proposal), git_commit_id(proposal));
	if ((error = known ? amend_state_at(&st, repo, id, proposal, main_id, true, known->outcome, known->adoptions)
		: amend_state(&st, repo, id, proposal, main_id, true)) < 0)
		goto done;
	a->state = st.state;
	if (st.outcome)
		parse_outcome(a, st.outcome);
	bool check = (flags & (CHARTER_AMENDMENT_CHECK_APPLIES | CHARTER_AMENDMENT_CHECK_COLLISIONS)) &&
		a->state == CHARTER_AMENDMENT_PENDING;
	bool texts = (flags & CHARTER_AMENDMENT_DETAILS) ||
		((flags & AMEND_DETAILS_PENDING) && a->state == CHARTER_AMENDMENT_PENDING);
	if (check || texts) {
		if ((error = amend_change_load(&a->change, repo, memo, proposal)) < 0)
			goto done;
	}
	/* A secondary applies to (merges into) its primary's record. */
	git_tree *against = main_tree;
	git_oid against_id;
	git_oid_cpy(&against_id, main_id);
	bool merge = check || (texts && a->state != CHARTER_AMENDMENT_ADOPTED);
	if (merge && !against && (error = main_tree_read(&own_main_tree, repo, main_id)) < 0)
		goto done;
	if (!against)
		against = own_main_tree;
	if (a->amends && (check || texts)) {
		git_commit *record = NULL;
		if (amend_proposal(&record, repo, a->amends) == 0 && git_commit_tree(&primary_tree, record) == 0) {
			against = primary_tree;
			git_oid_cpy(&against_id, git_commit_id(record));
		}
		error_clear();
		git_commit_free(record);
	}
	if (merge) {
		error = amend_change_merge(&a->change, repo, against);
		if (error == CHARTER_ECONFLICT) {
			amend_conflict_error(&a->change, repo, id, &against_id, amend_base_of(proposal));
			a->collision = xstrdup(charter_error_last());
			a->applies = 0;
		} else if (error == 0) {
			amend_override *ov = calloc(a->change.count ? a->change.count : 1, sizeof(*ov));
			if (!ov) {
				error = error_set(CHARTER_ERROR, "out of memory");
				goto done;
			}
			for (size_t i = 0; i < a->change.count; i++) {
				ov[i].path = a->change.files[i].path;
				ov[i].text = a->change.files[i].merged;
			}
			if (amend_validate(repo, against, ov, a->change.count) < 0) {
				a->collision = xstrdup(charter_error_last());
				a->applies = 0;
			} else {
				a->applies = 1;
			}
			free(ov);
		} else {
			goto done;
		}
		error = 0;
		error_clear();
		if (a->state != CHARTER_AMENDMENT_PENDING)
			a->applies = -1;
	}
	if (texts) {
		a->details = true;
		signature_of(&a->sig[0], repo, first);
		if (st.outcome)
			signature_of(&a->sig[1], repo, st.outcome);
		if ((error = load_texts(a, repo, &a->change, proposal, st.outcome)) < 0)
			goto done;
	}
done:
	amend_outcome_free(&st);
	git_commit_free(proposal);
	git_commit_free(first);
	git_tree_free(primary_tree);
	git_tree_free(own_main_tree);
	if (error < 0)
		charter_amendment_free(a);
	else
		*out = a;
	return error;
}

static int open_main(git_oid *main_id, git_tree **tree, charter_store *store)
{
	git_commit *c = NULL;
	int error = store_main(main_id, store);
	if (error < 0)
		return error;
	if ((error = git_commit_lookup(&c, store_repo(store), main_id)) < 0 || (error = git_commit_tree(tree, c)) < 0)
		error = error_git(error, "cannot read main");
	git_commit_free(c);
	return error;
}

static int load_secondaries(charter_amendment *a, git_repository *repo, const git_oid *main_id, git_tree *main_tree);

int charter_amendment_load(charter_amendment **out, charter_store *store, const char *id, unsigned int flags)
{
	git_oid main_id;
	git_tree *tree = NULL;
	int error;
	*out = NULL;
	if ((error = open_main(&main_id, &tree, store)) == 0)
		error = load_one(out, store_repo(store), store->memo, id, &main_id, tree, flags, NULL);
	if (error == 0 && (flags & CHARTER_AMENDMENT_SECONDARIES) && !(*out)->amends &&
	    (error = load_secondaries(*out, store_repo(store), &main_id, tree)) < 0) {
		charter_amendment_free(*out);
		*out = NULL;
	}
	git_tree_free(tree);
	return error;
}

/* Ids in natural order: runs of digits compare as numbers ("A2" before
 * "A10"), digits before letters, so plain numbers come first. */
static int natural_cmp(const char *a, const char *b)
{
	while (*a && *b) {
		bool da = *a >= '0' && *a <= '9', db = *b >= '0' && *b <= '9';
		if (da && db) {
			while (*a == '0' && a[1] >= '0' && a[1] <= '9')
				a++;
			while (*b == '0' && b[1] >= '0' && b[1] <= '9')
				b++;
			size_t na = strspn(a, "0123456789"), nb = strspn(b, "0123456789");
			if (na != nb)
				return na < nb ? -1 : 1;
			int c = strncmp(a, b, na);
			if (c)
				return c;
			a += na;
			b += nb;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		a++, b++;
	}
	return *a ? 1 : *b ? -1 : 0;
}

/* Amendments in natural order of their ids, each secondary right after
 * its primary. */
static int id_cmp(const void *pa, const void *pb)
{
	const charter_amendment *x = *(charter_amendment *const *)pa, *y = *(charter_amendment *const *)pb;
	const char *gx = x->amends ? x->amends : x->id, *gy = y->amends ? y->amends : y->id;
	int c = natural_cmp(gx, gy);
	if (c == 0)
		c = strcmp(gx, gy);
	if (c)
		return c;
	if (!x->amends != !y->amends)
		return x->amends ? 1 : -1;
	c = natural_cmp(x->id, y->id);
	return c ? c : strcmp(x->id, y->id);
}

/* The amendments to primary `a` (those whose Amends: names it), in natural
 * order of their ids; the pending ones with their texts (DETAILS), to show
 * the change each makes to the primary's text. */
static int load_secondaries(charter_amendment *a, git_repository *repo, const git_oid *main_id, git_tree *main_tree)
{
	git_reference_iterator *it = NULL;
	const char *name;
	size_t plen = strlen(AMENDMENT_REF_PREFIX);
	int error = git_reference_iterator_glob_new(&it, repo, AMENDMENT_REF_PREFIX "*");
	if (error < 0)
		return error_git(error, "cannot list the amendments");
	int next;
	while ((next = git_reference_next_name(&name, it)) == 0) {
		const char *other = name + plen;
		git_commit *tip = NULL;
		char *amends = NULL;
		if (strcmp(other, a->id) == 0)
			continue;
		if ((error = amend_proposal(&tip, repo, other)) < 0)
			break;
		amends = amend_amends(tip);
		git_commit_free(tip);
		bool ours = amends && strcmp(amends, a->id) == 0;
		free(amends);
		if (!ours)
			continue;
		charter_amendment *s = NULL;
		if ((error = load_one(&s, repo, NULL, other, main_id, main_tree, 0, NULL)) < 0)
			break;
		if (s->state == CHARTER_AMENDMENT_PENDING) {
			charter_amendment_free(s);
			s = NULL;
			error = load_one(&s, repo, NULL, other, main_id, main_tree, CHARTER_AMENDMENT_DETAILS, NULL);
			if (error < 0)
				break;
		}
		if ((error = GROW_EXACT(a->secondaries, a->nsecondaries + 1)) < 0) {
			charter_amendment_free(s);
			break;
		}
		a->secondaries[a->nsecondaries++] = s;
	}
	git_reference_iterator_free(it);
	if (error == 0 && next != GIT_ITEROVER)
		error = error_git(next, "cannot list the amendments");
	else if (error == 0)
		git_error_clear();
	if (error == 0 && a->nsecondaries > 1)
		qsort(a->secondaries, a->nsecondaries, sizeof(*a->secondaries), id_cmp);
	return error;
}

/* Would `b`, adopted after `a`, collide with it? */
static bool collides_after(const charter_amendment *a, const charter_amendment *b)
{
	bool hit = false;
	for (size_t i = 0; i < a->change.count && !hit; i++)
		for (size_t j = 0; j < b->change.count && !hit; j++) {
			const amend_file *fa = &a->change.files[i], *fb = &b->change.files[j];
			if (strcmp(fa->path, fb->path) != 0 || amend_merge_apart(fa->path, fb->base, fa->merged, fb->proposed))
				continue;
			buf out = BUF_INIT;
			bool present;
			merge_conflict conflict;
			char kind[80];
			hit = amend_merge_file(&out, &present, &conflict, kind, fa->path, fb->base, fa->merged,
				fb->proposed) == CHARTER_ECONFLICT;
			buf_free(&out);
		}
	error_clear();
	return hit;
}

/* The refs of every amendment and outcome, listed once: looking each up
 * by name opens its loose ref file and checks packed-refs again. */
typedef struct {
	hset ids;        /* in the order listed */
	git_oid *target; /* per id */
	size_t alloc;
} ref_table;

typedef struct {
	ref_table amendments, outcomes;
} ref_listing;

static void ref_listing_free(ref_listing *l)
{
	hset_free(&l->amendments.ids);
	hset_free(&l->outcomes.ids);
	free(l->amendments.target);
	free(l->outcomes.target);
}

static int list_refs(ref_listing *l, git_repository *repo)
{
	git_reference_iterator *it = NULL;
	git_reference *ref = NULL;
	size_t na = strlen(AMENDMENT_REF_PREFIX), no = strlen(OUTCOME_REF_PREFIX);
	bool oom = false;
	int error = git_reference_iterator_glob_new(&it, repo, "refs/*");
	while (error == 0 && !oom && (error = git_reference_next(&ref, it)) == 0) {
		const char *name = git_reference_name(ref);
		bool outcome = strncmp(name, OUTCOME_REF_PREFIX, no) == 0;
		git_oid target;
		uint32_t id;
		if (outcome || strncmp(name, AMENDMENT_REF_PREFIX, na) == 0) {
			const char *key = name + (outcome ? no : na);
			ref_table *t = outcome ? &l->outcomes : &l->amendments;
			/* A symbolic ref (charter writes none) is resolved by name. */
			if (git_reference_target(ref))
				git_oid_cpy(&target, git_reference_target(ref));
			else
				error = git_reference_name_to_id(&target, repo, name);
			if (error == 0 && (hset_intern(&t->ids, &id, key, strlen(key), NULL) < 0 ||
			    GROW(t->target, t->alloc, (size_t)id + 1) < 0))
				oom = true;
			else if (error == 0)
				git_oid_cpy(&t->target[id], &target);
		}
		git_reference_free(ref);
	}
	git_reference_iterator_free(it);
	if (oom)
		return error_set(CHARTER_ERROR, "out of memory");
	if (error == GIT_ITEROVER) {
		git_error_clear();
		return 0;
	}
	return error_git(error, "cannot list the amendments");
}

/* Amendments enough to read them on helper threads. */
#define LIST_PARALLEL_MIN 256
/* Amendments without an outcome ref enough to walk main once for all: each
 * pending one's own search ends at its base, mostly near main. */
#define ADOPTIONS_WALK_MIN 16

int amend_load_listed(charter_amendment **out, charter_store *store, const charter_amendment_list *list, size_t i,
	unsigned int flags)
{
	const charter_amendment *a = list->items[i];
	git_oid record, outcome;
	*out = NULL;
	if (git_oid_fromstr(&record, a->proposal) < 0 || (*a->outcome && git_oid_fromstr(&outcome, a->outcome) < 0))
		return error_set(CHARTER_ERROR, "%s: the list holds no record id", a->id);
	/* The listing found no outcome of a pending one on the same main: no
	 * need to search again. */
	static const amend_adoptions none = AMEND_ADOPTIONS_INIT;
	listed_refs known = { &record, *a->outcome ? &outcome : NULL, &none };
	return load_one(out, store_repo(store), store->memo, a->id, &list->main, NULL, flags, &known);
}

typedef struct {
	const ref_listing *refs;
	const amend_adoptions *adoptions; /* NULL: few amendments lack an outcome ref */
	const git_oid *main_id;
	git_tree *trees[POOL_MAX]; /* main's tree, per store */
	unsigned int flags;
	charter_amendment **items;
} list_loop;

static int list_job(void *ctx, charter_store *store, unsigned slot, size_t i)
{
	list_loop *l = ctx;
	git_repository *repo = store_repo(store);
	size_t len;
	const ref_table *am = &l->refs->amendments, *out = &l->refs->outcomes;
	const char *id = hset_key(&am->ids, (uint32_t)i, &len);
	uint32_t o = hset_find(&out->ids, id, len);
	listed_refs known = { &am->target[i], o == HSET_NONE ? NULL : &out->target[o], l->adoptions };
	if (!l->trees[slot]) {
		git_commit *c = NULL;
		int error = git_commit_lookup(&c, repo, l->main_id);
		if (error == 0)
			error = git_commit_tree(&l->trees[slot], c);
		git_commit_free(c);
		if (error < 0)
			return error_git(error, "cannot read main");
	}
	return load_one(&l->items[i], repo, store->memo, id, l->main_id, l->trees[slot], l->flags, &known);
}

int charter_amendments_list(charter_amendment_list **out, charter_store *store, unsigned int flags)
{
	git_repository *repo = store_repo(store);
	ref_listing refs = { { HSET_INIT, NULL, 0 }, { HSET_INIT, NULL, 0 } };
	amend_adoptions adoptions = AMEND_ADOPTIONS_INIT;
	git_oid main_id;
	git_tree *tree = NULL;
	charter_amendment_list *list = calloc(1, sizeof(*list));
	int error;

	*out = NULL;
	if (!list)
		return error_set(CHARTER_ERROR, "out of memory");
	if ((error = open_main(&main_id, &tree, store)) < 0 || (error = list_refs(&refs, repo)) < 0)
		goto done;
	git_oid_cpy(&list->main, &main_id);
	size_t n = refs.amendments.ids.count;
	if (!(list->items = calloc(n + 1, sizeof(*list->items)))) {
		error = error_set(CHARTER_ERROR, "out of memory");
		goto done;
	}
	/* Amendments without an outcome ref are pending, or adoptions whose ref
	 * is missing: many such are looked up in one walk of main. */
	size_t unknown = 0;
	for (uint32_t i = 0; i < n; i++) {
		size_t len;
		const char *id = hset_key(&refs.amendments.ids, i, &len);
		unknown += hset_find(&refs.outcomes.ids, id, len) == HSET_NONE;
	}
	const amend_adoptions *walked = NULL;
	if (unknown >= ADOPTIONS_WALK_MIN) {
		if ((error = amend_adoptions_find(&adoptions, repo, &main_id)) < 0)
			goto done;
		walked = &adoptions;
	}
	/* Each amendment is read on its own: many of them on helper threads. */
	list_loop l = { &refs, walked, &main_id, { tree }, flags, list->items };
	error = store_for(store, n, n >= LIST_PARALLEL_MIN ? 0 : 1, list_job, &l);
	for (unsigned i = 1; i < POOL_MAX; i++)
		git_tree_free(l.trees[i]);
	list->count = n; /* on failure, those read are freed */
	if (error < 0)
		goto done;
	if (list->count)
		qsort(list->items, list->count, sizeof(*list->items), id_cmp);
	if (flags & CHARTER_AMENDMENT_CHECK_COLLISIONS)
		for (size_t i = 0; i < list->count && error == 0; i++) {
			charter_amendment *a = list->items[i];
			if (a->applies != 1)
				continue;
			for (size_t j = 0; j < list->count && error == 0; j++) {
				charter_amendment *b = list->items[j];
				if (i != j && b->applies == 1 && !a->amends == !b->amends && collides_after(a, b))
					error = push(&a->collides, &a->ncollides, b->id);
			}
		}
done:
	ref_listing_free(&refs);
	amend_adoptions_free(&adoptions);
	git_tree_free(tree);
	if (error < 0)
		charter_amendment_list_free(list);
	else
		*out = list;
	return error;
}

size_t charter_amendment_list_count(const charter_amendment_list *list) { return list->count; }

const charter_amendment *charter_amendment_list_get(const charter_amendment_list *list, size_t i)
{
	return i < list->count ? list->items[i] : NULL;
}

void charter_amendment_list_free(charter_amendment_list *list)
{
	if (!list)
		return;
	for (size_t i = 0; i < list->count; i++)
		charter_amendment_free(list->items[i]);
	free(list->items);
	free(list);
}

/* --- accessors --- */

const char *charter_amendment_id(const charter_amendment *a) { return a->id; }
const char *charter_amendment_title(const charter_amendment *a) { return a->title; }
const char *charter_amendment_rationale(const charter_amendment *a) { return a->rationale; }
charter_amendment_state_t charter_amendment_state(const charter_amendment *a) { return a->state; }
size_t charter_amendment_section_count(const charter_amendment *a) { return a->nsections; }
const char *charter_amendment_proposed_by(const charter_amendment *a) { return a->proposed_by; }
size_t charter_amendment_seconded_count(const charter_amendment *a) { return a->nseconded; }
const char *charter_amendment_amends(const charter_amendment *a) { return a->amends ? a->amends : ""; }
size_t charter_amendment_secondary_count(const charter_amendment *a) { return a->nsecondaries; }
const charter_amendment *charter_amendment_secondary(const charter_amendment *a, size_t i)
{
	return i < a->nsecondaries ? a->secondaries[i] : NULL;
}
const char *charter_amendment_proposed_on(const charter_amendment *a) { return a->proposed_on; }
const char *charter_amendment_proposal_commit(const charter_amendment *a) { return a->proposal; }
const char *charter_amendment_base_commit(const charter_amendment *a) { return a->base; }
const char *charter_amendment_outcome_commit(const charter_amendment *a) { return a->outcome; }
const char *charter_amendment_convention(const charter_amendment *a) { return a->convention ? a->convention : ""; }
const char *charter_amendment_date(const charter_amendment *a) { return a->date ? a->date : ""; }
const char *charter_amendment_vote(const charter_amendment *a) { return a->vote ? a->vote : ""; }
int charter_amendment_as_amended(const charter_amendment *a) { return a->as_amended; }
int charter_amendment_applies(const charter_amendment *a) { return a->applies; }
const char *charter_amendment_collision(const charter_amendment *a) { return a->collision ? a->collision : ""; }
size_t charter_amendment_collides_count(const charter_amendment *a) { return a->ncollides; }
size_t charter_amendment_file_count(const charter_amendment *a) { return a->nfiles; }

const char *charter_amendment_section(const charter_amendment *a, size_t i)
{
	return i < a->nsections ? a->sections[i] : NULL;
}

const char *charter_amendment_seconded_by(const charter_amendment *a, size_t i)
{
	return i < a->nseconded ? a->seconded[i] : NULL;
}

const char *charter_amendment_collides_with(const charter_amendment *a, size_t i)
{
	return i < a->ncollides ? a->collides[i] : NULL;
}

const char *charter_amendment_message(const charter_amendment *a, charter_record_kind which)
{
	const char *m = a->message[which == CHARTER_RECORD_OUTCOME];
	return m ? m : "";
}

int charter_amendment_signature(charter_signature_info *out, const charter_amendment *a, charter_record_kind which)
{
	int i = which == CHARTER_RECORD_OUTCOME;
	if (!a->details)
		return error_set(CHARTER_ENOTFOUND, "the details of amendment %s were not loaded", a->id);
	if (i == 1 && !a->outcome[0])
		return error_set(CHARTER_ENOTFOUND, "amendment %s is pending: no outcome record", a->id);
	out->present = a->sig[i].present;
	out->verifies = a->sig[i].verifies;
	out->fingerprint = a->sig[i].fingerprint;
	out->principal = a->sig[i].principal ? a->sig[i].principal : "";
	out->detail = a->sig[i].detail;
	return 0;
}

const char *charter_amendment_file_path(const charter_amendment *a, size_t i)
{
	return i < a->nfiles ? a->files[i].path : NULL;
}

const char *charter_amendment_file_text(const charter_amendment *a, size_t i, charter_text_side side)
{
	if (i >= a->nfiles || (unsigned)side > CHARTER_TEXT_AFTER)
		return NULL;
	return a->files[i].text[side];
}

int charter_amendment_sanitized(const charter_amendment *a)
{
	return a && a->sanitized;
}
