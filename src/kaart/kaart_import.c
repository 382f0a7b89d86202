/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * kaart_import.c: `wijkbasis import kaart FILE.csv --db PATH [--demo]`.
 * Reads a comma-separated file (RFC 4180 quoting, optional UTF-8 BOM, CRLF
 * or LF) with the header
 *   name,description,kind,area_code,themes,pillars,contact,when_where,
 *   accessibility,source,last_checked[,show_contact]
 * validates every row with the same rules as the web form, and loads all
 * rows in one transaction, or none when any row has an error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "db/db.h"
#include "kaart/kaart.h"
#include "kaart/kaart_model.h"
#include "util/mem.h"

#define MAX_FILE (16 * 1024 * 1024)
#define MAX_FIELDS 16

static const char *const columns[] = {
	"name",    "description", "kind",          "area_code", "themes",       "pillars",
	"contact", "when_where",  "accessibility", "source",    "last_checked", "show_contact",
};
#define NREQUIRED 11
#define NCOLUMNS 12

/* A tiny CSV cursor over a NUL-terminated buffer. */
struct csv {
	const char *p;
	int line; /* line of the next character */
};

/*
 * Reads one record into fields (arena copies). Returns the number of fields,
 * 0 at end of input, or -1 with *msg set. *rec_line is the line the record
 * starts on.
 */
static int csv_record(struct csv *c, struct arena *a, char **fields, int max, int *rec_line,
		      const char **msg)
{
	if (!*c->p)
		return 0;
	*rec_line = c->line;
	int n = 0;
	struct buf f = BUF_INIT;
	for (;;) {
		buf_reset(&f);
		buf_append(&f, "", 0);
		if (*c->p == '"') {
			c->p++;
			for (;;) {
				if (!*c->p) {
					buf_free(&f);
					*msg = "unterminated quoted field";
					return -1;
				}
				if (*c->p == '"' && c->p[1] == '"') {
					buf_putc(&f, '"');
					c->p += 2;
				} else if (*c->p == '"') {
					c->p++;
					break;
				} else {
					if (*c->p == '\n')
						c->line++;
					buf_putc(&f, *c->p++);
				}
			}
			if (*c->p && *c->p != ',' && *c->p != '\n' && *c->p != '\r') {
				buf_free(&f);
				*msg = "text after a closing quote";
				return -1;
			}
		} else {
			while (*c->p && *c->p != ',' && *c->p != '\n' && *c->p != '\r') {
				if (*c->p == '"') {
					buf_free(&f);
					*msg = "quote inside an unquoted field";
					return -1;
				}
				buf_putc(&f, *c->p++);
			}
		}
		if (n == max) {
			buf_free(&f);
			*msg = "too many fields";
			return -1;
		}
		fields[n++] = arena_strdup(a, f.data);
		if (*c->p == ',') {
			c->p++;
			continue;
		}
		if (*c->p == '\r')
			c->p++;
		if (*c->p == '\n') {
			c->p++;
			c->line++;
		}
		break;
	}
	buf_free(&f);
	return n;
}

/* Reads the whole file into a NUL-terminated malloc'd buffer (caller frees).
 * Returns NULL with *msg set. */
static char *read_file(const char *path, const char **msg)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		*msg = strerror(errno);
		return NULL;
	}
	struct buf b = BUF_INIT;
	char chunk[8192];
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
		buf_append(&b, chunk, got);
		if (b.len > MAX_FILE) {
			fclose(f);
			buf_free(&b);
			*msg = "file is larger than 16 MB";
			return NULL;
		}
	}
	bool err = ferror(f);
	fclose(f);
	buf_append(&b, "", 0);
	if (err) {
		buf_free(&b);
		*msg = "read error";
		return NULL;
	}
	if (strlen(b.data) != b.len) {
		buf_free(&b);
		*msg = "file contains a NUL byte";
		return NULL;
	}
	return buf_detach(&b);
}

/* Checks the header row. Returns the number of columns used (11 or 12) or -1. */
static int check_header(char **fields, int n)
{
	if (n != NREQUIRED && n != NCOLUMNS)
		return -1;
	for (int i = 0; i < n; i++)
		if (strcmp(fields[i], columns[i]) != 0)
			return -1;
	return n;
}

/* Turns one data row into an item; reports every bad field. Returns the
 * number of errors. */
static int row_to_item(struct db *db, struct arena *a, const char *path, int line, char **fv,
		       int ncols, bool demo, struct kaart_item *it, FILE *err)
{
	memset(it, 0, sizeof *it);
	it->name = fv[0];
	it->description = fv[1];
	it->kind = fv[2];
	it->area_code = fv[3];
	it->contact = fv[6];
	it->when_where = fv[7];
	it->accessibility = fv[8];
	it->source = fv[9];
	it->last_checked = fv[10];
	it->show_contact = true;
	it->is_demo = demo;
	it->status = "published";
	it->channel = "online";
	struct kaart_errors e = {0};
	const char *bad;
	it->nthemes = kaart_split_list(a, fv[4], kaart_themes, KAART_NTHEMES, it->themes,
				       KAART_NTHEMES, &bad);
	if (it->nthemes < 0) {
		fprintf(err, "%s:%d: field themes: unknown or repeated theme '%s'\n", path, line,
			bad);
		it->nthemes = 0;
		kaart_error_add(&e, "themes", "");
	}
	it->npillars = kaart_split_list(a, fv[5], kaart_pillars, KAART_NPILLARS, it->pillars,
					KAART_NPILLARS, &bad);
	if (it->npillars < 0) {
		fprintf(err, "%s:%d: field pillars: unknown or repeated pillar '%s'\n", path, line,
			bad);
		it->npillars = 0;
		kaart_error_add(&e, "pillars", "");
	}
	if (ncols == NCOLUMNS) {
		if (strcmp(fv[11], "1") == 0 || !*fv[11])
			it->show_contact = true;
		else if (strcmp(fv[11], "0") == 0)
			it->show_contact = false;
		else {
			fprintf(err, "%s:%d: field show_contact: must be 0, 1 or empty\n", path,
				line);
			kaart_error_add(&e, "show_contact", "");
		}
	}
	int pre = e.n;
	kaart_validate(db, it, &e);
	for (int i = pre; i < e.n; i++) {
		/* The CSV column of the form's "area" field is area_code. */
		const char *field = strcmp(e.field[i], "area") == 0 ? "area_code" : e.field[i];
		fprintf(err, "%s:%d: field %s: %s\n", path, line, field, e.msg[i]);
	}
	return e.n;
}

