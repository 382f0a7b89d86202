/* SPDX-License-Identifier: EUPL-1.2 */
/* gebieden_cli.h: the `wijkbasis import` subcommand (cbs, geojson, kaart). */
#ifndef WB_GEBIEDEN_GEBIEDEN_CLI_H
#define WB_GEBIEDEN_GEBIEDEN_CLI_H

/* `wijkbasis import KIND ...`: argv[0] is "import". Returns the exit status
 * (0 ok, 1 the import failed, 2 usage error); see --help. */
int cmd_import(int argc, char **argv);

#endif
