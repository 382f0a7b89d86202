/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * cache.h: an in-memory response cache for anonymous reads. The server
 * (server.c) stores the body, content type and the few allowed headers of
 * public GET pages that visitors without a session see, and answers the same
 * request (method, path, query in received order, language) from memory.
 *
 * Invalidation: the whole cache is dropped when the database changes, seen
 * through `PRAGMA data_version` on one extra connection of its own (it
 * changes when any other connection, in this or another process, commits).
 * Entries also expire after CACHE_MAX_AGE seconds, since some pages depend
 * on the date (a round opens). Size is bounded (bytes and entries; the
 * oldest entries go first).
 * Thread-safe: one mutex around the table and one around the version check;
 * entries are immutable and reference counted, so a reader holds no lock
 * while it copies the body out.
 */
#ifndef WB_HTTP_CACHE_H
#define WB_HTTP_CACHE_H

#include <stdbool.h>
#include <stddef.h>

#define CACHE_MAX_BYTES (32u * 1024 * 1024)
#define CACHE_MAX_ENTRIES 4096
#define CACHE_MAX_AGE 60 /* seconds; pages may depend on the clock (round dates) */
#define CACHE_MAX_HEADERS 2 /* Cache-Control, Content-Disposition */

/* One cached response. Read-only once stored; get with cache_get, give back
 * with cache_release. */
struct cache_entry {
	const char *key;
	const char *body;
	size_t body_len;
	const char *content_type;
	const char *header_names[CACHE_MAX_HEADERS];
	const char *header_values[CACHE_MAX_HEADERS];
	int nheaders;
};

struct cache;

/* A new cache for the database at db_path, with its own connection for the
 * version check, and the bounds (0 = the defaults above). Returns NULL when
 * the database cannot be opened (the server then runs without a cache).
 * The caller owns the result and frees it with cache_free(). */
struct cache *cache_new(const char *db_path, size_t max_bytes, int max_entries);

/* Drops every entry, closes the version connection and frees c (NULL is fine). */
void cache_free(struct cache *c);

/* Checks PRAGMA data_version and drops everything when it changed since the
 * last check. Call before cache_get and before reading the database on every
 * cacheable request. Returns the cache generation (bumped by every drop); pass
 * it to cache_put, which refuses to store a page read before a drop. */
unsigned long cache_check_version(struct cache *c);

/* The entry for key with one reference for the caller, or NULL. */
struct cache_entry *cache_get(struct cache *c, const char *key);

/* Gives back the reference from cache_get. */
void cache_release(struct cache_entry *e);

/* Stores a copy of the response under key (replacing an older one), evicting
 * the oldest entries to stay within the bounds. Responses larger than an
 * eighth of the byte bound are not stored. names/values: nheaders extra
 * headers (at most CACHE_MAX_HEADERS). */
void cache_put(struct cache *c, unsigned long generation, const char *key, const char *body, size_t body_len,
	       const char *content_type, const char *const *names, const char *const *values,
	       int nheaders);

/* ---- the server's use (cache.c, called from server.c) ---- */
struct req;

/* The cache key of r ("GET path\n" + query in received order, each name and
 * value length-prefixed, + "\nlang"), an arena string, or NULL when r may not
 * be cached: no cache (r->app->cache NULL), not GET, a request body, no route or a route above ROLE_INWONER, path
 * under /static/, or a session cookie (a logged-in user). Also runs
 * cache_check_version and sets *generation. */
const char *cache_request_key(struct req *r, unsigned long *generation);

/* When key is cached: copies the body, content type and stored headers into
 * r's response, adds "X-Cache: hit" and returns true (status 200). */
bool cache_answer(struct req *r, const char *key);

/* Stores r's response under key when it is a plain public page: status 200,
 * not marked private (resp_private), no headers set by the handler
 * (r->resp_headers from index own_headers on) except Cache-Control and
 * Content-Disposition, and a body without the client's CSRF token (a page
 * with a POST form). */
void cache_store_response(struct req *r, unsigned long generation, const char *key, int status,
			  size_t own_headers);

/* Number of entries and bytes held (for tests). */
int cache_count(struct cache *c);
size_t cache_bytes(struct cache *c);

#endif
