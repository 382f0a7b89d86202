/* SPDX-License-Identifier: EUPL-1.2 */
/* test_panel_brute.c: an independent check of panel_leximin. A fixed
 * generator makes small random pools (6-12 people, 2-3 categories, panels of
 * 2-5, tight and loose quotas, some with households); for each one the test
 * enumerates every feasible panel and computes LEXIMIN over that explicit
 * set with GLPK by the textbook sequential method, which uses no duals, no
 * types and no column generation, and so shares none of the engine's
 * shortcuts. The LEXIMIN vector is unique (the set of achievable probability
 * vectors is convex), so the two must agree person by person.
 *
 * After every third of those instances comes one with its own seed whose
 * pool has 1-2 people already selected (panel_pool_keep: a replacement draw
 * after drop-outs). The engine counts them in k and puts them on every
 * panel, so they get probability 1 and LEXIMIN is over everyone else; the
 * brute force mirrors that by enumerating only the k-subsets that contain
 * all kept people and fixing those at 1 before the first level. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* cmocka needs the headers above first */
#include <cmocka.h>
#include <glpk.h>

#include "panel/panel.h"
#include "util/mem.h"

/* 200 instances take about 0.2 s; about 85 % of them are feasible. */
enum { N_INSTANCES = 200, MIN_FEASIBLE = 25, MAX_N = 12, MAX_F = 3, MAX_V = 3 };
/* A keep-instance follows every KEEP_EVERY-th plain one (about a quarter of
 * all instances). Its seeds start far above the plain ones, so the two
 * streams never share a seed (known_disagreements is keyed by seed) and the
 * plain instances keep the seeds and order they had before keep was tested. */
enum { KEEP_EVERY = 3, MAX_KEEP = 2, MIN_KEEP_FEASIBLE = 10 };
#define PLAIN_SEED_BASE 20261123ull
#define KEEP_SEED_BASE (PLAIN_SEED_BASE + (1ull << 32))
#define SEED_STEP 7919ull

/* A person can rise above the current level only if an LP lifts them by more
 * than this; below it they are tight (fixed). */
#define FIX_TOL 1e-9

static char err[512];

/* xorshift64* seeded through splitmix64: deterministic on every platform,
 * unlike rand(). */
struct rng {
	uint64_t s;
};

static void rng_seed(struct rng *r, uint64_t seed)
{
	uint64_t z = seed + 0x9e3779b97f4a7c15ull;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	r->s = (z ^ (z >> 31)) | 1; /* xorshift must not start at 0 */
}

static uint32_t rng_next(struct rng *r)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return (uint32_t)((r->s * 0x2545f4914f6cdd1dull) >> 32);
}

/* Uniform in 0..n-1 (n small: the bias of the multiply-shift is negligible). */
static int rng_below(struct rng *r, int n)
{
	return (int)(((uint64_t)rng_next(r) * (uint64_t)n) >> 32);
}

/* One generated instance, kept in plain arrays so the brute force never
 * looks at the engine's parsed pool (only its row order is cross-checked). */
struct inst {
	uint64_t seed;
	int n, k, n_cat;
	int n_val[MAX_F];
	int val[MAX_N][MAX_F]; /* value index within the category */
	int addr[MAX_N];       /* address number; equal numbers share a home */
	bool use_households;   /* pass the address column to the reader */
	bool perturbed;        /* quotas moved off the reference panel */
	int qmin[MAX_F][MAX_V], qmax[MAX_F][MAX_V];
	int n_keep;         /* 0, or people already selected (replacement draw) */
	int keep[MAX_KEEP]; /* their row numbers */
};

