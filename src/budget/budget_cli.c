/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * budget_cli.c: `wijkbasis pb FILE.pb`: reads a pabulib file, runs a rule and
 * prints the winners, the money spent, per-voter statistics, the ties that
 * decided something and (with --explain) why each project won or lost; or all
 * of it as one JSON object with --json. Operator-facing, English.
 */
#include "budget/budget_cli.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "budget/budget.h"
#include "budget/pabulib.h"
#include "util/mem.h"

static const char pb_help[] =
	"Usage: wijkbasis pb FILE.pb [options]\n"
	"Allocates a participatory budget from a pabulib .pb file.\n\n"
	"  --rule R            mes (default), greedy, greedy-no-skip, greedy-threshold\n"
	"  --satisfaction S    MES satisfaction: cost (default), approval, points\n"
	"  --completion C      MES completion: add1 (default), add1e, greedy, add1-greedy, none\n"
	"  --tie-break T       equalshares (lowest cost, most votes, then the lot; default)\n"
	"                      or lexico (smallest project_id, as pabutools)\n"
	"  --lot-seed N        draw the lot with this seed (default: the order in the file)\n"
	"  --threshold N       minimum score for greedy-threshold (default: META)\n"
	"  --max-runs N        give up add1 after N MES runs (default 1000000)\n"
	"  --threads N         add1 worker threads (default: one per core, at most 4)\n"
	"  --comparison C      MES, then switch to greedy if more voters prefer it:\n"
	"                      none, satisfaction or exclusion (default: satisfaction\n"
	"                      when the file's META rule ends in -comparison, else none)\n"
	"  --json              print one JSON object\n"
	"  --explain           print why each project won or lost\n"
	"  --strict            refuse what the pabulib checker refuses\n"
	"  --write FILE        write the file back with the selected column set\n"
	"  --quiet             no progress line on stderr\n"
	"  --timing            print the CPU time of reading and of the rule on stderr\n"
	"  --help              this text\n";

struct progress {
	bool on;
	const char *name;
	struct timespec last;
	bool printed;
};

static void progress_cb(void *ctx, long run, const char *vb, int64_t spent)
{
	struct progress *p = ctx;
	if (!p->on)
		return;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	double dt = (double)(now.tv_sec - p->last.tv_sec) + (double)(now.tv_nsec - p->last.tv_nsec) / 1e9;
	if (run > 1 && dt < 0.2)
		return;
	p->last = now;
	fprintf(stderr, "\rpb: %s: MES run %ld, voter budget %s, spent %lld   ", p->name, run, vb,
		(long long)spent);
	p->printed = true;
}

static double cpu_seconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static json_t *money_json(const struct pb_file *f, int64_t v)
{
	if (f->money_scale == 0)
		return json_integer(v);
	double d = (double)v;
	for (int i = 0; i < f->money_scale; i++)
		d /= 10;
	return json_real(d);
}

