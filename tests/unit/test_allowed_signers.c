/* allowed_signers: the OpenSSH format, lookups with their named refusals,
 * and agreement with `ssh-keygen -Y verify` on the same lines. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ssh/allowed_signers.h"
#include "base/buf.h"
#include "ssh/sshkey.h"
#include "testlib.h"

/* Two fixed keys (the public halves of throwaway Ed25519 keys). */
#define KEY_A "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHo5GzRkKXeMZB43oSFKCkM1uOhpT8n+dHh8HYYmdH6A"
#define KEY_B "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDwMHjEVE5LNf/QQKHKO6TvrlxLI/nDbEk3dtTTTwK5e"

static sshkey_pub key_a, key_b;

/* 2024-01-01T00:00:00Z */
#define T2024 1704067200

static allowed_verdict lookup(const char *text, const sshkey_pub *k, const char *ns,
	const char *principal, int64_t when, const char **principals_out)
{
	allowed_signers as = ALLOWED_SIGNERS_INIT;
	const allowed_signer *e = NULL;
	static char principals[256];
	allowed_verdict v;
	if (allowed_signers_parse(&as, text, strlen(text)) < 0)
		return (allowed_verdict)-1;
	v = allowed_signers_lookup(&e, &as, k->blob, k->blob_len, ns, principal, when);
	snprintf(principals, sizeof(principals), "%s", e ? e->principals : "");
	if (principals_out)
		*principals_out = principals;
	allowed_signers_free(&as);
	return v;
}

static size_t invalid_lines(const char *text, char *first, size_t first_size)
{
	allowed_signers as = ALLOWED_SIGNERS_INIT;
	size_t n;
	if (allowed_signers_parse(&as, text, strlen(text)) < 0)
		return (size_t)-1;
	n = as.invalid;
	if (first)
		snprintf(first, first_size, "%s", as.first_invalid);
	allowed_signers_free(&as);
	return n;
}

static void test_parse(void)
{
	allowed_signers as = ALLOWED_SIGNERS_INIT;
	const char *text =
		"# the founders\n"
		"\n"
		"   \t\n"
		"alice@example.org " KEY_A " alice's laptop\n"
		"bob@example.org,carol@example.org namespaces=\"git,file\",valid-after=\"20240101Z\" " KEY_B "\n"
		"\"eve example\" VALID-BEFORE=\"202401011230Z\" " KEY_A "\r\n"
		"*@ca.example.org cert-authority " KEY_B "\n"
		"dave@example.org " KEY_B; /* no final newline */

	CHECK(allowed_signers_parse(&as, text, strlen(text)) == 0);
	CHECK(as.count == 5);
	CHECK(as.invalid == 0);
	if (as.count == 5) {
		CHECK_STR("alice@example.org", as.entries[0].principals);
		CHECK(as.entries[0].line == 4);
		CHECK(as.entries[0].namespaces == NULL);
		CHECK(!as.entries[0].has_valid_after && !as.entries[0].has_valid_before);
		CHECK_STR("alice's laptop", as.entries[0].key.comment);
		CHECK(sshkey_pub_equal(&as.entries[0].key, &key_a));

		CHECK_STR("bob@example.org,carol@example.org", as.entries[1].principals);
		CHECK_STR("git,file", as.entries[1].namespaces);
		CHECK(as.entries[1].has_valid_after && as.entries[1].valid_after == T2024);
		CHECK(as.entries[1].key.comment == NULL);

		CHECK_STR("eve example", as.entries[2].principals);
		CHECK(as.entries[2].has_valid_before && as.entries[2].valid_before == T2024 + 12 * 3600 + 30 * 60);

		CHECK(as.entries[3].cert_authority);
		CHECK_STR("dave@example.org", as.entries[4].principals);
		CHECK(as.entries[4].line == 8);
	}
	allowed_signers_free(&as);
	CHECK(as.entries == NULL && as.count == 0);

	CHECK(allowed_signers_parse(&as, "", 0) == 0 && as.count == 0);
	allowed_signers_free(&as);
}

