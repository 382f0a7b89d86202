/* SPDX-License-Identifier: EUPL-1.2 */
/* test_budget_store_queue.c: the vote queue (budget/vote_queue.h) on a
 * temporary database: many threads casting at once, every code cast several
 * times racing itself, give exactly one accepted ballot per code and the
 * right ballot count; unknown codes and a closed round are refused; a ballot
 * the database rejects fails alone (the rest of its batch is still counted
 * and its code stays unused); a database locked by another connection fails
 * the vote after one busy timeout; the ballot of a round open for voting is
 * kept briefly and dropped when a vote finds the round closed;
 * vote_queue_free answers every queued vote. */
#include <pthread.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
/* cmocka.h needs the headers above first. */
#include <cmocka.h>
#include <sodium.h>

#include "budget/budget_store.h"
#include "budget/vote_queue.h"
#include "db/db.h"
#include "fixture.h"
#include "util/mem.h"

#define NCODES 120
#define COPIES 3     /* each code is cast this many times, by different threads */
#define NTHREADS 12

struct fixture {
	struct db_fixture *dbf; /* tests/unit/fixture.h: the temporary database */
	const char *path;
	struct db *db;
	struct arena *a;
	long long round;
	char *choices;
	char **codes; /* normalised */
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	void *base;
	if (sodium_init() < 0 || db_fixture_setup(&base))
		return -1;
	f->dbf = base;
	f->path = f->dbf->db_path;
	f->db = f->dbf->db;
	db_exec(f->db, "INSERT INTO areas (code, name, level, parent) VALUES"
		       " ('GM0141', 'Almelo', 'gemeente', NULL),"
		       " ('WK014110', 'Binnenstad', 'wijk', 'GM0141')");
	f->a = arena_new();
	struct bs_round rd = {.area_code = "WK014110", .title = "Wachtrij", .amount = 100,
			      .ballot = "approval", .rule = "mes"};
	long long pid;
	struct bs_project p = {.title = "Bankje", .description = "", .cost = 50,
			       .status = "accepted"};
	if (bs_round_create(f->db, &rd, &f->round) || bs_project_add(f->db, f->round, &p, &pid))
		return -1;
	f->choices = arena_printf(f->a, "%lld:1", pid);
	char **printed;
	if (bs_codes_generate(f->db, f->a, f->round, NCODES, &printed))
		return -1;
	f->codes = arena_calloc(f->a, NCODES, sizeof *f->codes);
	for (int i = 0; i < NCODES; i++)
		f->codes[i] = bs_code_normalize(f->a, printed[i]);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	arena_free(f->a);
	void *base = f->dbf;
	db_fixture_teardown(&base);
	free(f);
	return 0;
}

static void open_voting(struct fixture *f)
{
	assert_int_equal(bs_round_advance(f->db, f->round), 0);
	assert_int_equal(bs_round_advance(f->db, f->round), 0);
}

/* One caster thread: votes i = first, first + step, ... of the NCODES *
 * COPIES attempts (attempt i casts code i % NCODES), results into rc[i]. */
struct caster {
	struct vote_queue *q;
	const struct fixture *f;
	int first, step;
	bool skip0;   /* leave code 0 alone */
	int *rc;
};

static void *cast_many(void *arg)
{
	struct caster *c = arg;
	for (int i = c->first; i < NCODES * COPIES; i += c->step)
		if (!c->skip0 || i % NCODES != 0)
			c->rc[i] = vote_queue_cast(c->q, c->f->round, c->f->codes[i % NCODES],
					   c->f->choices, "online");
	return NULL;
}

