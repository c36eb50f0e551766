// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suites for philox.ko, through its exported symbols and the
 * internal ones it exports to KUnit only (EXPORT_SYMBOL_IF_KUNIT).
 *
 * Every expected value comes from published vectors (Random123's known
 * answers, NumPy's Philox test set 1, SeedSequence reference outputs) or
 * from NumPy itself, kept in philox_kunit_vectors.h by
 * kunit/gen-kunit-vectors.py; make check regenerates that header and
 * fails if it differs. None is taken from this module's output.
 *
 * Suites:
 * - philox_block: the block function against Random123.
 * - philox_stream: the byte stream against NumPy's test set 1, for draws
 *   of every size and width.
 * - philox_counter: setting, advancing and jumping the counter, with
 *   carries across every word and the wrap at 2^256, against NumPy.
 * - philox_draws: NumPy's next_uint32 and next_uint64 mixed with raw
 *   draws, advance, jump, init and seed, from and to NumPy's state.
 * - philox_spans: how /dev/philox readers share a stream: spans reserved
 *   and given back, inside blocks, across the counter's wrap, and give-backs
 *   refused after another reader or a GET came.
 * - seed_sequence: generate_state, spawn, seeding, and refused arguments.
 * - philox_bulk: every bulk implementation of reads this CPU has (scalar,
 *   AVX2, AVX-512) against NumPy, across counter carries inside a batch;
 *   and a write of the impl parameter while the choice is being timed.
 */

#include <kunit/static_stub.h>
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/fs.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/philox.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "philox_internal.h"

enum philox_op { PHILOX_OP_NONE, PHILOX_OP_ADVANCE, PHILOX_OP_JUMP };

struct philox_kat_vector {
	u64 ctr[4];
	u64 key[2];
	u64 out[4];
};

struct seed_sequence_reference {
	u32 entropy[4];
	u32 state32[4];
	u64 state64[2];
};

struct philox_stream_vector {
	const char *name;
	u64 key[2];
	u64 counter[4];
	unsigned int skip;
	enum philox_op op;
	u64 delta[4];
	u64 jumps;
	u64 out[8];
	u64 counter_after[4];
};

struct seed_sequence_vector {
	const char *name;
	u32 entropy[PHILOX_SEED_MAX_WORDS];
	unsigned int n_entropy;
	u32 spawn_key[PHILOX_SPAWN_MAX_WORDS];
	unsigned int n_spawn_key;
	unsigned int pool_size;
	u32 state32[13];
	u64 state64[7];
	u64 stream[8];
};

struct seed_sequence_spawn_vector {
	const char *name;
	u32 entropy[PHILOX_SEED_MAX_WORDS];
	unsigned int n_entropy;
	u32 spawn_key[PHILOX_SPAWN_MAX_WORDS];
	unsigned int n_spawn_key;
	unsigned int pool_size;
	u32 state32[5][4];
	u64 stream[5][2];
};

struct philox_draw_vector {
	const char *name;
	struct philox_numpy_state start;
	const char *draws;
	u64 out[96];
	unsigned int n_out;
	struct philox_numpy_state end;
};

struct philox_bulk_vector {
	const char *name;
	u64 key[2];
	u64 counter[4];
	u64 out[4 * 24];
};

#include "philox_kunit_vectors.h"

#define TESTSET1_BYTES	(ARRAY_SIZE(numpy_testset1) * sizeof(u64))

/* SeedSequences are 208 bytes: tests that need several take them from the heap. */
static struct seed_sequence *alloc_sequences(struct kunit *test, size_t n)
{
	struct seed_sequence *ss = kunit_kcalloc(test, n, sizeof(*ss),
						 GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ss);
	return ss;
}

/* NumPy's test set 1 as the byte stream: little-endian 64-bit outputs. */
static u8 *testset1_bytes(struct kunit *test)
{
	u8 *bytes = kunit_kmalloc(test, TESTSET1_BYTES, GFP_KERNEL);
	size_t i;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, bytes);
	for (i = 0; i < ARRAY_SIZE(numpy_testset1); i++) {
		__le64 le = cpu_to_le64(numpy_testset1[i]);

		memcpy(bytes + i * sizeof(le), &le, sizeof(le));
	}
	return bytes;
}

/* The stream of Philox(SeedSequence(0xdeadbeaf)), as test set 1 was made. */
static void testset1_rng(struct kunit *test, struct philox_rng *rng)
{
	struct seed_sequence ss;

	KUNIT_ASSERT_EQ(test, 0, seed_sequence_init(&ss, &numpy_testset1_seed,
						    1, NULL, 0, 0));
	philox_seed(rng, &ss);
}

/*********************************************************************
 * philox_block
 *********************************************************************/

KUNIT_ARRAY_PARAM(philox_kat, philox_kat_vectors, NULL);

static void philox_block_known_answer(struct kunit *test)
{
	const struct philox_kat_vector *v = test->param_value;
	u64 out[4];

	philox4x64_10(v->ctr, v->key, out);
	KUNIT_EXPECT_MEMEQ(test, out, v->out, sizeof(out));
}

static void philox_block_output_may_alias_counter(struct kunit *test)
{
	const struct philox_kat_vector *v = &philox_kat_vectors[2];
	u64 x[4];

	memcpy(x, v->ctr, sizeof(x));
	philox4x64_10(x, v->key, x);
	KUNIT_EXPECT_MEMEQ(test, x, v->out, sizeof(x));
}

static struct kunit_case philox_block_cases[] = {
	KUNIT_CASE_PARAM(philox_block_known_answer, philox_kat_gen_params),
	KUNIT_CASE(philox_block_output_may_alias_counter),
	{}
};

