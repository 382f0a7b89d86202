/* SPDX-License-Identifier: EUPL-1.2 */
/* panel_cli.c: `wijkbasis panel select`, the sortition engine on the command
 * line: pool and quotas in, probabilities, lottery, ticket table and the
 * drawn panel out (text or one JSON object), progress on stderr. */
#include "panel/panel_cli.h"

#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "panel/panel.h"
#include "panel/panel_web.h"
#include "util/text.h"

/* Above this many member entries the lottery is printed per type. */
#define CLI_MAX_LOTTERY_ENTRIES 2000000

static const char select_help[] =
	"Usage: wijkbasis panel select --categories FILE --respondents FILE --size K [options]\n"
	"Selects a resident panel by sortition: every panel in the lottery meets the quotas,\n"
	"and every pool member gets as equal a chance as possible (LEXIMIN).\n\n"
	"  --categories FILE        quotas: category,feature,min,max or\n"
	"                           feature,value,min,max[,min_flex,max_flex]\n"
	"  --respondents FILE       the pool: one column per feature, other columns kept aside\n"
	"  --size K                 panel size\n"
	"  --algorithm NAME         leximin (default) or legacy (the old greedy, for comparison)\n"
	"  --household-columns A,B  at most one person per household (equal values in A,B)\n"
	"  --keep ID,ID             already selected people who stay on the panel (replacement\n"
	"                           draw after drop-outs: remove those from the pool file)\n"
	"  --id-column NAME         person id column (default: a column id, *_id or *identifier;\n"
	"                           else the 0-based row number)\n"
	"  --tickets M              round the lottery to M equally likely tickets (default 1000)\n"
	"  --seed S                 public seed that picks the ticket (dice digits or any text)\n"
	"  --ticket T               draw ticket T (1..M) directly\n"
	"  --legacy-runs N          draws LEGACY makes to estimate probabilities (default 1000)\n"
	"  --time-limit S           give up after S seconds (default: none)\n"
	"  --json                   print one JSON object\n"
	"  --quiet                  no progress on stderr\n"
	"  --help                   this text\n\n"
	"Exit status: 0 selected, 1 infeasible quotas or failure (a relaxation is suggested), 2 usage.\n";

struct cli {
	const char *categories, *respondents, *algorithm, *households, *id_column, *seed, *keep;
	int k, m, ticket, legacy_runs;
	double time_limit;
	bool json, quiet;
};

static json_t *ids_json(const struct panel_pool *p, const int *members, int k)
{
	json_t *a = json_array();
	for (int i = 0; i < k; i++)
		json_array_append_new(a, json_string(p->id[members[i]]));
	return a;
}

/* The lottery as concrete panels, or per type when that would be too large. */
static json_t *lottery_json(const struct panel_pool *p, const struct panel_types *t,
			    const struct panel_lottery *l, json_t *root)
{
	int max_panels = CLI_MAX_LOTTERY_ENTRIES / (l->k ? l->k : 1);
	struct panel_concrete *c = panel_concrete_new(l, t, max_panels);
	json_t *a = json_array();
	if (c) {
		for (int j = 0; j < c->n_panels; j++)
			json_array_append_new(
				a,
				json_pack("{s:f, s:o}", "weight", c->weight[j], "members",
					  ids_json(p, c->members + (size_t)j * (size_t)c->k, c->k)));
		panel_concrete_free(c);
		return a;
	}
	/* Per type: members are c_t people chosen uniformly among type t. */
	json_t *types = json_array();
	for (int ty = 0; ty < t->n_types; ty++)
		json_array_append_new(types, ids_json(p, t->members + t->first[ty], t->size[ty]));
	json_object_set_new(root, "type_members", types);
	for (int j = 0; j < l->n_panels; j++) {
		json_t *counts = json_object();
		for (int ty = 0; ty < t->n_types; ty++) {
			int cnt = l->count[(size_t)j * (size_t)t->n_types + (size_t)ty];
			if (cnt) {
				char key[16];
				snprintf(key, sizeof key, "%d", ty);
				json_object_set_new(counts, key, json_integer(cnt));
			}
		}
		json_array_append_new(a, json_pack("{s:f, s:o}", "weight", l->weight[j],
						   "type_counts", counts));
	}
	return a;
}

