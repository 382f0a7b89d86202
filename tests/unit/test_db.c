/* SPDX-License-Identifier: EUPL-1.2 */
/* test_db.c: the SQLite layer (db/sqlite.c, db/migrations.c): connection
 * settings, the statement cache, binding and columns, BEGIN IMMEDIATE and
 * rollback, migration from an empty database and from every earlier schema
 * version, the online backup, and the connection pool. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "db/db.h"
#include "util/mem.h"

struct fixture {
	char dir[64];
	char path[128];
	struct db *db;
};

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/wb-test-db-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof f->path, "%s/t.db", f->dir);
	if (db_open(f->path, &f->db) != DB_OK)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	db_close(f->db);
	/* Remove whatever the tests made in the directory. */
	const char *names[] = {"t.db", "t.db-wal", "t.db-shm", "copy.db", "copy.db-wal", "copy.db-shm",
			       "v.db", "v.db-wal", "v.db-shm", "ref.db", "ref.db-wal", "ref.db-shm"};
	char p[192];
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		snprintf(p, sizeof p, "%s/%s", f->dir, names[i]);
		unlink(p);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

/* Runs a one-value query and returns its integer (or -1). */
static long long scalar(struct db *db, const char *sql)
{
	struct db_stmt *st = db_prepare(db, sql);
	long long v = db_step(st) == DB_ROW ? db_col_int(st, 0) : -1;
	db_done(st);
	return v;
}

static void test_open_sets_wal_and_foreign_keys(void **state)
{
	struct fixture *f = *state;
	struct db_stmt *st = db_prepare(f->db, "PRAGMA journal_mode");
	assert_int_equal(db_step(st), DB_ROW);
	assert_string_equal(db_col_text(st, 0), "wal");
	db_done(st);
	assert_int_equal(scalar(f->db, "PRAGMA foreign_keys"), 1);
	assert_int_equal(scalar(f->db, "PRAGMA synchronous"), 1); /* NORMAL */
	assert_int_equal(db_version(f->db), 0);
}

static void test_open_bad_path_fails(void **state)
{
	struct db *db = NULL;
	assert_int_equal(db_open("/nonexistent-dir/x/y.db", &db), DB_ERROR);
	assert_null(db);
}

static void test_prepare_cache(void **state)
{
	struct fixture *f = *state;
	static const char sql[] = "SELECT 1";
	char copy[sizeof sql];
	memcpy(copy, sql, sizeof sql);
	struct db_stmt *a = db_prepare(f->db, sql);
	struct db_stmt *b = db_prepare(f->db, sql);
	struct db_stmt *c = db_prepare(f->db, copy); /* equal text, other pointer */
	assert_ptr_equal(a, b);
	assert_ptr_equal(a, c);
	assert_int_equal(db_step(a), DB_ROW);
	db_done(a);
	assert_ptr_not_equal(a, db_prepare(f->db, "SELECT 2"));
}

/* More distinct statements than the cache holds while one statement is in
 * the middle of a query: the running statement keeps working. */
static void test_prepare_cache_eviction_keeps_running_statement(void **state)
{
	struct fixture *f = *state;
	static char sqls[300][32];
	assert_int_equal(db_exec(f->db, "CREATE TABLE t (x INTEGER);"
					"INSERT INTO t VALUES (1),(2),(3);"), DB_OK);
	struct db_stmt *outer = db_prepare(f->db, "SELECT x FROM t ORDER BY x");
	assert_int_equal(db_step(outer), DB_ROW);
	assert_int_equal(db_col_int(outer, 0), 1);
	for (int i = 0; i < 300; i++) {
		snprintf(sqls[i], sizeof sqls[i], "SELECT %d", i);
		struct db_stmt *st = db_prepare(f->db, sqls[i]);
		assert_int_equal(db_step(st), DB_ROW);
		assert_int_equal(db_col_int(st, 0), i);
		db_done(st);
	}
	assert_int_equal(db_step(outer), DB_ROW);
	assert_int_equal(db_col_int(outer, 0), 2);
	assert_int_equal(db_step(outer), DB_ROW);
	assert_int_equal(db_col_int(outer, 0), 3);
	assert_int_equal(db_step(outer), DB_DONE);
	db_done(outer);
	/* Evicted statements are prepared again on demand. */
	struct db_stmt *st = db_prepare(f->db, sqls[0]);
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_int(st, 0), 0);
	db_done(st);
}

