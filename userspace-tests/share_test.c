// SPDX-License-Identifier: GPL-2.0
/*
 * One open file of /dev/philox read at once by two threads and by two
 * threads of a forked child. A read reserves a contiguous span of the
 * stream, so every byte must go to exactly one reader: the spans the
 * readers got, found in NumPy's stream (share.bin) by their first 8 bytes,
 * must be disjoint and cover it exactly.
 *
 * Each reader stores its bytes and the sizes of its reads in a MAP_SHARED
 * mapping, which is how the child's reads come back to the parent. A fifth
 * thread polls GET_STATE meanwhile: the counter may only grow.
 */

#include "philox_helpers.h"

#include <pthread.h>
#include <sys/wait.h>

#include "share_expected.h"

#define NREADERS	4	/* 0, 1: threads here; 2, 3: in the child */
#define MAX_READS	65536

struct reader {
	size_t quota;		/* bytes to read */
	size_t off;		/* of its bytes in shared->data */
	size_t nreads;
	__u32 lens[MAX_READS];
	int failed;
	char why[120];
	unsigned int seed;
	int fd;
	int aligned;
};

struct shared {
	pthread_barrier_t start;
	struct reader r[NREADERS];
	__u8 data[];
};

static struct shared *sh;
static const __u8 *stream;
static size_t total;		/* bytes of the expected stream */

struct watch {
	int fd;
	int stop;		/* set (atomically) when the reads are done */
	int failed;
	unsigned long polls;
	char why[120];
};

static void *reader_main(void *arg)
{
	struct reader *r = arg;
	size_t done = 0;

	pthread_barrier_wait(&sh->start);
	while (done < r->quota) {
		size_t rem = r->quota - done, n;
		ssize_t got;

		/* 32..4096 in blocks, or 8..4096 never leaving less than 8 */
		if (r->aligned)
			n = 32 * (1 + rand_r(&r->seed) % 128);
		else
			n = 8 + rand_r(&r->seed) % 4089;
		if (n > rem || (!r->aligned && rem - n < 8))
			n = rem;
		got = read(r->fd, sh->data + r->off + done, n);
		if (got != (ssize_t)n) {
			snprintf(r->why, sizeof(r->why),
				 "read %zu of %zu bytes returned %zd (%s)",
				 r->nreads, n, got,
				 errno_name(got < 0 ? errno : 0));
			r->failed = 1;
			break;
		}
		if (r->nreads == MAX_READS) {
			snprintf(r->why, sizeof(r->why), "too many reads");
			r->failed = 1;
			break;
		}
		r->lens[r->nreads++] = n;
		done += n;
	}
	return NULL;
}

/* GET_STATE while the others read: a counter that never goes back. */
static void *watch_main(void *arg)
{
	struct watch *w = arg;
	struct philox_state s;
	__u64 last = 0;

	while (!__atomic_load_n(&w->stop, __ATOMIC_ACQUIRE) && !w->failed) {
		int err = ioctl_err(w->fd, PHILOX_IOC_GET_STATE, &s);

		w->polls++;
		if (err) {
			snprintf(w->why, sizeof(w->why), "GET_STATE: %s",
				 errno_name(err));
			w->failed = 1;
		} else if (s.counter[0] < last || s.counter[1] ||
			   s.counter[2] || s.counter[3] ||
			   s.counter[0] > total / PHILOX_BLOCK_BYTES ||
			   s.buffer_pos > PHILOX_BLOCK_BYTES) {
			snprintf(w->why, sizeof(w->why),
				 "GET_STATE: counter 0x%llx (after 0x%llx), buffer_pos %u",
				 (unsigned long long)s.counter[0],
				 (unsigned long long)last, s.buffer_pos);
			w->failed = 1;
		} else {
			last = s.counter[0];
		}
	}
	return NULL;
}

/* Find each read in the stream; every byte must be read exactly once. */
static void expect_each_byte_read_once(struct __test_metadata *_metadata,
				       bool aligned)
{
	size_t step = aligned ? PHILOX_BLOCK_BYTES : 1;
	__u8 *seen = calloc(total, 1);
	struct stream_index idx;
	size_t i, j, covered = 0;

	ASSERT_TRUE(seen && stream_index_build(&idx, stream, total, step));
	for (i = 0; i < NREADERS; i++) {
		struct reader *r = &sh->r[i];
		const __u8 *p = sh->data + r->off;

		for (j = 0; j < r->nreads; p += r->lens[j], j++) {
			size_t len = r->lens[j], k;
			size_t off = stream_index_find(&idx, p, len);

			EXPECT_NE((size_t)-1, off)
				TH_LOG("reader %zu read %zu (%zu bytes): not in the stream%s",
				       i, j, len,
				       aligned ? " at a block boundary" : "");
			if (off == (size_t)-1)
				continue;
			for (k = off; k < off + len; k++) {
				EXPECT_FALSE(seen[k])
					TH_LOG("reader %zu read %zu: byte %zu read twice",
					       i, j, k);
				if (seen[k])
					break;
				seen[k] = 1;
				covered++;
			}
		}
	}
	for (i = 0; i < total && seen[i]; i++)
		;
	EXPECT_EQ(total, covered)
		TH_LOG("the first byte nobody read is %zu", i);
	stream_index_free(&idx);
	free(seen);
}