static void generate(struct inst *in, uint64_t seed)
{
	struct rng r;
	rng_seed(&r, seed);
	memset(in, 0, sizeof *in);
	in->seed = seed;
	in->n = 6 + rng_below(&r, MAX_N - 6 + 1);
	in->k = 2 + rng_below(&r, 4);
	in->n_cat = 2 + rng_below(&r, 2);
	for (int f = 0; f < in->n_cat; f++)
		in->n_val[f] = 2 + rng_below(&r, 2);
	for (int i = 0; i < in->n; i++) {
		for (int f = 0; f < in->n_cat; f++)
			in->val[i][f] = rng_below(&r, in->n_val[f]);
		in->addr[i] = i;
	}
	/* A few people move in with someone else: up to three shared homes,
	 * sometimes a home of three. The address column is always written but
	 * only passed to the reader in about half the instances, so the
	 * engine must also ignore it when not asked. */
	int moves = rng_below(&r, 4);
	for (int m = 0; m < moves; m++) {
		int a = rng_below(&r, in->n), b = rng_below(&r, in->n);
		if (a != b)
			in->addr[b] = in->addr[a];
	}
	in->use_households = rng_below(&r, 2) == 1;

	/* Quotas are built around a reference panel, so most instances are
	 * feasible by construction: a random order, taking people whose home
	 * is not on the panel yet. */
	int order[MAX_N], cnt[MAX_F][MAX_V] = {{0}}, taken = 0;
	bool home_used[MAX_N] = {false};
	for (int i = 0; i < in->n; i++)
		order[i] = i;
	for (int i = in->n - 1; i > 0; i--) {
		int j = rng_below(&r, i + 1), tmp = order[i];
		order[i] = order[j];
		order[j] = tmp;
	}
	for (int a = 0; a < in->n && taken < in->k; a++) {
		int i = order[a];
		if (in->use_households && home_used[in->addr[i]])
			continue;
		home_used[in->addr[i]] = true;
		for (int f = 0; f < in->n_cat; f++)
			cnt[f][in->val[i][f]]++;
		taken++;
	}
	for (int f = 0; f < in->n_cat; f++)
		for (int v = 0; v < in->n_val[f]; v++) {
			int c = cnt[f][v];
			if (rng_below(&r, 10) < 3) { /* tight */
				in->qmin[f][v] = in->qmax[f][v] = c;
			} else { /* loose */
				int lo = c - rng_below(&r, 2), hi = c + rng_below(&r, 3);
				in->qmin[f][v] = lo < 0 ? 0 : lo;
				in->qmax[f][v] = hi > in->k ? in->k : hi;
			}
		}
	/* One instance in six gets a quota pinned one above the reference
	 * panel: sometimes still feasible through other panels, often not, so
	 * the infeasible path is exercised too. */
	if (rng_below(&r, 6) == 0) {
		int f = rng_below(&r, in->n_cat), v = rng_below(&r, in->n_val[f]);
		in->qmin[f][v] = in->qmax[f][v] = cnt[f][v] + 1;
		in->perturbed = true;
	}
}

static void write_csv(const struct inst *in, struct buf *quota, struct buf *pool)
{
	buf_puts(quota, "category,feature,min,max\n");
	for (int f = 0; f < in->n_cat; f++)
		for (int v = 0; v < in->n_val[f]; v++)
			buf_printf(quota, "cat%d,c%d_v%d,%d,%d\n", f, f, v, in->qmin[f][v],
				   in->qmax[f][v]);
	buf_puts(pool, "id,address");
	for (int f = 0; f < in->n_cat; f++)
		buf_printf(pool, ",cat%d", f);
	buf_puts(pool, "\n");
	for (int i = 0; i < in->n; i++) {
		buf_printf(pool, "p%d,Street %d", i, in->addr[i]);
		for (int f = 0; f < in->n_cat; f++)
			buf_printf(pool, ",c%d_v%d", f, in->val[i][f]);
		buf_puts(pool, "\n");
	}
}

/* The quota and household rules, written out again from the generator's
 * arrays (not through panel_check, which is the engine's). */
static bool brute_panel_ok(const struct inst *in, const int *members)
{
	int cnt[MAX_F][MAX_V] = {{0}};
	bool home_used[MAX_N] = {false};
	for (int a = 0; a < in->k; a++) {
		int i = members[a];
		if (in->use_households) {
			if (home_used[in->addr[i]])
				return false;
			home_used[in->addr[i]] = true;
		}
		for (int f = 0; f < in->n_cat; f++)
			cnt[f][in->val[i][f]]++;
	}
	for (int f = 0; f < in->n_cat; f++)
		for (int v = 0; v < in->n_val[f]; v++)
			if (cnt[f][v] < in->qmin[f][v] || cnt[f][v] > in->qmax[f][v])
				return false;
	return true;
}

