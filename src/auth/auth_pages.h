/* SPDX-License-Identifier: EUPL-1.2 */
/* auth_pages.h: login/logout pages and user management; AUTH_ROUTES is
 * spliced into the route table in routes.c. */
#ifndef WB_AUTH_AUTH_PAGES_H
#define WB_AUTH_AUTH_PAGES_H

#include "http/http.h"

/* Largest login or account form body accepted. */
#define AUTH_FORM_BODY (16 * 1024)

/* page_login.c */
int page_login(struct req *r);        /* GET /login */
int page_login_post(struct req *r);   /* POST /login */
int page_logout_post(struct req *r);  /* POST /logout */

/* page_users.c */
int page_users(struct req *r);            /* GET /beheer/gebruikers */
int page_users_post(struct req *r);       /* POST /beheer/gebruikers: add a user */
int page_users_csv(struct req *r);        /* GET /beheer/gebruikers.csv */
int page_user_deactivate(struct req *r);  /* POST /beheer/gebruikers/{id}/uit */
int page_user_activate(struct req *r);    /* POST /beheer/gebruikers/{id}/aan */
int api_users(struct req *r);             /* GET /api/v1/users */

#define AUTH_ROUTES \
	{"GET",  "/login",                      page_login,            ROLE_INWONER,   false, 0}, \
	{"POST", "/login",                      page_login_post,       ROLE_INWONER,   true,  AUTH_FORM_BODY}, \
	{"POST", "/logout",                     page_logout_post,      ROLE_INWONER,   true,  AUTH_FORM_BODY}, \
	{"GET",  "/beheer/gebruikers",          page_users,            ROLE_BEHEERDER, false, 0}, \
	{"POST", "/beheer/gebruikers",          page_users_post,       ROLE_BEHEERDER, true,  AUTH_FORM_BODY}, \
	{"GET",  "/beheer/gebruikers.csv",      page_users_csv,        ROLE_BEHEERDER, false, 0}, \
	{"POST", "/beheer/gebruikers/{id}/uit", page_user_deactivate,  ROLE_BEHEERDER, true,  AUTH_FORM_BODY}, \
	{"POST", "/beheer/gebruikers/{id}/aan", page_user_activate,    ROLE_BEHEERDER, true,  AUTH_FORM_BODY}, \
	{"GET",  "/api/v1/users",               api_users,             ROLE_BEHEERDER, false, 0},

#endif
