// SPDX-License-Identifier: GPL-2.0
/*
 * Every ioctl of /dev/philox and every error it can return, against the
 * values NumPy computed in gen-expected.py (ioctl_expected.h).
 *
 * A failed ioctl must change nothing, so each failure is provoked on a
 * file in a known state (a baseline: a SeedSequence or a bare key, a
 * spawned child, 7 bytes read) and the whole state is checked after it:
 * GET_SEED, GET_STATE and the next bytes of the stream.
 */

#include "philox_helpers.h"
/*
 * TCGETS, as isatty() sends it: on powerpc its number holds the size of
 * the kernel's struct termios, which only this header defines (glibc's
 * in <termios.h> is bigger there, and would give another number).
 */
#include <asm/termbits.h>
#include "ioctl_expected.h"

/* The state GET_STATE reports right after SEED: counter 0, nothing read. */
static void seeded_state(struct philox_state *s, const struct philox_key *k)
{
	memset(s, 0, sizeof(*s));
	memcpy(s->key, k->key, sizeof(s->key));
	s->buffer_pos = PHILOX_BLOCK_BYTES;
}

/* A state of counter c and key k, at a buffer_pos, with flags. */
static void make_state(struct philox_state *s, const struct philox_counter *c,
		       const struct philox_key *k, __u32 pos, __u32 flags)
{
	memset(s, 0, sizeof(*s));
	memcpy(s->counter, c->counter, sizeof(s->counter));
	memcpy(s->key, k->key, sizeof(s->key));
	s->buffer_pos = pos;
	s->flags = flags;
}

/* One open file, closed after the test. */
FIXTURE(dev) {
	int fd;
};

FIXTURE_SETUP(dev)
{
	self->fd = dev_open(_metadata);
}

FIXTURE_TEARDOWN(dev)
{
	close(self->fd);
}

/* SEED with the seed of a case: GET_SEED, GET_KEY, GET_STATE, the stream. */
FIXTURE(seed_case) {
	int fd;
};

FIXTURE_VARIANT(seed_case) {
	const struct philox_seed *seed, *get;
	const struct philox_key *key;
	const __u8 *stream;	/* 256 bytes */
};

#define SEED_CASE(name) { \
	.seed = &name##_seed, .get = &name##_get, .key = &name##_key, \
	.stream = name##_stream, \
}

/* 5 entropy words, spawn key (3, 7), pool 8 */
FIXTURE_VARIANT_ADD(seed_case, s1) SEED_CASE(s1);
/* pool_size 0, reported as 4 */
FIXTURE_VARIANT_ADD(seed_case, pool0) SEED_CASE(pool0);
/* 32 entropy words, 16-word spawn key, pool 64 */
FIXTURE_VARIANT_ADD(seed_case, max) SEED_CASE(max);
FIXTURE_VARIANT_ADD(seed_case, empty) SEED_CASE(empty);
/* no entropy, spawn key (1, 2), pool 0 */
FIXTURE_VARIANT_ADD(seed_case, emptyspawn) SEED_CASE(emptyspawn);
/* 32 entropy words, pool 4 */
FIXTURE_VARIANT_ADD(seed_case, big4) SEED_CASE(big4);
/* one entropy word 0 */
FIXTURE_VARIANT_ADD(seed_case, zero) SEED_CASE(zero);
/* n_children_spawned 5 */
FIXTURE_VARIANT_ADD(seed_case, children5) SEED_CASE(children5);
FIXTURE_VARIANT_ADD(seed_case, spawn15) SEED_CASE(spawn15);
/* the first child of s1 */
FIXTURE_VARIANT_ADD(seed_case, child0) SEED_CASE(child0);
/* a child with a 16-word spawn key */
FIXTURE_VARIANT_ADD(seed_case, spawn16) SEED_CASE(spawn16);

FIXTURE_SETUP(seed_case)
{
	self->fd = dev_open(_metadata);
}

FIXTURE_TEARDOWN(seed_case)
{
	close(self->fd);
}

TEST_F(seed_case, get_seed_key_state_and_stream_match_numpy)
{
	struct philox_state state;

	seeded_state(&state, variant->key);
	ASSERT_TRUE(ioctl_ok(_metadata, self->fd, PHILOX_IOC_SEED,
			     variant->seed, "SEED"));
	expect_get_seed(_metadata, self->fd, variant->get, "GET_SEED");
	expect_get_key(_metadata, self->fd, variant->key, "GET_KEY");
	expect_get_state(_metadata, self->fd, &state, "GET_STATE");
	read_expect(_metadata, self->fd, variant->stream, 256, "stream");
}

