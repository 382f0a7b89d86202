/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * page_kaart.c: the public sociale kaart: GET /kaart (search and filters,
 * 20 per page), GET /kaart/{id}, GET /kaart.csv, GET /api/v1/kaart and
 * GET /api/v1/kaart/{id}. No account needed. The list, the CSV and the JSON
 * take the same parameters (kaart_filter_parse), so they always agree.
 */
#include <string.h>

#include "db/db.h"
#include "html/html.h"
#include "html/layout.h"
#include "i18n/i18n.h"
#include "kaart/kaart.h"
#include "kaart/kaart_html.h"
#include "kaart/kaart_query.h"

/* The search form with each filter's error beside it. */
static void filter_form(struct req *r, const struct kaart_filter *f, const struct kaart_errors *e)
{
	struct buf *b = &r->out;
	html_fmt(b,
		 "<form class=\"wb-filters\" method=\"get\" action=\"/kaart\" role=\"search\" "
		 "aria-labelledby=\"zoek-kop\"><h2 class=\"utrecht-heading-2\" id=\"zoek-kop\">%s</h2>",
		 _("Search and filter"));
	const char *q = req_query(r, "q");
	html_input(r, "q", _("Search words"), q ? q : "",
		   kaart_error_for(e, "q") ? _(kaart_error_for(e, "q")) : NULL, "search",
		   _("For example: koffie, taal or vrijwilliger"));
	const char *area = req_query(r, "area");
	kaart_area_select(r, "area", _("Area"), area ? area : "",
			  kaart_error_for(e, "area") ? _(kaart_error_for(e, "area")) : NULL,
			  _("All areas"));
	const char *kind = req_query(r, "kind");
	html_select(r, "kind", _("Kind"), kind ? kind : "",
		    kaart_error_for(e, "kind") ? _(kaart_error_for(e, "kind")) : NULL,
		    kaart_options(r, kaart_kinds, KAART_NKINDS, kaart_kind_label, _("All kinds")));
	const char *theme = req_query(r, "theme");
	html_select(r, "theme", _("Theme"), theme ? theme : "",
		    kaart_error_for(e, "theme") ? _(kaart_error_for(e, "theme")) : NULL,
		    kaart_options(r, kaart_themes, KAART_NTHEMES, kaart_theme_label,
				  _("All themes")));
	const char *pillar = req_query(r, "pillar");
	html_select(r, "pillar", _("Social quality"), pillar ? pillar : "",
		    kaart_error_for(e, "pillar") ? _(kaart_error_for(e, "pillar")) : NULL,
		    kaart_options(r, kaart_pillars, KAART_NPILLARS, kaart_pillar_label,
				  _("All pillars")));
	if (kaart_error_for(e, "page"))
		html_fmt(b,
			 "<p class=\"utrecht-form-field-error-message\" id=\"f-page-error\">%s %s</p>",
			 _(kaart_error_for(e, "page")), _("Showing page 1."));
	if (kaart_error_for(e, "per_page"))
		html_fmt(b,
			 "<p class=\"utrecht-form-field-error-message\" id=\"f-per_page-error\">%s</p>",
			 _(kaart_error_for(e, "per_page")));
	/* A chosen page size survives a new search. */
	if (f->per_page != KAART_PER_PAGE)
		html_fmt(b, "<input type=\"hidden\" name=\"per_page\" value=\"%d\">", f->per_page);
	html_fmt(b,
		 "<div class=\"wb-actions\"><button class=\"utrecht-button "
		 "utrecht-button--primary-action\" type=\"submit\">%s</button>"
		 "<a class=\"utrecht-link\" href=\"/kaart\">%s</a></div></form>\n",
		 _("Search"), _("Clear filters"));
}

static void item_card(struct req *r, const struct kaart_row *it)
{
	struct buf *b = &r->out;
	const char *kind = kaart_kind_label(it->kind);
	html_fmt(b,
		 "<li><h3 class=\"utrecht-heading-3\"><a class=\"utrecht-link\" href=\"/kaart/%lld\">"
		 "%s</a></h3><p class=\"wb-meta\">%s",
		 it->id, it->name, kind ? _(kind) : it->kind);
	if (*it->area_name)
		html_fmt(b, " · %s", it->area_name);
	html_raw_trusted(b, "</p>");
	if (it->nthemes)
		html_fmt(b, "<p class=\"utrecht-paragraph\">%s: %s</p>", _("Themes"),
			 kaart_themes_text(r, it->themes, it->nthemes));
	if (it->stale)
		html_fmt(b,
			 "<p class=\"wb-badges\"><span class=\"wb-badge wb-badge--warn\">%s</span></p>",
			 _("not checked recently"));
	html_raw_trusted(b, "</li>\n");
}

