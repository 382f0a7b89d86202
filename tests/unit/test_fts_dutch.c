/* SPDX-License-Identifier: EUPL-1.2 */
/* test_fts_dutch.c: the "dutch" FTS5 tokenizer stems Dutch words so that
 * inflected forms find each other, and the MATCH builder neutralises FTS5
 * syntax in user input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
/* cmocka.h needs the headers above first. */
#include <cmocka.h>

#include <sqlite3.h>

#include "db/fts_dutch.h"
#include "util/mem.h"

/* An in-memory database with the tokenizer and a small table of texts. */
static sqlite3 *open_db(void)
{
	sqlite3 *h = NULL;
	assert_int_equal(sqlite3_open(":memory:", &h), SQLITE_OK);
	assert_int_equal(fts_dutch_register(h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h,
				      "CREATE VIRTUAL TABLE t USING fts5(body, tokenize='dutch');"
				      "INSERT INTO t(rowid, body) VALUES"
				      " (1, 'Wij zoeken vrijwilligers voor de moestuin'),"
				      " (2, 'Ontmoetingsplek De Kluft, koffie en een praatje'),"
				      " (3, 'Eenzaamheid onder ouderen in de wijken'),"
				      " (4, 'Het café op de hoek');",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	return h;
}

/* Runs a MATCH built from the user's words; returns the matching rowids as a
 * bitmask (bit n = rowid n), or -1 on an SQL error. */
static int search(sqlite3 *h, const char *words)
{
	struct arena *a = arena_new();
	char *expr = fts_dutch_match_expr(a, words);
	int mask = 0;
	if (expr) {
		sqlite3_stmt *st = NULL;
		assert_int_equal(sqlite3_prepare_v2(h, "SELECT rowid FROM t WHERE t MATCH ?", -1,
						    &st, NULL),
				 SQLITE_OK);
		sqlite3_bind_text(st, 1, expr, -1, SQLITE_TRANSIENT);
		int rc;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			mask |= 1 << sqlite3_column_int(st, 0);
		if (rc != SQLITE_DONE)
			mask = -1;
		sqlite3_finalize(st);
	}
	arena_free(a);
	return mask;
}

static void test_plural_and_singular_meet(void **state)
{
	sqlite3 *h = open_db();
	assert_int_equal(search(h, "vrijwilliger"), 1 << 1);
	assert_int_equal(search(h, "Vrijwilligers"), 1 << 1);
	assert_int_equal(search(h, "wijk"), 1 << 3);
	assert_int_equal(search(h, "ouder"), 1 << 3);
	assert_int_equal(search(h, "eenzaam"), 1 << 3);
	sqlite3_close(h);
}

static void test_prefix_finds_compound(void **state)
{
	sqlite3 *h = open_db();
	assert_int_equal(search(h, "ontmoeting"), 1 << 2);
	assert_int_equal(search(h, "ontmoetingsplek"), 1 << 2);
	sqlite3_close(h);
}

static void test_diacritics_removed(void **state)
{
	sqlite3 *h = open_db();
	assert_int_equal(search(h, "cafe"), 1 << 4);
	assert_int_equal(search(h, "café"), 1 << 4);
	sqlite3_close(h);
}

static void test_all_terms_must_match(void **state)
{
	sqlite3 *h = open_db();
	assert_int_equal(search(h, "koffie praatje"), 1 << 2);
	assert_int_equal(search(h, "koffie moestuin"), 0);
	sqlite3_close(h);
}

static void test_fts_syntax_in_input_is_harmless(void **state)
{
	sqlite3 *h = open_db();
	assert_int_equal(search(h, "\"vrijwilliger"), 1 << 1);
	assert_int_equal(search(h, "vrijwilliger OR NOT -koffie*"), 0);
	/* A column filter becomes two plain terms; "body" is in no text. */
	assert_int_equal(search(h, "body:koffie"), 0);
	assert_int_equal(search(h, "NEAR(koffie praatje) ^ ( ) { } :"),
			 search(h, "NEAR koffie praatje"));
	assert_int_not_equal(search(h, "“koffie” — ‘praatje’"), -1);
	sqlite3_close(h);
}

static void test_match_expr(void **state)
{
	struct arena *a = arena_new();
	assert_null(fts_dutch_match_expr(a, ""));
	assert_null(fts_dutch_match_expr(a, NULL));
	assert_null(fts_dutch_match_expr(a, " \"*()-:^ "));
	assert_string_equal(fts_dutch_match_expr(a, "a\"b c*"), "\"a\"* \"b\"* \"c\"*");
	assert_string_equal(fts_dutch_match_expr(a, "Café 12"), "\"Café\"* \"12\"*");
	/* At most 16 terms. */
	const char *many = "a b c d e f g h i j k l m n o p q r s";
	char *e = fts_dutch_match_expr(a, many);
	int n = 0;
	for (const char *p = e; *p; p++)
		n += *p == '*';
	assert_int_equal(n, 16);
	/* A long term is cut at a UTF-8 boundary. */
	char longw[200] = "";
	for (int i = 0; i < 40; i++)
		strcat(longw, "é");
	e = fts_dutch_match_expr(a, longw);
	assert_int_equal(strlen(e), 64 + 3);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plural_and_singular_meet),
		cmocka_unit_test(test_prefix_finds_compound),
		cmocka_unit_test(test_diacritics_removed),
		cmocka_unit_test(test_all_terms_must_match),
		cmocka_unit_test(test_fts_syntax_in_input_is_harmless),
		cmocka_unit_test(test_match_expr),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
