/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the pieces of philox.ko share with each other but not with the
 * rest of the kernel.
 */
#ifndef _PHILOX_INTERNAL_H
#define _PHILOX_INTERNAL_H

#include <linux/philox.h>
#include <linux/minmax.h>
#include <linux/string.h>
#include <linux/types.h>

/* Round multipliers and Weyl key increments, as published with Philox. */
#define PHILOX_M0	0xD2E7470EE14C6C93ULL
#define PHILOX_M1	0xCA5A826395121157ULL
#define PHILOX_W0	0x9E3779B97F4A7C15ULL	/* golden ratio */
#define PHILOX_W1	0xBB67AE8584CAA73BULL	/* sqrt(3) - 1 */

/**
 * struct philox_pos - a position in a stream
 * @counter: the counter of the block at that position
 * @pos: bytes of that block before the position; PHILOX_BLOCK_BYTES
 *	when the position is the start of the next block
 */
struct philox_pos {
	u64 counter[PHILOX4X64_COUNTER_WORDS];
	unsigned int pos;
};

/**
 * struct philox_shared - a stream that several readers take spans of
 * @rng: the stream
 * @generation: bumped whenever anyone moves or looks at @rng, so that a
 *	reader can tell whether it may still give back what it did not use
 *
 * The caller locks it; every function on it does O(1) work.
 */
struct philox_shared {
	struct philox_rng rng;
	u64 generation;
};

/**
 * struct philox_span - a reader's share of a stream, reserved in O(1)
 * @key: the key of the stream
 * @counter: the counter before the first full block; advanced as the
 *	blocks are generated
 * @nblocks: full blocks between the head and the tail
 * @head: the block that was buffered, whole (constant-size copies are
 *	cheaper than a call to memcpy()); the span starts at @head_off in it
 * @tail: the block buffered by the reservation, whole
 * @head_off: where in @head the span starts
 * @head_len: bytes of @head from @head_off in the span
 * @tail_len: bytes of @tail from its start in the span
 * @start: where the span starts in the stream
 * @generation: the stream's generation right after the reservation
 *
 * The bytes of the span are @head_len bytes of @head from @head_off, the
 * @nblocks blocks after @counter, then @tail_len bytes of @tail.
 */
struct philox_span {
	u64 key[PHILOX4X64_KEY_WORDS];
	u64 counter[PHILOX4X64_COUNTER_WORDS];
	size_t nblocks;
	u8 head[PHILOX_BLOCK_BYTES];
	u8 tail[PHILOX_BLOCK_BYTES];
	unsigned int head_off;
	unsigned int head_len;
	unsigned int tail_len;
	struct philox_pos start;
	u64 generation;
};

void philox_set_state(struct philox_rng *rng, const u64 key[2],
		      const u64 counter[4], unsigned int pos);
void philox_touch(struct philox_shared *sh);
void philox_reserve(struct philox_shared *sh, size_t len,
		    struct philox_span *span);
bool philox_give_back(struct philox_shared *sh,
		      const struct philox_span *span, size_t used);

/*
 * The type of a bulk generator: it writes the blocks at ctr + 1 .. ctr +
 * nblocks to out and leaves ctr at the last of them. philox_generate_blocks()
 * and its SIMD equivalents below all write the same bytes.
 */
typedef void philox_blocks_fn(u64 ctr[4], const u64 key[2], u8 *out,
			      size_t nblocks);

void philox_counter_add(u64 ctr[4], const u64 delta[4]);
void philox_counter_add_u64(u64 ctr[4], u64 delta);
void philox_generate_blocks(u64 ctr[4], const u64 key[2], u8 *out,
			    size_t nblocks);

/*
 * Take the next len bytes of the stream into buf, at any alignment, as
 * philox_fill() does: the rest of the buffered block, generate() for the
 * full blocks, then the last, partial block, buffered. generate() must
 * accept any alignment of out (philox_generate_blocks() does; the SIMD
 * generators do not).
 *
 * Always inline, so that generate() is a direct call in each caller: a
 * call through a pointer goes through a retpoline thunk on kernels built
 * with them (Debian's x86-64 ones), for every fill with a full block. The
 * core's own callers pass philox_generate_blocks(), philox_bulk.c's
 * philox_fill() the bulk path of reads: the core calls nothing of the glue.
 */
static __always_inline void philox_fill_with(struct philox_rng *rng,
					     void *buf, size_t len,
					     philox_blocks_fn *generate)
{
	u8 *dst = buf;
	size_t head = min_t(size_t, len, PHILOX_BLOCK_BYTES - rng->pos);
	size_t nblocks;

	memcpy(dst, (const u8 *)rng->block + rng->pos, head);
	rng->pos += head;
	dst += head;
	len -= head;
	if (!len)
		return;

	nblocks = len / PHILOX_BLOCK_BYTES;
	if (nblocks) {
		generate(rng->counter, rng->key, dst, nblocks);
		dst += nblocks * PHILOX_BLOCK_BYTES;
		len -= nblocks * PHILOX_BLOCK_BYTES;
		if (!len)
			return;
	}

	/* The last block, partial: buffered for what comes next (refill). */
	philox_generate_blocks(rng->counter, rng->key, (u8 *)rng->block, 1);
	memcpy(dst, rng->block, len);
	rng->pos = len;
}

