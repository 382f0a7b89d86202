/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * panel_lp.cpp: panel_lp.h on COIN-OR CLP's ClpSimplex. The model lives for
 * a whole LEXIMIN run; CLP keeps its basis across added columns and changed
 * bounds, so a re-solve after a new panel takes a few primal pivots.
 *
 * Why C++ in a C code base: the one setting that matters here is CLP's
 * choice of LU factorization, and CLP's C interface cannot reach it. The
 * master LP's basis is a few hundred panel columns with about 30 entries
 * each, so its LU fills in almost completely; CLP's default factorization
 * spends a fifth of a LEXIMIN run in its sparse pivoting and the dense BLAS
 * tail. The OSL-derived factorization (ClpFactorization::
 * forceOtherFactorization(3)) takes 24-27 % less LP time on geneva_30 and
 * on a 2,000-person pool with 314 types, with the same vectors. This file
 * is the whole C++ surface: a C header, extern "C" functions, no exceptions
 * leaving it (an allocation failure aborts, as xmalloc does).
 */
#include <cstdlib>
#include <new>

#include <coin/ClpFactorization.hpp>
#include <coin/ClpSimplex.hpp>
#include <coin/CoinFinite.hpp>

extern "C" {
#include "panel/panel_lp.h"
}

/* Which factorization ClpFactorization::forceOtherFactorization selects. */
static const int CLP_FACTORIZATION_OSL = 3;

struct panel_lp {
	ClpSimplex clp;
};

/* CLP's infinity is COIN_DBL_MAX; the interface's is PANEL_LP_INF. */
static double clp_bound(double b)
{
	if (b >= PANEL_LP_INF)
		return COIN_DBL_MAX;
	if (b <= -PANEL_LP_INF)
		return -COIN_DBL_MAX;
	return b;
}

extern "C" struct panel_lp *panel_lp_new(int n_rows, const double *lo, const double *up,
					 bool maximise)
{
	panel_lp *lp = new (std::nothrow) panel_lp;
	double *l = new (std::nothrow) double[n_rows + 1];
	double *u = new (std::nothrow) double[n_rows + 1];
	CoinBigIndex *start = new (std::nothrow) CoinBigIndex[n_rows + 1]();
	if (!lp || !l || !u || !start)
		abort();
	lp->clp.setLogLevel(0);
	/* A tight primal tolerance: the probabilities are read off this LP
	 * (at the default 1e-7 geneva_30's minimum came out 3e-6 low). */
	lp->clp.setPrimalTolerance(1e-9);
	lp->clp.factorization()->forceOtherFactorization(CLP_FACTORIZATION_OSL);
	for (int i = 0; i < n_rows; i++) {
		l[i] = clp_bound(lo[i]);
		u[i] = clp_bound(up[i]);
	}
	/* rows with no entries yet: n_rows empty row vectors */
	lp->clp.addRows(n_rows, l, u, start, static_cast<const int *>(nullptr),
			static_cast<const double *>(nullptr));
	lp->clp.setOptimizationDirection(maximise ? -1 : 1);
	delete[] l;
	delete[] u;
	delete[] start;
	return lp;
}

extern "C" void panel_lp_free(struct panel_lp *lp)
{
	delete lp;
}

extern "C" int panel_lp_add_col(struct panel_lp *lp, double lo, double up, double obj, int n,
				const int *rows, const double *vals)
{
	lp->clp.addColumn(n, rows, vals, clp_bound(lo), clp_bound(up), obj);
	return lp->clp.getNumCols() - 1;
}

extern "C" void panel_lp_set_col_bounds(struct panel_lp *lp, int col, double lo, double up)
{
	lp->clp.setColumnBounds(col, clp_bound(lo), clp_bound(up));
}

extern "C" void panel_lp_set_obj(struct panel_lp *lp, int col, double obj)
{
	lp->clp.setObjectiveCoefficient(col, obj);
}

extern "C" int panel_lp_solve(struct panel_lp *lp)
{
	lp->clp.primal(0);
	if (lp->clp.status() == 0)
		return 0;
	lp->clp.dual(0);
	if (lp->clp.status() == 0)
		return 0;
	lp->clp.initialSolve();
	switch (lp->clp.status()) {
	case 0: return 0;
	case 1: return 1;
	default: return -1;
	}
}

extern "C" double panel_lp_obj(const struct panel_lp *lp)
{
	return lp->clp.objectiveValue();
}

extern "C" const double *panel_lp_col_values(const struct panel_lp *lp)
{
	return lp->clp.getColSolution();
}

extern "C" const double *panel_lp_row_duals(const struct panel_lp *lp)
{
	return lp->clp.getRowPrice();
}

