/* SPDX-License-Identifier: EUPL-1.2 */
/* gebieden.h: the area tree (regio > gemeente > wijk > buurt). */
#ifndef WB_GEBIEDEN_GEBIEDEN_H
#define WB_GEBIEDEN_GEBIEDEN_H

#include "http/http.h"

#define GEBIEDEN_ROUTES

#endif
