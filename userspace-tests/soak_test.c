// SPDX-License-Identifier: GPL-2.0
/*
 * soak_test: `make soak DURATION=...` (scripts/soak.sh), outside make
 * check. For philox_soak seconds (an environment variable, from the
 * kernel command line): two threads and two threads of a forked child
 * share one file, reading every size from 0 to 65536 bytes and mixing in
 * SEED, RESEED, SET_STATE, ADVANCE, JUMP and GET_STATE; another thread
 * opens, reads and closes files in a loop. Every call must succeed. At the
 * end the shared file is keyed to contract.bin's key (gen-expected.py)
 * and 8 MiB read in odd sizes must be NumPy's stream. It prints what it
 * did, "soak:" lines that scripts/soak.sh collects.
 */

#include "philox_helpers.h"

#include <pthread.h>
#include <sys/wait.h>

#include "contract_expected.h"

#define NWORKERS	5	/* 0, 1 here; 2, 3 in the child; 4 churns */

enum { OP_READ, OP_SEED, OP_RESEED, OP_SET_STATE, OP_ADVANCE, OP_JUMP,
	OP_GET_STATE, OP_OPEN_CLOSE, NOPS };

static const char *const op_names[NOPS] = {
	"reads", "SEED", "RESEED", "SET_STATE", "ADVANCE", "JUMP",
	"GET_STATE", "open/close",
};

struct worker {
	int fd;
	int id;
	double until;
	long ops[NOPS];
	long bytes;
	long failures;
	int last_err;
	long sizes_seen;	/* distinct read sizes 0..65536, worker 0 */
};

static struct worker *w;
static __u8 *seen;		/* read sizes seen, shared */

