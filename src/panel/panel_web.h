/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * panel_web.h: the burgerraad (resident panel) web module: panels with quotas,
 * public sign-up for the pool, staff upload of a pool CSV, the quotas editor
 * with a feasibility check, the LEXIMIN draw with a public seed, the public
 * transparency page, replacements after drop-outs and deletion of pool data.
 * Handlers in page_panel*.c; SQL in panel_store.c. Every handler takes the
 * request and returns the HTTP status.
 */
#ifndef WB_PANEL_PANEL_WEB_H
#define WB_PANEL_PANEL_WEB_H

#include "http/http.h"

#define PANEL_FORM_BODY (64 * 1024)
#define PANEL_UPLOAD_BODY (1024 * 1024)

/* page_panel.c: list (HTML, CSV, JSON), new panel, the public transparency page and its JSON. */
int panel_page_list(struct req *r);   /* GET /panels */
int panel_csv_list(struct req *r);    /* GET /panels.csv */
int panel_api_list(struct req *r);    /* GET /api/v1/panels */
int panel_page_new(struct req *r);    /* GET /panels/nieuw */
int panel_post_new(struct req *r);    /* POST /panels/nieuw */
int panel_page_show(struct req *r);   /* GET /panels/{id} */
int panel_csv_tickets(struct req *r); /* GET /panels/{id}/loten.csv */
int panel_api_show(struct req *r);    /* GET /api/v1/panels/{id} */

/* page_panel_signup.c: public sign-up for the pool. */
int panel_page_signup(struct req *r); /* GET /panels/{id}/aanmelden */
int panel_post_signup(struct req *r); /* POST /panels/{id}/aanmelden */
/* A resident's own sign-up through their private link (page_panel_own.c). */
int panel_page_own(struct req *r);    /* GET /panels/{id}/mijn/{token} */
int panel_post_own(struct req *r);    /* POST /panels/{id}/mijn/{token}: withdraw */
int panel_api_own(struct req *r);     /* GET /api/v1/panels/{id}/mijn/{token} */

/* page_panel_staff.c: staff page, pool upload, quotas, draw, drop-outs, deletion. */
int panel_page_staff(struct req *r);  /* GET /panels/{id}/beheer */
int panel_post_pool(struct req *r);   /* POST /panels/{id}/pool */
int panel_post_quota(struct req *r);  /* POST /panels/{id}/quota */
int panel_post_draw(struct req *r);   /* POST /panels/{id}/loting */
int panel_post_drop(struct req *r);   /* POST /panels/{id}/uitval */
int panel_post_delete(struct req *r); /* POST /panels/{id}/wissen */
int panel_post_signup_state(struct req *r); /* POST /panels/{id}/aanmelding */
int panel_post_household(struct req *r); /* POST /panels/{id}/huishouden */
int panel_api_quota_check(struct req *r); /* POST /api/v1/panels/{id}/quota-check */
int panel_csv_members(struct req *r); /* GET /panels/{id}/leden.csv (staff) */
int panel_api_members(struct req *r); /* GET /api/v1/panels/{id}/leden (staff) */

