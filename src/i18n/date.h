/* SPDX-License-Identifier: EUPL-1.2 */
/* date.h: a YYYY-MM-DD date written for people, in the thread's language. */
#ifndef WB_I18N_DATE_H
#define WB_I18N_DATE_H

struct arena;

/* "2027-03-01" -> "1 maart 2027" (Dutch) or "1 March 2027" (English), an
 * arena string. Anything that is not a YYYY-MM-DD date is returned as it is
 * (never NULL; NULL gives ""). */
const char *date_human(struct arena *a, const char *iso);

#endif
