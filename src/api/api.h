/* SPDX-License-Identifier: EUPL-1.2 */
/* api.h: site-wide JSON endpoints. Module APIs live in their module. */
#ifndef WB_API_API_H
#define WB_API_API_H

#include "http/http.h"

int api_health(struct req *r);
int api_routes(struct req *r);

#endif
