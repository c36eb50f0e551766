// SPDX-License-Identifier: GPL-2.0
/*
 * fault_test: /dev/philox while the kernel's own allocations and user
 * copies fail (CONFIG_FAILSLAB, CONFIG_FAULT_INJECTION_USERCOPY), on the
 * debug kernel only (scripts/check.sh puts it in that VM alone).
 *
 * - failslab: every allocation of the open path fails in turn
 *   (/proc/thread-self/fail-nth), then opens fail at random (probability,
 *   interval, times, task filter): open gives ENOMEM or succeeds, the next
 *   open works; kmemleak, at the end of the VM, finds nothing.
 * - fail_usercopy: a lone reader's reads of many sizes while copies fail
 *   at random return only what the README documents (all the bytes, a
 *   short count, or EFAULT when nothing was copied), and the bytes they
 *   returned, followed by plain reads once the faults stop, are NumPy's
 *   stream (contract.bin of gen-expected.py). Ioctls that fail under the
 *   faults change nothing (GET_STATE and GET_SEED before and after).
 *
 * The faults hit this task only (task-filter, /proc/self/make-it-fail)
 * and print nothing (verbose 0), so the console's splat check stays
 * exact. The number injected (from "times", or fail-nth) is logged and
 * appended to /tmp/philox-faults, which scripts/guest/init.sh reports.
 */

#include "philox_helpers.h"

#include "contract_expected.h"

#define DBG		"/sys/kernel/debug/"
#define TIMES		1000000L
#define READ_BYTES	1048576		/* read under faults */
#define TAIL_BYTES	65536		/* read after them */

static bool knob_write(const char *path, const char *value)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	bool ok;

	if (fd < 0)
		return false;
	ok = write(fd, value, strlen(value)) == (ssize_t)strlen(value);
	close(fd);
	return ok;
}

static long knob_read(const char *path)
{
	char buf[32] = "";
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	return n > 0 ? strtol(buf, NULL, 10) : -1;
}

/* Set up one fault kind: quiet, this task only, at probability pct. */
static bool fault_setup(const char *kind, int pct)
{
	char path[128], value[32];
	static const char *const quiet[][2] = {
		{ "verbose", "0" }, { "task-filter", "Y" }, { "interval", "1" },
		{ "space", "0" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(quiet); i++) {
		snprintf(path, sizeof(path), DBG "%s/%s", kind, quiet[i][0]);
		if (!knob_write(path, quiet[i][1]))
			return false;
	}
	snprintf(path, sizeof(path), DBG "%s/times", kind);
	snprintf(value, sizeof(value), "%ld", TIMES);
	if (!knob_write(path, value))
		return false;
	snprintf(path, sizeof(path), DBG "%s/probability", kind);
	snprintf(value, sizeof(value), "%d", pct);
	return knob_write(path, value);
}

/* Stop one fault kind; how many it injected since fault_setup(). */
static long fault_stop(const char *kind)
{
	char path[128];

	snprintf(path, sizeof(path), DBG "%s/probability", kind);
	knob_write(path, "0");
	snprintf(path, sizeof(path), DBG "%s/times", kind);
	return TIMES - knob_read(path);
}

static void record(const char *kind, long n)
{
	FILE *f = fopen("/tmp/philox-faults", "a");

	if (f) {
		fprintf(f, "%s %ld\n", kind, n);
		fclose(f);
	}
}

/*
 * This task's make-it-fail, through an fd opened before the faults. The
 * write is a user copy itself, so turning it off may fail: retry.
 */
static int mif_fd = -1;

static bool make_it_fail(bool on)
{
	int tries;

	for (tries = 0; tries < 1000; tries++)
		if (pwrite(mif_fd, on ? "1" : "0", 1, 0) == 1)
			return true;
	return false;
}

FIXTURE(faults) {
	int unused;
};

/*
 * Both kinds quiet: fail-nth injects through them whatever their
 * probability, and verbose 2 (the default) would dump a stack.
 */
FIXTURE_SETUP(faults)
{
	static const char *const kinds[] = { "failslab", "fail_usercopy" };
	char path[128];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(kinds); i++) {
		snprintf(path, sizeof(path), DBG "%s/verbose", kinds[i]);
		if (access(path, W_OK))
			SKIP(return, "no %s in debugfs (CONFIG_FAULT_INJECTION_DEBUG_FS)",
			     kinds[i]);
		ASSERT_TRUE(knob_write(path, "0"));
	}
	/* failslab skips GFP_KERNEL allocations unless told not to */
	ASSERT_TRUE(knob_write(DBG "failslab/ignore-gfp-wait", "N"));
	mif_fd = open("/proc/self/make-it-fail", O_WRONLY | O_CLOEXEC);
	ASSERT_LE(0, mif_fd);
}

