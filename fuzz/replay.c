/* Replays every file of a corpus folder through a fuzzer's entry point, so
 * ctest keeps each input ever found as a regression test without libFuzzer. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
		return 2;
	}
	DIR *dir = opendir(argv[1]);
	if (!dir) {
		perror(argv[1]);
		return 1;
	}
	struct dirent *e;
	int count = 0;
	while ((e = readdir(dir)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char path[4096];
		snprintf(path, sizeof(path), "%s/%s", argv[1], e->d_name);
		FILE *f = fopen(path, "rb");
		if (!f)
			continue;
		fseek(f, 0, SEEK_END);
		long n = ftell(f);
		fseek(f, 0, SEEK_SET);
		uint8_t *buf = malloc(n > 0 ? (size_t)n : 1);
		if (buf && fread(buf, 1, (size_t)n, f) == (size_t)n)
			LLVMFuzzerTestOneInput(buf, (size_t)n);
		free(buf);
		fclose(f);
		count++;
	}
	closedir(dir);
	printf("replayed %d inputs\n", count);
	return count > 0 ? 0 : 1;
}
