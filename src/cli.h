/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * cli.h: the subcommands of the wijkbasis binary. Each takes argc/argv with
 * argv[0] the subcommand's name, prints its own --help, and returns the
 * process exit status (0 ok, 1 failure, 2 usage error).
 */
#ifndef WB_CLI_H
#define WB_CLI_H

int cmd_serve(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_purge(int argc, char **argv); /* retention_cli.c */

/* Shared option handling: opens the database named by --db (default
 * wijkbasis.db) and migrates it. Returns NULL after printing an error. */
struct db *cli_open_db(const char *path);

#endif
