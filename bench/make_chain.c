/* make_chain: append N signed adoptions to a store's main, fast, for
 * bench/verify.sh.
 *
 *     make_chain STORE KEY N [--loose]
 *
 * Each adoption is what `charter adopt` records: a proposal commit (first
 * parent: main) changing one clause of one section, and a merge commit on
 * main (parents: main, the proposal) with the same tree and the trailers
 * Amendment, Section, Convention, Adopted-on, Vote, signed with KEY through
 * the library's own signing (record_commit: an SSHSIG gpgsig header
 * byte-identical to git's). Objects are built in memory (libgit2's mempack)
 * and written as one pack, unless --loose. Only main moves. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <git2.h>
#include <git2/sys/mempack.h>

#include "base/buf.h"
#include "store/signed_write.h"
#include "store/store.h"

static int die(const char *what)
{
	const git_error *e = git_error_last();
	fprintf(stderr, "make_chain: %s: %s\n", what,
		*charter_error_last() ? charter_error_last() : (e && e->message ? e->message : "failed"));
	return 1;
}

/* The tree of `base` with sections/<slug>.md replaced by `text`. */
static int tree_with(git_oid *out, git_repository *repo, git_tree *base, const char *path_name, const char *text)
{
	git_oid blob, sections_id;
	git_treebuilder *root = NULL, *sec = NULL;
	git_tree *sections = NULL;
	const git_tree_entry *e = git_tree_entry_byname(base, "sections");
	int error;
	if (!e)
		return -1;
	if ((error = git_blob_create_from_buffer(&blob, repo, text, strlen(text))) < 0 ||
	    (error = git_tree_lookup(&sections, repo, git_tree_entry_id(e))) < 0 ||
	    (error = git_treebuilder_new(&sec, repo, sections)) < 0 ||
	    (error = git_treebuilder_insert(NULL, sec, path_name, &blob, GIT_FILEMODE_BLOB)) < 0 ||
	    (error = git_treebuilder_write(&sections_id, sec)) < 0 ||
	    (error = git_treebuilder_new(&root, repo, base)) < 0 ||
	    (error = git_treebuilder_insert(NULL, root, "sections", &sections_id, GIT_FILEMODE_TREE)) < 0)
		goto done;
	error = git_treebuilder_write(out, root);
done:
	git_treebuilder_free(root);
	git_treebuilder_free(sec);
	git_tree_free(sections);
	return error;
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: make_chain STORE KEY N [--loose]\n");
		return 2;
	}
	long n = strtol(argv[3], NULL, 10);
	bool loose = argc > 4 && strcmp(argv[4], "--loose") == 0;
	charter_store *store = NULL;
	charter_signer *signer = NULL;
	if (charter_store_open(&store, argv[1]) < 0 || charter_signer_open(&signer, store, argv[2]) < 0)
		return die("open");
	git_repository *repo = store_repo(store);
	git_odb *odb = NULL;
	git_odb_backend *mem = NULL;
	if (git_repository_odb(&odb, repo) < 0)
		return die("odb");
	if (!loose && (git_mempack_new(&mem) < 0 || git_odb_add_backend(odb, mem, 999) < 0))
		return die("mempack");

	git_oid main_id, start;
	if (store_main(&main_id, store) < 0)
		return die("main");
	git_oid_cpy(&start, &main_id);
	git_commit *main = NULL;
	git_tree *tree = NULL;
	if (git_commit_lookup(&main, repo, &main_id) < 0 || git_commit_tree(&tree, main) < 0)
		return die("read main");
	/* The section to amend: the first one, its text kept, one clause changed. */
	const git_tree_entry *sections_entry = git_tree_entry_byname(tree, "sections");
	git_tree *sections = NULL;
	if (!sections_entry || git_tree_lookup(&sections, repo, git_tree_entry_id(sections_entry)) < 0 ||
	    git_tree_entrycount(sections) == 0)
		return die("sections");
	char file[256], slug[256];
	snprintf(file, sizeof(file), "%s", git_tree_entry_name(git_tree_entry_byindex(sections, 0)));
	snprintf(slug, sizeof(slug), "%.*s", (int)(strlen(file) - 3), file);
	buf original = BUF_INIT;
	char path[300];
	snprintf(path, sizeof(path), "sections/%s", file);
	if (tree_read(&original, repo, tree, path) < 0)
		return die("section text");
	git_tree_free(sections);

	/* Committer dates go forward along main (verify checks it): from n
	 * seconds ago, or from main's own date when that is later. */
	time_t now = time(NULL);
	if ((time_t)git_commit_committer(main)->when.time > now - n)
		now = (time_t)git_commit_committer(main)->when.time + n;
	int64_t day0 = 946684800; /* 2000-01-01 */
	buf text = BUF_INIT, msg = BUF_INIT;
	for (long i = 1; i <= n; i++) {
		git_oid tree_id, proposal_id, adoption_id;
		git_tree *next = NULL;
		git_commit *proposal = NULL;
		git_signature *author = NULL, *committer = NULL, *proposer = NULL;
		char date[11];
		int64_t day = day0 + (i % 9000) * 86400;
		time_t dt = (time_t)day;
		struct tm tm;
		gmtime_r(&dt, &tm);
		strftime(date, sizeof(date), "%Y-%m-%d", &tm);

		buf_clear(&text);
		buf_put(&text, original.ptr, original.size);
		buf_printf(&text, "\nClause %ld of the bench: the convention amended this text %ld times.\n", i, i);
		if (tree_with(&tree_id, repo, tree, file, buf_cstr(&text)) < 0 || git_tree_lookup(&next, repo, &tree_id) < 0)
			return die("tree");
		if (git_signature_new(&proposer, "Bench Proposer", "proposer@example.org", (git_time_t)(now - n + i), 0) < 0 ||
		    git_signature_new(&author, "Bench Secretary", "secretary@example.org", (git_time_t)(day + 43200), 0) < 0 ||
		    git_signature_new(&committer, "Bench Secretary", "secretary@example.org", (git_time_t)(now - n + i), 0) < 0)
			return die("signature");
		buf_clear(&msg);
		buf_printf(&msg, "Bench amendment %ld\n\nA clause for the benchmark.\n\nAmendment: bench-%ld\nSection: %s\n"
			"Proposed-by: Bench Proposer <proposer@example.org>\n", i, i, slug);
		const git_commit *p1[] = { main };
		if (record_commit(&proposal_id, repo, next, 1, p1, proposer, proposer, buf_cstr(&msg), NULL) < 0 ||
		    git_commit_lookup(&proposal, repo, &proposal_id) < 0)
			return die("proposal");
		buf_clear(&msg);
		buf_printf(&msg, "Bench amendment %ld\n\nAmendment bench-%ld, adopted by the bench convention on %s.\n\n"
			"Amendment: bench-%ld\nSection: %s\nConvention: bench\nAdopted-on: %s\nVote: %ld-1-0\n",
			i, i, date, i, slug, date, 100 + i % 50);
		const git_commit *p2[] = { main, proposal };
		if (record_commit(&adoption_id, repo, next, 2, p2, author, committer, buf_cstr(&msg), signer) < 0)
			return die("adoption");
		git_signature_free(proposer);
		git_signature_free(author);
		git_signature_free(committer);
		git_commit_free(proposal);
		git_commit_free(main);
		git_tree_free(tree);
		tree = next;
		if (git_commit_lookup(&main, repo, &adoption_id) < 0)
			return die("read adoption");
		git_oid_cpy(&main_id, &adoption_id);
	}
	if (!loose) {
		git_buf pack = { 0 };
		git_odb_writepack *wp = NULL;
		git_indexer_progress stats = { 0 };
		if (git_mempack_dump(&pack, repo, mem) < 0)
			return die("pack");
		/* The pack goes to the on-disk object database (the default
		 * backends), then the memory is dropped. */
		git_odb *disk = NULL;
		char objects[4096];
		snprintf(objects, sizeof(objects), "%sobjects", charter_store_gitdir(store));
		if (git_odb_open(&disk, objects) < 0 || git_odb_write_pack(&wp, disk, NULL, NULL) < 0 ||
		    wp->append(wp, pack.ptr, pack.size, &stats) < 0 || wp->commit(wp, &stats) < 0)
			return die("write pack");
		wp->free(wp);
		git_odb_free(disk);
		git_buf_dispose(&pack);
	}
	git_commit_free(main);
	git_tree_free(tree);
	if (!loose)
		git_mempack_reset(mem);
	git_odb_free(odb);
	/* Move main only now that every object is on disk. */
	if (record_move_ref(repo, MAIN_REF, &main_id, &start, "make_chain") < 0)
		return die("move main");
	char hex[GIT_OID_HEXSZ + 1];
	printf("%s\n", git_oid_tostr(hex, sizeof(hex), &main_id));
	buf_free(&text);
	buf_free(&msg);
	buf_free(&original);
	charter_signer_free(signer);
	charter_store_free(store);
	return 0;
}
