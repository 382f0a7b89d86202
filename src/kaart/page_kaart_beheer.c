/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * page_kaart_beheer.c: review of the sociale kaart by professionals:
 * GET /beheer/kaart (pending suggestions and corrections, items not checked
 * in the last 12 months), POST /beheer/kaart/{id}/publiceer, .../afwijzen and
 * .../gecontroleerd. Every change runs in one BEGIN IMMEDIATE transaction.
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

static const char *kind_text(const char *kind)
{
	const char *l = kaart_kind_label(kind);
	return l ? _(l) : kind;
}

/* "Name (CODE)" of an area for the reviewer, or "" when there is none. */
static const char *area_text(struct req *r, const char *code)
{
	if (!code || !*code)
		return "";
	struct db_stmt *s = db_prepare(r->db, "SELECT name FROM areas WHERE code = ?");
	db_bind_text(s, 1, code);
	const char *t = db_step(s) == DB_ROW
				? arena_printf(r->arena, "%s (%s)", db_col_text(s, 0), code)
				: code;
	db_done(s);
	return t;
}

static void action_button(struct req *r, long long id, const char *action, const char *label,
			  const char *name)
{
	html_fmt(&r->out,
		 "<form method=\"post\" action=\"/beheer/kaart/%lld/%s\" class=\"wb-inline\">", id,
		 action);
	html_csrf_field(r);
	html_fmt(&r->out,
		 "<button type=\"submit\" class=\"utrecht-button utrecht-button--%s\" "
		 "aria-label=\"%s: %s\">%s</button></form> ",
		 strcmp(action, "publiceer") == 0 ? "primary-action" : "secondary-action", label,
		 name, label);
}

/* One row of the comparison table; marks changed values. */
static void compare_row(struct req *r, const char *label, const char *old, const char *new_)
{
	old = old ? old : "";
	new_ = new_ ? new_ : "";
	bool changed = strcmp(old, new_) != 0;
	if (changed)
		html_fmt(&r->out,
			 "<tr><th scope=\"row\">%s</th><td>%s</td><td><strong>%s</strong> (%s)"
			 "</td></tr>",
			 label, old, new_, _("changed"));
	else
		html_fmt(&r->out, "<tr><th scope=\"row\">%s</th><td>%s</td><td>%s</td></tr>", label,
			 old, new_);
}

static const char *themes_of(struct req *r, const struct kaart_item *it)
{
	return kaart_themes_text(r, it->themes, it->nthemes);
}

static const char *pillars_of(struct req *r, const struct kaart_item *it)
{
	return kaart_pillars_text(r, it->pillars, it->npillars);
}

static void pending_item(struct req *r, const struct kaart_item *it, const char *created)
{
	struct buf *b = &r->out;
	const char *ch = kaart_channel_label(it->channel);
	html_fmt(b,
		 "<li><h3 class=\"utrecht-heading-3\">%s</h3><p class=\"wb-meta\">%s · %s · %s %s · %s</p>",
		 it->name, it->corrects_id ? _("Correction") : _("New suggestion"),
		 kind_text(it->kind), _("received"), created, ch ? _(ch) : it->channel);
	struct kaart_item orig;
	if (it->corrects_id && kaart_item_load(r->db, r->arena, it->corrects_id, &orig)) {
		html_fmt(b,
			 "<div class=\"wb-table-wrap\"><table class=\"utrecht-table\"><caption>%s: %s"
			 "</caption><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			 "<th scope=\"col\">%s</th></tr></thead><tbody>",
			 _("Proposed change"), orig.name, _("Field"), _("Now"), _("Proposed"));
		compare_row(r, _("Name"), orig.name, it->name);
		compare_row(r, _("Kind"), kind_text(orig.kind), kind_text(it->kind));
		compare_row(r, _("Description"), orig.description, it->description);
		compare_row(r, _("Area"), area_text(r, orig.area_code), area_text(r, it->area_code));
		compare_row(r, _("Themes"), themes_of(r, &orig), themes_of(r, it));
		compare_row(r, _("Social quality"), pillars_of(r, &orig), pillars_of(r, it));
		compare_row(r, _("When and where"), orig.when_where, it->when_where);
		compare_row(r, _("Accessibility"), orig.accessibility, it->accessibility);
		compare_row(r, _("Contact"), orig.contact, it->contact);
		compare_row(r, _("Show contact"), orig.show_contact ? _("yes") : _("no"),
			    it->show_contact ? _("yes") : _("no"));
		html_raw_trusted(b, "</tbody></table></div>");
	} else {
		html_raw_trusted(b, "<dl class=\"wb-details\">");
		html_fmt(b, "<dt>%s</dt><dd>%s</dd>", _("Description"), it->description);
		html_fmt(b, "<dt>%s</dt><dd>%s</dd>", _("Area"), area_text(r, it->area_code));
		html_fmt(b, "<dt>%s</dt><dd>%s</dd>", _("Themes"), themes_of(r, it));
		html_fmt(b, "<dt>%s</dt><dd>%s</dd>", _("Social quality"), pillars_of(r, it));
		html_fmt(b, "<dt>%s</dt><dd>%s</dd>", _("When and where"), it->when_where);
		html_fmt(b, "<dt>%s</dt><dd>%s</dd>", _("Accessibility"), it->accessibility);
		html_fmt(b, "<dt>%s</dt><dd>%s (%s)</dd>", _("Contact"), it->contact,
			 it->show_contact ? _("shown") : _("not shown"));
		html_fmt(b, "<dt>%s</dt><dd>%s</dd>", _("Source"), it->source);
		html_raw_trusted(b, "</dl>");
	}
	html_raw_trusted(b, "<div class=\"wb-actions\">");
	action_button(r, it->id, "publiceer", _("Publish"), it->name);
	action_button(r, it->id, "afwijzen", _("Reject"), it->name);
	html_raw_trusted(b, "</div></li>\n");
}

