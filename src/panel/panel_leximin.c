/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * panel_leximin.c: exact LEXIMIN (Flanigan et al., Nature 596, 2021) by
 * column generation over types of interchangeable people: the master LP on
 * COIN-OR CLP (through panel_lp.h), the integer oracle on GLPK.
 *
 * Master LP over the panels (compositions) found so far, in primal form,
 * one row per type t with n_t members:
 *   max z_r - M * sum s_t
 *   s.t. sum_j c_tj lambda_j - n_t (z_1 + ... + z_r)  >= 0   unfixed types,
 *        sum_j c_tj lambda_j - n_t (z_1 + ... + z_q) + n_t s_t >= 0
 *                                   types fixed in round q < r,
 *        sum lambda <= 1, lambda >= 0, s >= 0,
 * where z_q is round q's rise of the level, fixed once the round ends, so
 * z_1 + ... + z_q is the probability a type fixed in round q keeps.
 * The rows count people (c_tj, n_t are integers), so the identity
 * sum_t row_t = k * sum lambda holds exactly in floating point. Its duals
 * w_t per person and yhat price a new panel c: it improves when
 * sum_t w_t c_t > yhat. The oracle is an integer program over compositions
 * (c_t in 0..n_t, quota rows, one per household). When no panel improves,
 * every unfixed type with a positive dual is tight in every optimal
 * lottery (complementary slackness) and is fixed at the level; repeat until
 * all types are fixed. Adding a column keeps the previous basis primal
 * feasible, so each re-solve is a warm-started primal simplex. Each LP
 * solve is followed by up to 1 + EXTRA_PRICING oracle calls, so several
 * columns enter per solve.
 *
 * The elastic columns s_t are what keeps this exact. Once most types are
 * fixed, their rows are tight for every lottery that reaches the level, so
 * the LP's optimal duals form an unbounded set; CLP then returned duals of
 * 1e11 and more, prices the oracle cannot compare to 1e-7, and a level
 * fixed 0.07 too high or too low on geneva_30 when the fixed levels moved
 * by 1e-10. The penalty M caps every dual at M and leaves the optimum
 * alone as long as some optimal dual stays below M; s_t > 0 at the end of
 * a round shows it does not, and M is raised. s_t also takes up the last
 * 1e-9 by which rounding can put a fixed level out of reach (the reference
 * lowers all fixed levels and solves again).
 */
#include "panel/panel.h"

#include <glpk.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n/i18n.h"
#include "panel/panel_lp.h"
#include "util/mem.h"

/* A panel improves the master when its price beats yhat by more than this
 * times max(1, yhat). */
#define CONV_EPS 1e-7
/* Cost per unit of letting a fixed type fall below its level (caps the
 * duals, see the top of this file); raised this many times while fixed
 * types fall below their levels by more than ELASTIC_TOL in all. */
#ifndef ELASTIC_PENALTY /* tests/unit/test_panel_elastic.c starts it low */
#define ELASTIC_PENALTY 1e4
#endif
#define ELASTIC_RAISE 100
#define ELASTIC_PENALTY_MAX 1e10
#define ELASTIC_TOL 1e-7
/* Duals above this mark a type as tight (fixed). */
#define FIX_EPS 1e-6
/* Improving panels one oracle call may hand back (columns per LP solve). */
#define ORACLE_MAX_FOUND 4
/* Oracle calls at lowered prices after a successful one (per LP solve):
 * geneva_30 needed 92 instead of 311 LP solves with 3. When the oracle
 * solved at (almost) the root, it is cheap next to an LP solve and more
 * calls pay off (the 2,000-person synthetic pool: 14.7 -> 8.8 s CPU with 10;
 * on geneva_30, whose oracle branches, 10 was slower than 3). Counting
 * nodes, not seconds, keeps the lottery the same from run to run. */
#define EXTRA_PRICING 3
#define EXTRA_PRICING_CHEAP 10
#define CHEAP_ORACLE_NODES 3
/* Relative optimality gap of the oracle's branch and bound. */
#define ORACLE_MIP_GAP 1e-6

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* CPU time of this thread: the split between LP and oracle stays meaningful
 * on a busy machine. */
static double cpu_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* ---------------------------------------------------------------- oracle */

