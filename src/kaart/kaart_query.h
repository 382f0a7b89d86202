/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * kaart_query.h: searching the published sociale kaart. One filter struct
 * is parsed from the query string (shared by the HTML list, the CSV and the
 * JSON API so they always agree), validated, and run as literal SQL with
 * bound values; the area filter includes every area below the chosen one.
 */
#ifndef WB_KAART_KAART_QUERY_H
#define WB_KAART_KAART_QUERY_H

#include <jansson.h>
#include <stdbool.h>

#include "kaart/kaart_model.h"

struct arena;
struct db;
struct kvlist;
struct buf;

#define KAART_PER_PAGE 20
#define KAART_MAX_QUERY 200 /* code points in the search text */
#define KAART_MAX_PAGE 100000
#define KAART_MAX_PER_PAGE 100

struct kaart_filter {
	const char *q;                     /* search words, or NULL */
	const char *area;                  /* area code, or NULL */
	const char *kind, *theme, *pillar; /* NULL = any */
	long page;                         /* 1-based */
	int per_page;                      /* 0 = all (CSV) */
};

/*
 * Reads q, area, kind, theme, pillar, page and per_page (1-100, default 20)
 * from the query string into f.
 * Empty values mean "any". Every bad parameter gets a message in e under its
 * own name (English msgid); the bad value is then left out of f so a page
 * can still show results. Returns true when all were valid.
 */
bool kaart_filter_parse(struct db *db, const struct kvlist *query, struct kaart_filter *f,
			struct kaart_errors *e);

/* "?q=...&area=..." for f (page only when > 1, per_page only when not the
 * default, NULL values left out), or ""
 * when there are no filters. Arena string, safe in HTML attributes. */
char *kaart_filter_query(struct arena *a, const struct kaart_filter *f, long page);

/* One search result. Strings live in the arena. contact is "" unless the
 * item may show it. */
struct kaart_row {
	long long id;
	const char *name, *description, *kind, *area_code, *area_name;
	const char *contact, *when_where, *accessibility, *last_checked, *source;
	const char *themes[KAART_NTHEMES];
	int nthemes;
	const char *pillars[KAART_NPILLARS];
	int npillars;
	bool stale;
};

/* Runs f. On success sets *rows (arena array) and *nrows for the requested
 * page, *total for all pages, and returns 0; -1 on a database error. */
int kaart_search(struct db *db, struct arena *a, const struct kaart_filter *f,
		 struct kaart_row **rows, int *nrows, long long *total);

/* Loads one published item as a row; false when there is none. */
bool kaart_get_published(struct db *db, struct arena *a, long long id, struct kaart_row *row);

/* Parses a positive item id from a path segment; 0 when not a valid id. */
long long kaart_parse_id(const char *s);

/* An area for selects: code, name, level and the code of its wijk/gemeente. */
struct kaart_area {
	const char *code, *name, *level, *parent;
};
/* All areas of the tree in display order (gemeente, then each wijk followed
 * by its buurten). Returns the count; *out is an arena array. */
int kaart_areas(struct db *db, struct arena *a, struct kaart_area **out);

/* JSON object for a row, in the /api/v1/kaart contract. New reference. */
json_t *kaart_row_json(const struct kaart_row *row);

/* CSV header line and one row, in the same column order as the JSON. */
void kaart_csv_header(struct buf *b);
void kaart_csv_row(struct buf *b, const struct kaart_row *row);

#endif
