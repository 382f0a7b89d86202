/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * migrations.c: the schema, as numbered steps compiled into the binary.
 * PRAGMA user_version holds the number of the last step applied. Steps are
 * only ever appended, never edited once released: a database made by any
 * earlier version migrates forward (tests/unit/test_db.c checks from every
 * version). Each step runs inside one BEGIN IMMEDIATE transaction.
 *
 * To add a step: append a string to `steps` below. Keep each step's SQL
 * valid for SQLite and plain enough to translate to PostgreSQL.
 */
#include <stdio.h>

#include "db/db.h"
#include "util/log.h"

static const char *const steps[] = {
	/* 1: areas, accounts, sessions, the sociale kaart */
	"CREATE TABLE areas ("
	"  code TEXT PRIMARY KEY,"              /* CBS code: GM0141, WK014110, BU01411000 */
	"  name TEXT NOT NULL,"
	"  level TEXT NOT NULL CHECK (level IN ('regio','gemeente','wijk','buurt')),"
	"  parent TEXT REFERENCES areas(code) ON DELETE RESTRICT,"
	"  population INTEGER,"                  /* NULL = unknown or secret */
	"  geometry TEXT,"                       /* GeoJSON geometry, WGS84 */
	"  source TEXT,"
	"  updated_at TEXT NOT NULL DEFAULT (datetime('now'))"
	");"
	"CREATE INDEX areas_parent ON areas(parent);"
	/* Key figures per area, one row per indicator and year (CBS short names
	 * where they exist: a_inw, a_man, a_vrouw, a_00_14, ...). */
	"CREATE TABLE area_figures ("
	"  area_code TEXT NOT NULL REFERENCES areas(code) ON DELETE CASCADE,"
	"  indicator TEXT NOT NULL,"
	"  year INTEGER NOT NULL,"
	"  value REAL,"
	"  source TEXT,"
	"  PRIMARY KEY (area_code, indicator, year)"
	");"
	"CREATE TABLE users ("
	"  id INTEGER PRIMARY KEY,"
	"  email TEXT NOT NULL UNIQUE COLLATE NOCASE,"
	"  name TEXT NOT NULL,"
	"  role TEXT NOT NULL CHECK (role IN ('professional','beleidsadviseur','beheerder')),"
	"  password_hash TEXT NOT NULL,"
	"  active INTEGER NOT NULL DEFAULT 1,"
	"  created_at TEXT NOT NULL DEFAULT (datetime('now'))"
	");"
	/* Only a hash of the session token is stored, so a copy of the database
	 * does not hand out live sessions. */
	"CREATE TABLE sessions ("
	"  token_hash TEXT PRIMARY KEY,"
	"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  csrf TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  expires_at INTEGER NOT NULL"
	");"
	"CREATE TABLE login_attempts ("
	"  key TEXT NOT NULL,"                   /* 'user:<email>' or 'addr:<ip>' */
	"  at INTEGER NOT NULL"
	");"
	"CREATE INDEX login_attempts_key ON login_attempts(key, at);"
	"CREATE TABLE kaart_items ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL,"
	"  description TEXT NOT NULL DEFAULT '',"
	"  kind TEXT NOT NULL CHECK (kind IN ('bewonersinitiatief','vereniging','organisatie',"
	"    'ontmoetingsplek','voorziening','talent')),"
	"  area_code TEXT REFERENCES areas(code) ON DELETE RESTRICT,"
	"  contact TEXT NOT NULL DEFAULT '',"
	"  show_contact INTEGER NOT NULL DEFAULT 1," /* talent: only with the resident's choice */
	"  when_where TEXT NOT NULL DEFAULT '',"
	"  accessibility TEXT NOT NULL DEFAULT '',"
	"  source TEXT NOT NULL DEFAULT '',"
	"  last_checked TEXT,"                   /* YYYY-MM-DD */
	"  status TEXT NOT NULL DEFAULT 'published' CHECK (status IN ('published','pending','rejected')),"
	"  corrects_id INTEGER REFERENCES kaart_items(id) ON DELETE CASCADE," /* a suggested correction */
	"  channel TEXT NOT NULL DEFAULT 'online',"
	"  is_demo INTEGER NOT NULL DEFAULT 0,"
	"  created_at TEXT NOT NULL DEFAULT (datetime('now')),"
	"  updated_at TEXT NOT NULL DEFAULT (datetime('now'))"
	");"
	"CREATE INDEX kaart_items_area ON kaart_items(area_code, status);"
	"CREATE TABLE kaart_item_themes ("
	"  item_id INTEGER NOT NULL REFERENCES kaart_items(id) ON DELETE CASCADE,"
	"  theme TEXT NOT NULL,"
	"  PRIMARY KEY (item_id, theme)"
	");"
	"CREATE TABLE kaart_item_pillars ("
	"  item_id INTEGER NOT NULL REFERENCES kaart_items(id) ON DELETE CASCADE,"
	"  pillar TEXT NOT NULL CHECK (pillar IN ('zekerheid','inclusie','cohesie','empowerment')),"
	"  PRIMARY KEY (item_id, pillar)"
	");",
	/* 2: Dutch full-text search over the sociale kaart (tokenizer in db/fts_dutch.c) */
	"CREATE VIRTUAL TABLE kaart_fts USING fts5(name, description, when_where,"
	"  content='kaart_items', content_rowid='id', tokenize='dutch');"
	"CREATE TRIGGER kaart_items_fts_ai AFTER INSERT ON kaart_items BEGIN"
	"  INSERT INTO kaart_fts(rowid, name, description, when_where)"
	"  VALUES (new.id, new.name, new.description, new.when_where);"
	"END;"
	"CREATE TRIGGER kaart_items_fts_ad AFTER DELETE ON kaart_items BEGIN"
	"  INSERT INTO kaart_fts(kaart_fts, rowid, name, description, when_where)"
	"  VALUES ('delete', old.id, old.name, old.description, old.when_where);"
	"END;"
	"CREATE TRIGGER kaart_items_fts_au AFTER UPDATE OF name, description, when_where"
	"  ON kaart_items BEGIN"
	"  INSERT INTO kaart_fts(kaart_fts, rowid, name, description, when_where)"
	"  VALUES ('delete', old.id, old.name, old.description, old.when_where);"
	"  INSERT INTO kaart_fts(rowid, name, description, when_where)"
	"  VALUES (new.id, new.name, new.description, new.when_where);"
	"END;"
	"INSERT INTO kaart_fts(kaart_fts) VALUES ('rebuild');",
	/* 3: buurtbudget: rounds, proposals, one-time vote codes (hashes only), ballots
	 * (no link to a code), the stored result */
	"CREATE TABLE budget_rounds ("
	"  id INTEGER PRIMARY KEY,"
	"  area_code TEXT NOT NULL REFERENCES areas(code) ON DELETE RESTRICT,"
	"  title TEXT NOT NULL,"
	"  amount INTEGER NOT NULL CHECK (amount > 0),"          /* whole euros */
	"  phase TEXT NOT NULL DEFAULT 'voorstellen'"
	"    CHECK (phase IN ('voorstellen','beoordeling','stemmen','uitslag')),"
	"  starts_on TEXT, ends_on TEXT,"
	"  ballot TEXT NOT NULL CHECK (ballot IN ('approval','approval_max','points')),"
	"  max_projects INTEGER NOT NULL DEFAULT 0,"
	"  max_points INTEGER NOT NULL DEFAULT 0,"
	"  rule TEXT NOT NULL DEFAULT 'mes' CHECK (rule IN ('mes','greedy')),"
	"  demo INTEGER NOT NULL DEFAULT 0,"
	"  result_json TEXT,"                                    /* stored at 'uitslag' */
	"  result_pb TEXT,"
	"  created_at TEXT NOT NULL DEFAULT (datetime('now'))"
	");"
	"CREATE TABLE budget_projects ("
	"  id INTEGER PRIMARY KEY,"
	"  round_id INTEGER NOT NULL REFERENCES budget_rounds(id) ON DELETE CASCADE,"
	"  title TEXT NOT NULL,"
	"  description TEXT NOT NULL DEFAULT '',"
	"  cost INTEGER NOT NULL CHECK (cost > 0),"
	"  area_code TEXT REFERENCES areas(code) ON DELETE SET NULL,"
	"  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','accepted','rejected')),"
	"  cost_note TEXT NOT NULL DEFAULT '',"
	"  created_at TEXT NOT NULL DEFAULT (datetime('now'))"
	");"
	"CREATE INDEX budget_projects_round ON budget_projects(round_id, status);"
	"CREATE TABLE budget_codes ("
	"  round_id INTEGER NOT NULL REFERENCES budget_rounds(id) ON DELETE CASCADE,"
	"  code_hash TEXT NOT NULL,"                             /* BLAKE2b of the code */
	"  batch INTEGER NOT NULL,"
	"  used INTEGER NOT NULL DEFAULT 0,"
	"  PRIMARY KEY (round_id, code_hash)"
	");"
	"CREATE TABLE budget_ballots ("
	"  id INTEGER PRIMARY KEY,"
	"  round_id INTEGER NOT NULL REFERENCES budget_rounds(id) ON DELETE CASCADE,"
	"  choices TEXT NOT NULL,"                               /* 'project:points,...' */
	"  channel TEXT NOT NULL CHECK (channel IN ('online','papier','bijeenkomst','telefoon','face-to-face')),"
	"  with_code INTEGER NOT NULL,"
	"  cast_on TEXT NOT NULL"                                /* the day only */
	");"
	"CREATE INDEX budget_ballots_round ON budget_ballots(round_id);",
	/* 4: panel (burgerraad): panels, quotas, pool (features apart from contacts), draws */
	"CREATE TABLE panel_panels ("
	"  id INTEGER PRIMARY KEY,"
	"  title TEXT NOT NULL,"
	"  area_code TEXT REFERENCES areas(code) ON DELETE SET NULL,"
	"  size_k INTEGER NOT NULL CHECK (size_k > 0),"
	"  signup_open INTEGER NOT NULL DEFAULT 1,"
	"  end_date TEXT NOT NULL,"
	"  demo INTEGER NOT NULL DEFAULT 0,"
	"  pool_deleted INTEGER NOT NULL DEFAULT 0,"
	"  created_at TEXT NOT NULL DEFAULT (datetime('now'))"
	");"
	"CREATE TABLE panel_quotas ("
	"  panel_id INTEGER NOT NULL REFERENCES panel_panels(id) ON DELETE CASCADE,"
	"  ord INTEGER NOT NULL,"
	"  feature TEXT NOT NULL,"
	"  value TEXT NOT NULL,"
	"  qmin INTEGER NOT NULL,"
	"  qmax INTEGER NOT NULL,"
	"  pool_count INTEGER NOT NULL DEFAULT 0,"        /* aggregate kept after deletion */
	"  PRIMARY KEY (panel_id, ord)"
	");"
	"CREATE TABLE panel_people ("
	"  panel_id INTEGER NOT NULL REFERENCES panel_panels(id) ON DELETE CASCADE,"
	"  pno INTEGER NOT NULL,"                         /* pseudonymous pool number */
	"  pid TEXT NOT NULL UNIQUE,"                     /* random link to the contact */
	"  status TEXT NOT NULL DEFAULT 'pool' CHECK (status IN ('pool','selected','dropped')),"
	"  PRIMARY KEY (panel_id, pno)"
	");"
	"CREATE TABLE panel_person_values ("
	"  panel_id INTEGER NOT NULL,"
	"  pno INTEGER NOT NULL,"
	"  feature TEXT NOT NULL,"
	"  value TEXT NOT NULL,"
	"  PRIMARY KEY (panel_id, pno, feature),"
	"  FOREIGN KEY (panel_id, pno) REFERENCES panel_people(panel_id, pno) ON DELETE CASCADE"
	");"
	"CREATE TABLE panel_contacts ("
	"  pid TEXT PRIMARY KEY,"
	"  name TEXT NOT NULL,"
	"  contact TEXT NOT NULL"
	");"
	"CREATE TABLE panel_draws ("
	"  panel_id INTEGER NOT NULL REFERENCES panel_panels(id) ON DELETE CASCADE,"
	"  round INTEGER NOT NULL,"
	"  seed TEXT NOT NULL,"
	"  tickets INTEGER NOT NULL,"
	"  ticket INTEGER NOT NULL,"
	"  min_prob REAL NOT NULL,"
	"  selected TEXT NOT NULL,"                       /* pool numbers, space-separated */
	"  kept TEXT NOT NULL DEFAULT '',"
	"  created_at TEXT NOT NULL DEFAULT (datetime('now')),"
	"  PRIMARY KEY (panel_id, round)"
	");"
	"CREATE TABLE panel_draw_types ("
	"  panel_id INTEGER NOT NULL,"
	"  round INTEGER NOT NULL,"
	"  ord INTEGER NOT NULL,"
	"  profile TEXT NOT NULL,"                        /* 'feature: value; ...' */
	"  people INTEGER NOT NULL,"
	"  prob REAL NOT NULL,"
	"  PRIMARY KEY (panel_id, round, ord),"
	"  FOREIGN KEY (panel_id, round) REFERENCES panel_draws(panel_id, round) ON DELETE CASCADE"
	");"
	"CREATE TABLE panel_tickets ("
	"  panel_id INTEGER NOT NULL,"
	"  round INTEGER NOT NULL,"
	"  ticket INTEGER NOT NULL,"
	"  members TEXT NOT NULL,"                        /* pool numbers, space-separated */
	"  PRIMARY KEY (panel_id, round, ticket),"
	"  FOREIGN KEY (panel_id, round) REFERENCES panel_draws(panel_id, round) ON DELETE CASCADE"
	");",
	/* 5: sociale kaart list: published items in list order, so the list and
	 * count queries scan only published items and need no sort (bench/) */
	"CREATE INDEX kaart_items_published_name ON kaart_items(name COLLATE NOCASE, id)"
	"  WHERE status = 'published' AND corrects_id IS NULL;",
	/* 6: buurtbudget: ballot counts per round and channel, kept by triggers, so
	 * the round and result pages do not count 400,000 ballots per view
	 * (bench/budget/http-result.sh: 0.45 s per view before). */
	"CREATE TABLE budget_ballot_counts ("
	"  round_id INTEGER NOT NULL REFERENCES budget_rounds(id) ON DELETE CASCADE,"
	"  channel TEXT NOT NULL,"
	"  ballots INTEGER NOT NULL,"
	"  without_code INTEGER NOT NULL,"
	"  PRIMARY KEY (round_id, channel)"
	");"
	"INSERT INTO budget_ballot_counts (round_id, channel, ballots, without_code)"
	"  SELECT round_id, channel, COUNT(*), SUM(with_code = 0) FROM budget_ballots"
	"  GROUP BY round_id, channel;"
	"CREATE TRIGGER budget_ballots_count_insert AFTER INSERT ON budget_ballots BEGIN"
	"  INSERT INTO budget_ballot_counts (round_id, channel, ballots, without_code)"
	"    VALUES (NEW.round_id, NEW.channel, 1, NEW.with_code = 0)"
	"    ON CONFLICT (round_id, channel) DO UPDATE SET ballots = ballots + 1,"
	"      without_code = without_code + excluded.without_code;"
	"END;"
	"CREATE TRIGGER budget_ballots_count_delete AFTER DELETE ON budget_ballots BEGIN"
	"  UPDATE budget_ballot_counts SET ballots = ballots - 1,"
	"    without_code = without_code - (OLD.with_code = 0)"
	"    WHERE round_id = OLD.round_id AND channel = OLD.channel;"
	"END;"
	"CREATE TRIGGER budget_ballots_count_update AFTER UPDATE OF round_id, channel, with_code"
	"  ON budget_ballots BEGIN"
	"  UPDATE budget_ballot_counts SET ballots = ballots - 1,"
	"    without_code = without_code - (OLD.with_code = 0)"
	"    WHERE round_id = OLD.round_id AND channel = OLD.channel;"
	"  INSERT INTO budget_ballot_counts (round_id, channel, ballots, without_code)"
	"    VALUES (NEW.round_id, NEW.channel, 1, NEW.with_code = 0)"
	"    ON CONFLICT (round_id, channel) DO UPDATE SET ballots = ballots + 1,"
	"      without_code = without_code + excluded.without_code;"
	"END;",
	/* 7: panel: the household rule (at most one person per household). A
	 * switch per panel; per pool row only a keyed hash of the normalised
	 * address (never the address); the key per panel, deleted with the pool. */
	"ALTER TABLE panel_panels ADD COLUMN household_rule INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE panel_people ADD COLUMN household TEXT;"
	"CREATE TABLE panel_household_keys ("
	"  panel_id INTEGER PRIMARY KEY REFERENCES panel_panels(id) ON DELETE CASCADE,"
	"  hkey TEXT NOT NULL"                               /* 32 random bytes, hex */
	");",
	/* 8: staff accounts: when an account was deactivated, so that it can be
	 * deleted a year later (src/retention.c). Accounts already inactive
	 * count from this migration. */
	"ALTER TABLE users ADD COLUMN deactivated_at TEXT;"
	"UPDATE users SET deactivated_at = datetime('now') WHERE active = 0;",
	/* 9: buurtbudget: how a proposal came in. Staff may enter a proposal on
	 * behalf of a resident (paper, phone, meeting), as for the kaart. */
	"ALTER TABLE budget_projects ADD COLUMN channel TEXT NOT NULL DEFAULT 'online';",
	/* 10: panel: a resident who signed up gets a private link to see, export
	 * and withdraw what we keep (src/panel/page_panel_own.c); only the
	 * BLAKE2b of its random token is stored. */
	"ALTER TABLE panel_people ADD COLUMN own_hash TEXT;"
	"CREATE UNIQUE INDEX panel_people_own ON panel_people(own_hash) WHERE own_hash IS NOT NULL;",
};

#define NSTEPS ((int)(sizeof steps / sizeof steps[0]))

int db_latest_version(void) { return NSTEPS; }

int db_migrate_to(struct db *db, int target)
{
	int v = db_version(db);
	if (v < 0 || v > NSTEPS || target > NSTEPS) {
		log_error("db", "schema version %d is newer than this program knows (%d)", v, NSTEPS);
		return DB_ERROR;
	}
	for (; v < target; v++) {
		char pragma[48];
		snprintf(pragma, sizeof pragma, "PRAGMA user_version=%d", v + 1);
		if (db_begin(db) != DB_OK)
			return DB_ERROR;
		if (db_exec(db, steps[v]) != DB_OK || db_exec(db, pragma) != DB_OK) {
			db_rollback(db);
			log_error("db", "migration %d failed", v + 1);
			return DB_ERROR;
		}
		if (db_commit(db) != DB_OK)
			return DB_ERROR;
		log_info("db", "migrated to schema version %d", v + 1);
	}
	return DB_OK;
}

int db_migrate(struct db *db) { return db_migrate_to(db, NSTEPS); }
