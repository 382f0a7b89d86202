/* SPDX-License-Identifier: EUPL-1.2 */
/* sqlite.c: the SQLite driver behind db.h. */
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "db/fts_dutch.h"
#include "util/log.h"
#include "util/mem.h"

/* Statement cache: keyed by the SQL text pointer first (literals are unique
 * per call site), falling back to strcmp so equal SQL from two sites shares. */
#define STMT_CACHE 128

struct db_stmt {
	sqlite3_stmt *st;
	const char *sql;
	struct db *db;
	unsigned long last_use; /* for eviction: least recently prepared goes first */
};

struct db {
	sqlite3 *h;
	struct db_stmt cache[STMT_CACHE];
	int ncache;
	unsigned long uses;
};

int db_open(const char *path, struct db **out)
{
	sqlite3 *h = NULL;
	int rc = sqlite3_open_v2(path, &h,
				 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
				 NULL);
	if (rc != SQLITE_OK) {
		log_error("db", "cannot open %s: %s", path, h ? sqlite3_errmsg(h) : "out of memory");
		sqlite3_close(h);
		return DB_ERROR;
	}
	fts_dutch_register(h); /* the sociale kaart's Dutch search (kaart_fts) */
	sqlite3_busy_timeout(h, 5000);
	struct db *db = xcalloc(1, sizeof *db);
	db->h = h;
	if (db_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
			"PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;") != DB_OK) {
		db_close(db);
		return DB_ERROR;
	}
	*out = db;
	return DB_OK;
}

void db_close(struct db *db)
{
	if (!db)
		return;
	for (int i = 0; i < db->ncache; i++)
		sqlite3_finalize(db->cache[i].st);
	sqlite3_close(db->h);
	free(db);
}

const char *db_errmsg(struct db *db) { return sqlite3_errmsg(db->h); }

static int map_rc(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK: return DB_OK;
	case SQLITE_ROW: return DB_ROW;
	case SQLITE_DONE: return DB_DONE;
	case SQLITE_CONSTRAINT: return DB_CONSTRAINT;
	case SQLITE_BUSY:
	case SQLITE_LOCKED: return DB_BUSY;
	default: return DB_ERROR;
	}
}

int db_exec(struct db *db, const char *sql)
{
	char *err = NULL;
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, &err);
	if (rc != SQLITE_OK) {
		log_error("db", "exec failed: %s", err ? err : sqlite3_errstr(rc));
		sqlite3_free(err);
	}
	return map_rc(rc);
}

struct db_stmt *db_prepare(struct db *db, const char *sql)
{
	for (int i = 0; i < db->ncache; i++)
		if (db->cache[i].sql == sql) {
			db->cache[i].last_use = ++db->uses;
			return &db->cache[i];
		}
	for (int i = 0; i < db->ncache; i++)
		if (strcmp(db->cache[i].sql, sql) == 0) {
			db->cache[i].last_use = ++db->uses;
			return &db->cache[i];
		}
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
	if (rc != SQLITE_OK) {
		/* A bad literal SQL string is a programming error caught by tests. */
		log_error("db", "prepare failed: %s in: %s", sqlite3_errmsg(db->h), sql);
		abort();
	}
	struct db_stmt *s;
	if (db->ncache < STMT_CACHE) {
		s = &db->cache[db->ncache++];
	} else {
		/* Full: reuse the slot of the least recently prepared statement that
		 * is not in the middle of a query. Slots never move, because callers
		 * hold pointers to them (an outer loop's statement stays valid while
		 * the loop body prepares others). */
		s = NULL;
		for (int i = 0; i < STMT_CACHE; i++) {
			struct db_stmt *c = &db->cache[i];
			if (!sqlite3_stmt_busy(c->st) && (!s || c->last_use < s->last_use))
				s = c;
		}
		if (!s) {
			log_error("db", "statement cache full of running statements");
			abort();
		}
		sqlite3_finalize(s->st);
	}
	s->st = st;
	s->sql = sql;
	s->db = db;
	s->last_use = ++db->uses;
	return s;
}

void db_bind_text(struct db_stmt *s, int idx, const char *v)
{
	if (v)
		sqlite3_bind_text(s->st, idx, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s->st, idx);
}

void db_bind_int(struct db_stmt *s, int idx, long long v) { sqlite3_bind_int64(s->st, idx, v); }
void db_bind_double(struct db_stmt *s, int idx, double v) { sqlite3_bind_double(s->st, idx, v); }
void db_bind_null(struct db_stmt *s, int idx) { sqlite3_bind_null(s->st, idx); }

