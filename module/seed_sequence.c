// SPDX-License-Identifier: GPL-2.0
/*
 * NumPy's numpy.random.SeedSequence, bit for bit, and the seeding of a
 * Philox stream from it.
 *
 * Like philox_core.c this is pure algorithm, free of locking and of
 * anything but basic kernel types, but for seed_sequence_init_random(),
 * which draws from the kernel RNG. It is divided into these sections:
 *
 * - Building a SeedSequence: validating entropy, spawn key and pool size,
 *   or drawing fresh entropy.
 * - Mixing the pool: NumPy's hashmix and mix over the assembled entropy.
 * - Generating state: the u32 and u64 words handed to a generator.
 * - Spawning children, and seeding a Philox stream.
 *
 * The design is NumPy's: entropy words are hashed into a pool of
 * pool_size words, each word mixed with every other; a spawn key is
 * appended to the entropy after zero-padding it to the pool size, which is
 * what makes spawned children independent. The pool is derived on demand
 * rather than stored, so a struct seed_sequence holds exactly what NumPy
 * needs to reproduce it.
 */

#include <linux/philox.h>
#include <linux/export.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/limits.h>
#include <linux/random.h>

/* NumPy's SeedSequence hash constants (from the C++ reference). */
#define SS_INIT_A	0x43b0d7e5U
#define SS_MULT_A	0x931e8875U
#define SS_INIT_B	0x8b51f9ddU
#define SS_MULT_B	0x58f38dedU
#define SS_MIX_MULT_L	0xca01f9ddU
#define SS_MIX_MULT_R	0x4973f715U
#define SS_XSHIFT	16

/*********************************************************************
 *
 * Building a SeedSequence
 *
 * These functions are exported:
 *
 *	int seed_sequence_init(struct seed_sequence *ss,
 *			       const u32 *entropy, unsigned int n_entropy,
 *			       const u32 *spawn_key, unsigned int n_spawn_key,
 *			       unsigned int pool_size)
 *	void seed_sequence_init_random(struct seed_sequence *ss)
 *
 *********************************************************************/

/**
 * seed_sequence_init() - build a SeedSequence, as NumPy's constructor
 * @ss: the SeedSequence to fill
 * @entropy: entropy as u32 words, least significant first; a Python int
 *	entropy is its 32-bit words from the least significant
 * @n_entropy: number of words in @entropy, 0 to PHILOX_SEED_MAX_WORDS
 * @spawn_key: the spawn key words, or NULL when @n_spawn_key is 0
 * @n_spawn_key: number of words in @spawn_key, 0 to
 *	PHILOX_SPAWN_MAX_WORDS
 * @pool_size: pool size in u32 words; 0 means NumPy's default of 4,
 *	otherwise 4 to PHILOX_POOL_MAX_WORDS
 *
 * The result equals SeedSequence(numpy.array(entropy, dtype=numpy.uint32),
 * spawn_key=spawn_key, pool_size=pool_size) with no children spawned.
 * Arguments out of range are refused, never truncated; @ss is then left
 * untouched.
 *
 * Context: any context.
 * Return: 0, or -EINVAL for a count or pool size out of range or a NULL
 * array with a non-zero count.
 */
int seed_sequence_init(struct seed_sequence *ss,
		       const u32 *entropy, unsigned int n_entropy,
		       const u32 *spawn_key, unsigned int n_spawn_key,
		       unsigned int pool_size)
{
	if (!pool_size)
		pool_size = SEED_SEQUENCE_DEFAULT_POOL_SIZE;
	if (n_entropy > PHILOX_SEED_MAX_WORDS ||
	    n_spawn_key > PHILOX_SPAWN_MAX_WORDS ||
	    pool_size < SEED_SEQUENCE_DEFAULT_POOL_SIZE ||
	    pool_size > PHILOX_POOL_MAX_WORDS)
		return -EINVAL;
	if ((n_entropy && !entropy) || (n_spawn_key && !spawn_key))
		return -EINVAL;

	memset(ss, 0, sizeof(*ss));
	if (n_entropy)
		memcpy(ss->entropy, entropy, n_entropy * sizeof(u32));
	if (n_spawn_key)
		memcpy(ss->spawn_key, spawn_key, n_spawn_key * sizeof(u32));
	ss->n_entropy = n_entropy;
	ss->n_spawn_key = n_spawn_key;
	ss->pool_size = pool_size;
	return 0;
}
EXPORT_SYMBOL_GPL(seed_sequence_init);

