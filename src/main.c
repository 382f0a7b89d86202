/* SPDX-License-Identifier: EUPL-1.2 */
/* main.c: the wijkbasis binary; dispatches to a subcommand from the table. */
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "budget/budget_cli.h"
#include "budget/budget_web_cli.h"
#include "auth/user_cli.h"
#include "gebieden/gebieden_cli.h"
#include "panel/panel_cli.h"

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{"serve", cmd_serve, "serve the web application"},
	{"init", cmd_init, "create or migrate a database"},
	{"backup", cmd_backup, "write an online, consistent copy of the database"},
	{"purge", cmd_purge, "delete personal data whose retention time is up"},
	/* Module commands: one line each, the function in the module's *_cli.c. */
	{"pb", cmd_pb, "allocate a participatory budget from a pabulib .pb file"},
	{"budget", cmd_budget, "buurtbudget rounds: import a pabulib file as a round"},
	{"user", cmd_user, "manage staff accounts (add, passwd, list)"},
	{"import", cmd_import, "import open data (cbs, geojson, kaart)"},
	{"panel", cmd_panel, "select a resident panel by sortition (LEXIMIN)"},
};

static void usage(FILE *f)
{
	fputs("Usage: wijkbasis COMMAND [options]   (wijkbasis COMMAND --help for more)\n\n"
	      "wijkbasis: the sociale basis of a gemeente, together with its residents.\n\n"
	      "Commands:\n", f);
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fputs("  version    print the version\n", f);
}

int main(int argc, char **argv)
{
	if (sodium_init() < 0) {
		fputs("wijkbasis: libsodium failed to initialise\n", stderr);
		return 1;
	}
	json_object_seed(0); /* before any thread starts */
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "version") == 0 || strcmp(argv[1], "--version") == 0) {
		printf("wijkbasis %s\n", WB_VERSION);
		return 0;
	}
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "wijkbasis: unknown command '%s'\n\n", argv[1]);
	usage(stderr);
	return 2;
}
