/* SPDX-License-Identifier: EUPL-1.2 */
/* i18n.c: see i18n.h. The two locale objects are made once at start-up
 * and only read afterwards. */
#include "i18n/i18n.h"

#include <locale.h>
#include <string.h>

#include "util/log.h"

static locale_t loc_nl = (locale_t)0;
static locale_t loc_en = (locale_t)0;

int i18n_init(const char *locale_dir)
{
	setlocale(LC_ALL, "C.UTF-8");
	bindtextdomain("wijkbasis", locale_dir);
	bind_textdomain_codeset("wijkbasis", "UTF-8");
	textdomain("wijkbasis");
	loc_en = newlocale(LC_ALL_MASK, "C.UTF-8", (locale_t)0);
	loc_nl = newlocale(LC_MESSAGES_MASK, "nl_NL.UTF-8", newlocale(LC_ALL_MASK, "C.UTF-8", (locale_t)0));
	if (!loc_nl) {
		log_warn("i18n", "locale nl_NL.UTF-8 is missing: run scripts/install-deps.sh");
		return -1;
	}
	return 0;
}

void i18n_use(const char *lang)
{
	if (lang && strcmp(lang, "en") == 0 && loc_en)
		uselocale(loc_en);
	else if (lang && loc_nl)
		uselocale(loc_nl);
	else
		uselocale(LC_GLOBAL_LOCALE);
}

const char *i18n_lang(void)
{
	return loc_nl && uselocale((locale_t)0) == loc_nl ? "nl" : "en";
}
