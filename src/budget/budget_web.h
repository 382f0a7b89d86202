/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * budget_web.h: the buurtbudget web module: rounds, proposals without an
 * account, review, one-time vote codes, voting, paper ballots on behalf of
 * residents, and the result. Handlers in page_budget*.c; SQL in
 * budget_store.c. Every handler takes the request and returns the status.
 */
#ifndef WB_BUDGET_BUDGET_WEB_H
#define WB_BUDGET_BUDGET_WEB_H

#include "http/http.h"

#define BUDGET_FORM_BODY (64 * 1024)

/* page_budget.c: the list of rounds (HTML, CSV, JSON), a round, a new round,
 * moving a round to its next phase. */
int budget_page_list(struct req *r);      /* GET /buurtbudget */
int budget_csv_list(struct req *r);       /* GET /buurtbudget.csv */
int budget_api_list(struct req *r);       /* GET /api/v1/buurtbudget */
int budget_page_new(struct req *r);       /* GET /buurtbudget/nieuw */
int budget_post_new(struct req *r);       /* POST /buurtbudget/nieuw */
int budget_page_round(struct req *r);     /* GET /buurtbudget/{id} */
int budget_csv_projects(struct req *r);   /* GET /buurtbudget/{id}/projecten.csv */
int budget_api_round(struct req *r);      /* GET /api/v1/buurtbudget/{id} */
int budget_post_phase(struct req *r);     /* POST /buurtbudget/{id}/fase */

/* page_budget_propose.c: proposals and their review. */
int budget_page_propose(struct req *r);   /* GET /buurtbudget/{id}/voorstel */
int budget_post_propose(struct req *r);   /* POST /buurtbudget/{id}/voorstel */
int budget_page_review(struct req *r);    /* GET /buurtbudget/{id}/beoordelen */
int budget_post_review(struct req *r);    /* POST /buurtbudget/{id}/beoordelen */

/* page_budget_vote.c: codes, the ballot, paper ballots. */
int budget_page_codes(struct req *r);     /* GET /buurtbudget/{id}/codes */
int budget_post_codes(struct req *r);     /* POST /buurtbudget/{id}/codes: the sheet, once */
int budget_post_codes_email(struct req *r); /* POST /buurtbudget/{id}/codes-email */
int budget_page_vote(struct req *r);      /* GET /buurtbudget/{id}/stemmen */
int budget_post_vote(struct req *r);      /* POST /buurtbudget/{id}/stemmen */
int budget_page_paper(struct req *r);     /* GET /buurtbudget/{id}/papier */
int budget_post_paper(struct req *r);     /* POST /buurtbudget/{id}/papier */

/* page_budget_result.c: the stored result and its exports. */
int budget_page_result(struct req *r);    /* GET /buurtbudget/{id}/uitslag */
int budget_pb_result(struct req *r);      /* GET /buurtbudget/{id}/uitslag.pb */
int budget_csv_result(struct req *r);     /* GET /buurtbudget/{id}/uitslag.csv */
int budget_api_result(struct req *r);     /* GET /api/v1/buurtbudget/{id}/uitslag */

#define BUDGET_ROUTES                                                                                 \
	{"GET",  "/buurtbudget",                     budget_page_list,    ROLE_INWONER,         false, 0}, \
	{"GET",  "/buurtbudget.csv",                 budget_csv_list,     ROLE_INWONER,         false, 0}, \
	{"GET",  "/api/v1/buurtbudget",              budget_api_list,     ROLE_INWONER,         false, 0}, \
	{"GET",  "/buurtbudget/nieuw",               budget_page_new,     ROLE_BELEIDSADVISEUR, false, 0}, \
	{"POST", "/buurtbudget/nieuw",               budget_post_new,     ROLE_BELEIDSADVISEUR, true,  BUDGET_FORM_BODY}, \
	{"GET",  "/buurtbudget/{id}",                budget_page_round,   ROLE_INWONER,         false, 0}, \
	{"GET",  "/buurtbudget/{id}/projecten.csv",  budget_csv_projects, ROLE_INWONER,         false, 0}, \
	{"GET",  "/api/v1/buurtbudget/{id}",         budget_api_round,    ROLE_INWONER,         false, 0}, \
	{"POST", "/buurtbudget/{id}/fase",           budget_post_phase,   ROLE_BELEIDSADVISEUR, true,  BUDGET_FORM_BODY}, \
	{"GET",  "/buurtbudget/{id}/voorstel",       budget_page_propose, ROLE_INWONER,         false, 0}, \
	{"POST", "/buurtbudget/{id}/voorstel",       budget_post_propose, ROLE_INWONER,         ROUTE_CSRF | ROUTE_LIMITED, BUDGET_FORM_BODY}, \
	{"GET",  "/buurtbudget/{id}/beoordelen",     budget_page_review,  ROLE_PROFESSIONAL,    false, 0}, \
	{"POST", "/buurtbudget/{id}/beoordelen",     budget_post_review,  ROLE_PROFESSIONAL,    true,  BUDGET_FORM_BODY}, \
	{"GET",  "/buurtbudget/{id}/codes",          budget_page_codes,   ROLE_BELEIDSADVISEUR, false, 0}, \
	{"POST", "/buurtbudget/{id}/codes",          budget_post_codes,   ROLE_BELEIDSADVISEUR, true,  BUDGET_FORM_BODY}, \
	{"POST", "/buurtbudget/{id}/codes-email",    budget_post_codes_email, ROLE_BELEIDSADVISEUR, true, 256 * 1024}, \
	{"GET",  "/buurtbudget/{id}/stemmen",        budget_page_vote,    ROLE_INWONER,         false, 0}, \
	{"POST", "/buurtbudget/{id}/stemmen",        budget_post_vote,    ROLE_INWONER,         true,  BUDGET_FORM_BODY}, \
	{"GET",  "/buurtbudget/{id}/papier",         budget_page_paper,   ROLE_PROFESSIONAL,    false, 0}, \
	{"POST", "/buurtbudget/{id}/papier",         budget_post_paper,   ROLE_PROFESSIONAL,    true,  BUDGET_FORM_BODY}, \
	{"GET",  "/buurtbudget/{id}/uitslag",        budget_page_result,  ROLE_INWONER,         false, 0}, \
	{"GET",  "/buurtbudget/{id}/uitslag.pb",     budget_pb_result,    ROLE_INWONER,         false, 0}, \
	{"GET",  "/buurtbudget/{id}/uitslag.csv",    budget_csv_result,   ROLE_INWONER,         false, 0}, \
	{"GET",  "/api/v1/buurtbudget/{id}/uitslag", budget_api_result,   ROLE_INWONER,         false, 0},

/* Shared by the page files (page_budget.c). */
struct bs_round;
/* Reads {id} and loads the round; on failure answers 404 (page or problem
 * JSON) and returns that status, else 0. */
int budget_load_round(struct req *r, struct bs_round *rd);
/* Translated label of a phase, ballot type or channel code. */
const char *budget_phase_label(const char *phase);
const char *budget_ballot_label(const char *ballot);
const char *budget_channel_label(const char *channel);
/* The codes page: the form for a printable sheet (count, with count_error)
 * and the form for codes by e-mail (addresses kept, with mail_error). Returns
 * status. */
int budget_show_codes(struct req *r, const struct bs_round *rd, const char *count,
		      const char *count_error, const char *addresses, const char *mail_error,
		      int status);
/* The configured mail command (serve --mail-command), or NULL when mail is
 * not configured. */
const char *budget_mail_command(const struct req *r);
/* "€ 12.345" */
const char *budget_euro(struct req *r, long long euros);

#endif
