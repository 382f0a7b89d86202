/* SPDX-License-Identifier: EUPL-1.2 */
/* panel_cli.h: the `wijkbasis panel` subcommand (sortition from the command line). */
#ifndef WB_PANEL_PANEL_CLI_H
#define WB_PANEL_PANEL_CLI_H

/* `wijkbasis panel select ...`: reads a pool and quotas, computes the lottery,
 * prints probabilities, the ticket table and the drawn panel. Returns the
 * exit status: 0 ok, 1 failure or infeasible quotas, 2 usage error. */
int cmd_panel(int argc, char **argv);

#endif