FIXTURE_TEARDOWN(faults)
{
	if (mif_fd >= 0) {
		make_it_fail(false);
		close(mif_fd);
	}
	fault_stop("failslab");
	fault_stop("fail_usercopy");
}

/* After the faults, an open works and reads. */
static void open_works(struct __test_metadata *_metadata)
{
	__u8 buf[64];
	int fd = dev_open(_metadata);

	read_all(_metadata, fd, buf, sizeof(buf), "read after the faults");
	close(fd);
}

/*
 * fail-nth: the n-th allocation or user copy of an open fails, for n = 1,
 * 2, ... until an open goes through without a fault. Each failed open
 * fails with ENOMEM (an allocation) or EFAULT (the path name's copy).
 */
TEST_F_TIMEOUT(faults, failslab_every_fault_point_of_open, 300)
{
	int nth, n, enomem = 0, efault = 0, other = 0;
	char buf[16];

	nth = open("/proc/thread-self/fail-nth", O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, nth);
	for (n = 1; n < 200; n++) {
		long left;
		int fd, err;

		snprintf(buf, sizeof(buf), "%d", n);
		ASSERT_EQ((ssize_t)strlen(buf), pwrite(nth, buf, strlen(buf), 0));
		fd = open(PHILOX_DEV, O_RDONLY | O_CLOEXEC);
		err = fd < 0 ? errno : 0;
		memset(buf, 0, sizeof(buf));
		left = pread(nth, buf, sizeof(buf) - 1, 0) > 0 ?
			strtol(buf, NULL, 10) : -1;
		while (pwrite(nth, "0", 1, 0) != 1)
			;
		if (fd >= 0) {
			close(fd);
			if (left != 0)
				break;	/* the open had n - 1 fault points */
			continue;	/* a fault the path tolerates */
		}
		if (err == ENOMEM)
			enomem++;
		else if (err == EFAULT)
			efault++;
		else
			other++;
		EXPECT_TRUE(err == ENOMEM || err == EFAULT)
			TH_LOG("fault %d of open: %s", n, errno_name(err));
	}
	close(nth);
	EXPECT_GT(200, n) TH_LOG("an open never got through");
	EXPECT_LT(0, enomem) TH_LOG("no allocation of open failed");
	TH_LOG("fail-nth: %d fault points of open: %d ENOMEM, %d EFAULT, %d other",
	       n - 1, enomem, efault, other);
	record("failslab", enomem);
	record("fail_usercopy", efault);
	open_works(_metadata);
}

