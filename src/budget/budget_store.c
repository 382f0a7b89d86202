/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * budget_store.c: all SQL of the buurtbudget web module (see budget_store.h),
 * and the bridge to the engine: a round is written as a pabulib file in
 * memory, parsed with pb_parse and allocated with pb_allocate, so the stored
 * .pb export gives exactly the same result with `wijkbasis pb`.
 */
#include "budget/budget_store.h"

#include <jansson.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "budget/budget.h"
#include "budget/pabulib.h"
#include "db/db.h"
#include "i18n/i18n.h"
#include "util/mem.h"

const char *const bs_phases[4] = {"voorstellen", "beoordeling", "stemmen", "uitslag"};

const char *bs_next_phase(const char *phase)
{
	for (int i = 0; i < 3; i++)
		if (strcmp(phase, bs_phases[i]) == 0)
			return bs_phases[i + 1];
	return NULL;
}

bool bs_valid_channel(const char *s)
{
	static const char *const ch[] = {"online", "papier", "bijeenkomst", "telefoon",
					 "face-to-face"};
	for (size_t i = 0; i < sizeof ch / sizeof ch[0]; i++)
		if (strcmp(s, ch[i]) == 0)
			return true;
	return false;
}


const char *bs_area_name(struct db *db, struct arena *a, const char *code)
{
	struct db_stmt *st = db_prepare(db, "SELECT name FROM areas WHERE code = ?");
	if (!st)
		return NULL;
	db_bind_text(st, 1, code);
	const char *name = db_step(st) == DB_ROW ? db_col_dup(st, 0, a) : NULL;
	db_done(st);
	return name;
}

#define ROUND_COLS                                                                          \
	"r.id, r.area_code, COALESCE(a.name, r.area_code), r.title, r.amount, r.phase,"     \
	" COALESCE(r.starts_on,''), COALESCE(r.ends_on,''), r.ballot, r.max_projects,"      \
	" r.max_points, r.rule, r.demo, r.result_json IS NOT NULL,"                         \
	" (SELECT COALESCE(SUM(c.ballots), 0) FROM budget_ballot_counts c WHERE c.round_id = r.id)"

static void read_round(struct arena *a, struct db_stmt *st, struct bs_round *o)
{
	o->id = db_col_int(st, 0);
	o->area_code = db_col_dup(st, 1, a);
	o->area_name = db_col_dup(st, 2, a);
	o->title = db_col_dup(st, 3, a);
	o->amount = db_col_int(st, 4);
	o->phase = db_col_dup(st, 5, a);
	o->starts_on = db_col_dup(st, 6, a);
	o->ends_on = db_col_dup(st, 7, a);
	o->ballot = db_col_dup(st, 8, a);
	o->max_projects = db_col_int(st, 9);
	o->max_points = db_col_int(st, 10);
	o->rule = db_col_dup(st, 11, a);
	o->demo = db_col_int(st, 12) != 0;
	o->has_result = db_col_int(st, 13) != 0;
	o->ballots = db_col_int(st, 14);
}

int bs_round_get(struct db *db, struct arena *a, long long id, struct bs_round *out)
{
	struct db_stmt *st = db_prepare(db, "SELECT " ROUND_COLS " FROM budget_rounds r"
					    " LEFT JOIN areas a ON a.code = r.area_code"
					    " WHERE r.id = ?");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW)
		read_round(a, st, out);
	db_done(st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? BS_NOT_FOUND : rc;
}

int bs_round_list(struct db *db, struct arena *a, struct bs_round **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, "SELECT " ROUND_COLS " FROM budget_rounds r"
					    " LEFT JOIN areas a ON a.code = r.area_code"
					    " ORDER BY r.id DESC");
	if (!st)
		return DB_ERROR;
	size_t cap = 0, k = 0;
	struct bs_round *v = arena_grow(a, NULL, 0, &cap, sizeof *v); /* never NULL */
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		v = arena_grow(a, v, k, &cap, sizeof *v);
		read_round(a, st, &v[k++]);
	}
	db_done(st);
	*out = v;
	*n = k;
	return rc == DB_DONE ? 0 : rc;
}

