/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * server.c: libmicrohttpd glue. The only file that includes microhttpd.h.
 *
 * MHD calls on_request several times per request: once with only the headers,
 * then once per body chunk, then once with *upload_data_size == 0. We answer
 * only on that last call: answering earlier makes MHD close the connection
 * (no keep-alive) and throw away the rest of the body. Body limits come from
 * the route table, looked up on the first call.
 */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "auth/auth.h"
#include "db/db.h"
#include "html/html.h"
#include "http/cache.h"
#include "http/throttle.h"
#include "http/http.h"
#include "i18n/i18n.h"
#include "routes.h"
#include "util/log.h"
#include "util/text.h"

#define HEADER_MEMORY_LIMIT (64 * 1024)
#define CSRF_COOKIE "wb_csrf"

struct conn_ctx {
	struct arena *arena;
	struct buf body;
	bool too_large;
	struct timespec start;
	const struct route *route;
	const char *params[4];
	int nparams;
	bool path_known;
};

static double elapsed_ms(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

static enum MHD_Result collect_arg(void *cls, enum MHD_ValueKind kind, const char *key,
				   const char *value)
{
	struct req *r = cls;
	kv_add(r->arena, &r->query, key, value ? value : "");
	return MHD_YES;
}

static bool kvlist_clean(const struct kvlist *l, const char **bad)
{
	for (size_t i = 0; i < l->n; i++) {
		const char *k = l->items[i].key, *v = l->items[i].value;
		if (!utf8_valid(k, strlen(k)) || !utf8_valid(v, strlen(v))) {
			*bad = k;
			return false;
		}
	}
	return true;
}

static void new_csrf_token(struct req *r)
{
	unsigned char raw[24];
	char hex[49];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
	r->csrf = arena_strdup(r->arena, hex);
	resp_cookie(r, CSRF_COOKIE, r->csrf, -1);
}

static bool csrf_ok(struct req *r)
{
	const char *cookie = req_cookie(r, CSRF_COOKIE);
	const char *field = req_form(r, "csrf");
	if (!cookie || !field || strlen(cookie) != strlen(field) || strlen(cookie) < 32)
		return false;
	return sodium_memcmp(cookie, field, strlen(cookie)) == 0;
}

static const char *pick_language(struct req *r, struct MHD_Connection *c)
{
	const char *q = req_query(r, "lang");
	if (q && (strcmp(q, "nl") == 0 || strcmp(q, "en") == 0)) {
		resp_cookie(r, "lang", q, 365L * 24 * 3600);
		return q;
	}
	const char *ck = req_cookie(r, "lang");
	if (ck && (strcmp(ck, "nl") == 0 || strcmp(ck, "en") == 0))
		return ck;
	return accept_language_pick(
		MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_LANGUAGE));
}

/* Counts a public form sent without login against serve --form-limit. When
 * over the limit, answers 429 with Retry-After and returns false. The text
 * tells the visitor the browser's Back button still has what they typed. */
static bool public_form_allowed(struct req *r)
{
	struct throttle *t = r->app->throttle;
	int retry = 0;
	if (!t || throttle_allow(t, r->remote_addr, (long long)time(NULL), &retry))
		return true;
	resp_header(r, "Retry-After", arena_printf(r->arena, "%d", retry));
	long minutes = (retry + 59) / 60;
	const char *msg = arena_printf(
		r->arena,
		ngettext("You have sent this form many times from this address. Try again in %ld minute. "
			 "What you typed is not lost: go back in your browser.",
			 "You have sent this form many times from this address. Try again in %ld minutes. "
			 "What you typed is not lost: go back in your browser.",
			 (unsigned long)minutes),
		minutes);
	r->status = req_wants_json(r) ? resp_problem(r, 429, _("Too many requests"), msg, NULL)
				      : resp_error_page(r, 429, msg);
	return false;
}

