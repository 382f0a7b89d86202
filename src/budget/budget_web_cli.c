/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * budget_web_cli.c: `wijkbasis budget import FILE.pb --area CODE ...`: loads
 * a pabulib file (approval or cumulative ballots) as a buurtbudget round with
 * its projects (accepted) and ballots (without codes), in the voting phase or,
 * with --phase uitslag, closed with its result computed and stored. The file
 * is parsed and checked first (errors name FILE:LINE), then written in ONE
 * transaction: all of it or, on any error, nothing. Used by
 * scripts/make-demo.sh for a clearly marked demo round with real votes.
 */
#include "budget/budget_web_cli.h"

#include <stdio.h>
#include <string.h>

#include "budget/budget_store.h"
#include "budget/pabulib.h"
#include "cli.h"
#include "db/db.h"
#include "i18n/i18n.h"
#include "util/mem.h"
#include "util/text.h"

static const char help[] =
	"Usage: wijkbasis budget import FILE.pb --area CODE [options]\n"
	"Loads a pabulib file as a buurtbudget round: its projects (accepted) and its\n"
	"ballots (counted without vote codes).\n\n"
	"  --area CODE     the CBS code of the round's area (must exist), e.g. WK014110\n"
	"  --title TEXT    the round's title (default: the file's description)\n"
	"  --phase P       stemmen (default) or uitslag (close and store the result)\n"
	"  --rule R        mes (default) or greedy\n"
	"  --demo          mark the round as demo data\n"
	"  --db PATH       database file (default wijkbasis.db)\n"
	"  --help          this text\n";

struct opts {
	const char *file, *area, *title, *phase, *rule, *db;
	bool demo;
};

static int parse(int argc, char **argv, struct opts *o)
{
	*o = (struct opts){NULL, NULL, NULL, "stemmen", "mes", "wijkbasis.db", false};
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
		fputs(help, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 1;
	}
	if (strcmp(argv[1], "import") != 0) {
		fprintf(stderr, "wijkbasis budget: unknown command '%s'\n\n%s", argv[1], help);
		return 2;
	}
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];
		const char **slot = NULL;
		if (!strcmp(a, "--help")) {
			fputs(help, stdout);
			return 1;
		} else if (!strcmp(a, "--demo")) {
			o->demo = true;
			continue;
		} else if (!strcmp(a, "--area")) {
			slot = &o->area;
		} else if (!strcmp(a, "--title")) {
			slot = &o->title;
		} else if (!strcmp(a, "--phase")) {
			slot = &o->phase;
		} else if (!strcmp(a, "--rule")) {
			slot = &o->rule;
		} else if (!strcmp(a, "--db")) {
			slot = &o->db;
		} else if (a[0] != '-' && !o->file) {
			o->file = a;
			continue;
		}
		if (!slot || i + 1 >= argc) {
			fprintf(stderr, "wijkbasis budget: unexpected argument '%s'\n\n%s", a, help);
			return 2;
		}
		*slot = argv[++i];
	}
	if (!o->file || !o->area || (strcmp(o->phase, "stemmen") && strcmp(o->phase, "uitslag")) ||
	    (strcmp(o->rule, "mes") && strcmp(o->rule, "greedy"))) {
		fputs(help, stderr);
		return 2;
	}
	return 0;
}

static const char *project_name(const struct pb_file *f, int p)
{
	for (int c = 0; c < f->projects.ncols; c++)
		if (strcmp(f->projects.cols[c], "name") == 0 && *f->projects.rows[p][c])
			return f->projects.rows[p][c];
	return f->proj[p].id;
}

/* Writes the round, its projects and ballots inside the caller's transaction;
 * 0, or 1 with a message (FILE:LINE when one ballot could not be stored). */
