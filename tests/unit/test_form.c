/* SPDX-License-Identifier: EUPL-1.2 */
/* test_form.c: decoding of outside input in http/form.c: urlencoded query
 * strings and bodies, Cookie headers and Accept-Language. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "http/form.h"
#include "util/mem.h"

static int setup(void **state)
{
	*state = arena_new();
	return 0;
}

static int teardown(void **state)
{
	arena_free(*state);
	return 0;
}

/* Decodes a NUL-terminated string; returns the form_decode result. */
static int decode(void **state, const char *s, struct kvlist *l, const char **bad)
{
	return form_decode(*state, s, strlen(s), l, bad);
}

static void test_plain_pairs(void **state)
{
	struct kvlist l;
	assert_int_equal(decode(state, "a=1&b=two&c=", &l, NULL), FORM_OK);
	assert_int_equal(l.n, 3);
	assert_string_equal(kv_get(&l, "a"), "1");
	assert_string_equal(kv_get(&l, "b"), "two");
	assert_string_equal(kv_get(&l, "c"), "");
	assert_null(kv_get(&l, "d"));
}

static void test_plus_is_space_and_percent_escapes(void **state)
{
	struct kvlist l;
	assert_int_equal(decode(state, "q=hallo+wereld&n=Caf%C3%A9&p=%2B%26%3d%25&k%20y=1", &l, NULL),
			 FORM_OK);
	assert_string_equal(kv_get(&l, "q"), "hallo wereld");
	assert_string_equal(kv_get(&l, "n"), "Caf\xc3\xa9");
	assert_string_equal(kv_get(&l, "p"), "+&=%");
	assert_string_equal(kv_get(&l, "k y"), "1");
}

static void test_first_value_wins_and_order_kept(void **state)
{
	struct kvlist l;
	assert_int_equal(decode(state, "t=a&t=b", &l, NULL), FORM_OK);
	assert_int_equal(l.n, 2);
	assert_string_equal(kv_get(&l, "t"), "a");
	assert_string_equal(l.items[1].value, "b");
}

static void test_keys_without_equals_and_empty_parts(void **state)
{
	struct kvlist l;
	assert_int_equal(decode(state, "&&flag&x=1&&=v&", &l, NULL), FORM_OK);
	assert_string_equal(kv_get(&l, "flag"), "");
	assert_string_equal(kv_get(&l, "x"), "1");
	assert_string_equal(kv_get(&l, ""), "v");
	assert_int_equal(l.n, 3);
}

static void test_value_may_hold_equals(void **state)
{
	struct kvlist l;
	assert_int_equal(decode(state, "a=b=c", &l, NULL), FORM_OK);
	assert_string_equal(kv_get(&l, "a"), "b=c");
}

static void test_empty_input(void **state)
{
	struct kvlist l;
	assert_int_equal(form_decode(*state, "", 0, &l, NULL), FORM_OK);
	assert_int_equal(l.n, 0);
	assert_null(kv_get(&l, "a"));
}

static void test_bad_escapes(void **state)
{
	struct kvlist l;
	const char *bad = "unset";
	assert_int_equal(decode(state, "ok=1&name=%G1", &l, &bad), FORM_BAD_ESCAPE);
	assert_string_equal(bad, "name");
	assert_int_equal(decode(state, "a=%4", &l, &bad), FORM_BAD_ESCAPE);
	assert_int_equal(decode(state, "a=%", &l, &bad), FORM_BAD_ESCAPE);
	assert_int_equal(decode(state, "a=x%", &l, &bad), FORM_BAD_ESCAPE);
	/* A bad key: no key to name, bad stays NULL. */
	assert_int_equal(decode(state, "%zz=1", &l, &bad), FORM_BAD_ESCAPE);
	assert_null(bad);
}

