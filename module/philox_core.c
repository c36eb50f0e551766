// SPDX-License-Identifier: GPL-2.0
/*
 * Philox4x64-10, the counter-based generator of Salmon, Moraes, Dror and
 * Shaw ("Parallel random numbers: as easy as 1, 2, 3", SC11), with the
 * stream rules of NumPy's numpy.random.Philox.
 *
 * This file is the pure algorithm: no locking, no allocation, no calls
 * into the module's glue, nothing but basic kernel types, so that it also
 * compiles in userspace for benchmarks.
 * It is divided into the following sections:
 *
 * - The block function: ten rounds of a 256-bit counter under a 128-bit key.
 * - Counter arithmetic: addition modulo 2^256 and bulk generation of
 *   consecutive blocks.
 * - The stream: a buffered block and a byte position over the block
 *   function, so that draws of any size concatenate to one byte stream.
 * - Reserving spans: how a reader takes its share of a shared stream in
 *   O(1) under a lock, and generates it after dropping the lock.
 *
 * The stream follows NumPy: the counter is incremented before each block,
 * so Philox(key=k, counter=c) first produces the block at c + 1, and the
 * counter always names the block last produced. Bytes are the little-endian
 * bytes of the 64-bit outputs on every architecture.
 */

#include <linux/philox.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/string.h>
#include <linux/limits.h>
#include <linux/minmax.h>
#include <asm/byteorder.h>
#include <kunit/visibility.h>

#include "philox_internal.h"

/*********************************************************************
 *
 * The block function
 *
 * These functions are exported:
 *
 *	void philox4x64_10(const u64 ctr[4], const u64 key[2], u64 out[4])
 *
 * philox4x64_10() equals Random123's philox4x64_R(10, ctr, key).
 *
 *********************************************************************/

/**
 * philox4x64_10() - the Philox4x64-10 block function
 * @ctr: the 256-bit counter, word 0 least significant
 * @key: the 128-bit key, word 0 least significant
 * @out: the four output words; may alias @ctr
 *
 * Context: any context.
 */
void philox4x64_10(const u64 ctr[4], const u64 key[2], u64 out[4])
{
	u64 x[1][4] = { { ctr[0], ctr[1], ctr[2], ctr[3] } };

	philox_rounds(x, 1, key[0], key[1]);
	memcpy(out, x[0], sizeof(x[0]));
}
EXPORT_SYMBOL_GPL(philox4x64_10);

/*********************************************************************
 *
 * Counter arithmetic
 *
 * These functions are shared with the device but not exported:
 *
 *	void philox_counter_add(u64 ctr[4], const u64 delta[4])
 *	void philox_counter_add_u64(u64 ctr[4], u64 delta)
 *	void philox_generate_blocks(u64 ctr[4], const u64 key[2],
 *				    u8 *out, size_t nblocks)
 *
 *********************************************************************/

/* ctr += delta modulo 2^256. */
void philox_counter_add(u64 ctr[4], const u64 delta[4])
{
	u64 carry = 0;
	int i;

	for (i = 0; i < PHILOX4X64_COUNTER_WORDS; i++) {
		u64 sum = ctr[i] + delta[i];
		u64 carry_out = sum < delta[i];

		sum += carry;
		carry_out |= sum < carry;
		ctr[i] = sum;
		carry = carry_out;
	}
}

/* ctr += delta modulo 2^256, for a delta that fits one word. */
void philox_counter_add_u64(u64 ctr[4], u64 delta)
{
	const u64 wide[4] = { delta, 0, 0, 0 };

	philox_counter_add(ctr, wide);
}

static void philox_counter_inc(u64 ctr[4])
{
	int i;

	for (i = 0; i < PHILOX4X64_COUNTER_WORDS; i++)
		if (++ctr[i])
			break;
}

