/* SPDX-License-Identifier: EUPL-1.2 */
/* kaart_query.c: filters, search and shared output of the published sociale
 * kaart (see kaart_query.h). */
#include "kaart/kaart_query.h"

#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "db/fts_dutch.h"
#include "html/html.h"
#include "http/form.h"
#include "http/http.h"
#include "i18n/i18n.h"
#include "util/mem.h"
#include "util/text.h"

static const char *nonempty(const char *s) { return s && *s ? s : NULL; }

static bool area_exists(struct db *db, const char *code)
{
	struct db_stmt *s = db_prepare(db, "SELECT 1 FROM areas WHERE code = ?");
	db_bind_text(s, 1, code);
	bool ok = db_step(s) == DB_ROW;
	db_done(s);
	return ok;
}

bool kaart_filter_parse(struct db *db, const struct kvlist *query, struct kaart_filter *f,
			struct kaart_errors *e)
{
	int before = e->n;
	memset(f, 0, sizeof *f);
	f->page = 1;
	f->per_page = KAART_PER_PAGE;
	f->q = nonempty(kv_get(query, "q"));
	if (f->q && utf8_length(f->q) > KAART_MAX_QUERY) {
		kaart_error_add(e, "q", N_("The search text is too long."));
		f->q = NULL;
	}
	f->area = nonempty(kv_get(query, "area"));
	if (f->area && (strlen(f->area) > 16 || !area_exists(db, f->area))) {
		kaart_error_add(e, "area", N_("This area is not known."));
		f->area = NULL;
	}
	f->kind = nonempty(kv_get(query, "kind"));
	if (f->kind && kaart_list_index(kaart_kinds, KAART_NKINDS, f->kind) < 0) {
		kaart_error_add(e, "kind", N_("This kind is not in the list."));
		f->kind = NULL;
	}
	f->theme = nonempty(kv_get(query, "theme"));
	if (f->theme && kaart_list_index(kaart_themes, KAART_NTHEMES, f->theme) < 0) {
		kaart_error_add(e, "theme", N_("This theme is not in the list."));
		f->theme = NULL;
	}
	f->pillar = nonempty(kv_get(query, "pillar"));
	if (f->pillar && kaart_list_index(kaart_pillars, KAART_NPILLARS, f->pillar) < 0) {
		kaart_error_add(e, "pillar", N_("This pillar is not in the list."));
		f->pillar = NULL;
	}
	const char *per_page = nonempty(kv_get(query, "per_page"));
	long pp;
	if (per_page && !parse_long(per_page, 1, KAART_MAX_PER_PAGE, &pp))
		kaart_error_add(e, "per_page",
				N_("The number per page must be a whole number from 1 to 100."));
	else if (per_page)
		f->per_page = (int)pp;
	const char *page = nonempty(kv_get(query, "page"));
	if (page && !parse_long(page, 1, KAART_MAX_PAGE, &f->page)) {
		kaart_error_add(e, "page", N_("The page must be a whole number from 1."));
		f->page = 1;
	}
	return e->n == before;
}

static void add_param(struct arena *a, struct buf *b, const char *name, const char *value)
{
	if (!value)
		return;
	buf_printf(b, "%c%s=%s", b->len ? '&' : '?', name, url_encode(a, value));
}

char *kaart_filter_query(struct arena *a, const struct kaart_filter *f, long page)
{
	struct buf b = BUF_INIT;
	add_param(a, &b, "q", f->q);
	add_param(a, &b, "area", f->area);
	add_param(a, &b, "kind", f->kind);
	add_param(a, &b, "theme", f->theme);
	add_param(a, &b, "pillar", f->pillar);
	if (f->per_page > 0 && f->per_page != KAART_PER_PAGE)
		add_param(a, &b, "per_page", arena_printf(a, "%d", f->per_page));
	if (page > 1)
		add_param(a, &b, "page", arena_printf(a, "%ld", page));
	char *s = arena_strdup(a, b.len ? b.data : "");
	buf_free(&b);
	return s;
}