static void test_escape_not_read_past_length(void **state)
{
	/* "%41" cut after "%4": the decoder must not look at the '1'. */
	struct kvlist l;
	assert_int_equal(form_decode(*state, "a=%41", 4, &l, NULL), FORM_BAD_ESCAPE);
	assert_int_equal(form_decode(*state, "a=%41", 5, &l, NULL), FORM_OK);
	assert_string_equal(kv_get(&l, "a"), "A");
	/* Length stops before the '&': only the first pair. */
	assert_int_equal(form_decode(*state, "a=1&b=2", 3, &l, NULL), FORM_OK);
	assert_int_equal(l.n, 1);
}

static void test_invalid_utf8(void **state)
{
	struct kvlist l;
	const char *bad = NULL;
	assert_int_equal(decode(state, "q=%FF", &l, &bad), FORM_BAD_UTF8);
	assert_string_equal(bad, "q");
	assert_int_equal(decode(state, "q=%C0%AF", &l, &bad), FORM_BAD_UTF8);     /* overlong '/' */
	assert_int_equal(decode(state, "q=%ED%A0%80", &l, &bad), FORM_BAD_UTF8);  /* surrogate */
	assert_int_equal(decode(state, "q=%C3", &l, &bad), FORM_BAD_UTF8);        /* truncated */
	assert_int_equal(decode(state, "q=\xff", &l, &bad), FORM_BAD_UTF8);       /* raw byte */
	assert_int_equal(decode(state, "%FF=1", &l, &bad), FORM_BAD_UTF8);        /* in the key */
	assert_int_equal(decode(state, "q=%F0%9F%98%80", &l, &bad), FORM_OK);     /* emoji is fine */
}

static void test_nul_rejected(void **state)
{
	struct kvlist l;
	const char *bad = NULL;
	assert_int_equal(decode(state, "a=x%00y", &l, &bad), FORM_NUL);
	assert_string_equal(bad, "a");
	assert_int_equal(decode(state, "a%00=1", &l, &bad), FORM_NUL);
	/* A raw NUL inside the given length as well. */
	assert_int_equal(form_decode(*state, "a=x\0y", 5, &l, &bad), FORM_NUL);
}

static void test_too_many_fields(void **state)
{
	struct buf b = BUF_INIT;
	for (int i = 0; i < FORM_MAX_FIELDS; i++)
		buf_printf(&b, "%sf%d=%d", i ? "&" : "", i, i);
	struct kvlist l;
	assert_int_equal(form_decode(*state, b.data, b.len, &l, NULL), FORM_OK);
	assert_int_equal(l.n, FORM_MAX_FIELDS);
	assert_string_equal(kv_get(&l, "f199"), "199");
	buf_puts(&b, "&one=more");
	assert_int_equal(form_decode(*state, b.data, b.len, &l, NULL), FORM_TOO_MANY);
	buf_free(&b);
}

static void test_kv_add_grows(void **state)
{
	struct kvlist l = {0};
	char k[16];
	for (int i = 0; i < 100; i++) {
		snprintf(k, sizeof k, "k%d", i);
		kv_add(*state, &l, k, k);
	}
	assert_int_equal(l.n, 100);
	for (int i = 0; i < 100; i++) {
		snprintf(k, sizeof k, "k%d", i);
		assert_string_equal(kv_get(&l, k), k);
	}
}

/* ---------------------------------------------------------------- cookies */

static void test_cookie_basic(void **state)
{
	struct kvlist l;
	cookie_parse(*state, "wb_csrf=abc; lang=nl", &l);
	assert_int_equal(l.n, 2);
	assert_string_equal(kv_get(&l, "wb_csrf"), "abc");
	assert_string_equal(kv_get(&l, "lang"), "nl");
}

static void test_cookie_spaces_quotes_and_junk(void **state)
{
	struct kvlist l;
	cookie_parse(*state, "  a = 1 ;; ;b=\"quoted value\"; novalue; =x; c=; d=x=y", &l);
	assert_string_equal(kv_get(&l, "a"), "1");
	assert_string_equal(kv_get(&l, "b"), "quoted value");
	assert_null(kv_get(&l, "novalue"));
	assert_null(kv_get(&l, ""));
	assert_string_equal(kv_get(&l, "c"), "");
	assert_string_equal(kv_get(&l, "d"), "x=y");
	assert_int_equal(l.n, 4);
}