/* Opens and reads at random probability: ENOMEM, or an open that works. */
static void random_opens(struct __test_metadata *_metadata,
			 const char *kind)
{
	int i, ok = 0, enomem = 0, efault = 0, other = 0, bad_reads = 0;
	long injected;

	ASSERT_TRUE(fault_setup(kind, 30));
	ASSERT_TRUE(make_it_fail(true));
	for (i = 0; i < 400; i++) {
		__u8 buf[64];
		int fd = open(PHILOX_DEV, O_RDONLY | O_CLOEXEC);
		ssize_t n;

		if (fd < 0) {
			if (errno == ENOMEM)
				enomem++;
			else if (errno == EFAULT)
				efault++;
			else
				other++;
			continue;
		}
		ok++;
		/*
		 * A read allocates nothing; a user copy that fails cuts it
		 * short, or gives EFAULT when nothing was copied.
		 */
		n = read(fd, buf, sizeof(buf));
		if (n != sizeof(buf) && strcmp(kind, "fail_usercopy"))
			bad_reads++;
		else if (n == 0 || (n < 0 && errno != EFAULT))
			bad_reads++;
		close(fd);
	}
	ASSERT_TRUE(make_it_fail(false));
	injected = fault_stop(kind);
	EXPECT_EQ(0, other);
	EXPECT_EQ(0, bad_reads);
	if (!strcmp(kind, "failslab"))
		EXPECT_EQ(0, efault);
	EXPECT_LT(0, enomem + efault) TH_LOG("no open failed");
	EXPECT_LT(0, ok) TH_LOG("no open got through");
	TH_LOG("%s: %ld faults injected; 400 opens: %d ok, %d ENOMEM, %d EFAULT",
	       kind, injected, ok, enomem, efault);
	record(kind, injected);
	open_works(_metadata);
}

TEST_F_TIMEOUT(faults, failslab_random_opens, 300)
{
	random_opens(_metadata, "failslab");
}

TEST_F_TIMEOUT(faults, fail_usercopy_random_opens, 300)
{
	random_opens(_metadata, "fail_usercopy");
}

/*
 * A lone reader while copies fail: every read returns all its bytes, a
 * short count or EFAULT, and what the reads returned is NumPy's stream.
 */
TEST_F_TIMEOUT(faults, fail_usercopy_lone_reader_stream_is_numpy, 300)
{
	static const size_t sizes[] = {
		1, 7, 8, 13, 31, 32, 33, 100, 511, 512, 513, 1000, 4095, 4096,
		4097, 8192, 20000, 65536,
	};
	size_t total = contract_nblocks * PHILOX_BLOCK_BYTES, got = 0;
	struct philox_counter zero = { { 0 } };
	long reads = 0, full = 0, shortr = 0, efault = 0, bad = 0;
	long bad_n = 0, bad_err = 0, injected;
	const __u8 *stream;
	__u8 *buf;
	int fd;

	ASSERT_LE(READ_BYTES + TAIL_BYTES + 65536, total);
	stream = load_file(_metadata, "contract.bin", total);
	buf = malloc(READ_BYTES + TAIL_BYTES + 65536);
	ASSERT_TRUE(!!buf);
	memset(buf, 0, READ_BYTES + TAIL_BYTES + 65536);
	fd = dev_open(_metadata);
	ASSERT_TRUE(set_key_counter(_metadata, fd, &contract_key, &zero));

	ASSERT_TRUE(fault_setup("fail_usercopy", 20));
	ASSERT_TRUE(make_it_fail(true));
	while (got < READ_BYTES && reads < 200000) {
		size_t len = sizes[reads % ARRAY_SIZE(sizes)];
		ssize_t n = read(fd, buf + got, len);

		reads++;
		if (n == (ssize_t)len) {
			full++;
		} else if (n > 0 && (size_t)n < len) {
			shortr++;
		} else if (n < 0 && errno == EFAULT) {
			efault++;
		} else {
			bad++;
			bad_n = n;
			bad_err = errno;
		}
		if (n > 0)
			got += n;
	}
	ASSERT_TRUE(make_it_fail(false));
	injected = fault_stop("fail_usercopy");

	EXPECT_EQ(0, bad) TH_LOG("a read returned %ld (%s)", bad_n,
				 errno_name(bad_err));
	EXPECT_LT(0, shortr + efault) TH_LOG("no read was cut short");
	if (read_all(_metadata, fd, buf + got, TAIL_BYTES, "read after faults"))
		got += TAIL_BYTES;
	expect_mem(_metadata, buf, stream, got,
		   "reads under faults, then plain, against NumPy's stream");
	TH_LOG("%ld faults injected; %ld reads: %ld full, %ld short, %ld EFAULT",
	       injected, reads, full, shortr, efault);
	TH_LOG("%zu bytes compared with NumPy's stream", got);
	record("fail_usercopy", injected);
	close(fd);
	free(buf);
	free((void *)stream);
}

