/* SPDX-License-Identifier: EUPL-1.2 */
/* test_pabulib.c: the .pb reader and writer: every real file in the shared
 * pabulib folder parses with counts that match, parse -> write -> parse keeps
 * the data, and the pabulib checker's error cases are refused with the line
 * and field named. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "budget/pabulib.h"
#include "util/mem.h"

static const char *data_dir(void)
{
	static char path[4096];
	const char *d = getenv("WB_SHARED_DATA");
	snprintf(path, sizeof path, "%s/pabulib", d ? d : "../shared/data");
	return path;
}

static struct pb_file *parse_str(const char *s, int flags, struct pb_error *e)
{
	return pb_parse_ex(s, strlen(s), flags, e);
}

/* Two parsed files hold the same data. */
static void assert_same(const struct pb_file *a, const struct pb_file *b)
{
	assert_int_equal(a->nprojects, b->nprojects);
	assert_int_equal(a->nvoters, b->nvoters);
	assert_int_equal(a->budget, b->budget);
	assert_int_equal(a->vote_type, b->vote_type);
	assert_int_equal(a->meta.nrows, b->meta.nrows);
	for (long r = 0; r < a->meta.nrows; r++) {
		assert_string_equal(a->meta.rows[r][0], b->meta.rows[r][0]);
		assert_string_equal(a->meta.rows[r][1], b->meta.rows[r][1]);
	}
	for (int p = 0; p < a->nprojects; p++) {
		assert_string_equal(a->proj[p].id, b->proj[p].id);
		assert_int_equal(a->proj[p].cost, b->proj[p].cost);
		assert_int_equal(a->proj[p].votes, b->proj[p].votes);
		assert_int_equal(a->proj[p].score, b->proj[p].score);
		for (int c = 0; c < a->projects.ncols; c++)
			assert_string_equal(a->projects.rows[p][c], b->projects.rows[p][c]);
	}
	for (long v = 0; v <= a->nvoters; v++)
		assert_int_equal(a->off[v], b->off[v]);
	for (long k = 0; k < a->off[a->nvoters]; k++) {
		assert_int_equal(a->item[k], b->item[k]);
		assert_int_equal(a->pts[k], b->pts[k]);
	}
}

static void test_every_real_file_parses_and_round_trips(void **state)
{
	DIR *d = opendir(data_dir());
	assert_non_null(d);
	struct dirent *de;
	int files = 0;
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);
		if (len < 4 || strcmp(de->d_name + len - 3, ".pb") != 0)
			continue;
		char path[8192];
		snprintf(path, sizeof path, "%s/%s", data_dir(), de->d_name);
		struct pb_error e;
		struct pb_file *f = pb_read_file(path, &e);
		if (!f)
			fail_msg("%s: line %ld field %s: %s", de->d_name, e.line, e.field, e.msg);
		/* META counts equal the rows (checked by the parser) and the votes
		 * column equals the recount except where warned. */
		long ballots = 0;
		for (int p = 0; p < f->nprojects; p++)
			ballots += f->proj[p].votes;
		assert_int_equal(ballots, f->off[f->nvoters]);
		struct buf out = BUF_INIT;
		pb_write(f, NULL, &out);
		struct pb_file *g = pb_parse(out.data, out.len, &e);
		if (!g)
			fail_msg("%s rewritten: line %ld field %s: %s", de->d_name, e.line, e.field, e.msg);
		assert_same(f, g);
		pb_free(g);
		buf_free(&out);
		pb_free(f);
		files++;
	}
	closedir(d);
	assert_true(files >= 20);
}

static const char good[] =
	"META\nkey;value\ndescription;\"A \"\"quoted\"\"; text\"\nnum_projects;3\nnum_votes;3\n"
	"budget;10.5\nvote_type;approval\nrule;greedy\n"
	"PROJECTS\nproject_id;cost;votes;name\na;2.25;2;x\nb;3;2;y\nc;10;1;z\n"
	"VOTES\nvoter_id;vote\nv1;a,b\nv2;a,c\nv3;b\n";

static void test_quotes_decimals_crlf_bom(void **state)
{
	struct pb_error e;
	struct pb_file *f = parse_str(good, 0, &e);
	assert_non_null(f);
	assert_string_equal(pb_meta(f, "description"), "A \"quoted\"; text");
	assert_int_equal(f->money_scale, 2);
	assert_int_equal(f->budget, 1050);
	assert_int_equal(f->proj[0].cost, 225);
	assert_string_equal(pb_money_text(f, f->proj[0].cost), "2.25");
	assert_false(f->crlf);
	/* The same with CRLF and a BOM. */
	struct buf b = BUF_INIT;
	buf_puts(&b, "\xEF\xBB\xBF");
	for (const char *p = good; *p; p++) {
		if (*p == '\n')
			buf_putc(&b, '\r');
		buf_putc(&b, *p);
	}
	struct pb_file *g = pb_parse(b.data, b.len, &e);
	assert_non_null(g);
	assert_true(g->crlf);
	assert_same(f, g);
	/* Writing with a selected column adds it. */
	bool sel[3] = {true, false, true};
	struct buf w = BUF_INIT;
	pb_write(f, sel, &w);
	struct pb_file *h = pb_parse(w.data, w.len, &e);
	assert_non_null(h);
	assert_int_equal(h->proj[0].selected, 1);
	assert_int_equal(h->proj[1].selected, 0);
	assert_int_equal(h->proj[2].selected, 1);
	pb_free(h);
	buf_free(&w);
	buf_free(&b);
	pb_free(g);
	pb_free(f);
}

