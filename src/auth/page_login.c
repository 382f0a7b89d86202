/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * page_login.c: GET/POST /login and POST /logout for staff accounts.
 *
 * Order of checks on POST /login: fields filled in, then the rate limit
 * (before any password is verified, so guessing costs the attacker the
 * lock-out and not us the hashing), then the password. Unknown accounts and
 * wrong passwords get the same message and take the same time.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/auth.h"
#include "auth/auth_pages.h"
#include "db/db.h"
#include "html/html.h"
#include "html/layout.h"
#include "i18n/i18n.h"
#include "util/text.h"

#define NEXT_MAX_BYTES 2000

/* A hash of a random password, verified against when the account does not
 * exist, so the response time does not reveal which emails have accounts. */
static char *dummy_hash;
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy_hash(void)
{
	char pw[49];
	auth_new_csrf(pw);
	dummy_hash = auth_hash_password(pw);
}

/* next if it is a plain local path, else "/": ?next= must never send the
 * browser to another site or back to the login itself. */
static const char *local_next(const char *next)
{
	if (!next || next[0] != '/' || next[1] == '/' || strlen(next) > NEXT_MAX_BYTES)
		return "/";
	for (const unsigned char *p = (const unsigned char *)next; *p; p++)
		if (*p < 0x20 || *p == 0x7f || *p == '\\')
			return "/";
	if (str_starts_with(next, "/login") || str_starts_with(next, "/logout"))
		return "/";
	return next;
}

struct login_form {
	const char *email;
	const char *next;
	const char *err_email;
	const char *err_password;
	const char *alert; /* a message for the whole form (rate limit) */
};

/* Writes the login page with the form; returns status. */
static int render_login(struct req *r, const struct login_form *f, int status)
{
	page_begin(r, _("Log in"));
	struct buf *b = &r->out;
	html_fmt(b, "<h1 class=\"utrecht-heading-1\">%s</h1><p class=\"utrecht-paragraph\">%s</p>",
		 _("Log in"),
		 _("This is for staff of the gemeente and its partners. Residents do not need an account."));
	if (f->alert)
		html_fmt(b,
			 "<div class=\"utrecht-alert utrecht-alert--error\" role=\"alert\">"
			 "<p class=\"utrecht-paragraph\">%s</p></div>",
			 f->alert);
	html_raw_trusted(b, "<form class=\"wb-form\" method=\"post\" action=\"/login\" novalidate>");
	html_csrf_field(r);
	html_fmt(b, "<input type=\"hidden\" name=\"next\" value=\"%s\">", f->next);
	html_input_ac(r, "email", _("Email address"), f->email, f->err_email, "email", NULL, "username");
	html_input_ac(r, "password", _("Password"), "", f->err_password, "password", NULL,
		      "current-password");
	html_fmt(b,
		 "<button class=\"utrecht-button utrecht-button--primary-action\" type=\"submit\">%s</button>"
		 "</form>",
		 _("Log in"));
	page_end(r);
	return r->status = status;
}

int page_login(struct req *r)
{
	struct login_form f = {.email = "", .next = local_next(req_query(r, "next"))};
	return render_login(r, &f, 200);
}

/* Password hash of the active account with this email, in the arena, and
 * its id; NULL when there is none. */
static const char *active_user_hash(struct req *r, const char *email, long long *id)
{
	struct db_stmt *st =
		db_prepare(r->db, "SELECT id, password_hash FROM users WHERE email = ? AND active = 1");
	db_bind_text(st, 1, email);
	const char *hash = NULL;
	if (db_step(st) == DB_ROW) {
		*id = db_col_int(st, 0);
		hash = arena_strdup(r->arena, db_col_text(st, 1));
	}
	db_done(st);
	return hash;
}

int page_login_post(struct req *r)
{
	const char *email = req_form(r, "email");
	const char *password = req_form(r, "password");
	struct login_form f = {
		.email = email ? str_trim(r->arena, email) : "",
		.next = local_next(req_form(r, "next")),
	};
	if (str_empty(f.email))
		f.err_email = _("Fill in your email address.");
	if (!password || password[0] == '\0')
		f.err_password = _("Fill in your password.");
	if (f.err_email || f.err_password)
		return render_login(r, &f, 422);

	long long now = (long long)time(NULL);
	if (auth_login_blocked(r->db, f.email, r->remote_addr, now)) {
		f.alert = _("You tried to log in too often. Wait 15 minutes and try again.");
		return render_login(r, &f, 429);
	}

	long long id = 0;
	const char *hash = active_user_hash(r, f.email, &id);
	pthread_once(&dummy_once, make_dummy_hash);
	bool ok = false;
	if (hash)
		ok = auth_verify_password(hash, password);
	else if (dummy_hash)
		(void)auth_verify_password(dummy_hash, password);

	if (!ok) {
		auth_login_failed(r->db, f.email, r->remote_addr, now);
		f.err_password = _("The email address or the password is not correct.");
		return render_login(r, &f, 422);
	}
	if (auth_session_start(r, id, f.email) != 0)
		return resp_error_page(r, 503, _("Logging in is not possible right now. Please try again later."));
	return resp_redirect(r, f.next);
}

int page_logout_post(struct req *r)
{
	auth_session_end(r);
	return resp_redirect(r, "/");
}
