/* SPDX-License-Identifier: EUPL-1.2 */
/* test_panel_web.c: the rule of 5 on the burgerraad transparency page with
 * complementary suppression (panel_suppress). For the demo pool
 * (example_small_20) and the other published example pools, the pool counts
 * per quota value and the group table are suppressed as the page does; then,
 * independently of panel_suppress, every suppressed count is shown to have at
 * least two values that fit everything published: the pool total, the shown
 * counts of its row, what is known of the other suppressed cells ("< 5", or
 * "hidden": 5 or more) and the group table (a value's count is at least the
 * shown groups with it, at most that plus the people not shown there).
 * Hand-made rows check the single cases: one small cell next to big ones,
 * two small cells that add up to a known sum, zeros, a total under 5. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
/* cmocka.h needs the headers above first. */
#include <cmocka.h>

#include "panel/panel.h"
#include "panel/panel_web.h"

/* Values x that suppressed cell h of row [a,b) can take, given the row sum,
 * the shown cells, the known bounds of the other suppressed cells and
 * [extra_lo[h], extra_hi[h]] from other tables. Counts up to 2 (enough). */
static int fits(const int *count, const enum panel_cell *st, int a, int b, int total, int h,
		const int *extra_lo, const int *extra_hi)
{
	int rest = total;
	for (int i = a; i < b; i++)
		if (st[i] == PANEL_CELL_SHOWN)
			rest -= count[i];
	int found = 0;
	for (int x = 0; x <= total && found < 2; x++) {
		if (st[h] == PANEL_CELL_SMALL && x > 4)
			break;
		if (st[h] == PANEL_CELL_HIDDEN && x < 5)
			continue;
		if (x < extra_lo[h] || x > extra_hi[h])
			continue;
		/* Can the other suppressed cells make up rest - x? Their sums form one
		 * interval, as each cell ranges over an interval of whole numbers. */
		int lo = 0, hi = 0;
		for (int i = a; i < b; i++) {
			if (i == h || st[i] == PANEL_CELL_SHOWN)
				continue;
			int l = st[i] == PANEL_CELL_SMALL ? 0 : 5, u = st[i] == PANEL_CELL_SMALL ? 4 : total;
			if (l < extra_lo[i])
				l = extra_lo[i];
			if (u > extra_hi[i])
				u = extra_hi[i];
			lo += l;
			hi += u;
		}
		if (rest - x >= lo && rest - x <= hi)
			found++;
	}
	return found;
}

/* Asserts that no suppressed cell of any row has a single fitting value. */
static void assert_safe(const int *count, const int *group, const enum panel_cell *st, int n,
			int total, const int *extra_lo, const int *extra_hi)
{
	for (int a = 0, b; a < n; a = b) {
		for (b = a + 1; b < n && group[b] == group[a]; b++)
			;
		for (int h = a; h < b; h++) {
			if (st[h] == PANEL_CELL_SHOWN) {
				assert_true(count[h] >= PANEL_MIN_GROUP);
				continue;
			}
			if (count[h] < PANEL_MIN_GROUP)
				assert_int_equal(st[h], PANEL_CELL_SMALL);
			if (fits(count, st, a, b, total, h, extra_lo, extra_hi) < 2)
				fail_msg("cell %d (count %d) can be worked out", h, count[h]);
		}
	}
}

static void test_rows(void **state)
{
	(void)state;
	enum panel_cell st[4];
	int g[4] = {0, 0, 0, 0}, lo[4] = {0, 0, 0, 0}, hi[4] = {1000, 1000, 1000, 1000};
	/* One small cell: the next smallest is hidden, the biggest stays. */
	int c1[3] = {3, 50, 60};
	panel_suppress(c1, g, 3, 113, st);
	assert_int_equal(st[0], PANEL_CELL_SMALL);
	assert_int_equal(st[1], PANEL_CELL_HIDDEN);
	assert_int_equal(st[2], PANEL_CELL_SHOWN);
	assert_safe(c1, g, st, 3, 113, lo, hi);
	/* The checker catches what the page did before: only "< 5", then 113 - 50 - 60 = 3. */
	enum panel_cell primary_only[3] = {PANEL_CELL_SMALL, PANEL_CELL_SHOWN, PANEL_CELL_SHOWN};
	assert_int_equal(fits(c1, primary_only, 0, 3, 113, 0, lo, hi), 1);
	/* Two small cells with a sum of 4: neither can be worked out; nothing more hidden. */
	int c2[3] = {2, 2, 100};
	panel_suppress(c2, g, 3, 104, st);
	assert_int_equal(st[2], PANEL_CELL_SHOWN);
	assert_safe(c2, g, st, 3, 104, lo, hi);
	/* Two small cells of 4: their sum 8 gives both away, so 100 is hidden too. */
	int c3[3] = {4, 4, 100};
	panel_suppress(c3, g, 3, 108, st);
	assert_int_equal(st[2], PANEL_CELL_HIDDEN);
	assert_safe(c3, g, st, 3, 108, lo, hi);
	/* Zeros count as small as well. */
	int c4[4] = {0, 0, 7, 9};
	panel_suppress(c4, g, 4, 16, st);
	assert_safe(c4, g, st, 4, 16, lo, hi);
	/* Total under 5: nothing is shown, nothing to subtract from. */
	int c5[2] = {1, 2};
	panel_suppress(c5, g, 2, 3, st);
	assert_int_equal(st[0], PANEL_CELL_SMALL);
	assert_int_equal(st[1], PANEL_CELL_SMALL);
	/* Two rows are independent: the first is fine as it is. */
	int c6[4] = {10, 20, 1, 29}, g6[4] = {0, 0, 1, 1};
	panel_suppress(c6, g6, 4, 30, st);
	assert_int_equal(st[0], PANEL_CELL_SHOWN);
	assert_int_equal(st[1], PANEL_CELL_SHOWN);
	assert_int_equal(st[3], PANEL_CELL_HIDDEN);
}

