/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * page_budget.c: the buurtbudget rounds: GET /buurtbudget (HTML, CSV, JSON),
 * a new round (beleidsadviseur), the page of one round with its projects
 * (HTML, CSV, JSON) and POST /buurtbudget/{id}/fase to move it to the next
 * phase (which computes and stores the result at "uitslag").
 */
#include <string.h>

#include "budget/budget_store.h"
#include "budget/budget_web.h"
#include "html/html.h"
#include "html/layout.h"
#include "i18n/i18n.h"
#include "util/text.h"

const char *budget_phase_label(const char *phase)
{
	if (strcmp(phase, "voorstellen") == 0)
		return _("Proposals");
	if (strcmp(phase, "beoordeling") == 0)
		return _("Review");
	if (strcmp(phase, "stemmen") == 0)
		return _("Voting");
	return _("Result");
}

const char *budget_ballot_label(const char *ballot)
{
	if (strcmp(ballot, "approval_max") == 0)
		return _("Choose projects, up to a maximum number");
	if (strcmp(ballot, "points") == 0)
		return _("Divide points over projects");
	return _("Choose projects within the budget");
}

const char *budget_channel_label(const char *channel)
{
	if (strcmp(channel, "papier") == 0)
		return _("Paper");
	if (strcmp(channel, "bijeenkomst") == 0)
		return _("Meeting");
	if (strcmp(channel, "telefoon") == 0)
		return _("Telephone");
	if (strcmp(channel, "face-to-face") == 0)
		return _("Face to face");
	return _("Online");
}

const char *budget_euro(struct req *r, long long euros)
{
	/* Dutch thousands separator: a dot. */
	char digits[32], out[48];
	snprintf(digits, sizeof digits, "%lld", euros < 0 ? -euros : euros);
	size_t n = strlen(digits), k = 0;
	if (euros < 0)
		out[k++] = '-';
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			out[k++] = '.';
		out[k++] = digits[i];
	}
	out[k] = '\0';
	return arena_printf(r->arena, "€ %s", out);
}

int budget_load_round(struct req *r, struct bs_round *rd)
{
	long id;
	int rc = BS_NOT_FOUND;
	if (parse_long(req_param(r, 0), 1, 1000000000L, &id))
		rc = bs_round_get(r->db, r->arena, id, rd);
	if (rc == 0)
		return 0;
	int status = rc == BS_NOT_FOUND ? 404 : 500;
	const char *msg = rc == BS_NOT_FOUND ? _("This budget round does not exist.")
					     : _("The budget round could not be loaded.");
	if (req_wants_json(r))
		return resp_problem(r, status, msg, msg, status == 404 ? "id" : NULL);
	return resp_error_page(r, status, msg);
}

/* ---- list ---- */

int budget_page_list(struct req *r)
{
	struct bs_round *v;
	size_t n;
	if (bs_round_list(r->db, r->arena, &v, &n))
		return resp_error_page(r, 500, _("The budget rounds could not be loaded."));
	struct buf *b = &r->out;
	page_begin(r, _("Neighbourhood budget"));
	html_fmt(b, "<h1 class=\"utrecht-heading-1\">%s</h1><p class=\"utrecht-paragraph\">%s</p>",
		 _("Neighbourhood budget"),
		 _("Residents propose ideas for their neighbourhood and vote on them. The money goes "
		   "to the projects that many residents support, fairly shared."));
	if (r->user && r->user->role >= ROLE_BELEIDSADVISEUR)
		html_fmt(b, "<p class=\"utrecht-paragraph\"><a class=\"utrecht-link\" "
			    "href=\"/buurtbudget/nieuw\">%s</a></p>",
			 _("New budget round"));
	if (n == 0) {
		html_fmt(b, "<p class=\"utrecht-paragraph\">%s</p>", _("There are no budget rounds yet."));
	} else {
		html_fmt(b,
			 "<div class=\"wb-table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"%s\"><table class=\"utrecht-table\"><caption>%s</caption>"
			 "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
			 _("Budget rounds"), _("Budget rounds"), _("Round"), _("Area"), _("Budget"), _("Phase"));
		for (size_t i = 0; i < n; i++)
			html_fmt(b,
				 "<tr><th scope=\"row\"><a class=\"utrecht-link\" href=\"/buurtbudget/%lld\">"
				 "%s</a>%s</th><td>%s</td><td>%s</td><td>%s</td></tr>",
				 v[i].id, v[i].title, v[i].demo ? _(" (demo)") : "", v[i].area_name,
				 budget_euro(r, v[i].amount), budget_phase_label(v[i].phase));
		html_raw_trusted(b, "</tbody></table></div>");
	}
	html_fmt(b,
		 "<p class=\"utrecht-paragraph\"><a class=\"utrecht-link\" href=\"/buurtbudget.csv\">%s"
		 "</a> · <a class=\"utrecht-link\" href=\"/api/v1/buurtbudget\">%s</a></p>",
		 _("Download as CSV"), _("Data as JSON"));
	page_end(r);
	return 200;
}