/*
 * The search, as four literal statements (with or without full-text search,
 * rows or count) sharing one WHERE clause. ?1 area, ?2 kind, ?3 theme,
 * ?4 pillar, ?5 MATCH expression, ?6 limit, ?7 offset. The recursive CTE
 * collects the chosen area and everything below it.
 */
#define SUB_AREAS                                                                                  \
	"WITH RECURSIVE sub(code) AS (SELECT ?1 WHERE ?1 IS NOT NULL"                              \
	" UNION SELECT a.code FROM areas a JOIN sub ON a.parent = sub.code) "
#define COLUMNS                                                                                    \
	"k.id, k.name, k.description, k.kind, coalesce(k.area_code, ''), coalesce(ar.name, ''),"   \
	" CASE WHEN k.show_contact THEN k.contact ELSE '' END, k.when_where, k.accessibility,"     \
	" coalesce(k.last_checked, ''), k.source,"                                                 \
	" (SELECT group_concat(theme, '|') FROM kaart_item_themes WHERE item_id = k.id),"          \
	" (SELECT group_concat(pillar, '|') FROM kaart_item_pillars WHERE item_id = k.id)"
/* The same columns for lists: themes and pillars come NULL here and are
 * filled for the whole page by one query in fill_tags(), instead of two
 * correlated subqueries per row. */
#define COLUMNS_LIST                                                                               \
	"k.id, k.name, k.description, k.kind, coalesce(k.area_code, ''), coalesce(ar.name, ''),"   \
	" CASE WHEN k.show_contact THEN k.contact ELSE '' END, k.when_where, k.accessibility,"     \
	" coalesce(k.last_checked, ''), k.source, NULL, NULL"
#define WHERE                                                                                      \
	" k.status = 'published' AND k.corrects_id IS NULL"                                        \
	" AND (?1 IS NULL OR k.area_code IN (SELECT code FROM sub))"                               \
	" AND (?2 IS NULL OR k.kind = ?2)"                                                         \
	" AND (?3 IS NULL OR EXISTS (SELECT 1 FROM kaart_item_themes t"                            \
	"      WHERE t.item_id = k.id AND t.theme = ?3))"                                          \
	" AND (?4 IS NULL OR EXISTS (SELECT 1 FROM kaart_item_pillars p"                           \
	"      WHERE p.item_id = k.id AND p.pillar = ?4))"

static const char SQL_ROWS[] = SUB_AREAS
	"SELECT " COLUMNS_LIST " FROM kaart_items k LEFT JOIN areas ar ON ar.code = k.area_code"
	" WHERE" WHERE " AND ?5 IS NULL ORDER BY k.name COLLATE NOCASE, k.id LIMIT ?6 OFFSET ?7";
static const char SQL_COUNT[] =
	SUB_AREAS "SELECT count(*) FROM kaart_items k WHERE" WHERE " AND ?5 IS NULL";
static const char SQL_ROWS_FTS[] = SUB_AREAS
	"SELECT " COLUMNS_LIST " FROM kaart_fts f JOIN kaart_items k ON k.id = f.rowid"
	" LEFT JOIN areas ar ON ar.code = k.area_code"
	" WHERE kaart_fts MATCH ?5 AND" WHERE " ORDER BY f.rank, k.name COLLATE NOCASE, k.id"
	" LIMIT ?6 OFFSET ?7";
static const char SQL_COUNT_FTS[] =
	SUB_AREAS "SELECT count(*) FROM kaart_fts f JOIN kaart_items k ON k.id = f.rowid"
		  " WHERE kaart_fts MATCH ?5 AND" WHERE;

static void bind_filter(struct db_stmt *s, const struct kaart_filter *f, const char *match)
{
	db_bind_text(s, 1, f->area);
	db_bind_text(s, 2, f->kind);
	db_bind_text(s, 3, f->theme);
	db_bind_text(s, 4, f->pillar);
	db_bind_text(s, 5, match);
}