static void pending_list(struct req *r)
{
	struct buf *b = &r->out;
	struct db_stmt *s = db_prepare(
		r->db,
		"SELECT id, created_at FROM kaart_items WHERE status = 'pending' ORDER BY created_at, id"
		" LIMIT 200");
	long long ids[200];
	const char *created[200];
	int n = 0;
	while (n < 200 && db_step(s) == DB_ROW) {
		ids[n] = db_col_int(s, 0);
		created[n++] = arena_strdup(r->arena, db_col_text(s, 1));
	}
	db_done(s);
	html_fmt(b, "<h2 class=\"utrecht-heading-2\">%s (%d)</h2>", _("Waiting for review"), n);
	if (!n) {
		html_fmt(b, "<p class=\"utrecht-paragraph\">%s</p>",
			 _("There is nothing to review."));
		return;
	}
	html_raw_trusted(b, "<ol class=\"wb-cards\">");
	for (int i = 0; i < n; i++) {
		struct kaart_item it;
		if (kaart_item_load(r->db, r->arena, ids[i], &it))
			pending_item(r, &it, created[i]);
	}
	html_raw_trusted(b, "</ol>\n");
}

static void stale_list(struct req *r)
{
	struct buf *b = &r->out;
	struct db_stmt *s = db_prepare(
		r->db,
		"SELECT k.id, k.name, coalesce(a.name, ''), coalesce(k.last_checked, '') FROM kaart_items k"
		" LEFT JOIN areas a ON a.code = k.area_code WHERE k.status = 'published'"
		" AND k.corrects_id IS NULL AND (k.last_checked IS NULL"
		" OR k.last_checked < date('now', '-12 months'))"
		" ORDER BY k.last_checked, k.name LIMIT 500");
	html_fmt(b, "<h2 class=\"utrecht-heading-2\">%s</h2><p class=\"utrecht-paragraph\">%s</p>",
		 _("Not checked in the last 12 months"),
		 _("Check whether these are still right, then mark them as checked. To change an item, "
		   "use its correction form."));
	html_fmt(b,
		 "<div class=\"wb-table-wrap\"><table class=\"utrecht-table\"><caption>%s</caption>"
		 "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		 "<th scope=\"col\">%s</th></tr></thead><tbody>",
		 _("Items to check"), _("Name"), _("Area"), _("Last checked"), _("Action"));
	int n = 0;
	while (db_step(s) == DB_ROW) {
		long long id = db_col_int(s, 0);
		const char *name = arena_strdup(r->arena, db_col_text(s, 1));
		const char *checked = db_col_text(s, 3);
		html_fmt(b,
			 "<tr><td><a class=\"utrecht-link\" href=\"/kaart/%lld\">%s</a> "
			 "(<a class=\"utrecht-link\" href=\"/kaart/%lld/correctie\">%s</a>)</td>"
			 "<td>%s</td><td>%s</td><td>",
			 id, name, id, _("correct"), db_col_text(s, 2),
			 *checked ? checked : _("never"));
		action_button(r, id, "gecontroleerd", _("Mark as checked"), name);
		html_raw_trusted(b, "</td></tr>");
		n++;
	}
	db_done(s);
	if (!n)
		html_fmt(b, "<tr><td colspan=\"4\">%s</td></tr>",
			 _("All items were checked recently."));
	html_raw_trusted(b, "</tbody></table></div>\n");
}

