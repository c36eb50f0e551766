// SPDX-License-Identifier: GPL-2.0
/*
 * platform_test: the userspace suite's essentials in one small static
 * program, for the VMs of other architectures (the platform stages of scripts/check.mk),
 * where the full suite would take too long under emulation.
 *
 * Every ioctl once, reads whose sizes cross blocks and the interleaved
 * path, and the errors, against NumPy's values in platform_expected.h
 * (generated on the host by gen-platform-expected.py). Streams are
 * compared as bytes: the device's are little-endian on every machine.
 *
 * Usage: platform_test [NAME]. Prints "ok - [NAME: ]..." or "not ok - ..." per
 * check (scripts/guest/init.sh makes them KTAP); exits non-zero if any
 * failed.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/philox.h>

#include "platform_expected.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static const char *name;
static int failures;

static void result(int ok, const char *what)
{
	printf("%s - %s%s%s\n", ok ? "ok" : "not ok", name, *name ? ": " : "",
	       what);
	if (!ok) {
		printf("#   errno %d (%s)\n", errno, strerror(errno));
		failures++;
	}
	fflush(stdout);
}

static int open_dev(void)
{
	int fd = open("/dev/philox", O_RDWR);

	if (fd < 0) {
		perror("/dev/philox");
		exit(1);
	}
	return fd;
}

/* Read exactly len bytes in one read() call. */
static int read_all(int fd, unsigned char *buf, size_t len)
{
	return read(fd, buf, len) == (ssize_t)len;
}

static int seed_12345(int fd)
{
	struct philox_seed seed = { .entropy = { 12345 }, .n_entropy = 1 };

	return ioctl(fd, PHILOX_IOC_SEED, &seed) == 0;
}

static int set_key_counter(int fd)
{
	struct philox_key k = { { key[0], key[1] } };
	struct philox_counter c = { { counter[0], counter[1], counter[2],
				      counter[3] } };

	return ioctl(fd, PHILOX_IOC_SET_KEY, &k) == 0 &&
	       ioctl(fd, PHILOX_IOC_SET_COUNTER, &c) == 0;
}

/* Reads of these sizes concatenate to NumPy's stream. */
static void test_read_sizes(void)
{
	static const size_t sizes[] = {
		1, 7, 8, 24, 31, 32, 33, 63, 64, 65, 5, 100, 255, 256, 257,
		1000, 4096, 4099, 16384 + 3, 32768 + 1,
	};
	static unsigned char buf[sizeof(seed_stream) + 1];
	int fd = open_dev(), ok = seed_12345(fd);
	size_t i, pos = 0;

	for (i = 0; ok && i < ARRAY_SIZE(sizes); i++) {
		/* odd offsets: unaligned destinations too */
		ok = pos + sizes[i] <= sizeof(seed_stream) &&
		     read_all(fd, buf + 1, sizes[i]) &&
		     !memcmp(buf + 1, seed_stream + pos, sizes[i]);
		pos += sizes[i];
	}
	result(ok, "reads of 1 to 32769 bytes concatenate to NumPy's stream");

	ok = seed_12345(fd) && read_all(fd, buf, sizeof(seed_stream)) &&
	     !memcmp(buf, seed_stream, sizeof(seed_stream));
	result(ok, "one 72 KiB read equals NumPy's stream");
	close(fd);
}

static void test_seed(void)
{
	struct philox_seed seed;
	struct philox_key k;
	struct philox_state st;
	unsigned char buf[40];
	int fd = open_dev(), ok;

	ok = seed_12345(fd) && ioctl(fd, PHILOX_IOC_GET_KEY, &k) == 0 &&
	     k.key[0] == seed_key[0] && k.key[1] == seed_key[1];
	result(ok, "SEED then GET_KEY: NumPy's key of SeedSequence(12345)");

	memset(&seed, 0xff, sizeof(seed));
	ok = ioctl(fd, PHILOX_IOC_GET_SEED, &seed) == 0 &&
	     seed.n_entropy == 1 && seed.entropy[0] == 12345 &&
	     seed.n_spawn_key == 0 && seed.pool_size == 4 &&
	     seed.n_children_spawned == 0;
	result(ok, "GET_SEED returns the SeedSequence given");

	ok = read_all(fd, buf, sizeof(buf)) &&
	     ioctl(fd, PHILOX_IOC_GET_STATE, &st) == 0 &&
	     !memcmp(st.counter, seed_state_counter, sizeof(st.counter)) &&
	     st.key[0] == seed_key[0] && st.key[1] == seed_key[1] &&
	     st.buffer_pos == SEED_STATE_POS && st.flags == 0;
	result(ok, "GET_STATE after 40 bytes: NumPy's counter and buffer_pos");
	close(fd);
}

static void test_spawn(void)
{
	struct philox_seed child;
	unsigned char buf[sizeof(child_stream)];
	int fd = open_dev(), ok;

	ok = seed_12345(fd) && ioctl(fd, PHILOX_IOC_SPAWN, &child) == 0 &&
	     child.n_entropy == 1 && child.entropy[0] == 12345 &&
	     child.n_spawn_key == 1 && child.spawn_key[0] == 0;
	result(ok, "SPAWN gives NumPy's spawn(1)[0]");
	ok = ok && ioctl(fd, PHILOX_IOC_SEED, &child) == 0 &&
	     read_all(fd, buf, sizeof(buf)) &&
	     !memcmp(buf, child_stream, sizeof(buf));
	result(ok, "the spawned child's stream equals NumPy's");
	close(fd);
}

