/* Embedding libcharter: open a store and print one section as adopted.
 *
 *   embed STORE SECTION [WHEN]
 */
#include <stdio.h>

#include <charter.h>

int main(int argc, char **argv)
{
	charter_store *store = NULL;
	charter_document *doc = NULL;
	size_t i;
	int rc = 1;

	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: %s STORE SECTION [WHEN]\n", argv[0]);
		return 2;
	}
	if (charter_store_open(&store, argv[1]) < 0 ||
	    charter_document_load(&doc, store, argc == 4 ? argv[3] : NULL) < 0 ||
	    charter_document_section_find(&i, doc, argv[2]) < 0) {
		fprintf(stderr, "embed: %s\n", charter_error_last());
		goto done;
	}
	printf("%s (as adopted on %s)\n\n%s", charter_document_section_title(doc, i),
		charter_document_date(doc), charter_document_section_body(doc, i));
	rc = 0;
done:
	charter_document_free(doc);
	charter_store_free(store);
	return rc;
}
