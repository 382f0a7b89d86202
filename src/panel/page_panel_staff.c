/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * page_panel_staff.c: the staff side of a panel (GET /panels/{id}/beheer and
 * its POST forms): the selected people with their contact details, pool
 * upload as pasted CSV, the quotas editor with a feasibility check
 * (panel_relax), the LEXIMIN draw with a public seed, drop-outs with
 * replacement draws, and deletion of the pool data.
 *
 * The draw runs synchronously in the request: pools in the web module are
 * small (hundreds of people), where LEXIMIN takes well under a second; a time
 * limit of 20 s guards against larger pools, and the result is stored so
 * pages only read it.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db/db.h"
#include "gebieden/csv.h"
#include "html/html.h"
#include "html/layout.h"
#include "i18n/i18n.h"
#include "panel/panel.h"
#include "panel/panel_store.h"
#include "panel/panel_web.h"
#include "util/text.h"

#define PANEL_TICKETS 1000

/* --- the feasibility report --- */

/* The relaxation report as markup built with html_fmt (arena string). */
static const char *report_html(struct arena *a, const struct panel_pool *pool,
			       const struct panel_relax_report *rep)
{
	struct buf b = {0};
	html_fmt(&b, "<div class=\"utrecht-alert\" role=\"alert\"><p>%s</p><ul>",
		 _("These quotas cannot all be met with this pool."));
	for (int i = 0; i < rep->n_messages; i++)
		html_fmt(&b, "<li>%s</li>", rep->messages[i]);
	html_raw_trusted(&b, "</ul>");
	if (rep->relaxable && rep->n_changes > 0) {
		html_fmt(&b, "<p>%s</p><ul>", _("The smallest change that makes them possible:"));
		for (int i = 0; i < rep->n_changes; i++) {
			const struct panel_relaxation *c = &rep->changes[i];
			html_fmt(&b, "<li>%s</li>",
				 arena_printf(a, _("%s %s: from %d–%d to %d–%d"),
					      pool->feature[pool->value_feature[c->value]],
					      pool->value[c->value], c->old_min, c->old_max,
					      c->new_min, c->new_max));
		}
		html_raw_trusted(&b, "</ul>");
	} else if (!rep->relaxable) {
		html_fmt(&b, "<p>%s</p>", _("No change within the allowed limits helps. Look at "
					    "the pool and the panel size."));
	}
	html_raw_trusted(&b, "</div>");
	char *s = arena_strdup(a, b.data ? b.data : "");
	buf_free(&b);
	return s;
}

/* Reads the engine's pool for the panel, with its households when the
 * household rule is on; NULL with err filled. */
static struct panel_pool *read_pool(struct db *db, struct arena *a, const struct ps_panel *p,
				    char *err, size_t errlen)
{
	char *qcsv, *pcsv;
	if (ps_engine_csv(db, a, p->id, &qcsv, &pcsv)) {
		snprintf(err, errlen, "%s", _("The pool could not be loaded."));
		return NULL;
	}
	return panel_pool_read(qcsv, strlen(qcsv), pcsv, strlen(pcsv), "id",
			       p->household_rule ? PS_HOUSEHOLD_COLUMN : NULL, err, errlen);
}

/* --- the page --- */

static void members_section(struct req *r, const struct ps_panel *p,
			    const struct panel_staff_state *s)
{
	struct buf *b = &r->out;
	struct ps_member *m;
	int n = 0;
	ps_members(r->db, r->arena, p->id, &m, &n);
	html_fmt(b, "<h2 class=\"utrecht-heading-2\">%s</h2>", _("Selected people"));
	if (n == 0) {
		html_fmt(b, "<p class=\"utrecht-paragraph\">%s</p>", _("Nobody has been selected yet."));
		return;
	}
	html_fmt(b,
		 "<div class=\"wb-table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"%s\">"
		 "<table class=\"utrecht-table\"><caption>%s</caption><thead><tr>"
		 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		 "<th scope=\"col\">%s</th></tr></thead><tbody>",
		 _("Selected people"), _("Selected people and how to reach them"),
		 _("Pool number"), _("Name"), _("Contact"), _("Status"));
	for (int i = 0; i < n; i++)
		html_fmt(b, "<tr><th scope=\"row\">%d</th><td>%s</td><td>%s</td><td>%s</td></tr>",
			 m[i].pno, *m[i].name ? m[i].name : "–",
			 *m[i].contact ? m[i].contact : _("(uploaded: contact kept by the organiser)"),
			 strcmp(m[i].status, "dropped") == 0 ? _("Dropped out") : _("Selected"));
	html_raw_trusted(b, "</tbody></table></div>");
	html_fmt(b, "<p><a class=\"utrecht-link\" href=\"/panels/%lld/leden.csv\">%s</a> · "
		    "<a class=\"utrecht-link\" href=\"/api/v1/panels/%lld/leden\">%s</a></p>",
		 p->id, _("Selected people as CSV (for the invitations)"), p->id, _("JSON"));
	if (r->user->role < ROLE_BELEIDSADVISEUR)
		return;
	html_fmt(b, "<form method=\"post\" action=\"/panels/%lld/uitval\" novalidate>", p->id);
	html_csrf_field(r);
	html_input(r, "pno", _("Pool number of someone who dropped out"), s && s->drop ? s->drop : "",
		   s ? s->drop_error : NULL, "number",
		   _("Then draw again below: the others stay on the panel."));
	html_fmt(b, "<button class=\"utrecht-button utrecht-button--secondary-action\" "
		    "type=\"submit\">%s</button></form>", _("Mark as dropped out"));
}

