/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * page_panel_own.c: a resident's own sign-up, through the private link they
 * got when they signed up (/panels/{id}/mijn/{token}): what we keep of them
 * (name, contact, answers, whether an address code is kept, whether they
 * were drawn), the same as JSON to take with them, and withdrawal, which
 * deletes all of it (PRODUCT.md: a resident can see, export and delete what
 * is theirs). Without an account: the link is the key, and only a hash of
 * it is stored (panel_store.c).
 *
 * These answers are one person's data: resp_private keeps them out of the
 * shared response cache, and X-Robots-Tag asks search engines to skip a
 * link that was pasted somewhere public.
 */
#include <string.h>

#include <jansson.h>

#include "db/db.h"
#include "html/html.h"
#include "html/layout.h"
#include "i18n/date.h"
#include "i18n/i18n.h"
#include "panel/panel_store.h"
#include "panel/panel_web.h"

/* Loads the panel and the person of the link. Returns 0, or the status of
 * the answer it wrote (404 for an unknown or withdrawn link). */
static int load(struct req *r, struct ps_panel *p, struct ps_own *own)
{
	resp_private(r);
	resp_header(r, "X-Robots-Tag", "noindex");
	int rc = panel_load(r, p);
	if (rc)
		return rc;
	rc = ps_own_find(r->db, r->arena, p->id, req_param(r, 1), own);
	if (rc == 0)
		return 0;
	if (rc < 0)
		return resp_error_page(r, 500, _("Your sign-up could not be loaded. Please try again."));
	return resp_error_page(r, 404, _("This link does not work (any more). If you withdrew, "
					 "your data has been deleted."));
}

static const char *status_text(const struct ps_own *own)
{
	if (strcmp(own->status, "selected") == 0)
		return _("You were drawn for the panel.");
	if (strcmp(own->status, "dropped") == 0)
		return _("You were drawn, but no longer take part.");
	return _("You are in the pool. You have not been drawn (yet).");
}

static int show(struct req *r, const struct ps_panel *p, const struct ps_own *own,
		bool confirm, const char *confirm_err, int status)
{
	struct buf *b = &r->out;
	page_begin(r, _("Your sign-up"));
	html_fmt(b, "<h1 class=\"utrecht-heading-1\">%s</h1>", _("Your sign-up"));
	if (confirm_err)
		html_fmt(b, "<div class=\"utrecht-alert\" role=\"alert\"><p>%s</p></div>",
			 _("Nothing was deleted. See the message below."));
	html_fmt(b, "<p class=\"utrecht-paragraph\">%s</p><p class=\"utrecht-paragraph\">%s</p>",
		 arena_printf(r->arena, _("Panel: %s. %s"), p->title, status_text(own)),
		 arena_printf(r->arena, _("We delete your data when the panel ends, at the latest "
					  "on %s. You can also withdraw now."),
			      date_human(r->arena, p->end_date)));
	html_fmt(b, "<h2 class=\"utrecht-heading-2\">%s</h2>"
		    "<table class=\"utrecht-table\"><caption class=\"utrecht-table__caption\">%s"
		    "</caption><tbody class=\"utrecht-table__body\">",
		 _("What we keep"), _("Your data for this panel"));
	const char *row = "<tr class=\"utrecht-table__row\"><th class=\"utrecht-table__header-cell\" "
			  "scope=\"row\">%s</th><td class=\"utrecht-table__cell\">%s</td></tr>";
	html_fmt(b, row, _("Name"), own->name);
	html_fmt(b, row, _("E-mail address or phone number"), own->contact);
	for (int i = 0; i < own->n; i++)
		html_fmt(b, row, own->features[i], own->values[i]);
	if (own->household)
		html_fmt(b, row, _("Address"),
			 _("Not your address: only a code made from it, to keep one person per "
			   "household on the panel."));
	html_fmt(b, "</tbody></table><p><a class=\"utrecht-link\" href=\"/api/v1/panels/%lld/mijn/%s\">"
		    "%s</a></p>",
		 p->id, req_param(r, 1), _("Download your data (JSON)"));
	html_fmt(b, "<h2 class=\"utrecht-heading-2\">%s</h2><p class=\"utrecht-paragraph\">%s</p>",
		 _("Withdraw"),
		 strcmp(own->status, "selected") == 0
			 ? _("If you withdraw, we delete your name, contact details and answers. "
			     "Your place on the panel becomes empty; the municipality may draw "
			     "someone else for it.")
			 : _("If you withdraw, we delete your name, contact details and answers, "
			     "and you leave the pool."));
	html_fmt(b, "<form method=\"post\" action=\"/panels/%lld/mijn/%s\" novalidate>", p->id,
		 req_param(r, 1));
	html_csrf_field(r);
	html_checkbox(r, "confirm", _("Yes, withdraw me and delete my data."), NULL, confirm,
		      confirm_err);
	html_fmt(b, "<button class=\"utrecht-button utrecht-button--secondary-action\" "
		    "type=\"submit\">%s</button></form>",
		 _("Withdraw"));
	page_end(r);
	return status;
}

int panel_page_own(struct req *r)
{
	struct ps_panel p;
	struct ps_own own;
	int rc = load(r, &p, &own);
	return rc ? rc : show(r, &p, &own, false, NULL, 200);
}

int panel_api_own(struct req *r)
{
	struct ps_panel p;
	struct ps_own own;
	int rc = load(r, &p, &own);
	if (rc)
		return rc;
	json_t *answers = json_object();
	for (int i = 0; i < own.n; i++)
		json_object_set_new(answers, own.features[i], json_string(own.values[i]));
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:b, s:s}", "panel", (json_int_t)p.id,
			      "panel_title", p.title, "status", own.status, "name", own.name,
			      "contact", own.contact, "answers", answers,
			      "address_code_kept", own.household, "deleted_by", p.end_date);
	resp_header(r, "Content-Disposition", "attachment; filename=\"mijn-aanmelding.json\"");
	return resp_json(r, 200, o);
}

int panel_post_own(struct req *r)
{
	struct ps_panel p;
	struct ps_own own;
	int rc = load(r, &p, &own);
	if (rc)
		return rc;
	const char *c = req_form(r, "confirm");
	if (!c || strcmp(c, "1") != 0)
		return show(r, &p, &own, false,
			    _("Tick the box if you want to withdraw. Nothing is deleted without it."),
			    422);
	if (db_begin(r->db) != DB_OK)
		return resp_error_page(r, 503, _("Please try again in a moment."));
	if (ps_own_withdraw(r->db, p.id, own.pno) || db_commit(r->db) != DB_OK) {
		db_rollback(r->db);
		return resp_error_page(r, 500, _("Withdrawing did not work. Nothing was deleted. "
						 "Please try again."));
	}
	struct buf *b = &r->out;
	page_begin(r, _("You have withdrawn"));
	html_fmt(b, "<h1 class=\"utrecht-heading-1\">%s</h1><p class=\"utrecht-paragraph\">%s</p>"
		    "<p><a class=\"utrecht-link\" href=\"/panels/%lld\">%s</a></p>",
		 _("You have withdrawn"),
		 _("We have deleted your name, contact details and answers for this panel. This "
		   "link no longer works."),
		 p.id, _("Back to the panel"));
	page_end(r);
	return 200;
}
