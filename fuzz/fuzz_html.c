/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * fuzz_html.c: property test of the HTML escaper. For any input string:
 *   - html_text() output holds no raw < > " ' and every & starts one of the
 *     five entities it writes (&amp; &lt; &gt; &quot; &#39;);
 *   - decoding those entities gives back the input exactly (nothing lost);
 *   - html_fmt("<p title=\"%s\">%s</p>", s, s) is the markup around two
 *     escaped copies, so a %s argument can never add markup;
 *   - url_encode() output holds only unreserved characters and %XX.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "html/html.h"
#include "util/mem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
	if (!ok)
		abort();
}

static const char *const entities[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&#39;"};
static const char decoded[] = {'&', '<', '>', '"', '\''};

/* Checks the escaped text e and decodes it into out (room for strlen(e)+1). */
static void check_escaped(const char *e, char *out)
{
	size_t j = 0;
	for (const char *p = e; *p;) {
		check(*p != '<' && *p != '>' && *p != '"' && *p != '\'');
		if (*p != '&') {
			out[j++] = *p++;
			continue;
		}
		size_t k = 0;
		while (k < 5 && strncmp(p, entities[k], strlen(entities[k])) != 0)
			k++;
		check(k < 5);
		out[j++] = decoded[k];
		p += strlen(entities[k]);
	}
	out[j] = '\0';
}

static int is_unreserved(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_' || c == '.' || c == '~';
}

static int is_hex_upper(char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'); }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	struct buf b = BUF_INIT;
	html_text(&b, s);
	const char *e = b.data ? b.data : "";
	char *back = malloc(strlen(e) + 1);
	check(back != NULL);
	check_escaped(e, back);
	check(strcmp(back, s) == 0);

	/* Through html_fmt: the literal markup plus the same escaped text twice. */
	struct buf f = BUF_INIT;
	html_fmt(&f, "<p title=\"%s\">%s</p>", s, s);
	struct buf want = BUF_INIT;
	buf_puts(&want, "<p title=\"");
	buf_puts(&want, e);
	buf_puts(&want, "\">");
	buf_puts(&want, e);
	buf_puts(&want, "</p>");
	check(strcmp(f.data, want.data) == 0);

	struct arena *a = arena_new();
	const char *u = url_encode(a, s);
	for (const char *p = u; *p; p++) {
		if (*p == '%') {
			check(is_hex_upper(p[1]) && is_hex_upper(p[2]));
			p += 2;
		} else {
			check(is_unreserved(*p));
		}
	}

	arena_free(a);
	buf_free(&want);
	buf_free(&f);
	buf_free(&b);
	free(back);
	free(s);
	return 0;
}