static void quota_section(struct req *r, const struct ps_panel *p,
			  const struct panel_staff_state *s)
{
	struct buf *b = &r->out;
	struct ps_quota *q;
	int nq = 0;
	ps_quotas(r->db, r->arena, p->id, &q, &nq);
	html_fmt(b, "<h2 class=\"utrecht-heading-2\">%s</h2>", _("Quotas"));
	if (s && s->quota_report_html)
		html_raw_trusted(b, s->quota_report_html);
	/* data-check: the JSON check that static/panel-quota.js calls while staff type. */
	html_fmt(b, "<form method=\"post\" action=\"/panels/%lld/quota\" novalidate "
		    "data-check=\"/api/v1/panels/%lld/quota-check\" data-change-label=\"%s\">",
		 p->id, p->id, _("The smallest change that makes them possible:"));
	html_csrf_field(r);
	for (int i = 0; i < nq; i++) {
		const char *mn = arena_printf(r->arena, "min_%d", q[i].ord);
		const char *mx = arena_printf(r->arena, "max_%d", q[i].ord);
		const char *vmn = arena_printf(r->arena, "%d", q[i].qmin);
		const char *vmx = arena_printf(r->arena, "%d", q[i].qmax);
		if (s && s->quota_from_form) {
			vmn = req_form(r, mn) ? req_form(r, mn) : "";
			vmx = req_form(r, mx) ? req_form(r, mx) : "";
		}
		html_fmt(b, "<fieldset class=\"utrecht-form-fieldset\"><legend>%s: %s</legend>",
			 q[i].feature, q[i].value);
		html_input(r, mn, _("At least"), vmn, NULL, "number", NULL);
		html_input(r, mx, _("At most"), vmx, NULL, "number", NULL);
		html_raw_trusted(b, "</fieldset>");
	}
	/* Two buttons: checking works without JavaScript and changes nothing. */
	html_fmt(b, "<p class=\"utrecht-paragraph\">%s</p>",
		 _("\"Check\" tells you if a panel can meet these numbers with the people in the "
		   "pool now. It saves nothing. \"Check and save quotas\" saves them only when "
		   "they can be met."));
	html_fmt(b, "<div class=\"utrecht-button-group\"><button class=\"utrecht-button "
		    "utrecht-button--secondary-action\" type=\"submit\" name=\"action\" "
		    "value=\"check\">%s</button> <button class=\"utrecht-button "
		    "utrecht-button--primary-action\" type=\"submit\" name=\"action\" "
		    "value=\"save\">%s</button></div></form>",
		 _("Check"), _("Check and save quotas"));
	/* Filled by the script only; empty (and silent) without JavaScript. */
	html_raw_trusted(b, "<p class=\"utrecht-paragraph\" id=\"quota-live\" role=\"status\" "
			    "aria-live=\"polite\"></p><script src=\"/static/panel-quota.js\" "
			    "defer></script>");
}

/* The draw form with what it does in plain words. */
static void draw_section(struct req *r, const struct ps_panel *p,
			 const struct panel_staff_state *s)
{
	struct buf *b = &r->out;
	int *sel, nsel = 0;
	ps_selected(r->db, r->arena, p->id, &sel, &nsel);
	html_fmt(b, "<h2 class=\"utrecht-heading-2\">%s</h2>",
		 p->draws ? _("Draw replacements") : _("Draw"));
	if (p->draws && nsel >= p->k && !(s && s->seed_error)) {
		html_fmt(b, "<p class=\"utrecht-paragraph\">%s</p>",
			 _("The panel is full. If someone drops out, mark them above. Then you can "
			   "draw a replacement here."));
		return;
	}
	if (p->draws)
		html_fmt(b, "<p class=\"utrecht-paragraph\">%s</p>",
			 _("Someone dropped out? Mark them above first. Then draw again: everyone "
			   "who is still on the panel stays on it. Only the empty places are drawn, "
			   "from the people in the pool, with the same quotas. Use a new public "
			   "seed."));
	else
		html_fmt(b, "<p class=\"utrecht-paragraph\">%s</p>",
			 _("How the draw works: the computer makes 1000 tickets. Each ticket is a "
			   "whole panel that meets the quotas. Together the tickets give everyone in "
			   "the pool a chance that is as fair as possible. Then a public seed picks "
			   "one ticket, for example dice thrown at a meeting. Everyone can check this "
			   "on the public page."));
	if (p->household_rule)
		html_fmt(b, "<p class=\"utrecht-paragraph\">%s</p>",
			 _("The household rule is on: no ticket has two people from one "
			   "household."));
	html_fmt(b, "<form method=\"post\" action=\"/panels/%lld/loting\" novalidate>", p->id);
	html_csrf_field(r);
	html_input(r, "seed", _("Public seed"), s && s->seed ? s->seed : "", s ? s->seed_error : NULL,
		   "text",
		   _("For example digits from dice thrown in public. The same seed always gives "
		     "the same ticket."));
	html_fmt(b, "<button class=\"utrecht-button utrecht-button--primary-action\" "
		    "type=\"submit\">%s</button></form>",
		 p->draws ? _("Draw replacements") : _("Draw the panel"));
}

