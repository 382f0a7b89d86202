/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * throttle.c: per-address fixed-window counters for public forms (see
 * throttle.h for what and why).
 */
#include "http/throttle.h"

#include <arpa/inet.h>
#include <pthread.h>
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

struct slot {
	uint64_t key;            /* 0 = empty */
	long long window_start;  /* seconds */
	int count;
};

struct throttle {
	pthread_mutex_t lock;
	int limit, window;
	unsigned char hash_key[crypto_shorthash_KEYBYTES];
	struct slot slots[THROTTLE_SLOTS];
};

struct throttle *throttle_new(int limit, int window)
{
	if (limit < 1 || window < 1 || sodium_init() < 0)
		return NULL;
	struct throttle *t = xmalloc(sizeof *t);
	memset(t, 0, sizeof *t);
	pthread_mutex_init(&t->lock, NULL);
	t->limit = limit;
	t->window = window;
	randombytes_buf(t->hash_key, sizeof t->hash_key);
	return t;
}

void throttle_free(struct throttle *t)
{
	if (!t)
		return;
	pthread_mutex_destroy(&t->lock);
	free(t);
}

/* The bytes that identify a client: an IPv4 address whole, an IPv6 address
 * by its /64 prefix, anything unparsable as text. Returns the length. */
static size_t client_bytes(const char *addr, unsigned char out[64])
{
	struct in6_addr a6;
	struct in_addr a4;
	if (inet_pton(AF_INET, addr, &a4) == 1) {
		memcpy(out, &a4, 4);
		return 4;
	}
	if (inet_pton(AF_INET6, addr, &a6) == 1) {
		memcpy(out, &a6, 8);
		return 8;
	}
	size_t n = strnlen(addr, 64);
	memcpy(out, addr, n);
	return n;
}

static uint64_t client_key(const struct throttle *t, const char *addr)
{
	unsigned char bytes[64], h[crypto_shorthash_BYTES];
	size_t n = client_bytes(addr ? addr : "", bytes);
	crypto_shorthash(h, bytes, n, t->hash_key);
	uint64_t k;
	memcpy(&k, h, sizeof k);
	return k ? k : 1; /* 0 marks an empty slot */
}

/* The slot for key among its probes: its own, else an empty or expired one,
 * else the one with the oldest window. Never NULL. Called with the lock held. */
static struct slot *find_slot(struct throttle *t, uint64_t key, long long now)
{
	struct slot *empty = NULL, *oldest = NULL;
	for (int i = 0; i < THROTTLE_PROBES; i++) {
		struct slot *s = &t->slots[(key + (uint64_t)i) % THROTTLE_SLOTS];
		if (s->key == key)
			return s;
		if (!empty && (s->key == 0 || now - s->window_start >= t->window))
			empty = s;
		if (!oldest || s->window_start < oldest->window_start)
			oldest = s;
	}
	struct slot *s = empty ? empty : oldest;
	s->key = key;
	s->window_start = now;
	s->count = 0;
	return s;
}

bool throttle_allow(struct throttle *t, const char *addr, long long now, int *retry_after)
{
	uint64_t key = client_key(t, addr);
	pthread_mutex_lock(&t->lock);
	struct slot *s = find_slot(t, key, now);
	if (now - s->window_start >= t->window || now < s->window_start) {
		s->window_start = now;
		s->count = 0;
	}
	bool ok = s->count < t->limit;
	if (ok)
		s->count++;
	else if (retry_after)
		*retry_after = (int)(s->window_start + t->window - now);
	pthread_mutex_unlock(&t->lock);
	return ok;
}
