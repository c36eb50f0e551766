/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Just enough of the kernel's headers to compile the pure algorithm of
 * module/ that the benchmarks use (philox_core.c, philox_simd.c) in
 * userspace, unchanged. Every compat/linux/ and compat/asm/ header
 * includes this one.
 */
#ifndef _PHILOX_USERSPACE_H
#define _PHILOX_USERSPACE_H

#include <asm/types.h>
#include <endian.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <string.h>

typedef int8_t s8;
typedef int16_t s16;
typedef int s32;
typedef long long s64;
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef uint64_t __le64;

#define CONFIG_ARCH_SUPPORTS_INT128	1
#define CONFIG_X86_64			1	/* bench/ is x86-64 only */
#define EXPORT_SYMBOL_GPL(sym)
#define U64_MAX			0xffffffffffffffffULL
#ifndef __always_inline
#define __always_inline		inline __attribute__((__always_inline__))
#endif
#define __must_check		__attribute__((__warn_unused_result__))
#define min_t(type, a, b)	((type)(a) < (type)(b) ? (type)(a) : (type)(b))
#define cpu_to_le64(x)		htole64(x)
#define le64_to_cpu(x)		le64toh(x)

#endif /* _PHILOX_USERSPACE_H */
