/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * gebieden_import.h: loading areas from open data. CBS Kerncijfers wijken en
 * buurten (CSV) give the tree and the population figures; GeoJSON files give
 * the boundaries. Both importers work in one transaction: a file with an
 * error writes nothing, and a second import of the same file updates the
 * rows in place.
 */
#ifndef WB_GEBIEDEN_GEBIEDEN_IMPORT_H
#define WB_GEBIEDEN_GEBIEDEN_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

struct db;

struct cbs_summary {
	int gemeenten, wijken, buurten;
	long long figures; /* area_figures rows written */
};

/*
 * Imports the gemeente `gemeente` (e.g. "GM0141"; NULL = every gemeente in
 * the file) with its wijken and buurten from CBS CSV text data[0..len), as
 * figures of `year`. `file` names the input in messages. Returns 0 and fills
 * *sum, or -1 with "FILE:LINE:COLUMN: message" (or another message) in
 * err[errlen]; nothing is written then.
 */
int cbs_import_data(struct db *db, const char *file, const char *data, size_t len,
		    const char *gemeente, int year, struct cbs_summary *sum, char *err,
		    size_t errlen);
/* As cbs_import_data, reading the file at path. */
int cbs_import_file(struct db *db, const char *path, const char *gemeente, int year,
		    struct cbs_summary *sum, char *err, size_t errlen);

/* True when s looks like a CBS area code: two capitals, a digit, then digits
 * or capitals (Amsterdam has BU0363AA01), at most 16 characters. */
bool area_code_valid(const char *s);

struct geo_summary {
	int features; /* features in the file */
	int matched;  /* features whose code matched an area */
	int skipped;  /* features without a usable geometry or code */
};

/*
 * Sets areas.geometry from a GeoJSON FeatureCollection at path (WGS84
 * Polygon/MultiPolygon). A feature's code is taken from the first property
 * present of buurtcode, BU_CODE, wijkcode, WK_CODE, WKC, gemeentecode,
 * gemeenteco, GM_CODE, cbsCode, code, statcode (most specific first).
 * Returns 0 and fills *sum, or -1 with a message in err; nothing is written
 * on error.
 */
int geo_import_file(struct db *db, const char *path, struct geo_summary *sum, char *err,
		    size_t errlen);

/* Reads a whole file into a malloc'd, NUL-terminated buffer (caller frees).
 * Returns NULL with a message in err when it cannot. */
char *gebieden_read_file(const char *path, size_t *len, char *err, size_t errlen);

#endif
