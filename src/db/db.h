/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * db.h: the thin database interface every module uses. SQLite is the one
 * driver today; the interface is kept small (prepare, bind, step, column,
 * transaction) so a PostgreSQL driver can implement the same calls later.
 *
 * Rules that callers rely on:
 *   - SQL is always a string literal with '?' placeholders; values are bound,
 *     never formatted into SQL.
 *   - db_prepare() returns a cached statement owned by the connection; the
 *     caller must call db_done() (reset + clear bindings) when finished.
 *   - Writes happen between db_begin() (BEGIN IMMEDIATE) and db_commit().
 *   - A connection is used by one thread at a time: take one from the pool
 *     with db_pool_get() and give it back with db_pool_put().
 */
#ifndef WB_DB_DB_H
#define WB_DB_DB_H

#include <stdbool.h>
#include <stddef.h>

struct db;
struct db_stmt;
struct db_pool;
struct arena;

enum { DB_OK = 0, DB_ROW = 1, DB_DONE = 2, DB_ERROR = -1, DB_CONSTRAINT = -2, DB_BUSY = -3 };

/* Opens (creating if needed) the database file, sets WAL, synchronous=NORMAL,
 * foreign_keys=ON and a busy timeout. Does not migrate. */
int db_open(const char *path, struct db **out);
void db_close(struct db *db);
const char *db_errmsg(struct db *db);

/* Runs static SQL (no parameters, may hold several statements). */
int db_exec(struct db *db, const char *sql);

struct db_stmt *db_prepare(struct db *db, const char *sql);
void db_bind_text(struct db_stmt *st, int idx, const char *s);  /* NULL binds NULL */
void db_bind_int(struct db_stmt *st, int idx, long long v);
void db_bind_double(struct db_stmt *st, int idx, double v);
void db_bind_null(struct db_stmt *st, int idx);
int db_step(struct db_stmt *st); /* DB_ROW, DB_DONE or an error */
void db_done(struct db_stmt *st);
int db_column_count(struct db_stmt *st);
const char *db_col_name(struct db_stmt *st, int i);
/* Text of column i, "" for NULL; valid until the next step/db_done. */
const char *db_col_text(struct db_stmt *st, int i);
bool db_col_null(struct db_stmt *st, int i);
/* Copy of the text of column i ("" for NULL), owned by the arena. */
char *db_col_dup(struct db_stmt *st, int i, struct arena *a);
long long db_col_int(struct db_stmt *st, int i);
double db_col_double(struct db_stmt *st, int i);
long long db_last_id(struct db *db);
int db_changes(struct db *db);

int db_begin(struct db *db); /* BEGIN IMMEDIATE */
int db_commit(struct db *db);
void db_rollback(struct db *db);

/* Schema version (PRAGMA user_version) and migration to the newest version;
 * each step runs in its own transaction. */
int db_version(struct db *db);
int db_latest_version(void);
int db_migrate(struct db *db);
int db_migrate_to(struct db *db, int version);

/* Online, consistent copy of a live database to dest (SQLite backup API). */
int db_backup(struct db *db, const char *dest_path);

/* Pool of connections to one file for the threaded server. */
struct db_pool *db_pool_new(const char *path, int size);
void db_pool_free(struct db_pool *p);
struct db *db_pool_get(struct db_pool *p);
void db_pool_put(struct db_pool *p, struct db *db);

#endif
