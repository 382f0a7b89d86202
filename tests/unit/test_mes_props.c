/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test_mes_props.c: property tests of the MES engine on random small
 * instances, against a naive reference written here the way pabutools
 * computes it (sort supporters by budget/sat, walk, pay min(budget, rho*sat)),
 * with 128-bit rationals:
 *   - the engine chooses the same projects in the same order (cost, approval
 *     and points satisfaction);
 *   - the outcome fits the budget, also with add1 and add1e;
 *   - exclusion: when MES stops, no unselected project could be paid by its
 *     supporters' remaining money;
 *   - determinism: two runs, and the report run (every project every round)
 *     and the lazy run, give the same outcome;
 *   - add1 gives the naive add1's winners and run count (1 and 2 threads).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "budget/budget.h"
#include "budget/pabulib.h"
#include "util/mem.h"

typedef __int128 i128;

/* ---- exact rationals, overflow-checked (instances are kept tiny) ---- */
struct q {
	i128 n, d;
};
static bool overflow;
static const i128 LIMIT = (i128)1 << 100;

static i128 gcd128(i128 a, i128 b)
{
	if (a < 0)
		a = -a;
	while (b) {
		i128 t = a % b;
		a = b;
		b = t;
	}
	return a;
}

static struct q mk(i128 n, i128 d)
{
	if (d < 0)
		n = -n, d = -d;
	i128 g = gcd128(n, d);
	if (g > 1)
		n /= g, d /= g;
	if (n > LIMIT || n < -LIMIT || d > LIMIT)
		overflow = true;
	return (struct q){n, d};
}
static struct q qadd(struct q a, struct q b) { return mk(a.n * b.d + b.n * a.d, a.d * b.d); }
static struct q qsub(struct q a, struct q b) { return mk(a.n * b.d - b.n * a.d, a.d * b.d); }
static struct q qmul(struct q a, struct q b) { return mk(a.n * b.n, a.d * b.d); }
static struct q qdiv(struct q a, struct q b) { return mk(a.n * b.d, a.d * b.n); }
static int qcmp(struct q a, struct q b)
{
	i128 l = a.n * b.d, r = b.n * a.d;
	return l < r ? -1 : l > r;
}

/* ---- random instances ---- */
static uint64_t rng;
static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

#define MAXP 6
#define MAXV 7
struct inst {
	int np, nv;
	int64_t cost[MAXP], budget;
	int pts[MAXV][MAXP]; /* 0 = not on the ballot */
	bool points;
};

static void random_inst(struct inst *in, bool points)
{
	memset(in, 0, sizeof *in);
	in->points = points;
	in->np = 1 + (int)rnd(MAXP);
	in->nv = 1 + (int)rnd(MAXV);
	for (int p = 0; p < in->np; p++)
		in->cost[p] = rnd(10) == 0 ? 0 : 1 + rnd(20);
	in->budget = 1 + rnd(60);
	for (int v = 0; v < in->nv; v++)
		for (int p = 0; p < in->np; p++)
			if (rnd(2))
				in->pts[v][p] = points ? 1 + (int)rnd(3) : 1;
}

static struct pb_file *to_pb(const struct inst *in)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "META\nkey;value\nnum_projects;%d\nnum_votes;%d\nbudget;%lld\nvote_type;%s\n",
		   in->np, in->nv, (long long)in->budget, in->points ? "cumulative" : "approval");
	if (in->points)
		buf_puts(&b, "max_sum_points;100\n");
	buf_puts(&b, "PROJECTS\nproject_id;cost\n");
	for (int p = 0; p < in->np; p++)
		buf_printf(&b, "p%d;%lld\n", p, (long long)in->cost[p]);
	buf_printf(&b, "VOTES\nvoter_id;vote%s\n", in->points ? ";points" : "");
	for (int v = 0; v < in->nv; v++) {
		buf_printf(&b, "v%d;", v);
		int k = 0;
		for (int p = 0; p < in->np; p++)
			if (in->pts[v][p])
				buf_printf(&b, "%sp%d", k++ ? "," : "", p);
		if (in->points) {
			buf_putc(&b, ';');
			k = 0;
			for (int p = 0; p < in->np; p++)
				if (in->pts[v][p])
					buf_printf(&b, "%s%d", k++ ? "," : "", in->pts[v][p]);
		}
		buf_putc(&b, '\n');
	}
	struct pb_error e;
	struct pb_file *f = pb_parse(b.data, b.len, &e);
	if (!f)
		fail_msg("generated file refused: line %ld: %s\n%s", e.line, e.msg, b.data);
	buf_free(&b);
	return f;
}

