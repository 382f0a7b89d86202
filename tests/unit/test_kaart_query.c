/* SPDX-License-Identifier: EUPL-1.2 */
/* test_kaart_query.c: filter validation, the query string built for links,
 * and the search itself (area includes sub-areas, full-text, paging,
 * hidden contact, only published items) on a temporary database. */
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
#include "fixture.h"
#include "http/form.h"
#include "kaart/kaart_model.h"
#include "kaart/kaart_query.h"
#include "util/mem.h"

struct fixture {
	struct db_fixture *dbf; /* tests/unit/fixture.h: the temporary database */
	struct db *db;
	struct arena *a;
};

static void add_item(struct db *db, const char *name, const char *desc, const char *kind,
		     const char *area, const char *theme, const char *status, bool show_contact)
{
	struct kaart_item it = {.name = name,
				.description = desc,
				.kind = kind,
				.area_code = area,
				.contact = "06-123",
				.status = status,
				.show_contact = show_contact,
				.last_checked = "2000-01-01"};
	if (theme) {
		it.themes[0] = theme;
		it.nthemes = 1;
	}
	assert_true(kaart_item_insert(db, &it) > 0);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	void *base;
	if (db_fixture_setup(&base))
		return -1;
	f->dbf = base;
	f->db = f->dbf->db;
	db_exec(f->db, "INSERT INTO areas (code, name, level, parent) VALUES"
		       " ('GM0141', 'Almelo', 'gemeente', NULL),"
		       " ('WK014110', 'Binnenstad', 'wijk', 'GM0141'),"
		       " ('WK014111', 'De Riet', 'wijk', 'GM0141'),"
		       " ('BU01411000', 'Binnenstad Noord', 'buurt', 'WK014110'),"
		       " ('BU01411100', 'Nieuwland', 'buurt', 'WK014111')");
	db_begin(f->db);
	add_item(f->db, "Buurthuis", "Koffie voor vrijwilligers", "ontmoetingsplek", "BU01411000",
		 "eenzaamheid", "published", true);
	add_item(f->db, "Wijkteam", "Hulp bij geld", "organisatie", "WK014110", "armoede",
		 "published", true);
	add_item(f->db, "Moestuin", "Samen tuinieren", "bewonersinitiatief", "BU01411100",
		 "gezondheid", "published", true);
	add_item(f->db, "Breien (Gerda)", "Ik leer u breien", "talent", "BU01411100", "cultuur",
		 "published", false);
	add_item(f->db, "Geheim voorstel", "Koffie", "ontmoetingsplek", "BU01411000", "eenzaamheid",
		 "pending", true);
	for (int i = 0; i < 25; i++) {
		char name[32];
		snprintf(name, sizeof name, "Club %02d", i);
		add_item(f->db, name, "Sport", "vereniging", "GM0141", "sport", "published", true);
	}
	db_commit(f->db);
	f->a = arena_new();
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	arena_free(f->a);
	void *base = f->dbf;
	db_fixture_teardown(&base);
	free(f);
	return 0;
}

/* Parses "k=v&k=v" like the HTTP layer does. */
static bool parse(struct fixture *f, const char *qs, struct kaart_filter *flt,
		  struct kaart_errors *e)
{
	struct kvlist q = {0};
	const char *bad;
	assert_int_equal(form_decode(f->a, qs, strlen(qs), &q, &bad), FORM_OK);
	memset(e, 0, sizeof *e);
	return kaart_filter_parse(f->db, &q, flt, e);
}

static void test_filter_validation(void **state)
{
	struct fixture *f = *state;
	struct kaart_filter flt;
	struct kaart_errors e;
	assert_true(parse(f, "", &flt, &e));
	assert_null(flt.q);
	assert_int_equal(flt.page, 1);
	assert_true(parse(f, "q=koffie&area=WK014110&kind=talent&theme=taal&pillar=cohesie&page=3",
			  &flt, &e));
	assert_string_equal(flt.area, "WK014110");
	assert_int_equal(flt.page, 3);
	assert_true(parse(f, "kind=&theme=&page=", &flt, &e)); /* empty = any */
	assert_null(flt.kind);
	assert_false(parse(f, "kind=boot&theme=x&pillar=y&area=WK9&page=0", &flt, &e));
	assert_int_equal(e.n, 5);
	assert_non_null(kaart_error_for(&e, "kind"));
	assert_non_null(kaart_error_for(&e, "theme"));
	assert_non_null(kaart_error_for(&e, "pillar"));
	assert_non_null(kaart_error_for(&e, "area"));
	assert_non_null(kaart_error_for(&e, "page"));
	assert_null(flt.kind); /* bad values are dropped, so a page can still show results */
	assert_int_equal(flt.page, 1);
	const char *pages[] = {"page=-1",  "page=1.5",    "page=abc",
			       "page=1e3", "page=100001", "page= 2"};
	for (size_t i = 0; i < sizeof pages / sizeof *pages; i++) {
		assert_false(parse(f, pages[i], &flt, &e));
		assert_string_equal(e.field[0], "page");
	}
	char longq[700] = "q=";
	memset(longq + 2, 'a', 600);
	assert_false(parse(f, longq, &flt, &e));
	assert_string_equal(e.field[0], "q");
}