int bs_round_create(struct db *db, const struct bs_round *rd, long long *id)
{
	struct db_stmt *st = db_prepare(
		db, "INSERT INTO budget_rounds (area_code, title, amount, starts_on, ends_on, ballot,"
		    " max_projects, max_points, rule, demo) VALUES (?,?,?,?,?,?,?,?,?,?)");
	if (!st)
		return DB_ERROR;
	db_bind_text(st, 1, rd->area_code);
	db_bind_text(st, 2, rd->title);
	db_bind_int(st, 3, rd->amount);
	db_bind_text(st, 4, rd->starts_on && *rd->starts_on ? rd->starts_on : NULL);
	db_bind_text(st, 5, rd->ends_on && *rd->ends_on ? rd->ends_on : NULL);
	db_bind_text(st, 6, rd->ballot);
	db_bind_int(st, 7, rd->max_projects);
	db_bind_int(st, 8, rd->max_points);
	db_bind_text(st, 9, rd->rule);
	db_bind_int(st, 10, rd->demo);
	int rc = db_step(st);
	db_done(st);
	if (rc != DB_DONE)
		return rc;
	*id = db_last_id(db);
	return 0;
}

static int store_result(struct db *db, long long id, const char *json, const char *pb)
{
	struct db_stmt *st = db_prepare(
		db, "UPDATE budget_rounds SET result_json = ?, result_pb = ? WHERE id = ?");
	if (!st)
		return DB_ERROR;
	db_bind_text(st, 1, json);
	db_bind_text(st, 2, pb);
	db_bind_int(st, 3, id);
	int rc = db_step(st);
	db_done(st);
	return rc == DB_DONE ? 0 : rc;
}

int bs_round_advance_in_tx(struct db *db, long long id)
{
	struct arena *a = arena_new();
	struct bs_round rd;
	int rc = bs_round_get(db, a, id, &rd);
	const char *next = rc == 0 ? bs_next_phase(rd.phase) : NULL;
	if (rc == 0 && !next)
		rc = BS_NOT_FOUND;
	if (rc == 0) {
		struct db_stmt *st = db_prepare(db, "UPDATE budget_rounds SET phase = ? WHERE id = ?");
		rc = st ? 0 : DB_ERROR;
		if (st) {
			db_bind_text(st, 1, next);
			db_bind_int(st, 2, id);
			rc = db_step(st) == DB_DONE ? 0 : DB_ERROR;
			db_done(st);
		}
	}
	if (rc == 0 && strcmp(next, "uitslag") == 0) {
		char *json = NULL, *pb = NULL;
		rc = bs_compute(db, a, &rd, &json, &pb);
		if (rc == 0)
			rc = store_result(db, id, json, pb);
	}
	arena_free(a);
	return rc;
}

int bs_round_advance(struct db *db, long long id)
{
	int rc = db_begin(db);
	if (rc != DB_OK)
		return rc;
	rc = bs_round_advance_in_tx(db, id);
	if (rc == 0)
		return db_commit(db);
	db_rollback(db);
	return rc;
}

int bs_projects(struct db *db, struct arena *a, long long round_id, const char *status,
		struct bs_project **out, size_t *n)
{
	/* Two statements: with the status bound as an equality the index
	 * (round_id, status) yields the rows in id order, so the ballot page does
	 * not sort on every vote; `? IS NULL OR status = ?` would defeat that. */
	struct db_stmt *st =
		status ? db_prepare(db, "SELECT id, title, description, cost, COALESCE(area_code,''),"
					" status, cost_note, channel FROM budget_projects"
					" WHERE round_id = ? AND status = ? ORDER BY id")
		       : db_prepare(db, "SELECT id, title, description, cost, COALESCE(area_code,''),"
					" status, cost_note, channel FROM budget_projects"
					" WHERE round_id = ? ORDER BY id");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, round_id);
	if (status)
		db_bind_text(st, 2, status);
	size_t cap = 0, k = 0;
	struct bs_project *v = arena_grow(a, NULL, 0, &cap, sizeof *v); /* never NULL */
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		v = arena_grow(a, v, k, &cap, sizeof *v);
		struct bs_project *p = &v[k++];
		p->id = db_col_int(st, 0);
		p->title = db_col_dup(st, 1, a);
		p->description = db_col_dup(st, 2, a);
		p->cost = db_col_int(st, 3);
		p->area_code = db_col_dup(st, 4, a);
		p->status = db_col_dup(st, 5, a);
		p->cost_note = db_col_dup(st, 6, a);
		p->channel = db_col_dup(st, 7, a);
	}
	db_done(st);
	*out = v;
	*n = k;
	return rc == DB_DONE ? 0 : rc;
}

