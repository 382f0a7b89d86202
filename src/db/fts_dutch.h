/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * fts_dutch.h: the FTS5 tokenizer "dutch" (unicode61 with remove_diacritics 2,
 * then the Snowball Dutch stemmer) and a safe builder for MATCH expressions.
 * So "vrijwilliger" finds "vrijwilligers" and "cafe" finds "café".
 */
#ifndef WB_DB_FTS_DUTCH_H
#define WB_DB_FTS_DUTCH_H

#include <sqlite3.h>

struct arena;

/* Registers the tokenizer "dutch" on connection h. Call once per connection,
 * right after it is opened. Returns SQLITE_OK or an SQLite error code. */
int fts_dutch_register(sqlite3 *h);

/*
 * Builds an FTS5 MATCH expression from a user's search text: every run of
 * letters/digits (any non-ASCII UTF-8 byte counts as a letter) becomes a
 * quoted prefix term "word"*, terms joined by spaces (all must match). Other
 * characters are dropped, so FTS5 syntax in the input cannot change the
 * query. At most 16 terms of at most 64 bytes. Returns an arena string, or
 * NULL when the text has no terms.
 */
char *fts_dutch_match_expr(struct arena *a, const char *input);

#endif
