/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * vote_queue.c: group commit of ballots (see vote_queue.h).
 *
 * Each waiting request thread owns one `struct vote` on its stack, linked
 * into the queue; the committer detaches the whole list (up to MAX_BATCH),
 * writes it in one transaction without holding the queue's lock, then marks
 * every vote done and wakes its waiter. A batch forms by itself: the ballots
 * that arrive while one transaction commits make the next one, so there is
 * no waiting for a batch to fill.
 *
 * Durability: the committer's connection runs with synchronous=FULL. In WAL
 * mode synchronous=NORMAL (the setting of every other connection) does not
 * fsync the WAL at commit, so a power cut could undo the last commits after
 * their voters were told "your vote has been counted" (and leave their codes
 * unused). FULL fsyncs the WAL on every commit; with group commit that is one
 * fsync per batch, not per vote. The setting is per connection, so the rest
 * of the application keeps NORMAL.
 *
 * The second half keeps the ballot of rounds open for voting (see
 * vote_queue_ballot_spec in the header for why that is safe): after every
 * committed batch each pooled connection must re-read the pages it touches,
 * and reading the round and its projects was a fifth of a vote's CPU time.
 */
#include "budget/vote_queue.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "budget/budget_store.h"
#include "db/db.h"
#include "util/log.h"
#include "util/mem.h"

/* At most this many ballots in one transaction, so the write lock is never
 * held for long by a burst (other writers wait for it). */
#define MAX_BATCH 256
/* Rounds open for voting at the same time whose ballot is kept in memory. */
#define SPEC_SLOTS 8

struct vote {
	long long round_id;
	const char *code, *choices, *channel;
	int rc;
	/* The waiter sleeps on its own lock and condition, not on the queue's:
	 * waking a batch then never has woken waiters fight over the lock the
	 * committer holds, and the queue's lock stays free for new votes. */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool done;         /* under mu; rc is final once it is set */
	struct vote *next; /* under the queue's lock */
};

/* A copy of one open round's ballot (vote_queue_ballot_spec), in its own
 * arena; round_id 0 is an empty slot. */
struct spec {
	long long round_id;
	long long loaded_ms; /* CLOCK_MONOTONIC */
	struct arena *arena;
	struct bs_round rd;
	struct bs_project *pr;
	size_t np;
};

struct vote_queue {
	pthread_mutex_t spec_mu; /* guards specs */
	struct spec specs[SPEC_SLOTS];
	pthread_mutex_t mu;
	pthread_cond_t work;  /* the committer waits here for ballots or stop */
	struct vote *head;    /* FIFO: the oldest vote first */
	struct vote **tail;
	bool stop;
	struct db *db;        /* the committer's own connection */
	pthread_t thread;
};

/* Writes a detached batch: all in one transaction, or, when a ballot fails
 * in it (a database error, not a refused code), each ballot in its own
 * transaction so one bad ballot cannot cost the others their vote. When the
 * transaction cannot even begin (another process held the write lock for the
 * whole busy timeout), every ballot gets that error at once instead of
 * waiting out the timeout once per ballot. Sets every v->rc. */
static void commit_batch(struct db *db, struct vote *batch)
{
	int rc = db_begin(db);
	if (rc != DB_OK) {
		log_warn("budget", "votes not saved: the database is busy or failing");
		for (struct vote *v = batch; v; v = v->next)
			v->rc = rc < 0 ? rc : DB_ERROR;
		return;
	}
	bool ok = true;
	for (struct vote *v = batch; ok && v; v = v->next) {
		v->rc = bs_cast_in_tx(db, v->round_id, v->code, v->choices, v->channel);
		ok = v->rc >= 0;
	}
	if (ok && db_commit(db) == DB_OK)
		return;
	db_rollback(db);
	log_warn("budget", "a batch of votes failed; casting them one by one");
	for (struct vote *v = batch; v; v = v->next)
		v->rc = bs_cast(db, v->round_id, v->code, v->choices, v->channel);
}

static void *committer(void *arg)
{
	struct vote_queue *q = arg;
	pthread_mutex_lock(&q->mu);
	for (;;) {
		while (!q->head && !q->stop)
			pthread_cond_wait(&q->work, &q->mu);
		if (!q->head)
			break; /* stopping, and nothing left to commit */
		/* Detach up to MAX_BATCH votes from the front of the queue. */
		struct vote *batch = q->head, *last = batch;
		for (int n = 1; n < MAX_BATCH && last->next; n++)
			last = last->next;
		q->head = last->next;
		if (!q->head)
			q->tail = &q->head;
		last->next = NULL;
		pthread_mutex_unlock(&q->mu);

		commit_batch(q->db, batch);
		for (struct vote *v = batch, *next; v; v = next) {
			next = v->next; /* v is gone once its waiter has seen done */
			pthread_mutex_lock(&v->mu);
			v->done = true;
			pthread_cond_signal(&v->cv);
			pthread_mutex_unlock(&v->mu);
		}

		pthread_mutex_lock(&q->mu);
	}
	pthread_mutex_unlock(&q->mu);
	return NULL;
}

struct vote_queue *vote_queue_new(const char *db_path)
{
	struct db *db;
	if (db_open(db_path, &db) != DB_OK)
		return NULL;
	/* FULL: see the top of this file. A larger page cache (32 MiB instead
	 * of SQLite's 2 MiB) keeps the code index of a large round in memory;
	 * only this connection writes ballots, so its cache stays valid. */
	if (db_exec(db, "PRAGMA synchronous=FULL; PRAGMA cache_size=-32768") != DB_OK) {
		db_close(db);
		return NULL;
	}
	struct vote_queue *q = xcalloc(1, sizeof *q);
	pthread_mutex_init(&q->spec_mu, NULL);
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->work, NULL);
	q->tail = &q->head;
	q->db = db;
	if (pthread_create(&q->thread, NULL, committer, q) != 0) {
		log_error("budget", "cannot start the vote committer thread");
		pthread_cond_destroy(&q->work);
		pthread_mutex_destroy(&q->mu);
		pthread_mutex_destroy(&q->spec_mu);
		db_close(db);
		free(q);
		return NULL;
	}
	return q;
}

