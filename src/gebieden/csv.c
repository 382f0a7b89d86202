/* SPDX-License-Identifier: EUPL-1.2 */
/* csv.c: the CBS CSV reader (see csv.h). One pass over an in-memory file;
 * fields are copied into one growable store owned by the reader. */
#include "gebieden/csv.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"
#include "util/text.h"

/* Picks ';' or ',' by counting them outside quotes on the first line. */
static char sniff_delimiter(const char *s, size_t n)
{
	size_t semi = 0, comma = 0;
	bool quoted = false;
	for (size_t i = 0; i < n && (quoted || (s[i] != '\n' && s[i] != '\r')); i++) {
		if (s[i] == '"')
			quoted = !quoted;
		else if (!quoted && s[i] == ';')
			semi++;
		else if (!quoted && s[i] == ',')
			comma++;
	}
	return semi > comma ? ';' : ',';
}

void csv_init(struct csv_reader *r, const char *file, const char *data, size_t len)
{
	memset(r, 0, sizeof *r);
	r->file = file ? file : "-";
	r->data = data;
	r->len = len;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		r->pos = 3;
	r->line_start = r->pos;
	r->line = 1;
	r->col_line = (size_t)-1; /* no memo yet */
	r->delim = sniff_delimiter(data + r->pos, len - r->pos);
}

void csv_free(struct csv_reader *r)
{
	free(r->fields);
	free(r->cols);
	free(r->store);
	r->fields = NULL;
	r->cols = NULL;
	r->store = NULL;
}

/* Column (in characters, from 1) of byte offset off on the line starting at
 * line_start. Counts on from the previous answer on the same line, so a long
 * line costs linear, not quadratic, time. */
static int column_of(struct csv_reader *r, size_t line_start, size_t off)
{
	size_t i = line_start;
	int col = 1;
	if (r->col_line == line_start && r->col_off <= off && r->col_off >= line_start) {
		i = r->col_off;
		col = r->col_val;
	}
	for (; i < off && i < r->len; i++)
		if (((unsigned char)r->data[i] & 0xC0) != 0x80)
			col++;
	r->col_line = line_start;
	r->col_off = i;
	r->col_val = col;
	return col;
}