/*
 * The scalar rounds, shared by philox_core.c and the scalar blocks that
 * philox_simd_template.h runs beside its vectors.
 */

/*
 * Whether the CPU multiplies 64 x 64 -> 128 bits natively. Without it (on
 * 32-bit machines) each multiply is four 32 x 32 -> 64 ones, whose
 * temporaries would not fit the registers if the rounds were unrolled.
 */
#if defined(CONFIG_ARCH_SUPPORTS_INT128) && defined(__SIZEOF_INT128__)
#define PHILOX_MUL128	1
#else
#define PHILOX_MUL128	0
#endif

/* The full 128-bit product of two 64-bit words. */
static __always_inline void philox_mulhilo(u64 a, u64 b, u64 *hi, u64 *lo)
{
#if PHILOX_MUL128
	__uint128_t product = (__uint128_t)a * b;

	*hi = product >> 64;
	*lo = (u64)product;
#else
	u64 a_lo = (u32)a, a_hi = a >> 32;
	u64 b_lo = (u32)b, b_hi = b >> 32;
	u64 ll = a_lo * b_lo, lh = a_lo * b_hi;
	u64 hl = a_hi * b_lo, hh = a_hi * b_hi;
	u64 mid = (ll >> 32) + (u32)lh + (u32)hl;

	*lo = (mid << 32) | (u32)ll;
	*hi = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
#endif
}

static __always_inline void philox_round(u64 x[4], u64 k0, u64 k1)
{
	u64 hi0, lo0, hi1, lo1;

	philox_mulhilo(PHILOX_M0, x[0], &hi0, &lo0);
	philox_mulhilo(PHILOX_M1, x[2], &hi1, &lo1);
	x[0] = hi1 ^ x[1] ^ k0;
	x[1] = lo1;
	x[2] = hi0 ^ x[3] ^ k1;
	x[3] = lo0;
}

/*
 * The ten rounds over n blocks at once: the blocks are independent chains
 * of multiplies, which the CPU overlaps. With a native 128-bit product the
 * rounds are fully unrolled too; without it, unrolled rounds spill to a
 * frame of 5 KiB on i386 (the kernel allows 1 KiB there).
 */
static __always_inline void philox_rounds(u64 x[][4], int n, u64 k0, u64 k1)
{
	int round, b;

#if PHILOX_MUL128
#pragma GCC unroll 10
#else
#pragma GCC unroll 1
#endif
	for (round = 0; round < PHILOX4X64_ROUNDS; round++) {
		if (round) {
			k0 += PHILOX_W0;
			k1 += PHILOX_W1;
		}
#pragma GCC unroll 8
		for (b = 0; b < n; b++)
			philox_round(x[b], k0, k1);
	}
}

/*
 * Bulk generators: philox_generate_blocks() and its SIMD equivalents, which
 * need the FPU (kernel_fpu_begin()) and an 8-byte aligned out.
 */
void philox_generate_blocks_avx2(u64 ctr[4], const u64 key[2], u8 *out,
				 size_t nblocks);
void philox_generate_blocks_avx512(u64 ctr[4], const u64 key[2], u8 *out,
				   size_t nblocks);

/**
 * struct philox_blocks_impl - one implementation of the bulk generator
 * @name: what the impl module parameter calls it
 * @usable: whether this CPU has it
 * @generate: philox_generate_blocks() or an equivalent
 * @needs_fpu: whether @generate must run between kernel_fpu_begin() and
 *	kernel_fpu_end()
 */
struct philox_blocks_impl {
	const char *name;
	bool (*usable)(void);
	philox_blocks_fn *generate;
	bool needs_fpu;
};

/* The rows of philox_impls.h, then an entry with a NULL name. */
extern const struct philox_blocks_impl philox_blocks_impls[];

void philox_bulk_generate(u64 ctr[4], const u64 key[2], u8 *out,
			  size_t nblocks);
void philox_bulk_select(void);
const char *philox_bulk_impl_name(void);

/*
 * For the KUnit suites only (EXPORT_SYMBOL_IF_KUNIT): one bulk
 * implementation by name, and the load-time timing, which a test stubs.
 */
int philox_generate_blocks_with(const char *impl, u64 ctr[4],
				const u64 key[2], void *out, size_t nblocks);
u64 philox_impl_time(const struct philox_blocks_impl *impl, u8 *buf);

int philox_dev_register(void);
void philox_dev_unregister(void);

#endif /* _PHILOX_INTERNAL_H */