/* Replaces the first occurrence of from in good by to and expects an error at
 * line with the field named. */
static void expect_error(const char *from, const char *to, int flags, long line, const char *field,
			 const char *words)
{
	const char *at = strstr(good, from);
	assert_non_null(at);
	struct buf b = BUF_INIT;
	buf_append(&b, good, (size_t)(at - good));
	buf_puts(&b, to);
	buf_puts(&b, at + strlen(from));
	struct pb_error e;
	struct pb_file *f = pb_parse_ex(b.data, b.len, flags, &e);
	if (f)
		fail_msg("accepted: %s -> %s", from, to);
	if (e.line != line || strcmp(e.field, field) != 0 || !strstr(e.msg, words))
		fail_msg("%s -> %s: got line %ld field '%s': %s", from, to, e.line, e.field, e.msg);
	buf_free(&b);
}

static void test_checker_errors_are_refused(void **state)
{
	expect_error("v1;a,b\n", "v1;a,b\n\n", 0, 17, "VOTES", "empty line");
	expect_error("budget;10.5", "budget;10,5", 0, 6, "budget", "comma");
	expect_error("c;10;1", "c;10,0;1", 0, 13, "cost", "comma");
	expect_error("v3;b\n", "v3;b,b\n", PB_STRICT, 18, "vote", "twice");
	expect_error("num_votes;3", "num_votes;4", 0, 5, "num_votes", "VOTES has 3");
	expect_error("num_projects;3", "num_projects;2", 0, 4, "num_projects", "PROJECTS has 3");
	expect_error("v2;a,c", "v2;a,d", 0, 17, "vote", "unknown project 'd'");
	expect_error("b;3;2;y", "b;3;3;y", PB_STRICT, 12, "votes", "ballots name it");
	expect_error("b;3;2;y", "a;3;2;y", 0, 12, "project_id", "twice");
	expect_error("vote_type;approval", "vote_type;approve", 0, 7, "vote_type", "unknown");
	expect_error("c;10;1;z", "c;10;1", 0, 13, "PROJECTS", "fields");
	expect_error("v3;b\n", "v1;b\n", 0, 18, "voter_id", "twice");
	expect_error("\"A \"\"quoted", "\"A \"\"quoted\" x", 0, 3, "", "closing quote");
	expect_error("VOTES\n", "VOTE\n", 0, 14, "PROJECTS", "fields");
	expect_error("c;10;1;z", "c;1e3;1;z", 0, 13, "cost", "not a number");
}

static void test_duplicate_in_vote_is_counted_once_without_strict(void **state)
{
	struct pb_error e;
	const char *at = strstr(good, "v3;b\n");
	struct buf b = BUF_INIT;
	buf_append(&b, good, (size_t)(at - good));
	buf_puts(&b, "v3;b,b\n");
	struct pb_file *f = pb_parse(b.data, b.len, &e);
	assert_non_null(f);
	assert_int_equal(f->nwarnings, 1);
	assert_int_equal(f->proj[1].votes, 2);
	pb_free(f);
	buf_free(&b);
}

static void test_cumulative_points_checked(void **state)
{
	const char *s = "META\nkey;value\nnum_projects;2\nnum_votes;2\nbudget;5\nvote_type;cumulative\n"
			"max_sum_points;3\nPROJECTS\nproject_id;cost;score\np;2;4\nq;3;1\n"
			"VOTES\nvoter_id;vote;points\n1;p,q;2,1\n2;p;2\n";
	struct pb_error e;
	struct pb_file *f = parse_str(s, 0, &e);
	assert_non_null(f);
	assert_int_equal(f->proj[0].score, 4);
	assert_int_equal(f->nwarnings, 0);
	pb_free(f);
	char *bad = xstrdup(s);
	memcpy(strstr(bad, "2,1"), "3,1", 3);
	assert_null(parse_str(bad, 0, &e));
	assert_int_equal(e.line, 14);
	assert_string_equal(e.field, "points");
	free(bad);
	/* max_points: 2 points per project at most. */
	struct buf b = BUF_INIT;
	const char *at = strstr(s, "max_sum_points;3\n");
	buf_append(&b, s, (size_t)(at - s));
	buf_puts(&b, "max_sum_points;3\nmax_points;1\n");
	buf_puts(&b, at + strlen("max_sum_points;3\n"));
	assert_null(pb_parse(b.data, b.len, &e));
	assert_int_equal(e.line, 15);
	assert_string_equal(e.field, "points");
	assert_non_null(strstr(e.msg, "max_points"));
	buf_free(&b);
}

static void test_garbage_never_crashes(void **state)
{
	/* Every prefix of a valid file is either accepted or refused cleanly. */
	size_t n = strlen(good);
	for (size_t i = 0; i <= n; i++) {
		struct pb_error e;
		struct pb_file *f = pb_parse(good, i, &e);
		if (f)
			pb_free(f);
		else
			assert_true(e.msg[0] != 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_real_file_parses_and_round_trips),
		cmocka_unit_test(test_quotes_decimals_crlf_bom),
		cmocka_unit_test(test_checker_errors_are_refused),
		cmocka_unit_test(test_duplicate_in_vote_is_counted_once_without_strict),
		cmocka_unit_test(test_cumulative_points_checked),
		cmocka_unit_test(test_garbage_never_crashes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