/* Every feasible k-subset as a bit mask (n <= 12: at most C(12,5) = 792).
 * Also checks that panel_check agrees on every subset. */
static int enumerate_panels(const struct inst *in, const struct panel_pool *p, uint16_t **out)
{
	int cap = 1024, n_panels = 0, idx[MAX_N];
	uint16_t *panels = xcalloc((size_t)cap, sizeof *panels);
	for (int a = 0; a < in->k; a++)
		idx[a] = a;
	for (;;) {
		bool ok = brute_panel_ok(in, idx);
		if (ok != panel_check(p, idx, in->k))
			fail_msg("seed %llu: panel_check says %d for a panel the brute force "
				 "says %d",
				 (unsigned long long)in->seed, !ok, ok);
		if (ok) {
			uint16_t m = 0;
			for (int a = 0; a < in->k; a++)
				m |= (uint16_t)(1u << idx[a]);
			assert_true(n_panels < cap);
			panels[n_panels++] = m;
		}
		/* next combination in lexicographic order */
		int a = in->k - 1;
		while (a >= 0 && idx[a] == in->n - in->k + a)
			a--;
		if (a < 0)
			break;
		idx[a]++;
		for (int b = a + 1; b < in->k; b++)
			idx[b] = idx[b - 1] + 1;
	}
	*out = panels;
	return n_panels;
}

/* Picks 1-2 people to keep, from its own random stream so the pool above is
 * drawn exactly as for a plain instance. They are taken among people on at
 * least one feasible panel, so most keep-instances stay feasible; two kept
 * people who share no panel, or a pool with no feasible panel at all (then
 * anyone may be kept), make the infeasible ones. */
static void choose_keep(struct inst *in, const uint16_t *panels, int n_panels)
{
	struct rng r;
	rng_seed(&r, in->seed ^ 0x6b656570ull); /* "keep" */
	uint16_t on_some = 0;
	for (int j = 0; j < n_panels; j++)
		on_some |= panels[j];
	if (on_some == 0)
		on_some = (uint16_t)((1u << in->n) - 1);
	in->n_keep = 1 + rng_below(&r, MAX_KEEP);
	for (int a = 0; a < in->n_keep; a++) {
		int cand[MAX_N], n_cand = 0;
		for (int i = 0; i < in->n; i++)
			if (on_some >> i & 1 && !(a == 1 && i == in->keep[0]))
				cand[n_cand++] = i;
		if (n_cand == 0) { /* only one reachable person: take anyone else */
			for (int i = 0; i < in->n; i++)
				if (i != in->keep[0])
					cand[n_cand++] = i;
		}
		in->keep[a] = cand[rng_below(&r, n_cand)];
	}
}

static uint16_t keep_mask(const struct inst *in)
{
	uint16_t m = 0;
	for (int a = 0; a < in->n_keep; a++)
		m |= (uint16_t)(1u << in->keep[a]);
	return m;
}

/* Drops the panels that miss a kept person; returns how many are left. */
static int filter_kept(const struct inst *in, uint16_t *panels, int n_panels)
{
	uint16_t m = keep_mask(in);
	int left = 0;
	for (int j = 0; j < n_panels; j++)
		if ((panels[j] & m) == m)
			panels[left++] = panels[j];
	return left;
}

/* Solves the LP as it stands and returns its objective; the panel weights go
 * to lambda[0..P). */
static double solve(glp_prob *lp, int n_panels, double *lambda, uint64_t seed)
{
	glp_smcp parm;
	glp_init_smcp(&parm);
	parm.msg_lev = GLP_MSG_OFF;
	int rc = glp_simplex(lp, &parm);
	if (rc != 0 || glp_get_status(lp) != GLP_OPT) {
		/* A basis left singular by a change: start again from the slack basis. */
		glp_std_basis(lp);
		rc = glp_simplex(lp, &parm);
	}
	if (rc != 0 || glp_get_status(lp) != GLP_OPT)
		fail_msg("seed %llu: GLPK failed in the brute force (rc %d, status %d)",
			 (unsigned long long)seed, rc, glp_get_status(lp));
	for (int j = 0; j < n_panels; j++)
		lambda[j] = glp_get_col_prim(lp, j + 1);
	return glp_get_obj_val(lp);
}

