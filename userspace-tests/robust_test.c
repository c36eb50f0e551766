// SPDX-License-Identifier: GPL-2.0
/*
 * robust_test: what a hostile or unlucky process can do to /dev/philox.
 *
 * - Bad read buffers (NULL, read-only, partly unmapped) give EFAULT or a
 *   short count and lose no stream bytes.
 * - A 1 GiB read is interrupted by a signal promptly, returns a partial
 *   count, and the stream goes on right after it. Signals end reads short
 *   after a page, never fail them.
 * - Threads and a forked child mixing reads with ADVANCE, JUMP, SET_STATE,
 *   SEED and RESEED on one file for seconds: every call succeeds, and a
 *   known answer still comes out at the end.
 * - Every structure copied out is fully written: two calls on buffers
 *   filled with different patterns return the same bytes, and nothing past
 *   the structure is touched.
 *
 * The reference for "no bytes lost" is a second file with the same key and
 * counter, read plainly: two files in the same state give the same bytes.
 */

#include "philox_helpers.h"

#include <pthread.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>

#define GIB		(1024UL * 1024 * 1024)
#define STRESS_SECONDS	3

static const struct philox_key test_key = { { 0x0123456789abcdefULL,
					      0x0fedcba987654321ULL } };
static const struct philox_counter test_counter = { { 77, 0, 0, 0 } };

static int keyed_open(struct __test_metadata *_metadata)
{
	int fd = dev_open(_metadata);

	ASSERT_TRUE(set_key_counter(_metadata, fd, &test_key, &test_counter));
	return fd;
}

/* Both files are at the same place in the same stream. */
static bool same_state(struct __test_metadata *_metadata, int fd, int ref,
		       const char *what)
{
	struct philox_state a, b;

	return get_state(_metadata, fd, &a, what) &&
	       get_state(_metadata, ref, &b, what) &&
	       expect_state(_metadata, &a, &b, what);
}

/* Skip n bytes of ref by reading them. */
static void ref_skip(struct __test_metadata *_metadata, int ref, size_t n)
{
	static __u8 sink[1 << 16];

	while (n) {
		size_t chunk = n < sizeof(sink) ? n : sizeof(sink);

		if (!read_all(_metadata, ref, sink, chunk, "reference read"))
			return;
		n -= chunk;
	}
}

/*
 * Two files of the same key and counter: the one under test, and the
 * reference, read plainly.
 */
FIXTURE(keyed) {
	int fd, ref;
	long page;
	__u8 *ro, *two;	/* a read-only page; a page before a hole */
};

