/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * layout.h: the page frame every HTML page shares: <head> with the NL Design
 * System stylesheets, skip link, header with navigation and language switch,
 * <main>, footer with the accessibility and privacy statements. Pages write
 * their content to r->out between page_begin() and page_end().
 */
#ifndef WB_HTML_LAYOUT_H
#define WB_HTML_LAYOUT_H

#include <stdbool.h>

struct req;

void page_begin(struct req *r, const char *title);
void page_end(struct req *r);

/* A hidden CSRF field for POST forms. */
void html_csrf_field(struct req *r);
/* Form field helpers in the Utrecht form-field markup; `error` (may be NULL)
 * is shown beside the field and linked with aria-describedby. */
void html_input(struct req *r, const char *name, const char *label, const char *value,
		const char *error, const char *type, const char *hint);
/* The same with an autocomplete token (WCAG 1.3.5: fields that ask for the
 * user's own name, e-mail, postcode or password say so, for browsers and
 * assistive technology): "name", "email", "username", "current-password",
 * "new-password", "postal-code", "tel", ... NULL writes no attribute. */
void html_input_ac(struct req *r, const char *name, const char *label, const char *value,
		   const char *error, const char *type, const char *hint, const char *autocomplete);
void html_textarea(struct req *r, const char *name, const char *label, const char *value,
		   const char *error, const char *hint);
/* One checkbox (value "1", id = name) with its label after it; `hint` and
 * `error` (each may be NULL) are shown below it and linked with
 * aria-describedby. */
void html_checkbox(struct req *r, const char *name, const char *label, const char *hint,
		   bool checked, const char *error);
/* options: NULL-terminated list of value,label pairs. */
void html_select(struct req *r, const char *name, const char *label, const char *value,
		 const char *error, const char *const *options);

#endif
