/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * page_kaart_overzicht.c: the sociale kaart in numbers for policy advisers:
 * published items per wijk x pillar and per wijk x theme, as tables, a
 * server-made SVG heat grid (the tables are its text equivalent), JSON at
 * /api/v1/kaart/overzicht and CSV at /kaart/overzicht.csv. An item in a
 * buurt counts for the buurt's wijk; items for the whole gemeente or without
 * an area are counted in one extra row.
 */
#include <string.h>

#include "db/db.h"
#include "html/html.h"
#include "html/layout.h"
#include "i18n/i18n.h"
#include "kaart/kaart.h"
#include "kaart/kaart_model.h"

#define MAX_WIJKEN 64

struct overview {
	int nrows;                        /* wijken plus the extra row */
	const char *code[MAX_WIJKEN + 1]; /* "" for the extra row */
	const char *name[MAX_WIJKEN + 1];
	int total[MAX_WIJKEN + 1];
	int pillar[MAX_WIJKEN + 1][KAART_NPILLARS];
	int theme[MAX_WIJKEN + 1][KAART_NTHEMES];
};

/* Each published item with the wijk it belongs to ('' when none). */
#define ITEM_WIJK                                                                                  \
	"WITH iw(id, wijk) AS (SELECT k.id, CASE a.level WHEN 'wijk' THEN a.code"                  \
	" WHEN 'buurt' THEN coalesce(a.parent, '') ELSE '' END FROM kaart_items k"                 \
	" LEFT JOIN areas a ON a.code = k.area_code"                                               \
	" WHERE k.status = 'published' AND k.corrects_id IS NULL) "

static int row_of(const struct overview *o, const char *code)
{
	for (int i = 0; i < o->nrows; i++)
		if (strcmp(o->code[i], code) == 0)
			return i;
	return o->nrows - 1; /* a wijk beyond MAX_WIJKEN lands in the extra row */
}

/* Fills o from the database. Returns 0, or -1 on a database error. */
static int load_overview(struct req *r, struct overview *o)
{
	memset(o, 0, sizeof *o);
	struct db_stmt *s =
		db_prepare(r->db, "SELECT code, name FROM areas WHERE level = 'wijk' ORDER BY code");
	while (o->nrows < MAX_WIJKEN && db_step(s) == DB_ROW) {
		o->code[o->nrows] = arena_strdup(r->arena, db_col_text(s, 0));
		o->name[o->nrows++] = arena_strdup(r->arena, db_col_text(s, 1));
	}
	db_done(s);
	o->code[o->nrows] = "";
	o->name[o->nrows++] = _("Whole gemeente or no area");

	s = db_prepare(r->db, ITEM_WIJK "SELECT wijk, count(*) FROM iw GROUP BY wijk");
	int rc;
	while ((rc = db_step(s)) == DB_ROW)
		o->total[row_of(o, db_col_text(s, 0))] += (int)db_col_int(s, 1);
	db_done(s);
	if (rc != DB_DONE)
		return -1;
	s = db_prepare(r->db,
		       ITEM_WIJK "SELECT wijk, p.pillar, count(*) FROM iw"
				 " JOIN kaart_item_pillars p ON p.item_id = iw.id GROUP BY 1, 2");
	while ((rc = db_step(s)) == DB_ROW) {
		int c = kaart_list_index(kaart_pillars, KAART_NPILLARS, db_col_text(s, 1));
		if (c >= 0)
			o->pillar[row_of(o, db_col_text(s, 0))][c] += (int)db_col_int(s, 2);
	}
	db_done(s);
	if (rc != DB_DONE)
		return -1;
	s = db_prepare(r->db,
		       ITEM_WIJK "SELECT wijk, t.theme, count(*) FROM iw"
				 " JOIN kaart_item_themes t ON t.item_id = iw.id GROUP BY 1, 2");
	while ((rc = db_step(s)) == DB_ROW) {
		int c = kaart_list_index(kaart_themes, KAART_NTHEMES, db_col_text(s, 1));
		if (c >= 0)
			o->theme[row_of(o, db_col_text(s, 0))][c] += (int)db_col_int(s, 2);
	}
	db_done(s);
	return rc == DB_DONE ? 0 : -1;
}

/* One wijk x column table. cols are stored values; counts is row-major
 * with stride ncols. */