/* ---- the naive reference (pabutools' mes_inner_algo, lexicographic ties) ---- */
/* MES with every voter starting at `start`. */
static int naive_mes_at(const struct inst *in, enum pb_sat sat, struct q start, int *order,
			struct q *budget_out, bool *dropped_out)
{
	struct q b[MAXV];
	for (int v = 0; v < in->nv; v++)
		b[v] = start;
	int status[MAXP] = {0}; /* 0 available, 1 selected, 2 dropped */
	int64_t s[MAXV][MAXP];
	int n = 0;
	for (int p = 0; p < in->np; p++) {
		int64_t tot = 0;
		for (int v = 0; v < in->nv; v++) {
			int u = in->pts[v][p];
			s[v][p] = u == 0 ? 0 : sat == PB_SAT_COST ? in->cost[p] : sat == PB_SAT_POINTS ? u : 1;
			tot += s[v][p];
		}
		if (tot == 0)
			status[p] = 2;
		else if (in->cost[p] == 0)
			status[p] = 1, order[n++] = p;
	}
	for (;;) {
		int best = -1;
		struct q best_rho = {0, 1};
		for (int p = 0; p < in->np; p++) {
			if (status[p])
				continue;
			int sup[MAXV], k = 0;
			struct q money = {0, 1};
			for (int v = 0; v < in->nv; v++)
				if (s[v][p]) {
					sup[k++] = v;
					money = qadd(money, b[v]);
				}
			if (qcmp(money, mk(in->cost[p], 1)) < 0) {
				status[p] = 2;
				continue;
			}
			/* sort supporters by budget/sat */
			for (int i = 1; i < k; i++)
				for (int j = i; j > 0 && qcmp(qdiv(b[sup[j]], mk(s[sup[j]][p], 1)),
							   qdiv(b[sup[j - 1]], mk(s[sup[j - 1]][p], 1))) < 0; j--) {
					int t = sup[j];
					sup[j] = sup[j - 1];
					sup[j - 1] = t;
				}
			struct q paid = {0, 1};
			int64_t denom = 0;
			for (int i = 0; i < k; i++)
				denom += s[sup[i]][p];
			struct q rho = {0, 1};
			for (int i = 0; i < k; i++) {
				rho = qdiv(qsub(mk(in->cost[p], 1), paid), mk(denom, 1));
				if (qcmp(qmul(rho, mk(s[sup[i]][p], 1)), b[sup[i]]) <= 0)
					break;
				paid = qadd(paid, b[sup[i]]);
				denom -= s[sup[i]][p];
			}
			if (best < 0 || qcmp(rho, best_rho) < 0)
				best = p, best_rho = rho; /* ties: the smaller id, p ascending */
		}
		if (best < 0)
			break;
		for (int v = 0; v < in->nv; v++)
			if (s[v][best]) {
				struct q pay = qmul(best_rho, mk(s[v][best], 1));
				b[v] = qcmp(pay, b[v]) >= 0 ? mk(0, 1) : qsub(b[v], pay);
			}
		status[best] = 1;
		order[n++] = best;
	}
	for (int v = 0; v < in->nv; v++)
		budget_out[v] = b[v];
	for (int p = 0; p < in->np; p++)
		dropped_out[p] = status[p] != 1;
	return n;
}

static int naive_mes(const struct inst *in, enum pb_sat sat, int *order, struct q *budget_out,
		     bool *dropped_out)
{
	return naive_mes_at(in, sat, mk(in->budget, in->nv), order, budget_out, dropped_out);
}

