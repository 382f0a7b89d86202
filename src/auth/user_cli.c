/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * user_cli.c: `wijkbasis user add|passwd|list`. The first beheerder account
 * can only be made here; after that the beheerder pages work too. Passwords
 * are best given on stdin (--password-stdin): a --password argument is
 * visible to other users of the machine in the process list.
 */
#include "auth/user_cli.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "cli.h"
#include "db/db.h"
#include "http/http.h"

static const char user_help[] =
	"Usage: wijkbasis user COMMAND [options]\n"
	"Manages staff accounts (residents need no account).\n\n"
	"Commands:\n"
	"  add      create an account\n"
	"  passwd   set a new password (ends the account's sessions)\n"
	"  list     list all accounts\n\n"
	"Run wijkbasis user COMMAND --help for the options of each.\n";

static const char add_help[] =
	"Usage: wijkbasis user add --db PATH --email E --name N --role R\n"
	"                          (--password-stdin | --password P)\n"
	"Creates a staff account.\n\n"
	"  --db PATH          database file (default wijkbasis.db)\n"
	"  --email E          login email address (unique, stored in lower case)\n"
	"  --name N           name shown to colleagues\n"
	"  --role R           professional, beleidsadviseur or beheerder\n"
	"  --password-stdin   read the password from the first line of stdin\n"
	"  --password P       the password (visible in the process list: avoid)\n"
	"  --help             this text\n"
	"Passwords need at least 12 characters.\n";

static const char passwd_help[] =
	"Usage: wijkbasis user passwd --db PATH --email E (--password-stdin | --password P)\n"
	"Sets a new password and ends every session of the account.\n\n"
	"  --db PATH          database file (default wijkbasis.db)\n"
	"  --email E          the account\n"
	"  --password-stdin   read the password from the first line of stdin\n"
	"  --password P       the password (visible in the process list: avoid)\n"
	"  --help             this text\n";

static const char list_help[] =
	"Usage: wijkbasis user list --db PATH [--json]\n"
	"Lists all accounts: id, email, name, role, active.\n\n"
	"  --db PATH   database file (default wijkbasis.db)\n"
	"  --json      print JSON instead of tab-separated lines\n"
	"  --help      this text\n";

struct user_opts {
	const char *db, *email, *name, *role, *password;
	bool password_stdin, json;
};

/* Parses options shared by the subcommands; allowed says which of them this
 * subcommand takes (letters: e n r p j). Returns -1 after printing help to
 * stdout, 2 on a usage error (help on stderr), 0 otherwise. */
static int parse_opts(int argc, char **argv, const char *allowed, const char *help,
		      struct user_opts *o)
{
	*o = (struct user_opts){.db = "wijkbasis.db"};
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		bool has_val = i + 1 < argc;
		if (strcmp(a, "--help") == 0) {
			fputs(help, stdout);
			return -1;
		} else if (strcmp(a, "--db") == 0 && has_val) {
			o->db = argv[++i];
		} else if (strcmp(a, "--email") == 0 && has_val && strchr(allowed, 'e')) {
			o->email = argv[++i];
		} else if (strcmp(a, "--name") == 0 && has_val && strchr(allowed, 'n')) {
			o->name = argv[++i];
		} else if (strcmp(a, "--role") == 0 && has_val && strchr(allowed, 'r')) {
			o->role = argv[++i];
		} else if (strcmp(a, "--password") == 0 && has_val && strchr(allowed, 'p')) {
			o->password = argv[++i];
		} else if (strcmp(a, "--password-stdin") == 0 && strchr(allowed, 'p')) {
			o->password_stdin = true;
		} else if (strcmp(a, "--json") == 0 && strchr(allowed, 'j')) {
			o->json = true;
		} else {
			fprintf(stderr, "wijkbasis user %s: unknown or incomplete option '%s'\n\n", argv[0], a);
			fputs(help, stderr);
			return 2;
		}
	}
	if (strchr(allowed, 'p') && (o->password_stdin == (o->password != NULL))) {
		fprintf(stderr, "wijkbasis user %s: give exactly one of --password-stdin and --password\n\n",
			argv[0]);
		fputs(help, stderr);
		return 2;
	}
	return 0;
}

/* Reads the first line of stdin into buf without its line ending; false
 * when there is none or it is too long. */
static bool read_password(char *buf, size_t size)
{
	if (!fgets(buf, (int)size, stdin))
		return false;
	size_t n = strcspn(buf, "\r\n");
	if (buf[n] == '\0' && n == size - 1)
		return false; /* no line end within the buffer: too long */
	buf[n] = '\0';
	return true;
}

/* The password from the options or stdin, into buf; 0, or 1 after an error. */
static int get_password(const struct user_opts *o, const char *cmd, char *buf, size_t size)
{
	if (o->password) {
		snprintf(buf, size, "%s", o->password);
		return 0;
	}
	if (!read_password(buf, size)) {
		fprintf(stderr, "wijkbasis user %s: no password on stdin (or longer than %d bytes)\n",
			cmd, PASSWORD_MAX_BYTES);
		return 1;
	}
	return 0;
}

