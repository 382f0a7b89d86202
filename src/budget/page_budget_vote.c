/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * page_budget_vote.c: one-time vote codes and voting.
 *   GET/POST /buurtbudget/{id}/codes   the beleidsadviseur makes a batch of
 *                                      codes; the printable sheet shows them
 *                                      once (only hashes are stored).
 *   GET/POST /buurtbudget/{id}/stemmen the ballot, without an account: a code
 *                                      plus choices; no JavaScript needed.
 *   GET/POST /buurtbudget/{id}/papier  staff enter a paper ballot on behalf
 *                                      of a resident, with the channel, with a
 *                                      code or (paper only) without one.
 * Errors are shown beside the field with the choices kept.
 */
#include <limits.h>
#include <string.h>

#include "budget/budget_store.h"
#include "budget/budget_web.h"
#include "budget/vote_queue.h"
#include "html/html.h"
#include "html/layout.h"
#include "i18n/i18n.h"
#include "util/text.h"

static const char *ftext(struct req *r, const char *name)
{
	const char *v = req_form(r, name);
	return v ? str_trim(r->arena, v) : "";
}

/* ---- codes ---- */

int budget_show_codes(struct req *r, const struct bs_round *rd, const char *count,
		      const char *count_error, const char *addresses, const char *mail_error,
		      int status)
{
	long long unused = 0, used = 0;
	bs_codes_count(r->db, rd->id, &unused, &used);
	struct buf *b = &r->out;
	page_begin(r, _("Vote codes"));
	html_fmt(b, "<h1 class=\"utrecht-heading-1\">%s</h1><p class=\"utrecht-paragraph\">"
		    "<a class=\"utrecht-link\" href=\"/buurtbudget/%lld\">%s</a></p>",
		 _("Vote codes"), rd->id, rd->title);
	html_fmt(b, "<p class=\"utrecht-paragraph\">%s %lld · %s %lld</p>", _("Unused codes:"),
		 unused, _("Used codes:"), used);
	html_fmt(b, "<h2 class=\"utrecht-heading-2\">%s</h2><p class=\"utrecht-paragraph\">%s</p>",
		 _("Printable sheet"),
		 _("New codes are shown only once, on the next page. Print that page straight away. "
		   "We keep no copy of the codes."));
	html_fmt(b, "<form method=\"post\" action=\"/buurtbudget/%lld/codes\" novalidate>", rd->id);
	html_csrf_field(r);
	html_input(r, "count", _("Number of new codes"), count, count_error, "text",
		   _("A number from 1 to 5000."));
	html_fmt(b,
		 "<div class=\"wb-actions\"><button class=\"utrecht-button "
		 "utrecht-button--primary-action\" type=\"submit\">%s</button></div></form>",
		 _("Make codes"));
	html_fmt(b, "<h2 class=\"utrecht-heading-2\">%s</h2>", _("Codes by e-mail"));
	if (!budget_mail_command(r)) {
		html_fmt(b, "<p class=\"utrecht-paragraph\">%s</p>",
			 _("Mail is not configured on this server. Use the printable sheet instead."));
	} else {
		html_fmt(b, "<p class=\"utrecht-paragraph\">%s</p>",
			 _("Each address gets its own new code by e-mail. We do not keep the addresses."));
		html_fmt(b, "<form method=\"post\" action=\"/buurtbudget/%lld/codes-email\" novalidate>",
			 rd->id);
		html_csrf_field(r);
		html_textarea(r, "addresses", _("E-mail addresses"), addresses, mail_error,
			      _("One address per line, or separated by commas."));
		html_fmt(b,
			 "<div class=\"wb-actions\"><button class=\"utrecht-button "
			 "utrecht-button--secondary-action\" type=\"submit\">%s</button></div></form>",
			 _("Send codes"));
	}
	page_end(r);
	return status;
}

int budget_page_codes(struct req *r)
{
	struct bs_round rd;
	int st = budget_load_round(r, &rd);
	if (st)
		return st;
	return budget_show_codes(r, &rd, "100", NULL, "", NULL, 200);
}

