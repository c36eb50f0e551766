// SPDX-License-Identifier: GPL-2.0
/*
 * The native half of `make bench`: the module's generator source, compiled
 * in userspace through compat/, against Random123's philox4x64 on the same
 * buffer sizes, in the same run.
 *
 * Usage: native [verify | impls]
 *
 * Prints the TSC frequency, the module's bulk generators (as "impls"
 * below, on one line, for bench/bench-report.py), then one line per
 * measurement:
 *	native tsc_hz <Hz>
 *	native impls <name>...
 *	native <generator> <bytes per call> <GB/s> <TSC cycles per byte>
 * With "verify", instead checks every bulk path (scalar, and the SIMD
 * paths this CPU has) against Random123 block by block, across counter
 * carries, and prints "ok - ..." / "not ok - ..." lines.
 * With "impls", prints the names of the module's bulk generators, one a
 * line in the order of module/philox_impls.h (the portable one first),
 * every one of x86-64 whether this CPU has it or not: the names the impl
 * parameter takes, for the scripts, which so never parse C source.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <x86intrin.h>
#include <Random123/philox.h>

#include <linux/philox.h>
#include "philox_internal.h"
#include "bench_time.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define MIN_SECONDS	0.25

static const size_t sizes[] = { 8, 64, 4096, 65536, 1 << 20 };

/* TSC ticks per second, to turn NumPy's GB/s into cycles per byte. */
static double tsc_hz(void)
{
	double start = now();
	unsigned long long t0 = __rdtsc();

	while (now() - start < 0.1)
		;
	return (__rdtsc() - t0) / (now() - start);
}

/* Random123, filling len bytes per call as philox_fill() does. */
struct r123_stream {
	philox4x64_ctr_t ctr;
	philox4x64_key_t key;
};

static void r123_fill(struct r123_stream *s, unsigned char *out, size_t len)
{
	while (len) {
		philox4x64_ctr_t r;
		size_t n = len < 32 ? len : 32;

		s->ctr.v[0]++;
		r = philox4x64_R(10, s->ctr, s->key);
		memcpy(out, r.v, n);
		out += n;
		len -= n;
	}
}

typedef void (*fill_fn)(void *state, unsigned char *buf, size_t len);

/*
 * philox_fill() as it runs where the FPU cannot be used: the fill of
 * philox_internal.h with the scalar blocks (the module's philox_fill() is
 * philox_bulk.c's glue, which userspace does not build).
 */
static void fill_module(void *state, unsigned char *buf, size_t len)
{
	philox_fill_with(state, buf, len, philox_generate_blocks);
}

static void fill_r123(void *state, unsigned char *buf, size_t len)
{
	r123_fill(state, buf, len);
}

static const struct philox_blocks_impl *bench_impl;

static void fill_impl(void *state, unsigned char *buf, size_t len)
{
	struct philox_rng *rng = state;

	bench_impl->generate(rng->counter, rng->key, buf, len / 32);
}

static void measure(const char *name, fill_fn fill, void *state, size_t size)
{
	unsigned char *buf = aligned_alloc(64, size < 64 ? 64 : size);
	unsigned long long iters = 0, t0;
	double start, elapsed;
	size_t batch = (1 << 22) / size + 1;

	fill(state, buf, size);
	start = now();
	t0 = __rdtsc();
	do {
		size_t i;

		for (i = 0; i < batch; i++)
			fill(state, buf, size);
		iters += batch;
		elapsed = now() - start;
	} while (elapsed < MIN_SECONDS);
	/* The buffer is used, so the fills cannot be optimised away. */
	__asm__ __volatile__("" : : "r"(buf) : "memory");
	printf("native %s %zu %.3f %.3f\n", name, size,
	       iters * size / elapsed / 1e9,
	       (double)(__rdtsc() - t0) / (iters * size));
	free(buf);
}

static int failures;

static void report(int ok, const char *what)
{
	printf("%s - native: %s\n", ok ? "ok" : "not ok", what);
	failures += !ok;
}

/* Every bulk path equals Random123, block for block, across carries. */
static void verify(void)
{
	static const u64 starts[][4] = {
		{ 0, 0, 0, 0 },
		{ ~0ULL - 5, 0, 0, 0 },
		{ ~0ULL - 2, ~0ULL, 0, 7 },
		{ ~0ULL - 9, ~0ULL, ~0ULL, ~0ULL },
		{ 0x123456789abcdefULL, 1, 2, 3 },
	};
	const size_t nblocks = 301;
	unsigned char *got = malloc(nblocks * 32), *want = malloc(nblocks * 32);
	const struct philox_blocks_impl *impl;
	char what[160];
	size_t s, i;

	for (impl = philox_blocks_impls; impl->name; impl++) {
		int ok = 1;

		if (!impl->usable()) {
			snprintf(what, sizeof(what), "%s # SKIP not on this CPU",
				 impl->name);
			report(1, what);
			continue;
		}
		for (s = 0; s < ARRAY_SIZE(starts); s++) {
			philox4x64_key_t key = { { 0x0123456789abcdefULL,
						  0xfedcba9876543210ULL } };
			philox4x64_ctr_t ctr;
			u64 c[4];

			memcpy(c, starts[s], sizeof(c));
			memcpy(ctr.v, starts[s], sizeof(c));
			impl->generate(c, key.v, got, nblocks);
			for (i = 0; i < nblocks; i++) {
				philox4x64_ctr_t r;
				int w;

				for (w = 0; w < 4 && !++ctr.v[w]; w++)
					;
				r = philox4x64_R(10, ctr, key);
				memcpy(want + i * 32, r.v, 32);
			}
			ok &= !memcmp(got, want, nblocks * 32);
			ok &= !memcmp(c, ctr.v, sizeof(c));
		}
		snprintf(what, sizeof(what),
			 "%s bulk path equals Random123 across counter carries",
			 impl->name);
		report(ok, what);
	}
	free(got);
	free(want);
}

int main(int argc, char **argv)
{
	static const u64 key[2] = { 0x0123456789abcdefULL, 0xfedcba9876543210ULL };
	static const u64 zero[4];
	const struct philox_blocks_impl *impl;
	struct r123_stream r123 = { { { 0 } }, { { key[0], key[1] } } };
	struct philox_rng rng;
	size_t s;

	if (argc > 1 && !strcmp(argv[1], "verify")) {
		verify();
		return failures ? 1 : 0;
	}
	if (argc > 1 && !strcmp(argv[1], "impls")) {
		for (impl = philox_blocks_impls; impl->name; impl++)
			puts(impl->name);
		return fflush(stdout) ? 1 : 0;
	}
	if (argc > 1) {
		fprintf(stderr, "usage: native [verify | impls]\n");
		return 2;
	}
	printf("native tsc_hz %.0f\n", tsc_hz());
	fputs("native impls", stdout);
	for (impl = philox_blocks_impls; impl->name; impl++)
		printf(" %s", impl->name);
	putchar('\n');

	for (s = 0; s < ARRAY_SIZE(sizes); s++) {
		philox_init(&rng, key, zero);
		measure("module-philox_fill", fill_module, &rng, sizes[s]);
		measure("random123-philox4x64", fill_r123, &r123, sizes[s]);
		for (impl = philox_blocks_impls; impl->name; impl++) {
			char name[64];

			if (!impl->usable() || sizes[s] < 32)
				continue;
			bench_impl = impl;
			snprintf(name, sizeof(name), "module-%s", impl->name);
			measure(name, fill_impl, &rng, sizes[s]);
		}
	}
	return 0;
}