/* Splits a "a|b" list from group_concat into out (values from list only). */
static int split_stored(const char *s, const char *const *list, int nlist, const char **out)
{
	int n = 0;
	while (s && *s && n < nlist) {
		size_t len = strcspn(s, "|");
		for (int i = 0; i < nlist; i++)
			if (strlen(list[i]) == len && strncmp(list[i], s, len) == 0)
				out[n++] = list[i];
		s += len;
		if (*s == '|')
			s++;
	}
	return n;
}

static void read_row(struct db_stmt *s, struct arena *a, struct kaart_row *r)
{
	memset(r, 0, sizeof *r);
	r->id = db_col_int(s, 0);
	r->name = arena_strdup(a, db_col_text(s, 1));
	r->description = arena_strdup(a, db_col_text(s, 2));
	r->kind = arena_strdup(a, db_col_text(s, 3));
	r->area_code = arena_strdup(a, db_col_text(s, 4));
	r->area_name = arena_strdup(a, db_col_text(s, 5));
	r->contact = arena_strdup(a, db_col_text(s, 6));
	r->when_where = arena_strdup(a, db_col_text(s, 7));
	r->accessibility = arena_strdup(a, db_col_text(s, 8));
	r->last_checked = arena_strdup(a, db_col_text(s, 9));
	r->source = arena_strdup(a, db_col_text(s, 10));
	/* In list order, so output does not depend on group_concat's order. */
	const char *tmp[KAART_NTHEMES];
	int n = split_stored(db_col_text(s, 11), kaart_themes, KAART_NTHEMES, tmp);
	for (int i = 0; i < KAART_NTHEMES; i++)
		for (int j = 0; j < n; j++)
			if (tmp[j] == kaart_themes[i])
				r->themes[r->nthemes++] = kaart_themes[i];
	n = split_stored(db_col_text(s, 12), kaart_pillars, KAART_NPILLARS, tmp);
	for (int i = 0; i < KAART_NPILLARS; i++)
		for (int j = 0; j < n; j++)
			if (tmp[j] == kaart_pillars[i])
				r->pillars[r->npillars++] = kaart_pillars[i];
	r->stale = kaart_is_stale(*r->last_checked ? r->last_checked : NULL);
}

struct id_row {
	long long id;
	int row;
};

static int cmp_id_row(const void *x, const void *y)
{
	const struct id_row *a = x, *b = y;
	return a->id < b->id ? -1 : a->id > b->id;
}

/* Sets bit idx of the row's theme or pillar mask (lists have < 32 entries). */
static void mark_tag(struct db_stmt *s, const struct id_row *map, int n, unsigned *themes,
		     unsigned *pillars)
{
	struct id_row key = {.id = db_col_int(s, 0)};
	const struct id_row *hit = bsearch(&key, map, (size_t)n, sizeof *map, cmp_id_row);
	if (!hit)
		return;
	bool is_pillar = db_col_int(s, 1) != 0;
	int idx = is_pillar ? kaart_list_index(kaart_pillars, KAART_NPILLARS, db_col_text(s, 2))
			    : kaart_list_index(kaart_themes, KAART_NTHEMES, db_col_text(s, 2));
	if (idx >= 0 && idx < 32)
		(is_pillar ? pillars : themes)[hit->row] |= 1u << idx;
}

/*
 * Fills themes and pillars of all rows of a page with one query; the ids go
 * in as one JSON array bound to ?1. Output keeps list order, as read_row.
 */
