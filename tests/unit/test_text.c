/* SPDX-License-Identifier: EUPL-1.2 */
/* test_text.c: util/text.c (UTF-8 validation, integer parsing, trimming)
 * and the util/mem.c buffer and arena it rests on. */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "util/log.h"
#include "util/mem.h"
#include "util/text.h"

#define VALID(lit) utf8_valid(lit, sizeof(lit) - 1)

static void test_utf8_valid_accepts(void **state)
{
	assert_true(utf8_valid("", 0));
	assert_true(VALID("plain ascii"));
	assert_true(VALID("Caf\xc3\xa9"));              /* U+00E9 */
	assert_true(VALID("\xc2\x80"));                  /* U+0080, smallest 2-byte */
	assert_true(VALID("\xdf\xbf"));                  /* U+07FF */
	assert_true(VALID("\xe0\xa0\x80"));              /* U+0800, smallest 3-byte */
	assert_true(VALID("\xe2\x82\xac"));              /* euro sign */
	assert_true(VALID("\xed\x9f\xbf"));              /* U+D7FF, just below surrogates */
	assert_true(VALID("\xee\x80\x80"));              /* U+E000, just above */
	assert_true(VALID("\xef\xbf\xbf"));              /* U+FFFF */
	assert_true(VALID("\xf0\x90\x80\x80"));          /* U+10000, smallest 4-byte */
	assert_true(VALID("\xf4\x8f\xbf\xbf"));          /* U+10FFFF, the last */
	/* The length is honoured, not a NUL: an embedded NUL is ASCII. */
	assert_true(utf8_valid("a\0b", 3));
	/* Only the first n bytes count. */
	assert_true(utf8_valid("ab\xff", 2));
}

static void test_utf8_valid_rejects_overlongs(void **state)
{
	assert_false(VALID("\xc0\xaf"));                 /* '/' in 2 bytes */
	assert_false(VALID("\xc1\xbf"));
	assert_false(VALID("\xc0\x80"));                 /* "modified UTF-8" NUL */
	assert_false(VALID("\xe0\x80\xaf"));             /* '/' in 3 bytes */
	assert_false(VALID("\xe0\x9f\xbf"));             /* U+07FF in 3 bytes */
	assert_false(VALID("\xf0\x80\x80\xaf"));         /* '/' in 4 bytes */
	assert_false(VALID("\xf0\x8f\xbf\xbf"));         /* U+FFFF in 4 bytes */
}

static void test_utf8_valid_rejects_surrogates_and_range(void **state)
{
	assert_false(VALID("\xed\xa0\x80"));             /* U+D800 */
	assert_false(VALID("\xed\xbf\xbf"));             /* U+DFFF */
	assert_false(VALID("\xed\xa0\xbd\xed\xb8\x80")); /* CESU-8 pair */
	assert_false(VALID("\xf4\x90\x80\x80"));         /* U+110000 */
	assert_false(VALID("\xf5\x80\x80\x80"));
	assert_false(VALID("\xf8\x88\x80\x80\x80"));     /* 5-byte form */
	assert_false(VALID("\xfe"));
	assert_false(VALID("\xff"));
}

static void test_utf8_valid_rejects_truncated_and_stray(void **state)
{
	assert_false(VALID("\xc3"));
	assert_false(VALID("ab\xe2\x82"));
	assert_false(VALID("\xf0\x9f\x98"));
	assert_false(utf8_valid("\xc3\xa9", 1));         /* cut by the length */
	assert_false(VALID("\x80"));                      /* lone continuation */
	assert_false(VALID("a\xbf" "b"));
	assert_false(VALID("\xc3\x28"));                  /* bad continuation */
	assert_false(VALID("\xe2\x28\xa1"));
	assert_false(VALID("\xf0\x9f\x98\x28"));
}

static void test_utf8_length(void **state)
{
	assert_int_equal(utf8_length(""), 0);
	assert_int_equal(utf8_length("abc"), 3);
	assert_int_equal(utf8_length("Caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"), 8);
}

static void test_parse_long(void **state)
{
	long v = 42;
	assert_true(parse_long("0", 0, 10, &v));
	assert_int_equal(v, 0);
	assert_true(parse_long("-5", -10, 10, &v));
	assert_int_equal(v, -5);
	assert_true(parse_long("10", 0, 10, &v));
	assert_true(parse_long("007", 0, 10, &v));
	assert_int_equal(v, 7);
	assert_true(parse_long("9223372036854775807", 0, LONG_MAX, &v));
	assert_true(v == LONG_MAX);
	v = 42;
	assert_false(parse_long(NULL, 0, 10, &v));
	assert_false(parse_long("", 0, 10, &v));
	assert_false(parse_long("-", -10, 10, &v));
	assert_false(parse_long("11", 0, 10, &v));         /* above max */
	assert_false(parse_long("-1", 0, 10, &v));         /* below min */
	assert_false(parse_long("+1", 0, 10, &v));
	assert_false(parse_long(" 1", 0, 10, &v));
	assert_false(parse_long("1 ", 0, 10, &v));
	assert_false(parse_long("1a", 0, 10, &v));
	assert_false(parse_long("0x10", 0, 100, &v));
	assert_false(parse_long("1.0", 0, 10, &v));
	assert_false(parse_long("1-2", -10, 10, &v));
	assert_false(parse_long("--1", -10, 10, &v));
	assert_false(parse_long("9223372036854775808", 0, LONG_MAX, &v)); /* overflow */
	assert_false(parse_long("-9223372036854775809", LONG_MIN, 0, &v));
	assert_int_equal(v, 42); /* untouched on failure */
}

