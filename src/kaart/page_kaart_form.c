/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * page_kaart_form.c: residents suggest items without an account:
 * GET/POST /kaart/nieuw (a new item) and GET/POST /kaart/{id}/correctie (a
 * correction of a published item, stored as a pending row with corrects_id).
 * Nothing is public until a professional publishes it (page_kaart_beheer.c).
 * Logged-in staff can enter a suggestion on behalf of a resident and say
 * through which channel it came in.
 */
#include <string.h>

#include "db/db.h"
#include "html/html.h"
#include "html/layout.h"
#include "i18n/i18n.h"
#include "kaart/kaart.h"
#include "kaart/kaart_html.h"
#include "kaart/kaart_model.h"
#include "kaart/kaart_query.h"
#include "util/text.h"

/* Error text for a field, translated, or NULL. */
static const char *err(const struct kaart_errors *e, const char *field)
{
	const char *m = kaart_error_for(e, field);
	return m ? _(m) : NULL;
}

static bool has(const char *const *v, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return true;
	return false;
}

/* A fieldset of checkboxes for a fixed list, with the error beside it. */
static void checkboxes(struct req *r, const char *name, const char *legend, const char *hint,
		       const char *const *list, int n, const char *(*label)(const char *),
		       const char *const *checked, int nchecked, const char *error)
{
	struct buf *b = &r->out;
	html_fmt(b, "<fieldset class=\"utrecht-form-fieldset utrecht-form-field%s\" id=\"f-%s\"",
		 error ? " utrecht-form-field--invalid" : "", name);
	if (error)
		html_fmt(b, " aria-describedby=\"f-%s-error\"", name);
	html_fmt(b,
		 "><legend class=\"utrecht-form-fieldset__legend utrecht-form-label\">%s</legend>",
		 legend);
	if (hint)
		html_fmt(b, "<div class=\"utrecht-form-field-description\">%s</div>", hint);
	if (error)
		html_fmt(b,
			 "<div class=\"utrecht-form-field-error-message\" id=\"f-%s-error\">%s</div>",
			 name, error);
	for (int i = 0; i < n; i++)
		html_fmt(b,
			 "<div class=\"utrecht-form-field utrecht-form-field--checkbox\">"
			 "<input class=\"utrecht-checkbox utrecht-checkbox--html-input\" type=\"checkbox\" "
			 "id=\"f-%s-%s\" name=\"%s\" value=\"%s\"%s> "
			 "<label class=\"utrecht-form-label utrecht-form-label--checkbox\" for=\"f-%s-%s\">"
			 "%s</label></div>",
			 name, list[i], name, list[i],
			 has(checked, nchecked, list[i]) ? " checked" : "", name, list[i],
			 _(label(list[i])));
	html_raw_trusted(b, "</fieldset>\n");
}

/* Collects every checked value of a repeated form field that is in list. An
 * unknown value yields -1 (the form is then shown again with a message). */
static int form_values(struct req *r, const char *name, const char *const *list, int n,
		       const char **out)
{
	int k = 0;
	for (size_t i = 0; i < r->form.n; i++) {
		const struct kv *f = &r->form.items[i];
		if (strcmp(f->key, name) != 0 || !*f->value)
			continue;
		int idx = kaart_list_index(list, n, f->value);
		if (idx < 0)
			return -1;
		if (!has(out, k, list[idx]))
			out[k++] = list[idx];
	}
	return k;
}

static const char *form_text(struct req *r, const char *name)
{
	const char *v = req_form(r, name);
	return v ? str_trim(r->arena, v) : "";
}

/* Reads the posted form into it and validates it. */
static bool read_form(struct req *r, struct kaart_item *it, struct kaart_errors *e)
{
	memset(it, 0, sizeof *it);
	it->name = form_text(r, "name");
	it->description = form_text(r, "description");
	it->kind = form_text(r, "kind");
	it->area_code = form_text(r, "area");
	it->contact = form_text(r, "contact");
	it->when_where = form_text(r, "when_where");
	it->accessibility = form_text(r, "accessibility");
	it->nthemes = form_values(r, "themes", kaart_themes, KAART_NTHEMES, it->themes);
	it->npillars = form_values(r, "pillars", kaart_pillars, KAART_NPILLARS, it->pillars);
	/* A talent's contact details are only shown with the resident's explicit
	 * choice; for groups and places they are public by nature. */
	bool consent = req_form(r, "show_contact") != NULL;
	it->show_contact = strcmp(it->kind, "talent") != 0 || consent;
	it->status = "pending";
	it->channel = "online";
	if (r->user) {
		const char *ch = form_text(r, "channel");
		it->channel = *ch ? ch : "online";
		it->source = arena_printf(r->arena, "%s (%s)", _("Entered by staff"), r->user->name);
	} else {
		it->source = _("Suggested by a resident");
	}
	bool ok = kaart_validate(r->db, it, e);
	if (it->nthemes < 0) {
		kaart_error_add(e, "themes", N_("A theme is not in the list."));
		it->nthemes = 0;
		ok = false;
	}
	if (it->npillars < 0) {
		kaart_error_add(e, "pillars", N_("A pillar is not in the list."));
		it->npillars = 0;
		ok = false;
	}
	if (it->nthemes == 0) {
		kaart_error_add(e, "themes", N_("Choose at least one theme."));
		ok = false;
	}
	return ok && e->n == 0;
}

