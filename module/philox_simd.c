// SPDX-License-Identifier: GPL-2.0
/*
 * x86 SIMD paths of philox_generate_blocks(): AVX2 with four blocks per
 * batch and AVX-512 with eight, one block per 64-bit lane.
 *
 * Pure algorithm, like philox_core.c: the caller checks the CPU and owns
 * kernel_fpu_begin()/kernel_fpu_end(). x86 has no 64x64->128 vector
 * multiply, so each Philox multiply is four 32x32->64 pmuludq products.
 * Both widths come from one template, philox_simd_template.h.
 */

#include <linux/philox.h>
#include <asm/byteorder.h>

#include "philox_internal.h"

/* sparse cannot parse GCC's vector extensions: it checks the rest only. */
#ifndef __CHECKER__

typedef s32 philox_v8si __attribute__((vector_size(32)));
typedef s32 philox_v16si __attribute__((vector_size(64)));
typedef s64 philox_v8di __attribute__((vector_size(64)));
typedef u64 philox_v4u64 __attribute__((vector_size(32)));
typedef u64 philox_v8u64 __attribute__((vector_size(64)));

#define PHILOX_SIMD_FN		philox_generate_blocks_avx2
#define PHILOX_SIMD_NAME(x)	philox_avx2_##x
#define PHILOX_SIMD_TARGET	"avx2"
#define PHILOX_SIMD_LANES	4
#define PHILOX_SIMD_EXTRA	8
#define philox_vec		philox_v4u64
#define philox_mul32(a, b) \
	((philox_vec)__builtin_ia32_pmuludq256((philox_v8si)(a), \
					       (philox_v8si)(b)))
#include "philox_simd_template.h"
#undef PHILOX_SIMD_FN
#undef PHILOX_SIMD_NAME
#undef PHILOX_SIMD_TARGET
#undef PHILOX_SIMD_LANES
#undef PHILOX_SIMD_EXTRA
#undef philox_vec
#undef philox_mul32

#define PHILOX_SIMD_FN		philox_generate_blocks_avx512
#define PHILOX_SIMD_NAME(x)	philox_avx512_##x
#define PHILOX_SIMD_TARGET	"avx512f"
#define PHILOX_SIMD_LANES	8
#define PHILOX_SIMD_EXTRA	8
#define philox_vec		philox_v8u64
/*
 * vpmuludq on zmm: GCC has only the masked builtin, clang only the plain
 * one. Generic vector code, (a & 0xffffffff) * (b & 0xffffffff), is one
 * vpmuludq under clang but the full 64-bit multiply emulation under GCC 12.
 */
#ifdef __clang__
#define philox_mul32(a, b) \
	((philox_vec)__builtin_ia32_pmuludq512((philox_v16si)(a), \
					       (philox_v16si)(b)))
#else
#define philox_mul32(a, b) \
	((philox_vec)__builtin_ia32_pmuludq512_mask((philox_v16si)(a), \
						    (philox_v16si)(b), \
						    (philox_v8di) { 0 }, 0xff))
#endif
#include "philox_simd_template.h"

#endif /* __CHECKER__ */
