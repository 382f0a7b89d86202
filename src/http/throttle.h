/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * throttle.h: a limit on how often one client may send a public form
 * (a suggestion for the sociale kaart, a project proposal, a sign-up for a
 * panel) without logging in. These forms need no account by design, so
 * without a limit one script could bury the staff's review queue.
 *
 * The count is per client address per fixed window (IPv6 addresses count per
 * /64, since one household or phone gets a whole /64). It lives in memory
 * only: nothing about a visitor is written to the database, and a restart
 * forgets it. Keys are hashed with a random per-process SipHash key, so a
 * visitor cannot aim many addresses at one bucket. The table is bounded; when
 * it is full the entry with the oldest window is reused.
 * Thread-safe (one mutex; the critical section is a few probes).
 */
#ifndef WB_HTTP_THROTTLE_H
#define WB_HTTP_THROTTLE_H

#include <stdbool.h>

#define THROTTLE_SLOTS 8192
#define THROTTLE_PROBES 8

struct throttle;

/* A limiter that allows `limit` (>= 1) requests per address per `window`
 * seconds (>= 1). The caller frees it with throttle_free. */
struct throttle *throttle_new(int limit, int window);
void throttle_free(struct throttle *t);

/* Counts one request of `addr` (a textual IPv4/IPv6 address, or anything
 * else, which is then used as is) at time `now` (seconds). Returns true when
 * it is within the limit. When it is not, *retry_after is set to the seconds
 * until the window ends. */
bool throttle_allow(struct throttle *t, const char *addr, long long now, int *retry_after);

#endif