static int fail(struct csv_reader *r, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int fail(struct csv_reader *r, int line, int col, const char *fmt, ...)
{
	int n = snprintf(r->err, sizeof r->err, "%s:%d:%d: ", r->file, line, col);
	if (n < 0 || (size_t)n >= sizeof r->err)
		return -1;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->err + n, sizeof r->err - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

int csv_error_at(struct csv_reader *r, int i, const char *fmt, ...)
{
	int col = (i >= 0 && i < r->nfields) ? r->cols[i] : 1;
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return fail(r, r->rec_line, col, "%s", msg);
}

static void store_byte(struct csv_reader *r, char c)
{
	if (r->store_len + 1 >= r->store_cap) {
		r->store_cap = r->store_cap ? r->store_cap * 2 : 256;
		r->store = xrealloc(r->store, r->store_cap);
	}
	r->store[r->store_len++] = c;
}

/* Reads one field starting at r->pos into the store (NUL-terminated).
 * Leaves r->pos on the delimiter, line end or end of input. */
static int read_field(struct csv_reader *r, size_t *start_len)
{
	*start_len = r->store_len;
	size_t begin = r->store_len;
	const char *d = r->data;
	if (r->pos < r->len && d[r->pos] == '"') {
		int qline = r->line, qcol = column_of(r, r->line_start, r->pos);
		r->pos++;
		for (;;) {
			if (r->pos >= r->len)
				return fail(
					r, qline, qcol,
					"unterminated quote: the field that starts here has no closing \"");
			char c = d[r->pos];
			if (c == '"') {
				if (r->pos + 1 < r->len && d[r->pos + 1] == '"') {
					store_byte(r, '"');
					r->pos += 2;
					continue;
				}
				r->pos++;
				break;
			}
			if (c == '\n') {
				r->line++;
				r->line_start = r->pos + 1;
			}
			store_byte(r, c);
			r->pos++;
			if (r->store_len - begin > CSV_MAX_FIELD_BYTES)
				return fail(r, qline, qcol, "field longer than %d bytes",
					    CSV_MAX_FIELD_BYTES);
		}
		if (r->pos < r->len && d[r->pos] != r->delim && d[r->pos] != '\n' &&
		    d[r->pos] != '\r')
			return fail(
				r, r->line, column_of(r, r->line_start, r->pos),
				"unexpected character after closing quote (expected '%c' or end of line)",
				r->delim);
	} else {
		while (r->pos < r->len && d[r->pos] != r->delim && d[r->pos] != '\n' &&
		       d[r->pos] != '\r') {
			store_byte(r, d[r->pos++]);
			if (r->store_len - begin > CSV_MAX_FIELD_BYTES)
				return fail(r, r->line, column_of(r, r->line_start, r->pos),
					    "field longer than %d bytes", CSV_MAX_FIELD_BYTES);
		}
	}
	size_t n = r->store_len - begin;
	if (memchr(r->store + begin, '\0', n))
		return fail(r, r->line, column_of(r, r->line_start, r->pos), "NUL byte in field");
	if (!utf8_valid(r->store + begin, n))
		return fail(r, r->line, column_of(r, r->line_start, r->pos),
			    "field is not valid UTF-8");
	store_byte(r, '\0');
	return 0;
}

/* Consumes one line end (CRLF, LF or CR) if there is one. */
static void skip_line_end(struct csv_reader *r)
{
	if (r->pos < r->len && r->data[r->pos] == '\r')
		r->pos++;
	if (r->pos < r->len && r->data[r->pos] == '\n')
		r->pos++;
	r->line++;
	r->line_start = r->pos;
}

static void add_field(struct csv_reader *r, size_t off, int col)
{
	if (r->nfields >= r->fields_cap) {
		r->fields_cap = r->fields_cap ? r->fields_cap * 2 : 16;
		r->fields = xrealloc(r->fields, (size_t)r->fields_cap * sizeof *r->fields);
		r->cols = xrealloc(r->cols, (size_t)r->fields_cap * sizeof *r->cols);
	}
	/* Offsets first: the store may move while the record is read. */
	r->fields[r->nfields] = (char *)(uintptr_t)off;
	r->cols[r->nfields] = col;
	r->nfields++;
}

int csv_next(struct csv_reader *r)
{
	/* Skip blank lines. */
	while (r->pos < r->len && (r->data[r->pos] == '\n' || r->data[r->pos] == '\r'))
		skip_line_end(r);
	if (r->pos >= r->len)
		return 0;
	r->nfields = 0;
	r->store_len = 0;
	if (!r->store) {
		/* Always have a store: an empty first field must not leave it NULL. */
		r->store_cap = 256;
		r->store = xmalloc(r->store_cap);
	}
	r->rec_line = r->line;
	for (;;) {
		if (r->nfields >= CSV_MAX_FIELDS)
			return fail(r, r->line, column_of(r, r->line_start, r->pos),
				    "more than %d fields", CSV_MAX_FIELDS);
		int col = column_of(r, r->line_start, r->pos);
		size_t off;
		if (read_field(r, &off) != 0)
			return -1;
		add_field(r, off, col);
		if (r->pos < r->len && r->data[r->pos] == r->delim) {
			r->pos++;
			continue;
		}
		break;
	}
	r->end_col = column_of(r, r->line_start, r->pos);
	int line = r->line;
	skip_line_end(r);
	for (int i = 0; i < r->nfields; i++)
		r->fields[i] = r->store + (uintptr_t)r->fields[i];
	if (r->nheader == 0) {
		r->nheader = r->nfields;
	} else if (r->nfields != r->nheader) {
		if (r->nfields > r->nheader)
			return fail(r, line, r->cols[r->nheader],
				    "too many fields: expected %d, found %d", r->nheader,
				    r->nfields);
		return fail(r, line, r->end_col, "too few fields: expected %d, found %d",
			    r->nheader, r->nfields);
	}
	return 1;
}

char *csv_trim(char *dst, size_t n, const char *s)
{
	if (n == 0)
		return dst;
	while (*s == ' ' || *s == '\t')
		s++;
	size_t len = strlen(s);
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len >= n)
		len = n - 1;
	memcpy(dst, s, len);
	dst[len] = '\0';
	return dst;
}

bool csv_is_missing(const char *s)
{
	char t[32];
	if (strlen(s) >= sizeof t)
		return false;
	csv_trim(t, sizeof t, s);
	return t[0] == '\0' || strcmp(t, ".") == 0 || strcmp(t, "-99999999") == 0;
}

int csv_count(struct csv_reader *r, int i, long long *out)
{
	if (i < 0 || i >= r->nfields)
		return csv_error_at(r, -1, "missing field %d", i + 1);
	const char *s = r->fields[i];
	if (csv_is_missing(s))
		return 0;
	char t[32];
	if (strlen(s) >= sizeof t)
		return csv_error_at(r, i, "not a count: the value is too long");
	csv_trim(t, sizeof t, s);
	long v;
	if (!parse_long(t, 0, 2000000000L, &v))
		return csv_error_at(r, i,
				    "not a count: '%s' (expected a whole number, '.' or -99999999)",
				    t);
	*out = v;
	return 1;
}
