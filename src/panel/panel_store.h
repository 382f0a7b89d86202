/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * panel_store.h: the database layer of the burgerraad web module. All SQL of
 * the module lives in panel_store.c. Privacy by design: a person's features
 * (panel_person_values, keyed by the pseudonymous pool number) and contact
 * details (panel_contacts, keyed by a random person id) are kept in separate
 * tables; published data (quotas with pool counts, draws, type probabilities,
 * tickets) never holds a name or contact.
 *
 * Return codes: 0 on success, PS_NOT_FOUND, or a negative DB_* code.
 * Strings in the structs live in the arena passed in.
 */
#ifndef WB_PANEL_PANEL_STORE_H
#define WB_PANEL_PANEL_STORE_H

#include <stdbool.h>
#include <stddef.h>

struct db;
struct arena;

enum { PS_NOT_FOUND = 1 };

struct ps_panel {
	long long id;
	const char *title;
	const char *area_code; /* "" when none */
	int k;
	bool signup_open;
	const char *end_date; /* YYYY-MM-DD */
	bool demo;
	bool pool_deleted;
	int pool_size;  /* people in the pool now (not dropped) */
	int draws;      /* number of draw rounds stored */
	bool household_rule; /* at most one person per household */
};

struct ps_quota {
	int ord;
	const char *feature;
	const char *value;
	int qmin, qmax;
	int pool_count; /* stored aggregate (kept after deletion) */
};

struct ps_draw {
	int round;
	const char *seed;
	int tickets; /* m */
	int ticket;  /* the chosen one, 1..m */
	double min_prob;
	const char *selected; /* pool numbers, space-separated */
	const char *kept;     /* pool numbers kept from earlier rounds */
	const char *created_at;
};

struct ps_type {
	const char *profile;
	int people;
	double prob;
};

struct ps_member {
	int pno;
	const char *status; /* selected or dropped */
	const char *name;
	const char *contact;
};

/* What the pool keeps of one person who signed up (their own page). */
struct ps_own {
	int pno;
	const char *status; /* pool, selected or dropped */
	const char *name;
	const char *contact;
	const char **features, **values; /* n of each, in quota order */
	int n;
	bool household; /* a keyed hash of the address is kept */
};

/* Loads one panel; PS_NOT_FOUND when it does not exist. */
int ps_panel_get(struct db *db, struct arena *a, long long id, struct ps_panel *out);
/* All panels, newest first; *out is an arena array of *n entries. */
int ps_panel_list(struct db *db, struct arena *a, struct ps_panel **out, int *n);
/* Creates a panel with its quotas (q[0..nq), ord taken from the index) in one
 * transaction; *id receives the new id. */
int ps_panel_create(struct db *db, const char *title, const char *area_code, int k,
		    const char *end_date, bool demo, bool household_rule, const struct ps_quota *q,
		    int nq, long long *id);
/* Opens or closes the sign-up. */
int ps_panel_set_signup(struct db *db, long long id, bool open);
/* Switches the household rule on or off. */
int ps_panel_set_household(struct db *db, long long id, bool on);

/* The household key of a person: a keyed hash, so the pool never holds an
 * address. ps_address_normal writes the normalised address of parts[0..n)
 * (upper-cased, only letters and digits kept, as POSTCODE|NUMBER|ADDITION
 * where NUMBER is part 1's leading digits and ADDITION the rest of part 1 and
 * the later parts, so "1234 ab" + "12-a" and "1234AB" + "12" + "A" give the
 * same, and "12-2" differs from "122") to out (size outlen); returns false when the first or second part is empty after that
 * (then the person counts as a household of one); later parts (an addition)
 * may be empty. ps_household_hash writes the
 * keyed BLAKE2b-128 of a normalised address as 32 hex digits plus NUL to
 * out[33]; ps_household_key loads the panel's 32-byte key, creating it on
 * first use (call inside a transaction). */
bool ps_address_normal(const char *const *parts, int n, char *out, size_t outlen);
void ps_household_hash(const unsigned char key[32], const char *normal, char out[33]);
int ps_household_key(struct db *db, long long id, unsigned char key[32]);
/* Postcode and house number as a resident types them ("1234 ab", "12-a"):
 * true when they look like a Dutch address; then *household (arena string)
 * is the keyed hash of the normalised address for panel id. Returns 0, 1
 * for a bad address, or a negative DB_* code. */
