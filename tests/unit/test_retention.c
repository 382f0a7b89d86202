/* SPDX-License-Identifier: EUPL-1.2 */
/* test_retention.c: src/retention.c and the module rules it runs: what is
 * deleted when, what is kept, that a second run deletes nothing more, and
 * that the background runner of serve runs at once and stops cleanly. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "fixture.h"
#include "retention.h"

/* 2027-06-01 12:00:00 UTC */
#define NOW 1811851200LL

static void exec_ok(struct db *db, const char *sql)
{
	assert_int_equal(db_exec(db, sql), DB_OK);
}

/* Rejected 4 months before NOW (goes), rejected 2 months before (stays),
 * pending for a year (stays: not rejected), published (stays). */
static void add_kaart_items(struct db *db)
{
	exec_ok(db,
		"INSERT INTO kaart_items (id, name, kind, contact, status, updated_at) VALUES"
		" (1, 'Oud afgewezen', 'talent', '06-11111111', 'rejected', '2027-02-01 12:00:00'),"
		" (2, 'Net afgewezen', 'talent', '06-22222222', 'rejected', '2027-04-01 12:00:00'),"
		" (3, 'Wacht nog', 'vereniging', '', 'pending', '2026-06-01 12:00:00'),"
		" (4, 'Gepubliceerd', 'vereniging', '', 'published', '2020-01-01 00:00:00');"
		"INSERT INTO kaart_item_themes (item_id, theme) VALUES (1, 'sport'), (2, 'sport');");
}

static void add_panels(struct db *db)
{
	/* Panel 1 ended the day before NOW; panel 2 ends on NOW's day (kept). */
	exec_ok(db,
		"INSERT INTO panel_panels (id, title, size_k, end_date) VALUES"
		" (1, 'Afgelopen', 2, '2027-05-31'), (2, 'Loopt nog', 2, '2027-06-01');"
		"INSERT INTO panel_people (panel_id, pno, pid) VALUES (1, 1, 'a1'), (1, 2, 'a2'), (2, 1, 'b1');"
		"INSERT INTO panel_contacts (pid, name, contact) VALUES"
		" ('a1', 'Anna', 'anna@example.nl'), ('a2', 'Bert', 'bert@example.nl'),"
		" ('b1', 'Cor', 'cor@example.nl');");
}

