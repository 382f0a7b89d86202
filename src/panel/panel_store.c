/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * panel_store.c: all SQL of the burgerraad web module (see panel_store.h).
 * Contacts are linked to the pool only through a random person id, so the
 * selection data (features, draws, tickets) never holds contact details.
 */
#include "panel/panel_store.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "util/mem.h"


static int finish(struct db_stmt *st, int rc)
{
	db_done(st);
	return rc == DB_DONE ? 0 : (rc < 0 ? rc : DB_ERROR);
}

#define PANEL_COLS                                                                               \
	"SELECT p.id, p.title, COALESCE(p.area_code,''), p.size_k, p.signup_open, p.end_date, "   \
	"p.demo, p.pool_deleted, "                                                                \
	"(SELECT COUNT(*) FROM panel_people x WHERE x.panel_id = p.id AND x.status <> 'dropped'), " \
	"(SELECT COUNT(*) FROM panel_draws d WHERE d.panel_id = p.id), p.household_rule "         \
	"FROM panel_panels p "

static void read_panel(struct arena *a, struct db_stmt *st, struct ps_panel *p)
{
	p->id = db_col_int(st, 0);
	p->title = db_col_dup(st, 1, a);
	p->area_code = db_col_dup(st, 2, a);
	p->k = (int)db_col_int(st, 3);
	p->signup_open = db_col_int(st, 4) != 0;
	p->end_date = db_col_dup(st, 5, a);
	p->demo = db_col_int(st, 6) != 0;
	p->pool_deleted = db_col_int(st, 7) != 0;
	p->pool_size = (int)db_col_int(st, 8);
	p->draws = (int)db_col_int(st, 9);
	p->household_rule = db_col_int(st, 10) != 0;
}

int ps_panel_get(struct db *db, struct arena *a, long long id, struct ps_panel *out)
{
	struct db_stmt *st = db_prepare(db, PANEL_COLS "WHERE p.id = ?");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		read_panel(a, st, out);
		db_done(st);
		return 0;
	}
	db_done(st);
	return rc == DB_DONE ? PS_NOT_FOUND : rc;
}

int ps_panel_list(struct db *db, struct arena *a, struct ps_panel **out, int *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, PANEL_COLS "ORDER BY p.id DESC");
	if (!st)
		return DB_ERROR;
	size_t cap = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		*out = arena_grow(a, *out, (size_t)*n, &cap, sizeof **out);
		read_panel(a, st, &(*out)[(*n)++]);
	}
	return finish(st, rc);
}

bool ps_area_exists(struct db *db, const char *code)
{
	struct db_stmt *st = db_prepare(db, "SELECT 1 FROM areas WHERE code = ?");
	if (!st)
		return false;
	db_bind_text(st, 1, code);
	bool ok = db_step(st) == DB_ROW;
	db_done(st);
	return ok;
}

int ps_panel_create(struct db *db, const char *title, const char *area_code, int k,
		    const char *end_date, bool demo, bool household_rule, const struct ps_quota *q,
		    int nq, long long *id)
{
	int rc = db_begin(db);
	if (rc != DB_OK)
		return rc;
	struct db_stmt *st = db_prepare(db, "INSERT INTO panel_panels (title, area_code, size_k, "
					    "end_date, demo, household_rule) "
					    "VALUES (?, ?, ?, ?, ?, ?)");
	if (!st)
		goto fail;
	db_bind_text(st, 1, title);
	db_bind_text(st, 2, area_code && *area_code ? area_code : NULL);
	db_bind_int(st, 3, k);
	db_bind_text(st, 4, end_date);
	db_bind_int(st, 5, demo);
	db_bind_int(st, 6, household_rule);
	rc = db_step(st);
	db_done(st);
	if (rc != DB_DONE)
		goto fail;
	*id = db_last_id(db);
	for (int i = 0; i < nq; i++) {
		st = db_prepare(db, "INSERT INTO panel_quotas (panel_id, ord, feature, value, qmin, "
				    "qmax) VALUES (?, ?, ?, ?, ?, ?)");
		if (!st)
			goto fail;
		db_bind_int(st, 1, *id);
		db_bind_int(st, 2, i);
		db_bind_text(st, 3, q[i].feature);
		db_bind_text(st, 4, q[i].value);
		db_bind_int(st, 5, q[i].qmin);
		db_bind_int(st, 6, q[i].qmax);
		rc = db_step(st);
		db_done(st);
		if (rc != DB_DONE)
			goto fail;
	}
	rc = db_commit(db);
	return rc == DB_OK ? 0 : rc;
fail:
	db_rollback(db);
	return rc < 0 ? rc : DB_ERROR;
}

