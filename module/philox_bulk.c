// SPDX-License-Identifier: GPL-2.0
/*
 * Choosing the bulk generator of /dev/philox reads.
 *
 * philox_core.c has a portable bulk generator; on x86-64, philox_simd.c has
 * AVX2 and AVX-512 ones. philox_impls.h lists them once, for this file and
 * for the native benchmark, whose "native impls" gives the scripts their
 * names. At load time every implementation the CPU offers is timed on a
 * few KiB and the fastest is used, as lib/raid6 does, since CPU features
 * alone do not say which is fastest: under qemu, which emulates both,
 * Debian's kernel keeps the scalar code and the KASAN debug kernel AVX2.
 * The impl module parameter shows the choice and can force one.
 *
 * SIMD runs between kernel_fpu_begin() and kernel_fpu_end() for at most
 * PHILOX_FPU_BLOCKS blocks at a time, whoever asks for how many, so
 * preemption is never off for long; where the FPU cannot be used, the
 * scalar code runs instead. The choice and the impl parameter are
 * serialised by a mutex, so a write of impl while the module is loading
 * and timing is never overwritten by the timing's choice.
 *
 * philox_fill(), the exported fill, is here too, so that kernel callers
 * get the speed of reads: it is philox_fill_with(), inline from
 * philox_internal.h, with the bulk path for the full blocks as a direct
 * call. The core never calls this file, as lib/crypto/chacha.c never
 * calls its architectures' glue, and so compiles alone in userspace.
 *
 * This function is exported:
 *
 *	void philox_fill(struct philox_rng *rng, void *buf, size_t len)
 *
 * These functions are called by philox_dev.c and philox_main.c:
 *
 *	void philox_bulk_generate(u64 ctr[4], const u64 key[2], u8 *out,
 *				  size_t nblocks)
 *	void philox_bulk_select(void)
 *	const char *philox_bulk_impl_name(void)
 *
 * philox_bulk_generate() and philox_bulk_select() are also exported to
 * the KUnit suites, and so are these two and the table of generators:
 *
 *	int philox_generate_blocks_with(const char *impl, u64 ctr[4],
 *					const u64 key[2], void *out,
 *					size_t nblocks)
 *	u64 philox_impl_time(const struct philox_blocks_impl *impl, u8 *buf)
 *	const struct philox_blocks_impl philox_blocks_impls[]
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/philox.h>
#include <linux/export.h>
#include <linux/hardirq.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <asm/page.h>
#include <kunit/static_stub.h>
#include <kunit/visibility.h>
#ifdef CONFIG_X86_64
#include <asm/cpufeature.h>
#include <asm/fpu/api.h>
#include <asm/simd.h>
#endif

#include "philox_internal.h"

static bool philox_always_usable(void)
{
	return true;
}

#ifdef CONFIG_X86_64
static bool philox_has_avx2(void)
{
	return boot_cpu_has(X86_FEATURE_AVX2) &&
	       cpu_has_xfeatures(XFEATURE_MASK_SSE | XFEATURE_MASK_YMM, NULL);
}

static bool philox_has_avx512(void)
{
	return boot_cpu_has(X86_FEATURE_AVX512F) &&
	       cpu_has_xfeatures(XFEATURE_MASK_SSE | XFEATURE_MASK_YMM |
				 XFEATURE_MASK_AVX512, NULL);
}
#endif

/* The rows of philox_impls.h, with the usable() functions above. */
const struct philox_blocks_impl philox_blocks_impls[] = {
#define PHILOX_IMPL(_name, _usable, _generate, _needs_fpu)		\
	{ .name = _name, .usable = _usable, .generate = _generate,	\
	  .needs_fpu = _needs_fpu },
#include "philox_impls.h"
	{}
};
EXPORT_SYMBOL_IF_KUNIT(philox_blocks_impls);

static const struct philox_blocks_impl *philox_bulk_impl = philox_blocks_impls;
static bool philox_bulk_forced;	/* impl= named one: do not time at load */
/* philox_bulk_select() ran: until then, "auto" is insmod's impl=auto. */
static bool philox_bulk_selected;
/* Serialises choosing: the timing at load and writes of impl. */
static DEFINE_MUTEX(philox_bulk_choice_lock);

