/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * i18n.h: translations with GNU gettext. msgids are English; po/nl.po holds
 * the Dutch (B1) text that residents see by default. The language is chosen
 * per request and set on the handling thread with uselocale(), so two
 * requests in two languages can run at once.
 */
#ifndef WB_I18N_I18N_H
#define WB_I18N_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

/* Binds the text domain; call once at start-up. Returns 0, or -1 when the
 * Dutch locale is missing (pages would then be English). */
int i18n_init(const char *locale_dir);
/* Sets the calling thread's language: "nl", "en", or NULL to reset. */
void i18n_use(const char *lang);
/* The calling thread's language as set by i18n_use: "nl", or "en" for
 * English and for the untranslated default (the command line). For code
 * without a request at hand that writes numbers into translated text. */
const char *i18n_lang(void);

#endif