/* Words past n_entropy and n_spawn_key are not part of the seed. */
TEST_F(dev, seed_ignores_unused_words)
{
	struct philox_seed seed = s1_seed;
	unsigned int i;

	for (i = seed.n_entropy; i < PHILOX_SEED_MAX_WORDS; i++)
		seed.entropy[i] = 0xdeadbeef + i;
	for (i = seed.n_spawn_key; i < PHILOX_SPAWN_MAX_WORDS; i++)
		seed.spawn_key[i] = 0xcafe0000 + i;
	ASSERT_TRUE(ioctl_ok(_metadata, self->fd, PHILOX_IOC_SEED, &seed,
			     "SEED"));
	expect_get_seed(_metadata, self->fd, &s1_get, "GET_SEED");
	read_expect(_metadata, self->fd, s1_stream, 64, "stream");
}

/* SEED drops the buffer, restarts at counter 0, replaces SET_KEY's key. */
TEST_F(dev, seed_restarts_stream)
{
	__u8 buf[5];
	int fd = self->fd;

	ioctl_ok(_metadata, fd, PHILOX_IOC_SEED, &s1_seed, "first SEED");
	read_all(_metadata, fd, buf, sizeof(buf), "5 bytes");
	ioctl_ok(_metadata, fd, PHILOX_IOC_SET_KEY, &k1_key, "SET_KEY");
	read_all(_metadata, fd, buf, sizeof(buf), "5 bytes after SET_KEY");
	ioctl_ok(_metadata, fd, PHILOX_IOC_SEED, &s1_seed, "second SEED");
	expect_get_seed(_metadata, fd, &s1_get, "GET_SEED");
	read_expect(_metadata, fd, s1_stream, 64, "stream after second SEED");
}

/* Three SPAWNs are SeedSequence.spawn(3); the parent counts them. */
TEST_F(dev, spawn_three_children)
{
	const struct philox_seed *want[] = {
		&s1_child0, &s1_child1, &s1_child2
	};
	struct philox_seed child;
	unsigned int i;

	ioctl_ok(_metadata, self->fd, PHILOX_IOC_SEED, &s1_seed, "SEED");
	for (i = 0; i < ARRAY_SIZE(want); i++)
		if (ioctl_ok(_metadata, self->fd, PHILOX_IOC_SPAWN, &child,
			     "SPAWN"))
			expect_seed(_metadata, &child, want[i], "child");
	expect_get_seed(_metadata, self->fd, &s1_get3,
			"GET_SEED after 3 SPAWNs");
}

/* SPAWN hands out a seed; the file's own stream goes on untouched. */
TEST_F(dev, spawn_keeps_stream)
{
	struct philox_state before, after;
	struct philox_seed child;
	__u8 buf[7];
	int fd = self->fd;

	ioctl_ok(_metadata, fd, PHILOX_IOC_SEED, &s1_seed, "SEED");
	read_all(_metadata, fd, buf, sizeof(buf), "7 bytes");
	expect_mem(_metadata, buf, s1_stream, sizeof(buf), "7 bytes");
	get_state(_metadata, fd, &before, "GET_STATE before SPAWN");
	ioctl_ok(_metadata, fd, PHILOX_IOC_SPAWN, &child, "SPAWN");
	get_state(_metadata, fd, &after, "GET_STATE after SPAWN");
	expect_state(_metadata, &after, &before, "GET_STATE after SPAWN");
	read_expect(_metadata, fd, s1_stream + 7, 64 - 7, "stream after SPAWN");
}

/* A child seeded into the device: its stream and its child match NumPy. */
TEST_F(dev, spawned_child_seeds_and_spawns)
{
	struct philox_seed child;
	int fd = self->fd;

	ioctl_ok(_metadata, fd, PHILOX_IOC_SEED, &s1_seed, "SEED s1");
	ASSERT_TRUE(ioctl_ok(_metadata, fd, PHILOX_IOC_SPAWN, &child, "SPAWN"));
	ASSERT_TRUE(expect_seed(_metadata, &child, &child0_get, "child"));
	ASSERT_TRUE(ioctl_ok(_metadata, fd, PHILOX_IOC_SEED, &child,
			     "SEED child"));
	expect_get_seed(_metadata, fd, &child0_get, "GET_SEED of the child");
	read_expect(_metadata, fd, child0_stream, 64, "child's stream");
	if (ioctl_ok(_metadata, fd, PHILOX_IOC_SPAWN, &child,
		     "SPAWN grandchild"))
		expect_seed(_metadata, &child, &child0_child0, "grandchild");
}