static struct kunit_suite philox_block_suite = {
	.name = "philox_block",
	.test_cases = philox_block_cases,
};

/*********************************************************************
 * philox_stream
 *********************************************************************/

static void philox_stream_testset1_u64(struct kunit *test)
{
	struct philox_rng rng;
	size_t i;

	testset1_rng(test, &rng);
	for (i = 0; i < ARRAY_SIZE(numpy_testset1); i++)
		KUNIT_ASSERT_EQ_MSG(test, philox_next_u64(&rng),
				    numpy_testset1[i], "output %zu", i);
}

static void philox_stream_testset1_one_fill(struct kunit *test)
{
	const u8 *expect = testset1_bytes(test);
	u8 *got = kunit_kzalloc(test, TESTSET1_BYTES, GFP_KERNEL);
	struct philox_rng rng;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, got);
	testset1_rng(test, &rng);
	philox_fill(&rng, got, TESTSET1_BYTES);
	KUNIT_EXPECT_MEMEQ(test, got, expect, TESTSET1_BYTES);
}

/* Fills of 1, 2, ..., 100 bytes, each at every offset the last one left. */
static void philox_stream_fills_concatenate(struct kunit *test)
{
	const u8 *expect = testset1_bytes(test);
	u8 *got = kunit_kzalloc(test, TESTSET1_BYTES, GFP_KERNEL);
	struct philox_rng rng;
	size_t len, off = 0;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, got);
	testset1_rng(test, &rng);
	for (len = 1; len <= 100; len++) {
		philox_fill(&rng, got + off, len);
		off += len;
	}
	KUNIT_ASSERT_LE(test, off, TESTSET1_BYTES);
	KUNIT_EXPECT_MEMEQ(test, got, expect, off);
}

static void philox_stream_fill_zero_is_nothing(struct kunit *test)
{
	struct philox_rng rng;
	u8 canary = 0xa5;

	testset1_rng(test, &rng);
	philox_fill(&rng, &canary, 0);
	KUNIT_EXPECT_EQ(test, canary, 0xa5);
	KUNIT_EXPECT_EQ(test, philox_next_u64(&rng), numpy_testset1[0]);
}

static void philox_stream_u32_halves(struct kunit *test)
{
	struct philox_rng rng;
	size_t i;

	testset1_rng(test, &rng);
	for (i = 0; i < ARRAY_SIZE(numpy_testset1); i++) {
		u32 lo = philox_next_u32(&rng);
		u32 hi = philox_next_u32(&rng);

		KUNIT_ASSERT_EQ_MSG(test, lo, lower_32_bits(numpy_testset1[i]),
				    "output %zu", i);
		KUNIT_ASSERT_EQ_MSG(test, hi, upper_32_bits(numpy_testset1[i]),
				    "output %zu", i);
	}
}

/* One odd byte first, then u64s that never sit on a word boundary. */
static void philox_stream_unaligned_u64(struct kunit *test)
{
	const u8 *expect = testset1_bytes(test);
	struct philox_rng rng;
	u8 first;
	int i;

	testset1_rng(test, &rng);
	philox_fill(&rng, &first, 1);
	KUNIT_EXPECT_EQ(test, first, expect[0]);
	for (i = 0; i < 100; i++) {
		__le64 le = cpu_to_le64(philox_next_u64(&rng));

		KUNIT_ASSERT_MEMEQ(test, &le, expect + 1 + i * 8, sizeof(le));
	}
}

static struct kunit_case philox_stream_cases[] = {
	KUNIT_CASE(philox_stream_testset1_u64),
	KUNIT_CASE(philox_stream_testset1_one_fill),
	KUNIT_CASE(philox_stream_fills_concatenate),
	KUNIT_CASE(philox_stream_fill_zero_is_nothing),
	KUNIT_CASE(philox_stream_u32_halves),
	KUNIT_CASE(philox_stream_unaligned_u64),
	{}
};

static struct kunit_suite philox_stream_suite = {
	.name = "philox_stream",
	.test_cases = philox_stream_cases,
};

/*********************************************************************
 * philox_draws
 *********************************************************************/

KUNIT_ARRAY_PARAM_DESC(philox_draw, philox_draw_vectors, name);

/* One draw, as numpy_draw() in gen-kunit-vectors.py; returns outputs. */
static unsigned int philox_draw_one(struct kunit *test, struct philox_rng *rng,
				    char letter, u64 out[2])
{
	static const u64 advance_by[4] = { 3 };
	struct seed_sequence ss;
	__le64 raw[2];

	switch (letter) {
	case '4':
		out[0] = philox_next_u32(rng);
		return 1;
	case '8':
		out[0] = philox_next_u64(rng);
		return 1;
	case 'r':
		philox_fill(rng, raw, sizeof(raw));
		out[0] = le64_to_cpu(raw[0]);
		out[1] = le64_to_cpu(raw[1]);
		return 2;
	case 'a':
		philox_advance(rng, advance_by);
		return 0;
	case 'j':
		philox_jump(rng, 1);
		return 0;
	case 'i':
		philox_init(rng, draw_key, draw_counter);
		return 0;
	case 's':
		KUNIT_ASSERT_EQ(test, 0, seed_sequence_init(&ss, &draw_seed, 1,
							    NULL, 0, 0));
		philox_seed(rng, &ss);
		return 0;
	}
	KUNIT_FAIL(test, "unknown draw '%c'", letter);
	return 0;
}