/* One block as the little-endian bytes of its words, at any alignment. */
static __always_inline void philox_store_block(u8 *out, const u64 x[4])
{
	__le64 le[4] = {
		cpu_to_le64(x[0]), cpu_to_le64(x[1]),
		cpu_to_le64(x[2]), cpu_to_le64(x[3]),
	};

	memcpy(out, le, sizeof(le));
}

/*
 * Blocks generated together by philox_generate_blocks(): eight pay where
 * 64-bit multiplies are native; with emulated ones four keep the frame of
 * a 32-bit read path within its 1 KiB (see philox_rounds()).
 */
#define PHILOX_INTERLEAVE	(PHILOX_MUL128 ? 8 : 4)

/*
 * Write the blocks at ctr + 1 .. ctr + nblocks to out and leave ctr at the
 * last of them. This is the bulk path of every read: PHILOX_INTERLEAVE
 * blocks at a time while word 0 of the counter does not carry, then one by
 * one.
 */
void philox_generate_blocks(u64 ctr[4], const u64 key[2], u8 *out,
			    size_t nblocks)
{
	u64 x[PHILOX_INTERLEAVE][4];
	int b;

	while (nblocks >= PHILOX_INTERLEAVE &&
	       ctr[0] <= U64_MAX - PHILOX_INTERLEAVE) {
		for (b = 0; b < PHILOX_INTERLEAVE; b++) {
			x[b][0] = ctr[0] + 1 + b;
			x[b][1] = ctr[1];
			x[b][2] = ctr[2];
			x[b][3] = ctr[3];
		}
		philox_rounds(x, PHILOX_INTERLEAVE, key[0], key[1]);
		for (b = 0; b < PHILOX_INTERLEAVE; b++)
			philox_store_block(out + b * PHILOX_BLOCK_BYTES, x[b]);
		ctr[0] += PHILOX_INTERLEAVE;
		out += PHILOX_INTERLEAVE * PHILOX_BLOCK_BYTES;
		nblocks -= PHILOX_INTERLEAVE;
	}

	while (nblocks--) {
		philox_counter_inc(ctr);
		memcpy(x[0], ctr, sizeof(x[0]));
		philox_rounds(x, 1, key[0], key[1]);
		philox_store_block(out, x[0]);
		out += PHILOX_BLOCK_BYTES;
	}
}

/*********************************************************************
 *
 * The stream
 *
 * These functions are exported:
 *
 *	void philox_init(struct philox_rng *rng, const u64 key[2],
 *			 const u64 counter[4])
 *	u64 philox_next_u64(struct philox_rng *rng)
 *	u32 philox_next_u32(struct philox_rng *rng)
 *	void philox_advance(struct philox_rng *rng, const u64 delta[4])
 *	void philox_jump(struct philox_rng *rng, u64 jumps)
 *	int philox_get_numpy_state(const struct philox_rng *rng,
 *				   struct philox_numpy_state *state)
 *	int philox_set_numpy_state(struct philox_rng *rng,
 *				   const struct philox_numpy_state *state)
 *
 * The fill itself, philox_fill_with(), is inline in philox_internal.h,
 * so that each caller's generator is a direct call: philox_next_u64()
 * here fills with philox_generate_blocks(), philox_fill() (philox_bulk.c)
 * with the bulk generator of reads, and the native benchmark too.
 *
 * The stream is NumPy's sequence of 64-bit words, as little-endian bytes.
 * philox_next_u64() and philox_fill_with() take the next bytes of it,
 * whatever came before, so fills of any sizes concatenate.
 * philox_next_u32() is NumPy's next_uint32: it splits the next word,
 * returns the low half and keeps the high half for the next
 * philox_next_u32(), so a u32, a u64 and a u32 return lo(w0), w1, hi(w0),
 * as in NumPy. Everything that sets or moves the counter drops the
 * buffered block and the kept half, as NumPy's _reset_state_variables()
 * does.
 *
 *********************************************************************/

/* Produce the next block into the buffer. */
static void philox_refill(struct philox_rng *rng)
{
	philox_generate_blocks(rng->counter, rng->key, (u8 *)rng->block, 1);
	rng->pos = 0;
}

