/* SPDX-License-Identifier: EUPL-1.2 */
/* chart.c: the labelled horizontal bar chart (see chart.h). */
#include "html/chart.h"

#include <stddef.h>

#include "html/html.h"
#include "http/http.h"
#include "util/mem.h"

/* Layout in SVG user units: labels right-aligned up to LABEL, bars from
 * LABEL over at most BAR, then the figure. The SVG scales to its box. */
enum { ROW = 26, LABEL = 250, BAR = 220, WIDTH = 640, TOP = 8, LABEL_CHARS = 34 };

/* At most max characters of a UTF-8 text, cut at a character boundary, with
 * "…" when cut. Returns s itself or an arena copy. */
static const char *text_shorten(struct req *r, const char *s, size_t max)
{
	size_t chars = 0, i = 0;
	for (; s[i]; i++) {
		if (((unsigned char)s[i] & 0xC0) != 0x80 && chars++ == max)
			break;
	}
	if (!s[i])
		return s;
	return arena_printf(r->arena, "%.*s…", (int)i, s);
}

void html_bar_chart(struct req *r, const char *id, const char *title, const char *caption,
		    const struct chart_bar *bars, int n)
{
	if (n <= 0)
		return;
	struct buf *b = &r->out;
	html_fmt(b,
		 "<figure class=\"wb-map-figure\"><svg role=\"img\" class=\"wb-chart wb-bar-chart\" "
		 "aria-labelledby=\"%s\" viewBox=\"0 0 %d %d\" width=\"%d\"><title id=\"%s\">%s</title>",
		 id, WIDTH, n * ROW + 2 * TOP, WIDTH, id, title);
	html_fmt(b, "<line class=\"wb-axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"></line>", LABEL,
		 TOP / 2, LABEL, n * ROW + TOP + TOP / 2);
	for (int i = 0; i < n; i++) {
		const struct chart_bar *c = &bars[i];
		double len = c->length < 0 ? 0 : c->length > 1 ? 1 : c->length;
		int y = TOP + i * ROW;
		html_fmt(b,
			 "<g><text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s%s%s</text>"
			 "<rect class=\"%s\" x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"16\"></rect>"
			 "<text x=\"%.1f\" y=\"%d\">%s</text></g>",
			 LABEL - 6, y + 13, c->mark ? c->mark : "", c->mark ? " " : "",
			 text_shorten(r, c->label, LABEL_CHARS),
			 c->muted ? "wb-bar wb-bar--muted" : "wb-bar", LABEL, y + 1, len * BAR,
			 LABEL + len * BAR + 6, y + 13, c->figure ? c->figure : "");
	}
	html_raw_trusted(b, "</svg>");
	if (caption)
		html_fmt(b, "<figcaption>%s</figcaption>", caption);
	html_raw_trusted(b, "</figure>");
}