static int report_infeasible(const struct cli *o, const struct panel_pool *p,
			     const struct panel_types *t, const char *why)
{
	char err[512];
	struct panel_relax_report *r = panel_relax(p, t, o->k, err, sizeof err);
	if (!r) {
		fprintf(stderr, "wijkbasis panel: %s\n", err);
		return 1;
	}
	if (o->json) {
		json_t *root = json_pack("{s:b, s:b}", "infeasible", !r->feasible, "relaxable",
					 r->relaxable);
		json_t *msgs = json_array(), *ch = json_array();
		for (int i = 0; i < r->n_messages; i++)
			json_array_append_new(msgs, json_string(r->messages[i]));
		for (int i = 0; i < r->n_changes; i++) {
			const struct panel_relaxation *x = &r->changes[i];
			json_array_append_new(ch,
					      json_pack("{s:s, s:s, s:i, s:i, s:i, s:i}", "feature",
							p->feature[p->value_feature[x->value]],
							"value", p->value[x->value], "min",
							x->old_min, "max", x->old_max, "new_min",
							x->new_min, "new_max", x->new_max));
		}
		json_object_set_new(root, "messages", msgs);
		json_object_set_new(root, "relaxation", ch);
		json_dumpf(root, stdout, JSON_INDENT(1));
		fputc('\n', stdout);
		json_decref(root);
	}
	if (r->feasible) /* LEGACY gave up although panels exist */
		fprintf(stderr, "wijkbasis panel: %s\n", why);
	else
		fprintf(stderr, "wijkbasis panel: no panel meets the quotas.\n");
	for (int i = 0; i < r->n_messages; i++)
		fprintf(stderr, "  %s\n", r->messages[i]);
	panel_relax_free(r);
	return 1;
}

/* Prints the result; the drawn ticket decides "selected". */
static void print_result(const struct cli *o, const struct panel_pool *p,
			 const struct panel_types *t, const struct panel_lottery *l,
			 const struct panel_concrete *tk, int ticket, const char *seed,
			 const double *ticket_prob)
{
	const int *sel = tk->members + (size_t)(ticket - 1) * (size_t)tk->k;
	double dev = 0;
	for (int i = 0; i < p->n_people; i++)
		dev = fmax(dev, fabs(ticket_prob[i] - l->prob[i]));
	if (!o->json) {
		printf("algorithm: %s\npool: %d people, %d types\npanel size: %d\n", o->algorithm,
		       p->n_people, t->n_types, l->k);
		printf("minimum selection probability: %.6f\npanels in the lottery: %d\n",
		       l->min_prob, l->n_panels);
		printf("tickets: %d (largest change of a probability by rounding: %.6f)\n",
		       tk->n_panels, dev);
		if (seed)
			printf("seed: %s\n", seed);
		printf("ticket: %d\nselected:", ticket);
		for (int a = 0; a < tk->k; a++)
			printf(" %s", p->id[sel[a]]);
		printf("\n");
		return;
	}
	json_t *root = json_object();
	json_object_set_new(root, "algorithm", json_string(o->algorithm));
	json_object_set_new(root, "pool_size", json_integer(p->n_people));
	json_object_set_new(root, "panel_size", json_integer(l->k));
	json_object_set_new(root, "types", json_integer(t->n_types));
	json_object_set_new(root, "min_probability", json_real(l->min_prob));
	json_t *probs = json_object();
	for (int i = 0; i < p->n_people; i++)
		json_object_set_new(probs, p->id[i], json_real(l->prob[i]));
	json_object_set_new(root, "probabilities", probs);
	json_object_set_new(root, "lottery", lottery_json(p, t, l, root));
	json_t *table = json_array();
	for (int s = 0; s < tk->n_panels; s++)
		json_array_append_new(table,
				      ids_json(p, tk->members + (size_t)s * (size_t)tk->k, tk->k));
	json_object_set_new(root, "tickets",
			    json_pack("{s:i, s:f, s:o}", "count", tk->n_panels, "max_deviation",
				      dev, "table", table));
	if (seed)
		json_object_set_new(root, "seed", json_string(seed));
	json_object_set_new(root, "ticket", json_integer(ticket));
	json_object_set_new(root, "selected", ids_json(p, sel, tk->k));
	json_object_set_new(root, "stats",
			    json_pack("{s:f, s:i, s:i, s:i, s:i}", "seconds", l->seconds, "rounds",
				      l->rounds, "oracle_calls", l->oracle_calls, "lp_solves",
				      l->lp_solves, "columns", l->columns));
	json_dumpf(root, stdout, JSON_INDENT(1) | JSON_REAL_PRECISION(10));
	fputc('\n', stdout);
	json_decref(root);
}

