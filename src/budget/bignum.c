/* SPDX-License-Identifier: EUPL-1.2 */
/* bignum.c: the exact unsigned big integer of the budget engine (see bignum.h). */
#include "budget/bignum.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

typedef unsigned __int128 u128;

static void reserve(struct bn *x, uint32_t n)
{
	if (x->cap >= n)
		return;
	uint32_t cap = x->cap ? x->cap : 4;
	while (cap < n)
		cap *= 2;
	x->d = xrealloc(x->d, (size_t)cap * sizeof *x->d);
	x->cap = cap;
}

static void trim(struct bn *x)
{
	while (x->n > 0 && x->d[x->n - 1] == 0)
		x->n--;
}

void bn_free(struct bn *x)
{
	free(x->d);
	x->d = NULL;
	x->n = x->cap = 0;
}

void bn_set_u64(struct bn *x, uint64_t v)
{
	x->n = 0;
	if (v) {
		reserve(x, 1);
		x->d[0] = v;
		x->n = 1;
	}
}

void bn_copy(struct bn *x, const struct bn *y)
{
	if (x == y)
		return;
	reserve(x, y->n);
	if (y->n)
		memcpy(x->d, y->d, y->n * sizeof *x->d);
	x->n = y->n;
}

int bn_cmp(const struct bn *a, const struct bn *b)
{
	if (a->n != b->n)
		return a->n < b->n ? -1 : 1;
	for (uint32_t i = a->n; i-- > 0;)
		if (a->d[i] != b->d[i])
			return a->d[i] < b->d[i] ? -1 : 1;
	return 0;
}

/* Bits [k, k+64) of x (k < bn_bits(x)), i.e. floor(x / 2^k) when x < 2^(k+64). */
static uint64_t top_bits(const struct bn *x, unsigned k)
{
	uint32_t w = k / 64, s = k % 64;
	uint64_t v = x->d[w] >> s;
	if (s && w + 1 < x->n)
		v |= x->d[w + 1] << (64 - s);
	return v;
}

/* Exact filter for bn_cmp_mul on numbers of more than one limb: with
 * k = max(bits) - 64, a = ah*2^k + r, 0 <= r < 2^k, so
 * ah*fa*2^k <= a*fa < (ah+1)*fa*2^k, and likewise for b. When the two integer
 * intervals do not overlap the answer is known without the full products.
 * Returns -1 or 1 when decided, 0 when the full comparison is needed. */
static int cmp_mul_top(const struct bn *a, uint64_t fa, const struct bn *b, uint64_t fb)
{
	unsigned ba = bn_bits(a), bb = bn_bits(b);
	unsigned m = ba > bb ? ba : bb;
	if (m <= 64)
		return 0;
	unsigned k = m - 64;
	/* The smaller number may have fewer than k bits: then its top part is 0. */
	u128 ah = ba > k ? top_bits(a, k) : 0, bh = bb > k ? top_bits(b, k) : 0;
	if ((ah + 1) * fa <= bh * fb)
		return -1;
	if ((bh + 1) * fb <= ah * fa)
		return 1;
	return 0;
}

/* Limb i of a*f, streaming: carry is the high part of the previous product. */
int bn_cmp_mul(const struct bn *a, uint64_t fa, const struct bn *b, uint64_t fb)
{
	/* Exact shortcut on bit lengths: 2^(|x|-1) <= x < 2^|x|, so when the
	 * lengths of the products are two or more apart the answer is known. */
	if (!fa || !a->n)
		return (!fb || !b->n) ? 0 : -1;
	if (!fb || !b->n)
		return 1;
	unsigned la = bn_bits(a) + (64 - (unsigned)__builtin_clzll(fa));
	unsigned lb = bn_bits(b) + (64 - (unsigned)__builtin_clzll(fb));
	if (la + 2 <= lb)
		return -1;
	if (lb + 2 <= la)
		return 1;
	int q = cmp_mul_top(a, fa, b, fb);
	if (q)
		return q;
	/* Small cases stay on the stack: a product has at most n+1 limbs. */
	uint64_t sa[34], sb[34];
	uint64_t *pa = a->n + 1 <= 34 ? sa : xmalloc((a->n + 1) * sizeof *pa);
	uint64_t *pb = b->n + 1 <= 34 ? sb : xmalloc((b->n + 1) * sizeof *pb);
	uint32_t na = 0, nb = 0;
	if (fa && a->n) {
		uint64_t carry = 0;
		for (uint32_t i = 0; i < a->n; i++) {
			u128 p = (u128)a->d[i] * fa + carry;
			pa[i] = (uint64_t)p;
			carry = (uint64_t)(p >> 64);
		}
		pa[a->n] = carry;
		na = a->n + 1;
		while (na > 0 && pa[na - 1] == 0)
			na--;
	}
	if (fb && b->n) {
		uint64_t carry = 0;
		for (uint32_t i = 0; i < b->n; i++) {
			u128 p = (u128)b->d[i] * fb + carry;
			pb[i] = (uint64_t)p;
			carry = (uint64_t)(p >> 64);
		}
		pb[b->n] = carry;
		nb = b->n + 1;
		while (nb > 0 && pb[nb - 1] == 0)
			nb--;
	}
	int r = 0;
	if (na != nb)
		r = na < nb ? -1 : 1;
	else
		for (uint32_t i = na; i-- > 0;)
			if (pa[i] != pb[i]) {
				r = pa[i] < pb[i] ? -1 : 1;
				break;
			}
	if (pa != sa)
		free(pa);
	if (pb != sb)
		free(pb);
	return r;
}