static int write_round(struct db *db, struct arena *a, const struct opts *o,
		       const struct pb_file *f, long long *round_id)
{
	bool points = f->vote_type == PB_CUMULATIVE;
	struct bs_round rd = {0};
	const char *desc = pb_meta(f, "description");
	rd.title = o->title ? o->title : desc && *desc ? desc : o->file;
	rd.area_code = o->area;
	rd.amount = f->budget;
	rd.ballot = points ? "points" : f->max_length > 0 ? "approval_max" : "approval";
	rd.max_projects = f->max_length;
	rd.max_points = points ? (f->max_sum_points > 0 ? f->max_sum_points : 1000) : 0;
	rd.rule = o->rule;
	rd.demo = o->demo;
	long long id;
	if (bs_round_create(db, &rd, &id))
		return 1;
	long long *pid = arena_calloc(a, (size_t)f->nprojects + 1, sizeof *pid);
	for (int p = 0; p < f->nprojects; p++) {
		struct bs_project pr = {0};
		pr.title = project_name(f, p);
		pr.description = "";
		pr.cost = f->proj[p].cost;
		pr.area_code = o->area;
		pr.status = "accepted";
		if (bs_project_add(db, id, &pr, &pid[p]))
			return 1;
	}
	/* Move to voting: proposals and review are done. */
	if (bs_round_advance_in_tx(db, id) || bs_round_advance_in_tx(db, id))
		return 1;
	struct buf c = BUF_INIT;
	for (long v = 0; v < f->nvoters; v++) {
		buf_reset(&c);
		for (long k = f->off[v]; k < f->off[v + 1]; k++)
			buf_printf(&c, "%s%lld:%lld", c.len ? "," : "", pid[f->item[k]],
				   (long long)(points ? f->pts[k] : 1));
		int rc = c.len ? bs_cast_in_tx(db, id, NULL, c.data, "online") : 0;
		if (rc) {
			/* The parser has checked every ballot; this is the database. */
			long line = v < f->votes.nrows ? f->votes.lines[v] : 0;
			fprintf(stderr, "%s:%ld: this ballot could not be stored: %s\n", o->file, line,
				db_errmsg(db));
			buf_free(&c);
			return 1;
		}
	}
	buf_free(&c);
	if (strcmp(o->phase, "uitslag") == 0 && bs_round_advance_in_tx(db, id))
		return 1;
	*round_id = id;
	return 0;
}

/* Loads the file as one round in ONE transaction: either all of it is stored
 * or, on any error, nothing (the database is left as it was). 0 or 1. */
static int load(struct db *db, struct arena *a, const struct opts *o, const struct pb_file *f)
{
	if (!bs_area_name(db, a, o->area)) {
		fprintf(stderr, "wijkbasis budget: --area: unknown area '%s'\n", o->area);
		return 1;
	}
	if (f->vote_type != PB_CUMULATIVE && f->vote_type != PB_APPROVAL) {
		fprintf(stderr, "wijkbasis budget: only approval and cumulative files can be loaded\n");
		return 1;
	}
	if (f->money_scale != 0) {
		fprintf(stderr, "wijkbasis budget: costs must be whole euros\n");
		return 1;
	}
	if (db_begin(db) != DB_OK)
		return 1;
	long long id = 0;
	if (write_round(db, a, o, f, &id) || db_commit(db) != DB_OK) {
		fprintf(stderr, "wijkbasis budget: the round could not be loaded: %s\n",
			db_errmsg(db));
		db_rollback(db);
		return 1;
	}
	printf("budget round %lld: %d projects, %ld ballots, phase %s\n", id, f->nprojects,
	       f->nvoters, o->phase);
	return 0;
}

int cmd_budget(int argc, char **argv)
{
	struct opts o;
	int rc = parse(argc, argv, &o);
	if (rc)
		return rc == 1 ? 0 : rc;
	struct pb_error err;
	struct pb_file *f = pb_read_file(o.file, &err);
	if (!f) {
		fprintf(stderr, "%s:%ld: %s%s%s\n", o.file, err.line, err.field,
			*err.field ? ": " : "", err.msg);
		return 1;
	}
	i18n_init(WB_LOCALEDIR); /* the stored explanations are in Dutch and English */
	struct db *db = cli_open_db(o.db);
	if (!db) {
		pb_free(f);
		return 1;
	}
	struct arena *a = arena_new();
	rc = load(db, a, &o, f);
	if (rc)
		fprintf(stderr, "wijkbasis budget: nothing was stored\n");
	arena_free(a);
	db_close(db);
	pb_free(f);
	return rc;
}
