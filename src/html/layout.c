/* SPDX-License-Identifier: EUPL-1.2 */
/* layout.c: see layout.h. */
#include "html/layout.h"

#include <string.h>

#include "html/html.h"
#include "http/http.h"
#include "i18n/i18n.h"

/* Does the request path lie in the section of href (the page itself, a
 * page below it, or its .csv)? */
static bool in_section(const char *path, const char *href)
{
	size_t n = strlen(href);
	return path && strncmp(path, href, n) == 0 &&
	       (path[n] == '\0' || path[n] == '/' || path[n] == '.');
}

/* The class the gemeente's design tokens are scoped to (serve --theme-class). */
static const char *theme_class(const struct req *r)
{
	if (r->app && r->app->cfg && r->app->cfg->theme_class)
		return r->app->cfg->theme_class;
	return "voorbeeld-theme";
}

void page_begin(struct req *r, const char *title)
{
	struct buf *b = &r->out;
	html_fmt(b,
		 "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
		 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		 "<title>%s - wijkbasis</title>\n"
		 "<link rel=\"stylesheet\" href=\"/static/nlds/utrecht.css\">\n"
		 "<link rel=\"stylesheet\" href=\"/static/theme.css\">\n"
		 "<link rel=\"stylesheet\" href=\"/static/wijkbasis.css\">\n"
		 "</head>\n<body class=\"utrecht-document %s\">\n"
		 "<a class=\"utrecht-link wb-skip\" href=\"#inhoud\">%s</a>\n"
		 "<header class=\"utrecht-page-header wb-header\"><div class=\"wb-wrap\">\n"
		 "<a class=\"utrecht-link wb-logo\" href=\"/\">wijkbasis</a>\n"
		 "<nav aria-label=\"%s\"><ul class=\"wb-nav\">",
		 r->lang, title, theme_class(r), _("Skip to content"), _("Main menu"));
	/* aria-current marks the section the user is in, for screen readers
	 * and the CSS: "page" on the link's own page, "true" below it. The
	 * longest matching link wins, so /kaart/overzicht marks "Overview", not
	 * "Social map". */
	const struct {
		const char *href, *label;
		enum role min;
	} menu[] = {
		{"/kaart", _("Social map"), ROLE_INWONER},
		{"/gebieden", _("Areas"), ROLE_INWONER},
		{"/buurtbudget", _("Neighbourhood budget"), ROLE_INWONER},
		{"/panels", _("Resident panels"), ROLE_INWONER},
		{"/beheer/kaart", _("Review suggestions"), ROLE_PROFESSIONAL},
		{"/kaart/overzicht", _("Overview"), ROLE_BELEIDSADVISEUR},
		{"/beheer/gebruikers", _("Users"), ROLE_BEHEERDER},
	};
	enum role role = r->user ? r->user->role : ROLE_INWONER;
	size_t n = sizeof menu / sizeof menu[0], current = n;
	for (size_t i = 0; i < n; i++)
		if (role >= menu[i].min && in_section(r->path, menu[i].href) &&
		    (current == n || strlen(menu[i].href) > strlen(menu[current].href)))
			current = i;
	for (size_t i = 0; i < n; i++)
		if (role >= menu[i].min)
			html_fmt(b,
				 i != current ? "<li><a class=\"utrecht-link\" href=\"%s\">%s</a></li>"
				 : strcmp(r->path, menu[i].href) == 0
				     ? "<li><a class=\"utrecht-link\" href=\"%s\" aria-current=\"page\">%s</a></li>"
				     : "<li><a class=\"utrecht-link\" href=\"%s\" aria-current=\"true\">%s</a></li>",
				 menu[i].href, menu[i].label);
	html_raw_trusted(b, "</ul></nav>\n<div class=\"wb-tools\">");
	if (strcmp(r->lang, "en") == 0)
		html_fmt(b, "<a class=\"utrecht-link\" href=\"%s\" lang=\"nl\" hreflang=\"nl\">Nederlands</a>",
			 req_url_with(r, "lang", "nl"));
	else
		html_fmt(b, "<a class=\"utrecht-link\" href=\"%s\" lang=\"en\" hreflang=\"en\">English</a>",
			 req_url_with(r, "lang", "en"));
	if (r->user) {
		html_fmt(b,
			 "<form method=\"post\" action=\"/logout\" class=\"wb-inline\">"
			 "<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
			 "<span class=\"wb-who\">%s (%s)</span> "
			 "<button type=\"submit\" class=\"utrecht-button utrecht-button--subtle\">%s</button></form>",
			 r->csrf, r->user->name, _(role_name(r->user->role)), _("Log out"));
	} else {
		html_fmt(b, "<a class=\"utrecht-link\" href=\"/login\">%s</a>", _("Log in (staff)"));
	}
	html_raw_trusted(b, "</div></div></header>\n<main id=\"inhoud\" class=\"wb-wrap wb-main\">\n");
}

void page_end(struct req *r)
{
	html_fmt(&r->out,
		 "</main>\n<footer class=\"utrecht-page-footer wb-footer\"><div class=\"wb-wrap\">"
		 "<ul class=\"wb-nav\">"
		 "<li><a class=\"utrecht-link\" href=\"/toegankelijkheid\">%s</a></li>"
		 "<li><a class=\"utrecht-link\" href=\"/privacy\">%s</a></li>"
		 "</ul><p class=\"utrecht-paragraph\">%s</p></div></footer>\n"
		 "</body>\n</html>\n",
		 _("Accessibility"), _("Privacy"),
		 _("wijkbasis is open-source software (EUPL-1.2). Figures: CBS, CC BY 4.0."));
}

