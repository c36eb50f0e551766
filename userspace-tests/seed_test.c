// SPDX-License-Identifier: GPL-2.0
/*
 * Seeds from kernel entropy: a fresh open and RESEED. The guest cannot
 * know what NumPy makes of entropy it has not seen, so besides its own
 * checks this program prints "numpy-verify:" lines with the SeedSequence
 * GET_SEED reported, the key GET_KEY reported and the bytes read, and
 * verify-numpy.py checks them with NumPy on the host after the VM exits:
 *
 *	numpy-verify: seed_test: DESC|entropy=W,..|spawn=W,..|pool=N|
 *		children=N|key=K0,K1|skip=N|hex=BYTES
 *
 * (one line; words in hex; skip is how many bytes of the stream were read
 * before the ones in hex).
 */

#include "philox_helpers.h"

#define NOPENS	64

/* A numpy-verify line of this program. */
static void numpy_verify(struct __test_metadata *_metadata, int fd,
			 const char *desc, size_t skip, const __u8 *bytes,
			 size_t len)
{
	numpy_verify_line(_metadata, fd, "seed_test", desc, skip, bytes, len);
}

/* GET_SEED is a fresh SeedSequence(): 4 entropy words, pool 4, no more. */
static bool expect_fresh_seed(struct __test_metadata *_metadata, int fd,
			      struct philox_seed *s, const char *what)
{
	struct philox_seed fresh = {
		.n_entropy = 4, .pool_size = 4,
	};

	if (!ioctl_ok(_metadata, fd, PHILOX_IOC_GET_SEED, s, what)) {
		memset(s, 0, sizeof(*s));
		return false;
	}
	memcpy(fresh.entropy, s->entropy, sizeof(fresh.entropy));
	return expect_seed(_metadata, s, &fresh, what);
}

/* Counter 0, nothing buffered, as after SEED. */
static void expect_fresh_state(struct __test_metadata *_metadata, int fd,
			       const char *what)
{
	struct philox_state s, fresh = { .buffer_pos = PHILOX_BLOCK_BYTES };

	if (!get_state(_metadata, fd, &s, what))
		return;
	memcpy(fresh.key, s.key, sizeof(fresh.key));
	expect_state(_metadata, &s, &fresh, what);
}

static int same_entropy(const struct philox_seed *a,
			const struct philox_seed *b)
{
	return a->n_entropy == b->n_entropy &&
	       !memcmp(a->entropy, b->entropy, a->n_entropy * 4);
}

/* A fresh open, its GET_SEED, and its first 96 bytes in two reads. */
FIXTURE(fresh) {
	int fd;
	struct philox_seed seed;
	__u8 bytes[96];
};

FIXTURE_SETUP(fresh)
{
	self->fd = dev_open(_metadata);
	expect_fresh_seed(_metadata, self->fd, &self->seed, "GET_SEED");
	expect_fresh_state(_metadata, self->fd, "GET_STATE");
	/* two reads, so that the numpy-verify line covers a split read */
	read_all(_metadata, self->fd, self->bytes, 5, "5 bytes");
	read_all(_metadata, self->fd, self->bytes + 5, sizeof(self->bytes) - 5,
		 "91 bytes");
}

FIXTURE_TEARDOWN(fresh)
{
	close(self->fd);
}

/* GET_SEED is a 4-word SeedSequence, pool 4, counter 0; NumPy checks it. */
TEST_F(fresh, open_is_fresh_seed_sequence)
{
	numpy_verify(_metadata, self->fd, "fresh open", 0, self->bytes,
		     sizeof(self->bytes));
}

/* SEED with a fresh open's GET_SEED reproduces its stream. */
TEST_F(fresh, seed_of_its_get_seed_reproduces_stream)
{
	struct philox_seed again;
	__u8 bytes[96];
	int fd2 = dev_open(_metadata);

	if (ioctl_ok(_metadata, fd2, PHILOX_IOC_SEED, &self->seed, "SEED")) {
		expect_get_seed(_metadata, fd2, &self->seed,
				"GET_SEED after SEED");
		read_all(_metadata, fd2, bytes, sizeof(bytes), "96 bytes");
		expect_mem(_metadata, bytes, self->bytes, sizeof(bytes),
			   "stream");
	}
	EXPECT_TRUE(!ioctl_err(self->fd, PHILOX_IOC_GET_SEED, &again) &&
		    same_entropy(&again, &self->seed))
		TH_LOG("GET_SEED changed after reads");
	close(fd2);
}

/* A second open gets other entropy and another stream. */
TEST_F(fresh, second_open_differs)
{
	struct philox_seed s;
	__u8 bytes[64];
	int fd = dev_open(_metadata);

	if (expect_fresh_seed(_metadata, fd, &s, "GET_SEED")) {
		EXPECT_FALSE(same_entropy(&s, &self->seed))
			TH_LOG("the same entropy as the first open");
		read_all(_metadata, fd, bytes, sizeof(bytes), "64 bytes");
		EXPECT_NE(0, memcmp(bytes, self->bytes, sizeof(bytes)))
			TH_LOG("the same bytes as the first open");
		numpy_verify(_metadata, fd, "second fresh open", 0, bytes,
			     sizeof(bytes));
	}
	close(fd);
}

