/* SPDX-License-Identifier: EUPL-1.2 */
/* test_panel.c: the sortition engine on the public instances (probabilities
 * against the published LEXIMIN minimum and the reference vectors), on
 * small pools with known answers, households, infeasible quotas, LEGACY,
 * the ticket table, the seed, and the LP wrapper (panel_lp.h). geneva_30
 * takes about 4 s of CPU per run (three runs); set WB_PANEL_FAST=1 to skip
 * them (bench/panel/ times it as well). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* cmocka needs the headers above first */
#include <cmocka.h>

#include "panel/panel.h"
#include "panel/panel_lp.h"
#include "util/mem.h"

static char err[512];

static const char *data_dir(void)
{
	const char *d = getenv("WB_SHARED_DATA");
	return d ? d : "../shared/data";
}

static struct panel_pool *load_instance(const char *name, const char *quota, const char *pool)
{
	char q[1024], p[1024];
	snprintf(q, sizeof q, "%s/sortition/instances/%s/%s", data_dir(), name, quota);
	snprintf(p, sizeof p, "%s/sortition/instances/%s/%s", data_dir(), name, pool);
	struct panel_pool *pp = panel_pool_load(q, p, NULL, NULL, err, sizeof err);
	if (!pp)
		fail_msg("%s: %s", name, err);
	return pp;
}

/* Reads reference/leximin_scipy_highs/<name>_leximin_probs.csv. */
static double *load_reference(const char *name, int n)
{
	char path[1024], line[256];
	snprintf(path, sizeof path,
		 "%s/sortition/reference/leximin_scipy_highs/%s_leximin_probs.csv", data_dir(),
		 name);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	double *ref = xcalloc((size_t)n, sizeof(double));
	int rows = 0;
	assert_non_null(fgets(line, sizeof line, f)); /* header */
	while (fgets(line, sizeof line, f)) {
		int row;
		double v;
		if (sscanf(line, "%d,%lf", &row, &v) == 2 && row >= 0 && row < n) {
			ref[row] = v;
			rows++;
		}
	}
	fclose(f);
	assert_int_equal(rows, n);
	return ref;
}

/* The checks every LEXIMIN result must pass: sum = k, every panel of the
 * concrete lottery meets the quotas, the ticket table too. */
static void check_lottery(const struct panel_pool *p, const struct panel_types *t,
			  const struct panel_lottery *l, int k)
{
	double sum = 0;
	for (int i = 0; i < p->n_people; i++) {
		assert_true(l->prob[i] >= -1e-9 && l->prob[i] <= 1 + 1e-9);
		sum += l->prob[i];
	}
	assert_true(fabs(sum - k) < 1e-6);
	double wsum = 0;
	for (int j = 0; j < l->n_panels; j++)
		wsum += l->weight[j];
	assert_true(fabs(wsum - 1) < 1e-9);
	struct panel_concrete *c = panel_concrete_new(l, t, 1000000);
	assert_non_null(c);
	double *prob = xcalloc((size_t)p->n_people, sizeof(double));
	for (int j = 0; j < c->n_panels; j++) {
		assert_true(panel_check(p, c->members + (size_t)j * (size_t)k, k));
		for (int a = 0; a < k; a++)
			prob[c->members[(size_t)j * (size_t)k + (size_t)a]] += c->weight[j];
	}
	/* The concrete panels give exactly the same probabilities. */
	for (int i = 0; i < p->n_people; i++)
		assert_true(fabs(prob[i] - l->prob[i]) < 1e-9);
	panel_concrete_free(c);
	struct panel_concrete *tk = panel_tickets(l, t, p->n_people, 1000, prob);
	assert_int_equal(tk->n_panels, 1000);
	for (int s = 0; s < 1000; s++)
		assert_true(panel_check(p, tk->members + (size_t)s * (size_t)k, k));
	for (int i = 0; i < p->n_people; i++) /* rounding moves a probability by at most k/m */
		assert_true(fabs(prob[i] - l->prob[i]) <= (double)k / 1000 + 1e-9);
	panel_concrete_free(tk);
	free(prob);
}

/* Runs LEXIMIN on the pool read from quota_path and pool_path and checks it:
 * a valid lottery, the published minimum, and, when ref_name is given, the
 * whole vector against the reference; perm[i] is the reference row of the
 * pool's row i (NULL: the same row). */
