/* SPDX-License-Identifier: EUPL-1.2 */
/* cli.c: the core subcommands: serve, init, backup. Module subcommands
 * (import, user, ...) live in their module's *_cli.c. */
#include "cli.h"

#include <getopt.h>
#include <stdbool.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "budget/vote_queue.h"
#include "db/db.h"
#include "http/http.h"
#include "i18n/i18n.h"
#include "retention.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/text.h"

struct db *cli_open_db(const char *path)
{
	struct db *db = NULL;
	if (db_open(path, &db) != DB_OK) {
		fprintf(stderr, "wijkbasis: cannot open database %s\n", path);
		return NULL;
	}
	if (db_migrate(db) != DB_OK) {
		fprintf(stderr, "wijkbasis: cannot migrate database %s: %s\n", path, db_errmsg(db));
		db_close(db);
		return NULL;
	}
	return db;
}

static const char serve_help[] =
	"Usage: wijkbasis serve [options]\n"
	"Serves the web application and the JSON API.\n\n"
	"  --db PATH            database file (default wijkbasis.db); created and migrated if needed\n"
	"  --address ADDR       IPv4 address to listen on (default 127.0.0.1)\n"
	"  --port N             port (default 8080; 0 picks a free one and prints it)\n"
	"  --log-level LEVEL    debug, info, warn or error (default info)\n"
	"  --max-connections N  concurrent connections (default 256)\n"
	"  --timeout S          idle connection timeout in seconds (default 30)\n"
	"  --theme-css PATH     the gemeente's design tokens CSS (NL Design System)\n"
	"  --theme-class NAME   the class those tokens are scoped to (default voorbeeld-theme)\n"
	"  --static-dir DIR     static files (default: the source tree's static/)\n"
	"  --node-dir DIR       node_modules with the NL Design System CSS\n"
	"  --locale-dir DIR     compiled translations\n"
	"  --behind-tls         mark cookies Secure (when a TLS proxy is in front)\n"
	"  --trust-proxy        take the client address from X-Real-IP (only behind nginx)\n"
	"  --no-cache           do not keep public pages in memory for visitors without login\n"
	"  --mail-command CMD   shell command that sends one e-mail: the address is $1, the\n"
	"                       message (Subject line, blank line, text) on standard input\n"
	"  --form-limit N       public forms (suggestions, proposals, sign-ups) one address\n"
	"                       may send per hour without login (default 30; 0 = no limit)\n"
	"  --public-url URL     the address residents use, e.g. https://wijkbasis.example.nl;\n"
	"                       printed on vote code slips and in e-mails\n"
	"  --help               this text\n";

static bool parse_int_opt(const char *s, long min, long max, int *out)
{
	long v;
	if (!parse_long(s, min, max, &v))
		return false;
	*out = (int)v;
	return true;
}

/* Checks a --public-url value and drops a final '/'. Returns a malloc'd copy
 * (kept for the server's lifetime) or NULL when the value is not a plain
 * http(s) URL: it ends up on paper and in e-mails, so nothing odd may pass. */
static const char *public_url_opt(const char *s)
{
	size_t skip = strncmp(s, "https://", 8) == 0 ? 8 : strncmp(s, "http://", 7) == 0 ? 7 : 0;
	if (!skip || !s[skip] || s[skip] == '/')
		return NULL;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f || strchr("?#\"'<>\\", *p))
			return NULL;
	char *u = xstrdup(s);
	size_t n = strlen(u);
	while (n > skip && u[n - 1] == '/')
		u[--n] = '\0';
	return u;
}

static int usage_error(void)
{
	fputs(serve_help, stderr);
	return 2;
}

