/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Philox4x64-10 and NumPy's SeedSequence, for kernel code.
 *
 * The generator is bit-exact with NumPy: for the same key and counter, or the
 * same SeedSequence, philox_fill() produces the little-endian bytes of
 * numpy.random.Philox(...).random_raw(). It is NOT a cryptographic generator:
 * use get_random_bytes() for anything an attacker must not predict.
 *
 * None of these functions sleep or take locks: callers own the locking of
 * their state, as with prandom_u32_state().
 */
#ifndef _LINUX_PHILOX_H
#define _LINUX_PHILOX_H

#include <linux/types.h>
#include <uapi/linux/philox.h>

/*
 * The block size (PHILOX_BLOCK_BYTES) and the SeedSequence limits
 * (PHILOX_SEED_MAX_WORDS, PHILOX_SPAWN_MAX_WORDS, PHILOX_POOL_MAX_WORDS,
 * in u32 words; NumPy has no bound on the pool) are the ABI's, of
 * uapi/linux/philox.h.
 */
#define PHILOX4X64_ROUNDS		10
#define PHILOX4X64_COUNTER_WORDS	4
#define PHILOX4X64_KEY_WORDS		2
#define SEED_SEQUENCE_DEFAULT_POOL_SIZE	4	/* u32 words, NumPy's default */

/**
 * struct seed_sequence - NumPy's numpy.random.SeedSequence
 * @entropy: the entropy as u32 words, least significant first
 * @spawn_key: the spawn key, one u32 word per level of spawning
 * @n_entropy: number of valid words in @entropy
 * @n_spawn_key: number of valid words in @spawn_key
 * @pool_size: size of the mixed entropy pool in u32 words, 4 or more
 * @n_children_spawned: children handed out so far by seed_sequence_spawn()
 *
 * The mixed pool is not stored: seed_sequence_generate_state() derives it
 * from these fields, so the structure is exactly what reproduces it in NumPy.
 */
struct seed_sequence {
	u32 entropy[PHILOX_SEED_MAX_WORDS];
	u32 spawn_key[PHILOX_SPAWN_MAX_WORDS];
	u32 n_entropy;
	u32 n_spawn_key;
	u32 pool_size;
	u32 n_children_spawned;
};

/**
 * struct philox_rng - a Philox4x64-10 stream, as numpy.random.Philox
 * @counter: the counter of the block last produced, word 0 least significant
 * @key: the key, word 0 least significant
 * @block: the block last produced, as little-endian bytes of its four words
 * @pos: bytes of @block already handed out; PHILOX_BLOCK_BYTES when none
 *	is buffered, so that the next byte comes from counter + 1
 * @has_uint32: whether @uinteger holds the kept high half of a word that
 *	philox_next_u32() split, NumPy's has_uint32
 * @uinteger: that half, NumPy's uinteger
 *
 * The kept half is not part of the byte stream: only philox_next_u32()
 * returns it, as only NumPy's next_uint32 does.
 */
struct philox_rng {
	u64 counter[PHILOX4X64_COUNTER_WORDS];
	u64 key[PHILOX4X64_KEY_WORDS];
	__le64 block[PHILOX4X64_COUNTER_WORDS];
	unsigned int pos;
	bool has_uint32;
	u32 uinteger;
};

/**
 * struct philox_numpy_state - a stream in the terms of NumPy's
 *	Philox().state, to save, restore or hand over to NumPy
 * @counter: state['state']['counter'], word 0 least significant
 * @key: state['state']['key']
 * @buffer: state['buffer'], the block last produced as four words
 * @buffer_pos: state['buffer_pos'], words of @buffer already handed out,
 *	0 to PHILOX4X64_COUNTER_WORDS
 * @has_uint32: state['has_uint32']
 * @uinteger: state['uinteger']
 */