static void test_cookie_lone_quote_kept(void **state)
{
	struct kvlist l;
	cookie_parse(*state, "a=\"; b=\"\"", &l);
	assert_string_equal(kv_get(&l, "a"), "\"");
	assert_string_equal(kv_get(&l, "b"), "");
}

static void test_cookie_invalid_utf8_skipped(void **state)
{
	struct kvlist l;
	cookie_parse(*state, "a=\xff\xfe; b=ok; \xc0\xaf=x; lang=nl", &l);
	assert_null(kv_get(&l, "a"));
	assert_string_equal(kv_get(&l, "b"), "ok");
	assert_string_equal(kv_get(&l, "lang"), "nl");
	assert_int_equal(l.n, 2);
}

static void test_cookie_null_and_empty(void **state)
{
	struct kvlist l;
	cookie_parse(*state, NULL, &l);
	assert_int_equal(l.n, 0);
	cookie_parse(*state, "", &l);
	assert_int_equal(l.n, 0);
	cookie_parse(*state, ";;; ; ", &l);
	assert_int_equal(l.n, 0);
}

static void test_cookie_count_capped(void **state)
{
	struct buf b = BUF_INIT;
	for (int i = 0; i < FORM_MAX_FIELDS + 50; i++)
		buf_printf(&b, "c%d=%d; ", i, i);
	struct kvlist l;
	cookie_parse(*state, b.data, &l);
	assert_int_equal(l.n, FORM_MAX_FIELDS);
	buf_free(&b);
}

/* -------------------------------------------------------- Accept-Language */

static void test_accept_language(void **state)
{
	assert_string_equal(accept_language_pick(NULL), "nl");
	assert_string_equal(accept_language_pick(""), "nl");
	assert_string_equal(accept_language_pick("en"), "en");
	assert_string_equal(accept_language_pick("en-GB,en;q=0.9"), "en");
	assert_string_equal(accept_language_pick("EN-us"), "en");
	assert_string_equal(accept_language_pick("nl-NL,nl;q=0.9,en;q=0.8"), "nl");
	assert_string_equal(accept_language_pick("de-DE,de;q=0.9"), "nl");
	assert_string_equal(accept_language_pick("*"), "nl");
	/* The first listed wins at equal q; a higher q later wins. */
	assert_string_equal(accept_language_pick("en, nl"), "en");
	assert_string_equal(accept_language_pick("nl;q=0.1, en;q=0.5"), "en");
	assert_string_equal(accept_language_pick("de, en;q=0.3, nl;q=0.2"), "en");
	/* q=0 means "not acceptable". */
	assert_string_equal(accept_language_pick("en;q=0"), "nl");
	assert_string_equal(accept_language_pick("nl;q=0, en"), "en");
	/* Tags that only start with nl/en are other languages. */
	assert_string_equal(accept_language_pick("enx, english"), "nl");
	/* Malformed headers never crash and fall back to Dutch. */
	assert_string_equal(accept_language_pick(";q=,,,;;"), "nl");
	assert_string_equal(accept_language_pick("en;q=nan"), "nl");
	assert_string_equal(accept_language_pick(" en ; q=0.7 , de "), "en");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_plain_pairs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plus_is_space_and_percent_escapes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_first_value_wins_and_order_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keys_without_equals_and_empty_parts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_value_may_hold_equals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_input, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_escapes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_escape_not_read_past_length, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invalid_utf8, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nul_rejected, setup, teardown),
		cmocka_unit_test_setup_teardown(test_too_many_fields, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kv_add_grows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cookie_basic, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cookie_spaces_quotes_and_junk, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cookie_lone_quote_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cookie_invalid_utf8_skipped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cookie_null_and_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cookie_count_capped, setup, teardown),
		cmocka_unit_test(test_accept_language),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