static void person_probs(const struct inst *in, const uint16_t *panels, int n_panels,
			 const double *lambda, double *pi)
{
	for (int i = 0; i < in->n; i++)
		pi[i] = 0;
	for (int j = 0; j < n_panels; j++)
		for (int i = 0; i < in->n; i++)
			if (panels[j] >> i & 1)
				pi[i] += lambda[j];
}

/* Classic sequential LEXIMIN over the explicit panel set, without duals.
 * Variables: lambda_j per panel (columns 1..P) and the level t (column P+1).
 * Rows 1..n: pi_i - t >= 0 for unfixed people, pi_i >= p_i for fixed ones
 * (their t coefficient is 0); row n+1: sum lambda = 1.
 * Stage: max t gives t*; then, with t held at t*, each unfixed person whose
 * max pi_i stays within FIX_TOL of t* cannot be raised without lowering
 * someone at the level, and is fixed at t*. Kept people are on every panel
 * of the set: they are fixed at 1 from the start, outside the levels, as the
 * engine's definition puts them (LEXIMIN over the others). Returns how many
 * stages had to fall back to fixing the smallest maximum (numerical trouble). */
static int brute_leximin(const struct inst *in, const uint16_t *panels, int n_panels, double *prob)
{
	int n = in->n, t_col = n_panels + 1, fallbacks = 0;
	bool fixed[MAX_N];
	int n_fixed = 0;
	uint16_t kept = keep_mask(in);
	for (int i = 0; i < n; i++) {
		bool reachable = false;
		for (int j = 0; j < n_panels; j++)
			reachable |= panels[j] >> i & 1;
		/* people on no feasible panel get 0 and stay out of the levels */
		fixed[i] = !reachable || (kept >> i & 1);
		prob[i] = kept >> i & 1 ? 1 : 0;
		n_fixed += fixed[i];
	}

	glp_prob *lp = glp_create_prob();
	glp_set_obj_dir(lp, GLP_MAX);
	glp_add_rows(lp, n + 1);
	glp_add_cols(lp, n_panels + 1);
	int ind[MAX_N + 2];
	double val[MAX_N + 2];
	for (int j = 0; j < n_panels; j++) {
		int len = 0;
		for (int i = 0; i < n; i++)
			if (panels[j] >> i & 1) {
				ind[++len] = i + 1;
				val[len] = 1;
			}
		ind[++len] = n + 1;
		val[len] = 1;
		glp_set_mat_col(lp, j + 1, len, ind, val);
		glp_set_col_bnds(lp, j + 1, GLP_LO, 0, 0);
	}
	glp_set_row_bnds(lp, n + 1, GLP_FX, 1, 1);
	double *lambda = xcalloc((size_t)n_panels, sizeof(double));
	double pi[MAX_N], best_max[MAX_N];

	while (n_fixed < n) {
		int len = 0;
		for (int i = 0; i < n; i++) {
			if (fixed[i]) {
				glp_set_row_bnds(lp, i + 1, GLP_LO, prob[i], 0);
			} else {
				glp_set_row_bnds(lp, i + 1, GLP_LO, 0, 0);
				ind[++len] = i + 1;
				val[len] = -1;
			}
		}
		glp_set_mat_col(lp, t_col, len, ind, val);
		/* The t column changed, which can leave the old basis singular. */
		glp_std_basis(lp);
		glp_set_col_bnds(lp, t_col, GLP_FR, 0, 0);
		for (int j = 1; j <= n_panels; j++)
			glp_set_obj_coef(lp, j, 0);
		glp_set_obj_coef(lp, t_col, 1);
		double level = solve(lp, n_panels, lambda, in->seed);

		/* Any optimal lottery already seen that lifts person i above the
		 * level proves i is not tight; only the rest need their own LP. */
		bool raised[MAX_N] = {false};
		person_probs(in, panels, n_panels, lambda, pi);
		for (int i = 0; i < n; i++)
			if (!fixed[i] && pi[i] > level + FIX_TOL)
				raised[i] = true;
		glp_set_col_bnds(lp, t_col, GLP_FX, level, level);
		glp_set_obj_coef(lp, t_col, 0);
		bool fix_now[MAX_N] = {false};
		int n_now = 0, lowest = -1;
		for (int i = 0; i < n; i++) {
			if (fixed[i] || raised[i])
				continue;
			for (int j = 0; j < n_panels; j++)
				glp_set_obj_coef(lp, j + 1, panels[j] >> i & 1 ? 1 : 0);
			best_max[i] = solve(lp, n_panels, lambda, in->seed);
			person_probs(in, panels, n_panels, lambda, pi);
			for (int h = 0; h < n; h++)
				if (!fixed[h] && pi[h] > level + FIX_TOL)
					raised[h] = true;
			if (best_max[i] <= level + FIX_TOL) {
				fix_now[i] = true;
				n_now++;
			}
			if (lowest < 0 || best_max[i] < best_max[lowest])
				lowest = i;
		}
		if (n_now == 0) {
			/* In exact arithmetic someone is always tight; if rounding hides
			 * them, the person with the smallest maximum is the one. */
			if (lowest < 0) {
				for (int i = 0; i < n; i++)
					if (!fixed[i])
						lowest = i;
			}
			fix_now[lowest] = true;
			fallbacks++;
		}
		for (int i = 0; i < n; i++)
			if (fix_now[i]) {
				fixed[i] = true;
				prob[i] = level;
				n_fixed++;
			}
	}
	free(lambda);
	glp_delete_prob(lp);
	return fallbacks;
}

