// SPDX-License-Identifier: GPL-2.0
/*
 * philox_gen_selftest.ko: NumPy's Generator vectors replayed at load, for
 * kernels without KUnit, which the platform VMs of make check boot (arm64,
 * armhf, i386, big-endian s390x): Debian builds its kernels without
 * CONFIG_KUNIT, so the KUnit suite cannot run there.
 *
 * It prints one line a case, "ok - NAME" or "not ok - NAME: what
 * differed", and a summary, with the same replay as the KUnit suite
 * (philox_generator_replay.h). Like the modules of kselftest_module.h it
 * fails to load if any case failed, and otherwise stays loaded doing
 * nothing.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/printk.h>
#include <linux/slab.h>

#include "philox_generator_replay.h"

static int __init philox_gen_selftest_init(void)
{
	struct philox_gen_scratch *s = kzalloc(sizeof(*s), GFP_KERNEL);
	unsigned int i, failed = 0;
	char msg[160];

	if (!s)
		return -ENOMEM;
	for (i = 0; i < ARRAY_SIZE(philox_gen_cases); i++) {
		const struct philox_gen_case *c = &philox_gen_cases[i];

		msg[0] = '\0';
		if (philox_gen_replay(c, s, msg, sizeof(msg))) {
			pr_info("not ok - generator: %s: %s\n", c->name, msg);
			failed++;
		} else {
			pr_info("ok - generator: %s\n", c->name);
		}
	}
	pr_info("%zu of %zu cases (%d NumPy values) equal NumPy\n",
		ARRAY_SIZE(philox_gen_cases) - failed,
		ARRAY_SIZE(philox_gen_cases), PHILOX_GEN_N_VALUES);
	kfree(s);
	return failed ? -EINVAL : 0;
}

static void __exit philox_gen_selftest_exit(void)
{
}

module_init(philox_gen_selftest_init);
module_exit(philox_gen_selftest_exit);

MODULE_DESCRIPTION("NumPy's Generator vectors for philox.ko, replayed at load");
MODULE_LICENSE("GPL");
