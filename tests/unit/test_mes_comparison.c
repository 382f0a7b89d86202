/* SPDX-License-Identifier: EUPL-1.2 */
/* test_mes_comparison.c: the "-comparison" step (MES, then greedy only if
 * more voters prefer it). Wieliczka 2023 (rule equalshares/add1-comparison)
 * must keep MES and its `selected`, with preference counts that match an
 * independent recount; a constructed case where greedy wins; a tie in the
 * counts keeps MES; names and the META default. */
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

/* A .pb text from ids/costs and ballots with multiplicities. */
static struct pb_file *build(const char *rule, const char *budget, int np, const char *const *ids,
			     const int *cost, int nb, const char *const *ballots, const int *mult)
{
	struct buf b = BUF_INIT;
	int nv = 0;
	for (int i = 0; i < nb; i++)
		nv += mult[i];
	buf_printf(&b, "META\nkey;value\nnum_projects;%d\nnum_votes;%d\nbudget;%s\nvote_type;approval\n"
		       "rule;%s\nPROJECTS\nproject_id;cost\n",
		   np, nv, budget, rule);
	for (int p = 0; p < np; p++)
		buf_printf(&b, "%s;%d\n", ids[p], cost[p]);
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

/* The winner ids, sorted by index, comma-separated, into out. */
static void ids_of(const struct pb_file *f, const int *w, int n, char *out, size_t cap)
{
	bool *sel = xcalloc((size_t)f->nprojects + 1, sizeof *sel);
	for (int i = 0; i < n; i++)
		sel[w[i]] = true;
	out[0] = 0;
	for (int p = 0; p < f->nprojects; p++)
		if (sel[p]) {
			if (out[0])
				strncat(out, ",", cap - strlen(out) - 1);
			strncat(out, f->proj[p].id, cap - strlen(out) - 1);
		}
	free(sel);
}

/* Recounts the preferences the plain way: per voter, approved winners in each. */
static void recount(const struct pb_file *f, enum pb_comparison by, const int *a, int na,
		    const int *b, int nb, long *pa, long *pb)
{
	*pa = *pb = 0;
	for (long v = 0; v < f->nvoters; v++) {
		long sa = 0, sb = 0;
		for (long j = f->off[v]; j < f->off[v + 1]; j++) {
			for (int i = 0; i < na; i++)
				sa += a[i] == f->item[j];
			for (int i = 0; i < nb; i++)
				sb += b[i] == f->item[j];
		}
		if (by == PB_COMPARISON_EXCLUSION) {
			sa = sa != 0;
			sb = sb != 0;
		}
		*pa += sa > sb;
		*pb += sb > sa;
	}
}

static void check_wieliczka(enum pb_comparison by)
{
	struct pb_file *f = load("Poland_Wieliczka_2023_Green_Budget.pb");
	assert_string_equal(f->rule, "equalshares/add1-comparison");
	assert_int_equal(pb_comparison_for_rule(f->rule), PB_COMPARISON_SATISFACTION);
	struct pb_options o;
	pb_options_default(&o); /* MES, cost, add1 */
	o.comparison = by;
	o.report = true;
	struct pb_result *r = pb_allocate(f, &o);
	assert_string_equal(r->error, "");
	const struct pb_comparison_result *c = &r->comparison;
	assert_int_equal(c->by, by);
	assert_false(c->greedy_won);
	for (int p = 0; p < f->nprojects; p++)
		if ((f->proj[p].selected == 1) != r->selected[p])
			fail_msg("project %s selected %d, MES+add1 with comparison says %d", f->proj[p].id,
				 f->proj[p].selected, r->selected[p]);
	assert_int_equal(r->nwinners, 30);
	assert_int_equal(r->spent, 995079);
	assert_int_equal(c->n_mes, 30);
	assert_int_equal(c->mes_spent, 995079);
	assert_non_null(r->explain); /* MES kept: its explanations stay */
	/* The greedy outcome is the plain greedy rule's. */
	struct pb_options og;
	pb_options_default(&og);
	og.rule = PB_RULE_GREEDY;
	struct pb_result *g = pb_allocate(f, &og);
	assert_int_equal(c->n_greedy, g->nwinners);
	assert_int_equal(c->greedy_spent, g->spent);
	assert_memory_equal(c->greedy_winners, g->winners, (size_t)g->nwinners * sizeof(int));
	long pa, pb;
	recount(f, by, c->mes_winners, c->n_mes, c->greedy_winners, c->n_greedy, &pa, &pb);
	assert_int_equal(c->prefer_mes, pa);
	assert_int_equal(c->prefer_greedy, pb);
	assert_int_equal(c->prefer_mes + c->prefer_greedy + c->indifferent, f->nvoters);
	assert_true(c->prefer_mes > c->prefer_greedy);
	assert_true(c->prefer_greedy > 0); /* the outcomes differ: a real comparison */
	pb_result_free(g);
	pb_result_free(r);
	pb_free(f);
}

static void test_wieliczka_satisfaction(void **state)
{
	(void)state;
	check_wieliczka(PB_COMPARISON_SATISFACTION);
}

static void test_wieliczka_exclusion(void **state)
{
	(void)state;
	check_wieliczka(PB_COMPARISON_EXCLUSION);
}

/* Seven voters want only A (cost 100 = the budget); three want the three
 * small projects. MES (+add1) never gathers 100 behind A without the small
 * projects overspending, so it funds b1 only; greedy funds A, which seven
 * of the ten prefer. */
static void test_greedy_wins(void **state)
{
	(void)state;
	static const char *const ids[] = {"a", "b1", "b2", "b3"};
	static const int cost[] = {100, 30, 30, 30};
	static const char *const ballots[] = {"a", "b1,b2,b3"};
	static const int mult[] = {7, 3};
	struct pb_file *f = build("equalshares/add1-comparison", "100", 4, ids, cost, 2, ballots, mult);
	for (int by = PB_COMPARISON_SATISFACTION; by <= PB_COMPARISON_EXCLUSION; by++) {
		struct pb_options o;
		pb_options_default(&o);
		o.comparison = (enum pb_comparison)by;
		o.report = true;
		struct pb_result *r = pb_allocate(f, &o);
		assert_string_equal(r->error, "");
		const struct pb_comparison_result *c = &r->comparison;
		char s[64];
		ids_of(f, c->mes_winners, c->n_mes, s, sizeof s);
		assert_string_equal(s, "b1");
		assert_int_equal(c->mes_spent, 30);
		ids_of(f, c->greedy_winners, c->n_greedy, s, sizeof s);
		assert_string_equal(s, "a");
		assert_int_equal(c->prefer_greedy, 7);
		assert_int_equal(c->prefer_mes, 3);
		assert_int_equal(c->indifferent, 0);
		assert_true(c->greedy_won);
		/* The result is greedy's. */
		ids_of(f, r->winners, r->nwinners, s, sizeof s);
		assert_string_equal(s, "a");
		assert_true(r->selected[0]);
		assert_false(r->selected[1]);
		assert_int_equal(r->spent, 100);
		assert_int_equal(r->ngreedy_fill, 0);
		assert_null(r->explain);
		assert_null(r->rounds);
		assert_int_equal(r->nrounds, 0);
		assert_true(r->share_funded > 0.69 && r->share_funded < 0.71); /* stats of greedy's */
		pb_result_free(r);
	}
	/* Without the comparison MES stands. */
	struct pb_options o;
	pb_options_default(&o);
	struct pb_result *r = pb_allocate(f, &o);
	assert_int_equal(r->comparison.by, PB_COMPARISON_NONE);
	assert_int_equal(r->nwinners, 1);
	assert_true(r->selected[1]);
	pb_result_free(r);
	pb_free(f);
}

/* Four voters for A, four for the three small projects; greedy (lexicographic
 * ties) takes A, MES + add1 the three small ones: 4 against 4 keeps MES. */
static void test_tie_keeps_mes(void **state)
{
	(void)state;
	static const char *const ids[] = {"a", "b1", "b2", "b3"};
	static const int cost[] = {100, 30, 30, 30};
	static const char *const ballots[] = {"a", "b1,b2,b3"};
	static const int mult[] = {4, 4};
	struct pb_file *f = build("equalshares-comparison", "100", 4, ids, cost, 2, ballots, mult);
	struct pb_options o;
	pb_options_default(&o);
	o.comparison = PB_COMPARISON_SATISFACTION;
	o.tie = PB_TIE_LEXICO;
	struct pb_result *r = pb_allocate(f, &o);
	const struct pb_comparison_result *c = &r->comparison;
	char s[64];
	ids_of(f, c->greedy_winners, c->n_greedy, s, sizeof s);
	assert_string_equal(s, "a");
	ids_of(f, r->winners, r->nwinners, s, sizeof s);
	assert_string_equal(s, "b1,b2,b3");
	assert_int_equal(c->prefer_mes, 4);
	assert_int_equal(c->prefer_greedy, 4);
	assert_false(c->greedy_won);
	pb_result_free(r);
	/* Greedy rules ignore the option. */
	o.rule = PB_RULE_GREEDY;
	r = pb_allocate(f, &o);
	assert_int_equal(r->comparison.by, PB_COMPARISON_NONE);
	pb_result_free(r);
	pb_free(f);
}

static void test_names(void **state)
{
	(void)state;
	enum pb_comparison c;
	assert_int_equal(pb_comparison_parse("none", &c), 0);
	assert_int_equal(c, PB_COMPARISON_NONE);
	assert_int_equal(pb_comparison_parse("satisfaction", &c), 0);
	assert_int_equal(c, PB_COMPARISON_SATISFACTION);
	assert_int_equal(pb_comparison_parse("exclusion", &c), 0);
	assert_int_equal(c, PB_COMPARISON_EXCLUSION);
	assert_int_equal(pb_comparison_parse("exclusionRatio", &c), 0);
	assert_int_equal(c, PB_COMPARISON_EXCLUSION);
	assert_int_equal(pb_comparison_parse("majority", &c), -1);
	assert_string_equal(pb_comparison_name(PB_COMPARISON_EXCLUSION), "exclusion");
	assert_int_equal(pb_comparison_for_rule("equalshares-comparison"), PB_COMPARISON_SATISFACTION);
	assert_int_equal(pb_comparison_for_rule("equalshares/add1-comparison"),
			 PB_COMPARISON_SATISFACTION);
	assert_int_equal(pb_comparison_for_rule("equalshares/add1"), PB_COMPARISON_NONE);
	assert_int_equal(pb_comparison_for_rule("-comparison"), PB_COMPARISON_NONE);
	assert_int_equal(pb_comparison_for_rule(""), PB_COMPARISON_NONE);
	assert_int_equal(pb_comparison_for_rule(NULL), PB_COMPARISON_NONE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wieliczka_satisfaction),
		cmocka_unit_test(test_wieliczka_exclusion),
		cmocka_unit_test(test_greedy_wins),
		cmocka_unit_test(test_tie_keeps_mes),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
