/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * routes.c: the route table, the single map of the application. Every URL the
 * server answers is one line here with the lowest role allowed, whether a POST
 * needs a CSRF token, and the largest body accepted. server.c enforces all
 * three before the handler runs; tests/http/routes.test.mjs walks this table
 * (through /api/v1/routes) for every role, so a route cannot slip through
 * without a role.
 *
 * Add a route: write the handler in its module (src/<module>/page_*.c or
 * api_*.c), declare it in the module's header, add one line below.
 */
#include "routes.h"

#include <string.h>

#include "api/api.h"
#include "pages/pages.h"
#include "auth/auth_pages.h"
#include "gebieden/gebieden.h"
#include "kaart/kaart.h"
#include "budget/budget_web.h"
#include "panel/panel_web.h"

#define FORM_BODY (64 * 1024)
#define I ROLE_INWONER
#define P ROLE_PROFESSIONAL
#define B ROLE_BELEIDSADVISEUR
#define A ROLE_BEHEERDER

const struct route routes[] = {
	/* method  pattern                      handler                role csrf  max body */
	/* --- site --- */
	{"GET",  "/",                           page_home,             I, false, 0},
	{"GET",  "/toegankelijkheid",           page_accessibility,    I, false, 0},
	{"GET",  "/privacy",                    page_privacy,          I, false, 0},
	{"GET",  "/static/{*}",                 page_static,           I, false, 0},
	{"GET",  "/healthz",                    api_health,            I, false, 0},
	{"GET",  "/api/v1/routes",              api_routes,            I, false, 0},
	{"GET",  "/api/v1/doe-mee",             api_take_part,         I, false, 0},
	/* --- accounts (src/auth) --- */
	AUTH_ROUTES
	/* --- areas (src/gebieden) --- */
	GEBIEDEN_ROUTES
	/* --- sociale kaart (src/kaart) --- */
	KAART_ROUTES
	/* --- buurtbudget (src/budget) --- */
	BUDGET_ROUTES
	/* --- burgerraad / resident panel (src/panel) --- */
	PANEL_ROUTES
};

const size_t routes_count = sizeof routes / sizeof routes[0];

/* Matches one pattern against a path; fills params on success. */
static bool pattern_match(const char *pat, const char *path, struct arena *a, const char **params,
			  int *nparams)
{
	int n = 0;
	while (*pat && *path) {
		if (pat[0] == '{') {
			const char *close = strchr(pat, '}');
			if (!close)
				return false;
			if (strncmp(pat, "{*}", 3) == 0) {
				if (!*path || n >= 4)
					return false;
				params[n++] = arena_strdup(a, path);
				*nparams = n;
				return true;
			}
			size_t len = strcspn(path, "/");
			if (len == 0 || n >= 4)
				return false;
			params[n++] = arena_strndup(a, path, len);
			pat = close + 1;
			path += len;
			continue;
		}
		if (*pat != *path)
			return false;
		pat++;
		path++;
	}
	if (*pat || *path)
		return false;
	*nparams = n;
	return true;
}

const struct route *route_match(const char *method, const char *path, struct arena *a,
				const char **params, int *nparams, bool *path_known)
{
	*path_known = false;
	*nparams = 0;
	/* HEAD is answered like GET (MHD drops the body). */
	if (strcmp(method, "HEAD") == 0)
		method = "GET";
	for (size_t i = 0; i < routes_count; i++) {
		const char *tmp[4];
		int ntmp = 0;
		if (!pattern_match(routes[i].pattern, path, a, tmp, &ntmp))
			continue;
		if (strcmp(routes[i].method, method) != 0) {
			*path_known = true;
			continue;
		}
		memcpy(params, tmp, sizeof tmp);
		*nparams = ntmp;
		return &routes[i];
	}
	return NULL;
}
