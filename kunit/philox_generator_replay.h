/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The replay of NumPy's Generator vectors (philox_generator_vectors.h,
 * from kunit/gen-generator-vectors.py), shared by the KUnit suite
 * (philox_generator_kunit.c) and the self-test module that the platform
 * VMs load, whose kernels have no KUnit (philox_generator_selftest.c).
 *
 * Each case starts from NumPy's bit_generator.state and replays NumPy's
 * calls op by op: doubles, integers of every dtype, the
 * get_random_u32_below()-style names, random_interval, shuffles of every
 * element size, permutations and bytes, mixed with next_u32, next_u64,
 * fills, advance and jump. Every value must be NumPy's, and after every op
 * the state must be the one NumPy has.
 */
#ifndef _PHILOX_GENERATOR_REPLAY_H
#define _PHILOX_GENERATOR_REPLAY_H

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/philox.h>
#include <linux/string.h>
#include <asm/byteorder.h>

enum philox_gen_kind {
	PHILOX_GEN_RANDOM,
	PHILOX_GEN_INTEGERS,
	PHILOX_GEN_U32_BELOW,
	PHILOX_GEN_U32_ABOVE,
	PHILOX_GEN_U32_INCLUSIVE,
	PHILOX_GEN_U64_BELOW,
	PHILOX_GEN_INTERVAL,
	PHILOX_GEN_SHUFFLE,
	PHILOX_GEN_PERMUTATION_U32,
	PHILOX_GEN_PERMUTATION_U64,
	PHILOX_GEN_BYTES,
	PHILOX_GEN_NEXT_U32,
	PHILOX_GEN_NEXT_U64,
	PHILOX_GEN_FILL,
	PHILOX_GEN_ADVANCE,
	PHILOX_GEN_JUMP,
};

/* NumPy's dtypes of integers(). */
enum philox_gen_dtype {
	PHILOX_GEN_UINT8,
	PHILOX_GEN_UINT16,
	PHILOX_GEN_UINT32,
	PHILOX_GEN_UINT64,
	PHILOX_GEN_INT8,
	PHILOX_GEN_INT16,
	PHILOX_GEN_INT32,
	PHILOX_GEN_INT64,
};

/**
 * struct philox_gen_op - one NumPy call and what NumPy answered
 * @kind: which call
 * @dtype: integers()' dtype
 * @endpoint: integers()' endpoint
 * @single: @n calls of one value each, not one call of @n values
 * @ret: 0, or -EINVAL where NumPy raised ValueError
 * @low: integers()' low, two's complement; the floor of U32_ABOVE and
 *	U32_INCLUSIVE; the low 64 bits of ADVANCE's delta
 * @high: integers()' high; the ceil of the others; the max of INTERVAL;
 *	the high 64 bits of ADVANCE's delta
 * @n: values asked for; elements of SHUFFLE; bytes of BYTES; jumps of JUMP
 * @size: SHUFFLE's element size in bytes
 * @first: the first expected value in philox_gen_values[]
 * @n_values: how many values NumPy gave
 * @counter: NumPy's state after the call: counter,
 * @buffer_pos: buffer_pos,
 * @has_uint32: has_uint32
 * @uinteger: and uinteger
 */
struct philox_gen_op {
	enum philox_gen_kind kind;
	enum philox_gen_dtype dtype;
	bool endpoint;
	bool single;
	int ret;
	u64 low;
	u64 high;
	u32 n;
	u32 size;
	u32 first;
	u32 n_values;
	u64 counter[4];
	unsigned int buffer_pos;
	bool has_uint32;
	u32 uinteger;
};

struct philox_gen_case {
	const char *name;
	struct philox_numpy_state start;
	unsigned int first_op;
	unsigned int n_ops;
	struct philox_numpy_state end;
};

#include "philox_generator_vectors.h"

/* Where one op's draws go before they become u64 values. */
struct philox_gen_scratch {
	u8 raw[PHILOX_GEN_MAX_OP_BYTES];
	u64 got[PHILOX_GEN_MAX_OP_VALUES];
};

static unsigned int dtype_bytes(enum philox_gen_dtype dtype)
{
	return 1U << (dtype & 3);	/* 8, 16, 32, 64 bits, then signed */
}

/* Element i of raw, of the dtype's width, as an unsigned value. */
static u64 load_unsigned(const u8 *raw, size_t i, unsigned int bytes)
{
	u8 v8;
	u16 v16;
	u32 v32;
	u64 v64;

	switch (bytes) {
	case 1:
		memcpy(&v8, raw + i, sizeof(v8));
		return v8;
	case 2:
		memcpy(&v16, raw + 2 * i, sizeof(v16));
		return v16;
	case 4:
		memcpy(&v32, raw + 4 * i, sizeof(v32));
		return v32;
	}
	memcpy(&v64, raw + 8 * i, sizeof(v64));
	return v64;
}

