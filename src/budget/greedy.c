/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * greedy.c: the rule dispatcher, option names, tie-breaking, the lot, greedy
 * rules (greedy, greedy-no-skip, greedy-threshold), greedy fill after MES and
 * the per-voter statistics. All decisions use integers only.
 */
#include "budget/budget.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

static const char *rule_names[] = {"greedy", "greedy-no-skip", "greedy-threshold", "mes"};
static const char *sat_names[] = {"cost", "approval", "points"};
static const char *completion_names[] = {"none", "add1", "add1e", "greedy", "add1-greedy"};
static const char *tie_names[] = {"equalshares", "lexico"};
static const char *comparison_names[] = {"none", "satisfaction", "exclusion"};

static int find_name(const char *s, const char *const *names, int n)
{
	for (int i = 0; i < n; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

int pb_rule_parse(const char *s, enum pb_rule *out)
{
	int i = find_name(s, rule_names, 4);
	if (i < 0 && (strcmp(s, "equalshares") == 0 || strcmp(s, "equal-shares") == 0))
		i = PB_RULE_MES;
	if (i < 0)
		return -1;
	*out = (enum pb_rule)i;
	return 0;
}

int pb_sat_parse(const char *s, enum pb_sat *out)
{
	int i = find_name(s, sat_names, 3);
	if (i < 0 && strcmp(s, "cardinality") == 0)
		i = PB_SAT_APPROVAL;
	if (i < 0)
		return -1;
	*out = (enum pb_sat)i;
	return 0;
}

int pb_completion_parse(const char *s, enum pb_completion *out)
{
	int i = find_name(s, completion_names, 5);
	if (i < 0 && strcmp(s, "add1u") == 0)
		i = PB_COMPLETION_ADD1_GREEDY;
	if (i < 0)
		return -1;
	*out = (enum pb_completion)i;
	return 0;
}

int pb_tie_parse(const char *s, enum pb_tie *out)
{
	int i = find_name(s, tie_names, 2);
	if (i < 0)
		return -1;
	*out = (enum pb_tie)i;
	return 0;
}

int pb_comparison_parse(const char *s, enum pb_comparison *out)
{
	int i = find_name(s, comparison_names, 3);
	if (i < 0 && strcmp(s, "exclusionRatio") == 0) /* the compute tool's name */
		i = PB_COMPARISON_EXCLUSION;
	if (i < 0)
		return -1;
	*out = (enum pb_comparison)i;
	return 0;
}

enum pb_comparison pb_comparison_for_rule(const char *rule)
{
	static const char suffix[] = "-comparison";
	size_t n = rule ? strlen(rule) : 0, k = sizeof suffix - 1;
	if (n > k && strcmp(rule + n - k, suffix) == 0)
		return PB_COMPARISON_SATISFACTION;
	return PB_COMPARISON_NONE;
}

const char *pb_comparison_name(enum pb_comparison c) { return comparison_names[c]; }
const char *pb_rule_name(enum pb_rule r) { return rule_names[r]; }
const char *pb_sat_name(enum pb_sat s) { return sat_names[s]; }
const char *pb_completion_name(enum pb_completion c) { return completion_names[c]; }
const char *pb_tie_name(enum pb_tie t) { return tie_names[t]; }

void pb_options_default(struct pb_options *o)
{
	memset(o, 0, sizeof *o);
	o->rule = PB_RULE_MES;
	o->sat = PB_SAT_COST;
	o->completion = PB_COMPLETION_ADD1;
	o->tie = PB_TIE_EQUALSHARES;
}

/* splitmix64: a small, well-known generator, so that a published seed
 * reproduces the lot anywhere. */
static uint64_t splitmix64(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

void pb_draw_lot(int n, bool seeded, uint64_t seed, int *lot)
{
	int *order = xmalloc(((size_t)n + 1) * sizeof *order);
	for (int i = 0; i < n; i++)
		order[i] = i;
	if (seeded)
		for (int i = n - 1; i > 0; i--) {
			/* Rejection sampling keeps the shuffle unbiased. */
			uint64_t bound = (uint64_t)i + 1, lim = UINT64_MAX - UINT64_MAX % bound, x;
			do
				x = splitmix64(&seed);
			while (x >= lim);
			int j = (int)(x % bound);
			int t = order[i];
			order[i] = order[j];
			order[j] = t;
		}
	for (int i = 0; i < n; i++)
		lot[order[i]] = i;
	free(order);
}

int pb_tie_cmp(const struct pb_file *f, enum pb_tie t, const int *lot, int a, int b,
	       const char **why)
{
	const struct pb_project *pa = &f->proj[a], *pb = &f->proj[b];
	if (t == PB_TIE_LEXICO) {
		*why = "project_id";
		int c = strcmp(pa->id, pb->id);
		return c ? c : a - b;
	}
	if (pa->cost != pb->cost) {
		*why = "cost";
		return pa->cost < pb->cost ? -1 : 1;
	}
	if (pa->votes != pb->votes) {
		*why = "votes";
		return pa->votes > pb->votes ? -1 : 1;
	}
	*why = "lot";
	return lot[a] - lot[b];
}

/* ------------------------------------------------------------- greedy */

static int64_t greedy_score(const struct pb_file *f, int p)
{
	return f->vote_type == PB_APPROVAL || f->vote_type == PB_CHOOSE1 ? f->proj[p].votes
									  : f->proj[p].score;
}

struct sort_ctx {
	const struct pb_file *f;
	enum pb_tie tie;
	const int *lot;
};
static struct sort_ctx *g_sort; /* qsort has no context argument in C11 */

static int cmp_greedy(const void *x, const void *y)
{
	int a = *(const int *)x, b = *(const int *)y;
	int64_t sa = greedy_score(g_sort->f, a), sb = greedy_score(g_sort->f, b);
	if (sa != sb)
		return sa > sb ? -1 : 1;
	const char *why;
	return pb_tie_cmp(g_sort->f, g_sort->tie, g_sort->lot, a, b, &why);
}

static void push_winner(struct pb_result *r, int p, const struct pb_file *f)
{
	r->winners[r->nwinners++] = p;
	r->selected[p] = true;
	r->spent += f->proj[p].cost;
}

/* Records ties between neighbours of equal score in the greedy order when the
 * tie decided something (both could not simply be taken). */
static void note_greedy_tie(const struct pb_file *f, const struct pb_options *o, const int *lot,
			    struct pb_result *r, int a, int b)
{
	const char *why;
	pb_tie_cmp(f, o->tie, lot, a, b, &why);
	struct pb_tie_event *t = arena_alloc(r->arena, ((size_t)r->nties + 1) * sizeof *t);
	if (r->nties)
		memcpy(t, r->ties, (size_t)r->nties * sizeof *t);
	t[r->nties].round = -1;
	t[r->nties].ntied = 2;
	t[r->nties].tied = arena_alloc(r->arena, 2 * sizeof(int));
	t[r->nties].tied[0] = a;
	t[r->nties].tied[1] = b;
	t[r->nties].chosen = a;
	t[r->nties].decided_by = why;
	r->ties = t;
	r->nties++;
}

/* qsort has no context argument; the lock keeps concurrent calls apart. */
static pthread_mutex_t sort_lock = PTHREAD_MUTEX_INITIALIZER;

void pb_greedy_fill(const struct pb_file *f, const struct pb_options *o, const int *lot,
		    struct pb_result *r, bool skip, bool threshold_on, int64_t threshold)
{
	int n = f->nprojects;
	int *order = xmalloc(((size_t)n + 1) * sizeof *order);
	int m = 0;
	for (int p = 0; p < n; p++)
		if (!r->selected[p])
			order[m++] = p;
	struct sort_ctx ctx = {f, o->tie, lot};
	pthread_mutex_lock(&sort_lock);
	g_sort = &ctx;
	qsort(order, (size_t)m, sizeof *order, cmp_greedy);
	pthread_mutex_unlock(&sort_lock);
	for (int i = 0; i < m; i++) {
		int p = order[i];
		if (threshold_on && greedy_score(f, p) < threshold)
			continue;
		/* A tie matters when the two tied projects do not both fit. */
		if (i + 1 < m && greedy_score(f, p) == greedy_score(f, order[i + 1]) &&
		    f->proj[p].cost + f->proj[order[i + 1]].cost > f->budget - r->spent &&
		    f->proj[order[i + 1]].cost <= f->budget - r->spent)
			note_greedy_tie(f, o, lot, r, p, order[i + 1]);
		if (f->proj[p].cost <= f->budget - r->spent)
			push_winner(r, p, f);
		else if (!skip)
			break;
	}
	free(order);
}

/* ------------------------------------------------------------- stats */

void pb_voter_stats(const struct pb_file *f, struct pb_result *r)
{
	long funded = 0;
	double nsum = 0, csum = 0;
	for (long v = 0; v < f->nvoters; v++) {
		int k = 0;
		double c = 0;
		for (long j = f->off[v]; j < f->off[v + 1]; j++)
			if (r->selected[f->item[j]] && f->pts[j] > 0) {
				k++;
				c += (double)f->proj[f->item[j]].cost;
			}
		funded += k > 0;
		nsum += k;
		csum += c;
	}
	double n = f->nvoters > 0 ? (double)f->nvoters : 1;
	double unit = 1;
	for (int i = 0; i < f->money_scale; i++)
		unit *= 10;
	r->share_funded = (double)funded / n;
	r->avg_funded = nsum / n;
	r->avg_cost_sat = csum / n / unit;
}

/* ------------------------------------------------------------- comparison */

void pb_compare_outcomes(const struct pb_file *f, enum pb_comparison by, const bool *a,
			 const bool *b, long *prefer_a, long *prefer_b, long *indifferent)
{
	long pa = 0, pb = 0;
	for (long v = 0; v < f->nvoters && by != PB_COMPARISON_NONE; v++) {
		long ka = 0, kb = 0;
		for (long j = f->off[v]; j < f->off[v + 1]; j++)
			if (f->pts[j] > 0) {
				ka += a[f->item[j]];
				kb += b[f->item[j]];
			}
		if (by == PB_COMPARISON_EXCLUSION) {
			/* Only having some approved winner or none counts. */
			ka = ka > 0;
			kb = kb > 0;
		}
		pa += ka > kb;
		pb += kb > ka;
	}
	*prefer_a = pa;
	*prefer_b = pb;
	*indifferent = f->nvoters - pa - pb;
}

/* The comparison step after MES (and its completion) in r: greedy by votes
 * from nothing, then greedy's outcome replaces r's only if more voters prefer
 * it (equal counts keep MES). */
static void compare_with_greedy(const struct pb_file *f, const struct pb_options *o, const int *lot,
				struct pb_result *r)
{
	struct arena *a = r->arena;
	int n = f->nprojects;
	struct pb_result g = {.arena = a, .nprojects = n, .budget = f->budget};
	g.winners = arena_calloc(a, (size_t)n + 1, sizeof *g.winners);
	g.selected = arena_calloc(a, (size_t)n + 1, sizeof *g.selected);
	pb_greedy_fill(f, o, lot, &g, true, false, 0);
	struct pb_comparison_result *c = &r->comparison;
	c->by = o->comparison;
	c->n_mes = r->nwinners;
	c->mes_winners = arena_alloc(a, ((size_t)r->nwinners + 1) * sizeof(int));
	memcpy(c->mes_winners, r->winners, (size_t)r->nwinners * sizeof(int));
	c->mes_spent = r->spent;
	c->n_greedy = g.nwinners;
	c->greedy_winners = g.winners;
	c->greedy_spent = g.spent;
	pb_compare_outcomes(f, o->comparison, r->selected, g.selected, &c->prefer_mes,
			    &c->prefer_greedy, &c->indifferent);
	c->greedy_won = c->prefer_greedy > c->prefer_mes;
	if (!c->greedy_won)
		return;
	r->nwinners = g.nwinners;
	r->winners = g.winners;
	r->selected = g.selected;
	r->spent = g.spent;
	r->ngreedy_fill = 0;
	r->nties = g.nties;
	r->ties = g.ties;
	/* The rounds and explanations were about the MES outcome not taken. */
	r->rounds = NULL;
	r->nrounds = 0;
	r->explain = NULL;
}

/* ------------------------------------------------------------- dispatch */

struct pb_result *pb_allocate(const struct pb_file *f, const struct pb_options *o)
{
	struct arena *a = arena_new();
	struct pb_result *r = arena_calloc(a, 1, sizeof *r);
	r->arena = a;
	int n = f->nprojects;
	r->nprojects = n;
	r->budget = f->budget;
	r->winners = arena_calloc(a, (size_t)n + 1, sizeof *r->winners);
	r->selected = arena_calloc(a, (size_t)n + 1, sizeof *r->selected);
	r->mes_runs = 0;
	int *lot = arena_calloc(a, (size_t)n + 1, sizeof *lot);
	pb_draw_lot(n, o->has_lot_seed, o->lot_seed, lot);
	switch (o->rule) {
	case PB_RULE_GREEDY:
		pb_greedy_fill(f, o, lot, r, true, false, 0);
		break;
	case PB_RULE_GREEDY_NO_SKIP:
		pb_greedy_fill(f, o, lot, r, false, false, 0);
		break;
	case PB_RULE_GREEDY_THRESHOLD: {
		bool on = o->has_threshold || f->has_threshold;
		int64_t th = o->has_threshold ? o->threshold : f->threshold;
		pb_greedy_fill(f, o, lot, r, true, on, th);
		break;
	}
	case PB_RULE_MES:
		pb_mes(f, o, lot, r);
		if (!r->error[0] && (o->completion == PB_COMPLETION_GREEDY ||
				     o->completion == PB_COMPLETION_ADD1_GREEDY)) {
			int before = r->nwinners;
			pb_greedy_fill(f, o, lot, r, true, false, 0);
			r->ngreedy_fill = r->nwinners - before;
		}
		if (!r->error[0] && o->comparison != PB_COMPARISON_NONE)
			compare_with_greedy(f, o, lot, r);
		break;
	}
	pb_voter_stats(f, r);
	return r;
}

void pb_result_free(struct pb_result *r)
{
	if (r)
		arena_free(r->arena);
}
