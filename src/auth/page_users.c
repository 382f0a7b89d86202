/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * page_users.c: account management for the beheerder: the list of staff
 * accounts (HTML, CSV and JSON), adding an account and deactivating one.
 * Accounts are never deleted: their name stays attached to what they
 * recorded. Deactivating ends the account's sessions at once.
 */
#include <limits.h>
#include <string.h>

#include "auth/auth.h"
#include "auth/auth_pages.h"
#include "db/db.h"
#include "html/html.h"
#include "html/layout.h"
#include "i18n/i18n.h"
#include "util/text.h"

struct user_row {
	long long id;
	const char *email;
	const char *name;
	const char *role;
	bool active;
	const char *created_at;
};

/* All accounts, active first, in the arena; *n is set to the count. */
static struct user_row *load_users(struct req *r, size_t *n)
{
	struct db_stmt *st = db_prepare(r->db,
		"SELECT id, email, name, role, active, created_at FROM users "
		"ORDER BY active DESC, name COLLATE NOCASE, id");
	size_t cap = 16;
	struct user_row *rows = arena_alloc(r->arena, cap * sizeof *rows);
	*n = 0;
	while (db_step(st) == DB_ROW) {
		if (*n == cap) {
			struct user_row *bigger = arena_alloc(r->arena, 2 * cap * sizeof *rows);
			memcpy(bigger, rows, cap * sizeof *rows);
			rows = bigger;
			cap *= 2;
		}
		struct user_row *u = &rows[(*n)++];
		u->id = db_col_int(st, 0);
		u->email = arena_strdup(r->arena, db_col_text(st, 1));
		u->name = arena_strdup(r->arena, db_col_text(st, 2));
		u->role = arena_strdup(r->arena, db_col_text(st, 3));
		u->active = db_col_int(st, 4) != 0;
		u->created_at = arena_strdup(r->arena, db_col_text(st, 5));
	}
	db_done(st);
	return rows;
}

/* The add-user form's values and the error beside each field. */
struct user_form {
	const char *name, *email, *role;
	const char *err_name, *err_email, *err_role, *err_password;
	const char *alert;  /* an error about the page as a whole */
	const char *notice; /* a confirmation */
};

static void render_table(struct req *r, const struct user_row *rows, size_t n)
{
	struct buf *b = &r->out;
	html_fmt(b,
		 "<table class=\"utrecht-table\"><caption class=\"utrecht-table__caption\">%s</caption>"
		 "<thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">"
		 "<th class=\"utrecht-table__header-cell\" scope=\"col\">%s</th>"
		 "<th class=\"utrecht-table__header-cell\" scope=\"col\">%s</th>"
		 "<th class=\"utrecht-table__header-cell\" scope=\"col\">%s</th>"
		 "<th class=\"utrecht-table__header-cell\" scope=\"col\">%s</th>"
		 "<th class=\"utrecht-table__header-cell\" scope=\"col\">%s</th>"
		 "</tr></thead><tbody class=\"utrecht-table__body\">",
		 _("Staff accounts"), _("Name"), _("Email address"), _("Role"), _("Active"), _("Action"));
	for (size_t i = 0; i < n; i++) {
		const struct user_row *u = &rows[i];
		html_fmt(b,
			 "<tr class=\"utrecht-table__row\">"
			 "<th class=\"utrecht-table__header-cell\" scope=\"row\">%s</th>"
			 "<td class=\"utrecht-table__cell\">%s</td><td class=\"utrecht-table__cell\">%s</td>"
			 "<td class=\"utrecht-table__cell\">%s</td><td class=\"utrecht-table__cell\">",
			 u->name, u->email, _(u->role), u->active ? _("yes") : _("no"));
		if (u->id != r->user->id) {
			/* The user's name is in the button's accessible name, so a
			 * screen reader's list of buttons says whom each one is for. */
			html_fmt(b,
				 "<form method=\"post\" action=\"/beheer/gebruikers/%lld/%s\" class=\"wb-inline\">",
				 u->id, u->active ? "uit" : "aan");
			html_csrf_field(r);
			html_fmt(b,
				 "<button class=\"utrecht-button utrecht-button--secondary-action\" type=\"submit\">"
				 "%s<span class=\"wb-sr-only\">: %s</span></button></form>",
				 u->active ? _("Deactivate") : _("Activate again"), u->name);
		}
		html_raw_trusted(b, "</td></tr>");
	}
	html_raw_trusted(b, "</tbody></table>\n");
}