static void test_bind_step_columns(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(db_exec(f->db, "CREATE TABLE v (id INTEGER PRIMARY KEY, s TEXT, n INTEGER, d REAL)"),
			 DB_OK);
	struct db_stmt *ins = db_prepare(f->db, "INSERT INTO v (s, n, d) VALUES (?, ?, ?)");
	db_bind_text(ins, 1, "Caf\xc3\xa9 'x' \"y\"; DROP TABLE v;--");
	db_bind_int(ins, 2, 9007199254740993LL);
	db_bind_double(ins, 3, 2.5);
	assert_int_equal(db_step(ins), DB_DONE);
	db_done(ins);
	assert_int_equal(db_last_id(f->db), 1);
	assert_int_equal(db_changes(f->db), 1);
	/* Bindings are cleared by db_done: the next insert binds NULLs. */
	db_bind_text(ins, 1, NULL);
	db_bind_null(ins, 2);
	assert_int_equal(db_step(ins), DB_DONE);
	db_done(ins);
	assert_int_equal(db_last_id(f->db), 2);

	struct db_stmt *sel = db_prepare(f->db, "SELECT id, s, n, d FROM v WHERE id >= ? ORDER BY id");
	db_bind_int(sel, 1, 1);
	assert_int_equal(db_column_count(sel), 4);
	assert_string_equal(db_col_name(sel, 1), "s");
	assert_int_equal(db_step(sel), DB_ROW);
	assert_string_equal(db_col_text(sel, 1), "Caf\xc3\xa9 'x' \"y\"; DROP TABLE v;--");
	assert_true(db_col_int(sel, 2) == 9007199254740993LL);
	assert_true(db_col_double(sel, 3) == 2.5);
	assert_false(db_col_null(sel, 1));
	assert_int_equal(db_step(sel), DB_ROW);
	assert_true(db_col_null(sel, 1));
	assert_string_equal(db_col_text(sel, 1), ""); /* NULL reads as "" */
	assert_true(db_col_null(sel, 2));
	assert_true(db_col_null(sel, 3));
	assert_int_equal(db_step(sel), DB_DONE);
	db_done(sel);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM v"), 2);
}

static void test_constraint_errors(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(db_migrate(f->db), DB_OK);
	struct db_stmt *st = db_prepare(f->db, "INSERT INTO areas (code, name, level) VALUES (?, ?, ?)");
	db_bind_text(st, 1, "GM0141");
	db_bind_text(st, 2, "Almelo");
	db_bind_text(st, 3, "gemeente");
	assert_int_equal(db_step(st), DB_DONE);
	db_done(st);
	/* Duplicate key. */
	db_bind_text(st, 1, "GM0141");
	db_bind_text(st, 2, "Almelo");
	db_bind_text(st, 3, "gemeente");
	assert_int_equal(db_step(st), DB_CONSTRAINT);
	db_done(st);
	/* CHECK constraint. */
	db_bind_text(st, 1, "X1");
	db_bind_text(st, 2, "X");
	db_bind_text(st, 3, "planeet");
	assert_int_equal(db_step(st), DB_CONSTRAINT);
	db_done(st);
	/* Foreign key: only refused when foreign_keys is on for this connection. */
	struct db_stmt *fk = db_prepare(f->db,
		"INSERT INTO areas (code, name, level, parent) VALUES ('WK1', 'W', 'wijk', 'GM9999')");
	assert_int_equal(db_step(fk), DB_CONSTRAINT);
	db_done(fk);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM areas"), 1);
}

