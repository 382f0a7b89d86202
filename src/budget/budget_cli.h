/* SPDX-License-Identifier: EUPL-1.2 */
/* budget_cli.h: the `wijkbasis pb` subcommand (allocate a participatory budget
 * from a pabulib .pb file). */
#ifndef WB_BUDGET_BUDGET_CLI_H
#define WB_BUDGET_BUDGET_CLI_H

/* argv[0] is "pb". Returns the exit status: 0 ok, 1 bad file or failed rule,
 * 2 usage error. */
int cmd_pb(int argc, char **argv);

#endif
