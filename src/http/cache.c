/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * cache.c: the anonymous response cache (see cache.h). A chained hash table
 * plus a FIFO list for eviction, under one mutex; each entry is one malloc
 * block holding its strings, freed when the last reference goes.
 */
#include "http/cache.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "auth/auth.h"
#include "db/db.h"
#include "http/http.h"
#include "routes.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/text.h"

#define NBUCKETS 8192 /* power of two, > CACHE_MAX_ENTRIES */

struct item {
	struct cache_entry pub;
	atomic_int refs;      /* one for the table while stored, one per reader */
	size_t bytes;         /* counted against the byte bound */
	uint64_t hash;
	time_t born;          /* CLOCK_MONOTONIC seconds */
	struct item *hnext;   /* bucket chain */
	struct item *newer;   /* FIFO list: oldest at head */
	struct item *older;
};

struct cache {
	pthread_mutex_t lock; /* the table, list and counters */
	struct item *buckets[NBUCKETS];
	struct item *oldest, *newest;
	int count;
	size_t bytes;
	size_t max_bytes;
	int max_entries;
	unsigned long generation;

	pthread_mutex_t version_lock; /* the version connection */
	struct db *version_db;
	long long data_version;
};

static time_t now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec;
}

static uint64_t hash_key(const char *s)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static void item_unref(struct item *it)
{
	if (it && atomic_fetch_sub(&it->refs, 1) == 1)
		free(it);
}

/* Takes it out of the table and list; caller holds c->lock. */
static void unlink_item(struct cache *c, struct item *it)
{
	struct item **p = &c->buckets[it->hash & (NBUCKETS - 1)];
	while (*p && *p != it)
		p = &(*p)->hnext;
	if (*p)
		*p = it->hnext;
	if (it->older)
		it->older->newer = it->newer;
	else
		c->oldest = it->newer;
	if (it->newer)
		it->newer->older = it->older;
	else
		c->newest = it->older;
	c->count--;
	c->bytes -= it->bytes;
	item_unref(it);
}

static void drop_all_locked(struct cache *c)
{
	while (c->oldest)
		unlink_item(c, c->oldest);
	c->generation++;
}

struct cache *cache_new(const char *db_path, size_t max_bytes, int max_entries)
{
	struct db *db = NULL;
	if (db_open(db_path, &db) != DB_OK) {
		log_warn("cache", "cannot open %s for the version check; cache off", db_path);
		if (db)
			db_close(db);
		return NULL;
	}
	struct cache *c = xcalloc(1, sizeof *c);
	pthread_mutex_init(&c->lock, NULL);
	pthread_mutex_init(&c->version_lock, NULL);
	c->max_bytes = max_bytes ? max_bytes : CACHE_MAX_BYTES;
	c->max_entries = max_entries > 0 && max_entries < NBUCKETS ? max_entries : CACHE_MAX_ENTRIES;
	c->version_db = db;
	c->data_version = -1;
	cache_check_version(c);
	return c;
}

void cache_free(struct cache *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&c->lock);
	drop_all_locked(c);
	pthread_mutex_unlock(&c->lock);
	db_close(c->version_db);
	pthread_mutex_destroy(&c->lock);
	pthread_mutex_destroy(&c->version_lock);
	free(c);
}

unsigned long cache_check_version(struct cache *c)
{
	long long v = -1;
	pthread_mutex_lock(&c->version_lock);
	if (c->version_db) {
		struct db_stmt *s = db_prepare(c->version_db, "PRAGMA data_version");
		if (s && db_step(s) == DB_ROW)
			v = db_col_int(s, 0);
		if (s)
			db_done(s);
	}
	/* -1 (an error) always counts as a change: better a miss than stale. */
	bool changed = v < 0 || v != c->data_version;
	c->data_version = v;
	pthread_mutex_unlock(&c->version_lock);
	pthread_mutex_lock(&c->lock);
	if (changed)
		drop_all_locked(c);
	unsigned long gen = c->generation;
	pthread_mutex_unlock(&c->lock);
	return gen;
}

/* The stored item for key; caller holds c->lock. */
static struct item *find_locked(struct cache *c, const char *key, uint64_t h)
{
	for (struct item *it = c->buckets[h & (NBUCKETS - 1)]; it; it = it->hnext)
		if (it->hash == h && strcmp(it->pub.key, key) == 0)
			return it;
	return NULL;
}

struct cache_entry *cache_get(struct cache *c, const char *key)
{
	uint64_t h = hash_key(key);
	pthread_mutex_lock(&c->lock);
	struct item *it = find_locked(c, key, h);
	if (it && now_s() - it->born > CACHE_MAX_AGE) {
		unlink_item(c, it);
		it = NULL;
	}
	if (it)
		atomic_fetch_add(&it->refs, 1);
	pthread_mutex_unlock(&c->lock);
	return it ? &it->pub : NULL;
}

void cache_release(struct cache_entry *e)
{
	/* pub is the first member, so the entry's address is the item's. */
	item_unref((struct item *)(void *)e);
}

/* Copies s (n bytes plus a NUL) to *p and advances it. */
static const char *put_str(char **p, const char *s, size_t n)
{
	char *d = *p;
	memcpy(d, s, n);
	d[n] = '\0';
	*p += n + 1;
	return d;
}

