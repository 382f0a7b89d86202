/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * page_budget_propose.c: residents propose a project without an account
 * (GET/POST /buurtbudget/{id}/voorstel) while the round is in its proposal
 * phase, or a staff member enters one on behalf of a resident, with the
 * channel it came in through (paper, meeting, phone, face to face); staff review the proposals (GET/POST /buurtbudget/{id}/beoordelen):
 * accept or reject, and correct the cost with a note. Only accepted projects
 * are on the ballot.
 */
#include <string.h>

#include "budget/budget_store.h"
#include "budget/budget_web.h"
#include "html/html.h"
#include "html/layout.h"
#include "i18n/i18n.h"
#include "util/text.h"

struct proposal_form {
	const char *title, *description, *cost, *channel;
	const char *e_title, *e_description, *e_cost, *e_channel;
};

static const char *ftext(struct req *r, const char *name)
{
	const char *v = req_form(r, name);
	return v ? str_trim(r->arena, v) : "";
}

static int show_proposal(struct req *r, const struct bs_round *rd, const struct proposal_form *f,
			 int status)
{
	struct buf *b = &r->out;
	page_begin(r, _("Propose a project"));
	html_fmt(b, "<h1 class=\"utrecht-heading-1\">%s</h1>", _("Propose a project"));
	html_fmt(b, "<p class=\"utrecht-paragraph\">%s %s. %s</p>", rd->title, rd->area_name,
		 _("You do not need an account. We check every proposal before it goes on the "
		   "ballot."));
	if (strcmp(rd->phase, "voorstellen") != 0) {
		html_fmt(b, "<p class=\"utrecht-paragraph\">%s</p>",
			 _("Proposals are closed for this round."));
		page_end(r);
		return status;
	}
	if (f->e_title || f->e_description || f->e_cost || f->e_channel || status >= 500)
		html_fmt(b, "<div class=\"utrecht-alert\" role=\"alert\"><p class=\"utrecht-paragraph\">"
			    "%s</p></div>",
			 status >= 500 ? _("Your proposal could not be saved. Please try again.")
				       : _("Please check the fields marked below."));
	html_fmt(b, "<form method=\"post\" action=\"/buurtbudget/%lld/voorstel\" novalidate>", rd->id);
	html_csrf_field(r);
	if (r->user) {
		/* Staff enter a resident's proposal on their behalf. */
		const char *ch[] = {"papier", _("Paper"), "bijeenkomst", _("Meeting"), "telefoon",
				    _("Telephone"), "face-to-face", _("Face to face"), "online",
				    _("Online"), NULL};
		html_fmt(b, "<p class=\"utrecht-paragraph\">%s</p>",
			 _("You are logged in: you enter this proposal on behalf of a resident. Say how "
			   "it reached you."));
		html_select(r, "channel", _("Channel (how did this reach you?)"), f->channel,
			    f->e_channel, ch);
	}
	html_input(r, "title", _("Name of your project"), f->title, f->e_title, "text",
		   _("Short, for example: Benches in the park."));
	html_textarea(r, "description", _("Description"), f->description, f->e_description,
		      _("What do you want to do, and who benefits?"));
	html_input(r, "cost", _("Cost in euros"), f->cost, f->e_cost, "text",
		   _("An estimate in whole euros, for example 2500."));
	html_fmt(b,
		 "<div class=\"wb-actions\"><button class=\"utrecht-button "
		 "utrecht-button--primary-action\" type=\"submit\">%s</button></div></form>",
		 _("Send proposal"));
	page_end(r);
	return status;
}

int budget_page_propose(struct req *r)
{
	struct bs_round rd;
	int st = budget_load_round(r, &rd);
	if (st)
		return st;
	struct proposal_form f = {"", "", "", "papier", NULL, NULL, NULL, NULL};
	return show_proposal(r, &rd, &f, 200);
}