static void expect_numpy_state(struct kunit *test,
			       const struct philox_numpy_state *got,
			       const struct philox_numpy_state *want)
{
	KUNIT_EXPECT_MEMEQ(test, got->counter, want->counter,
			   sizeof(want->counter));
	KUNIT_EXPECT_MEMEQ(test, got->key, want->key, sizeof(want->key));
	KUNIT_EXPECT_MEMEQ(test, got->buffer, want->buffer,
			   sizeof(want->buffer));
	KUNIT_EXPECT_EQ(test, got->buffer_pos, want->buffer_pos);
	KUNIT_EXPECT_EQ(test, got->has_uint32, want->has_uint32);
	KUNIT_EXPECT_EQ(test, got->uinteger, want->uinteger);
}

/*
 * From NumPy's state, NumPy's draws, to NumPy's state: loading NumPy's
 * state continues NumPy's numbers, and the state saved after them is the
 * one NumPy has, so NumPy would continue ours.
 */
static void philox_draws_match_numpy(struct kunit *test)
{
	const struct philox_draw_vector *v = test->param_value;
	struct philox_numpy_state end;
	struct philox_rng rng;
	unsigned int n = 0;
	const char *d;

	KUNIT_ASSERT_EQ(test, 0, philox_set_numpy_state(&rng, &v->start));
	for (d = v->draws; *d; d++) {
		u64 out[2];
		unsigned int i, k = philox_draw_one(test, &rng, *d, out);

		for (i = 0; i < k; i++, n++) {
			KUNIT_ASSERT_LT(test, n, v->n_out);
			KUNIT_ASSERT_EQ_MSG(test, out[i], v->out[n],
					    "draw %td ('%c')", d - v->draws,
					    *d);
		}
	}
	KUNIT_EXPECT_EQ(test, n, v->n_out);
	KUNIT_ASSERT_EQ(test, 0, philox_get_numpy_state(&rng, &end));
	expect_numpy_state(test, &end, &v->end);
}

/* A fill that ends inside a word leaves a place NumPy has no state for. */
static void philox_numpy_state_needs_word_boundary(struct kunit *test)
{
	struct philox_numpy_state st;
	struct philox_rng rng;
	u8 bytes[5];

	testset1_rng(test, &rng);
	philox_fill(&rng, bytes, 3);
	KUNIT_EXPECT_EQ(test, -EINVAL, philox_get_numpy_state(&rng, &st));
	philox_fill(&rng, bytes, 5);
	KUNIT_ASSERT_EQ(test, 0, philox_get_numpy_state(&rng, &st));
	KUNIT_EXPECT_EQ(test, st.buffer_pos, 1);
	KUNIT_EXPECT_EQ(test, st.buffer[1], numpy_testset1[1]);
}

static void philox_numpy_state_refuses_buffer_pos(struct kunit *test)
{
	struct philox_numpy_state st = { .buffer_pos = 5 };
	struct philox_rng rng;

	testset1_rng(test, &rng);
	KUNIT_EXPECT_EQ(test, -EINVAL, philox_set_numpy_state(&rng, &st));
	KUNIT_EXPECT_EQ(test, philox_next_u64(&rng), numpy_testset1[0]);
}

static struct kunit_case philox_draws_cases[] = {
	KUNIT_CASE_PARAM(philox_draws_match_numpy, philox_draw_gen_params),
	KUNIT_CASE(philox_numpy_state_needs_word_boundary),
	KUNIT_CASE(philox_numpy_state_refuses_buffer_pos),
	{}
};

static struct kunit_suite philox_draws_suite = {
	.name = "philox_draws",
	.test_cases = philox_draws_cases,
};

/*********************************************************************
 * philox_spans
 *********************************************************************/

/**
 * struct philox_span_case - a reservation and its give-back
 * @name: what it checks
 * @wrap: on span_wrap_stream, across the counter's wrap, rather than on
 *	test set 1
 * @start: bytes taken before the reservation
 * @len: bytes reserved
 * @used: bytes the reader used before it gives the rest back
 * @other: bytes another reader reserves before the give-back
 * @touched: whether a GET or an ioctl comes before the give-back
 */
struct philox_span_case {
	const char *name;
	bool wrap;
	size_t start;
	size_t len;
	size_t used;
	size_t other;
	bool touched;
};

static const struct philox_span_case philox_span_cases[] = {
	{ "inside one block", false, 3, 20, 7 },
	{ "starts and ends inside blocks", false, 5, 100, 50 },
	{ "whole blocks, given back at a boundary", false, 0, 96, 64 },
	{ "nothing used", false, 13, 77, 0 },
	{ "all used", false, 13, 77, 77 },
	{ "starts at the end of a block", false, 32, 40, 9 },
	{ "ends at a block boundary", false, 16, 48, 10 },
	{ "a large span", false, 7, 7000, 3333 },
	{ "refused after another reader", false, 5, 100, 50, 24 },
	{ "refused after a GET", false, 5, 100, 50, 0, true },
	{ "nothing used, refused after a GET", false, 0, 64, 0, 0, true },
	{ "across the counter's wrap", true, 40, 150, 70 },
	{ "given back to the wrap", true, 40, 150, 24 },
	{ "across the wrap, refused", true, 40, 150, 70, 10 },
};

KUNIT_ARRAY_PARAM_DESC(philox_span, philox_span_cases, name);

/* The stream a case runs on, as bytes, and a stream at its start. */
static const u8 *span_case_stream(struct kunit *test,
				  const struct philox_span_case *c,
				  struct philox_rng *rng)
{
	u8 *bytes;
	size_t i;

	if (!c->wrap) {
		testset1_rng(test, rng);
		return testset1_bytes(test);
	}
	philox_init(rng, span_wrap_key, span_wrap_counter);
	bytes = kunit_kmalloc(test, sizeof(span_wrap_stream), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, bytes);
	for (i = 0; i < ARRAY_SIZE(span_wrap_stream); i++) {
		__le64 le = cpu_to_le64(span_wrap_stream[i]);

		memcpy(bytes + i * sizeof(le), &le, sizeof(le));
	}
	return bytes;
}