int budget_csv_list(struct req *r)
{
	struct bs_round *v;
	size_t n;
	if (bs_round_list(r->db, r->arena, &v, &n))
		return resp_error_page(r, 500, _("The budget rounds could not be loaded."));
	resp_csv(r, "buurtbudget.csv");
	const char *head[] = {"id", "title", "area", "amount", "phase", "ballot", "rule", "ballots",
			      "demo"};
	for (int i = 0; i < 9; i++)
		csv_cell(&r->out, head[i], i == 8);
	for (size_t i = 0; i < n; i++) {
		csv_cell(&r->out, arena_printf(r->arena, "%lld", v[i].id), false);
		csv_cell(&r->out, v[i].title, false);
		csv_cell(&r->out, v[i].area_code, false);
		csv_cell(&r->out, arena_printf(r->arena, "%lld", v[i].amount), false);
		csv_cell(&r->out, v[i].phase, false);
		csv_cell(&r->out, v[i].ballot, false);
		csv_cell(&r->out, v[i].rule, false);
		csv_cell(&r->out, arena_printf(r->arena, "%lld", v[i].ballots), false);
		csv_cell(&r->out, v[i].demo ? "1" : "0", true);
	}
	return 200;
}

static json_t *round_json(const struct bs_round *rd)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:I, s:s, s:s?, s:s?, s:s, s:I, s:I, s:s, s:b, s:I,"
			 " s:b}",
			 "id", (json_int_t)rd->id, "title", rd->title, "area", rd->area_code,
			 "area_name", rd->area_name, "amount", (json_int_t)rd->amount, "phase",
			 rd->phase, "starts_on", *rd->starts_on ? rd->starts_on : NULL, "ends_on",
			 *rd->ends_on ? rd->ends_on : NULL, "ballot", rd->ballot, "max_projects",
			 (json_int_t)rd->max_projects, "max_points", (json_int_t)rd->max_points,
			 "rule", rd->rule, "demo", rd->demo, "ballots", (json_int_t)rd->ballots,
			 "has_result", rd->has_result);
}

int budget_api_list(struct req *r)
{
	struct bs_round *v;
	size_t n;
	if (bs_round_list(r->db, r->arena, &v, &n))
		return resp_problem(r, 500, _("Database error"), NULL, NULL);
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, round_json(&v[i]));
	return resp_json(r, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)n));
}

/* ---- new round ---- */

struct round_form {
	const char *title, *area, *amount, *ballot, *max_projects, *max_points, *rule, *starts_on,
		*ends_on;
	const char *e_title, *e_area, *e_amount, *e_ballot, *e_max, *e_rule, *e_dates;
};

static const char *ftext(struct req *r, const char *name)
{
	const char *v = req_form(r, name);
	return v ? str_trim(r->arena, v) : "";
}

static bool valid_date(const char *s)
{
	if (!*s)
		return true;
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	return true;
}

