/* SPDX-License-Identifier: EUPL-1.2 */
/* test_auth.c: password hashing, session token hashing, the account rules,
 * the login rate limit and session rotation, against a fresh migrated
 * SQLite database in a temporary directory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include <sodium.h>

#include "auth/auth.h"
#include "fixture.h"
#include "db/db.h"
#include "http/http.h"
#include "util/mem.h"

static void test_password_hash_and_verify(void **state)
{
	char *h = auth_hash_password("correct horse battery");
	assert_non_null(h);
	assert_true(strncmp(h, "$argon2id$", 10) == 0);
	assert_true(auth_verify_password(h, "correct horse battery"));
	assert_false(auth_verify_password(h, "correct horse batterY"));
	assert_false(auth_verify_password(h, ""));
	char *h2 = auth_hash_password("correct horse battery");
	assert_string_not_equal(h, h2); /* salted */
	free(h);
	free(h2);
}

static void test_token_hash(void **state)
{
	char out[65];
	auth_token_hash("abc", out);
	/* BLAKE2b with a 32-byte digest, as in RFC 7693's reference code. */
	assert_string_equal(out, "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
	char csrf[49];
	auth_new_csrf(csrf);
	assert_int_equal(strlen(csrf), 48);
	assert_int_equal(strspn(csrf, "0123456789abcdef"), 48);
}

static void test_account_rules(void **state)
{
	assert_true(auth_email_valid("anna@almelo.nl"));
	assert_true(auth_email_valid("a.b+c@sub.gemeente.nl"));
	assert_false(auth_email_valid(""));
	assert_false(auth_email_valid("anna"));
	assert_false(auth_email_valid("@almelo.nl"));
	assert_false(auth_email_valid("anna@almelo"));
	assert_false(auth_email_valid("anna@almelo."));
	assert_false(auth_email_valid("an na@almelo.nl"));
	assert_false(auth_email_valid("a@b@almelo.nl"));
	assert_false(auth_email_valid("<x>@almelo.nl"));
	assert_false(auth_email_valid(NULL));

	assert_false(auth_password_ok("elf-tekens!"));  /* 11 */
	assert_true(auth_password_ok("twaalftekens"));  /* 12 */
	/* Counted in characters, not bytes: 11 x é is 22 bytes but too short. */
	assert_false(auth_password_ok("ééééééééééé"));
	assert_true(auth_password_ok("éééééééééééé"));
	assert_false(auth_password_ok(NULL));

	enum role r;
	assert_int_equal(auth_staff_role_parse("beheerder", &r), 0);
	assert_int_equal(r, ROLE_BEHEERDER);
	assert_int_equal(auth_staff_role_parse("inwoner", &r), -1);
	assert_int_equal(auth_staff_role_parse("admin", &r), -1);
	assert_true(ROLE_INWONER < ROLE_PROFESSIONAL && ROLE_PROFESSIONAL < ROLE_BELEIDSADVISEUR &&
		    ROLE_BELEIDSADVISEUR < ROLE_BEHEERDER);
}

static void test_user_add_rules(void **state)
{
	struct db_fixture *f = *state;
	long long id = 0;
	assert_int_equal(auth_user_add(f->db, "Anna@Almelo.nl", "Anna", "beheerder",
				       "lang-genoeg-ww", &id), AUTH_OK);
	assert_true(id > 0);
	assert_int_equal(auth_user_add(f->db, "anna@almelo.NL", "Anna 2", "professional",
				       "lang-genoeg-ww", NULL), AUTH_ERR_DUPLICATE);
	assert_int_equal(auth_user_add(f->db, "x@almelo.nl", "X", "inwoner", "lang-genoeg-ww", NULL),
			 AUTH_ERR_ROLE);
	assert_int_equal(auth_user_add(f->db, "x@almelo.nl", "X", "professional", "kort", NULL),
			 AUTH_ERR_PASSWORD);
	assert_int_equal(auth_user_add(f->db, "x@almelo.nl", "  ", "professional",
				       "lang-genoeg-ww", NULL), AUTH_ERR_NAME);
	assert_int_equal(auth_user_add(f->db, "geen-mail", "X", "professional", "lang-genoeg-ww", NULL),
			 AUTH_ERR_EMAIL);
	assert_int_equal(db_fixture_scalar(f->db, "SELECT count(*) FROM users WHERE email = 'anna@almelo.nl'"), 1);

	assert_int_equal(auth_user_set_password(f->db, "ANNA@almelo.nl", "nieuw-wachtwoord"), AUTH_OK);
	assert_int_equal(auth_user_set_password(f->db, "niemand@almelo.nl", "nieuw-wachtwoord"),
			 AUTH_ERR_NOT_FOUND);
	assert_int_equal(auth_user_set_password(f->db, "anna@almelo.nl", "kort"), AUTH_ERR_PASSWORD);
	assert_int_equal(auth_user_deactivate(f->db, id), AUTH_OK);
	assert_int_equal(auth_user_deactivate(f->db, id + 100), AUTH_ERR_NOT_FOUND);
	assert_int_equal(db_fixture_scalar(f->db, "SELECT active FROM users WHERE email = 'anna@almelo.nl'"), 0);
	/* The retention year counts from the first deactivation. */
	assert_int_equal(db_fixture_scalar(f->db, "SELECT deactivated_at > datetime('now', '-1 minute') "
						   "FROM users WHERE email = 'anna@almelo.nl'"), 1);
	assert_int_equal(db_exec(f->db, "UPDATE users SET deactivated_at = '2020-01-01 00:00:00'"), DB_OK);
	assert_int_equal(auth_user_deactivate(f->db, id), AUTH_OK);
	assert_int_equal(db_fixture_scalar(f->db, "SELECT deactivated_at = '2020-01-01 00:00:00' "
						   "FROM users WHERE email = 'anna@almelo.nl'"), 1);
	assert_int_equal(auth_user_activate(f->db, id), AUTH_OK);
	assert_int_equal(auth_user_activate(f->db, id + 100), AUTH_ERR_NOT_FOUND);
	assert_int_equal(db_fixture_scalar(f->db, "SELECT active FROM users WHERE email = 'anna@almelo.nl'"), 1);
	assert_int_equal(db_fixture_scalar(f->db, "SELECT deactivated_at IS NULL FROM users "
						   "WHERE email = 'anna@almelo.nl'"), 1);
}

static void test_rate_limit_per_account(void **state)
{
	struct db_fixture *f = *state;
	long long now = 1700000000;
	for (int i = 0; i < LOGIN_MAX_PER_ACCOUNT - 1; i++) {
		assert_false(auth_login_blocked(f->db, "anna@almelo.nl", "10.0.0.1", now));
		assert_int_equal(auth_login_failed(f->db, "anna@almelo.nl", "10.0.0.1", now), DB_OK);
	}
	assert_false(auth_login_blocked(f->db, "anna@almelo.nl", "10.0.0.1", now));
	assert_int_equal(auth_login_failed(f->db, "Anna@Almelo.nl", "10.0.0.2", now), DB_OK);
	/* Five failures: blocked from any address and in any letter case. */
	assert_true(auth_login_blocked(f->db, "anna@almelo.nl", "10.0.0.1", now));
	assert_true(auth_login_blocked(f->db, "ANNA@almelo.nl", "10.9.9.9", now + 60));
	assert_false(auth_login_blocked(f->db, "bram@almelo.nl", "10.0.0.1", now));
	/* The window slides: after 15 minutes the failures no longer count. */
	assert_false(auth_login_blocked(f->db, "anna@almelo.nl", "10.0.0.1",
					now + LOGIN_WINDOW_SECONDS));
	/* A later failure prunes rows older than the window. */
	assert_int_equal(auth_login_failed(f->db, "bram@almelo.nl", "10.0.0.3",
					   now + LOGIN_WINDOW_SECONDS + 1), DB_OK);
	assert_int_equal(db_fixture_scalar(f->db, "SELECT count(*) FROM login_attempts"), 2);
}

static void test_rate_limit_clear_on_success(void **state)
{
	struct db_fixture *f = *state;
	long long now = 1700000000;
	for (int i = 0; i < LOGIN_MAX_PER_ACCOUNT; i++)
		auth_login_failed(f->db, "anna@almelo.nl", "10.0.0.1", now);
	assert_true(auth_login_blocked(f->db, "anna@almelo.nl", "10.0.0.1", now));
	auth_login_clear(f->db, "ANNA@almelo.nl");
	assert_false(auth_login_blocked(f->db, "anna@almelo.nl", "10.0.0.1", now));
	/* The address's failures stay. */
	assert_int_equal(db_fixture_scalar(f->db, "SELECT count(*) FROM login_attempts WHERE key = 'addr:10.0.0.1'"),
			 LOGIN_MAX_PER_ACCOUNT);
}

static void test_rate_limit_per_address(void **state)
{
	struct db_fixture *f = *state;
	long long now = 1700000000;
	for (int i = 0; i < LOGIN_MAX_PER_ADDR; i++) {
		char email[64];
		snprintf(email, sizeof email, "user%d@almelo.nl", i);
		assert_false(auth_login_blocked(f->db, "nieuw@almelo.nl", "10.0.0.7", now));
		auth_login_failed(f->db, email, "10.0.0.7", now);
	}
	assert_true(auth_login_blocked(f->db, "nieuw@almelo.nl", "10.0.0.7", now));
	assert_false(auth_login_blocked(f->db, "nieuw@almelo.nl", "10.0.0.8", now));
}

/* The value of the Set-Cookie header for name in r's response, or NULL. */
static const char *set_cookie(struct req *r, const char *name)
{
	size_t n = strlen(name);
	const char *found = NULL;
	for (size_t i = 0; i < r->resp_headers.n; i++) {
		const struct kv *h = &r->resp_headers.items[i];
		if (strcmp(h->key, "Set-Cookie") == 0 && strncmp(h->value, name, n) == 0 &&
		    h->value[n] == '=')
			found = h->value;
	}
	return found;
}

/* A request carrying the session cookie from a previous response (or none). */
static struct req *new_req(struct arena *a, struct db *db, const char *session_set_cookie)
{
	struct req *r = arena_calloc(a, 1, sizeof *r);
	r->arena = a;
	r->db = db;
	r->path = "/login";
	if (session_set_cookie) {
		const char *v = strchr(session_set_cookie, '=') + 1;
		kv_add(a, &r->cookies, SESSION_COOKIE, arena_strndup(a, v, strcspn(v, ";")));
	}
	return r;
}

static void test_session_rotation(void **state)
{
	struct db_fixture *f = *state;
	struct arena *a = arena_new();
	long long id = 0;
	assert_int_equal(auth_user_add(f->db, "pro@almelo.nl", "Petra", "professional",
				       "lang-genoeg-ww", &id), AUTH_OK);

	struct req *r1 = new_req(a, f->db, NULL);
	assert_int_equal(auth_session_start(r1, id, "pro@almelo.nl"), 0);
	const char *c1 = set_cookie(r1, SESSION_COOKIE);
	assert_non_null(c1);
	assert_non_null(strstr(c1, "HttpOnly"));
	assert_non_null(strstr(c1, "SameSite=Lax"));
	assert_non_null(set_cookie(r1, CSRF_COOKIE_NAME));
	assert_int_equal(strlen(r1->csrf), 48);

	const struct user *u = auth_session_user(new_req(a, f->db, c1));
	assert_non_null(u);
	assert_int_equal(u->id, id);
	assert_int_equal(u->role, ROLE_PROFESSIONAL);
	/* Only the hash is stored, never the token. */
	const char *token = strchr(c1, '=') + 1;
	char *tok = arena_strndup(a, token, strcspn(token, ";"));
	assert_int_equal(strlen(tok), 64);
	char expect[65];
	auth_token_hash(tok, expect);
	struct db_stmt *st = db_prepare(f->db, "SELECT token_hash FROM sessions");
	assert_int_equal(db_step(st), DB_ROW);
	assert_string_equal(db_col_text(st, 0), expect);
	assert_string_not_equal(db_col_text(st, 0), tok);
	db_done(st);

	/* Logging in again with the old cookie replaces that session. */
	struct req *r2 = new_req(a, f->db, c1);
	assert_int_equal(auth_session_start(r2, id, "pro@almelo.nl"), 0);
	const char *c2 = set_cookie(r2, SESSION_COOKIE);
	assert_string_not_equal(c1, c2);
	assert_null(auth_session_user(new_req(a, f->db, c1)));
	assert_non_null(auth_session_user(new_req(a, f->db, c2)));
	assert_int_equal(db_fixture_scalar(f->db, "SELECT count(*) FROM sessions"), 1);

	/* Logout deletes the row; deactivation ends every session. */
	struct req *r3 = new_req(a, f->db, c2);
	auth_session_end(r3);
	assert_null(auth_session_user(new_req(a, f->db, c2)));
	assert_non_null(strstr(set_cookie(r3, SESSION_COOKIE), "Max-Age=0"));
	struct req *r4 = new_req(a, f->db, NULL);
	assert_int_equal(auth_session_start(r4, id, "pro@almelo.nl"), 0);
	assert_int_equal(auth_user_deactivate(f->db, id), AUTH_OK);
	assert_null(auth_session_user(new_req(a, f->db, set_cookie(r4, SESSION_COOKIE))));
	assert_int_equal(db_fixture_scalar(f->db, "SELECT count(*) FROM sessions"), 0);
	arena_free(a);
}

static void test_expired_sessions_pruned(void **state)
{
	struct db_fixture *f = *state;
	struct arena *a = arena_new();
	long long id = 0;
	assert_int_equal(auth_user_add(f->db, "beleid@almelo.nl", "Bram", "beleidsadviseur",
				       "lang-genoeg-ww", &id), AUTH_OK);
	struct db_stmt *st = db_prepare(f->db,
		"INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) VALUES (?, ?, 'x', 0, 1)");
	db_bind_text(st, 1, "old");
	db_bind_int(st, 2, id);
	assert_int_equal(db_step(st), DB_DONE);
	db_done(st);
	assert_int_equal(auth_session_start(new_req(a, f->db, NULL), id, "beleid@almelo.nl"), 0);
	assert_int_equal(db_fixture_scalar(f->db, "SELECT count(*) FROM sessions WHERE token_hash = 'old'"), 0);
	assert_int_equal(db_fixture_scalar(f->db, "SELECT count(*) FROM sessions"), 1);
	assert_true(db_fixture_scalar(f->db, "SELECT min(expires_at) FROM sessions") >
		    (long long)time(NULL) + SESSION_TTL_SECONDS - 60);
	arena_free(a);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_password_hash_and_verify),
		cmocka_unit_test(test_token_hash),
		cmocka_unit_test(test_account_rules),
		cmocka_unit_test_setup_teardown(test_user_add_rules, db_fixture_setup, db_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_rate_limit_per_account, db_fixture_setup, db_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_rate_limit_clear_on_success, db_fixture_setup, db_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_rate_limit_per_address, db_fixture_setup, db_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_session_rotation, db_fixture_setup, db_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_expired_sessions_pruned, db_fixture_setup, db_fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