static const char *result_text(int rc)
{
	switch (rc) {
	case AUTH_ERR_EMAIL: return "the email address is not valid";
	case AUTH_ERR_DUPLICATE: return "an account with this email address already exists";
	case AUTH_ERR_ROLE: return "the role must be professional, beleidsadviseur or beheerder";
	case AUTH_ERR_PASSWORD: return "the password needs at least 12 characters";
	case AUTH_ERR_NAME: return "the name is empty or longer than 200 characters";
	case AUTH_ERR_NOT_FOUND: return "no account with this email address";
	default: return "the database could not be written";
	}
}

static int user_add(int argc, char **argv)
{
	struct user_opts o;
	int rc = parse_opts(argc, argv, "enrp", add_help, &o);
	if (rc)
		return rc < 0 ? 0 : rc;
	if (!o.email || !o.name || !o.role) {
		fputs("wijkbasis user add: --email, --name and --role are required\n\n", stderr);
		fputs(add_help, stderr);
		return 2;
	}
	char pw[PASSWORD_MAX_BYTES + 2];
	if (get_password(&o, "add", pw, sizeof pw))
		return 1;
	struct db *db = cli_open_db(o.db);
	if (!db)
		return 1;
	long long id = 0;
	rc = auth_user_add(db, o.email, o.name, o.role, pw, &id);
	db_close(db);
	sodium_memzero(pw, sizeof pw);
	if (rc != AUTH_OK) {
		fprintf(stderr, "wijkbasis user add: %s\n", result_text(rc));
		return 1;
	}
	printf("user %lld added: %s (%s)\n", id, o.email, o.role);
	return 0;
}

static int user_passwd(int argc, char **argv)
{
	struct user_opts o;
	int rc = parse_opts(argc, argv, "ep", passwd_help, &o);
	if (rc)
		return rc < 0 ? 0 : rc;
	if (!o.email) {
		fputs("wijkbasis user passwd: --email is required\n\n", stderr);
		fputs(passwd_help, stderr);
		return 2;
	}
	char pw[PASSWORD_MAX_BYTES + 2];
	if (get_password(&o, "passwd", pw, sizeof pw))
		return 1;
	struct db *db = cli_open_db(o.db);
	if (!db)
		return 1;
	rc = auth_user_set_password(db, o.email, pw);
	db_close(db);
	sodium_memzero(pw, sizeof pw);
	if (rc != AUTH_OK) {
		fprintf(stderr, "wijkbasis user passwd: %s\n", result_text(rc));
		return 1;
	}
	printf("password changed for %s\n", o.email);
	return 0;
}

static int user_list(int argc, char **argv)
{
	struct user_opts o;
	int rc = parse_opts(argc, argv, "j", list_help, &o);
	if (rc)
		return rc < 0 ? 0 : rc;
	struct db *db = cli_open_db(o.db);
	if (!db)
		return 1;
	struct db_stmt *st = db_prepare(db,
		"SELECT id, email, name, role, active, created_at FROM users ORDER BY id");
	json_t *items = json_array();
	while ((rc = db_step(st)) == DB_ROW) {
		if (o.json)
			json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:s, s:b, s:s}", "id",
				(json_int_t)db_col_int(st, 0), "email", db_col_text(st, 1), "name",
				db_col_text(st, 2), "role", db_col_text(st, 3), "active",
				db_col_int(st, 4) != 0, "created_at", db_col_text(st, 5)));
		else
			printf("%lld\t%s\t%s\t%s\t%s\n", db_col_int(st, 0), db_col_text(st, 1),
			       db_col_text(st, 2), db_col_text(st, 3),
			       db_col_int(st, 4) ? "active" : "inactive");
	}
	db_done(st);
	db_close(db);
	if (o.json) {
		json_t *j = json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)json_array_size(items));
		json_dumpf(j, stdout, JSON_INDENT(2));
		fputc('\n', stdout);
		json_decref(j);
	} else {
		json_decref(items);
	}
	if (rc != DB_DONE) {
		fputs("wijkbasis user list: the database could not be read\n", stderr);
		return 1;
	}
	return 0;
}

int cmd_user(int argc, char **argv)
{
	if (argc < 2) {
		fputs(user_help, stderr);
		return 2;
	}
	const char *sub = argv[1];
	if (strcmp(sub, "--help") == 0 || strcmp(sub, "help") == 0) {
		fputs(user_help, stdout);
		return 0;
	}
	if (strcmp(sub, "add") == 0)
		return user_add(argc - 1, argv + 1);
	if (strcmp(sub, "passwd") == 0)
		return user_passwd(argc - 1, argv + 1);
	if (strcmp(sub, "list") == 0)
		return user_list(argc - 1, argv + 1);
	fprintf(stderr, "wijkbasis user: unknown command '%s'\n\n", sub);
	fputs(user_help, stderr);
	return 2;
}
