/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * vote_queue.h: group commit of buurtbudget ballots. Request threads hand a
 * validated ballot to vote_queue_cast() and sleep; one committer thread takes
 * every ballot queued so far, writes them all (code check-and-burn plus the
 * ballot, bs_cast_in_tx) in ONE transaction on its own connection, and wakes
 * each waiter with its own result. One fsync then covers many votes, and votes
 * never queue on SQLite's sleeping busy handler.
 *
 * Durable: vote_queue_cast() returns only after the commit holding the ballot
 * is on disk (the committer's connection runs with synchronous=FULL).
 *
 * It also keeps the ballot (settings and projects) of rounds that are open
 * for voting, so the vote page need not read them for every vote
 * (vote_queue_ballot_spec).
 *
 * The queue is owned by `struct app` (made by `serve` before the server
 * starts, freed after it stopped); there is no global state.
 */
#ifndef WB_BUDGET_VOTE_QUEUE_H
#define WB_BUDGET_VOTE_QUEUE_H

#include <stddef.h>

struct vote_queue;

/* Opens the committer's own connection to the database file and starts the
 * committer thread. Returns NULL (with a log line) when the database cannot
 * be opened. The caller frees the queue with vote_queue_free(). */
struct vote_queue *vote_queue_new(const char *db_path);

/* Commits every ballot still queued, answers its waiter, stops the thread
 * and closes the connection. No vote_queue_cast() may start after this is
 * called (in `serve`: after the HTTP daemon has stopped). NULL is a no-op. */
void vote_queue_free(struct vote_queue *q);

/* Casts one ballot as bs_cast() does (budget_store.h) and blocks until it is
 * committed to disk or refused. Returns 0 (counted), BS_CODE_USED,
 * BS_CODE_UNKNOWN, BS_CLOSED, BS_NOT_FOUND or a negative DB_* code (not
 * saved). The strings are only read, and only until this returns: they may
 * live in the request's arena. Safe to call from many threads at once; two
 * ballots with the same code give exactly one 0 and one BS_CODE_USED, also
 * when they are committed in the same transaction. */
int vote_queue_cast(struct vote_queue *q, long long round_id, const char *code,
		    const char *choices, const char *channel);

struct db;
struct arena;
struct bs_round;
struct bs_project;
/* The ballot of a round as bs_ballot_spec() gives it (budget_store.h), for
 * the vote pages. A round in the voting phase is kept in memory for up to
 * VOTE_SPEC_TTL_MS, so a vote does not re-read it: the app lets neither the
 * round's settings nor its accepted projects change in that phase, the
 * committer checks the phase again inside its transaction, and a refused
 * vote (round closed or gone) drops the copy. Otherwise, or when it is
 * older, the round is read with db. Everything returned lives in arena.
 * Returns as bs_ballot_spec. */
#define VOTE_SPEC_TTL_MS 1000
int vote_queue_ballot_spec(struct vote_queue *q, struct db *db, struct arena *arena,
			   long long round_id, struct bs_round *rd, struct bs_project **pr,
			   size_t *np);

#endif
