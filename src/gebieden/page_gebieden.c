/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * page_gebieden.c: GET /gebieden (the area tree), GET /gebieden.csv (all
 * areas as CSV) and GET /gebieden/{code} (one area: figures, map, smaller
 * areas and what the sociale kaart holds there). The JSON of the same data
 * is in api_areas.c.
 */
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "gebieden/gebieden.h"
#include "gebieden/gebieden_import.h"
#include "gebieden/geo.h"
#include "html/html.h"
#include "html/layout.h"
#include "i18n/i18n.h"

struct area {
	const char *code, *name, *level, *parent;
	long long population; /* -1: unknown */
	int first_child, next_sibling, parent_idx;
};

/* Translated name of a level ("gemeente", ...). */
static const char *level_label(const char *level)
{
	if (!strcmp(level, "regio"))
		return _("region");
	if (!strcmp(level, "gemeente"))
		return _("municipality");
	if (!strcmp(level, "wijk"))
		return _("district");
	return _("neighbourhood");
}

/* Plural heading word for the children of an area of this level. */
static const char *children_label(const char *level)
{
	if (!strcmp(level, "regio"))
		return _("Municipalities");
	if (!strcmp(level, "gemeente"))
		return _("Districts");
	return _("Neighbourhoods");
}

/* 74317 -> "74.317" (Dutch) or "74,317" (English). Arena string. */
static const char *fmt_count(struct req *r, long long v)
{
	char digits[32], out[48];
	int n = snprintf(digits, sizeof digits, "%lld", v < 0 ? -v : v);
	char sep = strcmp(r->lang, "en") == 0 ? ',' : '.';
	size_t j = 0;
	if (v < 0)
		out[j++] = '-';
	for (int i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			out[j++] = sep;
		out[j++] = digits[i];
	}
	out[j] = '\0';
	return arena_strdup(r->arena, out);
}

static const char *population_text(struct req *r, long long v)
{
	if (v < 0)
		return _("number of inhabitants unknown");
	return arena_printf(r->arena, "%s %s", fmt_count(r, v), _("inhabitants"));
}

/* ---- the tree ---- */

static int cmp_code(const void *a, const void *b)
{
	const struct area *x = *(const struct area *const *)a, *y = *(const struct area *const *)b;
	return strcmp(x->code, y->code);
}

/* Loads every area, parents before children, and links each to its children. */
static struct area *load_tree(struct req *r, int *count)
{
	struct db_stmt *st = db_prepare(
		r->db,
		"SELECT code, name, level, parent, population FROM areas ORDER BY"
		" CASE level WHEN 'regio' THEN 0 WHEN 'gemeente' THEN 1 WHEN 'wijk' THEN 2 ELSE 3 END,"
		" name, code");
	int cap = 64, n = 0;
	struct area *a = arena_alloc(r->arena, (size_t)cap * sizeof *a);
	while (db_step(st) == DB_ROW) {
		if (n == cap) {
			struct area *bigger = arena_alloc(r->arena, (size_t)cap * 2 * sizeof *a);
			memcpy(bigger, a, (size_t)cap * sizeof *a);
			a = bigger;
			cap *= 2;
		}
		a[n].code = arena_strdup(r->arena, db_col_text(st, 0));
		a[n].name = arena_strdup(r->arena, db_col_text(st, 1));
		a[n].level = arena_strdup(r->arena, db_col_text(st, 2));
		a[n].parent = db_col_null(st, 3) ? NULL : arena_strdup(r->arena, db_col_text(st, 3));
		a[n].population = db_col_null(st, 4) ? -1 : db_col_int(st, 4);
		a[n].first_child = a[n].next_sibling = a[n].parent_idx = -1;
		n++;
	}
	db_done(st);
	/* Link children in display order through a sorted index of codes. */
	struct area **byc = arena_alloc(r->arena, (size_t)(n ? n : 1) * sizeof *byc);
	for (int i = 0; i < n; i++)
		byc[i] = &a[i];
	qsort(byc, (size_t)n, sizeof *byc, cmp_code);
	int *last = arena_alloc(r->arena, (size_t)(n ? n : 1) * sizeof *last);
	for (int i = 0; i < n; i++)
		last[i] = -1;
	for (int i = 0; i < n; i++) {
		if (!a[i].parent)
			continue;
		struct area key = {.code = a[i].parent}, *kp = &key;
		struct area **hit = bsearch(&kp, byc, (size_t)n, sizeof *byc, cmp_code);
		if (!hit || *hit == &a[i])
			continue;
		int p = (int)(*hit - a);
		a[i].parent_idx = p;
		if (last[p] < 0)
			a[p].first_child = i;
		else
			a[last[p]].next_sibling = i;
		last[p] = i;
	}
	*count = n;
	return a;
}