#define PANEL_ROUTES                                                                              \
	{"GET",  "/panels",                 panel_page_list,   ROLE_INWONER,         false, 0}, \
	{"GET",  "/panels.csv",             panel_csv_list,    ROLE_INWONER,         false, 0}, \
	{"GET",  "/api/v1/panels",          panel_api_list,    ROLE_INWONER,         false, 0}, \
	{"GET",  "/panels/nieuw",           panel_page_new,    ROLE_BELEIDSADVISEUR, false, 0}, \
	{"POST", "/panels/nieuw",           panel_post_new,    ROLE_BELEIDSADVISEUR, true,  PANEL_FORM_BODY}, \
	{"GET",  "/panels/{id}",            panel_page_show,   ROLE_INWONER,         false, 0}, \
	{"GET",  "/panels/{id}/loten.csv",  panel_csv_tickets, ROLE_INWONER,         false, 0}, \
	{"GET",  "/api/v1/panels/{id}",     panel_api_show,    ROLE_INWONER,         false, 0}, \
	{"GET",  "/panels/{id}/aanmelden",  panel_page_signup, ROLE_INWONER,         false, 0}, \
	{"POST", "/panels/{id}/aanmelden",  panel_post_signup, ROLE_INWONER,         ROUTE_CSRF | ROUTE_LIMITED, PANEL_FORM_BODY}, \
	{"GET",  "/panels/{id}/beheer",     panel_page_staff,  ROLE_PROFESSIONAL,    false, 0}, \
	{"POST", "/panels/{id}/pool",       panel_post_pool,   ROLE_BELEIDSADVISEUR, true,  PANEL_UPLOAD_BODY}, \
	{"POST", "/panels/{id}/quota",      panel_post_quota,  ROLE_BELEIDSADVISEUR, true,  PANEL_FORM_BODY}, \
	{"POST", "/panels/{id}/loting",     panel_post_draw,   ROLE_BELEIDSADVISEUR, true,  PANEL_FORM_BODY}, \
	{"POST", "/panels/{id}/uitval",     panel_post_drop,   ROLE_BELEIDSADVISEUR, true,  PANEL_FORM_BODY}, \
	{"POST", "/panels/{id}/wissen",     panel_post_delete, ROLE_BELEIDSADVISEUR, true,  PANEL_FORM_BODY}, \
	{"POST", "/panels/{id}/aanmelding", panel_post_signup_state, ROLE_BELEIDSADVISEUR, true, PANEL_FORM_BODY}, \
	{"POST", "/panels/{id}/huishouden", panel_post_household, ROLE_BELEIDSADVISEUR, true, PANEL_FORM_BODY}, \
	{"POST", "/api/v1/panels/{id}/quota-check", panel_api_quota_check, ROLE_BELEIDSADVISEUR, true, PANEL_FORM_BODY}, \
	{"GET",  "/panels/{id}/leden.csv",  panel_csv_members, ROLE_PROFESSIONAL,    false, 0}, \
	{"GET",  "/api/v1/panels/{id}/leden", panel_api_members, ROLE_PROFESSIONAL,  false, 0}, \
	{"GET",  "/panels/{id}/mijn/{token}", panel_page_own, ROLE_INWONER,         false, 0}, \
	{"POST", "/panels/{id}/mijn/{token}", panel_post_own, ROLE_INWONER,         ROUTE_CSRF | ROUTE_LIMITED, PANEL_FORM_BODY}, \
	{"GET",  "/api/v1/panels/{id}/mijn/{token}", panel_api_own, ROLE_INWONER,   false, 0},

/* The rule of 5 (docs/PRIVACY-DESIGN.md): no published count under this. */
#define PANEL_MIN_GROUP 5

/* How a published count is shown: as the number, as "< 5" (primary
 * suppression), or hidden so that a small one cannot be worked out by
 * subtraction (complementary suppression). */
enum panel_cell { PANEL_CELL_SHOWN, PANEL_CELL_SMALL, PANEL_CELL_HIDDEN };

/* Decides which counts of a table may be published. count[0..n) are cells
 * in rows: cells with equal group[i] (next to each other) form a row whose
 * cells add up to total, and total itself is published (unless it is under
 * PANEL_MIN_GROUP). Counts under PANEL_MIN_GROUP become SMALL; then, in each
 * row, the smallest shown cells become HIDDEN until no SMALL or HIDDEN cell
 * has only one value left that fits the row total (SMALL cells lie in 0..4,
 * HIDDEN ones in 5..total). out[0..n) receives the states. Pure function. */
void panel_suppress(const int *count, const int *group, int n, int total, enum panel_cell *out);

/* Shared by the page files. */
struct ps_panel;
/* Reads {id} and loads the panel; on failure answers 404 (page or problem
 * JSON) and returns that status, else 0. */
int panel_load(struct req *r, struct ps_panel *p);
/* Shows the staff page with optional per-form state (all may be NULL):
 * the pool CSV kept and its error, the quota input kept (min_/max_ fields of
 * the form) with the feasibility report as HTML built by our code, the seed
 * kept and its error, and a message for the whole page. Returns status. */
struct panel_staff_state {
	const char *pool_csv, *pool_error;
	const char *address_columns, *address_error;
	bool quota_from_form;
	const char *quota_report_html; /* trusted markup built with html_fmt */
	const char *seed, *seed_error;
	const char *drop, *drop_error;
	const char *delete_error;
	const char *notice;
};
int panel_show_staff(struct req *r, const struct ps_panel *p, const struct panel_staff_state *s,
		     int status);
/* Runs LEXIMIN with the still selected people fixed, makes the ticket table
 * of 1000 tickets, picks the seed's ticket and stores it all as the next
 * draw round of panel p. Returns 0; 422 with s->seed_error (and, for
 * conflicting quotas, s->quota_report_html) filled; or 500/503 when the
 * database failed. Strings live in the arena. */
struct db;
int panel_run_draw(struct db *db, struct arena *a, const struct ps_panel *p, const char *seed,
		   struct panel_staff_state *s);
/* `wijkbasis panel demo --db DB [--instance DIR]`: a clearly marked demo panel
 * with a published example pool, drawn with a fixed public seed. Returns 0, 1
 * (failure) or 2 (usage). */
int panel_cmd_demo(int argc, char **argv);

#endif