static void test_racing_duplicates(void **state)
{
	struct fixture *f = *state;
	open_voting(f);
	struct vote_queue *q = vote_queue_new(f->path);
	assert_non_null(q);
	int *rc = calloc(NCODES * COPIES, sizeof *rc);
	pthread_t th[NTHREADS];
	struct caster c[NTHREADS];
	for (int t = 0; t < NTHREADS; t++) {
		c[t] = (struct caster){q, f, t, NTHREADS, false, rc};
		assert_int_equal(pthread_create(&th[t], NULL, cast_many, &c[t]), 0);
	}
	for (int t = 0; t < NTHREADS; t++)
		pthread_join(th[t], NULL);
	/* Per code: exactly one accepted, every other attempt "already used". */
	for (int k = 0; k < NCODES; k++) {
		int ok = 0, used = 0;
		for (int j = 0; j < COPIES; j++) {
			int r = rc[k + j * NCODES];
			ok += r == 0;
			used += r == BS_CODE_USED;
		}
		assert_int_equal(ok, 1);
		assert_int_equal(used, COPIES - 1);
	}
	assert_int_equal(vote_queue_cast(q, f->round, "ABCDEFGHJK", f->choices, "online"),
			 BS_CODE_UNKNOWN);
	assert_int_equal(vote_queue_cast(q, f->round, NULL, f->choices, "papier"), 0);
	assert_int_equal(vote_queue_cast(q, 999999, NULL, f->choices, "papier"), BS_NOT_FOUND);
	vote_queue_free(q);
	assert_int_equal(db_fixture_scalar(f->db, "SELECT COUNT(*) FROM budget_ballots"), NCODES + 1);
	assert_int_equal(db_fixture_scalar(f->db, "SELECT COUNT(*) FROM budget_codes WHERE used = 1"), NCODES);
	assert_int_equal(db_fixture_scalar(f->db, "SELECT SUM(ballots) FROM budget_ballot_counts"), NCODES + 1);
	free(rc);
}

static void test_closed_round(void **state)
{
	struct fixture *f = *state;
	struct vote_queue *q = vote_queue_new(f->path);
	assert_non_null(q);
	/* Still in "voorstellen": refused, and the code is not used. */
	assert_int_equal(vote_queue_cast(q, f->round, f->codes[0], f->choices, "online"), BS_CLOSED);
	open_voting(f);
	assert_int_equal(vote_queue_cast(q, f->round, f->codes[0], f->choices, "online"), 0);
	assert_int_equal(bs_round_advance(f->db, f->round), 0); /* uitslag */
	assert_int_equal(vote_queue_cast(q, f->round, f->codes[1], f->choices, "online"), BS_CLOSED);
	vote_queue_free(q);
	assert_int_equal(db_fixture_scalar(f->db, "SELECT COUNT(*) FROM budget_codes WHERE used = 1"), 1);
	assert_int_equal(db_fixture_scalar(f->db, "SELECT COUNT(*) FROM budget_ballots"), 1);
}

/* Casts with choices NULL, which the database refuses (NOT NULL). */
struct bad_caster {
	struct vote_queue *q;
	const struct fixture *f;
	int rc;
};

static void *cast_bad(void *arg)
{
	struct bad_caster *b = arg;
	b->rc = vote_queue_cast(b->q, b->f->round, b->f->codes[0], NULL, "online");
	return NULL;
}

static void test_bad_ballot_fails_alone(void **state)
{
	struct fixture *f = *state;
	open_voting(f);
	struct vote_queue *q = vote_queue_new(f->path);
	assert_non_null(q);
	int *rc = calloc(NCODES * COPIES, sizeof *rc);
	/* Good votes for codes 1.. from several threads, one bad vote among them
	 * (code 0, which no good vote uses), so it most likely shares a batch
	 * with good ones. */
	struct bad_caster bad = {q, f, 0};
	pthread_t th[NTHREADS], tb;
	struct caster c[NTHREADS];
	for (int t = 0; t < NTHREADS; t++) {
		c[t] = (struct caster){q, f, t, NTHREADS, true, rc};
		assert_int_equal(pthread_create(&th[t], NULL, cast_many, &c[t]), 0);
	}
	assert_int_equal(pthread_create(&tb, NULL, cast_bad, &bad), 0);
	for (int t = 0; t < NTHREADS; t++)
		pthread_join(th[t], NULL);
	pthread_join(tb, NULL);
	vote_queue_free(q);
	assert_true(bad.rc < 0);
	/* Codes 1..NCODES-1 counted once each; code 0 stays unused: the failed
	 * ballot's code was not burnt. */
	int accepted = 0;
	for (int i = 0; i < NCODES * COPIES; i++)
		accepted += i % NCODES != 0 && rc[i] == 0;
	assert_int_equal(accepted, NCODES - 1);
	assert_int_equal(db_fixture_scalar(f->db, "SELECT COUNT(*) FROM budget_ballots"), NCODES - 1);
	assert_int_equal(db_fixture_scalar(f->db, "SELECT COUNT(*) FROM budget_codes WHERE used = 1"), NCODES - 1);
	free(rc);
}

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Another connection holds the write lock for longer than the busy timeout
 * (5 s): the vote fails once, after one timeout, and its code stays unused;
 * once the lock is gone the same code is counted. */