/**
 * seed_sequence_init_random() - a fresh SeedSequence, as SeedSequence()
 * @ss: the SeedSequence to fill
 *
 * 128 bits from get_random_bytes() become four entropy words with the
 * default pool size, as NumPy draws 128 bits for SeedSequence(None).
 * Logging @ss->entropy is enough to reproduce every stream seeded from it.
 * Callers that must not use the kernel RNG before it is seeded wait with
 * wait_for_random_bytes() first.
 *
 * Context: any context.
 */
void seed_sequence_init_random(struct seed_sequence *ss)
{
	u32 entropy[4];

	get_random_bytes(entropy, sizeof(entropy));
	seed_sequence_init(ss, entropy, ARRAY_SIZE(entropy), NULL, 0, 0);
}
EXPORT_SYMBOL_GPL(seed_sequence_init_random);

/*********************************************************************
 *
 * Mixing the pool
 *
 * The assembled entropy is the run entropy, zero-padded to the pool size
 * when a spawn key follows, then the spawn key. Its first pool_size words
 * are hashed into the pool, every pool word is mixed into every other,
 * and the words beyond the pool are mixed into all of it.
 *
 *********************************************************************/

static u32 seed_sequence_hashmix(u32 value, u32 *hash_const)
{
	value ^= *hash_const;
	*hash_const *= SS_MULT_A;
	value *= *hash_const;
	return value ^ (value >> SS_XSHIFT);
}

static u32 seed_sequence_mix(u32 x, u32 y)
{
	u32 result = SS_MIX_MULT_L * x - SS_MIX_MULT_R * y;

	return result ^ (result >> SS_XSHIFT);
}

/* Where the spawn key starts in the assembled entropy. */
static unsigned int seed_sequence_spawn_offset(const struct seed_sequence *ss)
{
	if (ss->n_spawn_key && ss->n_entropy < ss->pool_size)
		return ss->pool_size;
	return ss->n_entropy;
}

static unsigned int seed_sequence_assembled_len(const struct seed_sequence *ss)
{
	return seed_sequence_spawn_offset(ss) + ss->n_spawn_key;
}

/* Word i of the assembled entropy; the padding reads as zero. */
static u32 seed_sequence_assembled_word(const struct seed_sequence *ss,
					unsigned int i)
{
	unsigned int spawn_offset = seed_sequence_spawn_offset(ss);

	if (i < ss->n_entropy)
		return ss->entropy[i];
	if (i < spawn_offset)
		return 0;
	return ss->spawn_key[i - spawn_offset];
}

static void seed_sequence_mix_pool(const struct seed_sequence *ss, u32 *pool)
{
	unsigned int n = seed_sequence_assembled_len(ss);
	unsigned int src, dst;
	u32 hash_const = SS_INIT_A;
	u32 word, hashed;

	for (dst = 0; dst < ss->pool_size; dst++) {
		word = dst < n ? seed_sequence_assembled_word(ss, dst) : 0;
		pool[dst] = seed_sequence_hashmix(word, &hash_const);
	}

	for (src = 0; src < ss->pool_size; src++) {
		for (dst = 0; dst < ss->pool_size; dst++) {
			if (src == dst)
				continue;
			hashed = seed_sequence_hashmix(pool[src], &hash_const);
			pool[dst] = seed_sequence_mix(pool[dst], hashed);
		}
	}

	for (src = ss->pool_size; src < n; src++) {
		word = seed_sequence_assembled_word(ss, src);
		for (dst = 0; dst < ss->pool_size; dst++) {
			hashed = seed_sequence_hashmix(word, &hash_const);
			pool[dst] = seed_sequence_mix(pool[dst], hashed);
		}
	}
}

/*********************************************************************
 *
 * Generating state
 *
 * These functions are exported:
 *
 *	void seed_sequence_generate_state(const struct seed_sequence *ss,
 *					  u32 *out, size_t n_words)
 *	void seed_sequence_generate_state64(const struct seed_sequence *ss,
 *					    u64 *out, size_t n_words)
 *
 * Output words cycle through the pool, each hashed with a running
 * constant. A 64-bit word is two consecutive 32-bit words, low first.
 *
 *********************************************************************/

struct seed_sequence_state_gen {
	u32 pool[PHILOX_POOL_MAX_WORDS];
	unsigned int pool_size;
	unsigned int next;
	u32 hash_const;
};

static void seed_sequence_state_gen_start(struct seed_sequence_state_gen *gen,
					  const struct seed_sequence *ss)
{
	seed_sequence_mix_pool(ss, gen->pool);
	gen->pool_size = ss->pool_size;
	gen->next = 0;
	gen->hash_const = SS_INIT_B;
}

