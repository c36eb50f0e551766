/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Philox4x64-10 in userspace, forwards and backwards, for philoxcat's
 * verify report: for a known key the function is a bijection on the
 * counter, so a 32-byte block read back from a disk names the counter, and
 * so the stream offset, that made it.
 */
#ifndef PHILOX_INVERSE_H
#define PHILOX_INVERSE_H

#include <stdint.h>

#define PHILOX_WORDS	4
#define PHILOX_BLOCK	32	/* bytes: four little-endian 64-bit words */

/* out = Philox4x64-10(key, ctr): Random123's and NumPy's function. */
void philox4x64_10(const uint64_t key[2], const uint64_t ctr[4],
		   uint64_t out[4]);

/* ctr such that philox4x64_10(key, ctr) == out. */
void philox4x64_10_inverse(const uint64_t key[2], const uint64_t out[4],
			   uint64_t ctr[4]);

/* A block's bytes as the stream has them (little-endian words). */
void philox_load_block(const unsigned char *b, uint64_t w[4]);
void philox_store_block(const uint64_t w[4], unsigned char *b);

#endif /* PHILOX_INVERSE_H */