/* One call of philox_integers_*() for the op's dtype, n values into dst. */
static int integers_call(struct philox_rng *rng,
			 const struct philox_gen_op *op, void *dst, size_t n)
{
	s64 low = op->low, high = op->high;

	switch (op->dtype) {
	case PHILOX_GEN_UINT8:
		return philox_integers_u8(rng, op->low, op->high,
					  op->endpoint, dst, n);
	case PHILOX_GEN_UINT16:
		return philox_integers_u16(rng, op->low, op->high,
					   op->endpoint, dst, n);
	case PHILOX_GEN_UINT32:
		return philox_integers_u32(rng, op->low, op->high,
					   op->endpoint, dst, n);
	case PHILOX_GEN_UINT64:
		return philox_integers_u64(rng, op->low, op->high,
					   op->endpoint, dst, n);
	case PHILOX_GEN_INT8:
		return philox_integers_s8(rng, low, high, op->endpoint, dst, n);
	case PHILOX_GEN_INT16:
		return philox_integers_s16(rng, low, high, op->endpoint, dst,
					   n);
	case PHILOX_GEN_INT32:
		return philox_integers_s32(rng, low, high, op->endpoint, dst,
					   n);
	case PHILOX_GEN_INT64:
		return philox_integers_s64(rng, low, high, op->endpoint, dst,
					   n);
	}
	return -EINVAL;	/* no such dtype: the vectors and this disagree */
}

static int run_integers(struct philox_rng *rng, const struct philox_gen_op *op,
			struct philox_gen_scratch *s, unsigned int *n_values)
{
	unsigned int bytes = dtype_bytes(op->dtype);
	size_t i;
	int ret = 0;

	if (op->single) {
		for (i = 0; i < op->n && !ret; i++)
			ret = integers_call(rng, op, s->raw + i * bytes, 1);
	} else {
		ret = integers_call(rng, op, s->raw, op->n);
	}
	if (ret)
		return ret;
	for (i = 0; i < op->n; i++)
		s->got[i] = load_unsigned(s->raw, i, bytes);
	*n_values = op->n;
	return 0;
}

/* Element i of a shuffled array: its index, then bytes that follow it. */
static u8 shuffle_byte(u32 index, unsigned int b)
{
	return b < sizeof(u32) ? index >> (8 * b) : index + 0x5a * b;
}

/* Shuffle elements that tell their index; -EBADMSG if one came apart. */
static int run_shuffle(struct philox_rng *rng, const struct philox_gen_op *op,
		       struct philox_gen_scratch *s)
{
	u32 i, b;

	for (i = 0; i < op->n; i++)
		for (b = 0; b < op->size; b++)
			s->raw[i * op->size + b] = shuffle_byte(i, b);
	philox_shuffle(rng, s->raw, op->n, op->size);
	for (i = 0; i < op->n; i++) {
		const u8 *elem = s->raw + i * op->size;
		u32 index = 0;

		for (b = 0; b < min_t(u32, op->size, sizeof(u32)); b++)
			index |= (u32)elem[b] << (8 * b);
		for (b = 0; b < op->size; b++)
			if (elem[b] != shuffle_byte(index, b))
				return -EBADMSG;
		s->got[i] = index;
	}
	return 0;
}

/* Apply one op; its values go to s->got. Returns its error or 0. */
static int run_op(struct philox_rng *rng, const struct philox_gen_op *op,
		  struct philox_gen_scratch *s, unsigned int *n_values)
{
	u64 delta[4] = { op->low, op->high };
	u32 i;