int budget_post_propose(struct req *r)
{
	struct bs_round rd;
	int st = budget_load_round(r, &rd);
	if (st)
		return st;
	struct proposal_form f = {0};
	f.title = ftext(r, "title");
	f.description = ftext(r, "description");
	f.cost = ftext(r, "cost");
	/* Only staff say how a proposal came in; a resident's own is online. */
	f.channel = r->user ? ftext(r, "channel") : "online";
	if (strcmp(rd.phase, "voorstellen") != 0)
		return show_proposal(r, &rd, &f, 409);
	long cost = 0;
	if (!*f.title || utf8_length(f.title) > 200)
		f.e_title = _("Fill in a name of at most 200 characters.");
	if (utf8_length(f.description) > 5000)
		f.e_description = _("Use at most 5000 characters.");
	if (!parse_long(f.cost, 1, 1000000000L, &cost))
		f.e_cost = _("Fill in the cost as a whole number of euros, for example 2500.");
	else if (cost > rd.amount)
		f.e_cost = _("The cost is higher than the whole budget of this round.");
	if (!bs_valid_channel(f.channel))
		f.e_channel = _("Choose a channel from the list.");
	if (f.e_title || f.e_description || f.e_cost || f.e_channel)
		return show_proposal(r, &rd, &f, 422);
	struct bs_project p = {0};
	p.title = f.title;
	p.description = f.description;
	p.cost = cost;
	p.area_code = rd.area_code;
	p.channel = f.channel;
	long long id;
	if (bs_project_add(r->db, rd.id, &p, &id)) /* the form again: nothing typed is lost */
		return show_proposal(r, &rd, &f, 500);
	page_begin(r, _("Thank you for your proposal"));
	html_fmt(&r->out,
		 "<h1 class=\"utrecht-heading-1\">%s</h1><p class=\"utrecht-paragraph\">%s</p>"
		 "<p class=\"utrecht-paragraph\"><a class=\"utrecht-link\" href=\"/buurtbudget/%lld\">"
		 "%s</a></p>",
		 _("Thank you for your proposal"),
		 _("We check your proposal. If it fits the rules, it goes on the ballot."), rd.id,
		 _("Back to the budget round"));
	page_end(r);
	return 200;
}

static const char *status_label(const char *s)
{
	if (strcmp(s, "accepted") == 0)
		return _("Accepted");
	if (strcmp(s, "rejected") == 0)
		return _("Rejected");
	return _("Waiting for review");
}

/* One review form per proposal; error (may be NULL) belongs to proposal err_id. */
static void review_item(struct req *r, const struct bs_round *rd, const struct bs_project *p,
			const char *error)
{
	struct buf *b = &r->out;
	html_fmt(b, "<section class=\"wb-card\" aria-labelledby=\"p%lld\">"
		    "<h3 class=\"utrecht-heading-3\" id=\"p%lld\">%s</h3>"
		    "<p class=\"utrecht-paragraph\">%s</p><p class=\"utrecht-paragraph\">%s: %s · %s: %s · %s: %s</p>",
		 p->id, p->id, p->title, p->description, _("Cost"), budget_euro(r, p->cost),
		 _("Status"), status_label(p->status), _("Came in through"),
		 budget_channel_label(p->channel ? p->channel : "online"));
	html_fmt(b, "<form method=\"post\" action=\"/buurtbudget/%lld/beoordelen\" novalidate>",
		 rd->id);
	html_csrf_field(r);
	html_fmt(b, "<input type=\"hidden\" name=\"project\" value=\"%lld\">", p->id);
	const char *opts[] = {"accepted", _("Accept"), "rejected", _("Reject"), "pending",
			      _("Waiting for review"), NULL};
	/* Field ids must be unique on the page: suffix them with the project id. */
	html_fmt(b,
		 "<div class=\"utrecht-form-field\"><label class=\"utrecht-form-label\" "
		 "for=\"status-%lld\">%s</label><select class=\"utrecht-select utrecht-select--html-select\" "
		 "id=\"status-%lld\" name=\"status\">",
		 p->id, _("Decision"), p->id);
	for (int i = 0; opts[i]; i += 2)
		html_fmt(b, "<option value=\"%s\"%s>%s</option>", opts[i],
			 strcmp(opts[i], p->status) == 0 ? " selected" : "", opts[i + 1]);
	html_raw_trusted(b, "</select></div>");
	html_fmt(b,
		 "<div class=\"utrecht-form-field%s\"><label class=\"utrecht-form-label\" "
		 "for=\"cost-%lld\">%s</label>",
		 error ? " utrecht-form-field--invalid" : "", p->id, _("New cost in euros (optional)"));
	if (error)
		html_fmt(b, "<div class=\"utrecht-form-field-error-message\" id=\"cost-%lld-error\">%s"
			    "</div><input class=\"utrecht-textbox utrecht-textbox--html-input\" "
			    "id=\"cost-%lld\" name=\"cost\" type=\"text\" aria-invalid=\"true\" "
			    "aria-describedby=\"cost-%lld-error\" value=\"%s\"></div>",
			 p->id, error, p->id, p->id, req_form(r, "cost") ? req_form(r, "cost") : "");
	else
		html_fmt(b, "<input class=\"utrecht-textbox utrecht-textbox--html-input\" "
			    "id=\"cost-%lld\" name=\"cost\" type=\"text\" value=\"\"></div>",
			 p->id);
	html_fmt(b,
		 "<div class=\"utrecht-form-field\"><label class=\"utrecht-form-label\" "
		 "for=\"note-%lld\">%s</label><input class=\"utrecht-textbox "
		 "utrecht-textbox--html-input\" id=\"note-%lld\" name=\"note\" type=\"text\" "
		 "value=\"%s\"></div>",
		 p->id, _("Note about the cost"), p->id, p->cost_note);
	html_fmt(b,
		 "<button class=\"utrecht-button utrecht-button--primary-action\" type=\"submit\">"
		 "%s</button></form></section>",
		 _("Save decision"));
}

