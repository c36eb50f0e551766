// SPDX-License-Identifier: GPL-2.0
/*
 * The VM half of `make bench`, in one boot: read throughput of /dev/philox,
 * /dev/urandom, getrandom() and /dev/zero for each read size; the same
 * bytes generated in the kernel by philox_fill() (philox_bench.ko); the
 * kernel's copy to user memory (reads of a tmpfs file), which an in-place
 * read does without; two threads sharing one /dev/philox file, and two
 * threads generating in the kernel at once; the cost of open() + first
 * read. Every figure is measured in each of ROUNDS rounds, the figures of
 * a ratio next to each other, so that a slow spell of the host hits both;
 * the report takes the median of each round's ratio.
 *
 * Usage: devbench			the measurements
 *	  devbench loop PATH SIZE SECONDS	reads only, for perf record
 *
 * Prints lines the host turns into the table:
 *	bench read <source> <bytes per read> <MB/s>
 *	bench fill <bytes per call> <MB/s>
 *	bench copy <bytes per read> <MB/s>
 *	bench threads2 <philox|fill> <bytes per read> <MB/s>
 *	bench open <source> <microseconds>
 */

#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "bench_time.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define SECONDS		0.4
#define ROUNDS		3
#define FILL_DIR	"/sys/kernel/debug/philox_bench"
#define COPY_FILE	"/tmp/devbench-copy"

static const size_t sizes[] = { 8, 64, 4096, 65536, 1 << 20 };

/* One read of len bytes: getrandom() for fd < 0, pread() if at_start. */
static int read_some(int fd, void *buf, size_t len, int at_start)
{
	ssize_t got;

	if (fd < 0)
		got = getrandom(buf, len, 0);
	else if (at_start)
		got = pread(fd, buf, len, 0);
	else
		got = read(fd, buf, len);
	return got == (ssize_t)len ? 0 : -1;
}

/* MB/s of reads of len bytes, into a page-aligned buffer. */
static double throughput(int fd, size_t len, int at_start, double seconds)
{
	char *buf = aligned_alloc(4096, (len + 4095) / 4096 * 4096);
	double start = now(), elapsed;
	unsigned long long reads = 0;

	memset(buf, 0, len);
	do {
		int i;

		for (i = 0; i < 16; i++)
			if (read_some(fd, buf, len, at_start)) {
				perror("read");
				exit(1);
			}
		reads += 16;
		elapsed = now() - start;
	} while (elapsed < seconds);
	free(buf);
	return reads * len / elapsed / 1e6;
}

/* philox_fill() of len bytes per call, timed in the kernel: MB/s. */
static double fill_throughput(size_t len)
{
	char line[64];
	FILE *f = fopen(FILL_DIR "/size", "w");

	if (!f || fprintf(f, "%zu\n", len) < 0 || fclose(f)) {
		perror(FILL_DIR "/size");
		exit(1);
	}
	f = fopen(FILL_DIR "/fill", "r");
	if (!f || !fgets(line, sizeof(line), f)) {
		perror(FILL_DIR "/fill");
		exit(1);
	}
	fclose(f);
	return strtod(line, NULL) / 1e6;
}

struct thread_arg {
	int fd;		/* -1: philox_fill() in the kernel */
	size_t len;
	double mbps;
};

static void *thread_main(void *p)
{
	struct thread_arg *arg = p;

	if (arg->fd < 0)
		arg->mbps = fill_throughput(arg->len);
	else
		arg->mbps = throughput(arg->fd, arg->len, 0, SECONDS);
	return NULL;
}

/* Two threads at once, on one file or generating in the kernel. */
static double two_threads(int fd, size_t len)
{
	struct thread_arg args[2] = { { fd, len, 0 }, { fd, len, 0 } };
	pthread_t threads[2];
	int i;

	for (i = 0; i < 2; i++)
		pthread_create(&threads[i], NULL, thread_main, &args[i]);
	for (i = 0; i < 2; i++)
		pthread_join(threads[i], NULL);
	return args[0].mbps + args[1].mbps;
}

/* Microseconds for open() + an 8-byte read + close(). */
static double open_cost(const char *path)
{
	double start = now(), elapsed;
	unsigned long long n = 0;
	char buf[8];

	do {
		int fd = open(path, O_RDONLY);

		if (fd < 0 || read(fd, buf, sizeof(buf)) != sizeof(buf)) {
			perror(path);
			exit(1);
		}
		close(fd);
		n++;
		elapsed = now() - start;
	} while (elapsed < SECONDS);
	return elapsed / n * 1e6;
}

static int open_or_die(const char *path, int flags)
{
	int fd = open(path, flags, 0600);

	if (fd < 0) {
		perror(path);
		exit(1);
	}
	return fd;
}

/* A tmpfs file of the largest read size, for the copy figure. */
static int copy_source(void)
{
	size_t len = sizes[ARRAY_SIZE(sizes) - 1];
	int fd = open_or_die(COPY_FILE, O_RDWR | O_CREAT | O_TRUNC);
	char *buf = calloc(1, len);

	if (!buf || write(fd, buf, len) != (ssize_t)len) {
		perror(COPY_FILE);
		exit(1);
	}
	free(buf);
	return fd;
}

/*
 * Each size's figures back to back, those compared in a ratio next to
 * each other: reads then the generator, one thread then two.
 */
static void one_round(const int *fds, int copy_fd, int have_fill)
{
	size_t s;

	for (s = 0; s < ARRAY_SIZE(sizes); s++) {
		size_t len = sizes[s];

		printf("bench read philox %zu %.2f\n", len,
		       throughput(fds[0], len, 0, SECONDS));
		if (have_fill)
			printf("bench fill %zu %.2f\n", len,
			       fill_throughput(len));
		printf("bench read zero %zu %.2f\n", len,
		       throughput(fds[2], len, 0, SECONDS));
		printf("bench threads2 philox %zu %.2f\n", len,
		       two_threads(fds[0], len));
		if (have_fill)
			printf("bench threads2 fill %zu %.2f\n", len,
			       two_threads(-1, len));
		printf("bench read urandom %zu %.2f\n", len,
		       throughput(fds[1], len, 0, SECONDS));
		printf("bench read getrandom %zu %.2f\n", len,
		       throughput(-1, len, 0, SECONDS));
		printf("bench copy %zu %.2f\n", len,
		       throughput(copy_fd, len, 1, SECONDS));
		fflush(stdout);
	}
}

int main(int argc, char **argv)
{
	int fds[3], copy_fd, have_fill, round;

	if (argc == 5 && !strcmp(argv[1], "loop")) {
		int fd = open_or_die(argv[2], O_RDONLY);

		throughput(fd, strtoul(argv[3], NULL, 0), 0, atof(argv[4]));
		return 0;
	}

	fds[0] = open_or_die("/dev/philox", O_RDONLY);
	fds[1] = open_or_die("/dev/urandom", O_RDONLY);
	fds[2] = open_or_die("/dev/zero", O_RDONLY);
	copy_fd = copy_source();
	have_fill = !access(FILL_DIR "/fill", R_OK);
	if (!have_fill)
		fprintf(stderr, "no %s: philox_bench.ko not loaded\n", FILL_DIR);

	for (round = 0; round < ROUNDS; round++)
		one_round(fds, copy_fd, have_fill);
	printf("bench open philox %.2f\n", open_cost("/dev/philox"));
	printf("bench open urandom %.2f\n", open_cost("/dev/urandom"));
	return 0;
}