static void test_hostile_lines(void)
{
	static const char *const bad[] = {
		"alice@example.org\n",                                   /* no key */
		"alice@example.org ssh-ed25519\n",                       /* no key data */
		"alice@example.org ssh-ed25519 AAAA\n",                  /* short key */
		"alice@example.org ssh-ed25519 !!!!\n",                  /* bad base64 */
		"alice@example.org ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIHo5GzRkKXeMZB43oSFKCkM1uOhpT8n+dHh8HYYmdH6A\n",
		"alice@example.org foo " KEY_A "\n",                     /* unknown option */
		"alice@example.org valid-after=20240101 " KEY_A "\n",    /* unquoted value */
		"alice@example.org valid-after=\"2024010112\" " KEY_A "\n",   /* 10 digits */
		"alice@example.org valid-after=\"20240232\" " KEY_A "\n",     /* no such day */
		"alice@example.org valid-after=\"20241301Z\" " KEY_A "\n",    /* no such month */
		"alice@example.org valid-before=\"19700101Z\" " KEY_A "\n",   /* the epoch */
		"alice@example.org valid-after=\"19691231Z\" " KEY_A "\n",    /* before it */
		"alice@example.org valid-after=\"2024010125\" " KEY_A "\n",
		"alice@example.org valid-after=\"202401012400\" " KEY_A "\n", /* hour 24 */
		"alice@example.org valid-after=\"@1700000000\" " KEY_A "\n",
		"alice@example.org valid-after=\"20240101\",valid-after=\"20250101\" " KEY_A "\n",
		"alice@example.org namespaces=\"git\",namespaces=\"file\" " KEY_A "\n",
		"alice@example.org namespaces=\"\" " KEY_A "\n",
		"alice@example.org namespaces=\"git " KEY_A "\n",        /* open quote */
		"alice@example.org namespaces=\"git\\\"\" " KEY_A "\n",  /* backslash */
		"alice@example.org ,cert-authority " KEY_A "\n",         /* empty option */
		"alice@example.org cert-authority,cert-authority " KEY_A "\n",
		"\"alice " KEY_A "\n",                                   /* open quote */
		"\"alice\"x " KEY_A "\n",
		"\"\" " KEY_A "\n",                                      /* empty principals */
		"alice\x01@example.org " KEY_A "\n",
		"alice@example.org namespaces=\"g\x02it\" " KEY_A "\n",
	};
	char first[200];
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		size_t n = invalid_lines(bad[i], first, sizeof(first));
		if (n != 1)
			fprintf(stderr, "hostile line %zu accepted: %s", i, bad[i]);
		CHECK(n == 1);
		CHECK(strncmp(first, "line 1: ", 8) == 0);
	}
	/* NUL bytes inside a line */
	{
		static const char nul[] = "alice@example.org " KEY_A "\0junk\n";
		allowed_signers as = ALLOWED_SIGNERS_INIT;
		CHECK(allowed_signers_parse(&as, nul, sizeof(nul) - 1) == 0);
		CHECK(as.count == 0 && as.invalid == 1);
		allowed_signers_free(&as);
	}
	/* A bad line is skipped, not fatal (as ssh-keygen does), and counted. */
	{
		const char *text = "# x\nalice@example.org foo " KEY_A "\nbob@example.org " KEY_A "\n";
		const char *p;
		CHECK(invalid_lines(text, first, sizeof(first)) == 1);
		CHECK_STR("line 2: bad options: unknown option", first);
		CHECK(lookup(text, &key_a, "git", NULL, T2024, &p) == ALLOWED_OK);
		CHECK_STR("bob@example.org", p);
	}
	/* Long lines and many lines are fine. */
	{
		buf b = BUF_INIT;
		for (int i = 0; i < 2000; i++)
			buf_printf(&b, "p%d@example.org " KEY_B "\n", i);
		buf_puts(&b, "last@example.org,");
		for (int i = 0; i < 5000; i++)
			buf_puts(&b, "*");
		buf_puts(&b, " " KEY_A "\n");
		const char *p;
		CHECK(lookup(buf_cstr(&b), &key_a, "git", NULL, T2024, &p) == ALLOWED_OK);
		CHECK(strncmp(p, "last@example.org,", 17) == 0);
		buf_free(&b);
	}
}

