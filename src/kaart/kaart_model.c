/* SPDX-License-Identifier: EUPL-1.2 */
/* kaart_model.c: fixed lists, validation and storage of sociale kaart items
 * (see kaart_model.h). */
#include "kaart/kaart_model.h"

#include <string.h>
#include <time.h>

#include "db/db.h"
#include "i18n/i18n.h"
#include "util/mem.h"
#include "util/text.h"

const char *const kaart_kinds[KAART_NKINDS] = {
	"bewonersinitiatief", "vereniging",  "organisatie",
	"ontmoetingsplek",    "voorziening", "talent",
};
static const char *const kind_labels[KAART_NKINDS] = {
	N_("Residents' initiative"), N_("Association"), N_("Organisation"),
	N_("Meeting place"),         N_("Facility"),    N_("Talent"),
};

const char *const kaart_themes[KAART_NTHEMES] = {
	"samenlevingsopbouw",
	"mantelzorg",
	"eenzaamheid",
	"vrijwilligerswerk",
	"gezondheid",
	"jeugd",
	"ouderen",
	"armoede",
	"sport",
	"cultuur",
	"taal",
	"wonen",
};
static const char *const theme_labels[KAART_NTHEMES] = {
	N_("Community building"),
	N_("Informal care"),
	N_("Loneliness"),
	N_("Volunteering"),
	N_("Health"),
	N_("Youth"),
	N_("Older people"),
	N_("Poverty"),
	N_("Sport"),
	N_("Culture"),
	N_("Language"),
	N_("Housing"),
};

const char *const kaart_pillars[KAART_NPILLARS] = {"zekerheid", "inclusie", "cohesie",
						   "empowerment"};
static const char *const pillar_labels[KAART_NPILLARS] = {
	N_("Socio-economic security"),
	N_("Social inclusion"),
	N_("Social cohesion"),
	N_("Social empowerment"),
};

const char *const kaart_channels[KAART_NCHANNELS] = {
	"online", "persoonlijk", "telefoon", "papier", "bijeenkomst",
};
static const char *const channel_labels[KAART_NCHANNELS] = {
	N_("Online"), N_("Face to face"), N_("Telephone"), N_("On paper"), N_("At a meeting"),
};

int kaart_list_index(const char *const *list, int n, const char *s)
{
	if (!s)
		return -1;
	for (int i = 0; i < n; i++)
		if (strcmp(list[i], s) == 0)
			return i;
	return -1;
}

const char *kaart_kind_label(const char *k)
{
	int i = kaart_list_index(kaart_kinds, KAART_NKINDS, k);
	return i < 0 ? NULL : kind_labels[i];
}

const char *kaart_theme_label(const char *t)
{
	int i = kaart_list_index(kaart_themes, KAART_NTHEMES, t);
	return i < 0 ? NULL : theme_labels[i];
}

const char *kaart_pillar_label(const char *p)
{
	int i = kaart_list_index(kaart_pillars, KAART_NPILLARS, p);
	return i < 0 ? NULL : pillar_labels[i];
}

const char *kaart_channel_label(const char *c)
{
	int i = kaart_list_index(kaart_channels, KAART_NCHANNELS, c);
	return i < 0 ? NULL : channel_labels[i];
}

void kaart_error_add(struct kaart_errors *e, const char *field, const char *msg)
{
	if (e->n < KAART_MAX_ERRORS && !kaart_error_for(e, field)) {
		e->field[e->n] = field;
		e->msg[e->n] = msg;
		e->n++;
	}
}

const char *kaart_error_for(const struct kaart_errors *e, const char *field)
{
	for (int i = 0; i < e->n; i++)
		if (strcmp(e->field[i], field) == 0)
			return e->msg[i];
	return NULL;
}

