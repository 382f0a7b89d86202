/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * page_panel_signup.c: GET/POST /panels/{id}/aanmelden, the public sign-up
 * for a panel's pool, without an account. Name and contact go to a separate
 * table linked by a random id; the features go into the pool. Each question
 * says why we ask it and how long we keep the answer.
 */
#include <string.h>

#include "db/db.h"
#include "html/html.h"
#include "html/layout.h"
#include "i18n/i18n.h"
#include "panel/panel_store.h"
#include "panel/panel_web.h"
#include "util/text.h"

#define MAX_FEATURES 32

/* The distinct features of the quotas, in order, with their options
 * (NULL-terminated value,label pairs, starting with an empty choice). */
struct feature {
	const char *name;
	const char **options;
};

static int features(struct req *r, const struct ps_quota *q, int nq, struct feature *f)
{
	int nf = 0;
	for (int i = 0; i < nq; i++) {
		if (nf == 0 || strcmp(f[nf - 1].name, q[i].feature) != 0) {
			if (nf == MAX_FEATURES)
				break;
			f[nf].name = q[i].feature;
			int nv = 0;
			for (int j = i; j < nq && strcmp(q[j].feature, q[i].feature) == 0; j++)
				nv++;
			const char **o = arena_calloc(r->arena, (size_t)nv * 2 + 3, sizeof *o);
			o[0] = "";
			o[1] = _("Choose an answer");
			for (int j = 0; j < nv; j++)
				o[2 + 2 * j] = o[3 + 2 * j] = q[i + j].value;
			f[nf++].options = o;
		}
	}
	return nf;
}

/* The address asked when the panel has the household rule. */
struct address {
	const char *postcode, *postcode_err;
	const char *number, *number_err;
};

static void address_fields(struct req *r, const struct address *ad)
{
	struct buf *b = &r->out;
	html_fmt(b, "<h2 class=\"utrecht-heading-2\">%s</h2><p class=\"utrecht-paragraph\">%s</p>",
		 _("Your address"),
		 _("Why we ask this: only one person per household can be on this panel. We do not "
		   "keep your address. We only keep a code made from it, to see if two people live "
		   "at the same address. We delete that code with your other answers."));
	html_input_ac(r, "postcode", _("Postcode"), ad->postcode, ad->postcode_err, "text",
		      _("For example 1234 AB."), "postal-code");
	html_input(r, "huisnummer", _("House number"), ad->number, ad->number_err, "text",
		   _("With a letter or addition if you have one, for example 12a."));
}

static int show(struct req *r, const struct ps_panel *p, const struct feature *f, int nf,
		const char *const *fval, const char *const *ferr, const char *name,
		const char *name_err, const char *contact, const char *contact_err,
		const struct address *ad, bool consent, const char *consent_err, int status)
{
	struct buf *b = &r->out;
	const char *title = arena_printf(r->arena, _("Sign up: %s"), p->title);
	page_begin(r, title);
	html_fmt(b, "<h1 class=\"utrecht-heading-1\">%s</h1>", title);
	if (!p->signup_open) {
		html_fmt(b, "<p class=\"utrecht-paragraph\">%s</p>", _("Sign-up for this panel is closed."));
		page_end(r);
		return status;
	}
	if (status == 422 || status >= 500)
		html_fmt(b, "<div class=\"utrecht-alert\" role=\"alert\"><p>%s</p></div>",
			 status == 422
				 ? _("Some answers are missing or not right. See the messages below.")
				 : _("Your sign-up could not be saved. Please try again."));
	html_fmt(b,
		 "<p class=\"utrecht-paragraph\">%s</p><p class=\"utrecht-paragraph\">%s</p>",
		 arena_printf(r->arena, _("The panel will have %d people. They are drawn by lot from "
					  "everyone who signs up."), p->k),
		 arena_printf(r->arena, _("We delete your data after the panel ends, at the latest "
					  "on %s."), p->end_date));
	html_fmt(b, "<form method=\"post\" action=\"/panels/%lld/aanmelden\" novalidate>", p->id);
	html_csrf_field(r);
	html_fmt(b, "<h2 class=\"utrecht-heading-2\">%s</h2><p class=\"utrecht-paragraph\">%s</p>",
		 _("How we can reach you"),
		 _("We only use this to invite you if you are drawn. We keep it apart from your "
		   "other answers."));
	html_input_ac(r, "name", _("Your name"), name, name_err, "text", NULL, "name");
	html_input(r, "contact", _("E-mail address or phone number"), contact, contact_err, "text",
		   NULL);
	if (p->household_rule)
		address_fields(r, ad);
	html_fmt(b, "<h2 class=\"utrecht-heading-2\">%s</h2><p class=\"utrecht-paragraph\">%s</p>",
		 _("About you"),
		 _("Why we ask this: the panel must look like the people who live here. The lottery "
		   "uses these answers to meet the quotas. Nobody sees your answers with your name."));
	for (int i = 0; i < nf; i++)
		html_select(r, arena_printf(r->arena, "f%d", i), f[i].name, fval[i], ferr[i],
			    f[i].options);
	html_checkbox(r, "consent",
		      _("I agree that the municipality keeps my answers for this panel until it ends."),
		      NULL, consent, consent_err);
	html_fmt(b, "<button class=\"utrecht-button utrecht-button--primary-action\" "
		    "type=\"submit\">%s</button></form>", _("Sign up"));
	page_end(r);
	return status;
}