int ps_panel_set_signup(struct db *db, long long id, bool open)
{
	struct db_stmt *st = db_prepare(db, "UPDATE panel_panels SET signup_open = ? WHERE id = ?");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, open);
	db_bind_int(st, 2, id);
	return finish(st, db_step(st));
}

int ps_panel_set_household(struct db *db, long long id, bool on)
{
	struct db_stmt *st = db_prepare(db, "UPDATE panel_panels SET household_rule = ? WHERE id = ?");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, on);
	db_bind_int(st, 2, id);
	return finish(st, db_step(st));
}

/* Appends c to out[len] if it fits (one byte left for the NUL). */
static bool put(char *out, size_t outlen, size_t *len, char c)
{
	if (*len + 1 >= outlen)
		return false;
	out[(*len)++] = c;
	return true;
}

bool ps_address_normal(const char *const *parts, int n, char *out, size_t outlen)
{
	size_t len = 0;
	if (outlen == 0)
		return false;
	out[0] = '\0';
	/* The house number (part 1) is its leading digits; whatever follows it
	 * ("12A", "12-2") belongs to the addition. A '|' goes between postcode,
	 * number and addition, so "12-2" and "122" stay two households. */
	bool in_addition = false;
	for (int i = 0; i < n; i++) {
		size_t kept = 0;
		bool sep_due = i > 0 && !(i >= 2 && in_addition);
		for (const char *s = parts[i] ? parts[i] : ""; *s; s++) {
			char c = *s;
			if (c >= 'a' && c <= 'z')
				c = (char)(c - 'a' + 'A');
			/* Spaces, dashes and dots differ between spellings of one address. */
			if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
				continue;
			if (i == 1 && kept > 0 && !in_addition && !(c >= '0' && c <= '9')) {
				in_addition = true;
				sep_due = true;
			} else if (i == 1 && kept > 0 && !in_addition && s > parts[i] &&
				   !(s[-1] >= '0' && s[-1] <= '9')) {
				in_addition = true; /* "12-2": a digit after a separator */
				sep_due = true;
			}
			if (sep_due && (!put(out, outlen, &len, '|')))
				return false;
			sep_due = false;
			if (!put(out, outlen, &len, c))
				return false;
			kept++;
		}
		if (i >= 2 && kept > 0)
			in_addition = true;
		if (kept == 0 && i < 2) { /* postcode and number; an addition may be empty */
			out[0] = '\0';
			return false;
		}
	}
	out[len] = '\0';
	return n > 0;
}

void ps_household_hash(const unsigned char key[32], const char *normal, char out[33])
{
	unsigned char h[16];
	crypto_generichash(h, sizeof h, (const unsigned char *)normal, strlen(normal), key, 32);
	sodium_bin2hex(out, 33, h, sizeof h);
}

int ps_household_key(struct db *db, long long id, unsigned char key[32])
{
	struct db_stmt *st = db_prepare(db, "SELECT hkey FROM panel_household_keys "
					    "WHERE panel_id = ?");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		const char *hex = db_col_text(st, 0);
		size_t got = 0;
		int bad = sodium_hex2bin(key, 32, hex ? hex : "", hex ? strlen(hex) : 0, NULL,
					 &got, NULL);
		db_done(st);
		return bad || got != 32 ? DB_ERROR : 0;
	}
	db_done(st);
	if (rc != DB_DONE)
		return rc < 0 ? rc : DB_ERROR;
	char hex[65];
	randombytes_buf(key, 32);
	sodium_bin2hex(hex, sizeof hex, key, 32);
	st = db_prepare(db, "INSERT INTO panel_household_keys (panel_id, hkey) VALUES (?, ?)");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, hex);
	rc = finish(st, db_step(st));
	sodium_memzero(hex, sizeof hex);
	return rc;
}

