/* SPDX-License-Identifier: EUPL-1.2 */
/* html.c: see html.h. */
#include "html/html.h"

#include <stdio.h>
#include <string.h>

#include "util/mem.h"

void html_text(struct buf *b, const char *s)
{
	if (!s)
		return;
	const char *run = s;
	for (; *s; s++) {
		const char *rep;
		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		buf_append(b, run, (size_t)(s - run));
		buf_puts(b, rep);
		run = s + 1;
	}
	buf_append(b, run, (size_t)(s - run));
}

void html_raw_trusted(struct buf *b, const char *markup) { buf_puts(b, markup); }

/*
 * Walks the format: literal runs are copied, each conversion is taken from
 * the va_list with the type its length modifier says, so the va_list stays
 * in step. Supported: flags/width/precision digits, modifiers h hh l ll z,
 * conversions d i u x c s f g e %.
 */
void html_vfmt(struct buf *b, const char *fmt, va_list ap)
{
	const char *p = fmt;
	while (*p) {
		const char *pct = strchr(p, '%');
		if (!pct) {
			buf_puts(b, p);
			return;
		}
		buf_append(b, p, (size_t)(pct - p));
		const char *q = pct + 1;
		if (*q == '%') {
			buf_putc(b, '%');
			p = q + 1;
			continue;
		}
		while (*q && strchr("-+ #0123456789.", *q))
			q++;
		int lmod = 0; /* 0 int, 1 long, 2 long long, 3 size_t */
		if (*q == 'h') {
			q++;
			if (*q == 'h')
				q++;
		} else if (*q == 'l') {
			q++;
			lmod = 1;
			if (*q == 'l') {
				q++;
				lmod = 2;
			}
		} else if (*q == 'z') {
			q++;
			lmod = 3;
		}
		char spec[32];
		size_t slen = (size_t)(q - pct) + 1;
		if (slen >= sizeof spec || !*q) {
			buf_puts(b, pct); /* malformed format: programmer error, show it */
			return;
		}
		memcpy(spec, pct, slen);
		spec[slen] = '\0';
		char c = *q;
		if (c == 's') {
			html_text(b, va_arg(ap, const char *));
		} else if (c == 'f' || c == 'g' || c == 'e') {
			buf_printf(b, spec, va_arg(ap, double));
		} else if (c == 'c') {
			char s[2] = {(char)va_arg(ap, int), 0};
			html_text(b, s);
		} else if (lmod == 1) {
			buf_printf(b, spec, va_arg(ap, long));
		} else if (lmod == 2) {
			buf_printf(b, spec, va_arg(ap, long long));
		} else if (lmod == 3) {
			buf_printf(b, spec, va_arg(ap, size_t));
		} else {
			buf_printf(b, spec, va_arg(ap, int));
		}
		p = q + 1;
	}
}

void html_fmt(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	html_vfmt(b, fmt, ap);
	va_end(ap);
}

char *url_encode(struct arena *a, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(s);
	char *d = arena_alloc(a, n * 3 + 1);
	size_t j = 0;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.' || c == '~') {
			d[j++] = (char)c;
		} else {
			d[j++] = '%';
			d[j++] = hex[c >> 4];
			d[j++] = hex[c & 15];
		}
	}
	d[j] = '\0';
	return d;
}