int kaart_split_list(struct arena *a, const char *s, const char *const *list, int nlist,
		     const char **out, int max, const char **bad)
{
	int n = 0;
	*bad = NULL;
	while (s && *s) {
		const char *end = strchr(s, '|');
		size_t len = end ? (size_t)(end - s) : strlen(s);
		char *part = str_trim(a, arena_strndup(a, s, len));
		s = end ? end + 1 : NULL;
		if (!*part)
			continue;
		int idx = kaart_list_index(list, nlist, part);
		bool dup = false;
		for (int i = 0; i < n; i++)
			dup = dup || strcmp(out[i], part) == 0;
		if (idx < 0 || dup || n == max) {
			*bad = part;
			return -1;
		}
		out[n++] = list[idx];
	}
	return n;
}

bool kaart_date_valid(const char *s)
{
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	struct tm tm = {0};
	tm.tm_year =
		(s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0') - 1900;
	tm.tm_mon = (s[5] - '0') * 10 + (s[6] - '0') - 1;
	tm.tm_mday = (s[8] - '0') * 10 + (s[9] - '0');
	int y = tm.tm_year, m = tm.tm_mon, d = tm.tm_mday;
	if (y < 0 || m < 0 || m > 11 || d < 1 || d > 31)
		return false;
	tm.tm_hour = 12;
	/* timegm normalises 31 February to 3 March: a changed day means invalid. */
	timegm(&tm);
	return tm.tm_year == y && tm.tm_mon == m && tm.tm_mday == d;
}

/* Checks one free-text field: valid UTF-8 (already guaranteed by the HTTP
 * layer, not by a CSV file), no control characters but newline/tab, and at
 * most max code points. */
static void check_text(struct kaart_errors *e, const char *field, const char **v, size_t max,
		       bool required)
{
	if (!*v)
		*v = "";
	if (!utf8_valid(*v, strlen(*v))) {
		kaart_error_add(e, field,
				N_("This text has characters that cannot be read (not UTF-8)."));
		return;
	}
	for (const unsigned char *p = (const unsigned char *)*v; *p; p++) {
		if (*p < 0x20 && *p != '\n' && *p != '\t' && *p != '\r') {
			kaart_error_add(e, field, N_("This text has control characters."));
			return;
		}
	}
	if (required && str_empty(*v))
		kaart_error_add(e, field, N_("Please fill this in."));
	else if (utf8_length(*v) > max)
		kaart_error_add(e, field, N_("This text is too long."));
}

static bool area_exists(struct db *db, const char *code)
{
	struct db_stmt *s = db_prepare(db, "SELECT 1 FROM areas WHERE code = ?");
	db_bind_text(s, 1, code);
	bool ok = db_step(s) == DB_ROW;
	db_done(s);
	return ok;
}

bool kaart_validate(struct db *db, struct kaart_item *it, struct kaart_errors *e)
{
	int before = e->n;
	check_text(e, "name", &it->name, KAART_MAX_NAME, true);
	check_text(e, "description", &it->description, KAART_MAX_TEXT, false);
	check_text(e, "contact", &it->contact, KAART_MAX_SHORT, false);
	check_text(e, "when_where", &it->when_where, KAART_MAX_SHORT, false);
	check_text(e, "accessibility", &it->accessibility, KAART_MAX_SHORT, false);
	check_text(e, "source", &it->source, KAART_MAX_SHORT, false);
	if (kaart_list_index(kaart_kinds, KAART_NKINDS, it->kind) < 0)
		kaart_error_add(e, "kind",
				str_empty(it->kind) ? N_("Please choose what kind it is.")
						    : N_("This kind is not in the list."));
	if (it->area_code && !*it->area_code)
		it->area_code = NULL;
	if (it->area_code && (strlen(it->area_code) > 16 || (db && !area_exists(db, it->area_code))))
		kaart_error_add(e, "area", N_("This area is not known."));
	if (it->last_checked && !*it->last_checked)
		it->last_checked = NULL;
	if (it->last_checked && !kaart_date_valid(it->last_checked))
		kaart_error_add(e, "last_checked", N_("Write the date as YYYY-MM-DD."));
	if (it->nthemes < 0 || it->nthemes > KAART_NTHEMES)
		kaart_error_add(e, "themes", N_("A theme is not in the list."));
	for (int i = 0; i < it->nthemes && i < KAART_NTHEMES; i++)
		if (kaart_list_index(kaart_themes, KAART_NTHEMES, it->themes[i]) < 0)
			kaart_error_add(e, "themes", N_("A theme is not in the list."));
	if (it->npillars < 0 || it->npillars > KAART_NPILLARS)
		kaart_error_add(e, "pillars", N_("A pillar is not in the list."));
	for (int i = 0; i < it->npillars && i < KAART_NPILLARS; i++)
		if (kaart_list_index(kaart_pillars, KAART_NPILLARS, it->pillars[i]) < 0)
			kaart_error_add(e, "pillars", N_("A pillar is not in the list."));
	if (it->channel && kaart_list_index(kaart_channels, KAART_NCHANNELS, it->channel) < 0)
		kaart_error_add(e, "channel", N_("This channel is not in the list."));
	return e->n == before;
}

static int store_lists(struct db *db, long long id, const struct kaart_item *it)
{
	struct db_stmt *s = db_prepare(db, "DELETE FROM kaart_item_themes WHERE item_id = ?");
	db_bind_int(s, 1, id);
	int rc = db_step(s);
	db_done(s);
	s = db_prepare(db, "DELETE FROM kaart_item_pillars WHERE item_id = ?");
	db_bind_int(s, 1, id);
	rc = rc == DB_DONE ? db_step(s) : rc;
	db_done(s);
	for (int i = 0; rc == DB_DONE && i < it->nthemes; i++) {
		s = db_prepare(db, "INSERT INTO kaart_item_themes (item_id, theme) VALUES (?, ?)");
		db_bind_int(s, 1, id);
		db_bind_text(s, 2, it->themes[i]);
		rc = db_step(s);
		db_done(s);
	}
	for (int i = 0; rc == DB_DONE && i < it->npillars; i++) {
		s = db_prepare(db, "INSERT INTO kaart_item_pillars (item_id, pillar) VALUES (?, ?)");
		db_bind_int(s, 1, id);
		db_bind_text(s, 2, it->pillars[i]);
		rc = db_step(s);
		db_done(s);
	}
	return rc == DB_DONE ? 0 : -1;
}

/* Binds the ten editable fields of an item to parameters 1..10, in the
 * column order that kaart_item_insert and kaart_item_update share. */
static void bind_fields(struct db_stmt *s, const struct kaart_item *it)
{
	db_bind_text(s, 1, it->name);
	db_bind_text(s, 2, it->description ? it->description : "");
	db_bind_text(s, 3, it->kind);
	db_bind_text(s, 4, it->area_code);
	db_bind_text(s, 5, it->contact ? it->contact : "");
	db_bind_int(s, 6, it->show_contact);
	db_bind_text(s, 7, it->when_where ? it->when_where : "");
	db_bind_text(s, 8, it->accessibility ? it->accessibility : "");
	db_bind_text(s, 9, it->source ? it->source : "");
	db_bind_text(s, 10, it->last_checked);
}

long long kaart_item_insert(struct db *db, const struct kaart_item *it)
{
	struct db_stmt *s = db_prepare(
		db,
		"INSERT INTO kaart_items (name, description, kind, area_code, contact, show_contact,"
		" when_where, accessibility, source, last_checked, status, corrects_id, channel, is_demo)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	bind_fields(s, it);
	db_bind_text(s, 11, it->status ? it->status : "published");
	if (it->corrects_id > 0)
		db_bind_int(s, 12, it->corrects_id);
	else
		db_bind_null(s, 12);
	db_bind_text(s, 13, it->channel ? it->channel : "online");
	db_bind_int(s, 14, it->is_demo);
	int rc = db_step(s);
	db_done(s);
	if (rc != DB_DONE)
		return -1;
	long long id = db_last_id(db);
	return store_lists(db, id, it) == 0 ? id : -1;
}

int kaart_item_update(struct db *db, long long id, const struct kaart_item *it)
{
	struct db_stmt *s = db_prepare(
		db,
		"UPDATE kaart_items SET name = ?, description = ?, kind = ?, area_code = ?, contact = ?,"
		" show_contact = ?, when_where = ?, accessibility = ?, source = ?,"
		" last_checked = coalesce(?, last_checked), updated_at = datetime('now') WHERE id = ?");
	bind_fields(s, it);
	db_bind_int(s, 11, id);
	int rc = db_step(s);
	db_done(s);
	if (rc != DB_DONE)
		return -1;
	return store_lists(db, id, it);
}

bool kaart_item_load(struct db *db, struct arena *a, long long id, struct kaart_item *it)
{
	memset(it, 0, sizeof *it);
	struct db_stmt *s = db_prepare(
		db,
		"SELECT id, name, description, kind, area_code, contact, show_contact, when_where,"
		" accessibility, source, last_checked, status, coalesce(corrects_id, 0), channel, is_demo"
		" FROM kaart_items WHERE id = ?");
	db_bind_int(s, 1, id);
	if (db_step(s) != DB_ROW) {
		db_done(s);
		return false;
	}
	it->id = db_col_int(s, 0);
	it->name = arena_strdup(a, db_col_text(s, 1));
	it->description = arena_strdup(a, db_col_text(s, 2));
	it->kind = arena_strdup(a, db_col_text(s, 3));
	it->area_code = db_col_null(s, 4) ? NULL : arena_strdup(a, db_col_text(s, 4));
	it->contact = arena_strdup(a, db_col_text(s, 5));
	it->show_contact = db_col_int(s, 6) != 0;
	it->when_where = arena_strdup(a, db_col_text(s, 7));
	it->accessibility = arena_strdup(a, db_col_text(s, 8));
	it->source = arena_strdup(a, db_col_text(s, 9));
	it->last_checked = db_col_null(s, 10) ? NULL : arena_strdup(a, db_col_text(s, 10));
	it->status = arena_strdup(a, db_col_text(s, 11));
	it->corrects_id = db_col_int(s, 12);
	it->channel = arena_strdup(a, db_col_text(s, 13));
	it->is_demo = db_col_int(s, 14) != 0;
	db_done(s);
	s = db_prepare(db, "SELECT theme FROM kaart_item_themes WHERE item_id = ? ORDER BY theme");
	db_bind_int(s, 1, id);
	while (db_step(s) == DB_ROW && it->nthemes < KAART_NTHEMES) {
		int i = kaart_list_index(kaart_themes, KAART_NTHEMES, db_col_text(s, 0));
		if (i >= 0)
			it->themes[it->nthemes++] = kaart_themes[i];
	}
	db_done(s);
	s = db_prepare(db,
		       "SELECT pillar FROM kaart_item_pillars WHERE item_id = ? ORDER BY pillar");
	db_bind_int(s, 1, id);
	while (db_step(s) == DB_ROW && it->npillars < KAART_NPILLARS) {
		int i = kaart_list_index(kaart_pillars, KAART_NPILLARS, db_col_text(s, 0));
		if (i >= 0)
			it->pillars[it->npillars++] = kaart_pillars[i];
	}
	db_done(s);
	return true;
}

bool kaart_is_stale(const char *last_checked)
{
	if (!last_checked || !kaart_date_valid(last_checked))
		return true;
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	tm.tm_year -= 1; /* 12 months ago; 29 February rolls on to 1 March */
	char limit[16];
	strftime(limit, sizeof limit, "%Y-%m-%d", &tm);
	return strcmp(last_checked, limit) < 0;
}
