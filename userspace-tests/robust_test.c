// SPDX-License-Identifier: GPL-2.0
/*
 * robust_test: what a hostile or unlucky process can do to /dev/philox.
 *
 * - Bad read buffers (NULL, read-only, partly unmapped) give EFAULT or a
 *   short count and lose no stream bytes.
 * - A 1 GiB read is interrupted by a signal promptly, returns a partial
 *   count, and the stream goes on right after it.
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

#include "philox_test.h"

#include <pthread.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>

#define GIB		(1024UL * 1024 * 1024)
#define STRESS_SECONDS	3

static const struct philox_key test_key = { { 0x0123456789abcdefULL,
					      0x0fedcba987654321ULL } };
static const struct philox_counter test_counter = { { 77, 0, 0, 0 } };

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int keyed_open(void)
{
	int fd = dev_open();

	if (!t_set_key_counter(fd, &test_key, &test_counter))
		t_bail("SET_KEY/SET_COUNTER failed");
	return fd;
}

/* Both files are at the same place in the same stream. */
static int same_state(int fd, int ref, const char *what)
{
	struct philox_state a, b;

	if (!t_get_state(fd, &a, what) || !t_get_state(ref, &b, what))
		return 0;
	return t_expect_mem(&a, &b, sizeof(a), what);
}

/* Skip n bytes of ref by reading them. */
static void ref_skip(int ref, size_t n)
{
	static __u8 sink[1 << 16];

	while (n) {
		size_t chunk = n < sizeof(sink) ? n : sizeof(sink);

		if (!t_read(ref, sink, chunk, "reference read"))
			return;
		n -= chunk;
	}
}

