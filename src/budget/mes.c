/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * mes.c: the Method of Equal Shares in exact arithmetic, with the add1 and
 * add1e completions.
 *
 * The rule (pabutools' mes_rule.py; Peters & Skowron): every voter gets the
 * same budget b0. Each round, for every project c still possible, find the
 * smallest price rho such that its supporters, each paying min(budget,
 * rho * sat), together pay its cost; choose the project with the smallest rho,
 * let its supporters pay, repeat until no project is affordable.
 *
 * Exactness, and why it stays fast:
 *  - Every amount is an integer numerator over ONE common denominator DEN (a
 *    big integer). A payment rho*sat_i = R*u_i/Dp, where R = C*DEN - (money of
 *    the supporters who pay all they have) and Dp = sum of u over the others,
 *    is brought to the common denominator by multiplying DEN by f = Dp/g with
 *    g = gcd(Dp, R); then the payment is (R/g)*u_i exactly. So the engine
 *    needs only big-integer add, subtract, compare and multiply/divide by a
 *    64-bit word (bignum.h); no big gcd, no floating point.
 *  - Voters with identical ballots are one class with a weight. Each class
 *    points at a "level": an interned budget value. Paying for a project maps
 *    each old level to one new level (memoised per round), so big-number work
 *    is per distinct budget, integer work per class.
 *  - Levels are rescaled lazily to the current DEN (each remembers its epoch).
 *  - Lazy candidate order (equalshares.net): rho of a project never falls, so
 *    a round evaluates projects in order of their previous rho and stops when
 *    that exceeds the best rho found.
 *  - Supporters who have paid nothing yet are one aggregate entry per project
 *    (w1); only the others are scanned (the touched list), and exhausted
 *    supporters are swapped out of it.
 *  - add1/add1e passes are independent and run on worker threads; the outcome
 *    depends only on the pass indexes, never on timing.
 *  - An add1/add1e pass other than the reported one stops as soon as it is
 *    known whether it is terminal (can_cut); the reported pass is completed.
 *    To know it sooner, each round probes the dearest available projects for
 *    affordability (probe_dearest, up to PROBE_AFFORDABLE_MAX affordable ones).
 *  - Consecutive add1 passes mostly repeat each other's moves: a pass follows
 *    the log of the previous pass of its worker (same project, same voters
 *    paying all they have, checked exactly) and then skips the ballot
 *    bookkeeping of the round ("replay log" below). While it follows, an
 *    evaluation finds the level entries of the previous pass's evaluation of
 *    the same project in the same round (ec_get) instead of scanning.
 *
 * Money sums (spent) fit in 63 bits: the reader refuses files whose costs add
 * up to more than 2^62.
 *
 * Overflow notes (64-bit words): u <= 2^31 (PB_MAX_POINTS), class weights sum
 * to n <= 5*10^7 < 2^26, so Dp = sum w*u < 2^57; a cost C <= 2^53 and a scale
 * s_c (C or 1) < 2^54 are words; every product with a big number goes through
 * bn_mul_u64 one word at a time, so nothing overflows.
 */
#include "budget/budget.h"

#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "budget/bignum.h"
#include "util/mem.h"

/* ------------------------------------------------------------- profile */

struct profile {
	int nclasses;
	int64_t *w;        /* voters in each class */
	long *coff;        /* class ballot: projects citem[coff[c]..coff[c+1]) ... */
	int *citem;
	uint64_t *cu;      /* ... with utility weight u >= 1 */
	long *soff;        /* supporters of project p: (scls, su)[soff[p]..soff[p+1]) */
	int *scls;
	uint64_t *su;
	uint64_t *tu;      /* sum of w*u over the supporters */
	uint64_t *scale;   /* s_c: sat = s_c * u (cost satisfaction: s_c = cost) */
	bool uniform;      /* every u is 1 (approval-like): levels can be memoised */
	/* Uniform profiles, when small enough: the ballot of the class in
	 * supporter slot s, copied inline at inl[ioff[s] .. ioff[s+1]), so that
	 * paying for a project reads its supporters' ballots sequentially. */
	uint32_t *ioff;
	uint16_t *inl;
};

static uint64_t util_of(const struct pb_file *f, enum pb_sat sat, long j)
{
	if (f->pts[j] <= 0)
		return 0;
	return sat == PB_SAT_POINTS ? (uint64_t)f->pts[j] : 1;
}

static int cmp_pair(const void *x, const void *y)
{
	const uint64_t *a = x, *b = y;
	return a[0] < b[0] ? -1 : a[0] > b[0];
}

/* Builds classes of identical ballots (as sets of (project, u)). */
static void profile_build(const struct pb_file *f, enum pb_sat sat, struct profile *pr)
{
	long nv = f->nvoters;
	int np = f->nprojects;
	long total = f->off[nv];
	/* Normalised ballots: (project << 32 | u) sorted, per voter. */
	uint64_t *norm = xmalloc(((size_t)total + 1) * 2 * sizeof *norm);
	long *noff = xmalloc(((size_t)nv + 1) * sizeof *noff);
	uint64_t *hash = xmalloc(((size_t)nv + 1) * sizeof *hash);
	long k = 0;
	for (long v = 0; v < nv; v++) {
		noff[v] = k;
		for (long j = f->off[v]; j < f->off[v + 1]; j++) {
			uint64_t u = util_of(f, sat, j);
			if (!u)
				continue;
			norm[2 * k] = (uint64_t)f->item[j];
			norm[2 * k + 1] = u;
			k++;
		}
		qsort(norm + 2 * noff[v], (size_t)(k - noff[v]), 2 * sizeof *norm, cmp_pair);
		uint64_t h = 1469598103934665603ULL;
		for (long j = noff[v]; j < k; j++)
			h = (h ^ norm[2 * j]) * 1099511628211ULL, h = (h ^ norm[2 * j + 1]) * 1099511628211ULL;
		hash[v] = h;
	}
	noff[nv] = k;
	size_t cap = 16;
	while (cap < 2 * (size_t)nv + 2)
		cap *= 2;
	long *slot = xcalloc(cap, sizeof *slot); /* voter+1 of the class representative */
	int *cls_of = xmalloc(((size_t)nv + 1) * sizeof *cls_of);
	long *rep = xmalloc(((size_t)nv + 1) * sizeof *rep);
	int nc = 0;
	for (long v = 0; v < nv; v++) {
		size_t i = hash[v] & (cap - 1);
		long len = noff[v + 1] - noff[v];
		int found = -1;
		while (slot[i]) {
			long r = slot[i] - 1;
			if (hash[r] == hash[v] && noff[r + 1] - noff[r] == len &&
			    memcmp(norm + 2 * noff[r], norm + 2 * noff[v], (size_t)len * 2 * sizeof *norm) == 0) {
				found = cls_of[r];
				break;
			}
			i = (i + 1) & (cap - 1);
		}
		if (found < 0) {
			slot[i] = v + 1;
			found = nc;
			rep[nc++] = v;
		}
		cls_of[v] = found;
	}
	pr->nclasses = nc;
	pr->w = xcalloc((size_t)nc + 1, sizeof *pr->w);
	for (long v = 0; v < nv; v++)
		pr->w[cls_of[v]]++;
	pr->coff = xmalloc(((size_t)nc + 1) * sizeof *pr->coff);
	long ck = 0;
	for (int c = 0; c < nc; c++)
		ck += noff[rep[c] + 1] - noff[rep[c]];
	pr->citem = xmalloc(((size_t)ck + 1) * sizeof *pr->citem);
	pr->cu = xmalloc(((size_t)ck + 1) * sizeof *pr->cu);
	pr->soff = xcalloc((size_t)np + 2, sizeof *pr->soff);
	pr->uniform = true;
	ck = 0;
	for (int c = 0; c < nc; c++) {
		pr->coff[c] = ck;
		for (long j = noff[rep[c]]; j < noff[rep[c] + 1]; j++) {
			pr->citem[ck] = (int)norm[2 * j];
			pr->cu[ck] = norm[2 * j + 1];
			pr->uniform &= pr->cu[ck] == 1;
			pr->soff[pr->citem[ck] + 1]++;
			ck++;
		}
	}
	pr->coff[nc] = ck;
	for (int p = 0; p < np; p++)
		pr->soff[p + 1] += pr->soff[p];
	pr->scls = xmalloc(((size_t)ck + 1) * sizeof *pr->scls);
	pr->su = xmalloc(((size_t)ck + 1) * sizeof *pr->su);
	pr->tu = xcalloc((size_t)np + 1, sizeof *pr->tu);
	pr->scale = xcalloc((size_t)np + 1, sizeof *pr->scale);
	long *fill = xmalloc(((size_t)np + 1) * sizeof *fill);
	memcpy(fill, pr->soff, (size_t)np * sizeof *fill);
	for (int c = 0; c < nc; c++)
		for (long j = pr->coff[c]; j < pr->coff[c + 1]; j++) {
			int p = pr->citem[j];
			pr->scls[fill[p]] = c;
			pr->su[fill[p]] = pr->cu[j];
			fill[p]++;
			pr->tu[p] += (uint64_t)pr->w[c] * pr->cu[j];
		}
	for (int p = 0; p < np; p++)
		pr->scale[p] = sat == PB_SAT_COST ? (uint64_t)f->proj[p].cost : 1;
	pr->ioff = NULL;
	pr->inl = NULL;
	long ns = pr->soff[np], inl_total = 0;
	for (long q = 0; q < ns && inl_total <= (1L << 25); q++)
		inl_total += pr->coff[pr->scls[q] + 1] - pr->coff[pr->scls[q]];
	/* uint16 items and uint32 offsets halve the bytes touch() reads. */
	if (pr->uniform && inl_total <= (1L << 25) && np <= 65536) {
		pr->ioff = xmalloc(((size_t)ns + 1) * sizeof *pr->ioff);
		pr->inl = xmalloc(((size_t)inl_total + 1) * sizeof *pr->inl);
		long k2 = 0;
		for (long q = 0; q < ns; q++) {
			int c = pr->scls[q];
			pr->ioff[q] = (uint32_t)k2;
			for (long j = pr->coff[c]; j < pr->coff[c + 1]; j++)
				pr->inl[k2++] = (uint16_t)pr->citem[j];
		}
		pr->ioff[ns] = (uint32_t)k2;
	}
	free(fill);
	free(norm);
	free(noff);
	free(hash);
	free(slot);
	free(cls_of);
	free(rep);
}

static void profile_free(struct profile *pr)
{
	free(pr->ioff);
	free(pr->inl);
	free(pr->w);
	free(pr->coff);
	free(pr->citem);
	free(pr->cu);
	free(pr->soff);
	free(pr->scls);
	free(pr->su);
	free(pr->tu);
	free(pr->scale);
}

/* ------------------------------------------------------------- state */

struct level {
	struct bn v;
	int epoch;
};

/* A touched supporter: the class and its weight side by side (weights are at
 * most PB_MAX_VOTERS < 2^32), so the scan in evaluate() reads one array
 * sequentially and only cls_level at random. */
struct tl_entry {
	int cls;
	uint32_t w;
};

struct entry {
	int level;
	uint64_t u;
	uint64_t w;
	bool paid_all;
};

enum { AVAILABLE, SELECTED, DROPPED };

struct mes {
	const struct pb_file *f;
	const struct profile *pr;
	const struct pb_options *o;
	const int *lot;
	struct pb_result *r;
	/* common denominator and its history */
	struct bn den;
	int epoch;
	uint64_t *factor;
	int factor_cap;
	/* levels: 0 is the empty budget, 1 the start budget */
	struct level *lev;
	int nlev, lev_cap;
	/* per level: stamp == m->stamp when memo is valid (one cache line for both) */
	struct lev_mark {
		int stamp, memo;
	} *mark;
	int stamp;
	int *cls_level;
	/* supporters of p still holding money this pass: [soff[p], send[p]) of the
	 * arrays below (a copy of the profile's, permuted by swap-removal) */
	long *send;
	int *scls;
	uint64_t *su;
	uint32_t *sw; /* the weight of the class in each slot, read in order */
	/* uniform profiles: w1[p] = weight of p's supporters still at the start
	 * budget; tl[soff[p] .. soff[p]+tn[p]) = p's other supporters (lazily
	 * purged of exhausted ones) */
	uint64_t *w1;
	long *tn;
	struct tl_entry *tl;
	/* projects */
	int *status;
	struct bn *prev_r;
	uint64_t *prev_dp;
	bool *evaluated;
	/* probed[p] == round_stamp: p was found affordable by probe_dearest this
	 * round, and prev_r/prev_dp are its current R and Dp */
	long *probed;
	long round_stamp;
	/* evaluation scratch */
	struct entry *ent;
	long ent_cap;
	struct bn t1, t2, t3;
	/* run output */
	int *order;   /* winners in order */
	int nsel;
	int64_t spent;
	/* add1: may the pass stop as soon as its terminal status is known
	 * (cut_short, see run_pass)? Then order/nsel/spent are only a prefix. */
	bool may_cut;
	bool cut_estop; /* add1e: the pass must also be known not exhaustive */
	bool cut_short;
	int ndropped; /* projects found unaffordable this pass */
	long ties_seen;
	/* The replay log (uniform profiles, add1 passes that may stop early):
	 * what the last pass of this worker did to the classes in each round.
	 * Round r: project log_q[r], nlev before it log_nlev[r], the payers'
	 * levels and their new levels (0: paid all) in the order met,
	 * log_pair[log_poff[r] .. log_poff[r+1]), and tn/w1 of every project
	 * after it (log_tn/log_w1 + r*np). See apply(). */
	bool logging;   /* this pass keeps the log (and tl in append order) */
	bool following; /* every round so far did what the log says */
	int round;      /* rounds paid for in this pass (apply calls) */
	int log_n, log_cap;
	int *log_q, *log_nlev;
	long *log_poff;
	struct log_pair {
		int l, nl;
	} *log_pair;
	long log_pair_n, log_pair_cap;
	long *log_tn;
	uint64_t *log_w1;
	/* The level entries evaluate() found for project p in round r, kept
	 * while logging: the classes in round r are as the log says, so the
	 * next pass following the log finds the same entries without scanning
	 * the touched list. Slot r*np + p is valid when ec_gen[slot] ==
	 * round_gen[r]; a round's generation changes whenever its state may
	 * differ from the one the entries were found in. */
	long *ec_off;
	int *ec_n;
	unsigned *ec_gen, *round_gen, gen_counter;
	struct ec_entry {
		int l;
		uint64_t w;
	} *ec_pool;
	long ec_pool_n, ec_pool_cap;
	/* report */
	bool report;
	double *acc;  /* acc[p * n + round]: money of p's supporters paid in that round */
	int acc_rounds;
};

static void lev_reserve(struct mes *m, int n)
{
	if (n <= m->lev_cap)
		return;
	int cap = m->lev_cap ? m->lev_cap : 64;
	while (cap < n)
		cap *= 2;
	m->lev = xrealloc(m->lev, (size_t)cap * sizeof *m->lev);
	m->mark = xrealloc(m->mark, (size_t)cap * sizeof *m->mark);
	for (int i = m->lev_cap; i < cap; i++) {
		m->lev[i].v = (struct bn)BN_INIT;
		m->lev[i].epoch = 0;
		m->mark[i].stamp = 0;
	}
	m->lev_cap = cap;
}

static int lev_new(struct mes *m)
{
	lev_reserve(m, m->nlev + 1);
	m->mark[m->nlev].stamp = 0;
	m->lev[m->nlev].epoch = m->epoch;
	return m->nlev++;
}

/* Brings level l to the current common denominator. */
static const struct bn *lev_value(struct mes *m, int l)
{
	struct level *lv = &m->lev[l];
	while (lv->epoch < m->epoch) {
		/* Several factors at once while their product fits a word. */
		uint64_t f = m->factor[++lv->epoch], g;
		while (lv->epoch < m->epoch && !__builtin_mul_overflow(f, m->factor[lv->epoch + 1], &g)) {
			f = g;
			lv->epoch++;
		}
		if (f != 1)
			bn_mul_u64(&lv->v, f);
	}
	return &lv->v;
}

/* rho_a < rho_b ? with rho = R / (Dp * s). Returns <0, 0, >0. */
static int cmp_rho(struct mes *m, const struct bn *ra, uint64_t da, uint64_t sa, const struct bn *rb,
		   uint64_t db, uint64_t sb)
{
	bn_set_mul(&m->t1, ra, db);
	bn_mul_u64(&m->t1, sb);
	bn_set_mul(&m->t2, rb, da);
	bn_mul_u64(&m->t2, sa);
	return bn_cmp(&m->t1, &m->t2);
}

/* Rounds kept in the log; a pass with more rounds stops logging (but keeps tl
 * in append order) there. The log keeps tn, w1 and the entry-cache slot of
 * every project per round (32 bytes), so it is used only up to
 * LOG_MAX_PROJECTS projects (at most 8 MB per worker, plus the entry pool). */
enum { LOG_MAX_ROUNDS = 128, LOG_MAX_PROJECTS = 2048 };
/* Entries kept in the evaluation cache before it starts again (16 MB). */
enum { EC_POOL_MAX = 1 << 20 };

/* The cached level entries of p in the current round into m->ent; false
 * when there are none. */
static bool ec_get(struct mes *m, int p, long *ne)
{
	int r = m->round;
	if (r >= LOG_MAX_ROUNDS)
		return false;
	size_t slot = (size_t)r * (size_t)m->f->nprojects + (size_t)p;
	if (m->ec_gen[slot] != m->round_gen[r])
		return false;
	const struct ec_entry *e = m->ec_pool + m->ec_off[slot];
	int n = m->ec_n[slot];
	for (int i = 0; i < n; i++)
		m->ent[i] = (struct entry){e[i].l, 1, e[i].w, false};
	*ne = n;
	return true;
}

/* Keeps m->ent[0..ne) as p's entries in the current round. */
static void ec_put(struct mes *m, int p, long ne)
{
	int r = m->round;
	if (r >= LOG_MAX_ROUNDS)
		return;
	if (m->ec_pool_n + ne > EC_POOL_MAX) {
		/* Full: start again, forgetting everything kept. */
		m->ec_pool_n = 0;
		for (int k = 0; k < LOG_MAX_ROUNDS; k++)
			m->round_gen[k] = ++m->gen_counter;
	}
	if (m->ec_pool_n + ne > m->ec_pool_cap) {
		long cap = m->ec_pool_cap ? m->ec_pool_cap : 4096;
		while (cap < m->ec_pool_n + ne)
			cap *= 2;
		m->ec_pool = xrealloc(m->ec_pool, (size_t)cap * sizeof *m->ec_pool);
		m->ec_pool_cap = cap;
	}
	size_t slot = (size_t)r * (size_t)m->f->nprojects + (size_t)p;
	for (long i = 0; i < ne; i++)
		m->ec_pool[m->ec_pool_n + i] = (struct ec_entry){m->ent[i].level, m->ent[i].w};
	m->ec_off[slot] = m->ec_pool_n;
	m->ec_n[slot] = (int)ne;
	m->ec_gen[slot] = m->round_gen[r];
	m->ec_pool_n += ne;
}

/* Computes rho for project p: R (into *out_r) and Dp. Returns false when its
 * supporters together cannot pay its cost. Leaves the supporter entries in
 * m->ent (count in *nent) with paid_all set. */
static bool evaluate(struct mes *m, int p, struct bn *out_r, uint64_t *out_dp, long *nent)
{
	const struct profile *pr = m->pr;
	long ne = 0;
	m->stamp++;
	if (pr->uniform && m->logging && ec_get(m, p, &ne)) {
		/* The same classes as when these entries were found. */
	} else if (pr->uniform) {
		/* Supporters who have paid nothing yet are one entry (level 1, w1);
		 * only the others are listed, in the touched list. */
		if (m->w1[p] > 0) {
			m->ent[0] = (struct entry){1, 1, m->w1[p], false};
			m->mark[1] = (struct lev_mark){m->stamp, 0};
			ne = 1;
		}
		long base = pr->soff[p];
		struct tl_entry *tl = m->tl + base;
		long tn = m->tn[p];
		struct lev_mark *mark = m->mark;
		struct entry *ent = m->ent;
		const int *cls_level = m->cls_level;
		int stamp = m->stamp;
		bool logging = m->logging;
		for (long s = 0; s < tn;) {
			int l = cls_level[tl[s].cls];
			if (l == 0) {
				/* Exhausted: swapped out, unless the log needs tl in
				 * append order (then skipped). */
				if (logging)
					s++;
				else
					tl[s] = tl[--tn];
				continue;
			}
			uint64_t w = tl[s].w;
			s++;
			if (mark[l].stamp == stamp) {
				ent[mark[l].memo].w += w;
				continue;
			}
			mark[l] = (struct lev_mark){stamp, (int)ne};
			ent[ne++] = (struct entry){l, 1, w, false};
		}
		m->tn[p] = tn;
		if (m->logging)
			ec_put(m, p, ne);
	} else {
		for (long s = pr->soff[p]; s < m->send[p];) {
			int c = m->scls[s];
			int l = m->cls_level[c];
			if (l == 0) {
				/* Exhausted for the rest of this pass: swap out of the live part. */
				long last = --m->send[p];
				m->scls[s] = m->scls[last];
				m->scls[last] = c;
				uint64_t u = m->su[s];
				m->su[s] = m->su[last];
				m->su[last] = u;
				uint32_t w = m->sw[s];
				m->sw[s] = m->sw[last];
				m->sw[last] = w;
				continue;
			}
			m->ent[ne++] = (struct entry){l, m->su[s], m->sw[s], false};
			s++;
		}
	}
	*nent = ne;
	uint64_t dp = 0;
	for (long i = 0; i < ne; i++) {
		lev_value(m, m->ent[i].level);
		dp += m->ent[i].w * m->ent[i].u;
	}
	bn_set_mul(out_r, &m->den, (uint64_t)m->f->proj[p].cost);
	/* Fixpoint: a supporter whose budget is below the share pays all of it.
	 * Every such payment w*b is below the current R (w*b*Dp < R*w*u <= R*Dp),
	 * so R stays positive; the share only rises, so the set only grows. */
	bool changed = true;
	while (changed && dp > 0) {
		changed = false;
		long low = -1; /* the unpaid entry with the smallest b/u */
		for (long i = 0; i < ne && dp > 0; i++) {
			struct entry *e = &m->ent[i];
			if (e->paid_all)
				continue;
			const struct bn *b = &m->lev[e->level].v;
			if (bn_cmp_mul(b, dp, out_r, e->u) < 0) {
				e->paid_all = true;
				bn_set_mul(&m->t3, b, e->w);
				bn_sub(out_r, &m->t3);
				dp -= e->w * e->u;
				changed = true;
			} else if (low < 0 ||
				   (e->u == 1 && m->ent[low].u == 1
					    ? bn_cmp(b, &m->lev[m->ent[low].level].v) < 0
					    : bn_cmp_mul(b, m->ent[low].u, &m->lev[m->ent[low].level].v, e->u) < 0)) {
				low = i;
			}
		}
		/* Another pass is needed only if the share rose above the smallest
		 * b/u left: qualifying is monotone in b/u. */
		if (changed && dp > 0 && low >= 0 &&
		    bn_cmp_mul(&m->lev[m->ent[low].level].v, dp, out_r, m->ent[low].u) >= 0)
			break;
	}
	*out_dp = dp;
	return dp > 0;
}

/* Adds a tie event to the result (report run only). */
static void note_tie(struct mes *m, int round, const int *tied, int ntied, int chosen,
		     const char *why)
{
	struct pb_result *r = m->r;
	struct pb_tie_event *t = arena_alloc(r->arena, ((size_t)r->nties + 1) * sizeof *t);
	if (r->nties)
		memcpy(t, r->ties, (size_t)r->nties * sizeof *t);
	t[r->nties].round = round;
	t[r->nties].ntied = ntied;
	t[r->nties].tied = arena_alloc(r->arena, (size_t)ntied * sizeof(int));
	memcpy(t[r->nties].tied, tied, (size_t)ntied * sizeof(int));
	t[r->nties].chosen = chosen;
	t[r->nties].decided_by = why;
	r->ties = t;
	r->nties++;
}

static double unit_of(const struct pb_file *f)
{
	double u = 1;
	for (int i = 0; i < f->money_scale; i++)
		u *= 10;
	return u;
}

/* a / b as a double, for display only. */
static double bn_ratio(const struct bn *a, const struct bn *b)
{
	if (!a->n || !b->n)
		return 0;
	unsigned __int128 va = a->d[a->n - 1], vb = b->d[b->n - 1];
	int ea = 0, eb = 0;
	if (a->n >= 2) {
		va = (va << 64) | a->d[a->n - 2];
		ea = (int)(a->n - 2) * 64;
	}
	if (b->n >= 2) {
		vb = (vb << 64) | b->d[b->n - 2];
		eb = (int)(b->n - 2) * 64;
	}
	return ldexp((double)va / (double)vb, ea - eb);
}

/* Class c (weight w) pays for the first time: off project q's level-1
 * aggregate and onto its touched list. Done for every project on the ballot,
 * chosen or dropped ones too (they are never evaluated again, so their w1/tl
 * no longer matter): no branch on the status. A class pays for the first time
 * once per pass, so tn[q] never exceeds q's supporter count (the room of its
 * list). */
static inline void touch_one(struct mes *m, int q, int c, uint32_t w, int nl)
{
	m->w1[q] -= w;
	m->tl[m->pr->soff[q] + m->tn[q]] = (struct tl_entry){c, w};
	m->tn[q] += nl != 0; /* an exhausted class is not listed */
}

/* Moves class c (weight w, in supporter slot `slot` of the project being
 * paid for) from level l to nl, keeping w1/tl of every project on its ballot
 * in step when c pays for the first time. */
static void touch(struct mes *m, long slot, int c, uint32_t w, int l, int nl)
{
	const struct profile *pr = m->pr;
	m->cls_level[c] = nl;
	if (!pr->uniform || l != 1)
		return;
	if (pr->ioff) {
		/* The ballot copied inline for this slot: read sequentially. */
		const uint16_t *items = pr->inl + pr->ioff[slot];
		long len = (long)(pr->ioff[slot + 1] - pr->ioff[slot]);
		for (long j = 0; j < len; j++)
			touch_one(m, items[j], c, w, nl);
		return;
	}
	for (long j = pr->coff[c]; j < pr->coff[c + 1]; j++)
		touch_one(m, pr->citem[j], c, w, nl);
}

/* ------------------------------------------------------------- replay log
 *
 * Consecutive add1 passes (voter budget b, then b + 1) mostly make the same
 * moves: on Warszawa 2026, 78 % of the rounds pay for the same project with
 * the same voters paying all they have. What a round does to the classes
 * (new level per paying level, touched lists, w1) depends only on the project
 * and, per paying level, on whether it pays all (nl == 0) or the share (a
 * new level). So a pass that meets, round after round, the same project with
 * the same all-in decisions as the log of the previous pass need not touch the
 * classes' ballots: the touched lists that pass wrote are still in tl (kept in
 * append order while logging), and tn/w1 after the round are in the log.
 * Only the level values (exact, per level) and the class levels (one write per
 * paying class) are computed. The first round that differs ends the
 * following; the state before it is restored from the log and the pass goes
 * on as usual, logging from there. Every decision is still made by this
 * pass's own exact evaluations: the log only saves re-doing identical
 * bookkeeping. */


static void log_alloc(struct mes *m)
{
	if (m->log_q)
		return;
	size_t np = (size_t)m->f->nprojects + 1;
	m->log_q = xmalloc((LOG_MAX_ROUNDS + 1) * sizeof *m->log_q);
	m->log_nlev = xmalloc((LOG_MAX_ROUNDS + 1) * sizeof *m->log_nlev);
	m->log_poff = xcalloc(LOG_MAX_ROUNDS + 2, sizeof *m->log_poff);
	m->log_tn = xmalloc((size_t)LOG_MAX_ROUNDS * np * sizeof *m->log_tn);
	m->log_w1 = xmalloc((size_t)LOG_MAX_ROUNDS * np * sizeof *m->log_w1);
	m->ec_off = xmalloc((size_t)LOG_MAX_ROUNDS * np * sizeof *m->ec_off);
	m->ec_n = xmalloc((size_t)LOG_MAX_ROUNDS * np * sizeof *m->ec_n);
	m->ec_gen = xcalloc((size_t)LOG_MAX_ROUNDS * np, sizeof *m->ec_gen);
	m->round_gen = xmalloc(LOG_MAX_ROUNDS * sizeof *m->round_gen);
	for (int r = 0; r < LOG_MAX_ROUNDS; r++)
		m->round_gen[r] = ++m->gen_counter; /* never 0, the slots' start value */
}

/* Forgets the entries of rounds from..LOG_MAX_ROUNDS-1. */
static void ec_forget_from(struct mes *m, int from)
{
	for (int r = from < 0 ? 0 : from; r < LOG_MAX_ROUNDS; r++)
		m->round_gen[r] = ++m->gen_counter;
}

static void log_pair_add(struct mes *m, int l, int nl)
{
	if (m->log_pair_n == m->log_pair_cap) {
		m->log_pair_cap = m->log_pair_cap ? 2 * m->log_pair_cap : 1024;
		m->log_pair = xrealloc(m->log_pair, (size_t)m->log_pair_cap * sizeof *m->log_pair);
	}
	m->log_pair[m->log_pair_n++] = (struct log_pair){l, nl};
}

/* Would round r of the log, paying P (at the new denominator: levels times
 * fct), make the same all-in decisions? Exact. */
static bool log_round_fits(struct mes *m, int r, const struct bn *P, uint64_t fct)
{
	for (long i = m->log_poff[r]; i < m->log_poff[r + 1]; i++) {
		const struct log_pair *x = &m->log_pair[i];
		bool allin = bn_cmp_mul(lev_value(m, x->l), fct, P, 1) <= 0;
		if (allin != (x->nl == 0))
			return false;
	}
	return true;
}

/* tn/w1 as they were before round r (from the log; round 0: the start). */
static void log_restore_before(struct mes *m, int r)
{
	int np = m->f->nprojects;
	if (r == 0) {
		for (int q = 0; q < np; q++) {
			m->tn[q] = 0;
			m->w1[q] = m->pr->tu[q];
		}
		return;
	}
	memcpy(m->tn, m->log_tn + (size_t)(r - 1) * (size_t)np, (size_t)np * sizeof *m->tn);
	memcpy(m->w1, m->log_w1 + (size_t)(r - 1) * (size_t)np, (size_t)np * sizeof *m->w1);
}

/* Round r as the log says (log_round_fits held, DEN already multiplied):
 * the new levels in the logged order (so they get the logged ids), each
 * paying class moved, tn/w1 from the log. */
static void log_replay(struct mes *m, int p, int r, const struct bn *P)
{
	const struct profile *pr = m->pr;
	for (long i = m->log_poff[r]; i < m->log_poff[r + 1]; i++) {
		const struct log_pair *x = &m->log_pair[i];
		if (x->nl != 0) {
			int nl = lev_new(m); /* == x->nl: same calls in the same order */
			bn_copy(&m->lev[nl].v, lev_value(m, x->l));
			bn_sub(&m->lev[nl].v, P);
		}
		m->mark[x->l] = (struct lev_mark){m->stamp, x->nl};
	}
	for (long s = pr->soff[p]; s < m->send[p]; s++) {
		int c = m->scls[s];
		int l = m->cls_level[c];
		if (l != 0)
			m->cls_level[c] = m->mark[l].memo;
	}
	int np = m->f->nprojects;
	memcpy(m->tn, m->log_tn + (size_t)r * (size_t)np, (size_t)np * sizeof *m->tn);
	memcpy(m->w1, m->log_w1 + (size_t)r * (size_t)np, (size_t)np * sizeof *m->w1);
}

/* Closes round r of the log after the usual bookkeeping. */
static void log_round_end(struct mes *m, int r, int p, int nlev_before, long pair_start)
{
	int np = m->f->nprojects;
	m->log_q[r] = p;
	m->log_nlev[r] = nlev_before;
	m->log_poff[r] = pair_start;
	m->log_poff[r + 1] = m->log_pair_n;
	memcpy(m->log_tn + (size_t)r * (size_t)np, m->tn, (size_t)np * sizeof *m->tn);
	memcpy(m->log_w1 + (size_t)r * (size_t)np, m->w1, (size_t)np * sizeof *m->w1);
	m->log_n = r + 1;
}

/* Pays for project p (rho = R / (Dp * s)); updates levels and DEN. */
static void apply(struct mes *m, int p, const struct bn *r_in, uint64_t dp)
{
	const struct profile *pr = m->pr;
	struct bn R = BN_INIT, P = BN_INIT;
	bn_copy(&R, r_in);
	uint64_t g = u64_gcd(dp, bn_mod_u64(&R, dp));
	uint64_t fct = dp / g;
	bn_copy(&P, &R);
	bn_div_u64(&P, g); /* exact: g divides R */
	double share_d = 0;
	if (m->report)
		share_d = bn_ratio(&R, &m->den) / (double)dp / unit_of(m->f);
	if (m->epoch + 1 >= m->factor_cap) {
		m->factor_cap = m->factor_cap ? m->factor_cap * 2 : 64;
		m->factor = xrealloc(m->factor, (size_t)m->factor_cap * sizeof *m->factor);
	}
	int round = m->nsel;
	int r = m->round++; /* the log's round index (free projects are not rounds) */
	bool replay = false;
	if (m->following) {
		replay = r < m->log_n && m->log_q[r] == p && m->log_nlev[r] == m->nlev &&
			 log_round_fits(m, r, &P, fct);
		if (!replay) {
			/* The first round that differs: back to the state before
			 * it, and from here on as usual (and logged anew). */
			m->following = false;
			log_restore_before(m, r);
			m->log_n = r;
			/* Round r's entries were found in the state before it, which
			 * is the same; later rounds will differ. */
			ec_forget_from(m, r + 1);
		}
	}
	bool log_it = m->logging && !replay && r < LOG_MAX_ROUNDS;
	int nlev_before = m->nlev;
	long pair_start = r > 0 && r <= m->log_n ? m->log_poff[r] : 0;
	if (log_it)
		m->log_pair_n = pair_start;
	m->status[p] = SELECTED;
	long full = 0, allin = 0;
	m->epoch++;
	m->factor[m->epoch] = fct;
	bn_mul_u64(&m->den, fct);
	m->stamp++;
	if (replay)
		log_replay(m, p, r, &P);
	for (long s = pr->soff[p]; s < m->send[p] && !replay; s++) {
		int c = m->scls[s];
		int l = m->cls_level[c];
		if (l == 0)
			continue;
		uint32_t w = m->sw[s];
		if (pr->uniform && m->mark[l].stamp == m->stamp) {
			int nl = m->mark[l].memo;
			if (nl == 0)
				allin += w;
			else
				full += w;
			if (m->report) {
				double paid = nl == 0 ? bn_ratio(lev_value(m, l), &m->den)
						      : bn_ratio(&P, &m->den) * (double)m->su[s];
				for (long j = pr->coff[c]; j < pr->coff[c + 1]; j++)
					m->acc[(size_t)pr->citem[j] * (size_t)m->f->nprojects + (size_t)round] +=
						paid * (double)w;
			}
			touch(m, s, c, w, l, nl);
			continue;
		}
		const struct bn *b = lev_value(m, l); /* now at the new epoch: b * fct */
		bn_set_mul(&m->t1, &P, m->su[s]);
		int nl;
		double paid = 0;
		if (bn_cmp(b, &m->t1) <= 0) {
			nl = 0;
			allin += w;
			if (m->report)
				paid = bn_ratio(b, &m->den);
		} else {
			nl = lev_new(m);
			b = &m->lev[l].v; /* lev may have moved */
			bn_copy(&m->lev[nl].v, b);
			bn_sub(&m->lev[nl].v, &m->t1);
			full += w;
			if (m->report)
				paid = bn_ratio(&m->t1, &m->den);
		}
		if (m->report)
			for (long j = pr->coff[c]; j < pr->coff[c + 1]; j++)
				m->acc[(size_t)pr->citem[j] * (size_t)m->f->nprojects + (size_t)round] +=
					paid * (double)w;
		if (pr->uniform) {
			m->mark[l] = (struct lev_mark){m->stamp, nl};
			if (log_it)
				log_pair_add(m, l, nl);
		}
		touch(m, s, c, w, l, nl);
	}
	if (log_it)
		log_round_end(m, r, p, nlev_before, pair_start);
	if (fct != 1)
		for (int q = 0; q < m->f->nprojects; q++)
			if (m->status[q] == AVAILABLE)
				bn_mul_u64(&m->prev_r[q], fct);
	m->status[p] = SELECTED;
	m->order[m->nsel++] = p;
	m->spent += m->f->proj[p].cost;
	if (m->report) {
		struct pb_round *rd = &m->r->rounds[round];
		rd->project = p;
		rd->share = share_d;
		rd->full_payers = full;
		rd->all_in_payers = allin;
	}
	bn_free(&R);
	bn_free(&P);
}

/* add1 only needs to know whether a pass is terminal: whether it overspends
 * or chooses every project. Both can be known before the pass ends, exactly:
 *  - overspent: spending only grows, so spent > B now means spent > B at
 *    the end;
 *  - within budget and not everything: supporters' money only falls, so a
 *    project found unaffordable (DROPPED) stays so, and what the pass can
 *    still spend is at most the cost of the projects still available. When
 *    spent + that sum (ub) <= B and one project was dropped, the pass ends
 *    within the budget without choosing every project;
 *  - add1e also stops at an exhaustive outcome: a dropped project that costs
 *    at most B - ub shows that the final outcome is not exhaustive.
 * Integers only; the candidates are the available projects. */
static bool can_cut(const struct mes *m, const int *cand, int nc)
{
	int64_t budget = m->f->budget;
	if (m->spent > budget)
		return true;
	if (m->ndropped == 0)
		return false;
	int64_t ub = m->spent; /* costs add up to at most 2^62: no overflow */
	for (int i = 0; i < nc && ub <= budget; i++)
		ub += m->f->proj[cand[i]].cost;
	if (ub > budget)
		return false;
	if (!m->cut_estop)
		return true;
	/* add1e: exhaustive means no unchosen project somebody supports fits what
	 * is left; a dropped one that fits budget - ub fits at the end too. */
	for (int p = 0; p < m->f->nprojects; p++)
		if (m->status[p] == DROPPED && m->pr->tu[p] > 0 && m->f->proj[p].cost <= budget - ub)
			return true;
	return false;
}

/* How many affordable projects a round may probe before giving up on
 * stopping the pass at this round (measured on Warszawa 2026: 1 probe left
 * passes running twice as many rounds as needed; 3 comes within 5 % of
 * knowing every project's affordability, and more probes cost more than the
 * rounds they save). */
enum { PROBE_AFFORDABLE_MAX = 3 };

/* When the costs of the available projects are all that keeps can_cut from
 * stopping the pass, checks the dearest available projects not yet probed
 * this round (probed[p] == m->round_stamp) for affordability: an unaffordable
 * one is dropped (as its next evaluation would: money only falls) and removed
 * from cand. An affordable one keeps its current rho as the lower bound for the
 * lazy order (rho never falls) and, this round, as its evaluation (the state
 * has not changed since). Returns true while probing may still let the pass
 * stop: a project was dropped, or fewer than PROBE_AFFORDABLE_MAX were
 * affordable and the unprobed costs could still cover the excess. */
static bool probe_dearest(struct mes *m, int *cand, int *nc, struct bn *scratch, int *naffordable)
{
	const struct pb_file *f = m->f;
	int at = -1;
	int64_t unprobed = 0, ub = m->spent; /* costs add up to at most 2^62 */
	for (int i = 0; i < *nc; i++) {
		int q = cand[i];
		ub += f->proj[q].cost;
		if (m->probed[q] == m->round_stamp)
			continue;
		unprobed += f->proj[q].cost;
		if (at < 0 || f->proj[q].cost > f->proj[cand[at]].cost)
			at = i;
	}
	/* Even dropping every unprobed project would leave ub above the budget. */
	if (at < 0 || ub - unprobed > f->budget)
		return false;
	int p = cand[at];
	uint64_t dp;
	long ne;
	if (evaluate(m, p, scratch, &dp, &ne)) {
		bn_copy(&m->prev_r[p], scratch);
		m->prev_dp[p] = dp;
		m->evaluated[p] = true;
		m->probed[p] = m->round_stamp;
		return ++*naffordable < PROBE_AFFORDABLE_MAX;
	}
	m->status[p] = DROPPED;
	m->ndropped++;
	cand[at] = cand[--*nc];
	return true;
}

/* One MES pass with start budget num/den0. Fills m->order/nsel/spent. */
static void run_pass(struct mes *m, const struct bn *num, uint64_t den0)
{
	const struct pb_file *f = m->f;
	const struct profile *pr = m->pr;
	int np = f->nprojects;
	m->epoch = 0;
	bn_set_u64(&m->den, den0);
	m->nlev = 0;
	lev_new(m); /* 0: empty */
	bn_set_u64(&m->lev[0].v, 0);
	lev_new(m); /* 1: start budget */
	bn_copy(&m->lev[1].v, num);
	for (int c = 0; c < pr->nclasses; c++)
		m->cls_level[c] = bn_is_zero(num) ? 0 : 1;
	for (int p = 0; p < np; p++) {
		m->send[p] = pr->soff[p + 1];
		m->w1[p] = bn_is_zero(num) ? 0 : pr->tu[p];
		m->tn[p] = 0;
	}
	m->nsel = 0;
	m->spent = 0;
	m->cut_short = false;
	m->ndropped = 0;
	m->round = 0;
	/* The replay log: only for passes that may stop early (not the report
	 * pass, whose figures need every round done in full) on uniform
	 * profiles. Any other pass reorders tl, so it drops the log. */
	m->logging = pr->uniform && m->may_cut && !m->report && np <= LOG_MAX_PROJECTS;
	if (m->logging)
		log_alloc(m);
	else
		m->log_n = 0;
	m->following = m->logging && m->log_n > 0;
	if (m->logging && !m->following)
		ec_forget_from(m, 0);
	for (int p = 0; p < np; p++) {
		m->status[p] = AVAILABLE;
		m->evaluated[p] = false;
		/* A project nobody gets satisfaction from is never chosen; a free
		 * project somebody likes is chosen at once (pabutools). */
		if (pr->tu[p] == 0 || pr->scale[p] == 0)
			m->status[p] = DROPPED;
	}
	for (int p = 0; p < np; p++)
		if (m->status[p] == AVAILABLE && f->proj[p].cost == 0) {
			m->status[p] = SELECTED;
			if (m->report)
				m->r->rounds[m->nsel].project = p;
			m->order[m->nsel++] = p;
		}
	int *cand = xmalloc(((size_t)np + 1) * sizeof *cand);
	int *tied = xmalloc(((size_t)np + 1) * sizeof *tied);
	struct bn best_r = BN_INIT, cur_r = BN_INIT;
	for (;;) {
		int nc = 0;
		for (int p = 0; p < np; p++)
			if (m->status[p] == AVAILABLE)
				cand[nc++] = p;
		if (nc == 0)
			break;
		m->round_stamp++; /* never reset: a stamp of an earlier pass never matches */
		if (m->may_cut && !m->report) {
			/* Probe while probing drops projects: each drop lowers the bound. */
			bool cut;
			int naffordable = 0;
			while (!(cut = can_cut(m, cand, nc)) &&
			       probe_dearest(m, cand, &nc, &cur_r, &naffordable))
				;
			if (cut) {
				m->cut_short = true;
				break;
			}
			if (nc == 0)
				break;
		}
		/* Order by previous rho (insertion sort: few projects, mostly sorted).
		 * Projects never evaluated go first. */
		if (!m->report)
			for (int i = 1; i < nc; i++) {
				int x = cand[i], j = i;
				while (j > 0) {
					int y = cand[j - 1];
					bool before;
					if (!m->evaluated[x])
						before = m->evaluated[y];
					else if (!m->evaluated[y])
						before = false;
					else
						before = cmp_rho(m, &m->prev_r[x], m->prev_dp[x], pr->scale[x],
								 &m->prev_r[y], m->prev_dp[y], pr->scale[y]) < 0;
					if (!before)
						break;
					cand[j] = y;
					j--;
				}
				cand[j] = x;
			}
		int best = -1, ntied = 0;
		uint64_t best_dp = 0;
		for (int i = 0; i < nc; i++) {
			int p = cand[i];
			if (best >= 0 && !m->report && m->evaluated[p] &&
			    cmp_rho(m, &m->prev_r[p], m->prev_dp[p], pr->scale[p], &best_r, best_dp,
				    pr->scale[best]) > 0)
				break;
			uint64_t dp;
			long ne;
			if (!m->report && m->probed[p] == m->round_stamp) {
				/* Probed this round, nothing paid since: the same R and Dp. */
				bn_copy(&cur_r, &m->prev_r[p]);
				dp = m->prev_dp[p];
			} else if (!evaluate(m, p, &cur_r, &dp, &ne)) {
				m->status[p] = DROPPED;
				m->ndropped++;
				if (m->report) {
					m->r->explain[p].affordable = false;
					m->r->rounds[m->nsel].effective[p] = -1;
				}
				continue;
			}
			bn_copy(&m->prev_r[p], &cur_r);
			m->prev_dp[p] = dp;
			m->evaluated[p] = true;
			if (m->report) {
				double share = bn_ratio(&cur_r, &m->den) / (double)dp;
				m->r->rounds[m->nsel].effective[p] =
					share > 0 ? (double)f->proj[p].cost / share : -1;
				m->r->explain[p].needed_share = share / unit_of(f);
				m->r->explain[p].affordable = true;
			}
			int c = best < 0 ? -1 : cmp_rho(m, &cur_r, dp, pr->scale[p], &best_r, best_dp, pr->scale[best]);
			if (c < 0) {
				best = p;
				bn_copy(&best_r, &cur_r);
				best_dp = dp;
				ntied = 0;
				tied[ntied++] = p;
			} else if (c == 0) {
				tied[ntied++] = p;
			}
		}
		if (best < 0)
			break;
		if (ntied > 1) {
			/* pick = first in tie order; the criterion reported is the one
			 * that separates it from the runner-up. */
			int pick = tied[0], second = -1;
			const char *w;
			for (int i = 1; i < ntied; i++) {
				if (pb_tie_cmp(f, m->o->tie, m->lot, tied[i], pick, &w) < 0) {
					second = pick;
					pick = tied[i];
				} else if (second < 0 || pb_tie_cmp(f, m->o->tie, m->lot, tied[i], second, &w) < 0) {
					second = tied[i];
				}
			}
			const char *why;
			pb_tie_cmp(f, m->o->tie, m->lot, pick, second, &why);
			m->ties_seen++;
			if (m->report)
				note_tie(m, m->nsel, tied, ntied, pick, why);
			if (pick != best) {
				best = pick;
				/* re-evaluate to get its R and Dp */
				long ne;
				evaluate(m, best, &best_r, &best_dp, &ne);
			}
		}
		apply(m, best, &best_r, best_dp);
	}
	bn_free(&best_r);
	bn_free(&cur_r);
	free(cand);
	free(tied);
}

static bool exhaustive(const struct mes *m)
{
	int64_t left = m->f->budget - m->spent;
	for (int p = 0; p < m->f->nprojects; p++)
		if (m->status[p] != SELECTED && m->pr->tu[p] > 0 && m->f->proj[p].cost <= left)
			return false;
	return true;
}

static bool all_selected(const struct mes *m)
{
	for (int p = 0; p < m->f->nprojects; p++)
		if (m->status[p] != SELECTED && m->pr->tu[p] > 0 && m->pr->scale[p] > 0)
			return false;
	return true;
}

/* The voter budget num/den as text: a whole number of money units, or a fraction. */
static const char *budget_text(struct pb_result *r, const struct pb_file *f, const struct bn *num,
			       uint64_t den)
{
	struct bn q = BN_INIT;
	bn_copy(&q, num);
	uint64_t g = u64_gcd(den, bn_mod_u64(&q, den));
	bn_div_u64(&q, g);
	char *s = bn_to_string(&q);
	const char *out;
	if (den / g == 1 && f->money_scale == 0)
		out = arena_strdup(r->arena, s);
	else
		out = arena_printf(r->arena, "%s/%llu%s", s, (unsigned long long)(den / g),
				   f->money_scale ? " (in units of 10^-decimals)" : "");
	free(s);
	bn_free(&q);
	return out;
}

static void mes_init(struct mes *m, const struct pb_file *f, const struct profile *pr,
		     const struct pb_options *o, const int *lot, struct pb_result *r)
{
	memset(m, 0, sizeof *m);
	int np = f->nprojects;
	m->f = f;
	m->pr = pr;
	m->o = o;
	m->lot = lot;
	m->r = r;
	m->cls_level = xmalloc(((size_t)pr->nclasses + 1) * sizeof *m->cls_level);
	m->status = xmalloc(((size_t)np + 1) * sizeof *m->status);
	m->prev_r = xcalloc((size_t)np + 1, sizeof *m->prev_r);
	m->prev_dp = xcalloc((size_t)np + 1, sizeof *m->prev_dp);
	m->evaluated = xcalloc((size_t)np + 1, sizeof *m->evaluated);
	m->probed = xcalloc((size_t)np + 1, sizeof *m->probed);
	m->order = xmalloc(((size_t)np + 1) * sizeof *m->order);
	long maxs = 1;
	for (int p = 0; p < np; p++)
		if (pr->soff[p + 1] - pr->soff[p] > maxs)
			maxs = pr->soff[p + 1] - pr->soff[p];
	m->ent = xmalloc((size_t)maxs * sizeof *m->ent);
	long ns = pr->soff[np];
	m->send = xmalloc(((size_t)np + 1) * sizeof *m->send);
	m->scls = xmalloc(((size_t)ns + 1) * sizeof *m->scls);
	m->su = xmalloc(((size_t)ns + 1) * sizeof *m->su);
	memcpy(m->scls, pr->scls, (size_t)ns * sizeof *m->scls);
	memcpy(m->su, pr->su, (size_t)ns * sizeof *m->su);
	m->sw = xmalloc(((size_t)ns + 1) * sizeof *m->sw);
	for (long q = 0; q < ns; q++)
		m->sw[q] = (uint32_t)pr->w[pr->scls[q]];
	m->w1 = xcalloc((size_t)np + 1, sizeof *m->w1);
	m->tn = xcalloc((size_t)np + 1, sizeof *m->tn);
	m->tl = xmalloc(((size_t)ns + 1) * sizeof *m->tl);
	m->den = (struct bn)BN_INIT;
}

static void mes_free(struct mes *m)
{
	for (int i = 0; i < m->lev_cap; i++)
		bn_free(&m->lev[i].v);
	free(m->lev);
	free(m->mark);
	free(m->factor);
	free(m->cls_level);
	free(m->status);
	for (int p = 0; p < m->f->nprojects; p++)
		bn_free(&m->prev_r[p]);
	free(m->prev_r);
	free(m->prev_dp);
	free(m->evaluated);
	free(m->probed);
	free(m->order);
	free(m->ent);
	free(m->send);
	free(m->scls);
	free(m->su);
	free(m->sw);
	free(m->w1);
	free(m->tn);
	free(m->tl);
	free(m->acc);
	free(m->log_q);
	free(m->log_nlev);
	free(m->log_poff);
	free(m->log_pair);
	free(m->log_tn);
	free(m->log_w1);
	free(m->ec_off);
	free(m->ec_n);
	free(m->ec_gen);
	free(m->round_gen);
	free(m->ec_pool);
	bn_free(&m->den);
	bn_free(&m->t1);
	bn_free(&m->t2);
	bn_free(&m->t3);
}

/* The report: one more pass at the final budget, evaluating every project
 * every round, with money flows for the explanations. */
static void report_pass(struct mes *m, const struct bn *num, uint64_t den)
{
	struct pb_result *r = m->r;
	const struct pb_file *f = m->f;
	int np = f->nprojects;
	r->rounds = arena_calloc(r->arena, (size_t)np + 1, sizeof *r->rounds);
	for (int i = 0; i <= np; i++) {
		r->rounds[i].effective = arena_alloc(r->arena, ((size_t)np + 1) * sizeof(double));
		for (int p = 0; p <= np; p++)
			r->rounds[i].effective[p] = -1;
	}
	r->explain = arena_calloc(r->arena, (size_t)np + 1, sizeof *r->explain);
	m->report = true;
	free(m->acc);
	m->acc = xcalloc((size_t)np * (size_t)np + 1, sizeof *m->acc);
	run_pass(m, num, den);
	r->nrounds = m->nsel;
	double unit = unit_of(f);
	const struct profile *pr = m->pr;
	for (int p = 0; p < np; p++) {
		struct pb_explain *e = &r->explain[p];
		e->round = -1;
		e->to_project[0] = e->to_project[1] = e->to_project[2] = -1;
		double left = 0;
		for (long s = pr->soff[p]; s < pr->soff[p + 1]; s++) {
			int c = pr->scls[s];
			e->supporters += pr->w[c];
			int l = m->cls_level[c];
			if (l)
				left += bn_ratio(lev_value(m, l), &m->den) * (double)pr->w[c];
		}
		e->money_left = left / unit;
		for (int i = 0; i < m->nsel; i++) {
			int w = m->order[i];
			double amt = m->acc[(size_t)p * (size_t)np + (size_t)i] / unit;
			if (w == p) {
				e->won = true;
				e->round = i;
				e->paid_by_supporters = amt;
				continue;
			}
			for (int k = 0; k < 3; k++)
				if (e->to_project[k] < 0 || amt > e->money_to[k]) {
					for (int z = 2; z > k; z--) {
						e->money_to[z] = e->money_to[z - 1];
						e->to_project[z] = e->to_project[z - 1];
					}
					if (amt <= 0)
						break;
					e->money_to[k] = amt;
					e->to_project[k] = w;
					break;
				}
		}
	}
}

/* ------------------------------------------------------- add1, in parallel */

/* The add1 sequence runs MES at start + i*inc for i = 0, 1, 2, ... and stops
 * at the first "terminal" run (infeasible; or exhaustive for add1e; or every
 * project chosen). The runs do not depend on each other, so workers take the
 * next index from a shared counter and stop once an index beyond the first
 * terminal one is reached. The outcome is defined by the indexes alone, so it
 * is the same for any number of threads. */
struct outcome {
	bool done, terminal, feasible;
	bool cut_short; /* order/nsel/spent are a prefix (see can_cut) */
	int nsel;
	int *order;
	int64_t spent;
};

struct add1 {
	pthread_mutex_t mu;
	const struct pb_file *f;
	const struct pb_options *o;
	struct pb_result *r;
	const struct bn *start, *inc;
	uint64_t den;
	bool iterate, estop;
	long max_runs;
	long next;      /* next index to run */
	long stop_at;   /* smallest terminal index so far */
	struct outcome *out;
	long out_cap;
};

struct worker {
	struct add1 *a;
	struct mes m;
	pthread_t th;
};

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct add1 *a = w->a;
	struct bn num = BN_INIT;
	for (;;) {
		pthread_mutex_lock(&a->mu);
		long i = a->next++;
		bool go = i <= a->stop_at && i < a->max_runs;
		pthread_mutex_unlock(&a->mu);
		if (!go)
			break;
		bn_set_mul(&num, a->inc, (uint64_t)i);
		bn_add(&num, a->start);
		run_pass(&w->m, &num, a->den);
		bool feasible = w->m.spent <= a->f->budget;
		bool terminal = !feasible || !a->iterate || (a->estop && exhaustive(&w->m)) ||
				all_selected(&w->m) || i + 1 >= a->max_runs;
		pthread_mutex_lock(&a->mu);
		if (i >= a->out_cap) {
			long cap = a->out_cap * 2;
			while (cap <= i)
				cap *= 2;
			a->out = xrealloc(a->out, (size_t)cap * sizeof *a->out);
			memset(a->out + a->out_cap, 0, (size_t)(cap - a->out_cap) * sizeof *a->out);
			a->out_cap = cap;
		}
		struct outcome *oc = &a->out[i];
		oc->done = true;
		oc->terminal = terminal;
		oc->feasible = feasible;
		oc->cut_short = w->m.cut_short;
		oc->nsel = w->m.nsel;
		oc->spent = w->m.spent;
		oc->order = xmalloc(((size_t)w->m.nsel + 1) * sizeof *oc->order);
		memcpy(oc->order, w->m.order, (size_t)w->m.nsel * sizeof *oc->order);
		if (terminal && i < a->stop_at)
			a->stop_at = i;
		if (a->o->progress)
			a->o->progress(a->o->progress_ctx, i + 1, budget_text(a->r, a->f, &num, a->den),
				       w->m.spent);
		pthread_mutex_unlock(&a->mu);
	}
	bn_free(&num);
	return NULL;
}


