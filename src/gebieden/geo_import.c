/* SPDX-License-Identifier: EUPL-1.2 */
/* geo_import.c: boundaries from a GeoJSON FeatureCollection into
 * areas.geometry (see gebieden_import.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "gebieden/gebieden_import.h"
#include "gebieden/geo.h"

/* Most specific first: a buurt feature also carries its wijkcode and
 * gemeentecode, and must never overwrite the wijk's boundary. */
static const char *const code_keys[] = {
	"buurtcode", "BU_CODE",      "wijkcode",   "WK_CODE",
	"WKC",       "gemeentecode", "gemeenteco", /* the DBF of a shapefile cuts names to 10 characters */
	"GM_CODE",   "cbsCode",      "code",       "statcode",
};

static void set_err(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* The feature's area code: the first code property present (trimmed copy). */
static bool feature_code(const json_t *props, char *out, size_t n)
{
	for (size_t i = 0; i < sizeof code_keys / sizeof code_keys[0]; i++) {
		const char *v = json_string_value(json_object_get(props, code_keys[i]));
		if (!v)
			continue;
		while (*v == ' ')
			v++;
		size_t len = strcspn(v, " ");
		if (len == 0 || len >= n)
			return false;
		memcpy(out, v, len);
		out[len] = '\0';
		return area_code_valid(out);
	}
	return false;
}

/* Stores one feature's geometry: 1 when an area matched, 0 when no area has
 * its code, 2 when it has no usable code or geometry, -1 on a db error. */
static int store_feature(struct db *db, const json_t *feature)
{
	char code[32];
	const json_t *geom = json_object_get(feature, "geometry");
	if (!feature_code(json_object_get(feature, "properties"), code, sizeof code) ||
	    !geo_geometry_valid(geom))
		return 2;
	char *text = json_dumps(geom, JSON_COMPACT | JSON_REAL_PRECISION(8));
	if (!text)
		return -1;
	struct db_stmt *st = db_prepare(
		db, "UPDATE areas SET geometry = ?, updated_at = datetime('now') WHERE code = ?");
	db_bind_text(st, 1, text);
	db_bind_text(st, 2, code);
	int rc = db_step(st);
	db_done(st);
	free(text);
	if (rc != DB_DONE)
		return -1;
	return db_changes(db) > 0 ? 1 : 0;
}

int geo_import_file(struct db *db, const char *path, struct geo_summary *sum, char *err,
		    size_t errlen)
{
	memset(sum, 0, sizeof *sum);
	json_error_t jerr;
	json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		set_err(err, errlen, "%s:%d:%d: %s", path, jerr.line, jerr.column, jerr.text);
		return -1;
	}
	const json_t *features = json_object_get(root, "features");
	if (!json_is_array(features)) {
		set_err(err, errlen, "%s: not a GeoJSON FeatureCollection (no \"features\" array)",
			path);
		json_decref(root);
		return -1;
	}
	if (db_begin(db) != DB_OK) {
		set_err(err, errlen, "cannot start a transaction: %s", db_errmsg(db));
		json_decref(root);
		return -1;
	}
	size_t i;
	const json_t *f;
	json_array_foreach(features, i, f)
	{
		sum->features++;
		int rc = store_feature(db, f);
		if (rc < 0) {
			set_err(err, errlen, "%s: feature %zu: cannot store: %s", path, i + 1,
				db_errmsg(db));
			db_rollback(db);
			json_decref(root);
			memset(sum, 0, sizeof *sum);
			return -1;
		}
		if (rc == 2)
			sum->skipped++;
		else
			sum->matched += rc;
	}
	json_decref(root);
	if (db_commit(db) != DB_OK) {
		set_err(err, errlen, "cannot commit: %s", db_errmsg(db));
		db_rollback(db);
		memset(sum, 0, sizeof *sum);
		return -1;
	}
	return 0;
}
