// SPDX-License-Identifier: GPL-2.0
/* The bulk generators of module/ as the host CPU offers them. */
#include <stdbool.h>

#include <linux/philox.h>
#include "philox_internal.h"

/* The usable() functions the module's table names, for the host CPU. */
static bool philox_always_usable(void)
{
	return true;
}

static bool philox_has_avx2(void)
{
	return __builtin_cpu_supports("avx2");
}

static bool philox_has_avx512(void)
{
	return __builtin_cpu_supports("avx512f");
}

/* The rows are module/philox_bulk.c's, taken by the Makefile. */
const struct philox_blocks_impl philox_blocks_impls[] = {
#include "impls_table.h"
};

/* philox_fill()'s bulk path: userspace has no kernel_fpu_begin(). */
void philox_bulk_generate(u64 ctr[4], const u64 key[2], u8 *out,
			  size_t nblocks)
{
	philox_generate_blocks(ctr, key, out, nblocks);
}