static const struct philox_blocks_impl *philox_impl_by_name(const char *name)
{
	const struct philox_blocks_impl *impl;

	for (impl = philox_blocks_impls; impl->name; impl++)
		if (sysfs_streq(name, impl->name))
			return impl;
	return NULL;
}

/*
 * Blocks per FPU section, 1.5 KiB: a multiple of every batch (8 scalar
 * blocks, 12 for AVX2, 16 for AVX-512), so that no batch is cut short.
 */
#define PHILOX_FPU_BLOCKS	48
/*
 * Fewer blocks than this are less than a batch of AVX-512 (and one AVX2
 * batch), not worth saving the FPU state for: the scalar code takes them.
 */
#define PHILOX_FPU_MIN_BLOCKS	16

static void philox_impl_run(const struct philox_blocks_impl *impl,
			    u64 ctr[4], const u64 key[2], u8 *out,
			    size_t nblocks)
{
	if (!impl->needs_fpu) {
		impl->generate(ctr, key, out, nblocks);
		return;
	}
#ifdef CONFIG_X86_64
	/* philox_fill() may run in an NMI, where may_use_simd() warns. */
	while (nblocks >= PHILOX_FPU_MIN_BLOCKS && !in_nmi() &&
	       may_use_simd()) {
		size_t n = min_t(size_t, nblocks, PHILOX_FPU_BLOCKS);

		kernel_fpu_begin();
		impl->generate(ctr, key, out, n);
		kernel_fpu_end();
		out += n * PHILOX_BLOCK_BYTES;
		nblocks -= n;
	}
#endif
	/* Too few blocks to pay for the FPU, or no FPU here: scalar. */
	philox_generate_blocks(ctr, key, out, nblocks);
}

/*
 * The bulk path of reads and of philox_fill(): the chosen implementation,
 * out 8-byte aligned. A KUnit suite stubs it to see who calls it.
 */
void philox_bulk_generate(u64 ctr[4], const u64 key[2], u8 *out,
			  size_t nblocks)
{
	KUNIT_STATIC_STUB_REDIRECT(philox_bulk_generate, ctr, key, out,
				   nblocks);
	philox_impl_run(READ_ONCE(philox_bulk_impl), ctr, key, out, nblocks);
}
EXPORT_SYMBOL_IF_KUNIT(philox_bulk_generate);

/*
 * The full blocks of a philox_fill(): the bulk path where they land 8-byte
 * aligned, as it needs; the scalar code, which takes any, elsewhere.
 */
static void philox_fill_blocks(u64 ctr[4], const u64 key[2], u8 *out,
			       size_t nblocks)
{
	if (IS_ALIGNED((unsigned long)out, 8))
		philox_bulk_generate(ctr, key, out, nblocks);
	else
		philox_generate_blocks(ctr, key, out, nblocks);
}

/**
 * philox_fill() - take the next bytes of a stream
 * @rng: the stream
 * @buf: where to put them, any alignment
 * @len: how many
 *
 * The bytes are those of NumPy's random_raw() words, little-endian. Fills
 * of any sizes concatenate to the same byte stream. Like random_raw(), a
 * fill leaves a half kept by philox_next_u32() in place: the next
 * philox_next_u32() still returns it.
 *
 * The full blocks of an 8-byte aligned @buf are written by the bulk
 * generator /dev/philox reads use: AVX2 or AVX-512 where it was chosen
 * and the context allows the FPU, for at most PHILOX_FPU_BLOCKS (48) blocks
 * per kernel_fpu_begin(); the scalar code otherwise.
 *
 * Context: any context.
 */
void philox_fill(struct philox_rng *rng, void *buf, size_t len)
{
	philox_fill_with(rng, buf, len, philox_fill_blocks);
}
EXPORT_SYMBOL_GPL(philox_fill);

/**
 * philox_generate_blocks_with() - run one bulk implementation, for tests
 * @impl: "scalar", "avx2" or "avx512"
 * @ctr: the counter; the blocks at @ctr + 1 .. @ctr + @nblocks are written
 *	and @ctr is left at the last of them
 * @key: the key
 * @out: where the blocks go, 8-byte aligned, as little-endian bytes
 * @nblocks: how many blocks
 *
 * Every implementation produces the same bytes; this lets tests check
 * each one the CPU has, whichever reads use.
 *
 * Context: process context.
 * Return: 0; -ENOENT for an unknown @impl; -EOPNOTSUPP if this CPU lacks it.
 */
