/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * page_panel.c: the burgerraad panels: GET /panels (HTML, CSV, JSON), a new
 * panel with its quotas (beleidsadviseur), and the public transparency page
 * of one panel (HTML, JSON, the ticket table as CSV). Published figures never
 * show a group smaller than five people ("< 5") and never a name.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "html/chart.h"
#include "html/html.h"
#include "html/layout.h"
#include "i18n/date.h"
#include "i18n/i18n.h"
#include "i18n/number.h"
#include "panel/panel_store.h"
#include "panel/panel_web.h"
#include "util/text.h"

#define PANEL_MAX_QUOTAS 200

int panel_load(struct req *r, struct ps_panel *p)
{
	long id;
	int rc = PS_NOT_FOUND;
	if (parse_long(req_param(r, 0), 1, 1000000000L, &id))
		rc = ps_panel_get(r->db, r->arena, id, p);
	if (rc == 0)
		return 0;
	if (rc < 0)
		return resp_error_page(r, 500, _("The panel could not be loaded. Please try again."));
	if (req_wants_json(r))
		return resp_problem(r, 404, _("Not found"), _("This panel does not exist."), "id");
	return resp_error_page(r, 404, _("This panel does not exist."));
}

/* "< 5" for small groups, so nobody can be singled out. */
static const char *count_text(struct req *r, int n)
{
	return n < PANEL_MIN_GROUP ? "< 5" : arena_printf(r->arena, "%d", n);
}

static json_t *count_json(int n)
{
	return n < PANEL_MIN_GROUP ? json_string("< 5") : json_integer(n);
}

/* A count as published under its suppression state. */
static const char *cell_text(struct req *r, int n, enum panel_cell c)
{
	if (c == PANEL_CELL_HIDDEN)
		return _("hidden");
	return c == PANEL_CELL_SMALL ? "< 5" : arena_printf(r->arena, "%d", n);
}

static json_t *cell_json(int n, enum panel_cell c)
{
	if (c == PANEL_CELL_HIDDEN)
		return json_string("hidden");
	return c == PANEL_CELL_SMALL ? json_string("< 5") : json_integer(n);
}

/* --- the rule of 5 with complementary suppression --- */

/* Bounds a reader knows for a suppressed cell. */
static long cell_lb(enum panel_cell c) { return c == PANEL_CELL_HIDDEN ? PANEL_MIN_GROUP : 0; }
static long cell_ub(enum panel_cell c, int total)
{
	return c == PANEL_CELL_HIDDEN ? total : PANEL_MIN_GROUP - 1;
}

/* True when some suppressed cell of row [a,b) has only one value that fits
 * the published total minus the shown cells and the other cells' bounds. */
static bool row_revealed(const int *count, const enum panel_cell *st, int a, int b, int total)
{
	long rest = total, sum_lb = 0, sum_ub = 0;
	int hidden = 0;
	for (int i = a; i < b; i++) {
		if (st[i] == PANEL_CELL_SHOWN) {
			rest -= count[i];
		} else {
			hidden++;
			sum_lb += cell_lb(st[i]);
			sum_ub += cell_ub(st[i], total);
		}
	}
	for (int i = a; hidden && i < b; i++) {
		if (st[i] == PANEL_CELL_SHOWN)
			continue;
		long lo = rest - (sum_ub - cell_ub(st[i], total));
		long hi = rest - (sum_lb - cell_lb(st[i]));
		if (lo < cell_lb(st[i]))
			lo = cell_lb(st[i]);
		if (hi > cell_ub(st[i], total))
			hi = cell_ub(st[i], total);
		if (lo >= hi)
			return true;
	}
	return false;
}