struct oracle {
	glp_prob *lp;
	int T;
	glp_smcp smcp;
	glp_iocp iocp;
	/* for the branch-and-bound callback */
	double *start; /* 1-based incumbent to hand to GLPK, or NULL */
	bool start_given;
	double stop_above; /* collect panels worth more than this ... */
	int max_found;     /* ... and stop after this many */
	int n_found;
	int nodes; /* branch-and-bound nodes of the last call */
	int *found; /* max_found * T compositions */
};

/* Gives GLPK a known panel as first incumbent (prunes early), and stops the
 * search at the first panel that improves the master: any improving column
 * will do; only the final, converging call has to be solved to optimality. */
static void oracle_callback(glp_tree *tree, void *info)
{
	struct oracle *o = info;
	glp_ios_tree_size(tree, NULL, NULL, &o->nodes);
	switch (glp_ios_reason(tree)) {
	case GLP_IHEUR:
		if (o->start && !o->start_given) {
			o->start_given = true;
			glp_ios_heur_sol(tree, o->start);
		}
		break;
	case GLP_IBINGO: {
		glp_prob *lp = glp_ios_get_prob(tree);
		if (o->n_found >= o->max_found || glp_mip_obj_val(lp) <= o->stop_above)
			break;
		int *c = o->found + (size_t)o->n_found++ * (size_t)o->T;
		for (int ty = 0; ty < o->T; ty++)
			c[ty] = (int)lround(glp_mip_col_val(lp, ty + 1));
		if (o->n_found == o->max_found)
			glp_ios_terminate(tree);
		break;
	}
	default: break;
	}
}

/* Builds the panel integer program: columns c_t, rows size, quotas, households. */
static struct oracle *oracle_new(const struct panel_pool *p, const struct panel_types *t, int k)
{
	struct oracle *o = xcalloc(1, sizeof *o);
	o->T = t->n_types;
	o->lp = glp_create_prob();
	glp_set_obj_dir(o->lp, GLP_MAX);
	int n_rows = 1 + p->n_values + p->n_households;
	glp_add_rows(o->lp, n_rows);
	glp_set_row_bnds(o->lp, 1, GLP_FX, k, k);
	for (int v = 0; v < p->n_values; v++) {
		if (p->qmin[v] == p->qmax[v])
			glp_set_row_bnds(o->lp, 2 + v, GLP_FX, p->qmin[v], p->qmax[v]);
		else
			glp_set_row_bnds(o->lp, 2 + v, GLP_DB, p->qmin[v], p->qmax[v]);
	}
	for (int h = 0; h < p->n_households; h++)
		glp_set_row_bnds(o->lp, 2 + p->n_values + h, GLP_UP, 0, 1);
	glp_add_cols(o->lp, o->T);
	size_t cap = (size_t)o->T * (size_t)(p->n_features + 2) + 1;
	int *ia = xcalloc(cap, sizeof(int)), *ja = xcalloc(cap, sizeof(int));
	double *ar = xcalloc(cap, sizeof(double));
	int ne = 0;
	for (int ty = 0; ty < o->T; ty++) {
		int col = ty + 1;
		glp_set_col_kind(o->lp, col, GLP_IV);
		int rep = t->members[t->first[ty]];
		if (p->keep && p->keep[rep]) /* already selected: on every panel */
			glp_set_col_bnds(o->lp, col, GLP_FX, 1, 1);
		else if (t->size[ty] > 0)
			glp_set_col_bnds(o->lp, col, GLP_DB, 0, t->size[ty]);
		else
			glp_set_col_bnds(o->lp, col, GLP_FX, 0, 0);
		ne++, ia[ne] = 1, ja[ne] = col, ar[ne] = 1;
		for (int f = 0; f < p->n_features; f++) {
			int v = p->person_value[(size_t)rep * (size_t)p->n_features + (size_t)f];
			ne++, ia[ne] = 2 + v, ja[ne] = col, ar[ne] = 1;
		}
		if (t->household[ty] >= 0)
			ne++, ia[ne] = 2 + p->n_values + t->household[ty], ja[ne] = col, ar[ne] = 1;
	}
	glp_load_matrix(o->lp, ne, ia, ja, ar);
	free(ia);
	free(ja);
	free(ar);
	glp_init_smcp(&o->smcp);
	o->smcp.msg_lev = GLP_MSG_OFF;
	glp_init_iocp(&o->iocp);
	o->iocp.msg_lev = GLP_MSG_OFF;
	o->iocp.presolve = GLP_OFF;
	/* A tiny relative gap: proving the last 1e-6 made GLPK's branch and
	 * bound run for minutes on pools with hundreds of types; it moves a
	 * probability by about 1e-7. */
	o->iocp.mip_gap = ORACLE_MIP_GAP;
	/* GLPK's MIP presolver rebuilt the problem on every call and cost a
	 * quarter of the oracle time on geneva_30; the model is tiny. */
	o->iocp.pp_tech = GLP_PP_NONE;
	/* Branch on the most fractional variable: GLPK's default (Driebeck-
	 * Tomlin) evaluates a tableau row and a ratio test per candidate, about
	 * a fifth of the whole run on geneva_30; MFV gave the same vector (within
	 * 1e-8) in 15-25 % less CPU. Pseudocost branching was twice as slow. */
	o->iocp.br_tech = GLP_BR_MFV;
	/* Best projection as the next node: 2-5 % less CPU than GLPK's best
	 * local bound on geneva_30 and the 2,000-person pool (alternating runs);
	 * depth first was 10 % slower. */
	o->iocp.bt_tech = GLP_BT_BPH;
	o->iocp.cb_func = oracle_callback;
	o->iocp.cb_info = o;
	o->stop_above = HUGE_VAL;
	o->max_found = ORACLE_MAX_FOUND;
	o->found = xcalloc((size_t)o->max_found * (size_t)o->T, sizeof(int));
	return o;
}