static void pagination(struct req *r, const struct kaart_filter *f, long long total)
{
	long pages = (long)((total + f->per_page - 1) / f->per_page);
	if (pages <= 1)
		return;
	struct buf *b = &r->out;
	html_fmt(b, "<nav class=\"wb-pagination\" aria-label=\"%s\"><ul>", _("Pages"));
	if (f->page > 1)
		html_fmt(b,
			 "<li><a class=\"utrecht-link\" rel=\"prev\" href=\"/kaart%s\">%s</a></li>",
			 kaart_filter_query(r->arena, f, f->page - 1), _("Previous"));
	for (long p = 1; p <= pages; p++) {
		/* First, last and the pages around the current one. */
		if (p != 1 && p != pages && (p < f->page - 2 || p > f->page + 2)) {
			if (p == f->page - 3 || p == f->page + 3)
				html_raw_trusted(b, "<li>…</li>");
			continue;
		}
		if (p == f->page)
			html_fmt(b, "<li><span aria-current=\"page\">%ld</span></li>", p);
		else
			html_fmt(b,
				 "<li><a class=\"utrecht-link\" href=\"/kaart%s\" aria-label=\"%s %ld\">"
				 "%ld</a></li>",
				 kaart_filter_query(r->arena, f, p), _("Page"), p, p);
	}
	if (f->page < pages)
		html_fmt(b,
			 "<li><a class=\"utrecht-link\" rel=\"next\" href=\"/kaart%s\">%s</a></li>",
			 kaart_filter_query(r->arena, f, f->page + 1), _("Next"));
	html_raw_trusted(b, "</ul></nav>\n");
}

int kaart_page_list(struct req *r)
{
	struct kaart_filter f;
	struct kaart_errors e = {0};
	bool ok = kaart_filter_parse(r->db, &r->query, &f, &e);
	struct kaart_row *rows;
	int n;
	long long total;
	if (kaart_search(r->db, r->arena, &f, &rows, &n, &total) != 0)
		return resp_error_page(
			r, 503, _("The social map cannot be read right now. Please try again."));

	page_begin(r, _("Social map"));
	struct buf *b = &r->out;
	html_fmt(b,
		 "<h1 class=\"utrecht-heading-1\">%s</h1><p class=\"utrecht-paragraph "
		 "utrecht-paragraph--lead\">%s</p><p class=\"utrecht-paragraph\">"
		 "<a class=\"utrecht-link\" href=\"/kaart/nieuw\">%s</a></p>",
		 _("Social map"),
		 _("Initiatives, clubs, meeting places, help and talents of residents, close to home."),
		 _("Do you know something that is missing? Add it to the map."));
	kaart_error_summary(r, &e);
	filter_form(r, &f, &e);
	const char *qs = kaart_filter_query(r->arena, &f, 0);
	html_fmt(b, "<h2 class=\"utrecht-heading-2\" id=\"resultaten\">%lld %s</h2>", total,
		 ngettext("result", "results", (unsigned long)total));
	html_fmt(b,
		 "<p class=\"utrecht-paragraph wb-meta\"><a class=\"utrecht-link\" href=\"/kaart.csv%s\">"
		 "%s</a> · <a class=\"utrecht-link\" href=\"/api/v1/kaart%s\">%s</a></p>",
		 qs, _("Download this list (CSV)"), qs, _("Data (JSON)"));
	if (n == 0)
		html_fmt(b, "<p class=\"utrecht-paragraph\">%s</p>",
			 total ? _("There are no results on this page.")
			       : _("Nothing found. Try other words or fewer filters."));
	else {
		html_raw_trusted(b, "<ol class=\"wb-cards\">\n");
		for (int i = 0; i < n; i++)
			item_card(r, &rows[i]);
		html_raw_trusted(b, "</ol>\n");
	}
	pagination(r, &f, total);
	page_end(r);
	return ok ? 200 : 400;
}

static void dl_item(struct req *r, const char *label, const char *value)
{
	if (value && *value)
		html_fmt(&r->out, "<dt>%s</dt><dd>%s</dd>", label, value);
}

