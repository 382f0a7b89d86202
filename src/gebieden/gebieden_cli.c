/* SPDX-License-Identifier: EUPL-1.2 */
/* gebieden_cli.c: `wijkbasis import cbs|geojson|areas|kaart ...`. Parses the
 * options, opens the database and prints a one-line summary; the work is in
 * cbs_import.c and geo_import.c (and src/kaart for the sociale kaart). */
#include "gebieden/gebieden_cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "db/db.h"
#include "gebieden/gebieden_import.h"
#include "kaart/kaart.h"
#include "util/text.h"

static const char import_help[] =
	"Usage: wijkbasis import KIND FILE [options]   (wijkbasis import KIND --help for more)\n"
	"Imports open data into the database.\n\n"
	"Kinds:\n"
	"  cbs       areas and population from a CBS Kerncijfers wijken en buurten CSV\n"
	"  geojson   area boundaries from a GeoJSON file (WGS84); alias: areas\n"
	"  kaart     items of the sociale kaart from a CSV file\n";

static const char cbs_help[] =
	"Usage: wijkbasis import cbs FILE [--gemeente GMnnnn] [--year N] [--db PATH]\n"
	"Loads a gemeente with its wijken and buurten, their population and age and sex\n"
	"figures, from a CBS Kerncijfers wijken en buurten CSV (StatLine export with ';'\n"
	"or the kwb file with ','). Re-importing updates the rows in place. When the\n"
	"file has an error, it is reported as FILE:LINE:COLUMN and nothing is written.\n\n"
	"  --gemeente CODE  the gemeente to load, e.g. GM0141 (default: every gemeente)\n"
	"  --year N         the year of the figures (default 2024)\n"
	"  --db PATH        database file (default wijkbasis.db)\n"
	"  --help           this text\n";

static const char geojson_help[] =
	"Usage: wijkbasis import geojson FILE [--db PATH]\n"
	"Sets the boundaries of existing areas from a GeoJSON FeatureCollection with\n"
	"WGS84 Polygon or MultiPolygon features. A feature's area is found by the first\n"
	"of the properties buurtcode, BU_CODE, wijkcode, WK_CODE, WKC, gemeentecode,\n"
	"gemeenteco, GM_CODE, cbsCode, code, statcode. Features in another coordinate\n"
	"system (such as RD New) are skipped: convert them to WGS84 first.\n\n"
	"  --db PATH   database file (default wijkbasis.db)\n"
	"  --help      this text\n";

/* Options shared by the subcommands; returns 0, 1 after --help, 2 on misuse. */
struct import_opts {
	const char *file, *db, *gemeente;
	long year;
};

static int parse_opts(int argc, char **argv, const char *help, bool cbs, struct import_opts *o)
{
	o->file = NULL;
	o->db = "wijkbasis.db";
	o->gemeente = NULL;
	o->year = 2024;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help")) {
			fputs(help, stdout);
			return 1;
		} else if (!strcmp(a, "--db") && i + 1 < argc) {
			o->db = argv[++i];
		} else if (cbs && !strcmp(a, "--gemeente") && i + 1 < argc) {
			o->gemeente = argv[++i];
		} else if (cbs && !strcmp(a, "--year") && i + 1 < argc) {
			if (!parse_long(argv[++i], 1800, 2200, &o->year)) {
				fprintf(stderr, "wijkbasis import: --year: '%s' is not a year\n",
					argv[i]);
				return 2;
			}
		} else if (a[0] != '-' && !o->file) {
			o->file = a;
		} else {
			fprintf(stderr, "wijkbasis import: unexpected argument '%s'\n\n", a);
			fputs(help, stderr);
			return 2;
		}
	}
	if (!o->file) {
		fputs(help, stderr);
		return 2;
	}
	return 0;
}

static int import_cbs(int argc, char **argv)
{
	struct import_opts o;
	int rc = parse_opts(argc, argv, cbs_help, true, &o);
	if (rc)
		return rc == 1 ? 0 : rc;
	struct db *db = cli_open_db(o.db);
	if (!db)
		return 1;
	struct cbs_summary sum;
	char err[600];
	rc = cbs_import_file(db, o.file, o.gemeente, (int)o.year, &sum, err, sizeof err);
	db_close(db);
	if (rc != 0) {
		fprintf(stderr, "%s\nwijkbasis import cbs: nothing was imported\n", err);
		return 1;
	}
	printf("%s: %d gemeente%s, %d wijken, %d buurten, %lld figures (%ld)\n",
	       o.gemeente ? o.gemeente : o.file, sum.gemeenten, sum.gemeenten == 1 ? "" : "n",
	       sum.wijken, sum.buurten, sum.figures, o.year);
	return 0;
}

static int import_geojson(int argc, char **argv)
{
	struct import_opts o;
	int rc = parse_opts(argc, argv, geojson_help, false, &o);
	if (rc)
		return rc == 1 ? 0 : rc;
	struct db *db = cli_open_db(o.db);
	if (!db)
		return 1;
	struct geo_summary sum;
	char err[600];
	rc = geo_import_file(db, o.file, &sum, err, sizeof err);
	db_close(db);
	if (rc != 0) {
		fprintf(stderr, "%s\nwijkbasis import geojson: nothing was imported\n", err);
		return 1;
	}
	printf("%s: %d of %d features matched an area (%d without a usable code or geometry)\n",
	       o.file, sum.matched, sum.features, sum.skipped);
	return 0;
}

int cmd_import(int argc, char **argv)
{
	if (argc < 2) {
		fputs(import_help, stderr);
		return 2;
	}
	const char *kind = argv[1];
	if (!strcmp(kind, "--help") || !strcmp(kind, "help")) {
		fputs(import_help, stdout);
		return 0;
	}
	if (!strcmp(kind, "cbs"))
		return import_cbs(argc - 1, argv + 1);
	if (!strcmp(kind, "geojson") || !strcmp(kind, "areas"))
		return import_geojson(argc - 1, argv + 1);
	if (!strcmp(kind, "kaart"))
		return kaart_cmd_import(argc - 1, argv + 1);
	fprintf(stderr, "wijkbasis import: unknown kind '%s'\n\n", kind);
	fputs(import_help, stderr);
	return 2;
}
