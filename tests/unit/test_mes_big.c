/* SPDX-License-Identifier: EUPL-1.2 */
/* test_mes_big.c: the two large approval files, each read once: Warszawa 2026
 * and Łódź 2022. greedy-threshold gives exactly their `selected` projects; MES
 * without completion and with pabutools' default completion (add1e,
 * lexicographic ties) gives pabutools' outcomes (RESEARCH.md §3.5). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "budget/budget.h"
#include "budget/pabulib.h"

static struct pb_file *load(const char *name)
{
	char path[4096];
	const char *d = getenv("WB_SHARED_DATA");
	snprintf(path, sizeof path, "%s/pabulib/%s", d ? d : "../shared/data", name);
	struct pb_error e;
	struct pb_file *f = pb_read_file(path, &e);
	if (!f)
		fail_msg("%s: line %ld field %s: %s", name, e.line, e.field, e.msg);
	return f;
}

static void check_greedy_selected(const struct pb_file *f, int64_t spent)
{
	struct pb_options o;
	pb_options_default(&o);
	o.rule = PB_RULE_GREEDY_THRESHOLD;
	struct pb_result *r = pb_allocate(f, &o);
	for (int p = 0; p < f->nprojects; p++)
		if ((f->proj[p].selected == 1) != r->selected[p])
			fail_msg("project %s selected %d, greedy-threshold says %d", f->proj[p].id,
				 f->proj[p].selected, r->selected[p]);
	assert_int_equal(r->spent, spent);
	pb_result_free(r);
}

/* MES with lexicographic ties; winners compared as a set given in id order. */
static void check_mes(const struct pb_file *f, enum pb_completion c, const char *ids, int64_t spent,
		      long runs)
{
	struct pb_options o;
	pb_options_default(&o);
	o.completion = c;
	o.tie = PB_TIE_LEXICO;
	struct pb_result *r = pb_allocate(f, &o);
	assert_string_equal(r->error, "");
	int want = 0;
	char buf[2048];
	snprintf(buf, sizeof buf, "%s", ids);
	for (char *t = strtok(buf, " "); t; t = strtok(NULL, " ")) {
		int p = pb_project_index(f, t);
		assert_true(p >= 0);
		if (!r->selected[p])
			fail_msg("project %s should be selected", t);
		want++;
	}
	assert_int_equal(r->nwinners, want);
	assert_int_equal(r->spent, spent);
	assert_int_equal(r->mes_runs, runs);
	pb_result_free(r);
}

static void test_warszawa_2026(void **state)
{
	struct pb_file *f = load("Poland_Warszawa_2026.pb");
	check_greedy_selected(f, 24171003);
	check_mes(f, PB_COMPLETION_NONE,
		  "89 93 149 214 278 361 644 795 800 802 855 922 932 1008 1109 1114 1208 1214 1222 1227 "
		  "1273 1291 1310 1375 1401 1454 1499 1521 1652 1664 1734 1753 1786 1794 1903 1932 1945 "
		  "1952 2067 2199",
		  16102171, 1);
	check_mes(f, PB_COMPLETION_ADD1E,
		  "38 89 93 149 214 278 343 361 644 795 800 802 855 915 922 932 1008 1109 1114 1208 1214 "
		  "1222 1227 1273 1291 1310 1375 1401 1425 1454 1458 1499 1510 1521 1652 1664 1734 1753 "
		  "1786 1794 1803 1903 1926 1932 1945 1952 1989 2067 2199",
		  22232851, 186);
	pb_free(f);
}

static void test_lodz_2022(void **state)
{
	struct pb_file *f = load("Poland_Lodz_2022.pb");
	check_greedy_selected(f, 6112868);
	check_mes(f, PB_COMPLETION_NONE,
		  "L025 L028 L031 L038 L050 L058 L060 L081 L085 L087 L094 L095 L096 L105 L109 L115 L126 "
		  "L133 L136 L138 L141 L151 L160 L163 L175 L187 L203 L204 L207",
		  2987680, 1);
	pb_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_warszawa_2026),
		cmocka_unit_test(test_lodz_2022),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