/* Nothing buffered and no kept half: NumPy after init or advance. */
static void philox_drop_buffer(struct philox_rng *rng)
{
	memset(rng->block, 0, sizeof(rng->block));
	rng->pos = PHILOX_BLOCK_BYTES;
	rng->has_uint32 = false;
	rng->uinteger = 0;
}

/**
 * philox_init() - set a stream's key and counter, as Philox(key=, counter=)
 * @rng: the stream
 * @key: the key, word 0 least significant
 * @counter: the counter, word 0 least significant; the first block
 *	produced is the one at @counter + 1
 *
 * @key and @counter may point into @rng itself, to change one of them.
 * The buffered block and a kept 32-bit half are dropped.
 *
 * Context: any context.
 */
void philox_init(struct philox_rng *rng, const u64 key[2],
		 const u64 counter[4])
{
	/* key or counter may be the stream's own: move, and clear after. */
	memmove(rng->key, key, sizeof(rng->key));
	memmove(rng->counter, counter, sizeof(rng->counter));
	philox_drop_buffer(rng);
}
EXPORT_SYMBOL_GPL(philox_init);

/**
 * philox_next_u64() - the next 64-bit output of a stream
 * @rng: the stream
 *
 * This is NumPy's next_uint64() (and random_raw()): a half kept by
 * philox_next_u32() stays kept. After a philox_fill() that ended inside a
 * word, which NumPy cannot do, it is the next eight bytes of the stream.
 *
 * Context: any context.
 * Return: the next eight bytes of the stream as a little-endian word.
 */
u64 philox_next_u64(struct philox_rng *rng)
{
	__le64 v;

	if (rng->pos == PHILOX_BLOCK_BYTES)
		philox_refill(rng);
	if (rng->pos <= PHILOX_BLOCK_BYTES - sizeof(v)) {
		memcpy(&v, (const u8 *)rng->block + rng->pos, sizeof(v));
		rng->pos += sizeof(v);
	} else {
		/* A word across two blocks: no full block in between. */
		philox_fill_with(rng, &v, sizeof(v), philox_generate_blocks);
	}
	return le64_to_cpu(v);
}
EXPORT_SYMBOL_GPL(philox_next_u64);

/**
 * philox_next_u32() - the next 32-bit output of a stream, as NumPy's
 *	next_uint32()
 * @rng: the stream
 *
 * Returns the half kept by the previous call if there is one; otherwise
 * splits the next 64-bit output, returns its low half and keeps the high
 * half. 64-bit draws and fills in between take whole words after the
 * split one and leave the kept half alone, as in NumPy.
 *
 * Context: any context.
 * Return: the next 32-bit output.
 */
u32 philox_next_u32(struct philox_rng *rng)
{
	u64 v;

	if (rng->has_uint32) {
		rng->has_uint32 = false;
		return rng->uinteger;
	}
	v = philox_next_u64(rng);
	rng->has_uint32 = true;
	rng->uinteger = v >> 32;
	return (u32)v;
}
EXPORT_SYMBOL_GPL(philox_next_u32);

/**
 * philox_advance() - skip blocks, as NumPy's Philox.advance()
 * @rng: the stream
 * @delta: how many blocks to skip, a 256-bit number, word 0 least
 *	significant; the counter wraps modulo 2^256
 *
 * The buffered block and a kept 32-bit half are dropped, even for a @delta
 * of zero, so the next byte is the first of the block at counter + delta
 * + 1.
 *
 * Context: any context.
 */
void philox_advance(struct philox_rng *rng, const u64 delta[4])
{
	philox_counter_add(rng->counter, delta);
	philox_drop_buffer(rng);
}
EXPORT_SYMBOL_GPL(philox_advance);

/**
 * philox_jump() - jump a stream, as NumPy's Philox.jumped(jumps)
 * @rng: the stream
 * @jumps: how many jumps of 2^128 blocks
 *
 * Equal to philox_advance() by @jumps * 2^128: streams that are jumps
 * apart do not overlap for 2^128 blocks.
 *
 * Context: any context.
 */