/* add1 the naive way: MES at floor(B/n), floor(B/n) + 1, ... until a run
 * spends more than B (the previous run is the outcome) or chooses every
 * project somebody gets satisfaction from (that run is the outcome). Returns
 * the number of winners (order filled) and the MES runs in *runs; -1 after
 * 10,000 runs. */
static int naive_add1(const struct inst *in, enum pb_sat sat, int *order, long *runs)
{
	int can = 0;
	for (int p = 0; p < in->np; p++) {
		bool sat_p = false;
		for (int v = 0; v < in->nv; v++)
			sat_p |= in->pts[v][p] && (sat != PB_SAT_COST || in->cost[p] > 0);
		can += sat_p;
	}
	int prev[MAXP], nprev = -1;
	for (long i = 0; i < 10000; i++) {
		int cur[MAXP];
		struct q left[MAXV];
		bool unsel[MAXP];
		int n = naive_mes_at(in, sat, mk(in->budget / in->nv + i, 1), cur, left, unsel);
		int64_t spent = 0;
		for (int k = 0; k < n; k++)
			spent += in->cost[cur[k]];
		*runs = i + 1;
		if (spent > in->budget) {
			memcpy(order, prev, sizeof prev);
			return nprev;
		}
		memcpy(prev, cur, sizeof cur);
		nprev = n;
		if (n >= can) {
			memcpy(order, cur, sizeof cur);
			return n;
		}
	}
	return -1;
}

static struct pb_result *run(const struct pb_file *f, enum pb_sat sat, enum pb_completion c,
			     bool report)
{
	struct pb_options o;
	pb_options_default(&o);
	o.sat = sat;
	o.completion = c;
	o.tie = PB_TIE_LEXICO;
	o.report = report;
	o.max_runs = 10000;
	return pb_allocate(f, &o);
}

static int compared; /* instances checked against the reference with >= 2 winners */

static void check_instance(const struct inst *in, enum pb_sat sat)
{
	struct pb_file *f = to_pb(in);
	int order[MAXP];
	struct q left[MAXV];
	bool unsel[MAXP];
	overflow = false;
	int n = naive_mes(in, sat, order, left, unsel);
	struct pb_result *r = run(f, sat, PB_COMPLETION_NONE, false);
	if (!overflow) {
		if (r->nwinners != n || memcmp(r->winners, order, (size_t)n * sizeof(int)) != 0) {
			struct buf b = BUF_INIT;
			pb_write(f, NULL, &b);
			fail_msg("sat %s: engine and reference differ (%d vs %d winners) on\n%s",
				 pb_sat_name(sat), r->nwinners, n, b.data);
		}
		compared += n >= 2;
		/* Exclusion: no unselected project is affordable at the end. */
		for (int p = 0; p < in->np; p++) {
			if (!unsel[p])
				continue;
			struct q money = {0, 1};
			for (int v = 0; v < in->nv; v++)
				if (in->pts[v][p])
					money = qadd(money, left[v]);
			bool has_sat = false;
			for (int v = 0; v < in->nv; v++)
				has_sat |= in->pts[v][p] && (sat != PB_SAT_COST || in->cost[p] > 0);
			if (has_sat)
				assert_true(qcmp(money, mk(in->cost[p], 1)) < 0);
		}
	}
	assert_true(r->spent <= f->budget);
	/* Determinism, and the report run agrees with the lazy run. */
	struct pb_result *r2 = run(f, sat, PB_COMPLETION_NONE, true);
	assert_int_equal(r2->nwinners, r->nwinners);
	assert_memory_equal(r2->winners, r->winners, (size_t)r->nwinners * sizeof(int));
	for (int p = 0; p < f->nprojects; p++)
		if (!r2->selected[p] && r2->explain[p].affordable)
			fail_msg("project %d unselected but affordable at the end", p);
	pb_result_free(r2);
	pb_result_free(r);
	/* Completions stay within the budget. */
	for (int c = PB_COMPLETION_ADD1; c <= PB_COMPLETION_ADD1_GREEDY; c++) {
		r = run(f, sat, (enum pb_completion)c, false);
		assert_string_equal(r->error, "");
		assert_true(r->spent <= f->budget);
		/* The same outcome and run count with one thread and with three. */
		struct pb_options o;
		pb_options_default(&o);
		o.sat = sat;
		o.completion = (enum pb_completion)c;
		o.tie = PB_TIE_LEXICO;
		o.max_runs = 10000;
		o.threads = c == PB_COMPLETION_ADD1 ? 1 : 3;
		struct pb_result *r3 = pb_allocate(f, &o);
		assert_int_equal(r3->nwinners, r->nwinners);
		assert_memory_equal(r3->winners, r->winners, (size_t)r->nwinners * sizeof(int));
		assert_int_equal(r3->mes_runs, r->mes_runs);
		pb_result_free(r3);
		pb_result_free(r);
	}
	pb_free(f);
}