/* A span's bytes, as a reader gets them: head, full blocks, tail. */
static void span_bytes(struct kunit *test, struct philox_span *span, u8 *out)
{
	size_t full = span->nblocks * PHILOX_BLOCK_BYTES;
	u64 *blocks = kunit_kmalloc(test, full + 1, GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, blocks);
	memcpy(out, span->head + span->head_off, span->head_len);
	KUNIT_ASSERT_EQ(test, 0,
			philox_generate_blocks_with("scalar", span->counter,
						    span->key, blocks,
						    span->nblocks));
	memcpy(out + span->head_len, blocks, full);
	memcpy(out + span->head_len + full, span->tail, span->tail_len);
}

static void philox_span_reserve_and_give_back(struct kunit *test)
{
	const struct philox_span_case *c = test->param_value;
	bool refused = c->other || c->touched;
	size_t next = c->start + (refused ? c->len + c->other : c->used);
	struct philox_shared sh = { };
	/* The reader's and another's, on the heap: 2 x 200 bytes. */
	struct philox_span *span, *other;
	const u8 *stream;
	u8 *got;

	stream = span_case_stream(test, c, &sh.rng);
	got = kunit_kmalloc(test, c->len + c->start + 64, GFP_KERNEL);
	span = kunit_kcalloc(test, 2, sizeof(*span), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, got);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, span);
	other = span + 1;

	philox_fill(&sh.rng, got, c->start);
	philox_reserve(&sh, c->len, span);
	KUNIT_EXPECT_EQ(test, span->head_len + span->tail_len +
			span->nblocks * PHILOX_BLOCK_BYTES, c->len);
	span_bytes(test, span, got);
	KUNIT_EXPECT_MEMEQ(test, got, stream + c->start, c->len);

	if (c->other)
		philox_reserve(&sh, c->other, other);
	if (c->touched)
		philox_touch(&sh);
	KUNIT_EXPECT_EQ(test, philox_give_back(&sh, span, c->used), !refused);

	philox_fill(&sh.rng, got, 64);
	KUNIT_EXPECT_MEMEQ_MSG(test, got, stream + next, 64,
			       "the stream goes on at byte %zu", next);
}

static struct kunit_case philox_spans_cases[] = {
	KUNIT_CASE_PARAM(philox_span_reserve_and_give_back,
			 philox_span_gen_params),
	{}
};

static struct kunit_suite philox_spans_suite = {
	.name = "philox_spans",
	.test_cases = philox_spans_cases,
};

/*********************************************************************
 * philox_counter
 *********************************************************************/

KUNIT_ARRAY_PARAM_DESC(philox_stream_vector, philox_stream_vectors, name);

static void philox_counter_matches_numpy(struct kunit *test)
{
	const struct philox_stream_vector *v = test->param_value;
	struct philox_rng rng;
	unsigned int i;

	philox_init(&rng, v->key, v->counter);
	for (i = 0; i < v->skip; i++)
		philox_next_u64(&rng);
	if (v->op == PHILOX_OP_ADVANCE)
		philox_advance(&rng, v->delta);
	else if (v->op == PHILOX_OP_JUMP)
		philox_jump(&rng, v->jumps);

	for (i = 0; i < ARRAY_SIZE(v->out); i++)
		KUNIT_EXPECT_EQ_MSG(test, philox_next_u64(&rng), v->out[i],
				    "output %u", i);
	KUNIT_EXPECT_MEMEQ(test, rng.counter, v->counter_after,
			   sizeof(rng.counter));
	KUNIT_EXPECT_MEMEQ(test, rng.key, v->key, sizeof(rng.key));
}

/* The first block after philox_init() is the block function at counter+1. */
static void philox_counter_first_block_is_next_counter(struct kunit *test)
{
	const struct philox_kat_vector *v = &philox_kat_vectors[2];
	u64 before[4] = { v->ctr[0] - 1, v->ctr[1], v->ctr[2], v->ctr[3] };
	struct philox_rng rng;
	int i;

	KUNIT_ASSERT_NE(test, v->ctr[0], 0);
	philox_init(&rng, v->key, before);
	for (i = 0; i < 4; i++)
		KUNIT_EXPECT_EQ(test, philox_next_u64(&rng), v->out[i]);
	KUNIT_EXPECT_MEMEQ(test, rng.counter, v->ctr, sizeof(rng.counter));
}

/*
 * philox_init() given the stream's own key or counter changes only the
 * other one, as the device's SET_KEY and SET_COUNTER use it.
 */
static void philox_counter_init_from_own_state(struct kunit *test)
{
	const struct philox_stream_vector *v = &philox_stream_vectors[1];
	static const u64 other_key[2] = { 5, 6 }, zero[4];
	struct philox_rng rng;

	KUNIT_ASSERT_EQ(test, v->op, PHILOX_OP_NONE);
	KUNIT_ASSERT_EQ(test, v->skip, 0);
	philox_init(&rng, v->key, zero);
	philox_init(&rng, rng.key, v->counter);
	KUNIT_EXPECT_EQ(test, philox_next_u64(&rng), v->out[0]);

	philox_init(&rng, other_key, v->counter);
	philox_init(&rng, v->key, rng.counter);
	KUNIT_EXPECT_EQ(test, philox_next_u64(&rng), v->out[0]);
}

static struct kunit_case philox_counter_cases[] = {
	KUNIT_CASE_PARAM(philox_counter_matches_numpy,
			 philox_stream_vector_gen_params),
	KUNIT_CASE(philox_counter_first_block_is_next_counter),
	KUNIT_CASE(philox_counter_init_from_own_state),
	{}
};