static __u64 next(__u64 *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

static void worker_run(struct worker *s)
{
	static __thread __u8 buf[65536];
	__u64 x = 0x9e3779b97f4a7c15ULL * (s->id + 1), size = s->id;
	struct philox_state st;
	struct philox_seed seed;

	while (now() < s->until) {
		struct philox_counter delta = { { 0 } };
		__u64 jumps, r = next(&x);
		int op, err = 0;
		ssize_t n;

		op = r % 16 < 10 ? OP_READ : OP_SEED + r % 16 % 6;
		switch (op) {
		case OP_READ:
			/* every size in turn, and a random one */
			size = r & 1 ? (size + 7) % 65537 : (r >> 8) % 65537;
			seen[size] = 1;
			n = read(s->fd, buf, size);
			if (n < 0 || (size_t)n != size)
				err = n < 0 ? errno : EIO;
			else
				s->bytes += n;
			break;
		case OP_SEED:
			memset(&seed, 0, sizeof(seed));
			seed.entropy[0] = r;
			seed.n_entropy = 1 + r % 4;
			err = ioctl_err(s->fd, PHILOX_IOC_SEED, &seed);
			break;
		case OP_RESEED:
			err = ioctl_err(s->fd, PHILOX_IOC_RESEED, NULL);
			break;
		case OP_SET_STATE:
			err = ioctl_err(s->fd, PHILOX_IOC_GET_STATE, &st);
			st.buffer_pos = r % 33;
			if (!err)
				err = ioctl_err(s->fd, PHILOX_IOC_SET_STATE, &st);
			break;
		case OP_ADVANCE:
			delta.counter[r % 4] = r;
			err = ioctl_err(s->fd, PHILOX_IOC_ADVANCE, &delta);
			break;
		case OP_JUMP:
			jumps = r >> 32;
			err = ioctl_err(s->fd, PHILOX_IOC_JUMP, &jumps);
			break;
		default:
			op = OP_GET_STATE;
			err = ioctl_err(s->fd, PHILOX_IOC_GET_STATE, &st);
			break;
		}
		s->ops[op]++;
		if (err) {
			s->failures++;
			s->last_err = err;
		}
	}
}

/* Open, read a little, close, as fast as it goes. */
static void churn_run(struct worker *s)
{
	__u8 buf[256];
	__u64 x = 12345;

	while (now() < s->until) {
		int fd = open(PHILOX_DEV, O_RDONLY | O_CLOEXEC);
		size_t len = next(&x) % sizeof(buf);

		if (fd < 0 || read(fd, buf, len) != (ssize_t)len) {
			s->failures++;
			s->last_err = errno;
		}
		if (fd >= 0)
			close(fd);
		s->ops[OP_OPEN_CLOSE]++;
	}
}

static void *thread_main(void *p)
{
	struct worker *s = p;

	if (s->id == 4)
		churn_run(s);
	else
		worker_run(s);
	return NULL;
}

FIXTURE(soak) {
	int unused;
};

FIXTURE_SETUP(soak)
{
}

FIXTURE_TEARDOWN(soak)
{
}

/* The harness's timeout must outlast any DURATION: 11 days. */
TEST_F_TIMEOUT(soak, threads_child_ioctls_churn, 1000000)
{
	const char *env = getenv("philox_soak");
	double duration = env ? atof(env) : 10, t0 = now();
	size_t total = contract_nblocks * PHILOX_BLOCK_BYTES, got = 0;
	struct philox_counter zero = { { 0 } };
	long ops[NOPS] = { 0 }, bytes = 0, failures = 0, nsizes = 0, k;
	pthread_t threads[NWORKERS];
	const __u8 *stream;
	int fd, i, status;
	pid_t child;
	__u8 *buf;

	stream = load_file(_metadata, "contract.bin", total);
	w = mmap(NULL, NWORKERS * sizeof(*w) + 65537, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_TRUE(w != MAP_FAILED);
	seen = (__u8 *)&w[NWORKERS];
	fd = dev_open(_metadata);
	for (i = 0; i < NWORKERS; i++)
		w[i] = (struct worker){ .fd = fd, .id = i,
					.until = t0 + duration };

	child = fork();
	ASSERT_LE(0, child);
	if (child == 0) {
		pthread_t t;

		pthread_create(&t, NULL, thread_main, &w[3]);
		worker_run(&w[2]);
		pthread_join(t, NULL);
		_exit(0);
	}
	for (i = 0; i < NWORKERS; i++)
		if (i != 2 && i != 3)
			ASSERT_EQ(0, pthread_create(&threads[i], NULL,
						    thread_main, &w[i]));
	for (i = 0; i < NWORKERS; i++)
		if (i != 2 && i != 3)
			pthread_join(threads[i], NULL);
	ASSERT_EQ(child, waitpid(child, &status, 0));
	EXPECT_TRUE(WIFEXITED(status) && !WEXITSTATUS(status));

	for (i = 0; i < NWORKERS; i++) {
		for (k = 0; k < NOPS; k++)
			ops[k] += w[i].ops[k];
		bytes += w[i].bytes;
		failures += w[i].failures;
		if (w[i].failures)
			TH_LOG("worker %d: %ld failures, the last %s", i,
			       w[i].failures, errno_name(w[i].last_err));
	}
	for (k = 0; k <= 65536; k++)
		nsizes += seen[k];
	EXPECT_EQ(0, failures);

	/* The end: a lone reader on the shared file reads NumPy's stream. */
	ASSERT_TRUE(set_key_counter(_metadata, fd, &contract_key, &zero));
	buf = malloc(total);
	ASSERT_TRUE(!!buf);
	for (k = 1; got < total; k = k * 5 % 65521) {
		size_t len = k < total - got ? k : total - got;

		if (!read_all(_metadata, fd, buf + got, len, "final read"))
			break;
		got += len;
	}
	expect_mem(_metadata, buf, stream, total,
		   "8 MiB after the soak against NumPy's stream");

	printf("soak: %.0f s, 4 sharers in 2 processes and an open/close churner\n",
	       now() - t0);
	for (k = 0; k < NOPS; k++)
		printf("soak: %s %ld\n", op_names[k], ops[k]);
	printf("soak: bytes read %ld, distinct read sizes %ld of 65537\n",
	       bytes, nsizes);
	printf("soak: failed calls %ld\n", failures);
	printf("soak: final 8 MiB %s NumPy's stream\n",
	       memcmp(buf, stream, total) ? "DIFFER from" : "equal");
	fflush(stdout);
	free(buf);
	free((void *)stream);
	close(fd);
	munmap(w, NWORKERS * sizeof(*w) + 65537);
}

TEST_HARNESS_MAIN
