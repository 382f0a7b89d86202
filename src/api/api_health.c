/* SPDX-License-Identifier: EUPL-1.2 */
/* api_health.c: GET /healthz (for monitoring) and GET /api/v1/routes (the
 * route table as data, used by the role test and by API clients). */
#include "api/api.h"
#include "db/db.h"
#include "routes.h"

int api_health(struct req *r)
{
	struct db_stmt *st = db_prepare(r->db, "SELECT count(*) FROM areas");
	int rc = db_step(st);
	db_done(st);
	if (rc != DB_ROW)
		return resp_json(r, 503, json_pack("{s:s}", "status", "unavailable"));
	return resp_json(r, 200, json_pack("{s:s}", "status", "ok"));
}

int api_routes(struct req *r)
{
	json_t *items = json_array();
	for (size_t i = 0; i < routes_count; i++)
		json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:b, s:b, s:I}", "method",
						       routes[i].method, "pattern", routes[i].pattern,
						       "role", role_name(routes[i].role), "csrf",
						       (routes[i].flags & ROUTE_CSRF) != 0, "limited",
						       (routes[i].flags & ROUTE_LIMITED) != 0, "max_body",
						       (json_int_t)routes[i].max_body));
	return resp_json(r, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)routes_count));
}
