/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * date.c: dates as people write them ("1 maart 2027") instead of ISO
 * ("2027-03-01"), in the calling thread's language. Month names go through
 * gettext like every other text, so they do not depend on the C library's
 * locale data.
 */
#include "i18n/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n/i18n.h"
#include "util/mem.h"

static const char *const months[12] = {
	N_("January"), N_("February"), N_("March"),     N_("April"),   N_("May"),      N_("June"),
	N_("July"),    N_("August"),   N_("September"), N_("October"), N_("November"), N_("December"),
};

const char *date_human(struct arena *a, const char *iso)
{
	if (!iso)
		return "";
	int y, m, d, used = 0;
	if (strlen(iso) != 10 || sscanf(iso, "%4d-%2d-%2d%n", &y, &m, &d, &used) != 3 || used != 10 ||
	    m < 1 || m > 12 || d < 1 || d > 31)
		return iso;
	/* TRANSLATORS: a date: day, month name, year; "1 March 2027". */
	return arena_printf(a, _("%d %s %d"), d, gettext(months[m - 1]), y);
}