/* The form, filled with it and showing errors. action is the POST URL. */
static void item_form(struct req *r, const char *action, const struct kaart_item *it,
		      const struct kaart_errors *e)
{
	struct buf *b = &r->out;
	kaart_error_summary(r, e);
	html_fmt(b, "<form method=\"post\" action=\"%s\" novalidate>", action);
	html_csrf_field(r);
	html_input(r, "name", _("Name"), it->name, err(e, "name"), "text",
		   _("For example: Koffieochtend in de Bolder, or: Fietsen repareren (Ahmed)."));
	html_select(r, "kind", _("What kind is it?"), it->kind, err(e, "kind"),
		    kaart_options(r, kaart_kinds, KAART_NKINDS, kaart_kind_label, _("Choose...")));
	html_textarea(r, "description", _("Description"), it->description, err(e, "description"),
		      _("What is it, and who is it for? Short sentences help."));
	kaart_area_select(r, "area", _("Neighbourhood"), it->area_code ? it->area_code : "",
			  err(e, "area"), _("I do not know"));
	checkboxes(r, "themes", _("Themes"), _("Choose one or more."), kaart_themes, KAART_NTHEMES,
		   kaart_theme_label, it->themes, it->nthemes, err(e, "themes"));
	checkboxes(r, "pillars", _("Social quality (optional)"),
		   _("What does it add? You may leave this empty."), kaart_pillars, KAART_NPILLARS,
		   kaart_pillar_label, it->pillars, it->npillars, err(e, "pillars"));
	html_input(r, "when_where", _("When and where"), it->when_where, err(e, "when_where"),
		   "text", _("For example: every Tuesday 10:00-12:00, community centre."));
	html_input(r, "accessibility", _("Accessibility"), it->accessibility,
		   err(e, "accessibility"), "text",
		   _("For example: wheelchair accessible, hearing loop."));
	html_input(r, "contact", _("Contact"), it->contact, err(e, "contact"), "text",
		   _("A phone number, email address or website."));
	bool talent_consent = it->kind && strcmp(it->kind, "talent") == 0 && it->show_contact;
	html_fmt(b,
		 "<div class=\"utrecht-form-field utrecht-form-field--checkbox\">"
		 "<input class=\"utrecht-checkbox utrecht-checkbox--html-input\" type=\"checkbox\" "
		 "id=\"f-show_contact\" name=\"show_contact\" value=\"1\" "
		 "aria-describedby=\"f-show_contact-hint\"%s> "
		 "<label class=\"utrecht-form-label utrecht-form-label--checkbox\" for=\"f-show_contact\">"
		 "%s</label><div class=\"utrecht-form-field-description\" id=\"f-show_contact-hint\">"
		 "%s</div></div>",
		 talent_consent ? " checked" : "", _("Show my contact details on the map"),
		 _("Only for a talent. Tick this box only if you agree that everyone can see your "
		   "contact details. If you do not tick it, we keep them and only the social district "
		   "team can put people in touch with you. You can change your mind at any time."));
	if (r->user)
		html_select(r, "channel", _("Channel (how did this reach you?)"),
			    it->channel ? it->channel : "online", err(e, "channel"),
			    kaart_options(r, kaart_channels, KAART_NCHANNELS, kaart_channel_label,
					  NULL));
	html_fmt(b,
		 "<div class=\"wb-actions\"><button class=\"utrecht-button "
		 "utrecht-button--primary-action\" type=\"submit\">%s</button></div></form>\n",
		 _("Send"));
}

/* The alert above a form whose text the database refused to store: the form
 * follows with everything typed, so nothing is lost. */
static void save_failed(struct req *r, int status, const char *message)
{
	if (status >= 500)
		html_fmt(&r->out, "<div class=\"utrecht-alert\" role=\"alert\"><p "
				  "class=\"utrecht-paragraph\">%s</p></div>",
			 message);
}

