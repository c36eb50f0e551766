// SPDX-License-Identifier: GPL-2.0
/*
 * rng_wait_test: open before the kernel RNG is ready. It runs in a VM of
 * its own (scripts/check.sh, stage rngwait): -cpu qemu64 (no RDRAND or
 * RDSEED), random.trust_cpu=off random.trust_bootloader=off, no
 * virtio-rng, and philox_rng=not_ready on the kernel command line, which
 * reaches init, and so this program, as an environment variable. Without
 * it the tests skip; with it, an RNG that is already ready is a failure.
 *
 * O_NONBLOCK must give EAGAIN, as getrandom(GRND_NONBLOCK) does; a
 * blocking open must wait and return once the RNG is ready, and its
 * stream is printed as a numpy-verify line for verify-numpy.py.
 */

#include "philox_helpers.h"

#include <sys/random.h>

/* A numpy-verify line of this program. */
static void numpy_verify(struct __test_metadata *_metadata, int fd,
			 const char *desc, const __u8 *bytes, size_t len)
{
	numpy_verify_line(_metadata, fd, "rng_wait_test", desc, 0, bytes, len);
}

TEST(open_waits_for_the_rng)
{
	const char *state = getenv("philox_rng");
	__u8 bytes[96], r[16];
	double t0, waited;
	FILE *f;
	int fd;

	if (!state || strcmp(state, "not_ready"))
		SKIP(return, "the VM was not booted with philox_rng=not_ready");

	/* The RNG must not be ready yet, or this test proves nothing. */
	ASSERT_EQ(-1, getrandom(r, sizeof(r), GRND_NONBLOCK))
		TH_LOG("getrandom(GRND_NONBLOCK) worked: the RNG was ready");
	ASSERT_EQ(EAGAIN, errno);

	fd = open(PHILOX_DEV, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	EXPECT_EQ(-1, fd) TH_LOG("open(O_NONBLOCK) before the RNG is ready");
	EXPECT_TRUE(fd >= 0 || errno == EAGAIN)
		TH_LOG("open(O_NONBLOCK): %s, want EAGAIN", errno_name(errno));
	if (fd >= 0)
		close(fd);

	t0 = now();
	fd = dev_open(_metadata);
	waited = now() - t0;
	/* It returned because the RNG is ready now. */
	EXPECT_EQ((ssize_t)sizeof(r), getrandom(r, sizeof(r), GRND_NONBLOCK))
		TH_LOG("the blocking open returned before the RNG was ready");
	EXPECT_LT(0.01, waited) TH_LOG("the blocking open did not wait");
	TH_LOG("the blocking open waited %.2f s for the RNG", waited);
	f = fopen("/tmp/philox-rng-wait", "w");
	if (f) {
		fprintf(f, "%.2f\n", waited);
		fclose(f);
	}

	read_all(_metadata, fd, bytes, 5, "5 bytes");
	read_all(_metadata, fd, bytes + 5, sizeof(bytes) - 5, "91 bytes");
	numpy_verify(_metadata, fd, "blocking open before the RNG was ready",
		     bytes, sizeof(bytes));
	close(fd);

	fd = open(PHILOX_DEV, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	EXPECT_LE(0, fd) TH_LOG("open(O_NONBLOCK) once the RNG is ready: %s",
				errno_name(errno));
	if (fd >= 0)
		close(fd);
}

TEST_HARNESS_MAIN