/* The household rule: on or off, with what it means. */
static void household_section(struct req *r, const struct ps_panel *p)
{
	struct buf *b = &r->out;
	html_fmt(b, "<h2 class=\"utrecht-heading-2\">%s</h2><p class=\"utrecht-paragraph\">%s</p>",
		 _("One person per household"),
		 p->household_rule
			 ? _("The rule is on: at most one person per household can be on the panel. "
			     "The sign-up form asks for postcode and house number. We keep only a "
			     "code made from the address. People who signed up before the rule was "
			     "on count as a household of one.")
			 : _("The rule is off: people from one household can be on the panel "
			     "together. Switch it on to ask for postcode and house number when people "
			     "sign up."));
	html_fmt(b, "<form method=\"post\" action=\"/panels/%lld/huishouden\">", p->id);
	html_csrf_field(r);
	html_fmt(b, "<input type=\"hidden\" name=\"on\" value=\"%s\"><button "
		    "class=\"utrecht-button utrecht-button--secondary-action\" type=\"submit\">%s"
		    "</button></form>",
		 p->household_rule ? "0" : "1",
		 p->household_rule ? _("Switch the household rule off")
				   : _("Switch the household rule on"));
}

int panel_show_staff(struct req *r, const struct ps_panel *p, const struct panel_staff_state *s,
		     int status)
{
	struct buf *b = &r->out;
	const char *title = arena_printf(r->arena, _("Manage: %s"), p->title);
	page_begin(r, title);
	html_fmt(b, "<h1 class=\"utrecht-heading-1\">%s</h1>", title);
	if (s && s->notice)
		html_fmt(b, "<div class=\"utrecht-alert\" role=\"status\"><p>%s</p></div>", s->notice);
	html_fmt(b, "<p><a class=\"utrecht-link\" href=\"/panels/%lld\">%s</a></p>", p->id,
		 _("Public page of this panel"));
	html_fmt(b, "<p class=\"utrecht-paragraph\">%s</p>",
		 arena_printf(r->arena, _("Panel size: %d. People in the pool: %d. Sign-up is %s. "
					  "End date: %s."),
			      p->k, p->pool_size, p->signup_open ? _("open") : _("closed"),
			      p->end_date));
	if (p->pool_deleted) {
		html_fmt(b, "<p class=\"utrecht-paragraph\">%s</p>",
			 _("The pool data has been deleted. Only the public figures remain."));
		page_end(r);
		return status;
	}
	members_section(r, p, s);
	if (r->user->role < ROLE_BELEIDSADVISEUR) {
		page_end(r);
		return status;
	}
	draw_section(r, p, s);
	quota_section(r, p, s);
	household_section(r, p);
	/* Pool upload. */
	html_fmt(b, "<h2 class=\"utrecht-heading-2\">%s</h2>", _("Add people from a file"));
	/* data-*: texts for static/panel-pool.js, which adds a file picker. */
	html_fmt(b, "<form method=\"post\" action=\"/panels/%lld/pool\" novalidate "
		    "data-pool-file=\"%s\" data-too-big=\"%s\" data-loaded=\"%s\">",
		 p->id, _("Or choose the CSV file"),
		 _("This file is larger than 1 MB. Split it, and add the parts one by one."),
		 _("The file is in the field below. Check it, then add it to the pool."));
	html_csrf_field(r);
	html_textarea(r, "pool", _("Pool as CSV"), s && s->pool_csv ? s->pool_csv : "",
		      s ? s->pool_error : NULL,
		      _("Paste the CSV: a header row with one column per feature, then one row per "
			"person. Other columns are ignored. At most 1 MB."));
	html_input(r, "address_columns", _("Address columns (optional)"),
		   s && s->address_columns ? s->address_columns : "", s ? s->address_error : NULL,
		   "text",
		   _("For the rule of one person per household: the names of the columns with "
		     "postcode and house number (and an addition, if it has its own column), for "
		     "example postcode,huisnummer. We keep only a code made from the address, not "
		     "the address."));
	html_fmt(b, "<button class=\"utrecht-button utrecht-button--secondary-action\" "
		    "type=\"submit\">%s</button></form>", _("Add to the pool"));
	html_raw_trusted(b, "<script src=\"/static/panel-pool.js\" defer></script>");
	/* Sign-up and deletion. */
	html_fmt(b, "<h2 class=\"utrecht-heading-2\">%s</h2>", _("Sign-up and deletion"));
	html_fmt(b, "<form method=\"post\" action=\"/panels/%lld/aanmelding\">", p->id);
	html_csrf_field(r);
	html_fmt(b, "<input type=\"hidden\" name=\"open\" value=\"%s\"><button "
		    "class=\"utrecht-button utrecht-button--secondary-action\" type=\"submit\">%s"
		    "</button></form>",
		 p->signup_open ? "0" : "1",
		 p->signup_open ? _("Close the sign-up") : _("Open the sign-up"));
	html_fmt(b, "<form method=\"post\" action=\"/panels/%lld/wissen\" novalidate>"
		    "<p class=\"utrecht-paragraph\">%s</p>", p->id,
		 _("After the panel ends: delete the names, contacts and answers of everyone. The "
		   "public figures stay. This cannot be undone."));
	html_csrf_field(r);
	html_checkbox(r, "confirm", _("Yes, delete the pool data of this panel for good."), NULL,
		      false,
		      s ? s->delete_error : NULL);
	html_fmt(b, "<button class=\"utrecht-button utrecht-button--secondary-action\" "
		    "type=\"submit\">%s</button></form>", _("Delete pool data"));
	page_end(r);
	return status;
}

