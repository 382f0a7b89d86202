/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * panel.h: the sortition engine for a burgerraad / resident panel. Pure C: no
 * HTTP, no SQL. It reads a pool and its quotas (both CSV formats in common
 * use), finds a lottery over quota-meeting panels with LEGACY (the old greedy)
 * or exact LEXIMIN (column generation: master LP on COIN-OR CLP, integer
 * oracle on GLPK), reports the smallest quota
 * relaxation when the quotas conflict, and turns the lottery into a public,
 * verifiable table of m equally likely tickets.
 *
 * Memory: every object below owns its arrays and is released with its
 * *_free(); strings handed in are copied. Error texts are returned through a
 * caller buffer (char *err, size_t errlen) and are already translated with _().
 *
 * Threads: GLPK keeps one environment per thread and is not safe when threads
 * share one; the solving functions serialise themselves with a mutex.
 */
#ifndef WB_PANEL_PANEL_H
#define WB_PANEL_PANEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Limits on what a pool file may hold; larger input is refused with a message. */
#define PANEL_MAX_PEOPLE 200000
#define PANEL_MAX_FEATURES 64
#define PANEL_MAX_VALUES 4096
#define PANEL_MAX_CELL 1024

/* A pool with its quotas. Values are numbered globally 0..n_values-1; the
 * values of feature f are first_value[f] .. first_value[f+1]-1. */
struct panel_pool {
	int n_features;
	char **feature;   /* feature (category) names, as in the quota file */
	int *first_value; /* n_features + 1 offsets */
	int n_values;
	char **value;       /* value names */
	int *value_feature; /* feature of each value */
	int *qmin, *qmax;   /* quota per value */
	int *min_flex;      /* lowest the minimum may be relaxed to (0 if unset) */
	int *max_flex;      /* highest the maximum may be relaxed to (-1: no limit) */
	int n_people;
	char **id; /* person ids: the id column, or the 0-based row number */
	bool ids_are_rows;
	int *person_value; /* n_people * n_features value indices */
	int *household;    /* household number per person; -1 when alone */
	int n_households;  /* households with at least two people */
	char *keep;        /* NULL, or per person 1 = already selected: on every
			    * panel (replacement draws after drop-outs); set
			    * with panel_pool_keep before panel_types_new */
};

/* Reads quotas (either `category,feature,min,max` or
 * `feature,value,min,max[,min_flex,max_flex]`; `category,name` accepted) and a
 * pool (one column per feature plus any other columns). id_column may be NULL
 * (then a column called id, *_id or *identifier is used, else row numbers);
 * household_columns is NULL or a comma-separated list of column names: people
 * with equal non-empty values in all of them form one household.
 * Returns a new pool (free with panel_pool_free), or NULL with err filled. */
struct panel_pool *panel_pool_read(const char *quota_csv, size_t quota_len, const char *pool_csv,
				   size_t pool_len, const char *id_column,
				   const char *household_columns, char *err, size_t errlen);
/* As panel_pool_read, reading the two files. */
struct panel_pool *panel_pool_load(const char *quota_path, const char *pool_path,
				   const char *id_column, const char *household_columns, char *err,
				   size_t errlen);
void panel_pool_free(struct panel_pool *p);

/* Marks the people whose ids are in ids[0..n) as already selected, so every
 * panel includes them (a replacement draw keeps who stays on the panel).
 * Returns 0, or -1 with err naming an unknown id. */
int panel_pool_keep(struct panel_pool *p, const char *const *ids, int n, char *err, size_t errlen);

/* People with identical feature vectors and no shared household are
 * interchangeable for LEXIMIN: they form one type. members[first[t] ..
 * first[t+1]) are the people of type t in file order. */
struct panel_types {
	int n_types;
	int *type_of; /* per person */
	int *size;    /* per type */
	int *first;   /* n_types + 1 offsets into members */
	int *members;
	int *household; /* per type: household number, or -1 */
};

/* Groups the pool into types; identity=true gives one type per person.
 * Returns a new object (free with panel_types_free). */
struct panel_types *panel_types_new(const struct panel_pool *p, bool identity);
void panel_types_free(struct panel_types *t);