static void test_lookup(void)
{
	const char *p = NULL;
	const char *text =
		"alice@example.org " KEY_A "\n"
		"bob@example.org namespaces=\"file\" " KEY_B "\n";

	CHECK(lookup(text, &key_a, "git", NULL, T2024, &p) == ALLOWED_OK);
	CHECK_STR("alice@example.org", p);
	CHECK(lookup(text, &key_b, "git", NULL, T2024, &p) == ALLOWED_WRONG_NAMESPACE);
	CHECK_STR("bob@example.org", p);
	CHECK(lookup(text, &key_b, "file", NULL, T2024, NULL) == ALLOWED_OK);
	CHECK(lookup("", &key_a, "git", NULL, T2024, &p) == ALLOWED_UNKNOWN_KEY);
	CHECK_STR("", p);
	CHECK(lookup("# alice@example.org " KEY_A "\n", &key_a, "git", NULL, T2024, NULL) == ALLOWED_UNKNOWN_KEY);

	/* namespace patterns */
	CHECK(lookup("a namespaces=\"g*\" " KEY_A, &key_a, "git", NULL, T2024, NULL) == ALLOWED_OK);
	CHECK(lookup("a namespaces=\"file,gi?\" " KEY_A, &key_a, "git", NULL, T2024, NULL) == ALLOWED_OK);
	CHECK(lookup("a namespaces=\"!git,*\" " KEY_A, &key_a, "git", NULL, T2024, NULL) == ALLOWED_WRONG_NAMESPACE);
	CHECK(lookup("a namespaces=\"!git,*\" " KEY_A, &key_a, "file", NULL, T2024, NULL) == ALLOWED_OK);
	CHECK(lookup("a namespaces=\"GIT\" " KEY_A, &key_a, "git", NULL, T2024, NULL) == ALLOWED_WRONG_NAMESPACE);

	/* principals patterns, as -I matches them */
	text = "*@example.org,!mallory@example.org " KEY_A "\n";
	CHECK(lookup(text, &key_a, "git", "alice@example.org", T2024, NULL) == ALLOWED_OK);
	CHECK(lookup(text, &key_a, "git", "mallory@example.org", T2024, NULL) == ALLOWED_UNKNOWN_KEY);
	CHECK(lookup(text, &key_a, "git", "alice@example.com", T2024, NULL) == ALLOWED_UNKNOWN_KEY);
	CHECK(lookup(text, &key_a, "git", NULL, T2024, NULL) == ALLOWED_OK);
	CHECK(lookup("alice?@x " KEY_A, &key_a, "git", "alice1@x", T2024, NULL) == ALLOWED_OK);
	CHECK(lookup("alice?@x " KEY_A, &key_a, "git", "alice@x", T2024, NULL) == ALLOWED_UNKNOWN_KEY);

	/* validity windows, inclusive at both ends */
	text = "a valid-after=\"20240101Z\",valid-before=\"20241231235959Z\" " KEY_A "\n";
	CHECK(lookup(text, &key_a, "git", NULL, T2024 - 1, NULL) == ALLOWED_NOT_YET_VALID);
	CHECK(lookup(text, &key_a, "git", NULL, T2024, NULL) == ALLOWED_OK);
	CHECK(lookup(text, &key_a, "git", NULL, T2024 + 366 * 86400 - 1, NULL) == ALLOWED_OK);
	CHECK(lookup(text, &key_a, "git", NULL, T2024 + 366 * 86400, NULL) == ALLOWED_EXPIRED);
	CHECK(lookup("a valid-after=\"202401010001Z\" " KEY_A, &key_a, "git", NULL, T2024 + 59, NULL) == ALLOWED_NOT_YET_VALID);
	CHECK(lookup("a valid-after=\"202401010001Z\" " KEY_A, &key_a, "git", NULL, T2024 + 60, NULL) == ALLOWED_OK);

	/* a later line that allows wins over an earlier refusal; refusals rank */
	text = "old valid-before=\"20231231Z\" " KEY_A "\n"
	       "new valid-after=\"20240101Z\" " KEY_A "\n";
	CHECK(lookup(text, &key_a, "git", NULL, T2024, &p) == ALLOWED_OK);
	CHECK_STR("new", p);
	text = "x namespaces=\"file\" " KEY_A "\n"
	       "y valid-before=\"20200101Z\" " KEY_A "\n";
	CHECK(lookup(text, &key_a, "git", NULL, T2024, &p) == ALLOWED_EXPIRED);
	CHECK_STR("y", p);

	/* a certificate authority does not vouch for its own key */
	CHECK(lookup("a cert-authority " KEY_A, &key_a, "git", NULL, T2024, NULL) == ALLOWED_UNKNOWN_KEY);
	/* the other key is not this key */
	CHECK(lookup("a " KEY_B, &key_a, "git", NULL, T2024, NULL) == ALLOWED_UNKNOWN_KEY);

	CHECK_STR("unknown-key", allowed_verdict_name(ALLOWED_UNKNOWN_KEY));
	CHECK_STR("wrong-namespace", allowed_verdict_name(ALLOWED_WRONG_NAMESPACE));
	CHECK_STR("key-not-yet-valid", allowed_verdict_name(ALLOWED_NOT_YET_VALID));
	CHECK_STR("key-expired", allowed_verdict_name(ALLOWED_EXPIRED));
}