/* A Dutch postcode: four digits (not starting with 0) and two letters. */
static bool postcode_ok(const char *n)
{
	return strlen(n) >= 6 && n[0] >= '1' && n[0] <= '9' && n[1] >= '0' && n[1] <= '9' &&
	       n[2] >= '0' && n[2] <= '9' && n[3] >= '0' && n[3] <= '9' && n[4] >= 'A' &&
	       n[4] <= 'Z' && n[5] >= 'A' && n[5] <= 'Z';
}

int ps_household_of(struct db *db, struct arena *a, long long id, const char *postcode,
		    const char *number, const char **household)
{
	const char *parts[2] = {postcode, number};
	char normal[128];
	*household = NULL;
	if (!ps_address_normal(parts, 2, normal, sizeof normal) || !postcode_ok(normal) ||
	    normal[6] != '|' || normal[7] < '1' || normal[7] > '9' || strlen(normal) > 7 + 12)
		return 1; /* "1234AB|" then a house number starting with a digit 1-9 */
	unsigned char key[32];
	int rc = ps_household_key(db, id, key);
	if (rc)
		return rc;
	char *out = arena_alloc(a, 33);
	ps_household_hash(key, normal, out);
	sodium_memzero(key, sizeof key);
	*household = out;
	return 0;
}

int ps_quotas(struct db *db, struct arena *a, long long id, struct ps_quota **out, int *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, "SELECT ord, feature, value, qmin, qmax, pool_count "
					    "FROM panel_quotas WHERE panel_id = ? ORDER BY ord");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	*out = arena_calloc(a, 1, sizeof **out); /* never NULL, also when empty */
	size_t cap = 1;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		*out = arena_grow(a, *out, (size_t)*n, &cap, sizeof **out);
		struct ps_quota *q = &(*out)[(*n)++];
		q->ord = (int)db_col_int(st, 0);
		q->feature = db_col_dup(st, 1, a);
		q->value = db_col_dup(st, 2, a);
		q->qmin = (int)db_col_int(st, 3);
		q->qmax = (int)db_col_int(st, 4);
		q->pool_count = (int)db_col_int(st, 5);
	}
	return finish(st, rc);
}

int ps_quota_set(struct db *db, long long id, int ord, int qmin, int qmax)
{
	struct db_stmt *st = db_prepare(db, "UPDATE panel_quotas SET qmin = ?, qmax = ? "
					    "WHERE panel_id = ? AND ord = ?");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, qmin);
	db_bind_int(st, 2, qmax);
	db_bind_int(st, 3, id);
	db_bind_int(st, 4, ord);
	return finish(st, db_step(st));
}

int ps_person_add(struct db *db, long long id, const char *const *features,
		  const char *const *values, int nf, const char *household, const char *name,
		  const char *contact, int *pno)
{
	struct db_stmt *st = db_prepare(db, "SELECT COALESCE(MAX(pno), 0) + 1 FROM panel_people "
					    "WHERE panel_id = ?");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	*pno = db_step(st) == DB_ROW ? (int)db_col_int(st, 0) : 1;
	db_done(st);
	/* The random person id is the only link between pool and contact. */
	unsigned char raw[16];
	char pid[33];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(pid, sizeof pid, raw, sizeof raw);
	st = db_prepare(db, "INSERT INTO panel_people (panel_id, pno, pid, household) "
			    "VALUES (?, ?, ?, ?)");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, *pno);
	db_bind_text(st, 3, pid);
	db_bind_text(st, 4, household && *household ? household : NULL);
	int rc = finish(st, db_step(st));
	for (int i = 0; rc == 0 && i < nf; i++) {
		st = db_prepare(db, "INSERT INTO panel_person_values (panel_id, pno, feature, value) "
				    "VALUES (?, ?, ?, ?)");
		if (!st)
			return DB_ERROR;
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, *pno);
		db_bind_text(st, 3, features[i]);
		db_bind_text(st, 4, values[i]);
		rc = finish(st, db_step(st));
	}
	if (rc == 0 && name) {
		st = db_prepare(db, "INSERT INTO panel_contacts (pid, name, contact) VALUES (?, ?, ?)");
		if (!st)
			return DB_ERROR;
		db_bind_text(st, 1, pid);
		db_bind_text(st, 2, name);
		db_bind_text(st, 3, contact ? contact : "");
		rc = finish(st, db_step(st));
	}
	return rc;
}

