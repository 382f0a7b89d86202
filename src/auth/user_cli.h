/* SPDX-License-Identifier: EUPL-1.2 */
/* user_cli.h: `wijkbasis user`: manage staff accounts from the shell. */
#ifndef WB_AUTH_USER_CLI_H
#define WB_AUTH_USER_CLI_H

/* `wijkbasis user add|passwd|list ...`; argv[0] is "user". Returns the exit
 * status: 0 ok, 1 failure (message on stderr), 2 usage error. */
int cmd_user(int argc, char **argv);

#endif
