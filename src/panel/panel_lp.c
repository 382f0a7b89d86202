/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * panel_lp.c: panel_lp.h on COIN-OR CLP's C interface. The model lives for a
 * whole LEXIMIN run; CLP keeps its basis across added columns and rows, so a
 * re-solve after a new panel takes a handful of primal pivots.
 */
#include "panel/panel_lp.h"

#include <float.h>
#include <stdbool.h>
#include <stdlib.h>

#include <coin/Clp_C_Interface.h>

#include "util/mem.h"

struct panel_lp {
	Clp_Simplex *clp;
	int iterations;
};

/* CLP's infinity is DBL_MAX; the interface's is PANEL_LP_INF. */
static double clp_bound(double b)
{
	if (b >= PANEL_LP_INF)
		return DBL_MAX;
	if (b <= -PANEL_LP_INF)
		return -DBL_MAX;
	return b;
}

struct panel_lp *panel_lp_new(int n_rows, const double *lo, const double *up, bool maximise)
{
	struct panel_lp *lp = xcalloc(1, sizeof *lp);
	lp->clp = Clp_newModel();
	Clp_setLogLevel(lp->clp, 0);
	/* A tight primal tolerance: the probabilities are read off this LP
	 * (at the default 1e-7 geneva_30's minimum came out 3e-6 low). */
	Clp_setPrimalTolerance(lp->clp, 1e-9);
	double *l = xcalloc((size_t)n_rows + 1, sizeof(double));
	double *u = xcalloc((size_t)n_rows + 1, sizeof(double));
	CoinBigIndex *start = xcalloc((size_t)n_rows + 1, sizeof(CoinBigIndex));
	for (int i = 0; i < n_rows; i++) {
		l[i] = clp_bound(lo[i]);
		u[i] = clp_bound(up[i]);
	}
	/* rows with no entries yet: n_rows empty row vectors */
	Clp_addRows(lp->clp, n_rows, l, u, start, NULL, NULL);
	Clp_setOptimizationDirection(lp->clp, maximise ? -1 : 1);
	free(l);
	free(u);
	free(start);
	return lp;
}

void panel_lp_free(struct panel_lp *lp)
{
	if (!lp)
		return;
	Clp_deleteModel(lp->clp);
	free(lp);
}

int panel_lp_add_col(struct panel_lp *lp, double lo, double up, double obj, int n,
		     const int *rows, const double *vals)
{
	double l = clp_bound(lo), u = clp_bound(up);
	CoinBigIndex start[2] = {0, n};
	Clp_addColumns(lp->clp, 1, &l, &u, &obj, start, rows, vals);
	return Clp_numberColumns(lp->clp) - 1;
}

int panel_lp_add_row(struct panel_lp *lp, double lo, double up, int n, const int *cols,
		     const double *vals)
{
	double l = clp_bound(lo), u = clp_bound(up);
	CoinBigIndex start[2] = {0, n};
	Clp_addRows(lp->clp, 1, &l, &u, start, cols, vals);
	int row = Clp_numberRows(lp->clp) - 1;
	Clp_setRowStatus(lp->clp, row, 1); /* basic slack: the basis stays square */
	return row;
}

void panel_lp_set_row_bounds(struct panel_lp *lp, int row, double lo, double up)
{
	/* CLP's own arrays: writing them directly is what the C++ setRowBounds
	 * does for an unscaled model kept across solves. */
	Clp_rowLower(lp->clp)[row] = clp_bound(lo);
	Clp_rowUpper(lp->clp)[row] = clp_bound(up);
}

void panel_lp_set_col_bounds(struct panel_lp *lp, int col, double lo, double up)
{
	Clp_columnLower(lp->clp)[col] = clp_bound(lo);
	Clp_columnUpper(lp->clp)[col] = clp_bound(up);
}

void panel_lp_set_obj(struct panel_lp *lp, int col, double obj)
{
	/* the objective as the model holds it, before the direction: CLP
	 * keeps maximisation as a sense flag, not by negating the array */
	Clp_objective(lp->clp)[col] = obj;
}

void panel_lp_set_coef(struct panel_lp *lp, int row, int col, double val)
{
	Clp_modifyCoefficient(lp->clp, row, col, val, false);
}

int panel_lp_solve(struct panel_lp *lp)
{
	lp->iterations = 0;
	Clp_primal(lp->clp, 0);
	lp->iterations += Clp_numberIterations(lp->clp);
	if (Clp_status(lp->clp) == 0)
		return 0;
	Clp_dual(lp->clp, 0);
	lp->iterations += Clp_numberIterations(lp->clp);
	if (Clp_status(lp->clp) == 0)
		return 0;
	Clp_initialSolve(lp->clp);
	lp->iterations += Clp_numberIterations(lp->clp);
	switch (Clp_status(lp->clp)) {
	case 0: return 0;
	case 1: return 1;
	default: return -1;
	}
}

double panel_lp_obj(const struct panel_lp *lp)
{
	return Clp_objectiveValue(lp->clp);
}

const double *panel_lp_col_values(const struct panel_lp *lp)
{
	return Clp_getColSolution(lp->clp);
}

const double *panel_lp_row_duals(const struct panel_lp *lp)
{
	return Clp_getRowPrice(lp->clp);
}

int panel_lp_n_rows(const struct panel_lp *lp)
{
	return Clp_numberRows(lp->clp);
}

int panel_lp_n_cols(const struct panel_lp *lp)
{
	return Clp_numberColumns(lp->clp);
}

int panel_lp_iterations(const struct panel_lp *lp)
{
	return lp->iterations;
}