static struct kunit_suite philox_counter_suite = {
	.name = "philox_counter",
	.test_cases = philox_counter_cases,
};

/*********************************************************************
 * seed_sequence
 *********************************************************************/

KUNIT_ARRAY_PARAM(seed_sequence_reference, seed_sequence_references, NULL);

static void seed_sequence_reference_outputs(struct kunit *test)
{
	const struct seed_sequence_reference *r = test->param_value;
	struct seed_sequence ss;
	u32 state32[4];
	u64 state64[2];

	KUNIT_ASSERT_EQ(test, 0, seed_sequence_init(&ss, r->entropy, 4,
						    NULL, 0, 0));
	seed_sequence_generate_state(&ss, state32, ARRAY_SIZE(state32));
	seed_sequence_generate_state64(&ss, state64, ARRAY_SIZE(state64));
	KUNIT_EXPECT_MEMEQ(test, state32, r->state32, sizeof(state32));
	KUNIT_EXPECT_MEMEQ(test, state64, r->state64, sizeof(state64));
}

KUNIT_ARRAY_PARAM_DESC(seed_sequence_vector, seed_sequence_vectors, name);

static void seed_sequence_init_vector(struct kunit *test,
				      const struct seed_sequence_vector *v,
				      struct seed_sequence *ss)
{
	KUNIT_ASSERT_EQ(test, 0,
			seed_sequence_init(ss, v->entropy, v->n_entropy,
					   v->spawn_key, v->n_spawn_key,
					   v->pool_size));
}

/* Every length is a prefix of the longest, and nothing past it is written. */
static void seed_sequence_generate_state_matches_numpy(struct kunit *test)
{
	const struct seed_sequence_vector *v = test->param_value;
	struct seed_sequence ss;
	u32 out32[ARRAY_SIZE(v->state32) + 1];
	u64 out64[ARRAY_SIZE(v->state64) + 1];
	size_t n;

	seed_sequence_init_vector(test, v, &ss);
	for (n = 0; n <= ARRAY_SIZE(v->state32); n++) {
		memset(out32, 0xa5, sizeof(out32));
		seed_sequence_generate_state(&ss, out32, n);
		KUNIT_EXPECT_MEMEQ_MSG(test, out32, v->state32, n * sizeof(u32),
				       "%zu words", n);
		KUNIT_EXPECT_EQ_MSG(test, out32[n], 0xa5a5a5a5U,
				    "wrote past %zu words", n);
	}
	for (n = 0; n <= ARRAY_SIZE(v->state64); n++) {
		memset(out64, 0xa5, sizeof(out64));
		seed_sequence_generate_state64(&ss, out64, n);
		KUNIT_EXPECT_MEMEQ_MSG(test, out64, v->state64, n * sizeof(u64),
				       "%zu words", n);
		KUNIT_EXPECT_EQ_MSG(test, out64[n], 0xa5a5a5a5a5a5a5a5ULL,
				    "wrote past %zu words", n);
	}
}

static void seed_sequence_philox_stream_matches_numpy(struct kunit *test)
{
	const struct seed_sequence_vector *v = test->param_value;
	static const u64 zero[4];
	struct seed_sequence ss;
	struct philox_rng rng;
	unsigned int i;

	seed_sequence_init_vector(test, v, &ss);
	philox_seed(&rng, &ss);
	KUNIT_EXPECT_MEMEQ(test, rng.counter, zero, sizeof(rng.counter));
	for (i = 0; i < ARRAY_SIZE(v->stream); i++)
		KUNIT_EXPECT_EQ_MSG(test, philox_next_u64(&rng), v->stream[i],
				    "output %u", i);
}

KUNIT_ARRAY_PARAM_DESC(seed_sequence_spawn_vector, seed_sequence_spawn_vectors, name);

/* spawn(3) then spawn(2): indices continue, each child is NumPy's. */
static void seed_sequence_spawn_matches_numpy(struct kunit *test)
{
	const struct seed_sequence_spawn_vector *v = test->param_value;
	struct seed_sequence *parent = alloc_sequences(test, 6);
	struct seed_sequence *kids = parent + 1;
	unsigned int i;

	KUNIT_ASSERT_EQ(test, 0,
			seed_sequence_init(parent, v->entropy, v->n_entropy,
					   v->spawn_key, v->n_spawn_key,
					   v->pool_size));
	KUNIT_ASSERT_EQ(test, 0, seed_sequence_spawn(parent, kids, 3));
	KUNIT_EXPECT_EQ(test, parent->n_children_spawned, 3);
	KUNIT_ASSERT_EQ(test, 0, seed_sequence_spawn(parent, kids + 3, 2));
	KUNIT_EXPECT_EQ(test, parent->n_children_spawned, 5);
	KUNIT_EXPECT_EQ(test, parent->n_spawn_key, v->n_spawn_key);

	for (i = 0; i < ARRAY_SIZE(v->stream); i++) {
		struct philox_rng rng;
		u32 state[4];

		KUNIT_EXPECT_EQ(test, kids[i].n_spawn_key, v->n_spawn_key + 1);
		KUNIT_EXPECT_EQ(test, kids[i].spawn_key[v->n_spawn_key], i);
		KUNIT_EXPECT_EQ(test, kids[i].n_children_spawned, 0);
		seed_sequence_generate_state(&kids[i], state, 4);
		KUNIT_EXPECT_MEMEQ_MSG(test, state, v->state32[i], sizeof(state),
				       "child %u", i);
		philox_seed(&rng, &kids[i]);
		KUNIT_EXPECT_EQ_MSG(test, philox_next_u64(&rng), v->stream[i][0],
				    "child %u", i);
		KUNIT_EXPECT_EQ_MSG(test, philox_next_u64(&rng), v->stream[i][1],
				    "child %u", i);
	}
}

