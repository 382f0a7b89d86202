/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * kaart_model.h: the sociale kaart's data model shared by the CSV import, the
 * HTML forms and the JSON API: the fixed lists (kinds, themes, pillars,
 * channels), one item as a struct, its validation and its storage.
 */
#ifndef WB_KAART_KAART_MODEL_H
#define WB_KAART_KAART_MODEL_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct db;

#define KAART_NKINDS 6
#define KAART_NTHEMES 12
#define KAART_NPILLARS 4
#define KAART_NCHANNELS 5

/* Limits on field length, in code points. */
#define KAART_MAX_NAME 200
#define KAART_MAX_TEXT 4000
#define KAART_MAX_SHORT 500

/* The fixed lists, in display order (stored values, ASCII). */
extern const char *const kaart_kinds[KAART_NKINDS];
extern const char *const kaart_themes[KAART_NTHEMES];
extern const char *const kaart_pillars[KAART_NPILLARS];
extern const char *const kaart_channels[KAART_NCHANNELS];

/* English msgids for the stored values (translate with _()). NULL when the
 * value is not in the list. */
const char *kaart_kind_label(const char *kind);
const char *kaart_theme_label(const char *theme);
const char *kaart_pillar_label(const char *pillar);
const char *kaart_channel_label(const char *channel);

/* Index of s in list[0..n), or -1. */
int kaart_list_index(const char *const *list, int n, const char *s);

struct kaart_item {
	long long id;
	const char *name, *description, *kind, *area_code, *contact, *when_where;
	const char *accessibility, *source, *last_checked, *status, *channel;
	bool show_contact;
	bool is_demo;
	long long corrects_id; /* 0 when not a correction */
	const char *themes[KAART_NTHEMES];
	int nthemes;
	const char *pillars[KAART_NPILLARS];
	int npillars;
};

/* Validation errors: field name plus an English msgid. */
#define KAART_MAX_ERRORS 16
struct kaart_errors {
	const char *field[KAART_MAX_ERRORS];
	const char *msg[KAART_MAX_ERRORS];
	int n;
};
void kaart_error_add(struct kaart_errors *e, const char *field, const char *msg);
/* Message for field, or NULL. */
const char *kaart_error_for(const struct kaart_errors *e, const char *field);

/*
 * Splits "a|b|c" into out (at most max entries, arena copies, trimmed, empty
 * parts skipped). Returns the number of entries, or -1 when an entry is not
 * in list[0..nlist) (then *bad is that entry) or there are duplicates/too many.
 */
int kaart_split_list(struct arena *a, const char *s, const char *const *list, int nlist,
		     const char **out, int max, const char **bad);

/* True when s is a real calendar date written YYYY-MM-DD. */
bool kaart_date_valid(const char *s);

/*
 * Checks every field of it (area_code against the areas table when db is not
 * NULL; an empty area_code is allowed). Empty strings are normalised to ""
 * and an empty area_code to NULL. Adds one message per bad field to e and
 * returns true when there were none.
 */
bool kaart_validate(struct db *db, struct kaart_item *it, struct kaart_errors *e);

/* Inserts it (with its themes and pillars); the caller holds a transaction.
 * Returns the new id or -1. */
long long kaart_item_insert(struct db *db, const struct kaart_item *it);

/* Overwrites the content fields, themes and pillars of item id with those of
 * it (not status/channel/corrects_id). Returns 0 or -1. */
int kaart_item_update(struct db *db, long long id, const struct kaart_item *it);

/* Loads item id (any status) into *it, strings in the arena. Returns true
 * when found. */
bool kaart_item_load(struct db *db, struct arena *a, long long id, struct kaart_item *it);

/* True when last_checked is missing or more than 12 months before today. */
bool kaart_is_stale(const char *last_checked);

#endif