void panel_suppress(const int *count, const int *group, int n, int total, enum panel_cell *out)
{
	for (int i = 0; i < n; i++)
		out[i] = count[i] < PANEL_MIN_GROUP ? PANEL_CELL_SMALL : PANEL_CELL_SHOWN;
	if (total < PANEL_MIN_GROUP)
		return; /* the total is not published: nothing to subtract from */
	for (int a = 0, b; a < n; a = b) {
		for (b = a + 1; b < n && group[b] == group[a]; b++)
			;
		while (row_revealed(count, out, a, b, total)) {
			int pick = -1;
			for (int i = a; i < b; i++)
				if (out[i] == PANEL_CELL_SHOWN && (pick < 0 || count[i] < count[pick]))
					pick = i;
			if (pick < 0)
				break; /* all hidden: only the total is known */
			out[pick] = PANEL_CELL_HIDDEN;
		}
	}
}

/* Suppression states of the quota table's pool counts (arena array). The
 * total is what every feature's counts add up to: a reader gets it from any
 * row shown in full, also after the pool (and its published size) is gone. */
static enum panel_cell *quota_cells(struct req *r, const struct ps_quota *q, int nq)
{
	int total = 0;
	for (int i = 0; i < nq && strcmp(q[i].feature, q[0].feature) == 0; i++)
		total += q[i].pool_count;
	int *count = arena_calloc(r->arena, (size_t)nq + 1, sizeof *count);
	int *group = arena_calloc(r->arena, (size_t)nq + 1, sizeof *group);
	enum panel_cell *st = arena_calloc(r->arena, (size_t)nq + 1, sizeof *st);
	for (int i = 0; i < nq; i++) {
		count[i] = q[i].pool_count;
		group[i] = i > 0 && strcmp(q[i].feature, q[i - 1].feature) == 0 ? group[i - 1] : i;
	}
	panel_suppress(count, group, nq, total, st);
	return st;
}

/* --- list --- */

static int load_list(struct req *r, struct ps_panel **v, int *n)
{
	return ps_panel_list(r->db, r->arena, v, n);
}

int panel_page_list(struct req *r)
{
	struct ps_panel *v;
	int n;
	if (load_list(r, &v, &n))
		return resp_error_page(r, 500, _("The panels could not be loaded. Please try again."));
	struct buf *b = &r->out;
	page_begin(r, _("Resident panels"));
	html_fmt(b, "<h1 class=\"utrecht-heading-1\">%s</h1><p class=\"utrecht-paragraph\">%s</p>",
		 _("Resident panels"),
		 _("A resident panel (burgerraad) is drawn by lot from the people who signed up. "
		   "Quotas make sure the panel looks like the town. Every draw is public and can be "
		   "checked."));
	if (r->user && r->user->role >= ROLE_BELEIDSADVISEUR)
		html_fmt(b, "<p><a class=\"utrecht-link\" href=\"/panels/nieuw\">%s</a></p>",
			 _("New panel"));
	html_fmt(b,
		 "<div class=\"wb-table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"%s\">"
		 "<table class=\"utrecht-table\"><caption>%s</caption><thead><tr>"
		 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		 _("All panels"), _("All panels"), _("Panel"), _("Size"), _("Sign-up"),
		 _("End date"), _("People in the pool"));
	for (int i = 0; i < n; i++)
		html_fmt(b,
			 "<tr><th scope=\"row\"><a class=\"utrecht-link\" href=\"/panels/%lld\">%s</a>"
			 "</th><td>%d</td><td>%s</td><td>%s</td><td>%s</td></tr>",
			 v[i].id, v[i].title, v[i].k, v[i].signup_open ? _("Open") : _("Closed"),
			 date_human(r->arena, v[i].end_date), count_text(r, v[i].pool_size));
	html_fmt(b, "</tbody></table></div><p><a class=\"utrecht-link\" href=\"/panels.csv\">%s</a> "
		    "· <a class=\"utrecht-link\" href=\"/api/v1/panels\">%s</a></p>",
		 _("Download as CSV"), _("JSON"));
	page_end(r);
	return 200;
}