static void print_vector(const char *name, const double *v, int n)
{
	fprintf(stderr, "%s:", name);
	for (int i = 0; i < n; i++)
		fprintf(stderr, " %.9f", v[i]);
	fprintf(stderr, "\n");
}

/* Everything needed to reproduce a failure by hand. */
static void print_instance(const struct inst *in, const char *quota, const char *pool,
			   const double *brute, const double *engine)
{
	fprintf(stderr,
		"--- instance seed %llu: n %d, k %d, households %s%s\n--- quotas:\n%s--- "
		"pool:\n%s",
		(unsigned long long)in->seed, in->n, in->k,
		in->use_households ? "on (column address)" : "off",
		in->perturbed ? ", perturbed quota" : "", quota, pool);
	if (in->n_keep) {
		fprintf(stderr, "--- kept (already selected, panel_pool_keep):");
		for (int a = 0; a < in->n_keep; a++)
			fprintf(stderr, " p%d", in->keep[a]);
		fprintf(stderr, "\n");
	}
	if (brute)
		print_vector("brute ", brute, in->n);
	if (engine)
		print_vector("engine", engine, in->n);
}

/* Seeds on which the engine and the brute force are known to disagree, each
 * with a comment on the finding; they are skipped and named in the output,
 * not hidden. None today (0 only keeps the array non-empty). */
static const uint64_t known_disagreements[] = {0};

static bool known_bad(uint64_t seed)
{
	for (size_t a = 0; a < sizeof known_disagreements / sizeof known_disagreements[0]; a++)
		if (known_disagreements[a] == seed && seed != 0)
			return true;
	return false;
}

/* What the instances covered, printed at the end so a weak generator shows. */
struct stats {
	int fallbacks;     /* brute force stages that fixed the smallest maximum */
	int households;    /* compared with the household rule on */
	int zero;          /* compared with someone on no feasible panel */
	int many_levels;   /* compared with three or more distinct probabilities */
	int keep_inst;     /* keep-instances run */
	int keep_compared; /* of those, feasible and compared */
	int keep_two;      /* compared with two kept people */
	int keep_hh;       /* compared with the household rule on */
	int keep_zero;     /* compared with someone at 0 who is on a panel without keep */
	int keep_blocked;  /* infeasible only because of the kept people */
};

/* Checks one instance, with 1-2 kept people when with_keep; returns 1 when
 * it was feasible and compared. */