static json_t *result_json(const struct pb_file *f, const struct pb_options *o,
			   const struct pb_result *r)
{
	json_t *j = json_object();
	json_t *w = json_array();
	for (int i = 0; i < r->nwinners; i++)
		json_array_append_new(w, json_string(f->proj[r->winners[i]].id));
	json_object_set_new(j, "winners", w);
	json_object_set_new(j, "spent", money_json(f, r->spent));
	json_object_set_new(j, "budget", money_json(f, r->budget));
	json_object_set_new(j, "rule", json_string(pb_rule_name(o->rule)));
	if (o->rule == PB_RULE_MES) {
		json_object_set_new(j, "satisfaction", json_string(pb_sat_name(o->sat)));
		json_object_set_new(j, "completion", json_string(pb_completion_name(o->completion)));
		json_object_set_new(j, "mes_runs", json_integer(r->mes_runs));
		json_object_set_new(j, "voter_budget", json_string(r->voter_budget ? r->voter_budget : ""));
		json_object_set_new(j, "greedy_fill", json_integer(r->ngreedy_fill));
	}
	json_object_set_new(j, "tie_break", json_string(pb_tie_name(o->tie)));
	const struct pb_comparison_result *cmp = &r->comparison;
	if (cmp->by != PB_COMPARISON_NONE) {
		json_t *c = json_object(), *mw = json_array(), *gw = json_array();
		for (int i = 0; i < cmp->n_mes; i++)
			json_array_append_new(mw, json_string(f->proj[cmp->mes_winners[i]].id));
		for (int i = 0; i < cmp->n_greedy; i++)
			json_array_append_new(gw, json_string(f->proj[cmp->greedy_winners[i]].id));
		json_object_set_new(c, "by", json_string(pb_comparison_name(cmp->by)));
		json_object_set_new(c, "prefer_mes", json_integer(cmp->prefer_mes));
		json_object_set_new(c, "prefer_greedy", json_integer(cmp->prefer_greedy));
		json_object_set_new(c, "indifferent", json_integer(cmp->indifferent));
		json_object_set_new(c, "winner", json_string(cmp->greedy_won ? "greedy" : "mes"));
		json_object_set_new(c, "mes_winners", mw);
		json_object_set_new(c, "mes_spent", money_json(f, cmp->mes_spent));
		json_object_set_new(c, "greedy_winners", gw);
		json_object_set_new(c, "greedy_spent", money_json(f, cmp->greedy_spent));
		json_object_set_new(j, "comparison", c);
	}
	json_t *st = json_object();
	json_object_set_new(st, "voters", json_integer(f->nvoters));
	json_object_set_new(st, "share_with_funded_project", json_real(r->share_funded));
	json_object_set_new(st, "average_funded_projects", json_real(r->avg_funded));
	json_object_set_new(st, "average_cost_satisfaction", json_real(r->avg_cost_sat));
	json_object_set_new(j, "voter_statistics", st);
	json_t *ties = json_array();
	for (int i = 0; i < r->nties; i++) {
		json_t *t = json_object(), *ids = json_array();
		for (int k = 0; k < r->ties[i].ntied; k++)
			json_array_append_new(ids, json_string(f->proj[r->ties[i].tied[k]].id));
		json_object_set_new(t, "round", json_integer(r->ties[i].round));
		json_object_set_new(t, "tied", ids);
		json_object_set_new(t, "chosen", json_string(f->proj[r->ties[i].chosen].id));
		json_object_set_new(t, "decided_by", json_string(r->ties[i].decided_by));
		json_array_append_new(ties, t);
	}
	json_object_set_new(j, "ties", ties);
	if (r->rounds) {
		json_t *rs = json_array();
		for (int i = 0; i < r->nrounds; i++) {
			json_t *x = json_object(), *eff = json_object();
			json_object_set_new(x, "project", json_string(f->proj[r->rounds[i].project].id));
			json_object_set_new(x, "share", json_real(r->rounds[i].share));
			json_object_set_new(x, "full_payers", json_integer(r->rounds[i].full_payers));
			json_object_set_new(x, "all_in_payers", json_integer(r->rounds[i].all_in_payers));
			for (int p = 0; p < f->nprojects; p++)
				if (r->rounds[i].effective[p] >= 0)
					json_object_set_new(eff, f->proj[p].id,
							    json_real(r->rounds[i].effective[p]));
			json_object_set_new(x, "effective_votes", eff);
			json_array_append_new(rs, x);
		}
		json_object_set_new(j, "rounds", rs);
	}
	if (r->explain) {
		json_t *ps = json_array();
		for (int p = 0; p < f->nprojects; p++) {
			const struct pb_explain *e = &r->explain[p];
			json_t *x = json_object();
			json_object_set_new(x, "id", json_string(f->proj[p].id));
			json_object_set_new(x, "won", json_boolean(r->selected[p]));
			json_object_set_new(x, "cost", money_json(f, f->proj[p].cost));
			json_object_set_new(x, "votes", json_integer(f->proj[p].votes));
			if (e->won) {
				json_object_set_new(x, "round", json_integer(e->round));
				json_object_set_new(x, "paid_by_supporters", json_real(e->paid_by_supporters));
			} else if (!r->selected[p]) {
				json_object_set_new(x, "supporters_money_left", json_real(e->money_left));
				json_object_set_new(x, "affordable_at_end", json_boolean(e->affordable));
				if (e->affordable)
					json_object_set_new(x, "needed_share", json_real(e->needed_share));
				json_t *to = json_array();
				for (int k = 0; k < 3; k++)
					if (e->to_project[k] >= 0) {
						json_t *y = json_object();
						json_object_set_new(y, "project", json_string(f->proj[e->to_project[k]].id));
						json_object_set_new(y, "money", json_real(e->money_to[k]));
						json_array_append_new(to, y);
					}
				json_object_set_new(x, "supporters_paid_for", to);
			}
			json_array_append_new(ps, x);
		}
		json_object_set_new(j, "projects", ps);
	}
	return j;
}

