/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * page_budget_result.c: the result of a round, as stored when the round moved
 * to "uitslag" (never recomputed on a page view):
 *   GET /buurtbudget/{id}/uitslag        winners, money spent, an SVG chart of
 *                                        cost and support with the same data as
 *                                        a table, the explanation per project
 *   GET /buurtbudget/{id}/uitslag.pb     the pabulib file (selected column set)
 *   GET /buurtbudget/{id}/uitslag.csv    one row per project
 *   GET /api/v1/buurtbudget/{id}/uitslag the stored JSON
 */
#include <string.h>

#include "budget/budget_store.h"
#include "budget/budget_web.h"
#include "html/chart.h"
#include "html/html.h"
#include "html/layout.h"
#include "i18n/i18n.h"
#include "i18n/number.h"

/* Loads the round and its stored result; answers 404 itself when missing.
 * pb (may be NULL) receives the stored .pb text: only the download needs it,
 * and for a big round it is megabytes, so pages pass NULL. */
static int load_result(struct req *r, struct bs_round *rd, json_t **j, const char **pb)
{
	int st = budget_load_round(r, rd);
	if (st)
		return st;
	const char *text = NULL;
	int rc = bs_result(r->db, r->arena, rd->id, &text, pb);
	const char *msg = _("There is no result yet: voting has not closed.");
	if (rc == BS_NOT_FOUND) {
		if (req_wants_json(r))
			return resp_problem(r, 404, msg, msg, "id");
		return resp_error_page(r, 404, msg);
	}
	*j = rc ? NULL : json_loads(text, 0, NULL);
	if (!*j)
		return resp_error_page(r, 500, _("The result could not be loaded."));
	return 0;
}