static void test_has_key(void)
{
	const char *text = "# comment " KEY_B "\n"
			   "junk line\n"
			   "ca cert-authority,namespaces=\"file\" " KEY_A "\n";
	CHECK(allowed_signers_has_key(text, strlen(text), key_a.blob, key_a.blob_len));
	CHECK(!allowed_signers_has_key(text, strlen(text), key_b.blob, key_b.blob_len));
	CHECK(!allowed_signers_has_key("", 0, key_a.blob, key_a.blob_len));
	/* a prefix of the key is not the key */
	CHECK(!allowed_signers_has_key(text, strlen(text), key_a.blob, key_a.blob_len - 1));
}

static void test_times(void)
{
	int64_t t;
	CHECK(allowed_parse_time(&t, "20240101Z", 9) == 0 && t == T2024);
	CHECK(allowed_parse_time(&t, "20240101000000z", 15) == 0 && t == T2024);
	CHECK(allowed_parse_time(&t, "19700101000001Z", 15) == 0 && t == 1);
	CHECK(allowed_parse_time(&t, "19700101Z", 9) < 0);
	CHECK(allowed_parse_time(&t, "19691231235959Z", 15) < 0);
	CHECK(allowed_parse_time(&t, "20000229Z", 9) == 0 && t == 951782400);
	/* normalized as ssh-keygen does: 2100-02-29 is 2100-03-01 */
	CHECK(allowed_parse_time(&t, "21000229Z", 9) == 0 && t == 4107542400);
	CHECK(allowed_parse_time(&t, "20240101235960Z", 15) == 0 && t == T2024 + 86400);
	CHECK(allowed_parse_time(&t, "20240132Z", 9) < 0);
	CHECK(allowed_parse_time(&t, "20240101235961Z", 15) < 0);
	CHECK(allowed_parse_time(&t, "20241301Z", 9) < 0);
	CHECK(allowed_parse_time(&t, "20240100Z", 9) < 0);
	CHECK(allowed_parse_time(&t, "2024-01-01", 10) < 0);
	CHECK(allowed_parse_time(&t, "", 0) < 0);
	CHECK(allowed_parse_time(&t, "Z", 1) < 0);
	/* without Z: local time, as ssh-keygen reads it */
	setenv("TZ", "EST5", 1);
	tzset();
	CHECK(allowed_parse_time(&t, "20240101", 8) == 0 && t == T2024 + 5 * 3600);
	setenv("TZ", "UTC0", 1);
	tzset();
	CHECK(allowed_parse_time(&t, "20240101", 8) == 0 && t == T2024);
}

static void test_patterns(void)
{
	CHECK(allowed_pattern_list_match("git", "git") == 1);
	CHECK(allowed_pattern_list_match("git", "file,git") == 1);
	CHECK(allowed_pattern_list_match("git", "*") == 1);
	CHECK(allowed_pattern_list_match("git", "**") == 1);
	CHECK(allowed_pattern_list_match("git", "g*t") == 1);
	CHECK(allowed_pattern_list_match("gt", "g*t") == 1);
	CHECK(allowed_pattern_list_match("gxxxt", "g*t") == 1);
	CHECK(allowed_pattern_list_match("gxxxtx", "g*t") == 0);
	CHECK(allowed_pattern_list_match("git", "g?t") == 1);
	CHECK(allowed_pattern_list_match("gt", "g?t") == 0);
	CHECK(allowed_pattern_list_match("git", "!git,*") == -1);
	CHECK(allowed_pattern_list_match("git", "*,!git") == -1);
	CHECK(allowed_pattern_list_match("git", "") == 0);
	CHECK(allowed_pattern_list_match("", "") == 1);
	CHECK(allowed_pattern_list_match("git", ",") == 0);
	CHECK(allowed_pattern_list_match("a@b.c", "*@*.c") == 1);
	/* a pathological pattern stays fast */
	{
		char s[4001], pat[60];
		memset(s, 'a', 4000);
		s[4000] = '\0';
		strcpy(pat, "*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b");
		clock_t c0 = clock();
		CHECK(allowed_pattern_list_match(s, pat) == 0);
		CHECK((double)(clock() - c0) / CLOCKS_PER_SEC < 2.0);
	}
}

/* ---- Agreement with ssh-keygen ------------------------------------------ */

static char sandbox[] = "/tmp/charter-test-allowed-XXXXXX";

