/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * retention.c: the retention rules and the runner of serve (see retention.h).
 */
#include "retention.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

#include "auth/auth.h"
#include "db/db.h"
#include "kaart/kaart.h"
#include "panel/panel_store.h"
#include "util/log.h"
#include "util/mem.h"

/* Panel pools are deleted the day after the panel's end date. */
static long purge_panel_pools(struct db *db, long long now)
{
	char today[16];
	time_t t = (time_t)now;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(today, sizeof today, "%Y-%m-%d", &tm);
	long total = 0;
	int n;
	/* ps_expire deletes at most 100 pools per call. */
	while ((n = ps_expire(db, today)) > 0)
		total += n;
	return n < 0 ? n : total;
}

const struct retention_rule retention_rules[] = {
	{"expired staff sessions", auth_purge_sessions},
	{"failed logins older than the login window", auth_purge_login_attempts},
	{"staff accounts deactivated more than a year ago", auth_purge_users},
	{"rejected kaart suggestions older than 3 months", kaart_purge_rejected},
	{"panel pools after the panel's end date", purge_panel_pools},
};
const int retention_rules_count = sizeof retention_rules / sizeof retention_rules[0];

int retention_run(struct db *db, long long now, FILE *report)
{
	int rc = 0;
	for (int i = 0; i < retention_rules_count; i++) {
		long n = retention_rules[i].purge(db, now);
		if (n < 0) {
			log_error("retention", "failed: %s", retention_rules[i].what);
			rc = -1;
		} else if (n > 0) {
			log_info("retention", "deleted %ld: %s", n, retention_rules[i].what);
		}
		if (report)
			fprintf(report, "%ld\t%s\n", n < 0 ? 0 : n, retention_rules[i].what);
	}
	return rc;
}

struct retention_worker {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stop;
	int interval;
	struct db *db;
};

static void *worker_main(void *arg)
{
	struct retention_worker *w = arg;
	pthread_mutex_lock(&w->lock);
	while (!w->stop) {
		pthread_mutex_unlock(&w->lock);
		retention_run(w->db, (long long)time(NULL), NULL);
		pthread_mutex_lock(&w->lock);
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += w->interval;
		while (!w->stop && pthread_cond_timedwait(&w->wake, &w->lock, &until) == 0)
			; /* woken without stop: spurious; wait on */
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

struct retention_worker *retention_start(const char *db_path, int interval)
{
	struct db *db = NULL;
	if (db_open(db_path, &db) != DB_OK)
		return NULL;
	struct retention_worker *w = xmalloc(sizeof *w);
	*w = (struct retention_worker){.interval = interval > 0 ? interval : RETENTION_INTERVAL, .db = db};
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->wake, NULL);
	if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
		db_close(db);
		free(w);
		return NULL;
	}
	return w;
}

void retention_stop(struct retention_worker *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->lock);
	w->stop = true;
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	pthread_cond_destroy(&w->wake);
	pthread_mutex_destroy(&w->lock);
	db_close(w->db);
	free(w);
}
