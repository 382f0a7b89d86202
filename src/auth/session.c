/* SPDX-License-Identifier: EUPL-1.2 */
/* session.c: sessions (lookup, start with rotation, end), CSRF tokens and
 * password hashing with a cap on concurrent argon2id runs (see auth.h). */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/auth.h"
#include "db/db.h"

void auth_token_hash(const char *token, char out[65])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
	sodium_bin2hex(out, 65, h, sizeof h);
}

const struct user *auth_session_user(struct req *r)
{
	const char *token = req_cookie(r, SESSION_COOKIE);
	if (!token || strlen(token) != 64)
		return NULL;
	char hash[65];
	auth_token_hash(token, hash);
	struct db_stmt *st = db_prepare(r->db,
		"SELECT u.id, u.email, u.name, u.role FROM sessions s JOIN users u ON u.id = s.user_id "
		"WHERE s.token_hash = ? AND s.expires_at > ? AND u.active = 1");
	db_bind_text(st, 1, hash);
	db_bind_int(st, 2, (long long)time(NULL));
	struct user *u = NULL;
	if (db_step(st) == DB_ROW) {
		u = arena_calloc(r->arena, 1, sizeof *u);
		u->id = db_col_int(st, 0);
		u->email = arena_strdup(r->arena, db_col_text(st, 1));
		u->name = arena_strdup(r->arena, db_col_text(st, 2));
		if (role_parse(db_col_text(st, 3), &u->role) != 0)
			u = NULL;
	}
	db_done(st);
	return u;
}

/* Each argon2id run takes 64 MiB. Without a cap, a burst of concurrent login
 * requests (all passing the rate limit check before any failure is recorded)
 * would make the server allocate 64 MiB per connection; with it, extra
 * requests wait their turn instead. */
#define MAX_CONCURRENT_HASHES 4
static sem_t hash_slots;
static pthread_once_t hash_slots_once = PTHREAD_ONCE_INIT;

static void hash_slots_init(void) { sem_init(&hash_slots, 0, MAX_CONCURRENT_HASHES); }

static void hash_slot_take(void)
{
	pthread_once(&hash_slots_once, hash_slots_init);
	while (sem_wait(&hash_slots) != 0 && errno == EINTR)
		;
}

char *auth_hash_password(const char *password)
{
	char *out = xmalloc(crypto_pwhash_STRBYTES);
	/* OWASP's argon2id minimum is 19 MiB, t=2; we use libsodium's
	 * interactive limits (64 MiB, t=2), about 80 ms on a small server. */
	hash_slot_take();
	int rc = crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
				   crypto_pwhash_MEMLIMIT_INTERACTIVE);
	sem_post(&hash_slots);
	if (rc != 0) {
		free(out);
		return NULL;
	}
	return out;
}

bool auth_verify_password(const char *hash, const char *password)
{
	hash_slot_take();
	bool ok = crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
	sem_post(&hash_slots);
	return ok;
}

void auth_new_csrf(char out[49])
{
	unsigned char raw[24];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(out, 49, raw, sizeof raw);
}

/* Deletes the session row whose token the request carries, if any. */
static void delete_cookie_session(struct req *r)
{
	const char *token = req_cookie(r, SESSION_COOKIE);
	if (!token || strlen(token) != 64)
		return;
	char hash[65];
	auth_token_hash(token, hash);
	struct db_stmt *st = db_prepare(r->db, "DELETE FROM sessions WHERE token_hash = ?");
	db_bind_text(st, 1, hash);
	db_step(st);
	db_done(st);
}

/* Inserts the session row; DB_DONE on success. */
static int insert_session(struct db *db, const char *hash, long long user_id, const char *csrf,
			  long long now)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) "
		"VALUES (?, ?, ?, ?, ?)");
	db_bind_text(st, 1, hash);
	db_bind_int(st, 2, user_id);
	db_bind_text(st, 3, csrf);
	db_bind_int(st, 4, now);
	db_bind_int(st, 5, now + SESSION_TTL_SECONDS);
	int rc = db_step(st);
	db_done(st);
	return rc;
}

int auth_session_start(struct req *r, long long user_id, const char *email)
{
	unsigned char raw[32];
	char token[65], hash[65], csrf[49];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(token, sizeof token, raw, sizeof raw);
	sodium_memzero(raw, sizeof raw);
	auth_token_hash(token, hash);
	auth_new_csrf(csrf);
	long long now = (long long)time(NULL);

	if (db_begin(r->db) != DB_OK)
		return DB_ERROR;
	/* Rotation: whatever session the browser had before is gone, so a
	 * token planted before login (session fixation) is worthless. */
	delete_cookie_session(r);
	struct db_stmt *st = db_prepare(r->db, "DELETE FROM sessions WHERE expires_at <= ?");
	db_bind_int(st, 1, now);
	db_step(st);
	db_done(st);
	auth_login_clear(r->db, email);
	if (insert_session(r->db, hash, user_id, csrf, now) != DB_DONE) {
		db_rollback(r->db);
		return DB_ERROR;
	}
	if (db_commit(r->db) != DB_OK) {
		db_rollback(r->db);
		return DB_ERROR;
	}
	resp_cookie(r, SESSION_COOKIE, token, -1);
	r->csrf = arena_strdup(r->arena, csrf);
	resp_cookie(r, CSRF_COOKIE_NAME, r->csrf, -1);
	return 0;
}

void auth_session_end(struct req *r)
{
	if (db_begin(r->db) == DB_OK) {
		delete_cookie_session(r);
		if (db_commit(r->db) != DB_OK)
			db_rollback(r->db);
	}
	resp_cookie(r, SESSION_COOKIE, "", 0);
	char csrf[49];
	auth_new_csrf(csrf);
	r->csrf = arena_strdup(r->arena, csrf);
	resp_cookie(r, CSRF_COOKIE_NAME, r->csrf, -1);
}
