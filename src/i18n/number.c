/* SPDX-License-Identifier: EUPL-1.2 */
/* number.c: see number.h. */
#include "i18n/number.h"

#include <stdio.h>
#include <string.h>

#include "util/mem.h"

/* Writes v into s (size n) with the separator of lang. printf always writes
 * a dot here: the process locale stays "C" for numbers (only LC_MESSAGES
 * follows the request), so swapping it is safe. */
static void format(char *s, size_t n, const char *lang, double v, int decimals)
{
	if (decimals < 0)
		decimals = 0;
	if (decimals > 6)
		decimals = 6;
	snprintf(s, n, "%.*f", decimals, v);
	if (!(lang && strcmp(lang, "en") == 0)) {
		char *dot = strchr(s, '.');
		if (dot)
			*dot = ',';
	}
}

const char *num_text(struct arena *a, const char *lang, double v, int decimals)
{
	char s[400];
	format(s, sizeof s, lang, v, decimals);
	return arena_strdup(a, s);
}

void num_append(struct buf *out, const char *lang, double v, int decimals)
{
	char s[400];
	format(s, sizeof s, lang, v, decimals);
	buf_puts(out, s);
}
