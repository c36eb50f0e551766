// SPDX-License-Identifier: GPL-2.0
/*
 * philox_bench.ko: the in-kernel half of `make bench`.
 *
 * It measures what kernel code gets from the exported generator,
 * philox_fill() into a kernel buffer, so that the VM benchmark can set
 * /dev/philox reads of each size against generating the same bytes in
 * the same boot, with the same bulk implementation.
 *
 * debugfs, under philox_bench/:
 *	size	bytes per philox_fill() call (8 to 1 MiB), written first
 *	fill	read: bytes per second of back-to-back calls of that size
 *		into one 1 MiB buffer, over about PHILOX_BENCH_NS
 *
 * A benchmark tool only: it is built by `make bench`, never installed.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/module.h>
#include <linux/philox.h>
#include <linux/sched.h>
#include <linux/sizes.h>
#include <linux/vmalloc.h>

#define PHILOX_BENCH_NS		(400 * NSEC_PER_MSEC)
#define PHILOX_BENCH_MAX	SZ_1M

static struct dentry *philox_bench_dir;
static u64 philox_bench_size = PHILOX_BENCH_MAX;

/* Bytes per second of philox_fill() calls of philox_bench_size bytes. */
static int philox_bench_fill_get(void *data, u64 *val)
{
	size_t size = philox_bench_size;
	static const u64 key[2] = { 1, 2 };
	static const u64 counter[4];
	struct philox_rng rng;
	u64 start, elapsed, bytes = 0;
	size_t calls, i;
	void *buf;

	if (!size || size > PHILOX_BENCH_MAX)
		return -EINVAL;
	buf = vmalloc(PHILOX_BENCH_MAX);
	if (!buf)
		return -ENOMEM;

	/* About 64 KiB between looks at the clock, so small calls are timed. */
	calls = DIV_ROUND_UP(SZ_64K, size);
	philox_init(&rng, key, counter);
	start = ktime_get_ns();
	do {
		for (i = 0; i < calls; i++)
			philox_fill(&rng, buf, size);
		bytes += calls * size;
		cond_resched();
		elapsed = ktime_get_ns() - start;
	} while (elapsed < PHILOX_BENCH_NS);

	vfree(buf);
	*val = div64_u64(bytes * NSEC_PER_SEC, elapsed);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(philox_bench_fill_fops, philox_bench_fill_get, NULL,
			 "%llu\n");

static int __init philox_bench_init(void)
{
	philox_bench_dir = debugfs_create_dir("philox_bench", NULL);
	debugfs_create_u64("size", 0600, philox_bench_dir, &philox_bench_size);
	debugfs_create_file_unsafe("fill", 0400, philox_bench_dir, NULL,
				   &philox_bench_fill_fops);
	return 0;
}

static void __exit philox_bench_exit(void)
{
	debugfs_remove_recursive(philox_bench_dir);
}

module_init(philox_bench_init);
module_exit(philox_bench_exit);

MODULE_DESCRIPTION("philox_fill() throughput for make bench");
MODULE_LICENSE("GPL");
