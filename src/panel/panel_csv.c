/* SPDX-License-Identifier: EUPL-1.2 */
/* panel_csv.c: reads quota files and pool files in the two sortition CSV
 * formats (replication/Panelot and Sortition Foundation) into a panel_pool. */
#include "panel/panel.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "i18n/i18n.h"
#include "util/mem.h"
#include "util/text.h"

/* A parsed CSV table: rows of NUL-terminated cells, all owned by the table. */
struct csv {
	int n_rows;
	int *n_cells;
	char ***cell;
};

static void csv_free(struct csv *c)
{
	for (int r = 0; r < c->n_rows; r++) {
		for (int i = 0; i < c->n_cells[r]; i++)
			free(c->cell[r][i]);
		free(c->cell[r]);
	}
	free(c->n_cells);
	free(c->cell);
	memset(c, 0, sizeof *c);
}

static void set_err(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	if (!err || errlen == 0)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* Trims ASCII white space in place; returns s. */
static char *trim(char *s)
{
	size_t n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	size_t i = 0;
	while (s[i] && isspace((unsigned char)s[i]))
		i++;
	if (i)
		memmove(s, s + i, n - i + 1);
	return s;
}

/* Parses RFC 4180 CSV (quotes, doubled quotes, CRLF or LF, a UTF-8 byte order
 * mark, no final newline). Blank lines are skipped. Cells are trimmed.
 * Returns 0, or -1 with err filled. */
static int csv_parse(const char *s, size_t len, int max_rows, struct csv *out, char *err,
		     size_t errlen)
{
	memset(out, 0, sizeof *out);
	if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
		s += 3;
		len -= 3;
	}
	if (!utf8_valid(s, len)) {
		set_err(err, errlen, "%s", _("The file is not valid UTF-8 text."));
		return -1;
	}
	int cap_rows = 0;
	struct buf cellbuf = BUF_INIT;
	char **cells = NULL;
	int n_cells = 0, cap_cells = 0;
	size_t i = 0;
	int line = 1;
	while (i <= len) {
		/* one cell */
		buf_reset(&cellbuf);
		buf_append(&cellbuf, "", 0);
		if (i < len && s[i] == '"') {
			i++;
			for (;;) {
				if (i >= len) {
					set_err(err, errlen, _("Line %d: a quote is not closed."),
						line);
					goto fail;
				}
				if (s[i] == '"') {
					if (i + 1 < len && s[i + 1] == '"') {
						buf_putc(&cellbuf, '"');
						i += 2;
						continue;
					}
					i++;
					break;
				}
				if (s[i] == '\n')
					line++;
				buf_putc(&cellbuf, s[i++]);
				if (cellbuf.len > PANEL_MAX_CELL) {
					set_err(err, errlen, _("Line %d: a cell is too long."),
						line);
					goto fail;
				}
			}
		}
		while (i < len && s[i] != ',' && s[i] != '\n' && s[i] != '\r') {
			buf_putc(&cellbuf, s[i++]);
			if (cellbuf.len > PANEL_MAX_CELL) {
				set_err(err, errlen, _("Line %d: a cell is too long."), line);
				goto fail;
			}
		}
		if (n_cells == cap_cells) {
			cap_cells = cap_cells ? 2 * cap_cells : 16;
			if (cap_cells > 4 * PANEL_MAX_FEATURES + 1024) {
				set_err(err, errlen, _("Line %d has too many columns."), line);
				goto fail;
			}
			cells = xrealloc(cells, sizeof *cells * (size_t)cap_cells);
		}
		cells[n_cells++] = trim(xstrdup(cellbuf.data));
		bool end_row = i >= len || s[i] != ',';
		if (i < len && s[i] == ',') {
			i++;
			if (i == len) { /* trailing comma at end of file: one more empty cell */
				if (n_cells == cap_cells) {
					cap_cells *= 2;
					cells = xrealloc(cells, sizeof *cells * (size_t)cap_cells);
				}
				cells[n_cells++] = xstrdup("");
				end_row = true;
			}
		}
		if (!end_row)
			continue;
		if (i < len && s[i] == '\r')
			i++;
		if (i < len && s[i] == '\n')
			i++;
		line++;
		bool blank = n_cells == 1 && cells[0][0] == '\0';
		if (blank) {
			free(cells[0]);
			n_cells = 0;
		} else {
			if (out->n_rows >= max_rows) {
				set_err(err, errlen, _("The file has more than %d rows."),
					max_rows - 1);
				for (int c = 0; c < n_cells; c++)
					free(cells[c]);
				n_cells = 0;
				goto fail;
			}
			if (out->n_rows == cap_rows) {
				cap_rows = cap_rows ? 2 * cap_rows : 64;
				out->cell =
					xrealloc(out->cell, sizeof *out->cell * (size_t)cap_rows);
				out->n_cells =
					xrealloc(out->n_cells, sizeof(int) * (size_t)cap_rows);
			}
			out->cell[out->n_rows] = cells;
			out->n_cells[out->n_rows] = n_cells;
			out->n_rows++;
			cells = NULL;
			n_cells = cap_cells = 0;
		}
		if (i >= len)
			break;
	}
	for (int c = 0; c < n_cells; c++)
		free(cells[c]);
	free(cells);
	buf_free(&cellbuf);
	return 0;
fail:
	for (int c = 0; c < n_cells; c++)
		free(cells[c]);
	free(cells);
	buf_free(&cellbuf);
	csv_free(out);
	return -1;
}

