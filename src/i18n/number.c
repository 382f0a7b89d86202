/* SPDX-License-Identifier: EUPL-1.2 */
/* number.c: see number.h. */
#include "i18n/number.h"

#include <string.h>

#include "util/mem.h"

const char *num_text(struct arena *a, const char *lang, double v, int decimals)
{
	if (decimals < 0)
		decimals = 0;
	if (decimals > 6)
		decimals = 6;
	/* printf always writes a dot here: the process locale stays "C" (only
	 * LC_MESSAGES follows the request), so swapping it is safe. */
	char *s = arena_printf(a, "%.*f", decimals, v);
	if (!(lang && strcmp(lang, "en") == 0)) {
		char *dot = strchr(s, '.');
		if (dot)
			*dot = ',';
	}
	return s;
}
