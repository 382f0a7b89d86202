/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * fuzz_form.c: libFuzzer target for form_decode() (query strings and
 * urlencoded bodies). Besides "no crash, no out-of-bounds read", it checks the
 * promises of form.h: on success every key and value is NUL-free valid UTF-8
 * and there are at most FORM_MAX_FIELDS fields; on failure the code is one of
 * the documented errors; and each decoded field equals what a naive
 * reference decoder below makes of the same bytes (a differential check).
 * The input is passed without a terminating NUL, so a read past the length
 * is caught by ASan.
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

static int hex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Reference: decodes s[0..n) ('+' is a space, %XX a byte) into out, which
 * has room for n + 1 bytes. Only called on input the real decoder accepted. */
static void ref_unescape(const uint8_t *s, size_t n, char *out)
{
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+') {
			out[j++] = ' ';
		} else if (s[i] == '%') {
			check(i + 2 < n && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0);
			out[j++] = (char)(hex(s[i + 1]) * 16 + hex(s[i + 2]));
			i += 2;
		} else {
			out[j++] = (char)s[i];
		}
	}
	out[j] = '\0';
}

/* Compares the decoded list with the reference decoding of every non-empty
 * '&'-separated part, in order. */
static void check_against_reference(const uint8_t *data, size_t size, const struct kvlist *l)
{
	char *k = malloc(size + 1), *v = malloc(size + 1);
	check(k && v);
	size_t field = 0;
	for (size_t i = 0; i < size;) {
		size_t end = i;
		while (end < size && data[end] != '&')
			end++;
		if (end > i) {
			size_t eq = i;
			while (eq < end && data[eq] != '=')
				eq++;
			ref_unescape(data + i, eq - i, k);
			if (eq < end)
				ref_unescape(data + eq + 1, end - eq - 1, v);
			else
				v[0] = '\0';
			check(field < l->n);
			check(strcmp(l->items[field].key, k) == 0);
			check(strcmp(l->items[field].value, v) == 0);
			field++;
		}
		i = end + 1;
	}
	check(field == l->n);
	free(k);
	free(v);
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
		check_against_reference(data, size, &l);
	} else {
		check(rc == FORM_BAD_ESCAPE || rc == FORM_BAD_UTF8 || rc == FORM_TOO_MANY ||
		      rc == FORM_NUL);
		if (bad)
			check(utf8_valid(bad, strlen(bad)));
	}
	arena_free(a);
	return 0;
}
