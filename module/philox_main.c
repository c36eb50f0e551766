// SPDX-License-Identifier: GPL-2.0
/*
 * philox.ko: the module around the pure algorithm in philox_core.c and
 * seed_sequence.c. It owns what needs the rest of the kernel: the kernel
 * RNG for fresh seeds, and the module's init and exit, which register the
 * device of philox_dev.c.
 */

#include <linux/philox.h>
#include <linux/export.h>
#include <linux/module.h>
#include <linux/random.h>

#include "philox_internal.h"

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
	memzero_explicit(entropy, sizeof(entropy));
}
EXPORT_SYMBOL_GPL(seed_sequence_init_random);

static int __init philox_module_init(void)
{
	philox_bulk_select();
	return philox_dev_register();
}

static void __exit philox_module_exit(void)
{
	philox_dev_unregister();
}

module_init(philox_module_init);
module_exit(philox_module_exit);

/* Keep in step with PACKAGE_VERSION in dkms.conf; make check compares them. */
#define PHILOX_VERSION	"1.0.0"

MODULE_DESCRIPTION("/dev/philox: NumPy-exact Philox4x64-10 streams and SeedSequence (not cryptographic)");
MODULE_VERSION(PHILOX_VERSION);
MODULE_AUTHOR("The philox authors");
MODULE_LICENSE("GPL");
