/* SPDX-License-Identifier: EUPL-1.2 */
/* number.h: numbers with a fraction as people of the page's language write
 * them: "10,5" in Dutch, "10.5" in English. Data (CSV, JSON) keeps the dot. */
#ifndef WB_I18N_NUMBER_H
#define WB_I18N_NUMBER_H

struct arena;
struct buf;

/* v with `decimals` (0..6) digits after the separator, for lang ("en" gives a
 * dot, anything else the Dutch comma). Arena string. */
const char *num_text(struct arena *a, const char *lang, double v, int decimals);
/* The same, appended to out (for text built without an arena). */
void num_append(struct buf *out, const char *lang, double v, int decimals);

#endif