/* As all_selected/exhaustive, for a stored outcome. */
static bool all_selected_outcome(const struct pb_file *f, const struct profile *pr,
				 const struct outcome *oc)
{
	int chosen = 0;
	for (int p = 0; p < f->nprojects; p++)
		chosen += pr->tu[p] > 0 && pr->scale[p] > 0;
	return oc->nsel >= chosen;
}

static bool exhaustive_outcome(const struct pb_file *f, const struct profile *pr,
			       const struct outcome *oc)
{
	bool *sel = xcalloc((size_t)f->nprojects + 1, sizeof *sel);
	for (int i = 0; i < oc->nsel; i++)
		sel[oc->order[i]] = true;
	bool ex = true;
	for (int p = 0; p < f->nprojects && ex; p++)
		if (!sel[p] && pr->tu[p] > 0 && f->proj[p].cost <= f->budget - oc->spent)
			ex = false;
	free(sel);
	return ex;
}

static int thread_count(const struct pb_options *o, bool iterate)
{
	if (!iterate)
		return 1;
	long t = o->threads;
	if (t <= 0) {
		t = sysconf(_SC_NPROCESSORS_ONLN);
		if (t > 4)
			t = 4;
	}
	return t < 1 ? 1 : (int)t;
}

void pb_mes(const struct pb_file *f, const struct pb_options *o, const int *lot,
	    struct pb_result *r)
{
	struct profile pr;
	profile_build(f, o->sat, &pr);
	int64_t unit = 1;
	for (int i = 0; i < f->money_scale; i++)
		unit *= 10;
	uint64_t n = f->nvoters > 0 ? (uint64_t)f->nvoters : 1;
	struct bn num = BN_INIT, inc = BN_INIT, best_num = BN_INIT;
	uint64_t den;
	bool iterate = o->completion == PB_COMPLETION_ADD1 || o->completion == PB_COMPLETION_ADD1E ||
		       o->completion == PB_COMPLETION_ADD1_GREEDY;
	bool estop = o->completion == PB_COMPLETION_ADD1E;
	if (iterate && !estop) {
		/* add1: integral start floor(B/n) in whole currency units. */
		den = 1;
		bn_set_u64(&num, (uint64_t)(f->budget / (int64_t)n / unit * unit));
		bn_set_u64(&inc, (uint64_t)(o->increment > 0 ? o->increment : unit));
	} else {
		den = n; /* exact B/n */
		bn_set_u64(&num, (uint64_t)f->budget);
		bn_set_u64(&inc, (uint64_t)(o->increment > 0 ? o->increment : unit));
		bn_mul_u64(&inc, n);
	}
	struct add1 a = {.f = f, .o = o, .r = r, .start = &num, .inc = &inc, .den = den,
			 .iterate = iterate, .estop = estop,
			 .max_runs = o->max_runs > 0 ? o->max_runs : 1000000, .next = 0,
			 .stop_at = LONG_MAX, .out_cap = 256};
	pthread_mutex_init(&a.mu, NULL);
	a.out = xcalloc((size_t)a.out_cap, sizeof *a.out);
	int nt = thread_count(o, iterate);
	struct worker *w = xcalloc((size_t)nt, sizeof *w);
	for (int t = 0; t < nt; t++) {
		w[t].a = &a;
		mes_init(&w[t].m, f, &pr, o, lot, r);
		/* Only whether a pass is terminal matters (not for the reported
		 * pass, which is completed). */
		w[t].m.may_cut = iterate;
		w[t].m.cut_estop = estop;
	}
	for (int t = 1; t < nt; t++)
		if (pthread_create(&w[t].th, NULL, worker_main, &w[t]) != 0)
			w[t].th = 0; /* fewer threads: worker 0 does the rest */
	worker_main(&w[0]);
	for (int t = 1; t < nt; t++)
		if (w[t].th)
			pthread_join(w[t].th, NULL);
	long k = a.stop_at; /* set: the last allowed index is always terminal */
	long pick = (k < a.out_cap && a.out[k].done && !a.out[k].feasible) ? k - 1 : k;
	r->mes_runs = k + 1;
	if (pick < 0) {
		/* Only possible if the first pass overspent, which B/n cannot. */
		snprintf(r->error, sizeof r->error, "the first MES pass exceeded the budget");
	} else {
		struct outcome *oc = &a.out[pick];
		bn_set_mul(&best_num, &inc, (uint64_t)pick);
		bn_add(&best_num, &num);
		if (oc->cut_short) {
			/* The chosen pass was stopped early: run it again in full. */
			struct mes *m0 = &w[0].m;
			m0->may_cut = false;
			run_pass(m0, &best_num, den);
			free(oc->order);
			oc->order = xmalloc(((size_t)m0->nsel + 1) * sizeof *oc->order);
			memcpy(oc->order, m0->order, (size_t)m0->nsel * sizeof *oc->order);
			oc->nsel = m0->nsel;
			oc->spent = m0->spent;
			oc->cut_short = false;
		}
		for (int i = 0; i < oc->nsel; i++) {
			r->winners[r->nwinners++] = oc->order[i];
			r->selected[oc->order[i]] = true;
			r->spent += f->proj[oc->order[i]].cost;
		}
		r->voter_budget = budget_text(r, f, &best_num, den);
		if (o->report)
			report_pass(&w[0].m, &best_num, den);
	}
	if (iterate && k + 1 >= a.max_runs && pick == k) {
		/* The last run was only terminal because of the limit: say so. */
		bool natural = !a.out[k].feasible || all_selected_outcome(f, &pr, &a.out[k]) ||
			       (estop && exhaustive_outcome(f, &pr, &a.out[k]));
		if (!natural)
			snprintf(r->error, sizeof r->error,
				 "add1 stopped after %ld runs without reaching the budget", k + 1);
	}
	for (long i = 0; i < a.out_cap; i++)
		free(a.out[i].order);
	free(a.out);
	for (int t = 0; t < nt; t++)
		mes_free(&w[t].m);
	free(w);
	pthread_mutex_destroy(&a.mu);
	bn_free(&num);
	bn_free(&inc);
	bn_free(&best_num);
	profile_free(&pr);
}
