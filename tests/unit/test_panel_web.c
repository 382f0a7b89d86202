/* SPDX-License-Identifier: EUPL-1.2 */
/* test_panel_web.c: the rule of 5 on the burgerraad transparency page with
 * complementary suppression (panel_suppress). For the demo pool
 * (example_small_20) and the other published example pools, the pool counts
 * per quota value are suppressed as the page does and the groups of 5 or more
 * are named (without head counts); then, independently of panel_suppress,
 * every suppressed count is shown to have at least two values that fit
 * everything published: the pool total, the shown counts of its row, what is
 * known of the other suppressed cells ("< 5", or "hidden": 5 or more) and the
 * named groups. Where the joint table is small (the 2 x 2 demo pools), every
 * head count that fits is searched: no group under 5 has only one.
 * Hand-made rows check the single cases: one small cell next to big ones,
 * two small cells that add up to a known sum, zeros, a total under 5. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdbool.h>
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

/* Joint-table search for pools with few value combinations: cell[c] is the
 * head count of combination c (values of feature f: digit f of c in the
 * mixed radix of the features' value counts). */
struct joint {
	const struct panel_pool *p;
	int ncomb;
	int comb_value[64][8]; /* value index per feature */
	bool listed[64];       /* a group of 5 or more, named on the page */
	int known[64];         /* its head count if published, else -1 */
	int target[256];       /* pool count per value, as known */
	int cell[64], sum[256];
	int seen_lo[64], seen_hi[64];
	long solutions;
};

/* Tries every head count per combination that fits the published data: named
 * groups 5 or more, others 0..4, the pool counts per value exact. Records the
 * lowest and highest value each combination takes over all solutions. */
static void search(struct joint *j, int c)
{
	const struct panel_pool *p = j->p;
	if (c == j->ncomb) {
		for (int v = 0; v < p->n_values; v++)
			if (j->sum[v] != j->target[v])
				return;
		j->solutions++;
		for (int k = 0; k < j->ncomb; k++) {
			if (j->cell[k] < j->seen_lo[k])
				j->seen_lo[k] = j->cell[k];
			if (j->cell[k] > j->seen_hi[k])
				j->seen_hi[k] = j->cell[k];
		}
		return;
	}
	int lo = j->listed[c] ? PANEL_MIN_GROUP : 0, hi = j->listed[c] ? p->n_people : 4;
	if (j->known[c] >= 0)
		lo = hi = j->known[c];
	for (int x = lo; x <= hi; x++) {
		bool over = false;
		for (int f = 0; f < p->n_features; f++)
			over |= j->sum[j->comb_value[c][f]] + x > j->target[j->comb_value[c][f]];
		if (over)
			break;
		j->cell[c] = x;
		for (int f = 0; f < p->n_features; f++)
			j->sum[j->comb_value[c][f]] += x;
		search(j, c + 1);
		for (int f = 0; f < p->n_features; f++)
			j->sum[j->comb_value[c][f]] -= x;
	}
}

/* The published tables of one example pool, suppressed as on the page:
 * the pool count per quota value (panel_suppress) and the groups of 5 or more
 * people with equal features, named without head counts (public_types). */
