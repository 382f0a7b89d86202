/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * mem.h: allocation that never returns NULL, a growable byte buffer and a
 * per-request arena.
 *
 * Ownership rules used throughout wijkbasis:
 *   - xmalloc/xstrdup: the caller owns the result and frees it with free().
 *   - arena_*: the arena owns the result; it is freed by arena_free() in one go,
 *     so request handlers never call free().
 *   - struct buf: owns buf.data; release with buf_free().
 */
#ifndef WB_UTIL_MEM_H
#define WB_UTIL_MEM_H

#include <stdarg.h>
#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

/* Growable byte buffer; data is always NUL-terminated when len > 0 or after
 * any append. */
struct buf {
	char *data;
	size_t len;
	size_t cap;
};
#define BUF_INIT {NULL, 0, 0}

void buf_append(struct buf *b, const char *s, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
/* printf into the buffer. Never use for HTML: see html/html.h. */
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* Hands the data to the caller (who frees it) and resets the buffer. */
char *buf_detach(struct buf *b);
void buf_reset(struct buf *b);
void buf_free(struct buf *b);

/* Arena: a chain of blocks; everything allocated from it lives until arena_free. */
struct arena;

struct arena *arena_new(void);
void arena_free(struct arena *a);
void *arena_alloc(struct arena *a, size_t n);
void *arena_calloc(struct arena *a, size_t n, size_t size);
/* Room for one more element in a growing arena array of n elements of
 * `size` bytes with capacity *cap: returns items itself while n < *cap, else
 * a zeroed copy with twice the capacity (16 at first) and updates *cap. The
 * old block stays in the arena until arena_free. For lists read row by row. */
void *arena_grow(struct arena *a, void *items, size_t n, size_t *cap, size_t size);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Registers free(p) to run at arena_free: for memory from other libraries. */
void arena_own(struct arena *a, void *p);

#endif