void philox_jump(struct philox_rng *rng, u64 jumps)
{
	const u64 delta[4] = { 0, 0, jumps, 0 };

	philox_advance(rng, delta);
}
EXPORT_SYMBOL_GPL(philox_jump);

/**
 * philox_get_numpy_state() - a stream's state as NumPy's Philox().state
 * @rng: the stream
 * @state: where to put it
 *
 * Setting NumPy's bit_generator.state to @state (see
 * philox_set_numpy_state()) makes NumPy continue with the same outputs:
 * next_uint64, next_uint32 and random_raw alike.
 *
 * Context: any context.
 * Return: 0; -EINVAL if a philox_fill() left the stream inside a word,
 * a position NumPy's state cannot express.
 */
int philox_get_numpy_state(const struct philox_rng *rng,
			   struct philox_numpy_state *state)
{
	int i;

	if (rng->pos % sizeof(u64))
		return -EINVAL;
	memcpy(state->counter, rng->counter, sizeof(state->counter));
	memcpy(state->key, rng->key, sizeof(state->key));
	for (i = 0; i < PHILOX4X64_COUNTER_WORDS; i++)
		state->buffer[i] = le64_to_cpu(rng->block[i]);
	state->buffer_pos = rng->pos / sizeof(u64);
	state->has_uint32 = rng->has_uint32;
	state->uinteger = rng->uinteger;
	return 0;
}
EXPORT_SYMBOL_GPL(philox_get_numpy_state);

/**
 * philox_set_numpy_state() - continue a stream from NumPy's Philox().state
 * @rng: the stream
 * @state: NumPy's state: counter, key, buffer, buffer_pos, has_uint32 and
 *	uinteger, as NumPy's state setter takes them
 *
 * The buffer is taken as given, as NumPy takes it, even if it is not the
 * block at the counter: the stream then goes on exactly as NumPy's would.
 *
 * Context: any context.
 * Return: 0; -EINVAL if @state->buffer_pos is over 4. On error @rng is
 * unchanged.
 */
int philox_set_numpy_state(struct philox_rng *rng,
			   const struct philox_numpy_state *state)
{
	int i;

	if (state->buffer_pos > PHILOX4X64_COUNTER_WORDS)
		return -EINVAL;
	memcpy(rng->counter, state->counter, sizeof(rng->counter));
	memcpy(rng->key, state->key, sizeof(rng->key));
	for (i = 0; i < PHILOX4X64_COUNTER_WORDS; i++)
		rng->block[i] = cpu_to_le64(state->buffer[i]);
	rng->pos = state->buffer_pos * sizeof(u64);
	rng->has_uint32 = state->has_uint32;
	rng->uinteger = state->uinteger;
	return 0;
}
EXPORT_SYMBOL_GPL(philox_set_numpy_state);

/*********************************************************************
 *
 * Reserving spans
 *
 * These functions are shared with the device:
 *
 *	void philox_set_state(struct philox_rng *rng, const u64 key[2],
 *			      const u64 counter[4], unsigned int pos)
 *
 * These too, and are exported to the KUnit suites only:
 *
 *	void philox_touch(struct philox_shared *sh)
 *	void philox_reserve(struct philox_shared *sh, size_t len,
 *			    struct philox_span *span)
 *	bool philox_give_back(struct philox_shared *sh,
 *			      const struct philox_span *span, size_t used)
 *
 * A reservation moves the stream past len bytes with counter arithmetic
 * and at most one block generated, whatever len is, so a lock around it
 * is held for O(1) work; the span's full blocks are generated afterwards,
 * outside the lock, by philox_generate_blocks(). A reader that could not
 * use its whole span gives the rest back, which is allowed only while
 * nobody moved or looked at the stream since (philox_touch()): then no
 * byte goes to two readers, and no position anyone saw is undone.
 *
 *********************************************************************/

