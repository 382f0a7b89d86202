/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ratelimit.c: failed-login counting in table login_attempts (see auth.h).
 * One row per failure and key: 'user:<email in lower case>' and
 * 'addr:<remote address>'. Unknown emails are counted like real ones, so the
 * limit does not tell an attacker which accounts exist.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "db/db.h"
#include "util/mem.h"

/* Builds "user:<email lower case>" into a malloc'd string the caller frees. */
static char *user_key(const char *email)
{
	size_t n = strlen(email);
	char *k = xmalloc(n + 6);
	memcpy(k, "user:", 5);
	for (size_t i = 0; i < n; i++)
		k[5 + i] = (char)tolower((unsigned char)email[i]);
	k[5 + n] = '\0';
	return k;
}

static char *addr_key(const char *addr)
{
	size_t n = strlen(addr);
	char *k = xmalloc(n + 6);
	memcpy(k, "addr:", 5);
	memcpy(k + 5, addr, n + 1);
	return k;
}

/* Failures recorded for key after since. */
static long long count_since(struct db *db, const char *key, long long since)
{
	struct db_stmt *st =
		db_prepare(db, "SELECT count(*) FROM login_attempts WHERE key = ? AND at > ?");
	db_bind_text(st, 1, key);
	db_bind_int(st, 2, since);
	long long n = db_step(st) == DB_ROW ? db_col_int(st, 0) : 0;
	db_done(st);
	return n;
}

bool auth_login_blocked(struct db *db, const char *email, const char *addr, long long now)
{
	long long since = now - LOGIN_WINDOW_SECONDS;
	char *uk = user_key(email ? email : "");
	char *ak = addr_key(addr ? addr : "unknown");
	bool blocked = count_since(db, uk, since) >= LOGIN_MAX_PER_ACCOUNT ||
		       count_since(db, ak, since) >= LOGIN_MAX_PER_ADDR;
	free(uk);
	free(ak);
	return blocked;
}

static int insert_attempt(struct db *db, const char *key, long long now)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO login_attempts (key, at) VALUES (?, ?)");
	db_bind_text(st, 1, key);
	db_bind_int(st, 2, now);
	int rc = db_step(st);
	db_done(st);
	return rc;
}

int auth_login_failed(struct db *db, const char *email, const char *addr, long long now)
{
	char *uk = user_key(email ? email : "");
	char *ak = addr_key(addr ? addr : "unknown");
	int rc = DB_ERROR;
	if (db_begin(db) == DB_OK) {
		struct db_stmt *st = db_prepare(db, "DELETE FROM login_attempts WHERE at <= ?");
		db_bind_int(st, 1, now - LOGIN_WINDOW_SECONDS);
		db_step(st);
		db_done(st);
		if (insert_attempt(db, uk, now) == DB_DONE && insert_attempt(db, ak, now) == DB_DONE &&
		    db_commit(db) == DB_OK)
			rc = DB_OK;
		else
			db_rollback(db);
	}
	free(uk);
	free(ak);
	return rc;
}

void auth_login_clear(struct db *db, const char *email)
{
	char *uk = user_key(email ? email : "");
	struct db_stmt *st = db_prepare(db, "DELETE FROM login_attempts WHERE key = ?");
	db_bind_text(st, 1, uk);
	db_step(st);
	db_done(st);
	free(uk);
}