int bs_ballot_spec(struct db *db, struct arena *a, long long round_id, struct bs_round *rd,
		   struct bs_project **pr, size_t *np)
{
	/* One statement is one read transaction: after every committed batch
	 * of votes a connection must re-read the pages it touches, so the vote
	 * page reads only these two tables (no area, no ballot counts). */
	struct db_stmt *st = db_prepare(
		db, "SELECT r.id, r.title, r.phase, r.ballot, r.amount, r.max_projects, r.max_points,"
		    " p.id, p.title, p.cost FROM budget_rounds r LEFT JOIN budget_projects p"
		    " ON p.round_id = r.id AND p.status = 'accepted' WHERE r.id = ? ORDER BY p.id");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, round_id);
	size_t cap = 0, k = 0;
	struct bs_project *v = arena_grow(a, NULL, 0, &cap, sizeof *v); /* never NULL */
	bool found = false;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!found) {
			*rd = (struct bs_round){.area_code = "", .area_name = "", .starts_on = "",
						.ends_on = "", .rule = ""};
			rd->id = db_col_int(st, 0);
			rd->title = db_col_dup(st, 1, a);
			rd->phase = db_col_dup(st, 2, a);
			rd->ballot = db_col_dup(st, 3, a);
			rd->amount = db_col_int(st, 4);
			rd->max_projects = db_col_int(st, 5);
			rd->max_points = db_col_int(st, 6);
			found = true;
		}
		if (db_col_null(st, 7))
			continue; /* the LEFT JOIN's row for a round without projects */
		v = arena_grow(a, v, k, &cap, sizeof *v);
		v[k++] = (struct bs_project){.id = db_col_int(st, 7), .title = db_col_dup(st, 8, a),
					     .description = "", .cost = db_col_int(st, 9),
					     .area_code = "", .status = "accepted", .cost_note = ""};
	}
	db_done(st);
	if (rc != DB_DONE)
		return rc;
	if (!found)
		return BS_NOT_FOUND;
	*pr = v;
	*np = k;
	return 0;
}

int bs_project_add(struct db *db, long long round_id, const struct bs_project *p, long long *id)
{
	struct db_stmt *st = db_prepare(
		db, "INSERT INTO budget_projects (round_id, title, description, cost, area_code,"
		    " status, channel) VALUES (?,?,?,?,?,?,?)");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, round_id);
	db_bind_text(st, 2, p->title);
	db_bind_text(st, 3, p->description ? p->description : "");
	db_bind_int(st, 4, p->cost);
	db_bind_text(st, 5, p->area_code && *p->area_code ? p->area_code : NULL);
	db_bind_text(st, 6, p->status ? p->status : "pending");
	db_bind_text(st, 7, p->channel && *p->channel ? p->channel : "online");
	int rc = db_step(st);
	db_done(st);
	if (rc != DB_DONE)
		return rc;
	*id = db_last_id(db);
	return 0;
}

int bs_project_review(struct db *db, long long round_id, long long pid, const char *status,
		      long long cost, const char *note)
{
	struct db_stmt *st = db_prepare(
		db, "UPDATE budget_projects SET status = ?,"
		    " cost = CASE WHEN ? > 0 THEN ? ELSE cost END,"
		    " cost_note = CASE WHEN ? > 0 THEN ? ELSE cost_note END"
		    " WHERE id = ? AND round_id = ?");
	if (!st)
		return DB_ERROR;
	db_bind_text(st, 1, status);
	db_bind_int(st, 2, cost);
	db_bind_int(st, 3, cost);
	db_bind_int(st, 4, cost);
	db_bind_text(st, 5, note ? note : "");
	db_bind_int(st, 6, pid);
	db_bind_int(st, 7, round_id);
	int rc = db_step(st);
	db_done(st);
	if (rc != DB_DONE)
		return rc;
	return db_changes(db) == 1 ? 0 : BS_NOT_FOUND;
}