int budget_post_codes(struct req *r)
{
	struct bs_round rd;
	int st = budget_load_round(r, &rd);
	if (st)
		return st;
	long n;
	const char *count = ftext(r, "count");
	if (!parse_long(count, 1, BS_MAX_CODES, &n))
		return budget_show_codes(r, &rd, count, _("Fill in a number from 1 to 5000."), "", NULL, 422);
	if (strcmp(rd.phase, "uitslag") == 0)
		return budget_show_codes(r, &rd, count, _("This round is closed."), "", NULL, 409);
	char **codes;
	if (bs_codes_generate(r->db, r->arena, rd.id, (int)n, &codes))
		return resp_error_page(r, 500, _("The codes could not be made."));
	struct buf *b = &r->out;
	page_begin(r, _("Vote code sheet"));
	html_fmt(b, "<h1 class=\"utrecht-heading-1\">%s</h1><p class=\"utrecht-paragraph\">%s</p>",
		 _("Vote code sheet"),
		 _("Print this page now. The codes are not shown again. Cut the sheet into slips and "
		   "give one slip to each resident."));
	html_raw_trusted(b, "<ul class=\"wb-code-sheet\">");
	const char *vote_url =
		req_absolute_url(r, arena_printf(r->arena, "/buurtbudget/%lld/stemmen", rd.id));
	for (long i = 0; i < n; i++)
		html_fmt(b,
			 "<li class=\"wb-code-slip\"><strong>%s</strong><br>%s<br>%s <code "
			 "class=\"wb-vote-code\">%s</code><br>%s %s</li>",
			 rd.title, rd.area_name, _("Your vote code:"), codes[i],
			 _("Vote at"), vote_url);
	html_raw_trusted(b, "</ul>");
	page_end(r);
	return 200;
}

/* ---- the ballot ---- */

struct ballot_form {
	const char *code;
	const char *channel;
	bool no_code;
	long long *pts;        /* per project (index in pr): points or 1 for a tick */
	const char *e_code, *e_choices, *e_channel;
};

/* Reads the choices from the form into f->pts; returns an error text or NULL. */
static const char *read_choices(struct req *r, const struct bs_round *rd,
				const struct bs_project *pr, size_t np, struct ballot_form *f)
{
	bool points = strcmp(rd->ballot, "points") == 0;
	const char *bad = NULL;
	long long total_cost = 0, npicked = 0, sum = 0;
	if (!points) {
		/* Ticks: each `project` field names an id; unknown ids are ignored.
		 * One pass over the form, numbers compared (this runs on every vote). */
		for (size_t i = 0; i < np; i++)
			f->pts[i] = 0;
		for (size_t k = 0; k < r->form.n; k++) {
			long id;
			if (strcmp(r->form.items[k].key, "project") != 0 ||
			    !parse_long(r->form.items[k].value, 1, LONG_MAX, &id))
				continue;
			for (size_t i = 0; i < np; i++)
				if (pr[i].id == id)
					f->pts[i] = 1;
		}
	}
	for (size_t i = 0; i < np; i++) {
		if (points) {
			const char *v = ftext(r, arena_printf(r->arena, "points-%lld", pr[i].id));
			long p = 0;
			if (*v && !parse_long(v, 0, rd->max_points, &p)) {
				bad = arena_printf(r->arena,
						   _("Give each project a whole number of points from 0 to %lld."),
						   rd->max_points);
				continue;
			}
			f->pts[i] = p;
			sum += p;
		}
		if (f->pts[i] > 0) {
			npicked++;
			total_cost += pr[i].cost;
		}
	}
	if (bad)
		return bad;
	if (npicked == 0)
		return points ? _("Give at least one project one point or more.")
			      : _("Choose at least one project.");
	if (points && sum > rd->max_points)
		return arena_printf(r->arena, _("You gave %lld points. You can give at most %lld."), sum,
				    rd->max_points);
	if (strcmp(rd->ballot, "approval_max") == 0 && npicked > rd->max_projects)
		return arena_printf(r->arena, _("You chose %lld projects. You can choose at most %lld."),
				    npicked, rd->max_projects);
	if (strcmp(rd->ballot, "approval") == 0 && total_cost > rd->amount)
		return arena_printf(r->arena,
				    _("Your projects cost %s together. That is more than the budget of %s."),
				    budget_euro(r, total_cost), budget_euro(r, rd->amount));
	return NULL;
}

static const char *choices_text(struct req *r, const struct bs_project *pr, size_t np,
				const long long *pts)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < np; i++)
		if (pts[i] > 0)
			buf_printf(&b, "%s%lld:%lld", b.len ? "," : "", pr[i].id, pts[i]);
	const char *s = arena_strndup(r->arena, b.data ? b.data : "", b.len);
	buf_free(&b);
	return s;
}