int ps_household_of(struct db *db, struct arena *a, long long id, const char *postcode,
		    const char *number, const char **household);
/* Whether an area code exists. */
bool ps_area_exists(struct db *db, const char *code);

/* The quotas in order; arena array. */
int ps_quotas(struct db *db, struct arena *a, long long id, struct ps_quota **out, int *n);
/* Sets min and max of quota ord for the panel (call inside a transaction). */
int ps_quota_set(struct db *db, long long id, int ord, int qmin, int qmax);

/* Adds one person to the pool (call inside a transaction): feature values
 * features[i] = values[i] for i < nf, the household key (a hash from
 * ps_household_hash, or NULL: alone) and, unless name is NULL, a contact row
 * linked by a fresh random person id. *pno receives the pool number. */
int ps_person_add(struct db *db, long long id, const char *const *features,
		  const char *const *values, int nf, const char *household, const char *name,
		  const char *contact, int *pno);
/* Recomputes the pool count per quota value from the pool (not dropped). */
int ps_refresh_counts(struct db *db, long long id);

/* The engine's input: a quota CSV (feature,value,min,max) and a pool CSV
 * with the column `id` (the pool number), one column per feature and the
 * column PS_HOUSEHOLD_COLUMN (the household key, empty when alone), of every
 * person not dropped. Arena strings. */
#define PS_HOUSEHOLD_COLUMN "wb_household_key"
int ps_engine_csv(struct db *db, struct arena *a, long long id, char **quota_csv,
		  char **pool_csv);

/* Stores a draw round with its type table and ticket table (tickets[i] are
 * the members of ticket i+1) and marks the selected people; call inside a
 * transaction. */
int ps_draw_store(struct db *db, long long id, const struct ps_draw *d,
		  const struct ps_type *types, int ntypes, const char *const *tickets,
		  const int *selected, int nsel);
/* The latest draw; PS_NOT_FOUND when none. */
int ps_draw_latest(struct db *db, struct arena *a, long long id, struct ps_draw *out);
/* Type table and ticket table of one round; arena arrays. */
int ps_draw_types(struct db *db, struct arena *a, long long id, int round, struct ps_type **out,
		  int *n);
int ps_draw_tickets(struct db *db, struct arena *a, long long id, int round, const char ***out,
		    int *n);

/* The selected and dropped people with their contact details (staff only). */
int ps_members(struct db *db, struct arena *a, long long id, struct ps_member **out, int *n);
/* Marks a selected person as dropped out; PS_NOT_FOUND when pno is not selected. */
int ps_mark_dropped(struct db *db, long long id, int pno);
/* Pool numbers of the selected people who stay (arena array). */
int ps_selected(struct db *db, struct arena *a, long long id, int **out, int *n);

/* Deletes contacts, features, pool rows and the household key of the panel;
 * keeps quotas with their pool counts, draws, types and tickets. Closes the
 * sign-up. */
int ps_delete_pool(struct db *db, long long id);

/* A person's private link: makes a random token (TOKEN_HEX + 1 bytes, hex,
 * written to token), stores only its BLAKE2b for pool number pno. */
#define PS_OWN_TOKEN_HEX 48
int ps_own_link(struct db *db, long long id, int pno, char token[PS_OWN_TOKEN_HEX + 1]);

/* Finds the person of a private link in panel id; PS_NOT_FOUND when the
 * token is unknown (never made, or withdrawn). */
int ps_own_find(struct db *db, struct arena *a, long long id, const char *token,
		struct ps_own *out);

/* Withdraws person pno: deletes their contact details, features and
 * address hash, and the link. Someone on the drawn panel stays as a
 * drop-out (status dropped, for the replacement draw); anyone else leaves
 * the pool. Refreshes the pool counts. Call inside a transaction. */
int ps_own_withdraw(struct db *db, long long id, int pno);
/* Deletes the pools of every panel whose end date is before today (YYYY-MM-DD).
 * Returns the number of panels cleaned, or a negative DB_* code. */
int ps_expire(struct db *db, const char *today);

#endif
