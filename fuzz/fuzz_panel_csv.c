/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * fuzz_panel_csv.c: libFuzzer target for the sortition pool readers
 * (panel_pool_read). The input is a quota file and a pool file separated by
 * the first NUL byte. Checks that reading never crashes, that a pool it
 * accepts is consistent (every value index in range, quotas min <= max), and
 * that on tiny pools the whole engine (types, LEXIMIN, relaxation) runs to a
 * sane answer: probabilities in [0, 1] summing to k.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "panel/panel.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
	if (!ok)
		abort();
}

static void run_engine(const struct panel_pool *p, int k)
{
	char err[256];
	struct panel_types *t = panel_types_new(p, false);
	struct panel_lottery *l = NULL;
	enum panel_status st = panel_leximin(p, t, k, NULL, &l, err, sizeof err);
	if (st == PANEL_OK) {
		double sum = 0;
		for (int i = 0; i < p->n_people; i++) {
			check(l->prob[i] > -1e-6 && l->prob[i] < 1 + 1e-6);
			sum += l->prob[i];
		}
		check(fabs(sum - k) < 1e-4);
		panel_lottery_free(l);
	} else if (st == PANEL_INFEASIBLE) {
		struct panel_relax_report *r = panel_relax(p, t, k, err, sizeof err);
		panel_relax_free(r);
	}
	panel_types_free(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	const char *sep = memchr(s, '\0', size);
	if (!sep)
		return 0;
	size_t qlen = (size_t)(sep - s);
	char err[256];
	struct panel_pool *p = panel_pool_read(s, qlen, sep + 1, size - qlen - 1, NULL, "address",
					       err, sizeof err);
	if (!p) {
		check(strlen(err) > 0);
		return 0;
	}
	check(p->n_people > 0 && p->n_features > 0);
	check(p->first_value[p->n_features] == p->n_values);
	for (int v = 0; v < p->n_values; v++)
		check(p->qmin[v] <= p->qmax[v] && p->value_feature[v] >= 0 &&
		      p->value_feature[v] < p->n_features);
	for (int i = 0; i < p->n_people; i++)
		for (int f = 0; f < p->n_features; f++) {
			int v = p->person_value[(size_t)i * (size_t)p->n_features + (size_t)f];
			check(v >= p->first_value[f] && v < p->first_value[f + 1]);
		}
	/* The solver only on tiny pools: fuzzing wants many executions. */
	if (p->n_people <= 12 && p->n_values <= 12) {
		int k = 1 + (int)(size % 4);
		if (k <= p->n_people)
			run_engine(p, k);
	}
	panel_pool_free(p);
	return 0;
}