/* Quotas of a quarter each, off by a few bytes when unaligned. */
static void share_readers(struct __test_metadata *_metadata, int fd,
			  bool aligned)
{
	static const long skew[NREADERS] = { -5, 3, 7, -5 };
	pthread_barrierattr_t battr;
	size_t off = 0;
	int i;

	for (i = 0; i < NREADERS; i++) {
		struct reader *r = &sh->r[i];

		r->quota = total / NREADERS + (aligned ? 0 : skew[i]);
		r->off = off;
		r->seed = 12345 + 77 * i + aligned;
		r->fd = fd;
		r->aligned = aligned;
		off += r->quota;
	}
	ASSERT_EQ(total, off);
	pthread_barrierattr_init(&battr);
	pthread_barrierattr_setpshared(&battr, PTHREAD_PROCESS_SHARED);
	pthread_barrier_init(&sh->start, &battr, NREADERS);
}

/* Readers 2 and 3, in a child forked while single-threaded. */
static pid_t fork_reader_child(struct __test_metadata *_metadata)
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		pthread_t t;

		if (pthread_create(&t, NULL, reader_main, &sh->r[3]))
			_exit(2);
		reader_main(&sh->r[2]);
		pthread_join(t, NULL);
		_exit(0);
	}
	return pid;
}

/* Readers 0 and 1 here, the child's, and a watcher polling GET_STATE. */
static void share_run(struct __test_metadata *_metadata, int fd)
{
	pthread_t th[2], watcher;
	struct watch w = { .fd = fd };
	int i, status = 0;
	pid_t pid = fork_reader_child(_metadata);

	ASSERT_EQ(0, pthread_create(&watcher, NULL, watch_main, &w));
	for (i = 0; i < 2; i++)
		ASSERT_EQ(0, pthread_create(&th[i], NULL, reader_main,
					    &sh->r[i]));
	for (i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	EXPECT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status) && !WEXITSTATUS(status))
		TH_LOG("the child did not exit cleanly (status 0x%x)", status);
	__atomic_store_n(&w.stop, 1, __ATOMIC_RELEASE);
	pthread_join(watcher, NULL);

	for (i = 0; i < NREADERS; i++)
		EXPECT_FALSE(sh->r[i].failed)
			TH_LOG("reader %d: %s", i, sh->r[i].why);
	EXPECT_FALSE(w.failed) TH_LOG("watcher: %s", w.why);
}

FIXTURE(share) {
	int fd;
	size_t size;
};

/*
 * 4 readers in 2 processes: reads of 32..4096 bytes in whole blocks
 * (blocks 1..nblocks each read once), or of 8..4096 bytes (each byte read
 * once).
 */
FIXTURE_VARIANT(share) {
	bool aligned;
};

FIXTURE_VARIANT_ADD(share, whole_blocks) { .aligned = true };
FIXTURE_VARIANT_ADD(share, any_bytes) { .aligned = false };

FIXTURE_SETUP(share)
{
	struct philox_counter zero = { { 0 } };

	total = share_nblocks * PHILOX_BLOCK_BYTES;
	stream = load_file(_metadata, "share.bin", total);
	self->size = sizeof(*sh) + total;
	sh = mmap(NULL, self->size, PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_TRUE(sh != MAP_FAILED);
	self->fd = dev_open(_metadata);
	ASSERT_TRUE(set_key_counter(_metadata, self->fd, &share_key, &zero));
}

FIXTURE_TEARDOWN(share)
{
	close(self->fd);
	munmap(sh, self->size);
	free((void *)stream);
}

TEST_F_TIMEOUT(share, each_byte_read_exactly_once, 300)
{
	struct philox_state end = {
		.counter = { total / PHILOX_BLOCK_BYTES },
		.key = { share_key.key[0], share_key.key[1] },
		.buffer_pos = PHILOX_BLOCK_BYTES,
	};

	share_readers(_metadata, self->fd, variant->aligned);
	share_run(_metadata, self->fd);
	expect_each_byte_read_once(_metadata, variant->aligned);
	expect_get_state(_metadata, self->fd, &end, "GET_STATE after");
	pthread_barrier_destroy(&sh->start);
}

TEST_HARNESS_MAIN