int kaart_page_item(struct req *r)
{
	struct kaart_row it;
	long long id = kaart_parse_id(req_param(r, 0));
	if (!id || !kaart_get_published(r->db, r->arena, id, &it))
		return resp_error_page(r, 404, _("This item is not on the social map (any more)."));
	page_begin(r, it.name);
	struct buf *b = &r->out;
	const char *kind = kaart_kind_label(it.kind);
	html_fmt(b,
		 "<p class=\"utrecht-paragraph\"><a class=\"utrecht-link\" href=\"/kaart\">%s</a></p>"
		 "<h1 class=\"utrecht-heading-1\">%s</h1><p class=\"wb-meta\">%s</p>",
		 _("Back to the social map"), it.name, kind ? _(kind) : it.kind);
	if (it.stale)
		html_fmt(b,
			 "<p class=\"wb-badges\"><span class=\"wb-badge wb-badge--warn\">%s</span></p>",
			 _("not checked recently"));
	if (*it.description)
		html_fmt(b, "<p class=\"utrecht-paragraph\">%s</p>", it.description);
	html_raw_trusted(b, "<dl class=\"wb-details\">");
	if (*it.area_code)
		html_fmt(b,
			 "<dt>%s</dt><dd><a class=\"utrecht-link\" href=\"/gebieden/%s\">%s</a></dd>",
			 _("Area"), it.area_code, it.area_name);
	dl_item(r, _("Themes"), kaart_themes_text(r, it.themes, it.nthemes));
	dl_item(r, _("Social quality"), kaart_pillars_text(r, it.pillars, it.npillars));
	dl_item(r, _("When and where"), it.when_where);
	dl_item(r, _("Accessibility"), it.accessibility);
	dl_item(r, _("Contact"), it.contact);
	dl_item(r, _("Source"), it.source);
	dl_item(r, _("Last checked"), *it.last_checked ? it.last_checked : _("unknown"));
	html_raw_trusted(b, "</dl>");
	if (!*it.contact && strcmp(it.kind, "talent") == 0)
		html_fmt(b, "<p class=\"utrecht-paragraph\">%s</p>",
			 _("This resident has not chosen to show contact details. Ask the social "
			   "district team to put you in touch."));
	html_fmt(b,
		 "<p class=\"utrecht-paragraph\"><a class=\"utrecht-link\" href=\"/kaart/%lld/correctie\">"
		 "%s</a></p><p class=\"utrecht-paragraph wb-meta\"><a class=\"utrecht-link\" "
		 "href=\"/api/v1/kaart/%lld\">%s</a></p>",
		 it.id, _("Is something not right? Send a correction"), it.id, _("Data (JSON)"));
	page_end(r);
	return 200;
}

/* The first bad filter as RFC 9457 problem JSON. */
static int filter_problem(struct req *r, const struct kaart_errors *e)
{
	return resp_problem(r, 400, _("Invalid parameter"), _(e->msg[0]), e->field[0]);
}

int kaart_csv(struct req *r)
{
	struct kaart_filter f;
	struct kaart_errors e = {0};
	if (!kaart_filter_parse(r->db, &r->query, &f, &e))
		return filter_problem(r, &e);
	f.per_page = 0;
	struct kaart_row *rows;
	int n;
	long long total;
	if (kaart_search(r->db, r->arena, &f, &rows, &n, &total) != 0)
		return resp_problem(r, 503, _("Unavailable"), _("The database is busy."), NULL);
	resp_csv(r, "sociale-kaart.csv");
	kaart_csv_header(&r->out);
	for (int i = 0; i < n; i++)
		kaart_csv_row(&r->out, &rows[i]);
	return 200;
}

int kaart_api_list(struct req *r)
{
	struct kaart_filter f;
	struct kaart_errors e = {0};
	if (!kaart_filter_parse(r->db, &r->query, &f, &e))
		return filter_problem(r, &e);
	struct kaart_row *rows;
	int n;
	long long total;
	if (kaart_search(r->db, r->arena, &f, &rows, &n, &total) != 0)
		return resp_problem(r, 503, _("Unavailable"), _("The database is busy."), NULL);
	json_t *items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, kaart_row_json(&rows[i]));
	return resp_json(r, 200,
			 json_pack("{s:o, s:I, s:I, s:i}", "items", items, "total",
				   (json_int_t)total, "page", (json_int_t)f.page, "per_page",
				   f.per_page));
}

int kaart_api_item(struct req *r)
{
	struct kaart_row it;
	long long id = kaart_parse_id(req_param(r, 0));
	if (!id)
		return resp_problem(r, 400, _("Invalid parameter"),
				    _("The id must be a whole number from 1."), "id");
	if (!kaart_get_published(r->db, r->arena, id, &it))
		return resp_problem(r, 404, _("Not found"),
				    _("This item is not on the social map."), "id");
	return resp_json(r, 200, kaart_row_json(&it));
}
