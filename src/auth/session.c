/* SPDX-License-Identifier: EUPL-1.2 */
/* session.c: session lookup and password hashing (see auth.h). */
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

char *auth_hash_password(const char *password)
{
	char *out = xmalloc(crypto_pwhash_STRBYTES);
	/* OWASP's argon2id minimum is 19 MiB, t=2; we use libsodium's
	 * interactive limits (64 MiB, t=2), about 80 ms on a small server. */
	if (crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
		free(out);
		return NULL;
	}
	return out;
}

bool auth_verify_password(const char *hash, const char *password)
{
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}