static void run_pool(const char *quota_path, const char *pool_path, int k, double published_min,
		     const char *ref_name, const int *perm)
{
	struct panel_pool *p = panel_pool_load(quota_path, pool_path, NULL, NULL, err, sizeof err);
	if (!p)
		fail_msg("%s: %s", pool_path, err);
	struct panel_types *t = panel_types_new(p, false);
	struct panel_lottery *l = NULL;
	assert_int_equal(panel_leximin(p, t, k, NULL, &l, err, sizeof err), PANEL_OK);
	check_lottery(p, t, l, k);
	/* published minimum, to the precision it was published with */
	assert_true(fabs(l->min_prob - published_min) < 5e-4);
	if (ref_name) {
		/* The reference has 6 decimals; the issue asks for 1e-3, the engine
		 * is exact up to its tolerances (about 1e-7). */
		double *ref = load_reference(ref_name, p->n_people);
		for (int i = 0; i < p->n_people; i++) {
			int r = perm ? perm[i] : i;
			if (fabs(l->prob[i] - ref[r]) > 1e-5)
				fail_msg("%s: person %d has %.7f, reference %.6f", pool_path, r,
					 l->prob[i], ref[r]);
		}
		free(ref);
	}
	panel_lottery_free(l);
	panel_types_free(t);
	panel_pool_free(p);
}

static void run_instance(const char *name, const char *quota, const char *pool, int k,
			 double published_min, bool has_reference)
{
	char q[1024], p[1024];
	snprintf(q, sizeof q, "%s/sortition/instances/%s/%s", data_dir(), name, quota);
	snprintf(p, sizeof p, "%s/sortition/instances/%s/%s", data_dir(), name, pool);
	run_pool(q, p, k, published_min, has_reference ? name : NULL, NULL);
}

/* Writes the instance's pool file with its rows in another order (a fixed
 * generator per seed) to the file path (mkstemp template); perm[i] is the
 * original row of the new row i. */
static void write_shuffled(const char *name, const char *pool, unsigned seed, char *path,
			   int *perm, int n)
{
	char src[1024];
	snprintf(src, sizeof src, "%s/sortition/instances/%s/%s", data_dir(), name, pool);
	FILE *in = fopen(src, "r");
	assert_non_null(in);
	char header[4096], **rows = xcalloc((size_t)n, sizeof(char *));
	assert_non_null(fgets(header, sizeof header, in));
	char line[4096];
	int got = 0;
	while (got < n && fgets(line, sizeof line, in))
		rows[got++] = xstrdup(line);
	fclose(in);
	assert_int_equal(got, n);
	for (int i = 0; i < n; i++)
		perm[i] = i;
	uint32_t x = seed;
	for (int i = n - 1; i > 0; i--) { /* Fisher-Yates with a 32-bit LCG */
		x = x * 1664525u + 1013904223u;
		int j = (int)((uint64_t)x * (uint64_t)(i + 1) >> 32);
		int tmp = perm[i];
		perm[i] = perm[j];
		perm[j] = tmp;
	}
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *out = fdopen(fd, "w");
	assert_non_null(out);
	fputs(header, out);
	for (int i = 0; i < n; i++)
		fputs(rows[perm[i]], out);
	fclose(out);
	for (int i = 0; i < n; i++)
		free(rows[i]);
	free(rows);
}

static void test_example_small_20(void **state)
{
	run_instance("example_small_20", "categories.csv", "respondents.csv", 20, 0.10, true);
}

static void test_example_large_200(void **state)
{
	/* The exact answer is known: everyone k/n = 10 %. */
	run_instance("example_large_200", "categories.csv", "respondents.csv", 200, 0.10, false);
}

static void test_sfscot_22(void **state)
{
	run_instance("sfscot_22", "features.csv", "candidates.csv", 22, 1.0 / 11, true);
}

static void test_geneva_30(void **state)
{
	if (getenv("WB_PANEL_FAST"))
		skip();
	run_instance("geneva_30", "categories.csv", "respondents.csv", 30, 0.065327, true);
}

/* The LEXIMIN vector is unique, so the order of the rows must not matter.
 * Before the master LP had elastic fixed levels (see panel_leximin.c), a
 * reordering put CLP on another path through a degenerate LP, and
 * three of five orders gave lotteries up to 0.05 off the reference. */