/* SEED takes n_children_spawned as given: the next child is key + (5,). */
TEST_F(dev, spawn_after_children5)
{
	struct philox_seed child;

	ioctl_ok(_metadata, self->fd, PHILOX_IOC_SEED, &children5_seed, "SEED");
	if (ioctl_ok(_metadata, self->fd, PHILOX_IOC_SPAWN, &child, "SPAWN"))
		expect_seed(_metadata, &child, &children5_child, "child");
	expect_get_seed(_metadata, self->fd, &children5_get1,
			"GET_SEED after SPAWN");
}

/* SPAWN of a 15-word spawn key gives a 16-word one. */
TEST_F(dev, spawn_of_15_word_spawn_key)
{
	struct philox_seed child;

	ioctl_ok(_metadata, self->fd, PHILOX_IOC_SEED, &spawn15_seed, "SEED");
	if (ioctl_ok(_metadata, self->fd, PHILOX_IOC_SPAWN, &child, "SPAWN"))
		expect_seed(_metadata, &child, &spawn16_get, "child");
}

/* SET_COUNTER, ADVANCE and JUMP move the counter, not the SeedSequence. */
TEST_F(dev, counter_moves_keep_seed_sequence)
{
	struct philox_seed child;
	__u64 n = 3;
	int fd = self->fd;

	ioctl_ok(_metadata, fd, PHILOX_IOC_SEED, &s1_seed, "SEED");
	ioctl_ok(_metadata, fd, PHILOX_IOC_SET_COUNTER, &k1_counter,
		 "SET_COUNTER");
	ioctl_ok(_metadata, fd, PHILOX_IOC_ADVANCE, &k1_counter, "ADVANCE");
	ioctl_ok(_metadata, fd, PHILOX_IOC_JUMP, &n, "JUMP");
	expect_get_seed(_metadata, fd, &s1_get, "GET_SEED");
	if (ioctl_ok(_metadata, fd, PHILOX_IOC_SPAWN, &child, "SPAWN"))
		expect_seed(_metadata, &child, &s1_child0, "child");
}

/* SET_KEY: the counter stays, the buffered block goes, GET_KEY returns it. */
TEST_F(dev, set_key_keeps_counter_drops_buffer)
{
	int fd = self->fd;

	set_key_counter(_metadata, fd, &setkey_ka, &setkey_counter);
	expect_get_key(_metadata, fd, &setkey_ka, "GET_KEY after first SET_KEY");
	read_expect(_metadata, fd, setkey_first5, 5, "5 bytes");
	ioctl_ok(_metadata, fd, PHILOX_IOC_SET_KEY, &setkey_kb,
		 "second SET_KEY");
	expect_get_key(_metadata, fd, &setkey_kb,
		       "GET_KEY after second SET_KEY");
	expect_get_state(_metadata, fd, &setkey_state, "GET_STATE");
	read_expect(_metadata, fd, setkey_after, 64, "stream after SET_KEY");
}

/* SET_COUNTER: GET_COUNTER returns it, reads are Philox(key=, counter=). */
TEST_F(dev, set_counter_get_counter_and_stream)
{
	set_key_counter(_metadata, self->fd, &k1_key, &k1_counter);
	expect_get_counter(_metadata, self->fd, k1_counter.counter,
			   "GET_COUNTER");
	read_expect(_metadata, self->fd, k1_stream, 64, "stream");
}

TEST_F(dev, set_counter_drops_buffered_block)
{
	__u8 buf[5];

	set_key_counter(_metadata, self->fd, &k1_key, &k1_counter);
	read_all(_metadata, self->fd, buf, sizeof(buf), "5 bytes");
	ioctl_ok(_metadata, self->fd, PHILOX_IOC_SET_COUNTER, &k1_counter,
		 "SET_COUNTER again");
	read_expect(_metadata, self->fd, k1_stream, 64,
		    "stream after SET_COUNTER");
}

