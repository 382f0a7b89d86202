/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * csv.h: a strict, small CSV reader for CBS open data files. Handles a UTF-8
 * byte order mark, ';' or ',' as delimiter (sniffed from the header line),
 * quoted fields with "" escapes and line breaks, CRLF or LF line ends, and
 * the CBS missing-value codes ('.' and -99999999). Errors are reported in
 * compiler style, "FILE:LINE:COLUMN: message" (column counted in characters,
 * from 1), so a gemeente's data steward can find the spot in an editor.
 *
 * Pure code: no database, no global state; safe to fuzz (fuzz/fuzz_cbs_csv.c).
 */
#ifndef WB_GEBIEDEN_CSV_H
#define WB_GEBIEDEN_CSV_H

#include <stdbool.h>
#include <stddef.h>

/* Limits that keep hostile files from eating memory. */
#define CSV_MAX_FIELDS 1024
#define CSV_MAX_FIELD_BYTES (64 * 1024)

struct csv_reader {
	const char *file; /* name used in messages (not owned) */
	const char *data; /* the whole input (not owned) */
	size_t len;
	size_t pos;
	int line;          /* 1-based line of pos */
	size_t line_start; /* offset of the first byte of that line */
	char delim;
	int nheader; /* fields in the first record; 0 before it is read */

	/* The current record; owned by the reader, valid until the next call. */
	char **fields;
	int *cols; /* column where each field starts */
	int nfields;
	int rec_line; /* line on which the current record starts */
	int end_col;  /* column just after the record's last field */
	char *store;  /* field text, NUL-separated */
	size_t store_len, store_cap;
	int fields_cap;

	size_t col_line, col_off; /* memo for column counting */
	int col_val;

	char err[512]; /* "FILE:LINE:COLUMN: message" after an error */
};

/* Prepares r to read data[0..len) (not copied: keep it alive). Skips a UTF-8
 * BOM and sniffs the delimiter from the first line. Never fails. */
void csv_init(struct csv_reader *r, const char *file, const char *data, size_t len);
/* Frees the reader's record storage (not the data). */
void csv_free(struct csv_reader *r);

/* Reads the next record into r->fields/r->nfields. Returns 1 for a record, 0
 * at the end of the input, -1 on an error (message in r->err). Every record
 * after the first must have as many fields as the first (the header). Blank
 * lines are skipped. Field text is valid UTF-8 without NUL bytes. */
int csv_next(struct csv_reader *r);

/* Sets r->err to "FILE:LINE:COLUMN: message" for field i of the current
 * record (i == -1: the start of the record); returns -1. */
int csv_error_at(struct csv_reader *r, int i, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* True when s (after trimming blanks) is a CBS "unknown" code: empty, "." or
 * "-99999999". */
bool csv_is_missing(const char *s);

/* Parses field i of the current record as a count (a whole number >= 0,
 * blanks around it allowed). Returns 1 with *out set, 0 when the value is
 * missing (see csv_is_missing), -1 with r->err set when it is not a count. */
int csv_count(struct csv_reader *r, int i, long long *out);

/* Copies s without leading and trailing blanks into dst (size n); returns dst. */
char *csv_trim(char *dst, size_t n, const char *s);

#endif
