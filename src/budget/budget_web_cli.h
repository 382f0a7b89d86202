/* SPDX-License-Identifier: EUPL-1.2 */
/* budget_web_cli.h: the `wijkbasis budget` subcommand (buurtbudget rounds in
 * the database: import a pabulib file as a round, for demos and migrations). */
#ifndef WB_BUDGET_BUDGET_WEB_CLI_H
#define WB_BUDGET_BUDGET_WEB_CLI_H

/* argv[0] is "budget". Returns the exit status: 0 ok, 1 failure, 2 usage. */
int cmd_budget(int argc, char **argv);

#endif
