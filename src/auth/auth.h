/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * auth.h: accounts, passwords and sessions for staff (professional,
 * beleidsadviseur, beheerder). Residents never need an account.
 *
 * Passwords: libsodium argon2id (crypto_pwhash_str). Sessions: a 32-byte
 * token from the CSPRNG in an HttpOnly cookie; only its BLAKE2b hash is
 * stored, with a server-side expiry.
 */
#ifndef WB_AUTH_AUTH_H
#define WB_AUTH_AUTH_H

#include <stdbool.h>

#include "http/http.h"

#define SESSION_COOKIE "wb_session"
#define SESSION_TTL_SECONDS (8 * 3600)

/* The logged-in user of this request, or NULL (arena-allocated). */
const struct user *auth_session_user(struct req *r);

/* Hashes a password (argon2id); returns a malloc'd string the caller frees,
 * or NULL when out of memory. */
char *auth_hash_password(const char *password);
bool auth_verify_password(const char *hash, const char *password);

/* Hex BLAKE2b-256 of a session token, into out[65]. */
void auth_token_hash(const char *token, char out[65]);

struct db;

/* ---- account rules (users.c) ---- */

#define CSRF_COOKIE_NAME "wb_csrf"
#define PASSWORD_MIN_CHARS 12
#define PASSWORD_MAX_BYTES 1024
#define NAME_MAX_CHARS 200
#define EMAIL_MAX_BYTES 254

/* Results of the account functions; negative means the input was refused. */
enum auth_result {
	AUTH_OK = 0,
	AUTH_ERR_EMAIL = -1,     /* not a plausible email address */
	AUTH_ERR_DUPLICATE = -2, /* another account has this email */
	AUTH_ERR_ROLE = -3,      /* not professional, beleidsadviseur or beheerder */
	AUTH_ERR_PASSWORD = -4,  /* shorter than PASSWORD_MIN_CHARS or too long */
	AUTH_ERR_NAME = -5,      /* empty or longer than NAME_MAX_CHARS */
	AUTH_ERR_NOT_FOUND = -6, /* no such account */
	AUTH_ERR_DB = -7,        /* the database failed */
};

/* True when s looks like an email address (one '@', a dot in the domain, no
 * spaces or control characters, at most EMAIL_MAX_BYTES). */
bool auth_email_valid(const char *s);
/* True when the password meets the length rules (counted in characters). */
bool auth_password_ok(const char *password);
/* Parses a staff role name; inwoner is not a staff role. 0 or -1. */
int auth_staff_role_parse(const char *s, enum role *out);

/* Creates an account after checking every field; the email is stored in
 * lower case. On AUTH_OK *id_out (may be NULL) is the new id. Runs its own
 * transaction. */
int auth_user_add(struct db *db, const char *email, const char *name, const char *role,
		  const char *password, long long *id_out);
/* Sets a new password for the account with this email and ends all its
 * sessions. AUTH_OK, AUTH_ERR_PASSWORD, AUTH_ERR_NOT_FOUND or AUTH_ERR_DB. */
int auth_user_set_password(struct db *db, const char *email, const char *password);
/* Deactivates an account and deletes its sessions. AUTH_OK,
 * AUTH_ERR_NOT_FOUND or AUTH_ERR_DB. */
int auth_user_deactivate(struct db *db, long long id);
/* Lets a deactivated account log in again. AUTH_OK, AUTH_ERR_NOT_FOUND or
 * AUTH_ERR_DB. */
int auth_user_activate(struct db *db, long long id);

/* ---- login rate limiting (ratelimit.c) ---- */

#define LOGIN_WINDOW_SECONDS (15 * 60)
#define LOGIN_MAX_PER_ACCOUNT 5
#define LOGIN_MAX_PER_ADDR 20

/* True when this account or address has had too many failed logins within
 * the window ending at now; checked before any password is verified. */
bool auth_login_blocked(struct db *db, const char *email, const char *addr, long long now);
/* Records one failed login for the account and the address, and prunes
 * attempts older than the window. Runs its own transaction; 0 or DB_ERROR. */
int auth_login_failed(struct db *db, const char *email, const char *addr, long long now);
/* Forgets the account's failed logins (inside the caller's transaction). */
void auth_login_clear(struct db *db, const char *email);

/* ---- retention (auth/retention.c, run by src/retention.c) ---- */

/* Deletes sessions expired at Unix time now; rows deleted or -1. */
long auth_purge_sessions(struct db *db, long long now);
/* Deletes failed-login records older than the login window; rows or -1. */
long auth_purge_login_attempts(struct db *db, long long now);
/* Deletes accounts deactivated more than AUTH_DEACTIVATED_DAYS days before
 * now (with their sessions); rows or -1. */
#define AUTH_DEACTIVATED_DAYS 365
long auth_purge_users(struct db *db, long long now);

/* ---- sessions (session.c) ---- */

/* Fills out[49] with a fresh CSRF token: 24 random bytes as hex. */
void auth_new_csrf(char out[49]);
/* Logs user_id in for this request: deletes the session of the cookie the
 * request came with, prunes expired sessions, forgets the account's failed
 * logins, stores the hash of a fresh token, and sets new session and CSRF
 * cookies (r->csrf becomes the new token). 0 or DB_ERROR. */
int auth_session_start(struct req *r, long long user_id, const char *email);
/* Deletes the session of this request's cookie (if any) and expires the
 * cookie. */
void auth_session_end(struct req *r);

#endif
