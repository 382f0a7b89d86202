/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * replay_main.c: a plain main() for the fuzz targets, so the corpus in
 * fuzz/corpus/<name>/ is replayed as an ordinary CTest test with gcc (no
 * libFuzzer needed). Every regular file in the directory argv[1] (and any
 * further file or directory arguments) is read whole and passed once to
 * LLVMFuzzerTestOneInput. A crash or a failed assertion in the target fails
 * the test; otherwise the exit status is 0.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Reads the whole file into a malloc'd buffer; returns NULL on error. The
 * buffer is exactly *size bytes (not NUL-terminated) so that targets that
 * read past the end are caught by ASan in the sanitizer build. */
static uint8_t *read_all(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 4096, n = 0;
	uint8_t *data = malloc(cap);
	size_t got;
	while (data && (got = fread(data + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			uint8_t *bigger = realloc(data, cap * 2);
			if (!bigger) {
				free(data);
				data = NULL;
				break;
			}
			data = bigger;
			cap *= 2;
		}
	}
	fclose(f);
	if (!data)
		return NULL;
	/* Shrink to the exact size (at least one byte: malloc(0) may be NULL). */
	uint8_t *exact = malloc(n ? n : 1);
	if (exact)
		memcpy(exact, data, n);
	free(data);
	*size = n;
	return exact;
}

/* Runs one file; returns 0 when it was read, 1 when it could not be. */
static int run_file(const char *path)
{
	size_t size = 0;
	uint8_t *data = read_all(path, &size);
	if (!data) {
		fprintf(stderr, "replay: cannot read %s\n", path);
		return 1;
	}
	LLVMFuzzerTestOneInput(data, size);
	free(data);
	return 0;
}

/* Runs every regular file in dir; returns the number of files run, -1 when
 * the directory cannot be opened. */
static int run_dir(const char *dir, int *failures)
{
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	int count = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		size_t len = strlen(dir) + strlen(e->d_name) + 2;
		char *path = malloc(len);
		if (!path)
			break;
		snprintf(path, len, "%s/%s", dir, e->d_name);
		struct stat st;
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			*failures += run_file(path);
			count++;
		}
		free(path);
	}
	closedir(d);
	return count;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s CORPUS_DIR_OR_FILE...\n", argv[0]);
		return 2;
	}
	int failures = 0, total = 0;
	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) != 0) {
			fprintf(stderr, "replay: %s does not exist\n", argv[i]);
			return 1;
		}
		if (S_ISDIR(st.st_mode)) {
			int n = run_dir(argv[i], &failures);
			if (n < 0) {
				fprintf(stderr, "replay: cannot open %s\n", argv[i]);
				return 1;
			}
			total += n;
		} else {
			failures += run_file(argv[i]);
			total++;
		}
	}
	/* Also run the empty input: every target must accept it. */
	LLVMFuzzerTestOneInput((const uint8_t *)"", 0);
	printf("replay: %d inputs, %d unreadable\n", total, failures);
	return failures ? 1 : 0;
}