static void bad_buffers(void)
{
	long page = sysconf(_SC_PAGESIZE);
	__u8 *ro, *two, got[256], want[256];
	int fd = keyed_open(), ref = keyed_open();
	ssize_t n;

	ro = mmap(NULL, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	two = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (ro == MAP_FAILED || two == MAP_FAILED)
		t_bail("mmap: %s", strerror(errno));
	munmap(two + page, page);

	/* syscall(), as the C library declares read()'s buffer non-null */
	n = syscall(SYS_read, fd, NULL, 64);
	t_expect_err(n < 0 ? errno : 0, EFAULT, "read into NULL");
	same_state(fd, ref, "state after the NULL read");
	t_done("read into NULL: EFAULT, nothing taken from the stream");

	n = read(fd, ro, 100);
	t_expect_err(n < 0 ? errno : 0, EFAULT, "read into a read-only page");
	same_state(fd, ref, "state after the read-only read");
	t_done("read into a read-only page: EFAULT, nothing taken");

	n = read(fd, (void *)0xffffffff81000000UL, 64);
	t_expect_err(n < 0 ? errno : 0, EFAULT, "read into a kernel address");
	same_state(fd, ref, "state after the kernel-address read");
	t_done("read into a kernel address: EFAULT, nothing taken");

	/* 100 bytes fit before the hole: a short count of exactly those. */
	n = read(fd, two + page - 100, 4096);
	t_expect_u64(n, 100, "read straddling an unmapped page");
	if (n == 100) {
		if (t_read(ref, want, 100, "reference"))
			t_expect_mem(two + page - 100, want, 100,
				     "the 100 bytes before the hole");
		same_state(fd, ref, "state after the short read");
		if (t_read(fd, got, sizeof(got), "read after the short read") &&
		    t_read(ref, want, sizeof(want), "reference"))
			t_expect_mem(got, want, sizeof(got),
				     "the stream right after the short read");
	}
	t_done("read straddling an unmapped page: a short count, and the stream goes on after it");

	/* Faults inside a large read, past its first chunk. */
	n = read(fd, two + page - 3000, 1 << 20);
	t_expect_u64(n, 3000, "1 MiB read with a hole after 3000 bytes");
	ref_skip(ref, 3000);
	same_state(fd, ref, "state after the large short read");
	t_done("1 MiB read into 3000 mapped bytes: 3000, and nothing else taken");

	munmap(ro, page);
	munmap(two, page);
	close(fd);
	close(ref);
}

static void on_alarm(int sig)
{
	(void)sig;
}

/*
 * 1 GiB of address space backed by 1 MiB of memory, read in one call and
 * interrupted by a timer after 100 ms.
 */
static void interrupted_read(void)
{
	const size_t backing = 1 << 20;
	struct sigaction sa = { .sa_handler = on_alarm };
	struct itimerval it = { .it_value = { 0, 100000 } };
	int fd = keyed_open(), ref = keyed_open(), mfd;
	double start, took;
	__u8 *buf;
	ssize_t n;
	size_t off;

	mfd = memfd_create("philox-backing", 0);
	buf = mmap(NULL, GIB, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS |
		   MAP_NORESERVE, -1, 0);
	if (mfd < 0 || ftruncate(mfd, backing) || buf == MAP_FAILED)
		t_bail("1 GiB buffer: %s", strerror(errno));
	for (off = 0; off < GIB; off += backing)
		if (mmap(buf + off, backing, PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_FIXED, mfd, 0) == MAP_FAILED)
			t_bail("mmap backing: %s", strerror(errno));

	sigaction(SIGALRM, &sa, NULL);	/* no SA_RESTART */
	setitimer(ITIMER_REAL, &it, NULL);
	start = now();
	n = read(fd, buf, GIB);
	took = now() - start;
	if (n <= 0 || (size_t)n >= GIB)
		t_note("read returned %zd of %lu bytes (%s)", n, GIB,
		       n < 0 ? errno_name(errno) : "not interrupted");
	if (took > 2.0)
		t_note("the read took %.2f s to notice the signal", took);
	if (n > 0) {
		ref_skip(ref, n);
		same_state(fd, ref, "state after the interrupted read");
	}
	t_done("a 1 GiB read stops at a signal: %zd bytes in %.2f s; the stream goes on after them",
	       n, took);

	munmap(buf, GIB);
	close(mfd);
	close(fd);
	close(ref);
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
			err = pio(s->fd, PHILOX_IOC_ADVANCE, &delta);
			break;
		case 4:
			jumps = x >> 32;
			err = pio(s->fd, PHILOX_IOC_JUMP, &jumps);
			break;
		case 5:
			err = pio(s->fd, PHILOX_IOC_GET_STATE, &st);
			st.buffer_pos = x % 33;
			if (!err)
				err = pio(s->fd, PHILOX_IOC_SET_STATE, &st);
			break;
		case 6:
			memset(&seed, 0, sizeof(seed));
			seed.entropy[0] = x;
			seed.n_entropy = 1 + x % 4;
			err = pio(s->fd, PHILOX_IOC_SEED, &seed);
			break;
		default:
			err = pio(s->fd, PHILOX_IOC_RESEED, NULL);
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

static void concurrency(void)
{
	struct stress *s;
	pthread_t threads[4];
	int fd = dev_open(), ref, i, status;
	long calls = 0, failures = 0;
	pid_t child;

	s = mmap(NULL, 5 * sizeof(*s), PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (s == MAP_FAILED)
		t_bail("mmap: %s", strerror(errno));
	for (i = 0; i < 5; i++)
		s[i] = (struct stress){ fd, i, now() + STRESS_SECONDS, 0, 0 };

	child = fork();
	if (child == 0) {
		stress_run(&s[4]);
		_exit(0);
	}
	for (i = 0; i < 4; i++)
		pthread_create(&threads[i], NULL, stress_thread, &s[i]);
	for (i = 0; i < 4; i++)
		pthread_join(threads[i], NULL);
	waitpid(child, &status, 0);
	for (i = 0; i < 5; i++) {
		calls += s[i].calls;
		failures += s[i].failures;
	}
	if (failures)
		t_note("%ld of %ld calls failed", failures, calls);

	/* Still a stream like any other: compare with a fresh file. */
	ref = keyed_open();
	if (t_set_key_counter(fd, &test_key, &test_counter)) {
		__u8 got[4096], want[4096];

		if (t_read(fd, got, sizeof(got), "read") &&
		    t_read(ref, want, sizeof(want), "reference"))
			t_expect_mem(got, want, sizeof(got),
				     "stream after the stress");
	}
	t_done("4 threads, 1 child, reads and state changes for %d s: %ld calls succeed",
	       STRESS_SECONDS, calls);
	munmap(s, 5 * sizeof(*s));
	close(fd);
	close(ref);
}

/*
 * A GET ioctl into a buffer of pattern bytes, with room to spare after the
 * structure.
 */
static int get_with_pattern(int fd, unsigned long cmd, size_t size, int fill,
			    __u8 *out)
{
	memset(out, fill, size + 64);
	return pio(fd, cmd, out);
}

static void no_leaks(void)
{
	static const struct {
		const char *name;
		unsigned long cmd;
		size_t size;
	} gets[] = {
		{ "GET_SEED", PHILOX_IOC_GET_SEED, sizeof(struct philox_seed) },
		{ "SPAWN", PHILOX_IOC_SPAWN, sizeof(struct philox_seed) },
		{ "GET_KEY", PHILOX_IOC_GET_KEY, sizeof(struct philox_key) },
		{ "GET_COUNTER", PHILOX_IOC_GET_COUNTER,
		  sizeof(struct philox_counter) },
		{ "GET_STATE", PHILOX_IOC_GET_STATE,
		  sizeof(struct philox_state) },
	};
	struct philox_seed seed = { .entropy = { 3 }, .n_entropy = 1 };
	__u8 a[512], b[512];
	size_t g, i;

	for (g = 0; g < ARRAY_SIZE(gets); g++) {
		/* Two files in the same state, so SPAWN answers alike. */
		int fa = dev_open(), fb = dev_open();
		__u8 c;

		pio(fa, PHILOX_IOC_SEED, &seed);
		pio(fb, PHILOX_IOC_SEED, &seed);
		read(fa, &c, 1);
		read(fb, &c, 1);
		t_expect_err(get_with_pattern(fa, gets[g].cmd, gets[g].size,
					      0xa5, a), 0, gets[g].name);
		t_expect_err(get_with_pattern(fb, gets[g].cmd, gets[g].size,
					      0x5a, b), 0, gets[g].name);
		t_expect_mem(a, b, gets[g].size,
			     "bytes of the structure (pattern survived where they differ)");
		for (i = gets[g].size; i < gets[g].size + 64; i++)
			if (a[i] != 0xa5 || b[i] != 0x5a) {
				t_note("byte %zu past the structure was written",
				       i - gets[g].size);
				break;
			}
		t_done("%s writes all %zu bytes of its structure, none past it",
		       gets[g].name, gets[g].size);
		close(fa);
		close(fb);
	}
}

int main(void)
{
	t_init("robust_test");
	bad_buffers();
	interrupted_read();
	concurrency();
	no_leaks();
	return t_exit();
}