/* Regenerate the block at the counter itself into the buffer. */
static void philox_load_block(struct philox_rng *rng)
{
	u64 x[4];

	philox4x64_10(rng->counter, rng->key, x);
	philox_store_block((u8 *)rng->block, x);
}

/*
 * Set key, counter and byte position, NumPy's state plus a byte count: pos
 * bytes of the block at counter are taken, PHILOX_BLOCK_BYTES meaning
 * the whole block, so the next byte comes from counter + 1.
 */
void philox_set_state(struct philox_rng *rng, const u64 key[2],
		      const u64 counter[4], unsigned int pos)
{
	philox_init(rng, key, counter);
	rng->pos = pos;
	if (pos < PHILOX_BLOCK_BYTES)
		philox_load_block(rng);
}

/* Someone moved the stream or looked at it: no give-back may undo that. */
void philox_touch(struct philox_shared *sh)
{
	sh->generation++;
}
EXPORT_SYMBOL_IF_KUNIT(philox_touch);

/* Where the stream is now, to rewind to later. */
static void philox_tell(const struct philox_rng *rng, struct philox_pos *where)
{
	memcpy(where->counter, rng->counter, sizeof(where->counter));
	where->pos = rng->pos;
}

/* Take the next len bytes of the stream as a span. */
void philox_reserve(struct philox_shared *sh, size_t len,
		    struct philox_span *span)
{
	struct philox_rng *rng = &sh->rng;
	size_t rest;

	span->generation = ++sh->generation;

	memcpy(span->key, rng->key, sizeof(span->key));
	philox_tell(rng, &span->start);

	memcpy(span->head, rng->block, sizeof(span->head));
	span->head_off = rng->pos;
	span->head_len = min_t(size_t, len, PHILOX_BLOCK_BYTES - rng->pos);
	rng->pos += span->head_len;
	rest = len - span->head_len;

	memcpy(span->counter, rng->counter, sizeof(span->counter));
	span->nblocks = rest / PHILOX_BLOCK_BYTES;
	span->tail_len = rest % PHILOX_BLOCK_BYTES;
	if (!rest)
		return;

	if (span->nblocks)
		philox_counter_add_u64(rng->counter, span->nblocks);
	rng->pos = PHILOX_BLOCK_BYTES;
	if (span->tail_len) {
		philox_refill(rng);
		memcpy(span->tail, rng->block, sizeof(span->tail));
		rng->pos = span->tail_len;
	}
}
EXPORT_SYMBOL_IF_KUNIT(philox_reserve);

/*
 * Put the stream back to start plus the used bytes. Only valid while the
 * stream has not moved since philox_tell() gave start: the key is the same.
 */
static void philox_rewind(struct philox_rng *rng,
			  const struct philox_pos *start, size_t used)
{
	u64 counter[4];
	u64 offset = (u64)start->pos + used;
	unsigned int pos;

	memcpy(counter, start->counter, sizeof(counter));
	if (!used) {
		pos = start->pos;
	} else if (offset % PHILOX_BLOCK_BYTES) {
		philox_counter_add_u64(counter, offset / PHILOX_BLOCK_BYTES);
		pos = offset % PHILOX_BLOCK_BYTES;
	} else {
		/* A used-up block stays the counter, as NumPy keeps it. */
		philox_counter_add_u64(counter,
				       offset / PHILOX_BLOCK_BYTES - 1);
		pos = PHILOX_BLOCK_BYTES;
	}
	philox_set_state(rng, rng->key, counter, pos);
}

/*
 * Give back the bytes of a span past its first used ones. Returns whether
 * it could: not if anyone moved or looked at the stream since, when they
 * are skipped instead.
 */
bool philox_give_back(struct philox_shared *sh,
		      const struct philox_span *span, size_t used)
{
	if (sh->generation != span->generation)
		return false;
	philox_rewind(&sh->rng, &span->start, used);
	sh->generation++;
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(philox_give_back);
