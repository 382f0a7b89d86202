/* SPDX-License-Identifier: EUPL-1.2 */
/* test_geo.c: projection, SVG path data, choropleth classes and escaping of
 * area names in the server-drawn SVG map. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "gebieden/geo.h"
#include "util/mem.h"

static json_t *geom(const char *text)
{
	json_t *g = json_loads(text, 0, NULL);
	assert_non_null(g);
	return g;
}

static void test_projection_and_path(void **state)
{
	json_t *g = geom("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}");
	struct geo_bbox bb;
	geo_bbox_init(&bb);
	assert_int_equal(geo_bbox_add(&bb, g, 1.0), 0);
	assert_false(bb.empty);
	struct geo_proj p;
	geo_proj_fit(&p, &bb, 1.0, 100.0, 0.0);
	assert_float_equal(p.height, 100.0, 1e-9);
	double x, y;
	geo_project(&p, 0, 1, &x, &y);
	assert_float_equal(x, 0.0, 1e-9);
	assert_float_equal(y, 0.0, 1e-9); /* north is up */
	geo_project(&p, 1, 0, &x, &y);
	assert_float_equal(x, 100.0, 1e-9);
	assert_float_equal(y, 100.0, 1e-9);
	struct buf b = BUF_INIT;
	geo_path_d(&b, g, &p);
	assert_string_equal(b.data, "M0.0 100.0L100.0 100.0L100.0 0.0L0.0 0.0L0.0 100.0Z");
	buf_free(&b);
	json_decref(g);
}

static void test_cos_lat_scaling(void **state)
{
	/* At 60 degrees north a degree of longitude is half a degree of latitude:
	 * a 2x1 degree box is drawn square. */
	json_t *g = geom(
		"{\"type\":\"Polygon\",\"coordinates\":[[[0,59.5],[2,59.5],[2,60.5],[0,60.5],[0,59.5]]]}");
	double lat = geo_centre_lat(g);
	assert_float_equal(lat, 60.0, 1e-9);
	double k = 0.5;
	struct geo_bbox bb;
	geo_bbox_init(&bb);
	geo_bbox_add(&bb, g, k);
	struct geo_proj p;
	geo_proj_fit(&p, &bb, k, 200.0, 10.0);
	assert_float_equal(p.height, 200.0, 1e-6);
	json_decref(g);
}

static void test_multipolygon_with_hole(void **state)
{
	json_t *g = geom("{\"type\":\"MultiPolygon\",\"coordinates\":["
			 "[[[0,0],[4,0],[4,4],[0,4],[0,0]],[[1,1],[2,1],[2,2],[1,1]]],"
			 "[[[5,5],[6,5],[6,6],[5,5]]]]}");
	assert_true(geo_geometry_valid(g));
	struct geo_bbox bb;
	geo_bbox_init(&bb);
	geo_bbox_add(&bb, g, 1.0);
	struct geo_proj p;
	geo_proj_fit(&p, &bb, 1.0, 60.0, 0.0);
	struct buf b = BUF_INIT;
	geo_path_d(&b, g, &p);
	/* Three rings, each started with M and closed with Z. */
	int m = 0, z = 0;
	for (const char *s = b.data; *s; s++) {
		m += *s == 'M';
		z += *s == 'Z';
		assert_non_null(strchr("0123456789. MLZ-", *s));
	}
	assert_int_equal(m, 3);
	assert_int_equal(z, 3);
	buf_free(&b);
	json_decref(g);
}

static void test_invalid_geometries(void **state)
{
	const char *bad[] = {
		"{\"type\":\"Polygon\",\"coordinates\":[[[250000,470000],[250100,470000],[250100,470100],[250000,470000]]]}",
		"{\"type\":\"Point\",\"coordinates\":[6.6,52.3]}",
		"{\"type\":\"Polygon\",\"coordinates\":[]}",
		"{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,\"x\"],[1,1],[0,0]]]}",
		"{\"type\":\"Polygon\"}",
		"[1,2]",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		json_t *g = geom(bad[i]);
		assert_false(geo_geometry_valid(g));
		struct geo_bbox bb;
		geo_bbox_init(&bb);
		assert_int_equal(geo_bbox_add(&bb, g, 1.0), -1);
		json_decref(g);
	}
	assert_false(geo_geometry_valid(NULL));
}