static void oracle_free(struct oracle *o)
{
	if (!o)
		return;
	glp_delete_prob(o->lp);
	free(o->found);
	free(o);
}

/* Maximises sum w_t c_t over feasible compositions. Returns 0 with c and
 * *value set, 1 when no panel meets the quotas, -1 on solver failure. */
static int oracle_solve(struct oracle *o, const double *w, int *c, double *value)
{
	o->start_given = false;
	o->n_found = 0;
	o->nodes = 0;
	for (int ty = 0; ty < o->T; ty++)
		glp_set_obj_coef(o->lp, ty + 1, w[ty]);
	int rc = glp_simplex(o->lp, &o->smcp);
	if (rc != 0) {
		glp_std_basis(o->lp);
		rc = glp_simplex(o->lp, &o->smcp);
	}
	if (rc != 0)
		return -1;
	int st = glp_get_status(o->lp);
	if (st == GLP_NOFEAS)
		return 1;
	if (st != GLP_OPT)
		return -1;
	rc = glp_intopt(o->lp, &o->iocp);
	st = glp_mip_status(o->lp);
	if (st == GLP_NOFEAS)
		return 1;
	bool stopped = (rc == GLP_ESTOP || rc == GLP_EMIPGAP) && st == GLP_FEAS;
	if (!stopped && (rc != 0 || st != GLP_OPT))
		return -1;
	double val = 0;
	for (int ty = 0; ty < o->T; ty++) {
		c[ty] = (int)lround(glp_mip_col_val(o->lp, ty + 1));
		val += w[ty] * c[ty];
	}
	*value = val;
	return 0;
}

/* ---------------------------------------------------------------- master */

struct master {
	struct panel_lp *lp;
	int T;
	const int *size;
	int n_cols, cap_cols;
	int *count; /* n_cols * T */
	uint64_t *hash;
	int *col;   /* LP column of each panel */
	/* The panels again, sparse: panel j has the types nz_type[a] with
	 * nz_count[a] members for a in nz_off[j] .. nz_off[j + 1]. At most k
	 * of the T types are on a panel, and pricing every known panel on every
	 * oracle call was a tenth of a run with thousands of panels. */
	size_t *nz_off;
	int *nz_type, *nz_count;
	size_t nz_cap;
	char *fixed;
	int z_col;      /* LP column of this round's level increment, or -1 */
	double base;    /* level of the last round: sum of fixed increments */
	int *elastic;   /* LP column letting a fixed type fall below its level, or -1 */
	double penalty; /* objective cost per unit of those columns */
	int *ind;  /* scratch: T + 1 row indices */
	double *val;
};