int ps_refresh_counts(struct db *db, long long id)
{
	struct db_stmt *st = db_prepare(
		db, "UPDATE panel_quotas SET pool_count = (SELECT COUNT(*) FROM panel_person_values v "
		    "JOIN panel_people p ON p.panel_id = v.panel_id AND p.pno = v.pno "
		    "WHERE v.panel_id = panel_quotas.panel_id AND v.feature = panel_quotas.feature "
		    "AND v.value = panel_quotas.value AND p.status <> 'dropped') WHERE panel_id = ?");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	return finish(st, db_step(st));
}

/* Appends one CSV cell, quoted when it holds a comma, quote or newline. */
static void cell(struct buf *b, const char *s, bool last)
{
	if (strpbrk(s, ",\"\r\n")) {
		buf_putc(b, '"');
		for (; *s; s++) {
			if (*s == '"')
				buf_putc(b, '"');
			buf_putc(b, *s);
		}
		buf_putc(b, '"');
	} else {
		buf_puts(b, s);
	}
	buf_putc(b, last ? '\n' : ',');
}

int ps_engine_csv(struct db *db, struct arena *a, long long id, char **quota_csv,
		  char **pool_csv)
{
	struct ps_quota *q;
	int nq, rc = ps_quotas(db, a, id, &q, &nq);
	if (rc)
		return rc;
	struct buf b = {0};
	buf_puts(&b, "feature,value,min,max\n");
	const char **feat = arena_calloc(a, (size_t)nq + 1, sizeof *feat);
	int nf = 0;
	for (int i = 0; i < nq; i++) {
		cell(&b, q[i].feature, false);
		cell(&b, q[i].value, false);
		buf_printf(&b, "%d,%d\n", q[i].qmin, q[i].qmax);
		if (nf == 0 || strcmp(feat[nf - 1], q[i].feature) != 0)
			feat[nf++] = q[i].feature;
	}
	*quota_csv = arena_strdup(a, b.data ? b.data : "");
	buf_reset(&b);
	cell(&b, "id", false);
	for (int f = 0; f < nf; f++)
		cell(&b, feat[f], false);
	cell(&b, PS_HOUSEHOLD_COLUMN, true);
	/* One row per person: values ordered by feature in quota order. */
	struct db_stmt *st = db_prepare(
		db, "SELECT p.pno, v.feature, v.value, COALESCE(p.household, '') FROM panel_people p "
		    "JOIN panel_person_values v "
		    "ON v.panel_id = p.panel_id AND v.pno = p.pno WHERE p.panel_id = ? AND "
		    "p.status <> 'dropped' ORDER BY p.pno");
	if (!st) {
		buf_free(&b);
		return DB_ERROR;
	}
	db_bind_int(st, 1, id);
	const char **row = arena_calloc(a, (size_t)nf + 1, sizeof *row);
	int cur = -1;
	const char *household = "";
	while ((rc = db_step(st)) == DB_ROW || cur >= 0) {
		int pno = rc == DB_ROW ? (int)db_col_int(st, 0) : -1;
		if (pno != cur && cur >= 0) {
			char num[16];
			snprintf(num, sizeof num, "%d", cur);
			cell(&b, num, false);
			for (int f = 0; f < nf; f++)
				cell(&b, row[f] ? row[f] : "", false);
			cell(&b, household, true);
			memset(row, 0, (size_t)nf * sizeof *row);
		}
		cur = pno;
		if (rc != DB_ROW)
			break;
		household = db_col_dup(st, 3, a);
		const char *fname = db_col_text(st, 1);
		for (int f = 0; f < nf; f++)
			if (strcmp(feat[f], fname) == 0)
				row[f] = db_col_dup(st, 2, a);
	}
	db_done(st);
	*pool_csv = arena_strdup(a, b.data ? b.data : "");
	buf_free(&b);
	return rc == DB_DONE ? 0 : rc;
}