struct philox_numpy_state {
	u64 counter[PHILOX4X64_COUNTER_WORDS];
	u64 key[PHILOX4X64_KEY_WORDS];
	u64 buffer[PHILOX4X64_COUNTER_WORDS];
	unsigned int buffer_pos;
	bool has_uint32;
	u32 uinteger;
};

void philox4x64_10(const u64 ctr[4], const u64 key[2], u64 out[4]);

int seed_sequence_init(struct seed_sequence *ss,
		       const u32 *entropy, unsigned int n_entropy,
		       const u32 *spawn_key, unsigned int n_spawn_key,
		       unsigned int pool_size);
void seed_sequence_init_random(struct seed_sequence *ss);
void seed_sequence_generate_state(const struct seed_sequence *ss,
				  u32 *out, size_t n_words);
void seed_sequence_generate_state64(const struct seed_sequence *ss,
				    u64 *out, size_t n_words);
int seed_sequence_spawn(struct seed_sequence *parent,
			struct seed_sequence *children, unsigned int n);

void philox_init(struct philox_rng *rng, const u64 key[2],
		 const u64 counter[4]);
void philox_seed(struct philox_rng *rng, const struct seed_sequence *ss);
u64 philox_next_u64(struct philox_rng *rng);
u32 philox_next_u32(struct philox_rng *rng);
void philox_fill(struct philox_rng *rng, void *buf, size_t len);
void philox_advance(struct philox_rng *rng, const u64 delta[4]);
void philox_jump(struct philox_rng *rng, u64 jumps);
int philox_get_numpy_state(const struct philox_rng *rng,
			   struct philox_numpy_state *state);
int philox_set_numpy_state(struct philox_rng *rng,
			   const struct philox_numpy_state *state);

/*
 * NumPy's Generator(Philox(...)) on a stream (module/philox_generator.c):
 * the same draws from the same struct philox_rng, which keeps no other
 * state, so philox_get_numpy_state() stays NumPy's after any of them.
 */
u64 philox_next_double_bits(struct philox_rng *rng);
int __must_check philox_integers_u8(struct philox_rng *rng, u8 low,
				    u8 high, bool endpoint, u8 *out,
				    size_t n);
int __must_check philox_integers_u16(struct philox_rng *rng, u16 low,
				     u16 high, bool endpoint, u16 *out,
				     size_t n);
int __must_check philox_integers_u32(struct philox_rng *rng, u32 low,
				     u32 high, bool endpoint, u32 *out,
				     size_t n);
int __must_check philox_integers_u64(struct philox_rng *rng, u64 low,
				     u64 high, bool endpoint, u64 *out,
				     size_t n);
int __must_check philox_integers_s8(struct philox_rng *rng, s8 low,
				    s8 high, bool endpoint, s8 *out,
				    size_t n);
int __must_check philox_integers_s16(struct philox_rng *rng, s16 low,
				     s16 high, bool endpoint, s16 *out,
				     size_t n);
int __must_check philox_integers_s32(struct philox_rng *rng, s32 low,
				     s32 high, bool endpoint, s32 *out,
				     size_t n);
int __must_check philox_integers_s64(struct philox_rng *rng, s64 low,
				     s64 high, bool endpoint, s64 *out,
				     size_t n);
u32 philox_u32_below(struct philox_rng *rng, u32 ceil);
u32 philox_u32_above(struct philox_rng *rng, u32 floor);
u32 philox_u32_inclusive(struct philox_rng *rng, u32 floor, u32 ceil);
u64 philox_u64_below(struct philox_rng *rng, u64 ceil);
u64 philox_interval(struct philox_rng *rng, u64 max);
void philox_shuffle(struct philox_rng *rng, void *base, size_t num,
		    size_t size);
void philox_permutation_u32(struct philox_rng *rng, u32 *out, u32 n);
void philox_permutation_u64(struct philox_rng *rng, u64 *out, size_t n);
void philox_bytes(struct philox_rng *rng, void *buf, size_t len);

#endif /* _LINUX_PHILOX_H */
