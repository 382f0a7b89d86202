/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * pabulib.h: reader and writer of the pabulib .pb format (META / PROJECTS /
 * VOTES), the standard exchange format of participatory budgeting research
 * (pabulib.org/format). Pure C: no HTTP, no SQL.
 *
 * The reader keeps every section as text (so the writer reproduces every
 * column) and derives the typed instance the rules need: costs and budget as
 * exact integers in the file's smallest money unit, ballots as project
 * indexes with points. Errors name the line and the field.
 *
 * Memory: a struct pb_file and everything it points to live in its own arena;
 * release it with pb_free().
 */
#ifndef WB_BUDGET_PABULIB_H
#define WB_BUDGET_PABULIB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum pb_vote_type { PB_APPROVAL, PB_ORDINAL, PB_CUMULATIVE, PB_SCORING, PB_CHOOSE1 };

/* Limits: far above every real instance, low enough that sums of costs and
 * counts fit in 64 bits (see the overflow notes in pabulib.c and mes.c). */
#define PB_MAX_PROJECTS 100000
#define PB_MAX_VOTERS 50000000
#define PB_MAX_MONEY ((int64_t)1 << 53) /* one cost or the budget, in money units */
#define PB_MAX_POINTS ((int64_t)1 << 31)

struct pb_error {
	long line;        /* 1-based line of the file; 0 when not about one line */
	char field[64];   /* the META key or column name, or "" */
	char msg[256];    /* English, one sentence */
};

struct pb_table {
	int ncols;
	char **cols;   /* header names */
	long nrows;
	char ***rows;  /* rows[r][c], "" when missing */
	long *lines;   /* line number of each row */
};

struct pb_project {
	const char *id;
	int64_t cost;     /* exact, in money units (see pb_file.money_scale) */
	int64_t votes;    /* recount: voters with this project on their ballot */
	int64_t score;    /* recount: sum of points (approval: = votes; ordinal: Borda) */
	int selected;     /* the file's `selected` column: -1 when absent, else 0..3 */
};

struct pb_file {
	struct arena *arena;
	/* The three sections as read. META is a two-column table key;value. */
	struct pb_table meta, projects, votes;
	bool crlf;                  /* the file used CRLF line endings */
	bool strict;                /* parsed with PB_STRICT */

	/* Typed view. */
	enum pb_vote_type vote_type;
	const char *rule;           /* META rule, "" when absent */
	int64_t budget;             /* money units */
	int money_scale;            /* decimals: 1 money unit = 10^-money_scale of the currency */
	int64_t min_length, max_length;      /* 0 when absent */
	int64_t max_sum_points;              /* 0 when absent */
	/* Point limits of cumulative/scoring ballots, checked when present. */
	int64_t min_points, max_points, min_sum_points;
	bool has_min_points, has_max_points, has_min_sum_points;
	int64_t threshold;                   /* min_project_score_threshold, 0 when absent */
	bool has_threshold;
	int nprojects;
	struct pb_project *proj;
	long nvoters;
	/* Ballot v lists projects item[off[v] .. off[v+1]) with points pts[...];
	 * approval: points 1; ordinal: in rank order, points = Borda
	 * (max_length - position); cumulative/scoring: the file's points. */
	long *off;
	int *item;
	int64_t *pts;
	/* Non-fatal remarks (e.g. a score column that differs from the recount). */
	int nwarnings;
	char **warnings;
};

/* Parses a .pb file held in memory (need not be NUL-terminated). Returns a
 * new pb_file (caller frees with pb_free) or NULL with *err filled in. Never
 * crashes on malformed input. */
struct pb_file *pb_parse(const char *data, size_t len, struct pb_error *err);
/* As pb_parse with flags: PB_STRICT also refuses what the pabulib checker
 * refuses but real files contain (a project twice in one vote); without it
 * such a repeat is counted once and reported in warnings. */
#define PB_STRICT 1
struct pb_file *pb_parse_ex(const char *data, size_t len, int flags, struct pb_error *err);
/* Reads and parses a file from disk; as pb_parse. */
struct pb_file *pb_read_file(const char *path, struct pb_error *err);
void pb_free(struct pb_file *f);

/* Looks up a META value; NULL when absent. The pointer lives in f's arena. */
const char *pb_meta(const struct pb_file *f, const char *key);
/* Index of a project by id, or -1. */
int pb_project_index(const struct pb_file *f, const char *id);
/* Money units as decimal text ("1000000" or "12.50"); the result lives in f's arena. */
const char *pb_money_text(const struct pb_file *f, int64_t units);

struct buf;
/* Writes the file back in .pb form (LF line endings, or CRLF when the input had
 * them), quoting fields that need it. Reading the output gives the same data.
 * If selected is non-NULL (nprojects flags), the `selected` column is set
 * (added when missing). */
void pb_write(const struct pb_file *f, const bool *selected, struct buf *out);

/* "approval", "ordinal", ... */
const char *pb_vote_type_name(enum pb_vote_type t);

#endif