static int render_new(struct req *r, const struct kaart_item *it, const struct kaart_errors *e,
		      int status)
{
	page_begin(r, _("Add something to the map"));
	html_fmt(&r->out,
		 "<h1 class=\"utrecht-heading-1\">%s</h1><p class=\"utrecht-paragraph\">%s</p>",
		 _("Add something to the map"),
		 _("Do you know an initiative, club, meeting place or help in your neighbourhood? Or do "
		   "you have a talent you want to share? Tell us. We check it before it is shown."));
	save_failed(r, status, _("Your suggestion could not be saved. Please try again."));
	item_form(r, "/kaart/nieuw", it, e);
	page_end(r);
	return status;
}

int kaart_page_new(struct req *r)
{
	struct kaart_item it = {.name = "", .kind = "", .channel = "online"};
	struct kaart_errors e = {0};
	return render_new(r, &it, &e, 200);
}

/* Stores a pending suggestion in its own transaction; 0 or -1. */
static int store_pending(struct req *r, struct kaart_item *it)
{
	if (db_begin(r->db) != DB_OK)
		return -1;
	if (kaart_item_insert(r->db, it) < 0) {
		db_rollback(r->db);
		return -1;
	}
	return db_commit(r->db) == DB_OK ? 0 : -1;
}

int kaart_page_new_post(struct req *r)
{
	struct kaart_item it;
	struct kaart_errors e = {0};
	if (!read_form(r, &it, &e))
		return render_new(r, &it, &e, 422);
	if (store_pending(r, &it) != 0)
		return render_new(r, &it, &e, 503);
	return resp_redirect(r, "/kaart/bedankt");
}

int kaart_page_thanks(struct req *r)
{
	page_begin(r, _("Thank you"));
	html_fmt(&r->out,
		 "<h1 class=\"utrecht-heading-1\">%s</h1><div class=\"wb-notice\" role=\"status\">"
		 "<p class=\"utrecht-paragraph\">%s</p></div><p class=\"utrecht-paragraph\">%s</p>"
		 "<ul class=\"utrecht-unordered-list\"><li><a class=\"utrecht-link\" href=\"/kaart\">%s</a>"
		 "</li><li><a class=\"utrecht-link\" href=\"/kaart/nieuw\">%s</a></li></ul>",
		 _("Thank you!"), _("We have received your message."),
		 _("A professional checks it first. After that it is shown on the map. This usually "
		   "takes a few working days."),
		 _("Back to the social map"), _("Add something else"));
	page_end(r);
	return 200;
}

static int render_correction(struct req *r, const struct kaart_row *orig,
			     const struct kaart_item *it, const struct kaart_errors *e, int status)
{
	page_begin(r, _("Send a correction"));
	html_fmt(&r->out,
		 "<p class=\"utrecht-paragraph\"><a class=\"utrecht-link\" href=\"/kaart/%lld\">%s</a></p>"
		 "<h1 class=\"utrecht-heading-1\">%s: %s</h1><p class=\"utrecht-paragraph\">%s</p>",
		 orig->id, _("Back to the item"), _("Send a correction"), orig->name,
		 _("Change what is not right and send the form. We check the change before it is "
		   "shown."));
	save_failed(r, status, _("Your correction could not be saved. Please try again."));
	item_form(r, arena_printf(r->arena, "/kaart/%lld/correctie", orig->id), it, e);
	page_end(r);
	return status;
}

int kaart_page_correction(struct req *r)
{
	long long id = kaart_parse_id(req_param(r, 0));
	struct kaart_row orig;
	struct kaart_item it;
	if (!id || !kaart_get_published(r->db, r->arena, id, &orig) ||
	    !kaart_item_load(r->db, r->arena, id, &it))
		return resp_error_page(r, 404, _("This item is not on the social map (any more)."));
	/* Start from what is public: a talent's hidden contact stays hidden. */
	if (!it.show_contact)
		it.contact = "";
	it.channel = "online";
	struct kaart_errors e = {0};
	return render_correction(r, &orig, &it, &e, 200);
}

int kaart_page_correction_post(struct req *r)
{
	long long id = kaart_parse_id(req_param(r, 0));
	struct kaart_row orig;
	if (!id || !kaart_get_published(r->db, r->arena, id, &orig))
		return resp_error_page(r, 404, _("This item is not on the social map (any more)."));
	struct kaart_item it;
	struct kaart_errors e = {0};
	if (!read_form(r, &it, &e))
		return render_correction(r, &orig, &it, &e, 422);
	it.corrects_id = id;
	if (store_pending(r, &it) != 0)
		return render_correction(r, &orig, &it, &e, 503);
	return resp_redirect(r, "/kaart/bedankt");
}