static void round_form_show(struct req *r, const struct round_form *f, int status)
{
	struct buf *b = &r->out;
	page_begin(r, _("New budget round"));
	html_fmt(b, "<h1 class=\"utrecht-heading-1\">%s</h1>", _("New budget round"));
	if (status >= 500) /* the form follows with everything typed */
		html_fmt(b, "<div class=\"utrecht-alert\" role=\"alert\"><p class=\"utrecht-paragraph\">"
			    "%s</p></div>",
			 _("The budget round could not be saved."));
	html_fmt(b, "<form method=\"post\" action=\"/buurtbudget/nieuw\" novalidate>");
	html_csrf_field(r);
	html_input(r, "title", _("Title"), f->title, f->e_title, "text",
		   _("For example: Buurtbudget Schelfhorst 2027."));
	html_input(r, "area", _("Area code"), f->area, f->e_area, "text",
		   _("The CBS code of the area, for example WK014110."));
	html_input(r, "amount", _("Budget in euros"), f->amount, f->e_amount, "text",
		   _("Whole euros, for example 50000."));
	const char *ballots[7];
	ballots[0] = "approval";
	ballots[1] = _("Choose projects within the budget");
	ballots[2] = "approval_max";
	ballots[3] = _("Choose projects, up to a maximum number");
	ballots[4] = "points";
	ballots[5] = _("Divide points over projects");
	ballots[6] = NULL;
	html_select(r, "ballot", _("Ballot"), f->ballot, f->e_ballot, ballots);
	html_input(r, "max_projects", _("Maximum number of projects"), f->max_projects, f->e_max,
		   "text", _("Only for a ballot with a maximum number."));
	html_input(r, "max_points", _("Points per resident"), f->max_points, NULL, "text",
		   _("Only for a ballot with points."));
	const char *rules[5];
	rules[0] = "mes";
	rules[1] = _("Method of Equal Shares (fair shares)");
	rules[2] = "greedy";
	rules[3] = _("Most votes first");
	rules[4] = NULL;
	html_select(r, "rule", _("Rule"), f->rule, f->e_rule, rules);
	html_input(r, "starts_on", _("Start date"), f->starts_on, f->e_dates, "date", NULL);
	html_input(r, "ends_on", _("End date"), f->ends_on, NULL, "date", NULL);
	html_fmt(b,
		 "<div class=\"wb-actions\"><button class=\"utrecht-button "
		 "utrecht-button--primary-action\" type=\"submit\">%s</button></div></form>",
		 _("Create round"));
	page_end(r);
}

int budget_page_new(struct req *r)
{
	struct round_form f = {"", "", "", "approval", "", "", "mes", "", "",
			       NULL, NULL, NULL, NULL, NULL, NULL, NULL};
	round_form_show(r, &f, 200);
	return 200;
}

int budget_post_new(struct req *r)
{
	struct round_form f = {0};
	f.title = ftext(r, "title");
	f.area = ftext(r, "area");
	f.amount = ftext(r, "amount");
	f.ballot = ftext(r, "ballot");
	f.max_projects = ftext(r, "max_projects");
	f.max_points = ftext(r, "max_points");
	f.rule = ftext(r, "rule");
	f.starts_on = ftext(r, "starts_on");
	f.ends_on = ftext(r, "ends_on");
	struct bs_round rd = {0};
	long amount = 0, maxp = 0, maxpts = 0;
	if (!*f.title || utf8_length(f.title) > 200)
		f.e_title = _("Fill in a title of at most 200 characters.");
	if (!bs_area_name(r->db, r->arena, f.area))
		f.e_area = _("This area code is not known. Use a code such as WK014110.");
	if (!parse_long(f.amount, 1, 1000000000L, &amount))
		f.e_amount = _("Fill in an amount in whole euros, for example 50000.");
	bool is_max = strcmp(f.ballot, "approval_max") == 0, is_pts = strcmp(f.ballot, "points") == 0;
	if (!is_max && !is_pts && strcmp(f.ballot, "approval") != 0)
		f.e_ballot = _("Choose a ballot from the list.");
	if (is_max && !parse_long(f.max_projects, 1, 1000, &maxp))
		f.e_max = _("Fill in a number from 1 to 1000.");
	if (is_pts && !parse_long(f.max_points, 1, 1000, &maxpts))
		f.e_max = _("Fill in the points per resident: a number from 1 to 1000.");
	if (strcmp(f.rule, "mes") != 0 && strcmp(f.rule, "greedy") != 0)
		f.e_rule = _("Choose a rule from the list.");
	if (!valid_date(f.starts_on) || !valid_date(f.ends_on))
		f.e_dates = _("Fill in dates as YYYY-MM-DD.");
	else if (*f.starts_on && *f.ends_on && strcmp(f.starts_on, f.ends_on) > 0)
		f.e_dates = _("The end date must not be before the start date.");
	if (f.e_title || f.e_area || f.e_amount || f.e_ballot || f.e_max || f.e_rule || f.e_dates) {
		round_form_show(r, &f, 422);
		return 422;
	}
	rd.title = f.title;
	rd.area_code = f.area;
	rd.amount = amount;
	rd.ballot = f.ballot;
	rd.max_projects = maxp;
	rd.max_points = maxpts;
	rd.rule = f.rule;
	rd.starts_on = f.starts_on;
	rd.ends_on = f.ends_on;
	long long id;
	if (bs_round_create(r->db, &rd, &id)) {
		round_form_show(r, &f, 500);
		return 500;
	}
	return resp_redirect(r, arena_printf(r->arena, "/buurtbudget/%lld", id));
}

