/* SPDX-License-Identifier: EUPL-1.2 */
/* test_router.c: route_match() over the real route table: literal paths,
 * {name} parameters, the {*} tail, 405 (path known for another method) vs
 * 404, and HEAD answered as GET. The table grows as modules add routes, so
 * besides fixed checks on the core routes every route is matched against a
 * path made from its own pattern. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "routes.h"
#include "util/mem.h"

struct match {
	const struct route *route;
	const char *params[4];
	int nparams;
	bool known;
};

static struct match match(struct arena *a, const char *method, const char *path)
{
	struct match m = {0};
	m.route = route_match(method, path, a, m.params, &m.nparams, &m.known);
	return m;
}

static int setup(void **state)
{
	*state = arena_new();
	return 0;
}

static int teardown(void **state)
{
	arena_free(*state);
	return 0;
}

static void test_literal_routes(void **state)
{
	struct match m = match(*state, "GET", "/");
	assert_non_null(m.route);
	assert_string_equal(m.route->pattern, "/");
	assert_int_equal(m.nparams, 0);
	m = match(*state, "GET", "/healthz");
	assert_non_null(m.route);
	assert_string_equal(m.route->pattern, "/healthz");
	m = match(*state, "GET", "/api/v1/routes");
	assert_non_null(m.route);
	assert_string_equal(m.route->pattern, "/api/v1/routes");
}

static void test_unknown_is_404(void **state)
{
	const char *paths[] = {"/nope", "/healthz/", "/healthzz", "/health", "", "//", "/api/v1/nope",
			       "/static", "/static/", "/STATIC/x.css"};
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		struct match m = match(*state, "GET", paths[i]);
		assert_null(m.route);
		assert_false(m.known);
		assert_int_equal(m.nparams, 0);
	}
}

static void test_wrong_method_is_405(void **state)
{
	struct match m = match(*state, "POST", "/");
	assert_null(m.route);
	assert_true(m.known);
	m = match(*state, "DELETE", "/healthz");
	assert_null(m.route);
	assert_true(m.known);
	m = match(*state, "PUT", "/static/wijkbasis.css");
	assert_null(m.route);
	assert_true(m.known);
	/* Unknown path with an odd method is still 404. */
	m = match(*state, "POST", "/nope");
	assert_null(m.route);
	assert_false(m.known);
}

static void test_head_is_get(void **state)
{
	struct match m = match(*state, "HEAD", "/healthz");
	assert_non_null(m.route);
	assert_string_equal(m.route->method, "GET");
	m = match(*state, "HEAD", "/static/a/b.css");
	assert_non_null(m.route);
	assert_string_equal(m.params[0], "a/b.css");
	/* Methods are case-sensitive (RFC 9110). */
	m = match(*state, "get", "/healthz");
	assert_null(m.route);
	assert_true(m.known);
}

static void test_star_takes_the_rest(void **state)
{
	struct match m = match(*state, "GET", "/static/nlds/utrecht.css");
	assert_non_null(m.route);
	assert_string_equal(m.route->pattern, "/static/{*}");
	assert_int_equal(m.nparams, 1);
	assert_string_equal(m.params[0], "nlds/utrecht.css");
	m = match(*state, "GET", "/static/x");
	assert_non_null(m.route);
	assert_string_equal(m.params[0], "x");
	/* The tail is passed as is: checking it is the handler's job. */
	m = match(*state, "GET", "/static/../etc/passwd");
	assert_non_null(m.route);
	assert_string_equal(m.params[0], "../etc/passwd");
}

/* Replaces every {name} in pat by "seg<i>" and a final {*} by "t/a.css". */
static const char *sample_path(struct arena *a, const char *pat, int *nparams)
{
	struct buf b = BUF_INIT;
	int n = 0;
	for (const char *p = pat; *p;) {
		if (*p == '{') {
			const char *close = strchr(p, '}');
			assert_non_null(close);
			if (strncmp(p, "{*}", 3) == 0)
				buf_puts(&b, "t/a.css");
			else
				buf_printf(&b, "seg%d", n);
			n++;
			p = close + 1;
		} else {
			buf_putc(&b, *p++);
		}
	}
	*nparams = n;
	char *s = arena_strdup(a, b.data ? b.data : "");
	buf_free(&b);
	return s;
}