static void render_list(struct req *r, struct area *a, int first, int depth)
{
	struct buf *b = &r->out;
	html_raw_trusted(b, depth == 0 ? "<ul class=\"utrecht-unordered-list wb-tree\">"
				       : "<ul class=\"utrecht-unordered-list\">");
	for (int i = first; i >= 0; i = a[i].next_sibling) {
		html_fmt(b,
			 "<li><a class=\"utrecht-link\" href=\"/gebieden/%s\">%s</a> "
			 "<span class=\"wb-muted\">(%s, %s)</span>",
			 a[i].code, a[i].name, level_label(a[i].level),
			 population_text(r, a[i].population));
		/* Depth guard: a cycle in bad data must not recurse forever. */
		if (a[i].first_child >= 0 && depth < 6)
			render_list(r, a, a[i].first_child, depth + 1);
		html_raw_trusted(b, "</li>");
	}
	html_raw_trusted(b, "</ul>");
}

int page_gebieden(struct req *r)
{
	int n = 0;
	struct area *a = load_tree(r, &n);
	page_begin(r, _("Areas"));
	struct buf *b = &r->out;
	html_fmt(b,
		 "<h1 class=\"utrecht-heading-1\">%s</h1>"
		 "<p class=\"utrecht-paragraph\">%s</p>",
		 _("Areas"),
		 _("The municipality, its districts and neighbourhoods, with the number of inhabitants. "
		   "Choose an area to see its figures, its map and what is on the social map there."));
	if (n == 0) {
		html_fmt(b, "<p class=\"utrecht-paragraph\">%s</p>",
			 _("No areas have been loaded yet. An administrator can import them from CBS open data."));
	} else {
		/* Top level: areas without a (known) parent, already sorted gemeente first. */
		int first = -1, prev = -1;
		for (int i = 0; i < n; i++) {
			if (a[i].parent_idx >= 0)
				continue;
			a[i].next_sibling = -1;
			if (prev < 0)
				first = i;
			else
				a[prev].next_sibling = i;
			prev = i;
		}
		render_list(r, a, first, 0);
	}
	html_fmt(b,
		 "<p class=\"utrecht-paragraph\">%s "
		 "<a class=\"utrecht-link\" href=\"/gebieden.csv\">%s</a> · "
		 "<a class=\"utrecht-link\" href=\"/api/v1/areas\">%s</a></p>"
		 "<p class=\"utrecht-paragraph wb-muted\">%s</p>",
		 _("Download:"), _("all areas as CSV"), _("top-level areas as JSON"),
		 _("Source: CBS Kerncijfers wijken en buurten (CC BY 4.0). Numbers of CBS are rounded to "
		   "multiples of 5 in districts and neighbourhoods, so they do not add up exactly."));
	page_end(r);
	return 200;
}

