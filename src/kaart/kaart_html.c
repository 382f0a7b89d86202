/* SPDX-License-Identifier: EUPL-1.2 */
/* kaart_html.c: HTML pieces shared by the sociale kaart pages (see
 * kaart_html.h). */
#include "kaart/kaart_html.h"

#include <string.h>

#include "html/html.h"
#include "http/http.h"
#include "i18n/i18n.h"
#include "kaart/kaart_query.h"

static const char *labels_text(struct req *r, const char *const *v, int n,
			       const char *(*label)(const char *))
{
	struct buf b = BUF_INIT;
	buf_append(&b, "", 0);
	for (int i = 0; i < n; i++) {
		const char *l = label(v[i]);
		if (b.len)
			buf_puts(&b, ", ");
		buf_puts(&b, l ? _(l) : v[i]);
	}
	char *s = arena_strdup(r->arena, b.data);
	buf_free(&b);
	return s;
}

const char *kaart_themes_text(struct req *r, const char *const *v, int n)
{
	return labels_text(r, v, n, kaart_theme_label);
}

const char *kaart_pillars_text(struct req *r, const char *const *v, int n)
{
	return labels_text(r, v, n, kaart_pillar_label);
}

static void option(struct req *r, const char *value, const char *label, const char *selected)
{
	html_fmt(&r->out, "<option value=\"%s\"%s>%s</option>", value,
		 selected && strcmp(selected, value) == 0 ? " selected" : "", label);
}

void kaart_area_select(struct req *r, const char *name, const char *label, const char *value,
		       const char *error, const char *any_label)
{
	struct buf *b = &r->out;
	html_fmt(b,
		 "<div class=\"utrecht-form-field%s\"><div class=\"utrecht-form-field__label\">"
		 "<label class=\"utrecht-form-label\" for=\"f-%s\">%s</label></div>",
		 error ? " utrecht-form-field--invalid" : "", name, label);
	if (error)
		html_fmt(b,
			 "<div class=\"utrecht-form-field-error-message\" id=\"f-%s-error\">%s</div>",
			 name, error);
	html_fmt(b,
		 "<div class=\"utrecht-form-field__input\"><select class=\"utrecht-select "
		 "utrecht-select--html-select\" id=\"f-%s\" name=\"%s\"",
		 name, name);
	if (error)
		html_fmt(b, " aria-describedby=\"f-%s-error\" aria-invalid=\"true\"", name);
	html_raw_trusted(b, ">");
	if (any_label)
		option(r, "", any_label, value ? value : "");
	struct kaart_area *areas;
	int n = kaart_areas(r->db, r->arena, &areas);
	bool in_group = false;
	for (int i = 0; i < n; i++) {
		const struct kaart_area *a = &areas[i];
		if (strcmp(a->level, "gemeente") == 0) {
			option(r, a->code,
			       arena_printf(r->arena, "%s (%s)", a->name, _("whole gemeente")),
			       value);
		} else if (strcmp(a->level, "wijk") == 0) {
			if (in_group)
				html_raw_trusted(b, "</optgroup>");
			html_fmt(b, "<optgroup label=\"%s %s\">", _("District"), a->name);
			in_group = true;
			option(r, a->code,
			       arena_printf(r->arena, "%s (%s)", a->name, _("whole district")),
			       value);
		} else {
			option(r, a->code, a->name, value);
		}
	}
	if (in_group)
		html_raw_trusted(b, "</optgroup>");
	html_raw_trusted(b, "</select></div></div>\n");
}

const char *const *kaart_options(struct req *r, const char *const *list, int n,
				 const char *(*label)(const char *), const char *any_label)
{
	const char **o = arena_calloc(r->arena, (size_t)(2 * n + 4), sizeof *o);
	int k = 0;
	if (any_label) {
		o[k++] = "";
		o[k++] = any_label;
	}
	for (int i = 0; i < n; i++) {
		o[k++] = list[i];
		o[k++] = _(label(list[i]));
	}
	o[k] = NULL;
	return o;
}

/* The short name of a form field or filter for the error summary (msgid). */
static const char *field_label(const char *field)
{
	static const char *const map[][2] = {
		{"name", N_("Name")},
		{"description", N_("Description")},
		{"kind", N_("Kind")},
		{"area", N_("Area")},
		{"themes", N_("Themes")},
		{"theme", N_("Theme")},
		{"pillars", N_("Social quality")},
		{"pillar", N_("Social quality")},
		{"contact", N_("Contact")},
		{"when_where", N_("When and where")},
		{"accessibility", N_("Accessibility")},
		{"channel", N_("Channel")},
		{"q", N_("Search words")},
		{"page", N_("Page")},
		{"per_page", N_("Number per page")},
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(map[i][0], field) == 0)
			return map[i][1];
	return NULL;
}

void kaart_error_summary(struct req *r, const struct kaart_errors *e)
{
	if (e->n == 0)
		return;
	html_fmt(&r->out,
		 "<div class=\"wb-error-summary\" role=\"alert\" tabindex=\"-1\" id=\"fouten\">"
		 "<h2 class=\"utrecht-heading-2\">%s</h2><ul class=\"utrecht-unordered-list\">",
		 _("Please check these fields"));
	for (int i = 0; i < e->n; i++) {
		const char *label = field_label(e->field[i]);
		html_fmt(&r->out, "<li><a class=\"utrecht-link\" href=\"#f-%s\">%s%s%s</a></li>",
			 e->field[i], label ? _(label) : "", label ? ": " : "", _(e->msg[i]));
	}
	html_raw_trusted(&r->out, "</ul></div>\n");
}
