/* SPDX-License-Identifier: EUPL-1.2 */
/* form.c: see form.h. Written to be fuzzed: every index is bounds-checked
 * against the length passed, never against a NUL. */
#include "http/form.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/mem.h"
#include "util/text.h"

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes s[0..n) into a new arena string; returns NULL and sets *err on error. */
static char *url_unescape(struct arena *a, const char *s, size_t n, int *err)
{
	char *d = arena_alloc(a, n + 1);
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '+') {
			d[j++] = ' ';
		} else if (c == '%') {
			if (n - i < 3 || hexval(s[i + 1]) < 0 || hexval(s[i + 2]) < 0) {
				*err = FORM_BAD_ESCAPE;
				return NULL;
			}
			d[j++] = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
			i += 2;
		} else {
			d[j++] = c;
		}
	}
	d[j] = '\0';
	if (memchr(d, '\0', j)) {
		*err = FORM_NUL;
		return NULL;
	}
	if (!utf8_valid(d, j)) {
		*err = FORM_BAD_UTF8;
		return NULL;
	}
	return d;
}

void kv_add(struct arena *a, struct kvlist *l, const char *key, const char *value)
{
	/* Grow by doubling inside the arena; the old array is simply abandoned. */
	if ((l->n & (l->n - 1)) == 0) {
		size_t cap = l->n ? l->n * 2 : 4;
		struct kv *items = arena_alloc(a, cap * sizeof *items);
		if (l->n)
			memcpy(items, l->items, l->n * sizeof *items);
		l->items = items;
	}
	l->items[l->n].key = arena_strdup(a, key);
	l->items[l->n].value = arena_strdup(a, value);
	l->n++;
}

int form_decode(struct arena *a, const char *s, size_t len, struct kvlist *out,
		const char **bad_key)
{
	size_t i = 0;
	out->items = NULL;
	out->n = 0;
	if (bad_key)
		*bad_key = NULL;
	while (i < len) {
		size_t end = i;
		while (end < len && s[end] != '&')
			end++;
		if (end > i) {
			size_t eq = i;
			while (eq < end && s[eq] != '=')
				eq++;
			int err = FORM_OK;
			char *key = url_unescape(a, s + i, eq - i, &err);
			if (!key)
				return err;
			char *val = eq < end ? url_unescape(a, s + eq + 1, end - eq - 1, &err)
					     : arena_strdup(a, "");
			if (!val) {
				if (bad_key)
					*bad_key = key;
				return err;
			}
			if (out->n >= FORM_MAX_FIELDS)
				return FORM_TOO_MANY;
			kv_add(a, out, key, val);
		}
		i = end + 1;
	}
	return FORM_OK;
}

const char *kv_get(const struct kvlist *l, const char *key)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->items[i].key, key) == 0)
			return l->items[i].value;
	return NULL;
}

void cookie_parse(struct arena *a, const char *h, struct kvlist *out)
{
	out->items = NULL;
	out->n = 0;
	if (!h)
		return;
	while (*h && out->n < FORM_MAX_FIELDS) {
		while (*h == ' ' || *h == ';')
			h++;
		const char *start = h;
		while (*h && *h != ';')
			h++;
		const char *eq = memchr(start, '=', (size_t)(h - start));
		if (!eq || eq == start)
			continue;
		size_t klen = (size_t)(eq - start);
		while (klen && start[klen - 1] == ' ')
			klen--;
		const char *v = eq + 1;
		while (v < h && *v == ' ')
			v++;
		size_t vlen = (size_t)(h - v);
		while (vlen && v[vlen - 1] == ' ')
			vlen--;
		if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"') {
			v++;
			vlen -= 2;
		}
		/* http.h promises handlers valid UTF-8 in every request string. */
		if (!utf8_valid(start, klen) || !utf8_valid(v, vlen))
			continue;
		char *key = arena_strndup(a, start, klen);
		char *val = arena_strndup(a, v, vlen);
		kv_add(a, out, key, val);
	}
}

const char *accept_language_pick(const char *h)
{
	if (!h)
		return "nl";
	/* Walk the list in order, honouring q=0 only; the first of nl/en wins
	 * unless it carries a lower q than the other. */
	double best_q = -1;
	const char *best = "nl";
	while (*h) {
		while (*h == ' ' || *h == ',')
			h++;
		const char *tag = h;
		while (*h && *h != ',' && *h != ';' && *h != ' ')
			h++;
		size_t tlen = (size_t)(h - tag);
		double q = 1.0;
		while (*h && *h != ',') {
			if (h[0] == ';' && strncmp(h, ";q=", 3) == 0)
				q = strtod(h + 3, NULL);
			h++;
		}
		const char *lang = NULL;
		if (tlen >= 2 && strncasecmp(tag, "nl", 2) == 0 && (tlen == 2 || tag[2] == '-'))
			lang = "nl";
		else if (tlen >= 2 && strncasecmp(tag, "en", 2) == 0 && (tlen == 2 || tag[2] == '-'))
			lang = "en";
		if (lang && q > 0 && q > best_q) {
			best_q = q;
			best = lang;
		}
	}
	return best;
}