/* Open with O_NONBLOCK is seeded from entropy too. */
TEST(nonblock_open_is_seeded)
{
	struct philox_seed s;
	__u8 bytes[64];
	int fd = dev_open_flags(_metadata, O_RDONLY | O_NONBLOCK);

	expect_fresh_seed(_metadata, fd, &s, "GET_SEED");
	read_all(_metadata, fd, bytes, sizeof(bytes), "64 bytes");
	numpy_verify(_metadata, fd, "fresh open O_NONBLOCK", 0, bytes,
		     sizeof(bytes));
	close(fd);
}

/* NOPENS files open at once have NOPENS different seeds. */
TEST(many_opens_have_different_seeds)
{
	static struct philox_seed seeds[NOPENS];
	int fd[NOPENS], i, j;

	for (i = 0; i < NOPENS; i++) {
		fd[i] = dev_open(_metadata);
		expect_fresh_seed(_metadata, fd[i], &seeds[i], "GET_SEED");
	}
	for (i = 0; i < NOPENS; i++)
		for (j = 0; j < i; j++)
			EXPECT_FALSE(same_entropy(&seeds[i], &seeds[j]))
				TH_LOG("opens %d and %d: the same entropy", j,
				       i);
	for (i = 0; i < NOPENS; i++)
		close(fd[i]);
}

/* RESEED after SET_KEY and a read: fresh SeedSequence, buffer dropped. */
TEST_F(fresh, reseed_after_set_key)
{
	static const struct philox_key k = { { 0x0123456789abcdefULL, 42 } };
	struct philox_seed after;
	__u8 bytes[64], skip[13];
	int fd = self->fd;

	ioctl_ok(_metadata, fd, PHILOX_IOC_SET_KEY, &k, "SET_KEY");
	read_all(_metadata, fd, bytes, 5, "5 bytes");
	ioctl_ok(_metadata, fd, PHILOX_IOC_RESEED, NULL, "RESEED");
	expect_fresh_state(_metadata, fd, "GET_STATE after RESEED");
	ASSERT_TRUE(expect_fresh_seed(_metadata, fd, &after,
				      "GET_SEED after RESEED"));
	EXPECT_FALSE(same_entropy(&after, &self->seed))
		TH_LOG("RESEED kept the entropy of the open");
	read_all(_metadata, fd, skip, sizeof(skip), "13 bytes");
	read_all(_metadata, fd, bytes, sizeof(bytes), "64 bytes");
	numpy_verify(_metadata, fd, "reseed after set_key", sizeof(skip),
		     bytes, sizeof(bytes));
}

/* RESEED after SEED with a spawn key and pool 8: a plain SeedSequence. */
TEST_F(fresh, reseed_after_seed)
{
	struct philox_seed seed = {
		.entropy = { 1, 2 }, .n_entropy = 2,
		.spawn_key = { 7 }, .n_spawn_key = 1,
		.pool_size = 8, .n_children_spawned = 3,
	};
	struct philox_seed before, after;
	__u8 bytes[64];
	int fd = self->fd;

	ioctl_ok(_metadata, fd, PHILOX_IOC_RESEED, NULL, "first RESEED");
	expect_fresh_seed(_metadata, fd, &before, "GET_SEED after RESEED");
	ioctl_ok(_metadata, fd, PHILOX_IOC_SEED, &seed, "SEED");
	read_all(_metadata, fd, bytes, 7, "7 bytes");
	ioctl_ok(_metadata, fd, PHILOX_IOC_RESEED, NULL, "RESEED");
	expect_fresh_state(_metadata, fd, "GET_STATE after RESEED");
	ASSERT_TRUE(expect_fresh_seed(_metadata, fd, &after,
				      "GET_SEED after RESEED"));
	EXPECT_FALSE(same_entropy(&after, &before))
		TH_LOG("the same entropy as the RESEED before");
	read_all(_metadata, fd, bytes, sizeof(bytes), "64 bytes");
	numpy_verify(_metadata, fd, "reseed after seed", 0, bytes,
		     sizeof(bytes));
}

/* SPAWN after a fresh open: children (0,) and (1,) of its entropy. */
TEST_F(fresh, spawn_children_of_fresh_entropy)
{
	struct philox_seed child, child2;
	__u8 bytes[64];
	int fd2 = dev_open(_metadata);

	ASSERT_TRUE(ioctl_ok(_metadata, self->fd, PHILOX_IOC_SPAWN, &child,
			     "SPAWN"));
	ASSERT_TRUE(ioctl_ok(_metadata, self->fd, PHILOX_IOC_SPAWN, &child2,
			     "second SPAWN"));
	EXPECT_TRUE(same_entropy(&child, &self->seed) &&
		    child.n_spawn_key == 1 && child.spawn_key[0] == 0 &&
		    child.pool_size == 4 && !child.n_children_spawned)
		TH_LOG("first child: not (parent's entropy, (0,), pool 4, 0 children)");
	EXPECT_TRUE(same_entropy(&child2, &self->seed) &&
		    child2.n_spawn_key == 1 && child2.spawn_key[0] == 1)
		TH_LOG("second child: not (parent's entropy, (1,))");
	if (ioctl_ok(_metadata, fd2, PHILOX_IOC_SEED, &child, "SEED child")) {
		read_all(_metadata, fd2, bytes, sizeof(bytes), "64 bytes");
		numpy_verify(_metadata, fd2, "spawned child of a fresh open", 0,
			     bytes, sizeof(bytes));
	}
	close(fd2);
}

TEST_HARNESS_MAIN
