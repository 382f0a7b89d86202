/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * explain.c: why a project won or lost, in sentences a resident understands
 * (B1 level), from the figures of a reported result (budget.h: pb_explain).
 * The text goes through gettext, so the caller's language applies; it is
 * plain text: escape it before putting it in HTML.
 */
#include "budget/budget.h"

#include <stdio.h>

#include "i18n/i18n.h"
#include "i18n/number.h"
#include "util/mem.h"

/* Whole currency units without decimals, else two decimals, with the
 * decimal comma in Dutch text ("103,24") and the dot otherwise. */
static void money(struct buf *out, double v)
{
	if (v > -0.005 && v < 0.005)
		v = 0;
	if ((double)(long long)v == v)
		buf_printf(out, "%lld", (long long)v);
	else
		num_append(out, i18n_lang(), v, 2);
}

static double currency(const struct pb_file *f, int64_t units)
{
	double d = (double)units;
	for (int i = 0; i < f->money_scale; i++)
		d /= 10;
	return d;
}

/* Appends "<text with one %s>" with the money amount in place of %s. */
static void with_money(struct buf *out, const char *fmt, double v)
{
	struct buf m = BUF_INIT;
	money(&m, v);
	buf_printf(out, fmt, m.data);
	buf_free(&m);
}

void pb_explain_text(const struct pb_file *f, const struct pb_result *r, int p, struct buf *out)
{
	const struct pb_project *pr = &f->proj[p];
	if (pr->votes == 0) {
		buf_puts(out, _("Not chosen: nobody voted for this project."));
		return;
	}
	const struct pb_explain *e = r->explain ? &r->explain[p] : NULL;
	if (r->selected[p]) {
		if (e && e->won) {
			buf_printf(out, _("Chosen in round %d."), e->round + 1);
			buf_putc(out, ' ');
			buf_printf(out, _("Its %ld supporters paid for it together."), e->supporters);
			if (e->round < r->nrounds && r->rounds[e->round].share > 0) {
				buf_putc(out, ' ');
				with_money(out, _("Each paid at most %s."), r->rounds[e->round].share);
			}
		} else {
			buf_printf(out, _("Chosen: it had %lld votes and still fitted in the budget."),
				   (long long)pr->votes);
		}
		return;
	}
	if (e && r->rounds) {
		/* Method of Equal Shares: the money of its supporters ran out. */
		with_money(out, _("Not chosen. At the end its supporters together had %s left."),
			   e->money_left);
		buf_putc(out, ' ');
		with_money(out, _("The project costs %s."), currency(f, pr->cost));
		if (e->to_project[0] >= 0) {
			buf_putc(out, ' ');
			buf_printf(out, _("Most of their money went to project %s."),
				   f->proj[e->to_project[0]].id);
		}
		return;
	}
	with_money(out, _("Not chosen: only %s was left in the budget"),
		   currency(f, r->budget - r->spent));
	buf_puts(out, ", ");
	with_money(out, _("and the project costs %s."), currency(f, pr->cost));
}
