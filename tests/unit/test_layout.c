/* SPDX-License-Identifier: EUPL-1.2 */
/* test_layout.c: the page frame and form helpers of html/layout.c, and the
 * response builders of http/response.c that render through them (error
 * page, problem JSON, redirect, cookies, CSV cells, URLs with a parameter). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "html/html.h"
#include "html/layout.h"
#include "http/http.h"
#include "i18n/date.h"
#include "i18n/i18n.h"
#include "i18n/number.h"
#include "util/mem.h"

static bool have_dutch;

/* A request as server.c would hand it to a handler, without a connection. */
static struct req *new_req(const char *lang, const char *path)
{
	struct arena *a = arena_new();
	struct req *r = arena_calloc(a, 1, sizeof *r);
	r->arena = a;
	r->method = "GET";
	r->path = path;
	r->lang = lang;
	r->csrf = "0123456789abcdef0123456789abcdef0123456789abcdef";
	r->status = 200;
	r->content_type = "text/html; charset=utf-8";
	i18n_use(lang);
	return r;
}

static void free_req(struct req *r)
{
	i18n_use(NULL);
	buf_free(&r->out);
	arena_free(r->arena);
}

static void assert_contains(const char *hay, const char *needle)
{
	if (!hay || !strstr(hay, needle))
		fail_msg("expected to find\n  %s\nin\n%s", needle, hay ? hay : "(null)");
}

static void assert_not_contains(const char *hay, const char *needle)
{
	if (hay && strstr(hay, needle))
		fail_msg("did not expect\n  %s\nin\n%s", needle, hay);
}

static void test_page_frame_english(void **state)
{
	struct req *r = new_req("en", "/kaart");
	kv_add(r->arena, &r->query, "q", "a&b");
	page_begin(r, "Buurt <script>alert(1)</script> & \"co\"");
	html_raw_trusted(&r->out, "<h1>x</h1>");
	page_end(r);
	const char *h = r->out.data;
	assert_true(strncmp(h, "<!DOCTYPE html>\n<html lang=\"en\">", 32) == 0);
	assert_contains(h, "<title>Buurt &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;co&quot; - wijkbasis</title>");
	assert_not_contains(h, "<script>");
	/* Skip link first in <body>, pointing at <main>. */
	assert_contains(h, "<body class=\"utrecht-document voorbeeld-theme\">\n<a class=\"utrecht-link wb-skip\" href=\"#inhoud\">Skip to content</a>");
	assert_contains(h, "<main id=\"inhoud\"");
	assert_contains(h, "<nav aria-label=\"Main menu\">");
	/* Language switch keeps the query, marked with the other language. */
	assert_contains(h, "href=\"/kaart?q=a%26b&amp;lang=nl\" lang=\"nl\" hreflang=\"nl\">Nederlands</a>");
	assert_contains(h, "href=\"/login\">Log in (staff)</a>");
	assert_not_contains(h, "/beheer/");
	assert_contains(h, "</main>\n<footer");
	assert_contains(h, "href=\"/toegankelijkheid\">Accessibility</a>");
	assert_true(strcmp(h + strlen(h) - 8, "</html>\n") == 0);
	free_req(r);
}

static void test_page_frame_dutch(void **state)
{
	if (!have_dutch)
		skip();
	struct req *r = new_req("nl", "/");
	page_begin(r, "Welkom");
	page_end(r);
	const char *h = r->out.data;
	assert_contains(h, "<html lang=\"nl\">");
	assert_contains(h, "href=\"#inhoud\">Direct naar de inhoud</a>");
	assert_contains(h, "<nav aria-label=\"Hoofdmenu\">");
	assert_contains(h, "href=\"/?lang=en\" lang=\"en\" hreflang=\"en\">English</a>");
	assert_contains(h, "Toegankelijkheid");
	free_req(r);
}

