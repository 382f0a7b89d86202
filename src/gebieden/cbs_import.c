/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * cbs_import.c: loads a gemeente, its wijken and buurten with population
 * figures from a CBS Kerncijfers wijken en buurten CSV (the StatLine export
 * with long Dutch headers, or the kwb file with short names like a_inw).
 * The whole file is checked first; only then is anything written, in one
 * transaction, with upserts so a re-import updates rows in place.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "db/db.h"
#include "gebieden/csv.h"
#include "gebieden/gebieden_import.h"
#include "util/mem.h"
#include "util/text.h"

#define MAX_FILE_BYTES (512L * 1024 * 1024)

/* The figures we take, with the CBS short name used as indicator. */
enum { F_INW, F_MAN, F_VROUW, F_00, F_15, F_25, F_45, F_65, NFIG };
static const char *const fig_indicator[NFIG] = {
	"a_inw", "a_man", "a_vrouw", "a_00_14", "a_15_24", "a_25_44", "a_45_64", "a_65_oo",
};
/* Substrings of the long StatLine headers (lower case) for each figure. */
/* Attribute names of the PDOK wijk- en buurtkaart (only the counts). */
static const char *const fig_pdok[NFIG] = {
	"aantal_inwoners", "mannen", "vrouwen", NULL, NULL, NULL, NULL, NULL,
};
static const char *const fig_long[NFIG] = {
	"aantal inwoners", "/mannen",         "/vrouwen",        "/0 tot 15 jaar",
	"/15 tot 25 jaar", "/25 tot 45 jaar", "/45 tot 65 jaar", "/65 jaar of ouder",
};

struct columns {
	int name, code;
	int fig[NFIG];
};

struct row {
	char code[17];
	char *name;
	const char *level;
	char parent[17];
	long long fig[NFIG];
	bool has[NFIG];
	int line;
};

bool area_code_valid(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n < 3 || n > 16)
		return false;
	if (s[0] < 'A' || s[0] > 'Z' || s[1] < 'A' || s[1] > 'Z' || s[2] < '0' || s[2] > '9')
		return false;
	for (size_t i = 3; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'A' && s[i] <= 'Z')))
			return false;
	return true;
}