static void render_add_form(struct req *r, const struct user_form *f)
{
	static const char *const roles[] = {
		"", N_("Choose a role"),
		"professional", N_("professional"),
		"beleidsadviseur", N_("beleidsadviseur"),
		"beheerder", N_("beheerder"),
		NULL,
	};
	const char *opts[sizeof roles / sizeof roles[0]];
	for (size_t i = 0; roles[i]; i += 2) {
		opts[i] = roles[i];
		opts[i + 1] = _(roles[i + 1]);
	}
	opts[sizeof roles / sizeof roles[0] - 1] = NULL;

	struct buf *b = &r->out;
	html_fmt(b, "<h2 class=\"utrecht-heading-2\" id=\"nieuw\">%s</h2>", _("Add a user"));
	html_raw_trusted(b, "<form class=\"wb-form\" method=\"post\" action=\"/beheer/gebruikers\" novalidate>");
	html_csrf_field(r);
	/* Another person's data: the browser must not fill in the beheerder's
	 * own name, address or saved password here. */
	html_input_ac(r, "name", _("Name"), f->name, f->err_name, "text", NULL, "off");
	html_input_ac(r, "email", _("Email address"), f->email, f->err_email, "email", NULL, "off");
	html_select(r, "role", _("Role"), f->role, f->err_role, opts);
	html_input_ac(r, "password", _("Password"), "", f->err_password, "password",
		      _("At least 12 characters. Give it to the person in a safe way."), "new-password");
	html_fmt(b,
		 "<button class=\"utrecht-button utrecht-button--primary-action\" type=\"submit\">%s</button>"
		 "</form>",
		 _("Add user"));
}

/* The whole page: messages, the table, the add form. Returns status. */
static int render_users(struct req *r, const struct user_form *f, int status)
{
	size_t n = 0;
	struct user_row *rows = load_users(r, &n);
	page_begin(r, _("Users"));
	struct buf *b = &r->out;
	html_fmt(b, "<h1 class=\"utrecht-heading-1\">%s</h1>", _("Users"));
	if (f->alert)
		html_fmt(b,
			 "<div class=\"utrecht-alert utrecht-alert--error\" role=\"alert\">"
			 "<p class=\"utrecht-paragraph\">%s</p></div>",
			 f->alert);
	if (f->notice)
		html_fmt(b,
			 "<div class=\"utrecht-alert utrecht-alert--ok\" role=\"status\">"
			 "<p class=\"utrecht-paragraph\">%s</p></div>",
			 f->notice);
	html_fmt(b,
		 "<p class=\"utrecht-paragraph\">%s <a class=\"utrecht-link\" href=\"/beheer/gebruikers.csv\">%s</a>"
		 " | <a class=\"utrecht-link\" href=\"/api/v1/users\">%s</a></p>",
		 _("Download this list:"), _("CSV (spreadsheet)"), _("JSON"));
	render_table(r, rows, n);
	render_add_form(r, f);
	page_end(r);
	return r->status = status;
}

int page_users(struct req *r)
{
	struct user_form f = {.name = "", .email = "", .role = ""};
	const char *done = req_query(r, "klaar");
	if (done && strcmp(done, "toegevoegd") == 0)
		f.notice = _("The user has been added.");
	else if (done && strcmp(done, "uit") == 0)
		f.notice = _("The user has been deactivated. They can no longer log in. The account is deleted "
			     "after a year, unless you activate it again before then.");
	else if (done && strcmp(done, "aan") == 0)
		f.notice = _("The user can log in again.");
	return render_users(r, &f, 200);
}