static void test_rules_delete_what_is_due_and_keep_the_rest(void **state)
{
	struct db_fixture *f = *state;
	struct db *db = f->db;
	add_kaart_items(db);
	add_panels(db);
	/* Users: 2 deactivated 13 months before NOW (goes, with its session),
	 * 3 deactivated 11 months before (stays), 1 active since long (stays). */
	exec_ok(db,
		"INSERT INTO users (id, email, name, role, password_hash, active, deactivated_at) VALUES"
		" (1, 'a@example.nl', 'A', 'professional', 'x', 1, NULL),"
		" (2, 'b@example.nl', 'B', 'professional', 'x', 0, '2026-05-01 12:00:00'),"
		" (3, 'c@example.nl', 'C', 'professional', 'x', 0, '2026-07-01 12:00:00');"
		"INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) VALUES"
		" ('old', 1, 'c', 0, 1811851200), ('new', 1, 'c', 0, 1811851201),"
		" ('gone-user', 2, 'c', 0, 1911851201);"
		"INSERT INTO login_attempts (key, at) VALUES ('addr:1', 1811850300), ('addr:1', 1811850400);");

	char *text = NULL;
	size_t len = 0;
	FILE *report = open_memstream(&text, &len);
	assert_int_equal(retention_run(db, NOW, report), 0);
	fclose(report);

	/* kaart: only the suggestion rejected over 3 months ago, with its theme. */
	assert_int_equal(db_fixture_scalar(db, "SELECT count(*) FROM kaart_items WHERE id = 1"), 0);
	assert_int_equal(db_fixture_scalar(db, "SELECT count(*) FROM kaart_items WHERE id IN (2, 3, 4)"), 3);
	assert_int_equal(db_fixture_scalar(db, "SELECT count(*) FROM kaart_item_themes"), 1);
	/* The search index forgot it too. */
	assert_int_equal(db_fixture_scalar(db, "SELECT count(*) FROM kaart_fts WHERE kaart_fts MATCH 'oud'"), 0);
	/* sessions: expires_at <= now goes. login attempts: older than 15 minutes go. */
	assert_int_equal(db_fixture_scalar(db, "SELECT count(*) FROM sessions WHERE token_hash = 'new'"), 1);
	assert_int_equal(db_fixture_scalar(db, "SELECT count(*) FROM sessions"), 1);
	assert_int_equal(db_fixture_scalar(db, "SELECT count(*) FROM login_attempts"), 1);
	/* users: only the account deactivated over a year ago. */
	assert_int_equal(db_fixture_scalar(db, "SELECT group_concat(id) = '1,3' FROM (SELECT id FROM users ORDER BY id)"), 1);
	/* panels: the ended panel's pool and contacts are gone; the other stays. */
	assert_int_equal(db_fixture_scalar(db, "SELECT pool_deleted FROM panel_panels WHERE id = 1"), 1);
	assert_int_equal(db_fixture_scalar(db, "SELECT pool_deleted FROM panel_panels WHERE id = 2"), 0);
	assert_int_equal(db_fixture_scalar(db, "SELECT count(*) FROM panel_people WHERE panel_id = 1"), 0);
	assert_int_equal(db_fixture_scalar(db, "SELECT count(*) FROM panel_contacts"), 1);

	/* The report: one line per rule with its count. */
	assert_non_null(strstr(text, "1\trejected kaart suggestions older than 3 months\n"));
	assert_non_null(strstr(text, "1\texpired staff sessions\n"));
	assert_non_null(strstr(text, "1\tstaff accounts deactivated more than a year ago\n"));
	assert_non_null(strstr(text, "1\tfailed logins older than the login window\n"));
	assert_non_null(strstr(text, "1\tpanel pools after the panel's end date\n"));
	free(text);

	/* Running again deletes nothing more. */
	text = NULL;
	report = open_memstream(&text, &len);
	assert_int_equal(retention_run(db, NOW, report), 0);
	fclose(report);
	for (char *line = text; line && *line; line = strchr(line, '\n') + 1)
		assert_true(line[0] == '0' && line[1] == '\t');
	free(text);
}

/* Every rule in the table has a description and a function, and each runs
 * on an empty database without error. */
static void test_rule_table(void **state)
{
	struct db_fixture *f = *state;
	assert_true(retention_rules_count >= 5);
	for (int i = 0; i < retention_rules_count; i++) {
		assert_non_null(retention_rules[i].what);
		assert_non_null(retention_rules[i].purge);
		assert_int_equal(retention_rules[i].purge(f->db, NOW), 0);
	}
}

/* The runner of serve: runs once at start (on the real clock), then stops on
 * request without waiting for its hour. */
static void test_worker_runs_at_start_and_stops(void **state)
{
	struct db_fixture *f = *state;
	exec_ok(f->db,
		"INSERT INTO users (id, email, name, role, password_hash) VALUES"
		" (1, 'a@example.nl', 'A', 'professional', 'x');"
		"INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) VALUES"
		" ('expired', 1, 'c', 0, 1);");
	struct retention_worker *w = retention_start(f->db_path, 3600);
	assert_non_null(w);
	long long left = 1;
	for (int i = 0; i < 200 && left != 0; i++) {
		usleep(10000);
		left = db_fixture_scalar(f->db, "SELECT count(*) FROM sessions");
	}
	assert_int_equal(left, 0);
	time_t t0 = time(NULL);
	retention_stop(w);
	assert_true(time(NULL) - t0 < 5);
	retention_stop(NULL);
	assert_null(retention_start("/nonexistent-dir/x/t.db", 60));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rules_delete_what_is_due_and_keep_the_rest,
						db_fixture_setup, db_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_rule_table, db_fixture_setup, db_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_worker_runs_at_start_and_stops, db_fixture_setup,
						db_fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
