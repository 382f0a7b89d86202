/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * panel_legacy.c: LEGACY, the greedy the Sortition Foundation used before
 * 2021, kept for comparison ("why LEXIMIN is fairer"). Per step it takes the
 * feature value that most urgently needs people, (min - selected) /
 * remaining, and picks a random remaining person with it; values that reach
 * their max drop their remaining people; a failed attempt starts over.
 */
#include "panel/panel.h"

#include <stdlib.h>
#include <string.h>

#include "i18n/i18n.h"
#include "util/mem.h"

#define LEGACY_MAX_ATTEMPTS 100

/* xoshiro256** seeded by splitmix64: small, fast and reproducible everywhere. */
struct rng {
	uint64_t s[4];
};

static uint64_t splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void rng_seed(struct rng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix(&seed);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static uint64_t rng_next(struct rng *r)
{
	uint64_t *s = r->s, res = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
	s[2] ^= s[0], s[3] ^= s[1], s[1] ^= s[2], s[0] ^= s[3], s[2] ^= t, s[3] = rotl(s[3], 45);
	return res;
}

/* Uniform in 0..n-1 (n > 0), without modulo bias. */
static int rng_below(struct rng *r, int n)
{
	uint64_t lim = UINT64_MAX - UINT64_MAX % (uint64_t)n, x;
	do
		x = rng_next(r);
	while (x >= lim);
	return (int)(x % (uint64_t)n);
}

struct state {
	const struct panel_pool *p;
	char *avail;    /* person still eligible */
	int *remaining; /* per value: eligible people */
	int *selected;  /* per value */
};

static const int *values_of(const struct panel_pool *p, int i)
{
	return p->person_value + (size_t)i * (size_t)p->n_features;
}

static void drop(struct state *s, int i)
{
	if (!s->avail[i])
		return;
	s->avail[i] = 0;
	const int *v = values_of(s->p, i);
	for (int f = 0; f < s->p->n_features; f++)
		s->remaining[v[f]]--;
}

/* One attempt; fills panel[0..k) and returns true, or false on a dead end. */
static bool attempt(struct state *s, int k, struct rng *r, int *panel)
{
	const struct panel_pool *p = s->p;
	memset(s->selected, 0, sizeof(int) * (size_t)p->n_values);
	memset(s->remaining, 0, sizeof(int) * (size_t)p->n_values);
	for (int i = 0; i < p->n_people; i++) {
		s->avail[i] = 1;
		const int *v = values_of(p, i);
		for (int f = 0; f < p->n_features; f++)
			s->remaining[v[f]]++;
	}
	for (int v = 0; v < p->n_values; v++)
		if (p->qmax[v] == 0)
			for (int i = 0; i < p->n_people; i++)
				if (values_of(p, i)[p->value_feature[v]] == v)
					drop(s, i);
	for (int step = 0; step < k; step++) {
		int best = -1;
		double best_ratio = 0;
		for (int v = 0; v < p->n_values; v++) {
			if (s->remaining[v] == 0) {
				if (s->selected[v] < p->qmin[v])
					return false;
				continue;
			}
			double ratio = (double)(p->qmin[v] - s->selected[v]) / s->remaining[v];
			if (ratio > 1)
				return false;
			if (best < 0 || ratio > best_ratio)
				best = v, best_ratio = ratio;
		}
		if (best < 0)
			return false;
		int f = p->value_feature[best];
		int pick = rng_below(r, s->remaining[best]), who = -1;
		for (int i = 0; i < p->n_people; i++)
			if (s->avail[i] && values_of(p, i)[f] == best && pick-- == 0) {
				who = i;
				break;
			}
		panel[step] = who;
		drop(s, who);
		const int *v = values_of(p, who);
		for (int g = 0; g < p->n_features; g++) {
			if (++s->selected[v[g]] == p->qmax[v[g]])
				for (int i = 0; i < p->n_people; i++)
					if (s->avail[i] && values_of(p, i)[g] == v[g])
						drop(s, i);
		}
		if (p->household[who] >= 0)
			for (int i = 0; i < p->n_people; i++)
				if (p->household[i] == p->household[who])
					drop(s, i);
	}
	for (int v = 0; v < p->n_values; v++)
		if (s->selected[v] < p->qmin[v])
			return false;
	return true;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

enum panel_status panel_legacy(const struct panel_pool *p, const struct panel_types *t, int k,
			       int runs, uint64_t seed, struct panel_lottery **out, char *err,
			       size_t errlen)
{
	*out = NULL;
	if (k < 1 || k > p->n_people || runs < 1 || t->n_types != p->n_people) {
		snprintf(err, errlen, _("The panel size must be between 1 and %d."), p->n_people);
		return PANEL_ERROR;
	}
	struct state s = {.p = p};
	s.avail = xcalloc((size_t)p->n_people, 1);
	s.remaining = xcalloc((size_t)p->n_values + 1, sizeof(int));
	s.selected = xcalloc((size_t)p->n_values + 1, sizeof(int));
	struct rng r;
	rng_seed(&r, seed);
	int *panel = xcalloc((size_t)k, sizeof(int));
	int *hits = xcalloc((size_t)p->n_people, sizeof(int));
	uint64_t *hash = xcalloc((size_t)runs, sizeof(uint64_t));
	struct panel_lottery *l = xcalloc(1, sizeof *l);
	l->k = k;
	l->n_types = t->n_types;
	/* Each run is a panel of weight 1/runs; equal panels are merged. */
	l->weight = xcalloc((size_t)runs, sizeof(double));
	l->count = xcalloc((size_t)runs * (size_t)t->n_types, sizeof(int));
	enum panel_status st = PANEL_OK;
	for (int run = 0; run < runs && st == PANEL_OK; run++) {
		bool ok = false;
		for (int a = 0; a < LEGACY_MAX_ATTEMPTS && !ok; a++)
			ok = attempt(&s, k, &r, panel);
		if (!ok) {
			snprintf(err, errlen, "%s",
				 _("The quotas could not be met in 100 attempts."));
			st = PANEL_INFEASIBLE;
			break;
		}
		qsort(panel, (size_t)k, sizeof(int), cmp_int);
		int *row = l->count + (size_t)l->n_panels * (size_t)t->n_types;
		uint64_t h = 1469598103934665603ULL;
		for (int a = 0; a < k; a++) {
			row[t->type_of[panel[a]]] = 1;
			hits[panel[a]]++;
			h = (h ^ (uint64_t)panel[a]) * 1099511628211ULL;
		}
		hash[l->n_panels] = h;
		int same = -1;
		for (int j = 0; j < l->n_panels && same < 0; j++)
			if (hash[j] == h && memcmp(l->count + (size_t)j * (size_t)t->n_types, row,
						   sizeof(int) * (size_t)t->n_types) == 0)
				same = j;
		if (same >= 0) {
			l->weight[same] += 1.0 / runs;
			memset(row, 0, sizeof(int) * (size_t)t->n_types);
		} else {
			l->weight[l->n_panels++] = 1.0 / runs;
		}
	}
	if (st == PANEL_OK) {
		l->prob = xcalloc((size_t)p->n_people, sizeof(double));
		l->min_prob = 1;
		for (int i = 0; i < p->n_people; i++) {
			l->prob[i] = (double)hits[i] / runs;
			if (l->prob[i] < l->min_prob)
				l->min_prob = l->prob[i];
		}
		*out = l;
	} else {
		panel_lottery_free(l);
	}
	free(panel);
	free(hits);
	free(hash);
	free(s.avail);
	free(s.remaining);
	free(s.selected);
	return st;
}
