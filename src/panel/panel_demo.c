/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * panel_demo.c: `wijkbasis panel demo`, a clearly marked demo burgerraad for
 * the demo database: the quotas and pool of a published example instance
 * (no real people, no contacts), drawn with a fixed public seed so the
 * transparency page has something to show.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "db/db.h"
#include "panel/panel.h"
#include "panel/panel_store.h"
#include "panel/panel_web.h"
#include "util/mem.h"

static const char demo_help[] =
	"Usage: wijkbasis panel demo --db FILE --instance DIR [--size K] [--area CODE]\n"
	"Creates a demo resident panel from an example instance (categories.csv and\n"
	"respondents.csv in DIR) and draws it with the public seed 31415.\n";

/* Adds the pool to panel id in one transaction; 0 or -1. */
static int add_pool(struct db *db, long long id, const struct panel_pool *pool)
{
	int nf = pool->n_features;
	const char **vals = xcalloc((size_t)nf + 1, sizeof *vals);
	int rc = db_begin(db);
	for (int i = 0; rc == DB_OK && i < pool->n_people; i++) {
		for (int f = 0; f < nf; f++)
			vals[f] = pool->value[pool->person_value[i * nf + f]];
		int pno;
		rc = ps_person_add(db, id, (const char *const *)pool->feature, vals, nf, NULL, NULL,
				   NULL, &pno);
	}
	free(vals);
	if (rc == DB_OK)
		rc = ps_refresh_counts(db, id);
	if (rc == DB_OK && db_commit(db) == DB_OK)
		return 0;
	db_rollback(db);
	return -1;
}

int panel_cmd_demo(int argc, char **argv)
{
	const char *dbpath = NULL, *dir = NULL, *area = "GM0141";
	int k = 20, c;
	static const struct option opts[] = {{"db", required_argument, 0, 'd'},
					     {"instance", required_argument, 0, 'i'},
					     {"size", required_argument, 0, 'k'},
					     {"area", required_argument, 0, 'a'},
					     {"help", no_argument, 0, 'h'},
					     {0, 0, 0, 0}};
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': dbpath = optarg; break;
		case 'i': dir = optarg; break;
		case 'k': k = atoi(optarg); break;
		case 'a': area = optarg; break;
		case 'h': fputs(demo_help, stdout); return 0;
		default: fputs(demo_help, stderr); return 2;
		}
	}
	if (!dbpath || !dir || k <= 0) {
		fputs(demo_help, stderr);
		return 2;
	}
	char qpath[4096], ppath[4096], err[512];
	snprintf(qpath, sizeof qpath, "%s/categories.csv", dir);
	snprintf(ppath, sizeof ppath, "%s/respondents.csv", dir);
	struct panel_pool *pool = panel_pool_load(qpath, ppath, NULL, NULL, err, sizeof err);
	if (!pool) {
		fprintf(stderr, "panel demo: %s\n", err);
		return 1;
	}
	struct db *db = cli_open_db(dbpath);
	if (!db) {
		panel_pool_free(pool);
		return 1;
	}
	struct ps_quota *q = xcalloc((size_t)pool->n_values + 1, sizeof *q);
	for (int v = 0; v < pool->n_values; v++)
		q[v] = (struct ps_quota){.feature = pool->feature[pool->value_feature[v]],
					 .value = pool->value[v], .qmin = pool->qmin[v],
					 .qmax = pool->qmax[v]};
	long long id = 0;
	int rc = ps_panel_create(db, "Demo: burgerraad met de voorbeeldpool example_small_20",
				 ps_area_exists(db, area) ? area : NULL, k, "2099-12-31", true, false, q,
				 pool->n_values, &id);
	free(q);
	if (rc == 0)
		rc = add_pool(db, id, pool);
	panel_pool_free(pool);
	struct arena *a = arena_new();
	struct ps_panel p;
	struct panel_staff_state s = {0};
	if (rc == 0)
		rc = ps_panel_get(db, a, id, &p);
	if (rc == 0)
		rc = panel_run_draw(db, a, &p, "31415", &s);
	if (rc)
		fprintf(stderr, "panel demo: %s\n", s.seed_error ? s.seed_error : db_errmsg(db));
	else
		printf("panel demo: panel %lld drawn (seed 31415)\n", id);
	arena_free(a);
	db_close(db);
	return rc ? 1 : 0;
}