static void test_database_busy(void **state)
{
	struct fixture *f = *state;
	open_voting(f);
	struct vote_queue *q = vote_queue_new(f->path);
	assert_non_null(q);
	assert_int_equal(db_begin(f->db), DB_OK);
	double t0 = now_s();
	int rc = vote_queue_cast(q, f->round, f->codes[0], f->choices, "online");
	double waited = now_s() - t0;
	assert_true(rc < 0);
	assert_true(waited > 4.0 && waited < 8.0);
	assert_int_equal(db_commit(f->db), DB_OK);
	assert_int_equal(vote_queue_cast(q, f->round, f->codes[0], f->choices, "online"), 0);
	vote_queue_free(q);
	assert_int_equal(db_fixture_scalar(f->db, "SELECT COUNT(*) FROM budget_ballots"), 1);
}

/* The title of the round's only project, through the queue's ballot copy. */
static const char *spec_title(struct vote_queue *q, struct fixture *f, const char **phase)
{
	struct bs_round rd;
	struct bs_project *pr;
	size_t np;
	assert_int_equal(vote_queue_ballot_spec(q, f->db, f->a, f->round, &rd, &pr, &np), 0);
	assert_int_equal(rd.id, f->round);
	assert_int_equal(rd.amount, 100);
	assert_string_equal(rd.ballot, "approval");
	assert_int_equal(np, 1);
	assert_int_equal(pr[0].cost, 50);
	*phase = rd.phase;
	return pr[0].title;
}

/* A round open for voting is kept for VOTE_SPEC_TTL_MS; other phases are
 * always read; a vote refused because the round closed drops the copy. */
static void test_ballot_spec(void **state)
{
	struct fixture *f = *state;
	struct vote_queue *q = vote_queue_new(f->path);
	assert_non_null(q);
	const char *phase;
	assert_string_equal(spec_title(q, f, &phase), "Bankje");
	assert_string_equal(phase, "voorstellen");
	db_exec(f->db, "UPDATE budget_projects SET title = 'Bank'");
	assert_string_equal(spec_title(q, f, &phase), "Bank"); /* not kept: not open */
	open_voting(f);
	assert_string_equal(spec_title(q, f, &phase), "Bank");
	assert_string_equal(phase, "stemmen");
	db_exec(f->db, "UPDATE budget_projects SET title = 'Bankjes'");
	assert_string_equal(spec_title(q, f, &phase), "Bank"); /* kept */
	struct timespec pause = {.tv_sec = VOTE_SPEC_TTL_MS / 1000, .tv_nsec = 200000000};
	nanosleep(&pause, NULL);
	assert_string_equal(spec_title(q, f, &phase), "Bankjes"); /* read again */
	assert_int_equal(bs_round_advance(f->db, f->round), 0); /* closed */
	spec_title(q, f, &phase);
	assert_string_equal(phase, "stemmen"); /* the kept copy, still young */
	assert_int_equal(vote_queue_cast(q, f->round, f->codes[0], f->choices, "online"), BS_CLOSED);
	spec_title(q, f, &phase);
	assert_string_equal(phase, "uitslag"); /* dropped by the refused vote */
	vote_queue_free(q);
}

static void test_free_empty(void **state)
{
	struct fixture *f = *state;
	vote_queue_free(NULL);
	struct vote_queue *q = vote_queue_new(f->path);
	assert_non_null(q);
	vote_queue_free(q); /* nothing queued: the thread stops at once */
	assert_null(vote_queue_new("/nonexistent-dir/x/y.db"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_racing_duplicates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_closed_round, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_ballot_fails_alone, setup, teardown),
		cmocka_unit_test_setup_teardown(test_database_busy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ballot_spec, setup, teardown),
		cmocka_unit_test_setup_teardown(test_free_empty, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