/* A line under the choices that keeps count while the resident ticks
 * (static/ballot-total.js; an enhancement only: hidden without JavaScript,
 * where the server checks the same on sending). The texts come from here so
 * they are translated; the script only fills in the numbers. */
static void running_total(struct req *r, const struct bs_round *rd)
{
	bool points = strcmp(rd->ballot, "points") == 0;
	bool count = strcmp(rd->ballot, "approval_max") == 0;
	const char *kind = points ? "points" : count ? "count" : "budget";
	long long limit = points ? rd->max_points : count ? rd->max_projects : rd->amount;
	html_fmt(&r->out,
		 "<p class=\"utrecht-paragraph wb-total\" id=\"ballot-total\" aria-live=\"polite\" hidden "
		 "data-kind=\"%s\" data-limit=\"%lld\" data-total=\"%s\" data-over=\"%s\"></p>"
		 "<script src=\"/static/ballot-total.js\" defer></script>",
		 kind, limit,
		 points ? _("Points given: {n} of {limit}.")
		 : count ? _("Projects chosen: {n} of at most {limit}.")
			 : _("Chosen: {n} of {limit}."),
		 points ? _("That is {over} points too many.")
		 : count ? _("That is {over} too many.")
			 : _("That is {over} too much."));
}

static void choices_fieldset(struct req *r, const struct bs_round *rd, const struct bs_project *pr,
			     size_t np, const struct ballot_form *f)
{
	struct buf *b = &r->out;
	bool points = strcmp(rd->ballot, "points") == 0;
	const char *hint;
	if (points)
		hint = arena_printf(r->arena, _("Divide at most %lld points over the projects."),
				    rd->max_points);
	else if (strcmp(rd->ballot, "approval_max") == 0)
		hint = arena_printf(r->arena, _("Choose at most %lld projects."), rd->max_projects);
	else
		hint = arena_printf(r->arena, _("Choose projects that cost at most %s together."),
				    budget_euro(r, rd->amount));
	/* The ballot stays short (it loads on every vote, often on a phone); what
	 * each project is about is on the round's page, one tap away. */
	html_fmt(b, "<p class=\"utrecht-paragraph\"><a class=\"utrecht-link\" href=\"/buurtbudget/%lld\">%s</a></p>",
		 rd->id, _("What are the projects about? Read it on the page of this round."));
	html_fmt(b, "<fieldset class=\"utrecht-form-fieldset utrecht-form-field%s\" id=\"f-choices\" "
		    "aria-describedby=\"f-choices-hint%s\"><legend class=\"utrecht-form-fieldset__legend "
		    "utrecht-form-label\">%s</legend><div class=\"utrecht-form-field-description\" "
		    "id=\"f-choices-hint\">%s</div>",
		 f->e_choices ? " utrecht-form-field--invalid" : "",
		 f->e_choices ? " f-choices-error" : "", _("Your choice"), hint);
	if (f->e_choices)
		html_fmt(b, "<div class=\"utrecht-form-field-error-message\" id=\"f-choices-error\">%s"
			    "</div>",
			 f->e_choices);
	for (size_t i = 0; i < np; i++) {
		const char *label = arena_printf(r->arena, "%s (%s)", pr[i].title,
						 budget_euro(r, pr[i].cost));
		if (points)
			html_fmt(b,
				 "<div class=\"utrecht-form-field\"><label class=\"utrecht-form-label\" "
				 "for=\"pt-%lld\">%s</label><input class=\"utrecht-textbox "
				 "utrecht-textbox--html-input wb-points\" id=\"pt-%lld\" name=\"points-%lld\" "
				 "type=\"text\" inputmode=\"numeric\" value=\"%lld\"></div>",
				 pr[i].id, label, pr[i].id, pr[i].id, f->pts ? f->pts[i] : 0);
		else
			html_fmt(b,
				 "<div class=\"utrecht-form-field utrecht-form-field--checkbox\">"
				 "<input class=\"utrecht-checkbox utrecht-checkbox--html-input\" "
				 "type=\"checkbox\" id=\"pr-%lld\" data-cost=\"%lld\" name=\"project\" "
				 "value=\"%lld\"%s> "
				 "<label class=\"utrecht-form-label utrecht-form-label--checkbox\" "
				 "for=\"pr-%lld\">%s</label></div>",
				 pr[i].id, pr[i].cost, pr[i].id, f->pts && f->pts[i] ? " checked" : "",
				 pr[i].id, label);
	}
	html_raw_trusted(b, "</fieldset>");
	running_total(r, rd);
}

