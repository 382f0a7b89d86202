/* SPDX-License-Identifier: EUPL-1.2 */
/* test_greedy.c: greedy, greedy-threshold and greedy-no-skip. Kraków 2024
 * (ordinal, Borda) and Katowice 2023 (cumulative) give exactly their
 * `selected` projects; Warszawa 2026 and Łódź 2022 are in test_mes_big.c so
 * that each big file is read by one test only. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "budget/budget.h"
#include "budget/pabulib.h"

static struct pb_file *load(const char *name)
{
	char path[4096];
	const char *d = getenv("WB_SHARED_DATA");
	snprintf(path, sizeof path, "%s/pabulib/%s", d ? d : "../shared/data", name);
	struct pb_error e;
	struct pb_file *f = pb_read_file(path, &e);
	if (!f)
		fail_msg("%s: line %ld field %s: %s", name, e.line, e.field, e.msg);
	return f;
}

/* Runs a rule and checks the outcome equals the file's selected column. */
static void check_selected(const char *name, enum pb_rule rule, int64_t spent)
{
	struct pb_file *f = load(name);
	struct pb_options o;
	pb_options_default(&o);
	o.rule = rule;
	struct pb_result *r = pb_allocate(f, &o);
	assert_string_equal(r->error, "");
	for (int p = 0; p < f->nprojects; p++)
		if ((f->proj[p].selected == 1) != r->selected[p])
			fail_msg("%s: project %s selected %d, rule says %d", name, f->proj[p].id,
				 f->proj[p].selected, r->selected[p]);
	assert_int_equal(r->spent, spent);
	assert_true(r->spent <= f->budget);
	pb_result_free(r);
	pb_free(f);
}

static void test_krakow_2024_borda(void **state)
{
	check_selected("Poland_Krakow_2024.pb", PB_RULE_GREEDY, 9198000);
}

static void test_katowice_2023_points(void **state)
{
	check_selected("Poland_Katowice_2023.pb", PB_RULE_GREEDY_THRESHOLD, 2999130);
}

static struct pb_file *toy(const char *s)
{
	struct pb_error e;
	struct pb_file *f = pb_parse(s, strlen(s), &e);
	if (!f)
		fail_msg("toy: line %ld: %s", e.line, e.msg);
	return f;
}

/* a (3 votes, cost 6), b (2 votes, cost 5), c (2 votes, cost 3), d (1, 1); B = 11. */
static const char small[] = "META\nkey;value\nnum_projects;4\nnum_votes;3\nbudget;11\n"
			    "vote_type;approval\nrule;greedy\nPROJECTS\nproject_id;cost\n"
			    "a;6\nb;5\nc;3\nd;1\nVOTES\nvoter_id;vote\n1;a,b,c\n2;a,b,c\n3;a,d\n";

static void test_variants_and_ties(void **state)
{
	struct pb_file *f = toy(small);
	struct pb_options o;
	pb_options_default(&o);
	o.rule = PB_RULE_GREEDY;
	struct pb_result *r = pb_allocate(f, &o);
	/* a; then b and c tie on 2 votes: lowest cost first (c); b no longer fits; d. */
	assert_int_equal(r->nwinners, 3);
	assert_int_equal(r->winners[0], 0);
	assert_int_equal(r->winners[1], 2);
	assert_int_equal(r->winners[2], 3);
	assert_int_equal(r->nties, 1);
	assert_string_equal(r->ties[0].decided_by, "cost");
	pb_result_free(r);
	o.tie = PB_TIE_LEXICO; /* b before c by id: a, b (5 of the 5 left) */
	r = pb_allocate(f, &o);
	assert_int_equal(r->nwinners, 2);
	assert_int_equal(r->winners[1], 1);
	assert_string_equal(r->ties[0].decided_by, "project_id");
	pb_result_free(r);
	o.tie = PB_TIE_EQUALSHARES;
	o.rule = PB_RULE_GREEDY_NO_SKIP;
	r = pb_allocate(f, &o);
	assert_int_equal(r->nwinners, 2); /* a, c, then b does not fit: stop */
	pb_result_free(r);
	o.rule = PB_RULE_GREEDY_THRESHOLD;
	o.has_threshold = true;
	o.threshold = 2;
	r = pb_allocate(f, &o);
	assert_int_equal(r->nwinners, 2); /* d has 1 vote */
	assert_int_equal(r->spent, 9);
	pb_result_free(r);
	pb_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_krakow_2024_borda),
		cmocka_unit_test(test_katowice_2023_points),
		cmocka_unit_test(test_variants_and_ties),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