static void test_every_route_matches_its_own_pattern(void **state)
{
	for (size_t i = 0; i < routes_count; i++) {
		const struct route *rt = &routes[i];
		int want = 0;
		const char *path = sample_path(*state, rt->pattern, &want);
		assert_true(want <= 4);
		struct match m = match(*state, rt->method, path);
		if (!m.route)
			fail_msg("route %s %s does not match %s", rt->method, rt->pattern, path);
		/* An earlier, more literal route may win (e.g. /x/new before /x/{id}), but
		 * one with the same pattern must be this one: no duplicates. */
		if (strcmp(m.route->pattern, rt->pattern) == 0 && m.route != rt)
			fail_msg("duplicate route %s %s", rt->method, rt->pattern);
		if (m.route == rt) {
			assert_int_equal(m.nparams, want);
			for (int k = 0; k < m.nparams; k++)
				assert_non_null(m.params[k]);
		}
		/* Every route has a handler, a known method, and sane limits. */
		if (!rt->handler)
			fail_msg("route %s %s has no handler", rt->method, rt->pattern);
		if (strcmp(rt->method, "GET") != 0 && strcmp(rt->method, "POST") != 0)
			fail_msg("route %s %s: only GET and POST are served", rt->method, rt->pattern);
		if (rt->pattern[0] != '/')
			fail_msg("route %s %s: a pattern starts with /", rt->method, rt->pattern);
		if (rt->role < ROLE_INWONER || rt->role > ROLE_BEHEERDER)
			fail_msg("route %s %s: unknown role", rt->method, rt->pattern);
		if (strcmp(rt->method, "GET") == 0 && rt->max_body != 0)
			fail_msg("route GET %s accepts a body", rt->pattern);
		/* A form POST outside the API must be CSRF-checked. */
		if (strcmp(rt->method, "POST") == 0 && !(rt->flags & ROUTE_CSRF) &&
		    strncmp(rt->pattern, "/api/", 5) != 0)
			fail_msg("route POST %s has no CSRF check", rt->pattern);
		if (rt->flags & ~(unsigned)(ROUTE_CSRF | ROUTE_LIMITED))
			fail_msg("route %s %s: unknown flag", rt->method, rt->pattern);
		/* Only forms a visitor without login may send are limited. */
		if ((rt->flags & ROUTE_LIMITED) && (strcmp(rt->method, "POST") != 0 || rt->role != ROLE_INWONER))
			fail_msg("route %s %s: only public POST forms are limited", rt->method, rt->pattern);
	}
}

static void test_params_split_on_slash(void **state)
{
	/* For each route with a {name} segment: the value stops at '/', an
	 * empty segment does not match. */
	for (size_t i = 0; i < routes_count; i++) {
		const struct route *rt = &routes[i];
		const char *brace = strchr(rt->pattern, '{');
		if (!brace || strncmp(brace, "{*}", 3) == 0)
			continue;
		const char *close = strchr(brace, '}');
		/* Path with the first parameter empty. */
		struct buf b = BUF_INIT;
		buf_append(&b, rt->pattern, (size_t)(brace - rt->pattern));
		buf_puts(&b, close + 1);
		int dummy;
		const char *empty = sample_path(*state, b.data, &dummy);
		buf_free(&b);
		struct match m = match(*state, rt->method, empty);
		assert_true(m.route != rt);
		/* Same route with an extra segment in the first parameter. */
		b = (struct buf)BUF_INIT;
		buf_append(&b, rt->pattern, (size_t)(brace - rt->pattern));
		buf_puts(&b, "x/y");
		buf_puts(&b, close + 1);
		const char *extra = sample_path(*state, b.data, &dummy);
		buf_free(&b);
		m = match(*state, rt->method, extra);
		assert_true(m.route != rt);
	}
}

static void test_role_names(void **state)
{
	enum role r;
	assert_string_equal(role_name(ROLE_INWONER), "inwoner");
	assert_string_equal(role_name(ROLE_PROFESSIONAL), "professional");
	assert_string_equal(role_name(ROLE_BELEIDSADVISEUR), "beleidsadviseur");
	assert_string_equal(role_name(ROLE_BEHEERDER), "beheerder");
	assert_string_equal(role_name((enum role)99), "inwoner");
	assert_int_equal(role_parse("beheerder", &r), 0);
	assert_int_equal(r, ROLE_BEHEERDER);
	assert_int_equal(role_parse("admin", &r), -1);
	assert_int_equal(role_parse(NULL, &r), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_literal_routes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_is_404, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_method_is_405, setup, teardown),
		cmocka_unit_test_setup_teardown(test_head_is_get, setup, teardown),
		cmocka_unit_test_setup_teardown(test_star_takes_the_rest, setup, teardown),
		cmocka_unit_test_setup_teardown(test_every_route_matches_its_own_pattern, setup, teardown),
		cmocka_unit_test_setup_teardown(test_params_split_on_slash, setup, teardown),
		cmocka_unit_test(test_role_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