int panel_csv_list(struct req *r)
{
	struct ps_panel *v;
	int n;
	if (load_list(r, &v, &n))
		return resp_error_page(r, 500, _("The panels could not be loaded. Please try again."));
	resp_csv(r, "panels.csv");
	struct buf *b = &r->out;
	csv_cell(b, "id", false);
	csv_cell(b, "title", false);
	csv_cell(b, "area", false);
	csv_cell(b, "size", false);
	csv_cell(b, "signup_open", false);
	csv_cell(b, "end_date", false);
	csv_cell(b, "pool_size", false);
	csv_cell(b, "one_per_household", true);
	for (int i = 0; i < n; i++) {
		csv_cell(b, arena_printf(r->arena, "%lld", v[i].id), false);
		csv_cell(b, v[i].title, false);
		csv_cell(b, v[i].area_code, false);
		csv_cell(b, arena_printf(r->arena, "%d", v[i].k), false);
		csv_cell(b, v[i].signup_open ? "true" : "false", false);
		csv_cell(b, v[i].end_date, false);
		csv_cell(b, count_text(r, v[i].pool_size), false);
		csv_cell(b, v[i].household_rule ? "true" : "false", true);
	}
	return 200;
}

static json_t *panel_json(const struct ps_panel *p)
{
	return json_pack("{s:I, s:s, s:s, s:i, s:b, s:s, s:b, s:b, s:o, s:b}", "id",
			 (json_int_t)p->id, "title", p->title, "area", p->area_code, "size", p->k,
			 "signup_open", p->signup_open, "end_date", p->end_date, "demo", p->demo,
			 "pool_deleted", p->pool_deleted, "pool_size", count_json(p->pool_size),
			 "one_per_household", p->household_rule);
}

int panel_api_list(struct req *r)
{
	struct ps_panel *v;
	int n;
	if (load_list(r, &v, &n))
		return resp_problem(r, 500, _("Server error"), _("Please try again."), NULL);
	json_t *items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, panel_json(&v[i]));
	return resp_json(r, 200, json_pack("{s:o, s:i}", "items", items, "total", n));
}

/* --- new panel --- */

/* The new-panel form; alert (may be NULL) is shown under the heading. */
static void new_form(struct req *r, const char *const *val, const char *const *err,
		     const char *alert)
{
	struct buf *b = &r->out;
	html_fmt(b, "<h1 class=\"utrecht-heading-1\">%s</h1>", _("New panel"));
	if (alert)
		html_fmt(b, "<div class=\"utrecht-alert\" role=\"alert\"><p>%s</p></div>", alert);
	html_fmt(b, "<form method=\"post\" action=\"/panels/nieuw\" novalidate>");
	html_csrf_field(r);
	html_input(r, "title", _("Title"), val[0], err[0], "text", NULL);
	html_input(r, "area", _("Area code (optional)"), val[1], err[1], "text",
		   _("A CBS code such as GM0141 or WK014110."));
	html_input(r, "size", _("Panel size"), val[2], err[2], "number",
		   _("How many people the panel will have."));
	html_input(r, "end_date", _("End date"), val[3], err[3], "date",
		   _("We delete the pool data after this date."));
	html_textarea(r, "quotas", _("Features and quotas"), val[4], err[4],
		      _("One line per value: feature,value,min,max. For example: "
			"leeftijd,16-29,2,5"));
	html_checkbox(r, "household", _("At most one person per household"),
		      _("Residents then also give their postcode and house number when they sign "
			"up. We keep only a code made from the address, never the address itself."),
		      val[5] && *val[5], NULL);
	html_fmt(b, "<button class=\"utrecht-button utrecht-button--primary-action\" "
		    "type=\"submit\">%s</button></form>", _("Create panel"));
}

int panel_page_new(struct req *r)
{
	const char *val[6] = {"", "", "", "", "feature,value,min,max\n", ""};
	const char *err[6] = {0};
	page_begin(r, _("New panel"));
	new_form(r, val, err, NULL);
	page_end(r);
	return 200;
}