int ps_draw_store(struct db *db, long long id, const struct ps_draw *d,
		  const struct ps_type *types, int ntypes, const char *const *tickets,
		  const int *selected, int nsel)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO panel_draws (panel_id, round, seed, "
					    "tickets, ticket, min_prob, selected, kept) "
					    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, d->round);
	db_bind_text(st, 3, d->seed);
	db_bind_int(st, 4, d->tickets);
	db_bind_int(st, 5, d->ticket);
	db_bind_double(st, 6, d->min_prob);
	db_bind_text(st, 7, d->selected);
	db_bind_text(st, 8, d->kept);
	int rc = finish(st, db_step(st));
	for (int i = 0; rc == 0 && i < ntypes; i++) {
		st = db_prepare(db, "INSERT INTO panel_draw_types (panel_id, round, ord, profile, "
				    "people, prob) VALUES (?, ?, ?, ?, ?, ?)");
		if (!st)
			return DB_ERROR;
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, d->round);
		db_bind_int(st, 3, i);
		db_bind_text(st, 4, types[i].profile);
		db_bind_int(st, 5, types[i].people);
		db_bind_double(st, 6, types[i].prob);
		rc = finish(st, db_step(st));
	}
	for (int i = 0; rc == 0 && i < d->tickets; i++) {
		st = db_prepare(db, "INSERT INTO panel_tickets (panel_id, round, ticket, members) "
				    "VALUES (?, ?, ?, ?)");
		if (!st)
			return DB_ERROR;
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, d->round);
		db_bind_int(st, 3, i + 1);
		db_bind_text(st, 4, tickets[i]);
		rc = finish(st, db_step(st));
	}
	for (int i = 0; rc == 0 && i < nsel; i++) {
		st = db_prepare(db, "UPDATE panel_people SET status = 'selected' WHERE panel_id = ? "
				    "AND pno = ? AND status = 'pool'");
		if (!st)
			return DB_ERROR;
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, selected[i]);
		rc = finish(st, db_step(st));
	}
	return rc;
}

int ps_draw_latest(struct db *db, struct arena *a, long long id, struct ps_draw *out)
{
	struct db_stmt *st = db_prepare(db, "SELECT round, seed, tickets, ticket, min_prob, "
					    "selected, kept, created_at FROM panel_draws "
					    "WHERE panel_id = ? ORDER BY round DESC LIMIT 1");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	int rc = db_step(st);
	if (rc != DB_ROW) {
		db_done(st);
		return rc == DB_DONE ? PS_NOT_FOUND : rc;
	}
	out->round = (int)db_col_int(st, 0);
	out->seed = db_col_dup(st, 1, a);
	out->tickets = (int)db_col_int(st, 2);
	out->ticket = (int)db_col_int(st, 3);
	out->min_prob = db_col_double(st, 4);
	out->selected = db_col_dup(st, 5, a);
	out->kept = db_col_dup(st, 6, a);
	out->created_at = db_col_dup(st, 7, a);
	db_done(st);
	return 0;
}

int ps_draw_types(struct db *db, struct arena *a, long long id, int round, struct ps_type **out,
		  int *n)
{
	*n = 0;
	struct db_stmt *st = db_prepare(db, "SELECT profile, people, prob FROM panel_draw_types "
					    "WHERE panel_id = ? AND round = ? ORDER BY ord");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, round);
	*out = arena_calloc(a, 1, sizeof **out);
	size_t cap = 1;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		*out = arena_grow(a, *out, (size_t)*n, &cap, sizeof **out);
		struct ps_type *t = &(*out)[(*n)++];
		t->profile = db_col_dup(st, 0, a);
		t->people = (int)db_col_int(st, 1);
		t->prob = db_col_double(st, 2);
	}
	return finish(st, rc);
}

int ps_draw_tickets(struct db *db, struct arena *a, long long id, int round, const char ***out,
		    int *n)
{
	*n = 0;
	struct db_stmt *st = db_prepare(db, "SELECT members FROM panel_tickets WHERE panel_id = ? "
					    "AND round = ? ORDER BY ticket");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, round);
	*out = arena_calloc(a, 1, sizeof **out);
	size_t cap = 1;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		*out = arena_grow(a, *out, (size_t)*n, &cap, sizeof **out);
		(*out)[(*n)++] = db_col_dup(st, 0, a);
	}
	return finish(st, rc);
}

