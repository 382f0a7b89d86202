/* SPDX-License-Identifier: EUPL-1.2 */
/* kaart_html.h: HTML pieces shared by the sociale kaart pages. */
#ifndef WB_KAART_KAART_HTML_H
#define WB_KAART_KAART_HTML_H

#include "kaart/kaart_model.h"

struct req;

/* Translated, comma-separated labels of themes or pillars (arena string). */
const char *kaart_themes_text(struct req *r, const char *const *v, int n);
const char *kaart_pillars_text(struct req *r, const char *const *v, int n);

/* A <select> of all areas (gemeente, then each wijk with its buurten in an
 * optgroup) in Utrecht form-field markup, with the error beside it.
 * any_label (may be NULL) adds a first empty option. */
void kaart_area_select(struct req *r, const char *name, const char *label, const char *value,
		       const char *error, const char *any_label);

/* Options for html_select from a fixed list: value,label pairs (labels
 * translated), with a first empty option when any_label is not NULL. */
const char *const *kaart_options(struct req *r, const char *const *list, int n,
				 const char *(*label)(const char *), const char *any_label);

/* A list of errors at the top of a form, each linking to its field. */
void kaart_error_summary(struct req *r, const struct kaart_errors *e);

#endif
