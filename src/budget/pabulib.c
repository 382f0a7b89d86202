/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * pabulib.c: the .pb reader and writer (see pabulib.h). The reader is strict
 * where the pabulib checker is strict (empty lines, a comma in a number, a
 * project twice in one vote, counts that do not match) and never trusts a
 * length or count from the file before checking it.
 */
#include "budget/pabulib.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/mem.h"

/* ---------------------------------------------------------------- errors */

static void set_err(struct pb_error *e, long line, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void set_err(struct pb_error *e, long line, const char *field, const char *fmt, ...)
{
	if (!e)
		return;
	e->line = line;
	snprintf(e->field, sizeof e->field, "%s", field ? field : "");
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
}

/* ------------------------------------------------------------- id lookup */

/* Open-addressing table from a string to an index; sized once, never grows. */
struct idmap {
	int *slot; /* index+1, 0 = empty */
	size_t mask;
	const char **keys; /* keys[index] */
};

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static void idmap_init(struct arena *a, struct idmap *m, size_t n, const char **keys)
{
	size_t cap = 16;
	while (cap < 2 * n + 2)
		cap *= 2;
	m->slot = arena_calloc(a, cap, sizeof *m->slot);
	m->mask = cap - 1;
	m->keys = keys;
}

/* Returns the index of key, or -1; with insert >= 0 adds key as that index
 * when absent (and returns -1 then). */
static int idmap_find(struct idmap *m, const char *key, int insert)
{
	size_t i = hash_str(key) & m->mask;
	while (m->slot[i]) {
		int idx = m->slot[i] - 1;
		if (strcmp(m->keys[idx], key) == 0)
			return idx;
		i = (i + 1) & m->mask;
	}
	if (insert >= 0)
		m->slot[i] = insert + 1;
	return -1;
}

/* ------------------------------------------------------------ CSV records */

struct reader {
	const char *p, *end;
	long line; /* line of the next character */
	struct arena *a;
	struct pb_error *err;
	bool saw_crlf;
};

/* Reads one record (a line, or more when a quoted field holds a newline).
 * Returns the number of fields (>= 1), 0 at end of input, -1 on error.
 * *fields is arena memory. An empty line is reported as one empty field. */
static int read_record(struct reader *r, char ***fields, long *line)
{
	if (r->p >= r->end)
		return 0;
	*line = r->line;
	int n = 0, cap = 8;
	char **f = arena_alloc(r->a, cap * sizeof *f);
	struct buf field = BUF_INIT;
	for (;;) {
		buf_reset(&field);
		buf_append(&field, "", 0);
		if (r->p < r->end && *r->p == '"') {
			r->p++;
			for (;;) {
				if (r->p >= r->end) {
					set_err(r->err, *line, "", "a quoted field is not closed");
					buf_free(&field);
					return -1;
				}
				char c = *r->p++;
				if (c == '"') {
					if (r->p < r->end && *r->p == '"') {
						r->p++;
						buf_putc(&field, '"');
						continue;
					}
					break;
				}
				if (c == '\n')
					r->line++;
				buf_putc(&field, c);
			}
			if (r->p < r->end && *r->p == '\r' && r->p + 1 < r->end && r->p[1] == '\n')
				r->p++;
			if (r->p < r->end && *r->p != ';' && *r->p != '\n') {
				set_err(r->err, r->line, "", "text after a closing quote");
				buf_free(&field);
				return -1;
			}
		} else {
			const char *s = r->p;
			while (r->p < r->end && *r->p != ';' && *r->p != '\n')
				r->p++;
			size_t len = (size_t)(r->p - s);
			if (r->p < r->end && *r->p == '\n' && len > 0 && s[len - 1] == '\r') {
				len--;
				r->saw_crlf = true;
			} else if (r->p >= r->end && len > 0 && s[len - 1] == '\r') {
				len--;
			}
			buf_append(&field, s, len);
		}
		if (memchr(field.data, '\0', field.len)) {
			set_err(r->err, *line, "", "the line contains a NUL byte");
			buf_free(&field);
			return -1;
		}
		if (n == cap) {
			char **g = arena_alloc(r->a, 2 * cap * sizeof *g);
			memcpy(g, f, cap * sizeof *f);
			f = g;
			cap *= 2;
		}
		f[n++] = arena_strndup(r->a, field.data, field.len);
		if (r->p >= r->end)
			break;
		if (*r->p == ';') {
			r->p++;
			continue;
		}
		/* newline */
		r->p++;
		r->line++;
		break;
	}
	buf_free(&field);
	*fields = f;
	return n;
}

static bool is_title(char **f, int n, const char *title)
{
	if (n != 1)
		return false;
	const char *s = f[0];
	while (*s == ' ' || *s == '\t')
		s++;
	size_t len = strlen(title);
	if (strncasecmp(s, title, len) != 0)
		return false;
	for (s += len; *s; s++)
		if (*s != ' ' && *s != '\t')
			return false;
	return true;
}

static bool is_blank_record(char **f, int n)
{
	return n == 1 && f[0][0] == '\0';
}

/* ------------------------------------------------------------- numbers */

/* Parses a whole non-negative or negative decimal integer; no spaces. */
static bool parse_i64(const char *s, int64_t min, int64_t max, int64_t *out)
{
	if (!*s)
		return false;
	errno = 0;
	char *endp;
	long long v = strtoll(s, &endp, 10);
	if (*endp || errno || v < min || v > max || s[0] == ' ' || s[0] == '+' || s[0] == '\t')
		return false;
	*out = v;
	return true;
}

/* A decimal amount split into its integer part and up to 9 significant
 * fraction digits (trailing zeros dropped). */
struct money {
	int64_t ip;
	int64_t frac;   /* the digits as an integer */
	int fdigits;    /* number of significant fraction digits */
};

/* Returns 0, or an error message. */
static const char *parse_money(const char *s, struct money *m)
{
	const char *p = s;
	if (!*p)
		return "is empty";
	if (strchr(s, ','))
		return "has a comma; write decimals with a point";
	int64_t ip = 0;
	int nd = 0;
	for (; *p >= '0' && *p <= '9'; p++, nd++) {
		if (ip > (PB_MAX_MONEY - 9) / 10)
			return "is too large";
		ip = ip * 10 + (*p - '0');
	}
	m->ip = ip;
	m->frac = 0;
	m->fdigits = 0;
	if (*p == '.') {
		p++;
		const char *fs = p;
		while (*p >= '0' && *p <= '9')
			p++;
		int len = (int)(p - fs);
		if (len == 0 && nd == 0)
			return "is not a number";
		while (len > 0 && fs[len - 1] == '0')
			len--;
		if (len > 6)
			return "has more than 6 decimals";
		for (int i = 0; i < len; i++)
			m->frac = m->frac * 10 + (fs[i] - '0');
		m->fdigits = len;
	} else if (nd == 0) {
		return "is not a number";
	}
	if (*p)
		return "is not a number (only digits and one decimal point)";
	return NULL;
}

static const int64_t pow10_tab[] = {1, 10, 100, 1000, 10000, 100000, 1000000};

/* Converts to money units at the given scale; false when out of range. */
static bool money_units(const struct money *m, int scale, int64_t *out)
{
	int64_t mul = pow10_tab[scale];
	if (m->ip > PB_MAX_MONEY / mul)
		return false;
	int64_t v = m->ip * mul + m->frac * pow10_tab[scale - m->fdigits];
	if (v > PB_MAX_MONEY)
		return false;
	*out = v;
	return true;
}

const char *pb_money_text(const struct pb_file *f, int64_t units)
{
	if (f->money_scale == 0)
		return arena_printf(f->arena, "%lld", (long long)units);
	int64_t mul = pow10_tab[f->money_scale];
	return arena_printf(f->arena, "%s%lld.%0*lld", units < 0 ? "-" : "",
			    (long long)(llabs(units) / mul), f->money_scale,
			    (long long)(llabs(units) % mul));
}

/* ------------------------------------------------------------- sections */

static int col_index(const struct pb_table *t, const char *name)
{
	for (int i = 0; i < t->ncols; i++)
		if (strcmp(t->cols[i], name) == 0)
			return i;
	return -1;
}

const char *pb_meta(const struct pb_file *f, const char *key)
{
	for (long r = 0; r < f->meta.nrows; r++)
		if (strcmp(f->meta.rows[r][0], key) == 0)
			return f->meta.rows[r][1];
	return NULL;
}

static long meta_line(const struct pb_file *f, const char *key)
{
	for (long r = 0; r < f->meta.nrows; r++)
		if (strcmp(f->meta.rows[r][0], key) == 0)
			return f->meta.lines[r];
	return 0;
}

static void table_push(struct arena *a, struct pb_table *t, long *cap, char **row, long line)
{
	if (t->nrows == *cap) {
		long nc = *cap ? *cap * 2 : 64;
		char ***rows = arena_alloc(a, (size_t)nc * sizeof *rows);
		long *lines = arena_alloc(a, (size_t)nc * sizeof *lines);
		if (t->nrows) {
			memcpy(rows, t->rows, (size_t)t->nrows * sizeof *rows);
			memcpy(lines, t->lines, (size_t)t->nrows * sizeof *lines);
		}
		t->rows = rows;
		t->lines = lines;
		*cap = nc;
	}
	t->rows[t->nrows] = row;
	t->lines[t->nrows] = line;
	t->nrows++;
}

static const char *section_name(int s)
{
	return s == 0 ? "META" : s == 1 ? "PROJECTS" : "VOTES";
}

/* Reads the three sections into f->meta/projects/votes. Returns 0 or -1. */
static int read_sections(struct reader *r, struct pb_file *f)
{
	struct pb_table *tabs[3] = {&f->meta, &f->projects, &f->votes};
	static const char *titles[3] = {"META", "PROJECTS", "VOTES"};
	long caps[3] = {0, 0, 0};
	int sec = -1;     /* current section */
	bool need_header = false;
	long blank_line = 0; /* first blank line seen, reported if data follows */
	char **fl;
	long line;
	int n;
	while ((n = read_record(r, &fl, &line)) != 0) {
		if (n < 0)
			return -1;
		if (is_blank_record(fl, n)) {
			if (!blank_line)
				blank_line = line;
			continue;
		}
		if (blank_line) {
			set_err(r->err, blank_line, sec >= 0 ? section_name(sec) : "",
				"empty line inside the file");
			return -1;
		}
		if (sec < 2 && is_title(fl, n, titles[sec + 1])) {
			if (sec >= 0 && need_header) {
				set_err(r->err, line, section_name(sec), "section %s has no header line",
					section_name(sec));
				return -1;
			}
			sec++;
			need_header = true;
			continue;
		}
		if (sec < 0) {
			set_err(r->err, line, "", "the file must start with the line META");
			return -1;
		}
		struct pb_table *t = tabs[sec];
		if (need_header) {
			for (int i = 0; i < n; i++)
				for (int j = 0; j < i; j++)
					if (strcmp(fl[i], fl[j]) == 0) {
						set_err(r->err, line, fl[i], "column '%s' appears twice", fl[i]);
						return -1;
					}
			t->ncols = n;
			t->cols = fl;
			need_header = false;
			if (sec == 0 && (n != 2 || strcmp(fl[0], "key") || strcmp(fl[1], "value"))) {
				set_err(r->err, line, "META", "the META header must be 'key;value'");
				return -1;
			}
			continue;
		}
		if (n != t->ncols) {
			set_err(r->err, line, section_name(sec), "the line has %d fields; the header has %d", n,
				t->ncols);
			return -1;
		}
		table_push(r->a, t, &caps[sec], fl, line);
	}
	if (sec < 2) {
		set_err(r->err, r->line, titles[sec + 1], "section %s is missing", titles[sec + 1]);
		return -1;
	}
	if (need_header) {
		set_err(r->err, r->line, "VOTES", "section VOTES has no header line");
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------- META */

static const char *vote_type_names[] = {"approval", "ordinal", "cumulative", "scoring", "choose-1"};

const char *pb_vote_type_name(enum pb_vote_type t)
{
	return vote_type_names[t];
}

static int meta_int(struct pb_file *f, const char *key, int64_t min, int64_t max, int64_t *out,
		    bool *present, struct pb_error *err)
{
	const char *v = pb_meta(f, key);
	if (present)
		*present = v && *v;
	if (!v || !*v)
		return 0;
	if (!parse_i64(v, min, max, out)) {
		set_err(err, meta_line(f, key), key, "'%s' is not a whole number in the allowed range", v);
		return -1;
	}
	return 0;
}

/* Checks META keys are unique and reads the typed fields other than money. */
static int read_meta(struct pb_file *f, struct pb_error *err)
{
	for (long r = 0; r < f->meta.nrows; r++)
		for (long q = 0; q < r; q++)
			if (strcmp(f->meta.rows[r][0], f->meta.rows[q][0]) == 0) {
				set_err(err, f->meta.lines[r], f->meta.rows[r][0], "META key '%s' appears twice",
					f->meta.rows[r][0]);
				return -1;
			}
	const char *vt = pb_meta(f, "vote_type");
	if (!vt) {
		set_err(err, 0, "vote_type", "META has no vote_type");
		return -1;
	}
	int i;
	for (i = 0; i < 5; i++)
		if (strcmp(vt, vote_type_names[i]) == 0)
			break;
	if (i == 5) {
		set_err(err, meta_line(f, "vote_type"), "vote_type",
			"unknown vote_type '%s' (approval, ordinal, cumulative, scoring or choose-1)", vt);
		return -1;
	}
	f->vote_type = (enum pb_vote_type)i;
	const char *rule = pb_meta(f, "rule");
	f->rule = rule ? rule : "";
	int64_t np = 0, nv = 0;
	bool has_np, has_nv;
	if (meta_int(f, "num_projects", 0, PB_MAX_PROJECTS, &np, &has_np, err) ||
	    meta_int(f, "num_votes", 0, PB_MAX_VOTERS, &nv, &has_nv, err) ||
	    meta_int(f, "min_length", 0, PB_MAX_PROJECTS, &f->min_length, NULL, err) ||
	    meta_int(f, "max_length", 0, PB_MAX_PROJECTS, &f->max_length, NULL, err) ||
	    meta_int(f, "max_sum_points", 0, PB_MAX_POINTS, &f->max_sum_points, NULL, err) ||
	    meta_int(f, "min_points", -PB_MAX_POINTS, PB_MAX_POINTS, &f->min_points, &f->has_min_points,
		     err) ||
	    meta_int(f, "max_points", -PB_MAX_POINTS, PB_MAX_POINTS, &f->max_points, &f->has_max_points,
		     err) ||
	    meta_int(f, "min_sum_points", 0, PB_MAX_POINTS, &f->min_sum_points, &f->has_min_sum_points,
		     err) ||
	    meta_int(f, "min_project_score_threshold", 0, INT64_MAX / 4, &f->threshold,
		     &f->has_threshold, err))
		return -1;
	if (!has_np || !has_nv) {
		set_err(err, 0, has_np ? "num_votes" : "num_projects", "META has no %s",
			has_np ? "num_votes" : "num_projects");
		return -1;
	}
	if (np != f->projects.nrows) {
		set_err(err, meta_line(f, "num_projects"), "num_projects",
			"num_projects is %lld but PROJECTS has %ld rows", (long long)np, f->projects.nrows);
		return -1;
	}
	if (nv != f->votes.nrows) {
		set_err(err, meta_line(f, "num_votes"), "num_votes",
			"num_votes is %lld but VOTES has %ld rows", (long long)nv, f->votes.nrows);
		return -1;
	}
	if ((f->vote_type == PB_CUMULATIVE) && f->max_sum_points == 0 && !pb_meta(f, "max_sum_points")) {
		set_err(err, 0, "max_sum_points", "a cumulative file needs max_sum_points in META");
		return -1;
	}
	return 0;
}

/* Reads costs and budget with one common number of decimals. */
static int read_money(struct pb_file *f, struct pb_error *err)
{
	const char *bs = pb_meta(f, "budget");
	if (!bs) {
		set_err(err, 0, "budget", "META has no budget");
		return -1;
	}
	struct money bm;
	const char *why = parse_money(bs, &bm);
	if (why) {
		set_err(err, meta_line(f, "budget"), "budget", "budget '%s' %s", bs, why);
		return -1;
	}
	int ci = col_index(&f->projects, "cost");
	int ii = col_index(&f->projects, "project_id");
	if (ii < 0 || ci < 0) {
		set_err(err, 0, ii < 0 ? "project_id" : "cost", "PROJECTS has no column %s",
			ii < 0 ? "project_id" : "cost");
		return -1;
	}
	int n = (int)f->projects.nrows;
	struct money *cm = arena_calloc(f->arena, (size_t)n + 1, sizeof *cm);
	int scale = bm.fdigits;
	for (int p = 0; p < n; p++) {
		const char *cs = f->projects.rows[p][ci];
		why = parse_money(cs, &cm[p]);
		if (why) {
			set_err(err, f->projects.lines[p], "cost", "cost '%s' %s", cs, why);
			return -1;
		}
		if (cm[p].fdigits > scale)
			scale = cm[p].fdigits;
	}
	f->money_scale = scale;
	if (!money_units(&bm, scale, &f->budget)) {
		set_err(err, meta_line(f, "budget"), "budget", "budget is too large");
		return -1;
	}
	/* Sums of costs (money spent) must fit in 63 bits: n < 2^17 costs of
	 * at most 2^53 each stay below 2^62 only when checked, so check. */
	int64_t total = 0;
	for (int p = 0; p < n; p++) {
		if (!money_units(&cm[p], scale, &f->proj[p].cost)) {
			set_err(err, f->projects.lines[p], "cost", "cost is too large");
			return -1;
		}
		total += f->proj[p].cost;
		if (total > ((int64_t)1 << 62)) {
			set_err(err, f->projects.lines[p], "cost", "the costs add up to too much");
			return -1;
		}
	}
	return 0;
}

static int read_projects(struct pb_file *f, struct idmap *pm, struct pb_error *err)
{
	int n = (int)f->projects.nrows;
	int ii = col_index(&f->projects, "project_id");
	int si = col_index(&f->projects, "selected");
	if (ii < 0) {
		set_err(err, 0, "project_id", "PROJECTS has no column project_id");
		return -1;
	}
	const char **ids = arena_calloc(f->arena, (size_t)n + 1, sizeof *ids);
	idmap_init(f->arena, pm, (size_t)n, ids);
	for (int p = 0; p < n; p++) {
		char **row = f->projects.rows[p];
		ids[p] = row[ii];
		f->proj[p].id = row[ii];
		f->proj[p].selected = -1;
		if (!*row[ii] || strchr(row[ii], ',')) {
			set_err(err, f->projects.lines[p], "project_id",
				"a project_id must be non-empty and have no comma");
			return -1;
		}
		if (idmap_find(pm, row[ii], p) >= 0) {
			set_err(err, f->projects.lines[p], "project_id", "project '%s' appears twice", row[ii]);
			return -1;
		}
		if (si >= 0 && *row[si]) {
			int64_t sel;
			if (!parse_i64(row[si], 0, 3, &sel)) {
				set_err(err, f->projects.lines[p], "selected",
					"selected must be 0, 1, 2 or 3, not '%s'", row[si]);
				return -1;
			}
			f->proj[p].selected = (int)sel;
		}
	}
	return 0;
}

/* Splits a comma-separated list in place into the arena; returns the count. */
static int split_list(struct arena *a, const char *s, char ***out)
{
	if (!*s) {
		*out = NULL;
		return 0;
	}
	int n = 1;
	for (const char *p = s; *p; p++)
		n += *p == ',';
	char **v = arena_alloc(a, (size_t)n * sizeof *v);
	int i = 0;
	const char *start = s;
	for (const char *p = s;; p++)
		if (*p == ',' || !*p) {
			v[i++] = arena_strndup(a, start, (size_t)(p - start));
			if (!*p)
				break;
			start = p + 1;
		}
	*out = v;
	return n;
}

static void add_warning(struct pb_file *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add_warning(struct pb_file *f, const char *fmt, ...)
{
	char msg[300];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	char **w = arena_alloc(f->arena, ((size_t)f->nwarnings + 1) * sizeof *w);
	if (f->nwarnings)
		memcpy(w, f->warnings, (size_t)f->nwarnings * sizeof *w);
	w[f->nwarnings++] = arena_strdup(f->arena, msg);
	f->warnings = w;
}

static int read_votes(struct pb_file *f, struct idmap *pm, struct pb_error *err)
{
	struct pb_table *t = &f->votes;
	int vi = col_index(t, "voter_id"), bi = col_index(t, "vote"), pi = col_index(t, "points");
	if (vi < 0 || bi < 0) {
		set_err(err, 0, vi < 0 ? "voter_id" : "vote", "VOTES has no column %s",
			vi < 0 ? "voter_id" : "vote");
		return -1;
	}
	bool pointed = f->vote_type == PB_CUMULATIVE || f->vote_type == PB_SCORING;
	if (pointed && pi < 0) {
		set_err(err, 0, "points", "a %s file needs a points column in VOTES",
			pb_vote_type_name(f->vote_type));
		return -1;
	}
	long nv = t->nrows;
	f->nvoters = nv;
	f->off = arena_alloc(f->arena, ((size_t)nv + 1) * sizeof *f->off);
	/* Total items: count commas first so the arrays are sized once. */
	size_t total = 0;
	for (long v = 0; v < nv; v++) {
		const char *s = t->rows[v][bi];
		if (*s) {
			total++;
			for (; *s; s++)
				total += *s == ',';
		}
	}
	f->item = arena_alloc(f->arena, (total + 1) * sizeof *f->item);
	f->pts = arena_alloc(f->arena, (total + 1) * sizeof *f->pts);
	const char **vids = arena_calloc(f->arena, (size_t)nv + 1, sizeof *vids);
	struct idmap vm;
	idmap_init(f->arena, &vm, (size_t)nv, vids);
	int np = f->nprojects;
	long *seen = arena_alloc(f->arena, ((size_t)np + 1) * sizeof *seen);
	for (int p = 0; p < np; p++)
		seen[p] = -1;
	int64_t borda_top = f->max_length > 0 ? f->max_length : np;
	size_t k = 0;
	struct arena *tmp = arena_new();
	for (long v = 0; v < nv; v++) {
		char **row = t->rows[v];
		long line = t->lines[v];
		f->off[v] = (long)k;
		vids[v] = row[vi];
		if (idmap_find(&vm, row[vi], (int)v) >= 0) {
			set_err(err, line, "voter_id", "voter '%s' appears twice", row[vi]);
			goto fail;
		}
		char **ids, **pts = NULL;
		int n = split_list(tmp, row[bi], &ids);
		if (pointed) {
			int m = split_list(tmp, row[pi], &pts);
			if (m != n) {
				set_err(err, line, "points", "the vote lists %d projects but points has %d values",
					n, m);
				goto fail;
			}
		}
		int64_t sum = 0;
		for (int j = 0; j < n; j++) {
			int p = idmap_find(pm, ids[j], -1);
			if (p < 0) {
				set_err(err, line, "vote", "unknown project '%s' in the vote", ids[j]);
				goto fail;
			}
			if (seen[p] == v) {
				/* The checker refuses this; one real file (Amsterdam 604)
				 * has it, so by default the repeat is dropped with a warning. */
				if (f->strict) {
					set_err(err, line, "vote", "project '%s' appears twice in one vote", ids[j]);
					goto fail;
				}
				add_warning(f, "line %ld: project '%s' appears twice in one vote; counted once",
					    line, ids[j]);
				continue;
			}
			seen[p] = v;
			int64_t pt = 1;
			if (pointed) {
				int64_t lo = f->vote_type == PB_CUMULATIVE ? 0 : -PB_MAX_POINTS;
				if (!parse_i64(pts[j], lo, PB_MAX_POINTS, &pt)) {
					set_err(err, line, "points", "'%s' is not a whole number of points in range",
						pts[j]);
					goto fail;
				}
				if ((f->has_min_points && pt < f->min_points) ||
				    (f->has_max_points && pt > f->max_points)) {
					set_err(err, line, "points", "%lld points for '%s' is outside min_points..max_points",
						(long long)pt, ids[j]);
					goto fail;
				}
				sum += pt;
			} else if (f->vote_type == PB_ORDINAL) {
				pt = borda_top - j;
				if (pt < 0)
					pt = 0;
			}
			f->item[k] = p;
			f->pts[k] = pt;
			k++;
		}
		n = (int)(k - (size_t)f->off[v]);
		if (f->min_length > 0 && n < f->min_length) {
			set_err(err, line, "vote", "the vote has %d projects; min_length is %lld", n,
				(long long)f->min_length);
			goto fail;
		}
		if (f->max_length > 0 && n > f->max_length) {
			set_err(err, line, "vote", "the vote has %d projects; max_length is %lld", n,
				(long long)f->max_length);
			goto fail;
		}
		if (f->vote_type == PB_CHOOSE1 && n != 1) {
			set_err(err, line, "vote", "a choose-1 vote must name exactly one project");
			goto fail;
		}
		if (pointed && f->has_min_sum_points && n > 0 && sum < f->min_sum_points) {
			set_err(err, line, "points", "the points add up to %lld; min_sum_points is %lld",
				(long long)sum, (long long)f->min_sum_points);
			goto fail;
		}
		if (f->vote_type == PB_CUMULATIVE && f->max_sum_points > 0 && sum > f->max_sum_points) {
			set_err(err, line, "points", "the points add up to %lld; max_sum_points is %lld",
				(long long)sum, (long long)f->max_sum_points);
			goto fail;
		}
		/* The temporary lists are not needed after this row. */
		if ((v & 1023) == 1023) {
			arena_free(tmp);
			tmp = arena_new();
		}
	}
	f->off[nv] = (long)k;
	arena_free(tmp);
	return 0;
fail:
	arena_free(tmp);
	return -1;
}

/* Recounts votes and scores and compares them with the file's columns. */
static int recount(struct pb_file *f, struct pb_error *err)
{
	for (long k = 0; k < f->off[f->nvoters]; k++) {
		struct pb_project *p = &f->proj[f->item[k]];
		p->votes++;
		p->score += f->pts[k];
	}
	int vc = col_index(&f->projects, "votes"), sc = col_index(&f->projects, "score");
	for (int p = 0; p < f->nprojects; p++) {
		int64_t v;
		if (vc >= 0 && *f->projects.rows[p][vc]) {
			if (!parse_i64(f->projects.rows[p][vc], 0, INT64_MAX, &v)) {
				set_err(err, f->projects.lines[p], "votes", "votes '%s' is not a whole number",
					f->projects.rows[p][vc]);
				return -1;
			}
			if (v != f->proj[p].votes && f->strict) {
				set_err(err, f->projects.lines[p], "votes",
					"project '%s' has votes %lld but %lld ballots name it", f->proj[p].id,
					(long long)v, (long long)f->proj[p].votes);
				return -1;
			}
			if (v != f->proj[p].votes)
				add_warning(f, "line %ld: project '%s' has votes %lld; the recount gives %lld",
					    f->projects.lines[p], f->proj[p].id, (long long)v,
					    (long long)f->proj[p].votes);
		}
		if (sc >= 0 && *f->projects.rows[p][sc]) {
			if (!parse_i64(f->projects.rows[p][sc], INT64_MIN / 4, INT64_MAX / 4, &v)) {
				set_err(err, f->projects.lines[p], "score", "score '%s' is not a whole number",
					f->projects.rows[p][sc]);
				return -1;
			}
			if (v != f->proj[p].score)
				add_warning(f, "line %ld: project '%s' has score %lld; the recount gives %lld",
					    f->projects.lines[p], f->proj[p].id, (long long)v,
					    (long long)f->proj[p].score);
		}
	}
	return 0;
}

struct pb_file *pb_parse(const char *data, size_t len, struct pb_error *err)
{
	return pb_parse_ex(data, len, 0, err);
}

struct pb_file *pb_parse_ex(const char *data, size_t len, int flags, struct pb_error *err)
{
	struct pb_error dummy;
	if (!err)
		err = &dummy;
	memset(err, 0, sizeof *err);
	struct arena *a = arena_new();
	struct pb_file *f = arena_calloc(a, 1, sizeof *f);
	f->arena = a;
	f->strict = (flags & PB_STRICT) != 0;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		len -= 3;
	}
	struct reader r = {data, data + len, 1, a, err, false};
	if (read_sections(&r, f) < 0)
		goto fail;
	f->crlf = r.saw_crlf;
	if (read_meta(f, err) < 0)
		goto fail;
	f->nprojects = (int)f->projects.nrows;
	f->proj = arena_calloc(a, (size_t)f->nprojects + 1, sizeof *f->proj);
	struct idmap pm;
	if (read_projects(f, &pm, err) < 0 || read_money(f, err) < 0 || read_votes(f, &pm, err) < 0 ||
	    recount(f, err) < 0)
		goto fail;
	return f;
fail:
	arena_free(a);
	return NULL;
}

struct pb_file *pb_read_file(const char *path, struct pb_error *err)
{
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		set_err(err, 0, "", "cannot open %s: %s", path, strerror(errno));
		return NULL;
	}
	struct buf b = BUF_INIT;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_append(&b, chunk, n);
	bool bad = ferror(fp);
	fclose(fp);
	if (bad) {
		set_err(err, 0, "", "cannot read %s", path);
		buf_free(&b);
		return NULL;
	}
	struct pb_file *f = pb_parse(b.data ? b.data : "", b.len, err);
	buf_free(&b);
	return f;
}

void pb_free(struct pb_file *f)
{
	if (f)
		arena_free(f->arena);
}

int pb_project_index(const struct pb_file *f, const char *id)
{
	for (int p = 0; p < f->nprojects; p++)
		if (strcmp(f->proj[p].id, id) == 0)
			return p;
	return -1;
}

/* ------------------------------------------------------------- writer */

static void put_field(struct buf *out, const char *s)
{
	bool quote = false;
	for (const char *p = s; *p; p++)
		if (*p == ';' || *p == '"' || *p == '\n' || *p == '\r')
			quote = true;
	if (!quote) {
		buf_puts(out, s);
		return;
	}
	buf_putc(out, '"');
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			buf_putc(out, '"');
		buf_putc(out, *p);
	}
	buf_putc(out, '"');
}

static void put_row(struct buf *out, char **row, int n, const char *eol)
{
	for (int i = 0; i < n; i++) {
		if (i)
			buf_putc(out, ';');
		put_field(out, row[i]);
	}
	buf_puts(out, eol);
}

void pb_write(const struct pb_file *f, const bool *selected, struct buf *out)
{
	const char *eol = f->crlf ? "\r\n" : "\n";
	buf_puts(out, "META");
	buf_puts(out, eol);
	put_row(out, f->meta.cols, 2, eol);
	for (long r = 0; r < f->meta.nrows; r++)
		put_row(out, f->meta.rows[r], 2, eol);
	buf_puts(out, "PROJECTS");
	buf_puts(out, eol);
	int sc = col_index(&f->projects, "selected");
	int nc = f->projects.ncols;
	bool add = selected && sc < 0;
	for (int i = 0; i < nc; i++) {
		if (i)
			buf_putc(out, ';');
		put_field(out, f->projects.cols[i]);
	}
	if (add)
		buf_puts(out, ";selected");
	buf_puts(out, eol);
	for (long r = 0; r < f->projects.nrows; r++) {
		for (int i = 0; i < nc; i++) {
			if (i)
				buf_putc(out, ';');
			if (selected && i == sc)
				buf_puts(out, selected[r] ? "1" : "0");
			else
				put_field(out, f->projects.rows[r][i]);
		}
		if (add)
			buf_puts(out, selected[r] ? ";1" : ";0");
		buf_puts(out, eol);
	}
	buf_puts(out, "VOTES");
	buf_puts(out, eol);
	put_row(out, f->votes.cols, f->votes.ncols, eol);
	for (long r = 0; r < f->votes.nrows; r++)
		put_row(out, f->votes.rows[r], f->votes.ncols, eol);
}