static void print_text(const struct pb_file *f, const struct pb_options *o, const struct pb_result *r,
		       bool explain)
{
	printf("rule: %s", pb_rule_name(o->rule));
	if (o->rule == PB_RULE_MES)
		printf(" (satisfaction %s, completion %s, %ld MES run%s, voter budget %s)",
		       pb_sat_name(o->sat), pb_completion_name(o->completion), r->mes_runs,
		       r->mes_runs == 1 ? "" : "s", r->voter_budget ? r->voter_budget : "?");
	printf("\ntie-break: %s\n", pb_tie_name(o->tie));
	const struct pb_comparison_result *cmp = &r->comparison;
	if (cmp->by != PB_COMPARISON_NONE)
		printf("comparison (%s): %ld voters prefer MES, %ld prefer greedy, %ld indifferent; "
		       "%s outcome taken\n",
		       pb_comparison_name(cmp->by), cmp->prefer_mes, cmp->prefer_greedy, cmp->indifferent,
		       cmp->greedy_won ? "greedy" : "MES");
	printf("winners (%d, in the order chosen):", r->nwinners);
	for (int i = 0; i < r->nwinners; i++)
		printf(" %s", f->proj[r->winners[i]].id);
	printf("\nspent: %s of %s (%.1f%%)\n", pb_money_text(f, r->spent), pb_money_text(f, r->budget),
	       r->budget ? 100.0 * (double)r->spent / (double)r->budget : 0.0);
	printf("voters: %ld; with at least one funded project: %.1f%%; average funded projects per "
	       "voter: %.2f\n",
	       f->nvoters, 100 * r->share_funded, r->avg_funded);
	for (int i = 0; i < r->nties; i++) {
		const struct pb_tie_event *t = &r->ties[i];
		printf("tie%s%d:", t->round >= 0 ? " in round " : " in the greedy order", t->round >= 0 ? t->round + 1 : 0);
		for (int k = 0; k < t->ntied; k++)
			printf(" %s", f->proj[t->tied[k]].id);
		printf("; chosen %s by %s\n", f->proj[t->chosen].id, t->decided_by);
	}
	if (!explain || !r->explain)
		return;
	for (int p = 0; p < f->nprojects; p++) {
		const struct pb_explain *e = &r->explain[p];
		printf("project %s (cost %s, %lld votes): ", f->proj[p].id, pb_money_text(f, f->proj[p].cost),
		       (long long)f->proj[p].votes);
		if (e->won) {
			printf("won in round %d; its %ld supporters paid %.2f\n", e->round + 1, e->supporters,
			       e->paid_by_supporters);
		} else if (r->selected[p]) {
			printf("won in the greedy completion\n");
		} else {
			printf("lost; its supporters had %.2f left", e->money_left);
			if (e->affordable)
				printf(", each would have had to pay %.2f", e->needed_share);
			else
				printf(", not enough for its cost");
			for (int k = 0; k < 3 && e->to_project[k] >= 0; k++)
				printf("%s %s (%.2f)", k ? "," : "; their money went to", f->proj[e->to_project[k]].id,
				       e->money_to[k]);
			printf("\n");
		}
	}
}