/* Parses quota lines "feature,value,min,max" (a header line is skipped).
 * Returns the number of quotas, or -1 with *err set. */
static int parse_quotas(struct req *r, const char *text, struct ps_quota *q, const char **err)
{
	int n = 0, line = 0;
	char *copy = arena_strdup(r->arena, text), *save = NULL;
	for (char *ln = strtok_r(copy, "\n", &save); ln; ln = strtok_r(NULL, "\n", &save)) {
		line++;
		char *s = str_trim(r->arena, ln);
		if (!*s)
			continue;
		char *f[5] = {0};
		int nf = 0;
		for (char *p = s; nf < 5;) {
			f[nf++] = p;
			char *c = strchr(p, ',');
			if (!c)
				break;
			*c = '\0';
			p = c + 1;
		}
		long mn, mx;
		if (nf == 4 && n == 0 && !parse_long(str_trim(r->arena, f[2]), 0, 100000, &mn))
			continue; /* the header line */
		if (nf != 4 || str_empty(f[0]) || str_empty(f[1]) ||
		    !parse_long(str_trim(r->arena, f[2]), 0, 100000, &mn) ||
		    !parse_long(str_trim(r->arena, f[3]), 0, 100000, &mx) || mn > mx) {
			*err = arena_printf(r->arena, _("Line %d is not right. Write: feature,value,"
							 "min,max, with min not above max."), line);
			return -1;
		}
		if (n == PANEL_MAX_QUOTAS) {
			*err = _("There are too many lines. Use at most 200.");
			return -1;
		}
		q[n] = (struct ps_quota){.feature = str_trim(r->arena, f[0]),
					 .value = str_trim(r->arena, f[1]), .qmin = (int)mn,
					 .qmax = (int)mx};
		for (int i = 0; i < n; i++)
			if (strcmp(q[i].feature, q[n].feature) == 0 &&
			    strcmp(q[i].value, q[n].value) == 0) {
				*err = arena_printf(r->arena, _("Line %d repeats a value."), line);
				return -1;
			}
		n++;
	}
	/* Keep the values of one feature together: the engine numbers them so. */
	for (int i = 1; i < n; i++)
		if (strcmp(q[i].feature, q[i - 1].feature) != 0)
			for (int j = 0; j < i - 1; j++)
				if (strcmp(q[j].feature, q[i].feature) == 0) {
					*err = _("Put all values of one feature on lines next to "
						 "each other.");
					return -1;
				}
	if (n == 0)
		*err = _("Give at least one feature with its values.");
	return n ? n : -1;
}

static bool valid_date(const char *s)
{
	struct tm tm = {0};
	const char *end = s ? strptime(s, "%Y-%m-%d", &tm) : NULL;
	return end && *end == '\0' && strlen(s) == 10;
}

int panel_post_new(struct req *r)
{
	const char *val[6], *err[6] = {0};
	const char *names[6] = {"title", "area", "size", "end_date", "quotas", "household"};
	for (int i = 0; i < 6; i++) {
		val[i] = req_form(r, names[i]);
		val[i] = val[i] ? str_trim(r->arena, val[i]) : "";
	}
	long k = 0;
	if (str_empty(val[0]) || utf8_length(val[0]) > 200)
		err[0] = _("Give the panel a title (at most 200 characters).");
	if (!str_empty(val[1]) && !ps_area_exists(r->db, val[1]))
		err[1] = _("We do not know this area code. Use a CBS code such as WK014110.");
	if (!parse_long(val[2], 1, 10000, &k))
		err[2] = _("Give a whole number from 1 to 10000.");
	if (!valid_date(val[3]))
		err[3] = _("Give a date such as 2027-06-30.");
	struct ps_quota *q = arena_calloc(r->arena, PANEL_MAX_QUOTAS + 1, sizeof *q);
	int nq = parse_quotas(r, val[4], q, &err[4]);
	bool bad = false;
	for (int i = 0; i < 5; i++)
		bad |= err[i] != NULL;
	if (bad) {
		page_begin(r, _("New panel"));
		new_form(r, val, err, NULL);
		page_end(r);
		return 422;
	}
	long long id;
	bool household = strcmp(val[5], "1") == 0;
	if (ps_panel_create(r->db, val[0], val[1], (int)k, val[3], false, household, q, nq, &id)) {
		/* the form again, with everything typed */
		page_begin(r, _("New panel"));
		new_form(r, val, err, _("The panel could not be saved. Please try again."));
		page_end(r);
		return 500;
	}
	return resp_redirect(r, arena_printf(r->arena, "/panels/%lld/beheer", id));
}