/* No look-alikes: no 0/O, 1/I/L. */
static const char code_alphabet[] = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

static void code_hash(const char *code, char hex[65])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof h, (const unsigned char *)code, strlen(code), NULL, 0);
	sodium_bin2hex(hex, 65, h, sizeof h);
}

char *bs_code_normalize(struct arena *a, const char *in)
{
	char out[BS_CODE_LEN + 1];
	size_t k = 0;
	for (const char *p = in; *p; p++) {
		char c = *p;
		if (c == '-' || c == ' ')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (k == BS_CODE_LEN || !strchr(code_alphabet, c) || c == '\0')
			return NULL;
		out[k++] = c;
	}
	if (k != BS_CODE_LEN)
		return NULL;
	out[k] = '\0';
	return arena_strdup(a, out);
}

int bs_codes_generate(struct db *db, struct arena *a, long long round_id, int n, char ***codes)
{
	char **v = arena_calloc(a, (size_t)n + 1, sizeof *v);
	int rc = db_begin(db);
	if (rc != DB_OK)
		return rc;
	long long batch = 1;
	struct db_stmt *st = db_prepare(
		db, "SELECT COALESCE(MAX(batch), 0) + 1 FROM budget_codes WHERE round_id = ?");
	if (!st)
		goto fail;
	db_bind_int(st, 1, round_id);
	if (db_step(st) == DB_ROW)
		batch = db_col_int(st, 0);
	db_done(st);
	for (int i = 0; i < n; i++) {
		char raw[BS_CODE_LEN + 1], hex[65];
		for (int j = 0; j < BS_CODE_LEN; j++)
			raw[j] = code_alphabet[randombytes_uniform(sizeof code_alphabet - 1)];
		raw[BS_CODE_LEN] = '\0';
		code_hash(raw, hex);
		st = db_prepare(db, "INSERT INTO budget_codes (round_id, code_hash, batch)"
				    " VALUES (?,?,?)");
		if (!st)
			goto fail;
		db_bind_int(st, 1, round_id);
		db_bind_text(st, 2, hex);
		db_bind_int(st, 3, batch);
		rc = db_step(st);
		db_done(st);
		if (rc == DB_CONSTRAINT) { /* a duplicate: draw again */
			i--;
			continue;
		}
		if (rc != DB_DONE)
			goto fail;
		v[i] = arena_printf(a, "%.4s-%.4s-%.2s", raw, raw + 4, raw + 8);
	}
	rc = db_commit(db);
	if (rc != DB_OK)
		return rc;
	*codes = v;
	return 0;
fail:
	db_rollback(db);
	return DB_ERROR;
}

int bs_codes_count(struct db *db, long long round_id, long long *unused, long long *used)
{
	struct db_stmt *st = db_prepare(
		db, "SELECT COALESCE(SUM(used = 0), 0), COALESCE(SUM(used = 1), 0)"
		    " FROM budget_codes WHERE round_id = ?");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, round_id);
	int rc = db_step(st);
	*unused = *used = 0;
	if (rc == DB_ROW) {
		*unused = db_col_int(st, 0);
		*used = db_col_int(st, 1);
	}
	db_done(st);
	return rc == DB_ROW ? 0 : rc;
}

/* Inside the cast transaction: the round must be in the voting phase. */
static int round_open(struct db *db, long long round_id)
{
	struct db_stmt *st = db_prepare(db, "SELECT phase FROM budget_rounds WHERE id = ?");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, round_id);
	int rc = db_step(st);
	bool open = rc == DB_ROW && strcmp(db_col_text(st, 0), "stemmen") == 0;
	db_done(st);
	if (rc == DB_DONE)
		return BS_NOT_FOUND;
	return rc != DB_ROW ? rc : open ? 0 : BS_CLOSED;
}

