/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * bignum.h: a small exact unsigned big integer for the budget engine.
 *
 * The Method of Equal Shares needs exact rationals: a voter's remaining money
 * is B/n minus a chain of shares (C - paid)/k, and the denominators multiply
 * round by round. The engine keeps every amount over one common denominator
 * (see mes.c), so it needs only: add, subtract (a >= b), compare, multiply by
 * a 64-bit word, divide by a 64-bit word and remainder by a 64-bit word.
 * Limbs are 64-bit; products go through unsigned __int128 (gcc/clang, also
 * under -std=c11).
 *
 * Memory: a struct bn owns its limbs (malloc); bn_free releases them. The
 * value is zero when n == 0. Allocation failure aborts (xmalloc).
 */
#ifndef WB_BUDGET_BIGNUM_H
#define WB_BUDGET_BIGNUM_H

#include <stddef.h>
#include <stdint.h>

struct bn {
	uint64_t *d; /* little-endian limbs; d[n-1] != 0 when n > 0 */
	uint32_t n;
	uint32_t cap;
};
#define BN_INIT {NULL, 0, 0}

void bn_free(struct bn *x);
/* x = v. */
void bn_set_u64(struct bn *x, uint64_t v);
/* x = y (deep copy). */
void bn_copy(struct bn *x, const struct bn *y);
/* Returns -1, 0 or 1 as a <, ==, > b. */
int bn_cmp(const struct bn *a, const struct bn *b);
/* Compares a*fa with b*fb without overflow (fa, fb are 64-bit words). */
int bn_cmp_mul(const struct bn *a, uint64_t fa, const struct bn *b, uint64_t fb);
/* x += y. x may alias y. */
void bn_add(struct bn *x, const struct bn *y);
/* x -= y; requires x >= y (asserted). */
void bn_sub(struct bn *x, const struct bn *y);
/* x *= f. */
void bn_mul_u64(struct bn *x, uint64_t f);
/* x = y * f (x must not alias y). */
void bn_set_mul(struct bn *x, const struct bn *y, uint64_t f);
/* x /= f (f != 0); returns the remainder. */
uint64_t bn_div_u64(struct bn *x, uint64_t f);
/* Returns x mod f without changing x (f != 0). */
uint64_t bn_mod_u64(const struct bn *x, uint64_t f);
static inline int bn_is_zero(const struct bn *x) { return x->n == 0; }
/* An approximation for display only (never for a decision). */
double bn_to_double(const struct bn *x);
/* Decimal text of x, malloc'd; the caller frees it. */
char *bn_to_string(const struct bn *x);
/* Number of significant bits. */
unsigned bn_bits(const struct bn *x);
/* gcd of two words. */
uint64_t u64_gcd(uint64_t a, uint64_t b);

#endif