int page_users_post(struct req *r)
{
	const char *name = req_form(r, "name"), *email = req_form(r, "email");
	const char *role = req_form(r, "role"), *password = req_form(r, "password");
	struct user_form f = {
		.name = name ? str_trim(r->arena, name) : "",
		.email = email ? str_trim(r->arena, email) : "",
		.role = role ? role : "",
	};
	enum role rl;
	if (str_empty(f.name) || utf8_length(f.name) > NAME_MAX_CHARS)
		f.err_name = _("Fill in a name (at most 200 characters).");
	if (!auth_email_valid(f.email))
		f.err_email = _("Fill in a valid email address, like naam@gemeente.nl.");
	if (auth_staff_role_parse(f.role, &rl) != 0)
		f.err_role = _("Choose a role.");
	if (!auth_password_ok(password ? password : ""))
		f.err_password = _("The password must have at least 12 characters.");
	if (f.err_name || f.err_email || f.err_role || f.err_password)
		return render_users(r, &f, 422);

	int rc = auth_user_add(r->db, f.email, f.name, f.role, password, NULL);
	if (rc == AUTH_ERR_DUPLICATE) {
		f.err_email = _("There is already an account with this email address.");
		return render_users(r, &f, 422);
	}
	if (rc != AUTH_OK) {
		f.alert = _("The user could not be saved. Please try again later.");
		return render_users(r, &f, 503);
	}
	return resp_redirect(r, "/beheer/gebruikers?klaar=toegevoegd");
}

int page_user_deactivate(struct req *r)
{
	long id = 0;
	if (!parse_long(req_param(r, 0), 1, LONG_MAX, &id))
		return resp_error_page(r, 404, _("This user does not exist."));
	if ((long long)id == r->user->id) {
		struct user_form f = {.name = "", .email = "", .role = "",
				      .alert = _("You cannot deactivate your own account.")};
		return render_users(r, &f, 409);
	}
	int rc = auth_user_deactivate(r->db, id);
	if (rc == AUTH_ERR_NOT_FOUND)
		return resp_error_page(r, 404, _("This user does not exist."));
	if (rc != AUTH_OK)
		return resp_error_page(r, 503, _("The user could not be saved. Please try again later."));
	return resp_redirect(r, "/beheer/gebruikers?klaar=uit");
}

int page_user_activate(struct req *r)
{
	long id = 0;
	if (!parse_long(req_param(r, 0), 1, LONG_MAX, &id))
		return resp_error_page(r, 404, _("This user does not exist."));
	int rc = auth_user_activate(r->db, id);
	if (rc == AUTH_ERR_NOT_FOUND)
		return resp_error_page(r, 404, _("This user does not exist."));
	if (rc != AUTH_OK)
		return resp_error_page(r, 503, _("The user could not be saved. Please try again later."));
	return resp_redirect(r, "/beheer/gebruikers?klaar=aan");
}

int page_users_csv(struct req *r)
{
	size_t n = 0;
	struct user_row *rows = load_users(r, &n);
	resp_csv(r, "gebruikers.csv");
	struct buf *b = &r->out;
	buf_puts(b, "id,name,email,role,active,created_at\r\n");
	for (size_t i = 0; i < n; i++) {
		buf_printf(b, "%lld,", rows[i].id);
		csv_cell(b, rows[i].name, false);
		csv_cell(b, rows[i].email, false);
		csv_cell(b, rows[i].role, false);
		csv_cell(b, rows[i].active ? "1" : "0", false);
		csv_cell(b, rows[i].created_at, true);
	}
	return r->status = 200;
}

int api_users(struct req *r)
{
	size_t n = 0;
	struct user_row *rows = load_users(r, &n);
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items,
				      json_pack("{s:I, s:s, s:s, s:s, s:b, s:s}", "id",
						(json_int_t)rows[i].id, "name", rows[i].name, "email",
						rows[i].email, "role", rows[i].role, "active",
						rows[i].active, "created_at", rows[i].created_at));
	return resp_json(r, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)n));
}
