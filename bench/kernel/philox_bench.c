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
 *	copy	read(2) of up to 1 MiB: copy_to_user() of that many bytes
 *		and nothing else, the other cost that no copying read can
 *		avoid. The source is what /dev/philox copies from, one
 *		4 KiB kmalloc() buffer, copied a piece at a time; reads
 *		never reach an end of file
 *	bounded	read: bounded 32-bit draws per second of philox_u32_below(),
 *		get_random_u32_below() and prandom_u32_state() % n
 *		(philox_bench_bounded.c)
 *
 * A benchmark tool only: it is built by `make bench`, never installed.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/module.h>
#include <linux/philox.h>
#include <linux/sched.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include "philox_bench_bounded.h"

#define PHILOX_BENCH_NS		(400 * NSEC_PER_MSEC)
#define PHILOX_BENCH_MAX	SZ_1M
/* The read buffer of /dev/philox (PHILOX_READ_BUF_BYTES in philox_dev.c). */
#define PHILOX_BENCH_COPY_PIECE	SZ_4K

static struct dentry *philox_bench_dir;
static u64 philox_bench_size = PHILOX_BENCH_MAX;
static void *philox_bench_copy_src;	/* PHILOX_BENCH_COPY_PIECE bytes */

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

/*
 * The copy alone, as a read of /dev/philox copies: pieces of a hot slab
 * buffer, a reschedule point per page. The file position is ignored, so
 * every read is whole.
 */
static ssize_t philox_bench_copy_read(struct file *file, char __user *buf,
				      size_t count, loff_t *ppos)
{
	size_t done = 0;

	count = min_t(size_t, count, PHILOX_BENCH_MAX);
	while (done < count) {
		size_t n = min_t(size_t, count - done, PHILOX_BENCH_COPY_PIECE);
		size_t left = copy_to_user(buf + done, philox_bench_copy_src,
					   n);

		done += n - left;
		if (left)
			break;
		cond_resched();
	}
	return done ? done : -EFAULT;
}

static const struct file_operations philox_bench_copy_fops = {
	.owner	= THIS_MODULE,
	.read	= philox_bench_copy_read,
	.llseek	= noop_llseek,
};

static int __init philox_bench_init(void)
{
	philox_bench_copy_src = kzalloc(PHILOX_BENCH_COPY_PIECE, GFP_KERNEL);
	if (!philox_bench_copy_src)
		return -ENOMEM;
	philox_bench_dir = debugfs_create_dir("philox_bench", NULL);
	debugfs_create_u64("size", 0600, philox_bench_dir, &philox_bench_size);
	debugfs_create_file_unsafe("fill", 0400, philox_bench_dir, NULL,
				   &philox_bench_fill_fops);
	debugfs_create_file("copy", 0400, philox_bench_dir, NULL,
			    &philox_bench_copy_fops);
	philox_bench_bounded_create(philox_bench_dir);
	return 0;
}

static void __exit philox_bench_exit(void)
{
	debugfs_remove_recursive(philox_bench_dir);
	kfree(philox_bench_copy_src);
}

module_init(philox_bench_init);
module_exit(philox_bench_exit);

MODULE_DESCRIPTION("philox_fill() throughput for make bench");
MODULE_LICENSE("GPL");
