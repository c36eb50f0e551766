/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the pieces of philox.ko share with each other but not with the
 * rest of the kernel.
 */
#ifndef _PHILOX_INTERNAL_H
#define _PHILOX_INTERNAL_H

#include <linux/philox.h>
#include <linux/types.h>

/**
 * struct philox_span - a reader's share of a stream, reserved in O(1)
 * @key: the key of the stream
 * @counter: the counter before the first full block; advanced as the
 *	blocks are generated
 * @nblocks: full blocks between the head and the tail
 * @head: bytes taken from the block that was buffered
 * @tail: bytes taken from the block buffered by the reservation
 * @head_len: valid bytes in @head
 * @tail_len: valid bytes in @tail
 * @start_counter: the stream's counter where the span starts
 * @start_pos: the stream's byte position where the span starts
 *
 * The bytes of the span are @head, the @nblocks blocks after @counter,
 * then @tail.
 */
struct philox_span {
	u64 key[PHILOX4X64_KEY_WORDS];
	u64 counter[PHILOX4X64_COUNTER_WORDS];
	size_t nblocks;
	u8 head[PHILOX4X64_BLOCK_SIZE];
	u8 tail[PHILOX4X64_BLOCK_SIZE];
	unsigned int head_len;
	unsigned int tail_len;
	u64 start_counter[PHILOX4X64_COUNTER_WORDS];
	unsigned int start_pos;
};

void philox_set_state(struct philox_rng *rng, const u64 key[2],
		      const u64 counter[4], unsigned int pos);
void philox_reserve(struct philox_rng *rng, size_t len,
		    struct philox_span *span);
void philox_unreserve(struct philox_rng *rng, const struct philox_span *span,
		      size_t used);

void philox_counter_add(u64 ctr[4], const u64 delta[4]);
void philox_counter_add_u64(u64 ctr[4], u64 delta);
void philox_generate_blocks(u64 ctr[4], const u64 key[2], u8 *out,
			    size_t nblocks);

int philox_dev_register(void);
void philox_dev_unregister(void);

#endif /* _PHILOX_INTERNAL_H */