static int check_instance(uint64_t seed, bool with_keep, struct stats *stats)
{
	struct inst in;
	generate(&in, seed);
	struct buf quota = BUF_INIT, pool = BUF_INIT;
	write_csv(&in, &quota, &pool);
	struct panel_pool *p =
		panel_pool_read(quota.data, quota.len, pool.data, pool.len, NULL,
				in.use_households ? "address" : NULL, err, sizeof err);
	if (!p) {
		print_instance(&in, quota.data, pool.data, NULL, NULL);
		fail_msg("seed %llu: the reader refused the pool: %s", (unsigned long long)seed,
			 err);
	}
	/* The brute force numbers people by row: the reader must keep that order. */
	assert_int_equal(p->n_people, in.n);
	for (int i = 0; i < in.n; i++) {
		char id[16];
		snprintf(id, sizeof id, "p%d", i);
		assert_string_equal(p->id[i], id);
	}

	/* Enumerated before panel_pool_keep, so panel_check is compared on the
	 * quotas and households alone, whatever it may do with keep. */
	uint16_t *panels = NULL;
	int n_panels = enumerate_panels(&in, p, &panels);
	uint16_t on_base = 0; /* people on some panel before anyone is kept */
	for (int j = 0; j < n_panels; j++)
		on_base |= panels[j];
	if (with_keep) {
		choose_keep(&in, panels, n_panels);
		const char *ids[MAX_KEEP];
		char idbuf[MAX_KEEP][16];
		for (int a = 0; a < in.n_keep; a++) {
			snprintf(idbuf[a], sizeof idbuf[a], "p%d", in.keep[a]);
			ids[a] = idbuf[a];
		}
		assert_int_equal(panel_pool_keep(p, ids, in.n_keep, err, sizeof err), 0);
		int before = n_panels;
		n_panels = filter_kept(&in, panels, n_panels);
		stats->keep_inst++;
		stats->keep_blocked += before > 0 && n_panels == 0;
	}
	struct panel_types *t = panel_types_new(p, false);
	struct panel_lottery *l = NULL;
	enum panel_status st = panel_leximin(p, t, in.k, NULL, &l, err, sizeof err);
	int compared = 0;

	if (n_panels == 0) {
		if (st != PANEL_INFEASIBLE) {
			print_instance(&in, quota.data, pool.data, NULL, l ? l->prob : NULL);
			fail_msg("seed %llu: no panel is feasible, the engine says status %d (%s)",
				 (unsigned long long)seed, (int)st, err);
		}
		assert_null(l);
	} else if (st != PANEL_OK) {
		print_instance(&in, quota.data, pool.data, NULL, NULL);
		fail_msg("seed %llu: %d feasible panels, the engine says status %d (%s)",
			 (unsigned long long)seed, n_panels, (int)st, err);
	} else if (known_bad(seed)) {
		fprintf(stderr, "seed %llu: known disagreement, skipped\n",
			(unsigned long long)seed);
	} else {
		double brute[MAX_N];
		panel_glpk_lock(); /* the engine's rule for GLPK, kept here too */
		glp_term_out(GLP_OFF);
		stats->fallbacks += brute_leximin(&in, panels, n_panels, brute);
		panel_glpk_unlock();

		double bmin = 1, bsum = 0, esum = 0;
		for (int i = 0; i < in.n; i++) {
			bmin = fmin(bmin, brute[i]);
			bsum += brute[i];
			esum += l->prob[i];
		}
		bool bad = fabs(bsum - in.k) > 1e-6 || fabs(esum - in.k) > 1e-6 ||
			   fabs(l->min_prob - bmin) > 1e-7;
		int worst = 0;
		for (int i = 0; i < in.n; i++) {
			if (fabs(l->prob[i] - brute[i]) > fabs(l->prob[worst] - brute[worst]))
				worst = i;
			if (fabs(l->prob[i] - brute[i]) > 1e-6)
				bad = true;
		}
		/* The engine's panels must be feasible ones by the brute force's rules. */
		struct panel_concrete *c = panel_concrete_new(l, t, 100000);
		assert_non_null(c);
		for (int j = 0; j < c->n_panels; j++) {
			const int *m = c->members + (size_t)j * (size_t)in.k;
			if (!brute_panel_ok(&in, m)) {
				print_instance(&in, quota.data, pool.data, NULL, l->prob);
				fail_msg("seed %llu: the engine's lottery has panel %d, which "
					 "breaks a quota or the household rule",
					 (unsigned long long)seed, j);
			}
			/* and it must hold every kept person */
			for (int a = 0; a < in.n_keep; a++) {
				bool on = false;
				for (int b = 0; b < in.k; b++)
					on |= m[b] == in.keep[a];
				if (!on) {
					print_instance(&in, quota.data, pool.data, NULL, l->prob);
					fail_msg("seed %llu: the engine's panel %d leaves out kept "
						 "person p%d",
						 (unsigned long long)seed, j, in.keep[a]);
				}
			}
		}
		panel_concrete_free(c);
		if (bad) {
			print_instance(&in, quota.data, pool.data, brute, l->prob);
			fail_msg("seed %llu: engine and brute force disagree: person %d %.9f vs "
				 "%.9f, min %.9f vs %.9f, sum %.9f vs %.9f (k %d)",
				 (unsigned long long)seed, worst, l->prob[worst], brute[worst],
				 l->min_prob, bmin, esum, bsum, in.k);
		}
		compared = 1;
		if (with_keep) {
			/* keep-instances are counted apart, so the plain counts
			 * printed below mean what they meant before */
			stats->keep_compared++;
			stats->keep_two += in.n_keep == 2;
			stats->keep_hh += in.use_households;
			bool zero = false;
			for (int i = 0; i < in.n; i++)
				zero |= (on_base >> i & 1) && brute[i] < 1e-9;
			stats->keep_zero += zero;
		} else {
			stats->households += in.use_households;
			int levels = 0;
			bool zero = false;
			for (int i = 0; i < in.n; i++) {
				bool seen = false;
				for (int h = 0; h < i; h++)
					seen |= fabs(brute[h] - brute[i]) < 1e-6;
				levels += !seen;
				zero |= brute[i] < 1e-9;
			}
			stats->zero += zero;
			stats->many_levels += levels >= 3;
		}
	}
	panel_lottery_free(l);
	panel_types_free(t);
	free(panels);
	panel_pool_free(p);
	buf_free(&quota);
	buf_free(&pool);
	return compared;
}

