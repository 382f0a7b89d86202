/* SPDX-License-Identifier: EUPL-1.2 */
/* test_throttle.c: http/throttle.c, the per-address limit on public forms:
 * the limit per window, a new window, addresses counted apart, IPv6 per /64,
 * a full table, bad arguments and many threads at once. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <cmocka.h>

#include "http/throttle.h"

static void test_limit_per_window(void **state)
{
	struct throttle *t = throttle_new(3, 3600);
	assert_non_null(t);
	int retry = -1;
	for (int i = 0; i < 3; i++)
		assert_true(throttle_allow(t, "192.0.2.7", 1000, &retry));
	assert_int_equal(retry, -1); /* untouched while allowed */
	assert_false(throttle_allow(t, "192.0.2.7", 1000, &retry));
	assert_int_equal(retry, 3600);
	assert_false(throttle_allow(t, "192.0.2.7", 1000 + 3599, &retry));
	assert_int_equal(retry, 1);
	/* A refused request does not count: the next window starts fresh. */
	assert_true(throttle_allow(t, "192.0.2.7", 1000 + 3600, &retry));
	assert_true(throttle_allow(t, "192.0.2.7", 1000 + 3600, &retry));
	assert_true(throttle_allow(t, "192.0.2.7", 1000 + 3600, &retry));
	assert_false(throttle_allow(t, "192.0.2.7", 1000 + 3600, &retry));
	throttle_free(t);
}

static void test_addresses_apart_ipv6_per_64(void **state)
{
	struct throttle *t = throttle_new(1, 60);
	assert_true(throttle_allow(t, "192.0.2.1", 0, NULL));
	assert_false(throttle_allow(t, "192.0.2.1", 0, NULL));
	assert_true(throttle_allow(t, "192.0.2.2", 0, NULL));
	/* One /64 is one client, whatever the interface part. */
	assert_true(throttle_allow(t, "2001:db8:1:2::1", 0, NULL));
	assert_false(throttle_allow(t, "2001:db8:1:2:ffff:eeee:dddd:cccc", 0, NULL));
	assert_true(throttle_allow(t, "2001:db8:1:3::1", 0, NULL));
	/* Anything else is a key as it is (never a crash). */
	assert_true(throttle_allow(t, "unknown", 0, NULL));
	assert_false(throttle_allow(t, "unknown", 0, NULL));
	assert_true(throttle_allow(t, "", 0, NULL));
	assert_false(throttle_allow(t, NULL, 0, NULL)); /* no address counts as "" */
	throttle_free(t);
}

static void test_clock_going_back_restarts_window(void **state)
{
	struct throttle *t = throttle_new(1, 60);
	assert_true(throttle_allow(t, "192.0.2.9", 500, NULL));
	assert_false(throttle_allow(t, "192.0.2.9", 500, NULL));
	assert_true(throttle_allow(t, "192.0.2.9", 100, NULL));
	throttle_free(t);
}

/* Far more addresses than slots: the table stays bounded and a client seen
 * just now still has its count (the oldest windows are reused first). */
static void test_full_table_keeps_recent_clients(void **state)
{
	struct throttle *t = throttle_new(2, 3600);
	char addr[32];
	for (int i = 0; i < 4 * THROTTLE_SLOTS; i++) {
		snprintf(addr, sizeof addr, "10.%d.%d.%d", (i >> 16) & 255, (i >> 8) & 255, i & 255);
		assert_true(throttle_allow(t, addr, i / 1000, NULL));
	}
	assert_true(throttle_allow(t, "198.51.100.1", 40, NULL));
	assert_true(throttle_allow(t, "198.51.100.1", 40, NULL));
	assert_false(throttle_allow(t, "198.51.100.1", 40, NULL));
	throttle_free(t);
}

static void test_bad_arguments(void **state)
{
	assert_null(throttle_new(0, 60));
	assert_null(throttle_new(5, 0));
	throttle_free(NULL);
}

struct worker {
	struct throttle *t;
	int allowed;
};

static void *hammer(void *arg)
{
	struct worker *w = arg;
	for (int i = 0; i < 1000; i++)
		w->allowed += throttle_allow(w->t, "203.0.113.5", 0, NULL);
	return NULL;
}

/* Eight threads on one address: exactly the limit is let through. */
static void test_threads_count_exactly(void **state)
{
	struct throttle *t = throttle_new(100, 3600);
	pthread_t th[8];
	struct worker w[8];
	for (int i = 0; i < 8; i++) {
		w[i] = (struct worker){.t = t};
		pthread_create(&th[i], NULL, hammer, &w[i]);
	}
	int total = 0;
	for (int i = 0; i < 8; i++) {
		pthread_join(th[i], NULL);
		total += w[i].allowed;
	}
	assert_int_equal(total, 100);
	throttle_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_limit_per_window),
		cmocka_unit_test(test_addresses_apart_ipv6_per_64),
		cmocka_unit_test(test_clock_going_back_restarts_window),
		cmocka_unit_test(test_full_table_keeps_recent_clients),
		cmocka_unit_test(test_bad_arguments),
		cmocka_unit_test(test_threads_count_exactly),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
