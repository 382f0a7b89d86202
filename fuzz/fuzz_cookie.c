/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * fuzz_cookie.c: libFuzzer target for cookie_parse(). Checks that it never
 * crashes and that its result is sane: at most FORM_MAX_FIELDS pairs, every
 * key non-empty, no key or value holding ';', all valid UTF-8.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/form.h"
#include "util/mem.h"
#include "util/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
	if (!ok)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A header value is a C string: cut at the first NUL like MHD does. */
	char *header = malloc(size + 1);
	if (!header)
		return 0;
	memcpy(header, data, size);
	header[size] = '\0';
	struct arena *a = arena_new();
	struct kvlist l;
	cookie_parse(a, header, &l);
	check(l.n <= FORM_MAX_FIELDS);
	for (size_t i = 0; i < l.n; i++) {
		const char *k = l.items[i].key, *v = l.items[i].value;
		check(k && v && k[0] != '\0');
		check(strchr(k, ';') == NULL && strchr(v, ';') == NULL);
		check(strlen(k) + strlen(v) < size);
		check(utf8_valid(k, strlen(k)) && utf8_valid(v, strlen(v)));
	}
	cookie_parse(a, NULL, &l);
	check(l.n == 0);
	arena_free(a);
	free(header);
	return 0;
}
