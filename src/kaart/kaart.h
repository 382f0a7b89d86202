/* SPDX-License-Identifier: EUPL-1.2 */
/* kaart.h: the sociale kaart (ABCD asset map). */
#ifndef WB_KAART_KAART_H
#define WB_KAART_KAART_H

#include "http/http.h"

#define KAART_ROUTES

#endif
