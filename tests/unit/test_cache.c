/* SPDX-License-Identifier: EUPL-1.2 */
/* test_cache.c: the anonymous response cache (http/cache.c): put and get,
 * replacement, eviction by entries and by bytes, the generation check that
 * refuses pages read before a drop, and invalidation when another connection
 * writes the database (PRAGMA data_version), and that an answer marked
 * private is never stored. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "db/db.h"
#include "http/cache.h"
#include "http/http.h"
#include "util/mem.h"

struct fixture {
	char dir[64];
	char path[128];
	struct db *writer; /* a second connection, like another process */
	struct cache *c;   /* the cache under test, made by each test */
};

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/wb-test-cache-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof f->path, "%s/t.db", f->dir);
	if (db_open(f->path, &f->writer) != DB_OK ||
	    db_exec(f->writer, "CREATE TABLE t (x INTEGER)") != DB_OK)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	cache_free(f->c);
	db_close(f->writer);
	char cmd[160];
	snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

static void put(struct cache *c, unsigned long gen, const char *key, const char *body)
{
	cache_put(c, gen, key, body, strlen(body), "text/html; charset=utf-8", NULL, NULL, 0);
}

static void assert_cached(struct cache *c, const char *key, const char *body)
{
	struct cache_entry *e = cache_get(c, key);
	assert_non_null(e);
	assert_int_equal(e->body_len, strlen(body));
	assert_memory_equal(e->body, body, strlen(body));
	assert_string_equal(e->content_type, "text/html; charset=utf-8");
	cache_release(e);
}

static void test_put_get(void **state)
{
	struct fixture *f = *state;
	f->c = cache_new(f->path, 0, 0);
	assert_non_null(f->c);
	struct cache *c = f->c;
		unsigned long gen = cache_check_version(c);
	assert_null(cache_get(c, "GET /a\n\nnl"));
	put(c, gen, "GET /a\n\nnl", "<p>a</p>");
	put(c, gen, "GET /a\n\nen", "<p>a en</p>");
	assert_cached(c, "GET /a\n\nnl", "<p>a</p>");
	assert_cached(c, "GET /a\n\nen", "<p>a en</p>");
	/* A reader keeps its entry alive while the key is replaced. */
	struct cache_entry *held = cache_get(c, "GET /a\n\nnl");
	put(c, gen, "GET /a\n\nnl", "<p>new</p>");
	assert_string_equal(held->body, "<p>a</p>");
	cache_release(held);
	assert_cached(c, "GET /a\n\nnl", "<p>new</p>");
	assert_int_equal(cache_count(c), 2);

	const char *names[] = {"Content-Disposition"}, *values[] = {"attachment; filename=x.csv"};
	cache_put(c, gen, "GET /x.csv\n\nnl", "a,b\r\n", 5, "text/csv", names, values, 1);
	struct cache_entry *e = cache_get(c, "GET /x.csv\n\nnl");
	assert_non_null(e);
	assert_int_equal(e->nheaders, 1);
	assert_string_equal(e->header_names[0], "Content-Disposition");
	assert_string_equal(e->header_values[0], "attachment; filename=x.csv");
	cache_release(e);
}

static void test_eviction(void **state)
{
	struct fixture *f = *state;
	f->c = cache_new(f->path, 64 * 1024, 4);
	assert_non_null(f->c);
	struct cache *c = f->c;
	unsigned long gen = cache_check_version(c);
	char key[32];
	for (int i = 0; i < 6; i++) {
		snprintf(key, sizeof key, "GET /p%d", i);
		put(c, gen, key, "body");
	}
	/* Four entries at most; the oldest two went. */
	assert_int_equal(cache_count(c), 4);
	assert_null(cache_get(c, "GET /p0"));
	assert_null(cache_get(c, "GET /p1"));
	assert_cached(c, "GET /p5", "body");

	/* Bytes: each 6 KB body is stored; more than 64 KB in total is not. */
	char *big = xcalloc(1, 6001);
	memset(big, 'x', 6000);
	for (int i = 0; i < 4; i++) {
		snprintf(key, sizeof key, "GET /big%d", i);
		put(c, gen, key, big);
	}
	assert_true(cache_bytes(c) <= 64 * 1024);
	assert_int_equal(cache_count(c), 4);
	/* Larger than an eighth of the bound: never stored. */
	char *huge = xcalloc(1, 9001);
	memset(huge, 'y', 9000);
	put(c, gen, "GET /huge", huge);
	assert_null(cache_get(c, "GET /huge"));
	free(big);
	free(huge);
}

static void test_invalidation(void **state)
{
	struct fixture *f = *state;
	f->c = cache_new(f->path, 0, 0);
	assert_non_null(f->c);
	struct cache *c = f->c;
	unsigned long gen = cache_check_version(c);
	put(c, gen, "GET /kaart\n\nnl", "old list");
	assert_int_equal(cache_check_version(c), gen); /* nothing written */
	assert_cached(c, "GET /kaart\n\nnl", "old list");

	/* Another connection commits: the next check drops everything. */
	assert_int_equal(db_exec(f->writer, "INSERT INTO t VALUES (1)"), DB_OK);
	unsigned long gen2 = cache_check_version(c);
	assert_true(gen2 != gen);
	assert_null(cache_get(c, "GET /kaart\n\nnl"));
	assert_int_equal(cache_count(c), 0);

	/* A page read before the drop (old generation) is not stored. */
	put(c, gen, "GET /kaart\n\nnl", "stale list");
	assert_null(cache_get(c, "GET /kaart\n\nnl"));
	put(c, gen2, "GET /kaart\n\nnl", "new list");
	assert_cached(c, "GET /kaart\n\nnl", "new list");
}

/* cache_store_response keeps a plain answer, and never one marked with
 * resp_private (a person's own data behind a private link). */
static void test_private_answer_is_not_stored(void **state)
{
	struct fixture *f = *state;
	f->c = cache_new(f->path, 0, 0);
	unsigned long gen = cache_check_version(f->c);
	struct app app = {.cache = f->c};
	struct arena *a = arena_new();
	struct req r = {.arena = a, .app = &app, .content_type = "text/html; charset=utf-8"};
	buf_puts(&r.out, "<p>public</p>");
	cache_store_response(&r, gen, "GET /public\n\nnl", 200, 0);
	assert_cached(f->c, "GET /public\n\nnl", "<p>public</p>");
	resp_private(&r);
	cache_store_response(&r, gen, "GET /mine\n\nnl", 200, 0);
	assert_null(cache_get(f->c, "GET /mine\n\nnl"));
	buf_free(&r.out);
	arena_free(a);
}

static void test_unopenable_database_gives_no_cache(void **state)
{
	/* The server then runs without a cache (app->cache == NULL). */
	assert_null(cache_new("/nonexistent/dir/x.db", 0, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_put_get, setup, teardown),
		cmocka_unit_test_setup_teardown(test_eviction, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invalidation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_private_answer_is_not_stored, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unopenable_database_gives_no_cache, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