static uint64_t comp_hash(const int *c, int T)
{
	uint64_t h = 1469598103934665603ULL;
	for (int i = 0; i < T; i++) {
		h ^= (uint64_t)(unsigned)c[i];
		h *= 1099511628211ULL;
	}
	return h;
}

/* Rows 0..T-1 are pi_t - (sum of the level columns) >= 0, row T is
 * sum lambda <= 1. Level columns are added by master_next_round. */
static struct master *master_new(const struct panel_types *t)
{
	struct master *m = xcalloc(1, sizeof *m);
	m->T = t->n_types;
	m->size = t->size;
	m->fixed = xcalloc((size_t)m->T, 1);
	m->z_col = -1;
	m->elastic = xcalloc((size_t)m->T, sizeof(int));
	for (int ty = 0; ty < m->T; ty++)
		m->elastic[ty] = -1;
	m->penalty = ELASTIC_PENALTY;
	m->ind = xcalloc((size_t)m->T + 1, sizeof(int));
	m->val = xcalloc((size_t)m->T + 1, sizeof(double));
	double *lo = xcalloc((size_t)m->T + 1, sizeof(double));
	double *up = xcalloc((size_t)m->T + 1, sizeof(double));
	for (int ty = 0; ty < m->T; ty++)
		lo[ty] = 0, up[ty] = PANEL_LP_INF;
	lo[m->T] = -PANEL_LP_INF, up[m->T] = 1;
	m->lp = panel_lp_new(m->T + 1, lo, up, true);
	free(lo);
	free(up);
	return m;
}

static void master_free(struct master *m)
{
	if (!m)
		return;
	panel_lp_free(m->lp);
	free(m->count);
	free(m->hash);
	free(m->col);
	free(m->nz_off);
	free(m->nz_type);
	free(m->nz_count);
	free(m->fixed);
	free(m->elastic);
	free(m->ind);
	free(m->val);
	free(m);
}

/* Adds composition c as a column unless it is known. Returns 1 if added. */
static int master_add(struct master *m, const int *c)
{
	uint64_t h = comp_hash(c, m->T);
	for (int j = 0; j < m->n_cols; j++)
		if (m->hash[j] == h &&
		    memcmp(m->count + (size_t)j * (size_t)m->T, c, sizeof(int) * (size_t)m->T) == 0)
			return 0;
	if (m->n_cols == m->cap_cols) {
		m->cap_cols = m->cap_cols ? 2 * m->cap_cols : 256;
		m->count = xrealloc(m->count, sizeof(int) * (size_t)m->cap_cols * (size_t)m->T);
		m->hash = xrealloc(m->hash, sizeof(uint64_t) * (size_t)m->cap_cols);
		m->col = xrealloc(m->col, sizeof(int) * (size_t)m->cap_cols);
		m->nz_off = xrealloc(m->nz_off, sizeof(size_t) * ((size_t)m->cap_cols + 1));
		if (m->n_cols == 0)
			m->nz_off[0] = 0;
	}
	size_t nz = m->nz_off[m->n_cols];
	if (nz + (size_t)m->T > m->nz_cap) {
		m->nz_cap = 2 * (nz + (size_t)m->T);
		m->nz_type = xrealloc(m->nz_type, sizeof(int) * m->nz_cap);
		m->nz_count = xrealloc(m->nz_count, sizeof(int) * m->nz_cap);
	}
	for (int ty = 0; ty < m->T; ty++)
		if (c[ty] > 0)
			m->nz_type[nz] = ty, m->nz_count[nz] = c[ty], nz++;
	m->nz_off[m->n_cols + 1] = nz;
	memcpy(m->count + (size_t)m->n_cols * (size_t)m->T, c, sizeof(int) * (size_t)m->T);
	m->hash[m->n_cols] = h;
	int ne = 0;
	for (int ty = 0; ty < m->T; ty++)
		if (c[ty] > 0)
			m->ind[ne] = ty, m->val[ne] = c[ty], ne++;
	m->ind[ne] = m->T, m->val[ne] = 1, ne++;
	m->col[m->n_cols] = panel_lp_add_col(m->lp, 0, PANEL_LP_INF, 0, ne, m->ind, m->val);
	m->n_cols++;
	return 1;
}

/* Marks type ty as fixed: from the next round on, its row no longer gets
 * the new level column, so the levels fixed so far bound it from below. */