static void test_page_frame_logged_in(void **state)
{
	struct req *r = new_req("en", "/");
	struct user u = {.id = 1, .email = "b@x.nl", .name = "Bea <b>", .role = ROLE_BELEIDSADVISEUR};
	r->user = &u;
	page_begin(r, "T");
	const char *h = r->out.data;
	assert_contains(h, "<span class=\"wb-who\">Bea &lt;b&gt; (beleidsadviseur)</span>");
	assert_contains(h, "<form method=\"post\" action=\"/logout\"");
	assert_contains(h, "name=\"csrf\" value=\"0123456789abcdef0123456789abcdef0123456789abcdef\"");
	assert_contains(h, "href=\"/beheer/kaart\"");
	assert_contains(h, "href=\"/kaart/overzicht\"");
	assert_not_contains(h, "href=\"/beheer/gebruikers\""); /* beheerder only */
	assert_not_contains(h, "Log in (staff)");
	free_req(r);
}

static void test_input_with_error(void **state)
{
	struct req *r = new_req("en", "/kaart/nieuw");
	html_input(r, "name", "Name", "O'Brien \"&\" <x>", "Fill in a name.", NULL, NULL);
	const char *h = r->out.data;
	assert_contains(h, "<div class=\"utrecht-form-field utrecht-form-field--invalid\">");
	assert_contains(h, "<label class=\"utrecht-form-label\" for=\"f-name\">Name</label>");
	assert_contains(h, "<div class=\"utrecht-form-field-error-message\" id=\"f-name-error\">Fill in a name.</div>");
	assert_contains(h, "type=\"text\" id=\"f-name\" name=\"name\" value=\"O&#39;Brien &quot;&amp;&quot; &lt;x&gt;\"");
	assert_contains(h, " aria-describedby=\"f-name-error\" aria-invalid=\"true\">");
	/* The error comes before the field, so a screen reader meets it first. */
	assert_true(strstr(h, "f-name-error\">") < strstr(h, "<input"));
	free_req(r);
}

static void test_input_hint_and_error(void **state)
{
	struct req *r = new_req("en", "/");
	html_input(r, "email", "E-mail", NULL, "Not an e-mail address.", "email", "We never share it.");
	const char *h = r->out.data;
	assert_contains(h, "id=\"f-email-hint\">We never share it.</div>");
	assert_contains(h, "type=\"email\" id=\"f-email\" name=\"email\" value=\"\"");
	assert_contains(h, "aria-describedby=\"f-email-hint f-email-error\" aria-invalid=\"true\"");
	free_req(r);
}

static void test_input_without_error(void **state)
{
	struct req *r = new_req("en", "/");
	html_input(r, "q", "Search", "x", NULL, "search", NULL);
	const char *h = r->out.data;
	assert_contains(h, "<div class=\"utrecht-form-field\">");
	assert_not_contains(h, "aria-invalid");
	assert_not_contains(h, "aria-describedby");
	assert_not_contains(h, "error-message");
	free_req(r);
	r = new_req("en", "/");
	html_input(r, "q", "Search", "x", NULL, NULL, "Hint");
	assert_contains(r->out.data, "aria-describedby=\"f-q-hint\">");
	assert_not_contains(r->out.data, "aria-invalid");
	free_req(r);
}

static void test_input_autocomplete(void **state)
{
	struct req *r = new_req("en", "/");
	html_input_ac(r, "password", "Password", "", "Too short.", "password", NULL, "current-password");
	const char *h = r->out.data;
	assert_contains(h, "type=\"password\" id=\"f-password\" name=\"password\" value=\"\" "
			   "autocomplete=\"current-password\" aria-describedby=\"f-password-error\"");
	free_req(r);
	r = new_req("en", "/");
	html_input(r, "q", "Search", "x", NULL, "search", NULL);
	assert_not_contains(r->out.data, "autocomplete");
	free_req(r);
}

static void test_date_human(void **state)
{
	struct req *r = new_req("nl", "/");
	assert_string_equal(date_human(r->arena, "2027-03-01"), "1 maart 2027");
	assert_string_equal(date_human(r->arena, "2099-12-31"), "31 december 2099");
	free_req(r);
	r = new_req("en", "/");
	assert_string_equal(date_human(r->arena, "2027-05-09"), "9 May 2027");
	/* Not a date: as it is; never NULL. */
	assert_string_equal(date_human(r->arena, "2027-13-01"), "2027-13-01");
	assert_string_equal(date_human(r->arena, "2027-03-01x"), "2027-03-01x");
	assert_string_equal(date_human(r->arena, "27-3-1"), "27-3-1");
	assert_string_equal(date_human(r->arena, ""), "");
	assert_string_equal(date_human(r->arena, NULL), "");
	free_req(r);
}