static void count_table(struct req *r, const struct overview *o, const char *caption,
			const char *const *cols, int ncols, const char *(*label)(const char *),
			const int *counts, int stride)
{
	struct buf *b = &r->out;
	html_fmt(b,
		 "<div class=\"wb-table-wrap\"><table class=\"utrecht-table\"><caption>%s</caption>"
		 "<thead><tr><th scope=\"col\">%s</th>",
		 caption, _("District"));
	for (int c = 0; c < ncols; c++)
		html_fmt(b, "<th scope=\"col\" class=\"wb-num\">%s</th>", _(label(cols[c])));
	html_fmt(b, "<th scope=\"col\" class=\"wb-num\">%s</th></tr></thead><tbody>", _("Items"));
	for (int i = 0; i < o->nrows; i++) {
		if (*o->code[i])
			html_fmt(b,
				 "<tr><th scope=\"row\"><a class=\"utrecht-link\" href=\"/kaart?area=%s\">"
				 "%s</a></th>",
				 o->code[i], o->name[i]);
		else
			html_fmt(b, "<tr><th scope=\"row\">%s</th>", o->name[i]);
		for (int c = 0; c < ncols; c++)
			html_fmt(b, "<td class=\"wb-num\">%d</td>", counts[i * stride + c]);
		html_fmt(b, "<td class=\"wb-num\">%d</td></tr>", o->total[i]);
	}
	html_raw_trusted(b, "</tbody></table></div>\n");
}

/* The site's colour scale (static/wijkbasis.css, .wb-map .wb-scale-N). Only
 * steps 1-4 are used: dark text keeps at least 4.5:1 contrast on them. */
static int heat_step(int v, int max)
{
	if (v <= 0)
		return 1;
	int step = 2 + (v - 1) * 3 / max; /* 2..4 */
	return step > 4 ? 4 : step;
}

/* The wijk x pillar heat grid as SVG; the table above is its text
 * equivalent. */
static void heat_grid(struct req *r, const struct overview *o)
{
	struct buf *b = &r->out;
	int max = 1;
	for (int i = 0; i < o->nrows; i++)
		for (int c = 0; c < KAART_NPILLARS; c++)
			if (o->pillar[i][c] > max)
				max = o->pillar[i][c];
	const int left = 210, top = 60, cw = 140, ch = 28;
	int width = left + KAART_NPILLARS * cw + 10, height = top + o->nrows * ch + 10;
	/* wb-map too: its scale classes colour the cells (no inline styles: CSP). */
	html_fmt(b,
		 "<svg class=\"wb-chart wb-map\" role=\"img\" aria-labelledby=\"heat-title heat-desc\" "
		 "viewBox=\"0 0 %d %d\" xmlns=\"http://www.w3.org/2000/svg\">"
		 "<title id=\"heat-title\">%s</title><desc id=\"heat-desc\">%s</desc>",
		 width, height, _("Items per district and social quality pillar"),
		 _("Darker cells have more items. The table 'Items per district and pillar' has the "
		   "same numbers."));
	for (int c = 0; c < KAART_NPILLARS; c++) {
		/* Long labels ("Sociaal-economische zekerheid") go on two lines. */
		const char *label = _(kaart_pillar_label(kaart_pillars[c]));
		const char *sp = strrchr(label, ' ');
		int x = left + c * cw + cw / 2;
		if (sp)
			html_fmt(b,
				 "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s"
				 "<tspan x=\"%d\" dy=\"15\">%s</tspan></text>",
				 x, top - 26, arena_strndup(r->arena, label, (size_t)(sp - label)),
				 x, sp + 1);
		else
			html_fmt(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>", x,
				 top - 11, label);
	}
	for (int i = 0; i < o->nrows; i++) {
		int y = top + i * ch;
		html_fmt(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", left - 8,
			 y + ch / 2 + 4, o->name[i]);
		for (int c = 0; c < KAART_NPILLARS; c++) {
			int v = o->pillar[i][c];
			html_fmt(b,
				 "<rect class=\"wb-scale-%d\" x=\"%d\" y=\"%d\" width=\"%d\" "
				 "height=\"%d\"></rect><text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%d</text>",
				 heat_step(v, max), left + c * cw, y, cw - 2, ch - 2,
				 left + c * cw + cw / 2, y + ch / 2 + 4, v);
		}
	}
	html_fmt(b,
		 "</svg><ul class=\"wb-legend\"><li><span class=\"wb-swatch wb-scale-1\"></span> 0</li>"
		 "<li><span class=\"wb-swatch wb-scale-2\"></span> %s</li>"
		 "<li><span class=\"wb-swatch wb-scale-4\"></span> %s</li></ul>\n",
		 _("few items"), _("many items"));
}