/* Column index of a header name (case-insensitive), or -1. */
static int column_of(const struct csv *c, const char *name)
{
	for (int i = 0; i < c->n_cells[0]; i++)
		if (strcasecmp(c->cell[0][i], name) == 0)
			return i;
	return -1;
}

static const char *cell(const struct csv *c, int row, int col)
{
	return col >= 0 && col < c->n_cells[row] ? c->cell[row][col] : "";
}

static bool parse_count(const char *s, int *out)
{
	long v;
	if (!parse_long(s, 0, 1000000, &v))
		return false;
	*out = (int)v;
	return true;
}

void panel_pool_free(struct panel_pool *p)
{
	if (!p)
		return;
	for (int f = 0; f < p->n_features; f++)
		free(p->feature[f]);
	for (int v = 0; v < p->n_values; v++)
		free(p->value[v]);
	for (int i = 0; i < p->n_people; i++)
		free(p->id[i]);
	free(p->feature);
	free(p->first_value);
	free(p->value);
	free(p->value_feature);
	free(p->qmin);
	free(p->qmax);
	free(p->min_flex);
	free(p->max_flex);
	free(p->id);
	free(p->person_value);
	free(p->household);
	free(p->keep);
	free(p);
}

/* Reads the quota table into p (features, values, quotas). Returns 0 or -1. */
static int read_quotas(struct panel_pool *p, const struct csv *q, char *err, size_t errlen)
{
	if (q->n_rows < 2) {
		set_err(err, errlen, "%s", _("The quota file has no quotas."));
		return -1;
	}
	int cf = column_of(q, "category"), cv = column_of(q, "feature");
	if (cf < 0 || cv < 0) { /* Sortition Foundation headers */
		cf = column_of(q, "feature");
		cv = column_of(q, "value");
		if (cv < 0)
			cv = column_of(q, "name");
		if (cf < 0)
			cf = column_of(q, "category");
	}
	int cmin = column_of(q, "min"), cmax = column_of(q, "max");
	int cminf = column_of(q, "min_flex"), cmaxf = column_of(q, "max_flex");
	if (cf < 0 || cv < 0 || cmin < 0 || cmax < 0 || cf == cv) {
		set_err(err, errlen, "%s",
			_("The quota file needs the columns category,feature,min,max or "
			  "feature,value,min,max."));
		return -1;
	}
	int nv = q->n_rows - 1;
	if (nv > PANEL_MAX_VALUES) {
		set_err(err, errlen, _("The quota file has more than %d rows."), PANEL_MAX_VALUES);
		return -1;
	}
	/* Group rows by feature, keeping the order of first appearance. */
	p->feature = xcalloc((size_t)nv, sizeof(char *));
	p->first_value = xcalloc((size_t)nv + 1, sizeof(int));
	p->value = xcalloc((size_t)nv, sizeof(char *));
	p->value_feature = xcalloc((size_t)nv, sizeof(int));
	p->qmin = xcalloc((size_t)nv, sizeof(int));
	p->qmax = xcalloc((size_t)nv, sizeof(int));
	p->min_flex = xcalloc((size_t)nv, sizeof(int));
	p->max_flex = xcalloc((size_t)nv, sizeof(int));
	int *feat_of_row = xcalloc((size_t)nv, sizeof(int));
	int rc = -1;
	for (int r = 1; r <= nv; r++) {
		const char *fname = cell(q, r, cf), *vname = cell(q, r, cv);
		if (!*fname || !*vname) {
			set_err(err, errlen,
				_("Quota file, line %d: the feature or value is empty."), r + 1);
			goto out;
		}
		int f = 0;
		while (f < p->n_features && strcasecmp(p->feature[f], fname) != 0)
			f++;
		if (f == p->n_features) {
			if (p->n_features == PANEL_MAX_FEATURES) {
				set_err(err, errlen, _("The quota file has more than %d features."),
					PANEL_MAX_FEATURES);
				goto out;
			}
			p->feature[p->n_features++] = xstrdup(fname);
		}
		feat_of_row[r - 1] = f;
	}
	int v = 0;
	for (int f = 0; f < p->n_features; f++) {
		p->first_value[f] = v;
		for (int r = 1; r <= nv; r++) {
			if (feat_of_row[r - 1] != f)
				continue;
			const char *vname = cell(q, r, cv);
			for (int w = p->first_value[f]; w < v; w++)
				if (strcasecmp(p->value[w], vname) == 0) {
					set_err(err, errlen,
						_("Quota file, line %d: the value %s of %s appears twice."),
						r + 1, vname, p->feature[f]);
					goto out;
				}
			int lo, hi, lof = 0, hif = -1;
			if (!parse_count(cell(q, r, cmin), &lo) ||
			    !parse_count(cell(q, r, cmax), &hi)) {
				set_err(err, errlen,
					_("Quota file, line %d: min and max must be whole numbers of 0 or more."),
					r + 1);
				goto out;
			}
			if (lo > hi) {
				set_err(err, errlen,
					_("Quota file, line %d: min is larger than max."), r + 1);
				goto out;
			}
			if (cminf >= 0 && *cell(q, r, cminf) &&
			    !parse_count(cell(q, r, cminf), &lof)) {
				set_err(err, errlen,
					_("Quota file, line %d: min_flex must be a whole number."),
					r + 1);
				goto out;
			}
			if (cmaxf >= 0 && *cell(q, r, cmaxf) &&
			    !parse_count(cell(q, r, cmaxf), &hif)) {
				set_err(err, errlen,
					_("Quota file, line %d: max_flex must be a whole number."),
					r + 1);
				goto out;
			}
			if (lof > lo || (hif >= 0 && hif < hi)) {
				set_err(err, errlen,
					_("Quota file, line %d: min_flex must be at most min and max_flex at least max."),
					r + 1);
				goto out;
			}
			p->value[v] = xstrdup(vname);
			p->value_feature[v] = f;
			p->qmin[v] = lo;
			p->qmax[v] = hi;
			p->min_flex[v] = lof;
			p->max_flex[v] = hif;
			p->n_values = ++v; /* so that an error below frees what is here */
		}
	}
	p->first_value[p->n_features] = v;
	p->n_values = v;
	rc = 0;
out:
	free(feat_of_row);
	return rc;
}

