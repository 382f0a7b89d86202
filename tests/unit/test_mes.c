/* SPDX-License-Identifier: EUPL-1.2 */
/* test_mes.c: the Method of Equal Shares on the real MES elections (Wieliczka
 * 2023, Świecie 2023, Assen 2024 and 2025: MES + add1 gives exactly their
 * `selected` projects, with the per-voter budget and the number of runs the
 * reference needs), pabutools' regression values on the Amsterdam files
 * (add1e, lexicographic ties), and the explanation figures. */
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

static void check_official(const char *name, int nwin, int64_t spent, const char *vb, long runs)
{
	struct pb_file *f = load(name);
	struct pb_options o;
	pb_options_default(&o); /* MES, cost, add1, equalshares ties */
	o.report = true;
	struct pb_result *r = pb_allocate(f, &o);
	assert_string_equal(r->error, "");
	for (int p = 0; p < f->nprojects; p++)
		if ((f->proj[p].selected == 1) != r->selected[p])
			fail_msg("%s: project %s selected %d, MES+add1 says %d", name, f->proj[p].id,
				 f->proj[p].selected, r->selected[p]);
	assert_int_equal(r->nwinners, nwin);
	assert_int_equal(r->spent, spent);
	assert_string_equal(r->voter_budget, vb);
	assert_int_equal(r->mes_runs, runs);
	/* The report pass (every project every round) agrees with the lazy one. */
	assert_int_equal(r->nrounds, nwin);
	for (int i = 0; i < nwin; i++) {
		assert_int_equal(r->rounds[i].project, r->winners[i]);
		assert_true(r->explain[r->winners[i]].won);
		/* A winner's supporters paid its cost (display figures). */
		double cost = (double)f->proj[r->winners[i]].cost;
		assert_true(r->explain[r->winners[i]].paid_by_supporters > cost - 0.01 * cost - 1);
		assert_true(r->explain[r->winners[i]].paid_by_supporters < cost + 1);
	}
	for (int p = 0; p < f->nprojects; p++)
		if (!r->selected[p] && f->proj[p].votes > 0)
			assert_false(r->explain[p].won);
	pb_result_free(r);
	pb_free(f);
}

static void test_wieliczka_2023(void **state)
{
	check_official("Poland_Wieliczka_2023_Green_Budget.pb", 30, 995079, "315", 166);
}

static void test_swiecie_2023(void **state)
{
	check_official("Poland_Swiecie_2023.pb", 17, 1040337, "662", 245);
}

static void test_assen_2024(void **state)
{
	check_official("Netherlands_Assen_2024.pb", 9, 76700, "2033", 845);
}

static void test_assen_2025(void **state)
{
	check_official("Netherlands_Assen_2025.pb", 13, 94837, "637", 338);
}

/* pabutools (Cost_Sat, lexicographic ties, default Add1) on Amsterdam files,
 * as measured in RESEARCH.md §3.3. */
static void check_pabutools(const char *name, enum pb_completion c, int nwin, int64_t spent)
{
	struct pb_file *f = load(name);
	struct pb_options o;
	pb_options_default(&o);
	o.completion = c;
	o.tie = PB_TIE_LEXICO;
	struct pb_result *r = pb_allocate(f, &o);
	assert_string_equal(r->error, "");
	if (r->nwinners != nwin || r->spent != spent)
		fail_msg("%s: %d winners for %lld, expected %d for %lld", name, r->nwinners,
			 (long long)r->spent, nwin, (long long)spent);
	pb_result_free(r);
	pb_free(f);
}

static void test_amsterdam_like_pabutools(void **state)
{
	check_pabutools("Netherlands_Amsterdam_643.pb", PB_COMPLETION_NONE, 0, 0);
	check_pabutools("Netherlands_Amsterdam_643.pb", PB_COMPLETION_ADD1E, 1, 2000);
	check_pabutools("Netherlands_Amsterdam_647.pb", PB_COMPLETION_NONE, 12, 127974);
	check_pabutools("Netherlands_Amsterdam_647.pb", PB_COMPLETION_ADD1E, 15, 159779);
	check_pabutools("Netherlands_Amsterdam_166.pb", PB_COMPLETION_NONE, 24, 183991);
	check_pabutools("Netherlands_Amsterdam_166.pb", PB_COMPLETION_ADD1E, 31, 243621);
	check_pabutools("Netherlands_Amsterdam_604.pb", PB_COMPLETION_NONE, 18, 219068);
	check_pabutools("Netherlands_Amsterdam_604.pb", PB_COMPLETION_ADD1E, 22, 297413);
	check_pabutools("Netherlands_Amsterdam_631.pb", PB_COMPLETION_NONE, 27, 247073);
	check_pabutools("Netherlands_Amsterdam_631.pb", PB_COMPLETION_ADD1E, 30, 295068);
	check_pabutools("Netherlands_Amsterdam_252.pb", PB_COMPLETION_NONE, 32, 423300);
	check_pabutools("Netherlands_Amsterdam_252.pb", PB_COMPLETION_ADD1E, 35, 481300);
	/* pabutools default Add1 on Wieliczka picks 31 projects (not the official 30). */
	check_pabutools("Poland_Wieliczka_2023_Green_Budget.pb", PB_COMPLETION_ADD1E, 31, 984579);
}

static void test_explanations_for_residents(void **state)
{
	struct pb_file *f = load("Netherlands_Assen_2024.pb");
	struct pb_options o;
	pb_options_default(&o);
	o.report = true;
	struct pb_result *r = pb_allocate(f, &o);
	struct buf b = BUF_INIT;
	pb_explain_text(f, r, pb_project_index(f, "3"), &b);
	assert_non_null(strstr(b.data, "Chosen in round 1."));
	assert_non_null(strstr(b.data, "43 supporters"));
	buf_reset(&b);
	/* Project 8 lost: its supporters' money went mostly to project 9. */
	pb_explain_text(f, r, pb_project_index(f, "8"), &b);
	assert_non_null(strstr(b.data, "Not chosen."));
	assert_non_null(strstr(b.data, "costs 40000"));
	assert_non_null(strstr(b.data, "project 9"));
	buf_free(&b);
	pb_result_free(r);
	o.rule = PB_RULE_GREEDY;
	o.report = false;
	r = pb_allocate(f, &o);
	struct buf g = BUF_INIT;
	for (int p = 0; p < f->nprojects; p++) {
		buf_reset(&g);
		pb_explain_text(f, r, p, &g);
		assert_non_null(strstr(g.data, r->selected[p] ? "Chosen" : "Not chosen"));
	}
	buf_free(&g);
	pb_result_free(r);
	pb_free(f);
}

static void test_lot_seed_is_deterministic(void **state)
{
	struct pb_file *f = load("Netherlands_Assen_2025.pb");
	struct pb_options o;
	pb_options_default(&o);
	o.has_lot_seed = true;
	o.lot_seed = 20261123;
	struct pb_result *a = pb_allocate(f, &o), *b = pb_allocate(f, &o);
	assert_int_equal(a->nwinners, b->nwinners);
	assert_memory_equal(a->winners, b->winners, (size_t)a->nwinners * sizeof(int));
	pb_result_free(a);
	pb_result_free(b);
	pb_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wieliczka_2023),
		cmocka_unit_test(test_swiecie_2023),
		cmocka_unit_test(test_assen_2024),
		cmocka_unit_test(test_assen_2025),
		cmocka_unit_test(test_amsterdam_like_pabutools),
		cmocka_unit_test(test_explanations_for_residents),
		cmocka_unit_test(test_lot_seed_is_deterministic),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