/* SET_COUNTER 2^256 - 1: the next block is block 0. */
TEST_F(dev, set_counter_wraps)
{
	set_key_counter(_metadata, self->fd, &k1_key, &wrap_counter);
	read_expect(_metadata, self->fd, wrap_stream, 64, "stream");
}

/* GET_STATE and GET_COUNTER name the block last produced. */
FIXTURE(state_after_read) {
	int fd;
};

FIXTURE_VARIANT(state_after_read) {
	size_t len;
	const struct philox_state *state;
};

FIXTURE_VARIANT_ADD(state_after_read, bytes_5) { 5, &k1_state5 };
FIXTURE_VARIANT_ADD(state_after_read, bytes_32) { 32, &k1_state32 };
FIXTURE_VARIANT_ADD(state_after_read, bytes_37) { 37, &k1_state37 };

FIXTURE_SETUP(state_after_read)
{
	self->fd = dev_open(_metadata);
}

FIXTURE_TEARDOWN(state_after_read)
{
	close(self->fd);
}

TEST_F(state_after_read, get_state_and_get_counter)
{
	__u8 buf[64];

	set_key_counter(_metadata, self->fd, &k1_key, &k1_counter);
	read_all(_metadata, self->fd, buf, variant->len, "read");
	expect_get_state(_metadata, self->fd, variant->state, "GET_STATE");
	expect_get_counter(_metadata, self->fd, variant->state->counter,
			   "GET_COUNTER");
}

/*
 * ADVANCE or JUMP after 5 bytes read, against NumPy's advance() or
 * jumped(): counter, buffer and stream.
 */
FIXTURE(move) {
	int fd;
};

FIXTURE_VARIANT(move) {
	const struct philox_counter *delta;	/* ADVANCE; NULL for JUMP */
	const __u64 *n;				/* JUMP */
	const struct philox_counter *counter, *result;
	const __u8 *first5, *stream;
};

#define ADVANCE_CASE(name) { \
	.delta = &advance_##name##_delta, \
	.counter = &advance_##name##_counter, \
	.result = &advance_##name##_result, \
	.first5 = advance_##name##_first5, .stream = advance_##name##_stream, \
}

#define JUMP_CASE(name) { \
	.n = &jump_##name##_n, .counter = &jump_##name##_counter, \
	.result = &jump_##name##_result, .first5 = jump_##name##_first5, \
	.stream = jump_##name##_stream, \
}

FIXTURE_VARIANT_ADD(move, advance_small) ADVANCE_CASE(small);
FIXTURE_VARIANT_ADD(move, advance_zero) ADVANCE_CASE(zero);
FIXTURE_VARIANT_ADD(move, advance_wide) ADVANCE_CASE(wide);
FIXTURE_VARIANT_ADD(move, advance_carry) ADVANCE_CASE(carry);
FIXTURE_VARIANT_ADD(move, advance_wrap) ADVANCE_CASE(wrap);
FIXTURE_VARIANT_ADD(move, advance_minus1) ADVANCE_CASE(minus1);
FIXTURE_VARIANT_ADD(move, jump_zero) JUMP_CASE(zero);
FIXTURE_VARIANT_ADD(move, jump_one) JUMP_CASE(one);
FIXTURE_VARIANT_ADD(move, jump_max) JUMP_CASE(max);
FIXTURE_VARIANT_ADD(move, jump_wrap) JUMP_CASE(wrap);

FIXTURE_SETUP(move)
{
	self->fd = dev_open(_metadata);
}

FIXTURE_TEARDOWN(move)
{
	close(self->fd);
}

TEST_F(move, counter_buffer_and_stream_match_numpy)
{
	struct philox_state state;
	int fd = self->fd;

	make_state(&state, variant->result, &k1_key, PHILOX_BLOCK_BYTES, 0);
	set_key_counter(_metadata, fd, &k1_key, variant->counter);
	read_expect(_metadata, fd, variant->first5, 5, "5 bytes");
	if (variant->delta) {
		ASSERT_TRUE(ioctl_ok(_metadata, fd, PHILOX_IOC_ADVANCE,
				     variant->delta, "ADVANCE"));
	} else {
		ASSERT_TRUE(ioctl_ok(_metadata, fd, PHILOX_IOC_JUMP,
				     variant->n, "JUMP"));
	}
	expect_get_state(_metadata, fd, &state, "GET_STATE");
	read_expect(_metadata, fd, variant->stream, 64, "stream");
}

/* SET_STATE at a buffer_pos: the rest of that block, then the next ones. */
FIXTURE(set_state) {
	int fd;
};

