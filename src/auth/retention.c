/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * retention.c (auth): retention rules for staff data (src/retention.c).
 * Expired sessions and old failed-login records are also pruned when someone
 * logs in or fails to; these rules make sure they go even when nobody does.
 * A deactivated account is kept AUTH_DEACTIVATED_DAYS days (a beheerder may
 * need to see who it was, or let the person back in), then deleted with its
 * sessions (cascade).
 */
#include "auth/auth.h"
#include "db/db.h"

/* Runs one DELETE with the bound time; returns rows deleted or -1. */
static long delete_before(struct db *db, const char *sql, long long t)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return -1;
	db_bind_int(st, 1, t);
	int rc = db_step(st);
	db_done(st);
	return rc == DB_DONE ? db_changes(db) : -1;
}

long auth_purge_sessions(struct db *db, long long now)
{
	return delete_before(db, "DELETE FROM sessions WHERE expires_at <= ?", now);
}

long auth_purge_login_attempts(struct db *db, long long now)
{
	return delete_before(db, "DELETE FROM login_attempts WHERE at <= ?",
			     now - LOGIN_WINDOW_SECONDS);
}

long auth_purge_users(struct db *db, long long now)
{
	return delete_before(db,
			     "DELETE FROM users WHERE active = 0 AND deactivated_at IS NOT NULL AND "
			     "deactivated_at < datetime(?, 'unixepoch')",
			     now - AUTH_DEACTIVATED_DAYS * 86400LL);
}