int page_gebieden_csv(struct req *r)
{
	/* ?parent=CODE: only the areas directly below CODE (as on its page). */
	const char *parent = req_query(r, "parent");
	if (parent && !parent[0])
		parent = NULL;
	if (parent && !area_code_valid(parent))
		return resp_problem(
			r, 400, _("Invalid area code"),
			_("An area code is two capital letters followed by digits, for example GM0141."),
			"parent");
	int n = 0;
	struct area *a = load_tree(r, &n);
	resp_csv(r, parent ? arena_printf(r->arena, "gebieden-%s.csv", parent) : "gebieden.csv");
	struct buf *b = &r->out;
	buf_puts(b, "code,name,level,parent,population\r\n");
	for (int i = 0; i < n; i++) {
		if (parent && (!a[i].parent || strcmp(a[i].parent, parent) != 0))
			continue;
		csv_cell(b, a[i].code, false);
		csv_cell(b, a[i].name, false);
		csv_cell(b, a[i].level, false);
		csv_cell(b, a[i].parent, false);
		csv_cell(b,
			 a[i].population < 0 ? "" : arena_printf(r->arena, "%lld", a[i].population),
			 true);
	}
	return 200;
}

/* ---- one area ---- */

struct figure {
	const char *indicator;
	const char *label;
};

static void render_breadcrumb(struct req *r, const char *parent)
{
	/* Walk up at most six levels; collect, then print from the top down. */
	const char *codes[8], *names[8];
	int n = 0;
	while (parent && n < 6) {
		struct db_stmt *st =
			db_prepare(r->db, "SELECT name, parent FROM areas WHERE code = ?");
		db_bind_text(st, 1, parent);
		const char *next = NULL;
		if (db_step(st) == DB_ROW) {
			codes[n] = parent;
			names[n] = arena_strdup(r->arena, db_col_text(st, 0));
			next = db_col_null(st, 1) ? NULL
						  : arena_strdup(r->arena, db_col_text(st, 1));
			n++;
		}
		db_done(st);
		parent = next;
	}
	html_fmt(&r->out,
		 "<nav aria-label=\"%s\" class=\"wb-breadcrumb\"><ol class=\"utrecht-breadcrumb-nav\">"
		 "<li><a class=\"utrecht-link\" href=\"/gebieden\">%s</a></li>",
		 _("Breadcrumb"), _("Areas"));
	for (int i = n - 1; i >= 0; i--)
		html_fmt(&r->out, "<li><a class=\"utrecht-link\" href=\"/gebieden/%s\">%s</a></li>",
			 codes[i], names[i]);
	html_raw_trusted(&r->out, "</ol></nav>");
}

