/* SPDX-License-Identifier: EUPL-1.2 */
/* test_panel_store.c: the burgerraad store on a temporary database: contacts
 * are kept apart from the features (linked only by a random id), the engine's
 * CSV built from the pool reads back with the same people and values, pool
 * counts leave out drop-outs, deletion removes contacts, features and people
 * but keeps the aggregate counts, and expiry cleans only panels past their
 * end date. Households: addresses written in different ways give one key,
 * the key is a keyed hash (never the address), the engine's CSV carries it so
 * the engine groups the household, and deleting the pool deletes the key. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
/* cmocka.h needs the headers above first. */
#include <cmocka.h>
#include <sodium.h>

#include "db/db.h"
#include "fixture.h"
#include "panel/panel.h"
#include "panel/panel_store.h"
#include "util/mem.h"

struct fixture {
	struct db_fixture *dbf; /* tests/unit/fixture.h: the temporary database */
	struct db *db;
	struct arena *a;
	long long id;
};

static const struct ps_quota quotas[4] = {
	{.feature = "gender", .value = "female", .qmin = 1, .qmax = 2},
	{.feature = "gender", .value = "male", .qmin = 1, .qmax = 2},
	{.feature = "age", .value = "young, \"new\"", .qmin = 0, .qmax = 2},
	{.feature = "age", .value = "old", .qmin = 0, .qmax = 2},
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	void *base;
	if (sodium_init() < 0 || db_fixture_setup(&base))
		return -1;
	f->dbf = base;
	f->db = f->dbf->db;
	f->a = arena_new();
	if (ps_panel_create(f->db, "Test", NULL, 2, "2000-01-01", false, false, quotas, 4, &f->id))
		return -1;
	const char *feat[2] = {"gender", "age"};
	const char *people[6][2] = {{"female", "old"}, {"male", "old"}, {"female", "young, \"new\""},
				    {"male", "young, \"new\""}, {"female", "old"}, {"male", "old"}};
	db_begin(f->db);
	for (int i = 0; i < 6; i++) {
		int pno;
		if (ps_person_add(f->db, f->id, feat, people[i], 2, NULL, i < 3 ? "Naam" : NULL,
				  "naam@example.org", &pno) || pno != i + 1)
			return -1;
	}
	ps_refresh_counts(f->db, f->id);
	db_commit(f->db);
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

static void test_contacts_apart(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(db_fixture_scalar(f->db, "SELECT COUNT(*) FROM panel_contacts"), 3);
	/* The contact table has no panel, pool number or feature column. */
	assert_int_equal(db_fixture_scalar(f->db, "SELECT COUNT(*) FROM pragma_table_info('panel_contacts')"), 3);
	assert_int_equal(db_fixture_scalar(f->db, "SELECT COUNT(*) FROM panel_people WHERE length(pid) = 32"), 6);
	struct ps_quota *q;
	int n;
	assert_int_equal(ps_quotas(f->db, f->a, f->id, &q, &n), 0);
	assert_int_equal(n, 4);
	assert_int_equal(q[0].pool_count, 3);
	assert_int_equal(q[3].pool_count, 4);
}

static void test_engine_csv(void **state)
{
	struct fixture *f = *state;
	char *qcsv, *pcsv, err[256];
	assert_int_equal(ps_engine_csv(f->db, f->a, f->id, &qcsv, &pcsv), 0);
	struct panel_pool *p =
		panel_pool_read(qcsv, strlen(qcsv), pcsv, strlen(pcsv), "id", NULL, err, sizeof err);
	assert_non_null(p);
	assert_int_equal(p->n_people, 6);
	assert_int_equal(p->n_features, 2);
	assert_string_equal(p->id[2], "3");
	assert_string_equal(p->value[p->person_value[2 * 2 + 1]], "young, \"new\"");
	panel_pool_free(p);
}

static void test_drop_and_delete(void **state)
{
	struct fixture *f = *state;
	const int sel[2] = {1, 2};
	const char *tk[1] = {"1 2"};
	struct ps_type t = {.profile = "gender: female", .people = 3, .prob = 0.5};
	struct ps_draw d = {.round = 1, .seed = "1", .tickets = 1, .ticket = 1, .min_prob = 0.1,
			    .selected = "1 2", .kept = ""};
	assert_int_equal(ps_draw_store(f->db, f->id, &d, &t, 1, tk, sel, 2), 0);
	assert_int_equal(ps_mark_dropped(f->db, f->id, 5), PS_NOT_FOUND);
	assert_int_equal(ps_mark_dropped(f->db, f->id, 1), 0);
	int *kept, nk;
	assert_int_equal(ps_selected(f->db, f->a, f->id, &kept, &nk), 0);
	assert_int_equal(nk, 1);
	assert_int_equal(kept[0], 2);
	struct ps_member *m;
	int nm;
	assert_int_equal(ps_members(f->db, f->a, f->id, &m, &nm), 0);
	assert_int_equal(nm, 2);
	assert_string_equal(m[0].contact, "naam@example.org");
	/* Expiry: the end date 2000-01-01 is past; a second call finds nothing. */
	assert_int_equal(ps_expire(f->db, "2026-01-01"), 1);
	assert_int_equal(ps_expire(f->db, "2026-01-01"), 0);
	assert_int_equal(db_fixture_scalar(f->db, "SELECT COUNT(*) FROM panel_contacts"), 0);
	assert_int_equal(db_fixture_scalar(f->db, "SELECT COUNT(*) FROM panel_person_values"), 0);
	assert_int_equal(db_fixture_scalar(f->db, "SELECT COUNT(*) FROM panel_people"), 0);
	struct ps_quota *q;
	int n;
	ps_quotas(f->db, f->a, f->id, &q, &n);
	assert_int_equal(q[0].pool_count, 2); /* person 1 dropped out */
	struct ps_draw back;
	assert_int_equal(ps_draw_latest(f->db, f->a, f->id, &back), 0);
	assert_string_equal(back.selected, "1 2");
	struct ps_panel p;
	assert_int_equal(ps_panel_get(f->db, f->a, f->id, &p), 0);
	assert_true(p.pool_deleted);
	assert_false(p.signup_open);
}

static void test_address_normal(void **state)
{
	(void)state;
	char a[64], b[64];
	const char *p1[2] = {"1234 ab", "12-a"}, *p2[3] = {"1234AB", " 12", "A"};
	assert_true(ps_address_normal(p1, 2, a, sizeof a));
	assert_true(ps_address_normal(p2, 3, b, sizeof b));
	assert_string_equal(a, "1234AB|12|A");
	assert_string_equal(a, b);
	/* Number and addition never run together: 12-2 and 122 are two homes,
	 * and "1" + addition "2" is not "12". */
	const char *n122[2] = {"1234AB", "122"}, *n12_2[2] = {"1234AB", "12-2"},
		   *n1_2[3] = {"1234AB", "1", "2"}, *n12_2c[3] = {"1234AB", "12", "2"};
	char c[64], d[64];
	assert_true(ps_address_normal(n122, 2, c, sizeof c));
	assert_true(ps_address_normal(n12_2, 2, d, sizeof d));
	assert_string_equal(c, "1234AB|122");
	assert_string_equal(d, "1234AB|12|2");
	assert_true(ps_address_normal(n1_2, 3, c, sizeof c));
	assert_string_equal(c, "1234AB|1|2");
	assert_true(ps_address_normal(n12_2c, 3, c, sizeof c));
	assert_string_equal(c, d);
	const char *empty_number[2] = {"1234AB", " - "}, *no_addition[3] = {"1234AB", "7", ""};
	assert_false(ps_address_normal(empty_number, 2, a, sizeof a));
	assert_true(ps_address_normal(no_addition, 3, a, sizeof a));
	assert_string_equal(a, "1234AB|7");
	assert_false(ps_address_normal(p1, 2, a, 5)); /* does not fit: refused, not cut */
}

static void test_households(void **state)
{
	struct fixture *f = *state;
	const char *h1, *h2, *h3;
	db_begin(f->db);
	assert_int_equal(ps_household_of(f->db, f->a, f->id, "1234 ab", "12a", &h1), 0);
	assert_int_equal(ps_household_of(f->db, f->a, f->id, "1234AB", "12 A", &h2), 0);
	assert_int_equal(ps_household_of(f->db, f->a, f->id, "1234AB", "14", &h3), 0);
	assert_int_equal(ps_household_of(f->db, f->a, f->id, "0234AB", "14", &h3), 1);
	assert_int_equal(ps_household_of(f->db, f->a, f->id, "1234AB", "14", &h3), 0);
	assert_string_equal(h1, h2);
	assert_string_not_equal(h1, h3);
	assert_int_equal(strlen(h1), 32);
	/* Keyed: the plain hash of the address is not what is stored. */
	char plain[33];
	unsigned char zero[32] = {0};
	ps_household_hash(zero, "1234AB12A", plain);
	assert_string_not_equal(h1, plain);
	const char *feat[2] = {"gender", "age"}, *v[2] = {"female", "old"};
	int pno;
	assert_int_equal(ps_person_add(f->db, f->id, feat, v, 2, h1, NULL, NULL, &pno), 0);
	assert_int_equal(ps_person_add(f->db, f->id, feat, v, 2, h2, NULL, NULL, &pno), 0);
	db_commit(f->db);
	char *qcsv, *pcsv, err[256];
	assert_int_equal(ps_engine_csv(f->db, f->a, f->id, &qcsv, &pcsv), 0);
	struct panel_pool *p = panel_pool_read(qcsv, strlen(qcsv), pcsv, strlen(pcsv), "id",
					       PS_HOUSEHOLD_COLUMN, err, sizeof err);
	assert_non_null(p);
	assert_int_equal(p->n_people, 8);
	assert_int_equal(p->n_households, 1);
	assert_true(p->household[6] >= 0 && p->household[6] == p->household[7]);
	assert_int_equal(p->household[0], -1);
	panel_pool_free(p);
	assert_int_equal(db_fixture_scalar(f->db, "SELECT COUNT(*) FROM panel_household_keys"), 1);
	assert_int_equal(ps_delete_pool(f->db, f->id), 0);
	assert_int_equal(db_fixture_scalar(f->db, "SELECT COUNT(*) FROM panel_household_keys"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_contacts_apart, setup, teardown),
		cmocka_unit_test_setup_teardown(test_engine_csv, setup, teardown),
		cmocka_unit_test_setup_teardown(test_drop_and_delete, setup, teardown),
		cmocka_unit_test(test_address_normal),
		cmocka_unit_test_setup_teardown(test_households, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
