/* SPDX-License-Identifier: EUPL-1.2 */
/* panel_lottery.c: types (people who are interchangeable), checks of a panel
 * against the quotas, and turning a lottery of compositions into concrete
 * panels and into a verifiable table of m tickets. */
#include "panel/panel.h"

#include <math.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

static pthread_mutex_t glpk_mutex = PTHREAD_MUTEX_INITIALIZER;

void panel_glpk_lock(void) { pthread_mutex_lock(&glpk_mutex); }

void panel_glpk_unlock(void) { pthread_mutex_unlock(&glpk_mutex); }

/* qsort has no context argument in C11: the pool being sorted, under sort_mutex. */
static const struct panel_pool *sort_pool;

static int cmp_vec(const void *a, const void *b)
{
	int i = *(const int *)a, j = *(const int *)b;
	const struct panel_pool *p = sort_pool;
	/* People in a household never share a type: their own number keeps them apart. */
	int hi = p->household[i] >= 0 || (p->keep && p->keep[i]);
	int hj = p->household[j] >= 0 || (p->keep && p->keep[j]);
	if (hi != hj)
		return hi - hj;
	if (hi && i != j)
		return i < j ? -1 : 1;
	int r = memcmp(p->person_value + (size_t)i * (size_t)p->n_features,
		       p->person_value + (size_t)j * (size_t)p->n_features,
		       sizeof(int) * (size_t)p->n_features);
	if (r)
		return r;
	return i < j ? -1 : i > j;
}

struct panel_types *panel_types_new(const struct panel_pool *p, bool identity)
{
	static pthread_mutex_t sort_mutex = PTHREAD_MUTEX_INITIALIZER;
	int n = p->n_people;
	struct panel_types *t = xcalloc(1, sizeof *t);
	t->type_of = xcalloc((size_t)n, sizeof(int));
	t->members = xcalloc((size_t)n, sizeof(int));
	int *order = xcalloc((size_t)n, sizeof(int));
	for (int i = 0; i < n; i++)
		order[i] = i;
	if (!identity) {
		pthread_mutex_lock(&sort_mutex);
		sort_pool = p;
		qsort(order, (size_t)n, sizeof(int), cmp_vec);
		pthread_mutex_unlock(&sort_mutex);
	}
	/* Number types in order of their first member in the file, so output is stable. */
	int *group = xcalloc((size_t)n, sizeof(int)); /* group of order[a] */
	int n_groups = 0;
	for (int a = 0; a < n; a++) {
		bool same = a > 0 && !identity && p->household[order[a]] < 0 &&
			    p->household[order[a - 1]] < 0 &&
			    !(p->keep && (p->keep[order[a]] || p->keep[order[a - 1]])) &&
			    memcmp(p->person_value + (size_t)order[a] * (size_t)p->n_features,
				   p->person_value + (size_t)order[a - 1] * (size_t)p->n_features,
				   sizeof(int) * (size_t)p->n_features) == 0;
		if (!same)
			n_groups++;
		group[order[a]] = n_groups - 1;
	}
	int *renum = xmalloc(sizeof(int) * (size_t)(n_groups ? n_groups : 1));
	for (int g = 0; g < n_groups; g++)
		renum[g] = -1;
	t->n_types = 0;
	for (int i = 0; i < n; i++) {
		if (renum[group[i]] < 0)
			renum[group[i]] = t->n_types++;
		t->type_of[i] = renum[group[i]];
	}
	t->size = xcalloc((size_t)t->n_types, sizeof(int));
	t->first = xcalloc((size_t)t->n_types + 1, sizeof(int));
	t->household = xcalloc((size_t)t->n_types, sizeof(int));
	for (int i = 0; i < n; i++) {
		t->size[t->type_of[i]]++;
		t->household[t->type_of[i]] = p->household[i];
	}
	for (int k = 0; k < t->n_types; k++)
		t->first[k + 1] = t->first[k] + t->size[k];
	int *fill = xcalloc((size_t)t->n_types, sizeof(int));
	for (int i = 0; i < n; i++) {
		int k = t->type_of[i];
		t->members[t->first[k] + fill[k]++] = i;
	}
	free(fill);
	free(renum);
	free(group);
	free(order);
	return t;
}