static uint64_t seed_number(const char *seed)
{
	unsigned char h[32];
	crypto_generichash(h, sizeof h, (const unsigned char *)seed, strlen(seed), NULL, 0);
	uint64_t x = 0;
	for (int i = 0; i < 8; i++)
		x = (x << 8) | h[i];
	return x;
}

/* Applies --keep: a comma-separated id list. Returns 0 or -1 with err. */
static int keep_ids(struct panel_pool *p, const char *list, char *err, size_t errlen)
{
	char *copy = strdup(list), *save = NULL;
	int rc = 0;
	for (char *id = strtok_r(copy, ",", &save); id && rc == 0; id = strtok_r(NULL, ",", &save)) {
		const char *ids[1] = {id};
		rc = panel_pool_keep(p, ids, 1, err, errlen);
	}
	free(copy);
	return rc;
}

static int run_select(struct cli *o)
{
	char err[512] = "";
	struct panel_pool *p = panel_pool_load(o->categories, o->respondents, o->id_column,
					       o->households, err, sizeof err);
	if (!p) {
		fprintf(stderr, "wijkbasis panel: %s\n", err);
		return 1;
	}
	if (o->keep && keep_ids(p, o->keep, err, sizeof err) != 0) {
		fprintf(stderr, "wijkbasis panel: %s\n", err);
		panel_pool_free(p);
		return 1;
	}
	char seedbuf[40];
	if (!o->seed && o->ticket == 0) {
		/* No public seed given: make one and print it, so the draw can still be checked. */
		unsigned char r[8];
		randombytes_buf(r, sizeof r);
		sodium_bin2hex(seedbuf, sizeof seedbuf, r, sizeof r);
		o->seed = seedbuf;
	}
	bool legacy = strcmp(o->algorithm, "legacy") == 0;
	struct panel_types *t = panel_types_new(p, legacy);
	struct panel_options opt = {.log = o->quiet ? NULL : stderr, .time_limit = o->time_limit};
	struct panel_lottery *l = NULL;
	enum panel_status st;
	if (legacy)
		st = panel_legacy(p, t, o->k, o->legacy_runs, o->seed ? seed_number(o->seed) : 0,
				  &l, err, sizeof err);
	else
		st = panel_leximin(p, t, o->k, &opt, &l, err, sizeof err);
	int rc = 0;
	if (st == PANEL_INFEASIBLE) {
		rc = report_infeasible(o, p, t, err);
	} else if (st != PANEL_OK) {
		fprintf(stderr, "wijkbasis panel: %s\n", err);
		rc = 1;
	} else {
		double *tprob = calloc((size_t)p->n_people, sizeof(double));
		struct panel_concrete *tk = panel_tickets(l, t, p->n_people, o->m, tprob);
		int ticket = o->ticket ? o->ticket : panel_ticket_from_seed(o->seed, o->m);
		print_result(o, p, t, l, tk, ticket, o->ticket ? NULL : o->seed, tprob);
		panel_concrete_free(tk);
		free(tprob);
	}
	panel_lottery_free(l);
	panel_types_free(t);
	panel_pool_free(p);
	return rc;
}

