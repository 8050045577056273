/* charter propose: a proposal in one of Robert's Rules' forms. */
#define _DEFAULT_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"

extern char **environ;

int cli_read_file(char **out, size_t *len, const char *path)
{
	/* O_NONBLOCK: a FIFO must not hang the open; regular files only. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	char *data = NULL;
	size_t size = 0, cap = 0;
	*out = NULL;
	*len = 0;
	if (fd < 0)
		return cli_error("%s: %s", path, strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return cli_error("%s: not a regular file", path);
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	FILE *f = fdopen(fd, "rb");
	if (!f) {
		close(fd);
		return cli_error("%s: %s", path, strerror(errno));
	}
	for (;;) {
		if (size + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 8192;
			if (cap > (64u << 20)) {
				cli_error("%s: too large", path);
				goto fail;
			}
			char *grown = realloc(data, cap);
			if (!grown) {
				cli_error("out of memory");
				goto fail;
			}
			data = grown;
		}
		size_t n = fread(data + size, 1, cap - size - 1, f);
		size += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		cli_error("%s: %s", path, strerror(errno));
		goto fail;
	}
	fclose(f);
	data = data ? data : malloc(1);
	if (!data)
		return cli_error("out of memory");
	data[size] = '\0';
	*out = data;
	*len = size;
	return 0;
fail:
	fclose(f);
	free(data);
	return EXIT_FAILED;
}

bool cli_is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Does FOLDER/sections hold any section file? */
static bool has_sections(const char *folder)
{
	char path[4200];
	struct dirent *e;
	bool any = false;
	snprintf(path, sizeof(path), "%s/sections", folder);
	DIR *d = opendir(path);
	while (d && !any && (e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);
		any = n > 3 && strcmp(e->d_name + n - 3, ".md") == 0;
	}
	if (d)
		closedir(d);
	return any;
}

/* Run $VISUAL / $EDITOR on `path`, as git does (through the shell). */
static int run_editor(const char *path)
{
	const char *editor = getenv("VISUAL");
	if (!editor || !*editor)
		editor = getenv("EDITOR");
	if (!editor || !*editor) {
		return cli_error("no editor: set VISUAL or EDITOR");
	}
	char *cmd = malloc(strlen(editor) + 8);
	if (!cmd)
		return cli_error("out of memory");
	sprintf(cmd, "%s \"$@\"", editor);
	char *argv[] = { "sh", "-c", cmd, (char *)editor, (char *)path, NULL };
	pid_t pid;
	int status, rc = posix_spawn(&pid, "/bin/sh", NULL, NULL, argv, environ);
	free(cmd);
	if (rc != 0) {
		return cli_error("cannot run the editor: %s", strerror(rc));
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		return cli_error("the editor (%s) failed; nothing was proposed", editor);
	}
	return 0;
}

/* Edit `initial` in a temporary file; the result in *out. */
static int edit_text(char **out, size_t *len, const char *initial, const char *name)
{
	const char *tmpdir = getenv("TMPDIR");
	char path[4200];
	snprintf(path, sizeof(path), "%s/charter-%.60s-XXXXXX.md", tmpdir && *tmpdir ? tmpdir : "/tmp", name);
	int fd = mkstemps(path, 3);
	if (fd < 0) {
		return cli_error("cannot create a temporary file: %s", strerror(errno));
	}
	size_t n = strlen(initial);
	bool ok = write(fd, initial, n) == (ssize_t)n;
	ok = close(fd) == 0 && ok;
	int rc = ok ? run_editor(path) : EXIT_FAILED;
	if (!ok)
		cli_error("cannot write %s", path);
	if (rc == 0)
		rc = cli_read_file(out, len, path);
	unlink(path);
	return rc;
}

/* The rationale from the editor: lines starting with '#' are dropped. */
static int edit_rationale(char **out, const char *section, const char *title)
{
	char *text = NULL, initial[600];
	size_t len;
	snprintf(initial, sizeof(initial),
		"\n# Why this amendment? Write the rationale above; lines starting with '#' are ignored.\n"
		"# Amendment to %.100s: %.300s\n", section ? section : "the document", title);
	int rc = edit_text(&text, &len, initial, "rationale");
	if (rc)
		return rc;
	char *w = text;
	for (char *line = text; *line;) {
		char *nl = strchr(line, '\n');
		size_t n = nl ? (size_t)(nl - line + 1) : strlen(line);
		if (line[0] != '#') {
			memmove(w, line, n);
			w += n;
		}
		line += n;
	}
	*w = '\0';
	*out = text;
	return 0;
}

int cmd_propose(const cli_command *cmd, int argc, char **argv)
{
	const char *title = NULL, *id = NULL, *rationale = NULL, *by = NULL, *key = NULL, *file = NULL;
	const char *strike = NULL, *insert = NULL, *after = NULL, *before = NULL, *substitute = NULL;
	const char *format = "text", *date = NULL, *to = NULL, *at_line = NULL;
	bool edit = false;
	cli_list seconded = { 0 };
	const cli_option opts[] = {
		{ "title", OPT_STRING, &title, "T", "the amendment's title, one line (required)" },
		{ "id", OPT_STRING, &id, "ID", "its id as the convention prints it, e.g. A1, A1.1, GA-3 "
		  "(default: the next free number)" },
		{ "date", OPT_STRING, &date, "DATE", "the day it was proposed, YYYY-MM-DD (default: today)" },
		{ "at-line", OPT_STRING, &at_line, "N", "the occurrence of the phrase (--strike, --after, --before) on "
		  "line N of export --line-numbers" },
		{ "to", OPT_STRING, &to, "ID", "amend pending amendment ID (an amendment to an amendment): phrases are "
		  "looked up in its text; default id ID.1, ID.2, ..." },
		{ "strike", OPT_STRING, &strike, "S", "strike the words S (with --insert: strike and insert)" },
		{ "insert", OPT_STRING, &insert, "I", "insert the words I (--after S, --before S, or with --strike)" },
		{ "after", OPT_STRING, &after, "S", "where to insert: after the words S" },
		{ "before", OPT_STRING, &before, "S", "where to insert: before the words S" },
		{ "substitute", OPT_STRING, &substitute, "FILE", "substitute the section's text with FILE" },
		{ "file", OPT_STRING, &file, "FILE|FOLDER",
		  "the section as amended (a file), or the whole document as amended (a statements folder)" },
		{ "edit", OPT_FLAG, &edit, NULL, "edit the section's text in $VISUAL or $EDITOR" },
		{ "rationale", OPT_STRING, &rationale, "TEXT", "why (default: the editor, on a terminal)" },
		{ "by", OPT_STRING, &by, "\"NAME <EMAIL>\"", "the proposer (default: git config user.name/email)" },
		{ "seconded-by", OPT_LIST, &seconded, "\"NAME <EMAIL>\"", "a seconder (repeatable)" },
		{ "key", OPT_STRING, &key, "FILE", "signing key (default: $CHARTER_SIGNING_KEY, user.signingkey; "
		  "unsigned when none)" },
		{ "format", OPT_STRING, &format, "FORMAT", "text or json" },
		{ 0 },
	};
	static const char *const formats[] = { "text", "json", NULL };
	charter_propose_options o = CHARTER_PROPOSE_OPTIONS_INIT;
	charter_format fmt;
	char **pos;
	int npos, rc;
	if ((rc = cli_parse(cmd, opts, argc, argv, &pos, &npos, 0, 1)) != 0) {
		free(seconded.items);
		return rc < 0 ? 0 : rc;
	}
	const char *section = npos ? pos[0] : NULL;
	char *text = NULL, *edited_rationale = NULL, *new_id = NULL;
	size_t text_len = 0;
	charter_store *store = NULL;
	charter_identity *id_by = NULL, **seconders = NULL;
	charter_signer *signer = NULL;
	charter_document *doc = NULL, *folder = NULL;
	charter_amendment *made = NULL;

	int forms = (strike != NULL) + (insert && !strike) + (substitute != NULL) + (file != NULL) + edit;
	if ((rc = cli_format(&fmt, format, formats)) != 0)
		goto done;
	if (!title) {
		rc = cli_usage("propose: --title is required");
		goto done;
	}
	if (forms != 1) {
		rc = cli_usage("propose: give one form: --strike S [--insert I], --insert I --after S|--before S, "
			"--substitute FILE, --file FILE|FOLDER or --edit");
		goto done;
	}
	if ((after || before) && (strike || !insert)) {
		rc = cli_usage("propose: --after and --before go with --insert (without --strike)");
		goto done;
	}
	if (insert && !strike && !after == !before) {
		rc = cli_usage("propose: --insert needs --after S or --before S (or --strike S)");
		goto done;
	}
	bool whole_document = file && cli_is_dir(file);
	if (whole_document && section) {
		rc = cli_usage("propose: with a folder (--file FOLDER), give no SECTION");
		goto done;
	}
	if (!whole_document && !section) {
		rc = cli_usage("propose: which section? usage: charter propose %s", cmd->usage);
		goto done;
	}

	if ((rc = cli_open_store(&store)) != 0 || (rc = cli_identity(&id_by, store, by)) != 0)
		goto done;
	if (seconded.count && !(seconders = calloc(seconded.count, sizeof(*seconders)))) {
		rc = EXIT_FAILED;
		goto done;
	}
	for (size_t i = 0; i < seconded.count; i++)
		if (charter_identity_parse(&seconders[i], seconded.items[i]) < 0) {
			rc = cli_fail();
			goto done;
		}
	if (charter_signer_open(&signer, store, key) < 0) {
		if (key || charter_error_last_code() != CHARTER_ENOTFOUND) {
			rc = cli_fail();
			goto done;
		}
		signer = NULL; /* no key configured: an unsigned proposal */
	}

	if (strike) {
		o.kind = CHARTER_CHANGE_STRIKE;
		o.phrase = strike;
		o.text = insert;
	} else if (insert) {
		o.kind = after ? CHARTER_CHANGE_INSERT_AFTER : CHARTER_CHANGE_INSERT_BEFORE;
		o.phrase = after ? after : before;
		o.text = insert;
	} else if (whole_document) {
		o.kind = CHARTER_CHANGE_DOCUMENT;
		if (charter_document_from_dir(&folder, file) < 0) {
			if (!has_sections(file)) {
				rc = cli_error("the amendment would remove the last section: %s/sections has none",
					file);
			} else {
				rc = cli_fail();
			}
			goto done;
		}
		o.document = folder;
	} else if (substitute || file) {
		o.kind = CHARTER_CHANGE_SUBSTITUTE;
		if ((rc = cli_read_file(&text, &text_len, substitute ? substitute : file)) != 0)
			goto done;
		o.text = text;
		o.text_len = text_len;
	} else if (to) {
		/* Edit the section as the primary amendment has it. */
		charter_amendment *primary = NULL;
		char path[200];
		const char *current = NULL;
		snprintf(path, sizeof(path), "sections/%.100s.md", section);
		if (charter_amendment_load(&primary, store, to, CHARTER_AMENDMENT_DETAILS) < 0) {
			rc = cli_fail();
			goto done;
		}
		for (size_t i = 0; i < charter_amendment_file_count(primary); i++)
			if (strcmp(charter_amendment_file_path(primary, i), path) == 0)
				current = charter_amendment_file_text(primary, i, CHARTER_TEXT_PROPOSED);
		rc = current ? edit_text(&text, &text_len, current, section)
		             : cli_error("amendment %s does not change section '%s': an amendment to it may change only "
		                         "what it changes", to, section);
		charter_amendment_free(primary);
		if (rc != 0)
			goto done;
		o.kind = CHARTER_CHANGE_SUBSTITUTE;
		o.text = text;
		o.text_len = text_len;
	} else {
		size_t at;
		if (charter_document_load(&doc, store, NULL) < 0 || charter_document_section_find(&at, doc, section) < 0) {
			rc = cli_fail();
			goto done;
		}
		if ((rc = edit_text(&text, &text_len, charter_document_section_markdown(doc, at), section)) != 0)
			goto done;
		o.kind = CHARTER_CHANGE_SUBSTITUTE;
		o.text = text;
		o.text_len = text_len;
	}
	if (!rationale && isatty(STDIN_FILENO) && ((getenv("VISUAL") && *getenv("VISUAL")) ||
	    (getenv("EDITOR") && *getenv("EDITOR")))) {
		if ((rc = edit_rationale(&edited_rationale, section, title)) != 0)
			goto done;
		rationale = edited_rationale;
	}
	o.section = section;
	o.id = id;
	o.date = date;
	o.to = to;
	if (at_line) {
		char *end = NULL;
		unsigned long n = strtoul(at_line, &end, 10);
		if (!*at_line || *end || n == 0 || n > 10000000 || at_line[0] == '-' || at_line[0] == '+') {
			rc = cli_usage("propose: --at-line takes a line number (1, 2, ...), not '%.20s'", at_line);
			goto done;
		}
		if (!o.phrase) {
			rc = cli_usage("propose: --at-line goes with --strike, --after or --before");
			goto done;
		}
		o.at_line = (unsigned)n;
	}
	o.title = title;
	o.rationale = rationale;
	o.by = id_by;
	o.seconded_by = (const charter_identity *const *)seconders;
	o.seconded_count = seconded.count;
	o.signer = signer;
	if (charter_propose(&new_id, store, &o) < 0 || charter_amendment_load(&made, store, new_id, 0) < 0) {
		rc = cli_fail();
		goto done;
	}
	if (fmt == CHARTER_FORMAT_JSON) {
		char *out = NULL;
		size_t len = 0;
		if (charter_amendment_render(&out, &len, made, fmt, CHARTER_AMENDMENT_SUMMARY) < 0)
			rc = cli_fail();
		else
			rc = cli_output(NULL, out, len);
		charter_free(out);
	} else {
		printf("Proposed amendment %s: %s\n", new_id, title);
		printf("  sections: ");
		for (size_t i = 0; i < charter_amendment_section_count(made); i++)
			printf("%s%s", i ? ", " : "", charter_amendment_section(made, i));
		printf("%s\n  record:   %.12s at refs/amendments/%s%s\n",
			charter_amendment_section_count(made) ? "" : "README.md", charter_amendment_proposal_commit(made),
			new_id, signer ? " (signed)" : " (unsigned: no signing key)");
	}
done:
	charter_amendment_free(made);
	charter_free(new_id);
	charter_document_free(doc);
	charter_document_free(folder);
	charter_signer_free(signer);
	for (size_t i = 0; seconders && i < seconded.count; i++)
		charter_identity_free(seconders[i]);
	free(seconders);
	charter_identity_free(id_by);
	free(seconded.items);
	free(text);
	free(edited_rationale);
	charter_store_free(store);
	return rc;
}