static void test_geneva_30_rows_reordered(void **state)
{
	if (getenv("WB_PANEL_FAST"))
		skip();
	char q[1024];
	snprintf(q, sizeof q, "%s/sortition/instances/geneva_30/categories.csv", data_dir());
	enum { N = 360 };
	int perm[N];
	for (unsigned seed = 1; seed <= 2; seed++) {
		char path[] = "/tmp/wb-geneva-XXXXXX";
		write_shuffled("geneva_30", "respondents.csv", seed, path, perm, N);
		run_pool(q, path, 30, 0.065327, "geneva_30", perm);
		unlink(path);
	}
}

/* A pool in the Sortition Foundation format, inline. */
static const char sf_quotas[] = "feature,value,min,max,min_flex,max_flex\r\n"
				"gender,f,2,2,1,3\r\n"
				"gender,m,2,2,1,3\r\n"
				"age,young,1,3,0,4\r\n"
				"age,old,1,3,0,4\r\n";
static const char sf_pool[] = "\xEF\xBB\xBFperson_id,name,address,Gender,age\n"
			      "a,\"Smit, Anna\",Dorpsstraat 1,F,young\n"
			      "b,Bram,Dorpsstraat 1,M,young\n"
			      "c,Cor,Kerkweg 2,M,old\n"
			      "d,Dina,Kerkweg 3,F,old\n"
			      "e,Eva,Kerkweg 4,F,young\n"
			      "f,Frits,Kerkweg 5,M,old";

static void test_read_sortition_foundation_format(void **state)
{
	struct panel_pool *p = panel_pool_read(sf_quotas, strlen(sf_quotas), sf_pool,
					       strlen(sf_pool), NULL, "address", err, sizeof err);
	if (!p)
		fail_msg("%s", err);
	assert_int_equal(p->n_features, 2);
	assert_int_equal(p->n_values, 4);
	assert_int_equal(p->n_people, 6);
	assert_false(p->ids_are_rows);
	assert_string_equal(p->id[0], "a");
	assert_int_equal(p->min_flex[0], 1);
	assert_int_equal(p->max_flex[2], 4);
	assert_int_equal(p->n_households, 1);
	assert_int_equal(p->household[0], p->household[1]);
	assert_int_equal(p->household[2], -1);
	panel_pool_free(p);
}

static void test_read_replication_format(void **state)
{
	const char q[] = "category,feature,min,max\ngender,female,1,2\ngender,male,1,2";
	const char r[] = "gender,other\nfemale,x\nmale,y\n\nfemale,z\n";
	struct panel_pool *p =
		panel_pool_read(q, strlen(q), r, strlen(r), NULL, NULL, err, sizeof err);
	if (!p)
		fail_msg("%s", err);
	assert_int_equal(p->n_people, 3);
	assert_true(p->ids_are_rows);
	assert_string_equal(p->id[2], "2");
	panel_pool_free(p);
}

static void test_read_errors_name_the_problem(void **state)
{
	const char q[] = "category,feature,min,max\ngender,female,1,2\ngender,male,1,2\n";
	const char bad_value[] = "gender\nfemale\nunknown\n";
	assert_null(panel_pool_read(q, strlen(q), bad_value, strlen(bad_value), NULL, NULL, err,
				    sizeof err));
	assert_non_null(strstr(err, "unknown"));
	assert_non_null(strstr(err, "3"));
	const char no_col[] = "sex\nfemale\n";
	assert_null(
		panel_pool_read(q, strlen(q), no_col, strlen(no_col), NULL, NULL, err, sizeof err));
	assert_non_null(strstr(err, "gender"));
	const char bad_q[] = "category,feature,min,max\ngender,female,3,2\n";
	assert_null(panel_pool_read(bad_q, strlen(bad_q), no_col, strlen(no_col), NULL, NULL, err,
				    sizeof err));
	const char neg_q[] = "category,feature,min,max\ngender,female,-1,2\n";
	assert_null(panel_pool_read(neg_q, strlen(neg_q), no_col, strlen(no_col), NULL, NULL, err,
				    sizeof err));
	const char open_quote[] = "gender\n\"female\n";
	assert_null(panel_pool_read(q, strlen(q), open_quote, strlen(open_quote), NULL, NULL, err,
				    sizeof err));
	const char dup_id[] = "id,gender\n1,female\n1,male\n";
	assert_null(
		panel_pool_read(q, strlen(q), dup_id, strlen(dup_id), NULL, NULL, err, sizeof err));
	assert_null(panel_pool_read(q, strlen(q), "", 0, NULL, NULL, err, sizeof err));
	assert_null(panel_pool_read("\xff", 1, dup_id, strlen(dup_id), NULL, NULL, err, sizeof err));
}