static const char *jstr(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

static long long jint(json_t *o, const char *k)
{
	return (long long)json_integer_value(json_object_get(o, k));
}

/* Per project in the result's order: the share of voters who chose it, the
 * cost beside it, a check mark when funded (html/chart.h). */
static void chart(struct req *r, json_t *res)
{
	json_t *projects = json_object_get(res, "projects");
	size_t n = json_array_size(projects);
	long long voters = jint(res, "voters");
	struct chart_bar *bars = arena_calloc(r->arena, n ? n : 1, sizeof *bars);
	for (size_t i = 0; i < n; i++) {
		json_t *p = json_array_get(projects, i);
		double share = voters > 0 ? (double)jint(p, "votes") / (double)voters : 0;
		bool won = json_is_true(json_object_get(p, "selected"));
		bars[i] = (struct chart_bar){
			.label = jstr(p, "title"),
			.mark = won ? "✓" : NULL,
			.length = share,
			.figure = arena_printf(r->arena, _("%.0f%% of voters · %s"), share * 100,
					       budget_euro(r, jint(p, "cost"))),
			.muted = !won,
		};
	}
	html_bar_chart(r, "chart-title",
		       _("Per project: the share of voters who chose it, with its cost. Funded projects "
			 "have a check mark. The same figures are in the table below."),
		       _("✓ = gets money. Bar: share of the voters who chose the project."), bars,
		       (int)n);
}

static void table(struct req *r, json_t *res)
{
	json_t *projects = json_object_get(res, "projects");
	struct buf *b = &r->out;
	html_fmt(b,
		 "<div class=\"wb-table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"%s\"><table class=\"utrecht-table\"><caption>%s</caption>"
		 "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		 _("All projects"), _("All projects"), _("Project"), _("Cost"), _("Votes"), _("Effective support"),
		 _("Funded"));
	for (size_t i = 0; i < json_array_size(projects); i++) {
		json_t *p = json_array_get(projects, i);
		json_t *e = json_object_get(p, "effective_support");
		html_fmt(b, "<tr><th scope=\"row\">%s</th><td>%s</td><td>%lld</td><td>%s</td><td>%s</td>"
			    "</tr>",
			 jstr(p, "title"), budget_euro(r, jint(p, "cost")), jint(p, "votes"),
			 json_is_real(e) ? num_text(r->arena, r->lang, json_real_value(e), 1) : "–",
			 json_is_true(json_object_get(p, "selected")) ? _("Yes") : _("No"));
	}
	html_raw_trusted(b, "</tbody></table></div>");
}

/* Ballots per channel: paper ballots entered by staff are counted and
 * labelled, so everyone can see how the votes came in. */
static void channels(struct req *r, long long round_id)
{
	struct bs_channel_count *v;
	size_t n;
	if (bs_channel_counts(r->db, r->arena, round_id, &v, &n) || n == 0)
		return;
	struct buf *b = &r->out;
	html_fmt(b,
		 "<div class=\"wb-table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"%s\">"
		 "<table class=\"utrecht-table\"><caption>%s</caption><thead><tr>"
		 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr>"
		 "</thead><tbody>",
		 _("Ballots by channel"), _("Ballots by channel"), _("Channel"), _("Ballots"),
		 _("Of which without a vote code"));
	for (size_t i = 0; i < n; i++)
		html_fmt(b, "<tr><th scope=\"row\">%s</th><td>%lld</td><td>%lld</td></tr>",
			 budget_channel_label(v[i].channel), v[i].ballots, v[i].without_code);
	html_raw_trusted(b, "</tbody></table></div>");
}

/* The project object with this pabulib id in the result, or NULL. */
static json_t *project_by_id(json_t *projects, const char *id)
{
	for (size_t i = 0; i < json_array_size(projects); i++) {
		json_t *p = json_array_get(projects, i);
		if (strcmp(jstr(p, "id"), id) == 0)
			return p;
	}
	return NULL;
}

/* "What would most-votes-first have done?": the greedy winners beside this
 * result, the share of voters with at least one funded choice under each,
 * and who has more of their choices funded under which. Only for results
 * that carry a comparison (MES rounds computed by this version). */
static void comparison(struct req *r, json_t *res)
{
	json_t *c = json_object_get(res, "comparison");
	json_t *projects = json_object_get(res, "projects");
	if (!json_is_object(c))
		return;
	struct buf *b = &r->out;
	html_fmt(b, "<h2 class=\"utrecht-heading-2\" id=\"vergelijking\">%s</h2><p class=\"utrecht-paragraph\">%s</p>"
		    "<ul class=\"utrecht-unordered-list\">",
		 _("Compared with \"most votes first\""),
		 _("Many places divide the money by \"most votes first\": the projects with the most "
		   "votes get money until it runs out. With that rule these projects would have got "
		   "money:"));
	json_t *winners = json_object_get(c, "winners");
	for (size_t i = 0; i < json_array_size(winners); i++) {
		json_t *p = project_by_id(projects, json_string_value(json_array_get(winners, i)));
		if (!p)
			continue;
		html_fmt(b, "<li>%s (%s, %s)</li>", jstr(p, "title"), budget_euro(r, jint(p, "cost")),
			 json_is_true(json_object_get(p, "selected")) ? _("gets money now too")
								      : _("gets no money now"));
	}
	html_raw_trusted(b, "</ul>");
	double here = json_real_value(json_object_get(res, "share_funded"));
	double greedy = json_real_value(json_object_get(c, "share_funded"));
	html_fmt(b, "<p class=\"utrecht-paragraph\">%s</p><p class=\"utrecht-paragraph\">%s</p>",
		 arena_printf(r->arena,
			      _("Voters with at least one of their choices funded: %.0f%% with this "
				"result, %.0f%% with \"most votes first\"."),
			      here * 100, greedy * 100),
		 arena_printf(r->arena,
			      _("%lld voters have more of their choices funded with this result, %lld "
				"with \"most votes first\"; for %lld voters it makes no difference."),
			      jint(c, "prefer_this_result"), jint(c, "prefer_greedy"),
			      jint(c, "indifferent")));
}

int budget_page_result(struct req *r)
{
	struct bs_round rd;
	json_t *res;
	int st = load_result(r, &rd, &res, NULL);
	if (st)
		return st;
	struct buf *b = &r->out;
	json_t *projects = json_object_get(res, "projects");
	page_begin(r, _("Result"));
	html_fmt(b, "<h1 class=\"utrecht-heading-1\">%s: %s</h1>", _("Result"), rd.title);
	html_fmt(b,
		 "<p class=\"utrecht-paragraph\">%s %s %s %s. %s %lld.</p>",
		 _("Spent:"), budget_euro(r, jint(res, "spent")), _("of"),
		 budget_euro(r, rd.amount), _("Number of voters:"), jint(res, "voters"));
	html_fmt(b, "<h2 class=\"utrecht-heading-2\">%s</h2><ol class=\"utrecht-ordered-list\">",
		 _("Funded projects"));
	size_t nwin = 0;
	for (size_t i = 0; i < json_array_size(projects); i++) {
		json_t *p = json_array_get(projects, i);
		if (json_is_true(json_object_get(p, "selected"))) {
			html_fmt(b, "<li>%s (%s)</li>", jstr(p, "title"), budget_euro(r, jint(p, "cost")));
			nwin++;
		}
	}
	html_raw_trusted(b, "</ol>");
	if (nwin == 0)
		html_fmt(b, "<p class=\"utrecht-paragraph\">%s</p>", _("No project was funded."));
	html_fmt(b, "<h2 class=\"utrecht-heading-2\">%s</h2>", _("Cost and support"));
	chart(r, res);
	table(r, res);
	channels(r, rd.id);
	comparison(r, res);
	html_fmt(b, "<h2 class=\"utrecht-heading-2\">%s</h2>", _("Why each project won or lost"));
	const char *lang = r->lang && strcmp(r->lang, "en") == 0 ? "en" : "nl";
	for (size_t i = 0; i < json_array_size(projects); i++) {
		json_t *p = json_array_get(projects, i);
		html_fmt(b, "<h3 class=\"utrecht-heading-3\">%s</h3><p class=\"utrecht-paragraph wb-explain\">%s</p>",
			 jstr(p, "title"), jstr(json_object_get(p, "explanation"), lang));
	}
	html_fmt(b,
		 "<h2 class=\"utrecht-heading-2\">%s</h2><ul class=\"utrecht-unordered-list\">"
		 "<li><a class=\"utrecht-link\" href=\"/buurtbudget/%lld/uitslag.pb\">%s</a></li>"
		 "<li><a class=\"utrecht-link\" href=\"/buurtbudget/%lld/uitslag.csv\">%s</a></li>"
		 "<li><a class=\"utrecht-link\" href=\"/api/v1/buurtbudget/%lld/uitslag\">%s</a></li></ul>",
		 _("Download"), rd.id, _("Pabulib file (.pb), to check the count yourself"), rd.id,
		 _("Table (CSV)"), rd.id, _("Data (JSON)"));
	json_decref(res);
	page_end(r);
	return 200;
}

int budget_pb_result(struct req *r)
{
	struct bs_round rd;
	json_t *res;
	const char *pb;
	int st = load_result(r, &rd, &res, &pb);
	if (st)
		return st;
	json_decref(res);
	r->content_type = "text/plain; charset=utf-8";
	resp_header(r, "Content-Disposition",
		    arena_printf(r->arena, "attachment; filename=\"buurtbudget-%lld.pb\"", rd.id));
	buf_puts(&r->out, pb);
	return 200;
}

int budget_csv_result(struct req *r)
{
	struct bs_round rd;
	json_t *res;
	int st = load_result(r, &rd, &res, NULL);
	if (st)
		return st;
	resp_csv(r, arena_printf(r->arena, "buurtbudget-%lld-uitslag.csv", rd.id));
	const char *head[] = {"project_id", "title", "cost", "votes", "effective_support", "selected"};
	for (int i = 0; i < 6; i++)
		csv_cell(&r->out, head[i], i == 5);
	json_t *projects = json_object_get(res, "projects");
	for (size_t i = 0; i < json_array_size(projects); i++) {
		json_t *p = json_array_get(projects, i);
		json_t *e = json_object_get(p, "effective_support");
		csv_cell(&r->out, jstr(p, "id"), false);
		csv_cell(&r->out, jstr(p, "title"), false);
		csv_cell(&r->out, arena_printf(r->arena, "%lld", jint(p, "cost")), false);
		csv_cell(&r->out, arena_printf(r->arena, "%lld", jint(p, "votes")), false);
		csv_cell(&r->out, json_is_real(e) ? arena_printf(r->arena, "%.3f", json_real_value(e)) : "",
			 false);
		csv_cell(&r->out, json_is_true(json_object_get(p, "selected")) ? "1" : "0", true);
	}
	json_decref(res);
	return 200;
}

int budget_api_result(struct req *r)
{
	struct bs_round rd;
	json_t *res;
	int st = load_result(r, &rd, &res, NULL);
	if (st)
		return st;
	struct bs_channel_count *v;
	size_t n;
	if (bs_channel_counts(r->db, r->arena, rd.id, &v, &n) == 0) {
		json_t *ch = json_object();
		for (size_t i = 0; i < n; i++)
			json_object_set_new(ch, v[i].channel,
					    json_pack("{s:I, s:I}", "ballots", (json_int_t)v[i].ballots,
						      "without_code", (json_int_t)v[i].without_code));
		json_object_set_new(res, "channels", ch);
	}
	return resp_json(r, 200, res);
}