static int load(struct req *r, struct ps_panel *p, struct feature *f, int *nf)
{
	int rc = panel_load(r, p);
	if (rc)
		return rc;
	struct ps_quota *q;
	int nq;
	if (ps_quotas(r->db, r->arena, p->id, &q, &nq))
		return resp_error_page(r, 500, _("The panel could not be loaded. Please try again."));
	*nf = features(r, q, nq, f);
	return 0;
}

int panel_page_signup(struct req *r)
{
	struct ps_panel p;
	struct feature f[MAX_FEATURES];
	int nf, rc = load(r, &p, f, &nf);
	if (rc)
		return rc;
	const char *fval[MAX_FEATURES] = {0}, *ferr[MAX_FEATURES] = {0};
	for (int i = 0; i < nf; i++)
		fval[i] = "";
	struct address ad = {.postcode = "", .number = ""};
	return show(r, &p, f, nf, fval, ferr, "", NULL, "", NULL, &ad, false, NULL, 200);
}

static bool is_option(const struct feature *f, const char *v)
{
	for (int j = 2; f->options[j]; j += 2)
		if (strcmp(f->options[j], v) == 0)
			return true;
	return false;
}

/* Reads and checks postcode and house number into *ad; true when wrong. */
static bool check_address(struct req *r, struct address *ad)
{
	const char *pc = req_form(r, "postcode"), *nr = req_form(r, "huisnummer");
	ad->postcode = pc ? str_trim(r->arena, pc) : "";
	ad->number = nr ? str_trim(r->arena, nr) : "";
	const char *one[1] = {ad->postcode};
	char normal[64];
	/* Four digits, not starting with 0, then two letters (only letters and
	 * digits survive normalising, so two non-digits are letters). */
	if (!ps_address_normal(one, 1, normal, sizeof normal) || strlen(normal) != 6 ||
	    normal[0] < '1' || normal[0] > '9' || strspn(normal, "0123456789") != 4 ||
	    normal[5] < 'A' || utf8_length(ad->postcode) > 10)
		ad->postcode_err = _("Fill in a postcode of four digits and two letters, such as "
				     "1234 AB.");
	one[0] = ad->number;
	if (!ps_address_normal(one, 1, normal, sizeof normal) || normal[0] < '1' ||
	    normal[0] > '9' || strlen(normal) > 10 || utf8_length(ad->number) > 20)
		ad->number_err = _("Fill in your house number, such as 12 or 12a.");
	return ad->postcode_err || ad->number_err;
}

