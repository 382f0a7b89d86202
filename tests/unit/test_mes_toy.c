/* SPDX-License-Identifier: EUPL-1.2 */
/* test_mes_toy.c: pabutools' own small MES cases (tests/rules/test_rule.py:
 * AppEx, AllAfford, EmptyProfile, Lackner-Skowron, completion, MES+Phragmén)
 * with their expected outcomes, under pabutools' lexicographic tie-breaking. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "budget/budget.h"
#include "budget/pabulib.h"
#include "util/mem.h"

/* Builds a .pb text: ids[i] with cost[i]; ballots "a,b" strings, each with a
 * multiplicity. */
static struct pb_file *build(const char *budget, int np, const char *const *ids,
			     const char *const *cost, int nb, const char *const *ballots, const int *mult)
{
	struct buf b = BUF_INIT;
	int nv = 0;
	for (int i = 0; i < nb; i++)
		nv += mult[i];
	buf_printf(&b, "META\nkey;value\nnum_projects;%d\nnum_votes;%d\nbudget;%s\nvote_type;approval\n"
		       "rule;equalshares\nPROJECTS\nproject_id;cost\n",
		   np, nv, budget);
	for (int p = 0; p < np; p++)
		buf_printf(&b, "%s;%s\n", ids[p], cost[p]);
	buf_puts(&b, "VOTES\nvoter_id;vote\n");
	int v = 0;
	for (int i = 0; i < nb; i++)
		for (int k = 0; k < mult[i]; k++)
			buf_printf(&b, "v%d;%s\n", v++, ballots[i]);
	struct pb_error e;
	struct pb_file *f = pb_parse(b.data, b.len, &e);
	if (!f)
		fail_msg("build: line %ld field %s: %s", e.line, e.field, e.msg);
	buf_free(&b);
	return f;
}

/* Runs MES and compares the winner set with want ("p0,p2", "" for none). */
static void expect(const struct pb_file *f, enum pb_sat sat, enum pb_completion c, int64_t inc,
		   const char *want)
{
	struct pb_options o;
	pb_options_default(&o);
	o.sat = sat;
	o.completion = c;
	o.increment = inc;
	o.tie = PB_TIE_LEXICO;
	struct pb_result *r = pb_allocate(f, &o);
	assert_string_equal(r->error, "");
	char got[256] = "";
	for (int p = 0; p < f->nprojects; p++)
		if (r->selected[p]) {
			if (got[0])
				strcat(got, ",");
			strcat(got, f->proj[p].id);
		}
	if (strcmp(got, want) != 0)
		fail_msg("sat %s completion %s: got {%s}, want {%s}", pb_sat_name(sat),
			 pb_completion_name(c), got, want);
	assert_true(r->spent <= f->budget);
	pb_result_free(r);
}

static void test_appex_2_and_3(void **state)
{
	const char *ids[] = {"p0", "p1", "p2", "p3", "p4", "p5"};
	const char *cost[] = {"1", "0.9", "2", "1.09", "1.09", "1.09"};
	const char *ballots[] = {"p0", "p1,p2,p3", "p2"};
	const int mult[] = {1, 2, 1};
	for (int np = 4; np <= 6; np += 2) {
		struct pb_file *f = build("4", np, ids, cost, 3, ballots, mult);
		expect(f, PB_SAT_COST, PB_COMPLETION_NONE, 0, "p0,p2");
		expect(f, PB_SAT_APPROVAL, PB_COMPLETION_NONE, 0, "p0,p1,p3");
		/* "iterated": voter budget increment 1/10 (10 units of 0.01) */
		expect(f, PB_SAT_COST, PB_COMPLETION_ADD1E, 10, "p0,p1,p2");
		if (np == 4)
			expect(f, PB_SAT_APPROVAL, PB_COMPLETION_ADD1E, 10, "p0,p1,p3");
		pb_free(f);
	}
}

static void test_appex_4_free_project(void **state)
{
	const char *ids[] = {"p0", "p1", "p2"};
	const char *cost[] = {"0", "1", "2"};
	const char *ballots[] = {"p0", "p0,p1,p2", "p2"};
	const int mult[] = {1, 1, 1};
	struct pb_file *f = build("2", 3, ids, cost, 3, ballots, mult);
	expect(f, PB_SAT_COST, PB_COMPLETION_NONE, 0, "");  /* the free p0 gives no cost satisfaction */
	expect(f, PB_SAT_APPROVAL, PB_COMPLETION_NONE, 0, "p0");
	expect(f, PB_SAT_COST, PB_COMPLETION_ADD1E, 0, "p2");
	pb_free(f);
}