/* Marks the code used; BS_CODE_UNKNOWN or BS_CODE_USED when it cannot be. */
static int use_code(struct db *db, long long round_id, const char *code)
{
	char hex[65];
	code_hash(code, hex);
	struct db_stmt *st = db_prepare(db, "UPDATE budget_codes SET used = 1"
					    " WHERE round_id = ? AND code_hash = ? AND used = 0");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, round_id);
	db_bind_text(st, 2, hex);
	int rc = db_step(st);
	db_done(st);
	if (rc != DB_DONE)
		return rc;
	if (db_changes(db) == 1)
		return 0;
	st = db_prepare(db, "SELECT 1 FROM budget_codes WHERE round_id = ? AND code_hash = ?");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, round_id);
	db_bind_text(st, 2, hex);
	rc = db_step(st);
	db_done(st);
	return rc == DB_ROW ? BS_CODE_USED : rc == DB_DONE ? BS_CODE_UNKNOWN : rc;
}

int bs_cast_in_tx(struct db *db, long long round_id, const char *code, const char *choices,
		  const char *channel)
{
	int rc = round_open(db, round_id);
	if (rc == 0 && code)
		rc = use_code(db, round_id, code);
	if (rc)
		return rc; /* a refusal wrote nothing: use_code changed no row */
	/* The day only: the time of a ballot must not link it to a code's use. */
	char day[16];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(day, sizeof day, "%Y-%m-%d", &tm);
	struct db_stmt *st = db_prepare(
		db, "INSERT INTO budget_ballots (round_id, choices, channel, with_code, cast_on)"
		    " VALUES (?,?,?,?,?)");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, round_id);
	db_bind_text(st, 2, choices);
	db_bind_text(st, 3, channel);
	db_bind_int(st, 4, code != NULL);
	db_bind_text(st, 5, day);
	rc = db_step(st) == DB_DONE ? 0 : DB_ERROR;
	db_done(st);
	return rc;
}

int bs_cast(struct db *db, long long round_id, const char *code, const char *choices,
	    const char *channel)
{
	int rc = db_begin(db);
	if (rc != DB_OK)
		return rc;
	rc = bs_cast_in_tx(db, round_id, code, choices, channel);
	if (rc == 0)
		return db_commit(db);
	db_rollback(db);
	return rc;
}

int bs_channel_counts(struct db *db, struct arena *a, long long round_id,
		      struct bs_channel_count **out, size_t *n)
{
	struct db_stmt *st = db_prepare(
		db, "SELECT channel, ballots, without_code FROM budget_ballot_counts"
		    " WHERE round_id = ? AND ballots > 0 ORDER BY channel");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, round_id);
	struct bs_channel_count *v = arena_calloc(a, 8, sizeof *v);
	size_t k = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW && k < 8) {
		v[k].channel = db_col_dup(st, 0, a);
		v[k].ballots = db_col_int(st, 1);
		v[k].without_code = db_col_int(st, 2);
		k++;
	}
	db_done(st);
	*out = v;
	*n = k;
	return rc == DB_DONE || rc == DB_ROW ? 0 : rc;
}

/* A .pb field without the characters that would need quoting. */
static void pb_field(struct buf *b, const char *s)
{
	for (; *s; s++)
		buf_putc(b, (*s == ';' || *s == '"' || *s == '\n' || *s == '\r') ? ' ' : *s);
}

int bs_write_pb(struct db *db, struct arena *a, const struct bs_round *rd, struct buf *out)
{
	struct bs_project *pr;
	size_t np;
	int rc = bs_projects(db, a, rd->id, "accepted", &pr, &np);
	if (rc)
		return rc;
	long long nv = rd->ballots;
	bool points = strcmp(rd->ballot, "points") == 0;
	buf_puts(out, "META\nkey;value\ndescription;");
	pb_field(out, rd->title);
	buf_printf(out, "\ncountry;Netherlands\nunit;%s\ninstance;%lld\n", rd->area_code, rd->id);
	buf_printf(out, "num_projects;%zu\nnum_votes;%lld\nbudget;%lld\n", np, nv, rd->amount);
	buf_printf(out, "vote_type;%s\nrule;%s\ncurrency;EUR\n", points ? "cumulative" : "approval",
		   strcmp(rd->rule, "greedy") == 0 ? "greedy" : "equalshares/add1");
	if (strcmp(rd->ballot, "approval_max") == 0)
		buf_printf(out, "max_length;%lld\n", rd->max_projects);
	if (points)
		buf_printf(out, "max_sum_points;%lld\n", rd->max_points);
	buf_puts(out, "PROJECTS\nproject_id;cost;name\n");
	for (size_t i = 0; i < np; i++) {
		buf_printf(out, "%lld;%lld;", pr[i].id, pr[i].cost);
		pb_field(out, pr[i].title);
		buf_putc(out, '\n');
	}
	buf_puts(out, points ? "VOTES\nvoter_id;vote;points\n" : "VOTES\nvoter_id;vote\n");
	struct db_stmt *st = db_prepare(
		db, "SELECT choices FROM budget_ballots WHERE round_id = ? ORDER BY id");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, rd->id);
	long long v = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		/* choices: "pid:points,..." -> vote and points columns */
		const char *c = db_col_text(st, 0);
		struct buf vote = BUF_INIT, pts = BUF_INIT;
		char *copy = arena_strdup(a, c), *save = NULL;
		for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
			char *colon = strchr(t, ':');
			if (colon)
				*colon = '\0';
			buf_printf(&vote, "%s%s", vote.len ? "," : "", t);
			buf_printf(&pts, "%s%s", pts.len ? "," : "", colon ? colon + 1 : "1");
		}
		buf_printf(out, "%lld;%s", ++v, vote.len ? vote.data : "");
		if (points)
			buf_printf(out, ";%s", pts.len ? pts.data : "");
		buf_putc(out, '\n');
		buf_free(&vote);
		buf_free(&pts);
	}
	db_done(st);
	return rc == DB_DONE ? 0 : rc;
}