/* ---- one round ---- */

static void staff_tools(struct req *r, const struct bs_round *rd)
{
	struct buf *b = &r->out;
	html_fmt(b, "<h2 class=\"utrecht-heading-2\">%s</h2><ul class=\"utrecht-unordered-list\">",
		 _("For staff"));
	html_fmt(b, "<li><a class=\"utrecht-link\" href=\"/buurtbudget/%lld/beoordelen\">%s</a></li>",
		 rd->id, _("Review proposals"));
	if (strcmp(rd->phase, "stemmen") == 0)
		html_fmt(b, "<li><a class=\"utrecht-link\" href=\"/buurtbudget/%lld/papier\">%s</a></li>",
			 rd->id, _("Enter a paper ballot"));
	if (r->user->role >= ROLE_BELEIDSADVISEUR)
		html_fmt(b, "<li><a class=\"utrecht-link\" href=\"/buurtbudget/%lld/codes\">%s</a></li>",
			 rd->id, _("Vote codes"));
	html_raw_trusted(b, "</ul>");
	const char *next = bs_next_phase(rd->phase);
	if (next && r->user->role >= ROLE_BELEIDSADVISEUR) {
		html_fmt(b, "<form method=\"post\" action=\"/buurtbudget/%lld/fase\">", rd->id);
		html_csrf_field(r);
		html_fmt(b,
			 "<button class=\"utrecht-button utrecht-button--secondary-action\" "
			 "type=\"submit\">%s: %s</button></form>",
			 _("Go to the next phase"), budget_phase_label(next));
	}
}

int budget_page_round(struct req *r)
{
	struct bs_round rd;
	int st = budget_load_round(r, &rd);
	if (st)
		return st;
	struct bs_project *pr;
	size_t np;
	if (bs_projects(r->db, r->arena, rd.id, "accepted", &pr, &np))
		return resp_error_page(r, 500, _("The projects could not be loaded."));
	struct buf *b = &r->out;
	page_begin(r, rd.title);
	html_fmt(b, "<h1 class=\"utrecht-heading-1\">%s%s</h1>", rd.title, rd.demo ? _(" (demo)") : "");
	html_fmt(b,
		 "<dl class=\"wb-facts\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>"
		 "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd></dl>",
		 _("Area"), rd.area_name, _("Budget"), budget_euro(r, rd.amount), _("Phase"),
		 budget_phase_label(rd.phase), _("Ballot"), budget_ballot_label(rd.ballot));
	if (strcmp(rd.phase, "voorstellen") == 0)
		html_fmt(b, "<p class=\"utrecht-paragraph\"><a class=\"utrecht-link\" "
			    "href=\"/buurtbudget/%lld/voorstel\">%s</a></p>",
			 rd.id, _("Propose a project"));
	else if (strcmp(rd.phase, "stemmen") == 0)
		html_fmt(b, "<p class=\"utrecht-paragraph\"><a class=\"utrecht-link\" "
			    "href=\"/buurtbudget/%lld/stemmen\">%s</a></p>",
			 rd.id, _("Vote with your vote code"));
	else if (strcmp(rd.phase, "uitslag") == 0)
		html_fmt(b, "<p class=\"utrecht-paragraph\"><a class=\"utrecht-link\" "
			    "href=\"/buurtbudget/%lld/uitslag\">%s</a></p>",
			 rd.id, _("See the result"));
	html_fmt(b, "<h2 class=\"utrecht-heading-2\">%s</h2>", _("Projects on the ballot"));
	if (np == 0) {
		html_fmt(b, "<p class=\"utrecht-paragraph\">%s</p>",
			 _("No projects have been accepted yet."));
	} else {
		html_fmt(b,
			 "<div class=\"wb-table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"%s\"><table class=\"utrecht-table\"><caption>%s"
			 "</caption><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			 "<th scope=\"col\">%s</th></tr></thead><tbody>",
			 _("Projects on the ballot"), _("Projects on the ballot"), _("Project"), _("Cost"), _("Description"));
		for (size_t i = 0; i < np; i++) {
			/* A cost corrected after review shows its note beside the amount. */
			html_fmt(b, "<tr><th scope=\"row\">%s</th><td>%s", pr[i].title,
				 budget_euro(r, pr[i].cost));
			if (*pr[i].cost_note)
				html_fmt(b, "<br><span class=\"wb-muted\">%s %s</span>",
					 _("Cost adjusted:"), pr[i].cost_note);
			html_fmt(b, "</td><td>%s</td></tr>", pr[i].description);
		}
		html_raw_trusted(b, "</tbody></table></div>");
	}
	html_fmt(b,
		 "<p class=\"utrecht-paragraph\"><a class=\"utrecht-link\" "
		 "href=\"/buurtbudget/%lld/projecten.csv\">%s</a> · <a class=\"utrecht-link\" "
		 "href=\"/api/v1/buurtbudget/%lld\">%s</a></p>",
		 rd.id, _("Download as CSV"), rd.id, _("Data as JSON"));
	if (r->user && r->user->role >= ROLE_PROFESSIONAL)
		staff_tools(r, &rd);
	page_end(r);
	return 200;
}

