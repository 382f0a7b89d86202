/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * budget_store.h: the buurtbudget's database layer. All SQL of the web module
 * lives in budget_store.c: rounds, proposals, one-time vote codes (only their
 * hashes are stored), ballots (never linked to a code) and the stored result.
 * The result is computed once, when a round moves to "uitslag", by building a
 * pabulib file in memory and running the engine (budget.h) on it.
 *
 * Return codes: 0 on success, BS_NOT_FOUND, or a negative DB_* code.
 * Strings in the structs live in the arena passed in.
 */
#ifndef WB_BUDGET_BUDGET_STORE_H
#define WB_BUDGET_BUDGET_STORE_H

#include <stdbool.h>
#include <stddef.h>

struct db;
struct arena;
struct buf;

enum { BS_NOT_FOUND = 1, BS_CODE_UNKNOWN = 2, BS_CODE_USED = 3, BS_CLOSED = 4 };

#define BS_CODE_LEN 10        /* characters of a vote code, without dashes */
#define BS_MAX_CODES 5000     /* codes per batch */

struct bs_round {
	long long id;
	const char *area_code;
	const char *area_name;
	const char *title;
	long long amount;       /* whole euros */
	const char *phase;      /* voorstellen, beoordeling, stemmen, uitslag */
	const char *starts_on;  /* YYYY-MM-DD or "" */
	const char *ends_on;
	const char *ballot;     /* approval (budget limit), approval_max, points */
	long long max_projects; /* approval_max */
	long long max_points;   /* points: max_sum_points */
	const char *rule;       /* mes or greedy */
	bool demo;
	bool has_result;
	long long ballots;      /* ballots cast so far */
};

struct bs_project {
	long long id;
	const char *title;
	const char *description;
	long long cost;
	const char *area_code;  /* "" when none */
	const char *status;     /* pending, accepted, rejected */
	const char *cost_note;
	const char *channel;    /* how it came in: online, papier, ... (bs_valid_channel) */
};

/* The four phases in order; bs_next_phase returns NULL after the last. */
extern const char *const bs_phases[4];
const char *bs_next_phase(const char *phase);
bool bs_valid_channel(const char *s);

/* Name of an area by CBS code, arena string; NULL when unknown. */
const char *bs_area_name(struct db *db, struct arena *a, const char *code);

int bs_round_get(struct db *db, struct arena *a, long long id, struct bs_round *out);
/* All rounds, newest first; *out is an arena array. */
int bs_round_list(struct db *db, struct arena *a, struct bs_round **out, size_t *n);
/* Inserts a round (id ignored); *id receives the new id. */
int bs_round_create(struct db *db, const struct bs_round *rd, long long *id);
/* Moves a round to the next phase; moving to "uitslag" computes and stores the
 * result in the same transaction. BS_NOT_FOUND when there is no next phase. */
int bs_round_advance(struct db *db, long long id);
/* As bs_round_advance, inside the caller's transaction (no BEGIN/COMMIT of
 * its own; on a non-zero return the caller rolls back). */
int bs_round_advance_in_tx(struct db *db, long long id);

/* Projects of a round (status NULL = all), in id order; arena array. */
int bs_projects(struct db *db, struct arena *a, long long round_id, const char *status,
		struct bs_project **out, size_t *n);
int bs_project_add(struct db *db, long long round_id, const struct bs_project *p, long long *id);
/* What the ballot form needs, in ONE query (it runs on every vote): the
 * round's id, title, phase, ballot, amount, max_projects and max_points (the
 * other fields of *rd are ""/0) and its accepted projects in id order with
 * id, title and cost (other fields ""), an arena array. BS_NOT_FOUND when
 * there is no such round. */
int bs_ballot_spec(struct db *db, struct arena *a, long long round_id, struct bs_round *rd,
		   struct bs_project **pr, size_t *np);
/* Sets status, and cost with a note when cost > 0. BS_NOT_FOUND when pid is not in the round. */
int bs_project_review(struct db *db, long long round_id, long long pid, const char *status,
		      long long cost, const char *note);

/* Makes n new codes for a round, stores their hashes in one transaction and
 * returns the printable codes ("ABCD-EFGH-JK") in *codes (arena array). */
int bs_codes_generate(struct db *db, struct arena *a, long long round_id, int n, char ***codes);
/* Unused and used code counts. */
int bs_codes_count(struct db *db, long long round_id, long long *unused, long long *used);
/* Normalises typed input (case, dashes, spaces) to the 10 code characters, or
 * NULL when it cannot be a code. Arena string. */
char *bs_code_normalize(struct arena *a, const char *in);

/* Casts a ballot. choices is "pid:points,pid:points" (validated by the caller).
 * With a code: in ONE BEGIN IMMEDIATE transaction the code must exist unused
 * (else BS_CODE_UNKNOWN / BS_CODE_USED), it is marked used and the ballot is
 * stored without any link to it. code NULL: a staff ballot without code.
 * BS_CLOSED when the round is not in the voting phase, BS_NOT_FOUND when
 * there is no such round. The server casts through its vote queue
 * (vote_queue.h), which batches many of these into one transaction. */
int bs_cast(struct db *db, long long round_id, const char *code, const char *choices,
	    const char *channel);
/* As bs_cast, inside the caller's transaction (no BEGIN/COMMIT of its own).
 * On a positive BS_* code nothing was written for this ballot and the
 * transaction can go on; on a negative DB_* code the caller must roll back. */
int bs_cast_in_tx(struct db *db, long long round_id, const char *code, const char *choices,
		  const char *channel);

struct bs_channel_count {
	const char *channel;      /* online, papier, bijeenkomst, telefoon, face-to-face */
	long long ballots;
	long long without_code;   /* staff ballots entered without a vote code */
};
/* Ballots per channel (only channels that have ballots); arena array. */
int bs_channel_counts(struct db *db, struct arena *a, long long round_id,
		      struct bs_channel_count **out, size_t *n);

/* Writes the round as a pabulib file (accepted projects, all ballots) to out.
 * With selected (JSON array of winning project ids, may be NULL) the
 * `selected` column is filled. */
int bs_write_pb(struct db *db, struct arena *a, const struct bs_round *rd, struct buf *out);
/* The stored result: JSON text and .pb text (arena strings; pb may be NULL
 * when the .pb text is not needed). BS_NOT_FOUND when not computed. */
int bs_result(struct db *db, struct arena *a, long long round_id, const char **json,
	      const char **pb);
/* Computes the result of a round from its data (no transaction of its own):
 * JSON and .pb text, arena strings. 0 or a negative code. */
int bs_compute(struct db *db, struct arena *a, const struct bs_round *rd, char **json,
	       char **pb);

#endif