FIXTURE_VARIANT(set_state) {
	__u32 pos;
	const __u8 *stream;
	const struct philox_state *after;
};

#define SET_STATE_CASE(pos) { pos, setstate_##pos##_stream, &setstate_##pos##_after }

FIXTURE_VARIANT_ADD(set_state, pos_0) SET_STATE_CASE(0);
FIXTURE_VARIANT_ADD(set_state, pos_1) SET_STATE_CASE(1);
FIXTURE_VARIANT_ADD(set_state, pos_8) SET_STATE_CASE(8);
FIXTURE_VARIANT_ADD(set_state, pos_13) SET_STATE_CASE(13);
FIXTURE_VARIANT_ADD(set_state, pos_31) SET_STATE_CASE(31);
FIXTURE_VARIANT_ADD(set_state, pos_32) SET_STATE_CASE(32);

FIXTURE_SETUP(set_state)
{
	self->fd = dev_open(_metadata);
}

FIXTURE_TEARDOWN(set_state)
{
	close(self->fd);
}

TEST_F(set_state, get_state_returns_it_reads_resume_there)
{
	struct philox_state state;
	int fd = self->fd;

	make_state(&state, &setstate_counter, &setstate_key, variant->pos, 0);
	ASSERT_TRUE(ioctl_ok(_metadata, fd, PHILOX_IOC_SET_STATE, &state,
			     "SET_STATE"));
	expect_get_state(_metadata, fd, &state, "GET_STATE after SET_STATE");
	read_expect(_metadata, fd, variant->stream, 64, "stream");
	expect_get_state(_metadata, fd, variant->after,
			 "GET_STATE after 64 bytes");
}

/* SET_STATE counter 2^256 - 1: the next block is block 0. */
TEST_F(dev, set_state_wraps)
{
	struct philox_state state;

	make_state(&state, &wrap_counter, &setstate_key, PHILOX_BLOCK_BYTES, 0);
	ASSERT_TRUE(ioctl_ok(_metadata, self->fd, PHILOX_IOC_SET_STATE, &state,
			     "SET_STATE"));
	read_expect(_metadata, self->fd, setstate_wrap_stream, 64, "stream");
}

/* GET_STATE of one file into SET_STATE of another continues its stream. */
TEST_F(dev, state_transfers_to_another_file)
{
	struct philox_state state;
	__u8 buf[13];
	int fd = self->fd, fd2 = dev_open(_metadata);

	ioctl_ok(_metadata, fd, PHILOX_IOC_SEED, &s1_seed, "SEED");
	read_all(_metadata, fd, buf, sizeof(buf), "13 bytes");
	if (get_state(_metadata, fd, &state, "GET_STATE") &&
	    ioctl_ok(_metadata, fd2, PHILOX_IOC_SET_STATE, &state,
		     "SET_STATE")) {
		read_expect(_metadata, fd2, s1_stream + 13, 64 - 13,
			    "other file");
		read_expect(_metadata, fd, s1_stream + 13, 64 - 13,
			    "first file");
	}
	close(fd2);
}

/* RESEED after SET_KEY: a fresh 4-word SeedSequence, counter 0. */
TEST_F(dev, reseed_after_set_key)
{
	struct philox_state state;
	struct philox_seed seed;
	__u8 buf[7];
	int fd = self->fd;

	set_key_counter(_metadata, fd, &k1_key, &k1_counter);
	read_all(_metadata, fd, buf, sizeof(buf), "7 bytes");
	ioctl_ok(_metadata, fd, PHILOX_IOC_RESEED, NULL, "RESEED");
	if (ioctl_ok(_metadata, fd, PHILOX_IOC_GET_SEED, &seed,
		     "GET_SEED after RESEED")) {
		EXPECT_EQ(4, seed.n_entropy);
		EXPECT_EQ(0, seed.n_spawn_key);
		EXPECT_EQ(4, seed.pool_size);
		EXPECT_EQ(0, seed.n_children_spawned);
	}
	if (get_state(_metadata, fd, &state, "GET_STATE")) {
		EXPECT_EQ(0, state.counter[0] | state.counter[1] |
			     state.counter[2] | state.counter[3]);
		EXPECT_EQ(PHILOX_BLOCK_BYTES, state.buffer_pos);
		EXPECT_FALSE(state.key[0] == k1_key.key[0] &&
			     state.key[1] == k1_key.key[1])
			TH_LOG("GET_STATE: the key did not change");
	}
}