static void master_fix(struct master *m, int ty)
{
	m->fixed[ty] = 1;
}

/* Starts a round: fixes the last round's level increment at its value
 * (the level reached, minus the level before), gives every newly fixed
 * type its elastic column, and adds a new increment column, the objective,
 * on the rows of the types not yet fixed.
 *
 * Why columns and not an edit of the fixed rows: the LP's matrix only
 * grows, which CLP handles as a warm start; changing a coefficient of a
 * row made it rebuild its whole model (about 70 ms a round on
 * geneva_30). Fixing a column at its current value keeps the solution
 * feasible, so the next solve starts from where the last one ended. */
static void master_next_round(struct master *m, double level)
{
	if (m->z_col >= 0) {
		double inc = level - m->base;
		panel_lp_set_col_bounds(m->lp, m->z_col, inc, inc);
		panel_lp_set_obj(m->lp, m->z_col, 0);
		m->base = level;
	}
	int ne = 0;
	for (int ty = 0; ty < m->T; ty++) {
		if (m->fixed[ty] && m->elastic[ty] < 0) {
			double v = m->size[ty];
			m->elastic[ty] =
				panel_lp_add_col(m->lp, 0, PANEL_LP_INF, -m->penalty, 1, &ty, &v);
		}
		if (!m->fixed[ty])
			m->ind[ne] = ty, m->val[ne] = -m->size[ty], ne++;
	}
	m->z_col = panel_lp_add_col(m->lp, -PANEL_LP_INF, PANEL_LP_INF, 1, ne, m->ind, m->val);
}

/* The level of this round: the fixed levels plus the increment. */
static double master_level(const struct master *m)
{
	return m->base + panel_lp_col_values(m->lp)[m->z_col];
}

/* How far, in probability summed over types, the last solution lets fixed
 * types fall below their levels. */
static double master_elastic_sum(const struct master *m)
{
	const double *x = panel_lp_col_values(m->lp);
	double sum = 0;
	for (int ty = 0; ty < m->T; ty++)
		if (m->elastic[ty] >= 0)
			sum += x[m->elastic[ty]];
	return sum;
}

/* Makes falling below a fixed level ELASTIC_RAISE times dearer. Returns
 * false when the penalty is already at its ceiling. */
static bool master_raise_penalty(struct master *m)
{
	if (m->penalty >= ELASTIC_PENALTY_MAX)
		return false;
	m->penalty *= ELASTIC_RAISE;
	for (int ty = 0; ty < m->T; ty++)
		if (m->elastic[ty] >= 0)
			panel_lp_set_obj(m->lp, m->elastic[ty], -m->penalty);
	return true;
}

/* Solves the master. Returns 0 when optimal. The LP is always feasible
 * (the level is free and the elastic columns can meet any fixed level), so
 * anything else is a solver failure. */
static int master_solve(struct master *m)
{
	return panel_lp_solve(m->lp) == 0 ? 0 : -1;
}

/* -------------------------------------------------------------- leximin */

struct run {
	const struct panel_pool *pool;
	const struct panel_types *t;
	const struct panel_options *o;
	struct oracle *orc;
	struct master *m;
	int T, k;
	int *c;
	double *w, *y, *seed_panel;
	double *ys, *wy; /* lowered type prices, true per-person weights */
	double start;
	int lp_solves, oracle_calls, rounds;
	double t_lp, t_oracle;
};