int panel_page_staff(struct req *r)
{
	/* Pools past their end date are deleted by the retention runner
	 * (src/retention.c), hourly and at start. */
	struct ps_panel p;
	int rc = panel_load(r, &p);
	if (rc)
		return rc;
	return panel_show_staff(r, &p, NULL, 200);
}

/* --- the selected people as CSV and JSON (staff only, never cached) --- */

static const char *status_word(const struct ps_member *m)
{
	return strcmp(m->status, "dropped") == 0 ? "dropped" : "selected";
}

int panel_csv_members(struct req *r)
{
	struct ps_panel p;
	int rc = panel_load(r, &p);
	if (rc)
		return rc;
	struct ps_member *m;
	int n = 0;
	if (ps_members(r->db, r->arena, p.id, &m, &n))
		return resp_error_page(r, 500, _("The panel could not be loaded. Please try again."));
	resp_csv(r, "leden.csv");
	csv_cell(&r->out, "pool_number", false);
	csv_cell(&r->out, "name", false);
	csv_cell(&r->out, "contact", false);
	csv_cell(&r->out, "status", true);
	for (int i = 0; i < n; i++) {
		csv_cell(&r->out, arena_printf(r->arena, "%d", m[i].pno), false);
		csv_cell(&r->out, m[i].name, false);
		csv_cell(&r->out, m[i].contact, false);
		csv_cell(&r->out, status_word(&m[i]), true);
	}
	return 200;
}

int panel_api_members(struct req *r)
{
	struct ps_panel p;
	int rc = panel_load(r, &p);
	if (rc)
		return rc;
	struct ps_member *m;
	int n = 0;
	if (ps_members(r->db, r->arena, p.id, &m, &n))
		return resp_problem(r, 500, _("Server error"), _("Please try again."), NULL);
	json_t *items = json_array();
	for (int i = 0; i < n; i++) /* uploaded people have no name or contact here */
		json_array_append_new(items, json_pack("{s:i, s:s?, s:s?, s:s}", "pool_number",
						       m[i].pno, "name", *m[i].name ? m[i].name : NULL,
						       "contact",
						       *m[i].contact ? m[i].contact : NULL,
						       "status", status_word(&m[i])));
	return resp_json(r, 200, json_pack("{s:I, s:o, s:i}", "panel", (json_int_t)p.id, "items",
					   items, "total", n));
}

/* --- pool upload --- */

#define MAX_ADDRESS_COLUMNS 8

/* The normalised address of every row of the uploaded CSV text, from the
 * named columns (comma-separated, matched case-insensitively): addr[i] is
 * NULL when a cell is empty (a household of one). Returns 0, or -1 with
 * *err set (arena string). n_people is the number of rows the engine read;
 * both readers skip blank lines, so the rows line up. */
static int upload_addresses(struct arena *a, const char *text, const char *columns, int n_people,
			    const char ***addr, const char **err)
{
	const char *name[MAX_ADDRESS_COLUMNS];
	int col[MAX_ADDRESS_COLUMNS], nc = 0;
	char *copy = arena_strdup(a, columns), *save = NULL;
	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		t = str_trim(a, t);
		if (!*t)
			continue;
		if (nc == MAX_ADDRESS_COLUMNS) {
			*err = _("Name at most 8 address columns.");
			return -1;
		}
		name[nc] = t;
		col[nc++] = -1;
	}
	*addr = arena_calloc(a, (size_t)n_people + 1, sizeof **addr);
	struct csv_reader rd;
	csv_init(&rd, "pool", text, strlen(text));
	int rc = csv_next(&rd), row = 0;
	for (int f = 0; rc == 1 && f < rd.nfields; f++) {
		char h[256];
		csv_trim(h, sizeof h, rd.fields[f]);
		for (int j = 0; j < nc; j++)
			if (col[j] < 0 && strcasecmp(h, name[j]) == 0)
				col[j] = f;
	}
	for (int j = 0; rc == 1 && j < nc; j++)
		if (col[j] < 0) {
			*err = arena_printf(a, _("The file has no column %s."), name[j]);
			csv_free(&rd);
			return -1;
		}
	while (rc == 1 && (rc = csv_next(&rd)) == 1 && row < n_people) {
		const char *parts[MAX_ADDRESS_COLUMNS];
		char normal[512];
		for (int j = 0; j < nc; j++)
			parts[j] = rd.fields[col[j]];
		if (ps_address_normal(parts, nc, normal, sizeof normal))
			(*addr)[row] = arena_strdup(a, normal);
		row++;
	}
	if (rc < 0)
		*err = arena_strdup(a, rd.err);
	else if (rc == 1 || row != n_people)
		*err = _("The address columns could not be read row by row. Check the file.");
	csv_free(&rd);
	return *err ? -1 : 0;
}

