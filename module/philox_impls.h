/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The bulk generators, one row each, portable first:
 *
 *	PHILOX_IMPL(name, usable, generate, needs_fpu)
 *
 * name is what the impl module parameter calls it, usable() whether this
 * CPU has it, generate() philox_generate_blocks() or an equivalent, and
 * needs_fpu whether generate() must run between kernel_fpu_begin() and
 * kernel_fpu_end() (the fields of struct philox_blocks_impl).
 *
 * This is the one list of them: the includer defines PHILOX_IMPL() and
 * the usable() functions, so that the module (philox_bulk.c) checks the
 * kernel's view of the CPU and the native benchmark (bench/impls.c) the
 * host's, and bench/native prints the names for the scripts ("native
 * impls"), instead of anything parsing C source. No include guard, as
 * each includer expands the rows its own way.
 */

#ifndef PHILOX_IMPL
#error "define PHILOX_IMPL(name, usable, generate, needs_fpu) first"
#endif

PHILOX_IMPL("scalar", philox_always_usable, philox_generate_blocks, false)
#ifdef CONFIG_X86_64
PHILOX_IMPL("avx2", philox_has_avx2, philox_generate_blocks_avx2, true)
PHILOX_IMPL("avx512", philox_has_avx512, philox_generate_blocks_avx512, true)
#endif

#undef PHILOX_IMPL