/*
 * Baselines: a file in a known state before an ioctl that must fail, and
 * everything that must be the same after it (from NumPy: the first 7
 * bytes, GET_SEED, GET_STATE and the next 57 bytes).
 */
struct baseline {
	const struct philox_seed *seed;		/* SEED first */
	bool spawn;				/* then SPAWN once */
	const struct philox_key *key;		/* or then SET_KEY ... */
	const struct philox_counter *counter;	/* ... and SET_COUNTER */
	bool set_state;				/* or then SET_STATE */
	const __u8 *first7, *stream;
	int get_err;
	const struct philox_seed *get;
	const struct philox_state *state;
};

#define BASELINE_DATA(base) \
	.first7 = base_##base##_first7, .stream = base_##base##_stream, \
	.get_err = base_##base##_get_err, .get = &base_##base##_get, \
	.state = &base_##base##_state

/* s1, with one child spawned: n_children_spawned is 1 */
static const struct baseline seeded = {
	.seed = &s1_seed, .spawn = true, BASELINE_DATA(seeded)
};

/* a 16-word spawn key, which cannot grow */
static const struct baseline spawn16 = {
	.seed = &max_seed, BASELINE_DATA(spawn16)
};

/* SET_KEY after SEED: the SeedSequence is gone */
static const struct baseline keyed = {
	.seed = &s1_seed, .key = &k1_key, .counter = &k1_counter,
	BASELINE_DATA(keyed)
};

/* SET_STATE after SEED: the SeedSequence is gone */
static const struct baseline stated = {
	.seed = &s1_seed, .set_state = true, BASELINE_DATA(stated)
};

static int baseline_open(struct __test_metadata *_metadata,
			 const struct baseline *b)
{
	struct philox_state state;
	struct philox_seed child;
	int fd = dev_open(_metadata);

	ASSERT_TRUE(ioctl_ok(_metadata, fd, PHILOX_IOC_SEED, b->seed,
			     "baseline SEED"));
	/* (an ASSERT is a statement and a loop: no else may follow it) */
	if (b->spawn)
		ASSERT_TRUE(ioctl_ok(_metadata, fd, PHILOX_IOC_SPAWN, &child,
				     "baseline SPAWN"));
	if (b->key)
		ASSERT_TRUE(set_key_counter(_metadata, fd, b->key, b->counter));
	if (b->set_state) {
		make_state(&state, &setstate_counter, &setstate_key,
			   PHILOX_BLOCK_BYTES, 0);
		ASSERT_TRUE(ioctl_ok(_metadata, fd, PHILOX_IOC_SET_STATE,
				     &state, "baseline SET_STATE"));
	}
	ASSERT_TRUE(read_expect(_metadata, fd, b->first7, 7,
				"baseline 7 bytes"));
	return fd;
}

/* Everything is as baseline_open() left it. */
static void baseline_verify(struct __test_metadata *_metadata, int fd,
			    const struct baseline *b)
{
	struct philox_seed seed;

	if (b->get_err)
		expect_err(_metadata, ioctl_err(fd, PHILOX_IOC_GET_SEED, &seed),
			   b->get_err, "GET_SEED afterwards");
	else
		expect_get_seed(_metadata, fd, b->get, "GET_SEED afterwards");
	expect_get_state(_metadata, fd, b->state, "GET_STATE afterwards");
	read_expect(_metadata, fd, b->stream, 57, "stream afterwards");
}

/* The ioctl fails with err on a baseline, and changes nothing. */
static void expect_fail(struct __test_metadata *_metadata,
			const struct baseline *b, unsigned long cmd,
			const void *arg, int err)
{
	int fd = baseline_open(_metadata, b);

	expect_err(_metadata, ioctl_err(fd, cmd, arg), err, "the ioctl");
	baseline_verify(_metadata, fd, b);
	close(fd);
}

/* Commands /dev/philox does not have: ENOTTY. */
FIXTURE(enotty) {
};

FIXTURE_VARIANT(enotty) {
	unsigned long cmd;
};

FIXTURE_VARIANT_ADD(enotty, command_0x0c) { _IO(PHILOX_IOC_MAGIC, 0x0C) };
FIXTURE_VARIANT_ADD(enotty, command_0xff) {
	_IOR(PHILOX_IOC_MAGIC, 0xFF, __u64)
};