int panel_post_pool(struct req *r)
{
	struct ps_panel p;
	int rc = panel_load(r, &p);
	if (rc)
		return rc;
	const char *text = req_form(r, "pool");
	const char *columns = req_form(r, "address_columns");
	columns = columns ? str_trim(r->arena, columns) : "";
	struct panel_staff_state s = {.pool_csv = text ? text : "", .address_columns = columns};
	char *qcsv, *pcsv;
	char err[512] = "";
	if (p.pool_deleted)
		return resp_error_page(r, 409, _("The pool data of this panel has been deleted."));
	if (str_empty(text)) {
		s.pool_error = _("Paste the CSV of the pool.");
		return panel_show_staff(r, &p, &s, 422);
	}
	if (ps_engine_csv(r->db, r->arena, p.id, &qcsv, &pcsv))
		return resp_error_page(r, 500, _("The pool could not be loaded."));
	/* The engine validates the file against the quotas: unknown values are refused. */
	struct panel_pool *pool = panel_pool_read(qcsv, strlen(qcsv), text, strlen(text), NULL, NULL,
						  err, sizeof err);
	if (!pool) {
		s.pool_error = arena_strdup(r->arena, err);
		return panel_show_staff(r, &p, &s, 422);
	}
	const char **addr = NULL, *aerr = NULL;
	if (*columns && upload_addresses(r->arena, text, columns, pool->n_people, &addr, &aerr)) {
		panel_pool_free(pool);
		s.address_error = aerr;
		return panel_show_staff(r, &p, &s, 422);
	}
	int nf = pool->n_features, added = 0, households = 0;
	const char **vals = arena_calloc(r->arena, (size_t)nf + 1, sizeof *vals);
	unsigned char key[32];
	rc = db_begin(r->db);
	if (rc == DB_OK && addr)
		rc = ps_household_key(r->db, p.id, key);
	for (int i = 0; rc == DB_OK && i < pool->n_people; i++) {
		for (int f = 0; f < nf; f++)
			vals[f] = pool->value[pool->person_value[i * nf + f]];
		char hash[33];
		const char *household = NULL;
		if (addr && addr[i]) {
			ps_household_hash(key, addr[i], hash);
			household = hash;
			households++;
		}
		int pno;
		rc = ps_person_add(r->db, p.id, (const char *const *)pool->feature, vals, nf,
				   household, NULL, NULL, &pno);
		added++;
	}
	sodium_memzero(key, sizeof key);
	panel_pool_free(pool);
	if (rc == DB_OK)
		rc = ps_refresh_counts(r->db, p.id);
	if (rc != DB_OK || db_commit(r->db) != DB_OK) {
		db_rollback(r->db);
		s.pool_error = _("The pool could not be saved. Please try again.");
		return panel_show_staff(r, &p, &s, 500);
	}
	ps_panel_get(r->db, r->arena, p.id, &p);
	const char *notice = arena_printf(r->arena, _("%d people were added to the pool."), added);
	if (addr)
		notice = arena_printf(r->arena, _("%d people were added to the pool, %d of them "
						  "with an address for the household rule."),
				      added, households);
	s = (struct panel_staff_state){.notice = notice};
	return panel_show_staff(r, &p, &s, 200);
}

/* --- quotas --- */

/* A message at the quotas (arena markup): role "alert" for a problem, else
 * "status". */
static const char *quota_message(struct req *r, bool problem, const char *text)
{
	struct buf b = {0};
	if (problem)
		html_fmt(&b, "<div class=\"utrecht-alert\" role=\"alert\"><p>%s</p></div>", text);
	else
		html_fmt(&b, "<div class=\"utrecht-alert\" role=\"status\"><p>%s</p></div>", text);
	char *out = arena_strdup(r->arena, b.data ? b.data : "");
	buf_free(&b);
	return out;
}