static void test_filter_query_string(void **state)
{
	struct fixture *f = *state;
	struct kaart_filter flt = {.q = "koffie & \"thee\"", .area = "WK014110", .kind = "talent"};
	assert_string_equal(kaart_filter_query(f->a, &flt, 2),
			    "?q=koffie%20%26%20%22thee%22&area=WK014110&kind=talent&page=2");
	assert_string_equal(kaart_filter_query(f->a, &flt, 1),
			    "?q=koffie%20%26%20%22thee%22&area=WK014110&kind=talent");
	struct kaart_filter none = {0};
	assert_string_equal(kaart_filter_query(f->a, &none, 0), "");
	assert_string_equal(kaart_filter_query(f->a, &none, 4), "?page=4");
}

static long long run(struct fixture *f, const char *qs, struct kaart_row **rows, int *n)
{
	struct kaart_filter flt;
	struct kaart_errors e;
	assert_true(parse(f, qs, &flt, &e));
	long long total;
	assert_int_equal(kaart_search(f->db, f->a, &flt, rows, n, &total), 0);
	return total;
}

static void test_search(void **state)
{
	struct fixture *f = *state;
	struct kaart_row *rows;
	int n;
	/* Only published items; 20 per page. */
	assert_int_equal(run(f, "", &rows, &n), 29);
	assert_int_equal(n, 20);
	assert_int_equal(run(f, "page=2", &rows, &n), 29);
	assert_int_equal(n, 9);
	assert_int_equal(run(f, "page=9", &rows, &n), 29);
	assert_int_equal(n, 0);
	/* A wijk includes its buurten; a buurt only itself. */
	assert_int_equal(run(f, "area=WK014110", &rows, &n), 2);
	assert_int_equal(run(f, "area=BU01411000", &rows, &n), 1);
	assert_string_equal(rows[0].name, "Buurthuis");
	assert_string_equal(rows[0].area_name, "Binnenstad Noord");
	assert_int_equal(run(f, "area=GM0141", &rows, &n), 29);
	/* Full text with Dutch stemming, combined with filters. */
	assert_int_equal(run(f, "q=vrijwilliger", &rows, &n), 1);
	assert_int_equal(run(f, "q=koffie&area=WK014111", &rows, &n), 0);
	assert_int_equal(run(f, "q=tuin", &rows, &n), 1);
	assert_int_equal(run(f, "q=%22%29%28*", &rows, &n), 29); /* no terms: no text filter */
	assert_int_equal(run(f, "kind=talent", &rows, &n), 1);
	assert_string_equal(rows[0].contact, ""); /* no consent */
	assert_true(rows[0].stale);
	assert_int_equal(rows[0].nthemes, 1);
	assert_string_equal(rows[0].themes[0], "cultuur");
	assert_int_equal(run(f, "theme=armoede", &rows, &n), 1);
	assert_string_equal(rows[0].contact, "06-123");
	assert_int_equal(run(f, "pillar=cohesie", &rows, &n), 0);
	/* Unpublished items are not found one by one either. */
	struct kaart_row one;
	assert_false(kaart_get_published(f->db, f->a, 5, &one));
	assert_true(kaart_get_published(f->db, f->a, 1, &one));
	assert_int_equal(kaart_parse_id("12"), 12);
	assert_int_equal(kaart_parse_id("0"), 0);
	assert_int_equal(kaart_parse_id("1x"), 0);
	assert_int_equal(kaart_parse_id(NULL), 0);
}

static void test_json_and_csv(void **state)
{
	struct fixture *f = *state;
	struct kaart_row *rows;
	int n;
	run(f, "kind=talent", &rows, &n);
	json_t *j = kaart_row_json(&rows[0]);
	char *s = json_dumps(j, JSON_SORT_KEYS | JSON_COMPACT);
	assert_non_null(strstr(s, "\"contact\":\"\""));
	assert_non_null(strstr(s, "\"stale\":true"));
	assert_non_null(strstr(s, "\"themes\":[\"cultuur\"]"));
	assert_non_null(strstr(s, "\"area_name\":\"Nieuwland\""));
	free(s);
	json_decref(j);
	struct buf b = BUF_INIT;
	kaart_csv_header(&b);
	kaart_csv_row(&b, &rows[0]);
	assert_non_null(strstr(b.data, "\r\n4,Breien (Gerda),Ik leer u breien,talent,BU01411100,"
				       "Nieuwland,cultuur,,,,,2000-01-01,true\r\n"));
	buf_free(&b);
}

static void test_areas_in_tree_order(void **state)
{
	struct fixture *f = *state;
	struct kaart_area *v;
	int n = kaart_areas(f->db, f->a, &v);
	assert_int_equal(n, 5);
	const char *want[] = {"GM0141", "WK014110", "BU01411000", "WK014111", "BU01411100"};
	for (int i = 0; i < n; i++)
		assert_string_equal(v[i].code, want[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_filter_validation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_filter_query_string, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json_and_csv, setup, teardown),
		cmocka_unit_test_setup_teardown(test_areas_in_tree_order, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
