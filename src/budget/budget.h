/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * budget.h: the allocation rules of the buurtbudget engine, on a parsed .pb
 * file (pabulib.h). Pure C: no HTTP, no SQL.
 *
 *   greedy, greedy-no-skip, greedy-threshold: by votes (approval) or score
 *     (points, Borda), as CONSUL and most cities count.
 *   mes: the Method of Equal Shares (Peters & Skowron) with cost, approval
 *     (cardinality) or points satisfaction, in exact arithmetic (mes.c), with
 *     the completions add1 (Wieliczka, Świecie, Assen), add1e (pabutools'
 *     default), greedy fill, and add1 followed by greedy fill.
 *
 * Floating point decides nothing: every comparison that can change an outcome
 * is made on exact integers. Doubles appear only in the figures reported for
 * people to read (effective support, money per project in explanations).
 *
 * Memory: a struct pb_result lives in its own arena; pb_result_free releases it.
 */
#ifndef WB_BUDGET_BUDGET_H
#define WB_BUDGET_BUDGET_H

#include <stdbool.h>
#include <stdint.h>

#include "budget/pabulib.h"

enum pb_rule { PB_RULE_GREEDY, PB_RULE_GREEDY_NO_SKIP, PB_RULE_GREEDY_THRESHOLD, PB_RULE_MES };
enum pb_sat { PB_SAT_COST, PB_SAT_APPROVAL, PB_SAT_POINTS };
enum pb_completion {
	PB_COMPLETION_NONE,
	PB_COMPLETION_ADD1,       /* integral start floor(B/n), +1 until the next run would exceed B */
	PB_COMPLETION_ADD1E,      /* start B/n, +1, stop at the first exhaustive outcome (pabutools) */
	PB_COMPLETION_GREEDY,     /* MES, then greedy by votes on what is left */
	PB_COMPLETION_ADD1_GREEDY /* add1, then greedy by votes ("add1u") */
};
enum pb_tie {
	PB_TIE_EQUALSHARES, /* lowest cost, then most votes, then the lot drawn before the count */
	PB_TIE_LEXICO       /* smallest project_id (pabutools' default) */
};
/* The "-comparison" step of the pabulib rules equalshares-comparison and
 * equalshares/add1-comparison: compute MES (with its completion) and greedy
 * (as PB_RULE_GREEDY: by votes, skipping what does not fit), and take greedy's
 * outcome only if more voters prefer it. */
enum pb_comparison {
	PB_COMPARISON_NONE,
	PB_COMPARISON_SATISFACTION, /* a voter prefers the outcome with more of her approved winners */
	PB_COMPARISON_EXCLUSION     /* a voter prefers the outcome where she has >= 1 approved
				     * winner when the other gives her none */
};

struct pb_progress;
struct pb_options {
	enum pb_rule rule;
	enum pb_sat sat;
	enum pb_completion completion;
	enum pb_tie tie;
	uint64_t lot_seed;   /* with has_lot_seed: the lot is a seeded shuffle; else file order */
	bool has_lot_seed;
	bool has_threshold;  /* overrides META min_project_score_threshold */
	int64_t threshold;
	int64_t increment;   /* add1/add1e step per voter in money units (0 = one currency unit) */
	int threads;         /* add1/add1e worker threads (0 = one per core, at most 4) */
	long max_runs;       /* add1/add1e: give up after this many MES runs (0 = 1,000,000) */
	bool report;         /* fill rounds, effective support and explanations */
	enum pb_comparison comparison; /* MES only; PB_COMPARISON_NONE by default */
	/* Called after every add1 run (may be NULL). spent is what the run spent;
	 * under add1, add1e and add1-greedy a run that is stopped as soon as it is known
	 * to stay within the budget (mes.c, can_cut) reports what it had spent
	 * by then, a lower bound. The reported run is always completed. */
	void (*progress)(void *ctx, long run, const char *voter_budget, int64_t spent);
	void *progress_ctx;
};
/* Defaults: MES, cost satisfaction, add1, equalshares tie-breaking. */
void pb_options_default(struct pb_options *o);

/* A tie that decided something: the projects tied, the one chosen and why. */
struct pb_tie_event {
	int round;          /* 0-based MES round, or -1 in a greedy order */
	int ntied;
	int *tied;          /* project indexes */
	int chosen;
	const char *decided_by; /* "cost", "votes", "lot", "project_id" */
};

/* One MES round of the reported run. */
struct pb_round {
	int project;         /* the project chosen */
	double share;        /* approval ballots: what each supporter who still had enough
			      * paid; points ballots: the payment per point. Currency units,
			      * display only. */
	long full_payers;    /* supporters (voters) who paid the full share */
	long all_in_payers;  /* supporters who paid everything they had left */
	double *effective;   /* per project: effective votes this round (cost / the share its
			      * supporters would each pay), -1 when not a candidate */
};

/* Why a project won or lost, for residents. Amounts in currency units (display only). */
struct pb_explain {
	bool won;
	int round;             /* round it was chosen in (MES), else -1 */
	double paid_by_supporters;
	long supporters;
	/* Losers under MES: */
	double money_left;     /* what its supporters still had at the end */
	double money_to[3];    /* the three winners its supporters paid most to ... */
	int to_project[3];     /* ... (-1 when fewer) */
	double needed_share;   /* share per supporter it would have needed in the last round */
	bool affordable;       /* its supporters together still had enough money */
};

