/* SPDX-License-Identifier: EUPL-1.2 */
/* page_home.c: GET / — the start page: what a resident can do here, and
 * first of all where they can take part right now (a buurtbudget open for
 * plans or votes, a burgerpanel open for sign-up). */
#include <string.h>

#include "budget/budget_store.h"
#include "db/db.h"
#include "html/html.h"
#include "html/layout.h"
#include "i18n/date.h"
#include "i18n/i18n.h"
#include "pages/pages.h"
#include "panel/panel_store.h"

/* One "take part" line: a link that says what to do, then where and until when. */
static void take_part_item(struct req *r, const char *href, const char *action, const char *title,
			   const char *where, const char *until)
{
	html_fmt(&r->out, "<li><a class=\"utrecht-link\" href=\"%s\">%s: %s</a>", href, action, title);
	if (where && *where)
		html_fmt(&r->out, " (%s)", where);
	if (until && *until)
		html_fmt(&r->out, ". %s", arena_printf(r->arena, _("Open until %s."), date_human(r->arena, until)));
	html_raw_trusted(&r->out, "</li>");
}

/* Writes the "Take part now" section when anything is open; writes nothing
 * otherwise (a heading over an empty list helps nobody). */
static void take_part(struct req *r)
{
	struct bs_round *rounds = NULL;
	size_t nrounds = 0;
	struct ps_panel *panels = NULL;
	int npanels = 0;
	if (bs_round_list(r->db, r->arena, &rounds, &nrounds) != 0)
		nrounds = 0;
	if (ps_panel_list(r->db, r->arena, &panels, &npanels) != 0)
		npanels = 0;
	size_t open = 0;
	for (size_t i = 0; i < nrounds; i++)
		open += strcmp(rounds[i].phase, "voorstellen") == 0 || strcmp(rounds[i].phase, "stemmen") == 0;
	for (int i = 0; i < npanels; i++)
		open += panels[i].signup_open && !panels[i].pool_deleted;
	if (open == 0)
		return;
	html_fmt(&r->out, "<section aria-labelledby=\"doe-mee\"><h2 class=\"utrecht-heading-2\" id=\"doe-mee\">%s</h2>"
			  "<ul class=\"utrecht-unordered-list\">", _("Take part now"));
	for (size_t i = 0; i < nrounds; i++) {
		const struct bs_round *rd = &rounds[i];
		if (strcmp(rd->phase, "stemmen") == 0)
			take_part_item(r, arena_printf(r->arena, "/buurtbudget/%lld/stemmen", rd->id),
				       _("Vote"), rd->title, rd->area_name, rd->ends_on);
		else if (strcmp(rd->phase, "voorstellen") == 0)
			take_part_item(r, arena_printf(r->arena, "/buurtbudget/%lld/voorstel", rd->id),
				       _("Propose a plan"), rd->title, rd->area_name, NULL);
	}
	for (int i = 0; i < npanels; i++) {
		const struct ps_panel *p = &panels[i];
		if (p->signup_open && !p->pool_deleted)
			take_part_item(r, arena_printf(r->arena, "/panels/%lld/aanmelden", p->id),
				       _("Sign up"), p->title, NULL, NULL);
	}
	html_raw_trusted(&r->out, "</ul></section>");
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
