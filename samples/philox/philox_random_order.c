// SPDX-License-Identifier: GPL-2.0
/*
 * Sample: drm_random's helpers on philox.ko, replayable in Python.
 *
 * drivers/gpu/drm/lib/drm_random.c gives DRM's selftests a random order
 * (drm_random_order(), drm_random_reorder()) and bounded draws
 * (drm_prandom_u32_max_state()) on prandom_u32_state(). Their choices
 * cannot be replayed outside the kernel. The same helpers on a Philox
 * stream are NumPy's Generator: a test that logs its seed can be replayed,
 * choice for choice, by a few lines of Python.
 *
 * Loading this module prints, for the seed given as a parameter, what a
 * test would pick (an order of 10 objects, sizes for 5 allocations, a
 * reordered array) and the NumPy lines that give the same numbers:
 *
 *   insmod philox_sample_order.ko seed=12345
 *   dmesg | grep philox_sample_order
 *
 * samples/philox/replay_random_order.py prints the same lines from NumPy.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/philox.h>
#include <linux/printk.h>
#include <linux/slab.h>

#define SAMPLE_OBJECTS		10
#define SAMPLE_ALLOCATIONS	5
#define SAMPLE_MIN_SIZE		1
#define SAMPLE_MAX_SIZE		4096	/* sizes up to a page, as in a test */

static uint seed = 12345;
module_param(seed, uint, 0444);
MODULE_PARM_DESC(seed, "SeedSequence entropy of the stream (default 12345)");

/*
 * drm_random_order(): 0 .. count - 1 in a random order. Was: fill, then
 * drm_random_reorder() with drm_prandom_u32_max_state(). Now NumPy's
 * Generator.permutation(count).
 */
static u32 *sample_random_order(unsigned int count, struct philox_rng *rng)
{
	u32 *order = kmalloc_array(count, sizeof(*order), GFP_KERNEL);

	if (order)
		philox_permutation_u32(rng, order, count);
	return order;
}

/*
 * drm_random_reorder(): shuffle an existing array in place. Now NumPy's
 * Generator.shuffle(), for elements of any size.
 */
static void sample_random_reorder(u32 *order, unsigned int count,
				  struct philox_rng *rng)
{
	philox_shuffle(rng, order, count, sizeof(*order));
}

/* Print an array on one line, as Python prints a list. */
static void sample_print(const char *what, const u32 *v, unsigned int n)
{
	char line[160];
	unsigned int i;
	int len = 0;

	for (i = 0; i < n && len < sizeof(line); i++)
		len += scnprintf(line + len, sizeof(line) - len, "%s%u",
				 i ? ", " : "", v[i]);
	pr_info("%s: [%s]\n", what, line);
}

static int __init sample_init(void)
{
	u32 sizes[SAMPLE_ALLOCATIONS], *order;
	struct seed_sequence ss;
	struct philox_rng rng;
	unsigned int i;
	int ret;

	ret = seed_sequence_init(&ss, &seed, 1, NULL, 0, 0);
	if (ret)
		return ret;
	philox_seed(&rng, &ss);
	pr_info("replay: rng = numpy.random.Generator(numpy.random.Philox(%s(%u)))\n",
		"numpy.random.SeedSequence", seed);

	order = sample_random_order(SAMPLE_OBJECTS, &rng);
	if (!order)
		return -ENOMEM;
	sample_print("order = rng.permutation(10).tolist()", order,
		     SAMPLE_OBJECTS);

	/*
	 * Was drm_prandom_u32_max_state(max, state) + min. One draw a call:
	 * uint32 draws share nothing, so NumPy's size=5 gives the same.
	 */
	for (i = 0; i < SAMPLE_ALLOCATIONS; i++)
		sizes[i] = philox_u32_inclusive(&rng, SAMPLE_MIN_SIZE,
						SAMPLE_MAX_SIZE);
	sample_print("sizes = rng.integers(1, 4096, 5, numpy.uint32, True).tolist()",
		     sizes, SAMPLE_ALLOCATIONS);

	sample_random_reorder(order, SAMPLE_OBJECTS, &rng);
	sample_print("rng.shuffle(order); order", order, SAMPLE_OBJECTS);
	kfree(order);
	return 0;
}

static void __exit sample_exit(void)
{
}

module_init(sample_init);
module_exit(sample_exit);

MODULE_DESCRIPTION("Sample: drm_random's order and bounded draws on philox.ko");
MODULE_LICENSE("GPL");
