/* SPDX-License-Identifier: EUPL-1.2 */
/* geo.c: projection, SVG path data and the choropleth map (see geo.h). */
#include "gebieden/geo.h"

#include <math.h>
#include <string.h>

#include "html/html.h"
#include "util/mem.h"

#define DEG (M_PI / 180.0)

void geo_bbox_init(struct geo_bbox *bb)
{
	bb->minx = bb->miny = INFINITY;
	bb->maxx = bb->maxy = -INFINITY;
	bb->empty = true;
}

/* True when pos is [lon, lat, ...] with WGS84 ranges. */
static bool position_ok(const json_t *pos, double *lon, double *lat)
{
	if (!json_is_array(pos) || json_array_size(pos) < 2 ||
	    !json_is_number(json_array_get(pos, 0)) || !json_is_number(json_array_get(pos, 1)))
		return false;
	*lon = json_number_value(json_array_get(pos, 0));
	*lat = json_number_value(json_array_get(pos, 1));
	return isfinite(*lon) && isfinite(*lat) && fabs(*lon) <= 180.0 && fabs(*lat) <= 90.0;
}

/* Calls fn on every position of every ring; returns -1 on a malformed one. */
typedef void (*pos_fn)(void *ctx, double lon, double lat, bool ring_start);

static int walk_polygon(const json_t *rings, pos_fn fn, void *ctx)
{
	if (!json_is_array(rings) || json_array_size(rings) == 0)
		return -1;
	size_t i, j;
	const json_t *ring, *pos;
	json_array_foreach(rings, i, ring)
	{
		if (!json_is_array(ring) || json_array_size(ring) < 3)
			return -1;
		json_array_foreach(ring, j, pos)
		{
			double lon, lat;
			if (!position_ok(pos, &lon, &lat))
				return -1;
			if (fn)
				fn(ctx, lon, lat, j == 0);
		}
	}
	return 0;
}

static int walk(const json_t *geom, pos_fn fn, void *ctx)
{
	const char *type = json_string_value(json_object_get(geom, "type"));
	const json_t *coords = json_object_get(geom, "coordinates");
	if (!type || !json_is_array(coords))
		return -1;
	if (!strcmp(type, "Polygon"))
		return walk_polygon(coords, fn, ctx);
	if (strcmp(type, "MultiPolygon") || json_array_size(coords) == 0)
		return -1;
	size_t i;
	const json_t *poly;
	json_array_foreach(coords, i, poly)
	{
		if (walk_polygon(poly, fn, ctx) != 0)
			return -1;
	}
	return 0;
}

bool geo_geometry_valid(const json_t *geom)
{
	return json_is_object(geom) && walk(geom, NULL, NULL) == 0;
}

struct bbox_ctx {
	struct geo_bbox bb;
	double k;
};

static void bbox_pos(void *ctx, double lon, double lat, bool ring_start)
{
	struct bbox_ctx *c = ctx;
	double x = lon * c->k;
	c->bb.minx = fmin(c->bb.minx, x);
	c->bb.maxx = fmax(c->bb.maxx, x);
	c->bb.miny = fmin(c->bb.miny, lat);
	c->bb.maxy = fmax(c->bb.maxy, lat);
	c->bb.empty = false;
}

int geo_bbox_add(struct geo_bbox *bb, const json_t *geom, double k)
{
	if (!geo_geometry_valid(geom))
		return -1;
	struct bbox_ctx c = {*bb, k};
	walk(geom, bbox_pos, &c);
	*bb = c.bb;
	return 0;
}

double geo_centre_lat(const json_t *geom)
{
	struct geo_bbox bb;
	geo_bbox_init(&bb);
	if (geo_bbox_add(&bb, geom, 1.0) != 0)
		return -1000.0;
	return (bb.miny + bb.maxy) / 2.0;
}