int philox_generate_blocks_with(const char *impl, u64 ctr[4],
				const u64 key[2], void *out, size_t nblocks)
{
	const struct philox_blocks_impl *found = philox_impl_by_name(impl);

	if (!found)
		return -ENOENT;
	if (!found->usable())
		return -EOPNOTSUPP;
	philox_impl_run(found, ctr, key, out, nblocks);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(philox_generate_blocks_with);

/* Each timing run generates a page, as a read does between its checks. */
#define PHILOX_SELECT_BLOCKS	(PAGE_SIZE / PHILOX_BLOCK_BYTES)
#define PHILOX_SELECT_RUNS	4

/* Nanoseconds for the best of a few runs of one implementation. */
u64 philox_impl_time(const struct philox_blocks_impl *impl, u8 *buf)
{
	static const u64 key[2] = { 1, 2 };
	u64 best = U64_MAX;
	int run;

	KUNIT_STATIC_STUB_REDIRECT(philox_impl_time, impl, buf);

	for (run = 0; run < PHILOX_SELECT_RUNS; run++) {
		u64 ctr[4] = { 0 };
		u64 start = ktime_get_ns();

		philox_impl_run(impl, ctr, key, buf, PHILOX_SELECT_BLOCKS);
		best = min(best, ktime_get_ns() - start);
	}
	return best;
}
EXPORT_SYMBOL_IF_KUNIT(philox_impl_time);

/* Time every usable implementation and keep the fastest; choice lock held. */
static void philox_bulk_time_all(void)
{
	const struct philox_blocks_impl *impl, *best = philox_blocks_impls;
	u64 best_ns = U64_MAX;
	u8 *buf;

	buf = kmalloc(PHILOX_SELECT_BLOCKS * PHILOX_BLOCK_BYTES, GFP_KERNEL);
	if (!buf)
		return;
	for (impl = philox_blocks_impls; impl->name; impl++) {
		u64 ns;

		if (!impl->usable())
			continue;
		ns = philox_impl_time(impl, buf);
		pr_debug("%s: %llu MB/s\n", impl->name,
			 div64_u64((u64)PHILOX_SELECT_BLOCKS *
				   PHILOX_BLOCK_BYTES * 1000, ns ?: 1));
		if (ns < best_ns) {
			best_ns = ns;
			best = impl;
		}
	}
	kfree(buf);
	WRITE_ONCE(philox_bulk_impl, best);
	pr_debug("reads use %s\n", best->name);
}

/* At load: the fastest implementation, unless impl= named one. */
void philox_bulk_select(void)
{
	mutex_lock(&philox_bulk_choice_lock);
	if (!philox_bulk_forced)
		philox_bulk_time_all();
	philox_bulk_selected = true;
	mutex_unlock(&philox_bulk_choice_lock);
}
EXPORT_SYMBOL_IF_KUNIT(philox_bulk_select);

static int philox_impl_set(const char *val, const struct kernel_param *kp)
{
	const struct philox_blocks_impl *impl = NULL;

	if (!sysfs_streq(val, "auto")) {
		impl = philox_impl_by_name(val);
		if (!impl)
			return -EINVAL;
		if (!impl->usable())
			return -EOPNOTSUPP;
	}

	mutex_lock(&philox_bulk_choice_lock);
	philox_bulk_forced = impl;
	/*
	 * "auto" times at once, but not while insmod parses impl=auto: the
	 * module's init times next, in philox_bulk_select(). The module's
	 * state cannot tell, as parse_args() runs in MODULE_STATE_COMING.
	 */
	if (impl)
		WRITE_ONCE(philox_bulk_impl, impl);
	else if (philox_bulk_selected)
		philox_bulk_time_all();
	mutex_unlock(&philox_bulk_choice_lock);
	return 0;
}

/* What reads use now. */
const char *philox_bulk_impl_name(void)
{
	return READ_ONCE(philox_bulk_impl)->name;
}

static int philox_impl_get(char *buffer, const struct kernel_param *kp)
{
	return sysfs_emit(buffer, "%s\n", philox_bulk_impl_name());
}

static const struct kernel_param_ops philox_impl_ops = {
	.set = philox_impl_set,
	.get = philox_impl_get,
};

module_param_cb(impl, &philox_impl_ops, NULL, 0644);
MODULE_PARM_DESC(impl, "bulk generator of reads: auto (the fastest, timed at load) or the name of one this CPU has");
