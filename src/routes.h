/* SPDX-License-Identifier: EUPL-1.2 */
/* routes.h: the route table, the single map of what the server can do. */
#ifndef WB_ROUTES_H
#define WB_ROUTES_H

#include <stdbool.h>
#include <stddef.h>

#include "http/http.h"

typedef int (*handler_fn)(struct req *r);

/* Route flags, checked by the server before the handler runs. */
enum route_flag {
	ROUTE_CSRF = 1,    /* a POST needs a valid CSRF token */
	ROUTE_LIMITED = 2, /* a public form: a visitor without login may send it only
			      serve --form-limit times per hour (http/throttle.h) */
};

struct route {
	const char *method;    /* "GET" or "POST" */
	const char *pattern;   /* "/gebieden/{code}"; a last segment "{*}" takes the rest */
	handler_fn handler;
	enum role role;        /* lowest role allowed */
	unsigned flags;        /* enum route_flag bits (`true` reads as ROUTE_CSRF) */
	size_t max_body;       /* bytes; 0 = no body accepted */
};

extern const struct route routes[];
extern const size_t routes_count;

/* Finds the route for method and path. On a match fills params/nparams and
 * returns it. Returns NULL when nothing matches; *path_known is then true when
 * the path exists for another method (405 rather than 404). */
const struct route *route_match(const char *method, const char *path, struct arena *a,
				const char **params, int *nparams, bool *path_known);

#endif