static u32 seed_sequence_state_gen_word(struct seed_sequence_state_gen *gen)
{
	u32 value = gen->pool[gen->next];

	if (++gen->next == gen->pool_size)
		gen->next = 0;
	value ^= gen->hash_const;
	gen->hash_const *= SS_MULT_B;
	value *= gen->hash_const;
	return value ^ (value >> SS_XSHIFT);
}

/**
 * seed_sequence_generate_state() - NumPy's generate_state(n, numpy.uint32)
 * @ss: the SeedSequence
 * @out: where to put the words
 * @n_words: how many u32 words
 *
 * Context: any context; uses about 300 bytes of stack.
 */
void seed_sequence_generate_state(const struct seed_sequence *ss,
				  u32 *out, size_t n_words)
{
	struct seed_sequence_state_gen gen;
	size_t i;

	seed_sequence_state_gen_start(&gen, ss);
	for (i = 0; i < n_words; i++)
		out[i] = seed_sequence_state_gen_word(&gen);
}
EXPORT_SYMBOL_GPL(seed_sequence_generate_state);

/**
 * seed_sequence_generate_state64() - NumPy's generate_state(n, numpy.uint64)
 * @ss: the SeedSequence
 * @out: where to put the words
 * @n_words: how many u64 words
 *
 * Each word is two u32 words of generate_state(2 * n), the first one low.
 *
 * Context: any context; uses about 300 bytes of stack.
 */
void seed_sequence_generate_state64(const struct seed_sequence *ss,
				    u64 *out, size_t n_words)
{
	struct seed_sequence_state_gen gen;
	size_t i;

	seed_sequence_state_gen_start(&gen, ss);
	for (i = 0; i < n_words; i++) {
		u64 lo = seed_sequence_state_gen_word(&gen);
		u64 hi = seed_sequence_state_gen_word(&gen);

		out[i] = lo | hi << 32;
	}
}
EXPORT_SYMBOL_GPL(seed_sequence_generate_state64);

/*********************************************************************
 *
 * Spawning children, and seeding a Philox stream
 *
 * These functions are exported:
 *
 *	int seed_sequence_spawn(struct seed_sequence *parent,
 *				struct seed_sequence *children, unsigned int n)
 *	void philox_seed(struct philox_rng *rng,
 *			 const struct seed_sequence *ss)
 *
 *********************************************************************/

/**
 * seed_sequence_spawn() - NumPy's SeedSequence.spawn(n)
 * @parent: the SeedSequence to spawn from
 * @children: where to put the @n children; must not overlap @parent
 * @n: how many children
 *
 * Child i has the parent's entropy and pool size, and the parent's spawn
 * key followed by the index parent->n_children_spawned + i. The parent
 * counts the children it handed out, so the next call continues the
 * sequence. On error nothing is written.
 *
 * Context: any context.
 * Return: 0; -E2BIG if the parent's spawn key is already
 * PHILOX_SPAWN_MAX_WORDS words long; -EOVERFLOW if the child count
 * would pass U32_MAX.
 */
int seed_sequence_spawn(struct seed_sequence *parent,
			struct seed_sequence *children, unsigned int n)
{
	unsigned int i;

	if (!n)
		return 0;
	if (parent->n_spawn_key >= PHILOX_SPAWN_MAX_WORDS)
		return -E2BIG;
	if (n > U32_MAX - parent->n_children_spawned)
		return -EOVERFLOW;

	for (i = 0; i < n; i++) {
		struct seed_sequence *child = &children[i];

		*child = *parent;
		child->spawn_key[child->n_spawn_key++] =
			parent->n_children_spawned + i;
		child->n_children_spawned = 0;
	}
	parent->n_children_spawned += n;
	return 0;
}
EXPORT_SYMBOL_GPL(seed_sequence_spawn);

/**
 * philox_seed() - seed a stream from a SeedSequence, as Philox(seed_seq)
 * @rng: the stream
 * @ss: the SeedSequence
 *
 * The key is generate_state(2, numpy.uint64) and the counter is 0, so the
 * stream equals numpy.random.Philox(ss).
 *
 * Context: any context.
 */
void philox_seed(struct philox_rng *rng, const struct seed_sequence *ss)
{
	static const u64 zero_counter[PHILOX4X64_COUNTER_WORDS];
	u64 key[PHILOX4X64_KEY_WORDS];

	seed_sequence_generate_state64(ss, key, PHILOX4X64_KEY_WORDS);
	philox_init(rng, key, zero_counter);
}
EXPORT_SYMBOL_GPL(philox_seed);