int kaart_page_review(struct req *r)
{
	page_begin(r, _("Review the social map"));
	html_fmt(&r->out,
		 "<h1 class=\"utrecht-heading-1\">%s</h1><p class=\"utrecht-paragraph wb-meta\">"
		 "<a class=\"utrecht-link\" href=\"/beheer/kaart.csv\">%s</a> · "
		 "<a class=\"utrecht-link\" href=\"/api/v1/beheer/kaart\">%s</a></p>",
		 _("Review the social map"), _("Download (CSV)"), _("Data (JSON)"));
	const char *done = req_query(r, "klaar");
	const char *msg = !done                                ? NULL
			  : strcmp(done, "gepubliceerd") == 0  ? _("The item is published.")
			  : strcmp(done, "afgewezen") == 0     ? _("The suggestion is rejected.")
			  : strcmp(done, "gecontroleerd") == 0 ? _("The item is marked as checked.")
							       : NULL;
	if (msg)
		html_fmt(&r->out,
			 "<div class=\"wb-notice\" role=\"status\"><p class=\"utrecht-paragraph\">"
			 "%s</p></div>",
			 msg);
	pending_list(r);
	stale_list(r);
	page_end(r);
	return 200;
}

/* Copies a pending correction onto its original and deletes the
 * correction. The caller holds the transaction. 0 or -1. */
static int apply_correction(struct req *r, struct kaart_item *corr)
{
	struct kaart_item orig;
	if (!kaart_item_load(r->db, r->arena, corr->corrects_id, &orig) ||
	    strcmp(orig.status, "published") != 0)
		return -1;
	/* A correction form never shows a hidden contact; keep it unless the
	 * resident gave a new one. */
	if (!corr->show_contact && !*corr->contact)
		corr->contact = orig.contact;
	/* The original keeps its own source (who runs it), not "suggested by". */
	corr->source = orig.source;
	corr->last_checked = NULL;
	if (kaart_item_update(r->db, orig.id, corr) != 0)
		return -1;
	struct db_stmt *s =
		db_prepare(r->db, "UPDATE kaart_items SET last_checked = date('now') WHERE id = ?");
	db_bind_int(s, 1, orig.id);
	int rc = db_step(s);
	db_done(s);
	s = db_prepare(r->db, "DELETE FROM kaart_items WHERE id = ? AND status = 'pending'");
	db_bind_int(s, 1, corr->id);
	rc = rc == DB_DONE ? db_step(s) : rc;
	db_done(s);
	return rc == DB_DONE ? 0 : -1;
}

enum review_action { PUBLISH, REJECT, CHECKED };

/* Runs one review action in a BEGIN IMMEDIATE transaction; returns the
 * HTTP status (303 on success). */