int panel_post_quota(struct req *r)
{
	struct ps_panel p;
	int rc = panel_load(r, &p);
	if (rc)
		return rc;
	struct ps_quota *q;
	int nq;
	if (ps_quotas(r->db, r->arena, p.id, &q, &nq))
		return resp_error_page(r, 500, _("The panel could not be loaded. Please try again."));
	if (p.pool_deleted)
		return resp_error_page(r, 409, _("The pool data of this panel has been deleted."));
	struct panel_staff_state s = {.quota_from_form = true};
	long *mn = arena_calloc(r->arena, (size_t)nq + 1, sizeof *mn);
	long *mx = arena_calloc(r->arena, (size_t)nq + 1, sizeof *mx);
	for (int i = 0; i < nq; i++) {
		if (!parse_long(req_form(r, arena_printf(r->arena, "min_%d", q[i].ord)), 0, 100000,
				&mn[i]) ||
		    !parse_long(req_form(r, arena_printf(r->arena, "max_%d", q[i].ord)), 0, 100000,
				&mx[i]) ||
		    mn[i] > mx[i]) {
			s.quota_report_html = quota_message(
				r, true,
				arena_printf(r->arena, _("%s %s: give whole numbers, with \"at least\" "
							 "not above \"at most\"."),
					     q[i].feature, q[i].value));
			return panel_show_staff(r, &p, &s, 422);
		}
	}
	if (db_begin(r->db) != DB_OK)
		return resp_error_page(r, 503, _("Please try again in a moment."));
	for (int i = 0; i < nq; i++)
		if (ps_quota_set(r->db, p.id, q[i].ord, (int)mn[i], (int)mx[i])) {
			db_rollback(r->db);
			s.quota_report_html = quota_message(r, true, _("The quotas could not be saved."));
			return panel_show_staff(r, &p, &s, 500);
		}
	/* The feasibility check runs on the new quotas inside the transaction. */
	char err[512] = "";
	struct panel_pool *pool = read_pool(r->db, r->arena, &p, err, sizeof err);
	const char *saved_feasible = _("The quotas were saved. A panel that meets them can be drawn.");
	const char *notice = _("The quotas were saved.");
	if (pool && pool->n_people > 0) {
		struct panel_types *t = panel_types_new(pool, false);
		struct panel_relax_report *rep = panel_relax(pool, t, p.k, err, sizeof err);
		if (rep && !rep->feasible) {
			s.quota_report_html = report_html(r->arena, pool, rep);
			panel_relax_free(rep);
			panel_types_free(t);
			panel_pool_free(pool);
			db_rollback(r->db);
			return panel_show_staff(r, &p, &s, 422);
		}
		notice = saved_feasible;
		panel_relax_free(rep);
		panel_types_free(t);
	} else {
		notice = _("The quotas were saved. They are checked once there are people in the pool.");
	}
	panel_pool_free(pool);
	const char *action = req_form(r, "action");
	if (action && strcmp(action, "check") == 0) {
		/* Only a check: undo, keep the numbers in the form, say what we found. */
		db_rollback(r->db);
		s.quota_report_html = quota_message(
			r, false, arena_printf(r->arena, "%s %s", notice == saved_feasible
								 ? _("These quotas can be met.")
								 : _("There is nobody in the pool yet."),
					_("Nothing was saved.")));
		return panel_show_staff(r, &p, &s, 200);
	}
	if (db_commit(r->db) != DB_OK) {
		db_rollback(r->db);
		s.quota_report_html = quota_message(r, true, _("The quotas could not be saved."));
		return panel_show_staff(r, &p, &s, 500);
	}
	s = (struct panel_staff_state){.notice = notice};
	return panel_show_staff(r, &p, &s, 200);
}

/* The feasibility check as JSON (the quotas editor's live check): the form
 * fields min_N/max_N are tried inside a transaction that is always rolled
 * back, so nothing is saved. */
int panel_api_quota_check(struct req *r)
{
	struct ps_panel p;
	int rc = panel_load(r, &p);
	if (rc)
		return rc;
	struct ps_quota *q;
	int nq;
	if (ps_quotas(r->db, r->arena, p.id, &q, &nq))
		return resp_problem(r, 500, _("Server error"), _("Please try again."), NULL);
	if (p.pool_deleted)
		return resp_problem(r, 409, _("Conflict"),
				    _("The pool data of this panel has been deleted."), NULL);
	long mn, mx;
	if (db_begin(r->db) != DB_OK)
		return resp_problem(r, 503, _("Server error"), _("Please try again in a moment."),
				    NULL);
	for (int i = 0; i < nq; i++) {
		const char *a = arena_printf(r->arena, "min_%d", q[i].ord);
		const char *b = arena_printf(r->arena, "max_%d", q[i].ord);
		if (!parse_long(req_form(r, a), 0, 100000, &mn) ||
		    !parse_long(req_form(r, b), 0, 100000, &mx) || mn > mx) {
			db_rollback(r->db);
			return resp_problem(r, 422, _("Check the numbers"),
					    arena_printf(r->arena, _("%s %s: give whole numbers, with "
								     "\"at least\" not above \"at most\"."),
							 q[i].feature, q[i].value),
					    a);
		}
		if (ps_quota_set(r->db, p.id, q[i].ord, (int)mn, (int)mx)) {
			db_rollback(r->db);
			return resp_problem(r, 500, _("Server error"), _("Please try again."), NULL);
		}
	}
	char err[512] = "";
	struct panel_pool *pool = read_pool(r->db, r->arena, &p, err, sizeof err);
	db_rollback(r->db); /* only a check: the pool is read, the quotas are undone */
	if (!pool)
		return resp_problem(r, 422, _("Check the numbers"), arena_strdup(r->arena, err), NULL);
	json_t *o = json_pack("{s:i, s:b}", "people", pool->n_people, "saved", false);
	if (pool->n_people == 0) {
		json_object_set_new(o, "feasible", json_null());
		json_object_set_new(o, "message", json_string(_("There is nobody in the pool yet.")));
		panel_pool_free(pool);
		return resp_json(r, 200, o);
	}
	struct panel_types *t = panel_types_new(pool, false);
	struct panel_relax_report *rep = panel_relax(pool, t, p.k, err, sizeof err);
	json_t *msgs = json_array(), *changes = json_array();
	for (int i = 0; rep && i < rep->n_messages; i++)
		json_array_append_new(msgs, json_string(rep->messages[i]));
	for (int i = 0; rep && rep->relaxable && i < rep->n_changes; i++) {
		const struct panel_relaxation *c = &rep->changes[i];
		json_array_append_new(
			changes, json_pack("{s:s, s:s, s:i, s:i, s:i, s:i}", "feature",
					   pool->feature[pool->value_feature[c->value]], "value",
					   pool->value[c->value], "min", c->old_min, "max", c->old_max,
					   "new_min", c->new_min, "new_max", c->new_max));
	}
	bool feasible = rep && rep->feasible;
	json_object_set_new(o, "feasible", rep ? json_boolean(feasible) : json_null());
	json_object_set_new(o, "message",
			    json_string(!rep ? err
				       : feasible ? _("These quotas can be met.")
						  : _("These quotas cannot all be met with this pool.")));
	json_object_set_new(o, "reasons", msgs);
	json_object_set_new(o, "smallest_change", changes);
	panel_relax_free(rep);
	panel_types_free(t);
	panel_pool_free(pool);
	return resp_json(r, 200, o);
}