/* A 16-word spawn key cannot grow: -E2BIG, and nothing is written. */
static void seed_sequence_spawn_full_key(struct kunit *test)
{
	static const u32 key[PHILOX_SPAWN_MAX_WORDS];
	struct seed_sequence *ss = alloc_sequences(test, 3);
	struct seed_sequence *parent = &ss[0], *before = &ss[1], *kid = &ss[2];
	u32 entropy = 1;

	KUNIT_ASSERT_EQ(test, 0, seed_sequence_init(parent, &entropy, 1, key,
						    ARRAY_SIZE(key), 0));
	*before = *parent;
	memset(kid, 0x5a, sizeof(*kid));
	KUNIT_EXPECT_EQ(test, seed_sequence_spawn(parent, kid, 1), -E2BIG);
	KUNIT_EXPECT_MEMEQ(test, parent, before, sizeof(*parent));
	KUNIT_EXPECT_EQ(test, kid->n_entropy, 0x5a5a5a5aU);
}

static void seed_sequence_spawn_count_overflow(struct kunit *test)
{
	struct seed_sequence *ss = alloc_sequences(test, 4);
	struct seed_sequence *parent = &ss[0], *before = &ss[1], *kids = &ss[2];
	u32 entropy = 1;

	KUNIT_ASSERT_EQ(test, 0, seed_sequence_init(parent, &entropy, 1,
						    NULL, 0, 0));
	parent->n_children_spawned = U32_MAX - 1;
	*before = *parent;
	KUNIT_EXPECT_EQ(test, seed_sequence_spawn(parent, kids, 2),
			-EOVERFLOW);
	KUNIT_EXPECT_MEMEQ(test, parent, before, sizeof(*parent));
	KUNIT_EXPECT_EQ(test, seed_sequence_spawn(parent, kids, 1), 0);
	KUNIT_EXPECT_EQ(test, kids[0].spawn_key[0], U32_MAX - 1);
	KUNIT_EXPECT_EQ(test, parent->n_children_spawned, U32_MAX);
}

static void seed_sequence_spawn_zero(struct kunit *test)
{
	struct seed_sequence parent, before;
	u32 entropy = 1;

	KUNIT_ASSERT_EQ(test, 0, seed_sequence_init(&parent, &entropy, 1,
						    NULL, 0, 0));
	before = parent;
	KUNIT_EXPECT_EQ(test, seed_sequence_spawn(&parent, NULL, 0), 0);
	KUNIT_EXPECT_MEMEQ(test, &parent, &before, sizeof(parent));
}

/* Out-of-range arguments give -EINVAL and leave the sequence untouched. */
static void seed_sequence_init_refuses_bad_arguments(struct kunit *test)
{
	const unsigned int too_long = PHILOX_SEED_MAX_WORDS + 1;
	const unsigned int key_too_long = PHILOX_SPAWN_MAX_WORDS + 1;
	const unsigned int pool_too_big = PHILOX_POOL_MAX_WORDS + 1;
	u32 words[PHILOX_SEED_MAX_WORDS + 1] = { 1, 2, 3 };
	struct seed_sequence *ss = alloc_sequences(test, 2);
	struct seed_sequence *before = &ss[1];

	memset(ss, 0x77, sizeof(*ss));
	*before = *ss;
	KUNIT_EXPECT_EQ(test, -EINVAL,
			seed_sequence_init(ss, words, too_long, NULL, 0, 0));
	KUNIT_EXPECT_EQ(test, -EINVAL,
			seed_sequence_init(ss, words, 1, words, key_too_long, 0));
	KUNIT_EXPECT_EQ(test, -EINVAL,
			seed_sequence_init(ss, words, 1, NULL, 0, 1));
	KUNIT_EXPECT_EQ(test, -EINVAL,
			seed_sequence_init(ss, words, 1, NULL, 0, 3));
	KUNIT_EXPECT_EQ(test, -EINVAL,
			seed_sequence_init(ss, words, 1, NULL, 0, pool_too_big));
	KUNIT_EXPECT_EQ(test, -EINVAL,
			seed_sequence_init(ss, NULL, 1, NULL, 0, 0));
	KUNIT_EXPECT_EQ(test, -EINVAL,
			seed_sequence_init(ss, words, 1, NULL, 1, 0));
	KUNIT_EXPECT_MEMEQ(test, ss, before, sizeof(*ss));
}