static int review(struct req *r, enum review_action what)
{
	long long id = kaart_parse_id(req_param(r, 0));
	if (!id)
		return resp_error_page(r, 404, _("This item does not exist."));
	if (db_begin(r->db) != DB_OK)
		return resp_error_page(r, 503, _("The database is busy. Please try again."));
	struct kaart_item it;
	if (!kaart_item_load(r->db, r->arena, id, &it)) {
		db_rollback(r->db);
		return resp_error_page(r, 404, _("This item does not exist."));
	}
	const char *need = what == CHECKED ? "published" : "pending";
	if (strcmp(it.status, need) != 0 || (what == CHECKED && it.corrects_id)) {
		db_rollback(r->db);
		return resp_error_page(
			r, 409,
			what == CHECKED
				? _("Only published items can be marked as checked.")
				: _("This suggestion was already handled, perhaps by a colleague."));
	}
	int rc = 0;
	const char *done;
	if (what == PUBLISH && it.corrects_id) {
		rc = apply_correction(r, &it);
		done = "gepubliceerd";
	} else {
		struct db_stmt *s = db_prepare(
			r->db,
			"UPDATE kaart_items SET status = ?, last_checked = CASE WHEN ? THEN date('now')"
			" ELSE last_checked END, updated_at = datetime('now') WHERE id = ?");
		db_bind_text(s, 1, what == REJECT ? "rejected" : "published");
		db_bind_int(s, 2, what != REJECT);
		db_bind_int(s, 3, id);
		rc = db_step(s) == DB_DONE ? 0 : -1;
		db_done(s);
		done = what == PUBLISH  ? "gepubliceerd"
		       : what == REJECT ? "afgewezen"
					: "gecontroleerd";
	}
	if (rc != 0 || db_commit(r->db) != DB_OK) {
		db_rollback(r->db);
		return resp_error_page(r, 409,
				       _("This could not be saved. The original item may have "
					 "been removed. Please reload the page."));
	}
	return resp_redirect(r, arena_printf(r->arena, "/beheer/kaart?klaar=%s", done));
}

int kaart_review_publish(struct req *r) { return review(r, PUBLISH); }
int kaart_review_reject(struct req *r) { return review(r, REJECT); }
int kaart_review_checked(struct req *r) { return review(r, CHECKED); }

/* ------------------------------------------- the review lists as data */

/* Both review lists in one statement: pending suggestions/corrections
 * ('pending') and published items not checked in 12 months ('stale'). */
static struct db_stmt *review_rows(struct req *r)
{
	return db_prepare(
		r->db,
		"SELECT 'pending', k.id, k.name, k.kind, coalesce(k.area_code, ''), coalesce(k.corrects_id, 0),"
		" k.channel, k.created_at, coalesce(k.last_checked, '') FROM kaart_items k"
		" WHERE k.status = 'pending'"
		" UNION ALL SELECT 'stale', k.id, k.name, k.kind, coalesce(k.area_code, ''), 0, k.channel,"
		" k.created_at, coalesce(k.last_checked, '') FROM kaart_items k"
		" WHERE k.status = 'published' AND k.corrects_id IS NULL AND (k.last_checked IS NULL"
		" OR k.last_checked < date('now', '-12 months'))"
		" ORDER BY 1, 8, 2 LIMIT 5000");
}

int kaart_api_review(struct req *r)
{
	json_t *pending = json_array(), *stale = json_array();
	struct db_stmt *s = review_rows(r);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		bool is_pending = strcmp(db_col_text(s, 0), "pending") == 0;
		long long corrects = db_col_int(s, 5);
		json_t *o = json_pack("{s:I, s:s, s:s, s:s?, s:s, s:s, s:s?}", "id",
				      (json_int_t)db_col_int(s, 1), "name", db_col_text(s, 2),
				      "kind", db_col_text(s, 3), "area",
				      *db_col_text(s, 4) ? db_col_text(s, 4) : NULL, "channel",
				      db_col_text(s, 6), "created_at", db_col_text(s, 7),
				      "last_checked", *db_col_text(s, 8) ? db_col_text(s, 8) : NULL);
		if (is_pending)
			json_object_set_new(o, "corrects_id",
					    corrects ? json_integer(corrects) : json_null());
		json_array_append_new(is_pending ? pending : stale, o);
	}
	db_done(s);
	if (rc != DB_DONE) {
		json_decref(pending);
		json_decref(stale);
		return resp_problem(r, 503, _("Unavailable"), _("The database is busy."), NULL);
	}
	return resp_json(r, 200, json_pack("{s:o, s:o}", "pending", pending, "stale", stale));
}

int kaart_review_csv(struct req *r)
{
	resp_csv(r, "sociale-kaart-controle.csv");
	struct buf *b = &r->out;
	buf_puts(b, "list,id,name,kind,area,corrects_id,channel,created_at,last_checked\r\n");
	struct db_stmt *s = review_rows(r);
	while (db_step(s) == DB_ROW) {
		for (int i = 0; i < 9; i++) {
			const char *v = db_col_text(s, i);
			if (i == 5 && db_col_int(s, 5) == 0)
				v = "";
			csv_cell(b, v, i == 8);
		}
	}
	db_done(s);
	return 200;
}