/* The type table as published: groups under 5 people are merged into one
 * row with their lowest chance, so no small group (and no combination of
 * features that only a few people share) can be read off the page. */
static void public_types(struct req *r, struct ps_type **t, int *nt)
{
	struct ps_type *out = arena_calloc(r->arena, (size_t)*nt + 1, sizeof *out);
	int n = 0, small = 0, small_people = 0;
	double small_prob = 1;
	for (int i = 0; i < *nt; i++) {
		if ((*t)[i].people >= 5) {
			out[n++] = (*t)[i];
		} else {
			small++;
			small_people += (*t)[i].people;
			if ((*t)[i].prob < small_prob)
				small_prob = (*t)[i].prob;
		}
	}
	if (small)
		out[n++] = (struct ps_type){
			.profile = _("Smaller groups together (each under 5 people): their lowest "
				     "chance"),
			.people = small_people, .prob = small_prob};
	*t = out;
	*nt = n;
}

/* --- the transparency page --- */

static void quota_table(struct req *r, const struct ps_quota *q, int nq)
{
	enum panel_cell *st = quota_cells(r, q, nq);
	struct buf *b = &r->out;
	html_fmt(b,
		 "<h2 class=\"utrecht-heading-2\">%s</h2>"
		 "<div class=\"wb-table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"%s\">"
		 "<table class=\"utrecht-table\"><caption>%s</caption><thead><tr>"
		 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		 _("Quotas and pool"), _("Quotas and pool"),
		 _("Quotas per value and the number of people in the pool (groups under 5 are shown "
		   "as < 5; where such a group could be worked out from the total, another number "
		   "is hidden too)"),
		 _("Feature"), _("Value"), _("At least"), _("At most"), _("In the pool"));
	for (int i = 0; i < nq; i++)
		html_fmt(b, "<tr><td>%s</td><th scope=\"row\">%s</th><td>%d</td><td>%d</td><td>%s</td>"
			    "</tr>",
			 q[i].feature, q[i].value, q[i].qmin, q[i].qmax,
			 cell_text(r, q[i].pool_count, st[i]));
	html_raw_trusted(b, "</tbody></table></div>");
}

/* The chance per group as bars, scaled to the largest chance (they are close
 * together by design), each with its percentage (html/chart.h). */
/* The lowest chance above 0 among the draw's groups, and in *someone_zero
 * whether quotas left no place for some people. Call it before
 * public_types merges the small groups: it reveals one figure, no group
 * size. */
static double lowest_chance_above_zero(const struct ps_type *t, int nt, bool *someone_zero)
{
	double lowest = 1;
	*someone_zero = false;
	for (int i = 0; i < nt; i++) {
		if (t[i].prob <= 1e-9)
			*someone_zero = true;
		else if (t[i].prob < lowest)
			lowest = t[i].prob;
	}
	return lowest;
}