void vote_queue_free(struct vote_queue *q)
{
	if (!q)
		return;
	pthread_mutex_lock(&q->mu);
	q->stop = true;
	pthread_cond_signal(&q->work);
	pthread_mutex_unlock(&q->mu);
	pthread_join(q->thread, NULL);
	pthread_cond_destroy(&q->work);
	pthread_mutex_destroy(&q->mu);
	for (int i = 0; i < SPEC_SLOTS; i++)
		if (q->specs[i].arena)
			arena_free(q->specs[i].arena);
	pthread_mutex_destroy(&q->spec_mu);
	db_close(q->db);
	free(q);
}

/* ---- the ballots of open rounds ---- */

static long long now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Copies a ballot into arena a. The strings bs_ballot_spec leaves empty are
 * literals and are shared. */
static void spec_copy(struct arena *a, const struct bs_round *rd, const struct bs_project *pr,
		      size_t np, struct bs_round *ord, struct bs_project **opr)
{
	*ord = *rd;
	ord->title = arena_strdup(a, rd->title);
	ord->phase = arena_strdup(a, rd->phase);
	ord->ballot = arena_strdup(a, rd->ballot);
	struct bs_project *v = arena_calloc(a, np + 1, sizeof *v);
	for (size_t i = 0; i < np; i++) {
		v[i] = pr[i];
		v[i].title = arena_strdup(a, pr[i].title);
	}
	*opr = v;
}

/* The slot of round_id, or NULL. Under spec_mu. */
static struct spec *spec_find(struct vote_queue *q, long long round_id)
{
	for (int i = 0; i < SPEC_SLOTS; i++)
		if (q->specs[i].round_id == round_id)
			return &q->specs[i];
	return NULL;
}

/* Forgets the copy of round_id, if any. */
static void spec_drop(struct vote_queue *q, long long round_id)
{
	pthread_mutex_lock(&q->spec_mu);
	struct spec *s = spec_find(q, round_id);
	if (s) {
		arena_free(s->arena);
		*s = (struct spec){0};
	}
	pthread_mutex_unlock(&q->spec_mu);
}

/* Keeps a copy of a freshly read ballot, in its own slot, an empty one or
 * the oldest. */
static void spec_store(struct vote_queue *q, long long now, const struct bs_round *rd,
		       const struct bs_project *pr, size_t np)
{
	pthread_mutex_lock(&q->spec_mu);
	struct spec *s = spec_find(q, rd->id);
	for (int i = 0; !s && i < SPEC_SLOTS; i++)
		if (q->specs[i].round_id == 0)
			s = &q->specs[i];
	if (!s) {
		s = &q->specs[0];
		for (int i = 1; i < SPEC_SLOTS; i++)
			if (q->specs[i].loaded_ms < s->loaded_ms)
				s = &q->specs[i];
	}
	if (s->arena)
		arena_free(s->arena);
	*s = (struct spec){.round_id = rd->id, .loaded_ms = now, .arena = arena_new(), .np = np};
	spec_copy(s->arena, rd, pr, np, &s->rd, &s->pr);
	pthread_mutex_unlock(&q->spec_mu);
}

int vote_queue_ballot_spec(struct vote_queue *q, struct db *db, struct arena *arena,
			   long long round_id, struct bs_round *rd, struct bs_project **pr,
			   size_t *np)
{
	long long now = now_ms();
	pthread_mutex_lock(&q->spec_mu);
	struct spec *s = spec_find(q, round_id);
	bool kept = s != NULL, fresh = s && now - s->loaded_ms <= VOTE_SPEC_TTL_MS;
	if (fresh) {
		spec_copy(arena, &s->rd, s->pr, s->np, rd, pr);
		*np = s->np;
	}
	pthread_mutex_unlock(&q->spec_mu);
	if (fresh)
		return 0;
	int rc = bs_ballot_spec(db, arena, round_id, rd, pr, np);
	if (rc == 0 && strcmp(rd->phase, "stemmen") == 0)
		spec_store(q, now, rd, *pr, *np);
	else if (kept)
		spec_drop(q, round_id); /* no longer open, or gone */
	return rc;
}

/* ---- casting ---- */

int vote_queue_cast(struct vote_queue *q, long long round_id, const char *code,
		    const char *choices, const char *channel)
{
	struct vote v = {.round_id = round_id, .code = code, .choices = choices,
			 .channel = channel};
	pthread_mutex_init(&v.mu, NULL);
	pthread_cond_init(&v.cv, NULL);
	pthread_mutex_lock(&q->mu);
	*q->tail = &v;
	q->tail = &v.next;
	pthread_cond_signal(&q->work);
	pthread_mutex_unlock(&q->mu);

	pthread_mutex_lock(&v.mu);
	while (!v.done)
		pthread_cond_wait(&v.cv, &v.mu);
	pthread_mutex_unlock(&v.mu);
	pthread_cond_destroy(&v.cv);
	pthread_mutex_destroy(&v.mu);
	if (v.rc == BS_CLOSED || v.rc == BS_NOT_FOUND)
		spec_drop(q, round_id); /* the kept ballot says "open": it is not */
	return v.rc;
}