static void render_figures(struct req *r, const char *code, const char *name)
{
	static const struct figure figs[] = {
		{"a_inw", N_("Inhabitants")},      {"a_man", N_("Men")},
		{"a_vrouw", N_("Women")},          {"a_00_14", N_("0 to 14 years")},
		{"a_15_24", N_("15 to 24 years")}, {"a_25_44", N_("25 to 44 years")},
		{"a_45_64", N_("45 to 64 years")}, {"a_65_oo", N_("65 years and older")},
	};
	double val[8];
	bool has[8] = {false};
	long long year = 0;
	struct db_stmt *st = db_prepare(
		r->db,
		"SELECT indicator, value, year FROM area_figures WHERE area_code = ? AND year ="
		" (SELECT max(year) FROM area_figures WHERE area_code = ? AND indicator = 'a_inw')");
	db_bind_text(st, 1, code);
	db_bind_text(st, 2, code);
	int any = 0;
	while (db_step(st) == DB_ROW) {
		year = db_col_int(st, 2);
		for (int i = 0; i < 8; i++)
			if (!strcmp(db_col_text(st, 0), figs[i].indicator) && !db_col_null(st, 1)) {
				val[i] = db_col_double(st, 1);
				has[i] = true;
				any++;
			}
	}
	db_done(st);
	struct buf *b = &r->out;
	html_fmt(b, "<h2 class=\"utrecht-heading-2\" id=\"cijfers\">%s</h2>", _("Key figures"));
	if (!any) {
		html_fmt(b, "<p class=\"utrecht-paragraph\">%s</p>",
			 _("There are no figures for this area yet."));
		return;
	}
	html_fmt(b,
		 "<table class=\"utrecht-table\"><caption class=\"utrecht-table__caption\">%s %s, %lld (CBS)</caption>"
		 "<thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">"
		 "<th scope=\"col\" class=\"utrecht-table__header-cell\">%s</th>"
		 "<th scope=\"col\" class=\"utrecht-table__header-cell utrecht-table__header-cell--numeric\">%s</th>"
		 "<th scope=\"col\" class=\"utrecht-table__header-cell utrecht-table__header-cell--numeric\">%s</th>"
		 "</tr></thead><tbody class=\"utrecht-table__body\">",
		 _("Key figures of"), name, year, _("Figure"), _("Number"),
		 _("Share of inhabitants"));
	for (int i = 0; i < 8; i++) {
		html_fmt(b,
			 "<tr class=\"utrecht-table__row\"><th scope=\"row\" class=\"utrecht-table__header-cell\">%s</th>",
			 _(figs[i].label));
		if (!has[i]) {
			html_fmt(b,
				 "<td class=\"utrecht-table__cell\">%s</td><td class=\"utrecht-table__cell\"></td></tr>",
				 _("unknown"));
			continue;
		}
		html_fmt(b, "<td class=\"utrecht-table__cell utrecht-table__cell--numeric\">%s</td>",
			 fmt_count(r, (long long)val[i]));
		if (i > 0 && has[0] && val[0] > 0)
			html_fmt(b,
				 "<td class=\"utrecht-table__cell utrecht-table__cell--numeric\">%.0f%%</td></tr>",
				 100.0 * val[i] / val[0]);
		else
			html_raw_trusted(b, "<td class=\"utrecht-table__cell\"></td></tr>");
	}
	html_fmt(b, "</tbody></table><p class=\"utrecht-paragraph wb-muted\">%s</p>",
		 _("Source: CBS Kerncijfers wijken en buurten (CC BY 4.0). Shares do not always add up to "
		   "100% because CBS rounds the numbers."));
}