int kaart_page_overview(struct req *r)
{
	struct overview *o = arena_alloc(r->arena, sizeof *o);
	if (load_overview(r, o) != 0)
		return resp_error_page(r, 503,
				       _("The overview cannot be made right now. Please try again."));
	page_begin(r, _("Social map in numbers"));
	struct buf *b = &r->out;
	html_fmt(b,
		 "<h1 class=\"utrecht-heading-1\">%s</h1><p class=\"utrecht-paragraph\">%s</p>"
		 "<p class=\"utrecht-paragraph wb-meta\"><a class=\"utrecht-link\" "
		 "href=\"/kaart/overzicht.csv\">%s</a> · <a class=\"utrecht-link\" "
		 "href=\"/api/v1/kaart/overzicht\">%s</a></p>",
		 _("Social map in numbers"),
		 _("How many published items each district has, per pillar of social quality and per "
		   "theme. An item can have several pillars and themes. Items in a neighbourhood count "
		   "for its district."),
		 _("Download (CSV)"), _("Data (JSON)"));
	html_fmt(b, "<h2 class=\"utrecht-heading-2\">%s</h2>", _("Per pillar of social quality"));
	heat_grid(r, o);
	count_table(r, o, _("Items per district and pillar"), kaart_pillars, KAART_NPILLARS,
		    kaart_pillar_label, &o->pillar[0][0], KAART_NPILLARS);
	html_fmt(b, "<h2 class=\"utrecht-heading-2\">%s</h2>", _("Per theme"));
	count_table(r, o, _("Items per district and theme"), kaart_themes, KAART_NTHEMES,
		    kaart_theme_label, &o->theme[0][0], KAART_NTHEMES);
	page_end(r);
	return 200;
}

int kaart_api_overview(struct req *r)
{
	struct overview *o = arena_alloc(r->arena, sizeof *o);
	if (load_overview(r, o) != 0)
		return resp_problem(r, 503, _("Unavailable"), _("The database is busy."), NULL);
	json_t *rows = json_array();
	for (int i = 0; i < o->nrows; i++) {
		json_t *p = json_object(), *t = json_object();
		for (int c = 0; c < KAART_NPILLARS; c++)
			json_object_set_new(p, kaart_pillars[c], json_integer(o->pillar[i][c]));
		for (int c = 0; c < KAART_NTHEMES; c++)
			json_object_set_new(t, kaart_themes[c], json_integer(o->theme[i][c]));
		json_array_append_new(rows, json_pack("{s:s?, s:s, s:i, s:o, s:o}", "area",
						      *o->code[i] ? o->code[i] : NULL, "area_name",
						      o->name[i], "total", o->total[i], "pillars",
						      p, "themes", t));
	}
	return resp_json(r, 200, json_pack("{s:o}", "items", rows));
}

int kaart_overview_csv(struct req *r)
{
	struct overview *o = arena_alloc(r->arena, sizeof *o);
	if (load_overview(r, o) != 0)
		return resp_problem(r, 503, _("Unavailable"), _("The database is busy."), NULL);
	resp_csv(r, "sociale-kaart-overzicht.csv");
	struct buf *b = &r->out;
	buf_puts(b, "area,area_name,total");
	for (int c = 0; c < KAART_NPILLARS; c++)
		buf_printf(b, ",pillar_%s", kaart_pillars[c]);
	for (int c = 0; c < KAART_NTHEMES; c++)
		buf_printf(b, ",theme_%s", kaart_themes[c]);
	buf_puts(b, "\r\n");
	for (int i = 0; i < o->nrows; i++) {
		csv_cell(b, o->code[i], false);
		csv_cell(b, o->name[i], false);
		buf_printf(b, "%d", o->total[i]);
		for (int c = 0; c < KAART_NPILLARS; c++)
			buf_printf(b, ",%d", o->pillar[i][c]);
		for (int c = 0; c < KAART_NTHEMES; c++)
			buf_printf(b, ",%d", o->theme[i][c]);
		buf_puts(b, "\r\n");
	}
	return 200;
}
