/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * users.c: staff accounts: the rules for email, name, role and password, and
 * the writes that create, change and deactivate accounts (see auth.h). The
 * web pages (page_users.c) and the CLI (user_cli.c) both go through here, so
 * the rules are the same everywhere.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "db/db.h"
#include "util/mem.h"
#include "util/text.h"

bool auth_email_valid(const char *s)
{
	if (!s)
		return false;
	size_t n = strlen(s);
	if (n < 3 || n > EMAIL_MAX_BYTES || !utf8_valid(s, n))
		return false;
	const char *at = strchr(s, '@');
	if (!at || at == s || strchr(at + 1, '@'))
		return false;
	const char *dot = strrchr(at + 1, '.');
	/* The domain needs a dot with text on both sides. */
	if (!dot || dot == at + 1 || dot[1] == '\0')
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p <= ' ' || *p == 0x7f || *p == '<' || *p == '>' || *p == '"' || *p == ',')
			return false;
	return true;
}

bool auth_password_ok(const char *password)
{
	if (!password)
		return false;
	size_t n = strlen(password);
	return n <= PASSWORD_MAX_BYTES && utf8_valid(password, n) &&
	       utf8_length(password) >= PASSWORD_MIN_CHARS;
}

int auth_staff_role_parse(const char *s, enum role *out)
{
	enum role r;
	if (role_parse(s, &r) != 0 || r == ROLE_INWONER)
		return -1;
	*out = r;
	return 0;
}

static bool name_ok(const char *name)
{
	if (!name || str_empty(name))
		return false;
	size_t n = strlen(name);
	return utf8_valid(name, n) && utf8_length(name) <= NAME_MAX_CHARS;
}

/* malloc'd lower-case copy of an ASCII-cased email; the caller frees it. */
static char *email_lower(const char *email)
{
	char *e = xstrdup(email);
	for (char *p = e; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return e;
}

/* Inserts the row; the caller holds the transaction. */
static int insert_user(struct db *db, const char *email, const char *name, enum role role,
		       const char *hash)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO users (email, name, role, password_hash) VALUES (?, ?, ?, ?)");
	db_bind_text(st, 1, email);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, role_name(role));
	db_bind_text(st, 4, hash);
	int rc = db_step(st);
	db_done(st);
	if (rc == DB_CONSTRAINT)
		return AUTH_ERR_DUPLICATE;
	return rc == DB_DONE ? AUTH_OK : AUTH_ERR_DB;
}

int auth_user_add(struct db *db, const char *email, const char *name, const char *role,
		  const char *password, long long *id_out)
{
	enum role rl;
	if (!auth_email_valid(email))
		return AUTH_ERR_EMAIL;
	if (!name_ok(name))
		return AUTH_ERR_NAME;
	if (auth_staff_role_parse(role, &rl) != 0)
		return AUTH_ERR_ROLE;
	if (!auth_password_ok(password))
		return AUTH_ERR_PASSWORD;
	/* Hash before the transaction: it takes ~80 ms and must not hold the
	 * write lock meanwhile. */
	char *hash = auth_hash_password(password);
	if (!hash)
		return AUTH_ERR_DB;
	char *lower = email_lower(email);
	int rc = AUTH_ERR_DB;
	if (db_begin(db) == DB_OK) {
		rc = insert_user(db, lower, name, rl, hash);
		if (rc == AUTH_OK && id_out)
			*id_out = db_last_id(db);
		if (rc != AUTH_OK || db_commit(db) != DB_OK) {
			db_rollback(db);
			if (rc == AUTH_OK)
				rc = AUTH_ERR_DB;
		}
	}
	free(lower);
	free(hash);
	return rc;
}

/* Deletes every session of the user; inside the caller's transaction. */
static void delete_sessions(struct db *db, long long user_id)
{
	struct db_stmt *st = db_prepare(db, "DELETE FROM sessions WHERE user_id = ?");
	db_bind_int(st, 1, user_id);
	db_step(st);
	db_done(st);
}

/* Id of the account with this email (any case), or 0. */
static long long user_id_by_email(struct db *db, const char *email)
{
	struct db_stmt *st = db_prepare(db, "SELECT id FROM users WHERE email = ?");
	db_bind_text(st, 1, email);
	long long id = db_step(st) == DB_ROW ? db_col_int(st, 0) : 0;
	db_done(st);
	return id;
}

int auth_user_set_password(struct db *db, const char *email, const char *password)
{
	if (!auth_password_ok(password))
		return AUTH_ERR_PASSWORD;
	char *hash = auth_hash_password(password);
	if (!hash)
		return AUTH_ERR_DB;
	int rc = AUTH_ERR_DB;
	if (db_begin(db) == DB_OK) {
		long long id = email ? user_id_by_email(db, email) : 0;
		if (id == 0) {
			rc = AUTH_ERR_NOT_FOUND;
		} else {
			struct db_stmt *st =
				db_prepare(db, "UPDATE users SET password_hash = ? WHERE id = ?");
			db_bind_text(st, 1, hash);
			db_bind_int(st, 2, id);
			rc = db_step(st) == DB_DONE ? AUTH_OK : AUTH_ERR_DB;
			db_done(st);
			/* A new password ends every session made with the old one. */
			delete_sessions(db, id);
		}
		if (rc != AUTH_OK || db_commit(db) != DB_OK) {
			db_rollback(db);
			if (rc == AUTH_OK)
				rc = AUTH_ERR_DB;
		}
	}
	free(hash);
	return rc;
}

int auth_user_deactivate(struct db *db, long long id)
{
	if (db_begin(db) != DB_OK)
		return AUTH_ERR_DB;
	struct db_stmt *st = db_prepare(db, "UPDATE users SET active = 0, deactivated_at = "
				"coalesce(deactivated_at, datetime('now')) WHERE id = ?");
	db_bind_int(st, 1, id);
	int step = db_step(st);
	db_done(st);
	int rc = step != DB_DONE ? AUTH_ERR_DB : db_changes(db) == 0 ? AUTH_ERR_NOT_FOUND : AUTH_OK;
	if (rc == AUTH_OK)
		delete_sessions(db, id);
	if (rc != AUTH_OK || db_commit(db) != DB_OK) {
		db_rollback(db);
		if (rc == AUTH_OK)
			rc = AUTH_ERR_DB;
	}
	return rc;
}

int auth_user_activate(struct db *db, long long id)
{
	struct db_stmt *st = db_prepare(db, "UPDATE users SET active = 1, deactivated_at = NULL WHERE id = ?");
	db_bind_int(st, 1, id);
	int step = db_step(st);
	db_done(st);
	if (step != DB_DONE)
		return AUTH_ERR_DB;
	return db_changes(db) == 0 ? AUTH_ERR_NOT_FOUND : AUTH_OK;
}