static void prob_chart(struct req *r, const struct ps_type *t, int nt)
{
	double maxp = 0;
	for (int i = 0; i < nt; i++)
		if (t[i].prob > maxp)
			maxp = t[i].prob;
	if (nt == 0 || maxp <= 0)
		return;
	struct chart_bar *bars = arena_calloc(r->arena, (size_t)nt, sizeof *bars);
	for (int i = 0; i < nt; i++)
		bars[i] = (struct chart_bar){
			.label = t[i].profile,
			.length = t[i].prob / maxp,
			.figure = arena_printf(r->arena, "%s%%", num_text(r->arena, r->lang, t[i].prob * 100, 1)),
		};
	html_bar_chart(r, "prob-title",
		       _("Chance of being selected per group of people with the same features (one bar "
			 "per group). The same figures are in the table below."),
		       _("The longest bar is the largest chance; the percentage is beside each bar."),
		       bars, nt);
}

/* The chance per group. No head counts: with the pool counts per value
 * above, the exact size of the big groups would give the small ones away
 * (in a 2 x 2 pool, three known cells and the totals fix the fourth). */
static void type_table(struct req *r, const struct ps_type *t, int nt)
{
	struct buf *b = &r->out;
	html_fmt(b,
		 "<div class=\"wb-table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"%s\">"
		 "<table class=\"utrecht-table\"><caption>%s</caption><thead><tr>"
		 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		 "</tr></thead><tbody>",
		 _("Chance per group"),
		 _("Chance of being selected per group (every group listed has at least 5 people)"),
		 _("Group"), _("Chance"));
	for (int i = 0; i < nt; i++)
		html_fmt(b, "<tr><th scope=\"row\">%s</th><td>%s%%</td></tr>", t[i].profile,
			 num_text(r->arena, r->lang, t[i].prob * 100, 1));
	html_raw_trusted(b, "</tbody></table></div>");
}

/* The whole ticket table (often 1000 rows) folded in a <details>: it is
 * there for anyone who checks the draw, without making the page endless. */
static void ticket_table(struct req *r, const struct ps_draw *d, const char *const *tk, int n)
{
	struct buf *b = &r->out;
	html_fmt(b, "<details class=\"wb-fold\"><summary>%s</summary>",
		 arena_printf(r->arena, _("Show the ticket table (%d tickets)"), n));
	html_fmt(b,
		 "<div class=\"wb-table-wrap wb-table-tall\" role=\"region\" tabindex=\"0\" "
		 "aria-label=\"%s\"><table class=\"utrecht-table\"><caption>%s</caption><thead><tr>"
		 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		 _("Ticket table"), _("Ticket table: every ticket and its panel, by pool number"),
		 _("Ticket"), _("Pool numbers of the panel"));
	for (int i = 0; i < n; i++) {
		if (i + 1 == d->ticket) /* the drawn ticket, marked in words too */
			html_fmt(b, "<tr class=\"wb-selected\"><th scope=\"row\">%d (%s)</th><td>%s</td>"
				    "</tr>", i + 1, _("drawn"), tk[i]);
		else
			html_fmt(b, "<tr><th scope=\"row\">%d</th><td>%s</td></tr>", i + 1, tk[i]);
	}
	html_raw_trusted(b, "</tbody></table></div></details>");
}

