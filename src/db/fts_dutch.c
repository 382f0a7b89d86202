/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * fts_dutch.c: the FTS5 tokenizer "dutch". It wraps the built-in unicode61
 * tokenizer (which splits, folds case and, with remove_diacritics 2, strips
 * accents) and passes each token through the Snowball Dutch stemmer. The
 * same stemming runs on the indexed text and on the query, so inflected
 * forms meet at one stem. The stemmer is not thread-safe, so each tokenizer
 * instance (one per FTS table per connection) owns its own.
 */
#include "db/fts_dutch.h"

#include <libstemmer.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

/* Tokens longer than this are passed through unstemmed: no real Dutch word
 * is this long, and it bounds the stemmer's work on hostile input. */
#define MAX_STEM_BYTES 128

struct dutch_tok {
	fts5_tokenizer inner;     /* unicode61's methods */
	Fts5Tokenizer *inner_tok; /* its instance */
	struct sb_stemmer *stemmer;
};

/* Per-call context passed through unicode61 to on_token. */
struct dutch_ctx {
	struct dutch_tok *t;
	void *ctx;
	int (*x_token)(void *, int, const char *, int, int, int);
};

static void dutch_delete(Fts5Tokenizer *p)
{
	struct dutch_tok *t = (struct dutch_tok *)p;
	if (!t)
		return;
	if (t->inner_tok)
		t->inner.xDelete(t->inner_tok);
	if (t->stemmer)
		sb_stemmer_delete(t->stemmer);
	free(t);
}

static int dutch_create(void *user, const char **args, int nargs, Fts5Tokenizer **out)
{
	fts5_api *api = user;
	void *inner_user = NULL;
	*out = NULL;
	struct dutch_tok *t = calloc(1, sizeof *t);
	if (!t)
		return SQLITE_NOMEM;
	int rc = api->xFindTokenizer(api, "unicode61", &inner_user, &t->inner);
	if (rc != SQLITE_OK) {
		free(t);
		return rc;
	}
	/* Extra arguments are not supported: the behaviour is fixed so that the
	 * index and every query agree. */
	if (nargs > 0) {
		free(t);
		return SQLITE_ERROR;
	}
	(void)args;
	static const char *inner_args[] = {"remove_diacritics", "2"};
	rc = t->inner.xCreate(inner_user, inner_args, 2, &t->inner_tok);
	if (rc != SQLITE_OK) {
		free(t);
		return rc;
	}
	t->stemmer = sb_stemmer_new("dutch", "UTF_8");
	if (!t->stemmer) {
		dutch_delete((Fts5Tokenizer *)t);
		return SQLITE_NOMEM;
	}
	*out = (Fts5Tokenizer *)t;
	return SQLITE_OK;
}

static int on_token(void *p, int flags, const char *tok, int n, int start, int end)
{
	struct dutch_ctx *c = p;
	if (n <= 0 || n > MAX_STEM_BYTES)
		return c->x_token(c->ctx, flags, tok, n, start, end);
	/* unicode61 has already folded case, so the token is lowercase. */
	const sb_symbol *s = sb_stemmer_stem(c->t->stemmer, (const sb_symbol *)tok, n);
	if (!s)
		return SQLITE_NOMEM;
	int len = sb_stemmer_length(c->t->stemmer);
	if (len <= 0)
		return c->x_token(c->ctx, flags, tok, n, start, end);
	return c->x_token(c->ctx, flags, (const char *)s, len, start, end);
}

static int dutch_tokenize(Fts5Tokenizer *p, void *ctx, int flags, const char *text, int ntext,
			  int (*x_token)(void *, int, const char *, int, int, int))
{
	struct dutch_tok *t = (struct dutch_tok *)p;
	struct dutch_ctx c = {.t = t, .ctx = ctx, .x_token = x_token};
	return t->inner.xTokenize(t->inner_tok, &c, flags, text, ntext, on_token);
}

/* Fetches the connection's fts5_api pointer (NULL when FTS5 is missing). */
static fts5_api *get_fts5_api(sqlite3 *h)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(h, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	return api;
}

int fts_dutch_register(sqlite3 *h)
{
	fts5_api *api = get_fts5_api(h);
	if (!api || api->iVersion < 2)
		return SQLITE_ERROR;
	fts5_tokenizer tok = {dutch_create, dutch_delete, dutch_tokenize};
	return api->xCreateTokenizer(api, "dutch", api, &tok, NULL);
}

static int is_term_byte(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       c >= 0x80;
}

char *fts_dutch_match_expr(struct arena *a, const char *input)
{
	enum { MAX_TERMS = 16, MAX_TERM = 64 };
	struct buf b = BUF_INIT;
	int terms = 0;
	const unsigned char *p = (const unsigned char *)(input ? input : "");
	while (*p && terms < MAX_TERMS) {
		while (*p && !is_term_byte(*p))
			p++;
		const unsigned char *start = p;
		while (*p && is_term_byte(*p))
			p++;
		size_t len = (size_t)(p - start);
		if (len == 0)
			continue;
		if (len > MAX_TERM) {
			/* Cut at a UTF-8 boundary so the term stays valid text. */
			len = MAX_TERM;
			while (len > 0 && (start[len] & 0xC0) == 0x80)
				len--;
		}
		if (terms++)
			buf_putc(&b, ' ');
		buf_putc(&b, '"');
		buf_append(&b, (const char *)start, len);
		buf_puts(&b, "\"*");
	}
	if (!terms)
		return NULL;
	char *s = arena_strdup(a, b.data);
	buf_free(&b);
	return s;
}