/* add1 (its passes stop early, and follow the previous pass's moves while
 * they are the same: mes.c) against the naive add1, on random instances with
 * larger budgets so that there are several passes. Cost and approval
 * satisfaction (the uniform profiles the replay log is for). */
static void test_random_add1(void **state)
{
	(void)state;
	rng = 0x2545F4914F6CDD1DULL;
	int agreed = 0;
	for (int i = 0; i < 3000; i++) {
		struct inst in;
		random_inst(&in, false);
		in.budget = 20 + rnd(200);
		enum pb_sat sat = i % 2 ? PB_SAT_APPROVAL : PB_SAT_COST;
		int order[MAXP];
		long runs = 0;
		overflow = false;
		int n = naive_add1(&in, sat, order, &runs);
		if (overflow || n < 0)
			continue;
		struct pb_file *f = to_pb(&in);
		for (int threads = 1; threads <= 2; threads++) {
			struct pb_options o;
			pb_options_default(&o);
			o.sat = sat;
			o.completion = PB_COMPLETION_ADD1;
			o.tie = PB_TIE_LEXICO;
			o.max_runs = 10000;
			o.threads = threads;
			struct pb_result *r = pb_allocate(f, &o);
			assert_string_equal(r->error, "");
			if (r->nwinners != n || memcmp(r->winners, order, (size_t)n * sizeof(int)) != 0 ||
			    r->mes_runs != runs) {
				struct buf b = BUF_INIT;
				pb_write(f, NULL, &b);
				fail_msg("add1 (sat %s, %d threads): engine %d winners in %ld runs, naive %d in %ld, on\n%s",
					 pb_sat_name(sat), threads, r->nwinners, r->mes_runs, n, runs, b.data);
			}
			pb_result_free(r);
		}
		agreed += n >= 2 && runs >= 3;
		pb_free(f);
	}
	assert_true(agreed >= 300); /* the test has teeth (378 with this seed) */
}

static void test_random_cost(void **state)
{
	compared = 0;
	rng = 0x9E3779B97F4A7C15ULL;
	struct inst in;
	for (int i = 0; i < 1500; i++) {
		random_inst(&in, false);
		check_instance(&in, PB_SAT_COST);
	}
	assert_true(compared >= 400); /* the test has teeth */
}

static void test_random_approval(void **state)
{
	compared = 0;
	rng = 0xD1B54A32D192ED03ULL;
	struct inst in;
	for (int i = 0; i < 1500; i++) {
		random_inst(&in, false);
		check_instance(&in, PB_SAT_APPROVAL);
	}
	assert_true(compared >= 400); /* the test has teeth */
}

static void test_random_points(void **state)
{
	compared = 0;
	rng = 0xA0761D6478BD642FULL;
	struct inst in;
	for (int i = 0; i < 1500; i++) {
		random_inst(&in, true);
		check_instance(&in, PB_SAT_POINTS);
	}
	assert_true(compared >= 400); /* the test has teeth */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_cost),
		cmocka_unit_test(test_random_approval),
		cmocka_unit_test(test_random_points),
		cmocka_unit_test(test_random_add1),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