/* The published tables of one example pool, suppressed as on the page. */
static void check_instance(const char *name, const char *quotas, const char *pool)
{
	const char *shared = getenv("WB_SHARED_DATA");
	if (!shared)
		skip();
	char qp[1024], pp[1024], err[512];
	snprintf(qp, sizeof qp, "%s/sortition/instances/%s/%s", shared, name, quotas);
	snprintf(pp, sizeof pp, "%s/sortition/instances/%s/%s", shared, name, pool);
	struct panel_pool *p = panel_pool_load(qp, pp, NULL, NULL, err, sizeof err);
	if (!p)
		fail_msg("%s: %s", name, err);
	int n = p->n_people, nv = p->n_values, nf = p->n_features;
	/* The group table: types of people with equal features; groups under 5
	 * merged into one row (as public_types does on the page). */
	struct panel_types *t = panel_types_new(p, false);
	int *tcount = calloc((size_t)t->n_types + 1, sizeof *tcount);
	int *tfirst = calloc((size_t)t->n_types + 1, sizeof *tfirst);
	int *tgroup = calloc((size_t)t->n_types + 1, sizeof *tgroup);
	enum panel_cell *tst = calloc((size_t)t->n_types + 1, sizeof *tst);
	int nt = 0, merged = 0;
	for (int i = 0; i < t->n_types; i++) {
		if (t->size[i] >= PANEL_MIN_GROUP) {
			tfirst[nt] = t->members[t->first[i]];
			tcount[nt++] = t->size[i];
		} else {
			merged += t->size[i];
		}
	}
	if (merged) {
		tfirst[nt] = -1;
		tcount[nt++] = merged;
	}
	panel_suppress(tcount, tgroup, nt, n, tst);
	int *tlo = calloc((size_t)nt + 1, sizeof *tlo), *thi = calloc((size_t)nt + 1, sizeof *thi);
	for (int i = 0; i < nt; i++)
		thi[i] = n;
	assert_safe(tcount, tgroup, tst, nt, n, tlo, thi);
	/* The quota table: pool counts per value, one row per feature, with the
	 * group table's shown counts as extra bounds. */
	int *count = calloc((size_t)nv, sizeof *count), *group = calloc((size_t)nv, sizeof *group);
	int *lo = calloc((size_t)nv, sizeof *lo), *hi = calloc((size_t)nv, sizeof *hi);
	enum panel_cell *st = calloc((size_t)nv, sizeof *st);
	for (int i = 0; i < n; i++)
		for (int f = 0; f < nf; f++)
			count[p->person_value[i * nf + f]]++;
	int not_shown = n;
	for (int i = 0; i < nt; i++)
		if (tst[i] == PANEL_CELL_SHOWN && tfirst[i] >= 0)
			not_shown -= tcount[i];
	for (int v = 0; v < nv; v++) {
		group[v] = p->value_feature[v];
		for (int i = 0; i < nt; i++)
			if (tst[i] == PANEL_CELL_SHOWN && tfirst[i] >= 0 &&
			    p->person_value[tfirst[i] * nf + p->value_feature[v]] == v)
				lo[v] += tcount[i];
		hi[v] = lo[v] + not_shown;
	}
	panel_suppress(count, group, nv, n, st);
	assert_safe(count, group, st, nv, n, lo, hi);
	int small = 0, tsmall = 0;
	for (int v = 0; v < nv; v++)
		small += st[v] != PANEL_CELL_SHOWN;
	for (int i = 0; i < nt; i++)
		tsmall += tst[i] != PANEL_CELL_SHOWN;
	printf("# %s: %d people, %d of %d pool counts and %d of %d groups not shown\n", name, n,
	       small, nv, tsmall, nt);
	free(count), free(group), free(lo), free(hi), free(st);
	free(tcount), free(tfirst), free(tgroup), free(tst), free(tlo), free(thi);
	panel_types_free(t);
	panel_pool_free(p);
}

static void test_demo_pool(void **state)
{
	(void)state;
	check_instance("example_small_20", "categories.csv", "respondents.csv");
}

static void test_other_pools(void **state)
{
	(void)state;
	check_instance("geneva_30", "categories.csv", "respondents.csv");
	check_instance("sfscot_22", "features.csv", "candidates.csv");
	check_instance("example_large_200", "categories.csv", "respondents.csv");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_demo_pool),
		cmocka_unit_test(test_other_pools),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
