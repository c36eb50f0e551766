// SPDX-License-Identifier: GPL-2.0
/* The bulk generators of module/ as the host CPU offers them. */
#include <stdbool.h>

#include <linux/philox.h>
#include "philox_internal.h"

static bool always(void)
{
	return true;
}

static bool has_avx2(void)
{
	return __builtin_cpu_supports("avx2");
}

static bool has_avx512(void)
{
	return __builtin_cpu_supports("avx512f");
}

const struct philox_blocks_impl philox_blocks_impls[] = {
	{ "scalar", always, philox_generate_blocks, false },
	{ "avx2", has_avx2, philox_generate_blocks_avx2, true },
	{ "avx512", has_avx512, philox_generate_blocks_avx512, true },
	{}
};
