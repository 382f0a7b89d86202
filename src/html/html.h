/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * html.h: the only code that writes HTML. It escapes by default:
 *
 *   html_fmt(b, "<a href=\"/gebieden/%s\">%s</a>", code, name);
 *
 * The format string is trusted markup (always a literal); every %s argument is
 * escaped for text and attribute context alike (& < > " '). Numbers (%d, %ld,
 * %lld, %u, %zu, %.1f, ...) are written as is. There is no way to put an
 * unescaped string through html_fmt. Markup that is built elsewhere and known
 * to be safe (a server-made SVG, say) goes through html_raw_trusted(), the one
 * visibly named raw call; tests/unit/test_html.c greps src/ so it stays rare.
 */
#ifndef WB_HTML_HTML_H
#define WB_HTML_HTML_H

#include <stdarg.h>
#include <stddef.h>

struct buf;
struct arena;

void html_fmt(struct buf *b, const char *markup_fmt, ...) __attribute__((format(printf, 2, 3)));
void html_vfmt(struct buf *b, const char *markup_fmt, va_list ap);
/* Escaped text. */
void html_text(struct buf *b, const char *s);
/* Unescaped: only for markup produced by our own code. */
void html_raw_trusted(struct buf *b, const char *markup);

/* Percent-encodes s for use as a URL query value or path segment; the result
 * contains no HTML-special characters either. Allocated in the arena. */
char *url_encode(struct arena *a, const char *s);

#endif
