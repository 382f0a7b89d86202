/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * fuzz_form.c: libFuzzer target for form_decode() (query strings and
 * urlencoded bodies). Besides "no crash, no out-of-bounds read", it checks the
 * promises of form.h: on success every key and value is NUL-free valid UTF-8
 * and there are at most FORM_MAX_FIELDS fields; on failure the code is one of
 * the documented errors. The input is passed without a terminating NUL, so a
 * read past the length is caught by ASan.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/form.h"
#include "util/mem.h"
#include "util/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* abort() rather than assert(): the check must also run in release builds. */
static void check(int ok)
{
	if (!ok)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct kvlist l;
	const char *bad = NULL;
	int rc = form_decode(a, (const char *)data, size, &l, &bad);
	if (rc == FORM_OK) {
		check(l.n <= FORM_MAX_FIELDS);
		for (size_t i = 0; i < l.n; i++) {
			const char *k = l.items[i].key, *v = l.items[i].value;
			check(k != NULL && v != NULL);
			check(utf8_valid(k, strlen(k)) && utf8_valid(v, strlen(v)));
			check(strlen(k) <= size && strlen(v) <= size);
			/* kv_get finds the first field with this key. */
			check(kv_get(&l, k) != NULL);
		}
	} else {
		check(rc == FORM_BAD_ESCAPE || rc == FORM_BAD_UTF8 || rc == FORM_TOO_MANY ||
		      rc == FORM_NUL);
		if (bad)
			check(utf8_valid(bad, strlen(bad)));
	}
	arena_free(a);
	return 0;
}