/* The limits themselves are accepted, and 0 means the default pool. */
static void seed_sequence_init_accepts_limits(struct kunit *test)
{
	u32 words[PHILOX_SEED_MAX_WORDS] = { 0 };
	struct seed_sequence ss;

	KUNIT_EXPECT_EQ(test, 0,
			seed_sequence_init(&ss, words, PHILOX_SEED_MAX_WORDS,
					   words, PHILOX_SPAWN_MAX_WORDS,
					   PHILOX_POOL_MAX_WORDS));
	KUNIT_EXPECT_EQ(test, ss.pool_size, PHILOX_POOL_MAX_WORDS);
	KUNIT_EXPECT_EQ(test, seed_sequence_init(&ss, NULL, 0, NULL, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, ss.pool_size, SEED_SEQUENCE_DEFAULT_POOL_SIZE);
	KUNIT_EXPECT_EQ(test, ss.n_children_spawned, 0);
}

/* Four fresh entropy words, default pool; two draws differ. */
static void seed_sequence_init_random_shape(struct kunit *test)
{
	struct seed_sequence a, b;

	seed_sequence_init_random(&a);
	seed_sequence_init_random(&b);
	KUNIT_EXPECT_EQ(test, a.n_entropy, 4);
	KUNIT_EXPECT_EQ(test, a.n_spawn_key, 0);
	KUNIT_EXPECT_EQ(test, a.pool_size, SEED_SEQUENCE_DEFAULT_POOL_SIZE);
	KUNIT_EXPECT_MEMNEQ(test, a.entropy, b.entropy, 4 * sizeof(u32));
}

static struct kunit_case seed_sequence_cases[] = {
	KUNIT_CASE_PARAM(seed_sequence_reference_outputs,
			 seed_sequence_reference_gen_params),
	KUNIT_CASE_PARAM(seed_sequence_generate_state_matches_numpy,
			 seed_sequence_vector_gen_params),
	KUNIT_CASE_PARAM(seed_sequence_philox_stream_matches_numpy,
			 seed_sequence_vector_gen_params),
	KUNIT_CASE_PARAM(seed_sequence_spawn_matches_numpy,
			 seed_sequence_spawn_vector_gen_params),
	KUNIT_CASE(seed_sequence_spawn_full_key),
	KUNIT_CASE(seed_sequence_spawn_count_overflow),
	KUNIT_CASE(seed_sequence_spawn_zero),
	KUNIT_CASE(seed_sequence_init_refuses_bad_arguments),
	KUNIT_CASE(seed_sequence_init_accepts_limits),
	KUNIT_CASE(seed_sequence_init_random_shape),
	{}
};

static struct kunit_suite seed_sequence_suite = {
	.name = "seed_sequence",
	.test_cases = seed_sequence_cases,
};

/*********************************************************************
 * philox_bulk
 *********************************************************************/

/* out = in + n modulo 2^256, the counter after n blocks. */
static void counter_plus(u64 out[4], const u64 in[4], u64 n)
{
	u64 carry = n;
	int w;

	for (w = 0; w < 4; w++) {
		out[w] = in[w] + carry;
		carry = out[w] < carry;
	}
}

/* Every implementation the module has, usable here or not. */
static const void *philox_bulk_impl_gen_params(const void *prev, char *desc)
{
	const struct philox_blocks_impl *impl = prev;

	impl = impl ? impl + 1 : philox_blocks_impls;
	if (!impl->name)
		return NULL;
	strscpy(desc, impl->name, KUNIT_PARAM_DESC_SIZE);
	return impl;
}

/* The bulk path itself on the first blocks of NumPy's test set 1. */
static void philox_bulk_testset1(struct kunit *test)
{
	const char *impl = ((const struct philox_blocks_impl *)test->param_value)->name;
	const size_t nblocks = TESTSET1_BYTES / PHILOX_BLOCK_BYTES;
	const u8 *expect = testset1_bytes(test);
	u8 *got = kunit_kzalloc(test, TESTSET1_BYTES, GFP_KERNEL);
	struct philox_rng rng;
	int ret;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, got);
	testset1_rng(test, &rng);
	ret = philox_generate_blocks_with(impl, rng.counter, rng.key, got,
					  nblocks);
	if (ret == -EOPNOTSUPP)
		kunit_skip(test, "%s: not on this CPU", impl);
	KUNIT_ASSERT_EQ(test, ret, 0);
	KUNIT_EXPECT_MEMEQ(test, got, expect, TESTSET1_BYTES);
	KUNIT_EXPECT_EQ(test, rng.counter[0], nblocks);
}

/* Every vector, at every length up to 24 blocks, and the counter after. */
static void philox_bulk_carries(struct kunit *test)
{
	const char *impl = ((const struct philox_blocks_impl *)test->param_value)->name;
	const size_t max_blocks = ARRAY_SIZE(philox_bulk_vectors[0].out) / 4;
	__le64 *got = kunit_kcalloc(test, 4 * max_blocks, sizeof(*got),
				    GFP_KERNEL);
	size_t i, n, w;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, got);
	for (i = 0; i < ARRAY_SIZE(philox_bulk_vectors); i++) {
		const struct philox_bulk_vector *v = &philox_bulk_vectors[i];

		for (n = 1; n <= max_blocks; n++) {
			u64 ctr[4], want_ctr[4];
			int ret;

			memcpy(ctr, v->counter, sizeof(ctr));
			counter_plus(want_ctr, v->counter, n);
			ret = philox_generate_blocks_with(impl, ctr, v->key,
							  got, n);
			if (ret == -EOPNOTSUPP)
				kunit_skip(test, "%s: not on this CPU", impl);
			KUNIT_ASSERT_EQ(test, ret, 0);
			for (w = 0; w < 4 * n; w++)
				KUNIT_ASSERT_EQ_MSG(test, le64_to_cpu(got[w]),
						    v->out[w],
						    "%s, %zu blocks, word %zu",
						    v->name, n, w);
			KUNIT_EXPECT_MEMEQ_MSG(test, ctr, want_ctr, sizeof(ctr),
					       "%s, %zu blocks", v->name, n);
		}
	}
}

static void philox_bulk_unknown_impl(struct kunit *test)
{
	u64 ctr[4] = { 0 }, key[2] = { 0 };
	u8 out[PHILOX_BLOCK_BYTES];

	KUNIT_EXPECT_EQ(test, philox_generate_blocks_with("sse9", ctr, key,
							  out, 1), -ENOENT);
}

#define IMPL_PARAM	"/sys/module/philox/parameters/impl"

/* The impl parameter as userspace writes it, through sysfs. */
static ssize_t impl_param_write(const char *name)
{
	struct file *f = filp_open(IMPL_PARAM, O_WRONLY, 0);
	loff_t pos = 0;
	ssize_t ret;

	if (IS_ERR(f))
		return PTR_ERR(f);
	ret = kernel_write(f, name, strlen(name), &pos);
	filp_close(f, NULL);
	return ret;
}