static void test_num_text(void **state)
{
	struct arena *a = arena_new();
	assert_string_equal(num_text(a, "nl", 10.0, 1), "10,0");
	assert_string_equal(num_text(a, NULL, 6.5327, 2), "6,53");
	assert_string_equal(num_text(a, "en", 6.5327, 2), "6.53");
	assert_string_equal(num_text(a, "nl", 42.4, 0), "42");
	assert_string_equal(num_text(a, "nl", -0.25, 1), "-0,2");
	assert_string_equal(num_text(a, "en", 1.0, 9), "1.000000"); /* at most 6 decimals */
	arena_free(a);
}

static void test_textarea_and_select(void **state)
{
	struct req *r = new_req("en", "/");
	html_textarea(r, "text", "Your story", "</textarea><script>", "Too long.", NULL);
	const char *h = r->out.data;
	assert_contains(h, "id=\"f-text\" name=\"text\" rows=\"5\" aria-describedby=\"f-text-error\" aria-invalid=\"true\">&lt;/textarea&gt;&lt;script&gt;</textarea>");
	buf_reset(&r->out);
	static const char *const opts[] = {"a", "Alpha", "b", "B & co", NULL};
	html_select(r, "kind", "Kind", "b", NULL, opts);
	h = r->out.data;
	assert_contains(h, "<label class=\"utrecht-form-label\" for=\"f-kind\">Kind</label>");
	assert_contains(h, "<option value=\"a\">Alpha</option><option value=\"b\" selected>B &amp; co</option>");
	buf_reset(&r->out);
	html_csrf_field(r);
	assert_string_equal(r->out.data, "<input type=\"hidden\" name=\"csrf\" value=\"0123456789abcdef0123456789abcdef0123456789abcdef\">");
	free_req(r);
}

/* ------------------------------------------------------------- responses */

static void test_error_page(void **state)
{
	struct req *r = new_req("en", "/nope");
	buf_puts(&r->out, "half a page");
	assert_int_equal(resp_error_page(r, 404, "This <page> does not exist."), 404);
	assert_int_equal(r->status, 404);
	assert_string_equal(r->content_type, "text/html; charset=utf-8");
	const char *h = r->out.data;
	assert_not_contains(h, "half a page");
	assert_contains(h, "<title>Page not found - wijkbasis</title>");
	assert_contains(h, "<h1 class=\"utrecht-heading-1\">Page not found</h1>");
	assert_contains(h, "This &lt;page&gt; does not exist.");
	assert_contains(h, "href=\"#inhoud\"");
	free_req(r);
}

static void test_problem_json(void **state)
{
	struct req *r = new_req("en", "/api/v1/x");
	assert_int_equal(resp_problem(r, 400, "Invalid parameter", "Not UTF-8.", "q"), 400);
	assert_string_equal(r->content_type, "application/problem+json");
	json_error_t err;
	json_t *j = json_loads(r->out.data, 0, &err);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "title")), "Invalid parameter");
	assert_int_equal(json_integer_value(json_object_get(j, "status")), 400);
	assert_string_equal(json_string_value(json_object_get(j, "detail")), "Not UTF-8.");
	assert_string_equal(json_string_value(json_object_get(j, "param")), "q");
	assert_string_equal(json_string_value(json_object_get(j, "instance")), "/api/v1/x");
	json_t *ip = json_array_get(json_object_get(j, "invalid-params"), 0);
	assert_string_equal(json_string_value(json_object_get(ip, "name")), "q");
	json_decref(j);
	free_req(r);
}

static void test_problem_json_with_bad_utf8_param(void **state)
{
	/* The offending parameter name itself may be invalid UTF-8: the answer
	 * must still be a well-formed problem. */
	struct req *r = new_req("en", "/api/v1/x");
	assert_int_equal(resp_problem(r, 400, "Invalid parameter", NULL, "\xff"), 400);
	json_t *j = json_loads(r->out.data, 0, NULL);
	assert_non_null(j);
	assert_int_equal(json_integer_value(json_object_get(j, "status")), 400);
	json_decref(j);
	free_req(r);
}