static bool is_id_name(const char *h)
{
	size_t n = strlen(h);
	return strcasecmp(h, "id") == 0 || (n > 3 && strcasecmp(h + n - 3, "_id") == 0) ||
	       (n >= 10 && strcasecmp(h + n - 10, "identifier") == 0);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Fills ids; rejects duplicate ids. */
static int read_ids(struct panel_pool *p, const struct csv *c, const char *id_column, char *err,
		    size_t errlen)
{
	int col = -1;
	if (id_column && *id_column) {
		col = column_of(c, id_column);
		if (col < 0) {
			set_err(err, errlen, _("The pool file has no column %s."), id_column);
			return -1;
		}
	} else {
		for (int i = 0; i < c->n_cells[0] && col < 0; i++) {
			bool is_feature = false;
			for (int f = 0; f < p->n_features; f++)
				if (strcasecmp(p->feature[f], c->cell[0][i]) == 0)
					is_feature = true;
			if (!is_feature && is_id_name(c->cell[0][i]))
				col = i;
		}
	}
	p->ids_are_rows = col < 0;
	for (int i = 0; i < p->n_people; i++) {
		if (col < 0) {
			char tmp[32];
			snprintf(tmp, sizeof tmp, "%d", i);
			p->id[i] = xstrdup(tmp);
		} else {
			const char *s = cell(c, i + 1, col);
			if (!*s) {
				set_err(err, errlen, _("Pool file, line %d: the id is empty."),
					i + 2);
				return -1;
			}
			p->id[i] = xstrdup(s);
		}
	}
	char **sorted = xmalloc(sizeof(char *) * (size_t)(p->n_people ? p->n_people : 1));
	memcpy(sorted, p->id, sizeof(char *) * (size_t)p->n_people);
	qsort(sorted, (size_t)p->n_people, sizeof(char *), cmp_str);
	for (int i = 1; i < p->n_people; i++)
		if (strcmp(sorted[i - 1], sorted[i]) == 0) {
			set_err(err, errlen, _("The pool file has the id %s more than once."),
				sorted[i]);
			free(sorted);
			return -1;
		}
	free(sorted);
	return 0;
}

/* Groups people by their household columns; only groups of two or more count. */
static int read_households(struct panel_pool *p, const struct csv *c, const char *columns,
			   char *err, size_t errlen)
{
	for (int i = 0; i < p->n_people; i++)
		p->household[i] = -1;
	if (!columns || !*columns)
		return 0;
	int cols[16], nc = 0;
	char *copy = xstrdup(columns), *save = NULL;
	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		tok = trim(tok);
		if (!*tok)
			continue;
		int col = column_of(c, tok);
		if (col < 0 || nc == 16) {
			set_err(err, errlen, _("The pool file has no column %s."), tok);
			free(copy);
			return -1;
		}
		cols[nc++] = col;
	}
	free(copy);
	if (nc == 0)
		return 0;
	/* Key per person: the address cells joined by a unit separator. */
	char **key = xcalloc((size_t)p->n_people, sizeof(char *));
	int *idx = xcalloc((size_t)p->n_people, sizeof(int));
	int n_keyed = 0;
	for (int i = 0; i < p->n_people; i++) {
		struct buf b = BUF_INIT;
		bool any = false;
		for (int j = 0; j < nc; j++) {
			const char *s = cell(c, i + 1, cols[j]);
			if (*s)
				any = true;
			for (const char *q = s; *q; q++)
				buf_putc(&b, (char)tolower((unsigned char)*q));
			buf_putc(&b, '\x1f');
		}
		if (any) {
			key[i] = buf_detach(&b);
			idx[n_keyed++] = i;
		} else {
			buf_free(&b);
		}
	}
	/* Sort person indices by key; equal neighbours share a household. */
	struct kv {
		const char *k;
		int i;
	} *kv = xcalloc((size_t)(n_keyed ? n_keyed : 1), sizeof *kv);
	for (int a = 0; a < n_keyed; a++) {
		kv[a].k = key[idx[a]];
		kv[a].i = idx[a];
	}
	qsort(kv, (size_t)n_keyed, sizeof *kv, cmp_str);
	for (int a = 0; a < n_keyed;) {
		int b = a + 1;
		while (b < n_keyed && strcmp(kv[a].k, kv[b].k) == 0)
			b++;
		if (b - a >= 2) {
			for (int j = a; j < b; j++)
				p->household[kv[j].i] = p->n_households;
			p->n_households++;
		}
		a = b;
	}
	free(kv);
	for (int i = 0; i < p->n_people; i++)
		free(key[i]);
	free(key);
	free(idx);
	return 0;
}