FIXTURE_SETUP(keyed)
{
	self->fd = keyed_open(_metadata);
	self->ref = keyed_open(_metadata);
	self->page = sysconf(_SC_PAGESIZE);
	self->ro = mmap(NULL, self->page, PROT_READ,
			MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	self->two = mmap(NULL, 2 * self->page, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_TRUE(self->ro != MAP_FAILED && self->two != MAP_FAILED);
	munmap(self->two + self->page, self->page);
}

FIXTURE_TEARDOWN(keyed)
{
	munmap(self->ro, self->page);
	munmap(self->two, self->page);
	close(self->fd);
	close(self->ref);
}

/* read into NULL: EFAULT, nothing taken from the stream */
TEST_F(keyed, read_into_null)
{
	/* syscall(), as the C library declares read()'s buffer non-null */
	long n = syscall(SYS_read, self->fd, NULL, 64);

	expect_err(_metadata, call_err(n), EFAULT, "read into NULL");
	same_state(_metadata, self->fd, self->ref, "state after");
}

/* read into a read-only page: EFAULT, nothing taken */
TEST_F(keyed, read_into_read_only_page)
{
	ssize_t n = read(self->fd, self->ro, 100);

	expect_err(_metadata, call_err(n), EFAULT, "read into a read-only page");
	same_state(_metadata, self->fd, self->ref, "state after");
}

/* read into a kernel address: EFAULT, nothing taken */
TEST_F(keyed, read_into_kernel_address)
{
	ssize_t n = read(self->fd, (void *)0xffffffff81000000UL, 64);

	expect_err(_metadata, call_err(n), EFAULT,
		   "read into a kernel address");
	same_state(_metadata, self->fd, self->ref, "state after");
}

/*
 * A read straddling an unmapped page: a short count, the stream goes on
 * right after it. copy_to_user() may stop a little before the fault (by
 * how much depends on the architecture's copy routine: x86-64 stops at it,
 * arm64 returned 88 of 100 bytes, i386 64), so any count from 1 to the
 * mapped bytes is right, as long as nothing past it is lost.
 */
TEST_F(keyed, read_straddling_unmapped_page)
{
	__u8 *buf = self->two + self->page - 100, got[256], want[256];
	ssize_t n = read(self->fd, buf, 4096);

	ASSERT_TRUE(n > 0 && n <= 100)
		TH_LOG("read returned %zd, want 1..100", n);
	if (read_all(_metadata, self->ref, want, n, "reference"))
		expect_mem(_metadata, buf, want, n,
			   "the bytes before the hole");
	same_state(_metadata, self->fd, self->ref, "state after");
	if (read_all(_metadata, self->fd, got, sizeof(got), "read after") &&
	    read_all(_metadata, self->ref, want, sizeof(want), "reference"))
		expect_mem(_metadata, got, want, sizeof(got),
			   "the stream right after the short read");
}

/* A 1 MiB read into 3000 mapped bytes: at most 3000, nothing else taken. */
TEST_F(keyed, large_read_faulting_past_first_chunk)
{
	ssize_t n = read(self->fd, self->two + self->page - 3000, 1 << 20);

	ASSERT_TRUE(n > 0 && n <= 3000)
		TH_LOG("read returned %zd, want 1..3000", n);
	ref_skip(_metadata, self->ref, n);
	same_state(_metadata, self->fd, self->ref, "state after");
}

static void on_alarm(int sig)
{
	(void)sig;
}

/*
 * A 1 GiB read stops at a signal and returns what it read; the stream
 * goes on after it. 1 GiB of address space backed by 1 MiB of memory,
 * read in one call and interrupted by a timer after 100 ms.
 */
TEST_F_TIMEOUT(keyed, interrupted_1_gib_read, 120)
{
	const size_t backing = 1 << 20;
	struct sigaction sa = { .sa_handler = on_alarm };
	struct itimerval it = { .it_value = { 0, 100000 } };
	double start, took;
	size_t off;
	ssize_t n;
	__u8 *buf;
	int mfd;

	mfd = memfd_create("philox-backing", 0);
	buf = mmap(NULL, GIB, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS |
		   MAP_NORESERVE, -1, 0);
	ASSERT_TRUE(mfd >= 0 && !ftruncate(mfd, backing) && buf != MAP_FAILED)
		TH_LOG("1 GiB buffer: %s", strerror(errno));
	for (off = 0; off < GIB; off += backing)
		ASSERT_TRUE(mmap(buf + off, backing, PROT_READ | PROT_WRITE,
				 MAP_SHARED | MAP_FIXED, mfd, 0) != MAP_FAILED);

	sigaction(SIGALRM, &sa, NULL);	/* no SA_RESTART */
	setitimer(ITIMER_REAL, &it, NULL);
	start = now();
	n = read(self->fd, buf, GIB);
	took = now() - start;
	EXPECT_TRUE(n > 0 && (size_t)n < GIB)
		TH_LOG("read returned %zd of %lu bytes (%s)", n, GIB,
		       n < 0 ? errno_name(errno) : "not interrupted");
	EXPECT_GE(2.0, took) TH_LOG("the read took %.2f s to notice the signal",
				    took);
	if (n > 0) {
		ref_skip(_metadata, self->ref, n);
		same_state(_metadata, self->fd, self->ref,
			   "state after the interrupted read");
	}
	TH_LOG("%zd bytes in %.2f s", n, took);
	munmap(buf, GIB);
	close(mfd);
}

/*
 * A read looks for signals only between pages, once a page is copied,
 * as random.c's reads do: under a storm of signals (no SA_RESTART) no
 * read fails with EINTR, none of a page or less is cut short, larger ones
 * are, and the stream goes on right after each.
 */
TEST_F_TIMEOUT(keyed, signals_end_reads_short_never_failed, 120)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	struct itimerval storm = { { 0, 500 }, { 0, 500 } };
	struct itimerval off = { { 0, 0 }, { 0, 0 } };
	const size_t sizes[] = { 8, 100, self->page, 4 * self->page, 1 << 20 };
	unsigned long reads = 0, failed = 0, short_small = 0, short_big = 0;
	__u8 *buf = malloc(1 << 20);
	size_t total = 0;
	double until = now() + 2;

	ASSERT_TRUE(!!buf);
	sigaction(SIGALRM, &sa, NULL);	/* no SA_RESTART */
	setitimer(ITIMER_REAL, &storm, NULL);
	while (now() < until) {
		size_t len = sizes[reads++ % ARRAY_SIZE(sizes)];
		ssize_t n = read(self->fd, buf, len);

		if (n <= 0) {
			failed++;
			continue;
		}
		if ((size_t)n < len && len <= (size_t)self->page)
			short_small++;
		else if ((size_t)n < len)
			short_big++;
		total += n;
	}
	setitimer(ITIMER_REAL, &off, NULL);
	/* The reference is read after the storm, which would cut it short. */
	ref_skip(_metadata, self->ref, total);
	EXPECT_EQ(0, failed) TH_LOG("%lu of %lu reads failed", failed, reads);
	EXPECT_EQ(0, short_small)
		TH_LOG("%lu reads of a page or less cut short", short_small);
	/* Without this the storm missed the reads, and the test proves nothing. */
	EXPECT_LT(0, short_big) TH_LOG("no read was cut short by a signal");
	same_state(_metadata, self->fd, self->ref, "state after the storm");
	TH_LOG("%lu reads, %lu larger than a page cut short", reads, short_big);
	free(buf);
}

struct stress {
	int fd;
	int id;
	double until;
	long calls;
	long failures;
};

/* One worker: random reads and state changes, each of which must succeed. */
static void stress_run(struct stress *s)
{
	__u64 x = 0x9e3779b97f4a7c15ULL * (s->id + 1);
	struct philox_state st;
	struct philox_seed seed;
	__u8 buf[8192];

	while (now() < s->until) {
		struct philox_counter delta = { { 0 } };
		__u64 jumps;
		int err = 0;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		switch (x % 8) {
		case 0:
		case 1:
		case 2:
			if (read(s->fd, buf, 1 + x % sizeof(buf)) <= 0)
				err = errno;
			break;
		case 3:
			delta.counter[x % 4] = x;
			err = ioctl_err(s->fd, PHILOX_IOC_ADVANCE, &delta);
			break;
		case 4:
			jumps = x >> 32;
			err = ioctl_err(s->fd, PHILOX_IOC_JUMP, &jumps);
			break;
		case 5:
			err = ioctl_err(s->fd, PHILOX_IOC_GET_STATE, &st);
			st.buffer_pos = x % 33;
			if (!err)
				err = ioctl_err(s->fd, PHILOX_IOC_SET_STATE, &st);
			break;
		case 6:
			memset(&seed, 0, sizeof(seed));
			seed.entropy[0] = x;
			seed.n_entropy = 1 + x % 4;
			err = ioctl_err(s->fd, PHILOX_IOC_SEED, &seed);
			break;
		default:
			err = ioctl_err(s->fd, PHILOX_IOC_RESEED, NULL);
			break;
		}
		s->calls++;
		if (err)
			s->failures++;
	}
}

static void *stress_thread(void *p)
{
	stress_run(p);
	return NULL;
}

/*
 * 4 threads and a child mix reads and state changes on one file for
 * STRESS_SECONDS: every call succeeds, and it is still a stream like any
 * other.
 */
TEST_F_TIMEOUT(keyed, concurrent_state_changes, 120)
{
	struct stress *s;
	pthread_t threads[4];
	long calls = 0, failures = 0;
	__u8 got[4096], want[4096];
	int i, status;
	pid_t child;

	s = mmap(NULL, 5 * sizeof(*s), PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_TRUE(s != MAP_FAILED);
	for (i = 0; i < 5; i++)
		s[i] = (struct stress){ self->fd, i, now() + STRESS_SECONDS };

	child = fork();
	ASSERT_LE(0, child);
	if (child == 0) {
		stress_run(&s[4]);
		_exit(0);
	}
	for (i = 0; i < 4; i++)
		ASSERT_EQ(0, pthread_create(&threads[i], NULL, stress_thread,
					    &s[i]));
	for (i = 0; i < 4; i++)
		pthread_join(threads[i], NULL);
	waitpid(child, &status, 0);
	for (i = 0; i < 5; i++) {
		calls += s[i].calls;
		failures += s[i].failures;
	}
	EXPECT_EQ(0, failures) TH_LOG("of %ld calls", calls);
	munmap(s, 5 * sizeof(*s));

	/* Still a stream like any other: compare with the reference. */
	ASSERT_TRUE(set_key_counter(_metadata, self->fd, &test_key,
				    &test_counter));
	if (read_all(_metadata, self->fd, got, sizeof(got), "read") &&
	    read_all(_metadata, self->ref, want, sizeof(want), "reference"))
		expect_mem(_metadata, got, want, sizeof(got),
			   "stream after the stress");
}

/*
 * Every structure copied out is fully written: two files in the same
 * state, GETs into buffers of different patterns return the same bytes,
 * and nothing past the structure is touched.
 */
FIXTURE(get) {
};

FIXTURE_VARIANT(get) {
	unsigned long cmd;
};

FIXTURE_VARIANT_ADD(get, get_seed) { PHILOX_IOC_GET_SEED };
FIXTURE_VARIANT_ADD(get, spawn) { PHILOX_IOC_SPAWN };
FIXTURE_VARIANT_ADD(get, get_key) { PHILOX_IOC_GET_KEY };
FIXTURE_VARIANT_ADD(get, get_counter) { PHILOX_IOC_GET_COUNTER };
FIXTURE_VARIANT_ADD(get, get_state) { PHILOX_IOC_GET_STATE };

FIXTURE_SETUP(get)
{
}

FIXTURE_TEARDOWN(get)
{
}

/* A GET into a buffer of pattern bytes, with room to spare after it. */
static int get_with_pattern(int fd, unsigned long cmd, int fill, __u8 *out)
{
	memset(out, fill, _IOC_SIZE(cmd) + 64);
	return ioctl_err(fd, cmd, out);
}

TEST_F(get, writes_whole_structure_and_nothing_past_it)
{
	struct philox_seed seed = { .entropy = { 3 }, .n_entropy = 1 };
	size_t i, size = _IOC_SIZE(variant->cmd);
	int fa = dev_open(_metadata), fb = dev_open(_metadata);
	__u8 a[512], b[512], c;

	/* Two files in the same state, so SPAWN answers alike. */
	ioctl_ok(_metadata, fa, PHILOX_IOC_SEED, &seed, "SEED");
	ioctl_ok(_metadata, fb, PHILOX_IOC_SEED, &seed, "SEED");
	read_all(_metadata, fa, &c, 1, "1 byte");
	read_all(_metadata, fb, &c, 1, "1 byte");
	expect_err(_metadata, get_with_pattern(fa, variant->cmd, 0xa5, a), 0,
		   "the GET");
	expect_err(_metadata, get_with_pattern(fb, variant->cmd, 0x5a, b), 0,
		   "the GET");
	expect_mem(_metadata, a, b, size,
		   "bytes of the structure (pattern survived where they differ)");
	for (i = size; i < size + 64; i++)
		if (a[i] != 0xa5 || b[i] != 0x5a)
			break;
	EXPECT_EQ(size + 64, i) TH_LOG("byte %zu past the structure was written",
				       i - size);
	close(fa);
	close(fb);
}

TEST_HARNESS_MAIN
