/* SPDX-License-Identifier: GPL-2.0 */
/* Bounded 32-bit draws timed in the kernel (philox_bench_bounded.c). */
#ifndef _PHILOX_BENCH_BOUNDED_H
#define _PHILOX_BENCH_BOUNDED_H

struct dentry;

void philox_bench_bounded_create(struct dentry *dir);

#endif /* _PHILOX_BENCH_BOUNDED_H */
