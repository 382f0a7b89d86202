/* SPDX-License-Identifier: EUPL-1.2 */
/* gebieden.h: the area tree (regio > gemeente > wijk > buurt): pages, API
 * and routes. Importers are in gebieden_import.h, the map in geo.h. */
#ifndef WB_GEBIEDEN_GEBIEDEN_H
#define WB_GEBIEDEN_GEBIEDEN_H

#include "http/http.h"

/* GET /gebieden: the tree as nested lists with population. */
int page_gebieden(struct req *r);
/* GET /gebieden.csv: every area (code,name,level,parent,population). */
int page_gebieden_csv(struct req *r);
/* GET /gebieden/{code}: one area; 404 page for an unknown code. */
int page_gebied(struct req *r);
/* GET /api/v1/areas?parent=CODE: {"items":[...],"total":N}; no parent: top level. */
int api_areas(struct req *r);
/* GET /api/v1/areas/{code}: one area with its figures; 400/404 problem JSON. */
int api_area(struct req *r);

/* Spliced into the route table in routes.c; all public (role inwoner). */
/* clang-format off */
#define GEBIEDEN_ROUTES                                                        \
	{"GET",  "/gebieden",             page_gebieden,     ROLE_INWONER, false, 0}, \
	{"GET",  "/gebieden.csv",         page_gebieden_csv, ROLE_INWONER, false, 0}, \
	{"GET",  "/gebieden/{code}",      page_gebied,       ROLE_INWONER, false, 0}, \
	{"GET",  "/api/v1/areas",         api_areas,         ROLE_INWONER, false, 0}, \
	{"GET",  "/api/v1/areas/{code}",  api_area,          ROLE_INWONER, false, 0},
/* clang-format on */

#endif