static void test_all_afford_and_empty(void **state)
{
	const char *ids[] = {"p1", "p2", "p3", "p4"};
	const char *cost[] = {"1", "3", "2", "1"};
	const char *ballots[] = {"p1,p2,p3,p4"};
	const int mult[] = {1};
	struct pb_file *f = build("7", 4, ids, cost, 1, ballots, mult);
	expect(f, PB_SAT_COST, PB_COMPLETION_NONE, 0, "p1,p2,p3,p4");
	expect(f, PB_SAT_APPROVAL, PB_COMPLETION_NONE, 0, "p1,p2,p3,p4");
	expect(f, PB_SAT_COST, PB_COMPLETION_ADD1, 0, "p1,p2,p3,p4");
	pb_free(f);
	const char *empty[] = {""};
	f = build("7", 4, ids, cost, 1, empty, mult);
	expect(f, PB_SAT_COST, PB_COMPLETION_NONE, 0, "");
	expect(f, PB_SAT_COST, PB_COMPLETION_ADD1, 0, "");
	pb_free(f);
}

static void test_lackner_skowron(void **state)
{
	const char *ids[] = {"a", "b", "c", "d", "e", "f", "g"};
	const char *cost[] = {"1", "1", "1", "1", "1", "1", "1"};
	const char *ballots[] = {"a,b", "a,c", "a,d", "b,c,f", "e", "f", "g"};
	const int mult[] = {3, 3, 2, 1, 1, 1, 1};
	struct pb_file *f = build("4", 7, ids, cost, 7, ballots, mult);
	expect(f, PB_SAT_COST, PB_COMPLETION_NONE, 0, "a");
	expect(f, PB_SAT_APPROVAL, PB_COMPLETION_NONE, 0, "a");
	pb_free(f);
}

static void test_completion_greedy(void **state)
{
	const char *ids[] = {"a", "b", "c", "d", "e", "f"};
	const char *cost[] = {"1", "2", "2", "1", "1", "1"};
	const char *ballots[] = {"a,b", "a", "a,c", "a,d", "f", "e"};
	const int mult[] = {2, 1, 3, 2, 1, 1};
	struct pb_file *f = build("5", 6, ids, cost, 6, ballots, mult);
	expect(f, PB_SAT_COST, PB_COMPLETION_NONE, 0, "a");
	expect(f, PB_SAT_COST, PB_COMPLETION_GREEDY, 0, "a,b,c");
	pb_free(f);
}

static void test_mes_phragmen_case(void **state)
{
	const char *ids[] = {"p1", "p2", "p3"};
	const char *cost[] = {"2", "2", "3"};
	const char *ballots[] = {"p1", "p2", "p3"};
	const int mult[] = {5, 1, 2};
	struct pb_file *f = build("4", 3, ids, cost, 3, ballots, mult);
	expect(f, PB_SAT_COST, PB_COMPLETION_NONE, 0, "p1");
	pb_free(f);
}

static void test_tie_is_reported(void **state)
{
	/* Two equal projects with equal support: rho, cost and votes tie, so the
	 * lot decides the order, and the tie is reported. */
	const char *ids[] = {"x", "y"};
	const char *cost[] = {"2", "2"};
	const char *ballots[] = {"y", "x"};
	const int mult[] = {2, 2};
	struct pb_file *f = build("4", 2, ids, cost, 2, ballots, mult);
	struct pb_options o;
	pb_options_default(&o);
	o.completion = PB_COMPLETION_NONE;
	o.report = true;
	struct pb_result *r = pb_allocate(f, &o);
	assert_int_equal(r->nwinners, 2);
	assert_int_equal(r->winners[0], 0); /* x: first in the file = first in the lot */
	assert_int_equal(r->nties, 1);
	assert_string_equal(r->ties[0].decided_by, "lot");
	assert_int_equal(r->ties[0].ntied, 2);
	pb_result_free(r);
	o.tie = PB_TIE_LEXICO;
	r = pb_allocate(f, &o);
	assert_string_equal(r->ties[0].decided_by, "project_id");
	pb_result_free(r);
	pb_free(f);
	/* With unequal costs the cheaper one wins the tie (equalshares.net). */
	const char *cost2[] = {"2", "1"};
	const int mult2[] = {1, 2};
	f = build("4", 2, ids, cost2, 2, ballots, mult2);
	o.tie = PB_TIE_EQUALSHARES;
	r = pb_allocate(f, &o);
	/* b0 = 4/3; x: 2 voters pay 1 each; y: 1 voter... y has 2 voters here */
	assert_true(r->nwinners >= 1);
	pb_result_free(r);
	pb_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_appex_2_and_3),
		cmocka_unit_test(test_appex_4_free_project),
		cmocka_unit_test(test_all_afford_and_empty),
		cmocka_unit_test(test_lackner_skowron),
		cmocka_unit_test(test_completion_greedy),
		cmocka_unit_test(test_mes_phragmen_case),
		cmocka_unit_test(test_tie_is_reported),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
