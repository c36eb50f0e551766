// SPDX-License-Identifier: GPL-2.0
/*
 * The VM half of `make bench`, in one boot: read throughput of /dev/philox,
 * /dev/urandom, getrandom() and /dev/zero for each read size; the same
 * bytes generated in the kernel by philox_fill() and the kernel's
 * copy_to_user() of the same size alone (philox_bench.ko), the two costs
 * that no copying read avoids; two threads sharing one /dev/philox file,
 * and two threads generating in the kernel at once; the cost of open() +
 * first read. Every figure is measured in each of ROUNDS rounds, the figures of
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
 *	bench bounded <generator> <bound> <millions of draws per second>
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

static const size_t sizes[] = { 8, 64, 4096, 65536, 1 << 20 };

/* One read of len bytes: getrandom() for fd < 0. */
static int read_some(int fd, void *buf, size_t len)
{
	ssize_t got;

	if (fd < 0)
		got = getrandom(buf, len, 0);
	else
		got = read(fd, buf, len);
	return got == (ssize_t)len ? 0 : -1;
}

/* MB/s of reads of len bytes, into a page-aligned buffer. */
static double throughput(int fd, size_t len, double seconds)
{
	char *buf = aligned_alloc(4096, (len + 4095) / 4096 * 4096);
	double start = now(), elapsed;
	unsigned long long reads = 0;

	memset(buf, 0, len);
	do {
		int i;

		for (i = 0; i < 16; i++)
			if (read_some(fd, buf, len)) {
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
		arg->mbps = throughput(arg->fd, arg->len, SECONDS);
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

/*
 * Each size's figures back to back, those compared in a ratio next to
 * each other: reads then the generator, one thread then two.
 */
static void one_round(const int *fds, int copy_fd)
{
	size_t s;

	for (s = 0; s < ARRAY_SIZE(sizes); s++) {
		size_t len = sizes[s];

		printf("bench read philox %zu %.2f\n", len,
		       throughput(fds[0], len, SECONDS));
		if (copy_fd >= 0) {
			printf("bench fill %zu %.2f\n", len,
			       fill_throughput(len));
			printf("bench copy %zu %.2f\n", len,
			       throughput(copy_fd, len, SECONDS));
		}
		printf("bench read zero %zu %.2f\n", len,
		       throughput(fds[2], len, SECONDS));
		printf("bench threads2 philox %zu %.2f\n", len,
		       two_threads(fds[0], len));
		if (copy_fd >= 0)
			printf("bench threads2 fill %zu %.2f\n", len,
			       two_threads(-1, len));
		printf("bench read urandom %zu %.2f\n", len,
		       throughput(fds[1], len, SECONDS));
		printf("bench read getrandom %zu %.2f\n", len,
		       throughput(-1, len, SECONDS));
		fflush(stdout);
	}
}

/*
 * Bounded 32-bit draws in the kernel (philox_bench.ko's bounded file):
 * philox_u32_below() against get_random_u32_below() and
 * prandom_u32_state() % n.
 */
static void bounded_round(void)
{
	char name[64];
	unsigned long long rate;
	unsigned int bound;
	FILE *f = fopen(FILL_DIR "/bounded", "r");

	if (!f)
		return;
	while (fscanf(f, "%63s %u %llu", name, &bound, &rate) == 3)
		printf("bench bounded %s %u %.2f\n", name, bound, rate / 1e6);
	fclose(f);
	fflush(stdout);
}

int main(int argc, char **argv)
{
	int fds[3], copy_fd, round;

	if (argc == 5 && !strcmp(argv[1], "loop")) {
		int fd = open_or_die(argv[2], O_RDONLY);

		throughput(fd, strtoul(argv[3], NULL, 0), atof(argv[4]));
		return 0;
	}

	fds[0] = open_or_die("/dev/philox", O_RDONLY);
	fds[1] = open_or_die("/dev/urandom", O_RDONLY);
	fds[2] = open_or_die("/dev/zero", O_RDONLY);
	/* The generator and the copy alone, timed by philox_bench.ko. */
	copy_fd = open(FILL_DIR "/copy", O_RDONLY);
	if (copy_fd < 0)
		fprintf(stderr, "no %s: philox_bench.ko not loaded\n", FILL_DIR);

	for (round = 0; round < ROUNDS; round++) {
		one_round(fds, copy_fd);
		bounded_round();
	}
	printf("bench open philox %.2f\n", open_cost("/dev/philox"));
	printf("bench open urandom %.2f\n", open_cost("/dev/urandom"));
	return 0;
}