/* Households: the two people at Dorpsstraat 1 are never on one panel. */
static void test_households(void **state)
{
	struct panel_pool *p = panel_pool_read(sf_quotas, strlen(sf_quotas), sf_pool,
					       strlen(sf_pool), NULL, "address", err, sizeof err);
	assert_non_null(p);
	struct panel_types *t = panel_types_new(p, false);
	struct panel_lottery *l = NULL;
	assert_int_equal(panel_leximin(p, t, 4, NULL, &l, err, sizeof err), PANEL_OK);
	check_lottery(p, t, l, 4);
	assert_true(l->prob[0] + l->prob[1] <= 1 + 1e-9);
	panel_lottery_free(l);
	panel_types_free(t);
	panel_pool_free(p);
}

/* Symmetric pool: 4 women, 4 men, panel 2+2: everyone exactly 1/2. */
static void test_known_answer_k_over_n(void **state)
{
	const char q[] = "category,feature,min,max\ng,f,2,2\ng,m,2,2\n";
	const char r[] = "g\nf\nf\nf\nf\nm\nm\nm\nm\n";
	struct panel_pool *p =
		panel_pool_read(q, strlen(q), r, strlen(r), NULL, NULL, err, sizeof err);
	assert_non_null(p);
	struct panel_types *t = panel_types_new(p, false);
	assert_int_equal(t->n_types, 2);
	struct panel_lottery *l = NULL;
	assert_int_equal(panel_leximin(p, t, 4, NULL, &l, err, sizeof err), PANEL_OK);
	for (int i = 0; i < 8; i++)
		assert_true(fabs(l->prob[i] - 0.5) < 1e-9);
	check_lottery(p, t, l, 4);
	panel_lottery_free(l);
	panel_types_free(t);
	panel_pool_free(p);
}

/* A type no panel can take (its value has max 0) gets 0; the rest share. */
static void test_unreachable_people(void **state)
{
	const char q[] = "category,feature,min,max\ng,f,0,0\ng,m,2,2\n";
	const char r[] = "g\nf\nm\nm\nm\nm\n";
	struct panel_pool *p =
		panel_pool_read(q, strlen(q), r, strlen(r), NULL, NULL, err, sizeof err);
	assert_non_null(p);
	struct panel_types *t = panel_types_new(p, false);
	struct panel_lottery *l = NULL;
	assert_int_equal(panel_leximin(p, t, 2, NULL, &l, err, sizeof err), PANEL_OK);
	assert_true(fabs(l->prob[0]) < 1e-9);
	for (int i = 1; i < 5; i++)
		assert_true(fabs(l->prob[i] - 0.5) < 1e-9);
	panel_lottery_free(l);
	panel_types_free(t);
	panel_pool_free(p);
}

static void test_infeasible_gives_relaxation(void **state)
{
	/* Minimums of gender add up to 6 > k = 4: lower one of them. */
	const char q[] = "feature,value,min,max,min_flex,max_flex\n"
			 "gender,f,3,4,0,4\ngender,m,3,4,0,4\nage,young,1,3,0,4\nage,old,1,3,0,4\n";
	struct panel_pool *p = panel_pool_read(q, strlen(q), sf_pool, strlen(sf_pool), NULL, NULL,
					       err, sizeof err);
	assert_non_null(p);
	struct panel_types *t = panel_types_new(p, false);
	struct panel_lottery *l = NULL;
	assert_int_equal(panel_leximin(p, t, 4, NULL, &l, err, sizeof err), PANEL_INFEASIBLE);
	assert_null(l);
	struct panel_relax_report *r = panel_relax(p, t, 4, err, sizeof err);
	assert_non_null(r);
	assert_false(r->feasible);
	assert_true(r->relaxable);
	assert_true(r->n_messages >= 2); /* the quick check and the suggestion */
	int lowered = 0;
	for (int c = 0; c < r->n_changes; c++) {
		assert_true(r->changes[c].new_min <= r->changes[c].old_min);
		lowered += r->changes[c].old_min - r->changes[c].new_min;
	}
	assert_int_equal(lowered, 2); /* 3+3 -> sum 4: two places in total */
	panel_relax_free(r);
	panel_types_free(t);
	panel_pool_free(p);
}