int ps_members(struct db *db, struct arena *a, long long id, struct ps_member **out, int *n)
{
	*n = 0;
	size_t cap = 1;
	*out = arena_calloc(a, cap, sizeof **out);
	struct db_stmt *st = db_prepare(
		db, "SELECT p.pno, p.status, COALESCE(c.name,''), COALESCE(c.contact,'') FROM "
		    "panel_people p LEFT JOIN panel_contacts c ON c.pid = p.pid WHERE p.panel_id = ? "
		    "AND p.status IN ('selected','dropped') ORDER BY p.status DESC, p.pno");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		*out = arena_grow(a, *out, (size_t)*n, &cap, sizeof **out);
		struct ps_member *m = &(*out)[(*n)++];
		m->pno = (int)db_col_int(st, 0);
		m->status = db_col_dup(st, 1, a);
		m->name = db_col_dup(st, 2, a);
		m->contact = db_col_dup(st, 3, a);
	}
	return finish(st, rc);
}

int ps_mark_dropped(struct db *db, long long id, int pno)
{
	struct db_stmt *st = db_prepare(db, "UPDATE panel_people SET status = 'dropped' WHERE "
					    "panel_id = ? AND pno = ? AND status = 'selected'");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, pno);
	int rc = finish(st, db_step(st));
	if (rc == 0 && db_changes(db) == 0)
		return PS_NOT_FOUND;
	return rc;
}

int ps_selected(struct db *db, struct arena *a, long long id, int **out, int *n)
{
	*n = 0;
	struct db_stmt *st = db_prepare(db, "SELECT pno FROM panel_people WHERE panel_id = ? AND "
					    "status = 'selected' ORDER BY pno");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	size_t cap = 1;
	int rc;
	*out = arena_calloc(a, cap, sizeof **out);
	while ((rc = db_step(st)) == DB_ROW) {
		*out = arena_grow(a, *out, (size_t)*n, &cap, sizeof **out);
		(*out)[(*n)++] = (int)db_col_int(st, 0);
	}
	return finish(st, rc);
}

static int exec_id(struct db *db, const char *sql, long long id)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	return finish(st, db_step(st));
}

int ps_delete_pool(struct db *db, long long id)
{
	/* Keep the aggregate counts as they are now, then remove the people. */
	int rc = ps_refresh_counts(db, id);
	if (rc == 0)
		rc = exec_id(db, "DELETE FROM panel_contacts WHERE pid IN (SELECT pid FROM "
				 "panel_people WHERE panel_id = ?)", id);
	if (rc == 0)
		rc = exec_id(db, "DELETE FROM panel_person_values WHERE panel_id = ?", id);
	if (rc == 0)
		rc = exec_id(db, "DELETE FROM panel_people WHERE panel_id = ?", id);
	if (rc == 0) /* without the key, a leaked hash cannot be tested against addresses */
		rc = exec_id(db, "DELETE FROM panel_household_keys WHERE panel_id = ?", id);
	if (rc == 0)
		rc = exec_id(db, "UPDATE panel_panels SET pool_deleted = 1, signup_open = 0 "
				 "WHERE id = ?", id);
	return rc;
}

int ps_expire(struct db *db, const char *today)
{
	struct db_stmt *st = db_prepare(db, "SELECT id FROM panel_panels WHERE pool_deleted = 0 "
					    "AND end_date < ? LIMIT 100");
	if (!st)
		return DB_ERROR;
	db_bind_text(st, 1, today);
	long long ids[100];
	int n = 0, rc;
	while ((rc = db_step(st)) == DB_ROW && n < 100)
		ids[n++] = db_col_int(st, 0);
	db_done(st);
	if (n == 0)
		return 0;
	rc = db_begin(db);
	if (rc != DB_OK)
		return rc;
	for (int i = 0; i < n; i++) {
		rc = ps_delete_pool(db, ids[i]);
		if (rc) {
			db_rollback(db);
			return rc;
		}
	}
	rc = db_commit(db);
	return rc == DB_OK ? n : rc;
}

/* ------------------------------------------------ a person's private link */

static void own_hash(const char *token, char hex[65])
{
	unsigned char h[32];
	/* Unkeyed is enough: the token has 192 random bits. */
	crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
	sodium_bin2hex(hex, 65, h, sizeof h);
}

