// SPDX-License-Identifier: GPL-2.0
/*
 * philox.ko: the module's init and exit, which choose the bulk generator
 * (philox_bulk.c) and register the device (philox_dev.c) around the
 * algorithms of philox_core.c and seed_sequence.c.
 */

#include <linux/module.h>

#include "philox_internal.h"

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