int db_step(struct db_stmt *s)
{
	int rc = sqlite3_step(s->st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE && (rc & 0xff) != SQLITE_CONSTRAINT)
		log_error("db", "step failed: %s", sqlite3_errmsg(s->db->h));
	return map_rc(rc);
}

void db_done(struct db_stmt *s)
{
	sqlite3_reset(s->st);
	sqlite3_clear_bindings(s->st);
}

int db_column_count(struct db_stmt *s) { return sqlite3_column_count(s->st); }
const char *db_col_name(struct db_stmt *s, int i) { return sqlite3_column_name(s->st, i); }

const char *db_col_text(struct db_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s->st, i);
	return t ? (const char *)t : "";
}

char *db_col_dup(struct db_stmt *s, int i, struct arena *a)
{
	return arena_strdup(a, db_col_text(s, i));
}

bool db_col_null(struct db_stmt *s, int i) { return sqlite3_column_type(s->st, i) == SQLITE_NULL; }
long long db_col_int(struct db_stmt *s, int i) { return sqlite3_column_int64(s->st, i); }
double db_col_double(struct db_stmt *s, int i) { return sqlite3_column_double(s->st, i); }
long long db_last_id(struct db *db) { return sqlite3_last_insert_rowid(db->h); }
int db_changes(struct db *db) { return sqlite3_changes(db->h); }

int db_begin(struct db *db) { return db_exec(db, "BEGIN IMMEDIATE"); }
int db_commit(struct db *db) { return db_exec(db, "COMMIT"); }

void db_rollback(struct db *db)
{
	if (!sqlite3_get_autocommit(db->h))
		db_exec(db, "ROLLBACK");
}

int db_version(struct db *db)
{
	struct db_stmt *s = db_prepare(db, "PRAGMA user_version");
	int v = db_step(s) == DB_ROW ? (int)db_col_int(s, 0) : -1;
	db_done(s);
	return v;
}

int db_backup(struct db *db, const char *dest_path)
{
	sqlite3 *dest = NULL;
	if (sqlite3_open(dest_path, &dest) != SQLITE_OK) {
		log_error("db", "backup: cannot open %s", dest_path);
		sqlite3_close(dest);
		return DB_ERROR;
	}
	sqlite3_backup *bk = sqlite3_backup_init(dest, "main", db->h, "main");
	int rc = SQLITE_ERROR;
	if (bk) {
		/* Copy in steps so writers are only briefly held up. */
		do {
			rc = sqlite3_backup_step(bk, 256);
			if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
				sqlite3_sleep(20);
		} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
		sqlite3_backup_finish(bk);
	}
	if (rc != SQLITE_DONE)
		log_error("db", "backup failed: %s", sqlite3_errmsg(dest));
	sqlite3_close(dest);
	return rc == SQLITE_DONE ? DB_OK : DB_ERROR;
}

/* ------------------------------------------------------------------- pool */

struct db_pool {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct db **free;
	int nfree, size;
};

struct db_pool *db_pool_new(const char *path, int size)
{
	struct db_pool *p = xcalloc(1, sizeof *p);
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	p->free = xcalloc((size_t)size, sizeof *p->free);
	p->size = size;
	for (int i = 0; i < size; i++) {
		if (db_open(path, &p->free[i]) != DB_OK) {
			p->nfree = i;
			db_pool_free(p);
			return NULL;
		}
	}
	p->nfree = size;
	return p;
}

void db_pool_free(struct db_pool *p)
{
	if (!p)
		return;
	for (int i = 0; i < p->nfree; i++)
		db_close(p->free[i]);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
	free(p->free);
	free(p);
}

struct db *db_pool_get(struct db_pool *p)
{
	pthread_mutex_lock(&p->mu);
	while (p->nfree == 0)
		pthread_cond_wait(&p->cv, &p->mu);
	struct db *db = p->free[--p->nfree];
	pthread_mutex_unlock(&p->mu);
	return db;
}

void db_pool_put(struct db_pool *p, struct db *db)
{
	db_rollback(db); /* never hand on an open transaction */
	pthread_mutex_lock(&p->mu);
	p->free[p->nfree++] = db;
	pthread_cond_signal(&p->cv);
	pthread_mutex_unlock(&p->mu);
}