int ps_own_link(struct db *db, long long id, int pno, char token[PS_OWN_TOKEN_HEX + 1])
{
	unsigned char raw[PS_OWN_TOKEN_HEX / 2];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(token, PS_OWN_TOKEN_HEX + 1, raw, sizeof raw);
	char hex[65];
	own_hash(token, hex);
	struct db_stmt *st = db_prepare(db, "UPDATE panel_people SET own_hash = ? "
					    "WHERE panel_id = ? AND pno = ?");
	if (!st)
		return DB_ERROR;
	db_bind_text(st, 1, hex);
	db_bind_int(st, 2, id);
	db_bind_int(st, 3, pno);
	int rc = finish(st, db_step(st));
	if (rc == 0 && db_changes(db) != 1)
		return PS_NOT_FOUND;
	return rc;
}

int ps_own_find(struct db *db, struct arena *a, long long id, const char *token,
		struct ps_own *out)
{
	if (!token || strlen(token) != PS_OWN_TOKEN_HEX)
		return PS_NOT_FOUND;
	char hex[65];
	own_hash(token, hex);
	struct db_stmt *st = db_prepare(
		db, "SELECT p.pno, p.status, COALESCE(c.name, ''), COALESCE(c.contact, ''), "
		    "p.household IS NOT NULL FROM panel_people p "
		    "LEFT JOIN panel_contacts c ON c.pid = p.pid "
		    "WHERE p.panel_id = ? AND p.own_hash = ?");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, hex);
	int rc = db_step(st);
	if (rc != DB_ROW) {
		db_done(st);
		return rc == DB_DONE ? PS_NOT_FOUND : DB_ERROR;
	}
	*out = (struct ps_own){.pno = (int)db_col_int(st, 0),
			       .status = db_col_dup(st, 1, a),
			       .name = db_col_dup(st, 2, a),
			       .contact = db_col_dup(st, 3, a),
			       .household = db_col_int(st, 4) != 0};
	db_done(st);
	/* the features in the order the quotas list them */
	st = db_prepare(db, "SELECT v.feature, v.value FROM panel_person_values v "
			    "WHERE v.panel_id = ? AND v.pno = ? ORDER BY (SELECT MIN(q.ord) FROM "
			    "panel_quotas q WHERE q.panel_id = v.panel_id AND q.feature = v.feature)");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, out->pno);
	size_t cap_f = 0, cap_v = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		out->features = arena_grow(a, out->features, (size_t)out->n, &cap_f,
					   sizeof *out->features);
		out->values = arena_grow(a, out->values, (size_t)out->n, &cap_v, sizeof *out->values);
		out->features[out->n] = db_col_dup(st, 0, a);
		out->values[out->n++] = db_col_dup(st, 1, a);
	}
	db_done(st);
	return rc == DB_DONE ? 0 : DB_ERROR;
}

/* Runs one statement whose parameters are a panel id and a pool number. */
static int exec_id_pno(struct db *db, const char *sql, long long id, int pno)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, pno);
	return finish(st, db_step(st));
}

int ps_own_withdraw(struct db *db, long long id, int pno)
{
	int rc = exec_id_pno(db, "DELETE FROM panel_contacts WHERE pid = (SELECT pid FROM "
				 "panel_people WHERE panel_id = ? AND pno = ?)", id, pno);
	if (rc == 0)
		rc = exec_id_pno(db, "DELETE FROM panel_person_values WHERE panel_id = ? AND pno = ?",
				 id, pno);
	/* On the drawn panel: keep the pool number as a drop-out so staff see the
	 * empty place; otherwise nothing of the person is left. */
	if (rc == 0)
		rc = exec_id_pno(db, "UPDATE panel_people SET status = 'dropped', household = NULL, "
				     "own_hash = NULL WHERE panel_id = ? AND pno = ? AND status <> 'pool'",
				 id, pno);
	if (rc == 0)
		rc = exec_id_pno(db, "DELETE FROM panel_people WHERE panel_id = ? AND pno = ? "
				     "AND status = 'pool'", id, pno);
	if (rc == 0)
		rc = ps_refresh_counts(db, id);
	return rc;
}
