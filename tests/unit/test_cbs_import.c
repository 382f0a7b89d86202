/* SPDX-License-Identifier: EUPL-1.2 */
/* test_cbs_import.c: the CBS CSV reader and the area importer, on the real
 * national KWB 2024 file (WB_SHARED_DATA) and on small broken snippets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "db/db.h"
#include "gebieden/csv.h"
#include "gebieden/gebieden_import.h"

static char tmpdir[64];
static char dbpath[128];
static char kwb[512];

static struct db *fresh_db(void)
{
	static int n;
	snprintf(dbpath, sizeof dbpath, "%s/t%d.db", tmpdir, n++);
	struct db *db = NULL;
	assert_int_equal(db_open(dbpath, &db), DB_OK);
	assert_int_equal(db_migrate(db), DB_OK);
	return db;
}

static long long scalar(struct db *db, const char *sql, const char *arg)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (arg)
		db_bind_text(st, 1, arg);
	long long v = db_step(st) == DB_ROW ? (db_col_null(st, 0) ? -1 : db_col_int(st, 0)) : -2;
	db_done(st);
	return v;
}

static const char *text_of(struct db *db, const char *sql, const char *arg, char *out, size_t n)
{
	struct db_stmt *st = db_prepare(db, sql);
	db_bind_text(st, 1, arg);
	snprintf(out, n, "%s",
		 db_step(st) == DB_ROW ? (db_col_null(st, 0) ? "(null)" : db_col_text(st, 0))
				       : "(none)");
	db_done(st);
	return out;
}

/* ---- reader ---- */

static void test_reader_bom_semicolon_quotes_crlf(void **state)
{
	const char in[] =
		"\xEF\xBB\xBF\"a\";\"b\"\"q\";c\r\n\"x;y\"; 5 ;.\r\n\r\n\"multi\nline\";-99999999;7\r\n";
	struct csv_reader r;
	csv_init(&r, "t.csv", in, sizeof in - 1);
	assert_int_equal(r.delim, ';');
	assert_int_equal(csv_next(&r), 1);
	assert_int_equal(r.nfields, 3);
	assert_string_equal(r.fields[0], "a");
	assert_string_equal(r.fields[1], "b\"q");
	assert_int_equal(csv_next(&r), 1);
	assert_string_equal(r.fields[0], "x;y");
	long long v = 0;
	assert_int_equal(csv_count(&r, 1, &v), 1);
	assert_int_equal(v, 5);
	assert_int_equal(csv_count(&r, 2, &v), 0); /* "." is missing */
	assert_int_equal(csv_next(&r), 1);
	assert_int_equal(r.rec_line, 4);
	assert_string_equal(r.fields[0], "multi\nline");
	assert_int_equal(csv_count(&r, 1, &v), 0);
	assert_int_equal(csv_next(&r), 0);
	csv_free(&r);
}

static void test_reader_comma_lf(void **state)
{
	const char in[] = "gwb_code_10,regio,a_inw\nGM0344,Utrecht,374238";
	struct csv_reader r;
	csv_init(&r, "u.csv", in, sizeof in - 1);
	assert_int_equal(r.delim, ',');
	assert_int_equal(csv_next(&r), 1);
	assert_int_equal(csv_next(&r), 1);
	assert_string_equal(r.fields[2], "374238");
	assert_int_equal(csv_next(&r), 0);
	csv_free(&r);
	assert_true(csv_is_missing(" . "));
	assert_true(csv_is_missing("-99999999"));
	assert_true(csv_is_missing(""));
	assert_false(csv_is_missing("0"));
}

static void expect_reader_error(const char *in, const char *msg)
{
	struct csv_reader r;
	csv_init(&r, "t.csv", in, strlen(in));
	int rc;
	while ((rc = csv_next(&r)) == 1)
		;
	assert_int_equal(rc, -1);
	if (strncmp(r.err, msg, strlen(msg)) != 0)
		fail_msg("got '%s', expected '%s...'", r.err, msg);
	csv_free(&r);
}

static void test_reader_errors(void **state)
{
	expect_reader_error("a;b\n1;\"2\n3;4\n", "t.csv:2:3: unterminated quote");
	expect_reader_error("a;b\n1;\"2\"x\n",
			    "t.csv:2:6: unexpected character after closing quote");
	expect_reader_error("a;b;c\n1;2\n", "t.csv:2:4: too few fields: expected 3, found 2");
	expect_reader_error("a;b\n1;2;3;4\n", "t.csv:2:5: too many fields: expected 2, found 4");
	expect_reader_error("a;b\n\xC3\xA9\xFF;2\n", "t.csv:2:");
	/* Columns count characters, not bytes: é is one column. */
	expect_reader_error("a;b\n\xC3\xA9;\"x", "t.csv:2:3: unterminated quote");
}

