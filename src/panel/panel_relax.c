/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * panel_relax.c: when no panel meets the quotas, say which quotas conflict
 * and find the smallest relaxation that makes them feasible, as the
 * reference does: integer a_v lowers a minimum, b_v raises a maximum,
 * minimise sum (1 + 2/min_v) a_v + sum b_v (lowering a small minimum costs
 * more), within min_flex and max_flex.
 */
#include "panel/panel.h"

#include <glpk.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "i18n/i18n.h"
#include "util/mem.h"

static void add_message(struct panel_relax_report *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void add_message(struct panel_relax_report *r, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	r->messages = xrealloc(r->messages, sizeof(char *) * (size_t)(r->n_messages + 1));
	r->messages[r->n_messages++] = xstrdup(tmp);
}

/* The quick checks of the reference (check_min_max) in plain words. */
static void quick_checks(const struct panel_pool *p, const struct panel_types *t, int k,
			 struct panel_relax_report *r)
{
	if (k > p->n_people)
		add_message(r, _("The panel needs %d people but the pool has only %d."), k,
			    p->n_people);
	int *have = xcalloc((size_t)p->n_values + 1, sizeof(int));
	for (int i = 0; i < p->n_people; i++)
		for (int f = 0; f < p->n_features; f++)
			have[p->person_value[(size_t)i * (size_t)p->n_features + (size_t)f]]++;
	for (int f = 0; f < p->n_features; f++) {
		long lo = 0, hi = 0;
		for (int v = p->first_value[f]; v < p->first_value[f + 1]; v++) {
			lo += p->qmin[v];
			hi += p->qmax[v] < have[v] ? p->qmax[v] : have[v];
			if (p->qmin[v] > have[v])
				add_message(
					r,
					_("%s %s: the minimum is %d but the pool has only %d such people."),
					p->feature[f], p->value[v], p->qmin[v], have[v]);
		}
		if (lo > k)
			add_message(r,
				    _("%s: the minimums add up to %ld, more than the panel size %d."),
				    p->feature[f], lo, k);
		if (hi < k)
			add_message(
				r,
				_("%s: the maximums (or the people available) add up to %ld, less than the panel size %d."),
				p->feature[f], hi, k);
	}
	free(have);
	(void)t;
}

/* Solves the relaxation program; fills r->changes. Returns 0, 1 when even
 * the flex limits do not allow a panel, -1 on solver failure. */
static int solve_relaxation(const struct panel_pool *p, const struct panel_types *t, int k,
			    struct panel_relax_report *r)
{
	int T = t->n_types, V = p->n_values;
	glp_prob *lp = glp_create_prob();
	glp_set_obj_dir(lp, GLP_MIN);
	/* rows: size, V lower rows, V upper rows, households */
	glp_add_rows(lp, 1 + 2 * V + p->n_households);
	glp_set_row_bnds(lp, 1, GLP_FX, k, k);
	for (int v = 0; v < V; v++) {
		glp_set_row_bnds(lp, 2 + v, GLP_LO, p->qmin[v], 0);
		glp_set_row_bnds(lp, 2 + V + v, GLP_UP, 0, p->qmax[v]);
	}
	for (int h = 0; h < p->n_households; h++)
		glp_set_row_bnds(lp, 2 + 2 * V + h, GLP_UP, 0, 1);
	/* columns: T type counts, V lowerings a_v, V raisings b_v */
	glp_add_cols(lp, T + 2 * V);
	size_t cap = (size_t)T * (size_t)(2 * p->n_features + 2) + 4 * (size_t)V + 1;
	int *ia = xcalloc(cap, sizeof(int)), *ja = xcalloc(cap, sizeof(int));
	double *ar = xcalloc(cap, sizeof(double));
	int ne = 0;
	for (int ty = 0; ty < T; ty++) {
		int col = 1 + ty;
		glp_set_col_kind(lp, col, GLP_IV);
		int rep = t->members[t->first[ty]];
		if (p->keep && p->keep[rep])
			glp_set_col_bnds(lp, col, GLP_FX, 1, 1);
		else
			glp_set_col_bnds(lp, col, GLP_DB, 0, t->size[ty]);
		ne++, ia[ne] = 1, ja[ne] = col, ar[ne] = 1;
		for (int f = 0; f < p->n_features; f++) {
			int v = p->person_value[(size_t)rep * (size_t)p->n_features + (size_t)f];
			ne++, ia[ne] = 2 + v, ja[ne] = col, ar[ne] = 1;
			ne++, ia[ne] = 2 + V + v, ja[ne] = col, ar[ne] = 1;
		}
		if (t->household[ty] >= 0)
			ne++, ia[ne] = 2 + 2 * V + t->household[ty], ja[ne] = col, ar[ne] = 1;
	}
	for (int v = 0; v < V; v++) {
		int a = 1 + T + v, b = 1 + T + V + v;
		int max_lower = p->qmin[v] - p->min_flex[v];
		int max_raise = p->max_flex[v] < 0 ? k : p->max_flex[v] - p->qmax[v];
		glp_set_col_kind(lp, a, GLP_IV);
		glp_set_col_kind(lp, b, GLP_IV);
		if (max_lower > 0)
			glp_set_col_bnds(lp, a, GLP_DB, 0, max_lower);
		else
			glp_set_col_bnds(lp, a, GLP_FX, 0, 0);
		if (max_raise > 0)
			glp_set_col_bnds(lp, b, GLP_DB, 0, max_raise);
		else
			glp_set_col_bnds(lp, b, GLP_FX, 0, 0);
		glp_set_obj_coef(lp, a, p->qmin[v] > 0 ? 1.0 + 2.0 / p->qmin[v] : 0);
		glp_set_obj_coef(lp, b, 1);
		ne++, ia[ne] = 2 + v, ja[ne] = a, ar[ne] = 1;
		ne++, ia[ne] = 2 + V + v, ja[ne] = b, ar[ne] = -1;
	}
	glp_load_matrix(lp, ne, ia, ja, ar);
	free(ia);
	free(ja);
	free(ar);
	glp_iocp iocp;
	glp_init_iocp(&iocp);
	iocp.msg_lev = GLP_MSG_OFF;
	iocp.presolve = GLP_ON;
	int rc = glp_intopt(lp, &iocp), st = glp_mip_status(lp);
	int result;
	if (st == GLP_NOFEAS || rc == GLP_ENOPFS || rc == GLP_ENODFS) {
		result = 1;
	} else if (st != GLP_OPT) {
		result = -1;
	} else {
		result = 0;
		for (int v = 0; v < V; v++) {
			int a = (int)lround(glp_mip_col_val(lp, 1 + T + v));
			int b = (int)lround(glp_mip_col_val(lp, 1 + T + V + v));
			if (a == 0 && b == 0)
				continue;
			r->changes = xrealloc(r->changes,
					      sizeof *r->changes * (size_t)(r->n_changes + 1));
			struct panel_relaxation *c = &r->changes[r->n_changes++];
			c->value = v;
			c->old_min = p->qmin[v];
			c->old_max = p->qmax[v];
			c->new_min = p->qmin[v] - a;
			c->new_max = p->qmax[v] + b;
		}
	}
	glp_delete_prob(lp);
	return result;
}

struct panel_relax_report *panel_relax(const struct panel_pool *p, const struct panel_types *t,
				       int k, char *err, size_t errlen)
{
	struct panel_relax_report *r = xcalloc(1, sizeof *r);
	if (k < 1) {
		snprintf(err, errlen, "%s", _("The panel size must be at least 1."));
		free(r);
		return NULL;
	}
	quick_checks(p, t, k, r);
	panel_glpk_lock();
	glp_term_out(GLP_OFF);
	int rc = solve_relaxation(p, t, k, r);
	panel_glpk_unlock();
	if (rc < 0) {
		snprintf(err, errlen, "%s", _("The solver failed while looking for a relaxation."));
		panel_relax_free(r);
		return NULL;
	}
	r->relaxable = rc == 0;
	r->feasible = rc == 0 && r->n_changes == 0;
	if (rc == 1)
		add_message(r, "%s",
			    _("Even within min_flex and max_flex no panel meets the quotas. "
			      "Widen the flex limits or change the panel size."));
	for (int c = 0; c < r->n_changes; c++) {
		const struct panel_relaxation *x = &r->changes[c];
		const char *f = p->feature[p->value_feature[x->value]], *v = p->value[x->value];
		if (x->new_min != x->old_min)
			add_message(r, _("Lower the minimum of %s %s from %d to %d."), f, v,
				    x->old_min, x->new_min);
		if (x->new_max != x->old_max)
			add_message(r, _("Raise the maximum of %s %s from %d to %d."), f, v,
				    x->old_max, x->new_max);
	}
	return r;
}

void panel_relax_free(struct panel_relax_report *r)
{
	if (!r)
		return;
	for (int i = 0; i < r->n_messages; i++)
		free(r->messages[i]);
	free(r->messages);
	free(r->changes);
	free(r);
}