static void test_key_counter(void)
{
	struct philox_counter c, d = { { delta[0], delta[1], delta[2],
					 delta[3] } };
	unsigned char buf[256];
	__u64 jumps = JUMPS;
	int fd = open_dev(), ok;

	/* 3 + 250 + 3 bytes: the carry of counter word 0 is in the middle */
	ok = set_key_counter(fd) && read_all(fd, buf, 3) &&
	     read_all(fd, buf + 3, 250) && read_all(fd, buf + 253, 3) &&
	     !memcmp(buf, keyctr_stream, sizeof(keyctr_stream));
	result(ok, "SET_KEY, SET_COUNTER: NumPy's Philox(key=, counter=)");
	ok = ioctl(fd, PHILOX_IOC_GET_COUNTER, &c) == 0 &&
	     !memcmp(c.counter, keyctr_counter_after, sizeof(c.counter));
	result(ok, "GET_COUNTER after 256 bytes, past a carry");

	ok = set_key_counter(fd) && read_all(fd, buf, 5) &&
	     ioctl(fd, PHILOX_IOC_ADVANCE, &d) == 0 &&
	     read_all(fd, buf, sizeof(advance_stream)) &&
	     !memcmp(buf, advance_stream, sizeof(advance_stream));
	result(ok, "ADVANCE: NumPy's advance()");

	ok = set_key_counter(fd) && ioctl(fd, PHILOX_IOC_JUMP, &jumps) == 0 &&
	     read_all(fd, buf, sizeof(jump_stream)) &&
	     !memcmp(buf, jump_stream, sizeof(jump_stream));
	result(ok, "JUMP: NumPy's jumped()");
	close(fd);
}

static void test_state(void)
{
	struct philox_state st = {
		.counter = { state_counter[0], state_counter[1],
			     state_counter[2], state_counter[3] },
		.key = { key[0], key[1] },
		.buffer_pos = STATE_POS,
	};
	unsigned char buf[sizeof(state_stream)];
	int fd = open_dev(), ok;

	ok = ioctl(fd, PHILOX_IOC_SET_STATE, &st) == 0 &&
	     read_all(fd, buf, sizeof(buf)) &&
	     !memcmp(buf, state_stream, sizeof(buf));
	result(ok, "SET_STATE mid-block continues NumPy's stream");
	close(fd);
}

static void test_reseed(void)
{
	struct philox_seed seed;
	unsigned char a[64], b[64];
	int fd = open_dev(), ok;

	ok = seed_12345(fd) && ioctl(fd, PHILOX_IOC_RESEED) == 0 &&
	     ioctl(fd, PHILOX_IOC_GET_SEED, &seed) == 0 &&
	     seed.n_entropy == 4 && seed.n_spawn_key == 0 &&
	     read_all(fd, a, sizeof(a)) && memcmp(a, seed_stream, sizeof(a));
	result(ok, "RESEED draws four fresh entropy words");
	/* the stream is SeedSequence(those words): seed them back */
	ok = ok && ioctl(fd, PHILOX_IOC_SEED, &seed) == 0 &&
	     read_all(fd, b, sizeof(b)) && !memcmp(a, b, sizeof(a));
	result(ok, "GET_SEED after RESEED reproduces its stream");
	close(fd);
}

static int fails_with(int ret, int err)
{
	return ret == -1 && errno == err;
}

static void test_errors(void)
{
	struct philox_seed seed = { .n_entropy = PHILOX_SEED_MAX_WORDS + 1 };
	struct philox_state st = { .buffer_pos = PHILOX_BLOCK_BYTES + 1 };
	struct philox_key k = { { 1, 2 } };
	unsigned char buf[8];
	/* an inaccessible page: what the device copies to must fail */
	void *bad_ptr = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
			     -1, 0);
	int fd = open_dev();

	result(fails_with(ioctl(fd, _IO(PHILOX_IOC_MAGIC, 0x3f)), ENOTTY),
	       "an unknown ioctl fails with ENOTTY");
	result(fails_with(ioctl(fd, PHILOX_IOC_SEED, &seed), EINVAL),
	       "SEED with 33 entropy words fails with EINVAL");
	result(fails_with(ioctl(fd, PHILOX_IOC_SET_STATE, &st), EINVAL),
	       "SET_STATE with buffer_pos 33 fails with EINVAL");
	st.buffer_pos = 0;
	st.flags = 1;
	result(fails_with(ioctl(fd, PHILOX_IOC_SET_STATE, &st), EINVAL),
	       "SET_STATE with flags fails with EINVAL");
	result(fails_with(ioctl(fd, PHILOX_IOC_GET_KEY, bad_ptr), EFAULT),
	       "GET_KEY to a bad pointer fails with EFAULT");
	result(fails_with(read(fd, bad_ptr, 64), EFAULT),
	       "read to a bad pointer fails with EFAULT");
	result(fails_with(write(fd, buf, sizeof(buf)), EINVAL),
	       "write fails with EINVAL");
	result(ioctl(fd, PHILOX_IOC_SET_KEY, &k) == 0 &&
	       fails_with(ioctl(fd, PHILOX_IOC_GET_SEED, &seed), ENODATA),
	       "GET_SEED after SET_KEY fails with ENODATA");
	close(fd);
}

int main(int argc, char **argv)
{
	name = argc > 1 ? argv[1] : "";
	test_read_sizes();
	test_seed();
	test_spawn();
	test_key_counter();
	test_state();
	test_reseed();
	test_errors();
	return failures ? 1 : 0;
}