FIXTURE_VARIANT_ADD(enotty, get_key_number_other_size) {
	_IOR(PHILOX_IOC_MAGIC, 0x03, struct philox_counter)
};

FIXTURE_VARIANT_ADD(enotty, get_key_number_as_write) {
	_IOW(PHILOX_IOC_MAGIC, 0x03, struct philox_key)
};

FIXTURE_VARIANT_ADD(enotty, reseed_number_as_read_of_8) {
	_IOR(PHILOX_IOC_MAGIC, 0x0B, __u64)
};

FIXTURE_VARIANT_ADD(enotty, get_key_number_other_magic) {
	_IOR('x', 0x03, struct philox_key)
};

FIXTURE_VARIANT_ADD(enotty, tcgets_isatty) { TCGETS };

FIXTURE_SETUP(enotty)
{
}

FIXTURE_TEARDOWN(enotty)
{
}

TEST_F(enotty, fails_and_changes_nothing)
{
	struct philox_counter buf;

	memset(&buf, 0, sizeof(buf));
	expect_fail(_metadata, &seeded, variant->cmd, &buf, ENOTTY);
}

/* SEED with a count or pool size out of range: EINVAL. */
FIXTURE(seed_einval) {
};

FIXTURE_VARIANT(seed_einval) {
	__u32 n_entropy, n_spawn_key, pool_size;
};

FIXTURE_VARIANT_ADD(seed_einval, n_entropy_33) { 33, 0, 0 };
FIXTURE_VARIANT_ADD(seed_einval, n_entropy_u32_max) { 0xffffffff, 0, 0 };
FIXTURE_VARIANT_ADD(seed_einval, n_spawn_key_17) { 4, 17, 0 };
FIXTURE_VARIANT_ADD(seed_einval, n_spawn_key_u32_max) { 4, 0xffffffff, 0 };
FIXTURE_VARIANT_ADD(seed_einval, pool_size_1) { 4, 0, 1 };
FIXTURE_VARIANT_ADD(seed_einval, pool_size_2) { 4, 0, 2 };
FIXTURE_VARIANT_ADD(seed_einval, pool_size_3) { 4, 0, 3 };
FIXTURE_VARIANT_ADD(seed_einval, pool_size_65) { 4, 0, 65 };
FIXTURE_VARIANT_ADD(seed_einval, pool_size_u32_max) { 4, 0, 0xffffffff };

FIXTURE_SETUP(seed_einval)
{
}

FIXTURE_TEARDOWN(seed_einval)
{
}

TEST_F(seed_einval, fails_and_changes_nothing)
{
	struct philox_seed seed = max_seed;

	seed.n_entropy = variant->n_entropy;
	seed.n_spawn_key = variant->n_spawn_key;
	seed.pool_size = variant->pool_size;
	expect_fail(_metadata, &seeded, PHILOX_IOC_SEED, &seed, EINVAL);
}

/* SET_STATE with a buffer_pos past the block or any flag: EINVAL. */
FIXTURE(set_state_einval) {
};

FIXTURE_VARIANT(set_state_einval) {
	__u32 buffer_pos, flags;
};

FIXTURE_VARIANT_ADD(set_state_einval, buffer_pos_33) { 33, 0 };
FIXTURE_VARIANT_ADD(set_state_einval, buffer_pos_u32_max) { 0xffffffff, 0 };
FIXTURE_VARIANT_ADD(set_state_einval, flags_1) { 0, 1 };
FIXTURE_VARIANT_ADD(set_state_einval, flags_0x80000000) { 32, 0x80000000 };

FIXTURE_SETUP(set_state_einval)
{
}

FIXTURE_TEARDOWN(set_state_einval)
{
}

TEST_F(set_state_einval, fails_and_changes_nothing)
{
	struct philox_state state;

	make_state(&state, &k1_counter, &k1_key, variant->buffer_pos,
		   variant->flags);
	expect_fail(_metadata, &seeded, PHILOX_IOC_SET_STATE, &state, EINVAL);
}

/*
 * GET_SEED and SPAWN without a SeedSequence (ENODATA), SPAWN of a full
 * spawn key (E2BIG). A GET or SPAWN that fails writes nothing to its
 * argument either.
 */
FIXTURE(no_seed) {
};

FIXTURE_VARIANT(no_seed) {
	const struct baseline *base;
	unsigned long cmd;
	int err;
};