/* Reads the feature values of every person. */
static int read_people(struct panel_pool *p, const struct csv *c, char *err, size_t errlen)
{
	int *col = xcalloc((size_t)p->n_features, sizeof(int));
	int rc = -1;
	for (int f = 0; f < p->n_features; f++) {
		col[f] = column_of(c, p->feature[f]);
		if (col[f] < 0) {
			set_err(err, errlen, _("The pool file has no column for the feature %s."),
				p->feature[f]);
			goto out;
		}
	}
	for (int i = 0; i < p->n_people; i++) {
		for (int f = 0; f < p->n_features; f++) {
			const char *s = cell(c, i + 1, col[f]);
			int v = p->first_value[f];
			while (v < p->first_value[f + 1] && strcasecmp(p->value[v], s) != 0)
				v++;
			if (v == p->first_value[f + 1]) {
				set_err(err, errlen,
					_("Pool file, line %d: the value \"%s\" of %s has no quota."),
					i + 2, s, p->feature[f]);
				goto out;
			}
			p->person_value[(size_t)i * (size_t)p->n_features + (size_t)f] = v;
		}
	}
	rc = 0;
out:
	free(col);
	return rc;
}

struct panel_pool *panel_pool_read(const char *quota_csv, size_t quota_len, const char *pool_csv,
				   size_t pool_len, const char *id_column,
				   const char *household_columns, char *err, size_t errlen)
{
	struct csv q, c;
	char sub[512];
	if (csv_parse(quota_csv, quota_len, PANEL_MAX_VALUES + 2, &q, sub, sizeof sub) != 0) {
		set_err(err, errlen, _("Quota file: %s"), sub);
		return NULL;
	}
	if (csv_parse(pool_csv, pool_len, PANEL_MAX_PEOPLE + 1, &c, sub, sizeof sub) != 0) {
		set_err(err, errlen, _("Pool file: %s"), sub);
		csv_free(&q);
		return NULL;
	}
	struct panel_pool *p = xcalloc(1, sizeof *p);
	int rc = read_quotas(p, &q, err, errlen);
	if (rc == 0 && c.n_rows < 2) {
		set_err(err, errlen, "%s", _("The pool file has nobody in it."));
		rc = -1;
	}
	if (rc == 0) {
		p->n_people = c.n_rows - 1;
		p->id = xcalloc((size_t)p->n_people, sizeof(char *));
		p->person_value =
			xcalloc((size_t)p->n_people * (size_t)(p->n_features ? p->n_features : 1),
				sizeof(int));
		p->household = xcalloc((size_t)p->n_people, sizeof(int));
		rc = read_people(p, &c, err, errlen);
	}
	if (rc == 0)
		rc = read_ids(p, &c, id_column, err, errlen);
	if (rc == 0)
		rc = read_households(p, &c, household_columns, err, errlen);
	csv_free(&q);
	csv_free(&c);
	if (rc != 0) {
		panel_pool_free(p);
		return NULL;
	}
	return p;
}

