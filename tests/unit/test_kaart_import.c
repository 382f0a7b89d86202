/* SPDX-License-Identifier: EUPL-1.2 */
/* test_kaart_import.c: the sociale kaart CSV import loads valid files in one
 * go, names file, line and field for every error, and writes nothing when a
 * file has an error. Also covers the FTS5 triggers of migration step 2. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
/* cmocka.h needs the headers above first. */
#include <cmocka.h>

#include "db/db.h"
#include "kaart/kaart.h"
#include "kaart/kaart_model.h"
#include "util/mem.h"

#define HEADER_SC                                                                                  \
	"name,description,kind,area_code,themes,pillars,contact,when_where,"                       \
	"accessibility,source,last_checked,show_contact\n"
#define HEADER                                                                                     \
	"name,description,kind,area_code,themes,pillars,contact,when_where,"                       \
	"accessibility,source,last_checked\n"

struct fixture {
	char dir[64];
	char db_path[96];
	char csv_path[96];
	struct db *db;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	strcpy(f->dir, "/tmp/wb-kaart-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->db_path, sizeof f->db_path, "%s/t.db", f->dir);
	snprintf(f->csv_path, sizeof f->csv_path, "%s/k.csv", f->dir);
	if (db_open(f->db_path, &f->db) != DB_OK || db_migrate(f->db) != DB_OK)
		return -1;
	db_exec(f->db, "INSERT INTO areas (code, name, level, parent) VALUES"
		       " ('GM0141', 'Almelo', 'gemeente', NULL),"
		       " ('WK014110', 'Centrum', 'wijk', 'GM0141'),"
		       " ('BU01411000', 'Binnenstad', 'buurt', 'WK014110')");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	db_close(f->db);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

static void write_csv(struct fixture *f, const char *text)
{
	FILE *fp = fopen(f->csv_path, "wb");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

static long long count(struct db *db, const char *sql)
{
	struct db_stmt *s = db_prepare(db, sql);
	long long n = db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
	db_done(s);
	return n;
}

/* Imports and captures what the importer printed on its error stream. */
static int import(struct fixture *f, const char *csv, bool demo, char *errs, size_t errs_len)
{
	write_csv(f, csv);
	FILE *err = fmemopen(errs, errs_len, "w");
	int n = kaart_import_file(f->db, f->csv_path, demo, err);
	fclose(err);
	return n;
}

static void test_valid_file_loads(void **state)
{
	struct fixture *f = *state;
	char errs[2048] = "";
	int n = import(
		f,
		"\xEF\xBB\xBF" HEADER
		"Koffieochtend,\"Demo-gegeven. Samen koffie, \"\"gezellig\"\"\",ontmoetingsplek,"
		"BU01411000,eenzaamheid|ouderen,cohesie,06-12345678,\"Dinsdag 10:00,\nBuurthuis\","
		"Rolstoeltoegankelijk,Demo,2026-01-05\r\n"
		"Taalmaatje,,talent,,taal,inclusie|empowerment,,,,,\n\n",
		true, errs, sizeof errs);
	assert_string_equal(errs, "");
	assert_int_equal(n, 2);
	assert_int_equal(count(f->db, "SELECT count(*) FROM kaart_items WHERE is_demo = 1"), 2);
	assert_int_equal(count(f->db, "SELECT count(*) FROM kaart_item_themes"), 3);
	assert_int_equal(count(f->db, "SELECT count(*) FROM kaart_item_pillars"), 3);
	assert_int_equal(count(f->db, "SELECT count(*) FROM kaart_items WHERE when_where ="
				      " 'Dinsdag 10:00,\nBuurthuis'"),
			 1);
	assert_int_equal(count(f->db, "SELECT count(*) FROM kaart_items WHERE description ="
				      " 'Demo-gegeven. Samen koffie, \"gezellig\"'"),
			 1);
	/* The FTS index follows the table through the triggers. */
	assert_int_equal(count(f->db, "SELECT count(*) FROM kaart_fts WHERE kaart_fts MATCH"
				      " '\"gezellig\"*'"),
			 1);
	/* Importing again updates in place. */
	n = import(f, HEADER "Taalmaatje,Nieuw,talent,,taal,,,,,,\n", false, errs, sizeof errs);
	assert_int_equal(n, 1);
	assert_int_equal(count(f->db, "SELECT count(*) FROM kaart_items"), 2);
	assert_int_equal(count(f->db, "SELECT count(*) FROM kaart_fts WHERE kaart_fts MATCH"
				      " '\"nieuw\"*'"),
			 1);
	assert_int_equal(count(f->db, "SELECT count(*) FROM kaart_item_pillars"), 1);
}

static void test_errors_name_line_and_field(void **state)
{
	struct fixture *f = *state;
	char errs[4096] = "";
	int n = import(f,
		       HEADER "Goed,,vereniging,WK014110,sport,,,,,,\n"
			      ",,club,XX999,sport|dansen,geluk,,,,,2026-02-30\n"
			      "Te kort,vereniging\n",
		       false, errs, sizeof errs);
	assert_int_equal(n, -1);
	assert_non_null(strstr(errs, "k.csv:3: field name: "));
	assert_non_null(strstr(errs, "k.csv:3: field kind: "));
	assert_non_null(strstr(errs, "k.csv:3: field area_code: "));
	assert_non_null(strstr(errs, "k.csv:3: field themes: unknown or repeated theme 'dansen'"));
	assert_non_null(strstr(errs, "k.csv:3: field pillars: "));
	assert_non_null(strstr(errs, "k.csv:3: field last_checked: "));
	assert_non_null(strstr(errs, "k.csv:4: expected 11 fields, found 2"));
	assert_null(strstr(errs, "k.csv:2:"));
	/* Nothing written, not even the good row. */
	assert_int_equal(count(f->db, "SELECT count(*) FROM kaart_items"), 0);
}

static void test_bad_files(void **state)
{
	struct fixture *f = *state;
	char errs[2048] = "";
	assert_int_equal(import(f, "naam,omschrijving\n", false, errs, sizeof errs), -1);
	assert_non_null(strstr(errs, "k.csv:1: header must be"));
	memset(errs, 0, sizeof errs);
	assert_int_equal(import(f, HEADER "\"open,,vereniging,,,,,,,,\n", false, errs, sizeof errs),
			 -1);
	assert_non_null(strstr(errs, "k.csv:2: unterminated quoted field"));
	memset(errs, 0, sizeof errs);
	assert_int_equal(import(f, HEADER "Bad \xff\xfe,,vereniging,,,,,,,,\n", false, errs,
				sizeof errs),
			 -1);
	assert_non_null(strstr(errs, "k.csv:2: field name: "));
	memset(errs, 0, sizeof errs);
	FILE *err = fmemopen(errs, sizeof errs, "w");
	assert_int_equal(kaart_import_file(f->db, "/nonexistent/x.csv", false, err), -1);
	fclose(err);
	assert_non_null(strstr(errs, "/nonexistent/x.csv: "));
	assert_int_equal(count(f->db, "SELECT count(*) FROM kaart_items"), 0);
}

static void test_show_contact_column(void **state)
{
	struct fixture *f = *state;
	char errs[2048] = "";
	int n = import(f,
		       HEADER_SC "Fietsen maken,,talent,,,,06-1,,,,,0\n"
				 "Breien,,talent,,,,06-2,,,,,1\n",
		       false, errs, sizeof errs);
	assert_string_equal(errs, "");
	assert_int_equal(n, 2);
	assert_int_equal(count(f->db,
			       "SELECT show_contact FROM kaart_items WHERE name = 'Fietsen maken'"),
			 0);
	assert_int_equal(count(f->db, "SELECT show_contact FROM kaart_items WHERE name = 'Breien'"),
			 1);
	n = import(f, HEADER_SC "X,,talent,,,,,,,,,ja\n", false, errs, sizeof errs);
	assert_int_equal(n, -1);
	assert_non_null(strstr(errs, "field show_contact"));
}

/* Copies Almelo's areas from the CBS file into the areas table (a minimal
 * reader: this test is about the demo CSV, not the CBS import). */
static int load_almelo_areas(struct db *db)
{
	const char *shared = getenv("WB_SHARED_DATA");
	char path[512];
	snprintf(path, sizeof path, "%s/nl/cbs-kwb/nl_kwb_2024_leeftijd_geslacht.csv",
		 shared ? shared : "/nonexistent");
	FILE *fp = fopen(path, "r");
	if (!fp)
		return -1;
	char line[1024];
	int n = 0;
	while (fgets(line, sizeof line, fp)) {
		char *f[4] = {0};
		char *p = line;
		for (int i = 0; i < 4 && p; i++) {
			f[i] = p;
			p = strchr(p, ';');
			if (p)
				*p++ = 0;
		}
		if (!f[3] || !strstr(f[1], "Almelo"))
			continue;
		char name[256], code[32];
		if (sscanf(f[0], "\"%255[^\"]\"", name) != 1 ||
		    sscanf(f[3], "\"%31[A-Z0-9]", code) != 1)
			continue;
		const char *level = code[0] == 'G' ? "gemeente" : code[0] == 'W' ? "wijk" : "buurt";
		char parent[16] = "";
		if (code[0] == 'W')
			snprintf(parent, sizeof parent, "GM%.4s", code + 2);
		else if (code[0] == 'B')
			snprintf(parent, sizeof parent, "WK%.6s", code + 2);
		struct db_stmt *s =
			db_prepare(db, "INSERT OR IGNORE INTO areas (code, name, level, parent)"
				       " VALUES (?, ?, ?, nullif(?, ''))");
		db_bind_text(s, 1, code);
		db_bind_text(s, 2, name);
		db_bind_text(s, 3, level);
		db_bind_text(s, 4, parent);
		if (db_step(s) == DB_DONE)
			n++;
		db_done(s);
	}
	fclose(fp);
	return n;
}

static void test_demo_file_loads(void **state)
{
	struct fixture *f = *state;
	/* 1 gemeente, 12 wijken, 71 buurten. */
	assert_int_equal(load_almelo_areas(f->db), 84);
	const char *src = getenv("WB_SOURCE_DIR");
	char path[512];
	snprintf(path, sizeof path, "%s/demo/kaart-almelo.csv", src ? src : ".");
	char errs[4096] = "";
	FILE *err = fmemopen(errs, sizeof errs, "w");
	int n = kaart_import_file(f->db, path, true, err);
	fclose(err);
	assert_string_equal(errs, "");
	assert_true(n >= 60);
	assert_int_equal(count(f->db, "SELECT count(DISTINCT kind) FROM kaart_items"), 6);
	assert_int_equal(count(f->db, "SELECT count(DISTINCT theme) FROM kaart_item_themes"), 12);
	assert_int_equal(count(f->db, "SELECT count(DISTINCT pillar) FROM kaart_item_pillars"), 4);
	assert_true(count(f->db,
			  "SELECT count(*) FROM kaart_items WHERE kind = 'ontmoetingsplek'") >= 8);
	assert_int_equal(count(f->db, "SELECT count(*) FROM kaart_items WHERE description NOT LIKE"
				      " 'Demo-gegeven%'"),
			 0);
	/* Every wijk has at least one item in it or in one of its buurten. */
	assert_int_equal(
		count(f->db,
		      "SELECT count(*) FROM areas w WHERE w.level = 'wijk' AND NOT"
		      " EXISTS (SELECT 1 FROM kaart_items k LEFT JOIN areas b ON"
		      " b.code = k.area_code WHERE k.area_code = w.code OR b.parent = w.code)"),
		0);
	assert_true(count(f->db, "SELECT count(*) FROM kaart_items WHERE kind = 'talent' AND"
				 " show_contact = 0") > 0);
	assert_true(count(f->db, "SELECT count(*) FROM kaart_items WHERE kind = 'talent' AND"
				 " show_contact = 1") > 0);
	assert_true(count(f->db, "SELECT count(*) FROM kaart_items WHERE last_checked <"
				 " date('now', '-12 months')") >= 3);
}

/* A database with kaart items from before migration 2 gets them indexed. */
static void test_migration_2_indexes_existing_items(void **state)
{
	struct fixture *f = *state;
	char path[128];
	snprintf(path, sizeof path, "%s/old.db", f->dir);
	struct db *db = NULL;
	assert_int_equal(db_open(path, &db), DB_OK);
	assert_int_equal(db_migrate_to(db, 1), DB_OK);
	assert_int_equal(db_exec(db, "INSERT INTO kaart_items (name, description, kind) VALUES"
				     " ('Taalcafé', 'Wij zoeken vrijwilligers', 'ontmoetingsplek')"),
			 DB_OK);
	assert_int_equal(db_migrate(db), DB_OK);
	assert_true(db_version(db) >= 2);
	assert_int_equal(count(db, "SELECT count(*) FROM kaart_fts WHERE kaart_fts MATCH"
				   " '\"vrijwilliger\"*'"),
			 1);
	assert_int_equal(count(db, "SELECT count(*) FROM kaart_fts WHERE kaart_fts MATCH"
				   " '\"taalcafe\"*'"),
			 1);
	/* Updates and deletes keep the index in step. */
	assert_int_equal(db_exec(db, "UPDATE kaart_items SET description = 'Koffie en thee'"),
			 DB_OK);
	assert_int_equal(count(db, "SELECT count(*) FROM kaart_fts WHERE kaart_fts MATCH"
				   " '\"vrijwilliger\"*'"),
			 0);
	assert_int_equal(count(db,
			       "SELECT count(*) FROM kaart_fts WHERE kaart_fts MATCH '\"thee\"*'"),
			 1);
	assert_int_equal(db_exec(db, "DELETE FROM kaart_items"), DB_OK);
	assert_int_equal(count(db,
			       "SELECT count(*) FROM kaart_fts WHERE kaart_fts MATCH '\"thee\"*'"),
			 0);
	db_close(db);
}

static void test_model_helpers(void **state)
{
	assert_true(kaart_date_valid("2024-02-29"));
	assert_false(kaart_date_valid("2023-02-29"));
	assert_false(kaart_date_valid("2023-13-01"));
	assert_false(kaart_date_valid("2023-1-01"));
	assert_false(kaart_date_valid(""));
	assert_true(kaart_is_stale("2000-01-01"));
	assert_true(kaart_is_stale(NULL));
	assert_false(kaart_is_stale("2999-01-01"));
	struct arena *a = arena_new();
	const char *out[4], *bad;
	assert_int_equal(kaart_split_list(a, " cohesie | inclusie ||", kaart_pillars, 4, out, 4,
					  &bad),
			 2);
	assert_string_equal(out[1], "inclusie");
	assert_int_equal(kaart_split_list(a, "cohesie|cohesie", kaart_pillars, 4, out, 4, &bad), -1);
	assert_string_equal(bad, "cohesie");
	assert_int_equal(kaart_split_list(a, "", kaart_pillars, 4, out, 4, &bad), 0);
	arena_free(a);
	assert_string_equal(kaart_kind_label("talent"), "Talent");
	assert_null(kaart_kind_label("x"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_valid_file_loads, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors_name_line_and_field, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_show_contact_column, setup, teardown),
		cmocka_unit_test_setup_teardown(test_demo_file_loads, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migration_2_indexes_existing_items, setup,
						teardown),
		cmocka_unit_test(test_model_helpers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
