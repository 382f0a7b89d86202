/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * panel_lp.h: the small linear-programming interface the LEXIMIN engine
 * needs, on COIN-OR CLP: a model with fixed rows that grows by columns,
 * whose column bounds and objective may change, re-solved warm (the
 * previous basis is kept). Nothing of CLP leaks into the
 * engine, so the solver can be swapped here alone.
 *
 * Memory: panel_lp_new returns an object released with panel_lp_free; arrays
 * returned by the getters belong to the object and stay valid until the next
 * change or solve. Not thread-safe per object; separate objects are
 * independent.
 */
#ifndef WB_PANEL_PANEL_LP_H
#define WB_PANEL_PANEL_LP_H

#include <stdbool.h>

/* Bound meaning "no bound" (either side). */
#define PANEL_LP_INF 1e300

struct panel_lp;

/* A model with n_rows rows (bounds lo[i] .. up[i], +-PANEL_LP_INF for none)
 * and no columns; maximise chooses the direction of the objective.
 * Returns a new model (free with panel_lp_free). */
struct panel_lp *panel_lp_new(int n_rows, const double *lo, const double *up, bool maximise);
void panel_lp_free(struct panel_lp *lp);

/* Adds one column with bounds lo..up, objective coefficient obj and the
 * entries rows[0..n) / vals[0..n). Returns its 0-based index. The current
 * basis is kept (the new column starts non-basic at its bound). */
int panel_lp_add_col(struct panel_lp *lp, double lo, double up, double obj, int n,
		     const int *rows, const double *vals);

/* Changes the bounds of one column. */
void panel_lp_set_col_bounds(struct panel_lp *lp, int col, double lo, double up);

/* Changes the objective coefficient of one column. */
void panel_lp_set_obj(struct panel_lp *lp, int col, double obj);

/* Re-solves from the current basis: primal simplex (columns were added),
 * then dual simplex, then a cold start if those fail. Returns 0 when
 * optimal, 1 when infeasible, -1 on any other outcome. */
int panel_lp_solve(struct panel_lp *lp);

/* Results of the last successful solve. Duals are the change of the
 * objective per unit increase of the row's bound (so for a maximisation a
 * binding >= row has a dual <= 0). */
double panel_lp_obj(const struct panel_lp *lp);
const double *panel_lp_col_values(const struct panel_lp *lp);
const double *panel_lp_row_duals(const struct panel_lp *lp);

#endif