static int show_review(struct req *r, const struct bs_round *rd, long long err_id,
		       const char *error, int status)
{
	struct bs_project *pr;
	size_t np;
	if (bs_projects(r->db, r->arena, rd->id, NULL, &pr, &np))
		return resp_error_page(r, 500, _("The projects could not be loaded."));
	struct buf *b = &r->out;
	page_begin(r, _("Review proposals"));
	html_fmt(b, "<h1 class=\"utrecht-heading-1\">%s</h1><p class=\"utrecht-paragraph\">"
		    "<a class=\"utrecht-link\" href=\"/buurtbudget/%lld\">%s</a></p>",
		 _("Review proposals"), rd->id, rd->title);
	html_fmt(b, "<h2 class=\"utrecht-heading-2\">%s</h2>", _("Proposals"));
	if (np == 0)
		html_fmt(b, "<p class=\"utrecht-paragraph\">%s</p>", _("There are no proposals yet."));
	for (size_t i = 0; i < np; i++)
		review_item(r, rd, &pr[i], pr[i].id == err_id ? error : NULL);
	page_end(r);
	return status;
}

int budget_page_review(struct req *r)
{
	struct bs_round rd;
	int st = budget_load_round(r, &rd);
	if (st)
		return st;
	return show_review(r, &rd, 0, NULL, 200);
}

int budget_post_review(struct req *r)
{
	struct bs_round rd;
	int st = budget_load_round(r, &rd);
	if (st)
		return st;
	long pid = 0, cost = 0;
	const char *status = ftext(r, "status"), *cost_s = ftext(r, "cost"),
		   *note = ftext(r, "note");
	if (!parse_long(ftext(r, "project"), 1, 1000000000L, &pid))
		return resp_error_page(r, 400, _("This proposal does not exist."));
	if (strcmp(status, "accepted") != 0 && strcmp(status, "rejected") != 0 &&
	    strcmp(status, "pending") != 0)
		return show_review(r, &rd, pid, _("Choose a decision from the list."), 422);
	if (*cost_s && !parse_long(cost_s, 1, 1000000000L, &cost))
		return show_review(r, &rd, pid,
				   _("Fill in the cost as a whole number of euros, or leave it empty."),
				   422);
	if (strcmp(rd.phase, "stemmen") == 0 || strcmp(rd.phase, "uitslag") == 0)
		return show_review(r, &rd, pid,
				   _("Voting has started: the ballot can no longer change."), 409);
	int rc = bs_project_review(r->db, rd.id, pid, status, cost, note);
	if (rc == BS_NOT_FOUND)
		return resp_error_page(r, 404, _("This proposal does not exist."));
	if (rc) /* the review page, with the message beside this proposal */
		return show_review(r, &rd, pid, _("The decision could not be saved."), 500);
	return resp_redirect(r, arena_printf(r->arena, "/buurtbudget/%lld/beoordelen", rd.id));
}