	*n_values = op->n;
	switch (op->kind) {
	case PHILOX_GEN_RANDOM:
		for (i = 0; i < op->n; i++)
			s->got[i] = philox_next_double_bits(rng);
		break;
	case PHILOX_GEN_INTEGERS:
		return run_integers(rng, op, s, n_values);
	case PHILOX_GEN_U32_BELOW:
		for (i = 0; i < op->n; i++)
			s->got[i] = philox_u32_below(rng, op->high);
		break;
	case PHILOX_GEN_U32_ABOVE:
		for (i = 0; i < op->n; i++)
			s->got[i] = philox_u32_above(rng, op->low);
		break;
	case PHILOX_GEN_U32_INCLUSIVE:
		for (i = 0; i < op->n; i++)
			s->got[i] = philox_u32_inclusive(rng, op->low, op->high);
		break;
	case PHILOX_GEN_U64_BELOW:
		for (i = 0; i < op->n; i++)
			s->got[i] = philox_u64_below(rng, op->high);
		break;
	case PHILOX_GEN_INTERVAL:
		for (i = 0; i < op->n; i++)
			s->got[i] = philox_interval(rng, op->high);
		break;
	case PHILOX_GEN_SHUFFLE:
		return run_shuffle(rng, op, s);
	case PHILOX_GEN_PERMUTATION_U32:
		philox_permutation_u32(rng, (u32 *)s->raw, op->n);
		for (i = 0; i < op->n; i++)
			s->got[i] = load_unsigned(s->raw, i, sizeof(u32));
		break;
	case PHILOX_GEN_PERMUTATION_U64:
		philox_permutation_u64(rng, s->got, op->n);
		break;
	case PHILOX_GEN_BYTES:
		philox_bytes(rng, s->raw, op->n);
		for (i = 0; i < op->n; i++)
			s->got[i] = s->raw[i];
		break;
	case PHILOX_GEN_NEXT_U32:
		for (i = 0; i < op->n; i++)
			s->got[i] = philox_next_u32(rng);
		break;
	case PHILOX_GEN_NEXT_U64:
		for (i = 0; i < op->n; i++)
			s->got[i] = philox_next_u64(rng);
		break;
	case PHILOX_GEN_FILL:
		philox_fill(rng, s->raw, op->n * sizeof(u64));
		for (i = 0; i < op->n; i++) {
			__le64 word;

			memcpy(&word, s->raw + i * sizeof(word), sizeof(word));
			s->got[i] = le64_to_cpu(word);
		}
		break;
	case PHILOX_GEN_ADVANCE:
		philox_advance(rng, delta);
		*n_values = 0;
		break;
	case PHILOX_GEN_JUMP:
		philox_jump(rng, op->n);
		*n_values = 0;
		break;
	}
	return 0;
}

static bool philox_gen_state_equal(const struct philox_numpy_state *a,
				   const struct philox_numpy_state *b)
{
	return !memcmp(a->counter, b->counter, sizeof(a->counter)) &&
	       !memcmp(a->key, b->key, sizeof(a->key)) &&
	       !memcmp(a->buffer, b->buffer, sizeof(a->buffer)) &&
	       a->buffer_pos == b->buffer_pos &&
	       a->has_uint32 == b->has_uint32 && a->uinteger == b->uinteger;
}

/* After op, the parts of NumPy's state the op may change. */
static bool philox_gen_state_after(const struct philox_numpy_state *st,
				   const struct philox_gen_op *op)
{
	return !memcmp(st->counter, op->counter, sizeof(op->counter)) &&
	       st->buffer_pos == op->buffer_pos &&
	       st->has_uint32 == op->has_uint32 &&
	       st->uinteger == op->uinteger;
}

/*
 * Replay case c. Returns 0 if every value and state is NumPy's, else
 * -EBADMSG with what differed first in msg.
 */
static int philox_gen_replay(const struct philox_gen_case *c,
			     struct philox_gen_scratch *s, char *msg,
			     size_t len)
{
	struct philox_numpy_state st;
	struct philox_rng rng;
	unsigned int k;

	if (philox_set_numpy_state(&rng, &c->start)) {
		snprintf(msg, len, "NumPy's start state refused");
		return -EBADMSG;
	}
	for (k = 0; k < c->n_ops; k++) {
		const struct philox_gen_op *op = &philox_gen_ops[c->first_op + k];
		unsigned int i, n_values = 0;
		int ret = run_op(&rng, op, s, &n_values);

		if (ret != op->ret) {
			snprintf(msg, len, "op %u (kind %d): returned %d, NumPy %d",
				 k, op->kind, ret, op->ret);
			return -EBADMSG;
		}
		if (ret)
			n_values = 0;
		if (n_values != op->n_values) {
			snprintf(msg, len, "op %u (kind %d): %u values, NumPy %u",
				 k, op->kind, n_values, op->n_values);
			return -EBADMSG;
		}
		for (i = 0; i < n_values; i++) {
			u64 want = philox_gen_values[op->first + i];

			if (s->got[i] == want)
				continue;
			snprintf(msg, len,
				 "op %u (kind %d, dtype %d), value %u: 0x%llx, NumPy 0x%llx",
				 k, op->kind, op->dtype, i,
				 (unsigned long long)s->got[i],
				 (unsigned long long)want);
			return -EBADMSG;
		}
		if (philox_get_numpy_state(&rng, &st) ||
		    !philox_gen_state_after(&st, op)) {
			snprintf(msg, len,
				 "op %u (kind %d): state is not NumPy's after it",
				 k, op->kind);
			return -EBADMSG;
		}
	}
	if (philox_get_numpy_state(&rng, &st) ||
	    !philox_gen_state_equal(&st, &c->end)) {
		snprintf(msg, len, "the state at the end is not NumPy's");
		return -EBADMSG;
	}
	return 0;
}

#endif /* _PHILOX_GENERATOR_REPLAY_H */