static void test_infeasible_beyond_flex(void **state)
{
	const char q[] = "feature,value,min,max,min_flex,max_flex\n"
			 "gender,f,3,4,3,4\ngender,m,3,4,3,4\nage,young,0,4,0,4\nage,old,0,4,0,4\n";
	struct panel_pool *p = panel_pool_read(q, strlen(q), sf_pool, strlen(sf_pool), NULL, NULL,
					       err, sizeof err);
	assert_non_null(p);
	struct panel_types *t = panel_types_new(p, false);
	struct panel_relax_report *r = panel_relax(p, t, 4, err, sizeof err);
	assert_non_null(r);
	assert_false(r->relaxable);
	assert_int_equal(r->n_changes, 0);
	panel_relax_free(r);
	panel_types_free(t);
	panel_pool_free(p);
}

static void test_feasible_quotas_report_feasible(void **state)
{
	struct panel_pool *p = panel_pool_read(sf_quotas, strlen(sf_quotas), sf_pool,
					       strlen(sf_pool), NULL, NULL, err, sizeof err);
	struct panel_types *t = panel_types_new(p, false);
	struct panel_relax_report *r = panel_relax(p, t, 4, err, sizeof err);
	assert_true(r->feasible);
	assert_int_equal(r->n_changes, 0);
	panel_relax_free(r);
	panel_types_free(t);
	panel_pool_free(p);
}

/* LEGACY on sfscot_22: valid panels, and its lowest probability far below
 * LEXIMIN's 1/11 (the reference found 5.9 % over 10,000 panels). */
static void test_legacy_shape(void **state)
{
	struct panel_pool *p = load_instance("sfscot_22", "features.csv", "candidates.csv");
	struct panel_types *t = panel_types_new(p, true);
	struct panel_lottery *l = NULL;
	assert_int_equal(panel_legacy(p, t, 22, 2000, 7, &l, err, sizeof err), PANEL_OK);
	struct panel_concrete *c = panel_concrete_new(l, t, 100000);
	assert_non_null(c);
	for (int j = 0; j < c->n_panels; j++)
		assert_true(panel_check(p, c->members + (size_t)j * 22, 22));
	panel_concrete_free(c);
	double sum = 0;
	for (int i = 0; i < p->n_people; i++)
		sum += l->prob[i];
	assert_true(fabs(sum - 22) < 1e-6);
	assert_true(l->min_prob < 1.0 / 11 - 0.02);
	/* Same seed, same panels. */
	struct panel_lottery *l2 = NULL;
	assert_int_equal(panel_legacy(p, t, 22, 2000, 7, &l2, err, sizeof err), PANEL_OK);
	assert_int_equal(l2->n_panels, l->n_panels);
	assert_memory_equal(l2->prob, l->prob, sizeof(double) * (size_t)p->n_people);
	panel_lottery_free(l2);
	panel_lottery_free(l);
	panel_types_free(t);
	panel_pool_free(p);
}

/* A replacement draw: a and d stay on the panel, the rest is drawn again. */
static void test_keep_already_selected(void **state)
{
	struct panel_pool *p = panel_pool_read(sf_quotas, strlen(sf_quotas), sf_pool,
					       strlen(sf_pool), NULL, "address", err, sizeof err);
	assert_non_null(p);
	const char *keep[] = {"a", "d"};
	assert_int_equal(panel_pool_keep(p, keep, 2, err, sizeof err), 0);
	const char *nobody[] = {"zz"};
	assert_int_equal(panel_pool_keep(p, nobody, 1, err, sizeof err), -1);
	struct panel_types *t = panel_types_new(p, false);
	struct panel_lottery *l = NULL;
	assert_int_equal(panel_leximin(p, t, 4, NULL, &l, err, sizeof err), PANEL_OK);
	check_lottery(p, t, l, 4);
	assert_true(fabs(l->prob[0] - 1) < 1e-9);
	assert_true(fabs(l->prob[3] - 1) < 1e-9);
	assert_true(fabs(l->prob[1]) < 1e-9); /* same household as a */
	panel_lottery_free(l);
	panel_types_free(t);
	panel_pool_free(p);
}

