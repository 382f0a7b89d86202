/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * fixture.h: the temporary-database fixture the unit tests share. A test
 * group with `cmocka_run_group_tests(tests, NULL, NULL)` and
 * `cmocka_unit_test_setup_teardown(t, db_fixture_setup, db_fixture_teardown)`
 * gets a fresh, migrated SQLite database in its own temporary directory
 * (under $TMPDIR) as `struct db_fixture *f = *state`; teardown closes it and
 * removes the directory with everything the test wrote into it.
 * Header-only (static inline functions) so each test binary stays one file.
 */
#ifndef WB_TESTS_FIXTURE_H
#define WB_TESTS_FIXTURE_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/db.h"

struct db_fixture {
	char dir[256];
	char db_path[300];
	struct db *db;
};

static inline int db_fixture_setup(void **state)
{
	struct db_fixture *f = calloc(1, sizeof *f);
	const char *tmp = getenv("TMPDIR");
	snprintf(f->dir, sizeof f->dir, "%s/wb-test-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(f->dir)) {
		free(f);
		return -1;
	}
	snprintf(f->db_path, sizeof f->db_path, "%s/t.db", f->dir);
	if (db_open(f->db_path, &f->db) != DB_OK || db_migrate(f->db) != DB_OK) {
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static inline int db_fixture_teardown(void **state)
{
	struct db_fixture *f = *state;
	db_close(f->db);
	DIR *d = opendir(f->dir);
	for (struct dirent *e; d && (e = readdir(d));) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char p[600];
		snprintf(p, sizeof p, "%s/%s", f->dir, e->d_name);
		unlink(p);
	}
	if (d)
		closedir(d);
	rmdir(f->dir);
	free(f);
	return 0;
}

/* Runs a one-value query (literal SQL) and returns its integer, or -1. */
static inline long long db_fixture_scalar(struct db *db, const char *sql)
{
	struct db_stmt *st = db_prepare(db, sql);
	long long v = st && db_step(st) == DB_ROW ? db_col_int(st, 0) : -1;
	if (st)
		db_done(st);
	return v;
}

#endif
