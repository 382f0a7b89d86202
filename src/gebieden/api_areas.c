/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * api_areas.c: the areas API (a stable contract, see docs):
 *   GET /api/v1/areas/{code}  -> {"code","name","level","parent","population",
 *                                 "figures":{indicator: value},"children":N}
 *   GET /api/v1/areas?parent=CODE -> {"items":[...],"total":N}; without
 *                                 parent: the top-level areas.
 * A code that is not a CBS code is a 400 problem naming the parameter; an
 * unknown one is a 404 problem.
 */
#include <math.h>
#include <string.h>

#include "db/db.h"
#include "gebieden/gebieden.h"
#include "gebieden/gebieden_import.h"
#include "i18n/i18n.h"

static int bad_code(struct req *r, const char *param)
{
	return resp_problem(
		r, 400, _("Invalid area code"),
		_("An area code is two capital letters followed by digits, for example GM0141."),
		param);
}

static int unknown_code(struct req *r, const char *param)
{
	return resp_problem(r, 404, _("Area not found"), _("There is no area with this code."),
			    param);
}

/* A figure as a JSON integer when it is whole (counts), else a real. */
static json_t *figure_value(struct db_stmt *st, int i)
{
	if (db_col_null(st, i))
		return json_null();
	double v = db_col_double(st, i);
	if (v == floor(v) && fabs(v) < 9e15)
		return json_integer((json_int_t)v);
	return json_real(v);
}

/* One area object from a row (code, name, level, parent, population). */
static json_t *area_json(struct db_stmt *st)
{
	json_t *o = json_pack("{s:s, s:s, s:s}", "code", db_col_text(st, 0), "name",
			      db_col_text(st, 1), "level", db_col_text(st, 2));
	json_object_set_new(o, "parent",
			    db_col_null(st, 3) ? json_null() : json_string(db_col_text(st, 3)));
	json_object_set_new(o, "population",
			    db_col_null(st, 4) ? json_null()
					       : json_integer((json_int_t)db_col_int(st, 4)));
	return o;
}

static json_t *figures_json(struct req *r, const char *code)
{
	/* Each indicator at its latest year. */
	struct db_stmt *st = db_prepare(
		r->db,
		"SELECT f.indicator, f.value FROM area_figures f WHERE f.area_code = ? AND f.year ="
		" (SELECT max(g.year) FROM area_figures g WHERE g.area_code = f.area_code"
		"  AND g.indicator = f.indicator) ORDER BY f.indicator");
	db_bind_text(st, 1, code);
	json_t *figs = json_object();
	while (db_step(st) == DB_ROW)
		json_object_set_new(figs, db_col_text(st, 0), figure_value(st, 1));
	db_done(st);
	return figs;
}

static long long count_children(struct req *r, const char *code)
{
	struct db_stmt *st = db_prepare(r->db, "SELECT count(*) FROM areas WHERE parent = ?");
	db_bind_text(st, 1, code);
	long long n = db_step(st) == DB_ROW ? db_col_int(st, 0) : 0;
	db_done(st);
	return n;
}

int api_area(struct req *r)
{
	const char *code = req_param(r, 0);
	if (!area_code_valid(code))
		return bad_code(r, "code");
	struct db_stmt *st =
		db_prepare(r->db,
			   "SELECT code, name, level, parent, population FROM areas WHERE code = ?");
	db_bind_text(st, 1, code);
	if (db_step(st) != DB_ROW) {
		db_done(st);
		return unknown_code(r, "code");
	}
	json_t *o = area_json(st);
	db_done(st);
	json_object_set_new(o, "figures", figures_json(r, code));
	json_object_set_new(o, "children", json_integer((json_int_t)count_children(r, code)));
	return resp_json(r, 200, o);
}

static bool area_exists(struct req *r, const char *code)
{
	struct db_stmt *st = db_prepare(r->db, "SELECT 1 FROM areas WHERE code = ?");
	db_bind_text(st, 1, code);
	bool found = db_step(st) == DB_ROW;
	db_done(st);
	return found;
}

int api_areas(struct req *r)
{
	const char *parent = req_query(r, "parent");
	if (parent && !parent[0])
		parent = NULL;
	if (parent && !area_code_valid(parent))
		return bad_code(r, "parent");
	if (parent && !area_exists(r, parent))
		return unknown_code(r, "parent");
	/* One statement for both cases: "? IS NULL" selects the top level. */
	struct db_stmt *st = db_prepare(
		r->db,
		"SELECT a.code, a.name, a.level, a.parent, a.population,"
		" (SELECT count(*) FROM areas c WHERE c.parent = a.code)"
		" FROM areas a WHERE (?1 IS NULL AND a.parent IS NULL) OR a.parent = ?1"
		" ORDER BY CASE a.level WHEN 'regio' THEN 0 WHEN 'gemeente' THEN 1 WHEN 'wijk' THEN 2"
		" ELSE 3 END, a.code");
	db_bind_text(st, 1, parent);
	json_t *items = json_array();
	while (db_step(st) == DB_ROW) {
		json_t *o = area_json(st);
		json_object_set_new(o, "children", json_integer((json_int_t)db_col_int(st, 5)));
		json_array_append_new(items, o);
	}
	db_done(st);
	size_t total = json_array_size(items);
	return resp_json(r, 200,
			 json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total));
}
