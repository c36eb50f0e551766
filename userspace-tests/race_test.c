// SPDX-License-Identifier: GPL-2.0
/*
 * race_test: for the KCSAN kernel (scripts/check.sh, stage kcsan). KCSAN
 * samples accesses, so a race shows only when both sides run often and
 * close together: for each ioctl in turn, two threads issue it on one
 * file in a tight loop while a third reads 8 bytes at a time, for
 * RACE_SECONDS. Every call must succeed; a data race is a KCSAN report on
 * the console, which fails the VM. A JUMP that touched the stream outside
 * the lock was caught this way within seconds (README: Reliability).
 */

#include "philox_helpers.h"

#include <pthread.h>

#define RACE_SECONDS	8

struct race {
	int fd;
	unsigned long cmd;
	double until;
	long calls[3];
	long failures;
};

static void *racer(void *p)
{
	struct race *r = ((void **)p)[0];
	long id = (long)((void **)p)[1];
	union philox_ioctl_arg arg;
	__u8 buf[8];

	memset(&arg, 0, sizeof(arg));
	arg.seed.n_entropy = 1;
	while (now() < r->until) {
		int err;

		if (id == 2) {
			err = read(r->fd, buf, sizeof(buf)) == sizeof(buf) ?
			      0 : EIO;
		} else {
			if (r->cmd == PHILOX_IOC_SET_STATE)
				arg.state.buffer_pos = 32;
			err = ioctl_err(r->fd, r->cmd, &arg);
			/* SPAWN and GET_SEED after SET_KEY: ENODATA */
			if (err == ENODATA && (r->cmd == PHILOX_IOC_SPAWN ||
					       r->cmd == PHILOX_IOC_GET_SEED))
				err = 0;
		}
		r->calls[id]++;
		if (err)
			__atomic_add_fetch(&r->failures, 1, __ATOMIC_RELAXED);
	}
	return NULL;
}

FIXTURE(race) {
	int fd;
};

FIXTURE_VARIANT(race) {
	unsigned long cmd;
};

FIXTURE_VARIANT_ADD(race, jump) { .cmd = PHILOX_IOC_JUMP };
FIXTURE_VARIANT_ADD(race, advance) { .cmd = PHILOX_IOC_ADVANCE };
FIXTURE_VARIANT_ADD(race, set_key) { .cmd = PHILOX_IOC_SET_KEY };
FIXTURE_VARIANT_ADD(race, set_counter) { .cmd = PHILOX_IOC_SET_COUNTER };
FIXTURE_VARIANT_ADD(race, set_state) { .cmd = PHILOX_IOC_SET_STATE };
FIXTURE_VARIANT_ADD(race, seed) { .cmd = PHILOX_IOC_SEED };
FIXTURE_VARIANT_ADD(race, reseed) { .cmd = PHILOX_IOC_RESEED };
FIXTURE_VARIANT_ADD(race, spawn) { .cmd = PHILOX_IOC_SPAWN };
FIXTURE_VARIANT_ADD(race, get_state) { .cmd = PHILOX_IOC_GET_STATE };

FIXTURE_SETUP(race)
{
	self->fd = dev_open(_metadata);
}

FIXTURE_TEARDOWN(race)
{
	close(self->fd);
}

TEST_F_TIMEOUT(race, two_threads_and_a_reader, 120)
{
	struct race r = { .fd = self->fd, .cmd = variant->cmd,
			  .until = now() + RACE_SECONDS };
	void *args[3][2];
	pthread_t t[3];
	long i;

	for (i = 0; i < 3; i++) {
		args[i][0] = &r;
		args[i][1] = (void *)i;
		ASSERT_EQ(0, pthread_create(&t[i], NULL, racer, args[i]));
	}
	for (i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	EXPECT_EQ(0, r.failures);
	TH_LOG("%ld + %ld ioctls, %ld reads", r.calls[0], r.calls[1],
	       r.calls[2]);
}

TEST_HARNESS_MAIN