/* --- the draw --- */

/* Space-separated pool numbers (the engine's ids) of members[0..k). */
static const char *id_list(struct arena *a, const struct panel_pool *pool, const int *members, int k)
{
	struct buf b = {0};
	for (int i = 0; i < k; i++)
		buf_printf(&b, "%s%s", i ? " " : "", pool->id[members[i]]);
	char *s = arena_strdup(a, b.data ? b.data : "");
	buf_free(&b);
	return s;
}

/* "feature: value; feature: value" of person i. */
static const char *profile(struct arena *a, const struct panel_pool *pool, int i)
{
	struct buf b = {0};
	for (int f = 0; f < pool->n_features; f++)
		buf_printf(&b, "%s%s: %s", f ? "; " : "", pool->feature[f],
			   pool->value[pool->person_value[i * pool->n_features + f]]);
	char *s = arena_strdup(a, b.data ? b.data : "");
	buf_free(&b);
	return s;
}

int panel_run_draw(struct db *db, struct arena *a, const struct ps_panel *p, const char *seed,
		   struct panel_staff_state *s)
{
	char err[512] = "";
	struct panel_pool *pool = read_pool(db, a, p, err, sizeof err);
	if (!pool) {
		s->seed_error = arena_strdup(a, err);
		return 422;
	}
	int *kept, nkept = 0;
	ps_selected(db, a, p->id, &kept, &nkept);
	if (nkept >= p->k) {
		panel_pool_free(pool);
		s->seed_error = _("The panel is full. Mark drop-outs first, then draw replacements.");
		return 422;
	}
	const char **kid = arena_calloc(a, (size_t)nkept + 1, sizeof *kid);
	for (int i = 0; i < nkept; i++)
		kid[i] = arena_printf(a, "%d", kept[i]);
	if (nkept && panel_pool_keep(pool, kid, nkept, err, sizeof err)) {
		panel_pool_free(pool);
		s->seed_error = arena_strdup(a, err);
		return 422;
	}
	struct panel_types *t = panel_types_new(pool, false);
	struct panel_options o = {.log = NULL, .time_limit = 20};
	struct panel_lottery *lot = NULL;
	enum panel_status st = panel_leximin(pool, t, p->k, &o, &lot, err, sizeof err);
	int status = 0;
	if (st == PANEL_INFEASIBLE) {
		struct panel_relax_report *rep = panel_relax(pool, t, p->k, err, sizeof err);
		s->quota_report_html = rep ? report_html(a, pool, rep) : NULL;
		s->seed_error = _("No panel meets the quotas. See the report at the quotas.");
		panel_relax_free(rep);
		status = 422;
	} else if (st != PANEL_OK) {
		s->seed_error = arena_strdup(a, err);
		status = 422;
	}
	if (status) {
		panel_types_free(t);
		panel_pool_free(pool);
		return status;
	}
	struct panel_concrete *c = panel_tickets(lot, t, pool->n_people, PANEL_TICKETS, NULL);
	int ticket = panel_ticket_from_seed(seed, PANEL_TICKETS);
	struct ps_draw d = {.round = p->draws + 1, .seed = seed, .tickets = PANEL_TICKETS,
			    .ticket = ticket, .min_prob = lot->min_prob};
	const char **tk = arena_calloc(a, PANEL_TICKETS, sizeof *tk);
	for (int i = 0; c && i < c->n_panels && i < PANEL_TICKETS; i++)
		tk[i] = id_list(a, pool, &c->members[(size_t)i * (size_t)p->k], p->k);
	const int *chosen = c ? &c->members[(size_t)(ticket - 1) * (size_t)p->k] : NULL;
	int *sel = arena_calloc(a, (size_t)p->k, sizeof *sel);
	for (int i = 0; chosen && i < p->k; i++)
		sel[i] = atoi(pool->id[chosen[i]]);
	d.selected = chosen ? id_list(a, pool, chosen, p->k) : "";
	d.kept = "";
	if (nkept) {
		struct buf b = {0};
		for (int i = 0; i < nkept; i++)
			buf_printf(&b, "%s%d", i ? " " : "", kept[i]);
		d.kept = arena_strdup(a, b.data);
		buf_free(&b);
	}
	struct ps_type *ty = arena_calloc(a, (size_t)t->n_types + 1, sizeof *ty);
	for (int i = 0; i < t->n_types; i++) {
		int first = t->members[t->first[i]];
		ty[i] = (struct ps_type){.profile = profile(a, pool, first), .people = t->size[i],
					 .prob = lot->prob[first]};
	}
	int ntypes = t->n_types;
	bool ok = c && c->n_panels == PANEL_TICKETS && ticket >= 1;
	panel_concrete_free(c);
	panel_lottery_free(lot);
	panel_types_free(t);
	panel_pool_free(pool);
	if (!ok) {
		s->seed_error = _("The ticket table could not be made.");
		return 422;
	}
	if (db_begin(db) != DB_OK)
		return 503;
	if (ps_draw_store(db, p->id, &d, ty, ntypes, tk, sel, p->k) ||
	    db_commit(db) != DB_OK) {
		db_rollback(db);
		return 500;
	}
	return 0;
}