/* Runs checks in the order the route table promises, then the handler. */
static int dispatch(struct req *r, struct conn_ctx *ctx)
{
	const char *bad = NULL;
	if (!utf8_valid(r->path, strlen(r->path)))
		return resp_problem(r, 400, _("Invalid address"), _("The address is not valid UTF-8."), NULL);
	if (!kvlist_clean(&r->query, &bad))
		return resp_problem(r, 400, _("Invalid parameter"), _("The parameter is not valid UTF-8."), bad);

	if (!ctx->route) {
		if (ctx->path_known)
			return req_wants_json(r)
				       ? resp_problem(r, 405, _("Method not allowed"), NULL, NULL)
				       : resp_error_page(r, 405, _("This page cannot be used this way."));
		return req_wants_json(r) ? resp_problem(r, 404, _("Not found"), NULL, NULL)
					 : resp_error_page(r, 404, _("This page does not exist."));
	}
	if (ctx->too_large)
		return resp_problem(r, 413, _("Request too large"), _("The data sent is too large."), NULL);

	const char *ct = r->content_type_in;
	if (r->body_len > 0 && ct && strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0) {
		int rc = form_decode(r->arena, r->body, r->body_len, &r->form, &bad);
		if (rc != FORM_OK)
			return req_wants_json(r) || !r->route
				       ? resp_problem(r, 400, _("Invalid form data"),
						      _("The form data could not be read."), bad)
				       : resp_error_page(r, 400, _("The form data could not be read."));
	}

	if (r->route->role > ROLE_INWONER && !r->user) {
		if (req_wants_json(r) || strcmp(r->method, "GET") != 0)
			return resp_problem(r, 401, _("Login required"), NULL, NULL);
		return resp_redirect(r, arena_printf(r->arena, "/login?next=%s",
						      url_encode(r->arena, req_url_with(r, "", NULL))));
	}
	if (r->user && r->route->role > r->user->role)
		return req_wants_json(r) ? resp_problem(r, 403, _("Forbidden"), NULL, NULL)
					 : resp_error_page(r, 403, _("You do not have access to this page."));
	if ((r->route->flags & ROUTE_CSRF) && strcmp(r->method, "POST") == 0 && !csrf_ok(r))
		return resp_error_page(r, 403, _("The form has expired. Go back, reload the page and try again."));
	if ((r->route->flags & ROUTE_LIMITED) && !r->user && strcmp(r->method, "POST") == 0)
		if (!public_form_allowed(r))
			return r->status;

	int status = r->route->handler(r);
	if (status >= 500 && r->out.len == 0)
		return resp_error_page(r, status, _("Something went wrong on our side. Please try again later."));
	return status;
}

static void add_security_headers(struct MHD_Response *resp)
{
	MHD_add_response_header(resp, "Content-Security-Policy",
				"default-src 'self'; img-src 'self' data:; style-src 'self'; "
				"script-src 'self'; object-src 'none'; base-uri 'none'; "
				"form-action 'self'; frame-ancestors 'none'");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Permissions-Policy", "geolocation=(), camera=(), microphone=()");
}

