/* SPDX-License-Identifier: EUPL-1.2 */
/* test_panel_elastic.c: the LEXIMIN engine's elastic fixed levels when the
 * penalty is too small (src/panel/panel_leximin.c, master_raise_penalty).
 * With the real penalty (1e4) no test instance needs a raise, so this test
 * compiles the engine once more with a penalty of 1e-3: fixed types then
 * fall below their levels, and the engine must notice it, raise the
 * penalty (sfscot_22 needs 0.1 in round 5 and 10 in round 6) and still end
 * at the reference vector. The test defines panel_leximin itself, so the linker takes no
 * copy from the core library. */
#define ELASTIC_PENALTY 1e-3
#include "panel/panel_leximin.c"

#include <setjmp.h>
#include <stddef.h>
#include <stdio.h>

/* cmocka needs the headers above first */
#include <cmocka.h>

static const char *data_dir(void)
{
	const char *d = getenv("WB_SHARED_DATA");
	return d ? d : "../shared/data";
}

/* sfscot_22 with the low penalty: the log shows the raises, and every
 * probability is within 1e-5 of the reference vector. */
static void test_low_penalty_is_raised_and_exact(void **state)
{
	char q[1024], pool[1024], ref_path[1024], err[512];
	snprintf(q, sizeof q, "%s/sortition/instances/sfscot_22/features.csv", data_dir());
	snprintf(pool, sizeof pool, "%s/sortition/instances/sfscot_22/candidates.csv",
		 data_dir());
	snprintf(ref_path, sizeof ref_path,
		 "%s/sortition/reference/leximin_scipy_highs/sfscot_22_leximin_probs.csv",
		 data_dir());
	struct panel_pool *p = panel_pool_load(q, pool, NULL, NULL, err, sizeof err);
	if (!p)
		fail_msg("%s", err);
	struct panel_types *t = panel_types_new(p, false);

	char *log_text = NULL;
	size_t log_len = 0;
	FILE *log = open_memstream(&log_text, &log_len);
	assert_non_null(log);
	struct panel_options o = {.log = log};
	struct panel_lottery *l = NULL;
	assert_int_equal(panel_leximin(p, t, 22, &o, &l, err, sizeof err), PANEL_OK);
	fclose(log);
	assert_non_null(strstr(log_text, "penalty raised to 0.1"));
	assert_non_null(strstr(log_text, "penalty raised to 10\n"));
	free(log_text);

	FILE *f = fopen(ref_path, "r");
	assert_non_null(f);
	char line[256];
	int rows = 0;
	assert_non_null(fgets(line, sizeof line, f)); /* header */
	while (fgets(line, sizeof line, f)) {
		int row;
		double v;
		if (sscanf(line, "%d,%lf", &row, &v) != 2 || row < 0 || row >= p->n_people)
			continue;
		if (fabs(l->prob[row] - v) > 1e-5)
			fail_msg("person %d has %.7f, reference %.6f", row, l->prob[row], v);
		rows++;
	}
	fclose(f);
	assert_int_equal(rows, p->n_people);
	assert_true(fabs(l->min_prob - 1.0 / 11) < 1e-6);
	panel_lottery_free(l);
	panel_types_free(t);
	panel_pool_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_low_penalty_is_raised_and_exact),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