/* The state and seed, read with no faults; false if they cannot be. */
static bool snapshot(int fd, struct philox_state *st, struct philox_seed *sd,
		     int *seed_err)
{
	memset(st, 0, sizeof(*st));
	memset(sd, 0, sizeof(*sd));
	if (ioctl(fd, PHILOX_IOC_GET_STATE, st))
		return false;
	*seed_err = ioctl(fd, PHILOX_IOC_GET_SEED, sd) ? errno : 0;
	return true;
}

/* Ioctls under user copy faults: 0 or EFAULT; a failed one changes nothing. */
TEST_F_TIMEOUT(faults, fail_usercopy_failed_ioctl_changes_nothing, 300)
{
	static const unsigned long cmds[] = {
		PHILOX_IOC_SEED, PHILOX_IOC_SET_KEY, PHILOX_IOC_SET_COUNTER,
		PHILOX_IOC_ADVANCE, PHILOX_IOC_JUMP, PHILOX_IOC_SET_STATE,
		PHILOX_IOC_GET_STATE, PHILOX_IOC_GET_SEED, PHILOX_IOC_GET_KEY,
		PHILOX_IOC_GET_COUNTER, PHILOX_IOC_SPAWN,
	};
	struct philox_seed seed = { .entropy = { 12345 }, .n_entropy = 1 };
	long calls = 0, efault = 0, bad = 0, changed = 0, injected;
	int fd, i;

	fd = dev_open(_metadata);
	ASSERT_TRUE(ioctl_ok(_metadata, fd, PHILOX_IOC_SEED, &seed, "SEED"));
	ASSERT_TRUE(fault_setup("fail_usercopy", 40));
	for (i = 0; i < 3000; i++) {
		union philox_ioctl_arg arg;
		struct philox_state st0, st1;
		struct philox_seed sd0, sd1;
		int e0, e1, err;
		unsigned long cmd = cmds[i % ARRAY_SIZE(cmds)];

		memset(&arg, 0, sizeof(arg));
		switch (cmd) {
		case PHILOX_IOC_SEED:
			arg.seed.entropy[0] = i;
			arg.seed.n_entropy = 1 + i % 4;
			break;
		case PHILOX_IOC_SET_STATE:
			arg.state.counter[0] = i;
			arg.state.key[0] = i * 7;
			arg.state.buffer_pos = i % 33;
			break;
		default:
			arg.counter.counter[0] = i;	/* key, counter, jumps */
			break;
		}
		if (!snapshot(fd, &st0, &sd0, &e0)) {
			bad++;
			break;
		}
		ASSERT_TRUE(make_it_fail(true));
		err = ioctl(fd, cmd, &arg) ? errno : 0;
		ASSERT_TRUE(make_it_fail(false));
		calls++;
		if (err == EFAULT)
			efault++;
		else if (err && !(err == ENODATA && e0 == ENODATA))
			bad++;
		if (!err)
			continue;
		if (!snapshot(fd, &st1, &sd1, &e1)) {
			bad++;
			break;
		}
		if (memcmp(&st0, &st1, sizeof(st0)) || e0 != e1 ||
		    memcmp(&sd0, &sd1, sizeof(sd0))) {
			changed++;
			TH_LOG("ioctl %#lx failed with %s and changed the state",
			       cmd, errno_name(err));
		}
	}
	injected = fault_stop("fail_usercopy");
	EXPECT_EQ(0, bad);
	EXPECT_EQ(0, changed);
	EXPECT_LT(0, efault) TH_LOG("no ioctl failed");
	TH_LOG("%ld faults injected; %ld ioctls, %ld failed with EFAULT, none changed anything",
	       injected, calls, efault);
	record("fail_usercopy", injected);
	close(fd);
}

TEST_HARNESS_MAIN