static void test_redirect_only_local(void **state)
{
	struct req *r = new_req("en", "/login");
	assert_int_equal(resp_redirect(r, "/kaart?x=1"), 303);
	assert_string_equal(kv_get(&r->resp_headers, "Location"), "/kaart?x=1");
	const char *bad[] = {"//evil.example/", "/\\evil.example", "https://evil.example/", "evil", ""};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		r->resp_headers.n = 0;
		resp_redirect(r, bad[i]);
		assert_string_equal(kv_get(&r->resp_headers, "Location"), "/");
	}
	free_req(r);
}

static void test_cookie_attributes(void **state)
{
	struct req *r = new_req("en", "/");
	resp_cookie(r, "lang", "en", 3600);
	assert_string_equal(kv_get(&r->resp_headers, "Set-Cookie"),
			    "lang=en; Path=/; HttpOnly; SameSite=Lax; Max-Age=3600");
	struct config cfg = {.behind_tls = true};
	struct app app = {.cfg = &cfg};
	r->app = &app;
	r->resp_headers.n = 0;
	resp_cookie(r, "wb_csrf", "x", -1);
	assert_string_equal(kv_get(&r->resp_headers, "Set-Cookie"),
			    "wb_csrf=x; Path=/; HttpOnly; SameSite=Lax; Secure");
	free_req(r);
}

static void test_csv_cells(void **state)
{
	struct buf b = BUF_INIT;
	csv_cell(&b, "plain", false);
	csv_cell(&b, "a,b", false);
	csv_cell(&b, "say \"hi\"", false);
	csv_cell(&b, "=HYPERLINK(\"x\")", false);
	csv_cell(&b, "-1", false);
	csv_cell(&b, NULL, false);
	csv_cell(&b, "\r=1+1", false);
	csv_cell(&b, "@SUM(A1)", false);
	csv_cell(&b, "l1\nl2", true);
	assert_string_equal(b.data, "plain,\"a,b\",\"say \"\"hi\"\"\",\"'=HYPERLINK(\"\"x\"\")\",\"'-1\",,"
				    "\"'\r=1+1\",\"'@SUM(A1)\",\"l1\nl2\"\r\n");
	buf_free(&b);
}

static void test_url_with(void **state)
{
	struct req *r = new_req("en", "/kaart");
	kv_add(r->arena, &r->query, "q", "caf\xc3\xa9 & <b>");
	kv_add(r->arena, &r->query, "page", "2");
	kv_add(r->arena, &r->query, "lang", "en");
	kv_add(r->arena, &r->query, "empty", "");
	assert_string_equal(req_url_with(r, "page", "3"), "/kaart?q=caf%C3%A9%20%26%20%3Cb%3E&page=3");
	assert_string_equal(req_url_with(r, "page", NULL), "/kaart?q=caf%C3%A9%20%26%20%3Cb%3E");
	r->query.n = 0;
	assert_string_equal(req_url_with(r, "page", NULL), "/kaart");
	free_req(r);
}

int main(void)
{
	have_dutch = i18n_init(WB_LOCALEDIR) == 0;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_page_frame_english),
		cmocka_unit_test(test_page_frame_dutch),
		cmocka_unit_test(test_page_frame_logged_in),
		cmocka_unit_test(test_input_with_error),
		cmocka_unit_test(test_input_hint_and_error),
		cmocka_unit_test(test_input_without_error),
		cmocka_unit_test(test_input_autocomplete),
		cmocka_unit_test(test_date_human),
		cmocka_unit_test(test_num_text),
		cmocka_unit_test(test_textarea_and_select),
		cmocka_unit_test(test_error_page),
		cmocka_unit_test(test_problem_json),
		cmocka_unit_test(test_problem_json_with_bad_utf8_param),
		cmocka_unit_test(test_redirect_only_local),
		cmocka_unit_test(test_cookie_attributes),
		cmocka_unit_test(test_csv_cells),
		cmocka_unit_test(test_url_with),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