int panel_page_show(struct req *r)
{
	struct ps_panel p;
	int rc = panel_load(r, &p);
	if (rc)
		return rc;
	struct ps_quota *q;
	int nq;
	if (ps_quotas(r->db, r->arena, p.id, &q, &nq))
		return resp_error_page(r, 500, _("The panel could not be loaded. Please try again."));
	struct buf *b = &r->out;
	page_begin(r, p.title);
	html_fmt(b, "<h1 class=\"utrecht-heading-1\">%s</h1>", p.title);
	if (p.demo)
		html_fmt(b, "<p class=\"utrecht-paragraph\"><strong>%s</strong></p>",
			 _("Demo: this panel uses a published example pool, not real people."));
	html_fmt(b, "<p class=\"utrecht-paragraph\">%s</p>",
		 arena_printf(r->arena, _("Panel of %d people. People in the pool: %s. The pool "
					  "data is deleted after %s."),
			      p.k, count_text(r, p.pool_size), date_human(r->arena, p.end_date)));
	if (p.household_rule)
		html_fmt(b, "<p class=\"utrecht-paragraph\">%s</p>",
			 _("Rule: at most one person per household can be on this panel. Every "
			   "ticket below keeps to it."));
	if (p.signup_open)
		html_fmt(b, "<p><a class=\"utrecht-link\" href=\"/panels/%lld/aanmelden\">%s</a></p>",
			 p.id, _("Sign up for the pool"));
	if (r->user && r->user->role >= ROLE_PROFESSIONAL)
		html_fmt(b, "<p><a class=\"utrecht-link\" href=\"/panels/%lld/beheer\">%s</a></p>",
			 p.id, _("Manage this panel"));
	quota_table(r, q, nq);
	struct ps_draw d;
	if (ps_draw_latest(r->db, r->arena, p.id, &d) == 0) {
		struct ps_type *t;
		const char **tk;
		int nt = 0, ntk = 0;
		ps_draw_types(r->db, r->arena, p.id, d.round, &t, &nt);
		bool someone_zero;
		double min_above_zero = lowest_chance_above_zero(t, nt, &someone_zero);
		public_types(r, &t, &nt);
		ps_draw_tickets(r->db, r->arena, p.id, d.round, &tk, &ntk);
		html_fmt(b, "<h2 class=\"utrecht-heading-2\">%s</h2>", _("The draw"));
		html_fmt(b, "<p class=\"utrecht-paragraph\">%s</p>",
			 arena_printf(r->arena,
				      _("Draw %d on %s. Public seed: %s. Out of %d tickets, ticket "
					"%d was drawn. Its panel (pool numbers): %s."),
				      d.round, date_human(r->arena, arena_strndup(r->arena, d.created_at, 10)),
				      d.seed, d.tickets, d.ticket,
				      d.selected));
		if (*d.kept)
			html_fmt(b, "<p class=\"utrecht-paragraph\">%s</p>",
				 arena_printf(r->arena, _("This was a replacement draw. These pool "
							  "numbers stayed on the panel: %s."),
					      d.kept));
		const char *chances;
		if (*d.kept)
			chances = arena_printf(r->arena,
					       _("This replacement draw only filled the empty "
						 "places. The people who stayed had a chance of "
						 "%d%%. For the others, the chance depends on which "
						 "places were empty: a group with 0%% did not fit "
						 "the quotas of those places."),
					       100);
		else if (someone_zero)
			chances = arena_printf(r->arena,
					       _("Some people in the pool could not be chosen: no "
						 "panel that meets the quotas has a place for them "
						 "(a chance of 0%%). Everyone else had a chance of at "
						 "least %s%%. People with the same features have the "
						 "same chance."),
					       num_text(r->arena, r->lang, min_above_zero * 100, 1));
		else
			chances = arena_printf(r->arena,
					       _("Everyone in the pool had a chance of at least "
						 "%s%%. People with the same features have the "
						 "same chance."),
					       num_text(r->arena, r->lang, d.min_prob * 100, 1));
		html_fmt(b, "<h2 class=\"utrecht-heading-2\">%s</h2><p class=\"utrecht-paragraph\">"
			    "%s</p>",
			 _("Chances"), chances);
		prob_chart(r, t, nt);
		type_table(r, t, nt);
		html_fmt(b, "<h2 class=\"utrecht-heading-2\">%s</h2><p class=\"utrecht-paragraph\">"
			    "%s</p>",
			 _("How to check the draw"),
			 _("All tickets below are equally likely; each gives a panel that meets the "
			   "quotas. The seed was chosen in public. A seed of only digits is the "
			   "ticket number (counted round: 0 means the last ticket). Any other seed: "
			   "take BLAKE2b-256 of the seed text, read its first 8 bytes as a number, "
			   "divide by the number of tickets and add 1 to the remainder. Find that "
			   "ticket in the table: those are the panel members."));
		html_fmt(b, "<p><a class=\"utrecht-link\" href=\"/panels/%lld/loten.csv\">%s</a> · "
			    "<a class=\"utrecht-link\" href=\"/api/v1/panels/%lld\">%s</a></p>",
			 p.id, _("Ticket table as CSV"), p.id, _("All data as JSON"));
		ticket_table(r, &d, tk, ntk);
	} else {
		html_fmt(b, "<p class=\"utrecht-paragraph\">%s</p>", _("The panel has not been drawn yet."));
	}
	page_end(r);
	return 200;
}