static int show_ballot(struct req *r, const struct bs_round *rd, const struct bs_project *pr,
		       size_t np, const struct ballot_form *f, bool paper, int status)
{
	struct buf *b = &r->out;
	const char *title = paper ? _("Enter a paper ballot") : _("Vote");
	page_begin(r, title);
	html_fmt(b, "<h1 class=\"utrecht-heading-1\">%s: %s</h1>", title, rd->title);
	if (strcmp(rd->phase, "stemmen") != 0) {
		html_fmt(b, "<p class=\"utrecht-paragraph\">%s</p><p class=\"utrecht-paragraph\">"
			    "<a class=\"utrecht-link\" href=\"/buurtbudget/%lld\">%s</a></p>",
			 _("Voting is not open in this round."), rd->id, _("Back to the budget round"));
		page_end(r);
		return status;
	}
	if (f->e_code || f->e_choices || f->e_channel || status >= 500)
		html_fmt(b, "<div class=\"utrecht-alert\" role=\"alert\"><p class=\"utrecht-paragraph\">"
			    "%s</p></div>",
			 status >= 500 ? _("Your vote could not be saved. Please try again.")
				       : _("Your vote has not been counted yet. Please check the "
					   "fields marked below."));
	html_fmt(b, "<form method=\"post\" action=\"/buurtbudget/%lld/%s\" novalidate>", rd->id,
		 paper ? "papier" : "stemmen");
	html_csrf_field(r);
	if (paper) {
		const char *ch[] = {"papier", _("Paper"), "bijeenkomst", _("Meeting"), "telefoon",
				    _("Telephone"), "face-to-face", _("Face to face"), NULL};
		html_select(r, "channel", _("Channel"), f->channel, f->e_channel, ch);
	}
	html_input(r, "code", _("Vote code"), f->code, f->e_code, "text",
		   paper ? _("The code on the resident's slip. Leave empty only for a paper ballot "
			     "without a code and tick the box below.")
			 : _("The 10 characters on your slip, for example ABCD-EFGH-JK."));
	if (paper)
		html_fmt(b,
			 "<div class=\"utrecht-form-field utrecht-form-field--checkbox\">"
			 "<input class=\"utrecht-checkbox utrecht-checkbox--html-input\" type=\"checkbox\" "
			 "id=\"f-no_code\" name=\"no_code\" value=\"1\"%s> <label class=\"utrecht-form-label "
			 "utrecht-form-label--checkbox\" for=\"f-no_code\">%s</label></div>",
			 f->no_code ? " checked" : "", _("Paper ballot without a code"));
	choices_fieldset(r, rd, pr, np, f);
	html_fmt(b,
		 "<div class=\"wb-actions\"><button class=\"utrecht-button "
		 "utrecht-button--primary-action\" type=\"submit\">%s</button></div></form>",
		 paper ? _("Save ballot") : _("Send my vote"));
	page_end(r);
	return status;
}

/* The round of {id} and its accepted projects: from the vote queue's copy of
 * a round open for voting, else in one query (bs_ballot_spec); this runs on
 * every vote. On failure the 404 or 500 page, and its status. */
static int load_ballot(struct req *r, struct bs_round *rd, struct bs_project **pr, size_t *np)
{
	long id;
	int rc = BS_NOT_FOUND;
	struct vote_queue *q = r->app ? r->app->votes : NULL;
	if (parse_long(req_param(r, 0), 1, 1000000000L, &id))
		rc = q ? vote_queue_ballot_spec(q, r->db, r->arena, id, rd, pr, np)
		       : bs_ballot_spec(r->db, r->arena, id, rd, pr, np);
	if (rc == BS_NOT_FOUND)
		return resp_error_page(r, 404, _("This budget round does not exist."));
	if (rc)
		return resp_error_page(r, 500, _("The projects could not be loaded."));
	return 0;
}

