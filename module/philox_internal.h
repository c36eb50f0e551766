/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the pieces of philox.ko share with each other but not with the
 * rest of the kernel.
 */
#ifndef _PHILOX_INTERNAL_H
#define _PHILOX_INTERNAL_H

#include <linux/types.h>

void philox_counter_add(u64 ctr[4], const u64 delta[4]);
void philox_counter_add_u64(u64 ctr[4], u64 delta);
void philox_generate_blocks(u64 ctr[4], const u64 key[2], u8 *out,
			    size_t nblocks);

#endif /* _PHILOX_INTERNAL_H */
