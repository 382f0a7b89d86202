/* SPDX-License-Identifier: EUPL-1.2 */
/* test_budget_store.c: the buurtbudget store on a temporary database: vote
 * code format and normalisation, codes stored only as hashes, a code counts
 * once, ballots carry no code, phases, the .pb written for the engine and the
 * result computed when the round closes (equal to the engine on that file). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
/* cmocka.h needs the headers above first. */
#include <cmocka.h>
#include <jansson.h>
#include <sodium.h>

#include "budget/budget.h"
#include "budget/budget_store.h"
#include "budget/pabulib.h"
#include "db/db.h"
#include "fixture.h"
#include "util/mem.h"

struct fixture {
	struct db_fixture *dbf; /* tests/unit/fixture.h: the temporary database */
	const char *path;
	struct db *db;
	struct arena *a;
	long long round;
	long long pid[4];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	void *base;
	if (sodium_init() < 0 || db_fixture_setup(&base))
		return -1;
	f->dbf = base;
	f->path = f->dbf->db_path;
	f->db = f->dbf->db;
	db_exec(f->db, "INSERT INTO areas (code, name, level, parent) VALUES"
		       " ('GM0141', 'Almelo', 'gemeente', NULL),"
		       " ('WK014110', 'Binnenstad', 'wijk', 'GM0141')");
	f->a = arena_new();
	struct bs_round rd = {.area_code = "WK014110", .title = "Test; \"ronde\"", .amount = 100,
			      .ballot = "approval", .rule = "mes"};
	if (bs_round_create(f->db, &rd, &f->round))
		return -1;
	const long long costs[4] = {50, 40, 30, 60};
	for (int i = 0; i < 4; i++) {
		struct bs_project p = {.title = "Project;x", .description = "", .cost = costs[i],
				       .status = i == 3 ? "pending" : "accepted"};
		if (bs_project_add(f->db, f->round, &p, &f->pid[i]))
			return -1;
	}
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

static void test_code_normalize(void **state)
{
	struct fixture *f = *state;
	assert_string_equal(bs_code_normalize(f->a, "abcd-efgh-jk"), "ABCDEFGHJK");
	assert_string_equal(bs_code_normalize(f->a, " ABCD EFGH JK "), "ABCDEFGHJK");
	assert_null(bs_code_normalize(f->a, "ABCD-EFGH-J"));      /* too short */
	assert_null(bs_code_normalize(f->a, "ABCD-EFGH-JKM"));    /* too long */
	assert_null(bs_code_normalize(f->a, "ABCD-EFGH-J0"));     /* look-alike 0 */
	assert_null(bs_code_normalize(f->a, "ABCD-EFGH-JI"));     /* look-alike I */
	assert_null(bs_code_normalize(f->a, "ABCD-EFGH-Jl"));     /* look-alike l */
	assert_null(bs_code_normalize(f->a, ""));
}

static void advance_to_voting(struct fixture *f)
{
	assert_int_equal(bs_round_advance(f->db, f->round), 0);
	assert_int_equal(bs_round_advance(f->db, f->round), 0);
	struct bs_round rd;
	assert_int_equal(bs_round_get(f->db, f->a, f->round, &rd), 0);
	assert_string_equal(rd.phase, "stemmen");
}

static void test_codes_once(void **state)
{
	struct fixture *f = *state;
	char **codes;
	assert_int_equal(bs_codes_generate(f->db, f->a, f->round, 20, &codes), 0);
	for (int i = 0; i < 20; i++) {
		assert_int_equal(strlen(codes[i]), 12);
		assert_true(codes[i][4] == '-' && codes[i][9] == '-');
		assert_null(strpbrk(codes[i], "01OIL"));
	}
	/* Only hashes are stored: no stored value equals a code. */
	struct db_stmt *st = db_prepare(f->db, "SELECT code_hash FROM budget_codes");
	int n = 0;
	while (db_step(st) == DB_ROW) {
		assert_int_equal(strlen(db_col_text(st, 0)), 64);
		n++;
	}
	db_done(st);
	assert_int_equal(n, 20);
	/* Before voting opens a ballot is refused. */
	char *c0 = bs_code_normalize(f->a, codes[0]);
	char *choices = arena_printf(f->a, "%lld:1", f->pid[0]);
	assert_int_equal(bs_cast(f->db, f->round, c0, choices, "online"), BS_CLOSED);
	advance_to_voting(f);
	assert_int_equal(bs_cast(f->db, f->round, c0, choices, "online"), 0);
	assert_int_equal(bs_cast(f->db, f->round, c0, choices, "online"), BS_CODE_USED);
	assert_int_equal(bs_cast(f->db, f->round, "ABCDEFGHJK", choices, "online"), BS_CODE_UNKNOWN);
	assert_int_equal(bs_cast(f->db, f->round, NULL, choices, "papier"), 0);
	long long unused, used;
	assert_int_equal(bs_codes_count(f->db, f->round, &unused, &used), 0);
	assert_int_equal(unused, 19);
	assert_int_equal(used, 1);
	struct bs_round rd;
	assert_int_equal(bs_round_get(f->db, f->a, f->round, &rd), 0);
	assert_int_equal(rd.ballots, 2);
	/* Ballots hold the day only. */
	st = db_prepare(f->db, "SELECT cast_on FROM budget_ballots");
	while (db_step(st) == DB_ROW)
		assert_int_equal(strlen(db_col_text(st, 0)), 10);
	db_done(st);
}

static void test_result_equals_engine(void **state)
{
	struct fixture *f = *state;
	advance_to_voting(f);
	/* 3 voters for {0,2}, 2 for {1}, 1 for {2}. */
	const char *ballots[] = {"%lld:1,%lld:1", "%lld:1,%lld:1", "%lld:1,%lld:1", "%lld:1",
				 "%lld:1", "%lld:1"};
	long long a[6] = {f->pid[0], f->pid[0], f->pid[0], f->pid[1], f->pid[1], f->pid[2]};
	long long b[6] = {f->pid[2], f->pid[2], f->pid[2], 0, 0, 0};
	for (int i = 0; i < 6; i++)
		assert_int_equal(bs_cast(f->db, f->round, NULL, arena_printf(f->a, ballots[i], a[i], b[i]),
					 "papier"),
				 0);
	assert_int_equal(bs_round_advance(f->db, f->round), 0);
	assert_int_equal(bs_round_advance(f->db, f->round), BS_NOT_FOUND);
	const char *json, *pb;
	assert_int_equal(bs_result(f->db, f->a, f->round, &json, &pb), 0);
	/* The stored .pb parses, has no pending project, and the engine on it gives
	 * the stored winners. */
	struct pb_error err;
	struct pb_file *file = pb_parse(pb, strlen(pb), &err);
	assert_non_null(file);
	assert_int_equal(file->nprojects, 3);
	assert_int_equal(file->nvoters, 6);
	assert_string_equal(pb_meta(file, "description"), "Test   ronde ");
	struct pb_options o;
	pb_options_default(&o);
	o.threads = 1;
	struct pb_result *res = pb_allocate(file, &o);
	json_t *j = json_loads(json, 0, NULL);
	assert_non_null(j);
	json_t *w = json_object_get(j, "winners");
	assert_int_equal((int)json_array_size(w), res->nwinners);
	for (int i = 0; i < res->nwinners; i++)
		assert_string_equal(json_string_value(json_array_get(w, (size_t)i)),
				    file->proj[res->winners[i]].id);
	assert_int_equal(json_integer_value(json_object_get(j, "spent")), res->spent);
	assert_true(res->spent <= 100);
	/* Explanations in both languages for every project. */
	json_t *ps = json_object_get(j, "projects");
	for (size_t i = 0; i < json_array_size(ps); i++)
		assert_non_null(json_object_get(json_object_get(json_array_get(ps, i), "explanation"),
						"nl"));
	json_decref(j);
	pb_result_free(res);
	pb_free(file);
}

static void test_empty_round_closes(void **state)
{
	struct fixture *f = *state;
	advance_to_voting(f);
	assert_int_equal(bs_round_advance(f->db, f->round), 0);
	const char *json, *pb;
	assert_int_equal(bs_result(f->db, f->a, f->round, &json, &pb), 0);
	assert_non_null(strstr(json, "\"winners\":[]"));
	assert_int_equal(bs_result(f->db, f->a, 999, &json, &pb), BS_NOT_FOUND);
}

static void test_review(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(bs_project_review(f->db, f->round, f->pid[3], "accepted", 45, "offerte"), 0);
	assert_int_equal(bs_project_review(f->db, f->round, 9999, "accepted", 0, ""), BS_NOT_FOUND);
	struct bs_project *p;
	size_t n;
	assert_int_equal(bs_projects(f->db, f->a, f->round, "accepted", &p, &n), 0);
	assert_int_equal(n, 4);
	assert_int_equal(p[3].cost, 45);
	assert_string_equal(p[3].cost_note, "offerte");
	assert_int_equal(bs_project_review(f->db, f->round, f->pid[3], "rejected", 0, ""), 0);
	assert_int_equal(bs_projects(f->db, f->a, f->round, "accepted", &p, &n), 0);
	assert_int_equal(n, 3);
	assert_true(bs_valid_channel("face-to-face"));
	assert_false(bs_valid_channel("fax"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_code_normalize, setup, teardown),
		cmocka_unit_test_setup_teardown(test_codes_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_result_equals_engine, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_round_closes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_review, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
