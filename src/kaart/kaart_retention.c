/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * kaart_retention.c: the sociale kaart's retention rule (src/retention.c).
 * A rejected suggestion may hold a resident's name or phone number in
 * `contact`; staff may want to look back at a rejection for a while, so it
 * is kept for KAART_REJECTED_MONTHS months after the rejection, then deleted
 * (with its themes and pillars, by cascade, and its search entry, by trigger).
 */
#include "kaart/kaart.h"

#include "db/db.h"

long kaart_purge_rejected(struct db *db, long long now)
{
	if (db_begin(db) != DB_OK)
		return -1;
	struct db_stmt *st = db_prepare(
		db, "DELETE FROM kaart_items WHERE status = 'rejected' AND updated_at < "
		    "datetime(?, 'unixepoch', '-" KAART_REJECTED_MONTHS_SQL " months')");
	if (!st) {
		db_rollback(db);
		return -1;
	}
	db_bind_int(st, 1, now);
	int rc = db_step(st);
	db_done(st);
	long n = rc == DB_DONE ? db_changes(db) : -1;
	if (n < 0 || db_commit(db) != DB_OK) {
		db_rollback(db);
		return -1;
	}
	return n;
}
