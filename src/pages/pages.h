/* SPDX-License-Identifier: EUPL-1.2 */
/* pages.h: site-wide pages that belong to no domain module. */
#ifndef WB_PAGES_PAGES_H
#define WB_PAGES_PAGES_H

#include "http/http.h"

int page_home(struct req *r);
int page_accessibility(struct req *r);
int page_privacy(struct req *r);
int page_static(struct req *r);

#endif