void html_csrf_field(struct req *r)
{
	html_fmt(&r->out, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">", r->csrf);
}

static void field_begin(struct req *r, const char *name, const char *label, const char *error,
			const char *hint)
{
	html_fmt(&r->out,
		 "<div class=\"utrecht-form-field%s\"><div class=\"utrecht-form-field__label\">"
		 "<label class=\"utrecht-form-label\" for=\"f-%s\">%s</label></div>",
		 error ? " utrecht-form-field--invalid" : "", name, label);
	if (hint)
		html_fmt(&r->out,
			 "<div class=\"utrecht-form-field-description\" id=\"f-%s-hint\">%s</div>", name,
			 hint);
	if (error)
		html_fmt(&r->out,
			 "<div class=\"utrecht-form-field-error-message\" id=\"f-%s-error\">%s</div>",
			 name, error);
}

static void described_by(struct req *r, const char *name, const char *error, const char *hint)
{
	if (!error && !hint)
		return;
	html_raw_trusted(&r->out, " aria-describedby=\"");
	if (hint)
		html_fmt(&r->out, "f-%s-hint%s", name, error ? " " : "");
	if (error)
		html_fmt(&r->out, "f-%s-error", name);
	html_raw_trusted(&r->out, "\"");
	if (error)
		html_raw_trusted(&r->out, " aria-invalid=\"true\"");
}

void html_input_ac(struct req *r, const char *name, const char *label, const char *value,
		   const char *error, const char *type, const char *hint, const char *autocomplete)
{
	field_begin(r, name, label, error, hint);
	html_fmt(&r->out,
		 "<div class=\"utrecht-form-field__input\"><input class=\"utrecht-textbox utrecht-textbox--html-input\""
		 " type=\"%s\" id=\"f-%s\" name=\"%s\" value=\"%s\"",
		 type ? type : "text", name, name, value ? value : "");
	if (autocomplete)
		html_fmt(&r->out, " autocomplete=\"%s\"", autocomplete);
	described_by(r, name, error, hint);
	html_raw_trusted(&r->out, "></div></div>\n");
}

void html_input(struct req *r, const char *name, const char *label, const char *value,
		const char *error, const char *type, const char *hint)
{
	html_input_ac(r, name, label, value, error, type, hint, NULL);
}

void html_textarea(struct req *r, const char *name, const char *label, const char *value,
		   const char *error, const char *hint)
{
	field_begin(r, name, label, error, hint);
	html_fmt(&r->out,
		 "<div class=\"utrecht-form-field__input\"><textarea class=\"utrecht-textarea utrecht-textarea--html-textarea\""
		 " id=\"f-%s\" name=\"%s\" rows=\"5\"",
		 name, name);
	described_by(r, name, error, hint);
	html_fmt(&r->out, ">%s</textarea></div></div>\n", value ? value : "");
}

void html_checkbox(struct req *r, const char *name, const char *label, const char *hint,
		   bool checked, const char *error)
{
	struct buf *b = &r->out;
	const char *ids = NULL;
	if (hint && error)
		ids = arena_printf(r->arena, "%s-hint %s-error", name, name);
	else if (hint || error)
		ids = arena_printf(r->arena, hint ? "%s-hint" : "%s-error", name);
	html_fmt(b, "<div class=\"utrecht-form-field utrecht-form-field--checkbox%s\">"
		    "<input class=\"utrecht-checkbox utrecht-checkbox--html-input\" type=\"checkbox\" "
		    "id=\"%s\" name=\"%s\" value=\"1\"",
		 error ? " utrecht-form-field--invalid" : "", name, name);
	/* html_fmt escapes every argument, so bare attributes are literal text. */
	if (checked)
		html_raw_trusted(b, " checked");
	if (error)
		html_raw_trusted(b, " aria-invalid=\"true\"");
	if (ids)
		html_fmt(b, " aria-describedby=\"%s\"", ids);
	html_fmt(b, "> <label class=\"utrecht-form-label utrecht-form-label--checkbox\" "
		    "for=\"%s\">%s</label>",
		 name, label);
	if (hint)
		html_fmt(b, "<p class=\"utrecht-form-field-description\" id=\"%s-hint\">%s</p>",
			 name, hint);
	if (error)
		html_fmt(b, "<p class=\"utrecht-form-field-error-message\" id=\"%s-error\">%s</p>",
			 name, error);
	html_raw_trusted(b, "</div>");
}

void html_select(struct req *r, const char *name, const char *label, const char *value,
		 const char *error, const char *const *options)
{
	field_begin(r, name, label, error, NULL);
	html_fmt(&r->out,
		 "<div class=\"utrecht-form-field__input\"><select class=\"utrecht-select utrecht-select--html-select\""
		 " id=\"f-%s\" name=\"%s\"",
		 name, name);
	described_by(r, name, error, NULL);
	html_raw_trusted(&r->out, ">");
	for (const char *const *o = options; o[0]; o += 2)
		html_fmt(&r->out, "<option value=\"%s\"%s>%s</option>", o[0],
			 value && strcmp(value, o[0]) == 0 ? " selected" : "", o[1]);
	html_raw_trusted(&r->out, "</select></div></div>\n");
}
