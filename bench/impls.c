// SPDX-License-Identifier: GPL-2.0
/* The bulk generators of module/ as the host CPU offers them. */
#include <stdbool.h>

#include <linux/philox.h>
#include "philox_internal.h"

/* The usable() functions philox_impls.h names, for the host CPU. */
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

/* The module's rows, every one of x86-64 (compat/ defines CONFIG_X86_64). */
const struct philox_blocks_impl philox_blocks_impls[] = {
#define PHILOX_IMPL(_name, _usable, _generate, _needs_fpu)		\
	{ .name = _name, .usable = _usable, .generate = _generate,	\
	  .needs_fpu = _needs_fpu },
#include "philox_impls.h"
	{}
};
