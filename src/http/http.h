/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * http.h: the request and response as handlers see them. libmicrohttpd stays
 * behind server.c; a handler only reads `struct req` and fills its response
 * through the resp_* calls.
 *
 * Life of a request (see docs/ARCHITECTURE.md): server.c reads the whole
 * body, decodes query, form and cookies (http/form.c), looks up the route
 * (routes.c), the user (auth/) and the language, checks role, CSRF and body
 * limit, then calls the handler with a database connection from the pool.
 * Everything the handler allocates comes from r->arena and is freed after
 * the response is sent: handlers never call free().
 */
#ifndef WB_HTTP_HTTP_H
#define WB_HTTP_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "http/form.h"
#include "util/mem.h"

struct db;
struct db_pool;
struct route;
struct cache;

/* Roles, in increasing order of rights: each role may do what the ones below
 * it may. ROLE_INWONER is a resident without an account. */
enum role { ROLE_INWONER = 0, ROLE_PROFESSIONAL = 1, ROLE_BELEIDSADVISEUR = 2, ROLE_BEHEERDER = 3 };
#define ROLE_COUNT 4
const char *role_name(enum role r);   /* "inwoner", "professional", ... */
int role_parse(const char *s, enum role *out);

struct user {
	long long id;
	const char *email;
	const char *name;
	enum role role;
};

/* Server configuration: set once at start-up, read-only afterwards. */
struct config {
	const char *address;
	int port;
	const char *db_path;
	const char *locale_dir;
	const char *static_dir;
	const char *node_dir;   /* node_modules with the NL Design System CSS */
	const char *theme_css;  /* optional path of a gemeente's own design tokens CSS */
	const char *theme_class; /* class on <body> that the tokens are scoped to */
	int max_connections;
	int timeout_seconds;
	bool behind_tls;        /* set Secure on cookies */
	bool trust_proxy;       /* take the client address from X-Real-IP (nginx in front) */
	bool no_cache;          /* serve --no-cache: no response cache */
	const char *mail_command; /* serve --mail-command: sends one e-mail (address is $1), or NULL */
	int form_limit;          /* serve --form-limit: public forms per address per hour; 0 = no limit */
	const char *public_url;  /* serve --public-url: "https://host[/prefix]" without a final '/', or NULL */
};

struct app {
	const struct config *cfg;
	struct db_pool *pool;
	struct cache *cache;    /* anonymous response cache (http/cache.h), or NULL */
	struct throttle *throttle; /* limit on public forms (http/throttle.h), or NULL */
	struct vote_queue *votes; /* buurtbudget ballots, group commit (budget/vote_queue.h), or NULL */
};

struct req {
	struct arena *arena;
	struct app *app;
	struct db *db;             /* this request's connection, from the pool */
	const char *method;
	const char *path;          /* decoded path without query */
	struct kvlist query;
	struct kvlist form;        /* urlencoded POST body */
	struct kvlist cookies;
	const char *body;          /* raw body, NUL-terminated */
	size_t body_len;
	const char *content_type_in;
	const char *params[4];     /* values of {name} segments in the route */
	int nparams;
	const struct route *route;
	const struct user *user;   /* NULL for a resident without account */
	const char *csrf;          /* this client's CSRF token (double-submit cookie) */
	const char *lang;          /* "nl" or "en" */
	const char *remote_addr;
	void *conn;                /* the MHD connection; server.c only */

	/* response */
	int status;
	struct buf out;
	const char *content_type;
	struct kvlist resp_headers;
	bool private_answer;       /* never store in the shared cache: resp_private */
};

/* Request data. All strings are valid UTF-8 without NUL (checked before the
 * handler runs). */
const char *req_query(struct req *r, const char *name);
const char *req_form(struct req *r, const char *name);
const char *req_cookie(struct req *r, const char *name);
const char *req_header(struct req *r, const char *name);
const char *req_param(struct req *r, int i);
/* The current URL with one query parameter replaced (NULL value removes it);
 * for pagination and language links. Arena string. */
char *req_url_with(struct req *r, const char *name, const char *value);
/* The absolute URL of path (which starts with '/') for use outside the browser:
 * on paper slips and in e-mails. Uses serve --public-url when given; otherwise
 * the request's Host header when it is a plain host[:port], else the listen
 * address. Arena string. */
char *req_absolute_url(struct req *r, const char *path);

/* Responses. Each returns the status so handlers can `return resp_...(r, ...)`. */
void resp_header(struct req *r, const char *name, const char *value);
/* Marks the answer as one person's own data: the anonymous response cache
 * (http/cache.h) never stores it, whatever else the answer looks like. */
void resp_private(struct req *r);
int resp_redirect(struct req *r, const char *location);   /* 303 See Other */
/* RFC 9457 problem JSON; param (may be NULL) names the offending parameter. */
int resp_problem(struct req *r, int status, const char *title, const char *detail,
		 const char *param);
/* Steals the reference to j. */
int resp_json(struct req *r, int status, json_t *j);
/* Sets CSV content type and a download file name; the handler writes r->out. */
void resp_csv(struct req *r, const char *filename);
/* An accessible HTML error page in the site layout; under /api/ (req_wants_json)
 * the same as RFC 9457 problem JSON. */
int resp_error_page(struct req *r, int status, const char *message);
/* Whether the client asked for JSON (path under /api/). */
bool req_wants_json(struct req *r);

/* Sets a cookie with HttpOnly, SameSite=Lax, Path=/ and Secure when behind TLS.
 * max_age < 0 for a session cookie, 0 to delete. */
void resp_cookie(struct req *r, const char *name, const char *value, long max_age);

/* CSV cell writer: quotes when needed, guards against formula injection. */
void csv_cell(struct buf *b, const char *s, bool last);

/* Starts the server and blocks until SIGTERM/SIGINT; 0 on clean shutdown. */
int http_serve(struct app *app);

#endif
