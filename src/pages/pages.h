/* SPDX-License-Identifier: EUPL-1.2 */
/* pages.h: site-wide pages that belong to no domain module. */
#ifndef WB_PAGES_PAGES_H
#define WB_PAGES_PAGES_H

#include "http/http.h"

int page_home(struct req *r);
/* GET /api/v1/doe-mee: what residents can take part in right now (the start
 * page's "Doe nu mee" as JSON): {"items": [{kind, action, url, title, area,
 * until}], "total"}; area and until are null when there is none. */
int api_take_part(struct req *r);
int page_accessibility(struct req *r);
int page_privacy(struct req *r);
int page_static(struct req *r);

#endif
