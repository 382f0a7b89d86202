/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * fuzz_cbs_csv.c: libFuzzer target for the CBS CSV reader (src/gebieden/csv.c).
 * Reads every record and parses every field as a count. Checks that it never
 * crashes and that its results are sane: records have as many fields as the
 * header, fields are NUL-free valid UTF-8, counts are >= 0, and an error
 * message always starts with "FILE:LINE:COLUMN: ".
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gebieden/csv.h"
#include "util/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
	if (!ok)
		abort();
}

/* "fuzz.csv:<digits>:<digits>: " */
static int error_format_ok(const char *err)
{
	const char *p = err;
	if (strncmp(p, "fuzz.csv:", 9) != 0)
		return 0;
	p += 9;
	for (int part = 0; part < 2; part++) {
		if (*p < '1' || *p > '9')
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
		if (*p++ != ':')
			return 0;
	}
	return *p == ' ';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A private copy, so reads past the end are caught by ASan. */
	char *copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	struct csv_reader r;
	csv_init(&r, "fuzz.csv", copy, size);
	check(r.delim == ';' || r.delim == ',');
	int rc, records = 0;
	while ((rc = csv_next(&r)) == 1) {
		check(r.nfields >= 1 && r.nfields == r.nheader);
		for (int i = 0; i < r.nfields; i++) {
			size_t n = strlen(r.fields[i]);
			check(utf8_valid(r.fields[i], n));
			check(r.cols[i] >= 1);
			long long v = -1;
			int c = csv_count(&r, i, &v);
			check(c == -1 || c == 0 || (c == 1 && v >= 0));
			if (c == -1)
				check(error_format_ok(r.err));
		}
		if (++records > 100000)
			break;
	}
	if (rc == -1)
		check(error_format_ok(r.err));
	csv_free(&r);
	free(copy);
	return 0;
}
