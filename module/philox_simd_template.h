/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One SIMD bulk generator, instantiated by philox_simd.c for each vector
 * width. The includer defines:
 *
 *	PHILOX_SIMD_FN		name of the function to define
 *	PHILOX_SIMD_TARGET	the GCC target of its instructions
 *	PHILOX_SIMD_LANES	blocks per batch in vectors, one per 64-bit lane
 *	PHILOX_SIMD_EXTRA	blocks per batch in general registers
 *	philox_vec		the vector type of PHILOX_SIMD_LANES u64 lanes
 *	philox_mul32(a, b)	the 64-bit products of the low 32 bits of each
 *				lane (pmuludq)
 *
 * Lane i of vector j holds word j of block i, so the vectors compute the
 * block function on PHILOX_SIMD_LANES consecutive counters at once. The
 * next PHILOX_SIMD_EXTRA counters go through the scalar rounds in the same
 * loop: vector and scalar multiplies run on different execution ports, so
 * a batch keeps both busy (AVX-512 alone is 1.2x Random123 on the machine
 * of the README's table, with eight scalar blocks beside it 1.6x).
 */

#define PHILOX_SIMD_FUNC	__attribute__((target(PHILOX_SIMD_TARGET)))

/*
 * The 128-bit products M * x of every lane, from four 32-bit products:
 * with x = xh:xl and M = mh:ml, t = xl*mh + (xl*ml >> 32) and
 * u = xh*ml + low32(t) cannot overflow, and carry the middle columns.
 */
static __always_inline PHILOX_SIMD_FUNC void
PHILOX_SIMD_NAME(mulhilo)(philox_vec x, u64 m, philox_vec *hi, philox_vec *lo)
{
	const philox_vec m_lo = (philox_vec){} + (m & 0xffffffffULL);
	const philox_vec m_hi = (philox_vec){} + (m >> 32);
	const philox_vec low32 = (philox_vec){} + 0xffffffffULL;
	philox_vec x_hi = x >> 32;
	philox_vec ll = philox_mul32(x, m_lo);
	philox_vec t = philox_mul32(x, m_hi) + (ll >> 32);
	philox_vec u = philox_mul32(x_hi, m_lo) + (t & low32);

	*lo = (u << 32) | (ll & low32);
	*hi = philox_mul32(x_hi, m_hi) + (t >> 32) + (u >> 32);
}

static __always_inline PHILOX_SIMD_FUNC void
PHILOX_SIMD_NAME(batch)(const u64 ctr[4], const u64 key[2], u8 *out)
{
	philox_vec x0 = {}, x1, x2, x3, hi0, lo0, hi1, lo1;
	u64 extra[PHILOX_SIMD_EXTRA][4];	/* scalar blocks beside the vectors */
	u64 k0 = key[0], k1 = key[1];
	__le64 *dst = (__le64 *)out;
	int lane, round, b, w;

	for (lane = 0; lane < PHILOX_SIMD_LANES; lane++)
		x0[lane] = ctr[0] + 1 + lane;
	for (b = 0; b < PHILOX_SIMD_EXTRA; b++) {
		extra[b][0] = ctr[0] + 1 + PHILOX_SIMD_LANES + b;
		extra[b][1] = ctr[1];
		extra[b][2] = ctr[2];
		extra[b][3] = ctr[3];
	}
	x1 = (philox_vec){} + ctr[1];
	x2 = (philox_vec){} + ctr[2];
	x3 = (philox_vec){} + ctr[3];

#pragma GCC unroll 10
	for (round = 0; round < PHILOX4X64_ROUNDS; round++) {
		if (round) {
			k0 += PHILOX_W0;
			k1 += PHILOX_W1;
		}
		PHILOX_SIMD_NAME(mulhilo)(x0, PHILOX_M0, &hi0, &lo0);
		PHILOX_SIMD_NAME(mulhilo)(x2, PHILOX_M1, &hi1, &lo1);
		x0 = hi1 ^ x1 ^ k0;
		x1 = lo1;
		x2 = hi0 ^ x3 ^ k1;
		x3 = lo0;
#pragma GCC unroll 8
		for (b = 0; b < PHILOX_SIMD_EXTRA; b++)
			philox_round(extra[b], k0, k1);
	}

	for (lane = 0; lane < PHILOX_SIMD_LANES; lane++) {
		dst[4 * lane + 0] = cpu_to_le64(x0[lane]);
		dst[4 * lane + 1] = cpu_to_le64(x1[lane]);
		dst[4 * lane + 2] = cpu_to_le64(x2[lane]);
		dst[4 * lane + 3] = cpu_to_le64(x3[lane]);
	}
	for (b = 0; b < PHILOX_SIMD_EXTRA; b++)
		for (w = 0; w < 4; w++)
			dst[4 * (PHILOX_SIMD_LANES + b) + w] = cpu_to_le64(extra[b][w]);
}

/*
 * philox_generate_blocks() with PHILOX_SIMD_LANES + PHILOX_SIMD_EXTRA
 * blocks per batch. What is left, fewer blocks than a batch or a batch
 * whose counters would carry out of word 0, goes to the scalar code,
 * which interleaves what it can. out must be 8-byte aligned.
 */
PHILOX_SIMD_FUNC
void PHILOX_SIMD_FN(u64 ctr[4], const u64 key[2], u8 *out, size_t nblocks)
{
	const size_t batch = PHILOX_SIMD_LANES + PHILOX_SIMD_EXTRA;

	while (nblocks >= batch && ctr[0] <= ~0ULL - batch) {
		PHILOX_SIMD_NAME(batch)(ctr, key, out);
		ctr[0] += batch;
		out += batch * PHILOX_BLOCK_BYTES;
		nblocks -= batch;
	}
	philox_generate_blocks(ctr, key, out, nblocks);
}

#undef PHILOX_SIMD_FUNC