static int check_instance(const char *name, const char *quotas, const char *pool,
			  bool with_counts)
{
	const char *shared = getenv("WB_SHARED_DATA");
	if (!shared)
		skip();
	int pinned = 0;
	char qp[1024], pp[1024], err[512];
	snprintf(qp, sizeof qp, "%s/sortition/instances/%s/%s", shared, name, quotas);
	snprintf(pp, sizeof pp, "%s/sortition/instances/%s/%s", shared, name, pool);
	struct panel_pool *p = panel_pool_load(qp, pp, NULL, NULL, err, sizeof err);
	if (!p)
		fail_msg("%s: %s", name, err);
	int n = p->n_people, nv = p->n_values, nf = p->n_features;
	struct panel_types *t = panel_types_new(p, false);
	/* The quota table, with what the named groups tell about each value: at
	 * least 5 per named group with that value. */
	int *count = calloc((size_t)nv, sizeof *count), *group = calloc((size_t)nv, sizeof *group);
	int *lo = calloc((size_t)nv, sizeof *lo), *hi = calloc((size_t)nv, sizeof *hi);
	enum panel_cell *st = calloc((size_t)nv, sizeof *st);
	for (int i = 0; i < n; i++)
		for (int f = 0; f < nf; f++)
			count[p->person_value[i * nf + f]]++;
	for (int v = 0; v < nv; v++) {
		group[v] = p->value_feature[v];
		hi[v] = n;
		for (int k = 0; k < t->n_types; k++)
			if (t->size[k] >= PANEL_MIN_GROUP &&
			    p->person_value[t->members[t->first[k]] * nf + p->value_feature[v]] == v)
				lo[v] += PANEL_MIN_GROUP;
	}
	panel_suppress(count, group, nv, n, st);
	assert_safe(count, group, st, nv, n, lo, hi);
	int hidden = 0;
	for (int v = 0; v < nv; v++)
		hidden += st[v] != PANEL_CELL_SHOWN;
	/* The joint table, searched in full where it is small: no group under 5
	 * has only one head count that fits (only when all pool counts are shown;
	 * suppressed ones would only widen the search). */
	long combos = 1;
	for (int f = 0; f < nf; f++)
		combos *= p->first_value[f + 1] - p->first_value[f];
	int small = 0;
	if (combos <= 16 && hidden == 0) {
		struct joint *j = calloc(1, sizeof *j);
		j->p = p;
		j->ncomb = (int)combos;
		for (int c = 0; c < j->ncomb; c++) {
			int rest = c;
			for (int f = 0; f < nf; f++) {
				int k = p->first_value[f + 1] - p->first_value[f];
				j->comb_value[c][f] = p->first_value[f] + rest % k;
				rest /= k;
			}
			j->seen_lo[c] = n + 1;
			j->seen_hi[c] = -1;
			j->known[c] = -1;
		}
		for (int k = 0; k < t->n_types; k++) {
			if (t->size[k] < PANEL_MIN_GROUP)
				continue;
			const int *pv = &p->person_value[t->members[t->first[k]] * nf];
			for (int c = 0; c < j->ncomb; c++)
				if (memcmp(pv, j->comb_value[c], (size_t)nf * sizeof(int)) == 0) {
					j->listed[c] = true;
					j->known[c] = with_counts ? t->size[k] : -1;
				}
		}
		for (int v = 0; v < nv; v++)
			j->target[v] = count[v];
		search(j, 0);
		assert_true(j->solutions >= 1); /* the real pool is one of them */
		for (int c = 0; c < j->ncomb; c++) {
			if (j->listed[c])
				continue;
			small++;
			pinned += j->seen_lo[c] == j->seen_hi[c];
		}
		free(j);
	}
	if (small || combos <= 16)
		printf("# %s: %d people, %d of %d pool counts not shown; %ld value combinations, "
		       "%d of them under 5, %d of those worked out%s\n",
		       name, n, hidden, nv, combos, small, pinned,
		       with_counts ? " (with head counts per group)" : "");
	else
		printf("# %s: %d people, %d of %d pool counts not shown; %ld value combinations "
		       "(too many to search)\n", name, n, hidden, nv, combos);
	free(count), free(group), free(lo), free(hi), free(st);
	panel_types_free(t);
	panel_pool_free(p);
	return pinned;
}

static void test_demo_pool(void **state)
{
	(void)state;
	assert_int_equal(check_instance("example_small_20", "categories.csv", "respondents.csv",
					false), 0);
	/* What the page did before: head counts per group. Then the small group
	 * follows from the pool counts, which is why the page no longer shows them. */
	assert_true(check_instance("example_small_20", "categories.csv", "respondents.csv", true) >
		    0);
}

static void test_other_pools(void **state)
{
	(void)state;
	assert_int_equal(check_instance("geneva_30", "categories.csv", "respondents.csv", false), 0);
	assert_int_equal(check_instance("sfscot_22", "features.csv", "candidates.csv", false), 0);
	assert_int_equal(
		check_instance("example_large_200", "categories.csv", "respondents.csv", false), 0);
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