/* The outcome of the comparison step (pb_result.comparison). */
struct pb_comparison_result {
	enum pb_comparison by;  /* PB_COMPARISON_NONE: no comparison was made, the rest is 0 */
	long prefer_mes;        /* voters (ballots) who prefer the MES outcome */
	long prefer_greedy;     /* voters who prefer the greedy outcome */
	long indifferent;       /* the others: prefer_mes + prefer_greedy + indifferent = voters */
	bool greedy_won;        /* prefer_greedy > prefer_mes: the result is greedy's */
	/* Both outcomes, whichever won (project indexes in the order chosen;
	 * the arrays live in the result's arena). mes_* includes the completion. */
	int n_mes;
	int *mes_winners;
	int64_t mes_spent;
	int n_greedy;
	int *greedy_winners;
	int64_t greedy_spent;
};

struct pb_result {
	struct arena *arena;
	int nprojects;
	int nwinners;
	int *winners;          /* project indexes, in the order chosen */
	bool *selected;        /* nprojects flags */
	int64_t spent;         /* money units */
	int64_t budget;
	/* MES */
	long mes_runs;         /* number of MES passes (1 without add1) */
	const char *voter_budget;  /* the per-voter budget of the reported run, exact text */
	int nrounds;
	struct pb_round *rounds;
	int ngreedy_fill;      /* winners added by a greedy completion (at the end of winners) */
	int nties;
	struct pb_tie_event *ties;
	struct pb_explain *explain;  /* nprojects, when report */
	/* Per voter (weights: one per ballot) */
	double share_funded;   /* share of voters with at least one funded project on the ballot */
	double avg_funded;     /* average number of funded projects on a ballot */
	double avg_cost_sat;   /* average money spent on projects the voter supports (currency) */
	/* The comparison step (options.comparison, rule MES). When greedy won,
	 * winners/selected/spent/ties are greedy's, ngreedy_fill is 0, and rounds,
	 * nrounds and explain are cleared (they described the MES outcome that was
	 * not taken), so pb_explain_text explains the greedy result; mes_runs and
	 * voter_budget still describe the MES computation. */
	struct pb_comparison_result comparison;
	char error[256];       /* non-empty when the rule could not run */
};

/* Runs the rule in o on f. Returns a result (never NULL; check ->error).
 * The caller frees it with pb_result_free. */
struct pb_result *pb_allocate(const struct pb_file *f, const struct pb_options *o);
void pb_result_free(struct pb_result *r);

struct buf;
/* Appends why project p won or lost, in plain sentences for residents, to out
 * (plain text through gettext: the calling thread's language; escape it for
 * HTML). Uses r->explain when the result was computed with report. */
void pb_explain_text(const struct pb_file *f, const struct pb_result *r, int p, struct buf *out);

/* Parses rule/satisfaction/completion/tie/comparison names; return 0 or -1. */
int pb_rule_parse(const char *s, enum pb_rule *out);
int pb_sat_parse(const char *s, enum pb_sat *out);
int pb_completion_parse(const char *s, enum pb_completion *out);
int pb_tie_parse(const char *s, enum pb_tie *out);
int pb_comparison_parse(const char *s, enum pb_comparison *out); /* none|satisfaction|exclusion */
const char *pb_rule_name(enum pb_rule r);
const char *pb_sat_name(enum pb_sat s);
const char *pb_completion_name(enum pb_completion c);
const char *pb_tie_name(enum pb_tie t);
const char *pb_comparison_name(enum pb_comparison c);
/* The comparison a pabulib META rule asks for: satisfaction when the rule
 * ends in "-comparison" (equalshares-comparison, equalshares/add1-comparison),
 * else none. rule may be NULL. */
enum pb_comparison pb_comparison_for_rule(const char *rule);
/* Counts, over f's voters, who prefers outcome a or outcome b (nprojects
 * flags each) under `by`; a voter's approved projects are those on her
 * ballot with points > 0. by == PB_COMPARISON_NONE counts everybody as
 * indifferent. Pure; allocates nothing. */
void pb_compare_outcomes(const struct pb_file *f, enum pb_comparison by, const bool *a,
			 const bool *b, long *prefer_a, long *prefer_b, long *indifferent);

/* ---- internal, shared by greedy.c, mes.c and explain.c ---- */

/* The lot: lot[p] = position of project p in the pre-drawn order. */
void pb_draw_lot(int n, bool seeded, uint64_t seed, int *lot);
/* Orders two projects by the tie rule; <0 when a goes first. *why names the
 * criterion that decided ("cost", "votes", "lot", "project_id"). */
int pb_tie_cmp(const struct pb_file *f, enum pb_tie t, const int *lot, int a, int b,
	       const char **why);
/* Greedy by score (votes for approval) from the current selection: adds each
 * project (in order) that fits the remaining budget; skip=false stops at the
 * first that does not fit; threshold_on only considers score >= threshold.
 * Appends to r->winners. */
void pb_greedy_fill(const struct pb_file *f, const struct pb_options *o, const int *lot,
		    struct pb_result *r, bool skip, bool threshold_on, int64_t threshold);
/* The Method of Equal Shares (mes.c). */
void pb_mes(const struct pb_file *f, const struct pb_options *o, const int *lot,
	    struct pb_result *r);
/* Fills the per-voter statistics from r->selected. */
void pb_voter_stats(const struct pb_file *f, struct pb_result *r);

#endif
