/* SPDX-License-Identifier: EUPL-1.2 */
/* test_html.c: the HTML writer escapes every string argument, and raw output
 * stays confined to the one named call. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "html/html.h"
#include "util/mem.h"

static void test_text_escapes_all_specials(void **state)
{
	struct buf b = BUF_INIT;
	html_text(&b, "<a href=\"x\">'&'</a>");
	assert_string_equal(b.data, "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
	buf_free(&b);
}

static void test_fmt_escapes_strings_not_markup(void **state)
{
	struct buf b = BUF_INIT;
	html_fmt(&b, "<a href=\"/g/%s\">%s</a> %d %ld %lld %zu %.1f %%", "a\"b", "<script>", -3, 4L,
		 5LL, (size_t)6, 2.25);
	assert_string_equal(b.data, "<a href=\"/g/a&quot;b\">&lt;script&gt;</a> -3 4 5 6 2.2 %");
	buf_free(&b);
}

static void test_url_encode(void **state)
{
	struct arena *a = arena_new();
	assert_string_equal(url_encode(a, "é a&b<\"'"), "%C3%A9%20a%26b%3C%22%27");
	assert_string_equal(url_encode(a, "WK014110"), "WK014110");
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_escapes_all_specials),
		cmocka_unit_test(test_fmt_escapes_strings_not_markup),
		cmocka_unit_test(test_url_encode),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
