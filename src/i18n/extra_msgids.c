/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * extra_msgids.c: msgids that reach gettext through a variable, so that
 * xgettext (which only sees literals inside _() and N_()) still extracts them
 * for po/nl/core.po and tests/i18n/check.sh can check they are translated.
 * Example: layout.c shows the user's role as _(role_name(role)).
 */
#include <stddef.h>

#include "i18n/i18n.h"

/* The role names of role_name() in http/response.c, NULL-terminated. Nothing
 * reads this array at run time; it exists for xgettext. */
const char *const i18n_extra_msgids[] = {
	N_("inwoner"),
	N_("professional"),
	N_("beleidsadviseur"),
	N_("beheerder"),
	NULL,
};