/* Inserts it, or updates the item with the same name and area when the
 * file is imported again, so a re-import never duplicates. */
static int store_item(struct db *db, const struct kaart_item *it)
{
	struct db_stmt *s = db_prepare(
		db,
		"SELECT id FROM kaart_items WHERE name = ? AND area_code IS ? AND corrects_id IS NULL"
		" AND status = 'published' ORDER BY id LIMIT 1");
	db_bind_text(s, 1, it->name);
	db_bind_text(s, 2, it->area_code);
	long long id = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
	db_done(s);
	if (id > 0)
		return kaart_item_update(db, id, it);
	return kaart_item_insert(db, it) > 0 ? 0 : -1;
}

int kaart_import_file(struct db *db, const char *path, bool demo, FILE *err)
{
	const char *msg = NULL;
	char *text = read_file(path, &msg);
	if (!text) {
		fprintf(err, "%s: %s\n", path, msg);
		return -1;
	}
	struct arena *a = arena_new();
	struct csv c = {.p = text, .line = 1};
	if (strncmp(c.p, "\xEF\xBB\xBF", 3) == 0)
		c.p += 3;
	char *fv[MAX_FIELDS];
	int line = 1, errors = 0, count = 0;
	int n = csv_record(&c, a, fv, MAX_FIELDS, &line, &msg);
	int ncols = n > 0 ? check_header(fv, n) : -1;
	if (ncols < 0) {
		fprintf(err,
			"%s:1: header must be: name,description,kind,area_code,themes,pillars,"
			"contact,when_where,accessibility,source,last_checked[,show_contact]\n",
			path);
		arena_free(a);
		free(text);
		return -1;
	}
	if (db_begin(db) != DB_OK) {
		fprintf(err, "%s: database is busy\n", path);
		arena_free(a);
		free(text);
		return -1;
	}
	while ((n = csv_record(&c, a, fv, MAX_FIELDS, &line, &msg)) != 0) {
		if (n < 0) {
			fprintf(err, "%s:%d: %s\n", path, line, msg);
			errors++;
			break; /* the cursor cannot resynchronise after a broken quote */
		}
		if (n == 1 && !*fv[0])
			continue; /* blank line */
		if (n != ncols) {
			fprintf(err, "%s:%d: expected %d fields, found %d\n", path, line, ncols, n);
			errors++;
			continue;
		}
		struct kaart_item it;
		int e = row_to_item(db, a, path, line, fv, ncols, demo, &it, err);
		errors += e;
		if (e == 0 && errors == 0) {
			if (store_item(db, &it) != 0) {
				fprintf(err, "%s:%d: cannot store the item: %s\n", path, line,
					db_errmsg(db));
				errors++;
			}
		}
		count++;
	}
	arena_free(a);
	free(text);
	if (errors) {
		db_rollback(db);
		fprintf(err, "%s: %d error%s, nothing imported\n", path, errors,
			errors == 1 ? "" : "s");
		return -1;
	}
	if (db_commit(db) != DB_OK) {
		db_rollback(db);
		fprintf(err, "%s: commit failed\n", path);
		return -1;
	}
	return count;
}

static const char import_help[] =
	"Usage: wijkbasis import kaart FILE.csv [--db PATH] [--demo]\n"
	"Loads sociale kaart items from a CSV file (comma-separated, UTF-8) with the header\n"
	"  name,description,kind,area_code,themes,pillars,contact,when_where,accessibility,\n"
	"  source,last_checked[,show_contact]\n"
	"kind: bewonersinitiatief, vereniging, organisatie, ontmoetingsplek, voorziening, talent.\n"
	"themes and pillars: several values separated by '|'. area_code: an area already\n"
	"imported (import cbs first). last_checked: YYYY-MM-DD. show_contact: 1 (default) or 0.\n"
	"All rows are checked first; on any error nothing is written. An item with the same\n"
	"name and area as an existing one is updated, not duplicated.\n\n"
	"  --db PATH   database file (default wijkbasis.db)\n"
	"  --demo      mark the items as demo data\n"
	"  --help      this text\n";

int kaart_cmd_import(int argc, char **argv)
{
	const char *db_path = "wijkbasis.db", *file = NULL;
	bool demo = false;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(import_help, stdout);
			return 0;
		} else if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
			db_path = argv[++i];
		} else if (strcmp(argv[i], "--demo") == 0) {
			demo = true;
		} else if (argv[i][0] != '-' && !file) {
			file = argv[i];
		} else {
			fputs(import_help, stderr);
			return 2;
		}
	}
	if (!file) {
		fputs(import_help, stderr);
		return 2;
	}
	struct db *db = cli_open_db(db_path);
	if (!db)
		return 1;
	int n = kaart_import_file(db, file, demo, stderr);
	db_close(db);
	if (n < 0)
		return 1;
	printf("%s: %d sociale kaart item%s imported%s\n", file, n, n == 1 ? "" : "s",
	       demo ? " (demo)" : "");
	return 0;
}
