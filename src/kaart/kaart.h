/* SPDX-License-Identifier: EUPL-1.2 */
/* kaart.h: the sociale kaart (ABCD asset map). */
#ifndef WB_KAART_KAART_H
#define WB_KAART_KAART_H

#include <stdbool.h>
#include <stdio.h>

#include "http/http.h"

struct db;

/* Handlers (page_kaart*.c). */
int kaart_page_list(struct req *r);
int kaart_page_item(struct req *r);
int kaart_csv(struct req *r);
int kaart_api_list(struct req *r);
int kaart_api_item(struct req *r);
int kaart_page_new(struct req *r);
int kaart_page_new_post(struct req *r);
int kaart_page_thanks(struct req *r);
int kaart_page_correction(struct req *r);
int kaart_page_correction_post(struct req *r);
int kaart_page_review(struct req *r);
int kaart_review_publish(struct req *r);
int kaart_review_reject(struct req *r);
int kaart_review_checked(struct req *r);
int kaart_api_review(struct req *r);
int kaart_review_csv(struct req *r);
int kaart_page_overview(struct req *r);
int kaart_api_overview(struct req *r);
int kaart_overview_csv(struct req *r);

/* Largest suggestion form accepted, in bytes. */
#define KAART_FORM_BODY (32 * 1024)

/* clang-format off */
/* Routes, spliced into routes.c. Literal paths come before /kaart/{id}:
 * the table is matched in order. */
#define KAART_ROUTES \
	{"GET",  "/kaart",                      kaart_page_list,       ROLE_INWONER, false, 0}, \
	{"GET",  "/kaart.csv",                  kaart_csv,             ROLE_INWONER, false, 0}, \
	{"GET",  "/kaart/nieuw",                kaart_page_new,        ROLE_INWONER, false, 0}, \
	{"POST", "/kaart/nieuw",                kaart_page_new_post,   ROLE_INWONER, ROUTE_CSRF | ROUTE_LIMITED, KAART_FORM_BODY}, \
	{"GET",  "/kaart/bedankt",              kaart_page_thanks,     ROLE_INWONER, false, 0}, \
	{"GET",  "/kaart/overzicht",            kaart_page_overview,   ROLE_BELEIDSADVISEUR, false, 0}, \
	{"GET",  "/kaart/overzicht.csv",        kaart_overview_csv,    ROLE_BELEIDSADVISEUR, false, 0}, \
	{"GET",  "/kaart/{id}",                 kaart_page_item,       ROLE_INWONER, false, 0}, \
	{"GET",  "/kaart/{id}/correctie",       kaart_page_correction, ROLE_INWONER, false, 0}, \
	{"POST", "/kaart/{id}/correctie",       kaart_page_correction_post, ROLE_INWONER, ROUTE_CSRF | ROUTE_LIMITED, KAART_FORM_BODY}, \
	{"GET",  "/beheer/kaart",               kaart_page_review,     ROLE_PROFESSIONAL, false, 0}, \
	{"GET",  "/beheer/kaart.csv",           kaart_review_csv,      ROLE_PROFESSIONAL, false, 0}, \
	{"GET",  "/api/v1/beheer/kaart",        kaart_api_review,      ROLE_PROFESSIONAL, false, 0}, \
	{"POST", "/beheer/kaart/{id}/publiceer", kaart_review_publish, ROLE_PROFESSIONAL, true, 4096}, \
	{"POST", "/beheer/kaart/{id}/afwijzen", kaart_review_reject,   ROLE_PROFESSIONAL, true, 4096}, \
	{"POST", "/beheer/kaart/{id}/gecontroleerd", kaart_review_checked, ROLE_PROFESSIONAL, true, 4096}, \
	{"GET",  "/api/v1/kaart",               kaart_api_list,        ROLE_INWONER, false, 0}, \
	{"GET",  "/api/v1/kaart/overzicht",     kaart_api_overview,    ROLE_BELEIDSADVISEUR, false, 0}, \
	{"GET",  "/api/v1/kaart/{id}",          kaart_api_item,        ROLE_INWONER, false, 0},
/* clang-format on */

/* `wijkbasis import kaart FILE.csv --db PATH [--demo]` (argv[0] is "kaart").
 * Returns the process exit status: 0 ok, 1 bad data or database error,
 * 2 usage error. */
/* Retention (kaart_retention.c, run by src/retention.c): deletes rejected
 * suggestions whose rejection is older than KAART_REJECTED_MONTHS months at
 * Unix time now. Own transaction. Returns the number deleted, or -1. */
#define KAART_REJECTED_MONTHS 3
#define KAART_REJECTED_MONTHS_SQL "3" /* the same, for the SQL text */
long kaart_purge_rejected(struct db *db, long long now);

int kaart_cmd_import(int argc, char **argv);

/* Loads the CSV file at path into db in one transaction. Every error is
 * printed to err as "FILE:LINE: field X: message"; when there is any error
 * nothing is written. Returns the number of items loaded, or -1. */
int kaart_import_file(struct db *db, const char *path, bool demo, FILE *err);

#endif