/* The map and its text equivalent: the children, or the area itself. */
static void render_map_and_children(struct req *r, const char *code, const char *name,
				    const char *level, long long population, const char *geometry)
{
	struct db_stmt *st = db_prepare(
		r->db,
		"SELECT code, name, population, geometry FROM areas WHERE parent = ? ORDER BY name, code");
	db_bind_text(st, 1, code);
	int cap = 16, n = 0;
	struct geo_shape *s = arena_alloc(r->arena, (size_t)cap * sizeof *s);
	while (db_step(st) == DB_ROW) {
		if (n == cap) {
			struct geo_shape *bigger =
				arena_alloc(r->arena, (size_t)cap * 2 * sizeof *s);
			memcpy(bigger, s, (size_t)cap * sizeof *s);
			s = bigger;
			cap *= 2;
		}
		s[n].code = arena_strdup(r->arena, db_col_text(st, 0));
		s[n].name = arena_strdup(r->arena, db_col_text(st, 1));
		s[n].population = db_col_null(st, 2) ? -1 : db_col_int(st, 2);
		json_t *g = db_col_null(st, 3) ? NULL : json_loads(db_col_text(st, 3), 0, NULL);
		s[n].geometry = g;
		n++;
	}
	db_done(st);
	int nchildren = n;
	if (n == 0) {
		s[0].code = code;
		s[0].name = name;
		s[0].population = population;
		s[0].geometry = geometry ? json_loads(geometry, 0, NULL) : NULL;
		n = 1;
	}
	struct buf *b = &r->out;
	html_fmt(b, "<h2 class=\"utrecht-heading-2\" id=\"kaart\">%s</h2>", _("Map"));
	const char *title = arena_printf(r->arena, "%s: %s", _("Map"), name);
	const char *desc =
		nchildren
			? _("Each area is coloured by its number of inhabitants: the darker, the more "
			    "inhabitants. The table below the map gives the same numbers.")
			: _("The boundary of this area. The numbers are in the table of key figures.");
	html_raw_trusted(b, "<figure class=\"wb-map-figure\">");
	int drawn = geo_svg_map(b, s, n, "wb-map", title, desc, _("inhabitants"), _("unknown"),
				_("Inhabitants"));
	if (!drawn && nchildren && geometry) {
		/* The smaller areas have no boundaries yet: draw the area itself. */
		json_t *g = json_loads(geometry, 0, NULL);
		struct geo_shape self = {code, name, g, population};
		drawn = geo_svg_map(
			b, &self, 1, "wb-map", title,
			_("The boundary of this area. The numbers are in the table of key figures."),
			_("inhabitants"), _("unknown"), _("Inhabitants"));
		json_decref(g);
	}
	if (!drawn)
		html_fmt(b, "<p class=\"utrecht-paragraph\">%s</p>",
			 _("There is no boundary of this area yet."));
	html_raw_trusted(b, "</figure>");
	for (int i = 0; i < n; i++)
		json_decref((json_t *)s[i].geometry);

	html_fmt(b, "<h2 class=\"utrecht-heading-2\" id=\"gebieden\">%s</h2>",
		 children_label(level));
	if (!nchildren) {
		html_fmt(b, "<p class=\"utrecht-paragraph\">%s</p>",
			 _("This area has no smaller areas."));
		return;
	}
	long long bounds[GEO_CLASSES], lo;
	geo_classes(s, n, bounds, &lo);
	html_fmt(b,
		 "<table class=\"utrecht-table\"><caption class=\"utrecht-table__caption\">%s %s</caption>"
		 "<thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">"
		 "<th scope=\"col\" class=\"utrecht-table__header-cell\">%s</th>"
		 "<th scope=\"col\" class=\"utrecht-table__header-cell\">%s</th>"
		 "<th scope=\"col\" class=\"utrecht-table__header-cell utrecht-table__header-cell--numeric\">%s</th>"
		 "<th scope=\"col\" class=\"utrecht-table__header-cell\">%s</th>"
		 "</tr></thead><tbody class=\"utrecht-table__body\">",
		 children_label(level), arena_printf(r->arena, "%s %s", _("in"), name), _("Area"),
		 _("Code"), _("Inhabitants"), _("Class on the map (inhabitants)"));
	for (int i = 0; i < n; i++) {
		int cls = geo_class_of(s[i].population, bounds);
		html_fmt(b,
			 "<tr class=\"utrecht-table__row\"><th scope=\"row\" class=\"utrecht-table__header-cell\">"
			 "<a class=\"utrecht-link\" href=\"/gebieden/%s\">%s</a></th>"
			 "<td class=\"utrecht-table__cell\">%s</td>"
			 "<td class=\"utrecht-table__cell utrecht-table__cell--numeric\">%s</td>",
			 s[i].code, s[i].name, s[i].code,
			 s[i].population < 0 ? _("unknown") : fmt_count(r, s[i].population));
		if (cls < 0)
			html_fmt(b, "<td class=\"utrecht-table__cell\">%s</td></tr>",
				 _("grey (unknown)"));
		else
			html_fmt(b, "<td class=\"utrecht-table__cell\">%s – %s</td></tr>",
				 fmt_count(r, cls == 0 ? lo : bounds[cls - 1] + 1),
				 fmt_count(r, bounds[cls]));
	}
	html_raw_trusted(b, "</tbody></table>");
}

static const char *kind_label(const char *kind)
{
	if (!strcmp(kind, "bewonersinitiatief"))
		return _("Resident initiative");
	if (!strcmp(kind, "vereniging"))
		return _("Association");
	if (!strcmp(kind, "organisatie"))
		return _("Organisation");
	if (!strcmp(kind, "ontmoetingsplek"))
		return _("Meeting place");
	if (!strcmp(kind, "voorziening"))
		return _("Service");
	if (!strcmp(kind, "talent"))
		return _("Talent");
	return kind;
}