void panel_types_free(struct panel_types *t)
{
	if (!t)
		return;
	free(t->type_of);
	free(t->size);
	free(t->first);
	free(t->members);
	free(t->household);
	free(t);
}

void panel_lottery_free(struct panel_lottery *l)
{
	if (!l)
		return;
	free(l->weight);
	free(l->count);
	free(l->prob);
	free(l);
}

void panel_concrete_free(struct panel_concrete *c)
{
	if (!c)
		return;
	free(c->weight);
	free(c->members);
	free(c);
}

bool panel_check(const struct panel_pool *p, const int *members, int k)
{
	int *cnt = xcalloc((size_t)p->n_values + 1, sizeof(int));
	int *seen_hh = xcalloc((size_t)p->n_households + 1, sizeof(int));
	char *seen = xcalloc((size_t)p->n_people, 1);
	bool ok = true;
	for (int a = 0; a < k && ok; a++) {
		int i = members[a];
		if (i < 0 || i >= p->n_people || seen[i]) {
			ok = false;
			break;
		}
		seen[i] = 1;
		for (int f = 0; f < p->n_features; f++)
			cnt[p->person_value[(size_t)i * (size_t)p->n_features + (size_t)f]]++;
		if (p->household[i] >= 0 && seen_hh[p->household[i]]++)
			ok = false;
	}
	for (int v = 0; v < p->n_values && ok; v++)
		if (cnt[v] < p->qmin[v] || cnt[v] > p->qmax[v])
			ok = false;
	free(cnt);
	free(seen_hh);
	free(seen);
	return ok;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* Members of panel j for the sub-interval that starts at fraction pos of the
 * panel's weight: type t contributes the count[t] people starting at rotation
 * floor(pos * size) of its member list. */
static void fill_rotation(const struct panel_lottery *l, const struct panel_types *t, int j,
			  double pos, int *out)
{
	int a = 0;
	for (int ty = 0; ty < t->n_types; ty++) {
		int c = l->count[(size_t)j * (size_t)t->n_types + (size_t)ty];
		if (c == 0)
			continue;
		int n = t->size[ty];
		int r = (int)floor(pos * n + 1e-9);
		if (r >= n)
			r = n - 1;
		for (int b = 0; b < c; b++)
			out[a++] = t->members[t->first[ty] + (r + b) % n];
	}
	qsort(out, (size_t)a, sizeof(int), cmp_int);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

struct panel_concrete *panel_concrete_new(const struct panel_lottery *l,
					  const struct panel_types *t, int max_panels)
{
	/* Each panel splits at the fractions r/size of every type it takes
	 * part of (but not all of); within a piece the rotation is constant. */
	long total = 0;
	for (int j = 0; j < l->n_panels; j++) {
		long pieces = 1;
		for (int ty = 0; ty < t->n_types; ty++) {
			int c = l->count[(size_t)j * (size_t)t->n_types + (size_t)ty];
			if (c > 0 && c < t->size[ty])
				pieces += t->size[ty] - 1;
		}
		total += pieces;
		if (total > max_panels)
			return NULL;
	}
	struct panel_concrete *out = xcalloc(1, sizeof *out);
	out->k = l->k;
	out->weight = xcalloc((size_t)(total ? total : 1), sizeof(double));
	out->members = xcalloc((size_t)(total ? total : 1) * (size_t)(l->k ? l->k : 1), sizeof(int));
	double *cuts = xcalloc((size_t)total + 2, sizeof(double));
	for (int j = 0; j < l->n_panels; j++) {
		int nc = 0;
		cuts[nc++] = 0.0;
		for (int ty = 0; ty < t->n_types; ty++) {
			int c = l->count[(size_t)j * (size_t)t->n_types + (size_t)ty];
			if (c > 0 && c < t->size[ty])
				for (int r = 1; r < t->size[ty]; r++)
					cuts[nc++] = (double)r / t->size[ty];
		}
		qsort(cuts, (size_t)nc, sizeof(double), cmp_double);
		cuts[nc] = 1.0;
		for (int a = 0; a < nc; a++) {
			double w = (cuts[a + 1] - cuts[a]) * l->weight[j];
			if (w <= 0)
				continue;
			fill_rotation(l, t, j, (cuts[a] + cuts[a + 1]) / 2,
				      out->members + (size_t)out->n_panels * (size_t)l->k);
			out->weight[out->n_panels++] = w;
		}
	}
	free(cuts);
	return out;
}

struct panel_concrete *panel_tickets(const struct panel_lottery *l, const struct panel_types *t,
				     int n_people, int m, double *ticket_prob)
{
	/* Largest remainders: floor(weight * m) tickets each, the rest to the
	 * panels with the largest fractional parts (ties: the earlier panel). */
	int *tickets = xcalloc((size_t)(l->n_panels ? l->n_panels : 1), sizeof(int));
	double *rem = xcalloc((size_t)(l->n_panels ? l->n_panels : 1), sizeof(double));
	int given = 0;
	for (int j = 0; j < l->n_panels; j++) {
		double x = l->weight[j] * m;
		tickets[j] = (int)floor(x + 1e-9);
		rem[j] = x - tickets[j];
		given += tickets[j];
	}
	while (given < m && l->n_panels > 0) {
		int best = 0;
		for (int j = 1; j < l->n_panels; j++)
			if (rem[j] > rem[best] + 1e-12)
				best = j;
		tickets[best]++;
		rem[best] = -1;
		given++;
	}
	while (given > m) { /* only through rounding noise */
		int best = 0;
		for (int j = 1; j < l->n_panels; j++)
			if (tickets[j] > tickets[best])
				best = j;
		tickets[best]--;
		given--;
	}
	struct panel_concrete *out = xcalloc(1, sizeof *out);
	out->k = l->k;
	out->n_panels = m;
	out->weight = xcalloc((size_t)m, sizeof(double));
	out->members = xcalloc((size_t)m * (size_t)(l->k ? l->k : 1), sizeof(int));
	int *next = xcalloc((size_t)t->n_types, sizeof(int)); /* rotation pointer per type */
	int ticket = 0;
	for (int j = 0; j < l->n_panels; j++) {
		for (int c = 0; c < tickets[j]; c++, ticket++) {
			int *mem = out->members + (size_t)ticket * (size_t)l->k;
			int a = 0;
			for (int ty = 0; ty < t->n_types; ty++) {
				int cnt = l->count[(size_t)j * (size_t)t->n_types + (size_t)ty];
				for (int b = 0; b < cnt; b++)
					mem[a++] = t->members[t->first[ty] +
							      (next[ty] + b) % t->size[ty]];
				if (t->size[ty])
					next[ty] = (next[ty] + cnt) % t->size[ty];
			}
			qsort(mem, (size_t)a, sizeof(int), cmp_int);
			out->weight[ticket] = 1.0 / m;
		}
	}
	if (ticket_prob) {
		memset(ticket_prob, 0, sizeof(double) * (size_t)n_people);
		for (int s = 0; s < m; s++)
			for (int a = 0; a < l->k; a++)
				ticket_prob[out->members[(size_t)s * (size_t)l->k + (size_t)a]] +=
					1.0 / m;
	}
	free(next);
	free(tickets);
	free(rem);
	return out;
}

int panel_ticket_from_seed(const char *seed, int m)
{
	if (m <= 0)
		return 0;
	bool digits = *seed != '\0' && strlen(seed) <= 18;
	for (const char *s = seed; *s; s++)
		if (*s < '0' || *s > '9')
			digits = false;
	if (digits) {
		long long v = atoll(seed) % m;
		return v == 0 ? m : (int)v;
	}
	unsigned char h[32];
	crypto_generichash(h, sizeof h, (const unsigned char *)seed, strlen(seed), NULL, 0);
	uint64_t x = 0;
	for (int i = 0; i < 8; i++)
		x = (x << 8) | h[i];
	return (int)(x % (uint64_t)m) + 1;
}