/* The explanation of project p in one language. */
static json_t *explain_in(const struct pb_file *f, const struct pb_result *res, int p,
			  const char *lang)
{
	struct buf b = BUF_INIT;
	i18n_use(lang);
	pb_explain_text(f, res, p, &b);
	json_t *s = json_string(b.len ? b.data : "");
	buf_free(&b);
	return s;
}

/* Effective support of p: in the round it was chosen, or the last round where
 * it was still a candidate; -1 when unknown. */
static double effective_of(const struct pb_result *res, int p)
{
	double e = -1;
	for (int k = 0; k < res->nrounds; k++) {
		if (res->rounds[k].effective && res->rounds[k].effective[p] >= 0)
			e = res->rounds[k].effective[p];
		if (res->rounds[k].project == p)
			break;
	}
	return e;
}

static json_t *result_json(const struct bs_round *rd, const struct pb_file *f,
			   const struct pb_result *res)
{
	json_t *winners = json_array(), *projects = json_array();
	for (int i = 0; i < res->nwinners; i++)
		json_array_append_new(winners, json_string(f->proj[res->winners[i]].id));
	for (int p = 0; p < f->nprojects; p++) {
		double e = effective_of(res, p);
		json_t *o = json_pack("{s:s, s:I, s:I, s:b, s:o, s:{s:o, s:o}}", "id",
				      f->proj[p].id, "cost", (json_int_t)f->proj[p].cost, "votes",
				      (json_int_t)f->proj[p].votes, "selected", res->selected[p],
				      "effective_support", e >= 0 ? json_real(e) : json_null(),
				      "explanation", "nl", explain_in(f, res, p, "nl"), "en",
				      explain_in(f, res, p, "en"));
		const char *name = NULL;
		for (int c = 0; c < f->projects.ncols; c++)
			if (strcmp(f->projects.cols[c], "name") == 0)
				name = f->projects.rows[p][c];
		json_object_set_new(o, "title", json_string(name ? name : ""));
		json_array_append_new(projects, o);
	}
	return json_pack("{s:I, s:I, s:I, s:I, s:s, s:o, s:o, s:f}", "round", (json_int_t)rd->id,
			 "budget", (json_int_t)rd->amount, "spent", (json_int_t)res->spent,
			 "voters", (json_int_t)f->nvoters, "rule",
			 strcmp(rd->rule, "greedy") == 0 ? "greedy" : "mes+add1", "winners", winners,
			 "projects", projects, "share_funded", res->share_funded);
}

/* What "most votes first" (greedy, the rule most platforms use) would have
 * funded with the same ballots, and who prefers which outcome: for the
 * result page, so residents can see what the fair-shares rule changed.
 * Information only: the round's own rule decides. Returns a new JSON object
 * (null when greedy could not run). */
