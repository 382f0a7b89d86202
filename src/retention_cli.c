/* SPDX-License-Identifier: EUPL-1.2 */
/* retention_cli.c: `wijkbasis purge`: runs the retention rules once. */
#include <getopt.h>
#include <stdio.h>
#include <time.h>

#include "cli.h"
#include "db/db.h"
#include "retention.h"

static const char purge_help[] =
	"Usage: wijkbasis purge [--db PATH]\n"
	"Deletes personal data whose time is up, by the rules below, and prints how\n"
	"much each rule deleted. `wijkbasis serve` does the same every hour; use this\n"
	"from cron when the server does not run all the time.\n\n"
	"  --db PATH   database file (default wijkbasis.db)\n"
	"  --help      this text\n";

int cmd_purge(int argc, char **argv)
{
	const char *path = "wijkbasis.db";
	static const struct option opts[] = {
		{"db", required_argument, 0, 'd'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': path = optarg; break;
		case 'h':
			fputs(purge_help, stdout);
			for (int i = 0; i < retention_rules_count; i++)
				printf("  - %s\n", retention_rules[i].what);
			return 0;
		default: fputs(purge_help, stderr); return 2;
		}
	}
	if (optind < argc) {
		fputs(purge_help, stderr);
		return 2;
	}
	struct db *db = cli_open_db(path);
	if (!db)
		return 1;
	int rc = retention_run(db, (long long)time(NULL), stdout);
	db_close(db);
	if (rc != 0)
		fprintf(stderr, "wijkbasis purge: a rule failed; see the log above\n");
	return rc == 0 ? 0 : 1;
}
