/* SPDX-License-Identifier: EUPL-1.2 */
/* response.c: request accessors and response builders (see http.h). No
 * libmicrohttpd here, so handlers and these helpers can be unit-tested. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "html/html.h"
#include "html/layout.h"
#include "http/http.h"
#include "i18n/i18n.h"

const char *role_name(enum role r)
{
	static const char *names[] = {"inwoner", "professional", "beleidsadviseur", "beheerder"};
	return (unsigned)r < ROLE_COUNT ? names[r] : "inwoner";
}

int role_parse(const char *s, enum role *out)
{
	for (int i = 0; i < ROLE_COUNT; i++)
		if (s && strcmp(s, role_name((enum role)i)) == 0) {
			*out = (enum role)i;
			return 0;
		}
	return -1;
}

const char *req_query(struct req *r, const char *name) { return kv_get(&r->query, name); }
const char *req_form(struct req *r, const char *name) { return kv_get(&r->form, name); }
const char *req_cookie(struct req *r, const char *name) { return kv_get(&r->cookies, name); }
const char *req_param(struct req *r, int i) { return i < r->nparams ? r->params[i] : NULL; }

/* A Host header we are willing to print: letters, digits, '.', '-', ':' and
 * the brackets of an IPv6 literal, nothing that could end or extend a URL. */
static bool plain_host(const char *h)
{
	if (!h || !*h || strlen(h) > 255)
		return false;
	for (const char *p = h; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr(".-:[]", *p))
			return false;
	return true;
}

char *req_absolute_url(struct req *r, const char *path)
{
	const struct config *cfg = r->app->cfg;
	if (cfg->public_url)
		return arena_printf(r->arena, "%s%s", cfg->public_url, path);
	const char *host = req_header(r, "Host");
	if (plain_host(host))
		return arena_printf(r->arena, "http://%s%s", host, path);
	const char *addr = strcmp(cfg->address, "0.0.0.0") == 0 ? "127.0.0.1" : cfg->address;
	return arena_printf(r->arena, "http://%s:%d%s", addr, cfg->port, path);
}

char *req_url_with(struct req *r, const char *name, const char *value)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, r->path);
	char sep = '?';
	for (size_t i = 0; i < r->query.n; i++) {
		const struct kv *q = &r->query.items[i];
		if (strcmp(q->key, name) == 0 || strcmp(q->key, "lang") == 0 || q->value[0] == '\0')
			continue;
		buf_printf(&b, "%c%s=%s", sep, url_encode(r->arena, q->key), url_encode(r->arena, q->value));
		sep = '&';
	}
	if (value)
		buf_printf(&b, "%c%s=%s", sep, url_encode(r->arena, name), url_encode(r->arena, value));
	char *s = arena_strdup(r->arena, b.data ? b.data : r->path);
	buf_free(&b);
	return s;
}

bool req_wants_json(struct req *r) { return strncmp(r->path, "/api/", 5) == 0 || strcmp(r->path, "/healthz") == 0; }

void resp_header(struct req *r, const char *name, const char *value)
{
	kv_add(r->arena, &r->resp_headers, name, value);
}

void resp_private(struct req *r)
{
	r->private_answer = true;
}

void resp_cookie(struct req *r, const char *name, const char *value, long max_age)
{
	char *c = arena_printf(r->arena, "%s=%s; Path=/; HttpOnly; SameSite=Lax%s", name, value,
			       r->app && r->app->cfg->behind_tls ? "; Secure" : "");
	if (max_age >= 0)
		c = arena_printf(r->arena, "%s; Max-Age=%ld", c, max_age);
	resp_header(r, "Set-Cookie", c);
}

int resp_redirect(struct req *r, const char *location)
{
	/* Only local paths: an open redirect through ?next= is refused. */
	if (location[0] != '/' || location[1] == '/' || location[1] == '\\')
		location = "/";
	resp_header(r, "Location", location);
	buf_reset(&r->out);
	return r->status = 303;
}

int resp_json(struct req *r, int status, json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT | JSON_ENSURE_ASCII);
	json_decref(j);
	buf_reset(&r->out);
	if (s) {
		buf_puts(&r->out, s);
		free(s);
	}
	r->content_type = "application/json";
	return r->status = status;
}

int resp_problem(struct req *r, int status, const char *title, const char *detail, const char *param)
{
	json_t *j = json_pack("{s:s, s:s, s:i}", "type", "about:blank", "title", title, "status", status);
	if (detail)
		json_object_set_new(j, "detail", json_string(detail));
	if (param) {
		json_object_set_new(j, "param", json_string(param));
		json_object_set_new(j, "invalid-params",
				    json_pack("[{s:s, s:s}]", "name", param, "reason", detail ? detail : title));
	}
	json_object_set_new(j, "instance", json_string(r->path));
	resp_json(r, status, j);
	r->content_type = "application/problem+json";
	return status;
}

void resp_csv(struct req *r, const char *filename)
{
	r->content_type = "text/csv; charset=utf-8";
	resp_header(r, "Content-Disposition", arena_printf(r->arena, "attachment; filename=\"%s\"", filename));
}

void csv_cell(struct buf *b, const char *s, bool last)
{
	if (!s)
		s = "";
	/* A cell starting with = + - @ (or tab/CR before one, OWASP's list) is a
	 * formula in spreadsheets: prefix a quote. */
	bool formula = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' ||
		       s[0] == '\r';
	bool quote = formula || strpbrk(s, ",\"\r\n;") != NULL;
	if (quote)
		buf_putc(b, '"');
	if (formula)
		buf_putc(b, '\'');
	for (; *s; s++) {
		if (*s == '"')
			buf_putc(b, '"');
		buf_putc(b, *s);
	}
	if (quote)
		buf_putc(b, '"');
	buf_puts(b, last ? "\r\n" : ",");
}

int resp_error_page(struct req *r, int status, const char *message)
{
	buf_reset(&r->out);
	const char *title = status == 404 ? _("Page not found")
			    : status == 403 ? _("No access")
			    : status >= 500 ? _("Something went wrong")
					    : _("That did not work");
	/* API clients get RFC 9457 problem JSON from every handler that
	 * answers with an error page, not only from those that check. */
	if (req_wants_json(r))
		return resp_problem(r, status, title, message, NULL);
	r->content_type = "text/html; charset=utf-8";
	page_begin(r, title);
	html_fmt(&r->out, "<h1 class=\"utrecht-heading-1\">%s</h1>"
			  "<p class=\"utrecht-paragraph\">%s</p>"
			  "<p class=\"utrecht-paragraph\"><a class=\"utrecht-link\" href=\"/\">%s</a></p>",
		 title, message, _("Go to the home page"));
	page_end(r);
	return r->status = status;
}
