/* SPDX-License-Identifier: EUPL-1.2 */
/* text.h: small string helpers shared by every layer (UTF-8 checks, trimming,
 * integer parsing). Pure functions: no allocation unless an arena is passed. */
#ifndef WB_UTIL_TEXT_H
#define WB_UTIL_TEXT_H

#include <stdbool.h>
#include <stddef.h>

struct arena;

/* True when s[0..n) is well-formed UTF-8 (no overlongs, no surrogates). */
bool utf8_valid(const char *s, size_t n);
/* Number of code points in a valid UTF-8 string. */
size_t utf8_length(const char *s);
/* Parses a whole decimal integer in [min, max]; false on anything else. */
bool parse_long(const char *s, long min, long max, long *out);
/* Copy of s without leading/trailing ASCII white space, in the arena. */
char *str_trim(struct arena *a, const char *s);
bool str_empty(const char *s);
bool str_starts_with(const char *s, const char *prefix);

#endif