/* WB_PANEL_BRUTE_INSTANCES=N runs N instances instead (a longer hunt for
 * disagreements; the seeds of the first N_INSTANCES stay the same). */
static void test_leximin_matches_brute_force(void **state)
{
	int n_inst = N_INSTANCES, feasible = 0;
	struct stats st = {0};
	const char *env = getenv("WB_PANEL_BRUTE_INSTANCES");
	if (env && atoi(env) > 0)
		n_inst = atoi(env);
	for (int s = 0; s < n_inst; s++) {
		feasible += check_instance(PLAIN_SEED_BASE + (uint64_t)s * SEED_STEP, false, &st);
		if (s % KEEP_EVERY == KEEP_EVERY - 1)
			check_instance(KEEP_SEED_BASE + (uint64_t)s * SEED_STEP, true, &st);
	}
	fprintf(stderr, "%d of %d instances feasible and compared, %d infeasible or skipped\n",
		feasible, n_inst, n_inst - feasible);
	fprintf(stderr, "of those: %d with households, %d with someone at 0, %d with 3+ levels\n",
		st.households, st.zero, st.many_levels);
	if (st.fallbacks)
		fprintf(stderr,
			"brute force: %d stages fixed the smallest maximum (no person "
			"was tight within %g)\n",
			st.fallbacks, FIX_TOL);
	fprintf(stderr,
		"with people kept: %d of %d feasible and compared (%d with two kept, %d with "
		"households, %d with someone else pushed to 0), %d infeasible or skipped "
		"(%d infeasible only through the kept people)\n",
		st.keep_compared, st.keep_inst, st.keep_two, st.keep_hh, st.keep_zero,
		st.keep_inst - st.keep_compared, st.keep_blocked);
	/* A generator that drifted into mostly infeasible quotas would test little. */
	assert_true(feasible >= MIN_FEASIBLE);
	assert_true(feasible * 5 >= n_inst * 3);
	assert_true(st.keep_compared >= MIN_KEEP_FEASIBLE);
	assert_true(st.keep_compared * 2 >= st.keep_inst);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_leximin_matches_brute_force),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
