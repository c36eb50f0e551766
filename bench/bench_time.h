/* SPDX-License-Identifier: GPL-2.0 */
/* The clock of both benchmarks. */
#ifndef _BENCH_TIME_H
#define _BENCH_TIME_H

#include <time.h>

/* Seconds on the monotonic clock. */
static inline double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

#endif /* _BENCH_TIME_H */
