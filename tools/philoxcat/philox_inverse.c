// SPDX-License-Identifier: GPL-2.0
/*
 * Philox4x64-10 and its inverse (Salmon et al., "Parallel random numbers:
 * as easy as 1, 2, 3", SC 2011). One round takes the counter words
 * x0..x3 and the round key k0, k1 to
 *
 *	(hi0, lo0) = M0 * x0, (hi1, lo1) = M1 * x2	(128-bit products)
 *	x0' = hi1 ^ x1 ^ k0, x1' = lo1, x2' = hi0 ^ x3 ^ k1, x3' = lo0
 *
 * and the key grows by W0, W1 after each round. Both multipliers are odd,
 * so each has an inverse mod 2^64: lo0 and lo1 give x0 and x2 back, their
 * products give hi0 and hi1 again, and the XORs undo x1 and x3.
 *
 * Plain C11; the 128-bit product falls back to 32-bit halves where the
 * compiler has no unsigned __int128 (32-bit targets), and words are
 * loaded from bytes little-endian on every machine.
 */
#include "philox_inverse.h"

#define M0	0xD2E7470EE14C6C93ull
#define M1	0xCA5A826395121157ull
#define W0	0x9E3779B97F4A7C15ull
#define W1	0xBB67AE8584CAA73Bull
#define ROUNDS	10

/*
 * The inverse of an odd m mod 2^64 by Newton's iteration x' = x(2 - mx),
 * which doubles the correct low bits; x = m is right in 3 bits, so five
 * steps give 96. For a constant m the compiler folds it.
 */
static inline uint64_t inverse64(uint64_t m)
{
	uint64_t x = m;
	int i;

	for (i = 0; i < 5; i++)
		x *= 2 - m * x;
	return x;
}

#if defined(__SIZEOF_INT128__) && !defined(PHILOX_NO_INT128)
static uint64_t mulhilo(uint64_t a, uint64_t b, uint64_t *hi)
{
	unsigned __int128 p = (unsigned __int128)a * b;

	*hi = (uint64_t)(p >> 64);
	return (uint64_t)p;
}
#else
static uint64_t mulhilo(uint64_t a, uint64_t b, uint64_t *hi)
{
	uint64_t al = (uint32_t)a, ah = a >> 32, bl = (uint32_t)b, bh = b >> 32;
	uint64_t ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
	uint64_t mid = (ll >> 32) + (uint32_t)lh + (uint32_t)hl;

	*hi = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
	return a * b;
}
#endif

void philox4x64_10(const uint64_t key[2], const uint64_t ctr[4],
		   uint64_t out[4])
{
	uint64_t x0 = ctr[0], x1 = ctr[1], x2 = ctr[2], x3 = ctr[3];
	uint64_t k0 = key[0], k1 = key[1];
	int r;

	for (r = 0; r < ROUNDS; r++) {
		uint64_t hi0, hi1, lo0, lo1;

		lo0 = mulhilo(M0, x0, &hi0);
		lo1 = mulhilo(M1, x2, &hi1);
		x0 = hi1 ^ x1 ^ k0;
		x1 = lo1;
		x2 = hi0 ^ x3 ^ k1;
		x3 = lo0;
		k0 += W0;
		k1 += W1;
	}
	out[0] = x0;
	out[1] = x1;
	out[2] = x2;
	out[3] = x3;
}

void philox4x64_10_inverse(const uint64_t key[2], const uint64_t out[4],
			   uint64_t ctr[4])
{
	uint64_t y0 = out[0], y1 = out[1], y2 = out[2], y3 = out[3];
	/* The last round's key: key + (ROUNDS - 1) * W. */
	uint64_t k0 = key[0] + (ROUNDS - 1) * W0;
	uint64_t k1 = key[1] + (ROUNDS - 1) * W1;
	const uint64_t m0_inv = inverse64(M0), m1_inv = inverse64(M1);
	int r;

	for (r = 0; r < ROUNDS; r++) {
		uint64_t x0 = y3 * m0_inv, x2 = y1 * m1_inv, hi0, hi1;

		mulhilo(M0, x0, &hi0);
		mulhilo(M1, x2, &hi1);
		y1 = y0 ^ hi1 ^ k0;
		y3 = y2 ^ hi0 ^ k1;
		y0 = x0;
		y2 = x2;
		k0 -= W0;
		k1 -= W1;
	}
	ctr[0] = y0;
	ctr[1] = y1;
	ctr[2] = y2;
	ctr[3] = y3;
}

void philox_load_block(const unsigned char *b, uint64_t w[4])
{
	int i, j;

	for (i = 0; i < PHILOX_WORDS; i++) {
		w[i] = 0;
		for (j = 7; j >= 0; j--)
			w[i] = w[i] << 8 | b[8 * i + j];
	}
}

void philox_store_block(const uint64_t w[4], unsigned char *b)
{
	int i, j;

	for (i = 0; i < PHILOX_WORDS; i++)
		for (j = 0; j < 8; j++)
			b[8 * i + j] = (unsigned char)(w[i] >> (8 * j));
}