static int usage_error(const char *msg)
{
	if (msg)
		fprintf(stderr, "wijkbasis panel select: %s\n\n", msg);
	fputs(select_help, stderr);
	return 2;
}

static bool int_arg(const char *s, long lo, long hi, int *out)
{
	long v;
	if (!parse_long(s, lo, hi, &v))
		return false;
	*out = (int)v;
	return true;
}

int cmd_panel(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
		fputs(select_help, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "demo") == 0)
		return panel_cmd_demo(argc - 1, argv + 1); /* the web module's demo panel */
	if (strcmp(argv[1], "select") != 0)
		return usage_error("unknown subcommand (only 'select' and 'demo')");
	struct cli o = {.algorithm = "leximin", .m = 1000, .legacy_runs = 1000};
	static const struct option opts[] = {{"categories", required_argument, 0, 'c'},
					     {"respondents", required_argument, 0, 'r'},
					     {"size", required_argument, 0, 'k'},
					     {"algorithm", required_argument, 0, 'a'},
					     {"household-columns", required_argument, 0, 'H'},
					     {"id-column", required_argument, 0, 'i'},
					     {"tickets", required_argument, 0, 'm'},
					     {"seed", required_argument, 0, 's'},
					     {"ticket", required_argument, 0, 't'},
					     {"legacy-runs", required_argument, 0, 'L'},
					     {"keep", required_argument, 0, 'K'},
					     {"time-limit", required_argument, 0, 'T'},
					     {"json", no_argument, 0, 'j'},
					     {"quiet", no_argument, 0, 'q'},
					     {"help", no_argument, 0, 'h'},
					     {0, 0, 0, 0}};
	int c, tl = 0;
	optind = 1;
	while ((c = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
		switch (c) {
		case 'c': o.categories = optarg; break;
		case 'r': o.respondents = optarg; break;
		case 'k':
			if (!int_arg(optarg, 1, PANEL_MAX_PEOPLE, &o.k))
				return usage_error("--size must be a whole number of 1 or more");
			break;
		case 'a': o.algorithm = optarg; break;
		case 'H': o.households = optarg; break;
		case 'i': o.id_column = optarg; break;
		case 'm':
			if (!int_arg(optarg, 1, 1000000, &o.m))
				return usage_error("--tickets must be between 1 and 1000000");
			break;
		case 's': o.seed = optarg; break;
		case 't':
			if (!int_arg(optarg, 1, 1000000, &o.ticket))
				return usage_error("--ticket must be a whole number of 1 or more");
			break;
		case 'L':
			if (!int_arg(optarg, 1, 1000000, &o.legacy_runs))
				return usage_error("--legacy-runs must be between 1 and 1000000");
			break;
		case 'T':
			if (!int_arg(optarg, 1, 86400 * 7, &tl))
				return usage_error("--time-limit must be a whole number of seconds");
			o.time_limit = tl;
			break;
		case 'K': o.keep = optarg; break;
		case 'j': o.json = true; break;
		case 'q': o.quiet = true; break;
		case 'h': fputs(select_help, stdout); return 0;
		default: return usage_error(NULL);
		}
	}
	if (optind < argc - 1)
		return usage_error("unexpected argument");
	if (!o.categories || !o.respondents || o.k == 0)
		return usage_error("--categories, --respondents and --size are required");
	if (strcmp(o.algorithm, "leximin") != 0 && strcmp(o.algorithm, "legacy") != 0)
		return usage_error("--algorithm must be leximin or legacy");
	if (o.seed && o.ticket)
		return usage_error("give --seed or --ticket, not both");
	if (o.ticket > o.m)
		return usage_error("--ticket must be at most the number of tickets");
	if (o.seed && !*o.seed)
		return usage_error("--seed must not be empty");
	return run_select(&o);
}