static json_t *greedy_comparison(const struct pb_file *f, const struct pb_options *mes,
				 const struct pb_result *res)
{
	struct pb_options g = *mes;
	g.rule = PB_RULE_GREEDY;
	g.report = false;
	g.comparison = PB_COMPARISON_NONE;
	struct pb_result *gr = pb_allocate(f, &g);
	if (gr->error[0]) {
		pb_result_free(gr);
		return json_null();
	}
	long prefer_mes, prefer_greedy, indifferent;
	pb_compare_outcomes(f, PB_COMPARISON_SATISFACTION, res->selected, gr->selected, &prefer_mes,
			    &prefer_greedy, &indifferent);
	json_t *winners = json_array();
	for (int i = 0; i < gr->nwinners; i++)
		json_array_append_new(winners, json_string(f->proj[gr->winners[i]].id));
	json_t *c = json_pack("{s:s, s:s, s:o, s:I, s:f, s:I, s:I, s:I}", "rule", "greedy", "by",
			      "satisfaction", "winners", winners, "spent", (json_int_t)gr->spent,
			      "share_funded", gr->share_funded, "prefer_this_result",
			      (json_int_t)prefer_mes, "prefer_greedy", (json_int_t)prefer_greedy,
			      "indifferent", (json_int_t)indifferent);
	pb_result_free(gr);
	return c;
}

int bs_compute(struct db *db, struct arena *a, const struct bs_round *rd, char **json,
	       char **pb)
{
	struct buf text = BUF_INIT;
	int rc = bs_write_pb(db, a, rd, &text);
	if (rc) {
		buf_free(&text);
		return rc;
	}
	struct pb_error err;
	struct pb_file *f = pb_parse(text.data, text.len, &err);
	if (!f) {
		buf_free(&text);
		return DB_ERROR;
	}
	struct pb_options o;
	pb_options_default(&o);
	o.threads = 1;
	o.report = true;
	if (strcmp(rd->rule, "greedy") == 0)
		o.rule = PB_RULE_GREEDY;
	if (strcmp(rd->ballot, "points") == 0)
		o.sat = PB_SAT_POINTS;
	struct pb_result *res = NULL;
	json_t *j;
	if (f->nvoters > 0 && f->nprojects > 0) {
		res = pb_allocate(f, &o);
		if (res->error[0]) {
			pb_result_free(res);
			pb_free(f);
			buf_free(&text);
			return DB_ERROR;
		}
		j = result_json(rd, f, res);
		if (o.rule != PB_RULE_GREEDY)
			json_object_set_new(j, "comparison", greedy_comparison(f, &o, res));
	} else {
		/* Nothing to allocate: an empty result (the engine needs voters). */
		j = json_pack("{s:I, s:I, s:I, s:I, s:s, s:[], s:[], s:f}", "round",
			      (json_int_t)rd->id, "budget", (json_int_t)rd->amount, "spent",
			      (json_int_t)0, "voters", (json_int_t)f->nvoters, "rule",
			      strcmp(rd->rule, "greedy") == 0 ? "greedy" : "mes+add1", "winners",
			      "projects", "share_funded", 0.0);
	}
	i18n_use(NULL);
	char *s = json_dumps(j, JSON_COMPACT | JSON_ENSURE_ASCII);
	json_decref(j);
	*json = arena_strdup(a, s);
	free(s);
	struct buf out = BUF_INIT;
	pb_write(f, res ? res->selected : NULL, &out);
	*pb = arena_strndup(a, out.data ? out.data : "", out.len);
	buf_free(&out);
	if (res)
		pb_result_free(res);
	pb_free(f);
	buf_free(&text);
	return 0;
}

int bs_result(struct db *db, struct arena *a, long long round_id, const char **json,
	      const char **pb)
{
	/* Two statements so a page that needs only the JSON never copies the
	 * (possibly megabytes of) .pb text. */
	struct db_stmt *st =
		pb ? db_prepare(db, "SELECT result_json, result_pb FROM budget_rounds WHERE id = ?"
				    " AND result_json IS NOT NULL")
		   : db_prepare(db, "SELECT result_json FROM budget_rounds WHERE id = ?"
				    " AND result_json IS NOT NULL");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, round_id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*json = db_col_dup(st, 0, a);
		if (pb)
			*pb = db_col_dup(st, 1, a);
	}
	db_done(st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? BS_NOT_FOUND : rc;
}