/* A lottery over panels, stored as compositions: panel j takes count[j*T + t]
 * people of type t (chosen uniformly among that type), with probability
 * weight[j]. prob[i] is person i's selection probability. */
struct panel_lottery {
	int k;
	int n_types;
	int n_panels;
	double *weight;
	int *count;
	double *prob; /* per person */
	double min_prob;
	/* statistics of the run */
	int lp_solves, oracle_calls, rounds, columns;
	double seconds;
};

void panel_lottery_free(struct panel_lottery *l);

/* Options for the solvers. log (may be NULL) receives progress lines. */
struct panel_options {
	FILE *log;
	double time_limit; /* seconds; 0 = none */
};

enum panel_status {
	PANEL_OK = 0,
	PANEL_INFEASIBLE = 1, /* no panel meets the quotas: see panel_relax */
	PANEL_ERROR = 2,      /* bad input, solver failure or time limit: see err */
};

/* Computes the exact LEXIMIN lottery for panels of size k.
 * On PANEL_OK *out is a new lottery (free with panel_lottery_free). */
enum panel_status panel_leximin(const struct panel_pool *p, const struct panel_types *t, int k,
				const struct panel_options *o, struct panel_lottery **out,
				char *err, size_t errlen);

/* Runs the LEGACY greedy `runs` times with the given seed (identity types
 * required) and returns the empirical lottery of the panels it drew.
 * PANEL_INFEASIBLE when every attempt of a run failed. */
enum panel_status panel_legacy(const struct panel_pool *p, const struct panel_types *t, int k,
			       int runs, uint64_t seed, struct panel_lottery **out, char *err,
			       size_t errlen);

/* One quota change suggested by panel_relax. */
struct panel_relaxation {
	int value; /* value index */
	int old_min, old_max;
	int new_min, new_max;
};

/* The infeasibility report: quick checks in plain words, and the smallest
 * relaxation (within min_flex/max_flex) that makes the quotas feasible. */
struct panel_relax_report {
	bool feasible;  /* the quotas were feasible after all */
	bool relaxable; /* a relaxation within the flex limits exists */
	int n_messages;
	char **messages; /* translated sentences */
	int n_changes;
	struct panel_relaxation *changes;
};

/* Builds the report for panel size k. Returns NULL only with err filled. */
struct panel_relax_report *panel_relax(const struct panel_pool *p, const struct panel_types *t,
				       int k, char *err, size_t errlen);
void panel_relax_free(struct panel_relax_report *r);

/* A concrete lottery: panel j is members[j*k .. (j+1)*k) (person indices,
 * ascending) with weight[j]. */
struct panel_concrete {
	int k;
	int n_panels;
	double *weight;
	int *members;
};

/* Turns a lottery of compositions into concrete panels with exactly the same
 * per-person probabilities (a rotation through each type's members). Returns
 * NULL when the result would exceed max_panels panels. */
struct panel_concrete *panel_concrete_new(const struct panel_lottery *l,
					  const struct panel_types *t, int max_panels);
void panel_concrete_free(struct panel_concrete *c);

/* Rounds the lottery to m equally likely tickets (largest remainders) and gives
 * each ticket concrete members, rotating through each type's people so that
 * people of one type get equally many tickets (differing by at most one).
 * The result has n_panels = m and weight 1/m each; prob of person i under the
 * tickets is written to ticket_prob (n_people, may be NULL). */
struct panel_concrete *panel_tickets(const struct panel_lottery *l, const struct panel_types *t,
				     int n_people, int m, double *ticket_prob);

/* The ticket (1..m) a public seed selects: BLAKE2b-256 of the seed text, its
 * first 8 bytes as a big-endian number, modulo m, plus one. A seed of only
 * digits ("042") is read as the ticket number modulo m (dice), 0 meaning m. */
int panel_ticket_from_seed(const char *seed, int m);

/* Checks panel members[0..k) against every quota and the household rule.
 * Returns true when it is a valid panel. */
bool panel_check(const struct panel_pool *p, const int *members, int k);

/* Serialises all engine calls that use GLPK (called internally). */
void panel_glpk_lock(void);
void panel_glpk_unlock(void);

#endif