static int fill_tags(struct db *db, struct arena *a, struct kaart_row *rows, int n)
{
	if (n == 0)
		return 0;
	struct buf ids = BUF_INIT;
	struct id_row *map = arena_calloc(a, (size_t)n, sizeof *map);
	buf_putc(&ids, '[');
	for (int i = 0; i < n; i++) {
		buf_printf(&ids, "%s%lld", i ? "," : "", rows[i].id);
		map[i] = (struct id_row){rows[i].id, i};
	}
	buf_puts(&ids, "]");
	qsort(map, (size_t)n, sizeof *map, cmp_id_row);
	unsigned *themes = arena_calloc(a, (size_t)n, sizeof *themes);
	unsigned *pillars = arena_calloc(a, (size_t)n, sizeof *pillars);
	struct db_stmt *s = db_prepare(
		db, "SELECT item_id, 0, theme FROM kaart_item_themes"
		    " WHERE item_id IN (SELECT value FROM json_each(?1))"
		    " UNION ALL SELECT item_id, 1, pillar FROM kaart_item_pillars"
		    " WHERE item_id IN (SELECT value FROM json_each(?1))");
	db_bind_text(s, 1, ids.data);
	int rc;
	while ((rc = db_step(s)) == DB_ROW)
		mark_tag(s, map, n, themes, pillars);
	db_done(s);
	buf_free(&ids);
	for (int j = 0; j < n; j++) {
		for (int i = 0; i < KAART_NTHEMES; i++)
			if (themes[j] & (1u << i))
				rows[j].themes[rows[j].nthemes++] = kaart_themes[i];
		for (int i = 0; i < KAART_NPILLARS; i++)
			if (pillars[j] & (1u << i))
				rows[j].pillars[rows[j].npillars++] = kaart_pillars[i];
	}
	return rc == DB_DONE ? 0 : -1;
}

int kaart_search(struct db *db, struct arena *a, const struct kaart_filter *f,
		 struct kaart_row **rows, int *nrows, long long *total)
{
	*rows = NULL;
	*nrows = 0;
	*total = 0;
	const char *match = f->q ? fts_dutch_match_expr(a, f->q) : NULL;
	struct db_stmt *s = db_prepare(db, match ? SQL_COUNT_FTS : SQL_COUNT);
	bind_filter(s, f, match);
	int rc = db_step(s);
	if (rc == DB_ROW)
		*total = db_col_int(s, 0);
	db_done(s);
	if (rc != DB_ROW)
		return -1;
	long long offset = f->per_page > 0 ? (long long)(f->page - 1) * f->per_page : 0;
	if (*total == 0 || offset >= *total)
		return 0;
	long long want = f->per_page > 0 ? f->per_page : *total;
	if (want > *total - offset)
		want = *total - offset;
	*rows = arena_calloc(a, (size_t)want, sizeof **rows);
	s = db_prepare(db, match ? SQL_ROWS_FTS : SQL_ROWS);
	bind_filter(s, f, match);
	db_bind_int(s, 6, f->per_page > 0 ? f->per_page : -1);
	db_bind_int(s, 7, offset);
	while (*nrows < want && (rc = db_step(s)) == DB_ROW)
		read_row(s, a, &(*rows)[(*nrows)++]);
	db_done(s);
	if (rc == DB_ERROR || rc == DB_BUSY)
		return -1;
	return fill_tags(db, a, *rows, *nrows);
}

bool kaart_get_published(struct db *db, struct arena *a, long long id, struct kaart_row *row)
{
	struct db_stmt *s =
		db_prepare(db,
			   "SELECT " COLUMNS
			   " FROM kaart_items k LEFT JOIN areas ar ON ar.code = k.area_code"
			   " WHERE k.id = ? AND k.status = 'published' AND k.corrects_id IS NULL");
	db_bind_int(s, 1, id);
	bool found = db_step(s) == DB_ROW;
	if (found)
		read_row(s, a, row);
	db_done(s);
	return found;
}

long long kaart_parse_id(const char *s)
{
	long v;
	return s && parse_long(s, 1, 2000000000L, &v) ? v : 0;
}

