/* SPDX-License-Identifier: EUPL-1.2 */
/* test_mes_cli.c: `wijkbasis pb`: --json gives winners (in the order chosen),
 * spent and budget; a bad file exits non-zero with the line and field named;
 * --write produces a .pb with the selected column; usage errors exit 2;
 * --comparison (default from the META rule) adds a "comparison" object. */
#include <fcntl.h>
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "budget/budget_cli.h"
#include "budget/pabulib.h"
#include "util/mem.h"

/* Runs cmd_pb with stdout and stderr sent to files; returns the exit status
 * and the captured texts (malloc'd). */
static int run_pb(char **argv, int argc, char **out, char **err)
{
	char o[] = "/tmp/wb-test-pb-outXXXXXX", e[] = "/tmp/wb-test-pb-errXXXXXX";
	int fo = mkstemp(o), fe = mkstemp(e);
	assert_true(fo >= 0 && fe >= 0);
	fflush(stdout);
	fflush(stderr);
	int so = dup(1), se = dup(2);
	dup2(fo, 1);
	dup2(fe, 2);
	int rc = cmd_pb(argc, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(so, 1);
	dup2(se, 2);
	close(so);
	close(se);
	char **dst[2] = {out, err};
	int fds[2] = {fo, fe};
	for (int i = 0; i < 2; i++) {
		off_t n = lseek(fds[i], 0, SEEK_END);
		lseek(fds[i], 0, SEEK_SET);
		*dst[i] = xmalloc((size_t)n + 1);
		ssize_t got = read(fds[i], *dst[i], (size_t)n);
		(*dst[i])[got > 0 ? got : 0] = 0;
		close(fds[i]);
	}
	unlink(o);
	unlink(e);
	return rc;
}

static char *data_file(const char *name)
{
	const char *d = getenv("WB_SHARED_DATA");
	char buf[4096];
	snprintf(buf, sizeof buf, "%s/pabulib/%s", d ? d : "../shared/data", name);
	return xstrdup(buf);
}

static void test_json(void **state)
{
	char *path = data_file("Netherlands_Assen_2025.pb");
	char *argv[] = {"pb", path, "--json", "--quiet", NULL};
	char *out, *err;
	assert_int_equal(run_pb(argv, 4, &out, &err), 0);
	json_error_t je;
	json_t *j = json_loads(out, 0, &je);
	assert_non_null(j);
	static const char *want[] = {"318", "345", "315", "282", "303", "285", "336",
				     "288", "249", "312", "306", "330", "276"};
	json_t *w = json_object_get(j, "winners");
	assert_int_equal(json_array_size(w), 13);
	for (size_t i = 0; i < 13; i++)
		assert_string_equal(json_string_value(json_array_get(w, i)), want[i]);
	assert_int_equal(json_integer_value(json_object_get(j, "spent")), 94837);
	assert_int_equal(json_integer_value(json_object_get(j, "budget")), 100000);
	assert_string_equal(json_string_value(json_object_get(j, "voter_budget")), "637");
	assert_non_null(json_object_get(j, "projects"));
	assert_non_null(json_object_get(j, "rounds"));
	json_decref(j);
	free(out);
	free(err);
	free(path);
}

static void test_bad_file_names_line_and_field(void **state)
{
	char path[] = "/tmp/wb-test-pb-badXXXXXX";
	int fd = mkstemp(path);
	const char *s = "META\nkey;value\nnum_projects;1\nnum_votes;1\nbudget;10,5\nvote_type;approval\n"
			"PROJECTS\nproject_id;cost\na;1\nVOTES\nvoter_id;vote\n1;a\n";
	assert_int_equal(write(fd, s, strlen(s)), (ssize_t)strlen(s));
	close(fd);
	char *argv[] = {"pb", path, NULL};
	char *out, *err;
	assert_int_equal(run_pb(argv, 2, &out, &err), 1);
	assert_non_null(strstr(err, ":5:"));
	assert_non_null(strstr(err, "field 'budget'"));
	assert_non_null(strstr(err, "comma"));
	free(out);
	free(err);
	unlink(path);
}

static void test_write_and_usage(void **state)
{
	char *path = data_file("Netherlands_Assen_2024.pb");
	char outp[] = "/tmp/wb-test-pb-writeXXXXXX";
	close(mkstemp(outp));
	char *argv[] = {"pb", path, "--rule", "greedy", "--write", outp, "--quiet", NULL};
	char *out, *err;
	assert_int_equal(run_pb(argv, 7, &out, &err), 0);
	assert_non_null(strstr(out, "spent:"));
	free(out);
	free(err);
	struct pb_error e;
	struct pb_file *f = pb_read_file(outp, &e);
	assert_non_null(f);
	int sel = 0;
	for (int p = 0; p < f->nprojects; p++)
		sel += f->proj[p].selected == 1;
	assert_true(sel > 0);
	pb_free(f);
	unlink(outp);
	char *bad[] = {"pb", path, "--rule", "dictator", NULL};
	assert_int_equal(run_pb(bad, 4, &out, &err), 2);
	assert_non_null(strstr(err, "--rule"));
	free(out);
	free(err);
	free(path);
}

static void test_comparison(void **state)
{
	(void)state;
	/* Wieliczka's META rule is equalshares/add1-comparison: on by default. */
	char *path = data_file("Poland_Wieliczka_2023_Green_Budget.pb");
	char *argv[] = {"pb", path, "--json", "--quiet", NULL};
	char *out, *err;
	assert_int_equal(run_pb(argv, 4, &out, &err), 0);
	json_error_t je;
	json_t *j = json_loads(out, 0, &je);
	assert_non_null(j);
	json_t *c = json_object_get(j, "comparison");
	assert_non_null(c);
	assert_string_equal(json_string_value(json_object_get(c, "by")), "satisfaction");
	assert_string_equal(json_string_value(json_object_get(c, "winner")), "mes");
	json_int_t pm = json_integer_value(json_object_get(c, "prefer_mes"));
	json_int_t pg = json_integer_value(json_object_get(c, "prefer_greedy"));
	json_int_t in = json_integer_value(json_object_get(c, "indifferent"));
	assert_true(pm > pg && pg > 0);
	assert_int_equal(pm + pg + in, 6586);
	assert_int_equal(json_array_size(json_object_get(c, "mes_winners")), 30);
	assert_true(json_array_size(json_object_get(c, "greedy_winners")) > 0);
	assert_int_equal(json_array_size(json_object_get(j, "winners")), 30);
	json_decref(j);
	free(out);
	free(err);
	/* --comparison none: no object; exclusion: named so. */
	char *none[] = {"pb", path, "--json", "--quiet", "--comparison", "none", NULL};
	assert_int_equal(run_pb(none, 6, &out, &err), 0);
	j = json_loads(out, 0, &je);
	assert_non_null(j);
	assert_null(json_object_get(j, "comparison"));
	json_decref(j);
	free(out);
	free(err);
	char *ex[] = {"pb", path, "--quiet", "--comparison", "exclusion", NULL};
	assert_int_equal(run_pb(ex, 5, &out, &err), 0);
	assert_non_null(strstr(out, "comparison (exclusion):"));
	assert_non_null(strstr(out, "MES outcome taken"));
	free(out);
	free(err);
	char *bad[] = {"pb", path, "--comparison", "majority", NULL};
	assert_int_equal(run_pb(bad, 4, &out, &err), 2);
	assert_non_null(strstr(err, "--comparison"));
	free(out);
	free(err);
	free(path);
	/* A file whose rule does not ask for it: no comparison. */
	path = data_file("Netherlands_Assen_2025.pb");
	char *assen[] = {"pb", path, "--json", "--quiet", NULL};
	assert_int_equal(run_pb(assen, 4, &out, &err), 0);
	j = json_loads(out, 0, &je);
	assert_non_null(j);
	assert_null(json_object_get(j, "comparison"));
	json_decref(j);
	free(out);
	free(err);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_bad_file_names_line_and_field),
		cmocka_unit_test(test_write_and_usage),
		cmocka_unit_test(test_comparison),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