int budget_csv_projects(struct req *r)
{
	struct bs_round rd;
	int st = budget_load_round(r, &rd);
	if (st)
		return st;
	struct bs_project *pr;
	size_t np;
	if (bs_projects(r->db, r->arena, rd.id, "accepted", &pr, &np))
		return resp_error_page(r, 500, _("The projects could not be loaded."));
	resp_csv(r, arena_printf(r->arena, "buurtbudget-%lld-projecten.csv", rd.id));
	csv_cell(&r->out, "id", false);
	csv_cell(&r->out, "title", false);
	csv_cell(&r->out, "cost", false);
	csv_cell(&r->out, "description", true);
	for (size_t i = 0; i < np; i++) {
		csv_cell(&r->out, arena_printf(r->arena, "%lld", pr[i].id), false);
		csv_cell(&r->out, pr[i].title, false);
		csv_cell(&r->out, arena_printf(r->arena, "%lld", pr[i].cost), false);
		csv_cell(&r->out, pr[i].description, true);
	}
	return 200;
}

int budget_api_round(struct req *r)
{
	struct bs_round rd;
	int st = budget_load_round(r, &rd);
	if (st)
		return st;
	struct bs_project *pr;
	size_t np;
	if (bs_projects(r->db, r->arena, rd.id, "accepted", &pr, &np))
		return resp_problem(r, 500, _("Database error"), NULL, NULL);
	json_t *items = json_array();
	for (size_t i = 0; i < np; i++)
		json_array_append_new(items, json_pack("{s:I, s:s, s:I, s:s, s:s}", "id",
						       (json_int_t)pr[i].id, "title", pr[i].title,
						       "cost", (json_int_t)pr[i].cost, "description",
						       pr[i].description, "cost_note",
						       pr[i].cost_note));
	json_t *j = round_json(&rd);
	json_object_set_new(j, "projects", json_pack("{s:o, s:I}", "items", items, "total",
						     (json_int_t)np));
	return resp_json(r, 200, j);
}

int budget_post_phase(struct req *r)
{
	struct bs_round rd;
	int st = budget_load_round(r, &rd);
	if (st)
		return st;
	int rc = bs_round_advance(r->db, rd.id);
	i18n_use(r->lang); /* computing the result switched languages */
	if (rc == BS_NOT_FOUND)
		return resp_error_page(r, 409, _("This round is already in its last phase."));
	if (rc)
		return resp_error_page(r, 500, _("The phase could not be changed."));
	return resp_redirect(r, arena_printf(r->arena, "/buurtbudget/%lld", rd.id));
}