static void test_begin_immediate_and_rollback(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(db_exec(f->db, "CREATE TABLE t (x INTEGER)"), DB_OK);
	assert_int_equal(db_begin(f->db), DB_OK);
	assert_int_equal(db_exec(f->db, "INSERT INTO t VALUES (1)"), DB_OK);

	/* BEGIN IMMEDIATE takes the write lock at once: another connection
	 * cannot start a write transaction (a deferred BEGIN would let it). */
	sqlite3 *other = NULL;
	assert_int_equal(sqlite3_open(f->path, &other), SQLITE_OK);
	sqlite3_busy_timeout(other, 0);
	assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_BUSY);
	/* ...but can still read the last committed state (WAL). */
	sqlite3_stmt *q = NULL;
	assert_int_equal(sqlite3_prepare_v2(other, "SELECT count(*) FROM t", -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(q, 0), 0);
	sqlite3_finalize(q);

	db_rollback(f->db);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM t"), 0);
	db_rollback(f->db); /* no transaction: harmless */

	assert_int_equal(db_begin(f->db), DB_OK);
	assert_int_equal(db_exec(f->db, "INSERT INTO t VALUES (2)"), DB_OK);
	assert_int_equal(db_commit(f->db), DB_OK);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM t"), 1);
	assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE; ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(other);
}

/* The schema as text, for comparing two databases. Caller frees. */
static char *schema_of(struct db *db)
{
	struct buf b = BUF_INIT;
	struct db_stmt *st = db_prepare(db, "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master"
					    " ORDER BY type, name");
	while (db_step(st) == DB_ROW)
		buf_printf(&b, "%s|%s|%s|%s\n", db_col_text(st, 0), db_col_text(st, 1),
			   db_col_text(st, 2), db_col_text(st, 3));
	db_done(st);
	return buf_detach(&b);
}

static void test_migrate_from_empty(void **state)
{
	struct fixture *f = *state;
	int latest = db_latest_version();
	assert_true(latest >= 1);
	assert_int_equal(db_migrate(f->db), DB_OK);
	assert_int_equal(db_version(f->db), latest);
	/* Step 1's tables are there. */
	const char *tables[] = {"areas", "area_figures", "users", "sessions", "login_attempts",
				"kaart_items", "kaart_item_themes", "kaart_item_pillars"};
	for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
		struct db_stmt *st = db_prepare(f->db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?");
		db_bind_text(st, 1, tables[i]);
		assert_int_equal(db_step(st), DB_ROW);
		if (db_col_int(st, 0) != 1)
			fail_msg("table %s missing after migration", tables[i]);
		db_done(st);
	}
	/* Migrating again is a no-op. */
	char *before = schema_of(f->db);
	assert_int_equal(db_migrate(f->db), DB_OK);
	char *after = schema_of(f->db);
	assert_string_equal(before, after);
	free(before);
	free(after);
	assert_int_equal(scalar(f->db, "PRAGMA foreign_key_check"), -1); /* no violations: no rows */
	assert_int_equal(scalar(f->db, "PRAGMA integrity_check") , 0);  /* "ok" reads as 0 */
}

static void test_migrate_from_every_earlier_version(void **state)
{
	struct fixture *f = *state;
	int latest = db_latest_version();
	assert_int_equal(db_migrate(f->db), DB_OK);
	char *want = schema_of(f->db);
	char path[192];
	snprintf(path, sizeof path, "%s/v.db", f->dir);
	for (int v = 0; v < latest; v++) {
		unlink(path);
		struct db *db = NULL;
		assert_int_equal(db_open(path, &db), DB_OK);
		assert_int_equal(db_migrate_to(db, v), DB_OK);
		assert_int_equal(db_version(db), v);
		if (v >= 1) {
			/* Data written by the old version survives the upgrade. */
			assert_int_equal(db_exec(db, "INSERT INTO areas (code, name, level) "
						     "VALUES ('GM0141', 'Almelo', 'gemeente')"), DB_OK);
		}
		assert_int_equal(db_migrate(db), DB_OK);
		assert_int_equal(db_version(db), latest);
		char *got = schema_of(db);
		if (strcmp(got, want) != 0)
			fail_msg("schema after migrating from version %d differs:\n%s\n--- want ---\n%s", v, got, want);
		free(got);
		if (v >= 1)
			assert_int_equal(scalar(db, "SELECT count(*) FROM areas WHERE code = 'GM0141'"), 1);
		db_close(db);
		char side[224];
		snprintf(side, sizeof side, "%s-wal", path);
		unlink(side);
		snprintf(side, sizeof side, "%s-shm", path);
		unlink(side);
	}
	free(want);
}