FIXTURE_VARIANT_ADD(no_seed, get_seed_after_set_key) {
	&keyed, PHILOX_IOC_GET_SEED, ENODATA
};

FIXTURE_VARIANT_ADD(no_seed, spawn_after_set_key) {
	&keyed, PHILOX_IOC_SPAWN, ENODATA
};

FIXTURE_VARIANT_ADD(no_seed, get_seed_after_set_state) {
	&stated, PHILOX_IOC_GET_SEED, ENODATA
};

FIXTURE_VARIANT_ADD(no_seed, spawn_after_set_state) {
	&stated, PHILOX_IOC_SPAWN, ENODATA
};

FIXTURE_VARIANT_ADD(no_seed, spawn_of_16_word_spawn_key) {
	&spawn16, PHILOX_IOC_SPAWN, E2BIG
};

FIXTURE_SETUP(no_seed)
{
}

FIXTURE_TEARDOWN(no_seed)
{
}

TEST_F(no_seed, fails_and_changes_nothing)
{
	struct philox_seed arg;

	expect_fail(_metadata, variant->base, variant->cmd, &arg,
		    variant->err);
}

TEST_F(no_seed, argument_untouched)
{
	__u8 arg[sizeof(struct philox_seed)];
	size_t i;

	memset(arg, 0xa5, sizeof(arg));
	expect_fail(_metadata, variant->base, variant->cmd, arg,
		    variant->err);
	for (i = 0; i < sizeof(arg) && arg[i] == 0xa5; i++)
		;
	EXPECT_EQ(sizeof(arg), i) TH_LOG("byte %zu of the argument is 0x%02x",
					 i, arg[i]);
}

/* Every pointer-taking ioctl with pointers the kernel must refuse. */
FIXTURE(efault) {
	long page;
	char *map;	/* a page of zeros, then a page nothing may touch */
};

FIXTURE_VARIANT(efault) {
	unsigned long cmd;
};

FIXTURE_VARIANT_ADD(efault, seed) { PHILOX_IOC_SEED };
FIXTURE_VARIANT_ADD(efault, get_seed) { PHILOX_IOC_GET_SEED };
FIXTURE_VARIANT_ADD(efault, spawn) { PHILOX_IOC_SPAWN };
FIXTURE_VARIANT_ADD(efault, get_key) { PHILOX_IOC_GET_KEY };
FIXTURE_VARIANT_ADD(efault, set_key) { PHILOX_IOC_SET_KEY };
FIXTURE_VARIANT_ADD(efault, get_counter) { PHILOX_IOC_GET_COUNTER };
FIXTURE_VARIANT_ADD(efault, set_counter) { PHILOX_IOC_SET_COUNTER };
FIXTURE_VARIANT_ADD(efault, advance) { PHILOX_IOC_ADVANCE };
FIXTURE_VARIANT_ADD(efault, jump) { PHILOX_IOC_JUMP };
FIXTURE_VARIANT_ADD(efault, get_state) { PHILOX_IOC_GET_STATE };
FIXTURE_VARIANT_ADD(efault, set_state) { PHILOX_IOC_SET_STATE };

FIXTURE_SETUP(efault)
{
	self->page = sysconf(_SC_PAGESIZE);
	self->map = mmap(NULL, 2 * self->page, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_TRUE(self->map != MAP_FAILED);
	ASSERT_EQ(0, mprotect(self->map + self->page, self->page, PROT_NONE));
}

FIXTURE_TEARDOWN(efault)
{
	munmap(self->map, 2 * self->page);
}

TEST_F(efault, null_pointer)
{
	expect_fail(_metadata, &seeded, variant->cmd, NULL, EFAULT);
}

TEST_F(efault, pointer_1)
{
	expect_fail(_metadata, &seeded, variant->cmd, (void *)1, EFAULT);
}

TEST_F(efault, prot_none_page)
{
	expect_fail(_metadata, &seeded, variant->cmd,
		    self->map + self->page, EFAULT);
}

TEST_F(efault, struct_running_into_prot_none_page)
{
	expect_fail(_metadata, &seeded, variant->cmd,
		    self->map + self->page - _IOC_SIZE(variant->cmd) / 2,
		    EFAULT);
}

TEST_F(efault, kernel_address)
{
	expect_fail(_metadata, &seeded, variant->cmd, (void *)-4096L, EFAULT);
}

TEST_HARNESS_MAIN
