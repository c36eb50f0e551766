// SPDX-License-Identifier: GPL-2.0
/*
 * Reads against the memory manager: a read of 8 MiB is stopped half way
 * while its process forks, writes the buffer, unmaps or discards part of
 * it, or while a MAP_SHARED file on ext4 is written back and paged out.
 * The device may write the reader's memory only as a copy does (the
 * uaccess API), so: a child's memory never changes after fork(), the
 * parent's buffer holds NumPy's stream, a file mapping keeps every byte
 * through writeback and a remount, and memory taken away during a read
 * ends it short, never with bytes "delivered" to pages nobody maps.
 *
 * The race is made certain rather than hoped for. The reader runs on CPU
 * 0, and a SCHED_FIFO thread on the same CPU wakes while it reads; a read
 * yields between pages, so the FIFO thread takes the CPU there, finds how
 * far the read got, and holds the CPU while the test thread on CPU 1 acts
 * on the pages around that point. Then the read goes on. A round whose
 * read had not started or had nearly finished is tried again with another
 * delay. The stream is NumPy's, contract.bin of gen-expected.py.
 */

#include "philox_helpers.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <linux/loop.h>

#include "contract_expected.h"

/* Rounds stopped half way per test; MM_TEST_ROUNDS=N asks for more. */
#define DEFAULT_ROUNDS	3
/* Reads started per stopped round, at most, before a test gives up. */
#define TRIES_PER_ROUND	20
/* Pages past the stop that the test thread unmaps, discards or writes. */
#define AROUND_PAGES	16
/* Delays from the read's start to the stop, in nanoseconds. */
#define MIN_DELAY_NS	20000L
#define MAX_DELAY_NS	500000000L
/* TCG and the debug kernel: 8 MiB reads, forks of 24 MiB processes. */
#define MM_TIMEOUT	900

#define EXT4_IMAGE	"ext4.img"	/* in the data directory */
#define EXT4_MNT	"/tmp/mm_test-ext4"

enum stop_phase { READING, STOPPED, ACTED, MISSED };

/**
 * struct stopped_read - one read, stopped half way
 * @fd: /dev/philox at the start of @stream
 * @buf: where the read goes, @len bytes
 * @stream: what the read must return
 * @page: the page size
 * @delay_ns: from the start of the read to the stop
 * @phase: enum stop_phase, between the three threads
 * @at: bytes of the stream the read had copied when it was stopped
 * @ret: what read() returned
 * @err: its errno, or 0
 * @start: starts the reader and the stopping thread together
 */
struct stopped_read {
	int fd;
	__u8 *buf;
	size_t len;
	const __u8 *stream;
	size_t page;
	long delay_ns;
	atomic_int phase;
	size_t at;
	ssize_t ret;
	int err;
	pthread_barrier_t start;
};

typedef void (*stop_action)(struct stopped_read *sr, void *ctx);

static int rounds_wanted(void)
{
	const char *s = getenv("MM_TEST_ROUNDS");

	return s && atoi(s) > 0 ? atoi(s) : DEFAULT_ROUNDS;
}

static void pin_to_cpu(cpu_set_t *set, int cpu)
{
	CPU_ZERO(set);
	CPU_SET(cpu, set);
}

static void *reader_main(void *p)
{
	struct stopped_read *sr = p;

	pthread_barrier_wait(&sr->start);
	sr->ret = read(sr->fd, sr->buf, sr->len);
	sr->err = sr->ret < 0 ? errno : 0;
	return NULL;
}

/* How far the read got: the first page that does not start as the stream. */
static size_t read_progress(const struct stopped_read *sr)
{
	size_t off;

	for (off = 0; off < sr->len; off += sr->page)
		if (memcmp(sr->buf + off, sr->stream + off, 8))
			break;
	return off;
}

/*
 * On the reader's CPU at a higher priority: once awake, the reader cannot
 * run until this returns, so the read stays where it is while the test
 * thread acts.
 */