void bn_add(struct bn *x, const struct bn *y)
{
	uint32_t n = x->n > y->n ? x->n : y->n;
	reserve(x, n + 1);
	uint64_t carry = 0;
	for (uint32_t i = 0; i < n; i++) {
		uint64_t a = i < x->n ? x->d[i] : 0;
		uint64_t b = i < y->n ? y->d[i] : 0;
		u128 s = (u128)a + b + carry;
		x->d[i] = (uint64_t)s;
		carry = (uint64_t)(s >> 64);
	}
	x->d[n] = carry;
	x->n = n + 1;
	trim(x);
}

void bn_sub(struct bn *x, const struct bn *y)
{
	assert(bn_cmp(x, y) >= 0);
	uint64_t borrow = 0;
	for (uint32_t i = 0; i < x->n; i++) {
		uint64_t b = i < y->n ? y->d[i] : 0;
		uint64_t a = x->d[i];
		uint64_t r = a - b - borrow;
		borrow = (a < b) || (a - b < borrow);
		x->d[i] = r;
	}
	trim(x);
}

void bn_mul_u64(struct bn *x, uint64_t f)
{
	if (f == 0 || x->n == 0) {
		x->n = 0;
		return;
	}
	reserve(x, x->n + 1);
	uint64_t carry = 0;
	for (uint32_t i = 0; i < x->n; i++) {
		u128 p = (u128)x->d[i] * f + carry;
		x->d[i] = (uint64_t)p;
		carry = (uint64_t)(p >> 64);
	}
	if (carry)
		x->d[x->n++] = carry;
}

void bn_set_mul(struct bn *x, const struct bn *y, uint64_t f)
{
	bn_copy(x, y);
	bn_mul_u64(x, f);
}

uint64_t bn_div_u64(struct bn *x, uint64_t f)
{
	assert(f != 0);
	u128 rem = 0;
	for (uint32_t i = x->n; i-- > 0;) {
		u128 cur = (rem << 64) | x->d[i];
		x->d[i] = (uint64_t)(cur / f);
		rem = cur % f;
	}
	trim(x);
	return (uint64_t)rem;
}

uint64_t bn_mod_u64(const struct bn *x, uint64_t f)
{
	assert(f != 0);
	u128 rem = 0;
	for (uint32_t i = x->n; i-- > 0;)
		rem = ((rem << 64) | x->d[i]) % f;
	return (uint64_t)rem;
}

double bn_to_double(const struct bn *x)
{
	double r = 0;
	for (uint32_t i = x->n; i-- > 0;)
		r = r * 18446744073709551616.0 + (double)x->d[i];
	return r;
}

char *bn_to_string(const struct bn *x)
{
	struct bn t = BN_INIT;
	bn_copy(&t, x);
	size_t cap = (size_t)x->n * 20 + 2, len = 0;
	char *s = xmalloc(cap);
	do {
		uint64_t r = bn_div_u64(&t, 10);
		s[len++] = (char)('0' + r);
	} while (t.n);
	s[len] = 0;
	for (size_t i = 0; i < len / 2; i++) {
		char c = s[i];
		s[i] = s[len - 1 - i];
		s[len - 1 - i] = c;
	}
	bn_free(&t);
	return s;
}

unsigned bn_bits(const struct bn *x)
{
	if (!x->n)
		return 0;
	return (x->n - 1) * 64 + (64 - (unsigned)__builtin_clzll(x->d[x->n - 1]));
}

uint64_t u64_gcd(uint64_t a, uint64_t b)
{
	while (b) {
		uint64_t t = a % b;
		a = b;
		b = t;
	}
	return a;
}
