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