static void *stopper_main(void *p)
{
	struct stopped_read *sr = p;
	struct timespec delay = { 0, sr->delay_ns };

	pthread_barrier_wait(&sr->start);
	nanosleep(&delay, NULL);
	sr->at = read_progress(sr);
	if (!sr->at || sr->at + (AROUND_PAGES + 2) * sr->page >= sr->len) {
		atomic_store(&sr->phase, MISSED);
		return NULL;
	}
	atomic_store(&sr->phase, STOPPED);
	while (atomic_load(&sr->phase) != ACTED)
		;	/* hold the CPU */
	return NULL;
}

static int start_thread(pthread_t *t, void *(*fn)(void *), void *arg,
			int cpu, bool fifo)
{
	struct sched_param param = { .sched_priority = 1 };
	pthread_attr_t attr;
	cpu_set_t set;
	int err;

	pin_to_cpu(&set, cpu);
	pthread_attr_init(&attr);
	pthread_attr_setaffinity_np(&attr, sizeof(set), &set);
	if (fifo) {
		pthread_attr_setinheritsched(&attr, PTHREAD_EXPLICIT_SCHED);
		pthread_attr_setschedpolicy(&attr, SCHED_FIFO);
		pthread_attr_setschedparam(&attr, &param);
	}
	err = pthread_create(t, &attr, fn, arg);
	pthread_attr_destroy(&attr);
	return err;
}

/*
 * One read of sr->len bytes with act() run on this thread (CPU 1) while
 * the read is stopped half way. Returns whether it was stopped; if not,
 * the read ran through and the delay is moved for the next try.
 */
static bool stopped_read_run(struct __test_metadata *_metadata,
			     struct stopped_read *sr, stop_action act,
			     void *ctx)
{
	pthread_t reader, stopper;
	int phase;

	atomic_store(&sr->phase, READING);
	ASSERT_EQ(0, pthread_barrier_init(&sr->start, NULL, 2));
	ASSERT_EQ(0, start_thread(&reader, reader_main, sr, 0, false));
	ASSERT_EQ(0, start_thread(&stopper, stopper_main, sr, 0, true))
		TH_LOG("a SCHED_FIFO thread on CPU 0");

	while ((phase = atomic_load(&sr->phase)) == READING)
		sched_yield();
	if (phase == STOPPED) {
		act(sr, ctx);
		atomic_store(&sr->phase, ACTED);
	}
	pthread_join(stopper, NULL);
	pthread_join(reader, NULL);
	pthread_barrier_destroy(&sr->start);

	if (phase == STOPPED) {
		/* Somewhere else in the read next time. */
		sr->delay_ns = sr->delay_ns / 2 + random() % sr->delay_ns;
		return true;
	}
	if (!sr->at)
		sr->delay_ns = sr->delay_ns * 2 < MAX_DELAY_NS ?
			       sr->delay_ns * 2 : MAX_DELAY_NS;
	else
		sr->delay_ns = sr->delay_ns / 2 > MIN_DELAY_NS ?
			       sr->delay_ns / 2 : MIN_DELAY_NS;
	return false;
}

/* The first page boundary at least a page past where the read stopped. */
static size_t ahead_of_stop(const struct stopped_read *sr)
{
	return (sr->at / sr->page + 2) * sr->page;
}

#define RT_RUNTIME	"/proc/sys/kernel/sched_rt_runtime_us"

FIXTURE(mm) {
	int fd;
	__u8 *stream;
	size_t len;
	struct stopped_read sr;
	int rounds;
	char rt_runtime[32];	/* to put back */
};

/*
 * The kernel lets SCHED_FIFO threads have 95% of each second; on a slow
 * host an action may take longer, and the read would go on under it.
 * Unlimited while the test runs, so that a stop holds.
 */