void geo_proj_fit(struct geo_proj *p, const struct geo_bbox *bb, double k, double width, double pad)
{
	p->k = k;
	p->pad = pad;
	p->minx = bb->empty ? 0 : bb->minx;
	p->maxy = bb->empty ? 0 : bb->maxy;
	double w = bb->empty ? 0 : bb->maxx - bb->minx;
	double h = bb->empty ? 0 : bb->maxy - bb->miny;
	double inner = width - 2 * pad;
	/* A degenerate box (a point, a line) still gets a finite scale. */
	p->scale = (w > 1e-12) ? inner / w : (h > 1e-12 ? inner / h : 1.0);
	/* Very tall areas: limit the height to 1.5 times the width. */
	if (h * p->scale > inner * 1.5)
		p->scale = inner * 1.5 / h;
	p->width = width;
	p->height = h * p->scale + 2 * pad;
}

void geo_project(const struct geo_proj *p, double lon, double lat, double *x, double *y)
{
	*x = p->pad + (lon * p->k - p->minx) * p->scale;
	*y = p->pad + (p->maxy - lat) * p->scale;
}

struct path_ctx {
	struct buf *b;
	const struct geo_proj *p;
	bool open;
};

static void path_pos(void *ctx, double lon, double lat, bool ring_start)
{
	struct path_ctx *c = ctx;
	double x, y;
	geo_project(c->p, lon, lat, &x, &y);
	if (ring_start && c->open)
		buf_puts(c->b, "Z");
	buf_printf(c->b, "%s%.1f %.1f", ring_start ? "M" : "L", x, y);
	c->open = true;
}

void geo_path_d(struct buf *b, const json_t *geom, const struct geo_proj *p)
{
	if (!geo_geometry_valid(geom))
		return;
	struct path_ctx c = {b, p, false};
	walk(geom, path_pos, &c);
	if (c.open)
		buf_puts(b, "Z");
}

int geo_classes(const struct geo_shape *s, int n, long long bounds[GEO_CLASSES], long long *min)
{
	long long lo = 0, hi = 0;
	int known = 0;
	for (int i = 0; i < n; i++) {
		if (s[i].population < 0)
			continue;
		if (!known || s[i].population < lo)
			lo = s[i].population;
		if (!known || s[i].population > hi)
			hi = s[i].population;
		known++;
	}
	for (int c = 0; c < GEO_CLASSES; c++)
		bounds[c] = lo + (hi - lo) * (c + 1) / GEO_CLASSES;
	bounds[GEO_CLASSES - 1] = hi;
	*min = lo;
	return known;
}

int geo_class_of(long long v, const long long bounds[GEO_CLASSES])
{
	if (v < 0)
		return -1;
	for (int c = 0; c < GEO_CLASSES; c++)
		if (v <= bounds[c])
			return c;
	return GEO_CLASSES - 1;
}

const char *geo_class_colour(int cls)
{
	/* ColorBrewer "Blues", 5 classes. */
	static const char *const colours[GEO_CLASSES] = {"#eff3ff", "#bdd7e7", "#6baed6", "#3182bd",
							 "#08519c"};
	return cls >= 0 && cls < GEO_CLASSES ? colours[cls] : "#d9d9d9";
}

/* Shared projection for all shapes: k from the centre of their joint box. */
static void fit_shapes(struct geo_proj *p, const struct geo_shape *s, int n, double width)
{
	struct geo_bbox bb;
	geo_bbox_init(&bb);
	for (int i = 0; i < n; i++)
		geo_bbox_add(&bb, s[i].geometry, 1.0);
	double k = bb.empty ? 1.0 : cos((bb.miny + bb.maxy) / 2.0 * DEG);
	geo_bbox_init(&bb);
	for (int i = 0; i < n; i++)
		geo_bbox_add(&bb, s[i].geometry, k);
	geo_proj_fit(p, &bb, k, width, 8.0);
}