int cmd_serve(int argc, char **argv)
{
	struct config cfg = {
		.address = "127.0.0.1", .port = 8080, .db_path = "wijkbasis.db",
		.locale_dir = WB_LOCALEDIR, .static_dir = WB_STATICDIR, .node_dir = WB_NODEDIR,
		.max_connections = 256, .timeout_seconds = 30, .theme_class = "voorbeeld-theme",
		.form_limit = 30,
	};
	static const struct option opts[] = {
		{"db", required_argument, 0, 'd'}, {"address", required_argument, 0, 'a'},
		{"port", required_argument, 0, 'p'}, {"log-level", required_argument, 0, 'l'},
		{"max-connections", required_argument, 0, 'm'}, {"timeout", required_argument, 0, 't'},
		{"theme-css", required_argument, 0, 'T'}, {"theme-class", required_argument, 0, 'C'}, {"static-dir", required_argument, 0, 's'},
		{"node-dir", required_argument, 0, 'n'}, {"locale-dir", required_argument, 0, 'L'},
		{"behind-tls", no_argument, 0, 'S'}, {"trust-proxy", no_argument, 0, 'P'}, {"no-cache", no_argument, 0, 'N'},
		{"mail-command", required_argument, 0, 'M'}, {"public-url", required_argument, 0, 'U'}, {"form-limit", required_argument, 0, 'F'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': cfg.db_path = optarg; break;
		case 'a': cfg.address = optarg; break;
		case 'p': if (!parse_int_opt(optarg, 0, 65535, &cfg.port)) return usage_error(); break;
		case 'l': {
			enum log_level lv;
			if (log_parse_level(optarg, &lv) != 0) {
				fprintf(stderr, "wijkbasis serve: unknown log level '%s'\n", optarg);
				return 2;
			}
			log_set_level(lv);
			break;
		}
		case 'm': if (!parse_int_opt(optarg, 1, 100000, &cfg.max_connections)) return usage_error(); break;
		case 't': if (!parse_int_opt(optarg, 1, 3600, &cfg.timeout_seconds)) return usage_error(); break;
		case 'T': cfg.theme_css = optarg; break;
		case 'C': cfg.theme_class = optarg; break;
		case 's': cfg.static_dir = optarg; break;
		case 'n': cfg.node_dir = optarg; break;
		case 'L': cfg.locale_dir = optarg; break;
		case 'S': cfg.behind_tls = true; break;
		case 'P': cfg.trust_proxy = true; break;
		case 'N': cfg.no_cache = true; break;
		case 'M': cfg.mail_command = *optarg ? optarg : NULL; break;
		case 'F': if (!parse_int_opt(optarg, 0, 1000000, &cfg.form_limit)) return usage_error(); break;
		case 'U':
			if (!(cfg.public_url = public_url_opt(optarg))) {
				fprintf(stderr, "wijkbasis serve: --public-url must be http:// or https:// "
						"followed by a host, without spaces, query or fragment\n");
				return 2;
			}
			break;
		case 'h': fputs(serve_help, stdout); return 0;
		default: fputs(serve_help, stderr); return 2;
		}
	}
	if (cfg.port < 0 || cfg.port > 65535 || cfg.max_connections < 1 || cfg.timeout_seconds < 1) {
		fputs(serve_help, stderr);
		return 2;
	}
	i18n_init(cfg.locale_dir);
	struct db *db = cli_open_db(cfg.db_path);
	if (!db)
		return 1;
	db_close(db);
	/* One connection per concurrent request, capped: SQLite serialises
	 * writers anyway, and readers beyond this wait briefly in the pool. */
	int pool_size = cfg.max_connections < 32 ? cfg.max_connections : 32;
	struct app app = {.cfg = &cfg, .pool = db_pool_new(cfg.db_path, pool_size),
			  .votes = vote_queue_new(cfg.db_path)};
	/* Personal data whose time is up is deleted at start and every hour,
	 * on a connection of its own (retention.h). */
	struct retention_worker *retention = retention_start(cfg.db_path, RETENTION_INTERVAL);
	int rc = 1;
	if (app.pool && app.votes && retention)
		rc = http_serve(&app);
	retention_stop(retention);
	vote_queue_free(app.votes); /* the daemon has stopped: no vote is waiting */
	db_pool_free(app.pool);
	free((char *)cfg.public_url);
	return rc;
}

static const char init_help[] =
	"Usage: wijkbasis init [--db PATH]\n"
	"Creates the database, or migrates an existing one to this version's schema.\n";

int cmd_init(int argc, char **argv)
{
	const char *path = "wijkbasis.db";
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0) {
			fputs(init_help, stdout);
			return 0;
		} else if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
			path = argv[++i];
		} else {
			fputs(init_help, stderr);
			return 2;
		}
	}
	struct db *db = cli_open_db(path);
	if (!db)
		return 1;
	printf("%s: schema version %d\n", path, db_version(db));
	db_close(db);
	return 0;
}

static const char backup_help[] =
	"Usage: wijkbasis backup [--db PATH] DEST\n"
	"Writes a consistent copy of the database to DEST while the server may keep running.\n";

int cmd_backup(int argc, char **argv)
{
	const char *path = "wijkbasis.db", *dest = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0) {
			fputs(backup_help, stdout);
			return 0;
		} else if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
			path = argv[++i];
		} else if (argv[i][0] != '-' && !dest) {
			dest = argv[i];
		} else {
			fputs(backup_help, stderr);
			return 2;
		}
	}
	if (!dest) {
		fputs(backup_help, stderr);
		return 2;
	}
	struct db *db = NULL;
	if (db_open(path, &db) != DB_OK)
		return 1;
	int rc = db_backup(db, dest);
	db_close(db);
	if (rc != DB_OK)
		return 1;
	printf("backup written to %s\n", dest);
	return 0;
}
