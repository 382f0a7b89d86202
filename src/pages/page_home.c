/* SPDX-License-Identifier: EUPL-1.2 */
/* page_home.c: GET / — the start page: what a resident can do here, and
 * first of all where they can take part right now (a buurtbudget open for
 * plans or votes, a burgerpanel open for sign-up). */
#include <jansson.h>
#include <stdbool.h>
#include <string.h>

#include "budget/budget_store.h"
#include "db/db.h"
#include "html/html.h"
#include "html/layout.h"
#include "i18n/date.h"
#include "i18n/i18n.h"
#include "pages/pages.h"
#include "panel/panel_store.h"

/* One way to take part right now. Arena strings. */
struct opening {
	const char *kind;   /* "vote", "propose" or "signup" (stable, for the JSON) */
	const char *action; /* what to do, in the page's language */
	const char *href;
	const char *title;
	const char *where;  /* area name, or "" */
	const char *until;  /* YYYY-MM-DD, or "" */
};

/* Collects the buurtbudget rounds open for plans or votes and the panels
 * open for sign-up, in that order, into an arena array; returns the count. */
static int openings(struct req *r, struct opening **out)
{
	struct bs_round *rounds = NULL;
	size_t nrounds = 0;
	struct ps_panel *panels = NULL;
	int npanels = 0;
	if (bs_round_list(r->db, r->arena, &rounds, &nrounds) != 0)
		nrounds = 0;
	if (ps_panel_list(r->db, r->arena, &panels, &npanels) != 0)
		npanels = 0;
	struct opening *v = arena_calloc(r->arena, nrounds + (size_t)npanels + 1, sizeof *v);
	int n = 0;
	for (size_t i = 0; i < nrounds; i++) {
		const struct bs_round *rd = &rounds[i];
		bool vote = strcmp(rd->phase, "stemmen") == 0;
		if (!vote && strcmp(rd->phase, "voorstellen") != 0)
			continue;
		v[n++] = (struct opening){
			.kind = vote ? "vote" : "propose",
			.action = vote ? _("Vote") : _("Propose a plan"),
			.href = arena_printf(r->arena, "/buurtbudget/%lld/%s", rd->id,
					     vote ? "stemmen" : "voorstel"),
			.title = rd->title,
			.where = rd->area_name ? rd->area_name : "",
			.until = vote && rd->ends_on ? rd->ends_on : "",
		};
	}
	for (int i = 0; i < npanels; i++) {
		const struct ps_panel *p = &panels[i];
		if (p->signup_open && !p->pool_deleted)
			v[n++] = (struct opening){
				.kind = "signup", .action = _("Sign up"),
				.href = arena_printf(r->arena, "/panels/%lld/aanmelden", p->id),
				.title = p->title, .where = "", .until = "",
			};
	}
	*out = v;
	return n;
}

/* Writes the "Take part now" section when anything is open; writes nothing
 * otherwise (a heading over an empty list helps nobody). */
static void take_part(struct req *r)
{
	struct opening *v;
	int n = openings(r, &v);
	if (n == 0)
		return;
	struct buf *b = &r->out;
	html_fmt(b, "<section aria-labelledby=\"doe-mee\"><h2 class=\"utrecht-heading-2\" id=\"doe-mee\">%s</h2>"
		    "<ul class=\"utrecht-unordered-list\">", _("Take part now"));
	for (int i = 0; i < n; i++) {
		html_fmt(b, "<li><a class=\"utrecht-link\" href=\"%s\">%s: %s</a>", v[i].href,
			 v[i].action, v[i].title);
		if (*v[i].where)
			html_fmt(b, " (%s)", v[i].where);
		if (*v[i].until)
			html_fmt(b, ". %s", arena_printf(r->arena, _("Open until %s."),
							 date_human(r->arena, v[i].until)));
		html_raw_trusted(b, "</li>");
	}
	html_raw_trusted(b, "</ul></section>");
}

int api_take_part(struct req *r)
{
	struct opening *v;
	int n = openings(r, &v);
	json_t *items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s, s:s?, s:s?}", "kind",
						       v[i].kind, "action", v[i].action, "url",
						       v[i].href, "title", v[i].title, "area",
						       *v[i].where ? v[i].where : NULL, "until",
						       *v[i].until ? v[i].until : NULL));
	return resp_json(r, 200, json_pack("{s:o, s:i}", "items", items, "total", n));
}

int page_home(struct req *r)
{
	struct db_stmt *st = db_prepare(r->db,
		"SELECT (SELECT count(*) FROM kaart_items WHERE status = 'published'),"
		"       (SELECT name FROM areas WHERE level = 'gemeente' ORDER BY name LIMIT 1)");
	long long items = 0;
	const char *gemeente = NULL;
	if (db_step(st) == DB_ROW) {
		items = db_col_int(st, 0);
		if (!db_col_null(st, 1))
			gemeente = arena_strdup(r->arena, db_col_text(st, 1));
	}
	db_done(st);

	page_begin(r, _("Welcome"));
	struct buf *b = &r->out;
	if (gemeente)
		html_fmt(b, "<h1 class=\"utrecht-heading-1\">%s %s</h1>", _("Together in"), gemeente);
	else
		html_fmt(b, "<h1 class=\"utrecht-heading-1\">%s</h1>", _("Welcome"));
	html_fmt(b,
		 "<p class=\"utrecht-paragraph utrecht-paragraph--lead\">%s</p>"
		 "<form class=\"wb-search\" method=\"get\" action=\"/kaart\" role=\"search\">"
		 "<label class=\"utrecht-form-label\" for=\"home-q\">%s</label> "
		 "<input class=\"utrecht-textbox utrecht-textbox--html-input\" id=\"home-q\" name=\"q\" type=\"search\"> "
		 "<button class=\"utrecht-button utrecht-button--primary-action\" type=\"submit\">%s</button>"
		 "</form>",
		 _("Find what is already there in your neighbourhood: initiatives, clubs, meeting places and help."),
		 _("What are you looking for?"), _("Search"));
	take_part(r);
	html_fmt(b, "<ul class=\"utrecht-unordered-list wb-cards\">"
		    "<li><a class=\"utrecht-link\" href=\"/kaart\">%s</a> (%lld)</li>"
		    "<li><a class=\"utrecht-link\" href=\"/kaart/nieuw\">%s</a></li>"
		    "<li><a class=\"utrecht-link\" href=\"/gebieden\">%s</a></li>"
		    "</ul>",
		 _("Social map: everything in your neighbourhood"), items,
		 _("Add something to the map"), _("Neighbourhoods in numbers"));
	page_end(r);
	return 200;
}