static void test_migrate_refuses_newer_schema(void **state)
{
	struct fixture *f = *state;
	char pragma[64];
	snprintf(pragma, sizeof pragma, "PRAGMA user_version=%d", db_latest_version() + 1);
	assert_int_equal(db_exec(f->db, pragma), DB_OK);
	assert_int_equal(db_migrate(f->db), DB_ERROR);
	assert_int_equal(db_version(f->db), db_latest_version() + 1);
	/* A target beyond the known steps is refused as well. */
	assert_int_equal(db_exec(f->db, "PRAGMA user_version=0"), DB_OK);
	assert_int_equal(db_migrate_to(f->db, db_latest_version() + 1), DB_ERROR);
	assert_int_equal(db_version(f->db), 0);
}

static void test_backup_is_readable_copy(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(db_migrate(f->db), DB_OK);
	assert_int_equal(db_begin(f->db), DB_OK);
	struct db_stmt *st = db_prepare(f->db, "INSERT INTO areas (code, name, level) VALUES (?, ?, 'buurt')");
	char code[16];
	for (int i = 0; i < 500; i++) {
		snprintf(code, sizeof code, "BU%08d", i);
		db_bind_text(st, 1, code);
		db_bind_text(st, 2, "Buurt \xc3\xa9\xc3\xa9n");
		assert_int_equal(db_step(st), DB_DONE);
		db_done(st);
	}
	assert_int_equal(db_commit(f->db), DB_OK);

	/* A second connection is reading while the backup runs. */
	struct db *reader = NULL;
	assert_int_equal(db_open(f->path, &reader), DB_OK);
	struct db_stmt *rs = db_prepare(reader, "SELECT code FROM areas");
	assert_int_equal(db_step(rs), DB_ROW);

	char dest[192];
	snprintf(dest, sizeof dest, "%s/copy.db", f->dir);
	assert_int_equal(db_backup(f->db, dest), DB_OK);
	db_done(rs);
	db_close(reader);

	struct db *copy = NULL;
	assert_int_equal(db_open(dest, &copy), DB_OK);
	assert_int_equal(db_version(copy), db_latest_version());
	assert_int_equal(scalar(copy, "SELECT count(*) FROM areas"), 500);
	struct db_stmt *one = db_prepare(copy, "SELECT name FROM areas WHERE code = 'BU00000499'");
	assert_int_equal(db_step(one), DB_ROW);
	assert_string_equal(db_col_text(one, 0), "Buurt \xc3\xa9\xc3\xa9n");
	db_done(one);
	char *a = schema_of(f->db), *b = schema_of(copy);
	assert_string_equal(a, b);
	free(a);
	free(b);
	db_close(copy);

	/* Backing up onto a path that cannot be written fails cleanly. */
	assert_int_equal(db_backup(f->db, "/nonexistent-dir/x/copy.db"), DB_ERROR);
}

static void test_pool(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(db_migrate(f->db), DB_OK);
	struct db_pool *p = db_pool_new(f->path, 2);
	assert_non_null(p);
	struct db *a = db_pool_get(p), *b = db_pool_get(p);
	assert_ptr_not_equal(a, b);
	/* A connection handed back with an open transaction is rolled back. */
	assert_int_equal(db_begin(a), DB_OK);
	assert_int_equal(db_exec(a, "INSERT INTO login_attempts (key, at) VALUES ('k', 1)"), DB_OK);
	db_pool_put(p, a);
	assert_int_equal(scalar(b, "SELECT count(*) FROM login_attempts"), 0);
	assert_int_equal(db_begin(b), DB_OK); /* the write lock was released */
	db_rollback(b);
	db_pool_put(p, b);
	struct db *c = db_pool_get(p);
	assert_true(c == a || c == b);
	db_pool_put(p, c);
	db_pool_free(p);
	assert_null(db_pool_new("/nonexistent-dir/x/y.db", 2));
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_open_sets_wal_and_foreign_keys),
		T(test_open_bad_path_fails),
		T(test_prepare_cache),
		T(test_prepare_cache_eviction_keeps_running_statement),
		T(test_bind_step_columns),
		T(test_constraint_errors),
		T(test_begin_immediate_and_rollback),
		T(test_migrate_from_empty),
		T(test_migrate_from_every_earlier_version),
		T(test_migrate_refuses_newer_schema),
		T(test_backup_is_readable_copy),
		T(test_pool),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