static enum MHD_Result respond(struct app *app, struct MHD_Connection *c, struct conn_ctx *ctx,
			       const char *url, const char *method)
{
	struct req *r = arena_calloc(ctx->arena, 1, sizeof *r);
	r->arena = ctx->arena;
	r->app = app;
	r->method = method;
	r->path = url;
	r->conn = c;
	r->status = 200;
	r->content_type = "text/html; charset=utf-8";
	r->route = ctx->route;
	r->nparams = ctx->nparams;
	memcpy(r->params, ctx->params, sizeof r->params);
	buf_putc(&ctx->body, '\0');
	r->body = ctx->body.data;
	r->body_len = ctx->body.len - 1;
	r->content_type_in = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_arg, r);
	cookie_parse(r->arena, MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_COOKIE),
		     &r->cookies);
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char addr[64] = "unknown";
	if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET) {
		const struct sockaddr_in *sin = (const void *)ci->client_addr;
		inet_ntop(AF_INET, &sin->sin_addr, addr, sizeof addr);
	} else if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET6) {
		const struct sockaddr_in6 *sin6 = (const void *)ci->client_addr;
		inet_ntop(AF_INET6, &sin6->sin6_addr, addr, sizeof addr);
	}
	r->remote_addr = arena_strdup(r->arena, addr);
	/* Behind a reverse proxy every peer is the proxy; only then is the
	 * proxy's X-Real-IP trusted, else one client could lock out all logins. */
	const char *real_ip = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Real-IP");
	if (app->cfg->trust_proxy && real_ip && *real_ip && strlen(real_ip) < 64)
		r->remote_addr = arena_strdup(r->arena, real_ip);

	r->lang = pick_language(r, c);
	i18n_use(r->lang);
	r->csrf = req_cookie(r, CSRF_COOKIE);
	if (!r->csrf || strlen(r->csrf) != 48)
		new_csrf_token(r);

	/* Response cache (http/cache.h): an anonymous GET of a public page is
	 * answered from memory while the database is unchanged. Headers added so
	 * far (CSRF and language cookies) are per client and always sent. */
	size_t own_headers = r->resp_headers.n;
	unsigned long cache_gen = 0;
	const char *cache_key = ctx->too_large ? NULL : cache_request_key(r, &cache_gen);
	int status = 200;
	if (!cache_key || !cache_answer(r, cache_key)) {
		r->db = db_pool_get(r->app->pool);
		r->user = auth_session_user(r);
		status = dispatch(r, ctx);
		db_pool_put(r->app->pool, r->db);
		r->db = NULL;
		if (cache_key)
			cache_store_response(r, cache_gen, cache_key, status, own_headers);
	}

	struct MHD_Response *resp = MHD_create_response_from_buffer(
		r->out.len, r->out.data ? r->out.data : (char *)"", MHD_RESPMEM_MUST_COPY);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->content_type);
	add_security_headers(resp);
	bool has_cache = false;
	for (size_t i = 0; i < r->resp_headers.n; i++) {
		const struct kv *h = &r->resp_headers.items[i];
		if (strcasecmp(h->key, "Cache-Control") == 0)
			has_cache = true;
		MHD_add_response_header(resp, h->key, h->value);
	}
	if (!has_cache)
		MHD_add_response_header(resp, "Cache-Control", "no-store");
	enum MHD_Result ret = MHD_queue_response(c, (unsigned)status, resp);
	MHD_destroy_response(resp);
	buf_free(&r->out);
	i18n_use(NULL);

	log_info("http", "%s %s %d %.2fms", method, url, status, elapsed_ms(&ctx->start));
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version, const char *upload_data,
				  size_t *upload_data_size, void **req_cls)
{
	struct conn_ctx *ctx = *req_cls;
	if (!ctx) {
		ctx = xcalloc(1, sizeof *ctx);
		clock_gettime(CLOCK_MONOTONIC, &ctx->start);
		ctx->arena = arena_new();
		ctx->route = route_match(method, url, ctx->arena, ctx->params, &ctx->nparams,
					 &ctx->path_known);
		*req_cls = ctx;
		return MHD_YES;
	}
	if (*upload_data_size) {
		size_t limit = ctx->route ? ctx->route->max_body : 0;
		if (ctx->too_large || ctx->body.len + *upload_data_size > limit)
			ctx->too_large = true;
		else
			buf_append(&ctx->body, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return MHD_YES;
	}
	return respond(cls, c, ctx, url, method);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **req_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct conn_ctx *ctx = *req_cls;
	if (!ctx)
		return;
	buf_free(&ctx->body);
	arena_free(ctx->arena);
	free(ctx);
	*req_cls = NULL;
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	char msg[512];
	vsnprintf(msg, sizeof msg, fmt, ap);
	msg[strcspn(msg, "\n")] = '\0';
	log_warn("mhd", "%s", msg);
}

int http_serve(struct app *app)
{
	const struct config *cfg = app->cfg;
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL); /* threads MHD starts inherit this */
	signal(SIGPIPE, SIG_IGN);

	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)cfg->port)};
	if (inet_pton(AF_INET, cfg->address, &sa.sin_addr) != 1) {
		log_error("http", "invalid listen address %s", cfg->address);
		return 1;
	}
	/* The response cache exists before the first request can arrive. */
	if (!cfg->no_cache)
		app->cache = cache_new(cfg->db_path, 0, 0);
	if (cfg->form_limit > 0)
		app->throttle = throttle_new(cfg->form_limit, 3600);
	struct MHD_Daemon *d = MHD_start_daemon(
		MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG,
		(uint16_t)cfg->port, NULL, NULL, on_request, app,
		MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)cfg->max_connections,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)cfg->timeout_seconds,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HEADER_MEMORY_LIMIT,
		MHD_OPTION_END);
	if (!d) {
		log_error("http", "cannot listen on %s:%d", cfg->address, cfg->port);
		cache_free(app->cache);
		app->cache = NULL;
		throttle_free(app->throttle);
		app->throttle = NULL;
		return 1;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	int port = info ? info->port : cfg->port;
	/* Tests read this line to learn the port when started with --port 0. */
	fprintf(stderr, "wijkbasis listening on http://%s:%d/\n", cfg->address, port);
	fflush(stderr);

	int sig = 0;
	sigwait(&set, &sig);
	log_info("http", "signal %d: stopping; finishing requests in progress", sig);
	/* In thread-per-connection mode MHD_stop_daemon joins every connection
	 * thread, so a write in progress completes before the pool closes. */
	MHD_stop_daemon(d);
	cache_free(app->cache);
	app->cache = NULL;
	throttle_free(app->throttle);
	app->throttle = NULL;
	log_info("http", "stopped");
	return 0;
}

const char *req_header(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}