/* Published sociale kaart items in this area or any area below it. */
static void render_kaart(struct req *r, const char *code, const char *name)
{
	struct buf *b = &r->out;
	html_fmt(b, "<h2 class=\"utrecht-heading-2\" id=\"sociale-kaart\">%s</h2>",
		 _("On the social map"));
	struct db_stmt *st = db_prepare(
		r->db,
		"WITH RECURSIVE sub(code, depth) AS ("
		"  SELECT ?, 0"
		"  UNION SELECT a.code, sub.depth + 1 FROM areas a JOIN sub ON a.parent = sub.code"
		"  WHERE sub.depth < 8)"
		" SELECT k.id, k.name, k.kind FROM kaart_items k"
		" WHERE k.status = 'published' AND k.area_code IN (SELECT code FROM sub)"
		" ORDER BY k.name COLLATE NOCASE, k.id LIMIT 201");
	db_bind_text(st, 1, code);
	int n = 0;
	while (db_step(st) == DB_ROW && n < 200) {
		if (n++ == 0)
			html_raw_trusted(b, "<ul class=\"utrecht-unordered-list\">");
		html_fmt(b,
			 "<li><a class=\"utrecht-link\" href=\"/kaart/%lld\">%s</a> "
			 "<span class=\"wb-muted\">(%s)</span></li>",
			 db_col_int(st, 0), db_col_text(st, 1), kind_label(db_col_text(st, 2)));
	}
	db_done(st);
	if (n)
		html_raw_trusted(b, "</ul>");
	else
		html_fmt(b, "<p class=\"utrecht-paragraph\">%s</p>",
			 _("Nothing has been put on the social map for this area yet."));
	html_fmt(b,
		 "<p class=\"utrecht-paragraph\"><a class=\"utrecht-link\" href=\"/kaart?area=%s\">%s %s</a></p>",
		 code, _("Everything on the social map in"), name);
}

int page_gebied(struct req *r)
{
	const char *code = req_param(r, 0);
	if (!area_code_valid(code))
		return resp_error_page(r, 404, _("There is no area with this code."));
	struct db_stmt *st = db_prepare(
		r->db, "SELECT name, level, parent, population, geometry FROM areas WHERE code = ?");
	db_bind_text(st, 1, code);
	if (db_step(st) != DB_ROW) {
		db_done(st);
		return resp_error_page(r, 404, _("There is no area with this code."));
	}
	const char *name = arena_strdup(r->arena, db_col_text(st, 0));
	const char *level = arena_strdup(r->arena, db_col_text(st, 1));
	const char *parent = db_col_null(st, 2) ? NULL : arena_strdup(r->arena, db_col_text(st, 2));
	long long population = db_col_null(st, 3) ? -1 : db_col_int(st, 3);
	const char *geometry =
		db_col_null(st, 4) ? NULL : arena_strdup(r->arena, db_col_text(st, 4));
	db_done(st);

	page_begin(r, name);
	struct buf *b = &r->out;
	render_breadcrumb(r, parent);
	html_fmt(b,
		 "<h1 class=\"utrecht-heading-1\">%s</h1>"
		 "<p class=\"utrecht-paragraph utrecht-paragraph--lead\">%s %s · %s · %s</p>",
		 name, _("CBS code"), code, level_label(level), population_text(r, population));
	render_figures(r, code, name);
	render_map_and_children(r, code, name, level, population, geometry);
	render_kaart(r, code, name);
	html_fmt(b,
		 "<p class=\"utrecht-paragraph\">%s <a class=\"utrecht-link\" "
		 "href=\"/api/v1/areas/%s\">%s</a> · ",
		 _("This data:"), code, _("JSON"));
	if (strcmp(level, "buurt") != 0)
		html_fmt(b,
			 "<a class=\"utrecht-link\" href=\"/api/v1/areas?parent=%s\">%s</a> · "
			 "<a class=\"utrecht-link\" href=\"/gebieden.csv?parent=%s\">%s</a> · ",
			 code, _("smaller areas as JSON"), code, _("smaller areas as CSV"));
	html_fmt(b, "<a class=\"utrecht-link\" href=\"/gebieden.csv\">%s</a></p>",
		 _("all areas as CSV"));
	page_end(r);
	return 200;
}