static void test_trim_and_empty(void **state)
{
	struct arena *a = arena_new();
	assert_string_equal(str_trim(a, "  \t a b \r\n"), "a b");
	assert_string_equal(str_trim(a, ""), "");
	assert_string_equal(str_trim(a, " \n "), "");
	assert_string_equal(str_trim(a, "x"), "x");
	assert_true(str_empty(NULL));
	assert_true(str_empty(""));
	assert_true(str_empty(" \t\r\n"));
	assert_false(str_empty(" x "));
	assert_true(str_starts_with("/api/v1", "/api/"));
	assert_false(str_starts_with("/ap", "/api/"));
	assert_true(str_starts_with("x", ""));
	arena_free(a);
}

static void test_buf(void **state)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, "ab");
	buf_putc(&b, 'c');
	buf_printf(&b, "%d-%s", 12, "x");
	assert_string_equal(b.data, "abc12-x");
	assert_int_equal(b.len, 7);
	for (int i = 0; i < 1000; i++)
		buf_append(&b, "0123456789", 10);
	assert_int_equal(b.len, 10007);
	assert_int_equal(b.data[b.len], '\0');
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	buf_append(&b, "", 0);
	char *d = buf_detach(&b);
	assert_string_equal(d, "");
	assert_null(b.data);
	free(d);
	d = buf_detach(&b); /* empty buffer still gives a string */
	assert_string_equal(d, "");
	free(d);
	buf_free(&b);
}

static void test_arena(void **state)
{
	struct arena *a = arena_new();
	/* Many small and a few large allocations; all usable, all aligned. */
	for (int i = 0; i < 2000; i++) {
		char *p = arena_alloc(a, (size_t)(i % 37) + 1);
		memset(p, 'x', (size_t)(i % 37) + 1);
		assert_int_equal((unsigned long)p % 8, 0);
	}
	char *big = arena_alloc(a, 100000);
	memset(big, 1, 100000);
	int *z = arena_calloc(a, 1000, sizeof *z);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(z[i], 0);
	assert_string_equal(arena_strdup(a, "hoi"), "hoi");
	assert_string_equal(arena_strndup(a, "hoi daar", 3), "hoi");
	assert_string_equal(arena_printf(a, "%s-%d", "wk", 7), "wk-7");
	arena_own(a, xstrdup("freed by the arena"));
	arena_free(a);
	arena_free(NULL);
}

/* Outside text in a log line cannot end the msg field or forge a line. */
static void test_arena_grow(void **state)
{
	struct arena *a = arena_new();
	size_t cap = 0, n = 0;
	int *v = NULL;
	for (int i = 0; i < 100; i++) {
		int *before = v;
		v = arena_grow(a, v, n, &cap, sizeof *v);
		assert_true(cap > n);
		if (before && n < 16)
			assert_ptr_equal(v, before); /* room left: the same block */
		v[n++] = i;
	}
	assert_int_equal(cap, 128);
	for (int i = 0; i < 100; i++)
		assert_int_equal(v[i], i); /* every copy kept the elements */
	arena_free(a);
}

static void test_log_line_is_one_line(void **state)
{
	char path[] = "/tmp/wb-test-log-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	fflush(stderr);
	int saved = dup(2);
	dup2(fd, 2);
	log_msg(LOG_ERROR, "test", "GET %s", "/a\"b\\\r\ntime=x level=fatal\x1b[2J\x7f end");
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	char line[2048] = {0};
	assert_true(pread(fd, line, sizeof line - 1, 0) > 0);
	close(fd);
	unlink(path);
	char *nl = strchr(line, '\n');
	assert_non_null(nl);
	assert_int_equal(nl[1], '\0'); /* exactly one line */
	*nl = '\0';
	for (const char *p = line; *p; p++)
		assert_true((unsigned char)*p >= 0x20 && *p != 0x7f);
	assert_non_null(strstr(line, "level=error mod=test msg=\"GET /a'b''"));
	assert_int_equal(line[strlen(line) - 1], '"');
	/* Only the two quotes around the field remain. */
	int quotes = 0;
	for (const char *p = line; *p; p++)
		quotes += *p == '"';
	assert_int_equal(quotes, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_valid_accepts),
		cmocka_unit_test(test_utf8_valid_rejects_overlongs),
		cmocka_unit_test(test_utf8_valid_rejects_surrogates_and_range),
		cmocka_unit_test(test_utf8_valid_rejects_truncated_and_stray),
		cmocka_unit_test(test_utf8_length),
		cmocka_unit_test(test_parse_long),
		cmocka_unit_test(test_trim_and_empty),
		cmocka_unit_test(test_buf),
		cmocka_unit_test(test_arena),
		cmocka_unit_test(test_arena_grow),
		cmocka_unit_test(test_log_line_is_one_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