static struct item *new_item(const char *key, const char *body, size_t body_len,
			     const char *content_type, const char *const *names,
			     const char *const *values, int nheaders)
{
	size_t size = sizeof(struct item) + strlen(key) + 1 + body_len + 1 + strlen(content_type) + 1;
	for (int i = 0; i < nheaders; i++)
		size += strlen(names[i]) + 1 + strlen(values[i]) + 1;
	struct item *it = xcalloc(1, size);
	char *p = (char *)(it + 1);
	it->pub.key = put_str(&p, key, strlen(key));
	it->pub.body = put_str(&p, body, body_len);
	it->pub.body_len = body_len;
	it->pub.content_type = put_str(&p, content_type, strlen(content_type));
	for (int i = 0; i < nheaders; i++) {
		it->pub.header_names[i] = put_str(&p, names[i], strlen(names[i]));
		it->pub.header_values[i] = put_str(&p, values[i], strlen(values[i]));
	}
	it->pub.nheaders = nheaders;
	it->bytes = size;
	it->hash = hash_key(key);
	it->born = now_s();
	atomic_init(&it->refs, 1);
	return it;
}

void cache_put(struct cache *c, unsigned long generation, const char *key, const char *body, size_t body_len,
	       const char *content_type, const char *const *names, const char *const *values,
	       int nheaders)
{
	if (nheaders < 0 || nheaders > CACHE_MAX_HEADERS ||
	    body_len > c->max_bytes / 8)
		return;
	/* Built outside the lock: the copy is the slow part. */
	struct item *it = new_item(key, body, body_len, content_type, names, values, nheaders);
	pthread_mutex_lock(&c->lock);
	if (generation != c->generation) {
		/* The page was read before a drop: it may be stale. */
		pthread_mutex_unlock(&c->lock);
		free(it);
		return;
	}
	struct item *old = find_locked(c, key, it->hash);
	if (old)
		unlink_item(c, old);
	while (c->oldest && (c->count + 1 > c->max_entries || c->bytes + it->bytes > c->max_bytes))
		unlink_item(c, c->oldest);
	it->hnext = c->buckets[it->hash & (NBUCKETS - 1)];
	c->buckets[it->hash & (NBUCKETS - 1)] = it;
	it->older = c->newest;
	if (c->newest)
		c->newest->newer = it;
	else
		c->oldest = it;
	c->newest = it;
	c->count++;
	c->bytes += it->bytes;
	pthread_mutex_unlock(&c->lock);
}

int cache_count(struct cache *c)
{
	pthread_mutex_lock(&c->lock);
	int n = c->count;
	pthread_mutex_unlock(&c->lock);
	return n;
}

size_t cache_bytes(struct cache *c)
{
	pthread_mutex_lock(&c->lock);
	size_t n = c->bytes;
	pthread_mutex_unlock(&c->lock);
	return n;
}

const char *cache_request_key(struct req *r, unsigned long *generation)
{
	struct cache *c = r->app ? r->app->cache : NULL;
	if (!c || strcmp(r->method, "GET") != 0 || r->body_len > 0 || !r->route ||
	    r->route->role != ROLE_INWONER || strncmp(r->path, "/static/", 8) == 0 ||
	    req_cookie(r, SESSION_COOKIE))
		return NULL;
	struct buf b = BUF_INIT;
	buf_printf(&b, "GET %s\n", r->path);
	/* Length prefixes keep two different queries from giving one key. */
	for (size_t i = 0; i < r->query.n; i++)
		buf_printf(&b, "%zu:%s=%zu:%s&", strlen(r->query.items[i].key), r->query.items[i].key,
			   strlen(r->query.items[i].value), r->query.items[i].value);
	buf_printf(&b, "\n%s", r->lang ? r->lang : "");
	const char *key = arena_strdup(r->arena, b.data);
	buf_free(&b);
	*generation = cache_check_version(c);
	return key;
}

bool cache_answer(struct req *r, const char *key)
{
	struct cache_entry *e = cache_get(r->app->cache, key);
	if (!e)
		return false;
	buf_reset(&r->out);
	buf_append(&r->out, e->body, e->body_len);
	r->content_type = arena_strdup(r->arena, e->content_type);
	for (int i = 0; i < e->nheaders; i++)
		resp_header(r, arena_strdup(r->arena, e->header_names[i]),
			    arena_strdup(r->arena, e->header_values[i]));
	/* Lets tests and operators see that the answer came from memory. */
	resp_header(r, "X-Cache", "hit");
	r->status = 200;
	cache_release(e);
	return true;
}

void cache_store_response(struct req *r, unsigned long generation, const char *key, int status,
			  size_t own_headers)
{
	if (status != 200 || !r->out.data || !r->content_type || r->private_answer)
		return;
	const char *names[CACHE_MAX_HEADERS], *values[CACHE_MAX_HEADERS];
	int n = 0;
	for (size_t i = own_headers; i < r->resp_headers.n; i++) {
		const struct kv *h = &r->resp_headers.items[i];
		if ((strcasecmp(h->key, "Cache-Control") != 0 &&
		     strcasecmp(h->key, "Content-Disposition") != 0) ||
		    n == CACHE_MAX_HEADERS)
			return;
		names[n] = h->key;
		values[n++] = h->value;
	}
	if (r->csrf && *r->csrf && memmem(r->out.data, r->out.len, r->csrf, strlen(r->csrf)))
		return;
	cache_put(r->app->cache, generation, key, r->out.data, r->out.len, r->content_type, names, values, n);
}