static void progress(struct run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void progress(struct run *r, const char *fmt, ...)
{
	if (!r->o || !r->o->log)
		return;
	va_list ap;
	va_start(ap, fmt);
	fprintf(r->o->log, "panel: %6.2fs ", now() - r->start);
	vfprintf(r->o->log, fmt, ap);
	fputc('\n', r->o->log);
	va_end(ap);
}

static bool out_of_time(struct run *r)
{
	return r->o && r->o->time_limit > 0 && now() - r->start > r->o->time_limit;
}

/* Price of composition c at per-person weights w. */
static double comp_price(const double *w, const int *c, int T)
{
	double pr = 0;
	for (int ty = 0; ty < T; ty++)
		pr += w[ty] * c[ty];
	return pr;
}

/* One oracle call; adds the panel. Returns the oracle's code. */
static int call_oracle(struct run *r, double *value)
{
	r->oracle_calls++;
	double t0 = cpu_now();
	int rc = oracle_solve(r->orc, r->w, r->c, value);
	r->t_oracle += cpu_now() - t0;
	return rc;
}

/* Initial panels: one that covers each type that can be on a panel at all.
 * Types that no panel can hold are fixed at 0. Returns 0 or the oracle code. */
static int cover_types(struct run *r)
{
	char *covered = xcalloc((size_t)r->T, 1);
	int rc = 0;
	for (int ty = 0; ty < r->T && rc == 0; ty++) {
		if (covered[ty])
			continue;
		/* Aim at ty, with a small pull towards types not yet covered so that
		 * each panel covers many of them. */
		for (int u = 0; u < r->T; u++)
			r->w[u] = covered[u] ? 0 : 1e-3 / r->t->size[u];
		r->w[ty] = 1;
		double value;
		/* Any panel with ty on it will do (its value is at least 1): stop
		 * at the first. Solving each of these to optimality for the best
		 * coverage cost 0.27 s of geneva_30's run, and covered no more. */
		r->orc->stop_above = 1 - 1e-9;
		r->orc->max_found = 1;
		rc = call_oracle(r, &value);
		r->orc->stop_above = HUGE_VAL;
		r->orc->max_found = ORACLE_MAX_FOUND;
		if (rc != 0)
			break;
		if (r->c[ty] == 0) {
			master_fix(r->m, ty);
			covered[ty] = 1;
			continue;
		}
		for (int u = 0; u < r->T; u++)
			if (r->c[u] > 0)
				covered[u] = 1;
		master_add(r->m, r->c);
	}
	free(covered);
	return rc;
}

/* One oracle call at type prices y (per type, not per person): seeds the
 * search with the best known panel at y, and adds every panel found that
 * improves the master at its true duals r->y (price above yhat). *added
 * counts them. The search may stop early only at panels priced above
 * max(best known, floor) at y: with y = r->y and floor = yhat, a call that
 * adds nothing ran to optimality and proves convergence. Returns 0, or -1
 * on solver failure. */
static int price(struct run *r, const double *y, double yhat, double floor, int *added)
{
	for (int ty = 0; ty < r->T; ty++)
		r->w[ty] = y[ty] / r->t->size[ty];
	int best = 0;
	double best_price = -1;
	const struct master *m = r->m;
	for (int j = 0; j < m->n_cols; j++) {
		double pr = 0;
		for (size_t a = m->nz_off[j]; a < m->nz_off[j + 1]; a++)
			pr += r->w[m->nz_type[a]] * m->nz_count[a];
		if (pr > best_price)
			best = j, best_price = pr;
	}
	for (int ty = 0; ty < r->T; ty++)
		r->seed_panel[ty + 1] = r->m->count[(size_t)best * (size_t)r->T + (size_t)ty];
	r->orc->start = r->seed_panel;
	double eps = CONV_EPS * fmax(1, fabs(yhat));
	r->orc->stop_above = (best_price > floor ? best_price : floor) + eps;
	double value;
	int rc = call_oracle(r, &value);
	r->orc->start = NULL;
	r->orc->stop_above = HUGE_VAL;
	if (rc != 0)
		return -1;
	for (int ty = 0; ty < r->T; ty++)
		r->wy[ty] = r->y[ty] / r->t->size[ty];
	for (int f = 0; f <= r->orc->n_found; f++) {
		const int *c = f < r->orc->n_found ? r->orc->found + (size_t)f * (size_t)r->T : r->c;
		if (comp_price(r->wy, c, r->T) > yhat + eps)
			*added += master_add(r->m, c);
	}
	return 0;
}

/* Column generation until no panel improves the master. Returns 0, or -1. */
static int generate_columns(struct run *r, double *z)
{
	for (;;) {
		if (out_of_time(r))
			return -2;
		double t0 = cpu_now();
		int rc = master_solve(r->m);
		r->t_lp += cpu_now() - t0;
		if (rc != 0)
			return -1;
		r->lp_solves++;
		*z = master_level(r->m);
		if (r->lp_solves % 100 == 0)
			progress(r,
				 "%d panels, level %.6f, %d oracle calls (%.2fs CPU), %d LP solves (%.2fs CPU)",
				 r->m->n_cols, *z, r->oracle_calls, r->t_oracle, r->lp_solves,
				 r->t_lp);
		const double *dual = panel_lp_row_duals(r->m->lp);
		double yhat = dual[r->T];
		for (int ty = 0; ty < r->T; ty++) {
			double y = -dual[ty] * r->t->size[ty];
			r->y[ty] = y > 0 ? y : 0;
		}
		int added = 0;
		rc = price(r, r->y, yhat, yhat, &added);
		if (rc != 0)
			return -1;
		/* More columns per LP solve: lower the prices of the types on
		 * the newest panel (by yhat / its price) and ask again, as
		 * sortition-algorithms' MAXIMIN does; keep only panels that
		 * improve at the true duals. */
		memcpy(r->ys, r->y, sizeof(double) * (size_t)r->T);
		int extra = r->orc->nodes <= CHEAP_ORACLE_NODES ? EXTRA_PRICING_CHEAP : EXTRA_PRICING;
		for (int h = 0; h < extra && added > 0; h++) {
			const int *last = r->m->count + (size_t)(r->m->n_cols - 1) * (size_t)r->T;
			for (int ty = 0; ty < r->T; ty++)
				r->w[ty] = r->ys[ty] / r->t->size[ty];
			double pr = comp_price(r->w, last, r->T);
			if (pr <= yhat)
				break;
			for (int ty = 0; ty < r->T; ty++)
				if (last[ty] > 0)
					r->ys[ty] *= yhat / pr;
			int more = 0;
			if (price(r, r->ys, yhat, -HUGE_VAL, &more) != 0)
				return -1;
			if (more == 0)
				break;
			added += more;
		}
		/* Fixed types below their levels beyond rounding: the penalty
		 * capped a dual that the optimum needs. Make it dearer and go on
		 * (the basis stays valid, only the objective changed). */
		if (added == 0 && master_elastic_sum(r->m) > ELASTIC_TOL) {
			if (master_raise_penalty(r->m)) {
				progress(r, "fixed types fell below their levels: penalty raised "
					    "to %g", r->m->penalty);
				continue;
			}
			/* Not seen on any instance; say so rather than go on quietly. */
			progress(r, "warning: fixed types stay %g below their levels in all at "
				    "the highest penalty", master_elastic_sum(r->m));
		}
		if (added == 0)
			return 0;
	}
}

/* Builds the lottery from the last solve's lambda (the last round's optimum):
 * drops tiny weights, renormalises, and computes each person's probability. */
static struct panel_lottery *make_lottery(struct run *r)
{
	double *lambda = xcalloc((size_t)r->m->n_cols + 1, sizeof(double));
	const double *x = r->lp_solves ? panel_lp_col_values(r->m->lp) : NULL;
	for (int j = 0; x && j < r->m->n_cols; j++)
		lambda[j] = x[r->m->col[j]];
	struct panel_lottery *l = xcalloc(1, sizeof *l);
	l->k = r->k;
	l->n_types = r->T;
	double total = 0;
	int n = 0;
	for (int j = 0; j < r->m->n_cols; j++)
		if (lambda[j] > 1e-10) {
			total += lambda[j];
			n++;
		}
	l->weight = xcalloc((size_t)(n ? n : 1), sizeof(double));
	l->count = xcalloc((size_t)(n ? n : 1) * (size_t)r->T, sizeof(int));
	for (int j = 0; j < r->m->n_cols; j++) {
		if (lambda[j] <= 1e-10)
			continue;
		l->weight[l->n_panels] = lambda[j] / total;
		memcpy(l->count + (size_t)l->n_panels * (size_t)r->T,
		       r->m->count + (size_t)j * (size_t)r->T, sizeof(int) * (size_t)r->T);
		l->n_panels++;
	}
	double *tp = xcalloc((size_t)r->T, sizeof(double));
	for (int j = 0; j < l->n_panels; j++)
		for (int ty = 0; ty < r->T; ty++)
			tp[ty] += l->weight[j] * l->count[(size_t)j * (size_t)r->T + (size_t)ty] /
				  r->t->size[ty];
	l->prob = xcalloc((size_t)r->pool->n_people, sizeof(double));
	l->min_prob = 1;
	for (int i = 0; i < r->pool->n_people; i++) {
		l->prob[i] = tp[r->t->type_of[i]];
		if (l->prob[i] < l->min_prob)
			l->min_prob = l->prob[i];
	}
	free(tp);
	free(lambda);
	l->lp_solves = r->lp_solves;
	l->oracle_calls = r->oracle_calls;
	l->rounds = r->rounds;
	l->columns = r->m->n_cols;
	l->seconds = now() - r->start;
	return l;
}

static enum panel_status leximin_run(struct run *r, struct panel_lottery **out, char *err,
				     size_t errlen)
{
	double value;
	for (int ty = 0; ty < r->T; ty++)
		r->w[ty] = 0;
	int rc = call_oracle(r, &value);
	if (rc == 1)
		return PANEL_INFEASIBLE;
	if (rc == 0)
		rc = cover_types(r);
	if (rc != 0) {
		snprintf(err, errlen, "%s", _("The solver failed while looking for panels."));
		return PANEL_ERROR;
	}
	int n_fixed = 0;
	for (int ty = 0; ty < r->T; ty++)
		n_fixed += r->m->fixed[ty];
	progress(r, "%d types, %d initial panels, %d types can never be chosen", r->T, r->m->n_cols,
		 n_fixed);
	double z = 0;
	while (n_fixed < r->T) {
		master_next_round(r->m, z);
		r->rounds++;
		rc = generate_columns(r, &z);
		if (rc == -2) {
			snprintf(err, errlen, "%s", _("The time limit was reached."));
			return PANEL_ERROR;
		}
		if (rc != 0) {
			snprintf(err, errlen, "%s", _("The linear program could not be solved."));
			return PANEL_ERROR;
		}
		if (z < 0)
			z = 0;
		int best = -1, fixed_now = 0;
		for (int ty = 0; ty < r->T; ty++) {
			if (r->m->fixed[ty])
				continue;
			if (best < 0 || r->y[ty] > r->y[best])
				best = ty;
		}
		for (int ty = 0; ty < r->T; ty++)
			if (!r->m->fixed[ty] && r->y[ty] > FIX_EPS) {
				master_fix(r->m, ty);
				fixed_now++;
			}
		if (fixed_now == 0) {
			master_fix(r->m, best);
			fixed_now = 1;
		}
		n_fixed += fixed_now;
		progress(r, "round %d: %d types fixed at %.6f (%d of %d fixed, %d panels)",
			 r->rounds, fixed_now, z, n_fixed, r->T, r->m->n_cols);
	}
	*out = make_lottery(r);
	return PANEL_OK;
}

enum panel_status panel_leximin(const struct panel_pool *p, const struct panel_types *t, int k,
				const struct panel_options *o, struct panel_lottery **out,
				char *err, size_t errlen)
{
	*out = NULL;
	if (k < 1 || k > p->n_people) {
		snprintf(err, errlen, _("The panel size must be between 1 and %d."), p->n_people);
		return PANEL_ERROR;
	}
	panel_glpk_lock();
	glp_term_out(GLP_OFF);
	struct run r = {.pool = p, .t = t, .o = o, .T = t->n_types, .k = k, .start = now()};
	r.orc = oracle_new(p, t, k);
	r.m = master_new(t);
	r.c = xcalloc((size_t)r.T, sizeof(int));
	r.w = xcalloc((size_t)r.T, sizeof(double));
	r.y = xcalloc((size_t)r.T, sizeof(double));
	r.seed_panel = xcalloc((size_t)r.T + 1, sizeof(double));
	r.ys = xcalloc((size_t)r.T, sizeof(double));
	r.wy = xcalloc((size_t)r.T, sizeof(double));

	enum panel_status st = leximin_run(&r, out, err, errlen);
	if (st == PANEL_OK)
		progress(&r,
			 "done: min probability %.6f, %d panels in the lottery, %d oracle calls "
			 "(%.2fs CPU), %d LP solves (%.2fs CPU)",
			 (*out)->min_prob, (*out)->n_panels, r.oracle_calls, r.t_oracle,
			 r.lp_solves, r.t_lp);
	free(r.c);
	free(r.w);
	free(r.y);
	free(r.seed_panel);
	free(r.ys);
	free(r.wy);
	master_free(r.m);
	oracle_free(r.orc);
	panel_glpk_unlock();
	return st;
}
