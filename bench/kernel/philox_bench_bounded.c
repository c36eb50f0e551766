// SPDX-License-Identifier: GPL-2.0
/*
 * Bounded 32-bit draws per second, timed in the kernel for `make bench`:
 * philox_u32_below() against get_random_u32_below() and
 * prandom_u32_state() % n (the biased way kernel tests often draw), in the
 * same boot, each on one CPU without a lock.
 *
 * debugfs, under philox_bench/:
 *	bounded	read: one line per generator and bound,
 *		"<generator> <bound> <draws per second>", each timed over
 *		about PHILOX_BENCH_BOUNDED_NS
 */

#include <linux/compiler.h>
#include <linux/debugfs.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/philox.h>
#include <linux/prandom.h>
#include <linux/random.h>
#include <linux/sched.h>
#include <linux/seq_file.h>

#include "philox_bench_bounded.h"

#define PHILOX_BENCH_BOUNDED_NS		(100 * NSEC_PER_MSEC)
#define PHILOX_BENCH_BOUNDED_BATCH	1024	/* draws between clock reads */

/*
 * A die-sized bound that rejects almost never, and 2^31 + 1, where
 * Lemire's method rejects almost half of its draws.
 */
static const u32 philox_bench_bounds[] = { 1000, 0x80000001 };

enum philox_bench_bounded_gen {
	PHILOX_BENCH_PHILOX,
	PHILOX_BENCH_GET_RANDOM,
	PHILOX_BENCH_PRANDOM_MOD,
	PHILOX_BENCH_N_GENS,
};

static const char * const philox_bench_gen_names[] = {
	[PHILOX_BENCH_PHILOX] = "philox_u32_below",
	[PHILOX_BENCH_GET_RANDOM] = "get_random_u32_below",
	[PHILOX_BENCH_PRANDOM_MOD] = "prandom_u32_state_mod",
};

/* One batch of draws; their sum, so that none can be left out. */
static u32 philox_bench_batch(enum philox_bench_bounded_gen gen, u32 bound,
			      struct philox_rng *rng, struct rnd_state *state)
{
	u32 sum = 0;
	int i;

	for (i = 0; i < PHILOX_BENCH_BOUNDED_BATCH; i++) {
		switch (gen) {
		case PHILOX_BENCH_PHILOX:
			sum += philox_u32_below(rng, bound);
			break;
		case PHILOX_BENCH_GET_RANDOM:
			sum += get_random_u32_below(bound);
			break;
		default:
			sum += prandom_u32_state(state) % bound;
			break;
		}
	}
	return sum;
}

static u64 philox_bench_bounded_rate(enum philox_bench_bounded_gen gen,
				     u32 bound)
{
	static const u64 key[2] = { 1, 2 };
	static const u64 counter[4];
	struct philox_rng rng;
	struct rnd_state state;
	u64 start, elapsed, draws = 0;
	u32 sink = 0;

	philox_init(&rng, key, counter);
	prandom_seed_state(&state, 42);
	start = ktime_get_ns();
	do {
		sink += philox_bench_batch(gen, bound, &rng, &state);
		draws += PHILOX_BENCH_BOUNDED_BATCH;
		cond_resched();
		elapsed = ktime_get_ns() - start;
	} while (elapsed < PHILOX_BENCH_BOUNDED_NS);
	/* The draws are used: the compiler cannot drop them. */
	OPTIMIZER_HIDE_VAR(sink);
	return div64_u64(draws * NSEC_PER_SEC, elapsed);
}

static int philox_bench_bounded_show(struct seq_file *m, void *unused)
{
	unsigned int b, gen;

	for (b = 0; b < ARRAY_SIZE(philox_bench_bounds); b++)
		for (gen = 0; gen < PHILOX_BENCH_N_GENS; gen++)
			seq_printf(m, "%s %u %llu\n",
				   philox_bench_gen_names[gen],
				   philox_bench_bounds[b],
				   philox_bench_bounded_rate(gen,
							     philox_bench_bounds[b]));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(philox_bench_bounded);

/**
 * philox_bench_bounded_create() - add the bounded file to the bench's
 *	debugfs directory
 * @dir: philox_bench/
 */
void philox_bench_bounded_create(struct dentry *dir)
{
	debugfs_create_file("bounded", 0400, dir, NULL,
			    &philox_bench_bounded_fops);
}
