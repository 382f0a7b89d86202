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

#endif