int kaart_areas(struct db *db, struct arena *a, struct kaart_area **out)
{
	/* Order: gemeente (no parent or a regio parent), then wijken by name,
	 * each followed by its buurten by name. */
	struct db_stmt *s = db_prepare(
		db,
		"SELECT a.code, a.name, a.level, coalesce(a.parent, ''),"
		" CASE a.level WHEN 'gemeente' THEN a.name WHEN 'wijk' THEN g.name ELSE gg.name END,"
		" CASE a.level WHEN 'gemeente' THEN '' WHEN 'wijk' THEN a.name ELSE w.name END,"
		" CASE a.level WHEN 'buurt' THEN a.name ELSE '' END"
		" FROM areas a LEFT JOIN areas g ON g.code = a.parent"
		" LEFT JOIN areas w ON w.code = a.parent LEFT JOIN areas gg ON gg.code = w.parent"
		" WHERE a.level IN ('gemeente', 'wijk', 'buurt')"
		" ORDER BY 5, 6, 7");
	int n = 0, cap = 128;
	struct kaart_area *v = arena_alloc(a, cap * sizeof *v);
	while (db_step(s) == DB_ROW) {
		if (n == cap) {
			struct kaart_area *w = arena_alloc(a, 2 * cap * sizeof *w);
			memcpy(w, v, n * sizeof *v);
			v = w;
			cap *= 2;
		}
		v[n].code = arena_strdup(a, db_col_text(s, 0));
		v[n].name = arena_strdup(a, db_col_text(s, 1));
		v[n].level = arena_strdup(a, db_col_text(s, 2));
		v[n].parent = arena_strdup(a, db_col_text(s, 3));
		n++;
	}
	db_done(s);
	*out = v;
	return n;
}

json_t *kaart_row_json(const struct kaart_row *r)
{
	json_t *themes = json_array(), *pillars = json_array();
	for (int i = 0; i < r->nthemes; i++)
		json_array_append_new(themes, json_string(r->themes[i]));
	for (int i = 0; i < r->npillars; i++)
		json_array_append_new(pillars, json_string(r->pillars[i]));
	return json_pack("{s:I, s:s, s:s, s:s, s:s?, s:s?, s:o, s:o, s:s, s:s, s:s, s:s?, s:b}",
			 "id", (json_int_t)r->id, "name", r->name, "description", r->description,
			 "kind", r->kind, "area", *r->area_code ? r->area_code : NULL, "area_name",
			 *r->area_name ? r->area_name : NULL, "themes", themes, "pillars", pillars,
			 "contact", r->contact, "when_where", r->when_where, "accessibility",
			 r->accessibility, "last_checked",
			 *r->last_checked ? r->last_checked : NULL, "stale", r->stale);
}

void kaart_csv_header(struct buf *b)
{
	buf_puts(b, "id,name,description,kind,area,area_name,themes,pillars,contact,when_where,"
		    "accessibility,last_checked,stale\r\n");
}

static const char *join(struct buf *tmp, const char *const *v, int n)
{
	buf_reset(tmp);
	buf_append(tmp, "", 0);
	for (int i = 0; i < n; i++) {
		if (i)
			buf_putc(tmp, '|');
		buf_puts(tmp, v[i]);
	}
	return tmp->data;
}

void kaart_csv_row(struct buf *b, const struct kaart_row *r)
{
	char id[24];
	snprintf(id, sizeof id, "%lld", r->id);
	struct buf tmp = BUF_INIT;
	csv_cell(b, id, false);
	csv_cell(b, r->name, false);
	csv_cell(b, r->description, false);
	csv_cell(b, r->kind, false);
	csv_cell(b, r->area_code, false);
	csv_cell(b, r->area_name, false);
	csv_cell(b, join(&tmp, r->themes, r->nthemes), false);
	csv_cell(b, join(&tmp, r->pillars, r->npillars), false);
	csv_cell(b, r->contact, false);
	csv_cell(b, r->when_where, false);
	csv_cell(b, r->accessibility, false);
	csv_cell(b, r->last_checked, false);
	csv_cell(b, r->stale ? "true" : "false", true);
	buf_free(&tmp);
}
