// SPDX-License-Identifier: GPL-2.0
/*
 * The VM half of `make bench`: read throughput of /dev/philox, /dev/urandom,
 * getrandom() and /dev/zero in one boot, for the same read sizes, plus two
 * threads sharing one /dev/philox file and the cost of open() + first read.
 *
 * Prints lines the host turns into the table:
 *	bench read <source> <bytes per read> <MB/s>
 *	bench threads2 philox <bytes per read> <MB/s>
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

static const size_t sizes[] = { 8, 64, 4096, 65536, 1 << 20 };

static int read_some(int fd, void *buf, size_t len)
{
	if (fd < 0)
		return getrandom(buf, len, 0) == (ssize_t)len ? 0 : -1;
	return read(fd, buf, len) == (ssize_t)len ? 0 : -1;
}

/* MB/s of reads of len bytes from fd (or getrandom() for fd < 0). */
static double throughput(int fd, size_t len)
{
	char *buf = malloc(len);
	double start = now(), elapsed;
	unsigned long long reads = 0;

	do {
		int i;

		for (i = 0; i < 16; i++)
			if (read_some(fd, buf, len)) {
				perror("read");
				exit(1);
			}
		reads += 16;
		elapsed = now() - start;
	} while (elapsed < SECONDS);
	free(buf);
	return reads * len / elapsed / 1e6;
}

struct thread_arg {
	int fd;
	size_t len;
	double mbps;
};

static void *thread_main(void *p)
{
	struct thread_arg *arg = p;

	arg->mbps = throughput(arg->fd, arg->len);
	return NULL;
}

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

int main(void)
{
	static const char * const names[] = { "philox", "urandom", "zero" };
	int fds[3];
	size_t s;
	int i;

	for (i = 0; i < 3; i++) {
		char path[32];

		snprintf(path, sizeof(path), "/dev/%s", names[i]);
		fds[i] = open(path, O_RDONLY);
		if (fds[i] < 0) {
			perror(path);
			return 1;
		}
	}
	for (s = 0; s < ARRAY_SIZE(sizes); s++) {
		for (i = 0; i < 3; i++)
			printf("bench read %s %zu %.2f\n", names[i], sizes[s],
			       throughput(fds[i], sizes[s]));
		printf("bench read getrandom %zu %.2f\n", sizes[s],
		       throughput(-1, sizes[s]));
		printf("bench threads2 philox %zu %.2f\n", sizes[s],
		       two_threads(fds[0], sizes[s]));
		fflush(stdout);
	}
	printf("bench open philox %.2f\n", open_cost("/dev/philox"));
	printf("bench open urandom %.2f\n", open_cost("/dev/urandom"));
	return 0;
}