int panel_post_draw(struct req *r)
{
	struct ps_panel p;
	int rc = panel_load(r, &p);
	if (rc)
		return rc;
	if (p.pool_deleted)
		return resp_error_page(r, 409, _("The pool data of this panel has been deleted."));
	const char *seed = req_form(r, "seed");
	seed = seed ? str_trim(r->arena, seed) : "";
	struct panel_staff_state s = {.seed = seed};
	if (str_empty(seed) || utf8_length(seed) > 100) {
		s.seed_error = _("Fill in the public seed (at most 100 characters).");
		return panel_show_staff(r, &p, &s, 422);
	}
	rc = panel_run_draw(r->db, r->arena, &p, seed, &s);
	if (rc == 422)
		return panel_show_staff(r, &p, &s, 422);
	if (rc)
		return resp_error_page(r, rc, _("The draw could not be saved. Please try again."));
	return resp_redirect(r, arena_printf(r->arena, "/panels/%lld", p.id));
}

/* --- drop-outs, sign-up state, deletion --- */

int panel_post_drop(struct req *r)
{
	struct ps_panel p;
	int rc = panel_load(r, &p);
	if (rc)
		return rc;
	const char *v = req_form(r, "pno");
	struct panel_staff_state s = {.drop = v ? v : ""};
	long pno;
	if (!parse_long(v, 1, 10000000, &pno) || ps_mark_dropped(r->db, p.id, (int)pno)) {
		s.drop_error = _("Give the pool number of someone who is on the panel now.");
		return panel_show_staff(r, &p, &s, 422);
	}
	ps_refresh_counts(r->db, p.id);
	ps_panel_get(r->db, r->arena, p.id, &p);
	s = (struct panel_staff_state){
		.notice = _("Marked as dropped out. Draw replacements with a new public seed.")};
	return panel_show_staff(r, &p, &s, 200);
}

int panel_post_signup_state(struct req *r)
{
	struct ps_panel p;
	int rc = panel_load(r, &p);
	if (rc)
		return rc;
	const char *v = req_form(r, "open");
	bool open = v && strcmp(v, "1") == 0 && !p.pool_deleted;
	if (ps_panel_set_signup(r->db, p.id, open))
		return resp_error_page(r, 500, _("Please try again in a moment."));
	return resp_redirect(r, arena_printf(r->arena, "/panels/%lld/beheer", p.id));
}

int panel_post_household(struct req *r)
{
	struct ps_panel p;
	int rc = panel_load(r, &p);
	if (rc)
		return rc;
	if (p.pool_deleted)
		return resp_error_page(r, 409, _("The pool data of this panel has been deleted."));
	const char *v = req_form(r, "on");
	bool on = v && strcmp(v, "1") == 0;
	if (ps_panel_set_household(r->db, p.id, on))
		return resp_error_page(r, 500, _("Please try again in a moment."));
	return resp_redirect(r, arena_printf(r->arena, "/panels/%lld/beheer", p.id));
}

int panel_post_delete(struct req *r)
{
	struct ps_panel p;
	int rc = panel_load(r, &p);
	if (rc)
		return rc;
	const char *confirm = req_form(r, "confirm");
	if (!p.pool_deleted && !(confirm && strcmp(confirm, "1") == 0)) {
		struct panel_staff_state s = {
			.delete_error = _("Tick the box to confirm. Nothing has been deleted.")};
		return panel_show_staff(r, &p, &s, 422);
	}
	if (db_begin(r->db) != DB_OK)
		return resp_error_page(r, 503, _("Please try again in a moment."));
	if (ps_delete_pool(r->db, p.id) || db_commit(r->db) != DB_OK) {
		db_rollback(r->db);
		struct panel_staff_state s = {
			.delete_error = _("The pool data could not be deleted. Please try again.")};
		return panel_show_staff(r, &p, &s, 500);
	}
	return resp_redirect(r, arena_printf(r->arena, "/panels/%lld/beheer", p.id));
}