static void rt_throttle(const char *value, char *old, size_t len)
{
	int fd = open(RT_RUNTIME, O_RDWR | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return;
	if (old) {
		n = read(fd, old, len - 1);
		old[n > 0 ? n : 0] = 0;
	}
	if (write(fd, value, strlen(value)) < 0)
		perror(RT_RUNTIME);
	close(fd);
}

FIXTURE_SETUP(mm)
{
	struct sched_param param = { .sched_priority = 1 };
	cpu_set_t set;

	if (sysconf(_SC_NPROCESSORS_ONLN) < 2)
		SKIP(return, "needs two CPUs");
	/* A thread that cannot be SCHED_FIFO cannot stop a read. */
	if (sched_setscheduler(0, SCHED_FIFO, &param))
		SKIP(return, "SCHED_FIFO: %s", strerror(errno));
	param.sched_priority = 0;
	ASSERT_EQ(0, sched_setscheduler(0, SCHED_OTHER, &param));
	pin_to_cpu(&set, 1);
	ASSERT_EQ(0, sched_setaffinity(0, sizeof(set), &set));

	rt_throttle("-1", self->rt_runtime, sizeof(self->rt_runtime));

	self->len = contract_nblocks * PHILOX_BLOCK_BYTES;
	self->stream = load_file(_metadata, "contract.bin", self->len);
	self->fd = dev_open(_metadata);
	self->rounds = rounds_wanted();
	srandom(getpid());
	self->sr.fd = self->fd;
	self->sr.len = self->len;
	self->sr.stream = self->stream;
	self->sr.page = sysconf(_SC_PAGESIZE);
	self->sr.delay_ns = 2000000;
}

FIXTURE_TEARDOWN(mm)
{
	if (self->stream) {
		close(self->fd);
		free(self->stream);
	}
	if (self->rt_runtime[0])
		rt_throttle(self->rt_runtime, NULL, 0);
}

/* The device at the start of contract.bin, the buffer zeroed. */
static void start_of_stream(struct __test_metadata *_metadata,
			    struct stopped_read *sr)
{
	static const struct philox_counter zero;

	memset(sr->buf, 0, sr->len);
	ASSERT_TRUE(set_key_counter(_metadata, sr->fd, &contract_key, &zero));
}

static __u8 *map_anon(struct __test_metadata *_metadata, size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	ASSERT_NE(MAP_FAILED, p) TH_LOG("mmap: %s", strerror(errno));
	return p;
}

/*
 * Rounds of a read stopped half way with act(); check() after each.
 * Returns the rounds that were stopped and checked.
 */
static int stopped_rounds(struct __test_metadata *_metadata,
			  struct stopped_read *sr, int rounds,
			  void (*prepare)(struct __test_metadata *,
					  struct stopped_read *, void *),
			  stop_action act,
			  bool (*check)(struct __test_metadata *,
					struct stopped_read *, void *),
			  void *ctx)
{
	int stopped = 0, tries, bad = 0;

	for (tries = 0; stopped < rounds && tries < rounds * TRIES_PER_ROUND;
	     tries++) {
		prepare(_metadata, sr, ctx);
		if (!stopped_read_run(_metadata, sr, act, ctx))
			continue;
		stopped++;
		if (!check(_metadata, sr, ctx)) {
			bad++;
			TH_LOG("round %d: stopped at byte %zu, failed",
			       stopped, sr->at);
		}
	}
	EXPECT_EQ(rounds, stopped)
		TH_LOG("only %d of %d tries stopped a read half way", stopped,
		       tries);
	TH_LOG("%d rounds stopped half way in %d tries, %d failed", stopped,
	       tries, bad);
	return stopped;
}

/*
 * Fork while a read is stopped half way. The child snapshots its buffer
 * before the read goes on and checks it after the read is over: it must
 * not have changed. With write_pages, the parent also writes every page
 * past the stop, keeping their values, before the read goes on.
 */
struct fork_round {
	bool write_pages;
	__u8 *snapshot;		/* the child's copy of its buffer */
	int ready[2];		/* the child's snapshot is taken */
	int over[2];		/* closed by the parent when the read is over */
	pid_t child;
};

static void fork_prepare(struct __test_metadata *_metadata,
			 struct stopped_read *sr, void *ctx)
{
	struct fork_round *fr = ctx;

	start_of_stream(_metadata, sr);
	ASSERT_EQ(0, pipe(fr->ready));
	ASSERT_EQ(0, pipe(fr->over));
	fr->child = -1;
}

/* The child: 0 if its buffer did not change after the snapshot. */
static int fork_child(struct stopped_read *sr, struct fork_round *fr)
{
	size_t i, changed = 0;
	char c = 0;

	close(fr->ready[0]);
	close(fr->over[1]);
	memcpy(fr->snapshot, sr->buf, sr->len);
	if (write(fr->ready[1], &c, 1) != 1)
		return 2;
	while (read(fr->over[0], &c, 1) > 0)
		;
	for (i = 0; i < sr->len; i++)
		changed += fr->snapshot[i] != sr->buf[i];
	if (changed)
		fprintf(stderr,
			"# child: %zu bytes of its buffer changed after fork()\n",
			changed);
	return changed ? 1 : 0;
}

/*
 * Write a byte back as it is. A compare-and-swap, so that a copy by the
 * read running meanwhile (should the stop not hold) is never undone: it
 * writes the value it read, or fails and leaves the new one.
 */
static void rewrite_byte(__u8 *p)
{
	__u8 v = __atomic_load_n(p, __ATOMIC_RELAXED);

	__atomic_compare_exchange_n(p, &v, v, false, __ATOMIC_RELAXED,
				    __ATOMIC_RELAXED);
}

static void fork_act(struct stopped_read *sr, void *ctx)
{
	struct fork_round *fr = ctx;
	char c;

	fr->child = fork();
	if (!fr->child)
		_exit(fork_child(sr, fr));
	close(fr->ready[1]);
	close(fr->over[0]);
	if (fr->child < 0 || read(fr->ready[0], &c, 1) != 1)
		return;
	if (fr->write_pages) {
		size_t off;

		for (off = ahead_of_stop(sr) - sr->page;
		     off < sr->len; off += sr->page)
			rewrite_byte(sr->buf + off);
	}
}

static bool fork_check(struct __test_metadata *_metadata,
		       struct stopped_read *sr, void *ctx)
{
	struct fork_round *fr = ctx;
	int status = -1;
	bool ok;

	close(fr->ready[0]);
	close(fr->over[1]);
	EXPECT_LT(0, fr->child) TH_LOG("fork: %s", strerror(errno));
	if (fr->child <= 0)
		return false;
	EXPECT_EQ(fr->child, waitpid(fr->child, &status, 0));
	EXPECT_EQ(0, status) TH_LOG("the child's memory changed after fork()");
	ok = status == 0;
	EXPECT_EQ(sr->len, sr->ret) TH_LOG("read: %s", errno_name(sr->err));
	ok &= (size_t)sr->ret == sr->len;
	ok &= expect_mem(_metadata, sr->buf, sr->stream, sr->len,
			 "the parent's buffer");
	return ok;
}

static void fork_test(struct __test_metadata *_metadata,
		      struct stopped_read *sr, int rounds, bool write_pages)
{
	struct fork_round fr = { .write_pages = write_pages };

	sr->buf = map_anon(_metadata, sr->len);
	fr.snapshot = malloc(sr->len);
	ASSERT_TRUE(!!fr.snapshot);
	stopped_rounds(_metadata, sr, rounds, fork_prepare, fork_act,
		       fork_check, &fr);
	free(fr.snapshot);
	munmap(sr->buf, sr->len);
}

TEST_F_TIMEOUT(mm, fork_during_read, MM_TIMEOUT)
{
	fork_test(_metadata, &self->sr, self->rounds, false);
}

TEST_F_TIMEOUT(mm, fork_during_read_then_parent_writes, MM_TIMEOUT)
{
	fork_test(_metadata, &self->sr, self->rounds, true);
}

/*
 * Memory past the stop is discarded (MADV_DONTNEED) or unmapped while the
 * read is stopped. Discarded memory reads as zeros until written again,
 * so the read must write it again: the whole buffer is the stream. An
 * unmapped hole ends the read short, before the hole, and the next read
 * continues the stream where this one ended.
 */
struct hole_round {
	bool unmap;
	__u8 *map;		/* the buffer's mapping, remade every round */
	size_t off;		/* the hole */
	int err;		/* of munmap() or madvise() */
};

static void hole_prepare(struct __test_metadata *_metadata,
			 struct stopped_read *sr, void *ctx)
{
	struct hole_round *hr = ctx;

	if (hr->map)
		munmap(hr->map, sr->len);
	hr->map = map_anon(_metadata, sr->len);
	sr->buf = hr->map;
	start_of_stream(_metadata, sr);
}

static void hole_act(struct stopped_read *sr, void *ctx)
{
	struct hole_round *hr = ctx;
	size_t len = AROUND_PAGES * sr->page;

	hr->off = ahead_of_stop(sr);
	if (hr->unmap)
		hr->err = munmap(sr->buf + hr->off, len) ? errno : 0;
	else
		hr->err = madvise(sr->buf + hr->off, len, MADV_DONTNEED) ?
			  errno : 0;
}

static bool hole_check(struct __test_metadata *_metadata,
		       struct stopped_read *sr, void *ctx)
{
	struct hole_round *hr = ctx;
	size_t got;
	__u8 next[4096];

	EXPECT_EQ(0, hr->err) TH_LOG("munmap/madvise: %s", strerror(hr->err));
	if (!hr->unmap) {
		EXPECT_EQ(sr->len, sr->ret) TH_LOG("read: %s",
						   errno_name(sr->err));
		return (size_t)sr->ret == sr->len &&
		       expect_mem(_metadata, sr->buf, sr->stream, sr->len,
				  "buffer discarded in part during the read");
	}

	/* Short: every byte before the hole that it returned, none after. */
	EXPECT_LT(0, sr->ret) TH_LOG("read: %s", errno_name(sr->err));
	if (sr->ret <= 0)
		return false;
	got = sr->ret;
	EXPECT_LE(sr->at, got) TH_LOG("fewer bytes than it had copied");
	EXPECT_GE(hr->off, got)
		TH_LOG("returned %zu bytes, past the hole at %zu", got,
		       hr->off);
	if (got < sr->at || got > hr->off)
		return false;
	if (!expect_mem(_metadata, sr->buf, sr->stream, got,
			"bytes before the hole"))
		return false;
	if (got + sizeof(next) > sr->len)
		return true;
	return read_expect(_metadata, sr->fd, sr->stream + got, sizeof(next),
			   "the next read");
}

static void hole_test(struct __test_metadata *_metadata,
		      struct stopped_read *sr, int rounds, bool unmap)
{
	struct hole_round hr = { .unmap = unmap };

	stopped_rounds(_metadata, sr, rounds, hole_prepare, hole_act,
		       hole_check, &hr);
	if (hr.map)
		munmap(hr.map, sr->len);
}

TEST_F_TIMEOUT(mm, buffer_discarded_during_read, MM_TIMEOUT)
{
	hole_test(_metadata, &self->sr, self->rounds, false);
}

TEST_F_TIMEOUT(mm, buffer_unmapped_during_read, MM_TIMEOUT)
{
	hole_test(_metadata, &self->sr, self->rounds, true);
}

/*
 * A MAP_SHARED file on ext4 over a loop device: every stopped read is
 * paused while the file is synced, the page cache dropped and the pages
 * around the stop paged out. After the rounds the file system is mounted
 * again, and the file must hold the last read's bytes, the stream.
 */
struct ext4_round {
	int file;
};

static void ext4_prepare(struct __test_metadata *_metadata,
			 struct stopped_read *sr, void *ctx)
{
	start_of_stream(_metadata, sr);
}

static void ext4_act(struct stopped_read *sr, void *ctx)
{
	struct ext4_round *er = ctx;
	size_t from = sr->at / sr->page * sr->page;
	size_t len = AROUND_PAGES * sr->page;
	int fd;

	fsync(er->file);
	fd = open("/proc/sys/vm/drop_caches", O_WRONLY);
	if (fd >= 0) {
		if (write(fd, "3", 1) != 1)
			perror("drop_caches");
		close(fd);
	}
	if (len > sr->len - from)
		len = sr->len - from;
	/* Not every kernel pages out file memory on request: best effort. */
	madvise(sr->buf + from, len, MADV_PAGEOUT);
}

static bool ext4_check(struct __test_metadata *_metadata,
		       struct stopped_read *sr, void *ctx)
{
	EXPECT_EQ(sr->len, sr->ret) TH_LOG("read: %s", errno_name(sr->err));
	return (size_t)sr->ret == sr->len &&
	       expect_mem(_metadata, sr->buf, sr->stream, sr->len,
			  "the file mapping");
}

/* A loop device over the image of gen-expected.py: its number. */
static int loop_attach(struct __test_metadata *_metadata, const char *image)
{
	int ctl, n, dev, img;
	char path[64];

	ctl = open("/dev/loop-control", O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, ctl) TH_LOG("/dev/loop-control: %s", strerror(errno));
	n = ioctl(ctl, LOOP_CTL_GET_FREE);
	ASSERT_LE(0, n) TH_LOG("LOOP_CTL_GET_FREE: %s", strerror(errno));
	close(ctl);
	snprintf(path, sizeof(path), "/dev/loop%d", n);
	dev = open(path, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, dev) TH_LOG("%s: %s", path, strerror(errno));
	img = open(image, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, img) TH_LOG("%s: %s", image, strerror(errno));
	ASSERT_EQ(0, ioctl(dev, LOOP_SET_FD, img))
		TH_LOG("LOOP_SET_FD: %s", strerror(errno));
	close(img);
	close(dev);
	return n;
}

static void loop_detach(int n)
{
	char path[64];
	int dev;

	snprintf(path, sizeof(path), "/dev/loop%d", n);
	dev = open(path, O_RDWR | O_CLOEXEC);
	if (dev >= 0) {
		ioctl(dev, LOOP_CLR_FD, 0);
		close(dev);
	}
}

/* A file of len bytes, read whole. */
static __u8 *read_back(struct __test_metadata *_metadata, const char *path,
		       size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	__u8 *buf = malloc(len);

	ASSERT_LE(0, fd) TH_LOG("%s: %s", path, strerror(errno));
	ASSERT_TRUE(!!buf);
	read_all(_metadata, fd, buf, len, path);
	close(fd);
	return buf;
}

static void ext4_mount(struct __test_metadata *_metadata, int loop)
{
	char path[64];

	snprintf(path, sizeof(path), "/dev/loop%d", loop);
	ASSERT_EQ(0, mount(path, EXT4_MNT, "ext4", 0, NULL))
		TH_LOG("mount %s on %s: %s", path, EXT4_MNT, strerror(errno));
}

TEST_F_TIMEOUT(mm, shared_ext4_mapping_through_writeback, MM_TIMEOUT)
{
	const char *dir = getenv("PHILOX_DATA");
	struct ext4_round er;
	char image[512], file[64];
	int loop;
	__u8 *back;

	if (access("/dev/loop-control", F_OK))
		SKIP(return, "no loop device in this kernel");
	snprintf(image, sizeof(image), "%s/%s", dir ? dir : DATA_DIR,
		 EXT4_IMAGE);
	loop = loop_attach(_metadata, image);
	mkdir(EXT4_MNT, 0700);
	ext4_mount(_metadata, loop);
	snprintf(file, sizeof(file), "%s/stream", EXT4_MNT);

	er.file = open(file, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	ASSERT_LE(0, er.file) TH_LOG("%s: %s", file, strerror(errno));
	ASSERT_EQ(0, ftruncate(er.file, self->len));
	self->sr.buf = mmap(NULL, self->len, PROT_READ | PROT_WRITE,
			    MAP_SHARED, er.file, 0);
	ASSERT_NE(MAP_FAILED, self->sr.buf) TH_LOG("mmap: %s",
						   strerror(errno));
	stopped_rounds(_metadata, &self->sr, self->rounds, ext4_prepare,
		       ext4_act, ext4_check, &er);
	munmap(self->sr.buf, self->len);
	EXPECT_EQ(0, fsync(er.file));
	close(er.file);

	/* What reached the disk: mounted again, the file is the stream. */
	ASSERT_EQ(0, umount(EXT4_MNT)) TH_LOG("umount: %s", strerror(errno));
	ext4_mount(_metadata, loop);
	back = read_back(_metadata, file, self->len);
	expect_mem(_metadata, back, self->stream, self->len,
		   "the file after a remount");
	free(back);
	ASSERT_EQ(0, umount(EXT4_MNT));
	loop_detach(loop);
}

TEST_HARNESS_MAIN