/* ---- importer on the real file ---- */

static void test_import_almelo(void **state)
{
	struct db *db = fresh_db();
	struct cbs_summary sum;
	char err[600] = "";
	int rc = cbs_import_file(db, kwb, "GM0141", 2024, &sum, err, sizeof err);
	if (rc != 0)
		fail_msg("import failed: %s", err);
	assert_int_equal(sum.gemeenten, 1);
	assert_int_equal(sum.wijken, 12);
	assert_int_equal(sum.buurten, 71);
	assert_int_equal(scalar(db, "SELECT count(*) FROM areas", NULL), 84);
	assert_int_equal(scalar(db, "SELECT population FROM areas WHERE code = ?", "GM0141"), 74317);
	assert_int_equal(
		scalar(db,
		       "SELECT value FROM area_figures WHERE area_code = ? AND indicator = 'a_65_oo' AND year = 2024",
		       "GM0141"),
		15368);
	char buf[64];
	assert_string_equal(text_of(db, "SELECT name FROM areas WHERE code = ?", "GM0141", buf,
				    sizeof buf),
			    "Almelo");
	assert_string_equal(text_of(db, "SELECT parent FROM areas WHERE code = ?", "GM0141", buf,
				    sizeof buf),
			    "(null)");
	assert_string_equal(text_of(db, "SELECT parent FROM areas WHERE code = ?", "WK014110", buf,
				    sizeof buf),
			    "GM0141");
	assert_string_equal(text_of(db, "SELECT parent FROM areas WHERE code = ?", "BU01411000",
				    buf, sizeof buf),
			    "WK014110");
	assert_string_equal(text_of(db, "SELECT level FROM areas WHERE code = ?", "BU01411000", buf,
				    sizeof buf),
			    "buurt");
	/* Every buurt hangs under the wijk its code starts with. */
	assert_int_equal(
		scalar(db,
		       "SELECT count(*) FROM areas WHERE level = 'buurt' AND parent = 'WK' || substr(code, 3, 6)",
		       NULL),
		71);
	assert_int_equal(scalar(db, "SELECT count(*) FROM areas WHERE level = 'wijk' AND parent = ?",
				"GM0141"),
			 12);
	long long figs = scalar(db, "SELECT count(*) FROM area_figures", NULL);
	assert_int_equal(figs, 84 * 8);

	/* Re-import: same rows, updated in place. */
	rc = cbs_import_file(db, kwb, "GM0141", 2024, &sum, err, sizeof err);
	assert_int_equal(rc, 0);
	assert_int_equal(scalar(db, "SELECT count(*) FROM areas", NULL), 84);
	assert_int_equal(scalar(db, "SELECT count(*) FROM area_figures", NULL), figs);

	/* A gemeente that is not in the file: an error, nothing changes. */
	rc = cbs_import_file(db, kwb, "GM9999", 2024, &sum, err, sizeof err);
	assert_int_equal(rc, -1);
	assert_non_null(strstr(err, "GM9999"));
	assert_int_equal(scalar(db, "SELECT count(*) FROM areas", NULL), 84);
	db_close(db);
}

/* ---- importer on broken snippets ---- */

static void expect_import_error(const char *csv, const char *msg)
{
	struct db *db = fresh_db();
	struct cbs_summary sum;
	char err[600] = "";
	int rc = cbs_import_data(db, "snip.csv", csv, strlen(csv), "GM0141", 2024, &sum, err,
				 sizeof err);
	assert_int_equal(rc, -1);
	if (strncmp(err, msg, strlen(msg)) != 0)
		fail_msg("got '%s', expected '%s...'", err, msg);
	assert_int_equal(scalar(db, "SELECT count(*) FROM areas", NULL), 0);
	assert_int_equal(scalar(db, "SELECT count(*) FROM area_figures", NULL), 0);
	db_close(db);
}

#define HDR "regio;gwb_code_10;a_inw;a_man\r\n"
#define GM "Almelo;GM0141;74317;37364\r\n"

static void test_import_errors_write_nothing(void **state)
{
	expect_import_error(HDR GM "\"Binnenstad;WK014110;5620;2785\r\n",
			    "snip.csv:3:1: unterminated quote");
	expect_import_error(HDR GM "Binnenstad;WK014110;5620\r\n",
			    "snip.csv:3:25: too few fields: expected 4, found 3");
	expect_import_error(HDR GM "Binnenstad;WK014110;5620;2785;1\r\n",
			    "snip.csv:3:31: too many fields: expected 4, found 5");
	expect_import_error(HDR GM "Binnenstad;WK014110;56x0;2785\r\n",
			    "snip.csv:3:21: not a count: '56x0'");
	expect_import_error(HDR GM "Binnenstad;WK014110;-5;2785\r\n", "snip.csv:3:21: not a count");
	expect_import_error(HDR GM "Binnenstad;wk01;5;2785\r\n",
			    "snip.csv:3:12: not a CBS area code");
	expect_import_error("naam;iets\r\nAlmelo;1\r\n",
			    "snip.csv:1:1: no column for the area code");
	expect_import_error("", "snip.csv:1:1: the file is empty");
	expect_import_error(HDR "Enschede;GM0153;1;1\r\n",
			    "snip.csv: gemeente GM0141 is not in this file");
}