int cmd_pb(int argc, char **argv)
{
	struct pb_options o;
	pb_options_default(&o);
	bool json = false, explain = false, strict = false, quiet = false, timing = false;
	const char *write_path = NULL;
	static const struct option opts[] = {
		{"rule", required_argument, 0, 'r'}, {"satisfaction", required_argument, 0, 's'},
		{"completion", required_argument, 0, 'c'}, {"tie-break", required_argument, 0, 't'},
		{"lot-seed", required_argument, 0, 'l'}, {"threshold", required_argument, 0, 'T'},
		{"max-runs", required_argument, 0, 'm'}, {"json", no_argument, 0, 'j'},
		{"explain", no_argument, 0, 'e'}, {"strict", no_argument, 0, 'S'},
		{"write", required_argument, 0, 'w'}, {"quiet", no_argument, 0, 'q'},
		{"timing", no_argument, 0, 'X'}, {"threads", required_argument, 0, 'P'},
		{"comparison", required_argument, 0, 'C'}, {"help", no_argument, 0, 'h'},
		{0, 0, 0, 0}};
	bool rule_set = false, completion_set = false, comparison_set = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		char *end;
		switch (c) {
		case 'r':
			if (pb_rule_parse(optarg, &o.rule)) {
				fprintf(stderr, "wijkbasis pb: unknown --rule '%s'\n", optarg);
				return 2;
			}
			rule_set = true;
			break;
		case 's':
			if (pb_sat_parse(optarg, &o.sat)) {
				fprintf(stderr, "wijkbasis pb: unknown --satisfaction '%s'\n", optarg);
				return 2;
			}
			break;
		case 'c':
			if (pb_completion_parse(optarg, &o.completion)) {
				fprintf(stderr, "wijkbasis pb: unknown --completion '%s'\n", optarg);
				return 2;
			}
			completion_set = true;
			break;
		case 't':
			if (pb_tie_parse(optarg, &o.tie)) {
				fprintf(stderr, "wijkbasis pb: unknown --tie-break '%s'\n", optarg);
				return 2;
			}
			break;
		case 'l':
			o.lot_seed = strtoull(optarg, &end, 10);
			if (*end || !*optarg) {
				fprintf(stderr, "wijkbasis pb: --lot-seed needs a whole number\n");
				return 2;
			}
			o.has_lot_seed = true;
			break;
		case 'T':
			o.threshold = strtoll(optarg, &end, 10);
			if (*end || !*optarg) {
				fprintf(stderr, "wijkbasis pb: --threshold needs a whole number\n");
				return 2;
			}
			o.has_threshold = true;
			break;
		case 'm':
			o.max_runs = strtol(optarg, &end, 10);
			if (*end || o.max_runs <= 0) {
				fprintf(stderr, "wijkbasis pb: --max-runs needs a positive number\n");
				return 2;
			}
			break;
		case 'P':
			o.threads = (int)strtol(optarg, &end, 10);
			if (*end || o.threads <= 0 || o.threads > 64) {
				fprintf(stderr, "wijkbasis pb: --threads needs a number from 1 to 64\n");
				return 2;
			}
			break;
		case 'C':
			if (pb_comparison_parse(optarg, &o.comparison)) {
				fprintf(stderr, "wijkbasis pb: unknown --comparison '%s'\n", optarg);
				return 2;
			}
			comparison_set = true;
			break;
		case 'j': json = true; break;
		case 'e': explain = true; break;
		case 'S': strict = true; break;
		case 'w': write_path = optarg; break;
		case 'q': quiet = true; break;
		case 'X': timing = true; break;
		case 'h': fputs(pb_help, stdout); return 0;
		default: fputs(pb_help, stderr); return 2;
		}
	}
	if (optind != argc - 1) {
		fputs(pb_help, stderr);
		return 2;
	}
	(void)rule_set;
	(void)completion_set;
	const char *path = argv[optind];
	struct pb_error err;
	double t0 = cpu_seconds();
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		fprintf(stderr, "wijkbasis pb: cannot open %s\n", path);
		return 1;
	}
	struct buf data = BUF_INIT;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_append(&data, chunk, n);
	fclose(fp);
	struct pb_file *f = pb_parse_ex(data.data ? data.data : "", data.len, strict ? PB_STRICT : 0, &err);
	buf_free(&data);
	if (!f) {
		if (err.line)
			fprintf(stderr, "wijkbasis pb: %s:%ld: %s%s%s%s\n", path, err.line,
				err.field[0] ? "field '" : "", err.field, err.field[0] ? "': " : "", err.msg);
		else
			fprintf(stderr, "wijkbasis pb: %s: %s%s%s%s\n", path, err.field[0] ? "field '" : "",
				err.field, err.field[0] ? "': " : "", err.msg);
		return 1;
	}
	if (!quiet)
		for (int i = 0; i < f->nwarnings; i++)
			fprintf(stderr, "wijkbasis pb: %s: warning: %s\n", path, f->warnings[i]);
	if (!comparison_set && o.rule == PB_RULE_MES)
		o.comparison = pb_comparison_for_rule(f->rule);
	struct progress prog = {!quiet && (double)f->nvoters * f->nprojects >= 1e6, path, {0, 0}, false};
	o.progress = progress_cb;
	o.progress_ctx = &prog;
	o.report = json || explain;
	double t1 = cpu_seconds();
	struct pb_result *r = pb_allocate(f, &o);
	double t2 = cpu_seconds();
	if (prog.printed)
		fputc('\n', stderr);
	if (timing)
		fprintf(stderr, "timing: read %.3f s, rule %.3f s (CPU), %ld MES run%s\n", t1 - t0, t2 - t1,
			r->mes_runs, r->mes_runs == 1 ? "" : "s");
	int rc = 0;
	if (r->error[0]) {
		fprintf(stderr, "wijkbasis pb: %s: %s\n", path, r->error);
		rc = 1;
	}
	if (json) {
		json_t *j = result_json(f, &o, r);
		char *s = json_dumps(j, JSON_COMPACT);
		puts(s);
		free(s);
		json_decref(j);
	} else {
		print_text(f, &o, r, explain);
	}
	if (write_path) {
		struct buf out = BUF_INIT;
		pb_write(f, r->selected, &out);
		FILE *w = fopen(write_path, "wb");
		if (!w || fwrite(out.data, 1, out.len, w) != out.len || fclose(w) != 0) {
			fprintf(stderr, "wijkbasis pb: cannot write %s\n", write_path);
			rc = 1;
		}
		buf_free(&out);
	}
	pb_result_free(r);
	pb_free(f);
	return rc;
}