static void test_classes(void **state)
{
	struct geo_shape s[4] = {
		{"A1", "a", NULL, 100},
		{"A2", "b", NULL, 600},
		{"A3", "c", NULL, -1},
		{"A4", "d", NULL, 350},
	};
	long long bounds[GEO_CLASSES], lo;
	assert_int_equal(geo_classes(s, 4, bounds, &lo), 3);
	assert_int_equal(lo, 100);
	assert_int_equal(bounds[0], 200);
	assert_int_equal(bounds[GEO_CLASSES - 1], 600);
	assert_int_equal(geo_class_of(100, bounds), 0);
	assert_int_equal(geo_class_of(600, bounds), GEO_CLASSES - 1);
	assert_int_equal(geo_class_of(350, bounds), 2);
	assert_int_equal(geo_class_of(-1, bounds), -1);
	assert_string_equal(geo_class_colour(-1), "#d9d9d9");
}

static void test_svg_escapes_names(void **state)
{
	json_t *g1 = geom(
		"{\"type\":\"Polygon\",\"coordinates\":[[[6.6,52.3],[6.7,52.3],[6.7,52.4],[6.6,52.3]]]}");
	json_t *g2 = geom(
		"{\"type\":\"Polygon\",\"coordinates\":[[[6.7,52.3],[6.8,52.3],[6.8,52.4],[6.7,52.3]]]}");
	struct geo_shape s[3] = {
		{"WK014110", "<script>alert(1)</script> & \"Zuid\"", g1, 5620},
		{"WK014111", "Noord'", g2, -1},
		{"WK014112", "zonder grens", NULL, 10},
	};
	struct buf b = BUF_INIT;
	int drawn = geo_svg_map(&b, s, 3, "m", "Kaart <b>", "Uitleg & meer", "inwoners", "onbekend",
				"Inwoners");
	assert_int_equal(drawn, 2);
	const char *svg = b.data;
	assert_null(strstr(svg, "<script"));
	assert_null(strstr(svg, "<b>"));
	assert_non_null(strstr(
		svg, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Zuid&quot;: 5620 inwoners"));
	assert_non_null(strstr(svg, "Noord&#39;: onbekend"));
	assert_non_null(strstr(svg, "<title id=\"m-title\">Kaart &lt;b&gt;</title>"));
	assert_non_null(strstr(svg, "<desc id=\"m-desc\">Uitleg &amp; meer</desc>"));
	assert_non_null(strstr(svg, "aria-labelledby=\"m-title\""));
	assert_non_null(strstr(svg, "<a href=\"/gebieden/WK014110\""));
	assert_null(strstr(svg, "WK014112"));             /* no geometry: not drawn */
	assert_non_null(strstr(svg, "fill=\"#d9d9d9\"")); /* unknown population is grey */
	assert_true(strncmp(svg, "<svg ", 5) == 0);
	assert_non_null(strstr(svg, "</svg>"));
	buf_free(&b);

	/* Nothing drawable: nothing written. */
	struct buf e = BUF_INIT;
	assert_int_equal(geo_svg_map(&e, &s[2], 1, "m", "t", "d", "i", "u", "l"), 0);
	assert_int_equal(e.len, 0);
	buf_free(&e);
	json_decref(g1);
	json_decref(g2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_projection_and_path),
		cmocka_unit_test(test_cos_lat_scaling),
		cmocka_unit_test(test_multipolygon_with_hole),
		cmocka_unit_test(test_invalid_geometries),
		cmocka_unit_test(test_classes),
		cmocka_unit_test(test_svg_escapes_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
