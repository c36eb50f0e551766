// SPDX-License-Identifier: GPL-2.0
/*
 * inverse_test: philoxcat's Philox4x64-10 and its inverse
 * (tools/philoxcat/philox_inverse.c) against NumPy's vectors, and the
 * verify report's classifier (report.c) on NumPy's stream with faults made
 * here, on the host and in the VMs of other architectures (big-endian
 * s390x, 32-bit armhf and i386, which take the 128-bit product in
 * halves). No device needed.
 *
 * Usage: inverse_test [NAME]. Prints "ok - [NAME: ]..." or "not ok - ..." per
 * check (scripts/guest/init.sh makes them KTAP); exits non-zero if any
 * failed.
 */
#include <stdio.h>
#include <string.h>
#include <linux/types.h>

#include "philox_inverse.h"
#include "report.h"
#include "inverse_expected.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static const char *name;
static int failures;

static void result(int ok, const char *what)
{
	printf("%s - %s%s%s\n", ok ? "ok" : "not ok", name, *name ? ": " : "",
	       what);
	failures += !ok;
	fflush(stdout);
}

static int same(const uint64_t *a, const __u64 *b, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (a[i] != b[i])
			return 0;
	return 1;
}

/* The 256-bit counter c plus j. */
static void add(const __u64 c[4], uint64_t j, uint64_t out[4])
{
	int i;

	for (i = 0; i < 4; i++) {
		out[i] = c[i] + j;
		j = out[i] < j;
	}
}

/*
 * The classifier on NumPy's stream: blocks zeroed, constant, copied from
 * elsewhere in the range, with a bit flipped, and copied from a block just
 * past the range (corrupted, not misplaced), classified in two calls cut
 * at a block boundary; the extents as the faults were made.
 */
static int classifier(void)
{
	enum { B = PHILOX_BLOCK, END = (STREAM_BLOCKS - 1) * B, CUT = 37 * B };
	static unsigned char got[STREAM_BLOCKS * B];
	struct stream_ref ref = { .start = 0, .end = END };
	struct extents e = { 0 };
	uint64_t differ = 0;
	int ok, i;

	memcpy(ref.key, stream_key, sizeof(ref.key));
	for (i = 0; i < 4; i++)
		ref.first[i] = stream_first[i];
	memcpy(got, stream_bytes, sizeof(got));
	memset(got + 3 * B, 0, B);
	memset(got + 5 * B, 0x11, B);
	memcpy(got + 10 * B, stream_bytes + 20 * B, 2 * B);
	got[30 * B + 7] ^= 0x40;
	memcpy(got + 40 * B, stream_bytes + 63 * B, B);
	for (i = 0; i < B; i++)
		differ += got[40 * B + i] != stream_bytes[40 * B + i];
	ok = !classify(&ref, 0, got, stream_bytes, CUT, &e) &&
	     !classify(&ref, CUT, got + CUT, stream_bytes + CUT, END - CUT, &e);
	{
		const struct extent want[] = {
			{ 3 * B, B, BAD_ZEROED, 0 },
			{ 5 * B, B, BAD_CONSTANT, 0x11 },
			{ 10 * B, 2 * B, BAD_MISPLACED, 20 * B },
			{ 30 * B, B, BAD_CORRUPTED, 1 },
			{ 40 * B, B, BAD_CORRUPTED, differ },
		};

		ok &= e.n == ARRAY_SIZE(want);
		for (i = 0; ok && i < (int)ARRAY_SIZE(want); i++)
			ok &= e.v[i].off == want[i].off &&
			      e.v[i].len == want[i].len &&
			      e.v[i].cls == want[i].cls &&
			      e.v[i].detail == want[i].detail;
	}
	extents_free(&e);
	return ok;
}

int main(int argc, char **argv)
{
	int fwd = 1, inv = 1, bytes = 1, round = 1;
	uint64_t x[4], y[4], c[4], key[2], s;
	unsigned char b[PHILOX_BLOCK];
	unsigned int i, j;

	name = argc > 1 ? argv[1] : "";
	for (i = 0; i < ARRAY_SIZE(vectors); i++) {
		uint64_t k[2] = { vectors[i].key[0], vectors[i].key[1] };
		uint64_t ctr[4], out[4];

		for (j = 0; j < 4; j++) {
			ctr[j] = vectors[i].ctr[j];
			out[j] = vectors[i].out[j];
		}
		philox4x64_10(k, ctr, x);
		fwd &= same(x, vectors[i].out, 4);
		philox4x64_10_inverse(k, out, x);
		inv &= same(x, vectors[i].ctr, 4);
	}
	result(fwd, "forward function equals NumPy's Philox on its vectors");
	result(inv, "inverse gives the counter of NumPy's vectors back");

	/* Every block of NumPy's stream bytes names its own counter. */
	key[0] = stream_key[0];
	key[1] = stream_key[1];
	for (j = 0; j < STREAM_BLOCKS; j++) {
		philox_load_block(stream_bytes + PHILOX_BLOCK * j, y);
		philox4x64_10_inverse(key, y, x);
		add(stream_first, j, c);
		bytes &= !memcmp(x, c, sizeof(c));
		philox_store_block(y, b);
		bytes &= !memcmp(b, stream_bytes + PHILOX_BLOCK * j, sizeof(b));
	}
	result(bytes, "each 32-byte block of NumPy's stream inverts to its counter");

	/* Round trips over a spread of keys and counters (an LCG's). */
	s = 0x9E3779B97F4A7C15ull;
	for (i = 0; i < 100000; i++) {
		for (j = 0; j < 4; j++) {
			s = s * 6364136223846793005ull + 1442695040888963407ull;
			x[j] = s;
		}
		key[0] = x[1] ^ x[3];
		key[1] = x[0] + x[2];
		philox4x64_10(key, x, y);
		philox4x64_10_inverse(key, y, c);
		round &= !memcmp(c, x, sizeof(c));
	}
	result(round, "inverse(forward(x)) == x for 100000 keys and counters");
	result(classifier(), "the report's classes of faults made in NumPy's stream");
	return failures ? 1 : 0;
}
