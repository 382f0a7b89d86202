/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * retention.h: deleting personal data on time. The table in retention.c is
 * the single map of what is deleted when (docs/PRIVACY-DESIGN.md describes
 * the same rules for people); each rule is a function of its module.
 *
 * The rules run in two ways: `wijkbasis purge` (for cron, or by hand), and in
 * `wijkbasis serve`, on a thread of its own with its own connection, at start
 * and then every RETENTION_INTERVAL seconds. So data goes on time even when
 * no staff member opens a page.
 */
#ifndef WB_RETENTION_H
#define WB_RETENTION_H

#include <stdio.h>

#define RETENTION_INTERVAL 3600 /* seconds between runs in serve */

struct db;

/* One rule: what it deletes (English, for logs and `purge`), and the
 * function that deletes it. purge returns the number of rows (or people,
 * pools, ...) deleted, or a negative number on a database error; it runs in
 * its own transaction and leaves nothing half done. now is Unix time. */
struct retention_rule {
	const char *what;
	long (*purge)(struct db *db, long long now);
};

extern const struct retention_rule retention_rules[];
extern const int retention_rules_count;

/* Runs every rule once on db. When report is not NULL, writes one line per
 * rule ("<count>\t<what>"). Returns 0, or -1 when any rule failed (the others
 * still ran). */
int retention_run(struct db *db, long long now, FILE *report);

/* The background runner of serve: opens its own connection to db_path and
 * runs retention_run at once and then every interval seconds until
 * retention_stop. Returns NULL when the thread or connection cannot start. */
struct retention_worker;
struct retention_worker *retention_start(const char *db_path, int interval);
/* Stops the worker (waits for a run in progress) and frees it; NULL is fine. */
void retention_stop(struct retention_worker *w);

#endif