static ssize_t impl_param_read(char *buf, size_t len)
{
	struct file *f = filp_open(IMPL_PARAM, O_RDONLY, 0);
	loff_t pos = 0;
	ssize_t ret;

	if (IS_ERR(f))
		return PTR_ERR(f);
	ret = kernel_read(f, buf, len, &pos);
	filp_close(f, NULL);
	return ret;
}

struct impl_writer {
	char name[16];
	struct completion done;
	ssize_t ret;
};

static int impl_writer_main(void *arg)
{
	struct impl_writer *w = arg;

	w->ret = impl_param_write(w->name);
	complete_all(&w->done);	/* for the stub and the test alike */
	return 0;
}

/* Set by the test for its stub of philox_impl_time(). */
static struct impl_writer *impl_race_writer;
static const struct philox_blocks_impl *impl_race_fastest;

/*
 * The timing at load, stubbed: a write of impl starts while it runs, and
 * it says impl_race_fastest is fastest. Without the choice lock the write
 * finishes here and the choice overwrites it; with the lock it waits.
 */
static u64 impl_time_while_written(const struct philox_blocks_impl *impl,
				   u8 *buf)
{
	struct impl_writer *w = impl_race_writer;

	if (w) {
		impl_race_writer = NULL;
		if (!IS_ERR(kthread_run(impl_writer_main, w, "philox-impl")))
			wait_for_completion_timeout(&w->done,
						    msecs_to_jiffies(200));
	}
	return impl == impl_race_fastest ? 1 : 1000;
}

static void philox_bulk_impl_written_during_choice(struct kunit *test)
{
	const struct philox_blocks_impl *written = philox_blocks_impls;
	struct impl_writer *w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);
	char shown[16] = "", want[16];

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, w);
	/* The timing is to choose another than the one written meanwhile. */
	for (impl_race_fastest = written + 1; impl_race_fastest->name &&
	     !impl_race_fastest->usable(); impl_race_fastest++)
		;
	if (!impl_race_fastest->name)
		kunit_skip(test, "%s is the only implementation here",
			   written->name);
	KUNIT_ASSERT_EQ(test, impl_param_write("auto"), 4);

	strscpy(w->name, written->name, sizeof(w->name));
	init_completion(&w->done);
	impl_race_writer = w;
	kunit_activate_static_stub(test, philox_impl_time,
				   impl_time_while_written);
	philox_bulk_select();
	KUNIT_ASSERT_NE(test, 0,
			wait_for_completion_timeout(&w->done, 10 * HZ));
	kunit_deactivate_static_stub(test, philox_impl_time);

	KUNIT_EXPECT_EQ(test, w->ret, (ssize_t)strlen(written->name));
	KUNIT_EXPECT_GT(test, impl_param_read(shown, sizeof(shown) - 1), 0);
	snprintf(want, sizeof(want), "%s\n", written->name);
	KUNIT_EXPECT_STREQ(test, shown, want);
	KUNIT_EXPECT_EQ(test, impl_param_write("auto"), 4);
}

/* philox_bulk_generate() stubbed: counts the blocks, writes them scalar. */
static size_t bulk_blocks_seen;

static void bulk_generate_counted(u64 ctr[4], const u64 key[2], u8 *out,
				  size_t nblocks)
{
	bulk_blocks_seen += nblocks;
	philox_generate_blocks_with("scalar", ctr, key, out, nblocks);
}

/*
 * philox_fill() gives its full blocks to the bulk path, the one reads use,
 * when the buffer is 8-byte aligned; otherwise the scalar code writes them.
 */
static void philox_bulk_takes_aligned_fills(struct kunit *test)
{
	const size_t nblocks = TESTSET1_BYTES / PHILOX_BLOCK_BYTES;
	const u8 *expect = testset1_bytes(test);
	u8 *got = kunit_kzalloc(test, TESTSET1_BYTES + 1, GFP_KERNEL);
	struct philox_rng rng;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, got);
	bulk_blocks_seen = 0;
	kunit_activate_static_stub(test, philox_bulk_generate,
				   bulk_generate_counted);

	testset1_rng(test, &rng);
	philox_fill(&rng, got, TESTSET1_BYTES);
	KUNIT_EXPECT_EQ(test, bulk_blocks_seen, nblocks);
	KUNIT_EXPECT_MEMEQ(test, got, expect, TESTSET1_BYTES);

	bulk_blocks_seen = 0;
	testset1_rng(test, &rng);
	philox_fill(&rng, got + 1, TESTSET1_BYTES);
	KUNIT_EXPECT_EQ(test, bulk_blocks_seen, 0);
	KUNIT_EXPECT_MEMEQ(test, got + 1, expect, TESTSET1_BYTES);
}

static struct kunit_case philox_bulk_cases[] = {
	KUNIT_CASE_PARAM(philox_bulk_testset1, philox_bulk_impl_gen_params),
	KUNIT_CASE_PARAM(philox_bulk_carries, philox_bulk_impl_gen_params),
	KUNIT_CASE(philox_bulk_unknown_impl),
	KUNIT_CASE(philox_bulk_impl_written_during_choice),
	KUNIT_CASE(philox_bulk_takes_aligned_fills),
	{}
};

static struct kunit_suite philox_bulk_suite = {
	.name = "philox_bulk",
	.test_cases = philox_bulk_cases,
};

kunit_test_suites(&philox_block_suite, &philox_stream_suite,
		  &philox_draws_suite, &philox_counter_suite,
		  &philox_spans_suite, &seed_sequence_suite,
		  &philox_bulk_suite);

MODULE_DESCRIPTION("KUnit tests for philox.ko against Random123 and NumPy");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
MODULE_LICENSE("GPL");