static void test_ticket_from_seed(void **state)
{
	assert_int_equal(panel_ticket_from_seed("042", 1000), 42);
	assert_int_equal(panel_ticket_from_seed("000", 1000), 1000);
	assert_int_equal(panel_ticket_from_seed("1999", 1000), 999);
	int a = panel_ticket_from_seed("loting burgerraad 2026", 1000);
	assert_true(a >= 1 && a <= 1000);
	assert_int_equal(panel_ticket_from_seed("loting burgerraad 2026", 1000), a);
	assert_int_equal(panel_ticket_from_seed("x", 1), 1);
}

/* The CLP wrapper on a small LP with a known answer, then warm re-solves
 * after a new column, a new row, a removed coefficient and new bounds. */
static void test_lp_wrapper(void **state)
{
	/* max x + y  s.t.  x + 2y <= 4,  3x + y <= 6 */
	double lo[2] = {-PANEL_LP_INF, -PANEL_LP_INF}, up[2] = {4, 6};
	struct panel_lp *lp = panel_lp_new(2, lo, up, true);
	int rows[2] = {0, 1};
	double vx[2] = {1, 3}, vy[2] = {2, 1}, vw[2] = {1, 1};
	assert_int_equal(panel_lp_add_col(lp, 0, PANEL_LP_INF, 1, 2, rows, vx), 0);
	assert_int_equal(panel_lp_add_col(lp, 0, PANEL_LP_INF, 1, 2, rows, vy), 1);
	assert_int_equal(panel_lp_solve(lp), 0);
	assert_true(fabs(panel_lp_obj(lp) - 2.8) < 1e-9);
	assert_true(fabs(panel_lp_col_values(lp)[0] - 1.6) < 1e-9);
	assert_true(fabs(panel_lp_col_values(lp)[1] - 1.2) < 1e-9);
	/* duals: objective gained per unit of right-hand side */
	assert_true(fabs(panel_lp_row_duals(lp)[0] - 0.4) < 1e-9);
	assert_true(fabs(panel_lp_row_duals(lp)[1] - 0.2) < 1e-9);
	/* + 2w, w in both rows: w = 4 */
	assert_int_equal(panel_lp_add_col(lp, 0, PANEL_LP_INF, 2, 2, rows, vw), 2);
	assert_int_equal(panel_lp_solve(lp), 0);
	assert_true(fabs(panel_lp_obj(lp) - 8) < 1e-9);
	/* w fixed at 1, as the engine fixes a round's level column:
	 * x + 2y <= 3, 3x + y <= 5 gives x = 1.4, y = 0.8 */
	panel_lp_set_col_bounds(lp, 2, 1, 1);
	assert_int_equal(panel_lp_solve(lp), 0);
	assert_true(fabs(panel_lp_obj(lp) - 4.2) < 1e-9);
	assert_true(fabs(panel_lp_col_values(lp)[0] - 1.4) < 1e-9);
	/* and w out of the objective */
	panel_lp_set_obj(lp, 2, 0);
	assert_int_equal(panel_lp_solve(lp), 0);
	assert_true(fabs(panel_lp_obj(lp) - 2.2) < 1e-9);
	/* w >= 5 cannot be met: x + 2y + w <= 4 */
	panel_lp_set_col_bounds(lp, 2, 5, PANEL_LP_INF);
	assert_int_equal(panel_lp_solve(lp), 1);
	panel_lp_free(lp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_sortition_foundation_format),
		cmocka_unit_test(test_read_replication_format),
		cmocka_unit_test(test_read_errors_name_the_problem),
		cmocka_unit_test(test_known_answer_k_over_n),
		cmocka_unit_test(test_unreachable_people),
		cmocka_unit_test(test_households),
		cmocka_unit_test(test_infeasible_gives_relaxation),
		cmocka_unit_test(test_infeasible_beyond_flex),
		cmocka_unit_test(test_feasible_quotas_report_feasible),
		cmocka_unit_test(test_keep_already_selected),
		cmocka_unit_test(test_ticket_from_seed),
		cmocka_unit_test(test_lp_wrapper),
		cmocka_unit_test(test_example_small_20),
		cmocka_unit_test(test_example_large_200),
		cmocka_unit_test(test_sfscot_22),
		cmocka_unit_test(test_legacy_shape),
		cmocka_unit_test(test_geneva_30),
		cmocka_unit_test(test_geneva_30_rows_reordered),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