int panel_post_signup(struct req *r)
{
	struct ps_panel p;
	struct feature f[MAX_FEATURES];
	int nf, rc = load(r, &p, f, &nf);
	if (rc)
		return rc;
	struct address ad = {.postcode = "", .number = ""};
	if (!p.signup_open)
		return show(r, &p, f, nf, NULL, NULL, "", NULL, "", NULL, &ad, false, NULL, 409);
	const char *fval[MAX_FEATURES] = {0}, *ferr[MAX_FEATURES] = {0};
	bool bad = false;
	for (int i = 0; i < nf; i++) {
		const char *v = req_form(r, arena_printf(r->arena, "f%d", i));
		fval[i] = v ? v : "";
		if (!is_option(&f[i], fval[i])) {
			ferr[i] = _("Choose one of the answers.");
			bad = true;
		}
	}
	const char *name = req_form(r, "name"), *contact = req_form(r, "contact");
	name = name ? str_trim(r->arena, name) : "";
	contact = contact ? str_trim(r->arena, contact) : "";
	const char *name_err = NULL, *contact_err = NULL, *consent_err = NULL;
	if (str_empty(name) || utf8_length(name) > 200)
		name_err = _("Fill in your name (at most 200 characters).");
	if (utf8_length(contact) < 5 || utf8_length(contact) > 200 ||
	    (!strchr(contact, '@') && strspn(contact, "+0123456789 -") != strlen(contact)))
		contact_err = _("Fill in an e-mail address or a phone number.");
	const char *consent = req_form(r, "consent");
	bool agreed = consent && strcmp(consent, "1") == 0;
	if (!agreed)
		consent_err = _("Tick the box to agree. Without it we cannot add you to the pool.");
	if (p.household_rule)
		bad |= check_address(r, &ad);
	if (bad || name_err || contact_err || consent_err)
		return show(r, &p, f, nf, fval, ferr, name, name_err, contact, contact_err, &ad,
			    agreed, consent_err, 422);
	const char *fname[MAX_FEATURES];
	for (int i = 0; i < nf; i++)
		fname[i] = f[i].name;
	int pno;
	char token[PS_OWN_TOKEN_HEX + 1];
	const char *household = NULL;
	if (db_begin(r->db) != DB_OK)
		return show(r, &p, f, nf, fval, ferr, name, NULL, contact, NULL, &ad, agreed, NULL,
			    503);
	/* Inside the transaction: the first sign-up creates the panel's key. */
	if ((p.household_rule &&
	     ps_household_of(r->db, r->arena, p.id, ad.postcode, ad.number, &household)) ||
	    ps_person_add(r->db, p.id, fname, fval, nf, household, name, contact, &pno) ||
	    ps_own_link(r->db, p.id, pno, token) || ps_refresh_counts(r->db, p.id) ||
	    db_commit(r->db) != DB_OK) {
		db_rollback(r->db);
		/* the form again, with everything typed, so nothing is lost */
		return show(r, &p, f, nf, fval, ferr, name, NULL, contact, NULL, &ad, agreed, NULL,
			    500);
	}
	struct buf *b = &r->out;
	page_begin(r, _("Thank you for signing up"));
	const char *own = req_absolute_url(r, arena_printf(r->arena, "/panels/%lld/mijn/%s",
							    p.id, token));
	html_fmt(b, "<h1 class=\"utrecht-heading-1\">%s</h1><p class=\"utrecht-paragraph\">%s</p>"
		    "<h2 class=\"utrecht-heading-2\">%s</h2><p class=\"utrecht-paragraph\">%s</p>"
		    "<p class=\"utrecht-paragraph\"><a class=\"utrecht-link\" href=\"%s\">%s</a></p>"
		    "<p><a class=\"utrecht-link\" href=\"/panels/%lld\">%s</a></p>",
		 _("Thank you for signing up"),
		 _("You are in the pool. If you are drawn, we will contact you."),
		 _("Your private link"),
		 _("Keep this link: with it you can see what we keep of you, download it, and "
		   "withdraw. It is the only way in; we do not show it again."),
		 own, own, p.id, _("See how the draw works"));
	page_end(r);
	return 200;
}