int panel_csv_tickets(struct req *r)
{
	struct ps_panel p;
	int rc = panel_load(r, &p);
	if (rc)
		return rc;
	struct ps_draw d;
	const char **tk = NULL;
	int ntk = 0;
	if (ps_draw_latest(r->db, r->arena, p.id, &d) == 0)
		ps_draw_tickets(r->db, r->arena, p.id, d.round, &tk, &ntk);
	resp_csv(r, "loten.csv");
	csv_cell(&r->out, "ticket", false);
	csv_cell(&r->out, "members", true);
	for (int i = 0; i < ntk; i++) {
		csv_cell(&r->out, arena_printf(r->arena, "%d", i + 1), false);
		csv_cell(&r->out, tk[i], true);
	}
	return 200;
}

int panel_api_show(struct req *r)
{
	struct ps_panel p;
	int rc = panel_load(r, &p);
	if (rc)
		return rc;
	struct ps_quota *q;
	int nq;
	if (ps_quotas(r->db, r->arena, p.id, &q, &nq))
		return resp_problem(r, 500, _("Server error"), _("Please try again."), NULL);
	json_t *o = panel_json(&p), *quotas = json_array();
	enum panel_cell *qst = quota_cells(r, q, nq);
	for (int i = 0; i < nq; i++)
		json_array_append_new(quotas, json_pack("{s:s, s:s, s:i, s:i, s:o}", "feature",
							q[i].feature, "value", q[i].value, "min",
							q[i].qmin, "max", q[i].qmax, "pool",
							cell_json(q[i].pool_count, qst[i])));
	json_object_set_new(o, "quotas", quotas);
	struct ps_draw d;
	if (ps_draw_latest(r->db, r->arena, p.id, &d) == 0) {
		struct ps_type *t;
		const char **tk;
		int nt = 0, ntk = 0;
		ps_draw_types(r->db, r->arena, p.id, d.round, &t, &nt);
		bool someone_zero;
		double min_above_zero = lowest_chance_above_zero(t, nt, &someone_zero);
		public_types(r, &t, &nt);
		ps_draw_tickets(r->db, r->arena, p.id, d.round, &tk, &ntk);
		json_t *types = json_array(), *tickets = json_array();
		for (int i = 0; i < nt; i++) /* no head counts: see type_table */
			json_array_append_new(types, json_pack("{s:s, s:f}", "profile",
							       t[i].profile, "probability",
							       t[i].prob));
		for (int i = 0; i < ntk; i++)
			json_array_append_new(tickets, json_string(tk[i]));
		json_object_set_new(o, "draw",
				    json_pack("{s:i, s:s, s:i, s:i, s:f, s:f, s:b, s:s, s:s, s:s, s:o, s:o}",
					      "round", d.round, "seed", d.seed, "tickets", d.tickets,
					      "ticket", d.ticket, "min_probability", d.min_prob,
					      "min_probability_above_zero", min_above_zero,
					      "some_cannot_be_chosen", someone_zero, "selected",
					      d.selected, "kept", d.kept, "drawn_at", d.created_at,
					      "types", types, "ticket_table", tickets));
	} else {
		json_object_set_new(o, "draw", json_null());
	}
	return resp_json(r, 200, o);
}
