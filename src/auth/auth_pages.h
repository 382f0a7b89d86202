/* SPDX-License-Identifier: EUPL-1.2 */
/* auth_pages.h: login/logout pages and user management; AUTH_ROUTES is
 * spliced into the route table in routes.c. */
#ifndef WB_AUTH_AUTH_PAGES_H
#define WB_AUTH_AUTH_PAGES_H

#include "http/http.h"

#define AUTH_ROUTES

#endif
