/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * cache.c: the anonymous response cache (see cache.h). A chained hash table
 * plus a FIFO list for eviction, under one mutex; each entry is one malloc
 * block holding its strings, freed when the last reference goes.
 */
#include "http/cache.h"

#include <pthread.h>
#include <stdatomic.h>
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

static struct {
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
	bool disabled;
	atomic_bool on;
} C = {.lock = PTHREAD_MUTEX_INITIALIZER, .version_lock = PTHREAD_MUTEX_INITIALIZER};

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

/* Takes it out of the table and list; caller holds C.lock. */
static void unlink_item(struct item *it)
{
	struct item **p = &C.buckets[it->hash & (NBUCKETS - 1)];
	while (*p && *p != it)
		p = &(*p)->hnext;
	if (*p)
		*p = it->hnext;
	if (it->older)
		it->older->newer = it->newer;
	else
		C.oldest = it->newer;
	if (it->newer)
		it->newer->older = it->older;
	else
		C.newest = it->older;
	C.count--;
	C.bytes -= it->bytes;
	item_unref(it);
}

static void drop_all_locked(void)
{
	while (C.oldest)
		unlink_item(C.oldest);
	C.generation++;
}

void cache_set_disabled(bool disabled) { C.disabled = disabled; }

int cache_init(const char *db_path, size_t max_bytes, int max_entries)
{
	if (C.disabled)
		return 0;
	struct db *db = NULL;
	if (db_open(db_path, &db) != DB_OK) {
		log_warn("cache", "cannot open %s for the version check; cache off", db_path);
		if (db)
			db_close(db);
		return -1;
	}
	C.max_bytes = max_bytes ? max_bytes : CACHE_MAX_BYTES;
	C.max_entries = max_entries > 0 && max_entries < NBUCKETS ? max_entries : CACHE_MAX_ENTRIES;
	C.version_db = db;
	C.data_version = -1;
	atomic_store(&C.on, true);
	cache_check_version();
	return 0;
}

void cache_shutdown(void)
{
	atomic_store(&C.on, false);
	pthread_mutex_lock(&C.lock);
	drop_all_locked();
	pthread_mutex_unlock(&C.lock);
	pthread_mutex_lock(&C.version_lock);
	if (C.version_db)
		db_close(C.version_db);
	C.version_db = NULL;
	pthread_mutex_unlock(&C.version_lock);
}

bool cache_enabled(void) { return atomic_load(&C.on); }

unsigned long cache_check_version(void)
{
	long long v = -1;
	pthread_mutex_lock(&C.version_lock);
	if (C.version_db) {
		struct db_stmt *s = db_prepare(C.version_db, "PRAGMA data_version");
		if (s && db_step(s) == DB_ROW)
			v = db_col_int(s, 0);
		if (s)
			db_done(s);
	}
	/* -1 (an error) always counts as a change: better a miss than stale. */
	bool changed = v < 0 || v != C.data_version;
	C.data_version = v;
	pthread_mutex_unlock(&C.version_lock);
	pthread_mutex_lock(&C.lock);
	if (changed)
		drop_all_locked();
	unsigned long gen = C.generation;
	pthread_mutex_unlock(&C.lock);
	return gen;
}

/* The stored item for key; caller holds C.lock. */
static struct item *find_locked(const char *key, uint64_t h)
{
	for (struct item *it = C.buckets[h & (NBUCKETS - 1)]; it; it = it->hnext)
		if (it->hash == h && strcmp(it->pub.key, key) == 0)
			return it;
	return NULL;
}

struct cache_entry *cache_get(const char *key)
{
	if (!cache_enabled())
		return NULL;
	uint64_t h = hash_key(key);
	pthread_mutex_lock(&C.lock);
	struct item *it = find_locked(key, h);
	if (it && now_s() - it->born > CACHE_MAX_AGE) {
		unlink_item(it);
		it = NULL;
	}
	if (it)
		atomic_fetch_add(&it->refs, 1);
	pthread_mutex_unlock(&C.lock);
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

void cache_put(unsigned long generation, const char *key, const char *body, size_t body_len,
	       const char *content_type, const char *const *names, const char *const *values,
	       int nheaders)
{
	if (!cache_enabled() || nheaders < 0 || nheaders > CACHE_MAX_HEADERS ||
	    body_len > C.max_bytes / 8)
		return;
	/* Built outside the lock: the copy is the slow part. */
	struct item *it = new_item(key, body, body_len, content_type, names, values, nheaders);
	pthread_mutex_lock(&C.lock);
	if (generation != C.generation) {
		/* The page was read before a drop: it may be stale. */
		pthread_mutex_unlock(&C.lock);
		free(it);
		return;
	}
	struct item *old = find_locked(key, it->hash);
	if (old)
		unlink_item(old);
	while (C.oldest && (C.count + 1 > C.max_entries || C.bytes + it->bytes > C.max_bytes))
		unlink_item(C.oldest);
	it->hnext = C.buckets[it->hash & (NBUCKETS - 1)];
	C.buckets[it->hash & (NBUCKETS - 1)] = it;
	it->older = C.newest;
	if (C.newest)
		C.newest->newer = it;
	else
		C.oldest = it;
	C.newest = it;
	C.count++;
	C.bytes += it->bytes;
	pthread_mutex_unlock(&C.lock);
}

int cache_count(void)
{
	pthread_mutex_lock(&C.lock);
	int n = C.count;
	pthread_mutex_unlock(&C.lock);
	return n;
}

size_t cache_bytes(void)
{
	pthread_mutex_lock(&C.lock);
	size_t n = C.bytes;
	pthread_mutex_unlock(&C.lock);
	return n;
}

const char *cache_request_key(struct req *r, unsigned long *generation)
{
	if (!cache_enabled() || strcmp(r->method, "GET") != 0 || r->body_len > 0 || !r->route ||
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
	*generation = cache_check_version();
	return key;
}

bool cache_answer(struct req *r, const char *key)
{
	struct cache_entry *e = cache_get(key);
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
	if (status != 200 || !r->out.data || !r->content_type)
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
	cache_put(generation, key, r->out.data, r->out.len, r->content_type, names, values, n);
}