static int ballot_get(struct req *r, bool paper)
{
	struct bs_round rd;
	struct bs_project *pr;
	size_t np;
	int st = load_ballot(r, &rd, &pr, &np);
	if (st)
		return st;
	struct ballot_form f = {"", "papier", false, NULL, NULL, NULL, NULL};
	f.pts = arena_calloc(r->arena, np + 1, sizeof *f.pts);
	return show_ballot(r, &rd, pr, np, &f, paper, 200);
}

int budget_page_vote(struct req *r) { return ballot_get(r, false); }
int budget_page_paper(struct req *r) { return ballot_get(r, true); }

static int ballot_post(struct req *r, bool paper)
{
	struct bs_round rd;
	struct bs_project *pr;
	size_t np;
	int st = load_ballot(r, &rd, &pr, &np);
	if (st)
		return st;
	struct ballot_form f = {0};
	f.code = ftext(r, "code");
	f.channel = paper ? ftext(r, "channel") : "online";
	f.no_code = paper && req_form(r, "no_code") != NULL;
	f.pts = arena_calloc(r->arena, np + 1, sizeof *f.pts);
	if (strcmp(rd.phase, "stemmen") != 0)
		return show_ballot(r, &rd, pr, np, &f, paper, 409);
	f.e_choices = read_choices(r, &rd, pr, np, &f);
	if (paper && (!bs_valid_channel(f.channel) || strcmp(f.channel, "online") == 0))
		f.e_channel = _("Choose a channel from the list.");
	const char *code = NULL;
	if (f.no_code) {
		if (strcmp(f.channel, "papier") != 0)
			f.e_code = _("Only a paper ballot may be entered without a code.");
		else if (*f.code)
			f.e_code = _("Leave the code empty, or untick the box for a ballot without a code.");
	} else if (!*f.code) {
		f.e_code = _("Fill in your vote code.");
	} else if (!(code = bs_code_normalize(r->arena, f.code))) {
		f.e_code = _("This is not a vote code. A code has 10 letters and digits, for example "
			     "ABCD-EFGH-JK.");
	}
	if (f.e_code || f.e_choices || f.e_channel)
		return show_ballot(r, &rd, pr, np, &f, paper, 422);
	/* Through the server's vote queue (group commit, answered once on disk);
	 * directly on this request's connection when there is none. */
	const char *choices = choices_text(r, pr, np, f.pts);
	struct vote_queue *q = r->app ? r->app->votes : NULL;
	int rc = q ? vote_queue_cast(q, rd.id, code, choices, f.channel)
		   : bs_cast(r->db, rd.id, code, choices, f.channel);
	if (rc == BS_CODE_USED)
		f.e_code = _("This code has already been used. Each code counts once. Ask the "
			     "municipality if you did not vote yourself.");
	else if (rc == BS_CODE_UNKNOWN)
		f.e_code = _("We do not know this code for this round. Check the code on your slip.");
	else if (rc == BS_CLOSED) {
		/* Closed since the round was read (perhaps from the kept copy):
		 * show the round as it is now. */
		if (bs_ballot_spec(r->db, r->arena, rd.id, &rd, &pr, &np) == 0)
			f.pts = arena_calloc(r->arena, np + 1, sizeof *f.pts);
		return show_ballot(r, &rd, pr, np, &f, paper, 409);
	} else if (rc) /* the ballot again, as filled in: nothing is lost */
		return show_ballot(r, &rd, pr, np, &f, paper, 500);
	if (f.e_code)
		return show_ballot(r, &rd, pr, np, &f, paper, 422);
	page_begin(r, _("Thank you for voting"));
	html_fmt(&r->out,
		 "<h1 class=\"utrecht-heading-1\">%s</h1><p class=\"utrecht-paragraph\">%s</p>"
		 "<p class=\"utrecht-paragraph\"><a class=\"utrecht-link\" href=\"/buurtbudget/%lld%s\">"
		 "%s</a></p>",
		 paper ? _("The ballot has been saved") : _("Thank you for voting"),
		 paper ? _("The ballot counts. You can enter the next one.")
		       : _("Your vote has been counted. The result follows after the vote closes."),
		 rd.id, paper ? "/papier" : "",
		 paper ? _("Enter another paper ballot") : _("Back to the budget round"));
	page_end(r);
	return 200;
}

int budget_post_vote(struct req *r) { return ballot_post(r, false); }
int budget_post_paper(struct req *r) { return ballot_post(r, true); }