static void legend(struct buf *b, const struct geo_shape *s, int n, double top,
		   const char *legend_label, const char *unknown_label)
{
	long long bounds[GEO_CLASSES], lo;
	int known = geo_classes(s, n, bounds, &lo);
	html_fmt(b,
		 "<g class=\"wb-map-legend\" font-size=\"13\" fill=\"#1a1a1a\">"
		 "<text x=\"8\" y=\"%.1f\">%s</text>",
		 top + 14, legend_label);
	double y = top + 22;
	long long from = lo;
	for (int c = 0; c < GEO_CLASSES && known > 0; c++) {
		if (c > 0 && bounds[c] == bounds[c - 1])
			continue;
		html_fmt(b,
			 "<rect x=\"8\" y=\"%.1f\" width=\"18\" height=\"14\" class=\"wb-scale-%d\" "
			 "fill=\"%s\" stroke=\"#333333\"/><text x=\"32\" y=\"%.1f\">%lld – %lld</text>",
			 y, c + 1, geo_class_colour(c), y + 12, from, bounds[c]);
		from = bounds[c] + 1;
		y += 20;
	}
	if (known < n)
		html_fmt(b,
			 "<rect x=\"8\" y=\"%.1f\" width=\"18\" height=\"14\" fill=\"%s\" stroke=\"#333333\"/>"
			 "<text x=\"32\" y=\"%.1f\">%s</text>",
			 y, geo_class_colour(-1), y + 12, unknown_label);
	html_raw_trusted(b, "</g>");
}

int geo_svg_map(struct buf *b, const struct geo_shape *s, int n, const char *id, const char *title,
		const char *desc, const char *people_label, const char *unknown_label,
		const char *legend_label)
{
	int drawable = 0;
	for (int i = 0; i < n; i++)
		drawable += geo_geometry_valid(s[i].geometry);
	if (drawable == 0)
		return 0;
	struct geo_proj p;
	fit_shapes(&p, s, n, 600.0);
	long long bounds[GEO_CLASSES], lo;
	int known = geo_classes(s, n, bounds, &lo);
	int entries = 0;
	for (int c = 0; c < GEO_CLASSES && known > 0; c++)
		entries += c == 0 || bounds[c] != bounds[c - 1];
	entries += known < n;
	/* One area alone needs no colour legend. */
	bool with_legend = drawable > 1;
	double legend_h = with_legend ? 30.0 + 20.0 * entries : 0.0;
	double total_h = p.height + legend_h;
	/* No width/height: the map scales to its container (phones).
	 * Not role="img": the areas are links, and an img's children are hidden
	 * from assistive technology (axe: nested-interactive). A labelled group
	 * with a <title> and <desc> keeps the map and its links reachable. */
	html_fmt(b,
		 "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"wb-map\" viewBox=\"0 0 %.0f %.0f\" "
		 "role=\"group\" aria-labelledby=\"%s-title\" "
		 "aria-describedby=\"%s-desc\"><title id=\"%s-title\">%s</title><desc id=\"%s-desc\">%s</desc>"
		 "<g class=\"wb-map-areas\" stroke=\"#333333\" stroke-width=\"1\" fill-rule=\"evenodd\">",
		 p.width, total_h, id, id, id, title, id, desc);
	for (int i = 0; i < n; i++) {
		if (!geo_geometry_valid(s[i].geometry))
			continue;
		int cls = geo_class_of(s[i].population, bounds);
		const char *fill = geo_class_colour(cls);
		if (s[i].population >= 0)
			html_fmt(b,
				 "<a href=\"/gebieden/%s\" aria-label=\"%s: %lld %s\"><title>%s: %lld %s</title>",
				 s[i].code, s[i].name, s[i].population, people_label, s[i].name,
				 s[i].population, people_label);
		else
			html_fmt(b,
				 "<a href=\"/gebieden/%s\" aria-label=\"%s: %s\"><title>%s: %s</title>",
				 s[i].code, s[i].name, unknown_label, s[i].name, unknown_label);
		struct buf d = BUF_INIT;
		geo_path_d(&d, s[i].geometry, &p);
		/* Path data holds only digits, '.', ' ', M, L and Z: safe markup. */
		html_raw_trusted(b, "<path d=\"");
		html_raw_trusted(b, d.data ? d.data : "");
		/* The class lets the site's stylesheet (static/wijkbasis.css) set
		 * the colour scale; the fill attribute is the fallback. */
		html_fmt(b, "\" class=\"wb-scale-%d\" fill=\"%s\"/></a>", cls + 1, fill);
		buf_free(&d);
	}
	html_raw_trusted(b, "</g>");
	if (with_legend)
		legend(b, s, n, p.height, legend_label, unknown_label);
	html_raw_trusted(b, "</svg>");
	return drawable;
}
