// SPDX-License-Identifier: GPL-2.0
/*
 * Replay the random scripts of gen-expected.py (replay_expected.h) on one
 * open file each: a few hundred ioctls (all but RESEED, errors included)
 * and reads of random sizes, with every result as NumPy's model of the
 * device says. The bytes the reads must return are in replay-N.bin.
 *
 * One test per script; a failure names the first op that went wrong,
 * since after it the file's state is no longer the model's.
 */

#include "philox_helpers.h"

enum replay_kind {
	REPLAY_READ, REPLAY_SEED, REPLAY_GET_SEED, REPLAY_SPAWN,
	REPLAY_GET_KEY, REPLAY_SET_KEY, REPLAY_GET_COUNTER,
	REPLAY_SET_COUNTER, REPLAY_ADVANCE, REPLAY_JUMP, REPLAY_GET_STATE,
	REPLAY_SET_STATE,
};

/* One op and what it must return; the fields its kind uses. */
struct replay_op {
	enum replay_kind kind;
	int err;			/* errno expected, 0 for success */
	__u64 len, off;			/* READ: len bytes at off of the .bin */
	__u64 jump;			/* JUMP's argument */
	struct philox_seed seed;	/* SEED's argument, GET_SEED's and
					 * SPAWN's answer
					 */
	struct philox_key key;
	struct philox_counter counter;	/* also ADVANCE's delta */
	struct philox_state state;
};

struct replay_script {
	const struct replay_op *ops;
	unsigned int nops;
	const char *bin;		/* the bytes of its reads */
	size_t bin_len;
};

#include "replay_expected.h"

#define READ_MAX	(1024 * 1024)

struct replay {
	int fd;
	const __u8 *bin;
	size_t bin_len, nread;
	__u8 *buf;
};

static const char * const kind_names[] = {
	[REPLAY_READ] = "read", [REPLAY_SEED] = "SEED",
	[REPLAY_GET_SEED] = "GET_SEED", [REPLAY_SPAWN] = "SPAWN",
	[REPLAY_GET_KEY] = "GET_KEY", [REPLAY_SET_KEY] = "SET_KEY",
	[REPLAY_GET_COUNTER] = "GET_COUNTER",
	[REPLAY_SET_COUNTER] = "SET_COUNTER", [REPLAY_ADVANCE] = "ADVANCE",
	[REPLAY_JUMP] = "JUMP", [REPLAY_GET_STATE] = "GET_STATE",
	[REPLAY_SET_STATE] = "SET_STATE",
};

static bool replay_read(struct __test_metadata *_metadata, struct replay *r,
			const struct replay_op *op)
{
	ASSERT_TRUE(op->len <= READ_MAX && op->off <= r->bin_len &&
		    op->len <= r->bin_len - op->off);
	r->nread += op->len;
	return read_all(_metadata, r->fd, r->buf, op->len, "read") &&
	       expect_mem(_metadata, r->buf, r->bin + op->off, op->len, "read");
}

/* GET_SEED or SPAWN: the error, or the seed the model has. */
static bool replay_seed_out(struct __test_metadata *_metadata,
			    struct replay *r, const struct replay_op *op,
			    unsigned long cmd)
{
	struct philox_seed seed;
	int err = ioctl_err(r->fd, cmd, &seed);

	if (!expect_err(_metadata, err, op->err, kind_names[op->kind]))
		return false;
	return err || expect_seed(_metadata, &seed, &op->seed,
				  kind_names[op->kind]);
}

/* An ioctl that takes an argument: the error the model says. */
static bool replay_set(struct __test_metadata *_metadata, struct replay *r,
		       const struct replay_op *op, unsigned long cmd,
		       const void *arg)
{
	return expect_err(_metadata, ioctl_err(r->fd, cmd, arg), op->err,
			  kind_names[op->kind]);
}

/* Run one op. Returns whether the device did as the model says. */
static bool replay_op(struct __test_metadata *_metadata, struct replay *r,
		      const struct replay_op *op)
{
	const char *name = kind_names[op->kind];

	switch (op->kind) {
	case REPLAY_READ:
		return replay_read(_metadata, r, op);
	case REPLAY_SEED:
		return replay_set(_metadata, r, op, PHILOX_IOC_SEED, &op->seed);
	case REPLAY_GET_SEED:
		return replay_seed_out(_metadata, r, op, PHILOX_IOC_GET_SEED);
	case REPLAY_SPAWN:
		return replay_seed_out(_metadata, r, op, PHILOX_IOC_SPAWN);
	case REPLAY_GET_KEY:
		return expect_get_key(_metadata, r->fd, &op->key, name);
	case REPLAY_SET_KEY:
		return replay_set(_metadata, r, op, PHILOX_IOC_SET_KEY,
				  &op->key);
	case REPLAY_GET_COUNTER:
		return expect_get_counter(_metadata, r->fd, op->counter.counter,
					  name);
	case REPLAY_SET_COUNTER:
		return replay_set(_metadata, r, op, PHILOX_IOC_SET_COUNTER,
				  &op->counter);
	case REPLAY_ADVANCE:
		return replay_set(_metadata, r, op, PHILOX_IOC_ADVANCE,
				  &op->counter);
	case REPLAY_JUMP:
		return replay_set(_metadata, r, op, PHILOX_IOC_JUMP, &op->jump);
	case REPLAY_GET_STATE:
		return expect_get_state(_metadata, r->fd, &op->state, name);
	case REPLAY_SET_STATE:
		return replay_set(_metadata, r, op, PHILOX_IOC_SET_STATE,
				  &op->state);
	}
	TH_LOG("unknown op kind %d", op->kind);
	return false;
}

FIXTURE(replay) {
	struct replay r;
};

FIXTURE_VARIANT(replay) {
	unsigned int script;
};

FIXTURE_VARIANT_ADD(replay, script_0) { 0 };
FIXTURE_VARIANT_ADD(replay, script_1) { 1 };
FIXTURE_VARIANT_ADD(replay, script_2) { 2 };
FIXTURE_VARIANT_ADD(replay, script_3) { 3 };
FIXTURE_VARIANT_ADD(replay, script_4) { 4 };
FIXTURE_VARIANT_ADD(replay, script_5) { 5 };
FIXTURE_VARIANT_ADD(replay, script_6) { 6 };
FIXTURE_VARIANT_ADD(replay, script_7) { 7 };

FIXTURE_SETUP(replay)
{
	const struct replay_script *s;

	/* gen-expected.py writes as many scripts as there are variants */
	ASSERT_EQ(8, ARRAY_SIZE(replay_scripts));
	s = &replay_scripts[variant->script];
	self->r.bin = load_file(_metadata, s->bin, s->bin_len);
	self->r.bin_len = s->bin_len;
	self->r.buf = malloc(READ_MAX);
	ASSERT_TRUE(!!self->r.buf);
	self->r.fd = dev_open(_metadata);
}

FIXTURE_TEARDOWN(replay)
{
	close(self->r.fd);
	free(self->r.buf);
	free((void *)self->r.bin);
}

TEST_F_TIMEOUT(replay, every_op_as_numpy_model, 300)
{
	const struct replay_script *s = &replay_scripts[variant->script];
	unsigned int i;

	for (i = 0; i < s->nops; i++) {
		if (!replay_op(_metadata, &self->r, &s->ops[i])) {
			TH_LOG("at op %u of %u (%s)", i, s->nops,
			       kind_names[s->ops[i].kind]);
			break;
		}
	}
	TH_LOG("%u ops, %zu bytes read", i, self->r.nread);
}

TEST_HARNESS_MAIN
