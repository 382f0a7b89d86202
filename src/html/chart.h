/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * chart.h: the labelled horizontal bar chart that result pages share (the
 * buurtbudget's support per project, a panel's chance per group), as
 * server-made SVG. Every row has its label (shortened on the bar's left)
 * and its figure in words on the right, so the chart reads without colour;
 * the data table beside it, with the full labels, stays the accessible
 * equivalent (the SVG has exactly one <title>, the chart's). Colours come from CSS classes (the gemeente theme).
 */
#ifndef WB_HTML_CHART_H
#define WB_HTML_CHART_H

#include <stdbool.h>
#include <stddef.h>

struct req;

struct chart_bar {
	const char *label;  /* label (escaped on output; shortened to fit) */
	const char *mark;   /* put before the label, e.g. "✓", or NULL */
	double length;      /* 0..1 of the bar area; clamped */
	const char *figure; /* text after the bar, e.g. "26% van de stemmers" */
	bool muted;         /* drawn in the muted colour (e.g. not funded) */
};

/* Writes <figure><svg role="img">…</svg><figcaption>caption</figcaption></figure>
 * to r->out. id is the SVG title's element id (unique on the page); title
 * says what the chart shows; caption (may be NULL) explains marks. Writes
 * nothing when n is 0. */
void html_bar_chart(struct req *r, const char *id, const char *title, const char *caption,
		    const struct chart_bar *bars, int n);

#endif