static void set_err(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* Lower-cased, trimmed copy of a header cell. */
static void header_key(char *dst, size_t n, const char *s)
{
	csv_trim(dst, n, s);
	for (char *p = dst; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
}

/* Finds our columns in the header record. */
static int map_columns(struct csv_reader *r, struct columns *c, char *err, size_t errlen)
{
	c->name = c->code = -1;
	for (int f = 0; f < NFIG; f++)
		c->fig[f] = -1;
	for (int i = 0; i < r->nfields; i++) {
		char k[256];
		header_key(k, sizeof k, r->fields[i]);
		if (c->name < 0 &&
		    (!strcmp(k, "wijken en buurten") || !strcmp(k, "regio") || !strcmp(k, "name") ||
		     !strcmp(k, "naam") || !strcmp(k, "buurtnaam")))
			c->name = i;
		else if (c->code < 0 &&
			 (strstr(k, "codering") || !strcmp(k, "gwb_code_10") ||
			  !strcmp(k, "gwb_code") || !strcmp(k, "code") || !strcmp(k, "buurtcode")))
			c->code = i;
		for (int f = 0; f < NFIG; f++)
			if (c->fig[f] < 0 &&
			    (!strcmp(k, fig_indicator[f]) || strstr(k, fig_long[f]) ||
			     (fig_pdok[f] && !strcmp(k, fig_pdok[f]))))
				c->fig[f] = i;
	}
	if (c->code < 0 || c->fig[F_INW] < 0) {
		set_err(err, errlen,
			"%s:%d:1: no column for the %s (expected a header like \"Regioaanduiding/Codering "
			"(code)\" or gwb_code_10, and \"Bevolking/Aantal inwoners (aantal)\" or a_inw)",
			r->file, r->rec_line, c->code < 0 ? "area code" : "number of inhabitants");
		return -1;
	}
	if (c->name < 0)
		c->name = 0;
	return 0;
}

/* Level of a CBS code, or NULL for codes we do not import (NL00, ...). */
static const char *level_of(const char *code)
{
	if (!strncmp(code, "GM", 2))
		return "gemeente";
	if (!strncmp(code, "WK", 2))
		return "wijk";
	if (!strncmp(code, "BU", 2))
		return "buurt";
	return NULL;
}

/* Whether code belongs to gemeente GMnnnn (its number follows the prefix). */
static bool in_gemeente(const char *code, const char *gemeente)
{
	return !gemeente || strncmp(code + 2, gemeente + 2, strlen(gemeente) - 2) == 0;
}

/* Reads one data record into row; returns 1 when it is ours, 0 to skip, -1 on error. */
static int read_row(struct csv_reader *r, const struct columns *c, const char *gemeente,
		    struct arena *a, struct row *row)
{
	char code[64];
	if (strlen(r->fields[c->code]) >= sizeof code)
		return csv_error_at(r, c->code, "area code is too long");
	csv_trim(code, sizeof code, r->fields[c->code]);
	if (!area_code_valid(code))
		return csv_error_at(r, c->code, "not a CBS area code: '%s' (expected e.g. GM0141)",
				    code);
	/* Check every count, also of rows we skip: a broken file is refused whole. */
	for (int f = 0; f < NFIG; f++) {
		row->has[f] = false;
		if (c->fig[f] < 0)
			continue;
		int rc = csv_count(r, c->fig[f], &row->fig[f]);
		if (rc < 0)
			return -1;
		row->has[f] = rc == 1;
	}
	row->level = level_of(code);
	if (!row->level || !in_gemeente(code, gemeente))
		return 0;
	memcpy(row->code, code, strlen(code) + 1); /* valid codes have at most 16 chars */
	row->name = str_trim(a, r->fields[c->name]);
	if (!row->name[0])
		return csv_error_at(r, c->name, "the area %s has no name", code);
	row->line = r->rec_line;
	row->parent[0] = '\0';
	return 1;
}

/* Parses the whole file into rows (arena); -1 with err on the first error. */
static int parse_rows(const char *file, const char *data, size_t len, const char *gemeente,
		      struct arena *a, struct row **out, int *nout, char *err, size_t errlen)
{
	struct csv_reader r;
	csv_init(&r, file, data, len);
	struct columns c;
	int rc = csv_next(&r);
	if (rc <= 0) {
		if (rc == 0)
			set_err(err, errlen, "%s:1:1: the file is empty", file);
		else
			set_err(err, errlen, "%s", r.err);
		csv_free(&r);
		return -1;
	}
	if (map_columns(&r, &c, err, errlen) != 0) {
		csv_free(&r);
		return -1;
	}
	int cap = 64, n = 0;
	struct row *rows = xmalloc((size_t)cap * sizeof *rows);
	while ((rc = csv_next(&r)) == 1) {
		if (n == cap) {
			cap *= 2;
			rows = xrealloc(rows, (size_t)cap * sizeof *rows);
		}
		int got = read_row(&r, &c, gemeente, a, &rows[n]);
		if (got < 0) {
			rc = -1;
			break;
		}
		n += got;
	}
	if (rc < 0) {
		set_err(err, errlen, "%s", r.err);
		free(rows);
		csv_free(&r);
		return -1;
	}
	csv_free(&r);
	/* Hand the array to the arena so the caller never frees. */
	arena_own(a, rows);
	*out = rows;
	*nout = n;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Whether code is among the rows (sorted index) or already in the database. */
static bool area_known(struct db *db, const char **sorted, int n, const char *code)
{
	if (n > 0 && bsearch(&code, sorted, (size_t)n, sizeof *sorted, cmp_str))
		return true;
	struct db_stmt *st = db_prepare(db, "SELECT 1 FROM areas WHERE code = ?");
	db_bind_text(st, 1, code);
	bool known = db_step(st) == DB_ROW;
	db_done(st);
	return known;
}

/* Parent by code prefix: BU0141xxYY -> WK0141xx -> GM0141. A buurt whose wijk
 * is unknown hangs under its gemeente, so the tree stays whole. */
static void set_parents(struct db *db, struct row *rows, int n, struct arena *a)
{
	const char **sorted = arena_alloc(a, (size_t)(n ? n : 1) * sizeof *sorted);
	for (int i = 0; i < n; i++)
		sorted[i] = rows[i].code;
	qsort(sorted, (size_t)n, sizeof *sorted, cmp_str);
	for (int i = 0; i < n; i++) {
		struct row *w = &rows[i];
		char gm[17], wk[17];
		snprintf(gm, sizeof gm, "GM%.4s", w->code + 2);
		snprintf(wk, sizeof wk, "WK%.6s", w->code + 2);
		if (!strcmp(w->level, "buurt") && strlen(w->code) >= 8 &&
		    area_known(db, sorted, n, wk))
			snprintf(w->parent, sizeof w->parent, "%s", wk);
		else if (strcmp(w->level, "gemeente") && strlen(w->code) >= 6 &&
			 area_known(db, sorted, n, gm))
			snprintf(w->parent, sizeof w->parent, "%s", gm);
	}
}

static int write_row(struct db *db, const struct row *w, int year, const char *source,
		     struct cbs_summary *sum)
{
	struct db_stmt *st = db_prepare(
		db,
		"INSERT INTO areas (code, name, level, parent, population, source, updated_at)"
		" VALUES (?, ?, ?, ?, ?, ?, datetime('now'))"
		" ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level,"
		" parent = COALESCE(excluded.parent, areas.parent), population = excluded.population,"
		" source = excluded.source, updated_at = excluded.updated_at");
	db_bind_text(st, 1, w->code);
	db_bind_text(st, 2, w->name);
	db_bind_text(st, 3, w->level);
	db_bind_text(st, 4, w->parent[0] ? w->parent : NULL);
	if (w->has[F_INW])
		db_bind_int(st, 5, w->fig[F_INW]);
	else
		db_bind_null(st, 5);
	db_bind_text(st, 6, source);
	int rc = db_step(st);
	db_done(st);
	if (rc != DB_DONE)
		return -1;
	for (int f = 0; f < NFIG; f++) {
		st = db_prepare(
			db,
			"INSERT INTO area_figures (area_code, indicator, year, value, source)"
			" VALUES (?, ?, ?, ?, ?)"
			" ON CONFLICT (area_code, indicator, year) DO UPDATE SET value = excluded.value,"
			" source = excluded.source");
		db_bind_text(st, 1, w->code);
		db_bind_text(st, 2, fig_indicator[f]);
		db_bind_int(st, 3, year);
		if (w->has[f])
			db_bind_double(st, 4, (double)w->fig[f]);
		else
			db_bind_null(st, 4);
		db_bind_text(st, 5, source);
		rc = db_step(st);
		db_done(st);
		if (rc != DB_DONE)
			return -1;
		sum->figures++;
	}
	/* The population shown is that of the newest year known, so importing
	 * an older file after a newer one does not turn the clock back. */
	st = db_prepare(
		db,
		"UPDATE areas SET population = (SELECT CAST(f.value AS INTEGER) FROM area_figures f"
		" WHERE f.area_code = areas.code AND f.indicator = 'a_inw' ORDER BY f.year DESC LIMIT 1)"
		" WHERE code = ?");
	db_bind_text(st, 1, w->code);
	rc = db_step(st);
	db_done(st);
	if (rc != DB_DONE)
		return -1;
	if (!strcmp(w->level, "gemeente"))
		sum->gemeenten++;
	else if (!strcmp(w->level, "wijk"))
		sum->wijken++;
	else
		sum->buurten++;
	return 0;
}

/* Writes parents before children: gemeenten, then wijken, then buurten. */
static int write_rows(struct db *db, const struct row *rows, int n, int year,
		      struct cbs_summary *sum, char *err, size_t errlen)
{
	static const char *const order[] = {"gemeente", "wijk", "buurt"};
	char source[80];
	snprintf(source, sizeof source, "CBS Kerncijfers wijken en buurten %d", year);
	for (int o = 0; o < 3; o++)
		for (int i = 0; i < n; i++)
			if (!strcmp(rows[i].level, order[o]) &&
			    write_row(db, &rows[i], year, source, sum) != 0) {
				set_err(err, errlen, "line %d: cannot store %s: %s", rows[i].line,
					rows[i].code, db_errmsg(db));
				return -1;
			}
	return 0;
}

int cbs_import_data(struct db *db, const char *file, const char *data, size_t len,
		    const char *gemeente, int year, struct cbs_summary *sum, char *err,
		    size_t errlen)
{
	memset(sum, 0, sizeof *sum);
	if (gemeente && (strncmp(gemeente, "GM", 2) != 0 || !area_code_valid(gemeente))) {
		set_err(err, errlen,
			"--gemeente: '%s' is not a gemeente code (expected e.g. GM0141)", gemeente);
		return -1;
	}
	struct arena *a = arena_new();
	struct row *rows = NULL;
	int n = 0;
	int rc = parse_rows(file, data, len, gemeente, a, &rows, &n, err, errlen);
	if (rc == 0 && gemeente) {
		/* Rows were filtered on the gemeente's number: none means it is not here.
		 * (A file of buurten only, like the PDOK attributes, has no GM row.) */
		if (n == 0) {
			set_err(err, errlen, "%s: gemeente %s is not in this file", file, gemeente);
			rc = -1;
		}
	}
	if (rc == 0 && db_begin(db) != DB_OK) {
		set_err(err, errlen, "cannot start a transaction: %s", db_errmsg(db));
		rc = -1;
	} else if (rc == 0) {
		set_parents(db, rows, n, a);
		rc = write_rows(db, rows, n, year, sum, err, errlen);
		if (rc == 0 && db_commit(db) != DB_OK) {
			set_err(err, errlen, "cannot commit: %s", db_errmsg(db));
			rc = -1;
		}
		if (rc != 0) {
			db_rollback(db);
			memset(sum, 0, sizeof *sum);
		}
	}
	arena_free(a);
	return rc;
}

char *gebieden_read_file(const char *path, size_t *len, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		set_err(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	struct stat sb;
	if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size > MAX_FILE_BYTES) {
		set_err(err, errlen, "%s: not a regular file of at most %ld bytes", path,
			MAX_FILE_BYTES);
		fclose(f);
		return NULL;
	}
	char *data = xmalloc((size_t)sb.st_size + 1);
	size_t got = fread(data, 1, (size_t)sb.st_size, f);
	fclose(f);
	if (got != (size_t)sb.st_size) {
		set_err(err, errlen, "%s: read error", path);
		free(data);
		return NULL;
	}
	data[got] = '\0';
	*len = got;
	return data;
}

int cbs_import_file(struct db *db, const char *path, const char *gemeente, int year,
		    struct cbs_summary *sum, char *err, size_t errlen)
{
	size_t len = 0;
	char *data = gebieden_read_file(path, &len, err, errlen);
	if (!data) {
		memset(sum, 0, sizeof *sum);
		return -1;
	}
	int rc = cbs_import_data(db, path, data, len, gemeente, year, sum, err, errlen);
	free(data);
	return rc;
}