static void test_import_missing_values(void **state)
{
	struct db *db = fresh_db();
	const char *csv = HDR GM "Binnenstad;WK014110;.;-99999999\r\n"
				 "Noord;BU01411000;5;3\r\nWeg;BU01419999;5;3\r\n";
	struct cbs_summary sum;
	char err[600] = "";
	int rc = cbs_import_data(db, "ok.csv", csv, strlen(csv), "GM0141", 2024, &sum, err,
				 sizeof err);
	if (rc != 0)
		fail_msg("%s", err);
	assert_int_equal(sum.buurten, 2);
	assert_int_equal(scalar(db, "SELECT population FROM areas WHERE code = ?", "WK014110"), -1);
	assert_int_equal(
		scalar(db,
		       "SELECT value IS NULL FROM area_figures WHERE area_code = ? AND indicator = 'a_man'",
		       "WK014110"),
		1);
	char buf[64];
	/* A buurt whose wijk is not known hangs under the gemeente. */
	assert_string_equal(text_of(db, "SELECT parent FROM areas WHERE code = ?", "BU01419999",
				    buf, sizeof buf),
			    "GM0141");
	assert_string_equal(text_of(db, "SELECT parent FROM areas WHERE code = ?", "BU01411000",
				    buf, sizeof buf),
			    "WK014110");
	db_close(db);
}

static void test_older_year_keeps_newest_population(void **state)
{
	struct db *db = fresh_db();
	const char *new = HDR "Almelo;GM0141;74317;37364\r\n";
	const char *old = "buurtnaam,buurtcode,aantal_inwoners\nX,BU01411000,5\n";
	struct cbs_summary sum;
	char err[600] = "";
	assert_int_equal(cbs_import_data(db, "new.csv", new, strlen(new), "GM0141", 2024, &sum, err,
					 sizeof err),
			 0);
	assert_int_equal(cbs_import_data(db, "old.csv", old, strlen(old), "GM0141", 2021, &sum, err,
					 sizeof err),
			 0);
	assert_int_equal(sum.buurten, 1);
	assert_int_equal(cbs_import_data(db, "older.csv", HDR "Almelo;GM0141;70000;1\r\n",
					 strlen(HDR "Almelo;GM0141;70000;1\r\n"), "GM0141", 2019,
					 &sum, err, sizeof err),
			 0);
	assert_int_equal(scalar(db, "SELECT population FROM areas WHERE code = ?", "GM0141"), 74317);
	assert_int_equal(scalar(db,
				"SELECT count(DISTINCT year) FROM area_figures WHERE area_code = ?",
				"GM0141"),
			 2);
	/* A PDOK attribute file of buurten only: the buurt hangs under the gemeente. */
	char buf[64];
	assert_string_equal(text_of(db, "SELECT parent FROM areas WHERE code = ?", "BU01411000",
				    buf, sizeof buf),
			    "GM0141");
	db_close(db);
}

static void test_area_code_valid(void **state)
{
	assert_true(area_code_valid("GM0141"));
	assert_true(area_code_valid("BU0363AA01"));
	assert_false(area_code_valid("gm0141"));
	assert_false(area_code_valid("GM"));
	assert_false(area_code_valid("GMX141"));
	assert_false(area_code_valid("GM01<1"));
	assert_false(area_code_valid(NULL));
	assert_false(area_code_valid("GM01411111111111111"));
}

static int setup(void **state)
{
	snprintf(tmpdir, sizeof tmpdir, "/tmp/wb-cbs-XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	const char *shared = getenv("WB_SHARED_DATA");
	snprintf(kwb, sizeof kwb, "%s/nl/cbs-kwb/nl_kwb_2024_leeftijd_geslacht.csv",
		 shared ? shared : "../shared/data");
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reader_bom_semicolon_quotes_crlf),
		cmocka_unit_test(test_reader_comma_lf),
		cmocka_unit_test(test_reader_errors),
		cmocka_unit_test(test_area_code_valid),
		cmocka_unit_test(test_import_almelo),
		cmocka_unit_test(test_import_errors_write_nothing),
		cmocka_unit_test(test_import_missing_values),
		cmocka_unit_test(test_older_year_keeps_newest_population),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