/* Reads a whole file (at most 256 MiB) into a new buffer. */
static char *read_file(const char *path, size_t *len, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		set_err(err, errlen, _("Cannot open %s: %s"), path, strerror(errno));
		return NULL;
	}
	struct buf b = BUF_INIT;
	char tmp[65536];
	size_t n;
	while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) {
		buf_append(&b, tmp, n);
		if (b.len > ((size_t)256 << 20)) {
			set_err(err, errlen, _("%s is too large."), path);
			fclose(f);
			buf_free(&b);
			return NULL;
		}
	}
	fclose(f);
	*len = b.len;
	buf_append(&b, "", 0);
	return buf_detach(&b);
}

struct panel_pool *panel_pool_load(const char *quota_path, const char *pool_path,
				   const char *id_column, const char *household_columns, char *err,
				   size_t errlen)
{
	size_t ql = 0, pl = 0;
	char *qs = read_file(quota_path, &ql, err, errlen);
	if (!qs)
		return NULL;
	char *ps = read_file(pool_path, &pl, err, errlen);
	if (!ps) {
		free(qs);
		return NULL;
	}
	struct panel_pool *p =
		panel_pool_read(qs, ql, ps, pl, id_column, household_columns, err, errlen);
	free(qs);
	free(ps);
	return p;
}

int panel_pool_keep(struct panel_pool *p, const char *const *ids, int n, char *err, size_t errlen)
{
	if (!p->keep)
		p->keep = xcalloc((size_t)p->n_people, 1);
	for (int a = 0; a < n; a++) {
		int found = -1;
		for (int i = 0; i < p->n_people && found < 0; i++)
			if (strcmp(p->id[i], ids[a]) == 0)
				found = i;
		if (found < 0) {
			set_err(err, errlen, _("The pool has nobody with the id %s."), ids[a]);
			return -1;
		}
		p->keep[found] = 1;
	}
	return 0;
}
