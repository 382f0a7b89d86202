/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * form.h: decoders for outside input that reaches the server as text:
 * application/x-www-form-urlencoded (query strings and form bodies), Cookie
 * headers and Accept-Language. Pure functions over a buffer; every result is
 * allocated in the arena that is passed. Each has a libFuzzer target in fuzz/.
 */
#ifndef WB_HTTP_FORM_H
#define WB_HTTP_FORM_H

#include <stddef.h>

struct arena;

struct kv {
	const char *key;
	const char *value;
};

struct kvlist {
	struct kv *items;
	size_t n;
};

enum form_error {
	FORM_OK = 0,
	FORM_BAD_ESCAPE = -1,  /* '%' not followed by two hex digits */
	FORM_BAD_UTF8 = -2,    /* decoded bytes are not UTF-8 */
	FORM_TOO_MANY = -3,    /* more than FORM_MAX_FIELDS fields */
	FORM_NUL = -4,         /* a decoded NUL byte */
};
#define FORM_MAX_FIELDS 200

/*
 * Decodes "a=1&b=x+y" (len bytes, need not be NUL-terminated) into out.
 * '+' is a space; %XX is a byte. Keys without '=' get the value "". On error
 * returns a negative enum form_error and sets *bad_key (when known) to the
 * name of the field that failed, for the error message.
 */
int form_decode(struct arena *a, const char *s, size_t len, struct kvlist *out,
		const char **bad_key);

/* First value of key, or NULL. */
const char *kv_get(const struct kvlist *l, const char *key);
/* Appends a pair (both copied into the arena). */
void kv_add(struct arena *a, struct kvlist *l, const char *key, const char *value);

/* Parses a Cookie header ("a=1; b=2"). Malformed pairs (no '=', empty name,
 * not valid UTF-8) are skipped. */
void cookie_parse(struct arena *a, const char *header, struct kvlist *out);

/* Picks "nl" or "en" from an Accept-Language header; "nl" when neither is
 * preferred or the header is absent or malformed. */
const char *accept_language_pick(const char *header);

#endif
