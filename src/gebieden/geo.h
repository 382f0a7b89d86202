/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * geo.h: boundaries (GeoJSON, WGS84) drawn as an SVG map by the server, so
 * the map works without JavaScript. The projection is equirectangular with
 * the longitude scaled by cos(latitude of the map's centre): at the size of
 * a gemeente the distortion is invisible and the code stays tiny.
 */
#ifndef WB_GEBIEDEN_GEO_H
#define WB_GEBIEDEN_GEO_H

#include <jansson.h>
#include <stdbool.h>

struct buf;

/* Bounding box in projected units (x = lon * k, y = lat). */
struct geo_bbox {
	double minx, miny, maxx, maxy;
	bool empty;
};

/* Maps projected coordinates to SVG pixels (y grows downwards). */
struct geo_proj {
	double k;             /* cos(centre latitude) */
	double minx, maxy;    /* projected top-left corner */
	double scale;         /* pixels per projected unit */
	double pad;           /* margin in pixels */
	double width, height; /* SVG size in pixels */
};

void geo_bbox_init(struct geo_bbox *bb);
/* Extends bb with every position of a Polygon or MultiPolygon geometry,
 * longitude scaled by k. Returns 0, or -1 when the geometry is not a valid
 * WGS84 (Multi)Polygon (bb is then unchanged in its valid parts). */
int geo_bbox_add(struct geo_bbox *bb, const json_t *geom, double k);
/* True when geom is a Polygon or MultiPolygon with WGS84 coordinates. */
bool geo_geometry_valid(const json_t *geom);
/* Centre latitude of a geometry's plain lon/lat box, for choosing k; -1000 if none. */
double geo_centre_lat(const json_t *geom);

/* Sets up p to fit bb into `width` pixels wide (height follows the aspect). */
void geo_proj_fit(struct geo_proj *p, const struct geo_bbox *bb, double k, double width, double pad);
/* Projects one WGS84 position to SVG pixels. */
void geo_project(const struct geo_proj *p, double lon, double lat, double *x, double *y);
/* Appends SVG path data ("M x y L ... Z", one decimal) for a Polygon or
 * MultiPolygon to b. Rings are closed; holes work with fill-rule evenodd. */
void geo_path_d(struct buf *b, const json_t *geom, const struct geo_proj *p);

/* One area on a map. */
struct geo_shape {
	const char *code;
	const char *name;
	const json_t *geometry; /* borrowed */
	long long population;   /* < 0: unknown */
};

#define GEO_CLASSES 5

/* Legend classes for a choropleth on population: upper bounds of the
 * GEO_CLASSES equal-width classes between the smallest and largest known
 * value. Returns the number of shapes with a known value. */
int geo_classes(const struct geo_shape *s, int n, long long bounds[GEO_CLASSES], long long *min);
/* Class (0..GEO_CLASSES-1) of a value, or -1 when unknown. */
int geo_class_of(long long v, const long long bounds[GEO_CLASSES]);
/* Fill colour of a class (colour-blind safe sequential blues); grey for -1. */
const char *geo_class_colour(int cls);

/*
 * Appends an inline SVG map of the shapes to b: one <path> per shape inside
 * <a href="/gebieden/CODE"> with an aria-label and <title>, a choropleth on
 * population with a legend. title and desc name the map for assistive
 * technology. Every name is escaped. Labels (legend words) are passed in so
 * this stays free of gettext: unknown_label, people_label ("inhabitants").
 * Returns the number of shapes drawn (0: nothing written).
 */
int geo_svg_map(struct buf *b, const struct geo_shape *s, int n, const char *id, const char *title,
		const char *desc, const char *people_label, const char *unknown_label,
		const char *legend_label);

#endif