static void test_against_ssh_keygen(void)
{
	char path[600], pubtext[512];
	FILE *f;
	sshkey_pub k = SSHKEY_PUB_INIT;
	struct { const char *options; const char *principal; const char *ns; const char *when; int64_t t; } cases[] = {
		{ "", "alice@example.org", "git", "20240101000000Z", T2024 },
		{ "namespaces=\"git\"", "alice@example.org", "git", "20240101000000Z", T2024 },
		{ "namespaces=\"file\"", "alice@example.org", "git", "20240101000000Z", T2024 },
		{ "namespaces=\"!git,*\"", "alice@example.org", "git", "20240101000000Z", T2024 },
		{ "namespaces=\"g?t\"", "alice@example.org", "git", "20240101000000Z", T2024 },
		{ "valid-after=\"20240101Z\"", "alice@example.org", "git", "20240101000000Z", T2024 },
		{ "valid-after=\"20240101Z\"", "alice@example.org", "git", "20231231235959Z", T2024 - 1 },
		{ "valid-before=\"20240101Z\"", "alice@example.org", "git", "20240101000000Z", T2024 },
		{ "valid-before=\"20240101Z\"", "alice@example.org", "git", "20240101000001Z", T2024 + 1 },
		{ "valid-after=\"202401011200\"", "alice@example.org", "git", "20240101115959Z", T2024 + 43199 },
		{ "valid-after=\"202401011200\"", "alice@example.org", "git", "20240101120000Z", T2024 + 43200 },
		{ "cert-authority", "alice@example.org", "git", "20240101000000Z", T2024 },
		{ "valid-after=\"20240230Z\"", "alice@example.org", "git", "20240229235959Z", T2024 + 59 * 86400 - 1 },
		{ "valid-after=\"20240230Z\"", "alice@example.org", "git", "20240301000000Z", T2024 + 60 * 86400 },
		{ "valid-after=\"19700101Z\"", "alice@example.org", "git", "20240101000000Z", T2024 },
		{ "valid-after=\"19700101000001Z\"", "alice@example.org", "git", "20240101000000Z", T2024 },
		{ "VALID-BEFORE=\"20240101Z\"", "alice@example.org", "git", "20240101000001Z", T2024 + 1 },
		{ "namespaces=\"git\",", "alice@example.org", "git", "20240101000000Z", T2024 },
		{ "", "bob@example.org", "git", "20240101000000Z", T2024 },
	};

	if (!mkdtemp(sandbox)) {
		perror("mkdtemp");
		test_failed++;
		return;
	}
	snprintf(path, sizeof(path), "%s/key", sandbox);
	CHECK(test_sh("ssh-keygen -q -t ed25519 -N '' -f %s && echo payload > %s/msg && "
		 "ssh-keygen -Y sign -n git -f %s %s/msg 2>/dev/null", path, sandbox, path, sandbox) == 0);
	snprintf(path, sizeof(path), "%s/key.pub", sandbox);
	f = fopen(path, "r");
	CHECK(f && fgets(pubtext, sizeof(pubtext), f));
	if (f)
		fclose(f);
	CHECK(sshkey_pub_parse(&k, pubtext, strlen(pubtext)) == 0);

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char line[1024];
		snprintf(line, sizeof(line), "alice@example.org %s %s", cases[i].options, pubtext);
		snprintf(path, sizeof(path), "%s/allowed", sandbox);
		f = fopen(path, "w");
		fputs(line, f);
		fclose(f);
		int theirs = test_sh("ssh-keygen -Y verify -f %s/allowed -I %s -n %s -s %s/msg.sig "
				"-Overify-time=%s < %s/msg >/dev/null 2>&1",
			sandbox, cases[i].principal, cases[i].ns, sandbox, cases[i].when, sandbox);
		allowed_verdict ours = lookup(line, &k, cases[i].ns, cases[i].principal, cases[i].t, NULL);
		if ((theirs == 0) != (ours == ALLOWED_OK))
			fprintf(stderr, "case %zu disagrees: ssh-keygen %d, ours %s\n", i, theirs,
				allowed_verdict_name(ours));
		CHECK((theirs == 0) == (ours == ALLOWED_OK));
	}
	sshkey_pub_free(&k);
	test_sh("rm -rf %s", sandbox);
}

int main(void)
{
	setenv("TZ", "UTC0", 1);
	tzset();
	if (sshkey_pub_parse(&key_a, KEY_A, strlen(KEY_A)) < 0 ||
	    sshkey_pub_parse(&key_b, KEY_B, strlen(KEY_B)) < 0) {
		fprintf(stderr, "fixture keys: %s\n", charter_error_last());
		return 2;
	}
	test_parse();
	test_hostile_lines();
	test_lookup();
	test_has_key();
	test_times();
	test_patterns();
	test_against_ssh_keygen();
	sshkey_pub_free(&key_a);
	sshkey_pub_free(&key_b);
	return TEST_DONE();
}
