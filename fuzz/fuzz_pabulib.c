/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * fuzz_pabulib.c: libFuzzer target for the .pb reader and the rules on what it
 * accepts. Besides "no crash, no out-of-bounds read" it checks: a refused file
 * has an error message; an accepted file is written back and read again to
 * the same counts; greedy and MES (with a bounded add1) stay within the budget;
 * the comparison step counts every voter once and keeps the outcome it names.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "budget/budget.h"
#include "budget/pabulib.h"
#include "util/mem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* abort() rather than assert(): the check must also run in release builds. */
static void check(int ok)
{
	if (!ok)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pb_error e;
	int flags = size > 0 && (data[0] & 1) ? PB_STRICT : 0;
	struct pb_file *f = pb_parse_ex((const char *)data, size, flags, &e);
	if (!f) {
		check(e.msg[0] != 0);
		return 0;
	}
	struct buf out = BUF_INIT;
	pb_write(f, NULL, &out);
	struct pb_file *g = pb_parse(out.data, out.len, &e);
	check(g != NULL);
	check(g->nprojects == f->nprojects && g->nvoters == f->nvoters && g->budget == f->budget);
	pb_free(g);
	buf_free(&out);
	/* Keep the rules cheap on huge fuzz inputs. */
	if (f->nvoters <= 2000 && f->nprojects <= 200) {
		struct pb_options o;
		pb_options_default(&o);
		o.rule = PB_RULE_GREEDY;
		struct pb_result *r = pb_allocate(f, &o);
		check(r->spent <= f->budget);
		pb_result_free(r);
		o.rule = PB_RULE_MES;
		o.completion = PB_COMPLETION_ADD1;
		o.max_runs = 20;
		o.report = true;
		for (int s = PB_SAT_COST; s <= PB_SAT_POINTS; s++) {
			o.sat = (enum pb_sat)s;
			/* The comparison step: the META default, then each by turns. */
			o.comparison = s == PB_SAT_COST ? pb_comparison_for_rule(f->rule)
							: (enum pb_comparison)s;
			r = pb_allocate(f, &o);
			check(r->spent <= f->budget);
			const struct pb_comparison_result *c = &r->comparison;
			if (c->by != PB_COMPARISON_NONE && !r->error[0]) {
				check(c->prefer_mes + c->prefer_greedy + c->indifferent == f->nvoters);
				check(c->greedy_won == (c->prefer_greedy > c->prefer_mes));
				check(r->spent == (c->greedy_won ? c->greedy_spent : c->mes_spent));
			}
			pb_result_free(r);
		}
	}
	pb_free(f);
	return 0;
}
