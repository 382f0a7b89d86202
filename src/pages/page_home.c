/* SPDX-License-Identifier: EUPL-1.2 */
/* page_home.c: GET / — the start page: what a resident can do here. */
#include "db/db.h"
#include "html/html.h"
#include "html/layout.h"
#include "i18n/i18n.h"
#include "pages/pages.h"

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
